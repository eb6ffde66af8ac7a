/*
 * test_temporal.c - the time index, spans and window plans, burstiness,
 * regularity, the decay fit, PELT change points, and sn_temporal_compute on a
 * hand-made store. Every expected value is worked out by hand in a comment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "samnett/metrics.h"
#include "samnett/net.h"
#include "samnett/store.h"
#include "samnett/temporal.h"
#include "samnett/time.h"

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.12g, expected %.12g", #a, a_, b_);                                    \
    } while (0)
#define assert_nan(a)                                                                              \
    do {                                                                                           \
        double a_ = (a);                                                                           \
        if (!isnan(a_))                                                                            \
            fail_msg("%s = %.12g, expected NaN (null)", #a, a_);                                   \
    } while (0)

#define DAY ((int64_t)SN_DAY)

static int64_t ymd(int y, unsigned m, unsigned d)
{
    return sn_days_from_civil(y, m, d) * DAY;
}

static int64_t ymdh(int y, unsigned m, unsigned d, int h)
{
    return ymd(y, m, d) + h * 3600;
}

/* Add a new actor to s (it must be new); its index. */
static uint32_t new_actor(sn_store *s, const char *id)
{
    uint32_t a = UINT32_MAX;
    int added = 0;
    assert_int_equal(sn_store_actor_add(s, id, strlen(id), 0, 0, &a, &added), SN_OK);
    assert_int_equal(added, 1);
    return a;
}

/* The intern id of an attribute string of s. */
static uint32_t new_string(sn_store *s, const char *v)
{
    uint32_t id = UINT32_MAX;
    assert_int_equal(sn_store_string(s, v, strlen(v), &id), SN_OK);
    return id;
}

/* ------------------------------------------------------------------------ */
/* Spans                                                                    */

static void test_span_parse(void **state)
{
    (void)state;
    sn_span s;
    assert_int_equal(sn_span_parse("30d", &s), SN_OK);
    assert_int_equal(s.unit, SN_SPAN_SECONDS);
    assert_int_equal(s.count, 30 * DAY);
    assert_string_equal(s.name, "30d");
    assert_int_equal(sn_span_parse("1w", &s), SN_OK);
    assert_int_equal(s.count, 7 * DAY);
    assert_int_equal(sn_span_parse("2w", &s), SN_OK);
    assert_int_equal(s.count, 14 * DAY);
    assert_int_equal(sn_span_parse("week", &s), SN_OK);
    assert_int_equal(s.count, 7 * DAY);
    assert_int_equal(sn_span_parse("month", &s), SN_OK);
    assert_int_equal(s.unit, SN_SPAN_MONTHS);
    assert_int_equal(s.count, 1);
    assert_int_equal(sn_span_parse("quarter", &s), SN_OK);
    assert_int_equal(s.count, 3);
    assert_int_equal(sn_span_parse("kvartal", &s), SN_OK);
    assert_string_equal(s.name, "quarter");
    assert_int_equal(sn_span_parse("year", &s), SN_OK);
    assert_int_equal(s.count, 12);
    char iso[32];
    sn_span_iso(&s, iso, sizeof iso);
    assert_string_equal(iso, "P1Y");
    sn_span_parse("30d", &s);
    sn_span_iso(&s, iso, sizeof iso);
    assert_string_equal(iso, "P30D");
    static const char *const bad[] = {"",   "d",      "0d", "-1d",    "1.5d",
                                      "3x", "36501d", "30", "month2", "99999999d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(sn_span_parse(bad[i], &s), SN_EUSAGE);
}

static void test_span_align_add(void **state)
{
    (void)state;
    sn_span m, q, y, d30;
    sn_span_parse("month", &m);
    sn_span_parse("quarter", &q);
    sn_span_parse("year", &y);
    sn_span_parse("30d", &d30);
    int64_t t = ymdh(2020, 5, 17, 13);
    assert_int_equal(sn_span_align(&m, t), ymd(2020, 5, 1));
    assert_int_equal(sn_span_align(&q, t), ymd(2020, 4, 1)); /* Q2 starts in April */
    assert_int_equal(sn_span_align(&y, t), ymd(2020, 1, 1));
    assert_int_equal(sn_span_align(&d30, t), t); /* day spans are not aligned */
    assert_int_equal(sn_span_align(&q, ymd(2020, 12, 31)), ymd(2020, 10, 1));
    /* 31 January plus a month is clamped to 29 February (2020 is a leap year). */
    assert_int_equal(sn_span_add(&m, ymd(2020, 1, 31), 1), ymd(2020, 2, 29));
    assert_int_equal(sn_span_add(&q, ymd(2020, 4, 1), 2), ymd(2020, 10, 1));
    assert_int_equal(sn_span_add(&q, ymd(2020, 10, 1), 1), ymd(2021, 1, 1));
    assert_int_equal(sn_span_add(&d30, ymd(2020, 1, 1), 2), ymd(2020, 3, 1)); /* 31 + 29 days */
    /* before 1970 too */
    assert_int_equal(sn_span_align(&q, ymdh(1969, 8, 20, 5)), ymd(1969, 7, 1));
}

static void check_window(const sn_window_bounds *w, int64_t start, int64_t end, const char *label)
{
    assert_int_equal(w->start, start);
    assert_int_equal(w->end, end);
    assert_string_equal(w->label, label);
}

/* Monthly windows from --since 2020-01-15 to --until 2020-04-10: clipped at both ends. */
static void test_windows_month_bounds(void **state)
{
    (void)state;
    sn_span m;
    sn_span_parse("month", &m);
    sn_window_bounds *w;
    size_t n;
    sn_err err;
    assert_int_equal(sn_windows_plan(&m, NULL, ymd(2020, 1, 15), ymd(2020, 4, 10), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 4);
    check_window(&w[0], ymd(2020, 1, 15), ymd(2020, 2, 1), "2020-01");
    check_window(&w[1], ymd(2020, 2, 1), ymd(2020, 3, 1), "2020-02");
    check_window(&w[2], ymd(2020, 3, 1), ymd(2020, 4, 1), "2020-03");
    check_window(&w[3], ymd(2020, 4, 1), ymd(2020, 4, 10), "2020-04");
    free(w);
    /* an empty period has no windows */
    assert_int_equal(sn_windows_plan(&m, NULL, ymd(2020, 1, 1), ymd(2020, 1, 1), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 0);
    free(w);
}

/* Quarters over exactly 2020: four windows, the last ending on the period end. */
static void test_windows_quarter(void **state)
{
    (void)state;
    sn_span q;
    sn_span_parse("quarter", &q);
    sn_window_bounds *w;
    size_t n;
    sn_err err;
    assert_int_equal(sn_windows_plan(&q, NULL, ymd(2020, 1, 1), ymd(2021, 1, 1), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 4);
    check_window(&w[0], ymd(2020, 1, 1), ymd(2020, 4, 1), "2020Q1");
    check_window(&w[1], ymd(2020, 4, 1), ymd(2020, 7, 1), "2020Q2");
    check_window(&w[2], ymd(2020, 7, 1), ymd(2020, 10, 1), "2020Q3");
    check_window(&w[3], ymd(2020, 10, 1), ymd(2021, 1, 1), "2020Q4");
    free(w);
    /* a period starting mid-quarter: the first quarter is clipped, labels stay calendar ones */
    assert_int_equal(sn_windows_plan(&q, NULL, ymd(2019, 11, 5), ymd(2020, 2, 1), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 2);
    check_window(&w[0], ymd(2019, 11, 5), ymd(2020, 1, 1), "2019Q4");
    check_window(&w[1], ymd(2020, 1, 1), ymd(2020, 2, 1), "2020Q1");
    free(w);
}

/* 30-day windows over the 60 days 2020-01-01 .. 2020-03-01: two, labelled by their start. */
static void test_windows_days(void **state)
{
    (void)state;
    sn_span d30;
    sn_span_parse("30d", &d30);
    sn_window_bounds *w;
    size_t n;
    sn_err err;
    assert_int_equal(sn_windows_plan(&d30, NULL, ymd(2020, 1, 1), ymd(2020, 3, 1), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 2);
    check_window(&w[0], ymd(2020, 1, 1), ymd(2020, 1, 31), "2020-01-01");
    check_window(&w[1], ymd(2020, 1, 31), ymd(2020, 3, 1), "2020-01-31");
    free(w);
    /* 61 days: a third window of one day */
    assert_int_equal(sn_windows_plan(&d30, NULL, ymd(2020, 1, 1), ymd(2020, 3, 2), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 3);
    check_window(&w[2], ymd(2020, 3, 1), ymd(2020, 3, 2), "2020-03-01");
    free(w);
}

/*
 * Sliding: 30-day windows every 10 days over 50 days start on days 0, 10 and
 * 20; the one starting on day 20 reaches the end (day 50), so it is the last.
 */
static void test_windows_sliding(void **state)
{
    (void)state;
    sn_span d30, d10, q, m;
    sn_span_parse("30d", &d30);
    sn_span_parse("10d", &d10);
    sn_window_bounds *w;
    size_t n;
    sn_err err;
    int64_t p0 = ymd(2021, 1, 1);
    assert_int_equal(sn_windows_plan(&d30, &d10, p0, p0 + 50 * DAY, &w, &n, &err), SN_OK);
    assert_int_equal(n, 3);
    check_window(&w[0], p0, p0 + 30 * DAY, "2021-01-01");
    check_window(&w[1], p0 + 10 * DAY, p0 + 40 * DAY, "2021-01-11");
    check_window(&w[2], p0 + 20 * DAY, p0 + 50 * DAY, "2021-01-21");
    free(w);
    /* quarters starting every month over 2021-01-01 .. 2021-06-01: Jan-Mar, Feb-Apr, Mar-May */
    sn_span_parse("quarter", &q);
    sn_span_parse("month", &m);
    assert_int_equal(sn_windows_plan(&q, &m, ymd(2021, 1, 1), ymd(2021, 6, 1), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 3);
    check_window(&w[0], ymd(2021, 1, 1), ymd(2021, 4, 1), "2021-01-01");
    check_window(&w[1], ymd(2021, 2, 1), ymd(2021, 5, 1), "2021-02-01");
    check_window(&w[2], ymd(2021, 3, 1), ymd(2021, 6, 1), "2021-03-01");
    free(w);
}

/*
 * Norway moves to summer time on 2021-03-28 (02:00 local becomes 03:00). All
 * times are UTC, so every day is 86,400 seconds: daily windows over
 * 2021-03-27 .. 2021-03-30 are three, each exactly one day, and March 2021
 * is exactly 31 x 86,400 seconds.
 */
static void test_windows_dst(void **state)
{
    (void)state;
    sn_span d1, m;
    sn_span_parse("1d", &d1);
    sn_span_parse("month", &m);
    sn_window_bounds *w;
    size_t n;
    sn_err err;
    assert_int_equal(sn_windows_plan(&d1, NULL, ymd(2021, 3, 27), ymd(2021, 3, 30), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(w[i].end - w[i].start, DAY);
    check_window(&w[1], ymd(2021, 3, 28), ymd(2021, 3, 29), "2021-03-28");
    free(w);
    assert_int_equal(sn_windows_plan(&m, NULL, ymd(2021, 3, 1), ymd(2021, 4, 1), &w, &n, &err),
                     SN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(w[0].end - w[0].start, 31 * DAY);
    assert_int_equal(w[0].start, 1614556800); /* 2021-03-01T00:00:00Z */
    free(w);
}

/* ------------------------------------------------------------------------ */
/* The time index                                                           */

static void test_timeline(void **state)
{
    (void)state;
    sn_store s;
    sn_err err;
    assert_int_equal(sn_store_init(&s, &err), SN_OK);
    new_actor(&s, "a");
    /* times 50, 10, 30, 10, 40: in time order 10 (#1), 10 (#3: equal times keep store order),
       30 (#2), 40 (#4), 50 (#0) */
    static const int64_t times[] = {50, 10, 30, 10, 40};
    for (int i = 0; i < 5; i++)
        assert_int_equal(sn_store_contact_add(&s, times[i], 0, 0, 0, 0, 0, 1.0f), SN_OK);
    sn_timeline tl;
    assert_int_equal(sn_timeline_build(&s, &tl, &err), SN_OK);
    assert_non_null(tl.order);
    static const uint32_t want[] = {1, 3, 2, 4, 0};
    for (int i = 0; i < 5; i++)
        assert_int_equal(sn_timeline_contact(&tl, (size_t)i), want[i]);
    size_t lo, hi;
    sn_timeline_range(&tl, 10, 40, &lo, &hi); /* 10, 10, 30 */
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 3);
    sn_timeline_range(&tl, 11, 50, &lo, &hi); /* 30, 40 */
    assert_int_equal(lo, 2);
    assert_int_equal(hi, 4);
    sn_timeline_range(&tl, 60, 70, &lo, &hi);
    assert_int_equal(hi - lo, 0);
    sn_store slice;
    assert_int_equal(sn_timeline_slice(&tl, 0, 2, &slice, &err), SN_EUSAGE); /* not in order */
    sn_timeline_free(&tl);
    sn_store_free(&s);

    /* In order: no permutation, and slices share the columns. A time range wider than 32 bits
       (1901 .. 2100) needs several radix passes when out of order. */
    assert_int_equal(sn_store_init(&s, &err), SN_OK);
    new_actor(&s, "a");
    static const int64_t t2[] = {-2000000000, -5, 0, 7, 4102444800};
    for (int i = 0; i < 5; i++)
        assert_int_equal(sn_store_contact_add(&s, t2[i], 0, 0, 0, 0, 0, 1.0f), SN_OK);
    assert_int_equal(sn_timeline_build(&s, &tl, &err), SN_OK);
    assert_null(tl.order);
    assert_int_equal(sn_timeline_slice(&tl, 1, 4, &slice, &err), SN_OK);
    assert_int_equal(slice.n, 3);
    assert_int_equal(sn_store_time(&slice, 0), -5);
    assert_int_equal(sn_store_time(&slice, 2), 7);
    sn_timeline_free(&tl);
    sn_store_free(&s);

    assert_int_equal(sn_store_init(&s, &err), SN_OK);
    new_actor(&s, "a");
    static const int64_t t3[] = {4102444800, 7, -2000000000, 0, -5, 7};
    for (int i = 0; i < 6; i++)
        assert_int_equal(sn_store_contact_add(&s, t3[i], 0, 0, 0, 0, 0, 1.0f), SN_OK);
    assert_int_equal(sn_timeline_build(&s, &tl, &err), SN_OK);
    static const uint32_t want3[] = {2, 4, 3, 1, 5, 0};
    for (int i = 0; i < 6; i++)
        assert_int_equal(sn_timeline_contact(&tl, (size_t)i), want3[i]);
    sn_timeline_free(&tl);
    sn_store_free(&s);
}

/* ------------------------------------------------------------------------ */
/* Burstiness, regularity, decay                                            */

static void test_burstiness_regularity(void **state)
{
    (void)state;
    /* times 0, 1, 2, 6: gaps 1, 1, 4; mu = 2, sigma = sqrt((1 + 1 + 4) / 3) = sqrt(2);
       B = (sqrt2 - 2) / (sqrt2 + 2) = -0.171572875; CV = sqrt2 / 2 = 0.707106781 */
    const int64_t a[] = {0, 1, 2, 6};
    assert_near(sn_burstiness(a, 4), (sqrt(2) - 2) / (sqrt(2) + 2), 1e-12);
    assert_near(sn_regularity(a, 4), sqrt(2) / 2, 1e-12);
    /* two contacts: one gap, sigma 0: B = -1 (clockwork), CV = 0 */
    const int64_t b[] = {100, 250};
    assert_near(sn_burstiness(b, 2), -1, 1e-12);
    assert_near(sn_regularity(b, 2), 0, 1e-12);
    /* one contact: not defined */
    assert_nan(sn_burstiness(b, 1));
    assert_nan(sn_regularity(b, 1));
    /* identical timestamps: gaps 0, 0; mu = sigma = 0: neither regular nor bursty (null) */
    const int64_t c[] = {5, 5, 5};
    assert_nan(sn_burstiness(c, 3));
    assert_nan(sn_regularity(c, 3));
    /* 0, 0, 10: gaps 0, 10; mu = 5, sigma = 5: B = 0, CV = 1 */
    const int64_t d[] = {0, 0, 10};
    assert_near(sn_burstiness(d, 3), 0, 1e-12);
    assert_near(sn_regularity(d, 3), 1, 1e-12);
}

static void test_decay(void **state)
{
    (void)state;
    /* h(x) = 1/x - 1/(e^x - 1) at x = 1 is 1 - 1/(e - 1) = 0.418023293: events with mean
       offset 0.418023293 T come from lambda = 1/T. T = 100 -> lambda = 0.01. */
    double m = 1 - 1 / (exp(1.0) - 1);
    assert_near(sn_decay_rate(m * 100, 100), 0.01, 1e-12);
    /* the estimating equation holds for an arbitrary mean below T/2 */
    for (double frac = 0.001; frac < 0.5; frac += 0.0617) {
        double T = 365, mean = frac * T, lam = sn_decay_rate(mean, T);
        assert_true(lam > 0);
        assert_near(1 / lam - T / expm1(lam * T), mean, 1e-9 * T);
    }
    /* near T/2 the rate is near 0 (h(x) ~ 1/2 - x/12): mean 0.49 T -> x ~ 0.12 */
    double lam = sn_decay_rate(49, 100);
    assert_near(lam * 100, 0.12, 0.001);
    /* mean >= T/2: no decay; mean 0 or T 0: not defined */
    assert_nan(sn_decay_rate(50, 100));
    assert_nan(sn_decay_rate(70, 100));
    assert_nan(sn_decay_rate(0, 100));
    assert_nan(sn_decay_rate(10, 0));
}

/* ------------------------------------------------------------------------ */
/* Change points                                                            */

static double cost(const double *P, size_t a, size_t b)
{
    double S = P[b] - P[a], L = (double)(b - a);
    return S > 0 ? 2 * (S - S * log(S / L)) : 0;
}

/* Exact optimal partitioning, O(n^2), the reference PELT must equal. */
static size_t optimal_partitioning(const double *y, size_t n, double beta, size_t min_len,
                                   size_t *cps)
{
    double *P = calloc(n + 1, sizeof *P), *F = malloc((n + 1) * sizeof *F);
    size_t *last = calloc(n + 1, sizeof *last);
    for (size_t i = 0; i < n; i++)
        P[i + 1] = P[i] + y[i];
    F[0] = -beta;
    for (size_t t = 1; t <= n; t++) {
        F[t] = INFINITY;
        for (size_t s = 0; s + min_len <= t; s++) {
            if (s != 0 && s < min_len)
                continue;
            double v = F[s] + cost(P, s, t) + beta;
            if (v < F[t]) {
                F[t] = v;
                last[t] = s;
            }
        }
    }
    size_t m = 0, tmp[4096];
    if (n >= 2 * min_len)
        for (size_t t = last[n]; t > 0; t = last[t])
            tmp[m++] = t;
    for (size_t i = 0; i < m; i++)
        cps[i] = tmp[m - 1 - i];
    free(P);
    free(F);
    free(last);
    return m;
}

static void test_pelt_step(void **state)
{
    (void)state;
    /*
     * 30 days of 2 then 30 days of 10. One segment: S = 360, L = 60,
     * C = 2 (360 - 360 ln 6) = -570.0. Two: 2 (60 - 60 ln 2) + 2 (300 - 300 ln 10)
     * = 36.8 - 781.6 = -744.7. The gain 174.7 beats beta = 2 ln 60 = 8.19, and any
     * other split gains less: one change, on day 30.
     */
    double y[60];
    for (int i = 0; i < 60; i++)
        y[i] = i < 30 ? 2 : 10;
    size_t *cps, n;
    sn_err err;
    assert_int_equal(sn_pelt_poisson(y, 60, 2 * log(60), 14, &cps, &n, &err), SN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cps[0], 30);
    free(cps);
    /* a constant series has none */
    for (int i = 0; i < 60; i++)
        y[i] = 5;
    assert_int_equal(sn_pelt_poisson(y, 60, 2 * log(60), 14, &cps, &n, &err), SN_OK);
    assert_int_equal(n, 0);
    /* a step on day 5 with segments of at least 14 days cannot be on day 5 */
    for (int i = 0; i < 60; i++)
        y[i] = i < 5 ? 0 : 10;
    assert_int_equal(sn_pelt_poisson(y, 60, 2 * log(60), 14, &cps, &n, &err), SN_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(cps[i] >= 14 && cps[i] <= 46);
    size_t ref[64];
    size_t m = optimal_partitioning(y, 60, 2 * log(60), 14, ref);
    assert_int_equal(n, m);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cps[i], ref[i]);
    free(cps);
    /* too short for two segments */
    assert_int_equal(sn_pelt_poisson(y, 27, 1, 14, &cps, &n, &err), SN_OK);
    assert_int_equal(n, 0);
}

/* PELT with deferred pruning equals exact optimal partitioning on random series. */
static void test_pelt_equals_op(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ull;
    for (int round = 0; round < 120; round++) {
        size_t n = 20 + (size_t)(round * 7 % 280);
        double *y = malloc(n * sizeof *y);
        double level = 1 + round % 9;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (x % 40 == 0)
                level = (double)(x >> 20 & 15);
            y[i] = floor(level * (double)(x >> 11 & 0xffff) / 32768.0);
        }
        size_t min_len = 1 + (size_t)round % 15;
        double beta = round % 3 == 0 ? 2 * log((double)n) : 1.0 + round % 25;
        size_t *cps, nc, ref[4096];
        sn_err err;
        assert_int_equal(sn_pelt_poisson(y, n, beta, min_len, &cps, &nc, &err), SN_OK);
        size_t m = optimal_partitioning(y, n, beta, min_len, ref);
        if (nc != m)
            fail_msg("round %d: PELT found %zu changes, optimal partitioning %zu", round, nc, m);
        for (size_t i = 0; i < nc; i++)
            assert_int_equal(cps[i], ref[i]);
        free(cps);
        free(y);
    }
}

static void test_dispersion(void **state)
{
    (void)state;
    /* 2, 4, 2, 4: sum of squared differences 12, sum 12: 12 / 24 = 0.5 -> at least 1 */
    const double a[] = {2, 4, 2, 4};
    assert_near(sn_dispersion(a, 4), 1, 1e-12);
    /* 0, 10, 0, 10: 300 / (2 * 20) = 7.5 */
    const double b[] = {0, 10, 0, 10};
    assert_near(sn_dispersion(b, 4), 7.5, 1e-12);
    assert_near(sn_dispersion(b, 1), 1, 1e-12);
}

/* ------------------------------------------------------------------------ */
/* One analysis over time                                                   */

/*
 * Actors a, b (type municipality), c, d (hospital_unit). --since 2021-01-01,
 * --until 2021-05-01 (120 days), monthly windows W0 Jan, W1 Feb, W2 Mar, W3 Apr.
 *
 *   2020-12-31 a->b   (before --since: left out)
 *   01-05 a->b   01-10 b->c   01-20 a->b                 W0 ties {ab, bc}
 *   02-03 a->b   02-14 c->d                              W1 ties {ab, cd}
 *   (nothing in March)                                   W2 ties {}
 *   04-02 a->b   04-09 b->c   04-30 23:00 d->a           W3 ties {ab, bc, da}
 *   2021-05-01 00:00 a->b (at --until: left out)
 *
 * Windows: contacts 3, 2, 0, 3; active nodes 3, 4, 0, 4; density 2/6, 2/12,
 * null, 3/12; reciprocity 0, 0, null, 0; weak components 1, 2, 0, 1.
 * Persistence: W0 null; W1 |{ab}| / |{ab,bc,cd}| = 1/3; W2 0/2 = 0; W3 0/3 = 0.
 * Novelty k=1: W0 null; W1 {cd} new of 2 = 1/2; W2 no ties: null; W3 all new: 1.
 * Novelty k=2: W0, W1 null; W2 null; W3 against W1 and W2 ({ab, cd}): bc, da new: 2/3.
 * Rate ratio (baseline = W0: 3 contacts in 31 days): W1 (2/28)/(3/31) = 0.738095,
 * W2 0, W3 (3/30)/(3/31) = 31/30.
 *
 * Tie ab: contacts 01-05, 01-20, 02-03, 04-02: gaps 15, 14, 58 days: mu = 29,
 * sigma = sqrt((196 + 225 + 841) / 3) = 20.510160 days: B = -0.171477, CV = 0.707247.
 * Persistence: present in W0, W1, W3; window pairs (0,1) both, (1,2) and (2,3)
 * one of them: 1/3. Novelty k=1: W1 not new, W3 new: 1/2. Rate ratio:
 * (4/120) / (2/31) = 0.516667.
 * Tie bc: W0, W3: persistence 0/2 = 0, novelty (W3 new) 1. Ties cd, da: 0 and 1.
 * Node a (ties ab, da): W0 {ab}, W1 {ab}, W2 {}, W3 {ab, da}: Jaccard 1, 0, 0:
 * persistence 1/3; novelty W1 0/1, W3 2/2: 1/2.
 * Node b (ab, bc): W0 {ab, bc}, W1 {ab}: 1/2, then 0, 0: persistence 1/6.
 * Group pairs: municipality -> municipality = {ab} (4 contacts), municipality ->
 * hospital_unit = {bc} (2), hospital_unit -> hospital_unit = {cd} (1),
 * hospital_unit -> municipality = {da} (1).
 */
enum { A, B, C, D };

static void build_store(sn_store *s, int shuffled)
{
    sn_err err;
    assert_int_equal(sn_store_init(s, &err), SN_OK);
    const char *ids[] = {"a", "b", "c", "d"};
    const char *types[] = {"municipality", "municipality", "hospital_unit", "hospital_unit"};
    for (int i = 0; i < 4; i++) {
        uint32_t a = new_actor(s, ids[i]);
        assert_int_equal(a, i);
        s->actors[a].attr[SN_ATTR_TYPE] = new_string(s, types[i]);
    }
    struct {
        int64_t t;
        uint32_t f, to;
        uint8_t ch;
    } rows[] = {
        {ymd(2020, 12, 31), A, B, SN_CH_PHONE},     {ymd(2021, 1, 5), A, B, SN_CH_PHONE},
        {ymd(2021, 1, 10), B, C, SN_CH_E_MESSAGE},  {ymd(2021, 1, 20), A, B, SN_CH_VIDEO},
        {ymd(2021, 2, 3), A, B, SN_CH_VIDEO},       {ymd(2021, 2, 14), C, D, SN_CH_PHONE},
        {ymd(2021, 4, 2), A, B, SN_CH_VIDEO},       {ymd(2021, 4, 9), B, C, SN_CH_E_MESSAGE},
        {ymdh(2021, 4, 30, 23), D, A, SN_CH_PHONE}, {ymd(2021, 5, 1), A, B, SN_CH_PHONE},
    };
    int n = (int)(sizeof rows / sizeof rows[0]);
    static const int perm[] = {7, 2, 9, 0, 5, 3, 8, 1, 6, 4};
    for (int k = 0; k < n; k++) {
        int i = shuffled ? perm[k] : k;
        assert_int_equal(
            sn_store_contact_add(s, rows[i].t, rows[i].f, rows[i].to, rows[i].ch, 0, 0, 1.0f),
            SN_OK);
    }
}

static void run(const sn_store *s, int novelty_k, int64_t after, sn_net *net, sn_temporal *T)
{
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    vo.has_since = vo.has_until = 1;
    vo.since = ymd(2021, 1, 1);
    vo.until = ymd(2021, 5, 1);
    sn_err err;
    assert_int_equal(sn_net_build(s, &vo, net, &err), SN_OK);
    sn_temporal_opts o;
    sn_temporal_opts_init(&o);
    o.has_window = 1;
    assert_int_equal(sn_span_parse("month", &o.window), SN_OK);
    o.novelty_k = novelty_k;
    o.window_metrics = SN_WM_DEGREE | SN_WM_STRENGTH;
    o.cp_min_contacts = 0;
    if (after) {
        o.has_after = 1;
        o.after = after;
    }
    sn_metrics_opts mo = {0};
    assert_int_equal(sn_temporal_compute(net, &mo, &o, T, &err), SN_OK);
}

static const sn_tstats *tie_stats(const sn_net *net, const sn_temporal *T, uint32_t a, uint32_t b)
{
    int64_t e = sn_net_tie(net, a, b);
    assert_true(e >= 0);
    return &T->ties[e];
}

static void check_scenario(int shuffled)
{
    sn_store s;
    build_store(&s, shuffled);
    sn_net net;
    sn_temporal T;
    run(&s, 1, 0, &net, &T);
    assert_int_equal(T.period_start, ymd(2021, 1, 1));
    assert_int_equal(T.period_end, ymd(2021, 5, 1));
    assert_int_equal(T.days, 120);
    assert_int_equal(T.n_windows, 4);
    const sn_window *w = T.windows;
    assert_string_equal(w[0].label, "2021-01");
    assert_string_equal(w[3].label, "2021-04");
    long contacts[] = {3, 2, 0, 3}, nodes[] = {3, 4, 0, 4}, ties[] = {2, 2, 0, 3};
    long comps[] = {1, 2, 0, 1};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(w[i].contacts, contacts[i]);
        assert_int_equal(w[i].nodes, nodes[i]);
        assert_int_equal(w[i].ties, ties[i]);
        assert_int_equal(w[i].components, comps[i]);
    }
    assert_near(w[0].density, 2.0 / 6, 1e-12);
    assert_near(w[1].density, 2.0 / 12, 1e-12);
    assert_nan(w[2].density);
    assert_near(w[3].density, 3.0 / 12, 1e-12);
    assert_near(w[0].reciprocity, 0, 1e-12);
    assert_nan(w[2].reciprocity);
    assert_nan(w[0].persistence);
    assert_near(w[1].persistence, 1.0 / 3, 1e-12);
    assert_near(w[2].persistence, 0, 1e-12);
    assert_near(w[3].persistence, 0, 1e-12);
    assert_nan(w[0].novelty);
    assert_near(w[1].novelty, 0.5, 1e-12);
    assert_nan(w[2].novelty);
    assert_near(w[3].novelty, 1, 1e-12);
    assert_near(w[0].rate_ratio, 1, 1e-12);
    assert_near(w[1].rate_ratio, (2.0 / 28) / (3.0 / 31), 1e-12);
    assert_near(w[2].rate_ratio, 0, 1e-12);
    assert_near(w[3].rate_ratio, 31.0 / 30, 1e-12);
    /* channels in the period: e-message, phone, video (ascending index); W0: 1, 1, 1 */
    assert_int_equal(T.n_channels, 3);
    assert_int_equal(T.channels[0], SN_CH_E_MESSAGE);
    assert_int_equal(T.channels[1], SN_CH_PHONE);
    assert_int_equal(T.channels[2], SN_CH_VIDEO);
    assert_int_equal(w[0].channel_contacts[2], 1);
    assert_int_equal(w[1].channel_contacts[2], 1);
    assert_int_equal(w[3].channel_contacts[1], 1);
    /* per-window degree and strength of the active nodes; W3: a (out ab, in da) */
    assert_int_equal(T.n_metric_columns, 4);
    assert_string_equal(T.metric_columns[0], "degree_in");
    assert_int_equal(w[3].n_active, 4);
    assert_int_equal(w[3].active[0], A);
    assert_near(w[3].values[0], 1, 0); /* degree_in of a */
    assert_near(w[3].values[1], 1, 0); /* degree_out of a */
    assert_int_equal(w[2].n_active, 0);

    const sn_tstats *ab = tie_stats(&net, &T, A, B);
    assert_int_equal(ab->contacts, 4);
    assert_int_equal(ab->first, ymd(2021, 1, 5));
    assert_int_equal(ab->last, ymd(2021, 4, 2));
    assert_near(ab->burstiness, -0.1714767211765923, 1e-12);
    assert_near(ab->regularity, 0.7072468994443752, 1e-12);
    assert_near(ab->persistence, 1.0 / 3, 1e-12);
    assert_near(ab->novelty, 0.5, 1e-12);
    assert_int_equal(ab->baseline_contacts, 2);
    assert_near(ab->rate_ratio, (4.0 / 120) / (2.0 / 31), 1e-12);
    assert_nan(ab->half_life_days); /* no --after */
    const sn_tstats *bc = tie_stats(&net, &T, B, C);
    assert_near(bc->persistence, 0, 1e-12);
    assert_near(bc->novelty, 1, 1e-12);
    const sn_tstats *da = tie_stats(&net, &T, D, A);
    assert_int_equal(da->contacts, 1); /* one contact: no gaps */
    assert_nan(da->burstiness);
    assert_nan(da->regularity);
    assert_near(da->persistence, 0, 1e-12);
    assert_nan(da->rate_ratio); /* no contacts in the baseline */

    assert_near(T.nodes[A].persistence, 1.0 / 3, 1e-12);
    assert_near(T.nodes[A].novelty, 0.5, 1e-12);
    assert_near(T.nodes[B].persistence, 1.0 / 6, 1e-12);
    assert_near(T.nodes[C].persistence, 0, 1e-12);
    assert_int_equal(T.nodes[A].contacts, 5);

    /* group pairs, most contacts first */
    assert_int_equal(T.n_pairs, 4);
    assert_string_equal(T.groups.labels[T.pairs[0].from], "municipality");
    assert_string_equal(T.groups.labels[T.pairs[0].to], "municipality");
    assert_int_equal(T.pairs[0].stats.contacts, 4);
    assert_near(T.pairs[0].stats.persistence, 1.0 / 3, 1e-12);
    assert_string_equal(T.groups.labels[T.pairs[1].to], "hospital_unit");
    assert_int_equal(T.pairs[1].stats.contacts, 2);
    assert_true(T.pairs[0].cps.tested); /* cp_min_contacts 0: every pair */

    /* the network: every contact of the period */
    assert_int_equal(T.network.contacts, 8);
    assert_int_equal(T.network.first, ymd(2021, 1, 5));
    assert_near(T.network.persistence, (1.0 / 3 + 0 + 0) / 3, 1e-12);
    assert_near(T.network.novelty, (0.5 + 1) / 2, 1e-12);
    assert_near(T.network.rate_ratio, (8.0 / 120) / (3.0 / 31), 1e-12);
    assert_true(T.network_cps.tested);

    sn_temporal_free(&T);
    sn_net_free(&net);

    /* novelty with k = 2 */
    run(&s, 2, 0, &net, &T);
    assert_nan(T.windows[0].novelty);
    assert_nan(T.windows[1].novelty);
    assert_nan(T.windows[2].novelty);
    assert_near(T.windows[3].novelty, 2.0 / 3, 1e-12);
    /* tie ab with k = 2: only W3 counts (last seen in W1, within the two before): not new */
    assert_near(tie_stats(&net, &T, A, B)->novelty, 0, 1e-12);
    sn_temporal_free(&T);
    sn_net_free(&net);
    sn_store_free(&s);
}

static void test_compute_scenario(void **state)
{
    (void)state;
    check_scenario(0);
}

/* The same store written out of time order: the time index and window copies give the same. */
static void test_compute_unsorted(void **state)
{
    (void)state;
    check_scenario(1);
}

/*
 * --after 2021-03-01: the network has 5 contacts before and 3 after (04-02,
 * 04-09, 04-30 23:00: t = 32, 39, 60.958 days of T = 61): mean 43.99 > T/2,
 * contact grows towards the end: no decay (null). --after 2021-01-01 (the
 * period start): t = 4, 9, 19, 33, 44, 91, 98, 119.958 days, mean 52.245 <
 * T/2 = 60, so lambda > 0 solves mean = 1/lambda - T/(e^(lambda T) - 1).
 */
static void test_half_life(void **state)
{
    (void)state;
    sn_store s;
    build_store(&s, 0);
    sn_net net;
    sn_temporal T;
    run(&s, 1, ymd(2021, 3, 1), &net, &T);
    assert_int_equal(T.network.contacts_before, 5);
    assert_int_equal(T.network.contacts_after, 3);
    assert_nan(T.network.half_life_days);
    assert_int_equal(tie_stats(&net, &T, A, B)->contacts_after, 1);
    sn_temporal_free(&T);
    sn_net_free(&net);

    run(&s, 1, ymd(2021, 1, 1), &net, &T);
    assert_int_equal(T.network.contacts_before, 0);
    assert_int_equal(T.network.contacts_after, 8);
    double mean = (4 + 9 + 19 + 33 + 44 + 91 + 98 + 119 + 23.0 / 24) / 8, Tlen = 120;
    double lam = T.network.decay_per_day;
    assert_true(lam > 0);
    assert_near(1 / lam - Tlen / expm1(lam * Tlen), mean, 1e-9);
    assert_near(T.network.half_life_days, log(2) / lam, 1e-9);
    /* tie ab after 2021-01-01: 4, 19, 33, 91 days: mean 36.75 < 60 */
    const sn_tstats *ab = tie_stats(&net, &T, A, B);
    assert_true(ab->decay_per_day > 0);
    assert_near(1 / ab->decay_per_day - Tlen / expm1(ab->decay_per_day * Tlen), 36.75, 1e-9);
    /* tie bc has 2 contacts after the date: too few for a fit */
    assert_nan(tie_stats(&net, &T, B, C)->half_life_days);
    sn_temporal_free(&T);
    sn_net_free(&net);
    sn_store_free(&s);
}

/*
 * Change points through the pipeline: 60 days (2021-01-01 .. 2021-03-02) of a
 * -> b, 2 contacts a day for 30 days, then 10 a day. Penalty BIC 2 ln 60 (the
 * counts are Poisson-like, so the quasi penalty's phi = max(1, 64 / 720) = 1
 * gives the same): one change on 2021-01-31, rate 2 before and 10 after, up.
 */
static void test_change_point_pipeline(void **state)
{
    (void)state;
    sn_store s;
    sn_err err;
    assert_int_equal(sn_store_init(&s, &err), SN_OK);
    assert_int_equal(new_actor(&s, "a"), 0);
    assert_int_equal(new_actor(&s, "b"), 1);
    for (int d = 0; d < 60; d++)
        for (int k = 0; k < (d < 30 ? 2 : 10); k++)
            assert_int_equal(sn_store_contact_add(&s, ymd(2021, 1, 1) + d * DAY + k * 60, 0, 1,
                                                  SN_CH_PHONE, 0, 0, 1.0f),
                             SN_OK);
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    sn_net net;
    assert_int_equal(sn_net_build(&s, &vo, &net, &err), SN_OK);
    sn_temporal_opts o;
    sn_temporal_opts_init(&o);
    o.has_after = 1;
    o.after = ymd(2021, 1, 1);
    sn_temporal T;
    sn_metrics_opts mo = {0};
    assert_int_equal(sn_temporal_compute(&net, &mo, &o, &T, &err), SN_OK);
    assert_int_equal(T.days, 60);
    assert_int_equal(T.n_windows, 0);
    assert_near(T.network_cps.penalty, 2 * log(60), 1e-12);
    assert_int_equal(T.network_cps.n, 1);
    assert_int_equal(T.network_cps.cp[0].time, ymd(2021, 1, 31));
    assert_near(T.network_cps.cp[0].rate_before, 2, 1e-12);
    assert_near(T.network_cps.cp[0].rate_after, 10, 1e-12);
    /* the only group pair ("" -> "": no types) has 360 contacts, so it is tested too */
    assert_int_equal(T.n_pairs, 1);
    assert_int_equal(T.pairs[0].cps.n, 1);
    assert_nan(T.network.rate_ratio); /* no windows and no --baseline: no baseline */
    assert_nan(T.network.persistence);
    sn_temporal_free(&T);
    sn_net_free(&net);
    sn_store_free(&s);
}

/*
 * PELT over series with long runs of empty days (a stray contact years
 * before the rest): the same optimum as optimal partitioning, and linear
 * time. Costs are compared: among equal-cost optima the positions may differ.
 */
static double partition_cost(const double *y, size_t n, const size_t *cps, size_t m, double beta)
{
    double *P = calloc(n + 1, sizeof *P), c = 0;
    for (size_t i = 0; i < n; i++)
        P[i + 1] = P[i] + y[i];
    for (size_t i = 0; i <= m; i++)
        c += cost(P, i ? cps[i - 1] : 0, i < m ? cps[i] : n) + beta;
    free(P);
    return c - beta;
}

static void test_pelt_empty_runs(void **state)
{
    (void)state;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int round = 0; round < 60; round++) {
        size_t n = 200 + (size_t)(round * 37 % 1800);
        double *y = calloc(n, sizeof *y);
        /* bursts of counts separated by empty runs of up to ~n/3 days */
        size_t i = (size_t)round % 3 == 0 ? 1 : 0;
        if (i)
            y[0] = 1; /* a stray first day */
        while (i < n) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            size_t gap = (size_t)(x % (n / 3 + 1)), len = 1 + (size_t)(x >> 20) % 40;
            i += gap;
            for (size_t k = 0; k < len && i < n; k++, i++)
                y[i] = (double)((x >> (k % 40)) & 7);
        }
        size_t min_len = 1 + (size_t)round % 20;
        double beta = round % 2 ? 2 * log((double)n) : 2 * sn_dispersion(y, n) * log((double)n);
        size_t *cps, nc, ref[4096];
        sn_err err;
        assert_int_equal(sn_pelt_poisson(y, n, beta, min_len, &cps, &nc, &err), SN_OK);
        size_t m = optimal_partitioning(y, n, beta, min_len, ref);
        double got = partition_cost(y, n, cps, nc, beta), want = partition_cost(y, n, ref, m, beta);
        if (!(fabs(got - want) <= 1e-9 * (1 + fabs(want))))
            fail_msg("round %d (n %zu, min_len %zu): PELT cost %.12g, optimal %.12g", round, n,
                     min_len, got, want);
        for (size_t k = 0; k + 1 < nc; k++)
            assert_true(cps[k + 1] - cps[k] >= min_len);
        free(cps);
        free(y);
    }
}

/* One contact, then 100,000 empty days, then a year of data: fast (it was quadratic). */
static void test_pelt_long_gap_fast(void **state)
{
    (void)state;
    size_t gap = 100000, bulk = 365, n = 1 + gap + bulk;
    double *y = calloc(n, sizeof *y);
    y[0] = 1;
    for (size_t i = 1 + gap; i < n; i++)
        y[i] = (double)(i % 3);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t *cps, nc;
    sn_err err;
    assert_int_equal(sn_pelt_poisson(y, n, 2 * log((double)n), 14, &cps, &nc, &err), SN_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (secs > 5) /* about 0.02 s; the quadratic search took about a minute */
        fail_msg("PELT over %zu days took %.1f s", n, secs);
    /* the stray contact and the empty stretch are one segment, the data another */
    assert_int_equal(nc, 1);
    assert_int_equal(cps[0], 1 + gap);
    free(cps);
    free(y);
}

/* A step limit: a steady series gives up (no change points), others are untouched. */
static void test_pelt_work_limit(void **state)
{
    (void)state;
    size_t n = 3000, *cps, nc;
    double *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++)
        y[i] = (double)(1 + i % 2);
    sn_err err;
    int over = -1;
    /* steady: about n^2 / 2 = 4.5 million evaluations, over a limit of one million */
    assert_int_equal(
        sn_pelt_poisson_limited(y, n, 2 * log((double)n), 14, 1000000, &cps, &nc, &over, &err),
        SN_OK);
    assert_int_equal(over, 1);
    assert_int_equal(nc, 0);
    assert_null(cps);
    /* without a limit it runs to the end: no change */
    assert_int_equal(
        sn_pelt_poisson_limited(y, n, 2 * log((double)n), 14, 0, &cps, &nc, &over, &err), SN_OK);
    assert_int_equal(over, 0);
    assert_int_equal(nc, 0);
    /* a step every 100 days prunes well: far under the limit, the same as unlimited */
    for (size_t i = 0; i < n; i++)
        y[i] = (double)(i / 100 % 2 ? 12 : 2);
    size_t *ref, nref;
    assert_int_equal(sn_pelt_poisson(y, n, 2 * log((double)n), 14, &ref, &nref, &err), SN_OK);
    assert_int_equal(
        sn_pelt_poisson_limited(y, n, 2 * log((double)n), 14, 1000000, &cps, &nc, &over, &err),
        SN_OK);
    assert_int_equal(over, 0);
    assert_int_equal(nc, nref);
    assert_int_equal(nc, 29);
    for (size_t i = 0; i < nc; i++)
        assert_int_equal(cps[i], ref[i]);
    free(cps);
    free(ref);
    free(y);
}

/*
 * Whole counts take the bounded search (most costs bounded, not computed); a
 * work limit that could be reached takes the full one. Both give the same
 * change points on series where nearly every candidate stays (weekdays and
 * weekends, a holiday, a step, a slow drift) and on noisy ones.
 */
static void test_pelt_bounded_equals_full(void **state)
{
    (void)state;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int round = 0; round < 24; round++) {
        size_t n = 400 + (size_t)round * 97, *a, na, *b, nb;
        double *y = malloc(n * sizeof *y);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            double level = round % 4 == 0 ? 2 : round % 4 == 1 ? 40 : 900;
            if (round % 3 == 1 && i > n / 2)
                level *= 1.6; /* a step */
            if (round % 3 == 2)
                level *= 1 + (double)i / (double)n; /* a drift */
            double day = i % 7 >= 5 ? 0.05 : 1.3;
            if (i % 365 > 355)
                day = 0.1; /* a holiday */
            y[i] = floor(level * day * (0.5 + (double)(x >> 11 & 0xffff) / 65536.0));
        }
        size_t min_len = round % 2 ? 14 : 1 + (size_t)round % 9;
        double beta = 2 * sn_dispersion(y, n) * log((double)n);
        uint64_t reachable = (uint64_t)n * (n + 1) / 2 - 1;
        sn_err err;
        int over = -1;
        assert_int_equal(sn_pelt_poisson(y, n, beta, min_len, &a, &na, &err), SN_OK);
        assert_int_equal(
            sn_pelt_poisson_limited(y, n, beta, min_len, reachable, &b, &nb, &over, &err), SN_OK);
        assert_int_equal(over, 0);
        if (na != nb)
            fail_msg("round %d: bounded search %zu changes, full search %zu", round, na, nb);
        for (size_t i = 0; i < na; i++)
            assert_int_equal(a[i], b[i]);
        free(a);
        free(b);
        free(y);
    }
}

/* The period cut to a plausible range, and stray contacts cut off its ends. */
static void test_period_range_cut(void **state)
{
    (void)state;
    sn_store s;
    sn_err err;
    assert_int_equal(sn_store_init(&s, &err), SN_OK);
    assert_int_equal(new_actor(&s, "a"), 0);
    assert_int_equal(new_actor(&s, "b"), 1);
    /* 1600-03-01, then 2023-01-05 .. 2023-03-10 (one a day, 65 days), then 9999-03-01 */
    assert_int_equal(sn_store_contact_add(&s, ymd(1600, 3, 1), 0, 1, SN_CH_PHONE, 0, 0, 1), SN_OK);
    for (int d = 0; d < 65; d++)
        assert_int_equal(sn_store_contact_add(&s, ymd(2023, 1, 5) + d * DAY + 3600, d % 2,
                                              1 - d % 2, SN_CH_PHONE, 0, 0, 1),
                         SN_OK);
    assert_int_equal(sn_store_contact_add(&s, ymd(9999, 3, 1), 1, 0, SN_CH_PHONE, 0, 0, 1), SN_OK);
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    sn_time_range r;
    sn_time_range_default(ymd(2026, 12, 3) + 3600, &r);
    assert_int_equal(r.from, 0);
    assert_int_equal(r.to, ymd(2036, 12, 4));
    int64_t p0, p1;
    /* without a range: the whole span */
    sn_temporal_period_in(&s, &vo, NULL, &p0, &p1);
    assert_int_equal(p0, ymd(1600, 3, 1));
    assert_int_equal(p1, ymd(9999, 3, 2));
    /* with it: the days of the contacts inside */
    sn_temporal_period_in(&s, &vo, &r, &p0, &p1);
    assert_int_equal(p0, ymd(2023, 1, 5));
    assert_int_equal(p1, ymd(2023, 3, 11));
    /* since and until are clipped to the range */
    vo.has_since = vo.has_until = 1;
    vo.since = ymd(1500, 1, 1);
    vo.until = ymd(2023, 2, 1);
    sn_temporal_period_in(&s, &vo, &r, &p0, &p1);
    assert_int_equal(p0, 0);
    assert_int_equal(p1, ymd(2023, 2, 1));
    /* no contact inside: an empty period at the range's start */
    sn_time_range none = {ymd(1990, 1, 1), ymd(2000, 1, 1)};
    sn_view_opts_init(&vo);
    sn_temporal_period_in(&s, &vo, &none, &p0, &p1);
    assert_int_equal(p0, ymd(1990, 1, 1));
    assert_int_equal(p1, ymd(1990, 1, 1));

    /* The whole analysis with monthly windows: 2023-01 .. 2023-03, two left out. */
    sn_view_opts_init(&vo);
    sn_net net;
    assert_int_equal(sn_net_build(&s, &vo, &net, &err), SN_OK);
    assert_int_equal(net.contacts_in_window, 67); /* the network keeps them */
    sn_temporal_opts o;
    sn_temporal_opts_init(&o);
    o.has_window = 1;
    assert_int_equal(sn_span_parse("month", &o.window), SN_OK);
    o.has_range = 1;
    o.range = r;
    sn_metrics_opts mo = {0};
    sn_temporal T;
    assert_int_equal(sn_temporal_compute(&net, &mo, &o, &T, &err), SN_OK);
    assert_int_equal(T.period_start, ymd(2023, 1, 5));
    assert_int_equal(T.days, 65);
    assert_int_equal(T.outside, 2);
    assert_int_equal(T.strays, 0);
    assert_false(T.cp_too_long);
    assert_int_equal(T.n_windows, 3);
    assert_string_equal(T.windows[0].label, "2023-01");
    assert_int_equal(T.windows[0].contacts + T.windows[1].contacts + T.windows[2].contacts, 65);
    assert_int_equal(T.network.contacts, 65);
    assert_true(T.network_cps.tested);
    sn_temporal_free(&T);
    /* a range holding everything: 3,000-odd years, too long for change points */
    o.has_window = 0;
    o.has_after = 1;
    o.after = ymd(2023, 2, 1);
    o.range = (sn_time_range){ymd(1, 1, 1), ymd(10000, 1, 1)};
    assert_int_equal(sn_temporal_compute(&net, &mo, &o, &T, &err), SN_OK);
    assert_int_equal(T.outside, 0);
    assert_true(T.days > SN_CP_MAX_DAYS);
    assert_true(T.cp_too_long);
    assert_false(T.network_cps.tested);
    assert_int_equal(T.network.contacts, 67);
    sn_temporal_free(&T);
    sn_net_free(&net);
    sn_store_free(&s);
}

/* 1,500 contacts in 2023 and one in 2015: the one is a stray; with --since it is not. */
static void test_period_strays(void **state)
{
    (void)state;
    sn_store s;
    sn_err err;
    assert_int_equal(sn_store_init(&s, &err), SN_OK);
    assert_int_equal(new_actor(&s, "a"), 0);
    assert_int_equal(new_actor(&s, "b"), 1);
    assert_int_equal(sn_store_contact_add(&s, ymd(2015, 6, 1), 0, 1, SN_CH_PHONE, 0, 0, 1), SN_OK);
    for (int k = 0; k < 1500; k++)
        assert_int_equal(sn_store_contact_add(&s, ymd(2023, 1, 1) + (k % 300) * DAY + k, k % 2,
                                              1 - k % 2, SN_CH_PHONE, 0, 0, 1),
                         SN_OK);
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    sn_net net;
    assert_int_equal(sn_net_build(&s, &vo, &net, &err), SN_OK);
    sn_temporal_opts o;
    sn_temporal_opts_init(&o);
    o.has_window = 1;
    assert_int_equal(sn_span_parse("quarter", &o.window), SN_OK);
    o.has_range = 1;
    sn_time_range_default(ymd(2026, 1, 1), &o.range);
    sn_metrics_opts mo = {0};
    sn_temporal T;
    assert_int_equal(sn_temporal_compute(&net, &mo, &o, &T, &err), SN_OK);
    assert_int_equal(T.period_start, ymd(2023, 1, 1));
    assert_int_equal(T.period_end, ymd(2023, 10, 28));
    assert_int_equal(T.outside, 1);
    assert_int_equal(T.strays, 1);
    assert_int_equal(T.n_windows, 4);
    sn_temporal_free(&T);
    sn_net_free(&net);
    /* an explicit start keeps it */
    vo.has_since = 1;
    vo.since = ymd(2015, 1, 1);
    assert_int_equal(sn_net_build(&s, &vo, &net, &err), SN_OK);
    assert_int_equal(sn_temporal_compute(&net, &mo, &o, &T, &err), SN_OK);
    assert_int_equal(T.period_start, ymd(2015, 1, 1));
    assert_int_equal(T.outside, 0);
    assert_int_equal(T.strays, 0);
    assert_int_equal(T.n_windows, 36);
    sn_temporal_free(&T);
    sn_net_free(&net);
    sn_store_free(&s);
}

/* More windows than SN_WINDOWS_MAX: an error naming the period, not hours of work. */
static void test_windows_cap(void **state)
{
    (void)state;
    sn_span d;
    assert_int_equal(sn_span_parse("1d", &d), SN_OK);
    sn_window_bounds *b = NULL;
    size_t n = 0;
    sn_err err = {0};
    assert_int_equal(sn_windows_plan(&d, NULL, ymd(1, 1, 1), ymd(9999, 1, 1), &b, &n, &err),
                     SN_EUSAGE);
    assert_null(b);
    assert_non_null(strstr(err.msg, "more than 40000 windows of 1d over 0001-01-01 .. 9998-12-31"));
    /* 100 years of days fit */
    assert_int_equal(sn_windows_plan(&d, NULL, ymd(1970, 1, 1), ymd(2070, 1, 1), &b, &n, &err),
                     SN_OK);
    assert_int_equal(n, 36525); /* 100 years with 25 leap days */
    free(b);
}

/* Window metrics by name, and the columns they give. */
static void test_window_metric_names(void **state)
{
    (void)state;
    unsigned set;
    assert_int_equal(sn_window_metrics_parse("degree,pagerank", &set), SN_OK);
    assert_int_equal(set, SN_WM_DEGREE | SN_WM_PAGERANK);
    const char *names[SN_WM_COLUMNS];
    assert_int_equal(sn_window_metric_columns(set, names), 3);
    assert_string_equal(names[0], "degree_in");
    assert_string_equal(names[1], "degree_out");
    assert_string_equal(names[2], "pagerank");
    assert_int_equal(sn_window_metrics_parse("all", &set), SN_OK);
    assert_int_equal(sn_window_metric_columns(set, names), SN_WM_COLUMNS);
    assert_int_equal(sn_window_metrics_parse("degree,,pagerank", &set), SN_EUSAGE);
    assert_int_equal(sn_window_metrics_parse("closeness,foo", &set), SN_EUSAGE);
    assert_int_equal(sn_window_metrics_parse("", &set), SN_EUSAGE);
}

int main(void)
{
    sn_init();
    /* these tests count the calendar in UTC; zone-aware ones load their zone */
    sn_tz_use("UTC", NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_span_parse),
        cmocka_unit_test(test_span_align_add),
        cmocka_unit_test(test_windows_month_bounds),
        cmocka_unit_test(test_windows_quarter),
        cmocka_unit_test(test_windows_days),
        cmocka_unit_test(test_windows_sliding),
        cmocka_unit_test(test_windows_dst),
        cmocka_unit_test(test_timeline),
        cmocka_unit_test(test_burstiness_regularity),
        cmocka_unit_test(test_decay),
        cmocka_unit_test(test_pelt_step),
        cmocka_unit_test(test_pelt_equals_op),
        cmocka_unit_test(test_dispersion),
        cmocka_unit_test(test_compute_scenario),
        cmocka_unit_test(test_compute_unsorted),
        cmocka_unit_test(test_half_life),
        cmocka_unit_test(test_change_point_pipeline),
        cmocka_unit_test(test_window_metric_names),
        cmocka_unit_test(test_pelt_empty_runs),
        cmocka_unit_test(test_pelt_long_gap_fast),
        cmocka_unit_test(test_pelt_work_limit),
        cmocka_unit_test(test_pelt_bounded_equals_full),
        cmocka_unit_test(test_period_range_cut),
        cmocka_unit_test(test_period_strays),
        cmocka_unit_test(test_windows_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
