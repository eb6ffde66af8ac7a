/* options.c - the readers' options, by key (samnett/option.h). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "samnett/ingest.h"
#include "samnett/time.h"

static sn_opt_answer set_timezone(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)opts;
    sn_err e;
    if (sn_tz_use(v, &e) == SN_OK)
        return SN_OPT_OK;
    if (e.code == SN_ENOMEM)
        return SN_OPT_NOMEM;
    snprintf(why, cap,
             "a time-zone name of the system's time-zone database such as Europe/Oslo "
             "or UTC");
    return SN_OPT_UNKNOWN;
}

static sn_opt_answer set_date_format(const sn_opt *o, void *opts, const char *v, char *why,
                                     size_t cap)
{
    (void)o, (void)why, (void)cap;
    sn_ingest_opts *io = opts;
    if (!v[0])
        return SN_OPT_EMPTY;
    if (!strchr(v, '%'))
        return SN_OPT_BAD;
    if (io->n_date_formats == SN_DATE_FORMATS_MAX)
        return SN_OPT_TOO_MANY;
    io->date_formats[io->n_date_formats++] = v;
    return SN_OPT_OK;
}

const sn_opt sn_ingest_options[] = {
    {"max_field", NULL, SN_OPT_WHOLE, 0, NULL, 16, SN_OPT_UNBOUNDED, "bytes >= 16",
     "longest accepted field in bytes (default 65536)", NULL, sn_opt_to_size,
     offsetof(sn_ingest_opts, max_field)},
    {"max_line", NULL, SN_OPT_WHOLE, 0, NULL, 16, SN_OPT_UNBOUNDED, "bytes >= 16",
     "longest accepted line (record) in bytes (default 1 MiB)", NULL, sn_opt_to_size,
     offsetof(sn_ingest_opts, max_line)},
    {"date_format", NULL, SN_OPT_TEXT, SN_OPT_REPEAT, NULL, 0, 0,
     "a strptime format such as '%d/%m/%Y %H:%M' (at most 8)",
     "a format of the time column, tried before the built-in ones (repeatable)", NULL,
     set_date_format, 0},
    {"timezone", NULL, SN_OPT_TEXT, 0, NULL, 0, 0, "a time-zone name such as Europe/Oslo or UTC",
     "the zone of times without 'Z' or an offset, of calendar windows and periods (default "
     "Europe/Oslo)",
     NULL, set_timezone, 0},
};
const size_t sn_ingest_n_options = sizeof sn_ingest_options / sizeof *sn_ingest_options;

sn_status sn_ingest_opts_set(sn_ingest_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_ingest_options, sn_ingest_n_options, o, key, value, NULL, err);
}
