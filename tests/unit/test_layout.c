/*
 * test_layout.c - sn_layout_compute on hand-made stores: the same layout for
 * a seed (and igraph's default generator left as it was), finite positions
 * with and without the grid, two disconnected organisations drawn apart, a
 * window started from the last one's layout moving little, an empty network,
 * and bad options and input named. With SN_LAYOUT_REGION set to a folder of
 * contacts (samnett synth), it also times the layout of that region at actor
 * level and prints the seconds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

#include <igraph/igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "samnett/ingest.h"
#include "samnett/layout.h"
#include "samnett/net.h"
#include "samnett/partition.h"
#include "samnett/store.h"

static int64_t clock_t0 = 0;

/* `count` contacts from -> to. */
static void contacts(uint32_t from, uint32_t to, int count)
{
    for (int i = 0; i < count; i++)
        assert_int_equal(sn_store_contact_add(&st, ++clock_t0, from, to, SN_CH_PHONE, 0, 0, 1),
                         SN_OK);
}

static void build(sn_net *net, int64_t until)
{
    sn_err err;
    sn_view_opts o;
    sn_view_opts_init(&o);
    if (until) {
        o.has_until = 1;
        o.until = until;
    }
    if (sn_net_build(&st, &o, net, &err) != SN_OK)
        fail_msg("sn_net_build: %s", err.msg);
}

static void org_partition(const sn_net *net, sn_partition *p)
{
    sn_err err;
    if (sn_partition_build(net, "organisation", p, &err) != SN_OK)
        fail_msg("sn_partition_build: %s", err.msg);
}

static void lay_out(const sn_net *net, const sn_partition *p, const sn_layout_opts *o, sn_layout *l)
{
    sn_err err;
    if (sn_layout_compute(net, p, o, l, &err) != SN_OK)
        fail_msg("sn_layout_compute: %s", err.msg);
    assert_int_equal(l->n_nodes, net->n_nodes);
}

/*
 * Two organisations of `per` actors each (actors 0 .. per-1 in "A", the rest
 * in "B"); inside each a ring with chords, between them no ties (or, with
 * bridge, one).
 */
static void two_orgs(uint32_t per, int bridge)
{
    char id[32];
    for (uint32_t i = 0; i < 2 * per; i++) {
        snprintf(id, sizeof id, "a%u", i);
        add_actor(id, i < per ? "A" : "B", "");
    }
    for (uint32_t g = 0; g < 2; g++)
        for (uint32_t i = 0; i < per; i++) {
            uint32_t a = g * per + i;
            contacts(a, g * per + (i + 1) % per, 2);
            contacts(a, g * per + (i * 7 + 3) % per, 1);
        }
    if (bridge)
        contacts(0, per, 1);
}

static void assert_finite(const sn_layout *l)
{
    for (uint32_t v = 0; v < l->n_nodes; v++)
        if (!isfinite(l->x[v]) || !isfinite(l->y[v]))
            fail_msg("node %u at (%g, %g)", v, l->x[v], l->y[v]);
}

static void test_deterministic_for_a_seed(void **state)
{
    (void)state;
    two_orgs(40, 1);
    sn_net net;
    build(&net, 0);
    sn_partition p;
    org_partition(&net, &p);
    sn_layout_opts o;
    sn_layout_opts_init(&o);
    o.seed = 5;
    /* igraph's default generator, seeded: the layout leaves its stream alone */
    igraph_rng_seed(igraph_rng_default(), 42);
    igraph_real_t before = igraph_rng_get_unif01(igraph_rng_default());
    igraph_rng_seed(igraph_rng_default(), 42);
    sn_layout a, b, c;
    lay_out(&net, &p, &o, &a);
    assert_true(igraph_rng_get_unif01(igraph_rng_default()) == before);
    lay_out(&net, &p, &o, &b);
    assert_memory_equal(a.x, b.x, a.n_nodes * sizeof *a.x);
    assert_memory_equal(a.y, b.y, a.n_nodes * sizeof *a.y);
    o.seed = 6;
    lay_out(&net, &p, &o, &c);
    assert_true(memcmp(a.x, c.x, a.n_nodes * sizeof *a.x) != 0);
    /* the grid variant too */
    sn_layout_free(&b);
    sn_layout_free(&c);
    o.grid = SN_LAYOUT_GRID_ON;
    lay_out(&net, &p, &o, &b);
    lay_out(&net, &p, &o, &c);
    assert_memory_equal(b.x, c.x, b.n_nodes * sizeof *b.x);
    assert_memory_equal(b.y, c.y, b.n_nodes * sizeof *b.y);
    sn_layout_free(&a);
    sn_layout_free(&b);
    sn_layout_free(&c);
    sn_partition_free(&p);
    sn_net_free(&net);
}

static void test_positions_finite(void **state)
{
    (void)state;
    two_orgs(30, 1);
    add_actor("lonely", "C", ""); /* an isolate */
    contacts(3, 3, 2);            /* a self-contact: no tie */
    sn_net net;
    build(&net, 0);
    sn_partition p;
    org_partition(&net, &p);
    sn_layout_grid grids[] = {SN_LAYOUT_GRID_AUTO, SN_LAYOUT_GRID_ON, SN_LAYOUT_GRID_OFF};
    for (int g = 0; g < 3; g++)
        for (int weighted = 0; weighted < 2; weighted++)
            for (int with_groups = 0; with_groups < 2; with_groups++) {
                sn_layout_opts o;
                sn_layout_opts_init(&o);
                o.grid = grids[g];
                o.weighted = weighted;
                sn_layout l;
                lay_out(&net, with_groups ? &p : NULL, &o, &l);
                assert_finite(&l);
                /* positions by actor are their nodes' */
                double x, y;
                assert_int_equal(sn_layout_actor_position(&l, 5, &x, &y), 0);
                assert_true(x == l.x[net.node_of_actor[5]] && y == l.y[net.node_of_actor[5]]);
                assert_int_equal(sn_layout_actor_position(&l, 100000, &x, &y), -1);
                sn_layout_free(&l);
            }
    /* no iterations: the start positions, finite and inside the grid's square */
    sn_layout_opts o;
    sn_layout_opts_init(&o);
    o.iterations = 0;
    sn_layout l;
    lay_out(&net, &p, &o, &l);
    double half = sqrt((double)net.n_nodes) / 2;
    for (uint32_t v = 0; v < l.n_nodes; v++)
        assert_true(fabs(l.x[v]) <= half && fabs(l.y[v]) <= half);
    sn_layout_free(&l);
    sn_partition_free(&p);
    sn_net_free(&net);
}

/* Mean distance between the two organisations' nodes, and inside them. */
static void distances(const sn_layout *l, const sn_partition *p, double *between, double *within)
{
    double sb = 0, sw = 0;
    long nb = 0, nw = 0;
    for (uint32_t u = 0; u < l->n_nodes; u++)
        for (uint32_t v = u + 1; v < l->n_nodes; v++) {
            double d = hypot(l->x[u] - l->x[v], l->y[u] - l->y[v]);
            if (p->group[u] == p->group[v])
                sw += d, nw++;
            else
                sb += d, nb++;
        }
    *between = sb / nb;
    *within = sw / nw;
}

static void test_disconnected_groups_apart(void **state)
{
    (void)state;
    two_orgs(60, 0);
    sn_net net;
    build(&net, 0);
    sn_partition p;
    org_partition(&net, &p);
    assert_int_equal(p.n_groups, 2);
    sn_layout_grid grids[] = {SN_LAYOUT_GRID_OFF, SN_LAYOUT_GRID_ON};
    for (int g = 0; g < 2; g++)
        for (uint64_t seed = 1; seed <= 3; seed++) {
            sn_layout_opts o;
            sn_layout_opts_init(&o);
            o.grid = grids[g];
            o.seed = seed;
            sn_layout l;
            lay_out(&net, &p, &o, &l);
            double between, within;
            distances(&l, &p, &between, &within);
            if (!(between > 1.5 * within))
                fail_msg("grid %d seed %d: between %g, within %g", g, (int)seed, between, within);
            sn_layout_free(&l);
        }
    sn_partition_free(&p);
    sn_net_free(&net);
}

/*
 * Two organisations joined by many ties across: with the ties inside an
 * organisation pulling harder (group_pull 8, the default), each keeps
 * together more than when every tie pulls alike (group_pull 1).
 */
static void test_group_pull_keeps_groups_together(void **state)
{
    (void)state;
    uint32_t per = 60;
    two_orgs(per, 0);
    for (uint32_t i = 0; i < per; i += 2) /* every other actor has a tie across */
        contacts(i, per + (i * 11 + 5) % per, 1);
    sn_net net;
    build(&net, 0);
    sn_partition p;
    org_partition(&net, &p);
    double ratio[2] = {0, 0};
    double pulls[2] = {1, 8};
    for (int k = 0; k < 2; k++)
        for (uint64_t seed = 1; seed <= 3; seed++) {
            sn_layout_opts o;
            sn_layout_opts_init(&o);
            o.group_pull = pulls[k];
            o.seed = seed;
            sn_layout l;
            lay_out(&net, &p, &o, &l);
            double between, within;
            distances(&l, &p, &between, &within);
            ratio[k] += between / within / 3;
            sn_layout_free(&l);
        }
    if (!(ratio[1] > 1.2 * ratio[0]))
        fail_msg("between / within: %g with group_pull 1, %g with 8", ratio[0], ratio[1]);
    sn_partition_free(&p);
    sn_net_free(&net);
}

static void test_previous_layout_kept(void **state)
{
    (void)state;
    two_orgs(50, 1);
    int64_t first_end = clock_t0 + 1;
    /* the next window: the same ties again, and a few new ones */
    for (uint32_t a = 0; a < 100; a++)
        contacts(a, a < 50 ? (a + 1) % 50 : 50 + (a + 1) % 50, 1);
    for (uint32_t a = 0; a < 10; a++)
        contacts(a * 5, (a * 5 + 20) % 50, 1);
    sn_net first, second;
    build(&first, first_end); /* a first window */
    build(&second, 0);        /* the first and the next one */
    sn_partition p1, p2;
    org_partition(&first, &p1);
    org_partition(&second, &p2);
    sn_layout_opts o;
    sn_layout_opts_init(&o);
    sn_layout l1, l2, same;
    lay_out(&first, &p1, &o, &l1);
    double lo = INFINITY, hi = -INFINITY;
    for (uint32_t v = 0; v < l1.n_nodes; v++)
        lo = fmin(lo, l1.x[v]), hi = fmax(hi, l1.x[v]);
    double extent = hi - lo;
    assert_true(extent > 0);

    /* the same network again from its own layout: hardly a move */
    o.previous = &l1;
    lay_out(&first, &p1, &o, &same);
    /* the next window from the first's layout: its nodes stay near */
    lay_out(&second, &p2, &o, &l2);
    double mean_same = 0, mean_next = 0, max_move = 0;
    for (uint32_t a = 0; a < st.n_actors; a++) {
        double x1, y1, x2, y2, xs, ys;
        assert_int_equal(sn_layout_actor_position(&l1, a, &x1, &y1), 0);
        assert_int_equal(sn_layout_actor_position(&same, a, &xs, &ys), 0);
        assert_int_equal(sn_layout_actor_position(&l2, a, &x2, &y2), 0);
        double ds = hypot(xs - x1, ys - y1), dn = hypot(x2 - x1, y2 - y1);
        max_move = fmax(max_move, fmax(ds, dn));
        mean_same += ds / st.n_actors;
        mean_next += dn / st.n_actors;
    }
    assert_true(max_move < 0.25 * extent);
    if (!(mean_same < 0.1 * extent && mean_next < 0.1 * extent))
        fail_msg("mean moves %g and %g over an extent of %g", mean_same, mean_next, extent);
    /* a fresh layout of the next window moves them much more */
    o.previous = NULL;
    o.seed = 9;
    sn_layout fresh;
    lay_out(&second, &p2, &o, &fresh);
    double mean_fresh = 0;
    for (uint32_t v = 0; v < fresh.n_nodes; v++)
        mean_fresh += hypot(fresh.x[v] - l1.x[v], fresh.y[v] - l1.y[v]) / fresh.n_nodes;
    assert_true(mean_fresh > 3 * mean_next);

    /* a unit-level (here: organisation) layout from the actor one: at its actors' mean */
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    vo.level = SN_LEVEL_ORGANISATION;
    sn_net orgs;
    sn_err err;
    assert_int_equal(sn_net_build(&st, &vo, &orgs, &err), SN_OK);
    o.previous = &l2;
    o.iterations = 0;
    sn_layout lo_org;
    lay_out(&orgs, NULL, &o, &lo_org);
    double scale = sqrt((double)orgs.n_nodes / l2.n_nodes), mx = 0;
    for (uint32_t a = 0; a < 50; a++)
        mx += l2.x[second.node_of_actor[a]] / 50;
    assert_near(lo_org.x[orgs.node_of_actor[0]], scale * mx, 1e-9);
    sn_layout_free(&lo_org);
    sn_net_free(&orgs);

    sn_layout_free(&fresh);
    sn_layout_free(&same);
    sn_layout_free(&l1);
    sn_layout_free(&l2);
    sn_partition_free(&p1);
    sn_partition_free(&p2);
    sn_net_free(&first);
    sn_net_free(&second);
}

static void test_empty_network(void **state)
{
    (void)state;
    sn_net net;
    build(&net, 0);
    assert_int_equal(net.n_nodes, 0);
    sn_layout_opts o;
    sn_layout_opts_init(&o);
    sn_layout l;
    lay_out(&net, NULL, &o, &l);
    assert_int_equal(l.n_nodes, 0);
    sn_layout_free(&l);
    sn_layout_free(&l); /* twice is harmless */
    sn_net_free(&net);
    /* nodes without ties: placed, finite */
    add_actor("x", "A", "");
    add_actor("y", "B", "");
    build(&net, 0);
    sn_partition p;
    org_partition(&net, &p);
    lay_out(&net, &p, &o, &l);
    assert_int_equal(l.n_nodes, 2);
    assert_finite(&l);
    sn_layout_free(&l);
    sn_partition_free(&p);
    sn_net_free(&net);
}

static void test_bad_options_named(void **state)
{
    (void)state;
    sn_layout_opts o;
    sn_layout_opts_init(&o);
    sn_err err;
    assert_int_equal(sn_layout_opts_set(&o, "layout_grid", "sideways", &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "layout_grid"));
    assert_non_null(strstr(err.msg, "sideways"));
    assert_int_equal(o.grid, SN_LAYOUT_GRID_AUTO);
    assert_int_equal(sn_layout_opts_set(&o, "layout_iterations", "-1", &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "layout_iterations"));
    assert_int_equal(sn_layout_opts_set(&o, "layout_temperature", "0", &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "layout_temperature"));
    assert_int_equal(sn_layout_opts_set(&o, "layout_speed", "1", &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "layout_speed"));
    /* good ones */
    assert_int_equal(sn_layout_opts_set(&o, "layout_grid", "on", &err), SN_OK);
    assert_int_equal(o.grid, SN_LAYOUT_GRID_ON);
    assert_string_equal(sn_layout_grid_name(o.grid), "on");
    assert_int_equal(sn_layout_opts_set(&o, "layout_iterations", "20", &err), SN_OK);
    assert_int_equal(o.iterations, 20);
    assert_int_equal(sn_layout_opts_set(&o, "layout_weighted", NULL, &err), SN_OK);
    assert_int_equal(o.weighted, 1);
    assert_int_equal(sn_layout_opts_set(&o, "layout_seed", "77", &err), SN_OK);
    assert_true(o.seed == 77);

    /* options set by hand out of range, and a partition of another network */
    two_orgs(5, 1);
    sn_net net;
    build(&net, 0);
    sn_layout l;
    sn_layout_opts_init(&o);
    o.iterations = -3;
    assert_int_equal(sn_layout_compute(&net, NULL, &o, &l, &err), SN_EINPUT);
    assert_non_null(strstr(err.msg, "layout_iterations"));
    sn_layout_opts_init(&o);
    o.restart_temperature = NAN;
    assert_int_equal(sn_layout_compute(&net, NULL, &o, &l, &err), SN_EINPUT);
    assert_non_null(strstr(err.msg, "layout_restart_temperature"));
    sn_layout_opts_init(&o);
    uint32_t groups[3] = {0, 1, 0};
    sn_partition p;
    assert_int_equal(sn_partition_from_groups(3, groups, &p, &err), SN_OK);
    assert_int_equal(sn_layout_compute(&net, &p, &o, &l, &err), SN_EINPUT);
    assert_int_equal(l.n_nodes, 0);
    sn_layout_free(&l);
    sn_partition_free(&p);
    sn_net_free(&net);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The cost on a region (SN_LAYOUT_REGION=folder): printed, not asserted. */
static void test_region_cost(void **state)
{
    (void)state;
    const char *dir = getenv("SN_LAYOUT_REGION");
    if (!dir || !dir[0])
        skip();
    sn_diag d;
    sn_diag_init(&d, stderr);
    sn_ingest_opts io;
    memset(&io, 0, sizeof io);
    sn_source src = {dir, SN_INPUT_AUTO};
    sn_err err;
    if (sn_ingest(&st, &src, 1, &io, &d, &err) != SN_OK)
        fail_msg("%s", err.msg);
    sn_net net;
    build(&net, 0);
    sn_partition p;
    org_partition(&net, &p);
    sn_layout_opts o;
    sn_layout_opts_init(&o);
    sn_layout l, again;
    double t0 = seconds();
    lay_out(&net, &p, &o, &l);
    double t1 = seconds();
    o.previous = &l;
    lay_out(&net, &p, &o, &again);
    double t2 = seconds();
    assert_finite(&l);
    printf("layout of %zu contacts: %u nodes, %zu ties, %u groups, %ld iterations, grid %s: "
           "%.3f s fresh, %.3f s from the previous layout\n",
           st.n, net.n_nodes, net.n_ties, p.n_groups, o.iterations,
           net.n_nodes > 1000 ? "on" : "off", t1 - t0, t2 - t1);
    sn_layout_free(&l);
    sn_layout_free(&again);
    sn_partition_free(&p);
    sn_net_free(&net);
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_deterministic_for_a_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions_finite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disconnected_groups_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_pull_keeps_groups_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_previous_layout_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_network, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_options_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_region_cost, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
