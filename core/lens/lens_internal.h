/*
 * lens_internal.h - what the parts of the lens host share: the per-lens
 * context (memory cap, clock, last known position), the sandbox, the net
 * object, the statistics helpers and finding validation.
 *
 * Ownership rule for C functions called from Lua: any C memory is attached
 * to a userdata (freed by its __gc) before the next Lua API call that could
 * raise an error, so an error never leaks.
 */
#ifndef SAMNETT_LENS_INTERNAL_H
#define SAMNETT_LENS_INTERNAL_H

#include <lauxlib.h>
#include <lua.h>

#include "samnett/lens.h"

#define SN_LENS_HOOK_EVERY 1000     /* instructions between clock checks */
#define SN_LENS_MAX_FILE (8u << 20) /* longest lens or module file read */

typedef struct lens_ctx {
    size_t used;     /* bytes held by the Lua state */
    size_t external; /* C memory charged to the lens (subnets, tie details) */
    size_t cap;
    int mem_hit; /* an allocation was refused */
    double start, timeout;
    int killed; /* past its time: every Lua instruction now raises */
    unsigned long long instructions;
    char where[320]; /* "file:line" last seen by the hook (formatted on use) */
    char where_src[LUA_IDSIZE];
    int where_line;          /* 0 = none seen */
    char name[96];           /* the lens name, for print() */
    char file[1024];         /* the lens file as shown in messages */
    char dir[1024];          /* its folder, searched first by require */
    const char *const *path; /* the lens search path, for require */
    size_t n_path;
    FILE *log;
    int raw_log;  /* print() writes to log's descriptor, not through stdio */
    int min_cell; /* K of the small-cell rule for samnett.count; 0 = off */
} lens_ctx;

/*
 * Run jobs 0..n-1 each in a child process of its own, up to sni_threads()
 * at once, and hand each outcome back in the parent. In the child, run()
 * returns the bytes to send (malloc'd) or -1; the child then writes them
 * to its pipe and leaves with _exit (no atexit handlers, no stdio flush).
 * In the parent, done() gets the bytes when the child exited with 0, or
 * failure ("killed after 1.2 s: time limit of 1 s reached", "crashed:
 * signal 11 (Segmentation fault)", ...) with the bytes read so far.
 */
typedef struct lens_jobs {
    size_t n;
    double timeout;      /* a child is killed this long after it started... */
    size_t memory_bytes; /* ...and its address space is capped near this much more */
    void *ud;
    int (*wanted)(void *ud, size_t i);
    double (*slack)(void *ud, size_t i); /* extra seconds for job i, or NULL */
    int (*run)(void *ud, size_t i, char **out, size_t *len);
    void (*done)(void *ud, size_t i, const char *data, size_t len, const char *failure,
                 double seconds);
    /*
     * May job i start now? NULL: every job may. Asked in the runner's thread
     * right before it would fork job i, which starts at once on 1 (so what
     * ready() saw is what the child sees). A job held back is asked again
     * when wake_fd turns readable (the runner reads it empty) or another job
     * ends; while jobs are held and none runs, the runner sleeps on wake_fd.
     */
    int (*ready)(void *ud, size_t i);
    int wake_fd; /* read end of a non-blocking pipe; used only with ready */
} lens_jobs;

void sni_lens_children_run(const lens_jobs *jobs);

/* Whether this process runs under valgrind (its preload library is in LD_PRELOAD). */
int sni_lens_under_valgrind(void);

/* The context of the state L belongs to (the allocator's user data). */
lens_ctx *sni_lens_ctx(lua_State *L);

/* A new sandboxed state for ctx; NULL with a message in why. */
lua_State *sni_lens_state_new(lens_ctx *ctx, char *why, size_t cap);

/*
 * Call the function below nargs arguments on the stack with the lens
 * message handler, with the clock started. Returns 0, or -1 with the error
 * as "file:line: message" in why. The function and arguments are popped;
 * on success nres results are left.
 */
int sni_lens_pcall(lua_State *L, int nargs, int nres, char *why, size_t cap);

/* Write a line (with its newline) to the lens's log, as print() does. */
void sni_lens_log(lens_ctx *c, const char *s, size_t len);

/* Charge C memory to the lens (raises the memory error over the cap). */
void sni_lens_charge(lua_State *L, size_t bytes);
void sni_lens_uncharge(lens_ctx *ctx, size_t bytes);

/* Read a Lua text file into a malloc'd buffer; NULL with a message in why. */
char *sni_lens_read_file(const char *path, size_t *len, char *why, size_t cap);

/*
 * What the lenses of one run share (the analysis' tie details, the store's
 * time order), so that each is computed once; freed after the last lens.
 */
typedef struct lens_shared lens_shared;
lens_shared *sni_lens_shared_new(const sn_store *store, const sn_analysis *an);
void sni_lens_shared_free(lens_shared *s);
/*
 * Compute the tie details of the run's analysis into s now (within a memory
 * cap of memory_bytes), so that lens processes forked after inherit them
 * instead of each computing its own. No lens code runs.
 */
void sni_lens_shared_prepare(lens_shared *s, const sn_analysis_opts *ao, size_t memory_bytes);

/* Push the net object over an analysis that outlives the lens state (and shared). */
void sni_lens_push_net(lua_State *L, const sn_store *store, const sn_analysis *an,
                       const sn_analysis_opts *ao, lens_shared *shared);
/*
 * The net at idx was pushed while the analysis's case and meeting measures
 * were still being built (in another thread, before this process was
 * forked): it ignores what the analysis holds of them and builds its own
 * when the lens reads them, with a note in the log.
 */
void sni_lens_net_defer_events(lua_State *L, int idx);

/* Register the stats table (frozen) and finding() into the globals table at g. */
void sni_lens_open_stats(lua_State *L, int g);
void sni_lens_open_finding(lua_State *L, int g);

/* Push a read-only proxy of the table at t; what names it in error messages. */
void sni_lens_push_frozen(lua_State *L, int t, const char *what);

/*
 * Validate the finding at idx with raw access only (no metamethods, no
 * allocation): 0, or -1 with a reason in why.
 */
int sni_lens_finding_check(lua_State *L, int idx, char *why, size_t cap);
/* Copy a checked finding into f (malloc'd); -1 when out of memory. */
int sni_lens_finding_copy(lua_State *L, int idx, sn_lens_finding *f);
void sni_lens_finding_free(sn_lens_finding *f);
void sni_lens_test_info_free(sn_lens_test_info *t);
/*
 * What a test field holds, by name: 0 a string (method, correction), 1 a
 * p-value in [0, 1] (p, p_adjusted), 2 a whole number >= 0 (draws, missing,
 * tests), 3 any finite number within +-2^53.
 */
int sni_lens_test_key_kind(const char *key);
/* "holm", "bh" or "none" */
int sni_lens_correction_ok(const char *s);

/* The offset of the first byte of s[0..n) that is not valid UTF-8 or is NUL; -1 when none. */
long sni_lens_utf8_bad(const char *s, size_t n);
/* A score value that is not finite or lies outside +-2^53. */
int sni_lens_score_bad(double value);

/*
 * A lens's metadata (title, description, parameters) as bytes, from the
 * process that loaded it: r, or the error when r is NULL. The decoder
 * fills m's title, description and params (or sets *error, malloc'd) and
 * treats the bytes as untrusted; -1 with why when they are malformed.
 */
int sni_lens_meta_encode(const sn_lens_result *r, const char *error, char **out, size_t *len);
int sni_lens_meta_decode(const void *data, size_t len, sn_lens_result *m, char **error, char *why,
                         size_t cap);
/* Free m's title, description and params (not its name, file or findings). */
void sni_lens_meta_clear(sn_lens_result *m);

/* Parse a time given as epoch seconds or an ISO 8601 string at idx. */
int64_t sni_lens_check_time(lua_State *L, int idx, const char *what, int is_until);

/* The search path as a list: opts->path, SAMNETT_LENS_PATH, the bundled folders. */
typedef struct lens_path {
    char **dirs;
    size_t n;
    size_t n_user; /* the first n_user are not bundled */
} lens_path;

sn_status sni_lens_path_build(const sn_lens_opts *o, lens_path *p, sn_err *err);
void sni_lens_path_free(lens_path *p);
/* Resolve NAME or FILE to a lens file (malloc'd); SN_EUSAGE when not found. */
sn_status sni_lens_resolve(const lens_path *p, const char *spec, char **file, sn_err *err);
/* The lens files (*.lua, not *_test.lua) of a folder, sorted; malloc'd. */
char **sni_lens_dir_files(const char *dir, size_t *n);
void sni_lens_strv_free(char **v, size_t n);

#endif
