/*
 * test_cases.c - the event index (cases) and the case measures on hand-built
 * stores: BTI levels, transfers and ping-pong inside and outside the window,
 * hand-off patterns, care density on a tiny patient-sharing example and
 * co-serving without contact. Every expected value is worked out by hand in
 * the comments.
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

#include "samnett/cases.h"
#include "samnett/events.h"
#include "samnett/net.h"
#include "samnett/store.h"

#define DAY 86400

/* The case id (intern id + 1) for a name. */
static uint32_t case_of(const char *name)
{
    uint32_t id;
    assert_int_equal(sn_intern_add(st.cases, name, strlen(name), &id), SN_OK);
    return id + 1;
}

static void contact(int64_t t, uint32_t from, uint32_t to, uint8_t ch, uint32_t cs)
{
    assert_int_equal(sn_store_contact_add(&st, t, from, to, ch, cs, 0, 1.0f), SN_OK);
}

typedef struct run {
    sn_events ev;
    sn_net net;
    sn_cases cs;
} run;

static void compute(run *r, const sn_view_opts *vo, const sn_cases_opts *co)
{
    sn_err err;
    if (sn_events_build(&st, &r->ev, &err) != SN_OK)
        fail_msg("sn_events_build: %s", err.msg);
    if (sn_net_build(&st, vo, &r->net, &err) != SN_OK)
        fail_msg("sn_net_build: %s", err.msg);
    if (sn_cases_compute(&r->net, &r->ev, co, &r->cs, &err) != SN_OK)
        fail_msg("sn_cases_compute: %s", err.msg);
}

static void release(run *r)
{
    sn_cases_free(&r->cs);
    sn_net_free(&r->net);
    sn_events_free(&r->ev);
}

static const sn_case_stats *stats(const run *r, const char *name)
{
    int64_t id = sn_intern_find(st.cases, name, strlen(name));
    assert_true(id >= 0);
    return &r->cs.cases[id];
}

/*
 * The pathway world. Services are (organisation, unit):
 *   g1  L (legekontor) / F        -> service L/F
 *   h1  H (sykehus) / Med         -> H/Med
 *   h2  H / Akutt                 -> H/Akutt
 *   h3  H / Med                   -> H/Med (same service as h1)
 *   m1  K (kommune) / HJSP        -> K/HJSP
 *   m2  K / TILD                  -> K/TILD
 *   m3  K / HJSP                  -> K/HJSP
 *   x1  no organisation           -> a service and organisation of its own
 */
enum { G1, H1, H2, H3, M1, M2, M3, X1 };

static void build_pathways(void)
{
    assert_int_equal(add_actor("g1", "L", "F"), G1);
    assert_int_equal(add_actor("h1", "H", "Med"), H1);
    assert_int_equal(add_actor("h2", "H", "Akutt"), H2);
    assert_int_equal(add_actor("h3", "H", "Med"), H3);
    assert_int_equal(add_actor("m1", "K", "HJSP"), M1);
    assert_int_equal(add_actor("m2", "K", "TILD"), M2);
    assert_int_equal(add_actor("m3", "K", "HJSP"), M3);
    assert_int_equal(add_actor("x1", "", ""), X1);
    uint32_t c1 = case_of("single"), c2 = case_of("chain"), c3 = case_of("pingpong"),
             c4 = case_of("late"), c5 = case_of("pooled"), c6 = case_of("sametime"),
             c7 = case_of("alone");
    /* rows are added out of time order on purpose; the index sorts each case */
    contact(200, M3, M1, SN_CH_E_MESSAGE, c1);
    contact(100, M1, M3, SN_CH_E_MESSAGE, c1);
    contact(100, M2, M1, SN_CH_E_MESSAGE, c2);
    contact(200, M1, G1, SN_CH_E_MESSAGE, c2);
    contact(15 * DAY, H1, G1, SN_CH_DISCHARGE, c3);
    contact(0, G1, H1, SN_CH_REFERRAL, c3);
    contact(5 * DAY, H1, G1, SN_CH_DISCHARGE, c3);
    contact(10 * DAY, M1, H2, SN_CH_REFERRAL, c3);
    contact(0, G1, H1, SN_CH_REFERRAL, c4);
    contact(2 * DAY, H1, G1, SN_CH_DISCHARGE, c4);
    contact(40 * DAY, G1, H1, SN_CH_REFERRAL, c4);
    contact(1, M1, M3, SN_CH_PHONE, c5);
    contact(2, H1, H3, SN_CH_PHONE, c5);
    contact(1000, G1, H1, SN_CH_REFERRAL, c6);
    contact(1000, H1, G1, SN_CH_DISCHARGE, c6);
    contact(1000, G1, H1, SN_CH_REFERRAL, c6);
    contact(5, X1, X1, SN_CH_PHONE, c7);
    /* a contact without a case */
    contact(7, M1, H1, SN_CH_PHONE, 0);
}

/* Case rows come back in time order; equal times keep row order. */
static void test_case_index(void **state)
{
    (void)state;
    build_pathways();
    sn_events ev;
    sn_err err;
    assert_int_equal(sn_events_build(&st, &ev, &err), SN_OK);
    assert_int_equal(ev.n_cases, 7);
    size_t n;
    /* "pingpong" is case 2: rows 4 (t=15d), 5 (t=0), 6 (t=5d), 7 (t=10d) -> 5, 6, 7, 4 */
    const uint32_t *r = sn_events_case(&ev, 2, &n);
    assert_string_equal(sn_events_case_id(&ev, 2), "pingpong");
    assert_int_equal(n, 4);
    assert_int_equal(r[0], 5);
    assert_int_equal(r[1], 6);
    assert_int_equal(r[2], 7);
    assert_int_equal(r[3], 4);
    /* "sametime": rows 13, 14, 15 all at t=1000 stay in row order */
    r = sn_events_case(&ev, 5, &n);
    assert_int_equal(n, 3);
    assert_int_equal(r[0], 13);
    assert_int_equal(r[1], 14);
    assert_int_equal(r[2], 15);
    /* the case-less row 17 is in no case: 17 case rows in all */
    assert_int_equal(ev.case_start[ev.n_cases], 17);
    assert_int_equal(ev.n_meetings, 0);
    sn_events_free(&ev);
}

static void test_pathways(void **state)
{
    (void)state;
    build_pathways();
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    run r;
    compute(&r, &vo, NULL);
    const sn_case_stats *s;

    /* single: m1 <-> m3, both K/HJSP: 1 service, 1 organisation, BTI 1, single,
       2 providers, no transfers */
    s = stats(&r, "single");
    assert_int_equal(s->contacts, 2);
    assert_int_equal(s->providers, 2);
    assert_int_equal(s->services, 1);
    assert_int_equal(s->organisations, 1);
    assert_int_equal(s->bti, 1);
    assert_int_equal(s->handoff, SN_HANDOFF_SINGLE);
    assert_int_equal(s->transfers, 0);
    assert_int_equal(s->pingpongs, 0);

    /* chain: m2 -> m1 -> g1: services K/TILD, K/HJSP, L/F = 3 (BTI 3); organisations K, L
       = 2; hand-offs TILD->HJSP, HJSP->F, never back: sequential; e-messages: no transfer */
    s = stats(&r, "chain");
    assert_int_equal(s->services, 3);
    assert_int_equal(s->organisations, 2);
    assert_int_equal(s->bti, 3);
    assert_int_equal(s->handoff, SN_HANDOFF_SEQUENTIAL);
    assert_int_equal(s->transfers, 0);

    /* pingpong, in time order: T0 g1->h1 referral d0 (L->H), T1 h1->g1 discharge d5 (H->L),
       T2 m1->h2 referral d10 (K->H), T3 h1->g1 discharge d15 (H->L).
       T0 is the case's entry and starts nothing. T1 H->L is followed by T2 into H after
       5 days <= 30: one ping-pong. T2 K->H is followed by T3 into L, not K: none.
       Services L/F, H/Med, K/HJSP, H/Akutt = 4 -> BTI 3; F<->Med both ways: reciprocal. */
    s = stats(&r, "pingpong");
    assert_int_equal(s->transfers, 4);
    assert_int_equal(s->pingpongs, 1);
    assert_int_equal(s->services, 4);
    assert_int_equal(s->organisations, 3);
    assert_int_equal(s->bti, 3);
    assert_int_equal(s->handoff, SN_HANDOFF_RECIPROCAL);
    assert_int_equal(s->first, 0);
    assert_int_equal(s->last, 15 * DAY);

    /* late: T0 L->H d0, T1 H->L d2, T2 L->H d40. T1 is followed by T2 into H, but after
       38 days > 30: no ping-pong. BTI 2 (L/F, H/Med), reciprocal. */
    s = stats(&r, "late");
    assert_int_equal(s->transfers, 3);
    assert_int_equal(s->pingpongs, 0);
    assert_int_equal(s->bti, 2);
    assert_int_equal(s->handoff, SN_HANDOFF_RECIPROCAL);

    /* pooled: m1 -> m3 inside K/HJSP and h1 -> h3 inside H/Med: two services, no contact
       between them. 4 providers, 2 organisations, BTI 2. */
    s = stats(&r, "pooled");
    assert_int_equal(s->services, 2);
    assert_int_equal(s->providers, 4);
    assert_int_equal(s->bti, 2);
    assert_int_equal(s->handoff, SN_HANDOFF_POOLED);

    /* sametime: three transfers at t=1000 in row order: T0 L->H, T1 H->L, T2 L->H.
       T1 is followed by T2 into H after 0 s <= 30 days: one ping-pong. */
    s = stats(&r, "sametime");
    assert_int_equal(s->transfers, 3);
    assert_int_equal(s->pingpongs, 1);

    /* alone: one self-contact of x1 (no organisation): 1 provider, 1 service of its own,
       BTI 1, single, no care density (fewer than two providers). */
    s = stats(&r, "alone");
    assert_int_equal(s->providers, 1);
    assert_int_equal(s->services, 1);
    assert_int_equal(s->organisations, 1);
    assert_int_equal(s->bti, 1);
    assert_int_equal(s->handoff, SN_HANDOFF_SINGLE);
    assert_true(isnan(s->care_density));

    /* totals: 7 cases; BTI 1: single, alone; 2: late, pooled, sametime (L/F, H/Med);
       3: chain, pingpong */
    assert_int_equal(r.cs.active, 7);
    assert_int_equal(r.cs.bti[1], 2);
    assert_int_equal(r.cs.bti[2], 3);
    assert_int_equal(r.cs.bti[3], 2);
    /* single: single, alone; pooled: pooled; sequential: chain;
       reciprocal: pingpong, late, sametime */
    assert_int_equal(r.cs.handoff[SN_HANDOFF_SINGLE], 2);
    assert_int_equal(r.cs.handoff[SN_HANDOFF_POOLED], 1);
    assert_int_equal(r.cs.handoff[SN_HANDOFF_SEQUENTIAL], 1);
    assert_int_equal(r.cs.handoff[SN_HANDOFF_RECIPROCAL], 3);
    /* transfers 4 + 3 + 3 = 10 in 3 cases; ping-pongs 1 + 1 = 2 in 2 cases */
    assert_int_equal(r.cs.transfers, 10);
    assert_int_equal(r.cs.cases_with_transfers, 3);
    assert_int_equal(r.cs.pingpongs, 2);
    assert_int_equal(r.cs.cases_with_pingpong, 2);
    release(&r);
}

static void test_pingpong_options(void **state)
{
    (void)state;
    build_pathways();
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    sn_cases_opts co;
    sn_cases_opts_init(&co);
    run r;

    /* A 40-day window: "late" T1 H->L d2 is followed by T2 into H at d40 (38 days): 1.
       "pingpong" and "sametime" keep 1 each. */
    co.pingpong_window = 40 * DAY;
    compute(&r, &vo, &co);
    assert_int_equal(stats(&r, "late")->pingpongs, 1);
    assert_int_equal(stats(&r, "pingpong")->pingpongs, 1);
    assert_int_equal(r.cs.pingpongs, 3);
    release(&r);

    /* pingpong_first: the entry may start one too. "pingpong" T0 L->H, T1 into L after
       5 days: +1 = 2. "late" T0 L->H, T1 into L after 2 days: +1 = 1. "sametime" T0 L->H,
       T1 into L at once: +1 = 2. */
    sn_cases_opts_init(&co);
    co.pingpong_first = 1;
    compute(&r, &vo, &co);
    assert_int_equal(stats(&r, "pingpong")->pingpongs, 2);
    assert_int_equal(stats(&r, "late")->pingpongs, 1);
    assert_int_equal(stats(&r, "sametime")->pingpongs, 2);
    release(&r);

    /* Only discharge transfers: "pingpong" has T1 H->L d5, T3 H->L d15; T1 is the first and
       the next goes into L, not H: 0 ping-pongs, 2 transfers. */
    sn_cases_opts_init(&co);
    co.has_transfer_channels = 1;
    co.transfer_channels[SN_CH_DISCHARGE] = 1;
    compute(&r, &vo, &co);
    assert_int_equal(stats(&r, "pingpong")->transfers, 2);
    assert_int_equal(stats(&r, "pingpong")->pingpongs, 0);
    release(&r);

    /* The view's time window applies: since day 8 keeps "pingpong" T2 (d10) and T3 (d15)
       only: T2 is now the first transfer; no ping-pong. "late" keeps T2 only. Cases with
       no contact after day 8 (single, chain, pooled, sametime, alone) are not active. */
    sn_cases_opts_init(&co);
    vo.has_since = 1;
    vo.since = 8 * DAY;
    compute(&r, &vo, &co);
    assert_int_equal(stats(&r, "pingpong")->transfers, 2);
    assert_int_equal(stats(&r, "pingpong")->pingpongs, 0);
    assert_int_equal(stats(&r, "late")->transfers, 1);
    assert_int_equal(stats(&r, "single")->bti, 0);
    assert_int_equal(stats(&r, "single")->handoff, SN_HANDOFF_NONE);
    assert_int_equal(r.cs.active, 2);
    release(&r);
}

/*
 * Patient sharing. Actors (organisation/unit): p1 O1/U1, p2 O1/U2, p3 O2/U3, p4 O3/U4,
 * p5 O3/U4. Cases and their providers at the actor level:
 *   A: p1->p2, p2->p3    {p1, p2, p3}
 *   B: p1->p2            {p1, p2}
 *   E: p3->p2, p2->p1    {p1, p2, p3}
 *   F: p4->p4 (self)     {p4}
 *   G: p4->p5            {p4, p5}
 * Shared cases: w(p1,p2) = |{A,B,E}| = 3, w(p2,p3) = |{A,E}| = 2, w(p1,p3) = |{A,E}| = 2,
 * w(p4,p5) = |{G}| = 1.
 * Care density: A = (3 + 2 + 2) / 3 = 7/3; B = 3 / 1 = 3; E = 7/3; F none (one provider);
 * G = 1 / 1 = 1.
 * Ties: p1->p2, p2->p3, p3->p2, p2->p1, p4->p5. p1 and p3 share 2 cases with no tie.
 */
enum { P1, P2, P3, P4, P5 };

static void build_sharing(void)
{
    assert_int_equal(add_actor("p1", "O1", "U1"), P1);
    assert_int_equal(add_actor("p2", "O1", "U2"), P2);
    assert_int_equal(add_actor("p3", "O2", "U3"), P3);
    assert_int_equal(add_actor("p4", "O3", "U4"), P4);
    assert_int_equal(add_actor("p5", "O3", "U4"), P5);
    uint32_t a = case_of("A"), b = case_of("B"), e = case_of("E"), f = case_of("F"),
             g = case_of("G");
    contact(1, P1, P2, SN_CH_E_MESSAGE, a);
    contact(2, P2, P3, SN_CH_E_MESSAGE, a);
    contact(3, P1, P2, SN_CH_PHONE, b);
    contact(4, P3, P2, SN_CH_E_MESSAGE, e);
    contact(5, P2, P1, SN_CH_E_MESSAGE, e);
    contact(6, P4, P4, SN_CH_PHONE, f);
    contact(7, P4, P5, SN_CH_PHONE, g);
}

static void test_care_density(void **state)
{
    (void)state;
    build_sharing();
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    run r;
    compute(&r, &vo, NULL);
    assert_near(stats(&r, "A")->care_density, 7.0 / 3, 1e-12);
    assert_near(stats(&r, "B")->care_density, 3, 1e-12);
    assert_near(stats(&r, "E")->care_density, 7.0 / 3, 1e-12);
    assert_true(isnan(stats(&r, "F")->care_density));
    assert_near(stats(&r, "G")->care_density, 1, 1e-12);
    /* 4 values sorted 1, 7/3, 7/3, 3: mean (1 + 14/3 + 3) / 4 = 13/6; median (7/3 + 7/3) / 2
       = 7/3; p10 at position 0.3: 1 + 0.3 (7/3 - 1) = 1.4; p90 at 2.7: 7/3 + 0.7 (3 - 7/3)
       = 7/3 + 0.7 * 2/3 */
    assert_int_equal(r.cs.density_cases, 4);
    assert_near(r.cs.density.mean, 13.0 / 6, 1e-12);
    assert_near(r.cs.density.median, 7.0 / 3, 1e-12);
    assert_near(r.cs.density.p10, 1.4, 1e-12);
    assert_near(r.cs.density.p90, 7.0 / 3 + 0.7 * 2 / 3, 1e-12);
    assert_near(r.cs.density.min, 1, 0);
    assert_near(r.cs.density.max, 3, 0);
    /* provider pairs sharing a case: (p1,p2), (p1,p3), (p2,p3), (p4,p5) */
    assert_int_equal(r.cs.shared_pairs, 4);
    /* co-serving without contact: only (p1, p3), 2 cases, across O1 / O2 */
    assert_int_equal(r.cs.n_co, 1);
    assert_int_equal(r.cs.co[0].a, P1);
    assert_int_equal(r.cs.co[0].b, P3);
    assert_int_equal(r.cs.co[0].cases, 2);
    assert_int_equal(r.cs.n_co_cross, 1);
    /* BTI: A {O1/U1, O1/U2, O2/U3} 3; B {O1/U1, O1/U2} 2; E 3; F {O3/U4} 1; G {O3/U4} 1 */
    assert_int_equal(r.cs.bti[1], 2);
    assert_int_equal(r.cs.bti[2], 1);
    assert_int_equal(r.cs.bti[3], 2);
    /* G: p4 -> p5 inside one service: single */
    assert_int_equal(stats(&r, "G")->handoff, SN_HANDOFF_SINGLE);
    release(&r);

    /* co_serving_min 3: (p1,p2) shares 3 cases but has ties: none */
    sn_cases_opts co;
    sn_cases_opts_init(&co);
    co.co_serving_min = 3;
    compute(&r, &vo, &co);
    assert_int_equal(r.cs.n_co, 0);
    release(&r);

    /* max_providers 2: A and E (3 providers) stay out of the projection: w(p1,p2) = 1 (B),
       w(p4,p5) = 1; B = 1, G = 1; A and E have no density and count as large. */
    sn_cases_opts_init(&co);
    co.max_providers = 2;
    compute(&r, &vo, &co);
    assert_int_equal(r.cs.large_cases, 2);
    assert_true(isnan(stats(&r, "A")->care_density));
    assert_near(stats(&r, "B")->care_density, 1, 1e-12);
    assert_int_equal(r.cs.density_cases, 2);
    release(&r);
}

/*
 * At the organisation level the providers are O1 (p1, p2), O2 (p3), O3 (p4, p5):
 * A {O1, O2}, B {O1}, E {O1, O2}, F {O3}, G {O3}. w(O1,O2) = 2 (A, E), so A and E have
 * density 2 / 1 = 2; B, F and G have one provider. The tie O1 -> O2 (p2 -> p3) exists:
 * no co-serving pair. Services do not depend on the level (BTI as before).
 */
static void test_care_density_org_level(void **state)
{
    (void)state;
    build_sharing();
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    vo.level = SN_LEVEL_ORGANISATION;
    run r;
    compute(&r, &vo, NULL);
    assert_int_equal(stats(&r, "A")->providers, 2);
    assert_int_equal(stats(&r, "B")->providers, 1);
    assert_near(stats(&r, "A")->care_density, 2, 1e-12);
    assert_near(stats(&r, "E")->care_density, 2, 1e-12);
    assert_true(isnan(stats(&r, "B")->care_density));
    assert_int_equal(r.cs.density_cases, 2);
    assert_int_equal(r.cs.n_co, 0);
    assert_int_equal(r.cs.bti[3], 2);
    assert_int_equal(r.cs.level, SN_LEVEL_ORGANISATION);
    release(&r);
}

/* Summaries interpolate like numpy's default percentile. */
static void test_summary(void **state)
{
    (void)state;
    double v[] = {4, 1, 3, 2, 10};
    sn_summary s;
    sn_summarize(v, 5, &s);
    /* sorted 1 2 3 4 10: mean 4, median 3, p25 at 1.0 = 2, p75 at 3.0 = 4,
       p10 at 0.4 = 1.4, p90 at 3.6 = 4 + 0.6 * 6 = 7.6 */
    assert_near(s.mean, 4, 1e-12);
    assert_near(s.median, 3, 1e-12);
    assert_near(s.p25, 2, 1e-12);
    assert_near(s.p75, 4, 1e-12);
    assert_near(s.p10, 1.4, 1e-12);
    assert_near(s.p90, 7.6, 1e-12);
    sn_summarize(v, 0, &s);
    assert_true(isnan(s.mean) && isnan(s.median));
    double one = 5;
    sn_summarize(&one, 1, &s);
    assert_near(s.p10, 5, 0);
    assert_near(s.p90, 5, 0);
}

/* A store with no cases: an empty index and no case measures. */
static void test_no_cases(void **state)
{
    (void)state;
    uint32_t a = add_actor("a", "O", "U"), b = add_actor("b", "O", "V");
    contact(1, a, b, SN_CH_PHONE, 0);
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    run r;
    compute(&r, &vo, NULL);
    assert_int_equal(r.cs.n_cases, 0);
    assert_int_equal(r.cs.active, 0);
    assert_int_equal(r.cs.n_co, 0);
    assert_true(isnan(r.cs.density.mean));
    release(&r);
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_case_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pathways, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pingpong_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_care_density, setup, teardown),
        cmocka_unit_test_setup_teardown(test_care_density_org_level, setup, teardown),
        cmocka_unit_test(test_summary),
        cmocka_unit_test_setup_teardown(test_no_cases, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
