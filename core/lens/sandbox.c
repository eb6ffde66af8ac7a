/*
 * sandbox.c - one sandboxed lua_State per lens: the capped allocator, the
 * clock hook, the allow-listed globals, read-only library tables, the
 * text-only load, a require confined to the lens search path, and the
 * message handler that turns any error into "file:line: message".
 */
#include <errno.h>
#include <lualib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lens_internal.h"
#include "samnett/option.h"
#include "../util/toolbox.h"

#define FROZEN_KEY "samnett.frozen"
#define LOADED_KEY "samnett.loaded"

lens_ctx *sni_lens_ctx(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

/* ---- memory ---- */

/*
 * Refuses any growth past the cap. Lua then runs an emergency collection and
 * tries again once; if that fails too, the call raises a memory error. Lua
 * assumes shrinking never fails, so a failed shrink keeps the old block.
 */
static void *lens_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lens_ctx *c = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        c->used -= old;
        return NULL;
    }
    if (nsize > old) {
        size_t grow = nsize - old;
        if (grow > c->cap || c->used + c->external + grow > c->cap) {
            c->mem_hit = 1;
            return NULL;
        }
    }
    void *p = realloc(ptr, nsize);
    if (!p) {
        if (nsize <= old)
            return ptr;
        c->mem_hit = 1;
        return NULL;
    }
    c->used = c->used - old + nsize;
    return p;
}

static const char *memory_message(lua_State *L, lens_ctx *c, const char *where)
{
    return lua_pushfstring(L, "%s: memory limit of %d MB reached (%s)", where, (int)(c->cap >> 20),
                           sn_opt_shown("lens_memory"));
}

void sni_lens_charge(lua_State *L, size_t bytes)
{
    lens_ctx *c = sni_lens_ctx(L);
    if (c->used + c->external + bytes > c->cap)
        lua_gc(L, LUA_GCCOLLECT);
    if (bytes > c->cap || c->used + c->external + bytes > c->cap) {
        c->mem_hit = 1;
        luaL_error(L, "memory limit of %d MB reached (%s)", (int)(c->cap >> 20),
                   sn_opt_shown("lens_memory"));
    }
    c->external += bytes;
}

void sni_lens_uncharge(lens_ctx *c, size_t bytes)
{
    c->external -= bytes < c->external ? bytes : c->external;
}

/* ---- time ---- */

/* Note the position cheaply (the hook runs often); last_where() formats it. */
static void where_of(lua_Debug *ar, lens_ctx *c)
{
    if (ar->currentline > 0) {
        memcpy(c->where_src, ar->short_src, sizeof c->where_src);
        c->where_line = ar->currentline;
    }
}

/* The last position the hook saw, or the lens file. */
static const char *last_where(lens_ctx *c)
{
    if (c->where_line <= 0)
        return c->file;
    c->where_src[sizeof c->where_src - 1] = '\0';
    snprintf(c->where, sizeof c->where, "%s:%d", c->where_src, c->where_line);
    return c->where;
}

/*
 * Every SN_LENS_HOOK_EVERY instructions: note the position (for memory
 * errors, which Lua raises without a message handler) and check the clock.
 *
 * Past the limit the deadline is sticky: the hook then fires on every
 * instruction of the thread, and sni_lens_pcall fails the lens whatever
 * the lens did with the error. The error is raised as Lua's own memory
 * error: Lua unwinds it to the nearest pcall without calling any message
 * handler, so no handler of the lens runs (an error raised in a hook would
 * run the handler with hooks off, unwatched). A pcall, xpcall or
 * coroutine.resume of the lens that catches it stops again at its next
 * instruction.
 */
static void lens_hook(lua_State *L, lua_Debug *ar)
{
    lens_ctx *c = sni_lens_ctx(L);
    c->instructions += c->killed ? 1 : SN_LENS_HOOK_EVERY;
    if (!c->killed && lua_getinfo(L, "Sl", ar))
        where_of(ar, c);
    if (!c->killed && sni_clock_mono() - c->start <= c->timeout)
        return;
    c->killed = 1;
    lua_sethook(L, lens_hook, LUA_MASKCOUNT, 1);
    lua_pushliteral(L, "not enough memory"); /* Lua's memory error message: no handler */
    lua_error(L);
}

static void time_message(lens_ctx *c, char *why, size_t cap)
{
    snprintf(why, cap, "%s: time limit of %g s reached (%s) after %.1f million instructions",
             last_where(c), c->timeout, sn_opt_shown("lens_timeout"),
             (double)c->instructions / 1e6);
}

/* ---- errors ---- */

/* Does msg start with "source:line:"? */
static int has_position(const char *msg)
{
    const char *colon = strchr(msg, ':');
    while (colon) {
        const char *p = colon + 1;
        if (*p >= '0' && *p <= '9') {
            while (*p >= '0' && *p <= '9')
                p++;
            if (*p == ':')
                return 1;
        }
        if (strchr(msg, '\n') && strchr(msg, '\n') < colon)
            return 0;
        colon = strchr(colon + 1, ':');
    }
    return 0;
}

/* The innermost Lua frame's "file:line", from level 1 up. */
static int lua_position(lua_State *L, char *out, size_t cap)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(out, cap, "%s:%d", ar.short_src, ar.currentline);
            return 1;
        }
    }
    return 0;
}

/*
 * The message handler: a message with a position is kept; one without gets
 * the position of the innermost Lua frame; non-string error values are
 * described by type (their __tostring is not called: it is lens code).
 */
static int lens_msgh(lua_State *L)
{
    lens_ctx *c = sni_lens_ctx(L);
    const char *msg = NULL;
    int t = lua_type(L, 1);
    if (t == LUA_TSTRING || t == LUA_TNUMBER)
        msg = lua_tostring(L, 1);
    else
        msg = lua_pushfstring(L, "error with a %s value instead of a message", lua_typename(L, t));
    char where[1100];
    int in_lua = lua_position(L, where, sizeof where);
    if (!in_lua)
        snprintf(where, sizeof where, "%s", last_where(c));
    if (c->mem_hit && strstr(msg, "not enough memory"))
        memory_message(L, c, where);
    else if (has_position(msg) ||
             (!in_lua && c->file[0] && strncmp(msg, c->file, strlen(c->file)) == 0))
        lua_pushstring(L, msg);
    else
        lua_pushfstring(L, "%s: %s", where, msg);
    return 1;
}

int sni_lens_pcall(lua_State *L, int nargs, int nres, char *why, size_t cap)
{
    lens_ctx *c = sni_lens_ctx(L);
    int fn = lua_gettop(L) - nargs;
    if (c->killed) {
        c->killed = 0;
        lua_sethook(L, lens_hook, LUA_MASKCOUNT, SN_LENS_HOOK_EVERY);
    }
    lua_pushcfunction(L, lens_msgh);
    lua_insert(L, fn);
    c->start = sni_clock_mono();
    c->mem_hit = 0;
    c->where_line = 0;
    int rc = lua_pcall(L, nargs, nres, fn);
    lua_remove(L, fn);
    if (rc == LUA_OK && !c->killed)
        return 0;
    const char *where = last_where(c);
    if (c->killed) {
        /* past the deadline, even when the lens caught the error and returned */
        time_message(c, why, cap);
        if (rc == LUA_OK)
            lua_pop(L, nres > 0 ? nres : 0);
        else
            lua_pop(L, 1);
        return -1;
    }
    if (rc == LUA_ERRMEM)
        snprintf(why, cap, "%s: memory limit of %d MB reached (%s)", where, (int)(c->cap >> 20),
                 sn_opt_shown("lens_memory"));
    else if (rc == LUA_ERRERR)
        snprintf(why, cap, "%s: error while handling an error (stack or memory exhausted)", where);
    else if (lua_type(L, -1) == LUA_TSTRING)
        snprintf(why, cap, "%s", lua_tostring(L, -1));
    else
        snprintf(why, cap, "%s: failed", where);
    lua_pop(L, 1);
    return -1;
}

/* ---- files ---- */

char *sni_lens_read_file(const char *path, size_t *len, char *why, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, cap, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t n = 0, size = 4096;
    char *buf = malloc(size);
    while (buf) {
        size_t got = fread(buf + n, 1, size - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == size) {
            if (size >= SN_LENS_MAX_FILE) {
                snprintf(why, cap, "%s: larger than %u MB; expected a Lua source file", path,
                         SN_LENS_MAX_FILE >> 20);
                free(buf);
                fclose(f);
                return NULL;
            }
            char *b = realloc(buf, size * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            size *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf) {
        snprintf(why, cap, "%s: out of memory reading it", path);
        return NULL;
    }
    if (bad) {
        snprintf(why, cap, "%s: cannot read it", path);
        free(buf);
        return NULL;
    }
    if (n > 0 && buf[0] == LUA_SIGNATURE[0]) {
        snprintf(why, cap,
                 "%s: a binary (precompiled) chunk; lenses and modules must be Lua source text",
                 path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

void sn_lens_display_path(const char *path, char *out, size_t cap)
{
    char cwd[PATH_MAX];
    size_t n;
    if (path[0] == '/' && getcwd(cwd, sizeof cwd) && (n = strlen(cwd)) > 1 &&
        strncmp(path, cwd, n) == 0 && path[n] == '/')
        snprintf(out, cap, "%s", path + n + 1);
    else
        snprintf(out, cap, "%s", path);
}

/* ---- read-only tables ---- */

static int frozen_newindex(lua_State *L)
{
    const char *what = lua_tostring(L, lua_upvalueindex(1));
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    if (what[0] == '\0') {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, lua_upvalueindex(2)) == LUA_TNIL)
            return luaL_error(L,
                              "cannot create global '%s': globals are locked in a lens; use "
                              "'local %s'",
                              key, key);
        return luaL_error(L, "cannot change global '%s': globals are read-only in a lens", key);
    }
    if (what[0] == '@')
        return luaL_error(L, "cannot set '%s': %s is protected in a lens", key, what + 1);
    return luaL_error(L, "cannot change '%s.%s': %s is read-only in a lens", what, key, what);
}

static int frozen_next(lua_State *L)
{
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1)))
        return 2;
    lua_pushnil(L);
    return 1;
}

static int frozen_pairs(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushcclosure(L, frozen_next, 1);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

void sni_lens_push_frozen(lua_State *L, int t, const char *what)
{
    t = lua_absindex(L, t);
    lua_newtable(L);
    lua_createtable(L, 0, 5);
    lua_pushvalue(L, t);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, what);
    lua_pushvalue(L, t);
    lua_pushcclosure(L, frozen_newindex, 2);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, t);
    lua_pushcclosure(L, frozen_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, FROZEN_KEY);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

static int is_frozen(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, LUA_REGISTRYINDEX, FROZEN_KEY);
    lua_pushvalue(L, idx);
    int yes = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return yes;
}

/* ---- replaced base functions ---- */

static int sb_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_frozen(L, 1))
        return luaL_error(L, "rawset: cannot change a read-only table");
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int sb_setmetatable(lua_State *L)
{
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: __gc metamethods are not available in a lens");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static int sb_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L,
                          "collectgarbage('%s') is not available in a lens; only "
                          "collectgarbage('count') is",
                          opt);
    int kb = lua_gc(L, LUA_GCCOUNT), rest = lua_gc(L, LUA_GCCOUNTB);
    lua_pushnumber(L, (lua_Number)kb + ((lua_Number)rest / 1024));
    return 1;
}

static int sb_print(lua_State *L)
{
    lens_ctx *c = sni_lens_ctx(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "lens ");
    luaL_addstring(&b, c->name[0] ? c->name : "?");
    luaL_addstring(&b, ": ");
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    sni_lens_log(c, s, len);
    return 0;
}

void sni_lens_log(lens_ctx *c, const char *s, size_t len)
{
    FILE *out = c->log ? c->log : stderr;
    int fd = c->raw_log ? fileno(out) : -1;
    if (fd >= 0) {
        /* in a lens's own process: one write, past the parent's stdio buffers */
        while (len > 0) {
            ssize_t w = write(fd, s, len);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            s += w;
            len -= (size_t)w;
        }
        return;
    }
    fwrite(s, 1, len, out);
    fflush(out);
}

/* load(chunk [, chunkname [, mode [, env]]]): text only. */
static int sb_load(lua_State *L)
{
    size_t len = 0;
    const char *s;
    int env = !lua_isnone(L, 4) ? 4 : 0;
    const char *mode = luaL_optstring(L, 3, "t");
    if (!strchr(mode, 't')) {
        luaL_pushfail(L);
        lua_pushliteral(L, "load: binary chunks are not allowed in a lens; mode must be 't'");
        return 2;
    }
    if (lua_type(L, 1) == LUA_TFUNCTION) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (;;) {
            lua_pushvalue(L, 1);
            lua_call(L, 0, 1);
            if (lua_isnil(L, -1) || (lua_type(L, -1) == LUA_TSTRING && lua_rawlen(L, -1) == 0)) {
                lua_pop(L, 1);
                break;
            }
            if (lua_type(L, -1) != LUA_TSTRING)
                return luaL_error(L, "load: the reader function must return a string");
            luaL_addvalue(&b);
        }
        luaL_pushresult(&b);
        lua_replace(L, 1);
    }
    s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, s);
    if (len > 0 && s[0] == LUA_SIGNATURE[0]) {
        luaL_pushfail(L);
        lua_pushliteral(L, "load: binary chunks are not allowed in a lens; load takes Lua text");
        return 2;
    }
    if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (env) {
        lua_pushvalue(L, env);
        if (!lua_setupvalue(L, -2, 1))
            lua_pop(L, 1);
    }
    return 1;
}

/* ---- require ---- */

static int module_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200 || name[0] == '.' || name[n - 1] == '.' || strstr(name, ".."))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-' || ch == '.'))
            return 0;
    }
    return 1;
}

/* dir/rel when it is a regular file whose real path stays inside dir. */
static int module_file(const char *dir, const char *rel, char *out, size_t cap)
{
    char path[PATH_MAX], real_dir[PATH_MAX], real[PATH_MAX];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, rel) >= sizeof path)
        return 0;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    if (!realpath(dir, real_dir) || !realpath(path, real))
        return 0;
    size_t n = strlen(real_dir);
    if (strncmp(real, real_dir, n) != 0 || real[n] != '/')
        return 0;
    snprintf(out, cap, "%s", path);
    return 1;
}

static int sb_require(lua_State *L)
{
    static const char *const libs[] = {"io",    "os",   "debug",  "package", "string",
                                       "table", "math", "utf8",   "ffi",     "coroutine",
                                       "jit",   "lfs",  "socket", NULL};
    lens_ctx *c = sni_lens_ctx(L);
    const char *name = luaL_checkstring(L, 1);
    for (int i = 0; libs[i]; i++)
        if (strcmp(name, libs[i]) == 0)
            return luaL_error(L,
                              "require '%s': not available in a lens; a lens can require only "
                              "Lua files in the lens search path (os.time, os.date and os.clock "
                              "are globals; io, debug and package do not exist)",
                              name);
    if (!module_name_ok(name))
        return luaL_error(L,
                          "require '%s': bad module name; expected a name such as 'mylib' or "
                          "'lib.shares' (letters, digits, '_' and '-', parts joined by '.'; no "
                          "'..', '/' or absolute paths)",
                          name);
    lua_getfield(L, LUA_REGISTRYINDEX, LOADED_KEY);
    int loaded = lua_gettop(L);
    int t = lua_getfield(L, loaded, name);
    if (t == LUA_TBOOLEAN && !lua_toboolean(L, -1))
        return luaL_error(L, "require '%s': the module requires itself (a loop)", name);
    if (t != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    char rel[256], path[PATH_MAX];
    snprintf(rel, sizeof rel, "%s.lua", name);
    for (char *p = rel; *p && strcmp(p, ".lua") != 0; p++)
        if (*p == '.')
            *p = '/';
    int found = c->dir[0] && module_file(c->dir, rel, path, sizeof path);
    for (size_t i = 0; !found && i < c->n_path; i++)
        found = module_file(c->path[i], rel, path, sizeof path);
    if (!found)
        return luaL_error(L,
                          "require '%s': no %s in the lens's folder or the lens search path; "
                          "modules are Lua files there",
                          name, rel);
    char why[1200], shown[PATH_MAX + 2];
    size_t len;
    char *buf = sni_lens_read_file(path, &len, why, sizeof why);
    if (!buf)
        return luaL_error(L, "require '%s': %s", name, why);
    shown[0] = '@';
    sn_lens_display_path(path, shown + 1, sizeof shown - 1);
    int rc = luaL_loadbufferx(L, buf, len, shown, "t");
    free(buf);
    if (rc != LUA_OK)
        return lua_error(L);
    lua_pushboolean(L, 0);
    lua_setfield(L, loaded, name);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, loaded, name);
    return 1;
}

/* ---- the state ---- */

/* A copy of the library at the top with only the allowed (or without the denied) keys. */
static void filtered_copy(lua_State *L, const char *const *allow, const char *const *deny)
{
    int lib = lua_gettop(L);
    lua_newtable(L);
    int copy = lua_gettop(L);
    if (allow) {
        for (int i = 0; allow[i]; i++) {
            lua_getfield(L, lib, allow[i]);
            lua_setfield(L, copy, allow[i]);
        }
    } else {
        lua_pushnil(L);
        while (lua_next(L, lib)) {
            int skip = 0;
            for (int i = 0; deny && deny[i]; i++)
                if (lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), deny[i]) == 0)
                    skip = 1;
            if (skip) {
                lua_pop(L, 1);
                continue;
            }
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, copy);
        }
    }
    lua_remove(L, lib);
}

/*
 * string.rep checks the size of its result against the memory left before
 * Lua allocates it, so a huge count fails with a position and a clear
 * message (the allocator cap stays the real limit).
 */
static int sb_rep(lua_State *L)
{
    lens_ctx *c = sni_lens_ctx(L);
    size_t l, lsep = 0;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0) {
        double need = ((double)l + (double)lsep) * (double)n;
        double left = (double)c->cap - (double)(c->used + c->external);
        if (need > left) {
            c->mem_hit = 1;
            return luaL_error(L,
                              "string.rep: the result (%d MB) would pass the memory limit of %d "
                              "MB (%s)",
                              (int)(need / 1048576.0), (int)(c->cap >> 20),
                              sn_opt_shown("lens_memory"));
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static void open_lib(lua_State *L, int g, const char *name, lua_CFunction open,
                     const char *const *allow, const char *const *deny)
{
    luaL_requiref(L, name, open, 0);
    filtered_copy(L, allow, deny);
    if (strcmp(name, LUA_STRLIBNAME) == 0) {
        lua_getfield(L, -1, "rep");
        lua_pushcclosure(L, sb_rep, 1);
        lua_setfield(L, -2, "rep");
    }
    sni_lens_push_frozen(L, -1, name);
    lua_setfield(L, g, name);
    lua_pop(L, 1);
}

/* Whether the number at idx is a count the small-cell rule hides: 0 < n < K. */
static int small_cell(lua_State *L, int idx)
{
    int k = sni_lens_ctx(L)->min_cell;
    lua_Number n = luaL_checknumber(L, idx);
    return k > 0 && n > 0 && n < (lua_Number)k;
}

/* samnett.count(n): n, or the text "<K" when the small-cell rule hides it. */
static int sb_count(lua_State *L)
{
    if (small_cell(L, 1))
        lua_pushfstring(L, "<%d", sni_lens_ctx(L)->min_cell);
    else
        lua_pushvalue(L, 1);
    return 1;
}

/* samnett.suppressed(n): true when the small-cell rule hides the count n. */
static int sb_suppressed(lua_State *L)
{
    lua_pushboolean(L, small_cell(L, 1));
    return 1;
}

/* The read-only table samnett: min_cell (K, 0 when off), count and suppressed. */
static void open_samnett(lua_State *L, int g)
{
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, sni_lens_ctx(L)->min_cell);
    lua_setfield(L, -2, "min_cell");
    lua_pushcfunction(L, sb_count);
    lua_setfield(L, -2, "count");
    lua_pushcfunction(L, sb_suppressed);
    lua_setfield(L, -2, "suppressed");
    sni_lens_push_frozen(L, -1, "samnett");
    lua_setfield(L, g, "samnett");
    lua_pop(L, 1);
}

static int sandbox_open(lua_State *L)
{
    static const char *const base_ok[] = {
        "assert", "error",  "getmetatable", "ipairs",   "next",     "pairs", "pcall",  "rawequal",
        "rawget", "rawlen", "select",       "tonumber", "tostring", "type",  "xpcall", NULL};
    static const char *const string_deny[] = {"dump", NULL};
    static const char *const os_allow[] = {"time", "date", "clock", NULL};
    static const luaL_Reg replaced[] = {{"print", sb_print},
                                        {"load", sb_load},
                                        {"collectgarbage", sb_collectgarbage},
                                        {"rawset", sb_rawset},
                                        {"setmetatable", sb_setmetatable},
                                        {"require", sb_require},
                                        {NULL, NULL}};

    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, FROZEN_KEY);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LOADED_KEY);

    luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
    int base = lua_gettop(L);
    lua_newtable(L);
    int g = lua_gettop(L);
    for (int i = 0; base_ok[i]; i++) {
        lua_getfield(L, base, base_ok[i]);
        lua_setfield(L, g, base_ok[i]);
    }
    lua_pushliteral(L, LUA_VERSION);
    lua_setfield(L, g, "_VERSION");
    luaL_setfuncs(L, replaced, 0);

    open_lib(L, g, LUA_STRLIBNAME, luaopen_string, NULL, string_deny);
    open_lib(L, g, LUA_TABLIBNAME, luaopen_table, NULL, NULL);
    open_lib(L, g, LUA_MATHLIBNAME, luaopen_math, NULL, NULL);
    open_lib(L, g, LUA_UTF8LIBNAME, luaopen_utf8, NULL, NULL);
    open_lib(L, g, LUA_COLIBNAME, luaopen_coroutine, NULL, NULL);
    open_lib(L, g, LUA_OSLIBNAME, luaopen_os, os_allow, NULL);
    sni_lens_open_stats(L, g);
    sni_lens_open_finding(L, g);
    open_samnett(L, g);

    /* Strings index the read-only string proxy; their metatable is protected. */
    lua_pushliteral(L, "");
    lua_createtable(L, 0, 2);
    lua_getfield(L, g, LUA_STRLIBNAME);
    lua_setfield(L, -2, "__index");
    lua_newtable(L);
    sni_lens_push_frozen(L, -1, "@the metatable of strings");
    lua_setfield(L, -3, "__metatable");
    lua_pop(L, 1);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);

    /* _G is a read-only proxy of g; it becomes the globals of every chunk loaded from now on. */
    sni_lens_push_frozen(L, g, "");
    lua_pushvalue(L, -1);
    lua_setfield(L, g, LUA_GNAME);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_settop(L, 0);
    return 0;
}

lua_State *sni_lens_state_new(lens_ctx *c, char *why, size_t cap)
{
    c->used = 0;
    c->killed = 0;
    c->instructions = 0;
    lua_State *L = lua_newstate(lens_alloc, c);
    if (!L) {
        snprintf(why, cap, "%s: cannot create a Lua state (memory limit %d MB)", c->file,
                 (int)(c->cap >> 20));
        return NULL;
    }
    lua_sethook(L, lens_hook, LUA_MASKCOUNT, SN_LENS_HOOK_EVERY);
    lua_pushcfunction(L, sandbox_open);
    if (sni_lens_pcall(L, 0, 0, why, cap) != 0) {
        lua_close(L);
        return NULL;
    }
    return L;
}

/* ---- a sandbox for other Lua files of a lens author (samnett/lens.h) ---- */

struct sn_lens_sandbox {
    lens_ctx ctx;
    lua_State *L;
};

sn_status sn_lens_sandbox_new(const sn_lens_opts *opts, const char *file, const char *name,
                              sn_lens_sandbox **out, sn_err *err)
{
    *out = NULL;
    sn_lens_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    lens_ctx *c = &sb->ctx;
    c->cap = opts->memory_bytes ? opts->memory_bytes : (size_t)SN_LENS_DEFAULT_MEMORY_MB << 20;
    c->timeout = opts->timeout > 0 ? opts->timeout : SN_LENS_DEFAULT_TIMEOUT;
    c->log = opts->log;
    c->min_cell = opts->min_cell;
    sn_lens_display_path(file, c->file, sizeof c->file);
    snprintf(c->name, sizeof c->name, "%s", name);
    char why[1500];
    size_t len;
    char *buf = sni_lens_read_file(file, &len, why, sizeof why);
    if (!buf) {
        free(sb);
        return sn_err_set(err, SN_EIO, "%s", why);
    }
    sb->L = sni_lens_state_new(c, why, sizeof why);
    if (!sb->L) {
        free(buf);
        free(sb);
        return sn_err_set(err, SN_EANALYSIS, "%s", why);
    }
    char chunk[sizeof c->file + 1];
    snprintf(chunk, sizeof chunk, "@%s", c->file);
    int lrc = luaL_loadbufferx(sb->L, buf, len, chunk, "t");
    free(buf);
    if (lrc != LUA_OK) {
        sn_err_set(err, SN_EANALYSIS, "%s",
                   lua_tostring(sb->L, -1) ? lua_tostring(sb->L, -1) : "?");
        sn_lens_sandbox_free(sb);
        return SN_EANALYSIS;
    }
    if (sni_lens_pcall(sb->L, 0, 1, why, sizeof why) != 0) {
        sn_lens_sandbox_free(sb);
        return sn_err_set(err, SN_EANALYSIS, "%s", why);
    }
    *out = sb;
    return SN_OK;
}

void sn_lens_sandbox_free(sn_lens_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    free(sb);
}

struct lua_State *sn_lens_sandbox_state(const sn_lens_sandbox *sb)
{
    return sb->L;
}

const char *sn_lens_sandbox_file(const sn_lens_sandbox *sb)
{
    return sb->ctx.file;
}

sn_status sn_lens_sandbox_pcall(sn_lens_sandbox *sb, int nargs, int nres, sn_err *err)
{
    char why[sizeof err->msg];
    if (sni_lens_pcall(sb->L, nargs, nres, why, sizeof why) == 0)
        return SN_OK;
    return sn_err_set(err, SN_EANALYSIS, "%s", why);
}

int64_t sn_lens_sandbox_time(struct lua_State *L, int idx, const char *what, int is_until)
{
    return sni_lens_check_time(L, idx, what, is_until);
}
