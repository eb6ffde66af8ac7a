/*
 * csv.c - CSV files: the header's columns, one record checked and stored, and
 * the serial reader (csv_parallel.c reads large plain files with threads).
 */
#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"

/* ---- the header ---- */

/* Map a CSV header record; sets r->have[] and the column map. */
static sn_status map_csv_header(ctx *c, reader *r, const sni_csv *cv)
{
    const char *file = r->job->name;
    free(r->colmap);
    free(r->extra_key);
    memset(r->have, 0, sizeof r->have);
    r->colmap_n = (int)cv->n_fields;
    r->colmap = calloc(cv->n_fields, sizeof *r->colmap);
    r->extra_key = calloc(cv->n_fields, sizeof *r->extra_key);
    if (!r->colmap || !r->extra_key)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory reading the header of %s", file);
    for (size_t i = 0; i < cv->n_fields; i++) {
        const char *h = sni_csv_str(cv, i);
        size_t len = cv->fields[i].len;
        long chars, off;
        char why[256];
        if ((off = sni_utf8_check(h, len, &chars)) >= 0)
            return sni_fail(c, file, cv->fields[i].line, cv->fields[i].col + chars,
                            "in the header: %s", sni_bad_byte(c, h, off, why, sizeof why));
        colid k = (colid)sni_mapped_col(c, h, len);
        if (k != COL_EXTRA && r->have[k])
            return sni_fail(c, file, cv->fields[i].line, cv->fields[i].col,
                            "column '%s' appears twice in the header; expected each column once",
                            sni_col_names[k]);
        if (k == COL_EXTRA) {
            if (len == 0)
                return sni_fail(c, file, cv->fields[i].line, cv->fields[i].col,
                                "empty column name in the header; expected a name for every "
                                "column");
            if (sn_store_string(c->st, h, len, &r->extra_key[i]) != SN_OK)
                return sn_err_set(c->err, SN_ENOMEM, "out of memory");
        } else {
            r->have[k] = 1;
        }
        r->colmap[i] = k;
    }
    return SN_OK;
}

/* The header's columns, "'Når', 'Hvem', 'Mottakar'", into buf. */
static const char *header_list(const sni_csv *cv, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cv->n_fields && n + 8 < cap; i++) {
        char one[128];
        sn_escape(sni_csv_str(cv, i), cv->fields[i].len, one, sizeof one);
        n += (size_t)snprintf(buf + n, cap - n, "%s'%s'", i ? ", " : "", one);
    }
    if (n >= cap && cap > 4)
        memcpy(buf + cap - 4, "...", 4);
    return buf;
}

/* A column the file lacks: the names it may have, and what the header has. */
static sn_status missing(ctx *c, const char *file, const sni_csv *cv, colid k, const char *what)
{
    char names[512], found[1024];
    if (c->map_shown[k])
        return sni_fail(c, file, 1, 1,
                        "missing column '%s' (for %s, as --map says); the header has %s",
                        c->map_shown[k], sni_col_names[k], header_list(cv, found, sizeof found));
    return sni_fail(c, file, 1, 1,
                    "missing required column '%s'; expected %s. A header names it %s (or "
                    "--map %s=COLUMN); the header has %s",
                    sni_col_names[k], what, sni_col_aliases(k, names, sizeof names),
                    sni_col_names[k], header_list(cv, found, sizeof found));
}

static sn_status check_required(ctx *c, reader *r, const sni_csv *cv)
{
    const char *file = r->job->name;
    if (r->job->kind == SN_INPUT_AUTO) {
        if (r->have[COL_FROM] || r->have[COL_TO])
            r->job->kind = SN_INPUT_CONTACTS;
        else if (r->have[COL_ID])
            r->job->kind = SN_INPUT_ACTORS;
        else
            return sni_fail(c, file, 1, 1,
                            "missing header; expected a first line naming the columns: "
                            "time,from,to[,channel,case,meeting,weight] for contacts or "
                            "id[,name,type,organisation,unit,rank,profession] for actors");
    }
    int contacts = r->job->kind == SN_INPUT_CONTACTS;
    static const colid contact_req[] = {COL_TIME, COL_FROM, COL_TO};
    if (contacts) {
        for (size_t i = 0; i < 3; i++)
            if (!r->have[contact_req[i]])
                return missing(c, file, cv, contact_req[i],
                               "a contacts header with time, from and to");
    } else if (!r->have[COL_ID]) {
        return missing(c, file, cv, COL_ID, "an actors header with id");
    }
    /* every column --map names for this kind of file must be there */
    for (int k = contacts ? COL_TIME : COL_ID; k < (contacts ? NCOLS : COL_TIME); k++)
        if (c->map_hdr[k] && !r->have[k])
            return missing(c, file, cv, (colid)k, NULL);
    return SN_OK;
}

sn_status sni_read_header(ctx *c, reader *r, const char *data, size_t len, int eof, sni_head *h)
{
    const char *file = r->job->name;
    switch (sni_head_scan(data, len, eof, h)) {
    case SNI_HEAD_FOUND:
        break;
    case SNI_HEAD_MORE:
        return SN_OK; /* h->end == 0: not complete yet */
    case SNI_HEAD_EMPTY:
        return sni_fail(c, file, 1, 1, "empty file; expected a header line");
    case SNI_HEAD_TOO_LONG:
        return sni_fail(c, file, 1, 1,
                        "no end of the header line in the first %zu bytes; expected a header "
                        "line naming the columns",
                        SNI_HEAD_MAX);
    }
    sni_src src;
    sni_src_open_mem(&src, data + h->start, h->text_len, file, h->line);
    src.col = h->col;
    sni_csv cv;
    sni_csv_init(&cv, &src, h->delim, c->max_field);
    cv.max_fields = SN_MAX_COLUMNS;
    int got = sni_csv_next(&cv);
    sn_status rc = SN_OK;
    if (got < 0) {
        rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
    } else if (got == 0) {
        rc = sni_fail(c, file, 1, 1, "empty file; expected a header line");
    } else if (cv.problem) {
        rc = sni_fail(c, file, cv.prob_line, cv.prob_col, "in the header: %s", cv.prob_msg);
    } else if (cv.n_total > cv.n_fields) {
        rc =
            sni_fail(c, file, h->line, h->col + 1,
                     "the header has %zu columns; expected at most %d", cv.n_total, SN_MAX_COLUMNS);
    } else {
        rc = map_csv_header(c, r, &cv);
        if (rc == SN_OK)
            rc = check_required(c, r, &cv);
    }
    sni_csv_free(&cv);
    if (rc != SN_OK)
        return rc;
    if (r->csv_open)
        sni_csv_free(&r->csv);
    sni_csv_init(&r->csv, &r->src, h->delim, c->max_field);
    r->csv.max_fields = (size_t)r->colmap_n + 1; /* one more tells "too many" */
    r->csv.max_line = c->max_line;
    r->csv_open = 1;
    r->data_off = (long long)h->end;
    r->data_line = h->next_line;
    return SN_OK;
}

/* ---- rows ---- */

sn_status sni_csv_record(ctx *c, const char *file, int contacts, const sni_csv *cv,
                         const header_map *h, val *extras, uint32_t *extra_keys)
{
    if (cv->problem) {
        if (contacts)
            c->st->rows_read++;
        sni_reject(c, strncmp(cv->prob_msg, "line is", 7) == 0 ? K_LONG : K_SYNTAX, file,
                   cv->prob_line, cv->prob_col, "%s", cv->prob_msg);
        return SN_OK;
    }
    if (cv->n_fields != (size_t)h->n) {
        if (contacts)
            c->st->rows_read++;
        if (cv->n_fields > (size_t)h->n) {
            const sni_field *f = &cv->fields[h->n];
            sni_reject(c, K_FIELDS, file, f->line, f->col,
                       "%zu fields; expected %d as in the header (an unquoted '%c' in a value?)",
                       cv->n_total, h->n, cv->delim);
        } else {
            const sni_field *f = &cv->fields[cv->n_fields - 1];
            long chars = sni_utf8_chars(sni_csv_str(cv, cv->n_fields - 1), f->len);
            sni_reject(c, K_FIELDS, file, f->line, f->col + chars,
                       "%zu field%s; expected %d as in the header", cv->n_fields,
                       cv->n_fields == 1 ? "" : "s", h->n);
        }
        return SN_OK;
    }
    val v[NCOLS];
    memset(v, 0, sizeof v);
    size_t n_extra = 0;
    for (size_t i = 0; i < cv->n_fields; i++) {
        const sni_field *f = &cv->fields[i];
        const char *str = sni_csv_str(cv, i);
        long chars, off;
        if ((off = sni_utf8_check(str, f->len, &chars)) >= 0) {
            char why[256];
            if (contacts)
                c->st->rows_read++;
            sni_reject(c, K_UTF8, file, f->line, f->col + chars, "%s",
                       sni_bad_byte(c, str, off, why, sizeof why));
            return SN_OK;
        }
        val x = {str, f->len, f->line, f->col};
        if (h->colmap[i] == COL_EXTRA) {
            extras[n_extra] = x;
            extra_keys[n_extra++] = h->extra_key[i];
        } else {
            v[h->colmap[i]] = x;
        }
    }
    return contacts ? sni_contact_row(c, file, v, cv->line)
                    : sni_actor_row(c, file, v, extras, extra_keys, n_extra, cv->line);
}

sn_status sni_read_csv(ctx *c, reader *r)
{
    const char *file = r->job->name;
    sni_csv *cv = &r->csv;
    int contacts = r->job->kind == SN_INPUT_CONTACTS;
    header_map h = {r->colmap, r->extra_key, r->colmap_n};
    val *extras = calloc((size_t)r->colmap_n, sizeof *extras);
    uint32_t *extra_keys = calloc((size_t)r->colmap_n, sizeof *extra_keys);
    if (!extras || !extra_keys) {
        free(extras);
        free(extra_keys);
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    }
    sn_status rc = SN_OK;
    long rows = 0;
    for (;;) {
        int got = sni_csv_next(cv);
        if (got < 0) {
            rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
            break;
        }
        if (got == 0)
            break;
        if ((++rows & 0xffff) == 0)
            sni_progress(c, file, &r->src);
        rc = sni_csv_record(c, file, contacts, cv, &h, extras, extra_keys);
        if (rc != SN_OK || sni_stopped(c))
            break;
    }
    free(extras);
    free(extra_keys);
    return rc;
}
