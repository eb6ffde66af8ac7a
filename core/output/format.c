/* format.c - what the report writers share: text cells and rows, grouped
 * numbers, JSON numbers, and CSV fields and tables written atomically (file.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "samnett/time.h"
#include "format.h"
#include "../util/toolbox.h"

json_t *sni_out_num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static _Thread_local unsigned long lost_values;

int sni_out_set(json_t *o, const char *key, json_t *v)
{
    int rc = json_object_set_new(o, key, v);
    lost_values += rc != 0;
    return rc;
}

int sni_out_append(json_t *a, json_t *v)
{
    int rc = json_array_append_new(a, v);
    lost_values += rc != 0;
    return rc;
}

unsigned long sni_out_lost(void)
{
    return lost_values;
}

const char *const sni_cells_all[] = {NULL};

int sni_cells_key(const char *const *keys, const char *key)
{
    if (!keys)
        return 0;
    if (keys == sni_cells_all)
        return 1;
    for (; *keys; keys++)
        if (strcmp(*keys, key) == 0)
            return 1;
    return 0;
}

/* The suppressed numbers of array a (and of the arrays in it) become null; 1 when one did. */
static int cells_array(const sn_report *r, json_t *a)
{
    int any = 0;
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e)
    {
        if (json_is_number(e) && sni_cells_count(r, json_number_value(e)))
            any |= json_array_set_new(a, i, json_null()) == 0;
        else if (json_is_array(e))
            any |= cells_array(r, e);
    }
    return any;
}

/* "KEY_suppressed" into buf; 0 when it does not fit. */
static int flag_key(const char *key, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s_suppressed", key);
    return n > 0 && (size_t)n < cap;
}

void sni_out_cells(const sn_report *r, json_t *v, const char *const *keys)
{
    if (!v || !keys || !sni_cells_on(r))
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) sni_out_cells(r, e, keys);
        return;
    }
    if (!json_is_object(v))
        return;
    /* o rebuilt member by member, so that each flag comes right after its count */
    json_t *n = json_object();
    const char *k;
    json_t *e;
    int changed = 0;
    char flag[256];
    json_object_foreach(v, k, e)
    {
        int hide = 0;
        if (sni_cells_key(keys, k)) {
            if (json_is_number(e) && sni_cells_count(r, json_number_value(e))) {
                e = json_null();
                hide = 1;
            } else if (json_is_array(e) && cells_array(r, e)) {
                hide = 1;
            }
        }
        if (!hide && (json_is_object(e) || json_is_array(e)))
            sni_out_cells(r, e, keys);
        sni_out_set(n, k, hide && json_is_null(e) ? e : json_incref(e));
        if (hide && flag_key(k, flag, sizeof flag))
            sni_out_set(n, flag, json_true());
        changed |= hide;
    }
    if (changed && n) {
        json_object_clear(v);
        if (json_object_update(v, n) != 0)
            lost_values++;
    }
    json_decref(n);
}

void sni_out_hide(json_t *o, const char *key)
{
    json_t *e = json_object_get(o, key);
    char flag[256];
    if (!e || json_is_null(e) || !flag_key(key, flag, sizeof flag))
        return;
    json_t *n = json_object();
    const char *k;
    json_object_foreach(o, k, e)
    {
        int hide = strcmp(k, key) == 0;
        sni_out_set(n, k, hide ? json_null() : json_incref(e));
        if (hide)
            sni_out_set(n, flag, json_true());
    }
    if (n) {
        json_object_clear(o);
        if (json_object_update(o, n) != 0)
            lost_values++;
    }
    json_decref(n);
}

void sni_jw_init(sn_jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->lost = sni_out_lost();
}

void sni_jw_fail(sn_jw *w, sn_status code, const char *what)
{
    if (w->status == SN_OK) {
        w->status = code;
        snprintf(w->what, sizeof w->what, "%s", what);
    }
}

static void jw_put(sn_jw *w, const char *s, size_t n)
{
    if (w->status == SN_OK && fwrite(s, 1, n, w->f) != n)
        sni_jw_fail(w, SN_EIO, "cannot write the JSON report");
}

/* A newline and the indent of the current depth. */
static void jw_newline(sn_jw *w)
{
    char line[1 + 2 * SN_JW_DEPTH];
    size_t n = (size_t)(w->depth < SN_JW_DEPTH ? w->depth : SN_JW_DEPTH);
    line[0] = '\n';
    memset(line + 1, ' ', 2 * n);
    jw_put(w, line, 1 + 2 * n);
}

/* Text as jw_dump made it (n bytes), its lines indented to the current depth. */
static void jw_put_dumped(sn_jw *w, const char *text, size_t n)
{
    /* jansson escapes control characters in strings: every newline is layout */
    const char *p = text, *end = text + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            jw_put(w, p, (size_t)(end - p));
            break;
        }
        jw_put(w, p, (size_t)(nl - p));
        jw_newline(w);
        p = nl + 1;
    }
}

/* v as json_dumpb writes it, its lines indented to the current depth. */
static void jw_dump(sn_jw *w, const json_t *v)
{
    size_t pad = 2 * (size_t)(w->depth < SN_JW_DEPTH ? w->depth : SN_JW_DEPTH), n = 0;
    if (sni_json_dump(v, pad, &w->buf, &w->cap, &n) == 0) { /* indented already */
        jw_put(w, w->buf, n);
        return;
    }
    n = json_dumpb(v, w->buf, w->cap, SN_JSON_FLAGS | JSON_ENCODE_ANY);
    if (n > w->cap) {
        size_t cap = n > 2 * w->cap ? n : 2 * w->cap;
        char *buf = realloc(w->buf, cap);
        if (!buf) {
            sni_jw_fail(w, SN_ENOMEM, "out of memory writing the JSON report");
            return;
        }
        w->buf = buf;
        w->cap = cap;
        n = json_dumpb(v, w->buf, w->cap, SN_JSON_FLAGS | JSON_ENCODE_ANY);
    }
    if (n == 0 || n > w->cap) {
        sni_jw_fail(w, SN_ENOMEM, "out of memory writing the JSON report");
        return;
    }
    jw_put_dumped(w, w->buf, n);
}

typedef struct dump_buf {
    char *p;
    size_t len, cap;
} dump_buf;

static int dump_put(const char *s, size_t n, void *ud)
{
    dump_buf *b = ud;
    if (n > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 4096;
        while (n > cap - b->len)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

char *sni_out_dump(json_t *v, unsigned long lost, size_t *len)
{
    /* one pass into a growing buffer (json_dumpb would need a second to size it) */
    dump_buf b = {0};
    *len = 0;
    if (v && sni_out_lost() == lost &&
        (json_dump_callback(v, dump_put, &b, SN_JSON_FLAGS | JSON_ENCODE_ANY) != 0 || !b.len)) {
        free(b.p);
        b.p = NULL;
    }
    json_decref(v);
    *len = b.p ? b.len : 0;
    return b.p;
}

/* Stream: the separator, indent and key before a member or element. */
static void jw_member(sn_jw *w, const char *key)
{
    if (w->depth == 0)
        return;
    if (!w->empty[w->depth - 1])
        jw_put(w, ",", 1);
    w->empty[w->depth - 1] = 0;
    jw_newline(w);
    if (key) {
        json_t *k = json_string(key);
        if (!k) {
            sni_jw_fail(w, SN_EINPUT, "a JSON key is not valid UTF-8");
            return;
        }
        jw_dump(w, k);
        json_decref(k);
        jw_put(w, ": ", 2);
    }
}

/* Tree: attach v (stolen) to the open container; 0 on success. */
static int jw_attach(sn_jw *w, const char *key, json_t *v)
{
    if (w->depth == 0) {
        w->root = v;
        return 0;
    }
    json_t *parent = w->open[w->depth - 1];
    return key ? json_object_set_new(parent, key, v) : json_array_append_new(parent, v);
}

/* A value of key (NULL: an element of the open array) could not be built or added. */
static void jw_failed_value(sn_jw *w, const char *key)
{
    static const char why[] = "out of memory, or text that is not UTF-8";
    char what[200];
    const char *in = w->depth > 0 && w->depth <= SN_JW_DEPTH ? w->key[w->depth - 1] : NULL;
    if (key)
        snprintf(what, sizeof what, "cannot build `%.60s` of the JSON report: %s", key, why);
    else
        snprintf(what, sizeof what, "cannot build an element of `%.60s` of the JSON report: %s",
                 in ? in : "an array", why);
    sni_jw_fail(w, SN_ENOMEM, what);
}

void sni_jw_add(sn_jw *w, const char *key, json_t *v)
{
    if (w->status != SN_OK) {
        json_decref(v);
        return;
    }
    if (w->cells_r && v && sni_cells_on(w->cells_r)) {
        if (key && sni_cells_key(w->cells_keys, key) && json_is_number(v) &&
            sni_cells_count(w->cells_r, json_number_value(v))) {
            /* a suppressed count: null, and the flag right after it */
            char flag[256];
            json_decref(v);
            snprintf(flag, sizeof flag, "%s_suppressed", key);
            sni_jw_add(w, key, json_null());
            sni_jw_add(w, flag, json_true());
            return;
        }
        sni_out_cells(w->cells_r, v, w->cells_keys);
    }
    if (!v || sni_out_lost() != w->lost) { /* v, or a part of it, was lost */
        json_decref(v);
        jw_failed_value(w, key);
        return;
    }
    if (!w->f) {
        if (jw_attach(w, key, v) != 0)
            jw_failed_value(w, key);
        return;
    }
    jw_member(w, key);
    if (w->status == SN_OK)
        jw_dump(w, v);
    json_decref(v);
}

void sni_jw_add_dumped(sn_jw *w, const char *key, const char *text, size_t len)
{
    if (w->status != SN_OK)
        return;
    if (!w->f) {
        json_error_t e;
        sni_jw_add(w, key, json_loadb(text, len, JSON_DECODE_ANY, &e));
        return;
    }
    jw_member(w, key);
    if (w->status == SN_OK)
        jw_put_dumped(w, text, len);
}

void sni_jw_open(sn_jw *w, const char *key, int array)
{
    if (w->depth >= SN_JW_DEPTH)
        sni_jw_fail(w, SN_EANALYSIS, "the JSON report nests too deeply");
    if (w->status != SN_OK) {
        w->depth++; /* keeps open and close balanced */
        return;
    }
    if (!w->f) {
        json_t *c = array ? json_array() : json_object();
        if (!c || jw_attach(w, key, c) != 0) {
            jw_failed_value(w, key);
            w->depth++;
            return;
        }
        w->open[w->depth] = c;
    } else {
        jw_member(w, key);
        jw_put(w, array ? "[" : "{", 1);
    }
    w->key[w->depth] = key;
    w->array[w->depth] = (char)(array != 0);
    w->empty[w->depth] = 1;
    w->depth++;
}

void sni_jw_close(sn_jw *w)
{
    if (w->depth == 0)
        return;
    if (w->status == SN_OK && sni_out_lost() != w->lost)
        jw_failed_value(w, w->depth <= SN_JW_DEPTH ? w->key[w->depth - 1] : NULL);
    w->depth--;
    if (w->status != SN_OK || w->depth >= SN_JW_DEPTH || !w->f)
        return;
    if (!w->empty[w->depth])
        jw_newline(w);
    jw_put(w, w->array[w->depth] ? "]" : "}", 1);
}

sn_status sni_jw_finish(sn_jw *w, json_t **root, sn_err *err)
{
    free(w->buf);
    w->buf = NULL;
    if (w->status != SN_OK) {
        json_decref(w->root);
        if (root)
            *root = NULL;
        return sn_err_set(err, w->status, "%s", w->what);
    }
    if (root)
        *root = w->root;
    else
        json_decref(w->root);
    return SN_OK;
}

void sni_out_text(FILE *out, const char *s)
{
    sn_escape_fputs(s, out);
}

void sni_out_line(FILE *out, const char *indent, const char *s)
{
    fputs(indent, out);
    sn_escape_fputs(s, out);
    fputc('\n', out);
}

void sni_out_cell(FILE *out, const char *s, int width)
{
    /* Display columns: one per character, and the length of what an escape shows. */
    int cols = 0, cut_cols = 0;
    size_t len = strlen(s), i = 0, cut = 0, n;
    char piece[SN_ESCAPE_MAX];
    while (i < len) {
        size_t used = sn_escape_next(s + i, len - i, piece, &n);
        cols += n != used ? (int)n : 1;
        if (cols <= width - 3) {
            cut = i + used;
            cut_cols = cols;
        }
        i += used;
    }
    if (cols > width) {
        /* what fits in width - 3 columns (an escape is never split), "..." and padding */
        for (i = 0; i < cut;) {
            size_t used = sn_escape_next(s + i, cut - i, piece, &n);
            fwrite(piece, 1, n, out);
            i += used;
        }
        fputs("...", out);
        cols = cut_cols + 3;
    } else {
        sn_escape_fputs(s, out);
    }
    for (; cols < width; cols++)
        fputc(' ', out);
}

void sni_out_row(FILE *out, const char *label, const char *value)
{
    fputs("  ", out);
    sni_out_cell(out, label, 40);
    fputc(' ', out);
    sni_out_line(out, "", value);
}

const char *sni_out_grouped(const sn_report *r, long long v, char *buf, size_t cap)
{
    return sni_group_digits(v, r->lang == SN_LANG_NB ? ' ' : ',', buf, cap);
}

const char *sni_out_count_plain(const sn_report *r, double v, char *buf, size_t cap)
{
    if (sn_privacy_suppressed(r->privacy, v))
        snprintf(buf, cap, "<%d", r->privacy->min_cell);
    else
        snprintf(buf, cap, "%.0f", v);
    return buf;
}

const char *sni_out_count_text(const sn_report *r, double v, char *buf, size_t cap)
{
    if (sn_privacy_suppressed(r->privacy, v)) {
        snprintf(buf, cap, "<%d", r->privacy->min_cell);
        return buf;
    }
    return sni_out_grouped(r, (long long)v, buf, cap);
}

void sni_out_field(FILE *f, const char *s)
{
    /* A leading ' keeps a spreadsheet from reading the cell as a formula (OWASP). */
    int inert = strchr("=+-@\t\r", s[0]) && s[0];
    if (!strpbrk(s, ",\"\r\n")) {
        if (inert)
            fputc('\'', f);
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (inert)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The cell marking a count hidden by secondary suppression (sni_out_count_cell). */
#define SN_CSV_HIDDEN "#S"

/* The dialect of the CSV file being written on this thread (NULL: plain). */
static _Thread_local const sn_csv_dialect *csv_now;

void sni_out_count_cell(FILE *f, double x, int hidden)
{
    if (hidden)
        fputs(SN_CSV_HIDDEN, f);
    else
        sni_out_number(f, x);
}

void sni_out_number(FILE *f, double x)
{
    if (!isfinite(x))
        return;
    char buf[64];
    if (x == floor(x) && fabs(x) < 1e15) { /* "%.0f" */
        char *end = buf + sizeof buf - 1, *p = end;
        unsigned long long u = (unsigned long long)fabs(x);
        *end = '\0';
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (signbit(x))
            *--p = '-';
        fputs(p, f);
        return;
    }
    sni_g17(x, buf, sizeof buf);
    char *dot = strchr(buf, '.');
    if (dot && csv_now && csv_now->decimal != '.') {
        /* quoted for the plain form that the dialect's stream reads back */
        *dot = csv_now->decimal;
        fprintf(f, "\"%s\"", buf);
        return;
    }
    fputs(buf, f);
}

const sn_csv_dialect *sn_csv_dialect_of(sn_csv_style style)
{
    static const sn_csv_dialect plain = {',', '.', 0, 0}, excel = {';', ',', 1, 1};
    return style == SN_CSV_EXCEL ? &excel : &plain;
}

sn_status sn_csv_style_parse(const char *name, sn_csv_style *out, sn_err *err)
{
    if (strcasecmp(name, "plain") == 0)
        *out = SN_CSV_PLAIN;
    else if (strcasecmp(name, "excel") == 0)
        *out = SN_CSV_EXCEL;
    else
        return sn_err_set(err, SN_EUSAGE, "unknown CSV dialect '%s'; expected plain or excel",
                          name);
    return SN_OK;
}

/*
 * The plain CSV the table writers write, read back cell by cell (RFC 4180:
 * a quoted cell may hold ',', '"' doubled and line breaks) and written to
 * out in the dialect d.
 */
typedef struct sni_csv_recode {
    FILE *out;
    const sn_csv_dialect *d;
    enum { R_START, R_BARE, R_QUOTED, R_QUOTE } state;
    size_t cells; /* cells written in this row */
    char *cell;
    size_t len, cap;
    int oom;
    /*
     * The small-cell rule (r set): the table's count columns (sni_cells_csv),
     * found by name in the header; each gets its C_suppressed column.
     */
    const sn_report *r;
    const char *const *counts;
    size_t rows, col;      /* rows finished; the cell's column in this row */
    unsigned char *is_cnt; /* per column: a count column */
    size_t n_cols;
} sni_csv_recode;

static void recode_put(sni_csv_recode *c, char ch)
{
    if (c->len == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        char *p = realloc(c->cell, cap);
        if (!p) {
            c->oom = 1;
            return;
        }
        c->cell = p;
        c->cap = cap;
    }
    c->cell[c->len++] = ch;
}

/* One cell of len bytes in the dialect, after its separator. */
static void recode_emit(sni_csv_recode *c, const char *cell, size_t len)
{
    if (c->cells++)
        fputc(c->d->sep, c->out);
    int quote = 0;
    for (size_t i = 0; i < len && !quote; i++)
        quote = cell[i] == c->d->sep || cell[i] == '"' || cell[i] == '\r' || cell[i] == '\n';
    if (quote)
        fputc('"', c->out);
    for (size_t i = 0; i < len; i++) {
        if (quote && cell[i] == '"')
            fputc('"', c->out);
        fputc(cell[i], c->out);
    }
    if (quote)
        fputc('"', c->out);
}

/* Whether the count cell (len bytes, a number in the dialect or SN_CSV_HIDDEN) is not shown. */
static int recode_hidden(const sni_csv_recode *c, const char *cell, size_t len)
{
    char buf[64];
    if (len == strlen(SN_CSV_HIDDEN) && memcmp(cell, SN_CSV_HIDDEN, len) == 0)
        return 1;
    if (len == 0 || len >= sizeof buf)
        return 0;
    for (size_t i = 0; i < len; i++)
        buf[i] = cell[i] == c->d->decimal ? '.' : cell[i];
    buf[len] = '\0';
    char *end;
    double x = strtod(buf, &end);
    return *end == '\0' && sni_cells_count(c->r, x);
}

static void recode_cell(sni_csv_recode *c)
{
    size_t col = c->col++;
    if (!c->r) {
        recode_emit(c, c->cell, c->len);
    } else if (c->rows == 0) { /* the header: note the count columns */
        if (col >= c->n_cols) {
            size_t n = 2 * col + 16;
            unsigned char *p = realloc(c->is_cnt, n);
            if (!p) {
                c->oom = 1;
            } else {
                memset(p + c->n_cols, 0, n - c->n_cols);
                c->is_cnt = p;
                c->n_cols = n;
            }
        }
        recode_put(c, '\0');
        int count = !c->oom && sni_cells_csv_count(c->counts, c->cell);
        if (col < c->n_cols)
            c->is_cnt[col] = (unsigned char)count;
        c->len--;
        recode_emit(c, c->cell, c->len);
        if (count) {
            recode_put(c, '\0');
            c->len--;
            char flag[512];
            snprintf(flag, sizeof flag, "%s_suppressed", c->cell);
            recode_emit(c, flag, strlen(flag));
        }
    } else if (col < c->n_cols && c->is_cnt[col]) { /* a count: empty and flagged, or shown */
        int hide = recode_hidden(c, c->cell, c->len);
        recode_emit(c, c->cell, hide ? 0 : c->len);
        recode_emit(c, "true", hide ? 4 : 0);
    } else {
        recode_emit(c, c->cell, c->len);
    }
    c->len = 0;
    c->state = R_START;
}

static void recode_row(sni_csv_recode *c)
{
    recode_cell(c);
    fputs(c->d->crlf ? "\r\n" : "\n", c->out);
    c->cells = 0;
    c->col = 0;
    c->rows++;
}

static ssize_t recode_write(void *cookie, const char *buf, size_t size)
{
    sni_csv_recode *c = cookie;
    for (size_t i = 0; i < size; i++) {
        char ch = buf[i];
        switch (c->state) {
        case R_START:
        case R_BARE:
            if (ch == '"' && c->state == R_START)
                c->state = R_QUOTED;
            else if (ch == ',')
                recode_cell(c);
            else if (ch == '\n')
                recode_row(c);
            else {
                recode_put(c, ch);
                c->state = R_BARE;
            }
            break;
        case R_QUOTED:
            if (ch == '"')
                c->state = R_QUOTE;
            else
                recode_put(c, ch);
            break;
        case R_QUOTE:
            if (ch == '"') {
                recode_put(c, ch);
                c->state = R_QUOTED;
            } else if (ch == ',') {
                recode_cell(c);
            } else if (ch == '\n') {
                recode_row(c);
            } else {
                recode_put(c, ch);
                c->state = R_BARE;
            }
            break;
        }
    }
    return c->oom ? -1 : (ssize_t)size;
}

static int recode_close(void *cookie)
{
    sni_csv_recode *c = cookie;
    if (c->len || c->cells || c->state != R_START)
        recode_cell(c); /* a last row without its line end */
    return c->oom ? -1 : 0;
}

sn_status sni_csv_open(const sn_report *r, const char *dir, const char *name, sn_csv_out *o,
                       sn_err *err)
{
    char path[4096];
    const sn_csv_dialect *d = sn_csv_dialect_of(r->csv);
    memset(o, 0, sizeof *o);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    sn_status rc = sn_file_open(&o->file, path, 0, err);
    if (rc != SN_OK)
        return rc;
    o->f = o->file.f;
    csv_now = d;
    const char *const *counts = sni_cells_on(r) ? sni_cells_csv(name) : NULL;
    if (r->csv == SN_CSV_PLAIN && !counts)
        return SN_OK;
    if (d->bom)
        fputs("\xef\xbb\xbf", o->file.f);
    o->recode = calloc(1, sizeof *o->recode);
    if (o->recode) {
        o->recode->out = o->file.f;
        o->recode->d = d;
        o->recode->r = counts ? r : NULL;
        o->recode->counts = counts;
        o->f = fopencookie(o->recode, "w",
                           (cookie_io_functions_t){NULL, recode_write, NULL, recode_close});
    }
    if (!o->recode || !o->f) {
        free(o->recode);
        o->recode = NULL;
        o->f = NULL;
        csv_now = NULL;
        return sn_file_close(&o->file, sn_err_set(err, SN_ENOMEM, "%s: out of memory", path), err);
    }
    return SN_OK;
}

sn_status sni_csv_close(sn_csv_out *o, sn_status rc, sn_err *err)
{
    csv_now = NULL;
    if (o->recode) {
        int bad = ferror(o->f);
        bad |= fclose(o->f) != 0;
        free(o->recode->cell);
        free(o->recode->is_cnt);
        free(o->recode);
        o->recode = NULL;
        if (bad && rc == SN_OK)
            rc = sn_err_set(err, SN_ENOMEM, "%s: cannot write: out of memory", o->file.path);
    }
    o->f = NULL;
    return sn_file_close(&o->file, rc, err);
}

static _Thread_local int table_failed;

void sni_out_table_failed(void)
{
    table_failed = 1;
}

sn_status sni_out_tables(const sn_report *r, const char *dir, const sn_out_table_spec *tables,
                         size_t n, sn_err *err)
{
    for (size_t i = 0; i < n; i++) {
        sn_csv_out t;
        sn_status rc = sni_csv_open(r, dir, tables[i].name, &t, err);
        if (rc != SN_OK)
            return rc;
        table_failed = 0;
        tables[i].write(r, t.f);
        if (table_failed)
            rc = sn_err_set(err, SN_ENOMEM, "%s/%s: out of memory", dir, tables[i].name);
        rc = sni_csv_close(&t, rc, err);
        if (rc != SN_OK)
            return rc;
    }
    return SN_OK;
}

json_t *sni_out_count(double x)
{
    return json_integer((json_int_t)x);
}

json_t *sni_out_time(int64_t t, int valid)
{
    char buf[40];
    if (!valid)
        return json_null();
    sn_time_format(t, buf, sizeof buf);
    return json_string(buf);
}
