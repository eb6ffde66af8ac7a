/*
 * samnett/silo.h - silo measures over a partition (README, "What is measured").
 *
 *   ei, ei_weighted    Krackhardt-Stern E-I index (E - I) / (E + I) over the
 *                      ties (binary) or over the tie weights; E counts ties
 *                      between groups, I ties inside a group. 0 when E+I = 0.
 *   groups[g]          I_g: ties with both ends in g; E_g: ties with exactly
 *                      one end in g; ei and ei_weighted per group.
 *   ei_p               permutation test: the group labels are shuffled over
 *                      the nodes (group sizes kept) with a seeded generator;
 *                      the share of shuffles whose EI is at or below the
 *                      observed one (small p = evidence of a silo).
 *   modularity         directed, weighted, resolution 1: igraph_modularity.
 *   assortativity      nominal, directed: igraph_assortativity_nominal.
 *   cross_share_ties   E / (E + I); cross_share_contacts: the same over
 *                      tie weights.
 *   nmi                normalised mutual information between the partition
 *                      and Leiden communities (modularity objective, on the
 *                      ties made undirected with summed weights, seeded).
 *   matrix             the sum of tie weights from group to group; NULL when
 *                      there are more than 4,096 groups (it is dense).
 *
 * Costs: O(m) for E-I, O(permutations * m) for the test, Leiden ~O(m) per
 * pass.
 */
#ifndef SAMNETT_SILO_H
#define SAMNETT_SILO_H

#include <stdint.h>

#include "samnett/error.h"
#include "samnett/net.h"
#include "samnett/partition.h"

typedef struct sn_silo_opts {
    long permutations; /* 0 = no test; default 1000 */
    uint64_t seed;     /* default 1 */
} sn_silo_opts;

typedef struct sn_silo_group {
    double internal, external;               /* I_g, E_g over ties */
    double internal_weight, external_weight; /* the same over tie weights */
    double ei, ei_weighted;
} sn_silo_group;

typedef struct sn_silo {
    uint32_t n_groups;
    double internal, external;               /* I, E over ties */
    double internal_weight, external_weight; /* over tie weights */
    double ei, ei_weighted;
    double ei_p; /* NaN when no test was run */
    long permutations;
    double modularity;
    double assortativity; /* NaN when undefined (one group, or no ties) */
    double cross_share_ties, cross_share_contacts;
    double nmi;            /* NaN when there are no ties */
    uint32_t communities;  /* Leiden communities found */
    sn_silo_group *groups; /* n_groups */
    double *matrix;        /* n_groups * n_groups tie weights, row = from group; may be NULL */
} sn_silo;

void sn_silo_opts_init(sn_silo_opts *o);
/* The silo measures' options (samnett/option.h): permutations, seed. Messages name the key. */
extern const sn_opt sn_silo_options[];
extern const size_t sn_silo_n_options;
sn_status sn_silo_opts_set(sn_silo_opts *o, const char *key, const char *value, sn_err *err);
sn_status sn_silo_compute(const sn_net *net, const sn_partition *part, const sn_silo_opts *opts,
                          sn_silo *out, sn_err *err);
void sn_silo_free(sn_silo *s);

#endif
