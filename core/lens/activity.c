/*
 * activity.c - net:activity{...}: how the network, each pair of groups and
 * the largest cases behave in each time window, in one pass over the
 * contacts (in time order) plus one over the ties per window. It is the
 * primitive behind lenses that read change over time at several scopes
 * (Cynefin domains, order-to-dialogue trends, buffer trends), computed in C
 * so that a lens never walks the contacts in Lua.
 *
 * Options:
 *   window       window length ("month", "quarter", "year", "Nd", "Nw");
 *                default the analysis' windows (--window) when it has them,
 *                else "quarter". Windows tile the analysed period as in
 *                samnett/temporal.h.
 *   step         a step for sliding windows
 *   by           the attribute (or a list of up to 4, joined " / ") whose
 *                groups make the pair scopes; default organisation. A node
 *                takes the attribute of its actor (above the actor level:
 *                of its first actor); nodes without it are in no pair.
 *   across       an attribute: only ties whose two ends differ in it count,
 *                in every scope (e.g. "organisation" with by = "type")
 *   min_contacts a pair with fewer contacts in the period is left out
 *   top_pairs    keep the N pairs with most contacts (0 = all)
 *   cases        the N largest cases (contacts in the view) as scopes too
 *   novelty_k    novelty against the previous k windows (default 1)
 *   detail       false: per scope only lists over the windows of contacts,
 *                ab, ba (cross for the network) and channels; default true
 *   channels     false: no channel counts (faster with many scopes)
 *
 * Scopes: the network (the contacts on every counted tie), each unordered
 * pair of groups "A <-> B" (A before B in byte order) with its ties in both
 * directions, and each case (its contacts in the view's time window and
 * channels). A contact counts in every window that contains its time.
 * Per scope and window (detail):
 *   contacts, rate (per day); ab and ba (a pair's contacts started on A's
 *   side and on B's); cross (the network's contacts between groups)
 *   ties          ties with at least max(1, min_contacts of the view)
 *                 contacts in the window (a case: node pairs with a contact)
 *   mutual        of those, ties whose reverse is also active
 *   persistence   Jaccard of the active tie sets of this and the previous
 *                 window (nil for the first window or both empty)
 *   novelty       share of active ties not active in any of the previous k
 *                 windows (nil for the first k windows or without ties)
 *   regularity, burstiness   CV sigma/mu and (sigma-mu)/(sigma+mu) of the
 *                 times between consecutive contacts inside the window
 *                 (population sigma; nil with fewer than two contacts or
 *                 mu = 0)
 *   meeting_rows  contacts that are meeting rows; scheduled: of those, rows
 *                 of meetings in a recurring series (samnett/meetings.h)
 *   channels      {name = contacts}
 *   actors        distinct nodes at the ends of the contacts (the network:
 *                 of its contacts between groups); top: the node at the end
 *                 of most of them (a tie: the first node); top_share: its
 *                 share of the contacts; gini: the Gini coefficient of the
 *                 nodes' contacts
 *   clustering    share of the scope's active ties, as undirected pairs,
 *                 that close a triangle in the window's undirected graph of
 *                 active ties (nil for cases and without ties)
 *   ei            the network only: (E - I) / (E + I) over its active ties,
 *                 E between groups and I inside one
 * Cost: O(C) for the contacts (C in the store, once per call; the tie of
 * each contact is found once per run) plus O(W (m log d + sum over active
 * ties of the smaller degree)) for W windows and m ties.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "../util/toolbox.h"
#include "net_internal.h"

typedef struct act_opts {
    int has_window, has_step;
    sn_span window, step;
    int n_by;
    const char *by[4];
    const char *across;
    long min_contacts, top_pairs, cases;
    int novelty_k;
    int detail, channels;
} act_opts;

/* Scratch memory as a Lua userdata left on the stack: freed by the collector, counted in the cap.
 */
static void *scratch(lua_State *L, size_t n, size_t size)
{
    size_t bytes = (n ? n : 1) * size;
    luaL_checkstack(L, 1, "net:activity: scratch memory"); /* each one stays on the stack */
    void *p = lua_newuserdatauv(L, bytes, 0);
    memset(p, 0, bytes);
    return p;
}

static void read_options(lua_State *L, int idx, act_opts *o)
{
    memset(o, 0, sizeof *o);
    o->novelty_k = 1;
    o->detail = 1;
    o->channels = 1;
    o->by[0] = "organisation";
    o->n_by = 1;
    if (lua_isnoneornil(L, idx))
        return;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        if (strcmp(k, "window") == 0 || strcmp(k, "length") == 0 || strcmp(k, "step") == 0) {
            int is_step = k[0] == 's';
            const char *s = lua_tostring(L, -1);
            if (lua_type(L, -1) != LUA_TSTRING ||
                sn_span_parse(s, is_step ? &o->step : &o->window) != SN_OK)
                luaL_error(L, "net:activity: bad %s '%s'; expected month, quarter, year, Nd or Nw",
                           k, s ? s : luaL_typename(L, -1));
            *(is_step ? &o->has_step : &o->has_window) = 1;
        } else if (strcmp(k, "by") == 0) {
            if (lua_type(L, -1) == LUA_TSTRING) {
                o->by[0] = lua_tostring(L, -1);
                o->n_by = 1;
            } else if (lua_type(L, -1) == LUA_TTABLE && lua_rawlen(L, -1) >= 1 &&
                       lua_rawlen(L, -1) <= 4) {
                o->n_by = (int)lua_rawlen(L, -1);
                for (int i = 0; i < o->n_by; i++) {
                    lua_rawgeti(L, -1, i + 1);
                    o->by[i] = lua_tostring(L, -1); /* kept alive by the options table */
                    lua_pop(L, 1);
                    if (!o->by[i])
                        luaL_error(L, "net:activity: by must list attribute names");
                }
            } else {
                luaL_error(L, "net:activity: by must be an attribute name or a list of 1 to 4");
            }
        } else if (strcmp(k, "across") == 0) {
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "net:activity: across must be an attribute name");
            o->across = lua_tostring(L, -1);
        } else if (strcmp(k, "min_contacts") == 0 || strcmp(k, "top_pairs") == 0 ||
                   strcmp(k, "cases") == 0 || strcmp(k, "novelty_k") == 0) {
            int min = k[0] == 'n';
            if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < min)
                luaL_error(L, "net:activity: %s must be a whole number >= %d", k, min);
            long v = (long)lua_tointeger(L, -1);
            if (k[0] == 'm')
                o->min_contacts = v;
            else if (k[0] == 't')
                o->top_pairs = v;
            else if (k[0] == 'c')
                o->cases = v;
            else
                o->novelty_k = (int)(v > 1000 ? 1000 : v);
        } else if (strcmp(k, "detail") == 0) {
            o->detail = lua_toboolean(L, -1);
        } else if (strcmp(k, "channels") == 0) {
            o->channels = lua_toboolean(L, -1);
        } else {
            luaL_error(L,
                       "net:activity: unknown option '%s'; expected window, step, by, across, "
                       "min_contacts, top_pairs, cases, novelty_k, detail or channels",
                       k);
        }
        lua_pop(L, 1);
    }
    if (o->has_step && !o->has_window)
        luaL_error(L, "net:activity: step needs a window");
}

typedef struct act {
    act_opts o;
    lens_net *n;
    const sn_net *net;
    const sn_store *st;
    uint32_t W; /* windows */
    int64_t *wstart, *wend;
    char (*wlabel)[24];
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

/* ---- windows and groups ---- */

#define CBOX_MT "samnett.cbox"

static int cbox_gc(lua_State *L)
{
    void **box = luaL_checkudata(L, 1, CBOX_MT);
    free(*box);
    *box = NULL;
    return 0;
}

/* A userdata that frees the C pointer stored in it when collected (set it right after). */
static void **cbox(lua_State *L)
{
    luaL_checkstack(L, 2, "net:activity");
    void **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    if (luaL_newmetatable(L, CBOX_MT)) {
        lua_pushcfunction(L, cbox_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    return box;
}

static void plan_windows(lua_State *L, act *a)
{
    const sn_analysis *an = a->n->an;
    if (!a->o.has_window && an->has_temporal && an->temporal.has_window) {
        const sn_temporal *T = &an->temporal;
        a->W = (uint32_t)T->n_windows;
        a->wstart = scratch(L, a->W, sizeof *a->wstart);
        a->wend = scratch(L, a->W, sizeof *a->wend);
        a->wlabel = scratch(L, a->W, sizeof *a->wlabel);
        for (uint32_t w = 0; w < a->W; w++) {
            a->wstart[w] = T->windows[w].start;
            a->wend[w] = T->windows[w].end;
            memcpy(a->wlabel[w], T->windows[w].label, sizeof a->wlabel[w]);
        }
        a->o.window = T->window;
        return;
    }
    if (!a->o.has_window)
        sn_span_parse("quarter", &a->o.window);
    int64_t p0, p1;
    const sn_temporal_opts *to = &a->n->opts.temporal; /* cut to the plausible range */
    sn_temporal_period_in(a->st, &a->net->opts, to->has_range ? &to->range : NULL, &p0, &p1);
    void **box = cbox(L);
    sn_window_bounds *bounds = NULL;
    size_t nw = 0;
    sn_err err = {0};
    sn_status rc = sn_windows_plan(&a->o.window, a->o.has_step ? &a->o.step : NULL, p0, p1, &bounds,
                                   &nw, &err);
    *box = bounds; /* freed with the box */
    if (rc != SN_OK)
        luaL_error(L, "net:activity: %s", err.msg);
    if (nw > 100000)
        luaL_error(L, "net:activity: %d windows; expected a longer window", (int)nw);
    const sn_window_bounds *b = *box;
    a->W = (uint32_t)nw;
    a->wstart = scratch(L, nw, sizeof *a->wstart);
    a->wend = scratch(L, nw, sizeof *a->wend);
    a->wlabel = scratch(L, nw, sizeof *a->wlabel);
    for (size_t w = 0; w < nw; w++) {
        a->wstart[w] = b[w].start;
        a->wend[w] = b[w].end;
        memcpy(a->wlabel[w], b[w].label, sizeof a->wlabel[w]);
    }
}

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
static const char **node_labels(lua_State *L, const act *a, const char *const *attrs, int na)
{
    const sn_net *net = a->net;
    const char **out = scratch(L, net->n_nodes, sizeof *out);
    size_t total = 0;
    if (na > 1)
        for (uint32_t v = 0; v < net->n_nodes; v++)
            for (int i = 0; i < na; i++) {
                const char *s = sn_store_attr_named(a->st, net->node_actor[v], attrs[i]);
                total += (s ? strlen(s) : 0) + 3;
            }
    char *buf = na > 1 ? scratch(L, total + 1, 1) : NULL;
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

static void build_groups(lua_State *L, act *a)
{
    const sn_net *net = a->net;
    const char **lab = node_labels(L, a, a->o.by, a->o.n_by);
    node_label *nl = scratch(L, net->n_nodes, sizeof *nl);
    for (uint32_t v = 0; v < net->n_nodes; v++)
        nl[v] = (node_label){v, lab[v]};
    qsort(nl, net->n_nodes, sizeof *nl, cmp_label);
    a->group = scratch(L, net->n_nodes, sizeof *a->group);
    a->glabel = scratch(L, net->n_nodes, sizeof *a->glabel);
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
    const char **across = a->o.across ? node_labels(L, a, &a->o.across, 1) : NULL;
    /* pairs: an open-addressing map of (ga, gb) over the ties */
    size_t m = net->n_ties, cap = 16;
    while (cap < 2 * m + 2)
        cap <<= 1;
    uint64_t *keys = scratch(L, cap, sizeof *keys);
    uint32_t *vals = scratch(L, cap, sizeof *vals);
    a->tie_pair = scratch(L, m, sizeof *a->tie_pair);
    a->tie_inside = scratch(L, m, 1);
    a->tie_rev = scratch(L, m, sizeof *a->tie_rev);
    a->pair_a = scratch(L, m, sizeof *a->pair_a);
    a->pair_b = scratch(L, m, sizeof *a->pair_b);
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
}

/* ---- the cases ---- */

static const sn_case_stats *g_case_stats;
static int cmp_case_size(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    if (g_case_stats[a].contacts != g_case_stats[b].contacts)
        return g_case_stats[a].contacts > g_case_stats[b].contacts ? -1 : 1;
    return a < b ? -1 : a > b;
}

static void pick_cases(lua_State *L, act *a)
{
    const sn_analysis *an = a->n->an;
    a->NC = 0;
    if (a->o.cases <= 0 || !an->has_cases)
        return;
    const sn_cases *cs = &an->cases;
    uint32_t want = a->o.cases < (long)cs->n_cases ? (uint32_t)a->o.cases : cs->n_cases;
    g_case_stats = cs->cases;
    if (want > 64) { /* many: sort them all */
        uint32_t *all = scratch(L, cs->n_cases, sizeof *all), k = 0;
        for (uint32_t c = 0; c < cs->n_cases; c++)
            if (cs->cases[c].contacts > 0)
                all[k++] = c;
        qsort(all, k, sizeof *all, cmp_case_size);
        a->NC = k < want ? k : want;
        a->cases = all;
        return;
    }
    /* few: keep the best `want` in order while walking the cases once */
    uint32_t *best = scratch(L, want + 1, sizeof *best), k = 0;
    for (uint32_t c = 0; c < cs->n_cases; c++) {
        if (cs->cases[c].contacts == 0)
            continue;
        if (k == want && cmp_case_size(&c, &best[k - 1]) >= 0)
            continue;
        uint32_t j = k < want ? k++ : k - 1;
        while (j > 0 && cmp_case_size(&c, &best[j - 1]) < 0) {
            best[j] = best[j - 1];
            j--;
        }
        best[j] = c;
    }
    a->NC = k;
    a->cases = best;
}

static const double *g_pair_tot;
static int cmp_pair_tot(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    if (g_pair_tot[a] != g_pair_tot[b])
        return g_pair_tot[a] > g_pair_tot[b] ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* The pairs to report, from the contacts on their ties: enough contacts, most first. */
static void keep_pairs(lua_State *L, act *a)
{
    const sn_net *net = a->net;
    double *ptot = scratch(L, (size_t)a->P + 1, sizeof *ptot);
    a->tot[0] = 0;
    for (size_t k = 0; k < net->n_ties; k++) {
        if (a->tie_pair[k] < 0)
            continue;
        a->tot[0] += net->tie_contacts[k];
        if (a->tie_pair[k] > 0)
            ptot[a->tie_pair[k]] += net->tie_contacts[k];
    }
    a->keep = scratch(L, (size_t)a->P + 1, sizeof *a->keep);
    uint32_t nk = 0;
    for (uint32_t p = 1; p <= a->P; p++)
        if (ptot[p] > 0 && ptot[p] >= (double)a->o.min_contacts)
            a->keep[1 + nk++] = p;
    g_pair_tot = ptot;
    qsort(a->keep + 1, nk, sizeof *a->keep, cmp_pair_tot);
    if (a->o.top_pairs > 0 && nk > (uint32_t)a->o.top_pairs)
        nk = (uint32_t)a->o.top_pairs;
    a->K = nk;
    a->pair_scope = scratch(L, (size_t)a->P + 1, sizeof *a->pair_scope);
    for (uint32_t j = 1; j <= nk; j++) {
        a->pair_scope[a->keep[j]] = j;
        a->tot[j] = ptot[a->keep[j]];
    }
}

/* ---- the pass ---- */

static void count_contact(act *a, uint32_t s, uint32_t w, size_t i, int side)
{
    size_t x = SW(a, s, w);
    int64_t t = a->st->time[i];
    a->cnt[x]++;
    if (side > 0)
        a->ab[x]++;
    else if (side == 0)
        a->ba[x]++;
    if (a->o.channels)
        a->chan[x * a->nch + a->st->channel[i]]++;
    if (!a->o.detail)
        return;
    uint32_t m = a->st->meeting[i];
    if (m) {
        a->meet[x]++;
        const sn_analysis *an = a->n->an;
        if (an->has_meetings && an->meetings.series_of[m - 1] != UINT32_MAX)
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

/*
 * The first window whose end is after t (windows are sorted by start and by
 * end): W when none is. A binary search without branches on the times, which
 * fall in the windows at random.
 */
static uint32_t first_window(const act *a, int64_t t)
{
    uint32_t lo = 0, n = a->W;
    while (n > 1) {
        uint32_t half = n / 2;
        lo = a->wend[lo + half - 1] <= t ? lo + half : lo;
        n -= half;
    }
    return n && a->wend[lo] <= t ? lo + 1 : lo;
}

/* The first position in time order whose contact is at or after t. */
static size_t position_of(const sn_store *st, const uint32_t *order, int64_t t)
{
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->time[order ? order[mid] : mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * Contacts per window, tie and channel: one pass over the store. For the
 * analysis' own view the result is kept for the lenses of the run (the same
 * windows again cost nothing); for a sub-network it is scratch memory.
 */
static const uint32_t *window_tie_channels(lua_State *L, act *a)
{
    lens_shared *sh = sn_lens_shared_of(a->n);
    size_t m = a->net->n_ties;
    for (size_t i = 0; sh && i < sh->n_twc; i++) {
        lens_twc *c = sh->twc[i];
        if (c->W == a->W && c->nch == a->nch &&
            memcmp(c->wstart, a->wstart, a->W * sizeof *a->wstart) == 0 &&
            memcmp(c->wend, a->wend, a->W * sizeof *a->wend) == 0) {
            if (!a->n->twc_charged) {
                sn_lens_charge(L, c->bytes);
                a->n->twc_charged = c->bytes;
            }
            return c->counts;
        }
    }
    const int32_t *contact_tie = sn_lens_contact_ties(L, a->n);
    size_t cells = (size_t)a->W * m * a->nch;
    uint32_t *counts;
    lens_twc *c = NULL;
    if (sh) {
        lens_twc **v = realloc(sh->twc, (sh->n_twc + 1) * sizeof *v);
        if (!v)
            luaL_error(L, "out of memory");
        sh->twc = v;
        c = calloc(1, sizeof *c);
        if (c) {
            c->wstart = malloc((a->W + 1) * sizeof *c->wstart);
            c->wend = malloc((a->W + 1) * sizeof *c->wend);
            c->counts = calloc(cells + 1, sizeof *c->counts);
        }
        if (!c || !c->wstart || !c->wend || !c->counts) {
            if (c) {
                free(c->wstart);
                free(c->wend);
                free(c->counts);
            }
            free(c);
            luaL_error(L, "out of memory");
            return NULL;
        }
        c->W = a->W;
        c->nch = a->nch;
        memcpy(c->wstart, a->wstart, a->W * sizeof *a->wstart);
        memcpy(c->wend, a->wend, a->W * sizeof *a->wend);
        c->bytes = cells * sizeof *c->counts;
        sh->twc[sh->n_twc++] = c; /* owned by the run from here on */
        counts = c->counts;
    } else {
        counts = scratch(L, cells, sizeof *counts);
    }
    const sn_store *st = a->st;
    int tiled = 1; /* windows that do not overlap: a contact is in one at most */
    for (uint32_t w = 1; w < a->W && tiled; w++)
        tiled = a->wstart[w] >= a->wend[w - 1];
    if (tiled && sn_lens_store_sorted(L, a->n)) {
        /* contacts in time order: each window's are a range of them */
        for (uint32_t w = 0; w < a->W; w++) {
            uint32_t *cw = counts + (size_t)w * m * a->nch;
            size_t hi = position_of(st, NULL, a->wend[w]);
            for (size_t i = position_of(st, NULL, a->wstart[w]); i < hi; i++)
                if (contact_tie[i] >= 0)
                    cw[(size_t)contact_tie[i] * a->nch + st->channel[i]]++;
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
                counts[cell[i % PREFETCH]]++;
            if (i >= st->n)
                continue;
            int32_t k = contact_tie[i];
            int64_t t = st->time[i];
            uint32_t w = k < 0 ? a->W : first_window(a, t);
            cell[i % PREFETCH] = w < a->W && a->wstart[w] <= t
                                     ? ((size_t)w * m + (size_t)k) * a->nch + st->channel[i]
                                     : SIZE_MAX;
            if (cell[i % PREFETCH] != SIZE_MAX)
                __builtin_prefetch(&counts[cell[i % PREFETCH]], 1);
        }
    } else {
        for (size_t i = 0; i < st->n; i++) {
            int32_t k = contact_tie[i];
            if (k < 0)
                continue;
            int64_t t = st->time[i];
            for (uint32_t w = first_window(a, t); w < a->W && a->wstart[w] <= t; w++)
                counts[((size_t)w * m + (size_t)k) * a->nch + st->channel[i]]++;
        }
    }
    if (c) {
        sn_lens_charge(L, c->bytes);
        a->n->twc_charged = c->bytes;
    }
    return counts;
}

/* Light mode: the per-window contacts, sides and channels from the window-tie-channel counts. */
static void pass_light(lua_State *L, act *a)
{
    const uint32_t *counts = window_tie_channels(L, a);
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

static void pass_cases(act *a);

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
        int64_t t = st->time[i];
        int32_t p = a->tie_pair[k];
        uint32_t s = p > 0 ? a->pair_scope[p] : 0;
        int side = s ? a->group[sn_tie_from(a->net, (size_t)k)] == a->pair_a[p - 1] : 0;
        while (lo < pp->w1 && a->wend[lo] <= t)
            lo++;
        for (uint32_t w = lo; w < pp->w1 && a->wstart[w] <= t; w++) {
            a->tie_win[(size_t)w * m + (size_t)k]++;
            count_contact(a, 0, w, i, p > 0 ? 1 : -1);
            if (s)
                count_contact(a, s, w, i, side);
        }
    }
    return NULL;
}

/*
 * The contacts in time order, once: the windows are split over the cores
 * (each thread owns its windows' cells, so no two threads write the same
 * counter), then the cases.
 */
static void pass_contacts(lua_State *L, act *a)
{
    const int32_t *contact_tie = sn_lens_contact_ties(L, a->n);
    const uint32_t *order = sn_lens_time_order(L, a->n);
    const sn_store *st = a->st;
    int nt = st->n >= 400000 && a->W >= 2 ? sni_threads() : 1;
    if ((uint32_t)nt > a->W)
        nt = (int)a->W;
    pass_part parts[16];
    uint32_t w0 = 0;
    size_t first = position_of(st, order, a->W ? a->wstart[0] : 0);
    size_t total = a->W ? position_of(st, order, a->wend[a->W - 1]) - first : 0;
    for (int p = 0; p < nt; p++) {
        /* windows until this part holds its share of the contacts */
        uint32_t w1 = w0;
        size_t target = first + total * (size_t)(p + 1) / (size_t)nt;
        while (w1 < a->W && (w1 == w0 || position_of(st, order, a->wstart[w1]) < target))
            w1++;
        if (p == nt - 1)
            w1 = a->W;
        parts[p] = (pass_part){a,
                               contact_tie,
                               order,
                               w0,
                               w1,
                               w0 < w1 ? position_of(st, order, a->wstart[w0]) : 0,
                               w0 < w1 ? position_of(st, order, a->wend[w1 - 1]) : 0};
        w0 = w1;
    }
    pthread_t tids[16];
    int started[16] = {0};
    for (int p = 1; p < nt; p++)
        started[p] = pthread_create(&tids[p], NULL, pass_range, &parts[p]) == 0;
    if (nt > 0)
        pass_range(&parts[0]);
    for (int p = 1; p < nt; p++) {
        if (started[p])
            pthread_join(tids[p], NULL);
        else
            pass_range(&parts[p]);
    }
    pass_cases(a);
}

/* The cases, from their own rows (in time order). */
static void pass_cases(act *a)
{
    const sn_store *st = a->st;
    const sn_events *ev = &a->n->an->events;
    const sn_view_opts *o = &a->net->opts;
    for (uint32_t j = 0; j < a->NC; j++) {
        uint32_t s = a->K + 1 + j;
        size_t nr;
        const uint32_t *rows = sn_events_case(ev, a->cases[j], &nr);
        for (size_t r = 0; r < nr; r++) {
            size_t i = rows[r];
            int64_t t = st->time[i];
            if ((o->has_since && t < o->since) || (o->has_until && t >= o->until) ||
                (o->has_channels && !o->channels[st->channel[i]]))
                continue;
            a->tot[s]++;
            for (uint32_t w = first_window(a, t); w < a->W && a->wstart[w] <= t; w++)
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

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* Gini of v[0 .. n-1] (sorted in place): sum_i (2i - n - 1) v_(i) / (n sum v). */
static double gini(double *v, size_t n)
{
    double sum = 0, acc = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    if (n == 0 || !(sum > 0))
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
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

/* The position of v in the sorted list l[0 .. n-1] (which holds it). */
static uint32_t position(const uint32_t *l, uint32_t n, uint32_t v)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (l[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int is_active(const act *a, int64_t k, int64_t w)
{
    return k >= 0 && w >= 0 &&
           a->tie_win[(size_t)w * a->net->n_ties + (size_t)k] >= (uint32_t)a->mc;
}

/* Undirected adjacency of the window's active ties, and which ties close a triangle. */
static void window_graph(act *a, uint32_t w, win_scratch *x)
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

static void group_ties(lua_State *L, act *a, scope_ties *t)
{
    size_t m = a->net->n_ties;
    t->start = scratch(L, (size_t)a->P + 2, sizeof *t->start);
    t->list = scratch(L, 2 * m, sizeof *t->list);
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
    size_t *fill = scratch(L, (size_t)a->P + 2, sizeof *fill);
    memcpy(fill, t->start, ((size_t)a->P + 2) * sizeof *fill);
    for (size_t k = 0; k < m; k++)
        if (a->tie_pair[k] > 0)
            t->list[fill[a->tie_pair[k]]++] = (uint32_t)k;
}

static void endpoints_done(const act *a, win_scratch *x, size_t n_touched, scope_w *r)
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
    (void)a;
}

/* The tie measures of scope s (0 or a pair) in window w. */
static void scope_window(const act *a, const scope_ties *st, uint32_t s, uint32_t w, win_scratch *x,
                         scope_w *r)
{
    const sn_net *net = a->net;
    memset(r, 0, sizeof *r);
    size_t n_touched = 0;
    int K = a->o.novelty_k;
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
    endpoints_done(a, x, n_touched, r);
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
static void case_windows(lua_State *L, const act *a, uint32_t j, win_scratch *x, scope_w *r)
{
    const sn_events *ev = &a->n->an->events;
    const sn_view_opts *o = &a->net->opts;
    const sn_store *st = a->st;
    size_t nr, ne = 0;
    const uint32_t *rows = sn_events_case(ev, a->cases[j], &nr);
    for (size_t q = 0; q < nr; q++) { /* entries: one per row and window */
        int64_t t = st->time[rows[q]];
        for (uint32_t w = first_window(a, t); w < a->W && a->wstart[w] <= t; w++)
            ne++;
    }
    int top = lua_gettop(L);
    case_entry *pairs = scratch(L, ne, sizeof *pairs), *ends = scratch(L, 2 * ne, sizeof *ends);
    size_t np = 0, nd = 0;
    for (size_t q = 0; q < nr; q++) {
        size_t i = rows[q];
        int64_t t = st->time[i];
        if ((o->has_since && t < o->since) || (o->has_until && t >= o->until) ||
            (o->has_channels && !o->channels[st->channel[i]]))
            continue;
        uint32_t u = a->net->node_of_actor[st->from[i]], v = a->net->node_of_actor[st->to[i]];
        for (uint32_t w = first_window(a, t); w < a->W && a->wstart[w] <= t; w++) {
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
    int K = a->o.novelty_k;
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
        endpoints_done(a, x, n_touched, &r[w]);
    }
    lua_settop(L, top);
}

/* ---- the result ---- */

static void set_nil_or(lua_State *L, const char *key, int defined, double x)
{
    if (defined)
        sn_lens_set_num(L, key, x);
}

static void push_channels(lua_State *L, const act *a, size_t x)
{
    lua_createtable(L, 0, 4);
    for (uint32_t c = 0; c < a->nch; c++)
        if (a->chan[x * a->nch + c])
            sn_lens_set_int(L, sn_channel_name(a->st, (uint8_t)c), a->chan[x * a->nch + c]);
}

static void push_window_stats(lua_State *L, const act *a, uint32_t s, uint32_t w, const scope_w *r,
                              int is_case)
{
    size_t x = SW(a, s, w);
    double days = (double)(a->wend[w] - a->wstart[w]) / SN_DAY;
    lua_createtable(L, 0, 26);
    sn_lens_set_int(L, "index", (long long)w + 1);
    sn_lens_set_str(L, "label", a->wlabel[w]);
    sn_lens_set_int(L, "contacts", a->cnt[x]);
    set_nil_or(L, "rate", days > 0, a->cnt[x] / days);
    if (s == 0) {
        sn_lens_set_int(L, "cross", a->ab[x]);
    } else if (s <= a->K) {
        sn_lens_set_int(L, "ab", a->ab[x]);
        sn_lens_set_int(L, "ba", a->ba[x]);
    }
    sn_lens_set_int(L, "ties", r->ties);
    sn_lens_set_int(L, "mutual", r->mutual);
    set_nil_or(L, "reciprocity", r->ties > 0, (double)r->mutual / r->ties);
    set_nil_or(L, "persistence", w >= 1 && r->either > 0, (double)r->both / r->either);
    set_nil_or(L, "novelty", (int64_t)w >= a->o.novelty_k && r->ties > 0,
               (double)r->fresh / r->ties);
    if (a->ngap[x] >= 1) {
        double mu = a->gsum[x] / a->ngap[x];
        double var = a->gsq[x] / a->ngap[x] - mu * mu;
        double sd = sqrt(var > 0 ? var : 0);
        set_nil_or(L, "regularity", mu > 0, sd / mu);
        set_nil_or(L, "burstiness", sd + mu > 0, (sd - mu) / (sd + mu));
    }
    sn_lens_set_int(L, "meeting_rows", a->meet[x]);
    sn_lens_set_int(L, "scheduled", a->sched[x]);
    push_channels(L, a, x);
    lua_setfield(L, -2, "channels");
    sn_lens_set_int(L, "actors", r->actors);
    if (r->top != UINT32_MAX && r->actors) {
        sn_lens_set_str(L, "top", sn_net_label(a->net, r->top));
        set_nil_or(L, "top_share", r->ends_total > 0, r->top_count / r->ends_total);
        sn_lens_set_num(L, "gini", r->gini);
    }
    if (!is_case)
        set_nil_or(L, "clustering", r->pairs > 0, (double)r->embedded / r->pairs);
    if (s == 0)
        set_nil_or(L, "ei", r->e + r->i > 0, (r->e - r->i) / (r->e + r->i));
}

static void push_list(lua_State *L, const act *a, const uint32_t *v, uint32_t s, const char *key)
{
    lua_createtable(L, (int)a->W, 0);
    for (uint32_t w = 0; w < a->W; w++) {
        lua_pushinteger(L, v[SW(a, s, w)]);
        lua_rawseti(L, -2, (lua_Integer)w + 1);
    }
    lua_setfield(L, -2, key);
}

static void push_light(lua_State *L, const act *a, uint32_t s)
{
    push_list(L, a, a->cnt, s, "contacts");
    if (s == 0) {
        push_list(L, a, a->ab, s, "cross");
    } else if (s <= a->K) {
        push_list(L, a, a->ab, s, "ab");
        push_list(L, a, a->ba, s, "ba");
    }
    if (!a->o.channels)
        return;
    lua_createtable(L, 0, 4);
    for (uint32_t c = 0; c < a->nch; c++) {
        int any = 0;
        for (uint32_t w = 0; w < a->W && !any; w++)
            any = a->chan[SW(a, s, w) * a->nch + c] != 0;
        if (!any)
            continue;
        lua_createtable(L, (int)a->W, 0);
        for (uint32_t w = 0; w < a->W; w++) {
            lua_pushinteger(L, a->chan[SW(a, s, w) * a->nch + c]);
            lua_rawseti(L, -2, (lua_Integer)w + 1);
        }
        lua_setfield(L, -2, sn_channel_name(a->st, (uint8_t)c));
    }
    lua_setfield(L, -2, "channels");
}

static void win_scratch_init(lua_State *L, const act *a, win_scratch *x)
{
    uint32_t nn = a->net->n_nodes;
    x->adj_start = scratch(L, (size_t)nn + 1, sizeof *x->adj_start);
    x->adj = scratch(L, 2 * a->net->n_ties, sizeof *x->adj);
    x->emb = scratch(L, 2 * a->net->n_ties, 1);
    x->stamp = scratch(L, nn, sizeof *x->stamp);
    x->deg = scratch(L, nn, sizeof *x->deg);
    x->node_count = scratch(L, nn, sizeof *x->node_count);
    x->touched = scratch(L, nn, sizeof *x->touched);
    x->vals = scratch(L, nn, sizeof *x->vals);
    x->embedded = scratch(L, a->net->n_ties, 1);
}

/* One thread's windows [w0, w1): the graph of each, then its scopes' measures. */
typedef struct win_part {
    act *a;
    const scope_ties *st;
    scope_w *rs;
    win_scratch x;
    uint32_t w0, w1;
} win_part;

static void *windows_range(void *arg)
{
    win_part *p = arg;
    act *a = p->a;
    for (uint32_t w = p->w0; w < p->w1; w++) {
        window_graph(a, w, &p->x);
        scope_window(a, p->st, 0, w, &p->x, &p->rs[w]);
        for (uint32_t j = 1; j <= a->K; j++)
            scope_window(a, p->st, a->keep[j], w, &p->x, &p->rs[(size_t)j * a->W + w]);
    }
    return NULL;
}

int sn_lens_net_activity(lua_State *L)
{
    lens_net *n = sn_lens_self(L, "activity");
    act A;
    memset(&A, 0, sizeof A);
    read_options(L, 2, &A.o);
    /* the case and meeting measures only when read: the largest cases, or the series (detail) */
    if (A.o.cases > 0 || A.o.detail)
        sn_lens_need_events(L, n);
    lua_settop(L, 2);
    A.n = n;
    A.net = sn_lens_view(n);
    A.st = n->store;
    A.nch = sn_intern_count(A.st->channels);
    A.mc = A.net->opts.min_contacts > 1 ? A.net->opts.min_contacts : 1;
    plan_windows(L, &A);
    build_groups(L, &A);
    pick_cases(L, &A);
    A.tot = scratch(L, (size_t)A.P + A.NC + 1, sizeof *A.tot);
    keep_pairs(L, &A);
    A.S = 1 + A.K + A.NC;
    size_t sw = (size_t)A.S * A.W;
    A.cnt = scratch(L, sw, sizeof *A.cnt);
    A.ab = scratch(L, sw, sizeof *A.ab);
    A.ba = scratch(L, sw, sizeof *A.ba);
    A.meet = scratch(L, sw, sizeof *A.meet);
    A.sched = scratch(L, sw, sizeof *A.sched);
    A.ngap = scratch(L, sw, sizeof *A.ngap);
    A.chan = scratch(L, A.o.channels ? sw * A.nch : 1, sizeof *A.chan);
    A.gsum = scratch(L, sw, sizeof *A.gsum);
    A.gsq = scratch(L, sw, sizeof *A.gsq);
    A.last = scratch(L, sw, sizeof *A.last);
    for (size_t i = 0; i < sw; i++)
        A.last[i] = INT64_MIN;
    if (A.o.detail) {
        A.tie_win = scratch(L, A.net->n_ties * (size_t)A.W, sizeof *A.tie_win);
        pass_contacts(L, &A);
    } else {
        pass_light(L, &A);
        pass_cases(&A);
    }

    /* per window measures of the network and the kept pairs (the windows split over
       the cores, each with its own scratch), then the cases */
    scope_w *rs = NULL;
    if (A.o.detail) {
        rs = scratch(L, sw, sizeof *rs);
        scope_ties st;
        group_ties(L, &A, &st);
        int nt = A.net->n_ties >= 4096 && A.W >= 2 ? sni_threads() : 1;
        if ((uint32_t)nt > A.W)
            nt = (int)A.W;
        if (nt < 1)
            nt = 1;
        win_part parts[16];
        for (int p = 0; p < nt; p++) {
            win_scratch_init(L, &A, &parts[p].x);
            parts[p].a = &A;
            parts[p].st = &st;
            parts[p].rs = rs;
            parts[p].w0 = (uint32_t)((uint64_t)A.W * (uint64_t)p / (uint64_t)nt);
            parts[p].w1 = (uint32_t)((uint64_t)A.W * (uint64_t)(p + 1) / (uint64_t)nt);
        }
        pthread_t tids[16];
        int started[16] = {0};
        for (int p = 1; p < nt; p++)
            started[p] = pthread_create(&tids[p], NULL, windows_range, &parts[p]) == 0;
        windows_range(&parts[0]);
        for (int p = 1; p < nt; p++) {
            if (started[p])
                pthread_join(tids[p], NULL);
            else
                windows_range(&parts[p]);
        }
        for (uint32_t j = 0; j < A.NC; j++)
            case_windows(L, &A, j, &parts[0].x, &rs[(size_t)(1 + A.K + j) * A.W]);
    }

    /* the result */
    luaL_checkstack(L, 10, "net:activity");
    lua_createtable(L, 0, 6);
    int res = lua_gettop(L);
    sn_lens_set_str(L, "window", A.o.window.name);
    if (A.o.has_step)
        sn_lens_set_str(L, "step", A.o.step.name);
    char by[256] = "";
    for (int i = 0, used = 0; i < A.o.n_by; i++)
        used += snprintf(by + used, sizeof by - (size_t)used, "%s%s", i ? " / " : "", A.o.by[i]);
    sn_lens_set_str(L, "by", by);
    if (A.o.across)
        sn_lens_set_str(L, "across", A.o.across);
    lua_createtable(L, (int)A.W, 0);
    for (uint32_t w = 0; w < A.W; w++) {
        lua_createtable(L, 0, 6);
        sn_lens_set_int(L, "index", (long long)w + 1);
        sn_lens_set_str(L, "label", A.wlabel[w]);
        sn_lens_set_time(L, "start", A.wstart[w]);
        sn_lens_set_time(L, "end", A.wend[w]);
        sn_lens_set_time(L, "before", A.wend[w]);
        sn_lens_set_num(L, "days", (double)(A.wend[w] - A.wstart[w]) / SN_DAY);
        lua_rawseti(L, -2, (lua_Integer)w + 1);
    }
    lua_setfield(L, res, "windows");
    lua_createtable(L, (int)A.S, 0);
    int scopes = lua_gettop(L);
    for (uint32_t j = 0; j < A.S; j++) {
        int is_case = j > A.K;
        lua_createtable(L, 0, 8);
        if (j == 0) {
            sn_lens_set_str(L, "kind", "network");
            sn_lens_set_str(L, "name", "network");
        } else if (!is_case) {
            uint32_t p = A.keep[j];
            const char *ga = A.glabel[A.pair_a[p - 1]], *gb = A.glabel[A.pair_b[p - 1]];
            sn_lens_set_str(L, "kind", "pair");
            lua_pushfstring(L, "%s <-> %s", ga, gb);
            lua_setfield(L, -2, "name");
            sn_lens_set_str(L, "a", ga);
            sn_lens_set_str(L, "b", gb);
        } else {
            sn_lens_set_str(L, "kind", "case");
            sn_lens_set_str(L, "name", sn_events_case_id(&n->an->events, A.cases[j - A.K - 1]));
        }
        sn_lens_set_num(L, "contacts", A.tot[j]);
        if (A.o.detail) {
            lua_createtable(L, (int)A.W, 0);
            for (uint32_t w = 0; w < A.W; w++) {
                push_window_stats(L, &A, j, w, &rs[(size_t)j * A.W + w], is_case);
                lua_rawseti(L, -2, (lua_Integer)w + 1);
            }
            lua_setfield(L, -2, "windows");
        } else {
            push_light(L, &A, j);
        }
        lua_rawseti(L, scopes, (lua_Integer)j + 1);
    }
    lua_setfield(L, res, "scopes");
    return 1;
}
