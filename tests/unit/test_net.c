/*
 * test_net.c - sn_net_build on hand-made stores (ties, thresholds, windows, channel
 * filters, levels, weights) and sn_metrics_compute on graphs worked out by hand.
 */
#include <igraph/igraph.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "samnett/metrics.h"
#include "samnett/net.h"
#include "samnett/store.h"

static void contact(int64_t t, uint32_t from, uint32_t to, uint8_t ch, float w)
{
    assert_int_equal(sn_store_contact_add(&st, t, from, to, ch, 0, 0, w), SN_OK);
}

/*
 * Actors a, b (O1/U1), c (O1/U2), d (O2/U3), e (O2, no unit). Contacts, in a shuffled order:
 *   t=100 a->b phone 1    t=200 a->b phone 2    t=300 a->b meeting 3   t=400 b->a phone 1
 *   t=500 b->c e-msg 5    t=600 c->d phone 1    t=700 c->d phone 1     t=800 a->a phone 1
 *   t=900 d->e phone 0.5  t=1000 e->a video 1
 */
enum { A, B, C, D, E };

static void build_world(void)
{
    assert_int_equal(add_actor("a", "O1", "U1"), A);
    assert_int_equal(add_actor("b", "O1", "U1"), B);
    assert_int_equal(add_actor("c", "O1", "U2"), C);
    assert_int_equal(add_actor("d", "O2", "U3"), D);
    assert_int_equal(add_actor("e", "O2", ""), E);
    contact(1000, E, A, SN_CH_VIDEO, 1.0f);
    contact(600, C, D, SN_CH_PHONE, 1.0f);
    contact(300, A, B, SN_CH_MEETING, 3.0f);
    contact(900, D, E, SN_CH_PHONE, 0.5f);
    contact(100, A, B, SN_CH_PHONE, 1.0f);
    contact(400, B, A, SN_CH_PHONE, 1.0f);
    contact(800, A, A, SN_CH_PHONE, 1.0f);
    contact(500, B, C, SN_CH_E_MESSAGE, 5.0f);
    contact(200, A, B, SN_CH_PHONE, 2.0f);
    contact(700, C, D, SN_CH_PHONE, 1.0f);
}

typedef struct tie {
    int from, to;
    double contacts, weight;
} tie;

/* The net must have exactly these ties, in this (sorted) order. */
static void expect_ties(const sn_net *net, const tie *want, size_t n)
{
    if (net->n_ties != n)
        fail_msg("%zu ties, expected %zu", net->n_ties, n);
    for (size_t k = 0; k < n; k++) {
        if (net->edges[2 * k] != want[k].from || net->edges[2 * k + 1] != want[k].to)
            fail_msg("tie %zu is %d->%d, expected %d->%d", k, (int)net->edges[2 * k],
                     (int)net->edges[2 * k + 1], want[k].from, want[k].to);
        assert_near(net->tie_contacts[k], want[k].contacts, 0);
        assert_near(net->tie_weight[k], want[k].weight, 1e-12);
    }
    /* the igraph graph has the same edges */
    assert_int_equal(igraph_ecount(sn_net_graph(net)), (igraph_integer_t)n);
    assert_int_equal(igraph_vcount(sn_net_graph(net)), (igraph_integer_t)net->n_nodes);
    for (size_t k = 0; k < n; k++) {
        igraph_integer_t f, t;
        igraph_edge(sn_net_graph(net), (igraph_integer_t)k, &f, &t);
        assert_int_equal(f, want[k].from);
        assert_int_equal(t, want[k].to);
    }
}

static void build(sn_net *net, const sn_view_opts *o)
{
    sn_err err;
    if (sn_net_build(&st, o, net, &err) != SN_OK)
        fail_msg("sn_net_build: %s", err.msg);
}

static void test_opts_and_levels(void **state)
{
    (void)state;
    sn_view_opts o;
    sn_view_opts_init(&o);
    assert_int_equal(o.level, SN_LEVEL_ACTOR);
    assert_int_equal(o.min_contacts, 1);
    assert_int_equal(o.weight, SN_WEIGHT_COUNT);
    assert_int_equal(o.has_since + o.has_until + o.has_channels, 0);
    sn_level l;
    assert_int_equal(sn_level_parse("unit", &l), SN_OK);
    assert_int_equal(l, SN_LEVEL_UNIT);
    assert_int_equal(sn_level_parse("org", &l), SN_OK);
    assert_int_equal(l, SN_LEVEL_ORGANISATION);
    assert_int_equal(sn_level_parse("organization", &l), SN_OK);
    assert_int_equal(l, SN_LEVEL_ORGANISATION);
    assert_int_equal(sn_level_parse("actor", &l), SN_OK);
    assert_int_equal(l, SN_LEVEL_ACTOR);
    assert_int_equal(sn_level_parse("team", &l), SN_EUSAGE);
    assert_string_equal(sn_level_name(SN_LEVEL_UNIT), "unit");
    assert_string_equal(sn_level_name(SN_LEVEL_ORGANISATION), "organisation");
    assert_string_equal(sn_level_name(SN_LEVEL_ACTOR), "actor");
}

static void test_actor_ties(void **state)
{
    (void)state;
    build_world();
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    assert_int_equal(net.n_nodes, 5);
    for (uint32_t a = 0; a < 5; a++) {
        assert_int_equal(net.node_of_actor[a], a);
        assert_int_equal(net.node_size[a], 1);
        assert_int_equal(net.node_actor[a], a);
    }
    assert_string_equal(sn_net_label(&net, A), "a");
    assert_string_equal(sn_net_label(&net, E), "e");
    const tie want[] = {
        {A, B, 3, 3}, {B, A, 1, 1}, {B, C, 1, 1}, {C, D, 2, 2}, {D, E, 1, 1}, {E, A, 1, 1},
    };
    expect_ties(&net, want, 6);
    assert_int_equal(net.contacts_in_window, 10);
    assert_int_equal(net.self_contacts, 1); /* a->a: counted, not a tie */
    assert_int_equal(net.within_group, 0);
    assert_int_equal(net.contacts_in_ties, 9);
    assert_int_equal(net.below_threshold, 0);
    /* the weights view */
    igraph_vector_t w;
    sn_net_weights(&net, &w);
    assert_int_equal(igraph_vector_size(&w), 6);
    assert_near(VECTOR(w)[0], 3, 0);
    assert_near(VECTOR(w)[3], 2, 0);
    sn_net_free(&net);
}

static void test_min_contacts(void **state)
{
    (void)state;
    build_world();
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.min_contacts = 2;
    sn_net net;
    build(&net, &o);
    const tie want[] = {{A, B, 3, 3}, {C, D, 2, 2}};
    expect_ties(&net, want, 2);
    assert_int_equal(net.n_nodes, 5); /* nodes stay */
    assert_int_equal(net.contacts_in_window, 10);
    assert_int_equal(net.below_threshold, 4); /* b->a, b->c, d->e, e->a */
    assert_int_equal(net.contacts_in_ties, 5);
    sn_net_free(&net);

    o.min_contacts = 3;
    build(&net, &o);
    const tie want3[] = {{A, B, 3, 3}};
    expect_ties(&net, want3, 1);
    assert_int_equal(net.below_threshold, 6);
    sn_net_free(&net);

    o.min_contacts = 4;
    build(&net, &o);
    expect_ties(&net, NULL, 0);
    assert_int_equal(net.below_threshold, 9);
    assert_int_equal(net.contacts_in_ties, 0);
    sn_net_free(&net);

    o.min_contacts = 0; /* same as 1 */
    build(&net, &o);
    assert_int_equal(net.n_ties, 6);
    sn_net_free(&net);
}

static void test_time_window(void **state)
{
    (void)state;
    build_world();
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.has_since = 1;
    o.since = 200; /* inclusive */
    o.has_until = 1;
    o.until = 700; /* exclusive */
    sn_net net;
    build(&net, &o);
    /* t = 200, 300 (a->b), 400 (b->a), 500 (b->c), 600 (c->d) */
    const tie want[] = {{A, B, 2, 2}, {B, A, 1, 1}, {B, C, 1, 1}, {C, D, 1, 1}};
    expect_ties(&net, want, 4);
    assert_int_equal(net.contacts_in_window, 5);
    assert_int_equal(net.self_contacts, 0);
    sn_net_free(&net);

    /* since only */
    sn_view_opts_init(&o);
    o.has_since = 1;
    o.since = 800;
    build(&net, &o);
    const tie want2[] = {{D, E, 1, 1}, {E, A, 1, 1}};
    expect_ties(&net, want2, 2);
    assert_int_equal(net.contacts_in_window, 3);
    assert_int_equal(net.self_contacts, 1);
    sn_net_free(&net);

    /* until only; until is exclusive */
    sn_view_opts_init(&o);
    o.has_until = 1;
    o.until = 100;
    build(&net, &o);
    expect_ties(&net, NULL, 0);
    assert_int_equal(net.contacts_in_window, 0);
    sn_net_free(&net);
}

static void test_channel_filter(void **state)
{
    (void)state;
    build_world();
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.has_channels = 1;
    o.channels[SN_CH_PHONE] = 1;
    sn_net net;
    build(&net, &o);
    const tie want[] = {{A, B, 2, 2}, {B, A, 1, 1}, {C, D, 2, 2}, {D, E, 1, 1}};
    expect_ties(&net, want, 4);
    assert_int_equal(net.contacts_in_window, 7);
    assert_int_equal(net.self_contacts, 1);
    sn_net_free(&net);

    o.channels[SN_CH_VIDEO] = 1;
    o.channels[SN_CH_MEETING] = 1;
    build(&net, &o);
    const tie want2[] = {{A, B, 3, 3}, {B, A, 1, 1}, {C, D, 2, 2}, {D, E, 1, 1}, {E, A, 1, 1}};
    expect_ties(&net, want2, 5);
    assert_int_equal(net.contacts_in_window, 9);
    sn_net_free(&net);

    /* has_channels with nothing selected keeps nothing */
    memset(o.channels, 0, sizeof o.channels);
    build(&net, &o);
    expect_ties(&net, NULL, 0);
    assert_int_equal(net.contacts_in_window, 0);
    sn_net_free(&net);
}

static void test_weight_sum(void **state)
{
    (void)state;
    build_world();
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.weight = SN_WEIGHT_SUM;
    sn_net net;
    build(&net, &o);
    const tie want[] = {
        {A, B, 3, 6}, {B, A, 1, 1}, {B, C, 1, 5}, {C, D, 2, 2}, {D, E, 1, 0.5}, {E, A, 1, 1},
    };
    expect_ties(&net, want, 6);
    sn_net_free(&net);
    /* min_contacts counts contacts, not weight */
    o.min_contacts = 2;
    build(&net, &o);
    const tie want2[] = {{A, B, 3, 6}, {C, D, 2, 2}};
    expect_ties(&net, want2, 2);
    sn_net_free(&net);
}

static void test_unit_level(void **state)
{
    (void)state;
    build_world();
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.level = SN_LEVEL_UNIT;
    sn_net net;
    build(&net, &o);
    assert_int_equal(net.n_nodes, 4);
    assert_string_equal(sn_net_label(&net, 0), "O1 / U1");
    assert_string_equal(sn_net_label(&net, 1), "O1 / U2");
    assert_string_equal(sn_net_label(&net, 2), "O2 / U3");
    assert_string_equal(sn_net_label(&net, 3), "O2 / (no unit)");
    const uint32_t node_of[] = {0, 0, 1, 2, 3};
    for (int a = 0; a < 5; a++)
        assert_int_equal(net.node_of_actor[a], node_of[a]);
    assert_int_equal(net.node_size[0], 2);
    assert_int_equal(net.node_size[1], 1);
    assert_int_equal(net.node_actor[0], A); /* the first actor of the node */
    assert_int_equal(net.node_actor[3], E);
    /* a->b x3 and b->a are inside U1; b->c U1->U2; c->d x2; d->e; e->a */
    const tie want[] = {{0, 1, 1, 1}, {1, 2, 2, 2}, {2, 3, 1, 1}, {3, 0, 1, 1}};
    expect_ties(&net, want, 4);
    assert_int_equal(net.within_group, 4);
    assert_int_equal(net.self_contacts, 1);
    assert_int_equal(net.contacts_in_window, 10);
    assert_int_equal(net.contacts_in_ties, 5);
    sn_net_free(&net);
}

static void test_organisation_level(void **state)
{
    (void)state;
    build_world();
    assert_int_equal(add_actor("f", "", ""), 5); /* no organisation, no contacts */
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.level = SN_LEVEL_ORGANISATION;
    o.weight = SN_WEIGHT_SUM;
    sn_net net;
    build(&net, &o);
    assert_int_equal(net.n_nodes, 3);
    assert_string_equal(sn_net_label(&net, 0), "O1");
    assert_string_equal(sn_net_label(&net, 1), "O2");
    assert_string_equal(sn_net_label(&net, 2), "(no organisation)");
    assert_int_equal(net.node_size[0], 3);
    assert_int_equal(net.node_size[1], 2);
    assert_int_equal(net.node_size[2], 1);
    /* c->d (1 + 1) is O1->O2; e->a is O2->O1; a->b x3, b->a, b->c and d->e are within */
    const tie want[] = {{0, 1, 2, 2}, {1, 0, 1, 1}};
    expect_ties(&net, want, 2);
    assert_int_equal(net.within_group, 6);
    assert_int_equal(net.self_contacts, 1);
    sn_net_free(&net);

    /* at the unit level the organisation-less actor is "(no organisation) / (no unit)" */
    o.level = SN_LEVEL_UNIT;
    build(&net, &o);
    assert_int_equal(net.n_nodes, 5);
    assert_string_equal(sn_net_label(&net, 4), "(no organisation) / (no unit)");
    sn_net_free(&net);
}

/* Two views with the same nodes, ties (exactly) and counts. */
static void expect_same_view(const sn_net *x, const sn_net *y)
{
    assert_int_equal(x->n_nodes, y->n_nodes);
    for (uint32_t v = 0; v < x->n_nodes; v++)
        assert_string_equal(sn_net_label(x, v), sn_net_label(y, v));
    assert_int_equal(x->n_ties, y->n_ties);
    for (size_t k = 0; k < x->n_ties; k++) {
        assert_int_equal(x->edges[2 * k], y->edges[2 * k]);
        assert_int_equal(x->edges[2 * k + 1], y->edges[2 * k + 1]);
        assert_true(x->tie_contacts[k] == y->tie_contacts[k]);
        assert_true(x->tie_weight[k] == y->tie_weight[k]);
    }
    assert_int_equal(x->contacts_in_window, y->contacts_in_window);
    assert_int_equal(x->contacts_in_ties, y->contacts_in_ties);
    assert_int_equal(x->self_contacts, y->self_contacts);
    assert_int_equal(x->within_group, y->within_group);
    assert_int_equal(x->below_threshold, y->below_threshold);
    assert_int_equal(x->meeting_rows, y->meeting_rows);
}

/*
 * A unit or organisation view built from an actor-level view with the same
 * filters (opts.base) is the view built from the contacts; with filters or
 * options that do not allow it, the base is not used.
 */
static void test_levels_from_base(void **state)
{
    (void)state;
    build_world();
    assert_int_equal(sn_store_contact_add(&st, 250, A, B, SN_CH_MEETING, 0, 1, 1.0f), SN_OK);
    for (int variant = 0; variant < 6; variant++) {
        sn_view_opts o;
        sn_view_opts_init(&o);
        if (variant == 1) {
            o.has_since = o.has_until = 1;
            o.since = 200;
            o.until = 950;
        } else if (variant == 2) {
            o.has_channels = 1;
            o.channels[SN_CH_PHONE] = o.channels[SN_CH_E_MESSAGE] = 1;
        } else if (variant == 3) {
            o.meetings = SN_MEETINGS_OFF;
        } else if (variant == 4) {
            o.min_contacts = 2; /* the base keeps no pair below 2: not used */
        } else if (variant == 5) {
            o.weight = SN_WEIGHT_SUM; /* fractional weights add up in another order: not used */
        }
        sn_net base;
        build(&base, &o);
        for (sn_level level = SN_LEVEL_UNIT; level <= SN_LEVEL_ORGANISATION; level++) {
            sn_view_opts g = o;
            g.level = level;
            sn_net plain, derived;
            build(&plain, &g);
            g.base = &base;
            build(&derived, &g);
            assert_null(derived.opts.base);
            expect_same_view(&plain, &derived);
            if (variant == 0 && level == SN_LEVEL_ORGANISATION) {
                /* c->d x2 O1->O2, e->a O2->O1; a->b x4, b->a, b->c and d->e inside */
                const tie want[] = {{0, 1, 2, 2}, {1, 0, 1, 1}};
                expect_ties(&derived, want, 2);
                assert_int_equal(derived.within_group, 7);
                assert_int_equal(derived.self_contacts, 1);
                assert_int_equal(derived.contacts_in_window, 11);
            }
            sn_net_free(&plain);
            sn_net_free(&derived);
        }
        sn_net_free(&base);
    }
}

static void test_many_pairs(void **state)
{
    (void)state;
    /* 60 actors, every ordered pair once or twice: 3540 ties, past the hash's growth */
    enum { N = 60 };
    for (int i = 0; i < N; i++) {
        char id[16];
        snprintf(id, sizeof id, "n%02d", i);
        add_actor(id, "O", "U");
    }
    for (int rep = 0; rep < 2; rep++)
        for (int j = N - 1; j >= 0; j--)
            for (int i = 0; i < N; i++)
                if (i != j && (rep == 0 || (i + j) % 3 == 0))
                    contact(i * 1000 + j, (uint32_t)i, (uint32_t)j, SN_CH_PHONE, 0.5f);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    assert_int_equal(net.n_ties, N * (N - 1));
    size_t k = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            if (i == j)
                continue;
            assert_int_equal(net.edges[2 * k], i);
            assert_int_equal(net.edges[2 * k + 1], j);
            assert_near(net.tie_contacts[k], (i + j) % 3 == 0 ? 2 : 1, 0);
            k++;
        }
    sn_net_free(&net);
}

/* ---- metrics ---- */

static void metrics(const sn_net *net, sn_path_weights pw, sn_metrics *m)
{
    sn_metrics_opts mo = {.path_weights = pw};
    sn_err err;
    if (sn_metrics_compute(net, &mo, m, &err) != SN_OK)
        fail_msg("sn_metrics_compute: %s", err.msg);
    assert_int_equal(m->n, net->n_nodes);
}

static double pagerank_sum(const sn_metrics *m)
{
    double s = 0;
    for (uint32_t i = 0; i < m->n; i++)
        s += m->node.pagerank[i];
    return s;
}

/* Actors named by letters; each "xy" in ties adds one contact x->y. */
static void graph(int n, const char *const *ties, size_t n_ties)
{
    for (int i = 0; i < n; i++) {
        char id[2] = {(char)('a' + i), 0};
        add_actor(id, "O", "U");
    }
    for (size_t k = 0; k < n_ties; k++)
        contact((int64_t)k, (uint32_t)(ties[k][0] - 'a'), (uint32_t)(ties[k][1] - 'a'), SN_CH_OTHER,
                1.0f);
}

static void test_metrics_path(void **state)
{
    (void)state;
    /* a -> b -> c */
    const char *ties[] = {"ab", "bc"};
    graph(3, ties, 2);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    sn_metrics m;
    metrics(&net, SN_PATHS_UNWEIGHTED, &m);
    const double din[] = {0, 1, 1}, dout[] = {1, 1, 0}, btw[] = {0, 1, 0};
    for (int i = 0; i < 3; i++) {
        assert_near(m.node.degree_in[i], din[i], 0);
        assert_near(m.node.degree_out[i], dout[i], 0);
        assert_near(m.node.strength_in[i], din[i], 0);
        assert_near(m.node.strength_out[i], dout[i], 0);
        assert_near(m.node.betweenness[i], btw[i], 1e-12);
    }
    assert_near(m.net.density, 2.0 / 6.0, 1e-12);
    assert_near(m.net.reciprocity, 0, 0);
    assert_near(m.net.dyadic_reciprocity, 0, 0);
    assert_int_equal(m.net.weak_components, 1);
    assert_int_equal(m.net.strong_components, 3);
    assert_int_equal(m.net.largest_weak, 3);
    assert_int_equal(m.net.isolates, 0);
    assert_near(pagerank_sum(&m), 1.0, 1e-9);
    /* rank flows down the path */
    assert_true(m.node.pagerank[2] > m.node.pagerank[1]);
    assert_true(m.node.pagerank[1] > m.node.pagerank[0]);
    sn_metrics_free(&m);
    sn_net_free(&net);
}

static void test_metrics_mutual_star(void **state)
{
    (void)state;
    /* hub a and leaves b..e, ties both ways */
    const char *ties[] = {"ab", "ba", "ac", "ca", "ad", "da", "ae", "ea"};
    graph(5, ties, 8);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    sn_metrics m;
    metrics(&net, SN_PATHS_UNWEIGHTED, &m);
    /* every ordered leaf pair (4 * 3 = 12) passes through the hub */
    assert_near(m.node.betweenness[0], 12, 1e-9);
    for (int i = 1; i < 5; i++) {
        assert_near(m.node.betweenness[i], 0, 1e-9);
        assert_near(m.node.degree_in[i], 1, 0);
        assert_near(m.node.degree_out[i], 1, 0);
    }
    assert_near(m.node.degree_in[0], 4, 0);
    assert_near(m.node.degree_out[0], 4, 0);
    assert_near(m.net.density, 8.0 / 20.0, 1e-12);
    assert_near(m.net.reciprocity, 1, 1e-12);
    assert_near(m.net.dyadic_reciprocity, 1, 1e-12);
    assert_int_equal(m.net.weak_components, 1);
    assert_int_equal(m.net.strong_components, 1);
    /*
     * PageRank (d = 0.85): hub y, leaves x. y = 0.03 + 0.85 * 4x, x = 0.03 + 0.85 * y / 4,
     * so y = 0.132 / 0.2775 and x = (1 - y) / 4.
     */
    double y = 0.132 / 0.2775;
    assert_near(m.node.pagerank[0], y, 1e-6);
    for (int i = 1; i < 5; i++)
        assert_near(m.node.pagerank[i], (1 - y) / 4, 1e-6);
    assert_near(pagerank_sum(&m), 1.0, 1e-9);
    sn_metrics_free(&m);
    sn_net_free(&net);
}

static void test_metrics_out_star_and_isolates(void **state)
{
    (void)state;
    /* a -> b, a -> c, a -> d; e and f without ties */
    const char *ties[] = {"ab", "ac", "ad"};
    graph(6, ties, 3);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    sn_metrics m;
    metrics(&net, SN_PATHS_UNWEIGHTED, &m);
    for (int i = 0; i < 6; i++)
        assert_near(m.node.betweenness[i], 0, 1e-12); /* no path has an inner node */
    assert_near(m.node.degree_out[0], 3, 0);
    assert_near(m.net.density, 3.0 / 30.0, 1e-12);
    assert_int_equal(m.net.weak_components, 3); /* {a,b,c,d}, {e}, {f} */
    assert_int_equal(m.net.strong_components, 6);
    assert_int_equal(m.net.largest_weak, 4);
    assert_int_equal(m.net.isolates, 2);
    assert_near(pagerank_sum(&m), 1.0, 1e-9);
    /* b, c, d are alike; so are e and f */
    assert_near(m.node.pagerank[1], m.node.pagerank[3], 1e-9);
    assert_near(m.node.pagerank[4], m.node.pagerank[5], 1e-9);
    assert_true(m.node.pagerank[1] > m.node.pagerank[0]);
    sn_metrics_free(&m);
    sn_net_free(&net);
}

static void test_metrics_reciprocity_and_strength(void **state)
{
    (void)state;
    /* a->b x3, b->a, b->c x2: ties a->b (3), b->a (1), b->c (2) */
    const char *ties[] = {"ab", "ab", "ab", "ba", "bc", "bc"};
    graph(3, ties, 6);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    sn_metrics m;
    metrics(&net, SN_PATHS_UNWEIGHTED, &m);
    /* 2 of 3 ties have a reverse; 1 mutual dyad of 2 connected dyads */
    assert_near(m.net.reciprocity, 2.0 / 3.0, 1e-12);
    assert_near(m.net.dyadic_reciprocity, 0.5, 1e-12);
    assert_near(m.net.density, 3.0 / 6.0, 1e-12);
    assert_near(m.node.degree_out[1], 2, 0);
    assert_near(m.node.strength_out[0], 3, 0);
    assert_near(m.node.strength_out[1], 3, 0);
    assert_near(m.node.strength_in[0], 1, 0);
    assert_near(m.node.strength_in[1], 3, 0);
    assert_near(m.node.strength_in[2], 2, 0);
    /* a->c only through b */
    assert_near(m.node.betweenness[1], 1, 1e-12);
    assert_int_equal(m.net.strong_components, 2); /* {a,b}, {c} */
    assert_near(pagerank_sum(&m), 1.0, 1e-9);
    sn_metrics_free(&m);
    sn_net_free(&net);
}

static void test_metrics_diamond(void **state)
{
    (void)state;
    /* a->b->d and a->c->d: two shortest a->d paths, one through each of b and c */
    const char *ties[] = {"ab", "ac", "bd", "cd"};
    graph(4, ties, 4);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    sn_metrics m;
    metrics(&net, SN_PATHS_UNWEIGHTED, &m);
    const double btw[] = {0, 0.5, 0.5, 0};
    for (int i = 0; i < 4; i++)
        assert_near(m.node.betweenness[i], btw[i], 1e-12);
    sn_metrics_free(&m);
    sn_net_free(&net);
}

static void test_metrics_inverse_weights(void **state)
{
    (void)state;
    /* a->c once (length 1), a->b and b->c four times each (length 1/4 each) */
    const char *ties[] = {"ac", "ab", "ab", "ab", "ab", "bc", "bc", "bc", "bc"};
    graph(3, ties, 9);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    sn_metrics m;
    /* hop counts: a->c directly is shortest, b is on no shortest path */
    metrics(&net, SN_PATHS_UNWEIGHTED, &m);
    assert_near(m.node.betweenness[1], 0, 1e-12);
    sn_metrics_free(&m);
    /* inverse weights: a->b->c is 0.5 long, shorter than a->c at 1 */
    metrics(&net, SN_PATHS_INVERSE, &m);
    assert_near(m.node.betweenness[1], 1, 1e-12);
    assert_near(m.node.betweenness[0], 0, 1e-12);
    assert_near(m.node.betweenness[2], 0, 1e-12);
    /* strength counts contacts */
    assert_near(m.node.strength_out[0], 5, 0);
    assert_near(m.node.strength_in[2], 5, 0);
    assert_near(pagerank_sum(&m), 1.0, 1e-9);
    sn_metrics_free(&m);
    sn_net_free(&net);
}

static void test_metrics_world(void **state)
{
    (void)state;
    build_world();
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    sn_metrics m;
    metrics(&net, SN_PATHS_UNWEIGHTED, &m);
    /*
     * Ties a->b, b->a, b->c, c->d, d->e, e->a: one cycle a->b->c->d->e->a plus b->a.
     * Shortest paths and their inner nodes (all unique):
     *   a: b; c(b); d(b,c); e(b,c,d)   b: a; c; d(c); e(c,d)   c: d; e(d); a(d,e); b(d,e,a)
     *   d: e; a(e); b(e,a); c(e,a,b)   e: a; b(a); c(a,b); d(a,b,c)
     * Counting inner nodes: a 1 + 2 + 3 = 6 (from c, d, e), b 3 + 1 + 2 = 6 (from a, d, e),
     * c 2 + 2 + 1 = 5 (from a, b, e), d 1 + 1 + 3 = 5 (from a, b, c), e 2 + 3 = 5 (from c, d).
     * Check: the sum, 27, is the sum of (distance - 1) over all 20 ordered pairs.
     */
    const double btw[] = {6, 6, 5, 5, 5};
    for (int i = 0; i < 5; i++)
        assert_near(m.node.betweenness[i], btw[i], 1e-9);
    assert_near(m.net.density, 6.0 / 20.0, 1e-12);
    assert_near(m.net.reciprocity, 2.0 / 6.0, 1e-12);
    assert_near(m.net.dyadic_reciprocity, 1.0 / 5.0, 1e-12);
    assert_int_equal(m.net.weak_components, 1);
    assert_int_equal(m.net.strong_components, 1);
    assert_int_equal(m.net.isolates, 0);
    assert_near(m.node.strength_out[0], 3, 0);
    assert_near(m.node.strength_in[0], 2, 0); /* b->a and e->a */
    assert_near(pagerank_sum(&m), 1.0, 1e-9);
    sn_metrics_free(&m);
    sn_net_free(&net);
}

static void test_metrics_empty(void **state)
{
    (void)state;
    /* actors without contacts: no ties, every node an isolate */
    add_actor("x", "O", "U");
    add_actor("y", "O", "U");
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    assert_int_equal(net.n_ties, 0);
    sn_metrics m;
    metrics(&net, SN_PATHS_UNWEIGHTED, &m);
    assert_near(m.net.density, 0, 0);
    assert_near(m.net.reciprocity, 0, 0);
    assert_int_equal(m.net.isolates, 2);
    assert_int_equal(m.net.weak_components, 2);
    assert_near(m.node.pagerank[0], 0.5, 1e-9);
    assert_near(pagerank_sum(&m), 1.0, 1e-9);
    sn_metrics_free(&m);
    sn_net_free(&net);
}

/*
 * Sampled betweenness on a mutual star (hub a, leaves b..e): every ordered
 * pair of leaves (12 of the 20) passes through the hub and nothing else
 * passes through a leaf, so the leaves are 0 exactly and the hub's estimate
 * is 20 times the share of leaf pairs among r samples; r is Riondato and
 * Kornaropoulos's for the vertex diameter 3 (leaf, hub, leaf). Closeness and
 * harmonic stay exact; a seed gives the same numbers again; with
 * --path-weights inverse sampling is refused.
 */
static void test_metrics_sampled_betweenness(void **state)
{
    (void)state;
    const char *ties[] = {"ab", "ba", "ac", "ca", "ad", "da", "ae", "ea"};
    graph(5, ties, 8);
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;
    build(&net, &o);
    sn_metrics exact, a, b;
    metrics(&net, SN_PATHS_UNWEIGHTED, &exact);
    sn_metrics_opts mo = {.betweenness_sample = 0.05, .seed = 7};
    sn_err err;
    assert_int_equal(sn_metrics_compute(&net, &mo, &a, &err), SN_OK);
    assert_int_equal(sn_metrics_compute(&net, &mo, &b, &err), SN_OK);
    assert_true(a.betweenness.sampled);
    assert_int_equal(a.betweenness.vertex_diameter, 3);
    /* ceil(200 (floor(log2(1)) + 1 + ln 10)) */
    assert_int_equal(a.betweenness.samples, (uint64_t)ceil(200 * (1 + log(10))));
    assert_near(a.betweenness.delta, 0.1, 0);
    assert_near(exact.node.betweenness[0], 12, 1e-12);
    assert_near(a.node.betweenness[0], 12, 0.05 * 20);
    assert_true(a.node.betweenness[0] != 12); /* an estimate, not the exact value */
    for (int v = 0; v < 5; v++) {
        if (v > 0)
            assert_near(a.node.betweenness[v], 0, 0);
        assert_near(a.node.betweenness[v], b.node.betweenness[v], 0);
        assert_near(a.node.closeness[v], exact.node.closeness[v], 0);
        assert_near(a.node.harmonic[v], exact.node.harmonic[v], 0);
        assert_int_equal(a.node.reachable[v], exact.node.reachable[v]);
    }
    assert_false(exact.betweenness.sampled);
    sn_metrics_free(&a);
    sn_metrics_free(&b);
    mo.path_weights = SN_PATHS_INVERSE;
    assert_int_equal(sn_metrics_compute(&net, &mo, &a, &err), SN_EUSAGE);
    sn_metrics_free(&exact);
    sn_net_free(&net);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        T(test_opts_and_levels),
        T(test_actor_ties),
        T(test_min_contacts),
        T(test_time_window),
        T(test_channel_filter),
        T(test_weight_sum),
        T(test_unit_level),
        T(test_organisation_level),
        T(test_levels_from_base),
        T(test_many_pairs),
        T(test_metrics_path),
        T(test_metrics_mutual_star),
        T(test_metrics_out_star_and_isolates),
        T(test_metrics_reciprocity_and_strength),
        T(test_metrics_diamond),
        T(test_metrics_inverse_weights),
        T(test_metrics_world),
        T(test_metrics_empty),
        T(test_metrics_sampled_betweenness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
