/*
 * exact.c - exact binomial and Fisher tests, p-value adjustment and null
 * summaries (samnett/nullmodel.h). The two-sided rules follow R's
 * binom.test and fisher.test: the probabilities of the outcomes no more
 * likely than the observed one, with a relative tolerance of 1e-7.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/nullmodel.h"

#define REL_ERR (1 + 1e-7)

sn_status sn_alternative_parse(const char *s, sn_alternative *out)
{
    if (!s)
        return SN_EUSAGE;
    if (strcmp(s, "two-sided") == 0 || strcmp(s, "two.sided") == 0)
        *out = SN_ALT_TWO_SIDED;
    else if (strcmp(s, "greater") == 0)
        *out = SN_ALT_GREATER;
    else if (strcmp(s, "less") == 0)
        *out = SN_ALT_LESS;
    else
        return SN_EUSAGE;
    return SN_OK;
}

sn_status sn_p_method_parse(const char *s, sn_p_method *out)
{
    if (!s)
        return SN_EUSAGE;
    if (strcmp(s, "holm") == 0)
        *out = SN_P_HOLM;
    else if (strcmp(s, "bh") == 0 || strcmp(s, "BH") == 0 || strcmp(s, "fdr") == 0)
        *out = SN_P_BH;
    else if (strcmp(s, "none") == 0)
        *out = SN_P_NONE;
    else
        return SN_EUSAGE;
    return SN_OK;
}

/* log P[X = k] for X ~ Binomial(n, p), 0 < p < 1. */
static double log_dbinom(long k, long n, double p)
{
    return lgamma((double)n + 1) - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) +
           (double)k * log(p) + (double)(n - k) * log1p(-p);
}

/* Sum of exp(logd[i] - top) over i in [lo, hi]. */
static double sum_exp(const double *logd, long lo, long hi, double top)
{
    double s = 0;
    for (long i = lo; i <= hi; i++)
        s += exp(logd[i] - top);
    return s;
}

/*
 * The p-value over a discrete distribution given by log-probabilities
 * logd[0..m] (not necessarily normalised), observed outcome x.
 */
static double discrete_p(const double *logd, long m, long x, sn_alternative alt)
{
    double top = logd[0];
    for (long i = 1; i <= m; i++)
        if (logd[i] > top)
            top = logd[i];
    double total = sum_exp(logd, 0, m, top), s = 0;
    if (alt == SN_ALT_GREATER) {
        s = sum_exp(logd, x, m, top);
    } else if (alt == SN_ALT_LESS) {
        s = sum_exp(logd, 0, x, top);
    } else {
        double dx = exp(logd[x] - top) * REL_ERR;
        for (long i = 0; i <= m; i++) {
            double di = exp(logd[i] - top);
            if (di <= dx)
                s += di;
        }
    }
    double p = s / total;
    return p > 1 ? 1 : p;
}

double sn_binom_test(long k, long n, double p0, sn_alternative alt)
{
    if (k < 0 || n < 0 || k > n || !(p0 >= 0 && p0 <= 1))
        return NAN;
    if (n == 0)
        return 1;
    if (p0 == 0 || p0 == 1) {
        /* all mass on 0 (or n) */
        long at = p0 == 0 ? 0 : n;
        if (alt == SN_ALT_GREATER)
            return k <= at ? 1 : 0;
        if (alt == SN_ALT_LESS)
            return k >= at ? 1 : 0;
        return k == at ? 1 : 0;
    }
    if (alt == SN_ALT_TWO_SIDED && (double)k == (double)n * p0)
        return 1; /* R: x == m */
    double *logd = malloc((size_t)(n + 1) * sizeof *logd);
    if (!logd)
        return NAN;
    for (long i = 0; i <= n; i++)
        logd[i] = log_dbinom(i, n, p0);
    double p = discrete_p(logd, n, k, alt);
    free(logd);
    return p;
}

/* log of the hypergeometric weight C(m, x) C(nn, k - x), up to a constant. */
static double log_dhyper(long x, long m, long nn, long k)
{
    return -lgamma((double)x + 1) - lgamma((double)(m - x) + 1) - lgamma((double)(k - x) + 1) -
           lgamma((double)(nn - k + x) + 1);
}

double sn_fisher_test(long a, long b, long c, long d, sn_alternative alt)
{
    if (a < 0 || b < 0 || c < 0 || d < 0)
        return NAN;
    long m = a + c, nn = b + d, k = a + b; /* first column, second column, first row */
    long lo = k - nn > 0 ? k - nn : 0, hi = k < m ? k : m;
    long len = hi - lo;
    double *logd = malloc((size_t)(len + 1) * sizeof *logd);
    if (!logd)
        return NAN;
    for (long i = 0; i <= len; i++)
        logd[i] = log_dhyper(lo + i, m, nn, k);
    double p = discrete_p(logd, len, a - lo, alt);
    free(logd);
    return p;
}

typedef struct pidx {
    double p;
    size_t i;
} pidx;

static int cmp_pidx(const void *x, const void *y)
{
    const pidx *a = x, *b = y;
    if (a->p != b->p)
        return a->p < b->p ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

sn_status sn_p_adjust(const double *p, size_t n, sn_p_method method, double *q, sn_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (!(p[i] >= 0 && p[i] <= 1))
            return sn_err_set(err, SN_EINPUT, "p-value %zu (%g) is not a number from 0 to 1", i + 1,
                              p[i]);
    if (method == SN_P_NONE || n == 0) {
        memmove(q, p, n * sizeof *q);
        return SN_OK;
    }
    pidx *v = malloc(n * sizeof *v);
    if (!v)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        v[i] = (pidx){p[i], i};
    qsort(v, n, sizeof *v, cmp_pidx);
    if (method == SN_P_HOLM) {
        double run = 0;
        for (size_t j = 0; j < n; j++) {
            double x = (double)(n - j) * v[j].p;
            if (x > run)
                run = x;
            q[v[j].i] = run < 1 ? run : 1;
        }
    } else {
        double run = 1;
        for (size_t j = n; j-- > 0;) {
            double x = (double)n / (double)(j + 1) * v[j].p;
            if (x < run)
                run = x;
            q[v[j].i] = run;
        }
    }
    free(v);
    return SN_OK;
}

uint64_t sn_null_stream_seed(uint64_t seed, uint64_t draw)
{
    /* two rounds of splitmix64 over (seed, draw): distinct draws, distinct streams */
    uint64_t z = seed ^ (draw * 0xd1b54a32d192ed03ULL);
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return z + draw;
}

static int at_or_above(double x, double obs)
{
    return x >= obs - 1e-9 * fmax(1, fabs(obs));
}

static int at_or_below(double x, double obs)
{
    return x <= obs + 1e-9 * fmax(1, fabs(obs));
}

void sn_null_summarise(double observed, const double *x, size_t n, sn_null_summary *s)
{
    memset(s, 0, sizeof *s);
    s->observed = observed;
    double sum = 0;
    long ge = 0, le = 0, used = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            s->missing++;
            continue;
        }
        used++;
        sum += x[i];
        if (!isnan(observed)) {
            ge += at_or_above(x[i], observed);
            le += at_or_below(x[i], observed);
        }
    }
    s->draws = used;
    s->mean = used ? sum / (double)used : NAN;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            ss += (x[i] - s->mean) * (x[i] - s->mean);
    s->sd = used ? sqrt(ss / (double)used) : NAN;
    s->z = s->sd > 0 && !isnan(observed) ? (observed - s->mean) / s->sd : NAN;
    if (isnan(observed) || used == 0) {
        s->p_greater = s->p_less = s->p = NAN;
        return;
    }
    s->p_greater = (1.0 + (double)ge) / (1.0 + (double)used);
    s->p_less = (1.0 + (double)le) / (1.0 + (double)used);
    double m = fmin(s->p_greater, s->p_less) * 2;
    s->p = m < 1 ? m : 1;
}

void sn_null_acc_add(sn_null_acc *a, double observed, double x)
{
    if (isnan(x)) {
        a->missing++;
        return;
    }
    double d = x - (isnan(observed) ? 0 : observed);
    a->used++;
    a->sum += d;
    a->sumsq += d * d;
    if (!isnan(observed)) {
        a->ge += at_or_above(x, observed);
        a->le += at_or_below(x, observed);
    }
}

void sn_null_acc_merge(sn_null_acc *into, const sn_null_acc *from)
{
    into->sum += from->sum;
    into->sumsq += from->sumsq;
    into->ge += from->ge;
    into->le += from->le;
    into->used += from->used;
    into->missing += from->missing;
}

void sn_null_acc_finish(const sn_null_acc *a, double observed, sn_null_summary *s)
{
    memset(s, 0, sizeof *s);
    s->observed = observed;
    s->draws = a->used;
    s->missing = a->missing;
    if (a->used == 0) {
        s->mean = s->sd = s->z = s->p_greater = s->p_less = s->p = NAN;
        return;
    }
    double n = (double)a->used, m = a->sum / n, v = a->sumsq / n - m * m;
    s->mean = m + (isnan(observed) ? 0 : observed);
    s->sd = v > 0 ? sqrt(v) : 0;
    /* an sd that is rounding noise of a constant statistic counts as 0 */
    if (s->sd <= 1e-12 * fmax(1, fabs(s->mean)))
        s->sd = 0;
    s->z = s->sd > 0 && !isnan(observed) ? (observed - s->mean) / s->sd : NAN;
    if (isnan(observed)) {
        s->p_greater = s->p_less = s->p = NAN;
        return;
    }
    s->p_greater = (1.0 + (double)a->ge) / (1.0 + n);
    s->p_less = (1.0 + (double)a->le) / (1.0 + n);
    double p = 2 * fmin(s->p_greater, s->p_less);
    s->p = p < 1 ? p : 1;
}
