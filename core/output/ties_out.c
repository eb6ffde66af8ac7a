/* ties_out.c - the tie table as CSV or JSONL (docs/ties-columns.md): sn_tie_table_write. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "samnett/output.h"

const char *const sn_report_ties_unavailable[] = {
    "cases",         "meetings",       "meeting_projection", "meeting_series",
    "change_points", "contact_timing", "time_shuffles",      NULL};

/* A CSV field: quoted when it holds a comma, a quote, a line end or surrounding space. */
static void csv_text(FILE *f, const char *s)
{
    size_t n = strlen(s);
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

/* A JSON string. */
static void json_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* A weight sum: a whole number as an integer, else enough digits to read it back. */
static void number(FILE *f, double x)
{
    if (x == floor(x) && fabs(x) < 9007199254740992.0)
        fprintf(f, "%.0f", x);
    else
        fprintf(f, "%.17g", x);
}

sn_status sn_tie_table_write(const sn_tie_table *t, FILE *f, int jsonl, sn_err *err)
{
    const sn_store *s = t->store;
    if (!jsonl)
        fputs("from,to,channel,bucket,contacts,weight,cases,first,last\n", f);
    for (size_t i = 0; i < t->n; i++) {
        const sn_tie_row *r = &t->rows[i];
        int64_t y;
        unsigned m, d;
        sn_civil_from_days(r->bucket, &y, &m, &d);
        char bucket[32], first[32], last[32];
        snprintf(bucket, sizeof bucket, "%04" PRId64 "-%02u-%02u", y, m, d);
        sn_time_format(r->first, first, sizeof first);
        sn_time_format(r->last, last, sizeof last);
        const char *from = sn_store_actor_id(s, r->from), *to = sn_store_actor_id(s, r->to);
        const char *ch = sn_channel_name(s, r->channel);
        if (jsonl) {
            fputs("{\"from\":", f);
            json_text(f, from);
            fputs(",\"to\":", f);
            json_text(f, to);
            fputs(",\"channel\":", f);
            json_text(f, ch);
            fprintf(f, ",\"bucket\":\"%s\",\"contacts\":%" PRIu32 ",\"weight\":", bucket,
                    r->contacts);
            number(f, r->weight);
            fprintf(f, ",\"cases\":%" PRIu32 ",\"first\":\"%s\",\"last\":\"%s\"}\n", r->cases,
                    first, last);
        } else {
            csv_text(f, from);
            fputc(',', f);
            csv_text(f, to);
            fputc(',', f);
            csv_text(f, ch);
            fprintf(f, ",%s,%" PRIu32 ",", bucket, r->contacts);
            number(f, r->weight);
            fprintf(f, ",%" PRIu32 ",%s,%s\n", r->cases, first, last);
        }
    }
    if (ferror(f))
        return sn_err_set(err, SN_EIO, "cannot write the tie table");
    return SN_OK;
}
