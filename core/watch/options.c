/* options.c - samnett watch's options, by key (samnett/option.h). */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/watch.h"

/* A non-empty text kept by pointer at the row's offset. */
static sn_opt_answer set_name(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    if (!v[0])
        return SN_OPT_EMPTY;
    *(const char **)((char *)opts + o->offset) = v;
    return SN_OPT_OK;
}

static sn_opt_answer set_emit(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_watch_opts *w = opts;
    if (strcmp(v, "json-lines") == 0 || strcmp(v, "json") == 0)
        w->emit = SN_WATCH_JSON_LINES;
    else if (strcmp(v, "text") == 0)
        w->emit = SN_WATCH_TEXT;
    else
        return SN_OPT_UNKNOWN;
    return SN_OPT_OK;
}

/* Seconds from "50" or "50ms" (milliseconds) or "0.5s", at least the row's lo, into a double. */
static sn_opt_answer set_duration(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || !(x >= 0) || x > 86400e3)
        return SN_OPT_BAD;
    if (strcmp(end, "ms") == 0 || *end == '\0')
        x /= 1000;
    else if (strcmp(end, "s") != 0)
        return SN_OPT_BAD;
    if (x < o->lo)
        return SN_OPT_BAD;
    *(double *)((char *)opts + o->offset) = x;
    return SN_OPT_OK;
}

const sn_opt sn_watch_options[] = {
    {"state", NULL, SN_OPT_TEXT, 0, NULL, 0, 0, "a file name such as watch.db",
     "the SQLite state file", NULL, set_name, offsetof(sn_watch_opts, state)},
    {"emit", NULL, SN_OPT_WORD, 0, "json-lines", 0, 0, "json-lines or text",
     "the form of the re-score lines", NULL, set_emit, 0},
    {"out", NULL, SN_OPT_TEXT, 0, NULL, 0, 0, "a file name such as report.json",
     "the JSON report, replaced atomically after each re-score", NULL, set_name,
     offsetof(sn_watch_opts, out)},
    {"debounce", NULL, SN_OPT_SPAN, 0, "50ms", 0, 86400, "milliseconds such as 50ms",
     "wait this long after the last change", NULL, set_duration, offsetof(sn_watch_opts, debounce)},
    {"poll_interval", NULL, SN_OPT_SPAN, 0, "1s", 0.001, 86400, "a time such as 1s",
     "with poll: how often the folders are read", NULL, set_duration,
     offsetof(sn_watch_opts, poll_interval)},
    {"ei_threshold", NULL, SN_OPT_NUMBER, 0, "0.05", 0, 2, "a number from 0 to 2",
     "report E-I moves larger than this", NULL, sn_opt_to_double,
     offsetof(sn_watch_opts, ei_threshold)},
    {"poll", NULL, SN_OPT_FLAG, 0, "false", 0, 0, "true or false",
     "poll the folders instead of file-system events", NULL, sn_opt_to_flag,
     offsetof(sn_watch_opts, poll)},
    {"once", NULL, SN_OPT_FLAG, 0, "false", 0, 0, "true or false",
     "read what is there, re-score once, exit", NULL, sn_opt_to_flag,
     offsetof(sn_watch_opts, once)},
};
const size_t sn_watch_n_options = sizeof sn_watch_options / sizeof *sn_watch_options;

sn_status sn_watch_opts_set(sn_watch_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_watch_options, sn_watch_n_options, o, key, value, NULL, err);
}
