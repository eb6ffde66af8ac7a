/*
 * reid.c - the re-identification check of a shared report: how many actors
 * are the only one of their (type, organisation, degree band), and the
 * degrees and strengths of the analysis coarsened when too many are.
 */
#include "samnett/analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The lower bounds of the degree bands, ascending (the last band is open). */
static const double band_floor[] = {0, 1, 3, 5, 10, 20, 50, 100};
#define N_BANDS (sizeof band_floor / sizeof band_floor[0])

int sn_analysis_reid_band(double degree)
{
    int b = 0;
    while ((size_t)(b + 1) < N_BANDS && degree >= band_floor[b + 1])
        b++;
    return b;
}

double sn_analysis_reid_floor(double degree)
{
    return band_floor[sn_analysis_reid_band(degree)];
}

typedef struct reid_key {
    uint32_t type, org;
    int band;
} reid_key;

static int key_cmp(const void *pa, const void *pb)
{
    const reid_key *a = pa, *b = pb;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    if (a->org != b->org)
        return a->org < b->org ? -1 : 1;
    return (a->band > b->band) - (a->band < b->band);
}

/* x rounded down to a multiple of step (NaN and negatives left as they are). */
static double floor_to(double x, double step)
{
    return x > 0 ? floor(x / step) * step : x;
}

static void coarsen_column(double *v, size_t n, size_t stride, int degree, int coarse)
{
    for (size_t i = 0; v && i < n; i++) {
        double *x = v + i * stride;
        if (degree)
            *x = coarse ? sn_analysis_reid_floor(*x) : *x;
        else
            *x = floor_to(*x, coarse ? SN_REID_STRENGTH_COARSE : SN_REID_STRENGTH_STEP);
    }
}

/* The same on the time windows' node measures (the columns named degree_* and strength_*). */
static void coarsen_windows(sn_temporal *t, int coarse)
{
    for (int c = 0; c < t->n_metric_columns; c++) {
        const char *name = t->metric_columns[c];
        int degree = strncmp(name, "degree_", 7) == 0;
        if (!degree && strncmp(name, "strength_", 9) != 0)
            continue;
        for (size_t w = 0; w < t->n_windows; w++) {
            sn_window *win = &t->windows[w];
            if (win->values)
                coarsen_column(win->values + c, win->n_active, (size_t)t->n_metric_columns, degree,
                               coarse);
        }
    }
}

sn_status sn_analysis_privacy(sn_analysis *an, const sn_store *s, sn_privacy *p, sn_err *err)
{
    if (!p || p->profile != SN_PRIVACY_SHARED)
        return SN_OK;
    if (!(p->reid_threshold > 0))
        p->reid_threshold = SN_REID_THRESHOLD;
    const sn_node_metrics *m = &an->metrics.node;
    if (!m->degree_in || !m->degree_out)
        return SN_OK; /* no node measures (deferred): nothing shown to check */
    const sn_net *net = &an->net;
    reid_key *keys = malloc((net->n_nodes ? net->n_nodes : 1) * sizeof *keys);
    if (!keys)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    size_t n = 0;
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        /* a person: every node at the actor level, a group of one actor above it */
        if (net->opts.level != SN_LEVEL_ACTOR && net->node_size[v] != 1)
            continue;
        uint32_t actor = net->node_actor[v];
        keys[n].type = s->actors[actor].attr[SN_ATTR_TYPE];
        keys[n].org = s->actors[actor].attr[SN_ATTR_ORGANISATION];
        keys[n].band = sn_analysis_reid_band(m->degree_in[v] + m->degree_out[v]);
        n++;
    }
    qsort(keys, n, sizeof *keys, key_cmp);
    long unique = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && key_cmp(&keys[i], &keys[j]) == 0)
            j++;
        unique += j - i == 1;
        i = j;
    }
    free(keys);
    p->reid_checked = 1;
    p->reid_actors = (long)n;
    p->reid_unique = unique;
    p->reid_coarsened = n > 0 && (double)unique / (double)n > p->reid_threshold;

    int coarse = p->reid_coarsened;
    sn_node_metrics *w = &an->metrics.node;
    coarsen_column(w->degree_in, net->n_nodes, 1, 1, coarse);
    coarsen_column(w->degree_out, net->n_nodes, 1, 1, coarse);
    coarsen_column(w->strength_in, net->n_nodes, 1, 0, coarse);
    coarsen_column(w->strength_out, net->n_nodes, 1, 0, coarse);
    if (an->has_temporal)
        coarsen_windows(&an->temporal, coarse);
    return SN_OK;
}
