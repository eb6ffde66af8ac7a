/*
 * key_cli.c - `samnett key new FILE`: a new random key for --pseudonym-key.
 */
#include "key_cli.h"

#include <stdio.h>
#include <string.h>

#include "cli_options.h"
#include "samnett/privacy.h"

static const char *const usage_key =
    "usage: samnett key new FILE\n"
    "\n"
    "Write a new random key for --pseudonym-key: 32 bytes from the system's\n"
    "random source, readable by its owner only (mode 0600). A key file is never\n"
    "written over. The same key gives the same pseudonyms on every run and\n"
    "machine, so reports made with it can be joined; keep it apart from the\n"
    "reports, as a password: whoever holds it can test whether an id is behind a\n"
    "pseudonym. samnett never writes the key into a report or a message.\n"
    "\n"
    "commands:\n"
    "  new FILE               write a new key to FILE (FILE must not exist)\n"
    "\n"
    "Exit status: 0 success, 2 usage error or a file that exists or cannot be\n"
    "written.\n";

const char *sn_cli_key_usage(void)
{
    return usage_key;
}

int sn_cli_key(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_key, stdout);
            return 0;
        }
    if (argc < 2)
        return sni_cli_usage_error("key", "%s", "no command given; expected 'new FILE'");
    if (strcmp(argv[1], "new") != 0)
        return sni_cli_usage_error("key", "unknown command '%s'; expected 'new FILE'", argv[1]);
    if (argc < 3)
        return sni_cli_usage_error("key", "%s", "new: no FILE given; expected 'new FILE'");
    if (argc > 3)
        return sni_cli_usage_error("key", "unexpected argument '%s'; expected 'new FILE'", argv[3]);
    if (argv[2][0] == '-')
        return sni_cli_usage_error("key", "new: '%s' is not a file name; expected 'new FILE'",
                                   argv[2]);
    sn_err err = {0};
    if (sn_privacy_key_new(argv[2], &err) != SN_OK) {
        fprintf(stderr, "samnett key: %s\n", err.msg);
        return 2;
    }
    return 0;
}
