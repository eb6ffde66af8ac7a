/*
 * samnett/net.h - the network view: contacts aggregated into directed,
 * weighted ties at a chosen level, inside a time window and channel filter.
 *
 * A tie a->b exists when contacts(a->b) >= min_contacts (README, "What is measured").
 * Its weight is the number of contacts, or with SN_WEIGHT_SUM the sum of the
 * contacts' `weight` column. Self-contacts, and at the unit and organisation
 * levels contacts inside one group, are counted but are not ties.
 *
 * Building is O(contacts) expected time (a hash of node pairs) plus
 * O(ties log ties) to sort the ties by (from, to).
 *
 * Meetings. Rows that share a meeting id are one multi-party gathering (a
 * hyperedge). `meetings` says how they become ties:
 *   SN_MEETINGS_ROWS     (default) every row is a contact like any other.
 *   SN_MEETINGS_PROJECT  the meeting's rows are replaced by the clique
 *                        projection of its participants at the view's level:
 *                        with k distinct participant nodes (the nodes of the
 *                        from and to actors of the rows that pass the time and
 *                        channel filters), each ordered pair of distinct
 *                        participant nodes gets 1/(k-1) contacts (Newman
 *                        2001's collaboration weighting), so a gathering adds
 *                        at most one contact-equivalent per participant and
 *                        direction, and a 30-person meeting does not swamp
 *                        everyday ties. With SN_WEIGHT_SUM the pair's weight
 *                        is the mean `weight` of those rows times 1/(k-1).
 *                        Tie contacts may then be fractional; min_contacts
 *                        compares with them. A meeting with k < 2 nodes keeps
 *                        its rows (they are self or within-group contacts).
 *   SN_MEETINGS_OFF      meeting rows are left out of the view.
 * Replaced or left-out rows are counted in meeting_rows, not as ties'
 * contacts; in project mode contacts_in_ties and below_threshold are sums of
 * contact-equivalents, rounded.
 */
#ifndef SAMNETT_NET_H
#define SAMNETT_NET_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/option.h"
#include "samnett/store.h"

typedef enum sn_level { SN_LEVEL_ACTOR, SN_LEVEL_UNIT, SN_LEVEL_ORGANISATION } sn_level;
typedef enum sn_weight_mode { SN_WEIGHT_COUNT, SN_WEIGHT_SUM } sn_weight_mode;
typedef enum sn_meeting_mode {
    SN_MEETINGS_ROWS,
    SN_MEETINGS_PROJECT,
    SN_MEETINGS_OFF
} sn_meeting_mode;
struct sn_events;
struct igraph_s;        /* igraph_t */
struct igraph_vector_t; /* igraph_vector_t */

typedef struct sn_view_opts {
    sn_level level;
    int has_since, has_until;
    int64_t since, until; /* the window is since <= time < until */
    int has_channels;
    uint8_t channels[SN_CHANNEL_MAX + 1]; /* 1 = keep this channel */
    long min_contacts;                    /* 0 or 1 = every pair with a contact */
    sn_weight_mode weight;
    sn_meeting_mode meetings; /* default SN_MEETINGS_ROWS */
    /* Optional index of the store's meetings for SN_MEETINGS_PROJECT, read
       during sn_net_build only (built and freed there when NULL). */
    const struct sn_events *events;
    /* Optional actor-level view of the same store, read during sn_net_build
       only: a unit or organisation view with the same filters (rows or no
       meetings, every pair with a contact a tie, ties weighted by contacts)
       sums its ties instead of the contacts, with the same result. */
    const struct sn_net *base;
} sn_view_opts;

void sn_view_opts_init(sn_view_opts *o);
/* Is contact i of s inside the view's time window and channels? */
static inline int sn_view_keeps(const sn_view_opts *o, const sn_store *s, size_t i)
{
    return !((o->has_since && sn_store_time(s, i) < o->since) ||
             (o->has_until && sn_store_time(s, i) >= o->until) ||
             (o->has_channels && !o->channels[s->channel[i]]));
}
/* Parse "actor", "unit" or "organisation" (also "organization", "org"). */
sn_status sn_level_parse(const char *s, sn_level *out);
const char *sn_level_name(sn_level level);
/*
 * The name of actor's node at the unit or organisation level, as the
 * network's nodes at that level are named: "ORGANISATION / UNIT" or
 * "ORGANISATION", with "(no organisation)" and "(no unit)" for what the
 * actor lacks. Returns the length it needs (as snprintf).
 */
size_t sn_net_group_label(const sn_store *s, uint32_t actor, sn_level level, char *buf, size_t cap);
/* Parse "rows", "project" or "off". */
sn_status sn_meeting_mode_parse(const char *s, sn_meeting_mode *out);
const char *sn_meeting_mode_name(sn_meeting_mode mode);
/*
 * Parse "contacts" or "sum", the names of the tie weights (also "weight_sum",
 * the JSON report's word for sum); sn_weight_mode_name gives "contacts" or "sum".
 */
sn_status sn_weight_mode_parse(const char *s, sn_weight_mode *out);
const char *sn_weight_mode_name(sn_weight_mode mode);

/*
 * The view's options (samnett/option.h): level, since, until, channel
 * (repeatable), min_contacts, tie_weight, meetings. sn_view_opts_set sets one
 * by key; its messages name the key.
 */
extern const sn_opt sn_view_options[];
extern const size_t sn_view_n_options;
sn_status sn_view_opts_set(sn_view_opts *o, const char *key, const char *value, sn_err *err);

typedef struct sn_net {
    const sn_store *store;
    sn_view_opts opts;
    uint32_t n_nodes;
    uint32_t *node_of_actor; /* actor index -> node */
    uint32_t *node_size;     /* actors in each node */
    uint32_t *node_actor;    /* at actor level: node -> actor; else a representative actor */
    sn_intern *labels;       /* node -> label (node i has intern id i) */

    size_t n_ties;
    int64_t *edges;       /* 2 * n_ties: from0, to0, from1, to1, ... sorted (igraph's ids) */
    double *tie_contacts; /* contacts on each tie */
    double *tie_weight;   /* the tie weight used by metrics */
    size_t *out_start;    /* n_nodes + 1: ties from u are out_start[u] .. out_start[u+1] - 1 */
    size_t *in_start;     /* n_nodes + 1: in_tie[in_start[v] .. in_start[v+1] - 1] */
    uint32_t *in_tie;     /* tie indices into each node, sorted by their from node */

    /* what went into the view */
    long contacts_in_window; /* contacts that passed the time and channel filters */
    long contacts_in_ties;   /* of those, contacts on kept ties */
    long self_contacts;      /* from == to */
    long within_group;       /* different actors, same node at unit/organisation level */
    long below_threshold;    /* contacts on pairs under min_contacts */
    long meeting_rows;       /* of contacts_in_window: meeting rows projected or left out */
    long meetings_projected; /* meetings replaced by their projection */

    struct igraph_s *graph; /* built with the view: see sn_net_graph */
} sn_net;

sn_status sn_net_build(const sn_store *store, const sn_view_opts *opts, sn_net *net, sn_err *err);
void sn_net_free(sn_net *net);
const char *sn_net_label(const sn_net *net, uint32_t node);
/* The tie a->b, or -1 if there is none. O(log out-degree of a). */
int64_t sn_net_tie(const sn_net *net, uint32_t a, uint32_t b);
static inline uint32_t sn_tie_from(const sn_net *net, size_t tie)
{
    return (uint32_t)net->edges[2 * tie];
}
static inline uint32_t sn_tie_to(const sn_net *net, size_t tie)
{
    return (uint32_t)net->edges[2 * tie + 1];
}
/*
 * The igraph side, for a consumer that asks for the graph (and includes
 * <igraph/igraph.h> itself): the view's ties as an igraph_t (node i is
 * vertex i, tie k is edge k), and a read-only igraph view of the tie
 * weights in *w. Both are valid while net lives.
 */
const struct igraph_s *sn_net_graph(const sn_net *net);
void sn_net_weights(const sn_net *net, struct igraph_vector_t *w);

/*
 * The tie of every contact of the store: out[i] (malloc'd, store->n
 * entries) is the tie contact i counts on in the view, or -1 for none:
 * contacts outside the view's window or channels, self and within-node
 * contacts, contacts on pairs below min_contacts and (with meetings
 * projected or left out) meeting rows. One pass with a hash of the ties,
 * O(C + m) expected, split over up to `threads` threads (<= 16) in
 * contiguous ranges of contacts when the store is large.
 */
sn_status sn_net_contact_ties(const sn_net *net, int threads, int32_t **out, sn_err *err);

/* What the contacts of each tie hold (sn_net_tie_details). */
typedef struct sn_tie_details {
    uint32_t n_channels;   /* the store's channels */
    uint32_t *channels;    /* n_ties x n_channels: contacts per tie and channel */
    int64_t *first, *last; /* per tie; INT64_MAX and INT64_MIN for a tie without contacts */
} sn_tie_details;

/* Channels, first and last time of every tie, from the tie of every contact. O(C). */
sn_status sn_net_tie_details(const sn_net *net, const int32_t *contact_tie, sn_tie_details *out,
                             sn_err *err);
void sn_tie_details_free(sn_tie_details *d);

#endif
