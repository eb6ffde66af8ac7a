/*
 * samnett/reduce.h - contacts reduced to the tie table (samnett reduce,
 * docs/ties-columns.md): one row per (from, to, channel, bucket) with its
 * contacts, weight sum, distinct cases and first and last time.
 *
 * The reduce is the only step whose cost grows with the number of contacts;
 * samnett analyze --ties reads its result (sn_ties_read, samnett/ingest.h)
 * and computes every measure that needs no single contact from it.
 *
 * Cost: O(C) expected (a hash of the rows), O(C_case log C_case) for the
 * distinct cases of the C_case contacts with a case, O(R log R) to sort
 * the R rows.
 */
#ifndef SAMNETT_REDUCE_H
#define SAMNETT_REDUCE_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/net.h"
#include "samnett/store.h"
#include "samnett/time.h"

typedef struct sn_reduce_opts {
    sn_bucket bucket;         /* default SN_BUCKET_MONTH */
    const sn_tz *zone;        /* the buckets' zone; NULL: sn_tz_current() */
    const sn_view_opts *view; /* its time window and channels filter the contacts; NULL: all */
    /*
     * The small-cell rule of --privacy shared: every row of a tie (from, to)
     * with fewer than min_cell contacts over all its rows is left out; 0 keeps all.
     */
    int min_cell;
} sn_reduce_opts;

void sn_reduce_opts_init(sn_reduce_opts *o);

typedef struct sn_tie_row {
    uint32_t from, to; /* actor indices of the store */
    uint8_t channel;
    int64_t bucket; /* day number (days since 1970-01-01) of the bucket's local start */
    uint32_t contacts;
    double weight;  /* the sum of the contacts' weights */
    uint32_t cases; /* distinct case ids */
    int64_t first, last;
} sn_tie_row;

typedef struct sn_tie_table {
    const sn_store *store; /* names the actors and channels */
    sn_bucket bucket;
    size_t n;
    sn_tie_row *rows; /* sorted by from id, to id, channel name, bucket (byte order) */
    long contacts;    /* contacts reduced (after the view's filters) */
    long rows_left_out, contacts_left_out; /* by min_cell */
} sn_tie_table;

/* Reduce the store's contacts to the tie table. SN_ENOMEM when out of memory. */
sn_status sn_reduce(const sn_store *s, const sn_reduce_opts *o, sn_tie_table *out, sn_err *err);
void sn_tie_table_free(sn_tie_table *t);

#endif
