/*
 * sql.c - the contact -> tie reduce as one SQL query (samnett sql): what
 * ingest does to each field (trimmed ids in normal form C, channel names and
 * their aliases, weight 1 by default, empty case = none), the calendar
 * bucket in the analysis time zone, and under a pseudonym key the keyed
 * pseudonyms and the small-cell rule of --privacy shared. The dialects
 * differ only in date truncation and time zones, string functions and the
 * HMAC; each difference is one function below.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "samnett/output.h"
#include "samnett/store.h"

/* The code points ingest trims from ids: ASCII white space, U+0085 and Unicode Zs, Zl, Zp. */
static const unsigned space_cps[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0x85,
                                     0xA0,   0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
                                     0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028,
                                     0x2029, 0x202F, 0x205F, 0x3000};
#define N_SPACE (sizeof space_cps / sizeof space_cps[0])

/* The alphabet of the pseudonyms (lower-case Crockford base 32), core/privacy. */
static const char crockford[] = "0123456789abcdefghjkmnpqrstvwxyz";

typedef struct q {
    FILE *f;
    sn_sql_dialect d;
} q;

static void put(q *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(q *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(o->f, fmt, ap);
    va_end(ap);
}

/* A string literal: quotes doubled (Spark: backslash-escaped). */
static void lit(q *o, const char *s)
{
    fputc('\'', o->f);
    for (; *s; s++) {
        if (*s == '\'')
            fputs(o->d == SN_SQL_SPARK ? "\\'" : "''", o->f);
        else if (*s == '\\' && o->d == SN_SQL_SPARK)
            fputs("\\\\", o->f);
        else
            fputc(*s, o->f);
    }
    fputc('\'', o->f);
}

/* An identifier, quoted: "x" (Spark: `x`), the quote character doubled. */
static void ident(q *o, const char *s, size_t len)
{
    char qc = o->d == SN_SQL_SPARK ? '`' : '"';
    fputc(qc, o->f);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == qc)
            fputc(qc, o->f);
        fputc(s[i], o->f);
    }
    fputc(qc, o->f);
}

/* The table name, each part of "schema.table" quoted. */
static void table(q *o, const char *name)
{
    const char *p = name;
    for (;;) {
        const char *dot = strchr(p, '.');
        ident(o, p, dot ? (size_t)(dot - p) : strlen(p));
        if (!dot)
            break;
        fputc('.', o->f);
        p = dot + 1;
    }
}

/* The set of white-space characters as a string expression. */
static void spaces(q *o)
{
    switch (o->d) {
    case SN_SQL_POSTGRES:
    case SN_SQL_TRINO:
        put(o, "U&'");
        for (size_t i = 0; i < N_SPACE; i++)
            put(o, "\\%04X", space_cps[i]);
        put(o, "'");
        break;
    case SN_SQL_DUCKDB:
        for (size_t i = 0; i < N_SPACE; i++)
            put(o, "%schr(%u)", i ? " || " : "(", space_cps[i]);
        put(o, ")");
        break;
    case SN_SQL_SPARK:
        put(o, "'");
        for (size_t i = 0; i < N_SPACE; i++)
            put(o, "\\u%04X", space_cps[i]);
        put(o, "'");
        break;
    }
}

/* An id as ingest reads it: trimmed, then in Unicode normal form C (not in Spark SQL). */
static void norm_id(q *o, const char *col)
{
    const char *nfc_open = o->d == SN_SQL_DUCKDB ? "nfc_normalize(" : "normalize(";
    const char *nfc_close = o->d == SN_SQL_DUCKDB ? ")" : ", NFC)";
    if (o->d == SN_SQL_SPARK)
        nfc_open = nfc_close = "";
    put(o, "%s", nfc_open);
    if (o->d == SN_SQL_POSTGRES || o->d == SN_SQL_DUCKDB) {
        put(o, "%s(", o->d == SN_SQL_POSTGRES ? "btrim" : "trim");
        ident(o, col, strlen(col));
        put(o, ", ");
        spaces(o);
        put(o, ")");
    } else {
        put(o, "trim(BOTH ");
        spaces(o);
        put(o, " FROM ");
        ident(o, col, strlen(col));
        put(o, ")");
    }
    put(o, "%s", nfc_close);
}

/* The key a channel name is looked up by: in normal form C, lower case (Æ, Ø and Å too). */
static void channel_key(q *o)
{
    put(o, "translate(lower(");
    if (o->d == SN_SQL_POSTGRES || o->d == SN_SQL_TRINO)
        put(o, "normalize(");
    else if (o->d == SN_SQL_DUCKDB)
        put(o, "nfc_normalize(");
    put(o, "coalesce(");
    ident(o, "channel", 7);
    put(o, ", '')");
    if (o->d == SN_SQL_POSTGRES || o->d == SN_SQL_TRINO)
        put(o, ", NFC)");
    else if (o->d == SN_SQL_DUCKDB)
        put(o, ")");
    put(o, "), '\xc3\x86\xc3\x98\xc3\x85', '\xc3\xa6\xc3\xb8\xc3\xa5')");
}

/* The canonical channel: every alias of each known channel; '' is other; the rest as given. */
static void channel_case(q *o)
{
    put(o, "CASE WHEN channel_key = '' THEN 'other'");
    for (int ch = 0; ch < SN_CHANNEL_KNOWN; ch++) {
        put(o, "\n      WHEN channel_key IN (");
        int n = 0, c;
        const char *a;
        for (size_t i = 0; (a = sn_channel_alias(i, &c)) != NULL; i++)
            if (c == ch) {
                put(o, "%s", n++ ? ", " : "");
                lit(o, a);
            }
        put(o, ") THEN ");
        lit(o, sn_channel_known_name(ch));
    }
    put(o, "\n      ELSE channel_raw END");
}

static const char *const bucket_unit[] = {"day", "week", "month", "quarter"};

/* The bucket's first day, YYYY-MM-DD, in the time zone tz. */
static void bucket(q *o, sn_sql_bucket b, const char *tz)
{
    const char *u = bucket_unit[b];
    switch (o->d) {
    case SN_SQL_POSTGRES:
        put(o, "to_char(date_trunc('%s', t AT TIME ZONE ", u);
        lit(o, tz);
        put(o, "), 'YYYY-MM-DD')");
        break;
    case SN_SQL_DUCKDB:
        put(o, "strftime(date_trunc('%s', timezone(", u);
        lit(o, tz);
        put(o, ", t)), '%%Y-%%m-%%d')");
        break;
    case SN_SQL_SPARK:
        put(o, "date_format(date_trunc('%s', from_utc_timestamp(t, ", u);
        lit(o, tz);
        put(o, ")), 'yyyy-MM-dd')");
        break;
    case SN_SQL_TRINO:
        put(o, "CAST(CAST(date_trunc('%s', t AT TIME ZONE ", u);
        lit(o, tz);
        put(o, ") AS DATE) AS VARCHAR)");
        break;
    }
}

/* A time as UTC, YYYY-MM-DDTHH:MM:SSZ. */
static void utc(q *o, const char *col)
{
    switch (o->d) {
    case SN_SQL_POSTGRES:
        put(o, "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", col);
        break;
    case SN_SQL_DUCKDB:
        put(o, "strftime(timezone('UTC', %s), '%%Y-%%m-%%dT%%H:%%M:%%SZ')", col);
        break;
    case SN_SQL_SPARK: /* the session time zone is UTC (see the query's comment) */
        put(o, "date_format(%s, \"yyyy-MM-dd'T'HH:mm:ss'Z'\")", col);
        break;
    case SN_SQL_TRINO:
        put(o, "date_format(%s AT TIME ZONE 'UTC', '%%Y-%%m-%%dT%%H:%%i:%%sZ')", col);
        break;
    }
}

static const char *double_type(sn_sql_dialect d)
{
    return d == SN_SQL_POSTGRES ? "DOUBLE PRECISION" : "DOUBLE";
}

static const char *text_type(sn_sql_dialect d)
{
    return d == SN_SQL_POSTGRES ? "TEXT" : d == SN_SQL_SPARK ? "STRING" : "VARCHAR";
}

/* The keyed pseudonym of column id: "a-" and the first 128 bits of the HMAC in base 32. */
static void pseudonym(q *o, const unsigned char key[32])
{
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", key[i]);
    if (o->d == SN_SQL_TRINO) {
        put(o,
            "'a-' || translate(substr(to_base32(substr(hmac_sha256(to_utf8('actor:' || id), "
            "from_hex('%s')), 1, 16)), 1, 26), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', '%s') AS p",
            hex, crockford);
        return;
    }
    /* PostgreSQL: the 128 bits and two zero bits as a bit string, cut 5 bits a character */
    put(o, "'a-'");
    for (int i = 0; i < 26; i++)
        put(o, "\n        || substr('%s', substring(h FROM %d FOR 5)::bit(5)::int + 1, 1)",
            crockford, 5 * i + 1);
    put(o,
        " AS p\n      FROM (SELECT id, ('x' || encode(substr(hmac(convert_to('actor:' || id, "
        "'UTF8'), "
        "decode('%s', 'hex'), 'sha256'), 1, 16), 'hex') || '0')::bit(132) AS h",
        hex);
}

void sn_sql_opts_init(sn_sql_opts *o)
{
    memset(o, 0, sizeof *o);
    o->dialect = SN_SQL_POSTGRES;
    o->bucket = SN_SQL_MONTH;
    o->timezone = "Europe/Oslo";
    o->table = "contacts";
    o->has_case = o->has_weight = 1;
    o->min_cell = 3;
}

static const char *const dialect_names[] = {"postgres", "duckdb", "spark", "trino"};
static const char *const engines[] = {"PostgreSQL", "DuckDB", "Spark SQL", "Trino"};

const char *sn_sql_dialect_name(sn_sql_dialect d)
{
    return dialect_names[d];
}

sn_status sn_sql_dialect_parse(const char *name, sn_sql_dialect *out, sn_err *err)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, dialect_names[i]) == 0) {
            *out = (sn_sql_dialect)i;
            return SN_OK;
        }
    if (strcmp(name, "postgresql") == 0) {
        *out = SN_SQL_POSTGRES;
        return SN_OK;
    }
    return sn_err_set(err, SN_EUSAGE,
                      "--dialect: unknown dialect '%.100s'; expected postgres, duckdb, spark or "
                      "trino",
                      name);
}

sn_status sn_sql_bucket_parse(const char *name, sn_sql_bucket *out, sn_err *err)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, bucket_unit[i]) == 0) {
            *out = (sn_sql_bucket)i;
            return SN_OK;
        }
    return sn_err_set(err, SN_EUSAGE,
                      "--bucket: unknown bucket '%.100s'; expected day, week, month or quarter",
                      name);
}

int sn_sql_dialect_hmac(sn_sql_dialect d)
{
    return d == SN_SQL_POSTGRES || d == SN_SQL_TRINO;
}

static void header(q *o, const sn_sql_opts *opt)
{
    put(o, "-- samnett: the contact -> tie reduce for %s (bucket %s, time zone %s%s).\n",
        engines[o->d], bucket_unit[opt->bucket], opt->timezone,
        opt->key ? ", keyed pseudonyms" : "");
    put(o,
        "-- Reads the contacts table (time a timestamp with time zone, from, to, channel%s%s)\n"
        "-- and returns the tie table of samnett's docs/ties-columns.md, sorted by from, to,\n"
        "-- channel and bucket: load it with `samnett analyze --ties FILE`.\n",
        opt->has_case ? ", case" : "", opt->has_weight ? ", weight" : "");
    if (o->d == SN_SQL_SPARK)
        put(o, "-- Spark SQL: run it with the session time zone UTC\n"
               "-- (spark-sql --conf spark.sql.session.timeZone=UTC -f FILE); ids are not put\n"
               "-- in Unicode normal form C (Spark SQL has no normalize).\n");
    if (opt->key) {
        put(o,
            "-- Ids are keyed pseudonyms; ties with fewer than %d contacts are left out.\n"
            "-- THIS QUERY HOLDS THE PSEUDONYM KEY: keep it as you keep the key.\n",
            opt->min_cell);
        if (o->d == SN_SQL_POSTGRES)
            put(o, "-- Needs pgcrypto's hmac() (CREATE EXTENSION pgcrypto, once per database).\n");
    }
}

sn_status sn_sql_reduce(const sn_sql_opts *opt, FILE *out, sn_err *err)
{
    if (opt->key && !sn_sql_dialect_hmac(opt->dialect))
        return sn_err_set(err, SN_EUSAGE,
                          "--pseudonym-key: %s cannot compute HMAC-SHA256, so the pseudonyms "
                          "cannot be made in the query; expected no key here: reduce with the "
                          "real ids and pseudonymise on load with `samnett analyze --ties FILE "
                          "--privacy shared --pseudonym-key KEY`",
                          engines[opt->dialect]);
    q qq = {out, opt->dialect}, *o = &qq;
    sn_sql_dialect d = opt->dialect;
    header(o, opt);
    /* each contact with its fields as ingest reads them */
    put(o, "WITH contact AS (\n  SELECT\n    ");
    norm_id(o, "from");
    put(o, " AS a,\n    ");
    norm_id(o, "to");
    put(o, " AS b,\n    coalesce(");
    ident(o, "channel", 7);
    put(o, ", '') AS channel_raw,\n    ");
    channel_key(o);
    put(o, " AS channel_key,\n    ");
    ident(o, "time", 4);
    put(o, " AS t,\n    ");
    if (opt->has_weight) {
        put(o, "coalesce(CAST(");
        ident(o, "weight", 6);
        put(o, " AS %s), 1)", double_type(d));
    } else {
        put(o, "CAST(1 AS %s)", double_type(d));
    }
    put(o, " AS w,\n    ");
    if (opt->has_case) {
        put(o, "nullif(");
        ident(o, "case", 4);
        put(o, ", '')");
    } else {
        put(o, "CAST(NULL AS %s)", text_type(d));
    }
    put(o, " AS c\n  FROM ");
    table(o, opt->table);
    /* the rows ingest rejects (no time, an empty id, a weight that is not a non-negative number) */
    put(o, "\n),\nkept AS (\n  SELECT a, b,\n    ");
    channel_case(o);
    put(o, " AS channel,\n    ");
    bucket(o, opt->bucket, opt->timezone);
    put(o, " AS bucket,\n    t, w, c\n  FROM contact\n"
           "  WHERE t IS NOT NULL AND a <> '' AND b <> '' AND w >= 0 AND w <= 3.0e38\n),\n");
    /* the reduce; weights are single precision in samnett's store, summed as doubles */
    put(o,
        "ties AS (\n  SELECT a, b, channel, bucket, count(*) AS contacts,\n"
        "    sum(CAST(CAST(w AS %s) AS %s)) AS weight,\n"
        "    count(DISTINCT c) AS cases, min(t) AS first_t, max(t) AS last_t\n"
        "  FROM kept\n  GROUP BY a, b, channel, bucket\n)",
        d == SN_SQL_SPARK ? "FLOAT" : "REAL", double_type(d));
    const char *from = "ties";
    if (opt->key) {
        put(o, ",\nids AS (\n  SELECT id, ");
        pseudonym(o, opt->key);
        put(o, "\n  FROM (SELECT a AS id FROM ties UNION SELECT b FROM ties) u%s\n),\n",
            d == SN_SQL_POSTGRES ? ") x" : "");
        put(o, "named AS (\n  SELECT f.p AS a, g.p AS b, channel, bucket, contacts, weight, cases, "
               "first_t, last_t,\n    sum(contacts) OVER (PARTITION BY f.p, g.p) AS tie_contacts\n"
               "  FROM ties JOIN ids f ON f.id = ties.a JOIN ids g ON g.id = ties.b\n)");
        from = "named";
    }
    put(o, "\nSELECT a AS ");
    ident(o, "from", 4);
    put(o, ", b AS ");
    ident(o, "to", 2);
    put(o,
        ", channel, bucket, contacts,\n  CASE WHEN weight = floor(weight) AND abs(weight) < 1e15 "
        "THEN CAST(CAST(weight AS BIGINT) AS %s)\n    ELSE CAST(weight AS %s) END AS weight,\n"
        "  cases, ",
        text_type(d), text_type(d));
    utc(o, "first_t");
    put(o, " AS ");
    ident(o, "first", 5);
    put(o, ",\n  ");
    utc(o, "last_t");
    put(o, " AS ");
    ident(o, "last", 4);
    put(o, "\nFROM %s\n", from);
    if (opt->key)
        put(o, "WHERE tie_contacts >= %d\n", opt->min_cell);
    if (d == SN_SQL_POSTGRES) /* byte order, whatever the database's collation */
        put(o, "ORDER BY a COLLATE \"C\", b COLLATE \"C\", channel COLLATE \"C\", bucket;\n");
    else
        put(o, "ORDER BY a, b, channel, bucket;\n");
    if (fflush(out) != 0 || ferror(out))
        return sn_err_set(err, SN_EIO, "cannot write the query");
    return SN_OK;
}
