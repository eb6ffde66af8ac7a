/*
 * state.c - the SQLite state of samnett watch (schema in samnett/state.h):
 * opening and locking, the batch commit, and restoring the event store.
 */
#include "samnett/state.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "samnett/time.h"

#define APPLICATION_ID 0x736e7477 /* "sntw" */

static const char *const schema_sql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT NOT NULL, dev INTEGER, ino INTEGER,"
    " fingerprint BLOB NOT NULL, anchor BLOB NOT NULL, committed INTEGER NOT NULL,"
    " data_start INTEGER NOT NULL, lines INTEGER NOT NULL, format TEXT NOT NULL, header TEXT,"
    " rows INTEGER NOT NULL, contacts INTEGER NOT NULL, rejected INTEGER NOT NULL,"
    " local_times INTEGER NOT NULL, first_seen TEXT, last_read TEXT, encoding TEXT);"
    "CREATE TABLE contacts(file INTEGER NOT NULL, line INTEGER NOT NULL, time INTEGER NOT NULL,"
    " from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, channel INTEGER NOT NULL,"
    " case_id INTEGER, meeting INTEGER, weight REAL NOT NULL,"
    " PRIMARY KEY (file, line)) WITHOUT ROWID;"
    "CREATE TABLE actors(idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    " type TEXT NOT NULL, organisation TEXT NOT NULL, unit TEXT NOT NULL, rank TEXT NOT NULL,"
    " profession TEXT NOT NULL, line INTEGER);"
    "CREATE TABLE actor_attributes(actor INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
    " PRIMARY KEY (actor, key)) WITHOUT ROWID;"
    "CREATE VIEW contacts_text AS SELECT c.file, c.line, c.time, f.name AS from_id,"
    " t.name AS to_id, ch.name AS channel, cs.name AS case_id, m.name AS meeting, c.weight"
    " FROM contacts c JOIN names f ON f.id = c.from_id JOIN names t ON t.id = c.to_id"
    " JOIN names ch ON ch.id = c.channel LEFT JOIN names cs ON cs.id = c.case_id"
    " LEFT JOIN names m ON m.id = c.meeting;";

enum { Q_NAME, Q_CONTACT, Q_FILE_NEW, Q_FILE_SET, Q_COUNT };

static const char *const stmt_sql[Q_COUNT] = {
    "INSERT INTO names(id, name) VALUES (?, ?)",
    "INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO files(path, dev, ino, fingerprint, anchor, committed, data_start, lines, format,"
    " header, rows, contacts, rejected, local_times, encoding, first_seen, last_read)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "UPDATE files SET path = ?, dev = ?, ino = ?, fingerprint = ?, anchor = ?, committed = ?,"
    " data_start = ?, lines = ?, format = ?, header = ?, rows = ?, contacts = ?, rejected = ?,"
    " local_times = ?, encoding = ?, last_read = ? WHERE id = ?",
};

struct sn_state {
    sqlite3 *db;
    char *path;
    int lock_fd;
    int locked;       /* the lock is this process's: its file is removed on close */
    int has_encoding; /* files has the encoding column (schema 2) */
    int failed;       /* a commit failed: refuse more */
    sqlite3_stmt *q[Q_COUNT];
    /* names: intern id i is names.id i + 1 */
    sn_intern *names;
    uint32_t n_committed_names; /* names known to be in the database */
    /* name ids of the current store's actors, cases and meetings (0 = not looked up) */
    uint32_t *actor_name, *case_name, *meeting_name;
    size_t cap_actor, cap_case, cap_meeting;
    uint32_t channel_name[SN_CHANNEL_MAX + 1];
    /* sn_state_seal_blobs: the key of the files' fingerprints and anchors */
    int sealed;
    unsigned char seal_key[crypto_stream_xchacha20_KEYBYTES];
};

static sn_status db_fail(sn_state *st, sn_err *err, const char *what)
{
    return sn_err_set(err, SN_EIO, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int exec(sn_state *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

/* The single integer a query returns, or -1. */
static int64_t query_int(sn_state *st, const char *sql)
{
    sqlite3_stmt *q;
    int64_t v = -1;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static void now_text(char *buf, size_t cap)
{
    sn_time_format((int64_t)time(NULL), buf, cap);
}

/*
 * The lock file is removed when the watch closes the state (still holding
 * the lock), so a lock taken on a file that was removed meanwhile is taken
 * again on the new one: the lock held is always the one under the name.
 */
static sn_status lock_state(sn_state *st, sn_err *err)
{
    char lock[4200];
    snprintf(lock, sizeof lock, "%s-lock", st->path);
    for (int tries = 0;; tries++) {
        st->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (st->lock_fd < 0)
            return sn_err_set(err, SN_EIO, "%s: cannot create: %s", lock, strerror(errno));
        if (flock(st->lock_fd, LOCK_EX | LOCK_NB) != 0)
            break;
        struct stat held, named;
        if (tries >= 100 || (fstat(st->lock_fd, &held) == 0 && stat(lock, &named) == 0 &&
                             held.st_dev == named.st_dev && held.st_ino == named.st_ino)) {
            st->locked = 1;
            break;
        }
        close(st->lock_fd); /* removed by the watch that had it: take the new one */
    }
    if (!st->locked) {
        char pid[32] = "";
        ssize_t got = pread(st->lock_fd, pid, sizeof pid - 1, 0);
        pid[got > 0 ? got : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        return sn_err_set(err, SN_EUSAGE,
                          "%s is in use by another samnett watch%s%s%s; expected one watch per "
                          "state file",
                          st->path, pid[0] ? " (process " : "", pid, pid[0] ? ")" : "");
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(st->lock_fd, 0) != 0 || pwrite(st->lock_fd, pid, (size_t)n, 0) != n)
        return sn_err_set(err, SN_EIO, "%s: cannot write: %s", lock, strerror(errno));
    return SN_OK;
}

/* Create the schema in a new file, or check the version of an existing one. */
static sn_status check_schema(sn_state *st, int readonly, sn_err *err)
{
    int64_t version = query_int(st, "PRAGMA user_version");
    int64_t app = query_int(st, "PRAGMA application_id");
    int64_t tables = query_int(st, "SELECT count(*) FROM sqlite_master");
    if (version < 0 || app < 0 || tables < 0)
        return db_fail(st, err, "cannot read");
    if (version == 0 && tables == 0 && !readonly) {
        char now[40], sql[512];
        now_text(now, sizeof now);
        snprintf(sql, sizeof sql,
                 "PRAGMA application_id = %d; PRAGMA user_version = %d;"
                 "INSERT INTO meta VALUES ('created_by', 'samnett %s'), ('created_at', '%s');",
                 APPLICATION_ID, SN_STATE_SCHEMA, SAMNETT_VERSION, now);
        if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK || exec(st, schema_sql) != SQLITE_OK ||
            exec(st, sql) != SQLITE_OK || exec(st, "COMMIT") != SQLITE_OK) {
            sn_status rc = db_fail(st, err, "cannot create the state");
            exec(st, "ROLLBACK");
            return rc;
        }
        st->has_encoding = 1;
        return SN_OK;
    }
    if (app != APPLICATION_ID)
        return sn_err_set(err, SN_EUSAGE,
                          "%s is not a samnett state file; expected one written by samnett watch",
                          st->path);
    if (version > SN_STATE_SCHEMA)
        return sn_err_set(err, SN_EUSAGE,
                          "%s has state schema %lld, from a newer samnett; expected schema %d",
                          st->path, (long long)version, SN_STATE_SCHEMA);
    /* Schema 2 adds files.encoding; a schema 1 file gains the column (read-only: read as NULL). */
    st->has_encoding = version >= 2;
    if (version == 1 && !readonly) {
        char sql[128];
        snprintf(sql, sizeof sql,
                 "ALTER TABLE files ADD COLUMN encoding TEXT; PRAGMA user_version = %d;",
                 SN_STATE_SCHEMA);
        if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK || exec(st, sql) != SQLITE_OK ||
            exec(st, "COMMIT") != SQLITE_OK) {
            sn_status rc = db_fail(st, err, "cannot add files.encoding (schema 1 to 2)");
            exec(st, "ROLLBACK");
            return rc;
        }
        st->has_encoding = 1;
    }
    return SN_OK;
}

/* Load the names into the interner; their ids must be 1, 2, 3, ... */
static sn_status load_names(sn_state *st, sn_err *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT id, name FROM names ORDER BY id", -1, &q, NULL) !=
        SQLITE_OK)
        return db_fail(st, err, "cannot read names");
    sn_status rc = SN_OK;
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        const char *s = (const char *)sqlite3_column_text(q, 1);
        size_t len = (size_t)sqlite3_column_bytes(q, 1);
        if (id != (int64_t)sn_intern_count(st->names) + 1) {
            rc = sn_err_set(err, SN_EINPUT, "%s: damaged: name id %lld out of order", st->path,
                            (long long)id);
            break;
        }
        uint32_t got;
        if (sn_intern_add(st->names, s ? s : "", len, &got) != SN_OK) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory");
            break;
        }
        if (got != id - 1) {
            rc = sn_err_set(err, SN_EINPUT, "%s: damaged: name '%s' twice", st->path, s ? s : "");
            break;
        }
    }
    if (rc == SN_OK && r != SQLITE_DONE)
        rc = db_fail(st, err, "cannot read names");
    sqlite3_finalize(q);
    st->n_committed_names = sn_intern_count(st->names);
    return rc;
}

sn_status sn_state_open(const char *path, int flags, sn_state **out, sn_err *err)
{
    *out = NULL;
    int readonly = flags & SN_STATE_READONLY;
    if (readonly && access(path, F_OK) != 0) /* SQLite would only say it cannot open it */
        return sn_err_set(err, SN_EIO, "%s: cannot open: %s", path, strerror(errno));
    sn_state *st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path)) || !(st->names = sn_intern_new())) {
        sn_state_close(st);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    st->lock_fd = -1;
    sn_status rc = SN_OK;
    if (!readonly)
        rc = lock_state(st, err);
    int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (rc == SN_OK &&
        sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        rc = sn_err_set(err, readonly ? SN_EIO : SN_EIO, "%s: cannot open: %s", path,
                        st->db ? sqlite3_errmsg(st->db) : "out of memory");
    }
    if (rc == SN_OK) {
        sqlite3_busy_timeout(st->db, 10000);
        sqlite3_extended_result_codes(st->db, 1);
    }
    if (rc == SN_OK && !readonly) {
        /*
         * WAL: readers (samnett analyze --store) do not block the watch.
         * synchronous=FULL: a commit is on disk before the watch goes on,
         * so even a power cut keeps each file's offset and its contacts in step.
         */
        sqlite3_stmt *q;
        int wal = 0;
        if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &q, NULL) == SQLITE_OK) {
            if (sqlite3_step(q) == SQLITE_ROW)
                wal = strcmp((const char *)sqlite3_column_text(q, 0), "wal") == 0;
            sqlite3_finalize(q);
        }
        if (!wal)
            rc = db_fail(st, err, "cannot use write-ahead logging (WAL)");
        else if (exec(st, "PRAGMA synchronous = FULL; PRAGMA cache_size = -32768") != SQLITE_OK)
            rc = db_fail(st, err, "cannot set up");
    }
    if (rc == SN_OK)
        rc = check_schema(st, readonly, err);
    if (rc == SN_OK && !readonly)
        for (int i = 0; i < Q_COUNT && rc == SN_OK; i++)
            if (sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->q[i],
                                   NULL) != SQLITE_OK)
                rc = db_fail(st, err, "cannot prepare");
    if (rc == SN_OK)
        rc = load_names(st, err);
    if (rc != SN_OK) {
        sn_state_close(st);
        return rc;
    }
    *out = st;
    return SN_OK;
}

void sn_state_close(sn_state *st)
{
    if (!st)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(st->q[i]);
    if (st->db)
        sqlite3_close(st->db);
    if (st->locked) { /* removed while still held: no lock file is left behind */
        char lock[4200];
        snprintf(lock, sizeof lock, "%s-lock", st->path);
        unlink(lock);
    }
    if (st->lock_fd >= 0)
        close(st->lock_fd); /* releases the lock */
    sodium_memzero(st->seal_key, sizeof st->seal_key);
    sn_intern_free(st->names);
    free(st->actor_name);
    free(st->case_name);
    free(st->meeting_name);
    free(st->path);
    free(st);
}

/* ---- file records ---- */

static const char *const format_names[] = {"unread", "csv", "jsonl", "ignored"};

/* files.encoding: NULL while undecided, else the sn_encoding's name (samnett/ingest.h). */
static const char *const encoding_names[] = {NULL, "utf-8", "windows-1252", "iso-8859-1"};

static int encoding_parse(const char *s)
{
    for (int i = 1; s && i < (int)(sizeof encoding_names / sizeof *encoding_names); i++)
        if (strcmp(s, encoding_names[i]) == 0)
            return i;
    return 0;
}

static sn_state_format format_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, format_names[i]) == 0)
            return (sn_state_format)i;
    return SN_STATE_IGNORED;
}

static char *dup_text(sqlite3_stmt *q, int col)
{
    const char *s = (const char *)sqlite3_column_text(q, col);
    return s ? strdup(s) : NULL;
}

static size_t copy_blob(const sn_state *st, sqlite3_stmt *q, int col, unsigned char *dst,
                        size_t cap)
{
    size_t n = (size_t)sqlite3_column_bytes(q, col);
    const unsigned char *b = sqlite3_column_blob(q, col);
    if (!b)
        return 0;
    if (st->sealed) { /* a nonce, then the bytes XOR the key stream */
        size_t nb = crypto_stream_xchacha20_NONCEBYTES;
        if (n < nb)
            return 0; /* not sealed: read as nothing known (the caller refuses such a state) */
        n -= nb;
        if (n > cap)
            n = cap;
        crypto_stream_xchacha20_xor(dst, b + nb, n, b, st->seal_key);
        return n;
    }
    if (n > cap)
        n = cap;
    memcpy(dst, b, n);
    return n;
}

/* Bind len bytes of data as a blob, sealed when the state is. */
static void bind_blob(const sn_state *st, sqlite3_stmt *q, int k, const unsigned char *data,
                      size_t len)
{
    if (!st->sealed) {
        sqlite3_bind_blob(q, k, data, (int)len, SQLITE_STATIC);
        return;
    }
    unsigned char b[crypto_stream_xchacha20_NONCEBYTES + SN_STATE_FP_MAX];
    size_t nb = crypto_stream_xchacha20_NONCEBYTES;
    if (len > SN_STATE_FP_MAX)
        len = SN_STATE_FP_MAX;
    randombytes_buf(b, nb);
    crypto_stream_xchacha20_xor(b + nb, data, len, b, st->seal_key);
    sqlite3_bind_blob(q, k, b, (int)(nb + len), SQLITE_TRANSIENT);
}

sn_status sn_state_seal_blobs(sn_state *st, const unsigned char *key, sn_err *err)
{
    if (sodium_init() < 0)
        return sn_err_set(err, SN_EIO, "%s: cannot start libsodium", st->path);
    memcpy(st->seal_key, key, sizeof st->seal_key);
    st->sealed = 1;
    return SN_OK;
}

void sn_state_file_clear(sn_state_file *f)
{
    free(f->path);
    free(f->header);
    memset(f, 0, sizeof *f);
}

void sn_state_files_free(sn_state_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sn_state_file_clear(&files[i]);
    free(files);
}

sn_status sn_state_files(sn_state *st, sn_state_file **out, size_t *n, sn_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           st->has_encoding
                               ? "SELECT id, path, dev, ino, fingerprint, anchor, committed,"
                                 " data_start, lines, format, header, rows, contacts, rejected,"
                                 " local_times, encoding FROM files ORDER BY id"
                               : "SELECT id, path, dev, ino, fingerprint, anchor, committed,"
                                 " data_start, lines, format, header, rows, contacts, rejected,"
                                 " local_times, NULL FROM files ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return db_fail(st, err, "cannot read files");
    sn_state_file *v = NULL;
    size_t len = 0, cap = 0;
    sn_status rc = SN_OK;
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 16;
            sn_state_file *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                rc = sn_err_set(err, SN_ENOMEM, "out of memory");
                break;
            }
            v = nv;
        }
        sn_state_file *f = &v[len++];
        memset(f, 0, sizeof *f);
        f->id = sqlite3_column_int64(q, 0);
        f->path = dup_text(q, 1);
        f->dev = (uint64_t)sqlite3_column_int64(q, 2);
        f->ino = (uint64_t)sqlite3_column_int64(q, 3);
        f->fp_len = copy_blob(st, q, 4, f->fp, sizeof f->fp);
        f->anchor_len = copy_blob(st, q, 5, f->anchor, sizeof f->anchor);
        f->committed = sqlite3_column_int64(q, 6);
        f->data_start = sqlite3_column_int64(q, 7);
        f->lines = (long)sqlite3_column_int64(q, 8);
        f->format = format_parse((const char *)sqlite3_column_text(q, 9));
        f->header = dup_text(q, 10);
        f->rows = sqlite3_column_int64(q, 11);
        f->contacts = sqlite3_column_int64(q, 12);
        f->rejected = sqlite3_column_int64(q, 13);
        f->local_times = sqlite3_column_int64(q, 14);
        f->encoding = encoding_parse((const char *)sqlite3_column_text(q, 15));
        if (!f->path) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory");
            break;
        }
    }
    if (rc == SN_OK && r != SQLITE_DONE)
        rc = db_fail(st, err, "cannot read files");
    sqlite3_finalize(q);
    if (rc != SN_OK) {
        sn_state_files_free(v, len);
        return rc;
    }
    *out = v;
    *n = len;
    return SN_OK;
}

/* ---- names ---- */

void sn_state_forget_store(sn_state *st)
{
    free(st->actor_name);
    free(st->case_name);
    free(st->meeting_name);
    st->actor_name = st->case_name = st->meeting_name = NULL;
    st->cap_actor = st->cap_case = st->cap_meeting = 0;
    memset(st->channel_name, 0, sizeof st->channel_name);
}

/* Make *v hold at least n entries (new ones 0). */
static int grow_ids(uint32_t **v, size_t *cap, size_t n)
{
    if (n <= *cap)
        return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < n)
        c *= 2;
    uint32_t *nv = realloc(*v, c * sizeof *nv);
    if (!nv)
        return -1;
    memset(nv + *cap, 0, (c - *cap) * sizeof *nv);
    *v = nv;
    *cap = c;
    return 0;
}

/* The name id of s (inserted into `names` within the open transaction if new); 0 on failure. */
static uint32_t name_id(sn_state *st, const char *s, size_t len)
{
    int64_t found = sn_intern_find(st->names, s, len);
    if (found >= 0)
        return (uint32_t)found + 1;
    uint32_t id;
    if (sn_intern_add(st->names, s, len, &id) != SN_OK)
        return 0;
    sqlite3_stmt *q = st->q[Q_NAME];
    sqlite3_bind_int64(q, 1, (sqlite3_int64)id + 1);
    sqlite3_bind_text(q, 2, s, (int)len, SQLITE_STATIC);
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    return r == SQLITE_DONE ? id + 1 : 0;
}

/* Cached name id of a store string: *slot when known, else looked up and cached. */
static uint32_t cached_name(sn_state *st, uint32_t *slot, const char *s, size_t len)
{
    if (!*slot)
        *slot = name_id(st, s, len);
    return *slot;
}

/* ---- the batch commit ---- */

static void bind_file(sn_state *st, sqlite3_stmt *q, const sn_state_file *f, int is_new)
{
    char now[40];
    now_text(now, sizeof now);
    (void)st;
    int k = 1;
    sqlite3_bind_text(q, k++, f->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, k++, (sqlite3_int64)f->dev);
    sqlite3_bind_int64(q, k++, (sqlite3_int64)f->ino);
    bind_blob(st, q, k++, f->fp, f->fp_len);
    bind_blob(st, q, k++, f->anchor, f->anchor_len);
    sqlite3_bind_int64(q, k++, f->committed);
    sqlite3_bind_int64(q, k++, f->data_start);
    sqlite3_bind_int64(q, k++, f->lines);
    sqlite3_bind_text(q, k++, format_names[f->format], -1, SQLITE_STATIC);
    if (f->header)
        sqlite3_bind_text(q, k++, f->header, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, k++);
    sqlite3_bind_int64(q, k++, f->rows);
    sqlite3_bind_int64(q, k++, f->contacts);
    sqlite3_bind_int64(q, k++, f->rejected);
    sqlite3_bind_int64(q, k++, f->local_times);
    if (f->encoding > 0 && f->encoding < (int)(sizeof encoding_names / sizeof *encoding_names))
        sqlite3_bind_text(q, k++, encoding_names[f->encoding], -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, k++);
    if (is_new)
        sqlite3_bind_text(q, k++, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, k++, now, -1, SQLITE_TRANSIENT);
    if (!is_new)
        sqlite3_bind_int64(q, k++, f->id);
}

/* Write the file record (insert or update). 0 on success. */
static int write_file(sn_state *st, sn_state_file *f)
{
    int is_new = f->id == 0;
    sqlite3_stmt *q = st->q[is_new ? Q_FILE_NEW : Q_FILE_SET];
    bind_file(st, q, f, is_new);
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (r != SQLITE_DONE)
        return -1;
    if (is_new)
        f->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

/* Insert the contacts store[first .. first + n). 0 on success. */
static int write_contacts(sn_state *st, int64_t file, const sn_store *s, size_t first, size_t n,
                          const long *lines)
{
    if (grow_ids(&st->actor_name, &st->cap_actor, s->n_actors) ||
        grow_ids(&st->case_name, &st->cap_case, sn_intern_count(s->cases) + 1) ||
        grow_ids(&st->meeting_name, &st->cap_meeting, sn_intern_count(s->meetings) + 1))
        return -1;
    sqlite3_stmt *q = st->q[Q_CONTACT];
    for (size_t k = 0; k < n; k++) {
        size_t i = first + k;
        uint32_t from = s->from[i], to = s->to[i], cs = sn_store_case(s, i),
                 mt = sn_store_meeting(s, i);
        uint8_t ch = s->channel[i];
        uint32_t nf = cached_name(st, &st->actor_name[from], sn_store_actor_id(s, from),
                                  sn_intern_len(s->actor_ids, from));
        uint32_t nt = cached_name(st, &st->actor_name[to], sn_store_actor_id(s, to),
                                  sn_intern_len(s->actor_ids, to));
        uint32_t nc = cached_name(st, &st->channel_name[ch], sn_channel_name(s, ch),
                                  sn_intern_len(s->channels, ch));
        uint32_t ncs = cs ? cached_name(st, &st->case_name[cs], sn_intern_str(s->cases, cs - 1),
                                        sn_intern_len(s->cases, cs - 1))
                          : 0;
        uint32_t nm =
            mt ? cached_name(st, &st->meeting_name[mt], sn_intern_str(s->meetings, mt - 1),
                             sn_intern_len(s->meetings, mt - 1))
               : 0;
        if (!nf || !nt || !nc || (cs && !ncs) || (mt && !nm))
            return -1;
        sqlite3_bind_int64(q, 1, file);
        sqlite3_bind_int64(q, 2, lines[k]);
        sqlite3_bind_int64(q, 3, sn_store_time(s, i));
        sqlite3_bind_int64(q, 4, nf);
        sqlite3_bind_int64(q, 5, nt);
        sqlite3_bind_int64(q, 6, nc);
        if (ncs)
            sqlite3_bind_int64(q, 7, ncs);
        else
            sqlite3_bind_null(q, 7);
        if (nm)
            sqlite3_bind_int64(q, 8, nm);
        else
            sqlite3_bind_null(q, 8);
        sqlite3_bind_double(q, 9, (double)sn_store_weight(s, i));
        int r = sqlite3_step(q);
        sqlite3_reset(q);
        if (r != SQLITE_DONE)
            return -1;
    }
    return 0;
}

static sn_status commit_fail(sn_state *st, sn_err *err)
{
    sn_status rc = db_fail(st, err, "cannot commit a batch");
    exec(st, "ROLLBACK");
    st->failed = 1; /* the name cache may hold names that were rolled back */
    return rc;
}

sn_status sn_state_commit(sn_state *st, sn_state_file *f, const sn_store *store, size_t first,
                          size_t n, const long *lines, sn_err *err)
{
    if (st->failed)
        return sn_err_set(err, SN_EIO, "%s: an earlier commit failed", st->path);
#ifdef SAMNETT_WATCH_BREAK_COMMIT_ORDER
    /*
     * Deliberately broken, for the tests only: the offset is committed in a
     * transaction of its own before the contacts, so a kill between the two
     * loses the batch. The kill -9 test must catch this.
     */
    if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK || write_file(st, f) != 0 ||
        exec(st, "COMMIT") != SQLITE_OK)
        return commit_fail(st, err);
    if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK ||
        write_contacts(st, f->id, store, first, n, lines) != 0 || exec(st, "COMMIT") != SQLITE_OK)
        return commit_fail(st, err);
#else
    /* The offset and the contacts before it: one transaction. */
    int64_t old_id = f->id;
    if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK || write_file(st, f) != 0 ||
        write_contacts(st, f->id, store, first, n, lines) != 0 || exec(st, "COMMIT") != SQLITE_OK) {
        f->id = old_id;
        return commit_fail(st, err);
    }
#endif
    st->n_committed_names = sn_intern_count(st->names);
    return SN_OK;
}

/* ---- restore ---- */

/* Per name id: what it stands for in the store being restored (-1 = not yet). */
typedef struct name_map {
    int64_t *actor, *cases, *meetings;
    int16_t *channel;
} name_map;

static int64_t map_actor(sn_state *st, sn_store *s, name_map *m, uint32_t name)
{
    if (m->actor[name] >= 0)
        return m->actor[name];
    const char *id = sn_intern_str(st->names, name - 1);
    size_t len = sn_intern_len(st->names, name - 1);
    int64_t a = sn_store_actor_find(s, id, len);
    if (a < 0) {
        uint32_t unknown, made;
        if (sn_store_string(s, "unknown", 7, &unknown) != SN_OK ||
            sn_store_actor_add(s, id, len, 0, 0, &made, NULL) != SN_OK)
            return -1;
        a = made;
        s->actors[a].auto_created = 1;
        s->actors[a].attr[SN_ATTR_TYPE] = unknown;
        s->auto_actors++;
    }
    if (grow_ids(&st->actor_name, &st->cap_actor, (size_t)a + 1) != 0)
        return -1;
    st->actor_name[a] = name;
    return m->actor[name] = a;
}

static int map_channel(sn_state *st, sn_store *s, name_map *m, uint32_t name)
{
    if (m->channel[name] >= 0)
        return m->channel[name];
    const char *nm = sn_intern_str(st->names, name - 1);
    size_t len = sn_intern_len(st->names, name - 1);
    int ch = sn_channel_lookup(nm, len);
    if (ch < 0) {
        uint32_t id;
        if (sn_intern_add(s->channels, nm, len, &id) != SN_OK || id > SN_CHANNEL_MAX)
            return -1;
        ch = (int)id;
    }
    st->channel_name[ch] = name;
    return m->channel[name] = (int16_t)ch;
}

static int64_t map_interned(sn_state *st, sn_intern *in, int64_t *slot, uint32_t **cache,
                            size_t *cap, uint32_t name)
{
    if (*slot >= 0)
        return *slot;
    uint32_t id;
    if (sn_intern_add(in, sn_intern_str(st->names, name - 1), sn_intern_len(st->names, name - 1),
                      &id) != SN_OK ||
        grow_ids(cache, cap, (size_t)id + 2) != 0)
        return -1;
    (*cache)[(size_t)id + 1] = name;
    return *slot = (int64_t)id + 1;
}

sn_status sn_state_restore(sn_state *st, sn_store *s, sn_err *err)
{
    sn_state_forget_store(st);
    size_t n_names = (size_t)sn_intern_count(st->names) + 1;
    name_map m = {malloc(n_names * sizeof *m.actor), malloc(n_names * sizeof *m.cases),
                  malloc(n_names * sizeof *m.meetings), malloc(n_names * sizeof *m.channel)};
    sn_status rc = SN_OK;
    if (!m.actor || !m.cases || !m.meetings || !m.channel)
        rc = sn_err_set(err, SN_ENOMEM, "out of memory restoring %s", st->path);
    for (size_t i = 0; rc == SN_OK && i < n_names; i++) {
        m.actor[i] = m.cases[i] = m.meetings[i] = -1;
        m.channel[i] = -1;
    }
    sqlite3_stmt *q = NULL;
    if (rc == SN_OK) {
        /* the counts, and room for every contact at once */
        if (sqlite3_prepare_v2(st->db,
                               "SELECT total(rows), total(contacts), total(rejected),"
                               " total(local_times), count(*) FROM files"
                               " WHERE format IN ('csv', 'jsonl')",
                               -1, &q, NULL) != SQLITE_OK ||
            sqlite3_step(q) != SQLITE_ROW) {
            rc = db_fail(st, err, "cannot read files");
        } else {
            s->rows_read += (long)sqlite3_column_double(q, 0);
            size_t want = s->n + (size_t)sqlite3_column_double(q, 1);
            s->rejected += (long)sqlite3_column_double(q, 2);
            s->local_times += (long)sqlite3_column_double(q, 3);
            s->files += (long)sqlite3_column_int64(q, 4);
            if (sn_store_reserve(s, want) != SN_OK)
                rc = sn_err_set(err, SN_ENOMEM, "out of memory restoring %s", st->path);
        }
        sqlite3_finalize(q);
        q = NULL;
    }
    if (rc == SN_OK && sqlite3_prepare_v2(st->db,
                                          "SELECT time, from_id, to_id, channel, case_id,"
                                          " meeting, weight FROM contacts",
                                          -1, &q, NULL) != SQLITE_OK)
        rc = db_fail(st, err, "cannot read contacts");
    int r = SQLITE_DONE;
    while (rc == SN_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t t = sqlite3_column_int64(q, 0);
        int64_t ids[5];
        for (int k = 0; k < 5; k++) {
            ids[k] = sqlite3_column_int64(q, k + 1);
            if (ids[k] < 0 || (size_t)ids[k] >= n_names || (k < 3 && ids[k] == 0)) {
                rc = sn_err_set(err, SN_EINPUT, "%s: damaged: a contact names id %lld", st->path,
                                (long long)ids[k]);
                break;
            }
        }
        if (rc != SN_OK)
            break;
        int64_t from = map_actor(st, s, &m, (uint32_t)ids[0]);
        int64_t to = from < 0 ? -1 : map_actor(st, s, &m, (uint32_t)ids[1]);
        int ch = map_channel(st, s, &m, (uint32_t)ids[2]);
        int64_t cs = ids[3] ? map_interned(st, s->cases, &m.cases[ids[3]], &st->case_name,
                                           &st->cap_case, (uint32_t)ids[3])
                            : 0;
        int64_t mt = ids[4] ? map_interned(st, s->meetings, &m.meetings[ids[4]], &st->meeting_name,
                                           &st->cap_meeting, (uint32_t)ids[4])
                            : 0;
        if (from < 0 || to < 0 || ch < 0 || cs < 0 || mt < 0 ||
            sn_store_contact_add(s, t, (uint32_t)from, (uint32_t)to, (uint8_t)ch, (uint32_t)cs,
                                 (uint32_t)mt, (float)sqlite3_column_double(q, 6)) != SN_OK) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory restoring %s", st->path);
            break;
        }
        if (from == to)
            s->self_contacts++;
    }
    if (rc == SN_OK && r != SQLITE_DONE)
        rc = db_fail(st, err, "cannot read contacts");
    sqlite3_finalize(q);
    free(m.actor);
    free(m.cases);
    free(m.meetings);
    free(m.channel);
    return rc;
}

/* ---- meta ---- */

char *sn_state_meta_get(sn_state *st, const char *key)
{
    sqlite3_stmt *q;
    char *v = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = ?", -1, &q, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        v = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return v;
}

sn_status sn_state_meta_set(sn_state *st, const char *key, const char *value, sn_err *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta VALUES (?, ?)", -1, &q, NULL) !=
        SQLITE_OK)
        return db_fail(st, err, "cannot write");
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    int r = sqlite3_step(q);
    sqlite3_finalize(q);
    return r == SQLITE_DONE ? SN_OK : db_fail(st, err, "cannot write");
}

/* ---- the actors snapshot ---- */

sn_status sn_state_actors_save(sn_state *st, const sn_store *s, const char *path, sn_err *err)
{
    if (st->failed)
        return sn_err_set(err, SN_EIO, "%s: an earlier commit failed", st->path);
    sqlite3_stmt *qa = NULL, *qx = NULL, *qm = NULL;
    sn_status rc = SN_OK;
    if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK ||
        exec(st, "DELETE FROM actors; DELETE FROM actor_attributes") != SQLITE_OK ||
        sqlite3_prepare_v2(st->db, "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &qa,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO actor_attributes VALUES (?, ?, ?)", -1,
                           &qx, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta VALUES (?, ?)", -1, &qm, NULL) !=
            SQLITE_OK)
        rc = db_fail(st, err, "cannot save the actors");
    for (size_t a = 0; rc == SN_OK && a < s->n_actors; a++) {
        const sn_actor *ac = &s->actors[a];
        if (ac->auto_created)
            continue;
        sqlite3_bind_int64(qa, 1, (sqlite3_int64)a);
        sqlite3_bind_text(qa, 2, sn_store_actor_id(s, (uint32_t)a), -1, SQLITE_STATIC);
        for (int k = 0; k < SN_ATTR_COUNT; k++)
            sqlite3_bind_text(qa, 3 + k, sn_store_attr(s, (uint32_t)a, (sn_attr)k), -1,
                              SQLITE_STATIC);
        sqlite3_bind_int64(qa, 9, ac->src_line);
        if (sqlite3_step(qa) != SQLITE_DONE)
            rc = db_fail(st, err, "cannot save the actors");
        sqlite3_reset(qa);
        for (uint32_t i = 0; rc == SN_OK && i < ac->extra_count; i++) {
            sqlite3_bind_int64(qx, 1, (sqlite3_int64)a);
            sqlite3_bind_text(qx, 2, sn_intern_str(s->strings, s->extra_key[ac->extra_first + i]),
                              -1, SQLITE_STATIC);
            sqlite3_bind_text(qx, 3, sn_intern_str(s->strings, s->extra_val[ac->extra_first + i]),
                              -1, SQLITE_STATIC);
            if (sqlite3_step(qx) != SQLITE_DONE)
                rc = db_fail(st, err, "cannot save the actors");
            sqlite3_reset(qx);
        }
    }
    char now[40];
    now_text(now, sizeof now);
    const char *meta[2][2] = {{"actors_path", path ? path : ""}, {"actors_loaded_at", now}};
    for (int i = 0; rc == SN_OK && i < 2; i++) {
        sqlite3_bind_text(qm, 1, meta[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(qm, 2, meta[i][1], -1, SQLITE_STATIC);
        if (sqlite3_step(qm) != SQLITE_DONE)
            rc = db_fail(st, err, "cannot save the actors");
        sqlite3_reset(qm);
    }
    if (rc == SN_OK && exec(st, "COMMIT") != SQLITE_OK)
        rc = db_fail(st, err, "cannot save the actors");
    if (rc != SN_OK)
        exec(st, "ROLLBACK");
    sqlite3_finalize(qa);
    sqlite3_finalize(qx);
    sqlite3_finalize(qm);
    return rc;
}

sn_status sn_state_actors_restore(sn_state *st, sn_store *s, int *found, sn_err *err)
{
    *found = 0;
    sqlite3_stmt *qa = NULL, *qx = NULL;
    sn_status rc = SN_OK;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT idx, id, name, type, organisation, unit, rank, profession,"
                           " line FROM actors ORDER BY idx",
                           -1, &qa, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db,
                           "SELECT key, value FROM actor_attributes WHERE actor = ? ORDER BY key",
                           -1, &qx, NULL) != SQLITE_OK)
        rc = db_fail(st, err, "cannot read the actors");
    uint32_t src = 0;
    if (sn_store_string(s, st->path, strlen(st->path), &src) != SN_OK)
        rc = sn_err_set(err, SN_ENOMEM, "out of memory");
    int r = SQLITE_DONE;
    while (rc == SN_OK && (r = sqlite3_step(qa)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(qa, 1);
        uint32_t a;
        int added;
        if (sn_store_actor_add(s, id, (size_t)sqlite3_column_bytes(qa, 1), src,
                               (uint32_t)sqlite3_column_int64(qa, 8), &a, &added) != SN_OK) {
            rc = sn_err_set(err, SN_ENOMEM, "out of memory");
            break;
        }
        if (!added) {
            rc = sn_err_set(err, SN_EINPUT, "%s: damaged: actor '%s' twice", st->path, id);
            break;
        }
        for (int k = 0; k < SN_ATTR_COUNT && rc == SN_OK; k++) {
            if (sn_store_string(s, (const char *)sqlite3_column_text(qa, 2 + k),
                                (size_t)sqlite3_column_bytes(qa, 2 + k),
                                &s->actors[a].attr[k]) != SN_OK)
                rc = sn_err_set(err, SN_ENOMEM, "out of memory");
        }
        sqlite3_bind_int64(qx, 1, sqlite3_column_int64(qa, 0));
        while (rc == SN_OK && sqlite3_step(qx) == SQLITE_ROW) {
            uint32_t k, v;
            if (sn_store_string(s, (const char *)sqlite3_column_text(qx, 0),
                                (size_t)sqlite3_column_bytes(qx, 0), &k) != SN_OK ||
                sn_store_string(s, (const char *)sqlite3_column_text(qx, 1),
                                (size_t)sqlite3_column_bytes(qx, 1), &v) != SN_OK ||
                sn_store_actor_extra(s, k, v) != SN_OK)
                rc = sn_err_set(err, SN_ENOMEM, "out of memory");
        }
        sqlite3_reset(qx);
        *found = 1;
    }
    if (rc == SN_OK && r != SQLITE_DONE)
        rc = db_fail(st, err, "cannot read the actors");
    sqlite3_finalize(qa);
    sqlite3_finalize(qx);
    return rc;
}

sn_status sn_state_load(sn_state *st, sn_store *store, int actors_loaded, sn_err *err)
{
    sn_status rc = SN_OK;
    /* One read transaction: the actors and contacts of one moment of a running watch. */
    exec(st, "BEGIN");
    if (!actors_loaded) {
        int found;
        rc = sn_state_actors_restore(st, store, &found, err);
        if (rc == SN_OK && found)
            store->files++;
    }
    if (rc == SN_OK)
        rc = sn_state_restore(st, store, err);
    exec(st, "COMMIT");
    if (rc == SN_OK)
        sn_store_trim(store);
    return rc;
}
