/*
 * format.h - helpers shared by the report writers (internal): text cells and
 * rows, numbers grouped by thousands in the report language, JSON numbers,
 * CSV fields and numbers, and CSV tables written beside their target and
 * renamed into place.
 */
#ifndef SAMNETT_FORMAT_H
#define SAMNETT_FORMAT_H

#include <jansson.h>
#include <stdio.h>

#include "samnett/output.h"
#include "samnett/privacy.h"

json_t *sni_out_num(double x); /* null for NaN */
/*
 * The small-cell rule on JSON (with sni_cells_on(r) only; nothing otherwise).
 *
 * sni_out_cells: in v and everything inside it, each object member whose key
 * is in keys (NULL-terminated; sni_cells_all: every key) and whose value is
 * a count that sni_cells_count suppresses becomes null, followed right after
 * it by "KEY_suppressed": true; a member holding an array of counts (or of
 * arrays of counts) gets its suppressed elements null and the flag after
 * it. Members already null are left as they are.
 *
 * sni_out_hide: member key of object o hidden as suppressed whatever its
 * value (the secondary suppressions of sni_cells_*): null, then
 * "KEY_suppressed": true right after it.
 */
extern const char *const sni_cells_all[];
int sni_cells_key(const char *const *keys, const char *key);
void sni_out_cells(const sn_report *r, json_t *v, const char *const *keys);
void sni_out_hide(json_t *o, const char *key);
/* A whole number as a JSON integer (counts print as integers, as readers expect). */
json_t *sni_out_count(double x);
/* An instant as ISO 8601 UTC text, or null when not valid. */
json_t *sni_out_time(int64_t t, int valid);
/*
 * json_object_set_new and json_array_append_new (v stolen), except that a
 * failure (v NULL because jansson ran out of memory or met text that is not
 * UTF-8, or no room to add it) is counted on this thread, and the report
 * writer below then fails instead of leaving the member out.
 */
int sni_out_set(json_t *o, const char *key, json_t *v);
int sni_out_append(json_t *a, json_t *v);
unsigned long sni_out_lost(void); /* failures so far */

/*
 * The JSON report writer. It either streams the report to a file, one small
 * jansson value at a time, in exactly the layout json_dumpf gives with
 * SN_JSON_FLAGS, or builds the whole report as one jansson tree. The report
 * code makes the same calls in both cases, so the two cannot differ; only the
 * stream keeps memory bounded by the largest single value.
 *
 * A value that is NULL (jansson out of memory), a key that is not valid
 * UTF-8 or a failed write makes the writer fail: later calls do nothing (they
 * still free the values given) and sni_jw_finish reports the first failure.
 */
#define SN_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

/*
 * v as json_dumpb(v, ..., SN_JSON_FLAGS | JSON_ENCODE_ANY) writes it, but
 * every newline followed by pad more spaces, into *buf (realloc'd, *cap
 * bytes; *len written): the same bytes, without printf (jdump.c). -1 when
 * it cannot (out of memory, or a string that is not UTF-8, on which jansson
 * fails too).
 */
int sni_json_dump(const json_t *v, size_t pad, char **buf, size_t *cap, size_t *len);
/* x (finite) as jansson writes a real with JSON_REAL_PRECISION(17); 0 if cap is too small. */
size_t sni_json_real(double x, char *out, size_t cap);
/* x (finite) as snprintf(out, cap, "%.17g", x) writes it in the C locale; its length (0 if cut). */
size_t sni_g17(double x, char *out, size_t cap);

/*
 * A JSON value written by hand, member by member, in the bytes
 * sni_json_dump gives for the jansson value the same calls would build
 * (sni_out_set order; numbers as sni_out_num and sni_out_count): for the
 * report's largest arrays, without building and freeing a jansson value per
 * element. Zero it first; sni_jt_reset before each value; sni_jt_text gives
 * the text, or NULL when something could not be written (a string that is
 * not UTF-8, out of memory, containers left open): then build the jansson
 * value instead, which fails the same way.
 */
typedef struct sni_jbuf {
    char *p;
    size_t len, cap;
    int bad;
} sni_jbuf;
typedef struct sni_jtext {
    sni_jbuf b;
    int depth;
    unsigned char members[16]; /* whether each open container has a member yet */
} sni_jtext;
void sni_jt_reset(sni_jtext *t);
void sni_jt_free(sni_jtext *t);
void sni_jt_open(sni_jtext *t, const char *key, int array); /* key NULL: an element */
void sni_jt_close(sni_jtext *t, int array);
void sni_jt_string(sni_jtext *t, const char *key, const char *s);
void sni_jt_int(sni_jtext *t, const char *key, long long v);
void sni_jt_num(sni_jtext *t, const char *key, double x); /* null when not finite */
void sni_jt_null(sni_jtext *t, const char *key);
const char *sni_jt_text(sni_jtext *t, size_t *len);
#define SN_JW_DEPTH 16
typedef struct sn_jw {
    FILE *f;                      /* streaming into f; NULL: building a tree */
    json_t *root;                 /* tree: the outermost value */
    json_t *open[SN_JW_DEPTH];    /* tree: the open containers (borrowed) */
    const char *key[SN_JW_DEPTH]; /* its key (NULL in an array), for messages */
    char array[SN_JW_DEPTH];      /* the open container is an array */
    char empty[SN_JW_DEPTH];      /* stream: it has no member yet */
    int depth;                    /* open containers */
    sn_status status;             /* the first failure */
    unsigned long lost;           /* sni_out_lost() when last checked */
    char what[1024];              /* what failed, for the message */
    char *buf;                    /* stream: one value as dumped */
    size_t cap;
    int page; /* for the HTML page: without the per-actor and per-pair time measures */
    /*
     * The small-cell rule on what is added (sni_out_cells with these keys, and
     * a count added as member with one of them): set per section; NULL: none.
     */
    const sn_report *cells_r;
    const char *const *cells_keys;
} sn_jw;
void sni_jw_init(sn_jw *w, FILE *f);
/* The JSON report as a tree, less what the HTML page leaves out (sn_jw.page). */
sn_status sni_report_json_build_page(const sn_report *r, json_t **out, sn_err *err);
/* Open an object or array: a member `key` of the open object, or an element (key NULL). */
void sni_jw_open(sn_jw *w, const char *key, int array);
void sni_jw_close(sn_jw *w);
/* Add v (stolen) as member `key` of the open object or as an element (key NULL). */
void sni_jw_add(sn_jw *w, const char *key, json_t *v);
/*
 * v (stolen) as the report writes it at depth 0, or NULL when v, or a part
 * of it, was lost building it (sni_out_lost() moved on from lost, its value
 * before v was built, on this thread); the caller frees it. It can be made
 * on another thread and added later with sni_jw_add_dumped().
 */
char *sni_out_dump(json_t *v, unsigned long lost, size_t *len);
/* Add what sni_out_dump made, as sni_jw_add would have added the value. */
void sni_jw_add_dumped(sn_jw *w, const char *key, const char *text, size_t len);
/* Mark the writer failed with code and message (the first failure wins). */
void sni_jw_fail(sn_jw *w, sn_status code, const char *what);
/*
 * Free the writer. On success a tree writer hands its tree to *root (the
 * caller owns it); on failure the tree is freed and err gets the reason.
 */
sn_status sni_jw_finish(sn_jw *w, json_t **root, sn_err *err);
/*
 * Text report pieces. Every one escapes control characters and invalid UTF-8
 * (sn_escape in samnett/error.h), so that names, ids and lens text from the
 * data cannot move the cursor, clear the screen or fake report lines.
 */
/* "  label (padded to 40 columns) value" and a newline */
void sni_out_row(FILE *out, const char *label, const char *value);
/* s padded (or cut with "...") to width display columns, escapes counted as shown. */
void sni_out_cell(FILE *out, const char *s, int width);
/* s as it is shown; indent, s as it is shown and a newline. */
void sni_out_text(FILE *out, const char *s);
void sni_out_line(FILE *out, const char *indent, const char *s);
/* 1234567 -> "1,234,567" (English) or "1 234 567" (bokmål). */
const char *sni_out_grouped(const sn_report *r, long long v, char *buf, size_t cap);
/*
 * A count as the text and HTML reports show it: grouped as sni_out_grouped,
 * or "<K" when the small-cell rule of r->privacy suppresses it.
 */
const char *sni_out_count_text(const sn_report *r, double v, char *buf, size_t cap);
/* The same, not grouped ("%.0f"), for tables of fixed width. */
const char *sni_out_count_plain(const sn_report *r, double v, char *buf, size_t cap);

/*
 * CSV: a text cell, quoted as needed and, when it begins with =, +, -, @, TAB
 * or CR, preceded by ' so that a spreadsheet does not run it as a formula; a
 * number cell (empty for NaN), never changed.
 */
void sni_out_field(FILE *f, const char *s);
void sni_out_number(FILE *f, double x);
/*
 * The small-cell rule in the CSV tables: with sni_cells_on(r), every count
 * column C of a table (sni_cells_csv: the table's count columns by header
 * name; "P*" matches every column that begins with P) is followed by a
 * column C_suppressed, and a count the rule suppresses is left empty with
 * `true` in it (empty otherwise). The stream of sni_csv_open does this as it
 * reads the cells back, so the table writers only mark the cells hidden by
 * secondary suppression: sni_out_count_cell writes x, or with hidden set a
 * mark that the stream turns into the empty, flagged cell (hidden is never
 * set with the rule off).
 */
void sni_out_count_cell(FILE *f, double x, int hidden);
const char *const *sni_cells_csv(const char *table);
int sni_cells_csv_count(const char *const *counts, const char *column);
/*
 * One CSV file of sn_report_csv in r->csv's dialect. The table writers write
 * the plain dialect to f (sni_out_field, sni_out_number, ',' and '\n'); for
 * another dialect f is a stream that reads those cells back and writes them
 * to the file with the dialect's separator, quoting and line ends (the
 * number cells already with its decimal mark: sni_out_number knows the
 * dialect of the file being written on its thread). Written beside its
 * target, then renamed (sn_file).
 */
typedef struct sn_csv_out {
    FILE *f; /* what the table writer writes to */
    sn_file file;
    struct sni_csv_recode *recode; /* NULL: f is file.f */
} sn_csv_out;
sn_status sni_csv_open(const sn_report *r, const char *dir, const char *name, sn_csv_out *o,
                       sn_err *err);
/* Close it: rc is the writer's status; the file is renamed into place only when it is SN_OK. */
sn_status sni_csv_close(sn_csv_out *o, sn_status rc, sn_err *err);
/* CSV tables named and written by a function each, one after the other (sni_csv_open). */
typedef struct sn_out_table_spec {
    const char *name;
    void (*write)(const sn_report *r, FILE *f);
} sn_out_table_spec;
sn_status sni_out_tables(const sn_report *r, const char *dir, const sn_out_table_spec *tables,
                         size_t n, sn_err *err);
/* A table writer ran out of memory: sni_out_tables fails (SN_ENOMEM) and keeps no file. */
void sni_out_table_failed(void);
/*
 * The extra attribute columns of the network's actors (intern ids into
 * store->strings) in the order first met; none but at the actor level.
 * -1 when out of memory. x->key is the caller's (free).
 */
typedef struct sni_extras {
    uint32_t n;
    uint32_t *key;
} sni_extras;
int sni_out_extras_find(const sn_report *r, sni_extras *x);
/* The value of extra attribute key of actor, or NULL. */
const char *sni_out_extra_value(const sn_store *s, uint32_t actor, uint32_t key);
/* The report's provenance (provenance.c): as JSON (NULL when out of memory), as the text
 * report's block (from that JSON), and as provenance.csv (section,name,key,value). */
json_t *sni_provenance_json(const sn_report *r);
/*
 * The privacy notice (provenance.c): whether the report carries it (under
 * shared, or with min_cell > 0), and its content as the JSON report's
 * top-level `privacy` (profile, min_cell, pseudonyms, case_ids,
 * organisations_merged, attributes_dropped, ties_left_out, reidentification:
 * null until the re-identification check ran). NULL when out of memory.
 * The provenance's `privacy` (profile, min_cell, pseudonyms, case_ids,
 * merge_small_orgs) is there whenever a privacy setting differs from the
 * default; provenance.csv has both as rows of section `privacy`.
 */
int sni_privacy_shown(const sn_report *r);
json_t *sni_privacy_json(const sn_report *r);
void sni_provenance_text(const sn_report *r, const json_t *p, FILE *out);
void sni_provenance_table(const sn_report *r, FILE *f);
/* ties.csv (needs r->ties), network.csv and its lists' network_*.csv (graph_out.c). */
void sni_ties_table(const sn_report *r, FILE *f);
sn_status sni_network_csv(const sn_report *r, const char *dir, sn_err *err);

/*
 * The small-cell rule of r->privacy on the report's counts (cells.c). Every
 * writer of a table calls the same helper on the same numbers, so every
 * format hides the same cells. Flags are SN_CELL_SHOWN, SN_CELL_PRIMARY
 * (0 < x < K) or SN_CELL_SECONDARY (shown as suppressed too, because a total
 * shown beside the cells would reveal a primary one: sn_privacy_cells).
 * With the rule off (r->privacy NULL or min_cell 0) every flag is
 * SN_CELL_SHOWN.
 *
 *   sni_cells_on              whether the rule is on (min_cell > 0); the
 *                             CSV `C_suppressed` columns are written only then.
 *   sni_cells_count           a count on its own (no total beside it): 1 when
 *                             it is suppressed.
 *   sni_cells_tie_channels    (1) tie `tie` of r->ties: its contacts per
 *                             channel (r->ties->details.n_channels flags, in
 *                             the store's channel order) with the tie's
 *                             contacts as total. -1 when out of memory.
 *   sni_cells_by_type         (2) network.contacts_by_type: the cells of
 *                             r->an->type_mix (n_groups x n_groups, row-major)
 *                             as one row, with the network's contacts as
 *                             total. *flags is the caller's (free). -1: out
 *                             of memory.
 *   sni_cells_silo_matrix     (3) the silo matrix of partition i (n_groups x
 *                             n_groups, row-major) with every row's and
 *                             column's total shown (a group's internal and
 *                             external). *flags is the caller's (free); NULL
 *                             when the partition has no matrix. -1: out of
 *                             memory.
 *   sni_cells_bti             (4) cases.bti_levels: flags[0..2] for levels 1,
 *                             2 and 3 or more, with the cases in view as total.
 *   sni_cells_handoff         (5) cases.handoff_patterns: flags[h] for each
 *                             sn_handoff h above SN_HANDOFF_NONE with the cases
 *                             in view as total (flags[SN_HANDOFF_NONE]: that
 *                             count on its own).
 *   sni_cells_window_channels (6) window w of r->an->temporal: its contacts
 *                             per channel (temporal.n_channels flags) with the
 *                             window's contacts as total. -1: out of memory.
 *   sni_cells_brokerage       (7) brokerage raw counts raw[SN_ROLES] (a node's
 *                             row of brokerage.raw, or brokerage.graph_raw for
 *                             `observed`): the roles below SN_ROLE_TOTAL with
 *                             the total as total; flags[SN_ROLE_TOTAL] is the
 *                             total on its own.
 */
/*
 * Ties in the exported networks (JSON `ties`, ties.csv, GraphML, GEXF and the
 * HTML map): under shared, tie k of r->an->net is left out when it has fewer
 * than K contacts (the measures are still those of the whole network).
 * sni_cells_ties_left_out counts those left out, for the notice.
 */
int sni_cells_tie_shown(const sn_report *r, size_t tie);
size_t sni_cells_ties_left_out(const sn_report *r);
int sni_cells_on(const sn_report *r);
int sni_cells_count(const sn_report *r, double x);
int sni_cells_tie_channels(const sn_report *r, size_t tie, unsigned char *flags);
int sni_cells_by_type(const sn_report *r, unsigned char **flags);
int sni_cells_silo_matrix(const sn_report *r, size_t i, unsigned char **flags);
void sni_cells_bti(const sn_report *r, unsigned char flags[3]);
void sni_cells_handoff(const sn_report *r, unsigned char flags[SN_HANDOFF_COUNT]);
int sni_cells_window_channels(const sn_report *r, size_t w, unsigned char *flags);
void sni_cells_brokerage(const sn_report *r, const double *raw, unsigned char flags[SN_ROLES]);

#endif
