/* messages.c - ingest's messages: capped per kind, kept by parallel workers for the merge. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"
#include "../util/toolbox.h"

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
        if (sev == SN_ERROR || !d->quiet) {
            c->hidden[kind]++;
            sni_hidden_at(c, kind, file, line);
        }
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

void sni_hidden_at(ctx *c, int kind, const char *file, long line)
{
    if (c->n_hid_at[kind] < HIDDEN_AT)
        c->hid_at[kind][c->n_hid_at[kind]++] = (hidden_at){file, line};
}

/* v with thousands separators ("4,980"), as the other messages and the text report write it. */
static const char *grouped(long v, char *buf, size_t cap)
{
    return sni_group_digits(v, ',', buf, cap);
}

/* The one summary of the actors contacts named that the actors files lack. */
static void say_unknown_actors(ctx *c)
{
    if (!c->unk_actors)
        return;
    const sn_store *st = c->st;
    char ids[1200], a[32], b[32];
    size_t n = 0;
    ids[0] = '\0';
    for (int i = 0; i < c->n_unk_first && n < sizeof ids; i++) {
        const char *id = sn_store_actor_id(st, c->unk_first[i]);
        char sb[96];
        n += (size_t)snprintf(ids + n, sizeof ids - n, "%s'%s'", i ? ", " : "",
                              sn_escape(id, strlen(id), sb, sizeof sb));
    }
    if (c->unk_actors > c->n_unk_first && n < sizeof ids)
        snprintf(ids + n, sizeof ids - n, " and %s more",
                 grouped(c->unk_actors - c->n_unk_first, a, sizeof a));
    int no_actors_file = (size_t)st->auto_actors >= st->n_actors;
    grouped(c->unk_contacts, b, sizeof b);
    const char *contacts = c->unk_contacts == 1 ? "contact" : "contacts";
    if (no_actors_file)
        sn_diag_emit(c->diag, SN_WARNING, c->unk_file, c->unk_line, c->unk_col,
                     "no actors file: %s actor%s (%s) named by %s %s, the first here, are known "
                     "only by their id; created with type 'unknown', so organisations are "
                     "unknown (expected an actors file with id and organisation)",
                     grouped(c->unk_actors, a, sizeof a), c->unk_actors == 1 ? "" : "s", ids, b,
                     contacts);
    else if (c->unk_actors == 1)
        sn_diag_emit(c->diag, SN_WARNING, c->unk_file, c->unk_line, c->unk_col,
                     "unknown actor %s; created it with type 'unknown' (expected an id from the "
                     "actors file); named by %s %s, the first here",
                     ids, b, contacts);
    else
        sn_diag_emit(c->diag, SN_WARNING, c->unk_file, c->unk_line, c->unk_col,
                     "%s unknown actors (%s) named by %s %s, the first here; created them with "
                     "type 'unknown' (expected ids from the actors file)",
                     grouped(c->unk_actors, a, sizeof a), ids, b, contacts);
    c->unk_actors = c->unk_contacts = 0;
    c->n_unk_first = 0;
}

/* "in contacts.csv at lines 22, 23, 24, 25, 26, …" for the first hidden messages of kind k. */
static void hidden_places(const ctx *c, int k, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    const char *file = NULL;
    for (int i = 0; i < c->n_hid_at[k] && n < cap; i++) {
        const hidden_at *h = &c->hid_at[k][i];
        char name[300];
        if (!file || strcmp(file, h->file ? h->file : "") != 0) {
            file = h->file ? h->file : "";
            sn_escape(file, strlen(file), name, sizeof name);
            n += (size_t)snprintf(buf + n, cap - n, "%s%s at line%s %ld", i ? "; " : " in ", name,
                                  "s", h->line);
        } else {
            n += (size_t)snprintf(buf + n, cap - n, ", %ld", h->line);
        }
    }
    if (c->hidden[k] > c->n_hid_at[k] && n < cap)
        snprintf(buf + n, cap - n, ", \xe2\x80\xa6");
}

/* Add the messages of each kind to the sink's exact counts. */
static void count_kinds(ctx *c)
{
    sn_diag *d = c->diag;
    for (int k = 0; k < NKINDS; k++) {
        if (!c->seen[k])
            continue;
        int i = 0;
        while (i < d->n_kinds && d->kinds[i].kind != kind_names[k])
            i++;
        if (i == d->n_kinds) {
            if (d->n_kinds == (int)(sizeof d->kinds / sizeof *d->kinds))
                continue;
            d->kinds[d->n_kinds].kind = kind_names[k];
            d->kinds[d->n_kinds++].count = 0;
        }
        d->kinds[i].count += c->seen[k];
    }
}

void sni_say_hidden(ctx *c)
{
    say_unknown_actors(c);
    FILE *out = c->diag->out ? c->diag->out : stderr;
    for (int k = 0; k < NKINDS; k++) {
        if (!c->hidden[k])
            continue;
        char places[1200], a[32];
        hidden_places(c, k, places, sizeof places);
        fprintf(out,
                "samnett: \xe2\x80\xa6 and %s more of the same kind ('%s')%s (at most %ld of "
                "each kind are shown)\n",
                grouped(c->hidden[k], a, sizeof a), kind_names[k], places, c->max_messages);
    }
    count_kinds(c);
    memset(c->seen, 0, sizeof c->seen);
    memset(c->over, 0, sizeof c->over);
    memset(c->hidden, 0, sizeof c->hidden);
    memset(c->n_hid_at, 0, sizeof c->n_hid_at);
}
