/*
 * ingest.c - sources to store: expand folders, recognise files, map headers,
 * validate rows and append them to the event store.
 */
#include "samnett/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "header.h"
#include "samnett/time.h"
#include "source.h"

/* The columns samnett knows. Anything else in an actors file is an extra attribute. */
typedef enum colid {
    COL_ID,
    COL_NAME,
    COL_TYPE,
    COL_ORG,
    COL_UNIT,
    COL_RANK,
    COL_PROF,
    COL_TIME,
    COL_FROM,
    COL_TO,
    COL_CHANNEL,
    COL_CASE,
    COL_MEETING,
    COL_WEIGHT,
    NCOLS,
    COL_EXTRA = -1
} colid;

static const char *const col_names[NCOLS] = {
    "id",   "name", "type", "organisation", "unit", "rank",    "profession",
    "time", "from", "to",   "channel",      "case", "meeting", "weight",
};

/* Header names and their aliases (after lower-casing), bokmål and nynorsk. */
static const struct {
    const char *name;
    colid c;
} header_aliases[] = {
    {"id", COL_ID},
    {"actor", COL_ID},
    {"actor_id", COL_ID},
    {"akt\xc3\xb8r", COL_ID},
    {"aktor", COL_ID},
    {"name", COL_NAME},
    {"navn", COL_NAME},
    {"namn", COL_NAME},
    {"type", COL_TYPE},
    {"actor_type", COL_TYPE},
    {"organisation", COL_ORG},
    {"organization", COL_ORG},
    {"organisasjon", COL_ORG},
    {"org", COL_ORG},
    {"unit", COL_UNIT},
    {"enhet", COL_UNIT},
    {"eining", COL_UNIT},
    {"avdeling", COL_UNIT},
    {"rank", COL_RANK},
    {"level", COL_RANK},
    {"niv\xc3\xa5", COL_RANK},
    {"lederniv\xc3\xa5", COL_RANK},
    {"leiarniv\xc3\xa5", COL_RANK},
    {"profession", COL_PROF},
    {"yrke", COL_PROF},
    {"profesjon", COL_PROF},
    {"rolle", COL_PROF},
    {"role", COL_PROF},
    {"time", COL_TIME},
    {"timestamp", COL_TIME},
    {"datetime", COL_TIME},
    {"date", COL_TIME},
    {"tid", COL_TIME},
    {"tidspunkt", COL_TIME},
    {"dato", COL_TIME},
    {"from", COL_FROM},
    {"fra", COL_FROM},
    {"fr\xc3\xa5", COL_FROM},
    {"sender", COL_FROM},
    {"avsender", COL_FROM},
    {"avsendar", COL_FROM},
    {"to", COL_TO},
    {"til", COL_TO},
    {"receiver", COL_TO},
    {"recipient", COL_TO},
    {"mottaker", COL_TO},
    {"mottakar", COL_TO},
    {"channel", COL_CHANNEL},
    {"kanal", COL_CHANNEL},
    {"case", COL_CASE},
    {"case_id", COL_CASE},
    {"sak", COL_CASE},
    {"forl\xc3\xb8p", COL_CASE},
    {"forlop", COL_CASE},
    {"pasientforl\xc3\xb8p", COL_CASE},
    {"meeting", COL_MEETING},
    {"meeting_id", COL_MEETING},
    {"m\xc3\xb8te", COL_MEETING},
    {"mote", COL_MEETING},
    {"weight", COL_WEIGHT},
    {"vekt", COL_WEIGHT},
    {"minutes", COL_WEIGHT},
    {"minutter", COL_WEIGHT},
};

/* Known actor types and their Norwegian spellings. */
static const struct {
    const char *alias;
    const char *type;
} type_aliases[] = {
    {"kommune", "municipality"},
    {"municipal", "municipality"},
    {"sykehus", "hospital_unit"},
    {"sjukehus", "hospital_unit"},
    {"hospital", "hospital_unit"},
    {"helseforetak", "hospital_unit"},
    {"fastlege", "gp"},
    {"lege", "gp"},
    {"koordinator", "coordinator"},
    {"bruker", "user"},
    {"brukar", "user"},
    {"p\xc3\xa5r\xc3\xb8rende", "relative"},
    {"p\xc3\xa5r\xc3\xb8rande", "relative"},
    {"annet", "other"},
    {"anna", "other"},
};

static const struct {
    const char *alias;
    const char *rank;
} rank_aliases[] = {
    {"topp", "top"},
    {"toppleder", "top"},
    {"toppleiar", "top"},
    {"leder", "middle"},
    {"mellomleder", "middle"},
    {"mellomleiar", "middle"},
    {"midt", "middle"},
    {"mellom", "middle"},
    {"f\xc3\xb8rstelinje", "frontline"},
    {"forstelinje", "frontline"},
    {"frontlinje", "frontline"},
    {"front", "frontline"},
};

/*
 * Kinds of messages. Of each kind only the first max_messages are printed;
 * the rest are counted, and a closing line tells how many were not shown.
 */
typedef enum msg_kind {
    K_SYNTAX,
    K_FIELDS,
    K_UTF8,
    K_EMPTY,
    K_DUP_ACTOR,
    K_TIME,
    K_WEIGHT,
    K_CHANNELS,
    K_JSON,
    K_JSON_VALUE,
    K_MISSING,
    K_LONG,
    K_IO,
    K_RANK,
    K_UNKNOWN_ACTOR,
    K_UNKNOWN_CHANNEL,
    K_SELF,
    K_EXTRA,
    NKINDS
} msg_kind;

static const char *const kind_names[NKINDS] = {
    "malformed CSV",    "wrong number of fields",
    "invalid UTF-8",    "empty value",
    "duplicate actor",  "bad time",
    "bad weight",       "too many channels",
    "invalid JSON",     "bad JSON value",
    "missing key",      "line too long",
    "input ends early", "rank kept as given",
    "unknown actor",    "unknown channel",
    "self-contact",     "extra attributes",
};

/* A message a parallel worker keeps for the serial merge, which prints it in file order. */
typedef struct kept_msg {
    int kind;
    sn_severity sev;
    long line, col;
    char *text;
} kept_msg;

typedef struct val {
    const char *s; /* NUL-terminated */
    size_t len;
    long line, col;
} val;

typedef enum fmt { FMT_CSV, FMT_JSONL } file_format;

/* One input file, recognised in the first pass and read in the second. */
typedef struct job {
    char *path;
    char *name;
    file_format format;
    sn_input_kind kind;
    int is_stdin;
} job;

typedef struct reader {
    job *job;
    sn_src src;
    sn_csv csv;
    int csv_open;
    int colmap_n;
    int *colmap;         /* CSV column -> col, or COL_EXTRA */
    uint32_t *extra_key; /* CSV column -> intern id of its header (extras) */
    int have[NCOLS];
    long long data_off; /* CSV: the byte where rows start (after the header's line end) */
    long data_line;     /* CSV: the line rows start on */
    /* JSONL */
    char *line;
    size_t line_cap, line_len;
    long line_no;
    int pending; /* the first line is read but not yet handled */
} reader;

typedef struct deferred_row deferred_row;

typedef struct ctx {
    sn_store *st;
    const sn_store *actors; /* where actor ids are looked up (the shared store) */
    int worker;             /* a parallel reader: defer rows that would change shared state */
    deferred_row *deferred; /* rows a worker left for the serial pass */
    size_t n_deferred, cap_deferred;
    const char *cur_line; /* the raw text of the current line (workers) */
    size_t cur_len;
    sn_diag *diag;
    sn_err *err;
    const sn_ingest_opts *opts;
    size_t max_field;
    sn_intern *channel_raw; /* raw channel text -> index into channel_map */
    int16_t *channel_map;
    size_t channel_map_cap;
    uint32_t file_id;
    long local_times;
    long local_line, local_col;
    long odd_times, odd_line, odd_col; /* times outside opts->time_range, the first's place */
    int64_t odd_time;
    uint32_t unknown_type;
    int last_channel; /* the channel of last_channel_text, or -1 */
    size_t last_channel_len;
    char last_channel_text[64];
    /* the date part of the last "YYYY-MM-DDTHH:MM:SSZ" time, and its day number */
    char last_date[10];
    int64_t last_days;
    /* incremental reading (sn_feed): the line of each contact added */
    int log_lines;
    long *lines;
    size_t n_lines, cap_lines;
    size_t max_line;
    /* message caps: per kind, messages seen, and those over the cap that would have printed */
    long max_messages; /* < 0: no cap */
    long seen[NKINDS], over[NKINDS], hidden[NKINDS];
    kept_msg *kept; /* a worker's messages, for the merge */
    size_t n_kept, cap_kept;
    /* actor ids in normal form: scratch for from/id and to */
    char *idbuf[2];
    size_t idcap[2];
} ctx;

static void lower_ascii_utf8(char *dst, const char *src, size_t len, size_t cap)
{
    size_t j = 0;
    size_t i = 0;
    while (i < len && src[i] == ' ')
        i++;
    while (len > i && src[len - 1] == ' ')
        len--;
    for (; i < len && j + 1 < cap; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        else if (c == 0xC3 && i + 1 < len) {
            unsigned char d = (unsigned char)src[i + 1];
            if (d == 0x86 || d == 0x98 || d == 0x85) /* Æ Ø Å -> æ ø å */
                d = (unsigned char)(d + 0x20);
            dst[j++] = (char)c;
            if (j + 1 < cap)
                dst[j++] = (char)d;
            i++;
            continue;
        }
        dst[j++] = (char)c;
    }
    dst[j] = '\0';
}

static colid header_col(const char *name, size_t len)
{
    char low[128];
    lower_ascii_utf8(low, name, len, sizeof low);
    for (size_t i = 0; i < sizeof header_aliases / sizeof header_aliases[0]; i++)
        if (strcmp(low, header_aliases[i].name) == 0)
            return header_aliases[i].c;
    return COL_EXTRA;
}

/* A value as shown in a message: control characters escaped, long values cut. */
static const char *shown(const char *s, size_t len, char *buf, size_t cap)
{
    return sn_escape(s, len, buf, cap);
}
#define SHOW(v, buf) shown((v).s, (v).len, buf, sizeof buf)

static int stopped(ctx *c)
{
    return c->diag->stop;
}

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

/* Report a problem of a kind: printed while the kind is under its cap, else only counted. */
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

static void say(ctx *c, int kind, sn_severity sev, const char *file, long line, long col,
                const char *format, ...) __attribute__((format(printf, 7, 8)));
static void say(ctx *c, int kind, sn_severity sev, const char *file, long line, long col,
                const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsay(c, kind, sev, file, line, col, format, ap);
    va_end(ap);
}

/* Report a bad row: an error, counted as rejected. */
static void reject(ctx *c, int kind, const char *file, long line, long column, const char *format,
                   ...) __attribute__((format(printf, 6, 7)));
static void reject(ctx *c, int kind, const char *file, long line, long column, const char *format,
                   ...)
{
    va_list ap;
    va_start(ap, format);
    vsay(c, kind, SN_ERROR, file, line, column, format, ap);
    va_end(ap);
    c->st->rejected++;
}

/* The closing line: how many messages of each kind were not shown. Resets the counts. */
static void say_hidden(ctx *c)
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

/* ---- sources: files, folders, stdin ---- */

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* The format from a file name, or -1 when the name does not say. */
static int format_from_name(const char *path)
{
    char base[4096];
    snprintf(base, sizeof base, "%s", path);
    if (has_suffix(base, ".gz"))
        base[strlen(base) - 3] = '\0';
    if (has_suffix(base, ".csv") || has_suffix(base, ".tsv") || has_suffix(base, ".txt"))
        return FMT_CSV;
    if (has_suffix(base, ".jsonl") || has_suffix(base, ".ndjson") || has_suffix(base, ".json"))
        return FMT_JSONL;
    return -1;
}

/* In a folder, only files whose names say they are data are read. */
static int is_folder_input(const char *path)
{
    static const char *const exts[] = {".csv", ".tsv", ".jsonl", ".ndjson"};
    char base[4096];
    snprintf(base, sizeof base, "%s", path);
    if (has_suffix(base, ".gz"))
        base[strlen(base) - 3] = '\0';
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (has_suffix(base, exts[i]))
            return 1;
    return 0;
}

typedef struct job_list {
    job *v;
    size_t n, cap;
} job_list;

static int job_push(job_list *l, const char *path, const char *name, sn_input_kind kind)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        job *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    job *j = &l->v[l->n];
    memset(j, 0, sizeof *j);
    j->path = strdup(path);
    j->name = strdup(name);
    if (!j->path || !j->name) {
        free(j->path);
        free(j->name);
        return -1;
    }
    j->kind = kind;
    j->is_stdin = strcmp(path, "-") == 0;
    l->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static sn_status expand_dir(ctx *c, job_list *l, const char *dir, sn_input_kind kind)
{
    DIR *d = opendir(dir);
    if (!d)
        return sn_err_set(c->err, SN_EIO, "%s: cannot open folder: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    sn_status rc = SN_OK;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory listing %s", dir);
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = sn_err_set(c->err, SN_ENOMEM, "out of memory listing %s", dir);
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == SN_OK)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && rc == SN_OK; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s%s", dir, has_suffix(dir, "/") ? "" : "/", names[i]);
        struct stat stt;
        int seen = stat(path, &stt) == 0;
        if (!seen && errno != ENOENT && is_folder_input(path)) {
            if (job_push(l, path, path, kind) != 0) /* its open says why it cannot be read */
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory listing %s", dir);
            continue;
        }
        if (!seen || !S_ISREG(stt.st_mode)) {
            sn_diag_emit(c->diag, SN_NOTE, path, 0, 0, "skipped: not a regular file");
            continue;
        }
        if (!is_folder_input(path)) {
            sn_diag_emit(c->diag, SN_NOTE, path, 0, 0,
                         "skipped: expected a .csv, .tsv, .jsonl or .ndjson file (optionally .gz)");
            continue;
        }
        if (job_push(l, path, path, kind) != 0)
            rc = sn_err_set(c->err, SN_ENOMEM, "out of memory listing %s", dir);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* ---- readers ---- */

static void reader_close(reader *r)
{
    if (r->csv_open)
        sn_csv_free(&r->csv);
    sn_src_close(&r->src);
    free(r->colmap);
    free(r->extra_key);
    free(r->line);
    memset(r, 0, sizeof *r);
}

/* Map a CSV header record; sets r->have[] and the column map. */
static sn_status map_csv_header(ctx *c, reader *r, const sn_csv *cv)
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
        const char *h = sn_csv_str(cv, i);
        size_t len = cv->fields[i].len;
        long chars;
        if (sn_utf8_check(h, len, &chars) >= 0) {
            sn_diag_emit(c->diag, SN_ERROR, file, cv->fields[i].line, cv->fields[i].col + chars,
                         "invalid UTF-8 in the header; expected UTF-8 text");
            return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
        }
        colid k = header_col(h, len);
        if (k != COL_EXTRA && r->have[k]) {
            sn_diag_emit(c->diag, SN_ERROR, file, cv->fields[i].line, cv->fields[i].col,
                         "column '%s' appears twice in the header; expected each column once",
                         col_names[k]);
            return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
        }
        if (k == COL_EXTRA) {
            if (len == 0) {
                sn_diag_emit(c->diag, SN_ERROR, file, cv->fields[i].line, cv->fields[i].col,
                             "empty column name in the header; expected a name for every column");
                return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
            }
            int64_t key = sn_store_string(c->st, h, len);
            if (key < 0)
                return sn_err_set(c->err, SN_ENOMEM, "out of memory");
            r->extra_key[i] = (uint32_t)key;
        } else {
            r->have[k] = 1;
        }
        r->colmap[i] = k;
    }
    return SN_OK;
}

static sn_status check_required(ctx *c, reader *r)
{
    const char *file = r->job->name;
    if (r->job->kind == SN_INPUT_AUTO) {
        if (r->have[COL_FROM] || r->have[COL_TO])
            r->job->kind = SN_INPUT_CONTACTS;
        else if (r->have[COL_ID])
            r->job->kind = SN_INPUT_ACTORS;
        else {
            sn_diag_emit(c->diag, SN_ERROR, file, 1, 1,
                         "missing header; expected a first line naming the columns: "
                         "time,from,to[,channel,case,meeting,weight] for contacts or "
                         "id[,name,type,organisation,unit,rank,profession] for actors");
            return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
        }
    }
    static const colid contact_req[] = {COL_TIME, COL_FROM, COL_TO};
    if (r->job->kind == SN_INPUT_CONTACTS) {
        for (size_t i = 0; i < 3; i++)
            if (!r->have[contact_req[i]]) {
                sn_diag_emit(c->diag, SN_ERROR, file, 1, 1,
                             "missing required column '%s'; expected a contacts header with "
                             "time, from and to",
                             col_names[contact_req[i]]);
                return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
            }
    } else if (!r->have[COL_ID]) {
        sn_diag_emit(c->diag, SN_ERROR, file, 1, 1,
                     "missing required column 'id'; expected an actors header with id");
        return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    }
    return SN_OK;
}

/*
 * The one CSV header reader, for the serial reader, the parallel reader (which
 * starts where it says) and the feed: find the header in the first bytes of a
 * file, data[0..len), tokenize and map it, and set up r->csv for the rows.
 */
static sn_status read_header(ctx *c, reader *r, const char *data, size_t len, int eof, sn_head *h)
{
    const char *file = r->job->name;
    switch (sn_head_scan(data, len, eof, h)) {
    case SN_HEAD_FOUND:
        break;
    case SN_HEAD_MORE:
        return SN_OK; /* h->end == 0: not complete yet */
    case SN_HEAD_EMPTY:
        sn_diag_emit(c->diag, SN_ERROR, file, 1, 1, "empty file; expected a header line");
        return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    case SN_HEAD_TOO_LONG:
        sn_diag_emit(c->diag, SN_ERROR, file, 1, 1,
                     "no end of the header line in the first %zu bytes; expected a header line "
                     "naming the columns",
                     SN_HEAD_MAX);
        return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    }
    sn_src src;
    sn_src_open_mem(&src, data + h->start, h->text_len, file, h->line);
    src.col = h->col;
    sn_csv cv;
    sn_csv_init(&cv, &src, h->delim, c->max_field);
    cv.max_fields = SN_MAX_COLUMNS;
    int got = sn_csv_next(&cv);
    sn_status rc = SN_OK;
    if (got < 0) {
        rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
    } else if (got == 0) {
        sn_diag_emit(c->diag, SN_ERROR, file, 1, 1, "empty file; expected a header line");
        rc = sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    } else if (cv.problem) {
        sn_diag_emit(c->diag, SN_ERROR, file, cv.prob_line, cv.prob_col, "in the header: %s",
                     cv.prob_msg);
        rc = sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    } else if (cv.n_total > cv.n_fields) {
        sn_diag_emit(c->diag, SN_ERROR, file, h->line, h->col + 1,
                     "the header has %zu columns; expected at most %d", cv.n_total, SN_MAX_COLUMNS);
        rc = sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    } else {
        rc = map_csv_header(c, r, &cv);
        if (rc == SN_OK)
            rc = check_required(c, r);
    }
    sn_csv_free(&cv);
    if (rc != SN_OK)
        return rc;
    if (r->csv_open)
        sn_csv_free(&r->csv);
    sn_csv_init(&r->csv, &r->src, h->delim, c->max_field);
    r->csv.max_fields = (size_t)r->colmap_n + 1; /* one more tells "too many" */
    r->csv.max_line = c->max_line;
    r->csv_open = 1;
    r->data_off = (long long)h->end;
    r->data_line = h->next_line;
    return SN_OK;
}

/* Open a job's file and read its header (CSV) or first object's keys (JSONL). */
static sn_status reader_open(ctx *c, reader *r, job *j)
{
    memset(r, 0, sizeof *r);
    r->job = j;
    if (sn_src_open(&r->src, j->path, j->name) != 0)
        return sn_err_set(c->err, SN_EIO, "%s: cannot open: %s", j->name, strerror(errno));
    r->src.max_line = c->max_line;
    const char *head;
    size_t head_len;
    int eof = sn_src_head(&r->src, &head, &head_len);
    int f = j->is_stdin ? -1 : format_from_name(j->path);
    size_t bom = head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t first = bom + sn_head_skip_space(head + bom, head_len - bom);
    if (r->src.io_error && head_len == 0) {
        sn_diag_emit(c->diag, SN_ERROR, j->name, 1, 1, "cannot read: %s", r->src.io_msg);
        return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    }
    if (first == head_len && eof) {
        sn_diag_emit(c->diag, SN_ERROR, j->name, 1, 1, "empty file; expected a header line");
        return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    }
    j->format = f >= 0                                     ? (file_format)f
                : (first < head_len && head[first] == '{') ? FMT_JSONL
                                                           : FMT_CSV;
    if (j->format == FMT_CSV) {
        sn_head h;
        sn_status rc = read_header(c, r, head, head_len, eof || r->src.io_error, &h);
        if (rc != SN_OK)
            return rc;
        if (h.end == 0) { /* cannot happen: the head is the whole input or SN_HEAD_MAX long */
            sn_diag_emit(c->diag, SN_ERROR, j->name, 1, 1, "cannot read the header");
            return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
        }
        r->src.pos = h.end; /* the rows start after the header's line end */
        r->src.line = h.next_line;
        r->src.col = 0;
        return SN_OK;
    }
    /* JSONL: the first object decides the kind. */
    sn_src_skip_bom(&r->src);
    sn_src_peek_nonspace(&r->src);
    int got = sn_src_line(&r->src, &r->line, &r->line_cap, &r->line_len, &r->line_no);
    if (got < 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    r->pending = got > 0;
    json_error_t jerr;
    json_t *obj = json_loadb(r->line, r->line_len, 0, &jerr);
    if (obj && json_is_object(obj)) {
        const char *key;
        json_t *v;
        json_object_foreach(obj, key, v)
        {
            colid k = header_col(key, strlen(key));
            if (k != COL_EXTRA)
                r->have[k] = 1;
        }
    }
    json_decref(obj);
    if (j->kind == SN_INPUT_AUTO && !r->have[COL_ID] && !r->have[COL_FROM] && !r->have[COL_TO]) {
        sn_diag_emit(c->diag, SN_ERROR, j->name, r->line_no, 1,
                     "cannot tell actors from contacts; expected the first line to be a JSON "
                     "object with \"time\", \"from\" and \"to\" (contacts) or \"id\" (actors)");
        return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    }
    if (j->kind == SN_INPUT_AUTO)
        j->kind = (r->have[COL_FROM] || r->have[COL_TO]) ? SN_INPUT_CONTACTS : SN_INPUT_ACTORS;
    return SN_OK;
}

/* ---- rows ---- */

static int space_cp(utf8proc_int32_t cp)
{
    if (cp == ' ' || (cp >= 9 && cp <= 13) || cp == 0x85)
        return 1;
    if (cp < 0x80)
        return 0;
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP;
}

/*
 * Put an actor id (valid UTF-8) in its normal form: without surrounding white
 * space, in Unicode normal form C. v then points into c->idbuf[slot]; the
 * spelling is counted in store->ids_merged when it changed. Plain ASCII ids
 * without surrounding space, and ids already known, are left as they are.
 * Returns 0, or -1 when out of memory.
 */
static int norm_id(ctx *c, val *v, int slot)
{
    const unsigned char *s = (const unsigned char *)v->s;
    size_t len = v->len;
    if (!s || len == 0)
        return 0;
    unsigned char high = 0;
    for (size_t i = 0; i < len; i++)
        high |= s[i];
    if (!(high & 0x80) && !space_cp(s[0]) && !space_cp(s[len - 1]))
        return 0;
    if ((high & 0x80) && sn_store_actor_find(c->actors, v->s, len) >= 0)
        return 0; /* stored ids are in normal form */
    size_t a = 0, b = len;
    utf8proc_int32_t cp;
    while (a < b) {
        utf8proc_ssize_t n = utf8proc_iterate(s + a, (utf8proc_ssize_t)(b - a), &cp);
        if (n <= 0 || !space_cp(cp))
            break;
        a += (size_t)n;
    }
    while (b > a) {
        size_t k = b - 1;
        while (k > a && (s[k] & 0xC0) == 0x80)
            k--;
        if (utf8proc_iterate(s + k, (utf8proc_ssize_t)(b - k), &cp) <= 0 || !space_cp(cp))
            break;
        b = k;
    }
    utf8proc_uint8_t *nfc = NULL;
    const unsigned char *out = s + a;
    size_t out_len = b - a;
    if (high & 0x80) {
        utf8proc_ssize_t n = utf8proc_map(s + a, (utf8proc_ssize_t)(b - a), &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n == UTF8PROC_ERROR_NOMEM)
            return -1;
        if (n >= 0) {
            out = nfc;
            out_len = (size_t)n;
        }
    }
    int changed = out_len != len || memcmp(out, s, len) != 0;
    int rc = 0;
    if (changed && out_len == 0) {
        v->len = 0; /* only white space: an empty id */
    } else if (changed) {
        if (c->idcap[slot] < out_len + 1) {
            char *nb = realloc(c->idbuf[slot], out_len + 64);
            if (!nb) {
                free(nfc);
                return -1;
            }
            c->idbuf[slot] = nb;
            c->idcap[slot] = out_len + 64;
        }
        memcpy(c->idbuf[slot], out, out_len);
        c->idbuf[slot][out_len] = '\0';
        sn_store *st = c->st;
        if (!st->id_variants && !(st->id_variants = sn_intern_new()))
            rc = -1;
        else if (sn_intern_add(st->id_variants, v->s, len) < 0)
            rc = -1;
        else
            st->ids_merged = (long)sn_intern_count(st->id_variants);
        v->col += sn_utf8_chars(v->s, a);
        v->s = c->idbuf[slot];
        v->len = out_len;
    }
    free(nfc);
    return rc;
}

static int ieq_list(const char *s, const char *t)
{
    char low[128];
    lower_ascii_utf8(low, s, strlen(s), sizeof low);
    return strcmp(low, t) == 0;
}

static sn_status actor_row(ctx *c, const char *file, val v[NCOLS], const val *extras,
                           const uint32_t *extra_keys, size_t n_extra, long line)
{
    if (norm_id(c, &v[COL_ID], 0) != 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory adding actors");
    if (!v[COL_ID].s || v[COL_ID].len == 0) {
        reject(c, K_EMPTY, file, line, v[COL_ID].s ? v[COL_ID].col : 1,
               "empty actor id; expected a non-empty id");
        return SN_OK;
    }
    int64_t idx = sn_store_actor_add(c->st, v[COL_ID].s, v[COL_ID].len, c->file_id, (uint32_t)line);
    if (idx == -1)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory adding actors");
    if (idx <= -2) {
        char sb[96];
        const sn_actor *old = &c->st->actors[-2 - idx];
        if (old->auto_created)
            reject(c, K_DUP_ACTOR, file, line, v[COL_ID].col,
                   "actor id '%s' was already created from a contact; expected actors files "
                   "to be read before contacts",
                   SHOW(v[COL_ID], sb));
        else
            reject(c, K_DUP_ACTOR, file, line, v[COL_ID].col,
                   "duplicate actor id '%s'; first defined at %s:%u; expected each id once",
                   SHOW(v[COL_ID], sb), sn_intern_str(c->st->strings, old->src_file),
                   old->src_line);
        return SN_OK;
    }
    sn_actor *a = &c->st->actors[idx];
    for (int k = COL_NAME; k <= COL_PROF; k++) {
        if (!v[k].s)
            continue;
        const char *s = v[k].s;
        size_t len = v[k].len;
        if (k == COL_TYPE) {
            for (size_t i = 0; i < sizeof type_aliases / sizeof type_aliases[0]; i++)
                if (ieq_list(s, type_aliases[i].alias)) {
                    s = type_aliases[i].type;
                    len = strlen(s);
                    break;
                }
        } else if (k == COL_RANK) {
            for (size_t i = 0; i < sizeof rank_aliases / sizeof rank_aliases[0]; i++)
                if (ieq_list(s, rank_aliases[i].alias)) {
                    s = rank_aliases[i].rank;
                    len = strlen(s);
                    break;
                }
            if (len && strcmp(s, "top") && strcmp(s, "middle") && strcmp(s, "frontline")) {
                char sb[96];
                say(c, K_RANK, SN_WARNING, file, line, v[k].col,
                    "rank '%s' kept as given; expected top, middle or frontline",
                    shown(s, len, sb, sizeof sb));
            }
        }
        int64_t id = sn_store_string(c->st, s, len);
        if (id < 0)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory adding actors");
        a = &c->st->actors[idx];
        a->attr[k - COL_NAME] = (uint32_t)id;
    }
    for (size_t i = 0; i < n_extra; i++) {
        int64_t id = sn_store_string(c->st, extras[i].s, extras[i].len);
        if (id < 0 || sn_store_actor_extra(c->st, extra_keys[i], (uint32_t)id) != SN_OK)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory adding actors");
    }
    return SN_OK;
}

static int channel_lookup_slow(ctx *c, const char *file, const val *v);

/* The actor index for id, creating an 'unknown' actor with a warning if new; -1 = no memory. */
static int64_t contact_actor(ctx *c, const char *file, const val *v)
{
    int64_t idx = sn_store_actor_find(c->actors, v->s, v->len);
    if (idx >= 0)
        return idx;
    if (c->worker)
        return -3; /* creating an actor changes shared state: the serial pass does it */
    idx = sn_store_actor_add(c->st, v->s, v->len, c->file_id, 0);
    if (idx < 0)
        return -1;
    c->st->actors[idx].auto_created = 1;
    c->st->actors[idx].attr[SN_ATTR_TYPE] = c->unknown_type;
    c->st->auto_actors++;
    char sb[96];
    say(c, K_UNKNOWN_ACTOR, c->diag->strict ? SN_ERROR : SN_WARNING, file, v->line, v->col,
        "unknown actor '%s'; created it with type 'unknown' (expected an id from the "
        "actors file)",
        SHOW(*v, sb));
    return idx;
}

static int channel_index(ctx *c, const char *file, const val *v)
{
    /* Exports repeat a handful of channel names: try the last one first. */
    if (c->last_channel >= 0 && v->len == c->last_channel_len &&
        memcmp(v->s, c->last_channel_text, v->len) == 0)
        return c->last_channel;
    int ch = channel_lookup_slow(c, file, v);
    if (ch >= 0 && v->len < sizeof c->last_channel_text) {
        memcpy(c->last_channel_text, v->s, v->len);
        c->last_channel_len = v->len;
        c->last_channel = ch;
    }
    return ch;
}

static int channel_lookup_slow(ctx *c, const char *file, const val *v)
{
    int64_t raw = sn_intern_add(c->channel_raw, v->s, v->len);
    if (raw < 0)
        return -2;
    if ((size_t)raw >= c->channel_map_cap) {
        size_t cap = c->channel_map_cap ? c->channel_map_cap * 2 : 64;
        int16_t *m = realloc(c->channel_map, cap * sizeof *m);
        if (!m)
            return -2;
        for (size_t i = c->channel_map_cap; i < cap; i++)
            m[i] = -1;
        c->channel_map = m;
        c->channel_map_cap = cap;
    }
    if (c->channel_map[raw] >= 0)
        return c->channel_map[raw];
    int ch = sn_channel_lookup(v->s, v->len);
    if (ch < 0 && c->worker) {
        int64_t known = sn_intern_find(c->actors->channels, v->s, v->len);
        if (known < 0)
            return -3;
        ch = (int)known;
    }
    if (ch < 0) {
        int64_t id = sn_intern_add(c->st->channels, v->s, v->len);
        if (id < 0)
            return -2;
        if (id > SN_CHANNEL_MAX)
            return -1;
        ch = (int)id;
        char sb[96];
        say(c, K_UNKNOWN_CHANNEL, SN_WARNING, file, v->line, v->col,
            "unknown channel '%s' kept as given; expected e-message, phone, meeting, "
            "video, referral, discharge, visit, job-shadowing or other",
            SHOW(*v, sb));
    }
    c->channel_map[raw] = (int16_t)ch;
    return ch;
}

static inline int two_digits(const char *s, int max)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    int v = (s[0] - '0') * 10 + (s[1] - '0');
    return v <= max ? v : -1;
}

/*
 * The common case of exports: "YYYY-MM-DDTHH:MM:SSZ" on the same date as the
 * previous row. The date was validated when it was first seen, so only the
 * time of day is checked here. Returns 1 when it applied.
 */
static int fast_time(ctx *c, const val *v, int64_t *t, sn_time_zone *zone)
{
    const char *s = v->s;
    if (v->len != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
        c->last_days == INT64_MIN || memcmp(s, c->last_date, 10) != 0)
        return 0;
    int h = two_digits(s + 11, 23), m = two_digits(s + 14, 59), sec = two_digits(s + 17, 60);
    if (h < 0 || m < 0 || sec < 0)
        return 0;
    *t = c->last_days * 86400 + h * 3600 + m * 60 + sec;
    *zone = SN_TIME_UTC;
    return 1;
}

struct deferred_row {
    long line;
    char *text; /* the line, without its newline */
    size_t len;
    size_t at; /* contacts the worker had stored before it */
};

/* A worker keeps a row that needs shared state for the serial pass (not counted yet). */
static sn_status defer_row(ctx *c, long line)
{
    c->st->rows_read--;
    if (c->n_deferred == c->cap_deferred) {
        size_t cap = c->cap_deferred ? c->cap_deferred * 2 : 64;
        deferred_row *d = realloc(c->deferred, cap * sizeof *d);
        if (!d)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory");
        c->deferred = d;
        c->cap_deferred = cap;
    }
    deferred_row *d = &c->deferred[c->n_deferred];
    d->text = malloc(c->cur_len + 1);
    if (!d->text)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    memcpy(d->text, c->cur_line, c->cur_len);
    d->text[c->cur_len] = '\0';
    d->len = c->cur_len;
    d->line = line;
    d->at = c->st->n;
    c->n_deferred++;
    return SN_OK;
}

static sn_status contact_row(ctx *c, const char *file, val v[NCOLS], long line)
{
    sn_store *st = c->st;
    st->rows_read++;
    int64_t t;
    sn_time_zone zone;
    char why[128];
    if (!v[COL_TIME].s || v[COL_TIME].len == 0) {
        reject(c, K_EMPTY, file, line, v[COL_TIME].s ? v[COL_TIME].col : 1,
               "empty time; expected an ISO 8601 date-time or epoch seconds");
        return SN_OK;
    }
    int bad = fast_time(c, &v[COL_TIME], &t, &zone)
                  ? 0
                  : sn_time_parse(v[COL_TIME].s, v[COL_TIME].len, &t, &zone, why, sizeof why);
    if (!bad && zone == SN_TIME_UTC && v[COL_TIME].len == 20 && v[COL_TIME].s[19] == 'Z' &&
        v[COL_TIME].s[10] == 'T') {
        /* remember a validated date: its own day, also when 24:00:00 or a leap second
         * (23:59:60) made t fall on the next one */
        const char *ts = v[COL_TIME].s;
        int64_t clock =
            two_digits(ts + 11, 24) * 3600 + two_digits(ts + 14, 59) * 60 + two_digits(ts + 17, 60);
        memcpy(c->last_date, ts, 10);
        c->last_days = (t - clock) / 86400;
    }
    if (bad) {
        char sb[96];
        reject(c, K_TIME, file, line, v[COL_TIME].col + bad - 1, "bad time '%s': %s",
               SHOW(v[COL_TIME], sb), why);
        return SN_OK;
    }
    if (norm_id(c, &v[COL_FROM], 0) != 0 || norm_id(c, &v[COL_TO], 1) != 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    for (int k = COL_FROM; k <= COL_TO; k++)
        if (!v[k].s || v[k].len == 0) {
            reject(c, K_EMPTY, file, line, v[k].s ? v[k].col : 1,
                   "empty '%s'; expected an actor id", col_names[k]);
            return SN_OK;
        }
    double w = 1.0;
    if (v[COL_WEIGHT].s && v[COL_WEIGHT].len) {
        char buf[64];
        const char *ws = v[COL_WEIGHT].s;
        if (v[COL_WEIGHT].len < sizeof buf && !strchr(ws, '.') && strchr(ws, ',')) {
            snprintf(buf, sizeof buf, "%s", ws); /* decimal comma */
            *strchr(buf, ',') = '.';
            ws = buf;
        }
        char *end;
        size_t nd = strspn(ws, "0123456789");
        if (nd && nd <= 9 && ws[nd] == '\0') {
            long iv = 0;
            for (size_t k = 0; k < nd; k++)
                iv = iv * 10 + (ws[k] - '0');
            w = (double)iv;
            goto weight_ok;
        }
        w = strtod(ws, &end);
        /* plain decimal numbers only: no hex, no leading space, no nan or inf */
        if (end == ws || *end != '\0' || strspn(ws, "0123456789.eE+-") != strlen(ws) || !(w >= 0) ||
            w > 3.0e38) {
            char sb[96];
            reject(c, K_WEIGHT, file, line, v[COL_WEIGHT].col,
                   "bad weight '%s'; expected a non-negative number", SHOW(v[COL_WEIGHT], sb));
            return SN_OK;
        }
    }
weight_ok:;
    int ch = SN_CH_OTHER;
    if (v[COL_CHANNEL].s && v[COL_CHANNEL].len) {
        ch = channel_index(c, file, &v[COL_CHANNEL]);
        if (ch == -2)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory");
        if (ch == -3)
            return defer_row(c, line);
        if (ch < 0) {
            reject(c, K_CHANNELS, file, line, v[COL_CHANNEL].col,
                   "too many distinct channels; expected at most %d", SN_CHANNEL_MAX);
            return SN_OK;
        }
    }
    uint32_t ids[2] = {0, 0};
    for (int k = COL_CASE; k <= COL_MEETING; k++)
        if (v[k].s && v[k].len) {
            int64_t id = sn_intern_add(k == COL_CASE ? st->cases : st->meetings, v[k].s, v[k].len);
            if (id < 0)
                return sn_err_set(c->err, SN_ENOMEM, "out of memory");
            ids[k - COL_CASE] = (uint32_t)id + 1;
        }
    int64_t from = contact_actor(c, file, &v[COL_FROM]);
    if (from >= 0 && stopped(c))
        return SN_OK;
    int64_t to = from < 0 ? -1 : contact_actor(c, file, &v[COL_TO]);
    if (from == -3 || to == -3)
        return defer_row(c, line);
    if (from < 0 || to < 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    if (stopped(c))
        return SN_OK;
    if (zone == SN_TIME_LOCAL && c->local_times++ == 0) {
        c->local_line = line;
        c->local_col = v[COL_TIME].col;
    }
    if (c->opts && c->opts->time_range && !sn_time_in_range(c->opts->time_range, t) &&
        c->odd_times++ == 0) {
        c->odd_line = line;
        c->odd_col = v[COL_TIME].col;
        c->odd_time = t;
    }
    if (from == to) {
        st->self_contacts++;
        char sb[96];
        say(c, K_SELF, SN_WARNING, file, line, v[COL_TO].col,
            "self-contact: from and to are both '%s'; counted, but not a tie (expected "
            "two different actors)",
            SHOW(v[COL_FROM], sb));
        if (stopped(c))
            return SN_OK;
    }
    if (sn_store_contact_add(st, t, (uint32_t)from, (uint32_t)to, (uint8_t)ch, ids[0], ids[1],
                             (float)w) != SN_OK)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory storing contacts");
    if (c->log_lines) {
        if (c->n_lines == c->cap_lines) {
            size_t cap = c->cap_lines ? c->cap_lines * 2 : 1024;
            long *l = realloc(c->lines, cap * sizeof *l);
            if (!l)
                return sn_err_set(c->err, SN_ENOMEM, "out of memory storing contacts");
            c->lines = l;
            c->cap_lines = cap;
        }
        c->lines[c->n_lines++] = line;
    }
    return SN_OK;
}

/* ---- CSV rows ---- */

/* The column layout of a CSV file, from its header. */
typedef struct header_map {
    const int *colmap;         /* CSV column -> col, or COL_EXTRA */
    const uint32_t *extra_key; /* CSV column -> intern id of its header (extras) */
    int n;                     /* columns in the header */
} header_map;

/* Check and store one tokenized CSV record. extras/extra_keys: scratch of h->n entries. */
static sn_status csv_record(ctx *c, const char *file, int contacts, const sn_csv *cv,
                            const header_map *h, val *extras, uint32_t *extra_keys)
{
    if (cv->problem) {
        if (contacts)
            c->st->rows_read++;
        reject(c, strncmp(cv->prob_msg, "line is", 7) == 0 ? K_LONG : K_SYNTAX, file, cv->prob_line,
               cv->prob_col, "%s", cv->prob_msg);
        return SN_OK;
    }
    if (cv->n_fields != (size_t)h->n) {
        if (contacts)
            c->st->rows_read++;
        if (cv->n_fields > (size_t)h->n) {
            const sn_field *f = &cv->fields[h->n];
            reject(c, K_FIELDS, file, f->line, f->col,
                   "%zu fields; expected %d as in the header (an unquoted '%c' in a value?)",
                   cv->n_total, h->n, cv->delim);
        } else {
            const sn_field *f = &cv->fields[cv->n_fields - 1];
            long chars = sn_utf8_chars(sn_csv_str(cv, cv->n_fields - 1), f->len);
            reject(c, K_FIELDS, file, f->line, f->col + chars,
                   "%zu field%s; expected %d as in the header", cv->n_fields,
                   cv->n_fields == 1 ? "" : "s", h->n);
        }
        return SN_OK;
    }
    val v[NCOLS];
    memset(v, 0, sizeof v);
    size_t n_extra = 0;
    for (size_t i = 0; i < cv->n_fields; i++) {
        const sn_field *f = &cv->fields[i];
        const char *str = sn_csv_str(cv, i);
        long chars;
        if (sn_utf8_check(str, f->len, &chars) >= 0) {
            if (contacts)
                c->st->rows_read++;
            reject(c, K_UTF8, file, f->line, f->col + chars,
                   "invalid UTF-8 (or a NUL byte); expected UTF-8 text");
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
    return contacts ? contact_row(c, file, v, cv->line)
                    : actor_row(c, file, v, extras, extra_keys, n_extra, cv->line);
}

/* ---- parallel reading of large plain CSV files ---- */

/* Reading threads: SAMNETT_THREADS, else the online processors (1..16). */
static int sn_ingest_threads(void)
{
    const char *env = getenv("SAMNETT_THREADS");
    long t = env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
    return t < 1 ? 1 : t > 16 ? 16 : (int)t;
}

/*
 * A large, uncompressed, regular CSV contacts file is cut at line breaks into
 * one range per core, after the header (where the one header reader says the
 * rows start). Each worker reads its range with pread (so the file is not
 * mapped into the process) into its window of the shared columns, looking
 * actors up in the shared store; it keeps at most max_messages messages of
 * each kind (the rest only counted). Rows that would change shared state (an
 * unknown actor or channel) are kept for the merge. The merge then goes
 * through the workers in file order: it moves their rows down, renumbers
 * cases and meetings in order of first use, prints their messages and reads
 * the kept rows where they belong, so the store and the messages are the
 * serial reader's. Line numbers are exact: the workers first count the line
 * breaks of their ranges. A worker that meets a quote or a CR other than in
 * a CRLF (which need the full CSV grammar) or a line longer than the longest
 * accepted line makes the whole file go the serial way instead. Not used
 * under --strict, where the first problem must stop the run.
 */
#define PAR_BUF (4u << 20)

typedef struct par_worker {
    ctx c; /* private: st, diag, interners, deferred rows, kept messages */
    sn_store store;
    sn_diag diag;
    int fd;
    char delim;
    const header_map *h;
    const char *file;
    off_t begin, end; /* byte range, starting at a line start */
    long first_line;
    long newlines;    /* counted in the first round */
    size_t base, cap; /* its window of the shared columns */
    int abort;        /* needs the serial reader */
    sn_status rc;
    sn_err err;
} par_worker;

static void *par_count(void *arg)
{
    par_worker *w = arg;
    char *buf = malloc(PAR_BUF);
    if (!buf) {
        w->abort = 1;
        return NULL;
    }
    for (off_t at = w->begin; at < w->end;) {
        size_t want = (size_t)(w->end - at) < PAR_BUF ? (size_t)(w->end - at) : PAR_BUF;
        ssize_t got = pread(w->fd, buf, want, at);
        if (got <= 0) {
            w->abort = 1;
            break;
        }
        for (const char *p = buf, *e = buf + got; (p = memchr(p, '\n', (size_t)(e - p))); p++)
            w->newlines++;
        at += got;
    }
    free(buf);
    return NULL;
}

/*
 * Split one line (no quotes) into a record as the tokenizer would; 0 = fine,
 * 1 = needs the serial reader.
 */
static int par_split(const ctx *c, char delim, sn_csv *cv, const char *line, size_t len,
                     long line_no)
{
    if (len && line[len - 1] == '\r')
        len--;
    if (memchr(line, '\r', len) || (c->max_line && len > c->max_line))
        return 1;
    cv->buf_len = 0;
    cv->n_fields = 0;
    cv->n_total = 0;
    cv->problem = 0;
    cv->line = line_no;
    if (cv->buf_cap < len + 1) {
        char *b = realloc(cv->buf, len + 64);
        if (!b)
            return 1;
        cv->buf = b;
        cv->buf_cap = len + 64;
    }
    size_t f0 = 0;
    for (;;) {
        const char *d = memchr(line + f0, delim, len - f0);
        size_t f1 = d ? (size_t)(d - line) : len;
        cv->n_total++;
        if (cv->max_fields && cv->n_fields >= cv->max_fields) {
            if (!d)
                break; /* fields past the cap are counted, not kept */
            f0 = f1 + 1;
            continue;
        }
        if (cv->n_fields == cv->cap_fields) {
            size_t cap = cv->cap_fields ? cv->cap_fields * 2 : 16;
            sn_field *f = realloc(cv->fields, cap * sizeof *f);
            if (!f)
                return 1;
            cv->fields = f;
            cv->cap_fields = cap;
        }
        sn_field *f = &cv->fields[cv->n_fields++];
        f->off = cv->buf_len;
        f->len = f1 - f0;
        f->line = line_no;
        f->col = 1 + sn_utf8_chars(line, f0);
        memcpy(cv->buf + cv->buf_len, line + f0, f1 - f0);
        cv->buf_len += f1 - f0;
        cv->buf[cv->buf_len++] = '\0';
        /* the serial reader's checks for what it can meet without quotes */
        if (!cv->problem) {
            const char *nul = memchr(line + f0, '\0', f1 - f0);
            size_t nul_at = nul ? (size_t)(nul - (line + f0)) : SIZE_MAX;
            if (nul_at <= cv->max_field && nul) {
                cv->problem = 1;
                cv->prob_line = line_no;
                cv->prob_col = 1 + sn_utf8_chars(line, (size_t)(nul - line));
                snprintf(cv->prob_msg, sizeof cv->prob_msg, "NUL byte in a field; expected text");
            } else if (f1 - f0 > cv->max_field) {
                cv->problem = 1;
                cv->prob_line = line_no;
                cv->prob_col = f->col;
                snprintf(cv->prob_msg, sizeof cv->prob_msg,
                         "field is longer than %zu bytes; expected a shorter value", cv->max_field);
            }
        }
        if (!d)
            break;
        f0 = f1 + 1;
    }
    return 0;
}

static void *par_parse(void *arg)
{
    par_worker *w = arg;
    ctx *c = &w->c;
    sn_csv cv;
    memset(&cv, 0, sizeof cv);
    cv.delim = w->delim;
    cv.max_field = c->max_field;
    cv.max_fields = (size_t)w->h->n + 1;
    val *extras = calloc((size_t)w->h->n + 1, sizeof *extras);
    uint32_t *extra_keys = calloc((size_t)w->h->n + 1, sizeof *extra_keys);
    char *buf = malloc(PAR_BUF);
    if (!buf || !extras || !extra_keys) {
        w->rc = sn_err_set(&w->err, SN_ENOMEM, "out of memory");
        goto out;
    }
    size_t carry = 0;
    long line_no = w->first_line;
    for (off_t at = w->begin; at < w->end || carry;) {
        size_t room = PAR_BUF - carry;
        size_t want = (size_t)(w->end - at) < room ? (size_t)(w->end - at) : room;
        ssize_t got = want ? pread(w->fd, buf + carry, want, at) : 0;
        if (got < 0 || (want && got == 0)) {
            w->abort = 1;
            break;
        }
        at += got;
        size_t have = carry + (size_t)got;
        int last = at >= w->end;
        size_t pos = 0;
        for (;;) {
            const char *nl = memchr(buf + pos, '\n', have - pos);
            if (!nl && !(last && pos < have))
                break;
            size_t len = nl ? (size_t)(nl - (buf + pos)) : have - pos;
            const char *line = buf + pos;
            pos += len + (nl ? 1 : 0);
            if (memchr(line, '"', len)) {
                w->abort = 1;
                goto out;
            }
            size_t body = len && line[len - 1] == '\r' ? len - 1 : len;
            if (body == 0) {
                line_no++;
                continue; /* a blank line */
            }
            if (par_split(c, w->delim, &cv, line, len, line_no)) {
                w->abort = 1;
                goto out;
            }
            c->cur_line = line;
            c->cur_len = body;
            w->rc = csv_record(c, w->file, 1, &cv, w->h, extras, extra_keys);
            if (w->rc != SN_OK)
                goto out;
            line_no++;
        }
        carry = have - pos;
        if (carry == PAR_BUF) {
            w->abort = 1; /* a line longer than the buffer */
            break;
        }
        memmove(buf, buf + pos, carry);
        if (last && carry == 0)
            break;
    }
out:
    free(buf);
    free(extras);
    free(extra_keys);
    sn_csv_free(&cv);
    return NULL;
}

/* Point a worker's store at its window of the shared columns (or detach it: st = NULL). */
static void par_window(sn_store *ws, sn_store *st, size_t base, size_t cap)
{
    ws->time = st ? st->time + base : NULL;
    ws->from = st ? st->from + base : NULL;
    ws->to = st ? st->to + base : NULL;
    ws->channel = st ? st->channel + base : NULL;
    ws->case_id = st ? st->case_id + base : NULL;
    ws->meeting = st ? st->meeting + base : NULL;
    ws->weight = st ? st->weight + base : NULL;
    ws->n = 0;
    ws->cap = st ? cap : 0;
}

/* Move n rows of the shared columns from index src to index dst (dst <= src). */
static void par_move(sn_store *st, size_t dst, size_t src, size_t n)
{
    if (dst == src || n == 0)
        return;
#define MOVE(col) memmove(st->col + dst, st->col + src, n * sizeof *st->col)
    MOVE(time);
    MOVE(from);
    MOVE(to);
    MOVE(channel);
    MOVE(case_id);
    MOVE(meeting);
    MOVE(weight);
#undef MOVE
}

/* The shared id of a worker's case or meeting id (0 = none), interned on first use. */
static int par_map_id(sn_intern *to, const sn_intern *from, uint32_t *map, uint32_t *id)
{
    if (*id == 0)
        return 0;
    if (map[*id] == 0) {
        int64_t g = sn_intern_add(to, sn_intern_str(from, *id - 1), sn_intern_len(from, *id - 1));
        if (g < 0)
            return -1;
        map[*id] = (uint32_t)g + 1;
    }
    *id = map[*id];
    return 0;
}

/* Print a worker's kept messages before line `before` (in order), from *next on. */
static void par_say(ctx *c, par_worker *w, size_t *next, long before)
{
    for (; *next < w->c.n_kept && w->c.kept[*next].line < before; (*next)++) {
        kept_msg *m = &w->c.kept[*next];
        say(c, m->kind, m->sev, w->file, m->line, m->col, "%s", m->text);
    }
}

/*
 * Append a worker's rows, messages and kept rows to the shared store in file
 * order. Its rows sit in its window [base, base + cap); with kept rows they
 * first move to the window's end, so rows read at the merge (at most one per
 * kept row) never overwrite a row not yet moved.
 */
static sn_status par_merge(ctx *c, par_worker *w, const header_map *h)
{
    sn_store *st = c->st, *ws = &w->store;
    size_t n = ws->n;
    size_t src = w->base;
    if (w->c.n_deferred) {
        src = w->base + w->cap - n;
        par_move(st, src, w->base, n); /* src >= base: a move up */
    }
    uint32_t nc = sn_intern_count(ws->cases), nm = sn_intern_count(ws->meetings);
    uint32_t *cmap = calloc((size_t)nc + 1, sizeof *cmap);
    uint32_t *mmap = calloc((size_t)nm + 1, sizeof *mmap);
    val *extras = calloc((size_t)h->n + 1, sizeof *extras);
    uint32_t *keys = calloc((size_t)h->n + 1, sizeof *keys);
    sn_csv cv;
    memset(&cv, 0, sizeof cv);
    cv.delim = w->delim;
    cv.max_field = c->max_field;
    cv.max_fields = (size_t)h->n + 1;
    sn_status rc = SN_OK;
    if (!cmap || !mmap || !extras || !keys)
        rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
    size_t done = 0, said = 0;
    for (size_t k = 0; rc == SN_OK && k <= w->c.n_deferred; k++) {
        const deferred_row *d = k < w->c.n_deferred ? &w->c.deferred[k] : NULL;
        size_t upto = d ? d->at : n;
        size_t at = st->n, cnt = upto - done;
        par_move(st, at, src + done, cnt);
        for (size_t i = at; i < at + cnt && rc == SN_OK; i++)
            if (par_map_id(st->cases, ws->cases, cmap, &st->case_id[i]) != 0 ||
                par_map_id(st->meetings, ws->meetings, mmap, &st->meeting[i]) != 0)
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
        st->n += cnt;
        done = upto;
        par_say(c, w, &said, d ? d->line : LONG_MAX);
        if (d && rc == SN_OK && par_split(c, w->delim, &cv, d->text, d->len, d->line) == 0)
            rc = csv_record(c, w->file, 1, &cv, h, extras, keys);
    }
    if (rc == SN_OK) {
        if (n && ws->first_time < st->first_time)
            st->first_time = ws->first_time;
        if (n && ws->last_time > st->last_time)
            st->last_time = ws->last_time;
        st->rows_read += ws->rows_read;
        st->rejected += ws->rejected;
        st->self_contacts += ws->self_contacts;
        for (int k = 0; k < NKINDS; k++) {
            c->seen[k] += w->c.over[k];
            c->over[k] += w->c.over[k];
            c->hidden[k] += w->c.hidden[k];
        }
        c->diag->errors += w->diag.errors;
        c->diag->warnings += w->diag.warnings;
        if (w->c.local_times && (c->local_times == 0 || w->c.local_line < c->local_line)) {
            c->local_line = w->c.local_line;
            c->local_col = w->c.local_col;
        }
        c->local_times += w->c.local_times;
        if (w->c.odd_times && (c->odd_times == 0 || w->c.odd_line < c->odd_line)) {
            c->odd_line = w->c.odd_line;
            c->odd_col = w->c.odd_col;
            c->odd_time = w->c.odd_time;
        }
        c->odd_times += w->c.odd_times;
        uint32_t nv = ws->id_variants ? sn_intern_count(ws->id_variants) : 0;
        for (uint32_t i = 0; i < nv && rc == SN_OK; i++) {
            if (!st->id_variants && !(st->id_variants = sn_intern_new()))
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
            else if (sn_intern_add(st->id_variants, sn_intern_str(ws->id_variants, i),
                                   sn_intern_len(ws->id_variants, i)) < 0)
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
        }
        st->ids_merged = st->id_variants ? (long)sn_intern_count(st->id_variants) : 0;
    }
    free(cmap);
    free(mmap);
    free(extras);
    free(keys);
    sn_csv_free(&cv);
    return rc;
}

static void par_free(par_worker *w)
{
    for (size_t i = 0; i < w->c.n_deferred; i++)
        free(w->c.deferred[i].text);
    free(w->c.deferred);
    for (size_t i = 0; i < w->c.n_kept; i++)
        free(w->c.kept[i].text);
    free(w->c.kept);
    free(w->c.idbuf[0]);
    free(w->c.idbuf[1]);
    if (w->c.channel_raw)
        sn_intern_free(w->c.channel_raw);
    free(w->c.channel_map);
    if (w->store.strings) {
        par_window(&w->store, NULL, 0, 0); /* the columns belong to the shared store */
        sn_store_free(&w->store);
    }
}

/* Returns 1 when the file was read in parallel, 0 when the serial reader must read it. */
static int read_csv_parallel(ctx *c, reader *r, sn_status *rc)
{
    const char *env = getenv("SAMNETT_PARALLEL_MIN_BYTES");
    long long min_bytes = env ? atoll(env) : 16LL << 20;
    int threads = sn_ingest_threads();
    const job *j = r->job;
    if (j->is_stdin || j->kind != SN_INPUT_CONTACTS || c->diag->strict || threads < 2 ||
        r->src.size < min_bytes || r->src.size == 0 || r->data_off <= 0)
        return 0;
    int fd = open(j->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    unsigned char magic[2] = {0, 0};
    struct stat sb;
    if (pread(fd, magic, 2, 0) != 2 || (magic[0] == 0x1f && magic[1] == 0x8b) ||
        fstat(fd, &sb) != 0 || (long long)sb.st_size != r->src.size) {
        close(fd);
        return 0;
    }
    off_t data = (off_t)r->data_off; /* the rows start where the header reader says */
    off_t size = (off_t)r->src.size;
    if ((long long)(size - data) < (long long)threads * 1024 && !env)
        threads = 1;
    if (threads < 2 || data >= size) {
        close(fd);
        return 0;
    }
    par_worker *ws = calloc((size_t)threads, sizeof *ws);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    header_map h = {r->colmap, r->extra_key, r->colmap_n};
    int ok = ws && tids;
    /* Cut at the first line break after each equal share. */
    for (int t = 0; ok && t < threads; t++) {
        par_worker *w = &ws[t];
        w->fd = fd;
        w->delim = r->csv.delim;
        w->h = &h;
        w->file = j->name;
        w->begin = t == 0 ? data : ws[t - 1].end;
        off_t target = data + (size - data) / threads * (t + 1);
        if (t == threads - 1 || target >= size) {
            w->end = size;
        } else {
            char probe[4096];
            off_t at = target < w->begin ? w->begin : target;
            w->end = size;
            for (;;) {
                ssize_t got = pread(fd, probe, sizeof probe, at);
                if (got <= 0)
                    break;
                const char *p = memchr(probe, '\n', (size_t)got);
                if (p) {
                    w->end = at + (p - probe) + 1;
                    break;
                }
                at += got;
            }
        }
    }
    /* Round one: count line breaks, for exact line numbers. */
    int started = 0;
    for (int t = 0; ok && t < threads; t++)
        if (pthread_create(&tids[t], NULL, par_count, &ws[t]) == 0)
            started++;
        else
            ok = 0;
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    long line = r->data_line;
    for (int t = 0; ok && t < threads; t++) {
        ok = !ws[t].abort;
        ws[t].first_line = line;
        line += ws[t].newlines;
    }
    /*
     * Round two: parse. Each worker writes into its own window of the shared
     * columns, sized by its line count, so no column is copied or grown.
     */
    size_t base = c->st->n, need = base;
    for (int t = 0; ok && t < threads; t++)
        need += (size_t)ws[t].newlines + 1;
    if (ok && sn_store_reserve(c->st, need) != SN_OK)
        ok = 0;
    started = 0;
    for (int t = 0; ok && t < threads; t++) {
        par_worker *w = &ws[t];
        w->c = *c;
        w->c.worker = 1;
        w->c.actors = c->st;
        w->c.deferred = NULL;
        w->c.n_deferred = w->c.cap_deferred = 0;
        w->c.kept = NULL;
        w->c.n_kept = w->c.cap_kept = 0;
        memset(w->c.seen, 0, sizeof w->c.seen);
        memset(w->c.over, 0, sizeof w->c.over);
        memset(w->c.hidden, 0, sizeof w->c.hidden);
        w->c.idbuf[0] = w->c.idbuf[1] = NULL;
        w->c.idcap[0] = w->c.idcap[1] = 0;
        w->c.local_times = 0;
        w->c.odd_times = 0;
        w->c.last_channel = -1;
        w->c.last_days = INT64_MIN;
        w->c.channel_raw = sn_intern_new();
        w->c.channel_map = NULL;
        w->c.channel_map_cap = 0;
        w->c.err = &w->err;
        if (!w->c.channel_raw || sn_store_init(&w->store, &w->err) != SN_OK) {
            ok = 0;
            break;
        }
        w->store.first_time = INT64_MAX;
        w->store.last_time = INT64_MIN;
        w->base = base;
        w->cap = (size_t)w->newlines + 1;
        par_window(&w->store, c->st, base, w->cap);
        base += w->cap;
        sn_diag_init(&w->diag, NULL);
        w->diag.quiet = c->diag->quiet;
        w->c.st = &w->store;
        w->c.diag = &w->diag;
        if (pthread_create(&tids[t], NULL, par_parse, w) != 0) {
            ok = 0;
            break;
        }
        started++;
    }
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    for (int t = 0; t < threads && ok; t++)
        ok = !ws[t].abort && ws[t].rc != SN_ENOMEM;
    int used = ok;
    *rc = SN_OK;
    /* Merge in file order: rows, messages and kept rows, counts. */
    for (int t = 0; used && t < threads && *rc == SN_OK; t++) {
        par_worker *w = &ws[t];
        if (w->rc != SN_OK) {
            *rc = w->rc;
            sn_err_set(c->err, w->err.code, "%s", w->err.msg);
            break;
        }
        *rc = par_merge(c, w, &h);
    }
    for (int t = 0; ws && t < threads; t++)
        par_free(&ws[t]);
    free(ws);
    free(tids);
    close(fd);
    return used;
}

static sn_status read_csv(ctx *c, reader *r)
{
    const char *file = r->job->name;
    sn_csv *cv = &r->csv;
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
        int got = sn_csv_next(cv);
        if (got < 0) {
            rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
            break;
        }
        if (got == 0)
            break;
        if ((++rows & 0xffff) == 0 && c->opts && c->opts->progress)
            c->opts->progress(c->opts->progress_ud, file, sn_src_offset(&r->src), r->src.size);
        rc = csv_record(c, file, contacts, cv, &h, extras, extra_keys);
        if (rc != SN_OK || stopped(c))
            break;
    }
    free(extras);
    free(extra_keys);
    return rc;
}

/* ---- JSONL rows ---- */

/* The number of UTF-8 characters in s[0..n). */
static long utf8_chars(const char *s, size_t n)
{
    long chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

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
    long chars = 0;
    for (const char *q = line; q < p; q++)
        chars += ((unsigned char)*q & 0xC0) != 0x80;
    return chars + 1;
}

/*
 * Where a JSON syntax error starts. jansson reports the position after the
 * offending token and names it ("near 'x'"); the column is the token's start.
 */
static long json_error_column(const char *line, size_t len, const json_error_t *e)
{
    if (strstr(e->text, "near end of file"))
        return utf8_chars(line, len) + 1;
    const char *near = strstr(e->text, "near '");
    const char *end = near ? strrchr(e->text, '\'') : NULL;
    if (near && end > near + 6) {
        size_t tlen = (size_t)(end - (near + 6));
        size_t pos = e->position > 0 ? (size_t)e->position : 0;
        if (pos <= len && pos >= tlen && memcmp(line + pos - tlen, near + 6, tlen) == 0)
            return utf8_chars(line, pos - tlen) + 1;
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
        reject(c, K_JSON, file, line, json_error_column(r->line, r->line_len, &jerr),
               "invalid JSON: %s", jerr.text);
        return SN_OK;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        reject(c, K_JSON, file, line, 1, "expected a JSON object, one per line");
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
        colid k = header_col(key, strlen(key));
        long kc = key_column(r->line, key, 0);
        if (k == COL_EXTRA && contacts)
            continue; /* contacts have no extra attributes */
        if (k == COL_EXTRA && n_extra >= max_extra) {
            say(c, K_EXTRA, SN_WARNING, file, line, kc,
                "more than %zu extra attributes; \"%s\" and later ones are not kept", max_extra,
                key);
            break;
        }
        if (slot >= n_bufs) {
            reject(c, K_JSON_VALUE, file, line, kc, "too many keys; expected at most %zu", n_bufs);
            bad = 1;
            break;
        }
        const char *why = NULL;
        size_t len = 0;
        const char *s = json_text(jv, bufs[slot], 64, &len, &why);
        if (!s) {
            reject(c, K_JSON_VALUE, file, line, kc, "\"%s\" is %s; expected a string or a number",
                   key, why);
            bad = 1;
            break;
        }
        if (k == COL_TIME && json_is_real(jv)) {
            reject(c, K_JSON_VALUE, file, line, kc,
                   "\"%s\" is a fraction; expected epoch seconds or an ISO 8601 string", key);
            bad = 1;
            break;
        }
        if (s == bufs[slot])
            slot++;
        if (len > c->max_field) {
            reject(c, K_JSON_VALUE, file, line, kc,
                   "\"%s\" is longer than %zu bytes; expected a shorter value", key, c->max_field);
            bad = 1;
            break;
        }
        if (memchr(s, 0, len)) {
            reject(c, K_JSON_VALUE, file, line, kc,
                   "\"%s\" contains a NUL character; expected text", key);
            bad = 1;
            break;
        }
        /* value problems point at the value, not the key */
        val x = {s, len, line, key_column(r->line, key, 1)};
        if (k == COL_EXTRA) {
            int64_t id = sn_store_string(c->st, key, strlen(key));
            if (id < 0) {
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
                break;
            }
            extras[n_extra] = x;
            extra_keys[n_extra++] = (uint32_t)id;
        } else {
            v[k] = x;
        }
    }
    if (rc == SN_OK && !bad) {
        if (contacts) {
            c->st->rows_read--; /* contact_row counts it */
            if (!v[COL_TIME].s || !v[COL_FROM].s || !v[COL_TO].s) {
                c->st->rows_read++;
                reject(c, K_MISSING, file, line, 1,
                       "missing \"%s\"; expected \"time\", \"from\" and \"to\"",
                       !v[COL_TIME].s   ? "time"
                       : !v[COL_FROM].s ? "from"
                                        : "to");
            } else {
                rc = contact_row(c, file, v, line);
            }
        } else if (!v[COL_ID].s) {
            reject(c, K_MISSING, file, line, 1,
                   "missing \"id\"; expected an actor object with \"id\"");
        } else {
            rc = actor_row(c, file, v, extras, extra_keys, n_extra, line);
        }
    }
    json_decref(obj);
    return rc;
}

static sn_status read_jsonl(ctx *c, reader *r)
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
            int got = sn_src_line(&r->src, &r->line, &r->line_cap, &r->line_len, &r->line_no);
            if (got < 0) {
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
                break;
            }
            if (got == 0)
                break;
        }
        r->pending = 0;
        if ((++rows & 0xffff) == 0 && c->opts && c->opts->progress)
            c->opts->progress(c->opts->progress_ud, r->job->name, sn_src_offset(&r->src),
                              r->src.size);
        size_t i = 0;
        while (i < r->line_len && (r->line[i] == ' ' || r->line[i] == '\t'))
            i++;
        if (i == r->line_len)
            continue; /* a blank line */
        if (r->src.line_cut) {
            reject(c, K_LONG, r->job->name, r->line_no, 1,
                   "line is %zu bytes; expected at most %zu", r->line_len + r->src.line_cut,
                   c->max_line);
        } else {
            rc = jsonl_row(c, r, extras, extra_keys, bufs, NCOLS + MAX_EXTRA, MAX_EXTRA);
        }
        if (rc != SN_OK || stopped(c))
            break;
    }
    free(bufs);
    return rc;
}

/* One warning for the contact times of a file outside the plausible range. */
static void warn_odd_times(ctx *c, const char *file)
{
    if (!c->odd_times)
        return;
    char first[40], from[16], to[16];
    sn_time_format(c->odd_time, first, sizeof first);
    sn_date_format(c->opts->time_range->from, from, sizeof from);
    sn_date_format(c->opts->time_range->to - 1, to, sizeof to);
    sn_diag_emit(c->diag, SN_WARNING, file, c->odd_line, c->odd_col,
                 "%ld contact time%s outside the plausible range %s .. %s (here: %s); kept in "
                 "the network, left out of windows and change points; expected times in the "
                 "range (a mistyped year?)",
                 c->odd_times, c->odd_times == 1 ? "" : "s", from, to, first);
}

static sn_status read_job(ctx *c, reader *r)
{
    int64_t fid = sn_store_string(c->st, r->job->name, strlen(r->job->name));
    if (fid < 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    c->file_id = (uint32_t)fid;
    c->local_times = 0;
    c->odd_times = 0;
    c->st->files++;
    sn_status rc = SN_OK;
    if (r->job->format == FMT_JSONL)
        rc = read_jsonl(c, r);
    else if (!read_csv_parallel(c, r, &rc))
        rc = read_csv(c, r);
    if (rc == SN_OK && !stopped(c) && r->src.io_error) {
        reject(c, K_IO, r->job->name, r->src.line, r->src.col + 1,
               "input ends early (%s); expected a complete %s file", r->src.io_msg,
               has_suffix(r->job->path, ".gz") ? "gzip" : "readable");
    }
    if (c->local_times) {
        c->st->local_times += c->local_times;
        sn_diag_emit(c->diag, SN_WARNING, r->job->name, c->local_line, c->local_col,
                     "%ld time%s without a time zone taken as UTC; expected 'Z' or an offset "
                     "such as +01:00",
                     c->local_times, c->local_times == 1 ? "" : "s");
    }
    warn_odd_times(c, r->job->name);
    if (c->opts && c->opts->progress)
        c->opts->progress(c->opts->progress_ud, r->job->name, sn_src_offset(&r->src), r->src.size);
    return rc;
}

/* Paths of a file read under another path (a link, a compressed copy) are not read again. */
static sn_status drop_aliases(ctx *c, job_list *l)
{
    const char **paths = malloc((l->n ? l->n : 1) * sizeof *paths);
    const char **names = malloc((l->n ? l->n : 1) * sizeof *names);
    long *of = malloc((l->n ? l->n : 1) * sizeof *of);
    int ok = paths && names && of;
    for (size_t i = 0; ok && i < l->n; i++) {
        paths[i] = l->v[i].path;
        names[i] = l->v[i].name;
    }
    ok = ok && sn_src_aliases(paths, names, l->n, c->diag, of) == 0;
    size_t k = 0;
    for (size_t i = 0; ok && i < l->n; i++) {
        if (of[i] < 0) {
            l->v[k++] = l->v[i];
            continue;
        }
        free(l->v[i].path);
        free(l->v[i].name);
    }
    if (ok)
        l->n = k;
    free(paths);
    free(names);
    free(of);
    return ok ? SN_OK : sn_err_set(c->err, SN_ENOMEM, "out of memory");
}

static void ctx_limits(ctx *c, const sn_ingest_opts *opts)
{
    c->max_field = opts && opts->max_field ? opts->max_field : 65536;
    c->max_line = opts && opts->max_line ? opts->max_line : (size_t)1 << 20;
    c->max_messages = !opts || opts->max_messages == 0 ? 100
                      : opts->max_messages < 0         ? -1
                                                       : opts->max_messages;
}

sn_status sn_ingest(sn_store *store, const sn_source *sources, size_t n_sources,
                    const sn_ingest_opts *opts, sn_diag *diag, sn_err *err)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.st = store;
    c.diag = diag;
    c.err = err;
    c.opts = opts;
    ctx_limits(&c, opts);
    c.last_channel = -1;
    c.last_days = INT64_MIN;
    c.actors = store;
    c.channel_raw = sn_intern_new();
    int64_t unknown = sn_store_string(store, "unknown", 7);
    if (!c.channel_raw || unknown < 0) {
        sn_intern_free(c.channel_raw);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    c.unknown_type = (uint32_t)unknown;

    job_list jobs = {0};
    sn_status rc = SN_OK;
    int stdin_used = 0;
    for (size_t i = 0; i < n_sources && rc == SN_OK; i++) {
        const char *p = sources[i].path;
        struct stat stt;
        if (strcmp(p, "-") == 0) {
            if (stdin_used++)
                rc = sn_err_set(err, SN_EUSAGE, "standard input ('-') given more than once");
            else if (job_push(&jobs, "-", "<stdin>", sources[i].kind) != 0)
                rc = sn_err_set(err, SN_ENOMEM, "out of memory");
        } else if (stat(p, &stt) != 0) {
            rc = sn_err_set(err, SN_EIO, "%s: cannot open: %s", p, strerror(errno));
        } else if (S_ISDIR(stt.st_mode)) {
            size_t before = jobs.n;
            rc = expand_dir(&c, &jobs, p, sources[i].kind);
            if (rc == SN_OK && jobs.n == before)
                rc = sn_err_set(err, SN_EINPUT,
                                "%s: no input files in this folder; expected .csv, .tsv, .jsonl "
                                "or .ndjson files (optionally .gz)",
                                p);
        } else if (sn_src_kind_of(&stt) == SN_SRC_DEVICE) {
            rc = sn_err_set(err, SN_EINPUT, "%s: a device; expected a file, a folder or a pipe", p);
        } else if (job_push(&jobs, p, p, sources[i].kind) != 0) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory");
        } else if (sn_src_kind_of(&stt) == SN_SRC_STREAM) {
            jobs.v[jobs.n - 1].is_stdin = 1; /* a pipe: opened once, read as it comes */
        }
    }
    if (rc == SN_OK)
        rc = drop_aliases(&c, &jobs);

    /* First pass: recognise every file (stdin and pipes stay open for the second pass). */
    /* The tokenizer points into its reader, so a stream's reader is opened in place. */
    reader *streams = calloc(jobs.n ? jobs.n : 1, sizeof *streams);
    if (!streams && rc == SN_OK)
        rc = sn_err_set(err, SN_ENOMEM, "out of memory");
    long unopened = 0; /* every file that cannot be opened is named, then ingest stops */
    for (size_t i = 0; i < jobs.n && rc == SN_OK; i++) {
        if (jobs.v[i].is_stdin) {
            rc = reader_open(&c, &streams[i], &jobs.v[i]);
            continue;
        }
        reader r;
        rc = reader_open(&c, &r, &jobs.v[i]);
        int errnum = errno;
        reader_close(&r);
        if (rc == SN_EIO && jobs.n > 1) {
            sn_diag_emit(diag, SN_ERROR, jobs.v[i].name, 0, 0, "cannot open: %s; not read",
                         strerror(errnum));
            unopened++;
            rc = SN_OK;
        }
    }
    if (rc == SN_OK && unopened)
        rc = sn_err_set(err, SN_EIO, "%ld input file%s could not be opened; nothing was read",
                        unopened, unopened == 1 ? "" : "s");
    /* Second pass: actors first, then contacts. */
    for (int phase = 0; phase < 2 && rc == SN_OK; phase++) {
        sn_input_kind want = phase == 0 ? SN_INPUT_ACTORS : SN_INPUT_CONTACTS;
        for (size_t i = 0; i < jobs.n && rc == SN_OK && !stopped(&c); i++) {
            job *j = &jobs.v[i];
            if (j->kind != want)
                continue;
            if (j->is_stdin) {
                rc = read_job(&c, &streams[i]);
                continue;
            }
            reader r;
            rc = reader_open(&c, &r, j);
            if (rc == SN_OK)
                rc = read_job(&c, &r);
            reader_close(&r);
        }
    }
    for (size_t i = 0; streams && i < jobs.n; i++)
        reader_close(&streams[i]);
    free(streams);
    if (rc == SN_OK && stopped(&c))
        rc = sn_err_set(err, SN_EINPUT, "%s", diag->first);
    for (size_t i = 0; i < jobs.n; i++) {
        free(jobs.v[i].path);
        free(jobs.v[i].name);
    }
    free(jobs.v);
    say_hidden(&c);
    sn_intern_free(c.channel_raw);
    free(c.channel_map);
    free(c.idbuf[0]);
    free(c.idbuf[1]);
    sn_store_trim(store);
    return rc;
}

/* ---- incremental reading of a growing contacts file (samnett watch) ---- */

struct sn_feed {
    ctx c;
    job j;
    reader r;
    int ready;        /* the header (CSV) or the first object (JSONL) has been read */
    int format_known; /* the file name tells the format */
    char *header;     /* the CSV header record as read, without its line end */
    size_t header_len;
    long lines; /* lines consumed */
};

sn_status sn_feed_new(sn_store *store, const char *name, const sn_ingest_opts *opts, sn_diag *diag,
                      sn_feed **out, sn_err *err)
{
    *out = NULL;
    sn_feed *f = calloc(1, sizeof *f);
    if (!f)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    ctx *c = &f->c;
    c->st = store;
    c->actors = store;
    c->diag = diag;
    c->err = err;
    c->opts = opts;
    ctx_limits(c, opts);
    c->last_channel = -1;
    c->last_days = INT64_MIN;
    c->log_lines = 1;
    c->channel_raw = sn_intern_new();
    int64_t unknown = sn_store_string(store, "unknown", 7);
    f->j.path = strdup(name);
    f->j.name = strdup(name);
    int64_t fid = f->j.name ? sn_store_string(store, name, strlen(name)) : -1;
    if (!c->channel_raw || unknown < 0 || fid < 0 || !f->j.path) {
        sn_feed_free(f);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    c->unknown_type = (uint32_t)unknown;
    c->file_id = (uint32_t)fid;
    f->j.kind = SN_INPUT_AUTO;
    int fmt = format_from_name(name);
    f->j.format = fmt == FMT_JSONL ? FMT_JSONL : FMT_CSV;
    f->format_known = fmt >= 0;
    f->r.job = &f->j;
    *out = f;
    return SN_OK;
}

void sn_feed_free(sn_feed *f)
{
    if (!f)
        return;
    reader_close(&f->r);
    sn_intern_free(f->c.channel_raw);
    free(f->c.channel_map);
    free(f->c.lines);
    free(f->c.idbuf[0]);
    free(f->c.idbuf[1]);
    free(f->j.path);
    free(f->j.name);
    free(f->header);
    free(f);
}

size_t sn_feed_complete(const sn_feed *f, const char *data, size_t len)
{
    if (f->ready && f->j.format == FMT_JSONL) {
        const char *nl = memrchr(data, '\n', len);
        return nl ? (size_t)(nl - data) + 1 : 0;
    }
    /*
     * A record longer than the longest accepted line (a quoted field never
     * closed, say) ends at the first LF after that many bytes, even inside
     * quotes, as in the tokenizer, which rejects it. So nothing is held back
     * for ever.
     */
    return sn_csv_records_end(data, len, f->ready ? f->r.csv.delim : ',', 0, f->c.max_line);
}

static long count_newlines(const char *s, size_t n)
{
    long k = 0;
    for (const char *p = s, *e = s + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        k++;
    return k;
}

/* Read a CSV header with the one header reader; keeps its text for sn_feed_header. */
static sn_status feed_csv_header(sn_feed *f, const char *data, size_t len, int eof, size_t *used,
                                 sn_err *err)
{
    ctx *c = &f->c;
    c->err = err;
    sn_head h;
    sn_status rc = read_header(c, &f->r, data, len, eof, &h);
    if (rc != SN_OK || h.end == 0)
        return rc;
    free(f->header);
    f->header = malloc(h.text_len + 1);
    if (!f->header)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    memcpy(f->header, data + h.start, h.text_len);
    f->header[h.text_len] = '\0';
    f->header_len = h.text_len;
    *used = h.end;
    f->lines = h.next_line - 1;
    f->ready = 1;
    return SN_OK;
}

sn_status sn_feed_start(sn_feed *f, const char *data, size_t len, size_t *used, sn_err *err)
{
    *used = 0;
    f->c.err = err;
    size_t i = 0;
    if (len < 3 && memcmp(data, "\xEF\xBB\xBF", len) == 0)
        return SN_OK; /* maybe the start of a byte order mark: wait */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    size_t bom = i;
    i += sn_head_skip_space(data + i, len - i);
    if (i == len && (f->j.format == FMT_JSONL || len < SN_HEAD_MAX))
        return SN_OK;
    if (!f->format_known) /* the name does not say: the first byte does */
        f->j.format = i < len && data[i] == '{' ? FMT_JSONL : FMT_CSV;
    if (f->j.format == FMT_JSONL) {
        const char *nl = memchr(data + i, '\n', len - i);
        if (!nl)
            return SN_OK;
        reader *r = &f->r;
        json_error_t jerr;
        json_t *obj = json_loadb(data + i, (size_t)(nl - (data + i)), 0, &jerr);
        if (obj && json_is_object(obj)) {
            const char *key;
            json_t *v;
            json_object_foreach(obj, key, v)
            {
                colid k = header_col(key, strlen(key));
                if (k != COL_EXTRA)
                    r->have[k] = 1;
            }
        }
        json_decref(obj);
        long line = 1 + count_newlines(data, i);
        if (!r->have[COL_ID] && !r->have[COL_FROM] && !r->have[COL_TO]) {
            sn_diag_emit(f->c.diag, SN_ERROR, f->j.name, line, 1,
                         "cannot tell actors from contacts; expected the first line to be a JSON "
                         "object with \"time\", \"from\" and \"to\" (contacts) or \"id\" (actors)");
            return sn_err_set(err, SN_EINPUT, "%s", f->c.diag->first);
        }
        f->j.kind = (r->have[COL_FROM] || r->have[COL_TO]) ? SN_INPUT_CONTACTS : SN_INPUT_ACTORS;
        *used = bom; /* the first object is a row */
        f->ready = 1;
        if (f->j.kind == SN_INPUT_CONTACTS)
            f->c.st->files++;
        return SN_OK;
    }
    sn_status rc = feed_csv_header(f, data, len, 0, used, err);
    if (rc == SN_OK && f->ready && f->j.kind == SN_INPUT_CONTACTS)
        f->c.st->files++;
    return rc;
}

sn_status sn_feed_resume(sn_feed *f, sn_feed_format format, const char *header, size_t len,
                         long lines, sn_err *err)
{
    f->c.err = err;
    f->j.kind = SN_INPUT_CONTACTS;
    f->c.st->files++;
    if (format == SN_FEED_JSONL) {
        f->j.format = FMT_JSONL;
        f->lines = lines;
        f->ready = 1;
        return SN_OK;
    }
    f->j.format = FMT_CSV;
    char *text = malloc(len + 2);
    if (!text)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    memcpy(text, header, len);
    text[len] = '\n';
    text[len + 1] = '\0';
    size_t used;
    sn_status rc = feed_csv_header(f, text, len + 1, 1, &used, err);
    free(text);
    f->lines = lines;
    f->ready = 1;
    return rc;
}

int sn_feed_ready(const sn_feed *f)
{
    return f->ready;
}

sn_input_kind sn_feed_kind(const sn_feed *f)
{
    return f->j.kind;
}

sn_feed_format sn_feed_format_of(const sn_feed *f)
{
    return !f->ready ? SN_FEED_UNKNOWN : f->j.format == FMT_JSONL ? SN_FEED_JSONL : SN_FEED_CSV;
}

const char *sn_feed_header(const sn_feed *f, size_t *len)
{
    *len = f->header_len;
    return f->header ? f->header : "";
}

long sn_feed_lines(const sn_feed *f)
{
    return f->lines;
}

sn_status sn_feed_rows(sn_feed *f, const char *data, size_t len, sn_err *err)
{
    ctx *c = &f->c;
    reader *r = &f->r;
    c->err = err;
    c->local_times = 0;
    c->odd_times = 0;
    if (!f->ready || f->j.kind != SN_INPUT_CONTACTS)
        return sn_err_set(err, SN_EUSAGE, "%s: rows read before a contacts header", f->j.name);
    sn_src_open_mem(&r->src, data, len, f->j.name, f->lines + 1);
    r->src.max_line = c->max_line;
    r->pending = 0;
    sn_status rc = f->j.format == FMT_JSONL ? read_jsonl(c, r) : read_csv(c, r);
    f->lines = r->src.line - 1;
    if (c->local_times) {
        c->st->local_times += c->local_times;
        sn_diag_emit(c->diag, SN_WARNING, f->j.name, c->local_line, c->local_col,
                     "%ld time%s without a time zone taken as UTC; expected 'Z' or an offset "
                     "such as +01:00",
                     c->local_times, c->local_times == 1 ? "" : "s");
    }
    warn_odd_times(c, f->j.name);
    say_hidden(c);
    if (rc == SN_OK && stopped(c))
        rc = sn_err_set(err, SN_EINPUT, "%s", c->diag->first);
    return rc;
}

const long *sn_feed_contact_lines(const sn_feed *f, size_t *n)
{
    *n = f->c.n_lines;
    return f->c.lines;
}

void sn_feed_clear_lines(sn_feed *f)
{
    f->c.n_lines = 0;
}
