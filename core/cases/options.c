/* options.c - the case measures' options, by key (samnett/option.h). */
#include <stddef.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/cases.h"

static sn_opt_answer set_transfer_channels(const sn_opt *o, void *opts, const char *v, char *why,
                                           size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_cases_opts *c = opts;
    uint8_t chosen[SN_CHANNEL_MAX + 1] = {0};
    for (const char *p = v;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        int ch = len ? sn_channel_lookup(p, len) : -1;
        if (ch < 0)
            return SN_OPT_BAD;
        chosen[ch] = 1;
        if (!comma)
            break;
        p = comma + 1;
    }
    memcpy(c->transfer_channels, chosen, sizeof chosen);
    c->has_transfer_channels = 1;
    return SN_OPT_OK;
}

/* "30d", "48h", "2w" or a bare number of days. */
static sn_opt_answer set_pingpong_window(const sn_opt *o, void *opts, const char *v, char *why,
                                         size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_cases_opts *c = opts;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    double unit = *end == 'h' ? 3600 : *end == 'w' ? 7 * 86400.0 : 86400.0;
    if (*end == 'd' || *end == 'h' || *end == 'w')
        end++;
    if (errno || end == v || *end || !(d >= 0) || d * unit > 1e11)
        return SN_OPT_BAD;
    c->pingpong_window = (int64_t)(d * unit);
    return SN_OPT_OK;
}

const sn_opt sn_cases_options[] = {
    {"transfer_channels", NULL, SN_OPT_LIST, 0, "referral,discharge", 0, 0,
     "channel names separated by commas, such as referral,discharge",
     "channels that move a case between organisations", NULL, set_transfer_channels, 0},
    {"pingpong_window", NULL, SN_OPT_SPAN, 0, "30d", 0, 0, "a duration such as 30d, 48h or 2w",
     "a return A->B->A within this time is a ping-pong", NULL, set_pingpong_window, 0},
    {"co_serving_min", NULL, SN_OPT_WHOLE, 0, "2", 1, 1000000000, "a whole number >= 1",
     "report provider pairs sharing at least this many cases without a tie", NULL, sn_opt_to_long,
     offsetof(sn_cases_opts, co_serving_min)},
    {"case_max_providers", NULL, SN_OPT_WHOLE, 0, "100", 2, 100000, "a whole number >= 2",
     "cases with more providers stay out of care density", NULL, sn_opt_to_u32,
     offsetof(sn_cases_opts, max_providers)},
    {"pingpong_first", NULL, SN_OPT_FLAG, 0, "false", 0, 0, "true or false",
     "let the case's first transfer start a ping-pong too", NULL, sn_opt_to_flag,
     offsetof(sn_cases_opts, pingpong_first)},
};
const size_t sn_cases_n_options = sizeof sn_cases_options / sizeof *sn_cases_options;

sn_status sn_cases_opts_set(sn_cases_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_cases_options, sn_cases_n_options, o, key, value, NULL, err);
}
