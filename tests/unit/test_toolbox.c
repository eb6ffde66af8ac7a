/* test_toolbox.c - the shared helpers of core/util (toolbox.h, rng.h, pairmap.h, time.h). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "samnett/error.h"
#include "samnett/time.h"
#include "util/rng.h"
#include "util/toolbox.h"

typedef struct {
    int hits[64];
    int parts_seen;
} fan;

static void mark(void *ctx, int part, int parts)
{
    fan *f = ctx;
    __atomic_add_fetch(&f->hits[part], 1, __ATOMIC_SEQ_CST);
    f->parts_seen = parts; /* the same value from every part */
}

static void test_parallel_for(void **state)
{
    (void)state;
    for (int parts = -1; parts <= 40; parts += 7) {
        fan f;
        memset(&f, 0, sizeof f);
        sni_parallel_for(parts, mark, &f);
        int want = parts < 1 ? 1 : parts;
        assert_int_equal(f.parts_seen, want);
        for (int p = 0; p < 64; p++)
            assert_int_equal(f.hits[p], p < want ? 1 : 0);
    }
}

/* sni_sort_doubles against qsort with sni_cmp_double: the same bits in the same order. */
static void test_sort_doubles(void **state)
{
    (void)state;
    uint64_t r = 0x2545f4914f6cdd1dull;
    const size_t sizes[] = {0, 1, 5, 1023, 1024, 5000, 121531};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int kind = 0; kind < 6; kind++) {
            size_t n = sizes[s];
            double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
            assert_non_null(a);
            assert_non_null(b);
            for (size_t i = 0; i < n; i++) {
                r ^= r << 13, r ^= r >> 7, r ^= r << 17;
                uint64_t bits = r;
                switch (kind) {
                case 0:
                    a[i] = (double)(r % 14);
                    break; /* small counts */
                case 1:
                    a[i] = (double)(r % 100000) / (1.0 + r % 977);
                    break; /* densities */
                case 2:
                    a[i] = ((r & 1) ? -1.0 : 1.0) * (double)(r >> 20) * 1e-9;
                    break;
                case 3: /* any bits but NaN */
                    memcpy(&a[i], &bits, sizeof bits);
                    if (isnan(a[i]))
                        a[i] = -INFINITY;
                    break;
                case 4:
                    a[i] = i == n / 2 ? -0.0 : (double)(r % 7) - 3.0;
                    break; /* a -0.0 */
                default:
                    a[i] = i % 97 == 5 ? NAN : (double)(r % 50);
                    break; /* NaN */
                }
            }
            memcpy(b, a, n * sizeof *a);
            qsort(b, n, sizeof *b, sni_cmp_double);
            sni_sort_doubles(a, n);
            assert_memory_equal(a, b, n * sizeof *a);
            free(a);
            free(b);
        }
}

static void test_quantile(void **state)
{
    (void)state;
    /* R: quantile(c(1, 2, 4, 8), c(0, .1, .25, .5, .9, 1)) (type 7) */
    const double v[] = {1, 2, 4, 8};
    assert_float_equal(sni_quantile_sorted(v, 4, 0), 1, 1e-12);
    assert_float_equal(sni_quantile_sorted(v, 4, 0.1), 1.3, 1e-12);
    assert_float_equal(sni_quantile_sorted(v, 4, 0.25), 1.75, 1e-12);
    assert_float_equal(sni_quantile_sorted(v, 4, 0.5), 3, 1e-12);
    assert_float_equal(sni_quantile_sorted(v, 4, 0.9), 6.8, 1e-12);
    assert_float_equal(sni_quantile_sorted(v, 4, 1), 8, 1e-12);
    assert_float_equal(sni_quantile_sorted(v, 1, 0.7), 1, 1e-12);
}

static int64_t key_of(const void *ctx, size_t i)
{
    return ((const int64_t *)ctx)[i] * 10;
}

static void test_lower_bound(void **state)
{
    (void)state;
    const uint32_t a[] = {1, 3, 3, 3, 7, 9};
    const uint64_t b[] = {1, 3, 3, 3, 7, 9};
    const int64_t c[] = {1, 3, 3, 3, 7, 9};
    const uint32_t x[] = {0, 1, 2, 3, 4, 7, 8, 9, 10};
    const size_t want[] = {0, 0, 1, 1, 4, 4, 5, 5, 6};
    for (size_t k = 0; k < sizeof x / sizeof *x; k++) {
        assert_int_equal(sni_lower_bound_u32(a, 6, x[k]), want[k]);
        assert_int_equal(sni_lower_bound_u64(b, 6, x[k]), want[k]);
        assert_int_equal(sni_lower_bound_by(6, key_of, c, (int64_t)x[k] * 10), want[k]);
    }
    assert_int_equal(sni_lower_bound_u32(a, 0, 5), 0);
}

static void test_decay(void **state)
{
    (void)state;
    /* the mean offset of a truncated exponential at rate l on [0, T] is
       1/l - T/(e^(lT) - 1); the fit inverts it */
    const double T = 100;
    for (double l = 0.001; l < 1; l *= 3) {
        double mean = 1 / l - T / expm1(l * T);
        assert_float_equal(sni_decay_rate(mean, T), l, 1e-9 * l + 1e-12);
    }
    assert_true(isnan(sni_decay_rate(T / 2, T)));
    assert_true(isnan(sni_decay_rate(0, T)));
    assert_true(isnan(sni_decay_rate(10, 0)));
}

static void test_rng_below(void **state)
{
    (void)state;
    rng r;
    rng_seed_from(&r, 42);
    long counts[7] = {0};
    for (int i = 0; i < 70000; i++) {
        uint32_t k = rng_below(&r, 7);
        assert_true(k < 7);
        counts[k]++;
    }
    for (int k = 0; k < 7; k++) /* 10000 expected; 5 sd is about 490 */
        assert_in_range(counts[k], 9500, 10500);
    /* the fast draw is the exact one's high part: equal unless a draw is rejected */
    rng a, b;
    rng_seed_from(&a, 9);
    rng_seed_from(&b, 9);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(rng_below(&a, 1000), rng_below_fast(&b, 1000));
    assert_int_equal(rng_below(&a, 1), 0);
    double u = rng_unit(&a);
    assert_true(u >= 0 && u < 1);
}

static void test_calendar(void **state)
{
    (void)state;
    for (int64_t d = -800000; d <= 800000; d += 997) {
        int64_t y;
        unsigned m, day;
        sn_civil_from_days(d, &y, &m, &day);
        assert_in_range(m, 1, 12);
        assert_in_range(day, 1, 31);
        assert_int_equal(sn_days_from_civil(y, m, day), d);
    }
    int64_t y;
    unsigned m, d;
    sn_civil_from_days(18322, &y, &m, &d); /* 2020-03-01: after a leap day */
    assert_int_equal(y, 2020);
    assert_int_equal(m, 3);
    assert_int_equal(d, 1);
    sn_civil_from_days(-1, &y, &m, &d);
    assert_int_equal(y, 1969);
    assert_int_equal(m, 12);
    assert_int_equal(d, 31);
}

static void test_clock_and_igraph(void **state)
{
    (void)state;
    double a = sni_clock_mono(), b = sni_clock_mono();
    assert_true(b >= a);
    assert_true(sni_clock_real() > 1.5e9); /* after 2017 */
    sn_err err = {0};
    assert_int_equal(sni_igraph_status(&err, "x", 2 /* IGRAPH_ENOMEM */), SN_ENOMEM);
    assert_non_null(strstr(err.msg, "out of memory"));
    assert_int_equal(sni_igraph_status(&err, "the walk", 4 /* IGRAPH_EINVAL */), SN_EANALYSIS);
    assert_non_null(strstr(err.msg, "the walk failed: "));
}

static void test_group_and_compare(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(sni_group_digits(0, ',', buf, sizeof buf), "0");
    assert_string_equal(sni_group_digits(999, ',', buf, sizeof buf), "999");
    assert_string_equal(sni_group_digits(1000, ',', buf, sizeof buf), "1,000");
    assert_string_equal(sni_group_digits(-1234567, ' ', buf, sizeof buf), "-1 234 567");
    assert_string_equal(sni_group_digits(1234567, ',', buf, 6), "1,23"); /* cut to fit */
    double d[] = {3, -1, 2};
    qsort(d, 3, sizeof *d, sni_cmp_double);
    assert_true(d[0] == -1 && d[1] == 2 && d[2] == 3);
    uint64_t u[] = {UINT64_MAX, 0, 7};
    qsort(u, 3, sizeof *u, sni_cmp_u64);
    assert_true(u[0] == 0 && u[1] == 7 && u[2] == UINT64_MAX);
    int64_t i[] = {5, INT64_MIN, -5};
    qsort(i, 3, sizeof *i, sni_cmp_i64);
    assert_true(i[0] == INT64_MIN && i[1] == -5 && i[2] == 5);
    uint32_t w[] = {UINT32_MAX, 1};
    qsort(w, 2, sizeof *w, sni_cmp_u32);
    assert_true(w[0] == 1 && w[1] == UINT32_MAX);
    const char *t[] = {"b", "ab", "a"};
    qsort(t, 3, sizeof *t, sni_cmp_str);
    assert_string_equal(t[0], "a");
    assert_string_equal(t[2], "b");
    assert_true(sni_ends_with("x.lua", ".lua") && !sni_ends_with("lua", ".lua"));
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_for),
        cmocka_unit_test(test_quantile),
        cmocka_unit_test(test_sort_doubles),
        cmocka_unit_test(test_lower_bound),
        cmocka_unit_test(test_decay),
        cmocka_unit_test(test_rng_below),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_clock_and_igraph),
        cmocka_unit_test(test_group_and_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
