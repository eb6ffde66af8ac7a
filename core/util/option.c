/* option.c - options as data: finding a row, setting it, wording its failure. */
#include "samnett/option.h"
#include "samnett/time.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sn_opt_naming naming = SN_OPT_KEYS;

void sn_opt_style(sn_opt_naming style)
{
    naming = style;
}

const char *sn_opt_flag_of(const char *key, char *buf, size_t cap)
{
    if (!cap)
        return buf;
    size_t i = 0;
    for (const char *p = "--"; *p && i + 1 < cap; p++)
        buf[i++] = *p;
    for (const char *p = key; *p && i + 1 < cap; p++)
        buf[i++] = *p == '_' ? '-' : *p;
    buf[i] = '\0';
    return buf;
}

const char *sn_opt_flag(const sn_opt *o, char *buf, size_t cap)
{
    if (o->flag) {
        snprintf(buf, cap, "%s", o->flag);
        return buf;
    }
    return sn_opt_flag_of(o->key, buf, cap);
}

const char *sn_opt_shown(const char *key)
{
    static _Thread_local char bufs[4][64];
    static _Thread_local unsigned next;
    if (naming == SN_OPT_KEYS)
        return key;
    char *b = bufs[next++ % 4];
    return sn_opt_flag_of(key, b, sizeof bufs[0]);
}

const sn_opt *sn_opt_find(const sn_opt *table, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].key, key) == 0)
            return &table[i];
    return NULL;
}

sn_opt_answer sn_opt_apply(const sn_opt *o, void *opts, const char *value, char *why, size_t cap)
{
    if (cap)
        why[0] = '\0';
    if (!value && o->type != SN_OPT_FLAG)
        return SN_OPT_BAD;
    return o->set(o, opts, value, why, cap);
}

int sn_opt_message(char *buf, size_t cap, const sn_opt *o, sn_opt_answer a, const char *value,
                   const char *shown_as, const char *why)
{
    const char *name = o->noun ? o->noun : shown_as ? shown_as : o->key;
    const char *expected = why && why[0] ? why : o->expected ? o->expected : "";
    if (!value)
        value = "";
    switch (a) {
    case SN_OPT_OK:
        return snprintf(buf, cap, "%s", "");
    case SN_OPT_UNKNOWN:
        return snprintf(buf, cap, "unknown %s '%s'; expected %s", name, value, expected);
    case SN_OPT_EMPTY:
        return snprintf(buf, cap, "empty %s; expected %s", name, expected);
    case SN_OPT_TOO_MANY:
        return snprintf(buf, cap, "too many %s options; expected %s", name, expected);
    case SN_OPT_WHY:
        return snprintf(buf, cap, "%s: %s", name, expected);
    case SN_OPT_NOMEM:
        return snprintf(buf, cap, "%s", "out of memory");
    case SN_OPT_BAD:
    default:
        return snprintf(buf, cap, "bad %s '%s'; expected %s", name, value, expected);
    }
}

sn_status sn_opt_set(const sn_opt *table, size_t n, void *opts, const char *key, const char *value,
                     const char *shown_as, sn_err *err)
{
    const sn_opt *o = sn_opt_find(table, n, key);
    if (!o)
        return sn_err_set(err, SN_EUSAGE, "unknown option '%s'", key);
    char why[1024];
    sn_opt_answer a = sn_opt_apply(o, opts, value, why, sizeof why);
    if (a == SN_OPT_OK)
        return SN_OK;
    sn_status code = a == SN_OPT_NOMEM ? SN_ENOMEM : SN_EUSAGE;
    if (err) {
        sn_opt_message(err->msg, sizeof err->msg, o, a, value, shown_as, why);
        err->code = code;
    }
    return code;
}

int sn_opt_whole(const sn_opt *o, const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    double x = (double)v;
    if (x < o->lo || x > o->hi || ((o->flags & SN_OPT_LO_OPEN) && x == o->lo))
        return -1;
    *out = v;
    return 0;
}

int sn_opt_number(const sn_opt *o, const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= o->lo && v <= o->hi))
        return -1;
    if ((o->flags & SN_OPT_LO_OPEN) && !(v > o->lo))
        return -1;
    *out = v;
    return 0;
}

int sn_opt_bool(const char *s, int *out)
{
    static const char *const yes[] = {"true", "yes", "1", "on"};
    static const char *const no[] = {"false", "no", "0", "off"};
    if (!s)
        return *out = 1, 0;
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcmp(s, yes[i]) == 0)
            return *out = 1, 0;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcmp(s, no[i]) == 0)
            return *out = 0, 0;
    return -1;
}

int sn_opt_time(const char *s, int end, int64_t *out)
{
    char why[400];
    return sn_time_period(s, end, sn_tz_current(), out, why, sizeof why);
}

#define SN_OPT_TO(name, type)                                                                      \
    sn_opt_answer name(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)          \
    {                                                                                              \
        (void)why, (void)cap;                                                                      \
        long n;                                                                                    \
        if (sn_opt_whole(o, v, &n))                                                                \
            return SN_OPT_BAD;                                                                     \
        *(type *)((char *)opts + o->offset) = (type)n;                                             \
        return SN_OPT_OK;                                                                          \
    }
SN_OPT_TO(sn_opt_to_long, long)
SN_OPT_TO(sn_opt_to_int, int)
SN_OPT_TO(sn_opt_to_u32, uint32_t)
SN_OPT_TO(sn_opt_to_u64, uint64_t)
SN_OPT_TO(sn_opt_to_size, size_t)

sn_opt_answer sn_opt_to_double(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    return sn_opt_number(o, v, (double *)((char *)opts + o->offset)) == 0 ? SN_OPT_OK : SN_OPT_BAD;
}

sn_opt_answer sn_opt_to_flag(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    return sn_opt_bool(v, (int *)((char *)opts + o->offset)) == 0 ? SN_OPT_OK : SN_OPT_BAD;
}
