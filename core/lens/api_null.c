/*
 * api_null.c - the lens API of the null-model stage (samnett/nullmodel.h):
 *   stats.binom_test(k, n, p0 [, alternative])      exact binomial test
 *   stats.fisher_test(a, b, c, d [, alternative])   2x2 Fisher exact test
 *   stats.p_adjust(ps, method)                      "holm" | "bh" | "none"
 *   stats.pnorm(z), stats.qnorm(p)                  the standard normal distribution
 *   net:null_groups{...}                            label permutation
 * A null summary S is the table {observed, mean, sd, z, p_greater, p_less,
 * p, draws, missing} (z nil when sd = 0).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "net_internal.h"
#include "samnett/nullmodel.h"

static long check_count(lua_State *L, int idx, const char *fn, const char *what)
{
    int ok = 0;
    lua_Integer v = lua_tointegerx(L, idx, &ok);
    if (!ok || v < 0)
        luaL_error(L, "stats.%s: %s must be a whole number >= 0 (got %s)", fn, what,
                   lua_type(L, idx) == LUA_TNUMBER ? lua_tostring(L, idx) : luaL_typename(L, idx));
    if (v > 2000000000)
        luaL_error(L, "stats.%s: %s is too large (at most 2e9)", fn, what);
    return (long)v;
}

static sn_alternative check_alt(lua_State *L, int idx, const char *fn)
{
    if (lua_isnoneornil(L, idx))
        return SN_ALT_TWO_SIDED;
    const char *s = lua_tostring(L, idx);
    sn_alternative a = SN_ALT_TWO_SIDED;
    if (lua_type(L, idx) != LUA_TSTRING || sn_alternative_parse(s, &a) != SN_OK)
        luaL_error(L, "stats.%s: alternative must be \"two-sided\", \"greater\" or \"less\"", fn);
    return a;
}

static int st_binom_test(lua_State *L)
{
    long k = check_count(L, 1, "binom_test", "k");
    long n = check_count(L, 2, "binom_test", "n");
    double p0 = luaL_checknumber(L, 3);
    if (k > n)
        return luaL_error(L, "stats.binom_test: k (%I) is larger than n (%I)", (lua_Integer)k,
                          (lua_Integer)n);
    if (!(p0 >= 0 && p0 <= 1))
        return luaL_error(L, "stats.binom_test: p0 must be a number from 0 to 1");
    sn_alternative alt = check_alt(L, 4, "binom_test");
    double p = sn_binom_test(k, n, p0, alt);
    if (isnan(p))
        return luaL_error(L, "stats.binom_test: out of memory");
    lua_pushnumber(L, p);
    return 1;
}

static int st_pnorm(lua_State *L)
{
    lua_pushnumber(L, sn_pnorm(luaL_checknumber(L, 1)));
    return 1;
}

static int st_qnorm(lua_State *L)
{
    double p = luaL_checknumber(L, 1);
    if (!(p > 0 && p < 1))
        return luaL_error(L, "stats.qnorm: p must be a number between 0 and 1 (not 0 or 1)");
    lua_pushnumber(L, sn_qnorm(p));
    return 1;
}

static int st_fisher_test(lua_State *L)
{
    static const char *names[] = {"a", "b", "c", "d"};
    long v[4];
    for (int i = 0; i < 4; i++)
        v[i] = check_count(L, i + 1, "fisher_test", names[i]);
    sn_alternative alt = check_alt(L, 5, "fisher_test");
    double p = sn_fisher_test(v[0], v[1], v[2], v[3], alt);
    if (isnan(p))
        return luaL_error(L, "stats.fisher_test: out of memory");
    lua_pushnumber(L, p);
    return 1;
}

static int st_p_adjust(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *m = luaL_optstring(L, 2, NULL);
    sn_p_method method;
    if (!m || sn_p_method_parse(m, &method) != SN_OK)
        return luaL_error(L, "stats.p_adjust: method must be \"holm\", \"bh\" or \"none\"");
    size_t n = (size_t)lua_rawlen(L, 1);
    double *v = lua_newuserdatauv(L, (n ? n : 1) * sizeof *v, 0);
    for (size_t i = 0; i < n; i++) {
        int t = lua_rawgeti(L, 1, (lua_Integer)i + 1);
        if (t != LUA_TNUMBER)
            luaL_error(L, "stats.p_adjust: element %d is %s; expected a list of p-values",
                       (int)i + 1, lua_typename(L, t));
        v[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    sn_err err = {0};
    if (sn_p_adjust(v, n, method, v, &err) != SN_OK)
        return luaL_error(L, "stats.p_adjust: %s", err.msg);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushnumber(L, v[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

void sni_lens_null_stats(lua_State *L, int t)
{
    static const luaL_Reg fns[] = {{"binom_test", st_binom_test}, {"fisher_test", st_fisher_test},
                                   {"p_adjust", st_p_adjust},     {"pnorm", st_pnorm},
                                   {"qnorm", st_qnorm},           {NULL, NULL}};
    t = lua_absindex(L, t);
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, t, f->name);
    }
}

/* ---- the nulls ---- */

#include "../util/toolbox.h"
#include "samnett/brokerage.h"
#include "samnett/partition.h"

#define NULL_OUT_MT "samnett.null_groups_out"

static void push_summary(lua_State *L, const sn_null_summary *s)
{
    lua_createtable(L, 0, 9);
    sni_lens_set_num(L, "observed", s->observed);
    sni_lens_set_num(L, "mean", s->mean);
    sni_lens_set_num(L, "sd", s->sd);
    sni_lens_set_num(L, "z", s->z);
    sni_lens_set_num(L, "p_greater", s->p_greater);
    sni_lens_set_num(L, "p_less", s->p_less);
    sni_lens_set_num(L, "p", s->p);
    sni_lens_set_int(L, "draws", s->draws);
    sni_lens_set_int(L, "missing", s->missing);
}

/* The option key of the options table at 2 (nil when absent); errors name the method. */
static int opt_field(lua_State *L, const char *key)
{
    return lua_getfield(L, 2, key);
}

static void check_keys(lua_State *L, const char *fn, const char *const *allowed)
{
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int ok = 0;
        for (const char *const *a = allowed; k && *a && !ok; a++)
            ok = strcmp(*a, k) == 0;
        if (!ok) {
            luaL_Buffer b;
            luaL_buffinit(L, &b);
            for (const char *const *a = allowed; *a; a++) {
                if (a != allowed)
                    luaL_addstring(&b, ", ");
                luaL_addstring(&b, *a);
            }
            luaL_pushresult(&b);
            luaL_error(L, "net:%s: unknown option '%s'; expected %s", fn,
                       k ? k : luaL_typename(L, -2), lua_tostring(L, -1));
        }
    }
}

static long null_draws(lua_State *L, const char *fn)
{
    long draws = 1000;
    if (opt_field(L, "draws") != LUA_TNIL) {
        int ok = 0;
        lua_Integer v = lua_tointegerx(L, -1, &ok);
        if (!ok || v < 1 || v > SN_NULL_MAX_DRAWS)
            luaL_error(L, "net:%s: draws must be a whole number from 1 to %d", fn,
                       SN_NULL_MAX_DRAWS);
        draws = (long)v;
    }
    lua_pop(L, 1);
    return draws;
}

static uint64_t null_seed(lua_State *L, lens_net *n, const char *fn)
{
    uint64_t seed = n->opts.silo.seed;
    if (opt_field(L, "seed") != LUA_TNIL) {
        int ok = 0;
        lua_Integer v = lua_tointegerx(L, -1, &ok);
        if (!ok || v < 0)
            luaL_error(L, "net:%s: seed must be a whole number >= 0", fn);
        seed = (uint64_t)v;
    }
    lua_pop(L, 1);
    return seed;
}

/* The partition of attr, or an error when no node has the attribute. */
static const sn_partition *known_partition(lua_State *L, lens_net *n, const char *fn,
                                           const char *what, const char *attr)
{
    const sn_partition *p;
    const sn_silo *s;
    sni_lens_partition(L, n, attr, 0, &p, &s);
    int any = 0;
    for (uint32_t g = 0; g < p->n_groups && !any; g++)
        any = p->labels[g] && p->labels[g][0];
    if (!any && p->n_nodes > 0)
        luaL_error(L, "net:%s: %s: no node has the attribute '%s'", fn, what, attr);
    return p;
}

/* Keep the ties (keep[t] = 1) that pass the ties spec at the top of the stack. */
static void filter_ties(lua_State *L, lens_net *n, const char *fn, const char *spec, uint8_t *keep)
{
    const sn_net *v = sn_lens_view(n);
    for (size_t t = 0; t < v->n_ties; t++)
        keep[t] = 1;
    const char *p = spec;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char part[256];
        if (len == 0 || len >= sizeof part)
            luaL_error(L,
                       "net:%s: ties = '%s'; expected \"all\", \"cross:ATTR\", \"within:ATTR\" "
                       "or a comma list of them",
                       fn, spec);
        memcpy(part, p, len);
        part[len] = 0;
        int cross = strncmp(part, "cross:", 6) == 0, within = strncmp(part, "within:", 7) == 0;
        if (strcmp(part, "all") != 0) {
            const char *attr = cross ? part + 6 : within ? part + 7 : NULL;
            if (!attr || !*attr)
                luaL_error(L,
                           "net:%s: ties = '%s'; expected \"all\", \"cross:ATTR\", "
                           "\"within:ATTR\" or a comma list of them",
                           fn, spec);
            const sn_partition *pp = known_partition(L, n, fn, "ties", attr);
            for (size_t t = 0; t < v->n_ties; t++) {
                int same = pp->group[sn_tie_from(v, t)] == pp->group[sn_tie_to(v, t)];
                if (cross ? same : !same)
                    keep[t] = 0;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
}

static int out_gc(lua_State *L)
{
    sn_null_groups_free(luaL_checkudata(L, 1, NULL_OUT_MT));
    return 0;
}

int sni_lens_net_null_groups(lua_State *L)
{
    static const char *const keys[] = {"attr",  "labels", "ties",   "strata", "weight",
                                       "draws", "seed",   "groups", NULL};
    const char *fn = "null_groups";
    lens_net *n = sni_lens_self(L, fn);
    if (lua_type(L, 2) != LUA_TTABLE)
        return luaL_error(L, "net:null_groups: expected a table of options, as "
                             "net:null_groups{attr = \"organisation\"}");
    lua_settop(L, 2);
    check_keys(L, fn, keys);
    const sn_net *v = sn_lens_view(n);
    uint32_t N = v->n_nodes;
    long draws = null_draws(L, fn);
    uint64_t seed = null_seed(L, n, fn);
    int network_only = 0;
    if (opt_field(L, "groups") != LUA_TNIL) {
        if (!lua_isboolean(L, -1))
            return luaL_error(L, "net:null_groups: groups must be true or false");
        network_only = !lua_toboolean(L, -1);
    }
    lua_pop(L, 1);

    /* 3: group names (a list), 4: the node groups */
    lua_newtable(L);
    uint32_t *group = lua_newuserdatauv(L, (N ? N : 1) * sizeof *group, 0);
    uint32_t G = 0;
    int has_attr = opt_field(L, "attr") != LUA_TNIL;
    int has_labels = opt_field(L, "labels") != LUA_TNIL;
    if (has_attr == has_labels)
        return luaL_error(L, "net:null_groups: give attr (an actor attribute) or labels "
                             "(a table {[node id] = label}), one of them");
    if (has_attr) {
        if (lua_type(L, -2) != LUA_TSTRING)
            return luaL_error(L, "net:null_groups: attr must be a string");
        const sn_partition *p = known_partition(L, n, fn, "attr", lua_tostring(L, -2));
        uint32_t *map = lua_newuserdatauv(L, (p->n_groups + 1) * sizeof *map, 0);
        for (uint32_t g = 0; g < p->n_groups; g++) {
            if (p->labels[g] && p->labels[g][0]) {
                lua_pushstring(L, p->labels[g]);
                lua_rawseti(L, 3, (lua_Integer)G + 1);
                map[g] = G++;
            } else {
                map[g] = SN_NULL_NO_GROUP;
            }
        }
        for (uint32_t u = 0; u < N; u++)
            group[u] = map[p->group[u]];
        lua_pop(L, 1);
    } else {
        if (lua_type(L, -1) != LUA_TTABLE)
            return luaL_error(L, "net:null_groups: labels must be a table {[node id] = label}");
        int lt = lua_gettop(L);
        for (uint32_t u = 0; u < N; u++)
            group[u] = SN_NULL_NO_GROUP;
        lua_newtable(L); /* label -> index */
        int idx = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, lt)) {
            if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "net:null_groups: labels: expected node id strings mapped "
                                     "to label strings");
            size_t len;
            const char *id = lua_tolstring(L, -2, &len);
            int64_t node = sn_intern_find(v->labels, id, len);
            if (node < 0 || (uint64_t)node >= N)
                return luaL_error(L, "net:null_groups: labels: no node '%s' at the %s level", id,
                                  sn_level_name(v->opts.level));
            lua_pushvalue(L, -1);
            if (lua_rawget(L, idx) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushvalue(L, -1);
                lua_rawseti(L, 3, (lua_Integer)G + 1);
                lua_pushvalue(L, -1);
                lua_pushinteger(L, (lua_Integer)G);
                lua_rawset(L, idx);
                group[node] = G++;
            } else {
                group[node] = (uint32_t)lua_tointeger(L, -1);
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
        lua_settop(L, lt);
    }
    lua_settop(L, 4);

    /* 5: strata */
    uint32_t *stratum = NULL;
    if (opt_field(L, "strata") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, "net:null_groups: strata must be an attribute name");
        stratum = known_partition(L, n, fn, "strata", lua_tostring(L, -1))->group;
    }
    lua_settop(L, 4);

    /* ties and weights */
    const char *spec = "all";
    if (opt_field(L, "ties") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, "net:null_groups: ties must be a string such as \"all\" or "
                                 "\"cross:organisation\"");
        spec = lua_tostring(L, -1);
    }
    int by_ties = 0;
    if (opt_field(L, "weight") != LUA_TNIL) {
        const char *w = lua_tostring(L, -1);
        if (lua_type(L, -1) != LUA_TSTRING || (strcmp(w, "ties") && strcmp(w, "contacts")))
            return luaL_error(L, "net:null_groups: weight must be \"ties\" or \"contacts\"");
        by_ties = strcmp(w, "ties") == 0;
    }
    lua_pop(L, 1);
    size_t M = v->n_ties;
    int all = strcmp(spec, "all") == 0;
    uint8_t *keep = all ? NULL : lua_newuserdatauv(L, M ? M : 1, 0);
    if (!all)
        filter_ties(L, n, fn, spec, keep);
    /*
     * The chosen ties with both ends labelled (sn_null_groups leaves out the
     * others), in tie order: the ties are sorted by their from node.
     */
    size_t K = 0;
    for (uint32_t u = 0; u < N; u++)
        if (group[u] != SN_NULL_NO_GROUP)
            for (size_t t = v->out_start[u]; t < v->out_start[u + 1]; t++)
                K += (all || keep[t]) && group[sn_tie_to(v, t)] != SN_NULL_NO_GROUP;
    uint32_t *ft = lua_newuserdatauv(L, (K ? K : 1) * 2 * sizeof *ft, 0);
    double *w = lua_newuserdatauv(L, (K ? K : 1) * sizeof *w, 0);
    size_t k = 0;
    for (uint32_t u = 0; u < N; u++)
        if (group[u] != SN_NULL_NO_GROUP)
            for (size_t t = v->out_start[u]; t < v->out_start[u + 1]; t++)
                if ((all || keep[t]) && group[sn_tie_to(v, t)] != SN_NULL_NO_GROUP) {
                    ft[k] = u;
                    ft[K + k] = sn_tie_to(v, t);
                    w[k++] = by_ties ? 1 : v->tie_contacts[t];
                }

    sn_null_groups_out *out = lua_newuserdatauv(L, sizeof *out, 0);
    memset(out, 0, sizeof *out);
    if (luaL_newmetatable(L, NULL_OUT_MT)) {
        lua_pushcfunction(L, out_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    sn_null_groups_in in = {.n_nodes = N,
                            .n_groups = G,
                            .group = group,
                            .stratum = stratum,
                            .n_ties = K,
                            .from = ft,
                            .to = ft + K,
                            .weight = w,
                            .draws = draws,
                            .seed = seed,
                            .threads = sni_threads(),
                            .network_only = network_only};
    sn_err err = {0};
    if (sn_null_groups(&in, out, &err) != SN_OK)
        return luaL_error(L, "net:null_groups: %s", err.msg);

    uint32_t *size = lua_newuserdatauv(L, (G ? G : 1) * sizeof *size, 0);
    memset(size, 0, (G ? G : 1) * sizeof *size);
    for (uint32_t u = 0; u < N; u++)
        if (group[u] != SN_NULL_NO_GROUP)
            size[group[u]]++;
    lua_createtable(L, 0, 6);
    sni_lens_set_int(L, "draws", draws);
    sni_lens_set_int(L, "seed", (long long)seed);
    sni_lens_set_num(L, "total", out->total);
    push_summary(L, &out->ei);
    lua_setfield(L, -2, "ei");
    if (network_only)
        return 1;
    lua_createtable(L, 0, (int)G);
    static const char *const gstat[SN_NG_PER_GROUP] = {"ei", "touch", "start", "internal"};
    for (uint32_t g = 0; g < G; g++) {
        lua_rawgeti(L, 3, (lua_Integer)g + 1);
        lua_createtable(L, 0, 5);
        sni_lens_set_int(L, "size", size[g]);
        for (int s = 0; s < SN_NG_PER_GROUP; s++) {
            push_summary(L, &out->group[(size_t)g * SN_NG_PER_GROUP + s]);
            lua_setfield(L, -2, gstat[s]);
        }
        lua_rawset(L, -3);
    }
    lua_setfield(L, -2, "groups");
    lua_createtable(L, (int)out->n_pairs, 0);
    for (size_t p = 0; p < out->n_pairs; p++) {
        lua_createtable(L, 0, 4);
        lua_rawgeti(L, 3, (lua_Integer)out->pair_a[p] + 1);
        lua_setfield(L, -2, "a");
        lua_rawgeti(L, 3, (lua_Integer)out->pair_b[p] + 1);
        lua_setfield(L, -2, "b");
        push_summary(L, &out->pair[p * SN_NP_PER_PAIR + SN_NP_SHARE]);
        lua_setfield(L, -2, "share");
        push_summary(L, &out->pair[p * SN_NP_PER_PAIR + SN_NP_DIRECTION]);
        lua_setfield(L, -2, "direction");
        lua_rawseti(L, -2, (lua_Integer)p + 1);
    }
    lua_setfield(L, -2, "pairs");
    if (out->pairs_omitted) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "pairs_omitted");
    }
    return 1;
}

#define REWIRE_OUT_MT "samnett.null_rewire_out"

static int rewire_out_gc(lua_State *L)
{
    sn_null_rewire_free(luaL_checkudata(L, 1, REWIRE_OUT_MT));
    return 0;
}

int sni_lens_net_null_rewire(lua_State *L)
{
    static const char *const keys[] = {"stats", "nodes", "k",    "attr",
                                       "swaps", "draws", "seed", NULL};
    static const char *const gname[SN_NR_GLOBAL] = {"reciprocity", "clustering", "top_share"};
    const char *fn = "null_rewire";
    lens_net *n = sni_lens_self(L, fn);
    if (lua_type(L, 2) != LUA_TTABLE)
        return luaL_error(L, "net:null_rewire: expected a table of options, as "
                             "net:null_rewire{stats = {\"reciprocity\"}}");
    lua_settop(L, 2);
    check_keys(L, fn, keys);
    const sn_net *v = sn_lens_view(n);
    uint32_t N = v->n_nodes;
    sn_null_rewire_in in;
    memset(&in, 0, sizeof in);
    in.draws = null_draws(L, fn);
    in.seed = null_seed(L, n, fn);
    in.threads = sni_threads();
    in.n_nodes = N;
    in.n_ties = v->n_ties;
    int want_brokerage = 0;
    if (opt_field(L, "stats") != LUA_TTABLE)
        return luaL_error(L, "net:null_rewire: stats must be a list of \"reciprocity\", "
                             "\"clustering\", \"top_share\", \"brokerage\", \"betweenness\"");
    for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
        const char *s = lua_tostring(L, -1);
        int ok = 0;
        for (int g = 0; g < SN_NR_GLOBAL && s; g++)
            if (strcmp(s, gname[g]) == 0)
                ok = in.want[g] = 1;
        if (s && strcmp(s, "betweenness") == 0)
            ok = in.want_betweenness = 1;
        if (s && strcmp(s, "brokerage") == 0)
            ok = want_brokerage = 1;
        if (!ok || lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L,
                              "net:null_rewire: stats: unknown statistic '%s'; expected "
                              "reciprocity, clustering, top_share, brokerage or betweenness",
                              s ? s : luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    lua_settop(L, 2);
    in.top_k = 5;
    if (opt_field(L, "k") != LUA_TNIL) {
        int ok = 0;
        lua_Integer k = lua_tointegerx(L, -1, &ok);
        if (!ok || k < 1)
            return luaL_error(L, "net:null_rewire: k must be a whole number >= 1");
        in.top_k = k > (lua_Integer)UINT32_MAX ? UINT32_MAX : (uint32_t)k;
    }
    lua_settop(L, 2);
    if (opt_field(L, "swaps") != LUA_TNIL) {
        double f = lua_tonumber(L, -1);
        if (lua_type(L, -1) != LUA_TNUMBER || !(f > 0 && f <= 1000))
            return luaL_error(L, "net:null_rewire: swaps (attempts per tie) must be a number "
                                 "above 0 and at most 1000");
        in.swap_factor = f;
    }
    lua_settop(L, 2);
    /* 3: the focus nodes' ids */
    lua_newtable(L);
    uint32_t *focus = NULL;
    if (opt_field(L, "nodes") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TTABLE)
            return luaL_error(L, "net:null_rewire: nodes must be a list of node ids");
        size_t len = (size_t)lua_rawlen(L, -1);
        focus = lua_newuserdatauv(L, (len ? len : 1) * sizeof *focus, 0);
        lua_insert(L, -2);
        for (size_t i = 0; i < len; i++) {
            size_t sl;
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            const char *id = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &sl) : NULL;
            int64_t node = id ? sn_intern_find(v->labels, id, sl) : -1;
            if (node < 0 || (uint64_t)node >= N)
                return luaL_error(L, "net:null_rewire: nodes: no node '%s' at the %s level",
                                  id ? id : luaL_typename(L, -1), sn_level_name(v->opts.level));
            focus[i] = (uint32_t)node;
            lua_rawseti(L, 3, (lua_Integer)i + 1);
        }
        in.n_focus = len;
        in.focus = focus;
    }
    lua_settop(L, 4); /* 4: focus buffer (or nil) */
    if ((in.want_betweenness || want_brokerage) && !in.n_focus)
        return luaL_error(L, "net:null_rewire: betweenness and brokerage are per node: give "
                             "nodes = {ids...}");
    if (want_brokerage) {
        const char *attr = "organisation";
        if (opt_field(L, "attr") != LUA_TNIL) {
            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "net:null_rewire: attr must be an attribute name");
            attr = lua_tostring(L, -1);
        }
        const sn_partition *p = known_partition(L, n, fn, "attr", attr);
        in.group = p->group;
        in.n_groups = p->n_groups;
        lua_settop(L, 4);
    }
    size_t M = v->n_ties;
    uint32_t *ft = lua_newuserdatauv(L, (M ? M : 1) * 2 * sizeof *ft, 0);
    for (size_t t = 0; t < M; t++) {
        ft[t] = sn_tie_from(v, t);
        ft[M + t] = sn_tie_to(v, t);
    }
    in.from = ft;
    in.to = ft + M;
    sn_null_rewire_out *out = lua_newuserdatauv(L, sizeof *out, 0);
    memset(out, 0, sizeof *out);
    if (luaL_newmetatable(L, REWIRE_OUT_MT)) {
        lua_pushcfunction(L, rewire_out_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    sn_err err = {0};
    if (sn_null_rewire(&in, out, &err) != SN_OK)
        return luaL_error(L, "net:null_rewire: %s", err.msg);
    lua_createtable(L, 0, 6);
    sni_lens_set_int(L, "draws", in.draws);
    sni_lens_set_int(L, "seed", (long long)in.seed);
    for (int g = 0; g < SN_NR_GLOBAL; g++)
        if (in.want[g]) {
            push_summary(L, &out->global[g]);
            lua_setfield(L, -2, gname[g]);
        }
    if (in.n_focus) {
        lua_createtable(L, 0, (int)in.n_focus);
        for (size_t f = 0; f < in.n_focus; f++) {
            const sn_null_summary *s = out->node + f * SN_NR_PER_NODE;
            lua_rawgeti(L, 3, (lua_Integer)f + 1);
            lua_createtable(L, 0, 2);
            if (in.want_betweenness) {
                push_summary(L, &s[SN_NR_BETWEENNESS]);
                lua_setfield(L, -2, "betweenness");
            }
            if (want_brokerage) {
                lua_createtable(L, 0, SN_ROLES);
                for (int r = 0; r < SN_ROLES; r++) {
                    push_summary(L, &s[SN_NR_BROKERAGE + r]);
                    lua_setfield(L, -2, sn_role_name(r));
                }
                lua_setfield(L, -2, "brokerage");
            }
            lua_rawset(L, -3);
        }
        lua_setfield(L, -2, "nodes");
    }
    return 1;
}

#define TIME_OUT_MT "samnett.null_time_out"

static int time_out_gc(lua_State *L)
{
    sn_null_time_free(luaL_checkudata(L, 1, TIME_OUT_MT));
    return 0;
}

int sni_lens_net_null_time(lua_State *L)
{
    static const char *const keys[] = {"length", "since", "before", "stats", "draws", "seed", NULL};
    static const char *const wname[SN_NT_PER_WINDOW] = {"ties", "persistence", "novelty",
                                                        "contacts"};
    const char *fn = "null_time";
    lens_net *n = sni_lens_self(L, fn);
    if (n->store->count)
        return luaL_error(L, "net:null_time: a tie table (analyze --ties) holds no contact times "
                             "to shuffle; a lens that reads them declares single_contacts = true");
    if (lua_type(L, 2) != LUA_TTABLE)
        return luaL_error(L, "net:null_time: expected a table of options, as "
                             "net:null_time{length = \"quarter\"}");
    lua_settop(L, 2);
    check_keys(L, fn, keys);
    sn_null_time_in in;
    memset(&in, 0, sizeof in);
    in.draws = null_draws(L, fn);
    in.seed = null_seed(L, n, fn);
    in.threads = sni_threads();
    const sn_net *v = sn_lens_view(n);
    const sn_store *st = n->store;
    in.min_contacts = v->opts.min_contacts > 1 ? (double)v->opts.min_contacts : 1;
    in.n_ties = v->n_ties;

    sn_span span;
    if (opt_field(L, "length") != LUA_TNIL) {
        const char *s = lua_tostring(L, -1);
        if (lua_type(L, -1) != LUA_TSTRING || sn_span_parse(s, &span) != SN_OK)
            return luaL_error(L,
                              "net:null_time: length '%s'; expected month, quarter, year, Nd "
                              "or Nw",
                              s ? s : luaL_typename(L, -1));
    } else if (n->an->has_temporal && n->an->temporal.has_window) {
        span = n->an->temporal.window;
    } else {
        sn_span_parse("quarter", &span);
    }
    lua_settop(L, 2);
    int want[SN_NT_PER_WINDOW] = {1, 1, 1, 1};
    if (opt_field(L, "stats") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TTABLE)
            return luaL_error(L, "net:null_time: stats must be a list of \"ties\", "
                                 "\"persistence\", \"novelty\", \"contacts\"");
        memset(want, 0, sizeof want);
        for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
            const char *s = lua_tostring(L, -1);
            int ok = 0;
            for (int k = 0; k < SN_NT_PER_WINDOW && s && lua_type(L, -1) == LUA_TSTRING; k++)
                if (strcmp(s, wname[k]) == 0)
                    ok = want[k] = 1;
            if (!ok)
                return luaL_error(L,
                                  "net:null_time: stats: unknown statistic '%s'; expected "
                                  "ties, persistence, novelty or contacts",
                                  s ? s : luaL_typename(L, -1));
            lua_pop(L, 1);
        }
    }
    lua_settop(L, 2);
    int64_t p0, p1;
    const sn_temporal_opts *to = &n->opts.temporal;
    sn_temporal_period_in(st, &v->opts, to->has_range ? &to->range : NULL, &p0, &p1);
    if (opt_field(L, "since") != LUA_TNIL) {
        int64_t t = sni_lens_check_time(L, lua_gettop(L), "net:null_time: since", 0);
        if (t > p0)
            p0 = t;
    }
    lua_settop(L, 2);
    if (opt_field(L, "before") != LUA_TNIL) {
        int64_t t = sni_lens_check_time(L, lua_gettop(L), "net:null_time: before", 1);
        if (t < p1)
            p1 = t;
    }
    lua_settop(L, 2);
    /* 3: the windows' bounds */
    sn_window_bounds **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    size_t nw = 0;
    sn_err err = {0};
    sn_window_bounds *b = NULL;
    if (p1 > p0) {
        if (sn_windows_plan(&span, NULL, p0, p1, &b, &nw, &err) != SN_OK)
            return luaL_error(L, "net:null_time: %s", err.msg);
    }
    /* copy into Lua-owned memory at once, so that an error cannot leak b */
    int64_t *starts = NULL;
    sn_window_bounds *wb = lua_newuserdatauv(L, (nw ? nw : 1) * sizeof *wb, 0); /* 4 */
    if (nw)
        memcpy(wb, b, nw * sizeof *wb);
    free(b);
    if (nw > 10000)
        return luaL_error(L, "net:null_time: %d windows; expected a longer length", (int)nw);
    starts = lua_newuserdatauv(L, (nw ? nw : 1) * sizeof *starts, 0); /* 5 */
    for (size_t w = 0; w < nw; w++)
        starts[w] = wb[w].start;
    qsort(starts, nw, sizeof *starts, sni_cmp_i64);
    in.n_windows = (uint32_t)nw;
    const int32_t *ct = sni_lens_contact_ties(L, n);
    size_t K = 0;
    for (size_t i = 0; i < st->n; i++)
        K += ct[i] >= 0 && sn_store_time(st, i) >= p0 && sn_store_time(st, i) < p1 && nw;
    uint32_t *tw = lua_newuserdatauv(L, (K ? K : 1) * 2 * sizeof *tw, 0); /* 6 */
    size_t k = 0;
    for (size_t i = 0; i < st->n && nw; i++) {
        int64_t t = sn_store_time(st, i);
        if (ct[i] < 0 || t < p0 || t >= p1)
            continue;
        size_t lo = 0, hi = nw; /* the last window starting at or before t */
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (starts[mid] <= t)
                lo = mid;
            else
                hi = mid;
        }
        tw[k] = (uint32_t)ct[i];
        tw[K + k++] = (uint32_t)lo;
    }
    in.n_contacts = K;
    in.tie = tw;
    in.window = tw + K;
    sn_null_time_out *out = lua_newuserdatauv(L, sizeof *out, 0);
    memset(out, 0, sizeof *out);
    if (luaL_newmetatable(L, TIME_OUT_MT)) {
        lua_pushcfunction(L, time_out_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    if (sn_null_time(&in, out, &err) != SN_OK)
        return luaL_error(L, "net:null_time: %s", err.msg);
    lua_createtable(L, 0, 4);
    sni_lens_set_int(L, "draws", in.draws);
    sni_lens_set_int(L, "seed", (long long)in.seed);
    sni_lens_set_str(L, "length", span.name);
    lua_createtable(L, (int)nw, 0);
    for (size_t w = 0; w < nw; w++) {
        lua_createtable(L, 0, 7);
        sni_lens_set_str(L, "label", wb[w].label);
        sni_lens_set_time(L, "start", wb[w].start);
        sni_lens_set_time(L, "end", wb[w].end);
        for (int s = 0; s < SN_NT_PER_WINDOW; s++)
            if (want[s]) {
                push_summary(L, &out->window[w * SN_NT_PER_WINDOW + s]);
                lua_setfield(L, -2, wname[s]);
            }
        lua_rawseti(L, -2, (lua_Integer)w + 1);
    }
    lua_setfield(L, -2, "windows");
    return 1;
}
