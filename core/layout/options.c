/* options.c - the layout's options, by key (samnett/option.h). */
#include <stddef.h>
#include <string.h>

#include "samnett/layout.h"

void sn_layout_opts_init(sn_layout_opts *o)
{
    memset(o, 0, sizeof *o);
    o->iterations = 100;
    o->seed = 1;
    o->grid = SN_LAYOUT_GRID_AUTO;
    o->weighted = 0;
    o->temperature = 0.1;
    o->restart_temperature = 0.001;
    o->group_pull = 8;
    o->previous = NULL;
}

sn_status sn_layout_grid_parse(const char *s, sn_layout_grid *out)
{
    if (strcmp(s, "auto") == 0)
        *out = SN_LAYOUT_GRID_AUTO;
    else if (strcmp(s, "on") == 0)
        *out = SN_LAYOUT_GRID_ON;
    else if (strcmp(s, "off") == 0)
        *out = SN_LAYOUT_GRID_OFF;
    else
        return SN_EUSAGE;
    return SN_OK;
}

const char *sn_layout_grid_name(sn_layout_grid grid)
{
    return grid == SN_LAYOUT_GRID_ON ? "on" : grid == SN_LAYOUT_GRID_OFF ? "off" : "auto";
}

static sn_opt_answer set_grid(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_layout_opts *l = opts;
    return sn_layout_grid_parse(v, &l->grid) == SN_OK ? SN_OPT_OK : SN_OPT_UNKNOWN;
}

const sn_opt sn_layout_options[] = {
    {"layout_iterations", NULL, SN_OPT_WHOLE, 0, "100", 0, 100000, "a whole number >= 0",
     "steps of the force-directed layout", NULL, sn_opt_to_long,
     offsetof(sn_layout_opts, iterations)},
    {"layout_seed", NULL, SN_OPT_WHOLE, 0, "1", 0, SN_OPT_UNBOUNDED, "a whole number >= 0",
     "seed of the layout's start positions", NULL, sn_opt_to_u64, offsetof(sn_layout_opts, seed)},
    {"layout_grid", NULL, SN_OPT_WORD, 0, "auto", 0, 0, "auto, on or off",
     "the grid variant of the layout: auto (above 1,000 nodes), on or off", NULL, set_grid, 0},
    {"layout_weighted", NULL, SN_OPT_FLAG, 0, "false", 0, 0, "true or false",
     "ties pull their ends together by their weight", NULL, sn_opt_to_flag,
     offsetof(sn_layout_opts, weighted)},
    {"layout_temperature", NULL, SN_OPT_NUMBER, SN_OPT_LO_OPEN, "0.1", 0, 10, "a number in (0, 10]",
     "the layout's first step, at most this times the square root of the nodes", NULL,
     sn_opt_to_double, offsetof(sn_layout_opts, temperature)},
    {"layout_group_pull", NULL, SN_OPT_NUMBER, 0, "8", 1, 1000, "a number in [1, 1000]",
     "ties inside an organisation pull this many times harder than ties between", NULL,
     sn_opt_to_double, offsetof(sn_layout_opts, group_pull)},
    {"layout_restart_temperature", NULL, SN_OPT_NUMBER, SN_OPT_LO_OPEN, "0.001", 0, 10,
     "a number in (0, 10]", "the same from a previous layout", NULL, sn_opt_to_double,
     offsetof(sn_layout_opts, restart_temperature)},
};
const size_t sn_layout_n_options = sizeof sn_layout_options / sizeof *sn_layout_options;

sn_status sn_layout_opts_set(sn_layout_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_layout_options, sn_layout_n_options, o, key, value, NULL, err);
}
