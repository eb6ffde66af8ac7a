#!/usr/bin/env python3
"""The small-cell rule in the text report and in the lens findings.

usage: check_privacy_text.py SAMNETT DATA_DIR

The reference is the internal run of the same data without --min-cell (its
JSON report and its lens findings), never the output under test.

Text report (tests/e2e/data/region, --lang en and nb):
1. under --privacy shared (K = 3) and under --min-cell 5 (internal) the report
   starts with the privacy notice, in the report's language, naming K;
2. every count of the Input and Network sections, the silo groups, the cases
   and the in/out degrees of the top actors shows "<K" where the internal
   JSON's count is from 1 to K-1, and the count itself otherwise (exactly,
   under --min-cell 5; under shared the re-identification check may coarsen
   degrees, so there only "no count from 1 to K-1" is checked);
3. under shared no actor name of the input appears anywhere, and no line
   shows an empty "()" where a name would have been.

Lens findings (--demo --lens all, --privacy shared --min-cell 5):
4. the internal run has integer scores from 1 to 4 (so the rule has
   something to hide); under shared no integer score from 1 to 4 is left in
   the JSON (each hidden one is null with NAME_suppressed true), nor in
   finding_values.csv (value empty, value_suppressed true);
5. no evidence text (JSON, findings.csv, the text report's lens lines) holds
   a standalone whole number from 1 to 4 (other than a threshold right after
   a comparison, "(< 20)"), and the text report's label
   counts ("groups: 3 silo") show "<5" for counts from 1 to 4.

The lens API (a lens written here, run on the region):
6. samnett.min_cell is K (0 without the rule), samnett.suppressed(2) is true
   and samnett.count(2) the text "<K" under it, and samnett.count(7) is 7.

Exit status 1 with every problem listed, 0 when all hold.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

problems = []


def fail(msg):
    problems.append(msg)


def run(samnett, args, lang=None):
    cmd = [samnett, "analyze"] + args
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900)
    if r.returncode not in (0, 1):
        sys.exit("check_privacy_text: %s failed (%d): %s" %
                 (" ".join(cmd), r.returncode, r.stderr.decode(errors="replace")))
    return r.stdout.decode()


def grouped(n, lang):
    s = "{:,}".format(int(n))
    return s.replace(",", " ") if lang == "nb" else s


def shown(ref, k, lang):
    """What the text must show for the count ref under K."""
    return "<%d" % k if 0 < ref < k else grouped(ref, lang)


def rows(text):
    """label -> value of the "  label (40 columns) value" rows, first one wins."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"^  (\S.{39}) (.*)$", line)
        if m:
            out.setdefault(m.group(1).rstrip(), m.group(2))
    return out


LABELS = {  # English, bokmål
    "actors": ("actors", "akt\u00f8rer"),
    "contacts": ("contacts", "kontakter"),
    "rejected": ("rejected rows", "avviste rader"),
    "self": ("self-contacts (not ties)", "kontakt med seg selv (ikke b\u00e5nd)"),
    "nodes": ("nodes", "noder"),
    "ties": ("ties (directed)", "b\u00e5nd (rettet)"),
    "in_ties": ("contacts on ties", "kontakter i b\u00e5nd"),
    "cases": ("cases", "saker"),
}


def check_text(samnett, data, ref, lang, args, k, exact, names):
    what = "%s --lang %s" % (" ".join(args), lang)
    text = run(samnett, [os.path.join(data, "actors.csv"), os.path.join(data, "contacts.csv"),
                         "--lang", lang] + args)
    first = text.splitlines()[0] if text else ""
    head = "Personvern: profil" if lang == "nb" else "Privacy: profile"
    if not first.startswith(head):
        fail("%s: the report does not start with the privacy notice (%r)" % (what, first))
    if ("<%d" % k) not in "\n".join(text.splitlines()[:3]):
        fail("%s: the notice does not name <%d" % (what, k))
    r = rows(text)
    li = 1 if lang == "nb" else 0
    inp, net = ref["input"], ref["network"]
    expect = {
        "actors": inp["actors"] - inp["actors_auto_created"],
        "contacts": inp["contacts"],
        "rejected": inp["rejected"],
        "self": inp["self_contacts"],
        "nodes": net["nodes"],
        "ties": net["ties"],
        "in_ties": net["contacts_in_ties"],
    }
    for key, n in expect.items():
        label = LABELS[key][li]
        got = r.get(label)
        if got is None:
            fail("%s: no row '%s'" % (what, label))
        elif got.strip() != shown(n, k, lang):
            fail("%s: '%s' shows %r; the internal count is %d, expected %r" %
                 (what, label, got, n, shown(n, k, lang)))
    # the cases line: "N with contacts in the view (of M)"
    cases = ref.get("cases")
    if cases:
        got = r.get(LABELS["cases"][li], "")
        want = shown(cases["cases_in_view"], k, lang)
        if not got.startswith(want + " "):
            fail("%s: cases shows %r; expected it to start with %r" % (what, got, want))
    # the silo groups: name, size, inside, across (the internal JSON's size, internal, external)
    for part in ref.get("silo", {}).values():
        for g in part.get("groups", []):
            m = re.search(r"^  %s\s+(\S+)\s+(\S+)\s+(\S+)\s+[+-]\d" % re.escape(g["name"]),
                          text, re.M)
            if not m:
                fail("%s: no silo row for %s" % (what, g["name"]))
                continue
            for got, key in zip(m.groups(), ("size", "internal", "external")):
                want = "<%d" % k if 0 < g[key] < k else "%d" % g[key]
                if got != want:
                    fail("%s: silo %s %s shows %s; internal %d, expected %s" %
                         (what, g["name"], key, got, g[key], want))
    # the top actors' in/out (the last column of the table after its heading)
    lines = text.splitlines()
    degrees = {(round(a["metrics"]["betweenness"], 1), round(a["metrics"]["pagerank"], 5)):
               (a["metrics"]["degree_in"], a["metrics"]["degree_out"]) for a in ref["actors"]}
    for line in lines:
        m = re.match(r"^  \d+\s+.*\s(-?\d+\.\d)\s+(\d\.\d{5})\s+(\S+)/(\S+)$", line)
        if not m:
            continue
        din, dout = m.group(3), m.group(4)
        for v in (din, dout):
            if re.fullmatch(r"\d+", v) and 0 < int(v) < k:
                fail("%s: a degree %s below %d in %r" % (what, v, k, line))
        key = (float(m.group(1)), float(m.group(2)))
        if exact and key in degrees:
            want = tuple("<%d" % k if 0 < x < k else "%d" % x for x in degrees[key])
            if (din, dout) != want:
                fail("%s: in/out %s/%s, expected %s/%s in %r" % (what, din, dout, *want, line))
    if names:
        for n in names:
            if n in text:
                fail("%s: the name %r appears" % (what, n))
        for line in lines:
            if "()" in line:
                fail("%s: an empty () in %r" % (what, line))


STANDALONE = re.compile(r"(?<![\w.,:/%\-\u00c0-\uffff])(\d+)(?![\w:/%\-\u00c0-\uffff]|[.,]\d| %)")


# a number right after a comparison is the threshold it is compared with, not a count
THRESHOLD = re.compile(r"(?:<=|>=|<|>|=|\u2264|\u2265) ?$")


def small_numbers(s, k):
    return [m.group(1) for m in STANDALONE.finditer(s)
            if 0 < int(m.group(1)) < k and not THRESHOLD.search(s[:m.start()])]


def integer_scores(report, k):
    out = []
    for lens in report.get("lenses", []):
        for f in lens["findings"]:
            for name, v in f["scores"].items():
                if name == "p" or name.startswith("p_"):
                    continue  # p-values are no counts
                if isinstance(v, int) and not isinstance(v, bool) and 0 < v < k:
                    out.append((lens["name"], f["scope"], name, v))
    return out


def check_lenses(samnett, k, key):
    base = ["--demo", "--lens", "all"]
    ref = json.loads(run(samnett, base + ["--format", "json"]))
    if not integer_scores(ref, k):
        fail("lenses: the internal run has no integer score from 1 to %d to hide" % (k - 1))
    # one key: the JSON and CSV runs list the same findings in the same order
    priv = ["--privacy", "shared", "--min-cell", str(k), "--pseudonym-key", key]
    rep = json.loads(run(samnett, base + priv + ["--format", "json"]))
    for lens, scope, name, v in integer_scores(rep, k):
        fail("lenses json: %s %s score %s = %d is below %d" % (lens, scope, name, v, k))
    hidden = 0
    whole = set()  # (lens, finding number, score) of the scores that are whole numbers (counts)
    for lens in rep.get("lenses", []):
        for i, f in enumerate(lens["findings"]):
            for name, v in f["scores"].items():
                if name == "p" or name.startswith("p_"):
                    continue
                if (isinstance(v, int) and not isinstance(v, bool)) or \
                        f["scores"].get(name + "_suppressed") is True:
                    whole.add((lens["name"], str(i + 1), name))
    for lens in rep.get("lenses", []):
        for f in lens["findings"]:
            sc = f["scores"]
            for name, v in sc.items():
                if name.endswith("_suppressed"):
                    hidden += 1
                    base_name = name[: -len("_suppressed")]
                    if v is not True or base_name not in sc or sc[base_name] is not None:
                        fail("lenses json: %s %s: %s without a null %s" %
                             (lens["name"], f["scope"], name, base_name))
            for lang in ("en", "nb"):
                small = small_numbers(f["evidence"][lang], k)
                if small:
                    fail("lenses json: %s %s evidence.%s holds %s: %r" %
                         (lens["name"], f["scope"], lang, small, f["evidence"][lang]))
    if not hidden:
        fail("lenses json: no score was suppressed")
    with tempfile.TemporaryDirectory() as d:
        run(samnett, base + priv + ["--format", "csv", "--output", d])
        with open(os.path.join(d, "finding_values.csv"), newline="", encoding="utf-8") as fh:
            rd = csv.DictReader(fh)
            if "value_suppressed" not in (rd.fieldnames or []):
                fail("finding_values.csv: no value_suppressed column")
            for row in rd:
                v = row["value"]
                if row["kind"] == "score" and (row["lens"], row["finding"], row["name"]) in whole \
                        and re.fullmatch(r"\d+", v) and 0 < int(v) < k:
                    fail("finding_values.csv: %s %s %s = %s" %
                         (row["lens"], row["finding"], row["name"], v))
                if row.get("value_suppressed") == "true" and v != "":
                    fail("finding_values.csv: suppressed %s with a value" % row["name"])
        with open(os.path.join(d, "findings.csv"), newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for col in ("evidence_en", "evidence_nb"):
                    small = small_numbers(row[col], k)
                    if small:
                        fail("findings.csv: %s %s %s holds %s" %
                             (row["lens"], row["finding"], col, small))
    for lang in ("en", "nb"):
        text = run(samnett, base + priv + ["--lang", lang])
        part = text[text.find("\nLenses\n" if lang == "en" else "\nLinser\n"):]
        for line in part.splitlines():
            if line.startswith("    - "):
                body = line.split("): ", 1)[-1] if "): " in line else line.split(": ", 1)[-1]
                small = small_numbers(body, k)
                if small:
                    fail("lens text %s: %s in %r" % (lang, small, line))
            elif line.startswith("    ") and re.search(r"(network|nettverk|groups|grupper|actors|"
                                                       r"akt\u00f8rer): ", line):
                for m in re.finditer(r"(?:: |, )(\d+) ", line):
                    if 0 < int(m.group(1)) < k:
                        fail("lens text %s: a label count %s in %r" % (lang, m.group(1), line))


API_LENS = """
return {
  name = "smallcells",
  title = {en = "Small cells", nb = "Sm\u00e5 celler"},
  description = {en = "The small-cell helpers.", nb = "Hjelperne for sm\u00e5 celler."},
  run = function(net, params)
    local t = string.format("K=%d hidden=%s two=%s seven=%s", samnett.min_cell,
                            tostring(samnett.suppressed(2)), tostring(samnett.count(2)),
                            tostring(samnett.count(7)))
    return {finding{level = "network", label = "k", scores = {k = samnett.min_cell + 0.0},
                    evidence = {en = t, nb = t}}}
  end,
}
"""


def check_api(samnett, region, d):
    lens = os.path.join(d, "smallcells.lua")
    with open(lens, "w", encoding="utf-8") as f:
        f.write(API_LENS)
    src = [os.path.join(region, "actors.csv"), os.path.join(region, "contacts.csv")]
    for args, want in (([], "K=0 hidden=false two=2 seven=7"),
                       (["--min-cell", "5"], "K=5 hidden=true two=<5 seven=7")):
        rep = json.loads(run(samnett, src + ["--lens", lens, "--format", "json"] + args))
        lenses = rep.get("lenses", [])
        got = lenses[0]["findings"][0]["evidence"]["en"] if lenses and lenses[0]["findings"] \
            else "(no finding: %s)" % (lenses[0].get("error") if lenses else "no lens")
        if got != want:
            fail("lens API %s: evidence %r, expected %r" % (" ".join(args) or "internal", got,
                                                            want))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    samnett, data = sys.argv[1], sys.argv[2]
    region = os.path.join(data, "region")
    ref = json.loads(run(samnett, [os.path.join(region, "actors.csv"),
                                   os.path.join(region, "contacts.csv"), "--format", "json"]))
    with open(os.path.join(region, "actors.csv"), newline="", encoding="utf-8") as fh:
        names = [r["name"] for r in csv.DictReader(fh) if r.get("name")]
    for lang in ("en", "nb"):
        check_text(samnett, region, ref, lang, ["--privacy", "shared"], 3, False, names)
        check_text(samnett, region, ref, lang, ["--min-cell", "5"], 5, True, None)
    with tempfile.TemporaryDirectory() as d:
        key = os.path.join(d, "key")
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, os.urandom(32))
        os.close(fd)
        check_lenses(samnett, 5, key)
        check_api(samnett, region, d)
    for p in problems:
        print("FAIL", p)
    if problems:
        print("%d problem(s)" % len(problems))
        return 1
    print("ok: the text report and the lens findings follow the small-cell rule")
    return 0


if __name__ == "__main__":
    sys.exit(main())
