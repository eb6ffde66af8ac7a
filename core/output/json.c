/* json.c - the JSON report, schema 1 (DESIGN section 7), built with jansson. */
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
        json_array_append_new(files, json_string(r->inputs[i]));
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
                json_array_append_new(channels,
                                      json_string(sn_channel_name(net->store, (uint8_t)c)));
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
                json_array_append_new(by_type,
                                      json_pack("{s:s, s:s, s:o}", "from_type", mix.labels[a],
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
    json_object_set_new(net_json, "centralization",
                        json_pack("{s:o, s:o, s:o, s:o}", "degree_in",
                                  sn_out_num(nm->centralization_degree_in), "degree_out",
                                  sn_out_num(nm->centralization_degree_out), "degree_all",
                                  sn_out_num(nm->centralization_degree_all), "betweenness",
                                  sn_out_num(nm->centralization_betweenness)));
    json_t *art = json_array();
    for (size_t i = 0; i < nm->n_articulation; i++)
        json_array_append_new(art, json_string(sn_net_label(net, nm->articulation[i])));
    json_object_set_new(net_json, "articulation_points", art);
    return net_json;
}

static json_t *actor_json(const sn_report *r, uint32_t node)
{
    const sn_net *net = &r->an->net;
    const sn_store *s = net->store;
    const sn_node_metrics *m = &r->an->metrics.node;
    json_t *metrics = json_object();
    json_object_set_new(metrics, "degree_in", count(m->degree_in[node]));
    json_object_set_new(metrics, "degree_out", count(m->degree_out[node]));
    json_object_set_new(metrics, "strength_in", sn_out_num(m->strength_in[node]));
    json_object_set_new(metrics, "strength_out", sn_out_num(m->strength_out[node]));
    json_object_set_new(metrics, "betweenness", sn_out_num(m->betweenness[node]));
    json_object_set_new(metrics, "closeness", sn_out_num(m->closeness[node]));
    json_object_set_new(metrics, "harmonic", sn_out_num(m->harmonic[node]));
    json_object_set_new(metrics, "reachable", json_integer(m->reachable[node]));
    json_object_set_new(metrics, "pagerank", sn_out_num(m->pagerank[node]));
    json_object_set_new(metrics, "eigenvector", sn_out_num(m->eigenvector[node]));
    json_object_set_new(metrics, "hub", sn_out_num(m->hub[node]));
    json_object_set_new(metrics, "authority", sn_out_num(m->authority[node]));
    json_object_set_new(metrics, "constraint", sn_out_num(m->constraint[node]));
    json_object_set_new(metrics, "effective_size", sn_out_num(m->effective_size[node]));
    json_object_set_new(metrics, "efficiency", sn_out_num(m->efficiency[node]));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(sn_net_label(net, node)));
    if (net->opts.level == SN_LEVEL_ACTOR) {
        uint32_t a = net->node_actor[node];
        static const char *const keys[SN_ATTR_COUNT] = {"name", "type", "organisation",
                                                        "unit", "rank", "profession"};
        for (int k = 0; k < SN_ATTR_COUNT; k++)
            json_object_set_new(o, keys[k], json_string(sn_store_attr(s, a, (sn_attr)k)));
        json_t *extra = json_object();
        const sn_actor *ac = &s->actors[a];
        for (uint32_t i = 0; i < ac->extra_count; i++)
            json_object_set_new(
                extra, sn_intern_str(s->strings, s->extra_key[ac->extra_first + i]),
                json_string(sn_intern_str(s->strings, s->extra_val[ac->extra_first + i])));
        json_object_set_new(o, "attributes", extra);
        json_object_set_new(o, "auto_created", json_boolean(ac->auto_created));
    } else {
        uint32_t a = net->node_actor[node];
        json_object_set_new(o, "organisation",
                            json_string(sn_store_attr(s, a, SN_ATTR_ORGANISATION)));
        if (net->opts.level == SN_LEVEL_UNIT)
            json_object_set_new(o, "unit", json_string(sn_store_attr(s, a, SN_ATTR_UNIT)));
        json_object_set_new(o, "members", json_integer(net->node_size[node]));
    }
    json_object_set_new(o, "metrics", metrics);
    const sn_brokerage *b = &r->an->brokerage;
    if (b->raw) {
        json_t *br = json_object();
        for (int role = 0; role < SN_ROLES; role++) {
            size_t i = (size_t)node * SN_ROLES + (size_t)role;
            json_object_set_new(br, sn_role_name(role),
                                json_pack("{s:o, s:o, s:o}", "raw", count(b->raw[i]), "expected",
                                          sn_out_num(b->expected[i]), "z", sn_out_num(b->z[i])));
        }
        json_object_set_new(o, "brokerage", br);
    }
    return o;
}

static json_t *roles_json(const double *v, int counts)
{
    json_t *o = json_object();
    for (int role = 0; role < SN_ROLES; role++)
        json_object_set_new(o, sn_role_name(role), counts ? count(v[role]) : sn_out_num(v[role]));
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
        json_array_append_new(
            groups,
            json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "name", p->labels[g], "size",
                      (json_int_t)p->size[g], "internal", count(sg->internal), "external",
                      count(sg->external), "internal_weight", sn_out_num(sg->internal_weight),
                      "external_weight", sn_out_num(sg->external_weight), "ei", sn_out_num(sg->ei),
                      "ei_weighted", sn_out_num(sg->ei_weighted)));
    }
    /* The dense matrix is left out (null) for partitions with very many groups. */
    json_t *matrix = NULL;
    if (s->matrix) {
        json_t *names = json_array(), *rows = json_array();
        for (uint32_t g = 0; g < s->n_groups; g++) {
            json_array_append_new(names, json_string(p->labels[g]));
            json_t *row = json_array();
            for (uint32_t h = 0; h < s->n_groups; h++)
                json_array_append_new(row, sn_out_num(s->matrix[(size_t)g * s->n_groups + h]));
            json_array_append_new(rows, row);
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
        json_array_append_new(ids, json_string(sn_net_label(&r->an->net, rm->removed[i])));
    for (uint32_t i = 0; i < rm->n_cut; i++)
        json_array_append_new(cut, json_pack("{s:s, s:s}", "from", p->labels[rm->cut_from[i]], "to",
                                             p->labels[rm->cut_to[i]]));
    return json_pack(
        "{s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:o}", "removed", ids, "partition", p->attr,
        "reachable_pairs_before", count(rm->pairs_before), "reachable_pairs_after",
        count(rm->pairs_after), "reachable_pairs_lost", count(rm->pairs_lost),
        "pairs_lost_between_remaining", count(rm->pairs_lost_between_remaining), "ties_lost",
        (json_int_t)rm->ties_lost, "cross_boundary_ties_lost", (json_int_t)rm->cross_ties_lost,
        "cross_boundary_ties_before", (json_int_t)rm->cross_ties_before, "groups_cut_off", cut);
}

json_t *sn_report_json_build(const sn_report *r, sn_err *err)
{
    json_t *root = json_object();
    json_object_set_new(
        root, "samnett",
        json_pack("{s:s, s:i}", "version", SAMNETT_VERSION, "schema", SN_JSON_SCHEMA));
    json_object_set_new(root, "input", input_json(r));
    json_t *network = network_json(r, err);
    if (!network) {
        json_decref(root);
        if (err && err->code == SN_OK)
            sn_err_set(err, SN_ENOMEM, "out of memory building the JSON report");
        return NULL;
    }
    json_object_set_new(root, "network", network);
    json_t *actors = json_array();
    for (uint32_t v = 0; v < r->an->net.n_nodes; v++)
        json_array_append_new(actors, actor_json(r, v));
    json_object_set_new(root, "actors", actors);
    if (r->an->brokerage.raw)
        json_object_set_new(root, "brokerage", brokerage_json(r));
    json_t *silo = json_object();
    for (size_t i = 0; i < r->an->n_partitions; i++)
        json_object_set_new(silo, r->an->partitions[i].attr,
                            silo_json(&r->an->partitions[i], &r->an->silos[i]));
    json_object_set_new(root, "silo", silo);
    if (r->an->has_removal)
        json_object_set_new(root, "removal", removal_json(r));
    sn_events_json(r, root);
    if (r->an->has_temporal)
        json_object_set_new(root, "temporal", sn_temporal_json(r));
    if (r->lenses)
        json_object_set_new(root, "lenses", sn_lens_results_json(r->lenses));
    return root;
}

sn_status sn_report_json(const sn_report *r, FILE *out, sn_err *err)
{
    json_t *root = sn_report_json_build(r, err);
    if (!root)
        return err && err->code ? err->code : SN_ENOMEM;
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (rc != 0 || fputc('\n', out) == EOF)
        return sn_err_set(err, SN_EIO, "cannot write the JSON report");
    return SN_OK;
}
