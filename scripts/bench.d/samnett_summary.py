#!/usr/bin/python3
"""Print the peers' one-line JSON summary (see peer_common.summary) taken from
a `samnett analyze --format json` report, so scripts/bench can compare them.

Usage: samnett_summary.py REPORT.json
"""
import json
import math
import sys

ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]

with open(sys.argv[1], encoding="utf-8") as f:
    report = json.load(f)
actors = report["actors"]


def top(key):
    return max(actors, key=key)["id"] if actors else None


metric = lambda a, name: a["metrics"].get(name)  # noqa: E731
constraints = [c for c in (metric(a, "constraint") for a in actors)
               if c is not None and math.isfinite(c)]
print(json.dumps({
    "tool": "samnett",
    "nodes": report["network"]["nodes"],
    "ties": report["network"]["ties"],
    "betweenness_sum": sum(metric(a, "betweenness") for a in actors),
    "top_betweenness": top(lambda a: metric(a, "betweenness")),
    "top_pagerank": top(lambda a: metric(a, "pagerank")),
    "constraint_mean": sum(constraints) / len(constraints) if constraints else math.nan,
    "brokerage": {r: report["brokerage"]["observed"][r] for r in ROLES},
    "top_broker": top(lambda a: a["brokerage"]["total"]["raw"]),
    "ei": report["silo"]["organisation"]["ei"],
}))
