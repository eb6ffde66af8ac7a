/* csv.c - the analysis as CSV tables in a folder (see sn_report_csv in samnett/output.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samnett/output.h"
#include "samnett/privacy.h"
#include "events_out.h"
#include "format.h"
#include "lens_out.h"
#include "temporal_out.h"

static const char *const node_metric_names[] = {
    "degree_in", "degree_out", "strength_in", "strength_out",   "betweenness",
    "closeness", "harmonic",   "reachable",   "pagerank",       "eigenvector",
    "hub",       "authority",  "constraint",  "effective_size", "efficiency",
};

static double node_metric(const sn_node_metrics *m, int k, uint32_t v)
{
    const double *cols[] = {m->degree_in,   m->degree_out,     m->strength_in, m->strength_out,
                            m->betweenness, m->closeness,      m->harmonic,    NULL,
                            m->pagerank,    m->eigenvector,    m->hub,         m->authority,
                            m->constraint,  m->effective_size, m->efficiency};
    return cols[k] ? cols[k][v] : (double)m->reachable[v];
}

/*
 * An extra actor attribute named as another column of actors.csv is
 * written as attr_NAME (as in the network files).
 */
static int actor_column_taken(const char *name)
{
    static const char *const own[] = {"id",         "level",       "organisation", "members",
                                      "unit",       "name",        "type",         "rank",
                                      "profession", "auto_created"};
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
        if (strcmp(own[k], name) == 0)
            return 1;
    for (size_t k = 0; k < sizeof node_metric_names / sizeof node_metric_names[0]; k++)
        if (strcmp(node_metric_names[k], name) == 0)
            return 1;
    return strncmp(name, "brokerage_", 10) == 0 || strncmp(name, "attr_", 5) == 0;
}

/*
 * One row per node. At every level: id, level, organisation, members, the
 * node measures and the brokerage; between members and the measures the
 * level's own columns: unit (unit and actor level), then at the actor level
 * name, type, rank, profession, auto_created and every extra column of the
 * actors file.
 */
static void actors_table(const sn_report *r, FILE *f)
{
    const sn_analysis *an = r->an;
    const sn_net *net = &an->net;
    const sn_store *s = r->store;
    int actor_level = net->opts.level == SN_LEVEL_ACTOR;
    int unit_level = net->opts.level == SN_LEVEL_UNIT;
    const int n_metrics = (int)(sizeof node_metric_names / sizeof node_metric_names[0]);
    static const sn_attr own_attrs[] = {SN_ATTR_NAME, SN_ATTR_TYPE, SN_ATTR_RANK,
                                        SN_ATTR_PROFESSION};
    const size_t n_own = sizeof own_attrs / sizeof own_attrs[0];
    sni_extras x;
    if (sni_out_extras_find(r, &x) != 0) {
        sni_out_table_failed();
        return;
    }
    fputs("id,level,organisation,members", f);
    if (actor_level || unit_level)
        fputs(",unit", f);
    /* under shared no actor has a name or profession: the columns are left out */
    int shared = r->privacy && r->privacy->profile == SN_PRIVACY_SHARED;
    if (actor_level) {
        fputs(shared ? ",type,rank,auto_created" : ",name,type,rank,profession,auto_created", f);
        for (uint32_t i = 0; i < x.n; i++) {
            const char *name = sn_intern_str(s->strings, x.key[i]);
            char col[512];
            snprintf(col, sizeof col, "%s%s", actor_column_taken(name) ? "attr_" : "", name);
            fputc(',', f);
            sni_out_field(f, col);
        }
    }
    for (int k = 0; k < n_metrics; k++)
        fprintf(f, ",%s", node_metric_names[k]);
    for (int role = 0; role < SN_ROLES; role++)
        fprintf(f, ",brokerage_%s,brokerage_%s_z", sn_role_name(role), sn_role_name(role));
    fputc('\n', f);
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        uint32_t actor = net->node_actor[v];
        sni_out_field(f, sn_net_label(net, v));
        fprintf(f, ",%s,", sn_level_name(net->opts.level));
        sni_out_field(f, sn_store_attr(s, actor, SN_ATTR_ORGANISATION));
        fprintf(f, ",%u", net->node_size[v]);
        if (actor_level || unit_level) {
            fputc(',', f);
            sni_out_field(f, sn_store_attr(s, actor, SN_ATTR_UNIT));
        }
        if (actor_level) {
            for (size_t a = 0; a < n_own; a++) {
                if (shared && (own_attrs[a] == SN_ATTR_NAME || own_attrs[a] == SN_ATTR_PROFESSION))
                    continue;
                fputc(',', f);
                sni_out_field(f, sn_store_attr(s, actor, own_attrs[a]));
            }
            fputs(s->actors[actor].auto_created ? ",true" : ",false", f);
            for (uint32_t i = 0; i < x.n; i++) {
                const char *val = sni_out_extra_value(s, actor, x.key[i]);
                fputc(',', f);
                sni_out_field(f, val ? val : "");
            }
        }
        for (int k = 0; k < n_metrics; k++) {
            fputc(',', f);
            sni_out_number(f, node_metric(&an->metrics.node, k, v));
        }
        for (int role = 0; role < SN_ROLES && an->not_meaningful[0]; role++)
            fputs(",,", f);                 /* no organisations: no brokerage between them */
        unsigned char hide[SN_ROLES] = {0}; /* the raw counts with their total shown */
        if (!an->not_meaningful[0])
            sni_cells_brokerage(r, an->brokerage.raw + (size_t)v * SN_ROLES, hide);
        for (int role = 0; role < SN_ROLES && !an->not_meaningful[0]; role++) {
            size_t i = (size_t)v * SN_ROLES + (size_t)role;
            fputc(',', f);
            sni_out_count_cell(f, an->brokerage.raw[i], hide[role]);
            fputc(',', f);
            sni_out_number(f, an->brokerage.z[i]);
        }
        fputc('\n', f);
    }
    free(x.key);
}

static void groups_table(const sn_report *r, FILE *f)
{
    fputs("partition,group,size,internal_ties,external_ties,internal_weight,external_weight,ei,"
          "ei_weighted\n",
          f);
    for (size_t i = 0; i < r->an->n_partitions; i++) {
        const sn_partition *p = &r->an->partitions[i];
        const sn_silo *s = &r->an->silos[i];
        if (r->an->not_meaningful[i])
            continue; /* no groups: provenance.csv says why */
        for (uint32_t g = 0; g < s->n_groups; g++) {
            const sn_silo_group *sg = &s->groups[g];
            sni_out_field(f, p->attr);
            fputc(',', f);
            sni_out_field(f, p->labels[g]);
            fprintf(f, ",%u,", p->size[g]);
            const double v[] = {sg->internal,        sg->external, sg->internal_weight,
                                sg->external_weight, sg->ei,       sg->ei_weighted};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
                if (k)
                    fputc(',', f);
                sni_out_number(f, v[k]);
            }
            fputc('\n', f);
        }
    }
}

static void brokerage_table(const sn_report *r, FILE *f)
{
    const sn_brokerage *b = &r->an->brokerage;
    fputs("id,partition,role,raw,expected,z\n", f);
    for (uint32_t v = 0; !r->an->not_meaningful[0] && v < r->an->net.n_nodes; v++) {
        unsigned char hide[SN_ROLES]; /* the raw counts with their total shown */
        sni_cells_brokerage(r, b->raw + (size_t)v * SN_ROLES, hide);
        for (int role = 0; role < SN_ROLES; role++) {
            size_t i = (size_t)v * SN_ROLES + (size_t)role;
            sni_out_field(f, sn_net_label(&r->an->net, v));
            fputc(',', f);
            sni_out_field(f, r->an->partitions[0].attr);
            fprintf(f, ",%s,", sn_role_name(role));
            sni_out_count_cell(f, b->raw[i], hide[role]);
            fputc(',', f);
            sni_out_number(f, b->expected[i]);
            fputc(',', f);
            sni_out_number(f, b->z[i]);
            fputc('\n', f);
        }
    }
}

static void matrix_table(const sn_report *r, FILE *f)
{
    fputs("partition,from_group,to_group,weight\n", f);
    for (size_t i = 0; i < r->an->n_partitions; i++) {
        const sn_partition *p = &r->an->partitions[i];
        const sn_silo *s = &r->an->silos[i];
        if (!s->matrix || r->an->not_meaningful[i])
            continue;               /* too many groups for a dense matrix */
        unsigned char *hide = NULL; /* the small-cell rule with the groups' totals shown */
        if (sni_cells_on(r) && sni_cells_silo_matrix(r, i, &hide) != 0) {
            sni_out_table_failed();
            return;
        }
        for (uint32_t g = 0; g < s->n_groups; g++)
            for (uint32_t h = 0; h < s->n_groups; h++) {
                double w = s->matrix[(size_t)g * s->n_groups + h];
                int hidden = hide && hide[(size_t)g * s->n_groups + h];
                if (w == 0 && !hidden) /* a zero hidden with a cell is listed, hidden */
                    continue;
                sni_out_field(f, p->attr);
                fputc(',', f);
                sni_out_field(f, p->labels[g]);
                fputc(',', f);
                sni_out_field(f, p->labels[h]);
                fputc(',', f);
                sni_out_count_cell(f, w, hidden);
                fputc('\n', f);
            }
        free(hide);
    }
}

sn_status sn_report_csv(const sn_report *r, const char *dir, sn_err *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return sn_err_set(err, SN_EIO, "%s: cannot create: %s", dir, strerror(errno));
    static const sn_out_table_spec tables[] = {
        {"actors.csv", actors_table},
        {"groups.csv", groups_table},
        {"brokerage.csv", brokerage_table},
        {"contact_matrix.csv", matrix_table},
        {"provenance.csv", sni_provenance_table},
    };
    sn_status rc = sni_out_tables(r, dir, tables, sizeof tables / sizeof tables[0], err);
    if (rc == SN_OK)
        rc = sni_network_csv(r, dir, err);
    if (rc == SN_OK && r->ties) {
        static const sn_out_table_spec ties[] = {{"ties.csv", sni_ties_table}};
        rc = sni_out_tables(r, dir, ties, 1, err);
    }
    if (rc != SN_OK)
        return rc;
    rc = sni_events_csv(r, dir, err);
    if (rc == SN_OK && r->an->has_temporal)
        rc = sni_temporal_csv(r, dir, err);
    if (rc == SN_OK && r->lenses) {
        if (r->lenses_wait)
            r->lenses_wait(r->lenses_ud);
        rc = sni_lens_csv(r, dir, err);
    }
    return rc;
}
