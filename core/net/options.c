/* options.c - the network view's options, by key (samnett/option.h). */
#include <stddef.h>
#include <string.h>

#include "samnett/net.h"

sn_status sn_weight_mode_parse(const char *s, sn_weight_mode *out)
{
    if (strcmp(s, "contacts") == 0)
        *out = SN_WEIGHT_COUNT;
    else if (strcmp(s, "sum") == 0 || strcmp(s, "weight_sum") == 0)
        *out = SN_WEIGHT_SUM;
    else
        return SN_EUSAGE;
    return SN_OK;
}

const char *sn_weight_mode_name(sn_weight_mode mode)
{
    return mode == SN_WEIGHT_SUM ? "sum" : "contacts";
}

static sn_opt_answer set_level(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_view_opts *view = opts;
    return sn_level_parse(v, &view->level) == SN_OK ? SN_OPT_OK : SN_OPT_UNKNOWN;
}

static sn_opt_answer set_since(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_view_opts *view = opts;
    if (sn_opt_time(v, 0, &view->since))
        return SN_OPT_BAD;
    view->has_since = 1;
    return SN_OPT_OK;
}

static sn_opt_answer set_until(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_view_opts *view = opts;
    if (sn_opt_time(v, 1, &view->until))
        return SN_OPT_BAD;
    view->has_until = 1;
    return SN_OPT_OK;
}

static sn_opt_answer set_channel(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_view_opts *view = opts;
    int ch = sn_channel_lookup(v, strlen(v));
    if (ch < 0)
        return SN_OPT_UNKNOWN;
    view->has_channels = 1;
    view->channels[ch] = 1;
    return SN_OPT_OK;
}

static sn_opt_answer set_tie_weight(const sn_opt *o, void *opts, const char *v, char *why,
                                    size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_view_opts *view = opts;
    return sn_weight_mode_parse(v, &view->weight) == SN_OK ? SN_OPT_OK : SN_OPT_UNKNOWN;
}

static sn_opt_answer set_meetings(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_view_opts *view = opts;
    return sn_meeting_mode_parse(v, &view->meetings) == SN_OK ? SN_OPT_OK : SN_OPT_UNKNOWN;
}

#define TIME_EXPECTED                                                                              \
    "a year (2020), a month (2020-03), a quarter (2020Q1), a date (2020-03-15), a date-time, "     \
    "or epoch seconds written @1583020800"

const sn_opt sn_view_options[] = {
    {"level", NULL, SN_OPT_WORD, 0, "actor", 0, 0, "actor, unit or organisation",
     "the nodes: actor (default), unit or organisation", NULL, set_level, 0},
    {"since", NULL, SN_OPT_TIME, 0, NULL, 0, 0, TIME_EXPECTED,
     "keep contacts from the start of this period on", "time", set_since, 0},
    {"until", NULL, SN_OPT_TIME, 0, NULL, 0, 0, TIME_EXPECTED,
     "keep contacts up to the end of this period (--until 2021 keeps 2021)", "time", set_until, 0},
    {"channel", NULL, SN_OPT_WORD, SN_OPT_REPEAT, NULL, 0, 0,
     "e-message, phone, meeting, video, referral, discharge, visit, job-shadowing or other",
     "keep only this channel (repeatable)", NULL, set_channel, 0},
    {"min_contacts", NULL, SN_OPT_WHOLE, 0, "1", 1, SN_OPT_UNBOUNDED, "a whole number >= 1",
     "a tie needs at least this many contacts", NULL, sn_opt_to_long,
     offsetof(sn_view_opts, min_contacts)},
    {"tie_weight", NULL, SN_OPT_WORD, 0, "contacts", 0, 0, "contacts or sum",
     "contacts (the number of contacts) or sum (of their weights)", NULL, set_tie_weight, 0},
    {"meetings", NULL, SN_OPT_WORD, 0, "rows", 0, 0, "rows, project or off",
     "how meetings become ties: rows, project or off", NULL, set_meetings, 0},
};
const size_t sn_view_n_options = sizeof sn_view_options / sizeof *sn_view_options;

sn_status sn_view_opts_set(sn_view_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_view_options, sn_view_n_options, o, key, value, NULL, err);
}
