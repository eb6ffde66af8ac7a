/* json.c - the JSON report, schema 1 (DESIGN section 7), built with jansson. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "samnett/mixing.h"
#include "samnett/output.h"
#include "samnett/time.h"

static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

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
    return json_pack(
        "{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "sources", files, "files",
        (json_int_t)s->files, "actors", (json_int_t)(s->n_actors - (size_t)s->auto_actors),
        "actors_auto_created", (json_int_t)s->auto_actors, "contact_rows", (json_int_t)s->rows_read,
        "contacts", (json_int_t)s->n, "rejected", (json_int_t)s->rejected, "self_contacts",
        (json_int_t)s->self_contacts, "local_times", (json_int_t)s->local_times, "warnings",
        (json_int_t)(r->diag ? r->diag->warnings : 0), "first_time",
        time_or_null(s->first_time, any), "last_time", time_or_null(s->last_time, any));
}

static json_t *network_json(const sn_report *r, sn_err *err)
{
    const sn_net *net = r->net;
    const sn_view_opts *o = &net->opts;
    const sn_net_metrics *nm = &r->metrics->net;
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

    return json_pack(
        "{s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:I, s:I, "
        "s:I, s:I, s:o}",
        "level", sn_level_name(o->level), "filters", filters, "nodes", (json_int_t)net->n_nodes,
        "ties", (json_int_t)net->n_ties, "contacts", (json_int_t)net->contacts_in_window,
        "contacts_in_ties", (json_int_t)net->contacts_in_ties, "self_contacts",
        (json_int_t)net->self_contacts, "within_group_contacts", (json_int_t)net->within_group,
        "below_min_contacts", (json_int_t)net->below_threshold, "density", num(nm->density),
        "reciprocity", num(nm->reciprocity), "dyadic_reciprocity", num(nm->dyadic_reciprocity),
        "weak_components", (json_int_t)nm->weak_components, "strong_components",
        (json_int_t)nm->strong_components, "largest_weak_component", (json_int_t)nm->largest_weak,
        "isolates", (json_int_t)nm->isolates, "contacts_by_type", by_type);
}

static json_t *actor_json(const sn_report *r, uint32_t node)
{
    const sn_net *net = r->net;
    const sn_store *s = net->store;
    const sn_node_metrics *m = &r->metrics->node;
    json_t *metrics =
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "degree_in", count(m->degree_in[node]),
                  "degree_out", count(m->degree_out[node]), "strength_in",
                  num(m->strength_in[node]), "strength_out", num(m->strength_out[node]),
                  "betweenness", num(m->betweenness[node]), "pagerank", num(m->pagerank[node]));
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
    return o;
}

sn_status sn_report_json(const sn_report *r, FILE *out, sn_err *err)
{
    json_t *root = json_object();
    json_object_set_new(
        root, "samnett",
        json_pack("{s:s, s:i}", "version", SAMNETT_VERSION, "schema", SN_JSON_SCHEMA));
    json_object_set_new(root, "input", input_json(r));
    json_t *network = network_json(r, err);
    if (!network) {
        json_decref(root);
        return err ? err->code : SN_ENOMEM;
    }
    json_object_set_new(root, "network", network);
    json_t *actors = json_array();
    for (uint32_t v = 0; v < r->net->n_nodes; v++)
        json_array_append_new(actors, actor_json(r, v));
    json_object_set_new(root, "actors", actors);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (rc != 0 || fputc('\n', out) == EOF)
        return sn_err_set(err, SN_EIO, "cannot write the JSON report");
    return SN_OK;
}
