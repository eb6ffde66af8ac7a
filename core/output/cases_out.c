/* cases_out.c - the `cases` report section (JSON, text, CSV) and helpers shared with
 * meetings_out.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events_out.h"
#include "samnett/time.h"

/* ------------------------------------------------------------------------ */
/* Text                                                                     */

typedef enum cmsg {
    C_HEAD,
    C_CASES,
    C_CASES_TEXT,
    C_PROVIDERS,
    C_SERVICES,
    C_ORGS,
    C_SUMMARY,
    C_BTI,
    C_TRANSFERS,
    C_TRANSFERS_TEXT,
    C_PINGPONG,
    C_PINGPONG_TEXT,
    C_HANDOFF,
    C_HANDOFF_TEXT,
    C_DENSITY,
    C_DENSITY_TEXT,
    C_LARGE,
    C_COSERVE,
    C_COSERVE_TEXT,
    C_COSERVE_NOTE,
    C_COL_PAIR,
    C_COL_ORGS,
    C_COL_CASES,
    C_NONE,
    C_COUNT
} cmsg;

static const char *const ctexts[C_COUNT][2] = {
    [C_HEAD] = {"Patient pathways (cases)", "Pasientforl\xc3\xb8p (saker)"},
    [C_CASES] = {"cases", "saker"},
    [C_CASES_TEXT] = {"%s with contacts in the view (of %s)",
                      "%s med kontakter i utvalget (av %s)"},
    [C_PROVIDERS] = {"providers per case (%s)", "tjenesteytere per sak (%s)"},
    [C_SERVICES] = {"services per case (organisation/unit)",
                    "tjenester per sak (organisasjon/enhet)"},
    [C_ORGS] = {"organisations per case", "organisasjoner per sak"},
    [C_SUMMARY] = {"mean %.2f, median %.0f, max %.0f", "snitt %.2f, median %.0f, maks %.0f"},
    [C_BTI] = {"BTI level (services on the case)", "BTI niv\xc3\xa5 (tjenester i saken)"},
    [C_TRANSFERS] = {"transfers (%s)", "overf\xc3\xb8ringer (%s)"},
    [C_TRANSFERS_TEXT] = {"%s between organisations, in %s cases",
                          "%s mellom organisasjoner, i %s saker"},
    [C_PINGPONG] = {"kasteballer (ping-pong, %.0f days)", "kasteballer (ping-pong, %.0f dager)"},
    [C_PINGPONG_TEXT] = {"%s A->B->A returns in %s cases (%s of the cases)",
                         "%s A->B->A-returer i %s saker (%s av sakene)"},
    [C_HANDOFF] = {"hand-offs (Thompson)", "overleveringer (Thompson)"},
    [C_HANDOFF_TEXT] = {"reciprocal %s, sequential %s, pooled %s, single service %s",
                        "resiprok %s, sekvensiell %s, samlet (pooled) %s, \xc3\xa9n tjeneste %s"},
    [C_DENSITY] = {"care density (Pollack)", "omsorgstetthet (care density, Pollack)"},
    [C_DENSITY_TEXT] = {"mean %.2f, median %.2f (p10 %.2f, p90 %.2f) over %s cases",
                        "snitt %.2f, median %.2f (p10 %.2f, p90 %.2f) over %s saker"},
    [C_LARGE] = {"cases with > %u providers left out", "saker med > %u tjenesteytere utelatt"},
    [C_COSERVE] = {"co-serving without contact", "flerfaglig parallellarbeid"},
    [C_COSERVE_TEXT] = {"%s provider pairs share >= %ld cases but have no tie (%s across "
                        "organisations)",
                        "%s par av tjenesteytere deler >= %ld saker uten b\xc3\xa5nd (%s p\xc3\xa5 "
                        "tvers av organisasjoner)"},
    [C_COSERVE_NOTE] =
        {"flerfaglig parallel work: side by side on the same cases, no direct contact",
         "side om side p\xc3\xa5 de samme sakene, uten direkte kontakt"},
    [C_COL_PAIR] = {"pair", "par"},
    [C_COL_ORGS] = {"organisations", "organisasjoner"},
    [C_COL_CASES] = {"cases", "saker"},
    [C_NONE] = {"(none)", "(ingen)"},
};

static const char *ct(const sn_report *r, cmsg m)
{
    return ctexts[m][r->lang == SN_LANG_NB ? 1 : 0];
}

/* A cell of a table with its total shown, "<K" when flagged by the sni_cells_* helpers. */
static const char *cell(const sn_report *r, double v, unsigned char flag, char *buf, size_t cap)
{
    if (flag && r->privacy) {
        snprintf(buf, cap, "<%d", r->privacy->min_cell);
        return buf;
    }
    return sni_out_grouped(r, (long long)v, buf, cap);
}

static const char *node_org(const sn_net *net, uint32_t v)
{
    return sn_store_attr(net->store, net->node_actor[v], SN_ATTR_ORGANISATION);
}

/* The transfer channels, comma-separated. */
static void transfer_names(const sn_report *r, char *buf, size_t cap)
{
    const sn_cases *c = &r->an->cases;
    size_t used = 0;
    buf[0] = '\0';
    for (int ch = 0; ch <= SN_CHANNEL_MAX && used + 2 < cap; ch++) {
        int on = c->opts.has_transfer_channels ? c->opts.transfer_channels[ch]
                                               : ch == SN_CH_REFERRAL || ch == SN_CH_DISCHARGE;
        if (on && (uint32_t)ch < sn_intern_count(r->store->channels))
            used += (size_t)snprintf(buf + used, cap - used, "%s%s", used ? ", " : "",
                                     sn_channel_name(r->store, (uint8_t)ch));
    }
}

sn_status sni_out_cases_text(const sn_report *r, FILE *out, sn_err *err)
{
    (void)err;
    const sn_cases *c = &r->an->cases;
    const sn_net *net = &r->an->net;
    char a[64], b[64], d[64], line[512], label[256];
    fprintf(out, "\n%s\n", ct(r, C_HEAD));
    snprintf(line, sizeof line, ct(r, C_CASES_TEXT),
             sni_out_count_text(r, (double)c->active, a, sizeof a),
             sni_out_count_text(r, (double)c->n_cases, b, sizeof b));
    sni_out_row(out, ct(r, C_CASES), line);
    if (c->active == 0)
        return SN_OK;
    snprintf(label, sizeof label, ct(r, C_PROVIDERS), sn_level_name(c->level));
    snprintf(line, sizeof line, ct(r, C_SUMMARY), c->providers.mean, c->providers.median,
             c->providers.max);
    sni_out_row(out, label, line);
    snprintf(line, sizeof line, ct(r, C_SUMMARY), c->services.mean, c->services.median,
             c->services.max);
    sni_out_row(out, ct(r, C_SERVICES), line);
    snprintf(line, sizeof line, ct(r, C_SUMMARY), c->organisations.mean, c->organisations.median,
             c->organisations.max);
    sni_out_row(out, ct(r, C_ORGS), line);
    size_t used = 0;
    /* table (4): the BTI levels with the cases as their total */
    double bti[3] = {(double)c->bti[1], (double)c->bti[2], (double)c->bti[3]};
    unsigned char bflag[3];
    sni_cells_bti(r, bflag);
    for (int l = 1; l <= 3; l++) {
        char share[32] = "-";
        if (!bflag[l - 1]) /* a share and the total shown would give a hidden count away */
            snprintf(share, sizeof share, "%.1f%%", 100.0 * (double)c->bti[l] / c->active);
        used +=
            (size_t)snprintf(line + used, sizeof line - used, "%s%s: %s (%s)", l > 1 ? "  " : "",
                             l == 3   ? "3+"
                             : l == 2 ? "2"
                                      : "1",
                             cell(r, bti[l - 1], bflag[l - 1], a, sizeof a), share);
    }
    sni_out_row(out, ct(r, C_BTI), line);
    transfer_names(r, d, sizeof d);
    snprintf(label, sizeof label, ct(r, C_TRANSFERS), d);
    snprintf(line, sizeof line, ct(r, C_TRANSFERS_TEXT),
             sni_out_count_text(r, (double)c->transfers, a, sizeof a),
             sni_out_count_text(r, (double)c->cases_with_transfers, b, sizeof b));
    sni_out_row(out, label, line);
    snprintf(label, sizeof label, ct(r, C_PINGPONG), (double)c->opts.pingpong_window / 86400.0);
    char share[32] = "-";
    if (!sn_privacy_suppressed(r->privacy, (double)c->cases_with_pingpong))
        snprintf(share, sizeof share, "%.1f%%", 100.0 * (double)c->cases_with_pingpong / c->active);
    snprintf(line, sizeof line, ct(r, C_PINGPONG_TEXT),
             sni_out_count_text(r, (double)c->pingpongs, a, sizeof a),
             sni_out_count_text(r, (double)c->cases_with_pingpong, b, sizeof b), share);
    sni_out_row(out, label, line);
    char f[64];
    /* table (5): the hand-off patterns with the cases as their total (sni_cells_handoff) */
    double h[SN_HANDOFF_COUNT];
    unsigned char hf[SN_HANDOFF_COUNT];
    for (int i = 0; i < SN_HANDOFF_COUNT; i++)
        h[i] = (double)c->handoff[i];
    sni_cells_handoff(r, hf);
    snprintf(line, sizeof line, ct(r, C_HANDOFF_TEXT),
             cell(r, h[SN_HANDOFF_RECIPROCAL], hf[SN_HANDOFF_RECIPROCAL], a, sizeof a),
             cell(r, h[SN_HANDOFF_SEQUENTIAL], hf[SN_HANDOFF_SEQUENTIAL], b, sizeof b),
             cell(r, h[SN_HANDOFF_POOLED], hf[SN_HANDOFF_POOLED], d, sizeof d),
             cell(r, h[SN_HANDOFF_SINGLE], hf[SN_HANDOFF_SINGLE], f, sizeof f));
    sni_out_row(out, ct(r, C_HANDOFF), line);
    if (c->density_cases) {
        snprintf(line, sizeof line, ct(r, C_DENSITY_TEXT), c->density.mean, c->density.median,
                 c->density.p10, c->density.p90,
                 sni_out_count_text(r, (double)c->density_cases, a, sizeof a));
        sni_out_row(out, ct(r, C_DENSITY), line);
    }
    if (c->large_cases) {
        snprintf(label, sizeof label, ct(r, C_LARGE), c->opts.max_providers);
        sni_out_row(out, label, sni_out_count_text(r, (double)c->large_cases, a, sizeof a));
    }
    long cmin = c->opts.co_serving_min > 1 ? c->opts.co_serving_min : 1;
    snprintf(line, sizeof line, ct(r, C_COSERVE_TEXT),
             sni_out_count_text(r, (double)c->n_co, a, sizeof a), cmin,
             sni_out_count_text(r, (double)c->n_co_cross, b, sizeof b));
    sni_out_row(out, ct(r, C_COSERVE), line);
    fprintf(out, "  %s\n", ct(r, C_COSERVE_NOTE));
    if (c->n_co == 0)
        return SN_OK;
    int top = r->top > 0 ? r->top : 10;
    fputs("  ", out);
    sni_out_cell(out, ct(r, C_COL_PAIR), 48);
    fputc(' ', out);
    sni_out_cell(out, ct(r, C_COL_ORGS), 48);
    fprintf(out, " %6s\n", ct(r, C_COL_CASES));
    for (size_t i = 0; i < c->n_co && i < (size_t)top; i++) {
        const sn_co_pair *p = &c->co[i];
        snprintf(line, sizeof line, "%s - %s", sn_net_label(net, p->a), sn_net_label(net, p->b));
        fputs("  ", out);
        sni_out_cell(out, line, 48);
        fputc(' ', out);
        snprintf(line, sizeof line, "%s / %s", node_org(net, p->a), node_org(net, p->b));
        sni_out_cell(out, line, 48);
        if (sn_privacy_suppressed(r->privacy, p->cases))
            fprintf(out, " %6s\n", sni_out_count_text(r, p->cases, line, sizeof line));
        else
            fprintf(out, " %6u\n", p->cases);
    }
    return SN_OK;
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                     */

static json_t *summary_json(const sn_summary *s)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "mean", sni_out_num(s->mean),
                     "min", sni_out_num(s->min), "p10", sni_out_num(s->p10), "p25",
                     sni_out_num(s->p25), "median", sni_out_num(s->median), "p75",
                     sni_out_num(s->p75), "p90", sni_out_num(s->p90), "max", sni_out_num(s->max));
}

#define SN_JSON_TOP_PAIRS 100

/* The counts of `cases` (the small-cell rule, sni_out_cells). */
static const char *const case_counts[] = {"cases",
                                          "cases_in_view",
                                          "level_1",
                                          "level_2",
                                          "level_3_or_more",
                                          "count",
                                          "single",
                                          "pooled",
                                          "sequential",
                                          "reciprocal",
                                          "large_cases_left_out",
                                          "patient_sharing_pairs",
                                          "cross_organisation",
                                          "shared_cases",
                                          NULL};

json_t *sni_out_cases_json(const sn_report *r)
{
    const sn_cases *c = &r->an->cases;
    const sn_net *net = &r->an->net;
    json_t *channels = json_array();
    for (int ch = 0; ch <= SN_CHANNEL_MAX; ch++) {
        int on = c->opts.has_transfer_channels ? c->opts.transfer_channels[ch]
                                               : ch == SN_CH_REFERRAL || ch == SN_CH_DISCHARGE;
        if (on && (uint32_t)ch < sn_intern_count(r->store->channels))
            sni_out_append(channels, json_string(sn_channel_name(r->store, (uint8_t)ch)));
    }
    json_t *handoff = json_object();
    for (int h = SN_HANDOFF_SINGLE; h < SN_HANDOFF_COUNT; h++)
        sni_out_set(handoff, sn_handoff_name(h), json_integer(c->handoff[h]));
    json_t *density = summary_json(&c->density);
    sni_out_set(density, "cases", json_integer(c->density_cases));
    sni_out_set(density, "max_providers", json_integer(c->opts.max_providers));
    sni_out_set(density, "large_cases_left_out", json_integer(c->large_cases));
    json_t *top = json_array();
    for (size_t i = 0; i < c->n_co && i < SN_JSON_TOP_PAIRS; i++) {
        const sn_co_pair *p = &c->co[i];
        sni_out_append(top, json_pack("{s:s, s:s, s:s, s:s, s:I}", "a", sn_net_label(net, p->a),
                                      "b", sn_net_label(net, p->b), "organisation_a",
                                      node_org(net, p->a), "organisation_b", node_org(net, p->b),
                                      "shared_cases", (json_int_t)p->cases));
    }
    long cmin = c->opts.co_serving_min > 1 ? c->opts.co_serving_min : 1;
    json_t *o = json_pack(
        "{s:s, s:I, s:I, s:o, s:o, s:o, s:{s:I, s:I, s:I}, s:{s:o, s:I, s:I}, "
        "s:{s:o, s:b, s:I, s:I, s:o}, s:o, s:o, s:I, s:{s:I, s:I, s:I, s:o}}",
        "provider_level", sn_level_name(c->level), "cases", (json_int_t)c->n_cases, "cases_in_view",
        (json_int_t)c->active, "providers_per_case", summary_json(&c->providers),
        "services_per_case", summary_json(&c->services), "organisations_per_case",
        summary_json(&c->organisations), "bti_levels", "level_1", (json_int_t)c->bti[1], "level_2",
        (json_int_t)c->bti[2], "level_3_or_more", (json_int_t)c->bti[3], "transfers", "channels",
        channels, "count", (json_int_t)c->transfers, "cases", (json_int_t)c->cases_with_transfers,
        "pingpong", "window_days", sni_out_num((double)c->opts.pingpong_window / 86400.0),
        "first_transfer_counts", c->opts.pingpong_first, "count", (json_int_t)c->pingpongs, "cases",
        (json_int_t)c->cases_with_pingpong, "share_of_cases", sni_out_num(c->pingpong_share),
        "handoff_patterns", handoff, "care_density", density, "patient_sharing_pairs",
        (json_int_t)c->shared_pairs, "co_serving_without_contact", "min_cases", (json_int_t)cmin,
        "count", (json_int_t)c->n_co, "cross_organisation", (json_int_t)c->n_co_cross, "top_pairs",
        top);
    if (o && sni_cells_on(r)) { /* the BTI levels and the hand-off patterns with their total */
        static const char *const levels[3] = {"level_1", "level_2", "level_3_or_more"};
        unsigned char hide[SN_HANDOFF_COUNT];
        json_t *bti = json_object_get(o, "bti_levels"),
               *ho = json_object_get(o, "handoff_patterns");
        sni_cells_bti(r, hide);
        for (int l = 0; l < 3; l++)
            if (hide[l])
                sni_out_hide(bti, levels[l]);
        sni_cells_handoff(r, hide);
        for (int h = SN_HANDOFF_SINGLE; h < SN_HANDOFF_COUNT; h++)
            if (hide[h])
                sni_out_hide(ho, sn_handoff_name(h));
    }
    sni_out_cells(r, o, case_counts);
    return o;
}

/* ------------------------------------------------------------------------ */
/* CSV                                                                      */

/* ',' and v in decimal at p; returns the end (at most 11 bytes). */
static char *comma_uint(char *p, unsigned v)
{
    char tmp[10];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    *p++ = ',';
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* ',' and the text s (at most 39 bytes, a time) at p; returns the end. */
static char *comma_text(char *p, const char *s)
{
    size_t n = strlen(s);
    *p++ = ',';
    memcpy(p, s, n);
    return p + n;
}

static void cases_table(const sn_report *r, FILE *f)
{
    const sn_cases *c = &r->an->cases;
    fputs("case,contacts,first,last,providers,services,organisations,bti_level,handoff,transfers,"
          "pingpong,care_density\n",
          f);
    char t0[40], t1[40];
    for (uint32_t k = 0; k < c->n_cases; k++) {
        const sn_case_stats *s = &c->cases[k];
        sni_out_field(f, sn_events_case_id(c->events, k));
        if (s->contacts) {
            sn_time_format(s->first, t0, sizeof t0);
            sn_time_format(s->last, t1, sizeof t1);
        } else {
            t0[0] = t1[0] = '\0';
        }
        /* as fprintf(",%u,%s,%s,%u,%u,%u,%u,%s,%u,%u,"), without printf: 121,531 rows a region */
        char line[192], *p = comma_uint(line, s->contacts);
        p = comma_text(p, t0);
        p = comma_text(p, t1);
        p = comma_uint(p, s->providers);
        p = comma_uint(p, s->services);
        p = comma_uint(p, s->organisations);
        p = comma_uint(p, s->bti);
        *p++ = ',';
        fwrite(line, 1, (size_t)(p - line), f);
        fputs(sn_handoff_name(s->handoff), f);
        p = comma_uint(line, s->transfers);
        p = comma_uint(p, s->pingpongs);
        *p++ = ',';
        fwrite(line, 1, (size_t)(p - line), f);
        sni_out_number(f, s->care_density);
        fputc('\n', f);
    }
}

static void co_table(const sn_report *r, FILE *f)
{
    const sn_cases *c = &r->an->cases;
    const sn_net *net = &r->an->net;
    fputs("a,b,organisation_a,organisation_b,shared_cases\n", f);
    for (size_t i = 0; i < c->n_co; i++) {
        const sn_co_pair *p = &c->co[i];
        sni_out_field(f, sn_net_label(net, p->a));
        fputc(',', f);
        sni_out_field(f, sn_net_label(net, p->b));
        fputc(',', f);
        sni_out_field(f, node_org(net, p->a));
        fputc(',', f);
        sni_out_field(f, node_org(net, p->b));
        fprintf(f, ",%u\n", p->cases);
    }
}

sn_status sni_out_cases_csv(const sn_report *r, const char *dir, sn_err *err)
{
    static const sn_out_table_spec tables[] = {{"cases.csv", cases_table},
                                               {"co_serving.csv", co_table}};
    return sni_out_tables(r, dir, tables, sizeof tables / sizeof tables[0], err);
}
