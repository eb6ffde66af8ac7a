/*
 * contact_ties.c - the tie of every contact of a view, and what the contacts
 * of each tie hold (channels, first and last time): samnett/net.h.
 */
#include <stdlib.h>
#include <string.h>

#include "samnett/net.h"
#include "../util/toolbox.h"

#define MAX_THREADS 16

typedef struct ties_part {
    const sn_net *net;
    size_t lo, hi; /* contacts */
    int32_t *contact_tie;
    const uint64_t *keys; /* a hash of the ties: (from << 32 | to) + 1 -> tie */
    const int32_t *vals;
    size_t mask;
} ties_part;

static size_t tie_slot(uint64_t key, size_t mask)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 24) & mask;
}

static void *ties_range(void *arg)
{
    ties_part *w = arg;
    const sn_net *net = w->net;
    const sn_store *s = net->store;
    const sn_view_opts *o = &net->opts;
    int skip_meetings = o->meetings != SN_MEETINGS_ROWS;
    for (size_t i = w->lo; i < w->hi; i++) {
        int32_t k = -1;
        if (sn_view_keeps(o, s, i) && !(skip_meetings && sn_store_meeting(s, i))) {
            uint32_t a = net->node_of_actor[s->from[i]], b = net->node_of_actor[s->to[i]];
            if (a != b) {
                uint64_t key = ((uint64_t)a << 32 | b) + 1;
                size_t h = tie_slot(key, w->mask);
                while (w->keys[h] && w->keys[h] != key)
                    h = (h + 1) & w->mask;
                if (w->keys[h])
                    k = w->vals[h];
            }
        }
        w->contact_tie[i] = k;
    }
    sn_store_release_rows(s, w->lo, w->hi);
    return NULL;
}

static void ties_range_part(void *parts, int part, int n)
{
    (void)n;
    ties_range(&((ties_part *)parts)[part]);
}

sn_status sn_net_contact_ties(const sn_net *net, int threads, int32_t **out, sn_err *err)
{
    const sn_store *s = net->store;
    *out = NULL;
    size_t cap = 16;
    while (cap < 2 * net->n_ties + 2)
        cap <<= 1;
    uint64_t *keys = calloc(cap, sizeof *keys);
    int32_t *vals = malloc(cap * sizeof *vals);
    int32_t *contact_tie = malloc((s->n + 1) * sizeof *contact_tie);
    if (!contact_tie || !keys || !vals) {
        free(keys);
        free(vals);
        free(contact_tie);
        return sn_err_set(err, SN_ENOMEM, "out of memory reading the ties");
    }
    for (size_t k = 0; k < net->n_ties; k++) {
        uint64_t key = ((uint64_t)sn_tie_from(net, k) << 32 | sn_tie_to(net, k)) + 1;
        size_t h = tie_slot(key, cap - 1);
        while (keys[h])
            h = (h + 1) & (cap - 1);
        keys[h] = key;
        vals[h] = (int32_t)k;
    }
    int nt = s->n >= 400000 ? threads : 1;
    nt = nt < 1 ? 1 : nt > MAX_THREADS ? MAX_THREADS : nt;
    ties_part parts[MAX_THREADS];
    for (int p = 0; p < nt; p++)
        parts[p] = (ties_part){net,
                               s->n * (size_t)p / (size_t)nt,
                               s->n * (size_t)(p + 1) / (size_t)nt,
                               contact_tie,
                               keys,
                               vals,
                               cap - 1};
    if (nt > 0)
        sni_parallel_for(nt, ties_range_part, parts);
    free(keys);
    free(vals);
    *out = contact_tie;
    return SN_OK;
}

sn_status sn_net_tie_details(const sn_net *net, const int32_t *contact_tie, sn_tie_details *out,
                             sn_err *err)
{
    const sn_store *s = net->store;
    uint32_t nch = sn_intern_count(s->channels);
    size_t m = net->n_ties;
    memset(out, 0, sizeof *out);
    out->n_channels = nch;
    out->channels = calloc(m * nch + 1, sizeof *out->channels);
    out->first = malloc((m + 1) * sizeof *out->first);
    out->last = malloc((m + 1) * sizeof *out->last);
    if (!out->channels || !out->first || !out->last) {
        sn_tie_details_free(out);
        return sn_err_set(err, SN_ENOMEM, "out of memory reading the ties");
    }
    for (size_t k = 0; k < m; k++) {
        out->first[k] = INT64_MAX;
        out->last[k] = INT64_MIN;
    }
    for (size_t i = 0; i < s->n; i++) {
        int32_t k = contact_tie[i];
        if (k < 0)
            continue;
        int64_t time = sn_store_time(s, i);
        out->channels[(size_t)k * nch + s->channel[i]] += s->count ? s->count[i] : 1;
        if (time < out->first[k])
            out->first[k] = time;
        if (sn_store_last(s, i) > out->last[k])
            out->last[k] = sn_store_last(s, i);
    }
    sn_store_release(s); /* spilled columns: see sn_store_release */
    return SN_OK;
}

void sn_tie_details_free(sn_tie_details *d)
{
    if (!d)
        return;
    free(d->channels);
    free(d->first);
    free(d->last);
    memset(d, 0, sizeof *d);
}
