/* options.c - the lens host's options, by key (samnett/option.h). */
#include <stddef.h>
#include <stdio.h>

#include "samnett/lens.h"

static sn_opt_answer set_lens(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)opts, (void)why, (void)cap;
    return v[0] ? SN_OPT_OK : SN_OPT_EMPTY;
}

static sn_opt_answer set_lens_path(const sn_opt *o, void *opts, const char *v, char *why,
                                   size_t cap)
{
    (void)o, (void)opts;
    sn_err err = {0};
    if (sn_lens_path_check(v, &err) == SN_OK)
        return SN_OPT_OK;
    snprintf(why, cap, "%s", err.msg);
    return SN_OPT_WHY;
}

static sn_opt_answer set_param(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)opts, (void)v, (void)why, (void)cap;
    return SN_OPT_OK; /* checked against the lens's declarations by sn_lens_host_param */
}

static sn_opt_answer set_memory(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    sn_lens_opts *l = opts;
    long mb;
    if (sn_opt_whole(o, v, &mb))
        return SN_OPT_BAD;
    l->memory_bytes = (size_t)mb << 20;
    return SN_OPT_OK;
}

const sn_opt sn_lens_options[] = {
    {"lens", NULL, SN_OPT_TEXT, SN_OPT_REPEAT, NULL, 0, 0, "a lens NAME or FILE",
     "run a lens (repeatable); all = every bundled lens", NULL, set_lens, 0},
    {"lens_path", NULL, SN_OPT_TEXT, SN_OPT_REPEAT, NULL, 0, 0, "a folder without '..'",
     "a folder of lenses, searched first (repeatable)", NULL, set_lens_path, 0},
    {"param", NULL, SN_OPT_TEXT, SN_OPT_REPEAT, NULL, 0, 0, "LENS.NAME=VALUE",
     "set a lens parameter, typed by the lens (repeatable)", NULL, set_param, 0},
    {"lens_memory", NULL, SN_OPT_WHOLE, 0, "256", 1, 1048576, "megabytes, a whole number >= 1",
     "memory cap of each lens in megabytes", NULL, set_memory, 0},
    {"lens_timeout", NULL, SN_OPT_NUMBER, SN_OPT_LO_OPEN, "60", 0, 86400, "seconds, a number > 0",
     "wall-clock seconds each lens may run", NULL, sn_opt_to_double,
     offsetof(sn_lens_opts, timeout)},
};
const size_t sn_lens_n_options = sizeof sn_lens_options / sizeof *sn_lens_options;

sn_status sn_lens_opts_set(sn_lens_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_lens_options, sn_lens_n_options, o, key, value, NULL, err);
}
