/* json.c - the JSON report, schema 1 (README, "The JSON report"), built with jansson. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "samnett/brokerage.h"
#include "samnett/mixing.h"
#include "samnett/output.h"
#include "format.h"
#include "samnett/time.h"
#include "events_out.h"
#include "temporal_out.h"
#include "lens_out.h"

/* Whole numbers print as integers, which is what readers of counts expect. */
static json_t *count(double x)
{
    return json_integer((json_int_t)x);
}

static json_t *time_or_null(int64_t t, int valid)
{
    char buf[40];
    if (!valid)
        return json_null();
    sn_time_format(t, buf, sizeof buf);
    return json_string(buf);
}

static json_t *input_json(const sn_report *r)
{
    const sn_store *s = r->store;
    json_t *files = json_array();
    for (size_t i = 0; i < r->n_inputs; i++)
        sn_out_append(files, json_string(r->inputs[i]));
    int any = s->n > 0;
    json_t *o = json_pack(
        "{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "sources", files, "files",
        (json_int_t)s->files, "actors", (json_int_t)(s->n_actors - (size_t)s->auto_actors),
        "actors_auto_created", (json_int_t)s->auto_actors, "contact_rows", (json_int_t)s->rows_read,
        "contacts", (json_int_t)s->n, "rejected", (json_int_t)s->rejected, "self_contacts",
        (json_int_t)s->self_contacts, "local_times", (json_int_t)s->local_times, "warnings",
        (json_int_t)(r->diag ? r->diag->warnings : 0), "first_time",
        time_or_null(s->first_time, any), "last_time", time_or_null(s->last_time, any));
    if (o) /* actor id spellings merged by trimming or Unicode normal form C */
        json_object_set_new(o, "ids_merged", json_integer((json_int_t)s->ids_merged));
    return o;
}

static json_t *network_json(const sn_report *r, sn_err *err)
{
    const sn_net *net = &r->an->net;
    const sn_view_opts *o = &net->opts;
    const sn_net_metrics *nm = &r->an->metrics.net;
    json_t *channels = json_array();
    if (o->has_channels)
        for (int c = 0; c <= SN_CHANNEL_MAX; c++)
            if (o->channels[c] && (uint32_t)c < sn_intern_count(net->store->channels))
                sn_out_append(channels, json_string(sn_channel_name(net->store, (uint8_t)c)));
    json_t *filters =
        json_pack("{s:o, s:o, s:o, s:I, s:s}", "since", time_or_null(o->since, o->has_since),
                  "until", time_or_null(o->until, o->has_until), "channels", channels,
                  "min_contacts", (json_int_t)(o->min_contacts > 1 ? o->min_contacts : 1),
                  "tie_weight", o->weight == SN_WEIGHT_SUM ? "weight_sum" : "contacts");

    json_t *by_type = json_array();
    sn_mix mix;
    if (sn_mix_compute(net, "type", &mix, err) != SN_OK) {
        json_decref(filters);
        json_decref(by_type);
        return NULL;
    }
    for (uint32_t a = 0; a < mix.n_groups; a++)
        for (uint32_t b = 0; b < mix.n_groups; b++) {
            double c = mix.contacts[(size_t)a * mix.n_groups + b];
            if (c > 0)
                sn_out_append(by_type, json_pack("{s:s, s:s, s:o}", "from_type", mix.labels[a],
                                                 "to_type", mix.labels[b], "contacts", count(c)));
        }
    sn_mix_free(&mix);

    json_t *net_json = json_pack(
        "{s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:I, s:I, "
        "s:I, s:I, s:o}",
        "level", sn_level_name(o->level), "filters", filters, "nodes", (json_int_t)net->n_nodes,
        "ties", (json_int_t)net->n_ties, "contacts", (json_int_t)net->contacts_in_window,
        "contacts_in_ties", (json_int_t)net->contacts_in_ties, "self_contacts",
        (json_int_t)net->self_contacts, "within_group_contacts", (json_int_t)net->within_group,
        "below_min_contacts", (json_int_t)net->below_threshold, "density", sn_out_num(nm->density),
        "reciprocity", sn_out_num(nm->reciprocity), "dyadic_reciprocity",
        sn_out_num(nm->dyadic_reciprocity), "weak_components", (json_int_t)nm->weak_components,
        "strong_components", (json_int_t)nm->strong_components, "largest_weak_component",
        (json_int_t)nm->largest_weak, "isolates", (json_int_t)nm->isolates, "contacts_by_type",
        by_type);
    if (!net_json)
        return NULL;
    sn_out_set(net_json, "centralization",
               json_pack("{s:o, s:o, s:o, s:o}", "degree_in",
                         sn_out_num(nm->centralization_degree_in), "degree_out",
                         sn_out_num(nm->centralization_degree_out), "degree_all",
                         sn_out_num(nm->centralization_degree_all), "betweenness",
                         sn_out_num(nm->centralization_betweenness)));
    json_t *art = json_array();
    for (size_t i = 0; i < nm->n_articulation; i++)
        sn_out_append(art, json_string(sn_net_label(net, nm->articulation[i])));
    sn_out_set(net_json, "articulation_points", art);
    return net_json;
}

/* One element of `actors`; NULL when jansson runs out of memory on any part of it. */
static json_t *actor_json(const sn_report *r, uint32_t node)
{
    int bad = 0;
#define SET(o, k, v) (bad |= sn_out_set((o), (k), (v)) != 0)
    const sn_net *net = &r->an->net;
    const sn_store *s = net->store;
    const sn_node_metrics *m = &r->an->metrics.node;
    json_t *metrics = json_object();
    SET(metrics, "degree_in", count(m->degree_in[node]));
    SET(metrics, "degree_out", count(m->degree_out[node]));
    SET(metrics, "strength_in", sn_out_num(m->strength_in[node]));
    SET(metrics, "strength_out", sn_out_num(m->strength_out[node]));
    SET(metrics, "betweenness", sn_out_num(m->betweenness[node]));
    SET(metrics, "closeness", sn_out_num(m->closeness[node]));
    SET(metrics, "harmonic", sn_out_num(m->harmonic[node]));
    SET(metrics, "reachable", json_integer(m->reachable[node]));
    SET(metrics, "pagerank", sn_out_num(m->pagerank[node]));
    SET(metrics, "eigenvector", sn_out_num(m->eigenvector[node]));
    SET(metrics, "hub", sn_out_num(m->hub[node]));
    SET(metrics, "authority", sn_out_num(m->authority[node]));
    SET(metrics, "constraint", sn_out_num(m->constraint[node]));
    SET(metrics, "effective_size", sn_out_num(m->effective_size[node]));
    SET(metrics, "efficiency", sn_out_num(m->efficiency[node]));
    json_t *o = json_object();
    SET(o, "id", json_string(sn_net_label(net, node)));
    if (net->opts.level == SN_LEVEL_ACTOR) {
        uint32_t a = net->node_actor[node];
        static const char *const keys[SN_ATTR_COUNT] = {"name", "type", "organisation",
                                                        "unit", "rank", "profession"};
        for (int k = 0; k < SN_ATTR_COUNT; k++)
            SET(o, keys[k], json_string(sn_store_attr(s, a, (sn_attr)k)));
        json_t *extra = json_object();
        const sn_actor *ac = &s->actors[a];
        for (uint32_t i = 0; i < ac->extra_count; i++)
            SET(extra, sn_intern_str(s->strings, s->extra_key[ac->extra_first + i]),
                json_string(sn_intern_str(s->strings, s->extra_val[ac->extra_first + i])));
        SET(o, "attributes", extra);
        SET(o, "auto_created", json_boolean(ac->auto_created));
    } else {
        uint32_t a = net->node_actor[node];
        SET(o, "organisation", json_string(sn_store_attr(s, a, SN_ATTR_ORGANISATION)));
        if (net->opts.level == SN_LEVEL_UNIT)
            SET(o, "unit", json_string(sn_store_attr(s, a, SN_ATTR_UNIT)));
        SET(o, "members", json_integer(net->node_size[node]));
    }
    SET(o, "metrics", metrics);
    const sn_brokerage *b = &r->an->brokerage;
    if (b->raw) {
        json_t *br = json_object();
        for (int role = 0; role < SN_ROLES; role++) {
            size_t i = (size_t)node * SN_ROLES + (size_t)role;
            SET(br, sn_role_name(role),
                json_pack("{s:o, s:o, s:o}", "raw", count(b->raw[i]), "expected",
                          sn_out_num(b->expected[i]), "z", sn_out_num(b->z[i])));
        }
        SET(o, "brokerage", br);
    }
#undef SET
    if (bad || !metrics) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *roles_json(const double *v, int counts)
{
    json_t *o = json_object();
    for (int role = 0; role < SN_ROLES; role++)
        sn_out_set(o, sn_role_name(role), counts ? count(v[role]) : sn_out_num(v[role]));
    return o;
}

static json_t *brokerage_json(const sn_report *r)
{
    const sn_brokerage *b = &r->an->brokerage;
    return json_pack("{s:s, s:o, s:o, s:o}", "partition", r->an->partitions[0].attr, "observed",
                     roles_json(b->graph_raw, 1), "expected", roles_json(b->graph_expected, 0), "z",
                     roles_json(b->graph_z, 0));
}

static json_t *silo_json(const sn_partition *p, const sn_silo *s)
{
    json_t *groups = json_array();
    for (uint32_t g = 0; g < s->n_groups; g++) {
        const sn_silo_group *sg = &s->groups[g];
        sn_out_append(groups,
                      json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "name", p->labels[g],
                                "size", (json_int_t)p->size[g], "internal", count(sg->internal),
                                "external", count(sg->external), "internal_weight",
                                sn_out_num(sg->internal_weight), "external_weight",
                                sn_out_num(sg->external_weight), "ei", sn_out_num(sg->ei),
                                "ei_weighted", sn_out_num(sg->ei_weighted)));
    }
    /* The dense matrix is left out (null) for partitions with very many groups. */
    json_t *matrix = NULL;
    if (s->matrix) {
        json_t *names = json_array(), *rows = json_array();
        for (uint32_t g = 0; g < s->n_groups; g++) {
            sn_out_append(names, json_string(p->labels[g]));
            json_t *row = json_array();
            for (uint32_t h = 0; h < s->n_groups; h++)
                sn_out_append(row, sn_out_num(s->matrix[(size_t)g * s->n_groups + h]));
            sn_out_append(rows, row);
        }
        matrix = json_pack("{s:o, s:o}", "groups", names, "weights", rows);
    } else {
        matrix = json_null();
    }
    return json_pack(
        "{s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o}", "ei",
        sn_out_num(s->ei), "ei_weighted", sn_out_num(s->ei_weighted), "ei_p", sn_out_num(s->ei_p),
        "permutations", (json_int_t)s->permutations, "modularity", sn_out_num(s->modularity),
        "assortativity", sn_out_num(s->assortativity), "cross_share_ties",
        sn_out_num(s->cross_share_ties), "cross_share_contacts",
        sn_out_num(s->cross_share_contacts), "nmi", sn_out_num(s->nmi), "communities",
        (json_int_t)s->communities, "ties",
        json_pack("{s:o, s:o}", "internal", count(s->internal), "external", count(s->external)),
        "groups", groups, "matrix", matrix);
}

static json_t *removal_json(const sn_report *r)
{
    const sn_removal *rm = &r->an->removal;
    const sn_partition *p = &r->an->partitions[0];
    json_t *ids = json_array(), *cut = json_array();
    for (uint32_t i = 0; i < rm->n_removed; i++)
        sn_out_append(ids, json_string(sn_net_label(&r->an->net, rm->removed[i])));
    for (uint32_t i = 0; i < rm->n_cut; i++)
        sn_out_append(cut, json_pack("{s:s, s:s}", "from", p->labels[rm->cut_from[i]], "to",
                                     p->labels[rm->cut_to[i]]));
    return json_pack(
        "{s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:o}", "removed", ids, "partition", p->attr,
        "reachable_pairs_before", count(rm->pairs_before), "reachable_pairs_after",
        count(rm->pairs_after), "reachable_pairs_lost", count(rm->pairs_lost),
        "pairs_lost_between_remaining", count(rm->pairs_lost_between_remaining), "ties_lost",
        (json_int_t)rm->ties_lost, "cross_boundary_ties_lost", (json_int_t)rm->cross_ties_lost,
        "cross_boundary_ties_before", (json_int_t)rm->cross_ties_before, "groups_cut_off", cut);
}

/*
 * The report, member by member, into w. The arrays that grow with the data
 * (actors here, windows and actors in the temporal section) go element by
 * element, so a streaming writer holds one element at a time.
 */
static void report_write(const sn_report *r, sn_jw *w, sn_err *err)
{
    sn_jw_open(w, NULL, 0);
    sn_jw_add(w, "samnett",
              json_pack("{s:s, s:i}", "version", SAMNETT_VERSION, "schema", SN_JSON_SCHEMA));
    sn_jw_add(w, "input", input_json(r));
    json_t *network = network_json(r, err);
    if (!network && err && err->code != SN_OK)
        sn_jw_fail(w, err->code, err->msg);
    sn_jw_add(w, "network", network);
    sn_jw_open(w, "actors", 1);
    for (uint32_t v = 0; v < r->an->net.n_nodes && w->status == SN_OK; v++)
        sn_jw_add(w, NULL, actor_json(r, v));
    sn_jw_close(w);
    if (r->an->brokerage.raw)
        sn_jw_add(w, "brokerage", brokerage_json(r));
    sn_jw_open(w, "silo", 0);
    for (size_t i = 0; i < r->an->n_partitions; i++)
        sn_jw_add(w, r->an->partitions[i].attr, silo_json(&r->an->partitions[i], &r->an->silos[i]));
    sn_jw_close(w);
    if (r->an->has_removal)
        sn_jw_add(w, "removal", removal_json(r));
    sn_events_json(r, w);
    if (r->an->has_temporal)
        sn_temporal_json(r, w);
    if (r->lenses && r->lenses_wait)
        r->lenses_wait(r->lenses_ud);
    if (r->lenses)
        sn_lens_results_write(w, r->lenses, r->lens_dumped, r->lens_dumped_len);
    sn_jw_close(w);
}

json_t *sn_report_json_build(const sn_report *r, sn_err *err)
{
    sn_jw w;
    json_t *root = NULL;
    sn_jw_init(&w, NULL);
    report_write(r, &w, err);
    sn_jw_finish(&w, &root, err);
    return root;
}

sn_status sn_report_json(const sn_report *r, FILE *out, sn_err *err)
{
    sn_jw w;
    sn_jw_init(&w, out);
    report_write(r, &w, err);
    sn_status rc = sn_jw_finish(&w, NULL, err);
    if (rc != SN_OK)
        return rc;
    if (fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out))
        return sn_err_set(err, SN_EIO, "cannot write the JSON report");
    return SN_OK;
}
