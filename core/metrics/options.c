/* options.c - the options of the measures on one network, by key (samnett/option.h). */
#include <stddef.h>
#include <string.h>

#include "samnett/metrics.h"
#include "samnett/silo.h"

sn_status sn_path_weights_parse(const char *s, sn_path_weights *out)
{
    if (strcmp(s, "none") == 0)
        *out = SN_PATHS_UNWEIGHTED;
    else if (strcmp(s, "inverse") == 0)
        *out = SN_PATHS_INVERSE;
    else
        return SN_EUSAGE;
    return SN_OK;
}

const char *sn_path_weights_name(sn_path_weights w)
{
    return w == SN_PATHS_INVERSE ? "inverse" : "none";
}

static sn_opt_answer set_path_weights(const sn_opt *o, void *opts, const char *v, char *why,
                                      size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_metrics_opts *m = opts;
    return sn_path_weights_parse(v, &m->path_weights) == SN_OK ? SN_OPT_OK : SN_OPT_UNKNOWN;
}

const sn_opt sn_metrics_options[] = {
    {"path_weights", NULL, SN_OPT_WORD, 0, "none", 0, 0, "none or inverse",
     "none (default) or inverse: shortest paths with 1/weight lengths", NULL, set_path_weights, 0},
    {"betweenness_sample", NULL, SN_OPT_NUMBER, 0, NULL, 0.005, 0.5, "a number from 0.005 to 0.5",
     "estimate betweenness from random shortest paths to within EPS (Riondato-Kornaropoulos); "
     "unset: exact",
     NULL, sn_opt_to_double, offsetof(sn_metrics_opts, betweenness_sample)},
    {"betweenness_delta", NULL, SN_OPT_NUMBER, 0, "0.1", 1e-9, 0.5,
     "a number from 0.000000001 to 0.5",
     "with --betweenness-sample: the chance that some estimate misses by more than EPS", NULL,
     sn_opt_to_double, offsetof(sn_metrics_opts, betweenness_delta)},
};
const size_t sn_metrics_n_options = sizeof sn_metrics_options / sizeof *sn_metrics_options;

sn_status sn_metrics_opts_set(sn_metrics_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_metrics_options, sn_metrics_n_options, o, key, value, NULL, err);
}

const sn_opt sn_silo_options[] = {
    {"permutations", NULL, SN_OPT_WHOLE, 0, "1000", 0, 10000000, "a whole number >= 0",
     "E-I permutation test size (0 = no test)", NULL, sn_opt_to_long,
     offsetof(sn_silo_opts, permutations)},
    {"seed", NULL, SN_OPT_WHOLE, 0, "1", 0, SN_OPT_UNBOUNDED, "a whole number >= 0",
     "seed of the permutation test", NULL, sn_opt_to_u64, offsetof(sn_silo_opts, seed)},
};
const size_t sn_silo_n_options = sizeof sn_silo_options / sizeof *sn_silo_options;

sn_status sn_silo_opts_set(sn_silo_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_silo_options, sn_silo_n_options, o, key, value, NULL, err);
}
