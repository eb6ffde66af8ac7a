/*
 * samnett/option.h - options as data.
 *
 * Each module describes what it can be told in a table of rows, one per
 * option, beside its sn_X_opts_init: the key (snake_case, "min_contacts"),
 * its type, default, range, what a value is expected to be, one line of help
 * and a setter that parses a value into the module's options struct. The
 * command line, the Lua API and the lens test runner all set options through
 * these rows, so each option is parsed in one place and named one way.
 *
 * An option is named by its key in the engine's messages ("bad window 'x';
 * expected ..."). The command line spells it "--" + the key with '_' turned
 * into '-' ("--min-contacts"), or as the row's flag where that differs, and
 * passes that spelling as shown_as. sn_opt_shown(key) gives the engine the
 * name of an option as the user set it: the key, or its command-line
 * spelling once the command line has called sn_opt_style(SN_OPT_FLAGS).
 */
#ifndef SAMNETT_OPTION_H
#define SAMNETT_OPTION_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"

typedef enum sn_opt_type {
    SN_OPT_WHOLE,  /* a whole number in [lo, hi] */
    SN_OPT_NUMBER, /* a number in [lo, hi] ((lo, hi] with SN_OPT_LO_OPEN) */
    SN_OPT_WORD,   /* one word of a vocabulary */
    SN_OPT_TEXT,   /* any text; kept by pointer, so it must outlive the options */
    SN_OPT_TIME,   /* ISO 8601 or epoch seconds */
    SN_OPT_SPAN,   /* a duration or calendar span */
    SN_OPT_LIST,   /* words separated by commas */
    SN_OPT_FLAG,   /* true or false; on the command line the flag alone (value NULL) */
} sn_opt_type;

/* sn_opt.flags */
enum {
    SN_OPT_REPEAT = 1u << 0,  /* may be given more than once */
    SN_OPT_LO_OPEN = 1u << 1, /* lo itself is out of range */
};

/* What a setter answers, and so the shape of the message. */
typedef enum sn_opt_answer {
    SN_OPT_OK = 0,
    SN_OPT_BAD,      /* "bad NAME 'VALUE'; expected ..." */
    SN_OPT_UNKNOWN,  /* "unknown NAME 'VALUE'; expected ..." (a word not in the vocabulary) */
    SN_OPT_EMPTY,    /* "empty NAME; expected ..." */
    SN_OPT_TOO_MANY, /* "too many NAME options; expected ..." */
    SN_OPT_WHY,      /* "NAME: WHY" (the setter's own sentence) */
    SN_OPT_NOMEM,    /* "out of memory" */
} sn_opt_answer;

typedef struct sn_opt sn_opt;

/*
 * Parse value into opts (the module's options struct). Returns SN_OPT_OK, or
 * the answer that shapes the message; the setter may write into why (cap
 * bytes) a text that replaces the row's `expected` (or, for SN_OPT_WHY, the
 * whole reason).
 */
typedef sn_opt_answer (*sn_opt_setter)(const sn_opt *o, void *opts, const char *value, char *why,
                                       size_t cap);

struct sn_opt {
    const char *key;      /* snake_case, unique in its table */
    const char *flag;     /* the command-line spelling; NULL: "--" + key, '_' -> '-' */
    sn_opt_type type;     /* what a value is */
    unsigned flags;       /* SN_OPT_REPEAT, SN_OPT_LO_OPEN */
    const char *def;      /* the default as text (parses); NULL: unset by default */
    double lo, hi;        /* the range of WHOLE and NUMBER values */
    const char *expected; /* what a value is expected to be, as messages say it */
    const char *help;     /* one line of help */
    const char *noun;     /* NULL: messages name the option; else they say this ("time") */
    sn_opt_setter set;
    size_t offset; /* with the sn_opt_to_* setters: where the value goes (offsetof) */
};

/*
 * Setters that need no code of their own: a WHOLE (or NUMBER) value in the
 * row's range, stored at opts + o->offset as the named C type.
 */
sn_opt_answer sn_opt_to_long(const sn_opt *o, void *opts, const char *v, char *why, size_t cap);
sn_opt_answer sn_opt_to_int(const sn_opt *o, void *opts, const char *v, char *why, size_t cap);
sn_opt_answer sn_opt_to_u32(const sn_opt *o, void *opts, const char *v, char *why, size_t cap);
sn_opt_answer sn_opt_to_u64(const sn_opt *o, void *opts, const char *v, char *why, size_t cap);
sn_opt_answer sn_opt_to_size(const sn_opt *o, void *opts, const char *v, char *why, size_t cap);
sn_opt_answer sn_opt_to_double(const sn_opt *o, void *opts, const char *v, char *why, size_t cap);
/* A FLAG (the flag alone, or true/false) stored as an int. */
sn_opt_answer sn_opt_to_flag(const sn_opt *o, void *opts, const char *v, char *why, size_t cap);

/* No upper bound (or lower: -SN_OPT_UNBOUNDED). */
#define SN_OPT_UNBOUNDED 1e300

/* The row of key in table[0..n), or NULL. */
const sn_opt *sn_opt_find(const sn_opt *table, size_t n, const char *key);

/*
 * Set one option: find key in table[0..n) and parse value into opts. On
 * failure SN_EUSAGE (SN_ENOMEM) with a message that names the option as
 * shown_as (NULL: the key), e.g. "bad window 'x'; expected ...", or
 * "unknown option 'KEY'" when the table has no such key.
 */
sn_status sn_opt_set(const sn_opt *table, size_t n, void *opts, const char *key, const char *value,
                     const char *shown_as, sn_err *err);

/* The two halves of sn_opt_set: run the row's setter (why: cap bytes, written on failure)... */
sn_opt_answer sn_opt_apply(const sn_opt *o, void *opts, const char *value, char *why, size_t cap);
/* ...and word its failure into buf (cap bytes; may be 0): returns the length it needs, as
 * snprintf does. */
int sn_opt_message(char *buf, size_t cap, const sn_opt *o, sn_opt_answer a, const char *value,
                   const char *shown_as, const char *why);

/* The command-line spelling of a row, "--min-contacts", into buf; returns buf. */
const char *sn_opt_flag(const sn_opt *o, char *buf, size_t cap);
/* The same for a key whose flag is derived: "lens_memory" -> "--lens-memory". */
const char *sn_opt_flag_of(const char *key, char *buf, size_t cap);

/* How the engine names options in its messages. */
typedef enum sn_opt_naming { SN_OPT_KEYS, SN_OPT_FLAGS } sn_opt_naming;
/* Once, at start, before any other call (the command line: SN_OPT_FLAGS). Default SN_OPT_KEYS. */
void sn_opt_style(sn_opt_naming style);
/*
 * An option as the user set it: key, or its command-line spelling under
 * SN_OPT_FLAGS. The text lives in one of a few buffers of the calling thread,
 * so up to four of them may be used in one message.
 */
const char *sn_opt_shown(const char *key);

/* Helpers for setters. */
/* A whole number in the row's range: 0, or -1 (malformed or out of range). */
int sn_opt_whole(const sn_opt *o, const char *s, long *out);
/* A number in the row's range: 0, or -1. */
int sn_opt_number(const sn_opt *o, const char *s, double *out);
/* true/yes/1/on or false/no/0/off (NULL = true): 0, or -1. */
int sn_opt_bool(const char *s, int *out);
/*
 * A time (ISO 8601 or epoch seconds): 0, or -1. As the end of a period
 * (end = 1), a bare date such as 2020-12-31 includes that whole day.
 */
int sn_opt_time(const char *s, int end, int64_t *out);

#endif
