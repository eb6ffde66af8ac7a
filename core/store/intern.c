/* intern.c - open-addressing string interner over an append-only arena. */
#include "samnett/intern.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64u * 1024u)

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct sn_intern {
    chunk *chunks;       /* newest first */
    const char **strs;   /* id -> string */
    uint32_t *lens;      /* id -> length */
    uint32_t *hashes;    /* id -> hash, to rehash without rereading */
    uint32_t count, cap; /* ids */
    uint64_t *table;     /* slot -> hash << 32 | (id + 1); 0 = empty */
    uint32_t mask;       /* table size - 1 */
    size_t arena_bytes;
};

/* A word-at-a-time multiplicative hash: ids are short, so speed matters more than finesse. */
static uint32_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (len * 0xff51afd7ed558ccdull);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 29;
    }
    if (i < len) {
        uint64_t w = 0;
        memcpy(&w, s + i, len - i);
        h = (h ^ w) * 0x94d049bb133111ebull;
        h ^= h >> 31;
    }
    h *= 0xff51afd7ed558ccdull;
    return (uint32_t)(h ^ (h >> 32));
}

sn_intern *sn_intern_new(void)
{
    sn_intern *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->mask = 255;
    in->table = calloc((size_t)in->mask + 1, sizeof *in->table);
    if (!in->table) {
        free(in);
        return NULL;
    }
    return in;
}

void sn_intern_free(sn_intern *in)
{
    if (!in)
        return;
    chunk *c = in->chunks;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(in->strs);
    free(in->lens);
    free(in->hashes);
    free(in->table);
    free(in);
}

static const char *arena_copy(sn_intern *in, const char *s, size_t len)
{
    chunk *c = in->chunks;
    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > CHUNK_MIN ? len + 1 : CHUNK_MIN;
        c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = in->chunks;
        in->chunks = c;
        in->arena_bytes += sizeof *c + cap;
    }
    char *dst = c->data + c->used;
    memcpy(dst, s, len);
    dst[len] = '\0';
    c->used += len + 1;
    return dst;
}

static int grow_table(sn_intern *in)
{
    uint32_t mask = in->mask * 2 + 1;
    uint64_t *table = calloc((size_t)mask + 1, sizeof *table);
    if (!table)
        return -1;
    for (uint32_t id = 0; id < in->count; id++) {
        uint32_t slot = in->hashes[id] & mask;
        while (table[slot])
            slot = (slot + 1) & mask;
        table[slot] = (uint64_t)in->hashes[id] << 32 | (id + 1);
    }
    free(in->table);
    in->table = table;
    in->mask = mask;
    return 0;
}

/* The slot holds the hash too, so most misses never touch the strings. */
static int64_t lookup(const sn_intern *in, const char *s, size_t len, uint32_t h,
                      uint32_t *slot_out)
{
    uint32_t slot = h & in->mask;
    for (;;) {
        uint64_t e = in->table[slot];
        if (!e) {
            *slot_out = slot;
            return -1;
        }
        uint32_t id = (uint32_t)e - 1;
        if ((uint32_t)(e >> 32) == h && in->lens[id] == len && memcmp(in->strs[id], s, len) == 0)
            return id;
        slot = (slot + 1) & in->mask;
    }
}

int64_t sn_intern_find(const sn_intern *in, const char *s, size_t len)
{
    uint32_t slot;
    return lookup(in, s, len, hash_bytes(s, len), &slot);
}

sn_status sn_intern_add(sn_intern *in, const char *s, size_t len, uint32_t *id)
{
    if (len > UINT32_MAX || in->count == UINT32_MAX - 1)
        return SN_ENOMEM;
    uint32_t h = hash_bytes(s, len), slot;
    int64_t old = lookup(in, s, len, h, &slot);
    if (old >= 0) {
        *id = (uint32_t)old;
        return SN_OK;
    }
    if (in->count == in->cap) {
        uint32_t cap = in->cap ? in->cap + in->cap / 2 : 64;
        const char **strs = realloc(in->strs, cap * sizeof *strs);
        if (!strs)
            return SN_ENOMEM;
        in->strs = strs;
        uint32_t *lens = realloc(in->lens, cap * sizeof *lens);
        if (!lens)
            return SN_ENOMEM;
        in->lens = lens;
        uint32_t *hashes = realloc(in->hashes, cap * sizeof *hashes);
        if (!hashes)
            return SN_ENOMEM;
        in->hashes = hashes;
        in->cap = cap;
    }
    const char *copy = arena_copy(in, s, len);
    if (!copy)
        return SN_ENOMEM;
    uint32_t nid = in->count++;
    in->strs[nid] = copy;
    in->lens[nid] = (uint32_t)len;
    in->hashes[nid] = h;
    in->table[slot] = (uint64_t)h << 32 | (nid + 1);
    if ((uint64_t)in->count * 2 > in->mask && grow_table(in) != 0)
        return SN_ENOMEM;
    *id = nid;
    return SN_OK;
}

const char *sn_intern_str(const sn_intern *in, uint32_t id)
{
    return in->strs[id];
}

size_t sn_intern_len(const sn_intern *in, uint32_t id)
{
    return in->lens[id];
}

uint32_t sn_intern_count(const sn_intern *in)
{
    return in->count;
}

size_t sn_intern_bytes(const sn_intern *in)
{
    return sizeof *in + in->arena_bytes + (size_t)in->cap * (sizeof(char *) + 8) +
           ((size_t)in->mask + 1) * sizeof(uint64_t);
}
