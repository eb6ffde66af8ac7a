/*
 * lens_cli.h - the lens options of `samnett analyze` (--lens, --lens-path,
 * --param, --lens-memory, --lens-timeout) and the `samnett lens` command.
 */
#ifndef SAMNETT_CLI_LENS_H
#define SAMNETT_CLI_LENS_H

#include "samnett/analysis.h"
#include "samnett/lens.h"
#include "samnett/store.h"

typedef struct sn_cli_lens_args {
    const char **specs; /* --lens */
    size_t n_specs;
    const char **paths; /* --lens-path */
    size_t n_paths;
    const char **params; /* --param */
    size_t n_params;
    sn_lens_opts set; /* --lens-memory, --lens-timeout as given (0 = not given) */
} sn_cli_lens_args;

/*
 * One lens option by its key in sn_lens_options (lens, lens_path, param,
 * lens_memory, lens_timeout): 0, or 2 after printing a usage error.
 */
int sn_cli_lens_option(sn_cli_lens_args *a, const char *key, const char *arg, const char *cmd);
void sn_cli_lens_args_free(sn_cli_lens_args *a);

/*
 * Load the lenses and set their parameters before any input is read. *h is
 * NULL when no --lens was given. Returns 0, or the exit status after
 * printing the problem (2 for usage).
 */
int sn_cli_lens_prepare(const sn_cli_lens_args *a, sn_lens_host **h, const char *cmd);

/* Run the lenses on the analysis, print each failure; 1 when any lens failed, else 0. */
int sn_cli_lens_run(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                    const sn_analysis_opts *ao);

/*
 * The same in two steps: start the lenses in the background (the report's
 * other parts can be written meanwhile; 1 when they cannot start), then wait
 * for them and print each failure (1 when any lens failed, else 0). Nothing
 * happens when h is NULL.
 */
int sn_cli_lens_start(sn_lens_host *h, const sn_store *store, const sn_analysis *an,
                      const sn_analysis_opts *ao);
int sn_cli_lens_finish(sn_lens_host *h);

/* samnett lens list|new|check|test ... */
int sn_cli_lens(int argc, char **argv);

/* The text of samnett lens --help. */
const char *sn_cli_lens_usage(void);

#endif
