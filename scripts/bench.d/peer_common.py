"""Shared by the Python peers of scripts/bench (peer_networkx.py, peer_igraph.py).

- read_network(): actors.csv and contacts.csv into an actor table and
  directed ties weighted by number of contacts (self-contacts dropped), with
  pandas, the way a pandas user would write it.
- brokerage(): Gould-Fernandez brokerage roles by group, as in R's
  sna::brokerage. Neither NetworkX nor python-igraph has it, so both peers use
  this vectorised numpy version.
- ei_index(): Krackhardt-Stern E-I index over ties by group.
- Clock and summary(): step timings and the one-line JSON summary that
  scripts/bench compares across tools.
"""
import json
import math
import os
import sys
import time

import numpy as np
import pandas as pd

ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]


class Clock:
    """Seconds spent in each step, for the summary; each step is also logged
    on stderr, so scripts/bench can tell where a run that timed out was."""

    def __init__(self):
        self.steps = {}
        self._t = time.perf_counter()

    def lap(self, name):
        t = time.perf_counter()
        self.steps[name] = round(t - self._t, 3)
        self._t = t
        print(f"{name} done in {self.steps[name]:g} s", file=sys.stderr, flush=True)


def read_network(folder):
    """Return (actors, ties).

    actors: DataFrame with id and organisation, in actors.csv order.
    ties: DataFrame with from, to (actor positions 0..n-1) and weight (number
    of contacts), one row per ordered pair of different actors in contact.
    """
    actors = pd.read_csv(os.path.join(folder, "actors.csv"), usecols=["id", "organisation"],
                         dtype=str, keep_default_na=False)
    contacts = pd.read_csv(os.path.join(folder, "contacts.csv"), usecols=["from", "to"],
                           dtype="category")
    index = pd.Index(actors["id"])
    # actor position of each category, then of each contact
    src = index.get_indexer(contacts["from"].cat.categories)[contacts["from"].cat.codes]
    dst = index.get_indexer(contacts["to"].cat.categories)[contacts["to"].cat.codes]
    if (src < 0).any() or (dst < 0).any():
        sys.exit("contacts.csv names actors that actors.csv does not have")
    pairs = pd.DataFrame({"from": src, "to": dst})
    ties = (pairs[pairs["from"] != pairs["to"]]
            .groupby(["from", "to"], sort=False).size().reset_index(name="weight"))
    return actors, ties


def brokerage(src, dst, group, n):
    """Gould-Fernandez brokerage: v brokers (a, b) when a->v->b, a != b and no
    a->b. Roles by the groups of a, v and b (sna::brokerage's definitions):
    coordinator a v b alike; itinerant a, b alike, v not; representative a, v
    alike, b not; gatekeeper v, b alike, a not; liaison all three different.

    src, dst: tie endpoints (positions); group: group code per actor.
    Returns an n x 5 array of counts, columns in ROLES order.
    """
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    # every two-path a->v->b: each tie a->v joined with every tie v->b
    order = np.argsort(src, kind="stable")
    out_src, out_dst = src[order], dst[order]
    start = np.searchsorted(out_src, np.arange(n + 1))
    count = start[dst + 1] - start[dst]  # out-degree of v for each tie a->v
    a = np.repeat(src, count)
    v = np.repeat(dst, count)
    first = np.repeat(start[dst], count)
    offset = np.arange(len(a)) - np.repeat(np.cumsum(count) - count, count)
    b = out_dst[first + offset]
    # keep open two-paths: a != b and no tie a->b
    keep = a != b
    a, v, b = a[keep], v[keep], b[keep]
    keep = ~np.isin(a * n + b, src * n + dst)
    a, v, b = a[keep], v[keep], b[keep]
    ga, gv, gb = group[a], group[v], group[b]
    role = np.select([(ga == gv) & (gv == gb), ga == gb, ga == gv, gv == gb], [0, 1, 2, 3], 4)
    return np.bincount(v * 5 + role, minlength=n * 5).reshape(n, 5)


def ei_index(src, dst, group):
    """(external - internal) / (external + internal), counting ties."""
    internal = int(np.sum(group[np.asarray(src)] == group[np.asarray(dst)]))
    total = len(src)
    return (total - 2 * internal) / total if total else float("nan")


def summary(tool, ids, ties, betweenness, pagerank, constraint, brokers, ei, clock):
    """Print the one-line JSON summary scripts/bench reads."""
    ids = list(ids)
    betweenness = np.asarray(betweenness, dtype=float)
    pagerank = np.asarray(pagerank, dtype=float)
    constraint = np.asarray(constraint, dtype=float)
    per_actor = brokers.sum(axis=1)
    print(json.dumps({
        "tool": tool,
        "nodes": len(ids),
        "ties": int(len(ties)),
        "betweenness_sum": float(betweenness.sum()),
        "top_betweenness": ids[int(betweenness.argmax())],
        "top_pagerank": ids[int(pagerank.argmax())],
        "constraint_mean": float(np.nanmean(constraint)) if len(ids) else math.nan,
        "brokerage": dict(zip(ROLES, (int(x) for x in brokers.sum(axis=0)))),
        "top_broker": ids[int(per_actor.argmax())],
        "ei": ei,
        "seconds": clock.steps,
    }))
