#!/usr/bin/env python3
"""Cross-check samnett's case measures against a Python implementation
written from the definitions (samnett/cases.h, README, "What is measured").

Usage: check_cases.py SAMNETT_BINARY [--datasets N] [--seed S]

Each random data set has 1-5 organisations with 1-3 units (some actors
without a unit or an organisation), cases of 1-12 contacts on referral,
discharge, e-message, phone and meeting rows (some at identical times, some
self-contacts), and ordinary contacts without a case. Options vary per data
set: --level, --pingpong-window, --pingpong-first, --transfer-channels,
--co-serving-min, --case-max-providers, --since/--until, --channel,
--meetings off and --min-contacts. samnett writes CSV (cases.csv,
co_serving.csv) and JSON; the reference here computes per case the
contacts, providers, services, organisations, BTI level, hand-off pattern,
transfers, ping-pongs and care density (the patient-sharing weights from
networkx's bipartite weighted projection), the summaries (numpy-style linear
quantiles) and the co-serving pairs without a tie. Then the demo region
(synth --scale small) once at organisation level. Exit status 1 on any
mismatch.
"""
import calendar
import csv
import math
import os
import random
import sys
import tempfile
import time

import networkx as nx
from networkx.algorithms import bipartite

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Checker, dataset_args, random_datasets, read_folder_rows,  # noqa: E402
                    run_samnett_tables, synth_demo)

DAY = 86400
CHANNELS = ["referral", "discharge", "e-message", "phone", "meeting"]


def write_dataset(seed, folder):
    rng = random.Random(seed * 7919 + 11)
    n_orgs = rng.randint(1, 5)
    orgs = [f"Org{k}" for k in range(n_orgs)]
    units = {o: [f"{o}-u{j}" for j in range(rng.randint(1, 3))] for o in orgs}
    n = rng.randint(3, 25)
    actors = []
    for i in range(n):
        r = rng.random()
        if r < 0.05:
            org, unit = "", ""
        else:
            org = rng.choice(orgs)
            unit = "" if r < 0.18 else rng.choice(units[org])
        actors.append((f"x{i:02d}", org, unit))
    ids = [a[0] for a in actors]
    rows = []  # time, from, to, channel, case, meeting
    base = 1577836800
    n_cases = rng.randint(1, 40)
    shared_times = [base + rng.randrange(90) * DAY for _ in range(4)]
    for c in range(n_cases):
        pool = rng.sample(ids, min(len(ids), rng.randint(1, 6)))
        start = base + rng.randrange(60) * DAY
        for _ in range(rng.randint(1, 12)):
            a, b = rng.choice(pool), rng.choice(pool)
            if rng.random() < 0.15:
                t = rng.choice(shared_times)
            else:
                t = start + rng.randrange(40 * DAY)
            ch = rng.choice(CHANNELS)
            mid = f"m{c}" if ch == "meeting" and rng.random() < 0.7 else ""
            rows.append((t, a, b, ch, f"case{c:03d}", mid))
    for _ in range(rng.randint(0, 3 * n)):
        rows.append((base + rng.randrange(100 * DAY), rng.choice(ids), rng.choice(ids),
                     rng.choice(["phone", "e-message"]), "", ""))
    rng.shuffle(rows)
    with open(os.path.join(folder, "actors.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "organisation", "unit"])
        for a, o, u in actors:
            w.writerow([a, a.upper(), "other", o, u])
    with open(os.path.join(folder, "contacts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to", "channel", "case", "meeting"])
        for r in rows:
            w.writerow(r)
    opts = {
        "level": rng.choice(["actor", "actor", "unit", "organisation"]),
        "window": rng.choice([("30d", 30 * DAY), ("5d", 5 * DAY), ("48h", 2 * DAY),
                              ("2w", 14 * DAY)]),
        "first": rng.random() < 0.3,
        "transfer": rng.choice([None, ["referral"], ["referral", "discharge", "phone"]]),
        "co_min": rng.choice([1, 2, 2, 3]),
        "max_prov": rng.choice([100, 100, 3]),
        "since": base + 10 * DAY if rng.random() < 0.2 else None,
        "until": base + 70 * DAY if rng.random() < 0.2 else None,
        "channels": rng.sample(CHANNELS, 3) if rng.random() < 0.15 else None,
        "meetings": rng.choice(["rows", "rows", "off", "project"]),
        "min_contacts": 2 if rng.random() < 0.15 else 1,
    }
    return actors, rows, opts


def samnett_args(folder, opts):
    args = [os.path.join(folder, "actors.csv"), os.path.join(folder, "contacts.csv"),
            "--level", opts["level"], "--pingpong-window", opts["window"][0],
            "--co-serving-min", str(opts["co_min"]), "--case-max-providers",
            str(opts["max_prov"]), "--meetings", opts["meetings"], "--permutations", "0",
            "--min-contacts", str(opts["min_contacts"])]
    if opts["first"]:
        args.append("--pingpong-first")
    if opts["transfer"]:
        args += ["--transfer-channels", ",".join(opts["transfer"])]
    if opts["since"] is not None:
        args += ["--since", "@" + str(opts["since"])]
    if opts["until"] is not None:
        args += ["--until", "@" + str(opts["until"])]
    for ch in opts["channels"] or []:
        args += ["--channel", ch]
    return args


def node_label(level, aid, org, unit):
    if level == "actor":
        return aid
    o = org or "(no organisation)"
    if level == "organisation":
        return o
    return f"{o} / {unit or '(no unit)'}"


def quantile(v, q):
    h = (len(v) - 1) * q
    lo = math.floor(h)
    if lo + 1 >= len(v):
        return v[-1]
    return v[lo] + (h - lo) * (v[lo + 1] - v[lo])


def summary(values):
    v = sorted(values)
    if not v:
        return {k: math.nan for k in ("mean", "min", "p10", "p25", "median", "p75", "p90", "max")}
    return {"mean": sum(v) / len(v), "min": v[0], "max": v[-1], "p10": quantile(v, 0.1),
            "p25": quantile(v, 0.25), "median": quantile(v, 0.5), "p75": quantile(v, 0.75),
            "p90": quantile(v, 0.9)}


def reference(actors, rows, opts):
    """The case measures from the definitions."""
    level = opts["level"]
    node = {a: node_label(level, a, o, u) for a, o, u in actors}
    service = {a: (o, u) if o else ("#own", a) for a, o, u in actors}
    org = {a: o if o else ("#own", a) for a, o, u in actors}

    def in_view(r):
        t, ch = r[0], r[3]
        if opts["since"] is not None and t < opts["since"]:
            return False
        if opts["until"] is not None and t >= opts["until"]:
            return False
        return opts["channels"] is None or ch in opts["channels"]

    # ties of the view (for co-serving): counts over the view's rows at the level; meeting rows
    # count in rows mode, not in off mode; in project mode a meeting with >= 2 nodes gives
    # every ordered pair of its nodes 1/(k-1) (Newman)
    counts = {}
    meet = {}
    for r in rows:
        if not in_view(r):
            continue
        if r[5] and opts["meetings"] == "off":
            continue
        if r[5] and opts["meetings"] == "project":
            meet.setdefault(r[5], []).append(r)
            continue
        u, v = node[r[1]], node[r[2]]
        if r[1] != r[2] and u != v:
            counts[(u, v)] = counts.get((u, v), 0) + 1
    for mrows in meet.values():
        nodes = sorted({node[r[1]] for r in mrows} | {node[r[2]] for r in mrows})
        k = len(nodes)
        for u in nodes:
            for v in nodes:
                if u != v:
                    counts[(u, v)] = counts.get((u, v), 0) + 1.0 / (k - 1)
    min_c = opts["min_contacts"] - 1e-9 if opts["min_contacts"] > 1 else 0
    ties = {k for k, c in counts.items() if c >= min_c}

    transfer = set(opts["transfer"] or ["referral", "discharge"])
    window = opts["window"][1]
    by_case = {}
    for i, r in enumerate(rows):
        if r[4]:
            by_case.setdefault(r[4], []).append((r[0], i, r))
    cases = {}
    bip = nx.Graph()
    for c, lst in by_case.items():
        lst.sort(key=lambda x: (x[0], x[1]))
        view = [x[2] for x in lst if in_view(x[2])]
        st = {"contacts": len(view)}
        if not view:
            st.update(providers=0, services=0, organisations=0, bti=0, handoff="none",
                      transfers=0, pingpong=0, density=math.nan)
            cases[c] = st
            continue
        provs, servs, orgs_, pairs, trs = [], set(), set(), set(), []
        for t, a, b, ch, _, _ in view:
            for x in (a, b):
                if node[x] not in provs:
                    provs.append(node[x])
                servs.add(service[x])
                orgs_.add(org[x])
            if service[a] != service[b]:
                pairs.add((service[a], service[b]))
            if ch in transfer and org[a] != org[b]:
                trs.append((org[a], org[b], t))
        if any((y, x) in pairs for x, y in pairs):
            handoff = "reciprocal"
        elif pairs:
            handoff = "sequential"
        elif len(servs) >= 2:
            handoff = "pooled"
        else:
            handoff = "single"
        pp = 0
        for j in range(0 if opts["first"] else 1, len(trs) - 1):
            if trs[j + 1][1] == trs[j][0] and trs[j + 1][2] - trs[j][2] <= window:
                pp += 1
        st.update(providers=len(provs), services=len(servs), organisations=len(orgs_),
                  bti=min(3, len(servs)), handoff=handoff, transfers=len(trs), pingpong=pp,
                  provider_list=provs)
        cases[c] = st
        if len(provs) <= opts["max_prov"]:
            bip.add_node(("case", c), bipartite=0)
            for p in provs:
                bip.add_node(("prov", p), bipartite=1)
                bip.add_edge(("case", c), ("prov", p))
    provider_nodes = [n for n, d in bip.nodes(data=True) if d["bipartite"] == 1]
    if provider_nodes:
        proj = bipartite.weighted_projected_graph(bip, provider_nodes)
    else:
        proj = nx.Graph()
    for c, st in cases.items():
        k = st["providers"]
        if k < 2 or k > opts["max_prov"]:
            st["density"] = math.nan
            continue
        pv = st["provider_list"]
        tot = sum(proj[("prov", pv[x])][("prov", pv[y])]["weight"]
                  for x in range(k) for y in range(x + 1, k))
        st["density"] = tot / (k * (k - 1) / 2)
    co_min = max(1, opts["co_min"])
    co = []
    for (_, a), (_, b), d in proj.edges(data=True):
        if d["weight"] >= co_min and (a, b) not in ties and (b, a) not in ties:
            co.append((min(a, b), max(a, b), d["weight"]))
    return cases, co


def node_org(level, label, actors):
    if level == "actor":
        return {a: o for a, o, u in actors}[label]
    if level == "organisation":
        return "" if label == "(no organisation)" else label
    return "" if label.startswith("(no organisation)") else label.split(" / ")[0]


def compare(check, where, actors, rows, opts, out_dir, report):
    cases, co = reference(actors, rows, opts)
    got = {}
    with open(os.path.join(out_dir, "cases.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            got[r["case"]] = r
    # No report holds a raw case id: samnett names the cases c-1, c-2, ... in the
    # order the contacts file (written in the order of rows) first names them.
    name = {}
    for r in rows:
        if r[4] and r[4] not in name:
            name[r[4]] = "c-%d" % (len(name) + 1)
    check.same_set("python", where, "case ids", list(got), [name[c] for c in cases])
    for c, st in cases.items():
        g = got.get(name[c])
        if g is None:
            continue
        for key, col in (("contacts", "contacts"), ("providers", "providers"),
                         ("services", "services"), ("organisations", "organisations"),
                         ("bti", "bti_level"), ("transfers", "transfers"),
                         ("pingpong", "pingpong"), ("density", "care_density")):
            check.close("python", where, key, c, g[col] if g[col] != "" else None, st[key])
        check.compared["python"] += 1
        if g["handoff"] != st["handoff"]:
            check.report("python", where, "handoff", c, g["handoff"], st["handoff"])
    # co-serving pairs (labels), with their shared cases
    got_co = []
    with open(os.path.join(out_dir, "co_serving.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            a, b = r["a"], r["b"]
            got_co.append((min(a, b), max(a, b), int(r["shared_cases"])))
            check.compared["python"] += 2
            if r["organisation_a"] != node_org(opts["level"], a, actors) or \
               r["organisation_b"] != node_org(opts["level"], b, actors):
                check.report("python", where, "co-serving organisation", f"{a}-{b}",
                             (r["organisation_a"], r["organisation_b"]), "-")
    check.same_set("python", where, "co-serving pairs", got_co, co)
    # JSON summaries
    j = report["cases"]
    active = [st for st in cases.values() if st["contacts"]]
    check.close("python", where, "cases_in_view", "-", j["cases_in_view"], len(active))
    for lvl, key in ((1, "level_1"), (2, "level_2"), (3, "level_3_or_more")):
        check.close("python", where, f"bti {key}", "-", j["bti_levels"][key],
                    sum(1 for st in active if st["bti"] == lvl))
    for h in ("single", "pooled", "sequential", "reciprocal"):
        check.close("python", where, f"handoff {h}", "-", j["handoff_patterns"][h],
                    sum(1 for st in active if st["handoff"] == h))
    check.close("python", where, "transfers", "-", j["transfers"]["count"],
                sum(st["transfers"] for st in active))
    check.close("python", where, "pingpong count", "-", j["pingpong"]["count"],
                sum(st["pingpong"] for st in active))
    check.close("python", where, "pingpong cases", "-", j["pingpong"]["cases"],
                sum(1 for st in active if st["pingpong"]))
    dens = [st["density"] for st in active if not math.isnan(st["density"])]
    ref = summary(dens)
    for k, v in ref.items():
        check.close("python", where, f"care density {k}", "-", j["care_density"][k], v)
    check.close("python", where, "care density cases", "-", j["care_density"]["cases"],
                len(dens))
    for key, col in (("providers", "providers_per_case"), ("services", "services_per_case"),
                     ("organisations", "organisations_per_case")):
        ref = summary([st[key] for st in active])
        for k in ("mean", "median", "max"):
            check.close("python", where, f"{col} {k}", "-", j[col][k], ref[k])
    cs = j["co_serving_without_contact"]
    check.close("python", where, "co-serving count", "-", cs["count"], len(co))
    want_top = sorted((w for _, _, w in co), reverse=True)[:len(cs["top_pairs"])]
    got_top = [p["shared_cases"] for p in cs["top_pairs"]]
    check.compared["python"] += 1
    if got_top != want_top or len(cs["top_pairs"]) != min(100, len(co)):
        check.report("python", where, "co-serving top pairs", "-", got_top, want_top)


def read_demo(folder):
    actors, dicts = read_folder_rows(folder)
    rows = [(calendar.timegm(time.strptime(r["time"], "%Y-%m-%dT%H:%M:%SZ")), r["from"], r["to"],
             r["channel"], r["case"], r["meeting"]) for r in dicts]
    return actors, rows


def main():
    opt = dataset_args()
    check = Checker(["python"])
    with tempfile.TemporaryDirectory() as tmp:
        for seed, folder, actors, rows, opts, out_dir in random_datasets(tmp, opt, write_dataset):
            report = run_samnett_tables(opt.binary, samnett_args(folder, opts), out_dir)
            compare(check, f"seed {seed} {opts['level']}", actors, rows, opts, out_dir, report)
        # the demo region at organisation level, default options
        demo = synth_demo(opt.binary, tmp)
        actors, rows = read_demo(demo)
        opts = {"level": "organisation", "window": ("30d", 30 * DAY), "first": False,
                "transfer": None, "co_min": 2, "max_prov": 100, "since": None, "until": None,
                "channels": None, "meetings": "rows", "min_contacts": 1}
        out_dir = os.path.join(demo, "out")
        report = run_samnett_tables(opt.binary, [demo, "--level", "organisation", "--permutations", "0"],
                             out_dir)
        compare(check, "demo organisation", actors, rows, opts, out_dir, report)
    bad = check.total_mismatches()
    print(f"check_cases: compared {check.total_compared()} values on {opt.datasets} random data "
          f"sets and the demo region; {bad} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
