/*
 * samnett/output.h - reports: the readable text summary and JSON (schema 1).
 */
#ifndef SAMNETT_OUTPUT_H
#define SAMNETT_OUTPUT_H

#include <stdio.h>

#include "samnett/analysis.h"
#include "samnett/error.h"
#include "samnett/reduce.h"
#include "samnett/store.h"

#define SN_JSON_SCHEMA 1

typedef enum sn_lang { SN_LANG_EN, SN_LANG_NB } sn_lang;

/*
 * The CSV dialect of sn_report_csv:
 *   SN_CSV_PLAIN  comma-separated, UTF-8 without BOM, decimal point, LF
 *                 (RFC 4180 but for the line ends; the default);
 *   SN_CSV_EXCEL  for a spreadsheet set up for Norwegian (or another locale
 *                 with a decimal comma): ';'-separated, UTF-8 with BOM,
 *                 decimal comma in number cells (never in ids or text), CRLF.
 * Both are written by the same table writers; the dialect only changes how
 * cells, separators and line ends come out (sn_csv_dialect_of).
 */
typedef enum sn_csv_style { SN_CSV_PLAIN, SN_CSV_EXCEL } sn_csv_style;
typedef struct sn_csv_dialect {
    char sep;     /* between cells */
    char decimal; /* the decimal mark of number cells */
    int bom;      /* a UTF-8 byte order mark first */
    int crlf;     /* rows end in CR LF (else LF) */
} sn_csv_dialect;
const sn_csv_dialect *sn_csv_dialect_of(sn_csv_style style);
/* "plain" or "excel" (case-insensitive) into *out; SN_EUSAGE otherwise. */
sn_status sn_csv_style_parse(const char *name, sn_csv_style *out, sn_err *err);

typedef struct sn_report {
    const sn_store *store;
    const sn_analysis *an;
    const sn_diag *diag;
    const char *const *inputs; /* the sources as given */
    size_t n_inputs;
    int top;      /* rows in "top" tables (text) */
    sn_lang lang; /* text report language */
    /* lens findings (samnett/lens.h), or NULL when no lens ran */
    const struct sn_lens_results *lenses;
    /*
     * When set, called once before the lens findings are read: the lenses
     * may still be running while the report's other parts are written.
     */
    void (*lenses_wait)(void *ud);
    void *lenses_ud;
    /*
     * The JSON of lens i as sn_report_lens_dump made it (lens_dumped_len[i]
     * bytes), for the lenses done before the report reached them; NULL (the
     * array, or an entry) to build it when the report is written.
     */
    char *const *lens_dumped;
    const size_t *lens_dumped_len;
    /*
     * The ties as the network files show them (sn_analysis_ties): needed by
     * sn_report_graphml and sn_report_gexf, and for ties.csv; NULL: none.
     */
    const struct sn_network_ties *ties;
    /*
     * The drawing of the network (sn_analysis_layout): the GEXF's positions
     * and colours, and the HTML report's map; NULL: none.
     */
    const struct sn_layout *layout;
    /* The command that made the report (shown by the HTML report); may be NULL. */
    const char *const *command;
    size_t n_command;
    sn_csv_style csv; /* the dialect of sn_report_csv (SN_CSV_PLAIN when zero) */
    /*
     * The options set that differ from their defaults, for the provenance:
     * pairs settings[2i] (the option as typed, "--window") and settings[2i + 1]
     * (its value; NULL for a flag). n_settings pairs.
     */
    const char *const *settings;
    size_t n_settings;
    /* The time zone the report's times are in (NULL: UTC); see sn_report_time_zone. */
    const char *time_zone;
    /*
     * The privacy profile (samnett/privacy.h) the store was prepared with and
     * whose small-cell rule the writers apply; NULL: internal, no suppression.
     */
    const struct sn_privacy *privacy;
} sn_report;

/* The time zone of r's times as the provenance names it: r->time_zone, else "UTC". */
const char *sn_report_time_zone(const sn_report *r);

struct sn_lens_result;
struct json_t;
/*
 * One lens's entry of the JSON report's `lenses`, dumped as the report
 * writes it: safe on another thread once the lens's result is final (so it
 * can be made while the report's other parts are written). NULL when out of
 * memory; the caller frees it.
 */
char *sn_report_lens_dump(const struct sn_lens_result *l, size_t *len);

sn_status sn_report_text(const sn_report *r, FILE *out, sn_err *err);
sn_status sn_report_json(const sn_report *r, FILE *out, sn_err *err);
/* The same JSON report as a jansson object in *out that the caller owns (json_decref). */
sn_status sn_report_json_build(const sn_report *r, struct json_t **out, sn_err *err);
/*
 * CSV tables into the folder dir (created if missing), in the dialect
 * r->csv; every file, column and unit is described in docs/csv-columns.md.
 * Each table is tidy (one observation per row, no lists in a cell):
 * actors.csv (a row per node: id, level, organisation, members, the level's
 * own columns, the node measures and the brokerage of the first partition),
 * groups.csv, brokerage.csv and contact_matrix.csv; network.csv (one row of
 * the scalars of the JSON report's `network`, a member of filters or
 * centralization as filters_KEY, centralization_KEY) and its lists in
 * network_filter_channels.csv, network_contacts_by_type.csv and
 * network_articulation_points.csv. With r->ties also ties.csv. With cases
 * cases.csv and co_serving.csv; with meetings meetings.csv,
 * meeting_series.csv, meeting_series_members.csv and
 * meeting_series_quarters.csv. With temporal results windows.csv,
 * window_channels.csv, window_actors.csv (with window metrics),
 * temporal_ties.csv, temporal_actors.csv, temporal_pairs.csv and
 * change_points.csv. With r->lenses (waited for with r->lenses_wait first)
 * lenses.csv, findings.csv, finding_values.csv and finding_thresholds.csv.
 * Each file is written beside its target, then renamed.
 */
sn_status sn_report_csv(const sn_report *r, const char *dir, sn_err *err);

/*
 * The network itself, for Gephi, NetworkX, igraph and the like (r->ties must
 * be set). Nodes have the report's node ids (actor ids, or the unit and
 * organisation labels at those levels) and, declared with their types, the
 * actor attributes (name, type, organisation, unit, rank, profession,
 * auto_created and the extra columns; an extra column named as another is
 * attr_NAME) or at the other levels organisation, unit (at the unit level)
 * and members, as the JSON report's actors, the node measures and
 * the brokerage roles' raw counts. Ties are directed, with weight, contacts,
 * contacts_CHANNEL and first and last (ISO 8601). A measure that is not
 * defined (NaN) is left out of the node.
 *
 * Text is escaped for XML; TAB, LF and CR are kept as character
 * references, and the other C0 controls (which XML 1.0 cannot hold) are
 * written as \xNN, as the text report shows them.
 *
 * sn_report_graphml: GraphML (keys n0.. for nodes, e0.. for edges, with
 *     attr.name and attr.type).
 * sn_report_gexf: GEXF 1.2 (http://www.gexf.net/1.2draft); the weight is the
 *     edge's weight attribute. With time windows the graph is dynamic
 *     (timeformat "date"): every node and tie has a spell per window in
 *     which it is present (sn_analysis_ties), from the window's first day
 *     to its last, and each tie the dynamic attributes window_weight and
 *     window_contacts per window. With r->layout, each node has a
 *     viz:position (the layout's x and y times 20) and a viz:color, the
 *     colour of its organisation.
 *
 * Under the small-cell rule of r->privacy (min_cell K > 0) a count that the
 * rule hides (a node's members, degrees, strengths, reachable and brokerage
 * raw counts; a tie's weight, contacts and contacts per channel, with the
 * same secondary suppressions as every other format) is left out of its
 * node or tie, as an undefined measure is. Under shared the ties of fewer
 * than K contacts are left out, the name and profession attributes are not
 * declared, and the privacy notice is an XML comment and (GraphML) the
 * graph attribute `privacy` or (GEXF) the meta description.
 */
/*
 * The HTML report: one page that works offline (no file is fetched when it
 * is opened), in r->lang, with what was analysed, the network map (r->layout
 * positions; r->ties must be set), the charts and the lens findings. D3
 * (Debian's node-d3) is inlined with its licence. The data is a JSON value in
 * a <script type="application/json" id="samnett-data"> element, described in
 * core/output/html/README.md.
 */
sn_status sn_report_html(const sn_report *r, FILE *out, sn_err *err);
sn_status sn_report_graphml(const sn_report *r, FILE *out, sn_err *err);
sn_status sn_report_gexf(const sn_report *r, FILE *out, sn_err *err);

/*
 * The report's sections that samnett watch repeats in its lines, built in one
 * place so that the keys cannot drift apart. Each is built in one of two forms:
 *
 *   SN_SECTION_REPORT   as in the JSON report (`input`, `network`, one
 *                       partition of `silo`);
 *   SN_SECTION_SUMMARY  as in samnett watch's lines, from a summary analysis
 *                       (sn_analysis_opts.summary_only): the same keys in the
 *                       same order, less what the summary does not have or the
 *                       line leaves out. `input` (the lines' `totals`) without
 *                       sources, warnings and ids_merged; `network` without
 *                       filters, within_group_contacts, below_min_contacts,
 *                       contacts_by_type and the betweenness centralization,
 *                       with articulation_points as a count; a partition of
 *                       `silo` without permutations, ties and matrix, with
 *                       groups as a count.
 *
 * The input section reads r->store (and, in the report form, r->inputs and
 * r->diag); the others read r->an. A part that cannot be built (out of memory,
 * or text that is not UTF-8) fails the whole section: an error (SN_ENOMEM or
 * SN_EINPUT) with err set and *out NULL, never a section without the key.
 * On success *out is the caller's (json_decref).
 */
typedef enum sn_section_form { SN_SECTION_REPORT, SN_SECTION_SUMMARY } sn_section_form;
sn_status sn_report_input_json(const sn_report *r, sn_section_form form, struct json_t **out,
                               sn_err *err);
sn_status sn_report_network_json(const sn_report *r, sn_section_form form, struct json_t **out,
                                 sn_err *err);
/* Partition i of r->an (its entry of `silo`, keyed by r->an->partitions[i].attr). */
sn_status sn_report_silo_json(const sn_report *r, size_t i, sn_section_form form,
                              struct json_t **out, sn_err *err);

/*
 * A file replaced atomically: written to a temporary file beside its target
 * (PATH.tmp.PID, in the same folder), then renamed over it, so a reader never
 * sees half of it. With SN_FILE_DEVICE_IN_PLACE a target that exists and is not
 * a regular file (a device or a pipe: /dev/null, /dev/stdout) is written to
 * directly and never renamed over. Nothing is synced to disk (fsync): the
 * rename keeps readers from a half-written file, not a crash from losing it.
 *
 *   sn_file_open   open the file to write (f); on failure err says
 *                  "PATH: cannot write: REASON".
 *   sn_file_close  close it; when rc (the writer's status) is SN_OK and every
 *                  write and the close succeeded, rename it into place.
 *                  Otherwise the temporary file is removed. Returns rc, or
 *                  SN_EIO ("PATH: cannot write: REASON") when rc was SN_OK
 *                  and the file could not be completed.
 */
#define SN_FILE_DEVICE_IN_PLACE 1
typedef struct sn_file {
    FILE *f;
    char path[4096];
    char tmp[4200]; /* the temporary file; "" when written in place */
} sn_file;
sn_status sn_file_open(sn_file *w, const char *path, int flags, sn_err *err);
sn_status sn_file_close(sn_file *w, sn_status rc, sn_err *err);

/*
 * The contact -> tie reduce as one SQL query (a SELECT, no DDL), for the
 * engines where the contacts live. It reads table `table` with the columns
 * of the contacts file ("time" a timestamp with time zone, "from", "to",
 * "channel", "case" and "weight"; the last two may be left out with
 * has_case / has_weight 0) and returns the tie table of docs/ties-columns.md
 * (from, to, channel, bucket, contacts, weight, cases, first, last), sorted
 * by from, to, channel and bucket in byte order. Each field is read as
 * samnett's ingest reads it, as far as SQL can (README, "Past one machine").
 *
 * With key (32 bytes, --pseudonym-key), from and to are the keyed pseudonyms
 * of --privacy shared (sn_privacy_pseudonym), computed once per distinct id,
 * and every row of a tie whose contacts are fewer than min_cell is left out;
 * the key is written into the query as a hex literal. Only the dialects that
 * can compute HMAC-SHA256 take a key (sn_sql_dialect_hmac).
 */
typedef enum sn_sql_dialect {
    SN_SQL_POSTGRES,
    SN_SQL_DUCKDB,
    SN_SQL_SPARK,
    SN_SQL_TRINO,
} sn_sql_dialect;
typedef enum sn_sql_bucket {
    SN_SQL_DAY,
    SN_SQL_WEEK,
    SN_SQL_MONTH,
    SN_SQL_QUARTER,
} sn_sql_bucket;
typedef struct sn_sql_opts {
    sn_sql_dialect dialect;
    sn_sql_bucket bucket;     /* default month */
    const char *timezone;     /* the analysis time zone (an IANA name), default Europe/Oslo */
    const char *table;        /* default "contacts"; "schema.table" is quoted part by part */
    int has_case, has_weight; /* the table has the column (default 1) */
    const unsigned char *key; /* the 32-byte pseudonym key, or NULL */
    int min_cell;             /* with a key: ties with fewer contacts are left out */
} sn_sql_opts;
void sn_sql_opts_init(sn_sql_opts *o);
/* "postgres" (or "postgresql"), "duckdb", "spark", "trino" into *out; SN_EUSAGE otherwise. */
sn_status sn_sql_dialect_parse(const char *name, sn_sql_dialect *out, sn_err *err);
/* "day", "week", "month", "quarter" into *out; SN_EUSAGE otherwise. */
sn_status sn_sql_bucket_parse(const char *name, sn_sql_bucket *out, sn_err *err);
const char *sn_sql_dialect_name(sn_sql_dialect d);
/* 1 when the dialect computes HMAC-SHA256 in SQL (PostgreSQL with pgcrypto, Trino). */
int sn_sql_dialect_hmac(sn_sql_dialect d);
/* Write the query to out. SN_EUSAGE for a key the dialect cannot use, SN_EIO on a write error. */
sn_status sn_sql_reduce(const sn_sql_opts *o, FILE *out, sn_err *err);

/*
 * The tie table (samnett reduce, docs/ties-columns.md) as CSV with its
 * header, or as JSONL (jsonl = 1): one object a row, the same keys. Rows in
 * the table's order. SN_EIO when a write failed.
 */
sn_status sn_tie_table_write(const sn_tie_table *t, FILE *f, int jsonl, sn_err *err);
/*
 * What a report from a tie table (store->tie_bucket >= 0) cannot give, as
 * the JSON report's input.unavailable names it (NULL-terminated): case
 * pathways, meetings (hyperedges, projection, series), change points and
 * every timing finer than a bucket (gaps, burstiness, response times, time
 * shuffles).
 */
extern const char *const sn_report_ties_unavailable[];

#endif
