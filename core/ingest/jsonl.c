/* jsonl.c - JSONL files, one object a line: the kind from the first object, rows, the reader. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"

sn_status sni_jsonl_kind(ctx *c, reader *r, const char *file, const char *line, size_t len,
                         long line_no, sn_input_kind *kind)
{
    json_error_t jerr;
    json_t *obj = json_loadb(line, len, 0, &jerr);
    if (obj && json_is_object(obj)) {
        const char *key;
        json_t *v;
        json_object_foreach(obj, key, v)
        {
            colid k = (colid)sni_mapped_col(c, key, strlen(key));
            if (k != COL_EXTRA)
                r->have[k] = 1;
        }
    }
    json_decref(obj);
    if (*kind != SN_INPUT_AUTO)
        return SN_OK;
    if (!r->have[COL_ID] && !r->have[COL_FROM] && !r->have[COL_TO])
        return sni_fail(c, file, line_no, 1,
                        "cannot tell actors from contacts; expected the first line to be a JSON "
                        "object with \"time\", \"from\" and \"to\" (contacts) or \"id\" (actors)");
    *kind = (r->have[COL_FROM] || r->have[COL_TO]) ? SN_INPUT_CONTACTS : SN_INPUT_ACTORS;
    return SN_OK;
}

/* ---- rows ---- */

/*
 * The column of "key" used as a key (followed by ':'), or with `value` set the
 * column of its value (inside the quotes of a string); 1 if not found.
 */
static long key_column(const char *line, const char *key, int value)
{
    char pat[160];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    size_t plen = strlen(pat);
    const char *p = line;
    while ((p = strstr(p, pat))) {
        const char *q = p + plen;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q == ':') {
            if (value) {
                q++;
                while (*q == ' ' || *q == '\t')
                    q++;
                p = *q == '"' ? q + 1 : q;
            }
            break;
        }
        p++;
    }
    if (!p)
        return 1;
    return sni_utf8_chars(line, (size_t)(p - line)) + 1;
}

/*
 * Where a JSON syntax error starts. jansson reports the position after the
 * offending token and names it ("near 'x'"); the column is the token's start.
 */
static long json_error_column(const char *line, size_t len, const json_error_t *e)
{
    if (strstr(e->text, "near end of file"))
        return sni_utf8_chars(line, len) + 1;
    const char *near = strstr(e->text, "near '");
    const char *end = near ? strrchr(e->text, '\'') : NULL;
    if (near && end > near + 6) {
        size_t tlen = (size_t)(end - (near + 6));
        size_t pos = e->position > 0 ? (size_t)e->position : 0;
        if (pos <= len && pos >= tlen && memcmp(line + pos - tlen, near + 6, tlen) == 0)
            return sni_utf8_chars(line, pos - tlen) + 1;
    }
    return e->column > 0 ? e->column : 1;
}

/* Text of a JSON scalar into buf; NULL (and *why set) for a type that cannot be a value. */
static const char *json_text(json_t *v, char *buf, size_t cap, size_t *len, const char **why)
{
    if (json_is_string(v)) {
        *len = json_string_length(v);
        return json_string_value(v);
    }
    if (json_is_integer(v)) {
        *len = (size_t)snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        *len = (size_t)snprintf(buf, cap, "%.17g", json_real_value(v));
        return buf;
    }
    *why = json_is_boolean(v) ? "a boolean" : json_is_object(v) ? "an object" : "an array";
    return NULL;
}

static sn_status jsonl_row(ctx *c, reader *r, val *extras, uint32_t *extra_keys, char (*bufs)[64],
                           size_t n_bufs, size_t max_extra)
{
    const char *file = r->job->name;
    int contacts = r->job->kind == SN_INPUT_CONTACTS;
    long line = r->line_no;
    json_error_t jerr;
    if (contacts)
        c->st->rows_read++;
    json_t *obj = json_loadb(r->line, r->line_len, 0, &jerr);
    if (!obj) {
        sni_reject(c, K_JSON, file, line, json_error_column(r->line, r->line_len, &jerr),
                   "invalid JSON: %s", jerr.text);
        return SN_OK;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        sni_reject(c, K_JSON, file, line, 1, "expected a JSON object, one per line");
        return SN_OK;
    }
    val v[NCOLS];
    memset(v, 0, sizeof v);
    size_t n_extra = 0;
    const char *key;
    json_t *jv;
    sn_status rc = SN_OK;
    int bad = 0;
    size_t slot = 0;
    json_object_foreach(obj, key, jv)
    {
        if (json_is_null(jv))
            continue;
        colid k = (colid)sni_mapped_col(c, key, strlen(key));
        long kc = key_column(r->line, key, 0);
        if (k == COL_EXTRA && contacts)
            continue; /* contacts have no extra attributes */
        if (k == COL_EXTRA && n_extra >= max_extra) {
            sni_say(c, K_EXTRA, SN_WARNING, file, line, kc,
                    "more than %zu extra attributes; \"%s\" and later ones are not kept", max_extra,
                    key);
            break;
        }
        if (slot >= n_bufs) {
            sni_reject(c, K_JSON_VALUE, file, line, kc, "too many keys; expected at most %zu",
                       n_bufs);
            bad = 1;
            break;
        }
        const char *why = NULL;
        size_t len = 0;
        const char *s = json_text(jv, bufs[slot], 64, &len, &why);
        if (!s) {
            sni_reject(c, K_JSON_VALUE, file, line, kc,
                       "\"%s\" is %s; expected a string or a number", key, why);
            bad = 1;
            break;
        }
        if (k == COL_TIME && json_is_real(jv)) {
            sni_reject(c, K_JSON_VALUE, file, line, kc,
                       "\"%s\" is a fraction; expected epoch seconds or an ISO 8601 string", key);
            bad = 1;
            break;
        }
        if (s == bufs[slot])
            slot++;
        if (len > c->max_field) {
            sni_reject(c, K_JSON_VALUE, file, line, kc,
                       "\"%s\" is longer than %zu bytes; expected a shorter value", key,
                       c->max_field);
            bad = 1;
            break;
        }
        if (memchr(s, 0, len)) {
            sni_reject(c, K_JSON_VALUE, file, line, kc,
                       "\"%s\" contains a NUL character; expected text", key);
            bad = 1;
            break;
        }
        /* value problems point at the value, not the key */
        val x = {s, len, line, key_column(r->line, key, 1)};
        if (k == COL_EXTRA) {
            uint32_t id;
            if (sn_store_string(c->st, key, strlen(key), &id) != SN_OK) {
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
                break;
            }
            extras[n_extra] = x;
            extra_keys[n_extra++] = id;
        } else {
            v[k] = x;
        }
    }
    if (rc == SN_OK && !bad) {
        if (contacts) {
            c->st->rows_read--; /* contact_row counts it */
            if (!v[COL_TIME].s || !v[COL_FROM].s || !v[COL_TO].s) {
                c->st->rows_read++;
                sni_reject(c, K_MISSING, file, line, 1,
                           "missing \"%s\"; expected \"time\", \"from\" and \"to\"",
                           !v[COL_TIME].s   ? "time"
                           : !v[COL_FROM].s ? "from"
                                            : "to");
            } else {
                rc = sni_contact_row(c, file, v, line);
            }
        } else if (!v[COL_ID].s) {
            sni_reject(c, K_MISSING, file, line, 1,
                       "missing \"id\"; expected an actor object with \"id\"");
        } else {
            rc = sni_actor_row(c, file, v, extras, extra_keys, n_extra, line);
        }
    }
    json_decref(obj);
    return rc;
}

/* ---- the reader ---- */

sn_status sni_read_jsonl(ctx *c, reader *r)
{
    enum { MAX_EXTRA = 64 };
    val extras[MAX_EXTRA];
    uint32_t extra_keys[MAX_EXTRA];
    char(*bufs)[64] = malloc(NCOLS * 64 + MAX_EXTRA * 64);
    if (!bufs)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    sn_status rc = SN_OK;
    long rows = 0;
    for (;;) {
        if (!r->pending) {
            int got = sni_src_line(&r->src, &r->line, &r->line_cap, &r->line_len, &r->line_no);
            if (got < 0) {
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
                break;
            }
            if (got == 0)
                break;
        }
        r->pending = 0;
        if ((++rows & 0xffff) == 0)
            sni_progress(c, r->job->name, &r->src);
        size_t i = 0;
        while (i < r->line_len && (r->line[i] == ' ' || r->line[i] == '\t'))
            i++;
        if (i == r->line_len)
            continue; /* a blank line */
        if (r->src.line_cut) {
            sni_reject(c, K_LONG, r->job->name, r->line_no, 1,
                       "line is %zu bytes; expected at most %zu", r->line_len + r->src.line_cut,
                       c->max_line);
        } else {
            rc = jsonl_row(c, r, extras, extra_keys, bufs, NCOLS + MAX_EXTRA, MAX_EXTRA);
        }
        if (rc != SN_OK || sni_stopped(c))
            break;
    }
    free(bufs);
    return rc;
}
