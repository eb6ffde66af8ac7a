/* events.c - the case and meeting index (see samnett/events.h). */
#include "samnett/events.h"
#include "../util/toolbox.h"

#include <stdlib.h>
#include <string.h>

/* Stable merge sort of row indices by time; tmp holds n entries. */
static void sort_by_time(uint32_t *a, size_t n, const sn_store *s, uint32_t *tmp)
{
    if (n < 2)
        return;
    int sorted = 1;
    for (size_t i = 1; i < n && sorted; i++)
        sorted = sn_store_time(s, a[i - 1]) <= sn_store_time(s, a[i]);
    if (sorted)
        return;
    if (n <= 24) {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = a[i];
            size_t j = i;
            for (; j > 0 && sn_store_time(s, a[j - 1]) > sn_store_time(s, x); j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_by_time(a, h, s, tmp);
    sort_by_time(a + h, n - h, s, tmp);
    memcpy(tmp, a, h * sizeof *a);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        a[k++] = sn_store_time(s, a[j]) < sn_store_time(s, tmp[i]) ? a[j++] : tmp[i++];
    while (i < h)
        a[k++] = tmp[i++];
}

/*
 * Group the rows with key[i] != 0 by key - 1 (counting sort: rows stay in row
 * order). key NULL: no row has a key.
 */
static int bucket(const uint32_t *key, size_t n, uint32_t n_keys, size_t **start, uint32_t **rows)
{
    if (!key)
        n = 0;
    *start = calloc((size_t)n_keys + 2, sizeof **start);
    if (!*start)
        return -1;
    size_t *st = *start;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        if (key[i] && key[i] <= n_keys) {
            st[key[i] + 1]++;
            total++;
        }
    for (uint32_t k = 0; k <= n_keys; k++)
        st[k + 1] += st[k];
    /* now st[v] = rows with key < v = the start of key v (bucket v - 1) */
    *rows = malloc((total ? total : 1) * sizeof **rows);
    if (!*rows)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (key[i] && key[i] <= n_keys)
            (*rows)[st[key[i]]++] = (uint32_t)i;
    /* after filling, st[v] = rows with key <= v = the start of bucket v; st[0] = 0 */
    return 0;
}

static int cmp_meeting(const void *x, const void *y, void *ctx)
{
    const int64_t *order_time = ctx;
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    if (order_time[a] != order_time[b])
        return order_time[a] < order_time[b] ? -1 : 1;
    return a < b ? -1 : a > b;
}

sn_status sn_events_build(const sn_store *s, sn_events *ev, sn_err *err)
{
    memset(ev, 0, sizeof *ev);
    ev->store = s;
    if (s->n >= UINT32_MAX)
        return sn_err_set(err, SN_EANALYSIS, "too many contacts for the event index (%zu)", s->n);
    ev->n_cases = sn_intern_count(s->cases);
    ev->n_meetings = sn_intern_count(s->meetings);
    uint32_t *tmp = NULL, *cnt = NULL, *stamp = NULL;
    if (bucket(s->case_id, s->n, ev->n_cases, &ev->case_start, &ev->case_rows) != 0 ||
        bucket(s->meeting, s->n, ev->n_meetings, &ev->meeting_start, &ev->meeting_rows) != 0)
        goto oom;
    size_t longest = 0;
    for (uint32_t c = 0; c < ev->n_cases; c++) {
        size_t len = ev->case_start[c + 1] - ev->case_start[c];
        if (len > longest)
            longest = len;
    }
    tmp = malloc((longest ? longest : 1) * sizeof *tmp);
    if (!tmp)
        goto oom;
    sn_store_release(s); /* spilled columns: see sn_store_release */
    for (uint32_t c = 0; c < ev->n_cases; c++) {
        sort_by_time(ev->case_rows + ev->case_start[c], ev->case_start[c + 1] - ev->case_start[c],
                     s, tmp);
        if ((c & 0x3fff) == 0x3fff)
            sn_store_release(s);
    }
    free(tmp);
    tmp = NULL;

    uint32_t nm = ev->n_meetings;
    size_t mrows = ev->meeting_start[nm];
    ev->part_start = calloc((size_t)nm + 1, sizeof *ev->part_start);
    ev->participants = malloc((2 * mrows + 1) * sizeof *ev->participants);
    ev->meeting_time = malloc(((size_t)nm + 1) * sizeof *ev->meeting_time);
    ev->meeting_channel = malloc((size_t)nm + 1);
    ev->meeting_organiser = malloc(((size_t)nm + 1) * sizeof *ev->meeting_organiser);
    ev->meeting_order = malloc(((size_t)nm + 1) * sizeof *ev->meeting_order);
    size_t na = s->n_actors ? s->n_actors : 1;
    cnt = calloc(na, sizeof *cnt);     /* organiser counts per actor */
    stamp = calloc(na, sizeof *stamp); /* meeting + 1 that last saw the actor */
    if (!ev->part_start || !ev->participants || !ev->meeting_time || !ev->meeting_channel ||
        !ev->meeting_organiser || !ev->meeting_order || !cnt || !stamp)
        goto oom;
    size_t np = 0;
    uint32_t chc[SN_CHANNEL_MAX + 1];
    memset(chc, 0, sizeof chc);
    for (uint32_t m = 0; m < nm; m++) {
        size_t lo = ev->meeting_start[m], hi = ev->meeting_start[m + 1];
        size_t first = np;
        int64_t t = hi > lo ? INT64_MAX : 0;
        uint32_t best = 0, organiser = 0;
        for (size_t k = lo; k < hi; k++) {
            uint32_t i = ev->meeting_rows[k];
            if (sn_store_time(s, i) < t)
                t = sn_store_time(s, i);
            chc[s->channel[i]]++;
            uint32_t ends[2] = {s->from[i], s->to[i]};
            for (int e = 0; e < 2; e++)
                if (stamp[ends[e]] != m + 1) {
                    stamp[ends[e]] = m + 1;
                    cnt[ends[e]] = 0;
                    ev->participants[np++] = ends[e];
                }
            if (++cnt[s->from[i]] > best)
                best = cnt[s->from[i]];
        }
        /* the organiser: the first `from` in row order with the highest count */
        for (size_t k = lo; k < hi; k++)
            if (cnt[s->from[ev->meeting_rows[k]]] == best) {
                organiser = s->from[ev->meeting_rows[k]];
                break;
            }
        int channel = 0;
        uint32_t cbest = 0;
        for (size_t k = lo; k < hi; k++) {
            uint8_t c = s->channel[ev->meeting_rows[k]];
            if (chc[c] > cbest || (chc[c] == cbest && c < channel)) {
                cbest = chc[c];
                channel = c;
            }
        }
        for (size_t k = lo; k < hi; k++)
            chc[s->channel[ev->meeting_rows[k]]] = 0;
        qsort(ev->participants + first, np - first, sizeof *ev->participants, sni_cmp_u32);
        ev->part_start[m + 1] = np;
        ev->meeting_time[m] = t;
        ev->meeting_channel[m] = (uint8_t)channel;
        ev->meeting_organiser[m] = organiser;
        ev->meeting_order[m] = m;
    }
    qsort_r(ev->meeting_order, nm, sizeof *ev->meeting_order, cmp_meeting, ev->meeting_time);
    free(cnt);
    free(stamp);
    return SN_OK;
oom:
    free(tmp);
    free(cnt);
    free(stamp);
    sn_events_free(ev);
    return sn_err_set(err, SN_ENOMEM, "out of memory building the case and meeting index");
}

void sn_events_free(sn_events *ev)
{
    free(ev->case_start);
    free(ev->case_rows);
    free(ev->meeting_start);
    free(ev->meeting_rows);
    free(ev->part_start);
    free(ev->participants);
    free(ev->meeting_time);
    free(ev->meeting_channel);
    free(ev->meeting_organiser);
    free(ev->meeting_order);
    memset(ev, 0, sizeof *ev);
}

const char *sn_events_case_id(const sn_events *ev, uint32_t c)
{
    return sn_intern_str(ev->store->cases, c);
}

const char *sn_events_meeting_id(const sn_events *ev, uint32_t m)
{
    return sn_intern_str(ev->store->meetings, m);
}
