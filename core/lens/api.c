/*
 * api.c - the `net` object a lens reads: a read-only userdata over one
 * analysis (sn_analysis) and the event store.
 *
 *   net.level, net.since, net.before, net.min_contacts, net.tie_weight
 *   net:actors() / net:actor(id)     actors and their attributes
 *   net:nodes() / net:node(id)       nodes at the analysis level, with metrics
 *   net:ties() / net:tie(from, to)   ties with contacts, weight, channels,
 *                                    first and last time (one pass over the
 *                                    store on first use, kept in C and
 *                                    shared by the lenses of a run)
 *   net:network()                    whole-network measures
 *   net:silo(attr), net:partition(attr)
 *   net:subnet{...}                  another view + measures on demand
 *   net:events{...}                  a streaming iterator over contacts
 *                                    (sn_events_next, samnett/events.h)
 *   net:columns{attrs}               nodes and ties as parallel arrays
 * and, in the files named:
 *   net:windows{...}, net:temporal{...}           api_time.c
 *   net:cases{...}, net:case(id), net:case_events(id), net:case_summary(),
 *   net:co_serving(), net:meetings{...}, net:series(), net:series_pairs(k),
 *   net:removal(ids)                              api_events.c
 *   net:activity{...}                             activity.c (the measures:
 *                                                 samnett/activity.h)
 *
 * Records (actor, node, tie, ...) are fresh Lua tables: changing one changes
 * nothing else. The net object itself refuses writes and hides its
 * metatable. Nothing here copies the store's contact columns into Lua.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/toolbox.h"
#include "net_internal.h"
#include "samnett/time.h"

/* net:events{...}: the next row to read and the filter (samnett/events.h). */
typedef struct events_it {
    size_t next;
    sn_event_filter f;
} events_it;

/* ---- helpers ---- */

void sni_lens_set_str(lua_State *L, const char *key, const char *value)
{
    if (value && value[0]) {
        lua_pushstring(L, value);
        lua_setfield(L, -2, key);
    }
}

void sni_lens_set_num(lua_State *L, const char *key, double x)
{
    if (isfinite(x)) {
        lua_pushnumber(L, x);
        lua_setfield(L, -2, key);
    }
}

void sni_lens_set_int(lua_State *L, const char *key, long long x)
{
    lua_pushinteger(L, (lua_Integer)x);
    lua_setfield(L, -2, key);
}

void sni_lens_set_time(lua_State *L, const char *key, int64_t t)
{
    lua_pushinteger(L, (lua_Integer)t);
    lua_setfield(L, -2, key);
}

lens_net *sni_lens_self(lua_State *L, const char *method)
{
    lens_net *n = luaL_testudata(L, 1, NET_MT);
    if (!n)
        luaL_error(L, "net:%s(): call it with a colon, as net:%s(...)", method, method);
    return n;
}

int sni_lens_check_channel(lua_State *L, int idx, const char *what)
{
    size_t len;
    const char *name = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : NULL;
    int ch = name ? sn_channel_lookup(name, len) : -1;
    if (ch < 0)
        luaL_error(L,
                   "%s: unknown channel '%s'; expected e-message, phone, meeting, video, "
                   "referral, discharge, visit, job-shadowing or other",
                   what, name ? name : luaL_typename(L, idx));
    return ch;
}

static int64_t node_of(lua_State *L, const lens_net *n, int idx)
{
    size_t len;
    const char *id = luaL_checklstring(L, idx, &len);
    return sn_intern_find(sn_lens_view(n)->labels, id, len);
}

int64_t sni_lens_check_time(lua_State *L, int idx, const char *what, int is_until)
{
    if (lua_type(L, idx) == LUA_TNUMBER) {
        if (!lua_isinteger(L, idx))
            return (int64_t)floor(lua_tonumber(L, idx));
        return (int64_t)lua_tointeger(L, idx);
    }
    if (lua_type(L, idx) == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        int64_t t;
        char why[400];
        (void)len;
        /* a period as --since/--until read it: its start, or as the end its end */
        if (sn_time_period(s, is_until, sn_tz_current(), &t, why, sizeof why) == 0)
            return t;
        luaL_error(L, "%s: bad time '%s'; expected epoch seconds (a number) or %s", what, s, why);
    }
    luaL_error(L, "%s: expected a time (epoch seconds or an ISO 8601 string); got %s", what,
               luaL_typename(L, idx));
    return 0;
}

/* ---- the object ---- */

static void ties_free(lens_ties *t)
{
    free(t->channels);
    free(t->first);
    free(t->last);
    free(t->contact_tie);
    memset(t, 0, sizeof *t);
}

static int net_gc(lua_State *L)
{
    lens_net *n = luaL_checkudata(L, 1, NET_MT);
    lens_ctx *c = sni_lens_ctx(L);
    ties_free(&n->own_ties);
    sni_lens_uncharge(c, n->contact_charged + n->twc_charged);
    n->contact_charged = n->twc_charged = 0;
    sni_lens_temporal_free(c, n);
    for (size_t i = 0; i < n->n_extra; i++) {
        extra_part *e = n->extra[i];
        if (e->has_silo)
            sn_silo_free(&e->silo);
        if (e->has_part)
            sn_partition_free(&e->part);
        sni_lens_uncharge(c, e->charged);
        free(e->attr);
        free(e);
    }
    free(n->extra);
    n->extra = NULL;
    n->n_extra = 0;
    if (n->is_owned)
        sn_analysis_free(&n->owned);
    n->is_owned = 0;
    if (n->shadow) { /* the rest is the analysis's */
        if (n->owned.has_cases)
            sn_cases_free(&n->owned.cases);
        if (n->owned.has_meetings)
            sn_meetings_free(&n->owned.meetings);
        n->shadow = 0;
    }
    sni_lens_uncharge(c, n->charged + n->details_charged);
    n->charged = n->details_charged = 0;
    return 0;
}

static int net_newindex(lua_State *L)
{
    const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    return luaL_error(L, "net is read-only: cannot set net.%s", k);
}

static int net_tostring(lua_State *L)
{
    lens_net *n = luaL_checkudata(L, 1, NET_MT);
    lua_pushfstring(L, "net (%s level, %d nodes, %d ties)",
                    sn_level_name(sn_lens_view(n)->opts.level), (int)sn_lens_view(n)->n_nodes,
                    (int)sn_lens_view(n)->n_ties);
    return 1;
}

static lens_net *new_net(lua_State *L)
{
    lens_net *n = lua_newuserdatauv(L, sizeof *n, 0);
    memset(n, 0, sizeof *n);
    luaL_setmetatable(L, NET_MT);
    return n;
}

/* ---- actors ---- */

static void push_actor(lua_State *L, const lens_net *n, uint32_t a)
{
    static const char *const keys[SN_ATTR_COUNT] = {"name", "type", "organisation",
                                                    "unit", "rank", "profession"};
    const sn_store *s = n->store;
    lua_createtable(L, 0, 10);
    sni_lens_set_str(L, "id", sn_store_actor_id(s, a));
    for (int k = 0; k < SN_ATTR_COUNT; k++)
        sni_lens_set_str(L, keys[k], sn_store_attr(s, a, (sn_attr)k));
    const sn_actor *ac = &s->actors[a];
    lua_createtable(L, 0, (int)ac->extra_count);
    for (uint32_t i = 0; i < ac->extra_count; i++)
        sni_lens_set_str(L, sn_intern_str(s->strings, s->extra_key[ac->extra_first + i]),
                         sn_intern_str(s->strings, s->extra_val[ac->extra_first + i]));
    lua_setfield(L, -2, "attributes");
    lua_pushboolean(L, ac->auto_created);
    lua_setfield(L, -2, "auto_created");
    sni_lens_set_str(L, "node", sn_net_label(sn_lens_view(n), sn_lens_view(n)->node_of_actor[a]));
}

static int actors_next(lua_State *L)
{
    lens_net *n = lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    if ((size_t)i >= n->store->n_actors)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    push_actor(L, n, (uint32_t)i);
    return 1;
}

static int net_actors(lua_State *L)
{
    sni_lens_self(L, "actors");
    lua_settop(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, actors_next, 2);
    return 1;
}

static int net_actor(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "actor");
    size_t len;
    const char *id = luaL_checklstring(L, 2, &len);
    int64_t a = sn_store_actor_find(n->store, id, len);
    if (a < 0)
        return 0;
    push_actor(L, n, (uint32_t)a);
    return 1;
}

/* ---- nodes ---- */

static void push_node(lua_State *L, const lens_net *n, uint32_t v)
{
    const sn_net *net = sn_lens_view(n);
    const sn_store *s = n->store;
    const sn_node_metrics *m = &n->an->metrics.node;
    uint32_t a = net->node_actor[v];
    lua_createtable(L, 0, 32);
    sni_lens_set_str(L, "id", sn_net_label(net, v));
    sni_lens_set_int(L, "size", net->node_size[v]);
    if (net->opts.level == SN_LEVEL_ACTOR) {
        static const char *const keys[SN_ATTR_COUNT] = {"name", "type", "organisation",
                                                        "unit", "rank", "profession"};
        for (int k = 0; k < SN_ATTR_COUNT; k++)
            sni_lens_set_str(L, keys[k], sn_store_attr(s, a, (sn_attr)k));
    } else {
        sni_lens_set_str(L, "organisation", sn_store_attr(s, a, SN_ATTR_ORGANISATION));
        if (net->opts.level == SN_LEVEL_UNIT)
            sni_lens_set_str(L, "unit", sn_store_attr(s, a, SN_ATTR_UNIT));
    }
    if (n->an->n_partitions)
        sni_lens_set_str(L, "group", n->an->partitions[0].labels[n->an->partitions[0].group[v]]);
    sni_lens_set_int(L, "degree_in", (long long)m->degree_in[v]);
    sni_lens_set_int(L, "degree_out", (long long)m->degree_out[v]);
    sni_lens_set_num(L, "strength_in", m->strength_in[v]);
    sni_lens_set_num(L, "strength_out", m->strength_out[v]);
    sni_lens_set_num(L, "betweenness", m->betweenness[v]);
    sni_lens_set_num(L, "closeness", m->closeness[v]);
    sni_lens_set_num(L, "harmonic", m->harmonic[v]);
    sni_lens_set_int(L, "reachable", m->reachable[v]);
    sni_lens_set_num(L, "pagerank", m->pagerank[v]);
    sni_lens_set_num(L, "eigenvector", m->eigenvector[v]);
    sni_lens_set_num(L, "hub", m->hub[v]);
    sni_lens_set_num(L, "authority", m->authority[v]);
    sni_lens_set_num(L, "constraint", m->constraint[v]);
    sni_lens_set_num(L, "effective_size", m->effective_size[v]);
    sni_lens_set_num(L, "efficiency", m->efficiency[v]);
    const sn_brokerage *b = &n->an->brokerage;
    if (b->raw) {
        lua_createtable(L, 0, SN_ROLES);
        for (int role = 0; role < SN_ROLES; role++) {
            lua_pushinteger(L, (lua_Integer)b->raw[(size_t)v * SN_ROLES + (size_t)role]);
            lua_setfield(L, -2, sn_role_name(role));
        }
        lua_setfield(L, -2, "brokerage");
        lua_createtable(L, 0, SN_ROLES);
        for (int role = 0; role < SN_ROLES; role++)
            sni_lens_set_num(L, sn_role_name(role), b->z[(size_t)v * SN_ROLES + (size_t)role]);
        lua_setfield(L, -2, "brokerage_z");
    }
}

static int nodes_next(lua_State *L)
{
    lens_net *n = lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    if ((uint32_t)i >= sn_lens_view(n)->n_nodes)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    push_node(L, n, (uint32_t)i);
    return 1;
}

static int net_nodes(lua_State *L)
{
    sni_lens_need_measures(L, sni_lens_self(L, "nodes"));
    lua_settop(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, nodes_next, 2);
    return 1;
}

static int net_node(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "node");
    sni_lens_need_measures(L, n);
    int64_t v = node_of(L, n, 2);
    if (v < 0)
        return 0;
    push_node(L, n, (uint32_t)v);
    return 1;
}

/* ---- ties ---- */

/* The tie of every contact (samnett/net.h), kept in t. */
static void compute_contact_ties(lua_State *L, const sn_net *net, lens_ties *t)
{
    sn_err err = {0};
    if (sn_net_contact_ties(net, sni_threads(), &t->contact_tie, &err) != SN_OK)
        luaL_error(L, "%s", err.msg);
    t->contact_bytes = net->store->n * sizeof(int32_t);
    t->contact_ready = 1;
}

/* Channels, first and last time of every tie (samnett/net.h), kept in t. */
static void compute_details(lua_State *L, const sn_net *net, lens_ties *t)
{
    sn_tie_details d;
    sn_err err = {0};
    if (sn_net_tie_details(net, t->contact_tie, &d, &err) != SN_OK)
        luaL_error(L, "%s", err.msg);
    t->n_channels = d.n_channels;
    t->channels = d.channels;
    t->first = d.first;
    t->last = d.last;
    t->bytes = net->n_ties * ((size_t)d.n_channels * sizeof(uint32_t) + 2 * sizeof(int64_t));
    t->ready = 1;
}

static lens_ties *ties_of(lens_net *n)
{
    lens_shared *sh = sn_lens_shared_of(n);
    return sh ? &sh->ties : &n->own_ties;
}

const int32_t *sni_lens_contact_ties(lua_State *L, lens_net *n)
{
    lens_ties *t = ties_of(n);
    if (!t->contact_ready)
        compute_contact_ties(L, sn_lens_view(n), t);
    if (!n->contact_charged) {
        sni_lens_charge(L, t->contact_bytes);
        n->contact_charged = t->contact_bytes;
    }
    return t->contact_tie;
}

const lens_ties *sni_lens_ties(lua_State *L, lens_net *n)
{
    lens_ties *t = ties_of(n);
    sni_lens_contact_ties(L, n);
    if (!t->ready)
        compute_details(L, sn_lens_view(n), t);
    if (!n->details_charged) {
        sni_lens_charge(L, t->bytes);
        n->details_charged = t->bytes;
    }
    return t;
}

/* A tie; t NULL: without channels, first and last (net:ties{details = false}). */
static void push_tie(lua_State *L, const lens_net *n, const lens_ties *t, size_t k)
{
    const sn_net *net = sn_lens_view(n);
    uint32_t a = sn_tie_from(net, k), b = sn_tie_to(net, k);
    lua_createtable(L, 0, 8);
    sni_lens_set_str(L, "from", sn_net_label(net, a));
    sni_lens_set_str(L, "to", sn_net_label(net, b));
    sni_lens_set_int(L, "contacts", (long long)net->tie_contacts[k]);
    sni_lens_set_num(L, "weight", net->tie_weight[k]);
    lua_pushboolean(L, sn_net_tie(net, b, a) >= 0);
    lua_setfield(L, -2, "mutual");
    if (!t)
        return;
    lua_createtable(L, 0, 4);
    for (uint32_t c = 0; c < t->n_channels; c++) {
        uint32_t count = t->channels[k * t->n_channels + c];
        if (count)
            sni_lens_set_int(L, sn_channel_name(n->store, (uint8_t)c), count);
    }
    lua_setfield(L, -2, "channels");
    if (t->first[k] != INT64_MAX) {
        sni_lens_set_int(L, "first", t->first[k]);
        sni_lens_set_int(L, "last", t->last[k]);
    }
}

static int ties_next(lua_State *L)
{
    lens_net *n = lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    if ((size_t)i >= sn_lens_view(n)->n_ties)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    push_tie(L, n, lua_toboolean(L, lua_upvalueindex(3)) ? sni_lens_ties(L, n) : NULL, (size_t)i);
    return 1;
}

static int net_ties(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "ties");
    int details = 1;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            if (lua_type(L, -2) != LUA_TSTRING || strcmp(lua_tostring(L, -2), "details") != 0)
                luaL_error(L, "net:ties: the only option is details (true or false)");
            details = lua_toboolean(L, -1);
            lua_pop(L, 1);
        }
    }
    if (details)
        sni_lens_ties(L, n);
    lua_settop(L, 1);
    lua_pushinteger(L, 0);
    lua_pushboolean(L, details);
    lua_pushcclosure(L, ties_next, 3);
    return 1;
}

static int net_tie(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "tie");
    int64_t a = node_of(L, n, 2), b = node_of(L, n, 3);
    int64_t k = a >= 0 && b >= 0 ? sn_net_tie(sn_lens_view(n), (uint32_t)a, (uint32_t)b) : -1;
    if (k < 0)
        return 0;
    push_tie(L, n, sni_lens_ties(L, n), (size_t)k);
    return 1;
}

/* ---- whole network ---- */

static void push_roles(lua_State *L, const double *v, const char *key)
{
    lua_createtable(L, 0, SN_ROLES);
    for (int role = 0; role < SN_ROLES; role++)
        sni_lens_set_num(L, sn_role_name(role), v[role]);
    lua_setfield(L, -2, key);
}

static int net_network(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "network");
    sni_lens_need_measures(L, n);
    const sn_net *net = sn_lens_view(n);
    const sn_net_metrics *nm = &n->an->metrics.net;
    lua_createtable(L, 0, 24);
    sni_lens_set_str(L, "level", sn_level_name(net->opts.level));
    sni_lens_set_int(L, "nodes", net->n_nodes);
    sni_lens_set_int(L, "ties", (long long)net->n_ties);
    sni_lens_set_int(L, "contacts", net->contacts_in_window);
    sni_lens_set_int(L, "contacts_in_ties", net->contacts_in_ties);
    sni_lens_set_int(L, "self_contacts", net->self_contacts);
    sni_lens_set_int(L, "within_group_contacts", net->within_group);
    sni_lens_set_int(L, "below_min_contacts", net->below_threshold);
    sni_lens_set_num(L, "density", nm->density);
    sni_lens_set_num(L, "reciprocity", nm->reciprocity);
    sni_lens_set_num(L, "dyadic_reciprocity", nm->dyadic_reciprocity);
    sni_lens_set_int(L, "weak_components", nm->weak_components);
    sni_lens_set_int(L, "strong_components", nm->strong_components);
    sni_lens_set_int(L, "largest_weak_component", nm->largest_weak);
    sni_lens_set_int(L, "isolates", nm->isolates);
    lua_createtable(L, 0, 4);
    sni_lens_set_num(L, "degree_in", nm->centralization_degree_in);
    sni_lens_set_num(L, "degree_out", nm->centralization_degree_out);
    sni_lens_set_num(L, "degree_all", nm->centralization_degree_all);
    sni_lens_set_num(L, "betweenness", nm->centralization_betweenness);
    lua_setfield(L, -2, "centralization");
    /* how the nodes' betweenness was computed: exact, or estimated (--betweenness-sample) */
    const sn_betweenness_method *bm = &n->an->metrics.betweenness;
    lua_createtable(L, 0, 7);
    sni_lens_set_str(L, "method", bm->sampled ? "sampled" : "exact");
    sni_lens_set_str(L, "scale", "raw");
    if (bm->sampled) {
        sni_lens_set_num(L, "eps", bm->eps);
        sni_lens_set_num(L, "delta", bm->delta);
        sni_lens_set_int(L, "samples", (long long)bm->samples);
        sni_lens_set_int(L, "vertex_diameter_bound", bm->vertex_diameter);
    }
    lua_setfield(L, -2, "betweenness");
    lua_createtable(L, (int)nm->n_articulation, 0);
    for (size_t i = 0; i < nm->n_articulation; i++) {
        lua_pushstring(L, sn_net_label(net, nm->articulation[i]));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "articulation_points");
    const sn_brokerage *b = &n->an->brokerage;
    if (b->raw && n->an->n_partitions) {
        lua_createtable(L, 0, 4);
        sni_lens_set_str(L, "partition", n->an->partitions[0].attr);
        push_roles(L, b->graph_raw, "observed");
        push_roles(L, b->graph_expected, "expected");
        push_roles(L, b->graph_z, "z");
        lua_setfield(L, -2, "brokerage");
    }
    return 1;
}

/* ---- partitions and silos ---- */

/* The analysis' partition and silo for attr, or an extra one computed now. */
void sni_lens_partition(lua_State *L, lens_net *n, const char *attr, int want_silo,
                        const sn_partition **part, const sn_silo **silo)
{
    sni_lens_need_measures(L, n);
    for (size_t i = 0; i < n->an->n_partitions; i++)
        if (strcmp(n->an->partitions[i].attr, attr) == 0) {
            *part = &n->an->partitions[i];
            *silo = &n->an->silos[i];
            return;
        }
    extra_part *e = NULL;
    for (size_t i = 0; i < n->n_extra && !e; i++)
        if (strcmp(n->extra[i]->attr, attr) == 0)
            e = n->extra[i];
    sn_err err = {0};
    if (!e) {
        extra_part **v = realloc(n->extra, (n->n_extra + 1) * sizeof *v);
        if (!v)
            luaL_error(L, "out of memory");
        n->extra = v;
        e = calloc(1, sizeof *e);
        if (!e || !(e->attr = strdup(attr))) {
            free(e);
            luaL_error(L, "out of memory");
        }
        n->extra[n->n_extra++] = e;
    }
    if (!e->has_part) {
        if (sn_partition_build(sn_lens_view(n), attr, &e->part, &err) != SN_OK)
            luaL_error(L, "%s", err.msg);
        e->has_part = 1;
    }
    if (want_silo && !e->has_silo) {
        if (sn_silo_compute(sn_lens_view(n), &e->part, &n->opts.silo, &e->silo, &err) != SN_OK)
            luaL_error(L, "%s", err.msg);
        e->has_silo = 1;
        size_t g = e->part.n_groups;
        size_t bytes = (size_t)e->part.n_nodes * 16 + g * (sizeof(sn_silo_group) + 16) +
                       (e->silo.matrix ? g * g * sizeof(double) : 0);
        sni_lens_charge(L, bytes);
        e->charged = bytes;
    }
    *part = &e->part;
    *silo = e->has_silo ? &e->silo : NULL;
}

static const char *attr_arg(lua_State *L, lens_net *n)
{
    sni_lens_need_measures(L, n);
    if (lua_isnoneornil(L, 2))
        return n->an->n_partitions ? n->an->partitions[0].attr : "organisation";
    return luaL_checkstring(L, 2);
}

static int net_silo(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "silo");
    const char *attr = attr_arg(L, n);
    const sn_partition *p;
    const sn_silo *s;
    sni_lens_partition(L, n, attr, 1, &p, &s);
    lua_createtable(L, 0, 16);
    sni_lens_set_str(L, "attr", p->attr);
    sni_lens_set_num(L, "ei", s->ei);
    sni_lens_set_num(L, "ei_weighted", s->ei_weighted);
    sni_lens_set_num(L, "ei_p", s->ei_p);
    sni_lens_set_int(L, "permutations", s->permutations);
    sni_lens_set_num(L, "modularity", s->modularity);
    sni_lens_set_num(L, "assortativity", s->assortativity);
    sni_lens_set_num(L, "cross_share_ties", s->cross_share_ties);
    sni_lens_set_num(L, "cross_share_contacts", s->cross_share_contacts);
    sni_lens_set_num(L, "nmi", s->nmi);
    sni_lens_set_int(L, "communities", s->communities);
    sni_lens_set_num(L, "internal", s->internal);
    sni_lens_set_num(L, "external", s->external);
    lua_createtable(L, (int)s->n_groups, 0);
    for (uint32_t g = 0; g < s->n_groups; g++) {
        const sn_silo_group *sg = &s->groups[g];
        lua_createtable(L, 0, 8);
        lua_pushstring(L, p->labels[g]);
        lua_setfield(L, -2, "name");
        sni_lens_set_int(L, "size", p->size[g]);
        sni_lens_set_num(L, "internal", sg->internal);
        sni_lens_set_num(L, "external", sg->external);
        sni_lens_set_num(L, "internal_weight", sg->internal_weight);
        sni_lens_set_num(L, "external_weight", sg->external_weight);
        sni_lens_set_num(L, "ei", sg->ei);
        sni_lens_set_num(L, "ei_weighted", sg->ei_weighted);
        lua_rawseti(L, -2, (lua_Integer)g + 1);
    }
    lua_setfield(L, -2, "groups");
    return 1;
}

static int net_partition(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "partition");
    const char *attr = attr_arg(L, n);
    const sn_partition *p;
    const sn_silo *s;
    sni_lens_partition(L, n, attr, 0, &p, &s);
    const sn_net *net = sn_lens_view(n);
    lua_createtable(L, 0, 3);
    sni_lens_set_str(L, "attr", p->attr);
    lua_createtable(L, (int)p->n_groups, 0);
    int groups = lua_gettop(L);
    for (uint32_t g = 0; g < p->n_groups; g++) {
        lua_createtable(L, 0, 3);
        lua_pushstring(L, p->labels[g]);
        lua_setfield(L, -2, "name");
        sni_lens_set_int(L, "size", p->size[g]);
        lua_createtable(L, (int)p->size[g], 0);
        lua_setfield(L, -2, "members");
        lua_rawseti(L, groups, (lua_Integer)g + 1);
    }
    lua_createtable(L, 0, (int)p->n_nodes);
    int of = lua_gettop(L);
    for (uint32_t v = 0; v < p->n_nodes; v++) {
        uint32_t g = p->group[v];
        lua_rawgeti(L, groups, (lua_Integer)g + 1);
        lua_getfield(L, -1, "members");
        lua_pushstring(L, sn_net_label(net, v));
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
        lua_pop(L, 2);
        lua_pushstring(L, p->labels[g]);
        lua_setfield(L, of, sn_net_label(net, v));
    }
    lua_setfield(L, -3, "of");
    lua_setfield(L, -2, "groups");
    return 1;
}

/* ---- columns ---- */

/*
 * net:columns{attrs}: the nodes and ties as parallel arrays, for lenses that
 * walk every tie: nodes.id[i] and nodes[attr][i] (false when missing) for node
 * index i = 1 .. n, and ties.from[k], ties.to[k] (node indices), ties.contacts[k],
 * ties.mutual[k]. Cheaper than net:nodes() and net:ties() on large networks:
 * no table per record.
 */
/* A node measure of net:node() as a column: a double or a count per node, or a brokerage role. */
typedef struct measure_col {
    const double *dbl;
    const uint32_t *count;
    const double *roles; /* n x SN_ROLES; the column is `role` */
    int role, whole;     /* whole: pushed as an integer */
} measure_col;

/* The column of measure `name`: 0, or -1 when no measure has that name. */
static int measure_col_of(const lens_net *n, const char *name, measure_col *c)
{
    const sn_node_metrics *m = &n->an->metrics.node;
    const struct {
        const char *name;
        const double *dbl;
        int whole;
    } dbl[] = {{"degree_in", m->degree_in, 1},
               {"degree_out", m->degree_out, 1},
               {"strength_in", m->strength_in, 0},
               {"strength_out", m->strength_out, 0},
               {"betweenness", m->betweenness, 0},
               {"closeness", m->closeness, 0},
               {"harmonic", m->harmonic, 0},
               {"pagerank", m->pagerank, 0},
               {"eigenvector", m->eigenvector, 0},
               {"hub", m->hub, 0},
               {"authority", m->authority, 0},
               {"constraint", m->constraint, 0},
               {"effective_size", m->effective_size, 0},
               {"efficiency", m->efficiency, 0}};
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < sizeof dbl / sizeof dbl[0]; i++)
        if (strcmp(name, dbl[i].name) == 0) {
            c->dbl = dbl[i].dbl;
            c->whole = dbl[i].whole;
            return 0;
        }
    if (strcmp(name, "size") == 0 || strcmp(name, "reachable") == 0) {
        c->count = name[0] == 's' ? sn_lens_view(n)->node_size : m->reachable;
        c->whole = 1;
        return 0;
    }
    const sn_brokerage *b = &n->an->brokerage;
    int z = strncmp(name, "brokerage_z.", 12) == 0;
    if (!z && strncmp(name, "brokerage.", 10) != 0)
        return -1;
    for (int r = 0; r < SN_ROLES; r++)
        if (strcmp(name + (z ? 12 : 10), sn_role_name(r)) == 0) {
            c->roles = z ? b->z : b->raw;
            c->role = r;
            c->whole = !z;
            return 0;
        }
    return -1;
}

/* The column at the top of the stack: node v's value of c, false when it has none. */
static void push_measure(lua_State *L, const measure_col *c, uint32_t v)
{
    double x = c->count   ? (double)c->count[v]
               : c->dbl   ? c->dbl[v]
               : c->roles ? c->roles[(size_t)v * SN_ROLES + (size_t)c->role]
                          : NAN;
    if (c->count || c->dbl || c->roles) {
        if (c->whole && isfinite(x)) {
            lua_pushinteger(L, (lua_Integer)x);
            return;
        }
        if (isfinite(x)) {
            lua_pushnumber(L, x);
            return;
        }
    }
    lua_pushboolean(L, 0);
}

static int net_columns(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "columns");
    const sn_net *net = sn_lens_view(n);
    static const char *const dflt[] = {"type", "organisation", "unit", "rank", "profession"};
    const char *attrs[32];
    int na = 0;
    if (lua_isnoneornil(L, 2)) {
        for (; na < 5; na++)
            attrs[na] = dflt[na];
    } else {
        luaL_checktype(L, 2, LUA_TTABLE);
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, 2) && na < 32; i++) {
            lua_rawgeti(L, 2, i);
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "net:columns: expected a list of attribute names");
            attrs[na++] = lua_tostring(L, -1); /* alive in the argument table */
            lua_pop(L, 1);
        }
    }
    luaL_checkstack(L, 8, "net:columns");
    lua_createtable(L, 0, na + 1);
    int nodes = lua_gettop(L);
    lua_createtable(L, (int)net->n_nodes, 0);
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        lua_pushstring(L, sn_net_label(net, v));
        lua_rawseti(L, -2, (lua_Integer)v + 1);
    }
    lua_setfield(L, nodes, "id");
    for (int a = 0; a < na; a++) {
        lua_createtable(L, (int)net->n_nodes, 0);
        for (uint32_t v = 0; v < net->n_nodes; v++) {
            const char *x = sn_store_attr_named(n->store, net->node_actor[v], attrs[a]);
            if (x && x[0])
                lua_pushstring(L, x);
            else
                lua_pushboolean(L, 0);
            lua_rawseti(L, -2, (lua_Integer)v + 1);
        }
        lua_setfield(L, nodes, attrs[a]);
    }
    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        sni_lens_need_measures(L, n);
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, 3); i++) {
            lua_rawgeti(L, 3, i);
            measure_col c;
            const char *name = lua_tostring(L, -1);
            if (lua_type(L, -1) != LUA_TSTRING || measure_col_of(n, name, &c) != 0)
                luaL_error(L,
                           "net:columns: unknown measure '%s'; expected a node measure (degree_in, "
                           "betweenness, pagerank, ...: the numbers of net:node()), "
                           "brokerage.ROLE or brokerage_z.ROLE",
                           lua_type(L, -1) == LUA_TSTRING ? name : luaL_typename(L, -1));
            lua_createtable(L, (int)net->n_nodes, 0);
            for (uint32_t v = 0; v < net->n_nodes; v++) {
                push_measure(L, &c, v);
                lua_rawseti(L, -2, (lua_Integer)v + 1);
            }
            lua_setfield(L, nodes, name); /* the name stays alive in the argument table */
            lua_pop(L, 1);
        }
    }
    lua_createtable(L, 0, 4);
    int ties = lua_gettop(L);
    static const char *const keys[] = {"from", "to", "contacts", "mutual"};
    for (int c = 0; c < 4; c++) {
        lua_createtable(L, (int)net->n_ties, 0);
        for (size_t k = 0; k < net->n_ties; k++) {
            uint32_t a = sn_tie_from(net, k), b = sn_tie_to(net, k);
            if (c == 0)
                lua_pushinteger(L, (lua_Integer)a + 1);
            else if (c == 1)
                lua_pushinteger(L, (lua_Integer)b + 1);
            else if (c == 2 && net->tie_contacts[k] == floor(net->tie_contacts[k]))
                lua_pushinteger(L, (lua_Integer)net->tie_contacts[k]);
            else if (c == 2)
                lua_pushnumber(L, net->tie_contacts[k]); /* projected meetings */
            else
                lua_pushboolean(L, sn_net_tie(net, b, a) >= 0);
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, ties, keys[c]);
    }
    return 2;
}

/* ---- sub-networks ---- */

/*
 * One option of net:subnet, through the option table of its module (the
 * view's or the silo measures'), as the command line's: a value is passed as
 * its text; before = until without a bare date's extra day.
 */
static void subnet_option(lua_State *L, sn_analysis_opts *o, const char *key)
{
    sn_view_opts *v = &o->view;
    sn_err err = {0};
    sn_status rc = SN_OK;
    if (strcmp(key, "before") == 0) {
        v->until = sni_lens_check_time(L, -1, "net:subnet: before", 0);
        v->has_until = 1;
    } else if (strcmp(key, "channels") == 0) {
        int single = lua_type(L, -1) == LUA_TSTRING;
        if (!single && lua_type(L, -1) != LUA_TTABLE)
            luaL_error(L, "net:subnet: channels must be a list of channel names");
        memset(v->channels, 0, sizeof v->channels);
        v->has_channels = 0;
        size_t n = single ? 1 : (size_t)lua_rawlen(L, -1);
        for (size_t i = 0; i < n && rc == SN_OK; i++) {
            if (!single)
                lua_rawgeti(L, -1, (lua_Integer)i + 1);
            const char *name = lua_tostring(L, -1);
            rc = sn_view_opts_set(v, "channel", name ? name : "", &err);
            if (!single)
                lua_pop(L, 1);
        }
        v->has_channels = 1;
    } else if (strcmp(key, "level") == 0 || strcmp(key, "since") == 0 ||
               strcmp(key, "until") == 0 || strcmp(key, "min_contacts") == 0 ||
               strcmp(key, "tie_weight") == 0 || strcmp(key, "permutations") == 0) {
        char text[64];
        const char *value = text;
        if (lua_isinteger(L, -1))
            snprintf(text, sizeof text, "%lld", (long long)lua_tointeger(L, -1));
        else if (lua_type(L, -1) == LUA_TSTRING)
            value = lua_tostring(L, -1);
        else
            luaL_error(L, "net:subnet: %s must be a string or a whole number; got %s", key,
                       luaL_typename(L, -1));
        rc = key[0] == 'p' ? sn_silo_opts_set(&o->silo, key, value, &err)
                           : sn_view_opts_set(v, key, value, &err);
    } else {
        luaL_error(L,
                   "net:subnet: unknown option '%s'; expected level, since, before (or "
                   "[\"until\"]), channels, min_contacts, tie_weight or permutations",
                   key);
    }
    if (rc != SN_OK)
        luaL_error(L, "net:subnet: %s", err.msg);
}

void sni_lens_need_events(lua_State *L, lens_net *n)
{
    if (!(n->is_owned || n->shadow) || !n->owned.events_deferred)
        return;
    sn_err err = {0};
    if (sn_analysis_events(n->store, &n->opts, &n->owned, &err) != SN_OK)
        luaL_error(L, "net: %s", err.msg);
    if (n->shadow) {
        lens_ctx *c = sni_lens_ctx(L);
        char line[400];
        int len = snprintf(line, sizeof line,
                           "samnett: lens '%s' declares cases_and_meetings = false but reads "
                           "them: it built its own copy of the case and meeting measures "
                           "(the same findings, at more cost)\n",
                           c->name);
        if (len > 0)
            sni_lens_log(c, line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
    }
}

void sni_lens_net_defer_events(lua_State *L, int idx)
{
    lens_net *n = luaL_checkudata(L, idx, NET_MT);
    if (n->is_owned || n->shadow || !n->an->has_events)
        return; /* no cases or meetings to build */
    n->origin = n->an;
    n->owned = *n->an; /* the analysis but for what was being written when forked */
    n->owned.events_deferred = 1;
    n->owned.has_cases = n->owned.has_meetings = 0;
    memset(&n->owned.cases, 0, sizeof n->owned.cases);
    memset(&n->owned.meetings, 0, sizeof n->owned.meetings);
    n->an = &n->owned;
    n->shadow = 1;
}

void sni_lens_need_measures(lua_State *L, lens_net *n)
{
    if (!n->is_owned || !n->owned.measures_deferred)
        return;
    sn_err err = {0};
    if (sn_analysis_measures(&n->opts, &n->owned, &err) != SN_OK)
        luaL_error(L, "net: %s", err.msg);
}

static int net_subnet(lua_State *L)
{
    lens_net *p = sni_lens_self(L, "subnet");
    sn_analysis_opts o = p->opts;
    o.remove = NULL;
    o.n_remove = 0;
    o.temporal.has_window = o.temporal.has_after = 0; /* asked for with sub:windows{...} */
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                luaL_error(L, "net:subnet: options are named, as net:subnet{level = \"unit\"}");
            subnet_option(L, &o, lua_tostring(L, -2));
            lua_pop(L, 1);
        }
    }
    if (o.view.has_since && o.view.has_until && o.view.until <= o.view.since)
        luaL_error(L, "net:subnet: before must be later than since");
    o.defer_events = 1;   /* the case and meeting measures only if the lens reads them */
    o.defer_measures = 1; /* and so the node, partition and brokerage measures */
    o.events = p->an->has_events ? &p->an->events : NULL; /* the same store's index */
    o.view.base = sn_lens_view(p); /* its ties summed when the filters allow it */
    lens_net *c = new_net(L);
    c->store = p->store;
    c->opts = o;
    c->shared = p->shared;
    sn_err err = {0};
    if (sn_analysis_run(c->store, &c->opts, &c->owned, &err) != SN_OK)
        return luaL_error(L, "net:subnet: %s", err.msg);
    c->is_owned = 1;
    c->an = &c->owned;
    const sn_net *net = &c->owned.net;
    size_t bytes = (size_t)net->n_nodes * 400 + net->n_ties * 64 + c->store->n_actors * 4;
    sni_lens_charge(L, bytes);
    c->charged = bytes;
    return 1;
}

/* ---- events ---- */

static int events_next(lua_State *L)
{
    events_it *it = lua_touserdata(L, lua_upvalueindex(1));
    lens_net *n = lua_touserdata(L, lua_upvalueindex(2));
    const sn_store *s = n->store;
    it->next = sn_events_next(s, &it->f, it->next);
    if (it->next < s->n) {
        size_t i = it->next++;
        int64_t t = sn_store_time(s, i);
        lua_pushinteger(L, (lua_Integer)t);
        lua_pushstring(L, sn_store_actor_id(s, s->from[i]));
        lua_pushstring(L, sn_store_actor_id(s, s->to[i]));
        lua_pushstring(L, sn_channel_name(s, s->channel[i]));
        if (sn_store_case(s, i))
            lua_pushstring(L, sn_intern_str(s->cases, sn_store_case(s, i) - 1));
        else
            lua_pushnil(L);
        if (sn_store_meeting(s, i))
            lua_pushstring(L, sn_intern_str(s->meetings, sn_store_meeting(s, i) - 1));
        else
            lua_pushnil(L);
        lua_pushnumber(L, sn_store_weight(s, i));
        return 7;
    }
    return 0;
}

static void events_option(lua_State *L, const lens_net *n, events_it *it, const char *key)
{
    if (strcmp(key, "since") == 0) {
        int64_t t = sni_lens_check_time(L, -1, "net:events: since", 0);
        if (!it->f.has_since || t > it->f.since)
            it->f.since = t;
        it->f.has_since = 1;
    } else if (strcmp(key, "before") == 0 || strcmp(key, "until") == 0) {
        int64_t t = sni_lens_check_time(L, -1, "net:events: before", key[0] == 'u');
        if (!it->f.has_until || t < it->f.until)
            it->f.until = t;
        it->f.has_until = 1;
    } else if (strcmp(key, "channel") == 0 || strcmp(key, "channels") == 0) {
        uint8_t want[SN_CHANNEL_MAX + 1] = {0};
        int single = lua_type(L, -1) == LUA_TSTRING;
        if (!single && lua_type(L, -1) != LUA_TTABLE)
            luaL_error(L, "net:events: channel must be a channel name or a list of them");
        size_t count = single ? 1 : (size_t)lua_rawlen(L, -1);
        for (size_t i = 0; i < count; i++) {
            if (!single)
                lua_rawgeti(L, -1, (lua_Integer)i + 1);
            size_t len;
            const char *name = lua_tolstring(L, -1, &len);
            int ch = name ? sn_channel_lookup(name, len) : -1;
            if (ch < 0)
                luaL_error(L,
                           "net:events: unknown channel '%s'; expected e-message, phone, "
                           "meeting, video, referral, discharge, visit, job-shadowing or other",
                           name ? name : "?");
            want[ch] = 1;
            if (!single)
                lua_pop(L, 1);
        }
        for (int c = 0; c <= SN_CHANNEL_MAX; c++)
            it->f.channels[c] = (uint8_t)(want[c] && (!it->f.has_channels || it->f.channels[c]));
        it->f.has_channels = 1;
    } else if (strcmp(key, "from") == 0 || strcmp(key, "to") == 0 || strcmp(key, "actor") == 0) {
        size_t len;
        const char *id = lua_tolstring(L, -1, &len);
        int64_t a = id ? sn_store_actor_find(n->store, id, len) : -1;
        if (a < 0)
            luaL_error(L, "net:events: %s: no actor '%s'", key, id ? id : "?");
        if (key[0] == 'f')
            it->f.from = a;
        else if (key[0] == 't')
            it->f.to = a;
        else
            it->f.actor = a;
    } else {
        luaL_error(L,
                   "net:events: unknown option '%s'; expected since, before (or [\"until\"]), "
                   "channel, from, to or actor",
                   key);
    }
}

static int net_events(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "events");
    if (n->store->count)
        return luaL_error(L, "net:events: a tie table (analyze --ties) holds no single contacts; "
                             "a lens that reads them declares single_contacts = true");
    const sn_view_opts *o = &sn_lens_view(n)->opts;
    lua_settop(L, 2);
    events_it *it = lua_newuserdatauv(L, sizeof *it, 0);
    int itx = lua_gettop(L);
    it->next = 0;
    sn_event_filter_init(&it->f);
    it->f.has_since = o->has_since;
    it->f.since = o->since;
    it->f.has_until = o->has_until;
    it->f.until = o->until;
    it->f.has_channels = o->has_channels;
    memcpy(it->f.channels, o->channels, sizeof it->f.channels);
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                luaL_error(L, "net:events: options are named, as net:events{channel = \"phone\"}");
            events_option(L, n, it, lua_tostring(L, -2));
            lua_pop(L, 1);
        }
    }
    sn_event_filter_prepare(&it->f); /* a single channel: the iterator jumps to its contacts */
    lua_pushvalue(L, itx);
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, events_next, 2);
    return 1;
}

/* ---- registration ---- */

static const luaL_Reg net_methods[] = {
    {"actors", net_actors},
    {"actor", net_actor},
    {"nodes", net_nodes},
    {"node", net_node},
    {"ties", net_ties},
    {"tie", net_tie},
    {"network", net_network},
    {"silo", net_silo},
    {"partition", net_partition},
    {"subnet", net_subnet},
    {"events", net_events},
    {"windows", sni_lens_net_windows},
    {"temporal", sni_lens_net_temporal},
    {"activity", sni_lens_net_activity},
    {"cases", sni_lens_net_cases},
    {"case", sni_lens_net_case},
    {"case_events", sni_lens_net_case_events},
    {"case_summary", sni_lens_net_case_summary},
    {"co_serving", sni_lens_net_co_serving},
    {"meetings", sni_lens_net_meetings},
    {"series", sni_lens_net_series},
    {"series_pairs", sni_lens_net_series_pairs},
    {"removal", sni_lens_net_removal},
    {"columns", net_columns},
    {"null_groups", sni_lens_net_null_groups},
    {"null_rewire", sni_lens_net_null_rewire},
    {"null_time", sni_lens_net_null_time},
    {NULL, NULL},
};

static int net_index(lua_State *L)
{
    lens_net *n = luaL_checkudata(L, 1, NET_MT);
    if (lua_type(L, 2) != LUA_TSTRING)
        return luaL_error(L, "net has no field of type %s", luaL_typename(L, 2));
    const char *k = lua_tostring(L, 2);
    const sn_view_opts *o = &sn_lens_view(n)->opts;
    if (strcmp(k, "level") == 0) {
        lua_pushstring(L, sn_level_name(o->level));
    } else if (strcmp(k, "since") == 0) {
        if (o->has_since)
            lua_pushinteger(L, (lua_Integer)o->since);
        else
            lua_pushnil(L);
    } else if (strcmp(k, "before") == 0) {
        if (o->has_until)
            lua_pushinteger(L, (lua_Integer)o->until);
        else
            lua_pushnil(L);
    } else if (strcmp(k, "min_contacts") == 0) {
        lua_pushinteger(L, o->min_contacts > 1 ? o->min_contacts : 1);
    } else if (strcmp(k, "tie_weight") == 0) {
        lua_pushstring(L, sn_weight_mode_name(o->weight));
    } else if (lua_getfield(L, lua_upvalueindex(1), k) == LUA_TNIL) {
        return luaL_error(L,
                          "net has no field '%s'; expected level, since, before, min_contacts, "
                          "tie_weight, or a method: actors, actor, nodes, node, ties, tie, "
                          "network, silo, partition, subnet, events, windows, temporal, "
                          "activity, cases, case, case_events, case_summary, co_serving, "
                          "meetings, series, series_pairs, removal, columns, null_groups, "
                          "null_rewire, null_time",
                          k);
    }
    return 1;
}

void sni_lens_push_net(lua_State *L, const sn_store *store, const sn_analysis *an,
                       const sn_analysis_opts *ao, lens_shared *shared)
{
    if (luaL_newmetatable(L, NET_MT)) {
        luaL_newlib(L, net_methods);
        lua_pushcclosure(L, net_index, 1);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, net_newindex);
        lua_setfield(L, -2, "__newindex");
        lua_pushcfunction(L, net_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, net_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_newtable(L);
        sni_lens_push_frozen(L, -1, "@the metatable of net");
        lua_setfield(L, -3, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lens_net *n = new_net(L);
    n->store = store;
    n->an = an;
    n->opts = *ao;
    n->shared = shared;
}

/* ---- what the lenses of a run share ---- */

lens_shared *sni_lens_shared_new(const sn_store *store, const sn_analysis *an)
{
    lens_shared *s = calloc(1, sizeof *s);
    if (s) {
        s->store = store;
        s->an = an;
    }
    return s;
}

/* Protected: a net over the run's analysis and its tie details (shared, so they stay). */
static int prepare_ties(lua_State *L)
{
    lens_shared *s = lua_touserdata(L, 1);
    const sn_analysis_opts *ao = lua_touserdata(L, 2);
    sni_lens_push_net(L, s->store, s->an, ao, s);
    lens_net *n = luaL_checkudata(L, -1, NET_MT);
    sni_lens_ties(L, n);
    sni_lens_store_sorted(L, n); /* one pass, not one in each lens that orders by time */
    return 0;
}

void sni_lens_shared_prepare(lens_shared *s, const sn_analysis_opts *ao, size_t memory_bytes)
{
    lens_ctx c;
    char why[600];
    memset(&c, 0, sizeof c);
    c.cap = memory_bytes;
    c.timeout = 1e9;
    snprintf(c.name, sizeof c.name, "ties");
    lua_State *L = sni_lens_state_new(&c, why, sizeof why);
    if (!L)
        return;
    lua_pushcfunction(L, prepare_ties);
    lua_pushlightuserdata(L, s);
    lua_pushlightuserdata(L, (void *)ao);
    /* on failure (past the memory cap) each lens meets the same limit itself */
    sni_lens_pcall(L, 2, 0, why, sizeof why);
    lua_close(L);
}

void sni_lens_shared_free(lens_shared *s)
{
    if (!s)
        return;
    ties_free(&s->ties);
    for (size_t i = 0; i < s->n_twc; i++) {
        free(s->twc[i]->wstart);
        free(s->twc[i]->wend);
        free(s->twc[i]->counts);
        free(s->twc[i]);
    }
    free(s->twc);
    if (s->has_timeline)
        sn_timeline_free(&s->timeline);
    free(s);
}

int sni_lens_store_sorted(lua_State *L, lens_net *n)
{
    const sn_store *st = n->store;
    lens_shared *s = n->shared;
    if (!s)
        luaL_error(L, "net: no shared index (a net outside a lens run)");
    if (!s->order_known) {
        s->sorted = 1;
        for (size_t i = 1; i < st->n && s->sorted; i++)
            s->sorted = sn_store_time(st, i) >= sn_store_time(st, i - 1);
        s->order_known = 1;
    }
    return s->sorted;
}

const uint32_t *sni_lens_time_order(lua_State *L, lens_net *n)
{
    if (n->an->has_temporal)
        return n->an->temporal.timeline.order;
    lens_shared *s = n->shared;
    if (sni_lens_store_sorted(L, n))
        return NULL;
    if (!s->has_timeline) {
        sn_err err = {0};
        if (sn_timeline_build(n->store, &s->timeline, &err) != SN_OK)
            luaL_error(L, "cannot order the contacts by time: %s", err.msg);
        s->has_timeline = 1;
    }
    return s->timeline.order;
}
