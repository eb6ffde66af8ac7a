/*
 * measures.c - burstiness, regularity, the exponential-decay fit and PELT
 * change points with the Poisson cost (definitions in samnett/temporal.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gaps.h"
#include "samnett/temporal.h"
#include "../util/toolbox.h"

double sn_burstiness(const int64_t *times, size_t n)
{
    sn_gaps g = {0};
    for (size_t i = 0; i < n; i++)
        sn_gaps_add(&g, times[i]);
    return sn_gaps_burstiness(&g);
}

double sn_regularity(const int64_t *times, size_t n)
{
    sn_gaps g = {0};
    for (size_t i = 0; i < n; i++)
        sn_gaps_add(&g, times[i]);
    return sn_gaps_regularity(&g);
}

double sn_dispersion(const double *counts, size_t n)
{
    double d2 = 0, sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += counts[i];
        if (i)
            d2 += (counts[i] - counts[i - 1]) * (counts[i] - counts[i - 1]);
    }
    if (n < 2 || !(sum > 0))
        return 1.0;
    double phi = d2 / (2 * sum);
    return phi > 1 ? phi : 1.0;
}

double sn_decay_rate(double mean_t, double T)
{
    return sni_decay_rate(mean_t, T);
}

/* Minus twice the maximised Poisson log-likelihood of S events over L days (no log y! terms). */
static inline double poisson_cost(double S, double L)
{
    return S > 0 ? 2 * (S - S * log(S / L)) : 0.0;
}

/*
 * ln k for whole k below LOG_TABLE, computed once: the inner loop of PELT
 * evaluates the cost for every candidate and day, and with daily counts both
 * S and L are whole numbers.
 */
#define LOG_TABLE (1u << 18)
static double log_table[LOG_TABLE];
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static void log_init(void)
{
    log_table[0] = 0;
    for (uint32_t k = 1; k < LOG_TABLE; k++)
        log_table[k] = log((double)k);
}

static inline double ln_whole(double x)
{
    return x < LOG_TABLE ? log_table[(uint32_t)x] : log(x);
}

/* The same cost for whole S and L, from the table: S ln L - S ln S, without a division. */
static inline double poisson_cost_whole(double S, double L)
{
    return S > 0 ? 2 * (S - S * (ln_whole(S) - ln_whole(L))) : 0.0;
}

static inline double seg_cost(int whole, double S, double L)
{
    return whole ? poisson_cost_whole(S, L) : poisson_cost(S, L);
}

/* ------------------------------------------------------------------------ */
/* PELT                                                                     */

/*
 * The candidates of the search, packed in position order: position, F and P
 * at it, the step their pruning is in force (SIZE_MAX: not pruned), and the
 * value F(c) + C(c+1..t) of this step when computed.
 */
typedef struct cands {
    size_t *pos, *prune;
    double *F, *P, *v;
    size_t n;
} cands;

/* Whether position tau can end a segment: 0 or reachable, and not deep in an empty run. */
static int candidate_at(const size_t *nz, size_t n, size_t min_len, int nonneg, size_t tau)
{
    int deep = nonneg && tau > min_len && tau + min_len < n &&
               nz[tau + min_len + 1] == nz[tau - min_len - 1];
    return (tau == 0 || tau >= min_len) && !deep;
}

/*
 * The search as Killick et al. give it: every step computes the value of
 * every candidate. F and last filled for steps min_len .. n; 1 when it gave
 * up after max_work evaluations.
 */
static int search_full(const double *P, const size_t *nz, size_t n, double penalty, size_t min_len,
                       int whole, int nonneg, uint64_t max_work, cands *c, double *F, size_t *last)
{
    uint64_t work = 0;
    for (size_t t = min_len; t <= n; t++) {
        /* tau = t - min_len can end a segment now if it is 0 or itself reachable. */
        size_t tau = t - min_len;
        if (candidate_at(nz, n, min_len, nonneg, tau)) {
            c->pos[c->n] = tau;
            c->F[c->n] = F[tau];
            c->P[c->n] = P[tau];
            c->prune[c->n++] = SIZE_MAX;
        }
        work += c->n;
        if (max_work && work > max_work)
            return 1;
        double Pt = P[t], lt = (double)t;
        for (size_t i = 0; i < c->n; i++)
            c->v[i] = c->F[i] + seg_cost(whole, Pt - c->P[i], lt - (double)c->pos[i]);
        double best = INFINITY;
        size_t arg = 0;
        for (size_t i = 0; i < c->n; i++)
            if (c->v[i] + penalty < best) {
                best = c->v[i] + penalty;
                arg = c->pos[i];
            }
        F[t] = best;
        last[t] = arg;
        /*
         * Killick et al.'s pruning: when F(c) + C(c+1..t) > F(t), c is never
         * better than t for an end s >= t + min_len (the cost is
         * superadditive). With a minimum segment length t is not yet a valid
         * last change before that, so the pruning starts there. Candidates
         * whose pruning is in force for the next step are dropped.
         */
        double bar = best + 1e-9 * (1 + fabs(best));
        size_t k = 0;
        for (size_t i = 0; i < c->n; i++) {
            size_t pr = c->prune[i];
            if (pr == SIZE_MAX && c->v[i] > bar)
                pr = t + min_len;
            if (pr <= t + 1)
                continue;
            c->pos[k] = c->pos[i];
            c->F[k] = c->F[i];
            c->P[k] = c->P[i];
            c->prune[k++] = pr;
        }
        c->n = k;
    }
    return 0;
}

/*
 * The bounded search (whole counts): the same steps as search_full, which
 * on a steady series computes about n^2 / 2 values, with a few per step.
 *
 * The cost C(S, L) = 2 (S - S ln(S / L)) is concave in (S, L): it is the
 * least over lambda of 2 (lambda L - S ln lambda), linear in (S, L). So a
 * candidate whose segment had S contacts over L days at an earlier step (its
 * anchor), D more over l days since, rises by at least the gradient at the
 * new point times (D, l):
 *
 *   C(S + D, L + l) - C(S, L) >= g(x) = 2 l x - 2 D ln x,  x = (S + D) / (L + l),
 *
 * and g, convex, lies above its tangent at any c0 > 0, a line in x. The new
 * rate x = (L y + l r) / (L + l) (y = S / L, r = D / l) lies between y and
 * r, at most l / (L + l) of the way. So from its value at the anchor and
 * the bounds of y and L, a candidate's value now has a lower bound that
 * costs a few operations, shared by a group of candidates with the same
 * anchor and close rates (and sharper for one of them, with its own y and
 * L). A group, or a candidate, whose bound is above the best value found
 * this step cannot be the best (nor tie with it, after rounding: the margin
 * is far above it) and is not computed; one above the pruning bar is pruned
 * as search_full prunes it. A candidate is pruned at the step its bound
 * passes the bar, not before: never before search_full would prune it, and
 * so, each step, the search keeps every candidate search_full keeps (and a
 * few it has dropped, which the pruning rule shows are never the best) and
 * finds the same best, tie and value.
 *
 * The groups: slots [s, e) of the candidates, which were all computed at
 * step `at`. A full step (all candidates computed, groups of close rates
 * formed anew) comes when the search has computed more values since the
 * last one than there are candidates, or when new candidates (each alone
 * in a group, anchored at its last computed value) pile up.
 */
#define GROUP_SPREAD 0.1 /* the widest range of rates in a group, as a share of the largest */
#define GROUP_FRESH 16   /* new candidates, alone in their groups, regrouped this many at a time */
#define GROUP_MIN 64     /* with fewer candidates, every step is a full one */

typedef struct cgroup {
    size_t s, e;              /* its candidates' slots */
    size_t at;                /* the anchor: the step of their values in a */
    double P_at;              /* P at the anchor */
    double low;               /* the least of their values at the anchor */
    double ya, yb;            /* the least and largest of their rates at the anchor */
    double len;               /* the shortest of their segments at the anchor */
    double c0, inv_c0, ln_c0; /* the tangent's point */
    double bound;             /* this step's lower bound of their values (-INFINITY: computed) */
    size_t prune;             /* the step their pruning is in force, or SIZE_MAX */
} cgroup;

typedef struct bounded {
    cands c;
    double *a;    /* each candidate's value at its group's anchor */
    double *rate; /* and its rate there */
    size_t *seen; /* the step a candidate's value in c.v was computed */
    size_t *by_a; /* each group's slots, least value at the anchor first */
    size_t *tmp;  /* room to sort them */
    cgroup *g;
    size_t ng;
    size_t *done; /* the slots computed this step */
    size_t n_done;
    double best; /* this step's least F(c) + C + penalty */
    size_t arg;  /* and its slot */
} bounded;

static void anchor(cgroup *g, size_t t, double Pt)
{
    g->at = t;
    g->P_at = Pt;
    g->prune = SIZE_MAX;
    g->bound = -INFINITY;
    double mid = (g->ya + g->yb) / 2;
    g->c0 = mid > 0 ? mid : 1;
    g->inv_c0 = 1 / g->c0;
    g->ln_c0 = NAN; /* when first needed */
}

/* The value of slot i at step t, and the best so far: the least, on a tie the first. */
static void compute_at(bounded *B, size_t i, double Pt, double lt, double penalty, size_t t)
{
    cands *c = &B->c;
    c->v[i] = c->F[i] + poisson_cost_whole(Pt - c->P[i], lt - (double)c->pos[i]);
    B->seen[i] = t;
    B->done[B->n_done++] = i;
    double v = c->v[i] + penalty;
    if (v < B->best || (v == B->best && i < B->arg)) {
        B->best = v;
        B->arg = i;
    }
}

/*
 * The least of 2 l x - 2 D (ln c0 + (x - c0) / c0), g's tangent at c0, for x
 * from the rates [ya, yb] moved at most the share w of the way to r; *fuzz
 * its rounding, generously.
 */
static double rise(double D, double l, double r, double w, double ya, double yb, const cgroup *g,
                   double *fuzz)
{
    double x;
    if (l >= D * g->inv_c0) { /* the tangent does not fall: the lowest rate */
        x = r < ya ? ya + w * (r - ya) : ya;
        x -= 1e-9 * (x + r);
        x = x > 0 ? x : 0;
    } else {
        x = r > yb ? yb + w * (r - yb) : yb;
        x += 1e-9 * (x + r);
    }
    double d = x * g->inv_c0 - 1;
    *fuzz = 1e-9 * (2 * l * x + 2 * D * (fabs(g->ln_c0) + fabs(d)));
    return 2 * l * x - 2 * D * (g->ln_c0 + d);
}

/* o[0 .. m-1] (slots) by their value in a, least first: a merge sort through tmp. */
static void sort_by_value(size_t *o, size_t m, const double *a, size_t *tmp)
{
    for (size_t w = 1; w < m; w *= 2) {
        for (size_t lo = 0; lo < m; lo += 2 * w) {
            size_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[o[j]] < a[o[i]] ? o[j++] : o[i++];
            while (i < mid)
                tmp[k++] = o[i++];
            while (j < hi)
                tmp[k++] = o[j++];
        }
        memcpy(o, tmp, m * sizeof *o);
    }
}

/* Slots [s, e), all computed at step t, into groups of close rates appended to B->g. */
static void form_groups(bounded *B, size_t s, size_t e, size_t t, double Pt)
{
    cands *c = &B->c;
    size_t first = B->ng;
    for (size_t i = s; i < e; i++) {
        double len = (double)t - (double)c->pos[i], y = (Pt - c->P[i]) / len;
        B->a[i] = c->v[i];
        B->rate[i] = y;
        cgroup *g = B->ng > first ? &B->g[B->ng - 1] : NULL;
        double ya = g && y < g->ya ? y : g ? g->ya : y, yb = g && y > g->yb ? y : g ? g->yb : y;
        if (g && yb - ya <= GROUP_SPREAD * (yb > 1 ? yb : 1)) {
            g->e = i + 1;
            g->ya = ya;
            g->yb = yb;
            g->low = c->v[i] < g->low ? c->v[i] : g->low;
            g->len = len; /* the last is the youngest */
            continue;
        }
        g = &B->g[B->ng++];
        g->s = i;
        g->e = i + 1;
        g->ya = g->yb = y;
        g->low = c->v[i];
        g->len = len;
    }
    for (size_t k = first; k < B->ng; k++) {
        cgroup *g = &B->g[k];
        anchor(g, t, Pt);
        size_t m = g->e - g->s, *o = B->by_a + g->s;
        for (size_t j = 0; j < m; j++)
            o[j] = g->s + j;
        sort_by_value(o, m, B->a, B->tmp);
    }
}

/* A full step: drop the candidates whose pruning is in force, compute the rest, regroup. */
static void full_step(bounded *B, double Pt, double penalty, size_t t)
{
    cands *c = &B->c;
    for (size_t k = 0; k < B->ng; k++)
        for (size_t i = B->g[k].s; i < B->g[k].e; i++)
            if (B->g[k].prune < c->prune[i])
                c->prune[i] = B->g[k].prune;
    size_t m = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->prune[i] <= t)
            continue;
        c->pos[m] = c->pos[i];
        c->F[m] = c->F[i];
        c->P[m] = c->P[i];
        c->prune[m++] = c->prune[i];
    }
    c->n = m;
    double lt = (double)t;
    for (size_t i = 0; i < c->n; i++) {
        c->v[i] = c->F[i] + poisson_cost_whole(Pt - c->P[i], lt - (double)c->pos[i]);
        B->seen[i] = t;
    }
    B->best = INFINITY;
    B->arg = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i] + penalty < B->best) {
            B->best = c->v[i] + penalty;
            B->arg = i;
        }
    B->ng = 0;
    if (c->n > GROUP_MIN) /* else the next step is a full one too */
        form_groups(B, 0, c->n, t, Pt);
}

static void search_bounded(const double *P, const size_t *nz, size_t n, double penalty,
                           size_t min_len, bounded *B, double *F, size_t *last)
{
    cands *c = &B->c;
    size_t since_full = 0, groups_full = 0, fresh = 0;
    double Fmax = 0;
    for (size_t t = min_len; t <= n; t++) {
        size_t tau = t - min_len;
        int added = candidate_at(nz, n, min_len, 1, tau);
        if (added) {
            c->pos[c->n] = tau;
            c->F[c->n] = F[tau];
            c->P[c->n] = P[tau];
            c->prune[c->n] = SIZE_MAX;
            B->seen[c->n++] = 0;
            Fmax = fabs(F[tau]) > Fmax ? fabs(F[tau]) : Fmax;
        }
        double Pt = P[t], lt = (double)t;
        B->best = INFINITY;
        B->n_done = 0;
        int full = B->ng == 0 || since_full > c->n || B->ng > 2 * groups_full + 2 * GROUP_FRESH;
        if (full) {
            full_step(B, Pt, penalty, t);
            groups_full = B->ng;
            since_full = fresh = 0;
        } else {
            /* The last best first: most steps it is the best again. */
            compute_at(B, B->arg, Pt, lt, penalty, t);
            if (added) {
                size_t i = c->n - 1;
                if (B->seen[i] != t)
                    compute_at(B, i, Pt, lt, penalty, t);
                cgroup *g = &B->g[B->ng++];
                g->s = i;
                g->e = i + 1;
                g->len = (double)min_len;
                g->ya = g->yb = B->rate[i] = (Pt - c->P[i]) / g->len;
                g->low = B->a[i] = c->v[i];
                B->by_a[i] = i;
                anchor(g, t, Pt);
                fresh++;
            }
            double base = 1e-9 * (Fmax + fabs(penalty) + 100 * Pt + 1);
            for (size_t k = 0; k < B->ng; k++) {
                cgroup *g = &B->g[k];
                g->bound = -INFINITY;
                if (g->at == t)
                    continue; /* computed */
                if (isnan(g->ln_c0))
                    g->ln_c0 = log(g->c0);
                double D = Pt - g->P_at, l = lt - (double)g->at, r = D / l, fuzz;
                double up = rise(D, l, r, l / (g->len + l), g->ya, g->yb, g, &fuzz);
                fuzz += base;
                g->bound = g->low + up - fuzz;
                double u = B->best - penalty;
                if (g->bound > u + 1e-12 * (fabs(u) + fabs(penalty)))
                    continue;
                for (size_t j = g->s; j < g->e; j++) {
                    size_t i = B->by_a[j];
                    u = B->best - penalty;
                    double thr = u + 1e-12 * (fabs(u) + fabs(penalty));
                    if (B->a[i] + up - fuzz > thr)
                        break; /* and so are the rest */
                    if (B->seen[i] == t)
                        continue;
                    /* its own bound: its rate and length */
                    double f2, w = l / ((double)g->at - (double)c->pos[i] + l);
                    double up2 = rise(D, l, r, w, B->rate[i], B->rate[i], g, &f2);
                    if (B->a[i] + up2 - f2 - base > thr)
                        continue;
                    compute_at(B, i, Pt, lt, penalty, t);
                }
            }
            /* A candidate alone in its group, computed now, is anchored now. */
            for (size_t j = 0; j < B->n_done; j++) {
                size_t i = B->done[j];
                size_t lo = 0, hi = B->ng;
                while (hi - lo > 1) {
                    size_t mid = lo + (hi - lo) / 2;
                    if (B->g[mid].s <= i)
                        lo = mid;
                    else
                        hi = mid;
                }
                cgroup *g = &B->g[lo];
                if (g->e - g->s != 1 || g->at == t)
                    continue;
                g->len = lt - (double)c->pos[i];
                g->ya = g->yb = B->rate[i] = (Pt - c->P[i]) / g->len;
                g->low = B->a[i] = c->v[i];
                anchor(g, t, Pt);
            }
            if (fresh >= GROUP_FRESH) {
                /* the new candidates' groups, computed now and regrouped */
                size_t k = B->ng;
                while (k > 0 && B->g[k - 1].e - B->g[k - 1].s == 1 && B->g[k - 1].s >= c->n - fresh)
                    k--;
                size_t s = B->g[k].s;
                for (size_t i = s; i < c->n; i++)
                    if (B->seen[i] != t)
                        compute_at(B, i, Pt, lt, penalty, t);
                B->ng = k;
                form_groups(B, s, c->n, t, Pt);
                fresh = 0;
            }
            since_full += B->n_done;
        }
        /* search_full's pruning, for the candidates computed and the groups above the bar */
        double best = B->best, bar = best + 1e-9 * (1 + fabs(best));
        for (size_t j = 0; j < (full ? c->n : B->n_done); j++) {
            size_t i = full ? j : B->done[j];
            if (c->prune[i] == SIZE_MAX && c->v[i] > bar)
                c->prune[i] = t + min_len;
        }
        for (size_t k = 0; k < B->ng; k++)
            if (B->g[k].prune == SIZE_MAX && B->g[k].bound > bar)
                B->g[k].prune = t + min_len;
        F[t] = best;
        last[t] = c->pos[B->arg];
    }
}

sn_status sn_pelt_poisson(const double *counts, size_t n, double penalty, size_t min_len,
                          size_t **cps, size_t *n_cps, sn_err *err)
{
    return sn_pelt_poisson_limited(counts, n, penalty, min_len, 0, cps, n_cps, NULL, err);
}

sn_status sn_pelt_poisson_limited(const double *counts, size_t n, double penalty, size_t min_len,
                                  uint64_t max_work, size_t **cps, size_t *n_cps, int *over,
                                  sn_err *err)
{
    *cps = NULL;
    *n_cps = 0;
    if (over)
        *over = 0;
    if (min_len < 1)
        min_len = 1;
    if (n < 2 * min_len)
        return SN_OK; /* no room for two segments */
    size_t N = n + 1;
    double *P = malloc(N * sizeof *P), *F = malloc(N * sizeof *F);
    size_t *last = malloc(N * sizeof *last), *nz = malloc(N * sizeof *nz);
    bounded B;
    memset(&B, 0, sizeof B);
    B.c.pos = malloc(N * sizeof *B.c.pos);
    B.c.prune = malloc(N * sizeof *B.c.prune);
    B.c.F = malloc(N * sizeof *B.c.F);
    B.c.P = malloc(N * sizeof *B.c.P);
    B.c.v = malloc(N * sizeof *B.c.v);
    sn_status rc = SN_OK;
    if (!P || !F || !last || !nz || !B.c.pos || !B.c.prune || !B.c.F || !B.c.P || !B.c.v) {
        rc = SN_ENOMEM;
        goto done;
    }
    P[0] = 0;
    int whole = 1, nonneg = 1;
    for (size_t i = 0; i < n; i++) {
        P[i + 1] = P[i] + counts[i];
        if (counts[i] != floor(counts[i]) || counts[i] < 0 || P[i + 1] > 9e15)
            whole = 0;
        if (!(counts[i] >= 0))
            nonneg = 0;
    }
    if (whole)
        pthread_once(&log_once, log_init);
    /*
     * Days with counts, counted: nz[i] = days in [0, i) with a count. A position deep inside a run
     * of empty days (more than min_len days from either end of the run) is never needed as a
     * change: the cost of the two segments around a change in an empty run, the others fixed, is
     * concave in its position (each segment costs 2 S ln L + terms in S, or 0 without contacts), so
     * an endpoint of its feasible interval is as good, and those endpoints lie within min_len of
     * the run's ends. Leaving deep positions out keeps the result optimal and makes a long empty
     * stretch (a stray contact years before the rest) linear instead of quadratic: there the
     * candidates cost the same as the best but never fall behind it by the penalty, so PELT's
     * pruning cannot drop them.
     */
    nz[0] = 0;
    for (size_t i = 0; i < n; i++)
        nz[i + 1] = nz[i] + (counts[i] != 0);

    F[0] = -penalty;
    for (size_t t = 1; t <= n; t++)
        F[t] = INFINITY;
    /*
     * The bounded search computes fewer values but keeps a few candidates a
     * little longer, so its work is no measure of search_full's: it runs
     * only when the limit cannot be reached (at most n (n + 1) / 2 values).
     */
    int unlimited = max_work == 0 || (n < (1u << 31) && (uint64_t)n * (n + 1) / 2 <= max_work);
    if (whole && isfinite(penalty) && unlimited) {
        B.a = malloc(N * sizeof *B.a);
        B.rate = malloc(N * sizeof *B.rate);
        B.seen = malloc(N * sizeof *B.seen);
        B.by_a = malloc(N * sizeof *B.by_a);
        B.g = malloc(N * sizeof *B.g);
        B.done = malloc(N * sizeof *B.done);
        B.tmp = malloc(N * sizeof *B.tmp);
        if (!B.a || !B.rate || !B.seen || !B.by_a || !B.g || !B.done || !B.tmp)
            rc = SN_ENOMEM;
        else
            search_bounded(P, nz, n, penalty, min_len, &B, F, last);
    } else if (search_full(P, nz, n, penalty, min_len, whole, nonneg, max_work, &B.c, F, last)) {
        if (over)
            *over = 1;
        last[n] = 0; /* no result */
    }
    if (rc != SN_OK)
        goto done;
    size_t m = 0;
    for (size_t t = last[n]; t > 0; t = last[t])
        m++;
    if (m) {
        *cps = malloc(m * sizeof **cps);
        if (!*cps) {
            rc = SN_ENOMEM;
        } else {
            size_t i = m;
            for (size_t t = last[n]; t > 0; t = last[t])
                (*cps)[--i] = t;
            *n_cps = m;
        }
    }
done:
    free(P);
    free(F);
    free(last);
    free(nz);
    free(B.c.pos);
    free(B.c.prune);
    free(B.c.F);
    free(B.c.P);
    free(B.c.v);
    free(B.a);
    free(B.rate);
    free(B.seen);
    free(B.by_a);
    free(B.g);
    free(B.done);
    free(B.tmp);
    if (rc != SN_OK)
        return sn_err_set(err, rc, "out of memory finding change points");
    return SN_OK;
}
