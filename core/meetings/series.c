/* series.c - recurring meeting series and the ties formed at them (see samnett/meetings.h). */
#include "samnett/meetings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/pairmap.h"
#include "../util/toolbox.h"

void sn_series_opts_init(sn_series_opts *o)
{
    o->jaccard = 0.5;
    o->core_share = 0.5;
    o->min_meetings = 3;
    o->max_gap_days = 365;
    o->has_range = 0;
}

/* ------------------------------------------------------------------------ */
/* Greedy grouping                                                          */

typedef struct member {
    uint32_t actor, count;
} member;

typedef struct gseries {
    uint32_t n, core;
    int64_t last_time;
    member *mem;
    uint32_t n_mem, cap_mem;
} gseries;

typedef struct aentry {
    uint32_t series, midx;
} aentry;

typedef struct alist {
    aentry *e;
    uint32_t n, cap;
} alist;

static int grow(void **p, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    uint32_t ncap = *cap ? *cap : 4;
    while (ncap < need)
        ncap = ncap + ncap / 2 + 4;
    void *q = realloc(*p, (size_t)ncap * size);
    if (!q)
        return -1;
    *p = q;
    *cap = ncap;
    return 0;
}

static inline int in_core(const gseries *s, uint32_t count, double share)
{
    return (double)count >= share * (double)s->n - 1e-9;
}

static void recount_core(gseries *s, double share)
{
    uint32_t c = 0;
    for (uint32_t i = 0; i < s->n_mem; i++)
        c += in_core(s, s->mem[i].count, share);
    s->core = c;
}

typedef struct grouping {
    gseries *ser;
    uint32_t n_ser, cap_ser;
    alist *al; /* per actor */
    uint32_t *overlap, *touched;
    uint32_t cap_overlap;
} grouping;

static void grouping_free(grouping *g, size_t n_actors)
{
    for (uint32_t i = 0; i < g->n_ser; i++)
        free(g->ser[i].mem);
    free(g->ser);
    if (g->al)
        for (size_t a = 0; a < n_actors; a++)
            free(g->al[a].e);
    free(g->al);
    free(g->overlap);
    free(g->touched);
}

/* Add actor a to series s (a new member when it has not attended before). */
static int attend(grouping *g, uint32_t s, uint32_t a)
{
    alist *l = &g->al[a];
    for (uint32_t k = 0; k < l->n; k++)
        if (l->e[k].series == s) {
            g->ser[s].mem[l->e[k].midx].count++;
            return 0;
        }
    gseries *S = &g->ser[s];
    if (grow((void **)&S->mem, &S->cap_mem, S->n_mem + 1, sizeof *S->mem) ||
        grow((void **)&l->e, &l->cap, l->n + 1, sizeof *l->e))
        return -1;
    S->mem[S->n_mem] = (member){a, 1};
    l->e[l->n++] = (aentry){s, S->n_mem++};
    return 0;
}

/* Assign every meeting in the window with >= 2 participants to a series; assign[m] or UINT32_MAX.
 */
static int group_meetings(const sn_events *ev, const uint8_t *in_window, const sn_series_opts *o,
                          grouping *g, uint32_t *assign)
{
    const sn_store *st = ev->store;
    int64_t gap =
        o->max_gap_days * 86400.0 > 9e18 ? INT64_MAX / 2 : (int64_t)(o->max_gap_days * 86400.0);
    g->al = calloc(st->n_actors ? st->n_actors : 1, sizeof *g->al);
    if (!g->al)
        return -1;
    for (uint32_t k = 0; k < ev->n_meetings; k++) {
        uint32_t m = ev->meeting_order[k];
        assign[m] = UINT32_MAX;
        size_t np;
        const uint32_t *P = sn_events_participants(ev, m, &np);
        if (!in_window[m] || np < 2)
            continue;
        int64_t t = ev->meeting_time[m];
        uint32_t nt = 0;
        for (size_t i = 0; i < np; i++) {
            alist *l = &g->al[P[i]];
            uint32_t w = 0;
            for (uint32_t j = 0; j < l->n; j++) {
                const gseries *S = &g->ser[l->e[j].series];
                if (t - S->last_time > gap)
                    continue; /* closed: drop it from the list */
                l->e[w++] = l->e[j];
                if (in_core(S, S->mem[l->e[j].midx].count, o->core_share)) {
                    if (g->overlap[l->e[j].series]++ == 0)
                        g->touched[nt++] = l->e[j].series;
                }
            }
            l->n = w;
        }
        int64_t best = -1;
        double bestj = -1;
        for (uint32_t j = 0; j < nt; j++) {
            uint32_t s = g->touched[j];
            double ov = g->overlap[s];
            double jac = ov / ((double)g->ser[s].core + (double)np - ov);
            g->overlap[s] = 0;
            if (jac > bestj + 1e-12 ||
                (jac > bestj - 1e-12 &&
                 (g->ser[s].last_time > g->ser[best].last_time ||
                  (g->ser[s].last_time == g->ser[best].last_time && s < (uint32_t)best)))) {
                best = s;
                bestj = jac;
            }
        }
        uint32_t s;
        if (best >= 0 && bestj >= o->jaccard - 1e-12) {
            s = (uint32_t)best;
        } else {
            if (grow((void **)&g->ser, &g->cap_ser, g->n_ser + 1, sizeof *g->ser))
                return -1;
            s = g->n_ser++;
            memset(&g->ser[s], 0, sizeof g->ser[s]);
            if (g->n_ser > g->cap_overlap) {
                uint32_t nc = g->cap_overlap ? g->cap_overlap * 2 : 1024;
                uint32_t *ov = realloc(g->overlap, nc * sizeof *ov);
                if (!ov)
                    return -1;
                g->overlap = ov;
                memset(ov + g->cap_overlap, 0, (nc - g->cap_overlap) * sizeof *ov);
                uint32_t *tc = realloc(g->touched, nc * sizeof *tc);
                if (!tc)
                    return -1;
                g->touched = tc;
                g->cap_overlap = nc;
            }
        }
        gseries *S = &g->ser[s];
        S->n++;
        S->last_time = t;
        for (size_t i = 0; i < np; i++)
            if (attend(g, s, P[i]) != 0)
                return -1;
        recount_core(&g->ser[s], o->core_share);
        assign[m] = s;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Per-series measures                                                      */

static size_t distinct_u64(uint64_t *v, size_t n)
{
    qsort(v, n, sizeof *v, sni_cmp_u64);
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || v[i] != v[i - 1])
            d++;
    return d;
}

/* The longest common prefix of the series' meeting ids, without trailing digits. */
static char *series_label(const sn_events *ev, const uint32_t *mt, uint32_t n)
{
    const char *first = sn_events_meeting_id(ev, mt[0]);
    size_t len = strlen(first);
    for (uint32_t i = 1; i < n && len; i++) {
        const char *id = sn_events_meeting_id(ev, mt[i]);
        size_t k = 0;
        while (k < len && id[k] == first[k])
            k++;
        len = k;
    }
    /* do not cut a UTF-8 sequence */
    while (len && ((unsigned char)first[len] & 0xC0) == 0x80)
        len--;
    while (len && first[len - 1] >= '0' && first[len - 1] <= '9')
        len--;
    return strndup(first, len);
}

static int series_measures(const sn_events *ev, const gseries *G, sn_series *S, double share,
                           uint64_t *scratch)
{
    const sn_store *st = ev->store;
    uint32_t n = S->n_meetings;
    S->first = ev->meeting_time[S->meetings[0]];
    S->last = ev->meeting_time[S->meetings[n - 1]];
    S->label = series_label(ev, S->meetings, n);
    if (!S->label)
        return -1;
    S->participants = G->n_mem;
    S->core_size = 0;
    for (uint32_t i = 0; i < G->n_mem; i++)
        S->core_size += (double)G->mem[i].count >= share * (double)n - 1e-9;

    /* intervals in days */
    double *iv = malloc((n ? n : 1) * sizeof *iv);
    if (!iv)
        return -1;
    double sum = 0;
    for (uint32_t i = 1; i < n; i++) {
        iv[i - 1] =
            (double)(ev->meeting_time[S->meetings[i]] - ev->meeting_time[S->meetings[i - 1]]) /
            86400.0;
        sum += iv[i - 1];
    }
    uint32_t ni = n - 1;
    S->interval_mean_days = ni ? sum / ni : NAN;
    double ss = 0;
    for (uint32_t i = 0; i < ni; i++)
        ss += (iv[i] - S->interval_mean_days) * (iv[i] - S->interval_mean_days);
    S->regularity = ni && S->interval_mean_days > 0 ? sqrt(ss / ni) / S->interval_mean_days : NAN;
    /* median: insertion sort is fine for the few intervals of a series, qsort otherwise */
    for (uint32_t i = 1; i < ni; i++) {
        double x = iv[i];
        uint32_t j = i;
        for (; j > 0 && iv[j - 1] > x; j--)
            iv[j] = iv[j - 1];
        iv[j] = x;
    }
    S->interval_median_days = !ni ? NAN : ni % 2 ? iv[ni / 2] : (iv[ni / 2 - 1] + iv[ni / 2]) / 2;
    free(iv);

    /* organiser: the most frequent meeting organiser, the earliest on a tie */
    uint32_t bestc = 0;
    S->organiser = ev->meeting_organiser[S->meetings[0]];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t a = ev->meeting_organiser[S->meetings[i]], c = 0;
        for (uint32_t j = 0; j < n; j++)
            c += ev->meeting_organiser[S->meetings[j]] == a;
        if (c > bestc) {
            bestc = c;
            S->organiser = a;
        }
        if (bestc * 2 > n)
            break;
    }

    /* organisations, units, cross-organisation share */
    uint32_t org0 = st->actors[S->organiser].attr[SN_ATTR_ORGANISATION];
    size_t no = 0, nu = 0, cross = 0;
    for (uint32_t i = 0; i < G->n_mem; i++) {
        const sn_actor *ac = &st->actors[G->mem[i].actor];
        uint32_t o = ac->attr[SN_ATTR_ORGANISATION];
        cross += o != org0;
        if (o)
            scratch[no++] = o;
    }
    S->organisations = (uint32_t)distinct_u64(scratch, no);
    for (uint32_t i = 0; i < G->n_mem; i++) {
        const sn_actor *ac = &st->actors[G->mem[i].actor];
        uint32_t o = ac->attr[SN_ATTR_ORGANISATION], u = ac->attr[SN_ATTR_UNIT];
        if (o || u)
            scratch[nu++] = (uint64_t)o << 32 | u;
    }
    S->units = (uint32_t)distinct_u64(scratch, nu);
    S->cross_org_share = G->n_mem ? (double)cross / G->n_mem : NAN;

    /* attendance and channel */
    uint32_t third = n / 3 ? n / 3 : 1;
    double a0 = 0, a1 = 0;
    uint32_t video = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t m = S->meetings[i];
        double k = (double)(ev->part_start[m + 1] - ev->part_start[m]);
        if (i < third)
            a0 += k;
        if (i >= n - third)
            a1 += k;
        video += ev->meeting_channel[m] == SN_CH_VIDEO;
    }
    S->size_first_third = a0 / third;
    S->size_last_third = a1 / third;
    S->video_share = (double)video / n;
    S->half_life_days = NAN;
    S->per_quarter_during = NAN;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Ties formed at the gatherings                                            */

/* The exponential-decay fit (sni_decay_rate), from the times. */
double sn_decay_half_life(const double *t, size_t n, double T)
{
    if (n < 3 || !(T > 0))
        return NAN;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += t[i];
    return log(2.0) / sni_decay_rate(sum / (double)n, T);
}

typedef struct cand {
    uint32_t series, a, b, slot;
    int64_t met;
} cand;

/*
 * The new pairs of each kept series with participants of >= 2 organisations:
 * first shared meetings, direct contacts (one pass over the store), and the
 * persistence measures.
 */
/* The store's last contact time, inside the plausible range when there is one. */
static int64_t store_end_time(const sn_store *st, const sn_series_opts *o)
{
    if (!o->has_range || sn_time_in_range(&o->range, st->last_time))
        return st->last_time;
    int64_t end = INT64_MIN;
    for (size_t i = 0; i < st->n; i++)
        if (sn_store_time(st, i) > end && sn_time_in_range(&o->range, sn_store_time(st, i)))
            end = sn_store_time(st, i);
    return end;
}

static int pair_measures(const sn_events *ev, sn_meetings *out, gseries **kept_g)
{
    const sn_store *st = ev->store;
    const int64_t store_end = store_end_time(st, &out->opts);
    size_t na = st->n_actors ? st->n_actors : 1;
    uint32_t *loc = malloc(na * sizeof *loc);
    uint8_t *flag = calloc(na, 1);
    cand *cs = NULL;
    size_t n_cs = 0, cap_cs = 0;
    int64_t *met = NULL;
    uint32_t *idx = NULL;
    sn_pairmap map = {0};
    uint32_t *slot_start = NULL;
    int64_t *slot_times = NULL;
    int rc = -1;
    if (!loc || !flag)
        goto done;
    for (size_t i = 0; i < na; i++)
        loc[i] = UINT32_MAX;
    if (sn_pairmap_init(&map, 1024) != 0)
        goto done;

    for (size_t si = 0; si < out->n_series; si++) {
        sn_series *S = &out->series[si];
        const gseries *G = kept_g[si];
        uint32_t N = G->n_mem;
        if (S->organisations < 2 || N > SN_SERIES_MAX_PAIR_PARTICIPANTS)
            continue;
        S->has_pairs = 1;
        for (uint32_t i = 0; i < N; i++)
            loc[G->mem[i].actor] = i;
        size_t tri = (size_t)N * (N - 1) / 2;
        int64_t *nm = realloc(met, (tri ? tri : 1) * sizeof *met);
        uint32_t *ni = realloc(idx, (N ? N : 1) * sizeof *idx);
        if (nm)
            met = nm;
        if (ni)
            idx = ni;
        if (!nm || !ni)
            goto done;
        for (size_t k = 0; k < tri; k++)
            met[k] = INT64_MAX;
        for (uint32_t k = 0; k < S->n_meetings; k++) {
            uint32_t m = S->meetings[k];
            size_t np;
            const uint32_t *P = sn_events_participants(ev, m, &np);
            for (size_t i = 0; i < np; i++)
                idx[i] = loc[P[i]];
            for (size_t i = 0; i < np; i++)
                for (size_t j = i + 1; j < np; j++) {
                    uint32_t x = idx[i] < idx[j] ? idx[i] : idx[j];
                    uint32_t y = idx[i] < idx[j] ? idx[j] : idx[i];
                    /* the upper triangle, row x: pairs (x, y) with y > x */
                    size_t p = (size_t)x * (2 * (size_t)N - x - 1) / 2 + (y - x - 1);
                    if (met[p] == INT64_MAX)
                        met[p] = ev->meeting_time[m];
                }
        }
        for (uint32_t x = 0; x < N; x++) {
            uint32_t ax = G->mem[x].actor;
            uint32_t ox = st->actors[ax].attr[SN_ATTR_ORGANISATION];
            for (uint32_t y = x + 1; y < N; y++) {
                size_t p = (size_t)x * (2 * (size_t)N - x - 1) / 2 + (y - x - 1);
                uint32_t ay = G->mem[y].actor;
                uint32_t oy = st->actors[ay].attr[SN_ATTR_ORGANISATION];
                if (met[p] == INT64_MAX || !ox || !oy || ox == oy)
                    continue;
                if (n_cs == cap_cs) {
                    size_t nc = cap_cs ? cap_cs * 2 : 1024;
                    cand *q = realloc(cs, nc * sizeof *q);
                    if (!q)
                        goto done;
                    cs = q;
                    cap_cs = nc;
                }
                uint32_t a = ax < ay ? ax : ay, b = ax < ay ? ay : ax;
                int added;
                uint32_t *v = sn_pairmap_put(&map, sn_pair_key(a, b), (uint32_t)map.used, &added);
                if (!v)
                    goto done;
                cs[n_cs++] = (cand){(uint32_t)si, a, b, *v, met[p]};
                flag[a] = flag[b] = 1;
            }
        }
        for (uint32_t i = 0; i < N; i++)
            loc[G->mem[i].actor] = UINT32_MAX;
    }

    /* the direct contacts of every candidate pair: two passes over the store */
    size_t n_slots = map.used;
    slot_start = calloc(n_slots + 2, sizeof *slot_start);
    if (!slot_start)
        goto done;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < st->n; i++) {
            if ((i & 0xfffff) == 0xfffff) /* spilled columns: see sn_store_release */
                sn_store_release_rows(st, i - 0xfffff, i);
            uint32_t f = st->from[i], t = st->to[i];
            if (sn_store_meeting(st, i) || f == t || !flag[f] || !flag[t])
                continue;
            const uint32_t *v = sn_pairmap_get(&map, f < t ? sn_pair_key(f, t) : sn_pair_key(t, f));
            if (!v)
                continue;
            if (pass == 0)
                slot_start[*v + 2]++;
            else
                slot_times[slot_start[*v + 1]++] = sn_store_time(st, i);
        }
        sn_store_release(st);
        if (pass == 0) {
            for (size_t k = 0; k < n_slots; k++)
                slot_start[k + 2] += slot_start[k + 1];
            slot_times = malloc((slot_start[n_slots + 1] + 1) * sizeof *slot_times);
            if (!slot_times)
                goto done;
        }
    }
    /* slot_start[k] .. slot_start[k + 1] now hold slot k's times */
    for (size_t k = 0; k < n_slots; k++)
        qsort(slot_times + slot_start[k], slot_start[k + 1] - slot_start[k], sizeof *slot_times,
              sni_cmp_i64);

    /* per series: keep the new pairs, copy their times, measure */
    size_t c = 0;
    for (size_t si = 0; si < out->n_series; si++) {
        sn_series *S = &out->series[si];
        size_t c0 = c;
        while (c < n_cs && cs[c].series == si)
            c++;
        if (!S->has_pairs)
            continue;
        size_t np = 0, nt = 0;
        for (size_t k = c0; k < c; k++) {
            uint32_t lo = slot_start[cs[k].slot], hi = slot_start[cs[k].slot + 1];
            if (lo < hi && slot_times[lo] < cs[k].met)
                continue; /* in contact before they met here */
            np++;
            nt += hi - lo;
        }
        S->n_pairs = np;
        S->pair_a = malloc((np + 1) * sizeof *S->pair_a);
        S->pair_b = malloc((np + 1) * sizeof *S->pair_b);
        S->pair_met = malloc((np + 1) * sizeof *S->pair_met);
        S->pair_time_start = malloc((np + 1) * sizeof *S->pair_time_start);
        S->pair_times = malloc((nt + 1) * sizeof *S->pair_times);
        if (!S->pair_a || !S->pair_b || !S->pair_met || !S->pair_time_start || !S->pair_times)
            goto done;
        S->n_quarters_after =
            store_end > S->last ? (uint32_t)((store_end - S->last) / SN_QUARTER_SECONDS) : 0;
        S->after = calloc((size_t)S->n_quarters_after + 1, sizeof *S->after);
        double *offs = malloc((nt + 1) * sizeof *offs);
        if (!S->after || !offs) {
            free(offs);
            goto done;
        }
        size_t p = 0, t = 0, n_offs = 0;
        S->pair_time_start[0] = 0;
        for (size_t k = c0; k < c; k++) {
            uint32_t lo = slot_start[cs[k].slot], hi = slot_start[cs[k].slot + 1];
            if (lo < hi && slot_times[lo] < cs[k].met)
                continue;
            S->pair_a[p] = cs[k].a;
            S->pair_b[p] = cs[k].b;
            S->pair_met[p] = cs[k].met;
            S->with_contact_after += hi > lo;
            for (uint32_t q = lo; q < hi; q++) {
                int64_t x = slot_times[q];
                S->pair_times[t++] = x;
                if (x >= S->first && x < S->last)
                    S->contacts_during++;
                if (x >= S->last && x <= store_end) {
                    int64_t qi = (x - S->last) / SN_QUARTER_SECONDS;
                    if (qi < (int64_t)S->n_quarters_after)
                        S->after[qi]++;
                    offs[n_offs++] = (double)(x - S->last);
                }
            }
            S->pair_time_start[++p] = t;
        }
        if (S->last > S->first)
            S->per_quarter_during =
                (double)S->contacts_during / ((double)(S->last - S->first) / SN_QUARTER_SECONDS);
        S->half_life_days =
            sn_decay_half_life(offs, n_offs, (double)(store_end - S->last)) / 86400.0;
        free(offs);
    }
    rc = 0;
done:
    free(loc);
    free(flag);
    free(cs);
    free(met);
    free(idx);
    sn_pairmap_free(&map);
    free(slot_start);
    free(slot_times);
    return rc;
}

/* ------------------------------------------------------------------------ */

static int cmp_series(const void *x, const void *y, void *ctx)
{
    const sn_series *a = (const sn_series *)ctx + *(const uint32_t *)x;
    const sn_series *b = (const sn_series *)ctx + *(const uint32_t *)y;
    if (a->organisations != b->organisations)
        return a->organisations > b->organisations ? -1 : 1;
    if (a->n_meetings != b->n_meetings)
        return a->n_meetings > b->n_meetings ? -1 : 1;
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return a->meetings[0] < b->meetings[0] ? -1 : a->meetings[0] > b->meetings[0];
}

sn_status sn_meetings_compute(const sn_events *ev, const sn_view_opts *view,
                              const sn_series_opts *opts, sn_meetings *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    out->events = ev;
    if (opts)
        out->opts = *opts;
    else
        sn_series_opts_init(&out->opts);
    const sn_series_opts *o = &out->opts;
    out->mode = view ? view->meetings : SN_MEETINGS_ROWS;
    const sn_store *st = ev->store;
    uint32_t nm = ev->n_meetings;
    grouping g;
    memset(&g, 0, sizeof g);
    uint8_t *in_window = malloc((size_t)nm + 1);
    out->series_of = malloc(((size_t)nm + 1) * sizeof *out->series_of);
    uint32_t *assign = malloc(((size_t)nm + 1) * sizeof *assign);
    uint32_t *count = NULL, *order = NULL;
    sn_series *tmp = NULL;
    gseries **kept_g = NULL, **sorted_g = NULL;
    uint64_t *scratch = NULL;
    if (!in_window || !out->series_of || !assign)
        goto oom;
    size_t video = 0, psum = 0;
    for (uint32_t m = 0; m < nm; m++) {
        int64_t t = ev->meeting_time[m];
        in_window[m] = !(view && ((view->has_since && t < view->since) ||
                                  (view->has_until && t >= view->until)));
        out->series_of[m] = UINT32_MAX;
        if (!in_window[m])
            continue;
        size_t np = ev->part_start[m + 1] - ev->part_start[m];
        out->n_meetings++;
        out->rows += (long)(ev->meeting_start[m + 1] - ev->meeting_start[m]);
        psum += np;
        if (np > out->max_participants)
            out->max_participants = (uint32_t)np;
        video += ev->meeting_channel[m] == SN_CH_VIDEO;
    }
    out->mean_participants = out->n_meetings ? (double)psum / out->n_meetings : NAN;
    out->video_share = out->n_meetings ? (double)video / out->n_meetings : NAN;
    if (group_meetings(ev, in_window, o, &g, assign) != 0)
        goto oom;

    /* keep the series with enough meetings, their meetings in time order */
    count = calloc((size_t)g.n_ser + 1, sizeof *count);
    if (!count)
        goto oom;
    for (uint32_t s = 0; s < g.n_ser; s++)
        count[s] = g.ser[s].n >= (uint32_t)(o->min_meetings > 0 ? o->min_meetings : 1)
                       ? (uint32_t)out->n_series++
                       : UINT32_MAX;
    tmp = calloc(out->n_series + 1, sizeof *tmp);
    kept_g = calloc(out->n_series + 1, sizeof *kept_g);
    if (!tmp || !kept_g)
        goto oom;
    for (uint32_t s = 0; s < g.n_ser; s++)
        if (count[s] != UINT32_MAX) {
            tmp[count[s]].meetings = malloc(g.ser[s].n * sizeof *tmp[count[s]].meetings);
            if (!tmp[count[s]].meetings)
                goto oom;
            kept_g[count[s]] = &g.ser[s];
        }
    for (uint32_t k = 0; k < nm; k++) {
        uint32_t m = ev->meeting_order[k];
        if (assign[m] == UINT32_MAX || count[assign[m]] == UINT32_MAX)
            continue;
        sn_series *S = &tmp[count[assign[m]]];
        S->meetings[S->n_meetings++] = m;
    }
    size_t max_mem = 1;
    for (size_t s = 0; s < out->n_series; s++)
        if (kept_g[s]->n_mem > max_mem)
            max_mem = kept_g[s]->n_mem;
    scratch = malloc(max_mem * sizeof *scratch);
    if (!scratch)
        goto oom;
    for (size_t s = 0; s < out->n_series; s++)
        if (series_measures(ev, kept_g[s], &tmp[s], o->core_share, scratch) != 0)
            goto oom;
    /* sort: most organisations, most meetings, earliest */
    order = malloc((out->n_series + 1) * sizeof *order);
    sorted_g = malloc((out->n_series + 1) * sizeof *sorted_g);
    out->series = malloc((out->n_series + 1) * sizeof *out->series);
    if (!order || !sorted_g || !out->series) {
        free(out->series);
        out->series = tmp;
        tmp = NULL;
        goto oom;
    }
    for (size_t s = 0; s < out->n_series; s++)
        order[s] = (uint32_t)s;
    qsort_r(order, out->n_series, sizeof *order, cmp_series, tmp);
    for (size_t s = 0; s < out->n_series; s++) {
        out->series[s] = tmp[order[s]];
        sorted_g[s] = kept_g[order[s]];
        for (uint32_t k = 0; k < out->series[s].n_meetings; k++)
            out->series_of[out->series[s].meetings[k]] = (uint32_t)s;
        out->in_series += out->series[s].n_meetings;
    }
    free(tmp);
    tmp = NULL;
    if (pair_measures(ev, out, sorted_g) != 0)
        goto oom;
    free(in_window);
    free(assign);
    free(count);
    free(order);
    free(kept_g);
    free(sorted_g);
    free(scratch);
    grouping_free(&g, st->n_actors);
    return SN_OK;
oom:
    if (tmp) {
        for (size_t s = 0; s < out->n_series; s++) {
            free(tmp[s].meetings);
            free(tmp[s].label);
        }
        free(tmp);
        out->n_series = 0;
    }
    free(in_window);
    free(assign);
    free(count);
    free(order);
    free(kept_g);
    free(sorted_g);
    free(scratch);
    grouping_free(&g, st->n_actors);
    sn_meetings_free(out);
    return sn_err_set(err, SN_ENOMEM, "out of memory finding meeting series");
}

void sn_meetings_free(sn_meetings *m)
{
    for (size_t s = 0; s < m->n_series; s++) {
        sn_series *S = &m->series[s];
        free(S->label);
        free(S->meetings);
        free(S->pair_a);
        free(S->pair_b);
        free(S->pair_met);
        free(S->pair_time_start);
        free(S->pair_times);
        free(S->after);
    }
    free(m->series);
    free(m->series_of);
    memset(m, 0, sizeof *m);
}

const int64_t *sn_series_pair_times(const sn_meetings *m, size_t s, size_t p, size_t *n)
{
    const sn_series *S = &m->series[s];
    if (!S->has_pairs || p >= S->n_pairs) {
        *n = 0;
        return NULL;
    }
    *n = S->pair_time_start[p + 1] - S->pair_time_start[p];
    return S->pair_times + S->pair_time_start[p];
}
