/*
 * brokerage.c - Gould-Fernandez brokerage, computed as R sna::brokerage
 * (sna 2.7-1: the C routine brokerage_R for the counts, the R function for
 * the expected values and variances).
 *
 * Counts. For every ego a, mark a and a's out-neighbours in a stamp array;
 * then for every tie a->v and every tie v->b, v brokers (a, b) unless b is
 * marked (b == a, or a->b exists). A tie b->a does not matter. The cost is
 * O(ties + sum over v of in(v) * out(v)), each lookup O(1).
 *
 * Expected values. sna's model, with N nodes (isolates included), m ties,
 * d = m / (N (N - 1)), q = d^2 (1 - d) and n_1 .. n_G the group sizes. For a
 * node in group i (sums over j run over the other groups):
 *
 *   role          expected                      variance - expected (1 - q)
 *   coordinator   q (n_i-1)(n_i-2)              2 (n_i-1)(n_i-2)(n_i-3) d^3 (1-d)^3
 *   itinerant     q sum_j n_j (n_j-1)           2 sum_j n_j (n_j-1)(n_j-2) d^3 (1-d)^3
 *   represent.    q (N-n_i)(n_i-1)              2 ((n_i-1) C(N-n_i,2) + (N-n_i) C(n_i-1,2))
 *                                                 d^3 (1-d)^3
 *   gatekeeper    as representative
 *   liaison       q ((N-n_i)^2 - sum_j n_j^2)   4 sum_j n_j C(N-n_j-n_i, 2) d^3 (1-d)^3
 *   total         q (N-1)(N-2)                  2 (N-1)(N-2)(N-3) d^3 (1-d)^3
 *
 * The whole-graph values follow sna's sums over groups (see graph_level);
 * sna's O(G^2) and O(G^3) loops over groups are evaluated here in closed form
 * from power sums of the group sizes, in exact integer (long double)
 * arithmetic. z = (observed - expected) / sqrt(variance); where that is not
 * finite (0/0, x/0, a negative variance) it is NaN.
 */
#include "samnett/brokerage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *sn_role_name(int role)
{
    static const char *const names[SN_ROLES] = {
        "coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total",
    };
    if (role < 0 || role >= SN_ROLES)
        return "unknown";
    return names[role];
}

void sn_brokerage_free(sn_brokerage *b)
{
    if (!b)
        return;
    free(b->raw);
    free(b->expected);
    free(b->z);
    memset(b, 0, sizeof *b);
}

/* sna's z: NaN where the division does not give a finite number. */
static double zscore(double observed, double expected, double variance)
{
    double z = (observed - expected) / sqrt(variance);
    return isfinite(z) ? z : NAN;
}

/* The counts: raw[v * SN_ROLES + role], totals included. */
static void count_roles(const sn_net *net, const uint32_t *group, uint32_t *stamp, double *raw)
{
    uint32_t n = net->n_nodes;
    for (uint32_t a = 0; a < n; a++) {
        size_t a0 = net->out_start[a], a1 = net->out_start[a + 1];
        if (a0 == a1)
            continue;
        uint32_t mark = a + 1; /* stamp 0 = never marked */
        stamp[a] = mark;
        for (size_t t = a0; t < a1; t++)
            stamp[sn_tie_to(net, t)] = mark;
        uint32_t ga = group[a];
        for (size_t t = a0; t < a1; t++) {
            uint32_t v = sn_tie_to(net, t);
            uint32_t gv = group[v];
            double *r = raw + (size_t)v * SN_ROLES;
            size_t v1 = net->out_start[v + 1];
            for (size_t u = net->out_start[v]; u < v1; u++) {
                uint32_t b = sn_tie_to(net, u);
                if (stamp[b] == mark)
                    continue; /* b == a, or a->b exists */
                uint32_t gb = group[b];
                int role;
                if (gv == ga)
                    role = gv == gb ? SN_ROLE_COORDINATOR : SN_ROLE_REPRESENTATIVE;
                else if (gv == gb)
                    role = SN_ROLE_GATEKEEPER;
                else if (ga == gb)
                    role = SN_ROLE_ITINERANT;
                else
                    role = SN_ROLE_LIAISON;
                r[role] += 1;
            }
        }
    }
    for (uint32_t v = 0; v < n; v++) {
        double *r = raw + (size_t)v * SN_ROLES;
        r[SN_ROLE_TOTAL] = r[SN_ROLE_COORDINATOR] + r[SN_ROLE_ITINERANT] +
                           r[SN_ROLE_REPRESENTATIVE] + r[SN_ROLE_GATEKEEPER] + r[SN_ROLE_LIAISON];
    }
}

/* The density-dependent factors of sna's formulas. */
typedef struct model {
    double N, d, d2, d3, d4, d5;
    double e1d3, e2d2, e1d5; /* (1-d)^3, (1-d)^2, (1-d) */
    /* power sums of the group sizes: p_k = sum n^k, and sums of falling factorials */
    long double p1, p2, p3, s2, s3; /* s2 = sum n(n-1), s3 = sum n(n-1)(n-2) */
} model;

/* C(x, 2) as R's choose(x, 2) for the integers x >= 0 used here. */
static double choose2(double x)
{
    return x * (x - 1) / 2;
}

/* Expected values and variances for a node in a group of size ni. */
static void group_level(const model *M, double ni, double *e, double *var)
{
    double N = M->N, d = M->d, d2 = M->d2, d3 = M->d3, c3 = M->e1d3;
    double oneq = 1 - d2 * (1 - d);
    long double nl = ni;

    e[SN_ROLE_COORDINATOR] = d2 * (1 - d) * (ni - 1) * (ni - 2);
    var[SN_ROLE_COORDINATOR] =
        e[SN_ROLE_COORDINATOR] * oneq + 2 * (ni - 1) * (ni - 2) * (ni - 3) * d3 * c3;

    double x2 = (double)(M->s2 - nl * (nl - 1));            /* sum_j n_j (n_j - 1) */
    double y2 = (double)(M->s3 - nl * (nl - 1) * (nl - 2)); /* sum_j n_j (n_j-1)(n_j-2) */
    e[SN_ROLE_ITINERANT] = d2 * (1 - d) * x2;
    var[SN_ROLE_ITINERANT] = e[SN_ROLE_ITINERANT] * oneq + 2 * y2 * d3 * c3;

    e[SN_ROLE_REPRESENTATIVE] = d2 * (1 - d) * (N - ni) * (ni - 1);
    var[SN_ROLE_REPRESENTATIVE] =
        e[SN_ROLE_REPRESENTATIVE] * oneq +
        2 * ((ni - 1) * choose2(N - ni) + (N - ni) * choose2(ni - 1)) * d3 * c3;
    e[SN_ROLE_GATEKEEPER] = e[SN_ROLE_REPRESENTATIVE];
    var[SN_ROLE_GATEKEEPER] = var[SN_ROLE_REPRESENTATIVE];

    /* sum_{j,k != i} n_j n_k - sum_{j != i} n_j^2 = (N - n_i)^2 - (p2 - n_i^2) */
    long double rest = M->p1 - nl;
    double x5 = (double)(rest * rest - (M->p2 - nl * nl));
    e[SN_ROLE_LIAISON] = d2 * (1 - d) * x5;
    /*
     * sum_{j != i} n_j C(Mi - n_j, 2) with Mi = N - n_i; n (Mi - n)(Mi - n - 1) =
     * Mi (Mi - 1) n - (2 Mi - 1) n^2 + n^3.
     */
    long double mi = rest;
    long double w2 = mi * (mi - 1) * rest - (2 * mi - 1) * (M->p2 - nl * nl) +
                     (M->p3 - nl * nl * nl); /* twice the sum */
    var[SN_ROLE_LIAISON] = e[SN_ROLE_LIAISON] * oneq + 4 * ((double)(w2 / 2) * d3 * c3);

    e[SN_ROLE_TOTAL] = d2 * (1 - d) * (N - 1) * (N - 2);
    var[SN_ROLE_TOTAL] = e[SN_ROLE_TOTAL] * oneq + 2 * (N - 1) * (N - 2) * (N - 3) * d3 * c3;
}

/* sna's whole-graph expected values (egbr) and variances (vgbr). */
static void graph_level(const model *M, const uint32_t *size, uint32_t n_groups, double *e,
                        double *var)
{
    double N = M->N, d = M->d, d2 = M->d2, d3 = M->d3, d4 = M->d4, d5 = M->d5;
    double c3 = M->e1d3, c2 = M->e2d2, c1 = M->e1d5;
    double oneq = 1 - d2 * (1 - d);
    long double p1 = M->p1, p2 = M->p2, p3 = M->p3;

    /* coordinator */
    long double v1 = 0;
    for (uint32_t g = 0; g < n_groups; g++) {
        double n = size[g];
        if (n == 0)
            continue;
        v1 += n * (n - 1) * (n - 2) *
              (((4 * n - 10) * d3 * c3) - (4 * (n - 3) * d4 * c2) + ((n - 3) * d5 * c1));
    }
    e[SN_ROLE_COORDINATOR] = d2 * (1 - d) * (double)M->s3;
    var[SN_ROLE_COORDINATOR] = e[SN_ROLE_COORDINATOR] * oneq + (double)v1;

    /* sum n (N - n)(n - 1), for itinerant, representative and gatekeeper */
    long double s_nnn = 0;
    for (uint32_t g = 0; g < n_groups; g++) {
        long double n = size[g];
        s_nnn += n * (p1 - n) * (n - 1);
    }

    /*
     * itinerant: sum over x != y of x y (x-1) ((2x + 2y - 6) A + (N - x - 1) C), with
     * A = d^3 (1-d)^3 and C = d^5 (1-d); sna sums the outer product and subtracts x == y.
     */
    double A = d3 * c3, C = d5 * c1, B = d4 * c2;
    long double v2 = 0;
    for (uint32_t g = 0; g < n_groups; g++) {
        double x = size[g];
        if (x < 2)
            continue;
        long double others = p1 - x, others2 = p2 - (long double)x * x;
        v2 += (long double)x * (x - 1) *
              ((((2 * x - 6) * A) + ((N - x - 1) * C)) * others + 2 * A * others2);
    }
    e[SN_ROLE_ITINERANT] = d2 * (1 - d) * (double)s_nnn;
    var[SN_ROLE_ITINERANT] = e[SN_ROLE_ITINERANT] * oneq + (double)v2;

    /* representative and gatekeeper */
    long double v3 = 0;
    for (uint32_t g = 0; g < n_groups; g++) {
        double n = size[g];
        if (n == 0)
            continue;
        v3 += n * (N - n) * (n - 1) * (((N - 3) * d3 * c3) + ((n - 2) * d5 * c1));
    }
    e[SN_ROLE_REPRESENTATIVE] = d2 * (1 - d) * (double)s_nnn;
    var[SN_ROLE_REPRESENTATIVE] = e[SN_ROLE_REPRESENTATIVE] * oneq + (double)v3;
    e[SN_ROLE_GATEKEEPER] = e[SN_ROLE_REPRESENTATIVE];
    var[SN_ROLE_GATEKEEPER] = var[SN_ROLE_REPRESENTATIVE];

    /*
     * liaison: expected q sum_{x != y} x y (N - x - y) = q (N (p1^2 - p2) - 2 (p1 p2 - p3)).
     * sna's variance adds, over ordered triples of distinct groups (i, j, k),
     *   n_i n_j n_k ((4 (N - n_j) - 2 (n_i + n_k + 1)) A
     *                - (4 (N - n_k) - 2 (n_i + n_j + 1)) B + (N - (n_i + n_k + 1)) C)
     * with B = d^4 (1-d)^2. With E3 = sum n_i n_j n_k and F = sum n_i^2 n_j n_k over those
     * triples (F is the same whichever index is squared) that is
     *   ((4N - 2) E3 - 8F) (A - B) + ((N - 1) E3 - 2F) C.
     */
    long double x5 = p1 * (p1 * p1 - p2) - 2 * (p1 * p2 - p3);
    long double E3 = 0, F = 0;
    for (uint32_t g = 0; g < n_groups; g++) {
        long double n = size[g];
        if (n == 0)
            continue;
        long double r1 = p1 - n, r2 = p2 - n * n;
        long double pairs = r1 * r1 - r2; /* sum n_j n_k over distinct j, k != g */
        E3 += n * pairs;
        F += n * n * pairs;
    }
    long double K1 = (4 * p1 - 2) * E3 - 8 * F, K2 = (p1 - 1) * E3 - 2 * F;
    double tri = (double)K1 * A - (double)K1 * B + (double)K2 * C;
    e[SN_ROLE_LIAISON] = d2 * (1 - d) * (double)x5;
    var[SN_ROLE_LIAISON] = e[SN_ROLE_LIAISON] * oneq + tri;

    /* total */
    e[SN_ROLE_TOTAL] = d2 * (1 - d) * N * (N - 1) * (N - 2);
    var[SN_ROLE_TOTAL] =
        e[SN_ROLE_TOTAL] * oneq +
        N * (N - 1) * (N - 2) *
            (((4 * N - 10) * d3 * c3) - (4 * (N - 3) * d4 * c2) + ((N - 3) * d5 * c1));
}

sn_status sn_brokerage_compute(const sn_net *net, const sn_partition *part, sn_brokerage *out,
                               sn_err *err)
{
    memset(out, 0, sizeof *out);
    uint32_t n = net->n_nodes;
    if (part->n_nodes != n)
        return sn_err_set(err, SN_EUSAGE, "brokerage: the partition has %u nodes, the network %u",
                          part->n_nodes, n);
    for (uint32_t v = 0; v < n; v++)
        if (part->group[v] >= part->n_groups)
            return sn_err_set(err, SN_EUSAGE, "brokerage: node %u has group %u of %u", v,
                              part->group[v], part->n_groups);

    size_t cells = (size_t)n * SN_ROLES;
    out->n = n;
    out->raw = calloc(cells ? cells : 1, sizeof *out->raw);
    out->expected = calloc(cells ? cells : 1, sizeof *out->expected);
    out->z = calloc(cells ? cells : 1, sizeof *out->z);
    uint32_t *stamp = calloc(n ? n : 1, sizeof *stamp);
    uint32_t ng = part->n_groups;
    uint32_t *size = calloc(ng ? ng : 1, sizeof *size);
    double *gexp = malloc((ng ? ng : 1) * 2 * SN_ROLES * sizeof *gexp);
    if (!out->raw || !out->expected || !out->z || !stamp || !size || !gexp) {
        free(stamp);
        free(size);
        free(gexp);
        sn_brokerage_free(out);
        return sn_err_set(err, SN_ENOMEM, "out of memory computing brokerage");
    }

    count_roles(net, part->group, stamp, out->raw);
    free(stamp);
    for (uint32_t v = 0; v < n; v++)
        for (int r = 0; r < SN_ROLES; r++)
            out->graph_raw[r] += out->raw[(size_t)v * SN_ROLES + r];

    /* group sizes, counted from the nodes (sna's n: the groups that occur) */
    for (uint32_t v = 0; v < n; v++)
        size[part->group[v]]++;

    model M;
    memset(&M, 0, sizeof M);
    M.N = n;
    M.d = (double)net->n_ties / (M.N * (M.N - 1));
    M.d2 = M.d * M.d;
    M.d3 = pow(M.d, 3);
    M.d4 = pow(M.d, 4);
    M.d5 = pow(M.d, 5);
    M.e1d3 = pow(1 - M.d, 3);
    M.e2d2 = (1 - M.d) * (1 - M.d);
    M.e1d5 = 1 - M.d;
    for (uint32_t g = 0; g < ng; g++) {
        long double s = size[g];
        M.p1 += s;
        M.p2 += s * s;
        M.p3 += s * s * s;
        M.s2 += s * (s - 1);
        M.s3 += s * (s - 1) * (s - 2);
    }

    /* per group, then per node */
    for (uint32_t g = 0; g < ng; g++)
        if (size[g])
            group_level(&M, size[g], gexp + (size_t)g * 2 * SN_ROLES,
                        gexp + (size_t)g * 2 * SN_ROLES + SN_ROLES);
    for (uint32_t v = 0; v < n; v++) {
        const double *e = gexp + (size_t)part->group[v] * 2 * SN_ROLES, *var = e + SN_ROLES;
        size_t base = (size_t)v * SN_ROLES;
        for (int r = 0; r < SN_ROLES; r++) {
            out->expected[base + r] = e[r];
            out->z[base + r] = zscore(out->raw[base + r], e[r], var[r]);
        }
    }

    double gvar[SN_ROLES];
    graph_level(&M, size, ng, out->graph_expected, gvar);
    for (int r = 0; r < SN_ROLES; r++)
        out->graph_z[r] = zscore(out->graph_raw[r], out->graph_expected[r], gvar[r]);

    free(size);
    free(gexp);
    return SN_OK;
}
