/*
 * test_brokerage.c - Gould-Fernandez brokerage (sn_brokerage_compute) on small graphs whose
 * counts are worked out by hand, expected values and z-scores worked out from sna's formulas
 * and checked against R sna::brokerage, and a brute-force count on a random graph.
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

#include "samnett/brokerage.h"
#include "samnett/net.h"
#include "samnett/partition.h"
#include "samnett/store.h"

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)*fmax(1.0, fabs(b_))))                                         \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                                    \
    } while (0)

#define assert_nan(a)                                                                              \
    do {                                                                                           \
        double a_ = (a);                                                                           \
        if (!isnan(a_))                                                                            \
            fail_msg("%s = %.17g, expected NaN", #a, a_);                                          \
    } while (0)

enum {
    CO = SN_ROLE_COORDINATOR,
    IT = SN_ROLE_ITINERANT,
    RE = SN_ROLE_REPRESENTATIVE,
    GK = SN_ROLE_GATEKEEPER,
    LI = SN_ROLE_LIAISON,
    TO = SN_ROLE_TOTAL
};

static sn_store st;
static sn_net net;
static sn_partition part;
static sn_brokerage br;

static int setup(void **state)
{
    (void)state;
    sn_err err;
    memset(&net, 0, sizeof net);
    memset(&part, 0, sizeof part);
    memset(&br, 0, sizeof br);
    return sn_store_init(&st, &err) == SN_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sn_brokerage_free(&br);
    sn_partition_free(&part);
    sn_net_free(&net);
    sn_store_free(&st);
    return 0;
}

static void add_actor(int i, const char *org)
{
    char id[16];
    snprintf(id, sizeof id, "n%d", i);
    uint32_t a, o;
    int added;
    assert_int_equal(sn_store_actor_add(&st, id, strlen(id), 0, 0, &a, &added), SN_OK);
    assert_int_equal(added, 1);
    assert_int_equal(a, i);
    assert_int_equal(sn_store_string(&st, org, strlen(org), &o), SN_OK);
    st.actors[a].attr[SN_ATTR_ORGANISATION] = o;
}

/* n actors n0.., in organisations org[i]; ties[k] = {from, to}; then the net. */
static void build(int n, const char *const *org, const int (*ties)[2], size_t n_ties)
{
    for (int i = 0; i < n; i++)
        add_actor(i, org[i]);
    for (size_t k = 0; k < n_ties; k++)
        assert_int_equal(sn_store_contact_add(&st, (int64_t)k, (uint32_t)ties[k][0],
                                              (uint32_t)ties[k][1], SN_CH_PHONE, 0, 0, 1.0f),
                         SN_OK);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_err err;
    if (sn_net_build(&st, &o, &net, &err) != SN_OK)
        fail_msg("sn_net_build: %s", err.msg);
    if (sn_partition_build(&net, "organisation", &part, &err) != SN_OK)
        fail_msg("sn_partition_build: %s", err.msg);
}

static void compute(void)
{
    sn_err err;
    if (sn_brokerage_compute(&net, &part, &br, &err) != SN_OK)
        fail_msg("sn_brokerage_compute: %s", err.msg);
    assert_int_equal(br.n, net.n_nodes);
}

static double raw(int v, int role)
{
    return br.raw[(size_t)v * SN_ROLES + role];
}

/* Node v's raw counts must be want[0..5] (in role order). */
static void expect_raw(int v, const double *want)
{
    for (int r = 0; r < SN_ROLES; r++)
        if (raw(v, r) != want[r])
            fail_msg("node %d %s = %g, expected %g", v, sn_role_name(r), raw(v, r), want[r]);
}

static void test_role_names(void **state)
{
    (void)state;
    const char *want[] = {"coordinator", "itinerant", "representative",
                          "gatekeeper",  "liaison",   "total"};
    for (int r = 0; r < SN_ROLES; r++)
        assert_string_equal(sn_role_name(r), want[r]);
}

/*
 * Every role. Groups A = {0, 1, 2}, B = {3, 4}, C = {5}; ties
 *   0->1, 1->2, 1->3, 3->4, 3->0, 3->5.
 * Two-paths x->v->y, x != y, none with a tie x->y:
 *   via 1: 0->1->2 (A A A: coordinator), 0->1->3 (A A B: representative)
 *   via 3: 1->3->4 (A B B: gatekeeper), 1->3->0 (A B A: itinerant), 1->3->5 (A B C: liaison)
 *   via 0: 3->0->1 (B A A: gatekeeper)
 */
static const char *const every_org[] = {"A", "A", "A", "B", "B", "C"};
static const int every_ties[][2] = {{0, 1}, {1, 2}, {1, 3}, {3, 4}, {3, 0}, {3, 5}};

static void test_every_role_counts(void **state)
{
    (void)state;
    build(6, every_org, every_ties, 6);
    assert_int_equal(part.n_groups, 3);
    compute();
    const double r0[] = {0, 0, 0, 1, 0, 1}, r1[] = {1, 0, 1, 0, 0, 2}, r3[] = {0, 1, 0, 1, 1, 3},
                 none[] = {0, 0, 0, 0, 0, 0};
    expect_raw(0, r0);
    expect_raw(1, r1);
    expect_raw(2, none);
    expect_raw(3, r3);
    expect_raw(4, none);
    expect_raw(5, none);
    const double g[] = {1, 1, 1, 2, 1, 6};
    for (int r = 0; r < SN_ROLES; r++)
        assert_near(br.graph_raw[r], g[r], 0);
}

/*
 * The same graph's expected values and z-scores. By hand from sna's formulas: N = 6, m = 6,
 * d = 6 / 30 = 0.2, q = d^2 (1 - d) = 0.032, d^3 (1 - d)^3 = 0.004096; sizes 3, 2, 1.
 *   group A: coordinator q*2*1 = 0.064, itinerant q*(2*1) = 0.064, representative
 *            q*(6-3)*(3-1) = 0.192, liaison q*((6-3)^2 - (2^2 + 1^2)) = 0.128, total q*5*4 = 0.64
 *   node 1 coordinator: var = 0.064 (1 - q) + 0 = 0.061952, z = (1 - 0.064) / sqrt(0.061952)
 *   node 4 representative (group B): expected q*4*1 = 0.128, var = 0.128 * 0.968
 *            + 2 (1 * C(4,2) + 4 * C(1,2)) * 0.004096 = 0.173056 = 0.416^2, z = -0.128 / 0.416
 *            = -4/13
 * The other constants are R's, from
 *   Rscript -e 'library(sna); g <- matrix(0, 6, 6);
 *     g[cbind(c(1,2,2,4,4,4), c(2,3,4,5,1,6))] <- 1; b <- brokerage(g, c(1,1,1,2,2,3));
 *     options(digits = 17); print(b$exp.nli); print(b$z.nli); print(b$exp.gli); print(b$z.gli)'
 * (sna 2.7-1); NaN where sna divides 0 by 0.
 */
static void test_every_role_expected_and_z(void **state)
{
    (void)state;
    build(6, every_org, every_ties, 6);
    compute();
    const double eps = 1e-12;
    /* expected, per group (nodes 0-2 in A, 3-4 in B, 5 in C) */
    const double eA[] = {0.064, 0.064, 0.192, 0.192, 0.128, 0.64};
    const double eB[] = {0, 0.192, 0.128, 0.128, 0.192, 0.64};
    const double eC[] = {0, 0.256, 0, 0, 0.384, 0.64};
    for (int v = 0; v < 6; v++) {
        const double *e = v < 3 ? eA : v < 5 ? eB : eC;
        for (int r = 0; r < SN_ROLES; r++)
            assert_near(br.expected[v * SN_ROLES + r], e[r], eps);
    }
    /* by hand */
    assert_near(br.z[1 * SN_ROLES + CO], (1 - 0.064) / sqrt(0.061952), eps);
    assert_near(br.z[4 * SN_ROLES + RE], -4.0 / 13.0, eps);
    /* R's z.nli; NAN marks sna's NaN */
    const double z[6][SN_ROLES] = {
        {-0.25712973861329003, -0.25712973861329003, -0.37684457581279668, 1.58588758987885203,
         -0.34174306308670443, 0.34153691665439029},
        {3.76052242721936558, -0.25712973861329003, 1.58588758987885203, -0.37684457581279668,
         -0.34174306308670443, 1.29025057402769705},
        {-0.25712973861329003, -0.25712973861329003, -0.37684457581279668, -0.37684457581279668,
         -0.34174306308670443, -0.60717674071891636},
        {NAN, 1.66674836401073456, -0.30769230769230776, 2.09615384615384581, 1.66674836401073456,
         2.23896423140100342},
        {NAN, -0.39605901719066977, -0.30769230769230776, -0.30769230769230776,
         -0.39605901719066977, -0.60717674071891636},
        {NAN, -0.46977617561176283, NAN, NAN, -0.53293871002119308, -0.60717674071891636},
    };
    for (int v = 0; v < 6; v++)
        for (int r = 0; r < SN_ROLES; r++) {
            if (isnan(z[v][r]))
                assert_nan(br.z[v * SN_ROLES + r]);
            else
                assert_near(br.z[v * SN_ROLES + r], z[v][r], eps);
        }
    /* R's exp.gli and z.gli; exp.gli coordinator = q * sum n(n-1)(n-2) = 0.032 * 6 */
    const double ge[] = {0.19200000000000006, 0.83200000000000018, 0.83200000000000018,
                         0.83200000000000018, 1.15200000000000036, 3.84000000000000119};
    const double gz[] = {1.66674836401073478, 0.15566235649883103,  0.15807804171066522,
                         1.09901876617891148, -0.11367670844780878, 0.71151247353788483};
    for (int r = 0; r < SN_ROLES; r++) {
        assert_near(br.graph_expected[r], ge[r], eps);
        assert_near(br.graph_z[r], gz[r], eps);
    }
}

/*
 * Reciprocated ties. One group {a=0, v=1, b=2}.
 *   a<->v, v<->b: v brokers (a, b) and (b, a); a and b broker nothing.
 *   Adding a->b: v no longer brokers (a, b) but still brokers (b, a) (a tie b->a is
 *   missing); a's only two-path v->a->b is closed by v->b, b's a->b->v by a->v. So v: 1.
 *   Adding b->a too: a complete graph, nobody brokers anything.
 */
static void test_reciprocal(void **state)
{
    (void)state;
    const char *org[] = {"O", "O", "O"};
    const int t1[][2] = {{0, 1}, {1, 0}, {1, 2}, {2, 1}};
    build(3, org, t1, 4);
    compute();
    const double v2[] = {2, 0, 0, 0, 0, 2}, none[] = {0, 0, 0, 0, 0, 0};
    expect_raw(0, none);
    expect_raw(1, v2);
    expect_raw(2, none);
    teardown(state);
    setup(state);

    const int t2[][2] = {{0, 1}, {1, 0}, {1, 2}, {2, 1}, {0, 2}};
    build(3, org, t2, 5);
    compute();
    const double v1[] = {1, 0, 0, 0, 0, 1};
    expect_raw(0, none); /* v->a->b: v->b exists */
    expect_raw(1, v1);   /* only b->v->a */
    expect_raw(2, none); /* a->b->v: a->v exists */
    teardown(state);
    setup(state);

    const int t3[][2] = {{0, 1}, {1, 0}, {1, 2}, {2, 1}, {0, 2}, {2, 0}};
    build(3, org, t3, 6);
    compute();
    for (int v = 0; v < 3; v++)
        expect_raw(v, none);
    /* complete graph: d = 1, every expected value 0 and every z 0/0 */
    for (int k = 0; k < 3 * SN_ROLES; k++) {
        assert_near(br.expected[k], 0, 0);
        assert_nan(br.z[k]);
    }
}

/* A tie b->a does not stop v brokering (a, b): the cycle 0->1->2->0, each node brokers once. */
static void test_cycle_reverse_tie_ignored(void **state)
{
    (void)state;
    const char *org[] = {"X", "Y", "Z"};
    const int t[][2] = {{0, 1}, {1, 2}, {2, 0}};
    build(3, org, t, 3);
    compute();
    const double liaison[] = {0, 0, 0, 0, 1, 1};
    for (int v = 0; v < 3; v++)
        expect_raw(v, liaison);
    assert_near(br.graph_raw[LI], 3, 0);
}

/*
 * One group: all brokerage is coordination. Hub h=0 with in-ties from 1, 2 and out-ties to
 * 3, 4, plus 1->3: h brokers (1,4), (2,3), (2,4) but not (1,3). Node 1 brokers nothing (no
 * in-ties); 3 and 4 have no out-ties.
 */
static void test_single_group(void **state)
{
    (void)state;
    const char *org[] = {"O", "O", "O", "O", "O"};
    const int t[][2] = {{1, 0}, {2, 0}, {0, 3}, {0, 4}, {1, 3}};
    build(5, org, t, 5);
    compute();
    assert_int_equal(part.n_groups, 1);
    const double h[] = {3, 0, 0, 0, 0, 3}, none[] = {0, 0, 0, 0, 0, 0};
    expect_raw(0, h);
    for (int v = 1; v < 5; v++)
        expect_raw(v, none);
    /*
     * With one group of N = 5: d = 5/20 = 0.25, q = 0.046875; coordinator and total expect
     * q * 4 * 3 = 0.5625; the between-group roles expect 0 with variance 0, so z is NaN.
     */
    for (int v = 0; v < 5; v++) {
        assert_near(br.expected[v * SN_ROLES + CO], 0.5625, 1e-12);
        assert_near(br.expected[v * SN_ROLES + TO], 0.5625, 1e-12);
        for (int r = IT; r <= LI; r++) {
            assert_near(br.expected[v * SN_ROLES + r], 0, 0);
            assert_nan(br.z[v * SN_ROLES + r]);
        }
        /* coordinator = total when there is one group */
        assert_near(br.z[v * SN_ROLES + CO], br.z[v * SN_ROLES + TO], 1e-12);
    }
    assert_near(br.graph_raw[CO], 3, 0);
    assert_near(br.graph_raw[TO], 3, 0);
    for (int r = IT; r <= LI; r++) {
        assert_near(br.graph_raw[r], 0, 0);
        assert_nan(br.graph_z[r]);
    }
}

/* Isolates count in N (so in the density); with no ties at all everything is 0 and z NaN. */
static void test_isolates_and_empty(void **state)
{
    (void)state;
    const char *org[] = {"A", "A", "B", "B", "B", "C"};
    const int t[][2] = {{0, 2}, {2, 3}};
    build(6, org, t, 2);
    compute();
    /* 0->2->3: A B B gatekeeper for 2; d = 2/30 */
    assert_near(raw(2, GK), 1, 0);
    assert_near(raw(2, TO), 1, 0);
    double d = 2.0 / 30.0, q = d * d * (1 - d);
    assert_near(br.expected[2 * SN_ROLES + TO], q * 5 * 4, 1e-12);
    /* group B (size 3): gatekeeper expects q (N - 3)(3 - 1) */
    assert_near(br.expected[2 * SN_ROLES + GK], q * 3 * 2, 1e-12);
    teardown(state);
    setup(state);

    const char *org2[] = {"A", "B", "B", "C"};
    build(4, org2, NULL, 0);
    compute();
    for (int k = 0; k < 4 * SN_ROLES; k++) {
        assert_near(br.raw[k], 0, 0);
        assert_near(br.expected[k], 0, 0);
        assert_nan(br.z[k]);
    }
    for (int r = 0; r < SN_ROLES; r++) {
        assert_near(br.graph_raw[r], 0, 0);
        assert_near(br.graph_expected[r], 0, 0);
        assert_nan(br.graph_z[r]);
    }
}

/* A lone node: sna's density is 0/0, so everything expected is NaN. */
static void test_one_node(void **state)
{
    (void)state;
    const char *org[] = {"A"};
    build(1, org, NULL, 0);
    compute();
    for (int r = 0; r < SN_ROLES; r++) {
        assert_near(br.raw[r], 0, 0);
        assert_nan(br.expected[r]);
        assert_nan(br.z[r]);
        assert_nan(br.graph_z[r]);
    }
}

static void test_partition_mismatch(void **state)
{
    (void)state;
    const char *org[] = {"A", "B", "A"};
    const int t[][2] = {{0, 1}, {1, 2}};
    build(3, org, t, 2);
    sn_partition small;
    const uint32_t groups[] = {0, 1};
    sn_err err;
    assert_int_equal(sn_partition_from_groups(2, groups, &small, &err), SN_OK);
    assert_int_equal(sn_brokerage_compute(&net, &small, &br, &err), SN_EUSAGE);
    sn_partition_free(&small);
}

/* A random graph: the counts against a brute force over a dense matrix. */
static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void test_random_brute_force(void **state)
{
    (void)state;
    enum { N = 45, G = 5 };
    static unsigned char adj[N][N];
    memset(adj, 0, sizeof adj);
    uint32_t seed = 12345;
    int ties[N * N][2];
    size_t m = 0;
    for (int a = 0; a < N; a++)
        for (int b = 0; b < N; b++)
            if (a != b && lcg(&seed) % 100 < (uint32_t)(a < 10 ? 40 : 12)) {
                adj[a][b] = 1;
                ties[m][0] = a;
                ties[m][1] = b;
                m++;
            }
    const char *names[G] = {"g0", "g1", "g2", "g3", "g4"};
    const char *org[N];
    int grp[N];
    for (int i = 0; i < N; i++) {
        grp[i] = i == N - 1 ? G - 1 : (int)(lcg(&seed) % (G - 1)); /* g4: a singleton */
        org[i] = names[grp[i]];
    }
    build(N, org, (const int(*)[2])ties, m);
    assert_int_equal(net.n_ties, m);
    compute();
    double want[N][SN_ROLES];
    memset(want, 0, sizeof want);
    for (int v = 0; v < N; v++)
        for (int a = 0; a < N; a++)
            for (int b = 0; b < N; b++) {
                if (a == b || a == v || b == v || !adj[a][v] || !adj[v][b] || adj[a][b])
                    continue;
                int ga = grp[a], gv = grp[v], gb = grp[b], role;
                if (ga == gv && gv == gb)
                    role = CO;
                else if (ga == gb)
                    role = IT;
                else if (ga == gv)
                    role = RE;
                else if (gv == gb)
                    role = GK;
                else
                    role = LI;
                want[v][role]++;
                want[v][TO]++;
            }
    /* node v of the net is actor v (actor level); partition groups follow first appearance */
    double gsum[SN_ROLES] = {0};
    for (int v = 0; v < N; v++) {
        expect_raw(v, want[v]);
        for (int r = 0; r < SN_ROLES; r++)
            gsum[r] += want[v][r];
    }
    for (int r = 0; r < SN_ROLES; r++)
        assert_near(br.graph_raw[r], gsum[r], 0);
    /* every role occurs */
    for (int r = 0; r < SN_ROLES; r++)
        assert_true(gsum[r] > 0);
    /* z is finite or NaN, never infinite */
    for (int k = 0; k < N * SN_ROLES; k++)
        assert_false(isinf(br.z[k]));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        T(test_role_names),
        T(test_every_role_counts),
        T(test_every_role_expected_and_z),
        T(test_reciprocal),
        T(test_cycle_reverse_tie_ignored),
        T(test_single_group),
        T(test_isolates_and_empty),
        T(test_one_node),
        T(test_partition_mismatch),
        T(test_random_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
