/*
 * cells.c - which counts of the report's tables are not shown under the
 * small-cell rule (format.h, sni_cells_*): the tables whose total is shown
 * beside their parts go through sn_privacy_cells, so that every writer hides
 * the same cells, primary and secondary, from the same numbers.
 */
#include <stdlib.h>

#include "samnett/analysis.h"
#include "samnett/privacy.h"
#include "format.h"

int sni_cells_on(const sn_report *r)
{
    return r && r->privacy && r->privacy->min_cell > 0;
}

int sni_cells_count(const sn_report *r, double x)
{
    return r ? sn_privacy_suppressed(r->privacy, x) : 0;
}

/* One row of n counts with its total shown; flags all SN_CELL_SHOWN when the rule is off. */
static void one_row(const sn_report *r, const double *x, size_t n, unsigned char *flags)
{
    if (!sni_cells_on(r)) {
        for (size_t i = 0; i < n; i++)
            flags[i] = SN_CELL_SHOWN;
        return;
    }
    sn_privacy_cells(r->privacy, x, 1, n, 1, 0, flags);
}

int sni_cells_tie_channels(const sn_report *r, size_t tie, unsigned char *flags)
{
    const sn_tie_details *d = &r->ties->details;
    double *x = malloc((d->n_channels ? d->n_channels : 1) * sizeof *x);
    if (!x)
        return -1;
    for (uint32_t c = 0; c < d->n_channels; c++)
        x[c] = (double)d->channels[tie * d->n_channels + c];
    one_row(r, x, d->n_channels, flags);
    free(x);
    return 0;
}

int sni_cells_by_type(const sn_report *r, unsigned char **flags)
{
    const sn_mix *m = &r->an->type_mix;
    size_t n = (size_t)m->n_groups * m->n_groups;
    *flags = calloc(n ? n : 1, 1);
    if (!*flags)
        return -1;
    one_row(r, m->contacts, n, *flags);
    return 0;
}

int sni_cells_silo_matrix(const sn_report *r, size_t i, unsigned char **flags)
{
    const sn_silo *s = &r->an->silos[i];
    size_t n = (size_t)s->n_groups * s->n_groups;
    *flags = NULL;
    if (!s->matrix)
        return 0;
    *flags = calloc(n ? n : 1, 1);
    if (!*flags)
        return -1;
    if (sni_cells_on(r))
        sn_privacy_cells(r->privacy, s->matrix, s->n_groups, s->n_groups, 1, 1, *flags);
    return 0;
}

void sni_cells_bti(const sn_report *r, unsigned char flags[3])
{
    const sn_cases *c = &r->an->cases;
    double x[3] = {(double)c->bti[1], (double)c->bti[2], (double)c->bti[3]};
    one_row(r, x, 3, flags);
}

void sni_cells_handoff(const sn_report *r, unsigned char flags[SN_HANDOFF_COUNT])
{
    const sn_cases *c = &r->an->cases;
    double x[SN_HANDOFF_COUNT];
    for (int h = 0; h < SN_HANDOFF_COUNT; h++)
        x[h] = h == SN_HANDOFF_NONE ? 0 : (double)c->handoff[h];
    one_row(r, x, SN_HANDOFF_COUNT, flags);
    flags[SN_HANDOFF_NONE] =
        sni_cells_count(r, (double)c->handoff[SN_HANDOFF_NONE]) ? SN_CELL_PRIMARY : SN_CELL_SHOWN;
}

int sni_cells_window_channels(const sn_report *r, size_t w, unsigned char *flags)
{
    const sn_temporal *t = &r->an->temporal;
    double *x = malloc((t->n_channels ? t->n_channels : 1) * sizeof *x);
    if (!x)
        return -1;
    for (size_t k = 0; k < t->n_channels; k++)
        x[k] = (double)t->windows[w].channel_contacts[k];
    one_row(r, x, t->n_channels, flags);
    free(x);
    return 0;
}

void sni_cells_brokerage(const sn_report *r, const double *raw, unsigned char flags[SN_ROLES])
{
    one_row(r, raw, SN_ROLE_TOTAL, flags);
    flags[SN_ROLE_TOTAL] = sni_cells_count(r, raw[SN_ROLE_TOTAL]) ? SN_CELL_PRIMARY : SN_CELL_SHOWN;
}
