/*
 * fuzz_readers_diff.c - one CSV input read by the serial reader, the parallel
 * reader (forced on, two threads) and the incremental feed (all at once and
 * in slices); aborts when they disagree on the contacts, the actors, the
 * counts or the messages. Each input is read twice: with the default limits
 * and with small ones (longest field, longest line, messages per kind).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* open_memstream, mkdtemp, memmem */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samnett/ingest.h"
#include "samnett/store.h"

typedef struct outcome {
    sn_store st;
    char *msgs;
    size_t msgs_len;
    sn_status rc;
    int ready;    /* the feed read the header */
    int contacts; /* the feed: it is a contacts file */
} outcome;

static char dir[256];
static char path[300];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

static void differ(const char *what, const outcome *a, const outcome *b)
{
    fprintf(stderr, "readers disagree: %s\n--- serial (%d):\n%s--- other (%d):\n%s", what, a->rc,
            a->msgs ? a->msgs : "", b->rc, b->msgs ? b->msgs : "");
    abort();
}

static void read_serial(int parallel, const sn_ingest_opts *opts, outcome *o)
{
    memset(o, 0, sizeof *o);
    setenv("SAMNETT_PARALLEL_MIN_BYTES", parallel ? "0" : "1000000000000", 1);
    setenv("SAMNETT_THREADS", parallel ? "2" : "1", 1);
    sn_err err;
    if (sn_store_init(&o->st, &err) != SN_OK)
        abort();
    FILE *out = open_memstream(&o->msgs, &o->msgs_len);
    if (!out)
        abort();
    sn_diag d;
    sn_diag_init(&d, out);
    sn_source src = {path, SN_INPUT_AUTO};
    o->rc = sn_ingest(&o->st, &src, 1, opts, &d, &err);
    fclose(out);
}

static void read_feed(const uint8_t *data, size_t len, unsigned seed, const sn_ingest_opts *opts,
                      outcome *o)
{
    memset(o, 0, sizeof *o);
    sn_err err;
    if (sn_store_init(&o->st, &err) != SN_OK)
        abort();
    FILE *out = open_memstream(&o->msgs, &o->msgs_len);
    if (!out)
        abort();
    sn_diag d;
    sn_diag_init(&d, out);
    sn_feed *f;
    if (sn_feed_new(&o->st, path, opts, &d, &f, &err) != SN_OK)
        abort();
    size_t used = 0;
    o->rc = sn_feed_start(f, (const char *)data, len, &used, &err);
    o->ready = sn_feed_ready(f);
    o->contacts = o->ready && sn_feed_kind(f) == SN_INPUT_CONTACTS;
    if (o->rc == SN_OK && o->contacts) {
        const char *p = (const char *)data + used;
        size_t left = len - used, start = 0, avail = 0;
        if (!seed) {
            if (left)
                o->rc = sn_feed_rows(f, p, left, &err);
            start = avail = left;
        }
        while (o->rc == SN_OK && avail < left) {
            seed = seed * 1103515245u + 12345u;
            avail += 1 + (seed >> 16) % 37;
            if (avail > left)
                avail = left;
            size_t end = sn_feed_complete(f, p + start, avail - start);
            if (end) {
                o->rc = sn_feed_rows(f, p + start, end, &err);
                start += end;
            }
        }
        if (o->rc == SN_OK && start < left)
            o->rc = sn_feed_rows(f, p + start, left - start, &err);
    }
    sn_feed_free(f);
    fclose(out);
}

static int same_intern(const sn_intern *a, const sn_intern *b)
{
    if (sn_intern_count(a) != sn_intern_count(b))
        return 0;
    for (uint32_t i = 0; i < sn_intern_count(a); i++)
        if (strcmp(sn_intern_str(a, i), sn_intern_str(b, i)) != 0)
            return 0;
    return 1;
}

/* The same weight, bit for bit (0 and -0 differ). */
static int same_weight(const sn_store *a, const sn_store *b, size_t i)
{
    float wa = sn_store_weight(a, i), wb = sn_store_weight(b, i);
    return memcmp(&wa, &wb, sizeof wa) == 0;
}

static void same_store(const outcome *x, const outcome *y)
{
    const sn_store *a = &x->st, *b = &y->st;
    if (a->n != b->n)
        differ("number of contacts", x, y);
    for (size_t i = 0; i < a->n; i++)
        if (sn_store_time(a, i) != sn_store_time(b, i) || a->from[i] != b->from[i] ||
            a->to[i] != b->to[i] || a->channel[i] != b->channel[i] ||
            sn_store_case(a, i) != sn_store_case(b, i) ||
            sn_store_meeting(a, i) != sn_store_meeting(b, i) || !same_weight(a, b, i))
            differ("a contact", x, y);
    if (a->n_actors != b->n_actors || a->rows_read != b->rows_read || a->rejected != b->rejected ||
        a->self_contacts != b->self_contacts || a->local_times != b->local_times ||
        a->auto_actors != b->auto_actors || a->ids_merged != b->ids_merged)
        differ("the counts", x, y);
    if (!same_intern(a->actor_ids, b->actor_ids) || !same_intern(a->cases, b->cases) ||
        !same_intern(a->meetings, b->meetings) || !same_intern(a->channels, b->channels))
        differ("actors, cases, meetings or channels", x, y);
}

/* The messages, without the lines the feed writes once per slice: the
   zone-less times, the closing lines and the summary of unknown actors; and
   without the note on the encoding, which the serial reader can give for a
   sequence cut off by the end of the file, an end the feed never knows. */
static char *steady_lines(const char *text)
{
    char *out = strdup(text ? text : "");
    if (!out)
        abort();
    char *w = out;
    for (const char *p = text ? text : ""; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
        if (!memmem(p, n, "without a time zone", 19) && !memmem(p, n, " named by ", 10) &&
            !memmem(p, n, "note: read as ", 14) && strncmp(p, "samnett: ", 9) != 0) {
            memmove(w, p, n);
            w += n;
        }
        p += n;
    }
    *w = '\0';
    return out;
}

static void compare(const uint8_t *data, size_t size, const sn_ingest_opts *opts)
{
    outcome serial, par, feed, sliced;
    read_serial(0, opts, &serial);
    read_serial(1, opts, &par);
    read_feed(data, size, 0, opts, &feed);
    read_feed(data, size, (unsigned)size * 2654435761u | 1, opts, &sliced);
    if (par.rc != serial.rc || strcmp(serial.msgs, par.msgs) != 0)
        differ("parallel: status or messages", &serial, &par);
    same_store(&serial, &par);
    if (serial.rc == SN_OK && feed.contacts) {
        same_store(&serial, &feed);
        same_store(&serial, &sliced);
        char *a = steady_lines(serial.msgs), *b = steady_lines(feed.msgs);
        if (strcmp(a, b) != 0)
            differ("feed: messages", &serial, &feed);
        if (!strstr(serial.msgs, "more of the same kind")) { /* caps count per slice */
            char *c = steady_lines(sliced.msgs);
            if (strcmp(a, c) != 0)
                differ("feed in slices: messages", &serial, &sliced);
            free(c);
        }
        free(a);
        free(b);
    } else if (serial.rc != SN_OK) {
        /* the feed cannot know the end of the file: a header without its line end waits */
        if (!feed.ready && feed.rc == SN_OK) {
            uint8_t *more = malloc(size + 1);
            if (!more)
                abort();
            memcpy(more, data, size);
            more[size] = '\n';
            sn_store_free(&feed.st);
            free(feed.msgs);
            read_feed(more, size + 1, 0, opts, &feed);
            free(more);
        }
        if (feed.ready || feed.rc != SN_OK) {
            char *a = steady_lines(serial.msgs), *b = steady_lines(feed.msgs);
            int same = strcmp(a, b) == 0;
            free(a);
            free(b);
            if (feed.rc != serial.rc || !same)
                differ("feed: a file-level problem", &serial, &feed);
        } else if (!strstr(serial.msgs, "empty file") && !strstr(serial.msgs, "in the header")) {
            differ("feed waits for a header the serial reader rejected", &serial, &feed);
        }
    }
    sn_store_free(&serial.st);
    sn_store_free(&par.st);
    sn_store_free(&feed.st);
    sn_store_free(&sliced.st);
    free(serial.msgs);
    free(par.msgs);
    free(feed.msgs);
    free(sliced.msgs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sn_init();
    if (size > 65536)
        return 0;
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/sn_fuzz_readers_XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            abort();
        snprintf(path, sizeof path, "%s/in.csv", dir);
        atexit(cleanup);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    sn_ingest_opts opts = {0};
    compare(data, size, &opts);
    opts.max_field = 16;
    opts.max_line = 48;
    opts.max_messages = 2;
    compare(data, size, &opts);
    return 0;
}
