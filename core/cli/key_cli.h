/*
 * key_cli.h - `samnett key`: the keys of the pseudonyms (samnett/privacy.h).
 */
#ifndef SAMNETT_CLI_KEY_H
#define SAMNETT_CLI_KEY_H

/* samnett key new FILE; argv[0] is "key". Returns the exit status. */
int sn_cli_key(int argc, char **argv);

/* The text of samnett key --help. */
const char *sn_cli_key_usage(void);

#endif
