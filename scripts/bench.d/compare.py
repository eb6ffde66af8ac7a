#!/usr/bin/python3
"""Sanity table for scripts/bench: the one-line JSON summaries of samnett and
the peers side by side, each checked against samnett's, then where each
peer's time went.

Usage: compare.py SUMMARY.json...   (the first is samnett's; an empty or
                                     missing file is a peer that did not finish)
"""
import json
import math
import sys

ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = [line for line in f if line.startswith("{")]
        return json.loads(lines[-1]) if lines else None
    except OSError:
        return None


def near(a, b, rel):
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= rel * max(1.0, abs(b))


def differences(s, ref):
    """Fields where s differs from samnett's summary."""
    diff = []
    for key in ("nodes", "ties", "top_betweenness", "top_pagerank", "top_broker"):
        if s[key] != ref[key]:
            diff.append(key)
    if not near(s["betweenness_sum"], ref["betweenness_sum"], 1e-9):
        diff.append("betweenness_sum")
    if not near(s["constraint_mean"], ref["constraint_mean"], 1e-9):
        diff.append("constraint_mean")
    diff += [f"brokerage.{r}" for r in ROLES if s["brokerage"][r] != ref["brokerage"][r]]
    if not near(s["ei"], ref["ei"], 1e-12):
        diff.append("ei")
    return diff


summaries = [load(p) for p in sys.argv[1:]]
ref = summaries[0]
if ref is None:
    sys.exit("compare.py: no samnett summary")
fmt = "%-10s %8s %8s %17s %17s %17s %11s %10s %17s %8s  %s"
print(fmt % ("sanity", "nodes", "ties", "betweenness sum", "top betweenness", "top pagerank",
             "constraint", "brokerage", "top broker", "E-I", "vs samnett"))
for s in summaries:
    if s is None:
        continue
    diff = differences(s, ref) if s is not ref else []
    print(fmt % (s["tool"], s["nodes"], s["ties"], f"{s['betweenness_sum']:.6g}",
                 s["top_betweenness"], s["top_pagerank"], f"{s['constraint_mean']:.6f}",
                 sum(s["brokerage"].values()), s["top_broker"], f"{s['ei']:.5f}",
                 "-" if s is ref else "same" if not diff else "DIFFERS: " + ", ".join(diff)))
for s in summaries[1:]:
    if s is not None and s.get("seconds"):
        print("%-10s seconds: %s" % (s["tool"], ", ".join(f"{k} {v:g}" for k, v in s["seconds"].items())))
