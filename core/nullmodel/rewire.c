/*
 * rewire.c - degree-preserving rewiring (samnett/nullmodel.h,
 * sn_null_rewire). The draws come from swap chains: each block of draws
 * (run.h) is one chain that starts from the observed graph. A chain keeps
 * its graph as the ties' targets and a table of node pairs (a matrix of 2
 * bits a pair up to rw_bits_nodes nodes, else a hash of the pairs with a
 * tie), so that a swap attempt costs O(1); the count of ties whose reverse
 * exists, the undirected degrees and the connected triples follow each
 * swap. Triangles are counted per draw (O(ties + the sum of squared ranked
 * out-degrees), less than keeping them through the ties' worth of swaps
 * between draws would cost), betweenness and brokerage computed per draw,
 * all in plain C (igraph is not thread-safe in every build).
 */
#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "samnett/brokerage.h"
#include "../util/toolbox.h"

/* A matrix of node pairs (2 bits a pair, n * n / 4 bytes a chain) up to this many nodes,
   else a hash of the pairs with a tie. */
#define RW_BITS_NODES 5792
static uint32_t rw_bits_nodes = RW_BITS_NODES; /* tests lower it to try the hash */
#define RW_EMPTY UINT64_MAX
/* Attempts per tie between the draws of a chain (samnett/nullmodel.h says why). */
#define RW_THIN 1

/* The state of one chain. */
typedef struct rw_chain {
    uint32_t *to;     /* tie slot k (from in->from[k]) -> its target */
    uint32_t *udeg;   /* neighbours in the undirected simple graph (clustering) */
    uint64_t *cells;  /* n rows of `words`: 2 bits per pair x, y: 1 = x -> y, 2 = y -> x */
    uint64_t *key;    /* pair hash: min << 32 | max, or RW_EMPTY */
    uint8_t *dir;     /* per key: 1 = a tie min -> max, 2 = max -> min */
    uint64_t rec;     /* ties whose reverse exists */
    uint64_t triples; /* connected triples: the sum of udeg (udeg - 1) / 2 */
} rw_chain;

typedef struct rewire_ctx {
    const sn_null_rewire_in *in;
    size_t *out_start; /* n + 1 */
    uint32_t *rank;    /* the order of the triangle count */
    size_t n_stats;
    long burn;       /* attempts before the first draw of a chain */
    long thin;       /* attempts between draws */
    size_t words;    /* pair-matrix row length, 0: the pair hash */
    size_t hash_cap; /* a power of two */
    int hash_bits;
    int want_rec, want_tri;
    sn_partition part;
    int want_paths;
    rw_chain obs; /* the observed graph */
} rewire_ctx;

typedef struct rewire_scratch {
    rw_chain g;
    int fresh;          /* the chain has not given a draw yet */
    uint32_t *up_start; /* the triangle count's ranked edges */
    uint32_t *up;
    uint32_t *order;
    int32_t *dist;
    double *sigma, *delta, *btw, *top;
    igraph_integer_t *edges;
} rewire_scratch;

/* ---- adjacency ---- */

static inline uint64_t pair_key(uint32_t a, uint32_t b)
{
    return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

/* The slot of key in the hash, or the empty slot where it would go. */
static inline size_t pair_slot(const rewire_ctx *c, const rw_chain *g, uint64_t key)
{
    size_t mask = c->hash_cap - 1,
           h = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> (64 - c->hash_bits));
    while (g->key[h] != key && g->key[h] != RW_EMPTY)
        h = (h + 1) & mask;
    return h;
}

/* The pair x, y: 1 when there is a tie x -> y, 2 when y -> x (3: both). */
static inline unsigned pair_get(const rewire_ctx *c, const rw_chain *g, uint32_t x, uint32_t y)
{
    if (c->words)
        return (unsigned)(g->cells[(size_t)x * c->words + (y >> 5)] >> 2 * (y & 31)) & 3;
    size_t h = pair_slot(c, g, pair_key(x, y));
    if (g->key[h] == RW_EMPTY)
        return 0;
    return x < y ? g->dir[h] : (unsigned)(g->dir[h] >> 1 | (g->dir[h] & 1) << 1);
}

/* Add the tie a -> b (absent). */
static inline void arc_add(const rewire_ctx *c, rw_chain *g, uint32_t a, uint32_t b)
{
    if (c->words) {
        g->cells[(size_t)a * c->words + (b >> 5)] |= (uint64_t)1 << 2 * (b & 31);
        g->cells[(size_t)b * c->words + (a >> 5)] |= (uint64_t)2 << 2 * (a & 31);
        return;
    }
    uint64_t key = pair_key(a, b);
    size_t h = pair_slot(c, g, key);
    if (g->key[h] == RW_EMPTY) {
        g->key[h] = key;
        g->dir[h] = 0;
    }
    g->dir[h] |= a < b ? 1 : 2;
}

/* Remove the tie a -> b (present). */
static inline void arc_remove(const rewire_ctx *c, rw_chain *g, uint32_t a, uint32_t b)
{
    if (c->words) {
        g->cells[(size_t)a * c->words + (b >> 5)] &= ~((uint64_t)1 << 2 * (b & 31));
        g->cells[(size_t)b * c->words + (a >> 5)] &= ~((uint64_t)2 << 2 * (a & 31));
        return;
    }
    size_t mask = c->hash_cap - 1, h = pair_slot(c, g, pair_key(a, b));
    g->dir[h] &= (uint8_t) ~(a < b ? 1 : 2);
    if (g->dir[h])
        return;
    /* backward-shift deletion: move later entries of the probe run into the hole */
    size_t hole = h;
    for (size_t k = (h + 1) & mask; g->key[k] != RW_EMPTY; k = (k + 1) & mask) {
        size_t home = (size_t)((g->key[k] * 0x9e3779b97f4a7c15ULL) >> (64 - c->hash_bits));
        /* k's entry may fill the hole unless its home lies cyclically in (hole, k] */
        if (((k - home) & mask) >= ((k - hole) & mask)) {
            g->key[hole] = g->key[k];
            g->dir[hole] = g->dir[k];
            hole = k;
        }
    }
    g->key[hole] = RW_EMPTY;
}

/*
 * The triangles of the undirected simple graph (Schank and Wagner 2005,
 * "forward"): each edge points from the end of lower rank (nodes ranked by
 * in- plus out-degree) to the other, and a triangle is counted once, at its
 * lowest-ranked node, as a pair of its out-neighbours that are neighbours.
 * O(m + sum of squared out-degrees), the out-degrees being those of the
 * ranked edges (small: a node of high degree has few neighbours above it).
 */
static uint64_t triangles(const rewire_ctx *c, const rw_chain *g, uint32_t *up_start, uint32_t *up)
{
    const uint32_t *from = c->in->from, *rank = c->rank;
    uint32_t n = c->in->n_nodes;
    size_t m = c->in->n_ties;
    memset(up_start, 0, ((size_t)n + 2) * sizeof *up_start);
    for (size_t k = 0; k < m; k++) {
        uint32_t a = from[k], b = g->to[k];
        if (a < b || !(pair_get(c, g, a, b) & 2)) /* each edge once */
            up_start[(rank[a] < rank[b] ? a : b) + 2]++;
    }
    for (uint32_t v = 0; v < n; v++)
        up_start[v + 2] += up_start[v + 1];
    for (size_t k = 0; k < m; k++) {
        uint32_t a = from[k], b = g->to[k];
        if (a < b || !(pair_get(c, g, a, b) & 2)) {
            int a_low = rank[a] < rank[b];
            up[up_start[(a_low ? a : b) + 1]++] = a_low ? b : a;
        }
    }
    uint64_t t = 0;
    for (uint32_t x = 0; x < n; x++)
        for (uint32_t p = up_start[x]; p < up_start[x + 1]; p++) {
            if (c->words) {
                const uint64_t *row = g->cells + (size_t)up[p] * c->words;
                for (uint32_t q = p + 1; q < up_start[x + 1]; q++)
                    t += ((row[up[q] >> 5] >> 2 * (up[q] & 31)) & 3) != 0;
            } else {
                for (uint32_t q = p + 1; q < up_start[x + 1]; q++)
                    t += pair_get(c, g, up[p], up[q]) != 0;
            }
        }
    return t;
}

/* The undirected edge a-b appears (+1) or goes (-1): the degrees and connected triples. */
static inline void edge_change(rw_chain *g, uint32_t a, uint32_t b, int sign)
{
    if (sign > 0) {
        g->triples += (uint64_t)g->udeg[a] + g->udeg[b];
        g->udeg[a]++;
        g->udeg[b]++;
    } else {
        g->udeg[a]--;
        g->udeg[b]--;
        g->triples -= (uint64_t)g->udeg[a] + g->udeg[b];
    }
}

/*
 * Slots i (a -> b) and j (cc -> d) become a -> d and cc -> b, where ab, cd,
 * ad and cb are the pairs a, b and so on as they stand (no tie a -> d or
 * cc -> b). The count of ties whose reverse exists and, for clustering, the
 * undirected degrees, the connected triples and the in-lists follow.
 */
static void swap_ties(const rewire_ctx *c, rw_chain *g, uint32_t i, uint32_t j, uint32_t a,
                      uint32_t b, uint32_t cc, uint32_t d, unsigned ad, unsigned cb)
{
    /* a, b, cc and d are distinct, so no tie changed here is another's reverse */
    unsigned ab = 0, cd = 0;
    if (c->want_rec || c->want_tri) {
        ab = pair_get(c, g, a, b);
        cd = pair_get(c, g, cc, d);
        g->rec += 2 * (uint64_t)((ad >> 1) + (cb >> 1));
        g->rec -= 2 * (uint64_t)((ab >> 1) + (cd >> 1));
    }
    arc_remove(c, g, a, b);
    arc_remove(c, g, cc, d);
    arc_add(c, g, a, d);
    arc_add(c, g, cc, b);
    g->to[i] = d;
    g->to[j] = b;
    if (c->want_tri) {
        /* an undirected edge goes when its tie had no reverse, comes when the pair was empty */
        if (ab == 1)
            edge_change(g, a, b, -1);
        if (cd == 1)
            edge_change(g, cc, d, -1);
        if (!ad)
            edge_change(g, a, d, 1);
        if (!cb)
            edge_change(g, cc, b, 1);
    }
}

/*
 * attempts Maslov-Sneppen swaps: two tie slots drawn uniformly (independently),
 * (a -> b, cc -> d) -> (a -> d, cc -> b), refused when it would make a
 * self-loop or a tie that exists.
 */
static void rewire_steps(const rewire_ctx *c, rw_chain *g, rng *r, long attempts)
{
    size_t m = c->in->n_ties;
    if (m < 2)
        return;
    const uint32_t *from = c->in->from;
    for (long t = 0; t < attempts; t++) {
        uint64_t x = rng_next(r); /* two uniform slots from one 64-bit draw */
        uint32_t i = (uint32_t)(((x >> 32) * m) >> 32),
                 j = (uint32_t)(((x & UINT32_MAX) * m) >> 32);
        uint32_t a = from[i], b = g->to[i], cc = from[j], d = g->to[j];
        if (a == cc || b == d || a == d || cc == b)
            continue;
        unsigned ad = pair_get(c, g, a, d), cb = pair_get(c, g, cc, b);
        if ((ad & 1) || (cb & 1))
            continue;
        swap_ties(c, g, i, j, a, b, cc, d, ad, cb);
    }
}

/* ---- chains ---- */

static void chain_free(rw_chain *g)
{
    free(g->to);
    free(g->udeg);
    free(g->cells);
    free(g->key);
    free(g->dir);
    memset(g, 0, sizeof *g);
}

static int chain_alloc(const rewire_ctx *c, rw_chain *g)
{
    size_t n = c->in->n_nodes ? c->in->n_nodes : 1, m = c->in->n_ties ? c->in->n_ties : 1;
    memset(g, 0, sizeof *g);
    g->to = malloc(m * sizeof *g->to);
    g->udeg = malloc(n * sizeof *g->udeg);
    if (c->words) {
        g->cells = malloc(n * c->words * sizeof *g->cells);
    } else {
        g->key = malloc(c->hash_cap * sizeof *g->key);
        g->dir = malloc(c->hash_cap * sizeof *g->dir);
    }
    if (!g->to || !g->udeg || (c->words ? !g->cells : !g->key || !g->dir)) {
        chain_free(g);
        return 0;
    }
    return 1;
}

static void chain_copy(const rewire_ctx *c, rw_chain *dst, const rw_chain *src)
{
    size_t n = c->in->n_nodes, m = c->in->n_ties;
    if (m) {
        memcpy(dst->to, src->to, m * sizeof *dst->to);
    }
    if (n)
        memcpy(dst->udeg, src->udeg, n * sizeof *dst->udeg);
    if (c->words) {
        if (n)
            memcpy(dst->cells, src->cells, n * c->words * sizeof *dst->cells);
    } else {
        memcpy(dst->key, src->key, c->hash_cap * sizeof *dst->key);
        memcpy(dst->dir, src->dir, c->hash_cap * sizeof *dst->dir);
    }
    dst->rec = src->rec;
    dst->triples = src->triples;
}

/* The observed graph into g (allocated); SN_EUSAGE for a duplicate tie. */
static sn_status chain_observe(const rewire_ctx *c, rw_chain *g, sn_err *err)
{
    const sn_null_rewire_in *in = c->in;
    size_t n = in->n_nodes, m = in->n_ties;
    if (c->words) {
        memset(g->cells, 0, n * c->words * sizeof *g->cells);
    } else {
        for (size_t h = 0; h < c->hash_cap; h++)
            g->key[h] = RW_EMPTY;
    }
    for (size_t k = 0; k < m; k++) {
        uint32_t a = in->from[k], b = in->to[k];
        if (pair_get(c, g, a, b) & 1)
            return sn_err_set(err, SN_EUSAGE, "rewiring: tie %zu is a duplicate", k);
        arc_add(c, g, a, b);
        g->to[k] = b;
    }
    g->rec = g->triples = 0;
    for (size_t v = 0; v < n; v++)
        g->udeg[v] = 0;
    for (size_t k = 0; k < m; k++) {
        uint32_t a = in->from[k], b = in->to[k];
        int back = (pair_get(c, g, a, b) & 2) != 0;
        g->rec += (uint64_t)back;
        if (a < b || !back) { /* each undirected edge once */
            g->udeg[a]++;
            g->udeg[b]++;
        }
    }
    for (size_t v = 0; v < n; v++)
        g->triples += (uint64_t)g->udeg[v] * (g->udeg[v] ? g->udeg[v] - 1 : 0) / 2;
    return SN_OK;
}

/* ---- draws ---- */

static void rw_scratch_free(void *ud, void *p)
{
    (void)ud;
    rewire_scratch *s = p;
    chain_free(&s->g);
    free(s->up_start);
    free(s->up);
    free(s->order);
    free(s->dist);
    free(s->sigma);
    free(s->delta);
    free(s->btw);
    free(s->top);
    free(s->edges);
    free(s);
}

static void *rw_scratch_new(void *ud)
{
    rewire_ctx *c = ud;
    size_t n = c->in->n_nodes ? c->in->n_nodes : 1, m = c->in->n_ties ? c->in->n_ties : 1;
    rewire_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (!chain_alloc(c, &s->g)) {
        free(s);
        return NULL;
    }
    if (c->want_tri) {
        s->up_start = malloc((n + 2) * sizeof *s->up_start);
        s->up = malloc(m * sizeof *s->up);
        if (!s->up_start || !s->up) {
            rw_scratch_free(ud, s);
            return NULL;
        }
    }
    if (c->want_paths) {
        s->order = malloc(n * sizeof *s->order);
        s->dist = malloc(n * sizeof *s->dist);
        s->sigma = malloc(n * sizeof *s->sigma);
        s->delta = malloc(n * sizeof *s->delta);
        s->btw = malloc(n * sizeof *s->btw);
        s->top = malloc(n * sizeof *s->top);
        if (!s->order || !s->dist || !s->sigma || !s->delta || !s->btw || !s->top) {
            rw_scratch_free(ud, s);
            return NULL;
        }
    }
    if (c->in->group && !(s->edges = malloc(2 * m * sizeof *s->edges))) {
        rw_scratch_free(ud, s);
        return NULL;
    }
    return s;
}

/* Raw directed unweighted betweenness (Brandes 2001) of the chain's graph into s->btw. */
static void betweenness(const rewire_ctx *c, rewire_scratch *s)
{
    uint32_t n = c->in->n_nodes;
    const uint32_t *to = s->g.to;
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
                uint32_t x = to[k];
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
                uint32_t x = to[k];
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

static void measure(const rewire_ctx *c, rewire_scratch *s, double *out)
{
    const sn_null_rewire_in *in = c->in;
    for (size_t i = 0; i < c->n_stats; i++)
        out[i] = NAN;
    if (in->want[SN_NR_RECIPROCITY] && in->n_ties)
        out[SN_NR_RECIPROCITY] = (double)s->g.rec / (double)in->n_ties;
    if (in->want[SN_NR_CLUSTERING] && s->g.triples)
        out[SN_NR_CLUSTERING] =
            3 * (double)triangles(c, &s->g, s->up_start, s->up) / (double)s->g.triples;
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
            s->edges[2 * k] = in->from[k];
            s->edges[2 * k + 1] = s->g.to[k];
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

/* A chain starts from the observed graph and makes c->burn attempts before its first draw. */
static void rw_block_start(void *ud, void *scratch, rng *r)
{
    rewire_ctx *c = ud;
    rewire_scratch *s = scratch;
    chain_copy(c, &s->g, &c->obs);
    rewire_steps(c, &s->g, r, c->burn);
    s->fresh = 1;
}

static void rw_draw(void *ud, void *scratch, rng *r, double *stats)
{
    rewire_ctx *c = ud;
    rewire_scratch *s = scratch;
    if (!s->fresh)
        rewire_steps(c, &s->g, r, c->thin);
    s->fresh = 0;
    measure(c, s, stats);
}

static void rw_ctx_free(rewire_ctx *c)
{
    chain_free(&c->obs);
    free(c->out_start);
    free(c->rank);
}

/* Set up c for in (c->in = in); SN_EUSAGE for a bad graph. */
static sn_status rw_ctx_init(rewire_ctx *c, const sn_null_rewire_in *in, sn_err *err)
{
    memset(c, 0, sizeof *c);
    c->in = in;
    uint32_t n = in->n_nodes;
    size_t m = in->n_ties;
    if (m > UINT32_MAX)
        return sn_err_set(err, SN_EUSAGE, "rewiring: too many ties (%zu)", m);
    c->n_stats = SN_NR_GLOBAL + in->n_focus * SN_NR_PER_NODE;
    double f = in->swap_factor > 0 ? in->swap_factor : 10;
    c->burn = (long)ceil(f * (double)m);
    c->thin = (long)m * RW_THIN;
    c->want_rec = in->want[SN_NR_RECIPROCITY];
    c->want_tri = in->want[SN_NR_CLUSTERING];
    c->want_paths = in->want[SN_NR_TOP_SHARE] || (in->want_betweenness && in->n_focus);
    if (n <= rw_bits_nodes) {
        c->words = ((size_t)n + 31) / 32;
        if (!c->words)
            c->words = 1;
    } else {
        c->hash_bits = 4;
        while (((size_t)1 << c->hash_bits) < 4 * m)
            c->hash_bits++;
        c->hash_cap = (size_t)1 << c->hash_bits;
    }
    c->out_start = calloc((size_t)n + 1, sizeof *c->out_start);
    c->rank = calloc((size_t)n + 1, sizeof *c->rank);
    uint64_t *by_degree = calloc((size_t)n + 1, sizeof *by_degree);
    if (!c->out_start || !c->rank || !by_degree) {
        free(by_degree);
        rw_ctx_free(c);
        return sn_err_set(err, SN_ENOMEM, "null model: out of memory");
    }
    for (size_t k = 0; k < m; k++) {
        if (in->from[k] >= n || in->to[k] >= n || in->from[k] == in->to[k] ||
            (k && in->from[k] < in->from[k - 1])) {
            free(by_degree);
            rw_ctx_free(c);
            return sn_err_set(err, SN_EUSAGE, "rewiring: tie %zu is out of order or a self-loop",
                              k);
        }
        c->out_start[in->from[k] + 1]++;
        by_degree[in->from[k]] += (uint64_t)1 << 32;
        by_degree[in->to[k]] += (uint64_t)1 << 32;
    }
    for (uint32_t v = 0; v < n; v++)
        c->out_start[v + 1] += c->out_start[v];
    /* the nodes ranked by in- plus out-degree (which swaps keep), then by number */
    for (uint32_t v = 0; v < n; v++)
        by_degree[v] |= v;
    qsort(by_degree, n, sizeof *by_degree, sni_cmp_u64);
    for (uint32_t r = 0; r < n; r++)
        c->rank[(uint32_t)by_degree[r]] = r;
    free(by_degree);
    if (in->group) {
        c->part.n_nodes = n;
        c->part.n_groups = in->n_groups;
        c->part.group = (uint32_t *)in->group;
    }
    if (!chain_alloc(c, &c->obs)) {
        rw_ctx_free(c);
        return sn_err_set(err, SN_ENOMEM, "null model: out of memory");
    }
    sn_status st = chain_observe(c, &c->obs, err);
    if (st != SN_OK)
        rw_ctx_free(c);
    return st;
}

sn_status sn_null_rewire(const sn_null_rewire_in *in, sn_null_rewire_out *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    if (sni_null_check_draws(in->draws, err) != SN_OK)
        return SN_EUSAGE;
    rewire_ctx c;
    sn_status st = rw_ctx_init(&c, in, err);
    if (st != SN_OK)
        return st;
    double *observed = malloc(c.n_stats * sizeof *observed);
    sn_null_acc *acc = calloc(c.n_stats, sizeof *acc);
    out->node = calloc(in->n_focus * SN_NR_PER_NODE + 1, sizeof *out->node);
    rewire_scratch *s0 = rw_scratch_new(&c);
    if (!observed || !acc || !out->node || !s0) {
        st = sn_err_set(err, SN_ENOMEM, "null model: out of memory");
        goto out;
    }
    chain_copy(&c, &s0->g, &c.obs);
    measure(&c, s0, observed);
    sn_null_runner r = {.draws = in->draws,
                        .seed = in->seed,
                        .threads = in->threads,
                        .n_stats = c.n_stats,
                        .observed = observed,
                        .ud = &c,
                        .scratch_new = rw_scratch_new,
                        .scratch_free = rw_scratch_free,
                        .block_start = rw_block_start,
                        .draw = rw_draw};
    st = sni_null_run(&r, acc, err);
    if (st != SN_OK)
        goto out;
    for (int g = 0; g < SN_NR_GLOBAL; g++)
        sn_null_acc_finish(&acc[g], observed[g], &out->global[g]);
    for (size_t i = 0; i < in->n_focus * SN_NR_PER_NODE; i++)
        sn_null_acc_finish(&acc[SN_NR_GLOBAL + i], observed[SN_NR_GLOBAL + i], &out->node[i]);
out:
    if (s0)
        rw_scratch_free(&c, s0);
    free(observed);
    free(acc);
    rw_ctx_free(&c);
    if (st != SN_OK)
        sn_null_rewire_free(out);
    return st;
}

void sn_null_rewire_free(sn_null_rewire_out *out)
{
    free(out->node);
    memset(out, 0, sizeof *out);
}
