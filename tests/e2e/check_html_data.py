#!/usr/bin/python3
"""The HTML report's data against the JSON report and the GEXF of the same analysis.

usage: check_html_data.py SAMNETT SOURCE_DIR [WORK_DIR]

For the demo region (quarterly windows, every lens), the hostile fixture
(tests/e2e/data/hostile) at the actor and unit levels and an empty view, the
report is written as HTML, JSON and GEXF, and the HTML's data element
(core/output/html/README.md) is read back and checked:

1. the page: one data element, with no raw <, >, & or U+2028/9 in it, and
   no other <script> than the page's own three (D3, the data, the page's
   scripts), whatever the names hold; D3's
   licence is in it; nothing is loaded from elsewhere (no src= or href= to
   http(s) or //);
2. the nodes: ids, names, organisations, units, kinds, measures and
   brokerage equal the JSON report's actors, in order; their groups at the
   unit and organisation levels are the nodes of `--level unit` and
   `--level organisation`, with as many members;
3. the ties: ends, weights, contacts, channels, first and last day equal the
   JSON report's `ties`;
4. the windows: one per time window, with as many ties as the report's
   windows say, each present in the window with a weight;
5. the contacts per day add up, channel by channel, to the contacts in the
   view (the JSON report's time measures per channel with windows, else the
   network's contacts and self contacts);
6. the case histograms add up to the cases in view, BTI by level;
7. the findings: one per lens finding; an actor's finding names that actor,
   an organisation's finding that organisation;
8. the layout: the GEXF's viz:position is the map's x, y times 20;
9. the hostile names come back exactly (control characters, </script>,
   quotes) from the data.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

failures = []


def fail(case, msg):
    failures.append("%s: %s" % (case, msg))
    print("FAIL %s: %s" % (case, msg))


def run(samnett, args):
    env = dict(os.environ, OMP_NUM_THREADS="1")  # PageRank's sums in one order
    p = subprocess.run([samnett] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if p.returncode != 0:
        raise SystemExit("samnett %s failed (%d): %s" % (" ".join(args), p.returncode,
                                                         p.stderr.decode(errors="replace")[-2000:]))
    return p.stdout


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def page_data(case, html):
    scripts = re.findall(r"<script\b[^>]*>", html)
    if len(scripts) != 3:
        fail(case, "the page has %d script elements, expected 3: %s" % (len(scripts), scripts))
    m = re.findall(r'<script type="application/json" id="samnett-data">(.*?)</script>', html, re.S)
    if len(m) != 1:
        fail(case, "expected one data element, found %d" % len(m))
        return None
    if re.search(r"[<>&\u2028\u2029]", m[0]):
        fail(case, "the data holds a raw <, >, & or line separator (they must be \\u escapes)")
    if re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", html, re.I):
        fail(case, "the page refers to something elsewhere")
    if "Mike Bostock" not in html or "Redistribution and use" not in html:
        fail(case, "D3's copyright and licence are not in the page")
    return json.loads(m[0])


def check(samnett, case, args, work, hostile=None):
    d = os.path.join(work, case)
    os.makedirs(d, exist_ok=True)
    rep = json.loads(run(samnett, args + ["--format", "json"]))
    html_path, gexf = os.path.join(d, "report.html"), os.path.join(d, "net.gexf")
    run(samnett, args + ["--format", "html", "--output", html_path])
    run(samnett, args + ["--format", "gexf", "--output", gexf])
    with open(html_path, encoding="utf-8") as f:
        data = page_data(case, f.read())
    if data is None:
        return
    m, net = data["map"], rep["network"]
    if data["schema"] != 1 or data["lang"] not in ("en", "nb") or m["level"] != net["level"]:
        fail(case, "schema, lang or level: %r %r %r" % (data["schema"], data["lang"], m["level"]))

    # 2. nodes
    nodes, actors = m["nodes"], rep["actors"]
    n = len(actors)
    if nodes["id"] != [a["id"] for a in actors]:
        fail(case, "node ids differ from the report's actors")
        return
    cols = ["name", "org", "unit", "type", "members", "x", "y"]
    if any(len(nodes[c]) != n for c in cols):
        fail(case, "a node column is not %d long" % n)
        return
    orgs, units, types = m["organisations"], m["units"], m["types"]
    for v, a in enumerate(actors):
        got = {
            "name": nodes["name"][v] or "",
            "organisation": orgs[nodes["org"][v]] if nodes["org"][v] >= 0 else "",
            "unit": units[nodes["unit"][v]] if nodes["unit"][v] >= 0 else "",
            "type": types[nodes["type"][v]] if nodes["type"][v] >= 0 else "",
        }
        for k, x in got.items():
            if x != (a.get(k) or ""):
                fail(case, "node %r: %s %r, the report %r" % (a["id"], k, x, a.get(k)))
        if nodes["unit"][v] >= 0 and m["unit_org"][nodes["unit"][v]] != nodes["org"][v]:
            fail(case, "node %r: its unit is not of its organisation" % a["id"])
        if nodes["members"][v] != a.get("members", 1):
            fail(case, "node %r: members differ" % a["id"])
        for k, x in a["metrics"].items():
            if not same(nodes["measures"][k][v], x):
                fail(case, "node %r: %s %r, the report %r" % (a["id"], k, nodes["measures"][k][v], x))
                break
        for role, x in a.get("brokerage", {}).items():
            if not same(nodes["brokerage"][role][v], x["raw"]):
                fail(case, "node %r: brokerage %s differs" % (a["id"], role))
    if len(set(orgs)) != len(orgs) or len(set(types)) != len(types):
        fail(case, "an organisation or a kind is listed twice")

    # 2b. the groups of the levels above: the nodes of `analyze --level L`, with their members
    levels = ["actor", "unit", "organisation"]
    for level in levels[levels.index(m["level"]) + 1:]:
        g = m["groups"].get(level)
        if not g or len(g["node"]) != n:
            fail(case, "no %s groups for every node" % level)
            continue
        if m["level"] != "actor":
            continue  # members count actors; the base level's nodes may hold several
        other = json.loads(run(samnett, args + ["--level", level, "--format", "json"]))
        want = {a["id"]: a["members"] for a in other["actors"]}
        got = {}
        for v in range(n):
            label = g["labels"][g["node"][v]]
            got[label] = got.get(label, 0) + 1
        if got != want:
            diff = sorted(set(got.items()) ^ set(want.items()))[:4]
            fail(case, "%s groups differ from analyze --level %s: %r" % (level, level, diff))

    # 3. ties
    ties, jt = m["ties"], rep["ties"]
    if len(jt) != net["ties"] or any(len(ties[c]) != len(jt) for c in ties):
        fail(case, "ties: %d in the page, %d in the report" % (len(ties["from"]), net["ties"]))
        return
    ids = nodes["id"]
    for k, t in enumerate(jt):
        got = (ids[ties["from"][k]], ids[ties["to"][k]])
        chans = dict(zip(m["channels"], ties["channels"][k]))
        first = t["first"][:10] if t["first"] else None
        last = t["last"][:10] if t["last"] else None
        if got != (t["from"], t["to"]) or not same(ties["weight"][k], t["weight"]) or \
                ties["contacts"][k] != t["contacts"] or chans != t["channels"] or \
                (ties["first"][k], ties["last"][k]) != (first, last):
            fail(case, "tie %d differs: %r, the report %r" % (k, got, t))
            break

    # 4. windows
    windows = rep.get("temporal", {}).get("windows", [])
    if len(m["windows"]) != len(windows):
        fail(case, "%d windows in the page, %d in the report" % (len(m["windows"]), len(windows)))
    for w, rw in zip(m["windows"], windows):
        if w["label"] != rw["label"] or len(w["ties"]) != rw["ties"] or len(w["weight"]) != len(w["ties"]):
            fail(case, "window %s: %d ties, the report %d" % (rw["label"], len(w["ties"]), rw["ties"]))
        if w["ties"] != sorted(set(w["ties"])) or any(not 0 <= k < len(jt) for k in w["ties"]):
            fail(case, "window %s: ties not ascending, or out of range" % rw["label"])
        if any(x is None or x <= 0 for x in w["weight"]):
            fail(case, "window %s: a tie without weight" % rw["label"])
        if w["start"] != rw["start"][:10]:
            fail(case, "window %s starts %s, the report %s" % (rw["label"], w["start"], rw["start"]))

    # 5. contacts per day
    daily = data["daily"]
    per_channel = {c: sum(v) for c, v in daily["channels"].items()}
    if any(len(v) != daily["days"] for v in daily["channels"].values()):
        fail(case, "a channel's days are not %d" % daily["days"])
    if windows and not rep["temporal"]["window"]["sliding"]:
        want = {c["channel"]: c["contacts"] for c in rep["temporal"]["channels"]}
        got = {c: x for c, x in per_channel.items() if x}
        if got != {c: x for c, x in want.items() if x} and rep["temporal"]["contacts_outside_period"] == 0:
            fail(case, "contacts per channel %r, the time measures %r" % (got, want))
    total = sum(per_channel.values())
    if net["filters"]["min_contacts"] <= 1 and total != net["contacts"] + net["self_contacts"]:
        fail(case, "%d contacts by day, the network %d (+ %d self contacts)" % (total, net["contacts"],
                                                                         net["self_contacts"]))

    # 6. case histograms
    hist = {h["key"]: h for h in data["case_histograms"]}
    if "cases" in rep and rep["cases"]["cases_in_view"]:
        c = rep["cases"]
        if sum(hist["providers"]["counts"]) != c["cases_in_view"]:
            fail(case, "providers per case: %d cases, the report %d" % (sum(hist["providers"]["counts"]),
                                                                    c["cases_in_view"]))
        if hist["bti"]["counts"] != [c["bti_levels"][k] for k in ("level_1", "level_2", "level_3_or_more")]:
            fail(case, "BTI levels %r, the report %r" % (hist["bti"]["counts"], c["bti_levels"]))
        if "care_density" in hist and sum(hist["care_density"]["counts"]) != c["care_density"]["cases"]:
            fail(case, "care density: %d cases, the report %d" % (sum(hist["care_density"]["counts"]),
                                                              c["care_density"]["cases"]))
    elif data["case_histograms"]:
        fail(case, "case histograms without cases")

    # 7. findings
    want = [(l["name"], f) for l in rep.get("lenses", []) for f in l["findings"]]
    if len(data["findings"]) != len(want):
        fail(case, "%d findings in the page, %d in the report" % (len(data["findings"]), len(want)))
    else:
        org_index = {o: i for i, o in enumerate(orgs)}
        linked = 0
        for got, (lens, f) in zip(data["findings"], want):
            if (got["lens"], got["label"], got["scope"], got["evidence"]) != (lens, f["label"], f["scope"],
                                                                             f["evidence"]):
                fail(case, "finding %s/%s differs" % (lens, f["scope"]))
                break
            if f["level"] == "actor" and [ids[v] for v in got["nodes"]] != [f["scope"]]:
                fail(case, "finding %s %r names %r" % (lens, f["scope"], [ids[v] for v in got["nodes"]]))
            if f["level"] == "group" and f["scope"] in org_index and got["organisations"] != [org_index[f["scope"]]]:
                fail(case, "finding %s %r names organisations %r" % (lens, f["scope"], got["organisations"]))
            if f["level"] == "network" and (got["nodes"] or got["organisations"]):
                fail(case, "a network finding names actors")
            linked += bool(got["nodes"] or got["organisations"])
        print("   %s: %d findings, %d linked to actors or organisations" % (case, len(want), linked))

    # 8. the layout in the GEXF
    viz = "{http://www.gexf.net/1.2draft/viz}position"
    pos = {}
    for node in ET.parse(gexf).getroot().iter("{http://www.gexf.net/1.2draft}node"):
        p = node.find(viz)
        if p is not None:
            pos[node.get("id")] = (float(p.get("x")), float(p.get("y")))
    if len(pos) != n:
        fail(case, "%d of %d GEXF nodes have a position" % (len(pos), n))
    for v, i in enumerate(ids):
        shown = "".join("\\x%02x" % ord(c) if ord(c) < 0x20 and c not in "\t\n\r" else c for c in i)
        p = pos.get(shown.replace("\r", "\n"), pos.get(shown))
        if p is None or not same(p[0], nodes["x"][v] * 20) or not same(p[1], nodes["y"][v] * 20):
            fail(case, "node %r: GEXF position %r, the map %r" % (i, p, (nodes["x"][v], nodes["y"][v])))
            break
    if n and len({(x, y) for x, y in zip(nodes["x"], nodes["y"])}) < n:
        fail(case, "two nodes share a position")

    # 9. hostile names
    if hostile:
        with open(hostile, encoding="utf-8") as f:
            fixture = {a["id"].strip(): a for a in map(json.loads, f)}
        for v, i in enumerate(ids):
            if i in fixture and (nodes["name"][v] or "") != fixture[i]["name"]:
                fail(case, "node %r: name %r, the fixture %r" % (i, nodes["name"][v], fixture[i]["name"]))
    print("ok %s (%d nodes, %d ties, %d windows, %d bytes)" % (case, n, len(jt), len(m["windows"]),
                                                             os.path.getsize(html_path)))


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    samnett, src = sys.argv[1], sys.argv[2]
    work = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="samnett-html-")
    hostile = os.path.join(src, "tests", "e2e", "data", "hostile")
    fixture = os.path.join(hostile, "actors.jsonl")
    cases = [
        ("demo", ["analyze", "--demo", "--window", "quarter", "--lens", "all"], None),
        ("demo-nb-unit", ["analyze", "--demo", "--level", "unit", "--lang", "nb"], None),
        ("hostile-month", ["analyze", hostile, "--window", "month", "--lens", "all"], fixture),
        ("hostile-org", ["analyze", hostile, "--level", "organisation"], None),
        ("empty-view", ["analyze", hostile, "--since", "2100-01-01"], None),
    ]
    for name, args, fx in cases:
        check(samnett, name, args, work, hostile=fx)
    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    print("all HTML data checks passed")


if __name__ == "__main__":
    main()
