/*
 * host.c - loading lenses, checking their metadata and parameters, running
 * them on an analysis and keeping their findings.
 *
 * No lens code runs in this process. A lens file is read once; a child
 * process (child.c) loads it and sends back its metadata (wire.c), and
 * later another child loads it again from the same text and runs it,
 * sending back its findings. The host decodes both as untrusted input.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lens_internal.h"
#include "samnett/option.h"

/* AddressSanitizer (see run_begin). */
#if defined(__SANITIZE_ADDRESS__)
#define SN_LENS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SN_LENS_ASAN 1
#endif
#endif
#ifndef SN_LENS_ASAN
#define SN_LENS_ASAN 0
#endif

/* Integer parameters: whole numbers a double holds exactly (2^53), so a lens gets them intact. */
#define PARAM_INTEGER_MAX 9007199254740992LL

typedef struct host_run host_run;

typedef struct lens_slot {
    lens_ctx ctx;
    char *src; /* the lens file's text, read once */
    size_t src_len;
    lua_State *L; /* only in the lens's own process */
    int ref;      /* the lens table in the registry */
    size_t item;  /* index into results */
    char real[PATH_MAX];
} lens_slot;

struct sn_lens_host {
    sn_lens_opts opts;
    lens_path path;
    lens_slot **slots;
    size_t n;
    sn_lens_results results;
    host_run *run; /* started by sn_lens_host_start, until sn_lens_host_wait */
    void (*on_done)(void *ud, size_t i, const sn_lens_result *r);
    void *on_done_ud;
};

static const char *const type_names[] = {"number", "integer", "string", "boolean"};

/* ---- results ---- */

static void result_clear_findings(sn_lens_result *r)
{
    for (size_t i = 0; i < r->n_findings; i++)
        sni_lens_finding_free(&r->findings[i]);
    free(r->findings);
    r->findings = NULL;
    r->n_findings = 0;
}

static void result_free(sn_lens_result *r)
{
    free(r->name);
    free(r->file);
    free(r->error);
    free(r->skipped);
    sni_lens_meta_clear(r); /* title, description, params, concept, sources, detects */
    result_clear_findings(r);
    memset(r, 0, sizeof *r);
}

/* Replace bytes that are not valid UTF-8 (or NUL) with '?'. */
static void utf8_repair(char *s)
{
    size_t n = strlen(s);
    long bad;
    while ((bad = sni_lens_utf8_bad(s, n)) >= 0)
        s[bad] = '?';
}

/* Mark r failed; the message is kept as valid UTF-8 (a lens's error text may not be). */
static void fail_item(sn_lens_result *r, const char *why)
{
    r->failed = 1;
    free(r->error);
    r->error = strdup(why);
    if (r->error)
        utf8_repair(r->error);
}

/* ---- metadata ---- */

static int rawfield(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    return lua_rawget(L, idx);
}

/* t.key as a malloc'd copy when it is a non-empty string; NULL otherwise. */
static char *dup_field(lua_State *L, int idx, const char *key)
{
    rawfield(L, idx, key);
    char *s = lua_type(L, -1) == LUA_TSTRING && lua_rawlen(L, -1) > 0 ? strdup(lua_tostring(L, -1))
                                                                      : NULL;
    lua_pop(L, 1);
    return s;
}

static void bilingual(lua_State *L, int lens, const char *key, const char *file, char **out)
{
    if (rawfield(L, lens, key) != LUA_TTABLE)
        luaL_error(L, "%s: '%s' must be a table {en = \"...\", nb = \"...\"}; got %s", file, key,
                   luaL_typename(L, -1));
    int t = lua_gettop(L);
    static const char *const langs[] = {"en", "nb"};
    for (int k = 0; k < 2; k++) {
        free(out[k]);
        out[k] = dup_field(L, t, langs[k]);
        if (!out[k])
            luaL_error(L, "%s: '%s.%s' must be a non-empty string %s", file, key, langs[k],
                       k ? "in bokm\xc3\xa5l" : "in English");
    }
    lua_pop(L, 1);
}

static int ident_ok(const char *s)
{
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

static int cmp_param(const void *a, const void *b)
{
    return strcmp(((const sn_lens_param *)a)->name, ((const sn_lens_param *)b)->name);
}

/* Check a value against a parameter's type and bounds; why says what was expected. */
static int param_value_ok(const sn_lens_param *p, double x, const char *s, char *why, size_t cap)
{
    if (p->type == SN_PARAM_STRING) {
        if (!p->values)
            return 1;
        for (size_t i = 0; p->values[i]; i++)
            if (strcmp(p->values[i], s) == 0)
                return 1;
        size_t used = (size_t)snprintf(why, cap, "one of");
        for (size_t i = 0; p->values[i] && used + 4 < cap; i++)
            used += (size_t)snprintf(why + used, cap - used, "%s %s", i ? "," : "", p->values[i]);
        return 0;
    }
    if (p->type == SN_PARAM_BOOLEAN)
        return 1;
    const char *kind = p->type == SN_PARAM_INTEGER ? "a whole number" : "a number";
    if ((p->has_min && x < p->min) || (p->has_max && x > p->max)) {
        if (p->has_min && p->has_max)
            snprintf(why, cap, "%s from %g to %g", kind, p->min, p->max);
        else if (p->has_min)
            snprintf(why, cap, "%s >= %g", kind, p->min);
        else
            snprintf(why, cap, "%s <= %g", kind, p->max);
        return 0;
    }
    return 1;
}

static void read_param(lua_State *L, int decl, const char *file, sn_lens_param *p)
{
    const char *name = p->name;
    if (lua_type(L, decl) != LUA_TTABLE)
        luaL_error(L, "%s: params.%s must be a table {type = ..., default = ..., doc = ...}", file,
                   name);
    rawfield(L, decl, "type");
    const char *type = lua_tostring(L, -1);
    int t = -1;
    for (int i = 0; type && i < 4; i++)
        if (strcmp(type, type_names[i]) == 0)
            t = i;
    if (lua_type(L, -1) != LUA_TSTRING || t < 0)
        luaL_error(L,
                   "%s: params.%s.type must be \"number\", \"integer\", \"string\" or "
                   "\"boolean\"",
                   file, name);
    lua_pop(L, 1);
    p->type = (sn_lens_param_type)t;
    p->doc = dup_field(L, decl, "doc");
    if (!p->doc)
        luaL_error(L, "%s: params.%s.doc must say what the parameter does (a string)", file, name);
    if (rawfield(L, decl, "min") == LUA_TNUMBER) {
        p->has_min = 1;
        p->min = lua_tonumber(L, -1);
    }
    if (rawfield(L, decl, "max") == LUA_TNUMBER) {
        p->has_max = 1;
        p->max = lua_tonumber(L, -1);
    }
    lua_pop(L, 2);
    if (rawfield(L, decl, "values") == LUA_TTABLE && p->type == SN_PARAM_STRING) {
        size_t n = (size_t)lua_rawlen(L, -1);
        p->values = calloc(n + 1, sizeof *p->values);
        if (!p->values)
            luaL_error(L, "out of memory");
        for (size_t i = 0; i < n; i++) {
            if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TSTRING)
                luaL_error(L, "%s: params.%s.values must be a list of strings", file, name);
            p->values[i] = strdup(lua_tostring(L, -1));
            lua_pop(L, 1);
            if (!p->values[i])
                luaL_error(L, "out of memory");
        }
    }
    lua_pop(L, 1);
    int dt = rawfield(L, decl, "default");
    int ok = (t == SN_PARAM_NUMBER && dt == LUA_TNUMBER) ||
             (t == SN_PARAM_INTEGER && lua_isinteger(L, -1)) ||
             (t == SN_PARAM_STRING && dt == LUA_TSTRING) ||
             (t == SN_PARAM_BOOLEAN && dt == LUA_TBOOLEAN);
    if (!ok)
        luaL_error(L, "%s: params.%s.default must be of its type, %s; got %s", file, name,
                   type_names[t], luaL_typename(L, -1));
    if (t == SN_PARAM_INTEGER &&
        (lua_tointeger(L, -1) < -PARAM_INTEGER_MAX || lua_tointeger(L, -1) > PARAM_INTEGER_MAX))
        luaL_error(L, "%s: params.%s.default must be a whole number from -2^53 to 2^53", file,
                   name);
    if (t == SN_PARAM_STRING) {
        p->string = strdup(lua_tostring(L, -1));
        if (!p->string)
            luaL_error(L, "out of memory");
    } else if (t == SN_PARAM_BOOLEAN) {
        p->number = lua_toboolean(L, -1);
    } else {
        p->number = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    char why[256];
    if (!param_value_ok(p, p->number, p->string, why, sizeof why))
        luaL_error(L, "%s: params.%s.default is outside what it allows (%s)", file, name, why);
}

/* t[key] as a list of non-empty strings (malloc'd); what names it in errors. */
static char **string_list(lua_State *L, int t, const char *what, const char *file, size_t *n_out)
{
    t = lua_absindex(L, t);
    size_t n = (size_t)lua_rawlen(L, t), count = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        count++;
        lua_pop(L, 1);
    }
    if (count != n)
        luaL_error(L, "%s: %s must be a list of strings {\"...\", ...}", file, what);
    char **v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        luaL_error(L, "out of memory");
    *n_out = 0;
    for (size_t i = 0; i < n; i++) {
        if (lua_rawgeti(L, t, (lua_Integer)i + 1) != LUA_TSTRING || lua_rawlen(L, -1) == 0 ||
            sni_lens_utf8_bad(lua_tostring(L, -1), lua_rawlen(L, -1)) >= 0) {
            for (size_t k = 0; k < i; k++)
                free(v[k]);
            free(v);
            luaL_error(L, "%s: %s[%d] must be a non-empty string (valid UTF-8); got %s", file, what,
                       (int)i + 1, luaL_typename(L, -1));
        }
        v[i] = strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
        if (!v[i]) {
            for (size_t k = 0; k < i; k++)
                free(v[k]);
            free(v);
            luaL_error(L, "out of memory");
        }
    }
    *n_out = n;
    return v;
}

/* concept, sources and detects of the lens table at 1 (all optional). */
static void read_meta_extras(lua_State *L, sn_lens_result *r, const char *file)
{
    /* a concept named once (a string) is the same in both languages */
    int t = rawfield(L, 1, "concept");
    if (t == LUA_TSTRING && lua_rawlen(L, -1) > 0 &&
        sni_lens_utf8_bad(lua_tostring(L, -1), lua_rawlen(L, -1)) < 0) {
        for (int k = 0; k < 2; k++)
            if (!(r->concept[k] = strdup(lua_tostring(L, -1))))
                luaL_error(L, "out of memory");
    } else if (t != LUA_TNIL) {
        bilingual(L, 1, "concept", file, r->concept);
    }
    lua_pop(L, 1);
    t = rawfield(L, 1, "sources");
    if (t == LUA_TTABLE)
        r->sources = string_list(L, -1, "sources", file, &r->n_sources);
    else if (t != LUA_TNIL)
        luaL_error(L, "%s: sources must be a list of works {\"Author 2001\", ...}; got %s", file,
                   luaL_typename(L, -1));
    lua_pop(L, 1);
    t = rawfield(L, 1, "detects");
    if (t != LUA_TNIL && t != LUA_TTABLE)
        luaL_error(L,
                   "%s: detects must be a list {{pattern = \"silo\", level = \"group\", labels = "
                   "{\"silo\"}}, ...}; got %s",
                   file, luaL_typename(L, -1));
    if (t == LUA_TTABLE) {
        int d = lua_gettop(L);
        size_t n = (size_t)lua_rawlen(L, d);
        r->detects = calloc(n ? n : 1, sizeof *r->detects);
        if (!r->detects)
            luaL_error(L, "out of memory");
        for (size_t i = 0; i < n; i++) {
            if (lua_rawgeti(L, d, (lua_Integer)i + 1) != LUA_TTABLE)
                luaL_error(L,
                           "%s: detects[%d] must be a table {pattern = ..., level = ..., labels "
                           "= {...}}; got %s",
                           file, (int)i + 1, luaL_typename(L, -1));
            int e = lua_gettop(L);
            sn_lens_detect *x = &r->detects[i];
            r->n_detects = i + 1;
            x->pattern = dup_field(L, e, "pattern");
            if (!x->pattern || !ident_ok(x->pattern))
                luaL_error(L, "%s: detects[%d].pattern must be a pattern name such as \"silo\"",
                           file, (int)i + 1);
            rawfield(L, e, "level");
            const char *lv = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
            if (strcmp(lv, "network") == 0)
                x->level = SN_LENS_NETWORK;
            else if (strcmp(lv, "group") == 0)
                x->level = SN_LENS_GROUP;
            else if (strcmp(lv, "actor") == 0)
                x->level = SN_LENS_ACTOR;
            else
                luaL_error(L, "%s: detects[%d].level must be \"network\", \"group\" or \"actor\"",
                           file, (int)i + 1);
            lua_pop(L, 1);
            char what[64];
            snprintf(what, sizeof what, "detects[%d].labels", (int)i + 1);
            if (rawfield(L, e, "labels") != LUA_TTABLE)
                luaL_error(L, "%s: %s must be a list of labels {\"...\"}; got %s", file, what,
                           luaL_typename(L, -1));
            x->labels = string_list(L, -1, what, file, &x->n_labels);
            lua_pop(L, 2);
        }
    }
    lua_pop(L, 1);
    t = rawfield(L, 1, "cases_and_meetings");
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        luaL_error(L,
                   "%s: cases_and_meetings must be true (the lens may read cases or meetings; "
                   "the default) or false; got %s",
                   file, luaL_typename(L, -1));
    r->cases_and_meetings = t == LUA_TNIL || lua_toboolean(L, -1);
    lua_pop(L, 1);
    t = rawfield(L, 1, "single_contacts");
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        luaL_error(L,
                   "%s: single_contacts must be true (the lens reads single contacts or their "
                   "times) or false (the default); got %s",
                   file, luaL_typename(L, -1));
    r->single_contacts = t != LUA_TNIL && lua_toboolean(L, -1);
    lua_pop(L, 1);
}

/* Protected: the lens table at 1, the slot and result as light userdata at 2 and 3. */
static int read_meta(lua_State *L)
{
    lens_slot *slot = lua_touserdata(L, 2);
    sn_lens_result *r = lua_touserdata(L, 3);
    const char *file = slot->ctx.file;
    if (lua_type(L, 1) != LUA_TTABLE)
        return luaL_error(L,
                          "%s: a lens must return a table {name = ..., title = ..., description "
                          "= ..., params = ..., run = function(net, params) ... end}; it "
                          "returned %s",
                          file, luaL_typename(L, 1));
    rawfield(L, 1, "name");
    const char *name = lua_tostring(L, -1);
    if (lua_type(L, -1) != LUA_TSTRING || strcmp(name, r->name) != 0)
        return luaL_error(L, "%s: name must be \"%s\" (the file name without .lua); got %s%s%s",
                          file, r->name, lua_type(L, -1) == LUA_TSTRING ? "\"" : "",
                          lua_type(L, -1) == LUA_TSTRING ? name : luaL_typename(L, -1),
                          lua_type(L, -1) == LUA_TSTRING ? "\"" : "");
    lua_pop(L, 1);
    bilingual(L, 1, "title", file, r->title);
    bilingual(L, 1, "description", file, r->description);
    if (rawfield(L, 1, "run") != LUA_TFUNCTION)
        return luaL_error(L, "%s: run must be a function(net, params) returning findings; got %s",
                          file, luaL_typename(L, -1));
    lua_pop(L, 1);
    int pt = rawfield(L, 1, "params");
    if (pt != LUA_TNIL && pt != LUA_TTABLE)
        return luaL_error(L, "%s: params must be a table {name = {type, default, doc}}; got %s",
                          file, luaL_typename(L, -1));
    if (pt == LUA_TTABLE) {
        int params = lua_gettop(L);
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, params)) {
            n++;
            lua_pop(L, 1);
        }
        r->params = calloc(n ? n : 1, sizeof *r->params);
        if (!r->params)
            return luaL_error(L, "out of memory");
        lua_pushnil(L);
        while (lua_next(L, params)) {
            if (lua_type(L, -2) != LUA_TSTRING || !ident_ok(lua_tostring(L, -2)))
                return luaL_error(L,
                                  "%s: parameter names must be identifiers (letters, digits, "
                                  "'_'); got %s",
                                  file, luaL_typename(L, -2));
            sn_lens_param *p = &r->params[r->n_params];
            if (!(p->name = strdup(lua_tostring(L, -2))))
                return luaL_error(L, "out of memory");
            r->n_params++;
            read_param(L, lua_gettop(L), file, p);
            lua_pop(L, 1);
        }
        qsort(r->params, r->n_params, sizeof *r->params, cmp_param);
    }
    lua_pop(L, 1);
    read_meta_extras(L, r, file);
    lua_pushvalue(L, 1);
    slot->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/* ---- loading ---- */

static sn_lens_result *item(sn_lens_host *h, const lens_slot *s)
{
    return &h->results.items[s->item];
}

static void slot_close(lens_slot *s)
{
    if (s->L)
        lua_close(s->L);
    s->L = NULL;
}

/*
 * Load the lens of slot s (its file's text in s->src) into a new state and
 * read its metadata into m: 0, or -1 with why. Runs in the lens's process.
 */
static int lens_load(lens_slot *s, sn_lens_result *m, char *why, size_t cap)
{
    lens_ctx *c = &s->ctx;
    s->L = sni_lens_state_new(c, why, cap);
    if (!s->L)
        return -1;
    char chunkname[sizeof c->file + 1];
    snprintf(chunkname, sizeof chunkname, "@%s", c->file);
    int rc = luaL_loadbufferx(s->L, s->src, s->src_len, chunkname, "t");
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(s->L, -1);
        if (rc == LUA_ERRMEM)
            snprintf(why, cap, "%s: memory limit of %d MB reached (%s)", c->file,
                     (int)(c->cap >> 20), sn_opt_shown("lens_memory"));
        else
            snprintf(why, cap, "%s", msg ? msg : "cannot load");
        slot_close(s);
        return -1;
    }
    if (sni_lens_pcall(s->L, 0, 1, why, cap) != 0) {
        slot_close(s);
        return -1;
    }
    lua_pushcfunction(s->L, read_meta);
    lua_insert(s->L, -2);
    lua_pushlightuserdata(s->L, s);
    lua_pushlightuserdata(s->L, m);
    if (sni_lens_pcall(s->L, 3, 0, why, cap) != 0) {
        slot_close(s);
        return -1;
    }
    return 0;
}

typedef struct load_job {
    sn_lens_host *h;
    lens_slot **s; /* the slots to load, job i loads s[i] */
} load_job;

static int load_wanted(void *ud, size_t i)
{
    (void)ud;
    (void)i;
    return 1;
}

/* In the lens's own process: load it and encode its metadata or the error. */
static int load_run(void *ud, size_t i, char **out, size_t *len)
{
    load_job *j = ud;
    lens_slot *s = j->s[i];
    sn_lens_result *r = item(j->h, s);
    char why[1200];
    s->ctx.raw_log = 1;
    int ok = lens_load(s, r, why, sizeof why) == 0;
    slot_close(s);
    if (!ok)
        utf8_repair(why);
    int rc = sni_lens_meta_encode(ok ? r : NULL, ok ? NULL : why, out, len);
    sni_lens_meta_clear(r);
    return rc;
}

/* In the parent: the outcome of loading, checked. */
static void load_done(void *ud, size_t i, const char *data, size_t len, const char *failure,
                      double seconds)
{
    load_job *j = ud;
    sn_lens_result *r = item(j->h, j->s[i]);
    char why[1400], reason[600];
    r->seconds = seconds;
    if (failure) {
        snprintf(why, sizeof why, "%s: %s", r->file, failure);
        fail_item(r, why);
        return;
    }
    char *error = NULL;
    if (sni_lens_meta_decode(data, len, r, &error, reason, sizeof reason) != 0) {
        snprintf(why, sizeof why, "%s: returned malformed metadata: %s", r->file, reason);
        fail_item(r, why);
    } else if (error) {
        fail_item(r, error);
        free(error);
    }
}

/*
 * Load the lenses of the slots from `from` on that have their text: each in
 * a process of its own, as many at once as the lenses' runs.
 */
static void load_from(sn_lens_host *h, size_t from)
{
    lens_slot **todo = calloc(h->n > from ? h->n - from : 1, sizeof *todo);
    size_t n = 0;
    for (size_t i = from; i < h->n; i++)
        if (h->slots[i]->src && !item(h, h->slots[i])->failed) {
            if (todo)
                todo[n++] = h->slots[i];
            else
                fail_item(item(h, h->slots[i]), "out of memory");
        }
    load_job j = {h, todo};
    lens_jobs jobs = {.n = n,
                      .timeout = h->opts.timeout,
                      .memory_bytes = h->opts.memory_bytes,
                      .ud = &j,
                      .wanted = load_wanted,
                      .run = load_run,
                      .done = load_done};
    fflush(h->opts.log ? h->opts.log : stderr);
    if (n)
        sni_lens_children_run(&jobs);
    free(todo);
}

/*
 * Add one lens file in a new slot (its text read, not yet loaded: see
 * load_from); a failure to read it is recorded, not returned.
 */
static sn_status add_file(sn_lens_host *h, const char *file, sn_err *err)
{
    char real[PATH_MAX];
    if (!realpath(file, real))
        return sn_err_set(err, SN_EUSAGE, "%s: cannot open: %s", file, strerror(errno));
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->slots[i]->real, real) == 0)
            return SN_OK;
    lens_slot **slots = realloc(h->slots, (h->n + 1) * sizeof *slots);
    if (!slots)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    h->slots = slots;
    sn_lens_result *items =
        realloc(h->results.items, (h->results.n + 1) * sizeof *h->results.items);
    if (!items)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    h->results.items = items;
    lens_slot *s = calloc(1, sizeof *s);
    if (!s)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    s->ref = LUA_NOREF;
    s->item = h->results.n;
    snprintf(s->real, sizeof s->real, "%s", real);
    sn_lens_result *r = &items[h->results.n];
    memset(r, 0, sizeof *r);
    r->min_cell = h->opts.min_cell;
    h->slots[h->n++] = s;
    h->results.n++;

    lens_ctx *c = &s->ctx;
    c->cap = h->opts.memory_bytes;
    c->timeout = h->opts.timeout;
    c->log = h->opts.log;
    c->min_cell = h->opts.min_cell;
    c->path = (const char *const *)h->path.dirs;
    c->n_path = h->path.n;
    sn_lens_display_path(file, c->file, sizeof c->file);
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", file);
    snprintf(c->dir, sizeof c->dir, "%s", dirname(tmp));
    snprintf(tmp, sizeof tmp, "%s", file);
    char *base = basename(tmp);
    size_t blen = strlen(base);
    if (blen > 4 && strcmp(base + blen - 4, ".lua") == 0)
        base[blen - 4] = '\0';
    snprintf(c->name, sizeof c->name, "%s", base);
    r->name = strdup(c->name);
    r->file = strdup(c->file);
    if (!r->name || !r->file)
        return sn_err_set(err, SN_ENOMEM, "out of memory");

    char why[1200];
    s->src = sni_lens_read_file(file, &s->src_len, why, sizeof why);
    if (!s->src)
        fail_item(r, why);
    return SN_OK;
}

sn_status sn_lens_host_new(const sn_lens_opts *opts, sn_lens_host **out, sn_err *err)
{
    *out = NULL;
    sn_lens_host *h = calloc(1, sizeof *h);
    if (!h)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    h->opts = *opts;
    if (h->opts.memory_bytes == 0)
        h->opts.memory_bytes = (size_t)SN_LENS_DEFAULT_MEMORY_MB << 20;
    if (!(h->opts.timeout > 0))
        h->opts.timeout = SN_LENS_DEFAULT_TIMEOUT;
    sn_status rc = sni_lens_path_build(opts, &h->path, err);
    if (rc != SN_OK) {
        free(h);
        return rc;
    }
    *out = h;
    return SN_OK;
}

void sn_lens_host_free(sn_lens_host *h)
{
    if (!h)
        return;
    sn_lens_host_wait(h);
    for (size_t i = 0; i < h->n; i++) {
        slot_close(h->slots[i]);
        free(h->slots[i]->src);
        free(h->slots[i]);
    }
    free(h->slots);
    for (size_t i = 0; i < h->results.n; i++)
        result_free(&h->results.items[i]);
    free(h->results.items);
    sni_lens_path_free(&h->path);
    free(h);
}

sn_status sn_lens_host_add(sn_lens_host *h, const char *spec, sn_err *err)
{
    size_t from = h->n; /* the lens's own code runs in a process of its own, from loading on */
    if (strcmp(spec, "all") == 0) {
        size_t added = 0;
        for (size_t d = h->path.n_user; d < h->path.n; d++) {
            size_t n;
            char **files = sni_lens_dir_files(h->path.dirs[d], &n);
            for (size_t i = 0; i < n; i++) {
                /* a lens of the same name in an earlier bundled folder wins */
                char name[256];
                snprintf(name, sizeof name, "%s", strrchr(files[i], '/') + 1);
                name[strlen(name) - 4] = '\0';
                int shadowed = 0;
                for (size_t j = 0; j < h->results.n; j++)
                    shadowed |= strcmp(h->results.items[j].name, name) == 0;
                sn_status rc = shadowed ? SN_OK : add_file(h, files[i], err);
                if (rc != SN_OK) {
                    sni_lens_strv_free(files, n);
                    load_from(h, from);
                    return rc;
                }
                added++;
            }
            sni_lens_strv_free(files, n);
        }
        if (!added)
            return sn_err_set(err, SN_EUSAGE,
                              "%s all: no bundled lenses found; expected .lua files in the "
                              "bundled lens folder",
                              sn_opt_shown("lens"));
        load_from(h, from); /* all of them at once */
        return SN_OK;
    }
    char *file = NULL;
    sn_status rc = sni_lens_resolve(&h->path, spec, &file, err);
    if (rc != SN_OK)
        return rc;
    size_t before = h->results.n;
    rc = add_file(h, file, err);
    free(file);
    load_from(h, from);
    if (rc != SN_OK || h->results.n == before)
        return rc;
    const sn_lens_result *r = &h->results.items[h->results.n - 1];
    for (size_t i = 0; i + 1 < h->results.n; i++)
        if (strcmp(h->results.items[i].name, r->name) == 0)
            return sn_err_set(err, SN_EUSAGE, "two lenses are named '%s': %s and %s", r->name,
                              h->results.items[i].file, r->file);
    return SN_OK;
}

/* ---- parameters ---- */

static int parse_bool(const char *s, double *out)
{
    static const char *const yes[] = {"true", "yes", "1", "on", "ja", NULL};
    static const char *const no[] = {"false", "no", "0", "off", "nei", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcmp(s, yes[i]) == 0)
            return *out = 1, 0;
    for (int i = 0; no[i]; i++)
        if (strcmp(s, no[i]) == 0)
            return *out = 0, 0;
    return -1;
}

sn_status sn_lens_host_param(sn_lens_host *h, const char *a, sn_err *err)
{
    const char *dot = strchr(a, '.'), *eq = strchr(a, '=');
    if (!dot || !eq || dot > eq || dot == a || eq == dot + 1)
        return sn_err_set(err, SN_EUSAGE,
                          "bad %s '%s'; expected LENS.NAME=VALUE, such as "
                          "reciprocity.min_contacts=5",
                          sn_opt_shown("param"), a);
    size_t llen = (size_t)(dot - a), plen = (size_t)(eq - dot - 1);
    const char *value = eq + 1;
    sn_lens_result *r = NULL;
    for (size_t i = 0; i < h->results.n && !r; i++)
        if (strlen(h->results.items[i].name) == llen &&
            strncmp(h->results.items[i].name, a, llen) == 0)
            r = &h->results.items[i];
    if (!r)
        return sn_err_set(err, SN_EUSAGE,
                          "%s %s: no lens '%.*s' is selected; expected a lens given with "
                          "%s",
                          sn_opt_shown("param"), a, (int)llen, a, sn_opt_shown("lens"));
    if (r->failed)
        return sn_err_set(err, SN_EUSAGE, "%s %s: lens '%s' did not load: %s",
                          sn_opt_shown("param"), a, r->name, r->error);
    sn_lens_param *p = NULL;
    for (size_t i = 0; i < r->n_params && !p; i++)
        if (strlen(r->params[i].name) == plen && strncmp(r->params[i].name, dot + 1, plen) == 0)
            p = &r->params[i];
    if (!p) {
        char names[600] = "";
        size_t used = 0;
        for (size_t i = 0; i < r->n_params && used + 4 < sizeof names; i++)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
                                     r->params[i].name);
        return sn_err_set(err, SN_EUSAGE, "%s %s: lens '%s' has no parameter '%.*s'; %s%s",
                          sn_opt_shown("param"), a, r->name, (int)plen, dot + 1,
                          r->n_params ? "expected one of: " : "it takes no parameters", names);
    }
    char why[400] = "";
    double x = 0;
    int ok = 1, range = 0;
    long long whole;
    char *end = NULL;
    errno = 0;
    switch (p->type) {
    case SN_PARAM_NUMBER:
        x = strtod(value, &end);
        ok = *value && !*end && !errno && isfinite(x);
        snprintf(why, sizeof why, "a number");
        break;
    case SN_PARAM_INTEGER:
        whole = strtoll(value, &end, 10);
        x = (double)whole;
        ok = *value && !*end && !errno;
        snprintf(why, sizeof why, "a whole number");
        if (ok && (whole < -PARAM_INTEGER_MAX || whole > PARAM_INTEGER_MAX)) {
            ok = 0;
            range = 1;
            snprintf(why, sizeof why, "a whole number from -2^53 to 2^53");
        }
        break;
    case SN_PARAM_BOOLEAN:
        ok = parse_bool(value, &x) == 0;
        snprintf(why, sizeof why, "true or false");
        break;
    case SN_PARAM_STRING:
        break;
    }
    if (ok)
        ok = param_value_ok(p, x, value, why, sizeof why);
    else if (!range && (p->type == SN_PARAM_NUMBER || p->type == SN_PARAM_INTEGER))
        param_value_ok(p, p->has_min ? p->min - 1 : p->max + 1, value, why, sizeof why);
    if (!ok)
        return sn_err_set(err, SN_EUSAGE, "%s %s: expected %s (%s: %s)", sn_opt_shown("param"), a,
                          why, p->name, p->doc);
    if (p->type == SN_PARAM_STRING) {
        char *s = strdup(value);
        if (!s)
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        free(p->string);
        p->string = s;
    } else {
        p->number = x;
    }
    p->given = 1;
    return SN_OK;
}

/* ---- running ---- */

typedef struct run_args {
    const sn_store *store;
    const sn_analysis *an;
    const sn_analysis_opts *ao;
    lens_shared *shared;
    sn_lens_result *r;
    /*
     * In a lens's process: the analysis's case and meeting measures were
     * not done when it was forked (what an holds of them may be half
     * written), so the lens's net builds its own if the lens reads them.
     */
    int events_pending;
} run_args;

/* Protected: the lens table at 1, run_args at 2. Calls run and keeps the findings. */
static int run_call(lua_State *L)
{
    run_args *a = lua_touserdata(L, 2);
    sn_lens_result *r = a->r;
    rawfield(L, 1, "run");
    int fn = lua_gettop(L);
    lua_Debug ar;
    lua_pushvalue(L, fn);
    lua_getinfo(L, ">S", &ar);
    char where[400];
    snprintf(where, sizeof where, "%s:%d", ar.short_src, ar.linedefined);
    lua_pushvalue(L, fn);
    sni_lens_push_net(L, a->store, a->an, a->ao, a->shared);
    if (a->events_pending)
        sni_lens_net_defer_events(L, -1);
    lua_createtable(L, 0, (int)r->n_params);
    for (size_t i = 0; i < r->n_params; i++) {
        const sn_lens_param *p = &r->params[i];
        if (p->type == SN_PARAM_STRING)
            lua_pushstring(L, p->string);
        else if (p->type == SN_PARAM_BOOLEAN)
            lua_pushboolean(L, p->number != 0);
        else if (p->type == SN_PARAM_INTEGER)
            lua_pushinteger(L, (lua_Integer)p->number);
        else
            lua_pushnumber(L, p->number);
        lua_setfield(L, -2, p->name);
    }
    lua_call(L, 2, 1);
    int list = lua_gettop(L);
    if (lua_type(L, list) != LUA_TTABLE)
        return luaL_error(L, "%s: run must return a list of findings (a table); it returned %s",
                          where, luaL_typename(L, list));
    if (rawfield(L, list, "level") != LUA_TNIL)
        return luaL_error(L,
                          "%s: run returned one finding; return a list of them, as "
                          "return { finding{...} }",
                          where);
    lua_pop(L, 1);
    size_t n = (size_t)lua_rawlen(L, list);
    char why[512];
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, list, (lua_Integer)i + 1);
        if (sni_lens_finding_check(L, -1, why, sizeof why) != 0)
            return luaL_error(L, "%s: finding %d returned by run: %s", where, (int)i + 1, why);
        lua_pop(L, 1);
    }
    r->findings = calloc(n ? n : 1, sizeof *r->findings);
    if (!r->findings)
        return luaL_error(L, "out of memory");
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, list, (lua_Integer)i + 1);
        int rc = sni_lens_finding_copy(L, -1, &r->findings[i]);
        r->n_findings = i + 1;
        lua_pop(L, 1);
        if (rc != 0)
            return luaL_error(L, "out of memory");
    }
    return 0;
}

/* ---- each run in a child process ---- */

typedef struct run_jobs {
    sn_lens_host *h;
    run_args args;
    char fault[128]; /* SAMNETT_TEST_LENS_FAULT: "NAME:MODE", for the tests only */
    /* set (release) once the analysis has its case and meeting measures */
    atomic_int released;
} run_jobs;

static int job_wanted(void *ud, size_t i)
{
    run_jobs *j = ud;
    const lens_slot *s = j->h->slots[i];
    return !item(j->h, s)->failed && !item(j->h, s)->skipped && s->src;
}

/*
 * A lens that may read cases or meetings waits for them; the others start
 * at once. Asked right before the fork (see lens_jobs), so the child knows
 * from args.events_pending whether the analysis had them then.
 */
static int job_ready(void *ud, size_t i)
{
    run_jobs *j = ud;
    int released = atomic_load_explicit(&j->released, memory_order_acquire);
    j->args.events_pending = !released;
    return released || !item(j->h, j->h->slots[i])->cases_and_meetings;
}

/* A run reloads the lens first: it gets the time loading took, again. */
static double job_slack(void *ud, size_t i)
{
    run_jobs *j = ud;
    return item(j->h, j->h->slots[i])->seconds;
}

/*
 * Test-only faults of a lens's process (SAMNETT_TEST_LENS_FAULT=NAME:MODE):
 * segv (dies by SIGSEGV), garbage (sends bytes that are no findings), cut
 * (sends half its findings), exit (exits with status 3).
 */
static const char *job_fault(run_jobs *j, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(j->fault, name, n) != 0 || j->fault[n] != ':')
        return NULL;
    return j->fault + n + 1;
}

/* In the lens's own process: run it and encode the outcome. */
static int job_run(void *ud, size_t i, char **out, size_t *len)
{
    run_jobs *j = ud;
    lens_slot *s = j->h->slots[i];
    sn_lens_result *r = item(j->h, s);
    const char *fault = job_fault(j, r->name);
    if (fault && strcmp(fault, "segv") == 0) {
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
    }
    if (fault && strcmp(fault, "exit") == 0)
        _exit(3);
    if (fault && strcmp(fault, "garbage") == 0) {
        static const char junk[] = "SNLF\x01\x00garbage";
        if (!(*out = malloc(sizeof junk)))
            return -1;
        memcpy(*out, junk, sizeof junk);
        *len = sizeof junk - 1;
        return 0;
    }
    s->ctx.raw_log = 1;
    run_args args = j->args; /* events_pending as job_ready saw it before the fork */
    args.r = r;
    result_clear_findings(r);
    char why[1200];
    sn_lens_wire w = {0};
    /* the metadata read again goes to a scratch result: the run keeps r's parameters */
    sn_lens_result meta;
    memset(&meta, 0, sizeof meta);
    meta.name = r->name;
    int loaded = lens_load(s, &meta, why, sizeof why) == 0;
    sni_lens_meta_clear(&meta);
    if (loaded) {
        lua_pushcfunction(s->L, run_call);
        lua_rawgeti(s->L, LUA_REGISTRYINDEX, s->ref);
        lua_pushlightuserdata(s->L, &args);
    }
    if (!loaded || sni_lens_pcall(s->L, 2, 0, why, sizeof why) != 0) {
        result_clear_findings(r);
        utf8_repair(why);
        w.failed = 1;
        w.error = why;
    } else {
        w.findings = r->findings;
        w.n_findings = r->n_findings;
    }
    int rc = sn_lens_findings_encode(&w, out, len, NULL) == SN_OK ? 0 : -1;
    slot_close(s);
    result_clear_findings(r);
    if (rc == 0 && fault && strcmp(fault, "cut") == 0)
        *len /= 2;
    return rc;
}

const sn_lens_param *sn_lens_result_param(const sn_lens_result *r, const char *name)
{
    for (size_t i = 0; i < r->n_params; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return &r->params[i];
    return NULL;
}

/*
 * Check each finding's uses against the lens's parameters and give it the
 * lens's concept (bokmål) and only source when it names none: 0, or -1
 * with why.
 */
static int findings_complete(const sn_lens_result *r, sn_lens_wire *w, char *why, size_t cap)
{
    for (size_t i = 0; i < w->n_findings; i++) {
        sn_lens_finding *f = &w->findings[i];
        for (size_t k = 0; k < f->n_uses; k++) {
            if (sn_lens_result_param(r, f->uses[k]))
                continue;
            size_t used = (size_t)snprintf(why, cap,
                                           "finding %zu: uses names '%.80s', which is not a "
                                           "parameter of the lens; ",
                                           i + 1, f->uses[k]);
            if (used < cap)
                used += (size_t)snprintf(why + used, cap - used, "%s",
                                         r->n_params ? "expected one of:" : "it declares none");
            for (size_t p = 0; p < r->n_params && used + 4 < cap; p++)
                used += (size_t)snprintf(why + used, cap - used, "%s %s", p ? "," : "",
                                         r->params[p].name);
            return -1;
        }
        if (!f->concept && r->concept[1] && !(f->concept = strdup(r->concept[1])))
            return snprintf(why, cap, "out of memory"), -1;
        if (!f->source && r->n_sources == 1 && !(f->source = strdup(r->sources[0])))
            return snprintf(why, cap, "out of memory"), -1;
    }
    return 0;
}

/* In the parent: the outcome of one lens's process, checked. */
static void job_done(void *ud, size_t i, const char *data, size_t len, const char *failure,
                     double seconds)
{
    run_jobs *j = ud;
    sn_lens_result *r = item(j->h, j->h->slots[i]);
    char why[1400];
    r->seconds += seconds;
    result_clear_findings(r);
    if (failure) {
        snprintf(why, sizeof why, "%s: %s", r->file, failure);
        fail_item(r, why);
        return;
    }
    sn_lens_wire w;
    char reason[600];
    sn_err werr;
    if (sn_lens_findings_decode(data, len, &w, &werr) != SN_OK) {
        snprintf(why, sizeof why, "%s: returned malformed findings: %.600s", r->file, werr.msg);
        fail_item(r, why);
        return;
    }
    if (w.failed) {
        fail_item(r, w.error);
    } else if (findings_complete(r, &w, reason, sizeof reason) != 0) {
        snprintf(why, sizeof why, "%s: %s", r->file, reason);
        fail_item(r, why);
    } else {
        r->findings = w.findings;
        r->n_findings = w.n_findings;
        w.findings = NULL;
        w.n_findings = 0;
    }
    sn_lens_wire_free(&w);
}

/* job_done, then the caller's hook with the result final. */
static void job_finished(void *ud, size_t i, const char *data, size_t len, const char *failure,
                         double seconds)
{
    run_jobs *j = ud;
    job_done(ud, i, data, len, failure, seconds);
    if (j->h->on_done)
        j->h->on_done(j->h->on_done_ud, j->h->slots[i]->item, item(j->h, j->h->slots[i]));
}

void sn_lens_host_on_done(sn_lens_host *h, void (*fn)(void *ud, size_t i, const sn_lens_result *r),
                          void *ud)
{
    h->on_done = fn;
    h->on_done_ud = ud;
}

/*
 * A run of every lens: the jobs, what they share, and the thread that
 * starts the children and reads them while the caller goes on.
 */
struct host_run {
    run_jobs j;
    lens_jobs jobs;
    lens_shared *shared;
    int prepare; /* compute the shared ties first (two lenses or more) */
    pthread_t tid;
    int threaded;
    int deferred; /* not threaded, and waiting for sn_lens_host_release */
    int wake[2];  /* the runner's wake pipe, or -1 */
};

static void run_body(host_run *r)
{
    if (r->prepare) /* most lenses read the ties: computed once, not once per process */
        sni_lens_shared_prepare(r->shared, r->j.args.ao, r->j.h->opts.memory_bytes);
    sni_lens_children_run(&r->jobs);
}

static void *run_thread(void *arg)
{
    run_body(arg);
    return NULL;
}

static sn_status run_begin(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                           const sn_analysis_opts *ao, int background, sn_err *err)
{
    if (h->run)
        return sn_err_set(err, SN_EUSAGE, "the lenses are already running");
    host_run *r = calloc(1, sizeof *r);
    lens_shared *shared = r ? sni_lens_shared_new(store, an) : NULL;
    if (!shared) {
        free(r);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    r->shared = shared;
    r->j.h = h;
    r->j.args = (run_args){store, an, ao, shared, NULL, 0};
    /* a tie table (analyze --ties): the lenses that read what it lacks are skipped */
    for (size_t i = 0; store->count && i < h->n; i++) {
        sn_lens_result *l = item(h, h->slots[i]);
        if (l->failed || l->skipped || (!l->cases_and_meetings && !l->single_contacts))
            continue;
        l->skipped = strdup(l->single_contacts
                                ? "it reads single contacts or their times (single_contacts), "
                                  "which a tie table does not hold"
                                : "it may read cases or meetings (cases_and_meetings), which a "
                                  "tie table does not hold");
    }
    const char *fault = getenv("SAMNETT_TEST_LENS_FAULT");
    snprintf(r->j.fault, sizeof r->j.fault, "%s", fault ? fault : "");
    r->wake[0] = r->wake[1] = -1;
    int released = !an->events_deferred;
    atomic_init(&r->j.released, released);
    /* without the pipe, the runner looks for the release every few milliseconds */
    if (!released && background && pipe2(r->wake, O_CLOEXEC | O_NONBLOCK) != 0)
        r->wake[0] = r->wake[1] = -1;
    r->jobs = (lens_jobs){.n = h->n,
                          .timeout = h->opts.timeout,
                          .memory_bytes = h->opts.memory_bytes,
                          .ud = &r->j,
                          .wanted = job_wanted,
                          .slack = job_slack,
                          .run = job_run,
                          .done = job_finished,
                          .ready = job_ready,
                          .wake_fd = r->wake[0]};
    size_t running = 0;
    for (size_t i = 0; i < h->n; i++)
        running += job_wanted(&r->j, i) != 0;
    r->prepare = running >= 2;
    /* what the parent has buffered for the log must not be written again by a child */
    fflush(h->opts.log ? h->opts.log : stderr);
    h->run = r;
    /*
     * Without a thread (or when none can start) the lenses run here and now.
     * So too under AddressSanitizer: its allocator is not fork-safe, and a
     * child forked while the report's thread holds its lock would hang. And
     * under valgrind: in a child forked beside a thread that computes, the
     * heap blocks only that thread's stack points to count as lost.
     */
    r->threaded = background && !SN_LENS_ASAN && !sni_lens_under_valgrind() &&
                  pthread_create(&r->tid, NULL, run_thread, r) == 0;
    if (!r->threaded && released)
        run_body(r);
    else if (!r->threaded)
        r->deferred = 1; /* every lens then starts at the release, none before */
    return SN_OK;
}

sn_status sn_lens_host_run(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                           const sn_analysis_opts *ao, sn_err *err)
{
    sn_status rc = run_begin(h, store, an, ao, 0, err);
    sn_lens_host_wait(h);
    return rc;
}

sn_status sn_lens_host_start(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                             const sn_analysis_opts *ao, sn_err *err)
{
    return run_begin(h, store, an, ao, 1, err);
}

void sn_lens_host_release(sn_lens_host *h)
{
    if (!h || !h->run)
        return;
    host_run *r = h->run;
    if (atomic_exchange_explicit(&r->j.released, 1, memory_order_acq_rel))
        return;
    if (r->wake[1] >= 0) {
        ssize_t w;
        do
            w = write(r->wake[1], "", 1);
        while (w < 0 && errno == EINTR);
    }
    if (r->deferred) {
        r->deferred = 0;
        run_body(r);
    }
}

void sn_lens_host_wait(sn_lens_host *h)
{
    if (!h || !h->run)
        return;
    host_run *r = h->run;
    /* not released (the caller failed before): the lenses that wait build the measures */
    sn_lens_host_release(h);
    if (r->threaded)
        pthread_join(r->tid, NULL);
    for (int k = 0; k < 2; k++)
        if (r->wake[k] >= 0)
            close(r->wake[k]);
    sni_lens_shared_free(r->shared);
    free(r);
    h->run = NULL;
}

const sn_lens_results *sn_lens_host_results(const sn_lens_host *h)
{
    return &h->results;
}

size_t sn_lens_host_failed(const sn_lens_host *h)
{
    size_t n = 0;
    for (size_t i = 0; i < h->results.n; i++)
        n += h->results.items[i].failed != 0;
    return n;
}

/* ---- listing ---- */

sn_status sn_lens_list(const sn_lens_opts *opts, sn_lens_info **out, size_t *n_out, sn_err *err)
{
    *out = NULL;
    *n_out = 0;
    sn_lens_host *h;
    sn_status rc = sn_lens_host_new(opts, &h, err);
    if (rc != SN_OK)
        return rc;
    /* every file first, then all loaded at once */
    unsigned char *bundled = NULL;
    for (size_t d = 0; d < h->path.n && rc == SN_OK; d++) {
        size_t n;
        char **files = sni_lens_dir_files(h->path.dirs[d], &n);
        for (size_t i = 0; i < n && rc == SN_OK; i++) {
            size_t before = h->results.n;
            rc = add_file(h, files[i], err);
            if (rc != SN_OK || h->results.n == before)
                continue;
            unsigned char *b = realloc(bundled, h->results.n);
            if (!b) {
                rc = sn_err_set(err, SN_ENOMEM, "out of memory");
                break;
            }
            bundled = b;
            bundled[h->results.n - 1] = d >= h->path.n_user;
        }
        sni_lens_strv_free(files, n);
    }
    if (rc == SN_OK)
        load_from(h, 0);
    size_t cap = 0;
    for (size_t x = 0; x < h->results.n && rc == SN_OK; x++) {
        if (*n_out == cap) {
            cap = cap ? cap * 2 : 16;
            sn_lens_info *v = realloc(*out, cap * sizeof *v);
            if (!v) {
                rc = sn_err_set(err, SN_ENOMEM, "out of memory");
                break;
            }
            *out = v;
        }
        const sn_lens_result *r = &h->results.items[x];
        sn_lens_info *info = &(*out)[(*n_out)++];
        memset(info, 0, sizeof *info);
        info->name = strdup(r->name);
        info->file = strdup(r->file);
        for (int k = 0; k < 2; k++)
            info->title[k] = r->title[k] ? strdup(r->title[k]) : NULL;
        info->error = r->error ? strdup(r->error) : NULL;
        for (int k = 0; k < 2; k++)
        info->concept[k] = r->concept[k] ? strdup(r->concept[k]) : NULL;
        if (r->n_sources) {
            size_t total = 1;
            for (size_t k = 0; k < r->n_sources; k++)
                total += strlen(r->sources[k]) + 2;
            if ((info->sources = malloc(total)) != NULL) {
                info->sources[0] = '\0';
                for (size_t k = 0; k < r->n_sources; k++) {
                    if (k)
                        strcat(info->sources, "; ");
                    strcat(info->sources, r->sources[k]);
                }
            }
        }
        info->bundled = bundled[x];
    }
    free(bundled);
    sn_lens_host_free(h);
    if (rc != SN_OK) {
        sn_lens_info_free(*out, *n_out);
        *out = NULL;
        *n_out = 0;
    }
    return rc;
}

void sn_lens_info_free(sn_lens_info *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].file);
        free(v[i].title[0]);
        free(v[i].title[1]);
        free(v[i].error);
        free(v[i].concept[0]);
        free(v[i].concept[1]);
        free(v[i].sources);
    }
    free(v);
}
