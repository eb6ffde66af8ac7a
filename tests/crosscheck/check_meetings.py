#!/usr/bin/env python3
"""Cross-check samnett's meeting measures against Python implementations
written from the definitions (samnett/net.h, samnett/meetings.h).

Usage: check_meetings.py SAMNETT_BINARY [--datasets N] [--seed S]

Each random data set has 2-5 organisations, recurring groups (a core of
members who attend with some probability, newcomers, drop-outs, regular or
irregular intervals, some gatherings on video), one-off meetings (some with
a single participant, some with rows at different times) and direct
contacts among the actors before, during and after the groups' meetings.

1. Projection: `--meetings project` (and rows, off) at the actor, unit and
   organisation level, with --tie-weight contacts or sum, sometimes a
   channel filter, a time window or --min-contacts 2. The tie weights come
   from samnett's contact_matrix.csv over a partition with one node per
   group, and the network JSON (ties, contacts on ties); the reference
   aggregates the rows and gives each meeting's k participant nodes 1/(k-1)
   per ordered pair (the mean row weight times 1/(k-1) with sum).
2. Series: the greedy grouping (core share, Jaccard, gap, minimum size),
   compared series by series from meeting_series.csv and meetings.csv:
   meetings, first/last time, organiser, core and all participants,
   intervals (median, mean, CV), organisations, units, cross-organisation
   share, attendance, video share, and the ties formed there (new pairs,
   pairs with contact after, contacts per quarter during and after, and
   the maximum-likelihood half-life solved here with scipy's brentq).
3. The demo region: the learning network ln01..ln16 is one series, with a
   half-life near the planted 182.5 days; the projection at organisation
   level matches the reference.
Exit status 1 on any mismatch.
"""
import calendar
import csv
import math
import os
import random
import sys
import tempfile
import time

from scipy.optimize import brentq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Checker, dataset_args, random_datasets, read_folder_rows,  # noqa: E402
                    run_samnett_tables, synth_demo)

DAY = 86400
QUARTER = 7889400
BASE = 1577836800


def write_dataset(seed, folder):
    rng = random.Random(seed * 104729 + 3)
    n_orgs = rng.randint(2, 5)
    actors = []
    for o in range(n_orgs):
        for u in range(rng.randint(1, 3)):
            for k in range(rng.randint(1, 6)):
                actors.append((f"a{len(actors):02d}", f"Org{o}", f"Org{o}-u{u}"))
    rng.shuffle(actors)
    ids = [a[0] for a in actors]
    rows = []  # time, from, to, channel, meeting, weight
    span = 900 * DAY

    def meeting(mid, t, who, ch):
        org = who[0]
        if len(who) == 1:
            rows.append((t, org, org, ch, mid, rng.randint(1, 5)))
        for j, p in enumerate(who[1:]):
            tt = t - 3600 if j == 1 and rng.random() < 0.2 else t
            rows.append((tt, org, p, ch, mid, rng.randint(1, 5)))

    prefixes = ["ln", "ps2020q", "grp", "samling-", "m0"]
    for g in range(rng.randint(1, 4)):
        members = rng.sample(ids, min(len(ids), rng.randint(3, 12)))
        p_attend = rng.uniform(0.55, 1.0)
        n_meet = rng.randint(2, 12)
        t = BASE + rng.randrange(200) * DAY
        step = rng.choice([7, 14, 30, 91, 120]) * DAY
        prefix = prefixes[g % len(prefixes)] + (str(g) if rng.random() < 0.5 else "")
        for i in range(n_meet):
            who = [members[0]] + [m for m in members[1:] if rng.random() < p_attend]
            if rng.random() < 0.2:
                who.append(rng.choice(ids))
            who = list(dict.fromkeys(who))
            ch = "video" if rng.random() < 0.3 else "meeting"
            meeting(f"{prefix}{i + 1:02d}", t, who, ch)
            t += int(step * rng.uniform(0.6, 1.6)) + (400 * DAY if rng.random() < 0.05 else 0)
    for i in range(rng.randint(0, 12)):
        who = list(dict.fromkeys(rng.sample(ids, min(len(ids), rng.randint(1, 8)))))
        meeting(f"x{i:04d}", BASE + rng.randrange(span), who, rng.choice(["meeting", "video"]))
    for _ in range(rng.randint(10, 30 * len(ids) // 4 + 10)):
        a, b = rng.choice(ids), rng.choice(ids)
        rows.append((BASE + rng.randrange(span + 400 * DAY), a, b,
                     rng.choice(["phone", "e-message", "video"]), "", rng.randint(1, 5)))
    # some fading pairs after the groups
    for _ in range(rng.randint(0, 4)):
        a, b = rng.choice(ids), rng.choice(ids)
        t = BASE + 700 * DAY
        for k in range(rng.randint(3, 30)):
            t += int(rng.expovariate(1 / 20) * DAY * (1 + k / 5))
            rows.append((t, a, b, "phone", "", 1))
    with open(os.path.join(folder, "actors.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "organisation", "unit", "key"])
        for a, o, u in actors:
            w.writerow([a, a.upper(), "other", o, u, a])
    with open(os.path.join(folder, "contacts.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["time", "from", "to", "channel", "meeting", "weight"])
        for r in rows:
            w.writerow(r)
    opts = {
        "level": rng.choice(["actor", "unit", "organisation"]),
        "mode": rng.choice(["project", "project", "project", "rows", "off"]),
        "sum": rng.random() < 0.3,
        "channels": ["meeting", "phone", "e-message"] if rng.random() < 0.15 else None,
        "since": BASE + 100 * DAY if rng.random() < 0.15 else None,
        "until": BASE + 600 * DAY if rng.random() < 0.1 else None,
        "min_contacts": 2 if rng.random() < 0.1 else 1,
        "jaccard": rng.choice([0.5, 0.5, 0.4, 0.7]),
        "core": rng.choice([0.5, 0.5, 0.34, 0.8]),
        "min": rng.choice([3, 3, 2, 4]),
        "gap": rng.choice([365, 365, 60, 1000]),
    }
    return actors, rows, opts


def args_of(opts):
    part = {"actor": "key", "unit": "unit", "organisation": "organisation"}[opts["level"]]
    a = ["--level", opts["level"], "--meetings", opts["mode"], "--partition", part,
         "--permutations", "0", "--min-contacts", str(opts["min_contacts"]),
         "--series-jaccard", str(opts["jaccard"]), "--series-core", str(opts["core"]),
         "--series-min", str(opts["min"]), "--series-gap", str(opts["gap"])]
    if opts["sum"]:
        a += ["--tie-weight", "sum"]
    for ch in opts["channels"] or []:
        a += ["--channel", ch]
    if opts["since"] is not None:
        a += ["--since", "@" + str(opts["since"])]
    if opts["until"] is not None:
        a += ["--until", "@" + str(opts["until"])]
    return a


# --------------------------------------------------------------------------- #
# 1. Projection


def projected_ties(actors, rows, opts):
    info = {a: (o, u) for a, o, u in actors}
    level = opts["level"]

    def node(a):
        o, u = info[a]
        return a if level == "actor" else o if level == "organisation" else u

    def in_view(r):
        if opts["since"] is not None and r[0] < opts["since"]:
            return False
        if opts["until"] is not None and r[0] >= opts["until"]:
            return False
        return opts["channels"] is None or r[3] in opts["channels"]

    cnt, wsum, meet = {}, {}, {}

    def add(u, v, c, w):
        cnt[(u, v)] = cnt.get((u, v), 0) + c
        wsum[(u, v)] = wsum.get((u, v), 0) + w

    for r in rows:
        if not in_view(r):
            continue
        if r[4] and opts["mode"] == "off":
            continue
        if r[4] and opts["mode"] == "project":
            meet.setdefault(r[4], []).append(r)
            continue
        if r[1] != r[2] and node(r[1]) != node(r[2]):
            add(node(r[1]), node(r[2]), 1, r[5])
    for mrows in meet.values():
        nodes = sorted({node(r[1]) for r in mrows} | {node(r[2]) for r in mrows})
        k = len(nodes)
        if k < 2:
            continue
        mean_w = sum(r[5] for r in mrows) / len(mrows)
        for u in nodes:
            for v in nodes:
                if u != v:
                    add(u, v, 1 / (k - 1), mean_w / (k - 1))
    lo = opts["min_contacts"] - 1e-9 if opts["min_contacts"] > 1 else 0
    return {k: (wsum[k] if opts["sum"] else c, c) for k, c in cnt.items() if c >= lo}


def check_projection(check, where, actors, rows, opts, out_dir, report):
    want = projected_ties(actors, rows, opts)
    got = {}
    with open(os.path.join(out_dir, "contact_matrix.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            got[(r["from_group"], r["to_group"])] = float(r["weight"])
    check.same_set("python", where, "projected ties", list(got), list(want))
    for k, (w, _) in want.items():
        if k in got:
            check.close("python", where, "tie weight", f"{k[0]}->{k[1]}", got[k], w)
    net = report["network"]
    check.close("python", where, "ties", "-", net["ties"], len(want))
    check.close("python", where, "contacts on ties", "-", net["contacts_in_ties"],
                math.floor(sum(c for _, c in want.values()) + 0.5))
    check.compared["python"] += 1
    if report["meetings"]["projection"] != opts["mode"]:
        check.report("python", where, "projection", "-", report["meetings"]["projection"],
                     opts["mode"])


# --------------------------------------------------------------------------- #
# 2. Series


def meeting_table(rows):
    """Meetings in order of first appearance: id -> time, channel, organiser, participants."""
    out = {}
    for r in rows:
        if not r[4]:
            continue
        m = out.setdefault(r[4], {"index": len(out), "rows": []})
        m["rows"].append(r)
    for m in out.values():
        rs = m["rows"]
        m["time"] = min(r[0] for r in rs)
        chs = {}
        for r in rs:
            chs[r[3]] = chs.get(r[3], 0) + 1
        m["channels"] = chs
        fr = {}
        for r in rs:
            fr[r[1]] = fr.get(r[1], 0) + 1
        top = max(fr.values())
        m["organiser"] = next(r[1] for r in rs if fr[r[1]] == top)
        m["participants"] = set(r[1] for r in rs) | set(r[2] for r in rs)
    return out


CHANNEL_ORDER = ["e-message", "phone", "meeting", "video", "referral", "discharge", "visit",
                 "job-shadowing", "other"]


def main_channel(chs):
    best = max(chs.values())
    return min((c for c in chs if chs[c] == best), key=CHANNEL_ORDER.index)


def half_life(offsets, T):
    if len(offsets) < 3 or T <= 0:
        return math.nan
    m = sum(offsets) / len(offsets)
    if m <= 0 or m >= T / 2:
        return math.nan

    def g(x):  # mean(t) / T of the density proportional to e^(-x u) on [0, 1], minus m / T
        if x < 1e-4:
            mean = 0.5 - x / 12 + x ** 3 / 720
        else:
            mean = 1 / x - (1 / math.expm1(x) if x < 700 else 0.0)
        return mean - m / T

    x = brentq(g, 1e-9, 1e7, xtol=1e-300, rtol=1e-15, maxiter=1000)
    lam = x / T  # the MLE: mean(t) = 1/lambda - T / (e^(lambda T) - 1)
    return math.log(2) / lam / DAY


def reference_series(actors, rows, opts):
    info = {a: (o, u) for a, o, u in actors}
    aidx = {a: i for i, (a, _, _) in enumerate(actors)}
    meets = meeting_table(rows)
    lo = opts["since"] if opts["since"] is not None else -math.inf
    hi = opts["until"] if opts["until"] is not None else math.inf
    order = sorted((m for m in meets.values() if lo <= m["time"] < hi),
                   key=lambda m: (m["time"], m["index"]))
    gap = opts["gap"] * DAY
    share = opts["core"]
    series = []
    for m in order:
        P = m["participants"]
        if len(P) < 2:
            continue
        best, bestj = None, -1.0
        for s in series:
            if m["time"] - s["last"] > gap:
                continue
            n = len(s["meetings"])
            core = {a for a, c in s["count"].items() if c >= share * n - 1e-9}
            ov = len(core & P)
            if ov == 0:
                continue
            j = ov / (len(core) + len(P) - ov)
            if j > bestj + 1e-12 or (j > bestj - 1e-12 and s["last"] > best["last"]):
                best, bestj = s, j
        if best is not None and bestj >= opts["jaccard"] - 1e-12:
            s = best
        else:
            s = {"meetings": [], "count": {}, "last": None}
            series.append(s)
        s["meetings"].append(m)
        s["last"] = m["time"]
        for a in P:
            s["count"][a] = s["count"].get(a, 0) + 1
    kept = [s for s in series if len(s["meetings"]) >= opts["min"]]

    store_last = max(r[0] for r in rows)
    direct = {}
    for r in rows:
        if not r[4] and r[1] != r[2]:
            direct.setdefault(frozenset((r[1], r[2])), []).append(r[0])
    out = {}
    for s in kept:
        ms = s["meetings"]
        n = len(ms)
        ids = [next(k for k, v in meets.items() if v is x) for x in ms]
        first, last = ms[0]["time"], ms[-1]["time"]
        iv = [(b["time"] - a["time"]) / DAY for a, b in zip(ms, ms[1:])]
        mean = sum(iv) / len(iv) if iv else math.nan
        sd = math.sqrt(sum((x - mean) ** 2 for x in iv) / len(iv)) if iv else math.nan
        ivs = sorted(iv)
        med = (math.nan if not ivs else ivs[len(ivs) // 2] if len(ivs) % 2
               else (ivs[len(ivs) // 2 - 1] + ivs[len(ivs) // 2]) / 2)
        orgs_of = {}
        for x in ms:
            orgs_of[x["organiser"]] = orgs_of.get(x["organiser"], 0) + 1
        top = max(orgs_of.values())
        organiser = next(x["organiser"] for x in ms if orgs_of[x["organiser"]] == top)
        people = set(s["count"])
        core = {a for a, c in s["count"].items() if c >= share * n - 1e-9}
        o0 = info[organiser][0]
        third = max(1, n // 3)
        label = os.path.commonprefix(ids).rstrip("0123456789")
        rec = {
            "last_id": ids[-1], "label": label, "meetings": n, "first": first, "last": last,
            "organiser": organiser, "core_participants": len(core),
            "participants": len(people), "interval_median_days": med,
            "interval_mean_days": mean,
            "regularity_cv": sd / mean if iv and mean > 0 else math.nan,
            "organisations": len({info[a][0] for a in people if info[a][0]}),
            "units": len({info[a] for a in people}),
            "cross_organisation_share": sum(1 for a in people if info[a][0] != o0) / len(people),
            "first_third_mean_size": sum(len(x["participants"]) for x in ms[:third]) / third,
            "last_third_mean_size": sum(len(x["participants"]) for x in ms[-third:]) / third,
            "video_share": sum(1 for x in ms if main_channel(x["channels"]) == "video") / n,
            "members": [ids],
        }
        if rec["organisations"] >= 2:
            pairs = 0
            after_pairs = 0
            during = 0
            nq = (store_last - last) // QUARTER if store_last > last else 0
            after = [0] * nq
            offs = []
            plist = sorted(people, key=lambda a: aidx[a])
            for i, a in enumerate(plist):
                for b in plist[i + 1:]:
                    if not info[a][0] or not info[b][0] or info[a][0] == info[b][0]:
                        continue
                    met = min((x["time"] for x in ms
                               if a in x["participants"] and b in x["participants"]),
                              default=None)
                    if met is None:
                        continue
                    times = sorted(direct.get(frozenset((a, b)), []))
                    if times and times[0] < met:
                        continue
                    pairs += 1
                    after_pairs += bool(times)
                    for t in times:
                        if first <= t < last:
                            during += 1
                        if t >= last:
                            q = (t - last) // QUARTER
                            if q < nq:
                                after[q] += 1
                            offs.append(t - last)
            rec.update({
                "new_pairs": pairs, "pairs_with_direct_contact_after": after_pairs,
                "direct_contacts_per_quarter_during":
                    during / ((last - first) / QUARTER) if last > first else math.nan,
                "direct_contacts_per_quarter_after": ";".join(str(x) for x in after),
                "half_life_days": half_life(offs, store_last - last),
            })
        out[ids[0]] = rec
    in_window = {k: v for k, v in meets.items() if lo <= v["time"] < hi}
    series_of = {}
    for first_id, rec in out.items():
        for mid in rec["members"][0]:
            series_of[mid] = first_id
    return out, in_window, series_of


def parse_time(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def num(x):
    return math.nan if x in ("", None) else float(x)


def check_series(check, where, actors, rows, opts, out_dir, report):
    want, meets, series_of = reference_series(actors, rows, opts)
    got = {}
    with open(os.path.join(out_dir, "meeting_series.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            got[r["id"]] = r
    # the direct contacts per quarter after a series: one row per quarter, in order
    after = {}
    with open(os.path.join(out_dir, "meeting_series_quarters.csv"), newline="",
              encoding="utf-8") as f:
        for r in csv.DictReader(f):
            after.setdefault(r["series"], []).append(r["direct_contacts"])
    for sid, r in got.items():
        r["direct_contacts_per_quarter_after"] = ";".join(after.get(sid, []))
    check.same_set("python", where, "series", list(got), list(want))
    for sid, w in want.items():
        g = got.get(sid)
        if g is None:
            continue
        for key in ("last_id", "label", "organiser", "direct_contacts_per_quarter_after"):
            if key not in w:
                continue
            check.compared["python"] += 1
            if g[key] != w[key]:
                check.report("python", where, key, sid, g[key], w[key])
        for key in ("first", "last"):
            check.close("python", where, key, sid, parse_time(g[key]), w[key])
        for key, val in w.items():
            if key in ("last_id", "label", "organiser", "first", "last", "members",
                       "direct_contacts_per_quarter_after"):
                continue
            tol = 1e-6 if key == "half_life_days" else 1e-9
            check.close("python", where, key, sid, num(g[key]), val, tol)
        if "new_pairs" not in w and g["new_pairs"] != "":
            check.report("python", where, "new_pairs", sid, g["new_pairs"], "(none)")
    # meetings.csv
    with open(os.path.join(out_dir, "meetings.csv"), newline="", encoding="utf-8") as f:
        gm = {r["meeting"]: r for r in csv.DictReader(f)}
    check.same_set("python", where, "meetings", list(gm), list(meets))
    for mid, m in meets.items():
        g = gm.get(mid)
        if g is None:
            continue
        check.close("python", where, "meeting time", mid, parse_time(g["time"]), m["time"])
        check.close("python", where, "meeting participants", mid, int(g["participants"]),
                    len(m["participants"]))
        check.close("python", where, "meeting rows", mid, int(g["rows"]), len(m["rows"]))
        check.compared["python"] += 3
        if g["organiser"] != m["organiser"]:
            check.report("python", where, "organiser", mid, g["organiser"], m["organiser"])
        if g["channel"] != main_channel(m["channels"]):
            check.report("python", where, "channel", mid, g["channel"],
                         main_channel(m["channels"]))
        if g["series"] != series_of.get(mid, ""):
            check.report("python", where, "series of", mid, g["series"], series_of.get(mid, ""))
    j = report["meetings"]
    check.close("python", where, "meeting count", "-", j["count"], len(meets))
    check.close("python", where, "series count", "-", len(j["series"]), len(want))


def read_folder(folder):
    actors, dicts = read_folder_rows(folder)
    rows = [(parse_time(r["time"]), r["from"], r["to"], r["channel"], r["meeting"],
             float(r["weight"] or 1)) for r in dicts]
    return actors, rows


def main():
    opt = dataset_args()
    check = Checker(["python"])
    with tempfile.TemporaryDirectory() as tmp:
        for seed, folder, actors, rows, opts, out_dir in random_datasets(tmp, opt, write_dataset):
            args = [os.path.join(folder, "actors.csv"), os.path.join(folder, "contacts.csv")]
            report = run_samnett_tables(opt.binary, args + args_of(opts), out_dir)
            where = f"seed {seed} {opts['level']} {opts['mode']}"
            check_projection(check, where, actors, rows, opts, out_dir, report)
            check_series(check, where, actors, rows, opts, out_dir, report)
        demo = synth_demo(opt.binary, tmp)
        actors, rows = read_folder(demo)
        opts = {"level": "organisation", "mode": "project", "sum": False, "channels": None,
                "since": None, "until": None, "min_contacts": 1, "jaccard": 0.5, "core": 0.5,
                "min": 3, "gap": 365}
        out_dir = os.path.join(demo, "out")
        report = run_samnett_tables(opt.binary, [demo] + args_of(opts), out_dir)
        check_projection(check, "demo", actors, rows, opts, out_dir, report)
        check_series(check, "demo", actors, rows, opts, out_dir, report)
        ln = [s for s in report["meetings"]["series"] if s["id"] == "ln01"]
        check.compared["python"] += 1
        if not ln or ln[0]["last_id"] != "ln16" or ln[0]["meetings"] != 16:
            check.report("python", "demo", "learning network series", "ln01",
                         ln[0] if ln else None, "ln01..ln16, 16 meetings")
        elif not 120 < ln[0]["ties_formed"]["half_life_days"] < 260:
            check.report("python", "demo", "learning network half-life", "ln01",
                         ln[0]["ties_formed"]["half_life_days"], "near 182.5 days")
    bad = check.total_mismatches()
    print(f"check_meetings: compared {check.total_compared()} values on {opt.datasets} random "
          f"data sets and the demo region; {bad} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
