/*
 * api_time.c - time in the `net` object: the analysis' windows and temporal
 * measures (samnett/temporal.h), or new ones computed for the lens.
 *
 *   net:windows()           the analysis' windows (--window), in time order;
 *                           {} when it had none
 *   net:windows{length = "quarter", ...}
 *                           windows computed now by the temporal module on
 *                           this view (the analysis' time options changed by
 *                           the ones given)
 *   net:temporal(), net:temporal{...}
 *                           a read-only temporal object: the period, the
 *                           network, channels, group pairs, nodes and ties
 *                           (tstats and change points), and its windows
 *
 * Options (both functions): length (or window), step (or slide), novelty_k,
 * after, baseline = {since, before}, metrics ("degree,pagerank" or a list),
 * pairs_by, cp_penalty, cp_min_days, cp_min_contacts, detail (false: no
 * measures of each tie, node or group pair; net:windows never needs them).
 * A result is kept (and charged to the lens) until the lens ends; the same
 * options again reuse it, and one with the detail serves a call without.
 * Nothing is copied from the store: windows and records are built from the
 * module's arrays when asked for.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"
#include "samnett/option.h"

#define TEMPORAL_MT "samnett.temporal"

typedef struct lens_tobj {
    lens_net *net;
    const sn_temporal *t;
} lens_tobj;

void sni_lens_temporal_free(lens_ctx *c, lens_net *n)
{
    for (size_t i = 0; i < n->n_temporal; i++) {
        sn_temporal_free(&n->temporal[i]->t);
        sni_lens_uncharge(c, n->temporal[i]->charged);
        free(n->temporal[i]);
    }
    free(n->temporal);
    n->temporal = NULL;
    n->n_temporal = 0;
}

/* ---- options ---- */

static void baseline_option(lua_State *L, const char *fn, sn_temporal_opts *o)
{
    if (lua_type(L, -1) != LUA_TTABLE)
        luaL_error(L, "%s: baseline must be {since = ..., before = ...}", fn);
    int t = lua_gettop(L);
    lua_getfield(L, t, "since");
    if (lua_isnil(L, -1))
        lua_rawgeti(L, t, 1);
    o->baseline_since = sni_lens_check_time(L, -1, "baseline.since", 0);
    lua_pop(L, 1);
    int is_until = 0;
    lua_getfield(L, t, "before");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_getfield(L, t, "until");
        is_until = !lua_isnil(L, -1);
        if (!is_until) {
            lua_pop(L, 1);
            lua_rawgeti(L, t, 2);
        }
    }
    o->baseline_until = sni_lens_check_time(L, -1, "baseline.before", is_until);
    lua_pop(L, 1);
    if (o->baseline_until <= o->baseline_since)
        luaL_error(L, "%s: baseline.before must be later than baseline.since", fn);
    o->has_baseline = 1;
}

/*
 * The value at the top of the stack as the text an option table reads: a
 * string as it is, a number in full, a list of strings joined by commas.
 */
static const char *option_text(lua_State *L, const char *fn, const char *key, char *buf, size_t cap)
{
    if (lua_type(L, -1) == LUA_TSTRING)
        return lua_tostring(L, -1);
    if (lua_isinteger(L, -1)) {
        snprintf(buf, cap, "%lld", (long long)lua_tointeger(L, -1));
        return buf;
    }
    if (lua_type(L, -1) == LUA_TNUMBER) {
        snprintf(buf, cap, "%.17g", lua_tonumber(L, -1));
        return buf;
    }
    if (lua_type(L, -1) == LUA_TTABLE) {
        size_t used = 0;
        buf[0] = '\0';
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
            lua_rawgeti(L, -1, i);
            const char *s = lua_tostring(L, -1);
            if (s && used + strlen(s) + 2 < cap)
                used += (size_t)snprintf(buf + used, cap - used, "%s%s", used ? "," : "", s);
            lua_pop(L, 1);
        }
        return buf;
    }
    luaL_error(L, "%s: bad %s; expected a string, a number or a list; got %s", fn, key,
               luaL_typename(L, -1));
    return NULL;
}

/*
 * The option at the top of the stack (key at -2) into o: through the temporal
 * option table, as the command line's, under the lens's name for it (length
 * is the table's window, step its slide, metrics its window_metrics), which
 * the messages use.
 */
static void temporal_option(lua_State *L, const char *fn, sn_temporal_opts *o, const char *key,
                            char *pairs_by, size_t cap)
{
    static const char *const names[][2] = {
        {"length", "window"},
        {"window", "window"},
        {"step", "slide"},
        {"slide", "slide"},
        {"novelty_k", "novelty_k"},
        {"after", "after"},
        {"metrics", "window_metrics"},
        {"pairs_by", "pairs_by"},
        {"cp_penalty", "cp_penalty"},
        {"cp_min_days", "cp_min_days"},
        {"cp_min_contacts", "cp_min_contacts"},
    };
    if (strcmp(key, "baseline") == 0) {
        baseline_option(L, fn, o);
        return;
    }
    if (strcmp(key, "detail") == 0) {
        if (!lua_isboolean(L, -1))
            luaL_error(L, "%s: detail must be true or false", fn);
        o->series_only = !lua_toboolean(L, -1);
        return;
    }
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcmp(key, names[i][0]) != 0)
            continue;
        char text[512];
        const char *value = option_text(L, fn, key, text, sizeof text);
        if (strcmp(key, "pairs_by") == 0) { /* the table keeps the text: the caller's buffer */
            snprintf(pairs_by, cap, "%s", value);
            value = pairs_by;
        }
        sn_err err = {0};
        if (sn_opt_set(sn_temporal_options, sn_temporal_n_options, o, names[i][1], value, key,
                       &err) != SN_OK)
            luaL_error(L, "%s: %s", fn, err.msg);
        return;
    }
    luaL_error(L,
               "%s: unknown option '%s'; expected length, step, novelty_k, after, baseline, "
               "metrics, pairs_by, cp_penalty, cp_min_days, cp_min_contacts or detail",
               fn, key);
}

/* The options as a string, the detail left out: a result with the detail serves one without. */
static void options_key(const sn_temporal_opts *o, char *key, size_t cap)
{
    snprintf(key, cap, "w%d:%s:%d:%s:m%u:k%d:a%d:%lld:b%d:%lld:%lld:p%s:c%d:%.17g:%ld:%ld",
             o->has_window, o->has_window ? o->window.name : "", o->has_slide,
             o->has_slide ? o->slide.name : "", o->has_window ? o->window_metrics : 0u,
             o->novelty_k, o->has_after, (long long)(o->has_after ? o->after : 0), o->has_baseline,
             (long long)(o->has_baseline ? o->baseline_since : 0),
             (long long)(o->has_baseline ? o->baseline_until : 0),
             o->pairs_by ? o->pairs_by : "type", (int)o->cp_rule,
             o->cp_rule == SN_CP_FIXED ? o->cp_penalty : 0.0, o->cp_min_days, o->cp_min_contacts);
}

/*
 * The temporal measures the options at idx ask for: the analysis' or computed now; without the
 * measures of each tie, node and group pair when windows_only or detail = false.
 */
static const sn_temporal *temporal_for(lua_State *L, lens_net *n, int idx, const char *fn,
                                       int windows_only)
{
    sn_temporal_opts o = n->opts.temporal;
    char pairs_by[128];
    int given = 0;
    if (!lua_isnoneornil(L, idx)) {
        luaL_checktype(L, idx, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                luaL_error(L, "%s: options are named, as %s{length = \"quarter\"}", fn, fn);
            temporal_option(L, fn, &o, lua_tostring(L, -2), pairs_by, sizeof pairs_by);
            given = 1;
            lua_pop(L, 1);
        }
    }
    if (o.has_slide && !o.has_window)
        luaL_error(L, "%s: step needs a length", fn);
    if (windows_only)
        o.series_only = 1;
    char key[256], own[256];
    options_key(&o, key, sizeof key);
    options_key(&n->opts.temporal, own, sizeof own);
    if (n->an->has_temporal && (!given || strcmp(key, own) == 0))
        return &n->an->temporal; /* with the detail */
    for (size_t i = 0; i < n->n_temporal; i++)
        if (strcmp(n->temporal[i]->key, key) == 0 &&
            (o.series_only || !n->temporal[i]->t.series_only))
            return &n->temporal[i]->t;
    lens_temporal **v = realloc(n->temporal, (n->n_temporal + 1) * sizeof *v);
    if (!v)
        luaL_error(L, "out of memory");
    n->temporal = v;
    lens_temporal *lt = calloc(1, sizeof *lt);
    if (!lt)
        luaL_error(L, "out of memory");
    snprintf(lt->key, sizeof lt->key, "%s", key);
    if (sn_lens_view(n)->opts.meetings != SN_MEETINGS_PROJECT)
        o.contact_ties = sni_lens_contact_ties(L, n); /* shared with the null models, activity */
    sn_err err = {0};
    sn_metrics_opts mo = n->opts.metrics;
    mo.seed = n->opts.silo.seed; /* as the analysis's windows */
    if (sn_temporal_compute(sn_lens_view(n), &mo, &o, &lt->t, &err) != SN_OK) {
        free(lt);
        luaL_error(L, "%s: %s", fn, err.msg);
    }
    n->temporal[n->n_temporal++] = lt; /* owned by the net from here on */
    const sn_temporal *t = &lt->t;
    size_t bytes = sn_temporal_bytes(t);
    sni_lens_charge(L, bytes);
    lt->charged = bytes;
    return t;
}

/* ---- records ---- */

static void push_cps(lua_State *L, const sn_change_points *c)
{
    if (!c->tested)
        return;
    sni_lens_set_num(L, "change_point_penalty", c->penalty);
    lua_createtable(L, (int)c->n, 0);
    for (size_t i = 0; i < c->n; i++) {
        lua_createtable(L, 0, 3);
        sni_lens_set_time(L, "time", c->cp[i].time);
        sni_lens_set_num(L, "rate_before", c->cp[i].rate_before);
        sni_lens_set_num(L, "rate_after", c->cp[i].rate_after);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "change_points");
}

/* The fields of one tstats into the table on top. */
static void set_tstats(lua_State *L, const sn_temporal *T, const sn_tstats *s)
{
    sni_lens_set_int(L, "contacts", s->contacts);
    if (s->contacts > 0) {
        sni_lens_set_time(L, "first", s->first);
        sni_lens_set_time(L, "last", s->last);
    }
    sni_lens_set_num(L, "burstiness", s->burstiness);
    sni_lens_set_num(L, "regularity", s->regularity);
    sni_lens_set_num(L, "persistence", s->persistence);
    sni_lens_set_num(L, "novelty", s->novelty);
    if (T->has_baseline)
        sni_lens_set_int(L, "baseline_contacts", s->baseline_contacts);
    sni_lens_set_num(L, "rate_ratio", s->rate_ratio);
    if (T->has_after) {
        sni_lens_set_int(L, "contacts_before", s->contacts_before);
        sni_lens_set_int(L, "contacts_after", s->contacts_after);
        sni_lens_set_num(L, "decay_per_day", s->decay_per_day);
        sni_lens_set_num(L, "half_life_days", s->half_life_days);
    }
}

static void push_window(lua_State *L, const lens_net *n, const sn_temporal *T, size_t w)
{
    const sn_window *x = &T->windows[w];
    const sn_net *net = sn_lens_view(n);
    lua_createtable(L, 0, 20);
    sni_lens_set_int(L, "index", (long long)w + 1);
    sni_lens_set_str(L, "label", x->label);
    sni_lens_set_time(L, "start", x->start);
    sni_lens_set_time(L, "end", x->end);
    sni_lens_set_time(L, "before", x->end);
    sni_lens_set_num(L, "days", (double)(x->end - x->start) / SN_DAY);
    sni_lens_set_int(L, "contacts", x->contacts);
    sni_lens_set_int(L, "nodes", x->nodes);
    sni_lens_set_int(L, "ties", (long long)x->ties);
    sni_lens_set_num(L, "density", x->density);
    sni_lens_set_num(L, "reciprocity", x->reciprocity);
    sni_lens_set_int(L, "components", x->components);
    lua_createtable(L, 0, (int)T->n_channels);
    for (size_t c = 0; c < T->n_channels && x->channel_contacts; c++)
        if (x->channel_contacts[c])
            sni_lens_set_int(L, sn_channel_name(n->store, T->channels[c]), x->channel_contacts[c]);
    lua_setfield(L, -2, "channels");
    sni_lens_set_num(L, "persistence", x->persistence);
    sni_lens_set_num(L, "novelty", x->novelty);
    sni_lens_set_num(L, "rate_ratio", x->rate_ratio);
    if (T->n_metric_columns && x->values) {
        lua_createtable(L, 0, (int)x->n_active);
        for (uint32_t i = 0; i < x->n_active; i++) {
            lua_createtable(L, 0, T->n_metric_columns);
            for (int c = 0; c < T->n_metric_columns; c++)
                sni_lens_set_num(L, T->metric_columns[c],
                                 x->values[(size_t)i * (size_t)T->n_metric_columns + (size_t)c]);
            lua_setfield(L, -2, sn_net_label(net, x->active[i]));
        }
        lua_setfield(L, -2, "metrics");
    }
}

static void push_windows(lua_State *L, const lens_net *n, const sn_temporal *T)
{
    lua_createtable(L, (int)T->n_windows, 0);
    for (size_t w = 0; w < T->n_windows; w++) {
        push_window(L, n, T, w);
        lua_rawseti(L, -2, (lua_Integer)w + 1);
    }
}

int sni_lens_net_windows(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "windows");
    if (lua_isnoneornil(L, 2) && !(n->an->has_temporal && n->an->temporal.has_window)) {
        lua_newtable(L);
        return 1;
    }
    const sn_temporal *T = temporal_for(L, n, 2, "net:windows", 1);
    push_windows(L, n, T);
    return 1;
}

/* ---- the temporal object ---- */

static lens_tobj *tobj(lua_State *L, const char *method)
{
    lens_tobj *o = luaL_testudata(L, 1, TEMPORAL_MT);
    if (!o)
        luaL_error(L, "temporal:%s(): call it with a colon, as t:%s(...)", method, method);
    return o;
}

/* The same, for a method that reads the measures of each tie, node or group pair. */
static lens_tobj *tobj_detail(lua_State *L, const char *method)
{
    lens_tobj *o = tobj(L, method);
    if (o->t->series_only)
        luaL_error(L,
                   "temporal:%s(): these measures were computed with detail = false; ask "
                   "net:temporal{..., detail = true} for them",
                   method);
    return o;
}

static int t_network(lua_State *L)
{
    lens_tobj *o = tobj(L, "network");
    lua_createtable(L, 0, 16);
    set_tstats(L, o->t, &o->t->network);
    push_cps(L, &o->t->network_cps);
    return 1;
}

static int t_channels(lua_State *L)
{
    lens_tobj *o = tobj(L, "channels");
    const sn_temporal *T = o->t;
    lua_createtable(L, (int)T->n_channels, 0);
    for (size_t c = 0; c < T->n_channels; c++) {
        lua_createtable(L, 0, 4);
        sni_lens_set_str(L, "channel", sn_channel_name(o->net->store, T->channels[c]));
        sni_lens_set_int(L, "contacts", T->channel_totals[c]);
        if (T->channel_cps)
            push_cps(L, &T->channel_cps[c]);
        lua_rawseti(L, -2, (lua_Integer)c + 1);
    }
    return 1;
}

static int t_pairs(lua_State *L)
{
    lens_tobj *o = tobj_detail(L, "pairs");
    const sn_temporal *T = o->t;
    lua_createtable(L, (int)T->n_pairs, 0);
    for (size_t p = 0; p < T->n_pairs; p++) {
        const sn_group_pair *gp = &T->pairs[p];
        lua_createtable(L, 0, 18);
        lua_pushstring(L, T->groups.labels[gp->from]);
        lua_setfield(L, -2, "from");
        lua_pushstring(L, T->groups.labels[gp->to]);
        lua_setfield(L, -2, "to");
        set_tstats(L, T, &gp->stats);
        push_cps(L, &gp->cps);
        lua_rawseti(L, -2, (lua_Integer)p + 1);
    }
    return 1;
}

static void push_node_stats(lua_State *L, const lens_tobj *o, uint32_t v)
{
    lua_createtable(L, 0, 16);
    sni_lens_set_str(L, "id", sn_net_label(sn_lens_view(o->net), v));
    set_tstats(L, o->t, &o->t->nodes[v]);
}

static void push_tie_stats(lua_State *L, const lens_tobj *o, size_t k)
{
    const sn_net *net = sn_lens_view(o->net);
    lua_createtable(L, 0, 16);
    sni_lens_set_str(L, "from", sn_net_label(net, sn_tie_from(net, k)));
    sni_lens_set_str(L, "to", sn_net_label(net, sn_tie_to(net, k)));
    set_tstats(L, o->t, &o->t->ties[k]);
}

static int t_nodes_next(lua_State *L)
{
    lens_tobj *o = lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    if ((uint32_t)i >= o->t->n_nodes)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    push_node_stats(L, o, (uint32_t)i);
    return 1;
}

static int t_ties_next(lua_State *L)
{
    lens_tobj *o = lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    if ((size_t)i >= o->t->n_ties)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    push_tie_stats(L, o, (size_t)i);
    return 1;
}

static int t_iter(lua_State *L, const char *method, lua_CFunction next)
{
    tobj_detail(L, method);
    lua_settop(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, next, 2);
    return 1;
}

static int t_nodes(lua_State *L)
{
    return t_iter(L, "nodes", t_nodes_next);
}

static int t_ties(lua_State *L)
{
    return t_iter(L, "ties", t_ties_next);
}

static int64_t node_arg(lua_State *L, const lens_tobj *o, int idx)
{
    size_t len;
    const char *id = luaL_checklstring(L, idx, &len);
    return sn_intern_find(sn_lens_view(o->net)->labels, id, len);
}

static int t_node(lua_State *L)
{
    lens_tobj *o = tobj_detail(L, "node");
    int64_t v = node_arg(L, o, 2);
    if (v < 0 || (uint32_t)v >= o->t->n_nodes)
        return 0;
    push_node_stats(L, o, (uint32_t)v);
    return 1;
}

static int t_tie(lua_State *L)
{
    lens_tobj *o = tobj_detail(L, "tie");
    int64_t a = node_arg(L, o, 2), b = node_arg(L, o, 3);
    int64_t k = a >= 0 && b >= 0 ? sn_net_tie(sn_lens_view(o->net), (uint32_t)a, (uint32_t)b) : -1;
    if (k < 0 || (size_t)k >= o->t->n_ties)
        return 0;
    push_tie_stats(L, o, (size_t)k);
    return 1;
}

static int t_windows(lua_State *L)
{
    lens_tobj *o = tobj(L, "windows");
    push_windows(L, o->net, o->t);
    return 1;
}

static int t_index(lua_State *L)
{
    lens_tobj *o = luaL_checkudata(L, 1, TEMPORAL_MT);
    const char *k = luaL_checkstring(L, 2);
    const sn_temporal *T = o->t;
    if (strcmp(k, "period_start") == 0)
        lua_pushinteger(L, (lua_Integer)T->period_start);
    else if (strcmp(k, "period_end") == 0)
        lua_pushinteger(L, (lua_Integer)T->period_end);
    else if (strcmp(k, "days") == 0)
        lua_pushinteger(L, (lua_Integer)T->days);
    else if (strcmp(k, "window") == 0 && T->has_window)
        lua_pushstring(L, T->window.name);
    else if (strcmp(k, "step") == 0 && T->has_window)
        lua_pushstring(L, T->step.name);
    else if (strcmp(k, "novelty_k") == 0)
        lua_pushinteger(L, T->novelty_k);
    else if (strcmp(k, "after") == 0 && T->has_after)
        lua_pushinteger(L, (lua_Integer)T->after);
    else if (strcmp(k, "baseline_start") == 0 && T->has_baseline)
        lua_pushinteger(L, (lua_Integer)T->baseline_start);
    else if (strcmp(k, "baseline_end") == 0 && T->has_baseline)
        lua_pushinteger(L, (lua_Integer)T->baseline_end);
    else if (strcmp(k, "pairs_by") == 0)
        lua_pushstring(L, T->groups.attr ? T->groups.attr : "type");
    else if (strcmp(k, "detail") == 0)
        lua_pushboolean(L, !T->series_only);
    else if (strcmp(k, "window") == 0 || strcmp(k, "step") == 0 || strcmp(k, "after") == 0 ||
             strcmp(k, "baseline_start") == 0 || strcmp(k, "baseline_end") == 0)
        lua_pushnil(L);
    else if (lua_getfield(L, lua_upvalueindex(1), k) == LUA_TNIL)
        return luaL_error(L,
                          "temporal has no field '%s'; expected period_start, period_end, days, "
                          "window, step, novelty_k, after, baseline_start, baseline_end, "
                          "pairs_by, detail, or a method: network, channels, pairs, nodes, node, "
                          "ties, tie, windows",
                          k);
    return 1;
}

static int t_newindex(lua_State *L)
{
    return luaL_error(L, "temporal is read-only");
}

int sni_lens_net_temporal(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "temporal");
    const sn_temporal *T = temporal_for(L, n, 2, "net:temporal", 0);
    if (luaL_newmetatable(L, TEMPORAL_MT)) {
        static const luaL_Reg methods[] = {
            {"network", t_network}, {"channels", t_channels}, {"pairs", t_pairs},
            {"nodes", t_nodes},     {"node", t_node},         {"ties", t_ties},
            {"tie", t_tie},         {"windows", t_windows},   {NULL, NULL},
        };
        luaL_newlib(L, methods);
        lua_pushcclosure(L, t_index, 1);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, t_newindex);
        lua_setfield(L, -2, "__newindex");
        lua_newtable(L);
        sni_lens_push_frozen(L, -1, "@the metatable of temporal");
        lua_setfield(L, -3, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lens_tobj *o = lua_newuserdatauv(L, sizeof *o, 1);
    o->net = n;
    o->t = T;
    lua_pushvalue(L, 1); /* the net lives as long as this object */
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, TEMPORAL_MT);
    return 1;
}
