/*
 * lens_test.c - `samnett lens test` (a tool beside the CLI): a lens's own
 * cases, written in Lua as small hand-built fixtures (actors and contacts)
 * plus the findings expected. Each case gets its own event store, analysis
 * and lens host; the test file runs in a sandbox of the lens host
 * (sn_lens_sandbox). Only the engine's public headers are used.
 *
 * A test file returns {cases = {case, ...}} (or the list of cases itself),
 * and optionally lens = "file.lua" (relative to the test file). A case:
 *   name      what it shows
 *   actors    {{id = "a1", organisation = "...", type = "...", ...}, ...};
 *             keys other than the standard attributes become extra columns
 *   contacts  {{time = "2024-01-01", from = "a1", to = "b1",
 *               channel = "phone", case = ..., meeting = ..., weight = 1,
 *               n = 3 (the same contact n times)}, ...}
 *   options   {level, since, before, channels, min_contacts, tie_weight,
 *              partitions = {...}, permutations, seed, window, step, after,
 *              novelty_k, meetings, pingpong_days, co_serving_min,
 *              series_min_meetings}
 *   params    {name = value}: as --param
 *   expect    {{level = "group", scope = "...", label = "...",
 *               scores = {name = number}, evidence = {en = "part of the
 *               sentence", nb = "..."}, reason = "for lite data", concept =,
 *               source =, test = {method =, correction =}}, ...}: each must
 *               match a finding (the fields given are compared)
 *   absent    findings that must not be among the lens's (same fields)
 *   count     the number of findings expected (optional)
 *   tolerance for scores (default 1e-9)
 *   expect_error  a part of the error message when the lens should fail
 * Any other key of a case, an expected finding, its test or its evidence is
 * an error (file:line:column of the key and the keys known there): a
 * misspelt key would otherwise compare nothing and pass.
 */
#include <ctype.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lua.h>

#include "samnett/lens.h"
#include "samnett/option.h"
#include "samnett/time.h"
#include "samnett/tools/lens_tools.h"
#include "../util/toolbox.h"

typedef struct case_args {
    sn_store store;
    int has_store;
    sn_analysis_opts opts;
    char *partitions[SN_MAX_PARTITIONS];
    char **params; /* "lens.name=value" */
    size_t n_params;
    const char *lens_name;
    const char *test_file;  /* where a key is looked for, to name its line */
    const char *shown_test; /* the test file as messages name it */
    const sn_lens_result *result;
    char why[1500];
    int ok;
} case_args;

static int rawfield(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    return lua_rawget(L, idx);
}

static const char *opt_string(lua_State *L, int idx, const char *key, const char *where)
{
    int t = rawfield(L, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    if (t != LUA_TSTRING)
        luaL_error(L, "%s: %s must be a string; got %s", where, key, lua_typename(L, t));
    const char *s = lua_tostring(L, -1);
    lua_pop(L, 1); /* the string stays alive in the table */
    return s;
}

static uint32_t intern_attr(lua_State *L, sn_store *s, const char *v)
{
    uint32_t id;
    if (sn_store_string(s, v, strlen(v), &id) != SN_OK)
        luaL_error(L, "out of memory");
    return id;
}

static void build_actors(lua_State *L, case_args *a, int list)
{
    static const char *const keys[SN_ATTR_COUNT] = {"name", "type", "organisation",
                                                    "unit", "rank", "profession"};
    sn_store *s = &a->store;
    size_t n = (size_t)lua_rawlen(L, list);
    for (size_t i = 0; i < n; i++) {
        char where[64];
        snprintf(where, sizeof where, "actors[%d]", (int)i + 1);
        if (lua_rawgeti(L, list, (lua_Integer)i + 1) != LUA_TTABLE)
            luaL_error(L, "%s must be a table {id = ..., ...}", where);
        int t = lua_gettop(L);
        const char *id = opt_string(L, t, "id", where);
        if (!id || !id[0])
            luaL_error(L, "%s: id is missing", where);
        uint32_t ax;
        int added;
        if (sn_store_actor_add(s, id, strlen(id), 0, (uint32_t)i + 1, &ax, &added) != SN_OK)
            luaL_error(L, "out of memory");
        if (!added)
            luaL_error(L, "%s: duplicate actor id '%s'", where, id);
        for (int k = 0; k < SN_ATTR_COUNT; k++) {
            const char *v = opt_string(L, t, keys[k], where);
            if (v)
                s->actors[ax].attr[k] = intern_attr(L, s, v);
        }
        /* other keys are extra columns, in name order */
        const char *extra[64];
        size_t ne = 0;
        lua_pushnil(L);
        while (lua_next(L, t)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING)
                continue;
            const char *k = lua_tostring(L, -1);
            int standard = strcmp(k, "id") == 0;
            for (int j = 0; j < SN_ATTR_COUNT; j++)
                standard |= strcmp(k, keys[j]) == 0;
            if (!standard && ne < 64)
                extra[ne++] = k;
        }
        qsort(extra, ne, sizeof *extra, sni_cmp_str);
        for (size_t j = 0; j < ne; j++) {
            const char *v = opt_string(L, t, extra[j], where);
            if (v &&
                sn_store_actor_extra(s, intern_attr(L, s, extra[j]), intern_attr(L, s, v)) != SN_OK)
                luaL_error(L, "out of memory");
        }
        lua_pop(L, 1);
    }
}

/* contacts[i].key, or positional [pos] (time, from, to, channel). */
static int contact_field(lua_State *L, int t, const char *key, int pos)
{
    int ty = rawfield(L, t, key);
    if (ty == LUA_TNIL && pos > 0) {
        lua_pop(L, 1);
        ty = lua_rawgeti(L, t, pos);
    }
    return ty;
}

static uint32_t contact_actor(lua_State *L, case_args *a, int t, const char *key, int pos,
                              const char *where)
{
    if (contact_field(L, t, key, pos) != LUA_TSTRING)
        luaL_error(L, "%s: %s must be an actor id (a string)", where, key);
    size_t len;
    const char *id = lua_tolstring(L, -1, &len);
    int64_t ax = sn_store_actor_find(&a->store, id, len);
    if (ax < 0)
        luaL_error(L, "%s: %s '%s' is not in actors", where, key, id);
    lua_pop(L, 1);
    return (uint32_t)ax;
}

static uint32_t contact_ref(lua_State *L, sn_intern *in, int t, const char *key)
{
    int ty = rawfield(L, t, key);
    uint32_t id = 0;
    if (ty == LUA_TSTRING || ty == LUA_TNUMBER) {
        size_t len;
        const char *v = lua_tolstring(L, -1, &len);
        uint32_t x;
        if (sn_intern_add(in, v, len, &x) != SN_OK)
            luaL_error(L, "out of memory");
        id = x + 1;
    }
    lua_pop(L, 1);
    return id;
}

static void build_contacts(lua_State *L, case_args *a, int list)
{
    sn_store *s = &a->store;
    size_t n = (size_t)lua_rawlen(L, list);
    for (size_t i = 0; i < n; i++) {
        char where[64];
        snprintf(where, sizeof where, "contacts[%d]", (int)i + 1);
        if (lua_rawgeti(L, list, (lua_Integer)i + 1) != LUA_TTABLE)
            luaL_error(L, "%s must be a table {time = ..., from = ..., to = ...}", where);
        int t = lua_gettop(L);
        contact_field(L, t, "time", 1);
        int64_t time = sn_lens_sandbox_time(L, -1, where, 0);
        lua_pop(L, 1);
        uint32_t from = contact_actor(L, a, t, "from", 2, where);
        uint32_t to = contact_actor(L, a, t, "to", 3, where);
        int ch = SN_CH_OTHER;
        if (contact_field(L, t, "channel", 4) != LUA_TNIL) {
            size_t len;
            const char *name = lua_tolstring(L, -1, &len);
            ch = name ? sn_channel_lookup(name, len) : -1;
            if (ch < 0)
                luaL_error(L, "%s: unknown channel '%s'", where, name ? name : "?");
        }
        lua_pop(L, 1);
        double w = 1;
        if (rawfield(L, t, "weight") == LUA_TNUMBER)
            w = lua_tonumber(L, -1);
        lua_pop(L, 1);
        lua_Integer times = 1;
        if (rawfield(L, t, "n") != LUA_TNIL) {
            if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > 1000000)
                luaL_error(L, "%s: n must be a whole number from 1 to 1000000", where);
            times = lua_tointeger(L, -1);
        }
        lua_pop(L, 1);
        uint32_t case_id = contact_ref(L, s->cases, t, "case");
        uint32_t meeting = contact_ref(L, s->meetings, t, "meeting");
        for (lua_Integer k = 0; k < times; k++) {
            if (sn_store_contact_add(s, time, from, to, (uint8_t)ch, case_id, meeting, (float)w) !=
                SN_OK)
                luaL_error(L, "out of memory");
            s->rows_read++;
            s->self_contacts += from == to;
        }
        lua_pop(L, 1);
    }
}

/* One option through its module's table (sn_X_opts_set), or 0 when no module has the key. */
static int table_option(lua_State *L, case_args *a, const char *key, const char *value)
{
    sn_analysis_opts *o = &a->opts;
    sn_err err = {0};
    sn_status rc;
    if (sn_opt_find(sn_view_options, sn_view_n_options, key))
        rc = sn_view_opts_set(&o->view, key, value, &err);
    else if (sn_opt_find(sn_silo_options, sn_silo_n_options, key))
        rc = sn_silo_opts_set(&o->silo, key, value, &err);
    else if (sn_opt_find(sn_temporal_options, sn_temporal_n_options, key))
        rc = sn_temporal_opts_set(&o->temporal, key, value, &err);
    else if (sn_opt_find(sn_series_options, sn_series_n_options, key))
        rc = sn_series_opts_set(&o->series, key, value, &err);
    else if (sn_opt_find(sn_cases_options, sn_cases_n_options, key))
        rc = sn_cases_opts_set(&o->cases, key, value, &err);
    else
        return 0;
    if (rc != SN_OK)
        luaL_error(L, "options: %s", err.msg);
    return 1;
}

/*
 * The case's options: each goes through its module's option table, as the
 * command line's do, under the same key (a test case's older names map to
 * it: before = until without a bare date's extra day, step = slide,
 * pingpong_days = pingpong_window in days, series_min_meetings =
 * series_min). Numbers and booleans are passed as their text.
 */
static void case_options(lua_State *L, case_args *a, int t)
{
    sn_view_opts *v = &a->opts.view;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        char text[64];
        const char *value = NULL;
        if (lua_isinteger(L, -1)) {
            snprintf(text, sizeof text, "%lld", (long long)lua_tointeger(L, -1));
            value = text;
        } else if (lua_type(L, -1) == LUA_TNUMBER) {
            snprintf(text, sizeof text, "%.17g", lua_tonumber(L, -1));
            value = text;
        } else if (lua_type(L, -1) == LUA_TBOOLEAN) {
            value = lua_toboolean(L, -1) ? "true" : "false";
        } else if (lua_type(L, -1) == LUA_TSTRING) {
            value = lua_tostring(L, -1);
        }
        if (strcmp(key, "before") == 0) {
            v->until = sn_lens_sandbox_time(L, -1, "options.before", 0);
            v->has_until = 1;
        } else if (strcmp(key, "channels") == 0 && lua_type(L, -1) == LUA_TTABLE) {
            for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
                lua_rawgeti(L, -1, i);
                const char *name = lua_tostring(L, -1);
                table_option(L, a, "channel", name ? name : "");
                lua_pop(L, 1);
            }
        } else if (strcmp(key, "partitions") == 0 && lua_type(L, -1) == LUA_TTABLE) {
            size_t n = (size_t)lua_rawlen(L, -1);
            for (size_t i = 0; i < n && i < SN_MAX_PARTITIONS; i++) {
                lua_rawgeti(L, -1, (lua_Integer)i + 1);
                const char *s = lua_tostring(L, -1);
                if (!s || !(a->partitions[i] = strdup(s)))
                    luaL_error(L, "options.partitions must be a list of attribute names");
                a->opts.partitions[i] = a->partitions[i];
                a->opts.n_partitions = i + 1;
                lua_pop(L, 1);
            }
        } else if (strcmp(key, "pingpong_days") == 0 && lua_type(L, -1) == LUA_TNUMBER) {
            snprintf(text, sizeof text, "%.17gd", lua_tonumber(L, -1));
            table_option(L, a, "pingpong_window", text);
        } else if (value && !table_option(L, a,
                                          strcmp(key, "step") == 0                  ? "slide"
                                          : strcmp(key, "series_min_meetings") == 0 ? "series_min"
                                                                                    : key,
                                          value)) {
            luaL_error(L,
                       "options.%s: unknown; expected a key of the option tables (level, since, "
                       "until, before, channels (list), min_contacts, tie_weight, meetings, "
                       "partitions (list), permutations, seed, window, step, after, novelty_k, "
                       "pingpong_days, co_serving_min, series_min_meetings, ...)",
                       key);
        } else if (!value) {
            luaL_error(L, "options.%s: expected a string, a number or a boolean", key);
        }
        lua_pop(L, 1);
    }
}

static void case_params(lua_State *L, case_args *a, int t)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "params must be keyed by parameter names");
        char value[256];
        int ty = lua_type(L, -1);
        if (ty == LUA_TBOOLEAN)
            snprintf(value, sizeof value, "%s", lua_toboolean(L, -1) ? "true" : "false");
        else if (lua_isinteger(L, -1))
            snprintf(value, sizeof value, "%lld", (long long)lua_tointeger(L, -1));
        else if (ty == LUA_TNUMBER)
            snprintf(value, sizeof value, "%.17g", lua_tonumber(L, -1));
        else if (ty == LUA_TSTRING)
            snprintf(value, sizeof value, "%s", lua_tostring(L, -1));
        else
            luaL_error(L, "params.%s must be a number, string or boolean", lua_tostring(L, -2));
        char **v = realloc(a->params, (a->n_params + 1) * sizeof *v);
        if (!v)
            luaL_error(L, "out of memory");
        a->params = v;
        size_t len = strlen(a->lens_name) + strlen(lua_tostring(L, -2)) + strlen(value) + 3;
        if (!(v[a->n_params] = malloc(len)))
            luaL_error(L, "out of memory");
        snprintf(v[a->n_params++], len, "%s.%s=%s", a->lens_name, lua_tostring(L, -2), value);
        lua_pop(L, 1);
    }
}

/* Protected: build the store, options and params of the case at a->idx. */
/* ---- the keys a case may use ---- */

static const char *const case_keys[] = {"name",      "actors",       "contacts", "options",
                                        "params",    "expect",       "absent",   "count",
                                        "tolerance", "expect_error", NULL};
static const char *const finding_keys[] = {"level",  "scope",   "label",  "scores", "evidence",
                                           "reason", "concept", "source", "test",   NULL};
static const char *const test_keys[] = {"method", "correction", NULL};
static const char *const evidence_keys[] = {"en", "nb", NULL};

/*
 * Where `key =` first stands in the test file (line and column from 1), so
 * that a misspelt key is named where it was written; 0 when it is not there
 * as text (a key made by code).
 */
static int key_position(const char *file, const char *key, long *line, long *col)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return 0;
    char buf[4096];
    size_t klen = strlen(key);
    long ln = 0;
    int found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        ln++;
        for (const char *p = buf; (p = strstr(p, key)) != NULL; p++) {
            if (p > buf && (p[-1] == '_' || isalnum((unsigned char)p[-1])))
                continue;
            const char *q = p + klen;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '=' && q[1] != '=') {
                *line = ln;
                *col = (long)(p - buf) + 1;
                found = 1;
                break;
            }
        }
    }
    fclose(f);
    return found;
}

/* Raise "FILE:LINE:COL: WHERE: unknown key 'K'; expected ..." for a key of t not known. */
static void check_keys(lua_State *L, const case_args *a, int t, const char *const *known,
                       const char *where)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            continue; /* list entries */
        const char *k = lua_tostring(L, -1);
        int ok = 0;
        for (size_t i = 0; known[i] && !ok; i++)
            ok = strcmp(k, known[i]) == 0;
        if (ok)
            continue;
        char list[400];
        size_t used = 0;
        for (size_t i = 0; known[i] && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                     i ? (known[i + 1] ? ", " : " or ") : "", known[i]);
        long line = 0, col = 0;
        if (a->test_file && key_position(a->test_file, k, &line, &col))
            luaL_error(L, "%s:%d:%d: %s: unknown key '%s'; expected %s", a->shown_test, (int)line,
                       (int)col, where, k, list);
        luaL_error(L, "%s: %s: unknown key '%s'; expected %s", a->shown_test, where, k, list);
    }
}

/* The case's keys, and those of each expected or absent finding. */
static void check_case_keys(lua_State *L, const case_args *a, int c)
{
    check_keys(L, a, c, case_keys, "case");
    static const char *const lists[] = {"expect", "absent"};
    for (int l = 0; l < 2; l++) {
        if (rawfield(L, c, lists[l]) == LUA_TTABLE) {
            int list = lua_gettop(L);
            for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, list); i++) {
                if (lua_rawgeti(L, list, i) == LUA_TTABLE) {
                    int e = lua_gettop(L);
                    char where[64];
                    snprintf(where, sizeof where, "%s[%d]", lists[l], (int)i);
                    check_keys(L, a, e, finding_keys, where);
                    if (rawfield(L, e, "test") == LUA_TTABLE) {
                        snprintf(where, sizeof where, "%s[%d].test", lists[l], (int)i);
                        check_keys(L, a, lua_gettop(L), test_keys, where);
                    }
                    lua_pop(L, 1);
                    if (rawfield(L, e, "evidence") == LUA_TTABLE) {
                        snprintf(where, sizeof where, "%s[%d].evidence", lists[l], (int)i);
                        check_keys(L, a, lua_gettop(L), evidence_keys, where);
                    }
                    lua_pop(L, 1);
                }
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
}

static int build_case(lua_State *L)
{
    case_args *a = lua_touserdata(L, 1);
    int c = 2;
    if (lua_type(L, c) != LUA_TTABLE)
        return luaL_error(L, "a case must be a table {name = ..., actors = ..., ...}");
    check_case_keys(L, a, c);
    if (rawfield(L, c, "actors") != LUA_TTABLE)
        return luaL_error(L, "actors must be a list of actor tables");
    build_actors(L, a, lua_gettop(L));
    lua_pop(L, 1);
    if (rawfield(L, c, "contacts") != LUA_TTABLE)
        return luaL_error(L, "contacts must be a list of contact tables");
    build_contacts(L, a, lua_gettop(L));
    lua_pop(L, 1);
    if (rawfield(L, c, "options") == LUA_TTABLE)
        case_options(L, a, lua_gettop(L));
    lua_pop(L, 1);
    if (rawfield(L, c, "params") == LUA_TTABLE)
        case_params(L, a, lua_gettop(L));
    lua_pop(L, 1);
    return 0;
}

/* ---- comparing ---- */

static void describe(const sn_lens_finding *f, char *out, size_t cap)
{
    size_t used =
        (size_t)snprintf(out, cap, "%s '%s': %s", sn_lens_level_name(f->level), f->scope, f->label);
    for (size_t i = 0; i < f->n_scores && used + 8 < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%s = %g", i ? ", " : " (",
                                 f->scores[i].name, f->scores[i].value);
    if (f->n_scores && used + 2 < cap)
        snprintf(out + used, cap - used, ")");
}

/* Does f match the expectation at e? Sets why to the first difference. */
static int matches(lua_State *L, int e, const sn_lens_finding *f, double tol, char *why, size_t cap)
{
    const char *level = opt_string(L, e, "level", "expect");
    if (!level || strcmp(level, sn_lens_level_name(f->level)) != 0)
        return snprintf(why, cap, "level"), 0;
    const char *scope = opt_string(L, e, "scope", "expect");
    if (scope && strcmp(scope, f->scope) != 0)
        return snprintf(why, cap, "scope"), 0;
    const char *label = opt_string(L, e, "label", "expect");
    if (label && strcmp(label, f->label) != 0)
        return snprintf(why, cap, "label '%s', expected '%s'", f->label, label), 0;
    static const char *const texts[] = {"reason", "concept", "source"};
    for (int k = 0; k < 3; k++) {
        const char *want = opt_string(L, e, texts[k], "expect");
        const char *got = k == 0 ? f->reason : k == 1 ? f->concept : f->source;
        if (want && (!got || strcmp(want, got) != 0))
            return snprintf(why, cap, "%s '%s', expected '%s'", texts[k], got ? got : "(none)",
                            want),
                   0;
    }
    if (rawfield(L, e, "test") == LUA_TTABLE) {
        int t = lua_gettop(L);
        if (!f->has_test) {
            lua_pop(L, 1);
            return snprintf(why, cap, "no test (expected one)"), 0;
        }
        const char *method = opt_string(L, t, "method", "expect.test");
        const char *corr = opt_string(L, t, "correction", "expect.test");
        if ((method && (!f->test.method || strcmp(method, f->test.method) != 0)) ||
            (corr && (!f->test.correction || strcmp(corr, f->test.correction) != 0))) {
            snprintf(why, cap, "test %s/%s, expected %s/%s",
                     f->test.method ? f->test.method : "(none)",
                     f->test.correction ? f->test.correction : "(none)", method ? method : "*",
                     corr ? corr : "*");
            lua_pop(L, 1);
            return 0;
        }
    }
    lua_pop(L, 1);
    if (rawfield(L, e, "scores") == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            const char *k = lua_tostring(L, -2);
            double want = lua_tonumber(L, -1);
            const sn_lens_score *got = NULL;
            for (size_t i = 0; i < f->n_scores && k; i++)
                if (strcmp(f->scores[i].name, k) == 0)
                    got = &f->scores[i];
            if (!got || !(fabs(got->value - want) <= tol * (1 + fabs(want)))) {
                if (got)
                    snprintf(why, cap, "score %s = %.10g, expected %.10g", k, got->value, want);
                else
                    snprintf(why, cap, "no score %s (expected %.10g)", k ? k : "?", want);
                lua_pop(L, 3);
                return 0;
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    if (rawfield(L, e, "evidence") == LUA_TTABLE) {
        static const char *const langs[] = {"en", "nb"};
        for (int k = 0; k < 2; k++) {
            const char *part = opt_string(L, lua_gettop(L), langs[k], "expect.evidence");
            if (part && !strstr(f->evidence[k], part)) {
                snprintf(why, cap, "evidence.%s \"%s\" lacks \"%s\"", langs[k], f->evidence[k],
                         part);
                lua_pop(L, 1);
                return 0;
            }
        }
    }
    lua_pop(L, 1);
    return 1;
}

/* Protected: compare a->result with the case's count and expect. */
static int check_case(lua_State *L)
{
    case_args *a = lua_touserdata(L, 1);
    const sn_lens_result *r = a->result;
    int c = 2;
    double tol = 1e-9;
    if (rawfield(L, c, "tolerance") == LUA_TNUMBER)
        tol = lua_tonumber(L, -1);
    lua_pop(L, 1);
    a->ok = 1;
    if (rawfield(L, c, "count") != LUA_TNIL) {
        if ((size_t)lua_tointeger(L, -1) != r->n_findings) {
            snprintf(a->why, sizeof a->why, "%zu findings, expected %lld", r->n_findings,
                     (long long)lua_tointeger(L, -1));
            a->ok = 0;
            return 0;
        }
    }
    lua_pop(L, 1);
    if (rawfield(L, c, "absent") == LUA_TTABLE) {
        int list = lua_gettop(L);
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, list); i++) {
            if (lua_rawgeti(L, list, i) != LUA_TTABLE)
                return luaL_error(L, "absent[%d] must be a table {level = ..., label = ...}",
                                  (int)i);
            char why[300];
            for (size_t k = 0; k < r->n_findings; k++)
                if (matches(L, lua_gettop(L), &r->findings[k], tol, why, sizeof why)) {
                    char d[300];
                    describe(&r->findings[k], d, sizeof d);
                    snprintf(a->why, sizeof a->why, "absent[%d] was found: %s", (int)i, d);
                    a->ok = 0;
                    return 0;
                }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    if (rawfield(L, c, "expect") != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    int list = lua_gettop(L);
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, list); i++) {
        if (lua_rawgeti(L, list, i) != LUA_TTABLE)
            return luaL_error(L, "expect[%d] must be a table {level = ..., label = ...}", (int)i);
        int e = lua_gettop(L);
        char why[300] = "", near[700] = "";
        int found = 0;
        for (size_t k = 0; k < r->n_findings && !found; k++) {
            found = matches(L, e, &r->findings[k], tol, why, sizeof why);
            if (!found && !near[0] && strcmp(why, "level") != 0 && strcmp(why, "scope") != 0) {
                char d[300];
                describe(&r->findings[k], d, sizeof d);
                snprintf(near, sizeof near, "%s: %s", d, why);
            }
        }
        if (!found) {
            const char *level = opt_string(L, e, "level", "expect");
            const char *scope = opt_string(L, e, "scope", "expect");
            const char *label = opt_string(L, e, "label", "expect");
            size_t used = (size_t)snprintf(
                a->why, sizeof a->why, "expect[%d] (%s%s%s%s%s%s%s) not found; ", (int)i,
                level ? level : "?", scope ? " '" : "", scope ? scope : "", scope ? "'" : "",
                label ? ", label '" : "", label ? label : "", label ? "'" : "");
            if (near[0]) {
                snprintf(a->why + used, sizeof a->why - used, "closest: %s", near);
            } else {
                used += (size_t)snprintf(a->why + used, sizeof a->why - used,
                                         "the lens gave %zu:", r->n_findings);
                for (size_t k = 0; k < r->n_findings && k < 5 && used + 8 < sizeof a->why; k++) {
                    char d[300];
                    describe(&r->findings[k], d, sizeof d);
                    used += (size_t)snprintf(a->why + used, sizeof a->why - used, "%s %s",
                                             k ? ";" : "", d);
                }
            }
            a->ok = 0;
            return 0;
        }
        lua_pop(L, 1);
    }
    return 0;
}

static void case_free(case_args *a)
{
    if (a->has_store)
        sn_store_free(&a->store);
    for (int i = 0; i < SN_MAX_PARTITIONS; i++)
        free(a->partitions[i]);
    for (size_t i = 0; i < a->n_params; i++)
        free(a->params[i]);
    free(a->params);
}

/* ---- files ---- */

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The test file beside the lens, or in tests/ beside the lens's folder. */
static int test_for_lens(const char *lens, char *out, size_t cap, char *tried, size_t tcap)
{
    char dir[PATH_MAX], base[PATH_MAX], tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", lens);
    snprintf(dir, sizeof dir, "%s", dirname(tmp));
    snprintf(tmp, sizeof tmp, "%s", lens);
    snprintf(base, sizeof base, "%s", basename(tmp));
    if (sni_ends_with(base, ".lua"))
        base[strlen(base) - 4] = '\0';
    if ((size_t)snprintf(out, cap, "%s%s%s_test.lua", strcmp(dir, ".") ? dir : "",
                         strcmp(dir, ".") ? "/" : "", base) >= cap)
        return 0;
    snprintf(tried, tcap, "%s", out);
    if (file_exists(out))
        return 1;
    snprintf(tmp, sizeof tmp, "%s", dir);
    if ((size_t)snprintf(out, cap, "%s/tests/%s_test.lua", dirname(tmp), base) >= cap)
        return 0;
    snprintf(tried + strlen(tried), tcap - strlen(tried), " and %s", out);
    return file_exists(out);
}

/* Protected: the test file's table at 1; its cases list (pushed) and lens field. */
static int test_table(lua_State *L)
{
    if (lua_type(L, 1) != LUA_TTABLE)
        return luaL_error(L, "a test file must return a table {cases = {...}}; it returned %s",
                          luaL_typename(L, 1));
    if (rawfield(L, 1, "cases") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_pushvalue(L, 1);
    }
    rawfield(L, 1, "lens");
    return 2;
}

sn_status sn_lens_test(const sn_lens_opts *opts, const char *spec, FILE *out, size_t *passed,
                       size_t *failed, sn_err *err)
{
    *passed = *failed = 0;
    char lens_file[PATH_MAX] = "", test_file[PATH_MAX] = "", tried[2 * PATH_MAX + 8];
    if (sni_ends_with(spec, "_test.lua")) {
        if (!file_exists(spec))
            return sn_err_set(err, SN_EUSAGE, "no test file '%s'", spec);
        snprintf(test_file, sizeof test_file, "%s", spec);
    } else {
        char *file = NULL;
        sn_status rc = sn_lens_find(opts, spec, &file, err);
        if (rc != SN_OK)
            return rc;
        snprintf(lens_file, sizeof lens_file, "%s", file);
        free(file);
        if (!test_for_lens(lens_file, test_file, sizeof test_file, tried, sizeof tried))
            return sn_err_set(err, SN_EUSAGE,
                              "no test file for %s (looked for %s); 'samnett lens new' writes "
                              "one with the lens",
                              lens_file, tried);
    }

    /* the test file, in a sandbox of its own */
    sn_lens_sandbox *sb;
    sn_status rc = sn_lens_sandbox_new(opts, test_file, "test", &sb, err);
    if (rc != SN_OK)
        return rc;
    lua_State *T = sn_lens_sandbox_state(sb);
    char shown_test[1024];
    snprintf(shown_test, sizeof shown_test, "%s", sn_lens_sandbox_file(sb));
    lua_pushcfunction(T, test_table);
    lua_insert(T, -2);
    sn_err perr;
    if (sn_lens_sandbox_pcall(sb, 1, 2, &perr) != SN_OK) {
        sn_lens_sandbox_free(sb);
        return sn_err_set(err, SN_EANALYSIS, "%s: %s", shown_test, perr.msg);
    }
    int cases = lua_gettop(T) - 1;
    if (!lens_file[0]) {
        char tmp[PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s", test_file);
        char *dir = dirname(tmp);
        if (lua_type(T, -1) == LUA_TSTRING) {
            if ((size_t)snprintf(lens_file, sizeof lens_file, "%s/%s", dir, lua_tostring(T, -1)) >=
                sizeof lens_file)
                lens_file[0] = '\0';
        } else {
            char base[PATH_MAX], t2[PATH_MAX];
            snprintf(t2, sizeof t2, "%s", test_file);
            snprintf(base, sizeof base, "%s", basename(t2));
            base[strlen(base) - strlen("_test.lua")] = '\0';
            if ((size_t)snprintf(lens_file, sizeof lens_file, "%s/%s.lua", dir, base) >=
                sizeof lens_file)
                lens_file[0] = '\0';
            if (!file_exists(lens_file)) {
                char d2[PATH_MAX];
                snprintf(d2, sizeof d2, "%s", dir);
                if ((size_t)snprintf(lens_file, sizeof lens_file, "%s/lenses/%s.lua", dirname(d2),
                                     base) >= sizeof lens_file)
                    lens_file[0] = '\0';
            }
        }
        if (!file_exists(lens_file)) {
            sn_lens_sandbox_free(sb);
            return sn_err_set(err, SN_EUSAGE, "%s: no lens file %s", shown_test, lens_file);
        }
    }
    lua_pop(T, 1);

    char shown_lens[PATH_MAX];
    sn_lens_display_path(lens_file, shown_lens, sizeof shown_lens);
    fprintf(out, "lens %s, tests %s\n", shown_lens, shown_test);
    size_t n_cases = (size_t)lua_rawlen(T, cases);
    if (n_cases == 0) {
        sn_lens_sandbox_free(sb);
        return sn_err_set(err, SN_EANALYSIS, "%s: no cases; expected cases = {{name = ...}, ...}",
                          shown_test);
    }
    sn_status result = SN_OK;
    for (size_t i = 0; i < n_cases; i++) {
        lua_rawgeti(T, cases, (lua_Integer)i + 1);
        int c = lua_gettop(T);
        char name[200];
        snprintf(name, sizeof name, "case %zu", i + 1);
        if (lua_type(T, c) == LUA_TTABLE) {
            lua_pushliteral(T, "name");
            if (lua_rawget(T, c) == LUA_TSTRING)
                snprintf(name, sizeof name, "%s", lua_tostring(T, -1));
            lua_pop(T, 1);
        }
        case_args a;
        memset(&a, 0, sizeof a);
        sn_analysis_opts_init(&a.opts);
        char reason[1600] = "";
        sn_lens_host *h = NULL;
        sn_analysis an;
        int have_an = 0;
        sn_err e = {0};
        char base[PATH_MAX], tmp[PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s", lens_file);
        snprintf(base, sizeof base, "%s", basename(tmp));
        if (sni_ends_with(base, ".lua"))
            base[strlen(base) - 4] = '\0';
        a.lens_name = base;
        a.test_file = test_file;
        a.shown_test = shown_test;
        if (sn_store_init(&a.store, &e) != SN_OK) {
            snprintf(reason, sizeof reason, "%s", e.msg);
            goto done;
        }
        a.has_store = 1;
        lua_pushcfunction(T, build_case);
        lua_pushlightuserdata(T, &a);
        lua_pushvalue(T, c);
        if (sn_lens_sandbox_pcall(sb, 2, 0, &perr) != SN_OK) {
            snprintf(reason, sizeof reason, "%s", perr.msg);
            goto done;
        }
        if (sn_analysis_run(&a.store, &a.opts, &an, &e) != SN_OK) {
            snprintf(reason, sizeof reason, "analysis: %s", e.msg);
            goto done;
        }
        have_an = 1;
        if (sn_lens_host_new(opts, &h, &e) != SN_OK ||
            sn_lens_host_add(h, lens_file, &e) != SN_OK) {
            snprintf(reason, sizeof reason, "%s", e.msg);
            goto done;
        }
        for (size_t k = 0; k < a.n_params; k++)
            if (sn_lens_host_param(h, a.params[k], &e) != SN_OK) {
                snprintf(reason, sizeof reason, "%s", e.msg);
                goto done;
            }
        sn_lens_host_run(h, &a.store, &an, &a.opts, &e);
        const sn_lens_result *r = &sn_lens_host_results(h)->items[0];
        lua_pushliteral(T, "expect_error");
        int want_error = lua_rawget(T, c) == LUA_TSTRING;
        const char *part = want_error ? lua_tostring(T, -1) : NULL;
        if (want_error) {
            if (!r->failed)
                snprintf(reason, sizeof reason, "expected the lens to fail with \"%s\"; it ran",
                         part);
            else if (!strstr(r->error, part))
                snprintf(reason, sizeof reason, "error \"%s\" lacks \"%s\"", r->error, part);
        } else if (r->failed) {
            snprintf(reason, sizeof reason, "%s", r->error);
        }
        lua_pop(T, 1);
        if (!reason[0] && !want_error) {
            a.result = r;
            lua_pushcfunction(T, check_case);
            lua_pushlightuserdata(T, &a);
            lua_pushvalue(T, c);
            if (sn_lens_sandbox_pcall(sb, 2, 0, &perr) != SN_OK)
                snprintf(reason, sizeof reason, "%s", perr.msg);
            else if (!a.ok)
                snprintf(reason, sizeof reason, "%s", a.why);
        }
    done:
        if (reason[0]) {
            fprintf(out, "FAIL %zu - %s: %s\n", i + 1, name, reason);
            (*failed)++;
        } else {
            fprintf(out, "ok %zu - %s\n", i + 1, name);
            (*passed)++;
        }
        sn_lens_host_free(h);
        if (have_an)
            sn_analysis_free(&an);
        case_free(&a);
        lua_settop(T, cases);
    }
    fprintf(out, "%zu passed, %zu failed\n", *passed, *failed);
    sn_lens_sandbox_free(sb);
    return result;
}
