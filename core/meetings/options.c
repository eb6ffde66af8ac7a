/* options.c - the meeting series' options, by key (samnett/option.h). */
#include <stddef.h>
#include "samnett/meetings.h"

const sn_opt sn_series_options[] = {
    {"series_jaccard", NULL, SN_OPT_NUMBER, 0, "0.5", 1e-9, 1, "a number in (0, 1]",
     "a meeting joins the series whose core has at least this Jaccard with its participants", NULL,
     sn_opt_to_double, offsetof(sn_series_opts, jaccard)},
    {"series_core", NULL, SN_OPT_NUMBER, 0, "0.5", 1e-9, 1, "a number in (0, 1]",
     "a series' core: who came to at least this share of its meetings", NULL, sn_opt_to_double,
     offsetof(sn_series_opts, core_share)},
    {"series_min", NULL, SN_OPT_WHOLE, 0, "3", 1, 1000000, "a whole number >= 1",
     "keep series of at least this many meetings", NULL, sn_opt_to_long,
     offsetof(sn_series_opts, min_meetings)},
    {"series_gap", NULL, SN_OPT_NUMBER, 0, "365", 1e-6, 1e6, "days > 0",
     "a series ends after this many days without a meeting", NULL, sn_opt_to_double,
     offsetof(sn_series_opts, max_gap_days)},
};
const size_t sn_series_n_options = sizeof sn_series_options / sizeof *sn_series_options;

sn_status sn_series_opts_set(sn_series_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_series_options, sn_series_n_options, o, key, value, NULL, err);
}
