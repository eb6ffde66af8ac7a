/*
 * samnett/cases.h - case-level measures (README, "What is measured"): patient
 * pathways across services.
 *
 * A case is the set of contacts that share a case id (samnett/events.h).
 * Only the case's contacts that pass the view's time and channel filters
 * count, whatever the view's meeting mode (a responsibility-group meeting
 * on a case is work on that case). Terms:
 *
 *   provider      a node of the network view: an actor, a unit or an
 *                 organisation (the analysis --level). A case's providers
 *                 are the nodes of the from and to actors of its contacts.
 *   service       an actor's (organisation, unit) pair; an actor without a
 *                 unit belongs to its organisation's service; an actor
 *                 without an organisation is a service (and an
 *                 organisation) of its own. Services and organisations do
 *                 not depend on the level.
 *   services, organisations   distinct services and organisations among
 *                 the from and to actors of the case's contacts.
 *   BTI level     1 = one service, 2 = two services (one more), 3 = three
 *                 or more; 0 = no contacts in the view (not counted).
 *   transfer      a case contact on a transfer channel (default referral and
 *                 discharge) whose from and to actors belong to different
 *                 organisations; it moves the case from organisation A =
 *                 org(from) to B = org(to). A case's transfers are taken in
 *                 time order (rows with the same time in file order).
 *   ping-pong     (kasteball) a transfer A -> B followed, within the window
 *                 (default 30 days: time(next) - time(this) <= window), by
 *                 the case's next transfer into A (X -> A, from any X),
 *                 i.e. A -> B -> A. The case's first transfer, its entry
 *                 (typically a referral that the discharge answers), does
 *                 not start a ping-pong unless pingpong_first is set; so a
 *                 referral and its discharge are not counted, while a
 *                 discharge followed by a readmission is. Each transfer
 *                 starts at most one ping-pong; A -> B -> A -> B -> A counts
 *                 the second and third transfers (two).
 *   hand-off pattern (Thompson) over the case's contacts between different
 *                 services: reciprocal when some pair of services has
 *                 contacts both ways; sequential when contacts cross
 *                 service boundaries but never both ways between a pair (a
 *                 chain, or a fan in or out); pooled when there are two or
 *                 more services but no contact between them; single when
 *                 there is one service.
 *   patient sharing  w_ij = the number of cases on which providers i and j
 *                 both have contacts (the bipartite projection of
 *                 cases x providers onto providers).
 *   care density  (Pollack et al. 2013) of a case with k >= 2 providers:
 *                 sum over its k (k - 1) / 2 provider pairs of w_ij, divided
 *                 by k (k - 1) / 2. NaN for k < 2. Cases with more than
 *                 max_providers providers (default 100) are left out of the
 *                 projection (their pairs cost k^2) and get NaN; they are
 *                 counted in large_cases.
 *   co-serving without contact (flerfaglig parallel work) provider pairs
 *                 with w_ij >= co_serving_min (default 2) and no tie of the
 *                 network view in either direction.
 * Summary quantiles interpolate linearly between order statistics (as
 * numpy's default): q at position (n - 1) q of the sorted values.
 *
 * Cost: O(case contacts + sum over cases of k^2) expected time, with a hash
 * of provider pairs.
 */
#ifndef SAMNETT_CASES_H
#define SAMNETT_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/events.h"
#include "samnett/net.h"

typedef enum sn_handoff {
    SN_HANDOFF_NONE, /* no contacts in the view */
    SN_HANDOFF_SINGLE,
    SN_HANDOFF_POOLED,
    SN_HANDOFF_SEQUENTIAL,
    SN_HANDOFF_RECIPROCAL,
    SN_HANDOFF_COUNT
} sn_handoff;

/* "none", "single", "pooled", "sequential", "reciprocal" */
const char *sn_handoff_name(int h);

typedef struct sn_cases_opts {
    int has_transfer_channels;                     /* 0 = referral and discharge */
    uint8_t transfer_channels[SN_CHANNEL_MAX + 1]; /* 1 = a transfer channel */
    int64_t pingpong_window;                       /* seconds; default 30 days */
    int pingpong_first;     /* 1 = the first transfer may start a ping-pong too */
    long co_serving_min;    /* default 2 */
    uint32_t max_providers; /* default 100 */
} sn_cases_opts;

void sn_cases_opts_init(sn_cases_opts *o);
/*
 * The case measures' options (samnett/option.h): transfer_channels,
 * pingpong_window, co_serving_min, case_max_providers, pingpong_first (a
 * flag: true when set without a value). Messages name the key.
 */
extern const sn_opt sn_cases_options[];
extern const size_t sn_cases_n_options;
sn_status sn_cases_opts_set(sn_cases_opts *o, const char *key, const char *value, sn_err *err);

typedef struct sn_case_stats {
    uint32_t contacts; /* in the view */
    int64_t first, last;
    uint32_t providers, services, organisations;
    uint8_t bti;     /* 1..3; 0 = no contacts in the view */
    uint8_t handoff; /* sn_handoff */
    uint32_t transfers, pingpongs;
    double care_density; /* NaN when undefined */
} sn_case_stats;

typedef struct sn_co_pair {
    uint32_t a, b; /* nodes, a < b */
    uint32_t cases;
} sn_co_pair;

typedef struct sn_summary {
    double mean, min, p10, p25, median, p75, p90, max; /* NaN when there are no values */
} sn_summary;

typedef struct sn_cases {
    sn_cases_opts opts;
    const sn_events *events;
    sn_level level;
    uint32_t n_cases;     /* cases in the store */
    uint32_t active;      /* cases with contacts in the view */
    sn_case_stats *cases; /* n_cases, indexed like sn_events */
    long bti[4];          /* cases per BTI level (index 0 unused) */
    long handoff[SN_HANDOFF_COUNT];
    long transfers, pingpongs, cases_with_transfers, cases_with_pingpong;
    double pingpong_share; /* cases_with_pingpong / active; NaN without active cases */
    sn_summary providers, services, organisations; /* per active case */
    long density_cases;                            /* cases with a care density */
    long large_cases;                              /* left out of the projection */
    sn_summary density;
    size_t shared_pairs; /* provider pairs sharing at least one case */
    size_t n_co;
    sn_co_pair *co;    /* co-serving without contact: most cases first, then by a, b */
    size_t n_co_cross; /* of those, pairs whose nodes' organisations differ */
} sn_cases;

/* The case measures of the store indexed by ev, over net's nodes and filters. */
sn_status sn_cases_compute(const sn_net *net, const sn_events *ev, const sn_cases_opts *o,
                           sn_cases *out, sn_err *err);
void sn_cases_free(sn_cases *c);

/* Summary of v[0 .. n-1] (sorted in place). */
void sn_summarize(double *v, size_t n, sn_summary *out);

#endif
