#!/usr/bin/env python3
"""Check that `samnett synth` plants the patterns its documentation promises,
and that --null, --plant, --strength, --municipalities and --volume do what
they say.

usage: check_synth_patterns.py SAMNETT [SCALE]

The small region is generated for two seeds and the raw CSV files are read
back here, independently of samnett's ingest, to check each planted pattern
(core/tools/synth/synth.c, "Planted patterns"):

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
   2020 and mostly on video in April-May 2020;
7. one-way job shadowing: every job-shadowing row runs municipality ->
   hospital;
8. top_down (only with --plant top_down or all+): Lauvstad kommune's
   cross-organisation contacts are started by its leaders, never frontline.

Then: a --null region has none of them (and about the planted region's
volume per channel), a region at --strength 0.5 has each of them weaker than
at strength 1, truth.json names what was planted and where (checked against
actors.csv), --municipalities gives that many municipalities and refuses too
few for the bridge, and --volume 2 about doubles the messages, calls and
meetings.
"""
import collections
import csv
import json
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


def load(d):
    actors = {r["id"]: r for r in csv.DictReader(open(os.path.join(d, "actors.csv"), encoding="utf-8"))}
    rows = list(csv.DictReader(open(os.path.join(d, "contacts.csv"), encoding="utf-8")))
    return actors, rows


def measure(d):
    """The planted patterns' signatures, as numbers (independent of samnett)."""
    actors, rows = load(d)
    x = {"actors": len(actors), "contacts": len(rows)}

    def org(a):
        return actors[a]["organisation"]

    def unit(a):
        return actors[a]["unit"]

    # 1. silo municipality
    cross = [r for r in rows if org(r["from"]) == org(r["to"]) == "Silvik kommune"
             and unit(r["from"]) != unit(r["to"])]
    bad = [r for r in cross if "k02-adm-002" not in (r["from"], r["to"])]
    x["silo_cross"], x["silo_bad"] = len(cross), len(bad)
    x["silo_share"] = len(bad) / len(cross) if cross else math.nan

    # 2. bridge coordinator
    located = re.compile(r"(^|-)k0[678]-")
    bad = n = 0
    for r in rows:
        a, b = r["from"], r["to"]
        for h, o in ((a, b), (b, a)):
            if h.startswith("hf-b-") and located.search(o):
                n += 1
                bad += h != "hf-b-samh-01"
    x["bridge_n"], x["bridge_bad"] = n, bad
    x["bridge_share"] = bad / n if n else math.nan

    # 3. learning network
    ln = collections.defaultdict(list)
    for r in rows:
        if re.fullmatch(r"ln\d\d", r["meeting"]):
            ln[r["meeting"]].append(r)
    x["ln"] = ln
    members = {r[k] for i in ln for r in ln[i] for k in ("from", "to")}
    after = []
    for r in rows:
        a, b = r["from"], r["to"]
        if not r["meeting"] and a in members and b in members and org(a) != org(b) \
                and r["time"] >= "2020-12-01":
            after.append(r["time"])
    h1 = sum(1 for t in after if t < "2021-06-01")
    h2 = sum(1 for t in after if "2021-06-01" <= t < "2021-12-01")
    h3 = sum(1 for t in after if "2021-12-01" <= t < "2022-06-01")
    x["ln_halves"] = (h1, h2, h3)
    x["ln_ratio"] = (h2 + h3) / (h1 + h2) if h1 + h2 else math.nan

    # 4. parallel work without contact
    def kind(a):
        if re.match(r"hf-[ab]-bup-", a):
            return "bup"
        if a.startswith(("bv-", "hs-")):
            return "child"
        return None
    x["parallel_direct"] = sum(1 for r in rows if {kind(r["from"]), kind(r["to"])} == {"bup", "child"})
    providers = collections.defaultdict(set)
    for r in rows:
        if r["case"]:
            providers[r["case"]].update((r["from"], r["to"]))
    shared = collections.Counter()
    for ps in providers.values():
        for a in ps:
            if kind(a) == "bup":
                for b in ps:
                    if kind(b) == "child":
                        shared[(a, b)] += 1
    x["parallel_repeat"] = sum(1 for v in shared.values() if v >= 2)

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
    x["pingpong"] = pingpong

    # 6. the move to video (ordinary meetings only)
    def video_share(lo, hi):
        c = collections.Counter(r["channel"] for r in rows
                                if re.fullmatch(r"m\d+", r["meeting"]) and lo <= r["time"] < hi)
        n = c["meeting"] + c["video"]
        return c["video"] / n if n else math.nan
    x["video_before"] = video_share("2019-01-01", "2020-03-01")
    x["video_during"] = video_share("2020-04-01", "2020-06-01")

    # 7. job shadowing municipality -> hospital only
    shadow = [r for r in rows if r["channel"] == "job-shadowing"]
    back = sum(1 for r in shadow if actors[r["from"]]["type"] == "hospital_unit")
    x["shadow_n"], x["shadow_back"] = len(shadow), back
    x["shadow_share"] = back / len(shadow) if shadow else math.nan

    # 8. top_down: Lauvstad's cross-organisation contacts, started by frontline staff
    lv = [r for r in rows if org(r["from"]) == "Lauvstad kommune" and org(r["to"]) != "Lauvstad kommune"
          and not r["meeting"]]
    front = sum(1 for r in lv if actors[r["from"]]["rank"] == "frontline")
    x["td_n"], x["td_front"] = len(lv), front
    x["td_share"] = front / len(lv) if lv else math.nan

    x["channels"] = collections.Counter(r["channel"] for r in rows)
    x["municipalities"] = len({a["organisation"] for a in actors.values()
                               if a["organisation"].endswith(" kommune")})
    x["orgs"] = {a["organisation"] for a in actors.values()}
    return x


def planted_checks(x, seed):
    print(f"seed {seed}: {x['actors']} actors, {x['contacts']} contacts")
    check(x["silo_cross"] > 0 and x["silo_bad"] == 0,
          f"silo: {x['silo_cross']} cross-unit Silvik contacts, {x['silo_bad']} without k02-adm-002")
    check(x["bridge_n"] > 0 and x["bridge_bad"] == 0,
          f"bridge: {x['bridge_n']} Nordvik-k06..k08 contacts, {x['bridge_bad']} not via hf-b-samh-01")
    ln = x["ln"]
    ids = sorted(ln)
    check(ids == [f"ln{i:02d}" for i in range(1, 17)],
          f"learning network: gatherings {ids[0] if ids else '-'}..{ids[-1] if ids else '-'}")
    if ids:
        check(day(ln["ln01"][0]["time"]) == "2017-03-15" and day(ln["ln16"][0]["time"]) == "2020-11-25",
              "learning network: ln01 on 2017-03-15, ln16 on 2020-11-25")
        chans = [{r["channel"] for r in ln[i]} for i in ids]
        check(all(c == {"meeting"} for c in chans[:13]) and all(c == {"video"} for c in chans[13:]),
              "learning network: in person up to ln13, video from ln14")
    h1, h2, h3 = x["ln_halves"]
    ratio = x["ln_ratio"]
    # halving every 182.5 days: each half-year about half the one before
    check(h1 > 0 and 0.3 <= ratio <= 0.75,
          f"learning network fade: member contacts per half-year after the end {h1}, {h2}, {h3}"
          f" (ratio {ratio:.2f}, planted 0.5)")
    check(x["parallel_direct"] == 0 and x["parallel_repeat"] >= 2,
          f"parallel work: {x['parallel_direct']} BUP-child welfare/school health contacts,"
          f" {x['parallel_repeat']} pairs sharing two or more cases")
    check(x["pingpong"] >= 5, f"ping-pong: {x['pingpong']} cases discharged, sent back in and discharged again")
    check(x["video_before"] < 0.1 and x["video_during"] > 0.8,
          f"video: share of ordinary meetings on video {x['video_before']:.2f} in 2019-Feb 2020,"
          f" {x['video_during']:.2f} in April-May 2020")
    check(x["shadow_n"] > 0 and x["shadow_back"] == 0,
          f"one-way shadowing: {x['shadow_n']} job-shadowing rows, {x['shadow_back']} hospital -> municipality")


def synth(binary, tmp, name, *args, expect=0):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    p = subprocess.run([binary, "synth", *args, "--output", d], capture_output=True, text=True)
    if p.returncode != expect:
        print(p.stderr)
    check(p.returncode == expect, f"synth {' '.join(args)}: exit {p.returncode} (expected {expect})")
    return d, p


def truth_checks(d, x, planted):
    t = json.load(open(os.path.join(d, "truth.json"), encoding="utf-8"))
    pats = t["patterns"]
    names = ["silo", "bridge", "learning_network", "one_way_shadowing", "parallel_work",
             "video_shift", "pingpong", "top_down"]
    check(sorted(pats) == sorted(names), f"truth.json: patterns {sorted(pats)}")
    check(t["null"] == (not planted), f"truth.json: null is {t['null']}")
    got = {k for k, v in pats.items() if v["planted"]}
    check(got == set(planted), f"truth.json: planted {sorted(got)}, expected {sorted(planted)}")
    check(t["municipalities"] == x["municipalities"],
          f"truth.json: {t['municipalities']} municipalities, actors.csv has {x['municipalities']}")
    # every group scope names organisations of actors.csv (pair and type scopes split)
    types = {"municipality", "hospital_unit", "gp", "coordinator", "nav", "user", "relative", "other"}
    for k in got:
        for g in pats[k].get("group", []):
            parts = re.split(r" <-> | -> ", g)
            ok = all(p in x["orgs"] or p in types for p in parts)
            check(ok, f"truth.json: {k} group scope '{g}' names known organisations or types")
    if "bridge" in got:
        want = {f"Nordvik sykehus <-> {o}" for o in x["orgs"]
                if o in ("Ytterøy kommune", "Utvær kommune", "Skjærsund kommune")}
        check(set(pats["bridge"]["group"]) == want and pats["bridge"]["actor"] == ["hf-b-samh-01"],
              "truth.json: bridge scopes are hf-b-samh-01 and Nordvik sykehus <-> k06..k08")
    if "silo" in got:
        check(pats["silo"]["group"] == ["Silvik kommune"] and pats["silo"]["actor"] == ["k02-adm-002"],
              "truth.json: silo scopes are Silvik kommune and k02-adm-002")
    return t


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    scale = sys.argv[2] if len(sys.argv) > 2 else "small"
    default = ["silo", "bridge", "learning_network", "one_way_shadowing", "parallel_work",
               "video_shift", "pingpong"]
    with tempfile.TemporaryDirectory() as tmp:
        full = {}
        for seed in (1, 7):
            d, _ = synth(binary, tmp, str(seed), "--scale", scale, "--seed", str(seed))
            full[seed] = x = measure(d)
            planted_checks(x, seed)
            truth_checks(d, x, default)

        # the same region with nothing planted
        d, _ = synth(binary, tmp, "null", "--scale", scale, "--seed", "1", "--null")
        n = measure(d)
        truth_checks(d, n, [])
        p = full[1]
        print(f"null: {n['actors']} actors, {n['contacts']} contacts")
        check(n["actors"] == p["actors"], f"null: {n['actors']} actors, planted {p['actors']}")
        check(n["silo_cross"] > 0 and n["silo_share"] > 0.3,
              f"null: silo absent ({n['silo_share']:.2f} of Silvik cross-unit contacts bypass k02-adm-002)")
        check(n["bridge_n"] > 0 and n["bridge_share"] > 0.3,
              f"null: bridge absent ({n['bridge_share']:.2f} of Nordvik-k06..k08 contacts not via hf-b-samh-01)")
        check(not n["ln"], f"null: no learning-network gatherings ({len(n['ln'])})")
        check(n["parallel_direct"] > 0,
              f"null: parallel work absent ({n['parallel_direct']} direct BUP-child welfare contacts)")
        check(n["pingpong"] == 0, f"null: no ping-pong cases ({n['pingpong']})")
        check(n["video_during"] < 0.15,
              f"null: no move to video ({n['video_during']:.2f} of meetings on video in April-May 2020)")
        check(0.3 <= n["shadow_share"] <= 0.7,
              f"null: job shadowing both ways ({n['shadow_share']:.2f} hospital -> municipality)")
        # the same volume per channel (meetings and video together: the video shift
        # moves meetings from one to the other)
        def chan(x, c):
            k = x["channels"]
            return k["meeting"] + k["video"] if c == "meeting+video" else k[c]
        check(abs(n["contacts"] / p["contacts"] - 1) < 0.05,
              f"null: {n['contacts']} contacts, planted {p['contacts']} (within 5%)")
        for c in ("e-message", "phone", "referral", "discharge", "meeting+video"):
            r = chan(n, c) / chan(p, c)
            check(abs(r - 1) < 0.06, f"null: {c} {chan(n, c)}, planted {chan(p, c)} (ratio {r:.3f}, within 6%)")

        # weaker at strength 0.5
        d, _ = synth(binary, tmp, "half", "--scale", scale, "--seed", "1", "--strength", "0.5")
        h = measure(d)
        t = truth_checks(d, h, default)
        check(t["strength"] == 0.5, f"truth.json: strength {t['strength']}")
        check(0 < h["silo_share"] < n["silo_share"],
              f"strength 0.5: silo weaker ({h['silo_share']:.2f} bypass, 0 at 1, {n['silo_share']:.2f} null)")
        check(0 < h["bridge_share"] < n["bridge_share"],
              f"strength 0.5: bridge weaker ({h['bridge_share']:.2f} not via, 0 at 1, {n['bridge_share']:.2f} null)")
        check(h["ln_ratio"] > p["ln_ratio"] + 0.1,
              f"strength 0.5: learning network fades less (ratio {h['ln_ratio']:.2f}, {p['ln_ratio']:.2f} at 1)")
        check(0 < h["parallel_direct"] < n["parallel_direct"] * 0.8,
              f"strength 0.5: parallel work weaker ({h['parallel_direct']} direct, {n['parallel_direct']} null)")
        check(0 < h["pingpong"] < p["pingpong"],
              f"strength 0.5: fewer ping-pong cases ({h['pingpong']}, {p['pingpong']} at 1)")
        check(n["video_during"] < h["video_during"] < p["video_during"],
              f"strength 0.5: smaller move to video ({h['video_during']:.2f}, {p['video_during']:.2f} at 1)")
        check(0 < h["shadow_share"] < n["shadow_share"],
              f"strength 0.5: shadowing less one-way ({h['shadow_share']:.2f} back, {n['shadow_share']:.2f} null)")

        # --plant: one pattern alone, and top_down
        d, _ = synth(binary, tmp, "silo", "--scale", scale, "--seed", "1", "--plant", "silo")
        s1 = measure(d)
        truth_checks(d, s1, ["silo"])
        check(s1["silo_bad"] == 0 and s1["bridge_share"] > 0.3 and not s1["ln"],
              "--plant silo: the silo only (bridge and learning network absent)")
        d, _ = synth(binary, tmp, "td", "--scale", scale, "--seed", "1", "--plant", "all+")
        td = measure(d)
        truth_checks(d, td, default + ["top_down"])
        check(p["td_share"] > 0.3, f"default: Lauvstad frontline start {p['td_share']:.2f} of its"
              " cross-organisation contacts (top_down not planted)")
        check(td["td_n"] > 0 and td["td_share"] < 0.02,
              f"top_down: Lauvstad frontline start {td['td_front']} of {td['td_n']} cross-organisation contacts")
        planted_checks(td, "1 (all+)")

        # --municipalities
        d, _ = synth(binary, tmp, "m5", "--scale", scale, "--seed", "2", "--municipalities", "5", "--null")
        m5 = measure(d)
        check(m5["municipalities"] == 5, f"--municipalities 5 --null: {m5['municipalities']} municipalities")
        d, pr = synth(binary, tmp, "m5b", "--scale", scale, "--municipalities", "5", expect=2)
        check("bridge" in pr.stderr and "at least 8" in pr.stderr,
              f"--municipalities 5 with the bridge: refused ({pr.stderr.strip()[:80]})")
        d, _ = synth(binary, tmp, "m12", "--scale", scale, "--seed", "2", "--municipalities", "12")
        m12 = measure(d)
        check(m12["municipalities"] == 12, f"--municipalities 12: {m12['municipalities']} municipalities")
        planted_checks(m12, "2 (12 municipalities)")
        for bad in (["--municipalities", "2"], ["--strength", "1.5"], ["--volume", "0"],
                    ["--plant", "silo,nope"], ["--null", "--plant", "silo"]):
            synth(binary, tmp, "bad", *bad, expect=2)

        # --volume 2: about twice the messages and calls
        d, _ = synth(binary, tmp, "v2", "--scale", scale, "--seed", "1", "--volume", "2")
        v2 = measure(d)
        r = (v2["channels"]["e-message"] + v2["channels"]["phone"]) / \
            (p["channels"]["e-message"] + p["channels"]["phone"])
        check(1.7 < r < 2.3, f"--volume 2: e-messages and calls x{r:.2f}")
        r = chan(v2, "meeting+video") / chan(p, "meeting+video")
        check(1.5 < r < 2.3, f"--volume 2: meeting rows x{r:.2f}")
        planted_checks(v2, "1 (volume 2)")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all planted patterns present, and absent where not planted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
