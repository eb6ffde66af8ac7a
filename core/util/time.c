/* time.c - ISO 8601, day-first and epoch-second parsing without the C library's TZ. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strptime */
#endif
#include "samnett/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t sn_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Howard Hinnant's days_from_civil algorithm. */
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void sn_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Read exactly n digits at s[*i]; returns -1 if they are not all digits. */
static int digits(const char *s, size_t len, size_t *i, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || s[*i] < '0' || s[*i] > '9')
            return -1;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    return v;
}

static int fail(size_t pos, char *why, size_t whylen, const char *msg)
{
    if (why && whylen)
        snprintf(why, whylen, "%s", msg);
    return (int)pos + 1;
}

/*
 * The rest of a clock time after its hour h (s[*i] on the ':'): ":MM[:SS]",
 * with fraction also ".fff" or ",fff" after the seconds (dropped). Adds the
 * time of day to *secs; 0, or fail()'s position.
 */
static int clock_rest(const char *s, size_t len, size_t *ip, int h, int fraction, int64_t *secs,
                      char *why, size_t whylen)
{
    size_t i = *ip;
    if (i >= len || s[i] != ':')
        return fail(i, why, whylen, "expected ':' after the hour (HH:MM)");
    i++;
    int mi = digits(s, len, &i, 2);
    if (mi < 0 || mi > 59)
        return fail(mi < 0 ? i : i - 2, why, whylen, "expected minutes 00-59");
    int se = 0;
    if (i < len && s[i] == ':') {
        i++;
        se = digits(s, len, &i, 2);
        if (se < 0 || se > 60)
            return fail(se < 0 ? i : i - 2, why, whylen, "expected seconds 00-60");
        if (fraction && i < len && (s[i] == '.' || s[i] == ',')) {
            i++;
            size_t start = i;
            while (i < len && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == start)
                return fail(i, why, whylen, "expected digits after the decimal point");
        }
    }
    if (h == 24 && (mi || se))
        return fail(i, why, whylen, "expected 24:00:00 as the only time with hour 24");
    *secs += h * 3600 + mi * 60 + se;
    *ip = i;
    return 0;
}

/* 1 or 2 digits at s[*i] (up to max); -1 when none or too large. */
static int digits12(const char *s, size_t len, size_t *i, int max)
{
    int v = -1;
    for (int k = 0; k < 2 && *i < len && s[*i] >= '0' && s[*i] <= '9'; k++) {
        v = (v < 0 ? 0 : v * 10) + (s[*i] - '0');
        (*i)++;
    }
    return v > max ? -1 : v;
}

/*
 * Day first, as Norwegian exports write it: D.M.YYYY or DD.MM.YY, then
 * optionally a space (or 'T') and H:MM[:SS]. Two-digit years 00-69 are
 * 2000-2069, 70-99 are 1970-1999. Always local.
 */
static int parse_dotted(const char *s, size_t len, int64_t *out, sn_time_zone *zone, char *why,
                        size_t whylen)
{
    size_t i = 0;
    int d = digits12(s, len, &i, 31);
    if (d < 1)
        return fail(0, why, whylen, "expected a day 1-31 (DD.MM.YYYY)");
    if (i >= len || s[i] != '.')
        return fail(i, why, whylen, "expected '.' after the day (DD.MM.YYYY)");
    i++;
    size_t at = i;
    int mo = digits12(s, len, &i, 12);
    if (mo < 1)
        return fail(at, why, whylen, "expected a month 1-12 (DD.MM.YYYY)");
    if (i >= len || s[i] != '.')
        return fail(i, why, whylen, "expected '.' after the month (DD.MM.YYYY)");
    i++;
    at = i;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    int64_t y;
    if (i - at == 4)
        y = (s[at] - '0') * 1000 + (s[at + 1] - '0') * 100 + (s[at + 2] - '0') * 10 +
            (s[at + 3] - '0');
    else if (i - at == 2)
        y = (s[at] - '0') * 10 + (s[at + 1] - '0'), y += y < 70 ? 2000 : 1900;
    else
        return fail(at, why, whylen, "expected a year of 4 (or 2) digits (DD.MM.YYYY)");
    if ((unsigned)d > days_in_month(y, (unsigned)mo))
        return fail(0, why, whylen, "expected a day that exists in that month");
    int64_t secs = sn_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400;
    *zone = SN_TIME_LOCAL;
    if (i < len && (s[i] == ' ' || s[i] == 'T' || s[i] == 't')) {
        i++;
        if (i < len && s[i] == ' ' && s[i - 1] == ' ')
            i++; /* Excel writes "05.01.2023  09:15" at times */
        at = i;
        int h = digits12(s, len, &i, 24);
        if (h < 0)
            return fail(at, why, whylen, "expected an hour 0-23 (DD.MM.YYYY HH:MM)");
        int r = clock_rest(s, len, &i, h, 0, &secs, why, whylen);
        if (r)
            return r;
    }
    if (i != len)
        return fail(i, why, whylen, "expected end of field after DD.MM.YYYY [HH:MM[:SS]]");
    *out = secs;
    return 0;
}

static int parse_time(const char *s, size_t len, int64_t *out, sn_time_zone *zone, char *why,
                      size_t whylen)
{
    size_t i = 0;
    if (len == 0)
        return fail(0, why, whylen, "expected a time (ISO 8601 or epoch seconds), got nothing");

    /* Epoch seconds: an optional '-' and digits only. */
    size_t j = s[0] == '-' ? 1 : 0;
    while (j < len && s[j] >= '0' && s[j] <= '9')
        j++;
    if (j == len && j > (s[0] == '-' ? 1u : 0u)) {
        if (j - (s[0] == '-') > 12)
            return fail(0, why, whylen, "expected epoch seconds of at most 12 digits");
        int64_t v = 0;
        for (size_t k = s[0] == '-'; k < len; k++)
            v = v * 10 + (s[k] - '0');
        *out = s[0] == '-' ? -v : v;
        *zone = SN_TIME_UTC;
        return 0;
    }

    if ((len > 1 && s[1] == '.') || (len > 2 && s[2] == '.'))
        return parse_dotted(s, len, out, zone, why, whylen);
    int y = digits(s, len, &i, 4);
    if (y < 0)
        return fail(i, why, whylen,
                    "expected a 4-digit year (YYYY-MM-DD), a day-first date (DD.MM.YYYY) or "
                    "epoch seconds");
    if (i >= len || s[i] != '-')
        return fail(i, why, whylen, "expected '-' after the year (YYYY-MM-DD)");
    i++;
    int mo = digits(s, len, &i, 2);
    if (mo < 1 || mo > 12)
        return fail(mo < 0 ? i : i - 2, why, whylen, "expected a month 01-12");
    if (i >= len || s[i] != '-')
        return fail(i, why, whylen, "expected '-' after the month (YYYY-MM-DD)");
    i++;
    int d = digits(s, len, &i, 2);
    if (d < 1 || (unsigned)d > days_in_month(y, (unsigned)mo))
        return fail(d < 0 ? i : i - 2, why, whylen, "expected a day that exists in that month");
    int64_t secs = sn_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400;
    *zone = SN_TIME_LOCAL;
    if (i == len) {
        *out = secs;
        return 0;
    }
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
        return fail(i, why, whylen, "expected 'T' or end of field after the date");
    i++;
    int h = digits(s, len, &i, 2);
    if (h < 0 || h > 24)
        return fail(h < 0 ? i : i - 2, why, whylen, "expected an hour 00-23");
    int r = clock_rest(s, len, &i, h, 1, &secs, why, whylen);
    if (r)
        return r;
    if (i < len) {
        if (s[i] == 'Z' || s[i] == 'z') {
            i++;
        } else if (s[i] == '+' || s[i] == '-') {
            int sign = s[i] == '-' ? -1 : 1;
            i++;
            int oh = digits(s, len, &i, 2);
            if (oh < 0 || oh > 18)
                return fail(oh < 0 ? i : i - 2, why, whylen, "expected an offset hour 00-18");
            int om = 0;
            int colon = i < len && s[i] == ':';
            if (colon)
                i++;
            if (i < len || colon) {
                om = digits(s, len, &i, 2);
                if (om < 0 || om > 59)
                    return fail(om < 0 ? i : i - 2, why, whylen, "expected offset minutes 00-59");
            }
            secs -= sign * (oh * 3600 + om * 60);
        } else {
            return fail(i, why, whylen, "expected 'Z', an offset like +01:00, or end of field");
        }
        *zone = SN_TIME_UTC;
        if (i != len)
            return fail(i, why, whylen, "expected end of field after the time zone");
    }
    *out = secs;
    return 0;
}

void sn_time_format(int64_t t, char *buf, size_t len)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rem = t - days * 86400;
    int64_t y;
    unsigned m, d;
    sn_civil_from_days(days, &y, &m, &d);
    /* years 0-9999 without printf (the reports write many times); others as printf writes them */
    if (y < 0 || y > 9999 || len < 21) {
        snprintf(buf, len, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
                 (int)(rem / 3600), (int)(rem % 3600 / 60), (int)(rem % 60));
        return;
    }
    unsigned f[6] = {(unsigned)y / 100,      (unsigned)y % 100,          m, d,
                     (unsigned)(rem / 3600), (unsigned)(rem % 3600 / 60)};
    static const char sep[6] = {0, 0, '-', '-', 'T', ':'};
    char *p = buf;
    for (int i = 0; i < 6; i++) {
        if (sep[i])
            *p++ = sep[i];
        *p++ = (char)('0' + f[i] / 10);
        *p++ = (char)('0' + f[i] % 10);
    }
    *p++ = ':';
    *p++ = (char)('0' + rem % 60 / 10);
    *p++ = (char)('0' + rem % 10);
    *p++ = 'Z';
    *p = '\0';
}

void sn_date_format(int64_t t, char *buf, size_t len)
{
    int64_t days = sn_tz_day(sn_tz_current(), t);
    int64_t y;
    unsigned m, d;
    sn_civil_from_days(days, &y, &m, &d);
    snprintf(buf, len, "%04lld-%02u-%02u", (long long)y, m, d);
}

void sn_time_range_default(int64_t now, sn_time_range *r)
{
    int64_t days = now >= 0 ? now / 86400 : -((-now + 86399) / 86400), y;
    unsigned m, d;
    sn_civil_from_days(days, &y, &m, &d);
    y += 10;
    if (m == 2 && d == 29 && !is_leap(y))
        d = 28;
    r->from = 0;
    r->to = (sn_days_from_civil(y, m, d) + 1) * 86400;
}

/* One end of a range: s[0..len) as a period (sn_time_period), the end's END of it. */
static int range_end(const char *s, size_t len, int is_end, int64_t *out, char *why, size_t whylen)
{
    char buf[96], inner[400];
    if (len >= sizeof buf) {
        if (why && whylen)
            snprintf(why, whylen, "a shorter %s", is_end ? "TO" : "FROM");
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (sn_time_period(buf, is_end, sn_tz_current(), out, inner, sizeof inner) != 0) {
        if (why && whylen)
            snprintf(why, whylen, "for %s %s", is_end ? "TO" : "FROM", inner);
        return -1;
    }
    return 0;
}

static int range_parse(const char *s, sn_time_range *r, char *why, size_t whylen)
{
    const char *dots = strstr(s, "..");
    if (!dots || strstr(dots + 2, "..")) {
        if (why && whylen)
            snprintf(why, whylen, "FROM..TO such as 1990-01-01..2035-12-31");
        return -1;
    }
    sn_time_range v = *r;
    size_t flen = (size_t)(dots - s), tlen = strlen(dots + 2);
    if (flen && range_end(s, flen, 0, &v.from, why, whylen) != 0)
        return -1;
    if (tlen && range_end(dots + 2, tlen, 1, &v.to, why, whylen) != 0)
        return -1;
    if (v.from >= v.to) {
        if (why && whylen)
            snprintf(why, whylen, "FROM before TO");
        return -1;
    }
    *r = v;
    return 0;
}

sn_status sn_time_parse(const char *s, size_t len, int64_t *out, sn_time_zone *zone, size_t *col,
                        sn_err *err)
{
    char why[128];
    int pos = parse_time(s, len, out, zone, why, sizeof why);
    if (col)
        *col = (size_t)pos;
    return pos == 0 ? SN_OK : sn_err_set(err, SN_EINPUT, "%s", why);
}

sn_status sn_time_range_parse(const char *s, sn_time_range *r, sn_err *err)
{
    char why[600];
    return range_parse(s, r, why, sizeof why) == 0 ? SN_OK : sn_err_set(err, SN_EINPUT, "%s", why);
}

void sn_time_format_zone(const sn_tz *z, int64_t t, char *buf, size_t len)
{
    if (!z || (sn_tz_offset(z, t) == 0 && strcmp(sn_tz_name(z), "UTC") == 0)) {
        sn_time_format(t, buf, len);
        return;
    }
    int32_t off = sn_tz_offset(z, t);
    char tmp[40];
    sn_time_format(t + off, tmp, sizeof tmp);
    tmp[19] = '\0'; /* drop the 'Z' */
    int a = off < 0 ? -off : off;
    snprintf(buf, len, "%s%c%02d:%02d", tmp, off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

#define PERIOD_EXPECTED                                                                            \
    "a year (2020), a month (2020-03), a quarter (2020Q1), a date (2020-03-15 or "                 \
    "15.03.2020), a date-time, or epoch seconds written @1583020800"

/* The instant of local midnight starting day `days` in zone z. */
static int64_t local_midnight(const sn_tz *z, int64_t days)
{
    int64_t u;
    sn_tz_to_utc(z, days * 86400, &u, NULL);
    return u;
}

int sn_time_period(const char *s, int end, const sn_tz *z, int64_t *out, char *why, size_t cap)
{
    size_t len = strlen(s);
    if (len && s[0] == '@') {
        size_t k = 1 + (len > 1 && s[1] == '-');
        if (k < len && len - k <= 12 && strspn(s + k, "0123456789") == len - k) {
            int64_t v = 0;
            for (size_t i = k; i < len; i++)
                v = v * 10 + (s[i] - '0');
            *out = s[1] == '-' ? -v : v;
            return 0;
        }
        snprintf(why, cap, "epoch seconds after '@' (at most 12 digits), such as @1583020800");
        return -1;
    }
    size_t ndig = strspn(s, "0123456789");
    if (len && ndig == len) {
        if (len != 4 || s[0] == '0') {
            snprintf(why, cap,
                     "%s; a bare number must be a year 1000-9999 (epoch seconds need '@')",
                     PERIOD_EXPECTED);
            return -1;
        }
        int64_t y = atoi(s);
        *out = local_midnight(z, sn_days_from_civil(y + (end != 0), 1, 1));
        return 0;
    }
    if (ndig == 4 && s[0] != '0' && len == 6 && (s[4] == 'Q' || s[4] == 'q') && s[5] >= '1' &&
        s[5] <= '4') {
        int64_t y = atoi(s);
        unsigned q = (unsigned)(s[5] - '1') + (end != 0);
        *out = local_midnight(z, q == 4 ? sn_days_from_civil(y + 1, 1, 1)
                                        : sn_days_from_civil(y, q * 3 + 1, 1));
        return 0;
    }
    if (ndig == 4 && s[0] != '0' && len == 7 && s[4] == '-' && strspn(s + 5, "0123456789") == 2) {
        int64_t y = atoi(s);
        unsigned m = (unsigned)atoi(s + 5);
        if (m >= 1 && m <= 12) {
            if (end && m == 12)
                y++, m = 1;
            else if (end)
                m++;
            *out = local_midnight(z, sn_days_from_civil(y, m, 1));
            return 0;
        }
    }
    sn_time_zone zone;
    char inner[128];
    int64_t t;
    if (parse_time(s, len, &t, &zone, inner, sizeof inner) != 0 ||
        (ndig == len)) { /* epoch digits were handled above */
        snprintf(why, cap, "%s (%s)", PERIOD_EXPECTED, inner);
        return -1;
    }
    if (zone == SN_TIME_LOCAL) {
        int date_only = !strchr(s, ':');
        if (date_only && end)
            t += 86400; /* a date as the end: the whole day */
        sn_tz_to_utc(z, t, &t, NULL);
    }
    *out = t;
    return 0;
}

int sn_time_strptime(const char *fmt, const char *s, int64_t *out, sn_time_zone *zone)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_mday = 1;
    tm.tm_year = 70;
    const char *end = strptime(s, fmt, &tm);
    if (!end)
        return -1;
    while (*end == ' ')
        end++;
    if (*end)
        return -1;
    int64_t y = (int64_t)tm.tm_year + 1900;
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
        (unsigned)tm.tm_mday > days_in_month(y, (unsigned)tm.tm_mon + 1) || tm.tm_hour < 0 ||
        tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60)
        return -1;
    *out = sn_days_from_civil(y, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) * 86400 +
           tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    *zone = SN_TIME_LOCAL;
    if (strstr(fmt, "%z")) {
        *out -= tm.tm_gmtoff;
        *zone = SN_TIME_UTC;
    }
    return 0;
}

sn_status sn_bucket_parse(const char *s, sn_bucket *out)
{
    static const char *const names[] = {"day", "week", "month", "quarter"};
    for (int b = 0; b < 4; b++)
        if (strcmp(s, names[b]) == 0) {
            *out = (sn_bucket)b;
            return SN_OK;
        }
    return SN_EUSAGE;
}

const char *sn_bucket_name(sn_bucket b)
{
    switch (b) {
    case SN_BUCKET_DAY:
        return "day";
    case SN_BUCKET_WEEK:
        return "week";
    case SN_BUCKET_QUARTER:
        return "quarter";
    default:
        return "month";
    }
}

int64_t sn_bucket_floor(sn_bucket b, int64_t day)
{
    if (b == SN_BUCKET_DAY)
        return day;
    if (b == SN_BUCKET_WEEK) {
        /* 1970-01-01 was a Thursday: Monday is day 4 of the week that starts on day -3 */
        int64_t k = day + 3;
        int64_t w = k >= 0 ? k / 7 : -((-k + 6) / 7);
        return w * 7 - 3;
    }
    int64_t y;
    unsigned m, d;
    sn_civil_from_days(day, &y, &m, &d);
    if (b == SN_BUCKET_QUARTER)
        m = (m - 1) / 3 * 3 + 1;
    return sn_days_from_civil(y, m, 1);
}

int64_t sn_bucket_next(sn_bucket b, int64_t start)
{
    if (b == SN_BUCKET_DAY)
        return start + 1;
    if (b == SN_BUCKET_WEEK)
        return start + 7;
    int64_t y;
    unsigned m, d;
    sn_civil_from_days(start, &y, &m, &d);
    m += b == SN_BUCKET_QUARTER ? 3 : 1;
    if (m > 12) {
        m -= 12;
        y++;
    }
    return sn_days_from_civil(y, m, 1);
}
