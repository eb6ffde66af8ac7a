#!/usr/bin/env python3
"""Cross-check samnett's null-model stage (samnett/nullmodel.h, the lens API
of core/lens/api_null.c) against independent references.

1. stats.binom_test, stats.fisher_test and stats.p_adjust on many random
   cases against R's binom.test, fisher.test and p.adjust (Rscript), with a
   relative tolerance of 1e-9.

2. net:null_groups: the observed statistics, exactly, against a Python
   implementation written from the definition; the null mean and p_greater
   against the exact permutation distribution (every permutation of the
   six-actor fixture region, with and without strata), and on a generated
   region against the same null drawn in Python, within sampling error.
   The same seed gives the same result with 1 and 4 threads.

3. net:null_rewire: the observed reciprocity, transitivity and betweenness
   against python-igraph on the same graph; the null means and sds of
   reciprocity and transitivity against igraph's own degree-preserving
   rewiring (Graph.rewire, mode "simple") within sampling error.

4. net:null_time: the observed window ties, persistence and novelty against
   the temporal module's own windows (net:windows), and the null means and
   sds against the same time shuffle drawn in Python (a shuffle of every
   contact's time), within sampling error.

5. Bad arguments are Lua errors that name the argument.

Usage: check_nullmodel.py SAMNETT
"""
import csv
import itertools
import math
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = os.path.join(HERE, "data", "region")
ALTS = ["two-sided", "greater", "less"]
R_ALT = {"two-sided": "two.sided", "greater": "greater", "less": "less"}


def run_lens(binary, tmp, body, extra=(), folder=REGION, env=None):
    """Run a lens whose run() executes BODY; return the lines it printed."""
    path = os.path.join(tmp, "probe.lua")
    with open(path, "w") as f:
        f.write('return {name = "probe", title = {en = "p", nb = "p"},\n'
                ' description = {en = "p", nb = "p"},\n'
                ' run = function(net, params)\n' + body + '\n return {} end}\n')
    args = [binary, "analyze", "--actors", os.path.join(folder, "actors.csv"),
            "--contacts", os.path.join(folder, "contacts.csv"), "--quiet",
            "--lens", path, "--lens-timeout", "600", *extra]
    p = subprocess.run(args, capture_output=True, text=True,
                       env=dict(os.environ, **(env or {})))
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
        n = rng.choice([1, 2, 3, 5, 8, 10, 20, 37, 100, 250, 1000, 54321, 650000])
        # large n: k near the mean too, where the tails are summed from the mode
        k = rng.randint(0, n) if n < 10000 or i % 2 else \
            min(n, max(0, round(n * 0.5 + rng.gauss(0, 3 * n ** 0.5))))
        p0 = rng.choice([0.5, 0.1, 0.25, 1 / 3, 0.9, rng.random(), round(rng.random(), 2)])
        bin_cases.append((k, n, p0, ALTS[i % 3]))
    for i in range(400):
        top = rng.choice([3, 6, 15, 40, 200, 90000])
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
    norm_z = [rng.uniform(-8, 8) for _ in range(40)] + [-37.5, -12.0, 0.0, 6.5]
    norm_p = [rng.random() for _ in range(40)] + [1e-300, 1e-12, 0.5, 1 - 1e-12]
    for z in norm_z:
        lua.append(f"out(stats.pnorm({z!r}))")
    for q in norm_p:
        lua.append(f"out(stats.qnorm({q!r}))")
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
    r += [f"o(pnorm({z!r}))" for z in norm_z] + [f"o(qnorm({q!r}))" for q in norm_p]
    rfile = os.path.join(tmp, "ref.R")
    with open(rfile, "w") as f:
        f.write("\n".join(r) + "\n")
    want = [float(x) for x in rscript(f"source('{rfile}')")]
    labels = ([f"binom_test{c}" for c in bin_cases] + [f"fisher_test{c}" for c in fis_cases] +
              [f"p_adjust({m}) #{i}" for i, (ps, m) in enumerate(adj_cases) for _ in ps] +
              [f"pnorm({z!r})" for z in norm_z] + [f"qnorm({q!r})" for q in norm_p])
    if len(got) != len(want) or len(want) != len(labels):
        print(f"FAIL: {len(got)} values from samnett, {len(want)} from R, {len(labels)} cases")
        return 1
    bad = [(lab, g, w) for lab, g, w in zip(labels, got, want) if not close(g, w)]
    for lab, g, w in bad[:20]:
        print(f"FAIL {lab}: samnett {g!r}, R {w!r}")
    print(f"exact tests: {len(labels) - len(bad)} of {len(labels)} agree with R")
    return 1 if bad else 0


# ---- net:null_groups ----

GROUP_STATS = ["ei", "touch", "start", "internal"]


def read_actors(folder):
    with open(os.path.join(folder, "actors.csv"), newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def read_ties(folder):
    """{(a, b): contacts} at the actor level, self-contacts left out."""
    ties = {}
    with open(os.path.join(folder, "contacts.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a, b = row["from"], row["to"]
            if a != b:
                ties[(a, b)] = ties.get((a, b), 0) + 1
    return ties


def group_stats(ties, label, groups):
    """The statistics of net:null_groups for the labelling LABEL (node -> group)."""
    M = {}
    for (a, b), w in ties:
        g, h = label[a], label[b]
        M[(g, h)] = M.get((g, h), 0.0) + w
    total = sum(M.values())
    inside = sum(w for (g, h), w in M.items() if g == h)
    out = {"ei": (total - 2 * inside) / total if total else None}
    for g in groups:
        row = sum(w for (x, _), w in M.items() if x == g)
        col = sum(w for (_, y), w in M.items() if y == g)
        i = M.get((g, g), 0.0)
        e = row + col - 2 * i
        out[(g, "ei")] = (e - i) / (e + i) if e + i else None
        out[(g, "touch")] = (row + col - i) / total if total else None
        out[(g, "start")] = row / total if total else None
        out[(g, "internal")] = i / total if total else None
    for a in groups:
        for b in groups:
            if a != b:  # both orders, so a pair is found under samnett's order
                ab, ba = M.get((a, b), 0.0), M.get((b, a), 0.0)
                out[(a, b, "share")] = (ab + ba) / total if total else None
                out[(a, b, "direction")] = ab / (ab + ba) if ab + ba else None
    return out


NULL_GROUPS_PRINT = """
local function o(key, s)
  print(string.format('OUT %s|%.17g|%.17g|%.17g|%.17g|%d', key, s.observed or 0/0,
        s.mean or 0/0, s.sd or 0/0, s.p_greater or 0/0, s.draws))
end
local function dump(tag, r)
  print(string.format('OUT %s|total|%.17g', tag, r.total))
  o(tag .. '|ei', r.ei)
  for name, g in pairs(r.groups) do
    for _, k in ipairs({'ei', 'touch', 'start', 'internal'}) do o(tag .. '|' .. name .. '|' .. k, g[k]) end
  end
  for _, p in ipairs(r.pairs) do
    local a, b = p.a, p.b
    o(tag .. '|' .. a .. '|' .. b .. '|share', p.share)
    o(tag .. '|' .. a .. '|' .. b .. '|direction', p.direction)
  end
end
"""


def parse_null_groups(lines):
    res = {}
    for ln in lines:
        parts = ln.split("|")
        tag = parts[0]
        if parts[1] == "total":
            res.setdefault(tag, {})["total"] = float(parts[2])
            continue
        key = tuple(parts[1:-5])
        obs, mean, sd, pg, draws = parts[-5:]
        key = key[0] if key == ("ei",) else key
        res.setdefault(tag, {})[key] = (float(obs), float(mean), float(sd), float(pg), int(draws))
    return res


def stat_key(k):
    """The Python key of a printed key."""
    if k == "ei":
        return "ei"
    return tuple(k)


def exact_null(ties, label, groups, strata=None):
    """Every permutation of the labels (within strata): the mean and P[X >= obs] of each statistic."""
    nodes = sorted(label)
    obs = group_stats(ties, label, groups)
    blocks = {}
    for v in nodes:
        blocks.setdefault(strata[v] if strata else "", []).append(v)
    perms = [[]]
    for key in sorted(blocks):
        vs = blocks[key]
        vals = [label[v] for v in vs]
        perms = [p + list(zip(vs, q)) for p in perms for q in itertools.permutations(vals)]
    sums, sq, ge, cnt = {}, {}, {}, {}
    for p in perms:
        st = group_stats(ties, dict(p), groups)
        for k, x in st.items():
            if x is None:
                continue
            sums[k] = sums.get(k, 0.0) + x
            sq[k] = sq.get(k, 0.0) + x * x
            cnt[k] = cnt.get(k, 0) + 1
            if obs[k] is not None and x >= obs[k] - 1e-9 * max(1, abs(obs[k])):
                ge[k] = ge.get(k, 0) + 1
    res = {}
    for k in sums:
        m = sums[k] / cnt[k]
        res[k] = (m, ge.get(k, 0) / cnt[k], math.sqrt(max(0.0, sq[k] / cnt[k] - m * m)))
    return obs, res


def mc_null(ties, label, groups, draws, rng, strata=None):
    """The same null drawn in Python: mean and sd of each statistic."""
    nodes = sorted(label)
    blocks = {}
    for v in nodes:
        blocks.setdefault(strata[v] if strata else "", []).append(v)
    acc = {}
    for _ in range(draws):
        perm = {}
        for vs in blocks.values():
            vals = [label[v] for v in vs]
            rng.shuffle(vals)
            perm.update(zip(vs, vals))
        for k, x in group_stats(ties, perm, groups).items():
            if x is not None:
                acc.setdefault(k, []).append(x)
    out = {}
    for k, xs in acc.items():
        m = sum(xs) / len(xs)
        out[k] = (m, (sum((x - m) ** 2 for x in xs) / len(xs)) ** 0.5, len(xs))
    return out


def check_null_groups(binary, tmp, rng):
    fails = 0
    # A. the fixture region: observed exactly, the null against every permutation
    actors = read_actors(REGION)
    ties = list(read_ties(REGION).items())
    label = {a: r["organisation"] for a, r in actors.items()}
    groups = sorted(set(label.values()))
    strata = {a: r["type"] for a, r in actors.items()}
    D = 20000
    lines = run_lens(binary, tmp, NULL_GROUPS_PRINT +
                     f"dump('A', net:null_groups{{attr = 'organisation', draws = {D}, seed = 5}})\n"
                     f"dump('B', net:null_groups{{attr = 'organisation', strata = 'type', "
                     f"draws = {D}, seed = 6}})\n")
    got = parse_null_groups(lines)
    n_checked = 0
    for tag, st in (("A", None), ("B", strata)):
        obs, exact = exact_null(ties, label, groups, st)
        g = got.get(tag, {})
        if abs(g.get("total", -1) - sum(w for _, w in ties)) > 1e-9:
            print(f"FAIL null_groups {tag}: total {g.get('total')}")
            fails += 1
        for k, want in obs.items():
            pk = k if k == "ei" else tuple(k)
            if want is None:
                continue
            if pk not in g:
                # a pair is reported once, in samnett's order; pairs without weight not at all
                if len(pk) == 3 and (want == 0 or (pk[1], pk[0], pk[2]) in g):
                    continue
                print(f"FAIL null_groups {tag} {k}: missing from samnett")
                fails += 1
                continue
            o, mean, sd, pg, draws = g[pk]
            n_checked += 1
            if not close(o, want):
                print(f"FAIL null_groups {tag} {k}: observed {o}, definition {want}")
                fails += 1
            if pk in exact:
                em, ep, esd = exact[pk]
                if abs(sd - esd) > 0.05 * esd + 1e-9:
                    print(f"FAIL null_groups {tag} {k}: null sd {sd}, exact {esd}")
                    fails += 1
                se = sd / math.sqrt(draws) if draws else 0
                if abs(mean - em) > 5 * se + 1e-9:
                    print(f"FAIL null_groups {tag} {k}: null mean {mean}, exact {em} (se {se})")
                    fails += 1
                # samnett's p_greater = (1 + #ge) / (1 + draws)
                ph = (pg * (1 + draws) - 1) / draws
                if abs(ph - ep) > 5 * math.sqrt(ep * (1 - ep) / draws) + 1e-9:
                    print(f"FAIL null_groups {tag} {k}: share at or above {ph}, exact {ep}")
                    fails += 1

    # C. a generated region: attr type over cross-organisation ties counted once
    folder = os.path.join(tmp, "small")
    subprocess.run([binary, "synth", "--scale", "small", "--seed", "3", "--output", folder],
                   check=True, capture_output=True)
    actors = read_actors(folder)
    org = {a: r["organisation"] for a, r in actors.items()}
    ties = [((a, b), 1.0) for (a, b) in read_ties(folder) if org[a] != org[b]]
    label = {a: r["type"] for a, r in actors.items() if r["type"]}
    groups = sorted(set(label.values()))
    ties = [t for t in ties if t[0][0] in label and t[0][1] in label]
    body = NULL_GROUPS_PRINT + ("dump('C', net:null_groups{attr = 'type', ties = 'cross:organisation',"
                                " weight = 'ties', draws = 4000, seed = 9})\n")
    out1 = run_lens(binary, tmp, body, folder=folder, env={"SAMNETT_THREADS": "1"})
    out4 = run_lens(binary, tmp, body, folder=folder, env={"SAMNETT_THREADS": "4"})
    if sorted(out1) != sorted(out4):
        print("FAIL null_groups: the same seed gives different results with 1 and 4 threads")
        fails += 1
    g = parse_null_groups(out1).get("C", {})
    obs = group_stats(ties, label, groups)
    ref = mc_null(ties, label, groups, 1500, rng)
    for k, want in obs.items():
        pk = k if k == "ei" else tuple(k)
        if want is None or pk not in g:
            if want not in (None, 0) and (len(pk) != 3 or (pk[1], pk[0], pk[2]) not in g):
                print(f"FAIL null_groups C {k}: missing from samnett")
                fails += 1
            continue
        o, mean, sd, pg, draws = g[pk]
        n_checked += 1
        if not close(o, want):
            print(f"FAIL null_groups C {k}: observed {o}, definition {want}")
            fails += 1
        if pk in ref:
            rm, rsd, rn = ref[pk]
            se = math.sqrt(sd * sd / draws + rsd * rsd / rn)
            if abs(mean - rm) > 5 * se + 1e-9:
                print(f"FAIL null_groups C {k}: null mean {mean}, Python {rm} (se {se})")
                fails += 1
    fails += check_network_only(binary, tmp, folder)
    print(f"null_groups: {n_checked} statistics checked")
    return 1 if fails else 0


NETWORK_ONLY = """
local function line(tag, kind, s)
  print(string.format('OUT %s|%s|%.17g|%.17g|%.17g|%.17g|%.17g|%.17g|%s|%d|%d', tag, kind,
        s.observed or 0/0, s.mean or 0/0, s.sd or 0/0, s.p_greater or 0/0, s.p_less or 0/0,
        s.p or 0/0, tostring(s.z), s.draws, s.missing))
end
local function both(tag, opts)
  local full = net:null_groups(opts)
  opts.groups = false
  local only = net:null_groups(opts)
  line(tag, 'full', full.ei)
  line(tag, 'only', only.ei)
  print(string.format('OUT %s|shape|%s|%s|%s|%s', tag, tostring(only.groups == nil),
        tostring(only.pairs == nil), tostring(next(full.groups) ~= nil),
        tostring(only.total == full.total)))
end
local nodes = net:columns{'organisation', 'unit'}
local labels, first = {}, nodes.organisation[1]
for i = 1, #nodes.id do
  if nodes.organisation[i] == first and nodes.unit[i] then labels[nodes.id[i]] = nodes.unit[i] end
end
both('ties', {attr = 'type', ties = 'cross:organisation', weight = 'ties', draws = 3000, seed = 4})
both('contacts', {attr = 'organisation', draws = 3000, seed = 5})
both('strata', {attr = 'unit', strata = 'organisation', weight = 'ties', draws = 2000, seed = 6})
both('labels', {labels = labels, weight = 'ties', draws = 2000, seed = 7})
"""


def check_network_only(binary, tmp, folder):
    """groups = false: the network ei exactly as the full null's, and no groups or pairs."""
    fails = 0
    runs = [("1 thread", {"SAMNETT_THREADS": "1"}, ()), ("4 threads", {"SAMNETT_THREADS": "4"}, ()),
            # projected meetings: contact weights that are not whole numbers
            ("projected meetings", {}, ("--meetings", "project"))]
    for what, env, extra in runs:
        got = {}
        for ln in run_lens(binary, tmp, NETWORK_ONLY, extra=extra, folder=folder, env=env):
            tag, kind, rest = ln.split("|", 2)
            got[(tag, kind)] = rest
        for tag in ("ties", "contacts", "strata", "labels"):
            full, only = got.get((tag, "full")), got.get((tag, "only"))
            if full is None or full != only:
                print(f"FAIL null_groups groups = false, {tag} ({what}): ei {only}, full null {full}")
                fails += 1
            if got.get((tag, "shape")) != "true|true|true|true":
                print(f"FAIL null_groups groups = false, {tag} ({what}): groups, pairs, total "
                      f"{got.get((tag, 'shape'))}")
                fails += 1
    return fails


# ---- net:null_rewire ----

def check_null_rewire(binary, tmp, rng):
    import igraph
    fails = 0
    folder = os.path.join(tmp, "small")  # written by check_null_groups
    ties = sorted(read_ties(folder))
    names = sorted({a for t in ties for a in t})
    index = {a: i for i, a in enumerate(names)}
    g = igraph.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in ties], directed=True)
    focus = [names[i] for i in sorted(range(len(names)), key=lambda i: -g.degree(i))[:4]]
    focus.append(names[len(names) // 2])
    D = 400
    body = ("local r = net:null_rewire{stats = {'reciprocity', 'clustering', 'top_share', "
            "'betweenness'}, nodes = {%s}, k = 5, draws = %d, seed = 11}\n"
            "local function o(k, s) print(string.format('OUT %%s|%%.17g|%%.17g|%%.17g|%%d', k, "
            "s.observed, s.mean, s.sd, s.draws)) end\n"
            "o('reciprocity', r.reciprocity) o('clustering', r.clustering) o('top_share', r.top_share)\n"
            "for id, x in pairs(r.nodes) do o('b:' .. id, x.betweenness) end\n"
            % (", ".join(repr(a) for a in focus), D))
    lines = run_lens(binary, tmp, body, folder=folder, env={"SAMNETT_THREADS": "1"})
    if sorted(lines) != sorted(run_lens(binary, tmp, body, folder=folder,
                                        env={"SAMNETT_THREADS": "3"})):
        print("FAIL null_rewire: the same seed gives different results with 1 and 3 threads")
        fails += 1
    got = {}
    for ln in lines:
        k, obs, mean, sd, n = ln.split("|")
        got[k] = (float(obs), float(mean), float(sd), int(n))
    btw = g.betweenness(directed=True)
    total = sum(btw)
    want_obs = {"reciprocity": g.reciprocity(), "clustering": g.transitivity_undirected(),
                "top_share": sum(sorted(btw, reverse=True)[:5]) / total}
    for a in focus:
        want_obs["b:" + a] = btw[index[a]]
    for k, w in want_obs.items():
        if k not in got or not close(got[k][0], w):
            print(f"FAIL null_rewire observed {k}: samnett {got.get(k)}, igraph {w}")
            fails += 1
    # igraph's own rewiring, the same null: means within sampling error
    ref = {"reciprocity": [], "clustering": []}
    R = 200
    for _ in range(R):
        h = g.copy()
        h.rewire(n=10 * g.ecount(), mode="simple")
        ref["reciprocity"].append(h.reciprocity())
        ref["clustering"].append(h.transitivity_undirected())
    for k, xs in ref.items():
        m = sum(xs) / len(xs)
        sd = math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))
        o, mean, gsd, n = got[k]
        se = math.sqrt(gsd * gsd / n + sd * sd / len(xs))
        ok = abs(mean - m) <= 5 * se + 1e-9
        print(f"null_rewire {k}: observed {o:.4f}, null mean {mean:.4f} (sd {gsd:.4f}); "
              f"igraph rewire {m:.4f} (sd {sd:.4f})")
        if not ok:
            print(f"FAIL null_rewire {k}: null mean {mean}, igraph {m} (se {se})")
            fails += 1
        # an sd from R draws is off by about sd / sqrt(2 R): 5 of those
        if abs(gsd - sd) > 5 * sd / math.sqrt(2 * len(xs)) + 1e-9:
            print(f"FAIL null_rewire {k}: null sd {gsd}, igraph {sd}")
            fails += 1
    return 1 if fails else 0


# ---- net:null_time ----

def window_stats(pairs, windows):
    """ties, persistence, novelty per window of (tie, window) contacts (novelty_k = 1)."""
    sets = {w: set() for w in windows}
    for t, w in pairs:
        sets[w].add(t)
    out, prev = {}, None
    for w in windows:
        a = sets[w]
        st = {"ties": float(len(a))}
        if prev is not None:
            u = len(a | prev)
            st["persistence"] = len(a & prev) / u if u else None
            st["novelty"] = len(a - prev) / len(a) if a else None
        out[w] = st
        prev = a
    return out


def check_null_time(binary, tmp, rng):
    fails = 0
    folder = os.path.join(tmp, "small")
    D = 1000
    body = ("local r = net:null_time{length = 'year', draws = %d, seed = 4}\n"
            "local ws = net:windows{length = 'year'}\n"
            "local function o(k, s) if s then print(string.format('OUT %%s|%%.17g|%%.17g|%%.17g|%%d', "
            "k, s.observed or 0/0, s.mean or 0/0, s.sd or 0/0, s.draws)) end end\n"
            "for i, w in ipairs(r.windows) do\n"
            "  for _, k in ipairs({'ties', 'persistence', 'novelty'}) do o(w.label .. '|' .. k, w[k])\n"
            "    print(string.format('OUT %%s|%%s|module|%%.17g', w.label, k, ws[i][k] or 0/0)) end\n"
            "end\n" % D)
    got, module = {}, {}
    lines = run_lens(binary, tmp, body, folder=folder, env={"SAMNETT_THREADS": "1"})
    if sorted(lines) != sorted(run_lens(binary, tmp, body, folder=folder,
                                        env={"SAMNETT_THREADS": "4"})):
        print("FAIL null_time: the same seed gives different results with 1 and 4 threads")
        fails += 1
    for ln in lines:
        parts = ln.split("|")
        if parts[2] == "module":
            module[(parts[0], parts[1])] = float(parts[3])
        else:
            got[(parts[0], parts[1])] = tuple(float(x) for x in parts[2:5]) + (int(parts[5]),)
    for k, (o, mean, sd, n) in got.items():
        if not (math.isnan(o) and math.isnan(module[k])) and not close(o, module[k]):
            print(f"FAIL null_time {k}: observed {o}, temporal module {module[k]}")
            fails += 1
    pairs = []
    with open(os.path.join(folder, "contacts.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["from"] != row["to"]:
                pairs.append(((row["from"], row["to"]), row["time"][:4]))
    windows = sorted({w for _, w in pairs})
    obs = window_stats(pairs, windows)
    for w in windows:
        for k, x in obs[w].items():
            if x is not None and not close(got[(w, k)][0], x):
                print(f"FAIL null_time {w} {k}: observed {got[(w, k)][0]}, definition {x}")
                fails += 1
    ties = [t for t, _ in pairs]
    wins = [w for _, w in pairs]
    R = 150
    acc = {}
    for _ in range(R):
        rng.shuffle(wins)
        for w, st in window_stats(list(zip(ties, wins)), windows).items():
            for k, x in st.items():
                if x is not None:
                    acc.setdefault((w, k), []).append(x)
    checked = 0
    for key, xs in acc.items():
        m = sum(xs) / len(xs)
        rsd = math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))
        o, mean, sd, n = got[key]
        se = math.sqrt(sd * sd / n + rsd * rsd / len(xs))
        checked += 1
        if abs(mean - m) > 5 * se + 1e-9:
            print(f"FAIL null_time {key}: null mean {mean}, Python {m} (se {se})")
            fails += 1
        if abs(sd - rsd) > 5 * rsd / math.sqrt(2 * len(xs)) + 1e-9:
            print(f"FAIL null_time {key}: null sd {sd}, Python {rsd}")
            fails += 1
    print(f"null_time: {len(got)} observed values agree with the temporal module; "
          f"{checked} null means and sds checked")
    return 1 if fails else 0


# ---- bad arguments ----

BAD_CALLS = [
    ("net:null_groups{attr = 'nosuch'}", "attr: no node has the attribute 'nosuch'"),
    ("net:null_groups{attr = 'type', draws = 0}", "draws must be a whole number from 1 to 1000000"),
    ("net:null_groups{attr = 'type', draws = 1000001}", "draws must be"),
    ("net:null_groups{attr = 'type', ties = 'across:unit'}", "ties = 'across:unit'"),
    ("net:null_groups{attr = 'type', ties = 'cross:nosuch'}", "ties: no node has the attribute"),
    ("net:null_groups{attr = 'type', strata = 'nosuch'}", "strata: no node has the attribute"),
    ("net:null_groups{attr = 'type', weight = 'sum'}", "weight must be"),
    ("net:null_groups{attr = 'type', colour = 1}", "unknown option 'colour'"),
    ("net:null_groups{attr = 'type', groups = 0}", "groups must be true or false"),
    ("net:null_groups{labels = {zz = 'a'}}", "labels: no node 'zz'"),
    ("net:null_groups{}", "give attr"),
    ("net:null_rewire{stats = {'modularity'}}", "stats: unknown statistic 'modularity'"),
    ("net:null_rewire{stats = {'betweenness'}}", "give nodes"),
    ("net:null_rewire{stats = {'reciprocity'}, nodes = {'zz'}}", "nodes: no node 'zz'"),
    ("net:null_rewire{stats = {'brokerage'}, nodes = {'k1'}, attr = 'nosuch'}", "attr: no node"),
    ("net:null_rewire{stats = {'reciprocity'}, seed = -1}", "seed must be"),
    ("net:null_time{length = 'fortnight'}", "length 'fortnight'"),
    ("net:null_time{stats = {'bursts'}}", "stats: unknown statistic 'bursts'"),
    ("net:null_time{since = 'soon'}", "since"),
    ("stats.binom_test(3, 2, 0.5)", "k (3) is larger than n (2)"),
    ("stats.binom_test(1, 2, 1.5)", "p0 must be"),
    ("stats.binom_test(1, 2, 0.5, 'up')", "alternative must be"),
    ("stats.fisher_test(1, -1, 2, 3)", "b must be a whole number"),
    ("stats.p_adjust({0.1, 2}, 'holm')", "p-value 2 (2)"),
    ("stats.p_adjust({0.1}, 'bonferroni')", "method must be"),
]


def check_bad_arguments(binary, tmp):
    body = "\n".join(
        "do local ok, e = pcall(function() return %s end) print('OUT ' .. %d .. '|' .. "
        "tostring(ok) .. '|' .. tostring(e)) end" % (call, i)
        for i, (call, _) in enumerate(BAD_CALLS))
    got = {}
    for ln in run_lens(binary, tmp, body):
        i, ok, msg = ln.split("|", 2)
        got[int(i)] = (ok, msg)
    fails = 0
    for i, (call, want) in enumerate(BAD_CALLS):
        ok, msg = got.get(i, ("missing", ""))
        if ok != "false" or want not in msg:
            print(f"FAIL {call}: {ok} {msg!r}; expected an error with {want!r}")
            fails += 1
    print(f"bad arguments: {len(BAD_CALLS) - fails} of {len(BAD_CALLS)} give the expected error")
    return 1 if fails else 0


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    rng = random.Random(20261203)
    fails = 0
    with tempfile.TemporaryDirectory() as tmp:
        fails += check_exact(binary, tmp, rng)
        fails += check_bad_arguments(binary, tmp)
        fails += check_null_groups(binary, tmp, rng)
        fails += check_null_rewire(binary, tmp, rng)
        fails += check_null_time(binary, tmp, rng)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
