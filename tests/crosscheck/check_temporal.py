#!/usr/bin/env python3
"""Cross-check samnett's temporal measures against an independent Python
implementation written from the definitions (include/samnett/temporal.h).

Usage: check_temporal.py SAMNETT_BINARY [--cases N] [--seed S] [--keep DIR]

Each random case writes actors.csv and contacts.csv: 3-24 actors of 1-4
types and 1-5 organisations, 40-400 days of contacts from pairs with a base
rate and a step change (up or down) on a random day, meeting-like bursts of
identical timestamps, self-contacts, 2-4 channels, sometimes rows out of
time order. It runs `samnett analyze` with random time options (--window
month|quarter|year|Nd|Nw, --slide, --novelty-k, --since/--until as dates or
times, --baseline, --after, --channel, --level organisation, --min-contacts,
--cp-min-days, --cp-penalty quasi|bic|X, --cp-min-contacts) once with
--format json and once with --format csv, and compares:

  windows      start, end, label, contacts, nodes, ties, density,
               reciprocity, components, channel counts, persistence,
               novelty, rate ratio (calendar windows from Python's datetime);
  network, group pairs, actors (JSON) and ties (temporal_ties.csv):
               contacts, first, last, burstiness, regularity (statistics
               .pstdev), persistence, novelty, baseline contacts, rate
               ratio, contacts before/after, decay rate and half-life
               (scipy.optimize.brentq on the MLE equation);
  change points of the network, each channel and each tested group pair:
               exact optimal partitioning, O(days^2), with the same Poisson
               cost, penalty and minimum segment length. When the dates
               differ, the segmentation samnett chose must reach the same
               optimal cost (a tie between optima), else it is a mismatch.

Prints a one-line summary of the values compared; exits 1 on any mismatch.
"""
import argparse
import bisect
import calendar
import csv
import datetime as dt
import decimal
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import brentq

DAY = 86400
TOL = 1e-9
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
CHANNELS = ["e-message", "phone", "meeting", "video"]


def iso(t):
    return (EPOCH + dt.timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(d):
    return int((dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc) - EPOCH)
               .total_seconds())


def civil(t):
    return (EPOCH + dt.timedelta(seconds=t)).date()


# --------------------------------------------------------------------------- #
# Random cases

def poisson(rng, lam):
    """Knuth's method (lam is small here)."""
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def write_case(seed, folder):
    rng = random.Random(seed * 7919 + 11)
    n = rng.randint(3, 24)
    types = ["municipality", "hospital_unit", "gp", "coordinator"][:rng.randint(1, 4)]
    orgs = [f"Org {k}" for k in range(rng.randint(1, 5))]
    ids = [f"x{rng.randrange(1000):03d}-{i}" for i in range(n)]
    actors = [(a, rng.choice(types), rng.choice(orgs)) for a in ids]
    with open(os.path.join(folder, "actors.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "organisation"])
        for a, ty, org in actors:
            w.writerow([a, a.upper(), ty, org])
    start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(900))
    days = rng.randint(40, 400)
    t0 = epoch(start)
    chans = CHANNELS[:rng.randint(2, 4)]
    pairs = []
    for _ in range(rng.randint(1, 2 * n)):
        a, b = rng.choice(ids), rng.choice(ids)
        base = rng.choice([0.05, 0.2, 0.5, 1, 3])
        step = rng.randrange(days)
        factor = rng.choice([0.1, 0.3, 1, 1, 2, 5])
        pairs.append((a, b, base, step, factor))
    rows = []
    for d in range(days):
        for a, b, base, step, factor in pairs:
            lam = base * (factor if d >= step else 1)
            for _ in range(poisson(rng, lam)):
                t = t0 + d * DAY + rng.randrange(DAY)
                ch = rng.choice(chans)
                rows.append((t, a, b, ch))
                if rng.random() < 0.03:  # a burst at one instant
                    rows += [(t, a, b, ch)] * rng.randint(1, 4)
    if rows and rng.random() < 0.3:
        a = rng.choice(ids)
        rows.append((rows[0][0], a, a, chans[0]))  # a self-contact
    if rng.random() < 0.3:
        rng.shuffle(rows)
    else:
        rows.sort(key=lambda r: r[0])
    with open(os.path.join(folder, "contacts.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to", "channel"])
        for t, a, b, ch in rows:
            w.writerow([iso(t) if rng.random() < 0.9 else t, a, b, ch])
    return actors, rows, t0, days, chans, rng


def random_options(rng, t0, days, chans):
    """samnett options and their meaning for the reference."""
    o = {"args": [], "level": "actor", "min_contacts": 1, "channels": None,
         "since": None, "until": None, "baseline": None, "after": None}
    spec = rng.choice(["month", "quarter", "year", "7d", "30d", "2w", "10d", "month", "quarter"])
    o["window"] = spec
    o["args"] += ["--window", spec]
    if rng.random() < 0.25:
        step = rng.choice(["7d", "1w", "month", "5d"])
        o["slide"] = step
        o["args"] += ["--slide", step]
    else:
        o["slide"] = None
    k = rng.choice([1, 1, 2, 3])
    o["novelty_k"] = k
    o["args"] += ["--novelty-k", str(k)]
    if rng.random() < 0.4:
        s = t0 + rng.randrange(max(1, days // 3)) * DAY
        if rng.random() < 0.4:
            s += rng.randrange(DAY)
            o["args"] += ["--since", iso(s)]
        else:
            o["args"] += ["--since", civil(s).isoformat()]
        o["since"] = s
    if rng.random() < 0.4:
        u = t0 + (days - rng.randrange(max(1, days // 3))) * DAY
        if rng.random() < 0.5:
            o["args"] += ["--until", civil(u).isoformat()]
            u += DAY  # a bare date includes that day
        else:
            o["args"] += ["--until", iso(u)]
        if o["since"] is not None and u <= o["since"]:
            u = o["since"] + DAY
            o["args"][-1] = iso(u)
        o["until"] = u
    if rng.random() < 0.3:
        bs = t0 + rng.randrange(days) * DAY - rng.randrange(30) * DAY
        bu = bs + rng.randint(1, 120) * DAY
        o["args"] += ["--baseline", f"{civil(bs).isoformat()}..{civil(bu - DAY).isoformat()}"]
        o["baseline"] = (bs, bu)
    if rng.random() < 0.6:
        a = t0 + rng.randrange(-10, days + 10) * DAY
        o["args"] += ["--after", civil(a).isoformat()]
        o["after"] = a
    if rng.random() < 0.2:
        keep = rng.sample(chans, rng.randint(1, len(chans)))
        o["channels"] = set(keep)
        for c in keep:
            o["args"] += ["--channel", c]
    if rng.random() < 0.2:
        o["level"] = "organisation"
        o["args"] += ["--level", "organisation"]
    if rng.random() < 0.2:
        o["min_contacts"] = 2
        o["args"] += ["--min-contacts", "2"]
    o["cp_min_days"] = rng.choice([1, 3, 7, 14, 20])
    o["args"] += ["--cp-min-days", str(o["cp_min_days"])]
    rule = rng.choice(["quasi", "bic", "fixed"])
    o["cp_rule"] = rule
    if rule == "fixed":
        o["cp_penalty"] = round(rng.uniform(0.5, 40), 3)
        o["args"] += ["--cp-penalty", str(o["cp_penalty"])]
    elif rule == "bic" or rng.random() < 0.5:
        o["args"] += ["--cp-penalty", rule]
    o["cp_min_contacts"] = rng.choice([0, 10, 50, 100])
    o["args"] += ["--cp-min-contacts", str(o["cp_min_contacts"])]
    o["args"] += ["--permutations", "0"]
    return o


# --------------------------------------------------------------------------- #
# The reference

def add_months(d, k):
    m = d.year * 12 + d.month - 1 + k
    y, mo = divmod(m, 12)
    mo += 1
    return dt.date(y, mo, min(d.day, calendar.monthrange(y, mo)[1]))


def span(spec):
    """('days', n) or ('months', n)."""
    if spec in ("month", "quarter", "year"):
        return ("months", {"month": 1, "quarter": 3, "year": 12}[spec])
    n = int(spec[:-1])
    return ("days", n * 7 if spec[-1] == "w" else n)


def span_add(sp, t, k):
    if sp[0] == "days":
        return t + k * sp[1] * DAY
    base = t - (t % DAY)
    return epoch(add_months(civil(base), k * sp[1])) + (t - base)


def plan_windows(spec, step_spec, p0, p1):
    length = span(spec)
    step = span(step_spec) if step_spec else length
    if length[0] == "months":
        d = civil(p0)
        per = length[1]
        a = epoch(dt.date(d.year, (d.month - 1) // per * per + 1, 1))
    else:
        a = p0
    out = []
    if p1 <= p0:
        return out
    k = 0
    while True:
        s = span_add(step, a, k)
        e = span_add(length, s, 1)
        k += 1
        if s >= p1:
            break
        if e <= p0:
            continue
        cs, ce = max(s, p0), min(e, p1)
        fixed = step_spec is None or span(step_spec) == length
        if fixed and length[0] == "months":
            d = civil(s)
            label = (f"{d.year:04d}" if length[1] == 12 else
                     f"{d.year:04d}Q{(d.month - 1) // 3 + 1}" if length[1] == 3 else
                     f"{d.year:04d}-{d.month:02d}")
        else:
            label = civil(cs).isoformat()
        out.append((cs, ce, label))
        if e >= p1:
            break
    return out


def gaps_stats(times):
    if len(times) < 2:
        return math.nan, math.nan
    g = [b - a for a, b in zip(times, times[1:])]
    mu, sd = statistics.fmean(g), statistics.pstdev(g)
    b = math.nan if sd + mu <= 0 else (sd - mu) / (sd + mu)
    cv = math.nan if mu <= 0 else sd / mu
    return b, cv


def decay(offsets, T):
    """(lambda per day, half-life days) by brentq on the MLE equation, or NaNs.

    h(x) = 1/x - 1/(e^x - 1) is evaluated with 60-digit decimals: near
    x = 0 the two terms cancel in floating point.
    """
    if len(offsets) < 3 or T <= 0:
        return math.nan, math.nan
    m = statistics.fmean(offsets) / T
    if m >= 0.5 or m <= 0:
        return math.nan, math.nan
    md = decimal.Decimal(m)

    def f(x):
        with decimal.localcontext() as ctx:
            ctx.prec = 60
            xd = decimal.Decimal(x)
            return float(1 / xd - 1 / (xd.exp() - 1) - md)
    hi, lo = 1.0, 1e-12
    while f(hi) > 0:
        hi *= 2
    while f(lo) < 0:
        lo /= 2
    x = brentq(f, lo, hi, xtol=1e-300, rtol=1e-15, maxiter=2000)
    lam = x / T
    return lam * DAY, math.log(2) / lam / DAY


def poisson_cost(S, L):
    with np.errstate(divide="ignore", invalid="ignore"):
        c = 2 * (S - S * np.log(S / L))
    return np.where(S > 0, c, 0.0)


def optimal_partitioning(y, beta, min_len):
    n = len(y)
    if n < 2 * min_len:
        return [], 0.0
    P = np.concatenate([[0.0], np.cumsum(y)])
    F = np.full(n + 1, np.inf)
    F[0] = -beta
    last = np.zeros(n + 1, dtype=int)
    for t in range(min_len, n + 1):
        s = np.arange(0, t - min_len + 1)
        s = s[(s == 0) | (s >= min_len)]
        v = F[s] + poisson_cost(P[t] - P[s], (t - s).astype(float)) + beta
        i = int(np.argmin(v))
        F[t] = v[i]
        last[t] = s[i]
    cps = []
    t = last[n]
    while t > 0:
        cps.append(int(t))
        t = last[t]
    return sorted(cps), float(F[n])


def segmentation_cost(y, cps, beta):
    P = np.concatenate([[0.0], np.cumsum(y)])
    bounds = [0] + list(cps) + [len(y)]
    total = -beta
    for a, b in zip(bounds, bounds[1:]):
        total += float(poisson_cost(np.array([P[b] - P[a]]), np.array([float(b - a)]))[0]) + beta
    return total


class Reference:
    def __init__(self, actors, rows, o, first_time, last_time):
        self.o = o
        order = [a for a, _, _ in actors]
        self.type_of = {a: ty for a, ty, _ in actors}
        if o["level"] == "actor":
            self.node_of = {a: a for a in order}
            rep = {a: a for a in order}
        else:
            self.node_of = {a: org for a, _, org in actors}
            rep = {}
            for a, _, org in actors:
                rep.setdefault(org, a)
        self.group_of_node = {v: self.type_of[a] for v, a in rep.items()}
        self.p0 = o["since"] if o["since"] is not None else first_time - first_time % DAY
        self.p1 = o["until"] if o["until"] is not None else last_time - last_time % DAY + DAY
        self.p1 = max(self.p1, self.p0)
        keep = o["channels"]
        self.rows = sorted([r for r in rows if keep is None or r[3] in keep],
                           key=lambda r: r[0])  # stable: file order for equal times
        self.times = [r[0] for r in self.rows]
        self.period = self.in_range(self.p0, self.p1)
        counts = {}
        for t, a, b, ch in self.period:
            k = self.pair(a, b)
            if k:
                counts[k] = counts.get(k, 0) + 1
        self.ties = {k for k, c in counts.items() if c >= o["min_contacts"]}
        self.days_n = -(-(self.p1 - self.p0) // DAY)

    def pair(self, a, b):
        if a == b:
            return None
        u, v = self.node_of[a], self.node_of[b]
        return None if u == v else (u, v)

    def tie_of(self, a, b):
        k = self.pair(a, b)
        return k if k in self.ties else None

    def in_range(self, s, e):
        lo = bisect.bisect_left(self.times, s)
        hi = bisect.bisect_left(self.times, e)
        return self.rows[lo:hi]

    def window_ties(self, s, e):
        counts = {}
        for t, a, b, ch in self.in_range(s, e):
            k = self.pair(a, b)
            if k:
                counts[k] = counts.get(k, 0) + 1
        return {k for k, c in counts.items() if c >= self.o["min_contacts"]}

    def compute(self):
        o = self.o
        R = {}
        wins = plan_windows(o["window"], o["slide"], self.p0, self.p1)
        if o["baseline"]:
            bs, bu = o["baseline"]
        elif wins:
            bs, bu = wins[0][0], wins[0][1]
        else:
            bs = bu = None
        self.bs, self.bu = bs, bu
        base_net = len(self.in_range(bs, bu)) if bs is not None else 0
        bdays = (bu - bs) / DAY if bs is not None else 0
        base_rate = base_net / bdays if bdays > 0 else math.nan
        k = o["novelty_k"]
        wt = []
        out = []
        chans = sorted({r[3] for r in self.period}, key=CHANNELS.index)
        for w, (s, e, label) in enumerate(wins):
            ties = self.window_ties(s, e)
            wt.append(ties)
            rows = self.in_range(s, e)
            active = {x for t in ties for x in t}
            parent = {x: x for x in active}

            def find(x):
                while parent[x] != x:
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                return x
            for u, v in ties:
                ru, rv = find(u), find(v)
                if ru != rv:
                    parent[ru] = rv
            comps = sum(1 for x in active if find(x) == x)
            na = len(active)
            pers = math.nan
            if w >= 1:
                un = len(wt[w - 1] | ties)
                pers = len(wt[w - 1] & ties) / un if un else math.nan
            nov = math.nan
            if w >= k and ties:
                seen = set().union(*wt[w - k:w])
                nov = len(ties - seen) / len(ties)
            days = (e - s) / DAY
            out.append({
                "start": s, "end": e, "label": label, "contacts": len(rows), "nodes": na,
                "ties": len(ties),
                "density": len(ties) / (na * (na - 1)) if na >= 2 else math.nan,
                "reciprocity": (sum(1 for (u, v) in ties if (v, u) in ties) / len(ties)
                                if ties else math.nan),
                "components": comps,
                "channels": {c: sum(1 for r in rows if r[3] == c) for c in chans},
                "persistence": pers, "novelty": nov,
                "rate_ratio": (len(rows) / days) / base_rate
                if base_rate > 0 and days > 0 else math.nan,
            })
        R["windows"] = out
        self.wt = wt
        # entities: name -> (membership of a tie key, kind)
        d_start = max(o["after"], self.p0) if o["after"] is not None else None
        pdays = (self.p1 - self.p0) / DAY

        def stats(times, base, sets, tie_level=False):
            st = {"contacts": len(times), "first": times[0] if times else None,
                  "last": times[-1] if times else None}
            st["burstiness"], st["regularity"] = gaps_stats(times)
            st["baseline_contacts"] = base if bs is not None else None
            st["rate_ratio"] = ((len(times) / pdays) / (base / bdays)
                                if bs is not None and base > 0 and pdays > 0 and bdays > 0
                                else math.nan)
            if o["after"] is not None:
                aft = [t - d_start for t in times if t >= d_start]
                st["contacts_before"] = len(times) - len(aft)
                st["contacts_after"] = len(aft)
                st["decay_per_day"], st["half_life_days"] = decay(aft, self.p1 - d_start)
            else:
                st["contacts_before"] = st["contacts_after"] = None
                st["decay_per_day"] = st["half_life_days"] = math.nan
            # persistence and novelty over the windows, from the entity's window tie sets
            W = len(sets)
            if tie_level:
                both = sum(1 for w in range(1, W) if sets[w] and sets[w - 1])
                either = sum(1 for w in range(1, W) if sets[w] or sets[w - 1])
                st["persistence"] = both / either if either else math.nan
            else:
                js = [len(sets[w] & sets[w - 1]) / len(sets[w] | sets[w - 1])
                      for w in range(1, W) if sets[w] | sets[w - 1]]
                st["persistence"] = statistics.fmean(js) if js else math.nan
            nv = []
            for w in range(k, W):
                if sets[w]:
                    seen = set().union(*wt[w - k:w])
                    nv.append(len(sets[w] - seen) / len(sets[w]))
            st["novelty"] = statistics.fmean(nv) if nv else math.nan
            return st

        brows = self.in_range(bs, bu) if bs is not None else []
        # ties
        tie_times = {t: [] for t in self.ties}
        tie_base = {t: 0 for t in self.ties}
        for t, a, b, ch in self.period:
            key = self.tie_of(a, b)
            if key:
                tie_times[key].append(t)
        for t, a, b, ch in brows:
            key = self.tie_of(a, b)
            if key:
                tie_base[key] += 1
        R["ties"] = {key: stats(tie_times[key], tie_base[key],
                                [{key} & s for s in wt], tie_level=True) for key in self.ties}
        # nodes
        nodes = sorted(set(self.node_of.values()))
        node_times = {v: [] for v in nodes}
        node_base = {v: 0 for v in nodes}
        for key in self.ties:
            for v in key:
                node_times[v] += tie_times[key]
                node_base[v] += tie_base[key]
        R["actors"] = {v: stats(sorted(node_times[v]), node_base[v],
                                [{t for t in s if v in t} for s in wt]) for v in nodes}
        # group pairs
        g = self.group_of_node
        pairs = {}
        for key in self.ties:
            pairs.setdefault((g[key[0]], g[key[1]]), []).append(key)
        R["pairs"] = {}
        for gp, keys in pairs.items():
            times = sorted(t for key in keys for t in tie_times[key])
            st = stats(times, sum(tie_base[key] for key in keys),
                       [{t for t in s if (g[t[0]], g[t[1]]) == gp} for s in wt])
            st["daily"] = self.daily(times)
            R["pairs"][gp] = st
        # network: every filtered contact of the period
        times = [r[0] for r in self.period]
        net = stats(times, len(brows), [set() for _ in wt])
        ps = [x["persistence"] for x in out if not math.isnan(x["persistence"])]
        ns = [x["novelty"] for x in out if not math.isnan(x["novelty"])]
        net["persistence"] = statistics.fmean(ps) if ps else math.nan
        net["novelty"] = statistics.fmean(ns) if ns else math.nan
        net["daily"] = self.daily(times)
        R["network"] = net
        R["channels"] = {c: self.daily([r[0] for r in self.period if r[3] == c]) for c in chans}
        return R

    def daily(self, times):
        y = np.zeros(self.days_n)
        for t in times:
            y[(t - self.p0) // DAY] += 1
        return y

    def penalty(self, y):
        n = self.days_n
        base = 2 * math.log(n if n > 2 else 2)
        if self.o["cp_rule"] == "fixed":
            return self.o["cp_penalty"]
        if self.o["cp_rule"] == "bic":
            return base
        s = float(y.sum())
        if len(y) < 2 or s <= 0:
            return base
        return base * max(1.0, float(np.sum(np.diff(y) ** 2)) / (2 * s))


# --------------------------------------------------------------------------- #
# Comparison

class Check:
    def __init__(self):
        self.compared = 0
        self.mismatches = 0
        self.ties_between_optima = 0

    def fail(self, where, what, got, want):
        self.mismatches += 1
        if self.mismatches <= 40:
            print(f"MISMATCH {where} {what}: samnett={got!r} reference={want!r}")

    def val(self, where, what, got, want, tol=TOL):
        self.compared += 1
        g = math.nan if got is None or got == "" else float(got)
        w = math.nan if want is None else float(want)
        if math.isnan(g) or math.isnan(w):
            if not (math.isnan(g) and math.isnan(w)):
                self.fail(where, what, got, want)
            return
        if abs(g - w) > tol * max(1.0, abs(w)):
            self.fail(where, what, got, want)

    def eq(self, where, what, got, want):
        self.compared += 1
        if got != want:
            self.fail(where, what, got, want)


def iso_or_none(t):
    return None if t is None else iso(t)


def compare_stats(c, where, got, want, csv_row=False):
    for key in ("contacts", "burstiness", "regularity", "persistence", "novelty", "rate_ratio",
                "decay_per_day", "half_life_days"):
        tol = 1e-7 if key in ("burstiness", "regularity", "decay_per_day",
                               "half_life_days") else TOL
        c.val(where, key, got[key], want[key], tol)
    for key in ("baseline_contacts", "contacts_before", "contacts_after"):
        g = got[key]
        g = None if g in ("", None) else int(float(g))
        c.eq(where, key, g, want[key])
    c.eq(where, "first", got["first"] or None, iso_or_none(want["first"]))
    c.eq(where, "last", got["last"] or None, iso_or_none(want["last"]))


def compare_cps(c, where, got, y, ref, min_len):
    beta = ref.penalty(y)
    if got is None:
        c.fail(where, "change_points", None, "tested")
        return
    cps, best = optimal_partitioning(y, beta, min_len)
    dates = sorted(epoch(dt.date.fromisoformat(p["date"][:10])) +
                   (0 if len(p["date"]) == 10 else
                    int((dt.datetime.fromisoformat(p["date"].replace("Z", "+00:00")) - EPOCH)
                        .total_seconds()) % DAY) for p in got)
    mine = sorted(int((d - ref.p0) // DAY) for d in dates)
    c.compared += 1
    if mine != cps:
        cost = segmentation_cost(y, mine, beta)
        if abs(cost - best) <= 1e-9 * max(1.0, abs(best)):
            c.ties_between_optima += 1
        else:
            c.fail(where, "change point days", mine, cps)
            return
    bounds = [0] + mine + [len(y)]
    byday = {}
    for i, d in enumerate(mine):
        a, b, e = bounds[i], bounds[i + 1], bounds[i + 2]
        byday[d] = (y[a:b].sum() / (b - a), y[b:e].sum() / (e - b))
    for p, d in zip(sorted(got, key=lambda p: p["date"]), mine):
        before, after = byday[d]
        c.val(where, "rate_before", p["rate_before"], before)
        c.val(where, "rate_after", p["rate_after"], after)
        c.eq(where, "direction", p["direction"], "up" if after >= before else "down")
    mags = [abs(p["rate_after"] - p["rate_before"]) for p in got]
    c.eq(where, "order by magnitude", mags == sorted(mags, reverse=True), True)


def run(binary, args):
    # the reference counts the calendar in UTC: the zone is given
    p = subprocess.run([binary, "analyze", "--quiet", "--timezone", "UTC"] + args,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"samnett {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def check_case(binary, seed, c, keep=None):
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or tmp
        os.makedirs(folder, exist_ok=True)
        actors, rows, t0, days, chans, rng = write_case(seed, folder)
        if not rows:
            return
        o = random_options(rng, t0, days, chans)
        src = ["--actors", os.path.join(folder, "actors.csv"),
               "--contacts", os.path.join(folder, "contacts.csv")]
        rep = json.loads(run(binary, src + o["args"] + ["--format", "json"]))
        out = os.path.join(folder, "tables")
        run(binary, src + o["args"] + ["--format", "csv", "--output", out])
        ref = Reference(actors, rows, o, min(r[0] for r in rows), max(r[0] for r in rows))
        R = ref.compute()
        T = rep["temporal"]
        where = f"case {seed} ({' '.join(o['args'])})"
        c.eq(where, "period start", T["period"]["start"], iso(ref.p0))
        c.eq(where, "period end", T["period"]["end"], iso(ref.p1))
        c.eq(where, "windows", len(T["windows"]), len(R["windows"]))
        for i, (gw, rw) in enumerate(zip(T["windows"], R["windows"])):
            ww = f"{where} window {i}"
            c.eq(ww, "start", gw["start"], iso(rw["start"]))
            c.eq(ww, "end", gw["end"], iso(rw["end"]))
            c.eq(ww, "label", gw["label"], rw["label"])
            for key in ("contacts", "nodes", "ties", "components"):
                c.eq(ww, key, gw[key], rw[key])
            for key in ("density", "reciprocity", "persistence", "novelty", "rate_ratio"):
                c.val(ww, key, gw[key], rw[key])
            c.eq(ww, "channels", gw["channels"], rw["channels"])
        # the network
        compare_stats(c, where + " network", T["network"], R["network"])
        compare_cps(c, where + " network", T["network"]["change_points"], R["network"]["daily"],
                    ref, o["cp_min_days"])
        got_ch = {x["channel"]: x for x in T["channels"]}
        c.eq(where, "channels", sorted(got_ch), sorted(R["channels"]))
        for ch, y in R["channels"].items():
            if ch in got_ch:
                c.eq(where + f" channel {ch}", "contacts", got_ch[ch]["contacts"], int(y.sum()))
                compare_cps(c, where + f" channel {ch}", got_ch[ch]["change_points"], y, ref,
                            o["cp_min_days"])
        # group pairs
        got_p = {(x["from_group"], x["to_group"]): x for x in T["group_pairs"]}
        c.eq(where, "group pairs", sorted(got_p), sorted(R["pairs"]))
        counts = [x["contacts"] for x in T["group_pairs"]]
        c.eq(where, "group pairs by contacts", counts == sorted(counts, reverse=True), True)
        for gp, want in R["pairs"].items():
            if gp not in got_p:
                continue
            pw = f"{where} pair {gp}"
            compare_stats(c, pw, got_p[gp], want)
            if want["contacts"] >= o["cp_min_contacts"] and want["contacts"] > 0:
                compare_cps(c, pw, got_p[gp]["change_points"], want["daily"], ref,
                            o["cp_min_days"])
            else:
                c.eq(pw, "change_points (not tested)", got_p[gp]["change_points"], None)
        # actors (JSON)
        got_a = {x["id"]: x for x in T["actors"]}
        c.eq(where, "actors", sorted(got_a), sorted(R["actors"]))
        for v, want in R["actors"].items():
            if v in got_a:
                compare_stats(c, f"{where} actor {v}", got_a[v], want)
        # ties (CSV)
        with open(os.path.join(out, "temporal_ties.csv"), newline="") as f:
            got_t = {(r["from"], r["to"]): r for r in csv.DictReader(f)}
        c.eq(where, "ties", sorted(got_t), sorted(R["ties"]))
        for key, want in R["ties"].items():
            if key in got_t:
                g = dict(got_t[key])
                g["contacts"] = int(g["contacts"])
                compare_stats(c, f"{where} tie {key}", g, want)
        # windows.csv agrees with the JSON
        with open(os.path.join(out, "windows.csv"), newline="") as f:
            wrows = list(csv.DictReader(f))
        c.eq(where, "windows.csv rows", len(wrows), len(T["windows"]))
        for gw, rw in zip(wrows, R["windows"]):
            c.eq(where, "windows.csv contacts", int(gw["contacts"]), rw["contacts"])
            c.val(where, "windows.csv persistence", gw["persistence"], rw["persistence"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("samnett")
    ap.add_argument("--cases", type=int, default=80)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="write the case files into this folder (one case)")
    a = ap.parse_args()
    c = Check()
    for i in range(a.cases):
        check_case(a.samnett, a.seed + i, c, a.keep)
    note = (f"; {c.ties_between_optima} change-point sets differ from the reference's but "
            "reach the same optimal cost" if c.ties_between_optima else "")
    print(f"temporal cross-check: {a.cases} random cases, {c.compared} values compared "
          f"(windows, persistence, novelty, burstiness, regularity, rate ratio, half-life, "
          f"change points by exact optimal partitioning), {c.mismatches} mismatches{note}")
    return 1 if c.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
