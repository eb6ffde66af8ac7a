/*
 * samnett/time.h - parsing and formatting contact times.
 *
 * Times are int64 seconds since 1970-01-01T00:00:00Z. Accepted input:
 *   YYYY-MM-DD                       (midnight, local)
 *   YYYY-MM-DDTHH:MM[:SS[.fff]]      ('T' or one space; local)
 *   ... followed by Z, +HH:MM, -HH:MM, +HHMM or +HH (an explicit offset)
 *   DD.MM.YYYY[ HH:MM[:SS]]          (day first, local; also D.M.YYYY)
 *   DD.MM.YY[ HH:MM[:SS]]            (two-digit years: 00-69 are 20xx, 70-99 19xx)
 *   [-]digits                        (Unix epoch seconds)
 * Fractions of a second are accepted and truncated. A local time (no zone
 * given) is parsed as its wall-clock reading counted as if it were UTC; the
 * caller turns it into an instant with a time zone (sn_tz_to_utc).
 */
#ifndef SAMNETT_TIME_H
#define SAMNETT_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"

typedef enum sn_time_zone {
    SN_TIME_UTC,   /* Z, an explicit offset, or epoch seconds */
    SN_TIME_LOCAL, /* no zone given: a wall-clock reading, for sn_tz_to_utc */
} sn_time_zone;

/*
 * A time zone of the system's time-zone database (tzdata), as a table of
 * its transitions (those of the TZif file, continued by its rule to 2200).
 */
typedef struct sn_tz sn_tz;

/* The zone zone-less times are read in unless told otherwise. */
#define SN_TZ_DEFAULT "Europe/Oslo"

/* Load a zone by name ("Europe/Oslo", "UTC"); SN_EUSAGE when unknown. */
sn_status sn_tz_load(const char *name, sn_tz **out, sn_err *err);
void sn_tz_free(sn_tz *z);
const char *sn_tz_name(const sn_tz *z);
/* The zone's UTC offset in seconds at instant t (NULL: UTC). */
int32_t sn_tz_offset(const sn_tz *z, int64_t t);
/* The wall-clock reading at instant t, in seconds counted as if it were UTC. */
int64_t sn_tz_local(const sn_tz *z, int64_t t);

typedef enum sn_tz_kind {
    SN_TZ_NORMAL,
    SN_TZ_AMBIGUOUS,   /* the clock went back: the first occurrence (summer time) is taken */
    SN_TZ_NONEXISTENT, /* the clock jumped over it: read with the offset before the jump */
} sn_tz_kind;

/* A range of wall-clock readings [lo, hi) that map to instants with one offset. */
typedef struct sn_tz_span {
    int64_t lo, hi;
    int32_t off;
} sn_tz_span;
#define SN_TZ_SPAN_EMPTY ((sn_tz_span){0, 0, 0})

/*
 * The instant of a wall-clock reading `local` (as sn_time_parse gives it for
 * SN_TIME_LOCAL). span (may be NULL) caches the last answer's range: start
 * it as SN_TZ_SPAN_EMPTY; a reading inside it costs a comparison.
 */
sn_tz_kind sn_tz_to_utc(const sn_tz *z, int64_t local, int64_t *utc, sn_tz_span *span);

/*
 * The zone zone-less times are read in, for the whole process: SN_TZ_DEFAULT
 * until sn_tz_use sets another (call it before any reading starts; SN_EUSAGE
 * for an unknown zone, the current one kept).
 */
const sn_tz *sn_tz_current(void);
sn_status sn_tz_use(const char *name, sn_err *err);

/* The day number (days since 1970-01-01) of instant t on the wall clock of zone z. */
static inline int64_t sn_tz_day(const sn_tz *z, int64_t t)
{
    int64_t l = sn_tz_local(z, t);
    return l >= 0 ? l / 86400 : -((-l + 86399) / 86400);
}

/* The instant local midnight starts day number `day` in zone z. */
static inline int64_t sn_tz_midnight(const sn_tz *z, int64_t day)
{
    int64_t u;
    sn_tz_to_utc(z, day * 86400, &u, NULL);
    return u;
}

/* Format t as "YYYY-MM-DDTHH:MM:SS+01:00" in zone z (NULL: UTC, with 'Z'). */
void sn_time_format_zone(const sn_tz *z, int64_t t, char *buf, size_t len);

/*
 * A period as people type it, for --since (end = 0: its start) and --until
 * (end = 1: its end, exclusive): 2020, 2020-03, 2020Q1 (or q1), 2020-03-15,
 * a date-time (with or without a zone), or @EPOCH-SECONDS. Zone-less ones are
 * read in zone z. A bare number that is not a year 1000-9999 is refused.
 * Returns 0, or -1 with an "expected ..." phrase in why.
 */
int sn_time_period(const char *s, int end, const sn_tz *z, int64_t *out, char *why, size_t cap);

/*
 * Parse s[0..len). On success returns SN_OK and sets *out and *zone. On
 * failure returns SN_EINPUT with a short "expected ..." phrase in err and, in
 * *col (may be NULL), the 1-based character position of the first bad
 * character (0 on success).
 */
sn_status sn_time_parse(const char *s, size_t len, int64_t *out, sn_time_zone *zone, size_t *col,
                        sn_err *err);

/*
 * Parse NUL-terminated s with a strptime format (the whole of s, trailing
 * spaces aside). Local unless the format has %z. Returns 0, or -1.
 */
int sn_time_strptime(const char *fmt, const char *s, int64_t *out, sn_time_zone *zone);

/* Days since 1970-01-01 for a proleptic Gregorian date. */
int64_t sn_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The proleptic Gregorian date of a day count since 1970-01-01 (any sign). */
void sn_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 32 bytes). */
void sn_time_format(int64_t t, char *buf, size_t len);
/* Format t as "YYYY-MM-DD", its date in the current zone (sn_tz_current), into buf (>= 16 bytes).
 */
void sn_date_format(int64_t t, char *buf, size_t len);

/*
 * A plausible time range [from, to): contact times outside it are kept but
 * warned about, and left out of windows and change points (temporal.h).
 */
typedef struct sn_time_range {
    int64_t from, to;
} sn_time_range;

/* The default range at time `now`: 1970-01-01 up to and including the day ten years after now. */
void sn_time_range_default(int64_t now, sn_time_range *r);

/*
 * Parse "FROM..TO" (times as sn_time_parse; a bare date as TO includes that
 * day). An empty FROM or TO keeps that end of *r, so "..2030-12-31" changes
 * only the end. Returns SN_OK and updates *r, or SN_EINPUT with a short
 * "expected ..." phrase in err (r unchanged): bad syntax, a bad time, or FROM
 * not before TO.
 */
sn_status sn_time_range_parse(const char *s, sn_time_range *r, sn_err *err);

/*
 * Calendar buckets of a tie table (samnett reduce): a local day, ISO week
 * (from Monday), month or quarter, named by the date it starts on.
 */
typedef enum sn_bucket {
    SN_BUCKET_DAY,
    SN_BUCKET_WEEK,
    SN_BUCKET_MONTH,
    SN_BUCKET_QUARTER
} sn_bucket;
/* Parse "day", "week", "month" or "quarter"; SN_EUSAGE otherwise. */
sn_status sn_bucket_parse(const char *s, sn_bucket *out);
const char *sn_bucket_name(sn_bucket b);
/* The day number (days since 1970-01-01) of the start of the bucket that day number `day` is in. */
int64_t sn_bucket_floor(sn_bucket b, int64_t day);
/* The day number of the start of the bucket after the one starting on day `start`. */
int64_t sn_bucket_next(sn_bucket b, int64_t start);

/* 1 when t lies in [r->from, r->to). */
static inline int sn_time_in_range(const sn_time_range *r, int64_t t)
{
    return t >= r->from && t < r->to;
}

#endif
