/*
 * samnett/metrics.h - measures of a network view (DESIGN section 4).
 *
 * Node measures, n = nodes, m = ties:
 *   degree_in/out     distinct in/out neighbours                    O(m)
 *   strength_in/out   sum of tie weights in/out                     O(m)
 *   betweenness       directed, unweighted, raw (not normalised);   O(n m)
 *                     equal to igraph_betweenness and
 *                     networkx.betweenness_centrality(normalized=False).
 *                     With path_weights = SN_PATHS_INVERSE the length
 *                     of a tie is 1/weight (Brandes with Dijkstra,
 *                     O(n m + n^2 log n)).
 *   pagerank          damping 0.85, weighted by tie weight, PRPACK   ~O(m) per iteration
 * Whole network:
 *   density           m / (n (n - 1))
 *   reciprocity       share of ties whose reverse tie exists
 *                     (igraph "default", networkx.overall_reciprocity)
 *   dyadic_reciprocity mutual dyads / connected dyads (igraph "ratio",
 *                     sna grecip(measure = "dyadic.nonnull"))
 *   weak/strong components                                       O(n + m)
 */
#ifndef SAMNETT_METRICS_H
#define SAMNETT_METRICS_H

#include "samnett/error.h"
#include "samnett/net.h"

typedef enum sn_path_weights { SN_PATHS_UNWEIGHTED, SN_PATHS_INVERSE } sn_path_weights;

typedef struct sn_metrics_opts {
    sn_path_weights path_weights;
} sn_metrics_opts;

typedef struct sn_node_metrics {
    double *degree_in, *degree_out;
    double *strength_in, *strength_out;
    double *betweenness;
    double *pagerank;
} sn_node_metrics;

typedef struct sn_net_metrics {
    double density;
    double reciprocity;
    double dyadic_reciprocity;
    long weak_components, strong_components;
    long largest_weak; /* nodes in the largest weak component */
    long isolates;     /* nodes without ties */
} sn_net_metrics;

typedef struct sn_metrics {
    uint32_t n;
    sn_node_metrics node;
    sn_net_metrics net;
} sn_metrics;

sn_status sn_metrics_compute(const sn_net *net, const sn_metrics_opts *opts, sn_metrics *out,
                             sn_err *err);
void sn_metrics_free(sn_metrics *m);

#endif
