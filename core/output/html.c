/*
 * html.c - the HTML report (sn_report_html): one page that works offline,
 * with the network map, the charts and the lens findings.
 *
 * The page (core/output/html/: page.html, its style and scripts, and D3 from
 * Debian's node-d3) is put together at build time into two byte arrays, the
 * page before and after its data (html_assets.h). The data is one JSON value
 * in a <script type="application/json"> element: the JSON report less what
 * the page carries in another form, the network as columns (nodes with their
 * layout positions and measures, ties, the ties of each window), the
 * contacts per day and channel, the case measures as histograms, and the
 * lens findings with the actors and organisations they name. Its keys are
 * described in core/output/html/README.md.
 *
 * Escaping: in the data, '<', '>', '&', U+2028 and U+2029 are written as
 * \u escapes, so that no name can end the script element or open a comment;
 * the scripts put names into the page as text only.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/layout.h"
#include "samnett/output.h"
#include "format.h"
#include "html_assets.h"

/* Days of the contacts-per-day chart at most (about 270 years). */
#define MAX_DAYS 100000
/* Bins of an integer histogram at most (wider bins beyond). */
#define MAX_BINS 30

typedef struct html_data {
    const sn_report *r;
    json_t *report;                                         /* the JSON report, parts moved out */
    json_t *id_index, *org_index, *unit_index, *type_index; /* name -> index */
    json_t *orgs, *units, *unit_org, *types;
    uint32_t *node_unit; /* node -> unit index, or UINT32_MAX */
    int failed;
} html_data;

/* Set, counting a failure (out of memory) in h->failed. */
static void put(html_data *h, json_t *o, const char *key, json_t *v)
{
    if (sni_out_set(o, key, v) != 0)
        h->failed = 1;
}

static void push(html_data *h, json_t *a, json_t *v)
{
    if (sni_out_append(a, v) != 0)
        h->failed = 1;
}

/* The index of name in list (added when new), by the map index; -1 for no name. */
static json_int_t intern(html_data *h, json_t *index, json_t *list, const char *name)
{
    if (!name || !*name)
        return -1;
    json_t *i = json_object_get(index, name);
    if (i)
        return json_integer_value(i);
    json_int_t n = (json_int_t)json_array_size(list);
    put(h, index, name, json_integer(n));
    push(h, list, json_string(name));
    return n;
}

static const char *str_of(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* A date (YYYY-MM-DD, UTC) of t. */
static json_t *date_json(int64_t t)
{
    char buf[40];
    sn_time_format(t, buf, sizeof buf);
    buf[10] = '\0';
    return json_string(buf);
}

/* The column of key in cols (made when new, n nulls long). */
static json_t *column(html_data *h, json_t *cols, const char *key, size_t n)
{
    json_t *c = json_object_get(cols, key);
    if (c)
        return c;
    c = json_array();
    for (size_t i = 0; c && i < n; i++)
        push(h, c, json_null());
    put(h, cols, key, c);
    return c;
}

/* map.nodes: from the report's actors (then taken out of it), with the layout's positions. */
static json_t *nodes_json(html_data *h)
{
    const sn_report *r = h->r;
    json_t *actors = json_object_get(h->report, "actors");
    size_t n = json_array_size(actors);
    json_t *ids = json_array(), *names = json_array(), *org = json_array(), *unit = json_array();
    json_t *type = json_array(), *members = json_array(), *x = json_array(), *y = json_array();
    json_t *measures = json_object(), *brokerage = json_object();
    h->node_unit = malloc((n ? n : 1) * sizeof *h->node_unit);
    if (!h->node_unit)
        h->failed = 1;
    for (size_t v = 0; v < n && !h->failed; v++) {
        json_t *a = json_array_get(actors, v);
        const char *id = str_of(a, "id");
        const char *name = str_of(a, "name");
        const char *o = str_of(a, "organisation");
        const char *u = str_of(a, "unit");
        push(h, ids, json_string(id ? id : ""));
        put(h, h->id_index, id ? id : "", json_integer((json_int_t)v));
        push(h, names, name && *name ? json_string(name) : json_null());
        json_int_t oi = intern(h, h->org_index, h->orgs, o);
        push(h, org, json_integer(oi));
        json_int_t ui = -1;
        if (u && *u) {
            /* a unit is named within its organisation */
            char *key = NULL;
            size_t len = strlen(o ? o : "") + strlen(u) + 2;
            if ((key = malloc(len)) != NULL) {
                snprintf(key, len, "%s\x1f%s", o ? o : "", u);
                size_t before = json_array_size(h->units);
                ui = intern(h, h->unit_index, h->units, key);
                if (json_array_size(h->units) > before) {
                    json_array_set_new(h->units, (size_t)ui, json_string(u));
                    push(h, h->unit_org, json_integer(oi));
                }
                free(key);
            } else {
                h->failed = 1;
            }
        }
        if (h->node_unit)
            h->node_unit[v] = ui < 0 ? UINT32_MAX : (uint32_t)ui;
        push(h, unit, json_integer(ui));
        push(h, type, json_integer(intern(h, h->type_index, h->types, str_of(a, "type"))));
        json_t *m = json_object_get(a, "members");
        push(h, members, json_integer(m ? json_integer_value(m) : 1));
        double px = NAN, py = NAN;
        if (r->layout && v < r->layout->n_nodes) {
            px = r->layout->x[v];
            py = r->layout->y[v];
        }
        push(h, x, sni_out_num(px));
        push(h, y, sni_out_num(py));
        const char *key;
        json_t *val;
        json_object_foreach(json_object_get(a, "metrics"), key, val)
        {
            json_t *c = column(h, measures, key, n);
            if (c && json_array_set(c, v, val) != 0)
                h->failed = 1;
        }
        json_object_foreach(json_object_get(a, "brokerage"), key, val)
        {
            json_t *c = column(h, brokerage, key, n);
            json_t *raw = json_object_get(val, "raw");
            if (c && raw && json_array_set(c, v, raw) != 0)
                h->failed = 1;
        }
    }
    json_t *nodes =
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", ids, "name", names,
                  "org", org, "unit", unit, "type", type, "members", members, "x", x, "y", y,
                  "measures", measures, "brokerage", brokerage);
    if (!nodes)
        h->failed = 1;
    json_object_del(h->report, "actors");
    return nodes;
}

/* map.ties and map.windows: the network's ties as columns, and each window's ties. */
static void ties_json(html_data *h, json_t *map)
{
    const sn_report *r = h->r;
    const sn_net *net = &r->an->net;
    const sn_network_ties *t = r->ties;
    const sn_tie_details *d = &t->details;
    json_t *from = json_array(), *to = json_array(), *weight = json_array();
    json_t *contacts = json_array(), *channels = json_array(), *first = json_array();
    json_t *last = json_array();
    for (size_t k = 0; k < net->n_ties && !h->failed; k++) {
        push(h, from, json_integer(sn_tie_from(net, k)));
        push(h, to, json_integer(sn_tie_to(net, k)));
        push(h, weight, sni_out_num(net->tie_weight[k]));
        push(h, contacts, sni_out_count(net->tie_contacts[k]));
        json_t *ch = json_array();
        for (uint32_t c = 0; c < d->n_channels; c++)
            push(h, ch, json_integer((json_int_t)d->channels[k * d->n_channels + c]));
        push(h, channels, ch);
        int any = d->first[k] <= d->last[k];
        push(h, first, any ? date_json(d->first[k]) : json_null());
        push(h, last, any ? date_json(d->last[k]) : json_null());
    }
    put(h, map, "ties",
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "from", from, "to", to, "weight", weight,
                  "contacts", contacts, "channels", channels, "first", first, "last", last));
    json_object_del(h->report, "ties");

    json_t *windows = json_array();
    const sn_temporal *tp = &r->an->temporal;
    json_t *labels = json_object_get(json_object_get(h->report, "temporal"), "windows");
    for (size_t w = 0; w < t->n_windows && !h->failed; w++) {
        const char *label = str_of(json_array_get(labels, w), "label");
        json_t *o = json_pack("{s:s, s:o, s:o, s:[], s:[]}", "label", label ? label : "", "start",
                              date_json(tp->windows[w].start), "end",
                              date_json(tp->windows[w].end - 1), "ties", "weight");
        if (!o)
            h->failed = 1;
        push(h, windows, o);
    }
    /* tie k's windows are ascending, and ties are visited in order: each list comes sorted */
    for (size_t k = 0; k < net->n_ties && t->n_windows && !h->failed; k++)
        for (size_t i = t->tie_start[k]; i < t->tie_start[k + 1]; i++) {
            json_t *o = json_array_get(windows, t->tie_window[i]);
            push(h, json_object_get(o, "ties"), json_integer((json_int_t)k));
            push(h, json_object_get(o, "weight"), sni_out_num(t->tie_weight[i]));
        }
    put(h, map, "windows", windows);
}

/* daily: the view's contacts per day (UTC) and channel. */
static json_t *daily_json(html_data *h)
{
    const sn_report *r = h->r;
    const sn_store *s = r->store;
    const sn_view_opts *view = &r->an->net.opts;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < s->n; i++)
        if (sn_view_keeps(view, s, i)) {
            int64_t day = s->time[i] >= 0 ? s->time[i] / 86400 : -((-s->time[i] + 86399) / 86400);
            lo = day < lo ? day : lo;
            hi = day > hi ? day : hi;
        }
    json_t *channels = json_object();
    if (lo > hi || hi - lo + 1 > MAX_DAYS)
        return json_pack("{s:n, s:i, s:o}", "start", "days", 0, "channels", channels);
    size_t days = (size_t)(hi - lo + 1);
    uint32_t n_channels = r->ties->details.n_channels;
    uint32_t *count = calloc(days * (n_channels ? n_channels : 1), sizeof *count);
    if (!count) {
        h->failed = 1;
        json_decref(channels);
        return NULL;
    }
    for (size_t i = 0; i < s->n; i++)
        if (sn_view_keeps(view, s, i)) {
            int64_t day = s->time[i] >= 0 ? s->time[i] / 86400 : -((-s->time[i] + 86399) / 86400);
            count[(size_t)s->channel[i] * days + (size_t)(day - lo)]++;
        }
    for (uint32_t c = 0; c < n_channels; c++) {
        json_t *a = json_array();
        for (size_t d = 0; d < days; d++)
            push(h, a, json_integer(count[(size_t)c * days + d]));
        put(h, channels, sn_channel_name(s, (uint8_t)c), a);
    }
    free(count);
    return json_pack("{s:o, s:I, s:o}", "start", date_json(lo * 86400), "days", (json_int_t)days,
                     "channels", channels);
}

/* One histogram: counts of v[0..n) in bins of width from lo (the bins' starts). */
static json_t *histogram(html_data *h, const char *key, const double *v, size_t n, double lo,
                         double width, size_t bins)
{
    json_t *starts = json_array(), *counts = json_array();
    long *c = calloc(bins ? bins : 1, sizeof *c);
    if (!c) {
        h->failed = 1;
        json_decref(starts);
        json_decref(counts);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        double b = floor((v[i] - lo) / width + 1e-9);
        size_t at = b < 0 ? 0 : b >= (double)bins ? bins - 1 : (size_t)b;
        c[at]++;
    }
    for (size_t b = 0; b < bins; b++) {
        push(h, starts, json_real(lo + (double)b * width));
        push(h, counts, json_integer(c[b]));
    }
    free(c);
    return json_pack("{s:s, s:o, s:f, s:o}", "key", key, "bins", starts, "width", width, "counts",
                     counts);
}

/* An integer histogram of v[0..n): one bin per value, or wider so that there are MAX_BINS. */
static json_t *int_histogram(html_data *h, const char *key, const double *v, size_t n)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    if (n == 0)
        lo = hi = 0;
    double width = ceil((hi - lo + 1) / MAX_BINS);
    width = width < 1 ? 1 : width;
    return histogram(h, key, v, n, lo, width, (size_t)((hi - lo) / width) + 1);
}

/* case_histograms: providers, care density, ping-pong transfers and BTI level per case in view. */
static json_t *cases_json(html_data *h)
{
    const sn_cases *cs = &h->r->an->cases;
    json_t *out = json_array();
    if (!cs->cases || cs->active == 0)
        return out;
    double *v = malloc(cs->n_cases * sizeof *v);
    if (!v) {
        h->failed = 1;
        return out;
    }
    const char *keys[4] = {"providers", "care_density", "pingpongs", "bti"};
    for (int k = 0; k < 4; k++) {
        size_t n = 0;
        for (uint32_t i = 0; i < cs->n_cases; i++) {
            const sn_case_stats *c = &cs->cases[i];
            if (c->bti == 0)
                continue; /* no contacts in the view */
            double x = k == 0   ? c->providers
                       : k == 1 ? c->care_density
                       : k == 2 ? c->pingpongs
                                : c->bti;
            if (isfinite(x))
                v[n++] = x;
        }
        json_t *hg = k == 1   ? histogram(h, keys[k], v, n, 0, 0.1, 10)
                     : k == 3 ? histogram(h, keys[k], v, n, 1, 1, 3)
                              : int_histogram(h, keys[k], v, n);
        if (n > 0)
            push(h, out, hg);
        else
            json_decref(hg);
    }
    free(v);
    return out;
}

/* Add to nodes every node of unit "ORG / UNIT" (0), or return -1 when there is no such unit. */
static int unit_nodes(html_data *h, const char *scope, json_t *nodes)
{
    const char *sep = strstr(scope, " / ");
    if (!sep)
        return -1;
    size_t len = strlen(scope) + 1;
    char *key = malloc(len);
    if (!key) {
        h->failed = 1;
        return -1;
    }
    snprintf(key, len, "%.*s\x1f%s", (int)(sep - scope), scope, sep + 3);
    json_t *u = json_object_get(h->unit_index, key);
    free(key);
    if (!u)
        return -1;
    uint32_t unit = (uint32_t)json_integer_value(u);
    size_t n = json_object_size(h->id_index);
    for (size_t v = 0; h->node_unit && v < n; v++)
        if (h->node_unit[v] == unit)
            push(h, nodes, json_integer((json_int_t)v));
    return 0;
}

/*
 * What a finding names: at the actor level, its scope (an actor id); at the
 * group level, each side of "A <-> B" or "A -> B" (or the whole scope) that
 * is an organisation, a unit ("ORGANISATION / UNIT") or a node id. Kinds of
 * actor, gathering series and the like name none.
 */
static void resolve_scope(html_data *h, json_t *f, json_t *nodes, json_t *orgs)
{
    const char *level = str_of(f, "level"), *scope = str_of(f, "scope");
    if (!level || !scope || strcmp(level, "network") == 0)
        return;
    char *copy = strdup(scope);
    if (!copy) {
        h->failed = 1;
        return;
    }
    char *parts[2] = {copy, NULL};
    char *arrow = strstr(copy, " <-> ");
    size_t skip = 5;
    if (!arrow) {
        arrow = strstr(copy, " -> ");
        skip = 4;
    }
    if (arrow && strcmp(level, "actor") != 0) {
        *arrow = '\0';
        parts[1] = arrow + skip;
    }
    for (int p = 0; p < 2 && parts[p]; p++) {
        json_t *o = json_object_get(h->org_index, parts[p]);
        json_t *id = json_object_get(h->id_index, parts[p]);
        if (o && strcmp(level, "actor") != 0)
            push(h, orgs, json_integer(json_integer_value(o)));
        else if (id)
            push(h, nodes, json_integer(json_integer_value(id)));
        else
            unit_nodes(h, parts[p], nodes);
    }
    free(copy);
}

/* findings: every lens's findings (then taken out of the report), with what they name. */
static json_t *findings_json(html_data *h)
{
    static const char *const keep[] = {"level",    "scope",  "label",  "concept",
                                       "evidence", "source", "reason", "test"};
    json_t *out = json_array();
    size_t i;
    json_t *lens;
    json_array_foreach(json_object_get(h->report, "lenses"), i, lens)
    {
        size_t j;
        json_t *f;
        json_array_foreach(json_object_get(lens, "findings"), j, f)
        {
            json_t *card = json_object();
            put(h, card, "lens", json_incref(json_object_get(lens, "name")));
            json_t *title = json_object_get(lens, "title");
            put(h, card, "title", title ? json_incref(title) : json_null());
            for (size_t k = 0; k < sizeof keep / sizeof *keep; k++) {
                json_t *v = json_object_get(f, keep[k]);
                put(h, card, keep[k], v ? json_incref(v) : json_null());
            }
            json_t *nodes = json_array(), *orgs = json_array();
            resolve_scope(h, f, nodes, orgs);
            put(h, card, "nodes", nodes);
            put(h, card, "organisations", orgs);
            push(h, out, card);
        }
        json_object_del(lens, "findings");
    }
    return out;
}

/* Leave out of the report what the page does not show and what grows with the data. */
static void trim_report(json_t *rep)
{
    json_object_del(json_object_get(rep, "meetings"), "series");
    json_t *tp = json_object_get(rep, "temporal");
    json_object_del(tp, "actors");
    json_object_del(tp, "group_pairs");
    json_object_del(json_object_get(json_object_get(rep, "cases"), "co_serving_without_contact"),
                    "top_pairs");
}

/* Write text, with '<', '>', '&', U+2028 and U+2029 as \u escapes (valid inside JSON strings). */
static int write_escaped(FILE *f, const char *s)
{
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *esc = NULL;
        size_t skip = 1;
        unsigned char c = (unsigned char)*p;
        if (c == '<')
            esc = "\\u003c";
        else if (c == '>')
            esc = "\\u003e";
        else if (c == '&')
            esc = "\\u0026";
        else if (c == 0xE2 && (unsigned char)p[1] == 0x80 &&
                 ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9)) {
            esc = (unsigned char)p[2] == 0xA8 ? "\\u2028" : "\\u2029";
            skip = 3;
        }
        if (!esc)
            continue;
        fwrite(run, 1, (size_t)(p - run), f);
        fputs(esc, f);
        p += skip - 1;
        run = p + 1;
    }
    fputs(run, f);
    return ferror(f) ? -1 : 0;
}

sn_status sn_report_html(const sn_report *r, FILE *out, sn_err *err)
{
    if (!r->ties)
        return sn_err_set(err, SN_EUSAGE, "the HTML report needs the ties (sn_analysis_ties)");
    html_data h = {0};
    h.r = r;
    sn_status rc = sn_report_json_build(r, &h.report, err);
    if (rc != SN_OK)
        return rc;
    h.id_index = json_object();
    h.org_index = json_object();
    h.unit_index = json_object();
    h.type_index = json_object();
    h.orgs = json_array();
    h.units = json_array();
    h.unit_org = json_array();
    h.types = json_array();
    json_t *data = json_object();
    json_t *map = json_object();
    json_t *channels = json_array();
    for (uint32_t c = 0; c < r->ties->details.n_channels; c++)
        push(&h, channels, json_string(sn_channel_name(r->store, (uint8_t)c)));
    put(&h, map, "level", json_string(sn_level_name(r->an->net.opts.level)));
    put(&h, map, "channels", channels);
    json_t *nodes = nodes_json(&h);
    put(&h, map, "organisations", json_incref(h.orgs));
    put(&h, map, "units", json_incref(h.units));
    put(&h, map, "unit_org", json_incref(h.unit_org));
    put(&h, map, "types", json_incref(h.types));
    put(&h, map, "nodes", nodes);
    ties_json(&h, map);
    put(&h, data, "schema", json_integer(1));
    put(&h, data, "lang", json_string(r->lang == SN_LANG_NB ? "nb" : "en"));
    put(&h, data, "version", json_string(SAMNETT_VERSION));
    put(&h, data, "map", map);
    put(&h, data, "daily", daily_json(&h));
    put(&h, data, "case_histograms", cases_json(&h));
    put(&h, data, "findings", findings_json(&h));
    trim_report(h.report);
    put(&h, data, "report", json_incref(h.report));
    char *text = h.failed ? NULL : json_dumps(data, JSON_COMPACT | JSON_REAL_PRECISION(7));
    json_decref(data);
    json_decref(h.report);
    json_decref(h.id_index);
    json_decref(h.org_index);
    json_decref(h.unit_index);
    json_decref(h.type_index);
    json_decref(h.orgs);
    json_decref(h.units);
    json_decref(h.unit_org);
    json_decref(h.types);
    free(h.node_unit);
    if (!text)
        return sn_err_set(err, SN_ENOMEM, "out of memory building the HTML report");
    fwrite(sni_html_head, 1, sni_html_head_len, out);
    fputs("<script type=\"application/json\" id=\"samnett-data\">", out);
    int bad = write_escaped(out, text);
    fputs("</script>", out);
    fwrite(sni_html_tail, 1, sni_html_tail_len, out);
    free(text);
    if (bad || fflush(out) != 0 || ferror(out))
        return sn_err_set(err, SN_EIO, "cannot write the HTML report");
    return SN_OK;
}
