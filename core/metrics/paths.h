/* paths.h - shortest-path measures (internal to metrics). */
#ifndef SN_METRICS_PATHS_H
#define SN_METRICS_PATHS_H

#include "samnett/error.h"
#include "samnett/net.h"

/*
 * Unweighted directed shortest paths from every node: raw betweenness
 * (igraph_betweenness), out-closeness (reachable / sum of distances, over the
 * reachable nodes only; NaN when none is reachable: igraph_closeness with
 * mode OUT and normalized), harmonic (sum of 1 / distance over reachable
 * nodes: igraph_harmonic_centrality, mode OUT, not normalised) and the count
 * of reachable nodes. All arrays have n_nodes entries.
 */
sn_status sni_paths_unweighted(const sn_net *net, double *betweenness, double *closeness,
                               double *harmonic, uint32_t *reachable, sn_err *err);

#endif
