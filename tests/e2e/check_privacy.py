#!/usr/bin/python3
"""check_privacy.py SAMNETT [--keep DIR]

The audit of `--privacy shared` (README, "Sharing results"; issue 15's
"Done when").

It makes a small region whose every personal string is distinctive (actor
ids ZQX-actor-NNN, names such as "Ingrid Qwertyssen", professions such as
"Zebraterapeut", an extra column with values XYZEXTRANN, meeting ids
MTGQ-NNNN, case ids CASEQ-NNNNNN; 60 actors in five organisations, two of
them with one and two actors; 1,500 contacts, some pairs with one or two
contacts and others with many), makes a key with `samnett key new`, and runs
every output under `--privacy shared --pseudonym-key KEY --merge-small-orgs 3`:
the text report (en and nb), JSON, the CSV folder (plain and excel), HTML,
GraphML, GEXF, the bundled lenses (JSON, text and CSV), and `samnett watch`
(its JSON and text lines, its --out report and its SQLite state). In all of
them it finds none of:

  - a raw actor id, name, profession, extra value, meeting id or case id, nor
    the name of an organisation merged into "andre";
  - the key, as raw bytes, hex or base64;

searched in the raw bytes and again after HTML/XML and JSON unescaping,
case-insensitively (base64 and the raw key as they are);

and no count from 1 to K-1: in JSON, every number under a key that this
test's own list (COUNT_KEYS, from the rule's text in the issue's spec)
names a count; in CSV, every column whose unit in docs/csv-columns.md is a
count or a weight (less the columns that list names as not counts); in the
text report, the numbers of the tie and contact tables.

It also checks the pseudonyms: every actor id of the JSON report, and every
case id of cases.csv, is the HMAC-SHA256 pseudonym of one raw id, computed
here with Python's hmac (namespaces "actor:" and "case:", 128 bits, base 32
in the alphabet without i, l, o, u); two runs with one key give the same ids
and a run with another key gives ids that all differ. The JSON notice
`privacy` must come right after `samnett` and its re-identification figures
must equal the ones counted here from the generated contacts.

Every problem is printed with the file, the place in it (JSON path, CSV
column and row, text line) and what was found; the exit status is 1 when
there is one. --keep DIR keeps the files there for a look.
"""

import base64
import csv
import hashlib
import hmac
import html
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
K = 3  # the small-cell limit under shared without --min-cell

FIRST = ["Ingrid", "Ola", "Kari", "Per", "Sigrid", "Nils", "Astrid", "Lars", "Solveig", "Knut"]
SURNAMES = ["Qwertyssen", "Zxcvbakken", "Mnbvcxhaug", "Poiuytrud", "Wqxyzdahl", "Jklmnborg"]
PROFESSIONS = ["Zebraterapeut", "Kvasirkirurg", "Yxilonpleier", "Gnomkonsulent",
               "Trollfysioterapeut"]
# organisation, type, actors, units
ORGS = [
    ("Nordfjell kommune", "municipality", 22, ["Heimetenesta", "Tildelingskontoret"]),
    ("Sørvik sykehus", "hospital_unit", 20, ["Medisinsk avdeling", "Kirurgisk avdeling"]),
    ("Østby legesenter", "gp", 15, ["Legesenteret"]),
    ("Ensomvik legekontor", "gp", 1, ["Kontoret"]),
    ("Tospann helsestasjon", "municipality", 2, ["Helsestasjonen"]),
]
SMALL_ORGS = [o[0] for o in ORGS if o[2] < 3]
CHANNELS = ["e-message", "phone", "referral", "discharge", "video"]
N_CONTACTS = 1500


class Region:
    pass


def make_region(d):
    """The region's files in d; returns what was written (the strings to look for)."""
    rng = random.Random(15)
    r = Region()
    r.ids, r.names, r.extras = [], [], []
    r.professions = list(PROFESSIONS)
    org_of = []
    r.types, r.orgs = [], org_of
    rows = []
    i = 0
    for org, typ, n, units in ORGS:
        for j in range(n):
            aid = "ZQX-actor-%03d" % (i + 1)
            name = "%s %s" % (FIRST[i % 10], SURNAMES[i // 10])
            extra = "XYZEXTRA%02d" % (i + 1)
            rows.append([aid, name, typ if j % 7 else "coordinator", org, units[j % len(units)],
                         PROFESSIONS[i % len(PROFESSIONS)], extra])
            r.ids.append(aid)
            r.names.append(name)
            r.extras.append(extra)
            org_of.append(org)
            r.types.append(rows[-1][2])
            i += 1
    r.actors_csv = os.path.join(d, "actors.csv")
    with open(r.actors_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "organisation", "unit", "profession", "notat"])
        w.writerows(rows)

    n = len(r.ids)
    t0 = 1704067200  # 2024-01-01T00:00:00Z
    year = 366 * 86400
    contacts = []  # (time, from, to, channel, case, meeting)
    r.meetings = ["MTGQ-%04d" % (m + 1) for m in range(20)]
    r.cases = ["CASEQ-%06d" % (c + 1) for c in range(300)]

    def case():
        return rng.choice(r.cases) if rng.random() < 0.8 else ""

    # 20 meetings of 3-5 participants: a row from the host to each other one
    for m in r.meetings:
        people = rng.sample(range(n), rng.randint(3, 5))
        t = t0 + rng.randrange(year)
        for p in people[1:]:
            contacts.append((t, people[0], p, "meeting", "", m))
    # 60 light pairs with one or two contacts
    pairs = set()
    light = []
    while len(light) < 60:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and (a, b) not in pairs:
            pairs.add((a, b))
            light.append((a, b))
    for a, b in light:
        for _ in range(rng.choice([1, 2])):
            contacts.append((t0 + rng.randrange(year), a, b, rng.choice(CHANNELS), case(), ""))
    # heavy pairs, the small organisations' actors among them, fill the rest
    heavy = [(k, (k + 5) % n) for k in range(n) if org_of[k] in SMALL_ORGS]
    for a, b in list(heavy):
        heavy.append((b, a))  # some ties both ways
    while len(heavy) < 70:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and (a, b) not in pairs:
            pairs.add((a, b))
            heavy.append((a, b))
            if len(heavy) % 4 == 0 and (b, a) not in pairs:
                pairs.add((b, a))
                heavy.append((b, a))
    k = 0
    while len(contacts) < N_CONTACTS:
        a, b = heavy[k % len(heavy)]
        contacts.append((t0 + rng.randrange(year), a, b, rng.choice(CHANNELS), case(), ""))
        k += 1
    contacts.sort()
    r.contact_rows = []
    for t, a, b, ch, c, m in contacts:
        iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
        r.contact_rows.append([iso, r.ids[a], r.ids[b], ch, c, m])
    r.contacts_csv = os.path.join(d, "contacts.csv")
    write_contacts(r.contacts_csv, r.contact_rows)
    return r


def write_contacts(path, rows, header=True):
    with open(path, "a" if not header else "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        if header:
            w.writerow(["time", "from", "to", "channel", "case", "meeting"])
        w.writerows(rows)


# --------------------------------------------------------------------------
# what is wrong, collected: every problem says where it was found

PROBLEMS = []
KINDS = ["run", "leak", "count", "pseudonym", "notice"]
PER_PLACE = 6  # lines shown per kind and place; the rest are counted


def problem(where, what, kind="run"):
    PROBLEMS.append((kind, where, "%s: %s" % (where, what)))


# --------------------------------------------------------------------------
# leaks: raw strings and the key, in every view of a file

def json_unescape(text):
    r"""JSON string escapes undone (\uXXXX, \/, \", \\ and the rest), as a reader sees them."""
    def one(m):
        e = m.group(1)
        if e[0] == "u":
            try:
                return chr(int(e[1:], 16))
            except ValueError:
                return m.group(0)
        return {"/": "/", '"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r",
                "b": "\b", "f": "\f"}.get(e, m.group(0))
    return re.sub(r'\\(u[0-9a-fA-F]{4}|[/"\\ntrbf])', one, text)


def views(data):
    """(name, text) views of a file's bytes: as read, HTML/XML-unescaped, JSON-unescaped, both."""
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    h = html.unescape(text)
    j = json_unescape(text)
    return [("raw", text), ("html-unescaped", h), ("json-unescaped", j),
            ("html+json-unescaped", json_unescape(h)), ("json+html-unescaped", html.unescape(j))]


class Needles:
    """The strings no shared output may hold, as patterns that name what they found."""

    def __init__(self, region, key):
        alt = lambda words: "|".join(re.escape(w.lower()) for w in words)
        self.ci = [  # (what, pattern) searched case-insensitively
            ("actor id", re.compile(r"zqx-actor-\d+")),
            ("case id", re.compile(r"caseq-\d+")),
            ("meeting id", re.compile(r"mtgq-\d+")),
            ("extra column value", re.compile(r"xyzextra\d+")),
            ("name", re.compile(r"(?:(?:%s)\s+)?(?:%s)" % (alt(FIRST), alt(SURNAMES)))),
            ("profession", re.compile(alt(PROFESSIONS))),
            ("organisation merged into andre", re.compile(alt(SMALL_ORGS))),
            ("the key in hex", re.compile(re.escape(key.hex()))),
        ]
        b64 = base64.b64encode(key).decode()
        u64 = base64.urlsafe_b64encode(key).decode()
        self.exact = [("the key in base64", v) for v in {b64, b64.rstrip("="), u64, u64.rstrip("=")}]
        self.key = key

    def scan(self, where, data):
        found = 0
        if self.key in data:
            problem(where, "the raw key bytes (32 bytes of the key file)", "leak")
            found += 1
        seen = set()
        for vname, text in views(data):
            low = text.lower()
            for what, pat in self.ci:
                for m in pat.finditer(low):
                    tag = (what, m.group(0))
                    if tag in seen:
                        continue
                    seen.add(tag)
                    ctx = text[max(0, m.start() - 40):m.end() + 40].replace("\n", " ")
                    problem(where, "%s '%s' (%s view) in ...%s..."
                            % (what, text[m.start():m.end()], vname, ctx), "leak")
                    found += 1
                    if found > 12:
                        problem(where, "(more leaks in this file left out)", "leak")
                        return
            for what, v in self.exact:
                if v in text and what not in seen:
                    seen.add(what)
                    problem(where, "%s (%s view)" % (what, vname), "leak")
                    found += 1


# --------------------------------------------------------------------------
# counts below K

# The JSON members that hold counts under the rule (issue 15's spec: counts of
# contacts, ties, degrees, cases, actors, group sizes, members, participants,
# meetings, transfers, pairs, rows, brokerage raw counts, tie weights and
# strengths), as dotted paths with [] for an array's elements and * for any
# one key. Not counts, so not here: shares, ratios, z-scores, expected values,
# centralities (betweenness, reachable, effective size), distances, days,
# p-values, components, option values and the statistics of a distribution
# over many cases or meetings (mean, median, percentiles, min, max).
COUNT_PATHS = [
    "input.actors", "input.actors_auto_created", "input.contacts", "input.contact_rows",
    "input.rejected", "input.self_contacts",
    "network.nodes", "network.ties", "network.contacts", "network.contacts_in_ties",
    "network.self_contacts", "network.within_group_contacts", "network.below_min_contacts",
    "network.isolates", "network.largest_weak_component", "network.contacts_by_type.[].contacts",
    "actors.[].members", "actors.[].metrics.degree_in", "actors.[].metrics.degree_out",
    "actors.[].metrics.strength_in", "actors.[].metrics.strength_out",
    "actors.[].brokerage.*.raw", "brokerage.observed.*",
    "ties.[].contacts", "ties.[].weight", "ties.[].channels.*",
    "silo.*.groups.[].size", "silo.*.groups.[].members", "silo.*.groups.[].internal",
    "silo.*.groups.[].external", "silo.*.groups.[].internal_weight",
    "silo.*.groups.[].external_weight", "silo.*.matrix.weights.[].[]", "silo.*.ties.internal",
    "silo.*.ties.external",
    "cases.cases", "cases.cases_in_view", "cases.bti_levels.*", "cases.handoff_patterns.*",
    "cases.transfers.count", "cases.transfers.cases", "cases.pingpong.count",
    "cases.pingpong.cases", "cases.patient_sharing_pairs", "cases.care_density.cases",
    "cases.co_serving_without_contact.count", "cases.co_serving_without_contact.cross_organisation",
    "cases.co_serving_without_contact.top_pairs.[].shared_cases",
    "meetings.count", "meetings.rows", "meetings.rows_replaced_or_left_out",
    "meetings.projected_meetings", "meetings.meetings_in_series",
    "meetings.series.[].meetings", "meetings.series.[].participants",
    "meetings.series.[].core_participants", "meetings.series.[].organisations",
    "temporal.actors.[].contacts", "temporal.actors.[].baseline_contacts",
    "temporal.baseline.contacts", "temporal.channels.[].contacts",
    "temporal.contacts_outside_period", "temporal.contacts_stray",
    "temporal.group_pairs.[].contacts", "temporal.group_pairs.[].baseline_contacts",
    "temporal.network.contacts", "temporal.network.baseline_contacts",
    "temporal.windows.[].contacts", "temporal.windows.[].nodes", "temporal.windows.[].ties",
    "temporal.windows.[].channels.*", "temporal.windows.[].actors.[].degree_in",
    "temporal.windows.[].actors.[].degree_out", "temporal.windows.[].actors.[].strength_in",
    "temporal.windows.[].actors.[].strength_out",
    # the lenses' scores that count contacts, ties, actors, cases or pairs
    "lenses.[].findings.[].scores.contacts", "lenses.[].findings.[].scores.contacts_ab",
    "lenses.[].findings.[].scores.contacts_ba", "lenses.[].findings.[].scores.partner_contacts",
    "lenses.[].findings.[].scores.same_type_contacts", "lenses.[].findings.[].scores.ties",
    "lenses.[].findings.[].scores.mutual_ties", "lenses.[].findings.[].scores.coordinator_ties",
    "lenses.[].findings.[].scores.shared_cases", "lenses.[].findings.[].scores.actors",
    "lenses.[].findings.[].scores.size_a", "lenses.[].findings.[].scores.size_b",
    "lenses.[].findings.[].scores.pairs_in_contact",
    # samnett watch's lines (their network and silo are the report's)
    "totals.actors", "totals.actors_auto_created", "totals.contacts", "totals.contact_rows",
    "totals.rejected", "totals.self_contacts", "contacts_added", "rows_added", "rejected_added",
]


def path_re(p):
    parts = [r"[^.]+" if x == "*" else re.escape(x) for x in p.split(".")]
    return re.compile("^" + r"\.".join(parts) + "$")


COUNT_RES = [path_re(p) for p in COUNT_PATHS]

# The HTML report's data block: the JSON report under "report", and the map's,
# the daily chart's and the case histograms' columns of counts.
HTML_COUNT_RES = [path_re("report." + p) for p in COUNT_PATHS] + [path_re(p) for p in [
    "map.nodes.measures.degree_in.[]", "map.nodes.measures.degree_out.[]",
    "map.nodes.measures.strength_in.[]", "map.nodes.measures.strength_out.[]",
    "map.nodes.brokerage.*.[]", "map.ties.weight.[]", "map.ties.contacts.[]",
    "map.ties.channels.[].[]", "map.windows.[].weight.[]", "map.windows.[].contacts.[]",
    "daily.channels.*.[]", "case_histograms.[].counts.[]",
]]

# GraphML and GEXF: the node and edge attributes that hold counts.
GRAPH_COUNT_ATTRS = re.compile(r"^(?:weight|contacts|contacts_[\w-]+|degree_in|degree_out|"
                               r"strength_in|strength_out|brokerage_[a-z]+|window_weight|"
                               r"window_contacts)$")


def is_count_path(path, res=None):
    return any(r.match(path) for r in (res or COUNT_RES))


def small(v, k):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < k


def check_json_counts(where, doc, k, res=None):
    """Every count of doc (COUNT_PATHS, or the patterns res) is null or outside 1..k-1."""
    bad = []

    def walk(x, path, shown):
        if isinstance(x, dict):
            for key, v in x.items():
                walk(v, path + [key], shown + [key])
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, path + ["[]"], shown + ["[%d]" % i])
        elif small(x, k) and is_count_path(".".join(path), res):
            bad.append("%s = %s" % (".".join(shown).replace(".[", "["), x))

    walk(doc, [], [])
    for b in bad[:15]:
        problem(where, "count below %d: %s" % (k, b), "count")
    if len(bad) > 15:
        problem(where, "... %d more counts below %d" % (len(bad) - 15, k), "count")
    return len(bad)


# CSV: the columns whose unit in docs/csv-columns.md is count or weight hold
# counts, except these, which the rule does not cover (an option, an index,
# a centrality, an expected value, the number of components or of windows or
# findings, a mean over meetings).
CSV_NOT_COUNTS = {
    ("network.csv", "filters_min_contacts"), ("network.csv", "weak_components"),
    ("network.csv", "strong_components"), ("actors.csv", "reachable"),
    ("window_actors.csv", "reachable"), ("brokerage.csv", "expected"),
    # at the actor level every node is one actor: members is 1 by construction
    ("actors.csv", "members"),
    ("lenses.csv", "findings"), ("findings.csv", "finding"), ("finding_values.csv", "finding"),
    ("finding_thresholds.csv", "finding"), ("windows.csv", "components"),
    ("meeting_series_quarters.csv", "quarter_after"),
}
CSV_COUNT_UNITS = {"count", "weight", "participants"}


def csv_count_columns():
    """{file: [column patterns]} of the count columns, read from docs/csv-columns.md."""
    cols = {}
    files = []
    with open(os.path.join(ROOT, "docs", "csv-columns.md"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("### "):
                files = re.findall(r"[\w.]+\.csv", line)
            m = re.match(r"\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|", line)
            if m and files and m.group(2) in CSV_COUNT_UNITS:
                for fname in files:
                    if (fname, m.group(1)) in CSV_NOT_COUNTS or "mean" in m.group(1):
                        continue
                    pat = "^" + re.escape(m.group(1)).replace(re.escape("<channel>"), r"[\w-]+") + "$"
                    cols.setdefault(fname, []).append(re.compile(pat))
    return cols


def parse_csv_number(cell, excel):
    cell = cell.strip()
    if excel:
        cell = cell.replace(",", ".")
    try:
        return float(cell)
    except ValueError:
        return None


def check_csv_folder(folder, k, excel, shown):
    cols = csv_count_columns()
    if not os.path.isdir(folder):
        problem(folder, "no CSV folder written")
        return
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        where = os.path.join(shown, name)
        if not name.endswith(".csv") or name not in cols:
            continue
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=";" if excel else ","))
        if not rows:
            continue
        header, bad = rows[0], []
        if name == "ties.csv" and "contacts" in header:
            c = header.index("contacts")
            ties_left_out(where + " (column contacts)",
                          [parse_csv_number(r[c], excel) if c < len(r) else None for r in rows[1:]], k)
        idx = [i for i, h in enumerate(header) if any(p.match(h) for p in cols[name])]
        for r, row in enumerate(rows[1:], start=2):
            for i in idx:
                v = parse_csv_number(row[i], excel) if i < len(row) else None
                if small(v, k):
                    bad.append("row %d column %s = %s" % (r, header[i], row[i]))
        for b in bad[:10]:
            problem(where, "count below %d: %s" % (k, b), "count")
        if len(bad) > 10:
            problem(where, "... %d more counts below %d" % (len(bad) - 10, k), "count")


# Text: the numbers of the tables and lines that show counts (en and nb). A
# number is "<K" when suppressed, else digits with "," or " " between thousands.
N = r"(<\d+|\d{1,3}(?:[, \u00a0]\d{3})+|\d+)"
TEXT_RULES = [
    ("contacts between actor types", re.compile(r"^\s+\S+ -> \S+\s+" + N + r"\s+[\d.]+%$")),
    ("in/out degree of a top actor", re.compile(r"^\s+\d+\s+.*\s" + N + "/" + N + "$")),
    ("silo group size, inside, across",
     re.compile(r"^\s+\S.*?\s{2,}" + N + r"\s+" + N + r"\s+" + N + r"\s+[+-]\d\.\d+$")),
    ("brokerage raw count", re.compile(r"\(" + N + r", z ")),
    ("BTI level cases", re.compile(r"\b[123]\+?: " + N + r" \(")),
    ("transfers and their cases",
     re.compile(N + r" (?:between organisations, in|mellom organisasjoner, i) " + N + " ")),
    ("ping-pong returns and cases", re.compile(N + r" A->B->A[- ].*? (?:in|i) " + N + " ")),
    ("hand-off patterns", re.compile(r"(?:reciprocal|resiprok) " + N + r", (?:sequential|sekvensiell) "
                                     + N + r", (?:pooled|samlet \(pooled\)) " + N
                                     + r", (?:single service|én tjeneste) " + N)),
    ("shared cases of a co-serving pair", re.compile(r"^\s+\S+ - \S+\s{2,}.*\s{2,}" + N + "$")),
    ("window contacts and ties", re.compile(r"^\s+\d{4}(?:Q\d|-\d\d(?:-\d\d)?|W\d\d)?\s+" + N + r"\s+" + N + r"\s")),
    ("meetings and their rows", re.compile(N + r" \(" + N + r" (?:rows|rader);")),
    # samnett watch's text lines
    ("watch: nodes and ties", re.compile(N + r" (?:nodes|noder), " + N + r" (?:ties|bånd)")),
    ("watch: contacts added and in all",
     re.compile(r"\+" + N + r" (?:contacts|kontakter) \(" + N + r" (?:in all|i alt)")),
]


def text_number(tok):
    if tok.startswith("<"):
        return None
    return float(re.sub(r"[, \u00a0]", "", tok))


def check_text(path, k, shown, min_lines=10):
    try:
        lines = open(path, encoding="utf-8").read().split("\n")
    except OSError as e:
        problem(shown, "not written: %s" % e)
        return
    bad, matched = [], 0
    for no, line in enumerate(lines, start=1):
        for what, rx in TEXT_RULES:
            for m in rx.finditer(line):
                matched += 1
                for tok in m.groups():
                    v = text_number(tok)
                    if small(v, k):
                        bad.append("line %d (%s): %s in '%s'" % (no, what, tok, line.strip()))
    for b in bad[:15]:
        problem(shown, "count below %d: %s" % (k, b), "count")
    if len(bad) > 15:
        problem(shown, "... %d more counts below %d" % (len(bad) - 15, k), "count")
    if matched < min_lines:
        problem(shown, "only %d count lines recognised: the text check saw too little" % matched,
                "count")


def check_html(path, k, shown):
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        problem(shown, "not written: %s" % e)
        return
    m = re.search(r'<script type="application/json" id="samnett-data">(.*?)</script>', text, re.S)
    if not m:
        problem(shown, "no samnett-data block to check the counts of", "count")
        return
    try:
        data = json.loads(m.group(1))
    except ValueError as e:
        problem(shown, "the samnett-data block is not JSON: %s" % e, "count")
        return
    check_json_counts(shown + " (data block)", data, k, HTML_COUNT_RES)
    contacts = (data.get("map") or {}).get("ties", {}).get("contacts", [])
    ties_left_out(shown + " (map.ties.contacts)", contacts, k)


def ties_left_out(where, values, k):
    """Under shared every tie shown has k contacts or more: the smaller ones are left out."""
    bad = [(i, v) for i, v in enumerate(values) if not isinstance(v, (int, float)) or v < k]
    if bad:
        problem(where, "%d ties shown with fewer than %d contacts (or none shown), e.g. tie %d: %r; "
                "expected them left out" % (len(bad), k, bad[0][0], bad[0][1]), "count")


def check_graph(path, k, shown):
    """GraphML or GEXF: the count attributes of nodes and edges; edges of k contacts or more."""
    import xml.etree.ElementTree as ET
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        problem(shown, "cannot read: %s" % e)
        return
    local = lambda tag: tag.rsplit("}", 1)[-1]
    bad, edge_contacts = [], []
    if local(root.tag) == "graphml":
        names = {e.get("id"): e.get("attr.name") for e in root.iter() if local(e.tag) == "key"}
        for el in root.iter():
            if local(el.tag) not in ("node", "edge"):
                continue
            contacts = None
            for d in el:
                if local(d.tag) != "data":
                    continue
                name = names.get(d.get("key"), "")
                v = parse_csv_number(d.text or "", False)
                if name == "contacts" and local(el.tag) == "edge":
                    contacts = v
                if GRAPH_COUNT_ATTRS.match(name) and small(v, k):
                    bad.append("%s %s: %s = %s" % (local(el.tag), el.get("id"), name, d.text))
            if local(el.tag) == "edge":
                edge_contacts.append(contacts)
    else:  # GEXF
        for el in root.iter():
            if local(el.tag) not in ("node", "edge"):
                continue
            contacts = None
            if local(el.tag) == "edge":
                v = parse_csv_number(el.get("weight", ""), False)
                if small(v, k):
                    bad.append("edge %s: weight = %s" % (el.get("id"), el.get("weight")))
            for a in el.iter():
                if local(a.tag) != "attvalue":
                    continue
                name = a.get("for", "")
                v = parse_csv_number(a.get("value", ""), False)
                if name == "contacts" and local(el.tag) == "edge":
                    contacts = v
                if GRAPH_COUNT_ATTRS.match(name) and small(v, k):
                    bad.append("%s %s: %s = %s" % (local(el.tag), el.get("id"), name, a.get("value")))
            if local(el.tag) == "edge":
                edge_contacts.append(contacts)
    for b in bad[:10]:
        problem(shown, "count below %d: %s" % (k, b), "count")
    if len(bad) > 10:
        problem(shown, "... %d more counts below %d" % (len(bad) - 10, k), "count")
    ties_left_out(shown + " (edge contacts)", edge_contacts, k)


# --------------------------------------------------------------------------
# pseudonyms and the re-identification check, computed here

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def pseudonym_body(key, ns, ident):
    """HMAC-SHA256(key, "ns:" + id), its first 128 bits in base 32 (5 bits a letter, high first)."""
    mac = hmac.new(key, (ns + ":" + ident).encode("utf-8"), hashlib.sha256).digest()[:16]
    n = int.from_bytes(mac, "big") << 2  # 128 bits padded to 130 = 26 letters
    return "".join(ALPHABET[(n >> (5 * (25 - i))) & 31] for i in range(26))


def actor_ids(where, doc):
    try:
        return [a["id"] for a in doc["actors"]]
    except (KeyError, TypeError):
        problem(where, "no actors[].id in the JSON report", "pseudonym")
        return []


def check_case_pseudonyms(region, key, path, shown):
    """The case column of cases.csv: HMAC-SHA256 pseudonyms of "case:" + a raw case id."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            cases = [row["case"] for row in csv.DictReader(f)]
    except (OSError, KeyError) as e:
        problem(shown, "no case column to check: %s" % e, "pseudonym")
        return
    bodies = {pseudonym_body(key, "case", c) for c in region.cases}
    unmatched = [c for c in cases if not any(c.endswith(b) for b in bodies)]
    if unmatched or not cases:
        problem(shown, "%d of %d case ids are not HMAC-SHA256 pseudonyms of 'case:' + a raw case id "
                "under the key, e.g. '%s'" % (len(unmatched), len(cases),
                                              unmatched[0] if unmatched else ""), "pseudonym")


def check_pseudonyms(region, key, key2, docs):
    """docs: (where, doc) of the first run, a second run with the key, and one with key2."""
    (w1, d1), (w2, d2), (w3, d3) = docs
    ids1, ids2, ids3 = actor_ids(w1, d1), actor_ids(w2, d2), actor_ids(w3, d3)
    if ids1 != ids2:
        diff = [(a, b) for a, b in zip(ids1, ids2) if a != b][:3]
        problem(w2, "actor ids differ from %s's with the same key: %s" % (w1, diff), "pseudonym")
    common = set(ids1) & set(ids3)
    if common:
        problem(w3, "%d actor ids are the same as with the other key, e.g. %s"
                % (len(common), sorted(common)[:3]), "pseudonym")
    bodies = {pseudonym_body(key, "actor", i): i for i in region.ids}
    unmatched = [p for p in ids1 if not any(p.endswith(b) for b in bodies)]
    if unmatched:
        problem(w1, "%d actor ids are not HMAC-SHA256 pseudonyms of 'actor:' + a raw id under the "
                "key (128 bits, base 32), e.g. '%s'; the first raw id's would end in '%s'"
                % (len(unmatched), unmatched[0], pseudonym_body(key, "actor", region.ids[0])), "pseudonym")


BANDS = [0, 1, 3, 5, 10, 20, 50, 100]


def expected_reid(region, merge_below):
    """(actors, unique) by (type, organisation after merging, degree band), degree = in + out."""
    n = len(region.ids)
    index = {a: i for i, a in enumerate(region.ids)}
    outs, ins = [set() for _ in range(n)], [set() for _ in range(n)]
    for row in region.contact_rows:
        a, b = index[row[1]], index[row[2]]
        if a != b:
            outs[a].add(b)
            ins[b].add(a)
    size = {}
    for o in region.orgs:
        size[o] = size.get(o, 0) + 1
    keys = {}
    for i in range(n):
        org = region.orgs[i] if size[region.orgs[i]] >= merge_below else "andre"
        deg = len(outs[i]) + len(ins[i])
        band = max(j for j, lo in enumerate(BANDS) if deg >= lo)
        keys.setdefault((region.types[i], org, band), []).append(i)
    return n, sum(1 for v in keys.values() if len(v) == 1)


def check_notice(where, doc, region, k, merge_below):
    """The JSON notice of spec 15 right after "samnett", and the check's numbers."""
    keys = list(doc)
    if "privacy" not in doc:
        problem(where, "no top-level 'privacy' notice", "notice")
        return
    if keys.index("privacy") != 1 or keys[0] != "samnett":
        problem(where, "'privacy' is not right after 'samnett': %s" % keys[:3], "notice")
    p = doc["privacy"]
    if p.get("profile") != "shared" or p.get("min_cell") != k or p.get("pseudonyms") != "keyed":
        problem(where, "privacy notice: profile %r, min_cell %r, pseudonyms %r; expected shared, "
                "%d, keyed" % (p.get("profile"), p.get("min_cell"), p.get("pseudonyms"), k), "notice")
    reid = p.get("reidentification")
    if not isinstance(reid, dict):
        problem(where, "privacy.reidentification is missing", "notice")
        return
    actors, unique = expected_reid(region, merge_below)
    coarse = unique / actors > 0.05
    got = (reid.get("actors"), reid.get("unique"), reid.get("threshold"),
           reid.get("degrees_coarsened"))
    if got != (actors, unique, 0.05, coarse):
        problem(where, "privacy.reidentification (actors, unique, threshold, degrees_coarsened) = "
                "%s; counted here: %s" % (got, (actors, unique, 0.05, coarse)), "notice")


# --------------------------------------------------------------------------
# the runs

def run(cmd, where, timeout=120):
    """Run cmd; a non-zero exit is a problem of where (returns the process or None)."""
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        problem(where, "timed out: %s" % " ".join(cmd))
        return None
    if p.returncode != 0:
        problem(where, "exit %d from %s: %s" % (p.returncode, " ".join(cmd[1:]),
                                                 p.stderr.decode("utf-8", "replace").strip().split("\n")[0][:300]))
    return p


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        problem(path, "cannot read the JSON report: %s" % e)
        return None


def make_key(samnett, path, where):
    p = run([samnett, "key", "new", path], where)
    if p is None or p.returncode != 0 or not os.path.exists(path):
        # go on with a key made here, so that the other checks still run
        with open(path, "wb") as f:
            f.write(os.urandom(32))
        os.chmod(path, 0o600)
    else:
        mode = os.stat(path).st_mode & 0o777
        if mode != 0o600:
            problem(path, "key file mode %o; expected 600" % mode)
    with open(path, "rb") as f:
        key = f.read()
    if len(key) != 32:
        problem(path, "key file holds %d bytes; expected 32" % len(key))
    # the key must not be printed either
    if p is not None:
        scan_outputs.append(("samnett key new (stdout and stderr)", p.stdout + p.stderr))
    return key


scan_outputs = []  # (where, bytes) besides the files: standard output and error of the runs


def main():
    if len(sys.argv) < 2:
        print("usage: check_privacy.py SAMNETT [--keep DIR]", file=sys.stderr)
        return 2
    samnett = os.path.abspath(sys.argv[1])
    keep = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--keep" else None
    tmp = keep or tempfile.mkdtemp(prefix="sn-privacy-")
    if keep:
        shutil.rmtree(keep, ignore_errors=True)
        os.makedirs(keep)
    t_start = time.time()
    try:
        return audit(samnett, tmp)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
        print("(%.1f s)" % (time.time() - t_start))


def audit(samnett, tmp):
    region_dir = os.path.join(tmp, "region")
    os.makedirs(region_dir)
    region = make_region(region_dir)
    out = os.path.join(tmp, "out")
    os.makedirs(out)
    key_path, key2_path = os.path.join(tmp, "region.key"), os.path.join(tmp, "other.key")
    key = make_key(samnett, key_path, "samnett key new")
    key2 = make_key(samnett, key2_path, "samnett key new (a second key)")
    merge = 3
    shared = ["--privacy", "shared", "--pseudonym-key", key_path, "--merge-small-orgs", str(merge)]
    data = [region.actors_csv, region.contacts_csv]
    time_opts = ["--window", "quarter", "--window-metrics", "degree,strength"]
    o = lambda name: os.path.join(out, name)

    runs = [  # (output, extra options)
        ("text_en.txt", ["--format", "text", "--lang", "en"] + time_opts),
        ("text_nb.txt", ["--format", "text", "--lang", "nb"] + time_opts),
        ("report.json", ["--format", "json"] + time_opts),
        ("report_k5.json", ["--format", "json", "--min-cell", "5"] + time_opts),
        ("csv_plain", ["--format", "csv"] + time_opts),
        ("csv_excel", ["--format", "csv", "--csv", "excel"] + time_opts),
        ("report.html", ["--format", "html", "--layout-iterations", "20"] + time_opts),
        ("network.graphml", ["--format", "graphml"] + time_opts),
        ("network.gexf", ["--format", "gexf", "--layout-iterations", "20"] + time_opts),
        ("lens.json", ["--format", "json", "--lens", "all"] + time_opts),
        ("lens.txt", ["--format", "text", "--lens", "all"] + time_opts),
        ("lens_csv", ["--format", "csv", "--lens", "all"] + time_opts),
        ("again.json", ["--format", "json"]),
    ]
    for name, extra in runs:
        p = run([samnett, "analyze"] + shared + extra + ["--output", o(name)] + data, name)
        if p is not None:
            scan_outputs.append((name + " (stdout and stderr)", p.stdout + p.stderr))
    other = [x if x != key_path else key2_path for x in shared]
    p = run([samnett, "analyze"] + other + ["--format", "json", "--output", o("other_key.json")]
            + data, "other_key.json")

    # samnett watch: half the contacts, a re-score; the rest, another (text lines this time)
    logs = os.path.join(tmp, "logs")
    os.makedirs(logs)
    state = os.path.join(tmp, "state", "watch.db")
    os.makedirs(os.path.dirname(state))
    half = len(region.contact_rows) // 2
    write_contacts(os.path.join(logs, "contacts.csv"), region.contact_rows[:half])
    watch = [samnett, "watch", "--actors", region.actors_csv, "--logs", logs, "--state", state,
             "--once"] + shared
    p = run(watch + ["--emit", "json-lines", "--out", o("watch_report.json"), "--lens", "all"],
            "watch (json lines)")
    if p is not None:
        with open(o("watch_lines.jsonl"), "wb") as f:
            f.write(p.stdout)
        scan_outputs.append(("watch (stderr)", p.stderr))
    write_contacts(os.path.join(logs, "contacts.csv"), region.contact_rows[half:], header=False)
    p = run(watch + ["--emit", "text"], "watch (text lines)")
    if p is not None:
        with open(o("watch_lines.txt"), "wb") as f:
            f.write(p.stdout)
        scan_outputs.append(("watch (stderr)", p.stderr))

    # 1. no raw string and no key anywhere
    needles = Needles(region, key)
    files = []
    for root, _, names in os.walk(out):
        files += [os.path.join(root, n) for n in names]
    for name in os.listdir(os.path.dirname(state)):  # the state, its WAL and journal
        files.append(os.path.join(os.path.dirname(state), name))
    for path in sorted(files):
        with open(path, "rb") as f:
            needles.scan(os.path.relpath(path, tmp), f.read())
    for where, data in scan_outputs:
        needles.scan(where, data)
    if os.path.exists(state):  # the state's text values as SQLite returns them
        try:
            db = sqlite3.connect("file:%s?mode=ro" % state, uri=True)
            for (table,) in db.execute("select name from sqlite_master where type='table'"):
                rows = db.execute('select * from "%s"' % table.replace('"', '""')).fetchall()
                blob = "\n".join(repr(r) for r in rows).encode("utf-8")
                needles.scan("state table %s" % table, blob)
            db.close()
        except sqlite3.Error as e:
            problem(state, "cannot read the state: %s" % e)
    else:
        problem(state, "the watch wrote no state")

    # 2. no count below K
    for name, k in [("report.json", K), ("report_k5.json", 5), ("lens.json", K),
                    ("again.json", K), ("watch_report.json", K)]:
        doc = load_json(o(name))
        if doc is not None:
            check_json_counts("out/" + name, doc, k)
            ties_left_out("out/%s (ties[].contacts)" % name,
                          [t.get("contacts") for t in doc.get("ties") or []], k)
            if name != "watch_report.json":
                check_notice("out/" + name, doc, region, k, merge)
    try:
        with open(o("watch_lines.jsonl"), encoding="utf-8") as f:
            for no, line in enumerate(f, start=1):
                if line.strip():
                    check_json_counts("out/watch_lines.jsonl line %d" % no, json.loads(line), K)
    except (OSError, ValueError) as e:
        problem("out/watch_lines.jsonl", "cannot read: %s" % e)
    check_csv_folder(o("csv_plain"), K, False, "out/csv_plain")
    check_csv_folder(o("csv_excel"), K, True, "out/csv_excel")
    check_csv_folder(o("lens_csv"), K, False, "out/lens_csv")
    for name in ["text_en.txt", "text_nb.txt", "lens.txt"]:
        check_text(o(name), K, "out/" + name)
    check_text(o("watch_lines.txt"), K, "out/watch_lines.txt", min_lines=2)
    check_html(o("report.html"), K, "out/report.html")
    check_graph(o("network.graphml"), K, "out/network.graphml")
    check_graph(o("network.gexf"), K, "out/network.gexf")

    # 3. pseudonyms: one key, the same; another key, all different
    docs = [(n, load_json(o(n))) for n in ["report.json", "again.json", "other_key.json"]]
    if all(d is not None for _, d in docs):
        check_pseudonyms(region, key, key2, docs)
    check_case_pseudonyms(region, key, o("csv_plain/cases.csv"), "out/csv_plain/cases.csv")

    if PROBLEMS:
        for kind in KINDS:
            mine = [(w, t) for k_, w, t in PROBLEMS if k_ == kind]
            if not mine:
                continue
            print("== %s: %d problems" % (kind, len(mine)))
            places = []
            for w, _ in mine:
                if w not in places:
                    places.append(w)
            for w in places:
                lines = [t for w_, t in mine if w_ == w]
                for line in lines[:PER_PLACE]:
                    print("FAIL " + line)
                if len(lines) > PER_PLACE:
                    print("FAIL %s: ... %d more %s problems here" % (w, len(lines) - PER_PLACE, kind))
        print("check_privacy: %s" % ", ".join(
            "%d %s" % (sum(1 for k_, _, _ in PROBLEMS if k_ == k), k)
            for k in KINDS if any(k_ == k for k_, _, _ in PROBLEMS)))
        return 1
    print("check_privacy: ok: %d files and %d outputs of runs audited, no raw id, name, key or "
          "count below K" % (len(files), len(scan_outputs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
