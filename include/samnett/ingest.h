/*
 * samnett/ingest.h - streaming ingest of actor and contact files.
 *
 * Sources are files, folders (their files, sorted by name), or "-" for
 * standard input. Any of them may be gzip-compressed; zlib reads plain and
 * compressed input alike. CSV (comma, semicolon or tab separated, RFC 4180
 * quoting, optional UTF-8 BOM; LF, CRLF or a lone CR ends a line) and JSONL
 * (one object a line) are read a buffer at a time; no file is ever held
 * whole in memory, nor more than the longest accepted line of one row.
 *
 * Actor ids (actors' `id`, contacts' `from` and `to`) are trimmed of
 * surrounding white space and put in Unicode normal form C, so spellings
 * that differ only there are one actor (store->ids_merged counts them).
 *
 * A file is an actors file when its header (or first object) has an `id`
 * column and no `from`/`to`; it is a contacts file when it has `from` and
 * `to`. Actors files are read before contacts files.
 *
 * Every problem goes to the sn_diag sink as file:line:column. A bad row is
 * rejected and counted, never dropped silently. With diag->strict, the first
 * problem stops ingest with SN_EINPUT. Of each kind of message (bad time,
 * unknown actor, ...) the first max_messages are printed; the rest are
 * counted, and a closing line per kind says how many were not shown and
 * where the first few of them are. diag->kinds gets the exact count of
 * each kind. Actors that contacts name but no actors file has are created
 * with type 'unknown' and reported in one summary warning (how many, the
 * first ids, how many contacts name them, where the first is).
 */
#ifndef SAMNETT_INGEST_H
#define SAMNETT_INGEST_H

#include <stddef.h>

#include "samnett/error.h"
#include "samnett/option.h"
#include "samnett/store.h"
#include "samnett/time.h"

typedef enum sn_input_kind {
    SN_INPUT_AUTO,     /* decide from the header */
    SN_INPUT_ACTORS,   /* an actors file */
    SN_INPUT_CONTACTS, /* a contacts file */
} sn_input_kind;

typedef struct sn_source {
    const char *path; /* file, folder or "-" */
    sn_input_kind kind;
} sn_source;

/* Called now and then with bytes read so far (compressed) and total (0 = unknown). */
typedef void (*sn_progress_fn)(void *ud, const char *file, long long done, long long total);

/*
 * How the bytes of an input file are read. SN_ENC_AUTO: UTF-8 (a byte order
 * mark is skipped) unless the file's first non-ASCII bytes are not UTF-8, in
 * which case it is read as Windows-1252 (a note says so). The others force one.
 */
typedef enum sn_encoding { SN_ENC_AUTO, SN_ENC_UTF8, SN_ENC_CP1252, SN_ENC_LATIN1 } sn_encoding;
/* "auto", "utf-8", "windows-1252", "iso-8859-1". */
const char *sn_encoding_name(sn_encoding e);
#define SN_DATE_FORMATS_MAX 8

typedef struct sn_ingest_opts {
    sn_progress_fn progress;
    void *progress_ud;
    size_t max_field;  /* longest accepted field in bytes (0 = default 65536) */
    size_t max_line;   /* longest accepted line (record) in bytes (0 = default 1 MiB) */
    long max_messages; /* messages printed per kind (0 = default 20, < 0 = all) */
    /* plausible contact times; NULL = no check. Contacts outside are kept, and one
       warning per file counts them and names the first. */
    const sn_time_range *time_range;
    sn_encoding encoding; /* SN_ENC_AUTO by default */
    /*
     * Header names for columns, "field=Header,..." or "@FILE" (lines
     * "field=Header", '#' comments); NULL = none. Checked by sn_ingest and
     * sn_feed_new.
     */
    const char *map;
    /* A file of "local name=channel" lines for channel names; NULL = none. */
    const char *channel_map;
    /* --date-format: strptime formats tried in order before the built-in forms */
    const char *date_formats[SN_DATE_FORMATS_MAX];
    int n_date_formats;
    /* the most rejected data rows a load may have (sn_ingest_check_rejected): a number of rows,
       or with max_rejected_share a share 0..1 of the data rows; unset: 10% */
    double max_rejected;
    int max_rejected_share, max_rejected_set;
    /*
     * Store each contact's actor ids, case and meeting as id_map spells them
     * (ns "actor", "case" or "meeting"): it returns 1 after writing the id
     * to store into out (room for SN_ID_MAP_MAX bytes, NUL-terminated), 0 to
     * keep the id as read. Called after white space and Unicode form are
     * settled: the watch's keyed pseudonyms (sn_privacy_map_id), so that its
     * store and state never hold the raw ids. Messages then name the mapped
     * ids. NULL: as read. Actor rows are not mapped (the caller maps the
     * actors it read, sn_privacy_apply).
     */
    int (*id_map)(void *ud, const char *ns, const char *id, size_t len, char *out);
    void *id_map_ud;
} sn_ingest_opts;

/* Room id_map has for one mapped id. */
#define SN_ID_MAP_MAX 40

/*
 * The readers' options by key (samnett/option.h): max_field, max_line (bytes,
 * >= 16), encoding, map, channel_map, date_format (repeatable), timezone
 * (sets the zone of the whole process, sn_tz_use) and max_rejected ("N" rows
 * or "P%" of the data rows). sn_ingest_opts_set sets one from its text,
 * naming the key in err.
 */
extern const sn_opt sn_ingest_options[];
extern const size_t sn_ingest_n_options;
sn_status sn_ingest_opts_set(sn_ingest_opts *o, const char *key, const char *value, sn_err *err);

/* Data rows read: contact rows and actor rows, accepted or rejected. */
long sn_ingest_data_rows(const sn_store *s);
/*
 * After a load: SN_EINPUT (err says how many rows of how many were rejected,
 * and how to raise the limit) when more data rows were rejected than
 * opts->max_rejected allows, and always when no contact was read, whatever
 * the limit.
 */
sn_status sn_ingest_check_rejected(const sn_store *s, const sn_ingest_opts *opts, sn_err *err);

/* Columns a CSV header may have; a row keeps at most one more field than its header. */
#define SN_MAX_COLUMNS 10000

/*
 * Read the sources into the store. Returns SN_OK when ingest ran to the end
 * (rows may have been rejected: see store->rejected and diag), SN_EINPUT when
 * a strict-mode problem or a file-level problem (no header, a missing
 * required column) stopped it, SN_EIO when a source cannot be opened, and
 * SN_ENOMEM. err carries the message.
 */
sn_status sn_ingest(sn_store *store, const sn_source *sources, size_t n_sources,
                    const sn_ingest_opts *opts, sn_diag *diag, sn_err *err);

/*
 * Incremental reading of one contacts file that grows (samnett watch).
 *
 * The caller reads the bytes; a feed parses them with the same rules and
 * messages as sn_ingest. Only complete records are parsed: a record ends at
 * a newline outside quotes (CSV) or at a newline (JSONL), so a partial last
 * line, or a line cut inside a UTF-8 character, waits for the rest.
 *
 *   sn_feed_new(store, "logs/a.csv", ...)
 *   sn_feed_start(f, first_bytes, n, &used)     a new file: its header, or
 *   sn_feed_resume(f, format, header, ...)      a file read before
 *   end = sn_feed_complete(f, bytes, n)         complete records in bytes
 *   sn_feed_rows(f, bytes, end)                 parse them into the store
 *
 * Contacts are appended to the store (unknown actors and channels are
 * created as sn_ingest does); the line number of each one is kept until
 * sn_feed_clear_lines(). A file's format comes from its name (.csv, .tsv,
 * .txt, .jsonl, .ndjson) or else from its first byte ('{' = JSONL).
 */
typedef enum sn_feed_format { SN_FEED_UNKNOWN, SN_FEED_CSV, SN_FEED_JSONL } sn_feed_format;

typedef struct sn_feed sn_feed;

/* A feed for the file shown as `name` in messages. diag and opts must outlive it. */
sn_status sn_feed_new(sn_store *store, const char *name, const sn_ingest_opts *opts, sn_diag *diag,
                      sn_feed **out, sn_err *err);
void sn_feed_free(sn_feed *f);

/*
 * Read the start of a new file from data[0..len), its first bytes: a byte
 * order mark, blank lines and the CSV header (JSONL: the first object tells
 * the kind). Returns SN_OK with sn_feed_ready() false when the header is not
 * complete yet; else *used is the number of bytes before the first row.
 * SN_EINPUT (reported through diag) when the header is unusable.
 * sn_feed_kind() then says whether it is a contacts or an actors file.
 */
sn_status sn_feed_start(sn_feed *f, const char *data, size_t len, size_t *used, sn_err *err);
/* Continue a file read before: its format, CSV header (no line end) and lines read. */
sn_status sn_feed_resume(sn_feed *f, sn_feed_format format, const char *header, size_t len,
                         long lines, sn_err *err);
int sn_feed_ready(const sn_feed *f);
/*
 * The encoding the feed reads its file in: SN_ENC_AUTO until the first
 * non-ASCII bytes decide (or as forced). A feed made again for the same file
 * is told what was decided with sn_feed_set_encoding (no effect when forced).
 */
sn_encoding sn_feed_encoding(const sn_feed *f);
void sn_feed_set_encoding(sn_feed *f, sn_encoding enc);
sn_input_kind sn_feed_kind(const sn_feed *f);
sn_feed_format sn_feed_format_of(const sn_feed *f);
/* The CSV header record as read (without its line end); "" for JSONL. */
const char *sn_feed_header(const sn_feed *f, size_t *len);

/*
 * The length of the complete records at the start of data[0..len), which
 * must begin at a record boundary: 0 when not even one is complete. O(len).
 * A record longer than the longest accepted line (a quoted field left open)
 * ends at the first LF after that many bytes, as in sn_ingest, which rejects
 * it as too long.
 */
size_t sn_feed_complete(const sn_feed *f, const char *data, size_t len);
/*
 * Parse the complete records data[0..len) into the store. SN_EINPUT under
 * diag->strict. Message caps count per call.
 */
sn_status sn_feed_rows(sn_feed *f, const char *data, size_t len, sn_err *err);
/* Lines consumed so far (the header and blank lines included). */
long sn_feed_lines(const sn_feed *f);
/* The line of each contact added since the last sn_feed_clear_lines(), in order. */
const long *sn_feed_contact_lines(const sn_feed *f, size_t *n);
void sn_feed_clear_lines(sn_feed *f);

/* Two names of one file, neither a symbolic link: "the same path" when both
 * resolve to one path (written two ways), else "a hard link". For notes. */
const char *sn_ingest_link_kind(const char *a, const char *b);

/*
 * A tie table (samnett reduce; docs/ties-columns.md) as input: CSV or JSONL
 * (from the name, else '{' first = JSONL), gzip too. sn_ties_load reads and
 * checks each row (columns, numbers, dates, times, first <= last): a bad row
 * is an error at file:line:column in diag and is left out (with
 * diag->strict, the first stops the reading: SN_EINPUT). sn_ties_store then
 * adds the rows to a store as counted rows (sn_store_counted_add) and checks
 * what needs them all: every bucket the start of a bucket of the resolution
 * (`bucket` when has_bucket, else inferred: quarter when every bucket starts
 * a quarter, else month, week (Mondays), day; store->tie_bucket), first and
 * last inside their bucket in the current zone (sn_tz_current), one row per
 * (from, to, channel, bucket). Ids not in the store yet become actors of
 * type 'unknown' with one warning (an error with strict).
 */
typedef struct sn_tie_file sn_tie_file;
sn_status sn_ties_load(const char *path, sn_diag *diag, sn_tie_file **out, sn_err *err);
/* Whether every actor id of the table is a keyed pseudonym ("a-" and 26 characters). */
int sn_ties_pseudonymous(const sn_tie_file *f);
sn_status sn_ties_store(sn_tie_file *f, sn_store *s, int has_bucket, sn_bucket bucket,
                        sn_diag *diag, sn_err *err);
void sn_ties_free(sn_tie_file *f);

#endif
