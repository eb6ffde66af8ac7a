/*
 * stats.c - the statistics helpers a lens gets as the global `stats`, the
 * finding() helper, and the validation of findings.
 *
 * Every stats function takes a list of numbers (a sequence). On an empty
 * list the summaries are nil (sum is 0). Definitions:
 *   mean, sum, min, max
 *   median          quantile 0.5
 *   quantile(xs, p) linear interpolation between order statistics, R's
 *                   default (type 7): h = (n - 1) p
 *   sd              population standard deviation, sqrt(mean((x - mean)^2))
 *   cv              sd / mean (nil when the mean is 0), as the regularity
 *                   measure of README, "What is measured"
 *   gini            sum_i sum_j |x_i - x_j| / (2 n^2 mean), values >= 0;
 *                   0 = all equal, (n - 1) / n = one holds everything;
 *                   nil when the sum is 0
 *   half_life(t, T) the half-life (in the unit of t) of the exponential
 *                   decay a e^(-lambda t) fitted by maximum likelihood to
 *                   event offsets t in [0, T] (samnett/meetings.h); nil with
 *                   fewer than 3 events or without decay
 * Cost: O(n), O(n log n) for median, quantile and gini.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lens_internal.h"
#include "samnett/meetings.h"
#include "../util/toolbox.h"

void sni_lens_null_stats(lua_State *L, int t); /* api_null.c */

/* The numbers of the list at idx, in a userdata buffer (freed by the collector). */
static double *numbers(lua_State *L, int idx, const char *fn, size_t *n)
{
    luaL_checktype(L, idx, LUA_TTABLE);
    size_t len = (size_t)lua_rawlen(L, idx);
    double *v = lua_newuserdatauv(L, (len ? len : 1) * sizeof *v, 0);
    for (size_t i = 0; i < len; i++) {
        int t = lua_rawgeti(L, idx, (lua_Integer)i + 1);
        if (t != LUA_TNUMBER)
            luaL_error(L, "stats.%s: element %d is %s; expected a list of numbers", fn, (int)i + 1,
                       lua_typename(L, t));
        v[i] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    *n = len;
    return v;
}

static double sum_of(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static int st_sum(lua_State *L)
{
    size_t n;
    double *v = numbers(L, 1, "sum", &n);
    lua_pushnumber(L, sum_of(v, n));
    return 1;
}

static int st_mean(lua_State *L)
{
    size_t n;
    double *v = numbers(L, 1, "mean", &n);
    if (n == 0)
        return 0;
    lua_pushnumber(L, sum_of(v, n) / (double)n);
    return 1;
}

static int extreme(lua_State *L, const char *fn, int want_max)
{
    size_t n;
    double *v = numbers(L, 1, fn, &n);
    if (n == 0)
        return 0;
    double m = v[0];
    for (size_t i = 1; i < n; i++)
        if (want_max ? v[i] > m : v[i] < m)
            m = v[i];
    lua_pushnumber(L, m);
    return 1;
}

static int st_min(lua_State *L)
{
    return extreme(L, "min", 0);
}

static int st_max(lua_State *L)
{
    return extreme(L, "max", 1);
}

static int st_quantile(lua_State *L)
{
    double p = luaL_checknumber(L, 2);
    if (!(p >= 0 && p <= 1))
        return luaL_error(L, "stats.quantile: p = %f; expected a number from 0 to 1", p);
    size_t n;
    double *v = numbers(L, 1, "quantile", &n);
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, sni_cmp_double);
    lua_pushnumber(L, sni_quantile_sorted(v, n, p));
    return 1;
}

static int st_median(lua_State *L)
{
    size_t n;
    double *v = numbers(L, 1, "median", &n);
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, sni_cmp_double);
    lua_pushnumber(L, sni_quantile_sorted(v, n, 0.5));
    return 1;
}

static double sd_of(const double *v, size_t n, double mean)
{
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    return sqrt(ss / (double)n);
}

static int st_sd(lua_State *L)
{
    size_t n;
    double *v = numbers(L, 1, "sd", &n);
    if (n == 0)
        return 0;
    lua_pushnumber(L, sd_of(v, n, sum_of(v, n) / (double)n));
    return 1;
}

static int st_cv(lua_State *L)
{
    size_t n;
    double *v = numbers(L, 1, "cv", &n);
    if (n == 0)
        return 0;
    double mean = sum_of(v, n) / (double)n;
    if (mean == 0)
        return 0;
    lua_pushnumber(L, sd_of(v, n, mean) / mean);
    return 1;
}

/* Over sorted values: sum_i (2i - n - 1) x_i / (n sum). */
static int st_gini(lua_State *L)
{
    size_t n;
    double *v = numbers(L, 1, "gini", &n);
    for (size_t i = 0; i < n; i++)
        if (v[i] < 0)
            return luaL_error(L, "stats.gini: element %d is negative; expected values >= 0",
                              (int)i + 1);
    double s = sum_of(v, n);
    if (n == 0 || s == 0)
        return 0;
    qsort(v, n, sizeof *v, sni_cmp_double);
    double acc = 0;
    for (size_t i = 0; i < n; i++)
        acc += (2.0 * (double)(i + 1) - (double)n - 1.0) * v[i];
    lua_pushnumber(L, acc / ((double)n * s));
    return 1;
}

/* The maximum-likelihood exponential-decay half-life of offsets in [0, T] (samnett/meetings.h). */
static int st_half_life(lua_State *L)
{
    size_t n;
    double *v = numbers(L, 1, "half_life", &n);
    double T = luaL_checknumber(L, 2);
    for (size_t i = 0; i < n; i++)
        if (v[i] < 0 || v[i] > T)
            return luaL_error(L, "stats.half_life: element %d (%g) is outside [0, T = %g]",
                              (int)i + 1, v[i], T);
    double h = sn_decay_half_life(v, n, T);
    if (!isfinite(h))
        return 0;
    lua_pushnumber(L, h);
    return 1;
}

void sni_lens_open_stats(lua_State *L, int g)
{
    static const luaL_Reg fns[] = {{"sum", st_sum},       {"mean", st_mean},
                                   {"median", st_median}, {"quantile", st_quantile},
                                   {"min", st_min},       {"max", st_max},
                                   {"sd", st_sd},         {"cv", st_cv},
                                   {"gini", st_gini},     {"half_life", st_half_life},
                                   {NULL, NULL}};
    luaL_newlib(L, fns);
    sni_lens_null_stats(L, -1); /* binom_test, fisher_test, p_adjust (api_null.c) */
    sni_lens_push_frozen(L, -1, "stats");
    lua_setfield(L, g, "stats");
    lua_pop(L, 1);
}

/* ---- findings ---- */

const char *sn_lens_level_name(sn_lens_level level)
{
    return level == SN_LENS_GROUP ? "group" : level == SN_LENS_ACTOR ? "actor" : "network";
}

static int raw_field(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    return lua_rawget(L, idx);
}

static int nonempty_string(lua_State *L, int idx)
{
    return lua_type(L, idx) == LUA_TSTRING && lua_rawlen(L, idx) > 0;
}

/* The string at idx is not valid UTF-8 or holds a NUL byte: say so in why. */
static int text_bad(lua_State *L, int idx, const char *what, char *why, size_t cap)
{
    size_t n = 0;
    const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &n) : "";
    long bad = sni_lens_utf8_bad(s, n);
    if (bad < 0)
        return 0;
    snprintf(why, cap, "%s is not valid UTF-8 (%s at byte %ld)", what,
             s[bad] ? "a bad sequence" : "a NUL byte", bad + 1);
    return 1;
}

/* The number at idx is not finite or lies outside +-2^53: say so in why. */
static int score_bad(lua_State *L, int idx, const char *name, char *why, size_t cap)
{
    if (lua_isinteger(L, idx)) {
        lua_Integer v = lua_tointeger(L, idx);
        if (v <= (lua_Integer)SN_LENS_MAX_SCORE && v >= -(lua_Integer)SN_LENS_MAX_SCORE)
            return 0;
        snprintf(why, cap, "scores.%.80s is %lld, outside +-2^53 (9007199254740992)", name,
                 (long long)v);
        return 1;
    }
    double x = lua_tonumber(L, idx);
    if (!sni_lens_score_bad(x))
        return 0;
    if (!isfinite(x))
        snprintf(why, cap, "scores.%.80s is %s; expected a finite number", name,
                 isnan(x) ? "nan" : "infinite");
    else
        snprintf(why, cap, "scores.%.80s is %g, outside +-2^53 (9007199254740992)", name, x);
    return 1;
}

/* t.key at the top is nil or a non-empty valid string: 0, or 1 with why. */
static int opt_text_bad(lua_State *L, int t, const char *key, const char *what, char *why,
                        size_t cap)
{
    int ty = raw_field(L, t, key);
    int bad = 0;
    if (ty != LUA_TNIL && !nonempty_string(L, -1)) {
        snprintf(why, cap, "%s must be a non-empty string; got %s", what,
                 ty == LUA_TSTRING ? "an empty string" : luaL_typename(L, -1));
        bad = 1;
    } else if (ty != LUA_TNIL) {
        bad = text_bad(L, -1, what, why, cap);
    }
    lua_pop(L, 1);
    return bad;
}

int sni_lens_test_key_kind(const char *key)
{
    if (strcmp(key, "method") == 0 || strcmp(key, "correction") == 0)
        return 0;
    if (strcmp(key, "p") == 0 || strcmp(key, "p_adjusted") == 0)
        return 1;
    if (strcmp(key, "draws") == 0 || strcmp(key, "missing") == 0 || strcmp(key, "tests") == 0)
        return 2;
    return 3;
}

int sni_lens_correction_ok(const char *s)
{
    return strcmp(s, "holm") == 0 || strcmp(s, "bh") == 0 || strcmp(s, "none") == 0;
}

/* The test table at t: 0, or 1 with why naming the field. */
static int test_bad(lua_State *L, int t, char *why, size_t cap)
{
    int bad = 0;
    lua_pushnil(L);
    while (!bad && lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            snprintf(why, cap, "test must be keyed by names (method, p, ...); got a %s key",
                     luaL_typename(L, -2));
            bad = 1;
        } else if (text_bad(L, -2, "a test field name", why, cap)) {
            bad = 1;
        } else {
            const char *k = lua_tostring(L, -2);
            int kind = sni_lens_test_key_kind(k);
            if (kind == 0) {
                if (!nonempty_string(L, -1)) {
                    snprintf(why, cap, "test.%s must be a non-empty string; got %s", k,
                             luaL_typename(L, -1));
                    bad = 1;
                } else if (text_bad(L, -1, "test.method", why, cap)) {
                    bad = 1;
                } else if (strcmp(k, "correction") == 0 &&
                           !sni_lens_correction_ok(lua_tostring(L, -1))) {
                    snprintf(why, cap,
                             "test.correction must be \"holm\", \"bh\" or \"none\"; got "
                             "\"%.80s\"",
                             lua_tostring(L, -1));
                    bad = 1;
                }
            } else if (lua_type(L, -1) != LUA_TNUMBER) {
                snprintf(why, cap, "test.%.80s must be a number; got %s", k, luaL_typename(L, -1));
                bad = 1;
            } else {
                double x = lua_tonumber(L, -1);
                if (!isfinite(x)) {
                    snprintf(why, cap, "test.%.80s is %s; expected a finite number", k,
                             isnan(x) ? "nan" : "infinite");
                    bad = 1;
                } else if (fabs(x) > SN_LENS_MAX_SCORE) {
                    snprintf(why, cap, "test.%.80s is %g, outside +-2^53 (9007199254740992)", k, x);
                    bad = 1;
                } else if (kind == 1 && !(x >= 0 && x <= 1)) {
                    snprintf(why, cap, "test.%.80s is %g; expected a p-value from 0 to 1", k, x);
                    bad = 1;
                } else if (kind == 2 && !(x >= 0 && x == floor(x))) {
                    snprintf(why, cap, "test.%.80s is %g; expected a whole number >= 0", k, x);
                    bad = 1;
                }
            }
        }
        lua_pop(L, 1);
    }
    return bad;
}

/* concept, source, reason, test and uses of the finding at idx: 0, or 1 with why. */
static int extras_bad(lua_State *L, int idx, char *why, size_t cap)
{
    if (opt_text_bad(L, idx, "concept", "concept", why, cap) ||
        opt_text_bad(L, idx, "source", "source", why, cap))
        return 1;
    int bad = 0;
    int t = raw_field(L, idx, "reason");
    if (t != LUA_TNIL) {
        const char *r = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        raw_field(L, idx, "label");
        char label[100];
        snprintf(label, sizeof label, "%.80s", lua_tostring(L, -1));
        int uavklart = strcmp(label, "uavklart") == 0;
        lua_pop(L, 1);
        if (!r || (strcmp(r, SN_LENS_REASON_DATA) != 0 && strcmp(r, SN_LENS_REASON_NS) != 0)) {
            snprintf(why, cap, "reason must be \"%s\" or \"%s\"; got %s%.80s%s",
                     SN_LENS_REASON_DATA, SN_LENS_REASON_NS, r ? "\"" : "",
                     r ? r : luaL_typename(L, -1), r ? "\"" : "");
            bad = 1;
        } else if (!uavklart) {
            snprintf(why, cap,
                     "reason \"%s\" goes with the label \"uavklart\" only; got the label \"%s\"", r,
                     label);
            bad = 1;
        }
    }
    lua_pop(L, 1);
    if (bad)
        return 1;
    t = raw_field(L, idx, "test");
    if (t == LUA_TTABLE) {
        bad = test_bad(L, lua_gettop(L), why, cap);
    } else if (t != LUA_TNIL) {
        snprintf(why, cap, "test must be a table {method = ..., p = ..., ...}; got %s",
                 luaL_typename(L, -1));
        bad = 1;
    }
    lua_pop(L, 1);
    if (bad)
        return 1;
    t = raw_field(L, idx, "uses");
    if (t == LUA_TTABLE) {
        int u = lua_gettop(L);
        lua_Integer n = (lua_Integer)lua_rawlen(L, u), count = 0;
        lua_pushnil(L);
        while (!bad && lua_next(L, u)) {
            count++;
            if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1 || lua_tointeger(L, -2) > n) {
                snprintf(why, cap, "uses must be a list of parameter names {\"alpha\", ...}");
                bad = 1;
            } else if (!nonempty_string(L, -1)) {
                snprintf(why, cap, "uses[%d] must be a parameter name (a string); got %s",
                         (int)lua_tointeger(L, -2), luaL_typename(L, -1));
                bad = 1;
            } else {
                bad = text_bad(L, -1, "a name in uses", why, cap);
            }
            lua_pop(L, 1);
        }
        if (!bad && count != n) {
            snprintf(why, cap, "uses must be a list of parameter names {\"alpha\", ...}");
            bad = 1;
        }
    } else if (t != LUA_TNIL) {
        snprintf(why, cap, "uses must be a list of parameter names {\"alpha\", ...}; got %s",
                 luaL_typename(L, -1));
        bad = 1;
    }
    lua_pop(L, 1);
    return bad;
}

int sni_lens_finding_check(lua_State *L, int idx, char *why, size_t cap)
{
    idx = lua_absindex(L, idx);
    if (!lua_checkstack(L, 8)) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    if (lua_type(L, idx) != LUA_TTABLE) {
        snprintf(why, cap, "a finding must be a table; got %s", luaL_typename(L, idx));
        return -1;
    }
    int top = lua_gettop(L), bad = 0;
    raw_field(L, idx, "level");
    const char *level = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    int network = strcmp(level, "network") == 0;
    if (!network && strcmp(level, "group") != 0 && strcmp(level, "actor") != 0) {
        snprintf(why, cap, "level must be \"network\", \"group\" or \"actor\"; got %s",
                 lua_type(L, -1) == LUA_TSTRING ? level : luaL_typename(L, -1));
        bad = 1;
    }
    if (!bad) {
        int t = raw_field(L, idx, "scope");
        if (!(network && t == LUA_TNIL) && !nonempty_string(L, -1)) {
            snprintf(why, cap, "scope must be %s; got %s",
                     network ? "a string or nil" : "the group name or node id (a string)",
                     luaL_typename(L, -1));
            bad = 1;
        } else {
            bad = text_bad(L, -1, "scope", why, cap);
        }
    }
    if (!bad && (raw_field(L, idx, "label"), !nonempty_string(L, -1))) {
        snprintf(why, cap,
                 "label must be a non-empty string (\"uavklart\" when unresolved); got %s",
                 luaL_typename(L, -1));
        bad = 1;
    }
    if (!bad)
        bad = text_bad(L, -1, "label", why, cap);
    if (!bad) {
        int t = raw_field(L, idx, "scores");
        if (t == LUA_TTABLE) {
            lua_pushnil(L);
            while (!bad && lua_next(L, -2)) {
                if (lua_type(L, -2) != LUA_TSTRING) {
                    snprintf(why, cap, "scores must be keyed by names; got a %s key",
                             luaL_typename(L, -2));
                    bad = 1;
                } else if (lua_type(L, -1) != LUA_TNUMBER) {
                    snprintf(why, cap, "scores.%s must be a number; got %s", lua_tostring(L, -2),
                             luaL_typename(L, -1));
                    bad = 1;
                } else if (text_bad(L, -2, "a score name", why, cap)) {
                    bad = 1;
                } else {
                    bad = score_bad(L, -1, lua_tostring(L, -2), why, cap);
                }
                lua_pop(L, 1);
            }
        } else if (t != LUA_TNIL) {
            snprintf(why, cap, "scores must be a table {name = number, ...}; got %s",
                     luaL_typename(L, -1));
            bad = 1;
        }
    }
    if (!bad) {
        int t = raw_field(L, idx, "evidence");
        if (t != LUA_TTABLE) {
            snprintf(why, cap,
                     "evidence must be a table {en = \"...\", nb = \"...\"} of sentences that "
                     "quote the numbers; got %s",
                     luaL_typename(L, -1));
            bad = 1;
        } else {
            static const char *const langs[] = {"en", "nb"};
            for (int k = 0; !bad && k < 2; k++) {
                raw_field(L, -1, langs[k]);
                if (!nonempty_string(L, -1)) {
                    snprintf(why, cap, "evidence.%s must be a sentence %s; got %s", langs[k],
                             k ? "in bokm\xc3\xa5l" : "in English", luaL_typename(L, -1));
                    bad = 1;
                } else {
                    bad = text_bad(L, -1, k ? "evidence.nb" : "evidence.en", why, cap);
                }
                lua_pop(L, 1);
            }
        }
    }
    if (!bad)
        bad = extras_bad(L, idx, why, cap);
    lua_settop(L, top);
    return bad ? -1 : 0;
}

static char *raw_string(lua_State *L, int idx, const char *key, const char *dflt)
{
    raw_field(L, idx, key);
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : dflt;
    char *copy = s ? strdup(s) : NULL;
    lua_pop(L, 1);
    return copy;
}

/* t.key copied when it is a string (NULL otherwise); sets *oom when the copy fails. */
static char *opt_copy(lua_State *L, int t, const char *key, int *oom)
{
    int is_string = raw_field(L, t, key) == LUA_TSTRING;
    lua_pop(L, 1);
    char *c = raw_string(L, t, key, NULL);
    if (is_string && !c)
        *oom = 1;
    return c;
}

static int cmp_score(const void *a, const void *b)
{
    return strcmp(((const sn_lens_score *)a)->name, ((const sn_lens_score *)b)->name);
}

int sni_lens_finding_copy(lua_State *L, int idx, sn_lens_finding *f)
{
    idx = lua_absindex(L, idx);
    memset(f, 0, sizeof *f);
    raw_field(L, idx, "level");
    const char *level = lua_tostring(L, -1);
    f->level = strcmp(level, "group") == 0   ? SN_LENS_GROUP
               : strcmp(level, "actor") == 0 ? SN_LENS_ACTOR
                                             : SN_LENS_NETWORK;
    lua_pop(L, 1);
    f->scope = raw_string(L, idx, "scope", "network");
    f->label = raw_string(L, idx, "label", NULL);
    raw_field(L, idx, "evidence");
    int ev = lua_gettop(L);
    f->evidence[0] = raw_string(L, ev, "en", NULL);
    f->evidence[1] = raw_string(L, ev, "nb", NULL);
    lua_pop(L, 1);
    if (!f->scope || !f->label || !f->evidence[0] || !f->evidence[1])
        return -1;
    if (raw_field(L, idx, "scores") == LUA_TTABLE) {
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            n++;
            lua_pop(L, 1);
        }
        f->scores = calloc(n ? n : 1, sizeof *f->scores);
        if (!f->scores) {
            lua_pop(L, 1);
            return -1;
        }
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            sn_lens_score *s = &f->scores[f->n_scores];
            s->name = strdup(lua_tostring(L, -2));
            s->is_integer = lua_isinteger(L, -1);
            s->value = lua_tonumber(L, -1);
            lua_pop(L, 1);
            if (!s->name) {
                lua_pop(L, 2);
                return -1;
            }
            f->n_scores++;
        }
        qsort(f->scores, f->n_scores, sizeof *f->scores, cmp_score);
    }
    lua_pop(L, 1);
    int oom = 0;
    f->concept = opt_copy(L, idx, "concept", &oom);
    f->source = opt_copy(L, idx, "source", &oom);
    f->reason = opt_copy(L, idx, "reason", &oom);
    if (raw_field(L, idx, "test") == LUA_TTABLE) {
        int t = lua_gettop(L);
        f->has_test = 1;
        f->test.method = opt_copy(L, t, "method", &oom);
        f->test.correction = opt_copy(L, t, "correction", &oom);
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, t)) {
            n++;
            lua_pop(L, 1);
        }
        f->test.values = calloc(n ? n : 1, sizeof *f->test.values);
        if (!f->test.values) {
            lua_pop(L, 1);
            return -1;
        }
        lua_pushnil(L);
        while (lua_next(L, t)) {
            if (lua_type(L, -1) == LUA_TNUMBER) {
                sn_lens_score *v = &f->test.values[f->test.n_values];
                v->name = strdup(lua_tostring(L, -2));
                v->is_integer =
                    lua_isinteger(L, -1) || sni_lens_test_key_kind(v->name ? v->name : "") == 2;
                v->value = lua_tonumber(L, -1);
                if (!v->name) {
                    lua_pop(L, 3);
                    return -1;
                }
                f->test.n_values++;
            }
            lua_pop(L, 1);
        }
        qsort(f->test.values, f->test.n_values, sizeof *f->test.values, cmp_score);
    }
    lua_pop(L, 1);
    if (raw_field(L, idx, "uses") == LUA_TTABLE) {
        size_t n = (size_t)lua_rawlen(L, -1);
        f->uses = calloc(n ? n : 1, sizeof *f->uses);
        if (!f->uses) {
            lua_pop(L, 1);
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            f->uses[i] = strdup(lua_tostring(L, -1));
            lua_pop(L, 1);
            if (!f->uses[i]) {
                lua_pop(L, 1);
                return -1;
            }
            f->n_uses = i + 1;
        }
    }
    lua_pop(L, 1);
    lua_settop(L, idx);
    return oom ? -1 : 0;
}

void sni_lens_test_info_free(sn_lens_test_info *t)
{
    for (size_t i = 0; i < t->n_values; i++)
        free(t->values[i].name);
    free(t->values);
    free(t->method);
    free(t->correction);
    memset(t, 0, sizeof *t);
}

void sni_lens_finding_free(sn_lens_finding *f)
{
    for (size_t i = 0; i < f->n_scores; i++)
        free(f->scores[i].name);
    free(f->scores);
    free(f->scope);
    free(f->label);
    free(f->evidence[0]);
    free(f->evidence[1]);
    free(f->concept);
    free(f->source);
    free(f->reason);
    sni_lens_test_info_free(&f->test);
    for (size_t i = 0; i < f->n_uses; i++)
        free(f->uses[i]);
    free(f->uses);
    memset(f, 0, sizeof *f);
}

/* finding{level=, scope=, label=, scores=, evidence=}: checks and returns its table. */
static int lens_finding(lua_State *L)
{
    char why[512];
    luaL_checktype(L, 1, LUA_TTABLE);
    if (sni_lens_finding_check(L, 1, why, sizeof why) != 0)
        return luaL_error(L, "finding: %s", why);
    lua_settop(L, 1);
    return 1;
}

void sni_lens_open_finding(lua_State *L, int g)
{
    lua_pushcfunction(L, lens_finding);
    lua_setfield(L, g, "finding");
}
