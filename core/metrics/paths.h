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

/* Sampled betweenness: the error bound, the failure probability and the seed. */
typedef struct sni_sample_opts {
    double eps, delta;
    uint64_t seed;
} sni_sample_opts;

/* What a sampled sweep did: samples r and the vertex diameter VD they were sized for. */
typedef struct sni_sample_info {
    double eps, delta;
    uint64_t samples;
    uint32_t vertex_diameter;
} sni_sample_info;

/*
 * Riondato and Kornaropoulos's sample size for a vertex diameter VD (nodes on
 * the longest shortest path): r = ceil((0.5 / eps^2) (floor(log2(VD - 2)) + 1
 * + ln(1 / delta))), VD taken as at least 3.
 */
double sni_paths_samples(double eps, double delta, uint32_t vertex_diameter);

/*
 * As sni_paths_unweighted, but betweenness estimated from r uniformly random
 * shortest paths between uniformly random ordered pairs (Riondato and
 * Kornaropoulos 2016), r sized by the exact vertex diameter that the sweep
 * finds: with probability >= 1 - delta every node's betweenness over
 * n (n - 1) is within eps of the exact one. betweenness is on the raw scale
 * (the estimate times n (n - 1)). Closeness, harmonic and reachable are
 * exact. The same seed gives the same bits for any number of threads.
 */
sn_status sni_paths_sampled(const sn_net *net, const sni_sample_opts *o, double *betweenness,
                            double *closeness, double *harmonic, uint32_t *reachable,
                            sni_sample_info *info, sn_err *err);

#endif
