/* store.c - columnar contact arrays and interned actors. */
#include "samnett/store.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <utf8proc.h>

static const char *const channel_names[SN_CHANNEL_KNOWN] = {
    "e-message", "phone", "meeting",       "video", "referral",
    "discharge", "visit", "job-shadowing", "other",
};

sn_status sn_store_init(sn_store *s, sn_err *err)
{
    memset(s, 0, sizeof *s);
    s->strings = sn_intern_new();
    s->actor_ids = sn_intern_new();
    s->cases = sn_intern_new();
    s->meetings = sn_intern_new();
    s->channels = sn_intern_new();
    uint32_t id;
    if (!s->strings || !s->actor_ids || !s->cases || !s->meetings || !s->channels ||
        sn_intern_add(s->strings, "", 0, &id) != SN_OK || id != 0) {
        sn_store_free(s);
        return sn_err_set(err, SN_ENOMEM, "out of memory creating the event store");
    }
    for (int c = 0; c < SN_CHANNEL_KNOWN; c++)
        if (sn_intern_add(s->channels, channel_names[c], strlen(channel_names[c]), &id) != SN_OK ||
            id != (uint32_t)c) {
            sn_store_free(s);
            return sn_err_set(err, SN_ENOMEM, "out of memory creating the event store");
        }
    s->time_base = SN_STORE_TIME_BASE;
    const char *spill = getenv("SAMNETT_SPILL_BYTES");
    s->spill_at = spill ? (size_t)strtoull(spill, NULL, 10) : (size_t)256 << 20;
    s->first_time = INT64_MAX;
    s->last_time = INT64_MIN;
    s->tie_bucket = -1;
    return SN_OK;
}

void sn_store_free(sn_store *s)
{
    sn_intern_free(s->strings);
    sn_intern_free(s->actor_ids);
    sn_intern_free(s->cases);
    sn_intern_free(s->meetings);
    sn_intern_free(s->channels);
    sn_intern_free(s->id_variants);
    free(s->actors);
    free(s->extra_key);
    free(s->extra_val);
    if (!s->borrowed)
        sn_store_free_columns(s);
    free(s->encodings);
    for (size_t i = 0; i < s->n_input_files; i++)
        free(s->input_files[i].name);
    free(s->input_files);
    if (s->file_map)
        munmap(s->file_map, s->file_map_len);
    free(s->file_text);
    free(s->file_sources);
    free(s->file_sources_text);
    free(s->file_kinds_text);
    memset(s, 0, sizeof *s);
}

sn_status sn_store_file_encoding(sn_store *s, uint32_t file, const char *encoding)
{
    for (size_t i = 0; i < s->n_encodings; i++)
        if (s->encodings[i].file == file) {
            s->encodings[i].encoding = encoding;
            return SN_OK;
        }
    struct sn_file_encoding *v = realloc(s->encodings, (s->n_encodings + 1) * sizeof *v);
    if (!v)
        return SN_ENOMEM;
    v[s->n_encodings++] = (struct sn_file_encoding){file, encoding};
    s->encodings = v;
    return SN_OK;
}

sn_status sn_store_string(sn_store *s, const char *str, size_t len, uint32_t *id)
{
    return sn_intern_add(s->strings, str, len, id);
}

sn_status sn_store_actor_add(sn_store *s, const char *id, size_t len, uint32_t src_file,
                             uint32_t src_line, uint32_t *index, int *added)
{
    int64_t old = sn_intern_find(s->actor_ids, id, len);
    if (old >= 0) {
        *index = (uint32_t)old;
        if (added)
            *added = 0;
        return SN_OK;
    }
    if (s->n_actors == s->cap_actors) {
        size_t cap = s->cap_actors ? s->cap_actors * 2 : 256;
        sn_actor *a = realloc(s->actors, cap * sizeof *a);
        if (!a)
            return SN_ENOMEM;
        s->actors = a;
        s->cap_actors = cap;
    }
    uint32_t idx;
    if (sn_intern_add(s->actor_ids, id, len, &idx) != SN_OK)
        return SN_ENOMEM;
    sn_actor *a = &s->actors[idx];
    memset(a, 0, sizeof *a);
    a->extra_first = (uint32_t)s->n_extra;
    a->src_file = src_file;
    a->src_line = src_line;
    s->n_actors = (size_t)idx + 1;
    *index = idx;
    if (added)
        *added = 1;
    return SN_OK;
}

sn_status sn_store_actor_extra(sn_store *s, uint32_t key, uint32_t val)
{
    if (s->n_extra == s->cap_extra) {
        size_t cap = s->cap_extra ? s->cap_extra * 2 : 256;
        uint32_t *k = realloc(s->extra_key, cap * sizeof *k);
        if (!k)
            return SN_ENOMEM;
        s->extra_key = k;
        uint32_t *v = realloc(s->extra_val, cap * sizeof *v);
        if (!v)
            return SN_ENOMEM;
        s->extra_val = v;
        s->cap_extra = cap;
    }
    s->extra_key[s->n_extra] = key;
    s->extra_val[s->n_extra] = val;
    s->n_extra++;
    s->actors[s->n_actors - 1].extra_count++;
    return SN_OK;
}

int64_t sn_store_actor_find(const sn_store *s, const char *id, size_t len)
{
    return sn_intern_find(s->actor_ids, id, len);
}

const char *sn_store_actor_id(const sn_store *s, uint32_t actor)
{
    return sn_intern_str(s->actor_ids, actor);
}

const char *sn_store_attr(const sn_store *s, uint32_t actor, sn_attr a)
{
    return sn_intern_str(s->strings, s->actors[actor].attr[a]);
}

const char *sn_store_attr_named(const sn_store *s, uint32_t actor, const char *name)
{
    static const char *const std_names[SN_ATTR_COUNT] = {"name", "type", "organisation",
                                                         "unit", "rank", "profession"};
    for (int a = 0; a < SN_ATTR_COUNT; a++)
        if (strcmp(name, std_names[a]) == 0)
            return sn_store_attr(s, actor, (sn_attr)a);
    if (strcmp(name, "id") == 0)
        return sn_store_actor_id(s, actor);
    const sn_actor *ac = &s->actors[actor];
    for (uint32_t i = 0; i < ac->extra_count; i++) {
        uint32_t k = s->extra_key[ac->extra_first + i];
        if (strcmp(sn_intern_str(s->strings, k), name) == 0)
            return sn_intern_str(s->strings, s->extra_val[ac->extra_first + i]);
    }
    return NULL;
}

/* The columns, by index into spill_fd1 / spill_bytes. */
enum {
    COL_T32,
    COL_T64,
    COL_FROM,
    COL_TO,
    COL_CH,
    COL_CASE,
    COL_MEET,
    COL_W,
    COL_COUNT,
    COL_WSUM,
    COL_LAST,
    NCOL
};

/* A new unlinked temporary file of `bytes` bytes in $TMPDIR, mapped shared; NULL on failure. */
static void *spill_map(sn_store *s, int k, size_t bytes)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/samnett-store.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0)
        return NULL;
    unlink(path);
    if (bytes == 0)
        bytes = 1;
    void *p = ftruncate(fd, (off_t)bytes) == 0
                  ? mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
                  : MAP_FAILED;
    if (p == MAP_FAILED) {
        close(fd);
        return NULL;
    }
    s->spill_fd1[k] = fd + 1;
    s->spill_bytes[k] = bytes;
    return p;
}

/*
 * Resize column k (p: its data, NULL for a new one) to `bytes`: realloc, or
 * for a spilled store its file and mapping. NULL on failure (p stays).
 */
static void *col_resize(sn_store *s, int k, void *p, size_t bytes)
{
    if (!s->spilled)
        return realloc(p, bytes ? bytes : 1);
    if (!p || !s->spill_fd1[k])
        return spill_map(s, k, bytes);
    if (bytes == 0)
        bytes = 1;
    int fd = s->spill_fd1[k] - 1;
    size_t old = s->spill_bytes[k];
    if (bytes > old && ftruncate(fd, (off_t)bytes) != 0)
        return NULL;
    void *q = mremap(p, old, bytes, MREMAP_MAYMOVE);
    if (q == MAP_FAILED)
        return NULL;
    if (bytes < old)
        (void)!ftruncate(fd, (off_t)bytes);
    s->spill_bytes[k] = bytes;
    return q;
}

static void col_free(sn_store *s, int k, void *p)
{
    if (s->spill_fd1[k]) {
        if (p)
            munmap(p, s->spill_bytes[k]);
        close(s->spill_fd1[k] - 1);
        s->spill_fd1[k] = 0;
        s->spill_bytes[k] = 0;
    } else {
        free(p);
    }
}

void sn_store_free_columns(sn_store *s)
{
    col_free(s, COL_T32, s->time32);
    col_free(s, COL_T64, s->time64);
    col_free(s, COL_FROM, s->from);
    col_free(s, COL_TO, s->to);
    col_free(s, COL_CH, s->channel);
    col_free(s, COL_CASE, s->case_id);
    col_free(s, COL_MEET, s->meeting);
    col_free(s, COL_W, s->weight);
    col_free(s, COL_COUNT, s->count);
    col_free(s, COL_WSUM, s->wsum);
    col_free(s, COL_LAST, s->last);
    s->count = NULL;
    s->wsum = NULL;
    s->last = NULL;
    s->time32 = NULL;
    s->time64 = NULL;
    s->from = s->to = s->case_id = s->meeting = NULL;
    s->channel = NULL;
    s->weight = NULL;
    s->spilled = 0;
}

/* The bytes a contact takes in the columns allocated (time32 when there is no time column yet). */
static size_t row_bytes(const sn_store *s)
{
    return (s->time64 ? sizeof *s->time64 : sizeof *s->time32) + sizeof *s->from + sizeof *s->to +
           sizeof *s->channel + (s->case_id ? sizeof *s->case_id : 0) +
           (s->meeting ? sizeof *s->meeting : 0) + (s->weight ? sizeof *s->weight : 0) +
           (s->count ? sizeof *s->count + sizeof *s->wsum + sizeof *s->last : 0);
}

/* Move the columns (cap contacts) into temporary files; -1 (nothing moved) on failure. */
static int spill_columns(sn_store *s)
{
    void *cols[NCOL] = {s->time32,  s->time64, s->from,  s->to,   s->channel, s->case_id,
                        s->meeting, s->weight, s->count, s->wsum, s->last};
    const size_t size[NCOL] = {4, 8, 4, 4, 1, 4, 4, 4, 4, 8, 8};
    void *moved[NCOL] = {0};
    s->spilled = 1;
    for (int k = 0; k < NCOL; k++)
        if (cols[k] && !(moved[k] = spill_map(s, k, s->cap * size[k]))) {
            for (int j = 0; j < k; j++)
                if (moved[j])
                    col_free(s, j, moved[j]);
            s->spilled = 0;
            return -1;
        }
    for (int k = 0; k < NCOL; k++)
        if (cols[k]) {
            memcpy(moved[k], cols[k], s->cap * size[k]);
            free(cols[k]);
        }
    s->time32 = moved[COL_T32];
    s->time64 = moved[COL_T64];
    s->from = moved[COL_FROM];
    s->to = moved[COL_TO];
    s->channel = moved[COL_CH];
    s->case_id = moved[COL_CASE];
    s->meeting = moved[COL_MEET];
    s->weight = moved[COL_W];
    s->count = moved[COL_COUNT];
    s->wsum = moved[COL_WSUM];
    s->last = moved[COL_LAST];
    return 0;
}

/* Grow (or shrink) every allocated column to cap contacts. The one place columns are sized. */
static int grow_contacts(sn_store *s, size_t cap)
{
    if (s->borrowed)
        return -1;
    /* past the threshold, the columns move into files (they stay in memory if that fails) */
    if (!s->spilled && s->spill_at && cap > s->cap && cap * row_bytes(s) > s->spill_at)
        (void)spill_columns(s);
#define GROW(field, k)                                                                             \
    do {                                                                                           \
        if (s->field || always) {                                                                  \
            void *p = col_resize(s, k, s->field, cap * sizeof *s->field);                          \
            if (!p)                                                                                \
                return -1;                                                                         \
            s->field = p;                                                                          \
        }                                                                                          \
    } while (0)
    int always = 1;
    if (s->time64)
        GROW(time64, COL_T64);
    else
        GROW(time32, COL_T32);
    GROW(from, COL_FROM);
    GROW(to, COL_TO);
    GROW(channel, COL_CH);
    always = 0; /* the optional columns: only when they are there */
    GROW(case_id, COL_CASE);
    GROW(meeting, COL_MEET);
    GROW(weight, COL_W);
    GROW(count, COL_COUNT);
    GROW(wsum, COL_WSUM);
    GROW(last, COL_LAST);
#undef GROW
    s->cap = cap;
    return 0;
}

/* Allocate an optional column (case_id, meeting or weight) for cap contacts, with its default. */
static int add_case_col(sn_store *s, uint32_t **col)
{
    *col = col_resize(s, col == &s->case_id ? COL_CASE : COL_MEET, NULL, s->cap * sizeof **col);
    if (!*col)
        return -1;
    if (!s->spilled) /* a new file reads as zeros already */
        memset(*col, 0, s->cap * sizeof **col);
    return 0;
}

static int add_weight_col(sn_store *s)
{
    s->weight = col_resize(s, COL_W, NULL, s->cap * sizeof *s->weight);
    if (!s->weight)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        s->weight[i] = 1.0f;
    return 0;
}

/*
 * Turn 32-bit times into 64-bit ones (a time outside the 32-bit range came).
 * The whole capacity is converted: the parallel reader keeps rows past n
 * (its workers' windows) while it merges.
 */
static int widen_time(sn_store *s)
{
    int64_t *t = col_resize(s, COL_T64, NULL, s->cap * sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        t[i] = s->time_base + s->time32[i];
    col_free(s, COL_T32, s->time32);
    s->time32 = NULL;
    s->time64 = t;
    return 0;
}

sn_status sn_store_contact_add(sn_store *s, int64_t time, uint32_t from, uint32_t to,
                               uint8_t channel, uint32_t case_id, uint32_t meeting, float weight)
{
    if (s->n == s->cap && grow_contacts(s, s->cap < 4096 ? 4096 : s->cap + s->cap / 2) != 0)
        return SN_ENOMEM;
    size_t i = s->n;
    if (!s->time64) {
        int64_t off = time - s->time_base;
        if (off >= INT32_MIN && off <= INT32_MAX)
            s->time32[i] = (int32_t)off;
        else if (s->borrowed || widen_time(s) != 0)
            return SN_ENOMEM; /* a borrowed window cannot widen: its owner must */
    }
    if (s->time64)
        s->time64[i] = time;
    if (case_id && !s->case_id && (s->borrowed || add_case_col(s, &s->case_id) != 0))
        return SN_ENOMEM;
    if (meeting && !s->meeting && (s->borrowed || add_case_col(s, &s->meeting) != 0))
        return SN_ENOMEM;
    if (weight != 1.0f && !s->weight && (s->borrowed || add_weight_col(s) != 0))
        return SN_ENOMEM;
    s->from[i] = from;
    s->to[i] = to;
    s->channel[i] = channel;
    if (s->case_id)
        s->case_id[i] = case_id;
    if (s->meeting)
        s->meeting[i] = meeting;
    if (s->weight)
        s->weight[i] = weight;
    s->n++;
    if (time < s->first_time)
        s->first_time = time;
    if (time > s->last_time)
        s->last_time = time;
    return SN_OK;
}

sn_status sn_store_rows_counted(sn_store *s)
{
    if (s->count)
        return SN_OK;
    if (s->borrowed)
        return SN_ENOMEM;
    size_t cap = s->cap ? s->cap : 1;
    s->count = col_resize(s, COL_COUNT, NULL, cap * sizeof *s->count);
    s->wsum = s->count ? col_resize(s, COL_WSUM, NULL, cap * sizeof *s->wsum) : NULL;
    s->last = s->wsum ? col_resize(s, COL_LAST, NULL, cap * sizeof *s->last) : NULL;
    if (!s->count || !s->wsum || !s->last) {
        col_free(s, COL_COUNT, s->count);
        col_free(s, COL_WSUM, s->wsum);
        col_free(s, COL_LAST, s->last);
        s->count = NULL;
        s->wsum = NULL;
        s->last = NULL;
        return SN_ENOMEM;
    }
    for (size_t i = 0; i < s->n; i++) {
        s->count[i] = 1;
        s->wsum[i] = sn_store_weight(s, i);
        s->last[i] = sn_store_time(s, i);
    }
    return SN_OK;
}

sn_status sn_store_counted_add(sn_store *s, int64_t first, int64_t last, uint32_t from, uint32_t to,
                               uint8_t channel, uint32_t count, double wsum)
{
    if (!s->count && sn_store_rows_counted(s) != SN_OK)
        return SN_ENOMEM;
    sn_status rc = sn_store_contact_add(s, first, from, to, channel, 0, 0,
                                        count ? (float)(wsum / count) : 0.0f);
    if (rc != SN_OK)
        return rc;
    s->count[s->n - 1] = count;
    s->wsum[s->n - 1] = wsum;
    s->last[s->n - 1] = last;
    if (last > s->last_time)
        s->last_time = last;
    return SN_OK;
}

size_t sn_store_contacts(const sn_store *s)
{
    if (!s->count)
        return s->n;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->count[i];
    return n;
}

sn_status sn_store_reserve_cols(sn_store *s, size_t n, int cols)
{
    /* the optional columns first, so that growing counts them against the spill threshold */
    if (cols == SN_STORE_COLS_ALL && !s->borrowed) {
        if (!s->time32 && !s->time64 && grow_contacts(s, s->cap ? s->cap : 1) != 0)
            return SN_ENOMEM;
        if ((!s->case_id && add_case_col(s, &s->case_id) != 0) ||
            (!s->meeting && add_case_col(s, &s->meeting) != 0) ||
            (!s->weight && add_weight_col(s) != 0))
            return SN_ENOMEM;
    }
    if (n > s->cap && grow_contacts(s, n) != 0)
        return SN_ENOMEM;
    return SN_OK;
}

sn_status sn_store_reserve(sn_store *s, size_t n)
{
    return sn_store_reserve_cols(s, n, SN_STORE_COLS_USED);
}

void sn_store_trim(sn_store *s)
{
    if (s->borrowed)
        return;
    /* optional columns that hold only their defaults go */
    int any = 0;
    for (size_t i = 0; s->case_id && i < s->n && !any; i++)
        any = s->case_id[i] != 0;
    if (s->case_id && !any) {
        col_free(s, COL_CASE, s->case_id);
        s->case_id = NULL;
    }
    any = 0;
    for (size_t i = 0; s->meeting && i < s->n && !any; i++)
        any = s->meeting[i] != 0;
    if (s->meeting && !any) {
        col_free(s, COL_MEET, s->meeting);
        s->meeting = NULL;
    }
    any = 0;
    for (size_t i = 0; s->weight && i < s->n && !any; i++)
        any = s->weight[i] != 1.0f;
    if (s->weight && !any) {
        col_free(s, COL_W, s->weight);
        s->weight = NULL;
    }
    if (s->n && s->n < s->cap)
        (void)grow_contacts(s, s->n); /* shrinking realloc; on failure the old arrays stay */
}

void sn_store_slice(const sn_store *s, size_t lo, size_t n, sn_store *out)
{
    *out = *s;
    out->n = out->cap = n;
    out->borrowed = 1;
#define SLICE(field)                                                                               \
    do {                                                                                           \
        if (out->field)                                                                            \
            out->field += lo;                                                                      \
    } while (0)
    SLICE(time32);
    SLICE(time64);
    SLICE(from);
    SLICE(to);
    SLICE(channel);
    SLICE(case_id);
    SLICE(meeting);
    SLICE(weight);
    SLICE(count);
    SLICE(wsum);
    SLICE(last);
#undef SLICE
}

sn_status sn_store_clone_columns(const sn_store *s, size_t n, sn_store *out)
{
    *out = *s;
    out->n = out->cap = n;
    out->borrowed = 0;
    out->spilled = 0; /* a copy in ordinary memory */
    out->file_map = NULL;
    out->file_map_len = 0;
    memset(out->spill_fd1, 0, sizeof out->spill_fd1);
    memset(out->spill_bytes, 0, sizeof out->spill_bytes);
    size_t m = n ? n : 1;
#define CLONE(field)                                                                               \
    do {                                                                                           \
        if (s->field && !(out->field = malloc(m * sizeof *out->field)))                            \
            ok = 0;                                                                                \
        else if (!s->field)                                                                        \
            out->field = NULL;                                                                     \
    } while (0)
    int ok = 1;
    out->time32 = NULL;
    out->time64 = NULL;
    out->from = out->to = out->case_id = out->meeting = NULL;
    out->channel = NULL;
    out->weight = NULL;
    out->count = NULL;
    out->wsum = NULL;
    out->last = NULL;
    CLONE(time32);
    CLONE(time64);
    CLONE(from);
    CLONE(to);
    CLONE(channel);
    CLONE(case_id);
    CLONE(meeting);
    CLONE(weight);
    CLONE(count);
    CLONE(wsum);
    CLONE(last);
#undef CLONE
    if (!ok) {
        sn_store_free_columns(out);
        return SN_ENOMEM;
    }
    return SN_OK;
}

void sn_store_copy_row(sn_store *dst, size_t k, const sn_store *src, size_t i)
{
    if (dst->time64)
        dst->time64[k] = sn_store_time(src, i);
    else
        dst->time32[k] = (int32_t)(sn_store_time(src, i) - dst->time_base);
    dst->from[k] = src->from[i];
    dst->to[k] = src->to[i];
    dst->channel[k] = src->channel[i];
    if (dst->case_id)
        dst->case_id[k] = sn_store_case(src, i);
    if (dst->meeting)
        dst->meeting[k] = sn_store_meeting(src, i);
    if (dst->weight)
        dst->weight[k] = sn_store_weight(src, i);
    if (dst->count) {
        dst->count[k] = (uint32_t)sn_store_count(src, i);
        dst->wsum[k] = sn_store_wsum(src, i);
        dst->last[k] = sn_store_last(src, i);
    }
}

/* madvise(MADV_DONTNEED) the whole pages of [p + lo * size, p + hi * size). */
static void release(const void *p, size_t size, size_t lo, size_t hi)
{
    if (!p || hi <= lo)
        return;
    long ps = sysconf(_SC_PAGESIZE);
    uintptr_t page = ps > 0 ? (uintptr_t)ps : 4096;
    uintptr_t a = (uintptr_t)p + lo * size, b = (uintptr_t)p + hi * size;
    a = (a + page - 1) / page * page;
    b = b / page * page;
    if (b > a)
        (void)madvise((void *)a, b - a, MADV_DONTNEED);
}

void sn_store_release_rows(const sn_store *s, size_t lo, size_t hi)
{
    if (!s->spilled && !s->file_map) /* columns in a store file's mapping go too */
        return;
    release(s->time32, sizeof *s->time32, lo, hi);
    release(s->time64, sizeof *s->time64, lo, hi);
    release(s->from, sizeof *s->from, lo, hi);
    release(s->to, sizeof *s->to, lo, hi);
    release(s->channel, sizeof *s->channel, lo, hi);
    release(s->case_id, sizeof *s->case_id, lo, hi);
    release(s->meeting, sizeof *s->meeting, lo, hi);
    release(s->weight, sizeof *s->weight, lo, hi);
    release(s->count, sizeof *s->count, lo, hi);
    release(s->wsum, sizeof *s->wsum, lo, hi);
    release(s->last, sizeof *s->last, lo, hi);
}

void sn_store_release(const sn_store *s)
{
    sn_store_release_rows(s, 0, s->cap);
}

size_t sn_store_contact_bytes(const sn_store *s)
{
    size_t per = (s->time64 ? sizeof *s->time64 : sizeof *s->time32) + sizeof *s->from +
                 sizeof *s->to + sizeof *s->channel + (s->case_id ? sizeof *s->case_id : 0) +
                 (s->meeting ? sizeof *s->meeting : 0) + (s->weight ? sizeof *s->weight : 0) +
                 (s->count ? sizeof *s->count + sizeof *s->wsum + sizeof *s->last : 0);
    return s->cap * per;
}

size_t sn_store_bytes(const sn_store *s)
{
    return sn_store_contact_bytes(s) + s->cap_actors * sizeof(sn_actor) +
           s->cap_extra * 2 * sizeof(uint32_t) + sn_intern_bytes(s->strings) +
           sn_intern_bytes(s->actor_ids) + sn_intern_bytes(s->cases) +
           sn_intern_bytes(s->meetings) + sn_intern_bytes(s->channels);
}

const char *sn_channel_name(const sn_store *s, uint8_t channel)
{
    return sn_intern_str(s->channels, channel);
}

/* Lower-case ASCII and the Norwegian capitals Æ, Ø and Å (UTF-8 C3 86/98/85). */
static unsigned char fold(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c - 'A' + 'a');
    if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && (c == 0x86 || c == 0x98 || c == 0x85))
        return (unsigned char)(c + 0x20);
    return c;
}

static int name_ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (fold(a, i) != fold(b, i))
            return 0;
    return 1;
}

/* The names and aliases sn_channel_lookup knows, in lower case. */
static const struct {
    const char *alias;
    int channel;
} aliases[] = {
    {"e-message", SN_CH_E_MESSAGE},
    {"emessage", SN_CH_E_MESSAGE},
    {"e-melding", SN_CH_E_MESSAGE},
    {"emelding", SN_CH_E_MESSAGE},
    {"plo", SN_CH_E_MESSAGE},
    {"plo-melding", SN_CH_E_MESSAGE},
    {"plo melding", SN_CH_E_MESSAGE},
    {"plomelding", SN_CH_E_MESSAGE},
    {"elektronisk melding", SN_CH_E_MESSAGE},
    {"elektronisk meldingsutveksling", SN_CH_E_MESSAGE},
    {"melding", SN_CH_E_MESSAGE},
    {"epost", SN_CH_E_MESSAGE},
    {"e-post", SN_CH_E_MESSAGE},
    {"email", SN_CH_E_MESSAGE},
    {"e-mail", SN_CH_E_MESSAGE},
    {"dialogmelding", SN_CH_E_MESSAGE},
    {"pleie- og omsorgsmelding", SN_CH_E_MESSAGE},
    {"message", SN_CH_E_MESSAGE},
    {"phone", SN_CH_PHONE},
    {"telephone", SN_CH_PHONE},
    {"telefon", SN_CH_PHONE},
    {"telefonsamtale", SN_CH_PHONE},
    {"tlf", SN_CH_PHONE},
    {"meeting", SN_CH_MEETING},
    {"m\xc3\xb8te", SN_CH_MEETING},
    {"mote", SN_CH_MEETING},
    {"samling", SN_CH_MEETING},
    {"fysisk m\xc3\xb8te", SN_CH_MEETING},
    {"m\xc3\xb8te fysisk", SN_CH_MEETING},
    {"ansvarsgruppem\xc3\xb8te", SN_CH_MEETING},
    {"video", SN_CH_VIDEO},
    {"teams", SN_CH_VIDEO},
    {"videom\xc3\xb8te", SN_CH_VIDEO},
    {"videokonsultasjon", SN_CH_VIDEO},
    {"videokonferanse", SN_CH_VIDEO},
    {"digitalt m\xc3\xb8te", SN_CH_VIDEO},
    {"referral", SN_CH_REFERRAL},
    {"henvisning", SN_CH_REFERRAL},
    {"tilvising", SN_CH_REFERRAL},
    {"tilvisning", SN_CH_REFERRAL},
    {"henvising", SN_CH_REFERRAL},
    {"discharge", SN_CH_DISCHARGE},
    {"discharge-summary", SN_CH_DISCHARGE},
    {"epikrise", SN_CH_DISCHARGE},
    {"visit", SN_CH_VISIT},
    {"bes\xc3\xb8k", SN_CH_VISIT},
    {"hjemmebes\xc3\xb8k", SN_CH_VISIT},
    {"job-shadowing", SN_CH_JOB_SHADOWING},
    {"job shadowing", SN_CH_JOB_SHADOWING},
    {"hospitering", SN_CH_JOB_SHADOWING},
    {"other", SN_CH_OTHER},
    {"annet", SN_CH_OTHER},
    {"annen", SN_CH_OTHER},
    {"anna", SN_CH_OTHER},
};

const char *sn_channel_alias(size_t i, int *channel)
{
    if (i >= sizeof aliases / sizeof aliases[0])
        return NULL;
    if (channel)
        *channel = aliases[i].channel;
    return aliases[i].alias;
}

const char *sn_channel_known_name(int channel)
{
    return channel >= 0 && channel < SN_CHANNEL_KNOWN ? channel_names[channel] : NULL;
}

int sn_channel_lookup(const char *name, size_t len)
{
    /* other than ASCII: compared in Unicode normal form C, case-folded */
    utf8proc_uint8_t *folded = NULL;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] >= 0x80) {
            if (utf8proc_map((const utf8proc_uint8_t *)name, (utf8proc_ssize_t)len, &folded,
                             UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) >= 0) {
                name = (const char *)folded;
                len = strlen(name);
            }
            break;
        }
    int ch = -1;
    for (size_t i = 0; ch < 0 && i < sizeof aliases / sizeof aliases[0]; i++)
        if (name_ieq(name, len, aliases[i].alias))
            ch = aliases[i].channel;
    free(folded);
    return ch;
}
