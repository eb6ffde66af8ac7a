/*
 * cells.c - which counts of the report's tables are not shown under the
 * small-cell rule (format.h, sni_cells_*): the tables whose total is shown
 * beside their parts go through sn_privacy_cells, so that every writer hides
 * the same cells, primary and secondary, from the same numbers.
 */
#include <stdlib.h>
#include <string.h>

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

int sni_cells_tie_shown(const sn_report *r, size_t tie)
{
    if (!r->privacy || r->privacy->profile != SN_PRIVACY_SHARED || r->privacy->min_cell <= 0)
        return 1;
    return r->an->net.tie_contacts[tie] >= (double)r->privacy->min_cell;
}

size_t sni_cells_ties_left_out(const sn_report *r)
{
    size_t n = 0;
    for (size_t k = 0; k < r->an->net.n_ties; k++)
        n += !sni_cells_tie_shown(r, k);
    return n;
}

/* The count columns of each CSV table (docs/csv-columns.md); "P*": every column beginning P. */
static const struct {
    const char *table;
    const char *const *columns;
} csv_counts[] = {
    {"actors.csv",
     (const char *const[]){"members", "degree_in", "degree_out", "strength_in", "strength_out",
                           "reachable", "brokerage_coordinator", "brokerage_itinerant",
                           "brokerage_representative", "brokerage_gatekeeper", "brokerage_liaison",
                           "brokerage_total", NULL}},
    {"brokerage.csv", (const char *const[]){"raw", NULL}},
    {"cases.csv", (const char *const[]){"contacts", "providers", "services", "organisations",
                                        "transfers", "pingpong", NULL}},
    {"co_serving.csv", (const char *const[]){"shared_cases", NULL}},
    {"contact_matrix.csv", (const char *const[]){"weight", NULL}},
    {"groups.csv", (const char *const[]){"size", "internal_ties", "external_ties",
                                         "internal_weight", "external_weight", NULL}},
    {"meeting_series.csv",
     (const char *const[]){"meetings", "core_participants", "participants", "organisations",
                           "units", "new_pairs", "pairs_with_direct_contact_after", NULL}},
    {"meeting_series_members.csv", (const char *const[]){"meetings_attended", NULL}},
    {"meeting_series_quarters.csv", (const char *const[]){"direct_contacts", NULL}},
    {"meetings.csv", (const char *const[]){"rows", "participants", "organisations", NULL}},
    {"network.csv",
     (const char *const[]){"nodes", "ties", "contacts", "contacts_in_ties", "self_contacts",
                           "within_group_contacts", "below_min_contacts", "largest_weak_component",
                           "isolates", NULL}},
    {"network_contacts_by_type.csv", (const char *const[]){"contacts", NULL}},
    {"temporal_actors.csv", (const char *const[]){"contacts", "baseline_contacts",
                                                  "contacts_before", "contacts_after", NULL}},
    {"temporal_pairs.csv", (const char *const[]){"contacts", "baseline_contacts", "contacts_before",
                                                 "contacts_after", NULL}},
    {"temporal_ties.csv", (const char *const[]){"contacts", "baseline_contacts", "contacts_before",
                                                "contacts_after", NULL}},
    {"ties.csv", (const char *const[]){"weight", "contacts", "contacts_*", NULL}},
    {"window_actors.csv", (const char *const[]){"degree_in", "degree_out", "degree", "strength_in",
                                                "strength_out", "strength", "reachable", NULL}},
    {"window_channels.csv", (const char *const[]){"contacts", NULL}},
    {"windows.csv", (const char *const[]){"contacts", "nodes", "ties", NULL}},
};

const char *const *sni_cells_csv(const char *table)
{
    for (size_t i = 0; i < sizeof csv_counts / sizeof csv_counts[0]; i++)
        if (strcmp(csv_counts[i].table, table) == 0)
            return csv_counts[i].columns;
    return NULL;
}

int sni_cells_csv_count(const char *const *counts, const char *column)
{
    for (; counts && *counts; counts++) {
        size_t n = strlen(*counts);
        if (n && (*counts)[n - 1] == '*' ? strncmp(*counts, column, n - 1) == 0
                                         : strcmp(*counts, column) == 0)
            return 1;
    }
    return 0;
}
