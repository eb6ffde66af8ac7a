/*
 * samnett/error.h - one way to report failure, from ingest to CLI.
 *
 * Every fallible call returns an sn_status. A call that fails also fills an
 * sn_err with a human-readable message. Problems tied to a place in an input
 * file go through an sn_diag sink, which prints them as
 * "file:line:column: severity: message" and counts them.
 */
#ifndef SAMNETT_ERROR_H
#define SAMNETT_ERROR_H

#include <stdarg.h>
#include <stdio.h>

typedef enum sn_status {
    SN_OK = 0,
    SN_EINPUT,    /* bad input data (exit status 2) */
    SN_EUSAGE,    /* bad command-line usage (exit status 2) */
    SN_EIO,       /* a file could not be opened, read or written (exit 2) */
    SN_ENOMEM,    /* out of memory (exit 1) */
    SN_EANALYSIS, /* an analysis step failed (exit 1) */
} sn_status;

typedef struct sn_err {
    sn_status code;
    char msg[1024];
} sn_err;

/* Set err (may be NULL) to code and a printf-style message; returns code. */
sn_status sn_err_set(sn_err *err, sn_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The process exit status for a status code: 0, 1 or 2. */
int sn_status_exit_code(sn_status code);

typedef enum sn_severity { SN_NOTE, SN_WARNING, SN_ERROR } sn_severity;

/*
 * A diagnostics sink. Messages go to `out` (stderr when NULL); `quiet` hides
 * notes and warnings, never errors. All are counted. With `strict`, the first warning or error
 * sets `stop`, and the caller stops and exits with status 2.
 */
typedef struct sn_diag {
    FILE *out;
    int quiet;
    int strict;
    int stop;
    long errors;
    long warnings;
    long suppressed;  /* messages not printed because of max_print */
    long max_print;   /* 0 = no limit */
    char first[1600]; /* the first error or strict-stop message */
} sn_diag;

void sn_diag_init(sn_diag *d, FILE *out);

/* Report a problem at file:line:col (line or col 0 = not known). */
void sn_diag_emit(sn_diag *d, sn_severity sev, const char *file, long line, long col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void sn_diag_vemit(sn_diag *d, sn_severity sev, const char *file, long line, long col,
                   const char *fmt, va_list ap);

#endif
