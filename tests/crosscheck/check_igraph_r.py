#!/usr/bin/python3
"""Cross-check samnett's measures against python-igraph, R igraph and R sna.

Usage: check_igraph_r.py SAMNETT_BINARY [--graphs N] [--seed S] [--keep DIR]

Run with /usr/bin/python3 (Debian python3-igraph and python3-numpy);
/usr/bin/Rscript needs r-cran-igraph and r-cran-sna.

Graphs: N random directed graphs (default 200; tests/crosscheck/common.py:
sparse, dense, isolates, reciprocal, stars, several components, paths and
cycles, acyclic, 1-3 nodes, blobs joined by bridges; 1 to 6 organisations,
sometimes a singleton; tie weights as repeated contacts or as a `weight`
column with --tie-weight sum, 1 to 1000), each analysed at actor level, with
--path-weights inverse, and every third one at organisation level; and the
demo region (`samnett synth --scale small --seed 1`) at actor level (contacts
and --tie-weight sum), with --path-weights inverse and at organisation level.
The ties are aggregated here from contacts.csv, independently of samnett.

References and measures (samnett's definitions: include/samnett/metrics.h):
  python-igraph (Debian python3-igraph: the system libigraph 0.10.2, which
  samnett links too, so it shares samnett's igraph bugs):
    degree_in/out, strength_in/out, betweenness, closeness(mode="out",
    normalized=True), harmonic_centrality(mode="out", normalized=False),
    reachable (neighborhood_size - 1), each of the path measures unweighted
    and with 1/weight lengths (--path-weights inverse); pagerank (PRPACK,
    0.85, weighted), eigenvector_centrality(directed, scale, weighted),
    hub_score/authority_score(scale, weighted), constraint(weighted);
    density, reciprocity (default and "ratio"), weak/strong components,
    largest weak component, isolates, articulation points (as a set of ids).
    Counted with it: a numpy check that samnett's eigenvector, hub and
    authority vectors are the leading eigenvectors of W^T, W W^T and W^T W
    (largest value 1), because python-igraph cannot catch a libigraph bug.
  R igraph (r-cran-igraph 1.3.5, its own bundled C core 0.9), one Rscript
    run for all graphs: the same node measures (harmonic_centrality exists
    in 1.3), density, reciprocity (both), components, largest component,
    isolates, articulation points, and the Freeman centralizations
    centr_degree(mode = in/out/all, loops = FALSE)$centralization and
    centr_betw(directed = TRUE)$centralization (normalized = TRUE, R's
    default: divided by centr_*_tmax, as samnett documents).
  R sna (2.7): betweenness(gmode = "digraph", cmode = "directed"), which
    ignores values (ignore.eval = TRUE) and is raw like samnett's;
    degree(cmode = "indegree"/"outdegree") with ignore.eval = TRUE (degree)
    and FALSE (strength); closeness(cmode = "suminvdir") * (n - 1) =
    harmonic, unweighted and with 1/weight distances; closeness(cmode =
    "directed") = closeness for the nodes that reach all others; reachable
    from reachability(); gden(ignore.eval = TRUE); grecip(measure =
    "edgewise") = reciprocity and "dyadic.nonnull" = dyadic_reciprocity.
    sna's valued betweenness is not compared: it miscounts geodesics (see
    R_SCRIPT).

Conventions converted explicitly: samnett reports density 0 for fewer than
two nodes and reciprocity 0 for a graph without ties, where igraph and sna
divide 0 by 0 (NaN).

Tolerances: 1e-9 relative to max(1, |reference|) for exact measures; 1e-6
for PageRank (PRPACK in all three, but R's bundled copy is older) and for
eigenvector, hub and authority scores (ARPACK). NaN must match NaN (samnett
writes NaN as null).

Spectral measures on degenerate graphs (eigenvector, hub, authority):
  - graphs without ties: igraph returns all ones; compared.
  - acyclic graphs: igraph returns all-zero eigenvector centralities (with a
    warning); compared.
  - skipped, counted and printed: the eigenvector when the largest
    eigenvalue of the weighted adjacency matrix is not simple (two strong
    components share the largest Perron root within 1e-6 relative: the
    vector is not unique, or ARPACK converges to an arbitrary one); hub and
    authority when the largest eigenvalue of W W^T is not simple.
  - when samnett and a reference disagree, the reference's vector is checked
    with numpy; if it is not the leading eigenvector and samnett's is, the
    graph is skipped for that reference (counted, with a note): ARPACK in
    igraph 0.10 starts from a randomly perturbed vector and sometimes stops
    at a wrong one; R igraph 1.3 gets 2-node graphs wrong. python-igraph's
    RNG is seeded per graph so that runs repeat.
A reference that fails (R error, python-igraph exception) is a counted skip.
A samnett run that fails is a mismatch. A mismatch prints the graph, the
measure, the actor and both values; any mismatch exits 1.
"""
import argparse
import csv
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings

import igraph as ig
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (EXACT, Checker, as_float, is_acyclic, read_ties,  # noqa: E402
                    run_samnett, strong_components, write_random_case)

ITERATIVE = 1e-6
DEGENERATE = 1e-6  # relative gap under which two leading eigenvalues count as equal
RSCRIPT = "/usr/bin/Rscript"
PYIG, RIG, RSNA = "python-igraph", "R igraph", "R sna"

TOL = {"pagerank": ITERATIVE, "eigenvector": ITERATIVE, "hub": ITERATIVE,
       "authority": ITERATIVE}

# One Rscript run for every graph. The manifest lists gid, n and an edge file
# ("from to weight", 0-based, no header); the output is long-format CSV:
# gid,measure,node,value (node -1: a whole-network value; -2: R failed).
# Weights are passed explicitly: the graphs carry no "weight" attribute, so no
# R function picks up weights behind our back (centr_betw() would).
R_SCRIPT = r"""
# sna and igraph mask each other (betweenness, closeness, degree, ...): every
# call below is qualified with its package.
suppressMessages({library(sna); library(igraph)})
args <- commandArgs(TRUE)
man <- read.csv(args[1], stringsAsFactors = FALSE)
out <- file(args[2], "w")
num <- function(v) sprintf("%.17g", as.numeric(v))
emit <- function(gid, measure, v) {
  if (length(v)) writeLines(paste(gid, measure, seq_along(v) - 1L, num(v), sep = ","), out)
}
emit1 <- function(gid, measure, v) writeLines(paste(gid, measure, -1L, num(v), sep = ","), out)
try_emit <- function(gid, measure, expr, whole = FALSE) {
  r <- tryCatch(suppressWarnings(expr), error = function(e) e)
  if (inherits(r, "error")) {
    msg <- gsub("[\r\n,]", " ", conditionMessage(r))
    writeLines(paste(gid, measure, -2L, "NA", msg, sep = ","), out)
  } else if (whole) emit1(gid, measure, r) else emit(gid, measure, r)
}
for (i in seq_len(nrow(man))) {
  gid <- man$gid[i]; n <- man$n[i]
  set.seed(i)  # R igraph's ARPACK start vectors come from R's RNG: repeatable runs
  e <- if (file.info(man$file[i])$size > 0) as.matrix(read.table(man$file[i])) else matrix(0, 0, 3)
  g <- igraph::make_empty_graph(n, directed = TRUE)
  if (nrow(e)) g <- igraph::add_edges(g, as.vector(t(e[, 1:2])) + 1)
  m <- nrow(e)
  # weights: NA = unweighted for igraph; NULL (no "weight" attribute) as well
  w <- if (m) e[, 3] else NULL
  inv <- if (m) 1 / e[, 3] else NA
  paths <- list(list("", NA), list("_inv", inv))
  for (p in paths) {
    try_emit(gid, paste0("ig_betweenness", p[[1]]),
             igraph::betweenness(g, directed = TRUE, weights = p[[2]], normalized = FALSE))
    try_emit(gid, paste0("ig_closeness", p[[1]]),
             igraph::closeness(g, mode = "out", weights = p[[2]], normalized = TRUE))
    try_emit(gid, paste0("ig_harmonic", p[[1]]),
             igraph::harmonic_centrality(g, mode = "out", weights = p[[2]], normalized = FALSE))
  }
  try_emit(gid, "ig_reachable", igraph::ego_size(g, order = n, mode = "out") - 1)
  try_emit(gid, "ig_degree_in", igraph::degree(g, mode = "in", loops = FALSE))
  try_emit(gid, "ig_degree_out", igraph::degree(g, mode = "out", loops = FALSE))
  try_emit(gid, "ig_strength_in", igraph::strength(g, mode = "in", loops = FALSE, weights = w))
  try_emit(gid, "ig_strength_out", igraph::strength(g, mode = "out", loops = FALSE, weights = w))
  try_emit(gid, "ig_pagerank",
           igraph::page_rank(g, algo = "prpack", directed = TRUE, damping = 0.85,
                             weights = w)$vector)
  try_emit(gid, "ig_eigenvector",
           igraph::eigen_centrality(g, directed = TRUE, scale = TRUE, weights = w)$vector)
  try_emit(gid, "ig_hub", igraph::hub_score(g, scale = TRUE, weights = w)$vector)
  try_emit(gid, "ig_authority", igraph::authority_score(g, scale = TRUE, weights = w)$vector)
  try_emit(gid, "ig_constraint", igraph::constraint(g, weights = w))
  try_emit(gid, "ig_density", igraph::edge_density(g, loops = FALSE), TRUE)
  try_emit(gid, "ig_reciprocity",
           igraph::reciprocity(g, ignore.loops = TRUE, mode = "default"), TRUE)
  try_emit(gid, "ig_dyadic_reciprocity",
           igraph::reciprocity(g, ignore.loops = TRUE, mode = "ratio"), TRUE)
  try_emit(gid, "ig_weak_components", igraph::count_components(g, mode = "weak"), TRUE)
  try_emit(gid, "ig_strong_components", igraph::count_components(g, mode = "strong"), TRUE)
  try_emit(gid, "ig_largest_weak_component",
           max(c(0, igraph::components(g, mode = "weak")$csize)), TRUE)
  try_emit(gid, "ig_isolates", sum(igraph::degree(g, mode = "all") == 0), TRUE)
  try_emit(gid, "ig_articulation_count", length(igraph::articulation_points(g)), TRUE)
  try_emit(gid, "ig_articulation", {
    a <- as.vector(igraph::articulation_points(g)) - 1
    # one row per articulation point: node = the point, value 1
    if (length(a)) writeLines(paste(gid, "ig_articulation", a, 1, sep = ","), out)
    NULL
  })
  # Freeman centralizations; normalized = TRUE is R's default: divided by
  # centr_*_tmax, the theoretical maximum, exactly as samnett documents.
  for (mode in c("in", "out", "all"))
    try_emit(gid, paste0("ig_centralization_degree_", mode),
             igraph::centr_degree(g, mode = mode, loops = FALSE,
                                  normalized = TRUE)$centralization, TRUE)
  try_emit(gid, "ig_centralization_betweenness",
           igraph::centr_betw(g, directed = TRUE, normalized = TRUE)$centralization, TRUE)

  # sna works on the valued adjacency matrix (value = tie weight).
  A <- matrix(0, n, n)
  if (m) A[e[, 1:2, drop = FALSE] + 1] <- e[, 3]
  try_emit(gid, "sna_betweenness",
           sna::betweenness(A, gmode = "digraph", cmode = "directed", ignore.eval = TRUE))
  # Not compared: sna::betweenness(ignore.eval = FALSE) with 1/weight values
  # as distances. sna 2.7.1 miscounts valued geodesics: with arcs (lengths)
  # 4->2 (1), 4->3 (10), 2->1 (10), 2->3 (1), 3->1 (1), the only geodesic
  # from 4 to 1 is 4-2-3-1, yet geodist()$counts[4, 1] is 2 and betweenness
  # is 0 3 2 0 instead of 0 2 2 0 (igraph, networkx, by hand).
  # sna::closeness, cmode = "suminvdir": sum over j != i of 1/d(i, j), over
  # n - 1 (unreachable: 1/Inf = 0), i.e. samnett's harmonic / (n - 1);
  # cmode = "directed": (n - 1) / sum of d(i, j), equal to samnett's
  # closeness for nodes that reach all n - 1 others (for the rest the sum is
  # Inf and sna gives 0: not compared). With ignore.eval = FALSE and 1/weight values,
  # sna takes the values as distances (--path-weights inverse); its valued
  # distances are right even where its path counts are not (see above).
  Ainv <- A
  Ainv[A > 0] <- 1 / A[A > 0]
  try_emit(gid, "sna_harmonic",
           sna::closeness(A, gmode = "digraph", cmode = "suminvdir") * (n - 1))
  try_emit(gid, "sna_harmonic_inv", sna::closeness(Ainv, gmode = "digraph", cmode = "suminvdir",
                                                   ignore.eval = FALSE) * (n - 1))
  try_emit(gid, "sna_closeness", sna::closeness(A, gmode = "digraph", cmode = "directed"))
  try_emit(gid, "sna_closeness_inv", sna::closeness(Ainv, gmode = "digraph", cmode = "directed",
                                                    ignore.eval = FALSE))
  try_emit(gid, "sna_reachable", {
    r <- sna::reachability(A)
    rowSums(r) - diag(r)
  })
  try_emit(gid, "sna_degree_in",
           sna::degree(A, gmode = "digraph", cmode = "indegree", ignore.eval = TRUE))
  try_emit(gid, "sna_degree_out",
           sna::degree(A, gmode = "digraph", cmode = "outdegree", ignore.eval = TRUE))
  try_emit(gid, "sna_strength_in",
           sna::degree(A, gmode = "digraph", cmode = "indegree", ignore.eval = FALSE))
  try_emit(gid, "sna_strength_out",
           sna::degree(A, gmode = "digraph", cmode = "outdegree", ignore.eval = FALSE))
  try_emit(gid, "sna_density", sna::gden(A, mode = "digraph", ignore.eval = TRUE), TRUE)
  try_emit(gid, "sna_reciprocity", sna::grecip(A, measure = "edgewise"), TRUE)
  try_emit(gid, "sna_dyadic_reciprocity", sna::grecip(A, measure = "dyadic.nonnull"), TRUE)
}
close(out)
"""


class Case:
    """One network: nodes (ids, in a fixed order), weighted ties, samnett reports."""

    def __init__(self, gid, where, nodes, ties, report, inverse=None):
        self.gid, self.where = gid, where
        self.nodes = list(nodes)
        self.index = {v: i for i, v in enumerate(self.nodes)}
        self.ties = ties
        self.edges = [(self.index[a], self.index[b]) for a, b in ties]
        self.weights = list(ties.values())
        self.report = report
        self.inverse = inverse
        self._W = self._status = None
        self._perron = 0.0

    def graph(self):
        g = ig.Graph(n=len(self.nodes), edges=self.edges, directed=True)
        g.es["weight"] = self.weights
        g.es["length"] = [1.0 / w for w in self.weights]
        return g

    def matrix(self):
        """Dense weighted adjacency matrix: W[i, j] = weight of the tie i -> j."""
        if self._W is None:
            n = len(self.nodes)
            self._W = np.zeros((n, n))
            for (i, j), w in zip(self.edges, self.weights):
                self._W[i, j] = w
        return self._W

    def spectral_status(self):
        """Reasons to skip eigenvector and hub/authority (None: compare)."""
        if self._status is not None:
            return self._status
        n, m = len(self.nodes), len(self.edges)
        eig = hub = None
        self._perron = 0.0
        if m and not is_acyclic(n, self.edges):
            roots = []
            for comp in strong_components(n, self.edges):
                if len(comp) > 1:
                    sub = self.matrix()[np.ix_(comp, comp)]
                    roots.append(max(np.linalg.eigvals(sub).real))
            roots.sort(reverse=True)
            self._perron = roots[0]
            if len(roots) > 1 and roots[1] >= roots[0] * (1 - DEGENERATE):
                eig = ("largest eigenvalue of the adjacency matrix is not simple "
                       "(strong components with equal Perron roots)")
        if m and n > 1:
            W = self.matrix()
            ev = np.linalg.eigvalsh(W @ W.T)
            if ev[-2] >= ev[-1] * (1 - DEGENERATE):
                hub = "largest eigenvalue of W W^T is not simple"
        self._status = (eig, hub)
        return self._status

    def referee(self, measure):
        """A check that a vector is the leading eigenvector, scaled to max 1.

        Used only when samnett and a reference disagree on a graph with ties
        that is not acyclic (eigenvector) or not degenerate (spectral_status).
        """
        if measure not in ("eigenvector", "hub", "authority") or not self.edges:
            return None
        W = self.matrix()
        if measure == "eigenvector":
            self.spectral_status()
            if self._perron <= 0:
                return None  # acyclic: igraph's answer is all zeros, compared as is
            M, lam = W.T, self._perron  # x_j = sum_i W[i, j] x_i / lambda (in-ties)
        else:
            M = W @ W.T if measure == "hub" else W.T @ W
            lam = np.linalg.eigvalsh(M)[-1]

        def check(values):
            r = np.array([as_float(x) for x in values])
            if np.isnan(r).any():
                return "NaN values"
            if abs(np.abs(r).max() - 1) > ITERATIVE:
                return f"largest value {np.abs(r).max():.6g}, not 1"
            res = np.abs(M @ r - lam * r).max()
            if res > ITERATIVE * lam:
                return f"residual max|Mx - lambda x| = {res:.3g} with lambda = {lam:.6g}"
            return None
        return check


def build_cases(binary, tmp, seeds, chk, demo=True):
    """Write the graphs, run samnett on each (plain and --path-weights inverse).

    A samnett run that fails (non-zero exit) is a mismatch: it is printed,
    counted in chk.samnett_failures and the network is left out.
    """
    cases = []

    def add(gid, where, folder, nodes, ties, args):
        try:
            rep = run_samnett(binary, args + [folder])
            inv = run_samnett(binary, args + ["--path-weights", "inverse", folder])
        except RuntimeError as e:
            chk.samnett_failures += 1
            print(f"MISMATCH [samnett failed] {where}: {e}")
            return
        cases.append(Case(gid, where, nodes, ties, rep, inv))

    for seed in seeds:
        folder = os.path.join(tmp, f"g{seed}")
        os.mkdir(folder)
        info = write_random_case(seed, folder)
        where = (f"seed={seed} ({info['kind']}, n={info['n']}, weights={info['weights']}"
                 f"{', min-contacts 2' if info['min_contacts'] > 1 else ''})")
        wsum = info["weights"] == "sum"
        add(f"s{seed}", where, folder, info["ids"],
            read_ties(folder, weight_sum=wsum, min_contacts=info["min_contacts"]), info["args"])
        if seed % 3 == 0:
            orgs = sorted(set(info["group_of"].values()))
            add(f"s{seed}org", where + f" organisation level ({len(orgs)} organisations)",
                folder, orgs,
                read_ties(folder, weight_sum=wsum, min_contacts=info["min_contacts"],
                          group_of=info["group_of"]),
                info["args"] + ["--level", "organisation"])
    if demo:
        folder = os.path.join(tmp, "demo")
        subprocess.run([binary, "synth", "--scale", "small", "--seed", "1", "--output", folder],
                       check=True, capture_output=True)
        with open(os.path.join(folder, "actors.csv"), newline="", encoding="utf-8") as f:
            actors = list(csv.DictReader(f))
        ids = [a["id"] for a in actors]
        org = {a["id"]: a["organisation"] for a in actors}
        add("demo", "demo region (actor level)", folder, ids, read_ties(folder), [])
        add("demosum", "demo region (actor level, --tie-weight sum)", folder, ids,
            read_ties(folder, weight_sum=True), ["--tie-weight", "sum"])
        add("demoorg", "demo region (organisation level)", folder, sorted(set(org.values())),
            read_ties(folder, group_of=org), ["--level", "organisation"])
    return cases


def start_r(cases, tmp):
    """Write every graph's edge list and start one Rscript for all of them."""
    rdir = os.path.join(tmp, "r")
    os.mkdir(rdir)
    manifest = os.path.join(rdir, "manifest.csv")
    with open(manifest, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["gid", "n", "file"])
        for c in cases:
            path = os.path.join(rdir, f"{c.gid}.txt")
            with open(path, "w") as ef:
                for (i, j), wt in zip(c.edges, c.weights):
                    ef.write(f"{i} {j} {wt!r}\n")
            w.writerow([c.gid, len(c.nodes), path])
    script = os.path.join(rdir, "crosscheck.R")
    with open(script, "w") as f:
        f.write(R_SCRIPT)
    out = os.path.join(rdir, "results.csv")
    proc = subprocess.Popen([RSCRIPT, "--vanilla", script, manifest, out],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, out


def read_r(proc, out):
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"Rscript exited {proc.returncode}:\n{stderr}")
    res = {}  # gid -> measure -> {node: value} ; errors under "!error"
    with open(out) as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            gid, measure, node, value = parts[:4]
            d = res.setdefault(gid, {})
            if node == "-2":
                d.setdefault("!error", {})[measure] = parts[4] if len(parts) > 4 else "?"
            else:
                d.setdefault(measure, {})[int(node)] = as_float(value)
    return res


def samnett_values(case, report, measure):
    by_id = {a["id"]: a["metrics"] for a in report["actors"]}
    return [by_id[v][measure] for v in case.nodes]


def check_python(chk, case):
    by_id = {a["id"]: a["metrics"] for a in case.report["actors"]}
    if set(by_id) != set(case.nodes):
        chk.report(PYIG, case.where, "node set", "-", sorted(by_id), sorted(case.nodes))
        return False
    g = case.graph()
    n, m = g.vcount(), g.ecount()
    wt = "weight" if m else None
    # python-igraph draws on Python's random module, and igraph 0.10 perturbs
    # ARPACK's start vector randomly: seed it per graph for repeatable runs.
    random.seed(case.gid)
    eig_skip, hub_skip = case.spectral_status()
    ref = {
        "degree_in": g.degree(mode="in", loops=False),
        "degree_out": g.degree(mode="out", loops=False),
        "strength_in": g.strength(mode="in", loops=False, weights=wt),
        "strength_out": g.strength(mode="out", loops=False, weights=wt),
        "pagerank": g.pagerank(directed=True, damping=0.85, weights=wt,
                               implementation="prpack"),
        "constraint": g.constraint(weights=wt),
    }
    spectral = {
        "eigenvector": (eig_skip, lambda: g.eigenvector_centrality(directed=True, scale=True,
                                                                   weights=wt)),
        "hub": (hub_skip, lambda: g.hub_score(weights=wt, scale=True)),
        "authority": (hub_skip, lambda: g.authority_score(weights=wt, scale=True)),
    }
    for name, (skip, compute) in spectral.items():
        if skip is not None:
            chk.skip(PYIG, name, skip)
            continue
        try:
            ref[name] = compute()
        except ig.InternalError as e:  # ARPACK gives up on some periodic graphs
            chk.skip(PYIG, name, f"python-igraph failed: {str(e).split('. -- ')[-1]}")
            print(f"note [{PYIG}] {case.where} {name}: python-igraph failed ({e})")
    for label, rep, lw in (("", case.report, None), (" (inverse)", case.inverse, "length")):
        lw = lw if m else None
        ref["betweenness" + label] = g.betweenness(directed=True, weights=lw)
        ref["closeness" + label] = g.closeness(mode="out", weights=lw, normalized=True)
        ref["harmonic" + label] = g.harmonic_centrality(mode="out", weights=lw,
                                                        normalized=False)
        ref["reachable" + label] = [s - 1 for s in g.neighborhood_size(order=max(n, 1),
                                                                        mode="out")]
    for measure, values in ref.items():
        inverse = measure.endswith(" (inverse)")
        name = measure.replace(" (inverse)", "")
        got = samnett_values(case, case.inverse if inverse else case.report, name)
        chk.vector(PYIG, case.where, measure, case.nodes, got, values, TOL.get(name, EXACT),
                   case.referee(name))
    # python-igraph runs the same libigraph as samnett, so it shares its bugs:
    # also check samnett's spectral vectors against the definition with numpy
    # (counted with python-igraph; graphs without ties, acyclic and
    # degenerate graphs excluded as above).
    for name in ("eigenvector", "hub", "authority"):
        check = case.referee(name)
        if name in ref and check is not None:
            chk.compared[PYIG] += 1
            bad = check(samnett_values(case, case.report, name))
            if bad:
                chk.report(PYIG, case.where, name + " (numpy: leading eigenvector?)", "-",
                           "not the leading eigenvector", bad)

    net = case.report["network"]
    # samnett reports density 0 for fewer than 2 nodes, where igraph divides
    # 0 by 0 (NaN); and reciprocity 0 for a graph without ties (igraph: NaN).
    dens = g.density(loops=False) if n > 1 else 0.0
    chk.close(PYIG, case.where, "density", "-", net["density"], dens)
    if m:
        chk.close(PYIG, case.where, "reciprocity", "-", net["reciprocity"],
                  g.reciprocity(ignore_loops=True, mode="default"))
        chk.close(PYIG, case.where, "dyadic_reciprocity", "-", net["dyadic_reciprocity"],
                  g.reciprocity(ignore_loops=True, mode="ratio"))
    else:
        chk.close(PYIG, case.where, "reciprocity (no ties: samnett 0)", "-",
                  net["reciprocity"], 0.0)
        chk.close(PYIG, case.where, "dyadic_reciprocity (no ties: samnett 0)", "-",
                  net["dyadic_reciprocity"], 0.0)
    weak = g.connected_components(mode="weak")
    chk.close(PYIG, case.where, "weak_components", "-", net["weak_components"], len(weak))
    chk.close(PYIG, case.where, "strong_components", "-", net["strong_components"],
              len(g.connected_components(mode="strong")))
    chk.close(PYIG, case.where, "largest_weak_component", "-", net["largest_weak_component"],
              max(weak.sizes(), default=0))
    chk.close(PYIG, case.where, "isolates", "-", net["isolates"],
              sum(1 for d in g.degree(mode="all") if d == 0))
    chk.same_set(PYIG, case.where, "articulation_points", net["articulation_points"],
                 [case.nodes[i] for i in g.articulation_points()])
    return True


R_NODE = {  # samnett measure -> R result key (samnett report, inverse report)
    "betweenness": "ig_betweenness", "closeness": "ig_closeness", "harmonic": "ig_harmonic",
    "reachable": "ig_reachable", "degree_in": "ig_degree_in", "degree_out": "ig_degree_out",
    "strength_in": "ig_strength_in", "strength_out": "ig_strength_out",
    "pagerank": "ig_pagerank", "eigenvector": "ig_eigenvector", "hub": "ig_hub",
    "authority": "ig_authority", "constraint": "ig_constraint",
}
R_NODE_INV = {"betweenness": "ig_betweenness_inv", "closeness": "ig_closeness_inv",
              "harmonic": "ig_harmonic_inv"}
SNA_NODE = {"betweenness": "sna_betweenness", "degree_in": "sna_degree_in",
            "degree_out": "sna_degree_out", "strength_in": "sna_strength_in",
            "strength_out": "sna_strength_out"}


def check_r(chk, case, r):
    if r is None:
        chk.report(RIG, case.where, "R results", "-", "-", "missing")
        return
    errors = r.get("!error", {})
    n, m = len(case.nodes), len(case.edges)
    eig_skip, hub_skip = case.spectral_status()
    skip = {}
    if eig_skip:
        skip["eigenvector"] = eig_skip
    if hub_skip:
        skip["hub"] = skip["authority"] = hub_skip

    def node_cmp(ref, key, measure, report, label=""):
        if key in errors:
            chk.skip(ref, measure + label, f"R error: {errors[key]}")
            return
        vals = r.get(key, {})
        want = [vals.get(i, math.nan) for i in range(n)]
        chk.vector(ref, case.where, measure + label, case.nodes,
                   samnett_values(case, report, measure), want, TOL.get(measure, EXACT),
                   case.referee(measure))

    def net_cmp(ref, key, measure, got, convert=None):
        if key in errors:
            chk.skip(ref, measure, f"R error: {errors[key]}")
            return
        want = r.get(key, {}).get(-1, math.nan)
        if convert:
            want = convert(want)
        chk.close(ref, case.where, measure, "-", got, want)

    for measure, key in R_NODE.items():
        if measure in skip:
            chk.skip(RIG, measure, skip[measure])
            continue
        node_cmp(RIG, key, measure, case.report)
    for measure, key in R_NODE_INV.items():
        node_cmp(RIG, key, measure, case.inverse, " (inverse)")
    for measure, key in SNA_NODE.items():
        node_cmp(RSNA, key, measure, case.report)
    if n > 1:  # sna divides by n - 1 (NaN for one node)
        node_cmp(RSNA, "sna_harmonic", "harmonic", case.report)
        node_cmp(RSNA, "sna_harmonic_inv", "harmonic", case.inverse, " (inverse)")
        for key, report, label in (("sna_closeness", case.report, ""),
                                   ("sna_closeness_inv", case.inverse, " (inverse)")):
            if key in errors:
                chk.skip(RSNA, "closeness" + label, f"R error: {errors[key]}")
                continue
            full = [i for i, v in enumerate(samnett_values(case, report, "reachable"))
                    if v == n - 1]  # sna's closeness is 0 for the others
            got = samnett_values(case, report, "closeness")
            chk.vector(RSNA, case.where, "closeness" + label + " (nodes reaching all)",
                       [case.nodes[i] for i in full], [got[i] for i in full],
                       [r.get(key, {}).get(i, math.nan) for i in full])
    node_cmp(RSNA, "sna_reachable", "reachable", case.report)

    net = case.report["network"]
    cent = net["centralization"]
    # samnett: density 0 with fewer than 2 nodes, reciprocity 0 without ties;
    # igraph and sna divide 0 by 0 there (NaN).
    zero_if_nan = (lambda x: 0.0 if math.isnan(x) else x)
    few = zero_if_nan if n < 2 else None
    noties = zero_if_nan if m == 0 else None
    net_cmp(RIG, "ig_density", "density", net["density"], few)
    net_cmp(RIG, "ig_reciprocity", "reciprocity", net["reciprocity"], noties)
    net_cmp(RIG, "ig_dyadic_reciprocity", "dyadic_reciprocity", net["dyadic_reciprocity"],
            noties)
    for k in ("weak_components", "strong_components", "largest_weak_component", "isolates"):
        net_cmp(RIG, "ig_" + k, k, net[k])
    for mode in ("in", "out", "all"):
        net_cmp(RIG, f"ig_centralization_degree_{mode}", f"centralization.degree_{mode}",
                cent[f"degree_{mode}"])
    net_cmp(RIG, "ig_centralization_betweenness", "centralization.betweenness",
            cent["betweenness"])
    if "ig_articulation" in errors:
        chk.skip(RIG, "articulation_points", f"R error: {errors['ig_articulation']}")
    else:
        arts = [case.nodes[i] for i in r.get("ig_articulation", {})]
        chk.same_set(RIG, case.where, "articulation_points", net["articulation_points"], arts)
    net_cmp(RSNA, "sna_density", "density", net["density"], few)
    net_cmp(RSNA, "sna_reciprocity", "reciprocity", net["reciprocity"], noties)
    net_cmp(RSNA, "sna_dyadic_reciprocity", "dyadic_reciprocity", net["dyadic_reciprocity"],
            noties)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--graphs", type=int, default=200)
    ap.add_argument("--seed", type=int, action="append",
                    help="check only this random graph (repeatable; no demo region)")
    ap.add_argument("--keep", metavar="DIR", help="write the graphs to DIR and keep them")
    opts = ap.parse_args()
    # python-igraph warns about acyclic graphs and weighted directed
    # eigenvector centrality: both expected here.
    warnings.simplefilter("ignore", RuntimeWarning)
    binary = os.path.abspath(opts.binary)
    started = time.time()
    seeds = opts.seed if opts.seed else list(range(opts.graphs))
    chk = Checker([PYIG, RIG, RSNA])
    chk.samnett_failures = 0

    with tempfile.TemporaryDirectory(prefix="samnett-igraph-r-") as tmp:
        if opts.keep:
            os.makedirs(opts.keep, exist_ok=True)
            tmp = opts.keep
        cases = build_cases(binary, tmp, seeds, chk, demo=not opts.seed)
        proc, out = start_r(cases, tmp)
        ok = {}
        for c in cases:
            ok[c.gid] = check_python(chk, c)
        r = read_r(proc, out)
        for c in cases:
            if ok[c.gid]:
                check_r(chk, c, r.get(c.gid))

    for (ref, measure, reason), graphs in sorted(chk.skips.items()):
        print(f"skipped [{ref}] {measure} on {graphs} graph(s): {reason}")
    for ref in chk.compared:
        print(f"  {ref}: {chk.compared[ref]} values, {chk.mismatches[ref]} mismatches")
    failed = chk.samnett_failures
    print(f"({len(cases) + failed} networks: {len(seeds)} random graphs, every third one also "
          f"at organisation level{', the demo region in 3 variants' if not opts.seed else ''}; "
          f"{time.time() - started:.1f} s)")
    print(f"compared {chk.total_compared()} values on {len(cases)} graphs: "
          f"{chk.total_mismatches() + failed} mismatches "
          f"(python-igraph: {chk.mismatches[PYIG]}, R igraph: {chk.mismatches[RIG]}, "
          f"R sna: {chk.mismatches[RSNA]}" + (f"; samnett runs failed: {failed}" if failed else "")
          + ")")
    sys.exit(1 if chk.total_mismatches() or failed else 0)


if __name__ == "__main__":
    main()
