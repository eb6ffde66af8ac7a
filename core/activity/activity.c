/*
 * activity.c - activity per time window and scope (samnett/activity.h): the
 * network, each pair of groups and the largest cases, in one pass over the
 * contacts (in time order) plus one over the ties per window.
 *
 * Memory: every array is taken from an arena of the call, counted against
 * in->max_bytes; the result's arrays stay in it until sn_activity_free.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/activity.h"
#include "../util/toolbox.h"

#define MAX_THREADS 16

/* ---- memory ---- */

typedef struct arena {
    void **blocks;
    size_t n, cap;
    size_t held, peak, max, wanted;
    int over; /* an allocation was refused: past max (wanted) or out of memory */
} arena;

/* n zeroed elements of size bytes (at least one), or NULL. */
static void *ar_get(arena *ar, size_t n, size_t size)
{
    if (n == 0)
        n = 1;
    if (size && n > SIZE_MAX / size) {
        ar->over = 1;
        ar->wanted = SIZE_MAX;
        return NULL;
    }
    size_t bytes = n * size;
    if (ar->max && (bytes > ar->max || ar->held + bytes > ar->max)) {
        ar->over = 1;
        ar->wanted = bytes > SIZE_MAX - ar->held ? SIZE_MAX : ar->held + bytes;
        return NULL;
    }
    if (ar->n == ar->cap) {
        size_t cap = ar->cap ? 2 * ar->cap : 64;
        void **v = realloc(ar->blocks, cap * sizeof *v);
        if (!v)
            return NULL;
        ar->blocks = v;
        ar->cap = cap;
    }
    void *p = calloc(1, bytes);
    if (!p)
        return NULL;
    ar->blocks[ar->n++] = p;
    ar->held += bytes;
    if (ar->held > ar->peak)
        ar->peak = ar->held;
    return p;
}

static void ar_free(arena *ar)
{
    for (size_t i = 0; i < ar->n; i++)
        free(ar->blocks[i]);
    free(ar->blocks);
    memset(ar, 0, sizeof *ar);
}

/* ---- options ---- */

void sn_activity_opts_init(sn_activity_opts *o)
{
    memset(o, 0, sizeof *o);
    o->novelty_k = 1;
    o->detail = 1;
    o->channels = 1;
    o->by[0] = "organisation";
    o->n_by = 1;
}

sn_status sn_activity_span_parse(const char *key, const char *text, sn_span *out, sn_err *err)
{
    if (!text || sn_span_parse(text, out) != SN_OK)
        return sn_err_set(err, SN_EUSAGE, "bad %s '%s'; expected month, quarter, year, Nd or Nw",
                          key, text ? text : "nil");
    return SN_OK;
}

static sn_status check_whole(const char *key, long v, long min, sn_err *err)
{
    if (v < min)
        return sn_err_set(err, SN_EUSAGE, "%s must be a whole number >= %d", key, (int)min);
    return SN_OK;
}

sn_status sn_activity_opts_check(const sn_activity_opts *o, const char *key, sn_err *err)
{
    sn_status rc = SN_OK;
    if (!key || strcmp(key, "by") == 0) {
        if (o->n_by < 1 || o->n_by > SN_ACTIVITY_MAX_BY)
            return sn_err_set(err, SN_EUSAGE, "by must be an attribute name or a list of 1 to 4");
        for (int i = 0; i < o->n_by; i++)
            if (!o->by[i])
                return sn_err_set(err, SN_EUSAGE, "by must list attribute names");
    }
    if ((!key || strcmp(key, "min_contacts") == 0) &&
        (rc = check_whole("min_contacts", o->min_contacts, 0, err)) != SN_OK)
        return rc;
    if ((!key || strcmp(key, "top_pairs") == 0) &&
        (rc = check_whole("top_pairs", o->top_pairs, 0, err)) != SN_OK)
        return rc;
    if ((!key || strcmp(key, "cases") == 0) &&
        (rc = check_whole("cases", o->cases, 0, err)) != SN_OK)
        return rc;
    if ((!key || strcmp(key, "novelty_k") == 0) &&
        (rc = check_whole("novelty_k", o->novelty_k, 1, err)) != SN_OK)
        return rc;
    if (!key && o->has_step && !o->has_window)
        return sn_err_set(err, SN_EUSAGE, "step needs a window");
    return SN_OK;
}

/* ---- the state of one call ---- */

typedef struct act {
    sn_activity_opts o;
    const sn_activity_in *in;
    sn_activity_in *inx; /* the same, as prepare may fill it in */
    const sn_net *net;
    const sn_store *st;
    arena *ar;
    int K_novelty; /* novelty_k, at most 1000 */
    uint32_t W;    /* windows */
    const sn_window_bounds *win;
    uint32_t nch;
    long mc; /* a window tie needs this many contacts */
    /* groups */
    uint32_t G;
    const char **glabel; /* group -> label, in byte order */
    uint32_t *group;     /* node -> group; UINT32_MAX for none */
    /* pairs 1 .. P; scopes: 0 the network, 1 .. K the kept pairs, K + 1 .. K + NC the cases */
    uint32_t P, K, NC, S;
    uint32_t *pair_a, *pair_b; /* groups of pair p - 1 (a < b) */
    int32_t *tie_pair;         /* tie -> pair (1 ..), 0: no pair, -1: left out */
    uint32_t *pair_scope;      /* pair p (1 ..) -> its scope, 0 when not kept */
    uint32_t *keep;            /* scope j (1 .. K) -> its pair */
    uint8_t *tie_inside;       /* both ends in the same (non-empty) group */
    int64_t *tie_rev;          /* the reverse tie, or -1 */
    uint32_t *cases;           /* the case of each case scope */
    /* per scope x window */
    uint32_t *cnt, *ab, *ba, *meet, *sched, *ngap, *chan;
    double *gsum, *gsq;
    int64_t *last;
    double *tot;       /* per scope: contacts in the period */
    uint32_t *tie_win; /* window x tie contacts (window-major: a window's ties are together) */
} act;

#define SW(a, s, w) ((size_t)(s) * (a)->W + (w))

static int threads_of(const sn_activity_in *in)
{
    int t = in->threads;
    return t < 1 ? 1 : t > MAX_THREADS ? MAX_THREADS : t;
}

/* ---- windows ---- */

/* The windows into *out (malloc'd) and the window length into *length. */
static sn_status plan_windows(const sn_activity_in *in, const sn_activity_opts *o,
                              sn_window_bounds **out, size_t *n, sn_span *length, sn_err *err)
{
    const sn_temporal *T = in->temporal;
    *out = NULL;
    *n = 0;
    if (!o->has_window && T && T->has_window) {
        sn_window_bounds *b = malloc((T->n_windows ? T->n_windows : 1) * sizeof *b);
        if (!b)
            return sn_err_set(err, SN_ENOMEM, "out of memory planning windows");
        for (size_t w = 0; w < T->n_windows; w++) {
            b[w].start = T->windows[w].start;
            b[w].end = T->windows[w].end;
            memcpy(b[w].label, T->windows[w].label, sizeof b[w].label);
        }
        *out = b;
        *n = T->n_windows;
        *length = T->window;
        return SN_OK;
    }
    if (o->has_window)
        *length = o->window;
    else
        sn_span_parse("quarter", length);
    int64_t p0, p1;
    const sn_net *net = in->net;
    sn_temporal_period_in(net->store, &net->opts, in->range, &p0, &p1);
    sn_status rc = sn_windows_plan(length, o->has_step ? &o->step : NULL, p0, p1, out, n, err);
    if (rc != SN_OK)
        return rc;
    if (*n > SN_ACTIVITY_MAX_WINDOWS) {
        int nw = (int)*n;
        free(*out);
        *out = NULL;
        *n = 0;
        return sn_err_set(err, SN_EUSAGE, "%d windows; expected a longer window", nw);
    }
    return SN_OK;
}

sn_status sn_activity_windows(const sn_activity_in *in, const sn_activity_opts *opts,
                              sn_window_bounds **out, size_t *n, sn_err *err)
{
    sn_span length;
    return plan_windows(in, opts, out, n, &length, err);
}

/*
 * The first window whose end is after t (windows are sorted by start and by
 * end): W when none is. A binary search without branches on the times, which
 * fall in the windows at random.
 */
static uint32_t first_window(const sn_window_bounds *win, uint32_t W, int64_t t)
{
    uint32_t lo = 0, n = W;
    while (n > 1) {
        uint32_t half = n / 2;
        lo = win[lo + half - 1].end <= t ? lo + half : lo;
        n -= half;
    }
    return n && win[lo].end <= t ? lo + 1 : lo;
}

typedef struct time_order {
    const sn_store *st;
    const uint32_t *order;
} time_order;

/* The time of the contact at position i in time order, for sni_lower_bound_by. */
static int64_t time_at(const void *data, size_t i)
{
    const time_order *o = data;
    return sn_store_time(o->st, o->order ? o->order[i] : i);
}

/* The first position in time order whose contact is at or after t. */
static size_t position_of(const sn_store *st, const uint32_t *order, int64_t t)
{
    time_order o = {st, order};
    return sni_lower_bound_by(st->n, time_at, &o, t);
}

void sn_activity_tie_channels(const sn_activity_in *in, const sn_window_bounds *win,
                              size_t n_windows, uint32_t *counts)
{
    const sn_net *net = in->net;
    const sn_store *st = net->store;
    const int32_t *contact_tie = in->contact_tie;
    size_t m = net->n_ties;
    uint32_t W = (uint32_t)n_windows, nch = sn_intern_count(st->channels);
    int tiled = 1; /* windows that do not overlap: a contact is in one at most */
    for (uint32_t w = 1; w < W && tiled; w++)
        tiled = win[w].start >= win[w - 1].end;
    if (tiled && in->sorted) {
        /* contacts in time order: each window's are a range of them */
        for (uint32_t w = 0; w < W; w++) {
            uint32_t *cw = counts + (size_t)w * m * nch;
            size_t hi = position_of(st, NULL, win[w].end);
            for (size_t i = position_of(st, NULL, win[w].start); i < hi; i++)
                if (contact_tie[i] >= 0) /* a tie-table row: its contacts */
                    cw[(size_t)contact_tie[i] * nch + st->channel[i]] +=
                        st->count ? st->count[i] : 1;
        }
    } else if (tiled) {
        /*
         * The counter of each contact is found PREFETCH contacts ahead and
         * fetched into the cache then: the counters lie at random in a
         * large array.
         */
        enum { PREFETCH = 16 };
        size_t cell[PREFETCH];
        for (size_t i = 0; i < st->n + PREFETCH; i++) {
            if (i >= PREFETCH && cell[i % PREFETCH] != SIZE_MAX)
                counts[cell[i % PREFETCH]] += st->count ? st->count[i - PREFETCH] : 1;
            if (i >= st->n)
                continue;
            int32_t k = contact_tie[i];
            int64_t t = sn_store_time(st, i);
            uint32_t w = k < 0 ? W : first_window(win, W, t);
            cell[i % PREFETCH] = w < W && win[w].start <= t
                                     ? ((size_t)w * m + (size_t)k) * nch + st->channel[i]
                                     : SIZE_MAX;
            if (cell[i % PREFETCH] != SIZE_MAX)
                __builtin_prefetch(&counts[cell[i % PREFETCH]], 1);
        }
    } else {
        for (size_t i = 0; i < st->n; i++) {
            int32_t k = contact_tie[i];
            if (k < 0)
                continue;
            int64_t t = sn_store_time(st, i);
            for (uint32_t w = first_window(win, W, t); w < W && win[w].start <= t; w++)
                counts[((size_t)w * m + (size_t)k) * nch + st->channel[i]] +=
                    st->count ? st->count[i] : 1;
        }
    }
}

/* ---- groups ---- */

typedef struct node_label {
    uint32_t node;
    const char *label;
} node_label;

static int cmp_label(const void *a, const void *b)
{
    const node_label *x = a, *y = b;
    int c = strcmp(x->label, y->label);
    return c ? c : (x->node < y->node ? -1 : x->node > y->node);
}

/* The label of each node for attrs (joined " / "); "" when one of them is missing. */
static const char **node_labels(act *a, const char *const *attrs, int na)
{
    const sn_net *net = a->net;
    const char **out = ar_get(a->ar, net->n_nodes, sizeof *out);
    if (!out)
        return NULL;
    size_t total = 0;
    if (na > 1)
        for (uint32_t v = 0; v < net->n_nodes; v++)
            for (int i = 0; i < na; i++) {
                const char *s = sn_store_attr_named(a->st, net->node_actor[v], attrs[i]);
                total += (s ? strlen(s) : 0) + 3;
            }
    char *buf = na > 1 ? ar_get(a->ar, total + 1, 1) : NULL;
    if (na > 1 && !buf)
        return NULL;
    size_t used = 0;
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        uint32_t actor = net->node_actor[v];
        if (na == 1) {
            const char *s = sn_store_attr_named(a->st, actor, attrs[0]);
            out[v] = s ? s : "";
            continue;
        }
        int empty = 0;
        for (int i = 0; i < na; i++) {
            const char *s = sn_store_attr_named(a->st, actor, attrs[i]);
            empty |= !s || !s[0];
        }
        if (empty) {
            out[v] = "";
            continue;
        }
        out[v] = buf + used;
        for (int i = 0; i < na; i++) {
            const char *s = sn_store_attr_named(a->st, actor, attrs[i]);
            used += (size_t)snprintf(buf + used, total + 1 - used, "%s%s", i ? " / " : "", s);
        }
        used++;
    }
    return out;
}

static int build_groups(act *a)
{
    const sn_net *net = a->net;
    const char **lab = node_labels(a, a->o.by, a->o.n_by);
    node_label *nl = ar_get(a->ar, net->n_nodes, sizeof *nl);
    if (!lab || !nl)
        return -1;
    for (uint32_t v = 0; v < net->n_nodes; v++)
        nl[v] = (node_label){v, lab[v]};
    qsort(nl, net->n_nodes, sizeof *nl, cmp_label);
    a->group = ar_get(a->ar, net->n_nodes, sizeof *a->group);
    a->glabel = ar_get(a->ar, net->n_nodes, sizeof *a->glabel);
    if (!a->group || !a->glabel)
        return -1;
    a->G = 0;
    for (uint32_t i = 0; i < net->n_nodes; i++) {
        if (!nl[i].label[0]) {
            a->group[nl[i].node] = UINT32_MAX;
            continue;
        }
        if (a->G == 0 || strcmp(a->glabel[a->G - 1], nl[i].label) != 0)
            a->glabel[a->G++] = nl[i].label;
        a->group[nl[i].node] = a->G - 1;
    }
    const char **across = NULL;
    if (a->o.across && !(across = node_labels(a, &a->o.across, 1)))
        return -1;
    /* pairs: an open-addressing map of (ga, gb) over the ties */
    size_t m = net->n_ties, cap = 16;
    while (cap < 2 * m + 2)
        cap <<= 1;
    uint64_t *keys = ar_get(a->ar, cap, sizeof *keys);
    uint32_t *vals = ar_get(a->ar, cap, sizeof *vals);
    a->tie_pair = ar_get(a->ar, m, sizeof *a->tie_pair);
    a->tie_inside = ar_get(a->ar, m, 1);
    a->tie_rev = ar_get(a->ar, m, sizeof *a->tie_rev);
    a->pair_a = ar_get(a->ar, m, sizeof *a->pair_a);
    a->pair_b = ar_get(a->ar, m, sizeof *a->pair_b);
    if (!keys || !vals || !a->tie_pair || !a->tie_inside || !a->tie_rev || !a->pair_a || !a->pair_b)
        return -1;
    a->P = 0;
    for (size_t k = 0; k < m; k++) {
        uint32_t u = sn_tie_from(net, k), v = sn_tie_to(net, k);
        a->tie_rev[k] = sn_net_tie(net, v, u);
        if (across && strcmp(across[u], across[v]) == 0) {
            a->tie_pair[k] = -1;
            continue;
        }
        uint32_t gu = a->group[u], gv = a->group[v];
        if (gu == UINT32_MAX || gv == UINT32_MAX || gu == gv) {
            a->tie_inside[k] = gu != UINT32_MAX && gu == gv;
            continue;
        }
        uint32_t ga = gu < gv ? gu : gv, gb = gu < gv ? gv : gu;
        uint64_t key = ((uint64_t)ga << 32 | gb) + 1;
        size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
        while (keys[h] && keys[h] != key)
            h = (h + 1) & (cap - 1);
        if (!keys[h]) {
            keys[h] = key;
            a->pair_a[a->P] = ga;
            a->pair_b[a->P] = gb;
            vals[h] = ++a->P;
        }
        a->tie_pair[k] = (int32_t)vals[h];
    }
    if (across)
        for (size_t k = 0; k < m; k++)
            if (a->tie_rev[k] >= 0 && a->tie_pair[a->tie_rev[k]] < 0)
                a->tie_rev[k] = -1;
    return 0;
}

/* ---- the cases ---- */

/* Larger cases first, then by index. */
static int cmp_case_size(const void *x, const void *y, void *ctx)
{
    const sn_case_stats *cs = ctx;
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    if (cs[a].contacts != cs[b].contacts)
        return cs[a].contacts > cs[b].contacts ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int pick_cases(act *a)
{
    const sn_cases *cs = a->in->cases;
    a->NC = 0;
    if (a->o.cases <= 0 || !cs)
        return 0;
    uint32_t want = a->o.cases < (long)cs->n_cases ? (uint32_t)a->o.cases : cs->n_cases;
    if (want > 64) { /* many: sort them all */
        uint32_t *all = ar_get(a->ar, cs->n_cases, sizeof *all), k = 0;
        if (!all)
            return -1;
        for (uint32_t c = 0; c < cs->n_cases; c++)
            if (cs->cases[c].contacts > 0)
                all[k++] = c;
        qsort_r(all, k, sizeof *all, cmp_case_size, (void *)cs->cases);
        a->NC = k < want ? k : want;
        a->cases = all;
        return 0;
    }
    /* few: keep the best `want` in order while walking the cases once */
    uint32_t *best = ar_get(a->ar, (size_t)want + 1, sizeof *best), k = 0;
    if (!best)
        return -1;
    for (uint32_t c = 0; c < cs->n_cases; c++) {
        if (cs->cases[c].contacts == 0)
            continue;
        if (k == want && cmp_case_size(&c, &best[k - 1], (void *)cs->cases) >= 0)
            continue;
        uint32_t j = k < want ? k++ : k - 1;
        while (j > 0 && cmp_case_size(&c, &best[j - 1], (void *)cs->cases) < 0) {
            best[j] = best[j - 1];
            j--;
        }
        best[j] = c;
    }
    a->NC = k;
    a->cases = best;
    return 0;
}

/* More contacts first, then by pair. */
static int cmp_pair_tot(const void *x, const void *y, void *ctx)
{
    const double *tot = ctx;
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    if (tot[a] != tot[b])
        return tot[a] > tot[b] ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* The pairs to report, from the contacts on their ties: enough contacts, most first. */
static int keep_pairs(act *a)
{
    const sn_net *net = a->net;
    double *ptot = ar_get(a->ar, (size_t)a->P + 1, sizeof *ptot);
    a->keep = ar_get(a->ar, (size_t)a->P + 1, sizeof *a->keep);
    a->pair_scope = ar_get(a->ar, (size_t)a->P + 1, sizeof *a->pair_scope);
    if (!ptot || !a->keep || !a->pair_scope)
        return -1;
    a->tot[0] = 0;
    for (size_t k = 0; k < net->n_ties; k++) {
        if (a->tie_pair[k] < 0)
            continue;
        a->tot[0] += net->tie_contacts[k];
        if (a->tie_pair[k] > 0)
            ptot[a->tie_pair[k]] += net->tie_contacts[k];
    }
    uint32_t nk = 0;
    for (uint32_t p = 1; p <= a->P; p++)
        if (ptot[p] > 0 && ptot[p] >= (double)a->o.min_contacts)
            a->keep[1 + nk++] = p;
    qsort_r(a->keep + 1, nk, sizeof *a->keep, cmp_pair_tot, ptot);
    if (a->o.top_pairs > 0 && nk > (uint32_t)a->o.top_pairs)
        nk = (uint32_t)a->o.top_pairs;
    a->K = nk;
    for (uint32_t j = 1; j <= nk; j++) {
        a->pair_scope[a->keep[j]] = j;
        a->tot[j] = ptot[a->keep[j]];
    }
    return 0;
}

/* ---- the pass ---- */

static void count_contact(act *a, uint32_t s, uint32_t w, size_t i, int side)
{
    size_t x = SW(a, s, w);
    int64_t t = sn_store_time(a->st, i);
    a->cnt[x]++;
    if (side > 0)
        a->ab[x]++;
    else if (side == 0)
        a->ba[x]++;
    if (a->o.channels)
        a->chan[x * a->nch + a->st->channel[i]]++;
    if (!a->o.detail)
        return;
    uint32_t m = sn_store_meeting(a->st, i);
    if (m) {
        a->meet[x]++;
        if (a->in->meeting_series && a->in->meeting_series[m - 1] != UINT32_MAX)
            a->sched[x]++;
    }
    if (a->last[x] != INT64_MIN) {
        double g = (double)(t - a->last[x]);
        a->ngap[x]++;
        a->gsum[x] += g;
        a->gsq[x] += g * g;
    }
    a->last[x] = t;
}

/* Without detail: the per-window contacts, sides and channels from the window-tie-channel counts.
 */
static void pass_light(act *a, const uint32_t *counts)
{
    size_t m = a->net->n_ties;
    for (uint32_t w = 0; w < a->W; w++)
        for (size_t k = 0; k < m; k++) {
            int32_t p = a->tie_pair[k];
            if (p < 0)
                continue;
            const uint32_t *ch = counts + ((size_t)w * m + k) * a->nch;
            uint32_t n = 0;
            for (uint32_t c = 0; c < a->nch; c++)
                n += ch[c];
            if (!n)
                continue;
            uint32_t s = p > 0 ? a->pair_scope[p] : 0;
            size_t x0 = SW(a, 0, w);
            a->cnt[x0] += n;
            if (p > 0)
                a->ab[x0] += n;
            if (a->o.channels)
                for (uint32_t c = 0; c < a->nch; c++)
                    a->chan[x0 * a->nch + c] += ch[c];
            if (!s)
                continue;
            size_t x = SW(a, s, w);
            a->cnt[x] += n;
            if (a->group[sn_tie_from(a->net, k)] == a->pair_a[p - 1])
                a->ab[x] += n;
            else
                a->ba[x] += n;
            if (a->o.channels)
                for (uint32_t c = 0; c < a->nch; c++)
                    a->chan[x * a->nch + c] += ch[c];
        }
}

/* One thread's share of the pass: windows [w0, w1), contacts at positions [lo, hi). */
typedef struct pass_part {
    act *a;
    const int32_t *contact_tie;
    const uint32_t *order;
    uint32_t w0, w1;
    size_t lo, hi;
} pass_part;

static void *pass_range(void *arg)
{
    pass_part *pp = arg;
    act *a = pp->a;
    const sn_store *st = a->st;
    size_t m = a->net->n_ties;
    uint32_t lo = pp->w0;
    for (size_t pos = pp->lo; pos < pp->hi; pos++) {
        size_t i = pp->order ? pp->order[pos] : pos;
        int32_t k = pp->contact_tie[i];
        if (k < 0 || a->tie_pair[k] < 0)
            continue;
        int64_t t = sn_store_time(st, i);
        int32_t p = a->tie_pair[k];
        uint32_t s = p > 0 ? a->pair_scope[p] : 0;
        int side = s ? a->group[sn_tie_from(a->net, (size_t)k)] == a->pair_a[p - 1] : 0;
        while (lo < pp->w1 && a->win[lo].end <= t)
            lo++;
        for (uint32_t w = lo; w < pp->w1 && a->win[w].start <= t; w++) {
            a->tie_win[(size_t)w * m + (size_t)k]++;
            count_contact(a, 0, w, i, p > 0 ? 1 : -1);
            if (s)
                count_contact(a, s, w, i, side);
        }
    }
    return NULL;
}

static void pass_range_part(void *parts, int part, int n)
{
    (void)n;
    pass_range(&((pass_part *)parts)[part]);
}

/*
 * The contacts in time order, once: the windows are split over the threads
 * (each owns its windows' cells, so no two threads write the same counter).
 */
static void pass_contacts(act *a)
{
    const int32_t *contact_tie = a->in->contact_tie;
    const uint32_t *order = a->in->order;
    const sn_store *st = a->st;
    int nt = st->n >= 400000 && a->W >= 2 ? threads_of(a->in) : 1;
    if ((uint32_t)nt > a->W)
        nt = (int)a->W;
    pass_part parts[MAX_THREADS];
    uint32_t w0 = 0;
    size_t first = position_of(st, order, a->W ? a->win[0].start : 0);
    size_t total = a->W ? position_of(st, order, a->win[a->W - 1].end) - first : 0;
    for (int p = 0; p < nt; p++) {
        /* windows until this part holds its share of the contacts */
        uint32_t w1 = w0;
        size_t target = first + total * (size_t)(p + 1) / (size_t)nt;
        while (w1 < a->W && (w1 == w0 || position_of(st, order, a->win[w1].start) < target))
            w1++;
        if (p == nt - 1)
            w1 = a->W;
        parts[p] = (pass_part){a,
                               contact_tie,
                               order,
                               w0,
                               w1,
                               w0 < w1 ? position_of(st, order, a->win[w0].start) : 0,
                               w0 < w1 ? position_of(st, order, a->win[w1 - 1].end) : 0};
        w0 = w1;
    }
    if (nt > 0)
        sni_parallel_for(nt, pass_range_part, parts);
}

/* The cases, from their own rows (in time order). */
static void pass_cases(act *a)
{
    const sn_store *st = a->st;
    const sn_events *ev = a->in->events;
    const sn_view_opts *o = &a->net->opts;
    for (uint32_t j = 0; j < a->NC; j++) {
        uint32_t s = a->K + 1 + j;
        size_t nr;
        const uint32_t *rows = sn_events_case(ev, a->cases[j], &nr);
        for (size_t r = 0; r < nr; r++) {
            size_t i = rows[r];
            if (!sn_view_keeps(o, st, i))
                continue;
            int64_t t = sn_store_time(st, i);
            a->tot[s]++;
            for (uint32_t w = first_window(a->win, a->W, t); w < a->W && a->win[w].start <= t; w++)
                count_contact(a, s, w, i, -1);
        }
    }
}

/* ---- measures per window ---- */

typedef struct scope_w {
    uint32_t ties, mutual, fresh, both, either, pairs, embedded;
    double e, i;
    uint32_t actors, top;
    double top_count, ends_total, gini;
} scope_w;

/* Gini of v[0 .. n-1] (sorted in place): sum_i (2i - n - 1) v_(i) / (n sum v). */
static double gini(double *v, size_t n)
{
    double sum = 0, acc = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    if (n == 0 || !(sum > 0))
        return NAN;
    qsort(v, n, sizeof *v, sni_cmp_double);
    for (size_t i = 0; i < n; i++)
        acc += (2.0 * (double)(i + 1) - (double)n - 1.0) * v[i];
    return acc / ((double)n * sum);
}

typedef struct win_scratch {
    size_t *adj_start; /* n_nodes + 1 */
    uint32_t *adj;     /* 2 m */
    uint8_t *emb;      /* per adjacency entry: the edge closes a triangle */
    uint32_t *stamp;   /* n_nodes */
    uint32_t *deg;
    double *node_count; /* n_nodes */
    uint32_t *touched;
    double *vals;
    uint8_t *embedded; /* per tie */
} win_scratch;

static int win_scratch_init(act *a, win_scratch *x)
{
    uint32_t nn = a->net->n_nodes;
    x->adj_start = ar_get(a->ar, (size_t)nn + 1, sizeof *x->adj_start);
    x->adj = ar_get(a->ar, 2 * a->net->n_ties, sizeof *x->adj);
    x->emb = ar_get(a->ar, 2 * a->net->n_ties, 1);
    x->stamp = ar_get(a->ar, nn, sizeof *x->stamp);
    x->deg = ar_get(a->ar, nn, sizeof *x->deg);
    x->node_count = ar_get(a->ar, nn, sizeof *x->node_count);
    x->touched = ar_get(a->ar, nn, sizeof *x->touched);
    x->vals = ar_get(a->ar, nn, sizeof *x->vals);
    x->embedded = ar_get(a->ar, a->net->n_ties, 1);
    return x->adj_start && x->adj && x->emb && x->stamp && x->deg && x->node_count && x->touched &&
                   x->vals && x->embedded
               ? 0
               : -1;
}

/* The position of v in the sorted list l[0 .. n-1] (which holds it). */
static uint32_t position(const uint32_t *l, uint32_t n, uint32_t v)
{
    return (uint32_t)sni_lower_bound_u32(l, n, v);
}

static int is_active(const act *a, int64_t k, int64_t w)
{
    return k >= 0 && w >= 0 &&
           a->tie_win[(size_t)w * a->net->n_ties + (size_t)k] >= (uint32_t)a->mc;
}

/* Undirected adjacency of the window's active ties, and which ties close a triangle. */
static void window_graph(const act *a, uint32_t w, win_scratch *x)
{
    const sn_net *net = a->net;
    uint32_t nn = net->n_nodes;
    /* each node's neighbours in order, merging its out-ties (sorted by target) and its
       in-ties (sorted by source); a mutual pair appears once */
    x->adj_start[0] = 0;
    for (uint32_t v = 0; v < nn; v++) {
        size_t o = net->out_start[v], oe = net->out_start[v + 1];
        size_t i = net->in_start[v], ie = net->in_start[v + 1];
        size_t at = x->adj_start[v];
        uint32_t k = 0;
        while (o < oe || i < ie) {
            uint32_t next, take_o = 0, take_i = 0;
            while (o < oe && !(a->tie_pair[o] >= 0 && is_active(a, (int64_t)o, w)))
                o++;
            while (i < ie &&
                   !(a->tie_pair[net->in_tie[i]] >= 0 && is_active(a, (int64_t)net->in_tie[i], w)))
                i++;
            if (o >= oe && i >= ie)
                break;
            uint32_t to = o < oe ? sn_tie_to(net, o) : UINT32_MAX;
            uint32_t from = i < ie ? sn_tie_from(net, net->in_tie[i]) : UINT32_MAX;
            next = to < from ? to : from;
            take_o = to == next;
            take_i = from == next;
            x->adj[at + k++] = next;
            o += take_o;
            i += take_i;
        }
        x->deg[v] = k;
        x->adj_start[v + 1] = at + k;
    }
    /* an undirected edge closes a triangle when its ends share a neighbour: mark the
       neighbours of u, then scan the lists of its neighbours of smaller degree; each
       edge is scanned once, from its end of larger degree: O(sum of smaller degrees) */
    memset(x->emb, 0, x->adj_start[nn] * sizeof *x->emb);
    for (uint32_t u = 0; u < nn; u++) {
        const uint32_t *lu = x->adj + x->adj_start[u];
        for (uint32_t i = 0; i < x->deg[u]; i++)
            x->stamp[lu[i]] = u + 1;
        for (uint32_t i = 0; i < x->deg[u]; i++) {
            uint32_t v = lu[i];
            if (x->deg[v] > x->deg[u] || (x->deg[v] == x->deg[u] && v < u))
                continue;
            const uint32_t *lv = x->adj + x->adj_start[v];
            int found = 0;
            for (uint32_t j = 0; j < x->deg[v] && !found; j++)
                found = lv[j] != u && x->stamp[lv[j]] == u + 1;
            if (found) {
                x->emb[x->adj_start[u] + i] = 1;
                x->emb[x->adj_start[v] + position(lv, x->deg[v], u)] = 1;
            }
        }
        for (uint32_t i = 0; i < x->deg[u]; i++)
            x->stamp[lu[i]] = 0;
    }
    for (size_t k = 0; k < net->n_ties; k++) {
        x->embedded[k] = 0;
        if (a->tie_pair[k] < 0 || !is_active(a, (int64_t)k, w))
            continue;
        uint32_t u = sn_tie_from(net, k), v = sn_tie_to(net, k);
        x->embedded[k] = x->emb[x->adj_start[u] + position(x->adj + x->adj_start[u], x->deg[u], v)];
    }
}

/* The scopes' ties: scope 0 every counted tie, scope p the ties of pair p. */
typedef struct scope_ties {
    size_t *start; /* P + 2 */
    uint32_t *list;
} scope_ties;

static int group_ties(act *a, scope_ties *t)
{
    size_t m = a->net->n_ties;
    t->start = ar_get(a->ar, (size_t)a->P + 2, sizeof *t->start);
    t->list = ar_get(a->ar, 2 * m, sizeof *t->list);
    size_t *fill = ar_get(a->ar, (size_t)a->P + 2, sizeof *fill);
    if (!t->start || !t->list || !fill)
        return -1;
    size_t n0 = 0;
    for (size_t k = 0; k < m; k++)
        if (a->tie_pair[k] >= 0) {
            t->list[n0++] = (uint32_t)k;
            if (a->tie_pair[k] > 0)
                t->start[a->tie_pair[k] + 1]++;
        }
    t->start[0] = 0;
    t->start[1] = n0;
    for (uint32_t p = 1; p <= a->P; p++)
        t->start[p + 1] += t->start[p];
    memcpy(fill, t->start, ((size_t)a->P + 2) * sizeof *fill);
    for (size_t k = 0; k < m; k++)
        if (a->tie_pair[k] > 0)
            t->list[fill[a->tie_pair[k]]++] = (uint32_t)k;
    return 0;
}

static void endpoints_done(win_scratch *x, size_t n_touched, scope_w *r)
{
    r->actors = (uint32_t)n_touched;
    r->top_count = 0;
    r->top = UINT32_MAX;
    for (size_t i = 0; i < n_touched; i++) {
        uint32_t v = x->touched[i];
        double c = x->node_count[v];
        if (c > r->top_count || (c == r->top_count && v < r->top)) {
            r->top_count = c;
            r->top = v;
        }
        x->vals[i] = c;
        x->node_count[v] = 0;
    }
    r->gini = gini(x->vals, n_touched);
}

/* The tie measures of scope s (0 or a pair) in window w. */
static void scope_window(const act *a, const scope_ties *st, uint32_t s, uint32_t w, win_scratch *x,
                         scope_w *r)
{
    const sn_net *net = a->net;
    memset(r, 0, sizeof *r);
    size_t n_touched = 0;
    int K = a->K_novelty;
    for (size_t j = st->start[s]; j < st->start[s + 1]; j++) {
        uint32_t k = st->list[j];
        int on = is_active(a, k, w), before = is_active(a, k, (int64_t)w - 1);
        if (on) {
            r->ties++;
            int64_t rev = a->tie_rev[k];
            int rev_on = is_active(a, rev, w);
            r->mutual += (uint32_t)rev_on;
            if ((int64_t)w >= K) {
                int seen = 0;
                for (int q = 1; q <= K && !seen; q++)
                    seen = is_active(a, k, (int64_t)w - q);
                r->fresh += (uint32_t)!seen;
            }
            if (!rev_on || sn_tie_from(net, k) < sn_tie_to(net, k)) {
                r->pairs++;
                r->embedded += x->embedded[k];
            }
            if (s == 0) {
                r->e += a->tie_pair[k] > 0;
                r->i += a->tie_inside[k];
            }
        }
        if (w >= 1) {
            r->both += (uint32_t)(on && before);
            r->either += (uint32_t)(on || before);
        }
        uint32_t c = a->tie_win[(size_t)w * a->net->n_ties + k];
        if (c && (s > 0 || a->tie_pair[k] > 0)) {
            uint32_t ends[2] = {sn_tie_from(net, k), sn_tie_to(net, k)};
            for (int e = 0; e < 2; e++) {
                if (x->node_count[ends[e]] == 0)
                    x->touched[n_touched++] = ends[e];
                x->node_count[ends[e]] += c;
            }
            r->ends_total += c;
        }
    }
    endpoints_done(x, n_touched, r);
}

typedef struct case_entry {
    uint32_t w, u, v;
} case_entry;

static int cmp_entry(const void *x, const void *y)
{
    const case_entry *a = x, *b = y;
    if (a->w != b->w)
        return a->w < b->w ? -1 : 1;
    if (a->u != b->u)
        return a->u < b->u ? -1 : 1;
    return a->v < b->v ? -1 : a->v > b->v;
}

/* Is (u, v) among the sorted distinct entries of window w? */
static int has_entry(const case_entry *e, size_t n, uint32_t w, uint32_t u, uint32_t v)
{
    case_entry key = {w, u, v};
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_entry(&e[mid], &key);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* The tie and endpoint measures of case scope j in every window, into r[0 .. W-1]. */
static int case_windows(act *a, uint32_t j, win_scratch *x, scope_w *r)
{
    const sn_events *ev = a->in->events;
    const sn_view_opts *o = &a->net->opts;
    const sn_store *st = a->st;
    size_t nr, ne = 0;
    const uint32_t *rows = sn_events_case(ev, a->cases[j], &nr);
    for (size_t q = 0; q < nr; q++) { /* entries: one per row and window */
        int64_t t = sn_store_time(st, rows[q]);
        for (uint32_t w = first_window(a->win, a->W, t); w < a->W && a->win[w].start <= t; w++)
            ne++;
    }
    /* the entries are freed after each case: counted while held */
    size_t bytes = (ne ? 3 * ne : 2) * sizeof(case_entry);
    if (a->ar->max && a->ar->held + bytes > a->ar->max) {
        a->ar->over = 1;
        a->ar->wanted = a->ar->held + bytes;
        return -1;
    }
    case_entry *pairs = malloc((ne ? ne : 1) * sizeof *pairs);
    case_entry *ends = malloc((ne ? 2 * ne : 1) * sizeof *ends);
    if (!pairs || !ends) {
        free(pairs);
        free(ends);
        return -1;
    }
    if (a->ar->held + bytes > a->ar->peak)
        a->ar->peak = a->ar->held + bytes;
    size_t np = 0, nd = 0;
    for (size_t q = 0; q < nr; q++) {
        size_t i = rows[q];
        if (!sn_view_keeps(o, st, i))
            continue;
        int64_t t = sn_store_time(st, i);
        uint32_t u = a->net->node_of_actor[st->from[i]], v = a->net->node_of_actor[st->to[i]];
        for (uint32_t w = first_window(a->win, a->W, t); w < a->W && a->win[w].start <= t; w++) {
            if (u != v)
                pairs[np++] = (case_entry){w, u, v};
            ends[nd++] = (case_entry){w, u, 0};
            ends[nd++] = (case_entry){w, v, 0};
        }
    }
    qsort(pairs, np, sizeof *pairs, cmp_entry);
    size_t k = 0; /* distinct pairs */
    for (size_t i = 0; i < np; i++)
        if (k == 0 || cmp_entry(&pairs[k - 1], &pairs[i]) != 0)
            pairs[k++] = pairs[i];
    np = k;
    qsort(ends, nd, sizeof *ends, cmp_entry);
    for (uint32_t w = 0; w < a->W; w++)
        memset(&r[w], 0, sizeof r[w]);
    int K = a->K_novelty;
    for (size_t i = 0; i < np; i++) {
        const case_entry *e = &pairs[i];
        scope_w *rw = &r[e->w];
        rw->ties++;
        int rev = has_entry(pairs, np, e->w, e->v, e->u);
        rw->mutual += (uint32_t)rev;
        if ((int64_t)e->w >= K) {
            int seen = 0;
            for (int q = 1; q <= K && !seen; q++)
                seen = has_entry(pairs, np, e->w - (uint32_t)q, e->u, e->v);
            rw->fresh += (uint32_t)!seen;
        }
        if (e->w >= 1) {
            int before = has_entry(pairs, np, e->w - 1, e->u, e->v);
            rw->both += (uint32_t)before;
            rw->either++;
        }
        if (e->w + 1 < a->W && !has_entry(pairs, np, e->w + 1, e->u, e->v))
            r[e->w + 1].either++; /* present here, gone in the next window */
    }
    for (size_t i = 0; i < nd;) { /* endpoints, window by window */
        uint32_t w = ends[i].w;
        size_t n_touched = 0;
        double total = 0;
        while (i < nd && ends[i].w == w) {
            uint32_t v = ends[i].u;
            if (x->node_count[v] == 0)
                x->touched[n_touched++] = v;
            x->node_count[v] += 1;
            total += 0.5;
            i++;
        }
        r[w].ends_total = total;
        endpoints_done(x, n_touched, &r[w]);
    }
    free(pairs);
    free(ends);
    return 0;
}

/* One thread's windows [w0, w1): the graph of each, then its scopes' measures. */
typedef struct win_part {
    const act *a;
    const scope_ties *st;
    scope_w *rs;
    win_scratch x;
    uint32_t w0, w1;
} win_part;

static void *windows_range(void *arg)
{
    win_part *p = arg;
    const act *a = p->a;
    for (uint32_t w = p->w0; w < p->w1; w++) {
        window_graph(a, w, &p->x);
        scope_window(a, p->st, 0, w, &p->x, &p->rs[w]);
        for (uint32_t j = 1; j <= a->K; j++)
            scope_window(a, p->st, a->keep[j], w, &p->x, &p->rs[(size_t)j * a->W + w]);
    }
    return NULL;
}

static void windows_range_part(void *parts, int part, int n)
{
    (void)n;
    windows_range(&((win_part *)parts)[part]);
}

/*
 * The measures of the network and the kept pairs in each window (the windows split over the
 * threads, each with its own scratch), then the cases'.
 */
static int measure_windows(act *a, scope_w *rs)
{
    scope_ties st;
    if (group_ties(a, &st) != 0)
        return -1;
    int nt = a->net->n_ties >= 4096 && a->W >= 2 ? threads_of(a->in) : 1;
    if ((uint32_t)nt > a->W)
        nt = (int)a->W;
    if (nt < 1)
        nt = 1;
    win_part parts[MAX_THREADS];
    for (int p = 0; p < nt; p++) {
        if (win_scratch_init(a, &parts[p].x) != 0)
            return -1;
        parts[p].a = a;
        parts[p].st = &st;
        parts[p].rs = rs;
        parts[p].w0 = (uint32_t)((uint64_t)a->W * (uint64_t)p / (uint64_t)nt);
        parts[p].w1 = (uint32_t)((uint64_t)a->W * (uint64_t)(p + 1) / (uint64_t)nt);
    }
    if (nt > 0)
        sni_parallel_for(nt, windows_range_part, parts);
    for (uint32_t j = 0; j < a->NC; j++)
        if (case_windows(a, j, &parts[0].x, &rs[(size_t)(1 + a->K + j) * a->W]) != 0)
            return -1;
    return 0;
}

/* The measures of scope s in window w from the counts and r. */
static void finish_stats(const act *a, uint32_t s, uint32_t w, const scope_w *r,
                         sn_activity_stats *out)
{
    size_t x = SW(a, s, w);
    int is_case = s > a->K;
    double days = (double)(a->win[w].end - a->win[w].start) / SN_DAY;
    out->rate = days > 0 ? a->cnt[x] / days : NAN;
    out->ties = r->ties;
    out->mutual = r->mutual;
    out->reciprocity = r->ties > 0 ? (double)r->mutual / r->ties : NAN;
    out->persistence = w >= 1 && r->either > 0 ? (double)r->both / r->either : NAN;
    out->novelty = (int64_t)w >= a->K_novelty && r->ties > 0 ? (double)r->fresh / r->ties : NAN;
    out->regularity = out->burstiness = NAN;
    if (a->ngap[x] >= 1) {
        double mu = a->gsum[x] / a->ngap[x];
        double var = a->gsq[x] / a->ngap[x] - mu * mu;
        double sd = sqrt(var > 0 ? var : 0);
        out->regularity = mu > 0 ? sd / mu : NAN;
        out->burstiness = sd + mu > 0 ? (sd - mu) / (sd + mu) : NAN;
    }
    out->meeting_rows = a->meet[x];
    out->scheduled = a->sched[x];
    out->actors = r->actors;
    int has_top = r->top != UINT32_MAX && r->actors;
    out->top = has_top ? r->top : UINT32_MAX;
    out->top_share = has_top && r->ends_total > 0 ? r->top_count / r->ends_total : NAN;
    out->gini = has_top ? r->gini : NAN;
    out->clustering = !is_case && r->pairs > 0 ? (double)r->embedded / r->pairs : NAN;
    out->ei = s == 0 && r->e + r->i > 0 ? (r->e - r->i) / (r->e + r->i) : NAN;
}

/* ---- the call ---- */

static sn_status compute(act *a, sn_activity *out, sn_err *err)
{
    const sn_activity_in *in = a->in;
    sn_window_bounds *b = NULL;
    size_t nw = 0;
    sn_status rc = plan_windows(in, &a->o, &b, &nw, &out->window, err);
    if (rc != SN_OK)
        return rc;
    sn_window_bounds *win = ar_get(a->ar, nw, sizeof *win);
    if (win)
        memcpy(win, b, nw * sizeof *win);
    free(b);
    if (!win)
        return SN_ENOMEM;
    a->W = (uint32_t)nw;
    a->win = win;
    out->windows = win;
    out->n_windows = nw;
    if (build_groups(a) != 0 || pick_cases(a) != 0)
        return SN_ENOMEM;
    if (!(a->tot = ar_get(a->ar, (size_t)a->P + a->NC + 1, sizeof *a->tot)) || keep_pairs(a) != 0)
        return SN_ENOMEM;
    a->S = 1 + a->K + a->NC;
    size_t sw = (size_t)a->S * a->W;
    a->cnt = ar_get(a->ar, sw, sizeof *a->cnt);
    a->ab = ar_get(a->ar, sw, sizeof *a->ab);
    a->ba = ar_get(a->ar, sw, sizeof *a->ba);
    a->meet = ar_get(a->ar, sw, sizeof *a->meet);
    a->sched = ar_get(a->ar, sw, sizeof *a->sched);
    a->ngap = ar_get(a->ar, sw, sizeof *a->ngap);
    a->chan = a->o.channels ? ar_get(a->ar, sw * a->nch, sizeof *a->chan) : NULL;
    a->gsum = ar_get(a->ar, sw, sizeof *a->gsum);
    a->gsq = ar_get(a->ar, sw, sizeof *a->gsq);
    a->last = ar_get(a->ar, sw, sizeof *a->last);
    if (!a->cnt || !a->ab || !a->ba || !a->meet || !a->sched || !a->ngap ||
        (a->o.channels && !a->chan) || !a->gsum || !a->gsq || !a->last)
        return SN_ENOMEM;
    for (size_t i = 0; i < sw; i++)
        a->last[i] = INT64_MIN;
    if (a->o.detail &&
        !(a->tie_win = ar_get(a->ar, a->net->n_ties * (size_t)a->W, sizeof *a->tie_win)))
        return SN_ENOMEM;
    if (!(out->scopes = ar_get(a->ar, a->S, sizeof *out->scopes)))
        return SN_ENOMEM;
    if (a->inx->prepare) {
        if (a->inx->prepare(a->inx->ud, a->inx, a->win, a->W) != 0)
            return sn_err_set(err, SN_EANALYSIS, "activity: stopped by the caller");
        a->ar->max = a->inx->max_bytes;
    }
    if ((a->o.detail || !in->tie_channels) && !in->contact_tie)
        return sn_err_set(err, SN_EUSAGE, "activity: the contacts need their ties");
    if (a->o.detail) {
        pass_contacts(a);
    } else {
        const uint32_t *counts = in->tie_channels;
        if (!counts) {
            uint32_t *own = ar_get(a->ar, (size_t)a->W * a->net->n_ties * a->nch, sizeof *own);
            if (!own)
                return SN_ENOMEM;
            sn_activity_tie_channels(in, a->win, a->W, own);
            counts = own;
        }
        pass_light(a, counts);
    }
    pass_cases(a);

    if (a->o.detail) {
        scope_w *rs = ar_get(a->ar, sw, sizeof *rs);
        out->stats = ar_get(a->ar, sw, sizeof *out->stats);
        if (!rs || !out->stats || measure_windows(a, rs) != 0)
            return SN_ENOMEM;
        for (uint32_t s = 0; s < a->S; s++)
            for (uint32_t w = 0; w < a->W; w++)
                finish_stats(a, s, w, &rs[SW(a, s, w)], &out->stats[SW(a, s, w)]);
    }

    out->n_scopes = a->S;
    for (uint32_t j = 0; j < a->S; j++) {
        sn_activity_scope *sc = &out->scopes[j];
        if (j == 0) {
            sc->kind = SN_ACTIVITY_NETWORK;
        } else if (j <= a->K) {
            uint32_t p = a->keep[j];
            sc->kind = SN_ACTIVITY_PAIR;
            sc->a = a->glabel[a->pair_a[p - 1]];
            sc->b = a->glabel[a->pair_b[p - 1]];
        } else {
            sc->kind = SN_ACTIVITY_CASE;
            sc->case_index = a->cases[j - a->K - 1];
        }
        sc->contacts = a->tot[j];
    }
    out->contacts = a->cnt;
    out->ab = a->ab;
    out->ba = a->ba;
    out->channel_contacts = a->chan;
    return SN_OK;
}

sn_status sn_activity_compute(const sn_activity_in *in, const sn_activity_opts *opts,
                              sn_activity *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    sn_status rc = sn_activity_opts_check(opts, NULL, err);
    if (rc != SN_OK)
        return rc;
    if (!in || !in->net)
        return sn_err_set(err, SN_EUSAGE, "activity: no network view");
    if (opts->cases > 0 && in->cases && !in->events)
        return sn_err_set(err, SN_EUSAGE, "activity: the case scopes need the events");
    sn_activity_in inx = *in;
    arena *ar = calloc(1, sizeof *ar);
    if (!ar)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    ar->max = in->max_bytes;
    act a;
    memset(&a, 0, sizeof a);
    a.o = *opts;
    a.in = a.inx = &inx;
    a.net = in->net;
    a.st = in->net->store;
    a.ar = ar;
    a.K_novelty = (int)(opts->novelty_k > 1000 ? 1000 : opts->novelty_k);
    a.nch = sn_intern_count(a.st->channels);
    a.mc = a.net->opts.min_contacts > 1 ? a.net->opts.min_contacts : 1;
    out->has_step = opts->has_step;
    out->step = opts->step;
    for (int i = 0, used = 0; i < opts->n_by; i++)
        used += snprintf(out->by + used, sizeof out->by - (size_t)used, "%s%s", i ? " / " : "",
                         opts->by[i]);
    out->across = opts->across;
    out->detail = opts->detail;
    out->channels = opts->channels;
    out->n_channels = a.nch;
    rc = compute(&a, out, err);
    if (rc != SN_OK) {
        size_t wanted = ar->over ? ar->wanted : 0;
        ar_free(ar);
        free(ar);
        memset(out, 0, sizeof *out);
        out->bytes = wanted;
        if (rc == SN_ENOMEM)
            return wanted ? sn_err_set(err, SN_ENOMEM, "memory limit of %zu bytes reached",
                                       in->max_bytes)
                          : sn_err_set(err, SN_ENOMEM, "out of memory");
        return rc;
    }
    out->bytes = ar->peak;
    out->mem = ar;
    return SN_OK;
}

void sn_activity_free(sn_activity *a)
{
    if (!a)
        return;
    if (a->mem) {
        ar_free(a->mem);
        free(a->mem);
    }
    memset(a, 0, sizeof *a);
}
