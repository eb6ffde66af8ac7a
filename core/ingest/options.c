/* options.c - the readers' options, by key (samnett/option.h), and the limit on rejected rows. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "samnett/ingest.h"
#include "samnett/time.h"
#include "../util/toolbox.h"

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

const char *sn_encoding_name(sn_encoding e)
{
    switch (e) {
    case SN_ENC_UTF8:
        return "utf-8";
    case SN_ENC_CP1252:
        return "windows-1252";
    case SN_ENC_LATIN1:
        return "iso-8859-1";
    default:
        return "auto";
    }
}

static sn_opt_answer set_encoding(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)o, (void)why, (void)cap;
    static const struct {
        const char *name;
        sn_encoding e;
    } names[] = {
        {"auto", SN_ENC_AUTO},           {"utf-8", SN_ENC_UTF8},     {"utf8", SN_ENC_UTF8},
        {"windows-1252", SN_ENC_CP1252}, {"cp1252", SN_ENC_CP1252},  {"iso-8859-1", SN_ENC_LATIN1},
        {"latin1", SN_ENC_LATIN1},       {"latin-1", SN_ENC_LATIN1},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(v, names[i].name) == 0) {
            ((sn_ingest_opts *)opts)->encoding = names[i].e;
            return SN_OPT_OK;
        }
    return SN_OPT_UNKNOWN;
}

static sn_opt_answer set_text(const sn_opt *o, void *opts, const char *v, char *why, size_t cap)
{
    (void)why, (void)cap;
    if (!*v)
        return SN_OPT_EMPTY;
    memcpy((char *)opts + o->offset, &v, sizeof v);
    return SN_OPT_OK;
}

/* "N" rows or "P%" of the data rows. */
static sn_opt_answer set_max_rejected(const sn_opt *o, void *opts, const char *v, char *why,
                                      size_t cap)
{
    (void)o;
    (void)why;
    (void)cap;
    sn_ingest_opts *io = opts;
    size_t len = v ? strlen(v) : 0;
    if (!len)
        return SN_OPT_EMPTY;
    size_t share = v[len - 1] == '%';
    char buf[64];
    if (len == share || len >= sizeof buf)
        return SN_OPT_BAD;
    memcpy(buf, v, len - share);
    buf[len - share] = '\0';
    if (strspn(buf, "0123456789.") != strlen(buf) || (!share && strchr(buf, '.')))
        return SN_OPT_BAD;
    char *end;
    errno = 0;
    double x = strtod(buf, &end);
    if (errno || *end || !(x >= 0) || (share && x > 100) || x > 1e15)
        return SN_OPT_BAD;
    io->max_rejected = share ? x / 100.0 : x;
    io->max_rejected_share = (int)share;
    io->max_rejected_set = 1;
    return SN_OPT_OK;
}

const sn_opt sn_ingest_options[] = {
    {"max_field", NULL, SN_OPT_WHOLE, 0, NULL, 16, SN_OPT_UNBOUNDED, "bytes >= 16",
     "longest accepted field in bytes (default 65536)", NULL, sn_opt_to_size,
     offsetof(sn_ingest_opts, max_field)},
    {"max_line", NULL, SN_OPT_WHOLE, 0, NULL, 16, SN_OPT_UNBOUNDED, "bytes >= 16",
     "longest accepted line (record) in bytes (default 1 MiB)", NULL, sn_opt_to_size,
     offsetof(sn_ingest_opts, max_line)},
    {"encoding", NULL, SN_OPT_WORD, 0, "auto", 0, 0, "auto, utf-8, windows-1252 or iso-8859-1",
     "how input files are encoded: auto (UTF-8, or Windows-1252 when a file's first non-ASCII "
     "bytes are not UTF-8), utf-8, windows-1252 or iso-8859-1",
     NULL, set_encoding, 0},
    {"map", NULL, SN_OPT_TEXT, 0, NULL, 0, 0, "field=Header,... or @FILE",
     "the header names of columns, e.g. time=Tidspunkt,from=Avsender,to=Mottaker, or @FILE "
     "with one field=Header a line",
     NULL, set_text, offsetof(sn_ingest_opts, map)},
    {"channel_map", NULL, SN_OPT_TEXT, 0, NULL, 0, 0, "a file of 'local name=channel' lines",
     "a file of 'local name=channel' lines: local channel names and the channel each means", NULL,
     set_text, offsetof(sn_ingest_opts, channel_map)},
    {"date_format", NULL, SN_OPT_TEXT, SN_OPT_REPEAT, NULL, 0, 0,
     "a strptime format such as '%d/%m/%Y %H:%M' (at most 8)",
     "a format of the time column, tried before the built-in ones (repeatable)", NULL,
     set_date_format, 0},
    {"timezone", NULL, SN_OPT_TEXT, 0, NULL, 0, 0, "a time-zone name such as Europe/Oslo or UTC",
     "the zone of times without 'Z' or an offset, of calendar windows and periods (default "
     "Europe/Oslo)",
     NULL, set_timezone, 0},
    {"max_rejected", NULL, SN_OPT_TEXT, 0, "10%", 0, 0,
     "a number of rows such as 500, or a share of the data rows such as 25%",
     "stop when more data rows than this are rejected (default 10%)", NULL, set_max_rejected, 0},
};
const size_t sn_ingest_n_options = sizeof sn_ingest_options / sizeof *sn_ingest_options;

sn_status sn_ingest_opts_set(sn_ingest_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_ingest_options, sn_ingest_n_options, o, key, value, NULL, err);
}

long sn_ingest_data_rows(const sn_store *s)
{
    long contact_rejected = s->rows_read - (long)s->n;
    long actor_rejected = s->rejected - contact_rejected;
    long actor_rows =
        (long)s->n_actors - s->auto_actors + (actor_rejected > 0 ? actor_rejected : 0);
    return s->rows_read + (actor_rows > 0 ? actor_rows : 0);
}

/* v with thousands separators ("4,980"), as the other messages and the text report write it. */
static const char *grouped(long v, char *buf, size_t cap)
{
    return sni_group_digits(v, ',', buf, cap);
}

sn_status sn_ingest_check_rejected(const sn_store *s, const sn_ingest_opts *o, sn_err *err)
{
    long rows = sn_ingest_data_rows(s);
    char a[32], b[32], c[32];
    grouped(s->rejected, a, sizeof a);
    grouped(rows, b, sizeof b);
    grouped(s->rows_read, c, sizeof c);
    if (s->n == 0 && s->rows_read > 0)
        return sn_err_set(
            err, SN_EINPUT,
            "no contacts read: every contact row (%s) was rejected, %s of %s data rows in "
            "all; nothing analysed (expected rows that the messages above do not "
            "reject)",
            c, a, b);
    if (s->n == 0)
        return sn_err_set(err, SN_EINPUT,
                          "no contacts read; nothing analysed (expected a contacts file with "
                          "time, from and to, and at least one row)");
    int set = o && o->max_rejected_set;
    double limit = set ? o->max_rejected : 0.10;
    int share = !set || o->max_rejected_share;
    double allowed = share ? limit * (double)rows : limit;
    if ((double)s->rejected <= allowed)
        return SN_OK;
    char lim[48];
    if (share)
        snprintf(lim, sizeof lim, "%g%%", limit * 100.0);
    else
        snprintf(lim, sizeof lim, "%.0f rows", limit);
    return sn_err_set(err, SN_EINPUT,
                      "%s of %s data rows rejected (%.1f%%), more than %s %s%s allows; nothing "
                      "analysed. Fix the rows the messages above name, or raise the limit, e.g. "
                      "%s 100%%",
                      a, b, rows ? 100.0 * (double)s->rejected / (double)rows : 0.0,
                      sn_opt_shown("max_rejected"), lim, set ? "" : " (the default)",
                      sn_opt_shown("max_rejected"));
}
