/*
 * samnett/analysis.h - one analysis run: the network view, its measures, the
 * silo measures of each partition, brokerage over the first partition, the
 * contacts between actor types, and optionally the cost of removing actors. The CLI, the report
 * writers and (later) the lens host and watch mode all go through this.
 */
#ifndef SAMNETT_ANALYSIS_H
#define SAMNETT_ANALYSIS_H

#include "samnett/brokerage.h"
#include "samnett/cases.h"
#include "samnett/error.h"
#include "samnett/events.h"
#include "samnett/layout.h"
#include "samnett/meetings.h"
#include "samnett/metrics.h"
#include "samnett/mixing.h"
#include "samnett/net.h"
#include "samnett/partition.h"
#include "samnett/privacy.h"
#include "samnett/removal.h"
#include "samnett/silo.h"
#include "samnett/temporal.h"

#define SN_MAX_PARTITIONS 16

typedef struct sn_analysis_opts {
    sn_view_opts view;
    sn_metrics_opts metrics;
    const char *partitions[SN_MAX_PARTITIONS]; /* attributes; none given = organisation */
    size_t n_partitions;
    sn_silo_opts silo;
    const char *const *remove; /* node ids (actor ids, or group labels above actor level) */
    size_t n_remove;
    /* case measures and meeting series, when the store has case or meeting ids */
    sn_cases_opts cases;
    sn_series_opts series;
    sn_temporal_opts temporal; /* computed when has_window or has_after */
    /*
     * The summary only: the network, its whole-network measures
     * (metrics.network_only) and the silo measures of each partition; no
     * node measures, brokerage, contacts by type, removal, case, meeting or
     * time measures.
     * samnett watch writes its re-score line from this.
     */
    int summary_only;
    /*
     * Leave the case and meeting measures for sn_analysis_events: a lens's
     * sub-network computes them only when the lens reads them.
     */
    int defer_events;
    /*
     * Leave the measures (metrics, partitions and silos, brokerage, contacts
     * by type, removal)
     * for sn_analysis_measures: a lens's sub-network computes them only when
     * the lens reads them. Not with summary_only or temporal measures.
     */
    int defer_measures;
    /*
     * The case and meeting index of the same store, built by an analysis
     * that outlives this one (it depends on the store only): read instead
     * of built again. NULL: build it.
     */
    const sn_events *events;
} sn_analysis_opts;

/* Wall-clock seconds spent in each stage of the last run. */
typedef struct sn_timings {
    double network, metrics, silo, brokerage, mixing, ranking, removal;
    double events, cases, meetings;
    double temporal;
} sn_timings;

/*
 * The orders the readable report's tables show, computed with the measures
 * (not with summary_only), so that the report writers only read them. Each
 * lists indices, the largest first, equal keys in index order.
 */
typedef struct sn_rankings {
    uint32_t *betweenness; /* the net.n_nodes nodes by betweenness; NULL without node measures */
    size_t n_type_pairs;
    uint32_t *type_pairs; /* cells a * n_groups + b of type_mix with contacts, by contacts */
    /* per partition, the groups with ties, most closed (lowest E-I) first */
    uint32_t n_silo_groups[SN_MAX_PARTITIONS];
    uint32_t *silo_groups[SN_MAX_PARTITIONS];
    /* per brokerage role below SN_ROLE_TOTAL, the nodes in it (raw > 0), most often first */
    uint32_t n_brokers[SN_ROLES];
    uint32_t *brokers[SN_ROLES];
} sn_rankings;

/* A change point of a group pair of the time measures: temporal.pairs[pair].cps.cp[cp]. */
typedef struct sn_shift {
    size_t pair, cp;
} sn_shift;

typedef struct sn_analysis {
    sn_timings seconds;
    sn_net net;
    sn_metrics metrics;
    size_t n_partitions;
    sn_partition partitions[SN_MAX_PARTITIONS];
    sn_silo silos[SN_MAX_PARTITIONS];
    /* per partition, why its measures mean nothing (every node in the one group ''), or NULL:
       the reports show the reason instead of a perfect silo; brokerage follows partition 0 */
    const char *not_meaningful[SN_MAX_PARTITIONS];
    sn_brokerage brokerage; /* over partitions[0] */
    /* contacts between actor types (the reports' contacts by type): with brokerage */
    int has_type_mix;
    sn_mix type_mix;
    sn_rankings ranks; /* with the measures */
    int has_removal;
    sn_removal removal; /* over partitions[0] */
    /* The case and meeting index (built when the store has case or meeting ids)
       and what is measured on it; cases and meetings point into the analysis,
       so it must not be copied by value. */
    int has_events, has_cases, has_meetings;
    int events_borrowed;   /* events is a copy of opts->events: not freed here */
    int events_deferred;   /* the case and meeting measures wait for sn_analysis_events */
    int measures_deferred; /* the measures wait for sn_analysis_measures */
    sn_events events;
    sn_cases cases;
    sn_meetings meetings;
    int has_temporal;
    sn_temporal temporal;
    /* with temporal: the group pairs' change points, largest shift in rate first (equal: earlier)
     */
    size_t n_shifts;
    sn_shift *shifts;
} sn_analysis;

void sn_analysis_opts_init(sn_analysis_opts *o);
/*
 * The analysis's own options (samnett/option.h): partition (repeatable, up to
 * SN_MAX_PARTITIONS; the value is kept by pointer). The options of its
 * measures are in their modules' tables. Messages name the key.
 */
extern const sn_opt sn_analysis_options[];
extern const size_t sn_analysis_n_options;
sn_status sn_analysis_opts_set(sn_analysis_opts *o, const char *key, const char *value,
                               sn_err *err);
sn_status sn_analysis_run(const sn_store *store, const sn_analysis_opts *opts, sn_analysis *out,
                          sn_err *err);
/*
 * Before a run: SN_EINPUT when a partition names an attribute that no actor
 * of an actors file has a value for (err lists those they have).
 */
sn_status sn_analysis_check(const sn_store *store, const sn_analysis_opts *opts, sn_err *err);
/* Whether some actor of an actors file has an organisation (else organisation measures mean
 * nothing: every node is in one group '?'). */
int sn_analysis_has_organisations(const sn_store *store);
/*
 * Compute the case and meeting measures that opts->defer_events left out
 * (nothing when they are done). On failure the analysis stays usable,
 * without them.
 */
sn_status sn_analysis_events(const sn_store *store, const sn_analysis_opts *opts, sn_analysis *a,
                             sn_err *err);
/*
 * Compute the measures that opts->defer_measures left out, as sn_analysis_run
 * would have (the same results; nothing when they are done). On failure the
 * analysis stays usable, without them.
 */
sn_status sn_analysis_measures(const sn_analysis_opts *opts, sn_analysis *a, sn_err *err);
void sn_analysis_free(sn_analysis *a);

/*
 * The re-identification check of a shared report (README, "Sharing
 * results"), run after sn_analysis_run and before anything reads the
 * results (the lenses, the report writers). Nothing under the internal
 * profile (p NULL or SN_PRIVACY_INTERNAL).
 *
 * It counts the persons among the nodes (every node at the actor level; a
 * unit or organisation of one actor above it) and, of them, those that are
 * the only one of their (type, organisation, degree band), with degree =
 * degree_in + degree_out and the bands 0, 1-2, 3-4, 5-9, 10-19, 20-49,
 * 50-99 and 100+: such a person can be picked out by one who knows the
 * organisation's staff, and their measures read. It sets p->reid_checked,
 * reid_actors, reid_unique and reid_threshold (SN_REID_THRESHOLD when it is
 * not above 0). When unique / actors > threshold it coarsens the measures
 * held in an (p->reid_coarsened): every node's degree_in and degree_out
 * become the lower bound of their band and strength_in and strength_out are
 * rounded down to a multiple of SN_REID_STRENGTH_COARSE. Coarsened or not,
 * the strengths are rounded down to a multiple of SN_REID_STRENGTH_STEP at
 * least: ties below the small-cell limit are left out of the shared
 * networks, and an exact strength minus the ties shown would give the sum
 * of the left-out ones, often a single small tie. The same is done to the
 * degree and strength columns of the time windows' node measures.
 * O(n log n).
 */
#define SN_REID_THRESHOLD 0.05
#define SN_REID_STRENGTH_STEP 5.0
#define SN_REID_STRENGTH_COARSE 10.0
sn_status sn_analysis_privacy(sn_analysis *an, const sn_store *s, sn_privacy *p, sn_err *err);
/* The degree band of a degree (0 .. 7, as above) and its lower bound. */
int sn_analysis_reid_band(double degree);
double sn_analysis_reid_floor(double degree);

/*
 * The ties of an analysis as the network files show them (computed on
 * request; the report writers only read them). Per tie of an->net: its
 * contacts per channel and first and last time (details, as
 * sn_net_tie_details gives them). With time windows (--window), also the
 * windows in which each tie and each node is present: a tie is present in a
 * window when it has at least min_contacts (at least 1) contacts inside it,
 * as the time measures' window ties; a node when it has a tie present there
 * (the windows' active nodes). Tie k's windows are tie_window[tie_start[k]
 * .. tie_start[k+1] - 1] (ascending), with its weight there (contacts, or
 * the sum of their `weight` with SN_WEIGHT_SUM) and contacts; node v's are
 * node_window[node_start[v] .. node_start[v+1] - 1]. Without windows
 * n_windows is 0 and the window lists are NULL. Contacts are those on the
 * ties (sn_net_contact_ties): with meetings projected or left out, meeting
 * rows are in neither the channels nor the windows. O(contacts + ties).
 */
typedef struct sn_network_ties {
    sn_tie_details details;
    size_t n_windows;  /* an->temporal.n_windows, or 0 */
    size_t *tie_start; /* n_ties + 1 */
    uint32_t *tie_window;
    double *tie_weight, *tie_contacts;
    size_t *node_start; /* n_nodes + 1 */
    uint32_t *node_window;
} sn_network_ties;
sn_status sn_analysis_ties(const sn_analysis *an, sn_network_ties *out, sn_err *err);
void sn_network_ties_free(sn_network_ties *t);

/*
 * A drawing of an->net (samnett/layout.h) for the map and the network files:
 * each organisation's nodes start together (the analysis's partition
 * "organisation" when it has one; else none). One drawing for all windows,
 * so that a node keeps its place from window to window. Free with
 * sn_layout_free.
 */
sn_status sn_analysis_layout(const sn_analysis *an, const sn_layout_opts *opts, sn_layout *out,
                             sn_err *err);

#endif
