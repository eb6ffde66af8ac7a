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
 * described in core/output/html/README.md. The columns, which grow with the
 * data, are written as they are read; the rest goes through jansson.
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
#include "samnett/privacy.h"
#include "format.h"
#include "html_assets.h"

/* Days of the contacts-per-day chart at most (about 270 years). */
#define MAX_DAYS 100000
/* Bins of an integer histogram at most (wider bins beyond). */
#define MAX_BINS 30

typedef struct html_data {
    const sn_report *r;
    FILE *f;
    json_t *report; /* the JSON report, parts moved out */
    json_t *actors; /* the report's actors (taken out of it) */
    size_t n_nodes;
    json_t *id_index, *org_index, *unit_index, *type_index; /* name -> index */
    json_t *orgs, *units, *unit_org, *types;
    int32_t *node_org, *node_unit, *node_type; /* -1: none */
    int failed;
} html_data;

/* ---- writing JSON text that is safe inside a script element ---- */

/* A JSON string (null for NULL), with '<', '>', '&', U+2028 and U+2029 escaped. */
static void w_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    putc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            putc('\\', f);
            putc(c, f);
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            fprintf(f, "\\u%04x", c);
        } else if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            fprintf(f, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
            p += 2;
        } else {
            putc(c, f);
        }
    }
    putc('"', f);
}

/* A whole number (the columns hold millions of them: no printf). */
static void w_int(FILE *f, long long x)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (x < 0)
        *--p = '-';
    fwrite(p, 1, (size_t)(buf + sizeof buf - p), f);
}

/* A number: whole numbers exactly, others to 7 significant digits; null when not finite. */
static void w_num(FILE *f, double x)
{
    if (!isfinite(x))
        fputs("null", f);
    else if (x == floor(x) && fabs(x) < 1e15)
        w_int(f, (long long)x);
    else
        fprintf(f, "%.7g", x);
}

/* A count under the small-cell rule of r: null when it is suppressed (or hidden). */
static void w_count(FILE *f, const sn_report *r, double x, int hidden)
{
    if (hidden || sni_cells_count(r, x))
        fputs("null", f);
    else
        w_num(f, x);
}

/* A date (YYYY-MM-DD, UTC) of t, as a JSON string. */
static void w_date(FILE *f, int64_t t)
{
    char buf[40];
    sn_time_format(t, buf, sizeof buf);
    buf[10] = '\0';
    fprintf(f, "\"%s\"", buf);
}

/* Text, with '<', '>', '&', U+2028 and U+2029 as \u escapes (valid inside JSON strings). */
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

/* A jansson value, compact, escaped as above; null when v is NULL. */
static void w_json(html_data *h, json_t *v)
{
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10)) : NULL;
    if (v && !text)
        h->failed = 1;
    if (!text || write_escaped(h->f, text) != 0)
        fputs("null", h->f);
    free(text);
}

/* A key and its colon, after a comma unless first. */
static void w_key(FILE *f, const char *key, int first)
{
    if (!first)
        putc(',', f);
    w_str(f, key);
    putc(':', f);
}

/* ---- the data's parts ---- */

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
static int32_t intern(html_data *h, json_t *index, json_t *list, const char *name)
{
    if (!name || !*name)
        return -1;
    json_t *i = json_object_get(index, name);
    if (i)
        return (int32_t)json_integer_value(i);
    int32_t n = (int32_t)json_array_size(list);
    put(h, index, name, json_integer(n));
    push(h, list, json_string(name));
    return n;
}

static const char *str_of(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/*
 * The organisation, unit and kind of every node (from the report's actors,
 * which are then taken out of it), and the indexes of ids and names. A unit
 * is named within its organisation: its index key is "ORG\x1fUNIT".
 */
static void index_nodes(html_data *h)
{
    h->actors = json_incref(json_object_get(h->report, "actors"));
    json_object_del(h->report, "actors");
    size_t n = h->n_nodes = json_array_size(h->actors);
    h->node_org = malloc((n + 1) * sizeof *h->node_org);
    h->node_unit = malloc((n + 1) * sizeof *h->node_unit);
    h->node_type = malloc((n + 1) * sizeof *h->node_type);
    if (!h->node_org || !h->node_unit || !h->node_type) {
        h->failed = 1;
        return;
    }
    for (size_t v = 0; v < n; v++) {
        json_t *a = json_array_get(h->actors, v);
        const char *id = str_of(a, "id"), *o = str_of(a, "organisation"), *u = str_of(a, "unit");
        put(h, h->id_index, id ? id : "", json_integer((json_int_t)v));
        h->node_org[v] = intern(h, h->org_index, h->orgs, o);
        h->node_type[v] = intern(h, h->type_index, h->types, str_of(a, "type"));
        h->node_unit[v] = -1;
        if (u && *u) {
            size_t len = strlen(o ? o : "") + strlen(u) + 2;
            char *key = malloc(len);
            if (!key) {
                h->failed = 1;
                continue;
            }
            snprintf(key, len, "%s\x1f%s", o ? o : "", u);
            size_t before = json_array_size(h->units);
            int32_t ui = intern(h, h->unit_index, h->units, key);
            if (json_array_size(h->units) > before) {
                json_array_set_new(h->units, (size_t)ui, json_string(u));
                push(h, h->unit_org, json_integer(h->node_org[v]));
            }
            h->node_unit[v] = ui;
            free(key);
        }
    }
}

/* A column of node values: m[v] for every node. */
static void w_ints(FILE *f, const int32_t *m, size_t n)
{
    putc('[', f);
    for (size_t v = 0; v < n; v++) {
        if (v)
            putc(',', f);
        w_int(f, m[v]);
    }
    putc(']', f);
}

/* A jansson number as a double (NaN for anything else). */
static double num_of(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/*
 * The columns of one member of the actors' objects (key, e.g. "metrics"):
 * for each of its keys, one array over the nodes (sub: that member of each
 * value, e.g. "raw"), null where an actor lacks it. The keys are those of
 * the first actor that has the member; each actor's object is read in one
 * pass (its keys come in the same order), looked up only where they do not.
 */
static void w_node_columns(html_data *h, const char *key, const char *sub)
{
    FILE *f = h->f;
    size_t n = h->n_nodes;
    json_t *first = NULL;
    for (size_t v = 0; v < n && !first; v++)
        first = json_object_get(json_array_get(h->actors, v), key);
    size_t k = json_object_size(first);
    const char **names = malloc((k + 1) * sizeof *names);
    double *val = malloc((k * n + 1) * sizeof *val);
    if (!names || !val) {
        h->failed = 1;
        k = 0;
    }
    size_t i = 0;
    const char *name;
    json_t *x;
    json_object_foreach(first, name, x)
    {
        if (i < k)
            names[i++] = name;
    }
    for (size_t v = 0; v < n && k; v++) {
        json_t *o = json_object_get(json_array_get(h->actors, v), key);
        size_t at = 0;
        for (size_t c = 0; c < k; c++)
            val[c * n + v] = NAN;
        json_object_foreach(o, name, x)
        {
            size_t c = at < k && strcmp(name, names[at]) == 0 ? at : k;
            for (size_t j = 0; c == k && j < k; j++)
                if (strcmp(name, names[j]) == 0)
                    c = j;
            if (c < k)
                val[c * n + v] = num_of(sub ? json_object_get(x, sub) : x);
            at = c + 1;
        }
    }
    putc('{', f);
    for (size_t c = 0; c < k; c++) {
        w_key(f, names[c], c == 0);
        putc('[', f);
        for (size_t v = 0; v < n; v++) {
            if (v)
                putc(',', f);
            w_num(f, val[c * n + v]);
        }
        putc(']', f);
    }
    putc('}', f);
    free(names);
    free(val);
}

/* map.nodes */
static void w_nodes(html_data *h)
{
    FILE *f = h->f;
    const sn_layout *l = h->r->layout;
    size_t n = h->n_nodes;
    fputs("{\"id\":[", f);
    for (size_t v = 0; v < n; v++) {
        if (v)
            putc(',', f);
        const char *id = str_of(json_array_get(h->actors, v), "id");
        w_str(f, id ? id : "");
    }
    /* under shared no actor has a name: the column is left out */
    if (!h->r->privacy || h->r->privacy->profile != SN_PRIVACY_SHARED) {
        fputs("],\"name\":[", f);
        for (size_t v = 0; v < n; v++) {
            if (v)
                putc(',', f);
            const char *name = str_of(json_array_get(h->actors, v), "name");
            w_str(f, name && *name ? name : NULL);
        }
    }
    fputs("],\"org\":", f);
    w_ints(f, h->node_org, n);
    fputs(",\"unit\":", f);
    w_ints(f, h->node_unit, n);
    fputs(",\"type\":", f);
    w_ints(f, h->node_type, n);
    fputs(",\"members\":[", f);
    for (size_t v = 0; v < n; v++) {
        json_t *m = json_object_get(json_array_get(h->actors, v), "members");
        if (v)
            putc(',', f);
        if (json_is_null(m)) /* suppressed by the small-cell rule */
            fputs("null", f);
        else
            w_int(f, m ? (long long)json_integer_value(m) : 1);
    }
    for (int axis = 0; axis < 2; axis++) {
        fputs(axis ? "],\"y\":[" : "],\"x\":[", f);
        for (size_t v = 0; v < n; v++) {
            if (v)
                putc(',', f);
            w_num(f, l && v < l->n_nodes ? (axis ? l->y[v] : l->x[v]) : NAN);
        }
    }
    fputs("],\"measures\":", f);
    w_node_columns(h, "metrics", NULL);
    fputs(",\"brokerage\":", f);
    w_node_columns(h, "brokerage", "raw");
    putc('}', f);
}

/*
 * map.groups: for each level above the network's, the name of each node's
 * group as that level's nodes are named (sn_net_group_label), so that the
 * page groups the nodes as the engine does: {"unit": {"labels": [..],
 * "node": [group index per node]}, "organisation": {..}}.
 */
static void w_groups(html_data *h)
{
    FILE *f = h->f;
    const sn_net *net = &h->r->an->net;
    int first = 1;
    putc('{', f);
    for (sn_level level = net->opts.level + 1; level <= SN_LEVEL_ORGANISATION; level++) {
        json_t *index = json_object(), *labels = json_array();
        int32_t *group = malloc(((size_t)net->n_nodes + 1) * sizeof *group);
        if (!index || !labels || !group)
            h->failed = 1;
        char buf[1024];
        for (uint32_t v = 0; v < net->n_nodes && !h->failed; v++) {
            sn_net_group_label(h->r->store, net->node_actor[v], level, buf, sizeof buf);
            group[v] = intern(h, index, labels, buf);
        }
        w_key(f, sn_level_name(level), first);
        first = 0;
        fputs("{\"labels\":", f);
        w_json(h, labels);
        fputs(",\"node\":", f);
        if (!h->failed)
            w_ints(f, group, net->n_nodes);
        else
            fputs("[]", f);
        putc('}', f);
        json_decref(index);
        json_decref(labels);
        free(group);
    }
    putc('}', f);
}

/*
 * map.ties: the network's ties as columns; under shared without the ties of
 * fewer than K contacts (sni_cells_tie_shown), and under the small-cell rule
 * a hidden count null.
 */
static void w_ties(html_data *h)
{
    FILE *f = h->f;
    const sn_report *r = h->r;
    const sn_net *net = &r->an->net;
    const sn_tie_details *d = &r->ties->details;
    size_t m = net->n_ties;
    unsigned char *hide = calloc(d->n_channels + 1, 1);
    if (!hide)
        h->failed = 1;
    static const char *const cols[] = {"from",     "to",    "weight", "contacts",
                                       "channels", "first", "last"};
    putc('{', f);
    for (int c = 0; c < 7; c++) {
        w_key(f, cols[c], c == 0);
        putc('[', f);
        int first = 1;
        for (size_t k = 0; k < m && hide; k++) {
            if (!sni_cells_tie_shown(r, k))
                continue;
            if (!first)
                putc(',', f);
            first = 0;
            int any = d->first[k] <= d->last[k];
            switch (c) {
            case 0:
                w_int(f, sn_tie_from(net, k));
                break;
            case 1:
                w_int(f, sn_tie_to(net, k));
                break;
            case 2:
                w_count(f, r, net->tie_weight[k], 0);
                break;
            case 3:
                w_count(f, r, net->tie_contacts[k], 0);
                break;
            case 4:
                if (sni_cells_on(r) && sni_cells_tie_channels(r, k, hide) != 0)
                    h->failed = 1;
                putc('[', f);
                for (uint32_t ch = 0; ch < d->n_channels; ch++) {
                    if (ch)
                        putc(',', f);
                    w_count(f, r, d->channels[k * d->n_channels + ch], hide[ch]);
                }
                putc(']', f);
                break;
            default:
                if (any)
                    w_date(f, c == 5 ? d->first[k] : d->last[k]);
                else
                    fputs("null", f);
            }
        }
        putc(']', f);
    }
    putc('}', f);
    free(hide);
}

/* map.windows: each window's label, first and last day, ties present and their weights. */
static void w_windows(html_data *h)
{
    FILE *f = h->f;
    const sn_network_ties *t = h->r->ties;
    const sn_temporal *tp = &h->r->an->temporal;
    size_t m = h->r->an->net.n_ties, nw = t->n_windows;
    json_t *labels = json_object_get(json_object_get(h->report, "temporal"), "windows");
    /* the ties of each window, by inverting the windows of each tie (ascending in both) */
    size_t *start = calloc(nw + 2, sizeof *start);
    size_t total = nw ? t->tie_start[m] : 0;
    uint32_t *tie = malloc((total + 1) * sizeof *tie);
    double *weight = malloc((total + 1) * sizeof *weight);
    if (!start || !tie || !weight) {
        h->failed = 1;
        nw = 0;
    }
    for (size_t i = 0; i < total && nw; i++)
        start[t->tie_window[i] + 2]++;
    for (size_t w = 2; w < nw + 2 && nw; w++)
        start[w] += start[w - 1];
    /* the ties as map.ties numbers them: the ties shown (sni_cells_tie_shown) */
    for (size_t k = 0, shown = 0; k < m && nw; shown += sni_cells_tie_shown(h->r, k), k++)
        for (size_t i = t->tie_start[k]; i < t->tie_start[k + 1]; i++) {
            size_t at = start[t->tie_window[i] + 1]++;
            tie[at] = sni_cells_tie_shown(h->r, k) ? (uint32_t)shown : UINT32_MAX;
            weight[at] = t->tie_weight[i];
        }
    putc('[', f);
    for (size_t w = 0; w < nw; w++) {
        if (w)
            putc(',', f);
        fputs("{\"label\":", f);
        w_str(f, str_of(json_array_get(labels, w), "label"));
        fputs(",\"start\":", f);
        w_date(f, tp->windows[w].start);
        fputs(",\"end\":", f);
        w_date(f, tp->windows[w].end - 1);
        fputs(",\"ties\":[", f);
        int first = 1;
        for (size_t i = start[w]; i < start[w + 1]; i++) {
            if (tie[i] == UINT32_MAX)
                continue;
            if (!first)
                putc(',', f);
            first = 0;
            w_int(f, tie[i]);
        }
        fputs("],\"weight\":[", f);
        first = 1;
        for (size_t i = start[w]; i < start[w + 1]; i++) {
            if (tie[i] == UINT32_MAX)
                continue;
            if (!first)
                putc(',', f);
            first = 0;
            w_count(f, h->r, weight[i], 0);
        }
        fputs("]}", f);
    }
    putc(']', f);
    free(start);
    free(tie);
    free(weight);
}

/* The day (since 1970-01-01, UTC) of t. */
static int64_t day_of(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* daily: the view's contacts per day (UTC) and channel. */
static void w_daily(html_data *h)
{
    FILE *f = h->f;
    const sn_store *s = h->r->store;
    const sn_view_opts *view = &h->r->an->net.opts;
    uint32_t n_channels = h->r->ties->details.n_channels;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < s->n; i++)
        if (sn_view_keeps(view, s, i)) {
            int64_t day = day_of(sn_store_time(s, i));
            lo = day < lo ? day : lo;
            hi = day > hi ? day : hi;
        }
    uint32_t *count = NULL;
    size_t days = 0;
    if (lo <= hi && hi - lo < MAX_DAYS) {
        days = (size_t)(hi - lo + 1);
        count = calloc(days * (n_channels ? n_channels : 1), sizeof *count);
        if (!count)
            h->failed = 1;
    }
    if (!count) {
        fputs("{\"start\":null,\"days\":0,\"channels\":{}}", f);
        return;
    }
    for (size_t i = 0; i < s->n; i++)
        if (sn_view_keeps(view, s, i) && s->channel[i] < n_channels)
            count[(size_t)s->channel[i] * days + (size_t)(day_of(sn_store_time(s, i)) - lo)]++;
    /*
     * Under the small-cell rule, each channel's days as one row with its total
     * shown (the report's contacts per channel): a day hidden may take another.
     */
    double *x = NULL;
    unsigned char *hide = NULL;
    if (sni_cells_on(h->r)) {
        x = malloc(days * sizeof *x);
        hide = calloc(days, 1);
        if (!x || !hide)
            h->failed = 1;
    }
    fputs("{\"start\":", f);
    w_date(f, lo * 86400);
    fprintf(f, ",\"days\":%zu,\"channels\":{", days);
    for (uint32_t c = 0; c < n_channels; c++) {
        w_key(f, sn_channel_name(s, (uint8_t)c), c == 0);
        if (x && hide) {
            for (size_t d = 0; d < days; d++)
                x[d] = count[(size_t)c * days + d];
            sn_privacy_cells(h->r->privacy, x, 1, days, 1, 0, hide);
        }
        putc('[', f);
        for (size_t d = 0; d < days; d++) {
            if (d)
                putc(',', f);
            w_count(f, h->r, count[(size_t)c * days + d], hide && hide[d]);
        }
        putc(']', f);
    }
    fputs("}}", f);
    free(x);
    free(hide);
    free(count);
}

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
    /* under the small-cell rule the bins are one row with their total (the cases) shown */
    double *x = sni_cells_on(h->r) ? malloc(bins * sizeof *x) : NULL;
    unsigned char *hide = x ? calloc(bins, 1) : NULL;
    if (sni_cells_on(h->r) && !hide)
        h->failed = 1;
    for (size_t b = 0; hide && b < bins; b++)
        x[b] = (double)c[b];
    if (hide)
        sn_privacy_cells(h->r->privacy, x, 1, bins, 1, 0, hide);
    for (size_t b = 0; b < bins; b++) {
        push(h, starts, json_real(lo + (double)b * width));
        push(h, counts, hide && hide[b] ? json_null() : json_integer(c[b]));
    }
    free(x);
    free(hide);
    free(c);
    return json_pack("{s:s, s:o, s:f, s:o}", "key", key, "bins", starts, "width", width, "counts",
                     counts);
}

/* The range of v[0..n) (0, 0 when empty). */
static void range_of(const double *v, size_t n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        *lo = v[i] < *lo ? v[i] : *lo;
        *hi = v[i] > *hi ? v[i] : *hi;
    }
    if (n == 0)
        *lo = *hi = 0;
}

/* An integer histogram of v[0..n): one bin per value, or wider so that there are MAX_BINS. */
static json_t *int_histogram(html_data *h, const char *key, const double *v, size_t n)
{
    double lo, hi;
    range_of(v, n, &lo, &hi);
    double width = ceil((hi - lo + 1) / MAX_BINS);
    width = width < 1 ? 1 : width;
    return histogram(h, key, v, n, lo, width, (size_t)((hi - lo) / width) + 1);
}

/*
 * A histogram of real values v[0..n): 20 bins of a round width (1, 2 or 5
 * times a power of ten) from a multiple of it, covering the values' range.
 */
static json_t *real_histogram(html_data *h, const char *key, const double *v, size_t n)
{
    double lo, hi;
    range_of(v, n, &lo, &hi);
    double raw = (hi - lo) / 20, width = 1;
    if (raw > 0) {
        double p = pow(10, floor(log10(raw)));
        width = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
    }
    double start = floor(lo / width) * width;
    size_t bins = (size_t)floor((hi - start) / width) + 1;
    return histogram(h, key, v, n, start, width, bins > 40 ? 40 : bins);
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
        json_t *hg = k == 1   ? real_histogram(h, keys[k], v, n)
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
    int32_t unit = (int32_t)json_integer_value(u);
    for (size_t v = 0; v < h->n_nodes; v++)
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

sn_status sn_report_html(const sn_report *r, FILE *out, sn_err *err)
{
    if (!r->ties)
        return sn_err_set(err, SN_EUSAGE, "the HTML report needs the ties (sn_analysis_ties)");
    html_data h = {0};
    h.r = r;
    h.f = out;
    sn_status rc = sni_report_json_build_page(r, &h.report, err);
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
    index_nodes(&h);
    json_t *findings = findings_json(&h);
    json_t *cases = cases_json(&h);
    trim_report(h.report);
    json_t *channels = json_array();
    for (uint32_t c = 0; c < r->ties->details.n_channels; c++)
        push(&h, channels, json_string(sn_channel_name(r->store, (uint8_t)c)));

    fwrite(sni_html_head, 1, sni_html_head_len, out);
    fputs("<script type=\"application/json\" id=\"samnett-data\">", out);
    fprintf(out, "{\"schema\":1,\"lang\":\"%s\",\"version\":", r->lang == SN_LANG_NB ? "nb" : "en");
    w_str(out, SAMNETT_VERSION);
    fputs(",\"command\":[", out);
    for (size_t i = 0; i < r->n_command && r->command; i++) {
        if (i)
            putc(',', out);
        w_str(out, r->command[i]);
    }
    fputs("],\"map\":{\"level\":", out);
    w_str(out, sn_level_name(r->an->net.opts.level));
    fputs(",\"channels\":", out);
    w_json(&h, channels);
    fputs(",\"organisations\":", out);
    w_json(&h, h.orgs);
    fputs(",\"units\":", out);
    w_json(&h, h.units);
    fputs(",\"unit_org\":", out);
    w_json(&h, h.unit_org);
    fputs(",\"types\":", out);
    w_json(&h, h.types);
    fputs(",\"nodes\":", out);
    if (!h.failed)
        w_nodes(&h);
    fputs(",\"groups\":", out);
    w_groups(&h);
    fputs(",\"ties\":", out);
    w_ties(&h);
    fputs(",\"windows\":", out);
    w_windows(&h);
    /* the ties are in map.ties (sni_report_json_build_page leaves them out) */
    fputs("},\"daily\":", out);
    w_daily(&h);
    fputs(",\"case_histograms\":", out);
    w_json(&h, cases);
    fputs(",\"findings\":", out);
    w_json(&h, findings);
    fputs(",\"report\":", out);
    w_json(&h, h.report);
    fputs("}</script>", out);
    fwrite(sni_html_tail, 1, sni_html_tail_len, out);

    json_decref(channels);
    json_decref(findings);
    json_decref(cases);
    json_decref(h.report);
    json_decref(h.actors);
    json_decref(h.id_index);
    json_decref(h.org_index);
    json_decref(h.unit_index);
    json_decref(h.type_index);
    json_decref(h.orgs);
    json_decref(h.units);
    json_decref(h.unit_org);
    json_decref(h.types);
    free(h.node_org);
    free(h.node_unit);
    free(h.node_type);
    if (h.failed)
        return sn_err_set(err, SN_ENOMEM, "out of memory writing the HTML report");
    if (fflush(out) != 0 || ferror(out))
        return sn_err_set(err, SN_EIO, "cannot write the HTML report");
    return SN_OK;
}
