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
 */
#include "paths.h"
#include "../util/toolbox.h"

#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>

typedef struct worker {
    const sn_net *net;
    const uint32_t *out_nb; /* compact out-neighbour list, indexed like the ties */
    uint32_t first, step;
    double *betweenness; /* n, this thread's partial sums */
    double *closeness, *harmonic;
    uint32_t *reachable;
    int failed;
} worker;

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
    for (uint32_t s = w->first; s < n; s += w->step) {
        uint32_t head = 0, tail = 0;
        order[tail++] = s;
        dist[s] = 0;
        sigma[s] = 1;
        double sum_dist = 0, harmonic = 0;
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

sn_status sni_paths_unweighted(const sn_net *net, double *betweenness, double *closeness,
                               double *harmonic, uint32_t *reachable, sn_err *err)
{
    uint32_t n = net->n_nodes;
    int t = sni_threads();
    if ((uint32_t)t > n / 64 + 1)
        t = (int)(n / 64 + 1); /* small graphs: threads cost more than they give */
    worker *ws = calloc((size_t)t, sizeof *ws);
    /* A 32-bit neighbour list: the sweeps are memory-bound, so halve what they read. */
    size_t m = net->n_ties;
    uint32_t *out_nb = malloc((m ? m : 1) * sizeof *out_nb);
    int ok = ws && out_nb;
    for (size_t k = 0; ok && k < m; k++)
        out_nb[k] = sn_tie_to(net, k);
    for (int i = 0; ok && i < t; i++) {
        ws[i].net = net;
        ws[i].out_nb = out_nb;
        ws[i].first = (uint32_t)i;
        ws[i].step = (uint32_t)t;
        ws[i].betweenness = calloc(n ? n : 1, sizeof(double));
        ok = ws[i].betweenness != NULL;
        ws[i].closeness = closeness;
        ws[i].harmonic = harmonic;
        ws[i].reachable = reachable;
    }
    if (ok)
        sni_parallel_for(t, sweep_part, ws);
    if (ok) {
        memset(betweenness, 0, (n ? n : 1) * sizeof *betweenness);
        for (int i = 0; i < t; i++) {
            ok &= !ws[i].failed;
            for (uint32_t v = 0; v < n; v++)
                betweenness[v] += ws[i].betweenness[v];
        }
    }
    for (int i = 0; ws && i < t; i++)
        free(ws[i].betweenness);
    free(ws);
    free(out_nb);
    return ok ? SN_OK : sn_err_set(err, SN_ENOMEM, "out of memory computing shortest paths");
}
