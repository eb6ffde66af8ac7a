#!/usr/bin/env python3
"""Check the wording of the lenses' text on the demo region, in English and bokmål.

usage: check_report_text.py SAMNETT [--lenses NAME,NAME,...] [--list] [--seed N]

Runs `samnett analyze --demo --lens all` as text (--lang en and --lang nb) and
as JSON (every finding's evidence.en and evidence.nb), and flags:

1. comparisons whose printed numbers read equal or the wrong way round:
   "25% (< 25%)", "0.37 >= 0.40", "(balance 0.96, >= 0.50)", and their
   negations ("0.37 not >= 0.40" must be false as printed);
2. in bokmål, English actor-type and channel keywords left in the prose:
   municipality, hospital_unit, e-message, referral, discharge,
   job-shadowing, and "coordinator-" as the start of a word;
3. plural agreement of the common nouns: "1 enheter", "1 kontakter",
   "2 enhet", "1 contacts", "1 pairs";
4. in bokmål, a percent sign right after a digit ("75%": bokmål writes
   "75 %"), and a decimal point between digits ("0.75": bokmål writes 0,75).

A text line is checked after its "- SCOPE (label): " prefix (a scope is a key
such as "municipality -> hospital_unit", not prose); the line that counts
labels ("groups: 3 silo, 8 koordinator") is not prose either. Findings belong to the
lens whose section or JSON entry holds them. --lenses (or the environment
variable SAMNETT_REPORT_TEXT_LENSES, a comma list; default: every lens) picks
the lenses whose text must be clean; --list prints what is flagged in every
lens and exits 0. Exit status: 1 when a picked lens has a flagged line, 2 on
a usage or run error.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

NUM = r"-?\d+(?:[.,]\d+)?"
OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
       ">=": lambda a, b: a >= b, "\u2264": lambda a, b: a <= b, "\u2265": lambda a, b: a >= b}
OP = r"(<=|>=|<|>|\u2264|\u2265)"
# "A% (< B%)", "A (>= B)", "A%, >= B%", "A < B", "A not >= B" (also "ikke")
COMPARISON = re.compile(
    r"(?<![\w.,])(" + NUM + r")(\s?%)?\s*(?:,\s*)?(\()?\s*((?:not|ikke)\s+)?" + OP +
    r"\s*(" + NUM + r")(\s?%)?")

ENGLISH_IN_NB = re.compile(
    r"\b(municipality|hospital_unit|e-message|referral|discharge|job-shadowing)\b"
    r"|\bcoordinator-")

# singular / plural of the common nouns
NOUNS_NB = [("enhet", "enheter"), ("kontakt", "kontakter"), ("organisasjon", "organisasjoner"),
            ("aktør", "aktører"), ("kommune", "kommuner"), ("koordinator", "koordinatorer"),
            ("person", "personer"), ("sak", "saker"), ("vindu", "vinduer"), ("møte", "møter"),
            ("samling", "samlinger"), ("grenseaktør", "grenseaktører"), ("regel", "regler"),
            ("forbindelse", "forbindelser"), ("partner", "partnere")]
NOUNS_EN = [("unit", "units"), ("contact", "contacts"), ("organisation", "organisations"),
            ("actor", "actors"), ("tie", "ties"), ("pair", "pairs"), ("meeting", "meetings"),
            ("window", "windows"), ("person", "persons"), ("case", "cases"),
            ("gathering", "gatherings"), ("coordinator", "coordinators"),
            ("municipality", "municipalities"), ("rule", "rules"), ("partner", "partners"),
            ("boundary spanner", "boundary spanners")]


def plural_rules(nouns):
    many = "|".join(re.escape(m) for _, m in nouns)
    one = "|".join(re.escape(o) for o, _ in nouns)
    # "1 enheter" (not "0,1 enheter", "11 enheter" or "1 234 enheter"); "2 enhet"
    return (re.compile(r"(?<![\w.,])(?<!\d )1 (" + many + r")\b"),
            # not a noun that qualifies the next one ("15 partner organisations")
            re.compile(r"(?<![\w.,])(?<!\d )([2-9]|\d{2,}) (" + one + r")(?![\w-])"
                       r"(?!\s+[a-zæøå-]+(?:s|er|ar|ene)\b)"))


PLURAL = {"nb": plural_rules(NOUNS_NB), "en": plural_rules(NOUNS_EN)}
PCT_NO_SPACE = re.compile(r"\d%")
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
# the line of label counts under a lens's title ("groups: 3 silo, 8 koordinator")
LABEL_COUNTS = re.compile(r"^    (?:network|groups|actors|nettverk|grupper|aktører): ")
SCOPE_PREFIX = re.compile(r"^\s*- (?:[^()]*\([^()]*\)|[^:]*): ")


def number(text):
    return float(text.replace(",", "."))


def problems(text, lang):
    """The wording problems in one sentence (a list of (rule, excerpt))."""
    out = []
    for m in COMPARISON.finditer(text):
        a, pa, _, neg, op, b, pb = m.groups()
        if bool(pa) != bool(pb):
            continue  # a share beside a count: not a comparison of the two
        holds = OPS[op](number(a), number(b))
        if neg:
            holds = not holds
        # as printed, "A op B" should hold (or, negated, fail); a tie where the
        # operator is strict reads equal
        if not holds:
            out.append(("comparison", m.group(0)))
    if lang == "nb":
        for m in ENGLISH_IN_NB.finditer(text):
            out.append(("english keyword in bokmål", m.group(0)))
        for m in PCT_NO_SPACE.finditer(text):
            out.append(("percent sign without a space in bokmål", text[max(0, m.start() - 6):m.end()]))
        for m in DECIMAL_POINT.finditer(text):
            out.append(("decimal point in bokmål", m.group(0)))
    one, many = PLURAL[lang]
    for m in one.finditer(text):
        out.append(("plural after 1", m.group(0)))
    for m in many.finditer(text):
        out.append(("singular after a number above 1", m.group(0)))
    return out


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write("check_report_text: %s exited with %d:\n%s" %
                         (" ".join(cmd), p.returncode, p.stderr.decode(errors="replace")))
        sys.exit(2)
    return p.stdout.decode()


def text_sections(report):
    """(lens name, line) for each line of the text report's lens section."""
    lines = report.splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l in ("Lenses", "Linser"))
    except StopIteration:
        return []
    out, lens = [], None
    header = re.compile(r"^  \S.*\(([\w-]+)\)$")
    for line in lines[start + 1:]:
        if line and not line.startswith(" "):
            break  # the next section of the report
        m = header.match(line)
        if m:
            lens = m.group(1)
            continue
        if lens and line.strip() and not LABEL_COUNTS.match(line):
            out.append((lens, line))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("samnett")
    ap.add_argument("--lenses", default=os.environ.get("SAMNETT_REPORT_TEXT_LENSES", "all"),
                    help="comma list of the lenses whose text must be clean (default all)")
    ap.add_argument("--list", action="store_true", help="print what is flagged; exit 0")
    ap.add_argument("--seed", default="1")
    a = ap.parse_args()
    picked = None if a.lenses in ("", "all") else set(a.lenses.split(","))

    flagged = []  # (lens, lang, where, rule, excerpt)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report.json")
        run([a.samnett, "analyze", "--demo", "--seed", a.seed, "--lens", "all", "--format",
             "json", "--output", out])
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
    names = set()
    for lens in report.get("lenses", []):
        names.add(lens["name"])
        for i, f in enumerate(lens.get("findings", [])):
            for lang in ("en", "nb"):
                for rule, excerpt in problems(f["evidence"][lang], lang):
                    where = "finding %d (%s %s: %s)" % (i + 1, f["level"], f["scope"], f["label"])
                    flagged.append((lens["name"], lang, where, rule, excerpt))
    for lang in ("en", "nb"):
        text = run([a.samnett, "analyze", "--demo", "--seed", a.seed, "--lens", "all", "--lang",
                    lang])
        for lens, line in text_sections(text):
            body = SCOPE_PREFIX.sub("", line, count=1)
            for rule, excerpt in problems(body, lang):
                flagged.append((lens, lang, "text: " + line.strip()[:100], rule, excerpt))
    if picked:
        unknown = picked - names
        if unknown:
            sys.stderr.write("check_report_text: no lens %s in the report\n" %
                             ", ".join(sorted(unknown)))
            return 2

    seen, failed = set(), 0
    for lens, lang, where, rule, excerpt in flagged:
        key = (lens, lang, rule, excerpt, where)
        if key in seen:
            continue
        seen.add(key)
        counts = picked is None or lens in picked
        if not counts and not a.list:
            continue
        failed += counts
        print("%s %s [%s] %s: %s: \"%s\"" % ("FAILED " if counts and not a.list else "flagged",
                                            lens, lang, where, rule, excerpt))
    checked = sorted(names if picked is None else picked)
    print("report text: %d flagged in %s" % (failed, ", ".join(checked)))
    return 1 if failed and not a.list else 0


if __name__ == "__main__":
    sys.exit(main())
