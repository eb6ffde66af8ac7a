#!/usr/bin/env python3
"""The small-cell rule and the shared profile in the JSON, CSV, GraphML, GEXF
and HTML outputs, against the same analysis without them.

usage: check_privacy_outputs.py SAMNETT TESTS_DIR

On the demo region (quarterly windows, window metrics) and on
tests/e2e/data/region, with K = 3:

1. JSON, `--min-cell 3` against the default run of the same data (the same
   ids, so the same order): the same members in the same order, less the
   `KEY_suppressed` flags; every count (the keys listed below, written here
   from the rule, not read from samnett) that is 1..K-1 in the default run
   is null with its flag; every other value is unchanged, except secondary
   suppressions, which are allowed only in the seven tables that show a
   total beside their parts, only where that total is shown, and only so
   that no line of the table is left with exactly one hidden cell;
2. CSV, the same two runs: each count column C is followed by C_suppressed
   (only with the rule: the default tables have none), a flagged cell is
   empty, every count 1..K-1 is flagged, nothing else changes, and the
   tables with totals hide the same cells as the JSON report;
3. shared (`--privacy shared`, one key for every format): the JSON report
   has `privacy` right after `samnett` with ties_left_out = the default
   run's ties with fewer than K contacts; JSON `ties`, ties.csv, GraphML,
   GEXF and the HTML page's map hold the same ties, all with at least K
   contacts, as many as the default run has; the GraphML and GEXF are
   well-formed (xmllint --noout), carry the notice, hide every count below
   K and have no name or profession attribute; no count 1..K-1 is left in
   the JSON report; the page's contacts per day and case histograms show
   no count below K and no hidden cell alone beside shown ones;
4. the default JSON report has no `privacy` and no `_suppressed` member.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

K = 3
failures = []


def fail(what, msg):
    failures.append("%s: %s" % (what, msg))
    print("FAIL %s: %s" % (what, msg))


def run(args):
    p = subprocess.run([SAMNETT] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail(" ".join(args[:8]), "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace")[:400]))
    return p.stdout


def small(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and 0 < x < K


# ---- which JSON values are counts (from the rule: contacts, rows, actors, ties, cases,
# meetings, pairs, transfers, brokerage raw counts, tie weights and strengths) ----

COUNTS = {
    "input": {"actors", "actors_auto_created", "contact_rows", "contacts", "rejected",
              "self_contacts", "local_times", "ambiguous_times", "nonexistent_times",
              "warnings", "ids_merged"},
    "network": {"nodes", "ties", "contacts", "contacts_in_ties", "self_contacts",
                "within_group_contacts", "below_min_contacts", "largest_weak_component",
                "isolates"},
    "actors": {"degree_in", "degree_out", "strength_in", "strength_out", "reachable",
               "members", "raw"},
    "ties": {"weight", "contacts"},
    "silo": {"size", "internal", "external", "internal_weight", "external_weight", "weights"},
    "removal": {"reachable_pairs_before", "reachable_pairs_after", "reachable_pairs_lost",
                "pairs_lost_between_remaining", "ties_lost", "cross_boundary_ties_lost",
                "cross_boundary_ties_before"},
    "meetings": {"count", "rows", "projected_meetings", "rows_replaced_or_left_out",
                 "meetings_in_series", "meetings", "core_participants", "participants",
                 "organisations", "units", "new_pairs", "with_direct_contact_after",
                 "direct_contacts_during", "per_quarter_after"},
    "cases": {"cases", "cases_in_view", "level_1", "level_2", "level_3_or_more", "count",
              "single", "pooled", "sequential", "reciprocal", "large_cases_left_out",
              "patient_sharing_pairs", "cross_organisation", "shared_cases"},
    "temporal": {"contacts_outside_period", "contacts_stray", "contacts", "nodes", "ties",
                 "baseline_contacts", "contacts_before", "contacts_after", "degree_in",
                 "degree_out", "degree", "strength_in", "strength_out", "strength",
                 "reachable"},
}


def is_count(path):
    """Whether the value at path (a list of keys and indices) is a count."""
    top = path[0]
    keys = [p for p in path if isinstance(p, str)]
    if top == "input" and len(keys) == 3 and keys[1] == "messages":
        return True
    if top == "network" and keys[1:2] == ["contacts_by_type"]:
        return keys[-1] == "contacts"
    if top == "ties" and len(keys) == 3 and keys[1] == "channels":
        return True
    if top == "brokerage":
        return len(keys) == 3 and keys[1] == "observed"
    if top == "temporal" and "windows" in keys and len(keys) >= 3 and keys[-2] == "channels":
        return True
    if top == "temporal" and "change_point_method" in keys or top == "temporal" and "window" in keys[1:2]:
        return False
    if top == "meetings" and "series_options" in keys:
        return False
    if top == "cases" and keys[-1] in ("min_cases", "max_providers"):
        return False
    last = next((p for p in reversed(path) if isinstance(p, str)), None)
    return top in COUNTS and last in COUNTS[top]


# The seven tables with a total shown beside their parts: a pattern of the path of a part,
# the line it belongs to (a key), and where its total is.
def table_of(path):
    """(table, its lines, its totals' paths) of a cell that may be hidden as secondary, or None."""
    p = path
    if p[0] == "network" and len(p) == 4 and p[1] == "contacts_by_type" and p[3] == "contacts":
        return ("by_type", [("by_type",)], [("network", "contacts")])
    if p[0] == "silo" and len(p) == 6 and p[2] == "matrix" and p[3] == "weights":
        part = p[1]
        return ("matrix", [("row", part, p[4]), ("col", part, p[5])],
                [("silo", part, "groups", p[4], "internal_weight")])
    if p[0] == "cases" and len(p) == 3 and p[1] == "bti_levels":
        return ("bti", [("bti",)], [("cases", "cases_in_view")])
    if p[0] == "cases" and len(p) == 3 and p[1] == "handoff_patterns":
        return ("handoff", [("handoff",)], [("cases", "cases_in_view")])
    if p[0] == "temporal" and len(p) == 5 and p[1] == "windows" and p[3] == "channels":
        return ("window", [("window", p[2])], [("temporal", "windows", p[2], "contacts")])
    if p[0] == "actors" and len(p) == 5 and p[2] == "brokerage" and p[4] == "raw" and p[3] != "total":
        return ("broker", [("broker", p[1])], [("actors", p[1], "brokerage", "total", "raw")])
    if p[0] == "brokerage" and len(p) == 3 and p[1] == "observed" and p[2] != "total":
        return ("observed", [("observed",)], [("brokerage", "observed", "total")])
    if p[0] == "ties" and len(p) == 4 and p[2] == "channels":
        return ("tie", [("tie", p[1])], [("ties", p[1], "contacts")])
    return None


def get(tree, path):
    for k in path:
        tree = tree[k]
    return tree


def walk_numbers(a, path=()):
    """(path, value) of every number, and of every null, in a."""
    if isinstance(a, dict):
        for k, v in a.items():
            yield from walk_numbers(v, path + (k,))
    elif isinstance(a, list):
        for i, v in enumerate(a):
            yield from walk_numbers(v, path + (i,))
    elif a is None or (isinstance(a, (int, float)) and not isinstance(a, bool)):
        yield path, a


def compare_json(what, a, b):
    """b is a with the small-cell rule: returns the hidden cells {path: value in a}."""
    hidden = {}

    def rec(x, y, path):
        if isinstance(x, dict):
            if not isinstance(y, dict):
                fail(what, "%s: not an object" % (path,))
                return
            flags = [k for k in y if k.endswith("_suppressed") and k not in x]
            plain = [k for k in y if k not in flags]
            if plain != list(x):
                fail(what, "%s: members differ: %s / %s" % (path, list(x)[:12], plain[:12]))
                return
            keys = list(y)
            for f in flags:
                base = f[:-len("_suppressed")]
                if y[f] is not True or base not in y:
                    fail(what, "%s: bad flag %s" % (path, f))
                elif keys.index(f) != keys.index(base) + 1:
                    fail(what, "%s: %s not right after %s" % (path, f, base))
            for k in x:
                xv, yv = x[k], y[k]
                if isinstance(xv, list) and any(isinstance(e, (int, float)) or e is None for e in xv) or (
                        isinstance(xv, list) and xv and isinstance(xv[0], list)):
                    before = len(hidden)
                    rec(xv, yv, path + (k,))
                    if len(hidden) > before and y.get(k + "_suppressed") is not True:
                        fail(what, "%s: array with hidden counts, no %s_suppressed" % (path, k))
                    continue
                if yv is None and xv is not None:
                    if y.get(k + "_suppressed") is not True:
                        fail(what, "%s.%s: null without its flag" % (path, k))
                    hidden[path + (k,)] = xv
                    continue
                rec(xv, yv, path + (k,))
        elif isinstance(x, list):
            if not isinstance(y, list) or len(x) != len(y):
                fail(what, "%s: arrays differ in length" % (path,))
                return
            for i, (xe, ye) in enumerate(zip(x, y)):
                if ye is None and xe is not None and not isinstance(xe, (dict, list)):
                    hidden[path + (i,)] = xe
                else:
                    rec(xe, ye, path + (i,))
        elif x != y:
            if path[-1] != "seconds" and "seconds" not in path:
                fail(what, "%s: %r became %r" % (path, x, y))

    rec(a, b, ())
    # every count 1..K-1 of the default run is hidden
    for path, v in walk_numbers(a):
        if small(v) and is_count(list(path)) and path not in hidden:
            fail(what, "%s = %r: a count below %d shown" % (path, v, K))
    # what is hidden is a count; what is not primary is a required secondary suppression
    for path, v in hidden.items():
        if not is_count(list(path)):
            fail(what, "%s = %r hidden: not a count" % (path, v))
        t = table_of(path)
        if small(v):
            kind = "primary"
        else:
            kind = "secondary"
            if t is None:
                fail(what, "%s = %r hidden: not below %d and not in a table with a total" % (path, v, K))
                continue
        if t is None:
            continue
        name, tlines, totals = t
        for tp in totals if kind == "secondary" and name != "matrix" else ():
            try:
                tv = get(b, tp)
            except (KeyError, IndexError, TypeError):
                tv = None
            if tv is None:
                fail(what, "%s hidden as secondary, but its total %s is not shown" % (path, tp))
    # every line of a table with its total shown has no single hidden cell beside shown ones
    members = {}
    for path, v in walk_numbers(a):
        t = table_of(path)
        if t:
            for line in t[1]:
                members.setdefault(line, []).append((path, v, t))
    for line, cells in members.items():
        off = [c for c in cells if c[0] in hidden]
        if len(off) != 1:
            continue
        t = off[0][2]
        total_shown = True
        if t[0] != "matrix":
            try:
                total_shown = get(b, t[2][0]) is not None
            except (KeyError, IndexError, TypeError):
                total_shown = False
        others = [c for c in cells if c[0] not in hidden and c[1]]
        if total_shown and others:
            fail(what, "line %s: one hidden cell only (%s = %r) beside its total: it can be worked out"
                 % (line, off[0][0], off[0][1]))
    return hidden


# ---- CSV ----

CSV_COUNTS = {
    "actors.csv": {"members", "degree_in", "degree_out", "strength_in", "strength_out", "reachable",
                   "brokerage_coordinator", "brokerage_itinerant", "brokerage_representative",
                   "brokerage_gatekeeper", "brokerage_liaison", "brokerage_total"},
    "brokerage.csv": {"raw"},
    "cases.csv": {"contacts", "providers", "services", "organisations", "transfers", "pingpong"},
    "co_serving.csv": {"shared_cases"},
    "contact_matrix.csv": {"weight"},
    "groups.csv": {"size", "internal_ties", "external_ties", "internal_weight", "external_weight"},
    "meeting_series.csv": {"meetings", "core_participants", "participants", "organisations", "units",
                           "new_pairs", "pairs_with_direct_contact_after"},
    "meeting_series_members.csv": {"meetings_attended"},
    "meeting_series_quarters.csv": {"direct_contacts"},
    "meetings.csv": {"rows", "participants", "organisations"},
    "network.csv": {"nodes", "ties", "contacts", "contacts_in_ties", "self_contacts",
                    "within_group_contacts", "below_min_contacts", "largest_weak_component", "isolates"},
    "network_contacts_by_type.csv": {"contacts"},
    "temporal_actors.csv": {"contacts", "baseline_contacts", "contacts_before", "contacts_after"},
    "temporal_pairs.csv": {"contacts", "baseline_contacts", "contacts_before", "contacts_after"},
    "temporal_ties.csv": {"contacts", "baseline_contacts", "contacts_before", "contacts_after"},
    "ties.csv": {"weight", "contacts"},  # and contacts_<channel>
    "window_actors.csv": {"degree_in", "degree_out", "degree", "strength_in", "strength_out",
                          "strength", "reachable"},
    "window_channels.csv": {"contacts"},
    "windows.csv": {"contacts", "nodes", "ties"},
}
# where a cell of K or more may be hidden (a table with a total)
CSV_SECONDARY = {"ties.csv": "contacts_", "network_contacts_by_type.csv": "contacts",
                 "contact_matrix.csv": "weight", "window_channels.csv": "contacts",
                 "brokerage.csv": "raw", "actors.csv": "brokerage_"}


def csv_count(name, col):
    return col in CSV_COUNTS.get(name, ()) or (name == "ties.csv" and col.startswith("contacts_"))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def compare_csv(what, da, db):
    """The CSV folders of the default run (da) and with the rule (db): {file: set of (row, col)} hidden."""
    hidden = {}
    zeros = hidden.setdefault("contact_matrix.csv#zeros", set())
    for name in sorted(os.listdir(da)):
        if name == "provenance.csv":  # names the profile: checked in the shared run
            continue
        ra = read_csv(os.path.join(da, name))
        rb = read_csv(os.path.join(db, name))
        ha, hb = ra[0], rb[0]
        if any(c.endswith("_suppressed") for c in ha):
            fail(what, "%s: a _suppressed column without the rule" % name)
        want = []
        for c in ha:
            want.append(c)
            if csv_count(name, c):
                want.append(c + "_suppressed")
        if hb != want:
            fail(what, "%s: header %s, expected %s" % (name, hb[:16], want[:16]))
            continue
        hid = hidden.setdefault(name, set())
        if name == "contact_matrix.csv":
            # a zero cell hidden beside a hidden one is listed (hidden), the default run
            # lists only weights above zero: those rows must be hidden, then are set aside
            known = {tuple(x[:3]) for x in ra[1:]}
            kept = [rb[0]]
            for i, xb in enumerate(rb[1:], 1):
                if tuple(xb[:3]) in known:
                    kept.append(xb)
                    continue
                rowb = dict(zip(hb, xb))
                if rowb.get("weight") != "" or rowb.get("weight_suppressed") != "true":
                    fail(what, "contact_matrix.csv row %d: a pair without contacts that is "
                         "not hidden: %s" % (i, xb))
                zeros.add(tuple(xb[:3]))
            rb = kept
        if len(ra) != len(rb):
            fail(what, "%s: %d rows, expected %d" % (name, len(rb), len(ra)))
            continue
        for i, (xa, xb) in enumerate(zip(ra[1:], rb[1:]), 1):
            rowb = dict(zip(hb, xb))
            for c, va in zip(ha, xa):
                vb = rowb[c]
                if not csv_count(name, c):
                    if va != vb and name != "provenance.csv":
                        fail(what, "%s row %d %s: %r became %r" % (name, i, c, va, vb))
                    continue
                flag = rowb[c + "_suppressed"]
                if flag not in ("", "true"):
                    fail(what, "%s row %d: %s_suppressed = %r" % (name, i, c, flag))
                if flag == "true":
                    if vb != "":
                        fail(what, "%s row %d: %s flagged but not empty" % (name, i, c))
                    hid.add((i, c))
                    if not (va and small(float(va))):
                        pre = CSV_SECONDARY.get(name)
                        if not pre or not c.startswith(pre):
                            fail(what, "%s row %d %s = %s hidden: not below %d" % (name, i, c, va, K))
                else:
                    if va != vb:
                        fail(what, "%s row %d %s: %r became %r" % (name, i, c, va, vb))
                    if va and small(float(va)):
                        fail(what, "%s row %d %s = %s: a count below %d shown" % (name, i, c, va, K))
    return hidden


def same_cells(what, js, hidden_json, csvdir, hidden_csv):
    """The tables with totals hide the same cells in the CSV as in the JSON report."""
    # ties: (from, to, channel)
    jt = set()
    for path in hidden_json:
        if path[0] == "ties" and len(path) == 4 and path[2] == "channels":
            t = js["ties"][path[1]]
            jt.add((t["from"], t["to"], path[3]))
    rows = read_csv(os.path.join(csvdir, "ties.csv"))
    ct = set()
    for i, c in hidden_csv.get("ties.csv", ()):
        if c.startswith("contacts_"):
            r = dict(zip(rows[0], rows[i]))
            ct.add((r["from"], r["to"], c[len("contacts_"):]))
    if jt != ct:
        fail(what, "tie channels hidden: JSON %d, ties.csv %d (%s)" % (len(jt), len(ct), sorted(jt ^ ct)[:4]))
    # window channels: (label, channel)
    jw = set()
    for path in hidden_json:
        if path[0] == "temporal" and len(path) == 5 and path[1] == "windows" and path[3] == "channels":
            jw.add((js["temporal"]["windows"][path[2]]["label"], path[4]))
    if os.path.exists(os.path.join(csvdir, "window_channels.csv")):
        rows = read_csv(os.path.join(csvdir, "window_channels.csv"))
        cw = {(rows[i][0], rows[i][1]) for i, c in hidden_csv.get("window_channels.csv", ())}
        if jw != cw:
            fail(what, "window channels hidden: JSON %d, CSV %d" % (len(jw), len(cw)))
    # brokerage raw: (id, role)
    jb = set()
    for path in hidden_json:
        if path[0] == "actors" and len(path) == 5 and path[2] == "brokerage":
            jb.add((js["actors"][path[1]]["id"], path[3]))
    rows = read_csv(os.path.join(csvdir, "brokerage.csv"))
    cb = {(rows[i][0], rows[i][2]) for i, c in hidden_csv.get("brokerage.csv", ())}
    if jb != cb:
        fail(what, "brokerage raw hidden: JSON %d, brokerage.csv %d" % (len(jb), len(cb)))
    # contacts by type: (from_type, to_type)
    jy = set()
    for path in hidden_json:
        if path[:2] == ("network", "contacts_by_type"):
            e = js["network"]["contacts_by_type"][path[2]]
            jy.add((e["from_type"], e["to_type"]))
    rows = read_csv(os.path.join(csvdir, "network_contacts_by_type.csv"))
    cy = {(rows[i][0], rows[i][1]) for i, c in hidden_csv.get("network_contacts_by_type.csv", ())}
    if jy != cy:
        fail(what, "contacts by type hidden: JSON %d, CSV %d" % (len(jy), len(cy)))
    # the silo matrix: (partition, from, to); the CSV lists the cells above zero and the
    # zero cells hidden beside hidden ones
    jm = set()
    for path in hidden_json:
        if path[0] == "silo" and len(path) == 6 and path[2] == "matrix":
            names = js["silo"][path[1]]["matrix"]["groups"]
            jm.add((path[1], names[path[4]], names[path[5]]))
    rows = read_csv(os.path.join(csvdir, "contact_matrix.csv"))
    col = rows[0].index("weight_suppressed")
    cm = {tuple(x[:3]) for x in rows[1:] if x[col] == "true"}
    if jm != cm:
        fail(what, "silo matrix hidden: JSON %d, CSV %d" % (len(jm), len(cm)))


# ---- shared: the exported ties ----

GML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


def xml_ok(what, path):
    p = subprocess.run(["xmllint", "--noout", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail(what, "xmllint: %s" % p.stderr.decode(errors="replace")[:300])


def graphml_ties(what, path):
    text = open(path, encoding="utf-8").read()
    if "<!-- samnett privacy:" not in text:
        fail(what, "GraphML without the privacy comment")
    root = ET.parse(path).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name")) for k in root.iter(GML + "key")}
    if ("graph", "privacy") not in keys.values():
        fail(what, "GraphML without the graph attribute privacy")
    names = {n for _, n in keys.values()}
    if "name" in names or "profession" in names:
        fail(what, "GraphML with a name or profession attribute under shared")
    count_names = {"members", "degree_in", "degree_out", "strength_in", "strength_out", "reachable",
                   "weight", "contacts"}
    ties = {}
    for el in root.iter():
        if el.tag not in (GML + "node", GML + "edge"):
            continue
        for d in el.findall(GML + "data"):
            n = keys[d.get("key")][1]
            if (n in count_names or n.startswith("brokerage_") or n.startswith("contacts_")) and small(float(d.text)):
                fail(what, "GraphML %s %s = %s: a count below %d" % (el.tag, n, d.text, K))
        if el.tag == GML + "edge":
            c = [d.text for d in el.findall(GML + "data") if keys[d.get("key")][1] == "contacts"]
            ties[(el.get("source"), el.get("target"))] = float(c[0]) if c else None
    return ties


def gexf_ties(what, path):
    text = open(path, encoding="utf-8").read()
    if "<!-- samnett privacy:" not in text or "<description>samnett privacy:" not in text:
        fail(what, "GEXF without the privacy notice")
    root = ET.parse(path).getroot()
    titles = {a.get("id") for a in root.iter(GEXF + "attribute")}
    if "name" in titles or "profession" in titles:
        fail(what, "GEXF with a name or profession attribute under shared")
    ties = {}
    for el in root.iter(GEXF + "edge"):
        vals = {a.get("for"): a.get("value") for a in el.iter(GEXF + "attvalue")}
        for n, v in vals.items():
            if (n in ("contacts", "window_contacts", "window_weight") or n.startswith("contacts_")) and small(float(v)):
                fail(what, "GEXF edge %s = %s: a count below %d" % (n, v, K))
        ties[(el.get("source"), el.get("target"))] = float(vals["contacts"]) if "contacts" in vals else None
    for el in root.iter(GEXF + "node"):
        for a in el.iter(GEXF + "attvalue"):
            n = a.get("for")
            if (n in ("members", "degree_in", "degree_out", "strength_in", "strength_out", "reachable")
                    or n.startswith("brokerage_")) and small(float(a.get("value"))):
                fail(what, "GEXF node %s = %s: a count below %d" % (n, a.get("value"), K))
    return ties


def html_ties(what, path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="samnett-data">(.*?)</script>', text, re.S)
    if not m:
        fail(what, "no data in the HTML page")
        return {}
    data = json.loads(m.group(1))
    mp = data["map"]
    ids = mp["nodes"]["id"]
    t = mp["ties"]
    out = {}
    for k in range(len(t["from"])):
        out[(ids[t["from"][k]], ids[t["to"][k]])] = t["contacts"][k]
    n = len(t["from"])
    for w in mp.get("windows", []):
        for k in w["ties"]:
            if not 0 <= k < n:
                fail(what, "window %s names tie %d of %d" % (w["label"], k, n))
    if any(x is not None and small(x) for x in t["weight"] + t["contacts"]):
        fail(what, "HTML map: a tie weight or contacts below %d" % K)
    if "name" in mp["nodes"] and any(x for x in mp["nodes"]["name"]):
        fail(what, "HTML map: names under shared")
    # the page's own tables of counts: contacts per day and channel (beside the channel's
    # total), cases per histogram bin (beside the cases): none below K, and never one
    # hidden day or bin alone in a row that has others shown
    rows = list((data.get("daily") or {}).get("channels", {}).values())
    rows += [h["counts"] for h in data.get("case_histograms", [])]
    for row in rows:
        if any(small(x) for x in row):
            fail(what, "HTML data: a day or histogram bin below %d" % K)
        if sum(1 for x in row if x is None) == 1 and any(x for x in row if x is not None):
            fail(what, "HTML data: one hidden cell alone in a row with its total shown")
    if not any(x is None for row in rows for x in row):
        fail(what, "HTML data: no day or bin hidden: the check does not exercise the rule")
    return out


def check_data(name, base):
    work = tempfile.mkdtemp(prefix="samnett-privacy-")
    key = os.path.join(work, "key")
    fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, os.urandom(32))
    os.close(fd)
    a = json.loads(run(base + ["--format", "json"]))
    b = json.loads(run(base + ["--min-cell", str(K), "--format", "json"]))
    if "privacy" in a or any(p[-1].endswith("_suppressed") for p, _ in walk_numbers(a) if isinstance(p[-1], str)):
        fail(name, "the default report has privacy members")
    if "_suppressed" in json.dumps(a):
        fail(name, "the default report has a _suppressed member")
    if list(b)[:2] != ["samnett", "privacy"]:
        fail(name, "with --min-cell: `privacy` is not right after `samnett`: %s" % list(b)[:3])
    # the notice and the provenance (which names the profile) are the only other differences
    b_rest = {k: v for k, v in b.items() if k != "privacy"}
    a_rest = dict(a)
    a_rest.pop("provenance", None)
    b_rest.pop("provenance", None)
    hidden = compare_json(name + " json", a_rest, b_rest)
    if not hidden:
        fail(name, "nothing hidden: the data does not exercise the rule")
    print("%s: %d JSON cells hidden (%d secondary)" % (
        name, len(hidden), sum(1 for v in hidden.values() if not small(v))))
    da, db = os.path.join(work, "a"), os.path.join(work, "b")
    run(base + ["--format", "csv", "--output", da])
    run(base + ["--min-cell", str(K), "--format", "csv", "--output", db])
    hc = compare_csv(name + " csv", da, db)
    same_cells(name + " json/csv", b, hidden, db, hc)

    # shared, with one key for every format
    sh = base + ["--privacy", "shared", "--pseudonym-key", key]
    c = json.loads(run(sh + ["--format", "json"]))
    if list(c)[:2] != ["samnett", "privacy"]:
        fail(name, "shared: `privacy` is not right after `samnett`")
    pv = c.get("privacy", {})
    for k in ("profile", "min_cell", "pseudonyms", "case_ids", "organisations_merged",
              "attributes_dropped", "ties_left_out", "reidentification"):
        if k not in pv:
            fail(name, "shared: privacy.%s missing" % k)
    if pv.get("profile") != "shared" or pv.get("min_cell") != K:
        fail(name, "shared: privacy %s" % pv)
    if c["provenance"].get("privacy", {}).get("profile") != "shared":
        fail(name, "shared: provenance.privacy missing")
    if "key" in json.dumps(pv).replace("keyed", "").replace("one-off key", ""):
        fail(name, "shared: the notice names a key")
    left = sum(1 for t in a["ties"] if t["contacts"] < K)
    kept = sorted(t["contacts"] for t in a["ties"] if t["contacts"] >= K)
    if pv.get("ties_left_out") != left:
        fail(name, "shared: ties_left_out %s, expected %d" % (pv.get("ties_left_out"), left))
    for path, v in walk_numbers(c):
        if small(v) and is_count(list(path)):
            fail(name, "shared: %s = %r, a count below %d" % (path, v, K))
    for t in c["ties"]:
        if "name" in t or "profession" in t:
            fail(name, "shared: a tie names a person")
    for ac in c["actors"]:
        if "name" in ac or "profession" in ac:
            fail(name, "shared: actor %s has a name or profession member" % ac.get("id"))
            break
    jt = {(t["from"], t["to"]): t["contacts"] for t in c["ties"]}
    if sorted(jt.values()) != kept:
        fail(name, "shared: JSON ties' contacts differ from the default run's ties of %d or more" % K)
    dc = os.path.join(work, "c")
    run(sh + ["--format", "csv", "--output", dc])
    rows = read_csv(os.path.join(dc, "ties.csv"))
    ct = {(r[0], r[1]): float(dict(zip(rows[0], r))["contacts"]) for r in rows[1:]}
    if "name" in read_csv(os.path.join(dc, "actors.csv"))[0]:
        fail(name, "shared: actors.csv has a name column")
    gml, gexf, html = (os.path.join(work, "c." + x) for x in ("graphml", "gexf", "html"))
    run(sh + ["--format", "graphml", "--output", gml])
    run(sh + ["--format", "gexf", "--output", gexf])
    run(sh + ["--format", "html", "--output", html])
    xml_ok(name + " graphml", gml)
    xml_ok(name + " gexf", gexf)
    views = {"ties.csv": ct, "GraphML": graphml_ties(name, gml), "GEXF": gexf_ties(name, gexf),
             "HTML": html_ties(name, html)}
    for what, ties in views.items():
        if set(ties) != set(jt):
            fail(name, "shared: %s has %d ties, JSON %d (differ: %s)" % (
                what, len(ties), len(jt), sorted(set(ties) ^ set(jt))[:3]))
        elif any(ties[t] is not None and ties[t] != jt[t] for t in jt):
            fail(name, "shared: %s tie contacts differ from JSON" % what)
    print("%s: shared keeps %d of %d ties in every export" % (name, len(jt), len(a["ties"])))


def main():
    global SAMNETT
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    SAMNETT = sys.argv[1]
    tests = sys.argv[2]
    check_data("demo", ["analyze", "--demo", "--window", "quarter", "--window-metrics", "degree,strength"])
    check_data("region", ["analyze", os.path.join(tests, "e2e", "data", "region")])
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("privacy outputs: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
