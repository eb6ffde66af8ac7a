/*
 * samnett/store.h - the in-memory event store.
 *
 * Actors are rows with interned attribute strings. Contacts are columnar
 * arrays: time, from, to, channel, case, meeting and weight; arrays grow by
 * 1.5x and are trimmed by sn_store_trim().
 *
 * Compact columns: a time is a 32-bit signed offset in seconds from the
 * store's time_base (SN_STORE_TIME_BASE, 2000-01-01T00:00:00Z: offsets cover
 * 1931-12-13 .. 2068-01-19); the first time outside that range turns the
 * column into 64-bit times (time64, time32 freed), so every time is kept
 * exactly. The case, meeting and weight columns are NULL until a contact has
 * a case, a meeting or a weight other than 1 (and sn_store_trim frees them
 * again when they hold only those defaults). A contact then takes 13 bytes
 * (time, from, to, channel), 17 with cases or meetings, up to 25 with all.
 * Read contacts through the accessors below (sn_store_time, sn_store_case,
 * sn_store_meeting, sn_store_weight), which answer the defaults for a column
 * that is NULL.
 *
 * Ids: an actor's index is the intern id of its `id` string in actor_ids.
 * Attribute values are intern ids into `strings`, where id 0 is "".
 * Case and meeting ids are intern ids + 1 (0 = none). Channel is an index
 * into `channels`, whose first SN_CHANNEL_KNOWN entries are the canonical
 * channel names of README, "Input".
 */
#ifndef SAMNETT_STORE_H
#define SAMNETT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/intern.h"

enum {
    SN_CH_E_MESSAGE,
    SN_CH_PHONE,
    SN_CH_MEETING,
    SN_CH_VIDEO,
    SN_CH_REFERRAL,
    SN_CH_DISCHARGE,
    SN_CH_VISIT,
    SN_CH_JOB_SHADOWING,
    SN_CH_OTHER,
    SN_CHANNEL_KNOWN,
    SN_CHANNEL_MAX = 255
};

/* The standard actor attributes, in the order of README, "Input". */
typedef enum sn_attr {
    SN_ATTR_NAME,
    SN_ATTR_TYPE,
    SN_ATTR_ORGANISATION,
    SN_ATTR_UNIT,
    SN_ATTR_RANK,
    SN_ATTR_PROFESSION,
    SN_ATTR_COUNT
} sn_attr;

typedef struct sn_actor {
    uint32_t attr[SN_ATTR_COUNT]; /* intern ids into store->strings */
    uint32_t extra_first;         /* index into store->extra_key/extra_val */
    uint32_t extra_count;
    uint32_t src_file; /* intern id into store->strings of the file it came from */
    uint32_t src_line; /* 0 when auto-created */
    uint8_t auto_created;
} sn_actor;

/* One input file as read: for the reports' provenance. */
typedef struct sn_input_file {
    char *name;      /* as messages name it */
    long long bytes; /* its size on disk (compressed for gzip); -1 when not known (a pipe) */
    char sha256[65]; /* hex SHA-256 of those bytes; "" when not hashed (standard input, a pipe) */
    int compressed;  /* gzip: the size and checksum are of the compressed bytes */
} sn_input_file;

typedef struct sn_store {
    sn_intern *strings;   /* attribute strings; id 0 = "" */
    sn_intern *actor_ids; /* actor id -> actor index */
    sn_intern *cases;
    sn_intern *meetings;
    sn_intern *channels;

    sn_actor *actors;
    size_t n_actors, cap_actors;
    uint32_t *extra_key, *extra_val; /* extra attribute columns */
    size_t n_extra, cap_extra;

    /* contacts, columnar (see the top of this file; read them through the accessors) */
    size_t n, cap;
    int64_t time_base; /* time i = time_base + time32[i], unless time64 is set */
    int32_t *time32;   /* NULL once time64 is used */
    int64_t *time64;   /* NULL while every time fits time32 */
    uint32_t *from, *to;
    uint8_t *channel;
    uint32_t *case_id, *meeting; /* NULL: no contact has one (0) */
    float *weight;               /* NULL: every weight is 1 */
    /*
     * Tie input (a tie table, samnett analyze --ties): row i stands for
     * count[i] contacts of one tie, channel and bucket, whose `weight` values
     * sum to wsum[i], from its time (the first) to last[i]. NULL (each row one
     * contact) unless sn_store_rows_counted was called; then sized with the
     * other columns. Read them with sn_store_count, sn_store_wsum and
     * sn_store_last.
     */
    uint32_t *count;
    double *wsum;
    int64_t *last;
    int tie_bucket; /* the tie table's bucket (sn_bucket), or -1 for contacts */
    int borrowed;   /* the columns belong to another store: never grown or freed */
    /*
     * Spilled columns: once the columns would pass spill_at bytes
     * (SAMNETT_SPILL_BYTES, default 256 MB; 0 = never), each column lives in
     * a shared mapping of its own unlinked temporary file in $TMPDIR, so its
     * pages can leave the resident set (sn_store_release) and come back from
     * the page cache or the file when read again.
     */
    int spilled;
    size_t spill_at;
    int spill_fd1[12];      /* a column's file descriptor + 1 (0 = none), by SN_COL_* */
    size_t spill_bytes[12]; /* its mapped length */

    /* ingest statistics */
    long rows_read;         /* contact rows seen (accepted + rejected) */
    long rejected;          /* contact and actor rows rejected */
    long self_contacts;     /* accepted contacts with from == to */
    long local_times;       /* times without a zone, read in the current zone (sn_tz_current) */
    long ambiguous_times;   /* of those, in the hour the clock went back: the first one taken */
    long nonexistent_times; /* of those, in the hour the clock skipped: read as before the jump */
    long auto_actors;       /* actors created because a contact named them */
    long files;             /* input files read */
    long ids_merged;        /* actor id spellings merged by trimming or Unicode normal form C */
    sn_intern *id_variants; /* those spellings (NULL until one is seen) */
    /* the encoding each file was read in (file: intern id of its name; name: static text) */
    struct sn_file_encoding {
        uint32_t file;
        const char *encoding;
    } * encodings;
    size_t n_encodings;
    int64_t first_time, last_time;
    /* the files read, in the order read (actors first), with their checksums */
    sn_input_file *input_files;
    size_t n_input_files;
    /* read from a store file (sn_store_open): its read-only mapping, and the encodings' names */
    void *file_map;
    size_t file_map_len;
    char *file_text;
    /* and the sources the command that saved it named (for the reports' provenance) */
    const char **file_sources;
    size_t n_file_sources;
    char *file_sources_text;
    char *file_kinds_text; /* the names of the kinds of messages (sn_diag) read with it */
} sn_store;

sn_status sn_store_init(sn_store *s, sn_err *err);
void sn_store_free(sn_store *s);

/* Note the encoding (static text) file (an intern id) was read in; a file again replaces it. */
sn_status sn_store_file_encoding(sn_store *s, uint32_t file, const char *encoding);

/* Set *id to the intern id of an attribute string (adds it). SN_ENOMEM on out of memory. */
sn_status sn_store_string(sn_store *s, const char *str, size_t len, uint32_t *id);

/*
 * Add an actor with id `id` and set *index to its index and *added to 1. If
 * the id already exists, adds nothing: *index is the existing index and
 * *added is 0. `added` may be NULL. SN_ENOMEM when out of memory.
 */
sn_status sn_store_actor_add(sn_store *s, const char *id, size_t len, uint32_t src_file,
                             uint32_t src_line, uint32_t *index, int *added);
/* Add an extra attribute (key, value: intern ids) to the last added actor. */
sn_status sn_store_actor_extra(sn_store *s, uint32_t key, uint32_t val);
/* The actor index for an id, or -1. */
int64_t sn_store_actor_find(const sn_store *s, const char *id, size_t len);
const char *sn_store_actor_id(const sn_store *s, uint32_t actor);
const char *sn_store_attr(const sn_store *s, uint32_t actor, sn_attr a);
/* An attribute by name: a standard one or an extra column; NULL if absent. */
const char *sn_store_attr_named(const sn_store *s, uint32_t actor, const char *name);

/* Append one contact. */
sn_status sn_store_contact_add(sn_store *s, int64_t time, uint32_t from, uint32_t to,
                               uint8_t channel, uint32_t case_id, uint32_t meeting, float weight);

/* 2000-01-01T00:00:00Z, the base of 32-bit times. */
#define SN_STORE_TIME_BASE INT64_C(946684800)

/* Contact i's time (UTC seconds), case id (0 = none), meeting id (0 = none) and weight. */
static inline int64_t sn_store_time(const sn_store *s, size_t i)
{
    return s->time64 ? s->time64[i] : s->time_base + s->time32[i];
}
static inline uint32_t sn_store_case(const sn_store *s, size_t i)
{
    return s->case_id ? s->case_id[i] : 0;
}
static inline uint32_t sn_store_meeting(const sn_store *s, size_t i)
{
    return s->meeting ? s->meeting[i] : 0;
}
static inline float sn_store_weight(const sn_store *s, size_t i)
{
    return s->weight ? s->weight[i] : 1.0f;
}

/*
 * Make every row stand for a number of contacts (tie input): adds the count
 * and wsum columns (the rows so far get 1 and their weight).
 */
sn_status sn_store_rows_counted(sn_store *s);
/* Append one tie-table row: `count` contacts with weights summing to wsum, from first to last. */
sn_status sn_store_counted_add(sn_store *s, int64_t first, int64_t last, uint32_t from, uint32_t to,
                               uint8_t channel, uint32_t count, double wsum);
/* The last time of row i: its time, or its last under tie input. */
static inline int64_t sn_store_last(const sn_store *s, size_t i)
{
    return s->last ? s->last[i] : sn_store_time(s, i);
}
/* The contacts row i stands for: 1, or its count under tie input. */
static inline double sn_store_count(const sn_store *s, size_t i)
{
    return s->count ? (double)s->count[i] : 1.0;
}
/* The sum of the weights of the contacts of row i. */
static inline double sn_store_wsum(const sn_store *s, size_t i)
{
    return s->wsum ? s->wsum[i] : (double)sn_store_weight(s, i);
}
/* The contacts the store holds: its rows, or the sum of their counts under tie input. */
size_t sn_store_contacts(const sn_store *s);

/* Which columns sn_store_reserve allocates besides those already there. */
enum { SN_STORE_COLS_USED = 0, SN_STORE_COLS_ALL = 1 };
/*
 * Make room for at least n contacts in all (one allocation per column). The
 * optional columns (case, meeting, weight) are allocated only when they are
 * already there, or with SN_STORE_COLS_ALL (filled with the defaults).
 */
sn_status sn_store_reserve(sn_store *s, size_t n);
sn_status sn_store_reserve_cols(sn_store *s, size_t n, int cols);
/* Release spare capacity after ingest, and the optional columns that hold only defaults. */
void sn_store_trim(sn_store *s);
/*
 * Give back the resident pages of spilled columns (all of them, or those of
 * contacts [lo, hi)); their data stay in the files and are read back when
 * used; so do the columns mapped from a store file (sn_store_open). Nothing
 * for columns in ordinary memory. Call after a pass over the
 * contacts.
 */
void sn_store_release(const sn_store *s);
void sn_store_release_rows(const sn_store *s, size_t lo, size_t hi);

/*
 * *out becomes a view of contacts [lo, lo + n) of s: the same strings and
 * actors, the columns shared (out->borrowed is set; free nothing of it).
 */
void sn_store_slice(const sn_store *s, size_t lo, size_t n, sn_store *out);
/*
 * *out becomes a copy of s's header (strings and actors shared) with columns
 * of its own for n contacts, the same columns as s has, out->n = n. Fill them
 * with sn_store_copy_row; free them with sn_store_free_columns.
 */
sn_status sn_store_clone_columns(const sn_store *s, size_t n, sn_store *out);
/* Copy contact i of src to position k of dst (made by sn_store_clone_columns from src). */
void sn_store_copy_row(sn_store *dst, size_t k, const sn_store *src, size_t i);
/* Free the contact columns of a store made by sn_store_clone_columns. */
void sn_store_free_columns(sn_store *s);
/* Bytes held by the contact columns (capacity, not just size; the columns allocated). */
size_t sn_store_contact_bytes(const sn_store *s);
/* Bytes held by the whole store. */
size_t sn_store_bytes(const sn_store *s);

/*
 * The store as a file (samnett analyze --save-store; docs/store-format.md):
 * a header ("SNSTORE1", the format version, a byte-order check, the counts
 * and every section's offset and length), the contact columns as they are in
 * memory, then the string tables, actors, extra attributes, encodings, input
 * files and ingest statistics. sn_store_save writes s to path atomically (a
 * temporary file beside it, fsync, rename), with the sources the command
 * named (file_sources when read back) and the counts of the ingest's messages
 * (diag: its errors, warnings and kinds, given back to the diag of
 * sn_store_open, whose kinds' names the store then owns); SN_EIO on failure.
 * sn_store_open fills s (fresh from sn_store_init) from such a file: the
 * columns are mapped read-only (s->borrowed: never grown or written), the
 * tables copied. SN_EINPUT names the file and what was expected when it is
 * truncated, foreign, of another version or damaged. sn_store_file_magic
 * tells whether the first len bytes of a file are a store file's.
 */
#define SN_STORE_FILE_VERSION 1
sn_status sn_store_save(const sn_store *s, const char *const *sources, size_t n_sources,
                        const sn_diag *diag, const char *path, sn_err *err);
sn_status sn_store_open(sn_store *s, const char *path, sn_diag *diag, sn_err *err);
int sn_store_file_magic(const char *head, size_t len);

/* The canonical channel name for a channel index. */
const char *sn_channel_name(const sn_store *s, uint8_t channel);
/*
 * The channel index for a name or alias (case-insensitive; Norwegian aliases
 * such as "e-melding", "PLO", "telefon", "møte", "henvisning", "epikrise",
 * "hospitering"). Returns -1 if it is not known.
 */
int sn_channel_lookup(const char *name, size_t len);
/*
 * The i-th name or alias sn_channel_lookup knows (i from 0), in lower case,
 * with its channel index in *channel (may be NULL); NULL past the last one.
 * For those who map channel names elsewhere (the SQL reduce, samnett/output.h).
 */
const char *sn_channel_alias(size_t i, int *channel);
/* The canonical name of a known channel (0 .. SN_CHANNEL_KNOWN - 1), NULL otherwise. */
const char *sn_channel_known_name(int channel);

#endif
