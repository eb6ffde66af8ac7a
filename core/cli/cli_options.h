/*
 * cli_options.h - the modules' options (samnett/option.h) as the command
 * line spells them: "--" + the key with '_' turned into '-'.
 */
#ifndef SAMNETT_CLI_OPTIONS_H
#define SAMNETT_CLI_OPTIONS_H

#include "samnett/error.h"
#include "samnett/option.h"
#include "samnett/output.h"

/*
 * Set one module option from the command line: 0, or 2 after printing
 * "samnett CMD: bad --KEY 'ARG'; expected ..." and the pointer to --help.
 */
int sn_cli_opt_set(const sn_opt *o, void *opts, const char *arg, const char *cmd);

/* Print "samnett CMD: " + fmt (with arg) and the pointer to --help; returns 2. */
int sni_cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/*
 * A report language: en or nb (no too), in any case, with a region or an
 * encoding after '-', '_' or '.' ignored (nb-NO, nb_NO.UTF-8, EN_gb): 0, or -1.
 */
int sni_cli_parse_lang(const char *s, sn_lang *out);

/* A whole number (the whole of s): 0, or -1. */
int sni_cli_parse_long(const char *s, long *out);

/*
 * A new folder under $TMPDIR (else /tmp) named samnett-TAG-XXXXXX, with the
 * synth region of *o written into it: its path (malloc'd; remove it with
 * sni_cli_remove_tree), or NULL with err set.
 */
struct sn_synth_opts;
char *sni_cli_synth_dir(const struct sn_synth_opts *o, const char *tag, sn_err *err);

/* Remove a folder and all below it (errors ignored). */
void sni_cli_remove_tree(const char *dir);

#endif
