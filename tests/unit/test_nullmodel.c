/*
 * test_nullmodel.c - the exact tests, p-value adjustment and null summaries
 * of samnett/nullmodel.h against values worked out by hand from the
 * definitions (the random cross-check against R is tests/e2e/check_nullmodel.py).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "samnett/nullmodel.h"
/* the rewiring's static parts, to look at one rewired graph */
#include "nullmodel/rewire.c"

#define CLOSE(got, want) assert_true(fabs((got) - (want)) <= 1e-12 + 1e-10 * fabs(want))

static void test_binom_one_sided(void **state)
{
    (void)state;
    /* 5 of 5 at p0 = 1/2: 1/32 */
    CLOSE(sn_binom_test(5, 5, 0.5, SN_ALT_GREATER), 1.0 / 32);
    CLOSE(sn_binom_test(0, 5, 0.5, SN_ALT_LESS), 1.0 / 32);
    CLOSE(sn_binom_test(5, 5, 0.5, SN_ALT_LESS), 1.0);
    /* P[X >= 2], n = 3, p0 = 0.2: 3 * 0.04 * 0.8 + 0.008 = 0.104 */
    CLOSE(sn_binom_test(2, 3, 0.2, SN_ALT_GREATER), 0.104);
    /* P[X <= 1], n = 3, p0 = 0.2: 0.512 + 0.384 = 0.896 */
    CLOSE(sn_binom_test(1, 3, 0.2, SN_ALT_LESS), 0.896);
}

static void test_binom_two_sided(void **state)
{
    (void)state;
    /* 3 of 10 at 1/2: 2 * (1 + 10 + 45 + 120) / 1024 = 352 / 1024 */
    CLOSE(sn_binom_test(3, 10, 0.5, SN_ALT_TWO_SIDED), 352.0 / 1024);
    CLOSE(sn_binom_test(5, 10, 0.5, SN_ALT_TWO_SIDED), 1.0);
    /* 5 of 5: 2 / 32 */
    CLOSE(sn_binom_test(5, 5, 0.5, SN_ALT_TWO_SIDED), 2.0 / 32);
    /* n = 3, p0 = 0.2: pmf 0.512 0.384 0.096 0.008; x = 2: 0.096 + 0.008 */
    CLOSE(sn_binom_test(2, 3, 0.2, SN_ALT_TWO_SIDED), 0.104);
    /* x = 0: every outcome is at most as likely as 0.512 */
    CLOSE(sn_binom_test(0, 3, 0.2, SN_ALT_TWO_SIDED), 1.0);
    /* degenerate p0 */
    CLOSE(sn_binom_test(0, 4, 0.0, SN_ALT_TWO_SIDED), 1.0);
    CLOSE(sn_binom_test(1, 4, 0.0, SN_ALT_TWO_SIDED), 0.0);
    CLOSE(sn_binom_test(0, 0, 0.3, SN_ALT_TWO_SIDED), 1.0);
    assert_true(isnan(sn_binom_test(4, 3, 0.5, SN_ALT_TWO_SIDED)));
    assert_true(isnan(sn_binom_test(1, 3, 1.5, SN_ALT_TWO_SIDED)));
}

/*
 * Far tails: p is exactly 0 where R's is (no mass at double precision),
 * and tiny values stay. R> binom.test(1000, 1000, 0.1, "greater")$p.value
 * 0; binom.test(0, 2000, 0.5) 0; binom.test(300, 1000, 0.2, "greater")
 * 3.8110446874886038e-14; binom.test(700, 2000, 0.5) 1.6293497027603955e-41;
 * fisher.test(matrix(c(2000, 0, 0, 2000), 2), alternative = "greater") 0.
 */
static void test_far_tails(void **state)
{
    (void)state;
    assert_true(sn_binom_test(1000, 1000, 0.1, SN_ALT_GREATER) == 0);
    assert_true(sn_binom_test(0, 2000, 0.5, SN_ALT_TWO_SIDED) == 0);
    assert_true(sn_binom_test(2000, 2000, 0.5, SN_ALT_TWO_SIDED) == 0);
    assert_true(sn_binom_test(0, 1000, 0.9, SN_ALT_LESS) == 0);
    CLOSE(sn_binom_test(300, 1000, 0.2, SN_ALT_GREATER), 3.8110446874886038e-14);
    CLOSE(sn_binom_test(700, 2000, 0.5, SN_ALT_TWO_SIDED), 1.6293497027603955e-41);
    CLOSE(sn_binom_test(1300, 2000, 0.5, SN_ALT_TWO_SIDED), 1.6293497027603955e-41);
    /* the near side of the mode needs the total: P[X >= 0] = 1 */
    CLOSE(sn_binom_test(0, 1000, 0.9, SN_ALT_GREATER), 1.0);
    assert_true(sn_fisher_test(2000, 0, 0, 2000, SN_ALT_GREATER) == 0);
    CLOSE(sn_fisher_test(2000, 0, 0, 2000, SN_ALT_LESS), 1.0);
}

static void test_fisher(void **state)
{
    (void)state;
    /* Fisher's tea tasting {{3, 1}, {1, 3}}: pmf over a = 0..4 is 1 16 36 16 1 / 70 */
    CLOSE(sn_fisher_test(3, 1, 1, 3, SN_ALT_GREATER), 17.0 / 70);
    CLOSE(sn_fisher_test(3, 1, 1, 3, SN_ALT_LESS), 69.0 / 70);
    CLOSE(sn_fisher_test(3, 1, 1, 3, SN_ALT_TWO_SIDED), 34.0 / 70);
    CLOSE(sn_fisher_test(4, 0, 0, 4, SN_ALT_TWO_SIDED), 2.0 / 70);
    CLOSE(sn_fisher_test(2, 2, 2, 2, SN_ALT_TWO_SIDED), 1.0);
    /* {{1, 0}, {0, 0}}: one table */
    CLOSE(sn_fisher_test(1, 0, 0, 0, SN_ALT_TWO_SIDED), 1.0);
    CLOSE(sn_fisher_test(0, 0, 0, 0, SN_ALT_GREATER), 1.0);
    assert_true(isnan(sn_fisher_test(-1, 0, 0, 0, SN_ALT_LESS)));
}

static void test_p_adjust(void **state)
{
    (void)state;
    double p[5] = {0.04, 0.01, 0.05, 0.02, 0.03}, q[5];
    assert_int_equal(sn_p_adjust(p, 5, SN_P_HOLM, q, NULL), SN_OK);
    /* sorted 0.01..0.05 times 5,4,3,2,1 = .05 .08 .09 .08 .05, running max */
    double holm[5] = {0.09, 0.05, 0.09, 0.08, 0.09};
    for (int i = 0; i < 5; i++)
        CLOSE(q[i], holm[i]);
    assert_int_equal(sn_p_adjust(p, 5, SN_P_BH, q, NULL), SN_OK);
    for (int i = 0; i < 5; i++)
        CLOSE(q[i], 0.05);
    double r[3] = {0.5, 0.001, 0.9}, s[3];
    /* BH: sorted .001 .5 .9 -> 3 * .001, min(1.5 * .5, .9) = .75, .9 */
    assert_int_equal(sn_p_adjust(r, 3, SN_P_BH, s, NULL), SN_OK);
    CLOSE(s[0], 0.75);
    CLOSE(s[1], 0.003);
    CLOSE(s[2], 0.9);
    /* Holm: .003, min(1, 2 * .5) = 1, 1 */
    assert_int_equal(sn_p_adjust(r, 3, SN_P_HOLM, s, NULL), SN_OK);
    CLOSE(s[0], 1.0);
    CLOSE(s[1], 0.003);
    CLOSE(s[2], 1.0);
    assert_int_equal(sn_p_adjust(r, 3, SN_P_NONE, s, NULL), SN_OK);
    CLOSE(s[1], 0.001);
    double bad[2] = {0.5, 1.5};
    sn_err err = {0};
    assert_int_equal(sn_p_adjust(bad, 2, SN_P_HOLM, s, &err), SN_EINPUT);
    sn_p_method m;
    assert_int_equal(sn_p_method_parse("bonferroni", &m), SN_EUSAGE);
}

static void test_summary(void **state)
{
    (void)state;
    double x[4] = {1, 2, 3, NAN};
    sn_null_summary s;
    sn_null_summarise(3, x, 4, &s);
    assert_int_equal(s.draws, 3);
    assert_int_equal(s.missing, 1);
    CLOSE(s.mean, 2.0);
    CLOSE(s.sd, sqrt(2.0 / 3));
    CLOSE(s.z, 1.0 / sqrt(2.0 / 3));
    CLOSE(s.p_greater, 2.0 / 4); /* 1 + #{x >= 3} = 2 */
    CLOSE(s.p_less, 4.0 / 4);
    CLOSE(s.p, 1.0);
    double y[3] = {5, 5, 5};
    sn_null_summarise(5, y, 3, &s);
    assert_true(isnan(s.z));
    CLOSE(s.p_greater, 1.0);
    assert_true(sn_null_stream_seed(1, 0) != sn_null_stream_seed(1, 1));
    assert_true(sn_null_stream_seed(1, 0) != sn_null_stream_seed(2, 0));
}

/* One rewired draw keeps every in- and out-degree, makes no self-loop or multi-edge. */
static void test_rewire_degrees(void **state)
{
    (void)state;
    enum { N = 60 };
    static uint32_t from[N * N], to[N * N];
    size_t m = 0;
    rng g;
    rng_seed_from(&g, 42);
    for (uint32_t a = 0; a < N; a++)
        for (uint32_t b = 0; b < N; b++)
            if (a != b && sn_null_below(&g, 100) < (a < 5 ? 60 : 6)) {
                from[m] = a;
                to[m++] = b;
            }
    sn_null_rewire_in in;
    memset(&in, 0, sizeof in);
    in.n_nodes = N;
    in.n_ties = m;
    in.from = from;
    in.to = to;
    in.draws = 1;
    rewire_ctx c;
    memset(&c, 0, sizeof c);
    c.in = &in;
    c.attempts = (long)(10 * m);
    c.out_start = calloc(N + 1, sizeof *c.out_start);
    for (size_t k = 0; k < m; k++)
        c.out_start[from[k] + 1]++;
    for (uint32_t v = 0; v < N; v++)
        c.out_start[v + 1] += c.out_start[v];
    rewire_scratch *s = scratch_new(&c);
    assert_non_null(s);
    for (int d = 0; d < 5; d++) {
        rng_seed_from(&g, sn_null_stream_seed(7, (uint64_t)d));
        rewire(&c, s, &g);
        int in_before[N] = {0}, in_after[N] = {0}, adj[N][N];
        memset(adj, 0, sizeof adj);
        size_t moved = 0;
        for (size_t k = 0; k < m; k++) {
            in_before[to[k]]++;
            in_after[s->to[k]]++;
            assert_int_equal(s->slot_from[k], from[k]);    /* out-degrees: the slots stay */
            assert_true(s->to[k] != from[k]);              /* no self-loop */
            assert_int_equal(adj[from[k]][s->to[k]]++, 0); /* no multi-edge */
            moved += s->to[k] != to[k];
        }
        for (int v = 0; v < N; v++)
            assert_int_equal(in_before[v], in_after[v]);
        assert_true(moved > m / 2);
    }
    scratch_free(&c, s);
    free(c.out_start);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binom_one_sided), cmocka_unit_test(test_binom_two_sided),
        cmocka_unit_test(test_far_tails),       cmocka_unit_test(test_fisher),
        cmocka_unit_test(test_p_adjust),        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_rewire_degrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
