/* ties_out.c - the tie table as CSV or JSONL (docs/ties-columns.md): sn_tie_table_write. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/output.h"

const char *const sn_report_ties_unavailable[] = {
    "cases",         "meetings",       "meeting_projection", "meeting_series",
    "change_points", "contact_timing", "time_shuffles",      NULL};

/* The output, a row at a time into a buffer (no printf per field). */
typedef struct obuf {
    char *p;
    size_t len, cap;
    int oom;
} obuf;

static char *room(obuf *b, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < b->len + n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return NULL;
        }
        b->p = p;
        b->cap = cap;
    }
    return b->p + b->len;
}

static void put(obuf *b, const char *s, size_t n)
{
    char *d = room(b, n);
    if (d) {
        memcpy(d, s, n);
        b->len += n;
    }
}

static void putc_(obuf *b, char c)
{
    put(b, &c, 1);
}

static void put_u64(obuf *b, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do
        tmp[sizeof tmp - ++n] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    put(b, tmp + sizeof tmp - n, n);
}

/* n digits of v, zero-padded. */
static void put_pad(obuf *b, unsigned v, int n)
{
    char tmp[8];
    for (int i = n - 1; i >= 0; i--, v /= 10)
        tmp[i] = (char)('0' + v % 10);
    put(b, tmp, (size_t)n);
}

static void put_date(obuf *b, int64_t day)
{
    int64_t y;
    unsigned m, d;
    sn_civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) {
        char tmp[32];
        put(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "%04" PRId64, y));
    } else {
        put_pad(b, (unsigned)y, 4);
    }
    putc_(b, '-');
    put_pad(b, m, 2);
    putc_(b, '-');
    put_pad(b, d, 2);
}

/* "YYYY-MM-DDTHH:MM:SSZ", as sn_time_format. */
static void put_time(obuf *b, int64_t t)
{
    int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), s = t - day * 86400;
    put_date(b, day);
    putc_(b, 'T');
    put_pad(b, (unsigned)(s / 3600), 2);
    putc_(b, ':');
    put_pad(b, (unsigned)(s / 60 % 60), 2);
    putc_(b, ':');
    put_pad(b, (unsigned)(s % 60), 2);
    putc_(b, 'Z');
}

/* A CSV field: quoted when it holds a comma, a quote, a line end or surrounding space. */
static void csv_text(obuf *b, const char *s)
{
    size_t n = strlen(s);
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        put(b, s, n);
        return;
    }
    putc_(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            putc_(b, '"');
        putc_(b, s[i]);
    }
    putc_(b, '"');
}

/* A JSON string. */
static void json_text(obuf *b, const char *s)
{
    putc_(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            putc_(b, '\\');
            putc_(b, (char)*p);
        } else if (*p < 0x20) {
            char tmp[8];
            put(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "\\u%04x", *p));
        } else {
            putc_(b, (char)*p);
        }
    }
    putc_(b, '"');
}

/* A weight sum: a whole number as an integer, else enough digits to read it back. */
static void number(obuf *b, double x)
{
    if (x == floor(x) && x >= 0 && x < 9007199254740992.0) {
        put_u64(b, (uint64_t)x);
        return;
    }
    char tmp[40];
    int n = x == floor(x) && fabs(x) < 9007199254740992.0 ? snprintf(tmp, sizeof tmp, "%.0f", x)
                                                          : snprintf(tmp, sizeof tmp, "%.17g", x);
    put(b, tmp, (size_t)n);
}

sn_status sn_tie_table_write(const sn_tie_table *t, FILE *f, int jsonl, sn_err *err)
{
    const sn_store *s = t->store;
    obuf b = {0};
    int bad = 0;
    if (!jsonl)
        put(&b, "from,to,channel,bucket,contacts,weight,cases,first,last\n", 56);
    for (size_t i = 0; i < t->n && !bad; i++) {
        const sn_tie_row *r = &t->rows[i];
        const char *from = sn_store_actor_id(s, r->from), *to = sn_store_actor_id(s, r->to);
        const char *ch = sn_channel_name(s, r->channel);
        if (jsonl) {
            put(&b, "{\"from\":", 8);
            json_text(&b, from);
            put(&b, ",\"to\":", 6);
            json_text(&b, to);
            put(&b, ",\"channel\":", 11);
            json_text(&b, ch);
            put(&b, ",\"bucket\":\"", 11);
            put_date(&b, r->bucket);
            put(&b, "\",\"contacts\":", 13);
            put_u64(&b, r->contacts);
            put(&b, ",\"weight\":", 10);
            number(&b, r->weight);
            put(&b, ",\"cases\":", 9);
            put_u64(&b, r->cases);
            put(&b, ",\"first\":\"", 10);
            put_time(&b, r->first);
            put(&b, "\",\"last\":\"", 10);
            put_time(&b, r->last);
            put(&b, "\"}\n", 3);
        } else {
            csv_text(&b, from);
            putc_(&b, ',');
            csv_text(&b, to);
            putc_(&b, ',');
            csv_text(&b, ch);
            putc_(&b, ',');
            put_date(&b, r->bucket);
            putc_(&b, ',');
            put_u64(&b, r->contacts);
            putc_(&b, ',');
            number(&b, r->weight);
            putc_(&b, ',');
            put_u64(&b, r->cases);
            putc_(&b, ',');
            put_time(&b, r->first);
            putc_(&b, ',');
            put_time(&b, r->last);
            putc_(&b, '\n');
        }
        if (b.len >= 1 << 20 || i + 1 == t->n) { /* written a megabyte at a time */
            bad = b.oom || fwrite(b.p, 1, b.len, f) != b.len;
            b.len = 0;
        }
    }
    if (!bad && b.len)
        bad = b.oom || fwrite(b.p, 1, b.len, f) != b.len;
    bad |= b.oom;
    free(b.p);
    if (bad || ferror(f))
        return sn_err_set(err, b.oom ? SN_ENOMEM : SN_EIO, "cannot write the tie table");
    return SN_OK;
}
