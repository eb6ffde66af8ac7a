/*
 * csv_parallel.c - a large, uncompressed, regular CSV contacts file read by
 * several threads, with the serial reader's store and messages.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest_internal.h"
#include "../util/toolbox.h"

/* Reading threads: SAMNETT_THREADS, else the online processors (1..16). */
static int read_threads(void)
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
#define PAR_STEP ((size_t)1 << 20) /* rows moved at a time in the merge */

typedef struct par_worker {
    ctx c; /* private: st, diag, interners, deferred rows, kept messages */
    sn_store store;
    sn_diag diag;
    int fd;
    char delim;
    const header_map *h;
    const char *file;
    off_t begin, end; /* byte range, starting at a line start */
    off_t file_size;
    long first_line;
    long newlines;    /* counted in the first round */
    int high_enc;     /* the encoding its first non-ASCII byte shows (SN_ENC_AUTO: none) */
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
        w->newlines += sni_head_newlines(buf, (size_t)got);
        if (w->high_enc == SN_ENC_AUTO) {
            size_t high;
            int e = sni_enc_sniff((const unsigned char *)buf, (size_t)got, &high, 0);
            if (e == SN_ENC_AUTO && high < (size_t)got) { /* cut off: read the sequence whole */
                unsigned char seq[4];
                ssize_t more = pread(w->fd, seq, sizeof seq, at + (off_t)high);
                e = more > 0 ? sni_enc_sniff(seq, (size_t)more, &high,
                                             at + (off_t)high + more >= w->file_size)
                             : SN_ENC_CP1252;
                if (e == SN_ENC_AUTO)
                    e = SN_ENC_UTF8;
            }
            w->high_enc = e;
        }
        at += got;
    }
    free(buf);
    return NULL;
}

/* Word-at-a-time tests: does any byte of w equal zero / have its high bit set? */
#define PAR_ONES 0x0101010101010101ull
#define PAR_HIGHS 0x8080808080808080ull
static inline uint64_t par_zero(uint64_t w)
{
    return (w - PAR_ONES) & ~w & PAR_HIGHS;
}

/*
 * Split one line into a record as the tokenizer would; 0 = fine, 1 = needs
 * the serial reader (a quote, a CR other than the last byte, an over-long
 * line). One pass, eight bytes at a time, looks for quotes, CRs, NUL bytes
 * and bytes other than ASCII; fields are then cut with memchr, and their
 * columns come from byte offsets (a character count when the line is not
 * ASCII, kept as the fields go, so each byte is counted once).
 */
static int par_split(const ctx *c, char delim, sni_csv *cv, const char *line, size_t len,
                     long line_no)
{
    if (len && line[len - 1] == '\r')
        len--;
    if (c->max_line && len > c->max_line)
        return 1;
    const uint64_t quotes = PAR_ONES * '"', crs = PAR_ONES * '\r';
    uint64_t bad = 0, nul = 0, high = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, line + i, 8);
        bad |= par_zero(w ^ quotes) | par_zero(w ^ crs);
        nul |= par_zero(w);
        high |= w & PAR_HIGHS;
    }
    for (; i < len; i++) {
        unsigned char ch = (unsigned char)line[i];
        bad |= ch == '"' || ch == '\r';
        nul |= ch == 0;
        high |= ch & 0x80;
    }
    if (bad)
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
    long col = 1; /* the column of f0 */
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
            sni_field *f = realloc(cv->fields, cap * sizeof *f);
            if (!f)
                return 1;
            cv->fields = f;
            cv->cap_fields = cap;
        }
        sni_field *f = &cv->fields[cv->n_fields++];
        f->off = cv->buf_len;
        f->len = f1 - f0;
        f->line = line_no;
        f->col = col;
        memcpy(cv->buf + cv->buf_len, line + f0, f1 - f0);
        cv->buf_len += f1 - f0;
        cv->buf[cv->buf_len++] = '\0';
        /* the serial reader's checks for what it can meet without quotes */
        if (!cv->problem && (nul || f1 - f0 > cv->max_field)) {
            const char *z = nul ? memchr(line + f0, '\0', f1 - f0) : NULL;
            size_t nul_at = z ? (size_t)(z - (line + f0)) : SIZE_MAX;
            if (nul_at <= cv->max_field && z) {
                cv->problem = 1;
                cv->prob_line = line_no;
                cv->prob_col = 1 + sni_utf8_chars(line, (size_t)(z - line));
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
        col += (high ? sni_utf8_chars(line + f0, f1 - f0) : (long)(f1 - f0)) + 1;
        f0 = f1 + 1;
    }
    return 0;
}

static void *par_parse(void *arg)
{
    par_worker *w = arg;
    ctx *c = &w->c;
    sni_csv cv;
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
    size_t carry = 0, released = 0;
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
            w->rc = sni_csv_record(c, w->file, 1, &cv, w->h, extras, extra_keys);
            if (w->rc != SN_OK)
                goto out;
            line_no++;
        }
        /* the rows read so far leave the resident set when the columns are spilled */
        sn_store_release_rows(&w->store, released, w->store.n);
        released = w->store.n > 4096 ? w->store.n - 4096 : 0; /* whole pages only */
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
    sni_csv_free(&cv);
    return NULL;
}

static void count_part(void *ws, int part, int parts)
{
    (void)parts;
    par_count(&((par_worker *)ws)[part]);
}

static void parse_part(void *ws, int part, int parts)
{
    (void)parts;
    par_parse(&((par_worker *)ws)[part]);
}

/*
 * Point a worker's store at its window of the shared columns (all of them
 * allocated), or detach it (st = NULL). A worker's store is borrowed: a time
 * that needs 64-bit times in a store of 32-bit ones fails the worker's row
 * as out of memory, and the file goes the serial way.
 */
static void par_window(sn_store *ws, sn_store *st, size_t base, size_t cap)
{
    ws->time_base = st ? st->time_base : ws->time_base;
    ws->time32 = st && st->time32 ? st->time32 + base : NULL;
    ws->time64 = st && st->time64 ? st->time64 + base : NULL;
    ws->from = st ? st->from + base : NULL;
    ws->to = st ? st->to + base : NULL;
    ws->channel = st ? st->channel + base : NULL;
    ws->case_id = st ? st->case_id + base : NULL;
    ws->meeting = st ? st->meeting + base : NULL;
    ws->weight = st ? st->weight + base : NULL;
    ws->borrowed = st != NULL;
    ws->spilled = st ? st->spilled : 0;
    ws->n = 0;
    ws->cap = st ? cap : 0;
}

/* Move n rows of the shared columns from index src to index dst (dst <= src). */
static void par_move(sn_store *st, size_t dst, size_t src, size_t n)
{
    if (dst == src || n == 0)
        return;
#define MOVE(col)                                                                                  \
    do {                                                                                           \
        if (st->col)                                                                               \
            memmove(st->col + dst, st->col + src, n * sizeof *st->col);                            \
    } while (0)
    MOVE(time32);
    MOVE(time64);
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
        uint32_t g;
        if (sn_intern_add(to, sn_intern_str(from, *id - 1), sn_intern_len(from, *id - 1), &g) !=
            SN_OK)
            return -1;
        map[*id] = g + 1;
    }
    *id = map[*id];
    return 0;
}

/* Print a worker's kept messages before line `before` (in order), from *next on. */
static void par_say(ctx *c, par_worker *w, size_t *next, long before)
{
    for (; *next < w->c.n_kept && w->c.kept[*next].line < before; (*next)++) {
        kept_msg *m = &w->c.kept[*next];
        sni_say(c, m->kind, m->sev, w->file, m->line, m->col, "%s", m->text);
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
    sni_csv cv;
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
        /* in steps (down: no row is overwritten before it moves), each leaving the
         * resident set behind it when the columns are spilled */
        for (size_t m0 = 0; m0 < cnt && rc == SN_OK; m0 += PAR_STEP) {
            size_t m = cnt - m0 < PAR_STEP ? cnt - m0 : PAR_STEP;
            par_move(st, at + m0, src + done + m0, m);
            for (size_t i = at + m0; i < at + m0 + m && rc == SN_OK; i++)
                if (par_map_id(st->cases, ws->cases, cmap, &st->case_id[i]) != 0 ||
                    par_map_id(st->meetings, ws->meetings, mmap, &st->meeting[i]) != 0)
                    rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
            sn_store_release_rows(st, at + m0 > PAR_STEP ? at + m0 - PAR_STEP : 0,
                                  src + done + m0 + m);
        }
        st->n += cnt;
        done = upto;
        par_say(c, w, &said, d ? d->line : LONG_MAX);
        if (d && rc == SN_OK && par_split(c, w->delim, &cv, d->text, d->len, d->line) == 0)
            rc = sni_csv_record(c, w->file, 1, &cv, h, extras, keys);
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
            for (int i = 0; i < w->c.n_hid_at[k]; i++)
                sni_hidden_at(c, k, w->c.hid_at[k][i].file, w->c.hid_at[k][i].line);
        }
        c->unk_contacts += w->c.unk_contacts;
        c->diag->errors += w->diag.errors;
        c->diag->warnings += w->diag.warnings;
        if (w->c.local_times && (c->local_times == 0 || w->c.local_line < c->local_line)) {
            c->local_line = w->c.local_line;
            c->local_col = w->c.local_col;
        }
        c->local_times += w->c.local_times;
        c->ambiguous_times += w->c.ambiguous_times;
        c->nonexistent_times += w->c.nonexistent_times;
        if (w->c.odd_times && (c->odd_times == 0 || w->c.odd_line < c->odd_line)) {
            c->odd_line = w->c.odd_line;
            c->odd_col = w->c.odd_col;
            c->odd_time = w->c.odd_time;
        }
        c->odd_times += w->c.odd_times;
        uint32_t nv = ws->id_variants ? sn_intern_count(ws->id_variants) : 0;
        for (uint32_t i = 0; i < nv && rc == SN_OK; i++) {
            uint32_t variant;
            if (!st->id_variants && !(st->id_variants = sn_intern_new()))
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
            else if (sn_intern_add(st->id_variants, sn_intern_str(ws->id_variants, i),
                                   sn_intern_len(ws->id_variants, i), &variant) != SN_OK)
                rc = sn_err_set(c->err, SN_ENOMEM, "out of memory");
        }
        st->ids_merged = st->id_variants ? (long)sn_intern_count(st->id_variants) : 0;
    }
    free(cmap);
    free(mmap);
    free(extras);
    free(keys);
    sni_csv_free(&cv);
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

int sni_read_csv_parallel(ctx *c, reader *r, sn_status *rc)
{
    const char *env = getenv("SAMNETT_PARALLEL_MIN_BYTES");
    long long min_bytes = env ? atoll(env) : 16LL << 20;
    int threads = read_threads();
    const job *j = r->job;
    /* bytes that are not UTF-8 are converted by the serial reader */
    int enc = sni_src_encoding(&r->src);
    if (j->is_stdin || j->kind != SN_INPUT_CONTACTS || c->diag->strict || threads < 2 ||
        r->src.size < min_bytes || r->src.size == 0 || r->data_off <= 0 ||
        (enc != SN_ENC_AUTO && enc != SN_ENC_UTF8))
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
    header_map h = {r->colmap, r->extra_key, r->colmap_n};
    int ok = ws != NULL;
    /* Cut at the first line break after each equal share. */
    for (int t = 0; ok && t < threads; t++) {
        par_worker *w = &ws[t];
        w->fd = fd;
        w->delim = r->csv.delim;
        w->h = &h;
        w->file = j->name;
        w->begin = t == 0 ? data : ws[t - 1].end;
        w->file_size = size;
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
    if (ok)
        sni_parallel_for(threads, count_part, ws);
    long line = r->data_line;
    /* read as UTF-8 unless the first non-ASCII bytes say Windows-1252 */
    for (int t = 0; ok && enc == SN_ENC_AUTO && t < threads; t++)
        if (ws[t].high_enc != SN_ENC_AUTO) {
            ok = ws[t].high_enc == SN_ENC_UTF8;
            break;
        }
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
    if (ok && sn_store_reserve_cols(c->st, need, SN_STORE_COLS_ALL) != SN_OK)
        ok = 0;
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
        memset(w->c.n_hid_at, 0, sizeof w->c.n_hid_at);
        w->c.unk_contacts = w->c.unk_actors = 0;
        w->c.n_unk_first = 0;
        w->c.idbuf[0] = w->c.idbuf[1] = NULL;
        w->c.idcap[0] = w->c.idcap[1] = 0;
        w->c.local_times = 0;
        w->c.ambiguous_times = w->c.nonexistent_times = 0;
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
    }
    if (ok)
        sni_parallel_for(threads, parse_part, ws);
    for (int t = 0; t < threads && ok; t++)
        ok = !ws[t].abort && ws[t].rc != SN_ENOMEM;
    int used = ok;
    *rc = SN_OK;
    sn_store_release(c->st);
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
    close(fd);
    return used;
}
