"""Shared helpers for samnett's cross-check scripts (tests/crosscheck).

- run_samnett(): `samnett analyze --format json --quiet ...` as a dict.
- write_random_case(): one random directed graph as actors.csv/contacts.csv,
  with a description of what was written (kind, weight style, options).
- read_ties(): independent aggregation of contacts.csv into weighted ties.
- Checker: value comparison with tolerances, NaN handling, per-reference
  mismatch counts and counted skips.

Only the standard library is used here, so any check script can import it.
"""
import csv
import json
import math
import os
import random
import subprocess

EXACT = 1e-9  # relative to max(1, |reference|)


def run_samnett_tables(binary, args, out_dir):
    """Write samnett's CSV tables of ARGS into out_dir and return its JSON report."""
    # the references count the calendar in UTC: the zone is given
    p = subprocess.run([binary, "analyze", "--quiet", "--timezone", "UTC", "--format", "csv",
                        "--output", out_dir] + list(args), capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"samnett {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return run_samnett(binary, args)


def dataset_args():
    """The options of a randomised check: BINARY, --datasets N, --seed S."""
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--datasets", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    return ap.parse_args()


def random_datasets(tmp, opt, write_dataset):
    """Write opt.datasets data sets with write_dataset(seed, folder) -> (actors,
    rows, opts); yield (seed, folder, actors, rows, opts, out_dir) for each."""
    for k in range(opt.datasets):
        seed = opt.seed + k
        folder = os.path.join(tmp, f"d{seed}")
        os.mkdir(folder)
        actors, rows, opts = write_dataset(seed, folder)
        yield seed, folder, actors, rows, opts, os.path.join(folder, "out")


def synth_demo(binary, tmp):
    """The small demo region written into tmp/demo; returns the folder."""
    demo = os.path.join(tmp, "demo")
    subprocess.run([binary, "synth", "--scale", "small", "--output", demo], check=True,
                   capture_output=True)
    return demo


def read_folder_rows(folder):
    """The (id, organisation, unit) of each actor and the contact rows (dicts) of a folder."""
    with open(os.path.join(folder, "actors.csv"), newline="", encoding="utf-8") as f:
        actors = [(r["id"], r["organisation"], r["unit"]) for r in csv.DictReader(f)]
    with open(os.path.join(folder, "contacts.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return actors, rows


def run_samnett(binary, args):
    """Run `samnett analyze --format json --quiet ARGS` and parse the report."""
    p = subprocess.run([binary, "analyze", "--format", "json", "--quiet", "--timezone", "UTC"]
                       + list(args), capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"samnett {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


# --------------------------------------------------------------------------- #
# Random graphs

KINDS = ["sparse", "dense", "isolates", "reciprocal", "stars", "components",
         "path", "acyclic", "tiny", "bridges"]
# How tie weights are written:
#   contacts  - repeated contact rows, tie weight = number of contacts (default)
#   sum       - a `weight` column, analysed with --tie-weight sum (weights 1..1000,
#               spread over 1-3 rows per tie, sometimes with halves)
#   ignored   - a `weight` column, but the default --tie-weight contacts
WEIGHT_STYLES = ["contacts", "sum", "ignored"]


def _pairs(rng, kind, ids):
    n = len(ids)
    pairs = []
    if kind == "sparse":
        pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(rng.randint(0, 2 * n))]
    elif kind == "dense":
        p = rng.choice([0.5, 0.7, 0.9, 1.0])
        pairs = [(a, b) for a in ids for b in ids if a != b and rng.random() < p]
    elif kind == "isolates":  # a few ties among many nodes
        core = ids[:max(1, n // 4)]
        pairs = [(rng.choice(core), rng.choice(core)) for _ in range(len(core) * 2)]
    elif kind == "reciprocal":
        p = rng.choice([0.1, 0.2, 0.4])
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                r = rng.random()
                if r < p:
                    pairs += [(a, b), (b, a)]
                elif r < p * 1.2:
                    pairs.append((a, b))
    elif kind == "stars":  # one to three hubs, in-, out- or mixed stars
        hubs = ids[:rng.randint(1, min(3, n))]
        for h in hubs:
            style = rng.choice(["out", "in", "mixed"])
            for b in ids:
                if b == h or rng.random() < 0.2:
                    continue
                if style in ("out", "mixed"):
                    pairs.append((h, b))
                if style == "in" or (style == "mixed" and rng.random() < 0.5):
                    pairs.append((b, h))
    elif kind == "components":  # dense blocks with nothing between them
        k = rng.randint(2, 5)
        block = {a: rng.randrange(k) for a in ids}
        pairs = [(a, b) for a in ids for b in ids
                 if a != b and block[a] == block[b] and rng.random() < 0.45]
    elif kind == "path":  # a path or cycle with shortcuts
        pairs = [(ids[i], ids[i + 1]) for i in range(n - 1)]
        if n > 2 and rng.random() < 0.5:
            pairs.append((ids[-1], ids[0]))
        pairs += [(rng.choice(ids), rng.choice(ids)) for _ in range(n // 3)]
    elif kind == "acyclic":  # ties only forward in a random order: a DAG
        order = ids[:]
        rng.shuffle(order)
        p = rng.choice([0.05, 0.2, 0.5])
        pairs = [(order[i], order[j]) for i in range(n) for j in range(i + 1, n)
                 if rng.random() < p]
    elif kind == "tiny":
        pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(rng.randint(0, 3))]
    else:  # "bridges": small blobs chained by single ties (articulation points)
        blobs = [ids[i:i + rng.randint(2, 5)] for i in range(0, n, 5)]
        for blob in blobs:
            pairs += [(a, b) for a in blob for b in blob if a != b and rng.random() < 0.5]
        for x, y in zip(blobs, blobs[1:]):
            pairs.append((rng.choice(x), rng.choice(y)) if rng.random() < 0.5
                         else (rng.choice(y), rng.choice(x)))
    # a few self-contacts, which samnett leaves out of the network
    if ids and rng.random() < 0.3:
        a = rng.choice(ids)
        pairs.append((a, a))
    return pairs


def write_random_case(seed, folder):
    """Write actors.csv and contacts.csv for one random directed graph.

    Returns a dict: ids (actor ids, in actors.csv order), group_of (actor id ->
    organisation), kind, weights (style), args (extra samnett options),
    min_contacts.
    """
    rng = random.Random(seed * 1_000_003 + 7)
    kind = KINDS[seed % len(KINDS)]
    style = WEIGHT_STYLES[(seed // len(KINDS)) % len(WEIGHT_STYLES)]
    if kind == "tiny":
        n = rng.choice([1, 1, 2, 2, 3])
    elif kind == "dense":
        n = rng.choice([2, 3, 5, 8, 13, 20, 35])
    else:
        n = rng.choice([2, 4, 7, 12, 20, 33, 50, 80, 120])
    # ids whose sort order differs from the file order
    prefix = rng.choice(["a", "k-", "Z", "node_"])
    nums = rng.sample(range(10 * n + 10), n)
    ids = [f"{prefix}{x}" for x in nums]
    # 1 to 6 groups, sometimes one of them a singleton
    n_groups = rng.randint(1, 6)
    group_of = {a: f"org{rng.randrange(n_groups)}" for a in ids}
    if n > 2 and n_groups > 1 and rng.random() < 0.5:
        lone = rng.choice(ids)
        for a in ids:
            if group_of[a] == "org0":
                group_of[a] = "org1"
        group_of[lone] = "org0"
    with open(os.path.join(folder, "actors.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "organisation", "unit"])
        for i, a in enumerate(ids):
            w.writerow([a, f"Actor {i}", "other", group_of[a], f"u{i % 3}"])

    pairs = _pairs(rng, kind, ids)
    rows = []  # (from, to, weight or None)
    big = len(pairs) < 150
    for a, b in pairs:
        if style == "sum":
            total = rng.choice([1, rng.randint(1, 10), rng.randint(1, 1000), 1000])
            k = rng.randint(1, 3)
            if k == 1 or total < k:
                parts = [total]
            else:
                cuts = sorted(rng.sample(range(1, total), k - 1))
                parts = [y - x for x, y in zip([0] + cuts, cuts + [total])]
            if rng.random() < 0.2:  # halves add up exactly in binary
                parts = [p - 0.5 for p in parts] + [0.5 * len(parts)]
            rows += [(a, b, p) for p in parts]
        else:
            r = rng.random()
            count = (1 if r < 0.5 else rng.randint(2, 9) if r < 0.85
                     else rng.randint(10, 100) if r < 0.97 or not big else 1000)
            rows += [(a, b, rng.randint(0, 50) if style == "ignored" else None)
                     for _ in range(count)]
    rng.shuffle(rows)
    with open(os.path.join(folder, "contacts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        header = ["time", "from", "to", "channel"] + (["weight"] if style != "contacts" else [])
        w.writerow(header)
        for i, (a, b, wt) in enumerate(rows):
            row = [1577836800 + i * 60, a, b, rng.choice(["phone", "e-message"])]
            if style != "contacts":
                row.append(f"{wt:g}" if isinstance(wt, float) else wt)
            w.writerow(row)
        if not rows:  # no tie: one self-contact, so that a contact is read (never a tie)
            w.writerow([1577836800, ids[0], ids[0], "phone"] + (["1"] if style != "contacts" else []))
    args = []
    if style == "sum":
        args += ["--tie-weight", "sum"]
    min_contacts = 1
    if style != "sum" and seed % 13 == 5:
        min_contacts = 2
        args += ["--min-contacts", "2"]
    return {"ids": ids, "group_of": group_of, "kind": kind, "weights": style,
            "args": args, "min_contacts": min_contacts, "n": n}


def read_ties(folder, weight_sum=False, min_contacts=1, group_of=None):
    """Aggregate contacts.csv into {(a, b): weight}, leaving out self-contacts.

    A tie needs at least min_contacts contacts; its weight is the number of
    contacts, or with weight_sum the sum of the `weight` column.
    """
    contacts, sums = {}, {}
    with open(os.path.join(folder, "contacts.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a, b = row["from"], row["to"]
            if group_of:
                a, b = group_of[a], group_of[b]
            if a == b:
                continue
            contacts[(a, b)] = contacts.get((a, b), 0) + 1
            if weight_sum:
                w = row.get("weight") or "1"
                sums[(a, b)] = sums.get((a, b), 0.0) + float(w.replace(",", "."))
    return {k: (sums[k] if weight_sum else float(c))
            for k, c in contacts.items() if c >= min_contacts}


def is_acyclic(n, edges):
    """Kahn's algorithm on edges given as (i, j) index pairs."""
    indeg = [0] * n
    out = [[] for _ in range(n)]
    for i, j in edges:
        out[i].append(j)
        indeg[j] += 1
    stack = [v for v in range(n) if indeg[v] == 0]
    seen = 0
    while stack:
        v = stack.pop()
        seen += 1
        for x in out[v]:
            indeg[x] -= 1
            if indeg[x] == 0:
                stack.append(x)
    return seen == n


def strong_components(n, edges):
    """Strongly connected components (iterative Tarjan), as lists of indices."""
    out = [[] for _ in range(n)]
    for i, j in edges:
        out[i].append(j)
    index = [-1] * n
    low = [0] * n
    on = [False] * n
    stack, comps, counter = [], [], 0
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            v, k = work.pop()
            if k == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on[v] = True
            if k < len(out[v]):
                work.append((v, k + 1))
                x = out[v][k]
                if index[x] < 0:
                    work.append((x, 0))
                elif on[x]:
                    low[v] = min(low[v], index[x])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on[x] = False
                    comp.append(x)
                    if x == v:
                        break
                comps.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return comps


# --------------------------------------------------------------------------- #
# Comparison

def as_float(x):
    """JSON null (samnett's NaN) and R's NA/NaN strings become float NaN."""
    if x is None:
        return math.nan
    if isinstance(x, str):
        return math.nan if x in ("NA", "NaN", "nan", "") else float(x)
    return float(x)


class Checker:
    """Counts compared values, mismatches per reference and counted skips."""

    def __init__(self, references, max_print=60):
        self.compared = {r: 0 for r in references}
        self.mismatches = {r: 0 for r in references}
        self.skips = {}  # (reference, measure, reason) -> graphs
        self.max_print = max_print
        self.printed = 0

    def report(self, ref, where, measure, actor, got, want):
        self.mismatches[ref] += 1
        if self.printed < self.max_print:
            self.printed += 1
            print(f"MISMATCH [{ref}] {where} {measure} actor={actor}: "
                  f"samnett={got!r} {ref}={want!r}")
        elif self.printed == self.max_print:
            self.printed += 1
            print("... (further mismatches counted, not printed)")

    @staticmethod
    def agree(got, want, tol=EXACT):
        """Equal within tol * max(1, |want|); NaN only equals NaN."""
        got, want = as_float(got), as_float(want)
        if math.isnan(got) or math.isnan(want):
            return math.isnan(got) and math.isnan(want)
        return abs(got - want) <= tol * max(1.0, abs(want))

    def close(self, ref, where, measure, actor, got, want, tol=EXACT):
        self.compared[ref] += 1
        ok = self.agree(got, want, tol)
        if not ok:
            self.report(ref, where, measure, actor, as_float(got), as_float(want))
        return ok

    def vector(self, ref, where, measure, actors, got, want, tol=EXACT, referee=None):
        """Compare two vectors of node values.

        referee(values) -> None or a reason why values is not a valid answer;
        used on a mismatch only: when the reference's vector is invalid and
        samnett's is valid, the graph is skipped (counted, with a note)
        instead of reported.
        """
        fails = [(a, g, w) for a, g, w in zip(actors, got, want) if not self.agree(g, w, tol)]
        if fails and referee is not None:
            ref_bad, own_bad = referee(want), referee(got)
            if ref_bad and not own_bad:
                self.skip(ref, measure, "the reference's vector is not the leading eigenvector "
                          "(ARPACK misconvergence); samnett's is")
                print(f"note [{ref}] {where} {measure}: the reference is wrong ({ref_bad}); "
                      f"samnett's vector passes the check")
                return True
        self.compared[ref] += len(actors)
        for a, g, w in fails:
            self.report(ref, where, measure, a, as_float(g), as_float(w))
        return not fails

    def same_set(self, ref, where, measure, got, want):
        self.compared[ref] += 1
        if set(got) != set(want):
            self.report(ref, where, measure, "-",
                        sorted(set(got) - set(want)), f"missing {sorted(set(want) - set(got))}")
            return False
        return True

    def skip(self, ref, measure, reason):
        key = (ref, measure, reason)
        self.skips[key] = self.skips.get(key, 0) + 1

    def total_compared(self):
        return sum(self.compared.values())

    def total_mismatches(self):
        return sum(self.mismatches.values())
