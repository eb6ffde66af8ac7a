#!/usr/bin/env python3
"""Check that the bundled lenses find the patterns planted in the demo region,
with their uncertainty, and none of them in its null twin.

usage: check_lenses_demo.py SAMNETT [SEED...]

The demo (`samnett analyze --demo --seed N`) analyses the region of `samnett
synth --scale small --seed N`; that region is written here too, for its
truth.json (what was planted, and where). For seed 1 and any seeds given:

1. the demo and the written region give the same lens findings (so the truth
   is the demo's), and every bundled lens ran without error, with findings;
   none that declares cases_and_meetings = false (it starts before they are
   built) reads them, and the report's other parts are those analyze writes
   without lenses;
2. every planted pattern of the demo (silo, bridge, learning_network,
   one_way_shadowing, parallel_work, video_shift) is declared by some lens
   (lenses[].detects in the JSON), and
   each truth scope is found by each lens that declares the pattern: a
   finding at the declared level with a declared label and a matching scope
   (check_fidelity.py's rules), which carries its uncertainty: `test` with a
   p-value, or a `reason`;
3. the null twin (`samnett synth --null`, same seed) gets none of the
   declared labels at their declared level;
4. what the lenses showed before their calibration and still holds: only
   Silvik kommune is a silo among the municipalities; the learning network's
   gatherings are regular and it fades after it ends (half-life near the
   planted 182.5 days); child psychiatry (BUP) and child welfare share cases
   without contact (silo, flerfaglig, every unit pair listed);
5. the text report has a section for each lens, and the lines for Silvik's
   silo, the one-way job shadowing and the learning network's fade.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_fidelity as fid  # noqa: E402

LENSES = {"anchoring", "coordinator", "cynefin", "equality", "ildsjel", "learning-network",
          "reciprocity", "silo"}
DEMO_PATTERNS = ["silo", "bridge", "learning_network", "one_way_shadowing", "parallel_work",
                 "video_shift"]
failures = []


def check(ok, what):
    print(("ok      " if ok else "FAILED  ") + what)
    if not ok:
        failures.append(what)


def analyze(samnett, out, *args):
    cmd = [samnett, "analyze", *args, "--lens", "all", "--format", "json", "--output", out]
    p = subprocess.run(cmd, capture_output=True, text=True)
    check(p.returncode == 0, f"{' '.join(args[:3])}: analyze --lens all exits 0 "
                             f"(got {p.returncode}: {p.stderr.strip()[:300]})")
    # a bundled lens that starts before the case and meeting measures reads none of them
    wrong = [line for line in p.stderr.splitlines() if "declares cases_and_meetings = false" in line]
    check(not wrong, f"{' '.join(args[:3])}: the lenses' cases_and_meetings declarations hold "
                     f"({'; '.join(wrong)[:300]})")
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def lens(report, name):
    for entry in report.get("lenses", []):
        if entry["name"] == name:
            return entry
    return {"findings": [], "status": "missing", "error": "missing"}


def findings(report, name):
    entry = lens(report, name)
    res = entry.get("result") if isinstance(entry.get("result"), dict) else entry
    return res.get("findings") or []


def decls(report):
    out = {}
    for entry in report.get("lenses", []):
        d = entry.get("detects")
        out[entry["name"]] = d or []
    return out


def uncertainty(f):
    t = f.get("test")
    if isinstance(t, dict) and isinstance(t.get("p"), (int, float)):
        return True
    return isinstance(f.get("reason"), str) and f["reason"] != ""


def shape(report):
    return {n: sorted((f["level"], f["scope"], f["label"]) for f in findings(report, n))
            for n in sorted(e["name"] for e in report.get("lenses", []))}


def close(a, b):
    """Equal, numbers to 1e-9 (PageRank's last digits vary from run to run)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def demo(samnett, seed, tmp):
    out = os.path.join(tmp, f"demo-{seed}.json")
    report = analyze(samnett, out, "--demo", "--seed", str(seed))
    region = os.path.join(tmp, f"region-{seed}")
    subprocess.run([samnett, "synth", "--scale", "small", "--seed", str(seed), "--output", region],
                   check=True)
    truth = json.load(open(os.path.join(region, "truth.json"), encoding="utf-8"))
    same = analyze(samnett, os.path.join(tmp, f"files-{seed}.json"), "--actors",
                   os.path.join(region, "actors.csv"), "--contacts", os.path.join(region, "contacts.csv"),
                   "--seed", str(seed))
    check(shape(report) == shape(same),
          f"seed {seed}: the demo and `samnett synth --scale small --seed {seed}` give the same findings")
    # the case and meeting measures are built while the first lenses run: the rest of the
    # report is the one analyze writes without lenses
    plain = os.path.join(tmp, f"plain-{seed}.json")
    subprocess.run([samnett, "analyze", "--demo", "--seed", str(seed), "--format", "json",
                    "--output", plain], check=True)
    without = json.load(open(plain, encoding="utf-8"))
    # the provenance lists the options given, --lens among them
    differ = sorted(k for k in set(report) | set(without)
                    if k not in ("lenses", "provenance") and not close(report.get(k), without.get(k)))
    check(not differ, f"seed {seed}: with --lens all the report is otherwise the same "
                      f"(differs in {differ})")

    names = {entry["name"] for entry in report.get("lenses", [])}
    check(LENSES <= names, f"seed {seed}: every bundled lens ran ({sorted(names)})")
    for entry in report.get("lenses", []):
        check(entry["status"] == "ok" and entry.get("error") is None and findings(report, entry["name"]),
              f"seed {seed}: lens {entry['name']} is ok with findings ({entry.get('error')})")

    # 2. each planted pattern, found with its uncertainty by every lens that declares it
    decl = decls(report)
    for pat in DEMO_PATTERNS:
        check(truth["patterns"][pat]["planted"], f"seed {seed}: truth.json: {pat} is planted")
        claimants = [(name, d) for name, ds in decl.items() for d in ds if d["pattern"] == pat]
        check(claimants, f"seed {seed}: some lens declares {pat} "
                         f"({', '.join(n for n, _ in claimants) or 'none'})")
        for name, d in claimants:
            fs = [f for f in findings(report, name)
                  if f.get("level") == d["level"] and f.get("label") in d["labels"]]
            for item in fid.truth_items(truth, pat, d["level"]):
                hit = [f for f in fs if fid.scope_match(f.get("scope", ""), item)]
                check(hit, f"seed {seed}: {name} finds {pat} at {d['level']} '{item[0][1]}' "
                           f"({'|'.join(d['labels'])}; its {d['level']} findings with those labels: "
                           f"{[f['scope'] for f in fs][:4]})")
                if hit:
                    check(any(uncertainty(f) for f in hit),
                          f"seed {seed}: {name}'s {pat} finding at '{hit[0]['scope']}' carries its "
                          f"uncertainty (test {hit[0].get('test')}, reason {hit[0].get('reason')})")

    # 3. the null twin: none of the declared labels
    nulldir = os.path.join(tmp, f"null-{seed}")
    subprocess.run([samnett, "synth", "--scale", "small", "--seed", str(seed), "--null", "--output",
                    nulldir], check=True)
    null = analyze(samnett, os.path.join(tmp, f"null-{seed}.json"), "--actors",
                   os.path.join(nulldir, "actors.csv"), "--contacts", os.path.join(nulldir, "contacts.csv"),
                   "--seed", str(seed))
    for name, ds in decls(null).items():
        for d in ds:
            fired = [f["scope"] for f in findings(null, name)
                     if f.get("level") == d["level"] and f.get("label") in d["labels"]]
            check(not fired, f"seed {seed}: null region: {name} gives no {'|'.join(d['labels'])} "
                             f"at {d['level']} ({fired[:4]})")

    # 4. what still holds from before the calibration
    silo = findings(report, "silo")
    others = [f["scope"] for f in silo if f["label"] == "silo" and f["level"] == "group"
              and f["scope"].endswith("kommune") and f["scope"] != "Silvik kommune"]
    check(not others, f"seed {seed}: no municipality but Silvik is a silo ({others})")
    ln = [f for f in findings(report, "learning-network") if f["scope"].startswith("ln (ln01–ln16)")]
    fade = [f for f in ln if f["label"] == "falmer"]
    check(len(fade) == 1 and 120 <= (fade[0]["scores"].get("half_life_days") or 0) <= 270,
          f"seed {seed}: the learning network ln01-ln16 fades after it ends "
          f"({[(f['label'], f['scores'].get('half_life_days')) for f in ln]})")
    check(any(f["label"] == "regelmessig" for f in ln), f"seed {seed}: its gatherings are regular")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    samnett = sys.argv[1]
    seeds = [1] + [int(s) for s in sys.argv[2:]]
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            demo(samnett, seed, tmp)
        out = os.path.join(tmp, "report.json")
        # parallel work: child psychiatry and child welfare on the same cases, no contact
        p = subprocess.run([samnett, "analyze", "--demo", "--lens", "silo", "--param",
                            "silo.max_pairs=0", "--format", "json", "--output", out],
                           capture_output=True, text=True)
        with open(out, encoding="utf-8") as f:
            silo = findings(json.load(f), "silo")
        bup = [f for f in silo if f["scope"] == "hospital_unit <-> other"]
        check(p.returncode == 0 and bup and all(f["label"] == "flerfaglig" for f in bup)
              and all("BUP" in f["evidence"]["en"] and "barnevern" in f["evidence"]["en"]
                      for f in bup),
              f"silo: BUP and child welfare work side by side without contact "
              f"({[(f['scope'], f['label']) for f in bup]})")
        # 5. the text report
        p = subprocess.run([samnett, "analyze", "--demo", "--lens", "all"], capture_output=True,
                           text=True)
        text = p.stdout
        for title in ["(cynefin)", "(anchoring)", "(equality)", "(silo)", "(coordinator)", "(ildsjel)",
                      "(learning-network)", "(reciprocity)"]:
            check(p.returncode == 0 and any(line.rstrip().endswith(title) for line in text.splitlines()),
                  f"text report: a section for {title}")
        check("Silvik kommune (silo):" in text, "text report: the silo line for Silvik kommune")
        check("enveis hospitering" in text, "text report: the one-way job shadowing line")
        check("falmer" in text and "182" in text, "text report: the learning network's fade")
    print(f"lenses on the demo: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
