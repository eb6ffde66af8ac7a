#!/usr/bin/env python3
"""The network files (--format graphml, gexf; ties.csv, network.csv) read back.

usage: check_network_files.py SAMNETT TESTS_DIR [WORK_DIR]

For the demo region, a generated small region and the hostile fixture
(tests/e2e/data/hostile), at the actor and unit levels, with and without
--window, samnett writes its JSON report, its CSV tables, GraphML and GEXF.
Then:

1. both XML files are well formed (xmllint --noout);
2. NetworkX reads both (read_graphml, read_gexf): the same nodes, ties,
   weights, contacts, attributes and node measures as the JSON report and
   ties.csv; network.csv holds the JSON report's network figures;
3. with --window, the GEXF spells: every node and tie is present in the
   windows that the JSON report's windows count (nodes, ties per window),
   spells run from a window's first to its last day, and the per-window
   weights of a tie add up to its contacts inside the analysed period;
4. the GEXF rules (check_gexf below): unique node and edge ids, ends that
   name nodes, every attvalue's `for` a declared attribute of its class,
   dynamic values only for dynamic attributes, and spells and dynamic values
   inside the graph's start and end;
5. R's igraph reads the GraphML (read_graph(format = "graphml")): the same
   number of nodes and ties and the same weights;
6. the hostile names (control characters, quotes, <, &, formulas) come back as
   the fixture has them, with the C0 controls XML cannot hold as \\xNN.
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import networkx as nx

GEXF = "{http://www.gexf.net/1.2draft}"
failures = []


def fail(case, msg):
    failures.append("%s: %s" % (case, msg))
    print("FAIL %s: %s" % (case, msg))


def run(samnett, args):
    p = subprocess.run([samnett] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SystemExit("samnett %s failed (%d): %s" % (" ".join(args), p.returncode,
                                                         p.stderr.decode(errors="replace")[-2000:]))
    return p.stdout


def xml_shown(s):
    """A string as the network files hold it: C0 controls but TAB, LF, CR as \\xNN."""
    return "".join("\\x%02x" % ord(c) if ord(c) < 0x20 and c not in "\t\n\r" else c for c in s)


def same_number(a, b):
    if a is None or b is None:
        return a is None and b is None
    return a == b or math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-15)


def check_gexf(case, path):
    """The rules of GEXF 1.2 that the readers lean on."""
    root = ET.parse(path).getroot()
    if root.tag != GEXF + "gexf" or root.get("version") != "1.2":
        fail(case, "not a GEXF 1.2 root: %s %s" % (root.tag, root.get("version")))
        return
    graph = root.find(GEXF + "graph")
    dynamic = graph.get("mode") == "dynamic"
    g0, g1 = graph.get("start"), graph.get("end")
    if dynamic and (graph.get("timeformat") != "date" or not g0 or not g1):
        fail(case, "a dynamic graph without timeformat date, start and end")
    declared = {"node": {}, "edge": {}}
    for attrs in graph.findall(GEXF + "attributes"):
        for a in attrs.findall(GEXF + "attribute"):
            if a.get("id") in declared[attrs.get("class")]:
                fail(case, "attribute %r declared twice" % a.get("id"))
            declared[attrs.get("class")][a.get("id")] = (attrs.get("mode"), a.get("type"))

    def inside(el, what):
        s, e = el.get("start"), el.get("end")
        if not (g0 <= s <= e <= g1):
            fail(case, "%s spell %s..%s outside the graph's %s..%s" % (what, s, e, g0, g1))

    def values(el, cls, what):
        for v in el.iter(GEXF + "attvalue"):
            d = declared[cls].get(v.get("for"))
            if d is None:
                fail(case, "%s: attvalue for undeclared %r" % (what, v.get("for")))
                continue
            if (v.get("start") is not None) != (d[0] == "dynamic"):
                fail(case, "%s: %r with start %r in mode %s" % (what, v.get("for"), v.get("start"), d[0]))
            if v.get("start") is not None:
                inside(v, what)
        for sp in el.iter(GEXF + "spell"):
            if not dynamic:
                fail(case, "%s: a spell in a static graph" % what)
            inside(sp, what)

    ids = set()
    for n in graph.find(GEXF + "nodes").findall(GEXF + "node"):
        if n.get("id") in ids:
            fail(case, "node id %r twice" % n.get("id"))
        ids.add(n.get("id"))
        values(n, "node", "node %r" % n.get("id"))
    edge_ids = set()
    for e in graph.find(GEXF + "edges").findall(GEXF + "edge"):
        if e.get("id") in edge_ids:
            fail(case, "edge id %r twice" % e.get("id"))
        edge_ids.add(e.get("id"))
        if e.get("source") not in ids or e.get("target") not in ids:
            fail(case, "edge %s names a node that is not there" % e.get("id"))
        values(e, "edge", "edge %s" % e.get("id"))


def _local(iso, zone):
    """An instant of the report ("...Z") on the wall clock of its time zone."""
    import datetime
    from zoneinfo import ZoneInfo
    t = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(ZoneInfo(zone))


def day(iso, zone="UTC"):
    """The date of an instant in the report's zone (windows start at its midnights)."""
    return _local(iso, zone).strftime("%Y-%m-%d")


def last_day(iso_end, zone="UTC"):
    """The last day of a window [start, end): the day before end at midnight."""
    import datetime
    return (_local(iso_end, zone) - datetime.timedelta(seconds=1)).strftime("%Y-%m-%d")


def check_case(samnett, case, args, work, hostile=None, r_ok=True):
    d = os.path.join(work, case)
    os.makedirs(d, exist_ok=True)
    rep = json.loads(run(samnett, args + ["--format", "json"]))
    run(samnett, args + ["--format", "csv", "--output", os.path.join(d, "csv")])
    gml, gexf = os.path.join(d, "net.graphml"), os.path.join(d, "net.gexf")
    run(samnett, args + ["--format", "graphml", "--output", gml])
    run(samnett, args + ["--format", "gexf", "--output", gexf])
    p = subprocess.run(["xmllint", "--noout", gml, gexf], stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail(case, "xmllint: " + p.stderr.decode(errors="replace")[:500])
        return
    check_gexf(case, gexf)

    def raw(cell):  # a CSV cell without the ' that guards a formula
        return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell

    with open(os.path.join(d, "csv", "ties.csv"), encoding="utf-8", newline="") as f:
        ties = list(csv.DictReader(f))
    with open(os.path.join(d, "csv", "network.csv"), encoding="utf-8", newline="") as f:
        net_rows = list(csv.DictReader(f))
    net = rep["network"]
    # network.csv: the scalars of `network`
    if len(net_rows) != 1:
        fail(case, "network.csv has %d rows" % len(net_rows))
    else:
        row = net_rows[0]
        want = {}
        for k, v in net.items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    if not isinstance(v2, list):  # a list has a file of its own (below)
                        want["%s_%s" % (k, k2)] = v2
            elif not isinstance(v, list):
                want[k] = v
        if set(row) != set(want):
            fail(case, "network.csv columns %s, JSON %s" % (sorted(row), sorted(want)))
        for k, v in want.items():
            got = row.get(k)
            if isinstance(v, bool) or v is None or isinstance(v, str):
                ok = got == ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
            else:
                ok = got != "" and same_number(float(got), v)
            if not ok:
                fail(case, "network.csv %s = %r, JSON %r" % (k, got, v))
    # the lists of `network`, one row per element in network_*.csv
    lists = {
        "network_filter_channels.csv": [[c] for c in net["filters"]["channels"] or []],
        "network_contacts_by_type.csv": [[t["from_type"], t["to_type"], str(t["contacts"])]
                                         for t in net["contacts_by_type"]],
        "network_articulation_points.csv": [[a] for a in net["articulation_points"]],
    }
    for name, want_rows in lists.items():
        with open(os.path.join(d, "csv", name), encoding="utf-8", newline="") as f:
            got_rows = [[raw(c) for c in r] for r in list(csv.reader(f))[1:]]
        if got_rows != want_rows:
            fail(case, "%s: %r, JSON %r" % (name, got_rows[:5], want_rows[:5]))
    # ties.csv against the JSON network and the channels
    if len(ties) != net["ties"]:
        fail(case, "ties.csv has %d ties, the report %d" % (len(ties), net["ties"]))
    channels = [c for c in ties[0] if c.startswith("contacts_")] if ties else []
    for t in ties:
        if sum(int(t[c]) for c in channels) != float(t["contacts"]):
            fail(case, "tie %r -> %r: its channels do not add up to its contacts" % (t["from"], t["to"]))
            break
    if sum(float(t["contacts"]) for t in ties) != net["contacts_in_ties"]:
        fail(case, "ties.csv contacts %s, contacts_in_ties %s" % (sum(float(t["contacts"]) for t in ties),
                                                                net["contacts_in_ties"]))
    tie = {(raw(t["from"]), raw(t["to"])): t for t in ties}
    # the JSON report's ties are ties.csv's
    jt = {(t["from"], t["to"]): t for t in rep.get("ties", [])}
    if set(jt) != set(tie):
        fail(case, "the JSON report's ties differ from ties.csv")
    for key, t in jt.items():
        c = tie.get(key)
        if c and (not same_number(t["weight"], float(c["weight"])) or t["contacts"] != float(c["contacts"])
                  or any(t["channels"].get(k[9:]) != int(c[k]) for k in channels)
                  or (t["first"] or "") != c["first"] or (t["last"] or "") != c["last"]):
            fail(case, "tie %r -> %r: the JSON report %r, ties.csv %r" % (key[0], key[1], t, c))
            break
    actors = {a["id"]: a for a in rep["actors"]}
    actor_level = net["level"] == "actor"

    for fmt, G in (("graphml", nx.read_graphml(gml)), ("gexf", nx.read_gexf(gexf))):
        where = "%s (%s)" % (case, fmt)
        if set(G.nodes) != {xml_shown(a) for a in actors}:
            fail(where, "nodes differ from the report's actors")
            continue
        if set(G.edges) != {(xml_shown(a), xml_shown(b)) for a, b in tie}:
            fail(where, "ties differ from ties.csv")
            continue
        shown = {xml_shown(a): a for a in actors}
        for (a, b), t in tie.items():
            e = G.edges[xml_shown(a), xml_shown(b)]
            if not same_number(e["weight"], float(t["weight"])) or not same_number(e["contacts"], float(t["contacts"])):
                fail(where, "tie %r -> %r: weight %s contacts %s, ties.csv %s %s"
                     % (a, b, e["weight"], e["contacts"], t["weight"], t["contacts"]))
                break
            if any(e[c] != int(t[c]) for c in channels) or e.get("first") != t["first"] or e.get("last") != t["last"]:
                fail(where, "tie %r -> %r: channels or times differ from ties.csv" % (a, b))
                break
        keys = ["name", "type", "organisation", "unit", "rank", "profession"] if actor_level else \
            ["organisation"] + (["unit"] if net["level"] == "unit" else [])
        for v, data in G.nodes(data=True):
            a = actors[shown[v]]
            for k in keys:
                if data.get(k, "") != xml_shown(a[k]):
                    fail(where, "node %r: %s %r, the report %r" % (v, k, data.get(k), a[k]))
            if actor_level:
                if data["auto_created"] != a["auto_created"]:
                    fail(where, "node %r: auto_created differs" % v)
                for k, x in a["attributes"].items():
                    if data.get(k, data.get("attr_" + k, "")) != xml_shown(x):
                        fail(where, "node %r: attribute %s differs" % (v, k))
            elif data["members"] != a["members"]:
                fail(where, "node %r: members %s, the report %s" % (v, data["members"], a["members"]))
            for k, x in a["metrics"].items():
                if not same_number(data.get(k), x):
                    fail(where, "node %r: %s %r, the report %r" % (v, k, data.get(k), x))
            for role, x in a["brokerage"].items():
                if not same_number(data.get("brokerage_" + role), x["raw"]):
                    fail(where, "node %r: brokerage %s differs" % (v, role))

        if fmt == "gexf" and "temporal" in rep and rep["temporal"].get("windows"):
            windows = rep["temporal"]["windows"]
            zone = rep["input"].get("time_zone", "UTC")
            spans = [(day(w["start"], zone), last_day(w["end"], zone)) for w in windows]
            index = {s: i for i, s in enumerate(spans)}
            nodes_in = [0] * len(windows)
            ties_in = [0] * len(windows)
            for v, data in G.nodes(data=True):
                for s in data.get("spells", []):
                    nodes_in[index[s]] += 1
            for a, b, data in G.edges(data=True):
                spells = data.get("spells", [])
                for s in spells:
                    ties_in[index[s]] += 1
                ww = data.get("window_weight", [])
                if sorted((s, e) for _, s, e in ww) != sorted(spells):
                    fail(where, "tie %r -> %r: window weights not one per spell" % (a, b))
                    break
            want_nodes = [w["nodes"] for w in windows]
            want_ties = [w["ties"] for w in windows]
            if nodes_in != want_nodes:
                fail(where, "nodes per window %s, the report %s" % (nodes_in, want_nodes))
            if ties_in != want_ties:
                fail(where, "ties per window %s, the report %s" % (ties_in, want_ties))
            # the per-window contacts add up to the contacts in the windows on the ties
            per_window = sum(c for _, _, d in G.edges(data=True) for c, _, _ in d.get("window_contacts", []))
            if not rep["temporal"]["window"]["sliding"] and net["filters"]["min_contacts"] <= 1:
                in_period = sum(float(t["contacts"]) for t in ties) - rep["temporal"]["contacts_outside_period"]
                if not same_number(per_window, in_period):
                    fail(where, "per-window contacts %s, contacts on ties in the period %s" % (per_window, in_period))
            print("   %s: spells in %d windows, %d node and %d tie spells" % (where, len(windows), sum(nodes_in),
                                                                         sum(ties_in)))

    if r_ok:
        r = subprocess.run(["Rscript", "-e", 'suppressMessages(library(igraph)); '
                            'g <- read_graph(commandArgs(TRUE)[1], format = "graphml"); '
                            'cat(vcount(g), ecount(g), "\\n"); '
                            'cat(sprintf("%.17g", sort(E(g)$weight)), sep = "\\n")', gml],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            fail(case, "R igraph could not read the GraphML: " + r.stderr.decode(errors="replace")[-500:])
        else:
            lines = r.stdout.decode().split("\n")
            vc, ec = map(int, lines[0].split())
            weights = [float(x) for x in lines[1:] if x.strip()]
            if (vc, ec) != (net["nodes"], net["ties"]):
                fail(case, "R igraph: %d nodes %d ties, the report %d %d" % (vc, ec, net["nodes"], net["ties"]))
            if weights != sorted(float(t["weight"]) for t in ties):
                fail(case, "R igraph: the weights differ from ties.csv")

    if hostile:
        fixture = {}
        with open(hostile, encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                fixture[a["id"].strip()] = a
        for fmt, G in (("graphml", nx.read_graphml(gml)), ("gexf", nx.read_gexf(gexf))):
            got = {v: {k: d.get(k, "") for k in ("name", "organisation", "unit")} for v, d in G.nodes(data=True)}
            want = {xml_shown(i): {k: xml_shown(a[k]) for k in ("name", "organisation", "unit")}
                    for i, a in fixture.items()}
            if got != want:
                fail("%s (%s)" % (case, fmt), "hostile names differ:\n%r\n%r" % (got, want))
        for p_ in (gml, gexf):
            text = open(p_, encoding="utf-8").read()
            for ch in text:
                if ord(ch) < 0x20 and ch != "\n":
                    fail(case, "%s holds a raw control character %r" % (os.path.basename(p_), ch))
                    break
    print("ok %s (%d nodes, %d ties)" % (case, net["nodes"], net["ties"]))


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    samnett, tests = os.path.abspath(sys.argv[1]), sys.argv[2]
    work = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="samnett-netfiles-")
    os.makedirs(work, exist_ok=True)
    data = os.path.join(tests, "e2e", "data")
    small = os.path.join(work, "small")
    if not os.path.isdir(small):
        run(samnett, ["synth", "--scale", "small", "--seed", "11", "--output", small])
    hostile = os.path.join(data, "hostile")
    cases = [
        ("demo", ["analyze", "--demo"], None),
        ("demo-quarter", ["analyze", "--demo", "--window", "quarter"], None),
        ("demo-unit-month", ["analyze", "--demo", "--level", "unit", "--window", "month"], None),
        ("small", ["analyze", small], None),
        ("small-30d-sum", ["analyze", small, "--window", "30d", "--tie-weight", "sum",
                           "--min-contacts", "2"], None),
        ("small-sliding", ["analyze", small, "--window", "quarter", "--slide", "month"], None),
        ("small-org-phone", ["analyze", small, "--level", "organisation", "--channel", "phone"], None),
        ("region", ["analyze", os.path.join(data, "region")], None),
        ("hostile-month", ["analyze", hostile, "--window", "month"], os.path.join(hostile, "actors.jsonl")),
        ("hostile-unit", ["analyze", hostile, "--level", "unit"], None),
    ]
    for name, args, fixture in cases:
        check_case(samnett, name, args, work, hostile=fixture)
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("all network files read back")
    return 0


if __name__ == "__main__":
    sys.exit(main())
