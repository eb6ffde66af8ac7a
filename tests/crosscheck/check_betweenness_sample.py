#!/usr/bin/env python3
"""Cross-check sampled betweenness (--betweenness-sample) against NetworkX's exact values.

Usage: check_betweenness_sample.py SAMNETT_BINARY [--graphs N] [--seed S]

1. N random directed graphs (default 50) of several shapes and sizes:
   Erdos-Renyi, preferential attachment (scale-free), several weak
   components, in-, out- and two-way stars, long paths (one-way and two-way),
   rings, and layered graphs (complete bipartite steps, where many shortest
   paths tie, so a walk that does not choose predecessors in proportion to
   their path counts is caught). Each is written as actors.csv (every node,
   isolates too) and contacts.csv, and analysed with --betweenness-sample EPS
   for EPS 0.05 and 0.02 (delta 0.1, the default).
2. For each graph and EPS, the largest error over the nodes of
   |samnett's raw betweenness - NetworkX's raw betweenness| / (n (n - 1)),
   the normalisation of Riondato and Kornaropoulos's guarantee: with
   probability >= 1 - delta every node is within EPS. A graph misses when
   some node is further off; at most ceil(delta * N) graphs may miss per EPS.
   The largest error seen is printed, also on NetworkX's own normalised
   scale (raw / ((n - 1) (n - 2))).
3. The provenance says what was done (method, eps, delta, samples, the
   vertex diameter, which is checked against NetworkX's diameter) and the
   samples are Riondato and Kornaropoulos's r for it.
4. The same seed gives the same bytes for every shortest-path measure
   (betweenness, closeness, harmonic, reachable) and the provenance with
   SAMNETT_THREADS=1 and 2, on a graph large enough to be split between
   threads; another seed gives other estimates.
5. Bad values and --path-weights inverse with sampling: exit status 2 and a
   message that names the option.
"""
import argparse
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import run_samnett  # noqa: E402

DELTA = 0.1


def shape(k, rng):
    """The k-th graph: (kind, networkx DiGraph on nodes 0..n-1)."""
    kinds = ["er", "ba", "components", "star", "path", "ring", "layered"]
    kind = kinds[k % len(kinds)]
    n = rng.choice([20, 40, 80, 150, 250])
    if kind == "er":
        g = nx.gnp_random_graph(n, rng.uniform(1.5, 5) / n, seed=rng.randrange(1 << 30),
                                directed=True)
    elif kind == "ba":
        u = nx.barabasi_albert_graph(n, rng.choice([1, 2, 3]), seed=rng.randrange(1 << 30))
        g = nx.DiGraph()
        g.add_nodes_from(u)
        for a, b in u.edges():  # each edge one way or both ways
            r = rng.random()
            if r < 0.4:
                g.add_edge(a, b)
            elif r < 0.8:
                g.add_edge(b, a)
            else:
                g.add_edges_from([(a, b), (b, a)])
    elif kind == "components":
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        parts = rng.randint(2, 6)
        cut = sorted(rng.sample(range(1, n), parts - 1))
        bounds = [0] + cut + [n]
        for lo, hi in zip(bounds, bounds[1:]):
            nodes = list(range(lo, hi))
            for a in nodes:
                for b in nodes:
                    if a != b and rng.random() < 3.0 / len(nodes):
                        g.add_edge(a, b)
    elif kind == "star":
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        way = rng.choice(["in", "out", "both", "mixed"])
        for v in range(1, n):
            w = way if way != "mixed" else rng.choice(["in", "out", "both"])
            if w in ("out", "both"):
                g.add_edge(0, v)
            if w in ("in", "both"):
                g.add_edge(v, 0)
    elif kind == "path":
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        both = rng.random() < 0.5
        for v in range(n - 1):
            g.add_edge(v, v + 1)
            if both:
                g.add_edge(v + 1, v)
    elif kind == "ring":
        g = nx.DiGraph()
        for v in range(n):
            g.add_edge(v, (v + 1) % n)
            if rng.random() < 0.1:
                g.add_edge(v, rng.randrange(n))
        g.remove_edges_from(nx.selfloop_edges(g))
    else:  # layered: complete bipartite steps of width w, one way
        w = rng.choice([3, 5, 8])
        layers = max(3, n // w)
        g = nx.DiGraph()
        g.add_nodes_from(range(layers * w))
        for i in range(layers - 1):
            for a in range(i * w, (i + 1) * w):
                for b in range((i + 1) * w, (i + 2) * w):
                    g.add_edge(a, b)
    return kind, g


def write_graph(g, folder, rng):
    """actors.csv with every node, contacts.csv with each tie 1-3 times."""
    os.makedirs(folder)
    with open(os.path.join(folder, "actors.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "organisation"])
        for v in g.nodes():
            w.writerow([f"a{v}", f"org{v % 4}"])
    with open(os.path.join(folder, "contacts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to"])
        day = 0
        for a, b in g.edges():
            for _ in range(rng.randint(1, 3)):
                day += 1
                w.writerow([1609459200 + 60 * day, f"a{a}", f"a{b}"])
    return [os.path.join(folder, "actors.csv"), os.path.join(folder, "contacts.csv")]


def rk_samples(eps, delta, vd):
    vd = max(vd, 3)
    return math.ceil(0.5 / eps ** 2 * (math.floor(math.log2(vd - 2)) + 1 + math.log(1 / delta)))


def vertex_diameter(g):
    far = 0
    for _, d in nx.all_pairs_shortest_path_length(g):
        far = max(far, max(d.values()))
    return far + 1 if g.number_of_nodes() else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--graphs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    opt = ap.parse_args()
    rng = random.Random(opt.seed)
    problems = []
    misses = {0.05: 0, 0.02: 0}
    worst = {0.05: (0.0, 0.0, ""), 0.02: (0.0, 0.0, "")}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(opt.graphs):
            kind, g = shape(k, rng)
            n = g.number_of_nodes()
            files = write_graph(g, os.path.join(tmp, f"g{k}"), rng)
            exact = nx.betweenness_centrality(g, normalized=False)
            vd = vertex_diameter(g)
            for eps in misses:
                seed = 1000 + k
                rep = run_samnett(opt.binary, ["--actors", files[0], files[1],
                                               "--betweenness-sample", str(eps),
                                               "--seed", str(seed)])
                got = {a["id"]: a["metrics"]["betweenness"] for a in rep["actors"]}
                if len(got) != n:
                    problems.append(f"graph {k} ({kind}): {len(got)} actors, expected {n}")
                    continue
                b = rep["provenance"].get("betweenness")
                want = {"method": "sampled", "eps": eps, "delta": DELTA, "scale": "raw",
                        "vertex_diameter_bound": vd, "samples": rk_samples(eps, DELTA, vd),
                        "seed": seed}
                for key, value in want.items():
                    if not b or b.get(key) != value:
                        problems.append(f"graph {k} ({kind}) eps {eps}: provenance {key} "
                                        f"{b and b.get(key)!r}, expected {value!r}")
                err = max(abs(got[f"a{v}"] - exact[v]) / (n * (n - 1)) for v in g.nodes())
                err_nx = max(abs(got[f"a{v}"] - exact[v]) / ((n - 1) * (n - 2))
                             for v in g.nodes())
                if err > eps:
                    misses[eps] += 1
                    print(f"graph {k} ({kind}, n={n}) eps {eps}: largest error {err:.4f}")
                if err > worst[eps][0]:
                    worst[eps] = (err, max(err_nx, worst[eps][1]), f"graph {k} ({kind}, n={n})")
                else:
                    worst[eps] = (worst[eps][0], max(err_nx, worst[eps][1]), worst[eps][2])
        allowed = math.ceil(DELTA * opt.graphs)
        for eps, m in misses.items():
            e, e_nx, where = worst[eps]
            print(f"eps {eps}: {m} of {opt.graphs} graphs missed (at most {allowed} allowed); "
                  f"largest error {e:.5f} over n(n-1) ({where}), {e_nx:.5f} over (n-1)(n-2)")
            if m > allowed:
                problems.append(f"eps {eps}: {m} graphs missed, more than {allowed}")

        # the same seed, the same bytes on 1 and 2 threads; another seed, other estimates
        g = nx.gnp_random_graph(300, 4 / 300, seed=7, directed=True)
        files = write_graph(g, os.path.join(tmp, "threads"), rng)
        outs = {}
        for threads, seed in (("1", "5"), ("2", "5"), ("2", "6")):
            env = dict(os.environ, SAMNETT_THREADS=threads)
            p = subprocess.run([opt.binary, "analyze", "--format", "json", "--quiet",
                                "--timezone", "UTC", "--actors", files[0], files[1],
                                "--betweenness-sample", "0.05", "--seed", seed],
                               capture_output=True, env=env)
            if p.returncode != 0:
                problems.append(f"threads {threads}: exit {p.returncode}: {p.stderr!r}")
            outs[(threads, seed)] = p.stdout
        def paths_part(out):
            """The shortest-path measures as written (the text of each number) and the
            provenance's betweenness; PageRank is left out, as its last bits may vary."""
            rep = json.loads(out, parse_float=str)
            return ([(a["id"], [a["metrics"][k] for k in ("betweenness", "closeness",
                                                           "harmonic", "reachable")])
                     for a in rep["actors"]], rep["provenance"].get("betweenness"))
        one, two, other = (paths_part(outs[k]) for k in (("1", "5"), ("2", "5"), ("2", "6")))
        if one != two:
            problems.append("--seed 5: SAMNETT_THREADS=1 and 2 give different numbers")
        if [x[1][0] for x in two[0]] == [x[1][0] for x in other[0]]:
            problems.append("--seed 5 and --seed 6 give the same betweenness")
        # bad usage: exit status 2 and a message that names the option
        for args, want in ((["--betweenness-sample", "0.7"], "--betweenness-sample '0.7'"),
                           (["--betweenness-sample", "x"], "--betweenness-sample 'x'"),
                           (["--betweenness-sample", "0"], "--betweenness-sample '0'"),
                           (["--betweenness-delta", "0"], "--betweenness-delta '0'"),
                           (["--betweenness-sample", "0.05", "--path-weights", "inverse"],
                            "--path-weights inverse")):
            p = subprocess.run([opt.binary, "analyze", "--quiet", files[0], files[1]] + args,
                               capture_output=True, text=True)
            if p.returncode != 2 or want not in p.stderr:
                problems.append(f"{' '.join(args)}: exit {p.returncode}, {p.stderr.strip()!r}; "
                                f"expected exit 2 and {want!r}")
    for p in problems:
        print("FAIL:", p)
    print("betweenness sampling:", "FAIL" if problems else "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
