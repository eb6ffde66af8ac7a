/*
 * fuzz_feed.c - the watch feed (sn_feed_*): a growing contacts file whose
 * bytes arrive in chunks of varying size, read the way samnett watch reads
 * it, and compared with the same file read in one go.
 *
 * Input: a flags byte, four chunk-size bytes, then the file.
 *   flags & 3   the file name: 0 a.csv, 1 a.jsonl, 2 a.log (format from the first byte), 3 a.tsv
 *   flags & 4   strict
 *   flags & 8   the feed is closed after every slice and resumed from its
 *               header, line count and encoding (as after a restart of
 *               samnett watch, whose state keeps them)
 * Chunk i (cycling) adds 1 + chunk[i % 4] bytes, or 1 + 16 * chunk[i % 4]
 * when flags & 16. Every slice is copied into a buffer of its exact size,
 * so a read past what has arrived is caught.
 *
 * Checked: the header is read at the same place however the bytes arrive;
 * complete records never run past what has arrived; each contact added has
 * its line; and the contacts, rows and rejections are the same as when the
 * whole file is there at once.
 */
#include "fuzz_common.h"
#include "samnett/ingest.h"
#include "samnett/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct outcome {
    int ready;
    size_t used;     /* bytes before the first row */
    size_t consumed; /* bytes parsed as records */
    long lines;
    sn_status rc;
} outcome;

static char *copy(const uint8_t *p, size_t n)
{
    char *b = malloc(n ? n : 1);
    if (!b)
        abort();
    memcpy(b, p, n);
    return b;
}

/* Feed file[0..len) arriving in chunks (none: all at once) into st. */
static outcome feed_file(sn_store *st, const char *name, const uint8_t *file, size_t len,
                         unsigned flags, const uint8_t *chunk, sn_diag *diag)
{
    outcome o = {0};
    sn_ingest_opts opts = {0};
    sn_err err = {0};
    sn_feed *f;
    if (sn_feed_new(st, name, &opts, diag, &f, &err) != SN_OK)
        abort();
    size_t avail = 0, k = 0;
    int scale = flags & 16 ? 16 : 1;
#define ARRIVE()                                                                                   \
    do {                                                                                           \
        size_t step = chunk ? 1 + (size_t)chunk[k++ % 4] * (size_t)scale : len;                    \
        avail = avail + step > len ? len : avail + step;                                           \
    } while (0)
    ARRIVE();
    /* the start: wait until the header is there */
    for (;;) {
        char *b = copy(file, avail);
        size_t used = 0;
        o.rc = sn_feed_start(f, b, avail, &used, &err);
        free(b);
        if (o.rc != SN_OK) {
            sn_feed_free(f);
            return o;
        }
        if (sn_feed_ready(f)) {
            FUZZ_CHECK(used <= avail, "header of %zu bytes in %zu", used, avail);
            o.used = used;
            break;
        }
        if (avail == len) {
            sn_feed_free(f);
            return o;
        }
        ARRIVE();
    }
    o.ready = 1;
    if (sn_feed_kind(f) != SN_INPUT_CONTACTS) {
        sn_feed_free(f);
        return o;
    }
    size_t hlen;
    const char *h = sn_feed_header(f, &hlen);
    char *header = copy((const uint8_t *)h, hlen);
    sn_feed_format format = sn_feed_format_of(f);
    size_t pos = o.used;
    for (;;) {
        char *b = copy(file + pos, avail - pos);
        size_t end = sn_feed_complete(f, b, avail - pos);
        FUZZ_CHECK(end <= avail - pos, "%zu bytes complete of %zu", end, avail - pos);
        if (end > 0) {
            size_t n0 = st->n;
            long lines0 = sn_feed_lines(f);
            o.rc = sn_feed_rows(f, b, end, &err);
            size_t n_lines;
            sn_feed_contact_lines(f, &n_lines);
            FUZZ_CHECK(o.rc != SN_OK || n_lines == st->n - n0, "%zu lines for %zu contacts",
                       n_lines, st->n - n0);
            FUZZ_CHECK(sn_feed_lines(f) >= lines0, "lines went back from %ld to %ld", lines0,
                       sn_feed_lines(f));
            sn_feed_clear_lines(f);
            pos += end;
        }
        free(b);
        if (o.rc != SN_OK)
            break;
        if (end > 0 && (flags & 8)) { /* a restart: a new feed resumes the file */
            long lines = sn_feed_lines(f);
            sn_encoding enc = sn_feed_encoding(f); /* kept in the state, as the watch does */
            sn_feed_free(f);
            if (sn_feed_new(st, name, &opts, diag, &f, &err) != SN_OK)
                abort();
            sn_feed_set_encoding(f, enc);
            o.rc = sn_feed_resume(f, format, header, hlen, lines, &err);
            if (o.rc != SN_OK)
                break;
        }
        if (end == 0 && avail == len)
            break; /* a partial last record waits for more */
        if (end == 0 || pos == avail) {
            if (avail == len)
                break;
            ARRIVE();
        }
    }
#undef ARRIVE
    o.consumed = pos - o.used;
    o.lines = sn_feed_lines(f);
    free(header);
    sn_feed_free(f);
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sn_init();
    if (size < 5 || size > (1u << 20))
        return 0;
    unsigned flags = data[0];
    const uint8_t *chunk = data + 1;
    const uint8_t *file = data + 5;
    size_t len = size - 5;
    static const char *const names[] = {"a.csv", "a.jsonl", "a.log", "a.tsv"};
    const char *name = names[flags & 3];

    sn_store whole, parts;
    sn_err err = {0};
    if (sn_store_init(&whole, &err) != SN_OK || sn_store_init(&parts, &err) != SN_OK)
        abort();
    sn_diag dw, dp;
    sn_diag_init(&dw, fuzz_diag_out());
    sn_diag_init(&dp, fuzz_diag_out());
    dw.strict = dp.strict = (flags & 4) != 0;
    outcome a = feed_file(&whole, name, file, len, flags & ~8u, NULL, &dw);
    outcome b = feed_file(&parts, name, file, len, flags, chunk, &dp);

    FUZZ_CHECK(a.ready == b.ready, "header ready %d at once, %d in chunks", a.ready, b.ready);
    if (a.ready && b.ready)
        FUZZ_CHECK(a.used == b.used, "header of %zu bytes at once, %zu in chunks", a.used, b.used);
    if (a.rc == SN_OK && b.rc == SN_OK) {
        FUZZ_CHECK(a.consumed == b.consumed, "%zu bytes parsed at once, %zu in chunks", a.consumed,
                   b.consumed);
        FUZZ_CHECK(a.lines == b.lines, "%ld lines at once, %ld in chunks", a.lines, b.lines);
        FUZZ_CHECK(whole.n == parts.n, "%zu contacts at once, %zu in chunks", whole.n, parts.n);
        FUZZ_CHECK(whole.rows_read == parts.rows_read, "%ld rows at once, %ld in chunks",
                   whole.rows_read, parts.rows_read);
        FUZZ_CHECK(whole.rejected == parts.rejected, "%ld rejected at once, %ld in chunks",
                   whole.rejected, parts.rejected);
        FUZZ_CHECK(dw.errors == dp.errors, "%ld errors at once, %ld in chunks", dw.errors,
                   dp.errors);
        for (size_t i = 0; i < whole.n && i < parts.n; i++) {
            FUZZ_CHECK(sn_store_time(&whole, i) == sn_store_time(&parts, i),
                       "contact %zu: time differs", i);
            FUZZ_CHECK(strcmp(sn_store_actor_id(&whole, whole.from[i]),
                              sn_store_actor_id(&parts, parts.from[i])) == 0 &&
                           strcmp(sn_store_actor_id(&whole, whole.to[i]),
                                  sn_store_actor_id(&parts, parts.to[i])) == 0,
                       "contact %zu: actors differ", i);
            FUZZ_CHECK(whole.channel[i] == parts.channel[i], "contact %zu: channel differs", i);
        }
    }
    sn_store_free(&whole);
    sn_store_free(&parts);
    return 0;
}
