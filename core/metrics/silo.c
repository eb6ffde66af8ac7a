/*
 * silo.c - silo measures over a partition (include/samnett/silo.h, README, "What is measured").
 *
 * Definitions and decisions (where silo.h leaves room):
 *
 *   Ties are the net's directed ties; there are no self-ties, so every tie is
 *   either internal (both ends in one group: I) or external (E).
 *   ei = (E - I) / (E + I), ei_weighted the same over tie weights; both are 0
 *   when the denominator is 0 (no ties, or only zero-weight ties). The same
 *   rule holds per group: I_g counts ties with both ends in g, E_g ties with
 *   exactly one end in g (so a tie between g and h counts in E_g and in E_h,
 *   and the E_g sum to 2E); ei_g = (E_g - I_g) / (E_g + I_g), 0 when the group
 *   has no ties. cross_share_ties = E / (E + I) and cross_share_contacts =
 *   E_w / (E_w + I_w) (over tie weights), both 0 when the denominator is 0.
 *
 *   Permutation test: permutation i (0 .. permutations - 1) starts from the
 *   observed label array, seeds its own xoshiro256** stream from splitmix64
 *   applied to (seed, i), and Fisher-Yates shuffles the labels over all nodes
 *   (isolates included), which keeps every group size. Because each shuffle
 *   has its own stream, the result is a function of (seed, permutations) only,
 *   whatever the order the shuffles run in. ei_p = (number of shuffles with
 *   EI_perm <= EI_obs + 1e-12) / permutations; the observed labelling is not
 *   counted as one of the shuffles. With m ties EI = (m - 2 I) / m, so the
 *   test is evaluated exactly as I_perm >= I_obs (identical to the 1e-12 rule
 *   for any m < 2e12). With no ties every shuffle has EI = 0 and ei_p = 1.
 *   ei_p is NaN and permutations 0 when no test is run.
 *
 *   modularity: igraph_modularity(graph, membership, weights, resolution 1,
 *   directed). NaN when there are no ties or the total weight is 0 (as igraph).
 *
 *   assortativity: igraph_assortativity_nominal(graph, types, directed,
 *   normalized) - unweighted, as igraph. NaN when there are no ties, or when
 *   igraph's value is not finite (for example one group: 0 / 0).
 *
 *   nmi: the ties are made undirected with the weights of a->b and b->a
 *   summed into one edge. Leiden (igraph_community_leiden) with the
 *   modularity objective the way python-igraph's community_leiden(objective=
 *   "modularity") sets it up: node weights = weighted degree (strength),
 *   resolution = 1 / (sum of strengths) = 1 / (2 W), beta 0.01, singleton
 *   start, iterated until the partition is stable (n_iterations = -1).
 *   igraph's default RNG is seeded with opts->seed first (this resets the
 *   process-wide igraph RNG). Then igraph_compare_communities(partition,
 *   communities, IGRAPH_COMMCMP_NMI). When there are no ties, or the total
 *   weight is 0, Leiden is not run: nmi = NaN and communities = 0.
 *
 *   matrix[g * n_groups + h] = sum of the weights of ties from group g to h.
 *   The matrix is dense, so it is only built for up to SN_SILO_MATRIX_MAX_GROUPS
 *   (4096) groups (128 MB); with more groups matrix is NULL and every other
 *   measure is still computed. A caller must check matrix for NULL.
 *
 * Costs: O(n + m + groups^2) for the counts and the matrix, O(permutations *
 * (n + m)) for the test (one pass over the tie endpoints per shuffle, labels
 * packed into 8, 16 or 32 bits), Leiden about O(m) per pass.
 */
#include "../util/toolbox.h"
#include "samnett/silo.h"

#include "../util/rng.h"

#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this many groups the dense group matrix is not built (matrix = NULL). */
#define SN_SILO_MATRIX_MAX_GROUPS 4096u

void sn_silo_opts_init(sn_silo_opts *o)
{
    o->permutations = 1000;
    o->seed = 1;
}

void sn_silo_free(sn_silo *s)
{
    if (!s)
        return;
    free(s->groups);
    free(s->matrix);
    memset(s, 0, sizeof *s);
}

/* ---- the generator: xoshiro256** seeded through splitmix64 ---- */

/* The stream of shuffle `index` under `seed`. */
static void rng_seed(rng *r, uint64_t seed, uint64_t index)
{
    uint64_t x = seed;
    uint64_t a = splitmix64(&x);
    rng_seed_from(r, a ^ (index * 0xd1b54a32d192ed03ULL + 0x8cb92ba72f3d8dd7ULL));
}

/* ---- the permutation test ---- */

typedef struct perm_job {
    uint32_t n, m;
    const uint32_t *from, *to;
    uint64_t seed;
    uint64_t internal_obs;
} perm_job;

/*
 * One shuffle-and-count per permutation, for one label width. Returns the
 * number of shuffles with at least as many internal ties as observed.
 */
#define SN_DEFINE_PERM(NAME, T)                                                                    \
    static long NAME(const perm_job *job, const uint32_t *group, long first, long count, T *lab)   \
    {                                                                                              \
        const uint32_t n = job->n, m = job->m;                                                     \
        const uint32_t *restrict f = job->from, *restrict t = job->to;                             \
        long hits = 0;                                                                             \
        for (long p = first; p < first + count; p++) {                                             \
            for (uint32_t v = 0; v < n; v++)                                                       \
                lab[v] = (T)group[v];                                                              \
            rng r;                                                                                 \
            rng_seed(&r, job->seed, (uint64_t)p);                                                  \
            for (uint32_t v = n; v > 1; v--) {                                                     \
                uint32_t j = rng_below(&r, v);                                                     \
                T tmp = lab[v - 1];                                                                \
                lab[v - 1] = lab[j];                                                               \
                lab[j] = tmp;                                                                      \
            }                                                                                      \
            uint64_t same = 0;                                                                     \
            for (uint32_t k = 0; k < m; k++)                                                       \
                same += lab[f[k]] == lab[t[k]];                                                    \
            hits += same >= job->internal_obs;                                                     \
        }                                                                                          \
        return hits;                                                                               \
    }

SN_DEFINE_PERM(perm_u8, uint8_t)
SN_DEFINE_PERM(perm_u16, uint16_t)
SN_DEFINE_PERM(perm_u32, uint32_t)

static sn_status permutation_test(const sn_net *net, const sn_partition *part, long perms,
                                  uint64_t seed, uint64_t internal_obs, double *p, sn_err *err)
{
    if (net->n_ties == 0) {
        *p = 1.0; /* every shuffle has EI = 0 = the observed EI */
        return SN_OK;
    }
    uint32_t n = net->n_nodes, m = (uint32_t)net->n_ties;
    uint32_t *ends = malloc(2 * (size_t)m * sizeof *ends);
    void *lab = malloc((n ? n : 1) * sizeof(uint32_t));
    if (!ends || !lab) {
        free(ends);
        free(lab);
        return sn_err_set(err, SN_ENOMEM, "out of memory in the E-I permutation test");
    }
    for (uint32_t k = 0; k < m; k++) {
        ends[k] = sn_tie_from(net, k);
        ends[m + k] = sn_tie_to(net, k);
    }
    perm_job job = {n, m, ends, ends + m, seed, internal_obs};
    long hits;
    if (part->n_groups <= 256)
        hits = perm_u8(&job, part->group, 0, perms, lab);
    else if (part->n_groups <= 65536)
        hits = perm_u16(&job, part->group, 0, perms, lab);
    else
        hits = perm_u32(&job, part->group, 0, perms, lab);
    *p = (double)hits / (double)perms;
    free(ends);
    free(lab);
    return SN_OK;
}

/* ---- igraph-based measures ---- */

/* Leiden on the undirected ties with summed weights, then NMI against the partition. */
static sn_status leiden_nmi(const sn_net *net, const igraph_vector_int_t *membership, uint64_t seed,
                            sn_silo *out, sn_err *err)
{
    out->nmi = NAN;
    out->communities = 0;
    uint32_t n = net->n_nodes;
    size_t m = net->n_ties;
    if (m == 0)
        return SN_OK;
    igraph_vector_int_t edges, comm;
    igraph_vector_t w, strength;
    igraph_t ug;
    int have_graph = 0;
    sn_status st = SN_OK;
    igraph_error_t rc;
    if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS)
        return sn_err_set(err, SN_ENOMEM, "out of memory in community detection");
    if (igraph_vector_int_init(&comm, 0) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&edges);
        return sn_err_set(err, SN_ENOMEM, "out of memory in community detection");
    }
    if (igraph_vector_init(&w, 0) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&edges);
        igraph_vector_int_destroy(&comm);
        return sn_err_set(err, SN_ENOMEM, "out of memory in community detection");
    }
    if (igraph_vector_init(&strength, (igraph_integer_t)n) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&edges);
        igraph_vector_int_destroy(&comm);
        igraph_vector_destroy(&w);
        return sn_err_set(err, SN_ENOMEM, "out of memory in community detection");
    }
    if (igraph_vector_int_reserve(&edges, 2 * (igraph_integer_t)m) != IGRAPH_SUCCESS ||
        igraph_vector_reserve(&w, (igraph_integer_t)m) != IGRAPH_SUCCESS) {
        st = sn_err_set(err, SN_ENOMEM, "out of memory in community detection");
        goto done;
    }
    /* one undirected edge {u, v} per tied pair, weight w(u->v) + w(v->u) */
    double total = 0;
    for (size_t k = 0; k < m; k++) {
        uint32_t u = sn_tie_from(net, k), v = sn_tie_to(net, k);
        int64_t back = sn_net_tie(net, v, u);
        double wt = net->tie_weight[k];
        if (back >= 0) {
            if (u > v)
                continue; /* added with v->u */
            wt += net->tie_weight[back];
        }
        igraph_vector_int_push_back(&edges, u); /* reserved: cannot fail */
        igraph_vector_int_push_back(&edges, v);
        igraph_vector_push_back(&w, wt);
        VECTOR(strength)[u] += wt;
        VECTOR(strength)[v] += wt;
        total += 2 * wt;
    }
    if (!(total > 0))
        goto done; /* only zero-weight ties: modularity is undefined */
    rc = igraph_create(&ug, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED);
    if (rc != IGRAPH_SUCCESS) {
        st = sni_igraph_status(err, "community detection", rc);
        goto done;
    }
    have_graph = 1;
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
    igraph_integer_t found = 0;
    igraph_real_t quality;
    rc = igraph_community_leiden(&ug, &w, &strength, 1.0 / total, 0.01, 0, -1, &comm, &found,
                                 &quality);
    if (rc != IGRAPH_SUCCESS) {
        st = sni_igraph_status(err, "Leiden community detection", rc);
        goto done;
    }
    igraph_real_t nmi;
    rc = igraph_compare_communities(membership, &comm, &nmi, IGRAPH_COMMCMP_NMI);
    if (rc != IGRAPH_SUCCESS) {
        st = sni_igraph_status(err, "NMI", rc);
        goto done;
    }
    out->nmi = nmi;
    out->communities = (uint32_t)found;
done:
    if (have_graph)
        igraph_destroy(&ug);
    igraph_vector_int_destroy(&edges);
    igraph_vector_int_destroy(&comm);
    igraph_vector_destroy(&w);
    igraph_vector_destroy(&strength);
    return st;
}

static sn_status library_measures(const sn_net *net, const sn_partition *part, uint64_t seed,
                                  sn_silo *out, sn_err *err)
{
    out->modularity = NAN;
    out->assortativity = NAN;
    out->nmi = NAN;
    out->communities = 0;
    if (net->n_ties == 0)
        return SN_OK;
    if (!net->graph)
        return sn_err_set(err, SN_EANALYSIS, "silo measures: the network has no graph");
    igraph_vector_int_t membership;
    if (igraph_vector_int_init(&membership, (igraph_integer_t)net->n_nodes) != IGRAPH_SUCCESS)
        return sn_err_set(err, SN_ENOMEM, "out of memory in the silo measures");
    for (uint32_t v = 0; v < net->n_nodes; v++)
        VECTOR(membership)[v] = part->group[v];
    sn_status st = SN_OK;
    igraph_vector_t w;
    sn_net_weights(net, &w);
    igraph_real_t q;
    igraph_error_t rc =
        igraph_modularity(sn_net_graph(net), &membership, &w, 1.0, IGRAPH_DIRECTED, &q);
    if (rc != IGRAPH_SUCCESS) {
        st = sni_igraph_status(err, "modularity", rc);
        goto done;
    }
    out->modularity = q;
    igraph_real_t r;
    rc = igraph_assortativity_nominal(sn_net_graph(net), &membership, &r, IGRAPH_DIRECTED, 1);
    if (rc != IGRAPH_SUCCESS) {
        st = sni_igraph_status(err, "nominal assortativity", rc);
        goto done;
    }
    out->assortativity = isfinite(r) ? r : NAN;
    st = leiden_nmi(net, &membership, seed, out, err);
done:
    igraph_vector_int_destroy(&membership);
    return st;
}

/* ---- the entry point ---- */

static double ei_of(double e, double i)
{
    return e + i > 0 ? (e - i) / (e + i) : 0.0;
}

sn_status sn_silo_compute(const sn_net *net, const sn_partition *part, const sn_silo_opts *opts,
                          sn_silo *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    out->ei_p = NAN;
    out->modularity = NAN;
    out->assortativity = NAN;
    out->nmi = NAN;
    sn_silo_opts defaults;
    if (!opts) {
        sn_silo_opts_init(&defaults);
        opts = &defaults;
    }
    if (opts->permutations < 0)
        return sn_err_set(err, SN_EUSAGE, "the number of permutations must be 0 or more, not %ld",
                          opts->permutations);
    if (part->n_nodes != net->n_nodes)
        return sn_err_set(err, SN_EUSAGE, "the partition has %u nodes but the network has %u",
                          part->n_nodes, net->n_nodes);
    if (net->n_ties > UINT32_MAX)
        return sn_err_set(err, SN_EANALYSIS, "too many ties for the silo measures (%zu)",
                          net->n_ties);
    uint32_t G = part->n_groups;
    for (uint32_t v = 0; v < net->n_nodes; v++)
        if (part->group[v] >= G)
            return sn_err_set(err, SN_EUSAGE, "node %u is in group %u of %u", v, part->group[v], G);
    out->n_groups = G;
    out->groups = calloc(G ? G : 1, sizeof *out->groups);
    if (G <= SN_SILO_MATRIX_MAX_GROUPS)
        out->matrix = calloc(G ? (size_t)G * G : 1, sizeof *out->matrix);
    if (!out->groups || (G <= SN_SILO_MATRIX_MAX_GROUPS && !out->matrix)) {
        sn_silo_free(out);
        return sn_err_set(err, SN_ENOMEM, "out of memory in the silo measures");
    }

    /* E-I counts, per group, and the group matrix: one pass over the ties */
    uint64_t internal = 0, external = 0;
    double iw = 0, ew = 0;
    for (size_t k = 0; k < net->n_ties; k++) {
        uint32_t g = part->group[sn_tie_from(net, k)], h = part->group[sn_tie_to(net, k)];
        double wt = net->tie_weight[k];
        if (out->matrix)
            out->matrix[(size_t)g * G + h] += wt;
        if (g == h) {
            internal++;
            iw += wt;
            out->groups[g].internal += 1;
            out->groups[g].internal_weight += wt;
        } else {
            external++;
            ew += wt;
            out->groups[g].external += 1;
            out->groups[g].external_weight += wt;
            out->groups[h].external += 1;
            out->groups[h].external_weight += wt;
        }
    }
    out->internal = (double)internal;
    out->external = (double)external;
    out->internal_weight = iw;
    out->external_weight = ew;
    out->ei = ei_of(out->external, out->internal);
    out->ei_weighted = ei_of(ew, iw);
    out->cross_share_ties =
        internal + external ? out->external / (out->external + out->internal) : 0.0;
    out->cross_share_contacts = ew + iw > 0 ? ew / (ew + iw) : 0.0;
    for (uint32_t g = 0; g < G; g++) {
        sn_silo_group *sg = &out->groups[g];
        sg->ei = ei_of(sg->external, sg->internal);
        sg->ei_weighted = ei_of(sg->external_weight, sg->internal_weight);
    }

    sn_status st = SN_OK;
    out->permutations = opts->permutations;
    if (opts->permutations > 0)
        st = permutation_test(net, part, opts->permutations, opts->seed, internal, &out->ei_p, err);
    if (st == SN_OK)
        st = library_measures(net, part, opts->seed, out, err);
    if (st != SN_OK) {
        sn_silo_free(out);
        return st;
    }
    return SN_OK;
}
