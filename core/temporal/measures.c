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

/*
 * h(x) = 1/x - 1/(e^x - 1), the mean offset over T of events with intensity
 * e^(-x t / T) on [0, T]: it falls from 1/2 (x -> 0) to 0 (x -> infinity).
 */
static double decay_mean(double x)
{
    if (x < 1e-3) /* series: cancellation in the closed form */
        return 0.5 - x / 12 + x * x * x / 720 - x * x * x * x * x / 30240;
    if (x > 700)
        return 1 / x;
    double em1 = expm1(x);
    return (em1 - x) / (x * em1);
}

double sn_decay_rate(double mean_t, double T)
{
    if (!(T > 0) || !(mean_t > 0) || !isfinite(mean_t))
        return NAN;
    double m = mean_t / T;
    if (m >= 0.5)
        return NAN; /* lambda <= 0: no decay */
    double lo = 0, hi = 1;
    while (decay_mean(hi) > m && hi < 1e300)
        hi *= 2;
    for (int i = 0; i < 2000 && hi - lo > 1e-15 * hi; i++) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi)
            break;
        if (decay_mean(mid) > m)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + (hi - lo) / 2) / T;
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
    double *P = malloc((n + 1) * sizeof *P), *F = malloc((n + 1) * sizeof *F);
    size_t *last = malloc((n + 1) * sizeof *last), *nz = malloc((n + 1) * sizeof *nz);
    /* The candidates, packed: position, F and P at it, pruning time, this step's value. */
    size_t *cpos = malloc((n + 1) * sizeof *cpos), *cprune = malloc((n + 1) * sizeof *cprune);
    double *cF = malloc((n + 1) * sizeof *cF), *cP = malloc((n + 1) * sizeof *cP);
    double *cv = malloc((n + 1) * sizeof *cv);
    if (!P || !F || !last || !nz || !cpos || !cprune || !cF || !cP || !cv) {
        free(P);
        free(F);
        free(last);
        free(nz);
        free(cpos);
        free(cprune);
        free(cF);
        free(cP);
        free(cv);
        return sn_err_set(err, SN_ENOMEM, "out of memory finding change points");
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
    size_t nc = 0;
    uint64_t work = 0;
    for (size_t t = min_len; t <= n; t++) {
        /* tau = t - min_len can end a segment now if it is 0 or itself reachable. */
        size_t tau = t - min_len;
        int deep = nonneg && tau > min_len && tau + min_len < n &&
                   nz[tau + min_len + 1] == nz[tau - min_len - 1];
        if ((tau == 0 || tau >= min_len) && !deep) {
            cpos[nc] = tau;
            cF[nc] = F[tau];
            cP[nc] = P[tau];
            cprune[nc++] = SIZE_MAX;
        }
        work += nc;
        if (max_work && work > max_work) {
            if (over)
                *over = 1;
            last[n] = 0; /* no result */
            break;
        }
        double Pt = P[t], lt = (double)t;
        for (size_t i = 0; i < nc; i++)
            cv[i] = cF[i] + seg_cost(whole, Pt - cP[i], lt - (double)cpos[i]);
        double best = INFINITY;
        size_t arg = 0;
        for (size_t i = 0; i < nc; i++)
            if (cv[i] + penalty < best) {
                best = cv[i] + penalty;
                arg = cpos[i];
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
        for (size_t i = 0; i < nc; i++) {
            size_t pr = cprune[i];
            if (pr == SIZE_MAX && cv[i] > bar)
                pr = t + min_len;
            if (pr <= t + 1)
                continue;
            cpos[k] = cpos[i];
            cF[k] = cF[i];
            cP[k] = cP[i];
            cprune[k++] = pr;
        }
        nc = k;
    }
    size_t m = 0;
    for (size_t t = last[n]; t > 0; t = last[t])
        m++;
    sn_status rc = SN_OK;
    if (m) {
        *cps = malloc(m * sizeof **cps);
        if (!*cps) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory finding change points");
        } else {
            size_t i = m;
            for (size_t t = last[n]; t > 0; t = last[t])
                (*cps)[--i] = t;
            *n_cps = m;
        }
    }
    free(P);
    free(F);
    free(last);
    free(nz);
    free(cpos);
    free(cprune);
    free(cF);
    free(cP);
    free(cv);
    return rc;
}
