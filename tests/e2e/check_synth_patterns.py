#!/usr/bin/env python3
"""Check that `samnett synth` plants the patterns its documentation promises.

usage: check_synth_patterns.py SAMNETT [SCALE]

The small region is generated for two seeds and the raw CSV files are read
back here, independently of samnett's ingest, to check each planted pattern
(core/synth/synth.c, "Planted patterns"):

1. silo municipality: contacts between Silvik actors of different units
   always have the kommunalsjef k02-adm-002 as one end;
2. bridge: contacts between Nordvik sykehus and the bridged municipalities
   (k06-k08) always have hf-b-samh-01 as the hospital end;
3. learning network: gatherings ln01-ln16 on the planted dates, in person up
   to ln13 and on video from ln14; the direct contacts of members of
   different organisations halve about every 182.5 days after 2020-12-01;
4. parallel work: child psychiatry (BUP) and child welfare or school health
   never contact each other, yet share cases;
5. ping-pong: some admissions are discharged, sent back in and discharged
   again on one case id;
6. the move to video: ordinary meetings are mostly in person before March
   2020 and mostly on video in April-May 2020.
"""
import collections
import csv
import math
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(ok, what):
    print(("ok      " if ok else "FAILED  ") + what)
    if not ok:
        failures.append(what)


def day(t):
    return t[:10]


def patterns(d, seed):
    actors = {r["id"]: r for r in csv.DictReader(open(os.path.join(d, "actors.csv"), encoding="utf-8"))}
    rows = list(csv.DictReader(open(os.path.join(d, "contacts.csv"), encoding="utf-8")))
    print(f"seed {seed}: {len(actors)} actors, {len(rows)} contacts")

    def org(a):
        return actors[a]["organisation"]

    def unit(a):
        return actors[a]["unit"]

    # 1. silo municipality
    bad = [r for r in rows if org(r["from"]) == org(r["to"]) == "Silvik kommune"
           and unit(r["from"]) != unit(r["to"]) and "k02-adm-002" not in (r["from"], r["to"])]
    cross = sum(1 for r in rows if org(r["from"]) == org(r["to"]) == "Silvik kommune"
                and unit(r["from"]) != unit(r["to"]))
    check(cross > 0 and not bad,
          f"silo: {cross} cross-unit Silvik contacts, {len(bad)} without k02-adm-002")

    # 2. bridge coordinator
    located = re.compile(r"(^|-)k0[678]-")
    bad = 0
    n = 0
    for r in rows:
        a, b = r["from"], r["to"]
        for h, o in ((a, b), (b, a)):
            if h.startswith("hf-b-") and located.search(o):
                n += 1
                bad += h != "hf-b-samh-01"
    check(n > 0 and bad == 0, f"bridge: {n} Nordvik-k06..k08 contacts, {bad} not via hf-b-samh-01")

    # 3. learning network
    ln = collections.defaultdict(list)
    for r in rows:
        if re.fullmatch(r"ln\d\d", r["meeting"]):
            ln[r["meeting"]].append(r)
    ids = sorted(ln)
    check(ids == [f"ln{i:02d}" for i in range(1, 17)], f"learning network: gatherings {ids[0]}..{ids[-1]}")
    check(day(ln["ln01"][0]["time"]) == "2017-03-15" and day(ln["ln16"][0]["time"]) == "2020-11-25",
          "learning network: ln01 on 2017-03-15, ln16 on 2020-11-25")
    chans = [{r["channel"] for r in ln[i]} for i in ids]
    check(all(c == {"meeting"} for c in chans[:13]) and all(c == {"video"} for c in chans[13:]),
          "learning network: in person up to ln13, video from ln14")
    members = {r[k] for i in ids for r in ln[i] for k in ("from", "to")}
    after = []
    for r in rows:
        a, b = r["from"], r["to"]
        if not r["meeting"] and a in members and b in members and org(a) != org(b) \
                and r["time"] >= "2020-12-01":
            after.append(r["time"])
    h1 = sum(1 for t in after if t < "2021-06-01")
    h2 = sum(1 for t in after if "2021-06-01" <= t < "2021-12-01")
    h3 = sum(1 for t in after if "2021-12-01" <= t < "2022-06-01")
    # halving every 182.5 days: each half-year about half the one before
    ratio = (h2 + h3) / (h1 + h2) if h1 + h2 else math.nan
    check(h1 > 0 and 0.3 <= ratio <= 0.75,
          f"learning network fade: member contacts per half-year after the end {h1}, {h2}, {h3}"
          f" (ratio {ratio:.2f}, planted 0.5)")

    # 4. parallel work without contact
    def kind(a):
        if re.match(r"hf-[ab]-bup-", a):
            return "bup"
        if a.startswith(("bv-", "hs-")):
            return "child"
        return None
    direct = sum(1 for r in rows if {kind(r["from"]), kind(r["to"])} == {"bup", "child"})
    providers = collections.defaultdict(set)
    for r in rows:
        if r["case"]:
            providers[r["case"]].update((r["from"], r["to"]))
    shared = collections.Counter()
    for ps in providers.values():
        for x in ps:
            if kind(x) == "bup":
                for y in ps:
                    if kind(y) == "child":
                        shared[(x, y)] += 1
    repeat = sum(1 for v in shared.values() if v >= 2)
    check(direct == 0 and repeat >= 2,
          f"parallel work: {direct} BUP-child welfare/school health contacts,"
          f" {repeat} pairs sharing two or more cases")

    # 5. ping-pong pathways
    per_case = collections.defaultdict(list)
    for r in rows:
        if r["case"] and r["channel"] in ("discharge", "referral"):
            per_case[r["case"]].append(r)
    pingpong = 0
    for rs in per_case.values():
        seq = "".join("D" if r["channel"] == "discharge" and r["from"].startswith("hf-")
                      else "R" if r["channel"] == "referral" and r["to"].startswith("hf-") else ""
                      for r in rs)
        pingpong += "DRD" in seq
    check(pingpong >= 5, f"ping-pong: {pingpong} cases discharged, sent back in and discharged again")

    # 6. the move to video (ordinary meetings only)
    def video_share(lo, hi):
        c = collections.Counter(r["channel"] for r in rows
                                if re.fullmatch(r"m\d+", r["meeting"]) and lo <= r["time"] < hi)
        n = c["meeting"] + c["video"]
        return c["video"] / n if n else math.nan
    before, during = video_share("2019-01-01", "2020-03-01"), video_share("2020-04-01", "2020-06-01")
    check(before < 0.1 and during > 0.8,
          f"video: share of ordinary meetings on video {before:.2f} in 2019-Feb 2020, {during:.2f} in April-May 2020")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    scale = sys.argv[2] if len(sys.argv) > 2 else "small"
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (1, 7):
            d = os.path.join(tmp, str(seed))
            os.mkdir(d)
            subprocess.run([binary, "synth", "--scale", scale, "--seed", str(seed), "--output", d],
                           check=True)
            patterns(d, seed)
    if failures:
        print(f"{len(failures)} planted pattern(s) missing")
        return 1
    print("all planted patterns present")
    return 0


if __name__ == "__main__":
    sys.exit(main())
