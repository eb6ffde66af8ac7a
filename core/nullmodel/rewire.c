/*
 * rewire.c - degree-preserving rewiring (samnett/nullmodel.h,
 * sn_null_rewire). Each draw swaps the targets of pairs of ties on its own
 * copy of the graph, then measures it in plain C (no igraph: it is not
 * thread-safe in every build).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "samnett/brokerage.h"

typedef struct rewire_ctx {
    const sn_null_rewire_in *in;
    size_t *out_start; /* n + 1 */
    size_t n_stats;
    long attempts;
    sn_partition part;
    int want_paths;
} rewire_ctx;

typedef struct rewire_scratch {
    uint32_t *to, *slot_from;
    uint32_t *stamp;
    size_t *ustart; /* undirected adjacency */
    uint32_t *unb;
    uint32_t *order;
    int32_t *dist;
    double *sigma, *delta, *btw, *top;
    igraph_integer_t *edges;
} rewire_scratch;

static void scratch_free(void *ud, void *p)
{
    (void)ud;
    rewire_scratch *s = p;
    free(s->to);
    free(s->slot_from);
    free(s->stamp);
    free(s->ustart);
    free(s->unb);
    free(s->order);
    free(s->dist);
    free(s->sigma);
    free(s->delta);
    free(s->btw);
    free(s->top);
    free(s->edges);
    free(s);
}

static void *scratch_new(void *ud)
{
    rewire_ctx *c = ud;
    size_t n = c->in->n_nodes ? c->in->n_nodes : 1, m = c->in->n_ties ? c->in->n_ties : 1;
    rewire_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->to = malloc(m * sizeof *s->to);
    s->slot_from = malloc(m * sizeof *s->slot_from);
    s->stamp = calloc(n, sizeof *s->stamp);
    s->ustart = malloc((n + 1) * sizeof *s->ustart);
    s->unb = malloc(2 * m * sizeof *s->unb);
    s->order = malloc(n * sizeof *s->order);
    s->dist = malloc(n * sizeof *s->dist);
    s->sigma = malloc(n * sizeof *s->sigma);
    s->delta = malloc(n * sizeof *s->delta);
    s->btw = malloc(n * sizeof *s->btw);
    s->top = malloc(n * sizeof *s->top);
    s->edges = malloc(2 * m * sizeof *s->edges);
    if (!s->to || !s->slot_from || !s->stamp || !s->ustart || !s->unb || !s->order || !s->dist ||
        !s->sigma || !s->delta || !s->btw || !s->top || !s->edges) {
        scratch_free(ud, s);
        return NULL;
    }
    memcpy(s->slot_from, c->in->from, c->in->n_ties * sizeof *s->slot_from);
    return s;
}

static int has_tie(const rewire_ctx *c, const uint32_t *to, uint32_t a, uint32_t b)
{
    for (size_t k = c->out_start[a]; k < c->out_start[a + 1]; k++)
        if (to[k] == b)
            return 1;
    return 0;
}

static void rewire(rewire_ctx *c, rewire_scratch *s, rng *r)
{
    size_t m = c->in->n_ties;
    memcpy(s->to, c->in->to, m * sizeof *s->to);
    if (m < 2)
        return;
    for (long t = 0; t < c->attempts; t++) {
        size_t i = sn_null_below(r, (uint32_t)m), j = sn_null_below(r, (uint32_t)m);
        uint32_t a = s->slot_from[i], b = s->to[i], cc = s->slot_from[j], d = s->to[j];
        if (a == cc || b == d || a == d || cc == b)
            continue;
        if (has_tie(c, s->to, a, d) || has_tie(c, s->to, cc, b))
            continue;
        s->to[i] = d;
        s->to[j] = b;
    }
}

static double reciprocity(const rewire_ctx *c, const uint32_t *to)
{
    size_t m = c->in->n_ties, rec = 0;
    if (!m)
        return NAN;
    for (uint32_t a = 0; a < c->in->n_nodes; a++)
        for (size_t k = c->out_start[a]; k < c->out_start[a + 1]; k++)
            rec += has_tie(c, to, to[k], a);
    return (double)rec / (double)m;
}

/* Global transitivity of the undirected simple graph. */
static double clustering(const rewire_ctx *c, rewire_scratch *s)
{
    uint32_t n = c->in->n_nodes;
    /* undirected neighbour lists, without duplicates */
    memset(s->ustart, 0, ((size_t)n + 1) * sizeof *s->ustart);
    for (uint32_t a = 0; a < n; a++)
        for (size_t k = c->out_start[a]; k < c->out_start[a + 1]; k++) {
            uint32_t b = s->to[k];
            /* a->b and b->a give one edge: count it from the smaller end's tie */
            if (b < a && has_tie(c, s->to, b, a))
                continue;
            s->ustart[a + 1]++;
            s->ustart[b + 1]++;
        }
    for (uint32_t v = 0; v < n; v++)
        s->ustart[v + 1] += s->ustart[v];
    size_t *pos = malloc(((size_t)n + 1) * sizeof *pos);
    if (!pos)
        return NAN;
    memcpy(pos, s->ustart, ((size_t)n + 1) * sizeof *pos);
    for (uint32_t a = 0; a < n; a++)
        for (size_t k = c->out_start[a]; k < c->out_start[a + 1]; k++) {
            uint32_t b = s->to[k];
            if (b < a && has_tie(c, s->to, b, a))
                continue;
            s->unb[pos[a]++] = b;
            s->unb[pos[b]++] = a;
        }
    free(pos);
    double tri = 0, triples = 0;
    memset(s->stamp, 0, n * sizeof *s->stamp);
    for (uint32_t u = 0; u < n; u++) {
        double d = (double)(s->ustart[u + 1] - s->ustart[u]);
        triples += d * (d - 1) / 2;
        for (size_t k = s->ustart[u]; k < s->ustart[u + 1]; k++)
            s->stamp[s->unb[k]] = u + 1;
        for (size_t k = s->ustart[u]; k < s->ustart[u + 1]; k++) {
            uint32_t v = s->unb[k];
            if (v <= u)
                continue;
            for (size_t l = s->ustart[v]; l < s->ustart[v + 1]; l++) {
                uint32_t w = s->unb[l];
                if (w > v && s->stamp[w] == u + 1)
                    tri += 1;
            }
        }
    }
    return triples > 0 ? 3 * tri / triples : NAN;
}

/* Raw directed unweighted betweenness (Brandes 2001) into s->btw. */
static void betweenness(const rewire_ctx *c, rewire_scratch *s)
{
    uint32_t n = c->in->n_nodes;
    for (uint32_t v = 0; v < n; v++) {
        s->btw[v] = 0;
        s->dist[v] = -1;
    }
    for (uint32_t src = 0; src < n; src++) {
        uint32_t head = 0, tail = 0;
        s->order[tail++] = src;
        s->dist[src] = 0;
        s->sigma[src] = 1;
        while (head < tail) {
            uint32_t v = s->order[head++];
            for (size_t k = c->out_start[v]; k < c->out_start[v + 1]; k++) {
                uint32_t x = s->to[k];
                if (s->dist[x] < 0) {
                    s->dist[x] = s->dist[v] + 1;
                    s->sigma[x] = 0;
                    s->order[tail++] = x;
                }
                if (s->dist[x] == s->dist[v] + 1)
                    s->sigma[x] += s->sigma[v];
            }
        }
        for (uint32_t i = tail; i-- > 0;) {
            uint32_t v = s->order[i];
            double dv = 0;
            for (size_t k = c->out_start[v]; k < c->out_start[v + 1]; k++) {
                uint32_t x = s->to[k];
                if (s->dist[x] == s->dist[v] + 1)
                    dv += s->sigma[v] / s->sigma[x] * (1 + s->delta[x]);
            }
            s->delta[v] = dv;
            if (v != src)
                s->btw[v] += dv;
        }
        for (uint32_t i = 0; i < tail; i++)
            s->dist[s->order[i]] = -1;
    }
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

static void measure(rewire_ctx *c, rewire_scratch *s, double *out)
{
    const sn_null_rewire_in *in = c->in;
    for (size_t i = 0; i < c->n_stats; i++)
        out[i] = NAN;
    if (in->want[SN_NR_RECIPROCITY])
        out[SN_NR_RECIPROCITY] = reciprocity(c, s->to);
    if (in->want[SN_NR_CLUSTERING])
        out[SN_NR_CLUSTERING] = clustering(c, s);
    if (c->want_paths) {
        betweenness(c, s);
        if (in->want[SN_NR_TOP_SHARE]) {
            double total = 0;
            for (uint32_t v = 0; v < in->n_nodes; v++)
                total += s->top[v] = s->btw[v];
            qsort(s->top, in->n_nodes, sizeof *s->top, cmp_desc);
            double top = 0;
            for (uint32_t i = 0; i < in->top_k && i < in->n_nodes; i++)
                top += s->top[i];
            out[SN_NR_TOP_SHARE] = total > 0 ? top / total : NAN;
        }
        if (in->want_betweenness)
            for (size_t f = 0; f < in->n_focus; f++)
                out[SN_NR_GLOBAL + f * SN_NR_PER_NODE + SN_NR_BETWEENNESS] = s->btw[in->focus[f]];
    }
    if (in->group) {
        sn_net net;
        memset(&net, 0, sizeof net);
        net.n_nodes = in->n_nodes;
        net.n_ties = in->n_ties;
        net.out_start = c->out_start;
        net.edges = s->edges;
        for (size_t k = 0; k < in->n_ties; k++) {
            s->edges[2 * k] = s->slot_from[k];
            s->edges[2 * k + 1] = s->to[k];
        }
        sn_brokerage b;
        if (sn_brokerage_compute(&net, &c->part, &b, NULL) == SN_OK) {
            for (size_t f = 0; f < in->n_focus; f++)
                for (int r = 0; r < SN_ROLES; r++)
                    out[SN_NR_GLOBAL + f * SN_NR_PER_NODE + SN_NR_BROKERAGE + r] =
                        b.raw[(size_t)in->focus[f] * SN_ROLES + r];
            sn_brokerage_free(&b);
        }
    }
}

static void draw(void *ud, void *scratch, rng *r, double *stats)
{
    rewire_ctx *c = ud;
    rewire_scratch *s = scratch;
    rewire(c, s, r);
    measure(c, s, stats);
}

sn_status sn_null_rewire(const sn_null_rewire_in *in, sn_null_rewire_out *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    if (in->draws < 1 || in->draws > SN_NULL_MAX_DRAWS)
        return sn_err_set(err, SN_EUSAGE, "draws = %ld; expected 1 to %d", in->draws,
                          SN_NULL_MAX_DRAWS);
    uint32_t n = in->n_nodes;
    size_t m = in->n_ties;
    if (m > UINT32_MAX)
        return sn_err_set(err, SN_EUSAGE, "rewiring: too many ties (%zu)", m);
    rewire_ctx c;
    memset(&c, 0, sizeof c);
    c.in = in;
    c.n_stats = SN_NR_GLOBAL + in->n_focus * SN_NR_PER_NODE;
    double f = in->swap_factor > 0 ? in->swap_factor : 10;
    c.attempts = (long)ceil(f * (double)m);
    c.want_paths = in->want[SN_NR_TOP_SHARE] || (in->want_betweenness && in->n_focus);
    c.out_start = calloc((size_t)n + 1, sizeof *c.out_start);
    if (!c.out_start)
        return sn_err_set(err, SN_ENOMEM, "null model: out of memory");
    for (size_t k = 0; k < m; k++) {
        if (in->from[k] >= n || in->to[k] >= n || in->from[k] == in->to[k] ||
            (k && in->from[k] < in->from[k - 1])) {
            free(c.out_start);
            return sn_err_set(err, SN_EUSAGE, "rewiring: tie %zu is out of order or a self-loop",
                              k);
        }
        c.out_start[in->from[k] + 1]++;
    }
    for (uint32_t v = 0; v < n; v++)
        c.out_start[v + 1] += c.out_start[v];
    if (in->group) {
        c.part.n_nodes = n;
        c.part.n_groups = in->n_groups;
        c.part.group = (uint32_t *)in->group;
    }
    sn_status st = SN_OK;
    double *observed = malloc(c.n_stats * sizeof *observed);
    sn_null_acc *acc = calloc(c.n_stats, sizeof *acc);
    out->node = calloc(in->n_focus * SN_NR_PER_NODE + 1, sizeof *out->node);
    rewire_scratch *s0 = scratch_new(&c);
    if (!observed || !acc || !out->node || !s0) {
        st = sn_err_set(err, SN_ENOMEM, "null model: out of memory");
        goto out;
    }
    memcpy(s0->to, in->to, m * sizeof *s0->to);
    measure(&c, s0, observed);
    sn_null_runner r = {.draws = in->draws,
                        .seed = in->seed,
                        .threads = in->threads,
                        .n_stats = c.n_stats,
                        .observed = observed,
                        .ud = &c,
                        .scratch_new = scratch_new,
                        .scratch_free = scratch_free,
                        .draw = draw};
    st = sn_null_run(&r, acc, err);
    if (st != SN_OK)
        goto out;
    for (int g = 0; g < SN_NR_GLOBAL; g++)
        sn_null_acc_finish(&acc[g], observed[g], &out->global[g]);
    for (size_t i = 0; i < in->n_focus * SN_NR_PER_NODE; i++)
        sn_null_acc_finish(&acc[SN_NR_GLOBAL + i], observed[SN_NR_GLOBAL + i], &out->node[i]);
out:
    if (s0)
        scratch_free(&c, s0);
    free(observed);
    free(acc);
    free(c.out_start);
    if (st != SN_OK)
        sn_null_rewire_free(out);
    return st;
}

void sn_null_rewire_free(sn_null_rewire_out *out)
{
    free(out->node);
    memset(out, 0, sizeof *out);
}
