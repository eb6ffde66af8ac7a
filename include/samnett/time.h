/*
 * samnett/time.h - parsing and formatting contact times.
 *
 * Times are int64 seconds since 1970-01-01T00:00:00Z. Accepted input:
 *   YYYY-MM-DD                       (midnight, local: taken as UTC)
 *   YYYY-MM-DDTHH:MM[:SS[.fff]]      ('T' or one space; local: taken as UTC)
 *   ... followed by Z, +HH:MM, -HH:MM, +HHMM or +HH (an explicit offset)
 *   [-]digits                        (Unix epoch seconds)
 * Fractions of a second are accepted and truncated.
 */
#ifndef SAMNETT_TIME_H
#define SAMNETT_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"

typedef enum sn_time_zone {
    SN_TIME_UTC,   /* Z, an explicit offset, or epoch seconds */
    SN_TIME_LOCAL, /* no zone given: taken as UTC */
} sn_time_zone;

/*
 * Parse s[0..len). On success returns SN_OK and sets *out and *zone. On
 * failure returns SN_EINPUT with a short "expected ..." phrase in err and, in
 * *col (may be NULL), the 1-based character position of the first bad
 * character (0 on success).
 */
sn_status sn_time_parse(const char *s, size_t len, int64_t *out, sn_time_zone *zone, size_t *col,
                        sn_err *err);

/* Days since 1970-01-01 for a proleptic Gregorian date. */
int64_t sn_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The proleptic Gregorian date of a day count since 1970-01-01 (any sign). */
void sn_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 32 bytes). */
void sn_time_format(int64_t t, char *buf, size_t len);
/* Format t as "YYYY-MM-DD" into buf (at least 16 bytes). */
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

/* 1 when t lies in [r->from, r->to). */
static inline int sn_time_in_range(const sn_time_range *r, int64_t t)
{
    return t >= r->from && t < r->to;
}

#endif
