#!/usr/bin/env python3
"""Fidelity of the lenses: do their labels find what `samnett synth` planted,
and stay silent where nothing was planted?

usage: check_fidelity.py SAMNETT [--ci | --bench] [--jobs N] [--lens SPEC]
                         [--work DIR] [--fake perfect|wrong] [--self-test]

Regions are generated with `samnett synth` (planted, and --null twins with
nothing planted), analysed with `samnett analyze --lens SPEC --format json
--window month`, and each lens's findings are scored against the region's
truth.json, for the patterns the lens declares (`detects` in lenses[] of the
JSON; a lens that declares none is not scored):

- a planted pattern P is *found* at truth scope t when some finding of a
  lens that declares P has the declaration's level and one of its labels, and
  its scope matches t (pair scopes "A <-> B" in either order; a scope's parts
  split at " | " are matched one by one, so "network | 2020-03" matches the
  window 2020-03; a series id such as ln01 matches a scope that names it);
- recall of a declaration = found / truth scopes, over planted regions (the
  window scopes of video_shift are alternatives: one to find);
- precision of (lens, label, level) = findings with that label (at the declared
  level) whose scope is a truth scope of a pattern the lens declares for the
  label / all such findings, over planted regions;
- null FPR of (lens, label, level) = share of null regions where the label fires;
- volume stability of a lens = for the same seed at --volume 1 and 5, the
  share of its (level, scope) findings whose labels stay the same.

--ci (the default; ctest fidelity_ci) runs a few planted and null regions of
at least 100,000 contacts and fails if any declared pattern's recall at
>= 100,000 contacts is below 0.9 or any declared label fires on more than 5%
of the null regions, printing each (lens, label, scope) that failed.
--bench (scripts/bench fidelity) runs 48 regions (about 20,000 to 2 million
contacts, 10 seeds, planted and null) and only prints the table.
--fake replaces the analysis by findings made from truth.json (perfect: one
per truth scope; wrong: none where planted, some where not), to show that
the scoring and the failure rule work; --self-test runs both and checks that
perfect passes and wrong fails.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

# The declarations of the fake lens set of --fake and --self-test (the
# patterns and scopes are those of truth.json, see core/tools/synth/synth.c).
FAKE_DETECTS = {
    "silo": [{"pattern": "silo", "level": "group", "labels": ["silo"]}],
    "ildsjel": [{"pattern": "bridge", "level": "actor", "labels": ["nøkkelperson"]}],
    "coordinator": [{"pattern": "bridge", "level": "actor", "labels": ["koblingsboks"]}],
    "learning-network": [{"pattern": "learning_network", "level": "network", "labels": ["falmer"]}],
    "equality": [{"pattern": "one_way_shadowing", "level": "group", "labels": ["enveis hospitering"]}],
    "cynefin": [{"pattern": "video_shift", "level": "network", "labels": ["kaotisk", "overgang"]}],
    "anchoring": [{"pattern": "top_down", "level": "group", "labels": ["ovenfra og ned"]}],
}

CI_MIN_CONTACTS = 100_000
CI_MIN_RECALL = 0.9
CI_MAX_FPR = 0.05


# ---------------------------------------------------------------------------
# Regions

def region_name(r):
    return (f"{r['scale']}-m{r['munis']}-v{r['volume']:g}-s{r['seed']}"
            + ("-null" if r["null"] else "-" + r.get("plant", "all+")))


def ci_regions():
    """Planted and null regions of at least 100k contacts (small scale)."""
    out = []
    for seed, munis, volume in ((1, 8, 3.0), (2, 8, 3.0), (3, 8, 3.0), (4, 8, 3.0), (5, 24, 1.0),
                                (6, 24, 1.0), (7, 40, 1.0)):
        for null in (False, True):
            out.append(dict(scale="small", munis=munis, volume=volume, seed=seed, null=null))
    return out


def bench_regions():
    """At least 40 regions, 20k to 2M contacts, seeds 1-10, planted and null."""
    configs = [("small", 8, 0.5), ("small", 8, 1.0), ("small", 24, 1.0), ("small", 40, 1.0),
               ("small", 8, 5.0), ("small", 24, 2.0), ("small", 40, 0.5), ("region", 8, 1.0),
               ("region", 24, 0.5), ("region", 28, 1.0)]
    out = []
    for seed in range(1, 11):
        for c in (configs[(seed - 1) % len(configs)], configs[(seed + 4) % len(configs)]):
            for null in (False, True):
                out.append(dict(scale=c[0], munis=c[1], volume=c[2], seed=seed, null=null))
    # volume stability: the same seed at volume 1 and 5
    for seed in (1, 2, 3, 4, 5):
        for v in (1.0, 5.0):
            r = dict(scale="small", munis=8, volume=v, seed=seed, null=False)
            if r not in out:
                out.append(r)
    return out


def run_region(binary, work, r, lens, fake):
    d = os.path.join(work, region_name(r))
    os.makedirs(d, exist_ok=True)
    truth_path = os.path.join(d, "truth.json")
    if not os.path.exists(truth_path):
        cmd = [binary, "synth", "--scale", r["scale"], "--seed", str(r["seed"]),
               "--municipalities", str(r["munis"]), "--volume", f"{r['volume']:g}", "--output", d]
        cmd += ["--null"] if r["null"] else ["--plant", r.get("plant", "all+")]
        subprocess.run(cmd, check=True, capture_output=True)
    truth = json.load(open(truth_path, encoding="utf-8"))
    with open(os.path.join(d, "contacts.csv"), "rb") as f:
        contacts = sum(1 for _ in f) - 1
    t0 = time.time()
    if fake:
        report = fake_report(truth, fake)
    else:
        p = subprocess.run([binary, "analyze", "--quiet", "--actors", os.path.join(d, "actors.csv"),
                            "--contacts", os.path.join(d, "contacts.csv"), "--lens", lens,
                            "--format", "json", "--window", "month"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"analyze {d}: exit {p.returncode}: {p.stderr[-500:]}")
        report = json.loads(p.stdout)
    lenses = {}
    for L in report.get("lenses", []):
        res = L.get("result") if isinstance(L.get("result"), dict) else L
        lenses[L["name"]] = {"detects": L.get("detects"), "status": L.get("status", "ok"),
                             "findings": res.get("findings") or []}
    return dict(region=r, name=region_name(r), truth=truth, contacts=contacts, lenses=lenses,
                seconds=time.time() - t0)


# ---------------------------------------------------------------------------
# Scoring

def declarations(results):
    """(lens, pattern, level, labels) from the JSON's detects."""
    decl = {}
    for res in results:
        for name, L in res["lenses"].items():
            if name in decl:
                continue
            d = L["detects"]
            decl[name] = (d or [], "json")
    return decl


def truth_items(truth, pattern, level):
    """The truth scopes of a planted pattern for a level: a list of items,
    each a list of (key, scope) alternatives; [] when not planted."""
    t = truth["patterns"].get(pattern) or {}
    if not t.get("planted"):
        return []
    keys = [k for k, v in t.items() if isinstance(v, list)]
    if level in keys and level != "window":
        return [[(level, s)] for s in t[level]]
    if level == "window" and "window" in keys:
        return [[("window", s) for s in t["window"]]]
    pooled = [(k, s) for k in keys for s in t[k]]
    return [pooled] if pooled else []


def part_match(c, t, key):
    if c == t:
        return True
    if " <-> " in c and (" <-> " in t or " -> " in t):
        return set(c.split(" <-> ")) == set(re.split(r" <?-> ", t))
    if key == "series":
        return re.search(r"(^|\W)" + re.escape(t) + r"(\W|$)", c) is not None
    return False


def scope_match(scope, item):
    parts = [scope] + scope.split(" | ")
    return any(part_match(c, t, k) for c in parts for k, t in item)


def score(results, decl):
    planted = [r for r in results if not r["truth"]["null"]]
    nulls = [r for r in results if r["truth"]["null"]]
    rows = {}  # (lens, label, level) -> stats
    recall = {}  # (lens, pattern, level) -> stats
    for lens, (ds, _) in decl.items():
        for d in ds:
            key = (lens, d["pattern"], d["level"])
            rc = recall.setdefault(key, dict(labels=d["labels"], found=0, total=0, found_big=0,
                                            total_big=0, missed=[]))
            for res in planted:
                items = truth_items(res["truth"], d["pattern"], d["level"])
                fs = [f for f in res["lenses"].get(lens, {}).get("findings", [])
                      if f.get("level") == d["level"] and f.get("label") in d["labels"]]
                for it in items:
                    hit = any(scope_match(f.get("scope", ""), it) for f in fs)
                    big = res["contacts"] >= CI_MIN_CONTACTS
                    rc["total"] += 1
                    rc["found"] += hit
                    rc["total_big"] += big
                    rc["found_big"] += hit and big
                    if not hit:
                        rc["missed"].append((res["name"], res["contacts"], it[0][1]))
            for label in d["labels"]:
                row = rows.setdefault((lens, label, d["level"]),
                                      dict(level=d["level"], tp=0, n=0, fired=0, nulls=len(nulls),
                                           fp_scopes=[], patterns=set()))
                row["patterns"].add(d["pattern"])
    for (lens, label, level), row in rows.items():
        mine = [d for d in decl[lens][0] if label in d["labels"] and d["level"] == level]
        for res in planted:
            items = [it for d in mine for it in truth_items(res["truth"], d["pattern"], d["level"])]
            for f in res["lenses"].get(lens, {}).get("findings", []):
                if f.get("label") == label and f.get("level") == row["level"]:
                    row["n"] += 1
                    row["tp"] += any(scope_match(f.get("scope", ""), it) for it in items)
        for res in nulls:
            fs = [f for f in res["lenses"].get(lens, {}).get("findings", [])
                  if f.get("label") == label and f.get("level") == row["level"]]
            if fs:
                row["fired"] += 1
                row["fp_scopes"].append((res["name"], fs[0].get("scope", "")))
    return rows, recall


def volume_stability(results):
    """Per lens: share of (level, scope) whose labels agree at volume 1 and 5."""
    by = {}
    for res in results:
        r = res["region"]
        if r["null"] or r["volume"] not in (1.0, 5.0):
            continue
        by.setdefault((r["scale"], r["munis"], r["seed"]), {})[r["volume"]] = res
    agree, total = {}, {}
    for pair in by.values():
        if len(pair) != 2:
            continue
        a, b = pair[1.0], pair[5.0]
        for lens in set(a["lenses"]) | set(b["lenses"]):
            def labels(res):
                out = {}
                for f in res["lenses"].get(lens, {}).get("findings", []):
                    out.setdefault((f.get("level"), f.get("scope")), set()).add(f.get("label"))
                return out
            la, lb = labels(a), labels(b)
            for k in set(la) | set(lb):
                total[lens] = total.get(lens, 0) + 1
                agree[lens] = agree.get(lens, 0) + (la.get(k) == lb.get(k))
    return {k: (agree[k], total[k]) for k in total}


def fmt(x):
    return "   -" if x is None else f"{x:4.2f}"


def table(results, decl, rows, recall, stab):
    planted = [r for r in results if not r["truth"]["null"]]
    nulls = [r for r in results if r["truth"]["null"]]
    cs = [r["contacts"] for r in results]
    seeds = {r["region"]["seed"] for r in results}
    print(f"{len(results)} regions ({len(planted)} planted, {len(nulls)} null), "
          f"{min(cs):,} to {max(cs):,} contacts, {len(seeds)} seeds")
    src = sorted(k for k, v in decl.items() if v[0])
    print("lenses that declare patterns: " + ", ".join(src))
    print(f"{'lens':<17} {'label':<22} {'level':<8} {'pattern':<18} {'prec':>5} {'recall':>6} "
          f"{'rec>=100k':>9} {'null FPR':>8} {'findings':>8}")
    for (lens, label, _), row in sorted(rows.items()):
        for pat in sorted(row["patterns"]):
            rc = recall[(lens, pat, row["level"])]
            prec = row["tp"] / row["n"] if row["n"] else None
            rec = rc["found"] / rc["total"] if rc["total"] else None
            recb = rc["found_big"] / rc["total_big"] if rc["total_big"] else None
            fpr = row["fired"] / row["nulls"] if row["nulls"] else None
            print(f"{lens:<17} {label:<22} {row['level']:<8} {pat:<18} {fmt(prec):>5} {fmt(rec):>6} "
                  f"{fmt(recb):>9} {fmt(fpr):>8} {row['n']:>8}")
    for lens, (ds, _) in sorted(decl.items()):
        if not ds:
            print(f"{lens:<17} (declares no pattern)")
    if stab:
        print("volume stability (same seed at --volume 1 and 5: share of (level, scope) labels kept):")
        print("  " + ", ".join(f"{k} {a / t:.2f} ({t})" for k, (a, t) in sorted(stab.items())))


def failures(rows, recall):
    bad = []
    for (lens, pat, level), rc in sorted(recall.items()):
        if rc["total_big"] and rc["found_big"] / rc["total_big"] < CI_MIN_RECALL:
            labels = "|".join(rc["labels"])
            missed = [m for m in rc["missed"] if m[1] >= CI_MIN_CONTACTS]
            bad.append(f"recall {rc['found_big']}/{rc['total_big']} < {CI_MIN_RECALL} for "
                       f"({lens}, {labels}, {level}) on {pat}; missed e.g. "
                       + "; ".join(f"{m[2]} in {m[0]}" for m in missed[:3]))
        if not rc["total_big"]:
            bad.append(f"no planted truth scope of {pat} at >= {CI_MIN_CONTACTS} contacts for {lens}")
    for (lens, label, level), row in sorted(rows.items()):
        if row["nulls"] and row["fired"] / row["nulls"] > CI_MAX_FPR:
            bad.append(f"({lens}, {label}, {level}) fires on {row['fired']}/{row['nulls']} null regions > "
                       f"{CI_MAX_FPR:.0%}: " + "; ".join(f"'{s}' in {n}" for n, s in row["fp_scopes"][:3]))
    return bad


# ---------------------------------------------------------------------------
# Fake analyses, to show that the scoring can fail

def fake_report(truth, how):
    lenses = []
    for name, ds in FAKE_DETECTS.items():
        fs = []
        for d in ds:
            items = truth_items(truth, d["pattern"], d["level"])
            for label in d["labels"]:
                if how == "perfect":
                    fs += [{"level": d["level"], "scope": it[0][1], "label": label} for it in items]
                elif how == "wrong" and truth["null"]:
                    fs.append({"level": d["level"], "scope": "nowhere", "label": label})
        lenses.append({"name": name, "status": "ok", "detects": ds, "findings": fs})
    return {"lenses": lenses}


def evaluate(binary, regions, args, fake=None):
    work = args.work
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(lambda r: run_region(binary, work, r, args.lens, fake), regions))
    decl = declarations(results)
    rows, recall = score(results, decl)
    return results, decl, rows, recall


def self_test(binary, args):
    regs = [dict(scale="small", munis=8, volume=0.5, seed=s, null=n) for s in (1, 2) for n in (False, True)]
    ok = True
    _, decl, rows, recall = evaluate(binary, regs, args, "perfect")
    bad = failures(rows, recall)
    # at 0.5 volume no region reaches 100k contacts: only the recall-size rule fails
    perfect_ok = all(rc["found"] == rc["total"] > 0 for rc in recall.values()) and \
        all(row["tp"] == row["n"] > 0 and row["fired"] == 0 for row in rows.values())
    print(("ok      " if perfect_ok else "FAILED  ") + "self-test: a perfect lens set scores recall 1, "
          "precision 1, null FPR 0")
    ok &= perfect_ok
    _, decl, rows, recall = evaluate(binary, regs, args, "wrong")
    bad = failures(rows, recall)
    wrong_ok = all(rc["found"] == 0 for rc in recall.values()) and \
        all(row["fired"] == row["nulls"] == 2 for row in rows.values()) and \
        sum("fires on 2/2 null regions" in b for b in bad) == len(rows)
    print(("ok      " if wrong_ok else "FAILED  ") + f"self-test: a wrong lens set fails ({len(bad)} failures,"
          f" e.g. {bad[-1] if bad else '-'})")
    ok &= wrong_ok
    t = truth_items({"patterns": {"video_shift": {"planted": True, "window": ["2020-03", "2020Q1"]}}},
                    "video_shift", "network")
    m = scope_match("network | 2020-03", t[0]) and not scope_match("network | 2020-04", t[0]) and \
        scope_match("Ytterøy kommune <-> Nordvik sykehus",
                    [("group", "Nordvik sykehus <-> Ytterøy kommune")]) and \
        scope_match("ln (ln01–ln16)", [("series", "ln01")]) and \
        not scope_match("ln (ln02–ln16)", [("series", "ln01")])
    print(("ok      " if m else "FAILED  ") + "self-test: scope matching (windows, pairs, series)")
    return ok and m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("samnett")
    ap.add_argument("--ci", action="store_true")
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--lens", default="all")
    ap.add_argument("--work")
    ap.add_argument("--fake", choices=("perfect", "wrong"))
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    tmp = None
    if not args.work:
        tmp = tempfile.TemporaryDirectory()
        args.work = tmp.name
    t0 = time.time()
    if args.self_test:
        return 0 if self_test(args.samnett, args) else 1
    regions = bench_regions() if args.bench else ci_regions()
    results, decl, rows, recall = evaluate(args.samnett, regions, args, args.fake)
    table(results, decl, rows, recall, volume_stability(results))
    print(f"{time.time() - t0:.1f} s")
    if args.bench:
        return 0
    bad = failures(rows, recall)
    for b in bad:
        print("FAILED  " + b)
    if bad:
        print(f"{len(bad)} fidelity failure(s)")
        return 1
    print("fidelity: every declared pattern found (recall >= 0.9 at >= 100k contacts), "
          "no label on more than 5% of null regions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
