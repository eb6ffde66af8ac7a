/*
 * watch_cli.h - the command line of `samnett watch`.
 *
 * The options only watch has (--logs, --state, --emit, --out, --debounce,
 * --poll, --poll-interval, --ei-threshold, --once) are taken out of argv
 * here. Everything else goes through the option parser of `samnett
 * analyze`, so watch takes every analysis option analyze takes (level,
 * filters, partitions, windows, lenses and their parameters, ...).
 */
#ifndef SAMNETT_CLI_WATCH_H
#define SAMNETT_CLI_WATCH_H

#include "lens_cli.h"
#include "samnett/ingest.h"
#include "samnett/watch.h"

typedef struct sn_cli_watch_args {
    sn_watch_opts o;
    const char **logs;
    size_t n_logs;
    char **rest; /* argv without the watch options (rest[0] is the command) */
    int n_rest;
    char state_path[4096]; /* the default state, when no --state is given */
} sn_cli_watch_args;

/* Take the watch options out of argv: 0, -1 after printing --help, or 2 after a usage error. */
int sn_cli_watch_split(int argc, char **argv, sn_cli_watch_args *w);
/* Check what the analyze parser left: only --actors as a source. 0, or 2 after a usage error. */
int sn_cli_watch_check(sn_cli_watch_args *w, const sn_source *sources, size_t n_sources, int demo,
                       int format, const char *output);
/* Run the watch until it stops; returns the exit status. */
int sn_cli_watch_run(sn_cli_watch_args *w, const sn_cli_lens_args *lens, int strict, int quiet);
void sn_cli_watch_args_free(sn_cli_watch_args *w);

/* The text of samnett watch --help. */
const char *sn_cli_watch_usage(void);

#endif
