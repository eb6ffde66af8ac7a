/*
 * cli_options.h - the modules' options (samnett/option.h) as the command
 * line spells them: "--" + the key with '_' turned into '-'.
 */
#ifndef SAMNETT_CLI_OPTIONS_H
#define SAMNETT_CLI_OPTIONS_H

#include "samnett/option.h"

/*
 * Set one module option from the command line: 0, or 2 after printing
 * "samnett CMD: bad --KEY 'ARG'; expected ..." and the pointer to --help.
 */
int sn_cli_opt_set(const sn_opt *o, void *opts, const char *arg, const char *cmd);

#endif
