#!/usr/bin/env python3
"""Cross-check samnett's null-model stage (samnett/nullmodel.h, the lens API
of core/lens/api_null.c) against independent references.

1. stats.binom_test, stats.fisher_test and stats.p_adjust on many random
   cases against R's binom.test, fisher.test and p.adjust (Rscript), with a
   relative tolerance of 1e-9.

Usage: check_nullmodel.py SAMNETT
"""
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = os.path.join(HERE, "data", "region")
ALTS = ["two-sided", "greater", "less"]
R_ALT = {"two-sided": "two.sided", "greater": "greater", "less": "less"}


def run_lens(binary, tmp, body, extra=()):
    """Run a lens whose run() executes BODY; return the lines it printed."""
    path = os.path.join(tmp, "probe.lua")
    with open(path, "w") as f:
        f.write('return {name = "probe", title = {en = "p", nb = "p"},\n'
                ' description = {en = "p", nb = "p"},\n'
                ' run = function(net, params)\n' + body + '\n return {} end}\n')
    args = [binary, "analyze", "--actors", os.path.join(REGION, "actors.csv"),
            "--contacts", os.path.join(REGION, "contacts.csv"), "--quiet",
            "--lens", path, "--lens-timeout", "600", *extra]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"samnett exited {p.returncode}: {p.stderr[-2000:]}")
    return [ln.split("OUT ", 1)[1] for ln in p.stderr.splitlines() if "OUT " in ln]


def rscript(code):
    p = subprocess.run(["Rscript", "--vanilla", "-e", code], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("Rscript: " + p.stderr[-2000:])
    return p.stdout.split()


def close(a, b, tol=1e-9):
    return abs(a - b) <= 1e-12 + tol * abs(b)


def check_exact(binary, tmp, rng):
    bin_cases, fis_cases, adj_cases = [], [], []
    for i in range(600):
        n = rng.choice([1, 2, 3, 5, 8, 10, 20, 37, 100, 250, 1000])
        k = rng.randint(0, n)
        p0 = rng.choice([0.5, 0.1, 0.25, 1 / 3, 0.9, rng.random(), round(rng.random(), 2)])
        bin_cases.append((k, n, p0, ALTS[i % 3]))
    for i in range(400):
        top = rng.choice([3, 6, 15, 40, 200])
        cells = [rng.randint(0, top) for _ in range(4)]
        fis_cases.append((*cells, ALTS[i % 3]))
    for i in range(60):
        m = rng.randint(1, 30)
        ps = [rng.choice([rng.random(), rng.random() ** 4, 0.05, 1.0]) for _ in range(m)]
        adj_cases.append((ps, ["holm", "bh", "none"][i % 3]))

    lua = ["local function out(x) print(string.format('OUT %.17g', x)) end"]
    for k, n, p0, alt in bin_cases:
        lua.append(f"out(stats.binom_test({k}, {n}, {p0!r}, '{alt}'))")
    for a, b, c, d, alt in fis_cases:
        lua.append(f"out(stats.fisher_test({a}, {b}, {c}, {d}, '{alt}'))")
    for ps, m in adj_cases:
        lua.append("for _, q in ipairs(stats.p_adjust({%s}, '%s')) do out(q) end"
                   % (", ".join(repr(p) for p in ps), m))
    got = [float(x) for x in run_lens(binary, tmp, "\n".join(lua))]

    r = ["o <- function(x) cat(sprintf('%.17g', x), sep = '\\n')"]
    for k, n, p0, alt in bin_cases:
        r.append(f"o(binom.test({k}, {n}, {p0!r}, alternative = '{R_ALT[alt]}')$p.value)")
    for a, b, c, d, alt in fis_cases:
        r.append(f"o(fisher.test(matrix(c({a}, {c}, {b}, {d}), 2),"
                 f" alternative = '{R_ALT[alt]}')$p.value)")
    for ps, m in adj_cases:
        r.append("o(p.adjust(c(%s), method = '%s'))"
                 % (", ".join(repr(p) for p in ps), {"holm": "holm", "bh": "BH", "none": "none"}[m]))
    rfile = os.path.join(tmp, "ref.R")
    with open(rfile, "w") as f:
        f.write("\n".join(r) + "\n")
    want = [float(x) for x in rscript(f"source('{rfile}')")]
    labels = ([f"binom_test{c}" for c in bin_cases] + [f"fisher_test{c}" for c in fis_cases] +
              [f"p_adjust({m}) #{i}" for i, (ps, m) in enumerate(adj_cases) for _ in ps])
    if len(got) != len(want) or len(want) != len(labels):
        print(f"FAIL: {len(got)} values from samnett, {len(want)} from R, {len(labels)} cases")
        return 1
    bad = [(lab, g, w) for lab, g, w in zip(labels, got, want) if not close(g, w)]
    for lab, g, w in bad[:20]:
        print(f"FAIL {lab}: samnett {g!r}, R {w!r}")
    print(f"exact tests: {len(labels) - len(bad)} of {len(labels)} agree with R")
    return 1 if bad else 0


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    rng = random.Random(20261203)
    fails = 0
    with tempfile.TemporaryDirectory() as tmp:
        fails += check_exact(binary, tmp, rng)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
