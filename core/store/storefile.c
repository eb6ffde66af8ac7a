/*
 * storefile.c - the event store as a file (samnett analyze --save-store FILE,
 * read back with --store FILE): a fixed header, then every section 8-byte
 * aligned. The contact columns are written as they are in memory and mapped
 * read-only when read; the small tables are copied. docs/store-format.md
 * describes the layout.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samnett/store.h"

#define MAGIC "SNSTORE1"
#define BYTE_ORDER_CHECK UINT32_C(0x01020304)

/* The sections, in file order. */
enum {
    S_T32,
    S_T64,
    S_FROM,
    S_TO,
    S_CH,
    S_CASE,
    S_MEET,
    S_W,
    S_COUNT,
    S_WSUM,
    S_LAST,
    S_STRINGS,
    S_ACTOR_IDS,
    S_CASES,
    S_MEETINGS,
    S_CHANNELS,
    S_ID_VARIANTS,
    S_ACTORS,
    S_EXTRA_KEY,
    S_EXTRA_VAL,
    S_ENC_FILE,
    S_ENC_NAME,
    S_IN_NAME,
    S_IN_META,
    S_SOURCES,
    S_KIND_NAME,
    S_KIND_COUNT,
    NSEC
};

/* An actor in the file: attr[6], extra_first, extra_count, src_file, src_line, auto_created, 0. */
#define ACTOR_WORDS 12
/* An input file's fixed part: bytes, compressed, sha256 (65 bytes, padded to 72). */
#define IN_META_BYTES 88

typedef struct file_header {
    char magic[8];
    uint32_t version;
    uint32_t byte_order;
    uint64_t file_size;
    uint64_t n, n_actors, n_extra, n_encodings, n_input_files, n_sources;
    int64_t diag_errors, diag_warnings, diag_kinds; /* the messages of the ingest */
    uint64_t n_strings[6]; /* strings, actor_ids, cases, meetings, channels, id_variants */
    int64_t time_base, first_time, last_time, tie_bucket;
    int64_t stats[9]; /* rows_read .. ids_merged, in the order of sn_store */
    uint64_t has_id_variants;
    uint64_t n_sections;
    struct {
        uint64_t off, len;
    } sec[NSEC];
} file_header;

static const char *const sec_name[NSEC] = {
    "time32",         "time64",         "from",        "to",         "channel",
    "case",           "meeting",        "weight",      "count",      "wsum",
    "last",           "strings",        "actor ids",   "cases",      "meetings",
    "channels",       "id variants",    "actors",      "extra keys", "extra values",
    "encoding files", "encoding names", "input names", "input files"};

static int64_t *stat_field(sn_store *s, int k)
{
    int64_t *f[9] = {(int64_t *)&s->rows_read,       (int64_t *)&s->rejected,
                     (int64_t *)&s->self_contacts,   (int64_t *)&s->local_times,
                     (int64_t *)&s->ambiguous_times, (int64_t *)&s->nonexistent_times,
                     (int64_t *)&s->auto_actors,     (int64_t *)&s->files,
                     (int64_t *)&s->ids_merged};
    return f[k];
}

/* ---- writing ---- */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static int buf_add(buf *b, const void *data, size_t len)
{
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    if (len)
        memcpy(b->p + b->n, data, len);
    b->n += len;
    return 0;
}

/* The strings of an interner, NUL-terminated, in id order; -1 on a string with a NUL in it. */
static int intern_blob(const sn_intern *in, buf *b)
{
    uint32_t n = in ? sn_intern_count(in) : 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *str = sn_intern_str(in, i);
        size_t len = sn_intern_len(in, i);
        if (strlen(str) != len)
            return -2;
        if (buf_add(b, str, len + 1) != 0)
            return -1;
    }
    return 0;
}

static int write_all(int fd, const void *p, size_t len)
{
    const char *c = p;
    while (len) {
        ssize_t w = write(fd, c, len > (1u << 30) ? (1u << 30) : len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        len -= (size_t)w;
    }
    return 0;
}

sn_status sn_store_save(const sn_store *s, const char *const *sources, size_t n_sources,
                        const sn_diag *diag, const char *path, sn_err *err)
{
    const void *data[NSEC] = {0};
    size_t len[NSEC] = {0};
    const size_t n = s->n;
#define COL(k, field)                                                                              \
    do {                                                                                           \
        data[k] = s->field;                                                                        \
        len[k] = s->field ? n * sizeof *s->field : 0;                                              \
    } while (0)
    COL(S_T32, time32);
    COL(S_T64, time64);
    COL(S_FROM, from);
    COL(S_TO, to);
    COL(S_CH, channel);
    COL(S_CASE, case_id);
    COL(S_MEET, meeting);
    COL(S_W, weight);
    COL(S_COUNT, count);
    COL(S_WSUM, wsum);
    COL(S_LAST, last);
#undef COL
    if (!s->time32 && !s->time64 && n)
        return sn_err_set(err, SN_EANALYSIS, "--save-store %s: the store has no time column", path);
    buf small[NSEC] = {{0}};
    const sn_intern *interns[6] = {s->strings,  s->actor_ids, s->cases,
                                   s->meetings, s->channels,  s->id_variants};
    int bad = 0;
    int nul = 0;
    for (int k = 0; k < 6 && !bad; k++) {
        int r = intern_blob(interns[k], &small[S_STRINGS + k]);
        nul = r == -2;
        bad = r != 0;
    }
    for (size_t i = 0; i < s->n_actors && !bad; i++) {
        const sn_actor *a = &s->actors[i];
        uint32_t w[ACTOR_WORDS] = {0};
        memcpy(w, a->attr, sizeof a->attr);
        w[6] = a->extra_first;
        w[7] = a->extra_count;
        w[8] = a->src_file;
        w[9] = a->src_line;
        w[10] = a->auto_created;
        bad |= buf_add(&small[S_ACTORS], w, sizeof w);
    }
    if (!bad && s->n_extra)
        bad |= buf_add(&small[S_EXTRA_KEY], s->extra_key, s->n_extra * sizeof *s->extra_key) |
               buf_add(&small[S_EXTRA_VAL], s->extra_val, s->n_extra * sizeof *s->extra_val);
    for (size_t i = 0; i < s->n_encodings && !bad; i++) {
        const char *e = s->encodings[i].encoding ? s->encodings[i].encoding : "";
        bad |= buf_add(&small[S_ENC_FILE], &s->encodings[i].file, sizeof(uint32_t)) |
               buf_add(&small[S_ENC_NAME], e, strlen(e) + 1);
    }
    for (size_t i = 0; i < s->n_input_files && !bad; i++) {
        const sn_input_file *f = &s->input_files[i];
        char meta[IN_META_BYTES] = {0};
        int64_t bytes = f->bytes, comp = f->compressed;
        memcpy(meta, &bytes, 8);
        memcpy(meta + 8, &comp, 8);
        memcpy(meta + 16, f->sha256, sizeof f->sha256);
        bad |= buf_add(&small[S_IN_NAME], f->name, strlen(f->name) + 1) |
               buf_add(&small[S_IN_META], meta, sizeof meta);
    }
    for (size_t i = 0; i < n_sources && !bad; i++)
        bad |= buf_add(&small[S_SOURCES], sources[i], strlen(sources[i]) + 1);
    for (int i = 0; diag && i < diag->n_kinds && !bad; i++) {
        int64_t c = diag->kinds[i].count;
        bad |= buf_add(&small[S_KIND_NAME], diag->kinds[i].kind, strlen(diag->kinds[i].kind) + 1) |
               buf_add(&small[S_KIND_COUNT], &c, sizeof c);
    }
    sn_status rc = SN_OK;
    if (nul) {
        rc = sn_err_set(err, SN_EINPUT,
                        "--save-store %s: an id or attribute value holds a NUL byte, which a "
                        "store file cannot keep (expected text without NUL bytes)",
                        path);
        goto out;
    }
    if (bad) {
        rc = sn_err_set(err, SN_ENOMEM, "out of memory writing --save-store %s", path);
        goto out;
    }
    for (int k = S_STRINGS; k < NSEC; k++) {
        data[k] = small[k].p;
        len[k] = small[k].n;
    }

    file_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MAGIC, 8);
    h.version = SN_STORE_FILE_VERSION;
    h.byte_order = BYTE_ORDER_CHECK;
    h.n = n;
    h.n_actors = s->n_actors;
    h.n_extra = s->n_extra;
    h.n_encodings = s->n_encodings;
    h.n_input_files = s->n_input_files;
    h.n_sources = n_sources;
    h.diag_errors = diag ? diag->errors : 0;
    h.diag_warnings = diag ? diag->warnings : 0;
    h.diag_kinds = diag ? diag->n_kinds : 0;
    for (int k = 0; k < 6; k++)
        h.n_strings[k] = interns[k] ? sn_intern_count(interns[k]) : 0;
    h.has_id_variants = s->id_variants != NULL;
    h.time_base = s->time_base;
    h.first_time = s->first_time;
    h.last_time = s->last_time;
    h.tie_bucket = s->tie_bucket;
    for (int k = 0; k < 9; k++)
        h.stats[k] = *stat_field((sn_store *)s, k);
    h.n_sections = NSEC;
    uint64_t off = (sizeof h + 7) / 8 * 8;
    for (int k = 0; k < NSEC; k++) {
        h.sec[k].off = off;
        h.sec[k].len = len[k];
        off += (len[k] + 7) / 8 * 8;
    }
    h.file_size = off;

    /* a temporary file beside it, written in full, synced, then renamed over the name */
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0) {
        rc = sn_err_set(err, SN_ENOMEM, "out of memory writing --save-store %s", path);
        goto out;
    }
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        rc = sn_err_set(err, SN_EIO, "--save-store %s: cannot create a file beside it: %s", path,
                        strerror(errno));
        free(tmp);
        goto out;
    }
    static const char zeros[8] = {0};
    int werr = write_all(fd, &h, sizeof h) || write_all(fd, zeros, (8 - sizeof h % 8) % 8);
    for (int k = 0; k < NSEC && !werr; k++)
        werr = (len[k] && write_all(fd, data[k], len[k])) ||
               write_all(fd, zeros, (8 - len[k] % 8) % 8);
    int e = errno;
    if (!werr && fsync(fd) != 0) {
        werr = 1;
        e = errno;
    }
    if (close(fd) != 0 && !werr) {
        werr = 1;
        e = errno;
    }
    if (!werr && rename(tmp, path) != 0) {
        werr = 1;
        e = errno;
    }
    if (werr) {
        unlink(tmp);
        rc = sn_err_set(err, SN_EIO, "--save-store %s: cannot write it: %s", path, strerror(e));
    } else {
        /* the rename itself is made durable by syncing the folder */
        char *copy = strdup(path);
        int dfd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
        free(copy);
    }
    free(tmp);
out:
    for (int k = 0; k < NSEC; k++)
        free(small[k].p);
    return rc;
}

/* ---- reading ---- */

int sn_store_file_magic(const char *head, size_t len)
{
    return len >= 8 && memcmp(head, MAGIC, 8) == 0;
}

/*
 * Add the strings of [p, p + len) (NUL-terminated, in id order) to in, which
 * holds `pre` of them already (checked, not added); -1 unless they are
 * exactly `count` and get the ids of their places.
 */
static int intern_load(sn_intern *in, const char *p, size_t len, uint64_t count)
{
    uint32_t pre = sn_intern_count(in);
    if (count < pre || count > UINT32_MAX)
        return -1;
    size_t at = 0;
    for (uint64_t i = 0; i < count; i++) {
        const char *end = at < len ? memchr(p + at, '\0', len - at) : NULL;
        if (!end)
            return -1;
        size_t l = (size_t)(end - (p + at));
        uint32_t id;
        if (i < pre ? l != sn_intern_len(in, (uint32_t)i) ||
                          memcmp(p + at, sn_intern_str(in, (uint32_t)i), l) != 0
                    : sn_intern_add(in, p + at, l, &id) != SN_OK || id != (uint32_t)i)
            return -1;
        at += l + 1;
    }
    return at == len ? 0 : -1;
}

sn_status sn_store_open(sn_store *s, const char *path, sn_diag *diag, sn_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sn_err_set(err, SN_EIO, "--store %s: cannot open it: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return sn_err_set(err, SN_EIO, "--store %s: cannot read it: %s", path, strerror(e));
    }
    size_t size = (size_t)st.st_size;
    file_header h;
    memset(&h, 0, sizeof h);
    ssize_t got = size >= 8 ? pread(fd, &h, sizeof h, 0) : (ssize_t)size;
    if (got < 8 || memcmp(h.magic, MAGIC, 8) != 0) {
        close(fd);
        return sn_err_set(err, SN_EINPUT,
                          "--store %s: not a samnett store file or watch state (expected the "
                          "magic \"" MAGIC "\" or \"SQLite format 3\" at its start)",
                          path);
    }
    if ((size_t)got < sizeof h) {
        close(fd);
        return sn_err_set(err, SN_EINPUT,
                          "--store %s: truncated: %zu bytes, shorter than the %zu-byte header",
                          path, size, sizeof h);
    }
    if (h.byte_order != BYTE_ORDER_CHECK) {
        close(fd);
        return sn_err_set(err, SN_EINPUT,
                          "--store %s: written on a machine of the other byte order (expected "
                          "this machine's; save it again here)",
                          path);
    }
    if (h.version != SN_STORE_FILE_VERSION) {
        close(fd);
        return sn_err_set(err, SN_EINPUT,
                          "--store %s: store format version %u, expected version %d (save it "
                          "again with this samnett)",
                          path, h.version, SN_STORE_FILE_VERSION);
    }
    if (h.file_size != (uint64_t)size) {
        close(fd);
        return sn_err_set(err, SN_EINPUT,
                          "--store %s: truncated or damaged: %zu bytes, expected %llu", path, size,
                          (unsigned long long)h.file_size);
    }
    /* every section inside the file, aligned, and as long as the counts say */
    const uint64_t n = h.n;
    uint64_t want[NSEC] = {0};
    int has[NSEC] = {0};
    for (int k = 0; k < NSEC; k++)
        has[k] = h.sec[k].len > 0;
    const uint64_t width[S_LAST + 1] = {4, 8, 4, 4, 1, 4, 4, 4, 4, 8, 8};
    for (int k = 0; k <= S_LAST; k++)
        want[k] = has[k] || (k == S_FROM || k == S_TO || k == S_CH) ? n * width[k] : 0;
    want[S_ACTORS] = h.n_actors * ACTOR_WORDS * 4;
    want[S_EXTRA_KEY] = want[S_EXTRA_VAL] = h.n_extra * 4;
    want[S_ENC_FILE] = h.n_encodings * 4;
    want[S_IN_META] = h.n_input_files * IN_META_BYTES;
    want[S_KIND_COUNT] = h.diag_kinds >= 0 && h.diag_kinds <= 32 ? (uint64_t)h.diag_kinds * 8 : 0;
    const char *why = NULL;
    int bad_k = -1;
    if (h.n_sections != NSEC || n > ((uint64_t)1 << 40) || h.n_actors > UINT32_MAX ||
        h.n_extra > UINT32_MAX || h.n_encodings > UINT32_MAX || h.n_input_files > UINT32_MAX ||
        h.n_sources > UINT32_MAX || h.diag_kinds < 0 || h.diag_kinds > 32)
        why = "counts out of range";
    for (int k = 0; k < NSEC && !why; k++) {
        if (h.sec[k].off % 8 || h.sec[k].off < sizeof h)
            why = "a section not 8-byte aligned after the header", bad_k = k;
        else if (h.sec[k].off > size || h.sec[k].len > size - h.sec[k].off)
            why = "a section past the end of the file", bad_k = k;
        else if (k <= S_LAST || (k >= S_ACTORS && k != S_ENC_NAME && k != S_IN_NAME &&
                                 k != S_SOURCES && k != S_KIND_NAME)) {
            if (h.sec[k].len != want[k])
                why = "a section of another length than its count", bad_k = k;
        }
    }
    if (!why && n && has[S_T32] == has[S_T64])
        why = "expected one time column", bad_k = S_T32;
    if (!why && (has[S_COUNT] != has[S_WSUM] || has[S_COUNT] != has[S_LAST]))
        why = "tie-input columns incomplete", bad_k = S_COUNT;
    if (why) {
        close(fd);
        return sn_err_set(err, SN_EINPUT,
                          "--store %s: damaged: %s%s%s (expected a file as "
                          "samnett analyze --save-store writes it)",
                          path, why, bad_k >= 0 ? ": " : "", bad_k >= 0 ? sec_name[bad_k] : "");
    }
    char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    close(fd);
    if (map == MAP_FAILED)
        return sn_err_set(err, SN_EIO, "--store %s: cannot map it: %s", path, strerror(e));
#define SEC(k) ((const void *)(map + h.sec[k].off))
    if (h.has_id_variants && !(s->id_variants = sn_intern_new()))
        goto nomem_map;
    /* the interns: the store's own were made by sn_store_init (strings' "" and the channels) */
    sn_intern *interns[6] = {s->strings, s->actor_ids, s->cases, s->meetings, s->channels, NULL};
    interns[5] = s->id_variants;
    int bad = 0;
    for (int k = 0; k < 6 && !bad; k++)
        bad = interns[k] ? intern_load(interns[k], SEC(S_STRINGS + k), h.sec[S_STRINGS + k].len,
                                       h.n_strings[k]) != 0
                         : h.sec[S_STRINGS + k].len != 0;
    if (bad) {
        munmap(map, size);
        return sn_err_set(err, SN_EINPUT,
                          "--store %s: damaged: the string tables do not match "
                          "their counts (expected a file as samnett analyze --save-store "
                          "writes it)",
                          path);
    }
    /* the actors, extra attributes, encodings and input files are copied */
    if (h.n_actors) {
        s->actors = calloc(h.n_actors, sizeof *s->actors);
        if (!s->actors)
            goto nomem_map;
        const uint32_t *w = SEC(S_ACTORS);
        for (size_t i = 0; i < h.n_actors; i++, w += ACTOR_WORDS) {
            sn_actor *a = &s->actors[i];
            memcpy(a->attr, w, sizeof a->attr);
            a->extra_first = w[6];
            a->extra_count = w[7];
            a->src_file = w[8];
            a->src_line = w[9];
            a->auto_created = (uint8_t)w[10];
        }
        s->n_actors = s->cap_actors = h.n_actors;
    }
    if (h.n_extra) {
        s->extra_key = malloc(h.n_extra * 4);
        s->extra_val = malloc(h.n_extra * 4);
        if (!s->extra_key || !s->extra_val)
            goto nomem_map;
        memcpy(s->extra_key, SEC(S_EXTRA_KEY), h.n_extra * 4);
        memcpy(s->extra_val, SEC(S_EXTRA_VAL), h.n_extra * 4);
        s->n_extra = s->cap_extra = h.n_extra;
    }
    if (h.n_encodings) {
        s->encodings = calloc(h.n_encodings, sizeof *s->encodings);
        s->file_text = malloc(h.sec[S_ENC_NAME].len + 1);
        if (!s->encodings || !s->file_text)
            goto nomem_map;
        memcpy(s->file_text, SEC(S_ENC_NAME), h.sec[S_ENC_NAME].len);
        s->file_text[h.sec[S_ENC_NAME].len] = '\0';
        const uint32_t *f = SEC(S_ENC_FILE);
        size_t at = 0, len = h.sec[S_ENC_NAME].len;
        for (size_t i = 0; i < h.n_encodings; i++) {
            if (at >= len || !memchr(s->file_text + at, '\0', len - at))
                goto damaged;
            s->encodings[i].file = f[i];
            s->encodings[i].encoding = s->file_text + at;
            at += strlen(s->file_text + at) + 1;
        }
        s->n_encodings = h.n_encodings;
    }
    if (h.n_input_files) {
        s->input_files = calloc(h.n_input_files, sizeof *s->input_files);
        if (!s->input_files)
            goto nomem_map;
        const char *names = SEC(S_IN_NAME), *meta = SEC(S_IN_META);
        size_t at = 0, len = h.sec[S_IN_NAME].len;
        for (size_t i = 0; i < h.n_input_files; i++, meta += IN_META_BYTES) {
            const char *end = at < len ? memchr(names + at, '\0', len - at) : NULL;
            if (!end)
                goto damaged;
            sn_input_file *in = &s->input_files[i];
            if (!(in->name = strdup(names + at)))
                goto nomem_map;
            s->n_input_files = i + 1;
            at = (size_t)(end - names) + 1;
            int64_t bytes, comp;
            memcpy(&bytes, meta, 8);
            memcpy(&comp, meta + 8, 8);
            in->bytes = bytes;
            in->compressed = (int)comp;
            memcpy(in->sha256, meta + 16, sizeof in->sha256);
            in->sha256[sizeof in->sha256 - 1] = '\0';
        }
    }
    if (h.n_sources) {
        size_t len = h.sec[S_SOURCES].len;
        s->file_sources = calloc(h.n_sources, sizeof *s->file_sources);
        s->file_sources_text = malloc(len + 1);
        if (!s->file_sources || !s->file_sources_text)
            goto nomem_map;
        memcpy(s->file_sources_text, SEC(S_SOURCES), len);
        s->file_sources_text[len] = '\0';
        size_t at = 0;
        for (size_t i = 0; i < h.n_sources; i++) {
            if (at >= len || !memchr(s->file_sources_text + at, '\0', len - at))
                goto damaged;
            s->file_sources[i] = s->file_sources_text + at;
            at += strlen(s->file_sources_text + at) + 1;
        }
        s->n_file_sources = h.n_sources;
    }
    if (h.diag_kinds) {
        size_t len = h.sec[S_KIND_NAME].len;
        s->file_kinds_text = malloc(len + 1);
        if (!s->file_kinds_text)
            goto nomem_map;
        memcpy(s->file_kinds_text, SEC(S_KIND_NAME), len);
        s->file_kinds_text[len] = '\0';
        const char *counts = SEC(S_KIND_COUNT);
        size_t at = 0;
        for (int i = 0; i < (int)h.diag_kinds; i++) {
            if (at >= len || !memchr(s->file_kinds_text + at, '\0', len - at))
                goto damaged;
            int64_t c;
            memcpy(&c, counts + 8 * i, 8);
            if (diag) {
                diag->kinds[i].kind = s->file_kinds_text + at;
                diag->kinds[i].count = c;
            }
            at += strlen(s->file_kinds_text + at) + 1;
        }
    }
    if (diag) {
        diag->n_kinds = (int)h.diag_kinds;
        diag->errors = h.diag_errors;
        diag->warnings = h.diag_warnings;
    }
    /* ids the file names must lie inside its tables */
    for (size_t i = 0; i < h.n_actors; i++)
        for (int a = 0; a < SN_ATTR_COUNT; a++)
            if (s->actors[i].attr[a] >= sn_intern_count(s->strings) ||
                (uint64_t)s->actors[i].extra_first + s->actors[i].extra_count > h.n_extra)
                goto damaged;
    for (size_t i = 0; i < h.n_extra; i++)
        if (s->extra_key[i] >= sn_intern_count(s->strings) ||
            s->extra_val[i] >= sn_intern_count(s->strings))
            goto damaged;
    {
        const uint32_t *from = SEC(S_FROM), *to = SEC(S_TO);
        const uint8_t *ch = SEC(S_CH);
        const uint32_t *cs = has[S_CASE] ? SEC(S_CASE) : NULL,
                       *mt = has[S_MEET] ? SEC(S_MEET) : NULL;
        uint32_t na = (uint32_t)h.n_actors, nch = sn_intern_count(s->channels);
        uint32_t nc = sn_intern_count(s->cases), nm = sn_intern_count(s->meetings);
        int out = 0;
        for (size_t i = 0; i < n; i++)
            out |= (from[i] >= na) | (to[i] >= na) | (ch[i] >= nch) | (cs && cs[i] > nc) |
                   (mt && mt[i] > nm);
        if (out)
            goto damaged;
    }
    /* the contact columns point into the mapping: never grown, written or freed */
    s->n = s->cap = n;
    s->time32 = has[S_T32] ? (int32_t *)SEC(S_T32) : NULL;
    s->time64 = has[S_T64] ? (int64_t *)SEC(S_T64) : NULL;
    s->from = (uint32_t *)SEC(S_FROM);
    s->to = (uint32_t *)SEC(S_TO);
    s->channel = (uint8_t *)SEC(S_CH);
    s->case_id = has[S_CASE] ? (uint32_t *)SEC(S_CASE) : NULL;
    s->meeting = has[S_MEET] ? (uint32_t *)SEC(S_MEET) : NULL;
    s->weight = has[S_W] ? (float *)SEC(S_W) : NULL;
    s->count = has[S_COUNT] ? (uint32_t *)SEC(S_COUNT) : NULL;
    s->wsum = has[S_WSUM] ? (double *)SEC(S_WSUM) : NULL;
    s->last = has[S_LAST] ? (int64_t *)SEC(S_LAST) : NULL;
#undef SEC
    s->borrowed = 1;
    s->file_map = map;
    s->file_map_len = size;
    s->time_base = h.time_base;
    s->first_time = h.first_time;
    s->last_time = h.last_time;
    s->tie_bucket = (int)h.tie_bucket;
    for (int k = 0; k < 9; k++)
        *stat_field(s, k) = h.stats[k];
    return SN_OK;
damaged:
    munmap(map, size);
    return sn_err_set(err, SN_EINPUT,
                      "--store %s: damaged: a table names an entry it does not "
                      "hold (expected a file as samnett analyze --save-store writes it)",
                      path);
nomem_map:
    munmap(map, size);
    return sn_err_set(err, SN_ENOMEM, "out of memory reading --store %s", path);
}
