#!/usr/bin/env python3
"""Cross-check samnett's Gould-Fernandez brokerage against R sna::brokerage.

Usage: check_brokerage_sna.py SAMNETT_BINARY [--graphs N] [--driver PATH] [--keep DIR]
                              [--rscript PATH]

1. Random directed graphs (sizes 3..60; sparse to complete; reciprocal ties,
   stars, isolates; 1 to 6 organisations, singleton organisations and actors
   without one among them; repeated contacts and a few self-contacts), each
   written as actors.csv (organisation = group) and contacts.csv
   (time,from,to).
2. The demo region (`samnett synth --scale small`), partitioned by
   organisation.

The reference comes from ONE Rscript run over all graphs: R reads each
actors.csv and contacts.csv itself, builds the adjacency matrix over all
actors (isolates included, self-contacts left out), calls
sna::brokerage(g, organisation) and writes raw/exp/z of the nli and gli.

samnett's values come from `samnett analyze --format json --quiet DIR`:
    report["actors"][i]["brokerage"][role] = {"raw", "expected", "z"}
    report["brokerage"] = {"partition": "organisation",
                           "observed": {role: x}, "expected": {...}, "z": {...}}
or, with --driver PATH, from `PATH DIR`, which prints the same JSON shape.

Roles: sna's w_I, w_O, b_IO, b_OI, b_O, t are coordinator, itinerant,
representative, gatekeeper, liaison, total. Tolerance 1e-9 relative to
max(1, |value|); NaN must meet NaN (null in JSON; sna's NaN, NA and +-Inf
z-scores all count as NaN). A mismatch prints the graph seed, role, actor
and both values.
"""
import argparse
import csv
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

TOL = 1e-9
RSCRIPT = "/usr/bin/Rscript"
ROLES = [("w_I", "coordinator"), ("w_O", "itinerant"), ("b_IO", "representative"),
         ("b_OI", "gatekeeper"), ("b_O", "liaison"), ("t", "total")]

R_SCRIPT = r"""
suppressPackageStartupMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
cases <- readLines(args[1])
out <- file(args[2], "w")
num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "NaN")
rd <- function(path) read.csv(path, colClasses = "character", na.strings = character(0),
                              encoding = "UTF-8", check.names = FALSE)
writeLines("case,level,actor,role,raw,expected,z", out)
for (case in cases) {
  actors <- rd(file.path(case, "actors.csv"))
  contacts <- rd(file.path(case, "contacts.csv"))
  N <- nrow(actors)
  g <- matrix(0, N, N)
  if (nrow(contacts) > 0) {
    from <- match(contacts$from, actors$id)
    to <- match(contacts$to, actors$id)
    stopifnot(!anyNA(from), !anyNA(to))
    g[cbind(from, to)] <- 1
  }
  diag(g) <- 0
  b <- brokerage(g, actors$organisation)
  roles <- colnames(b$raw.nli)
  name <- basename(case)
  for (r in seq_along(roles)) {
    writeLines(paste(name, "nli", actors$id, roles[r], num(b$raw.nli[, r]),
                     num(b$exp.nli[, r]), num(b$z.nli[, r]), sep = ","), out)
    writeLines(paste(name, "gli", "", roles[r], num(b$raw.gli[r]), num(b$exp.gli[r]),
                     num(b$z.gli[r]), sep = ","), out)
  }
}
close(out)
"""


def random_case(seed, folder):
    """Write actors.csv and contacts.csv for one random directed graph."""
    rng = random.Random(seed)
    kind = seed % 8
    n = rng.choice([3, 3, 4, 5, 6, 8, 10, 13, 17, 20, 25, 30, 40, 50, 60])
    ids = [f"a{i}" for i in range(n)]

    # groups: 1 to 6 organisations, sometimes with singletons or actors without one
    n_groups = rng.randint(1, min(6, n))
    names = [f"org{k}" for k in range(n_groups)]
    style = rng.randrange(4)
    if style == 0:  # uniform
        org = [rng.choice(names) for _ in ids]
    elif style == 1:  # every group present; the last ones singletons
        singles = rng.randint(1, max(1, n_groups - 1)) if n_groups > 1 else 0
        big = names[:n_groups - singles] or names[:1]
        org = [rng.choice(big) for _ in ids]
        for k, name in enumerate(names[n_groups - singles:]):
            org[(k * 7 + seed) % n] = name
    elif style == 2:  # skewed: one big group
        org = [names[0] if rng.random() < 0.7 else rng.choice(names) for _ in ids]
    else:  # all singletons when small, else uniform with one singleton
        org = [f"org{i}" for i in range(n)] if n <= 6 else [rng.choice(names) for _ in ids]
        if n > 6:
            org[rng.randrange(n)] = "solo"
    if rng.random() < 0.15:  # actors without an organisation form the group ""
        for _ in range(rng.randint(1, 2)):
            org[rng.randrange(n)] = ""

    with open(os.path.join(folder, "actors.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "organisation"])
        for i, a in enumerate(ids):
            w.writerow([a, f"Actor {i}", "other", org[i]])

    pairs = []
    if kind == 0:  # sparse
        m = rng.randint(0, 2 * n)
        pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(m)]
    elif kind == 1:  # dense
        p = rng.uniform(0.5, 0.95)
        pairs = [(a, b) for a in ids for b in ids if a != b and rng.random() < p]
    elif kind == 2:  # many reciprocal ties
        p = rng.uniform(0.05, 0.4)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                r = rng.random()
                if r < p:
                    pairs += [(a, b), (b, a)]
                elif r < p * 1.3:
                    pairs.append((a, b))
    elif kind == 3:  # stars
        hub = rng.choice(ids)
        shape = rng.randrange(3)
        for b in ids:
            if b == hub:
                continue
            if shape in (0, 2):
                pairs.append((hub, b))
            if shape in (1, 2) or rng.random() < 0.3:
                pairs.append((b, hub))
        pairs += [(rng.choice(ids), rng.choice(ids)) for _ in range(rng.randint(0, n // 4))]
    elif kind == 4:  # many isolates: ties among a few actors only
        core = rng.sample(ids, max(2, n // rng.choice([2, 3, 4])))
        p = rng.uniform(0.2, 0.7)
        pairs = [(a, b) for a in core for b in core if a != b and rng.random() < p]
    elif kind == 5:  # middling density
        p = rng.uniform(0.08, 0.35)
        pairs = [(a, b) for a in ids for b in ids if a != b and rng.random() < p]
    elif kind == 6:  # extremes: complete, empty, complete minus a few, one tie
        shape = rng.randrange(4)
        full = [(a, b) for a in ids for b in ids if a != b]
        if shape == 0:
            pairs = full
        elif shape == 1:
            pairs = []
        elif shape == 2:
            pairs = [t for t in full if rng.random() < 0.97] or full[:1]
        else:
            pairs = [full[rng.randrange(len(full))]]
    else:  # blocks following the groups, plus cross ties
        p_in, p_out = rng.uniform(0.3, 0.8), rng.uniform(0.0, 0.15)
        pairs = [(a, b) for i, a in enumerate(ids) for j, b in enumerate(ids)
                 if a != b and rng.random() < (p_in if org[i] == org[j] else p_out)]

    rows = []
    for a, b in pairs:
        for _ in range(rng.choice([1, 1, 1, 2, 3])):  # repeated contacts: still one tie
            rows.append((a, b))
    if rng.random() < 0.2:  # self-contacts are never ties
        rows += [(a, a) for a in rng.sample(ids, min(2, n))]
    rng.shuffle(rows)
    with open(os.path.join(folder, "contacts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to"])
        for i, (a, b) in enumerate(rows):
            w.writerow([1577836800 + i * 60, a, b])
        if not rows:  # no tie: one self-contact, so that a contact is read (never a tie)
            w.writerow([1577836800, ids[0], ids[0]])


def run_r(rscript, folders, tmp):
    script = os.path.join(tmp, "brokerage.R")
    manifest = os.path.join(tmp, "cases.txt")
    result = os.path.join(tmp, "sna.csv")
    with open(script, "w") as f:
        f.write(R_SCRIPT)
    with open(manifest, "w") as f:
        f.write("\n".join(folders) + "\n")
    p = subprocess.run([rscript, "--vanilla", script, manifest, result],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"Rscript failed ({p.returncode}):\n{p.stderr}")
    ref = {}  # case -> {"nli": {actor: {role: (raw, exp, z)}}, "gli": {role: (...)}}
    with open(result, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            c = ref.setdefault(row["case"], {"nli": {}, "gli": {}})
            vals = tuple(float(row[k]) for k in ("raw", "expected", "z"))
            if row["level"] == "nli":
                c["nli"].setdefault(row["actor"], {})[row["role"]] = vals
            else:
                c["gli"][row["role"]] = vals
    return ref


def samnett_report(binary, driver, folder):
    cmd = [driver, folder] if driver else [binary, "analyze", "--format", "json", "--quiet",
                                           folder]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def as_float(x):
    if x is None:
        return math.nan
    x = float(x)
    return x if math.isfinite(x) else math.nan  # sna's +-Inf z-scores count as NaN


class Checker:
    def __init__(self):
        self.failures = 0
        self.compared = 0

    def close(self, case, role, actor, what, got, want):
        self.compared += 1
        got, want = as_float(got), as_float(want)
        if math.isnan(got) and math.isnan(want):
            return
        if not (math.isnan(got) or math.isnan(want)) and \
                abs(got - want) <= TOL * max(1.0, abs(want)):
            return
        self.failures += 1
        if self.failures <= 40:
            print(f"MISMATCH {case} role={role} actor={actor or '(graph)'} {what}: "
                  f"samnett={got!r} sna={want!r}")

    def case(self, case, report, ref):
        if "brokerage" not in report or any("brokerage" not in a for a in report["actors"]):
            self.failures += 1
            print(f"MISMATCH {case}: the report has no brokerage")
            return
        got = {a["id"]: a["brokerage"] for a in report["actors"]}
        if set(got) != set(ref["nli"]):
            self.failures += 1
            print(f"MISMATCH {case}: actor sets differ: {sorted(set(got) ^ set(ref['nli']))[:5]}")
            return
        for actor, roles in ref["nli"].items():
            for sna_role, role in ROLES:
                raw, exp, z = roles[sna_role]
                mine = got[actor][role]
                self.close(case, role, actor, "raw", mine["raw"], raw)
                self.close(case, role, actor, "expected", mine["expected"], exp)
                self.close(case, role, actor, "z", mine["z"], z)
        g = report["brokerage"]
        if g.get("partition") != "organisation":
            self.failures += 1
            print(f"MISMATCH {case}: partition is {g.get('partition')!r}")
        for sna_role, role in ROLES:
            raw, exp, z = ref["gli"][sna_role]
            self.close(case, role, None, "observed", g["observed"][role], raw)
            self.close(case, role, None, "expected", g["expected"][role], exp)
            self.close(case, role, None, "z", g["z"][role], z)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--graphs", type=int, default=240)
    ap.add_argument("--driver", help="a program printing the same JSON for a folder")
    ap.add_argument("--keep", help="write the cases into this folder and keep them")
    ap.add_argument("--rscript", default=RSCRIPT)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    driver = os.path.abspath(a.driver) if a.driver else None
    if not shutil.which(a.rscript):
        sys.exit(f"{a.rscript} not found")

    tmp = tempfile.mkdtemp(prefix="samnett-brokerage-")
    root = os.path.abspath(a.keep) if a.keep else tmp
    os.makedirs(root, exist_ok=True)
    try:
        folders = []
        for seed in range(a.graphs):
            folder = os.path.join(root, f"g{seed}")
            os.makedirs(folder, exist_ok=True)
            random_case(seed, folder)
            folders.append(folder)
        demo = os.path.join(root, "demo")
        subprocess.run([binary, "synth", "--scale", "small", "--seed", "1", "--output", demo],
                       check=True, capture_output=True)
        folders.append(demo)

        ref = run_r(a.rscript, folders, tmp)
        check = Checker()
        for folder in folders:
            case = os.path.basename(folder)
            label = f"seed={case[1:]}" if case != "demo" else "demo region"
            before = check.failures
            check.case(label, samnett_report(binary, driver, folder), ref[case])
            if check.failures > before:
                print(f"  (graph {label}: {folder})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"compared {check.compared} brokerage values on {a.graphs} random graphs and the demo "
          f"region against sna::brokerage; {check.failures} mismatches")
    sys.exit(1 if check.failures else 0)


if __name__ == "__main__":
    main()
