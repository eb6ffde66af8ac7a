/*
 * samnett/events.h - an index of the store's cases and meetings.
 *
 * The index holds contact indices only, never a copy of the contact columns:
 * a row's time, from, to, channel and weight are read from the store. It is
 * built once from a store (after ingest; it must not change afterwards) in
 * O(contacts) plus the sorting of cases whose rows are not already in time
 * order, and takes 4 bytes per case or meeting row plus a few arrays per
 * case and meeting.
 *
 * Cases. Case c (0 .. n_cases - 1) is the case whose id string is
 * sn_intern_str(store->cases, c), i.e. the rows with store->case_id[i] ==
 * c + 1. Its rows are case_rows[case_start[c] .. case_start[c + 1] - 1],
 * sorted by time, rows with the same time in file (row) order.
 *
 * Meetings. Meeting m (0 .. n_meetings - 1) is the one whose id string is
 * sn_intern_str(store->meetings, m), the rows with store->meeting[i] ==
 * m + 1. For each meeting:
 *   rows          meeting_rows[meeting_start[m] .. meeting_start[m + 1] - 1],
 *                 in row order
 *   participants  participants[part_start[m] .. part_start[m + 1] - 1]: the
 *                 distinct actors among the rows' from and to, ascending
 *   time          the earliest row time
 *   channel       the most common channel of its rows (a tie: the lowest
 *                 channel index)
 *   organiser     the most frequent `from` (a tie: the one whose first row
 *                 comes first)
 * meeting_order lists the meetings by (time, meeting index).
 *
 * Iterating, e.g. from a lens host:
 *
 *   for (uint32_t c = 0; c < ev->n_cases; c++) {
 *       size_t n;
 *       const uint32_t *rows = sn_events_case(ev, c, &n);
 *       for (size_t k = 0; k < n; k++)
 *           use(store->time[rows[k]], store->from[rows[k]], store->to[rows[k]]);
 *   }
 *   for (uint32_t k = 0; k < ev->n_meetings; k++) {
 *       uint32_t m = ev->meeting_order[k];
 *       size_t np;
 *       const uint32_t *who = sn_events_participants(ev, m, &np);
 *       ...
 *   }
 *
 * The index is read-only after sn_events_build and may be shared by
 * several readers.
 */
#ifndef SAMNETT_EVENTS_H
#define SAMNETT_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/store.h"

typedef struct sn_events {
    const sn_store *store;

    uint32_t n_cases;
    size_t *case_start; /* n_cases + 1 */
    uint32_t *case_rows;

    uint32_t n_meetings;
    size_t *meeting_start; /* n_meetings + 1 */
    uint32_t *meeting_rows;
    size_t *part_start; /* n_meetings + 1 */
    uint32_t *participants;
    int64_t *meeting_time;
    uint8_t *meeting_channel;
    uint32_t *meeting_organiser;
    uint32_t *meeting_order; /* meetings by (time, index) */
} sn_events;

/* Build the index of s (which must outlive it). */
sn_status sn_events_build(const sn_store *s, sn_events *ev, sn_err *err);
void sn_events_free(sn_events *ev);

/* The rows of case c in time order; *n is set to their number. */
static inline const uint32_t *sn_events_case(const sn_events *ev, uint32_t c, size_t *n)
{
    *n = ev->case_start[c + 1] - ev->case_start[c];
    return ev->case_rows + ev->case_start[c];
}

/* The rows of meeting m in row order. */
static inline const uint32_t *sn_events_meeting(const sn_events *ev, uint32_t m, size_t *n)
{
    *n = ev->meeting_start[m + 1] - ev->meeting_start[m];
    return ev->meeting_rows + ev->meeting_start[m];
}

/* The participants (actor indices, ascending) of meeting m. */
static inline const uint32_t *sn_events_participants(const sn_events *ev, uint32_t m, size_t *n)
{
    *n = ev->part_start[m + 1] - ev->part_start[m];
    return ev->participants + ev->part_start[m];
}

const char *sn_events_case_id(const sn_events *ev, uint32_t c);
const char *sn_events_meeting_id(const sn_events *ev, uint32_t m);

/*
 * A filter over the store's contacts, read in row order: a time window
 * since <= time < until, a set of channels, and from, to or either end an
 * actor. Set the fields after sn_event_filter_init, then call
 * sn_event_filter_prepare before sn_events_next.
 */
typedef struct sn_event_filter {
    int has_since, has_until;
    int64_t since, until;
    int has_channels;
    uint8_t channels[SN_CHANNEL_MAX + 1]; /* 1 = keep this channel */
    int64_t from, to, actor;              /* an actor index, or -1 for any */
    int one_channel; /* set by sn_event_filter_prepare: the only channel kept, or -1 */
} sn_event_filter;

/* A filter every contact passes. */
void sn_event_filter_init(sn_event_filter *f);
void sn_event_filter_prepare(sn_event_filter *f);
/*
 * The first contact at or after row i that passes f, or s->n when none
 * does. With one channel kept it jumps from contact to contact on it.
 */
size_t sn_events_next(const sn_store *s, const sn_event_filter *f, size_t i);

#endif
