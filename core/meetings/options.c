/* options.c - the meeting series' options, by key (samnett/option.h). */
#include "samnett/meetings.h"

static sn_opt_answer set_jaccard(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    sn_series_opts *s = opts;
    return sn_opt_number(o, v, &s->jaccard) == 0 ? SN_OPT_OK : SN_OPT_BAD;
}

static sn_opt_answer set_core(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    sn_series_opts *s = opts;
    return sn_opt_number(o, v, &s->core_share) == 0 ? SN_OPT_OK : SN_OPT_BAD;
}

static sn_opt_answer set_min(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    sn_series_opts *s = opts;
    long n;
    if (sn_opt_whole(o, v, &n))
        return SN_OPT_BAD;
    s->min_meetings = n;
    return SN_OPT_OK;
}

static sn_opt_answer set_gap(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    sn_series_opts *s = opts;
    return sn_opt_number(o, v, &s->max_gap_days) == 0 ? SN_OPT_OK : SN_OPT_BAD;
}

const sn_opt sn_series_options[] = {
    {"series_jaccard", NULL, SN_OPT_NUMBER, 0, "0.5", 1e-9, 1, "a number in (0, 1]",
     "a meeting joins the series whose core has at least this Jaccard with its participants", NULL,
     set_jaccard},
    {"series_core", NULL, SN_OPT_NUMBER, 0, "0.5", 1e-9, 1, "a number in (0, 1]",
     "a series' core: who came to at least this share of its meetings", NULL, set_core},
    {"series_min", NULL, SN_OPT_WHOLE, 0, "3", 1, 1000000, "a whole number >= 1",
     "keep series of at least this many meetings", NULL, set_min},
    {"series_gap", NULL, SN_OPT_NUMBER, 0, "365", 1e-6, 1e6, "days > 0",
     "a series ends after this many days without a meeting", NULL, set_gap},
};
const size_t sn_series_n_options = sizeof sn_series_options / sizeof *sn_series_options;

sn_status sn_series_opts_set(sn_series_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_series_options, sn_series_n_options, o, key, value, NULL, err);
}
