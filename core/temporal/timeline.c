/*
 * timeline.c - the time index over the event store, spans and window plans
 * (see samnett/temporal.h). All calendar arithmetic is on UTC days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/temporal.h"
#include "samnett/time.h"
#include "../util/toolbox.h"

sn_status sn_timeline_build(const sn_store *s, sn_timeline *tl, sn_err *err)
{
    memset(tl, 0, sizeof *tl);
    tl->store = s;
    tl->n = s->n;
    if (s->n > UINT32_MAX)
        return sn_err_set(err, SN_EANALYSIS, "too many contacts for the time index (%zu)", s->n);
    size_t n = s->n;
    int64_t lo = n ? sn_store_time(s, 0) : 0, hi = lo;
    int sorted = 1;
    for (size_t i = 1; i < n; i++) {
        int64_t t = sn_store_time(s, i);
        if (t < sn_store_time(s, i - 1))
            sorted = 0;
        if (t < lo)
            lo = t;
        if (t > hi)
            hi = t;
    }
    if (sorted)
        return SN_OK;
    /* Stable LSD radix sort on time - min, 16 bits a pass, only as many passes as the range needs.
     */
    uint64_t range = (uint64_t)hi - (uint64_t)lo;
    uint32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    size_t *cnt = malloc(65537 * sizeof *cnt);
    if (!a || !b || !cnt) {
        free(a);
        free(b);
        free(cnt);
        return sn_err_set(err, SN_ENOMEM, "out of memory indexing contacts by time");
    }
    for (size_t i = 0; i < n; i++)
        a[i] = (uint32_t)i;
    for (int shift = 0; shift < 64 && (shift == 0 || (range >> shift) != 0); shift += 16) {
        memset(cnt, 0, 65537 * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[(((uint64_t)sn_store_time(s, a[i]) - (uint64_t)lo) >> shift & 0xffff) + 1]++;
        for (size_t d = 0; d < 65536; d++)
            cnt[d + 1] += cnt[d];
        for (size_t i = 0; i < n; i++)
            b[cnt[((uint64_t)sn_store_time(s, a[i]) - (uint64_t)lo) >> shift & 0xffff]++] = a[i];
        uint32_t *t = a;
        a = b;
        b = t;
    }
    free(b);
    free(cnt);
    tl->order = a;
    return SN_OK;
}

void sn_timeline_free(sn_timeline *tl)
{
    free(tl->order);
    memset(tl, 0, sizeof *tl);
}

/* The time of position i, for sni_lower_bound_by. */
static int64_t time_at(const void *tl, size_t i)
{
    return sn_timeline_time(tl, i);
}

/* The first position whose time is >= t. */
static size_t lower_bound(const sn_timeline *tl, int64_t t)
{
    return sni_lower_bound_by(tl->n, time_at, tl, t);
}
void sn_timeline_range(const sn_timeline *tl, int64_t since, int64_t until, size_t *lo, size_t *hi)
{
    *lo = lower_bound(tl, since);
    *hi = until > since ? lower_bound(tl, until) : *lo;
    if (*hi < *lo)
        *hi = *lo;
}

sn_status sn_timeline_slice(const sn_timeline *tl, size_t lo, size_t hi, sn_store *out, sn_err *err)
{
    if (tl->order || lo > hi || hi > tl->n)
        return sn_err_set(err, SN_EUSAGE, "a store slice needs a store in time order");
    const sn_store *s = tl->store;
    sn_store_slice(s, lo, hi - lo, out);
    if (hi > lo) {
        out->first_time = sn_store_time(s, lo);
        out->last_time = sn_store_time(s, hi - 1);
    }
    return SN_OK;
}

/* ------------------------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static unsigned month_days(int64_t y, unsigned m)
{
    static const unsigned dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

sn_status sn_span_parse(const char *s, sn_span *out)
{
    memset(out, 0, sizeof *out);
    static const struct {
        const char *name, *canon;
        int months;
    } named[] = {
        {"month", "month", 1},     {"m\xc3\xa5ned", "month", 1},
        {"quarter", "quarter", 3}, {"kvartal", "quarter", 3},
        {"year", "year", 12},      {"\xc3\xa5r", "year", 12},
        {"day", "1d", 0},          {"week", "1w", 0},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strcmp(s, named[i].name) == 0) {
            if (named[i].months) {
                out->unit = SN_SPAN_MONTHS;
                out->count = named[i].months;
            } else {
                out->unit = SN_SPAN_SECONDS;
                out->count = (named[i].canon[1] == 'w' ? 7 : 1) * (int64_t)SN_DAY;
            }
            snprintf(out->name, sizeof out->name, "%s", named[i].canon);
            return SN_OK;
        }
    size_t len = strlen(s);
    if (len < 2 || len > 8 || (s[len - 1] != 'd' && s[len - 1] != 'w'))
        return SN_EUSAGE;
    long v = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return SN_EUSAGE;
        v = v * 10 + (s[i] - '0');
    }
    long days = s[len - 1] == 'w' ? v * 7 : v;
    if (v < 1 || days > 36500)
        return SN_EUSAGE;
    out->unit = SN_SPAN_SECONDS;
    out->count = (int64_t)days * SN_DAY;
    snprintf(out->name, sizeof out->name, "%ld%c", v, s[len - 1]);
    return SN_OK;
}

void sn_span_iso(const sn_span *s, char *buf, size_t len)
{
    if (s->unit == SN_SPAN_MONTHS && s->count % 12 == 0)
        snprintf(buf, len, "P%lldY", (long long)(s->count / 12));
    else if (s->unit == SN_SPAN_MONTHS)
        snprintf(buf, len, "P%lldM", (long long)s->count);
    else if (s->count % SN_DAY == 0)
        snprintf(buf, len, "P%lldD", (long long)(s->count / SN_DAY));
    else
        snprintf(buf, len, "PT%lldS", (long long)s->count);
}

int64_t sn_span_add(const sn_span *s, int64_t t, int64_t k)
{
    if (s->unit == SN_SPAN_SECONDS)
        return t + k * s->count;
    int64_t days = floor_div(t, SN_DAY), secs = t - days * SN_DAY, y;
    unsigned m, d;
    sn_civil_from_days(days, &y, &m, &d);
    int64_t mi = y * 12 + (m - 1) + k * s->count;
    int64_t ny = floor_div(mi, 12);
    unsigned nm = (unsigned)(mi - ny * 12) + 1;
    unsigned nd = d > month_days(ny, nm) ? month_days(ny, nm) : d;
    return sn_days_from_civil(ny, nm, nd) * SN_DAY + secs;
}

int64_t sn_span_align(const sn_span *s, int64_t t)
{
    if (s->unit == SN_SPAN_SECONDS)
        return t;
    int64_t y;
    unsigned m, d;
    sn_civil_from_days(floor_div(t, SN_DAY), &y, &m, &d);
    unsigned per = s->count >= 12 ? 12 : (unsigned)s->count;
    if (per == 0 || 12 % per != 0)
        per = 1;
    unsigned first = (m - 1) / per * per + 1;
    return sn_days_from_civil(y, first, 1) * SN_DAY;
}

static void window_label(const sn_span *len, const sn_span *step, int64_t aligned_start,
                         int64_t clipped_start, char *buf, size_t cap)
{
    int64_t y;
    unsigned m, d;
    int fixed = step == NULL || (step->unit == len->unit && step->count == len->count);
    if (fixed && len->unit == SN_SPAN_MONTHS) {
        sn_civil_from_days(floor_div(aligned_start, SN_DAY), &y, &m, &d);
        if (len->count == 12)
            snprintf(buf, cap, "%04lld", (long long)y);
        else if (len->count == 3)
            snprintf(buf, cap, "%04lldQ%u", (long long)y, (m - 1) / 3 + 1);
        else
            snprintf(buf, cap, "%04lld-%02u", (long long)y, m);
        return;
    }
    sn_civil_from_days(floor_div(clipped_start, SN_DAY), &y, &m, &d);
    snprintf(buf, cap, "%04lld-%02u-%02u", (long long)y, m, d);
}

sn_status sn_windows_plan(const sn_span *length, const sn_span *step, int64_t p0, int64_t p1,
                          sn_window_bounds **out, size_t *n, sn_err *err)
{
    *out = NULL;
    *n = 0;
    if (p1 <= p0)
        return SN_OK;
    const sn_span *st = step ? step : length;
    /* calendar windows start at local midnights of the current zone: plan on its wall clock */
    const sn_tz *z = sn_tz_current();
    int cal =
        length->unit == SN_SPAN_MONTHS ||
        (length->count % SN_DAY == 0 && st->unit == SN_SPAN_SECONDS && st->count % SN_DAY == 0);
    int64_t a = sn_span_align(length, cal ? sn_tz_local(z, p0) : p0);
    size_t cap = 16, used = 0;
    sn_window_bounds *w = malloc(cap * sizeof *w);
    if (!w)
        return sn_err_set(err, SN_ENOMEM, "out of memory planning windows");
    for (int64_t k = 0;; k++) {
        int64_t sl = sn_span_add(st, a, k), el = sn_span_add(length, sl, 1), s = sl, e = el;
        if (cal) {
            sn_tz_to_utc(z, sl, &s, NULL);
            sn_tz_to_utc(z, el, &e, NULL);
        }
        if (s >= p1)
            break;
        if (e <= p0)
            continue; /* a sliding window that ends before the period (cannot start later) */
        if (used == SN_WINDOWS_MAX) {
            char d0[16], d1[16];
            sn_date_format(p0, d0, sizeof d0);
            sn_date_format(p1 - 1, d1, sizeof d1);
            free(w);
            return sn_err_set(err, SN_EUSAGE,
                              "more than %d windows of %s over %s .. %s; expected a longer "
                              "window or step, or a shorter period",
                              SN_WINDOWS_MAX, length->name, d0, d1);
        }
        if (used == cap) {
            sn_window_bounds *nw = realloc(w, 2 * cap * sizeof *w);
            if (!nw) {
                free(w);
                return sn_err_set(err, SN_ENOMEM, "out of memory planning windows");
            }
            w = nw;
            cap *= 2;
        }
        sn_window_bounds *b = &w[used++];
        b->start = s > p0 ? s : p0;
        b->end = e < p1 ? e : p1;
        window_label(length, step, sl, cal ? sn_tz_local(z, b->start) : b->start, b->label,
                     sizeof b->label);
        if (e >= p1)
            break;
    }
    *out = w;
    *n = used;
    return SN_OK;
}

void sn_temporal_period(const sn_store *s, const sn_view_opts *v, int64_t *p0, int64_t *p1)
{
    const sn_tz *z = sn_tz_current();
    int64_t first = s->n ? sn_tz_midnight(z, sn_tz_day(z, s->first_time)) : 0;
    int64_t last = s->n ? sn_tz_midnight(z, sn_tz_day(z, s->last_time) + 1) : 0;
    *p0 = v->has_since ? v->since : first;
    *p1 = v->has_until ? v->until : last;
    if (*p1 < *p0)
        *p1 = *p0;
}

void sn_temporal_period_in(const sn_store *s, const sn_view_opts *v, const sn_time_range *r,
                           int64_t *p0, int64_t *p1)
{
    if (!r || (s->n && s->first_time >= r->from && s->last_time < r->to)) {
        sn_temporal_period(s, v, p0, p1);
        if (r) { /* every contact inside: only since / until can leave the range */
            if (*p0 < r->from)
                *p0 = r->from;
            if (*p1 > r->to)
                *p1 = r->to;
            if (*p1 < *p0)
                *p1 = *p0;
        }
        return;
    }
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < s->n; i++) {
        int64_t t = sn_store_time(s, i);
        if (t >= r->from && t < r->to) {
            if (t < lo)
                lo = t;
            if (t > hi)
                hi = t;
        }
    }
    int any = lo <= hi;
    const sn_tz *z = sn_tz_current();
    *p0 = v->has_since ? v->since : any ? sn_tz_midnight(z, sn_tz_day(z, lo)) : r->from;
    *p1 = v->has_until ? v->until : any ? sn_tz_midnight(z, sn_tz_day(z, hi) + 1) : r->from;
    if (*p0 < r->from)
        *p0 = r->from;
    if (*p1 > r->to)
        *p1 = r->to;
    if (*p1 < *p0)
        *p1 = *p0;
}
