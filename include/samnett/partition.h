/*
 * samnett/partition.h - a partition of a network's nodes into groups by an
 * actor attribute (organisation, type, unit, rank, profession or any extra
 * column). At the unit and organisation levels a node takes the attribute of
 * its first actor. Nodes whose actor lacks the attribute form the group "".
 * Groups are numbered in order of first appearance over the nodes. O(n).
 */
#ifndef SAMNETT_PARTITION_H
#define SAMNETT_PARTITION_H

#include "samnett/error.h"
#include "samnett/net.h"

typedef struct sn_partition {
    char *attr; /* the attribute name */
    uint32_t n_nodes;
    uint32_t n_groups;
    uint32_t *group;     /* node -> group */
    uint32_t *size;      /* group -> nodes in it */
    const char **labels; /* group -> its value (owned by the store) */
} sn_partition;

sn_status sn_partition_build(const sn_net *net, const char *attr, sn_partition *out, sn_err *err);
/* A partition from explicit group numbers (0 .. n_groups - 1), for tests and tools. */
sn_status sn_partition_from_groups(uint32_t n_nodes, const uint32_t *group, sn_partition *out,
                                   sn_err *err);
void sn_partition_free(sn_partition *p);

#endif
