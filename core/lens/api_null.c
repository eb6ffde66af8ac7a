/*
 * api_null.c - the lens API of the null-model stage (samnett/nullmodel.h):
 *   stats.binom_test(k, n, p0 [, alternative])      exact binomial test
 *   stats.fisher_test(a, b, c, d [, alternative])   2x2 Fisher exact test
 *   stats.p_adjust(ps, method)                      "holm" | "bh" | "none"
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
    sn_alternative a;
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
        return luaL_error(L, "stats.binom_test: k (%ld) is larger than n (%ld)", k, n);
    if (!(p0 >= 0 && p0 <= 1))
        return luaL_error(L, "stats.binom_test: p0 must be a number from 0 to 1");
    sn_alternative alt = check_alt(L, 4, "binom_test");
    double p = sn_binom_test(k, n, p0, alt);
    if (isnan(p))
        return luaL_error(L, "stats.binom_test: out of memory");
    lua_pushnumber(L, p);
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

void sn_lens_null_stats(lua_State *L, int t)
{
    static const luaL_Reg fns[] = {{"binom_test", st_binom_test},
                                   {"fisher_test", st_fisher_test},
                                   {"p_adjust", st_p_adjust},
                                   {NULL, NULL}};
    t = lua_absindex(L, t);
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, t, f->name);
    }
}
