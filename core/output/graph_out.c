/*
 * graph_out.c - the network itself as GraphML and GEXF 1.2 (sn_report_graphml,
 * sn_report_gexf in samnett/output.h), and the ties and the network's figures
 * as CSV (ties.csv, network.csv).
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/layout.h"
#include "samnett/output.h"
#include "samnett/privacy.h"
#include "format.h"

/* ---- the attributes of the nodes and ties ---- */

typedef enum col_type { T_STRING, T_LONG, T_DOUBLE, T_BOOL } col_type;

static const char *const type_graphml[] = {"string", "long", "double", "boolean"};
static const char *const type_gexf[] = {"string", "long", "double", "boolean"};

static const char *const metric_names[] = {
    "degree_in", "degree_out", "strength_in", "strength_out",   "betweenness",
    "closeness", "harmonic",   "reachable",   "pagerank",       "eigenvector",
    "hub",       "authority",  "constraint",  "effective_size", "efficiency",
};
#define N_METRICS (sizeof metric_names / sizeof metric_names[0])
/* The measures that are counts (degrees, strengths, reachable): under the small-cell rule. */
static int metric_is_count(size_t k)
{
    return k <= 3 || k == 7;
}

static double metric(const sn_node_metrics *m, size_t k, uint32_t v)
{
    const double *cols[] = {m->degree_in,   m->degree_out,     m->strength_in, m->strength_out,
                            m->betweenness, m->closeness,      m->harmonic,    NULL,
                            m->pagerank,    m->eigenvector,    m->hub,         m->authority,
                            m->constraint,  m->effective_size, m->efficiency};
    return cols[k] ? cols[k][v] : (double)m->reachable[v];
}

static col_type metric_type(size_t k)
{
    return k == 0 || k == 1 || k == 7 ? T_LONG : T_DOUBLE;
}

static const char *const actor_attr_names[SN_ATTR_COUNT] = {
    "name", "type", "organisation", "unit", "rank", "profession",
};

int sni_out_extras_find(const sn_report *r, sni_extras *x)
{
    const sn_store *s = r->store;
    const sn_net *net = &r->an->net;
    x->n = 0;
    x->key = NULL;
    if (net->opts.level != SN_LEVEL_ACTOR)
        return 0;
    uint32_t n_strings = sn_intern_count(s->strings);
    unsigned char *seen = calloc(n_strings + 1, 1);
    x->key = malloc((n_strings + 1) * sizeof *x->key);
    if (!seen || !x->key) {
        free(seen);
        free(x->key);
        x->key = NULL;
        return -1;
    }
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        const sn_actor *ac = &s->actors[net->node_actor[v]];
        for (uint32_t i = 0; i < ac->extra_count; i++) {
            uint32_t k = s->extra_key[ac->extra_first + i];
            if (!seen[k]) {
                seen[k] = 1;
                x->key[x->n++] = k;
            }
        }
    }
    free(seen);
    return 0;
}

const char *sni_out_extra_value(const sn_store *s, uint32_t actor, uint32_t key)
{
    const sn_actor *ac = &s->actors[actor];
    for (uint32_t i = 0; i < ac->extra_count; i++)
        if (s->extra_key[ac->extra_first + i] == key)
            return sn_intern_str(s->strings, s->extra_val[ac->extra_first + i]);
    return NULL;
}

/*
 * Text as XML character data or an attribute value: markup characters as
 * entities; TAB, LF and CR as character references (an attribute value keeps
 * them); the other C0 controls, which XML 1.0 cannot hold at all, and bytes
 * that are not UTF-8 as the text report shows them (\xNN); so are U+FFFE and
 * U+FFFF. Everything else, DEL and the C1 controls too, as it is.
 */
static void xml_text(FILE *f, const char *s)
{
    size_t len = strlen(s);
    while (len) {
        unsigned char c = (unsigned char)*s;
        size_t n = 1;
        if (c == '&')
            fputs("&amp;", f);
        else if (c == '<')
            fputs("&lt;", f);
        else if (c == '>')
            fputs("&gt;", f);
        else if (c == '"')
            fputs("&quot;", f);
        else if (c == '\'')
            fputs("&apos;", f);
        else if (c == '\t' || c == '\n' || c == '\r')
            fprintf(f, "&#%d;", c);
        else if (c < 0x20)
            fprintf(f, "\\x%02x", c);
        else if (c < 0x80)
            fputc(c, f);
        else {
            char shown[SN_ESCAPE_MAX];
            size_t shown_len;
            n = sn_escape_next(s, len, shown, &shown_len);
            int c1 = n == 2 && c == 0xc2; /* U+0080..U+009F, escaped by sn_escape_next */
            int nonchar =
                n == 3 && c == 0xef && (unsigned char)s[1] == 0xbf && (unsigned char)s[2] >= 0xbe;
            if (nonchar)
                fputs((unsigned char)s[2] == 0xbe ? "\\ufffe" : "\\uffff", f);
            else if (shown_len == n || c1)
                fwrite(s, 1, n, f);
            else
                fwrite(shown, 1, shown_len, f);
        }
        s += n;
        len -= n;
    }
}

/* The decimal digits of u, ending at end; returns their start. */
static char *digits(unsigned long long u, char *end)
{
    do {
        *--end = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    return end;
}

static void xml_number(FILE *f, double x, col_type t)
{
    if (t != T_LONG) {
        sni_out_number(f, x);
    } else if (x == floor(x) && fabs(x) < 1e18) { /* "%.0f" without printf */
        char buf[24], *end = buf + sizeof buf, *p = digits((unsigned long long)fabs(x), end);
        if (signbit(x))
            *--p = '-';
        fwrite(p, 1, (size_t)(end - p), f);
    } else {
        fprintf(f, "%.0f", x);
    }
}

/* `      <data key="KINDc">` (KIND n or e), as the fprintf it stands for: many a file. */
static void data_key(FILE *f, char kind, size_t c)
{
    static const char head[] = "      <data key=\"";
    char buf[64], *end = buf + sizeof buf - 2, *p = digits(c, end);
    *--p = kind;
    p -= sizeof head - 1;
    memcpy(p, head, sizeof head - 1);
    end[0] = '"';
    end[1] = '>';
    fwrite(p, 1, (size_t)(end + 2 - p), f);
}

/*
 * One column of the files: its name, its type and which element it belongs to.
 * The writers below walk the same list, so GraphML and GEXF cannot declare
 * different attributes.
 */
typedef struct column {
    char name[160];
    col_type type;
    unsigned char count; /* a count: under the small-cell rule */
    unsigned char off;   /* left out (a name or profession under shared: none is kept) */
} column;

typedef struct columns {
    size_t n, cap;
    column *c;
} columns;

static int col_add(columns *cs, const char *prefix, const char *name, col_type t)
{
    if (cs->n == cs->cap) {
        size_t nc = cs->cap ? 2 * cs->cap : 64;
        column *c = realloc(cs->c, nc * sizeof *c);
        if (!c)
            return -1;
        cs->c = c, cs->cap = nc;
    }
    snprintf(cs->c[cs->n].name, sizeof cs->c[cs->n].name, "%s%s", prefix, name);
    cs->c[cs->n].count = cs->c[cs->n].off = 0;
    cs->c[cs->n++].type = t;
    return 0;
}

typedef struct graph {
    const sn_report *r;
    const sn_network_ties *ties;
    sni_extras x;
    int actor_level, has_metrics, has_brokerage;
    columns node, edge;
    size_t node_extra_at;    /* the first extra attribute among node's columns */
    size_t node_roles_at;    /* the first brokerage role among node's columns */
    unsigned char *tie_hide; /* the small-cell flags of a tie's channels (sni_cells_tie_channels) */
} graph;

static void graph_free(graph *g)
{
    free(g->x.key);
    free(g->tie_hide);
    free(g->node.c);
    free(g->edge.c);
}

/*
 * An extra actor attribute named as a column of the files (a standard
 * attribute, a measure, a brokerage role) or as one already taken is written
 * as attr_NAME.
 */
static int name_taken(const columns *cs, const char *name)
{
    for (size_t c = 0; c < cs->n; c++)
        if (strcmp(cs->c[c].name, name) == 0)
            return 1;
    for (size_t k = 0; k < N_METRICS; k++)
        if (strcmp(metric_names[k], name) == 0)
            return 1;
    return strcmp(name, "members") == 0 || strncmp(name, "brokerage_", 10) == 0 ||
           strncmp(name, "attr_", 5) == 0;
}

static sn_status graph_init(graph *g, const sn_report *r, sn_err *err)
{
    memset(g, 0, sizeof *g);
    g->r = r;
    g->ties = r->ties;
    if (!g->ties)
        return sn_err_set(err, SN_EUSAGE, "the network files need the ties (sn_analysis_ties)");
    const sn_analysis *an = r->an;
    const sn_store *s = r->store;
    g->actor_level = an->net.opts.level == SN_LEVEL_ACTOR;
    g->has_metrics = an->metrics.node.degree_in != NULL;
    g->has_brokerage = an->brokerage.raw != NULL && an->n_partitions > 0;
    int bad = sni_out_extras_find(r, &g->x);
    int shared = r->privacy && r->privacy->profile == SN_PRIVACY_SHARED;
    if (g->actor_level) {
        for (int a = 0; a < SN_ATTR_COUNT; a++) {
            bad |= col_add(&g->node, "", actor_attr_names[a], T_STRING);
            if (!bad && shared && (a == SN_ATTR_NAME || a == SN_ATTR_PROFESSION))
                g->node.c[g->node.n - 1].off = 1;
        }
        bad |= col_add(&g->node, "", "auto_created", T_BOOL);
        g->node_extra_at = g->node.n;
        for (uint32_t i = 0; i < g->x.n; i++) {
            const char *name = sn_intern_str(s->strings, g->x.key[i]);
            bad |= col_add(&g->node, name_taken(&g->node, name) ? "attr_" : "", name, T_STRING);
        }
    } else {
        bad |= col_add(&g->node, "", "organisation", T_STRING);
        if (an->net.opts.level == SN_LEVEL_UNIT)
            bad |= col_add(&g->node, "", "unit", T_STRING);
        bad |= col_add(&g->node, "", "members", T_LONG);
        if (!bad)
            g->node.c[g->node.n - 1].count = 1;
        g->node_extra_at = g->node.n; /* no extra attributes: the measures follow */
    }
    for (size_t k = 0; g->has_metrics && k < N_METRICS; k++) {
        bad |= col_add(&g->node, "", metric_names[k], metric_type(k));
        if (!bad)
            g->node.c[g->node.n - 1].count = metric_is_count(k);
    }
    g->node_roles_at = g->node.n;
    for (int role = 0; g->has_brokerage && role < SN_ROLES; role++) {
        bad |= col_add(&g->node, "brokerage_", sn_role_name(role), T_DOUBLE);
        if (!bad)
            g->node.c[g->node.n - 1].count = 1;
    }
    bad |= col_add(&g->edge, "", "weight", T_DOUBLE);
    bad |= col_add(&g->edge, "", "contacts", T_DOUBLE);
    for (uint32_t ch = 0; ch < g->ties->details.n_channels; ch++)
        bad |= col_add(&g->edge, "contacts_", sn_channel_name(s, (uint8_t)ch), T_LONG);
    for (size_t c = 0; !bad && c < g->edge.n; c++)
        g->edge.c[c].count = 1;
    g->tie_hide = malloc(g->ties->details.n_channels + 1);
    bad |= g->tie_hide == NULL;
    bad |= col_add(&g->edge, "", "first", T_STRING);
    bad |= col_add(&g->edge, "", "last", T_STRING);
    if (bad) {
        graph_free(g);
        return sn_err_set(err, SN_ENOMEM, "out of memory writing the network");
    }
    return SN_OK;
}

/* The value of node column c for node v: a string (*str) or a number (returns 1), or nothing. */
static int node_value(const graph *g, size_t c, uint32_t v, const char **str, double *num)
{
    const sn_analysis *an = g->r->an;
    const sn_store *s = g->r->store;
    uint32_t actor = an->net.node_actor[v];
    *str = NULL;
    if (g->actor_level) {
        if (c < SN_ATTR_COUNT) {
            *str = sn_store_attr(s, actor, (sn_attr)c);
            return 0;
        }
        if (c == SN_ATTR_COUNT) {
            *num = s->actors[actor].auto_created;
            return 1;
        }
        if (c < g->node_extra_at + g->x.n) {
            *str = sni_out_extra_value(s, actor, g->x.key[c - g->node_extra_at]);
            return 0;
        }
        c -= g->node_extra_at + g->x.n;
    } else {
        int unit = an->net.opts.level == SN_LEVEL_UNIT;
        if (c == 0 || (unit && c == 1)) {
            *str = sn_store_attr(s, actor, c == 0 ? SN_ATTR_ORGANISATION : SN_ATTR_UNIT);
            return 0;
        }
        if (c == g->node_extra_at - 1) {
            *num = an->net.node_size[v];
            return 1;
        }
        c -= g->node_extra_at;
    }
    if (g->has_metrics) {
        if (c < N_METRICS) {
            *num = metric(&an->metrics.node, c, v);
            return 1;
        }
        c -= N_METRICS;
    }
    *num = an->brokerage.raw[(size_t)v * SN_ROLES + c];
    return 1;
}

/* The value of edge column c for tie k (as node_value). */
static int edge_value(const graph *g, size_t c, size_t k, const char **str, double *num, char *buf,
                      size_t cap)
{
    const sn_net *net = &g->r->an->net;
    const sn_tie_details *d = &g->ties->details;
    *str = NULL;
    if (c == 0) {
        *num = net->tie_weight[k];
        return 1;
    }
    if (c == 1) {
        *num = net->tie_contacts[k];
        return 1;
    }
    if (c < 2 + d->n_channels) {
        *num = (double)d->channels[k * d->n_channels + (c - 2)];
        return 1;
    }
    int64_t t = c == 2 + d->n_channels ? d->first[k] : d->last[k];
    if (d->first[k] > d->last[k])
        return 0; /* no contact on the tie (meetings projected) */
    sn_time_format(t, buf, cap);
    *str = buf;
    return 0;
}

/*
 * Whether the count of node column c for node v (num) is not shown under the
 * small-cell rule; hide is the node's brokerage flags (sni_cells_brokerage).
 */
static int node_hidden(const graph *g, size_t c, double num, const unsigned char *hide)
{
    if (!g->node.c[c].count)
        return 0;
    if (g->has_brokerage && c >= g->node_roles_at && hide[c - g->node_roles_at])
        return 1;
    return sni_cells_count(g->r, num);
}

/* The brokerage flags of node v into hide (all shown without brokerage). */
static void node_cells(const graph *g, uint32_t v, unsigned char *hide)
{
    memset(hide, 0, SN_ROLES);
    if (g->has_brokerage && sni_cells_on(g->r))
        sni_cells_brokerage(g->r, g->r->an->brokerage.raw + (size_t)v * SN_ROLES, hide);
}

/* Edge column c of tie k (num) not shown; g->tie_hide holds tie k's channel flags. */
static int edge_hidden(const graph *g, size_t c, double num)
{
    if (c >= 2 && c < 2 + g->ties->details.n_channels && g->tie_hide[c - 2])
        return 1;
    return g->edge.c[c].count && sni_cells_count(g->r, num);
}

/* Tie k's channel flags into g->tie_hide; -1 when out of memory. */
static int tie_cells(graph *g, size_t k)
{
    memset(g->tie_hide, 0, g->ties->details.n_channels + 1);
    return sni_cells_on(g->r) ? sni_cells_tie_channels(g->r, k, g->tie_hide) : 0;
}

/* The members of o as "key=value" joined by sep, a member object's in parentheses. */
static size_t privacy_members(const json_t *o, const char *sep, char *buf, size_t cap, size_t n)
{
    const char *k;
    json_t *v;
    int first = 1;
    json_object_foreach((json_t *)o, k, v)
    {
        if (n >= cap)
            break;
        n += (size_t)snprintf(buf + n, cap - n, "%s%s=", first ? "" : sep, k);
        first = 0;
        if (n >= cap)
            break;
        if (json_is_object(v)) {
            n += (size_t)snprintf(buf + n, cap - n, "(");
            n = privacy_members(v, ", ", buf, cap, n);
            if (n < cap)
                n += (size_t)snprintf(buf + n, cap - n, ")");
        } else if (json_is_string(v)) {
            n += (size_t)snprintf(buf + n, cap - n, "%s", json_string_value(v));
        } else if (json_is_integer(v)) {
            n += (size_t)snprintf(buf + n, cap - n, "%lld", (long long)json_integer_value(v));
        } else if (json_is_real(v)) {
            n += (size_t)snprintf(buf + n, cap - n, "%g", json_real_value(v));
        } else {
            n += (size_t)snprintf(buf + n, cap - n, "%s",
                                  json_is_true(v)    ? "true"
                                  : json_is_false(v) ? "false"
                                                     : "none");
        }
    }
    return n < cap ? n : cap - 1;
}

/* The privacy notice as one readable line (no "--": it goes in an XML comment too). */
static void privacy_line(const sn_report *r, char *buf, size_t cap)
{
    json_t *p = sni_privacy_json(r);
    buf[0] = '\0';
    if (p)
        privacy_members(p, "; ", buf, cap, 0);
    json_decref(p);
}

/* ---- GraphML ---- */

sn_status sn_report_graphml(const sn_report *r, FILE *f, sn_err *err)
{
    graph g;
    sn_status rc = graph_init(&g, r, err);
    if (rc != SN_OK)
        return rc;
    const sn_net *net = &r->an->net;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
          "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          f);
    char notice[1024] = "";
    if (sni_privacy_shown(r)) { /* the privacy notice, as a comment and a graph attribute */
        privacy_line(r, notice, sizeof notice);
        fputs("  <!-- samnett privacy: ", f);
        xml_text(f, notice);
        fputs(" -->\n  <key id=\"g0\" for=\"graph\" attr.name=\"privacy\" "
              "attr.type=\"string\"/>\n",
              f);
    }
    for (size_t c = 0; c < g.node.n; c++) {
        if (g.node.c[c].off)
            continue;
        fprintf(f, "  <key id=\"n%zu\" for=\"node\" attr.name=\"", c);
        xml_text(f, g.node.c[c].name);
        fprintf(f, "\" attr.type=\"%s\"/>\n", type_graphml[g.node.c[c].type]);
    }
    for (size_t c = 0; c < g.edge.n; c++) {
        fprintf(f, "  <key id=\"e%zu\" for=\"edge\" attr.name=\"", c);
        xml_text(f, g.edge.c[c].name);
        fprintf(f, "\" attr.type=\"%s\"/>\n", type_graphml[g.edge.c[c].type]);
    }
    fputs("  <graph id=\"G\" edgedefault=\"directed\">\n", f);
    if (notice[0]) {
        fputs("    <data key=\"g0\">", f);
        xml_text(f, notice);
        fputs("</data>\n", f);
    }
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        unsigned char hide[SN_ROLES];
        node_cells(&g, v, hide);
        fputs("    <node id=\"", f);
        xml_text(f, sn_net_label(net, v));
        fputs("\">\n", f);
        for (size_t c = 0; c < g.node.n; c++) {
            const char *str;
            double num = 0;
            int is_num = node_value(&g, c, v, &str, &num);
            if (is_num ? !isfinite(num) : !str)
                continue;
            if (g.node.c[c].off || (is_num && node_hidden(&g, c, num, hide)))
                continue; /* left out, or a count the small-cell rule hides */
            data_key(f, 'n', c);
            if (g.node.c[c].type == T_BOOL)
                fputs(num ? "true" : "false", f);
            else if (is_num)
                xml_number(f, num, g.node.c[c].type);
            else
                xml_text(f, str);
            fputs("</data>\n", f);
        }
        fputs("    </node>\n", f);
    }
    for (size_t k = 0; k < net->n_ties; k++) {
        if (!sni_cells_tie_shown(r, k))
            continue; /* under shared: fewer than K contacts */
        if (tie_cells(&g, k) != 0) {
            graph_free(&g);
            return sn_err_set(err, SN_ENOMEM, "out of memory writing the network");
        }
        fprintf(f, "    <edge id=\"e%zu\" source=\"", k);
        xml_text(f, sn_net_label(net, sn_tie_from(net, k)));
        fputs("\" target=\"", f);
        xml_text(f, sn_net_label(net, sn_tie_to(net, k)));
        fputs("\">\n", f);
        for (size_t c = 0; c < g.edge.n; c++) {
            const char *str;
            double num = 0;
            char buf[40];
            int is_num = edge_value(&g, c, k, &str, &num, buf, sizeof buf);
            if (is_num ? !isfinite(num) : !str)
                continue;
            if (is_num && edge_hidden(&g, c, num))
                continue;
            data_key(f, 'e', c);
            if (is_num)
                xml_number(f, num, g.edge.c[c].type);
            else
                xml_text(f, str);
            fputs("</data>\n", f);
        }
        fputs("    </edge>\n", f);
    }
    fputs("  </graph>\n</graphml>\n", f);
    graph_free(&g);
    return SN_OK;
}

/* ---- GEXF 1.2 ---- */

/* A window as a GEXF date spell: its first and its last day (windows are [start, end)). */
static void spell_dates(int64_t start, int64_t end, char *a, char *b)
{
    sn_date_format(start, a, 16);
    sn_date_format(end > start ? end - 1 : end, b, 16);
}

static void gexf_attributes(FILE *f, const char *cls, const columns *cs, const char *mode)
{
    fprintf(f, "    <attributes class=\"%s\" mode=\"%s\">\n", cls, mode);
    for (size_t c = 0; c < cs->n; c++) {
        if (cs->c[c].off)
            continue;
        fputs("      <attribute id=\"", f);
        xml_text(f, cs->c[c].name);
        fputs("\" title=\"", f);
        xml_text(f, cs->c[c].name);
        fprintf(f, "\" type=\"%s\"/>\n", type_gexf[cs->c[c].type]);
    }
    fputs("    </attributes>\n", f);
}

static void gexf_attvalue(FILE *f, const char *name, col_type t, const char *str, double num)
{
    fputs("          <attvalue for=\"", f);
    xml_text(f, name);
    fputs("\" value=\"", f);
    if (t == T_BOOL)
        fputs(num ? "true" : "false", f);
    else if (str)
        xml_text(f, str);
    else
        xml_number(f, num, t);
    fputs("\"/>\n", f);
}

static void gexf_spells(FILE *f, const sn_temporal *tp, const uint32_t *w, size_t n)
{
    if (!n)
        return;
    fputs("        <spells>\n", f);
    for (size_t i = 0; i < n; i++) {
        char a[16], b[16];
        spell_dates(tp->windows[w[i]].start, tp->windows[w[i]].end, a, b);
        fprintf(f, "          <spell start=\"%s\" end=\"%s\"/>\n", a, b);
    }
    fputs("        </spells>\n", f);
}

/*
 * A node's place and colour: the layout's x, y (times GEXF_SCALE, so that
 * Gephi's default node size fits the drawing) and the colour of its
 * organisation (a palette of 20, repeated).
 */
#define GEXF_SCALE 20.0
static void gexf_viz(FILE *f, const sn_report *r, uint32_t v)
{
    static const unsigned char palette[20][3] = {
        {31, 119, 180},  {255, 127, 14},  {44, 160, 44},   {214, 39, 40},   {148, 103, 189},
        {140, 86, 75},   {227, 119, 194}, {127, 127, 127}, {188, 189, 34},  {23, 190, 207},
        {174, 199, 232}, {255, 187, 120}, {152, 223, 138}, {255, 152, 150}, {197, 176, 213},
        {196, 156, 148}, {247, 182, 210}, {199, 199, 199}, {219, 219, 141}, {158, 218, 229}};
    const sn_layout *l = r->layout;
    if (v >= l->n_nodes)
        return;
    uint32_t group = 0;
    for (size_t i = 0; i < r->an->n_partitions; i++)
        if (strcmp(r->an->partitions[i].attr, "organisation") == 0)
            group = r->an->partitions[i].group[v];
    const unsigned char *c = palette[group % 20];
    fprintf(f, "        <viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>\n", c[0], c[1], c[2]);
    fputs("        <viz:position x=\"", f);
    sni_out_number(f, l->x[v] * GEXF_SCALE);
    fputs("\" y=\"", f);
    sni_out_number(f, l->y[v] * GEXF_SCALE);
    fputs("\" z=\"0.0\"/>\n", f);
}

sn_status sn_report_gexf(const sn_report *r, FILE *f, sn_err *err)
{
    graph g;
    sn_status rc = graph_init(&g, r, err);
    if (rc != SN_OK)
        return rc;
    const sn_net *net = &r->an->net;
    const sn_temporal *tp = &r->an->temporal;
    const sn_network_ties *t = g.ties;
    int dynamic = t->n_windows > 0;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
          "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:schemaLocation=\"http://www.gexf.net/1.2draft "
          "http://www.gexf.net/1.2draft/gexf.xsd\" "
          "version=\"1.2\">\n",
          f);
    fprintf(f, "  <meta>\n    <creator>samnett %s</creator>\n", SAMNETT_VERSION);
    if (sni_privacy_shown(r)) { /* the privacy notice, as a comment and the description */
        char notice[1024];
        privacy_line(r, notice, sizeof notice);
        fputs("    <!-- samnett privacy: ", f);
        xml_text(f, notice);
        fputs(" -->\n    <description>samnett privacy: ", f);
        xml_text(f, notice);
        fputs("</description>\n", f);
    }
    fputs("  </meta>\n", f);
    if (dynamic) {
        char a[16], b[16];
        spell_dates(tp->period_start, tp->period_end, a, b);
        fprintf(f,
                "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\" "
                "start=\"%s\" end=\"%s\">\n",
                a, b);
    } else {
        fputs("  <graph defaultedgetype=\"directed\" mode=\"static\">\n", f);
    }
    gexf_attributes(f, "node", &g.node, "static");
    /* the weight is the edge's own XML attribute; the rest are attributes */
    columns edge_rest = {g.edge.n - 1, g.edge.n - 1, g.edge.c + 1};
    gexf_attributes(f, "edge", &edge_rest, "static");
    if (dynamic) {
        column ww[2] = {{"window_weight", T_DOUBLE, 1, 0}, {"window_contacts", T_DOUBLE, 1, 0}};
        columns cw = {2, 2, ww};
        gexf_attributes(f, "edge", &cw, "dynamic");
    }
    fputs("    <nodes>\n", f);
    for (uint32_t v = 0; v < net->n_nodes; v++) {
        unsigned char hide[SN_ROLES];
        node_cells(&g, v, hide);
        fputs("      <node id=\"", f);
        xml_text(f, sn_net_label(net, v));
        fputs("\" label=\"", f);
        const char *label =
            g.actor_level ? sn_store_attr(r->store, net->node_actor[v], SN_ATTR_NAME) : NULL;
        xml_text(f, label && *label ? label : sn_net_label(net, v));
        fputs("\">\n        <attvalues>\n", f);
        for (size_t c = 0; c < g.node.n; c++) {
            const char *str;
            double num = 0;
            int is_num = node_value(&g, c, v, &str, &num);
            if (is_num ? !isfinite(num) : !str)
                continue;
            if (g.node.c[c].off || (is_num && node_hidden(&g, c, num, hide)))
                continue; /* left out, or a count the small-cell rule hides */
            gexf_attvalue(f, g.node.c[c].name, g.node.c[c].type, is_num ? NULL : str, num);
        }
        fputs("        </attvalues>\n", f);
        if (dynamic)
            gexf_spells(f, tp, t->node_window + t->node_start[v],
                        t->node_start[v + 1] - t->node_start[v]);
        if (r->layout)
            gexf_viz(f, r, v);
        fputs("      </node>\n", f);
    }
    fputs("    </nodes>\n    <edges>\n", f);
    for (size_t k = 0; k < net->n_ties; k++) {
        if (!sni_cells_tie_shown(r, k))
            continue; /* under shared: fewer than K contacts */
        if (tie_cells(&g, k) != 0) {
            graph_free(&g);
            return sn_err_set(err, SN_ENOMEM, "out of memory writing the network");
        }
        fprintf(f, "      <edge id=\"%zu\" source=\"", k);
        xml_text(f, sn_net_label(net, sn_tie_from(net, k)));
        fputs("\" target=\"", f);
        xml_text(f, sn_net_label(net, sn_tie_to(net, k)));
        if (!sni_cells_count(r, net->tie_weight[k])) { /* a weight hidden is left out */
            fputs("\" weight=\"", f);
            sni_out_number(f, net->tie_weight[k]);
        }
        fputs("\">\n        <attvalues>\n", f);
        for (size_t c = 1; c < g.edge.n; c++) {
            const char *str;
            double num = 0;
            char buf[40];
            int is_num = edge_value(&g, c, k, &str, &num, buf, sizeof buf);
            if (is_num ? !isfinite(num) : !str)
                continue;
            if (is_num && edge_hidden(&g, c, num))
                continue;
            gexf_attvalue(f, g.edge.c[c].name, g.edge.c[c].type, is_num ? NULL : str, num);
        }
        for (size_t i = dynamic ? t->tie_start[k] : 0; dynamic && i < t->tie_start[k + 1]; i++) {
            char a[16], b[16];
            const sn_window *w = &tp->windows[t->tie_window[i]];
            spell_dates(w->start, w->end, a, b);
            const double val[2] = {t->tie_weight[i], t->tie_contacts[i]};
            const char *name[2] = {"window_weight", "window_contacts"};
            for (int x = 0; x < 2; x++) {
                if (sni_cells_count(r, val[x]))
                    continue;
                fprintf(f, "          <attvalue for=\"%s\" value=\"", name[x]);
                sni_out_number(f, val[x]);
                fprintf(f, "\" start=\"%s\" end=\"%s\"/>\n", a, b);
            }
        }
        fputs("        </attvalues>\n", f);
        if (dynamic)
            gexf_spells(f, tp, t->tie_window + t->tie_start[k],
                        t->tie_start[k + 1] - t->tie_start[k]);
        fputs("      </edge>\n", f);
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", f);
    graph_free(&g);
    return SN_OK;
}

/* ---- CSV ---- */

void sni_ties_table(const sn_report *r, FILE *f)
{
    const sn_net *net = &r->an->net;
    const sn_tie_details *d = &r->ties->details;
    fputs("from,to,weight,contacts", f);
    for (uint32_t ch = 0; ch < d->n_channels; ch++) {
        fputs(",", f);
        char name[160];
        snprintf(name, sizeof name, "contacts_%s", sn_channel_name(r->store, (uint8_t)ch));
        sni_out_field(f, name);
    }
    fputs(",first,last\n", f);
    unsigned char *hide = calloc(d->n_channels + 1, 1);
    if (!hide) {
        sni_out_table_failed();
        return;
    }
    for (size_t k = 0; k < net->n_ties; k++) {
        if (!sni_cells_tie_shown(r, k))
            continue; /* under shared: fewer than K contacts */
        if (sni_cells_on(r) && sni_cells_tie_channels(r, k, hide) != 0) {
            sni_out_table_failed();
            break;
        }
        sni_out_field(f, sn_net_label(net, sn_tie_from(net, k)));
        fputc(',', f);
        sni_out_field(f, sn_net_label(net, sn_tie_to(net, k)));
        fputc(',', f);
        sni_out_number(f, net->tie_weight[k]);
        fputc(',', f);
        sni_out_number(f, net->tie_contacts[k]);
        for (uint32_t ch = 0; ch < d->n_channels; ch++) {
            fputc(',', f); /* a channel hidden by secondary suppression is marked for the stream */
            sni_out_count_cell(f, (double)d->channels[k * d->n_channels + ch], hide[ch]);
        }
        char a[40] = "", b[40] = "";
        if (d->first[k] <= d->last[k]) {
            sn_time_format(d->first[k], a, sizeof a);
            sn_time_format(d->last[k], b, sizeof b);
        }
        fprintf(f, ",%s,%s\n", a, b);
    }
    free(hide);
}

/*
 * A scalar of the network section as a CSV cell (null: empty; a count the
 * small-cell rule hid, with its KEY_suppressed, marked for the CSV stream).
 */
static void json_cell(FILE *f, const json_t *v, int hidden)
{
    if (hidden)
        sni_out_count_cell(f, 0, 1);
    else if (json_is_string(v))
        sni_out_field(f, json_string_value(v));
    else if (json_is_integer(v))
        fprintf(f, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        sni_out_number(f, json_real_value(v));
    else if (json_is_true(v))
        fputs("true", f);
    else if (json_is_false(v))
        fputs("false", f);
}

/* Whether member key of o is a KEY_suppressed flag of the small-cell rule. */
static int is_flag(const char *key, const json_t *v)
{
    size_t n = strlen(key), m = strlen("_suppressed");
    return json_is_true(v) && n > m && strcmp(key + n - m, "_suppressed") == 0;
}

/* Whether member key of o was hidden by the small-cell rule (null with KEY_suppressed true). */
static int hidden(const json_t *o, const char *key)
{
    char flag[300];
    snprintf(flag, sizeof flag, "%s_suppressed", key);
    return json_is_null(json_object_get(o, key)) && json_is_true(json_object_get(o, flag));
}

/*
 * The scalars of the JSON report's `network` in its order, a member of an
 * object (filters, centralization) as PARENT_KEY. Lists (filters' channels,
 * contacts_by_type, articulation_points) are tables of their own
 * (network_lists below), never joined into a cell.
 */
static void network_row(const json_t *o, const char *prefix, int header, FILE *f, int *first)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        char name[256];
        snprintf(name, sizeof name, "%s%s", prefix, key);
        if (json_is_object(v)) {
            char p[300];
            snprintf(p, sizeof p, "%s_", name);
            network_row(v, p, header, f, first);
            continue;
        }
        if (json_is_array(v) || is_flag(key, v))
            continue; /* the CSV stream writes its own KEY_suppressed column */
        if (!*first)
            fputc(',', f);
        *first = 0;
        if (header)
            sni_out_field(f, name);
        else
            json_cell(f, v, hidden(o, key));
    }
}

/*
 * The lists of `network` (PARENT_KEY as above) and their files: a list of
 * scalars in one column, a list of objects with these members as columns.
 */
static const char *const by_type_columns[] = {"from_type", "to_type", "contacts", NULL};
static const char *const channel_column[] = {"channel", NULL};
static const char *const id_column[] = {"id", NULL};
static const struct network_list {
    const char *key, *file;
    const char *const *columns;
} network_lists[] = {
    {"filters_channels", "network_filter_channels.csv", channel_column},
    {"contacts_by_type", "network_contacts_by_type.csv", by_type_columns},
    {"articulation_points", "network_articulation_points.csv", id_column},
};

/* A list of `network` as a long table: one row per element. */
static void network_list_table(const json_t *a, const struct network_list *l, FILE *f)
{
    size_t i;
    json_t *v;
    for (int c = 0; l->columns[c]; c++) {
        if (c)
            fputc(',', f);
        sni_out_field(f, l->columns[c]);
    }
    fputc('\n', f);
    json_array_foreach(a, i, v)
    {
        for (int c = 0; l->columns[c]; c++) {
            if (c)
                fputc(',', f);
            json_cell(f, json_is_object(v) ? json_object_get(v, l->columns[c]) : v,
                      json_is_object(v) && hidden(v, l->columns[c]));
        }
        fputc('\n', f);
    }
}

/* The member of `network` at PARENT_KEY, e.g. filters_channels. */
static const json_t *network_member(const json_t *o, const char *path)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        size_t n = strlen(key);
        if (strcmp(path, key) == 0)
            return v;
        if (json_is_object(v) && strncmp(path, key, n) == 0 && path[n] == '_') {
            const json_t *in = network_member(v, path + n + 1);
            if (in)
                return in;
        }
    }
    return NULL;
}

sn_status sni_network_csv(const sn_report *r, const char *dir, sn_err *err)
{
    json_t *o = NULL;
    sn_status rc = sn_report_network_json(r, SN_SECTION_REPORT, &o, err);
    if (rc != SN_OK)
        return rc;
    sn_csv_out t;
    rc = sni_csv_open(r, dir, "network.csv", &t, err);
    if (rc == SN_OK) {
        int first = 1;
        network_row(o, "", 1, t.f, &first);
        fputc('\n', t.f);
        first = 1;
        network_row(o, "", 0, t.f, &first);
        fputc('\n', t.f);
        rc = sni_csv_close(&t, SN_OK, err);
    }
    for (size_t i = 0; rc == SN_OK && i < sizeof network_lists / sizeof network_lists[0]; i++) {
        const json_t *a = network_member(o, network_lists[i].key);
        json_t *none = json_array();
        rc = sni_csv_open(r, dir, network_lists[i].file, &t, err);
        if (rc == SN_OK) {
            network_list_table(json_is_array(a) ? a : none, &network_lists[i], t.f);
            rc = sni_csv_close(&t, SN_OK, err);
        }
        json_decref(none);
    }
    json_decref(o);
    return rc;
}
