/*
 * eigen.c - eigenvector, hub and authority scores by shifted power iteration.
 *
 * igraph 0.10.2's ARPACK-based routines fail to converge on some directed
 * graphs (a directed ring of six nodes) and return wrong hub and authority
 * scores on two-node graphs, so samnett computes the same vectors itself:
 *
 *   eigenvector  the Perron vector of W^T (a node is central when central
 *                nodes send it ties), iterated on W^T + cI with c the largest
 *                in-strength (a bound on the leading eigenvalue): the shift
 *                has the same eigenvectors and removes the periodicity that
 *                keeps plain power iteration from converging on cycles and
 *                bipartite graphs.
 *   authority    the leading eigenvector of W^T W; hub = W authority.
 *
 * Each vector is scaled so its largest entry is 1, as igraph's scale=true.
 * Conventions follow igraph: no ties gives all ones; an acyclic graph (no
 * directed cycle, so the leading eigenvalue is 0) gives all zeros for the
 * eigenvector. Iteration stops when no entry moves more than 1e-13; after
 * 20,000 steps (two leading eigenvalues within a hair of each other) the
 * scores are NaN and *converged is 0, so the caller can try ARPACK. O(m) a
 * step.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eigen.h"

#define TOL 1e-13
#define MAX_STEPS 20000

static double scale_to_max(double *x, uint32_t n)
{
    double max = 0;
    for (uint32_t i = 0; i < n; i++)
        if (x[i] > max)
            max = x[i];
    if (max > 0)
        for (uint32_t i = 0; i < n; i++)
            x[i] /= max;
    return max;
}

/* Move x to y; returns the largest change of an entry. */
static double step_to(double *x, const double *y, uint32_t n)
{
    double diff = 0;
    for (uint32_t i = 0; i < n; i++) {
        double d = fabs(y[i] - x[i]);
        if (d > diff)
            diff = d;
        x[i] = y[i];
    }
    return diff;
}

/* Does the network have a directed cycle? (Kahn's algorithm over the ties.) */
static int has_cycle(const sn_net *net)
{
    uint32_t n = net->n_nodes;
    uint32_t *indeg = calloc(n ? n : 1, sizeof *indeg),
             *queue = malloc((n ? n : 1) * sizeof *queue);
    if (!indeg || !queue) {
        free(indeg);
        free(queue);
        return 1; /* assume the general case */
    }
    for (size_t k = 0; k < net->n_ties; k++)
        indeg[sn_tie_to(net, k)]++;
    uint32_t head = 0, tail = 0;
    for (uint32_t v = 0; v < n; v++)
        if (!indeg[v])
            queue[tail++] = v;
    while (head < tail) {
        uint32_t v = queue[head++];
        for (size_t k = net->out_start[v]; k < net->out_start[v + 1]; k++)
            if (--indeg[sn_tie_to(net, k)] == 0)
                queue[tail++] = sn_tie_to(net, k);
    }
    free(indeg);
    free(queue);
    return tail < n;
}

sn_status sni_eigen_scores(const sn_net *net, double *eigenvector, double *hub, double *authority,
                           int *eigen_converged, int *hub_converged, sn_err *err)
{
    *eigen_converged = *hub_converged = 1;
    uint32_t n = net->n_nodes;
    size_t m = net->n_ties;
    if (m == 0) {
        for (uint32_t i = 0; i < n; i++)
            eigenvector[i] = hub[i] = authority[i] = 1.0;
        return SN_OK;
    }
    double *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return sn_err_set(err, SN_ENOMEM, "out of memory computing eigenvector centrality");
    }
    const double *w = net->tie_weight;

    /* Eigenvector: x <- (W^T + I) x */
    if (!has_cycle(net)) {
        memset(eigenvector, 0, n * sizeof *eigenvector);
    } else {
        double c = 0;
        memset(y, 0, n * sizeof *y);
        for (size_t k = 0; k < m; k++)
            y[sn_tie_to(net, k)] += w[k];
        for (uint32_t i = 0; i < n; i++)
            if (y[i] > c)
                c = y[i];
        for (uint32_t i = 0; i < n; i++)
            x[i] = 1.0;
        int steps = 0;
        for (; steps < MAX_STEPS; steps++) {
            for (uint32_t i = 0; i < n; i++)
                y[i] = c * x[i];
            for (size_t k = 0; k < m; k++)
                y[sn_tie_to(net, k)] += w[k] * x[sn_tie_from(net, k)];
            scale_to_max(y, n);
            if (step_to(x, y, n) < TOL)
                break;
        }
        for (uint32_t i = 0; i < n; i++)
            eigenvector[i] = steps < MAX_STEPS ? x[i] : NAN;
        *eigen_converged = steps < MAX_STEPS;
    }

    /* Authority: a <- W^T W a; hub = W a */
    for (uint32_t i = 0; i < n; i++)
        x[i] = 1.0;
    int steps = 0;
    for (; steps < MAX_STEPS; steps++) {
        memset(y, 0, n * sizeof *y);
        for (size_t k = 0; k < m; k++) /* y = W x: hub of each sender */
            y[sn_tie_from(net, k)] += w[k] * x[sn_tie_to(net, k)];
        memcpy(hub, y, n * sizeof *hub);
        memset(y, 0, n * sizeof *y);
        for (size_t k = 0; k < m; k++) /* y = W^T hub */
            y[sn_tie_to(net, k)] += w[k] * hub[sn_tie_from(net, k)];
        scale_to_max(y, n);
        if (step_to(x, y, n) < TOL)
            break;
    }
    memset(hub, 0, n * sizeof *hub);
    for (size_t k = 0; k < m; k++)
        hub[sn_tie_from(net, k)] += w[k] * x[sn_tie_to(net, k)];
    scale_to_max(hub, n);
    *hub_converged = steps < MAX_STEPS;
    for (uint32_t i = 0; i < n; i++) {
        authority[i] = steps < MAX_STEPS ? x[i] : NAN;
        if (steps >= MAX_STEPS)
            hub[i] = NAN;
    }
    free(x);
    free(y);
    return SN_OK;
}
