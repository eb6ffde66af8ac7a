/*
 * api_events.c - cases, meetings and removal in the `net` object, read from
 * the analysis' case and meeting index (samnett/events.h, cases.h,
 * meetings.h) without copying the store:
 *
 *   net:cases{...}          iterator over cases (filters: min_contacts,
 *                           min_providers, bti, handoff, pingpong, top)
 *   net:case(id)            one case, or nil
 *   net:case_events(id)     its contacts in time order (view filters apply)
 *   net:case_summary()      the summary of the case measures, or nil
 *   net:co_serving()        iterator over provider pairs that share cases
 *                           without a tie (flerfaglig parallel work);
 *                           net:co_serving{by = attr} the same summed by
 *                           pairs of groups, as a list ({inside = true}:
 *                           with the pairs inside one group)
 *   net:meetings{...}       iterator over meetings in time order (filters:
 *                           since, before, channel, min_participants, series)
 *   net:series{...}         the recurring series found among the meetings,
 *                           with their regularity and the afterlife of the
 *                           ties formed there (filters: min_organisations,
 *                           min_meetings, min_participants)
 *   net:series_pairs(k)     iterator over the new pairs of series k
 *   net:removal(ids)        what removing nodes costs (samnett/removal.h)
 *
 * Cases and meetings exist when the store has case or meeting ids; without
 * them the iterators are empty and the summaries nil.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"

static const sn_events *events_of(const lens_net *n)
{
    return n->an->has_events ? &n->an->events : NULL;
}

static int empty_iterator(lua_State *L)
{
    (void)L;
    return 0;
}

static int push_empty_iterator(lua_State *L)
{
    lua_pushcfunction(L, empty_iterator);
    return 1;
}

/* A row passes the view's time and channel filters. */
static int row_in_view(const lens_net *n, size_t i)
{
    return sn_view_keeps(&sn_lens_view(n)->opts, n->store, i);
}

/* ---- cases ---- */

/* The case index of an id string at idx, or -1. */
static int64_t case_arg(lua_State *L, const lens_net *n, int idx)
{
    size_t len;
    const char *id = luaL_checklstring(L, idx, &len);
    if (!n->an->has_cases)
        return -1;
    int64_t c = sn_intern_find(n->store->cases, id, len);
    return c >= 0 && (uint32_t)c < n->an->cases.n_cases ? c : -1;
}

/* The distinct provider nodes of case c, in order of first contact, as a list. */
static void push_case_nodes(lua_State *L, const lens_net *n, uint32_t c)
{
    const sn_events *ev = events_of(n);
    const sn_net *net = sn_lens_view(n);
    size_t nr;
    const uint32_t *rows = sn_events_case(ev, c, &nr);
    uint32_t seen[128];
    size_t k = 0;
    lua_createtable(L, 8, 0);
    for (size_t r = 0; r < nr; r++) {
        if (!row_in_view(n, rows[r]))
            continue;
        uint32_t ends[2] = {net->node_of_actor[n->store->from[rows[r]]],
                            net->node_of_actor[n->store->to[rows[r]]]};
        for (int e = 0; e < 2; e++) {
            size_t j = 0;
            while (j < k && seen[j] != ends[e])
                j++;
            if (j < k)
                continue;
            if (k < 128) {
                seen[k++] = ends[e];
            } else { /* a very large case: look the list up */
                int dup = 0;
                for (lua_Integer x = 1; x <= (lua_Integer)lua_rawlen(L, -1) && !dup; x++) {
                    lua_rawgeti(L, -1, x);
                    dup = strcmp(lua_tostring(L, -1), sn_net_label(net, ends[e])) == 0;
                    lua_pop(L, 1);
                }
                if (dup)
                    continue;
            }
            lua_pushstring(L, sn_net_label(net, ends[e]));
            lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
        }
    }
}

static void push_case(lua_State *L, const lens_net *n, uint32_t c)
{
    const sn_case_stats *s = &n->an->cases.cases[c];
    lua_createtable(L, 0, 14);
    sni_lens_set_str(L, "id", sn_events_case_id(events_of(n), c));
    sni_lens_set_int(L, "contacts", s->contacts);
    if (s->contacts) {
        sni_lens_set_time(L, "first", s->first);
        sni_lens_set_time(L, "last", s->last);
    }
    sni_lens_set_int(L, "providers", s->providers);
    sni_lens_set_int(L, "services", s->services);
    sni_lens_set_int(L, "organisations", s->organisations);
    sni_lens_set_int(L, "bti", s->bti);
    sni_lens_set_str(L, "handoff", sn_handoff_name(s->handoff));
    sni_lens_set_int(L, "transfers", s->transfers);
    sni_lens_set_int(L, "pingpongs", s->pingpongs);
    sni_lens_set_num(L, "care_density", s->care_density);
    push_case_nodes(L, n, c);
    lua_setfield(L, -2, "nodes");
}

typedef struct cases_it {
    uint32_t pos, n; /* position in order (or the case index when order is empty) */
    long min_contacts, min_providers;
    int bti, handoff, pingpong;
    uint32_t order[]; /* the top cases, largest first; n == 0: all, in index order */
} cases_it;

static int case_passes(const cases_it *it, const sn_case_stats *s)
{
    return s->contacts > 0 && (long)s->contacts >= it->min_contacts &&
           (long)s->providers >= it->min_providers && (!it->bti || s->bti == it->bti) &&
           (it->handoff < 0 || s->handoff == it->handoff) && (!it->pingpong || s->pingpongs > 0);
}

static int cases_next(lua_State *L)
{
    cases_it *it = lua_touserdata(L, lua_upvalueindex(1));
    lens_net *n = lua_touserdata(L, lua_upvalueindex(2));
    const sn_cases *cs = &n->an->cases;
    uint32_t total = it->n ? it->n : cs->n_cases;
    while (it->pos < total) {
        uint32_t c = it->n ? it->order[it->pos] : it->pos;
        it->pos++;
        if (it->n || case_passes(it, &cs->cases[c])) {
            push_case(L, n, c);
            return 1;
        }
    }
    return 0;
}

static const sn_case_stats *sort_stats;
static int cmp_case_size(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (sort_stats[x].contacts != sort_stats[y].contacts)
        return sort_stats[x].contacts > sort_stats[y].contacts ? -1 : 1;
    return x < y ? -1 : x > y;
}

static long opt_whole(lua_State *L, int t, const char *key, long dflt, const char *fn)
{
    long v = dflt;
    if (lua_getfield(L, t, key) != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0)
            luaL_error(L, "%s: %s must be a whole number >= 0", fn, key);
        v = (long)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

static void check_names(lua_State *L, int t, const char *fn, const char *const *names,
                        const char *expected)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        int ok = 0;
        for (int i = 0; names[i] && !ok; i++)
            ok = strcmp(k, names[i]) == 0;
        if (!ok)
            luaL_error(L, "%s: unknown option '%s'; expected %s", fn, k, expected);
        lua_pop(L, 1);
    }
}

int sni_lens_net_cases(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "cases");
    sni_lens_need_events(L, n);
    static const char *const names[] = {"min_contacts", "min_providers", "bti", "handoff",
                                        "pingpong",     "top",           NULL};
    long min_contacts = 0, min_providers = 0, bti = 0, top = 0;
    int handoff = -1, pingpong = 0;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        check_names(L, 2, "net:cases", names,
                    "min_contacts, min_providers, bti, handoff, pingpong or top");
        min_contacts = opt_whole(L, 2, "min_contacts", 0, "net:cases");
        min_providers = opt_whole(L, 2, "min_providers", 0, "net:cases");
        bti = opt_whole(L, 2, "bti", 0, "net:cases");
        top = opt_whole(L, 2, "top", 0, "net:cases");
        if (bti > 3)
            luaL_error(L, "net:cases: bti must be 1, 2 or 3");
        if (lua_getfield(L, 2, "handoff") != LUA_TNIL) {
            const char *h = lua_tostring(L, -1);
            for (int k = 0; h && k < SN_HANDOFF_COUNT; k++)
                if (strcmp(h, sn_handoff_name(k)) == 0)
                    handoff = k;
            if (handoff < 0)
                luaL_error(L, "net:cases: handoff must be single, pooled, sequential or "
                              "reciprocal");
        }
        lua_pop(L, 1);
        lua_getfield(L, 2, "pingpong");
        pingpong = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    if (!n->an->has_cases)
        return push_empty_iterator(L);
    const sn_cases *cs = &n->an->cases;
    cases_it probe = {0, 0, min_contacts, min_providers, (int)bti, handoff, pingpong};
    uint32_t keep = 0;
    if (top > 0)
        for (uint32_t c = 0; c < cs->n_cases; c++)
            keep += (uint32_t)case_passes(&probe, &cs->cases[c]);
    uint32_t nk = top > 0 ? keep : 0;
    if (nk > 256) { /* many: sort them all, keep the top */
        cases_it *it = lua_newuserdatauv(L, sizeof *it + (size_t)nk * sizeof(uint32_t), 0);
        *it = probe;
        uint32_t j = 0;
        for (uint32_t c = 0; c < cs->n_cases; c++)
            if (case_passes(&probe, &cs->cases[c]))
                it->order[j++] = c;
        sort_stats = cs->cases;
        qsort(it->order, nk, sizeof *it->order, cmp_case_size);
        it->n = nk < (uint32_t)top ? nk : (uint32_t)top;
        lua_pushvalue(L, 1);
        lua_pushcclosure(L, cases_next, 2);
        return 1;
    }
    if (top > 0 && (uint32_t)top < nk)
        nk = (uint32_t)top;
    cases_it *it = lua_newuserdatauv(L, sizeof *it + (size_t)(nk + 1) * sizeof(uint32_t), 0);
    *it = probe;
    if (nk) {
        /* the top nk in order, by insertion while walking the cases once */
        uint32_t k = 0;
        sort_stats = cs->cases;
        for (uint32_t c = 0; c < cs->n_cases; c++) {
            if (!case_passes(&probe, &cs->cases[c]))
                continue;
            if (k == nk && cmp_case_size(&c, &it->order[k - 1]) >= 0)
                continue;
            uint32_t j = k < nk ? k++ : k - 1;
            while (j > 0 && cmp_case_size(&c, &it->order[j - 1]) < 0) {
                it->order[j] = it->order[j - 1];
                j--;
            }
            it->order[j] = c;
        }
        it->n = k;
    } else if (top > 0) {
        return push_empty_iterator(L);
    }
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, cases_next, 2);
    return 1;
}

int sni_lens_net_case(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "case");
    sni_lens_need_events(L, n);
    int64_t c = case_arg(L, n, 2);
    if (c < 0)
        return 0;
    push_case(L, n, (uint32_t)c);
    return 1;
}

static int case_events_next(lua_State *L)
{
    lens_net *n = lua_touserdata(L, lua_upvalueindex(1));
    uint32_t c = (uint32_t)lua_tointeger(L, lua_upvalueindex(2));
    size_t pos = (size_t)lua_tointeger(L, lua_upvalueindex(3)), nr;
    const uint32_t *rows = sn_events_case(events_of(n), c, &nr);
    const sn_store *s = n->store;
    while (pos < nr) {
        size_t i = rows[pos++];
        if (!row_in_view(n, i))
            continue;
        lua_pushinteger(L, (lua_Integer)pos);
        lua_replace(L, lua_upvalueindex(3));
        lua_pushinteger(L, (lua_Integer)sn_store_time(s, i));
        lua_pushstring(L, sn_store_actor_id(s, s->from[i]));
        lua_pushstring(L, sn_store_actor_id(s, s->to[i]));
        lua_pushstring(L, sn_channel_name(s, s->channel[i]));
        if (sn_store_meeting(s, i))
            lua_pushstring(L, sn_intern_str(s->meetings, sn_store_meeting(s, i) - 1));
        else
            lua_pushnil(L);
        lua_pushnumber(L, sn_store_weight(s, i));
        return 6;
    }
    return 0;
}

int sni_lens_net_case_events(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "case_events");
    sni_lens_need_events(L, n);
    int64_t c = case_arg(L, n, 2);
    if (c < 0)
        return push_empty_iterator(L);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, c);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, case_events_next, 3);
    return 1;
}

static void push_summary(lua_State *L, const char *key, const sn_summary *s)
{
    lua_createtable(L, 0, 8);
    sni_lens_set_num(L, "mean", s->mean);
    sni_lens_set_num(L, "min", s->min);
    sni_lens_set_num(L, "p10", s->p10);
    sni_lens_set_num(L, "p25", s->p25);
    sni_lens_set_num(L, "median", s->median);
    sni_lens_set_num(L, "p75", s->p75);
    sni_lens_set_num(L, "p90", s->p90);
    sni_lens_set_num(L, "max", s->max);
    lua_setfield(L, -2, key);
}

int sni_lens_net_case_summary(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "case_summary");
    sni_lens_need_events(L, n);
    if (!n->an->has_cases)
        return 0;
    const sn_cases *cs = &n->an->cases;
    lua_createtable(L, 0, 20);
    sni_lens_set_int(L, "cases", cs->n_cases);
    sni_lens_set_int(L, "active", cs->active);
    lua_createtable(L, 3, 0);
    for (int b = 1; b <= 3; b++) {
        lua_pushinteger(L, cs->bti[b]);
        lua_rawseti(L, -2, b);
    }
    lua_setfield(L, -2, "bti");
    lua_createtable(L, 0, 4);
    for (int h = SN_HANDOFF_SINGLE; h < SN_HANDOFF_COUNT; h++)
        sni_lens_set_int(L, sn_handoff_name(h), cs->handoff[h]);
    lua_setfield(L, -2, "handoff");
    sni_lens_set_int(L, "transfers", cs->transfers);
    sni_lens_set_int(L, "pingpongs", cs->pingpongs);
    sni_lens_set_int(L, "cases_with_transfers", cs->cases_with_transfers);
    sni_lens_set_int(L, "cases_with_pingpong", cs->cases_with_pingpong);
    sni_lens_set_num(L, "pingpong_window_days", (double)cs->opts.pingpong_window / SN_DAY);
    push_summary(L, "providers", &cs->providers);
    push_summary(L, "services", &cs->services);
    push_summary(L, "organisations", &cs->organisations);
    push_summary(L, "care_density", &cs->density);
    sni_lens_set_int(L, "density_cases", cs->density_cases);
    sni_lens_set_int(L, "large_cases", cs->large_cases);
    sni_lens_set_int(L, "shared_pairs", (long long)cs->shared_pairs);
    sni_lens_set_int(L, "co_serving", (long long)cs->n_co);
    sni_lens_set_int(L, "co_serving_cross", (long long)cs->n_co_cross);
    sni_lens_set_int(L, "co_serving_min", cs->opts.co_serving_min);
    return 1;
}

static int co_next(lua_State *L)
{
    lens_net *n = lua_touserdata(L, lua_upvalueindex(1));
    size_t i = (size_t)lua_tointeger(L, lua_upvalueindex(2));
    const sn_cases *cs = &n->an->cases;
    if (i >= cs->n_co)
        return 0;
    lua_pushinteger(L, (lua_Integer)i + 1);
    lua_replace(L, lua_upvalueindex(2));
    const sn_co_pair *p = &cs->co[i];
    const sn_net *net = sn_lens_view(n);
    const sn_store *s = n->store;
    lua_createtable(L, 0, 4);
    sni_lens_set_str(L, "a", sn_net_label(net, p->a));
    sni_lens_set_str(L, "b", sn_net_label(net, p->b));
    sni_lens_set_int(L, "cases", p->cases);
    uint32_t oa = s->actors[net->node_actor[p->a]].attr[SN_ATTR_ORGANISATION];
    uint32_t ob = s->actors[net->node_actor[p->b]].attr[SN_ATTR_ORGANISATION];
    lua_pushboolean(L, oa != ob);
    lua_setfield(L, -2, "cross");
    return 1;
}

/* ---- co-serving by group ---- */

typedef struct co_group {
    uint32_t a, b; /* group ids, a < b */
    uint32_t pairs, cases, cross;
} co_group;

typedef struct label_ix {
    const char *label;
    uint32_t node;
} label_ix;

static int cmp_label_ix(const void *x, const void *y)
{
    const label_ix *a = x, *b = y;
    int c = strcmp(a->label, b->label);
    return c ? c : (a->node < b->node ? -1 : a->node > b->node);
}

static int cmp_co_group(const void *x, const void *y)
{
    const co_group *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static int cmp_co_cases(const void *x, const void *y)
{
    const co_group *a = x, *b = y;
    if (a->cases != b->cases)
        return a->cases > b->cases ? -1 : 1;
    return cmp_co_group(x, y);
}

/*
 * The co-serving pairs summed by groups of an attribute (or attributes,
 * joined " / "): {a, b, pairs, cases, cross}, most cases first. Pairs with a
 * node outside every group are left out, and so are pairs inside one group
 * unless inside (then a == b for them).
 */
static int co_serving_by(lua_State *L, lens_net *n, int idx, int inside)
{
    const sn_net *net = sn_lens_view(n);
    const sn_cases *cs = &n->an->cases;
    const char *attrs[4];
    int na = 0;
    if (lua_type(L, idx) == LUA_TSTRING) {
        attrs[na++] = lua_tostring(L, idx);
    } else if (lua_type(L, idx) == LUA_TTABLE) {
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, idx) && na < 4; i++) {
            lua_rawgeti(L, idx, i);
            attrs[na++] = lua_tostring(L, -1);
            lua_pop(L, 1);
            if (!attrs[na - 1])
                return luaL_error(L, "net:co_serving: by must list attribute names");
        }
    }
    if (na == 0)
        return luaL_error(L, "net:co_serving: by must be an attribute name or a list of them");
    /* the label of each node, and group ids in label order */
    uint32_t nn = net->n_nodes;
    size_t total = 0;
    for (uint32_t v = 0; v < nn; v++)
        for (int i = 0; i < na; i++) {
            const char *x = sn_store_attr_named(n->store, net->node_actor[v], attrs[i]);
            total += (x ? strlen(x) : 0) + 3;
        }
    char *buf = lua_newuserdatauv(L, total + 1, 0);
    label_ix *ix = lua_newuserdatauv(L, (nn ? nn : 1) * sizeof *ix, 0);
    uint32_t *group = lua_newuserdatauv(L, (nn ? nn : 1) * sizeof *group, 0);
    size_t used = 0;
    for (uint32_t v = 0; v < nn; v++) {
        char *start = buf + used;
        int empty = 0;
        for (int i = 0; i < na; i++) {
            const char *x = sn_store_attr_named(n->store, net->node_actor[v], attrs[i]);
            empty |= !x || !x[0];
            if (i) {
                memcpy(buf + used, " / ", 3);
                used += 3;
            }
            size_t len = x ? strlen(x) : 0;
            if (len)
                memcpy(buf + used, x, len);
            used += len;
        }
        buf[used++] = '\0';
        ix[v] = (label_ix){empty ? "" : start, v};
    }
    qsort(ix, nn, sizeof *ix, cmp_label_ix);
    uint32_t ng = 0;
    const char **glabel = lua_newuserdatauv(L, (nn ? nn : 1) * sizeof *glabel, 0);
    for (uint32_t i = 0; i < nn; i++) {
        if (!ix[i].label[0]) {
            group[ix[i].node] = UINT32_MAX;
            continue;
        }
        if (ng == 0 || strcmp(glabel[ng - 1], ix[i].label) != 0)
            glabel[ng++] = ix[i].label;
        group[ix[i].node] = ng - 1;
    }
    /*
     * The pairs by their first group (a bucket per group, counting sort), then
     * summed by their second group within each bucket.
     */
    size_t nco = cs->n_co;
    uint32_t *lo = lua_newuserdatauv(L, (nco ? nco : 1) * 2 * sizeof *lo, 0), *hi = lo + nco;
    uint32_t *start = lua_newuserdatauv(L, ((size_t)ng + 1) * sizeof *start, 0);
    memset(start, 0, ((size_t)ng + 1) * sizeof *start);
    for (size_t i = 0; i < nco; i++) {
        uint32_t ga = group[cs->co[i].a], gb = group[cs->co[i].b];
        if (ga == UINT32_MAX || gb == UINT32_MAX || (ga == gb && !inside)) {
            lo[i] = UINT32_MAX;
            continue;
        }
        lo[i] = ga < gb ? ga : gb;
        hi[i] = ga < gb ? gb : ga;
        start[lo[i] + 1]++;
    }
    for (uint32_t g = 0; g < ng; g++)
        start[g + 1] += start[g];
    uint32_t *order = lua_newuserdatauv(L, ((size_t)start[ng] + 1) * sizeof *order, 0);
    uint32_t *fill = lua_newuserdatauv(L, ((size_t)ng + 1) * 2 * sizeof *fill, 0);
    uint32_t *seen = fill + ng + 1; /* seen[b]: 1 + the bucket where b was last met */
    memcpy(fill, start, ((size_t)ng + 1) * sizeof *fill);
    memset(seen, 0, ((size_t)ng + 1) * sizeof *seen);
    for (size_t i = 0; i < nco; i++)
        if (lo[i] != UINT32_MAX)
            order[fill[lo[i]]++] = (uint32_t)i;
    co_group *cg = lua_newuserdatauv(L, ((size_t)start[ng] + 1) * sizeof *cg, 0);
    uint32_t *slot = fill; /* slot[b]: the sum of (a, b) in cg, while seen[b] is a's bucket */
    const sn_store *st = n->store;
    size_t k = 0;
    for (uint32_t a = 0; a < ng; a++)
        for (uint32_t j = start[a]; j < start[a + 1]; j++) {
            size_t i = order[j];
            uint32_t b = hi[i];
            if (seen[b] != a + 1) {
                seen[b] = a + 1;
                slot[b] = (uint32_t)k;
                cg[k++] = (co_group){a, b, 0, 0, 0};
            }
            co_group *c = &cg[slot[b]];
            uint32_t oa = st->actors[net->node_actor[cs->co[i].a]].attr[SN_ATTR_ORGANISATION];
            uint32_t ob = st->actors[net->node_actor[cs->co[i].b]].attr[SN_ATTR_ORGANISATION];
            c->pairs++;
            c->cases += cs->co[i].cases;
            c->cross += oa != ob;
        }
    qsort(cg, k, sizeof *cg, cmp_co_cases);
    /* each group's label made a Lua string once */
    lua_createtable(L, (int)ng, 0);
    int names = lua_gettop(L);
    for (uint32_t g = 0; g < ng; g++) {
        lua_pushstring(L, glabel[g]);
        lua_rawseti(L, names, (lua_Integer)g + 1);
    }
    lua_createtable(L, (int)k, 0);
    for (size_t i = 0; i < k; i++) {
        lua_createtable(L, 0, 5);
        lua_rawgeti(L, names, (lua_Integer)cg[i].a + 1);
        lua_setfield(L, -2, "a");
        lua_rawgeti(L, names, (lua_Integer)cg[i].b + 1);
        lua_setfield(L, -2, "b");
        sni_lens_set_int(L, "pairs", cg[i].pairs);
        sni_lens_set_int(L, "cases", cg[i].cases);
        sni_lens_set_int(L, "cross_pairs", cg[i].cross);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

int sni_lens_net_co_serving(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "co_serving");
    sni_lens_need_events(L, n);
    int by = 0, inside = 0;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
            if (strcmp(k, "by") != 0 && strcmp(k, "inside") != 0)
                luaL_error(L, "net:co_serving: the options are by (an attribute or a list) and "
                              "inside (true or false)");
            lua_pop(L, 1);
        }
        if (lua_getfield(L, 2, "inside") != LUA_TNIL && !lua_isboolean(L, -1))
            luaL_error(L, "net:co_serving: inside must be true or false");
        inside = lua_toboolean(L, -1);
        lua_getfield(L, 2, "by");
        by = lua_gettop(L);
    }
    if (by) {
        if (!n->an->has_cases) {
            lua_newtable(L);
            return 1;
        }
        return co_serving_by(L, n, by, inside);
    }
    if (!n->an->has_cases)
        return push_empty_iterator(L);
    lua_settop(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, co_next, 2);
    return 1;
}

/* ---- meetings ---- */

typedef struct meetings_it {
    uint32_t pos;
    int has_since, has_until;
    int64_t since, until;
    int has_channels;
    uint8_t channels[SN_CHANNEL_MAX + 1];
    long min_participants;
    int64_t series; /* -1: any */
} meetings_it;

static void push_meeting(lua_State *L, const lens_net *n, uint32_t m)
{
    const sn_events *ev = events_of(n);
    const sn_store *s = n->store;
    size_t np, nr;
    const uint32_t *who = sn_events_participants(ev, m, &np);
    sn_events_meeting(ev, m, &nr);
    lua_createtable(L, 0, 8);
    sni_lens_set_str(L, "id", sn_events_meeting_id(ev, m));
    sni_lens_set_time(L, "time", ev->meeting_time[m]);
    sni_lens_set_str(L, "channel", sn_channel_name(s, ev->meeting_channel[m]));
    sni_lens_set_str(L, "organiser", sn_store_actor_id(s, ev->meeting_organiser[m]));
    sni_lens_set_int(L, "rows", (long long)nr);
    lua_createtable(L, (int)np, 0);
    for (size_t i = 0; i < np; i++) {
        lua_pushstring(L, sn_store_actor_id(s, who[i]));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "participants");
    if (n->an->has_meetings && n->an->meetings.series_of[m] != UINT32_MAX)
        sni_lens_set_int(L, "series", (long long)n->an->meetings.series_of[m] + 1);
}

static int meetings_next(lua_State *L)
{
    meetings_it *it = lua_touserdata(L, lua_upvalueindex(1));
    lens_net *n = lua_touserdata(L, lua_upvalueindex(2));
    const sn_events *ev = events_of(n);
    while (it->pos < ev->n_meetings) {
        uint32_t m = ev->meeting_order[it->pos++];
        int64_t t = ev->meeting_time[m];
        size_t np;
        sn_events_participants(ev, m, &np);
        if ((it->has_since && t < it->since) || (it->has_until && t >= it->until) ||
            (it->has_channels && !it->channels[ev->meeting_channel[m]]) ||
            (long)np < it->min_participants)
            continue;
        if (it->series >= 0 &&
            (!n->an->has_meetings || n->an->meetings.series_of[m] != (uint32_t)it->series))
            continue;
        push_meeting(L, n, m);
        return 1;
    }
    return 0;
}

static void meetings_option(lua_State *L, const lens_net *n, meetings_it *it, const char *key)
{
    if (strcmp(key, "since") == 0) {
        int64_t t = sni_lens_check_time(L, -1, "net:meetings: since", 0);
        if (!it->has_since || t > it->since)
            it->since = t;
        it->has_since = 1;
    } else if (strcmp(key, "before") == 0 || strcmp(key, "until") == 0) {
        int64_t t = sni_lens_check_time(L, -1, "net:meetings: before", key[0] == 'u');
        if (!it->has_until || t < it->until)
            it->until = t;
        it->has_until = 1;
    } else if (strcmp(key, "channel") == 0 || strcmp(key, "channels") == 0) {
        memset(it->channels, 0, sizeof it->channels);
        it->has_channels = 1;
        if (lua_type(L, -1) == LUA_TTABLE) {
            for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
                lua_rawgeti(L, -1, i);
                it->channels[sni_lens_check_channel(L, -1, "net:meetings: channel")] = 1;
                lua_pop(L, 1);
            }
        } else {
            it->channels[sni_lens_check_channel(L, -1, "net:meetings: channel")] = 1;
        }
    } else if (strcmp(key, "min_participants") == 0) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0)
            luaL_error(L, "net:meetings: min_participants must be a whole number >= 0");
        it->min_participants = (long)lua_tointeger(L, -1);
    } else if (strcmp(key, "series") == 0) {
        lua_Integer k = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
        size_t ns = n->an->has_meetings ? n->an->meetings.n_series : 0;
        if (k < 1 || (size_t)k > ns)
            luaL_error(L, "net:meetings: series must be a series index from 1 to %d", (int)ns);
        it->series = k - 1;
    } else {
        luaL_error(L,
                   "net:meetings: unknown option '%s'; expected since, before, channel, "
                   "min_participants or series",
                   key);
    }
}

int sni_lens_net_meetings(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "meetings");
    sni_lens_need_events(L, n);
    const sn_view_opts *o = &sn_lens_view(n)->opts;
    lua_settop(L, 2);
    meetings_it *it = lua_newuserdatauv(L, sizeof *it, 0);
    int itx = lua_gettop(L);
    memset(it, 0, sizeof *it);
    it->series = -1;
    it->has_since = o->has_since;
    it->since = o->since;
    it->has_until = o->has_until;
    it->until = o->until;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                luaL_error(L, "net:meetings: options are named, as net:meetings{series = 1}");
            meetings_option(L, n, it, lua_tostring(L, -2));
            lua_pop(L, 1);
        }
    }
    if (!events_of(n))
        return push_empty_iterator(L);
    lua_pushvalue(L, itx);
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, meetings_next, 2);
    return 1;
}

static void push_series(lua_State *L, const lens_net *n, size_t k)
{
    const sn_meetings *ms = &n->an->meetings;
    const sn_series *S = &ms->series[k];
    const sn_events *ev = events_of(n);
    const sn_store *s = n->store;
    lua_createtable(L, 0, 32);
    sni_lens_set_int(L, "index", (long long)k + 1);
    sni_lens_set_str(L, "id", sn_events_meeting_id(ev, S->meetings[0]));
    sni_lens_set_str(L, "last_id", sn_events_meeting_id(ev, S->meetings[S->n_meetings - 1]));
    lua_pushstring(L, S->label ? S->label : "");
    lua_setfield(L, -2, "label");
    sni_lens_set_int(L, "meetings", S->n_meetings);
    sni_lens_set_time(L, "first", S->first);
    sni_lens_set_time(L, "last", S->last);
    sni_lens_set_int(L, "core_size", S->core_size);
    sni_lens_set_int(L, "participants", S->participants);
    sni_lens_set_num(L, "interval_median_days", S->interval_median_days);
    sni_lens_set_num(L, "interval_mean_days", S->interval_mean_days);
    sni_lens_set_num(L, "regularity", S->regularity);
    sni_lens_set_str(L, "organiser", sn_store_actor_id(s, S->organiser));
    sni_lens_set_int(L, "organisations", S->organisations);
    sni_lens_set_int(L, "units", S->units);
    sni_lens_set_num(L, "cross_org_share", S->cross_org_share);
    sni_lens_set_num(L, "size_first_third", S->size_first_third);
    sni_lens_set_num(L, "size_last_third", S->size_last_third);
    sni_lens_set_num(L, "video_share", S->video_share);
    /* attendance: actor id -> meetings attended */
    lua_createtable(L, 0, (int)S->participants);
    int att = lua_gettop(L);
    for (uint32_t j = 0; j < S->n_meetings; j++) {
        size_t np;
        const uint32_t *who = sn_events_participants(ev, S->meetings[j], &np);
        for (size_t i = 0; i < np; i++) {
            const char *id = sn_store_actor_id(s, who[i]);
            lua_Integer c = lua_getfield(L, att, id) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
            lua_pop(L, 1);
            lua_pushinteger(L, c + 1);
            lua_setfield(L, att, id);
        }
    }
    lua_setfield(L, -2, "attendance");
    lua_pushboolean(L, S->has_pairs);
    lua_setfield(L, -2, "has_pairs");
    if (S->has_pairs) {
        sni_lens_set_int(L, "new_pairs", (long long)S->n_pairs);
        sni_lens_set_int(L, "with_contact_after", (long long)S->with_contact_after);
        sni_lens_set_int(L, "contacts_during", S->contacts_during);
        sni_lens_set_num(L, "per_quarter_during", S->per_quarter_during);
        sni_lens_set_int(L, "quarters_after", S->n_quarters_after);
        lua_createtable(L, (int)S->n_quarters_after, 0);
        for (uint32_t q = 0; q < S->n_quarters_after; q++) {
            lua_pushinteger(L, S->after[q]);
            lua_rawseti(L, -2, (lua_Integer)q + 1);
        }
        lua_setfield(L, -2, "after");
        sni_lens_set_num(L, "half_life_days", S->half_life_days);
    }
}

int sni_lens_net_series(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "series");
    sni_lens_need_events(L, n);
    static const char *const names[] = {"min_organisations", "min_meetings", "min_participants",
                                        NULL};
    long min_orgs = 0, min_meetings = 0, min_participants = 0;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        check_names(L, 2, "net:series", names,
                    "min_organisations, min_meetings or min_participants");
        min_orgs = opt_whole(L, 2, "min_organisations", 0, "net:series");
        min_meetings = opt_whole(L, 2, "min_meetings", 0, "net:series");
        min_participants = opt_whole(L, 2, "min_participants", 0, "net:series");
    }
    size_t ns = n->an->has_meetings ? n->an->meetings.n_series : 0;
    lua_createtable(L, 0, 0);
    lua_Integer out = 0;
    for (size_t k = 0; k < ns; k++) {
        const sn_series *S = &n->an->meetings.series[k];
        if ((long)S->organisations < min_orgs || (long)S->n_meetings < min_meetings ||
            (long)S->participants < min_participants)
            continue;
        push_series(L, n, k);
        lua_rawseti(L, -2, ++out);
    }
    return 1;
}

static int series_pairs_next(lua_State *L)
{
    lens_net *n = lua_touserdata(L, lua_upvalueindex(1));
    size_t k = (size_t)lua_tointeger(L, lua_upvalueindex(2));
    size_t p = (size_t)lua_tointeger(L, lua_upvalueindex(3));
    const sn_meetings *ms = &n->an->meetings;
    const sn_series *S = &ms->series[k];
    if (p >= S->n_pairs)
        return 0;
    lua_pushinteger(L, (lua_Integer)p + 1);
    lua_replace(L, lua_upvalueindex(3));
    size_t nt;
    const int64_t *times = sn_series_pair_times(ms, k, p, &nt);
    lua_createtable(L, 0, 4);
    sni_lens_set_str(L, "a", sn_store_actor_id(n->store, S->pair_a[p]));
    sni_lens_set_str(L, "b", sn_store_actor_id(n->store, S->pair_b[p]));
    sni_lens_set_time(L, "met", S->pair_met[p]);
    lua_createtable(L, (int)nt, 0);
    for (size_t i = 0; i < nt; i++) {
        lua_pushinteger(L, (lua_Integer)times[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "times");
    return 1;
}

int sni_lens_net_series_pairs(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "series_pairs");
    sni_lens_need_events(L, n);
    lua_Integer k = luaL_checkinteger(L, 2);
    size_t ns = n->an->has_meetings ? n->an->meetings.n_series : 0;
    if (k < 1 || (size_t)k > ns)
        return luaL_error(L, "net:series_pairs: expected a series index from 1 to %d; got %d",
                          (int)ns, (int)k);
    if (!n->an->meetings.series[k - 1].has_pairs)
        return push_empty_iterator(L);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, k - 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, series_pairs_next, 3);
    return 1;
}

/* ---- removal ---- */

#define REMOVAL_MT "samnett.removal"

typedef struct removal_box {
    int has;
    sn_removal r;
} removal_box;

static int removal_gc(lua_State *L)
{
    removal_box *b = luaL_checkudata(L, 1, REMOVAL_MT);
    if (b->has)
        sn_removal_free(&b->r);
    b->has = 0;
    return 0;
}

int sni_lens_net_removal(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "removal");
    const sn_net *net = sn_lens_view(n);
    int single = lua_type(L, 2) == LUA_TSTRING;
    if (!single && lua_type(L, 2) != LUA_TTABLE)
        return luaL_error(L, "net:removal: expected a node id or a list of node ids");
    size_t count = single ? 1 : (size_t)lua_rawlen(L, 2);
    uint32_t *nodes = lua_newuserdatauv(L, (count ? count : 1) * sizeof *nodes, 0);
    for (size_t i = 0; i < count; i++) {
        if (!single)
            lua_rawgeti(L, 2, (lua_Integer)i + 1);
        size_t len;
        const char *id = lua_tolstring(L, single ? 2 : -1, &len);
        int64_t v = id ? sn_intern_find(net->labels, id, len) : -1;
        if (v < 0)
            return luaL_error(L, "net:removal: no node '%s' at the %s level", id ? id : "?",
                              sn_level_name(net->opts.level));
        nodes[i] = (uint32_t)v;
        if (!single)
            lua_pop(L, 1);
    }
    sni_lens_need_measures(L, n);
    const sn_partition *part = n->an->n_partitions ? &n->an->partitions[0] : NULL;
    if (!part)
        return luaL_error(L, "net:removal: the analysis has no partition");
    if (luaL_newmetatable(L, REMOVAL_MT)) {
        lua_pushcfunction(L, removal_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    removal_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    memset(box, 0, sizeof *box);
    luaL_setmetatable(L, REMOVAL_MT);
    sn_err err = {0};
    if (sn_removal_compute(net, part, nodes, (uint32_t)count, &box->r, &err) != SN_OK)
        return luaL_error(L, "net:removal: %s", err.msg);
    box->has = 1;
    const sn_removal *r = &box->r;
    lua_createtable(L, 0, 10);
    sni_lens_set_int(L, "removed", r->n_removed);
    sni_lens_set_num(L, "pairs_before", r->pairs_before);
    sni_lens_set_num(L, "pairs_after", r->pairs_after);
    sni_lens_set_num(L, "pairs_lost", r->pairs_lost);
    sni_lens_set_num(L, "pairs_lost_between_remaining", r->pairs_lost_between_remaining);
    sni_lens_set_int(L, "ties_lost", r->ties_lost);
    sni_lens_set_int(L, "cross_ties_lost", r->cross_ties_lost);
    sni_lens_set_int(L, "cross_ties_before", r->cross_ties_before);
    lua_createtable(L, (int)r->n_cut, 0);
    for (uint32_t i = 0; i < r->n_cut; i++) {
        lua_createtable(L, 0, 2);
        lua_pushstring(L, part->labels[r->cut_from[i]]);
        lua_setfield(L, -2, "from");
        lua_pushstring(L, part->labels[r->cut_to[i]]);
        lua_setfield(L, -2, "to");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "cut");
    lua_pushstring(L, part->attr);
    lua_setfield(L, -2, "partition");
    return 1;
}
