/*
 * test_silo.c - sn_silo_compute on hand-made stores: E-I (binary, weighted, per
 * group), cross shares, the group matrix, modularity and assortativity worked
 * out by hand from their definitions, the permutation test (a perfect silo, an
 * all-cross graph, an exact enumeration, determinism), NMI on disjoint cliques,
 * and the edge cases (no ties, one group, bad input).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "samnett/net.h"
#include "samnett/partition.h"
#include "samnett/silo.h"
#include "samnett/store.h"

#define EPS 1e-12

/* `count` contacts from -> to, each with weight w. */
static void contacts(uint32_t from, uint32_t to, int count, float w)
{
    static int64_t t = 0;
    for (int i = 0; i < count; i++)
        assert_int_equal(sn_store_contact_add(&st, ++t, from, to, SN_CH_PHONE, 0, 0, w), SN_OK);
}

static void build(sn_net *net, sn_weight_mode mode)
{
    sn_err err;
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.weight = mode;
    if (sn_net_build(&st, &o, net, &err) != SN_OK)
        fail_msg("sn_net_build: %s", err.msg);
}

static void org_partition(const sn_net *net, sn_partition *p)
{
    sn_err err;
    if (sn_partition_build(net, "organisation", p, &err) != SN_OK)
        fail_msg("sn_partition_build: %s", err.msg);
}

static void compute(const sn_net *net, const sn_partition *p, long perms, uint64_t seed, sn_silo *s)
{
    sn_err err;
    sn_silo_opts o;
    sn_silo_opts_init(&o);
    o.permutations = perms;
    o.seed = seed;
    if (sn_silo_compute(net, p, &o, s, &err) != SN_OK)
        fail_msg("sn_silo_compute: %s", err.msg);
}

/*
 * The world: a, b, c in X; d, e in Y; f in Z (an isolate). Groups in order of
 * first appearance: X = 0, Y = 1, Z = 2. Ties (contacts = weight):
 *   a->b 2 (I, X)   b->a 1 (I, X)   a->d 3 (E, X-Y)
 *   d->e 1 (I, Y)   e->c 1 (E, Y-X) c->a 1 (I, X)
 */
enum { A, B, C, D, E, F };

static void build_world(void)
{
    assert_int_equal(add_actor("a", "X", ""), A);
    assert_int_equal(add_actor("b", "X", ""), B);
    assert_int_equal(add_actor("c", "X", ""), C);
    assert_int_equal(add_actor("d", "Y", ""), D);
    assert_int_equal(add_actor("e", "Y", ""), E);
    assert_int_equal(add_actor("f", "Z", ""), F);
    contacts(A, B, 2, 1);
    contacts(B, A, 1, 1);
    contacts(A, D, 3, 1);
    contacts(D, E, 1, 1);
    contacts(E, C, 1, 1);
    contacts(C, A, 1, 1);
}

static void test_opts_init(void **state)
{
    (void)state;
    sn_silo_opts o;
    sn_silo_opts_init(&o);
    assert_int_equal(o.permutations, 1000);
    assert_int_equal(o.seed, 1);
    sn_silo s;
    memset(&s, 0, sizeof s);
    sn_silo_free(&s); /* a zeroed result frees */
    sn_silo_free(&s);
}

static void test_ei_world(void **state)
{
    (void)state;
    build_world();
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    assert_int_equal(net.n_ties, 6);
    sn_partition p;
    org_partition(&net, &p);
    assert_int_equal(p.n_groups, 3);
    assert_string_equal(p.labels[0], "X");
    assert_string_equal(p.labels[2], "Z");
    sn_silo s;
    compute(&net, &p, 0, 1, &s);

    /* I = 4, E = 2 ties; I_w = 5, E_w = 4 */
    assert_int_equal(s.n_groups, 3);
    assert_near(s.internal, 4, 0);
    assert_near(s.external, 2, 0);
    assert_near(s.internal_weight, 5, 0);
    assert_near(s.external_weight, 4, 0);
    assert_near(s.ei, (2.0 - 4) / 6, EPS);
    assert_near(s.ei_weighted, (4.0 - 5) / 9, EPS);
    assert_near(s.cross_share_ties, 2.0 / 6, EPS);
    assert_near(s.cross_share_contacts, 4.0 / 9, EPS);

    /* X: I = 3 (a->b, b->a, c->a; weight 4), E = 2 (a->d, e->c; weight 4) */
    assert_near(s.groups[0].internal, 3, 0);
    assert_near(s.groups[0].external, 2, 0);
    assert_near(s.groups[0].internal_weight, 4, 0);
    assert_near(s.groups[0].external_weight, 4, 0);
    assert_near(s.groups[0].ei, -0.2, EPS);
    assert_near(s.groups[0].ei_weighted, 0, EPS);
    /* Y: I = 1 (d->e; 1), E = 2 (a->d, e->c; 4) */
    assert_near(s.groups[1].internal, 1, 0);
    assert_near(s.groups[1].external, 2, 0);
    assert_near(s.groups[1].ei, 1.0 / 3, EPS);
    assert_near(s.groups[1].ei_weighted, 3.0 / 5, EPS);
    /* Z: no ties, E-I 0 by definition */
    assert_near(s.groups[2].internal + s.groups[2].external, 0, 0);
    assert_near(s.groups[2].ei, 0, 0);
    assert_near(s.groups[2].ei_weighted, 0, 0);

    /* the matrix, row = from group */
    const double want[9] = {4, 3, 0, 1, 1, 0, 0, 0, 0};
    for (int i = 0; i < 9; i++)
        assert_near(s.matrix[i], want[i], 0);

    /* no test was run */
    assert_true(isnan(s.ei_p));
    assert_int_equal(s.permutations, 0);

    /*
     * Modularity (directed, weighted): Q = sum_g [w_gg / W - out_g in_g / W^2], W = 9.
     * Out-strength a 5, b 1, c 1, d 1, e 1; in-strength a 2, b 2, c 1, d 3, e 1.
     * X: w 4, out 7, in 5; Y: w 1, out 2, in 4. Q = (4/9 - 35/81) + (1/9 - 8/81) = 2/81.
     */
    assert_near(s.modularity, 2.0 / 81, EPS);
    /*
     * Nominal assortativity (directed, unweighted): e_XX = 3/6, e_XY = e_YX = e_YY = 1/6;
     * a = (4/6, 2/6), b = (4/6, 2/6); sum a b = 20/36;
     * r = (24/36 - 20/36) / (1 - 20/36) = 1/4.
     */
    assert_near(s.assortativity, 0.25, EPS);
    /* NMI is a share; Leiden finds at least one community */
    assert_true(s.nmi >= 0 && s.nmi <= 1 + EPS);
    assert_true(s.communities >= 1 && s.communities <= net.n_nodes);
    sn_silo_free(&s);
    assert_null(s.groups);
    sn_partition_free(&p);
    sn_net_free(&net);
}

static void test_ei_weight_sum(void **state)
{
    (void)state;
    /* the same world with SN_WEIGHT_SUM: every contact on a->d weighs 2.5, on d->e 0.5 */
    assert_int_equal(add_actor("a", "X", ""), A);
    assert_int_equal(add_actor("b", "X", ""), B);
    assert_int_equal(add_actor("c", "X", ""), C);
    assert_int_equal(add_actor("d", "Y", ""), D);
    assert_int_equal(add_actor("e", "Y", ""), E);
    contacts(A, B, 2, 1);
    contacts(B, A, 1, 1);
    contacts(A, D, 3, 2.5f);
    contacts(D, E, 1, 0.5f);
    contacts(E, C, 1, 1);
    contacts(C, A, 1, 1);
    sn_net net;
    build(&net, SN_WEIGHT_SUM);
    sn_partition p;
    org_partition(&net, &p);
    sn_silo s;
    compute(&net, &p, 0, 1, &s);
    /* I_w = 2 + 1 + 0.5 + 1 = 4.5, E_w = 7.5 + 1 = 8.5; binary unchanged */
    assert_near(s.ei, -1.0 / 3, EPS);
    assert_near(s.ei_weighted, (8.5 - 4.5) / 13, EPS);
    assert_near(s.cross_share_contacts, 8.5 / 13, EPS);
    assert_near(s.groups[1].ei_weighted, (8.5 - 0.5) / 9, EPS);
    assert_near(s.matrix[0 * 2 + 1], 7.5, EPS);
    assert_near(s.matrix[1 * 2 + 1], 0.5, EPS);
    /* X: w 4, out a 9.5 + b 1 + c 1 = 11.5, in a 2 + b 2 + c 1 = 5; Y: w 0.5, out 1.5, in 8 */
    double W = 13;
    double q = (4 / W - 11.5 * 5 / (W * W)) + (0.5 / W - 1.5 * 8 / (W * W));
    assert_near(s.modularity, q, EPS);
    assert_near(s.assortativity, 0.25, EPS); /* unweighted: as before */
    sn_silo_free(&s);
    sn_partition_free(&p);
    sn_net_free(&net);
}

/* Four groups of five, every ordered pair inside a group tied: EI = -1, p ~ 0. */
static void test_perfect_silo(void **state)
{
    (void)state;
    const char *orgs[] = {"P", "Q", "R", "S"};
    for (int i = 0; i < 20; i++) {
        char id[8];
        snprintf(id, sizeof id, "n%02d", i);
        add_actor(id, orgs[i / 5], "");
    }
    for (int i = 0; i < 20; i++)
        for (int j = 0; j < 20; j++)
            if (i != j && i / 5 == j / 5)
                contacts((uint32_t)i, (uint32_t)j, 1 + (i + j) % 3, 1);
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    sn_partition p;
    org_partition(&net, &p);
    sn_silo s;
    compute(&net, &p, 1000, 1, &s);
    assert_near(s.ei, -1, EPS);
    assert_near(s.ei_weighted, -1, EPS);
    assert_near(s.cross_share_ties, 0, 0);
    assert_int_equal(s.permutations, 1000);
    assert_true(s.ei_p < 0.01);
    /* the communities are the groups */
    assert_near(s.nmi, 1, 1e-12);
    assert_int_equal(s.communities, 4);
    assert_near(s.assortativity, 1, EPS);
    for (int g = 0; g < 4; g++) {
        assert_near(s.groups[g].ei, -1, EPS);
        assert_near(s.groups[g].external, 0, 0);
        assert_near(s.groups[g].internal, 20, 0);
    }
    sn_silo_free(&s);
    sn_partition_free(&p);
    sn_net_free(&net);
}

/* Two groups, every tie between them: EI = +1, every shuffle is at or below: p = 1. */
static void test_all_cross(void **state)
{
    (void)state;
    for (int i = 0; i < 12; i++) {
        char id[8];
        snprintf(id, sizeof id, "n%02d", i);
        add_actor(id, i % 2 ? "odd" : "even", "");
    }
    int from_even = 0, m = 0;
    for (int i = 0; i < 12; i++)
        for (int j = 0; j < 12; j++)
            if ((i + j) % 2 == 1 && (i * 7 + j) % 3 != 0) {
                contacts((uint32_t)i, (uint32_t)j, 1, 1);
                from_even += i % 2 == 0;
                m++;
            }
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    sn_partition p;
    org_partition(&net, &p);
    sn_silo s;
    compute(&net, &p, 1000, 7, &s);
    assert_near(s.ei, 1, EPS);
    assert_near(s.cross_share_ties, 1, EPS);
    assert_near(s.cross_share_contacts, 1, EPS);
    assert_near(s.ei_p, 1, 0);
    /* e_ii = 0; a = (q, 1 - q) from even/odd, b = (1 - q, q): r = -2q(1-q) / (1 - 2q(1-q)) */
    double q = (double)from_even / m, ab = 2 * q * (1 - q);
    assert_near(s.assortativity, -ab / (1 - ab), EPS);
    sn_silo_free(&s);
    sn_partition_free(&p);
    sn_net_free(&net);
}

/* Next permutation of a multiset in lexicographic order; 0 after the last. */
static int next_perm(uint32_t *x, int n)
{
    int i = n - 2;
    while (i >= 0 && x[i] >= x[i + 1])
        i--;
    if (i < 0)
        return 0;
    int j = n - 1;
    while (x[j] <= x[i])
        j--;
    uint32_t t = x[i];
    x[i] = x[j];
    x[j] = t;
    for (int a = i + 1, b = n - 1; a < b; a++, b--) {
        t = x[a];
        x[a] = x[b];
        x[b] = t;
    }
    return 1;
}

/*
 * Eight nodes in groups of 3, 3 and 2 and a handful of ties: the exact p over all
 * 8! / (3! 3! 2!) = 560 equally likely labelings, against the sampled one. Also
 * determinism: the same seed gives the same p.
 */
static void test_permutation_exact(void **state)
{
    (void)state;
    const char *orgs[] = {"A", "A", "A", "B", "B", "B", "C", "C"};
    for (int i = 0; i < 8; i++) {
        char id[8];
        snprintf(id, sizeof id, "n%d", i);
        add_actor(id, orgs[i], "");
    }
    const int ties[][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {3, 4}, {4, 5}, {5, 6},
                           {6, 7}, {7, 0}, {1, 6}, {2, 5}, {4, 3}, {3, 5}, {7, 6}};
    const size_t m = sizeof ties / sizeof ties[0];
    for (size_t k = 0; k < m; k++)
        contacts((uint32_t)ties[k][0], (uint32_t)ties[k][1], 1 + (int)(k % 2), 1);
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    assert_int_equal(net.n_ties, m);
    sn_partition p;
    org_partition(&net, &p);

    /* the exact p: share of labelings with at least the observed internal ties */
    uint32_t lab[8];
    memcpy(lab, p.group, sizeof lab);
    int obs = 0;
    for (size_t k = 0; k < m; k++)
        obs += lab[ties[k][0]] == lab[ties[k][1]];
    uint32_t x[8] = {0, 0, 0, 1, 1, 1, 2, 2};
    long total = 0, hits = 0;
    do {
        int in = 0;
        for (size_t k = 0; k < m; k++)
            in += x[ties[k][0]] == x[ties[k][1]];
        total++;
        hits += in >= obs;
    } while (next_perm(x, 8));
    assert_int_equal(total, 560);
    double exact = (double)hits / (double)total;

    sn_silo s1, s2, s3;
    compute(&net, &p, 20000, 12345, &s1);
    assert_near(s1.internal, obs, 0);
    /* 20000 draws: standard error <= 0.0036 */
    assert_near(s1.ei_p, exact, 0.02);
    compute(&net, &p, 20000, 12345, &s2);
    assert_true(s1.ei_p == s2.ei_p); /* deterministic for a seed */
    compute(&net, &p, 20000, 99, &s3);
    assert_near(s3.ei_p, exact, 0.02);
    /* p is a share of the shuffles */
    double scaled = s1.ei_p * 20000;
    assert_near(scaled, floor(scaled + 0.5), 1e-6);
    sn_silo_free(&s1);
    sn_silo_free(&s2);
    sn_silo_free(&s3);

    /* a different number of permutations: the first ones are the same shuffles */
    sn_silo a, b;
    compute(&net, &p, 1, 5, &a);
    compute(&net, &p, 1, 5, &b);
    assert_true(a.ei_p == b.ei_p && (a.ei_p == 0 || a.ei_p == 1));
    sn_silo_free(&a);
    sn_silo_free(&b);
    sn_partition_free(&p);
    sn_net_free(&net);
}

/* Two 4-cliques and a triangle, joined by one light tie; partition = the cliques. */
static void test_nmi_cliques(void **state)
{
    (void)state;
    const char *orgs[] = {"K1", "K1", "K1", "K1", "K2", "K2", "K2", "K2", "K3", "K3", "K3"};
    const int start[] = {0, 4, 8}, size[] = {4, 4, 3};
    for (int i = 0; i < 11; i++) {
        char id[8];
        snprintf(id, sizeof id, "n%02d", i);
        add_actor(id, orgs[i], "");
    }
    for (int c = 0; c < 3; c++)
        for (int i = start[c]; i < start[c] + size[c]; i++)
            for (int j = start[c]; j < start[c] + size[c]; j++)
                if (i != j)
                    contacts((uint32_t)i, (uint32_t)j, 5, 1);
    contacts(3, 4, 1, 1);
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    sn_partition p;
    org_partition(&net, &p);
    sn_silo s;
    compute(&net, &p, 100, 3, &s);
    assert_int_equal(s.communities, 3);
    assert_near(s.nmi, 1, 1e-12);
    sn_silo s2;
    compute(&net, &p, 100, 3, &s2); /* seeded: the same again */
    assert_true(s2.nmi == s.nmi && s2.communities == s.communities);
    sn_silo_free(&s);
    sn_silo_free(&s2);
    sn_partition_free(&p);
    sn_net_free(&net);
}

static void test_no_ties(void **state)
{
    (void)state;
    add_actor("a", "X", "");
    add_actor("b", "Y", "");
    contacts(0, 0, 2, 1); /* a self-contact only: no ties */
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    assert_int_equal(net.n_ties, 0);
    sn_partition p;
    org_partition(&net, &p);
    sn_silo s;
    compute(&net, &p, 50, 1, &s);
    assert_near(s.ei, 0, 0);
    assert_near(s.ei_weighted, 0, 0);
    assert_near(s.cross_share_ties, 0, 0);
    assert_near(s.cross_share_contacts, 0, 0);
    assert_near(s.ei_p, 1, 0);
    assert_int_equal(s.permutations, 50);
    assert_true(isnan(s.modularity));
    assert_true(isnan(s.assortativity));
    assert_true(isnan(s.nmi));
    assert_int_equal(s.communities, 0);
    assert_int_equal(s.n_groups, 2);
    for (int i = 0; i < 4; i++)
        assert_near(s.matrix[i], 0, 0);
    sn_silo_free(&s);
    sn_partition_free(&p);
    sn_net_free(&net);
}

static void test_one_group(void **state)
{
    (void)state;
    add_actor("a", "X", "");
    add_actor("b", "X", "");
    add_actor("c", "X", "");
    contacts(0, 1, 1, 1);
    contacts(1, 2, 2, 1);
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    sn_partition p;
    org_partition(&net, &p);
    sn_silo s;
    compute(&net, &p, 100, 1, &s);
    assert_near(s.ei, -1, EPS);
    assert_near(s.ei_p, 1, 0); /* every shuffle is the same labelling */
    assert_true(isnan(s.assortativity));
    assert_near(s.modularity, 0, EPS); /* one community: 1 - 1 */
    assert_near(s.matrix[0], 3, 0);
    sn_silo_free(&s);
    sn_partition_free(&p);
    sn_net_free(&net);
}

/* Many groups (more than 256 and 65536 label widths are chosen by group count). */
static void test_many_groups(void **state)
{
    (void)state;
    enum { N = 300 };
    for (int i = 0; i < N; i++) {
        char id[16], org[16];
        snprintf(id, sizeof id, "n%03d", i);
        snprintf(org, sizeof org, "o%03d", i < 2 ? 0 : i); /* n000, n001 share o000 */
        add_actor(id, org, "");
    }
    for (int i = 0; i + 1 < N; i++)
        contacts((uint32_t)i, (uint32_t)(i + 1), 1, 1);
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    sn_partition p;
    org_partition(&net, &p);
    assert_int_equal(p.n_groups, N - 1);
    sn_silo s;
    compute(&net, &p, 500, 1, &s);
    /* one internal tie (n000->n001) of N - 1 */
    assert_near(s.internal, 1, 0);
    assert_near(s.ei, (N - 2.0 - 1) / (N - 1), EPS);
    /* a shuffle keeps one internal tie only if n000's pair lands on a tied pair */
    assert_true(s.ei_p >= 0 && s.ei_p < 0.1);
    sn_silo_free(&s);
    sn_partition_free(&p);
    sn_net_free(&net);
}

/*
 * More than 65536 groups (32-bit labels, and no dense matrix): a path over 70000 nodes,
 * nearly all alone.
 */
static void test_huge_groups(void **state)
{
    (void)state;
    enum { N = 70000 };
    for (int i = 0; i < N; i++) {
        char id[16], org[16];
        snprintf(id, sizeof id, "n%05d", i);
        snprintf(org, sizeof org, "o%05d", i < 2 ? 0 : i);
        add_actor(id, org, "");
    }
    for (int i = 0; i + 1 < N; i++)
        contacts((uint32_t)i, (uint32_t)(i + 1), 1, 1);
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    sn_partition p;
    org_partition(&net, &p);
    assert_int_equal(p.n_groups, N - 1);
    sn_silo s;
    compute(&net, &p, 20, 1, &s);
    assert_near(s.internal, 1, 0);
    assert_near(s.ei_p, 0, 0); /* chance of keeping an internal tie ~ 3e-5 per shuffle */
    assert_null(s.matrix);     /* (N - 1)^2 doubles: not built past 4096 groups */
    assert_near(s.groups[0].internal, 1, 0);
    assert_near(s.groups[0].external, 1, 0); /* n001 -> n002 */
    assert_near(s.groups[5].external, 2, 0);
    sn_silo_free(&s);
    sn_partition_free(&p);
    sn_net_free(&net);
}

static void test_bad_input(void **state)
{
    (void)state;
    build_world();
    sn_net net;
    build(&net, SN_WEIGHT_COUNT);
    sn_err err;
    sn_partition p;
    uint32_t groups[3] = {0, 1, 0};
    assert_int_equal(sn_partition_from_groups(3, groups, &p, &err), SN_OK);
    sn_silo s;
    assert_int_equal(sn_silo_compute(&net, &p, NULL, &s, &err), SN_EUSAGE); /* 3 != 6 nodes */
    assert_null(s.groups);
    sn_partition_free(&p);

    uint32_t g6[6] = {0, 0, 1, 1, 2, 2};
    assert_int_equal(sn_partition_from_groups(6, g6, &p, &err), SN_OK);
    sn_silo_opts o;
    sn_silo_opts_init(&o);
    o.permutations = -1;
    assert_int_equal(sn_silo_compute(&net, &p, &o, &s, &err), SN_EUSAGE);
    /* NULL options are the defaults */
    assert_int_equal(sn_silo_compute(&net, &p, NULL, &s, &err), SN_OK);
    assert_int_equal(s.permutations, 1000);
    assert_true(s.ei_p >= 0 && s.ei_p <= 1);
    sn_silo_free(&s);
    sn_partition_free(&p);
    sn_net_free(&net);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        T(test_opts_init), T(test_ei_world),          T(test_ei_weight_sum), T(test_perfect_silo),
        T(test_all_cross), T(test_permutation_exact), T(test_nmi_cliques),   T(test_no_ties),
        T(test_one_group), T(test_many_groups),       T(test_huge_groups),   T(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
