/*
 * ingest_internal.h - what the files of ingest share (internal to ingest).
 *
 *   ingest.c        sn_ingest: sources, folders, each file's format and
 *                   kind, the files read (actors first, then contacts)
 *   header.c        where a CSV header and its records end; the column
 *                   names and their aliases
 *   csv.c           a CSV header's columns, one CSV record checked, the
 *                   serial CSV reader
 *   csv_parallel.c  large plain CSV contacts files read by several threads
 *   jsonl.c         JSONL: the kind from the first object, rows, the reader
 *   rows.c          one actor or contact row checked and stored
 *   checksum.c      the files' sizes and SHA-256, in a thread beside the readers
 *   options.c       the readers' options; the limit on rejected rows
 *   messages.c      messages, capped per kind; the summary of unknown actors
 *   feed.c          the incremental reader of a growing file (sn_feed)
 *   mapping.c       the user's names for columns (--map) and channels
 *                   (--channel-map)
 *   source.c        byte sources and the CSV tokenizer
 *
 * Functions shared between these files are named sni_.
 */
#ifndef SN_INGEST_INTERNAL_H
#define SN_INGEST_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "header.h"
#include "samnett/error.h"
#include "samnett/ingest.h"
#include "samnett/store.h"
#include "samnett/time.h"
#include "source.h"

/*
 * Kinds of messages. Of each kind only the first max_messages are printed;
 * the rest are counted, and a closing line per kind tells how many were not
 * shown and where the first few of them are.
 */
typedef enum msg_kind {
    K_SYNTAX,
    K_FIELDS,
    K_UTF8,
    K_EMPTY,
    K_DUP_ACTOR,
    K_TIME,
    K_WEIGHT,
    K_CHANNELS,
    K_JSON,
    K_JSON_VALUE,
    K_MISSING,
    K_LONG,
    K_IO,
    K_RANK,
    K_UNKNOWN_ACTOR,
    K_UNKNOWN_CHANNEL,
    K_SELF,
    K_EXTRA,
    K_NONEXISTENT,
    NKINDS
} msg_kind;

/* Where the first hidden messages of a kind are, for the closing line. */
#define HIDDEN_AT 5
typedef struct hidden_at {
    const char *file; /* the job's name: lives until the closing line */
    long line;
} hidden_at;

/* A message a parallel worker keeps for the serial merge, which prints it in file order. */
typedef struct kept_msg {
    int kind;
    sn_severity sev;
    long line, col;
    char *text;
} kept_msg;

typedef struct val {
    const char *s; /* NUL-terminated */
    size_t len;
    long line, col;
} val;

typedef enum fmt { FMT_CSV, FMT_JSONL } file_format;

/* One input file, recognised in the first pass and read in the second. */
typedef struct job {
    char *path;
    char *name;
    file_format format;
    sn_input_kind kind;
    int is_stdin;
    int enc_noted; /* the note that the file is read as Windows-1252 is out */
} job;

typedef struct reader {
    job *job;
    sni_src src;
    sni_csv csv;
    int csv_open;
    int colmap_n;
    int *colmap;         /* CSV column -> col, or COL_EXTRA */
    uint32_t *extra_key; /* CSV column -> intern id of its header (extras) */
    int have[NCOLS];
    long long data_off; /* CSV: the byte where rows start (after the header's line end) */
    long data_line;     /* CSV: the line rows start on */
    /* JSONL */
    char *line;
    size_t line_cap, line_len;
    long line_no;
    int pending; /* the first line is read but not yet handled */
} reader;

/* A row a parallel worker left for the serial pass. */
typedef struct deferred_row {
    long line;
    char *text; /* the line, without its newline */
    size_t len;
    size_t at; /* contacts the worker had stored before it */
} deferred_row;

/* A local channel name (--channel-map), folded, and its channel. */
typedef struct sni_chan_alias {
    char *name;
    int channel;
} sni_chan_alias;

typedef struct ctx {
    sn_store *st;
    const sn_store *actors; /* where actor ids are looked up (the shared store) */
    int worker;             /* a parallel reader: defer rows that would change shared state */
    deferred_row *deferred; /* rows a worker left for the serial pass */
    size_t n_deferred, cap_deferred;
    const char *cur_line; /* the raw text of the current line (workers) */
    size_t cur_len;
    sn_diag *diag;
    sn_err *err;
    const sn_ingest_opts *opts;
    const sni_src *src; /* the file being read: its encoding words the messages on bad bytes */
    size_t max_field;
    sn_intern *channel_raw; /* raw channel text -> index into channel_map */
    int16_t *channel_map;
    size_t channel_map_cap;
    uint32_t file_id;
    long local_times;
    long local_line, local_col;
    long ambiguous_times, nonexistent_times;
    int slash_order; /* this file's a/b/yyyy dates: 0 not known yet, 1 day first, 2 month first */
    long slash_line; /* the line that settled it */
    sn_tz_span tz_span;                /* the last zone-less time's span (sn_tz_to_utc) */
    long odd_times, odd_line, odd_col; /* times outside opts->time_range, the first's place */
    int64_t odd_time;
    uint32_t unknown_type;
    int last_channel; /* the channel of last_channel_text, or -1 */
    size_t last_channel_len;
    char last_channel_text[64];
    /* the date part of the last "YYYY-MM-DDTHH:MM:SSZ" time, and its day number */
    char last_date[10];
    int64_t last_days;
    /* incremental reading (sn_feed): the line of each contact added */
    int log_lines;
    long *lines;
    size_t n_lines, cap_lines;
    size_t max_line;
    /* message caps: per kind, messages seen, and those over the cap that would have printed */
    long max_messages; /* < 0: no cap */
    long seen[NKINDS], over[NKINDS], hidden[NKINDS];
    hidden_at hid_at[NKINDS][HIDDEN_AT];
    int n_hid_at[NKINDS];
    /* contacts that name actors not in the actors file: one summary, not one warning each */
    long unk_contacts;      /* contacts naming at least one such actor */
    long unk_actors;        /* actors created from contacts */
    uint32_t unk_first[10]; /* the first of them (actor indices) */
    int n_unk_first;
    const char *unk_file; /* where the first was named */
    long unk_line, unk_col;
    kept_msg *kept; /* a worker's messages, for the merge */
    size_t n_kept, cap_kept;
    /* --map: each field's header name, folded (NULL = the usual names) and as given */
    char *map_hdr[NCOLS];
    char *map_shown[NCOLS];
    /* --channel-map */
    sni_chan_alias *chan_alias;
    size_t n_chan_alias;
    /* actor ids in normal form: scratch for from/id and to */
    char *idbuf[2];
    size_t idcap[2];
} ctx;

/* The column layout of a CSV file, from its header. */
typedef struct header_map {
    const int *colmap;         /* CSV column -> col, or COL_EXTRA */
    const uint32_t *extra_key; /* CSV column -> intern id of its header (extras) */
    int n;                     /* columns in the header */
} header_map;

/* A value as shown in a message: control characters escaped, long values cut. */
#define SHOW(v, buf) sn_escape((v).s, (v).len, buf, sizeof buf)

static inline int sni_stopped(const ctx *c)
{
    return c->diag->stop;
}

/* Tell opts->progress (if any) how far reading file from src has come. */
static inline void sni_progress(const ctx *c, const char *file, sni_src *src)
{
    if (c->opts && c->opts->progress)
        c->opts->progress(c->opts->progress_ud, file, sni_src_offset(src), src->size);
}

/* ---- ingest.c ---- */

/*
 * A context for reading into store: limits from opts, the 'unknown' actor
 * type interned. SN_ENOMEM (nothing to free) when out of memory. sni_ctx_free
 * frees what reading added to it.
 */
sn_status sni_ctx_init(ctx *c, sn_store *store, const sn_ingest_opts *opts, sn_diag *diag,
                       sn_err *err);
void sni_ctx_free(ctx *c);
/*
 * Once a file is seen to be Windows-1252 (not forced): a note saying so. And
 * at its end (done): its encoding noted in the store.
 */
sn_status sni_encoding_note(ctx *c, reader *r, int done);
/* The message for the invalid byte at s[off] of the current file, into buf. */
const char *sni_bad_byte(const ctx *c, const char *s, long off, char *buf, size_t cap);
/* The format from a file name, or -1 when the name does not say. */
int sni_format_from_name(const char *path);
void sni_reader_close(reader *r);

/* ---- mapping.c ---- */

/* Read opts->map and opts->channel_map into c (errors name the place). */
sn_status sni_mapping_load(ctx *c);
void sni_mapping_free(ctx *c);
/* s[0..len) trimmed, in Unicode normal form C and case-folded (NULL: out of memory). */
char *sni_fold(const char *s, size_t len);
/* The column a header name stands for, --map first (COL_EXTRA: none). */
int sni_mapped_col(const ctx *c, const char *name, size_t len);
/* The channel of a local name from --channel-map, or -1. */
int sni_local_channel(const ctx *c, const char *s, size_t len);
/* ---- checksum.c ---- */

/* The size and SHA-256 of the file at path into f (left as they are when it cannot be read). */
void sni_hash_file(sn_input_file *f, const char *path);

/*
 * Start hashing the files of jobs[0..n) (their kinds known) in a thread of
 * its own; NULL when out of memory (then nothing is hashed).
 * sni_hash_finish waits for it and appends the files, with their sizes and
 * checksums, to st->input_files (st NULL: only frees).
 */
typedef struct sni_hashing sni_hashing;
sni_hashing *sni_hash_start(const job *jobs, size_t n);
void sni_hash_finish(sni_hashing *h, sn_store *st);

/* ---- messages.c ---- */

/* Report a problem of a kind: printed while the kind is under its cap, else only counted. */
void sni_say(ctx *c, int kind, sn_severity sev, const char *file, long line, long col,
             const char *format, ...) __attribute__((format(printf, 7, 8)));
/* Report a bad row: an error, counted as rejected. */
void sni_reject(ctx *c, int kind, const char *file, long line, long column, const char *format, ...)
    __attribute__((format(printf, 6, 7)));
/* A problem with a whole file: an error in diag, and SN_EINPUT with its text in c->err. */
sn_status sni_fail(ctx *c, const char *file, long line, long col, const char *format, ...)
    __attribute__((format(printf, 5, 6)));
/*
 * The closing lines: the summary of actors created from contacts, and for each
 * kind how many messages were not shown and where the first of them are. Adds
 * the counts per kind to the sink (diag->kinds), then resets them.
 */
void sni_say_hidden(ctx *c);
/* Record where a hidden message of a kind is (the first HIDDEN_AT of each kind). */
void sni_hidden_at(ctx *c, int kind, const char *file, long line);

/* ---- rows.c ---- */

sn_status sni_actor_row(ctx *c, const char *file, val v[NCOLS], const val *extras,
                        const uint32_t *extra_keys, size_t n_extra, long line);
sn_status sni_contact_row(ctx *c, const char *file, val v[NCOLS], long line);
/*
 * The warnings that close a file's (or a feed batch's) rows: times without
 * a time zone (added to the store's count), times outside the plausible range.
 */
void sni_file_warnings(ctx *c, const char *file);

/* ---- csv.c ---- */

/*
 * The one CSV header reader, for the serial reader, the parallel reader (which
 * starts where it says) and the feed: find the header in the first bytes of a
 * file, data[0..len), tokenize and map it, and set up r->csv for the rows.
 * h->end == 0 when the header is not complete yet.
 */
sn_status sni_read_header(ctx *c, reader *r, const char *data, size_t len, int eof, sni_head *h);
/* Check and store one tokenized CSV record. extras/extra_keys: scratch of h->n entries. */
sn_status sni_csv_record(ctx *c, const char *file, int contacts, const sni_csv *cv,
                         const header_map *h, val *extras, uint32_t *extra_keys);
/* Read the rows of a CSV file whose header r has read. */
sn_status sni_read_csv(ctx *c, reader *r);

/* ---- csv_parallel.c ---- */

/* Returns 1 when the file was read in parallel, 0 when the serial reader must read it. */
int sni_read_csv_parallel(ctx *c, reader *r, sn_status *rc);

/* ---- jsonl.c ---- */

/*
 * The first object of a JSONL file, line[0..len) on line line_no: the columns
 * it names go to r->have; with *kind SN_INPUT_AUTO they decide it (an error
 * when they name neither actors nor contacts).
 */
sn_status sni_jsonl_kind(ctx *c, reader *r, const char *file, const char *line, size_t len,
                         long line_no, sn_input_kind *kind);
/* Read the rows of a JSONL file (r->pending: its first line is read already). */
sn_status sni_read_jsonl(ctx *c, reader *r);

#endif
