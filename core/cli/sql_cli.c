/*
 * sql_cli.c - `samnett sql --dialect NAME`: print the contact -> tie reduce
 * as one SQL query, to run where the contacts live (README, "Past one
 * machine: the reduce in SQL").
 */
#include "sql_cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_options.h"
#include "samnett/output.h"
#include "samnett/privacy.h"
#include "samnett/time.h"

static const char *const usage_sql =
    "usage: samnett sql --dialect postgres|duckdb|spark|trino [options]\n"
    "\n"
    "Print the contact -> tie reduce as one SQL query (a SELECT; no table is made\n"
    "or changed), to run in the database or cluster where the contacts are. It\n"
    "reads the table contacts with the columns of the contacts file (time a\n"
    "timestamp with time zone; from, to, channel, case and meeting text; weight a\n"
    "number) and returns the tie table (docs/ties-columns.md), sorted by from, to,\n"
    "channel and bucket; `samnett analyze --ties FILE` reads its result. Ids are\n"
    "trimmed (and put in Unicode normal form C, but in Spark SQL), channel names\n"
    "and their Norwegian aliases mapped as samnett reads them (any case), an\n"
    "empty channel is other, an unknown one kept as given, an empty weight is 1\n"
    "and an empty case none. Rows samnett would reject (no time, an empty from or\n"
    "to, a weight that is not a non-negative number) are left out.\n"
    "\n"
    "options:\n"
    "  --dialect NAME         postgres (PostgreSQL 13 or later), duckdb, spark (Spark\n"
    "                         SQL: run it with spark.sql.session.timeZone=UTC) or\n"
    "                         trino; required\n"
    "  --bucket UNIT          day, week (ISO, from Monday), month or quarter: the\n"
    "                         calendar bucket of the ties (default month)\n"
    "  --timezone TZ          the time zone of the buckets' dates (default\n"
    "                         Europe/Oslo)\n"
    "  --table NAME           the contacts table, or schema.table (default contacts)\n"
    "  --no-case              the table has no case column (cases are 0)\n"
    "  --no-weight            the table has no weight column (each contact weighs 1)\n"
    "  --privacy PROFILE      internal (default: the ids as they are) or shared (with\n"
    "                         --pseudonym-key): keyed pseudonyms and the small-cell rule\n"
    "  --pseudonym-key FILE   the key of the pseudonyms (samnett key new FILE): from and\n"
    "                         to become the pseudonyms of --privacy shared, computed in\n"
    "                         SQL (PostgreSQL with pgcrypto's hmac(), Trino's\n"
    "                         hmac_sha256()). The key is written into the query as a\n"
    "                         hex literal: keep the query as you keep the key. DuckDB\n"
    "                         and Spark SQL cannot compute HMAC: reduce there with the\n"
    "                         real ids and pseudonymise on load with `samnett analyze\n"
    "                         --ties FILE --privacy shared --pseudonym-key KEY`\n"
    "  --min-cell K           under shared, every row of a tie (from, to) with fewer\n"
    "                         than K contacts in all is left out (default 3; 2..1000000)\n"
    "  --output FILE, -o FILE write the query to FILE (default: standard output)\n"
    "\n"
    "Exit status: 0 success, 2 usage error or a file that cannot be read or written.\n";

const char *sn_cli_sql_usage(void)
{
    return usage_sql;
}

enum {
    O_DIALECT = 256,
    O_BUCKET,
    O_TIMEZONE,
    O_TABLE,
    O_NO_CASE,
    O_NO_WEIGHT,
    O_PRIVACY,
    O_KEY,
    O_MIN_CELL,
};

int sn_cli_sql(int argc, char **argv)
{
    static const struct option opts[] = {
        {"dialect", required_argument, 0, O_DIALECT},
        {"bucket", required_argument, 0, O_BUCKET},
        {"timezone", required_argument, 0, O_TIMEZONE},
        {"table", required_argument, 0, O_TABLE},
        {"no-case", no_argument, 0, O_NO_CASE},
        {"no-weight", no_argument, 0, O_NO_WEIGHT},
        {"privacy", required_argument, 0, O_PRIVACY},
        {"pseudonym-key", required_argument, 0, O_KEY},
        {"min-cell", required_argument, 0, O_MIN_CELL},
        {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    sn_sql_opts o;
    sn_sql_opts_init(&o);
    sn_err err = {0};
    sn_privacy_profile profile = SN_PRIVACY_INTERNAL;
    const char *key_file = NULL, *output = NULL;
    int have_dialect = 0, min_cell_set = 0, c;
    long v;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(usage_sql, stdout);
            return 0;
        case O_DIALECT:
            if (sn_sql_dialect_parse(optarg, &o.dialect, &err) != SN_OK)
                return sni_cli_usage_error("sql", "%s", err.msg);
            have_dialect = 1;
            break;
        case O_BUCKET:
            if (sn_sql_bucket_parse(optarg, &o.bucket, &err) != SN_OK)
                return sni_cli_usage_error("sql", "%s", err.msg);
            break;
        case O_TIMEZONE:
            /* a zone of the tz database, so the engines know it too */
            if (sn_tz_use(optarg, &err) != SN_OK)
                return sni_cli_usage_error("sql", "%s", err.msg);
            o.timezone = optarg;
            break;
        case O_TABLE:
            if (!*optarg || optarg[0] == '.' || optarg[strlen(optarg) - 1] == '.' ||
                strstr(optarg, ".."))
                return sni_cli_usage_error(
                    "sql", "bad --table '%s'; expected a table name, or schema.table", optarg);
            o.table = optarg;
            break;
        case O_NO_CASE:
            o.has_case = 0;
            break;
        case O_NO_WEIGHT:
            o.has_weight = 0;
            break;
        case O_PRIVACY:
            if (sn_privacy_profile_parse(optarg, &profile, &err) != SN_OK)
                return sni_cli_usage_error("sql", "%s", err.msg);
            break;
        case O_KEY:
            key_file = optarg;
            break;
        case O_MIN_CELL:
            if (sni_cli_parse_long(optarg, &v) || v < 2 || v > 1000000)
                return sni_cli_usage_error(
                    "sql", "bad --min-cell '%s'; expected a whole number in 2..1000000", optarg);
            o.min_cell = (int)v;
            min_cell_set = 1;
            break;
        case 'o':
            output = optarg;
            break;
        case ':':
            return sni_cli_usage_error("sql", "option '%s' needs a value", argv[optind - 1]);
        default:
            return sni_cli_usage_error("sql", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return sni_cli_usage_error("sql", "unexpected argument '%s'", argv[optind]);
    if (!have_dialect)
        return sni_cli_usage_error("sql", "%s",
                                   "no --dialect given; expected postgres, duckdb, spark or trino");
    if (profile == SN_PRIVACY_SHARED && !key_file)
        return sni_cli_usage_error("sql", "%s",
                                   "--privacy shared needs --pseudonym-key FILE (the same key "
                                   "gives the same pseudonyms as samnett analyze)");
    if (key_file && profile != SN_PRIVACY_SHARED)
        return sni_cli_usage_error("sql", "%s",
                                   "--pseudonym-key is for --privacy shared; expected "
                                   "--privacy shared as well");
    if (min_cell_set && profile != SN_PRIVACY_SHARED)
        return sni_cli_usage_error("sql", "%s", "--min-cell is for --privacy shared");
    sn_privacy p;
    memset(&p, 0, sizeof p);
    int rc = 0;
    if (key_file) {
        if (!sn_sql_dialect_hmac(o.dialect)) {
            o.key = p.key; /* refused by sn_sql_reduce, with what to do instead */
        } else if (sn_privacy_key_load(&p, key_file, &err) != SN_OK) {
            fprintf(stderr, "samnett sql: %s\n", err.msg);
            return 2;
        } else {
            o.key = p.key;
            fprintf(stderr, "samnett sql: note: the query holds the pseudonym key (as a hex "
                            "literal): keep it, and the files and logs that hold it, as you "
                            "keep the key\n");
        }
    }
    sn_file w = {0};
    FILE *out = stdout;
    if (output) {
        if (sn_file_open(&w, output, SN_FILE_DEVICE_IN_PLACE, &err) != SN_OK) {
            fprintf(stderr, "samnett sql: %s\n", err.msg);
            explicit_bzero(p.key, sizeof p.key);
            return 2;
        }
        out = w.f;
    }
    sn_status st = sn_sql_reduce(&o, out, &err);
    if (output)
        st = sn_file_close(&w, st, &err);
    if (st != SN_OK) {
        fprintf(stderr, "samnett sql: %s\n", err.msg);
        rc = sn_status_exit_code(st);
    }
    explicit_bzero(p.key, sizeof p.key);
    return rc;
}
