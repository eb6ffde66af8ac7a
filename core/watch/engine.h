/*
 * engine.h - the work of one watch cycle (internal to core/watch).
 *
 * The engine owns the event store, the state and the file records. It is
 * used by one thread at a time: the libuv worker running the cycle, or the
 * loop thread while no cycle runs.
 *
 *   follow.c   logs specs, scans, file identity, reading and committing
 *   rescore.c  analysis, the re-score line, changes and the report file
 *   watch.c    the libuv loop: handles, callbacks and cycle scheduling
 */
#ifndef SN_WATCH_ENGINE_H
#define SN_WATCH_ENGINE_H

#include <jansson.h>
#include <stdatomic.h>
#include <sys/types.h>

#include "samnett/ingest.h"
#include "samnett/privacy.h"
#include "samnett/state.h"
#include "samnett/watch.h"

/* A --logs entry: a folder, and a pattern over its names (NULL: the default names). */
typedef struct sn_logs_spec {
    char *dir;
    char *pattern;
    int bare; /* given without a folder: names are shown without one */
} sn_logs_spec;

/* A file found by the last scan. */
typedef struct sn_found {
    sn_file_seen seen;
    char *path;
    int fd;
    int symlink; /* the name is a symbolic link */
} sn_found;

/* A name that could not be opened: reported once, tried again on every scan. */
typedef struct sn_unopened {
    char *path;
    int errnum;
    int again; /* failed again in this cycle */
} sn_unopened;

typedef struct sn_engine {
    const sn_watch_opts *o;
    sn_diag *diag;
    sn_ingest_opts iopts;
    /* without a pseudonym key: the state's random case key (meta case_salt), so that no line
       or report names a raw case id */
    sn_privacy case_salt;
    sn_state *state;
    sn_store store;
    int have_store;
    const atomic_int *stop;    /* set by SIGINT/SIGTERM: finish the batch and return */
    const atomic_int *waiting; /* set when changes wait for the next cycle */

    /* the actors file: its identity when last loaded */
    int actors_loaded;
    dev_t actors_dev;
    ino_t actors_ino;
    off_t actors_size;
    struct timespec actors_mtime;
    long actor_rejects; /* actor rows rejected by the last load */
    long actor_files;   /* store->files taken by the actors file */

    sn_logs_spec *specs;
    size_t n_specs;
    char **folders; /* distinct folders to watch (logs and the actors file's) */
    size_t n_folders;

    sn_state_file *recs; /* every file record, as in the state */
    size_t n_recs, cap_recs;
    sn_found *found; /* the last scan, sorted by path */
    size_t n_found, cap_found;
    char **noted; /* names already reported as copies, aliases, ... (once each) */
    size_t n_noted;
    sn_unopened *unopened; /* names that could not be opened, as of the last cycle */
    size_t n_unopened, cap_unopened;

    char *buf; /* read buffer */
    size_t buf_cap;

    /* this cycle */
    long added, rejected_added, rows_added;
    long restored;
    int actors_reloaded;
    double t_ingest;

    /* re-scores */
    long seq;
    json_t *prev;         /* what the last line reported, for the change list */
    int started;          /* the first cycle (restore) has run */
    int report_due;       /* the report file lags behind the last line */
    json_t *last_changes; /* the change list of the last line, for the report file */
    double last_report;   /* when the report file was last written (monotonic seconds) */
} sn_engine;

sn_status sni_engine_open(sn_engine *e, const sn_watch_opts *o, sn_diag *diag, sn_err *err);
void sni_engine_close(sn_engine *e);
/*
 * One cycle: (re)load the actors when they changed or reload is set, scan,
 * read and commit every file, then re-score when anything changed (always
 * on the first cycle). Returns early, after a complete commit, when *stop
 * is set.
 */
sn_status sni_engine_cycle(sn_engine *e, int reload, sn_err *err);

/* follow.c */
/* The --logs folders and patterns, and the read buffer. */
sn_status sni_follow_init(sn_engine *e, sn_err *err);
void sni_follow_free(sn_engine *e);
sn_status sni_follow_actors(sn_engine *e, int force, sn_err *err);
sn_status sni_follow_scan(sn_engine *e, sn_err *err);
sn_status sni_follow_read(sn_engine *e, sn_err *err);

/* rescore.c */
/* A re-score line, or with baseline the run's first line (no changes, no number, no report). */
sn_status sni_rescore(sn_engine *e, int baseline, sn_err *err);
/* Write the report file when an earlier re-score left it behind (report_due). */
sn_status sni_rescore_report(sn_engine *e, sn_err *err);
/* The line written when the watch stops. */
void sni_rescore_stop_line(sn_engine *e, const char *reason);

#endif
