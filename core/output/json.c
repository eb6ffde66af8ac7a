/* json.c - the JSON report, schema 1 (README, "The JSON report"), built with jansson. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/brokerage.h"
#include "samnett/output.h"
#include "samnett/privacy.h"
#include "format.h"
#include "events_out.h"
#include "temporal_out.h"
#include "lens_out.h"

/* One element of `actors`; NULL when jansson runs out of memory on any part of it. */
static json_t *actor_json(const sn_report *r, uint32_t node)
{
    int bad = 0;
#define SET(o, k, v) (bad |= sni_out_set((o), (k), (v)) != 0)
    const sn_net *net = &r->an->net;
    const sn_store *s = net->store;
    const sn_node_metrics *m = &r->an->metrics.node;
    json_t *metrics = json_object();
    SET(metrics, "degree_in", sni_out_count(m->degree_in[node]));
    SET(metrics, "degree_out", sni_out_count(m->degree_out[node]));
    SET(metrics, "strength_in", sni_out_num(m->strength_in[node]));
    SET(metrics, "strength_out", sni_out_num(m->strength_out[node]));
    SET(metrics, "betweenness", sni_out_num(m->betweenness[node]));
    SET(metrics, "closeness", sni_out_num(m->closeness[node]));
    SET(metrics, "harmonic", sni_out_num(m->harmonic[node]));
    SET(metrics, "reachable", json_integer(m->reachable[node]));
    SET(metrics, "pagerank", sni_out_num(m->pagerank[node]));
    SET(metrics, "eigenvector", sni_out_num(m->eigenvector[node]));
    SET(metrics, "hub", sni_out_num(m->hub[node]));
    SET(metrics, "authority", sni_out_num(m->authority[node]));
    SET(metrics, "constraint", sni_out_num(m->constraint[node]));
    SET(metrics, "effective_size", sni_out_num(m->effective_size[node]));
    SET(metrics, "efficiency", sni_out_num(m->efficiency[node]));
    json_t *o = json_object();
    SET(o, "id", json_string(sn_net_label(net, node)));
    if (net->opts.level == SN_LEVEL_ACTOR) {
        uint32_t a = net->node_actor[node];
        static const char *const keys[SN_ATTR_COUNT] = {"name", "type", "organisation",
                                                        "unit", "rank", "profession"};
        /* under shared no actor has a name or profession: the members are left out */
        int shared = r->privacy && r->privacy->profile == SN_PRIVACY_SHARED;
        for (int k = 0; k < SN_ATTR_COUNT; k++)
            if (!shared || (k != SN_ATTR_NAME && k != SN_ATTR_PROFESSION))
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
    if (b->raw && r->an->not_meaningful[0]) {
        SET(o, "brokerage", json_null());
    } else if (b->raw) {
        json_t *br = json_object();
        unsigned char hide[SN_ROLES]; /* the raw counts with their total shown */
        sni_cells_brokerage(r, b->raw + (size_t)node * SN_ROLES, hide);
        for (int role = 0; role < SN_ROLES; role++) {
            size_t i = (size_t)node * SN_ROLES + (size_t)role;
            json_t *ro = json_pack("{s:o, s:o, s:o}", "raw", sni_out_count(b->raw[i]), "expected",
                                   sni_out_num(b->expected[i]), "z", sni_out_num(b->z[i]));
            if (ro && hide[role])
                sni_out_hide(ro, "raw");
            SET(br, sn_role_name(role), ro);
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

/* The roles' values v; counts (the observed raw counts) under the small-cell rule of r. */
static json_t *roles_json(const sn_report *r, const double *v, int counts)
{
    json_t *o = json_object();
    unsigned char hide[SN_ROLES] = {0};
    if (counts)
        sni_cells_brokerage(r, v, hide);
    for (int role = 0; role < SN_ROLES; role++) {
        sni_out_set(o, sn_role_name(role), counts ? sni_out_count(v[role]) : sni_out_num(v[role]));
        if (o && hide[role])
            sni_out_hide(o, sn_role_name(role));
    }
    return o;
}

static json_t *brokerage_json(const sn_report *r)
{
    const sn_brokerage *b = &r->an->brokerage;
    if (r->an->not_meaningful[0])
        return json_pack("{s:s, s:s, s:n, s:n, s:n}", "partition", r->an->partitions[0].attr,
                         "not_meaningful", r->an->not_meaningful[0], "observed", "expected", "z");
    return json_pack("{s:s, s:o, s:o, s:o}", "partition", r->an->partitions[0].attr, "observed",
                     roles_json(r, b->graph_raw, 1), "expected",
                     roles_json(r, b->graph_expected, 0), "z", roles_json(r, b->graph_z, 0));
}

static json_t *removal_json(const sn_report *r)
{
    const sn_removal *rm = &r->an->removal;
    const sn_partition *p = &r->an->partitions[0];
    json_t *ids = json_array(), *cut = json_array();
    for (uint32_t i = 0; i < rm->n_removed; i++)
        sni_out_append(ids, json_string(sn_net_label(&r->an->net, rm->removed[i])));
    for (uint32_t i = 0; i < rm->n_cut; i++)
        sni_out_append(cut, json_pack("{s:s, s:s}", "from", p->labels[rm->cut_from[i]], "to",
                                      p->labels[rm->cut_to[i]]));
    return json_pack(
        "{s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:o}", "removed", ids, "partition", p->attr,
        "reachable_pairs_before", sni_out_count(rm->pairs_before), "reachable_pairs_after",
        sni_out_count(rm->pairs_after), "reachable_pairs_lost", sni_out_count(rm->pairs_lost),
        "pairs_lost_between_remaining", sni_out_count(rm->pairs_lost_between_remaining),
        "ties_lost", (json_int_t)rm->ties_lost, "cross_boundary_ties_lost",
        (json_int_t)rm->cross_ties_lost, "cross_boundary_ties_before",
        (json_int_t)rm->cross_ties_before, "groups_cut_off", cut);
}

/*
 * Tie k for the report's `ties`: its ends (node ids), weight, contacts,
 * contacts per channel (every channel of the store) and first and last
 * contact (null when the tie has none of its own: meetings projected).
 */
static json_t *tie_json(const sn_report *r, size_t k)
{
    const sn_net *net = &r->an->net;
    const sn_tie_details *d = &r->ties->details;
    json_t *ch = json_object();
    for (uint32_t c = 0; c < d->n_channels; c++)
        sni_out_set(ch, sn_channel_name(r->store, (uint8_t)c),
                    json_integer((json_int_t)d->channels[k * d->n_channels + c]));
    if (sni_cells_on(r)) { /* the channels with the tie's contacts as their total */
        unsigned char *hide = malloc(d->n_channels ? d->n_channels : 1);
        if (!hide || sni_cells_tie_channels(r, k, hide) != 0) {
            free(hide);
            json_decref(ch);
            return NULL;
        }
        for (uint32_t c = 0; c < d->n_channels && ch; c++)
            if (hide[c])
                sni_out_hide(ch, sn_channel_name(r->store, (uint8_t)c));
        free(hide);
    }
    json_t *first = json_null(), *last = json_null();
    if (d->first[k] <= d->last[k]) {
        char a[40], b[40];
        sn_time_format(d->first[k], a, sizeof a);
        sn_time_format(d->last[k], b, sizeof b);
        first = json_string(a);
        last = json_string(b);
    }
    return json_pack(
        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "from", sn_net_label(net, sn_tie_from(net, k)), "to",
        sn_net_label(net, sn_tie_to(net, k)), "weight", sni_out_num(net->tie_weight[k]), "contacts",
        sni_out_count(net->tie_contacts[k]), "channels", ch, "first", first, "last", last);
}

/*
 * tie_json's text, written without the jansson value (the stream without the
 * small-cell rule: 16,000 ties a region, 107,000 a nation); NULL: build it
 * with tie_json instead.
 */
static const char *tie_text(const sn_report *r, size_t k, sni_jtext *t, size_t *len)
{
    const sn_net *net = &r->an->net;
    const sn_tie_details *d = &r->ties->details;
    sni_jt_reset(t);
    sni_jt_open(t, NULL, 0);
    sni_jt_string(t, "from", sn_net_label(net, sn_tie_from(net, k)));
    sni_jt_string(t, "to", sn_net_label(net, sn_tie_to(net, k)));
    sni_jt_num(t, "weight", net->tie_weight[k]);
    sni_jt_int(t, "contacts", (json_int_t)net->tie_contacts[k]);
    sni_jt_open(t, "channels", 0);
    for (uint32_t c = 0; c < d->n_channels; c++)
        sni_jt_int(t, sn_channel_name(r->store, (uint8_t)c),
                   (json_int_t)d->channels[k * d->n_channels + c]);
    sni_jt_close(t, 0);
    if (d->first[k] <= d->last[k]) {
        char a[40], b[40];
        sn_time_format(d->first[k], a, sizeof a);
        sn_time_format(d->last[k], b, sizeof b);
        sni_jt_string(t, "first", a);
        sni_jt_string(t, "last", b);
    } else {
        sni_jt_null(t, "first");
        sni_jt_null(t, "last");
    }
    sni_jt_close(t, 0);
    return sni_jt_text(t, len);
}

/* The counts of the report's own sections (the small-cell rule, sni_out_cells). */
static const char *const actor_counts[] = {"degree_in", "degree_out", "strength_in", "strength_out",
                                           "reachable", "members",    "raw",         NULL};
static const char *const tie_counts[] = {"weight", "contacts", NULL};
static const char *const removal_counts[] = {"reachable_pairs_before",
                                             "reachable_pairs_after",
                                             "reachable_pairs_lost",
                                             "pairs_lost_between_remaining",
                                             "ties_lost",
                                             "cross_boundary_ties_lost",
                                             "cross_boundary_ties_before",
                                             NULL};

/* The small-cell rule of r on what is added to w next, with keys (NULL: none). */
static void cells(sn_jw *w, const sn_report *r, const char *const *keys)
{
    w->cells_r = keys ? r : NULL;
    w->cells_keys = keys;
}

/* A section from sections.c as member key: a failure (e says why) fails the writer. */
static void add_section(sn_jw *w, const char *key, sn_status rc, json_t *v, const sn_err *e)
{
    if (rc != SN_OK)
        sni_jw_fail(w, rc, e->msg);
    sni_jw_add(w, key, v);
}

/*
 * The report, member by member, into w. The arrays that grow with the data
 * (actors here, windows and actors in the temporal section) go element by
 * element, so a streaming writer holds one element at a time.
 */
static void report_write(const sn_report *r, sn_jw *w)
{
    sn_err e = {0};
    sni_jw_open(w, NULL, 0);
    sni_jw_add(w, "samnett",
               json_pack("{s:s, s:i}", "version", SAMNETT_VERSION, "schema", SN_JSON_SCHEMA));
    if (sni_privacy_shown(r))
        sni_jw_add(w, "privacy", sni_privacy_json(r));
    sni_jw_add(w, "provenance", sni_provenance_json(r));
    json_t *sec = NULL;
    sn_status rc = sn_report_input_json(r, SN_SECTION_REPORT, &sec, &e);
    add_section(w, "input", rc, sec, &e);
    rc = sn_report_network_json(r, SN_SECTION_REPORT, &sec, &e);
    add_section(w, "network", rc, sec, &e);
    cells(w, r, actor_counts);
    sni_jw_open(w, "actors", 1);
    for (uint32_t v = 0; v < r->an->net.n_nodes && w->status == SN_OK; v++)
        sni_jw_add(w, NULL, actor_json(r, v));
    sni_jw_close(w);
    cells(w, r, tie_counts);
    /* under shared without the ties of fewer than K contacts; the page has them in its map */
    if (r->ties && !w->page) {
        sni_jtext jt = {0};
        int by_hand = w->f && !sni_cells_on(r); /* streamed, and no count to hide */
        sni_jw_open(w, "ties", 1);
        for (size_t k = 0; k < r->an->net.n_ties && w->status == SN_OK; k++) {
            if (!sni_cells_tie_shown(r, k))
                continue;
            size_t len = 0;
            const char *text = by_hand ? tie_text(r, k, &jt, &len) : NULL;
            if (text)
                sni_jw_add_dumped(w, NULL, text, len);
            else
                sni_jw_add(w, NULL, tie_json(r, k));
        }
        sni_jw_close(w);
        sni_jt_free(&jt);
    }
    cells(w, r, NULL);
    if (r->an->brokerage.raw)
        sni_jw_add(w, "brokerage", brokerage_json(r));
    sni_jw_open(w, "silo", 0);
    for (size_t i = 0; i < r->an->n_partitions; i++) {
        rc = sn_report_silo_json(r, i, SN_SECTION_REPORT, &sec, &e);
        add_section(w, r->an->partitions[i].attr, rc, sec, &e);
    }
    sni_jw_close(w);
    cells(w, r, removal_counts);
    if (r->an->has_removal)
        sni_jw_add(w, "removal", removal_json(r));
    cells(w, r, NULL);
    sni_events_json(r, w);
    if (r->an->has_temporal)
        sni_temporal_json(r, w);
    cells(w, r, NULL);
    if (r->lenses && r->lenses_wait)
        r->lenses_wait(r->lenses_ud);
    if (r->lenses)
        sni_lens_results_write(w, r->lenses, r->lens_dumped, r->lens_dumped_len);
    sni_jw_close(w);
}

static sn_status build(const sn_report *r, int page, json_t **out, sn_err *err)
{
    sn_jw w;
    *out = NULL;
    sni_jw_init(&w, NULL);
    w.page = page;
    report_write(r, &w);
    sn_status rc = sni_jw_finish(&w, out, err);
    if (rc == SN_OK && !*out)
        rc = sn_err_set(err, SN_ENOMEM, "out of memory building the report");
    return rc;
}

sn_status sn_report_json_build(const sn_report *r, json_t **out, sn_err *err)
{
    return build(r, 0, out, err);
}

sn_status sni_report_json_build_page(const sn_report *r, json_t **out, sn_err *err)
{
    return build(r, 1, out, err);
}

sn_status sn_report_json(const sn_report *r, FILE *out, sn_err *err)
{
    sn_jw w;
    sni_jw_init(&w, out);
    report_write(r, &w);
    sn_status rc = sni_jw_finish(&w, NULL, err);
    if (rc != SN_OK)
        return rc;
    if (fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out))
        return sn_err_set(err, SN_EIO, "cannot write the JSON report");
    return SN_OK;
}
