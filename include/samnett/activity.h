/*
 * samnett/activity.h - activity per time window and scope: how the network,
 * each pair of groups and the largest cases behave in each window, in one
 * pass over the contacts (in time order) plus one over the ties per window.
 * It is the measure behind net:activity{...} of the lenses (core/lens reads
 * the options from Lua and pushes the result), computed in C so that a lens
 * never walks the contacts.
 *
 * Options (sn_activity_opts):
 *   window       window length ("month", "quarter", "year", "Nd", "Nw");
 *                default the windows of in->temporal when it has them, else
 *                "quarter". Windows tile the analysed period as in
 *                samnett/temporal.h.
 *   step         a step for sliding windows (needs a window)
 *   by           the attribute (or a list of up to 4, joined " / ") whose
 *                groups make the pair scopes; default organisation. A node
 *                takes the attribute of its actor (above the actor level:
 *                of its first actor); nodes without it are in no pair.
 *   across       an attribute: only ties whose two ends differ in it count,
 *                in every scope (e.g. "organisation" with by = "type")
 *   min_contacts a pair with fewer contacts in the period is left out
 *   top_pairs    keep the N pairs with most contacts (0 = all)
 *   cases        the N largest cases (contacts in the view) as scopes too
 *   novelty_k    novelty against the previous k windows (default 1; more
 *                than 1000 counts as 1000)
 *   detail       0: per scope only the contacts, ab, ba (cross for the
 *                network) and channels of each window; default 1
 *   channels     0: no channel counts (faster with many scopes)
 *
 * Scopes: the network (the contacts on every counted tie), each unordered
 * pair of groups "A <-> B" (A before B in byte order) with its ties in both
 * directions, and each case (its contacts in the view's time window and
 * channels). A contact counts in every window that contains its time.
 * Per scope and window (detail, sn_activity_stats):
 *   contacts, rate (per day); ab and ba (a pair's contacts started on A's
 *   side and on B's); cross (the network's contacts between groups)
 *   ties          ties with at least max(1, min_contacts of the view)
 *                 contacts in the window (a case: node pairs with a contact)
 *   mutual        of those, ties whose reverse is also active
 *   persistence   Jaccard of the active tie sets of this and the previous
 *                 window (NaN for the first window or both empty)
 *   novelty       share of active ties not active in any of the previous k
 *                 windows (NaN for the first k windows or without ties)
 *   regularity, burstiness   CV sigma/mu and (sigma-mu)/(sigma+mu) of the
 *                 times between consecutive contacts inside the window
 *                 (population sigma; NaN with fewer than two contacts or
 *                 mu = 0)
 *   meeting_rows  contacts that are meeting rows; scheduled: of those, rows
 *                 of meetings in a recurring series (samnett/meetings.h)
 *   channels      contacts per channel
 *   actors        distinct nodes at the ends of the contacts (the network:
 *                 of its contacts between groups); top: the node at the end
 *                 of most of them (a tie: the first node); top_share: its
 *                 share of the contacts; gini: the Gini coefficient of the
 *                 nodes' contacts
 *   clustering    share of the scope's active ties, as undirected pairs,
 *                 that close a triangle in the window's undirected graph of
 *                 active ties (NaN for cases and without ties)
 *   ei            the network only: (E - I) / (E + I) over its active ties,
 *                 E between groups and I inside one
 * NaN marks a measure that is not defined.
 *
 * Cost: O(C) for the contacts (C in the store; the tie of each contact is
 * given) plus O(W (m log d + sum over active ties of the smaller degree))
 * for W windows and m ties. The windows are split over in->threads threads.
 */
#ifndef SAMNETT_ACTIVITY_H
#define SAMNETT_ACTIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/cases.h"
#include "samnett/error.h"
#include "samnett/events.h"
#include "samnett/net.h"
#include "samnett/temporal.h"

#define SN_ACTIVITY_MAX_BY 4
#define SN_ACTIVITY_MAX_WINDOWS 100000

typedef struct sn_activity_opts {
    int has_window, has_step;
    sn_span window, step;
    int n_by; /* 1 .. SN_ACTIVITY_MAX_BY */
    const char *by[SN_ACTIVITY_MAX_BY];
    const char *across; /* NULL: none */
    long min_contacts;  /* >= 0 */
    long top_pairs;     /* >= 0 */
    long cases;         /* >= 0 */
    long novelty_k;     /* >= 1 */
    int detail, channels;
} sn_activity_opts;

void sn_activity_opts_init(sn_activity_opts *o);

/*
 * Parse the window length or step `text` given under option `key` ("window",
 * "step" or an alias); SN_EUSAGE with a message naming key and text.
 */
sn_status sn_activity_span_parse(const char *key, const char *text, sn_span *out, sn_err *err);

/*
 * Check option `key` of o ("by", "min_contacts", "top_pairs", "cases",
 * "novelty_k"), or with key NULL all of them and how they combine (a step
 * needs a window). SN_EUSAGE with a message that names the option.
 */
sn_status sn_activity_opts_check(const sn_activity_opts *o, const char *key, sn_err *err);

typedef struct sn_activity_in {
    const sn_net *net;              /* the view (and its store) */
    const int32_t *contact_tie;     /* the tie of each contact, -1 for none (sn_net_contact_ties);
                                       needed with detail, or without tie_channels */
    const uint32_t *order;          /* contact positions in time order; NULL: the store is */
    int sorted;                     /* the store is in time order (read without detail) */
    const sn_events *events;        /* the store's index: needed for the case scopes */
    const sn_cases *cases;          /* the case measures; NULL: no case scopes */
    const uint32_t *meeting_series; /* meeting -> its series, UINT32_MAX none; NULL: none */
    const sn_temporal *temporal;    /* its windows are the default ones; may be NULL */
    const sn_time_range *range;     /* the plausible range the period is cut to; may be NULL */
    /*
     * Optional, without detail: the contacts per window, tie and channel for the windows the
     * options give (sn_activity_windows), as sn_activity_tie_channels counts them; a caller
     * that keeps them for several calls passes them here.
     */
    const uint32_t *tie_channels;
    int threads;      /* threads to use (<= 16); 0 or 1: one */
    size_t max_bytes; /* memory the call may hold at once; 0: no limit */
    /*
     * Optional: called once, when the call has taken its own memory and before it reads the
     * contacts, with a copy of these inputs that it reads from then on: prepare may fill in
     * contact_tie, order and sorted (or tie_channels, for the windows given, without detail)
     * and lower max_bytes. Non-zero stops the call with SN_EANALYSIS.
     */
    int (*prepare)(void *ud, struct sn_activity_in *in, const sn_window_bounds *windows,
                   size_t n_windows);
    void *ud;
} sn_activity_in;

/* One scope. */
typedef enum sn_activity_kind {
    SN_ACTIVITY_NETWORK,
    SN_ACTIVITY_PAIR,
    SN_ACTIVITY_CASE
} sn_activity_kind;

typedef struct sn_activity_scope {
    sn_activity_kind kind;
    const char *a, *b;   /* a pair: the labels of its groups */
    uint32_t case_index; /* a case: its index in the cases */
    double contacts;     /* in the period */
} sn_activity_scope;

/* The measures of a scope in a window (with detail); NaN when not defined. */
typedef struct sn_activity_stats {
    double rate;
    uint32_t ties, mutual;
    double reciprocity, persistence, novelty, regularity, burstiness;
    uint32_t meeting_rows, scheduled;
    uint32_t actors;
    uint32_t top; /* node; UINT32_MAX: none */
    double top_share, gini, clustering, ei;
} sn_activity_stats;

typedef struct sn_activity {
    sn_span window; /* the window length used */
    int has_step;
    sn_span step;
    char by[256];       /* the by attributes joined " / " */
    const char *across; /* from the options */
    int detail, channels;
    size_t n_windows;
    sn_window_bounds *windows;
    uint32_t n_channels; /* the store's channels */
    size_t n_scopes;     /* the network, the kept pairs (most contacts first), the cases */
    sn_activity_scope *scopes;
    /* scope x window (cell s * n_windows + w) */
    uint32_t *contacts;
    uint32_t *ab, *ba;          /* ab of the network: its contacts between groups (cross) */
    uint32_t *channel_contacts; /* cell x channel; NULL without channels */
    sn_activity_stats *stats;   /* NULL without detail */
    size_t bytes;               /* the most memory the call held at once */
    void *mem;                  /* private */
} sn_activity;

/*
 * The windows the options give (in time order), as sn_activity_compute
 * plans them: malloc'd into *out. SN_EUSAGE for too many windows.
 */
sn_status sn_activity_windows(const sn_activity_in *in, const sn_activity_opts *opts,
                              sn_window_bounds **out, size_t *n, sn_err *err);

/*
 * The contacts per window, tie and channel of the view into counts
 * (n_windows x ties x channels, zeroed by the caller; cell (w * ties + k) *
 * channels + c). Reads in->contact_tie and in->sorted.
 */
void sn_activity_tie_channels(const sn_activity_in *in, const sn_window_bounds *windows,
                              size_t n_windows, uint32_t *counts);

/*
 * Compute the activity measures. On failure *out holds nothing to free
 * (its bytes: the memory asked for when SN_ENOMEM came from max_bytes).
 */
sn_status sn_activity_compute(const sn_activity_in *in, const sn_activity_opts *opts,
                              sn_activity *out, sn_err *err);
void sn_activity_free(sn_activity *a);

#endif
