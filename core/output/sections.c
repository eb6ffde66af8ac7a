/*
 * sections.c - the report's `input`, `network` and `silo` sections, in the
 * report's form and in the summary form samnett watch repeats in its lines
 * (samnett/output.h). One builder per section, so the two cannot drift apart.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/output.h"
#include "samnett/time.h"
#include "format.h"

/* Members are added with sni_out_set; any failure marks the section bad. */
#define SET(o, k, v) (bad |= sni_out_set((o), (k), (v)) != 0)
#define APPEND(a, v) (bad |= sni_out_append((a), (v)) != 0)

/*
 * The counts of each section (the small-cell rule, sni_out_cells): every
 * whole-number count of contacts, rows, actors and ties, and the tie weights
 * (contact counts under the default weight).
 */
static const char *const input_counts[] = {"actors",
                                           "actors_auto_created",
                                           "contact_rows",
                                           "contacts",
                                           "rejected",
                                           "self_contacts",
                                           "local_times",
                                           "ambiguous_times",
                                           "nonexistent_times",
                                           "warnings",
                                           "ids_merged",
                                           NULL};
static const char *const network_counts[] = {"nodes",
                                             "ties",
                                             "contacts",
                                             "contacts_in_ties",
                                             "self_contacts",
                                             "within_group_contacts",
                                             "below_min_contacts",
                                             "largest_weak_component",
                                             "isolates",
                                             "articulation_points",
                                             NULL};
static const char *const silo_counts[] = {
    "size", "internal", "external", "internal_weight", "external_weight", "weights", NULL};

/* The section o, or NULL (freed, err set) when a part of it could not be built. */
static json_t *finish(json_t *o, int bad, const char *key, sn_section_form form, sn_err *err)
{
    if (o && !bad)
        return o;
    json_decref(o);
    sn_err_set(err, SN_ENOMEM,
               "cannot build `%.60s` of the %s: out of memory, or text that is not UTF-8", key,
               form == SN_SECTION_REPORT ? "JSON report" : "summary");
    return NULL;
}

static json_t *input_json(const sn_report *r, sn_section_form form, sn_err *err)
{
    const sn_store *s = r->store;
    int full = form == SN_SECTION_REPORT, bad = 0, any = s->n > 0;
    json_t *o = json_object();
    if (full) {
        json_t *files = json_array();
        for (size_t i = 0; i < r->n_inputs; i++)
            APPEND(files, json_string(r->inputs[i]));
        SET(o, "sources", files);
        /* the encoding each file was read in (the demo's files by name: their folder is
           temporary) */
        int demo = r->n_inputs == 1 && strcmp(r->inputs[0], "demo") == 0;
        json_t *enc = json_object();
        for (size_t i = 0; enc && i < s->n_encodings; i++) {
            const char *name = sn_intern_str(s->strings, s->encodings[i].file);
            const char *slash = demo ? strrchr(name, '/') : NULL;
            if (json_object_set_new(enc, slash ? slash + 1 : name,
                                    json_string(s->encodings[i].encoding)) != 0)
                bad = 1;
        }
        SET(o, "encodings", enc);
    }
    SET(o, "files", json_integer((json_int_t)s->files));
    SET(o, "actors", json_integer((json_int_t)(s->n_actors - (size_t)s->auto_actors)));
    SET(o, "actors_auto_created", json_integer((json_int_t)s->auto_actors));
    SET(o, "contact_rows", json_integer((json_int_t)s->rows_read));
    SET(o, "contacts", json_integer((json_int_t)sn_store_contacts(s)));
    SET(o, "rejected", json_integer((json_int_t)s->rejected));
    SET(o, "self_contacts", json_integer((json_int_t)s->self_contacts));
    SET(o, "time_zone", json_string(sn_tz_name(sn_tz_current())));
    SET(o, "local_times", json_integer((json_int_t)s->local_times));
    SET(o, "ambiguous_times", json_integer((json_int_t)s->ambiguous_times));
    SET(o, "nonexistent_times", json_integer((json_int_t)s->nonexistent_times));
    if (full)
        SET(o, "warnings", json_integer((json_int_t)(r->diag ? r->diag->warnings : 0)));
    if (full) { /* every message of each kind, shown or not */
        json_t *kinds = json_object();
        for (int i = 0; r->diag && i < r->diag->n_kinds; i++)
            SET(kinds, r->diag->kinds[i].kind, json_integer((json_int_t)r->diag->kinds[i].count));
        sni_out_cells(r, kinds, sni_cells_all); /* rows with each kind of message */
        SET(o, "messages", kinds);
    }
    SET(o, "first_time", sni_out_time(s->first_time, any));
    SET(o, "last_time", sni_out_time(s->last_time, any));
    if (full) /* actor id spellings merged by trimming or Unicode normal form C */
        SET(o, "ids_merged", json_integer((json_int_t)s->ids_merged));
    if (s->tie_bucket >= 0) { /* a tie table: what it cannot give (docs/ties-columns.md) */
        json_t *un = json_array();
        for (const char *const *u = sn_report_ties_unavailable; *u; u++)
            APPEND(un, json_string(*u));
        SET(o, "kind", json_string("ties"));
        SET(o, "bucket", json_string(sn_bucket_name((sn_bucket)s->tie_bucket)));
        SET(o, "tie_rows", json_integer((json_int_t)s->n));
        SET(o, "unavailable", un);
    }
    sni_out_cells(r, o, input_counts);
    return finish(o, bad, "input", form, err);
}

/* The network's filters, as the report gives them. */
static json_t *filters_json(const sn_net *net)
{
    const sn_view_opts *o = &net->opts;
    int bad = 0;
    json_t *channels = json_array();
    if (o->has_channels)
        for (int c = 0; c <= SN_CHANNEL_MAX; c++)
            if (o->channels[c] && (uint32_t)c < sn_intern_count(net->store->channels))
                APPEND(channels, json_string(sn_channel_name(net->store, (uint8_t)c)));
    json_t *f = json_object();
    SET(f, "since", sni_out_time(o->since, o->has_since));
    SET(f, "until", sni_out_time(o->until, o->has_until));
    SET(f, "time_zone", json_string(sn_tz_name(sn_tz_current())));
    char lt[48];
    if (o->has_since)
        sn_time_format_zone(sn_tz_current(), o->since, lt, sizeof lt);
    SET(f, "since_local", o->has_since ? json_string(lt) : json_null());
    if (o->has_until)
        sn_time_format_zone(sn_tz_current(), o->until, lt, sizeof lt);
    SET(f, "until_local", o->has_until ? json_string(lt) : json_null());
    SET(f, "channels", channels);
    SET(f, "min_contacts", json_integer((json_int_t)(o->min_contacts > 1 ? o->min_contacts : 1)));
    /* schema 1 spells sum "weight_sum"; sn_weight_mode_parse reads it back */
    SET(f, "tie_weight", json_string(o->weight == SN_WEIGHT_SUM ? "weight_sum" : "contacts"));
    if (bad) {
        json_decref(f);
        return NULL;
    }
    return f;
}

/*
 * Contacts from one actor type to another (the analysis's type_mix), the
 * non-zero ones; under the small-cell rule with the network's contacts as
 * their total (sni_cells_by_type).
 */
static json_t *by_type_json(const sn_report *r, const sn_mix *mix)
{
    int bad = 0;
    unsigned char *hide = NULL;
    if (sni_cells_on(r) && sni_cells_by_type(r, &hide) != 0)
        return NULL;
    json_t *by_type = json_array();
    for (uint32_t a = 0; a < mix->n_groups; a++)
        for (uint32_t b = 0; b < mix->n_groups; b++) {
            size_t cell = (size_t)a * mix->n_groups + b;
            double c = mix->contacts[cell];
            if (c > 0) {
                json_t *e = json_pack("{s:s, s:s, s:o}", "from_type", mix->labels[a], "to_type",
                                      mix->labels[b], "contacts", sni_out_count(c));
                if (e && hide && hide[cell])
                    sni_out_hide(e, "contacts");
                APPEND(by_type, e);
            }
        }
    free(hide);
    if (bad) {
        json_decref(by_type);
        return NULL;
    }
    return by_type;
}

static json_t *network_json(const sn_report *r, sn_section_form form, sn_err *err)
{
    const sn_analysis *an = r->an;
    const sn_net *net = &an->net;
    const sn_net_metrics *nm = &an->metrics.net;
    int full = form == SN_SECTION_REPORT, bad = 0;
    if (full && !an->has_type_mix) {
        sn_err_set(err, SN_EANALYSIS,
                   "the report needs the contacts by type, which the analysis left out");
        return NULL;
    }
    json_t *o = json_object();
    SET(o, "level", json_string(sn_level_name(net->opts.level)));
    if (full)
        SET(o, "filters", filters_json(net));
    SET(o, "nodes", json_integer((json_int_t)net->n_nodes));
    SET(o, "ties", json_integer((json_int_t)net->n_ties));
    SET(o, "contacts", json_integer((json_int_t)net->contacts_in_window));
    SET(o, "contacts_in_ties", json_integer((json_int_t)net->contacts_in_ties));
    SET(o, "self_contacts", json_integer((json_int_t)net->self_contacts));
    if (full) {
        SET(o, "within_group_contacts", json_integer((json_int_t)net->within_group));
        SET(o, "below_min_contacts", json_integer((json_int_t)net->below_threshold));
    }
    SET(o, "density", sni_out_num(nm->density));
    SET(o, "reciprocity", sni_out_num(nm->reciprocity));
    SET(o, "dyadic_reciprocity", sni_out_num(nm->dyadic_reciprocity));
    SET(o, "weak_components", json_integer((json_int_t)nm->weak_components));
    SET(o, "strong_components", json_integer((json_int_t)nm->strong_components));
    SET(o, "largest_weak_component", json_integer((json_int_t)nm->largest_weak));
    SET(o, "isolates", json_integer((json_int_t)nm->isolates));
    if (full)
        SET(o, "contacts_by_type", by_type_json(r, &an->type_mix));
    json_t *c = json_object();
    SET(c, "degree_in", sni_out_num(nm->centralization_degree_in));
    SET(c, "degree_out", sni_out_num(nm->centralization_degree_out));
    SET(c, "degree_all", sni_out_num(nm->centralization_degree_all));
    if (full) /* it needs the node measures, which a summary does not have */
        SET(c, "betweenness", sni_out_num(nm->centralization_betweenness));
    SET(o, "centralization", c);
    if (full) {
        json_t *art = json_array();
        for (size_t i = 0; i < nm->n_articulation; i++)
            APPEND(art, json_string(sn_net_label(net, nm->articulation[i])));
        SET(o, "articulation_points", art);
    } else {
        SET(o, "articulation_points", json_integer((json_int_t)nm->n_articulation));
    }
    sni_out_cells(r, o, network_counts);
    return finish(o, bad, "network", form, err);
}

/* The silo measures of each group of partition p, as the report gives them. */
static json_t *groups_json(const sn_partition *p, const sn_silo *s)
{
    int bad = 0;
    json_t *groups = json_array();
    for (uint32_t g = 0; g < s->n_groups; g++) {
        const sn_silo_group *sg = &s->groups[g];
        APPEND(groups,
               json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "name", p->labels[g], "size",
                         (json_int_t)p->size[g], "internal", sni_out_count(sg->internal),
                         "external", sni_out_count(sg->external), "internal_weight",
                         sni_out_num(sg->internal_weight), "external_weight",
                         sni_out_num(sg->external_weight), "ei", sni_out_num(sg->ei), "ei_weighted",
                         sni_out_num(sg->ei_weighted)));
    }
    if (bad) {
        json_decref(groups);
        return NULL;
    }
    return groups;
}

/* The tie weights between the groups of p; null when the silo measures left it out. */
static json_t *matrix_json(const sn_report *r, size_t i)
{
    const sn_partition *p = &r->an->partitions[i];
    const sn_silo *s = &r->an->silos[i];
    if (!s->matrix) /* left out for partitions with very many groups */
        return json_null();
    /* the small-cell rule with each group's total shown (sni_cells_silo_matrix) */
    unsigned char *hide = NULL;
    if (sni_cells_on(r) && sni_cells_silo_matrix(r, i, &hide) != 0)
        return NULL;
    int bad = 0, hidden = 0;
    json_t *names = json_array(), *rows = json_array();
    for (uint32_t g = 0; g < s->n_groups; g++) {
        APPEND(names, json_string(p->labels[g]));
        json_t *row = json_array();
        for (uint32_t h = 0; h < s->n_groups; h++) {
            size_t cell = (size_t)g * s->n_groups + h;
            int off = hide && hide[cell];
            hidden |= off;
            APPEND(row, off ? json_null() : sni_out_num(s->matrix[cell]));
        }
        APPEND(rows, row);
    }
    free(hide);
    json_t *m = json_object();
    SET(m, "groups", names);
    SET(m, "weights", rows);
    if (hidden)
        SET(m, "weights_suppressed", json_true());
    if (bad) {
        json_decref(m);
        return NULL;
    }
    return m;
}

static json_t *silo_json(const sn_report *r, size_t i, sn_section_form form, sn_err *err)
{
    const sn_partition *p = &r->an->partitions[i];
    const sn_silo *s = &r->an->silos[i];
    int full = form == SN_SECTION_REPORT, bad = 0;
    json_t *o = json_object();
    const char *why = r->an->not_meaningful[i];
    if (why) { /* every node in one group '': no silo to measure */
        static const char *const keys[] = {"ei",
                                           "ei_weighted",
                                           "ei_p",
                                           "modularity",
                                           "assortativity",
                                           "cross_share_ties",
                                           "cross_share_contacts",
                                           "nmi"};
        SET(o, "not_meaningful", json_string(why));
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            SET(o, keys[k], json_null());
        SET(o, "groups", full ? json_array() : json_integer(0));
        if (full)
            SET(o, "matrix", json_null());
        return finish(o, bad, p->attr, form, err);
    }
    SET(o, "ei", sni_out_num(s->ei));
    SET(o, "ei_weighted", sni_out_num(s->ei_weighted));
    SET(o, "ei_p", sni_out_num(s->ei_p));
    if (full)
        SET(o, "permutations", json_integer((json_int_t)s->permutations));
    SET(o, "modularity", sni_out_num(s->modularity));
    SET(o, "assortativity", sni_out_num(s->assortativity));
    SET(o, "cross_share_ties", sni_out_num(s->cross_share_ties));
    SET(o, "cross_share_contacts", sni_out_num(s->cross_share_contacts));
    SET(o, "nmi", sni_out_num(s->nmi));
    SET(o, "communities", json_integer((json_int_t)s->communities));
    if (full) {
        json_t *ties = json_object();
        SET(ties, "internal", sni_out_count(s->internal));
        SET(ties, "external", sni_out_count(s->external));
        SET(o, "ties", ties);
        SET(o, "groups", groups_json(p, s));
        SET(o, "matrix", matrix_json(r, i));
    } else {
        SET(o, "groups", json_integer((json_int_t)s->n_groups));
    }
    sni_out_cells(r, o, silo_counts);
    return finish(o, bad, p->attr, form, err);
}

/* The status of a section built as v (NULL: failed, err says why). */
static sn_status section_status(json_t *v, json_t **out, sn_err *err)
{
    *out = v;
    if (v)
        return SN_OK;
    return err && err->code != SN_OK ? err->code : SN_ENOMEM;
}

sn_status sn_report_input_json(const sn_report *r, sn_section_form form, json_t **out, sn_err *err)
{
    return section_status(input_json(r, form, err), out, err);
}

sn_status sn_report_network_json(const sn_report *r, sn_section_form form, json_t **out,
                                 sn_err *err)
{
    return section_status(network_json(r, form, err), out, err);
}

sn_status sn_report_silo_json(const sn_report *r, size_t i, sn_section_form form, json_t **out,
                              sn_err *err)
{
    return section_status(silo_json(r, i, form, err), out, err);
}
