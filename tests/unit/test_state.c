/*
 * test_state.c - the watch state (samnett/state.h): schema and version
 * checks, the lock, the batch commit (offset and contacts in one
 * transaction), restoring the event store, file identity by fingerprint,
 * and the line splitting of the incremental reader (samnett/ingest.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samnett/ingest.h"
#include "samnett/state.h"

static char dir[256];

static int make_dir(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/sn-state-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void db_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", dir, name);
}

static int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    int64_t v = -1;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* ---- schema, version, lock ---- */

static void test_schema(void **state)
{
    (void)state;
    char path[300];
    db_path(path, sizeof path, "schema.db");
    sn_state *st;
    sn_err err = {0};
    assert_int_equal(sn_state_open(path, 0, &st, &err), SN_OK);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), SN_STATE_SCHEMA);
    assert_int_equal(sql_int(path, "PRAGMA application_id"), 0x736e7477);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('meta', "
                                   "'names', 'files', 'contacts', 'actors', 'actor_attributes', "
                                   "'contacts_text')"),
                     7);
    /* WAL mode, kept in the file */
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    sqlite3_close(db);

    /* one watch per state: a second writer is refused, a reader is not */
    sn_state *other;
    assert_int_equal(sn_state_open(path, 0, &other, &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "in use by another samnett watch"));
    assert_int_equal(sn_state_open(path, SN_STATE_READONLY, &other, &err), SN_OK);
    sn_state_close(other);
    sn_state_close(st);
    /* the lock goes with the process that held it */
    assert_int_equal(sn_state_open(path, 0, &st, &err), SN_OK);
    sn_state_close(st);

    /* a schema 1 file (no files.encoding) gains the column when a watch opens it; a
       reader leaves it as it is and reads no encoding */
    char old1[300];
    db_path(old1, sizeof old1, "schema1.db");
    assert_int_equal(sn_state_open(old1, 0, &st, &err), SN_OK);
    sn_state_close(st);
    sql_exec(old1, "ALTER TABLE files DROP COLUMN encoding; PRAGMA user_version = 1;"
                   "INSERT INTO files(path, fingerprint, anchor, committed, data_start, lines,"
                   " format, rows, contacts, rejected, local_times)"
                   " VALUES ('a.csv', x'00', x'00', 10, 5, 2, 'csv', 1, 1, 0, 0)");
    sn_state_file *old_files;
    size_t n_old;
    assert_int_equal(sn_state_open(old1, SN_STATE_READONLY, &st, &err), SN_OK);
    assert_int_equal(sn_state_files(st, &old_files, &n_old, &err), SN_OK);
    assert_int_equal(n_old, 1);
    assert_int_equal(old_files[0].encoding, 0);
    sn_state_files_free(old_files, n_old);
    sn_state_close(st);
    assert_int_equal(sql_int(old1, "PRAGMA user_version"), 1);
    assert_int_equal(sn_state_open(old1, 0, &st, &err), SN_OK);
    sn_state_close(st);
    assert_int_equal(sql_int(old1, "PRAGMA user_version"), SN_STATE_SCHEMA);
    assert_int_equal(sql_int(old1, "SELECT count(*) FROM files WHERE encoding IS NULL"), 1);

    /* a newer schema and a foreign file are refused */
    char newer[300], foreign[300];
    db_path(newer, sizeof newer, "newer.db");
    assert_int_equal(sn_state_open(newer, 0, &st, &err), SN_OK);
    sn_state_close(st);
    sql_exec(newer, "PRAGMA user_version = 99");
    assert_int_equal(sn_state_open(newer, 0, &st, &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "schema 99"));
    db_path(foreign, sizeof foreign, "foreign.db");
    sql_exec(foreign, "CREATE TABLE t(x)");
    assert_int_equal(sn_state_open(foreign, 0, &st, &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "not a samnett state file"));
}

/* ---- commits and restore ---- */

static void add_actor(sn_store *s, const char *id, const char *org)
{
    uint32_t a;
    int added;
    assert_int_equal(sn_store_actor_add(s, id, strlen(id), 0, 1, &a, &added), SN_OK);
    assert_int_equal(added, 1);
    assert_int_equal(sn_store_string(s, org, strlen(org), &s->actors[a].attr[SN_ATTR_ORGANISATION]),
                     SN_OK);
}

/* A feed over text, parsed whole into the store; returns the feed (caller frees). */
static sn_feed *feed_text(sn_store *s, const char *name, const char *text, sn_diag *d)
{
    sn_feed *f;
    sn_err err = {0};
    size_t used;
    assert_int_equal(sn_feed_new(s, name, NULL, d, &f, &err), SN_OK);
    assert_int_equal(sn_feed_start(f, text, strlen(text), &used, &err), SN_OK);
    assert_true(sn_feed_ready(f));
    size_t end = used + sn_feed_complete(f, text + used, strlen(text) - used);
    assert_int_equal(sn_feed_rows(f, text + used, end - used, &err), SN_OK);
    return f;
}

static void fill_record(sn_state_file *rec, const char *path, const char *text, size_t committed)
{
    memset(rec, 0, sizeof *rec);
    rec->path = strdup(path);
    rec->format = SN_STATE_CSV;
    rec->header = strdup("time,from,to,channel,case,weight");
    rec->committed = (int64_t)committed;
    rec->data_start = 33;
    rec->fp_len = strlen(text) < SN_STATE_FP_MAX ? strlen(text) : SN_STATE_FP_MAX;
    memcpy(rec->fp, text, rec->fp_len);
}

static void test_commit_and_restore(void **state)
{
    (void)state;
    char path[300];
    db_path(path, sizeof path, "commit.db");
    sn_state *st;
    sn_err err = {0};
    sn_diag d;
    sn_diag_init(&d, NULL);
    d.quiet = 1;
    FILE *sink = fopen("/dev/null", "w");
    d.out = sink;
    assert_int_equal(sn_state_open(path, 0, &st, &err), SN_OK);

    sn_store s;
    assert_int_equal(sn_store_init(&s, &err), SN_OK);
    add_actor(&s, "k1", "Kommune");
    add_actor(&s, "h\xc3\xb8", "Sjukehus");
    assert_int_equal(sn_state_actors_save(st, &s, "actors.csv", &err), SN_OK);
    const char *text = "time,from,to,channel,case,weight\n"
                       "2024-01-01T10:00:00Z,k1,h\xc3\xb8,phone,sak-\xc3\xa6,2\n"
                       "bad-time,k1,h\xc3\xb8,phone,,1\n"
                       "\n"
                       "2024-01-02T10:00:00Z,h\xc3\xb8,ukjent,fax,,1.5\n"
                       "2024-01-03T10:00:00Z,k1,k1,PLO,sak-\xc3\xa6,1\n";
    sn_feed *f = feed_text(&s, "a.csv", text, &d);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.rejected, 1);
    size_t n_lines;
    const long *lines = sn_feed_contact_lines(f, &n_lines);
    assert_int_equal(n_lines, 3);
    assert_int_equal(lines[0], 2);
    assert_int_equal(lines[1], 5); /* the blank line 4 counts */
    assert_int_equal(lines[2], 6);
    assert_int_equal(sn_feed_lines(f), 6);

    sn_state_file rec;
    fill_record(&rec, "a.csv", text, strlen(text));
    rec.encoding = SN_ENC_CP1252; /* as a feed decided it */
    rec.contacts = 3;
    rec.rows = 4;
    rec.rejected = 1;
    rec.lines = 6;
    assert_int_equal(sn_state_commit(st, &rec, &s, 0, 3, lines, &err), SN_OK);
    assert_true(rec.id > 0);
    sn_feed_free(f);

    /* A batch that cannot be stored leaves neither its contacts nor its offset. */
    int64_t before = rec.committed;
    sn_state_file bad = rec;
    bad.path = rec.path;
    bad.committed = before + 100;
    long dup[1] = {2}; /* line 2 of this file is stored already: the insert fails */
    assert_int_equal(sn_store_contact_add(&s, 1700000000, 0, 1, 0, 0, 0, 1.0f), SN_OK);
    assert_int_equal(sn_state_commit(st, &bad, &s, 3, 1, dup, &err), SN_EIO);
    assert_int_equal(sql_int(path, "SELECT committed FROM files"), before);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM contacts"), 3);
    /* after a failed commit the state takes no more (the watch stops and restarts) */
    long fine[1] = {7};
    assert_int_equal(sn_state_commit(st, &bad, &s, 3, 1, fine, &err), SN_EIO);
    sn_state_close(st);
    sn_store_free(&s);

    /* Restore: actors from the snapshot, contacts with their names, counts. */
    assert_int_equal(sn_state_open(path, 0, &st, &err), SN_OK);
    sn_store r;
    assert_int_equal(sn_store_init(&r, &err), SN_OK);
    int found;
    assert_int_equal(sn_state_actors_restore(st, &r, &found, &err), SN_OK);
    assert_int_equal(found, 1);
    assert_int_equal(r.n_actors, 2);
    assert_string_equal(sn_store_attr(&r, 1, SN_ATTR_ORGANISATION), "Sjukehus");
    assert_int_equal(sn_state_restore(st, &r, &err), SN_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.rejected, 1);
    assert_int_equal(r.rows_read, 4);
    assert_int_equal(r.self_contacts, 1);
    assert_int_equal(r.auto_actors, 1);
    assert_string_equal(sn_store_actor_id(&r, r.to[1]), "ukjent");
    assert_string_equal(sn_channel_name(&r, r.channel[1]), "fax");
    assert_int_equal(r.channel[2], SN_CH_E_MESSAGE); /* PLO */
    assert_int_equal(sn_store_case(&r, 0), sn_store_case(&r, 2));
    assert_string_equal(sn_intern_str(r.cases, sn_store_case(&r, 0) - 1), "sak-\xc3\xa6");
    assert_true(sn_store_weight(&r, 1) == 1.5f);
    assert_int_equal(sn_store_time(&r, 0), 1704103200);

    /* commits go on after a restore, with the names already known */
    sn_state_file *files;
    size_t n_files;
    assert_int_equal(sn_state_files(st, &files, &n_files, &err), SN_OK);
    assert_int_equal(n_files, 1);
    assert_int_equal(files[0].committed, (int64_t)strlen(text));
    assert_int_equal(files[0].lines, 6);
    assert_string_equal(files[0].header, "time,from,to,channel,case,weight");
    assert_int_equal(files[0].encoding, SN_ENC_CP1252); /* kept for the next watch */
    assert_int_equal(sn_store_contact_add(&r, 1704200000, 1, 0, 1, 0, 0, 1.0f), SN_OK);
    long next[1] = {7};
    files[0].committed += 40;
    assert_int_equal(sn_state_commit(st, &files[0], &r, 3, 1, next, &err), SN_OK);
    /* k1, h\xc3\xb8, ukjent; phone, fax, e-message (PLO); sak-\xc3\xa6 */
    assert_int_equal(sql_int(path, "SELECT count(*) FROM names"), 7);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM contacts_text WHERE from_id = 'h\xc3\xb8' "
                                   "AND to_id = 'k1' AND channel = 'phone'"),
                     1);
    sn_state_files_free(files, n_files);
    sn_state_file_clear(&rec);
    sn_state_close(st);
    sn_store_free(&r);

    /* sn_state_load (analyze --store): the snapshot's actors, or those the caller read */
    char missing[300];
    db_path(missing, sizeof missing, "missing.db");
    assert_int_equal(sn_state_open(missing, SN_STATE_READONLY, &st, &err), SN_EIO);
    assert_non_null(strstr(err.msg, "cannot open: No such file"));
    assert_int_equal(access(missing, F_OK), -1); /* not created */
    for (int given = 0; given < 2; given++) {
        assert_int_equal(sn_state_open(path, SN_STATE_READONLY, &st, &err), SN_OK);
        assert_int_equal(sn_store_init(&r, &err), SN_OK);
        if (given)
            add_actor(&r, "h\xc3\xb8", "Helse");
        assert_int_equal(sn_state_load(st, &r, given, &err), SN_OK);
        sn_state_close(st);
        assert_int_equal(r.n, 4);
        assert_int_equal(r.files, given ? 1 : 2); /* the snapshot counts as a file */
        assert_int_equal(r.n_actors, 3);          /* h\xc3\xb8, k1 and ukjent, or the snapshot's */
        assert_int_equal(r.auto_actors, given ? 2 : 1);
        assert_string_equal(sn_store_attr(&r, (uint32_t)sn_store_actor_find(&r, "h\xc3\xb8", 3),
                                          SN_ATTR_ORGANISATION),
                            given ? "Helse" : "Sjukehus");
        sn_store_free(&r);
    }
    fclose(sink);
}

/* ---- identity ---- */

typedef struct disk {
    const char *content[8];
} disk;

static int disk_read(void *ud, size_t i, int64_t off, void *buf, size_t len)
{
    const char *c = ((disk *)ud)->content[i];
    if ((size_t)off + len > strlen(c))
        return -1;
    memcpy(buf, c + off, len);
    return 0;
}

static void see(sn_file_seen *s, const char *path, uint64_t ino, const char *content)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    s->dev = 1;
    s->ino = ino;
    s->size = (int64_t)strlen(content);
    s->fp_len = strlen(content) < SN_STATE_FP_MAX ? strlen(content) : SN_STATE_FP_MAX;
    memcpy(s->fp, content, s->fp_len);
}

static void record(sn_state_file *r, const char *path, uint64_t ino, const char *content,
                   size_t committed, size_t data_start)
{
    memset(r, 0, sizeof *r);
    r->id = 1;
    r->path = (char *)path;
    r->dev = 1;
    r->ino = ino;
    r->committed = (int64_t)committed;
    r->data_start = (int64_t)data_start;
    r->format = SN_STATE_CSV;
    size_t fp = strlen(content) < SN_STATE_FP_MAX ? strlen(content) : SN_STATE_FP_MAX;
    memcpy(r->fp, content, fp);
    r->fp_len = fp;
    size_t a = committed < SN_STATE_ANCHOR ? committed : SN_STATE_ANCHOR;
    memcpy(r->anchor, content + committed - a, a);
    r->anchor_len = a;
}

/* A log of n rows, each different, after a header. */
static char *make_log(const char *tag, int n)
{
    char *s = malloc((size_t)n * 64 + 64);
    size_t k = (size_t)sprintf(s, "time,from,to\n");
    for (int i = 0; i < n; i++)
        k +=
            (size_t)sprintf(s + k, "2024-01-%02dT10:%02d:00Z,%s%d,b\n", i % 28 + 1, i % 60, tag, i);
    return s;
}

static void identify(sn_state_file *recs, size_t nr, sn_file_seen *seen, size_t ns, disk *dk,
                     sn_file_match *out)
{
    sn_err err = {0};
    assert_int_equal(sn_state_identify(recs, nr, seen, ns, disk_read, dk, out, &err), SN_OK);
}

static void test_identity(void **state)
{
    (void)state;
    char *log = make_log("a", 40); /* longer than the fingerprint */
    size_t len = strlen(log), half = 13 + 20 * 26;
    assert_true(len > SN_STATE_FP_MAX + 100);
    while (log[half - 1] != '\n')
        half++;
    char *other = make_log("z", 40);
    sn_state_file r[2];
    sn_file_seen s[3];
    sn_file_match m[3];
    disk dk;

    /* the same file, grown */
    record(&r[0], "x.log", 5, log, half, 13);
    see(&s[0], "x.log", 5, log);
    dk = (disk){{log}};
    identify(r, 1, s, 1, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_KNOWN);
    assert_int_equal(m[0].record, 0);

    /* rename rotation: x.log -> x.log.1 (same inode), a new x.log with a header only */
    see(&s[0], "x.log", 6, "time,from,to\n");
    see(&s[1], "x.log.1", 5, log);
    dk = (disk){{"time,from,to\n", log}};
    identify(r, 1, s, 2, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_NEW);
    assert_int_equal(m[1].kind, SN_SEEN_KNOWN);
    assert_int_equal(m[1].record, 0);

    /* copy-truncate: the copy (another inode) is known content; the original shrank */
    see(&s[0], "x.log", 5, "");
    see(&s[1], "x.log.1", 7, log);
    identify(r, 1, s, 2, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_EMPTY);
    assert_int_equal(m[1].kind, SN_SEEN_KNOWN);
    /* ... and once the original has new rows, it is new, and noted as truncated */
    see(&s[0], "x.log", 5, other);
    dk = (disk){{other, log}};
    identify(r, 1, s, 2, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_NEW);
    assert_int_equal(m[1].kind, SN_SEEN_KNOWN);

    /* the copy made before the truncation: two names, one content; the inode keeps it */
    see(&s[0], "x.log", 5, log);
    see(&s[1], "x.log.1", 7, log);
    dk = (disk){{log, log}};
    identify(r, 1, s, 2, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_KNOWN);
    assert_int_equal(m[1].kind, SN_SEEN_COPY);

    /* truncated in place, rewritten with the same first rows: new, from its start */
    char *shorter = strndup(log, half - 30);
    see(&s[0], "x.log", 5, shorter);
    dk = (disk){{shorter}};
    identify(r, 1, s, 1, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_NEW);
    assert_int_equal(m[0].record, 0); /* truncated from record 0 */
    /* the same bytes on another inode: an older copy of what was read; not read again */
    see(&s[0], "x.log.2", 9, shorter);
    identify(r, 1, s, 1, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_COPY);

    /* a different file under the same name (and inode): new */
    see(&s[0], "x.log", 5, other);
    dk = (disk){{other}};
    identify(r, 1, s, 1, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_NEW);

    /* the same first bytes, but not the same bytes before the offset: the anchor tells */
    char *fork = strdup(log);
    fork[half - 5] = fork[half - 5] == '1' ? '2' : '1';
    see(&s[0], "x.log", 5, fork);
    dk = (disk){{fork}};
    identify(r, 1, s, 1, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_NEW);

    /* short files: the fingerprint grows with the file, checked over what both have */
    record(&r[0], "s.csv", 11, "time,from,to\n2024-01-01T10:00:00Z,a,b\n", 38, 13);
    see(&s[0], "s.csv", 11, "time,from,to\n2024-01-01T10:00:00Z,a,b\n2024-01-02");
    dk = (disk){{"time,from,to\n2024-01-01T10:00:00Z,a,b\n2024-01-02"}};
    identify(r, 1, s, 1, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_KNOWN);
    /* two new files with the same header only: each is itself, neither a copy */
    record(&r[0], "p.csv", 21, "time,from,to\n", 13, 13);
    record(&r[1], "q.csv", 22, "time,from,to\n", 13, 13);
    see(&s[0], "p.csv", 21, "time,from,to\n");
    see(&s[1], "q.csv", 22, "time,from,to\n2024");
    see(&s[2], "r.csv", 23, "time,from,to\n");
    dk = (disk){{"time,from,to\n", "time,from,to\n2024", "time,from,to\n"}};
    identify(r, 2, s, 3, &dk, m);
    assert_int_equal(m[0].kind, SN_SEEN_KNOWN);
    assert_int_equal(m[0].record, 0);
    assert_int_equal(m[1].kind, SN_SEEN_KNOWN);
    assert_int_equal(m[1].record, 1);
    assert_int_equal(m[2].kind, SN_SEEN_NEW); /* only a header in common: new */

    free(log);
    free(other);
    free(shorter);
    free(fork);
}

/* ---- line splitting ---- */

static sn_feed *csv_feed(sn_store *s, sn_diag *d, const char *header)
{
    sn_feed *f;
    sn_err err = {0};
    size_t used;
    assert_int_equal(sn_feed_new(s, "t.csv", NULL, d, &f, &err), SN_OK);
    assert_int_equal(sn_feed_start(f, header, strlen(header), &used, &err), SN_OK);
    assert_true(sn_feed_ready(f));
    assert_int_equal(used, strlen(header));
    return f;
}

static void test_split(void **state)
{
    (void)state;
    sn_err err = {0};
    sn_store s;
    sn_diag d;
    sn_diag_init(&d, NULL);
    FILE *sink = fopen("/dev/null", "w");
    d.out = sink;
    assert_int_equal(sn_store_init(&s, &err), SN_OK);

    /* the header waits for its newline, and for a whole byte order mark */
    sn_feed *f;
    size_t used;
    assert_int_equal(sn_feed_new(&s, "t.csv", NULL, &d, &f, &err), SN_OK);
    assert_int_equal(sn_feed_start(f, "\xEF\xBB", 2, &used, &err), SN_OK);
    assert_false(sn_feed_ready(f));
    assert_int_equal(sn_feed_start(f, "\xEF\xBB\xBFtime,from,t", 14, &used, &err), SN_OK);
    assert_false(sn_feed_ready(f));
    assert_int_equal(sn_feed_start(f, "\xEF\xBB\xBFtime,from,to\r\n", 17, &used, &err), SN_OK);
    assert_true(sn_feed_ready(f));
    assert_int_equal(used, 17);
    size_t hl;
    assert_string_equal(sn_feed_header(f, &hl), "time,from,to");
    sn_feed_free(f);

    f = csv_feed(&s, &d, "time,from,to,case\n");
    const char *rows = "2024-01-01,a,b,\"x\ny\"\n2024-01-02,a,b,\"say \"\"hi\"\"\"\n2024-01-03,a,";
    size_t n = strlen(rows);
    /* complete records only: the quoted newline does not end one */
    size_t end = sn_feed_complete(f, rows, n);
    assert_int_equal(end, strlen("2024-01-01,a,b,\"x\ny\"\n2024-01-02,a,b,\"say \"\"hi\"\"\"\n"));
    for (size_t cut = 0; cut < 21; cut++) /* cut before the end, inside the quotes too */
        assert_int_equal(sn_feed_complete(f, rows, cut), 0);
    assert_int_equal(sn_feed_complete(f, rows, 21), 21);
    assert_int_equal(sn_feed_complete(f, rows, 30), 21);
    assert_int_equal(sn_feed_rows(f, rows, end, &err), SN_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(sn_feed_lines(f), 4); /* header, two lines of the first row, one more */
    size_t nl;
    const long *lines = sn_feed_contact_lines(f, &nl);
    assert_int_equal(nl, 2);
    assert_int_equal(lines[0], 2);
    assert_int_equal(lines[1], 4);
    assert_string_equal(sn_intern_str(s.cases, sn_store_case(&s, 1) - 1), "say \"hi\"");
    sn_feed_clear_lines(f);

    /* a line cut in the middle of a UTF-8 character waits whole */
    const char *utf = "2024-01-04,a,b,\xc3\xa6\xc3\xb8\n";
    for (size_t cut = 0; cut < strlen(utf); cut++)
        assert_int_equal(sn_feed_complete(f, utf, cut), 0);
    assert_int_equal(sn_feed_complete(f, utf, strlen(utf)), strlen(utf));
    assert_int_equal(sn_feed_rows(f, utf, strlen(utf), &err), SN_OK);
    assert_string_equal(sn_intern_str(s.cases, sn_store_case(&s, 2) - 1), "\xc3\xa6\xc3\xb8");
    /* a lone CR ends a record, as for the tokenizer */
    assert_int_equal(sn_feed_complete(f, "a\r\"b\nc\"\n", 8), 8);
    assert_int_equal(sn_feed_complete(f, "a\r\"b\nc", 6), 2);
    /* a quote inside an unquoted field opens nothing */
    assert_int_equal(sn_feed_complete(f, "a,b\"c,d\ne", 9), 8);
    sn_feed_free(f);

    /* resuming: the stored header, and line numbers that go on */
    assert_int_equal(sn_feed_new(&s, "t.csv", NULL, &d, &f, &err), SN_OK);
    assert_int_equal(sn_feed_resume(f, SN_FEED_CSV, "time;from;to", 12, 41, &err), SN_OK);
    const char *more = "2024-02-01;a;b\nnot-a-time;a;b\n";
    size_t before = s.n;
    assert_int_equal(sn_feed_rows(f, more, strlen(more), &err), SN_OK);
    assert_int_equal(s.n, before + 1);
    lines = sn_feed_contact_lines(f, &nl);
    assert_int_equal(lines[0], 42);
    assert_int_equal(sn_feed_lines(f), 43);
    assert_int_equal(d.errors, 1); /* t.csv:43:1: bad time */
    sn_feed_free(f);

    /* JSONL: the first object tells the kind; records end at a newline */
    assert_int_equal(sn_feed_new(&s, "t.jsonl", NULL, &d, &f, &err), SN_OK);
    const char *js = "{\"time\":\"2024-03-01\",\"from\":\"a\",\"to\":\"b\"}\n{\"time\":\"2024";
    assert_int_equal(sn_feed_start(f, js, strlen(js), &used, &err), SN_OK);
    assert_true(sn_feed_ready(f));
    assert_int_equal(sn_feed_kind(f), SN_INPUT_CONTACTS);
    assert_int_equal(used, 0);
    end = sn_feed_complete(f, js, strlen(js));
    assert_int_equal(end, strchr(js, '\n') - js + 1);
    before = s.n;
    assert_int_equal(sn_feed_rows(f, js, end, &err), SN_OK);
    assert_int_equal(s.n, before + 1);
    sn_feed_free(f);

    /* an actors header is told apart; a header without from/to is an error */
    assert_int_equal(sn_feed_new(&s, "a.csv", NULL, &d, &f, &err), SN_OK);
    assert_int_equal(sn_feed_start(f, "id,name\nx,y\n", 12, &used, &err), SN_OK);
    assert_int_equal(sn_feed_kind(f), SN_INPUT_ACTORS);
    sn_feed_free(f);
    assert_int_equal(sn_feed_new(&s, "b.csv", NULL, &d, &f, &err), SN_OK);
    assert_int_equal(sn_feed_start(f, "when,who\nx,y\n", 13, &used, &err), SN_EINPUT);
    sn_feed_free(f);

    sn_store_free(&s);
    fclose(sink);
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema),
        cmocka_unit_test(test_commit_and_restore),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_split),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
