#!/usr/bin/python3
"""scripts/bench peer: pandas + NetworkX doing the work of `samnett analyze`.

Usage: peer_networkx.py DATA_DIR   (actors.csv and contacts.csv from samnett synth)

Reads the contacts, aggregates them to directed ties weighted by number of
contacts, then computes degree, betweenness (directed, unweighted, raw),
PageRank (0.85, weighted), Burt's constraint (weighted), Gould-Fernandez
brokerage and the E-I index by organisation. Prints one JSON line.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

from peer_common import Clock, brokerage, ei_index, read_network, summary  # noqa: E402

clock = Clock()
actors, ties = read_network(sys.argv[1])
clock.lap("read")

ids = actors["id"].tolist()
g = nx.DiGraph()
g.add_nodes_from(range(len(ids)))
g.add_weighted_edges_from(ties.itertuples(index=False, name=None))
clock.lap("graph")

degree_in = dict(g.in_degree())
degree_out = dict(g.out_degree())
clock.lap("degree")
bet = nx.betweenness_centrality(g, normalized=False)
clock.lap("betweenness")
pr = nx.pagerank(g, alpha=0.85, weight="weight")
clock.lap("pagerank")
con = nx.constraint(g, weight="weight")
clock.lap("constraint")
group = actors["organisation"].astype("category").cat.codes.to_numpy()
brokers = brokerage(ties["from"], ties["to"], group, len(ids))
clock.lap("brokerage")
ei = ei_index(ties["from"], ties["to"], group)
clock.lap("ei")

nodes = range(len(ids))
summary("NetworkX", ids, ties, [bet[v] for v in nodes], [pr[v] for v in nodes],
        [con[v] for v in nodes], brokers, ei, clock)
