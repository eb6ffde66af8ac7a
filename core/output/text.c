/* text.c - the readable summary, in English or bokmål. */
#include <stdlib.h>
#include <string.h>

#include "samnett/mixing.h"
#include "samnett/output.h"
#include "samnett/time.h"
#include "events_out.h"
#include "format.h"
#include "temporal_out.h"
#include "lens_out.h"

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
    M_SAMPLED,
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
    M_ZONE,
    M_AMBIGUOUS,
    M_NONEXISTENT,
    M_FILTERS,
    M_SINCE,
    M_UNTIL,
    M_CHANNELS,
    M_MIN_CONTACTS,
    M_WINDOW,
    M_ALL,
    M_MERGED,
    M_NO_CONTACTS,
    M_SILO,
    M_SILO_HEAD,
    M_SILO_NOTE,
    M_EI,
    M_EI_TEXT,
    M_MODULARITY,
    M_ASSORT,
    M_CROSS,
    M_CROSS_TEXT,
    M_NMI,
    M_NMI_TEXT,
    M_GROUP,
    M_BROKERS,
    M_PROVENANCE,
    M_NOT_MEANINGFUL,
    M_ROLE_HEAD,
    M_ARTIC,
    M_ARTIC_NONE,
    M_REMOVAL,
    M_REM_PAIRS,
    M_REM_PAIRS_TEXT,
    M_REM_TIES,
    M_REM_TIES_TEXT,
    M_REM_CUT,
    M_CENTRAL,
    M_CENTRAL_TEXT,
    M_PRIV_HEAD,
    M_PRIV_CELLS,
    M_PRIV_NOCELLS,
    M_PRIV_IDS_SHARED,
    M_PRIV_IDS_INTERNAL,
    M_PRIV_KEYED,
    M_PRIV_ONE_OFF,
    M_PRIV_NUMBERED,
    M_PRIV_DROPPED,
    M_PRIV_MERGED,
    M_PRIV_TIES,
    M_PRIV_REID,
    M_PRIV_COARSENED,
    M_PRIV_NOT_COARSENED,
    M_PRIV_NOTE,
    M_TIES_INPUT,
    M_TIES_INPUT_TEXT,
    M_TIES_UNAVAILABLE,
    M_TIES_UNAVAILABLE_TEXT,
    M_COUNT
} msg;

static const char *const texts[M_COUNT][2] = {
    [M_TITLE] = {"samnett %s - collaboration network summary",
                 "samnett %s - sammendrag av samhandlingsnettverket"},
    [M_INPUT] = {"Input", "Inndata"},
    [M_TIES_INPUT] = {"tie table", "b\xc3\xa5ndtabell"},
    [M_TIES_INPUT_TEXT] = {"%s rows, one per tie, channel and %s",
                           "%s rader, \xc3\xa9n per b\xc3\xa5nd, kanal og %s"},
    [M_TIES_UNAVAILABLE] = {"not computed", "ikke beregnet"},
    [M_TIES_UNAVAILABLE_TEXT] = {"cases, meetings, meeting projection and series, change points "
                                 "and the timing of single contacts (a tie table holds none)",
                                 "saker, m\xc3\xb8ter, m\xc3\xb8teprojeksjon og -serier, "
                                 "endringspunkter og tidsm\xc3\xb8nstre i enkeltkontakter "
                                 "(en b\xc3\xa5ndtabell har ingen)"},
    [M_PROVENANCE] = {"What was analysed", "Hva som ble analysert"},
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
    [M_COMP_TEXT] = {"%ld weak (largest has %s nodes), %ld strong, %s isolated",
                     "%ld svake (st\xc3\xb8rste har %s noder), %ld sterke, %s isolerte"},
    [M_TOP] = {"Top actors by betweenness (brokers on the shortest paths)",
               "Mest sentrale etter mellomliggende sentralitet (meglere p\xc3\xa5 korteste "
               "veier)"},
    [M_SAMPLED] = {"betweenness sampled (Riondato-Kornaropoulos): %llu shortest paths for a vertex "
                   "diameter of %u, seed %llu; with probability >= %g every actor's "
                   "betweenness / (n (n - 1)) is within %g of the exact value",
                   "mellomliggende sentralitet fra et utvalg (Riondato-Kornaropoulos): %llu "
                   "korteste veier for en diameter p\xc3\xa5 %u noder, fr\xc3\xb8 %llu; med "
                   "sannsynlighet >= %g er hver akt\xc3\xb8rs verdi / (n (n - 1)) innenfor %g "
                   "av den eksakte"},
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
    [M_LOCAL] = {"times without a zone (read as local)",
                 "tider uten tidssone (lest som lokal tid)"},
    [M_ZONE] = {"time zone", "tidssone"},
    [M_AMBIGUOUS] = {"ambiguous (clock back; first taken)",
                     "tvetydige (klokka tilbake; f\xc3\xb8rste tatt)"},
    [M_NONEXISTENT] = {"non-existent (clock forward; +1h)",
                       "ikke-eksisterende (klokka fram; +1 t)"},
    [M_FILTERS] = {"Filters", "Filtre"},
    [M_SINCE] = {"since", "fra"},
    [M_UNTIL] = {"until (before)", "til (f\xc3\xb8r)"},
    [M_CHANNELS] = {"channels", "kanaler"},
    [M_MIN_CONTACTS] = {"min. contacts per tie", "min. kontakter per b\xc3\xa5nd"},
    [M_WINDOW] = {"window", "tidsvindu"},
    [M_ALL] = {"(all)", "(alle)"},
    [M_MERGED] = {"ids merged (spaces, Unicode form)",
                  "id-er sl\xc3\xa5tt sammen (mellomrom/Unicode)"},
    [M_NO_CONTACTS] = {"no contacts in the window", "ingen kontakter i tidsrommet"},
    [M_SILO] = {"Silos: ties inside and across %s",
                "Siloer: b\xc3\xa5nd innad og p\xc3\xa5 tvers av %s"},
    [M_SILO_HEAD] =
        {"most inward-looking groups first (E-I from -1 all inside to +1 all across)",
         "mest innadvendte grupper f\xc3\xb8rst (E-I fra -1 alt innad til +1 alt p\xc3\xa5 "
         "tvers)"},
    [M_SILO_NOTE] =
        {"p: share of %ld label shuffles with E-I at or below the observed (small p = silo)",
         "p: andel av %ld omstokkinger med E-I lik eller under observert (liten p = silo)"},
    [M_EI] = {"E-I index (ties / contacts)", "E-I-indeks (b\xc3\xa5nd / kontakter)"},
    [M_EI_TEXT] = {"%+.3f / %+.3f, p = %.3f", "%+.3f / %+.3f, p = %.3f"},
    [M_MODULARITY] = {"modularity of the groups", "modularitet for gruppene"},
    [M_ASSORT] = {"assortativity (same group)", "assortativitet (samme gruppe)"},
    [M_CROSS] = {"across group boundaries", "p\xc3\xa5 tvers av gruppegrenser"},
    [M_CROSS_TEXT] = {"%.1f%% of ties, %.1f%% of contacts",
                      "%.1f%% av b\xc3\xa5ndene, %.1f%% av kontaktene"},
    [M_NMI] = {"match with detected communities", "samsvar med oppdagede fellesskap"},
    [M_NMI_TEXT] = {"NMI %.3f (%u Leiden communities)", "NMI %.3f (%u Leiden-fellesskap)"},
    [M_GROUP] = {"group", "gruppe"},
    [M_BROKERS] = {"Brokers by role (Gould-Fernandez over %s)",
                   "Meglere etter rolle (Gould-Fernandez over %s)"},
    [M_NOT_MEANINGFUL] = {"not meaningful: %s", "ikke meningsfullt: %s"},
    [M_ROLE_HEAD] = {"role: top brokers (raw count, z)", "rolle: fremste meglere (antall, z)"},
    [M_ARTIC] = {"Articulation points (removing one splits the network)",
                 "Artikulasjonspunkter (fjernes ett, deles nettverket)"},
    [M_ARTIC_NONE] = {"none: no single node holds the network together",
                      "ingen: ingen enkeltnode holder nettverket sammen"},
    [M_REMOVAL] = {"If these were gone: %s", "Om disse forsvant: %s"},
    [M_REM_PAIRS] = {"reachable ordered pairs", "ordnede par som n\xc3\xa5r hverandre"},
    [M_REM_PAIRS_TEXT] = {"%s -> %s (%s lost; %s between the actors who remain)",
                          "%s -> %s (%s tapt; %s mellom de som blir igjen)"},
    [M_REM_TIES] = {"ties lost", "b\xc3\xa5nd tapt"},
    [M_REM_TIES_TEXT] = {"%s, of them %s of %s cross-boundary ties",
                         "%s, av dem %s av %s b\xc3\xa5nd p\xc3\xa5 tvers av grenser"},
    [M_REM_CUT] = {"groups cut off from each other", "grupper som mister forbindelsen"},
    [M_CENTRAL] = {"centralization (Freeman)", "sentralisering (Freeman)"},
    [M_CENTRAL_TEXT] = {"degree in %.3f, out %.3f; betweenness %.3f",
                        "grad inn %.3f, ut %.3f; betweenness %.3f"},
    [M_PRIV_HEAD] = {"Privacy: profile %s", "Personvern: profil %s"},
    [M_PRIV_CELLS] = {"small cells: counts from 1 to %d are shown as <%d, and other cells "
                      "where a total would reveal them",
                      "sm\xc3\xa5 celler: antall fra 1 til %d vises som <%d, og andre celler der "
                      "en sum ville avsl\xc3\xb8rt dem"},
    [M_PRIV_NOCELLS] = {"small cells: not suppressed", "sm\xc3\xa5 celler: ikke skjult"},
    [M_PRIV_IDS_SHARED] = {"actor, case and meeting ids are pseudonyms (%s)",
                           "akt\xc3\xb8r-, sak- og m\xc3\xb8te-id-er er pseudonymer (%s)"},
    [M_PRIV_IDS_INTERNAL] = {"case ids are %s; actor ids and names as in the input",
                             "sak-id-er er %s; akt\xc3\xb8r-id-er og navn som i inndata"},
    [M_PRIV_KEYED] = {"keyed", "med n\xc3\xb8kkel"},
    [M_PRIV_ONE_OFF] = {"one-off key", "engangsn\xc3\xb8kkel"},
    [M_PRIV_NUMBERED] = {"numbered", "nummerert"},
    [M_PRIV_DROPPED] = {"names, professions and extra columns left out: %ld values",
                        "navn, yrker og ekstra kolonner utelatt: %ld verdier"},
    [M_PRIV_MERGED] = {"organisations merged into \"%s\": %ld",
                       "organisasjoner sl\xc3\xa5tt sammen til \"%s\": %ld"},
    [M_PRIV_TIES] = {"ties with fewer than %d contacts left out of exported networks: %ld",
                     "b\xc3\xa5nd med f\xc3\xa6rre enn %d kontakter utelatt fra eksporterte "
                     "nettverk: %ld"},
    [M_PRIV_REID] = {"re-identification: %ld of %ld actors are the only one of their type, "
                     "organisation and degree band; %s",
                     "reidentifisering: %ld av %ld akt\xc3\xb8rer er alene om sin type, "
                     "organisasjon og gradintervall; %s"},
    [M_PRIV_COARSENED] = {"degrees shown coarsened", "gradene vises grovere"},
    [M_PRIV_NOT_COARSENED] = {"degrees shown as they are", "gradene vises som de er"},
    [M_PRIV_NOTE] = {"pseudonymised data is still personal data (not anonymised)",
                     "pseudonymiserte data er fortsatt personopplysninger (ikke anonymisert)"},
};

static const char *tr(const sn_report *r, msg m)
{
    const char *s = texts[m][r->lang == SN_LANG_NB ? 1 : 0];
    return s ? s : "?";
}

/* A cell of a table with its total shown: "<K" when sn_privacy_cells flagged it. */
static const char *cell(const sn_report *r, double v, unsigned char flag, char *buf, size_t cap)
{
    if (flag && r->privacy) {
        snprintf(buf, cap, "<%d", r->privacy->min_cell);
        return buf;
    }
    return sni_out_grouped(r, (long long)v, buf, cap);
}

static int shared(const sn_report *r)
{
    return r->privacy && r->privacy->profile == SN_PRIVACY_SHARED;
}

/* Ties carried by fewer than K contacts: left out of the exported networks under shared. */
static long ties_left_out(const sn_report *r)
{
    const sn_net *net = &r->an->net;
    long n = 0;
    for (size_t t = 0; net->tie_contacts && t < net->n_ties; t++)
        n += net->tie_contacts[t] < (double)r->privacy->min_cell;
    return n;
}

/*
 * The notice at the top of the report under shared or --min-cell: what is
 * pseudonymised, K, what was merged and left out, and the re-identification
 * check. Nothing when the profile suppresses nothing and is internal.
 */
static void privacy_notice(const sn_report *r, FILE *out)
{
    const sn_privacy *p = r->privacy;
    if (!p || (p->profile != SN_PRIVACY_SHARED && p->min_cell <= 0))
        return;
    char line[512];
    snprintf(line, sizeof line, tr(r, M_PRIV_HEAD), sn_privacy_profile_name(p->profile));
    sni_out_line(out, "", line);
    if (p->min_cell > 0)
        snprintf(line, sizeof line, tr(r, M_PRIV_CELLS), p->min_cell - 1, p->min_cell);
    else
        snprintf(line, sizeof line, "%s", tr(r, M_PRIV_NOCELLS));
    sni_out_line(out, "  ", line);
    if (p->profile == SN_PRIVACY_SHARED) {
        snprintf(line, sizeof line, tr(r, M_PRIV_IDS_SHARED),
                 tr(r, p->key_file ? M_PRIV_KEYED : M_PRIV_ONE_OFF));
        sni_out_line(out, "  ", line);
        snprintf(line, sizeof line, tr(r, M_PRIV_DROPPED), p->attributes_dropped);
        sni_out_line(out, "  ", line);
    } else {
        snprintf(line, sizeof line, tr(r, M_PRIV_IDS_INTERNAL),
                 p->key_file || p->case_ids_salted
                     ? (r->lang == SN_LANG_NB ? "pseudonymer" : "pseudonyms")
                     : tr(r, M_PRIV_NUMBERED));
        sni_out_line(out, "  ", line);
    }
    if (p->merge_small_orgs > 0) {
        snprintf(line, sizeof line, tr(r, M_PRIV_MERGED), SN_PRIVACY_OTHER_ORG,
                 p->organisations_merged);
        sni_out_line(out, "  ", line);
    }
    if (p->profile == SN_PRIVACY_SHARED) {
        snprintf(line, sizeof line, tr(r, M_PRIV_TIES), p->min_cell, ties_left_out(r));
        sni_out_line(out, "  ", line);
    }
    if (p->reid_checked) {
        snprintf(line, sizeof line, tr(r, M_PRIV_REID), p->reid_unique, p->reid_actors,
                 tr(r, p->reid_coarsened ? M_PRIV_COARSENED : M_PRIV_NOT_COARSENED));
        sni_out_line(out, "  ", line);
    }
    if (p->profile == SN_PRIVACY_SHARED)
        sni_out_line(out, "  ", tr(r, M_PRIV_NOTE));
    fputc('\n', out);
}

/* The tables' orders are the analysis's (sn_analysis.ranks), made with its measures. */
static sn_status left_out(sn_err *err, const char *what)
{
    return sn_err_set(err, SN_EANALYSIS, "the report needs %s, which the analysis left out", what);
}

static sn_status top_betweenness(const sn_report *r, FILE *out, sn_err *err)
{
    const sn_net *net = &r->an->net;
    const sn_node_metrics *m = &r->an->metrics.node;
    const uint32_t *v = r->an->ranks.betweenness;
    if (!v)
        return left_out(err, "the nodes ranked by betweenness");
    int top = r->top > 0 ? r->top : 10;
    if ((uint32_t)top > net->n_nodes)
        top = (int)net->n_nodes;
    fprintf(out, "\n");
    fprintf(out, "%s\n  %-3s ", tr(r, M_TOP), "#");
    int actor_level = net->opts.level == SN_LEVEL_ACTOR;
    int names = actor_level && !shared(r); /* shared: the store holds no names */
    /* without the name column a pseudonym gets its room, so that it is shown whole */
    int id_width = !actor_level ? 44 : names ? 18 : 41;
    sni_out_cell(out,
                 actor_level                        ? tr(r, M_COL_ACTOR)
                 : net->opts.level == SN_LEVEL_UNIT ? tr(r, M_COL_UNIT)
                                                    : tr(r, M_COL_ORG),
                 id_width);
    fputc(' ', out);
    if (actor_level) {
        if (names) {
            sni_out_cell(out, tr(r, M_COL_NAME), 22);
            fputc(' ', out);
        }
        sni_out_cell(out, tr(r, M_COL_ORG), 24);
        fputc(' ', out);
    }
    fprintf(out, "%12s %9s %9s\n", tr(r, M_COL_BETW), tr(r, M_COL_PR), tr(r, M_COL_DEG));
    for (int i = 0; i < top; i++) {
        uint32_t node = v[i];
        fprintf(out, "  %-3d ", i + 1);
        sni_out_cell(out, sn_net_label(net, node), id_width);
        fputc(' ', out);
        if (actor_level) {
            uint32_t a = net->node_actor[node];
            if (names) {
                sni_out_cell(out, sn_store_attr(net->store, a, SN_ATTR_NAME), 22);
                fputc(' ', out);
            }
            sni_out_cell(out, sn_store_attr(net->store, a, SN_ATTR_ORGANISATION), 24);
            fputc(' ', out);
        }
        char deg[80], di[32], dout[32];
        snprintf(deg, sizeof deg, "%s/%s",
                 sni_out_count_plain(r, m->degree_in[node], di, sizeof di),
                 sni_out_count_plain(r, m->degree_out[node], dout, sizeof dout));
        fprintf(out, "%12.1f %9.5f %9s\n", m->betweenness[node], m->pagerank[node], deg);
    }
    const sn_betweenness_method *bm = &r->an->metrics.betweenness;
    if (bm->sampled) {
        char line[512];
        snprintf(line, sizeof line, tr(r, M_SAMPLED), (unsigned long long)bm->samples,
                 bm->vertex_diameter, (unsigned long long)bm->seed, 1 - bm->delta, bm->eps);
        sni_out_line(out, "  ", line);
    }
    return SN_OK;
}

static sn_status type_mixing(const sn_report *r, FILE *out, sn_err *err)
{
    if (!r->an->has_type_mix || !r->an->ranks.type_pairs)
        return left_out(err, "the contacts by type");
    const sn_mix mix = r->an->type_mix;
    const uint32_t *v = r->an->ranks.type_pairs;
    size_t nv = r->an->ranks.n_type_pairs;
    /* table (2): every type pair in one row, the network's contacts as its total */
    unsigned char *flags = NULL;
    if (sni_cells_by_type(r, &flags) != 0)
        return sn_err_set(err, SN_ENOMEM, "out of memory writing the contacts by type");
    fprintf(out, "\n%s (%s)\n", tr(r, M_MIX), tr(r, M_MIX_NOTE));
    if (nv == 0)
        fprintf(out, "  %s\n", tr(r, M_NONE));
    for (size_t i = 0; i < nv && i < 16; i++) {
        uint32_t a = v[i] / mix.n_groups, b = v[i] % mix.n_groups;
        double c = mix.contacts[v[i]];
        char label[256], num[32];
        snprintf(label, sizeof label, "%s -> %s", mix.labels[a][0] ? mix.labels[a] : "?",
                 mix.labels[b][0] ? mix.labels[b] : "?");
        fputs("  ", out);
        sni_out_cell(out, label, 40);
        if (flags[v[i]]) /* the share and the total would give the count away */
            fprintf(out, " %12s  %6s\n", cell(r, c, flags[v[i]], num, sizeof num), "-");
        else
            fprintf(out, " %12s  %5.1f%%\n", sni_out_grouped(r, (long long)c, num, sizeof num),
                    100.0 * c / mix.total);
    }
    free(flags);
    if (nv > 16) {
        char more[128];
        snprintf(more, sizeof more, tr(r, M_MORE), nv - 16);
        fprintf(out, "  %s\n", more);
    }
    return SN_OK;
}

static sn_status silo_section(const sn_report *r, size_t pi, FILE *out, sn_err *err)
{
    const sn_partition *p = &r->an->partitions[pi];
    const sn_silo *s = &r->an->silos[pi];
    char line[256], head[256];
    snprintf(head, sizeof head, tr(r, M_SILO), p->attr);
    sni_out_line(out, "\n", head);
    if (r->an->not_meaningful[pi]) { /* not a perfect silo of one group '?' */
        snprintf(line, sizeof line, tr(r, M_NOT_MEANINGFUL), r->an->not_meaningful[pi]);
        fprintf(out, "  %s\n", line);
        return SN_OK;
    }
    snprintf(line, sizeof line, tr(r, M_EI_TEXT), s->ei, s->ei_weighted, s->ei_p);
    if (!(s->ei_p >= 0))
        snprintf(line, sizeof line, "%+.3f / %+.3f", s->ei, s->ei_weighted);
    sni_out_row(out, tr(r, M_EI), line);
    snprintf(line, sizeof line, "%.3f", s->modularity);
    sni_out_row(out, tr(r, M_MODULARITY), line);
    snprintf(line, sizeof line, "%.3f", s->assortativity);
    sni_out_row(out, tr(r, M_ASSORT), line);
    snprintf(line, sizeof line, tr(r, M_CROSS_TEXT), 100 * s->cross_share_ties,
             100 * s->cross_share_contacts);
    sni_out_row(out, tr(r, M_CROSS), line);
    snprintf(line, sizeof line, tr(r, M_NMI_TEXT), s->nmi, s->communities);
    sni_out_row(out, tr(r, M_NMI), line);
    if (s->permutations > 0) {
        snprintf(line, sizeof line, tr(r, M_SILO_NOTE), s->permutations);
        fprintf(out, "  %s\n", line);
    }
    const uint32_t *v = r->an->ranks.silo_groups[pi];
    uint32_t nv = r->an->ranks.n_silo_groups[pi];
    if (!v)
        return left_out(err, "the groups ranked by E-I");
    int top = r->top > 0 ? r->top : 10;
    fprintf(out, "  %s\n  ", tr(r, M_SILO_HEAD));
    sni_out_cell(out, tr(r, M_GROUP), 40);
    fprintf(out, " %6s %8s %8s %8s\n", "size", "inside", "across", "E-I");
    for (uint32_t i = 0; i < nv && i < (uint32_t)top; i++) {
        uint32_t g = v[i];
        fputs("  ", out);
        sni_out_cell(out, p->labels[g][0] ? p->labels[g] : "?", 40);
        char n1[32], n2[32], n3[32];
        fprintf(out, " %6s %8s %8s %+8.3f\n", sni_out_count_plain(r, p->size[g], n1, sizeof n1),
                sni_out_count_plain(r, s->groups[g].internal, n2, sizeof n2),
                sni_out_count_plain(r, s->groups[g].external, n3, sizeof n3), s->groups[g].ei);
    }
    return SN_OK;
}

static sn_status broker_section(const sn_report *r, FILE *out, sn_err *err)
{
    const sn_brokerage *b = &r->an->brokerage;
    const sn_net *net = &r->an->net;
    char head[256];
    snprintf(head, sizeof head, tr(r, M_BROKERS), r->an->partitions[0].attr);
    sni_out_line(out, "\n", head);
    if (r->an->not_meaningful[0]) {
        char line[256];
        snprintf(line, sizeof line, tr(r, M_NOT_MEANINGFUL), r->an->not_meaningful[0]);
        fprintf(out, "  %s\n", line);
        return SN_OK;
    }
    fprintf(out, "  %s\n", tr(r, M_ROLE_HEAD));
    for (int role = 0; role < SN_ROLE_TOTAL; role++) {
        const uint32_t *v = r->an->ranks.brokers[role];
        uint32_t nv = r->an->ranks.n_brokers[role];
        if (!v)
            return left_out(err, "the brokers ranked per role");
        fprintf(out, "  %-15s", sn_role_name(role));
        if (nv == 0)
            fprintf(out, " %s", tr(r, M_NONE));
        for (uint32_t i = 0; i < nv && i < 3; i++) {
            size_t at = (size_t)v[i] * SN_ROLES + (size_t)role;
            /* table (7): the actor's raw counts per role, total.raw as the total */
            unsigned char flags[SN_ROLES];
            sni_cells_brokerage(r, b->raw + (size_t)v[i] * SN_ROLES, flags);
            char num[32];
            fputs(i ? "; " : " ", out);
            sni_out_text(out, sn_net_label(net, v[i]));
            if (flags[role])
                snprintf(num, sizeof num, "<%d", r->privacy->min_cell);
            else
                snprintf(num, sizeof num, "%.0f", b->raw[at]);
            fprintf(out, " (%s, z %.1f)", num, b->z[at]);
        }
        fputc('\n', out);
    }
    return SN_OK;
}

static void articulation_section(const sn_report *r, FILE *out)
{
    const sn_net_metrics *nm = &r->an->metrics.net;
    fprintf(out, "\n%s\n", tr(r, M_ARTIC));
    if (nm->n_articulation == 0) {
        fprintf(out, "  %s\n", tr(r, M_ARTIC_NONE));
        return;
    }
    int top = r->top > 0 ? r->top : 10;
    fputs("  ", out);
    for (size_t i = 0; i < nm->n_articulation && i < (size_t)top * 2; i++) {
        fputs(i ? ", " : "", out);
        sni_out_text(out, sn_net_label(&r->an->net, nm->articulation[i]));
    }
    if (nm->n_articulation > (size_t)top * 2) {
        char num[32];
        fprintf(out, ", ... (%s)",
                sni_out_count_plain(r, (double)nm->n_articulation, num, sizeof num));
    }
    fputc('\n', out);
}

static void removal_section(const sn_report *r, FILE *out)
{
    const sn_removal *rm = &r->an->removal;
    const sn_partition *p = &r->an->partitions[0];
    char ids[512] = "", line[512];
    size_t used = 0;
    for (uint32_t i = 0; i < rm->n_removed && used + 2 < sizeof ids; i++)
        used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%s", i ? ", " : "",
                                 sn_net_label(&r->an->net, rm->removed[i]));
    snprintf(line, sizeof line, tr(r, M_REMOVAL), ids);
    sni_out_line(out, "\n", line);
    char n1[32], n2[32], n3[32], n4[32];
    snprintf(line, sizeof line, tr(r, M_REM_PAIRS_TEXT),
             sni_out_count_plain(r, rm->pairs_before, n1, sizeof n1),
             sni_out_count_plain(r, rm->pairs_after, n2, sizeof n2),
             sni_out_count_plain(r, rm->pairs_lost, n3, sizeof n3),
             sni_out_count_plain(r, rm->pairs_lost_between_remaining, n4, sizeof n4));
    sni_out_row(out, tr(r, M_REM_PAIRS), line);
    snprintf(line, sizeof line, tr(r, M_REM_TIES_TEXT),
             sni_out_count_plain(r, (double)rm->ties_lost, n1, sizeof n1),
             sni_out_count_plain(r, (double)rm->cross_ties_lost, n2, sizeof n2),
             sni_out_count_plain(r, (double)rm->cross_ties_before, n3, sizeof n3));
    sni_out_row(out, tr(r, M_REM_TIES), line);
    fputs("  ", out);
    sni_out_cell(out, tr(r, M_REM_CUT), 40);
    if (rm->n_cut == 0)
        fprintf(out, " %s", tr(r, M_NONE));
    for (uint32_t i = 0; i < rm->n_cut && i < 12; i++) {
        fputs(i ? "; " : " ", out);
        sni_out_text(out, p->labels[rm->cut_from[i]]);
        fputs(" -> ", out);
        sni_out_text(out, p->labels[rm->cut_to[i]]);
    }
    if (rm->n_cut > 12)
        fprintf(out, "; ... (%u)", rm->n_cut);
    fputc('\n', out);
}

sn_status sn_report_text(const sn_report *r, FILE *out, sn_err *err)
{
    const sn_store *s = r->store;
    const sn_net *net = &r->an->net;
    const sn_net_metrics *nm = &r->an->metrics.net;
    char a[64], b[64], line[256];

    privacy_notice(r, out);
    fprintf(out, tr(r, M_TITLE), SAMNETT_VERSION);
    json_t *prov = sni_provenance_json(r);
    if (!prov)
        return sn_err_set(err, SN_ENOMEM, "out of memory writing the report's provenance");
    fprintf(out, "\n\n%s\n", tr(r, M_PROVENANCE));
    sni_provenance_text(r, prov, out);
    json_decref(prov);
    fprintf(out, "\n%s\n", tr(r, M_INPUT));
    snprintf(line, sizeof line, "%ld", s->files);
    sni_out_row(out, tr(r, M_FILES), line);
    snprintf(line, sizeof line, "%s",
             sni_out_count_text(r, (double)(s->n_actors - (size_t)s->auto_actors), a, sizeof a));
    sni_out_row(out, tr(r, M_ACTORS), line);
    if (s->auto_actors)
        sni_out_row(out, tr(r, M_AUTO), sni_out_count_text(r, (double)s->auto_actors, a, sizeof a));
    sni_out_row(out, tr(r, M_ROWS),
                sni_out_count_text(r, (double)sn_store_contacts(s), a, sizeof a));
    if (s->tie_bucket >= 0) { /* the input is a tie table: what it cannot give */
        static const char *const nb_buckets[] = {"dag", "uke", "m\xc3\xa5ned", "kvartal"};
        snprintf(line, sizeof line, tr(r, M_TIES_INPUT_TEXT),
                 sni_out_count_text(r, (double)s->n, a, sizeof a),
                 r->lang == SN_LANG_NB ? nb_buckets[s->tie_bucket]
                                       : sn_bucket_name((sn_bucket)s->tie_bucket));
        sni_out_row(out, tr(r, M_TIES_INPUT), line);
        sni_out_row(out, tr(r, M_TIES_UNAVAILABLE), tr(r, M_TIES_UNAVAILABLE_TEXT));
    }
    sni_out_row(out, tr(r, M_REJECTED), sni_out_count_text(r, (double)s->rejected, a, sizeof a));
    sni_out_row(out, tr(r, M_SELF), sni_out_count_text(r, (double)s->self_contacts, a, sizeof a));
    sni_out_row(out, tr(r, M_ZONE), sn_tz_name(sn_tz_current()));
    if (s->local_times)
        sni_out_row(out, tr(r, M_LOCAL),
                    sni_out_count_text(r, (double)s->local_times, a, sizeof a));
    if (s->ambiguous_times)
        sni_out_row(out, tr(r, M_AMBIGUOUS),
                    sni_out_count_text(r, (double)s->ambiguous_times, a, sizeof a));
    if (s->nonexistent_times)
        sni_out_row(out, tr(r, M_NONEXISTENT),
                    sni_out_count_text(r, (double)s->nonexistent_times, a, sizeof a));
    if (s->ids_merged)
        sni_out_row(out, tr(r, M_MERGED),
                    sni_out_count_text(r, (double)s->ids_merged, a, sizeof a));
    if (s->n) {
        sn_date_format(s->first_time, a, sizeof a);
        sn_date_format(s->last_time, b, sizeof b);
        snprintf(line, sizeof line, "%s .. %s", a, b);
        sni_out_row(out, tr(r, M_SPAN), line);
    }

    /* the filters applied, since and until as instants in the zone */
    fprintf(out, "\n%s\n", tr(r, M_FILTERS));
    const sn_tz *zone = sn_tz_current();
    if (net->opts.has_since)
        sn_time_format_zone(zone, net->opts.since, a, sizeof a);
    sni_out_row(out, tr(r, M_SINCE), net->opts.has_since ? a : tr(r, M_NONE));
    if (net->opts.has_until)
        sn_time_format_zone(zone, net->opts.until, a, sizeof a);
    sni_out_row(out, tr(r, M_UNTIL), net->opts.has_until ? a : tr(r, M_NONE));
    line[0] = '\0';
    if (net->opts.has_channels)
        for (int c = 0; c <= SN_CHANNEL_MAX; c++)
            if (net->opts.channels[c] && (uint32_t)c < sn_intern_count(s->channels)) {
                size_t used = strlen(line);
                snprintf(line + used, sizeof line - used, "%s%s", used ? ", " : "",
                         sn_channel_name(s, (uint8_t)c));
            }
    sni_out_row(out, tr(r, M_CHANNELS), line[0] ? line : tr(r, M_ALL));
    snprintf(line, sizeof line, "%ld",
             net->opts.min_contacts > 1 ? (long)net->opts.min_contacts : 1L);
    sni_out_row(out, tr(r, M_MIN_CONTACTS), line);
    if (r->an->has_temporal && r->an->temporal.has_window)
        sni_out_row(out, tr(r, M_WINDOW), r->an->temporal.window.name);

    fprintf(out, "\n%s\n", tr(r, M_NETWORK));
    sni_out_row(out, tr(r, M_LEVEL), sn_level_name(net->opts.level));
    sni_out_row(out, tr(r, M_NODES), sni_out_count_text(r, net->n_nodes, a, sizeof a));
    sni_out_row(out, tr(r, M_TIES), sni_out_count_text(r, (double)net->n_ties, a, sizeof a));
    sni_out_row(out, tr(r, M_CONTACTS_TIES),
                sni_out_count_text(r, (double)net->contacts_in_ties, a, sizeof a));
    snprintf(line, sizeof line, "%.4f", nm->density);
    sni_out_row(out, tr(r, M_DENSITY), line);
    snprintf(line, sizeof line, tr(r, M_RECIP_TEXT), 100 * nm->reciprocity,
             100 * nm->dyadic_reciprocity);
    sni_out_row(out, tr(r, M_RECIP), line);
    snprintf(line, sizeof line, tr(r, M_COMP_TEXT), nm->weak_components,
             sni_out_count_plain(r, (double)nm->largest_weak, a, sizeof a), nm->strong_components,
             sni_out_count_plain(r, (double)nm->isolates, b, sizeof b));
    sni_out_row(out, tr(r, M_COMPONENTS), line);
    snprintf(line, sizeof line, tr(r, M_CENTRAL_TEXT), nm->centralization_degree_in,
             nm->centralization_degree_out, nm->centralization_betweenness);
    sni_out_row(out, tr(r, M_CENTRAL), line);
    if (net->contacts_in_window == 0)
        fprintf(out, "  %s\n", tr(r, M_NO_CONTACTS));

    sn_status rc = net->n_nodes ? top_betweenness(r, out, err) : SN_OK;
    if (rc == SN_OK)
        rc = type_mixing(r, out, err);
    if (rc != SN_OK)
        return rc;
    for (size_t i = 0; i < r->an->n_partitions && rc == SN_OK; i++)
        rc = silo_section(r, i, out, err);
    if (rc == SN_OK && r->an->brokerage.raw)
        rc = broker_section(r, out, err);
    if (rc == SN_OK)
        articulation_section(r, out);
    if (rc == SN_OK && r->an->has_removal)
        removal_section(r, out);
    if (rc == SN_OK)
        rc = sni_events_text(r, out, err);
    if (rc == SN_OK && r->an->has_temporal)
        rc = sni_temporal_text(r, out, err);
    if (rc == SN_OK && r->lenses && r->lenses_wait)
        r->lenses_wait(r->lenses_ud);
    if (rc == SN_OK && r->lenses)
        sni_lens_results_text(r->lenses, r->lang, out);
    if (rc != SN_OK)
        return rc;
    if (fflush(out) != 0 || ferror(out))
        return sn_err_set(err, SN_EIO, "cannot write the report");
    return SN_OK;
}
