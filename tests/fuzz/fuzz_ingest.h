/*
 * fuzz_ingest.h - sn_ingest on a contacts file and an optional actors file,
 * shared by fuzz_csv.c and fuzz_jsonl.c.
 *
 * Input: one flags byte, then the text. If the text holds a line "%%", what
 * comes before it is the actors file and what comes after it the contacts
 * file; otherwise it is all the contacts file.
 *   flags & 1   strict (the first problem stops ingest)
 *   flags & 2   both files gzip-compressed
 *   flags & 4   a small longest field (16 bytes) instead of the default
 *   flags & 8   the parallel reader forced on (two threads, no minimum size)
 *   flags & 16  the contacts file named without an extension (format from its first byte)
 *   flags & 32  the files given as actors and contacts (as --actors does), not detected
 */
#ifndef SN_FUZZ_INGEST_H
#define SN_FUZZ_INGEST_H

#include "fuzz_common.h"
#include "samnett/ingest.h"
#include "samnett/store.h"

static inline void fuzz_check_store(const sn_store *st)
{
    FUZZ_CHECK(st->n <= (size_t)st->rows_read, "%zu contacts from %ld rows", st->n, st->rows_read);
    size_t n_channels = sn_intern_count(st->channels);
    for (size_t i = 0; i < st->n; i++) {
        FUZZ_CHECK(st->from[i] < st->n_actors && st->to[i] < st->n_actors,
                   "contact %zu names actor %u/%u of %zu", i, st->from[i], st->to[i], st->n_actors);
        FUZZ_CHECK(st->channel[i] < n_channels, "contact %zu has channel %u of %zu", i,
                   st->channel[i], n_channels);
        FUZZ_CHECK(sn_store_time(st, i) >= st->first_time && sn_store_time(st, i) <= st->last_time,
                   "contact %zu at %lld outside [%lld, %lld]", i, (long long)sn_store_time(st, i),
                   (long long)st->first_time, (long long)st->last_time);
    }
}

static inline int fuzz_ingest_run(const uint8_t *data, size_t size, const char *ext)
{
    if (size < 1 || size > (1u << 20))
        return 0;
    unsigned flags = data[0];
    data++;
    size--;
    const uint8_t *actors = NULL, *contacts = data;
    size_t n_actors = 0, n_contacts = size;
    const uint8_t *sep = memmem(data, size, "%%\n", 3);
    while (sep && sep != data && sep[-1] != '\n')
        sep = memmem(sep + 1, size - (size_t)(sep + 1 - data), "%%\n", 3);
    if (sep) {
        actors = data;
        n_actors = (size_t)(sep - data);
        contacts = sep + 3;
        n_contacts = size - n_actors - 3;
    }
    int gz = (flags & 2) != 0;
    char name[64], apath[1024], cpath[1024];
    sn_source src[2];
    size_t n_src = 0;
    if (actors) {
        snprintf(name, sizeof name, "actors%s%s", ext, gz ? ".gz" : "");
        fuzz_write(name, actors, n_actors, gz, apath, sizeof apath);
        src[n_src].path = apath;
        src[n_src++].kind = flags & 32 ? SN_INPUT_ACTORS : SN_INPUT_AUTO;
    }
    snprintf(name, sizeof name, "contacts%s%s", flags & 16 ? "" : ext, gz ? ".gz" : "");
    fuzz_write(name, contacts, n_contacts, gz, cpath, sizeof cpath);
    src[n_src].path = cpath;
    src[n_src++].kind = flags & 32 ? SN_INPUT_CONTACTS : SN_INPUT_AUTO;

    if (flags & 8) {
        setenv("SAMNETT_PARALLEL_MIN_BYTES", "0", 1);
        setenv("SAMNETT_THREADS", "2", 1);
    } else {
        unsetenv("SAMNETT_PARALLEL_MIN_BYTES");
        setenv("SAMNETT_THREADS", "1", 1);
    }

    sn_store st;
    sn_err err = {0};
    if (sn_store_init(&st, &err) != SN_OK)
        abort();
    sn_diag diag;
    sn_diag_init(&diag, fuzz_diag_out());
    diag.strict = (flags & 1) != 0;
    sn_ingest_opts opts = {0};
    opts.max_field = flags & 4 ? 16 : 0;
    sn_status rc = sn_ingest(&st, src, n_src, &opts, &diag, &err);
    FUZZ_CHECK(rc == SN_OK || rc == SN_EINPUT, "status %d: %s", (int)rc, err.msg);
    if (rc != SN_OK)
        FUZZ_CHECK(err.msg[0] != '\0', "status %d without a message", (int)rc);
    if (rc == SN_OK)
        fuzz_check_store(&st);
    sn_store_free(&st);
    unlink(cpath);
    if (actors)
        unlink(apath);
    return 0;
}

#endif
