/* messages.c - ingest's messages: capped per kind, kept by parallel workers for the merge. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"

/* Each kind's name, as the closing line shows it. */
static const char *const kind_names[NKINDS] = {
    "malformed CSV",
    "wrong number of fields",
    "invalid UTF-8",
    "empty value",
    "duplicate actor",
    "bad time",
    "bad weight",
    "too many channels",
    "invalid JSON",
    "bad JSON value",
    "missing key",
    "line too long",
    "input ends early",
    "rank kept as given",
    "unknown actor",
    "unknown channel",
    "self-contact",
    "extra attributes",
    "non-existent local time",
};

static void keep_msg(ctx *c, int kind, sn_severity sev, long line, long col, const char *fmt,
                     va_list ap)
{
    char text[900];
    vsnprintf(text, sizeof text, fmt, ap);
    if (c->n_kept == c->cap_kept) {
        size_t cap = c->cap_kept ? c->cap_kept * 2 : 64;
        kept_msg *k = realloc(c->kept, cap * sizeof *k);
        if (!k)
            return; /* the count is kept; the text is lost */
        c->kept = k;
        c->cap_kept = cap;
    }
    char *t = strdup(text);
    if (!t)
        return;
    c->kept[c->n_kept++] = (kept_msg){kind, sev, line, col, t};
}

static void vsay(ctx *c, int kind, sn_severity sev, const char *file, long line, long col,
                 const char *fmt, va_list ap)
{
    sn_diag *d = c->diag;
    if (c->max_messages >= 0 && c->seen[kind] >= c->max_messages && !d->strict) {
        c->seen[kind]++;
        c->over[kind]++;
        if (sev == SN_ERROR)
            d->errors++;
        else if (sev == SN_WARNING)
            d->warnings++;
        if (sev == SN_ERROR || !d->quiet)
            c->hidden[kind]++;
        return;
    }
    c->seen[kind]++;
    if (c->worker)
        keep_msg(c, kind, sev, line, col, fmt, ap);
    else
        sn_diag_vemit(d, sev, file, line, col, fmt, ap);
}

void sni_say(ctx *c, int kind, sn_severity sev, const char *file, long line, long col,
             const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsay(c, kind, sev, file, line, col, format, ap);
    va_end(ap);
}

void sni_reject(ctx *c, int kind, const char *file, long line, long column, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsay(c, kind, SN_ERROR, file, line, column, format, ap);
    va_end(ap);
    c->st->rejected++;
}

sn_status sni_fail(ctx *c, const char *file, long line, long col, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    sn_diag_vemit(c->diag, SN_ERROR, file, line, col, format, ap);
    va_end(ap);
    return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
}

void sni_say_hidden(ctx *c)
{
    char line[2048];
    size_t n = 0;
    long total = 0;
    for (int k = 0; k < NKINDS; k++) {
        if (c->hidden[k] && n < sizeof line)
            n += (size_t)snprintf(line + n, sizeof line - n, "%s%ld '%s'", total ? ", " : "",
                                  c->hidden[k], kind_names[k]);
        total += c->hidden[k];
    }
    if (total)
        fprintf(c->diag->out ? c->diag->out : stderr,
                "samnett: %ld more message%s not shown (at most %ld of each kind): %s\n", total,
                total == 1 ? "" : "s", c->max_messages, line);
    memset(c->seen, 0, sizeof c->seen);
    memset(c->over, 0, sizeof c->over);
    memset(c->hidden, 0, sizeof c->hidden);
}
