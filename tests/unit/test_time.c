/*
 * test_time.c - sn_time_parse, sn_days_from_civil, sn_time_format and sn_date_format.
 *
 * Every expected value below is worked out by hand from the calendar:
 *   1970-01-01 -> 2020-01-01 is 50 years with 12 leap days = 18262 days = 1577836800 s.
 *   2000-01-01 is day 10957; 1900-01-01 is day -25567; 1600-01-01 is day -135140.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "samnett/error.h"
#include "samnett/time.h"

#define D2020 INT64_C(1577836800) /* 2020-01-01T00:00:00Z */
#define DAY INT64_C(86400)

/* The reason into why[0 .. whylen), cut to fit. */
static void copy_why(char *why, size_t whylen, const char *msg)
{
    if (!why || !whylen)
        return;
    size_t n = strlen(msg);
    if (n >= whylen)
        n = whylen - 1;
    memcpy(why, msg, n);
    why[n] = '\0';
}

/* Parse s[0..len); the returned position (0 = accepted), the reason in why. */
static int parse_n(const char *s, size_t len, int64_t *t, sn_time_zone *z, char *why, size_t whylen)
{
    size_t col = 99;
    sn_err e;
    sn_status rc = sn_time_parse(s, len, t, z, &col, &e);
    if (rc == SN_OK) {
        assert_int_equal(col, 0);
        return 0;
    }
    assert_int_equal(rc, SN_EINPUT);
    assert_true(col >= 1);
    copy_why(why, whylen, e.msg);
    return (int)col;
}

/* Parse a NUL-terminated string; the returned position (0 = accepted). */
static int parse(const char *s, int64_t *t, sn_time_zone *z, char *why, size_t whylen)
{
    return parse_n(s, strlen(s), t, z, why, whylen);
}

/* Parse a range; 0, or -1 with the reason in why. */
static int range(const char *s, sn_time_range *r, char *why, size_t whylen)
{
    sn_err e;
    sn_status rc = sn_time_range_parse(s, r, &e);
    if (rc == SN_OK)
        return 0;
    assert_int_equal(rc, SN_EINPUT);
    copy_why(why, whylen, e.msg);
    return -1;
}

static void check_ok(const char *s, int64_t want, sn_time_zone want_zone)
{
    int64_t t = -12345;
    sn_time_zone z = want_zone == SN_TIME_UTC ? SN_TIME_LOCAL : SN_TIME_UTC;
    char why[128] = "";
    int pos = parse(s, &t, &z, why, sizeof why);
    if (pos != 0)
        print_error("'%s' rejected at %d: %s\n", s, pos, why);
    assert_int_equal(pos, 0);
    assert_int_equal(t, want);
    assert_int_equal(z, want_zone);
}

/* s must be rejected at 1-based position want_pos with a reason containing word. */
static void check_bad(const char *s, int want_pos, const char *word)
{
    int64_t t = 0;
    sn_time_zone z = SN_TIME_UTC;
    char why[128] = "";
    int pos = parse(s, &t, &z, why, sizeof why);
    if (pos != want_pos)
        print_error("'%s': position %d, expected %d (%s)\n", s, pos, want_pos, why);
    assert_int_equal(pos, want_pos);
    assert_true(why[0] != '\0');
    if (word && !strstr(why, word))
        print_error("'%s': reason '%s' lacks '%s'\n", s, why, word);
    if (word)
        assert_non_null(strstr(why, word));
}

static void test_date_only(void **state)
{
    (void)state;
    check_ok("2020-01-01", D2020, SN_TIME_LOCAL);
    check_ok("1970-01-01", 0, SN_TIME_LOCAL);
    check_ok("2020-03-01", D2020 + (31 + 29) * DAY, SN_TIME_LOCAL);
    check_ok("1969-12-31", -DAY, SN_TIME_LOCAL);
    check_ok("2020-12-31", D2020 + 365 * DAY, SN_TIME_LOCAL);
}

static void test_date_time_forms(void **state)
{
    (void)state;
    int64_t t1234 = D2020 + 12 * 3600 + 34 * 60;
    check_ok("2020-01-01T12:34", t1234, SN_TIME_LOCAL);
    check_ok("2020-01-01 12:34", t1234, SN_TIME_LOCAL);
    check_ok("2020-01-01t12:34", t1234, SN_TIME_LOCAL);
    check_ok("2020-01-01T12:34:56", t1234 + 56, SN_TIME_LOCAL);
    check_ok("2020-01-01 12:34:56", t1234 + 56, SN_TIME_LOCAL);
    check_ok("2020-01-01T00:00:00", D2020, SN_TIME_LOCAL);
    check_ok("2020-01-01T23:59:59", D2020 + DAY - 1, SN_TIME_LOCAL);
    /* 24:00 is the end of the day, i.e. the next midnight */
    check_ok("2020-01-01T24:00", D2020 + DAY, SN_TIME_LOCAL);
    check_ok("2020-01-01T24:00:00", D2020 + DAY, SN_TIME_LOCAL);
}

static void test_fractions(void **state)
{
    (void)state;
    int64_t t = D2020 + 12 * 3600 + 34 * 60 + 56;
    check_ok("2020-01-01T12:34:56.789", t, SN_TIME_LOCAL);
    check_ok("2020-01-01T12:34:56.999999999", t, SN_TIME_LOCAL); /* truncated, not rounded */
    check_ok("2020-01-01T12:34:56,5", t, SN_TIME_LOCAL);
    check_ok("2020-01-01T12:34:56.1Z", t, SN_TIME_UTC);
    check_ok("2020-01-01T12:34:56.250+01:00", t - 3600, SN_TIME_UTC);
}

static void test_zones(void **state)
{
    (void)state;
    check_ok("2020-01-01T00:00:00Z", D2020, SN_TIME_UTC);
    check_ok("2020-01-01T00:00:00z", D2020, SN_TIME_UTC);
    check_ok("2020-01-01T00:00Z", D2020, SN_TIME_UTC);
    check_ok("2020-01-01 00:00:00Z", D2020, SN_TIME_UTC);
    /* 2020-03-01 is day 18322; 12:00 at +01:00 is 11:00 UTC */
    check_ok("2020-03-01T12:00:00+01:00", INT64_C(1583060400), SN_TIME_UTC);
    check_ok("2020-03-01T12:00:00+0100", INT64_C(1583060400), SN_TIME_UTC);
    check_ok("2020-03-01T12:00:00+01", INT64_C(1583060400), SN_TIME_UTC);
    check_ok("2020-03-01T12:00+01:00", INT64_C(1583060400), SN_TIME_UTC);
    /* west of Greenwich: local 00:00 at -05:30 is 05:30 UTC */
    check_ok("2020-01-01T00:00:00-0530", D2020 + 5 * 3600 + 30 * 60, SN_TIME_UTC);
    check_ok("2020-01-01T00:00:00-05:30", D2020 + 5 * 3600 + 30 * 60, SN_TIME_UTC);
    check_ok("2020-01-01T00:00:00+02", D2020 - 2 * 3600, SN_TIME_UTC);
    check_ok("2020-01-01T00:00:00+00:00", D2020, SN_TIME_UTC);
    check_ok("2020-01-01T00:00:00-00:00", D2020, SN_TIME_UTC);
    /* an offset crossing midnight backwards into 2019 */
    check_ok("2020-01-01T00:30:00+01:00", D2020 - 1800, SN_TIME_UTC);
    check_ok("2020-01-01T10:00:00+14:00", D2020 - 4 * 3600, SN_TIME_UTC);
}

static void test_epoch_seconds(void **state)
{
    (void)state;
    check_ok("0", 0, SN_TIME_UTC);
    check_ok("1577836800", D2020, SN_TIME_UTC);
    check_ok("1583060400", INT64_C(1583060400), SN_TIME_UTC);
    check_ok("-1", -1, SN_TIME_UTC);
    check_ok("-86400", -DAY, SN_TIME_UTC);
    check_ok("-2208988800", INT64_C(-2208988800), SN_TIME_UTC); /* 1900-01-01 */
    check_ok("999999999999", INT64_C(999999999999), SN_TIME_UTC);
    check_ok("007", 7, SN_TIME_UTC);
    /* 13 digits is out of range */
    check_bad("1000000000000", 1, "12 digits");
    /* a lone '-' or '-' followed by a non-digit is not a number and not a date */
    check_bad("-", 1, "year");
    check_bad("-12a", 1, "year");
}

static void test_leap_years(void **state)
{
    (void)state;
    check_ok("2020-02-29", D2020 + (31 + 28) * DAY, SN_TIME_LOCAL);
    check_ok("2000-02-29", (10957 + 31 + 28) * DAY, SN_TIME_LOCAL); /* divisible by 400 */
    check_ok("2019-02-28", D2020 - (365 - 31 - 27) * DAY, SN_TIME_LOCAL);
    check_ok("2024-02-29T12:00:00Z", (19723 + 31 + 28) * DAY + 12 * 3600, SN_TIME_UTC);
    check_bad("2019-02-29", 9, "day");
    check_bad("1900-02-29", 9, "day"); /* divisible by 100, not by 400 */
    check_bad("2100-02-29", 9, "day");
    check_bad("2020-02-30", 9, "day");
}

static void test_out_of_range_fields(void **state)
{
    (void)state;
    check_bad("2020-13-01", 6, "month");
    check_bad("2020-00-10", 6, "month");
    check_bad("2020-99-10", 6, "month");
    check_bad("2020-01-32", 9, "day");
    check_bad("2020-04-31", 9, "day");
    check_bad("2020-01-00", 9, "day");
    check_bad("2020-01-01T25:00", 12, "hour");
    check_bad("2020-01-01T99:00:00Z", 12, "hour");
    check_bad("2020-01-01T10:60", 15, "minutes");
    check_bad("2020-01-01T10:00:61", 18, "seconds");
    check_bad("2020-01-01T10:00:00+19:00", 21, "offset hour");
    check_bad("2020-01-01T10:00:00+01:60", 24, "offset minutes");
    /* hour 24 only as 24:00:00; the position lies inside the time part */
    int64_t t;
    sn_time_zone z;
    char why[128] = "";
    int pos = parse("2020-01-01T24:01", &t, &z, why, sizeof why);
    assert_true(pos >= 12 && pos <= 17);
    assert_non_null(strstr(why, "24"));
    pos = parse("2020-01-01T24:00:01", &t, &z, why, sizeof why);
    assert_true(pos >= 12 && pos <= 20);
}

static void test_bad_separators(void **state)
{
    (void)state;
    check_bad("2020/01/01", 5, "'-'");
    check_bad("2020-01/01", 8, "'-'");
    check_bad("2020-1-01", 7, "month"); /* one-digit month: '-' where a digit belongs */
    check_bad("2020-01-1", 10, "day");  /* one-digit day at the end */
    check_bad("2020-01-01X10:00", 11, "'T'");
    check_bad("2020-01-01_10:00", 11, "'T'");
    check_bad("2020-01-01T10.00", 14, "':'");
    check_bad("2020-01-01T1000", 14, "':'");
    check_bad("2020-01-01T10:00:00.Z", 21, "digits");
    check_bad("2020-01-01T10:00:00/01:00", 20, "offset");
    check_bad("20a0-01-01", 3, "year");
    check_bad("01-01-2020", 3, "year");
    check_bad("2020-01-01T", 12, "hour");
    check_bad("2020-01-01T1", 13, "hour");
    check_bad("2020-01-01T10:", 15, "minutes");
    check_bad("2020-01-01T10:00:00+1", 22, "offset hour");
}

static void test_trailing_garbage(void **state)
{
    (void)state;
    check_bad("2020-01-01x", 11, "'T'");
    check_bad("2020-01-01 ", 12, "hour");
    check_bad("2020-01-01T10:00:00Zx", 21, "end of field");
    check_bad("2020-01-01T10:00:00ZZ", 21, "end of field");
    check_bad("2020-01-01T10:00:00+01:00x", 26, "end of field");
    check_bad("2020-01-01T10:00:00 ", 20, "offset");
    check_bad("2020-01-01T10:00:00.5 x", 22, "offset");
    check_bad("12345 ", 5, "'-'"); /* not all digits: tried as a date */
    check_bad("1577836800Z", 5, "'-'");
}

static void test_empty_and_length(void **state)
{
    (void)state;
    int64_t t = 42;
    sn_time_zone z = SN_TIME_UTC;
    char why[128] = "";
    assert_int_equal(parse_n("", 0, &t, &z, why, sizeof why), 1);
    assert_non_null(strstr(why, "nothing"));
    assert_int_equal(t, 42); /* untouched on failure */
    /* only len bytes are read: the rest of the buffer is ignored */
    const char *s = "2020-01-01T00:00:00Zgarbage";
    assert_int_equal(parse_n(s, 20, &t, &z, why, sizeof why), 0);
    assert_int_equal(t, D2020);
    assert_int_equal(z, SN_TIME_UTC);
    assert_int_equal(parse_n(s, 10, &t, &z, why, sizeof why), 0);
    assert_int_equal(t, D2020);
    assert_int_equal(z, SN_TIME_LOCAL);
    /* cut inside the date */
    assert_int_equal(parse_n(s, 7, &t, &z, why, sizeof why), 8);
    /* why may be NULL */
    assert_int_equal(parse_n("2020-13-01", 10, &t, &z, NULL, 0), 6);
    /* a short why buffer is truncated, still NUL-terminated */
    char tiny[6];
    memset(tiny, 'x', sizeof tiny);
    assert_int_equal(parse_n("2020-13-01", 10, &t, &z, tiny, sizeof tiny), 6);
    assert_int_equal(strlen(tiny), 5);
}

static void test_days_from_civil(void **state)
{
    (void)state;
    assert_int_equal(sn_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(sn_days_from_civil(1970, 1, 2), 1);
    assert_int_equal(sn_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(sn_days_from_civil(1970, 3, 1), 59);
    assert_int_equal(sn_days_from_civil(1972, 3, 1), 365 * 2 + 60);
    assert_int_equal(sn_days_from_civil(2000, 1, 1), 10957);
    assert_int_equal(sn_days_from_civil(2000, 3, 1), 10957 + 31 + 29);
    assert_int_equal(sn_days_from_civil(2020, 1, 1), 18262);
    assert_int_equal(sn_days_from_civil(2020, 3, 1), 18322);
    assert_int_equal(sn_days_from_civil(1900, 1, 1), -25567);
    assert_int_equal(sn_days_from_civil(1900, 3, 1), -25567 + 31 + 28);
    assert_int_equal(sn_days_from_civil(1600, 1, 1), -135140);
    /* consecutive days stay consecutive across month and year ends */
    assert_int_equal(sn_days_from_civil(2019, 12, 31) + 1, sn_days_from_civil(2020, 1, 1));
    assert_int_equal(sn_days_from_civil(2020, 2, 29) + 1, sn_days_from_civil(2020, 3, 1));
    assert_int_equal(sn_days_from_civil(2019, 2, 28) + 1, sn_days_from_civil(2019, 3, 1));
}

static void test_format(void **state)
{
    (void)state;
    char buf[32];
    sn_time_format(0, buf, sizeof buf);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    sn_time_format(D2020, buf, sizeof buf);
    assert_string_equal(buf, "2020-01-01T00:00:00Z");
    sn_time_format(INT64_C(1583060400), buf, sizeof buf);
    assert_string_equal(buf, "2020-03-01T11:00:00Z");
    sn_time_format((10957 + 59) * DAY + 3661, buf, sizeof buf);
    assert_string_equal(buf, "2000-02-29T01:01:01Z");
    sn_time_format(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    sn_time_format(-DAY, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31T00:00:00Z");
    sn_time_format(-DAY - 1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-30T23:59:59Z");
    sn_time_format(INT64_C(-2208988800), buf, sizeof buf);
    assert_string_equal(buf, "1900-01-01T00:00:00Z");

    /* against the C library's gmtime_r and strftime, years 1 to 9999 */
    uint64_t r = 88172645463325252ull;
    for (int i = 0; i < 200000; i++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        int64_t t = INT64_C(-62135596800) + (int64_t)(r % UINT64_C(315537897600));
        time_t tt = (time_t)t;
        struct tm tm;
        char want[64];
        assert_non_null(gmtime_r(&tt, &tm));
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (tm.tm_year + 1900 < 1000) /* strftime's %Y does not pad */
            snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        sn_time_format(t, buf, sizeof buf);
        assert_string_equal(buf, want);
    }
    sn_time_format(INT64_C(1583060400), buf, 12); /* cut short as snprintf cuts */
    assert_string_equal(buf, "2020-03-01T");

    char d[16];
    sn_date_format(0, d, sizeof d);
    assert_string_equal(d, "1970-01-01");
    sn_date_format(D2020 + DAY - 1, d, sizeof d);
    assert_string_equal(d, "2020-01-01");
    sn_date_format(D2020 + (31 + 28) * DAY, d, sizeof d);
    assert_string_equal(d, "2020-02-29");
    sn_date_format(-1, d, sizeof d);
    assert_string_equal(d, "1969-12-31");
    sn_date_format(-DAY, d, sizeof d);
    assert_string_equal(d, "1969-12-31");
    sn_date_format(-DAY - 1, d, sizeof d);
    assert_string_equal(d, "1969-12-30");
}

static void test_format_parse_round_trip(void **state)
{
    (void)state;
    const int64_t times[] = {
        0,
        1,
        -1,
        59,
        -59,
        DAY - 1,
        -DAY,
        D2020,
        D2020 - 1,
        INT64_C(1583060400),
        INT64_C(951782400) /* 2000-02-29 */,
        INT64_C(-2208988800),
        INT64_C(-2203891201),
        INT64_C(4102444800) /* 2100-01-01 */,
        INT64_C(253402300799) /* 9999-12-31T23:59:59Z */,
    };
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        char buf[32];
        sn_time_format(times[i], buf, sizeof buf);
        assert_int_equal(strlen(buf), 20);
        int64_t back = 0;
        sn_time_zone z = SN_TIME_LOCAL;
        char why[128] = "";
        int pos = parse(buf, &back, &z, why, sizeof why);
        if (pos)
            print_error("%s: %s\n", buf, why);
        assert_int_equal(pos, 0);
        assert_int_equal(back, times[i]);
        assert_int_equal(z, SN_TIME_UTC);
        /* the date alone gives the midnight at or before the time */
        char d[16];
        sn_date_format(times[i], d, sizeof d);
        assert_memory_equal(d, buf, 10);
        assert_int_equal(parse(d, &back, &z, why, sizeof why), 0);
        assert_true(back <= times[i] && times[i] - back < DAY);
        assert_int_equal(back % DAY, 0);
    }
    /* every day of 2019-2021 (incl. one leap year) round-trips via the date */
    for (int64_t day = 17897; day < 18993; day++) {
        char d[16];
        sn_date_format(day * DAY + 4321, d, sizeof d);
        int64_t back = 0;
        sn_time_zone z;
        assert_int_equal(parse(d, &back, &z, NULL, 0), 0);
        assert_int_equal(back, day * DAY);
        assert_int_equal(z, SN_TIME_LOCAL);
    }
}

/* Regression tests for bugs found and fixed in review. */
static void test_regressions(void **state)
{
    (void)state;
    /* a trailing ':' after the offset hour is not an offset */
    check_bad("2020-01-01T10:00:00+01:", 24, "offset minutes");
    /* "[-]digits" with 12 digits: the '-' should not count as a digit */
    check_ok("-999999999999", INT64_C(-999999999999), SN_TIME_UTC);
}

/* The plausible range: its default and "FROM..TO" with open ends and errors. */
static void test_time_range(void **state)
{
    (void)state;
    sn_time_range r;
    /* 2026-12-03 09:00: up to and including 2036-12-03 */
    sn_time_range_default(sn_days_from_civil(2026, 12, 3) * DAY + 9 * 3600, &r);
    assert_int_equal(r.from, 0);
    assert_int_equal(r.to, sn_days_from_civil(2036, 12, 4) * DAY);
    /* 2024-02-29 + 10 years is not a leap year: up to 2034-02-28 */
    sn_time_range_default(sn_days_from_civil(2024, 2, 29) * DAY, &r);
    assert_int_equal(r.to, sn_days_from_civil(2034, 3, 1) * DAY);
    /* before 1970 too */
    sn_time_range_default(-DAY / 2, &r);
    assert_int_equal(r.to, sn_days_from_civil(1980, 1, 1) * DAY);

    char why[160];
    sn_time_range d = {0, 100 * DAY};
    r = d;
    assert_int_equal(range("2000-01-01..2030-12-31", &r, why, sizeof why), 0);
    assert_int_equal(r.from, INT64_C(946684800));
    assert_int_equal(r.to, sn_days_from_civil(2031, 1, 1) * DAY); /* a bare date: the whole day */
    r = d;
    assert_int_equal(range("..@60", &r, why, sizeof why), 0); /* epoch seconds */
    assert_int_equal(r.from, 0);
    assert_int_equal(r.to, 60);
    r = d;
    assert_int_equal(range("1600-01-01..", &r, why, sizeof why), 0);
    assert_int_equal(r.from, INT64_C(-135140) * DAY);
    assert_int_equal(r.to, 100 * DAY); /* kept */
    r = d;
    assert_int_equal(range("..", &r, why, sizeof why), 0);
    assert_int_equal(r.from, d.from);
    assert_int_equal(r.to, d.to);
    r = d;
    assert_int_equal(range("1970-01-01T01:00:00+01:00..1970-01-02T00:00:00Z", &r, why, sizeof why),
                     0);
    assert_int_equal(r.from, 0);
    assert_int_equal(r.to, DAY); /* a full time as TO is the end itself */

    /* errors leave r as it was and say what was expected */
    static const struct {
        const char *s, *why;
    } bad[] = {
        {"2020", "FROM..TO"},
        {"", "FROM..TO"},
        {"2020-01-01..2021-01-01..2022-01-01", "FROM..TO"},
        {"2020-01-01...2021-01-01", "for TO"},
        {"x..2020-01-01", "for FROM"},
        {"2020-02-30..", "for FROM"},
        {"..2020-13-01", "for TO"},
        {"2030-01-01..2020-01-01", "FROM before TO"},
        {"2020-01-01T00:00:00Z..2020-01-01T00:00:00Z", "FROM before TO"},
        {"..1969-12-31", "FROM before TO"}, /* TO is 1970-01-01, FROM (kept) too */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = d;
        why[0] = '\0';
        if (range(bad[i].s, &r, why, sizeof why) != -1)
            fail_msg("'%s' accepted", bad[i].s);
        if (!strstr(why, bad[i].why))
            fail_msg("'%s': '%s' lacks '%s'", bad[i].s, why, bad[i].why);
        assert_int_equal(r.from, d.from);
        assert_int_equal(r.to, d.to);
    }
    /* inside: from <= t < to */
    r = (sn_time_range){10, 20};
    assert_true(sn_time_in_range(&r, 10));
    assert_true(sn_time_in_range(&r, 19));
    assert_false(sn_time_in_range(&r, 20));
    assert_false(sn_time_in_range(&r, 9));
}

/* ---- time zones ---- */

static sn_tz *oslo(void)
{
    sn_tz *z = NULL;
    sn_err e;
    if (sn_tz_load("Europe/Oslo", &z, &e) != SN_OK)
        fail_msg("Europe/Oslo: %s", e.msg);
    return z;
}

/* The wall-clock reading y-m-d h:mi as seconds counted as if it were UTC. */
static int64_t wall(int64_t y, unsigned m, unsigned d, int h, int mi)
{
    return sn_days_from_civil(y, m, d) * DAY + h * 3600 + mi * 60;
}

static void test_tz_known_instants(void **state)
{
    (void)state;
    sn_tz *z = oslo();
    int64_t u;
    /* winter: UTC+1 */
    assert_int_equal(sn_tz_to_utc(z, wall(2023, 1, 5, 9, 15), &u, NULL), SN_TZ_NORMAL);
    assert_int_equal(u, wall(2023, 1, 5, 8, 15));
    /* summer: UTC+2 */
    assert_int_equal(sn_tz_to_utc(z, wall(2023, 7, 5, 9, 15), &u, NULL), SN_TZ_NORMAL);
    assert_int_equal(u, wall(2023, 7, 5, 7, 15));
    /* 2023-03-26 02:30 does not exist (02:00 -> 03:00): read with the offset before, +1 */
    assert_int_equal(sn_tz_to_utc(z, wall(2023, 3, 26, 2, 30), &u, NULL), SN_TZ_NONEXISTENT);
    assert_int_equal(u, wall(2023, 3, 26, 1, 30));
    /* 2023-10-29 02:30 happens twice (03:00 -> 02:00): the first, summer time, is taken */
    assert_int_equal(sn_tz_to_utc(z, wall(2023, 10, 29, 2, 30), &u, NULL), SN_TZ_AMBIGUOUS);
    assert_int_equal(u, wall(2023, 10, 29, 0, 30));
    /* the hours around them are plain */
    assert_int_equal(sn_tz_to_utc(z, wall(2023, 3, 26, 1, 59), &u, NULL), SN_TZ_NORMAL);
    assert_int_equal(u, wall(2023, 3, 26, 0, 59));
    assert_int_equal(sn_tz_to_utc(z, wall(2023, 3, 26, 3, 0), &u, NULL), SN_TZ_NORMAL);
    assert_int_equal(u, wall(2023, 3, 26, 1, 0));
    assert_int_equal(sn_tz_to_utc(z, wall(2023, 10, 29, 3, 0), &u, NULL), SN_TZ_NORMAL);
    assert_int_equal(u, wall(2023, 10, 29, 2, 0));
    /* offsets of instants, and far ahead (the zone's rule beyond its table) */
    assert_int_equal(sn_tz_offset(z, wall(2023, 1, 5, 8, 15)), 3600);
    assert_int_equal(sn_tz_offset(z, wall(2023, 7, 5, 7, 15)), 7200);
    assert_int_equal(sn_tz_offset(z, wall(2077, 7, 1, 0, 0)), 7200);
    assert_int_equal(sn_tz_offset(z, wall(2077, 12, 1, 0, 0)), 3600);
    assert_string_equal(sn_tz_name(z), "Europe/Oslo");
    char buf[48];
    sn_time_format_zone(z, wall(2023, 7, 5, 7, 15), buf, sizeof buf);
    assert_string_equal(buf, "2023-07-05T09:15:00+02:00");
    sn_time_format_zone(NULL, wall(2023, 7, 5, 7, 15), buf, sizeof buf);
    assert_string_equal(buf, "2023-07-05T07:15:00Z");
    sn_tz_free(z);

    sn_err e;
    assert_int_equal(sn_tz_load("Mars/Olympus_Mons", &z, &e), SN_EUSAGE);
    assert_non_null(strstr(e.msg, "unknown time zone 'Mars/Olympus_Mons'"));
    assert_int_equal(sn_tz_load("../../etc/passwd", &z, &e), SN_EUSAGE);
    assert_int_equal(sn_tz_load("UTC", &z, &e), SN_OK);
    assert_int_equal(sn_tz_to_utc(z, 12345, &u, NULL), SN_TZ_NORMAL);
    assert_int_equal(u, 12345);
    sn_tz_free(z);
}

/* Every half hour of 2023 and 2024 against Python's zoneinfo (skipped without python3). */
static void test_tz_against_python(void **state)
{
    (void)state;
    const char *dir = getenv("SN_TEST_DATA");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "python3 '%s/crosscheck/tz_hours.py' Europe/Oslo 2023 2>/dev/null",
             dir ? dir : "tests");
    FILE *p = popen(cmd, "r");
    if (!p)
        skip();
    sn_tz *z = oslo();
    sn_tz_span span = SN_TZ_SPAN_EMPTY;
    char tag[4];
    long long a, b;
    int kind;
    long n_local = 0, n_off = 0, kinds[3] = {0, 0, 0};
    while (fscanf(p, "%3s %lld %lld", tag, &a, &b) == 3) {
        if (tag[0] == 'L') {
            if (fscanf(p, "%d", &kind) != 1)
                break;
            int64_t u1, u2;
            int k1 = (int)sn_tz_to_utc(z, a, &u1, NULL), k2 = (int)sn_tz_to_utc(z, a, &u2, &span);
            if (u1 != b || k1 != kind || u2 != b || k2 != kind)
                fail_msg("local %lld: %lld kind %d (cached %lld %d), python %lld kind %d", a,
                         (long long)u1, k1, (long long)u2, k2, b, kind);
            kinds[kind]++;
            n_local++;
        } else {
            if (sn_tz_offset(z, a) != b)
                fail_msg("instant %lld: offset %d, python %lld", a, sn_tz_offset(z, a), b);
            n_off++;
        }
    }
    int rc = pclose(p);
    sn_tz_free(z);
    if (rc != 0 || n_local == 0)
        skip(); /* no python3 or no zoneinfo */
    assert_int_equal(n_local, 731 * 48);
    assert_int_equal(n_off, 731 * 24);
    assert_int_equal(kinds[1], 4); /* two half hours repeated each October */
    assert_int_equal(kinds[2], 4); /* two skipped each March */
}

static void test_day_first(void **state)
{
    (void)state;
    check_ok("05.01.2023 09:15", wall(2023, 1, 5, 9, 15), SN_TIME_LOCAL);
    check_ok("05.01.2023 09:15:30", wall(2023, 1, 5, 9, 15) + 30, SN_TIME_LOCAL);
    check_ok("5.1.2023 9:15", wall(2023, 1, 5, 9, 15), SN_TIME_LOCAL);
    check_ok("05.01.2023", wall(2023, 1, 5, 0, 0), SN_TIME_LOCAL);
    check_ok("31.12.23", wall(2023, 12, 31, 0, 0), SN_TIME_LOCAL);
    check_ok("01.01.69", wall(2069, 1, 1, 0, 0), SN_TIME_LOCAL); /* 00-69: 20xx */
    check_ok("01.01.70", wall(1970, 1, 1, 0, 0), SN_TIME_LOCAL); /* 70-99: 19xx */
    check_ok("29.02.2024 23:59", wall(2024, 2, 29, 23, 59), SN_TIME_LOCAL);
    check_bad("29.02.2023", 1, "day");
    check_bad("32.01.2023", 1, "day");
    check_bad("05.13.2023", 4, "month");
    check_bad("05.01.023", 7, "year");
    check_bad("05.01.2023 25:00", 12, "hour");
    check_bad("05.01.2023 09:15x", 17, "end of field");

    int64_t t;
    sn_time_zone zn;
    assert_int_equal(sn_time_strptime("%d/%m/%Y %H:%M", "05/01/2023 09:15", &t, &zn), 0);
    assert_int_equal(t, wall(2023, 1, 5, 9, 15));
    assert_int_equal(zn, SN_TIME_LOCAL);
    assert_int_equal(sn_time_strptime("%m/%d/%Y %H:%M", "05/01/2023 09:15", &t, &zn), 0);
    assert_int_equal(t, wall(2023, 5, 1, 9, 15));
    assert_int_equal(sn_time_strptime("%Y%m%d %H%M %z", "20230105 0915 +0100", &t, &zn), 0);
    assert_int_equal(t, wall(2023, 1, 5, 8, 15));
    assert_int_equal(zn, SN_TIME_UTC);
    assert_int_equal(sn_time_strptime("%d/%m/%Y", "31/02/2023", &t, &zn), -1);
    assert_int_equal(sn_time_strptime("%d/%m/%Y", "05/01/2023 x", &t, &zn), -1);
}

static void test_periods(void **state)
{
    (void)state;
    sn_tz *z = oslo();
    char why[400];
    int64_t t;
    struct {
        const char *s;
        int end;
        int64_t want;
    } ok[] = {
        {"2020", 0, wall(2019, 12, 31, 23, 0)},
        {"2020", 1, wall(2020, 12, 31, 23, 0)}, /* --until 2020 keeps all of 2020 */
        {"2020-03", 0, wall(2020, 2, 29, 23, 0)},
        {"2020-03", 1, wall(2020, 3, 31, 22, 0)}, /* April starts in summer time */
        {"2020-12", 1, wall(2020, 12, 31, 23, 0)},
        {"2020Q1", 0, wall(2019, 12, 31, 23, 0)},
        {"2020q1", 1, wall(2020, 3, 31, 22, 0)},
        {"2020Q4", 1, wall(2020, 12, 31, 23, 0)},
        {"2020-03-15", 0, wall(2020, 3, 14, 23, 0)},
        {"2020-03-15", 1, wall(2020, 3, 15, 23, 0)},
        {"15.03.2020", 1, wall(2020, 3, 15, 23, 0)},
        {"2020-07-01T12:00", 1, wall(2020, 7, 1, 10, 0)},
        {"2020-07-01T12:00:00Z", 0, wall(2020, 7, 1, 12, 0)},
        {"@1583020800", 0, 1583020800},
        {"@1583020800", 1, 1583020800},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        why[0] = '\0';
        if (sn_time_period(ok[i].s, ok[i].end, z, &t, why, sizeof why) != 0)
            fail_msg("'%s' refused: %s", ok[i].s, why);
        if (t != ok[i].want)
            fail_msg("'%s' (end %d): %lld, expected %lld", ok[i].s, ok[i].end, (long long)t,
                     (long long)ok[i].want);
    }
    const char *bad[] = {"2020x",   "12345", "1583020800", "999",  "0999", "2020Q5",
                         "2020-13", "@",     "@12a",       "soon", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        why[0] = '\0';
        if (sn_time_period(bad[i], 0, z, &t, why, sizeof why) == 0)
            fail_msg("'%s' accepted", bad[i]);
        assert_true(why[0] != '\0');
    }
    assert_int_equal(sn_time_period("12345", 0, z, &t, why, sizeof why), -1);
    assert_non_null(strstr(why, "year 1000-9999"));
    assert_non_null(strstr(why, "@"));
    sn_tz_free(z);
}

/* Dates and calendar windows follow the process's zone. */
static void test_zone_calendar(void **state)
{
    (void)state;
    assert_int_equal(sn_tz_use("Nowhere/Atlantis", NULL), SN_EUSAGE);
    assert_string_equal(sn_tz_name(sn_tz_current()), "UTC"); /* kept */
    assert_int_equal(sn_tz_use("Europe/Oslo", NULL), SN_OK);
    char d[16];
    /* 2023-03-31 23:30 in Oslo is 21:30Z: still March, still Q1 */
    int64_t late = wall(2023, 3, 31, 21, 30);
    sn_date_format(late, d, sizeof d);
    assert_string_equal(d, "2023-03-31");
    sn_date_format(wall(2022, 12, 31, 23, 30), d, sizeof d); /* 00:30 on New Year's Day */
    assert_string_equal(d, "2023-01-01");
    /* --time-range reads its dates in the zone too */
    sn_time_range r = {0, 100 * DAY};
    sn_err e;
    assert_int_equal(sn_time_range_parse("2023..2023Q1", &r, &e), SN_OK);
    assert_int_equal(r.from, wall(2022, 12, 31, 23, 0));
    assert_int_equal(r.to, wall(2023, 3, 31, 22, 0));
    assert_int_equal(sn_tz_use("UTC", NULL), SN_OK);
    sn_date_format(late, d, sizeof d);
    assert_string_equal(d, "2023-03-31");
    sn_date_format(wall(2022, 12, 31, 23, 30), d, sizeof d);
    assert_string_equal(d, "2022-12-31");
}

int main(void)
{
    sn_init();
    /* these tests count the calendar in UTC; zone-aware ones load their zone */
    sn_tz_use("UTC", NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_only),
        cmocka_unit_test(test_date_time_forms),
        cmocka_unit_test(test_fractions),
        cmocka_unit_test(test_zones),
        cmocka_unit_test(test_epoch_seconds),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_out_of_range_fields),
        cmocka_unit_test(test_bad_separators),
        cmocka_unit_test(test_trailing_garbage),
        cmocka_unit_test(test_empty_and_length),
        cmocka_unit_test(test_days_from_civil),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_parse_round_trip),
        cmocka_unit_test(test_regressions),
        cmocka_unit_test(test_time_range),
        cmocka_unit_test(test_tz_known_instants),
        cmocka_unit_test(test_tz_against_python),
        cmocka_unit_test(test_day_first),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_zone_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
