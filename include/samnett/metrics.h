/*
 * samnett/metrics.h - measures of a network view (README, "What is measured").
 *
 * n = nodes, m = ties. Tie weights are the view's (contacts by default).
 *
 * Node measures:
 *   degree_in/out      distinct in/out neighbours                        O(m)
 *   strength_in/out    sum of tie weights in/out                         O(m)
 *   betweenness        directed, raw (not normalised): igraph_betweenness,
 *                      networkx.betweenness_centrality(normalized=False).
 *                      Unweighted paths by default (Brandes, one BFS per
 *                      node, on all cores: O(n m)); with SN_PATHS_INVERSE a
 *                      tie's length is 1/weight (igraph, Dijkstra). With
 *                      betweenness_sample = eps > 0, estimated from r random
 *                      shortest paths (Riondato and Kornaropoulos 2016): r =
 *                      (0.5 / eps^2) (floor(log2(VD - 2)) + 1 + ln(1/delta)),
 *                      VD the vertex diameter (exact, from the sweep that
 *                      closeness needs anyway); with probability >= 1 - delta
 *                      every node's betweenness / (n (n - 1)) is within eps
 *                      of the exact value. Still on the raw scale. O(n m) for
 *                      the sweep without Brandes' dependency pass, plus
 *                      O(r VD max-in-degree) for the samples.
 *   closeness          out-distances over the reachable nodes only:
 *                      (reachable nodes) / (sum of distances to them), as
 *                      igraph 0.10 igraph_closeness(mode=OUT,
 *                      normalized=true) and networkx.closeness_centrality on
 *                      the reversed graph with wf_improved=False. NaN for a
 *                      node that reaches nobody.                        O(n m)
 *   harmonic           sum over reachable nodes of 1/distance (out), not
 *                      normalised: igraph_harmonic_centrality(mode=OUT),
 *                      networkx.harmonic_centrality on the reversed graph.
 *   reachable          nodes reachable from the node
 *   pagerank           damping 0.85, weighted, PRPACK (igraph)
 *   eigenvector        the Perron vector over in-ties, weighted, largest value
 *                      1: igraph_eigenvector_centrality(directed, scale=true)
 *                      computed by shifted power iteration (igraph 0.10.2's
 *                      ARPACK call fails on directed rings); all zeros for an
 *                      acyclic graph and all ones without ties, as igraph.
 *                      Where two leading eigenvalues are too close for power
 *                      iteration, igraph's ARPACK result; NaN if both fail.
 *   hub, authority     leading eigenvectors of W W^T and W^T W, weighted,
 *                      largest value 1 (igraph_hub_and_authority_scores,
 *                      whose 0.10.2 version is wrong on two-node graphs)
 *   constraint         Burt's constraint, weighted: igraph_constraint,
 *                      networkx.constraint(weight=...); NaN for isolates
 *   effective_size     Burt's effective size with mutual weights, as
 *                      networkx.effective_size(weight=...); NaN for isolates
 *   efficiency         effective_size / number of distinct neighbours
 * Whole network:
 *   density            m / (n (n - 1)); 0 with fewer than two nodes
 *   reciprocity        share of ties whose reverse exists (igraph "default",
 *                      networkx.overall_reciprocity); 0 without ties
 *   dyadic_reciprocity mutual dyads / connected dyads (igraph "ratio")
 *   weak/strong components, largest weak component, isolates       O(n + m)
 *   centralization     Freeman, normalised by the theoretical maximum as in
 *                      igraph_centralization_degree (in, out, all; no loops)
 *                      and igraph_centralization_betweenness (directed)
 *   articulation points  nodes whose removal splits a weak component
 *                      (igraph_articulation_points)                 O(n + m)
 */
#ifndef SAMNETT_METRICS_H
#define SAMNETT_METRICS_H

#include "samnett/error.h"
#include "samnett/net.h"

typedef enum sn_path_weights { SN_PATHS_UNWEIGHTED, SN_PATHS_INVERSE } sn_path_weights;

typedef struct sn_metrics_opts {
    sn_path_weights path_weights;
    /*
     * Whole-network measures only: density, reciprocity, components,
     * articulation points and degree centralization, O(n + m log m). Node
     * measures other than degree and strength are left 0 and the betweenness
     * centralization NaN.
     */
    int network_only;
    /*
     * Sampled betweenness: eps in [0.005, 0.5] (0: exact, the default) and
     * delta (0: 0.1); unweighted paths only (SN_EUSAGE with
     * SN_PATHS_INVERSE). The samples are drawn from seed, which the analysis
     * sets to its --seed.
     */
    double betweenness_sample, betweenness_delta;
    uint64_t seed;
} sn_metrics_opts;

/* Parse "none" or "inverse"; sn_path_weights_name gives them back. */
sn_status sn_path_weights_parse(const char *s, sn_path_weights *out);
const char *sn_path_weights_name(sn_path_weights w);

/*
 * The measures' options (samnett/option.h): path_weights, betweenness_sample,
 * betweenness_delta. Messages name the key.
 */
extern const sn_opt sn_metrics_options[];
extern const size_t sn_metrics_n_options;
sn_status sn_metrics_opts_set(sn_metrics_opts *o, const char *key, const char *value, sn_err *err);

typedef struct sn_node_metrics {
    double *degree_in, *degree_out;
    double *strength_in, *strength_out;
    double *betweenness;
    double *closeness, *harmonic;
    uint32_t *reachable;
    double *pagerank;
    double *eigenvector, *hub, *authority;
    double *constraint, *effective_size, *efficiency;
} sn_node_metrics;

typedef struct sn_net_metrics {
    double density;
    double reciprocity;
    double dyadic_reciprocity;
    long weak_components, strong_components;
    long largest_weak; /* nodes in the largest weak component */
    long isolates;     /* nodes without ties */
    double centralization_degree_in, centralization_degree_out, centralization_degree_all;
    double centralization_betweenness;
    uint32_t *articulation; /* articulation points, ascending */
    size_t n_articulation;
} sn_net_metrics;

/* How betweenness was computed: exactly, or from samples (sn_metrics_opts). */
typedef struct sn_betweenness_method {
    int sampled;       /* 0: exact (the other fields 0) */
    double eps, delta; /* the guarantee: P(every |error| / (n (n - 1)) <= eps) >= 1 - delta */
    uint64_t samples;  /* r */
    uint32_t
        vertex_diameter; /* VD the samples were sized for: nodes on the longest shortest path */
    uint64_t seed;       /* the pairs' and paths' seed */
} sn_betweenness_method;

typedef struct sn_metrics {
    uint32_t n;
    sn_node_metrics node;
    sn_net_metrics net;
    sn_betweenness_method betweenness;
} sn_metrics;

sn_status sn_metrics_compute(const sn_net *net, const sn_metrics_opts *opts, sn_metrics *out,
                             sn_err *err);
void sn_metrics_free(sn_metrics *m);

#endif
