/*
 * samnett/net.h - the network view: contacts aggregated into directed,
 * weighted ties at a chosen level, inside a time window and channel filter.
 *
 * A tie a->b exists when contacts(a->b) >= min_contacts (DESIGN section 4).
 * Its weight is the number of contacts, or with SN_WEIGHT_SUM the sum of the
 * contacts' `weight` column. Self-contacts, and at the unit and organisation
 * levels contacts inside one group, are counted but are not ties.
 *
 * Building is O(contacts) expected time (a hash of node pairs) plus
 * O(ties log ties) to sort the ties by (from, to).
 */
#ifndef SAMNETT_NET_H
#define SAMNETT_NET_H

#include <igraph/igraph.h>
#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/store.h"

typedef enum sn_level { SN_LEVEL_ACTOR, SN_LEVEL_UNIT, SN_LEVEL_ORGANISATION } sn_level;
typedef enum sn_weight_mode { SN_WEIGHT_COUNT, SN_WEIGHT_SUM } sn_weight_mode;

typedef struct sn_view_opts {
    sn_level level;
    int has_since, has_until;
    int64_t since, until; /* the window is since <= time < until */
    int has_channels;
    uint8_t channels[SN_CHANNEL_MAX + 1]; /* 1 = keep this channel */
    long min_contacts;                    /* 0 or 1 = every pair with a contact */
    sn_weight_mode weight;
} sn_view_opts;

void sn_view_opts_init(sn_view_opts *o);
/* Parse "actor", "unit" or "organisation" (also "organization", "org"). */
sn_status sn_level_parse(const char *s, sn_level *out);
const char *sn_level_name(sn_level level);

typedef struct sn_net {
    const sn_store *store;
    sn_view_opts opts;
    uint32_t n_nodes;
    uint32_t *node_of_actor; /* actor index -> node */
    uint32_t *node_size;     /* actors in each node */
    uint32_t *node_actor;    /* at actor level: node -> actor; else a representative actor */
    sn_intern *labels;       /* node -> label (node i has intern id i) */

    size_t n_ties;
    igraph_integer_t *edges; /* 2 * n_ties: from0, to0, from1, to1, ... sorted */
    double *tie_contacts;    /* contacts on each tie */
    double *tie_weight;      /* the tie weight used by metrics */
    size_t *out_start;       /* n_nodes + 1: ties from u are out_start[u] .. out_start[u+1] - 1 */
    size_t *in_start;        /* n_nodes + 1: in_tie[in_start[v] .. in_start[v+1] - 1] */
    uint32_t *in_tie;        /* tie indices into each node, sorted by their from node */

    /* what went into the view */
    long contacts_in_window; /* contacts that passed the time and channel filters */
    long contacts_in_ties;   /* of those, contacts on kept ties */
    long self_contacts;      /* from == to */
    long within_group;       /* different actors, same node at unit/organisation level */
    long below_threshold;    /* contacts on pairs under min_contacts */

    igraph_t graph; /* built with the view */
    int has_graph;
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
/* A read-only igraph view of the tie weights (valid while net lives). */
igraph_vector_t sn_net_weights(const sn_net *net);

#endif
