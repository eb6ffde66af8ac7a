/*
 * pairmap.h - a hash map from 64-bit keys (two 32-bit ids) to 32-bit values
 * (internal): open addressing with linear probing, at most half full, key
 * UINT64_MAX reserved for empty slots. Expected O(1) per operation.
 */
#ifndef SN_UTIL_PAIRMAP_H
#define SN_UTIL_PAIRMAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct sn_pairmap {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, used;
} sn_pairmap;

static inline uint64_t sn_pair_key(uint32_t a, uint32_t b)
{
    return (uint64_t)a << 32 | b;
}

static inline uint64_t sn_pairmap_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return k;
}

static inline int sn_pairmap_init(sn_pairmap *m, size_t expect)
{
    size_t cap = 64;
    while (cap < 2 * expect + 2)
        cap *= 2;
    m->keys = malloc(cap * sizeof *m->keys);
    m->vals = malloc(cap * sizeof *m->vals);
    m->cap = cap;
    m->used = 0;
    if (!m->keys || !m->vals) {
        free(m->keys);
        free(m->vals);
        m->keys = NULL;
        m->vals = NULL;
        return -1;
    }
    for (size_t i = 0; i < cap; i++)
        m->keys[i] = UINT64_MAX;
    return 0;
}

static inline void sn_pairmap_free(sn_pairmap *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->used = 0;
}

static inline int sn_pairmap_grow(sn_pairmap *m)
{
    size_t ncap = m->cap * 2;
    uint64_t *nk = malloc(ncap * sizeof *nk);
    uint32_t *nv = malloc(ncap * sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    for (size_t i = 0; i < ncap; i++)
        nk[i] = UINT64_MAX;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == UINT64_MAX)
            continue;
        size_t s = sn_pairmap_hash(m->keys[i]) & (ncap - 1);
        while (nk[s] != UINT64_MAX)
            s = (s + 1) & (ncap - 1);
        nk[s] = m->keys[i];
        nv[s] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
    return 0;
}

/*
 * The value slot of key, inserted with value init if absent (*added = 1).
 * NULL when out of memory. The pointer is valid until the next insertion.
 */
static inline uint32_t *sn_pairmap_put(sn_pairmap *m, uint64_t key, uint32_t init, int *added)
{
    if ((m->used + 1) * 2 > m->cap && sn_pairmap_grow(m) != 0)
        return NULL;
    size_t s = sn_pairmap_hash(key) & (m->cap - 1);
    while (m->keys[s] != key && m->keys[s] != UINT64_MAX)
        s = (s + 1) & (m->cap - 1);
    *added = m->keys[s] == UINT64_MAX;
    if (*added) {
        m->keys[s] = key;
        m->vals[s] = init;
        m->used++;
    }
    return &m->vals[s];
}

/* The value of key, or NULL. */
static inline const uint32_t *sn_pairmap_get(const sn_pairmap *m, uint64_t key)
{
    size_t s = sn_pairmap_hash(key) & (m->cap - 1);
    while (m->keys[s] != UINT64_MAX) {
        if (m->keys[s] == key)
            return &m->vals[s];
        s = (s + 1) & (m->cap - 1);
    }
    return NULL;
}

#endif
