/* reduce.c - contacts reduced to the tie table: samnett/reduce.h. */
#include "samnett/reduce.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* qsort_r */
#endif
#include <stdlib.h>
#include <string.h>

void sn_reduce_opts_init(sn_reduce_opts *o)
{
    memset(o, 0, sizeof *o);
    o->bucket = SN_BUCKET_MONTH;
}

void sn_tie_table_free(sn_tie_table *t)
{
    if (!t)
        return;
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* A row's key: the actor pair, and the channel and bucket. */
typedef struct row_key {
    uint64_t pair;   /* from << 32 | to */
    uint64_t bucket; /* channel << 40 | (bucket day + 2^39); 0 = empty slot */
} row_key;

static size_t key_slot(const row_key *k, size_t mask)
{
    uint64_t h = k->pair * 0x9E3779B97F4A7C15ull ^ (k->bucket + 0x632BE59BD9B4E019ull);
    h ^= h >> 31;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return (size_t)h & mask;
}

typedef struct rows_tab {
    row_key *keys;
    uint32_t *idx; /* slot -> row */
    size_t cap;
    sn_tie_row *rows;
    size_t n, cap_rows;
} rows_tab;

static int grow_tab(rows_tab *t)
{
    size_t ncap = t->cap ? 2 * t->cap : 4096;
    row_key *nk = calloc(ncap, sizeof *nk);
    uint32_t *ni = malloc(ncap * sizeof *ni);
    if (!nk || !ni) {
        free(nk);
        free(ni);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i].bucket)
            continue;
        size_t h = key_slot(&t->keys[i], ncap - 1);
        while (nk[h].bucket)
            h = (h + 1) & (ncap - 1);
        nk[h] = t->keys[i];
        ni[h] = t->idx[i];
    }
    free(t->keys);
    free(t->idx);
    t->keys = nk;
    t->idx = ni;
    t->cap = ncap;
    return 0;
}

/* The row of key k, added (zeroed) when new; -1 when out of memory. */
static int64_t find_row(rows_tab *t, const row_key *k)
{
    size_t mask = t->cap - 1, h = key_slot(k, mask);
    while (t->keys[h].bucket) {
        if (t->keys[h].bucket == k->bucket && t->keys[h].pair == k->pair)
            return t->idx[h];
        h = (h + 1) & mask;
    }
    if ((t->n + 1) * 2 > t->cap) {
        if (grow_tab(t) != 0)
            return -1;
        mask = t->cap - 1;
        h = key_slot(k, mask);
        while (t->keys[h].bucket)
            h = (h + 1) & mask;
    }
    if (t->n == t->cap_rows) {
        size_t nc = t->cap_rows ? 2 * t->cap_rows : 4096;
        sn_tie_row *nr = realloc(t->rows, nc * sizeof *nr);
        if (!nr)
            return -1;
        t->rows = nr;
        t->cap_rows = nc;
    }
    t->keys[h] = *k;
    t->idx[h] = (uint32_t)t->n;
    memset(&t->rows[t->n], 0, sizeof t->rows[t->n]);
    return (int64_t)t->n++;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Indices sorted by the strings they name (byte order): actor ids or channel names. */
static int cmp_names(const void *a, const void *b, void *ud)
{
    const sn_intern *in = ud;
    return strcmp(sn_intern_str(in, *(const uint32_t *)a), sn_intern_str(in, *(const uint32_t *)b));
}

/* rank[i]: the place of string i of in among all of them in byte order; NULL when out of memory. */
static uint32_t *ranks(const sn_intern *in)
{
    uint32_t n = sn_intern_count(in);
    uint32_t *order = malloc(((size_t)n + 1) * sizeof *order);
    uint32_t *rank = malloc(((size_t)n + 1) * sizeof *rank);
    if (!order || !rank) {
        free(order);
        free(rank);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++)
        order[i] = i;
    qsort_r(order, n, sizeof *order, cmp_names, (void *)in);
    for (uint32_t i = 0; i < n; i++)
        rank[order[i]] = i;
    free(order);
    return rank;
}

/* A row's place in the table's order: from, to, channel by their ranks, then bucket. */
typedef struct row_order {
    uint64_t hi; /* rank of from << 32 | rank of to */
    uint64_t lo; /* rank of channel << 40 | (bucket + 2^39) */
    uint32_t row;
} row_order;

static int cmp_order(const void *a, const void *b)
{
    const row_order *x = a, *y = b;
    if (x->hi != y->hi)
        return x->hi < y->hi ? -1 : 1;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/*
 * Sort the rows into the table's order (by ranks: no string compared per
 * row), moving them in place along the cycles of the permutation. -1: no memory.
 */
static int sort_rows(const sn_store *s, sn_tie_row *rows, size_t n)
{
    uint32_t *ar = ranks(s->actor_ids), *cr = ranks(s->channels);
    row_order *o = malloc((n + 1) * sizeof *o);
    if (!ar || !cr || !o) {
        free(ar);
        free(cr);
        free(o);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        o[i] = (row_order){(uint64_t)ar[rows[i].from] << 32 | ar[rows[i].to],
                           (uint64_t)cr[rows[i].channel] << 40 |
                               (uint64_t)(rows[i].bucket + ((int64_t)1 << 39)),
                           (uint32_t)i};
    free(ar);
    free(cr);
    qsort(o, n, sizeof *o, cmp_order);
    /* place i takes row o[i].row: follow each cycle once, marking places done */
    for (size_t i = 0; i < n; i++) {
        if (o[i].row == i)
            continue;
        sn_tie_row keep = rows[i];
        size_t j = i;
        for (;;) {
            size_t k = o[j].row;
            o[j].row = (uint32_t)j;
            if (k == i) {
                rows[j] = keep;
                break;
            }
            rows[j] = rows[k];
            j = k;
        }
    }
    free(o);
    return 0;
}

/* Per actor pair: its contacts over all rows, for the small-cell rule. */
static int cmp_pair_rows(const void *a, const void *b)
{
    const sn_tie_row *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

sn_status sn_reduce(const sn_store *s, const sn_reduce_opts *o, sn_tie_table *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    out->store = s;
    out->bucket = o->bucket;
    const sn_tz *z = o->zone ? o->zone : sn_tz_current();
    rows_tab t = {0};
    uint64_t *cases = NULL; /* row << 32 | case id, for the distinct cases */
    size_t n_cases = 0, cap_cases = 0;
    if (grow_tab(&t) != 0)
        goto oom;
    /* a bucket's day for each local day seen: contacts come mostly in time order */
    int64_t last_day = INT64_MIN, last_bucket = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (o->view && !sn_view_keeps(o->view, s, i))
            continue;
        int64_t day = sn_tz_day(z, sn_store_time(s, i));
        if (day != last_day) {
            last_day = day;
            last_bucket = sn_bucket_floor(o->bucket, day);
        }
        row_key k = {(uint64_t)s->from[i] << 32 | s->to[i],
                     (uint64_t)s->channel[i] << 40 | (uint64_t)(last_bucket + ((int64_t)1 << 39))};
        int64_t r = find_row(&t, &k);
        if (r < 0)
            goto oom;
        sn_tie_row *row = &t.rows[r];
        uint32_t cnt = s->count ? s->count[i] : 1;
        int64_t last = sn_store_last(s, i);
        if (row->contacts == 0) {
            row->from = s->from[i];
            row->to = s->to[i];
            row->channel = s->channel[i];
            row->bucket = last_bucket;
            row->first = sn_store_time(s, i);
            row->last = last;
        }
        row->contacts += cnt;
        row->weight += sn_store_wsum(s, i);
        if (sn_store_time(s, i) < row->first)
            row->first = sn_store_time(s, i);
        if (last > row->last)
            row->last = last;
        out->contacts += cnt;
        if (sn_store_case(s, i)) {
            if (n_cases == cap_cases) {
                size_t nc = cap_cases ? 2 * cap_cases : 4096;
                uint64_t *nv = realloc(cases, nc * sizeof *nv);
                if (!nv)
                    goto oom;
                cases = nv;
                cap_cases = nc;
            }
            cases[n_cases++] = (uint64_t)r << 32 | sn_store_case(s, i);
        }
    }
    sn_store_release(s); /* spilled columns: see sn_store_release */
    free(t.keys);
    free(t.idx);
    t.keys = NULL;
    t.idx = NULL;
    qsort(cases, n_cases, sizeof *cases, cmp_u64);
    for (size_t j = 0; j < n_cases; j++)
        if (j == 0 || cases[j] != cases[j - 1])
            t.rows[cases[j] >> 32].cases++;
    free(cases);
    cases = NULL;
    if (o->min_cell > 0 && t.n) {
        /* the rows of each actor pair together, then the pairs under K left out */
        qsort(t.rows, t.n, sizeof *t.rows, cmp_pair_rows);
        size_t kept = 0;
        for (size_t a = 0; a < t.n;) {
            size_t b = a;
            double sum = 0;
            while (b < t.n && t.rows[b].from == t.rows[a].from && t.rows[b].to == t.rows[a].to)
                sum += t.rows[b++].contacts;
            if (sum < o->min_cell) {
                out->rows_left_out += (long)(b - a);
                out->contacts_left_out += (long)sum;
            } else {
                memmove(&t.rows[kept], &t.rows[a], (b - a) * sizeof *t.rows);
                kept += b - a;
            }
            a = b;
        }
        t.n = kept;
    }
    if (t.n && t.n < t.cap_rows) { /* the rows without spare room */
        sn_tie_row *rows = realloc(t.rows, t.n * sizeof *rows);
        if (rows) {
            t.rows = rows;
            t.cap_rows = t.n;
        }
    }
    if (sort_rows(s, t.rows, t.n) != 0)
        goto oom;
    out->rows = t.rows;
    out->n = t.n;
    return SN_OK;
oom:
    free(t.keys);
    free(t.idx);
    free(t.rows);
    free(cases);
    memset(out, 0, sizeof *out);
    return sn_err_set(err, SN_ENOMEM, "out of memory reducing the contacts to ties");
}
