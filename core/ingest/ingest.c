/*
 * ingest.c - sources to store: expand folders, recognise files, map headers,
 * validate rows and append them to the event store.
 */
#include "samnett/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    /* JSONL */
    char *line;
    size_t line_cap, line_len;
    long line_no;
    int pending; /* the first line is read but not yet handled */
} reader;

typedef struct ctx {
    sn_store *st;
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
    uint32_t unknown_type;
    int last_channel; /* the channel of last_channel_text, or -1 */
    size_t last_channel_len;
    char last_channel_text[64];
    /* the date part of the last "YYYY-MM-DDTHH:MM:SSZ" time, and its day number */
    char last_date[10];
    int64_t last_days;
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
    size_t j = 0;
    for (size_t i = 0; i < len && j + 8 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (j + 12 >= cap && i + 1 < len) {
            memcpy(buf + j, "...", 3);
            j += 3;
            break;
        }
        if (ch == '\n') {
            buf[j++] = '\\';
            buf[j++] = 'n';
        } else if (ch == '\r') {
            buf[j++] = '\\';
            buf[j++] = 'r';
        } else if (ch < 0x20 || ch == 0x7f) {
            j += (size_t)snprintf(buf + j, cap - j, "\\x%02x", ch);
        } else {
            buf[j++] = (char)ch;
        }
    }
    buf[j] = '\0';
    return buf;
}
#define SHOW(v, buf) shown((v).s, (v).len, buf, sizeof buf)

static int stopped(ctx *c)
{
    return c->diag->stop;
}

/* Report a bad row: an error, counted as rejected. */
static void reject(ctx *c, const char *file, long line, long column, const char *format, ...)
    __attribute__((format(printf, 5, 6)));
static void reject(ctx *c, const char *file, long line, long column, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    sn_diag_vemit(c->diag, SN_ERROR, file, line, column, format, ap);
    va_end(ap);
    c->st->rejected++;
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
        if (stat(path, &stt) != 0 || !S_ISREG(stt.st_mode)) {
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
static sn_status map_csv_header(ctx *c, reader *r)
{
    sn_csv *cv = &r->csv;
    const char *file = r->job->name;
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

/* Open a job's file and read its header (CSV) or first object's keys (JSONL). */
static sn_status reader_open(ctx *c, reader *r, job *j)
{
    memset(r, 0, sizeof *r);
    r->job = j;
    if (sn_src_open(&r->src, j->path, j->name) != 0)
        return sn_err_set(c->err, SN_EIO, "%s: cannot open: %s", j->name, strerror(errno));
    sn_src_skip_bom(&r->src);
    int f = j->is_stdin ? -1 : format_from_name(j->path);
    int first = sn_src_peek_nonspace(&r->src);
    if (r->src.io_error) {
        sn_diag_emit(c->diag, SN_ERROR, j->name, 1, 1, "cannot read: %s", r->src.io_msg);
        return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    }
    if (first < 0) {
        sn_diag_emit(c->diag, SN_ERROR, j->name, 1, 1, "empty file; expected a header line");
        return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
    }
    j->format = f >= 0 ? (file_format)f : (first == '{' ? FMT_JSONL : FMT_CSV);
    if (j->format == FMT_CSV) {
        sn_csv_init(&r->csv, &r->src, sn_csv_sniff(&r->src), c->max_field);
        r->csv_open = 1;
        int got = sn_csv_next(&r->csv);
        if (got < 0)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory");
        if (got == 0) {
            sn_diag_emit(c->diag, SN_ERROR, j->name, 1, 1, "empty file; expected a header line");
            return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
        }
        if (r->csv.problem) {
            sn_diag_emit(c->diag, SN_ERROR, j->name, r->csv.prob_line, r->csv.prob_col,
                         "in the header: %s", r->csv.prob_msg);
            return sn_err_set(c->err, SN_EINPUT, "%s", c->diag->first);
        }
        sn_status rc = map_csv_header(c, r);
        return rc != SN_OK ? rc : check_required(c, r);
    }
    /* JSONL: the first object decides the kind. */
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

static int ieq_list(const char *s, const char *t)
{
    char low[128];
    lower_ascii_utf8(low, s, strlen(s), sizeof low);
    return strcmp(low, t) == 0;
}

static sn_status actor_row(ctx *c, const char *file, val v[NCOLS], const val *extras,
                           const uint32_t *extra_keys, size_t n_extra, long line)
{
    if (!v[COL_ID].s || v[COL_ID].len == 0) {
        reject(c, file, line, v[COL_ID].s ? v[COL_ID].col : 1,
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
            reject(c, file, line, v[COL_ID].col,
                   "actor id '%s' was already created from a contact; expected actors files "
                   "to be read before contacts",
                   SHOW(v[COL_ID], sb));
        else
            reject(c, file, line, v[COL_ID].col,
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
                sn_diag_emit(c->diag, SN_WARNING, file, line, v[k].col,
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
    int64_t idx = sn_store_actor_find(c->st, v->s, v->len);
    if (idx >= 0)
        return idx;
    idx = sn_store_actor_add(c->st, v->s, v->len, c->file_id, 0);
    if (idx < 0)
        return -1;
    c->st->actors[idx].auto_created = 1;
    c->st->actors[idx].attr[SN_ATTR_TYPE] = c->unknown_type;
    c->st->auto_actors++;
    char sb[96];
    sn_diag_emit(c->diag, c->diag->strict ? SN_ERROR : SN_WARNING, file, v->line, v->col,
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
    if (ch < 0) {
        int64_t id = sn_intern_add(c->st->channels, v->s, v->len);
        if (id < 0)
            return -2;
        if (id > SN_CHANNEL_MAX)
            return -1;
        ch = (int)id;
        char sb[96];
        sn_diag_emit(c->diag, SN_WARNING, file, v->line, v->col,
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

static sn_status contact_row(ctx *c, const char *file, val v[NCOLS], long line)
{
    sn_store *st = c->st;
    st->rows_read++;
    int64_t t;
    sn_time_zone zone;
    char why[128];
    if (!v[COL_TIME].s || v[COL_TIME].len == 0) {
        reject(c, file, line, v[COL_TIME].s ? v[COL_TIME].col : 1,
               "empty time; expected an ISO 8601 date-time or epoch seconds");
        return SN_OK;
    }
    int bad = fast_time(c, &v[COL_TIME], &t, &zone)
                  ? 0
                  : sn_time_parse(v[COL_TIME].s, v[COL_TIME].len, &t, &zone, why, sizeof why);
    if (!bad && zone == SN_TIME_UTC && v[COL_TIME].len == 20 && v[COL_TIME].s[19] == 'Z' &&
        v[COL_TIME].s[10] == 'T') {
        memcpy(c->last_date, v[COL_TIME].s, 10); /* remember a validated date */
        c->last_days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    }
    if (bad) {
        char sb[96];
        reject(c, file, line, v[COL_TIME].col + bad - 1, "bad time '%s': %s", SHOW(v[COL_TIME], sb),
               why);
        return SN_OK;
    }
    for (int k = COL_FROM; k <= COL_TO; k++)
        if (!v[k].s || v[k].len == 0) {
            reject(c, file, line, v[k].s ? v[k].col : 1, "empty '%s'; expected an actor id",
                   col_names[k]);
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
            reject(c, file, line, v[COL_WEIGHT].col,
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
        if (ch < 0) {
            reject(c, file, line, v[COL_CHANNEL].col,
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
    if (from < 0 || to < 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    if (stopped(c))
        return SN_OK;
    if (zone == SN_TIME_LOCAL && c->local_times++ == 0) {
        c->local_line = line;
        c->local_col = v[COL_TIME].col;
    }
    if (from == to) {
        st->self_contacts++;
        char sb[96];
        sn_diag_emit(c->diag, SN_WARNING, file, line, v[COL_TO].col,
                     "self-contact: from and to are both '%s'; counted, but not a tie (expected "
                     "two different actors)",
                     SHOW(v[COL_FROM], sb));
        if (stopped(c))
            return SN_OK;
    }
    if (sn_store_contact_add(st, t, (uint32_t)from, (uint32_t)to, (uint8_t)ch, ids[0], ids[1],
                             (float)w) != SN_OK)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory storing contacts");
    return SN_OK;
}

/* ---- CSV rows ---- */

static sn_status read_csv(ctx *c, reader *r)
{
    const char *file = r->job->name;
    sn_csv *cv = &r->csv;
    int contacts = r->job->kind == SN_INPUT_CONTACTS;
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
        if (cv->problem) {
            if (contacts)
                c->st->rows_read++;
            reject(c, file, cv->prob_line, cv->prob_col, "%s", cv->prob_msg);
        } else if (cv->n_fields != (size_t)r->colmap_n) {
            if (contacts)
                c->st->rows_read++;
            if (cv->n_fields > (size_t)r->colmap_n) {
                const sn_field *f = &cv->fields[r->colmap_n];
                reject(c, file, f->line, f->col,
                       "%zu fields; expected %d as in the header (an unquoted '%c' in a value?)",
                       cv->n_fields, r->colmap_n, cv->delim);
            } else {
                const sn_field *f = &cv->fields[cv->n_fields - 1];
                long chars = 0;
                for (size_t i = 0; i < f->len; i++)
                    chars += ((unsigned char)sn_csv_str(cv, cv->n_fields - 1)[i] & 0xC0) != 0x80;
                reject(c, file, f->line, f->col + chars,
                       "%zu field%s; expected %d as in the header", cv->n_fields,
                       cv->n_fields == 1 ? "" : "s", r->colmap_n);
            }
        } else {
            val v[NCOLS];
            memset(v, 0, sizeof v);
            size_t n_extra = 0;
            int bad = 0;
            for (size_t i = 0; i < cv->n_fields && !bad; i++) {
                const sn_field *f = &cv->fields[i];
                const char *s = sn_csv_str(cv, i);
                long chars;
                if (sn_utf8_check(s, f->len, &chars) >= 0) {
                    if (contacts)
                        c->st->rows_read++;
                    reject(c, file, f->line, f->col + chars,
                           "invalid UTF-8 (or a NUL byte); expected UTF-8 text");
                    bad = 1;
                    break;
                }
                val x = {s, f->len, f->line, f->col};
                if (r->colmap[i] == COL_EXTRA) {
                    extras[n_extra] = x;
                    extra_keys[n_extra++] = r->extra_key[i];
                } else {
                    v[r->colmap[i]] = x;
                }
            }
            if (!bad)
                rc = contacts ? contact_row(c, file, v, cv->line)
                              : actor_row(c, file, v, extras, extra_keys, n_extra, cv->line);
        }
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
        reject(c, file, line, json_error_column(r->line, r->line_len, &jerr), "invalid JSON: %s",
               jerr.text);
        return SN_OK;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        reject(c, file, line, 1, "expected a JSON object, one per line");
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
            sn_diag_emit(c->diag, SN_WARNING, file, line, kc,
                         "more than %zu extra attributes; \"%s\" and later ones are not kept",
                         max_extra, key);
            break;
        }
        if (slot >= n_bufs) {
            reject(c, file, line, kc, "too many keys; expected at most %zu", n_bufs);
            bad = 1;
            break;
        }
        const char *why = NULL;
        size_t len = 0;
        const char *s = json_text(jv, bufs[slot], 64, &len, &why);
        if (!s) {
            reject(c, file, line, kc, "\"%s\" is %s; expected a string or a number", key, why);
            bad = 1;
            break;
        }
        if (k == COL_TIME && json_is_real(jv)) {
            reject(c, file, line, kc,
                   "\"%s\" is a fraction; expected epoch seconds or an ISO 8601 string", key);
            bad = 1;
            break;
        }
        if (s == bufs[slot])
            slot++;
        if (len > c->max_field) {
            reject(c, file, line, kc, "\"%s\" is longer than %zu bytes; expected a shorter value",
                   key, c->max_field);
            bad = 1;
            break;
        }
        if (memchr(s, 0, len)) {
            reject(c, file, line, kc, "\"%s\" contains a NUL character; expected text", key);
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
                reject(c, file, line, 1, "missing \"%s\"; expected \"time\", \"from\" and \"to\"",
                       !v[COL_TIME].s   ? "time"
                       : !v[COL_FROM].s ? "from"
                                        : "to");
            } else {
                rc = contact_row(c, file, v, line);
            }
        } else if (!v[COL_ID].s) {
            reject(c, file, line, 1, "missing \"id\"; expected an actor object with \"id\"");
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
        if (r->line_len > c->max_field * 16) {
            reject(c, r->job->name, r->line_no, 1, "line is %zu bytes; expected at most %zu",
                   r->line_len, c->max_field * 16);
        } else {
            rc = jsonl_row(c, r, extras, extra_keys, bufs, NCOLS + MAX_EXTRA, MAX_EXTRA);
        }
        if (rc != SN_OK || stopped(c))
            break;
    }
    free(bufs);
    return rc;
}

static sn_status read_job(ctx *c, reader *r)
{
    int64_t fid = sn_store_string(c->st, r->job->name, strlen(r->job->name));
    if (fid < 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    c->file_id = (uint32_t)fid;
    c->local_times = 0;
    c->st->files++;
    sn_status rc = r->job->format == FMT_CSV ? read_csv(c, r) : read_jsonl(c, r);
    if (rc == SN_OK && !stopped(c) && r->src.io_error) {
        reject(c, r->job->name, r->src.line, r->src.col + 1,
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
    if (c->opts && c->opts->progress)
        c->opts->progress(c->opts->progress_ud, r->job->name, sn_src_offset(&r->src), r->src.size);
    return rc;
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
    c.max_field = opts && opts->max_field ? opts->max_field : 65536;
    c.last_channel = -1;
    c.last_days = INT64_MIN;
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
        } else if (job_push(&jobs, p, p, sources[i].kind) != 0) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory");
        }
    }

    /* First pass: recognise every file (stdin stays open for the second pass). */
    /* The tokenizer points into its reader, so stdin's reader is opened in place. */
    reader stdin_reader;
    int stdin_open = 0;
    for (size_t i = 0; i < jobs.n && rc == SN_OK; i++) {
        if (jobs.v[i].is_stdin) {
            rc = reader_open(&c, &stdin_reader, &jobs.v[i]);
            stdin_open = 1;
            continue;
        }
        reader r;
        rc = reader_open(&c, &r, &jobs.v[i]);
        reader_close(&r);
    }
    /* Second pass: actors first, then contacts. */
    for (int phase = 0; phase < 2 && rc == SN_OK; phase++) {
        sn_input_kind want = phase == 0 ? SN_INPUT_ACTORS : SN_INPUT_CONTACTS;
        for (size_t i = 0; i < jobs.n && rc == SN_OK && !stopped(&c); i++) {
            job *j = &jobs.v[i];
            if (j->kind != want)
                continue;
            if (j->is_stdin) {
                rc = read_job(&c, &stdin_reader);
                continue;
            }
            reader r;
            rc = reader_open(&c, &r, j);
            if (rc == SN_OK)
                rc = read_job(&c, &r);
            reader_close(&r);
        }
    }
    if (stdin_open)
        reader_close(&stdin_reader);
    if (rc == SN_OK && stopped(&c))
        rc = sn_err_set(err, SN_EINPUT, "%s", diag->first);
    for (size_t i = 0; i < jobs.n; i++) {
        free(jobs.v[i].path);
        free(jobs.v[i].name);
    }
    free(jobs.v);
    sn_intern_free(c.channel_raw);
    free(c.channel_map);
    sn_store_trim(store);
    return rc;
}
