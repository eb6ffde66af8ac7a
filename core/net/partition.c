/* partition.c - node groups from an actor attribute. */
#include "samnett/partition.h"

#include <stdlib.h>
#include <string.h>

static sn_status alloc_partition(uint32_t n, sn_partition *p, sn_err *err)
{
    p->n_nodes = n;
    p->group = calloc(n ? n : 1, sizeof *p->group);
    p->size = calloc(n ? n : 1, sizeof *p->size);
    p->labels = calloc(n ? n : 1, sizeof *p->labels);
    if (!p->group || !p->size || !p->labels) {
        sn_partition_free(p);
        return sn_err_set(err, SN_ENOMEM, "out of memory building a partition");
    }
    return SN_OK;
}

sn_status sn_partition_build(const sn_net *net, const char *attr, sn_partition *p, sn_err *err)
{
    memset(p, 0, sizeof *p);
    sn_status rc = alloc_partition(net->n_nodes, p, err);
    if (rc != SN_OK)
        return rc;
    p->attr = strdup(attr);
    sn_intern *seen = sn_intern_new();
    if (!p->attr || !seen) {
        sn_intern_free(seen);
        sn_partition_free(p);
        return sn_err_set(err, SN_ENOMEM, "out of memory building a partition");
    }
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        const char *value = sn_store_attr_named(net->store, net->node_actor[v], attr);
        if (!value)
            value = "";
        uint32_t g;
        if (sn_intern_add(seen, value, strlen(value), &g) != SN_OK) {
            sn_intern_free(seen);
            sn_partition_free(p);
            return sn_err_set(err, SN_ENOMEM, "out of memory building a partition");
        }
        p->group[v] = g;
        p->size[g]++;
        if (!p->labels[g])
            p->labels[g] = value;
    }
    p->n_groups = sn_intern_count(seen);
    sn_intern_free(seen);
    return SN_OK;
}

sn_status sn_partition_from_groups(uint32_t n_nodes, const uint32_t *group, sn_partition *p,
                                   sn_err *err)
{
    memset(p, 0, sizeof *p);
    sn_status rc = alloc_partition(n_nodes, p, err);
    if (rc != SN_OK)
        return rc;
    for (uint32_t v = 0; v < n_nodes; v++) {
        if (group[v] >= n_nodes) {
            sn_partition_free(p);
            return sn_err_set(err, SN_EUSAGE, "group number %u of node %u is out of range",
                              group[v], v);
        }
        p->group[v] = group[v];
        p->size[group[v]]++;
        if (group[v] + 1 > p->n_groups)
            p->n_groups = group[v] + 1;
        p->labels[group[v]] = "";
    }
    for (uint32_t g = 0; g < p->n_groups; g++)
        if (!p->labels[g])
            p->labels[g] = "";
    return SN_OK;
}

void sn_partition_free(sn_partition *p)
{
    free(p->attr);
    free(p->group);
    free(p->size);
    free(p->labels);
    memset(p, 0, sizeof *p);
}
