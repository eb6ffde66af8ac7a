/*
 * samnett/watch.h - follow log folders and re-score as contacts arrive
 * (README, "Following a folder").
 *
 * The watch is a libuv loop of a few handles:
 *   - an fs_event handle per folder (the log folders and the actors file's
 *     folder), or with `poll` an fs_poll handle per folder and per followed
 *     file (network file systems), plus a slow rescan timer as a safety net;
 *   - a debounce timer: the first change starts it, and everything that
 *     changes until it fires becomes one re-score;
 *   - signal handlers: SIGINT and SIGTERM finish the batch being committed
 *     and exit with status 0; SIGHUP reloads the actors file (and, through
 *     reload_hook, whatever the report hook reads, such as lenses).
 * All reading, parsing, committing and scoring runs as one cycle on the
 * libuv thread pool (uv_queue_work), never on the loop: the loop only
 * collects events and schedules the next cycle, and at most one cycle runs
 * at a time, so the event store and the state have a single user. A cycle
 * reads each file in slices of at most 8 MiB, each committed in its own
 * transaction, and checks for a stop request between slices.
 *
 * Each re-score writes one line: JSON (time, contacts added, totals, the
 * network summary, silo summary and a `changes` list) or text. The line is
 * made from the summary analysis (sn_analysis_opts.summary_only), a small
 * part of the full one, so it goes out first; the full analysis follows for
 * the report file, which is the JSON report of `samnett analyze` plus a
 * "watch" key, replaced atomically (written beside, then renamed). While
 * changes keep coming the report may lag the lines by up to 10 seconds.
 * With a report hook (lenses) the full analysis comes before the line.
 *
 * Names of one file at one moment (a symbolic link, a hard link) are read
 * as one file. A name that cannot be opened is reported once, tried again
 * on every scan, and counted: with `once`, sn_watch_run then returns SN_EIO
 * after the cycle. Files are opened one at a time.
 *
 * The libuv thread pool is set to one thread (UV_THREADPOOL_SIZE, unless
 * set already): cycles run one at a time, and one thread keeps one malloc
 * arena, so memory stays level across re-scores.
 */
#ifndef SAMNETT_WATCH_H
#define SAMNETT_WATCH_H

#include <stddef.h>
#include <stdio.h>

#include "samnett/analysis.h"
#include "samnett/error.h"
#include "samnett/ingest.h"
#include "samnett/option.h"
#include "samnett/output.h"
#include "samnett/privacy.h"
#include "samnett/store.h"

typedef enum sn_watch_emit { SN_WATCH_JSON_LINES, SN_WATCH_TEXT } sn_watch_emit;

/*
 * Called on the worker after each analysis and before the report is built:
 * it may compute more (such as lenses) and fill fields of the report. Its
 * JSON then goes into the change list: a "lenses" array whose findings
 * carry a "label" yields a lens_label change whenever a label changes.
 */
typedef sn_status (*sn_watch_report_fn)(void *ud, const sn_store *store, const sn_analysis *an,
                                        sn_report *report, sn_err *err);
/* Called on the worker before the next re-score after SIGHUP. */
typedef sn_status (*sn_watch_reload_fn)(void *ud, sn_err *err);

typedef struct sn_watch_opts {
    const char *actors;      /* the actors file (followed), or NULL: the state's snapshot */
    const char *const *logs; /* folders, or globs over the names in one folder */
    size_t n_logs;
    const char *state; /* the SQLite state file (required; the CLI has a default) */
    const sn_analysis_opts *analysis;
    sn_watch_emit emit;
    FILE *lines;          /* where the re-score lines go (stdout) */
    const char *out;      /* the JSON report, replaced atomically; NULL = none */
    double debounce;      /* seconds (default 0.05) */
    int poll;             /* fs_poll instead of fs_event */
    double poll_interval; /* seconds (default 1) */
    double rescan;        /* seconds between safety rescans with fs_event (default 5) */
    double ei_threshold;  /* report E-I moves larger than this (default 0.05) */
    int once;             /* read what is there, re-score once, exit */
    size_t max_field;
    size_t max_line;
    int encoding;            /* sn_encoding of the followed files (0 = auto) */
    const char *map;         /* column mapping (sn_ingest_opts.map), or NULL */
    const char *channel_map; /* local channel names file, or NULL */
    /* --date-format: the time column's strptime formats, tried in order (samnett/ingest.h) */
    const char *const *date_formats;
    int n_date_formats;
    /* the most rejected rows of the first load (sn_ingest_check_rejected; later appended
       rows never stop a watch); NULL: the default, 10% */
    const sn_ingest_opts *limits;
    int top; /* for the report */
    sn_lang lang;
    /*
     * The privacy profile (samnett/privacy.h), or NULL: internal. With a key
     * the watch stores pseudonyms only: the actors file is pseudonymised as
     * loaded (sn_privacy_apply with all_ids), each contact's ids as read
     * (sn_ingest_opts.id_map), so neither the store nor the state holds a
     * raw actor id, name, profession, extra value, case or meeting id. The
     * state records whether it holds pseudonyms and a fingerprint of the key
     * (meta "pseudonyms", "key_fingerprint"), and a watch with another key,
     * or with a key on a state of raw ids (or none on one of pseudonyms),
     * stops with SN_EUSAGE. Shared needs a key (a one-off key would change
     * the pseudonyms on every start). Under shared, each re-score runs the
     * re-identification check (sn_analysis_privacy), which sets its reid_*
     * fields.
     */
    struct sn_privacy *privacy;
    sn_watch_report_fn report_hook;
    sn_watch_reload_fn reload_hook;
    void *hook_ud;
} sn_watch_opts;

void sn_watch_opts_init(sn_watch_opts *o);

/*
 * The watch's options by key (samnett/option.h): state, emit, out, debounce,
 * poll_interval, ei_threshold, poll, once. The logs are a list the caller
 * keeps. sn_watch_opts_set sets one from its text, naming the key in err;
 * a text value is kept by pointer.
 */
extern const sn_opt sn_watch_options[];
extern const size_t sn_watch_n_options;
sn_status sn_watch_opts_set(sn_watch_opts *o, const char *key, const char *value, sn_err *err);

/*
 * Run until SIGINT or SIGTERM (or once). Problems in the data go to diag as
 * file:line:column; with diag->strict the first one stops the watch with
 * SN_EINPUT. Returns SN_OK after a clean stop.
 */
sn_status sn_watch_run(const sn_watch_opts *o, sn_diag *diag, sn_err *err);

#endif
