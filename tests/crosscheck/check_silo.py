#!/usr/bin/env python3
"""Cross-check samnett's silo measures (E-I, modularity, assortativity, ...).

Usage: check_silo.py SAMNETT_BINARY [--driver PATH] [--graphs N] [--keep DIR]

Each random graph (sizes 2..80, 1-6 organisations plus singleton and
empty-organisation groups, isolates, self-contacts, tie weights 1..1000 from
repeated contacts or from the `weight` column with --tie-weight sum) is run
through `samnett analyze --format json` (report["silo"]["organisation"]), or
through a stand-alone driver printing the same JSON with --driver, and
compared with independent references:

  * E-I (binary, weighted), per-group I/E/E-I, group sizes, cross shares and
    the group matrix: computed here from the definitions (README, "What is measured");
  * modularity: python-igraph Graph.modularity(membership, weights,
    directed=True) and R igraph modularity(g, membership, weights,
    directed=TRUE);
  * nominal assortativity: python-igraph assortativity_nominal(types,
    directed=True) and R igraph assortativity_nominal(g, types, directed=TRUE);
  * NMI: 0 <= nmi <= 1 and 1 <= communities <= nodes (NaN and 0 without
    ties); nmi = 1 and communities = groups on graphs of disjoint cliques
    that match the partition;
  * the permutation p: against a Python permutation test with its own
    generator (5000 shuffles) on a few graphs, |p - p_python| < 0.05, and p
    is a multiple of 1/permutations.

Plus the demo region (`samnett synth --scale small`) at actor and
organisation level. All R comparisons run in one Rscript call. Tolerance
1e-9 relative to max(1, |value|); NaN (JSON null) must match NaN. A
mismatch prints the graph seed, the measure, the group and both values.
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

import igraph

TOL = 1e-9
P_TOL = 0.05
PYTHON_PERMS = 5000
RSCRIPT = "/usr/bin/Rscript"

R_PROGRAM = r"""
suppressMessages(library(igraph))
args <- commandArgs(TRUE)
lines <- readLines(args[1], encoding = "UTF-8")
out <- character(length(lines))
for (i in seq_along(lines)) {
  f <- strsplit(lines[i], "\t", fixed = TRUE)[[1]]
  key <- f[1]
  n <- as.integer(f[2])
  memb <- as.integer(strsplit(f[3], ",", fixed = TRUE)[[1]]) + 1
  g <- make_empty_graph(n, directed = TRUE)
  w <- NULL
  if (length(f) >= 4 && nchar(f[4]) > 0) {
    e <- matrix(as.numeric(strsplit(f[4], ",", fixed = TRUE)[[1]]), ncol = 3, byrow = TRUE)
    g <- add_edges(g, as.vector(t(e[, 1:2])) + 1)
    w <- e[, 3]
  }
  q <- tryCatch(modularity(g, memb, weights = w, directed = TRUE), error = function(err) NaN)
  r <- tryCatch(assortativity_nominal(g, memb, directed = TRUE), error = function(err) NaN)
  out[i] <- sprintf("%s\t%.17g\t%.17g", key, q, r)
}
writeLines(out, args[2])
"""


def num(x):
    return float("nan") if x is None else float(x)


class Case:
    """One graph: nodes (ids), group of each node, aggregated ties, options."""

    def __init__(self, key, ids, group_of, ties, args):
        self.key = key
        self.ids = ids
        self.group_of = group_of
        self.ties = ties  # (a, b) -> weight, a != b
        self.args = args
        self.names = sorted(set(group_of[a] for a in ids))
        gi = {g: i for i, g in enumerate(self.names)}
        self.membership = [gi[group_of[a]] for a in ids]
        idx = {a: i for i, a in enumerate(ids)}
        self.edges = [(idx[a], idx[b]) for (a, b) in ties]
        self.weights = [ties[t] for t in ties]


def random_case(seed, folder):
    """Write actors.csv and contacts.csv for one random graph; return its Case."""
    rng = random.Random(seed)
    n = rng.randint(2, 80)
    k = rng.randint(1, 6)
    ids = [f"a{i}" for i in range(n)]
    orgs = [f"org{j}" for j in range(k)]
    org = {a: rng.choice(orgs) for a in ids}
    if rng.random() < 0.3:  # a singleton group
        org[rng.choice(ids)] = "solo"
    if rng.random() < 0.15:  # actors without an organisation: the group ""
        for a in rng.sample(ids, min(n, rng.randint(1, 3))):
            org[a] = ""
    active = [a for a in ids if rng.random() > 0.15] or ids[:1]  # the rest are isolates
    kind = seed % 5
    pairs = []
    if kind == 0:  # sparse random
        pairs = [(rng.choice(active), rng.choice(active)) for _ in range(rng.randint(0, 3 * n))]
    elif kind == 1:  # dense random
        p = rng.uniform(0.1, 0.7)
        pairs = [(a, b) for a in active for b in active if a != b and rng.random() < p]
    elif kind == 2:  # siloed: ties mostly inside organisations
        pin, pout = rng.uniform(0.2, 0.8), rng.uniform(0.0, 0.15)
        pairs = [(a, b) for a in active for b in active
                 if a != b and rng.random() < (pin if org[a] == org[b] else pout)]
    elif kind == 3:  # stars with reciprocation
        hub = active[0]
        pairs = [(hub, b) for b in active[1:]] + [(b, hub) for b in active[1:]
                                                  if rng.random() < 0.5]
    else:  # mostly across organisations
        pairs = [(a, b) for a in active for b in active
                 if a != b and rng.random() < (0.05 if org[a] == org[b] else 0.3)]
    if rng.random() < 0.5:  # self-contacts: counted, never ties
        pairs += [(a, a) for a in rng.sample(active, min(len(active), 2))]
    mode = "sum" if seed % 2 else "count"
    rows = []
    for a, b in pairs:
        if mode == "count":
            reps = rng.choice([1, 1, 2, 3, 5, 8, rng.randint(1, 40)])
            rows += [(a, b, rng.choice(["", "7"]))] * reps
        else:
            for _ in range(rng.choice([1, 1, 2, 3])):
                # quarter steps and whole numbers up to 1000: exact in float32
                w = rng.randint(1, 1000) if rng.random() < 0.5 else rng.randint(1, 400) / 4
                rows.append((a, b, repr(w)))
    rng.shuffle(rows)
    with open(os.path.join(folder, "actors.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "organisation", "unit"])
        for i, a in enumerate(ids):
            w.writerow([a, f"Actor {i}", "other", org[a], f"u{i % 3}"])
    with open(os.path.join(folder, "contacts.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to", "channel", "weight"])
        for i, (a, b, wt) in enumerate(rows):
            w.writerow([1577836800 + i * 60, a, b, "phone", wt])
        if not rows:  # no tie: one self-contact, so that a contact is read (never a tie)
            w.writerow([1577836800, ids[0], ids[0], "phone", 1])
    ties = {}
    for a, b, wt in rows:
        if a != b:
            ties[(a, b)] = ties.get((a, b), 0.0) + (float(wt) if mode == "sum" else 1.0)
    args = ["--tie-weight", "sum"] if mode == "sum" else []
    return Case(f"seed={seed}", ids, org, ties, args)


def clique_case(seed, folder):
    """Disjoint weighted cliques (and isolated singleton groups); partition = cliques."""
    rng = random.Random(10_000 + seed)
    ids, org, rows = [], {}, []
    for c in range(rng.randint(2, 6)):
        members = [f"c{c}n{i}" for i in range(rng.randint(3, 8))]
        ids += members
        for a in members:
            org[a] = f"clique{c}"
        for a in members:
            for b in members:
                if a != b:
                    rows += [(a, b)] * rng.randint(1, 4)
    for s in range(rng.randint(0, 2)):
        ids.append(f"iso{s}")
        org[f"iso{s}"] = f"alone{s}"
    with open(os.path.join(folder, "actors.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "organisation"])
        for a in ids:
            w.writerow([a, org[a]])
    rng.shuffle(rows)
    with open(os.path.join(folder, "contacts.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to"])
        for i, (a, b) in enumerate(rows):
            w.writerow([1577836800 + i, a, b])
        if not rows:  # no tie: one self-contact, so that a contact is read (never a tie)
            w.writerow([1577836800, ids[0], ids[0]])
    ties = {}
    for a, b in rows:
        ties[(a, b)] = ties.get((a, b), 0.0) + 1.0
    return Case(f"cliques={seed}", ids, org, ties, [])


def demo_cases(binary, folder):
    subprocess.run([binary, "synth", "--scale", "small", "--seed", "1", "--output", folder],
                   check=True, capture_output=True)
    with open(os.path.join(folder, "actors.csv"), newline="", encoding="utf-8") as f:
        actors = list(csv.DictReader(f))
    ids = [a["id"] for a in actors]
    org = {a["id"]: a["organisation"] for a in actors}
    ties_actor, ties_org = {}, {}
    with open(os.path.join(folder, "contacts.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a, b = row["from"], row["to"]
            if a not in org or b not in org:
                raise RuntimeError(f"demo contact names an unknown actor: {a} -> {b}")
            if a != b:
                ties_actor[(a, b)] = ties_actor.get((a, b), 0.0) + 1.0
            if org[a] != org[b]:
                ties_org[(org[a], org[b])] = ties_org.get((org[a], org[b]), 0.0) + 1.0
    orgs = list(dict.fromkeys(org[a] for a in ids))
    return [Case("demo actor level", ids, org, ties_actor, []),
            Case("demo organisation level", orgs, {o: o for o in orgs}, ties_org,
                 ["--level", "organisation"])]


def reference(case):
    """The silo measures from their definitions, by group name."""
    g = case.group_of
    ref = {"groups": {}, "matrix": {}}
    for name in case.names:
        ref["groups"][name] = {"size": 0, "internal": 0, "external": 0, "iw": 0.0, "ew": 0.0}
    for a in case.ids:
        ref["groups"][g[a]]["size"] += 1
    i_n = e_n = 0
    iw = ew = 0.0
    for (a, b), w in case.ties.items():
        ga, gb = g[a], g[b]
        ref["matrix"][(ga, gb)] = ref["matrix"].get((ga, gb), 0.0) + w
        if ga == gb:
            i_n += 1
            iw += w
            ref["groups"][ga]["internal"] += 1
            ref["groups"][ga]["iw"] += w
        else:
            e_n += 1
            ew += w
            for x in (ga, gb):
                ref["groups"][x]["external"] += 1
                ref["groups"][x]["ew"] += w

    def ei(e, i):
        return (e - i) / (e + i) if e + i > 0 else 0.0

    ref["ei"] = ei(e_n, i_n)
    ref["ei_weighted"] = ei(ew, iw)
    ref["cross_share_ties"] = e_n / (e_n + i_n) if e_n + i_n else 0.0
    ref["cross_share_contacts"] = ew / (ew + iw) if ew + iw > 0 else 0.0
    for x in ref["groups"].values():
        x["ei"] = ei(x["external"], x["internal"])
        x["ei_weighted"] = ei(x["ew"], x["iw"])
    gr = igraph.Graph(n=len(case.ids), edges=case.edges, directed=True)
    ref["modularity"] = gr.modularity(case.membership, weights=case.weights or None,
                                      directed=True)
    ref["assortativity"] = gr.assortativity_nominal(case.membership, directed=True)
    ref["internal"] = i_n
    return ref


def python_p(case, perms, seed):
    """Share of label shuffles (group sizes kept) with at least the observed internal ties."""
    rng = random.Random(seed)
    lab = list(case.membership)
    edges = case.edges
    obs = sum(lab[a] == lab[b] for a, b in edges)
    hits = 0
    for _ in range(perms):
        rng.shuffle(lab)
        hits += sum(lab[a] == lab[b] for a, b in edges) >= obs
    return hits / perms


class Checker:
    def __init__(self):
        self.failures = 0
        self.compared = 0

    def fail(self, msg):
        self.failures += 1
        if self.failures <= 40:
            print("MISMATCH " + msg)

    def close(self, key, what, got, want, source="python", tol=TOL):
        self.compared += 1
        got, want = num(got), num(want)
        if math.isnan(want) or math.isnan(got):
            if not (math.isnan(want) and math.isnan(got)):
                self.fail(f"{key} {what}: samnett={got!r} {source}={want!r}")
            return
        if abs(got - want) > tol * max(1.0, abs(want)):
            self.fail(f"{key} {what}: samnett={got!r} {source}={want!r}")

    def case(self, case, silo, ref, r_values):
        k = case.key
        for m in ("ei", "ei_weighted", "cross_share_ties", "cross_share_contacts", "modularity",
                  "assortativity"):
            self.close(k, m, silo[m], ref[m])
        self.close(k, "modularity", silo["modularity"], r_values[0], "R")
        self.close(k, "assortativity", silo["assortativity"], r_values[1], "R")
        got_groups = {x["name"]: x for x in silo["groups"]}
        if set(got_groups) != set(ref["groups"]):
            self.fail(f"{k} group names: samnett={sorted(got_groups)} python={case.names}")
            return
        for name, want in ref["groups"].items():
            got = got_groups[name]
            for m in ("size", "internal", "external", "ei", "ei_weighted"):
                self.close(k, f"{m} group={name!r}", got[m], want[m])
        mx = silo["matrix"]
        names = mx["groups"]
        if sorted(names) != case.names or len(mx["weights"]) != len(names):
            self.fail(f"{k} matrix groups: samnett={names} python={case.names}")
            return
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                self.close(k, f"matrix[{a!r}][{b!r}]", mx["weights"][i][j],
                           ref["matrix"].get((a, b), 0.0))
        # NMI and communities: a share, and a count of node groups
        self.compared += 1
        nmi, comm = num(silo["nmi"]), silo["communities"]
        if not case.ties:
            if not (math.isnan(nmi) and comm == 0):
                self.fail(f"{k} nmi/communities without ties: samnett={nmi!r}/{comm} "
                          "expected=nan/0")
        elif not (0.0 <= nmi <= 1.0 + 1e-12 and 1 <= comm <= len(case.ids)):
            self.fail(f"{k} nmi/communities out of range: samnett={nmi!r}/{comm}")
        # the permutation test ran with the defaults
        self.compared += 1
        perms, p = silo["permutations"], num(silo["ei_p"])
        if perms != 1000 or not (0.0 <= p <= 1.0) or abs(p * perms - round(p * perms)) > 1e-6:
            self.fail(f"{k} ei_p: samnett={p!r} over {perms} permutations")
        elif not case.ties and p != 1.0:
            self.fail(f"{k} ei_p without ties: samnett={p!r} expected=1.0")


def run(binary, driver, args, folder):
    cmd = ([driver] + args + [folder]) if driver else \
        ([binary, "analyze", "--format", "json", "--quiet", "--no-progress"] + args + [folder])
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    report = json.loads(p.stdout)
    try:
        return report["silo"]["organisation"]
    except (KeyError, TypeError):
        raise RuntimeError(f"{' '.join(cmd)}: no report['silo']['organisation'] in the output")


def r_references(cases, tmp):
    """modularity and assortativity_nominal from R igraph, for all cases in one Rscript run."""
    src, inp, outp = (os.path.join(tmp, x) for x in ("silo.R", "r_in.tsv", "r_out.tsv"))
    with open(src, "w") as f:
        f.write(R_PROGRAM)
    with open(inp, "w", encoding="utf-8") as f:
        for i, c in enumerate(cases):
            edges = ",".join(f"{a},{b},{w!r}" for (a, b), w in zip(c.edges, c.weights))
            memb = ",".join(str(m) for m in c.membership)
            f.write(f"{i}\t{len(c.ids)}\t{memb}\t{edges}\n")
    subprocess.run([RSCRIPT, "--vanilla", src, inp, outp], check=True)
    res = {}
    with open(outp) as f:
        for line in f:
            key, q, r = line.rstrip("\n").split("\t")
            res[int(key)] = (float(q), float(r))
    return [res[i] for i in range(len(cases))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--driver", help="a stand-alone program printing {'silo': {...}} JSON")
    ap.add_argument("--graphs", type=int, default=220)
    ap.add_argument("--cliques", type=int, default=12)
    ap.add_argument("--keep", help="write the graphs here instead of a temporary folder")
    opt = ap.parse_args()
    binary = os.path.abspath(opt.binary)
    driver = os.path.abspath(opt.driver) if opt.driver else None
    check = Checker()
    with tempfile.TemporaryDirectory(prefix="samnett-silo-") as tmpdir:
        tmp = opt.keep or tmpdir
        os.makedirs(tmp, exist_ok=True)
        cases, folders = [], []
        for seed in range(opt.graphs):
            folder = os.path.join(tmp, f"g{seed}")
            os.makedirs(folder, exist_ok=True)
            cases.append(random_case(seed, folder))
            folders.append(folder)
        for seed in range(opt.cliques):
            folder = os.path.join(tmp, f"c{seed}")
            os.makedirs(folder, exist_ok=True)
            cases.append(clique_case(seed, folder))
            folders.append(folder)
        demo = os.path.join(tmp, "demo")
        for c in demo_cases(binary, demo):
            cases.append(c)
            folders.append(demo)
        r_vals = r_references(cases, tmp)

        silos = []
        for c, folder, rv in zip(cases, folders, r_vals):
            before = check.failures
            silo = run(binary, driver, c.args, folder)
            silos.append(silo)
            check.case(c, silo, reference(c), rv)
            if c.key.startswith("cliques"):
                check.close(c.key, "nmi (cliques = groups)", silo["nmi"], 1.0, "expected")
                check.close(c.key, "communities (cliques = groups)", silo["communities"],
                            len(c.names), "expected")
            if check.failures > before:
                print(f"  (graph {c.key}: {folder} {' '.join(c.args)})")

        # the permutation p against a Python permutation test with its own generator
        picked = [i for i, c in enumerate(cases[:opt.graphs])
                  if len(c.ties) >= 20 and len(c.names) >= 2 and len(c.ids) <= 60][:8]
        picked += [len(cases) - 2]  # the demo region at actor level
        for i in picked:
            c = cases[i]
            p_py = python_p(c, PYTHON_PERMS, 7 + i)
            p = num(silos[i]["ei_p"])
            check.compared += 1
            if not abs(p - p_py) < P_TOL:
                check.fail(f"{c.key} ei_p: samnett={p!r} python={p_py!r} "
                           f"({PYTHON_PERMS} Python shuffles)")
            else:
                print(f"ei_p {c.key}: samnett={p:.3f} python={p_py:.4f}")

    print(f"compared {check.compared} values on {opt.graphs} random graphs, {opt.cliques} "
          f"clique graphs and the demo region (python-igraph {igraph.__version__}, R igraph); "
          f"{check.failures} mismatches")
    sys.exit(1 if check.failures else 0)


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, subprocess.CalledProcessError) as e:
        print(f"check_silo: {e}", file=sys.stderr)
        sys.exit(2)
