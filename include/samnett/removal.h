/*
 * samnett/removal.h - what removing a set of actors costs the network: the
 * basis of the key-person (ildsjel) analysis.
 *
 *   pairs_before/after   ordered pairs (a, b), a != b, with a directed path
 *                        a -> b, before and after the removal
 *   pairs_lost           pairs_before - pairs_after (pairs that had a
 *                        removed node at either end count as lost)
 *   pairs_lost_between_remaining  pairs of remaining nodes that could reach
 *                        each other before and cannot after
 *   ties_lost            ties with a removed end
 *   cross_ties_lost      of those, ties between two groups of the partition
 *   group pairs cut      ordered group pairs (g, h), g != h: some member of g
 *                        reached some member of h before, and no remaining
 *                        member of g reaches a remaining member of h after
 *
 * Reachability is counted on the condensation into strong components, with
 * bitsets propagated in reverse topological order: O(n + m) for the
 * components plus O(c * m_c / 64) for the bitsets (c components, m_c
 * condensed ties), in blocks of 4,096 components to bound memory.
 */
#ifndef SAMNETT_REMOVAL_H
#define SAMNETT_REMOVAL_H

#include "samnett/error.h"
#include "samnett/net.h"
#include "samnett/partition.h"

typedef struct sn_removal {
    uint32_t n_removed;
    uint32_t *removed; /* nodes */
    double pairs_before, pairs_after, pairs_lost, pairs_lost_between_remaining;
    long ties_lost, cross_ties_lost, cross_ties_before;
    uint32_t n_cut;
    uint32_t *cut_from, *cut_to; /* group pairs cut off */
} sn_removal;

/* Reachable ordered pairs of the network with the masked nodes left out (mask may be NULL). */
sn_status sn_reachable_pairs(const sn_net *net, const uint8_t *removed, double *pairs, sn_err *err);

sn_status sn_removal_compute(const sn_net *net, const sn_partition *part, const uint32_t *nodes,
                             uint32_t n_nodes, sn_removal *out, sn_err *err);
void sn_removal_free(sn_removal *r);

#endif
