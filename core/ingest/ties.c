/*
 * ties.c - a tie table (docs/ties-columns.md) read into a store: sn_ties_load
 * checks each row, sn_ties_store adds the rows as counted rows
 * (sn_store_counted_add) and checks what needs all of them: the buckets'
 * resolution, the times inside their buckets, and one row per key.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "ingest_internal.h"
#include "samnett/time.h"

enum { T_FROM, T_TO, T_CHANNEL, T_BUCKET, T_CONTACTS, T_WEIGHT, T_CASES, T_FIRST, T_LAST, T_NCOLS };
static const char *const tcol_names[T_NCOLS] = {"from",   "to",    "channel", "bucket", "contacts",
                                                "weight", "cases", "first",   "last"};

typedef struct tie_in {
    uint32_t from, to, channel; /* intern ids into the file's ids and channels */
    int64_t bucket;             /* day number */
    uint32_t contacts, cases;
    double weight;
    int64_t first, last;
    long line;
    uint32_t col[4]; /* the columns of channel, bucket, first and last (kept_col), for
                        the messages of sn_ties_store */
} tie_in;

/* The slot of tie_in.col that column k (channel, bucket, first or last) has. */
static int kept_col(int k)
{
    return k == T_CHANNEL ? 0 : k == T_BUCKET ? 1 : k == T_FIRST ? 2 : 3;
}

struct sn_tie_file {
    char *name;
    sn_intern *ids, *channels;
    tie_in *rows;
    size_t n, cap;
    long rejected; /* rows rejected while loading */
    long long bytes;
};

void sn_ties_free(sn_tie_file *f)
{
    if (!f)
        return;
    free(f->name);
    sn_intern_free(f->ids);
    sn_intern_free(f->channels);
    free(f->rows);
    free(f);
}

/* Report a bad row (an error) and count it. */
static void bad(sn_tie_file *f, sn_diag *diag, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void bad(sn_tie_file *f, sn_diag *diag, long line, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sn_diag_vemit(diag, SN_ERROR, f->name, line, col, fmt, ap);
    va_end(ap);
    f->rejected++;
}

/* A whole number 0..UINT32_MAX; -1 when s is not one. */
static int parse_count(const char *s, size_t len, uint32_t *out)
{
    if (len == 0 || len > 10)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* A date YYYY-MM-DD as a day number; -1 when s is not one. */
static int parse_date(const char *s, size_t len, int64_t *day)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    int64_t k = sn_days_from_civil(y, (unsigned)m, (unsigned)d);
    int64_t yy;
    unsigned mm, dd;
    sn_civil_from_days(k, &yy, &mm, &dd);
    if (yy != y || (int)mm != m || (int)dd != d)
        return -1;
    *day = k;
    return 0;
}

/* A time with its zone (Z or an offset); -1 when s is not one. */
static int parse_utc(const char *s, size_t len, int64_t *t)
{
    sn_time_zone zone;
    sn_err e;
    if (sn_time_parse(s, len, t, &zone, NULL, &e) != SN_OK || zone == SN_TIME_LOCAL)
        return -1;
    return 0;
}

/* An actor id (valid UTF-8) in Unicode normal form C, as samnett reads ids, into f->ids. */
static sn_status id_add(sn_tie_file *f, const char *s, size_t len, uint32_t *id)
{
    size_t i = 0;
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    if (i == len) /* ASCII: already in normal form */
        return sn_intern_add(f->ids, s, len, id);
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    sn_status rc = n >= 0 ? sn_intern_add(f->ids, (const char *)nfc, (size_t)n, id)
                          : sn_intern_add(f->ids, s, len, id);
    free(nfc);
    return rc;
}

/* One row's values (NUL-terminated, trimmed by the caller), checked; 0, or -1 when rejected. */
static int take_row(sn_tie_file *f, sn_diag *diag, long line, const char *const v[T_NCOLS],
                    const size_t len[T_NCOLS], const long col[T_NCOLS])
{
    tie_in r;
    memset(&r, 0, sizeof r);
    r.line = line;
    static const int kept[] = {T_CHANNEL, T_BUCKET, T_FIRST, T_LAST};
    for (int i = 0; i < 4; i++)
        r.col[kept_col(kept[i])] =
            col[kept[i]] > 0 && col[kept[i]] < UINT32_MAX ? (uint32_t)col[kept[i]] : 0;
    char sb[96];
    for (int k = 0; k < T_NCOLS; k++)
        if (len[k] == 0 && k != T_CASES) {
            bad(f, diag, line, col[k], "empty %s; expected %s", tcol_names[k],
                k <= T_TO        ? "an actor id"
                : k == T_BUCKET  ? "the bucket's first day, YYYY-MM-DD"
                : k >= T_FIRST   ? "a time YYYY-MM-DDTHH:MM:SSZ"
                : k == T_CHANNEL ? "a channel name"
                                 : "a number");
            return -1;
        }
    long chars;
    for (int k = T_FROM; k <= T_TO; k++)
        if (sni_utf8_check(v[k], len[k], &chars) >= 0) {
            bad(f, diag, line, col[k], "%s is not valid UTF-8; expected an actor id",
                tcol_names[k]);
            return -1;
        }
    if (parse_date(v[T_BUCKET], len[T_BUCKET], &r.bucket) != 0) {
        bad(f, diag, line, col[T_BUCKET], "bad bucket '%s': expected a date YYYY-MM-DD",
            sn_escape(v[T_BUCKET], len[T_BUCKET], sb, sizeof sb));
        return -1;
    }
    if (parse_count(v[T_CONTACTS], len[T_CONTACTS], &r.contacts) != 0 || r.contacts == 0) {
        bad(f, diag, line, col[T_CONTACTS],
            "bad contacts '%s': expected a whole number of contacts >= 1",
            sn_escape(v[T_CONTACTS], len[T_CONTACTS], sb, sizeof sb));
        return -1;
    }
    char *end;
    errno = 0;
    r.weight = strtod(v[T_WEIGHT], &end);
    if (errno || end != v[T_WEIGHT] + len[T_WEIGHT] || !isfinite(r.weight)) {
        bad(f, diag, line, col[T_WEIGHT], "bad weight '%s': expected a number",
            sn_escape(v[T_WEIGHT], len[T_WEIGHT], sb, sizeof sb));
        return -1;
    }
    if (len[T_CASES] == 0)
        r.cases = 0;
    else if (parse_count(v[T_CASES], len[T_CASES], &r.cases) != 0 || r.cases > r.contacts) {
        bad(f, diag, line, col[T_CASES],
            "bad cases '%s': expected a whole number from 0 to the row's contacts (%u)",
            sn_escape(v[T_CASES], len[T_CASES], sb, sizeof sb), r.contacts);
        return -1;
    }
    for (int k = T_FIRST; k <= T_LAST; k++)
        if (parse_utc(v[k], len[k], k == T_FIRST ? &r.first : &r.last) != 0) {
            bad(f, diag, line, col[k], "bad %s '%s': expected a time YYYY-MM-DDTHH:MM:SSZ",
                tcol_names[k], sn_escape(v[k], len[k], sb, sizeof sb));
            return -1;
        }
    if (r.first > r.last) {
        bad(f, diag, line, col[T_LAST], "last is before first; expected first <= last");
        return -1;
    }
    if (r.contacts == 1 && r.first != r.last) {
        bad(f, diag, line, col[T_LAST],
            "one contact with first and last apart; expected first = last for contacts 1");
        return -1;
    }
    if (id_add(f, v[T_FROM], len[T_FROM], &r.from) != SN_OK ||
        id_add(f, v[T_TO], len[T_TO], &r.to) != SN_OK ||
        sn_intern_add(f->channels, v[T_CHANNEL], len[T_CHANNEL], &r.channel) != SN_OK)
        return -2;
    if (f->n == f->cap) {
        size_t nc = f->cap ? 2 * f->cap : 1024;
        tie_in *nr = realloc(f->rows, nc * sizeof *nr);
        if (!nr)
            return -2;
        f->rows = nr;
        f->cap = nc;
    }
    f->rows[f->n++] = r;
    return 0;
}

/* s[0..*len) without surrounding spaces and tabs. */
static const char *trim(const char *s, size_t *len)
{
    while (*len && (*s == ' ' || *s == '\t'))
        s++, (*len)--;
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    return s;
}

static int tcol_of(const char *name, size_t len)
{
    for (int k = 0; k < T_NCOLS; k++)
        if (strlen(tcol_names[k]) == len && strncmp(tcol_names[k], name, len) == 0)
            return k;
    return -1;
}

static sn_status load_csv(sn_tie_file *f, sni_src *src, sn_diag *diag, sn_err *err)
{
    sni_src_skip_bom(src);
    char delim = sni_csv_sniff(src);
    sni_csv cv;
    sni_csv_init(&cv, src, delim, 1 << 20);
    sn_status rc = SN_OK;
    int got = sni_csv_next(&cv);
    if (got < 0) {
        sni_csv_free(&cv);
        return sn_err_set(err, SN_ENOMEM, "out of memory reading %s", f->name);
    }
    if (got == 0) {
        sni_csv_free(&cv);
        sn_diag_emit(diag, SN_ERROR, f->name, 1, 1,
                     "empty file; expected the tie table's header "
                     "from,to,channel,bucket,contacts,weight,cases,"
                     "first,last");
        return sn_err_set(err, SN_EINPUT, "%s", diag->first);
    }
    int pos[T_NCOLS];
    for (int k = 0; k < T_NCOLS; k++)
        pos[k] = -1;
    for (size_t i = 0; i < cv.n_fields; i++) {
        size_t len = cv.fields[i].len;
        const char *name = trim(sni_csv_str(&cv, i), &len);
        int k = tcol_of(name, len);
        char sb[96];
        if (k < 0 || pos[k] >= 0) {
            sn_diag_emit(diag, SN_ERROR, f->name, cv.fields[i].line, cv.fields[i].col,
                         "%s column '%s' in a tie table; expected the columns "
                         "from,to,channel,bucket,contacts,weight,cases,first,last",
                         k < 0 ? "unknown" : "repeated", sn_escape(name, len, sb, sizeof sb));
            sni_csv_free(&cv);
            return sn_err_set(err, SN_EINPUT, "%s", diag->first);
        }
        pos[k] = (int)i;
    }
    for (int k = 0; k < T_NCOLS; k++)
        if (pos[k] < 0) {
            sn_diag_emit(diag, SN_ERROR, f->name, cv.line, 1,
                         "no column '%s' in the tie table's header; expected the columns "
                         "from,to,channel,bucket,contacts,weight,cases,first,last",
                         tcol_names[k]);
            sni_csv_free(&cv);
            return sn_err_set(err, SN_EINPUT, "%s", diag->first);
        }
    while (!diag->stop && (got = sni_csv_next(&cv)) > 0) {
        if (cv.problem) {
            bad(f, diag, cv.prob_line, cv.prob_col, "%s", cv.prob_msg);
            continue;
        }
        if (cv.n_total != (size_t)T_NCOLS) {
            bad(f, diag, cv.line, 1,
                "%zu fields; expected %d (from,to,channel,bucket,contacts,"
                "weight,cases,first,last)",
                cv.n_total, T_NCOLS);
            continue;
        }
        const char *v[T_NCOLS];
        size_t len[T_NCOLS];
        long col[T_NCOLS];
        for (int k = 0; k < T_NCOLS; k++) {
            const sni_field *fl = &cv.fields[pos[k]];
            len[k] = fl->len;
            /* a channel is kept as given, as the contacts reader keeps it */
            v[k] = k == T_CHANNEL ? cv.buf + fl->off : trim(cv.buf + fl->off, &len[k]);
            cv.buf[(size_t)(v[k] - cv.buf) + len[k]] = '\0'; /* its own bytes, trimmed */
            col[k] = fl->col;
        }
        if (take_row(f, diag, cv.line, v, len, col) == -2) {
            rc = SN_ENOMEM;
            break;
        }
    }
    sni_csv_free(&cv);
    if (got < 0 || rc == SN_ENOMEM)
        return sn_err_set(err, SN_ENOMEM, "out of memory reading %s", f->name);
    if (src->io_error) {
        sn_diag_emit(diag, SN_ERROR, f->name, 0, 0, "cannot read: %s", src->io_msg);
        return sn_err_set(err, SN_EINPUT, "%s", diag->first);
    }
    return SN_OK;
}

/* The column of key in a JSON line (its quote, 1-based characters), or 1. */
static long key_col(const char *line, size_t len, const char *key)
{
    char q[32];
    snprintf(q, sizeof q, "\"%s\"", key);
    const char *p = memmem(line, len, q, strlen(q));
    return p ? 1 + sni_utf8_chars(line, (size_t)(p - line)) : 1;
}

static sn_status load_jsonl(sn_tie_file *f, sni_src *src, sn_diag *diag, sn_err *err)
{
    char *line = NULL;
    size_t cap = 0, len = 0;
    long no = 0;
    int got = 0;
    sn_status rc = SN_OK;
    while (!diag->stop && (got = sni_src_line(src, &line, &cap, &len, &no)) > 0) {
        size_t at = 0;
        while (at < len && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r'))
            at++;
        if (at == len)
            continue;
        json_error_t je;
        json_t *o = json_loadb(line, len, 0, &je);
        if (!o || !json_is_object(o)) {
            bad(f, diag, no,
                o               ? 1
                : je.column > 0 ? je.column
                                : 1,
                "%s; expected one JSON object per line", o ? "not an object" : je.text);
            json_decref(o);
            continue;
        }
        const char *key;
        json_t *jv;
        int ok = 1;
        json_object_foreach(o, key, jv) if (tcol_of(key, strlen(key)) < 0)
        {
            char sb[96];
            bad(f, diag, no, key_col(line, len, key),
                "unknown key '%s' in a tie table; expected the keys from, to, channel, bucket, "
                "contacts, weight, cases, first, last",
                sn_escape(key, strlen(key), sb, sizeof sb));
            ok = 0;
            break;
        }
        char num[T_NCOLS][64];
        const char *v[T_NCOLS];
        size_t vl[T_NCOLS];
        long col[T_NCOLS];
        for (int k = 0; ok && k < T_NCOLS; k++) {
            json_t *x = json_object_get(o, tcol_names[k]);
            col[k] = key_col(line, len, tcol_names[k]);
            int numeric = k == T_CONTACTS || k == T_WEIGHT || k == T_CASES;
            if (!x) {
                bad(f, diag, no, 1, "no key '%s'; expected every column of the tie table",
                    tcol_names[k]);
                ok = 0;
            } else if (numeric && json_is_integer(x)) {
                vl[k] = (size_t)snprintf(num[k], sizeof num[k], "%" JSON_INTEGER_FORMAT,
                                         json_integer_value(x));
                v[k] = num[k];
            } else if (numeric && json_is_real(x)) {
                vl[k] = (size_t)snprintf(num[k], sizeof num[k], "%.17g", json_real_value(x));
                v[k] = num[k];
            } else if (!numeric && json_is_string(x)) {
                v[k] = json_string_value(x);
                vl[k] = json_string_length(x);
                if (k != T_CHANNEL)
                    v[k] = trim(v[k], &vl[k]);
            } else {
                bad(f, diag, no, col[k], "bad %s: expected a JSON %s", tcol_names[k],
                    numeric ? "number" : "string");
                ok = 0;
            }
        }
        char *copy[T_NCOLS] = {0};
        for (int k = 0; ok && k < T_NCOLS; k++)
            if (!(copy[k] = strndup(v[k], vl[k])))
                rc = SN_ENOMEM;
        if (ok && rc == SN_OK && take_row(f, diag, no, (const char *const *)copy, vl, col) == -2)
            rc = SN_ENOMEM;
        for (int k = 0; k < T_NCOLS; k++)
            free(copy[k]);
        json_decref(o);
        if (rc != SN_OK)
            break;
    }
    free(line);
    if (got < 0 || rc != SN_OK)
        return sn_err_set(err, SN_ENOMEM, "out of memory reading %s", f->name);
    if (src->io_error) {
        sn_diag_emit(diag, SN_ERROR, f->name, 0, 0, "cannot read: %s", src->io_msg);
        return sn_err_set(err, SN_EINPUT, "%s", diag->first);
    }
    return SN_OK;
}

sn_status sn_ties_load(const char *path, sn_diag *diag, sn_tie_file **out, sn_err *err)
{
    *out = NULL;
    sn_tie_file *f = calloc(1, sizeof *f);
    if (!f || !(f->name = strdup(path)) || !(f->ids = sn_intern_new()) ||
        !(f->channels = sn_intern_new())) {
        sn_ties_free(f);
        return sn_err_set(err, SN_ENOMEM, "out of memory reading %s", path);
    }
    struct stat st;
    f->bytes = stat(path, &st) == 0 ? (long long)st.st_size : -1;
    sni_src src;
    if (sni_src_open(&src, path, f->name) != 0) {
        sn_status rc = sn_err_set(err, SN_EINPUT, "%s: cannot read: %s", path, strerror(errno));
        sn_ties_free(f);
        return rc;
    }
    int fmt = sni_format_from_name(path);
    if (fmt < 0)
        fmt = sni_src_peek_nonspace(&src) == '{' ? FMT_JSONL : FMT_CSV;
    sn_status rc = fmt == FMT_JSONL ? load_jsonl(f, &src, diag, err) : load_csv(f, &src, diag, err);
    sni_src_close(&src);
    if (rc == SN_OK && f->n && f->n < f->cap) { /* the rows as read, without spare room */
        tie_in *rows = realloc(f->rows, f->n * sizeof *rows);
        if (rows) {
            f->rows = rows;
            f->cap = f->n;
        }
    }
    if (rc == SN_OK && diag->stop)
        rc = sn_err_set(err, SN_EINPUT, "%s", diag->first);
    if (rc != SN_OK) {
        sn_ties_free(f);
        return rc;
    }
    *out = f;
    return SN_OK;
}

int sn_ties_pseudonymous(const sn_tie_file *f)
{
    uint32_t n = sn_intern_count(f->ids);
    for (uint32_t i = 0; i < n; i++) {
        const char *s = sn_intern_str(f->ids, i);
        if (strncmp(s, "a-", 2) != 0 || strlen(s) != 28)
            return 0;
        for (const char *p = s + 2; *p; p++)
            if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')))
                return 0;
    }
    return n > 0;
}

/* Rows by key, for the duplicates; ids and channels compared as interned (equal text = equal id).
 */
static int cmp_key(const void *a, const void *b, void *rows)
{
    const tie_in *x = &((const tie_in *)rows)[*(const size_t *)a];
    const tie_in *y = &((const tie_in *)rows)[*(const size_t *)b];
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    if (x->channel != y->channel)
        return x->channel < y->channel ? -1 : 1;
    if (x->bucket != y->bucket)
        return x->bucket < y->bucket ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* The finest resolution every bucket starts one of. */
static sn_bucket infer_bucket(const sn_tie_file *f)
{
    static const sn_bucket order[] = {SN_BUCKET_QUARTER, SN_BUCKET_MONTH, SN_BUCKET_WEEK};
    for (size_t o = 0; o < sizeof order / sizeof *order; o++) {
        size_t i = 0;
        while (i < f->n && sn_bucket_floor(order[o], f->rows[i].bucket) == f->rows[i].bucket)
            i++;
        if (i == f->n)
            return order[o];
    }
    return SN_BUCKET_DAY;
}

sn_status sn_ties_store(sn_tie_file *f, sn_store *s, int has_bucket, sn_bucket bucket,
                        sn_diag *diag, sn_err *err)
{
    const sn_tz *z = sn_tz_current();
    if (!has_bucket)
        bucket = f->n ? infer_bucket(f) : SN_BUCKET_MONTH;
    s->tie_bucket = (int)bucket;
    s->files++;
    sn_input_file *inf = realloc(s->input_files, (s->n_input_files + 1) * sizeof *inf);
    if (!inf)
        return sn_err_set(err, SN_ENOMEM, "out of memory reading %s", f->name);
    s->input_files = inf;
    inf = &inf[s->n_input_files];
    memset(inf, 0, sizeof *inf);
    inf->bytes = -1;
    if (!(inf->name = strdup(f->name)))
        return sn_err_set(err, SN_ENOMEM, "out of memory reading %s", f->name);
    s->n_input_files++;
    if (strcmp(f->name, "-") != 0)
        sni_hash_file(inf, f->name);
    s->rows_read += (long)f->n + f->rejected;
    unsigned char *drop = calloc(f->n + 1, 1);
    size_t *order = malloc((f->n + 1) * sizeof *order);
    if (!drop || !order || sn_store_reserve(s, s->n + f->n) != SN_OK ||
        sn_store_rows_counted(s) != SN_OK) {
        free(drop);
        free(order);
        return sn_err_set(err, SN_ENOMEM, "out of memory reading %s", f->name);
    }
    char sb[64];
    for (size_t i = 0; i < f->n && !diag->stop; i++) {
        tie_in *r = &f->rows[i];
        int64_t y;
        unsigned m, d;
        if (sn_bucket_floor(bucket, r->bucket) != r->bucket) {
            sn_civil_from_days(r->bucket, &y, &m, &d);
            bad(f, diag, r->line, r->col[kept_col(T_BUCKET)],
                "bucket %04lld-%02u-%02u is not the first day of a %s; expected %s", (long long)y,
                m, d, sn_bucket_name(bucket),
                bucket == SN_BUCKET_WEEK ? "a Monday" : "the start of its bucket (--bucket)");
            drop[i] = 1;
            continue;
        }
        int64_t next = sn_bucket_next(bucket, r->bucket);
        for (int k = T_FIRST; k <= T_LAST && !drop[i]; k++) {
            int64_t day = sn_tz_day(z, k == T_FIRST ? r->first : r->last);
            if (day < r->bucket || day >= next) {
                sn_time_format(k == T_FIRST ? r->first : r->last, sb, sizeof sb);
                bad(f, diag, r->line, r->col[kept_col(k)],
                    "%s %s is not in the row's %s (in time zone %s); expected a time inside "
                    "its bucket",
                    tcol_names[k], sb, sn_bucket_name(bucket), sn_tz_name(z));
                drop[i] = 1;
            }
        }
    }
    for (size_t i = 0; i < f->n; i++)
        order[i] = i;
    qsort_r(order, f->n, sizeof *order, cmp_key, f->rows);
    for (size_t j = 1; j < f->n && !diag->stop; j++) {
        tie_in *a = &f->rows[order[j - 1]], *b = &f->rows[order[j]];
        if (a->from == b->from && a->to == b->to && a->channel == b->channel &&
            a->bucket == b->bucket && !drop[order[j]]) {
            bad(f, diag, b->line, 1,
                "a second row for the same from, to, channel and bucket (the first is on line "
                "%ld); expected one row per key",
                a->line);
            drop[order[j]] = 1;
        }
    }
    free(order);
    if (diag->stop) {
        free(drop);
        return sn_err_set(err, SN_EINPUT, "%s", diag->first);
    }
    uint32_t unknown_type = 0;
    long made = 0;
    const char *first_made[5];
    int n_first = 0;
    sn_status rc = SN_OK;
    int64_t *actor_of = malloc(((size_t)sn_intern_count(f->ids) + 1) * sizeof *actor_of);
    int16_t *channel_of = malloc(((size_t)sn_intern_count(f->channels) + 1) * sizeof *channel_of);
    uint32_t file_id = 0;
    if (!actor_of || !channel_of || sn_store_string(s, "unknown", 7, &unknown_type) != SN_OK ||
        sn_store_string(s, f->name, strlen(f->name), &file_id) != SN_OK)
        rc = SN_ENOMEM;
    for (uint32_t i = 0; rc == SN_OK && i < sn_intern_count(f->ids); i++) {
        const char *id = sn_intern_str(f->ids, i);
        uint32_t idx;
        int added;
        if (sn_store_actor_add(s, id, strlen(id), file_id, 0, &idx, &added) != SN_OK) {
            rc = SN_ENOMEM;
            break;
        }
        actor_of[i] = idx;
        if (added) {
            s->actors[idx].auto_created = 1;
            s->actors[idx].attr[SN_ATTR_TYPE] = unknown_type;
            s->auto_actors++;
            if (n_first < 5)
                first_made[n_first++] = sn_store_actor_id(s, idx);
            made++;
        }
    }
    for (uint32_t i = 0; rc == SN_OK && i < sn_intern_count(f->channels); i++) {
        const char *name = sn_intern_str(f->channels, i);
        int ch = sn_channel_lookup(name, strlen(name));
        if (ch < 0) {
            uint32_t id;
            if (sn_intern_add(s->channels, name, strlen(name), &id) != SN_OK)
                rc = SN_ENOMEM;
            ch = id > SN_CHANNEL_MAX ? -1 : (int)id;
        }
        channel_of[i] = (int16_t)ch;
    }
    for (size_t i = 0; rc == SN_OK && i < f->n; i++) {
        tie_in *r = &f->rows[i];
        if (drop[i])
            continue;
        if (channel_of[r->channel] < 0) {
            bad(f, diag, r->line, r->col[kept_col(T_CHANNEL)],
                "more than %d channels; expected fewer", SN_CHANNEL_MAX);
            continue;
        }
        if (sn_store_counted_add(s, r->first, r->last, (uint32_t)actor_of[r->from],
                                 (uint32_t)actor_of[r->to], (uint8_t)channel_of[r->channel],
                                 r->contacts, r->weight) != SN_OK)
            rc = SN_ENOMEM;
        else if (r->from == r->to)
            s->self_contacts += r->contacts;
    }
    if (made && rc == SN_OK) {
        char list[400];
        size_t o = 0;
        for (int i = 0; i < n_first; i++)
            o += (size_t)snprintf(list + o, sizeof list - o > 0 ? sizeof list - o : 0, "%s%s",
                                  i ? ", " : "", first_made[i]);
        sn_diag_emit(diag, diag->strict ? SN_ERROR : SN_WARNING, f->name, 0, 0,
                     "%ld actor%s in the tie table %s not in the actors file (%s%s); created "
                     "with type 'unknown'",
                     made, made == 1 ? "" : "s", made == 1 ? "is" : "are", list,
                     made > n_first ? ", ..." : "");
    }
    s->rejected += f->rejected; /* rows rejected reading the file and here */
    f->rejected = 0;
    free(actor_of);
    free(channel_of);
    free(drop);
    if (rc != SN_OK)
        return sn_err_set(err, SN_ENOMEM, "out of memory reading %s", f->name);
    if (diag->stop)
        return sn_err_set(err, SN_EINPUT, "%s", diag->first);
    return SN_OK;
}
