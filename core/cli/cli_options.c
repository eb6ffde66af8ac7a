/* cli_options.c - the modules' options as the command line spells them. */
#include "cli_options.h"

#include <stdio.h>
#include <stdlib.h>

int sn_cli_opt_set(const sn_opt *o, void *opts, const char *arg, const char *cmd)
{
    char why[1024], flag[64];
    sn_opt_answer r = sn_opt_apply(o, opts, arg, why, sizeof why);
    if (r == SN_OPT_OK)
        return 0;
    sn_opt_flag(o, flag, sizeof flag);
    int len = sn_opt_message(NULL, 0, o, r, arg, flag, why);
    char *msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (msg)
        sn_opt_message(msg, (size_t)len + 1, o, r, arg, flag, why);
    fprintf(stderr, "samnett %s: %s\nTry 'samnett %s --help'.\n", cmd, msg ? msg : "out of memory",
            cmd);
    free(msg);
    return 2;
}
