/* text.c - the readable summary, in English or bokmål. */
#include <stdlib.h>
#include <string.h>

#include "samnett/mixing.h"
#include "samnett/output.h"
#include "samnett/time.h"

typedef enum msg {
    M_TITLE,
    M_INPUT,
    M_FILES,
    M_ACTORS,
    M_AUTO,
    M_ROWS,
    M_REJECTED,
    M_SELF,
    M_SPAN,
    M_NETWORK,
    M_LEVEL,
    M_NODES,
    M_TIES,
    M_CONTACTS_TIES,
    M_DENSITY,
    M_RECIP,
    M_RECIP_TEXT,
    M_COMPONENTS,
    M_COMP_TEXT,
    M_TOP,
    M_COL_ACTOR,
    M_COL_ORG,
    M_COL_UNIT,
    M_COL_NAME,
    M_MORE,
    M_COL_BETW,
    M_COL_PR,
    M_COL_DEG,
    M_MIX,
    M_MIX_NOTE,
    M_NONE,
    M_LOCAL,
    M_NO_CONTACTS,
    M_COUNT
} msg;

static const char *const texts[M_COUNT][2] = {
    [M_TITLE] = {"samnett %s - collaboration network summary",
                 "samnett %s - sammendrag av samhandlingsnettverket"},
    [M_INPUT] = {"Input", "Inndata"},
    [M_FILES] = {"files", "filer"},
    [M_ACTORS] = {"actors", "akt\xc3\xb8rer"},
    [M_AUTO] = {"created from contacts (type 'unknown')",
                "opprettet fra kontakter (type 'unknown')"},
    [M_ROWS] = {"contacts", "kontakter"},
    [M_REJECTED] = {"rejected rows", "avviste rader"},
    [M_SELF] = {"self-contacts (not ties)", "kontakt med seg selv (ikke b\xc3\xa5nd)"},
    [M_SPAN] = {"time span", "tidsrom"},
    [M_NETWORK] = {"Network", "Nettverk"},
    [M_LEVEL] = {"level", "niv\xc3\xa5"},
    [M_NODES] = {"nodes", "noder"},
    [M_TIES] = {"ties (directed)", "b\xc3\xa5nd (rettet)"},
    [M_CONTACTS_TIES] = {"contacts on ties", "kontakter i b\xc3\xa5nd"},
    [M_DENSITY] = {"density", "tetthet"},
    [M_RECIP] = {"reciprocity", "gjensidighet"},
    [M_RECIP_TEXT] = {"%.1f%% of ties are returned; %.1f%% of connected pairs are mutual",
                      "%.1f%% av b\xc3\xa5ndene g\xc3\xa5r begge veier; %.1f%% av "
                      "parene med kontakt er gjensidige"},
    [M_COMPONENTS] = {"components", "komponenter"},
    [M_COMP_TEXT] = {"%ld weak (largest has %ld nodes), %ld strong, %ld isolated",
                     "%ld svake (st\xc3\xb8rste har %ld noder), %ld sterke, %ld isolerte"},
    [M_TOP] = {"Top actors by betweenness (brokers on the shortest paths)",
               "Mest sentrale etter mellomliggende sentralitet (meglere p\xc3\xa5 korteste "
               "veier)"},
    [M_COL_ACTOR] = {"actor", "akt\xc3\xb8r"},
    [M_COL_ORG] = {"organisation", "organisasjon"},
    [M_COL_UNIT] = {"unit", "enhet"},
    [M_COL_NAME] = {"name", "navn"},
    [M_MORE] = {"... and %zu more pairs", "... og %zu par til"},
    [M_COL_BETW] = {"betweenness", "betweenness"},
    [M_COL_PR] = {"pagerank", "pagerank"},
    [M_COL_DEG] = {"in/out", "inn/ut"},
    [M_MIX] = {"Who talks to whom: contacts between actor types",
               "Hvem snakker med hvem: kontakter mellom akt\xc3\xb8rtyper"},
    [M_MIX_NOTE] = {"from -> to", "fra -> til"},
    [M_NONE] = {"(none)", "(ingen)"},
    [M_LOCAL] = {"times without a zone (taken as UTC)", "tider uten tidssone (lest som UTC)"},
    [M_NO_CONTACTS] = {"no contacts in the window", "ingen kontakter i tidsrommet"},
};

static const char *tr(const sn_report *r, msg m)
{
    const char *s = texts[m][r->lang == SN_LANG_NB ? 1 : 0];
    return s ? s : "?";
}

/* 1234567 -> "1,234,567" (English) or "1 234 567" (bokmål). */
static const char *grouped(const sn_report *r, long long v, char *buf, size_t cap)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
    size_t j = 0;
    if (v < 0 && j + 1 < cap)
        buf[j++] = '-';
    for (int i = 0; i < n && j + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[j++] = r->lang == SN_LANG_NB ? ' ' : ',';
        buf[j++] = digits[i];
    }
    buf[j] = '\0';
    return buf;
}

/* Print s padded to `width` display columns (UTF-8 aware), cut with "..." when longer. */
static void cell(FILE *out, const char *s, int width)
{
    int cols = 0;
    const char *p = s;
    const char *cut = NULL;
    for (; *p; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        if (cols == width - 3)
            cut = p;
        cols++;
    }
    if (cols > width) {
        fwrite(s, 1, (size_t)(cut - s), out);
        fputs("...", out);
        return;
    }
    fputs(s, out);
    for (; cols < width; cols++)
        fputc(' ', out);
}

static void row(FILE *out, const char *label, const char *value)
{
    fputs("  ", out);
    cell(out, label, 40);
    fprintf(out, " %s\n", value);
}

typedef struct ranked {
    uint32_t node;
    double key;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? 1 : -1;
    return x->node < y->node ? -1 : x->node > y->node;
}

static void top_betweenness(const sn_report *r, FILE *out)
{
    const sn_net *net = r->net;
    const sn_node_metrics *m = &r->metrics->node;
    int top = r->top > 0 ? r->top : 10;
    if ((uint32_t)top > net->n_nodes)
        top = (int)net->n_nodes;
    ranked *v = malloc((net->n_nodes ? net->n_nodes : 1) * sizeof *v);
    if (!v)
        return;
    for (uint32_t i = 0; i < net->n_nodes; i++)
        v[i] = (ranked){i, m->betweenness[i]};
    qsort(v, net->n_nodes, sizeof *v, cmp_ranked);
    fprintf(out, "\n");
    fprintf(out, "%s\n  %-3s ", tr(r, M_TOP), "#");
    int actor_level = net->opts.level == SN_LEVEL_ACTOR;
    cell(out,
         actor_level                        ? tr(r, M_COL_ACTOR)
         : net->opts.level == SN_LEVEL_UNIT ? tr(r, M_COL_UNIT)
                                            : tr(r, M_COL_ORG),
         actor_level ? 18 : 44);
    fputc(' ', out);
    if (actor_level) {
        cell(out, tr(r, M_COL_NAME), 22);
        fputc(' ', out);
        cell(out, tr(r, M_COL_ORG), 24);
        fputc(' ', out);
    }
    fprintf(out, "%12s %9s %9s\n", tr(r, M_COL_BETW), tr(r, M_COL_PR), tr(r, M_COL_DEG));
    for (int i = 0; i < top; i++) {
        uint32_t node = v[i].node;
        fprintf(out, "  %-3d ", i + 1);
        cell(out, sn_net_label(net, node), actor_level ? 18 : 44);
        fputc(' ', out);
        if (actor_level) {
            uint32_t a = net->node_actor[node];
            cell(out, sn_store_attr(net->store, a, SN_ATTR_NAME), 22);
            fputc(' ', out);
            cell(out, sn_store_attr(net->store, a, SN_ATTR_ORGANISATION), 24);
            fputc(' ', out);
        }
        char deg[40];
        snprintf(deg, sizeof deg, "%.0f/%.0f", m->degree_in[node], m->degree_out[node]);
        fprintf(out, "%12.1f %9.5f %9s\n", m->betweenness[node], m->pagerank[node], deg);
    }
    free(v);
}

static sn_status type_mixing(const sn_report *r, FILE *out, sn_err *err)
{
    sn_mix mix;
    sn_status rc = sn_mix_compute(r->net, "type", &mix, err);
    if (rc != SN_OK)
        return rc;
    size_t k = (size_t)mix.n_groups * mix.n_groups;
    ranked *v = malloc((k ? k : 1) * sizeof *v);
    if (!v) {
        sn_mix_free(&mix);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    size_t nv = 0;
    for (size_t i = 0; i < k; i++)
        if (mix.contacts[i] > 0)
            v[nv++] = (ranked){(uint32_t)i, mix.contacts[i]};
    qsort(v, nv, sizeof *v, cmp_ranked);
    fprintf(out, "\n%s (%s)\n", tr(r, M_MIX), tr(r, M_MIX_NOTE));
    if (nv == 0)
        fprintf(out, "  %s\n", tr(r, M_NONE));
    for (size_t i = 0; i < nv && i < 16; i++) {
        uint32_t a = v[i].node / mix.n_groups, b = v[i].node % mix.n_groups;
        char label[256], num[32];
        snprintf(label, sizeof label, "%s -> %s", mix.labels[a][0] ? mix.labels[a] : "?",
                 mix.labels[b][0] ? mix.labels[b] : "?");
        fputs("  ", out);
        cell(out, label, 40);
        fprintf(out, " %12s  %5.1f%%\n", grouped(r, (long long)v[i].key, num, sizeof num),
                100.0 * v[i].key / mix.total);
    }
    if (nv > 16) {
        char more[128];
        snprintf(more, sizeof more, tr(r, M_MORE), nv - 16);
        fprintf(out, "  %s\n", more);
    }
    free(v);
    sn_mix_free(&mix);
    return SN_OK;
}

sn_status sn_report_text(const sn_report *r, FILE *out, sn_err *err)
{
    const sn_store *s = r->store;
    const sn_net *net = r->net;
    const sn_net_metrics *nm = &r->metrics->net;
    char a[64], b[64], line[256];

    fprintf(out, tr(r, M_TITLE), SAMNETT_VERSION);
    fprintf(out, "\n\n%s\n", tr(r, M_INPUT));
    snprintf(line, sizeof line, "%ld", s->files);
    row(out, tr(r, M_FILES), line);
    snprintf(line, sizeof line, "%s",
             grouped(r, (long long)(s->n_actors - (size_t)s->auto_actors), a, sizeof a));
    row(out, tr(r, M_ACTORS), line);
    if (s->auto_actors)
        row(out, tr(r, M_AUTO), grouped(r, s->auto_actors, a, sizeof a));
    row(out, tr(r, M_ROWS), grouped(r, (long long)s->n, a, sizeof a));
    row(out, tr(r, M_REJECTED), grouped(r, s->rejected, a, sizeof a));
    row(out, tr(r, M_SELF), grouped(r, s->self_contacts, a, sizeof a));
    if (s->local_times)
        row(out, tr(r, M_LOCAL), grouped(r, s->local_times, a, sizeof a));
    if (s->n) {
        sn_date_format(s->first_time, a, sizeof a);
        sn_date_format(s->last_time, b, sizeof b);
        snprintf(line, sizeof line, "%s .. %s", a, b);
        row(out, tr(r, M_SPAN), line);
    }

    fprintf(out, "\n%s\n", tr(r, M_NETWORK));
    row(out, tr(r, M_LEVEL), sn_level_name(net->opts.level));
    row(out, tr(r, M_NODES), grouped(r, net->n_nodes, a, sizeof a));
    row(out, tr(r, M_TIES), grouped(r, (long long)net->n_ties, a, sizeof a));
    row(out, tr(r, M_CONTACTS_TIES), grouped(r, net->contacts_in_ties, a, sizeof a));
    snprintf(line, sizeof line, "%.4f", nm->density);
    row(out, tr(r, M_DENSITY), line);
    snprintf(line, sizeof line, tr(r, M_RECIP_TEXT), 100 * nm->reciprocity,
             100 * nm->dyadic_reciprocity);
    row(out, tr(r, M_RECIP), line);
    snprintf(line, sizeof line, tr(r, M_COMP_TEXT), nm->weak_components, nm->largest_weak,
             nm->strong_components, nm->isolates);
    row(out, tr(r, M_COMPONENTS), line);
    if (net->contacts_in_window == 0)
        fprintf(out, "  %s\n", tr(r, M_NO_CONTACTS));

    if (net->n_nodes)
        top_betweenness(r, out);
    sn_status rc = type_mixing(r, out, err);
    if (rc != SN_OK)
        return rc;
    if (fflush(out) != 0 || ferror(out))
        return sn_err_set(err, SN_EIO, "cannot write the report");
    return SN_OK;
}
