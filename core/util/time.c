/* time.c - ISO 8601 and epoch-second parsing without the C library's TZ. */
#include "samnett/time.h"

#include <stdio.h>
#include <string.h>

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

    int y = digits(s, len, &i, 4);
    if (y < 0)
        return fail(i, why, whylen, "expected a 4-digit year (YYYY-MM-DD) or epoch seconds");
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
        if (i < len && (s[i] == '.' || s[i] == ',')) {
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
    secs += h * 3600 + mi * 60 + se;
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
    snprintf(buf, len, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d, (int)(rem / 3600),
             (int)(rem % 3600 / 60), (int)(rem % 60));
}

void sn_date_format(int64_t t, char *buf, size_t len)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
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

/* One end of a range: s[0..len) parsed into *out; a bare date as the end moves to the day after. */
static int range_end(const char *s, size_t len, int is_end, int64_t *out, char *why, size_t whylen)
{
    sn_time_zone zone;
    char inner[96];
    if (parse_time(s, len, out, &zone, inner, sizeof inner) != 0) {
        if (why && whylen)
            snprintf(why, whylen, "a date such as 2020-01-01 or epoch seconds for %s (%s)",
                     is_end ? "TO" : "FROM", inner);
        return -1;
    }
    if (is_end && len == 10 && s[4] == '-')
        *out += 86400;
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
    char why[256];
    return range_parse(s, r, why, sizeof why) == 0 ? SN_OK : sn_err_set(err, SN_EINPUT, "%s", why);
}
