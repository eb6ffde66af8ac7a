/* options.c - the analysis's own options, by key (samnett/option.h). */
#include <stdio.h>

#include "samnett/analysis.h"

static sn_opt_answer set_partition(const sn_opt *o, void *opts, const char *v, char *why,
                                   size_t cap)
{
    (void)o;
    sn_analysis_opts *a = opts;
    if (a->n_partitions == SN_MAX_PARTITIONS) {
        snprintf(why, cap, "at most %d", SN_MAX_PARTITIONS);
        return SN_OPT_TOO_MANY;
    }
    if (!v[0])
        return SN_OPT_EMPTY;
    a->partitions[a->n_partitions++] = v;
    return SN_OPT_OK;
}

const sn_opt sn_analysis_options[] = {
    {"partition", NULL, SN_OPT_TEXT, SN_OPT_REPEAT, "organisation", 0, 0, "an attribute name",
     "group nodes by an attribute for silo measures (repeatable)", NULL, set_partition, 0},
};
const size_t sn_analysis_n_options = sizeof sn_analysis_options / sizeof *sn_analysis_options;

sn_status sn_analysis_opts_set(sn_analysis_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_analysis_options, sn_analysis_n_options, o, key, value, NULL, err);
}
