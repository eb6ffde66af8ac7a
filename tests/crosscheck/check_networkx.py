#!/usr/bin/env python3
"""Cross-check samnett's network measures against NetworkX.

Usage: check_networkx.py SAMNETT_BINARY [--graphs N]

1. Random graphs: for each seed, write an actors and a contacts file with
   repeated contacts (so ties have weights), run `samnett analyze --format
   json`, aggregate the ties independently here, and compare every actor's
   degree, strength, betweenness (unweighted and with --path-weights
   inverse), closeness and harmonic centrality (NetworkX on the reversed
   graph, as samnett uses out-distances), constraint and effective size
   (where NetworkX defines them: nodes with out-ties) and PageRank, plus
   density, reciprocity and component counts; and, on every fourth graph,
   what `--remove` reports (reachable pairs, ties lost, groups cut off).
2. The demo region: `samnett synth --scale small`, the same comparison at
   actor and organisation level.

Tolerances: 1e-9 (relative to max(1, |value|)) for exact measures; 1e-6
for PageRank, which NetworkX computes by power iteration (tol=1e-13) and
igraph with PRPACK. A mismatch prints the seed, measure, actor and both values.
"""
import csv
import json
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

EXACT = 1e-9
ITERATIVE = 1e-6


def run(binary, args):
    p = subprocess.run([binary, "analyze", "--format", "json", "--quiet"] + args,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"samnett exited {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def random_case(seed, folder):
    """Write actors.csv and contacts.csv for one random directed graph."""
    rng = random.Random(seed)
    kind = seed % 6
    n = rng.choice([1, 2, 3, 5, 8, 13, 20, 40, 70])
    ids = [f"a{i}" for i in range(n)]
    groups = rng.randint(1, 6)
    with open(os.path.join(folder, "actors.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "organisation", "unit"])
        for i, a in enumerate(ids):
            w.writerow([a, f"Actor {i}", "other", f"org{rng.randrange(groups)}", f"u{i % 3}"])
    pairs = []
    if kind == 0:  # sparse
        m = rng.randint(0, 2 * n)
        pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(m)]
    elif kind == 1:  # dense
        pairs = [(a, b) for a in ids for b in ids if rng.random() < 0.6]
    elif kind == 2:  # many reciprocal ties
        for a in ids:
            for b in ids:
                if a < b and rng.random() < 0.2:
                    pairs += [(a, b), (b, a)]
    elif kind == 3:  # stars
        hub = ids[0]
        pairs = [(hub, b) for b in ids[1:]] + [(b, hub) for b in ids[1:] if rng.random() < 0.5]
    elif kind == 4:  # several components
        k = max(1, n // 4)
        for a in ids:
            for b in ids:
                if int(a[1:]) // k == int(b[1:]) // k and rng.random() < 0.4:
                    pairs.append((a, b))
    else:  # a path with shortcuts
        pairs = [(ids[i], ids[i + 1]) for i in range(n - 1)]
        pairs += [(rng.choice(ids), rng.choice(ids)) for _ in range(n // 3)]
    rows = []
    for a, b in pairs:
        # contact counts are powers of two, so 1/weight path lengths add up exactly
        for _ in range(rng.choice([1, 1, 2, 4, 8])):
            rows.append((a, b))
    rng.shuffle(rows)
    with open(os.path.join(folder, "contacts.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to", "channel"])
        for i, (a, b) in enumerate(rows):
            w.writerow([1577836800 + i * 60, a, b, rng.choice(["phone", "e-message"])])
        if not rows:  # no tie: one self-contact, so that a contact is read (never a tie)
            w.writerow([1577836800, ids[0], ids[0], "phone"])
    return ids


def read_ties(folder, group_of=None):
    """Aggregate contacts.csv into weighted ties, leaving out self-contacts."""
    ties = {}
    with open(os.path.join(folder, "contacts.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a, b = row["from"], row["to"]
            if group_of:
                a, b = group_of[a], group_of[b]
            if a != b:
                ties[(a, b)] = ties.get((a, b), 0) + 1
    return ties


def graph_of(nodes, ties):
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    for (a, b), w in ties.items():
        g.add_edge(a, b, weight=w, length=1.0 / w)
    return g


class Checker:
    def __init__(self):
        self.failures = 0
        self.compared = 0

    def close(self, what, key, got, want, tol):
        self.compared += 1
        if got is None or want != want:  # NaN
            if not (got is None and want != want):
                self.failures += 1
                print(f"MISMATCH {what} {key}: samnett={got!r} networkx={want!r}")
            return
        if abs(got - want) > tol * max(1.0, abs(want)):
            self.failures += 1
            if self.failures <= 30:
                print(f"MISMATCH {what} {key}: samnett={got!r} networkx={want!r}")

    def graph(self, what, g, report, inverse_report=None):
        by_id = {a["id"]: a["metrics"] for a in report["actors"]}
        if set(by_id) != set(g.nodes):
            self.failures += 1
            print(f"MISMATCH {what} node sets differ: {sorted(set(by_id) ^ set(g.nodes))[:5]}")
            return
        bet = nx.betweenness_centrality(g, normalized=False)
        pr = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-13, max_iter=100000) \
            if g.number_of_nodes() else {}
        for v in g.nodes:
            m = by_id[v]
            self.close(what, f"degree_in {v}", m["degree_in"], g.in_degree(v), EXACT)
            self.close(what, f"degree_out {v}", m["degree_out"], g.out_degree(v), EXACT)
            self.close(what, f"strength_in {v}", m["strength_in"],
                       g.in_degree(v, weight="weight"), EXACT)
            self.close(what, f"strength_out {v}", m["strength_out"],
                       g.out_degree(v, weight="weight"), EXACT)
            self.close(what, f"betweenness {v}", m["betweenness"], bet[v], EXACT)
            self.close(what, f"pagerank {v}", m["pagerank"], pr[v], ITERATIVE)
        # closeness and harmonic use out-distances: NetworkX measures in-distances, so reverse
        rev = g.reverse(copy=True)
        clo = nx.closeness_centrality(rev, wf_improved=False)
        har = nx.harmonic_centrality(rev)
        # NetworkX's structural-hole code is O(n d^3): the random graphs cover it
        small = g.number_of_nodes() <= 40
        con = nx.constraint(g, weight="weight") if small else {}
        esz = nx.effective_size(g, weight="weight") if small else {}
        for v in g.nodes:
            m = by_id[v]
            if m["closeness"] is None:  # reaches nobody: igraph's NaN, NetworkX's 0
                self.close(what, f"closeness(none reachable) {v}", 0.0, clo[v], EXACT)
            else:
                self.close(what, f"closeness {v}", m["closeness"], clo[v], EXACT)
            self.close(what, f"harmonic {v}", m["harmonic"], har[v], EXACT)
            # NetworkX gives NaN to nodes without out-ties (it looks at successors only);
            # compare where both are defined
            if small and g.out_degree(v) > 0:
                self.close(what, f"constraint {v}", m["constraint"], con[v], EXACT)
                self.close(what, f"effective_size {v}", m["effective_size"], esz[v], EXACT)
        if inverse_report is not None:
            wbet = nx.betweenness_centrality(g, normalized=False, weight="length")
            for a in inverse_report["actors"]:
                self.close(what, f"betweenness(inverse) {a['id']}", a["metrics"]["betweenness"],
                           wbet[a["id"]], EXACT)
        net = report["network"]
        n = g.number_of_nodes()
        self.close(what, "ties", net["ties"], g.number_of_edges(), EXACT)
        self.close(what, "density", net["density"], nx.density(g) if n > 1 else 0.0, EXACT)
        if g.number_of_edges():
            self.close(what, "reciprocity", net["reciprocity"], nx.overall_reciprocity(g), EXACT)
        self.close(what, "weak_components", net["weak_components"],
                   nx.number_weakly_connected_components(g), EXACT)
        self.close(what, "strong_components", net["strong_components"],
                   nx.number_strongly_connected_components(g), EXACT)


def reachable_pairs(g, nodes=None):
    """Ordered pairs (a, b), a != b, with a path a -> b; ends restricted to nodes."""
    keep = set(g.nodes) if nodes is None else set(nodes)
    return sum(len((nx.descendants(g, a) & keep) - {a}) for a in keep)


def group_reach(g, org):
    reach = set()
    for a in g.nodes:
        for b in nx.descendants(g, a):
            if org[a] != org[b]:
                reach.add((org[a], org[b]))
    return reach


def check_removal(self, what, g, org, gone, rep):
    h = g.copy()
    h.remove_nodes_from(gone)
    kept = [v for v in g.nodes if v not in gone]
    before, after = reachable_pairs(g), reachable_pairs(h)
    self.close(what, "reachable_pairs_before", rep["reachable_pairs_before"], before, EXACT)
    self.close(what, "reachable_pairs_after", rep["reachable_pairs_after"], after, EXACT)
    self.close(what, "pairs_lost_between_remaining", rep["pairs_lost_between_remaining"],
               reachable_pairs(g, kept) - after, EXACT)
    lost = [(a, b) for a, b in g.edges if a in gone or b in gone]
    self.close(what, "ties_lost", rep["ties_lost"], len(lost), EXACT)
    self.close(what, "cross_boundary_ties_lost", rep["cross_boundary_ties_lost"],
               sum(org[a] != org[b] for a, b in lost), EXACT)
    cut = group_reach(g, org) - group_reach(h, org)
    got = {(c["from"], c["to"]) for c in rep["groups_cut_off"]}
    self.compared += 1
    if got != cut:
        self.failures += 1
        print(f"MISMATCH {what} groups_cut_off: samnett={sorted(got)} networkx={sorted(cut)}")


Checker.removal = check_removal


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    n_graphs = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--graphs" else 200
    check = Checker()
    with tempfile.TemporaryDirectory(prefix="samnett-xcheck-") as tmp:
        for seed in range(n_graphs):
            folder = os.path.join(tmp, f"g{seed}")
            os.mkdir(folder)
            ids = random_case(seed, folder)
            before = check.failures
            rep = run(binary, [folder])
            inv = run(binary, ["--path-weights", "inverse", folder])
            check.graph(f"seed={seed}", graph_of(ids, read_ties(folder)), rep, inv)
            if check.failures > before:
                print(f"  (graph seed {seed}: {folder})")

        # Removal impact against reachability counted here with NetworkX.
        for seed in range(0, n_graphs, 4):
            folder = os.path.join(tmp, f"g{seed}")
            ids = [r["id"] for r in csv.DictReader(open(os.path.join(folder, "actors.csv")))]
            org = {r["id"]: r["organisation"]
                   for r in csv.DictReader(open(os.path.join(folder, "actors.csv")))}
            g = graph_of(ids, read_ties(folder))
            rng = random.Random(seed)
            gone = rng.sample(ids, min(len(ids), rng.choice([1, 1, 2, 3])))
            rep = run(binary, ["--remove", ",".join(gone), folder])["removal"]
            check.removal(f"seed={seed} remove={gone}", g, org, gone, rep)

        demo = os.path.join(tmp, "demo")
        subprocess.run([binary, "synth", "--scale", "small", "--seed", "1", "--output", demo],
                       check=True)
        with open(os.path.join(demo, "actors.csv"), newline="", encoding="utf-8") as f:
            actors = list(csv.DictReader(f))
        ids = [a["id"] for a in actors]
        check.graph("demo actor level", graph_of(ids, read_ties(demo)), run(binary, [demo]))
        org = {a["id"]: a["organisation"] for a in actors}
        check.graph("demo organisation level",
                    graph_of(sorted(set(org.values())), read_ties(demo, org)),
                    run(binary, ["--level", "organisation", demo]))

    print(f"compared {check.compared} values on {n_graphs} random graphs and the demo region; "
          f"{check.failures} mismatches")
    sys.exit(1 if check.failures else 0)


if __name__ == "__main__":
    main()
