/*
 * samnett/meetings.h - meetings as gatherings: recurring series and the
 * persistence of the ties formed at them.
 *
 * A meeting is the set of rows that share a meeting id (see
 * samnett/events.h for its participants, time, channel and organiser). How
 * meetings become ties of the network view is sn_view_opts.meetings
 * (samnett/net.h). This module works on the meetings whose time lies inside
 * the view's time window; the channel filter does not apply here (a
 * gathering that moves to video is the same series).
 *
 * Recurring series. Meetings with at least two participants are taken in
 * time order (sn_events.meeting_order); each joins at most one series:
 *   - A series' core is the set of its participants present at >= core_share
 *     (default 0.5) of its meetings so far.
 *   - Candidates are the open series that some participant of the meeting
 *     has attended (found through each participant's list of series, so the
 *     organiser's series are among them). A series is open while its last
 *     meeting is at most max_gap_days (default 365) before this one.
 *   - The meeting joins the candidate with the highest Jaccard similarity
 *     |core & P| / |core | P| between its core and the meeting's participant
 *     set P, if that is >= jaccard (default 0.5); ties go to the series
 *     whose last meeting is latest, then to the older series. Otherwise the
 *     meeting starts a new series (whose core is then P).
 *   - Series with >= min_meetings (default 3) meetings are kept.
 * Cost: O(sum over meetings of the participants' open-series lists), near
 * O(meeting rows) on real data.
 *
 * Per kept series:
 *   id, last_id       the first and last meeting's ids; label: the longest
 *                     common prefix of its meeting ids without trailing
 *                     digits ("ln" for ln01..ln16; may be "")
 *   first, last       the first and last meeting times
 *   core_size         participants present at >= core_share of all its
 *                     meetings; participants: everyone who attended one
 *   interval_*        days between consecutive meetings: median, mean, and
 *                     regularity = coefficient of variation sigma / mu
 *                     (population sigma; 0 = clockwork; NaN when mu = 0)
 *   organiser         the actor that organised most of its meetings (a tie:
 *                     the earliest)
 *   organisations,    distinct organisations and (organisation, unit) pairs
 *   units             among the participants
 *   cross_org_share   share of participants whose organisation differs from
 *                     the organiser's
 *   size_first_third, mean participants per meeting in the first and the
 *   size_last_third   last max(1, floor(n / 3)) meetings
 *   video_share       share of its meetings whose channel is video
 * Persistence of the ties formed there (series with participants of at
 * least two organisations and at most SN_SERIES_MAX_PAIR_PARTICIPANTS
 * participants; others have has_pairs = 0):
 *   new pairs         participant pairs of different (non-empty)
 *                     organisations with no direct contact before their
 *                     first shared meeting of the series. A direct contact
 *                     is a row between the two actors (either direction)
 *                     without a meeting id, anywhere in the store; "before"
 *                     is strictly earlier than that meeting's time.
 *   with_contact_after  new pairs with a direct contact at or after their
 *                     first shared meeting
 *   per_quarter_during  direct contacts of the new pairs from the series'
 *                     first to its last meeting, per quarter (91.3125 days)
 *   after[q]          direct contacts of the new pairs in quarter q after the
 *                     last meeting: [last + q Q, last + (q+1) Q), for the
 *                     full quarters before the store's last contact (with
 *                     opts has_range: its last contact inside the range;
 *                     contacts after it are not counted or fitted)
 *   half_life_days    maximum-likelihood exponential decay of the new
 *                     pairs' direct contacts after the last meeting:
 *                     intensity a e^(-lambda t) on [0, T], t = time - last,
 *                     T = store's last contact - last; the MLE solves
 *                     mean(t) = 1/lambda - T / (e^(lambda T) - 1); half-life
 *                     ln 2 / lambda in days. NaN with fewer than 3 contacts
 *                     or without decay (mean(t) >= T / 2).
 * sn_series_pair_times() gives each new pair's direct contact times for
 * other estimators.
 */
#ifndef SAMNETT_MEETINGS_H
#define SAMNETT_MEETINGS_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/events.h"
#include "samnett/net.h"
#include "samnett/store.h"
#include "samnett/time.h"

#define SN_SERIES_MAX_PAIR_PARTICIPANTS 2000
#define SN_QUARTER_SECONDS 7889400 /* 91.3125 days */

typedef struct sn_series_opts {
    double jaccard;      /* default 0.5 */
    double core_share;   /* default 0.5 */
    long min_meetings;   /* default 3 */
    double max_gap_days; /* default 365 */
    int has_range;       /* "the store's last contact" below: the last inside the range */
    sn_time_range range;
} sn_series_opts;

void sn_series_opts_init(sn_series_opts *o);
/*
 * The meeting series' options (samnett/option.h): series_jaccard,
 * series_core, series_min, series_gap. Messages name the key.
 */
extern const sn_opt sn_series_options[];
extern const size_t sn_series_n_options;
sn_status sn_series_opts_set(sn_series_opts *o, const char *key, const char *value, sn_err *err);

typedef struct sn_series {
    char *label;         /* owned */
    uint32_t n_meetings; /* meetings[0 .. n_meetings - 1], in time order */
    uint32_t *meetings;  /* meeting indices (sn_events) */
    int64_t first, last;
    uint32_t core_size, participants;
    double interval_median_days, interval_mean_days, regularity;
    uint32_t organiser; /* actor index */
    uint32_t organisations, units;
    double cross_org_share;
    double size_first_third, size_last_third;
    double video_share;

    int has_pairs;
    size_t n_pairs;            /* new pairs */
    uint32_t *pair_a, *pair_b; /* actor indices, a < b */
    int64_t *pair_met;         /* time of their first shared meeting */
    size_t *pair_time_start;   /* n_pairs + 1 */
    int64_t *pair_times;       /* each pair's direct contact times, ascending */
    size_t with_contact_after; /* new pairs with direct contact at or after pair_met */
    long contacts_during;      /* new pairs' direct contacts in [first, last) */
    double per_quarter_during; /* contacts_during per quarter; NaN when first == last */
    uint32_t n_quarters_after; /* full quarters between last and the store's last contact */
    long *after;               /* n_quarters_after counts */
    double half_life_days;     /* NaN when not estimable */
} sn_series;

typedef struct sn_meetings {
    const sn_events *events;
    sn_series_opts opts;
    sn_meeting_mode mode; /* of the network view, for the reports */
    uint32_t n_meetings;  /* meetings in the time window */
    long rows;            /* their rows */
    double mean_participants;
    uint32_t max_participants;
    double video_share;  /* of the meetings in the window */
    uint32_t in_series;  /* meetings in a kept series */
    uint32_t *series_of; /* meeting -> kept series, UINT32_MAX = none */
    size_t n_series;
    sn_series *series; /* most organisations first, then most meetings, then earliest */
} sn_meetings;

/*
 * Meetings and series of the store indexed by ev, inside view's time window
 * (view may be NULL: all meetings). ev must outlive out.
 */
sn_status sn_meetings_compute(const sn_events *ev, const sn_view_opts *view,
                              const sn_series_opts *opts, sn_meetings *out, sn_err *err);
void sn_meetings_free(sn_meetings *m);

/* The direct contact times (ascending) of new pair p of series s; *n is set. */
const int64_t *sn_series_pair_times(const sn_meetings *m, size_t s, size_t p, size_t *n);

/*
 * The exponential-decay half-life (in the unit of t) of event offsets
 * t[0 .. n-1] in [0, T] (maximum likelihood, see above); NaN when n < 3,
 * T <= 0 or there is no decay.
 */
double sn_decay_half_life(const double *t, size_t n, double T);

#endif
