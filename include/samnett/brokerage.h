/*
 * samnett/brokerage.h - Gould-Fernandez brokerage over a partition, defined
 * exactly as R sna::brokerage (Gould and Fernandez 1989).
 *
 * v brokers the ordered pair (a, b) when a->v, v->b, a != b, a != v, b != v
 * and there is no tie a->b. Ties are binary (weights are ignored). The role
 * depends on the groups of a, v and b:
 *
 *   SN_ROLE_COORDINATOR     w_I   A -> A -> A
 *   SN_ROLE_ITINERANT       w_O   A -> B -> A   (consultant)
 *   SN_ROLE_REPRESENTATIVE  b_IO  A -> A -> B
 *   SN_ROLE_GATEKEEPER      b_OI  A -> B -> B
 *   SN_ROLE_LIAISON         b_O   A -> B -> C
 *   SN_ROLE_TOTAL           t     all of the above
 *
 * Per node: raw counts, the expected counts under sna's model and the
 * z-scores (raw.nli, exp.nli, z.nli). Whole graph: observed, expected and z
 * (raw.gli, exp.gli, z.gli). Where sna's z divides by zero, the value is NaN
 * (written as null in JSON).
 *
 * Cost: O(sum over v of in(v) * out(v) * log d) with sorted adjacency lookups.
 */
#ifndef SAMNETT_BROKERAGE_H
#define SAMNETT_BROKERAGE_H

#include "samnett/error.h"
#include "samnett/net.h"
#include "samnett/partition.h"

enum {
    SN_ROLE_COORDINATOR,
    SN_ROLE_ITINERANT,
    SN_ROLE_REPRESENTATIVE,
    SN_ROLE_GATEKEEPER,
    SN_ROLE_LIAISON,
    SN_ROLE_TOTAL,
    SN_ROLES
};

/* "coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total" */
const char *sn_role_name(int role);

typedef struct sn_brokerage {
    uint32_t n;
    double *raw;      /* n * SN_ROLES, row-major: raw[v * SN_ROLES + role] */
    double *expected; /* n * SN_ROLES */
    double *z;        /* n * SN_ROLES */
    double graph_raw[SN_ROLES];
    double graph_expected[SN_ROLES];
    double graph_z[SN_ROLES];
} sn_brokerage;

sn_status sn_brokerage_compute(const sn_net *net, const sn_partition *part, sn_brokerage *out,
                               sn_err *err);
void sn_brokerage_free(sn_brokerage *b);

#endif
