/*
 * test_meetings.c - the meeting index, the meeting modes of the network view
 * (rows, project, off) and recurring series with the persistence of the ties
 * formed at them, on hand-built stores. Expected values are worked out by
 * hand in the comments.
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

#include "samnett/events.h"
#include "samnett/meetings.h"
#include "samnett/net.h"
#include "samnett/store.h"

#define DAY 86400

static uint32_t meeting_of(const char *name)
{
    uint32_t id;
    assert_int_equal(sn_intern_add(st.meetings, name, strlen(name), &id), SN_OK);
    return id + 1;
}

static void row(int64_t t, uint32_t from, uint32_t to, uint8_t ch, uint32_t m, float w)
{
    assert_int_equal(sn_store_contact_add(&st, t, from, to, ch, 0, m, w), SN_OK);
}

/* ------------------------------------------------------------------------ */
/* The index and the projection                                             */

enum { A, B, C, D, E };

/*
 * a, b: O1/U1; c: O1/U2; d: O2/U3; e: O2/U3.
 *   row 0  t=50  a -> b  phone, no meeting, weight 1
 *   row 1  t=100 a -> b  meeting "k2", weight 4                  (k = 2)
 *   row 2  t=200 a -> b  meeting "k4", weight 1
 *   row 3  t=200 a -> c  meeting "k4", weight 2
 *   row 4  t=190 b -> d  video "k4", weight 3                    (k = 4: a, b, c, d)
 *   row 5  t=300 e -> e  meeting "solo" (one participant)
 *   row 6  t=400 c -> d  meeting "tie", weight 1
 *   row 7  t=400 d -> c  meeting "tie", weight 1
 */
static void build_world(void)
{
    assert_int_equal(add_actor("a", "O1", "U1"), A);
    assert_int_equal(add_actor("b", "O1", "U1"), B);
    assert_int_equal(add_actor("c", "O1", "U2"), C);
    assert_int_equal(add_actor("d", "O2", "U3"), D);
    assert_int_equal(add_actor("e", "O2", "U3"), E);
    uint32_t k2 = meeting_of("k2"), k4 = meeting_of("k4"), solo = meeting_of("solo"),
             tie = meeting_of("tie");
    row(50, A, B, SN_CH_PHONE, 0, 1);
    row(100, A, B, SN_CH_MEETING, k2, 4);
    row(200, A, B, SN_CH_MEETING, k4, 1);
    row(200, A, C, SN_CH_MEETING, k4, 2);
    row(190, B, D, SN_CH_VIDEO, k4, 3);
    row(300, E, E, SN_CH_MEETING, solo, 1);
    row(400, C, D, SN_CH_MEETING, tie, 1);
    row(400, D, C, SN_CH_MEETING, tie, 1);
}

static void test_meeting_index(void **state)
{
    (void)state;
    build_world();
    sn_events ev;
    sn_err err;
    assert_int_equal(sn_events_build(&st, &ev, &err), SN_OK);
    assert_int_equal(ev.n_meetings, 4);
    size_t n;
    /* k4 (meeting 1): rows 2, 3, 4; participants a, b, c, d; time 190 (earliest row);
       channel meeting (2 rows) over video (1); organiser a (2 rows from a, 1 from b) */
    const uint32_t *r = sn_events_meeting(&ev, 1, &n);
    assert_int_equal(n, 3);
    assert_int_equal(r[0], 2);
    assert_int_equal(r[2], 4);
    const uint32_t *p = sn_events_participants(&ev, 1, &n);
    assert_int_equal(n, 4);
    assert_int_equal(p[0], A);
    assert_int_equal(p[3], D);
    assert_int_equal(ev.meeting_time[1], 190);
    assert_int_equal(ev.meeting_channel[1], SN_CH_MEETING);
    assert_int_equal(ev.meeting_organiser[1], A);
    assert_string_equal(sn_events_meeting_id(&ev, 1), "k4");
    /* solo: one participant */
    sn_events_participants(&ev, 2, &n);
    assert_int_equal(n, 1);
    /* tie: c -> d and d -> c, one row each: the organiser is the first in row order, c */
    assert_int_equal(ev.meeting_organiser[3], C);
    /* meetings by time: k2 (100), k4 (190), solo (300), tie (400) */
    assert_int_equal(ev.meeting_order[0], 0);
    assert_int_equal(ev.meeting_order[1], 1);
    assert_int_equal(ev.meeting_order[3], 3);
    sn_events_free(&ev);
}

static double tie_contacts(const sn_net *net, uint32_t a, uint32_t b)
{
    int64_t t = sn_net_tie(net, a, b);
    return t < 0 ? 0 : net->tie_contacts[t];
}

static double tie_weight(const sn_net *net, uint32_t a, uint32_t b)
{
    int64_t t = sn_net_tie(net, a, b);
    return t < 0 ? 0 : net->tie_weight[t];
}

static void build(sn_net *net, const sn_view_opts *o)
{
    sn_err err;
    if (sn_net_build(&st, o, net, &err) != SN_OK)
        fail_msg("sn_net_build: %s", err.msg);
}

static void test_projection(void **state)
{
    (void)state;
    build_world();
    sn_view_opts o;
    sn_view_opts_init(&o);
    sn_net net;

    /* rows (default): every row a contact. a->b: rows 0, 1, 2 = 3; a->c 1; b->d 1;
       c->d 1; d->c 1; e->e is a self-contact. */
    build(&net, &o);
    assert_int_equal(net.n_ties, 5);
    assert_near(tie_contacts(&net, A, B), 3, 0);
    assert_near(tie_contacts(&net, B, A), 0, 0);
    assert_int_equal(net.contacts_in_window, 8);
    assert_int_equal(net.self_contacts, 1);
    assert_int_equal(net.meeting_rows, 0);
    sn_net_free(&net);

    /* off: only row 0 is a contact; the 7 meeting rows are left out and counted. */
    o.meetings = SN_MEETINGS_OFF;
    build(&net, &o);
    assert_int_equal(net.n_ties, 1);
    assert_near(tie_contacts(&net, A, B), 1, 0);
    assert_int_equal(net.meeting_rows, 7);
    assert_int_equal(net.contacts_in_window, 8);
    sn_net_free(&net);

    /* project: k2 has k = 2 nodes: 1/(2-1) = 1 contact each way, a->b and b->a.
       k4 has k = 4 (a, b, c, d): every ordered pair 1/3 (12 pairs).
       tie has k = 2: c->d 1 and d->c 1. solo has k = 1: its row stays a self-contact.
         a->b = 1 (row 0) + 1 (k2) + 1/3 (k4) = 7/3      b->a = 1 + 1/3 = 4/3
         c->d = d->c = 1/3 + 1 = 4/3                      other k4 pairs: 1/3
       Ties: a<->b, a<->c, a<->d, b<->c, b<->d, c<->d = 12. A participant's out-contacts
       from k4 add up to 3 * 1/3 = 1. */
    o.meetings = SN_MEETINGS_PROJECT;
    build(&net, &o);
    assert_int_equal(net.n_ties, 12);
    assert_near(tie_contacts(&net, A, B), 7.0 / 3, 1e-12);
    assert_near(tie_contacts(&net, B, A), 4.0 / 3, 1e-12);
    assert_near(tie_contacts(&net, A, C), 1.0 / 3, 1e-12);
    assert_near(tie_contacts(&net, D, A), 1.0 / 3, 1e-12);
    assert_near(tie_contacts(&net, C, D), 4.0 / 3, 1e-12);
    assert_near(tie_contacts(&net, D, C), 4.0 / 3, 1e-12);
    assert_int_equal(net.meetings_projected, 3);
    assert_int_equal(net.meeting_rows, 6); /* k2 1 + k4 3 + tie 2; solo is a self-contact */
    assert_int_equal(net.self_contacts, 1);
    assert_int_equal(net.contacts_in_window, 8);
    /* contacts on ties: 1 + k2 2 + k4 4 + tie 2 = 9 contact-equivalents */
    assert_int_equal(net.contacts_in_ties, 9);
    sn_net_free(&net);

    /* project with summed weights: the pair weight is the mean row weight times 1/(k-1).
       k2: 4 * 1 = 4 each way; k4: mean (1 + 2 + 3) / 3 = 2, times 1/3 = 2/3;
       tie: 1 * 1 = 1. a->b = 1 (row 0) + 4 + 2/3 = 17/3; b->a = 4 + 2/3 = 14/3. */
    o.weight = SN_WEIGHT_SUM;
    build(&net, &o);
    assert_near(tie_weight(&net, A, B), 17.0 / 3, 1e-6);
    assert_near(tie_weight(&net, B, A), 14.0 / 3, 1e-6);
    assert_near(tie_weight(&net, B, C), 2.0 / 3, 1e-6);
    assert_near(tie_contacts(&net, A, B), 7.0 / 3, 1e-12);
    sn_net_free(&net);
    o.weight = SN_WEIGHT_COUNT;

    /* the channel filter applies to the meeting's rows: with meeting and phone only, k4
       keeps rows 2 and 3 (a->b, a->c): participants a, b, c, k = 3, 1/2 per pair; d is not
       a participant. a->b = 1 + 1 + 1/2 = 5/2; c->b = 1/2; no tie a->d. */
    o.has_channels = 1;
    o.channels[SN_CH_MEETING] = o.channels[SN_CH_PHONE] = 1;
    build(&net, &o);
    assert_near(tie_contacts(&net, A, B), 2.5, 1e-12);
    assert_near(tie_contacts(&net, C, B), 0.5, 1e-12);
    assert_true(sn_net_tie(&net, A, D) < 0);
    assert_int_equal(net.contacts_in_window, 7); /* row 4 (video) is filtered out */
    sn_net_free(&net);
    o.has_channels = 0;

    /* min_contacts 2 compares with the fractional contacts: a->b 7/3 stays; c->d and
       d->c (4/3) and the 1/3 pairs go. */
    o.min_contacts = 2;
    build(&net, &o);
    assert_int_equal(net.n_ties, 1);
    assert_near(tie_contacts(&net, A, B), 7.0 / 3, 1e-12);
    sn_net_free(&net);
    o.min_contacts = 1;

    /* at the unit level the nodes are O1/U1 (a, b), O1/U2 (c), O2/U3 (d, e). k2 (a, b) is
       one node: its row is a contact inside a group. k4's nodes: U1, U2, U3, k = 3:
       1/2 per ordered pair. tie: U2, U3, k = 2: 1 each way.
       U1->U2 = 1/2; U2->U3 = 1/2 + 1 = 3/2; row 0 (a->b) is inside U1. */
    o.level = SN_LEVEL_UNIT;
    build(&net, &o);
    uint32_t u1 = net.node_of_actor[A], u2 = net.node_of_actor[C], u3 = net.node_of_actor[D];
    assert_int_equal(net.n_ties, 6);
    assert_near(tie_contacts(&net, u1, u2), 0.5, 1e-12);
    assert_near(tie_contacts(&net, u2, u3), 1.5, 1e-12);
    assert_near(tie_contacts(&net, u3, u1), 0.5, 1e-12);
    assert_int_equal(net.within_group, 2); /* row 0 and k2's row */
    assert_int_equal(net.meetings_projected, 2);
    sn_net_free(&net);
}

/* A prebuilt index gives the same projection as the one built on the fly. */
static void test_projection_shared_index(void **state)
{
    (void)state;
    build_world();
    sn_events ev;
    sn_err err;
    assert_int_equal(sn_events_build(&st, &ev, &err), SN_OK);
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.meetings = SN_MEETINGS_PROJECT;
    o.events = &ev;
    sn_net net;
    build(&net, &o);
    assert_true(net.opts.events == NULL);
    assert_near(tie_contacts(&net, A, B), 7.0 / 3, 1e-12);
    assert_int_equal(net.n_ties, 12);
    sn_net_free(&net);
    sn_events_free(&ev);
}

static void test_mode_names(void **state)
{
    (void)state;
    sn_meeting_mode m;
    assert_int_equal(sn_meeting_mode_parse("project", &m), SN_OK);
    assert_int_equal(m, SN_MEETINGS_PROJECT);
    assert_int_equal(sn_meeting_mode_parse("off", &m), SN_OK);
    assert_int_equal(m, SN_MEETINGS_OFF);
    assert_int_equal(sn_meeting_mode_parse("rows", &m), SN_OK);
    assert_int_equal(m, SN_MEETINGS_ROWS);
    assert_int_equal(sn_meeting_mode_parse("clique", &m), SN_EUSAGE);
    assert_string_equal(sn_meeting_mode_name(SN_MEETINGS_PROJECT), "project");
}

/* ------------------------------------------------------------------------ */
/* Series                                                                   */

enum { P1, P2, P3, P4, P5, P6, P7, Q1, Q2, Q3, Z1, Z2, V1, V2, R1 };

/* A meeting: rows from the organiser (first) to every other participant. */
static void gathering(const char *id, int64_t t, uint8_t ch, const uint32_t *who, size_t n)
{
    uint32_t m = meeting_of(id);
    for (size_t i = 1; i < n; i++)
        row(t, who[0], who[i], ch, m, 1);
    if (n == 1)
        row(t, who[0], who[0], ch, m, 1);
}

/*
 * p1, p2, p3: organisation A (units A1, A2, A1); p4, p5: B/B1; p6: C/C1; p7: B/B2.
 * The network "ln": ln01 d0 {p1..p6}, ln02 d90 {p1..p5}, ln03 d180 {p1..p6},
 * ln04 d270 {p1,p2,p3,p4,p6} video, ln05 d400 {p1,p2,p3,p4,p7} video.
 * Greedy (core = present at >= half of the meetings so far, Jaccard >= 0.5):
 *   ln01 starts S, core {p1..p6}.
 *   ln02: overlap 5, J = 5 / (6 + 5 - 5) = 5/6: joins. counts p1-p5 2, p6 1; core (>= 1) 6.
 *   ln03: J = 6/6 = 1: joins. counts p1-p5 3, p6 2; core (>= 1.5) 6.
 *   ln04: overlap 5, J = 5/6: joins. counts p1-p4 4, p5 3, p6 3; core (>= 2) 6.
 *   ln05: overlap 4 (p7 is new), J = 4 / (6 + 5 - 4) = 4/7 >= 0.5: joins.
 *   Final counts p1-p4 5, p5 3, p6 3, p7 1; core (>= 2.5) {p1..p6} = 6; 7 participants.
 * Intervals 90, 90, 90, 130 days: median 90, mean 100, population sigma
 * sqrt((3 * 10^2 + 30^2) / 4) = sqrt(300), CV sqrt(300) / 100 = 0.1732.
 * Organiser p1 (A): outside A are p4, p5, p6, p7 = 4/7. Organisations A, B, C = 3;
 * units A1, A2, B1, C1, B2 = 5. Attendance: third = floor(5/3) = 1: 6 -> 5. Video 2/5.
 *
 * The unit meeting "u": u1 d10, u2 d17, u3 d24 {q1, q2, q3}: one series, intervals 7, 7:
 * CV 0. A one-off "x" d50 {q1, p1}: S's core gives J = 1 / (6 + 2 - 1) = 1/7, u's core
 * J = 1 / (3 + 2 - 1) = 1/4: both < 0.5, so x starts a series of its own (dropped).
 * "z1", "z2" d5, d6 {z1, z2}: two meetings, dropped (< 3).
 * "v": v1 d0, v2 d10, v3 d500, v4 d510, v5 d520 {v1, v2}: with a 365-day gap the first two
 * form a series of 2 (dropped) and v3..v5 a new series of 3 (kept).
 * "s1" d60 {r1} (one participant): no series.
 */
static void build_series(void)
{
    const char *ids[] = {"p1", "p2", "p3", "p4", "p5", "p6", "p7", "q1",
                         "q2", "q3", "z1", "z2", "v1", "v2", "r1"};
    const char *orgs[] = {"A", "A", "A", "B", "B", "C", "B", "Q",
                          "Q", "Q", "Z", "Z", "V", "V", "R"};
    const char *units[] = {"A1", "A2", "A1", "B1", "B1", "C1", "B2", "Q1",
                           "Q1", "Q1", "Z1", "Z1", "V1", "V1", "R1"};
    for (uint32_t i = 0; i < 15; i++)
        assert_int_equal(add_actor(ids[i], orgs[i], units[i]), i);
    uint32_t all6[] = {P1, P2, P3, P4, P5, P6}, m2[] = {P1, P2, P3, P4, P5},
             m4[] = {P1, P2, P3, P4, P6}, m5[] = {P1, P2, P3, P4, P7};
    uint32_t q[] = {Q1, Q2, Q3}, x[] = {Q1, P1}, z[] = {Z1, Z2}, v[] = {V1, V2}, r[] = {R1};
    /* a direct contact before the network: p1 - p4 (day -10) */
    row(-10 * DAY, P1, P4, SN_CH_PHONE, 0, 1);
    gathering("ln01", 0, SN_CH_MEETING, all6, 6);
    gathering("v1", 0, SN_CH_MEETING, v, 2);
    gathering("z1", 5 * DAY, SN_CH_MEETING, z, 2);
    gathering("z2", 6 * DAY, SN_CH_MEETING, z, 2);
    gathering("u1", 10 * DAY, SN_CH_MEETING, q, 3);
    gathering("v2", 10 * DAY, SN_CH_MEETING, v, 2);
    gathering("u2", 17 * DAY, SN_CH_MEETING, q, 3);
    gathering("u3", 24 * DAY, SN_CH_MEETING, q, 3);
    gathering("x", 50 * DAY, SN_CH_MEETING, x, 2);
    gathering("s1", 60 * DAY, SN_CH_MEETING, r, 1);
    gathering("ln02", 90 * DAY, SN_CH_MEETING, m2, 5);
    gathering("ln03", 180 * DAY, SN_CH_MEETING, all6, 6);
    gathering("ln04", 270 * DAY, SN_CH_VIDEO, m4, 5);
    gathering("ln05", 400 * DAY, SN_CH_VIDEO, m5, 5);
    gathering("v3", 500 * DAY, SN_CH_MEETING, v, 2);
    gathering("v4", 510 * DAY, SN_CH_MEETING, v, 2);
    gathering("v5", 520 * DAY, SN_CH_MEETING, v, 2);
    /* direct contacts (no meeting id) among the network's participants */
    row(30 * DAY, P2, P5, SN_CH_PHONE, 0, 1);
    row(200 * DAY, P5, P2, SN_CH_E_MESSAGE, 0, 1);
    row(300 * DAY, P3, P7, SN_CH_PHONE, 0, 1); /* before p3 and p7 meet (ln05) */
    row(410 * DAY, P6, P1, SN_CH_PHONE, 0, 1);
    row(450 * DAY, P2, P5, SN_CH_PHONE, 0, 1);
    row(460 * DAY, P2, P5, SN_CH_PHONE, 0, 1);
    row(500 * DAY, P1, P6, SN_CH_PHONE, 0, 1);
    row(100 * DAY, P1, P2, SN_CH_PHONE, 0, 1); /* same organisation: not a pair */
    /* the store's last contact: 3 full quarters and 10 days after ln05 */
    row(400 * DAY + 3 * SN_QUARTER_SECONDS + 10 * DAY, Q1, Q2, SN_CH_PHONE, 0, 1);
}

static const sn_series *find_series(const sn_meetings *m, const char *first_id)
{
    for (size_t s = 0; s < m->n_series; s++)
        if (strcmp(sn_events_meeting_id(m->events, m->series[s].meetings[0]), first_id) == 0)
            return &m->series[s];
    fail_msg("no series starting with %s", first_id);
    return NULL;
}

static void test_series(void **state)
{
    (void)state;
    build_series();
    sn_events ev;
    sn_meetings m;
    sn_err err;
    assert_int_equal(sn_events_build(&st, &ev, &err), SN_OK);
    assert_int_equal(sn_meetings_compute(&ev, NULL, NULL, &m, &err), SN_OK);
    assert_int_equal(m.n_meetings, 17);
    /* kept: ln (5), u (3), v3..v5 (3) */
    assert_int_equal(m.n_series, 3);
    assert_int_equal(m.in_series, 11);
    /* most organisations first: ln (3 organisations) */
    const sn_series *S = &m.series[0];
    assert_string_equal(sn_events_meeting_id(&ev, S->meetings[0]), "ln01");
    assert_string_equal(sn_events_meeting_id(&ev, S->meetings[4]), "ln05");
    assert_string_equal(S->label, "ln");
    assert_int_equal(S->n_meetings, 5);
    assert_int_equal(S->first, 0);
    assert_int_equal(S->last, 400 * DAY);
    assert_int_equal(S->core_size, 6);
    assert_int_equal(S->participants, 7);
    assert_near(S->interval_median_days, 90, 1e-12);
    assert_near(S->interval_mean_days, 100, 1e-12);
    assert_near(S->regularity, sqrt(300.0) / 100, 1e-12);
    assert_int_equal(S->organiser, P1);
    assert_int_equal(S->organisations, 3);
    assert_int_equal(S->units, 5);
    assert_near(S->cross_org_share, 4.0 / 7, 1e-12);
    assert_near(S->size_first_third, 6, 0);
    assert_near(S->size_last_third, 5, 0);
    assert_near(S->video_share, 0.4, 1e-12);

    const sn_series *U = find_series(&m, "u1");
    assert_int_equal(U->n_meetings, 3);
    assert_string_equal(U->label, "u");
    assert_near(U->interval_median_days, 7, 1e-12);
    assert_near(U->regularity, 0, 1e-12);
    assert_int_equal(U->organisations, 1);
    assert_false(U->has_pairs); /* one organisation */
    const sn_series *V = find_series(&m, "v3");
    assert_int_equal(V->n_meetings, 3);
    assert_string_equal(V->label, "v");

    /* meetings outside kept series */
    int64_t x = sn_intern_find(st.meetings, "x", 1), z1 = sn_intern_find(st.meetings, "z1", 2),
            s1 = sn_intern_find(st.meetings, "s1", 2), v1 = sn_intern_find(st.meetings, "v1", 2);
    assert_int_equal(m.series_of[x], UINT32_MAX);
    assert_int_equal(m.series_of[z1], UINT32_MAX);
    assert_int_equal(m.series_of[s1], UINT32_MAX);
    assert_int_equal(m.series_of[v1], UINT32_MAX);
    sn_meetings_free(&m);

    /* min_meetings 2 keeps z (2) and v1, v2 (2) too: 5 series. A 600-day gap joins v1..v5. */
    sn_series_opts o;
    sn_series_opts_init(&o);
    o.min_meetings = 2;
    assert_int_equal(sn_meetings_compute(&ev, NULL, &o, &m, &err), SN_OK);
    assert_int_equal(m.n_series, 5);
    sn_meetings_free(&m);
    sn_series_opts_init(&o);
    o.max_gap_days = 600;
    assert_int_equal(sn_meetings_compute(&ev, NULL, &o, &m, &err), SN_OK);
    assert_int_equal(find_series(&m, "v1")->n_meetings, 5);
    sn_meetings_free(&m);
    /* Jaccard 0.6: ln05 (J = 4/7 = 0.571) starts a new series; ln keeps 4 meetings */
    sn_series_opts_init(&o);
    o.jaccard = 0.6;
    assert_int_equal(sn_meetings_compute(&ev, NULL, &o, &m, &err), SN_OK);
    assert_int_equal(find_series(&m, "ln01")->n_meetings, 4);
    sn_meetings_free(&m);
    /* the view's time window: from day 100, ln has ln03..ln05 (3 meetings) */
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    vo.has_since = 1;
    vo.since = 100 * DAY;
    assert_int_equal(sn_meetings_compute(&ev, &vo, NULL, &m, &err), SN_OK);
    assert_int_equal(find_series(&m, "ln03")->n_meetings, 3);
    assert_int_equal(m.n_meetings, 6); /* ln03, ln04, ln05, v3, v4, v5 */
    sn_meetings_free(&m);
    sn_events_free(&ev);
}

/*
 * Ties formed at "ln". Organisations: A {p1, p2, p3}, B {p4, p5, p7}, C {p6}.
 * Cross-organisation participant pairs that shared a meeting: A x {p4, p5} = 6 (first met
 * at ln01, d0), A x {p6} = 3 (d0), {p4, p5} x {p6} = 2 (d0), A x {p7} = 3 (ln05, d400);
 * p7 never met p5 or p6 there. 14 pairs. Direct contacts before the first shared meeting:
 * p1-p4 (d-10), p3-p7 (d300 < d400): 12 new pairs. With direct contact at or after: p2-p5
 * (d30, d200, d450, d460) and p1-p6 (d410, d500) = 2.
 * During [d0, d400): d30, d200 = 2 contacts over 400 days = 2 * 91.3125 / 400 per quarter.
 * After ln05 (d400): offsets 10, 50, 60, 100 days; quarters of 91.3125 days: 10, 50, 60 in
 * the first, 100 in the second; the store ends 3 quarters + 10 days later: [3, 1, 0].
 * Half-life: T = 3 * 91.3125 + 10 = 283.9375 days, mean(t) = 55 days; lambda solves
 * 55 = 1/lambda - T / (e^(lambda T) - 1): lambda = 0.0175577721 per day, half-life
 * ln 2 / lambda = 39.478083 days.
 */
static void test_ties_formed(void **state)
{
    (void)state;
    build_series();
    sn_events ev;
    sn_meetings m;
    sn_err err;
    assert_int_equal(sn_events_build(&st, &ev, &err), SN_OK);
    assert_int_equal(sn_meetings_compute(&ev, NULL, NULL, &m, &err), SN_OK);
    const sn_series *S = find_series(&m, "ln01");
    size_t si = (size_t)(S - m.series);
    assert_true(S->has_pairs);
    assert_int_equal(S->n_pairs, 12);
    assert_int_equal(S->with_contact_after, 2);
    assert_int_equal(S->contacts_during, 2);
    assert_near(S->per_quarter_during, 2 * 91.3125 / 400, 1e-12);
    assert_int_equal(S->n_quarters_after, 3);
    assert_int_equal(S->after[0], 3);
    assert_int_equal(S->after[1], 1);
    assert_int_equal(S->after[2], 0);
    assert_near(S->half_life_days, 39.47808271729377, 1e-6);
    /* the MLE equation holds at the estimate */
    double T = 283.9375, lambda = log(2.0) / S->half_life_days;
    assert_near(1 / lambda - T / expm1(lambda * T), 55, 1e-6);
    /* the pairs' times: p2-p5 has 4 direct contacts, p1-p6 2, the others none */
    size_t seen = 0;
    for (size_t p = 0; p < S->n_pairs; p++) {
        size_t n;
        const int64_t *t = sn_series_pair_times(&m, si, p, &n);
        assert_true(S->pair_a[p] < S->pair_b[p]);
        if (S->pair_a[p] == P2 && S->pair_b[p] == P5) {
            assert_int_equal(n, 4);
            assert_int_equal(t[0], 30 * DAY);
            assert_int_equal(t[3], 460 * DAY);
            assert_int_equal(S->pair_met[p], 0);
            seen++;
        } else if (S->pair_a[p] == P1 && S->pair_b[p] == P6) {
            assert_int_equal(n, 2);
            assert_int_equal(t[0], 410 * DAY);
            seen++;
        } else {
            assert_int_equal(n, 0);
            assert_false(S->pair_a[p] == P1 && S->pair_b[p] == P4);
            assert_false(S->pair_a[p] == P3 && S->pair_b[p] == P7);
        }
        if (S->pair_b[p] == P7)
            assert_int_equal(S->pair_met[p], 400 * DAY);
    }
    assert_int_equal(seen, 2);
    sn_meetings_free(&m);
    sn_events_free(&ev);
}

/* The decay estimator on its own: too few events, no decay, and a known answer. */
static void test_half_life(void **state)
{
    (void)state;
    double t2[] = {1, 2};
    assert_true(isnan(sn_decay_half_life(t2, 2, 10)));
    /* mean 5 = T / 2: no decay */
    double flat[] = {0, 5, 10};
    assert_true(isnan(sn_decay_half_life(flat, 3, 10)));
    /* mean 1 on [0, 1000]: e^(lambda T) is huge, so lambda = 1 / mean = 1, half-life ln 2 */
    double fast[] = {0.5, 1, 1.5};
    assert_near(sn_decay_half_life(fast, 3, 1000), log(2.0), 1e-9);
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_meeting_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_projection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_projection_shared_index, setup, teardown),
        cmocka_unit_test(test_mode_names),
        cmocka_unit_test_setup_teardown(test_series, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ties_formed, setup, teardown),
        cmocka_unit_test(test_half_life),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
