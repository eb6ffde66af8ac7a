/*
 * activity.c - net:activity{...}: the Lua binding of the activity measures
 * (samnett/activity.h, core/activity). It reads the options table into an
 * sn_activity_opts, hands the engine the view, the tie of each contact, the
 * time order and the analysis' cases, meetings and windows, and pushes the
 * result as Lua tables.
 *
 * Without detail the contacts per window, tie and channel are kept for the
 * lenses of the run when the view is the analysis' own (the same windows
 * again cost nothing); for a sub-network they are scratch memory. The
 * engine's memory counts against the lens's memory cap.
 *
 * Result: {window, step, by, across, windows = {{index, label, start, end,
 * before, days}}, scopes = {{kind, name, a, b, contacts, windows = {...}}}}
 * with detail, or per scope the lists contacts, ab, ba (cross for the
 * network) and channels over the windows without it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/toolbox.h"
#include "net_internal.h"
#include "samnett/activity.h"

#define ACTIVITY_MT "samnett.activity"

static void opt_error(lua_State *L, sn_status rc, const sn_err *err)
{
    if (rc != SN_OK)
        luaL_error(L, "net:activity: %s", err->msg);
}

static void read_options(lua_State *L, int idx, sn_activity_opts *o)
{
    sn_activity_opts_init(o);
    if (lua_isnoneornil(L, idx))
        return;
    luaL_checktype(L, idx, LUA_TTABLE);
    sn_err err = {0};
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        if (strcmp(k, "window") == 0 || strcmp(k, "length") == 0 || strcmp(k, "step") == 0) {
            int is_step = k[0] == 's';
            const char *s = lua_tostring(L, -1);
            if (lua_type(L, -1) != LUA_TSTRING)
                s = s ? s : luaL_typename(L, -1);
            opt_error(L, sn_activity_span_parse(k, s, is_step ? &o->step : &o->window, &err), &err);
            *(is_step ? &o->has_step : &o->has_window) = 1;
        } else if (strcmp(k, "by") == 0) {
            if (lua_type(L, -1) == LUA_TSTRING) {
                o->by[0] = lua_tostring(L, -1);
                o->n_by = 1;
            } else if (lua_type(L, -1) == LUA_TTABLE && lua_rawlen(L, -1) >= 1 &&
                       lua_rawlen(L, -1) <= SN_ACTIVITY_MAX_BY) {
                o->n_by = (int)lua_rawlen(L, -1);
                for (int i = 0; i < o->n_by; i++) {
                    lua_rawgeti(L, -1, i + 1);
                    o->by[i] = lua_tostring(L, -1); /* kept alive by the options table */
                    lua_pop(L, 1);
                }
            } else {
                o->n_by = 0;
            }
            opt_error(L, sn_activity_opts_check(o, "by", &err), &err);
        } else if (strcmp(k, "across") == 0) {
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "net:activity: across must be an attribute name");
            o->across = lua_tostring(L, -1);
        } else if (strcmp(k, "min_contacts") == 0 || strcmp(k, "top_pairs") == 0 ||
                   strcmp(k, "cases") == 0 || strcmp(k, "novelty_k") == 0) {
            /* not a whole number: -1, which the check refuses as it does a negative one */
            long v = lua_isinteger(L, -1) ? (long)lua_tointeger(L, -1) : -1;
            if (k[0] == 'm')
                o->min_contacts = v;
            else if (k[0] == 't')
                o->top_pairs = v;
            else if (k[0] == 'c')
                o->cases = v;
            else
                o->novelty_k = v;
            opt_error(L, sn_activity_opts_check(o, k, &err), &err);
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
    opt_error(L, sn_activity_opts_check(o, NULL, &err), &err);
}

/* ---- memory the engine holds ---- */

/* A userdata for the result, freed with it. */
typedef struct act_box {
    sn_activity r;
    size_t charged;
} act_box;

static int act_box_gc(lua_State *L)
{
    act_box *b = luaL_checkudata(L, 1, ACTIVITY_MT);
    sn_activity_free(&b->r);
    sni_lens_uncharge(sni_lens_ctx(L), b->charged);
    b->charged = 0;
    return 0;
}

static act_box *new_box(lua_State *L)
{
    act_box *b = lua_newuserdatauv(L, sizeof *b, 0);
    memset(b, 0, sizeof *b);
    if (luaL_newmetatable(L, ACTIVITY_MT)) {
        lua_pushcfunction(L, act_box_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    return b;
}

/*
 * Contacts per window, tie and channel: one pass over the store. For the
 * analysis' own view the result is kept for the lenses of the run; for a
 * sub-network it is scratch memory on the stack.
 */
static const uint32_t *window_tie_channels(lua_State *L, lens_net *n, sn_activity_in *in,
                                           const sn_window_bounds *b, size_t W)
{
    lens_shared *sh = sn_lens_shared_of(n);
    size_t m = in->net->n_ties;
    uint32_t nch = sn_intern_count(n->store->channels);
    for (size_t i = 0; sh && i < sh->n_twc; i++) {
        lens_twc *c = sh->twc[i];
        int same = c->W == W && c->nch == nch;
        for (size_t w = 0; same && w < W; w++)
            same = c->wstart[w] == b[w].start && c->wend[w] == b[w].end;
        if (same) {
            if (!n->twc_charged) {
                sni_lens_charge(L, c->bytes);
                n->twc_charged = c->bytes;
            }
            return c->counts;
        }
    }
    in->contact_tie = sni_lens_contact_ties(L, n);
    in->sorted = sni_lens_store_sorted(L, n);
    size_t cells = W * m * nch;
    uint32_t *counts;
    lens_twc *c = NULL;
    if (sh) {
        lens_twc **v = realloc(sh->twc, (sh->n_twc + 1) * sizeof *v);
        if (!v)
            luaL_error(L, "out of memory");
        sh->twc = v;
        c = calloc(1, sizeof *c);
        if (c) {
            c->wstart = malloc((W + 1) * sizeof *c->wstart);
            c->wend = malloc((W + 1) * sizeof *c->wend);
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
        c->W = (uint32_t)W;
        c->nch = nch;
        for (size_t w = 0; w < W; w++) {
            c->wstart[w] = b[w].start;
            c->wend[w] = b[w].end;
        }
        c->bytes = cells * sizeof *c->counts;
        sh->twc[sh->n_twc++] = c; /* owned by the run from here on */
        counts = c->counts;
    } else {
        luaL_checkstack(L, 1, "net:activity: scratch memory"); /* stays on the stack */
        size_t bytes = (cells ? cells : 1) * sizeof *counts;
        counts = lua_newuserdatauv(L, bytes, 0);
        memset(counts, 0, bytes);
    }
    sn_activity_tie_channels(in, b, W, counts);
    if (c) {
        sni_lens_charge(L, c->bytes);
        n->twc_charged = c->bytes;
    }
    return counts;
}

/* ---- the result ---- */

static void push_channels(lua_State *L, const sn_store *st, const sn_activity *r, size_t x)
{
    lua_createtable(L, 0, 4);
    for (uint32_t c = 0; r->channel_contacts && c < r->n_channels; c++)
        if (r->channel_contacts[x * r->n_channels + c])
            sni_lens_set_int(L, sn_channel_name(st, (uint8_t)c),
                             r->channel_contacts[x * r->n_channels + c]);
}

static void push_window_stats(lua_State *L, const lens_net *n, const sn_activity *r, size_t s,
                              size_t w)
{
    size_t x = s * r->n_windows + w;
    const sn_activity_stats *a = &r->stats[x];
    sn_activity_kind kind = r->scopes[s].kind;
    lua_createtable(L, 0, 26);
    sni_lens_set_int(L, "index", (long long)w + 1);
    sni_lens_set_str(L, "label", r->windows[w].label);
    sni_lens_set_int(L, "contacts", r->contacts[x]);
    sni_lens_set_num(L, "rate", a->rate);
    if (kind == SN_ACTIVITY_NETWORK) {
        sni_lens_set_int(L, "cross", r->ab[x]);
    } else if (kind == SN_ACTIVITY_PAIR) {
        sni_lens_set_int(L, "ab", r->ab[x]);
        sni_lens_set_int(L, "ba", r->ba[x]);
    }
    sni_lens_set_int(L, "ties", a->ties);
    sni_lens_set_int(L, "mutual", a->mutual);
    sni_lens_set_num(L, "reciprocity", a->reciprocity);
    sni_lens_set_num(L, "persistence", a->persistence);
    sni_lens_set_num(L, "novelty", a->novelty);
    sni_lens_set_num(L, "regularity", a->regularity);
    sni_lens_set_num(L, "burstiness", a->burstiness);
    sni_lens_set_int(L, "meeting_rows", a->meeting_rows);
    sni_lens_set_int(L, "scheduled", a->scheduled);
    push_channels(L, n->store, r, x);
    lua_setfield(L, -2, "channels");
    sni_lens_set_int(L, "actors", a->actors);
    if (a->top != UINT32_MAX) {
        sni_lens_set_str(L, "top", sn_net_label(sn_lens_view(n), a->top));
        sni_lens_set_num(L, "top_share", a->top_share);
        sni_lens_set_num(L, "gini", a->gini);
    }
    if (kind != SN_ACTIVITY_CASE)
        sni_lens_set_num(L, "clustering", a->clustering);
    if (kind == SN_ACTIVITY_NETWORK)
        sni_lens_set_num(L, "ei", a->ei);
}

static void push_list(lua_State *L, const sn_activity *r, const uint32_t *v, size_t s,
                      const char *key)
{
    lua_createtable(L, (int)r->n_windows, 0);
    for (size_t w = 0; w < r->n_windows; w++) {
        lua_pushinteger(L, v[s * r->n_windows + w]);
        lua_rawseti(L, -2, (lua_Integer)w + 1);
    }
    lua_setfield(L, -2, key);
}

static void push_light(lua_State *L, const sn_store *st, const sn_activity *r, size_t s)
{
    sn_activity_kind kind = r->scopes[s].kind;
    push_list(L, r, r->contacts, s, "contacts");
    if (kind == SN_ACTIVITY_NETWORK) {
        push_list(L, r, r->ab, s, "cross");
    } else if (kind == SN_ACTIVITY_PAIR) {
        push_list(L, r, r->ab, s, "ab");
        push_list(L, r, r->ba, s, "ba");
    }
    if (!r->channels)
        return;
    size_t W = r->n_windows, nch = r->n_channels;
    lua_createtable(L, 0, 4);
    for (uint32_t c = 0; c < nch; c++) {
        int any = 0;
        for (size_t w = 0; w < W && !any; w++)
            any = r->channel_contacts[(s * W + w) * nch + c] != 0;
        if (!any)
            continue;
        lua_createtable(L, (int)W, 0);
        for (size_t w = 0; w < W; w++) {
            lua_pushinteger(L, r->channel_contacts[(s * W + w) * nch + c]);
            lua_rawseti(L, -2, (lua_Integer)w + 1);
        }
        lua_setfield(L, -2, sn_channel_name(st, (uint8_t)c));
    }
    lua_setfield(L, -2, "channels");
}

static void push_result(lua_State *L, const lens_net *n, const sn_activity *r)
{
    luaL_checkstack(L, 10, "net:activity");
    lua_createtable(L, 0, 6);
    int res = lua_gettop(L);
    sni_lens_set_str(L, "window", r->window.name);
    if (r->has_step)
        sni_lens_set_str(L, "step", r->step.name);
    sni_lens_set_str(L, "by", r->by);
    if (r->across)
        sni_lens_set_str(L, "across", r->across);
    lua_createtable(L, (int)r->n_windows, 0);
    for (size_t w = 0; w < r->n_windows; w++) {
        const sn_window_bounds *b = &r->windows[w];
        lua_createtable(L, 0, 6);
        sni_lens_set_int(L, "index", (long long)w + 1);
        sni_lens_set_str(L, "label", b->label);
        sni_lens_set_time(L, "start", b->start);
        sni_lens_set_time(L, "end", b->end);
        sni_lens_set_time(L, "before", b->end);
        sni_lens_set_num(L, "days", (double)(b->end - b->start) / SN_DAY);
        lua_rawseti(L, -2, (lua_Integer)w + 1);
    }
    lua_setfield(L, res, "windows");
    lua_createtable(L, (int)r->n_scopes, 0);
    int scopes = lua_gettop(L);
    for (size_t j = 0; j < r->n_scopes; j++) {
        const sn_activity_scope *sc = &r->scopes[j];
        lua_createtable(L, 0, 8);
        if (sc->kind == SN_ACTIVITY_NETWORK) {
            sni_lens_set_str(L, "kind", "network");
            sni_lens_set_str(L, "name", "network");
        } else if (sc->kind == SN_ACTIVITY_PAIR) {
            sni_lens_set_str(L, "kind", "pair");
            lua_pushfstring(L, "%s <-> %s", sc->a, sc->b);
            lua_setfield(L, -2, "name");
            sni_lens_set_str(L, "a", sc->a);
            sni_lens_set_str(L, "b", sc->b);
        } else {
            sni_lens_set_str(L, "kind", "case");
            sni_lens_set_str(L, "name", sn_events_case_id(&n->an->events, sc->case_index));
        }
        sni_lens_set_num(L, "contacts", sc->contacts);
        if (r->detail) {
            lua_createtable(L, (int)r->n_windows, 0);
            for (size_t w = 0; w < r->n_windows; w++) {
                push_window_stats(L, n, r, j, w);
                lua_rawseti(L, -2, (lua_Integer)w + 1);
            }
            lua_setfield(L, -2, "windows");
        } else {
            push_light(L, n->store, r, j);
        }
        lua_rawseti(L, scopes, (lua_Integer)j + 1);
    }
    lua_setfield(L, res, "scopes");
}

/* What the engine's prepare step (sn_activity_in.prepare) needs of the lens. */
typedef struct act_prep {
    lua_State *L;
    lens_net *n;
    int detail;
    int failed; /* 1: the error is on the stack; 2: no room on the stack */
    int status; /* of the protected call */
} act_prep;

/*
 * Protected: the tie of each contact and the time order (detail), or the
 * contacts per window, tie and channel. Returns the scratch counts of a
 * sub-network (kept on the caller's stack while the engine reads them) or nil.
 */
static int prepare_protected(lua_State *L)
{
    act_prep *p = lua_touserdata(L, 1);
    sn_activity_in *in = lua_touserdata(L, 2);
    const sn_window_bounds *b = lua_touserdata(L, 3);
    size_t W = (size_t)lua_tointeger(L, 4);
    lua_settop(L, 4);
    if (p->detail) {
        in->contact_tie = sni_lens_contact_ties(L, p->n);
        in->order = sni_lens_time_order(L, p->n);
    } else {
        in->tie_channels = window_tie_channels(L, p->n, in, b, W);
    }
    if (lua_gettop(L) == 4)
        lua_pushnil(L);
    return 1;
}

/*
 * Called by the engine once it holds its own memory, as the contacts' ties
 * were read before: an error (the memory cap, say) is left on the stack and
 * raised again when the engine has returned.
 */
static int prepare(void *ud, sn_activity_in *in, const sn_window_bounds *b, size_t W)
{
    act_prep *p = ud;
    lua_State *L = p->L;
    if (!lua_checkstack(L, 6)) {
        p->failed = 2;
        return -1;
    }
    lua_pushcfunction(L, prepare_protected);
    lua_pushlightuserdata(L, p);
    lua_pushlightuserdata(L, in);
    lua_pushlightuserdata(L, (void *)b);
    lua_pushinteger(L, (lua_Integer)W);
    int rc = lua_pcall(L, 4, 1, 0);
    if (rc != LUA_OK) {
        p->failed = 1;
        p->status = rc;
        return -1;
    }
    lens_ctx *c = sni_lens_ctx(L);
    size_t used = c->used + c->external;
    in->max_bytes = used < c->cap ? c->cap - used : 1;
    return 0;
}

int sni_lens_net_activity(lua_State *L)
{
    lens_net *n = sni_lens_self(L, "activity");
    sn_activity_opts o;
    read_options(L, 2, &o);
    if (n->store->count && (o.cases > 0 || o.detail))
        return luaL_error(L, "net:activity: a tie table (analyze --ties) holds no cases, "
                             "meetings or single contacts; expected no cases or detail with it "
                             "(a lens that reads them declares single_contacts = true)");
    /* the case and meeting measures only when read: the largest cases, or the series (detail) */
    if (o.cases > 0 || o.detail)
        sni_lens_need_events(L, n);
    lua_settop(L, 2);
    const sn_analysis *an = n->an;
    act_prep prep = {L, n, o.detail, 0, LUA_OK};
    sn_activity_in in;
    memset(&in, 0, sizeof in);
    in.net = sn_lens_view(n);
    in.events = an->has_events ? &an->events : NULL;
    in.cases = an->has_cases ? &an->cases : NULL;
    in.meeting_series = an->has_meetings ? an->meetings.series_of : NULL;
    in.temporal = an->has_temporal ? &an->temporal : NULL;
    in.range = n->opts.temporal.has_range ? &n->opts.temporal.range : NULL;
    in.threads = sni_threads();
    in.prepare = prepare;
    in.ud = &prep;

    act_box *box = new_box(L); /* frees the result with it */
    lens_ctx *c = sni_lens_ctx(L);
    sn_err err = {0};
    for (int tries = 0;; tries++) {
        size_t used = c->used + c->external;
        in.max_bytes = used < c->cap ? c->cap - used : 1;
        sn_status rc = sn_activity_compute(&in, &o, &box->r, &err);
        if (prep.failed == 1) {
            /* what reading the contacts' ties raised, placed as if raised here */
            if (prep.status == LUA_ERRRUN && lua_type(L, -1) == LUA_TSTRING) {
                luaL_where(L, 1);
                lua_rotate(L, -2, 1);
                lua_concat(L, 2);
            }
            lua_error(L);
        }
        if (prep.failed)
            luaL_error(L, "net:activity: stack overflow");
        if (rc == SN_ENOMEM && box->r.bytes && tries < 2) {
            /*
             * Past the lens's memory: the memory error Lua raises when one of its own
             * allocations would pass the cap, unless collecting makes room.
             */
            size_t wanted = box->r.bytes < c->cap ? box->r.bytes : c->cap + 1;
            box->r.bytes = 0;
            lua_newuserdatauv(L, wanted, 0);
            lua_pop(L, 1);
            lua_gc(L, LUA_GCCOLLECT);
            continue;
        }
        opt_error(L, rc, &err);
        break;
    }
    sni_lens_charge(L, box->r.bytes); /* held while the tables are built */
    box->charged = box->r.bytes;
    push_result(L, n, &box->r);
    sn_activity_free(&box->r);
    sni_lens_uncharge(c, box->charged);
    box->charged = 0;
    return 1;
}
