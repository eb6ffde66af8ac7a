#!/usr/bin/env python3
"""Check that the bundled lenses find the patterns planted in the demo region.

usage: check_lenses_demo.py SAMNETT [SEED...]

Runs `samnett analyze --demo --lens all --format json` (seed 1, and any seeds
given) and reads the `lenses` array:

1. all seven bundled lenses and the example (reciprocity) ran without error;
2. silo: Silvik kommune (k02), whose units meet only through the kommunalsjef,
   is labelled a silo, and no other municipality is;
3. ildsjel: the single-bridge coordinator hf-b-samh-01 is the top key-person
   dependency (rank 1, nøkkelperson);
4. equality: job shadowing is found to run one way, municipality -> hospital;
5. learning-network: the learning network ln01-ln16 is found, regular, and its
   ties fade after it ends (falmer, half-life near the planted 182.5 days);
6. the text report has a section for each lens, with its evidence lines;
7. silo (every unit pair listed): child psychiatry (BUP) and child welfare
   share cases without contact: flerfaglig.
"""
import json
import os
import subprocess
import sys
import tempfile

LENSES = {"anchoring", "coordinator", "cynefin", "equality", "ildsjel", "learning-network",
          "reciprocity", "silo"}
failures = []


def check(ok, what):
    print(("ok      " if ok else "FAILED  ") + what)
    if not ok:
        failures.append(what)


def run(samnett, seed, out):
    cmd = [samnett, "analyze", "--demo", "--seed", str(seed), "--lens", "all", "--format",
           "json", "--output", out]
    p = subprocess.run(cmd, capture_output=True, text=True)
    check(p.returncode == 0, f"seed {seed}: analyze --demo --lens all exits 0 "
                             f"(got {p.returncode}: {p.stderr.strip()[:300]})")
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def lens(report, name):
    for entry in report.get("lenses", []):
        if entry["name"] == name:
            return entry
    return {"findings": [], "status": "missing"}


def demo(samnett, seed, out):
    report = run(samnett, seed, out)
    names = {entry["name"] for entry in report.get("lenses", [])}
    check(LENSES <= names, f"seed {seed}: every bundled lens ran ({sorted(names)})")
    for entry in report.get("lenses", []):
        check(entry["status"] == "ok" and entry["error"] is None and entry["findings"],
              f"seed {seed}: lens {entry['name']} is ok with findings ({entry['error']})")

    # 2. the silo municipality
    silo = lens(report, "silo")["findings"]
    silvik = [f for f in silo if f["level"] == "group" and f["scope"] == "Silvik kommune"]
    check(len(silvik) == 1 and silvik[0]["label"] == "silo"
          and silvik[0]["scores"].get("frontline_bridges") == 0,
          f"seed {seed}: Silvik kommune is labelled a silo "
          f"({[(f['label'], f['evidence']['en']) for f in silvik]})")
    others = [f["scope"] for f in silo if f["label"] == "silo" and f["level"] == "group"
              and f["scope"].endswith("kommune") and f["scope"] != "Silvik kommune"]
    check(not others, f"seed {seed}: no other municipality is a silo ({others})")

    # 3. the top key-person dependency
    keys = [f for f in lens(report, "ildsjel")["findings"] if f["level"] == "actor"
            and "|" not in f["scope"]]
    top = min(keys, key=lambda f: f["scores"]["rank"]) if keys else None
    check(top is not None and top["scope"] == "hf-b-samh-01" and top["label"] == "nøkkelperson"
          and top["scores"]["rank"] == 1,
          f"seed {seed}: hf-b-samh-01 is the top key-person dependency "
          f"({top and (top['scope'], top['label'], top['evidence']['en'][:120])})")

    # 4. one-way job shadowing, municipality -> hospital
    shadow = [f for f in lens(report, "equality")["findings"]
              if f["scope"] == "hospital_unit <-> municipality" and "hospitering" in f["label"]]
    check(len(shadow) == 1 and shadow[0]["label"] == "enveis hospitering"
          and shadow[0]["scores"]["shadowing_a"] == 0 and shadow[0]["scores"]["shadowing_b"] > 0
          and "from municipality to hospital_unit" in shadow[0]["evidence"]["en"],
          f"seed {seed}: job shadowing runs one way, municipality -> hospital "
          f"({[(f['label'], f['scores']) for f in shadow]})")

    # 5. the learning network and its fade
    ln = [f for f in lens(report, "learning-network")["findings"]
          if f["scope"].startswith("ln (ln01–ln16)")]
    fade = [f for f in ln if f["label"] == "falmer"]
    check(len(fade) == 1 and 120 <= (fade[0]["scores"].get("half_life_days") or 0) <= 270,
          f"seed {seed}: the learning network ln01-ln16 fades after it ends "
          f"({[(f['label'], f['scores'].get('half_life_days')) for f in ln]})")
    check(any(f["label"] == "regelmessig" for f in ln),
          f"seed {seed}: its gatherings are regular")
    head = [f for f in lens(report, "learning-network")["findings"] if f["level"] == "network"]
    check(head and head[0]["label"] == "falmer" and "ln (ln01–ln16)" in head[0]["evidence"]["en"],
          f"seed {seed}: the learning-network lens's network finding is the fade "
          f"({head and head[0]['evidence']['en'][:160]})")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    samnett = sys.argv[1]
    seeds = [1] + [int(s) for s in sys.argv[2:]]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report.json")
        for seed in seeds:
            demo(samnett, seed, out)
        # 7. parallel work: child psychiatry and child welfare on the same cases, no contact
        p = subprocess.run([samnett, "analyze", "--demo", "--lens", "silo", "--param",
                            "silo.max_pairs=0", "--format", "json", "--output", out],
                           capture_output=True, text=True)
        with open(out, encoding="utf-8") as f:
            silo = lens(json.load(f), "silo")["findings"]
        bup = [f for f in silo if "BUP" in f["scope"] and "barnevern" in f["scope"]]
        check(p.returncode == 0 and bup and all(f["label"] == "flerfaglig" for f in bup),
              f"silo: BUP and child welfare work side by side without contact "
              f"({[(f['scope'], f['label']) for f in bup]})")
        # 6. the text report
        p = subprocess.run([samnett, "analyze", "--demo", "--lens", "all"], capture_output=True,
                           text=True)
        text = p.stdout
        for title in ["Cynefin domains over time (cynefin)",
                      "Anchoring of cross-boundary work (anchoring)",
                      "Equality between kinds of services (equality)",
                      "Silos and the integration ladder (silo)",
                      "Coordinators as junction boxes (coordinator)",
                      "Enthusiasts, key persons and sustainment (ildsjel)",
                      "Learning networks and their afterlife (learning-network)",
                      "Reciprocity between organisations (reciprocity)"]:
            check(p.returncode == 0 and title in text, f"text report: section {title}")
        check("Silvik kommune (silo):" in text, "text report: the silo line for Silvik kommune")
        check("enveis hospitering" in text, "text report: the one-way job shadowing line")
        check("- falmer:" in text and "half-life 182 days" in text,
              "text report: the learning network's fade")
    print(f"lenses on the demo: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
