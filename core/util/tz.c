/*
 * tz.c - time zones from the system's time-zone database (TZif files, as
 * tzdata installs them), turned into a table of transitions: UTC offsets for
 * instants, and local wall-clock times back to instants, without touching
 * the process's TZ.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/time.h"

struct sn_tz {
    char name[64];
    size_t n;     /* transitions */
    int64_t *at;  /* the instant of each transition, ascending */
    int32_t *off; /* the UTC offset from at[i] on */
    int32_t off0; /* the offset before the first transition */
};

static int64_t be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    if (n == 4)
        return (int32_t)(uint32_t)v;
    return (int64_t)v;
}

static int push(sn_tz *z, size_t *cap, int64_t at, int32_t off)
{
    if (z->n && at <= z->at[z->n - 1])
        return 0;
    if (off == (z->n ? z->off[z->n - 1] : z->off0))
        return 0;
    if (z->n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        int64_t *a = realloc(z->at, c * sizeof *a);
        if (!a)
            return -1;
        z->at = a;
        int32_t *o = realloc(z->off, c * sizeof *o);
        if (!o)
            return -1;
        z->off = o;
        *cap = c;
    }
    z->at[z->n] = at;
    z->off[z->n] = off;
    z->n++;
    return 0;
}

/* ---- the POSIX TZ rule of a TZif footer, such as "CET-1CEST,M3.5.0,M10.5.0/3" ---- */

typedef struct rule {
    int kind; /* 'M' (month.week.day), 'J' (Julian day 1-365, no leap day) or 'D' (0-365) */
    int m, w, d;
    int32_t secs; /* local time of the change, seconds after midnight */
} rule;

static const char *tz_name_part(const char *s)
{
    if (*s == '<') {
        const char *e = strchr(s, '>');
        return e ? e + 1 : NULL;
    }
    const char *b = s;
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
        s++;
    return s - b >= 3 ? s : NULL;
}

/* [+-]hh[:mm[:ss]] into seconds; NULL on a bad one. */
static const char *tz_hms(const char *s, int32_t *out)
{
    int sign = 1;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    char *e;
    long h = strtol(s, &e, 10), m = 0, sec = 0;
    if (e == s || h > 167)
        return NULL;
    s = e;
    if (*s == ':') {
        m = strtol(s + 1, &e, 10);
        s = e;
        if (*s == ':') {
            sec = strtol(s + 1, &e, 10);
            s = e;
        }
    }
    *out = (int32_t)(sign * (h * 3600 + m * 60 + sec));
    return s;
}

static const char *tz_rule(const char *s, rule *r)
{
    char *e;
    r->secs = 7200;
    if (*s == 'M') {
        r->kind = 'M';
        r->m = (int)strtol(s + 1, &e, 10);
        if (*e != '.')
            return NULL;
        r->w = (int)strtol(e + 1, &e, 10);
        if (*e != '.')
            return NULL;
        r->d = (int)strtol(e + 1, &e, 10);
        if (r->m < 1 || r->m > 12 || r->w < 1 || r->w > 5 || r->d < 0 || r->d > 6)
            return NULL;
    } else if (*s == 'J') {
        r->kind = 'J';
        r->d = (int)strtol(s + 1, &e, 10);
    } else {
        r->kind = 'D';
        r->d = (int)strtol(s, &e, 10);
        if (e == s)
            return NULL;
    }
    s = e;
    if (*s == '/')
        s = tz_hms(s + 1, &r->secs);
    return s;
}

/* The local day number (days since 1970-01-01) on which rule r falls in year y. */
static int64_t rule_day(const rule *r, int64_t y)
{
    if (r->kind == 'J') {
        int64_t d = sn_days_from_civil(y, 1, 1) + r->d - 1;
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return d + (leap && r->d >= 60);
    }
    if (r->kind == 'D')
        return sn_days_from_civil(y, 1, 1) + r->d;
    int64_t first = sn_days_from_civil(y, (unsigned)r->m, 1);
    int wd = (int)(((first % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
    int64_t d = first + (r->d - wd + 7) % 7 + (r->w - 1) * 7;
    int64_t next =
        r->m == 12 ? sn_days_from_civil(y + 1, 1, 1) : sn_days_from_civil(y, (unsigned)r->m + 1, 1);
    while (d >= next)
        d -= 7;
    return d;
}

/* Extend z with the footer's rule from the year after its last transition to 2200. */
static int tz_footer(sn_tz *z, size_t *cap, const char *s)
{
    const char *p = tz_name_part(s);
    int32_t std, dst;
    if (!p || !(p = tz_hms(p, &std)))
        return 0;
    std = -std; /* POSIX offsets are west of Greenwich */
    if (!*p) {
        return push(z, cap, z->n ? z->at[z->n - 1] + 1 : INT64_MIN / 2, std);
    }
    if (!(p = tz_name_part(p)))
        return 0;
    dst = std + 3600;
    if (*p != ',') {
        int32_t v;
        if (!(p = tz_hms(p, &v)))
            return 0;
        dst = -v;
    }
    rule a, b;
    if (*p != ',' || !(p = tz_rule(p + 1, &a)) || *p != ',' || !(p = tz_rule(p + 1, &b)))
        return 0;
    int64_t y0 = 1970;
    if (z->n) {
        int64_t yy;
        unsigned mm, dd;
        int64_t t = z->at[z->n - 1];
        sn_civil_from_days(t >= 0 ? t / 86400 : -((-t + 86399) / 86400), &yy, &mm, &dd);
        y0 = yy;
    }
    for (int64_t y = y0; y <= 2200; y++) {
        int64_t on = rule_day(&a, y) * 86400 + a.secs - std;
        int64_t off = rule_day(&b, y) * 86400 + b.secs - dst;
        int64_t t1 = on < off ? on : off, t2 = on < off ? off : on;
        int32_t o1 = on < off ? dst : std, o2 = on < off ? std : dst;
        if (push(z, cap, t1, o1) || push(z, cap, t2, o2))
            return -1;
    }
    return 0;
}

static const char *tz_dir(void)
{
    const char *d = getenv("TZDIR");
    return d && d[0] ? d : "/usr/share/zoneinfo";
}

sn_status sn_tz_load(const char *name, sn_tz **out, sn_err *err)
{
    *out = NULL;
    if (!name || !name[0] || strlen(name) >= sizeof((sn_tz *)0)->name || name[0] == '/' ||
        strstr(name, ".."))
        return sn_err_set(err, SN_EUSAGE,
                          "unknown time zone '%s'; expected a name from the time-zone database "
                          "such as Europe/Oslo or UTC",
                          name ? name : "");
    sn_tz *z = calloc(1, sizeof *z);
    if (!z)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    snprintf(z->name, sizeof z->name, "%s", name);
    if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0 || strcmp(name, "Z") == 0) {
        *out = z;
        return SN_OK;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", tz_dir(), name);
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    if (f) {
        buf = malloc(1 << 17);
        if (buf)
            len = fread(buf, 1, 1 << 17, f);
        fclose(f);
    }
    sn_status rc = SN_OK;
    if (!buf || len < 44 || memcmp(buf, "TZif", 4) != 0) {
        rc = sn_err_set(err, buf || !f ? SN_EUSAGE : SN_ENOMEM,
                        "unknown time zone '%s'; expected a name from the time-zone database "
                        "such as Europe/Oslo or UTC (is tzdata installed?)",
                        name);
        goto done;
    }
    /* version 1 header and data, then (version 2+) the 64-bit ones and a footer */
    size_t pos = 0;
    int v2 = buf[4] >= '2';
    for (int pass = 0; pass < (v2 ? 2 : 1); pass++) {
        if (pos + 44 > len)
            goto bad;
        const unsigned char *h = buf + pos + 20;
        int64_t isutc = be(h, 4), isstd = be(h + 4, 4), leap = be(h + 8, 4),
                timecnt = be(h + 12, 4), typecnt = be(h + 16, 4), charcnt = be(h + 20, 4);
        int tsz = pass == 0 ? 4 : 8;
        if (timecnt < 0 || typecnt <= 0 || charcnt < 0 || leap < 0 || isutc < 0 || isstd < 0)
            goto bad;
        size_t need = (size_t)(timecnt * tsz + timecnt + typecnt * 6 + charcnt + leap * (tsz + 4) +
                               isstd + isutc);
        pos += 44;
        if (pos + need > len)
            goto bad;
        if (pass == (v2 ? 1 : 0)) {
            const unsigned char *times = buf + pos, *idx = times + timecnt * tsz,
                                *types = idx + timecnt;
            /* before the first transition: time type 0 (RFC 8536) */
            z->off0 = (int32_t)be(types, 4);
            for (int64_t k = 0; k < timecnt; k++) {
                if (idx[k] >= typecnt)
                    goto bad;
                int32_t o = (int32_t)be(types + idx[k] * 6, 4);
                if (push(z, &cap, be(times + k * tsz, tsz), o)) {
                    rc = sn_err_set(err, SN_ENOMEM, "out of memory");
                    goto done;
                }
            }
            if (v2) {
                const unsigned char *foot = buf + pos + need;
                if (foot < buf + len && *foot == '\n') {
                    char rulebuf[128];
                    size_t k = 0;
                    foot++;
                    while (foot < buf + len && *foot != '\n' && k + 1 < sizeof rulebuf)
                        rulebuf[k++] = (char)*foot++;
                    rulebuf[k] = '\0';
                    if (k && tz_footer(z, &cap, rulebuf)) {
                        rc = sn_err_set(err, SN_ENOMEM, "out of memory");
                        goto done;
                    }
                }
            }
        }
        pos += need;
    }
    goto done;
bad:
    rc = sn_err_set(err, SN_EUSAGE, "time zone '%s': %s is not a valid TZif file", name, path);
done:
    free(buf);
    if (rc != SN_OK) {
        sn_tz_free(z);
        return rc;
    }
    *out = z;
    return SN_OK;
}

void sn_tz_free(sn_tz *z)
{
    if (!z)
        return;
    free(z->at);
    free(z->off);
    free(z);
}

const char *sn_tz_name(const sn_tz *z)
{
    return z ? z->name : "UTC";
}

/* The index of the last transition at or before t, or -1. */
static ptrdiff_t tz_find(const sn_tz *z, int64_t t)
{
    size_t lo = 0, hi = z->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->at[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

int32_t sn_tz_offset(const sn_tz *z, int64_t t)
{
    if (!z)
        return 0;
    ptrdiff_t i = tz_find(z, t);
    return i < 0 ? z->off0 : z->off[i];
}

int64_t sn_tz_local(const sn_tz *z, int64_t t)
{
    return t + sn_tz_offset(z, t);
}

sn_tz_kind sn_tz_to_utc(const sn_tz *z, int64_t local, int64_t *utc, sn_tz_span *span)
{
    if (span && local >= span->lo && local < span->hi) {
        *utc = local - span->off;
        return SN_TZ_NORMAL;
    }
    if (!z || z->n == 0) {
        *utc = local - (z ? z->off0 : 0);
        if (span)
            *span = (sn_tz_span){INT64_MIN, INT64_MAX, z ? z->off0 : 0};
        return SN_TZ_NORMAL;
    }
    /* transitions are days apart: the offsets a day either side are the only candidates */
    int32_t before = sn_tz_offset(z, local - 86400 - 50400),
            after = sn_tz_offset(z, local + 86400 + 50400);
    int32_t cand[2] = {before, after};
    int64_t u[2];
    int ok[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        u[k] = local - cand[k];
        ok[k] = sn_tz_offset(z, u[k]) == cand[k];
    }
    if (ok[0] && ok[1] && u[0] != u[1]) {
        *utc = u[0] < u[1] ? u[0] : u[1]; /* the first occurrence */
        return SN_TZ_AMBIGUOUS;
    }
    if (!ok[0] && !ok[1]) {
        *utc = local - before; /* as if the clock had not moved forward yet */
        return SN_TZ_NONEXISTENT;
    }
    int k = ok[0] ? 0 : 1;
    *utc = u[k];
    if (span) {
        /* the local times around this one that map to one instant with this offset */
        ptrdiff_t i = tz_find(z, u[k]);
        int32_t o = cand[k];
        int64_t lo = i < 0 ? INT64_MIN / 2 : z->at[i] + o;
        if (i >= 0) {
            int32_t prev = i > 0 ? z->off[i - 1] : z->off0;
            if (z->at[i] + prev > lo)
                lo = z->at[i] + prev;
        }
        int64_t hi = (size_t)(i + 1) < z->n ? z->at[i + 1] + o : INT64_MAX / 2;
        if ((size_t)(i + 1) < z->n && z->at[i + 1] + z->off[i + 1] < hi)
            hi = z->at[i + 1] + z->off[i + 1];
        *span = (sn_tz_span){lo, hi, o};
    }
    return SN_TZ_NORMAL;
}

/* ---- the zone zone-less times are read in ---- */

static sn_tz *current;
static pthread_once_t current_once = PTHREAD_ONCE_INIT;

static void load_default(void)
{
    sn_err e;
    if (!current && sn_tz_load(SN_TZ_DEFAULT, &current, &e) != SN_OK)
        sn_tz_load("UTC", &current, &e);
}

const sn_tz *sn_tz_current(void)
{
    pthread_once(&current_once, load_default);
    return current;
}

sn_status sn_tz_use(const char *name, sn_err *err)
{
    sn_tz *z;
    sn_status rc = sn_tz_load(name, &z, err);
    if (rc != SN_OK)
        return rc;
    pthread_once(&current_once, load_default);
    sn_tz_free(current);
    current = z;
    return SN_OK;
}
