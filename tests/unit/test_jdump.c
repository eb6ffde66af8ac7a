/*
 * test_jdump.c - the report's own JSON dumper (core/output/jdump.c) against
 * jansson's json_dumpb with the same flags, and its "%.17g" against
 * printf's: the same bytes for reals of
 * every range (random bit patterns, ties of the 17th digit, neighbours of
 * powers of ten), integers, strings with escapes and UTF-8, and nested
 * values, with and without the stream's extra indent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"

#define FLAGS (SN_JSON_FLAGS | JSON_ENCODE_ANY)

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static double uniform(void)
{
    return (double)(next() >> 11) / 9007199254740992.0;
}

static long n_checked;

/* x as jansson dumps it and as sni_json_real writes it: the same text. */
static void check_real(double x)
{
    if (!isfinite(x))
        return;
    char want[128], got[64];
    json_t *v = json_real(x);
    assert_non_null(v);
    size_t n = json_dumpb(v, want, sizeof want - 1, FLAGS);
    json_decref(v);
    assert_true(n > 0 && n < sizeof want);
    want[n] = 0;
    size_t m = sni_json_real(x, got, sizeof got);
    got[m < sizeof got ? m : 0] = 0;
    if (m != n || memcmp(got, want, n) != 0)
        fail_msg("%a: jansson '%s', sni_json_real '%s'", x, want, got);
    /* and the plain "%.17g" of the CSV tables */
    n = (size_t)snprintf(want, sizeof want, "%.17g", x);
    m = sni_g17(x, got, sizeof got);
    if (m != n || strcmp(got, want) != 0)
        fail_msg("%a: printf '%s', sni_g17 '%s'", x, want, got);
    n_checked++;
}

static void test_reals_special(void **state)
{
    (void)state;
    const double v[] = {0.0,
                        -0.0,
                        1.0,
                        -1.0,
                        0.1,
                        0.5,
                        1e-5,
                        1e-4,
                        1e16,
                        1e17,
                        1e22,
                        1e23,
                        123456789.0,
                        1.5e300,
                        3e-310,
                        DBL_MIN,
                        DBL_MAX,
                        DBL_EPSILON,
                        9007199254740992.0,
                        0.3,
                        2.0 / 3.0,
                        1e-7,
                        12345678901234567890.0,
                        0.00022950535523397623};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        check_real(v[i]);
        check_real(-v[i]);
    }
    for (int k = -30; k <= 40; k++) { /* powers of ten and their neighbours */
        double p = pow(10.0, k);
        check_real(p);
        check_real(nextafter(p, 0));
        check_real(nextafter(p, INFINITY));
        check_real(nextafter(nextafter(p, 0), 0));
        check_real(9.9999999999999999 * p);
        check_real(9.99999999999999995 * p);
    }
}

static void test_reals_random(void **state)
{
    (void)state;
    for (int i = 0; i < 200000; i++) { /* every exponent */
        uint64_t bits = next();
        double x;
        memcpy(&x, &bits, sizeof x);
        check_real(x);
    }
    for (int i = 0; i < 300000; i++) /* the report's range, log-uniform from 1e-9 to 1e21 */
        check_real((next() & 1 ? -1 : 1) * pow(10.0, -9.0 + 30.0 * uniform()));
    for (int i = 0; i < 100000; i++) /* whole numbers and halves */
        check_real((double)(next() >> (next() % 64)) / (i % 2 ? 2.0 : 1.0));
    for (int i = 0; i < 100000; i++) { /* ties of the 17th digit where a double holds them */
        uint64_t d = 10000000000000000ull + next() % 90000000000000000ull;
        double x = ((double)(d * 10 + 5)) * pow(10.0, (double)((int)(next() % 40) - 30));
        check_real(x);
        check_real((double)(d * 10 + 5));
    }
    for (int i = 0; i < 100000; i++) /* short decimals: counts over counts */
        check_real((double)(next() % 100000) / (double)(1 + next() % 1000));
    assert_true(n_checked > 800000);
}

/* v (stolen) dumped by both with pad spaces after each newline: the same bytes. */
static void check_value(json_t *v, size_t pad)
{
    assert_non_null(v);
    size_t n = json_dumpb(v, NULL, 0, FLAGS);
    assert_true(n > 0);
    char *want = malloc(n + 1), *indented = malloc(n * (pad + 1) + 1);
    assert_non_null(want);
    assert_non_null(indented);
    assert_int_equal(json_dumpb(v, want, n, FLAGS), n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        indented[k++] = want[i];
        if (want[i] == '\n')
            for (size_t j = 0; j < pad; j++)
                indented[k++] = ' ';
    }
    char *buf = NULL;
    size_t cap = 0, len = 0;
    assert_int_equal(sni_json_dump(v, pad, &buf, &cap, &len), 0);
    if (len != k || memcmp(buf, indented, k) != 0)
        fail_msg("jansson:\n%.*s\nsni_json_dump:\n%.*s", (int)k, indented, (int)len, buf);
    free(buf);
    free(want);
    free(indented);
    json_decref(v);
}

static const char *const texts[] = {"",
                                    "plain",
                                    "quote \" and back\\slash",
                                    "tab\tnew\nline\rfeed\fback\b",
                                    "ctl \x01\x1f\x7f end",
                                    "slash / kept",
                                    "Sørfjord kommune, Ålesund, Tromsø",
                                    "€ ∑ 日本 😀",
                                    "a\xc2\xa0non-breaking"};

static json_t *random_value(int depth)
{
    int kind = (int)(next() % (depth > 3 ? 6 : 8));
    switch (kind) {
    case 0:
        return json_null();
    case 1:
        return json_boolean(next() & 1);
    case 2:
        return json_integer((json_int_t)next() >> (next() % 64));
    case 3:
        return json_real(((next() & 1) ? -1 : 1) * pow(10.0, -8.0 + 20.0 * uniform()));
    case 4:
        return json_string(texts[next() % (sizeof texts / sizeof texts[0])]);
    case 5:
        return json_integer(-(json_int_t)(next() % 1000));
    case 6: {
        json_t *a = json_array();
        int n = (int)(next() % 5);
        for (int i = 0; i < n; i++)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        int n = (int)(next() % 5);
        for (int i = 0; i < n; i++) {
            char key[64];
            snprintf(key, sizeof key, "%s %d", texts[next() % (sizeof texts / sizeof texts[0])], i);
            json_object_set_new(o, key, random_value(depth + 1));
        }
        return o;
    }
    }
}

static void test_values(void **state)
{
    (void)state;
    check_value(json_object(), 0);
    check_value(json_array(), 4);
    check_value(json_integer(LLONG_MIN), 0);
    check_value(json_integer(LLONG_MAX), 0);
    check_value(json_stringn("nul\0inside", 10), 0);
    /* insertion order, not key order (JSON_PRESERVE_ORDER) */
    check_value(json_pack("{s:i, s:i, s:[], s:{}, s:[i, {s:n}]}", "b", 1, "a", 2, "empty", "none",
                          "list", 3, "x"),
                2);
    for (int i = 0; i < 3000; i++)
        check_value(random_value(0), (size_t)(next() % 3) * 2);
}

static void test_not_utf8(void **state)
{
    (void)state;
    /* text jansson refuses to dump (made without its check): refused here too */
    const char *bad[] = {"\xff", "a\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *v = json_stringn_nocheck(bad[i], strlen(bad[i]));
        char *buf = NULL, ref[64];
        size_t cap = 0, len = 0;
        assert_int_equal(json_dumpb(v, ref, sizeof ref, FLAGS), 0);
        assert_int_equal(sni_json_dump(v, 0, &buf, &cap, &len), -1);
        free(buf);
        json_decref(v);
    }
}

/* The same value by sni_jt calls and as a jansson value: the same text as sni_json_dump. */
static void test_jtext(void **state)
{
    (void)state;
    sni_jtext t = {0};
    for (int round = 0; round < 2; round++) { /* the second reuses the buffer */
        sni_jt_reset(&t);
        sni_jt_open(&t, NULL, 0);
        sni_jt_string(&t, "from", "Sørfjord \"kommune\"\n");
        sni_jt_num(&t, "weight", 180.0);
        sni_jt_num(&t, "nan", NAN);
        sni_jt_int(&t, "contacts", -42);
        sni_jt_open(&t, "empty", 0);
        sni_jt_close(&t, 0);
        sni_jt_open(&t, "list", 1);
        sni_jt_num(&t, NULL, 0.1);
        sni_jt_open(&t, NULL, 1);
        sni_jt_close(&t, 1);
        sni_jt_open(&t, NULL, 0);
        sni_jt_null(&t, "k\t");
        sni_jt_close(&t, 0);
        sni_jt_close(&t, 1);
        sni_jt_close(&t, 0);
        json_t *v = json_pack("{s:s, s:f, s:n, s:I, s:{}, s:[f, [], {s:n}]}", "from",
                              "Sørfjord \"kommune\"\n", "weight", 180.0, "nan", "contacts",
                              (json_int_t)-42, "empty", "list", 0.1, "k\t");
        assert_non_null(v);
        char *want = NULL;
        size_t cap = 0, n = 0, len = 0;
        assert_int_equal(sni_json_dump(v, 0, &want, &cap, &n), 0);
        const char *got = sni_jt_text(&t, &len);
        assert_non_null(got);
        if (len != n || memcmp(got, want, n) != 0)
            fail_msg("jansson:\n%.*s\nsni_jt:\n%.*s", (int)n, want, (int)len, got);
        free(want);
        json_decref(v);
    }
    size_t len;
    sni_jt_reset(&t); /* text that is not UTF-8, or a container left open: no text */
    sni_jt_open(&t, NULL, 0);
    sni_jt_string(&t, "bad", "\xff");
    sni_jt_close(&t, 0);
    assert_null(sni_jt_text(&t, &len));
    sni_jt_reset(&t);
    sni_jt_open(&t, NULL, 1);
    assert_null(sni_jt_text(&t, &len));
    sni_jt_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reals_special), cmocka_unit_test(test_reals_random),
        cmocka_unit_test(test_values),        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_jtext),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
