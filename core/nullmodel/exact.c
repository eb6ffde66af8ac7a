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

/*
 * A unimodal discrete distribution on [lo, hi] by its log-probabilities (up
 * to a constant): the binomial, or the hypergeometric of Fisher's test.
 */
/* The log-probabilities met by one walk away from the mode, and their terms (see tail). */
typedef struct walk {
    double *lg, *term;
    size_t n, cap;
    int full; /* out of memory: keeps no more */
} walk;

static void walk_keep(walk *w, double lg, double t)
{
    if (w->n == w->cap) {
        if (w->full)
            return;
        size_t cap = w->cap ? 2 * w->cap : 256;
        double *a = realloc(w->lg, cap * sizeof *a);
        if (a)
            w->lg = a;
        double *b = a ? realloc(w->term, cap * sizeof *b) : NULL;
        if (b)
            w->term = b;
        if (!a || !b) {
            w->full = 1;
            return;
        }
        w->cap = cap;
    }
    w->lg[w->n] = lg;
    w->term[w->n++] = t;
}

typedef struct dist {
    int hyper;
    long lo, hi;
    double lp, lq, lnf; /* binomial: log p, log(1 - p), log n! */
    long m, nn, k;      /* hypergeometric: the margins */
    /* what the walks of the total met: up from md (md, md + 1, ...) and down (md - 1, ...) */
    long md;
    const walk *up, *down;
} dist;

static double logd_of(const dist *D, long i)
{
    if (D->hyper)
        return -lgamma((double)i + 1) - lgamma((double)(D->m - i) + 1) -
               lgamma((double)(D->k - i) + 1) - lgamma((double)(D->nn - D->k + i) + 1);
    long n = D->hi;
    return D->lnf - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) + (double)i * D->lp +
           (double)(n - i) * D->lq;
}

/* Where the total's walks met i: the walk and the index in it, or NULL. */
static const walk *met(const dist *D, long i, size_t *at)
{
    const walk *w = i >= D->md ? D->up : D->down;
    if (!w)
        return NULL;
    *at = i >= D->md ? (size_t)(i - D->md) : (size_t)(D->md - 1 - i);
    return *at < w->n ? w : NULL;
}

/* logd(i): the same number again when the total's walks met i. */
static double logd(const dist *D, long i)
{
    size_t at;
    const walk *w = met(D, i, &at);
    return w ? w->lg[at] : logd_of(D, i);
}

/* exp(logd(i) - top) for the top of the total's walks. */
static double term(const dist *D, long i, double top)
{
    size_t at;
    const walk *w = met(D, i, &at);
    return w ? w->term[at] : exp(logd_of(D, i) - top);
}

/* The mode: from a first guess, uphill to the largest log-probability. */
static long mode_of(const dist *D, long guess)
{
    long x = guess < D->lo ? D->lo : guess > D->hi ? D->hi : guess;
    while (x < D->hi && logd(D, x + 1) > logd(D, x))
        x++;
    while (x > D->lo && logd(D, x - 1) > logd(D, x))
        x--;
    return x;
}

/*
 * The sum of exp(logd(i) - top) from `from` away from the mode (step +1 up
 * to hi, -1 down to lo). The terms only shrink on that side, so the walk
 * stops once a term no longer changes the sum: the cost is the width of the
 * distribution, not its support.
 */
static double tail(const dist *D, long from, int step, double top)
{
    double s = 0;
    for (long i = from; i >= D->lo && i <= D->hi; i += step) {
        double t = term(D, i, top);
        s += t;
        if (t <= s * 1e-17)
            break;
    }
    return s;
}

/* tail() that keeps what it meets in w (nothing more when memory runs out). */
static double tail_walk(const dist *D, long from, int step, double top, walk *w)
{
    double s = 0;
    for (long i = from; i >= D->lo && i <= D->hi; i += step) {
        double l = logd_of(D, i), t = exp(l - top);
        walk_keep(w, l, t);
        s += t;
        if (t <= s * 1e-17)
            break;
    }
    return s;
}

/* P[X <= x] and P[X >= x] (unnormalised), with the mode at md. */
static double at_most(const dist *D, long x, long md, double top, double total)
{
    if (x < md)
        return tail(D, x, -1, top);
    return total - tail(D, x + 1, +1, top);
}

static double at_least(const dist *D, long x, long md, double top, double total)
{
    if (x > md)
        return tail(D, x, +1, top);
    return total - tail(D, x - 1, -1, top);
}

/* The first i in [a, b] (logd falling over it) with logd(i) <= cut; b + 1 if none. */
static long first_below(const dist *D, long a, long b, double cut)
{
    long r = b + 1;
    while (a <= b) {
        long mid = a + (b - a) / 2;
        if (logd(D, mid) <= cut) {
            r = mid;
            b = mid - 1;
        } else {
            a = mid + 1;
        }
    }
    return r;
}

/* The last i in [a, b] (logd rising over it) with logd(i) <= cut; a - 1 if none. */
static long last_below(const dist *D, long a, long b, double cut)
{
    long r = a - 1;
    while (a <= b) {
        long mid = a + (b - a) / 2;
        if (logd(D, mid) <= cut) {
            r = mid;
            a = mid + 1;
        } else {
            b = mid - 1;
        }
    }
    return r;
}

/*
 * The p-value of outcome x; guess is near the mode. The walks of the total
 * keep what they meet, so that the tails and searches after them reuse
 * those numbers instead of computing them again (the same numbers).
 */
static double discrete_p(const dist *D0, long x, long guess, sn_alternative alt)
{
    long md = mode_of(D0, guess);
    double top = logd_of(D0, md);
    /*
     * p is 0, without the total, when the outcomes beyond x have no mass at
     * double precision: a tail's terms only shrink away from the mode, so
     * with a first term of 0 the tail is 0 (and so is the other side's in a
     * two-sided test when its own tail is).
     */
    if (x != md && exp(logd_of(D0, x) - top) == 0) {
        int away = x > md ? +1 : -1;
        if (alt == (away > 0 ? SN_ALT_GREATER : SN_ALT_LESS))
            return 0;
        if (alt == SN_ALT_TWO_SIDED) {
            double cut = logd_of(D0, x) + log(REL_ERR);
            long y = away < 0 ? first_below(D0, md, D0->hi, cut) : last_below(D0, D0->lo, md, cut);
            int in = away < 0 ? y <= D0->hi : y >= D0->lo;
            if (!in || tail(D0, y, -away, top) == 0)
                return 0;
        }
    }
    walk up = {0}, down = {0};
    double total = tail_walk(D0, md, +1, top, &up) + tail_walk(D0, md - 1, -1, top, &down), s;
    dist walked = *D0;
    walked.md = md;
    walked.up = &up;
    walked.down = &down;
    const dist *D = &walked;
    if (alt == SN_ALT_GREATER) {
        s = at_least(D, x, md, top, total);
    } else if (alt == SN_ALT_LESS) {
        s = at_most(D, x, md, top, total);
    } else {
        /* the outcomes no more likely than x: a tail on each side of the mode */
        double cut = logd(D, x) + log(REL_ERR);
        if (top <= cut) {
            free(up.lg);
            free(up.term);
            free(down.lg);
            free(down.term);
            return 1;
        }
        if (x < md) {
            long y = first_below(D, md, D->hi, cut);
            s = at_most(D, x, md, top, total) + (y <= D->hi ? tail(D, y, +1, top) : 0);
        } else {
            long y = last_below(D, D->lo, md, cut);
            s = at_least(D, x, md, top, total) + (y >= D->lo ? tail(D, y, -1, top) : 0);
        }
    }
    free(up.lg);
    free(up.term);
    free(down.lg);
    free(down.term);
    double p = s / total;
    return p < 0 ? 0 : p > 1 ? 1 : p;
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
    dist D = {.lo = 0, .hi = n, .lp = log(p0), .lq = log1p(-p0), .lnf = lgamma((double)n + 1)};
    return discrete_p(&D, k, (long)((double)(n + 1) * p0), alt);
}

double sn_fisher_test(long a, long b, long c, long d, sn_alternative alt)
{
    if (a < 0 || b < 0 || c < 0 || d < 0)
        return NAN;
    long m = a + c, nn = b + d, k = a + b; /* first column, second column, first row */
    dist D = {
        .hyper = 1, .lo = k - nn > 0 ? k - nn : 0, .hi = k < m ? k : m, .m = m, .nn = nn, .k = k};
    double guess = (double)(k + 1) * (double)(m + 1) / (double)(m + nn + 2);
    return discrete_p(&D, a, (long)guess, alt);
}

double sn_pnorm(double z)
{
    return 0.5 * erfc(-z / sqrt(2.0));
}

double sn_qnorm(double p)
{
    if (!(p > 0 && p < 1))
        return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
    if (p > 0.5)
        return -sn_qnorm(1 - p); /* 1 - p is exact here; the lower tail keeps its digits */
    /* bisection on the monotone pnorm: 200 halvings reach the double's resolution */
    double lo = -40, hi = 40;
    for (int i = 0; i < 200 && hi - lo > 0; i++) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi)
            break;
        if (sn_pnorm(mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
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
