/*
 * paths.c - shortest-path measures from one breadth-first sweep per source,
 * shared between threads.
 *
 * For each source s, a BFS over out-ties gives the distances from s (for
 * closeness and harmonic centrality of s) and the shortest-path counts that
 * Brandes' accumulation turns into the betweenness of every other node
 * (Brandes 2001). Predecessors are not stored: walking the BFS order
 * backwards, each node pulls the dependencies of its out-neighbours one step
 * further away, so both passes read the same out-lists.
 *
 * Cost: O(n m) time, O(n) memory per thread. Sources are dealt to threads
 * round-robin and the per-thread sums are added in thread order, so a given
 * thread count always gives the same bits.
 *
 * Sampled betweenness (Riondato and Kornaropoulos, "Fast approximation of
 * betweenness centrality through sampling", WSDM 2014, DMKD 2016) rides on
 * the same sweep: closeness and harmonic centrality still need a BFS from
 * every node, so the sweep runs as before but without the dependency pass.
 * The sample pairs (u, v) are drawn before the sweep from the seed; when the
 * sweep is at u it also counts the shortest paths (only for sources that
 * have samples) and walks from each of u's targets v back to u, choosing
 * each predecessor with probability proportional to its path count, which
 * gives a uniformly random shortest u->v path. The sweep's farthest distance
 * is the vertex diameter VD exactly, which fixes the number of samples r; the
 * pairs are drawn for the bound VD <= n and only the first r count. Every
 * sample has its own random stream (the seed and its index), and each
 * node's estimate is a whole count of samples, so the result is the same
 * bits for any number of threads.
 */
#include "paths.h"
#include "../util/toolbox.h"
#include "../util/rng.h"

#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>

/* The sample pairs of sampled betweenness, grouped by source. */
typedef struct plan {
    uint64_t seed;         /* of each sample's own random stream (with its index) */
    size_t *start;         /* n + 1: the samples of source s are at[start[s] .. start[s+1]) */
    uint32_t *at;          /* sample indices, by source, ascending within a source */
    uint32_t *target;      /* r_max: each sample's target */
    const uint32_t *in_nb; /* compact in-neighbour list (net->in_start) */
} plan;

typedef struct worker {
    const sn_net *net;
    const uint32_t *out_nb; /* compact out-neighbour list, indexed like the ties */
    uint32_t first, step;
    double *betweenness; /* n, this thread's partial sums (exact) */
    double *closeness, *harmonic;
    uint32_t *reachable;
    const plan *plan; /* NULL: exact betweenness */
    uint64_t *hits;   /* sampled: (sample index << 32) | interior node, one per hit */
    size_t n_hits, cap_hits;
    int32_t max_dist; /* the farthest distance the sweep met */
    int failed;
} worker;

/* The random stream of sample j. */
static void sample_rng(rng *g, uint64_t seed, uint32_t j)
{
    rng_seed_from(g, seed + 0xd1b54a32d192ed03ULL * ((uint64_t)j + 1));
}

/*
 * Sample j from source s to target t (dist and sigma of the BFS from s):
 * walk back from t to s, each step to a predecessor chosen with probability
 * sigma[p] / sigma[w], and record the interior nodes. 0, or -1 when out of
 * memory.
 */
static int walk_back(worker *w, uint32_t j, uint32_t t, const int32_t *dist, const double *sigma)
{
    const sn_net *net = w->net;
    const plan *pl = w->plan;
    rng g;
    sample_rng(&g, pl->seed, j);
    uint32_t x = t;
    while (dist[x] > 1) {
        double pick = rng_unit(&g) * sigma[x], cum = 0;
        int32_t want = dist[x] - 1;
        uint32_t chosen = UINT32_MAX;
        for (size_t k = net->in_start[x]; k < net->in_start[x + 1]; k++) {
            uint32_t p = pl->in_nb[k];
            if (dist[p] != want)
                continue;
            chosen = p; /* the last predecessor, should rounding leave pick above the sum */
            cum += sigma[p];
            if (pick < cum)
                break;
        }
        if (w->n_hits == w->cap_hits) {
            size_t cap = w->cap_hits ? 2 * w->cap_hits : 1024;
            uint64_t *h = realloc(w->hits, cap * sizeof *h);
            if (!h)
                return -1;
            w->hits = h;
            w->cap_hits = cap;
        }
        w->hits[w->n_hits++] = ((uint64_t)j << 32) | chosen;
        x = chosen;
    }
    return 0;
}

static void *sweep(void *arg)
{
    worker *w = arg;
    const sn_net *net = w->net;
    uint32_t n = net->n_nodes;
    uint32_t *order = malloc((n ? n : 1) * sizeof *order);
    int32_t *dist = malloc((n ? n : 1) * sizeof *dist);
    double *sigma = malloc((n ? n : 1) * sizeof *sigma);
    double *delta = malloc((n ? n : 1) * sizeof *delta);
    if (!order || !dist || !sigma || !delta) {
        w->failed = 1;
        goto out;
    }
    for (uint32_t v = 0; v < n; v++)
        dist[v] = -1;
    const plan *pl = w->plan;
    for (uint32_t s = w->first; s < n; s += w->step) {
        uint32_t head = 0, tail = 0;
        order[tail++] = s;
        dist[s] = 0;
        sigma[s] = 1;
        double sum_dist = 0, harmonic = 0;
        if (pl) { /* closeness and harmonic; path counts only where a sample starts */
            int counts = pl->start[s] < pl->start[s + 1];
            while (head < tail) {
                uint32_t v = order[head++];
                int32_t dv = dist[v];
                for (size_t k = net->out_start[v]; k < net->out_start[v + 1]; k++) {
                    uint32_t x = w->out_nb[k];
                    if (dist[x] < 0) {
                        dist[x] = dv + 1;
                        sigma[x] = 0;
                        order[tail++] = x;
                        sum_dist += dv + 1;
                        harmonic += 1.0 / (dv + 1);
                    }
                    if (counts && dist[x] == dv + 1)
                        sigma[x] += sigma[v];
                }
            }
            if (dist[order[tail - 1]] > w->max_dist)
                w->max_dist = dist[order[tail - 1]];
            for (size_t i = pl->start[s]; i < pl->start[s + 1]; i++) {
                uint32_t j = pl->at[i], t = pl->target[j];
                if (dist[t] > 1 && walk_back(w, j, t, dist, sigma) != 0) {
                    w->failed = 1;
                    break;
                }
            }
            w->reachable[s] = tail - 1;
            w->closeness[s] = sum_dist > 0 ? (double)(tail - 1) / sum_dist : NAN;
            w->harmonic[s] = harmonic;
            for (uint32_t i = 0; i < tail; i++)
                dist[order[i]] = -1;
            continue;
        }
        while (head < tail) {
            uint32_t v = order[head++];
            int32_t dv = dist[v];
            for (size_t k = net->out_start[v]; k < net->out_start[v + 1]; k++) {
                uint32_t x = w->out_nb[k];
                if (dist[x] < 0) {
                    dist[x] = dv + 1;
                    sigma[x] = 0;
                    order[tail++] = x;
                    sum_dist += dv + 1;
                    harmonic += 1.0 / (dv + 1);
                }
                if (dist[x] == dv + 1)
                    sigma[x] += sigma[v];
            }
        }
        w->reachable[s] = tail - 1;
        w->closeness[s] = sum_dist > 0 ? (double)(tail - 1) / sum_dist : NAN;
        w->harmonic[s] = harmonic;
        /*
         * Dependencies, pulled from successors in reverse BFS order:
         * delta[v] = sigma[v] * sum over successors x of (1 + delta[x]) / sigma[x].
         * delta is reused to hold (1 + delta[x]) / sigma[x] once x is done.
         */
        for (uint32_t i = tail; i-- > 0;) {
            uint32_t v = order[i];
            int32_t next = dist[v] + 1;
            double acc = 0;
            for (size_t k = net->out_start[v]; k < net->out_start[v + 1]; k++) {
                uint32_t x = w->out_nb[k];
                if (dist[x] == next)
                    acc += delta[x];
            }
            double dv = sigma[v] * acc;
            if (i > 0)
                w->betweenness[v] += dv;
            delta[v] = (1.0 + dv) / sigma[v];
        }
        for (uint32_t i = 0; i < tail; i++)
            dist[order[i]] = -1;
    }
out:
    free(order);
    free(dist);
    free(sigma);
    free(delta);
    return NULL;
}

static void sweep_part(void *ctx, int part, int parts)
{
    (void)parts;
    sweep(&((worker *)ctx)[part]);
}

/* Run the sweep on t threads (exact when pl is NULL); the workers are left in *out. */
static int run(const sn_net *net, const plan *pl, const uint32_t *out_nb, double *closeness,
               double *harmonic, uint32_t *reachable, worker **out, int *n_workers)
{
    uint32_t n = net->n_nodes;
    int t = sni_threads();
    if ((uint32_t)t > n / 64 + 1)
        t = (int)(n / 64 + 1); /* small graphs: threads cost more than they give */
    worker *ws = calloc((size_t)t, sizeof *ws);
    int ok = ws != NULL;
    for (int i = 0; ok && i < t; i++) {
        ws[i].net = net;
        ws[i].out_nb = out_nb;
        ws[i].first = (uint32_t)i;
        ws[i].step = (uint32_t)t;
        ws[i].plan = pl;
        if (!pl) {
            ws[i].betweenness = calloc(n ? n : 1, sizeof(double));
            ok = ws[i].betweenness != NULL;
        }
        ws[i].closeness = closeness;
        ws[i].harmonic = harmonic;
        ws[i].reachable = reachable;
    }
    if (ok)
        sni_parallel_for(t, sweep_part, ws);
    for (int i = 0; ok && i < t; i++)
        ok = !ws[i].failed;
    *out = ws;
    *n_workers = ws ? t : 0;
    return ok;
}

static void workers_free(worker *ws, int t)
{
    for (int i = 0; ws && i < t; i++) {
        free(ws[i].betweenness);
        free(ws[i].hits);
    }
    free(ws);
}

/* A 32-bit neighbour list: the sweeps are memory-bound, so halve what they read. */
static uint32_t *out_list(const sn_net *net)
{
    size_t m = net->n_ties;
    uint32_t *nb = malloc((m ? m : 1) * sizeof *nb);
    for (size_t k = 0; nb && k < m; k++)
        nb[k] = sn_tie_to(net, k);
    return nb;
}

sn_status sni_paths_unweighted(const sn_net *net, double *betweenness, double *closeness,
                               double *harmonic, uint32_t *reachable, sn_err *err)
{
    uint32_t n = net->n_nodes;
    uint32_t *out_nb = out_list(net);
    worker *ws = NULL;
    int t = 0;
    int ok = out_nb && run(net, NULL, out_nb, closeness, harmonic, reachable, &ws, &t);
    if (ok) {
        memset(betweenness, 0, (n ? n : 1) * sizeof *betweenness);
        for (int i = 0; i < t; i++)
            for (uint32_t v = 0; v < n; v++)
                betweenness[v] += ws[i].betweenness[v];
    }
    workers_free(ws, t);
    free(out_nb);
    return ok ? SN_OK : sn_err_set(err, SN_ENOMEM, "out of memory computing shortest paths");
}

double sni_paths_samples(double eps, double delta, uint32_t vertex_diameter)
{
    double vd = vertex_diameter < 3 ? 3 : vertex_diameter;
    return ceil(0.5 / (eps * eps) * (floor(log2(vd - 2)) + 1 + log(1 / delta)));
}

/*
 * Nodes grouped by strong component (Tarjan 1972, iteratively): comp[v] is
 * v's component, numbered in the order Tarjan finishes them, which is a
 * reverse topological order of the components (a tie between two components
 * goes from the higher number to the lower). Returns the number of
 * components, or -1 when out of memory.
 */
static int64_t strong_components(const sn_net *net, const uint32_t *out_nb, uint32_t *comp)
{
    uint32_t n = net->n_nodes;
    uint32_t *index = malloc((n ? n : 1) * sizeof *index), *low = malloc((n ? n : 1) * sizeof *low);
    uint32_t *stack = malloc((n ? n : 1) * sizeof *stack),
             *calls = malloc((n ? n : 1) * sizeof *calls);
    size_t *next = malloc((n ? n : 1) * sizeof *next);
    unsigned char *on = calloc(n ? n : 1, 1);
    int64_t n_comp = -1;
    if (!index || !low || !stack || !calls || !next || !on)
        goto out;
    for (uint32_t v = 0; v < n; v++)
        index[v] = UINT32_MAX;
    uint32_t counter = 0, sp = 0;
    n_comp = 0;
    for (uint32_t root = 0; root < n; root++) {
        if (index[root] != UINT32_MAX)
            continue;
        uint32_t depth = 0;
        calls[depth++] = root;
        index[root] = low[root] = counter++;
        next[root] = net->out_start[root];
        stack[sp++] = root;
        on[root] = 1;
        while (depth) {
            uint32_t v = calls[depth - 1];
            if (next[v] < net->out_start[v + 1]) {
                uint32_t x = out_nb[next[v]++];
                if (index[x] == UINT32_MAX) {
                    index[x] = low[x] = counter++;
                    next[x] = net->out_start[x];
                    stack[sp++] = x;
                    on[x] = 1;
                    calls[depth++] = x;
                } else if (on[x] && index[x] < low[v]) {
                    low[v] = index[x];
                }
                continue;
            }
            depth--;
            if (depth && low[v] < low[calls[depth - 1]])
                low[calls[depth - 1]] = low[v];
            if (low[v] == index[v]) {
                uint32_t x;
                do {
                    x = stack[--sp];
                    on[x] = 0;
                    comp[x] = (uint32_t)n_comp;
                } while (x != v);
                n_comp++;
            }
        }
    }
out:
    free(index);
    free(low);
    free(stack);
    free(calls);
    free(next);
    free(on);
    return n_comp;
}

/*
 * An upper bound on the vertex diameter, in O(n + m). A shortest path runs
 * through a chain of strong components, and inside each it is a shortest
 * path between two of the component's nodes, which never leaves the
 * component: at most ecc_in(c) + ecc_out(c) ties for any node c of it
 * (searches restricted to the component). So the path has at most as many
 * nodes as the heaviest chain of components in their acyclic graph, a
 * component weighing ecc_in + ecc_out + 1. n when out of memory.
 */
static uint32_t diameter_bound(const sn_net *net, const uint32_t *out_nb, const uint32_t *in_nb)
{
    uint32_t n = net->n_nodes;
    uint32_t *comp = malloc((n ? n : 1) * sizeof *comp);
    int64_t nc = comp ? strong_components(net, out_nb, comp) : -1;
    uint32_t *weight = calloc((size_t)(nc > 0 ? nc : 1), sizeof *weight);
    uint32_t *best = calloc((size_t)(nc > 0 ? nc : 1), sizeof *best);
    int32_t *dist = malloc((n ? n : 1) * sizeof *dist);
    uint32_t *queue = malloc((n ? n : 1) * sizeof *queue);
    size_t *first = calloc((size_t)(nc > 0 ? nc : 0) + 1, sizeof *first);
    uint32_t *members = malloc((n ? n : 1) * sizeof *members);
    uint32_t bound = n;
    if (nc < 0 || !weight || !best || !dist || !queue || !first || !members)
        goto out;
    for (uint32_t v = 0; v < n; v++)
        first[comp[v] + 1]++;
    for (int64_t c = 0; c < nc; c++)
        first[c + 1] += first[c];
    {
        size_t *fill = malloc(((size_t)nc + 1) * sizeof *fill);
        if (!fill)
            goto out;
        memcpy(fill, first, ((size_t)nc + 1) * sizeof *fill);
        for (uint32_t v = 0; v < n; v++)
            members[fill[comp[v]]++] = v;
        free(fill);
    }
    for (uint32_t v = 0; v < n; v++)
        dist[v] = -1;
    for (int64_t c = 0; c < nc; c++) {
        uint32_t root = members[first[c]];
        int32_t ecc[2] = {0, 0};
        for (int dir = 0; dir < 2; dir++) { /* out, then in, inside the component */
            const size_t *st = dir ? net->in_start : net->out_start;
            const uint32_t *nb = dir ? in_nb : out_nb;
            uint32_t head = 0, tail = 0;
            queue[tail++] = root;
            dist[root] = 0;
            while (head < tail) {
                uint32_t v = queue[head++];
                for (size_t k = st[v]; k < st[v + 1]; k++) {
                    uint32_t x = nb[k];
                    if (dist[x] < 0 && comp[x] == (uint32_t)c) {
                        dist[x] = dist[v] + 1;
                        queue[tail++] = x;
                    }
                }
            }
            ecc[dir] = dist[queue[tail - 1]];
            for (uint32_t i = 0; i < tail; i++)
                dist[queue[i]] = -1;
        }
        weight[c] = (uint32_t)(ecc[0] + ecc[1]) + 1;
    }
    /* heaviest chain starting at each component; successors have lower numbers */
    uint32_t top = 0;
    for (int64_t c = 0; c < nc; c++) {
        uint32_t after = 0;
        for (size_t i = first[c]; i < first[c + 1]; i++) {
            uint32_t v = members[i];
            for (size_t k = net->out_start[v]; k < net->out_start[v + 1]; k++) {
                uint32_t d = comp[out_nb[k]];
                if (d != (uint32_t)c && best[d] > after)
                    after = best[d];
            }
        }
        uint64_t b = (uint64_t)weight[c] + after;
        best[c] = b > n ? n : (uint32_t)b;
        if (best[c] > top)
            top = best[c];
    }
    bound = top;
out:
    free(comp);
    free(weight);
    free(best);
    free(dist);
    free(queue);
    free(first);
    free(members);
    return bound;
}

static sn_status sample_sweep(const sn_net *net, const sni_sample_opts *o, uint32_t vd_bound,
                              const uint32_t *in_nb, const uint32_t *out_nb, double *betweenness,
                              double *closeness, double *harmonic, uint32_t *reachable,
                              sni_sample_info *info, int *enough, sn_err *err);

sn_status sni_paths_sampled(const sn_net *net, const sni_sample_opts *o, double *betweenness,
                            double *closeness, double *harmonic, uint32_t *reachable,
                            sni_sample_info *info, sn_err *err)
{
    uint32_t n = net->n_nodes;
    size_t m = net->n_ties;
    memset(info, 0, sizeof *info);
    memset(betweenness, 0, (n ? n : 1) * sizeof *betweenness);
    uint32_t *in_nb = malloc((m ? m : 1) * sizeof *in_nb);
    uint32_t *out_nb = out_list(net);
    if (!in_nb || !out_nb) {
        free(in_nb);
        free(out_nb);
        return sn_err_set(err, SN_ENOMEM, "out of memory sampling shortest paths");
    }
    for (size_t k = 0; k < m; k++)
        in_nb[k] = sn_tie_from(net, net->in_tie[k]);
    /*
     * The pairs are drawn for an upper bound on VD (diameter_bound), the
     * sweep's exact VD decides how many of them count. Should the bound ever
     * fall short, the sweep runs again with pairs for VD <= n; the result is
     * the same either way, since the pairs are drawn in order from one stream.
     */
    sn_status rc = SN_OK;
    for (uint32_t vd_bound = diameter_bound(net, out_nb, in_nb);;) {
        int enough = 0;
        rc = sample_sweep(net, o, vd_bound, in_nb, out_nb, betweenness, closeness, harmonic,
                          reachable, info, &enough, err);
        if (rc != SN_OK || enough || vd_bound >= n)
            break;
        vd_bound = n;
    }
    free(in_nb);
    free(out_nb);
    return rc;
}

/* One sampled sweep with pairs drawn for VD <= vd_bound; *enough: the bound held. */
static sn_status sample_sweep(const sn_net *net, const sni_sample_opts *o, uint32_t vd_bound,
                              const uint32_t *in_nb, const uint32_t *out_nb, double *betweenness,
                              double *closeness, double *harmonic, uint32_t *reachable,
                              sni_sample_info *info, int *enough, sn_err *err)
{
    uint32_t n = net->n_nodes;
    double r_max = n >= 2 ? sni_paths_samples(o->eps, o->delta, vd_bound) : 0;
    if (r_max > (double)UINT32_MAX / 2)
        return sn_err_set(err, SN_EUSAGE, "betweenness sampling: %.0f samples are too many", r_max);
    uint32_t rn = (uint32_t)r_max;
    plan pl = {.seed = o->seed};
    pl.start = calloc((size_t)n + 2, sizeof *pl.start);
    pl.at = malloc((rn ? rn : 1) * sizeof *pl.at);
    pl.target = malloc((rn ? rn : 1) * sizeof *pl.target);
    uint32_t *source = malloc((rn ? rn : 1) * sizeof *source);
    uint32_t *count = calloc(n ? n : 1, sizeof *count);
    worker *ws = NULL;
    int t = 0;
    int ok = pl.start && pl.at && pl.target && source && count;
    if (ok) {
        pl.in_nb = in_nb;
        /* uniform ordered pairs u != v, from one stream of the seed */
        rng g;
        rng_seed_from(&g, o->seed ^ 0x62657477656e6e73ULL);
        for (uint32_t j = 0; j < rn; j++) {
            uint32_t u = rng_below(&g, n), v = rng_below(&g, n - 1);
            source[j] = u;
            pl.target[j] = v + (v >= u);
            pl.start[u + 2]++;
        }
        for (uint32_t s = 0; s < n; s++)
            pl.start[s + 2] += pl.start[s + 1];
        for (uint32_t j = 0; j < rn; j++)
            pl.at[pl.start[source[j] + 1]++] = j;
        ok = run(net, &pl, out_nb, closeness, harmonic, reachable, &ws, &t);
    }
    if (ok) {
        int32_t far = 0;
        for (int i = 0; i < t; i++)
            if (ws[i].max_dist > far)
                far = ws[i].max_dist;
        info->vertex_diameter = n ? (uint32_t)far + 1 : 0;
        double r = n >= 2 ? sni_paths_samples(o->eps, o->delta, info->vertex_diameter) : 0;
        uint32_t rc = (uint32_t)r;
        *enough = rc <= rn;
        for (int i = 0; *enough && i < t; i++)
            for (size_t h = 0; h < ws[i].n_hits; h++)
                if ((uint32_t)(ws[i].hits[h] >> 32) < rc)
                    count[(uint32_t)ws[i].hits[h]]++;
        double scale = rc ? (double)n * (double)(n - 1) / rc : 0;
        for (uint32_t v = 0; v < n; v++)
            betweenness[v] = count[v] * scale;
        info->samples = rc;
        info->eps = o->eps;
        info->delta = o->delta;
    }
    workers_free(ws, t);
    free(pl.start);
    free(pl.at);
    free(pl.target);
    free(source);
    free(count);
    return ok ? SN_OK : sn_err_set(err, SN_ENOMEM, "out of memory sampling shortest paths");
}
