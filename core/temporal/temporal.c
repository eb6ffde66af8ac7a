/*
 * temporal.c - one analysis over time: windows with their network measures,
 * and the temporal measures of every tie, node, group pair and the network
 * (definitions in samnett/temporal.h).
 *
 * Cost: the contacts are put in time order once (sn_timeline). One pass over
 * the analysed period feeds every tie, node, group pair, channel and the
 * network; one pass over the baseline counts it. Each window's network is
 * built from the window's own contacts only: from a slice of the store when
 * the store is in time order, else from a time-ordered copy of the period's
 * contacts, so windows cost O(contacts in the period) together, not
 * O(windows x contacts). Per-window node measures are computed only when
 * asked for; degree and strength alone never call the full metric suite.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../util/toolbox.h"
#include "gaps.h"
#include "samnett/temporal.h"

/*
 * The day (0 .. T->days - 1) of a contact wall_secs after the period's start
 * on the zone's wall clock; clamped, as the clock going back can put a
 * contact just before the period's end past its last day.
 */
static size_t day_index(const sn_temporal *T, int64_t wall_secs)
{
    if (wall_secs < 0 || T->days == 0)
        return 0;
    size_t d = (size_t)(wall_secs / SN_DAY);
    return d < T->days ? d : T->days - 1;
}

void sn_temporal_opts_init(sn_temporal_opts *o)
{
    memset(o, 0, sizeof *o);
    o->novelty_k = 1;
    o->pairs_by = "type";
    o->cp_rule = SN_CP_QUASI_BIC;
    o->cp_penalty = 0;
    o->cp_min_days = 14;
    o->cp_min_contacts = 100;
}

/* ------------------------------------------------------------------------ */
/* Window node measures                                                     */

/* The columns, in output order, and the measure each belongs to. */
static const struct {
    const char *name;
    unsigned bit;
} metric_columns[SN_WM_COLUMNS] = {
    {"degree_in", SN_WM_DEGREE},
    {"degree_out", SN_WM_DEGREE},
    {"strength_in", SN_WM_STRENGTH},
    {"strength_out", SN_WM_STRENGTH},
    {"betweenness", SN_WM_BETWEENNESS},
    {"closeness", SN_WM_CLOSENESS},
    {"harmonic", SN_WM_HARMONIC},
    {"reachable", SN_WM_REACHABLE},
    {"pagerank", SN_WM_PAGERANK},
    {"eigenvector", SN_WM_EIGENVECTOR},
    {"hub", SN_WM_HUB},
    {"authority", SN_WM_AUTHORITY},
    {"constraint", SN_WM_CONSTRAINT},
    {"effective_size", SN_WM_EFFECTIVE_SIZE},
    {"efficiency", SN_WM_EFFICIENCY},
};

/* Names that are not a column: a measure with in and out columns, or all. */
static const struct {
    const char *name;
    unsigned bit;
} metric_aliases[] = {
    {"degree", SN_WM_DEGREE},
    {"strength", SN_WM_STRENGTH},
    {"all", SN_WM_ALL},
};

/* The bit of a measure or column name of length len, or 0. */
static unsigned metric_bit(const char *p, size_t len)
{
    for (size_t i = 0; i < sizeof metric_columns / sizeof metric_columns[0]; i++)
        if (strlen(metric_columns[i].name) == len && strncmp(metric_columns[i].name, p, len) == 0)
            return metric_columns[i].bit;
    for (size_t i = 0; i < sizeof metric_aliases / sizeof metric_aliases[0]; i++)
        if (strlen(metric_aliases[i].name) == len && strncmp(metric_aliases[i].name, p, len) == 0)
            return metric_aliases[i].bit;
    return 0;
}

sn_status sn_window_metrics_parse(const char *list, unsigned *out)
{
    *out = 0;
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        unsigned bit = metric_bit(p, len);
        if (!bit)
            return SN_EUSAGE;
        *out |= bit;
        if (!comma)
            return SN_OK;
        p = comma + 1;
    }
}

int sn_window_metric_columns(unsigned set, const char *names[SN_WM_COLUMNS])
{
    int k = 0;
    for (int i = 0; i < SN_WM_COLUMNS; i++)
        if (set & metric_columns[i].bit)
            names[k++] = metric_columns[i].name;
    return k;
}

static double metric_value(const sn_node_metrics *m, int col, uint32_t v)
{
    switch (col) {
    case 0:
        return m->degree_in[v];
    case 1:
        return m->degree_out[v];
    case 2:
        return m->strength_in[v];
    case 3:
        return m->strength_out[v];
    case 4:
        return m->betweenness[v];
    case 5:
        return m->closeness[v];
    case 6:
        return m->harmonic[v];
    case 7:
        return (double)m->reachable[v];
    case 8:
        return m->pagerank[v];
    case 9:
        return m->eigenvector[v];
    case 10:
        return m->hub[v];
    case 11:
        return m->authority[v];
    case 12:
        return m->constraint[v];
    case 13:
        return m->effective_size[v];
    default:
        return m->efficiency[v];
    }
}

/* Degree and strength straight from the tie lists (no igraph). */
static double cheap_value(const sn_net *w, int col, uint32_t v)
{
    double s = 0;
    switch (col) {
    case 0:
        return (double)(w->in_start[v + 1] - w->in_start[v]);
    case 1:
        return (double)(w->out_start[v + 1] - w->out_start[v]);
    case 2:
        for (size_t i = w->in_start[v]; i < w->in_start[v + 1]; i++)
            s += w->tie_weight[w->in_tie[i]];
        return s;
    default:
        for (size_t e = w->out_start[v]; e < w->out_start[v + 1]; e++)
            s += w->tie_weight[e];
        return s;
    }
}

static sn_status window_metrics(const sn_net *w, const sn_metrics_opts *mo, unsigned set,
                                const uint32_t *active, uint32_t n_active, double *values,
                                sn_err *err)
{
    int cols[SN_WM_COLUMNS], nc = 0;
    for (int i = 0; i < SN_WM_COLUMNS; i++)
        if (set & metric_columns[i].bit)
            cols[nc++] = i;
    if ((set & ~(unsigned)(SN_WM_DEGREE | SN_WM_STRENGTH)) == 0) {
        for (uint32_t a = 0; a < n_active; a++)
            for (int c = 0; c < nc; c++)
                values[(size_t)a * (size_t)nc + (size_t)c] = cheap_value(w, cols[c], active[a]);
        return SN_OK;
    }
    sn_metrics m;
    sn_status rc = sn_metrics_compute(w, mo, &m, err);
    if (rc != SN_OK)
        return rc;
    for (uint32_t a = 0; a < n_active; a++)
        for (int c = 0; c < nc; c++)
            values[(size_t)a * (size_t)nc + (size_t)c] = metric_value(&m.node, cols[c], active[a]);
    sn_metrics_free(&m);
    return SN_OK;
}

/* ------------------------------------------------------------------------ */
/* Accumulators                                                             */

typedef struct acc {
    sn_gaps g;
    long before, after;
    double sum_after; /* seconds after the decay start */
    long baseline;
    long pers_both, pers_a, pers_b; /* ties: windows present with / after / before a pair */
    double pers_sum, nov_sum;
    long pers_n, nov_n;
} acc;

typedef struct ctx {
    const sn_net *net;
    const sn_store *s;
    const sn_view_opts *v;
    sn_temporal *T;
    int64_t decay_start;
} ctx;

static inline int keep_channel(const sn_view_opts *v, uint8_t ch)
{
    return !v->has_channels || v->channels[ch];
}

static inline void acc_add(const ctx *c, acc *a, int64_t t, size_t i)
{
    if (c->s->count) { /* a tie-table row: its contacts, first and last; no gaps */
        uint32_t n = c->s->count[i];
        a->g.first = a->g.n && a->g.first < t ? a->g.first : t;
        a->g.last = a->g.n && a->g.last > c->s->last[i] ? a->g.last : c->s->last[i];
        a->g.n += n;
        if (c->T->has_after)
            *(t >= c->decay_start ? &a->after : &a->before) += n;
        return;
    }
    if (c->T->series_only) { /* the times seen, without the moments of the gaps */
        a->g.first = a->g.n++ ? a->g.first : t;
        a->g.last = t;
    } else {
        sn_gaps_add(&a->g, t);
    }
    if (c->T->has_after) {
        if (t >= c->decay_start) {
            a->after++;
            a->sum_after += (double)(t - c->decay_start);
        } else {
            a->before++;
        }
    }
}

/* The tie u->v of the network, or -1: sn_net_tie's binary search without branches on the data. */
static inline int64_t find_tie(const sn_net *net, uint32_t u, uint32_t v)
{
    size_t first = net->out_start[u], n = net->out_start[u + 1] - first;
    if (n == 0)
        return -1;
    while (n > 1) {
        size_t half = n / 2;
        first = sn_tie_to(net, first + half) < v ? first + half : first;
        n -= half;
    }
    first += sn_tie_to(net, first) < v;
    return first < net->out_start[u + 1] && sn_tie_to(net, first) == v ? (int64_t)first : -1;
}

/*
 * The ties of the pairs of actors met so far (open addressing, at most half full; a pair that
 * finds it full is looked up in the network each time): contacts repeat their pairs, and one
 * probe here is cheaper than a search of the network's ties.
 */
typedef struct memo_slot {
    uint64_t key; /* from << 32 | to; UINT64_MAX = empty */
    int64_t tie;
} memo_slot;

typedef struct pair_memo {
    memo_slot *slot;
    size_t mask, used;
} pair_memo;

static int pair_memo_init(pair_memo *pm, size_t pairs)
{
    size_t cap = 64;
    while (cap < 2 * pairs && cap < ((size_t)1 << 40))
        cap *= 2;
    pm->slot = malloc(cap * sizeof *pm->slot);
    if (!pm->slot)
        return -1;
    for (size_t k = 0; k < cap; k++)
        pm->slot[k].key = UINT64_MAX;
    pm->mask = cap - 1;
    pm->used = 0;
    return 0;
}

/* The tie of a contact in the network, or -1 (self-contact, inside a group, under threshold). */
static inline int64_t contact_tie(const ctx *c, pair_memo *pm, size_t i)
{
    uint32_t f = c->s->from[i], t = c->s->to[i];
    if (f == t || (c->v->meetings == SN_MEETINGS_OFF && sn_store_meeting(c->s, i)))
        return -1;
    uint64_t key = (uint64_t)f << 32 | t, h = key;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    size_t k = h & pm->mask;
    while (pm->slot[k].key != UINT64_MAX) {
        if (pm->slot[k].key == key)
            return pm->slot[k].tie;
        k = (k + 1) & pm->mask;
    }
    uint32_t u = c->net->node_of_actor[f], v = c->net->node_of_actor[t];
    int64_t e = u == v ? -1 : find_tie(c->net, u, v);
    if (2 * (pm->used + 1) <= pm->mask + 1) {
        pm->slot[k].key = key;
        pm->slot[k].tie = e;
        pm->used++;
    }
    return e;
}

static void finish_stats(const ctx *c, const acc *a, sn_tstats *o, int tie_level)
{
    const sn_temporal *T = c->T;
    memset(o, 0, sizeof *o);
    o->contacts = a->g.n;
    o->first = a->g.n ? a->g.first : 0;
    o->last = a->g.n ? a->g.last : 0;
    o->burstiness = c->s->count ? NAN : sn_gaps_burstiness(&a->g); /* none from a tie table */
    o->regularity = c->s->count ? NAN : sn_gaps_regularity(&a->g);
    if (tie_level) {
        long u = a->pers_a + a->pers_b - a->pers_both;
        o->persistence = u > 0 ? (double)a->pers_both / (double)u : NAN;
    } else {
        o->persistence = a->pers_n ? a->pers_sum / (double)a->pers_n : NAN;
    }
    o->novelty = a->nov_n ? a->nov_sum / (double)a->nov_n : NAN;
    o->baseline_contacts = a->baseline;
    o->rate_ratio = NAN;
    double days = (double)(T->period_end - T->period_start) / SN_DAY;
    double bdays = (double)(T->baseline_end - T->baseline_start) / SN_DAY;
    if (T->has_baseline && a->baseline > 0 && days > 0 && bdays > 0)
        o->rate_ratio = ((double)a->g.n / days) / ((double)a->baseline / bdays);
    o->contacts_before = a->before;
    o->contacts_after = a->after;
    o->decay_per_day = o->half_life_days = NAN;
    if (T->has_after && a->after >= SN_DECAY_MIN_CONTACTS) {
        double lambda = sn_decay_rate(a->sum_after / (double)a->after,
                                      (double)(T->period_end - c->decay_start));
        if (isfinite(lambda) && lambda > 0) {
            o->decay_per_day = lambda * SN_DAY;
            o->half_life_days = log(2.0) / lambda / SN_DAY;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Jaccard and novelty bookkeeping for nodes or group pairs over windows    */

typedef struct jset {
    size_t n;
    uint32_t *prev, *cur, *inter, *fresh; /* per entity: ties in w-1, in w, in both, new in w */
    uint32_t *prev_list, *cur_list;       /* entities touched in w-1, in w */
    size_t n_prev, n_cur;
    long *stamp; /* last window an entity was visited in the closing loop */
} jset;

static int jset_init(jset *j, size_t n)
{
    memset(j, 0, sizeof *j);
    j->n = n;
    size_t m = n ? n : 1;
    j->prev = calloc(m, sizeof *j->prev);
    j->cur = calloc(m, sizeof *j->cur);
    j->inter = calloc(m, sizeof *j->inter);
    j->fresh = calloc(m, sizeof *j->fresh);
    j->prev_list = malloc(m * sizeof *j->prev_list);
    j->cur_list = malloc(m * sizeof *j->cur_list);
    j->stamp = malloc(m * sizeof *j->stamp);
    if (!j->prev || !j->cur || !j->inter || !j->fresh || !j->prev_list || !j->cur_list || !j->stamp)
        return -1;
    for (size_t i = 0; i < n; i++)
        j->stamp[i] = -1;
    return 0;
}

static void jset_free(jset *j)
{
    free(j->prev);
    free(j->cur);
    free(j->inter);
    free(j->fresh);
    free(j->prev_list);
    free(j->cur_list);
    free(j->stamp);
}

static inline void jset_touch(jset *j, uint32_t x, int both, int fresh)
{
    if (j->cur[x]++ == 0)
        j->cur_list[j->n_cur++] = x;
    j->inter[x] += (uint32_t)both;
    j->fresh[x] += (uint32_t)fresh;
}

/* Close window w: Jaccard with w-1 (w >= 1) and novelty (w >= k) into the accumulators. */
static void jset_close(jset *j, long w, long k, acc *accs)
{
    if (w >= 1) {
        for (int pass = 0; pass < 2; pass++) {
            const uint32_t *list = pass ? j->prev_list : j->cur_list;
            size_t n = pass ? j->n_prev : j->n_cur;
            for (size_t i = 0; i < n; i++) {
                uint32_t x = list[i];
                if (j->stamp[x] == w)
                    continue;
                j->stamp[x] = w;
                uint32_t u = j->prev[x] + j->cur[x] - j->inter[x];
                if (u > 0) {
                    accs[x].pers_sum += (double)j->inter[x] / (double)u;
                    accs[x].pers_n++;
                }
            }
        }
    }
    if (w >= k)
        for (size_t i = 0; i < j->n_cur; i++) {
            uint32_t x = j->cur_list[i];
            accs[x].nov_sum += (double)j->fresh[x] / (double)j->cur[x];
            accs[x].nov_n++;
        }
    for (size_t i = 0; i < j->n_prev; i++)
        j->prev[j->prev_list[i]] = 0;
    for (size_t i = 0; i < j->n_cur; i++) {
        uint32_t x = j->cur_list[i];
        j->prev[x] = j->cur[x];
        j->cur[x] = j->inter[x] = j->fresh[x] = 0;
    }
    uint32_t *t = j->prev_list;
    j->prev_list = j->cur_list;
    j->cur_list = t;
    j->n_prev = j->n_cur;
    j->n_cur = 0;
}

/* ------------------------------------------------------------------------ */
/* Group pairs                                                              */

/* Distinct (from group, to group) over the network's ties; pair_of_tie maps each tie to one. */
static sn_status make_pairs(const sn_net *net, sn_temporal *T, uint32_t *pair_of_tie,
                            uint64_t **keys_out, size_t *n_out, sn_err *err)
{
    size_t m = net->n_ties;
    uint64_t *keys = malloc((m ? m : 1) * sizeof *keys);
    if (!keys)
        return sn_err_set(err, SN_ENOMEM, "out of memory grouping ties");
    const uint32_t *g = T->groups.group;
    for (size_t e = 0; e < m; e++)
        keys[e] = (uint64_t)g[sn_tie_from(net, e)] << 32 | g[sn_tie_to(net, e)];
    qsort(keys, m, sizeof *keys, sni_cmp_u64);
    size_t n = 0;
    for (size_t e = 0; e < m; e++)
        if (n == 0 || keys[n - 1] != keys[e])
            keys[n++] = keys[e];
    for (size_t e = 0; e < m; e++) {
        uint64_t key = (uint64_t)g[sn_tie_from(net, e)] << 32 | g[sn_tie_to(net, e)];
        pair_of_tie[e] = (uint32_t)sni_lower_bound_u64(keys, n, key);
    }
    *keys_out = keys;
    *n_out = n;
    return SN_OK;
}

/* ------------------------------------------------------------------------ */
/* Change points                                                            */

static int cmp_cp(const void *a, const void *b)
{
    const sn_change_point *x = a, *y = b;
    double dx = fabs(x->rate_after - x->rate_before), dy = fabs(y->rate_after - y->rate_before);
    if (dx != dy)
        return dx < dy ? 1 : -1;
    return x->time < y->time ? -1 : x->time > y->time;
}

static sn_status change_points(const sn_temporal *T, const double *daily, sn_change_points *out,
                               sn_err *err)
{
    memset(out, 0, sizeof *out);
    out->tested = 1;
    out->penalty = T->cp_penalty;
    if (T->cp_rule == SN_CP_QUASI_BIC)
        out->penalty *= sn_dispersion(daily, T->days);
    size_t *pos = NULL, n = 0;
    int over = 0;
    sn_status rc = sn_pelt_poisson_limited(daily, T->days, out->penalty, (size_t)T->cp_min_days,
                                           SN_CP_MAX_WORK, &pos, &n, &over, err);
    if (over) {
        out->tested = 0;
        out->over_work = 1;
    }
    if (rc != SN_OK || n == 0)
        return rc;
    out->cp = malloc(n * sizeof *out->cp);
    if (!out->cp) {
        free(pos);
        return sn_err_set(err, SN_ENOMEM, "out of memory finding change points");
    }
    for (size_t i = 0; i < n; i++) {
        size_t a = i ? pos[i - 1] : 0, b = pos[i], c = i + 1 < n ? pos[i + 1] : T->days;
        double before = 0, after = 0;
        for (size_t d = a; d < b; d++)
            before += daily[d];
        for (size_t d = b; d < c; d++)
            after += daily[d];
        /* days are counted on the current zone's wall clock */
        const sn_tz *z = sn_tz_current();
        sn_tz_to_utc(z, sn_tz_local(z, T->period_start) + (int64_t)b * SN_DAY, &out->cp[i].time,
                     NULL);
        out->cp[i].rate_before = before / (double)(b - a);
        out->cp[i].rate_after = after / (double)(c - b);
    }
    out->n = n;
    free(pos);
    qsort(out->cp, n, sizeof *out->cp, cmp_cp);
    return SN_OK;
}

/* The series to test, shared by worker threads: each takes the next job. */
typedef struct cp_job {
    const double *daily;
    sn_change_points *out;
} cp_job;

typedef struct cp_pool {
    const sn_temporal *T;
    cp_job *jobs;
    size_t n, next;
    sn_status rc;
    sn_err err;
} cp_pool;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static void *cp_worker(void *arg)
{
    cp_pool *pool = arg;
    for (;;) {
        size_t i = __atomic_fetch_add(&pool->next, 1, __ATOMIC_RELAXED);
        if (i >= pool->n)
            return NULL;
        sn_err e = {0};
        sn_status rc = change_points(pool->T, pool->jobs[i].daily, pool->jobs[i].out, &e);
        if (rc != SN_OK) {
            pthread_mutex_lock(&pool_lock);
            if (pool->rc == SN_OK) {
                pool->rc = rc;
                pool->err = e;
            }
            pthread_mutex_unlock(&pool_lock);
        }
    }
}

static void cp_part(void *pool, int part, int parts)
{
    (void)part;
    (void)parts;
    cp_worker(pool);
}

/* PELT over every job, on up to sni_threads() threads (the series are independent). */
static sn_status run_pool(cp_pool *pool, sn_err *err)
{
    int nt = sni_threads();
    if ((size_t)nt > pool->n)
        nt = (int)pool->n;
    sni_parallel_for(nt, cp_part, pool);
    if (pool->rc != SN_OK) {
        if (err)
            *err = pool->err;
        return pool->rc;
    }
    return SN_OK;
}

/* ------------------------------------------------------------------------ */
/* Windows                                                                  */

/* Union-find root with path halving. */
static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

typedef struct wstate {
    long *last_seen;     /* per network tie: the last window it was in */
    int64_t *wtie;       /* the window's ties as network ties */
    long *in_window;     /* per network tie: 1 + the last window it was in, set as it is found */
    int64_t *reverse;    /* per network tie: the tie the other way, or -1 */
    uint32_t *count;     /* per network tie: its contacts in the window being read */
    const int64_t *ctie; /* the tie of each contact of the period (NULL: build each window) */
    size_t ctie_lo;      /* timeline position of ctie[0] */
    uint32_t *stamp, *parent, *active;
    acc *tie_acc, *node_acc, *pair_acc;
    const uint32_t *pair_of_tie;
    jset nodes, pairs;
    size_t prev_ties;
    sn_store sorted; /* a time-ordered copy of the period's contacts (store not in order) */
    int have_sorted;
    size_t period_lo; /* timeline position of the copy's first contact */
} wstate;

/* A store holding timeline positions [lo, hi) of the period, for building a window's network. */
static sn_status window_store(const ctx *c, wstate *ws, size_t lo, size_t hi, sn_store *out,
                              sn_err *err)
{
    if (c->v->meetings != SN_MEETINGS_ROWS) {
        /* Meeting projection reads a meeting index over the whole store: no slices. */
        *out = *c->s;
        return SN_OK;
    }
    if (!c->T->timeline.order)
        return sn_timeline_slice(&c->T->timeline, lo, hi, out, err);
    sn_store_slice(&ws->sorted, lo - ws->period_lo, hi - lo, out);
    return SN_OK;
}

static sn_status copy_sorted(const ctx *c, wstate *ws, size_t lo, size_t hi, sn_err *err)
{
    const sn_store *s = c->s;
    if (sn_store_clone_columns(s, hi - lo, &ws->sorted) != SN_OK)
        return sn_err_set(err, SN_ENOMEM, "out of memory ordering contacts by time");
    ws->have_sorted = 1;
    ws->period_lo = lo;
    for (size_t p = lo; p < hi; p++)
        sn_store_copy_row(&ws->sorted, p - lo, s, sn_timeline_contact(&c->T->timeline, p));
    return SN_OK;
}

static void free_sorted(wstate *ws)
{
    if (!ws->have_sorted)
        return;
    sn_store_free_columns(&ws->sorted);
}

/*
 * The window's contacts and its contacts per channel, and its ties as network
 * ties into ws->wtie (each stamped in ws->in_window), *n_ties of them. From
 * the contacts' ties when they are known (meetings as rows or left out, no
 * node measures: a pair is a tie of the window when it has min_contacts
 * contacts in it, and so a tie of the network), else from the window's own
 * network, built into wn (*built = 1).
 */
static sn_status window_ties(const ctx *c, wstate *ws, size_t w, size_t lo, size_t hi,
                             const long *chan_slot, sn_net *wn, int *built, size_t *n_ties,
                             sn_err *err)
{
    sn_window *win = &c->T->windows[w];
    size_t k = 0;
    *built = 0;
    if (ws->ctie) {
        long contacts = 0;
        for (size_t p = lo; p < hi; p++) {
            size_t i = sn_timeline_contact(&c->T->timeline, p);
            uint8_t ch = c->s->channel[i];
            if (!keep_channel(c->v, ch))
                continue;
            uint32_t cnt = c->s->count ? c->s->count[i] : 1; /* a tie-table row: its contacts */
            if (chan_slot[ch] >= 0)
                win->channel_contacts[chan_slot[ch]] += cnt;
            contacts += cnt;
            int64_t e = ws->ctie[p - ws->ctie_lo];
            if (e >= 0 && (ws->count[e] += cnt) == cnt)
                ws->wtie[k++] = e;
        }
        double min = c->v->min_contacts > 1 ? (double)c->v->min_contacts - 1e-9 : 0;
        size_t kept = 0;
        for (size_t j = 0; j < k; j++) {
            int64_t e = ws->wtie[j];
            if ((double)ws->count[e] >= min)
                ws->wtie[kept++] = e;
            ws->count[e] = 0;
        }
        k = kept;
        win->contacts = contacts;
    } else {
        for (size_t p = lo; p < hi; p++) {
            size_t i = sn_timeline_contact(&c->T->timeline, p);
            uint8_t ch = c->s->channel[i];
            if (keep_channel(c->v, ch) && chan_slot[ch] >= 0)
                win->channel_contacts[chan_slot[ch]] += c->s->count ? c->s->count[i] : 1;
        }
        sn_store slice;
        sn_status rc = window_store(c, ws, lo, hi, &slice, err);
        if (rc != SN_OK)
            return rc;
        sn_view_opts vo = *c->v;
        vo.has_since = vo.has_until = 1;
        vo.since = win->start;
        vo.until = win->end;
        rc = sn_net_build(&slice, &vo, wn, err);
        if (rc != SN_OK)
            return rc;
        *built = 1;
        win->contacts = wn->contacts_in_window;
        for (size_t e = 0; e < wn->n_ties; e++) {
            /* a window tie is a tie of the whole period */
            int64_t t = sn_net_tie(c->net, sn_tie_from(wn, e), sn_tie_to(wn, e));
            if (t >= 0)
                ws->wtie[k++] = t;
        }
        if (k != wn->n_ties)
            return sn_err_set(err, SN_EANALYSIS, "a window's tie is not a tie of the period");
    }
    for (size_t j = 0; j < k; j++)
        ws->in_window[ws->wtie[j]] = (long)w + 1;
    *n_ties = k;
    return SN_OK;
}

static sn_status one_window(const ctx *c, wstate *ws, const sn_metrics_opts *mo, size_t w,
                            const long *chan_slot, double base_rate, sn_err *err)
{
    sn_temporal *T = c->T;
    const sn_net *net = c->net;
    sn_window *win = &T->windows[w];
    long W = (long)T->n_windows, k = T->novelty_k, lw = (long)w;
    size_t lo, hi;
    sn_timeline_range(&T->timeline, win->start, win->end, &lo, &hi);
    sn_net wn;
    int built = 0;
    size_t n_ties = 0;
    sn_status rc = window_ties(c, ws, w, lo, hi, chan_slot, &wn, &built, &n_ties, err);
    if (rc != SN_OK) {
        if (built)
            sn_net_free(&wn);
        return rc;
    }
    win->ties = n_ties;

    /* Active nodes; reciprocity; weak components. */
    size_t recip = 0, inter = 0, fresh = 0;
    uint32_t n_active = 0;
    for (size_t j = 0; j < n_ties; j++) {
        int64_t e = ws->wtie[j];
        uint32_t u = sn_tie_from(net, (size_t)e), v = sn_tie_to(net, (size_t)e);
        if (ws->reverse[e] >= 0 && ws->in_window[ws->reverse[e]] == (long)w + 1)
            recip++;
        for (int end = 0; end < 2; end++) {
            uint32_t x = end ? v : u;
            if (ws->stamp[x] != (uint32_t)w + 1) {
                ws->stamp[x] = (uint32_t)w + 1;
                ws->parent[x] = x;
                ws->active[n_active++] = x;
            }
        }
        uint32_t ru = uf_find(ws->parent, u), rv = uf_find(ws->parent, v);
        if (ru != rv)
            ws->parent[ru] = rv;
    }
    long comps = 0;
    for (uint32_t i = 0; i < n_active; i++)
        if (uf_find(ws->parent, ws->active[i]) == ws->active[i])
            comps++;
    win->nodes = n_active;
    win->components = comps;
    win->density = n_active >= 2 ? (double)n_ties / ((double)n_active * (n_active - 1)) : NAN;
    win->reciprocity = n_ties ? (double)recip / (double)n_ties : NAN;

    /* Persistence and novelty of the window, and of each tie, node and group pair. */
    for (size_t j = 0; j < n_ties; j++) {
        int64_t t = ws->wtie[j];
        int both = lw >= 1 && ws->last_seen[t] == lw - 1;
        int is_new = ws->last_seen[t] < lw - k;
        inter += (size_t)both;
        fresh += (size_t)is_new;
        if (T->series_only)
            continue;
        acc *ta = &ws->tie_acc[t];
        if (lw >= 1) {
            ta->pers_a++;
            ta->pers_both += both;
        }
        if (lw <= W - 2)
            ta->pers_b++;
        if (lw >= k) {
            ta->nov_sum += is_new;
            ta->nov_n++;
        }
        jset_touch(&ws->nodes, sn_tie_from(net, (size_t)t), both, is_new);
        jset_touch(&ws->nodes, sn_tie_to(net, (size_t)t), both, is_new);
        jset_touch(&ws->pairs, ws->pair_of_tie[t], both, is_new);
    }
    size_t uni = ws->prev_ties + n_ties - inter;
    win->persistence = lw >= 1 && uni > 0 ? (double)inter / (double)uni : NAN;
    win->novelty = lw >= k && n_ties > 0 ? (double)fresh / (double)n_ties : NAN;
    if (!T->series_only) {
        jset_close(&ws->nodes, lw, k, ws->node_acc);
        jset_close(&ws->pairs, lw, k, ws->pair_acc);
    }
    for (size_t j = 0; j < n_ties; j++)
        ws->last_seen[ws->wtie[j]] = lw;
    ws->prev_ties = n_ties;

    double days = (double)(win->end - win->start) / SN_DAY;
    win->rate_ratio = base_rate > 0 && days > 0 ? ((double)win->contacts / days) / base_rate : NAN;

    if (T->window_metrics && n_active > 0 && built) {
        /* Ascending node order: a counting pass over the stamps. */
        win->active = malloc(n_active * sizeof *win->active);
        win->values = malloc((size_t)n_active * (size_t)T->n_metric_columns * sizeof *win->values);
        if (!win->active || !win->values) {
            sn_net_free(&wn);
            return sn_err_set(err, SN_ENOMEM, "out of memory for window measures");
        }
        uint32_t k2 = 0;
        for (uint32_t x = 0; x < wn.n_nodes; x++)
            if (ws->stamp[x] == (uint32_t)w + 1)
                win->active[k2++] = x;
        win->n_active = k2;
        rc = window_metrics(&wn, mo, T->window_metrics, win->active, k2, win->values, err);
    }
    if (built)
        sn_net_free(&wn);
    return rc;
}

/* ------------------------------------------------------------------------ */

typedef struct work {
    acc net_acc, *tie_acc, *node_acc, *pair_acc;
    int64_t *ctie; /* the tie of each contact of the period (-1: none, or not in the view) */
    pair_memo memo;
    uint32_t *pair_of_tie;
    uint64_t *pair_keys;
    double *net_daily;
    double *chan_daily[SN_CHANNEL_MAX + 1];
    long chan_total[SN_CHANNEL_MAX + 1];
    long chan_slot[SN_CHANNEL_MAX + 1];
    long *pair_slot;
    double *pair_daily;
    wstate ws;
} work;

static void work_free(work *wk)
{
    free(wk->ctie);
    free(wk->memo.slot);
    free(wk->ws.in_window);
    free(wk->ws.reverse);
    free(wk->ws.count);
    free(wk->tie_acc);
    free(wk->node_acc);
    free(wk->pair_acc);
    free(wk->pair_of_tie);
    free(wk->pair_keys);
    free(wk->net_daily);
    for (int ch = 0; ch <= SN_CHANNEL_MAX; ch++)
        free(wk->chan_daily[ch]);
    free(wk->pair_slot);
    free(wk->pair_daily);
    free(wk->ws.last_seen);
    free(wk->ws.wtie);
    free(wk->ws.stamp);
    free(wk->ws.parent);
    free(wk->ws.active);
    jset_free(&wk->ws.nodes);
    jset_free(&wk->ws.pairs);
    free_sorted(&wk->ws);
}

static int cmp_pair_contacts(const void *a, const void *b)
{
    const sn_group_pair *x = a, *y = b;
    if (x->stats.contacts != y->stats.contacts)
        return x->stats.contacts < y->stats.contacts ? 1 : -1;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

static sn_status compute(const ctx *c, const sn_metrics_opts *mo, const sn_temporal_opts *o,
                         work *wk, sn_err *err)
{
    sn_temporal *T = c->T;
    const sn_net *net = c->net;
    const sn_store *s = c->s;
    size_t m = net->n_ties, n = net->n_nodes, days = T->cp_too_long ? 0 : T->days;
    int detail = !T->series_only; /* measures of each tie, node and group pair */
    sn_status rc = sn_partition_build(net, o->pairs_by && o->pairs_by[0] ? o->pairs_by : "type",
                                      &T->groups, err);
    if (rc != SN_OK)
        return rc;
    size_t np = 0;
    if (detail) {
        wk->pair_of_tie = malloc((m ? m : 1) * sizeof *wk->pair_of_tie);
        if (!wk->pair_of_tie)
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        rc = make_pairs(net, T, wk->pair_of_tie, &wk->pair_keys, &np, err);
        if (rc != SN_OK)
            return rc;
        wk->tie_acc = calloc(m ? m : 1, sizeof *wk->tie_acc);
        wk->node_acc = calloc(n ? n : 1, sizeof *wk->node_acc);
        if (!wk->tie_acc || !wk->node_acc)
            return sn_err_set(err, SN_ENOMEM, "out of memory for the temporal measures");
    }
    wk->pair_acc = calloc(np ? np : 1, sizeof *wk->pair_acc);
    wk->net_daily = calloc(days ? days : 1, sizeof *wk->net_daily);
    wk->pair_slot = malloc((np ? np : 1) * sizeof *wk->pair_slot);
    if (!wk->pair_acc || !wk->net_daily || !wk->pair_slot)
        return sn_err_set(err, SN_ENOMEM, "out of memory for the temporal measures");
    /*
     * A window's ties from its contacts' ties, without building its network, unless its meetings
     * are projected (ties from meetings, not rows) or its node measures are asked for.
     */
    int direct = T->n_windows && c->v->meetings != SN_MEETINGS_PROJECT && !T->window_metrics;

    /*
     * One pass over the analysed period (days = 0: no change points, no daily counts). The tie of
     * each contact is looked up once, here: the baseline, the windows and the group pairs' daily
     * counts read it again.
     */
    size_t plo, phi;
    sn_timeline_range(&T->timeline, T->period_start, T->period_end, &plo, &phi);
    const int32_t *known = c->v->meetings != SN_MEETINGS_PROJECT ? o->contact_ties : NULL;
    if (detail || direct) {
        wk->ctie = malloc((phi > plo ? phi - plo : 1) * sizeof *wk->ctie);
        if (!wk->ctie || pair_memo_init(&wk->memo, m + s->n_actors))
            return sn_err_set(err, SN_ENOMEM, "out of memory for the temporal measures");
    }
    size_t d = 0;
    int64_t d_end = T->period_start; /* the day of the contact: they come in time order */
    for (size_t p = plo; p < phi; p++) {
        size_t i = sn_timeline_contact(&T->timeline, p);
        uint8_t ch = s->channel[i];
        if (wk->ctie)
            wk->ctie[p - plo] = -1;
        if (!keep_channel(c->v, ch))
            continue;
        int64_t t = sn_store_time(s, i);
        if (t >= d_end) {
            const sn_tz *z = sn_tz_current();
            int64_t l0 = sn_tz_local(z, T->period_start);
            d = day_index(T, sn_tz_local(z, t) - l0);
            sn_tz_to_utc(z, l0 + (int64_t)(d + 1) * SN_DAY, &d_end, NULL);
            if (d_end <= t)
                d_end = t + 1; /* a day the clock went back in: check the next contact again */
        }
        acc_add(c, &wk->net_acc, t, i);
        double cnt = sn_store_count(s, i); /* a tie-table row: its contacts */
        if (days) {
            wk->net_daily[d] += cnt;
            if (!wk->chan_daily[ch] && !(wk->chan_daily[ch] = calloc(days, sizeof(double))))
                return sn_err_set(err, SN_ENOMEM, "out of memory for the temporal measures");
            wk->chan_daily[ch][d] += cnt;
        }
        wk->chan_total[ch] += (long)cnt;
        if (!wk->ctie)
            continue;
        int64_t e = wk->ctie[p - plo] = known ? known[i] : contact_tie(c, &wk->memo, i);
        if (e < 0 || !detail)
            continue;
        acc_add(c, &wk->tie_acc[e], t, i);
        acc_add(c, &wk->node_acc[sn_tie_from(net, (size_t)e)], t, i);
        acc_add(c, &wk->node_acc[sn_tie_to(net, (size_t)e)], t, i);
        acc_add(c, &wk->pair_acc[wk->pair_of_tie[e]], t, i);
    }

    /* The view's contacts outside the period (before it, after it): left out of it. */
    size_t vlo, vhi;
    sn_timeline_range(&T->timeline, c->v->has_since ? c->v->since : INT64_MIN,
                      c->v->has_until ? c->v->until : INT64_MAX, &vlo, &vhi);
    if (!c->v->has_until)
        vhi = T->timeline.n; /* a contact at INT64_MAX too */
    for (size_t p = vlo; p < vhi; p++) {
        if (p >= plo && p < phi) {
            p = phi - 1; /* the period itself */
            continue;
        }
        size_t i = sn_timeline_contact(&T->timeline, p);
        if (keep_channel(c->v, s->channel[i])) {
            T->outside++;
            T->strays += T->has_range && sn_time_in_range(&T->range, sn_store_time(s, i));
        }
    }

    /* Channels with contacts in the period. */
    T->channels = malloc(SN_CHANNEL_MAX + 1);
    T->channel_totals = calloc(SN_CHANNEL_MAX + 1, sizeof *T->channel_totals);
    T->channel_cps = calloc(SN_CHANNEL_MAX + 1, sizeof *T->channel_cps);
    if (!T->channels || !T->channel_totals || !T->channel_cps)
        return sn_err_set(err, SN_ENOMEM, "out of memory for the temporal measures");
    for (int ch = 0; ch <= SN_CHANNEL_MAX; ch++) {
        wk->chan_slot[ch] = -1;
        if (wk->chan_total[ch] > 0) {
            wk->chan_slot[ch] = (long)T->n_channels;
            T->channel_totals[T->n_channels] = wk->chan_total[ch];
            T->channels[T->n_channels++] = (uint8_t)ch;
        }
    }

    /* The baseline. */
    if (T->has_baseline) {
        size_t blo, bhi;
        sn_timeline_range(&T->timeline, T->baseline_start, T->baseline_end, &blo, &bhi);
        for (size_t p = blo; p < bhi; p++) {
            size_t i = sn_timeline_contact(&T->timeline, p);
            if (!keep_channel(c->v, s->channel[i]))
                continue;
            long cnt = s->count ? (long)s->count[i] : 1; /* a tie-table row: its contacts */
            wk->net_acc.baseline += cnt;
            if (!detail)
                continue;
            int64_t e = p >= plo && p < phi ? wk->ctie[p - plo] : contact_tie(c, &wk->memo, i);
            if (e < 0)
                continue;
            wk->tie_acc[e].baseline += cnt;
            wk->node_acc[sn_tie_from(net, (size_t)e)].baseline += cnt;
            wk->node_acc[sn_tie_to(net, (size_t)e)].baseline += cnt;
            wk->pair_acc[wk->pair_of_tie[e]].baseline += cnt;
        }
    }

    /* The windows. */
    if (T->n_windows) {
        wstate *ws = &wk->ws;
        ws->last_seen = malloc((m ? m : 1) * sizeof *ws->last_seen);
        ws->wtie = malloc((m ? m : 1) * sizeof *ws->wtie);
        ws->stamp = calloc(n ? n : 1, sizeof *ws->stamp);
        ws->parent = malloc((n ? n : 1) * sizeof *ws->parent);
        ws->active = malloc((n ? n : 1) * sizeof *ws->active);
        ws->in_window = calloc(m ? m : 1, sizeof *ws->in_window);
        ws->reverse = malloc((m ? m : 1) * sizeof *ws->reverse);
        ws->count = calloc(m ? m : 1, sizeof *ws->count);
        if (!ws->last_seen || !ws->wtie || !ws->stamp || !ws->parent || !ws->active ||
            !ws->in_window || !ws->reverse || !ws->count || jset_init(&ws->nodes, n) ||
            jset_init(&ws->pairs, np))
            return sn_err_set(err, SN_ENOMEM, "out of memory for the windows");
        for (size_t e = 0; e < m; e++) {
            ws->last_seen[e] = -(1L << 40);
            ws->reverse[e] = sn_net_tie(net, sn_tie_to(net, e), sn_tie_from(net, e));
        }
        if (direct) {
            ws->ctie = wk->ctie;
            ws->ctie_lo = plo;
        }
        ws->tie_acc = wk->tie_acc;
        ws->node_acc = wk->node_acc;
        ws->pair_acc = wk->pair_acc;
        ws->pair_of_tie = wk->pair_of_tie;
        if (!ws->ctie && T->timeline.order && c->v->meetings == SN_MEETINGS_ROWS &&
            (rc = copy_sorted(c, ws, plo, phi, err)) != SN_OK)
            return rc;
        double bdays = (double)(T->baseline_end - T->baseline_start) / SN_DAY;
        double base_rate =
            T->has_baseline && bdays > 0 ? (double)wk->net_acc.baseline / bdays : NAN;
        for (size_t w = 0; w < T->n_windows; w++) {
            T->windows[w].channel_contacts =
                calloc(T->n_channels ? T->n_channels : 1, sizeof(long));
            if (!T->windows[w].channel_contacts)
                return sn_err_set(err, SN_ENOMEM, "out of memory for the windows");
            rc = one_window(c, ws, mo, w, wk->chan_slot, base_rate, err);
            if (rc != SN_OK)
                return rc;
        }
        free_sorted(ws);
        ws->have_sorted = 0;
    }

    /* Results per tie, node, group pair and the network. */
    T->n_ties = detail ? m : 0;
    T->n_nodes = detail ? (uint32_t)n : 0;
    T->ties = malloc((T->n_ties ? T->n_ties : 1) * sizeof *T->ties);
    T->nodes = malloc((T->n_nodes ? T->n_nodes : 1) * sizeof *T->nodes);
    T->pairs = calloc(np ? np : 1, sizeof *T->pairs);
    if (!T->ties || !T->nodes || !T->pairs)
        return sn_err_set(err, SN_ENOMEM, "out of memory for the temporal measures");
    for (size_t e = 0; e < T->n_ties; e++)
        finish_stats(c, &wk->tie_acc[e], &T->ties[e], 1);
    for (size_t v = 0; v < T->n_nodes; v++)
        finish_stats(c, &wk->node_acc[v], &T->nodes[v], 0);
    /* The network: window persistence and novelty averaged over the windows. */
    for (size_t w = 0; w < T->n_windows; w++) {
        if (!isnan(T->windows[w].persistence)) {
            wk->net_acc.pers_sum += T->windows[w].persistence;
            wk->net_acc.pers_n++;
        }
        if (!isnan(T->windows[w].novelty)) {
            wk->net_acc.nov_sum += T->windows[w].novelty;
            wk->net_acc.nov_n++;
        }
    }
    finish_stats(c, &wk->net_acc, &T->network, 0);
    if (!detail) /* the gaps between contacts were not followed */
        T->network.burstiness = T->network.regularity = NAN;

    /* Change points: the network, each channel, each group pair with enough contacts. */
    size_t n_tested = 0;
    for (size_t p = 0; p < np; p++)
        wk->pair_slot[p] = wk->pair_acc[p].g.n >= T->cp_min_contacts && wk->pair_acc[p].g.n > 0
                               ? (long)n_tested++
                               : -1;
    if (n_tested && days) {
        wk->pair_daily = calloc(n_tested * days, sizeof *wk->pair_daily);
        if (!wk->pair_daily)
            return sn_err_set(err, SN_ENOMEM, "out of memory for change points");
        for (size_t p = plo; p < phi; p++) {
            int64_t e = wk->ctie[p - plo]; /* -1 outside the view too */
            if (e < 0 || wk->pair_slot[wk->pair_of_tie[e]] < 0)
                continue;
            size_t i = sn_timeline_contact(&T->timeline, p);
            size_t day = day_index(T, sn_tz_local(sn_tz_current(), sn_store_time(s, i)) -
                                          sn_tz_local(sn_tz_current(), T->period_start));
            wk->pair_daily[(size_t)wk->pair_slot[wk->pair_of_tie[e]] * days + day] += 1;
        }
    }
    T->n_pairs = np;
    cp_pool pool = {T, NULL, 0, 0, SN_OK, {0}};
    pool.jobs = malloc((1 + T->n_channels + n_tested) * sizeof *pool.jobs);
    if (!pool.jobs)
        return sn_err_set(err, SN_ENOMEM, "out of memory for change points");
    int no_cps = s->count != NULL; /* a tie table has no daily counts: no change points */
    if (!T->cp_too_long && !no_cps) {
        pool.jobs[pool.n++] = (cp_job){wk->net_daily, &T->network_cps};
        for (size_t k = 0; k < T->n_channels; k++)
            pool.jobs[pool.n++] = (cp_job){wk->chan_daily[T->channels[k]], &T->channel_cps[k]};
    }
    for (size_t p = 0; p < np; p++) {
        sn_group_pair *gp = &T->pairs[p];
        gp->from = (uint32_t)(wk->pair_keys[p] >> 32);
        gp->to = (uint32_t)(wk->pair_keys[p] & 0xffffffffu);
        finish_stats(c, &wk->pair_acc[p], &gp->stats, 0);
        if (wk->pair_slot[p] >= 0 && days && !no_cps)
            pool.jobs[pool.n++] =
                (cp_job){wk->pair_daily + (size_t)wk->pair_slot[p] * days, &gp->cps};
    }
    rc = run_pool(&pool, err);
    free(pool.jobs);
    if (rc != SN_OK)
        return rc;
    qsort(T->pairs, np, sizeof *T->pairs, cmp_pair_contacts);
    return SN_OK;
}

/*
 * Cut stray contacts off the ends of the period: of the first (last) share
 * SN_BULK_SHARE of the period's contacts, those before (after) a gap of more
 * than SN_BULK_GAP_DAYS days without contacts. Only with SN_BULK_MIN_CONTACTS
 * or more contacts, and not at an end fixed by since or until.
 */
static void trim_to_bulk(sn_temporal *T, const sn_view_opts *v)
{
    const sn_timeline *tl = &T->timeline;
    size_t lo, hi;
    sn_timeline_range(tl, T->period_start, T->period_end, &lo, &hi);
    size_t n = hi - lo, k = n / SN_BULK_SHARE;
    if (n < SN_BULK_MIN_CONTACTS)
        return;
    const int64_t gap = (int64_t)SN_BULK_GAP_DAYS * SN_DAY;
    if (!v->has_since) {
        size_t cut = lo;
        for (size_t p = lo; p < lo + k; p++)
            if (sn_timeline_time(tl, p + 1) - sn_timeline_time(tl, p) > gap)
                cut = p + 1;
        if (cut > lo) {
            int64_t t = sn_timeline_time(tl, cut);
            T->period_start = sn_tz_midnight(sn_tz_current(), sn_tz_day(sn_tz_current(), t));
        }
    }
    if (!v->has_until) {
        size_t cut = hi; /* keep positions before it */
        for (size_t p = hi - 1; p > hi - 1 - k; p--)
            if (sn_timeline_time(tl, p) - sn_timeline_time(tl, p - 1) > gap)
                cut = p;
        if (cut < hi) {
            int64_t t = sn_timeline_time(tl, cut - 1);
            T->period_end = sn_tz_midnight(sn_tz_current(), sn_tz_day(sn_tz_current(), t) + 1);
        }
    }
}

sn_status sn_temporal_compute(const sn_net *net, const sn_metrics_opts *mo,
                              const sn_temporal_opts *o, sn_temporal *T, sn_err *err)
{
    memset(T, 0, sizeof *T);
    const sn_store *s = net->store;
    sn_status rc = sn_timeline_build(s, &T->timeline, err);
    if (rc != SN_OK)
        return rc;
    T->has_range = o->has_range;
    T->range = o->range;
    sn_temporal_period_in(s, &net->opts, o->has_range ? &o->range : NULL, &T->period_start,
                          &T->period_end);
    if (o->has_range)
        trim_to_bulk(T, &net->opts);
    /* the period's days on the current zone's wall clock */
    int64_t wall_len =
        sn_tz_local(sn_tz_current(), T->period_end) - sn_tz_local(sn_tz_current(), T->period_start);
    T->days = T->period_end > T->period_start && wall_len > 0
                  ? (size_t)((wall_len + SN_DAY - 1) / SN_DAY)
                  : 0;
    T->cp_too_long = T->days > SN_CP_MAX_DAYS;
    T->novelty_k = o->novelty_k >= 1 ? o->novelty_k : 1;
    T->cp_min_days = o->cp_min_days >= 1 ? o->cp_min_days : 14;
    T->cp_min_contacts = o->cp_min_contacts >= 0 ? o->cp_min_contacts : 100;
    T->cp_rule = o->cp_rule == SN_CP_FIXED && !(o->cp_penalty > 0) ? SN_CP_QUASI_BIC : o->cp_rule;
    T->cp_penalty =
        T->cp_rule == SN_CP_FIXED ? o->cp_penalty : 2 * log(T->days > 2 ? (double)T->days : 2);
    T->has_after = o->has_after;
    T->after = o->after;
    T->series_only = o->series_only;
    ctx c = {net, s, &net->opts, T, o->after > T->period_start ? o->after : T->period_start};

    if (o->has_window) {
        T->has_window = 1;
        T->window = o->window;
        T->step = o->has_slide ? o->slide : o->window;
        T->sliding = o->has_slide;
        T->window_metrics = o->window_metrics;
        T->n_metric_columns = sn_window_metric_columns(o->window_metrics, T->metric_columns);
        sn_window_bounds *b = NULL;
        rc = sn_windows_plan(&T->window, o->has_slide ? &o->slide : NULL, T->period_start,
                             T->period_end, &b, &T->n_windows, err);
        if (rc != SN_OK) {
            sn_temporal_free(T);
            return rc;
        }
        T->windows = calloc(T->n_windows ? T->n_windows : 1, sizeof *T->windows);
        if (!T->windows) {
            free(b);
            sn_temporal_free(T);
            return sn_err_set(err, SN_ENOMEM, "out of memory for the windows");
        }
        for (size_t w = 0; w < T->n_windows; w++) {
            T->windows[w].start = b[w].start;
            T->windows[w].end = b[w].end;
            memcpy(T->windows[w].label, b[w].label, sizeof b[w].label);
        }
        free(b);
    }
    if (o->has_baseline) {
        T->has_baseline = T->baseline_from_option = 1;
        T->baseline_start = o->baseline_since;
        T->baseline_end = o->baseline_until;
    } else if (T->n_windows) {
        T->has_baseline = 1;
        T->baseline_start = T->windows[0].start;
        T->baseline_end = T->windows[0].end;
    }

    work wk;
    memset(&wk, 0, sizeof wk);
    rc = compute(&c, mo, o, &wk, err);
    work_free(&wk);
    if (rc != SN_OK)
        sn_temporal_free(T);
    return rc;
}

static void free_cps(sn_change_points *c)
{
    free(c->cp);
    memset(c, 0, sizeof *c);
}

void sn_temporal_free(sn_temporal *T)
{
    sn_timeline_free(&T->timeline);
    for (size_t w = 0; w < T->n_windows && T->windows; w++) {
        free(T->windows[w].channel_contacts);
        free(T->windows[w].active);
        free(T->windows[w].values);
    }
    free(T->windows);
    if (T->channel_cps)
        for (size_t k = 0; k < T->n_channels; k++)
            free_cps(&T->channel_cps[k]);
    free(T->channel_cps);
    free(T->channels);
    free(T->channel_totals);
    free_cps(&T->network_cps);
    free(T->ties);
    free(T->nodes);
    if (T->pairs)
        for (size_t p = 0; p < T->n_pairs; p++)
            free_cps(&T->pairs[p].cps);
    free(T->pairs);
    sn_partition_free(&T->groups);
    memset(T, 0, sizeof *T);
}

size_t sn_temporal_bytes(const sn_temporal *t)
{
    size_t bytes = t->timeline.order ? t->timeline.n * sizeof(uint32_t) : 0;
    bytes += (t->n_ties + t->n_nodes) * sizeof(sn_tstats) + t->n_pairs * sizeof(sn_group_pair);
    for (size_t w = 0; w < t->n_windows; w++)
        bytes += sizeof(sn_window) + t->n_channels * sizeof(long) +
                 t->windows[w].n_active * (sizeof(uint32_t) + 8 * (size_t)t->n_metric_columns);
    return bytes;
}
