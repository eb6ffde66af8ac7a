/*
 * samnett/nullmodel.h - null models and tests: is a statistic beyond what
 * chance gives?
 *
 * Exact tests (core/nullmodel/exact.c), for statistics that are counts:
 *   sn_binom_test   exact binomial test of k successes in n trials against
 *                   p0; "greater" is P[X >= k], "less" P[X <= k],
 *                   "two-sided" R binom.test's rule: the sum of the
 *                   probabilities P[X = i] <= P[X = k] (1 + 1e-7).
 *   sn_fisher_test  Fisher's exact test of the 2x2 table {{a, b}, {c, d}}
 *                   (R fisher.test): X = a is hypergeometric given the
 *                   margins; "greater" P[X >= a], "less" P[X <= a],
 *                   "two-sided" the same rule as the binomial.
 *   sn_p_adjust     Holm (1979), Benjamini and Hochberg (1995) or none, as
 *                   R p.adjust.
 * Probabilities come from lgamma-based log-probabilities, normalised over
 * the support, summed outward from the mode until the terms no longer
 * count: the cost grows with the spread (about sqrt(n)), not with n;
 * O(m log m) for m p-values.
 *
 * Permutation nulls (core/nullmodel/groups.c): see sn_null_groups below.
 * Every null is seeded: draw d uses its own xoshiro256** stream seeded
 * from (seed, d) or, for the rewiring's chains, the block of draws
 * 32 k .. 32 k + 31 one stream seeded from (seed, 32 k), so results are the
 * same for a seed whatever the number of threads. Draws run in parallel
 * over pthreads in plain C (no igraph).
 */
#ifndef SAMNETT_NULLMODEL_H
#define SAMNETT_NULLMODEL_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"

typedef enum sn_alternative { SN_ALT_TWO_SIDED, SN_ALT_GREATER, SN_ALT_LESS } sn_alternative;

typedef enum sn_p_method { SN_P_HOLM, SN_P_BH, SN_P_NONE } sn_p_method;

/* Parse "two-sided" (also "two.sided"), "greater", "less". */
sn_status sn_alternative_parse(const char *s, sn_alternative *out);
/* Parse "holm", "bh" (also "BH", "fdr"), "none". */
sn_status sn_p_method_parse(const char *s, sn_p_method *out);

/* NaN for bad arguments (k < 0, n < 0, k > n, p0 outside [0, 1]). */
double sn_binom_test(long k, long n, double p0, sn_alternative alt);
/* NaN for a negative cell. */
double sn_fisher_test(long a, long b, long c, long d, sn_alternative alt);

/* The standard normal distribution: P[Z <= z] (from erfc), and its quantile (p in (0, 1)). */
double sn_pnorm(double z);
double sn_qnorm(double p);
/* q[i] for p[i] (q may be p); SN_EINPUT when a p is outside [0, 1]. */
sn_status sn_p_adjust(const double *p, size_t n, sn_p_method method, double *q, sn_err *err);

/*
 * A null summary from the observed value and the draws' values (NaN draws,
 * where the statistic is undefined, are left out and counted in `missing`):
 *   p_greater = (1 + #{x >= observed}) / (1 + draws), p_less likewise,
 *   p = min(1, 2 min(p_greater, p_less)), z = (observed - mean) / sd
 *   (NaN when sd = 0); sd is the population standard deviation. A NaN
 *   observed value gives NaN p-values.
 */
typedef struct sn_null_summary {
    double observed, mean, sd, z, p_greater, p_less, p;
    long draws, missing;
} sn_null_summary;

/* Comparisons use a relative tolerance of 1e-9 (ties count as at or beyond). */
void sn_null_summarise(double observed, const double *x, size_t n, sn_null_summary *s);

/* The stream of draw d of a null seeded with seed. */
uint64_t sn_null_stream_seed(uint64_t seed, uint64_t draw);

/* A running summary (draws are added in a fixed order, so sums are reproducible). */
typedef struct sn_null_acc {
    double sum, sumsq; /* of x - observed (observed 0 when NaN) */
    long ge, le, used, missing;
} sn_null_acc;

void sn_null_acc_add(sn_null_acc *a, double observed, double x);
void sn_null_acc_merge(sn_null_acc *into, const sn_null_acc *from);
void sn_null_acc_finish(const sn_null_acc *a, double observed, sn_null_summary *s);

/*
 * Label permutation (core/nullmodel/groups.c). The group labels of the
 * labelled nodes are shuffled among them (within each stratum when stratum
 * is given), the graph stays. Over the ties given (from, to, weight;
 * ties with an unlabelled end are left out), M[g][h] = the weight from
 * group g to group h, total = the sum of M, and per draw:
 *   network ei  (E - I) / (E + I), I = sum_g M[g][g], E = total - I
 *   group g     ei = (E_g - I_g) / (E_g + I_g) with I_g = M[g][g],
 *               E_g = row_g + col_g - 2 M[g][g] (NaN when g has no weight);
 *               touch = (row_g + col_g - M[g][g]) / total;
 *               start = row_g / total; internal = M[g][g] / total
 *   pair a < b  share = (M[a][b] + M[b][a]) / total;
 *               direction = M[a][b] / (M[a][b] + M[b][a]) (NaN when 0)
 * Pairs are the unordered pairs of distinct groups with weight between them
 * in the observed labelling; they are computed when n_groups <= 1024
 * (an n_groups^2 matrix per thread), otherwise n_pairs is 0 and
 * pairs_omitted is set. Cost O(draws (nodes + ties + groups + pairs) /
 * threads); memory O(threads n_groups^2 + 64 * 16 stats) beside the output.
 * With network_only, only the network ei is drawn (group, pair, n_pairs
 * and pairs_omitted stay empty): O(draws (nodes + ties) / threads), the
 * same ei as without it.
 */
#define SN_NULL_NO_GROUP UINT32_MAX
#define SN_NULL_MAX_DRAWS 1000000
#define SN_NULL_PAIR_GROUPS 1024

typedef struct sn_null_groups_in {
    uint32_t n_nodes, n_groups;
    const uint32_t *group;   /* node -> group, SN_NULL_NO_GROUP: unlabelled */
    const uint32_t *stratum; /* node -> stratum (any numbers), or NULL */
    size_t n_ties;
    const uint32_t *from, *to;
    const double *weight;
    long draws;
    uint64_t seed;
    int threads;
    int network_only; /* only the network ei */
} sn_null_groups_in;

enum { SN_NG_EI, SN_NG_TOUCH, SN_NG_START, SN_NG_INTERNAL, SN_NG_PER_GROUP };
enum { SN_NP_SHARE, SN_NP_DIRECTION, SN_NP_PER_PAIR };

typedef struct sn_null_groups_out {
    double total;
    sn_null_summary ei;
    sn_null_summary *group; /* n_groups * SN_NG_PER_GROUP */
    size_t n_pairs;
    uint32_t *pair_a, *pair_b; /* a < b */
    sn_null_summary *pair;     /* n_pairs * SN_NP_PER_PAIR */
    int pairs_omitted;
} sn_null_groups_out;

sn_status sn_null_groups(const sn_null_groups_in *in, sn_null_groups_out *out, sn_err *err);
void sn_null_groups_free(sn_null_groups_out *out);

/*
 * Degree-preserving rewiring (core/nullmodel/rewire.c) of a directed simple
 * graph without self-loops (the view's ties, binary) by Maslov-Sneppen
 * swaps (a->b, c->d) -> (a->d, c->b), two ties drawn uniformly, refused
 * when it would make a self-loop or a tie that exists; every in- and
 * out-degree stays, and the chain's stationary distribution is uniform
 * over the graphs it reaches. The draws come from chains: each block of
 * draws (32, see the seeds above) is one chain that starts from the
 * observed graph, makes swap_factor * ties attempts before its first draw
 * (the number each draw made on its own before) and ties attempts between
 * draws: each tie is then picked twice on average, and on the region
 * network the correlation of successive draws is under 0.1 for reciprocity
 * and clustering (0.4-0.45 with a quarter as many attempts, 0.15-0.25 with
 * half). Per draw, in plain C:
 *   reciprocity  ties whose reverse exists / ties (igraph_reciprocity, default
 *                mode), kept through the swaps
 *   clustering   the global transitivity of the undirected simple version:
 *                3 triangles / connected triples (igraph_transitivity_undirected);
 *                the connected triples kept through the swaps, the triangles
 *                counted per draw
 *   top_share    the share of the total betweenness held by the top_k nodes
 *   per node     raw directed unweighted betweenness (Brandes 2001, as
 *                igraph_betweenness) and, with a partition, the raw
 *                Gould-Fernandez brokerage counts (samnett/brokerage.h)
 * Cost per draw: O(ties (1 + swap_factor / 32)) swap attempts of O(1) each
 * (a matrix of node pairs up to 5,792 nodes, else a hash), O(ties + sum of
 * squared ranked out-degrees) for the triangles, O(nodes ties) when
 * betweenness or top_share is asked for, O(sum in x out degrees) for
 * brokerage; memory per thread O(nodes^2 / 4 bytes) up to 5,792 nodes, else
 * O(ties).
 */
enum { SN_NR_RECIPROCITY, SN_NR_CLUSTERING, SN_NR_TOP_SHARE, SN_NR_GLOBAL };
enum { SN_NR_BETWEENNESS, SN_NR_BROKERAGE, SN_NR_PER_NODE = SN_NR_BROKERAGE + 6 };

typedef struct sn_null_rewire_in {
    uint32_t n_nodes;
    size_t n_ties;
    const uint32_t *from, *to; /* sorted by from; no self-loops, no duplicates */
    int want[SN_NR_GLOBAL];    /* which global statistics */
    uint32_t top_k;
    size_t n_focus;
    const uint32_t *focus; /* nodes whose statistics are summarised */
    int want_betweenness;
    const uint32_t *group; /* node -> group for brokerage, or NULL */
    uint32_t n_groups;
    double swap_factor; /* attempts per tie before a chain's first draw; 10 when 0 */
    long draws;
    uint64_t seed;
    int threads;
} sn_null_rewire_in;

typedef struct sn_null_rewire_out {
    sn_null_summary global[SN_NR_GLOBAL];
    sn_null_summary *node; /* n_focus * SN_NR_PER_NODE */
} sn_null_rewire_out;

sn_status sn_null_rewire(const sn_null_rewire_in *in, sn_null_rewire_out *out, sn_err *err);
void sn_null_rewire_free(sn_null_rewire_out *out);

/*
 * Time shuffle (core/nullmodel/timeshuffle.c): the contacts' windows (their
 * times) are permuted among the contacts, so each tie keeps its contact
 * count and each window its volume. Per window w, as the temporal module
 * defines them (samnett/temporal.h): ties = the ties with at least
 * min_contacts contacts in w; persistence = |A_w & A_w-1| / |A_w | A_w-1|
 * (NaN for the first window and when both are empty); novelty = the share
 * of A_w not in A_w-1 (novelty_k = 1; NaN for the first window and without
 * ties); contacts (fixed by the shuffle). Seen per (tie, window), the
 * permutation is a random table with those margins; a draw samples it
 * exactly, tie by tie, each tie's row multivariate hypergeometric given the
 * volumes left: window by window (a hypergeometric count each) for a tie
 * with many contacts or when there are at most 4 windows, else contact by
 * contact. Cost O(draws (ties windows + contacts) / threads) at most, much
 * less with few windows; memory O(threads windows) beside O(ties + windows).
 */
enum { SN_NT_TIES, SN_NT_PERSISTENCE, SN_NT_NOVELTY, SN_NT_CONTACTS, SN_NT_PER_WINDOW };

typedef struct sn_null_time_in {
    size_t n_contacts;
    const uint32_t *tie, *window; /* per contact */
    size_t n_ties;
    uint32_t n_windows;
    double min_contacts; /* a window tie needs this many contacts in the window (>= 1) */
    long draws;
    uint64_t seed;
    int threads;
} sn_null_time_in;

typedef struct sn_null_time_out {
    sn_null_summary *window; /* n_windows * SN_NT_PER_WINDOW */
} sn_null_time_out;

sn_status sn_null_time(const sn_null_time_in *in, sn_null_time_out *out, sn_err *err);
void sn_null_time_free(sn_null_time_out *out);

#endif
