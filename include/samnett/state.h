/*
 * samnett/state.h - the durable state of `samnett watch`: one SQLite file in
 * WAL mode that holds every followed file's identity and committed offset,
 * the contacts read up to that offset, and a snapshot of the actors.
 *
 * A batch of a file (its new offset, and the contacts of the lines before
 * it) is written in one transaction, so a crash or a kill at any moment
 * leaves each file's offset and its contacts in step: nothing read twice,
 * nothing lost. On start the watch restores the event store from here and
 * resumes each file at its committed offset.
 *
 * Schema 1 (PRAGMA user_version = 1; PRAGMA application_id = 0x736e7477):
 *
 *   meta(key TEXT PRIMARY KEY, value TEXT)
 *       created_by (samnett version), created_at, actors_path, actors_loaded_at,
 *       last_rescore (JSON: the number of the last re-score and what its change
 *       list compares, so changes carry across restarts), pseudonyms ("keyed":
 *       every id in it is a keyed pseudonym, samnett/privacy.h; "none"; absent
 *       in a state from before) and key_fingerprint (of that key, never the key);
 *       case_salt (a state without a key: the hex random key its case ids are
 *       pseudonymised with as read, so that no watch output names a raw case)
 *   names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)
 *       every string a contact refers to: actor ids, channels, cases, meetings
 *   files(id INTEGER PRIMARY KEY,
 *         path TEXT NOT NULL,        the name it was last seen under
 *         dev INTEGER, ino INTEGER,  device and inode last seen (hints only)
 *         fingerprint BLOB NOT NULL, its first min(size, 256) bytes
 *         anchor BLOB NOT NULL,      the up to 64 bytes before `committed`
 *                                    (both sealed in a keyed state: sn_state_seal_blobs)
 *         committed INTEGER,         bytes read: always the end of a line
 *         data_start INTEGER,        bytes before the first row (BOM, header)
 *         lines INTEGER,             lines read (for file:line messages)
 *         format TEXT,               csv, jsonl or ignored (not contacts)
 *         header TEXT,               the CSV header line, as read
 *         rows, contacts, rejected, local_times INTEGER,  counts so far
 *         first_seen TEXT, last_read TEXT,                 UTC times
 *         encoding TEXT)             utf-8, windows-1252 or iso-8859-1 as the
 *                                    first non-ASCII bytes decided; NULL: not yet
 *                                    (schema 2; a schema 1 file gains it on open)
 *   contacts(file INTEGER, line INTEGER,   PRIMARY KEY (file, line), WITHOUT ROWID
 *            time INTEGER,                 epoch seconds, UTC
 *            from_id, to_id, channel INTEGER NOT NULL,  -> names(id)
 *            case_id, meeting INTEGER,     -> names(id); NULL = none
 *            weight REAL NOT NULL)
 *   actors(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name, type,
 *          organisation, unit, rank, profession TEXT NOT NULL, line INTEGER)
 *   actor_attributes(actor INTEGER, key TEXT, value TEXT, PRIMARY KEY (actor, key))
 *   view contacts_text: the contacts with names instead of name ids
 *
 * A file is known by its content, never by its name: the fingerprint of
 * its first bytes and the anchor before its offset must match; device and
 * inode only break ties (see sn_state_identify).
 */
#ifndef SAMNETT_STATE_H
#define SAMNETT_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/store.h"

#define SN_STATE_SCHEMA 2
#define SN_STATE_FP_MAX 256 /* fingerprint: the first bytes of a file */
#define SN_STATE_ANCHOR 64  /* anchor: the bytes before the committed offset */

typedef struct sn_state sn_state;

typedef enum sn_state_format {
    SN_STATE_UNREAD,  /* no complete header yet (never stored) */
    SN_STATE_CSV,     /* a contacts file */
    SN_STATE_JSONL,   /* a contacts file */
    SN_STATE_IGNORED, /* not a contacts file: an actors file or a bad header */
} sn_state_format;

/* One followed file (a row of `files`). Strings are owned (malloc). */
typedef struct sn_state_file {
    int64_t id; /* 0 until first committed */
    char *path;
    uint64_t dev, ino;
    unsigned char fp[SN_STATE_FP_MAX];
    size_t fp_len;
    unsigned char anchor[SN_STATE_ANCHOR];
    size_t anchor_len;
    int64_t committed;
    int64_t data_start;
    long lines;
    sn_state_format format;
    char *header;
    int64_t rows, contacts, rejected, local_times;
    int encoding; /* the sn_encoding the file's first non-ASCII bytes decided (0 = not yet) */
} sn_state_file;

enum {
    SN_STATE_READONLY = 1, /* open an existing state to read (samnett analyze --store) */
};

/*
 * Open (or create) the state file. Without SN_STATE_READONLY the file is
 * created when missing and locked for this process (path + "-lock", flock):
 * one watch per state; with it, SN_EIO when the file does not exist.
 * SN_EUSAGE for a locked, foreign or newer file.
 */
sn_status sn_state_open(const char *path, int flags, sn_state **out, sn_err *err);
void sn_state_close(sn_state *st);

/* Every file record, in id order. Free with sn_state_files_free. */
sn_status sn_state_files(sn_state *st, sn_state_file **out, size_t *n, sn_err *err);
void sn_state_file_clear(sn_state_file *f);
void sn_state_files_free(sn_state_file *files, size_t n);

/*
 * Add the stored contacts to the store, whose actors are already loaded.
 * Ids that are not actors are created with type "unknown" (quietly: they
 * were reported when first read). Sets the store's counts (rows, rejected,
 * local times, self-contacts, files). O(contacts).
 */
sn_status sn_state_restore(sn_state *st, sn_store *store, sn_err *err);

/* Replace the actors snapshot with the store's actors (not those made from contacts). */
sn_status sn_state_actors_save(sn_state *st, const sn_store *store, const char *path, sn_err *err);
/* Add the snapshot's actors to an empty store; *found = 0 when there is none. */
sn_status sn_state_actors_restore(sn_state *st, sn_store *store, int *found, sn_err *err);

/*
 * Commit one batch in one transaction: the record f (inserted when f->id
 * is 0, which then gets its id) with its new offset and counts, and the
 * contacts store[first .. first + n) read from it, whose lines are
 * lines[0 .. n). Names are looked up per store: call sn_state_forget_store
 * when the store is replaced. After a failed commit the state refuses
 * further commits (the caller stops; a restart resumes from the file).
 */
sn_status sn_state_commit(sn_state *st, sn_state_file *f, const sn_store *store, size_t first,
                          size_t n, const long *lines, sn_err *err);
void sn_state_forget_store(sn_state *st);

/*
 * Read what a watch stored into store, for `samnett analyze --store`, in one
 * read transaction: the actors from the state's snapshot, unless the caller
 * has read them already from actors files (actors_loaded), then the
 * contacts (sn_state_restore).
 */
sn_status sn_state_load(sn_state *st, sn_store *store, int actors_loaded, sn_err *err);

/*
 * Keep the files' fingerprints and anchors (their first bytes and the bytes
 * before the offset: raw contact lines) sealed with key (32 bytes; XChaCha20,
 * a random nonce before each), as a watch with a pseudonym key does, so that
 * the state holds no raw line. Call before sn_state_files and the commits.
 */
sn_status sn_state_seal_blobs(sn_state *st, const unsigned char *key, sn_err *err);

/* A value of the meta table (malloc'd), or NULL when it has none. */
char *sn_state_meta_get(sn_state *st, const char *key);
/* Set a value of the meta table, in a transaction of its own. */
sn_status sn_state_meta_set(sn_state *st, const char *key, const char *value, sn_err *err);

/* ---- file identity ---- */

/* A file found by a scan: its name, device, inode, size and first bytes. */
typedef struct sn_file_seen {
    const char *path;
    uint64_t dev, ino;
    int64_t size;
    unsigned char fp[SN_STATE_FP_MAX];
    size_t fp_len; /* min(size, SN_STATE_FP_MAX) */
} sn_file_seen;

typedef enum sn_seen_kind {
    SN_SEEN_EMPTY, /* no bytes yet: nothing to know it by */
    SN_SEEN_KNOWN, /* the content of a record: resume at its offset */
    SN_SEEN_NEW,   /* new content: read from the start */
    SN_SEEN_COPY,  /* a copy of content another name holds, or an older copy: skip */
} sn_seen_kind;

typedef struct sn_file_match {
    sn_seen_kind kind;
    long record; /* KNOWN: the record; COPY: the record it copies; NEW: the record
                    this inode held before it was truncated, or -1 */
} sn_file_match;

/* Read len bytes at off of seen file i into buf; 0 when all were read. */
typedef int (*sn_read_at_fn)(void *ud, size_t i, int64_t off, void *buf, size_t len);

/*
 * Match the files of a scan to the records. A record R can be resumed from
 * file S when S is at least R->committed bytes long, their first bytes agree
 * (over the shorter fingerprint) and S holds R's anchor just before
 * R->committed. Each record goes to at most one file: first to a file with
 * its device and inode, then its last name, then the largest offset. A file
 * that matches a record already taken, or is shorter than a record but
 * shares data rows with it on another inode, is a copy of known content;
 * anything else is new. A file that shrank below its record's offset on the
 * same inode was truncated: new, read from its start. O(files x records).
 */
sn_status sn_state_identify(const sn_state_file *records, size_t n_records,
                            const sn_file_seen *seen, size_t n_seen, sn_read_at_fn read_at,
                            void *ud, sn_file_match *out, sn_err *err);

#endif
