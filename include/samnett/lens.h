/*
 * samnett/lens.h - the lens host: Lua 5.4 scripts that read a measured
 * network and label it (plugins/README.md).
 *
 * Each lens runs in its own lua_State, built from an allow-list:
 *   - base functions without dofile/loadfile; load takes text only;
 *     collectgarbage answers "count" only; setmetatable refuses __gc;
 *     print writes to the log (stderr) with the lens name in front;
 *   - string (without string.dump), table, math, utf8, coroutine;
 *     os.time, os.date and os.clock only; no io, no debug, no package;
 *   - require loads Lua text files from the lens's own folder and the lens
 *     search path only (no C modules, no '..', no absolute names);
 *   - the samnett API: stats, finding (and net, passed to run).
 * Library tables and _G are read-only proxies, and the string metatable is
 * protected. A custom allocator caps the state's memory (plus the C memory
 * the lens asks for through net:subnet and tie details); a count hook
 * checks the wall clock every 1,000 instructions and stops a lens that
 * runs past its time limit.
 *
 * Each lens's run happens in a child process of its own, forked once the
 * analysis is built (it reads the engine's data without a copy): a wall-clock
 * kill shortly after the time limit, RLIMIT_CPU and RLIMIT_AS, and the
 * findings sent back over a pipe in a checked format (sn_lens_findings_decode).
 * Up to the worker-thread count (SAMNETT_THREADS, else the online processors)
 * children run at once; results keep the order of the lenses. A child that
 * is killed, crashes, exits with a failure or sends malformed findings fails
 * its lens with the reason.
 *
 * A lens that fails (load, metadata, run, or invalid findings) is recorded
 * with its name, file and a "file:line: message" error; the other lenses
 * still run.
 */
#ifndef SAMNETT_LENS_H
#define SAMNETT_LENS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "samnett/analysis.h"
#include "samnett/error.h"
#include "samnett/store.h"

#define SN_LENS_DEFAULT_MEMORY_MB 256
#define SN_LENS_DEFAULT_TIMEOUT 60.0

typedef struct sn_lens_opts {
    size_t memory_bytes;     /* cap on each lens's memory (default 256 MB) */
    double timeout;          /* wall-clock seconds for loading, and again for running */
    const char *const *path; /* lens folders searched by name, before the bundled ones */
    size_t n_path;
    int no_bundled; /* do not search the bundled folders (tests) */
    FILE *log;      /* where print() from a lens goes; NULL = stderr */
    /*
     * K of the small-cell rule (samnett/privacy.h), 0 = off: lenses see it as
     * samnett.min_cell and format counts with samnett.count; the writers
     * suppress integer scores from 1 to K-1 and such integers in evidence.
     */
    int min_cell;
} sn_lens_opts;

void sn_lens_opts_init(sn_lens_opts *o);
/*
 * The lens host's options (samnett/option.h): lens_memory (megabytes),
 * lens_timeout (seconds), and lens, lens_path and param, which are
 * repeatable: their setters only check a value (a lens folder with no '..',
 * a lens name that is not empty), and the caller keeps the list and hands it
 * over (sn_lens_opts.path, sn_lens_host_add, sn_lens_host_param). Messages
 * name the key.
 */
extern const sn_opt sn_lens_options[];
extern const size_t sn_lens_n_options;
sn_status sn_lens_opts_set(sn_lens_opts *o, const char *key, const char *value, sn_err *err);

/*
 * Check a lens folder given by a user (--lens-path, SAMNETT_LENS_PATH): it
 * must not contain a '..' component. SN_EUSAGE with a message otherwise.
 */
sn_status sn_lens_path_check(const char *dir, sn_err *err);

/*
 * The bundled lens folders that exist, in search order: the source tree's
 * plugins/lenses (a compile definition) and the installed data folder.
 * Returns how many were written to out (at most cap).
 */
size_t sn_lens_bundled_dirs(const char **out, size_t cap);

/* One score of a finding. */
typedef struct sn_lens_score {
    char *name;
    double value;
    int is_integer;
} sn_lens_score;

typedef enum sn_lens_level { SN_LENS_NETWORK, SN_LENS_GROUP, SN_LENS_ACTOR } sn_lens_level;

/* "network", "group", "actor" */
const char *sn_lens_level_name(sn_lens_level level);

/*
 * The test behind a finding's label (finding{test = {...}}): the method
 * ("binomial", "permutation", "rewiring", "time-shuffle", "fisher",
 * "change-point", ...), the correction for many findings ("holm", "bh",
 * "none"), and its numbers (p and p_adjusted in [0, 1]; draws, missing and
 * tests whole numbers >= 0; effect, null_mean, null_sd and any other number
 * finite within +-2^53), sorted by name.
 */
typedef struct sn_lens_test {
    char *method;     /* NULL when not given */
    char *correction; /* NULL when not given */
    sn_lens_score *values;
    size_t n_values;
} sn_lens_test_info;

/* The reasons an "uavklart" finding may give. */
#define SN_LENS_REASON_DATA "for lite data"
#define SN_LENS_REASON_NS "ikke signifikant"

typedef struct sn_lens_finding {
    sn_lens_level level;
    char *scope;           /* "network", a group name, or a node id */
    char *label;           /* the lens's label; "uavklart" when unresolved */
    sn_lens_score *scores; /* sorted by name */
    size_t n_scores;
    char *evidence[2]; /* English, bokmål */
    char *concept;     /* the concept behind the label (default: the lens's, in bokmål) */
    char *source;      /* author and year of the concept (default: the lens's only source) */
    char *reason;      /* with label "uavklart": SN_LENS_REASON_DATA or SN_LENS_REASON_NS */
    int has_test;
    sn_lens_test_info test;
    char **uses; /* the lens parameters behind the label (each one the lens declares) */
    size_t n_uses;
} sn_lens_finding;

/*
 * Scores are numbers a JSON reader can hold exactly: finite, within +-2^53.
 * Strings in a finding are valid UTF-8 without NUL bytes.
 */
#define SN_LENS_MAX_SCORE 9007199254740992.0

/* One lens run's outcome as it crosses from the lens's process to the host. */
typedef struct sn_lens_wire {
    int failed;
    char *error; /* when failed */
    sn_lens_finding *findings;
    size_t n_findings;
} sn_lens_wire;

/* The bytes of w (malloc'd) in the findings format; SN_ENOMEM when out of memory. */
sn_status sn_lens_findings_encode(const sn_lens_wire *w, char **out, size_t *len, sn_err *err);

/*
 * Decode len bytes of untrusted input into w: SN_OK, or SN_EINPUT with w
 * empty and a reason in err naming the part (e.g. "finding 2: scores.x is
 * inf; expected a finite number"). Never allocates much more than len bytes.
 */
sn_status sn_lens_findings_decode(const void *data, size_t len, sn_lens_wire *w, sn_err *err);
void sn_lens_wire_free(sn_lens_wire *w);

typedef enum sn_lens_param_type {
    SN_PARAM_NUMBER,
    SN_PARAM_INTEGER,
    SN_PARAM_STRING,
    SN_PARAM_BOOLEAN
} sn_lens_param_type;

/* A declared parameter and its value for this run. */
typedef struct sn_lens_param {
    char *name;
    sn_lens_param_type type;
    char *doc;
    double number; /* number, integer (whole), boolean (0/1) */
    char *string;  /* string */
    int given;     /* set by --param */
    int has_min, has_max;
    double min, max;
    char **values; /* allowed strings (NULL-terminated), or NULL */
} sn_lens_param;

/* A synth pattern a lens is meant to find: at this level, with these labels. */
typedef struct sn_lens_detect {
    char *pattern; /* "silo", "bridge", ... (samnett synth --plant) */
    sn_lens_level level;
    char **labels;
    size_t n_labels;
} sn_lens_detect;

typedef struct sn_lens_result {
    char *name;
    char *file;
    char *title[2];       /* English, bokmål */
    char *description[2]; /* English, bokmål */
    char *concept[2];     /* English, bokmål; NULL when the lens names none */
    char **sources;       /* author and year of the works behind the lens */
    size_t n_sources;
    sn_lens_detect *detects;
    size_t n_detects;
    /*
     * 1 (the default): the lens may read the case and meeting measures, so
     * its run starts once the analysis has them. 0: it declared
     * cases_and_meetings = false and starts while they are still built.
     */
    int cases_and_meetings;
    /*
     * 1: it declared single_contacts = true: it reads single contacts or their
     * times (net:events, net:temporal's daily counts, net:null_time), which a
     * tie table (analyze --ties) does not hold. Default 0.
     */
    int single_contacts;
    /*
     * Why the lens was not run (a tie table cannot give what it reads), or
     * NULL when it ran. A skipped lens is no failure.
     */
    char *skipped;
    int failed;
    char *error; /* "file:line: message" when failed */
    sn_lens_param *params;
    size_t n_params;
    sn_lens_finding *findings;
    size_t n_findings;
    double seconds; /* loading and running */
    int min_cell;   /* sn_lens_opts.min_cell of the run (0 = off) */
} sn_lens_result;

typedef struct sn_lens_results {
    sn_lens_result *items;
    size_t n;
} sn_lens_results;

typedef struct sn_lens_host sn_lens_host;

sn_status sn_lens_host_new(const sn_lens_opts *opts, sn_lens_host **out, sn_err *err);
void sn_lens_host_free(sn_lens_host *h);

/*
 * Add lenses: a NAME (searched in opts->path, SAMNETT_LENS_PATH, then the
 * bundled folders), a FILE (has a '/' or ends in .lua), or "all" (every
 * bundled lens). SN_EUSAGE when nothing is found or two different files
 * have the same lens name. A lens that fails to load is added as failed.
 */
sn_status sn_lens_host_add(sn_lens_host *h, const char *spec, sn_err *err);

/*
 * Set a parameter from "lens.name=value", typed by the lens's declaration.
 * SN_EUSAGE (saying what was expected) for an unknown lens or parameter or
 * a bad value.
 */
sn_status sn_lens_host_param(sn_lens_host *h, const char *assignment, sn_err *err);

/*
 * Run every loaded lens on the analysis (which must stay alive meanwhile).
 * Returns SN_OK even when lenses fail; see sn_lens_host_failed().
 */
sn_status sn_lens_host_run(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                           const sn_analysis_opts *ao, sn_err *err);

/*
 * The same run, in the background: a thread starts the lenses' processes
 * and reads their findings while the caller goes on (writing the parts of
 * the report that come before the findings). Until sn_lens_host_wait()
 * returns, the store and the analysis must stay alive and unchanged, and
 * the results must not be read. sn_lens_host_free() waits too.
 */
sn_status sn_lens_host_start(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                             const sn_analysis_opts *ao, sn_err *err);
/*
 * The analysis may be started with its case and meeting measures deferred
 * (sn_analysis_opts.defer_events): then only the lenses that declare
 * cases_and_meetings = false start at once. The caller computes the
 * measures (sn_analysis_events) while they run and then calls
 * sn_lens_host_release(), which starts the others; it must not touch the
 * analysis otherwise. sn_lens_host_wait() releases them too (a lens that
 * reads the measures before they were done builds its own).
 */
void sn_lens_host_release(sn_lens_host *h);
void sn_lens_host_wait(sn_lens_host *h);

/*
 * Have fn(ud, i, result) called as each lens that runs has finished, its
 * result i (of sn_lens_host_results) final: on the run's own thread under
 * sn_lens_host_start, so fn may read only that result.
 */
void sn_lens_host_on_done(sn_lens_host *h, void (*fn)(void *ud, size_t i, const sn_lens_result *r),
                          void *ud);

const sn_lens_results *sn_lens_host_results(const sn_lens_host *h);
/*
 * A parameter a finding uses (a name in its `uses`): the lens's declared
 * parameter, or NULL when the lens declares none of that name (the host
 * fails such a lens). Its origin is "param" when p->given, else "default".
 */
const sn_lens_param *sn_lens_result_param(const sn_lens_result *r, const char *name);

/* Lenses that failed (to load or to run). */
size_t sn_lens_host_failed(const sn_lens_host *h);

/* Lenses found in the search path, for `samnett lens list`. */
typedef struct sn_lens_info {
    char *name, *file;
    char *title[2];
    char *concept[2]; /* NULL when the lens names none */
    char *sources;    /* "A 2001; B 2019", or NULL */
    char *error;      /* when the file does not load as a lens */
    int bundled;
} sn_lens_info;

sn_status sn_lens_list(const sn_lens_opts *opts, sn_lens_info **out, size_t *n, sn_err *err);
void sn_lens_info_free(sn_lens_info *v, size_t n);

/* A path as shown in messages: relative to the working folder when inside it. */
void sn_lens_display_path(const char *path, char *out, size_t cap);

/* Is s a lens name: a-z first, then a-z, 0-9, '_' or '-'? */
int sn_lens_name_ok(const char *s);

/*
 * The lens file for a NAME or FILE, searched as sn_lens_host_add() does
 * (opts->path, SAMNETT_LENS_PATH, the bundled folders): malloc'd in *file,
 * or SN_EUSAGE when there is none.
 */
sn_status sn_lens_find(const sn_lens_opts *opts, const char *spec, char **file, sn_err *err);

/*
 * A sandbox for other Lua files of a lens author (the lens test runner's
 * cases): a state built as a lens's is (the allow-list above, opts' memory
 * cap and time limit, print() to opts->log with `name` in front). The
 * caller uses the Lua C API on sn_lens_sandbox_state().
 */
struct lua_State;
typedef struct sn_lens_sandbox sn_lens_sandbox;

/*
 * Read the Lua text file `file` and run it in a new sandbox, its one result
 * left on the stack. SN_EIO when it cannot be read; SN_EANALYSIS with the
 * message ("file:line: message") when it does not load or fails.
 */
sn_status sn_lens_sandbox_new(const sn_lens_opts *opts, const char *file, const char *name,
                              sn_lens_sandbox **out, sn_err *err);
void sn_lens_sandbox_free(sn_lens_sandbox *sb);
struct lua_State *sn_lens_sandbox_state(const sn_lens_sandbox *sb);
/* The file as shown in messages (sn_lens_display_path). */
const char *sn_lens_sandbox_file(const sn_lens_sandbox *sb);

/*
 * Call the function below nargs arguments on the sandbox's stack as a lens
 * is called: the time limit started anew, an error as "file:line: message".
 * Returns SN_OK with nres results left, or SN_EANALYSIS with the error in
 * err; the function and its arguments are popped.
 */
sn_status sn_lens_sandbox_pcall(sn_lens_sandbox *sb, int nargs, int nres, sn_err *err);

/*
 * The time at idx of a sandbox's stack (in a function it calls), as lenses
 * give times: epoch seconds or ISO 8601, a bare date taken as the end of
 * that day when is_until. Raises a Lua error naming `what` otherwise.
 */
int64_t sn_lens_sandbox_time(struct lua_State *L, int idx, const char *what, int is_until);

#endif
