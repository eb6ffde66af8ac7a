/*
 * ingest.c - sources to store: expand folders, recognise each file's format
 * and kind, and read the files, actors first, then contacts.
 */
#include "samnett/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ingest_internal.h"
#include "../util/toolbox.h"

/* ---- sources: files, folders, stdin ---- */

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

int sni_format_from_name(const char *path)
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
        qsort(names, n, sizeof *names, sni_cmp_str);
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

sn_status sni_encoding_note(ctx *c, reader *r, int done)
{
    int enc = sni_src_encoding(&r->src);
    if (enc == SN_ENC_CP1252 && !r->src.enc_forced && !r->job->enc_noted) {
        r->job->enc_noted = 1;
        sn_diag_emit(c->diag, SN_NOTE, r->job->name, 0, 0,
                     "read as Windows-1252: its first non-ASCII bytes are not UTF-8 "
                     "(--encoding chooses)");
    }
    if (!done)
        return SN_OK;
    if (sn_store_file_encoding(c->st, c->file_id,
                               sn_encoding_name(enc == SN_ENC_AUTO ? SN_ENC_UTF8 : enc)) != SN_OK)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    return SN_OK;
}

const char *sni_bad_byte(const ctx *c, const char *s, long off, char *buf, size_t cap)
{
    return sni_enc_bad_byte(c->src ? c->src->enc : SN_ENC_AUTO, c->src ? c->src->enc_forced : 0,
                            (unsigned char)s[off], buf, cap);
}

void sni_reader_close(reader *r)
{
    if (r->csv_open)
        sni_csv_free(&r->csv);
    sni_src_close(&r->src);
    free(r->colmap);
    free(r->extra_key);
    free(r->line);
    memset(r, 0, sizeof *r);
}

/* Open a job's file and read its header (CSV) or first object's keys (JSONL). */
static sn_status reader_open(ctx *c, reader *r, job *j)
{
    memset(r, 0, sizeof *r);
    r->job = j;
    if (sni_src_open(&r->src, j->path, j->name) != 0)
        return sn_err_set(c->err, SN_EIO, "%s: cannot open: %s", j->name, strerror(errno));
    r->src.max_line = c->max_line;
    if (sni_src_set_encoding(&r->src, c->opts ? (int)c->opts->encoding : SN_ENC_AUTO) != 0)
        return sn_err_set(c->err, SN_ENOMEM, "%s: cannot convert from %s: %s", j->name,
                          sn_encoding_name(c->opts->encoding), strerror(errno));
    c->src = &r->src;
    const char *head;
    size_t head_len;
    int eof = sni_src_head(&r->src, &head, &head_len);
    if (sni_encoding_note(c, r, 0) != SN_OK)
        return SN_ENOMEM;
    int f = j->is_stdin ? -1 : sni_format_from_name(j->path);
    size_t bom = sni_head_bom(head, head_len);
    size_t first = bom + sni_head_skip_space(head + bom, head_len - bom);
    if (r->src.io_error && head_len == 0)
        return sni_fail(c, j->name, 1, 1, "cannot read: %s", r->src.io_msg);
    if (first == head_len && eof)
        return sni_fail(c, j->name, 1, 1, "empty file; expected a header line");
    j->format = f >= 0                                     ? (file_format)f
                : (first < head_len && head[first] == '{') ? FMT_JSONL
                                                           : FMT_CSV;
    if (j->format == FMT_CSV) {
        sni_head h;
        sn_status rc = sni_read_header(c, r, head, head_len, eof || r->src.io_error, &h);
        if (rc != SN_OK)
            return rc;
        if (h.end == 0) /* cannot happen: the head is the whole input or SNI_HEAD_MAX long */
            return sni_fail(c, j->name, 1, 1, "cannot read the header");
        r->src.pos = h.end; /* the rows start after the header's line end */
        r->src.line = h.next_line;
        r->src.col = 0;
        return SN_OK;
    }
    /* JSONL: the first object decides the kind. */
    sni_src_skip_bom(&r->src);
    sni_src_peek_nonspace(&r->src);
    int got = sni_src_line(&r->src, &r->line, &r->line_cap, &r->line_len, &r->line_no);
    if (got < 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    r->pending = got > 0;
    return sni_jsonl_kind(c, r, j->name, r->line, r->line_len, r->line_no, &j->kind);
}

/* ---- reading ---- */

static sn_status read_job(ctx *c, reader *r)
{
    if (sn_store_string(c->st, r->job->name, strlen(r->job->name), &c->file_id) != SN_OK)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    c->local_times = 0;
    c->ambiguous_times = c->nonexistent_times = 0;
    c->slash_order = 0;
    c->odd_times = 0;
    c->src = &r->src;
    c->st->files++;
    sn_status rc = SN_OK;
    if (r->job->format == FMT_JSONL)
        rc = sni_read_jsonl(c, r);
    else if (!sni_read_csv_parallel(c, r, &rc))
        rc = sni_read_csv(c, r);
    if (rc == SN_OK && !sni_stopped(c) && r->src.io_error) {
        sni_reject(c, K_IO, r->job->name, r->src.line, r->src.col + 1,
                   "input ends early (%s); expected a complete %s file", r->src.io_msg,
                   has_suffix(r->job->path, ".gz") ? "gzip" : "readable");
    }
    sni_file_warnings(c, r->job->name);
    sni_progress(c, r->job->name, &r->src);
    if (rc == SN_OK)
        rc = sni_encoding_note(c, r, 1);
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
    ok = ok && sni_src_aliases(paths, names, l->n, c->diag, of) == 0;
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

sn_status sni_ctx_init(ctx *c, sn_store *store, const sn_ingest_opts *opts, sn_diag *diag,
                       sn_err *err)
{
    memset(c, 0, sizeof *c);
    c->st = store;
    c->actors = store;
    c->diag = diag;
    c->err = err;
    c->opts = opts;
    c->max_field = opts && opts->max_field ? opts->max_field : 65536;
    c->max_line = opts && opts->max_line ? opts->max_line : (size_t)1 << 20;
    c->max_messages = !opts || opts->max_messages == 0 ? 20
                      : opts->max_messages < 0         ? -1
                                                       : opts->max_messages;
    c->last_channel = -1;
    c->last_days = INT64_MIN;
    c->channel_raw = sn_intern_new();
    if (sn_store_string(store, "unknown", 7, &c->unknown_type) != SN_OK || !c->channel_raw) {
        sn_intern_free(c->channel_raw);
        c->channel_raw = NULL;
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    return SN_OK;
}

void sni_ctx_free(ctx *c)
{
    sn_intern_free(c->channel_raw);
    free(c->channel_map);
    free(c->lines);
    free(c->idbuf[0]);
    free(c->idbuf[1]);
    c->channel_raw = NULL;
    c->channel_map = NULL;
    c->lines = NULL;
    c->idbuf[0] = c->idbuf[1] = NULL;
    sni_mapping_free(c);
}

sn_status sn_ingest(sn_store *store, const sn_source *sources, size_t n_sources,
                    const sn_ingest_opts *opts, sn_diag *diag, sn_err *err)
{
    ctx c;
    sn_status rc = sni_ctx_init(&c, store, opts, diag, err);
    if (rc != SN_OK)
        return rc;
    rc = sni_mapping_load(&c);
    if (rc != SN_OK) {
        sni_ctx_free(&c);
        return rc;
    }

    job_list jobs = {0};
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
        } else if (sni_src_kind_of(&stt) == SNI_SRC_DEVICE) {
            rc = sn_err_set(err, SN_EINPUT, "%s: a device; expected a file, a folder or a pipe", p);
        } else if (job_push(&jobs, p, p, sources[i].kind) != 0) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory");
        } else if (sni_src_kind_of(&stt) == SNI_SRC_STREAM) {
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
        sni_reader_close(&r);
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
    /* The files' checksums, for the reports, in a thread beside the readers. */
    sni_hashing *hashing = rc == SN_OK ? sni_hash_start(jobs.v, jobs.n) : NULL;
    /* Second pass: actors first, then contacts. */
    for (int phase = 0; phase < 2 && rc == SN_OK; phase++) {
        sn_input_kind want = phase == 0 ? SN_INPUT_ACTORS : SN_INPUT_CONTACTS;
        for (size_t i = 0; i < jobs.n && rc == SN_OK && !sni_stopped(&c); i++) {
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
            sni_reader_close(&r);
        }
    }
    for (size_t i = 0; streams && i < jobs.n; i++)
        sni_reader_close(&streams[i]);
    free(streams);
    if (rc == SN_OK && sni_stopped(&c))
        rc = sn_err_set(err, SN_EINPUT, "%s", diag->first);
    sni_hash_finish(hashing, store);
    sni_say_hidden(&c); /* before the jobs go: it names their files */
    for (size_t i = 0; i < jobs.n; i++) {
        free(jobs.v[i].path);
        free(jobs.v[i].name);
    }
    free(jobs.v);
    sni_ctx_free(&c);
    sn_store_trim(store);
    sn_store_release(store); /* spilled columns: their pages leave the resident set */
    return rc;
}
