/* centrality.c - degree, strength, betweenness, PageRank and whole-network measures. */
#include "samnett/metrics.h"

#include <stdlib.h>
#include <string.h>

static double *vec_alloc(uint32_t n)
{
    return calloc(n ? n : 1, sizeof(double));
}

/* Copy an igraph result vector into a plain array. */
static void vec_copy(double *dst, const igraph_vector_t *v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        dst[i] = VECTOR(*v)[i];
}

static sn_status betweenness(const sn_net *net, const sn_metrics_opts *opts, double *out,
                             sn_err *err)
{
    igraph_vector_t res, inv;
    igraph_vector_t *weights = NULL;
    if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
        return sn_err_set(err, SN_ENOMEM, "out of memory computing betweenness");
    if (opts && opts->path_weights == SN_PATHS_INVERSE) {
        if (igraph_vector_init(&inv, (igraph_integer_t)net->n_ties) != IGRAPH_SUCCESS) {
            igraph_vector_destroy(&res);
            return sn_err_set(err, SN_ENOMEM, "out of memory computing betweenness");
        }
        for (size_t e = 0; e < net->n_ties; e++)
            VECTOR(inv)[e] = 1.0 / net->tie_weight[e];
        weights = &inv;
    }
    igraph_error_t rc =
        igraph_betweenness(&net->graph, &res, igraph_vss_all(), IGRAPH_DIRECTED, weights);
    if (rc == IGRAPH_SUCCESS)
        vec_copy(out, &res, net->n_nodes);
    igraph_vector_destroy(&res);
    if (weights)
        igraph_vector_destroy(&inv);
    return rc == IGRAPH_SUCCESS
               ? SN_OK
               : sn_err_set(err, SN_EANALYSIS, "betweenness failed: %s", igraph_strerror(rc));
}

static sn_status pagerank(const sn_net *net, double *out, sn_err *err)
{
    igraph_vector_t res;
    igraph_vector_t w = sn_net_weights(net);
    igraph_real_t value;
    if (igraph_vector_init(&res, 0) != IGRAPH_SUCCESS)
        return sn_err_set(err, SN_ENOMEM, "out of memory computing PageRank");
    igraph_error_t rc =
        igraph_pagerank(&net->graph, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(),
                        IGRAPH_DIRECTED, 0.85, net->n_ties ? &w : NULL, NULL);
    if (rc == IGRAPH_SUCCESS)
        vec_copy(out, &res, net->n_nodes);
    igraph_vector_destroy(&res);
    return rc == IGRAPH_SUCCESS
               ? SN_OK
               : sn_err_set(err, SN_EANALYSIS, "PageRank failed: %s", igraph_strerror(rc));
}

static sn_status components(const sn_net *net, sn_net_metrics *nm, sn_err *err)
{
    igraph_vector_int_t membership, sizes;
    igraph_integer_t count;
    if (igraph_vector_int_init(&membership, 0) != IGRAPH_SUCCESS)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    if (igraph_vector_int_init(&sizes, 0) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&membership);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    igraph_error_t rc =
        igraph_connected_components(&net->graph, &membership, &sizes, &count, IGRAPH_WEAK);
    if (rc == IGRAPH_SUCCESS) {
        nm->weak_components = (long)count;
        nm->largest_weak = count ? (long)igraph_vector_int_max(&sizes) : 0;
        rc = igraph_connected_components(&net->graph, NULL, NULL, &count, IGRAPH_STRONG);
        nm->strong_components = (long)count;
    }
    igraph_vector_int_destroy(&membership);
    igraph_vector_int_destroy(&sizes);
    return rc == IGRAPH_SUCCESS
               ? SN_OK
               : sn_err_set(err, SN_EANALYSIS, "components failed: %s", igraph_strerror(rc));
}

/* Reciprocity from the sorted tie list: a tie is mutual when its reverse exists. */
static void reciprocity(const sn_net *net, sn_net_metrics *nm)
{
    size_t mutual_ties = 0;
    const igraph_integer_t *e = net->edges;
    /* Ties are sorted by (from, to); binary search for the reverse of each. */
    for (size_t k = 0; k < net->n_ties; k++) {
        igraph_integer_t a = e[2 * k + 1], b = e[2 * k];
        size_t lo = 0, hi = net->n_ties;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            igraph_integer_t x = e[2 * mid], y = e[2 * mid + 1];
            if (x < a || (x == a && y < b))
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < net->n_ties && e[2 * lo] == a && e[2 * lo + 1] == b)
            mutual_ties++;
    }
    size_t m = net->n_ties;
    nm->reciprocity = m ? (double)mutual_ties / (double)m : 0.0;
    /* mutual dyads = mutual_ties / 2; connected dyads = m - mutual dyads */
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
    nd->degree_in = vec_alloc(n);
    nd->degree_out = vec_alloc(n);
    nd->strength_in = vec_alloc(n);
    nd->strength_out = vec_alloc(n);
    nd->betweenness = vec_alloc(n);
    nd->pagerank = vec_alloc(n);
    if (!nd->degree_in || !nd->degree_out || !nd->strength_in || !nd->strength_out ||
        !nd->betweenness || !nd->pagerank) {
        sn_metrics_free(out);
        return sn_err_set(err, SN_ENOMEM, "out of memory computing metrics");
    }
    for (size_t k = 0; k < net->n_ties; k++) {
        igraph_integer_t a = net->edges[2 * k], b = net->edges[2 * k + 1];
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
    if (rc == SN_OK)
        rc = betweenness(net, opts, nd->betweenness, err);
    if (rc == SN_OK)
        rc = pagerank(net, nd->pagerank, err);
    if (rc != SN_OK)
        sn_metrics_free(out);
    return rc;
}

void sn_metrics_free(sn_metrics *m)
{
    free(m->node.degree_in);
    free(m->node.degree_out);
    free(m->node.strength_in);
    free(m->node.strength_out);
    free(m->node.betweenness);
    free(m->node.pagerank);
    memset(m, 0, sizeof *m);
}
