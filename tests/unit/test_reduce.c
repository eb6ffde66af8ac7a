/*
 * test_reduce.c - the tie table (samnett/reduce.h): calendar buckets, the
 * reduce against hand counts (buckets in a zone, weight sums, distinct cases,
 * first and last, the order by id and channel name, the small-cell rule),
 * its CSV, and a store of counted rows as the network sees it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/net.h"
#include "samnett/output.h"
#include "samnett/reduce.h"
#include "samnett/time.h"

static int64_t at(const char *s)
{
    int64_t t;
    sn_time_zone z;
    sn_err err;
    assert_int_equal(sn_time_parse(s, strlen(s), &t, &z, NULL, &err), SN_OK);
    return t;
}

static int64_t day(int y, unsigned m, unsigned d)
{
    return sn_days_from_civil(y, m, d);
}

static void test_buckets(void **state)
{
    (void)state;
    /* 1970-01-01 was a Thursday: its ISO week began on Monday 1969-12-29 */
    assert_int_equal(sn_bucket_floor(SN_BUCKET_WEEK, 0), day(1969, 12, 29));
    assert_int_equal(sn_bucket_floor(SN_BUCKET_WEEK, day(2024, 2, 11)), day(2024, 2, 5));
    assert_int_equal(sn_bucket_floor(SN_BUCKET_WEEK, day(2024, 2, 5)), day(2024, 2, 5));
    assert_int_equal(sn_bucket_floor(SN_BUCKET_WEEK, day(1969, 12, 28)), day(1969, 12, 22));
    assert_int_equal(sn_bucket_floor(SN_BUCKET_MONTH, day(2024, 2, 29)), day(2024, 2, 1));
    assert_int_equal(sn_bucket_floor(SN_BUCKET_QUARTER, day(2024, 5, 17)), day(2024, 4, 1));
    assert_int_equal(sn_bucket_floor(SN_BUCKET_QUARTER, day(2024, 12, 31)), day(2024, 10, 1));
    assert_int_equal(sn_bucket_floor(SN_BUCKET_DAY, day(2024, 5, 17)), day(2024, 5, 17));
    assert_int_equal(sn_bucket_next(SN_BUCKET_MONTH, day(2024, 12, 1)), day(2025, 1, 1));
    assert_int_equal(sn_bucket_next(SN_BUCKET_QUARTER, day(2024, 10, 1)), day(2025, 1, 1));
    assert_int_equal(sn_bucket_next(SN_BUCKET_WEEK, day(2024, 2, 5)), day(2024, 2, 12));
    sn_bucket b;
    assert_int_equal(sn_bucket_parse("quarter", &b), SN_OK);
    assert_int_equal(b, SN_BUCKET_QUARTER);
    assert_int_equal(sn_bucket_parse("fortnight", &b), SN_EUSAGE);
    assert_string_equal(sn_bucket_name(SN_BUCKET_WEEK), "week");
}

/*
 * Actors b, a, c (indices 0, 1, 2: the order of their ids is not the order
 * of their indices), and channels video (3) and referral (4), whose names
 * sort the other way round.
 */
static void contacts(void)
{
    uint32_t b = add_actor("b", "", ""), a = add_actor("a", "", ""), c = add_actor("c", "", "");
    /* 2024-02-01 00:30 in Oslo: February there, January in UTC */
    assert_int_equal(
        sn_store_contact_add(&st, at("2024-01-31T23:30:00Z"), b, a, SN_CH_PHONE, 1, 0, 2), SN_OK);
    assert_int_equal(
        sn_store_contact_add(&st, at("2024-02-10T10:00:00Z"), b, a, SN_CH_PHONE, 1, 0, 0.5f),
        SN_OK);
    assert_int_equal(
        sn_store_contact_add(&st, at("2024-02-11T10:00:00Z"), b, a, SN_CH_PHONE, 2, 0, 1), SN_OK);
    assert_int_equal(
        sn_store_contact_add(&st, at("2024-02-12T10:00:00Z"), b, a, SN_CH_VIDEO, 0, 0, 1), SN_OK);
    assert_int_equal(
        sn_store_contact_add(&st, at("2024-02-13T10:00:00Z"), b, a, SN_CH_REFERRAL, 0, 0, 1),
        SN_OK);
    assert_int_equal(
        sn_store_contact_add(&st, at("2024-03-05T10:00:00Z"), a, b, SN_CH_PHONE, 0, 0, 1), SN_OK);
    assert_int_equal(
        sn_store_contact_add(&st, at("2024-04-01T10:00:00Z"), a, c, SN_CH_PHONE, 0, 0, 1), SN_OK);
    assert_int_equal(
        sn_store_contact_add(&st, at("2024-01-02T10:00:00Z"), a, a, SN_CH_PHONE, 0, 0, 1), SN_OK);
}

/* The table as CSV text (malloc'd). */
static char *csv(const sn_tie_table *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sn_err err;
    assert_non_null(f);
    assert_int_equal(sn_tie_table_write(t, f, 0, &err), SN_OK);
    fclose(f);
    return buf;
}

static void reduce(sn_bucket b, const char *zone, int min_cell, sn_tie_table *t, sn_tz **z)
{
    sn_err err;
    assert_int_equal(sn_tz_load(zone, z, &err), SN_OK);
    sn_reduce_opts o;
    sn_reduce_opts_init(&o);
    assert_int_equal(o.bucket, SN_BUCKET_MONTH);
    o.bucket = b;
    o.zone = *z;
    o.min_cell = min_cell;
    assert_int_equal(sn_reduce(&st, &o, t, &err), SN_OK);
}

static void test_month_oslo(void **state)
{
    (void)state;
    contacts();
    sn_tie_table t;
    sn_tz *z;
    reduce(SN_BUCKET_MONTH, "Europe/Oslo", 0, &t, &z);
    char *text = csv(&t);
    assert_string_equal(text,
                        "from,to,channel,bucket,contacts,weight,cases,first,last\n"
                        "a,a,phone,2024-01-01,1,1,0,2024-01-02T10:00:00Z,2024-01-02T10:00:00Z\n"
                        "a,b,phone,2024-03-01,1,1,0,2024-03-05T10:00:00Z,2024-03-05T10:00:00Z\n"
                        "a,c,phone,2024-04-01,1,1,0,2024-04-01T10:00:00Z,2024-04-01T10:00:00Z\n"
                        "b,a,phone,2024-02-01,3,3.5,2,2024-01-31T23:30:00Z,2024-02-11T10:00:00Z\n"
                        "b,a,referral,2024-02-01,1,1,0,2024-02-13T10:00:00Z,2024-02-13T10:00:00Z\n"
                        "b,a,video,2024-02-01,1,1,0,2024-02-12T10:00:00Z,2024-02-12T10:00:00Z\n");
    assert_int_equal(t.contacts, 8);
    free(text);
    sn_tie_table_free(&t);
    sn_tz_free(z);
}

static void test_month_utc_and_week(void **state)
{
    (void)state;
    contacts();
    sn_tie_table t;
    sn_tz *z;
    reduce(SN_BUCKET_MONTH, "UTC", 0, &t, &z);
    char *text = csv(&t);
    /* in UTC the first phone contact is January's */
    assert_non_null(
        strstr(text, "b,a,phone,2024-01-01,1,2,1,2024-01-31T23:30:00Z,2024-01-31T23:30:00Z\n"
                     "b,a,phone,2024-02-01,2,1.5,2,2024-02-10T10:00:00Z,2024-02-11T10:00:00Z\n"));
    free(text);
    sn_tie_table_free(&t);
    sn_tz_free(z);
    reduce(SN_BUCKET_WEEK, "Europe/Oslo", 0, &t, &z);
    text = csv(&t);
    /* Thursday 2024-02-01 (Oslo) is in the week of Monday 01-29; Saturday and Sunday 02-10, 02-11
       in the week of 02-05 */
    assert_non_null(
        strstr(text, "b,a,phone,2024-01-29,1,2,1,2024-01-31T23:30:00Z,2024-01-31T23:30:00Z\n"
                     "b,a,phone,2024-02-05,2,1.5,2,2024-02-10T10:00:00Z,2024-02-11T10:00:00Z\n"));
    free(text);
    sn_tie_table_free(&t);
    sn_tz_free(z);
}

static void test_small_cells(void **state)
{
    (void)state;
    contacts();
    sn_tie_table t;
    sn_tz *z;
    /* K = 2: the ties a->a, a->b and a->c have one contact each and are left out */
    reduce(SN_BUCKET_QUARTER, "Europe/Oslo", 2, &t, &z);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.rows_left_out, 3);
    assert_int_equal(t.contacts_left_out, 3);
    char *text = csv(&t);
    assert_string_equal(text,
                        "from,to,channel,bucket,contacts,weight,cases,first,last\n"
                        "b,a,phone,2024-01-01,3,3.5,2,2024-01-31T23:30:00Z,2024-02-11T10:00:00Z\n"
                        "b,a,referral,2024-01-01,1,1,0,2024-02-13T10:00:00Z,2024-02-13T10:00:00Z\n"
                        "b,a,video,2024-01-01,1,1,0,2024-02-12T10:00:00Z,2024-02-12T10:00:00Z\n");
    free(text);
    sn_tie_table_free(&t);
    sn_tz_free(z);
}

/* A store of counted rows (tie input) builds the network the contacts build. */
static void test_counted_rows(void **state)
{
    (void)state;
    uint32_t b = add_actor("b", "", ""), a = add_actor("a", "", "");
    assert_int_equal(sn_store_counted_add(&st, at("2024-01-31T23:30:00Z"),
                                          at("2024-02-11T10:00:00Z"), b, a, SN_CH_PHONE, 3, 3.5),
                     SN_OK);
    assert_int_equal(sn_store_counted_add(&st, at("2024-02-13T10:00:00Z"),
                                          at("2024-02-13T10:00:00Z"), b, a, SN_CH_REFERRAL, 1, 1),
                     SN_OK);
    assert_int_equal(sn_store_counted_add(&st, at("2024-03-05T10:00:00Z"),
                                          at("2024-03-05T10:00:00Z"), a, a, SN_CH_PHONE, 2, 2),
                     SN_OK);
    assert_int_equal(sn_store_contacts(&st), 6);
    assert_int_equal(st.last_time, at("2024-03-05T10:00:00Z"));
    sn_view_opts o;
    sn_view_opts_init(&o);
    o.weight = SN_WEIGHT_SUM;
    sn_net net;
    sn_err err;
    assert_int_equal(sn_net_build(&st, &o, &net, &err), SN_OK);
    assert_int_equal(net.n_ties, 1);
    assert_near(net.tie_contacts[0], 4, 0);
    assert_near(net.tie_weight[0], 4.5, 0);
    assert_int_equal(net.contacts_in_window, 6);
    assert_int_equal(net.self_contacts, 2);
    int32_t *ct;
    assert_int_equal(sn_net_contact_ties(&net, 1, &ct, &err), SN_OK);
    sn_tie_details d;
    assert_int_equal(sn_net_tie_details(&net, ct, &d, &err), SN_OK);
    assert_int_equal(d.channels[SN_CH_PHONE], 3);
    assert_int_equal(d.channels[SN_CH_REFERRAL], 1);
    assert_int_equal(d.first[0], at("2024-01-31T23:30:00Z"));
    assert_int_equal(d.last[0], at("2024-02-13T10:00:00Z"));
    sn_tie_details_free(&d);
    free(ct);
    sn_net_free(&net);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        T(test_buckets),     T(test_month_oslo),   T(test_month_utc_and_week),
        T(test_small_cells), T(test_counted_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
