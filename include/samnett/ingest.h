/*
 * samnett/ingest.h - streaming ingest of actor and contact files.
 *
 * Sources are files, folders (their files, sorted by name), or "-" for
 * standard input. Any of them may be gzip-compressed; zlib reads plain and
 * compressed input alike. CSV (comma, semicolon or tab separated, RFC 4180
 * quoting, optional UTF-8 BOM, LF or CRLF) and JSONL (one object a line)
 * are read a buffer at a time; no file is ever held whole in memory.
 *
 * A file is an actors file when its header (or first object) has an `id`
 * column and no `from`/`to`; it is a contacts file when it has `from` and
 * `to`. Actors files are read before contacts files.
 *
 * Every problem goes to the sn_diag sink as file:line:column. A bad row is
 * rejected and counted, never dropped silently. With diag->strict, the first
 * problem stops ingest with SN_EINPUT.
 */
#ifndef SAMNETT_INGEST_H
#define SAMNETT_INGEST_H

#include <stddef.h>

#include "samnett/error.h"
#include "samnett/store.h"

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

typedef struct sn_ingest_opts {
    sn_progress_fn progress;
    void *progress_ud;
    size_t max_field; /* longest accepted field in bytes (0 = default 65536) */
} sn_ingest_opts;

/*
 * Read the sources into the store. Returns SN_OK when ingest ran to the end
 * (rows may have been rejected: see store->rejected and diag), SN_EINPUT when
 * a strict-mode problem or a file-level problem (no header, a missing
 * required column) stopped it, SN_EIO when a source cannot be opened, and
 * SN_ENOMEM. err carries the message.
 */
sn_status sn_ingest(sn_store *store, const sn_source *sources, size_t n_sources,
                    const sn_ingest_opts *opts, sn_diag *diag, sn_err *err);

#endif
