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
#include <stddef.h>
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

/*
 * Once per process, before any other call: igraph's errors and warnings
 * become return codes that the engine checks (igraph's default is to print
 * and abort). The engine changes no process-wide state inside a call.
 */
void sn_init(void);

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
    long suppressed; /* messages not printed because of max_print */
    long max_print;  /* 0 = no limit */
    /* messages per kind of problem ("bad time", ...), exact, shown or not (ingest fills it) */
    struct {
        const char *kind; /* a static name */
        long count;
    } kinds[32];
    int n_kinds;
    char first[1600]; /* the first error or strict-stop message */
} sn_diag;

void sn_diag_init(sn_diag *d, FILE *out);

/* Report a problem at file:line:col (line or col 0 = not known). */
void sn_diag_emit(sn_diag *d, sn_severity sev, const char *file, long line, long col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void sn_diag_vemit(sn_diag *d, sn_severity sev, const char *file, long line, long col,
                   const char *fmt, va_list ap);

/*
 * Untrusted text as shown on a terminal, in a message or in the text report.
 * Valid UTF-8 is kept as it is. C0 controls and DEL become \n, \r, \t or
 * \xNN; C1 controls (U+0080..U+009F) become \u0080..\u009f; a byte that is
 * not part of valid UTF-8 becomes \xNN. Everything shown is printable, so
 * escaping shown text again changes nothing.
 *
 * sn_escape_next reads one character (or one bad byte) of s[0..len), writes
 * how it is shown into out (not NUL-terminated) and sets *shown_len; it
 * returns the bytes of s read (1..4; 0 only when len is 0). The piece was
 * escaped when *shown_len differs from the bytes read.
 */
#define SN_ESCAPE_MAX 8
size_t sn_escape_next(const char *s, size_t len, char out[SN_ESCAPE_MAX], size_t *shown_len);
/* s[0..len) escaped into buf (cap > 12 bytes, NUL-terminated), cut with "..." when it does
 * not fit; returns buf. */
const char *sn_escape(const char *s, size_t len, char *buf, size_t cap);
/* The NUL-terminated s escaped, written to f; returns EOF on a write error. */
int sn_escape_fputs(const char *s, FILE *f);

#endif
