/*
 * samnett/mixing.h - who talks to whom: contacts between groups of actors.
 *
 * Groups come from an actor attribute (type, organisation, unit, rank,
 * profession or an extra column). Contacts are counted at actor level with
 * the view's time and channel filters; self-contacts are left out, and so
 * are meeting rows when the view's meeting mode is off (with the projection
 * they count as the rows they are).
 * O(contacts + groups^2).
 */
#ifndef SAMNETT_MIXING_H
#define SAMNETT_MIXING_H

#include "samnett/error.h"
#include "samnett/net.h"

typedef struct sn_mix {
    uint32_t n_groups;
    const char **labels; /* group names (owned by the store); "" for none */
    double *contacts;    /* n_groups * n_groups, row = from group, column = to group */
    double total;
} sn_mix;

sn_status sn_mix_compute(const sn_net *net, const char *attr, sn_mix *out, sn_err *err);
void sn_mix_free(sn_mix *m);

#endif
