#!/usr/bin/python3
"""check_ties.py SAMNETT [--keep DIR]

The tie table (README, "Tie tables"; docs/ties-columns.md): `samnett
reduce` and `samnett analyze --ties`.

1. The reduce against a reduce written here: the contacts CSV read with
   Python's csv module, each contact's bucket from its local date in
   Europe/Oslo (zoneinfo), contacts, weight sums (fractional weights, each
   exact in single precision), distinct cases, first and last time; with
   --privacy shared the actor ids as HMAC-SHA256 pseudonyms (Python's hmac)
   and the ties with fewer than 3 contacts left out. For every --bucket, the
   two tables must be byte-equal after both are sorted, and samnett's must
   already be in its sorted order.
2. The differential check, on a generated region (`samnett synth --scale
   small`) and another made with --volume: `analyze --format json` on the
   raw contacts and `reduce` + `analyze --ties` must give the same network,
   actors (every node measure), ties, brokerage and silo (floats within 1e-9
   relative); the first region also with --tie-weight sum and --level
   organisation; with --window quarter (the first also --window month) over
   month buckets the same windows. Under --privacy shared, the
   reduce leaves the ties under the small-cell threshold out, so the tie
   analysis equals the raw one with --min-contacts 3 (the same rule) in
   actors, ties, brokerage and silo.
3. CSV and JSONL tie input give the same report, and so does the table
   written to standard output and gzip'd; --output X.gz is refused.
4. The report says what a tie table cannot give (JSON input.kind,
   input.unavailable; text en and nb; CSV provenance), options that need
   single contacts are refused (exit 2), and a window finer than the buckets
   is refused.
5. An empty tie table stops with exit 2; an actor in the tie table but not in
   --actors is created with type 'unknown' and a warning (an error, exit 2,
   under --strict); an id spelled with surrounding spaces and decomposed
   characters is the actor's id in normal form C.

Prints each problem and exits 1 when there is one.
"""
import csv
import datetime
import gzip
import hashlib
import hmac
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
HEADER = "from,to,channel,bucket,contacts,weight,cases,first,last"
problems = []


def fail(msg):
    problems.append(msg)
    print("FAIL: " + msg)


def run(args, ok=(0,), **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if p.returncode not in ok:
        fail("%s: exit %d (expected %s): %s" % (" ".join(args), p.returncode, ok, p.stderr[-2000:]))
    return p


# ---- the reference reduce ----

def pseudonym(key, ident):
    mac = hmac.new(key, b"actor:" + ident.encode(), hashlib.sha256).digest()[:16]
    n = int.from_bytes(mac, "big") << 2  # 128 bits + 2 zero bits = 26 x 5 bits
    return "a-" + "".join(ALPHABET[(n >> (5 * (25 - i))) & 31] for i in range(26))


def bucket_of(t, bucket):
    d = t.astimezone(OSLO).date()
    if bucket == "week":
        d -= datetime.timedelta(days=d.weekday())
    elif bucket == "month":
        d = d.replace(day=1)
    elif bucket == "quarter":
        d = d.replace(month=(d.month - 1) // 3 * 3 + 1, day=1)
    return d.isoformat()


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def fmt_weight(w):
    return str(int(w)) if w == math.floor(w) else "%.17g" % w


def reference_reduce(contacts, bucket, key=None, min_cell=0):
    rows = {}
    with open(contacts, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            t = datetime.datetime.fromisoformat(r["time"].replace("Z", "+00:00"))
            a, b = r["from"].strip(), r["to"].strip()
            if key:
                a, b = pseudonym(key, a), pseudonym(key, b)
            k = (a, b, r["channel"], bucket_of(t, bucket))
            e = rows.setdefault(k, [0, 0.0, set(), t, t])
            e[0] += 1
            e[1] += f32(float(r["weight"])) if r.get("weight") else 1.0
            if r.get("case"):
                e[2].add(r["case"])
            e[3] = min(e[3], t)
            e[4] = max(e[4], t)
    if min_cell:
        per_tie = {}
        for k, e in rows.items():
            per_tie[k[:2]] = per_tie.get(k[:2], 0) + e[0]
        rows = {k: e for k, e in rows.items() if per_tie[k[:2]] >= min_cell}
    z = lambda t: t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    for k in sorted(rows, key=lambda k: tuple(x.encode() for x in k)):
        e = rows[k]
        out.append(",".join([k[0], k[1], k[2], k[3], str(e[0]), fmt_weight(e[1]),
                             str(len(e[2])), z(e[3]), z(e[4])]))
    return [HEADER] + out


# ---- comparing reports ----

def same(a, b, path, out):
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            if a != b:
                out.append("%s: %r != %r" % (path, a, b))
            return
        if math.isnan(a) and math.isnan(b):
            return
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            out.append("%s: %r != %r" % (path, a, b))
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in set(a) | set(b):
            if k not in a or k not in b:
                out.append("%s.%s: only in %s" % (path, k, "raw" if k in a else "ties"))
            else:
                same(a[k], b[k], path + "." + k, out)
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: %d entries != %d" % (path, len(a), len(b)))
            return
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, "%s[%d]" % (path, i), out)
        return
    if a != b:
        out.append("%s: %r != %r" % (path, a, b))


def compare(raw, ties, keys, what, drop=()):
    diffs = []
    for k in keys:
        x, y = raw.get(k), ties.get(k)
        if isinstance(x, dict):
            x = {kk: v for kk, v in x.items() if kk not in drop}
            y = {kk: v for kk, v in (y or {}).items() if kk not in drop}
        same(x, y, k, diffs)
    for d in diffs[:10]:
        fail("%s: %s" % (what, d))
    return not diffs


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    sn = os.path.abspath(sys.argv[1])
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    tmp = keep or tempfile.mkdtemp(prefix="samnett-ties.")
    os.makedirs(tmp, exist_ok=True)
    try:
        check(sn, tmp)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print("%d problem(s)" % len(problems) if problems else "ok: tie table checks")
    return 1 if problems else 0


def check(sn, tmp):
    j = lambda *p: os.path.join(tmp, *p)
    env = dict(os.environ, TZ="UTC")
    run([sn, "synth", "--scale", "small", "--output", j("a")])
    run([sn, "synth", "--scale", "small", "--seed", "7", "--volume", "0.4", "--output", j("b")])
    run([sn, "key", "new", j("key")])
    with open(j("key"), "rb") as f:
        key = f.read()

    # fractional weights (multiples of 1/8, exact in single precision) for the reference
    os.makedirs(j("frac"), exist_ok=True)
    shutil.copy(j("a", "actors.csv"), j("frac", "actors.csv"))
    with open(j("a", "contacts.csv"), newline="") as f, open(j("frac", "contacts.csv"), "w", newline="") as g:
        rd = csv.DictReader(f)
        w = csv.DictWriter(g, fieldnames=rd.fieldnames, lineterminator="\n")
        w.writeheader()
        for i, r in enumerate(rd):
            r["weight"] = "%g" % ((float(r["weight"] or 1) + i % 7) / 8)
            w.writerow(r)

    # 1. the reduce against the reference, every bucket, internal and shared
    for bucket in ("day", "week", "month", "quarter"):
        for shared in (False, True) if bucket == "month" else (False,):
            out = j("ref-%s-%d.csv" % (bucket, shared))
            args = [sn, "reduce", "--bucket", bucket, j("frac"), "--output", out]
            if shared:
                args += ["--privacy", "shared", "--pseudonym-key", j("key")]
            run(args, env=env)
            if not os.path.exists(out):
                continue
            with open(out, encoding="utf-8") as f:
                got = f.read().split("\n")
            if got[-1] != "":
                fail("reduce %s: no line end at the end" % bucket)
            got = got[:-1]
            want = reference_reduce(j("frac", "contacts.csv"), bucket, key if shared else None,
                                    3 if shared else 0)
            if got != [got[0]] + sorted(got[1:], key=lambda s: tuple(x.encode() for x in s.split(",")[:4])):
                fail("reduce --bucket %s: rows not in (from, to, channel, bucket) order" % bucket)
            if sorted(got) != sorted(want):
                miss = sorted(set(want) - set(got))[:3]
                extra = sorted(set(got) - set(want))[:3]
                fail("reduce --bucket %s%s: %d rows, reference %d; missing %s; extra %s" % (
                    bucket, " shared" if shared else "", len(got), len(want), miss, extra))

    # 2. the differential check
    keys = ["network", "actors", "ties", "brokerage", "silo"]
    for region in ("a", "b"):
        tab = j(region + ".ties.csv")
        run([sn, "reduce", j(region), "--output", tab])
        extras = ([], ["--tie-weight", "sum"], ["--level", "organisation"]) if region == "a" else ([],)
        for extra in extras:
            raw, tie = j(region + "-raw.json"), j(region + "-ties.json")
            run([sn, "analyze", j(region, "actors.csv"), j(region, "contacts.csv"),
                 "--format", "json", "--output", raw] + extra)
            run([sn, "analyze", "--actors", j(region, "actors.csv"), "--ties", tab,
                 "--format", "json", "--output", tie] + extra)
            a, b = load(raw), load(tie)
            compare(a, b, keys, "region %s %s" % (region, " ".join(extra) or "default"))
            if b["input"].get("kind") != "ties" or "cases" not in b["input"].get("unavailable", []):
                fail("JSON input does not say it is a tie table: %r" % b["input"])
            if a["input"]["contacts"] != b["input"]["contacts"]:
                fail("input.contacts %r != %r" % (a["input"]["contacts"], b["input"]["contacts"]))
        for window in ("month", "quarter") if region == "a" else ("quarter",):
            raw, tie = j(region + "-raw-w.json"), j(region + "-ties-w.json")
            wm = ["--window-metrics", "degree,strength,pagerank,betweenness"]
            run([sn, "analyze", j(region), "--window", window, "--format", "json", "--output", raw] + wm)
            run([sn, "analyze", "--actors", j(region, "actors.csv"), "--ties", tab,
                 "--window", window, "--format", "json", "--output", tie] + wm)
            a, b = load(raw), load(tie)
            compare(a["temporal"], b["temporal"], ["windows"], "region %s --window %s" % (region, window))
            compare(a, b, keys, "region %s --window %s" % (region, window))

    # under shared: the small ties left out, as --min-contacts 3 leaves them out
    tab = j("shared.ties.csv")
    run([sn, "reduce", j("a"), "--privacy", "shared", "--pseudonym-key", j("key"), "--output", tab])
    raw, tie = j("shared-raw.json"), j("shared-ties.json")
    run([sn, "analyze", j("a"), "--privacy", "shared", "--pseudonym-key", j("key"),
         "--min-contacts", "3", "--format", "json", "--output", raw])
    run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", tab, "--privacy", "shared",
         "--pseudonym-key", j("key"), "--format", "json", "--output", tie])
    a, b = load(raw), load(tie)
    compare(a, b, ["actors", "ties", "brokerage", "silo"], "shared")
    compare(a, b, ["network"], "shared network",
            drop=("filters", "contacts", "below_min_contacts", "contacts_by_type"))
    if not all(x["id"].startswith("a-") and len(x["id"]) == 28 for x in b["actors"]):
        fail("shared: actor ids of the tie analysis are not pseudonyms")

    # the table on standard output, gzip'd, reads as the file
    p = run([sn, "reduce", j("a")])
    if p.returncode == 0:
        with open(j("a.ties.csv"), encoding="utf-8") as f:
            if p.stdout != f.read():
                fail("reduce to standard output differs from reduce --output FILE")
        with gzip.open(j("a.ties.csv.gz"), "wt", encoding="utf-8") as g:
            g.write(p.stdout)
        o, o2 = j("gz.json"), j("plain.json")
        run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", j("a.ties.csv.gz"),
             "--format", "json", "--output", o])
        run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", j("a.ties.csv"),
             "--format", "json", "--output", o2])
        if os.path.exists(o) and os.path.exists(o2):
            compare(load(o2), load(o), keys, "gzip'd tie table")
    run([sn, "reduce", j("a"), "--output", j("x.csv.gz")], ok=(2,))

    # 3. CSV and JSONL input give the same report
    tab = j("a.ties.csv")
    run([sn, "reduce", j("a"), "--output", j("a.ties.jsonl")])
    with open(j("a.ties.jsonl"), encoding="utf-8") as f:
        first = f.readline()
    if not first.startswith('{"from":'):
        fail("reduce --output X.jsonl did not write JSONL: %r" % first[:80])
    outs = []
    for t in (tab, j("a.ties.jsonl")):
        o = j("fmt-%d.json" % len(outs))
        run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", t, "--format", "json",
             "--output", o])
        d = load(o)
        for k in ("provenance",):
            d.pop(k, None)
        d["input"].pop("sources", None)
        d["input"].pop("encodings", None)
        outs.append(d)
    compare(outs[0], outs[1], list(outs[0]), "CSV vs JSONL tie input")

    # 4. what the report says, and what is refused
    for lang, word in (("en", "not computed"), ("nb", "ikke beregnet")):
        p = run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", tab, "--lang", lang])
        if word not in p.stdout:
            fail("text report (%s) does not say what the tie table cannot give" % lang)
    run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", tab, "--format", "csv",
         "--output", j("csvout")])
    prov = open(j("csvout", "provenance.csv"), encoding="utf-8").read() if os.path.exists(
        j("csvout", "provenance.csv")) else ""
    if "input,,kind,ties" not in prov or "input,,unavailable,cases" not in prov:
        fail("provenance.csv does not say the input is a tie table")
    for opt in (["--window", "30d"], ["--window", "2w"], ["--cp-min-days", "7"],
                ["--pingpong-window", "10d"], ["--meetings", "project"], ["--since", "2020-03-15"],
                ["--contacts", j("a", "contacts.csv")]):
        p = run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", tab] + opt, ok=(2,))
        if p.returncode == 2 and "samnett analyze:" not in p.stderr:
            fail("%s under --ties: no usage message: %r" % (opt, p.stderr))
    p = run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", tab, "--since", "2020-04",
             "--until", "2021", "--format", "json", "--output", j("since.json")])
    q = run([sn, "analyze", j("a"), "--since", "2020-04", "--until", "2021", "--format", "json",
             "--output", j("since-raw.json")])
    if p.returncode == 0 and q.returncode == 0:
        compare(load(j("since-raw.json")), load(j("since.json")), keys, "--since/--until on buckets")

    # 5. an empty table; an actor not in --actors
    with open(j("empty.csv"), "w") as f:
        f.write(HEADER + "\n")
    run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", j("empty.csv")], ok=(2,))
    with open(j("unknown.csv"), "w") as f:
        f.write(HEADER + "\n")
        f.write("gp-k01-01,zz-nobody,phone,2020-01-01,2,2,0,2020-01-05T10:00:00Z,2020-01-09T10:00:00Z\n")
        f.write("gp-k01-01,gp-k01-02,phone,2020-01-01,1,1,0,2020-01-05T10:00:00Z,2020-01-05T10:00:00Z\n")
    p = run([sn, "analyze", "--actors", j("a", "actors.csv"), "--ties", j("unknown.csv"),
             "--format", "json", "--output", j("unknown.json")])
    if "zz-nobody" not in p.stderr or "warning" not in p.stderr:
        fail("an actor not in --actors: no warning naming it: %r" % p.stderr)
    if p.returncode == 0:
        d = load(j("unknown.json"))
        if d["input"]["actors_auto_created"] != 1 or d["network"]["contacts"] != 3:
            fail("an actor not in --actors: %r" % d["input"])
    p = run([sn, "analyze", "--strict", "--actors", j("a", "actors.csv"), "--ties", j("unknown.csv")],
            ok=(2,))
    # ids are read as samnett reads them: trimmed, in Unicode normal form C
    with open(j("nfc-actors.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,type,organisation\n\u00c5se,A,gp,Alfa\nb,B,gp,Beta\n")
    with open(j("nfc.csv"), "w", encoding="utf-8") as f:
        f.write(HEADER + "\n")
        f.write(" A\u030ase ,b,phone,2024-01-01,2,2,0,2024-01-03T10:00:00Z,2024-01-04T10:00:00Z\n")
    p = run([sn, "analyze", "--strict", "--actors", j("nfc-actors.csv"), "--ties", j("nfc.csv"),
             "--format", "json", "--output", j("nfc.json")])
    if p.returncode == 0:
        d = load(j("nfc.json"))
        if d["input"]["actors_auto_created"] != 0 or [x["from"] for x in d["ties"]] != ["\u00c5se"]:
            fail("a decomposed, padded id in the tie table is not the actor's: %r" % d["ties"])


if __name__ == "__main__":
    sys.exit(main())
