/*
 * man.h - the manual page (roff) made from the --help texts, so that the two
 * never disagree: `samnett help --man` prints it, and the build writes it to
 * samnett.1.
 */
#ifndef SAMNETT_CLI_MAN_H
#define SAMNETT_CLI_MAN_H

#include <stddef.h>
#include <stdio.h>

typedef struct sn_cli_man_page {
    const char *name; /* the command: "analyze" */
    const char *text; /* its --help text */
} sn_cli_man_page;

/* The page: NAME, then main_text (its headings become sections), then each command. */
void sn_cli_man(FILE *out, const char *version, const char *main_text, const sn_cli_man_page *cmds,
                size_t n_cmds);

#endif
