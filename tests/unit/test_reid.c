/*
 * test_reid.c - the re-identification check of a shared report
 * (sn_analysis_privacy): the degree bands, the count of actors unique by
 * (type, organisation, degree band) on a hand-built network whose answer is
 * counted by hand, the degrees and strengths coarsened above the threshold,
 * the strengths rounded to 5 below it, persons among the groups above the
 * actor level, the time windows' columns, and nothing at all under the
 * internal profile.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "samnett/analysis.h"
#include "fixture.h"

static void set_type(uint32_t actor, const char *type)
{
    uint32_t t;
    assert_int_equal(sn_store_string(&st, type, strlen(type), &t), SN_OK);
    st.actors[actor].attr[SN_ATTR_TYPE] = t;
}

static void contacts(uint32_t from, uint32_t to, int n)
{
    static int64_t t = 1704067200;
    for (int i = 0; i < n; i++)
        assert_int_equal(sn_store_contact_add(&st, t += 60, from, to, SN_CH_PHONE, 0, 0, 1.0f),
                         SN_OK);
}

/*
 * O1: a, b, c (type lege), d (sykepleier); O2: e, f (lege). Units: a, b in U1;
 * c, d in U2; e in U3; f in U4.
 * a->b 2, b->a 1, a->c 7, c->d 1, e->f 12.
 * Degrees (in + out): a 3 (band 3-4), b 2, c 2, d 1, e 1, f 1 (band 1-2).
 * Groups: (lege, O1, 3-4) {a}; (lege, O1, 1-2) {b, c}; (sykepleier, O1, 1-2)
 * {d}; (lege, O2, 1-2) {e, f}: 2 of 6 actors unique.
 */
static uint32_t a, b, c, d, e, f;
static void build(void)
{
    a = add_actor("a", "O1", "U1");
    b = add_actor("b", "O1", "U1");
    c = add_actor("c", "O1", "U2");
    d = add_actor("d", "O1", "U2");
    e = add_actor("e", "O2", "U3");
    f = add_actor("f", "O2", "U4");
    set_type(a, "lege");
    set_type(b, "lege");
    set_type(c, "lege");
    set_type(d, "sykepleier");
    set_type(e, "lege");
    set_type(f, "lege");
    contacts(a, b, 2);
    contacts(b, a, 1);
    contacts(a, c, 7);
    contacts(c, d, 1);
    contacts(e, f, 12);
}

static void run(sn_level level, sn_analysis *an)
{
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    ao.view.level = level;
    sn_err err = {0};
    assert_int_equal(sn_analysis_run(&st, &ao, an, &err), SN_OK);
}

static uint32_t node(const sn_analysis *an, const char *label)
{
    int64_t v = sn_intern_find(an->net.labels, label, strlen(label));
    assert_true(v >= 0);
    return (uint32_t)v;
}

static void test_bands(void **state)
{
    (void)state;
    const double deg[] = {0, 1, 2, 3, 4, 5, 9, 10, 19, 20, 49, 50, 99, 100, 12345};
    const int band[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7};
    const double floor_[] = {0, 1, 1, 3, 3, 5, 5, 10, 10, 20, 20, 50, 50, 100, 100};
    for (size_t i = 0; i < sizeof deg / sizeof deg[0]; i++) {
        assert_int_equal(sn_analysis_reid_band(deg[i]), band[i]);
        assert_near(sn_analysis_reid_floor(deg[i]), floor_[i], 0);
    }
}

static void test_coarsened(void **state)
{
    (void)state;
    build();
    sn_analysis an;
    run(SN_LEVEL_ACTOR, &an);
    sn_privacy p = {.profile = SN_PRIVACY_SHARED, .min_cell = 3};
    sn_err err = {0};
    assert_int_equal(sn_analysis_privacy(&an, &st, &p, &err), SN_OK);
    assert_int_equal(p.reid_checked, 1);
    assert_int_equal(p.reid_actors, 6);
    assert_int_equal(p.reid_unique, 2);
    assert_near(p.reid_threshold, 0.05, 0);
    assert_int_equal(p.reid_coarsened, 1);
    const sn_node_metrics *m = &an.metrics.node;
    uint32_t va = node(&an, "a"), ve = node(&an, "e"), vf = node(&an, "f"), vc = node(&an, "c");
    assert_near(m->degree_out[va], 1, 0); /* 2: band 1-2 */
    assert_near(m->degree_in[va], 1, 0);
    assert_near(m->strength_out[va], 0, 0);  /* 9 rounded down to 10s */
    assert_near(m->strength_out[ve], 10, 0); /* 12 */
    assert_near(m->strength_in[vf], 10, 0);
    assert_near(m->strength_in[vc], 0, 0); /* 7 */
    sn_analysis_free(&an);
}

static void test_below_threshold(void **state)
{
    (void)state;
    build();
    sn_analysis an;
    run(SN_LEVEL_ACTOR, &an);
    sn_privacy p = {.profile = SN_PRIVACY_SHARED, .min_cell = 3, .reid_threshold = 0.5};
    sn_err err = {0};
    assert_int_equal(sn_analysis_privacy(&an, &st, &p, &err), SN_OK);
    assert_int_equal(p.reid_unique, 2);
    assert_int_equal(p.reid_coarsened, 0); /* 2/6 is not above 0.5 */
    const sn_node_metrics *m = &an.metrics.node;
    uint32_t va = node(&an, "a"), ve = node(&an, "e"), vc = node(&an, "c");
    assert_near(m->degree_out[va], 2, 0);   /* degrees as they are */
    assert_near(m->strength_out[va], 5, 0); /* 9 rounded down to 5s */
    assert_near(m->strength_out[ve], 10, 0);
    assert_near(m->strength_in[vc], 5, 0);  /* 7 */
    assert_near(m->strength_out[vc], 0, 0); /* 1 */
    sn_analysis_free(&an);
}

/* At the unit level the persons are the units of one actor: e and f, not unique. */
static void test_unit_level(void **state)
{
    (void)state;
    build();
    sn_analysis an;
    run(SN_LEVEL_UNIT, &an);
    sn_privacy p = {.profile = SN_PRIVACY_SHARED, .min_cell = 3};
    sn_err err = {0};
    assert_int_equal(sn_analysis_privacy(&an, &st, &p, &err), SN_OK);
    assert_int_equal(p.reid_checked, 1);
    assert_int_equal(p.reid_actors, 2);
    assert_int_equal(p.reid_unique, 0);
    assert_int_equal(p.reid_coarsened, 0);
    assert_near(an.metrics.node.strength_out[node(&an, "O2 / U3")], 10, 0);
    assert_near(an.metrics.node.strength_out[node(&an, "O1 / U1")], 5, 0); /* a->c 7 */
    sn_analysis_free(&an);
}

/* The time windows' degree and strength columns are coarsened as the network's. */
static void test_windows(void **state)
{
    (void)state;
    build();
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    assert_int_equal(sn_span_parse("month", &ao.temporal.window), SN_OK);
    ao.temporal.has_window = 1;
    ao.temporal.window_metrics = SN_WM_DEGREE | SN_WM_STRENGTH;
    sn_analysis an;
    sn_err err = {0};
    assert_int_equal(sn_analysis_run(&st, &ao, &an, &err), SN_OK);
    sn_privacy p = {.profile = SN_PRIVACY_SHARED, .min_cell = 3};
    assert_int_equal(sn_analysis_privacy(&an, &st, &p, &err), SN_OK);
    assert_int_equal(p.reid_coarsened, 1);
    const sn_temporal *t = &an.temporal;
    assert_true(t->n_windows >= 1);
    int c_deg = -1, c_str = -1;
    for (int k = 0; k < t->n_metric_columns; k++) {
        if (strcmp(t->metric_columns[k], "degree_out") == 0)
            c_deg = k;
        if (strcmp(t->metric_columns[k], "strength_out") == 0)
            c_str = k;
    }
    assert_true(c_deg >= 0 && c_str >= 0);
    const sn_window *w = &t->windows[0]; /* every contact is in the first month */
    uint32_t va = node(&an, "a"), ve = node(&an, "e");
    int seen = 0;
    for (uint32_t i = 0; i < w->n_active; i++) {
        const double *row = w->values + (size_t)i * (size_t)t->n_metric_columns;
        if (w->active[i] == va) {
            assert_near(row[c_deg], 1, 0); /* 2: band 1-2 */
            assert_near(row[c_str], 0, 0); /* 9 */
            seen++;
        }
        if (w->active[i] == ve) {
            assert_near(row[c_str], 10, 0); /* 12 */
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    sn_analysis_free(&an);
}

static void test_internal(void **state)
{
    (void)state;
    build();
    sn_analysis an;
    run(SN_LEVEL_ACTOR, &an);
    sn_privacy p = {.profile = SN_PRIVACY_INTERNAL, .min_cell = 3};
    sn_err err = {0};
    assert_int_equal(sn_analysis_privacy(&an, &st, &p, &err), SN_OK);
    assert_int_equal(sn_analysis_privacy(&an, &st, NULL, &err), SN_OK);
    assert_int_equal(p.reid_checked, 0);
    assert_near(an.metrics.node.strength_out[node(&an, "a")], 9, 0);
    assert_near(an.metrics.node.degree_out[node(&an, "a")], 2, 0);
    sn_analysis_free(&an);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bands),
        cmocka_unit_test_setup_teardown(test_coarsened, setup, teardown),
        cmocka_unit_test_setup_teardown(test_below_threshold, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unit_level, setup, teardown),
        cmocka_unit_test_setup_teardown(test_windows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_internal, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
