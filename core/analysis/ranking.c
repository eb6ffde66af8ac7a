/*
 * ranking.c - the orders the readable report's tables show: nodes by
 * betweenness, type pairs by contacts, groups by E-I, brokers per role and
 * the group pairs' change points by the size of the shift.
 */
#include "ranking.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ranked {
    uint32_t item;
    double key;
} ranked;

/* The largest key first; equal keys in item order. */
static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? 1 : -1;
    return x->item < y->item ? -1 : x->item > y->item;
}

/* The n items of v, sorted, into *out (a new array). */
static sn_status order(ranked *v, size_t n, uint32_t **out, sn_err *err)
{
    qsort(v, n, sizeof *v, cmp_ranked);
    *out = malloc((n ? n : 1) * sizeof **out);
    if (!*out)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        (*out)[i] = v[i].item;
    return SN_OK;
}

sn_status sni_rankings_compute(sn_analysis *a, sn_err *err)
{
    sn_rankings *rk = &a->ranks;
    const sn_net *net = &a->net;
    const sn_mix *mix = &a->type_mix;
    memset(rk, 0, sizeof *rk);
    size_t cap = net->n_nodes, cells = (size_t)mix->n_groups * mix->n_groups;
    if (cells > cap)
        cap = cells;
    for (size_t p = 0; p < a->n_partitions; p++)
        if (a->silos[p].n_groups > cap)
            cap = a->silos[p].n_groups;
    ranked *v = malloc((cap ? cap : 1) * sizeof *v);
    if (!v)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    sn_status rc = SN_OK;
    const double *betweenness = a->metrics.node.betweenness;
    if (betweenness) {
        for (uint32_t i = 0; i < net->n_nodes; i++)
            v[i] = (ranked){i, betweenness[i]};
        rc = order(v, net->n_nodes, &rk->betweenness, err);
    }
    if (rc == SN_OK && a->has_type_mix) {
        size_t nv = 0;
        for (size_t i = 0; i < cells; i++)
            if (mix->contacts[i] > 0)
                v[nv++] = (ranked){(uint32_t)i, mix->contacts[i]};
        rk->n_type_pairs = nv;
        rc = order(v, nv, &rk->type_pairs, err);
    }
    for (size_t p = 0; rc == SN_OK && p < a->n_partitions; p++) {
        const sn_silo *s = &a->silos[p];
        uint32_t nv = 0;
        for (uint32_t g = 0; g < s->n_groups; g++)
            if (s->groups[g].internal + s->groups[g].external > 0)
                v[nv++] = (ranked){g, -s->groups[g].ei};
        rk->n_silo_groups[p] = nv;
        rc = order(v, nv, &rk->silo_groups[p], err);
    }
    const sn_brokerage *b = &a->brokerage;
    for (int role = 0; rc == SN_OK && b->raw && role < SN_ROLE_TOTAL; role++) {
        uint32_t nv = 0;
        for (uint32_t i = 0; i < net->n_nodes; i++)
            if (b->raw[(size_t)i * SN_ROLES + (size_t)role] > 0)
                v[nv++] = (ranked){i, b->raw[(size_t)i * SN_ROLES + (size_t)role]};
        rk->n_brokers[role] = nv;
        rc = order(v, nv, &rk->brokers[role], err);
    }
    free(v);
    if (rc != SN_OK)
        sni_rankings_free(rk);
    return rc;
}

void sni_rankings_free(sn_rankings *rk)
{
    free(rk->betweenness);
    free(rk->type_pairs);
    for (size_t p = 0; p < SN_MAX_PARTITIONS; p++)
        free(rk->silo_groups[p]);
    for (int role = 0; role < SN_ROLES; role++)
        free(rk->brokers[role]);
    memset(rk, 0, sizeof *rk);
}

typedef struct shift {
    const sn_change_point *cp;
    sn_shift at;
} shift;

/* The largest shift in rate first; equal shifts, the earlier first. */
static int cmp_shift(const void *a, const void *b)
{
    const shift *x = a, *y = b;
    double dx = fabs(x->cp->rate_after - x->cp->rate_before);
    double dy = fabs(y->cp->rate_after - y->cp->rate_before);
    if (dx != dy)
        return dx < dy ? 1 : -1;
    return x->cp->time < y->cp->time ? -1 : x->cp->time > y->cp->time;
}

sn_status sni_shifts_compute(sn_analysis *a, sn_err *err)
{
    const sn_temporal *T = &a->temporal;
    size_t n = 0;
    for (size_t p = 0; p < T->n_pairs; p++)
        n += T->pairs[p].cps.n;
    shift *v = malloc((n ? n : 1) * sizeof *v);
    a->shifts = malloc((n ? n : 1) * sizeof *a->shifts);
    if (!v || !a->shifts) {
        free(v);
        free(a->shifts);
        a->shifts = NULL;
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t p = 0; p < T->n_pairs; p++)
        for (size_t i = 0; i < T->pairs[p].cps.n; i++)
            v[k++] = (shift){&T->pairs[p].cps.cp[i], {p, i}};
    qsort(v, k, sizeof *v, cmp_shift);
    for (size_t i = 0; i < k; i++)
        a->shifts[i] = v[i].at;
    a->n_shifts = k;
    free(v);
    return SN_OK;
}
