/*
 * test_activity.c - the activity measures (samnett/activity.h), the tie of
 * each contact with the ties' details (samnett/net.h) and the filtered walk
 * over the contacts (samnett/events.h) on a hand-made store whose counts
 * per window, ties, mutual ties and persistence are worked out by hand
 * below, and the option errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/activity.h"
#include "samnett/events.h"
#include "samnett/net.h"
#include "samnett/store.h"
#include "samnett/time.h"

#define DAY ((int64_t)86400)
#define HOUR ((int64_t)3600)
#define assert_nan(a) assert_true(isnan(a))

static int64_t day0(void)
{
    return sn_days_from_civil(2020, 1, 1) * DAY;
}

/*
 * Actors a, b (organisation O1) and c, d (O2). Contacts, in time order:
 *   day 0: 10h a->b phone, 11h a->c phone, 12h c->a e-message
 *   day 1: 10h a->c phone, 12h b->d phone, 14h a->c phone
 *   day 2:  9h c->a phone;  and 13h d->d phone (a self contact: no tie)
 * Ties (from, to sorted): 0 a->b (1), 1 a->c (3), 2 b->d (1), 3 c->a (2).
 * With one-day windows, the network (every tie) has
 *   window   contacts cross  active ties        mutual  persistence  novelty
 *   day 0    3        2      a->b a->c c->a     2       -            -
 *   day 1    3        3      a->c b->d          0       1/4          1/2
 *   day 2    1        1      c->a               0       0/3          1/1
 * and the pair "O1 <-> O2" (ties a->c, b->d, c->a): ab (started in O1) 1, 3, 0;
 * ba 1, 0, 1; ties 2, 2, 1; mutual 2, 0, 0; persistence -, 1/3, 0/3.
 */
enum { A, B, C, D };

static uint32_t next_case; /* the case id (intern id + 1) of the next contact; 0: none */

static void contact(int64_t t, uint32_t from, uint32_t to, uint8_t ch)
{
    assert_int_equal(sn_store_contact_add(&st, t, from, to, ch, next_case, 0, 1.0f), SN_OK);
    next_case = 0;
}

static uint32_t case_of(const char *name)
{
    uint32_t id;
    assert_int_equal(sn_intern_add(st.cases, name, strlen(name), &id), SN_OK);
    return id + 1;
}

/*
 * With cases, case k1 holds day 0's a->c, day 1's first a->c and day 2's
 * c->a; case k2 holds b->d. k1 as a scope: one contact and one node pair a
 * day, (a, c), (a, c), (c, a): persistence 1/1 on day 1, 0/2 on day 2
 * ((a, c) gone, (c, a) new), novelty 1 on day 2, no mutual pair.
 */
static void build_world_cases(sn_net *net, int with_cases)
{
    uint32_t k1 = with_cases ? case_of("k1") : 0, k2 = with_cases ? case_of("k2") : 0;
    assert_int_equal(add_actor("a", "O1", ""), A);
    assert_int_equal(add_actor("b", "O1", ""), B);
    assert_int_equal(add_actor("c", "O2", ""), C);
    assert_int_equal(add_actor("d", "O2", ""), D);
    int64_t t0 = day0();
    contact(t0 + 10 * HOUR, A, B, SN_CH_PHONE);
    next_case = k1;
    contact(t0 + 11 * HOUR, A, C, SN_CH_PHONE);
    contact(t0 + 12 * HOUR, C, A, SN_CH_E_MESSAGE);
    next_case = k1;
    contact(t0 + DAY + 10 * HOUR, A, C, SN_CH_PHONE);
    next_case = k2;
    contact(t0 + DAY + 12 * HOUR, B, D, SN_CH_PHONE);
    contact(t0 + DAY + 14 * HOUR, A, C, SN_CH_PHONE);
    next_case = k1;
    contact(t0 + 2 * DAY + 9 * HOUR, C, A, SN_CH_PHONE);
    contact(t0 + 2 * DAY + 13 * HOUR, D, D, SN_CH_PHONE);
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.level = SN_LEVEL_ACTOR;
    sn_err err = {0};
    assert_int_equal(sn_net_build(&st, &o, net, &err), SN_OK);
    assert_int_equal(net->n_ties, 4);
}

static void build_world(sn_net *net)
{
    build_world_cases(net, 0);
}

static void one_day(sn_activity_opts *o)
{
    sn_activity_opts_init(o);
    sn_err err = {0};
    assert_int_equal(sn_activity_span_parse("window", "1d", &o->window, &err), SN_OK);
    o->has_window = 1;
}

static void test_contact_ties(void **state)
{
    (void)state;
    sn_net net;
    build_world(&net);
    int32_t *ct = NULL;
    sn_err err = {0};
    assert_int_equal(sn_net_contact_ties(&net, 4, &ct, &err), SN_OK);
    const int32_t want[] = {0, 1, 3, 1, 2, 1, 3, -1};
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(ct[i], want[i]);
    sn_tie_details d;
    assert_int_equal(sn_net_tie_details(&net, ct, &d, &err), SN_OK);
    int64_t t0 = day0();
    /* a->c: three phone contacts, first day 0 11h, last day 1 14h */
    assert_int_equal(d.channels[1 * d.n_channels + SN_CH_PHONE], 3);
    assert_int_equal(d.channels[1 * d.n_channels + SN_CH_E_MESSAGE], 0);
    assert_int_equal(d.first[1], t0 + 11 * HOUR);
    assert_int_equal(d.last[1], t0 + DAY + 14 * HOUR);
    /* c->a: one e-message and one phone contact */
    assert_int_equal(d.channels[3 * d.n_channels + SN_CH_E_MESSAGE], 1);
    assert_int_equal(d.channels[3 * d.n_channels + SN_CH_PHONE], 1);
    assert_int_equal(d.first[3], t0 + 12 * HOUR);
    assert_int_equal(d.last[3], t0 + 2 * DAY + 9 * HOUR);
    sn_tie_details_free(&d);
    free(ct);
    sn_net_free(&net);
}

static void in_of(sn_activity_in *in, const sn_net *net, const int32_t *ct)
{
    memset(in, 0, sizeof *in);
    in->net = net;
    in->contact_tie = ct;
    in->sorted = 1;
    in->threads = 2;
}

static void test_detail(void **state)
{
    (void)state;
    sn_net net;
    build_world(&net);
    int32_t *ct = NULL;
    sn_err err = {0};
    assert_int_equal(sn_net_contact_ties(&net, 1, &ct, &err), SN_OK);
    sn_activity_in in;
    in_of(&in, &net, ct);
    sn_activity_opts o;
    one_day(&o);
    sn_activity r;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_int_equal(r.n_windows, 3);
    assert_int_equal(r.windows[0].start, day0());
    assert_int_equal(r.windows[2].end, day0() + 3 * DAY);
    assert_string_equal(r.window.name, "1d");
    assert_string_equal(r.by, "organisation");
    assert_int_equal(r.n_scopes, 2);
    assert_int_equal(r.scopes[0].kind, SN_ACTIVITY_NETWORK);
    assert_int_equal(r.scopes[1].kind, SN_ACTIVITY_PAIR);
    assert_string_equal(r.scopes[1].a, "O1");
    assert_string_equal(r.scopes[1].b, "O2");
    assert_near(r.scopes[0].contacts, 7, 0);
    assert_near(r.scopes[1].contacts, 6, 0);

    const uint32_t contacts[2][3] = {{3, 3, 1}, {2, 3, 1}};
    const uint32_t ab[2][3] = {{2, 3, 1}, {1, 3, 0}}, ba[3] = {1, 0, 1};
    const uint32_t ties[2][3] = {{3, 2, 1}, {2, 2, 1}}, mutual[2][3] = {{2, 0, 0}, {2, 0, 0}};
    const double persistence[2][3] = {{NAN, 0.25, 0}, {NAN, 1.0 / 3, 0}};
    const double novelty[3] = {NAN, 0.5, 1};
    for (size_t s = 0; s < 2; s++)
        for (size_t w = 0; w < 3; w++) {
            size_t x = s * 3 + w;
            const sn_activity_stats *a = &r.stats[x];
            assert_int_equal(r.contacts[x], contacts[s][w]);
            assert_int_equal(r.ab[x], ab[s][w]);
            if (s == 1)
                assert_int_equal(r.ba[x], ba[w]);
            assert_int_equal(a->ties, ties[s][w]);
            assert_int_equal(a->mutual, mutual[s][w]);
            if (isnan(persistence[s][w]))
                assert_nan(a->persistence);
            else
                assert_near(a->persistence, persistence[s][w], 1e-12);
            if (s == 0 && isnan(novelty[w]))
                assert_nan(a->novelty);
            else if (s == 0)
                assert_near(a->novelty, novelty[w], 1e-12);
            assert_near(a->rate, contacts[s][w], 1e-12); /* a window of one day */
        }
    /* the network on day 0: E = a->c, c->a; I = a->b: (2 - 1) / 3; no triangle */
    assert_near(r.stats[0].ei, 1.0 / 3, 1e-12);
    assert_near(r.stats[0].clustering, 0, 0);
    assert_nan(r.stats[3].ei); /* a pair has none */
    /* day 1 of the network: contacts at 10h, 12h, 14h: equal gaps */
    assert_near(r.stats[1].regularity, 0, 1e-12);
    assert_near(r.stats[1].burstiness, -1, 1e-12);
    assert_nan(r.stats[2].regularity); /* one contact */
    /* its contacts between groups on day 0 (a->c, c->a): two actors, a at the end of both */
    assert_int_equal(r.stats[0].actors, 2);
    assert_int_equal(r.stats[0].top, net.node_of_actor[A]);
    assert_near(r.stats[0].top_share, 1, 1e-12);
    /* channels: the e-message of day 0 */
    assert_int_equal(r.channel_contacts[0 * r.n_channels + SN_CH_E_MESSAGE], 1);
    assert_int_equal(r.channel_contacts[0 * r.n_channels + SN_CH_PHONE], 2);
    assert_true(r.bytes > 0);
    sn_activity_free(&r);

    /* novelty against the two windows before: day 2's c->a was active on day 0 */
    o.novelty_k = 2;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_nan(r.stats[1].novelty);
    assert_near(r.stats[2].novelty, 0, 0);
    sn_activity_free(&r);
    free(ct);
    sn_net_free(&net);
}

/* A prepare step that hands over the contacts' ties (ud), or stops the call when ud is NULL. */
static int calls;
static int prepare(void *ud, sn_activity_in *in, const sn_window_bounds *w, size_t n)
{
    calls++;
    assert_int_equal(n, 3);
    assert_int_equal(w[0].start, day0());
    if (!ud)
        return -1;
    in->contact_tie = ud;
    return 0;
}

static void test_prepare(void **state)
{
    (void)state;
    sn_net net;
    build_world(&net);
    int32_t *ct = NULL;
    sn_err err = {0};
    assert_int_equal(sn_net_contact_ties(&net, 1, &ct, &err), SN_OK);
    sn_activity_in in;
    in_of(&in, &net, NULL);
    in.prepare = prepare;
    in.ud = ct;
    sn_activity_opts o;
    one_day(&o);
    sn_activity r;
    calls = 0;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_int_equal(calls, 1);
    assert_int_equal(r.stats[1].ties, 2);
    sn_activity_free(&r);
    in.ud = NULL;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_EANALYSIS);
    assert_null(r.mem);
    /* without a prepare step nor the ties: refused */
    in.prepare = NULL;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_EUSAGE);
    free(ct);
    sn_net_free(&net);
}

static void test_light_and_pairs(void **state)
{
    (void)state;
    sn_net net;
    build_world(&net);
    int32_t *ct = NULL;
    sn_err err = {0};
    assert_int_equal(sn_net_contact_ties(&net, 1, &ct, &err), SN_OK);
    sn_activity_in in;
    in_of(&in, &net, ct);
    sn_activity_opts o;
    one_day(&o);
    o.detail = 0;
    sn_activity r;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_null(r.stats);
    const uint32_t contacts[6] = {3, 3, 1, 2, 3, 1}, ab[6] = {2, 3, 1, 1, 3, 0};
    for (size_t x = 0; x < 6; x++) {
        assert_int_equal(r.contacts[x], contacts[x]);
        assert_int_equal(r.ab[x], ab[x]);
    }
    sn_activity_free(&r);

    /* the same counts from ones kept by the caller */
    sn_window_bounds *b = NULL;
    size_t nw = 0;
    assert_int_equal(sn_activity_windows(&in, &o, &b, &nw, &err), SN_OK);
    assert_int_equal(nw, 3);
    uint32_t nch = sn_intern_count(st.channels);
    uint32_t *counts = calloc(nw * net.n_ties * nch, sizeof *counts);
    sn_activity_tie_channels(&in, b, nw, counts);
    assert_int_equal(counts[(1 * net.n_ties + 1) * nch + SN_CH_PHONE], 2); /* day 1, a->c */
    in.tie_channels = counts;
    in.contact_tie = NULL;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    for (size_t x = 0; x < 6; x++)
        assert_int_equal(r.contacts[x], contacts[x]);
    sn_activity_free(&r);
    free(counts);
    free(b);
    in.contact_tie = ct;
    in.tie_channels = NULL;

    /* a pair below min_contacts is left out */
    o.min_contacts = 7;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_int_equal(r.n_scopes, 1);
    sn_activity_free(&r);
    /* an attribute no actor has: no groups, so the network alone */
    o.min_contacts = 0;
    o.by[0] = "no such attribute";
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_int_equal(r.n_scopes, 1);
    assert_int_equal(r.ab[0], 0); /* no contact between groups */
    sn_activity_free(&r);
    /* across organisation: ties inside one are left out of every scope */
    o.by[0] = "organisation";
    o.across = "organisation";
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_near(r.scopes[0].contacts, 6, 0);
    assert_int_equal(r.contacts[0], 2);
    sn_activity_free(&r);
    free(ct);
    sn_net_free(&net);
}

static void expect_error(sn_status rc, const sn_err *err, const char *key)
{
    assert_int_equal(rc, SN_EUSAGE);
    if (!strstr(err->msg, key))
        fail_msg("'%s' does not name %s", err->msg, key);
}

static void test_option_errors(void **state)
{
    (void)state;
    sn_activity_opts o;
    sn_err err = {0};
    sn_span span;
    expect_error(sn_activity_span_parse("window", "fortnight", &span, &err), &err, "window");
    assert_non_null(strstr(err.msg, "'fortnight'"));
    expect_error(sn_activity_span_parse("step", "", &span, &err), &err, "step");
    sn_activity_opts_init(&o);
    assert_int_equal(sn_activity_opts_check(&o, NULL, &err), SN_OK);
    o.has_step = 1;
    expect_error(sn_activity_opts_check(&o, NULL, &err), &err, "step");
    assert_int_equal(sn_activity_opts_check(&o, "min_contacts", &err), SN_OK);
    sn_activity_opts_init(&o);
    o.novelty_k = 0;
    expect_error(sn_activity_opts_check(&o, "novelty_k", &err), &err, "novelty_k");
    sn_activity_opts_init(&o);
    o.min_contacts = -1;
    expect_error(sn_activity_opts_check(&o, NULL, &err), &err, "min_contacts");
    sn_activity_opts_init(&o);
    o.top_pairs = -2;
    expect_error(sn_activity_opts_check(&o, "top_pairs", &err), &err, "top_pairs");
    sn_activity_opts_init(&o);
    o.cases = -1;
    expect_error(sn_activity_opts_check(&o, "cases", &err), &err, "cases");
    sn_activity_opts_init(&o);
    o.n_by = 0;
    expect_error(sn_activity_opts_check(&o, "by", &err), &err, "by");
    o.n_by = 2;
    o.by[1] = NULL;
    expect_error(sn_activity_opts_check(&o, "by", &err), &err, "by");

    /* compute checks them too, and too many windows */
    sn_net net;
    build_world(&net);
    contact(day0() + 400 * 365 * DAY, A, B, SN_CH_PHONE); /* a period of 400 years */
    sn_net_free(&net);
    sn_view_opts vo;
    sn_view_opts_init(&vo);
    vo.level = SN_LEVEL_ACTOR;
    assert_int_equal(sn_net_build(&st, &vo, &net, &err), SN_OK);
    int32_t *ct = NULL;
    assert_int_equal(sn_net_contact_ties(&net, 1, &ct, &err), SN_OK);
    sn_activity_in in;
    in_of(&in, &net, ct);
    sn_activity r;
    one_day(&o);
    o.novelty_k = 0;
    expect_error(sn_activity_compute(&in, &o, &r, &err), &err, "novelty_k");
    one_day(&o);
    expect_error(sn_activity_compute(&in, &o, &r, &err), &err, "windows");
    sn_activity_opts_init(&o); /* quarters: few windows */
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_string_equal(r.window.name, "quarter");
    sn_activity_free(&r);
    /* past the memory allowed: SN_ENOMEM with the bytes asked for */
    in.max_bytes = 64;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_ENOMEM);
    assert_true(r.bytes > 64);
    assert_null(r.mem);
    free(ct);
    sn_net_free(&net);
}

static void test_cases(void **state)
{
    (void)state;
    sn_net net;
    build_world_cases(&net, 1);
    sn_err err = {0};
    sn_events ev;
    assert_int_equal(sn_events_build(&st, &ev, &err), SN_OK);
    sn_cases_opts co;
    sn_cases_opts_init(&co);
    sn_cases cs;
    assert_int_equal(sn_cases_compute(&net, &ev, &co, &cs, &err), SN_OK);
    int32_t *ct = NULL;
    assert_int_equal(sn_net_contact_ties(&net, 1, &ct, &err), SN_OK);
    sn_activity_in in;
    in_of(&in, &net, ct);
    in.events = &ev;
    in.cases = &cs;
    sn_activity_opts o;
    one_day(&o);
    o.cases = 1; /* the largest: k1 */
    sn_activity r;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_int_equal(r.n_scopes, 3);
    const sn_activity_scope *k = &r.scopes[2];
    assert_int_equal(k->kind, SN_ACTIVITY_CASE);
    assert_string_equal(sn_events_case_id(&ev, k->case_index), "k1");
    assert_near(k->contacts, 3, 0);
    const sn_activity_stats *s = &r.stats[2 * 3];
    for (size_t w = 0; w < 3; w++) {
        assert_int_equal(r.contacts[2 * 3 + w], 1);
        assert_int_equal(s[w].ties, 1);
        assert_int_equal(s[w].mutual, 0);
        assert_int_equal(s[w].actors, 2);
        assert_nan(s[w].clustering);
    }
    assert_nan(s[0].persistence);
    assert_near(s[1].persistence, 1, 0);
    assert_near(s[2].persistence, 0, 0);
    assert_near(s[1].novelty, 0, 0);
    assert_near(s[2].novelty, 1, 0);
    sn_activity_free(&r);
    /* more cases than there are: both, the larger first */
    o.cases = 5;
    o.detail = 0;
    assert_int_equal(sn_activity_compute(&in, &o, &r, &err), SN_OK);
    assert_int_equal(r.n_scopes, 4);
    assert_string_equal(sn_events_case_id(&ev, r.scopes[3].case_index), "k2");
    assert_int_equal(r.contacts[3 * 3 + 1], 1);
    sn_activity_free(&r);
    free(ct);
    sn_cases_free(&cs);
    sn_events_free(&ev);
    sn_net_free(&net);
}

/* The rows a filter lets through, in order, into rows; their number. */
static size_t walk(const sn_event_filter *f, size_t *rows)
{
    size_t n = 0;
    for (size_t i = sn_events_next(&st, f, 0); i < st.n; i = sn_events_next(&st, f, i + 1))
        rows[n++] = i;
    return n;
}

static void test_event_filter(void **state)
{
    (void)state;
    sn_net net;
    build_world(&net);
    sn_net_free(&net);
    size_t rows[16], n;
    sn_event_filter f;
    sn_event_filter_init(&f);
    sn_event_filter_prepare(&f);
    assert_int_equal(walk(&f, rows), 8);
    /* the e-messages only (one channel: the jump): row 2 */
    f.has_channels = 1;
    f.channels[SN_CH_E_MESSAGE] = 1;
    sn_event_filter_prepare(&f);
    assert_int_equal(f.one_channel, SN_CH_E_MESSAGE);
    n = walk(&f, rows);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0], 2);
    /* phone contacts of a on day 1 and after: rows 3, 5 (a->c) and 6 (c->a) */
    f.channels[SN_CH_PHONE] = 1;
    f.channels[SN_CH_E_MESSAGE] = 0;
    f.has_since = 1;
    f.since = day0() + DAY;
    f.actor = A;
    sn_event_filter_prepare(&f);
    n = walk(&f, rows);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0], 3);
    assert_int_equal(rows[1], 5);
    assert_int_equal(rows[2], 6);
    /* from a, before day 2, any channel: rows 0, 1, 3, 5 */
    sn_event_filter_init(&f);
    f.from = A;
    f.has_until = 1;
    f.until = day0() + 2 * DAY;
    sn_event_filter_prepare(&f);
    n = walk(&f, rows);
    assert_int_equal(n, 4);
    assert_int_equal(rows[3], 5);
    /* to d: row 4 (b->d) and row 7 (d->d) */
    sn_event_filter_init(&f);
    f.to = D;
    sn_event_filter_prepare(&f);
    n = walk(&f, rows);
    assert_int_equal(n, 2);
    assert_int_equal(rows[1], 7);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    /* these tests count the calendar in UTC; zone-aware ones load their zone */
    sn_tz_use("UTC", NULL);
    const struct CMUnitTest tests[] = {
        T(test_contact_ties), T(test_detail),  T(test_light_and_pairs), T(test_option_errors),
        T(test_cases),        T(test_prepare), T(test_event_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
