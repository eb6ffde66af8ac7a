/* cli_options.c - the modules' options as the command line spells them. */
#include "cli_options.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samnett/tools/synth.h"

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

int sni_cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "samnett %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'samnett %s --help'.\n", cmd);
    return 2;
}

int sni_cli_parse_lang(const char *s, sn_lang *out)
{
    size_t n = strcspn(s, "-_.");
    if (n == 2 && s[n] && !s[n + 1])
        return -1; /* "nb-" */
    if (n == 2 && strncasecmp(s, "en", 2) == 0)
        *out = SN_LANG_EN;
    else if (n == 2 && (strncasecmp(s, "nb", 2) == 0 || strncasecmp(s, "no", 2) == 0))
        *out = SN_LANG_NB;
    else
        return -1;
    return 0;
}

int sni_cli_parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void sni_cli_remove_tree(const char *dir)
{
    nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

char *sni_cli_synth_dir(const struct sn_synth_opts *o, const char *tag, sn_err *err)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = malloc(4096);
    if (!dir) {
        sn_err_set(err, SN_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(dir, 4096, "%s/samnett-%s-XXXXXX", tmp && tmp[0] ? tmp : "/tmp", tag);
    if (!mkdtemp(dir)) {
        sn_err_set(err, SN_EIO, "cannot create a temporary folder %s: %s", dir, strerror(errno));
        free(dir);
        return NULL;
    }
    if (sn_synth_write(o, dir, err) != SN_OK) {
        sni_cli_remove_tree(dir);
        free(dir);
        return NULL;
    }
    return dir;
}
