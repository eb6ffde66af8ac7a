#!/usr/bin/env python3
"""The CSV tables and --output - read back.

usage: check_csv_outputs.py SAMNETT DOCS_MD

On a generated small region (the demo region's data: samnett synth with its
defaults), with quarterly windows, every bundled lens and every window metric:

1. stdout: `--output -` writes exactly what `--output FILE` writes, for text,
   json, graphml, gexf and html (html: less the command, which names the
   output); no file named `-` appears; `--format csv --output -` and `--csv`
   without `--format csv` are usage errors (exit 2);
2. dialects: `--csv excel` and `--csv plain` write the same files; the excel
   files begin with a UTF-8 BOM and end every line in CRLF, and Python's csv
   module (delimiter ';', utf-8-sig) reads from them the same rows as from
   the plain files, number cells with a decimal comma (the same number),
   text cells unchanged (æøå included);
3. tidy tables: windows.csv has no per-channel columns and window_channels.csv
   holds the window's contacts by channel (adding up to its contacts);
   meeting_series.csv has no packed list: meeting_series_members.csv holds
   each series' participants and core (counts as in meeting_series.csv), and
   meeting_series_quarters.csv the JSON report's per_quarter_after; the
   network's lists (filters' channels, contacts by type, articulation points)
   are long tables equal to the JSON report's; actors.csv has the same
   columns at every level plus the level's own, and at the actor level every
   column of the actors file with its values; findings.csv, finding_values.csv
   and lenses.csv hold the JSON report's lens findings;
   the same holds for the hostile fixture (tests/e2e/data/hostile: quotes,
   separators, line breaks and formulas in names);
4. documentation: every file written in these runs has a section in DOCS_MD,
   and every column of its header is listed there (`<channel>` standing for
   a channel of the data, `<extra>` for an extra column of the actors file);
   with `--min-cell 3` (both dialects, which must agree) a column
   `C_suppressed` is accepted only for a column C
   listed there with the unit "(small cell)".
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

failures = []


def fail(what, msg):
    failures.append("%s: %s" % (what, msg))
    print("FAIL %s: %s" % (what, msg))


def run(args, cwd=None, expect=0):
    p = subprocess.run([SAMNETT] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != expect:
        fail(" ".join(args[:6]), "exit %d, expected %d: %s" % (p.returncode, expect,
                                                               p.stderr.decode(errors="replace")[:400]))
    return p


NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?$")


def read_rows(path, dialect):
    if dialect == "excel":
        with open(path, encoding="utf-8-sig", newline="") as f:
            return list(csv.reader(f, delimiter=";"))
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def check_stdout(work, region):
    for fmt in ("text", "json", "graphml", "gexf", "html"):
        base = [ "analyze", region, "--window", "quarter", "--format", fmt]
        out = run(base + ["--output", "-"], cwd=work).stdout
        dest = os.path.join(work, "report." + fmt)
        run(base + ["--output", dest], cwd=work)
        with open(dest, "rb") as f:
            want = f.read()
        if fmt == "html":  # the page shows the command, which names its output
            strip = lambda b: re.sub(rb'"command":\[[^\]]*\]', b'"command":[]', b)
            out, want = strip(out), strip(want)
        if not out or out != want:
            fail("stdout " + fmt, "--output - wrote %d bytes, --output FILE %d, not the same"
                 % (len(out), len(want)))
        if os.path.exists(os.path.join(work, "-")):
            fail("stdout " + fmt, "--output - wrote a file named '-'")
            os.remove(os.path.join(work, "-"))
    p = run(["analyze", region, "--format", "csv", "--output", "-"], cwd=work, expect=2)
    if b"expected --output DIR" not in p.stderr:
        fail("stdout csv", "no usage message: %r" % p.stderr[:300])
    if os.path.exists(os.path.join(work, "-")):
        fail("stdout csv", "--format csv --output - made a folder '-'")
    p = run(["analyze", region, "--csv", "excel"], cwd=work, expect=2)
    if b"--format csv" not in p.stderr:
        fail("--csv without csv", "no usage message: %r" % p.stderr[:300])
    p = run(["analyze", region, "--format", "csv", "--csv", "semicolon", "--output",
             os.path.join(work, "x")], cwd=work, expect=2)
    if b"expected plain or excel" not in p.stderr:
        fail("--csv semicolon", "no usage message: %r" % p.stderr[:300])


def check_dialects(plain_dir, excel_dir, demo=True):
    files = sorted(os.listdir(plain_dir))
    if files != sorted(os.listdir(excel_dir)):
        fail("dialects", "plain files %s, excel files %s" % (files, sorted(os.listdir(excel_dir))))
        return
    decimal_commas = 0
    nordic = 0
    for name in files:
        with open(os.path.join(plain_dir, name), "rb") as f:
            pb = f.read()
        with open(os.path.join(excel_dir, name), "rb") as f:
            eb = f.read()
        if pb.startswith(b"\xef\xbb\xbf") or b"\r\n" in pb:
            fail(name, "the plain dialect has a BOM or CRLF")
        if not eb.startswith(b"\xef\xbb\xbf"):
            fail(name, "the excel dialect has no UTF-8 BOM")
        if eb.count(b"\n") != eb.count(b"\r\n") or not eb.endswith(b"\r\n"):
            fail(name, "the excel dialect's lines do not all end in CRLF")
        prow, erow = read_rows(os.path.join(plain_dir, name), "plain"), \
            read_rows(os.path.join(excel_dir, name), "excel")
        if len(prow) != len(erow):
            fail(name, "plain %d rows, excel %d" % (len(prow), len(erow)))
            continue
        for i, (p, e) in enumerate(zip(prow, erow)):
            if len(p) != len(e) or (i and len(e) != len(erow[0])):
                fail(name, "row %d: plain %d cells, excel %d (header %d)"
                     % (i, len(p), len(e), len(erow[0])))
                break
            bad = None
            for pc, ec in zip(p, e):
                if i and NUMBER.match(pc) and "." in pc:
                    decimal_commas += 1
                    if ec != pc.replace(".", ",") or float(ec.replace(",", ".")) != float(pc):
                        bad = (pc, ec)
                elif ec != pc:
                    bad = (pc, ec)
                if any(ch in ec for ch in "æøåÆØÅ"):
                    nordic += 1
            if bad:
                fail(name, "row %d: plain cell %r, excel %r" % (i, bad[0], bad[1]))
                break
    if not demo:
        return
    if decimal_commas < 1000:
        fail("dialects", "only %d number cells with decimals" % decimal_commas)
    if nordic == 0:
        fail("dialects", "no æøå read back from the excel files")


def dicts(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_tidy(d, rep, region):
    # windows: fixed columns, channels long
    windows = dicts(os.path.join(d, "windows.csv"))
    if any(c.startswith("channel") for c in windows[0]):
        fail("windows.csv", "per-channel columns: %s" % list(windows[0]))
    chans = dicts(os.path.join(d, "window_channels.csv"))
    by_label = {}
    for r in chans:
        by_label.setdefault(r["label"], {})[r["channel"]] = int(r["contacts"])
    for w in rep["temporal"]["windows"]:
        got = by_label.get(w["label"])
        if got != {k: v for k, v in w["channels"].items()}:
            fail("window_channels.csv", "%s: %r, JSON %r" % (w["label"], got, w["channels"]))
            break
    for w in windows:
        if sum(by_label.get(w["label"], {}).values()) != int(w["contacts"]):
            fail("window_channels.csv", "%s: channels do not add up to %s contacts"
                 % (w["label"], w["contacts"]))
            break
    # meeting series: no packed list, members and quarters long
    series = dicts(os.path.join(d, "meeting_series.csv"))
    for s in series:
        if any(";" in v for v in s.values()):
            fail("meeting_series.csv", "a list in a cell: %r" % s)
            break
    members = dicts(os.path.join(d, "meeting_series_members.csv"))
    for s in series:
        mine = [m for m in members if m["series"] == s["id"]]
        core = [m for m in mine if m["core"] == "true"]
        if len(mine) != int(s["participants"]) or len(core) != int(s["core_participants"]):
            fail("meeting_series_members.csv", "%s: %d members (%d core), meeting_series.csv %s (%s)"
                 % (s["id"], len(mine), len(core), s["participants"], s["core_participants"]))
            break
        if len({m["member"] for m in mine}) != len(mine):
            fail("meeting_series_members.csv", "%s: a member twice" % s["id"])
    quarters = dicts(os.path.join(d, "meeting_series_quarters.csv"))
    for js in rep["meetings"]["series"]:
        want = (js["ties_formed"] or {}).get("per_quarter_after") or []
        got = [int(q["direct_contacts"]) for q in quarters if q["series"] == js["id"]]
        nums = [int(q["quarter_after"]) for q in quarters if q["series"] == js["id"]]
        if got != want or nums != list(range(1, len(want) + 1)):
            fail("meeting_series_quarters.csv", "%s: %r, JSON %r" % (js["id"], got, want))
            break
    if not quarters:
        fail("meeting_series_quarters.csv", "no rows")
    # lens findings
    lenses = dicts(os.path.join(d, "lenses.csv"))
    findings = dicts(os.path.join(d, "findings.csv"))
    values = dicts(os.path.join(d, "finding_values.csv"))
    want_f, want_v = [], []
    for l in rep["lenses"]:
        for k, f in enumerate(l["findings"], 1):
            want_f.append((l["name"], str(k), f["level"], f["scope"], f["label"],
                           f["evidence"]["en"], f["evidence"]["nb"]))
            for n, v in sorted(f["scores"].items()):
                want_v.append((l["name"], str(k), "score", n, v))
            for n, v in sorted((f["test"] or {}).items()):
                if n not in ("method", "correction"):
                    want_v.append((l["name"], str(k), "test", n, v))
    raw = lambda c: c[1:] if c[:1] == "'" and c[1:2] in ("=", "+", "-", "@") else c
    got_f = [(f["lens"], f["finding"], f["level"], raw(f["scope"]), f["label"],
              f["evidence_en"], f["evidence_nb"]) for f in findings]
    if got_f != want_f or not want_f:
        fail("findings.csv", "%d findings, JSON %d; first difference %r" % (
            len(got_f), len(want_f),
            next(((a, b) for a, b in zip(got_f, want_f) if a != b), None)))
    got_v = [(v["lens"], v["finding"], v["kind"], v["name"],
              None if v["value"] == "" else float(v["value"])) for v in values]
    want_v = [(a, b, c, n, None if v is None else float(v)) for a, b, c, n, v in want_v]
    if sorted(got_v, key=str) != sorted(want_v, key=str):
        fail("finding_values.csv", "%d values, JSON %d" % (len(got_v), len(want_v)))
    if [(l["lens"], int(l["findings"])) for l in lenses] != \
            [(l["name"], len(l["findings"])) for l in rep["lenses"]]:
        fail("lenses.csv", "lenses or counts differ from JSON")
    # actors.csv: every column of the actors file, with its values
    with open(os.path.join(region, "actors.csv"), encoding="utf-8", newline="") as f:
        src = list(csv.DictReader(f))
    actors = {a["id"]: a for a in dicts(os.path.join(d, "actors.csv"))}
    for a in src:
        row = actors.get(a["id"])
        if row is None:
            continue
        for k, v in a.items():
            if row.get(k) != v:
                fail("actors.csv", "%s: %s = %r, the actors file %r" % (a["id"], k, row.get(k), v))
                return


def check_levels(work, region):
    heads = {}
    for level in ("actor", "unit", "organisation"):
        out = os.path.join(work, "level-" + level)
        run(["analyze", region, "--level", level, "--format", "csv", "--output", out])
        with open(os.path.join(out, "actors.csv"), encoding="utf-8", newline="") as f:
            heads[level] = next(csv.reader(f))
        rows = dicts(os.path.join(out, "actors.csv"))
        if not rows or any(r["level"] != level for r in rows):
            fail("actors.csv " + level, "the level column is not %s" % level)
    common = ["id", "level", "organisation", "members"]
    tail = heads["organisation"][len(common):]
    for level, h in heads.items():
        if h[:4] != common or h[len(h) - len(tail):] != tail:
            fail("actors.csv " + level, "columns %s; expected %s ... %s" % (h, common, tail))
    own = {"actor": ["unit", "name", "type", "rank", "profession", "auto_created"],
           "unit": ["unit"], "organisation": []}
    for level, h in heads.items():
        mid = h[4:len(h) - len(tail)]
        if mid[:len(own[level])] != own[level] or (level != "actor" and mid != own[level]):
            fail("actors.csv " + level, "the level's own columns are %s" % mid)
    return [os.path.join(work, "level-" + l) for l in heads]


def check_network_lists(work, region):
    out = os.path.join(work, "filtered")
    run(["analyze", region, "--channel", "phone", "--channel", "meeting", "--format", "csv",
         "--output", out])
    rep = json.loads(run(["analyze", region, "--channel", "phone", "--channel", "meeting",
                          "--format", "json"]).stdout)
    net = dicts(os.path.join(out, "network.csv"))[0]
    if any(";" in v for v in net.values()) or "filters_channels" in net:
        fail("network.csv", "a list in a cell: %r" % net)
    got = [r["channel"] for r in dicts(os.path.join(out, "network_filter_channels.csv"))]
    if got != rep["network"]["filters"]["channels"]:
        fail("network_filter_channels.csv", "%r, JSON %r" % (got, rep["network"]["filters"]["channels"]))
    got = [(r["from_type"], r["to_type"], int(r["contacts"]))
           for r in dicts(os.path.join(out, "network_contacts_by_type.csv"))]
    want = [(t["from_type"], t["to_type"], t["contacts"]) for t in rep["network"]["contacts_by_type"]]
    if got != want or not want:
        fail("network_contacts_by_type.csv", "%d rows, JSON %d" % (len(got), len(want)))
    got = [r["id"] for r in dicts(os.path.join(out, "network_articulation_points.csv"))]
    if got != rep["network"]["articulation_points"]:
        fail("network_articulation_points.csv", "%r, JSON %r" % (got, rep["network"]["articulation_points"]))
    return out


def check_docs(docs, dirs, channels, extras):
    text = open(docs, encoding="utf-8").read()
    documented = {}
    rule = {}  # per file, the columns under the small-cell rule (unit "... (small cell)")
    current = None
    for line in text.splitlines():
        m = re.match(r"^###\s+(.*)$", line)
        if m:
            current = re.findall(r"([A-Za-z0-9_]+\.csv)", m.group(1))
            for f in current:
                documented.setdefault(f, set())
            continue
        m = re.match(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|", line)
        if m and current:
            for f in current:
                documented[f].add(m.group(1))
                if "(small cell)" in m.group(2):
                    rule.setdefault(f, set()).add(m.group(1))
    seen = 0
    for d, dialect in dirs:
        for name in sorted(os.listdir(d)):
            rows = read_rows(os.path.join(d, name), dialect)
            if name not in documented:
                fail("docs", "%s (%s) has no section in %s" % (name, dialect, os.path.basename(docs)))
                continue
            for c in rows[0]:
                seen += 1
                cols, shown = documented[name], c
                if c.endswith("_suppressed"):  # only after a column documented under the rule
                    cols = rule.get(name, set())
                    c = c[:-len("_suppressed")]
                ok = c in cols
                ok = ok or any(p.replace("<channel>", "") == c.replace(ch, "", 1) and
                               c.startswith(p.split("<channel>")[0])
                               for p in cols if "<channel>" in p for ch in channels
                               if ch in c)
                ok = ok or ("<extra>" in cols and (c in extras or (c.startswith("attr_") and
                                                                   c[5:] in extras)))
                if not ok:
                    fail("docs", "%s (%s): column %r is not documented%s" % (
                        name, dialect, shown, " as a count under the small-cell rule" if shown != c else ""))
    if seen < 200:
        fail("docs", "only %d columns checked" % seen)


def main():
    global SAMNETT
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    SAMNETT, docs = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="samnett-csv.") as work:
        region = os.path.join(work, "region")
        run(["synth", "--output", region])
        opts = ["analyze", region, "--window", "quarter", "--lens", "all", "--window-metrics", "all"]
        plain, excel, default = (os.path.join(work, n) for n in ("plain", "excel", "default"))
        run(opts + ["--format", "csv", "--csv", "plain", "--output", plain])
        run(opts + ["--format", "csv", "--csv", "excel", "--output", excel])
        run(opts + ["--format", "csv", "--output", default])
        rep = json.loads(run(opts + ["--format", "json"]).stdout)
        if failures:
            sys.exit("check_csv_outputs: the runs failed")
        for name in sorted(os.listdir(plain)):
            with open(os.path.join(plain, name), "rb") as a, open(os.path.join(default, name), "rb") as b:
                if a.read() != b.read():
                    fail(name, "--csv plain differs from the default")
        def guarded(name, f, *args):  # a check that breaks down is a failure, and the rest run
            try:
                return f(*args)
            except Exception as e:  # noqa: BLE001
                fail(name, "%s: %s" % (type(e).__name__, e))
                return None

        guarded("stdout", check_stdout, work, region)
        guarded("dialects", check_dialects, plain, excel)
        # hostile names (quotes, separators, line breaks, formulas) through both dialects
        hostile = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "hostile")
        for dialect in ("plain", "excel"):
            run(["analyze", hostile, "--window", "month", "--lens", "all", "--format", "csv",
                 "--csv", dialect, "--output", os.path.join(work, "hostile-" + dialect)])
        guarded("hostile dialects", check_dialects, os.path.join(work, "hostile-plain"),
                os.path.join(work, "hostile-excel"), False)
        guarded("tidy", check_tidy, plain, rep, region)
        level_dirs = guarded("levels", check_levels, work, region) or []
        filtered = guarded("network lists", check_network_lists, work, region)
        with open(os.path.join(region, "actors.csv"), encoding="utf-8", newline="") as f:
            extras = set(next(csv.reader(f))) - {"id", "name", "type", "organisation", "unit",
                                                 "rank", "profession"}
        channels = [c for c in rep["network"]["filters"]["channels"] or []] or \
            [k for w in rep["temporal"]["windows"][:1] for k in w["channels"]] + ["other"]
        # the small-cell rule: a C_suppressed column after each count column, in both dialects
        plain_k, excel_k = os.path.join(work, "plain-k"), os.path.join(work, "excel-k")
        run(opts + ["--min-cell", "3", "--format", "csv", "--csv", "plain", "--output", plain_k])
        run(opts + ["--min-cell", "3", "--format", "csv", "--csv", "excel", "--output", excel_k])
        guarded("dialects with --min-cell", check_dialects, plain_k, excel_k)
        guarded("docs", check_docs, docs, [(plain, "plain"), (excel, "excel"), (plain_k, "plain"),
                                           (excel_k, "excel")] +
                [(d, "plain") for d in level_dirs + [filtered] if d], channels, extras)
    if failures:
        print("check_csv_outputs: %d failures" % len(failures))
        sys.exit(1)
    print("check_csv_outputs: ok")


if __name__ == "__main__":
    main()
