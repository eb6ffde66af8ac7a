/*
 * timeshuffle.c - the time-shuffle null (samnett/nullmodel.h, sn_null_time).
 *
 * A uniform permutation of the contacts' windows among the contacts, seen
 * per (tie, window), is a random contingency table with fixed margins: each
 * tie's contact count and each window's volume, with probability
 * prod(rows!) prod(columns!) / (contacts! prod(cells!)). A draw samples that
 * table exactly, tie by tie: a tie's row is multivariate hypergeometric
 * given the volumes the ties before it left. With few windows, and for a
 * tie with many contacts, the row is drawn window by window, each count
 * hypergeometric given the rest of the row (exact: item by item when few,
 * else by inversion from the mode with Loader's probabilities); the other
 * ties come after them, contact by contact, each contact's window drawn in
 * proportion to the contacts left in it (an alias table with rejection).
 * Only the window statistics of each row are kept: a draw costs O(windows)
 * for each tie drawn window by window and O(1) for each contact of the
 * others, against a pass over every contact and a ties x windows table.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

/* A tie is drawn window by window when there are at most this many windows, or when it
   has more than ts_heavy_per_window contacts a window; else contact by contact (a count
   per window costs about as much as a few contacts). Tests move them. */
static uint32_t ts_few_windows = 4;
static double ts_heavy_per_window = 64;
/* The hypergeometric is drawn item by item up to this many items, else by inversion. */
#define TS_HYPER_SMALL 40
#define TS_STIRLING_TABLE 16
#define TS_LN_2PI 1.837877066409345483560659472811 /* log(2 pi) */

typedef struct time_ctx {
    const sn_null_time_in *in;
    size_t n_stats;
    uint32_t mc;     /* a window tie needs this many contacts */
    uint32_t n_rows; /* ties with contacts, heavy ones first */
    uint32_t n_heavy;
    uint32_t *row_count;                /* contacts of each row */
    uint32_t *volume;                   /* contacts of each window */
    uint32_t total;                     /* all contacts */
    double stirling[TS_STIRLING_TABLE]; /* stirlerr(k) for small k */
} time_ctx;

typedef struct time_scratch {
    uint32_t *col; /* volumes not yet drawn */
    uint32_t *ref; /* the volumes the alias table was built from */
    uint32_t *thr; /* alias table: bucket w keeps w below thr[w] / 2^32, else alias[w] */
    uint32_t *alias;
    uint32_t *small, *large; /* building it */
    uint64_t *mass;
    uint32_t *cnt;     /* the current row's count per window */
    uint32_t *touched; /* the windows it has a contact in */
    uint32_t n_touched;
    uint32_t *ties, *both; /* per window: rows present; present here and in the window before */
} time_scratch;

/* ---- the hypergeometric distribution ---- */

static inline double uniform01(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* log(k!) - log(sqrt(2 pi k) (k / e)^k): a table, then its asymptotic series (Loader 2000). */
static double stirlerr(const time_ctx *c, double k)
{
    if (k < TS_STIRLING_TABLE)
        return c->stirling[(int)k];
    double kk = k * k;
    if (k > 500)
        return (1.0 / 12 - 1.0 / 360 / kk) / k;
    if (k > 80)
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kk) / kk) / k;
    if (k > 35)
        return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / 1680 / kk) / kk) / kk) / k;
    return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - 1.0 / 1188 / kk) / kk) / kk) / kk) /
           k;
}

/* x log(x / np) + np - x, without cancellation (Loader 2000). */
static double bd0(double x, double np)
{
    if (fabs(x - np) < 0.1 * (x + np)) {
        double v = (x - np) / (x + np), s = (x - np) * v, ej = 2 * x * v;
        v *= v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                return s1;
            s = s1;
        }
        return s;
    }
    return x * log(x / np) + np - x;
}

/* The binomial probability of x in n at p (q = 1 - p), as R's dbinom_raw. */
static double dbinom_raw(const time_ctx *c, double x, double n, double p, double q)
{
    if (x == 0) {
        if (n == 0)
            return 1;
        return exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * log(q));
    }
    if (x == n)
        return exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p));
    double lc =
        stirlerr(c, n) - stirlerr(c, x) - stirlerr(c, n - x) - bd0(x, n * p) - bd0(n - x, n * q);
    double lf = TS_LN_2PI + log(x) + log1p(-x / n);
    return exp(lc - 0.5 * lf);
}

/* P[X = x], X the marked items among n drawn from N of which K are marked (R's dhyper). */
static double hyper_pmf(const time_ctx *c, uint32_t x, uint32_t n, uint32_t K, uint32_t N)
{
    double p = (double)n / N, q = (double)(N - n) / N;
    return dbinom_raw(c, x, K, p, q) * dbinom_raw(c, (double)n - x, (double)N - K, p, q) /
           dbinom_raw(c, n, N, p, q);
}

/* By inversion, searching out from the mode (0 < n, K and n, K <= N / 2). */
static uint32_t hyper_invert(const time_ctx *c, rng *r, uint32_t n, uint32_t K, uint32_t N)
{
    uint32_t lo = n > N - K ? n - (N - K) : 0, hi = n < K ? n : K;
    double bad = (double)N - K - n; /* N - K - n + k is bad + k */
    uint32_t mode = (uint32_t)(((double)n + 1) * ((double)K + 1) / ((double)N + 2));
    if (mode < lo)
        mode = lo;
    if (mode > hi)
        mode = hi;
    double pm = hyper_pmf(c, mode, n, K, N);
    for (;;) { /* again only when rounding left the probabilities short of u */
        double u = uniform01(r) - pm;
        if (u < 0)
            return mode;
        uint32_t down = mode, up = mode;
        double pd = pm, pu = pm;
        while ((up < hi && pu > 0) || (down > lo && pd > 0)) {
            if (up < hi) {
                pu *= ((double)K - up) * ((double)n - up) / (((double)up + 1) * (bad + up + 1));
                up++;
                if ((u -= pu) < 0)
                    return up;
            }
            if (down > lo) {
                pd *=
                    (double)down * (bad + down) / (((double)K - down + 1) * ((double)n - down + 1));
                down--;
                if ((u -= pd) < 0)
                    return down;
            }
        }
    }
}

/* The marked items among n drawn without replacement from N of which K are marked (exact). */
static uint32_t hyper(const time_ctx *c, rng *r, uint32_t n, uint32_t K, uint32_t N)
{
    if (n == 0 || K == 0)
        return 0;
    if (K == N)
        return n;
    if (n == N)
        return K;
    /* by symmetry: draw at most half the items (the marked ones left behind), and
       mark at most half (count the unmarked ones drawn) */
    uint32_t K0 = K;
    int flip_n = n > N - n, flip_k = K > N - K;
    if (flip_n)
        n = N - n;
    if (flip_k)
        K = N - K;
    uint32_t x;
    if (n <= TS_HYPER_SMALL || K <= TS_HYPER_SMALL) {
        /* draw the smaller of n and K one at a time: the count is symmetric in them */
        uint32_t few = n < K ? n : K, many = n < K ? K : n;
        x = 0;
        for (uint32_t i = 0; i < few; i++)
            x += rng_below(r, N - i) < many - x;
    } else {
        x = hyper_invert(c, r, n, K, N);
    }
    if (flip_k)
        x = n - x;
    if (flip_n)
        x = K0 - x;
    return x;
}

/*
 * An alias table (Walker 1977, built as Vose 1991 in whole numbers) of the
 * volumes left, col, summing to left > 0: in units of 1 / (W left), window w
 * has mass W col[w] and each of the W buckets holds left, of which w keeps
 * thr[w] / 2^32 and the rest goes to alias[w].
 */
static void alias_build(time_scratch *s, uint32_t W, uint32_t left)
{
    uint32_t ns = 0, nl = 0;
    for (uint32_t w = 0; w < W; w++) {
        s->ref[w] = s->col[w];
        s->mass[w] = (uint64_t)W * s->col[w];
        s->thr[w] = UINT32_MAX;
        s->alias[w] = w;
        if (s->mass[w] < left)
            s->small[ns++] = w;
        else
            s->large[nl++] = w;
    }
    while (ns && nl) {
        uint32_t a = s->small[--ns], b = s->large[nl - 1];
        s->thr[a] = (uint32_t)((s->mass[a] << 32) / left);
        s->alias[a] = b;
        s->mass[b] -= left - s->mass[a];
        if (s->mass[b] < left) {
            nl--;
            s->small[ns++] = b;
        }
    }
    /* what is left holds exactly a bucket each: the whole sums are exact */
}

/* ---- rows ---- */

static inline void row_add(time_scratch *s, uint32_t w, uint32_t k)
{
    s->touched[s->n_touched] = w;
    s->n_touched += s->cnt[w] == 0;
    s->cnt[w] += k;
}

/* The current row's windows into the counts; the row is cleared. */
static void row_end(const time_ctx *c, time_scratch *s)
{
    for (uint32_t i = 0; i < s->n_touched; i++) {
        uint32_t w = s->touched[i];
        if (s->cnt[w] >= c->mc) {
            s->ties[w]++;
            s->both[w] += w > 0 && s->cnt[w - 1] >= c->mc;
        }
    }
    for (uint32_t i = 0; i < s->n_touched; i++)
        s->cnt[s->touched[i]] = 0;
    s->n_touched = 0;
}

static void stats_out(const time_ctx *c, const time_scratch *s, double *out)
{
    for (uint32_t w = 0; w < c->in->n_windows; w++) {
        double *o = out + (size_t)w * SN_NT_PER_WINDOW;
        double ties = s->ties[w], both = s->both[w];
        double either = ties + (w > 0 ? s->ties[w - 1] : 0) - both;
        o[SN_NT_TIES] = ties;
        o[SN_NT_CONTACTS] = c->volume[w];
        o[SN_NT_PERSISTENCE] = w > 0 && either > 0 ? both / either : NAN;
        o[SN_NT_NOVELTY] = w > 0 && ties > 0 ? 1 - both / ties : NAN;
    }
}

static void ts_scratch_free(void *ud, void *p)
{
    (void)ud;
    time_scratch *s = p;
    free(s->col);
    free(s->ref);
    free(s->thr);
    free(s->alias);
    free(s->small);
    free(s->large);
    free(s->mass);
    free(s->cnt);
    free(s->touched);
    free(s->ties);
    free(s->both);
    free(s);
}

static void *ts_scratch_new(void *ud)
{
    time_ctx *c = ud;
    size_t W = c->in->n_windows ? c->in->n_windows : 1;
    time_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->col = malloc(W * sizeof *s->col);
    s->ref = malloc(W * sizeof *s->ref);
    s->thr = malloc(W * sizeof *s->thr);
    s->alias = malloc(W * sizeof *s->alias);
    s->small = malloc(W * sizeof *s->small);
    s->large = malloc(W * sizeof *s->large);
    s->mass = malloc(W * sizeof *s->mass);
    s->cnt = calloc(W, sizeof *s->cnt);
    s->touched = malloc((W + 1) * sizeof *s->touched); /* one past: row_add writes ahead */
    s->ties = malloc(W * sizeof *s->ties);
    s->both = malloc(W * sizeof *s->both);
    if (!s->col || !s->ref || !s->thr || !s->alias || !s->small || !s->large || !s->mass ||
        !s->cnt || !s->touched || !s->ties || !s->both) {
        ts_scratch_free(ud, s);
        return NULL;
    }
    return s;
}

/*
 * The rows that are not heavy, contact by contact: a window in proportion to
 * the contacts it has left (left in all), by an alias table of what was left
 * at its last build and rejection (a window kept with probability col / ref),
 * built again once a sixteenth of that (and at least 8 per window) is drawn,
 * so that nearly every proposal is kept.
 */
static void draw_contacts(const time_ctx *c, time_scratch *s, rng *r, uint32_t left)
{
    uint32_t W = c->in->n_windows;
    const uint32_t *thr = s->thr, *alias = s->alias, *ref = s->ref;
    uint32_t *col = s->col, *cnt = s->cnt, *touched = s->touched;
    rng g = *r; /* a copy the compiler can keep in registers */
    uint32_t next_build = left;
    for (uint32_t t = c->n_heavy; t < c->n_rows; t++) {
        uint32_t nt = 0;
        for (uint32_t todo = c->row_count[t]; todo > 0;) {
            if (left <= next_build) {
                alias_build(s, W, left);
                uint32_t step = left / 16 > 8 * W ? left / 16 : 8 * W;
                next_build = left > step ? left - step : 0;
            }
            uint32_t run = todo < left - next_build ? todo : left - next_build;
            todo -= run;
            left -= run;
            while (run--) {
                uint32_t w;
                uint64_t x;
                do {
                    x = rng_next(&g);
                    uint64_t y = (x >> 32) * W;
                    uint32_t b = (uint32_t)(y >> 32);
                    uint32_t own = (uint32_t)0 - ((uint32_t)y < thr[b]); /* a coin, no branch */
                    w = (b & own) | (alias[b] & ~own);
                } while ((((x & UINT32_MAX) * ref[w]) >> 32) >= col[w]);
                col[w]--;
                touched[nt] = w;
                nt += cnt[w] == 0;
                cnt[w]++;
            }
        }
        s->n_touched = nt;
        row_end(c, s);
    }
    *r = g;
}

static void ts_draw(void *ud, void *scratch, rng *r, double *stats)
{
    time_ctx *c = ud;
    time_scratch *s = scratch;
    uint32_t W = c->in->n_windows;
    memcpy(s->col, c->volume, W * sizeof *s->col);
    memset(s->ties, 0, W * sizeof *s->ties);
    memset(s->both, 0, W * sizeof *s->both);
    uint32_t left = c->total; /* contacts not yet drawn */
    /* the heavy rows, window by window */
    for (uint32_t t = 0; t < c->n_heavy; t++) {
        uint32_t n = c->row_count[t], rest = left;
        for (uint32_t w = 0; w < W && n > 0; w++) {
            uint32_t k = s->col[w];
            uint32_t x = k == rest ? n : hyper(c, r, n, k, rest);
            rest -= k;
            if (x) {
                s->col[w] -= x;
                row_add(s, w, x);
                n -= x;
            }
        }
        left -= c->row_count[t];
        row_end(c, s);
    }
    draw_contacts(c, s, r, left);
    stats_out(c, s, stats);
}

/* The observed statistics: the contacts grouped by tie. */
static sn_status observe(const time_ctx *c, double *out, sn_err *err)
{
    const sn_null_time_in *in = c->in;
    size_t T = in->n_ties;
    size_t *start = calloc(T + 2, sizeof *start);
    uint32_t *win = malloc((in->n_contacts ? in->n_contacts : 1) * sizeof *win);
    time_scratch *s = ts_scratch_new((void *)c);
    if (!start || !win || !s) {
        free(start);
        free(win);
        if (s)
            ts_scratch_free(NULL, s);
        return sn_err_set(err, SN_ENOMEM, "null model: out of memory");
    }
    for (size_t k = 0; k < in->n_contacts; k++)
        start[in->tie[k] + 2]++;
    for (size_t t = 0; t < T; t++)
        start[t + 2] += start[t + 1];
    for (size_t k = 0; k < in->n_contacts; k++)
        win[start[in->tie[k] + 1]++] = in->window[k];
    memset(s->ties, 0, in->n_windows * sizeof *s->ties);
    memset(s->both, 0, in->n_windows * sizeof *s->both);
    for (size_t t = 0; t < T; t++) {
        for (size_t k = start[t]; k < start[t + 1]; k++)
            row_add(s, win[k], 1);
        row_end(c, s);
    }
    stats_out(c, s, out);
    ts_scratch_free(NULL, s);
    free(start);
    free(win);
    return SN_OK;
}

static void ts_ctx_free(time_ctx *c)
{
    free(c->row_count);
    free(c->volume);
}

/* Set up c for in; SN_EUSAGE for a contact without a tie or window. */
static sn_status ts_ctx_init(time_ctx *c, const sn_null_time_in *in, sn_err *err)
{
    memset(c, 0, sizeof *c);
    c->in = in;
    c->n_stats = (size_t)in->n_windows * SN_NT_PER_WINDOW;
    if (in->n_contacts > UINT32_MAX || in->n_ties > UINT32_MAX)
        return sn_err_set(err, SN_EUSAGE, "time shuffle: too many contacts (%zu)", in->n_contacts);
    for (size_t k = 0; k < in->n_contacts; k++)
        if (in->tie[k] >= in->n_ties || in->window[k] >= in->n_windows)
            return sn_err_set(err, SN_EUSAGE, "time shuffle: contact %zu has no tie or window", k);
    double mc = in->min_contacts < 1 ? 1 : ceil(in->min_contacts);
    c->mc = mc > UINT32_MAX ? UINT32_MAX : (uint32_t)mc;
    c->total = (uint32_t)in->n_contacts;
    uint32_t *per_tie = calloc(in->n_ties ? in->n_ties : 1, sizeof *per_tie);
    c->row_count = malloc((in->n_ties ? in->n_ties : 1) * sizeof *c->row_count);
    c->volume = calloc(in->n_windows ? in->n_windows : 1, sizeof *c->volume);
    if (!per_tie || !c->row_count || !c->volume) {
        free(per_tie);
        ts_ctx_free(c);
        return sn_err_set(err, SN_ENOMEM, "null model: out of memory");
    }
    for (size_t k = 0; k < in->n_contacts; k++) {
        per_tie[in->tie[k]]++;
        c->volume[in->window[k]]++;
    }
    /* the rows: heavy ties first, then the others, each in tie order */
    double heavy = in->n_windows <= ts_few_windows ? 0 : ts_heavy_per_window * in->n_windows;
    for (int pass = 0; pass < 2; pass++)
        for (size_t t = 0; t < in->n_ties; t++) {
            uint32_t r = per_tie[t];
            if (r && (r > heavy) == (pass == 0))
                c->row_count[c->n_rows++] = r;
            if (pass == 0 && t + 1 == in->n_ties)
                c->n_heavy = c->n_rows;
        }
    free(per_tie);
    for (int k = 0; k < TS_STIRLING_TABLE; k++) /* lgamma here, before the threads start */
        c->stirling[k] = k ? lgamma(k + 1.0) - (k + 0.5) * log((double)k) + k - 0.5 * TS_LN_2PI : 0;
    return SN_OK;
}

sn_status sn_null_time(const sn_null_time_in *in, sn_null_time_out *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    if (sni_null_check_draws(in->draws, err) != SN_OK)
        return SN_EUSAGE;
    time_ctx c;
    sn_status st = ts_ctx_init(&c, in, err);
    if (st != SN_OK)
        return st;
    double *observed = malloc((c.n_stats ? c.n_stats : 1) * sizeof *observed);
    sn_null_acc *acc = calloc(c.n_stats ? c.n_stats : 1, sizeof *acc);
    out->window = calloc(c.n_stats ? c.n_stats : 1, sizeof *out->window);
    if (!observed || !acc || !out->window) {
        st = sn_err_set(err, SN_ENOMEM, "null model: out of memory");
        goto out;
    }
    st = observe(&c, observed, err);
    if (st != SN_OK)
        goto out;
    sn_null_runner r = {.draws = in->draws,
                        .seed = in->seed,
                        .threads = in->threads,
                        .n_stats = c.n_stats,
                        .observed = observed,
                        .ud = &c,
                        .scratch_new = ts_scratch_new,
                        .scratch_free = ts_scratch_free,
                        .draw = ts_draw};
    st = sni_null_run(&r, acc, err);
    if (st != SN_OK)
        goto out;
    for (size_t i = 0; i < c.n_stats; i++)
        sn_null_acc_finish(&acc[i], observed[i], &out->window[i]);
out:
    free(observed);
    free(acc);
    ts_ctx_free(&c);
    if (st != SN_OK)
        sn_null_time_free(out);
    return st;
}

void sn_null_time_free(sn_null_time_out *out)
{
    free(out->window);
    memset(out, 0, sizeof *out);
}
