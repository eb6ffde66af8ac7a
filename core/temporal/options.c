/* options.c - the time options, by key (samnett/option.h). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "samnett/temporal.h"

static sn_opt_answer set_window(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_temporal_opts *t = opts;
    if (sn_span_parse(v, &t->window) != SN_OK)
        return SN_OPT_BAD;
    t->has_window = 1;
    return SN_OPT_OK;
}

static sn_opt_answer set_slide(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_temporal_opts *t = opts;
    if (sn_span_parse(v, &t->slide) != SN_OK)
        return SN_OPT_BAD;
    t->has_slide = 1;
    return SN_OPT_OK;
}

static sn_opt_answer set_window_metrics(const sn_opt *o, void *opts, const char *v, char *why,
                                        size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_temporal_opts *t = opts;
    return sn_window_metrics_parse(v, &t->window_metrics) == SN_OK ? SN_OPT_OK : SN_OPT_BAD;
}

static sn_opt_answer set_after(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_temporal_opts *t = opts;
    if (sn_opt_time(v, 0, &t->after))
        return SN_OPT_BAD;
    t->has_after = 1;
    return SN_OPT_OK;
}

static sn_opt_answer set_baseline(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o;
    sn_temporal_opts *t = opts;
    const char *dots = strstr(v, "..");
    char since[128];
    size_t len = dots ? (size_t)(dots - v) : 0;
    if (!dots || len == 0 || len >= sizeof since)
        return SN_OPT_BAD;
    memcpy(since, v, len);
    since[len] = '\0';
    int64_t a, b;
    if (sn_opt_time(since, 0, &a) || sn_opt_time(dots + 2, 1, &b))
        return SN_OPT_BAD;
    if (b <= a) {
        snprintf(why, cap, "%s", "UNTIL later than SINCE");
        return SN_OPT_BAD;
    }
    t->baseline_since = a;
    t->baseline_until = b;
    t->has_baseline = 1;
    return SN_OPT_OK;
}

static sn_opt_answer set_pairs_by(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_temporal_opts *t = opts;
    if (!v[0])
        return SN_OPT_EMPTY;
    t->pairs_by = v;
    return SN_OPT_OK;
}

static sn_opt_answer set_cp_penalty(const sn_opt *o, void *opts, const char *v, char *why,
                                    size_t cap)
{
    (void)why, (void)cap;
    sn_temporal_opts *t = opts;
    double p;
    if (strcmp(v, "quasi") == 0)
        t->cp_rule = SN_CP_QUASI_BIC;
    else if (strcmp(v, "bic") == 0)
        t->cp_rule = SN_CP_BIC;
    else if (sn_opt_number(o, v, &p) == 0) {
        t->cp_rule = SN_CP_FIXED;
        t->cp_penalty = p;
    } else
        return SN_OPT_BAD;
    return SN_OPT_OK;
}

static sn_opt_answer set_time_range(const sn_opt *o, void *opts, const char *v, char *why,
                                    size_t cap)
{
    (void)o;
    sn_temporal_opts *t = opts;
    sn_err w;
    if (sn_time_range_parse(v, &t->range, &w) != SN_OK) {
        snprintf(why, cap, "%s", w.msg);
        return SN_OPT_BAD;
    }
    return SN_OPT_OK;
}

#define SPAN_EXPECTED "month, quarter, year, Nd or Nw (N from 1, e.g. "

const sn_opt sn_temporal_options[] = {
    {"window", NULL, SN_OPT_SPAN, 0, NULL, 0, 0, SPAN_EXPECTED "30d or 1w)",
     "windows over the analysed period: month, quarter, year, Nd or Nw", NULL, set_window, 0},
    {"slide", NULL, SN_OPT_SPAN, 0, NULL, 0, 0, SPAN_EXPECTED "7d or 1w)",
     "sliding windows: one of length window starting every slide", NULL, set_slide, 0},
    {"window_metrics", NULL, SN_OPT_LIST, 0, NULL, 0, 0,
     "a comma-separated list of degree, strength, betweenness, closeness, harmonic, reachable, "
     "pagerank, eigenvector, hub, authority, constraint, effective_size, efficiency (or all)",
     "node measures per window (default none)", NULL, set_window_metrics, 0},
    {"novelty_k", NULL, SN_OPT_WHOLE, 0, "1", 1, 100000, "a whole number >= 1",
     "novelty: share of ties not in the previous K windows", NULL, sn_opt_to_int,
     offsetof(sn_temporal_opts, novelty_k)},
    {"after", NULL, SN_OPT_TIME, 0, NULL, 0, 0,
     "a date such as 2020-12-31, a period such as 2020Q1, or epoch seconds written @1609372800",
     "contacts before and after this time, and the half-life of contact after it", NULL, set_after,
     0},
    {"baseline", NULL, SN_OPT_TEXT, 0, NULL, 0, 0, "SINCE..UNTIL such as 2019-01-01..2019-12-31",
     "baseline of the rate ratios (default: the first window)", NULL, set_baseline, 0},
    {"pairs_by", NULL, SN_OPT_TEXT, 0, "type", 0, 0, "an attribute name",
     "group pairs for temporal measures and change points", NULL, set_pairs_by, 0},
    {"cp_penalty", NULL, SN_OPT_NUMBER, SN_OPT_LO_OPEN, "quasi", 0, 1e12,
     "quasi, bic or a number > 0", "change-point penalty: quasi, bic or a number", NULL,
     set_cp_penalty, 0},
    {"cp_min_days", NULL, SN_OPT_WHOLE, 0, "14", 1, 100000, "a whole number >= 1",
     "shortest segment between change points, in days", NULL, sn_opt_to_long,
     offsetof(sn_temporal_opts, cp_min_days)},
    {"cp_min_contacts", NULL, SN_OPT_WHOLE, 0, "100", 0, SN_OPT_UNBOUNDED, "a whole number >= 0",
     "contacts a group pair needs to be tested for change points", NULL, sn_opt_to_long,
     offsetof(sn_temporal_opts, cp_min_contacts)},
    {"time_range", NULL, SN_OPT_TEXT, 0, NULL, 0, 0, "FROM..TO",
     "plausible contact times; an empty end keeps its default", NULL, set_time_range, 0},
};
const size_t sn_temporal_n_options = sizeof sn_temporal_options / sizeof *sn_temporal_options;

sn_status sn_temporal_opts_set(sn_temporal_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_temporal_options, sn_temporal_n_options, o, key, value, NULL, err);
}
