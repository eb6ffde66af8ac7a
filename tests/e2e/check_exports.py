#!/usr/bin/python3
"""check_exports.py SAMNETT DATA_DIR

The export corpus (DATA_DIR, written by make_corpus.py there): the same 60
contacts as a clean ISO file, as Excel's Windows-1252 semicolon export with
Norwegian headers and dd.mm.yyyy local times, as UTF-8 with BOM and CRLF, and
as a system export read with --map and --channel-map. Each must give the same
ties, the same times in UTC and the same quarters as the ISO file; the ISO
file's own result is checked against the times Python's zoneinfo gives.
Prints `ok NAME` or `FAIL NAME: why`; exits 1 when any check failed.
"""
import collections
import datetime as dt
import json
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

SN, DATA = sys.argv[1], sys.argv[2]
OSLO = ZoneInfo("Europe/Oslo")
failed = 0

VARIANTS = {
    "iso": [],
    "excel1252": [],
    "utf8bom": [],
    "mapped": ["--map", "@" + os.path.join(DATA, "mapped", "columns.map"),
               "--channel-map", os.path.join(DATA, "mapped", "channels.map")],
}


def check(name, ok, why=""):
    global failed
    if ok:
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {why}")


def run(variant, extra):
    d = os.path.join(DATA, variant)
    cmd = [SN, "analyze", os.path.join(d, "actors.csv"), os.path.join(d, "contacts.csv"),
           "--format", "json", "--window", "quarter", "--strict"] + extra
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return None, f"exit {p.returncode}: {p.stderr.strip()[:600]}"
    return json.loads(p.stdout), p.stderr


def ties(d):
    return sorted((t["from"], t["to"], t["contacts"],
                   tuple(sorted((k, v) for k, v in t["channels"].items() if v)),
                   t["first"], t["last"]) for t in d["ties"])


def quarters(d):
    return [(w["label"], w["contacts"]) for w in d["temporal"]["windows"]]


# What the ISO file says, computed here: UTC times per directed pair and the
# contacts per Norwegian calendar quarter.
expect_pairs = collections.defaultdict(list)
expect_q = collections.Counter()
with open(os.path.join(DATA, "iso", "contacts.csv"), encoding="utf-8") as f:
    next(f)
    for line in f:
        when, a, b, _ = line.rstrip("\n").split(",")
        t = dt.datetime.fromisoformat(when)
        expect_pairs[(a, b)].append(t.astimezone(dt.timezone.utc))
        local = t.astimezone(OSLO)
        expect_q[f"{local.year}Q{(local.month - 1) // 3 + 1}"] += 1


def z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


runs = {}
for v, extra in VARIANTS.items():
    d, err = run(v, extra)
    check(f"{v} reads with --strict", d is not None, err if d is None else "")
    if d is not None:
        runs[v] = d
        check(f"{v} 60 contacts, none rejected",
              d["input"]["contacts"] == 60 and d["input"]["rejected"] == 0,
              f"contacts {d['input']['contacts']}, rejected {d['input']['rejected']}")

if "iso" in runs:
    iso = runs["iso"]
    got = {(t["from"], t["to"]): (t["contacts"], t["first"], t["last"]) for t in iso["ties"]}
    want = {k: (len(v), z(min(v)), z(max(v))) for k, v in expect_pairs.items()}
    check("iso ties and UTC times match zoneinfo", got == want,
          str(sorted(set(got.items()) ^ set(want.items()))[:6]))
    gotq = {lab: n for lab, n in quarters(iso) if n}
    check("iso quarters follow Norwegian local time", gotq == dict(expect_q),
          f"{gotq} != {dict(expect_q)}")
    names = {a["id"]: a["name"] for a in iso["actors"]}
    check("iso names", names.get("k-øst-1") == "Åse Ødegård", str(names.get("k-øst-1")))
    for v in ("excel1252", "utf8bom", "mapped"):
        if v not in runs:
            continue
        d = runs[v]
        check(f"{v} same ties, channels and UTC times as iso", ties(d) == ties(iso),
              str(sorted(set(ties(d)) ^ set(ties(iso)))[:4]))
        check(f"{v} same quarters as iso", quarters(d) == quarters(iso),
              f"{quarters(d)} != {quarters(iso)}")
        check(f"{v} same first and last time",
              (d["input"]["first_time"], d["input"]["last_time"])
              == (iso["input"]["first_time"], iso["input"]["last_time"]))
        vn = {a["id"]: (a["name"], a["organisation"], a["unit"]) for a in d["actors"]}
        isn = {a["id"]: (a["name"], a["organisation"], a["unit"]) for a in iso["actors"]}
        check(f"{v} same actors, names and organisations (æøå intact)", vn == isn,
              str(sorted(set(vn.items()) ^ set(isn.items()))[:4]))
    for v in ("excel1252", "utf8bom", "mapped"):
        if v in runs:
            check(f"{v} counts the repeated hour of 29 October",
                  runs[v]["input"].get("ambiguous_times") == 2,
                  str(runs[v]["input"].get("ambiguous_times")))

print(f"{len(VARIANTS)} variants, {failed} failed")
sys.exit(1 if failed else 0)
