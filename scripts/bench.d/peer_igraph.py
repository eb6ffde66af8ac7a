#!/usr/bin/python3
"""scripts/bench peer: pandas + python-igraph doing the work of `samnett analyze`.

Usage: peer_igraph.py DATA_DIR   (actors.csv and contacts.csv from samnett synth)

Reads the contacts, aggregates them to directed ties weighted by number of
contacts, then computes degree, betweenness (directed, unweighted, raw),
PageRank (0.85, weighted), Burt's constraint (weighted), Gould-Fernandez
brokerage and the E-I index by organisation. Prints one JSON line.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import igraph as ig  # noqa: E402

from peer_common import Clock, brokerage, ei_index, read_network, summary  # noqa: E402

clock = Clock()
actors, ties = read_network(sys.argv[1])
clock.lap("read")

ids = actors["id"].tolist()
g = ig.Graph(n=len(ids), edges=list(zip(ties["from"], ties["to"])), directed=True,
             edge_attrs={"weight": ties["weight"].tolist()})
clock.lap("graph")

degree_in = g.indegree()
degree_out = g.outdegree()
clock.lap("degree")
bet = g.betweenness(directed=True)
clock.lap("betweenness")
pr = g.pagerank(directed=True, damping=0.85, weights="weight")
clock.lap("pagerank")
con = g.constraint(weights="weight")
clock.lap("constraint")
group = actors["organisation"].astype("category").cat.codes.to_numpy()
brokers = brokerage(ties["from"], ties["to"], group, len(ids))
clock.lap("brokerage")
ei = ei_index(ties["from"], ties["to"], group)
clock.lap("ei")

summary("igraph", ids, ties, bet, pr, con, brokers, ei, clock)
