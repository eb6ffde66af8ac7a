/*
 * centrality.c - node and whole-network measures (see samnett/metrics.h for
 * the definitions and their references).
 */
#include "../util/toolbox.h"
#include "samnett/metrics.h"

#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eigen.h"
#include "paths.h"

static double *vec_alloc(uint32_t n)
{
    return calloc(n ? n : 1, sizeof(double));
}

static void vec_copy(double *dst, const igraph_vector_t *v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        dst[i] = VECTOR(*v)[i];
}

/* Betweenness, closeness and harmonic centrality with 1/weight tie lengths (igraph). */
static sn_status paths_inverse(const sn_net *net, sn_node_metrics *nd, sn_err *err)
{
    igraph_vector_t res, inv;
    igraph_vector_int_t reach;
    if (igraph_vector_init(&res, 0) || igraph_vector_int_init(&reach, 0))
        return sn_err_set(err, SN_ENOMEM, "out of memory computing shortest paths");
    if (igraph_vector_init(&inv, (igraph_integer_t)net->n_ties)) {
        igraph_vector_destroy(&res);
        igraph_vector_int_destroy(&reach);
        return sn_err_set(err, SN_ENOMEM, "out of memory computing shortest paths");
    }
    for (size_t e = 0; e < net->n_ties; e++)
        VECTOR(inv)[e] = 1.0 / net->tie_weight[e];
    const igraph_t *g = sn_net_graph(net);
    igraph_error_t rc = igraph_betweenness(g, &res, igraph_vss_all(), IGRAPH_DIRECTED, &inv);
    const char *what = "betweenness";
    if (rc == IGRAPH_SUCCESS) {
        vec_copy(nd->betweenness, &res, net->n_nodes);
        what = "closeness";
        rc = igraph_closeness(g, &res, &reach, NULL, igraph_vss_all(), IGRAPH_OUT, &inv, true);
    }
    if (rc == IGRAPH_SUCCESS) {
        vec_copy(nd->closeness, &res, net->n_nodes);
        for (uint32_t v = 0; v < net->n_nodes; v++)
            nd->reachable[v] = (uint32_t)VECTOR(reach)[v];
        what = "harmonic centrality";
        rc = igraph_harmonic_centrality(g, &res, igraph_vss_all(), IGRAPH_OUT, &inv, false);
    }
    if (rc == IGRAPH_SUCCESS)
        vec_copy(nd->harmonic, &res, net->n_nodes);
    igraph_vector_destroy(&res);
    igraph_vector_destroy(&inv);
    igraph_vector_int_destroy(&reach);
    return rc == IGRAPH_SUCCESS ? SN_OK : sni_igraph_status(err, what, rc);
}

/* PageRank and constraint (igraph). */
static sn_status spectral(const sn_net *net, sn_node_metrics *nd, sn_err *err)
{
    igraph_vector_t res;
    igraph_vector_t w;
    sn_net_weights(net, &w);
    const igraph_vector_t *weights = net->n_ties ? &w : NULL;
    igraph_real_t value;
    const igraph_t *g = sn_net_graph(net);
    if (igraph_vector_init(&res, 0))
        return sn_err_set(err, SN_ENOMEM, "out of memory computing centrality");
    const char *what = "PageRank";
    sni_openmp_one_thread(); /* the same digits on every run (see there) */
    igraph_error_t rc = igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value,
                                        igraph_vss_all(), IGRAPH_DIRECTED, 0.85, weights, NULL);
    if (rc == IGRAPH_SUCCESS) {
        vec_copy(nd->pagerank, &res, net->n_nodes);
        what = "constraint";
        rc = igraph_constraint(g, &res, igraph_vss_all(), weights);
    }
    if (rc == IGRAPH_SUCCESS)
        vec_copy(nd->constraint, &res, net->n_nodes);
    igraph_vector_destroy(&res);
    return rc == IGRAPH_SUCCESS ? SN_OK : sni_igraph_status(err, what, rc);
}

/*
 * Eigenvector, hub and authority scores: power iteration first (eigen.c);
 * where two leading eigenvalues are too close for it, igraph's ARPACK
 * routines, which handle that case. If both fail the scores stay NaN.
 */
static sn_status eigen_scores(const sn_net *net, sn_node_metrics *nd, sn_err *err)
{
    int eig_ok, hub_ok;
    sn_status rc =
        sni_eigen_scores(net, nd->eigenvector, nd->hub, nd->authority, &eig_ok, &hub_ok, err);
    if (rc != SN_OK || (eig_ok && hub_ok))
        return rc;
    igraph_vector_t a, b;
    igraph_vector_t w;
    sn_net_weights(net, &w);
    igraph_real_t value;
    if (igraph_vector_init(&a, 0))
        return sn_err_set(err, SN_ENOMEM, "out of memory computing eigenvector centrality");
    if (igraph_vector_init(&b, 0)) {
        igraph_vector_destroy(&a);
        return sn_err_set(err, SN_ENOMEM, "out of memory computing eigenvector centrality");
    }
    if (!eig_ok && igraph_eigenvector_centrality(sn_net_graph(net), &a, &value, IGRAPH_DIRECTED,
                                                 true, &w, NULL) == IGRAPH_SUCCESS)
        vec_copy(nd->eigenvector, &a, net->n_nodes);
    if (!hub_ok && igraph_hub_and_authority_scores(sn_net_graph(net), &a, &b, &value, true, &w,
                                                   NULL) == IGRAPH_SUCCESS) {
        vec_copy(nd->hub, &a, net->n_nodes);
        vec_copy(nd->authority, &b, net->n_nodes);
    }
    igraph_vector_destroy(&a);
    igraph_vector_destroy(&b);
    return SN_OK;
}

/*
 * Burt's effective size with mutual weights (networkx.effective_size with a
 * weight): e(u) = sum over neighbours v of (1 - sum over neighbours w of u of
 * p(u,w) m(v,w)), where p(u,w) is the mutual weight of u and w over u's total
 * mutual weight and m(v,w) the mutual weight of v and w over v's largest.
 * Neighbours are in- and out-neighbours. O(sum over u of the degrees of its
 * neighbours), with a dense scratch row per node.
 */
static sn_status effective_size(const sn_net *net, sn_node_metrics *nd, sn_err *err)
{
    uint32_t n = net->n_nodes;
    size_t m = net->n_ties;
    /* Undirected mutual-weight adjacency: each tie appears at both ends. */
    size_t *start = calloc((size_t)n + 1, sizeof *start);
    uint32_t *nb = malloc((2 * m + 1) * sizeof *nb);
    double *mw = malloc((2 * m + 1) * sizeof *mw);
    double *total = vec_alloc(n), *maxw = vec_alloc(n), *row = vec_alloc(n);
    uint32_t *stamp = calloc(n ? n : 1, sizeof *stamp);
    sn_status rc = SN_OK;
    if (!start || !nb || !mw || !total || !maxw || !row || !stamp) {
        rc = sn_err_set(err, SN_ENOMEM, "out of memory computing effective size");
        goto out;
    }
    /* Mutual pairs: a->b with b->a is one neighbour pair with weight w(ab) + w(ba). */
    for (size_t k = 0; k < m; k++) {
        uint32_t a = sn_tie_from(net, k), b = sn_tie_to(net, k);
        int64_t back = sn_net_tie(net, b, a);
        if (back >= 0 && a > b)
            continue; /* counted from the other direction */
        start[a + 1]++;
        start[b + 1]++;
    }
    for (uint32_t v = 0; v < n; v++)
        start[v + 1] += start[v];
    {
        size_t *fill = malloc(((size_t)n + 1) * sizeof *fill);
        if (!fill) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory computing effective size");
            goto out;
        }
        memcpy(fill, start, ((size_t)n + 1) * sizeof *fill);
        for (size_t k = 0; k < m; k++) {
            uint32_t a = sn_tie_from(net, k), b = sn_tie_to(net, k);
            int64_t back = sn_net_tie(net, b, a);
            if (back >= 0 && a > b)
                continue;
            double w = net->tie_weight[k] + (back >= 0 ? net->tie_weight[back] : 0.0);
            nb[fill[a]] = b;
            mw[fill[a]++] = w;
            nb[fill[b]] = a;
            mw[fill[b]++] = w;
        }
        free(fill);
    }
    for (uint32_t v = 0; v < n; v++)
        for (size_t i = start[v]; i < start[v + 1]; i++) {
            total[v] += mw[i];
            if (mw[i] > maxw[v])
                maxw[v] = mw[i];
        }
    for (uint32_t u = 0; u < n; u++) {
        size_t deg = start[u + 1] - start[u];
        if (deg == 0) {
            nd->effective_size[u] = NAN;
            nd->efficiency[u] = NAN;
            continue;
        }
        /* row[w] = p(u, w) for the neighbours w of u */
        for (size_t i = start[u]; i < start[u + 1]; i++) {
            row[nb[i]] = total[u] > 0 ? mw[i] / total[u] : 0.0;
            stamp[nb[i]] = u + 1;
        }
        double e = 0;
        for (size_t i = start[u]; i < start[u + 1]; i++) {
            uint32_t v = nb[i];
            double r = 0;
            if (maxw[v] > 0)
                for (size_t j = start[v]; j < start[v + 1]; j++)
                    if (stamp[nb[j]] == u + 1)
                        r += row[nb[j]] * (mw[j] / maxw[v]);
            e += 1.0 - r;
        }
        nd->effective_size[u] = e;
        nd->efficiency[u] = e / (double)deg;
    }
out:
    free(start);
    free(nb);
    free(mw);
    free(total);
    free(maxw);
    free(row);
    free(stamp);
    return rc;
}

static sn_status components(const sn_net *net, sn_net_metrics *nm, sn_err *err)
{
    igraph_vector_int_t membership, sizes;
    igraph_integer_t count;
    if (igraph_vector_int_init(&membership, 0))
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    if (igraph_vector_int_init(&sizes, 0)) {
        igraph_vector_int_destroy(&membership);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    igraph_error_t rc =
        igraph_connected_components(sn_net_graph(net), &membership, &sizes, &count, IGRAPH_WEAK);
    if (rc == IGRAPH_SUCCESS) {
        nm->weak_components = (long)count;
        nm->largest_weak = count ? (long)igraph_vector_int_max(&sizes) : 0;
        rc = igraph_connected_components(sn_net_graph(net), NULL, NULL, &count, IGRAPH_STRONG);
        nm->strong_components = (long)count;
    }
    if (rc == IGRAPH_SUCCESS) {
        rc = igraph_articulation_points(sn_net_graph(net), &membership);
        size_t k = (size_t)igraph_vector_int_size(&membership);
        if (rc == IGRAPH_SUCCESS && k) {
            igraph_vector_int_sort(&membership);
            nm->articulation = malloc(k * sizeof *nm->articulation);
            if (!nm->articulation)
                rc = IGRAPH_ENOMEM;
            for (size_t i = 0; rc == IGRAPH_SUCCESS && i < k; i++)
                nm->articulation[i] = (uint32_t)VECTOR(membership)[i];
            nm->n_articulation = nm->articulation ? k : 0;
        }
    }
    igraph_vector_int_destroy(&membership);
    igraph_vector_int_destroy(&sizes);
    return rc == IGRAPH_SUCCESS ? SN_OK : sni_igraph_status(err, "components", rc);
}

/* Freeman centralization of scores given the theoretical maximum (igraph's normalisation). */
static double centralization(const double *scores, uint32_t n, double tmax)
{
    if (n == 0 || !(tmax > 0))
        return NAN;
    double max = scores[0], sum = 0;
    for (uint32_t i = 0; i < n; i++)
        if (scores[i] > max)
            max = scores[i];
    for (uint32_t i = 0; i < n; i++)
        sum += max - scores[i];
    return sum / tmax;
}

static sn_status centralizations(const sn_net *net, const sn_node_metrics *nd, sn_net_metrics *nm,
                                 sn_err *err)
{
    const igraph_t *g = sn_net_graph(net);
    uint32_t n = net->n_nodes;
    igraph_real_t t_in, t_out, t_all, t_bet;
    igraph_error_t rc = igraph_centralization_degree_tmax(g, 0, IGRAPH_IN, false, &t_in);
    if (!rc)
        rc = igraph_centralization_degree_tmax(g, 0, IGRAPH_OUT, false, &t_out);
    if (!rc)
        rc = igraph_centralization_degree_tmax(g, 0, IGRAPH_ALL, false, &t_all);
    if (!rc)
        rc = igraph_centralization_betweenness_tmax(g, 0, IGRAPH_DIRECTED, &t_bet);
    if (rc)
        return sni_igraph_status(err, "centralization", rc);
    double *all = vec_alloc(n);
    if (!all)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    /* igraph's "all" degree counts a mutual pair twice: in-ties plus out-ties. */
    for (uint32_t v = 0; v < n; v++)
        all[v] = nd->degree_in[v] + nd->degree_out[v];
    nm->centralization_degree_in = centralization(nd->degree_in, n, t_in);
    nm->centralization_degree_out = centralization(nd->degree_out, n, t_out);
    nm->centralization_degree_all = centralization(all, n, t_all);
    nm->centralization_betweenness = centralization(nd->betweenness, n, t_bet);
    free(all);
    return SN_OK;
}

/* Reciprocity from the sorted tie list: a tie is mutual when its reverse exists. */
static void reciprocity(const sn_net *net, sn_net_metrics *nm)
{
    size_t mutual_ties = 0;
    for (size_t k = 0; k < net->n_ties; k++)
        mutual_ties += sn_net_tie(net, sn_tie_to(net, k), sn_tie_from(net, k)) >= 0;
    size_t m = net->n_ties;
    nm->reciprocity = m ? (double)mutual_ties / (double)m : 0.0;
    double mutual_dyads = (double)mutual_ties / 2.0;
    double dyads = (double)m - mutual_dyads;
    nm->dyadic_reciprocity = dyads > 0 ? mutual_dyads / dyads : 0.0;
}

sn_status sn_metrics_compute(const sn_net *net, const sn_metrics_opts *opts, sn_metrics *out,
                             sn_err *err)
{
    memset(out, 0, sizeof *out);
    uint32_t n = net->n_nodes;
    out->n = n;
    sn_node_metrics *nd = &out->node;
    double **fields[] = {&nd->degree_in,      &nd->degree_out, &nd->strength_in, &nd->strength_out,
                         &nd->betweenness,    &nd->closeness,  &nd->harmonic,    &nd->pagerank,
                         &nd->eigenvector,    &nd->hub,        &nd->authority,   &nd->constraint,
                         &nd->effective_size, &nd->efficiency};
    int ok = 1;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        ok &= (*fields[i] = vec_alloc(n)) != NULL;
    nd->reachable = calloc(n ? n : 1, sizeof *nd->reachable);
    if (!ok || !nd->reachable) {
        sn_metrics_free(out);
        return sn_err_set(err, SN_ENOMEM, "out of memory computing metrics");
    }
    for (size_t k = 0; k < net->n_ties; k++) {
        uint32_t a = sn_tie_from(net, k), b = sn_tie_to(net, k);
        nd->degree_out[a] += 1;
        nd->degree_in[b] += 1;
        nd->strength_out[a] += net->tie_weight[k];
        nd->strength_in[b] += net->tie_weight[k];
    }
    sn_net_metrics *nm = &out->net;
    nm->density = n > 1 ? (double)net->n_ties / ((double)n * (double)(n - 1)) : 0.0;
    for (uint32_t i = 0; i < n; i++)
        nm->isolates += nd->degree_in[i] == 0 && nd->degree_out[i] == 0;
    reciprocity(net, nm);
    sn_status rc = components(net, nm, err);
    int nodes = !(opts && opts->network_only);
    int inverse = opts && opts->path_weights == SN_PATHS_INVERSE;
    int sample = opts && opts->betweenness_sample > 0;
    if (rc == SN_OK && nodes && sample && inverse)
        rc = sn_err_set(err, SN_EUSAGE,
                        "%s samples unweighted shortest paths only; with %s inverse betweenness "
                        "is exact: leave out one of the two",
                        sn_opt_shown("betweenness_sample"), sn_opt_shown("path_weights"));
    if (rc == SN_OK && nodes && sample) {
        sni_sample_opts so = {opts->betweenness_sample,
                              opts->betweenness_delta > 0 ? opts->betweenness_delta : 0.1,
                              opts->seed};
        sni_sample_info info;
        rc = sni_paths_sampled(net, &so, nd->betweenness, nd->closeness, nd->harmonic,
                               nd->reachable, &info, err);
        out->betweenness = (sn_betweenness_method){
            1, info.eps, info.delta, info.samples, info.vertex_diameter, opts->seed};
    } else if (rc == SN_OK && nodes) {
        rc = inverse ? paths_inverse(net, nd, err)
                     : sni_paths_unweighted(net, nd->betweenness, nd->closeness, nd->harmonic,
                                            nd->reachable, err);
    }
    if (rc == SN_OK && nodes)
        rc = spectral(net, nd, err);
    if (rc == SN_OK && nodes)
        rc = eigen_scores(net, nd, err);
    if (rc == SN_OK && nodes)
        rc = effective_size(net, nd, err);
    if (rc == SN_OK)
        rc = centralizations(net, nd, nm, err);
    if (!nodes)
        nm->centralization_betweenness = NAN; /* no betweenness computed */
    if (rc != SN_OK)
        sn_metrics_free(out);
    return rc;
}

void sn_metrics_free(sn_metrics *m)
{
    sn_node_metrics *nd = &m->node;
    double *fields[] = {nd->degree_in,      nd->degree_out, nd->strength_in, nd->strength_out,
                        nd->betweenness,    nd->closeness,  nd->harmonic,    nd->pagerank,
                        nd->eigenvector,    nd->hub,        nd->authority,   nd->constraint,
                        nd->effective_size, nd->efficiency};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        free(fields[i]);
    free(nd->reachable);
    free(m->net.articulation);
    memset(m, 0, sizeof *m);
}
