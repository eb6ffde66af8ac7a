/*
 * temporal_out.c - the `temporal` section as JSON, text ("Over time") and CSV
 * tables. The section is there when --window or --after is given; the
 * measures are defined in samnett/temporal.h. Times are ISO 8601 UTC, and
 * undefined values are null in JSON and empty in CSV.
 *
 * JSON `temporal`:
 *   period               {start, end, days}
 *   plausible_range      {start, end}: the time range the period was cut to,
 *                        or null
 *   contacts_outside_period  contacts of the network outside the period
 *                        (outside the plausible range, or strays), left out
 *                        of the windows, change points and measures below
 *   contacts_stray       of them, those inside the range but cut off the
 *                        ends of the period: more than a year before or
 *                        after the bulk of the data (temporal.h, SN_BULK_*)
 *   window               {spec, step_spec, length, step (ISO 8601 durations such
 *                        as "P3M"), sliding, count, novelty_k}, or null
 *   baseline             {start, end, days, contacts, source: "option" |
 *                        "first_window"}, or null
 *   after                the --after time, or null
 *   pairs_by             the group attribute of group_pairs
 *   change_point_method  {method "PELT", cost "poisson", penalty_rule
 *                        "quasi_bic" | "bic" | "fixed", penalty (2 ln(days)
 *                        before the dispersion factor, or the fixed value),
 *                        min_days, min_contacts, days, max_days, tested:
 *                        false when the period is longer than max_days,
 *                        series_over_work: series not tested because their
 *                        search passed its step limit (temporal.h)}
 *   windows[]            {label, start, end, days, contacts, nodes, ties,
 *                        density, reciprocity, components, channels {name:
 *                        contacts}, persistence, novelty, rate_ratio, and
 *                        actors[] {id, <requested measures>} with
 *                        --window-metrics}
 *   network              the measures below plus change_point_penalty and
 *                        change_points[] {date, rate_before, rate_after,
 *                        change, direction "up" | "down"}, largest first
 *                        (null when not tested: a period longer than max_days)
 *   channels[]           {channel, contacts, change_point_penalty,
 *                        change_points[]}
 *   group_pairs[]        {from_group, to_group, the measures below,
 *                        change_point_penalty, change_points[] (null when the
 *                        pair has too few contacts to be tested)}, most
 *                        contacts first
 *   actors[]             {id, the measures below}, one per node
 * The measures: contacts, first, last, burstiness, regularity, persistence,
 * novelty, baseline_contacts, rate_ratio, contacts_before, contacts_after,
 * decay_per_day, half_life_days. Ties are too many for JSON: they are in
 * temporal_ties.csv.
 *
 * CSV: windows.csv (one row per window), window_channels.csv (label,
 * channel, contacts: one row per window and channel), window_actors.csv (label, start, end, id,
 * requested measures), temporal_ties.csv (from, to, measures), temporal_actors.csv (id, measures),
 * temporal_pairs.csv (from_group, to_group, measures) and change_points.csv (series network |
 * channel | group_pair, from_group, to_group, channel, date, rate_before, rate_after, change,
 * direction).
 */
#include "temporal_out.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "samnett/time.h"

static const sn_temporal *tmp_of(const sn_report *r)
{
    return &r->an->temporal;
}

/* "2020-03-16" for a midnight of the current zone, else the full time. */
static void day_or_time(int64_t t, char *buf, size_t len)
{
    if (sn_tz_local(sn_tz_current(), t) % SN_DAY == 0)
        sn_date_format(t, buf, len);
    else
        sn_time_format(t, buf, len);
}

static const char *pair_label(const char *s)
{
    return s && s[0] ? s : "?";
}

static const char *rule_name(sn_cp_rule rule)
{
    return rule == SN_CP_FIXED ? "fixed" : rule == SN_CP_BIC ? "bic" : "quasi_bic";
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                     */

static json_t *iso(int64_t t)
{
    char buf[40];
    sn_time_format(t, buf, sizeof buf);
    return json_string(buf);
}

static json_t *cps_json(const sn_change_points *c)
{
    if (!c->tested)
        return json_null();
    json_t *a = json_array();
    for (size_t i = 0; i < c->n; i++) {
        const sn_change_point *p = &c->cp[i];
        char d[40];
        day_or_time(p->time, d, sizeof d);
        sni_out_append(a, json_pack("{s:s, s:o, s:o, s:o, s:s}", "date", d, "rate_before",
                                    sni_out_num(p->rate_before), "rate_after",
                                    sni_out_num(p->rate_after), "change",
                                    sni_out_num(p->rate_after - p->rate_before), "direction",
                                    p->rate_after >= p->rate_before ? "up" : "down"));
    }
    return a;
}

/* The measures of a tie, node, group pair or the network into object o; nonzero when one is lost.
 */
static int stats_json(const sn_temporal *T, const sn_tstats *s, json_t *o)
{
    int bad = 0;
    bad |= sni_out_set(o, "contacts", json_integer(s->contacts));
    bad |= sni_out_set(o, "first", s->contacts ? iso(s->first) : json_null());
    bad |= sni_out_set(o, "last", s->contacts ? iso(s->last) : json_null());
    bad |= sni_out_set(o, "burstiness", sni_out_num(s->burstiness));
    bad |= sni_out_set(o, "regularity", sni_out_num(s->regularity));
    bad |= sni_out_set(o, "persistence", sni_out_num(s->persistence));
    bad |= sni_out_set(o, "novelty", sni_out_num(s->novelty));
    bad |= sni_out_set(o, "baseline_contacts",
                       T->has_baseline ? json_integer(s->baseline_contacts) : json_null());
    bad |= sni_out_set(o, "rate_ratio", sni_out_num(s->rate_ratio));
    bad |= sni_out_set(o, "contacts_before",
                       T->has_after ? json_integer(s->contacts_before) : json_null());
    bad |= sni_out_set(o, "contacts_after",
                       T->has_after ? json_integer(s->contacts_after) : json_null());
    bad |= sni_out_set(o, "decay_per_day", sni_out_num(s->decay_per_day));
    bad |= sni_out_set(o, "half_life_days", sni_out_num(s->half_life_days));
    return bad;
}

/* One element of `windows`; its `actors` (with window metrics) go one by one. */
static void window_write(const sn_report *r, const sn_window *win, sn_jw *w)
{
    const sn_temporal *T = tmp_of(r);
    const sn_store *s = r->store;
    json_t *ch = json_object();
    for (size_t k = 0; k < T->n_channels; k++)
        if (sni_out_set(ch, sn_channel_name(s, T->channels[k]),
                        json_integer(win->channel_contacts[k])) != 0) {
            json_decref(ch);
            ch = NULL;
            break;
        }
    if (ch && sni_cells_on(r)) { /* the channels with the window's contacts as their total */
        unsigned char *hide = malloc(T->n_channels ? T->n_channels : 1);
        if (!hide || sni_cells_window_channels(r, (size_t)(win - T->windows), hide) != 0) {
            json_decref(ch);
            ch = NULL;
        }
        for (size_t k = 0; ch && k < T->n_channels; k++)
            if (hide[k])
                sni_out_hide(ch, sn_channel_name(s, T->channels[k]));
        free(hide);
    }
    sni_jw_open(w, NULL, 0);
    sni_jw_add(w, "label", json_string(win->label));
    sni_jw_add(w, "start", iso(win->start));
    sni_jw_add(w, "end", iso(win->end));
    sni_jw_add(w, "days", json_real((double)(win->end - win->start) / SN_DAY));
    sni_jw_add(w, "contacts", json_integer(win->contacts));
    sni_jw_add(w, "nodes", json_integer(win->nodes));
    sni_jw_add(w, "ties", json_integer((json_int_t)win->ties));
    sni_jw_add(w, "density", sni_out_num(win->density));
    sni_jw_add(w, "reciprocity", sni_out_num(win->reciprocity));
    sni_jw_add(w, "components", json_integer(win->components));
    sni_jw_add(w, "channels", ch);
    sni_jw_add(w, "persistence", sni_out_num(win->persistence));
    sni_jw_add(w, "novelty", sni_out_num(win->novelty));
    sni_jw_add(w, "rate_ratio", sni_out_num(win->rate_ratio));
    if (T->window_metrics && !w->page) {
        sni_jw_open(w, "actors", 1);
        for (uint32_t a = 0; a < win->n_active && w->status == SN_OK; a++) {
            json_t *ao = json_object();
            int bad =
                sni_out_set(ao, "id", json_string(sn_net_label(&r->an->net, win->active[a]))) != 0;
            for (int c = 0; c < T->n_metric_columns; c++) {
                const char *col = T->metric_columns[c];
                double x = win->values[(size_t)a * (size_t)T->n_metric_columns + (size_t)c];
                int whole = strncmp(col, "degree", 6) == 0 || strcmp(col, "reachable") == 0;
                bad |=
                    sni_out_set(ao, col, whole ? json_integer((json_int_t)x) : sni_out_num(x)) != 0;
            }
            if (bad) {
                json_decref(ao);
                ao = NULL;
            }
            sni_jw_add(w, NULL, ao);
        }
        sni_jw_close(w);
    }
    sni_jw_close(w);
}

/* stats_json into a new object that starts with the given members; NULL when out of memory. */
static json_t *with_stats(const sn_temporal *T, const sn_tstats *s, json_t *o)
{
    if (!o)
        return NULL;
    if (stats_json(T, s, o) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Series whose change-point search was given up (SN_CP_MAX_WORK). */
static size_t cp_over_work(const sn_temporal *T)
{
    size_t n = (size_t)T->network_cps.over_work;
    for (size_t c = 0; c < T->n_channels; c++)
        n += (size_t)T->channel_cps[c].over_work;
    for (size_t p = 0; p < T->n_pairs; p++)
        n += (size_t)T->pairs[p].cps.over_work;
    return n;
}

/* The counts of `temporal` (the small-cell rule, sni_out_cells and sni_jw_add). */
static const char *const temporal_counts[] = {"contacts_outside_period",
                                              "contacts_stray",
                                              "contacts",
                                              "nodes",
                                              "ties",
                                              "baseline_contacts",
                                              "contacts_before",
                                              "contacts_after",
                                              "degree_in",
                                              "degree_out",
                                              "degree",
                                              "strength_in",
                                              "strength_out",
                                              "strength",
                                              "reachable",
                                              NULL};

void sni_temporal_json(const sn_report *r, sn_jw *w)
{
    const sn_temporal *T = tmp_of(r);
    const sn_net *net = &r->an->net;
    char a[40], b[40];
    w->cells_r = r;
    w->cells_keys = temporal_counts;
    sni_jw_open(w, "temporal", 0);
    sni_jw_add(w, "period",
               json_pack("{s:o, s:o, s:o}", "start", iso(T->period_start), "end",
                         iso(T->period_end), "days",
                         json_real((double)(T->period_end - T->period_start) / SN_DAY)));
    sni_jw_add(w, "plausible_range",
               T->has_range
                   ? json_pack("{s:o, s:o}", "start", iso(T->range.from), "end", iso(T->range.to))
                   : json_null());
    sni_jw_add(w, "contacts_outside_period", json_integer((json_int_t)T->outside));
    sni_jw_add(w, "contacts_stray", json_integer((json_int_t)T->strays));
    if (T->has_window) {
        sn_span_iso(&T->window, a, sizeof a);
        sn_span_iso(&T->step, b, sizeof b);
        sni_jw_add(w, "window",
                   json_pack("{s:s, s:s, s:s, s:s, s:b, s:I, s:I}", "spec", T->window.name,
                             "step_spec", T->step.name, "length", a, "step", b, "sliding",
                             T->sliding, "count", (json_int_t)T->n_windows, "novelty_k",
                             (json_int_t)T->novelty_k));
    } else {
        sni_jw_add(w, "window", json_null());
    }
    if (T->has_baseline)
        sni_jw_add(w, "baseline",
                   json_pack("{s:o, s:o, s:o, s:I, s:s}", "start", iso(T->baseline_start), "end",
                             iso(T->baseline_end), "days",
                             json_real((double)(T->baseline_end - T->baseline_start) / SN_DAY),
                             "contacts", (json_int_t)T->network.baseline_contacts, "source",
                             T->baseline_from_option ? "option" : "first_window"));
    else
        sni_jw_add(w, "baseline", json_null());
    sni_jw_add(w, "after", T->has_after ? iso(T->after) : json_null());
    sni_jw_add(w, "pairs_by", json_string(T->groups.attr ? T->groups.attr : ""));
    sni_jw_add(w, "change_point_method",
               json_pack("{s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:b, s:I}", "method", "PELT",
                         "cost", "poisson", "penalty_rule", rule_name(T->cp_rule), "penalty",
                         sni_out_num(T->cp_penalty), "min_days", (json_int_t)T->cp_min_days,
                         "min_contacts", (json_int_t)T->cp_min_contacts, "days",
                         (json_int_t)T->days, "max_days", (json_int_t)SN_CP_MAX_DAYS, "tested",
                         !T->cp_too_long, "series_over_work", (json_int_t)cp_over_work(T)));

    sni_jw_open(w, "windows", 1);
    for (size_t i = 0; i < T->n_windows && w->status == SN_OK; i++)
        window_write(r, &T->windows[i], w);
    sni_jw_close(w);

    json_t *nw = with_stats(T, &T->network, json_object());
    if (nw && (sni_out_set(nw, "change_point_penalty", sni_out_num(T->network_cps.penalty)) != 0 ||
               sni_out_set(nw, "change_points", cps_json(&T->network_cps)) != 0)) {
        json_decref(nw);
        nw = NULL;
    }
    sni_jw_add(w, "network", nw);

    sni_jw_open(w, "channels", 1);
    for (size_t k = 0; k < T->n_channels; k++)
        sni_jw_add(w, NULL,
                   json_pack("{s:s, s:I, s:o, s:o}", "channel",
                             sn_channel_name(r->store, T->channels[k]), "contacts",
                             (json_int_t)T->channel_totals[k], "change_point_penalty",
                             sni_out_num(T->channel_cps[k].penalty), "change_points",
                             cps_json(&T->channel_cps[k])));
    sni_jw_close(w);

    if (w->page) { /* the page shows neither */
        sni_jw_close(w);
        return;
    }
    sni_jw_open(w, "group_pairs", 1);
    for (size_t p = 0; p < T->n_pairs && w->status == SN_OK; p++) {
        const sn_group_pair *gp = &T->pairs[p];
        json_t *o = with_stats(T, &gp->stats,
                               json_pack("{s:s, s:s}", "from_group", T->groups.labels[gp->from],
                                         "to_group", T->groups.labels[gp->to]));
        if (o && (sni_out_set(o, "change_point_penalty",
                              gp->cps.tested ? sni_out_num(gp->cps.penalty) : json_null()) != 0 ||
                  sni_out_set(o, "change_points", cps_json(&gp->cps)) != 0)) {
            json_decref(o);
            o = NULL;
        }
        sni_jw_add(w, NULL, o);
    }
    sni_jw_close(w);

    sni_jw_open(w, "actors", 1);
    for (uint32_t v = 0; v < T->n_nodes && w->status == SN_OK; v++)
        sni_jw_add(w, NULL,
                   with_stats(T, &T->nodes[v], json_pack("{s:s}", "id", sn_net_label(net, v))));
    sni_jw_close(w);
    sni_jw_close(w);
}

/* ------------------------------------------------------------------------ */
/* Text                                                                     */

typedef enum tmsg {
    T_TITLE,
    T_WINDOWS,
    T_WINDOWS_TEXT,
    T_SLIDING_TEXT,
    T_PERIOD,
    T_EMPTY,
    T_COL_WINDOW,
    T_COL_CONTACTS,
    T_COL_TIES,
    T_COL_PERSIST,
    T_COL_NOVELTY,
    T_COL_VIDEO,
    T_MORE_WINDOWS,
    T_TABLE_NOTE,
    T_TABLE_NOTE_K,
    T_BURST,
    T_BURST_TEXT,
    T_RATE,
    T_RATE_TEXT,
    T_HALF,
    T_HALF_TEXT,
    T_NO_DECAY,
    T_CP_HEAD,
    T_CP_NOTE,
    T_RULE_QUASI,
    T_RULE_BIC,
    T_CP_FELL,
    T_CP_ROSE,
    T_CP_NONE,
    T_CP_SERIES,
    T_ALL_CONTACTS,
    T_CHANNEL,
    T_OUTSIDE,
    T_OUTSIDE_TEXT,
    T_STRAY,
    T_STRAY_TEXT,
    T_CP_OVER_WORK,
    T_CP_TOO_LONG,
    T_COUNT
} tmsg;

static const char *const ttexts[T_COUNT][2] = {
    [T_TITLE] = {"Over time", "Over tid"},
    [T_WINDOWS] = {"windows", "vinduer"},
    [T_WINDOWS_TEXT] = {"%zu (%s)", "%zu (%s)"},
    [T_SLIDING_TEXT] = {"%zu (%s, one starting every %s)", "%zu (%s, ett som starter hver %s)"},
    [T_PERIOD] = {"analysed period", "analysert periode"},
    [T_EMPTY] = {"from %s: empty", "fra %s: tom"},
    [T_COL_WINDOW] = {"window", "vindu"},
    [T_COL_CONTACTS] = {"contacts", "kontakter"},
    [T_COL_TIES] = {"ties", "b\xc3\xa5nd"},
    [T_COL_PERSIST] = {"persistence", "persistens"},
    [T_COL_NOVELTY] = {"novelty", "nye b\xc3\xa5nd"},
    [T_COL_VIDEO] = {"video", "video"},
    [T_MORE_WINDOWS] = {"... and %zu more windows (all are in JSON and CSV)",
                        "... og %zu vinduer til (alle st\xc3\xa5r i JSON og CSV)"},
    [T_TABLE_NOTE] = {"persistence: Jaccard of the tie sets of this and the previous window; "
                      "novelty: share of ties not in the previous window",
                      "persistens: Jaccard for b\xc3\xa5ndene i dette og forrige vindu; "
                      "nye b\xc3\xa5nd: andel som ikke fantes i forrige vindu"},
    [T_TABLE_NOTE_K] = {"persistence: Jaccard of the tie sets of this and the previous window; "
                        "novelty: share of ties not in the previous %d windows",
                        "persistens: Jaccard for b\xc3\xa5ndene i dette og forrige vindu; "
                        "nye b\xc3\xa5nd: andel som ikke fantes i de %d forrige vinduene"},
    [T_BURST] = {"burstiness / regularity", "burstiness / regularitet"},
    [T_BURST_TEXT] = {"B %+.3f / CV %.3f (of the times between contacts)",
                      "B %+.3f / CV %.3f (av tiden mellom kontaktene)"},
    [T_RATE] = {"contacts per day against baseline", "kontakter per dag mot grunnlinjen"},
    [T_RATE_TEXT] = {"%.2f times the rate of %s .. %s", "%.2f ganger raten i %s .. %s"},
    [T_HALF] = {"half-life of contact after %s", "halveringstid etter %s"},
    [T_HALF_TEXT] = {"%.0f days (%s contacts before, %s after)",
                     "%.0f dager (%s kontakter f\xc3\xb8r, %s etter)"},
    [T_NO_DECAY] = {"no decay (%s contacts before, %s after)",
                    "ingen nedgang (%s kontakter f\xc3\xb8r, %s etter)"},
    [T_CP_HEAD] = {"Largest shifts in contacts per day between %s groups",
                   "St\xc3\xb8rste skift i kontakter per dag mellom %s-grupper"},
    [T_CP_NOTE] = {"PELT, Poisson cost, penalty %s, segments of at least %ld days, group pairs "
                   "with %ld+ contacts",
                   "PELT, Poisson-kostnad, straff %s, segmenter p\xc3\xa5 minst %ld dager, "
                   "gruppepar med minst %ld kontakter"},
    [T_RULE_QUASI] = {"2 phi ln(days) (phi: the series' overdispersion)",
                      "2 phi ln(dager) (phi: seriens overspredning)"},
    [T_RULE_BIC] = {"2 ln(days)", "2 ln(dager)"},
    [T_CP_SERIES] = {"largest shift of all contacts and of each channel:",
                     "st\xc3\xb8rste skift for alle kontakter og for hver kanal:"},
    [T_CP_FELL] = {"%s: contacts per day fell from %s to %s on %s",
                   "%s: kontakter per dag falt fra %s til %s den %s"},
    [T_CP_ROSE] = {"%s: contacts per day rose from %s to %s on %s",
                   "%s: kontakter per dag steg fra %s til %s den %s"},
    [T_CP_NONE] = {"no shifts found", "ingen skift funnet"},
    [T_ALL_CONTACTS] = {"all contacts", "alle kontakter"},
    [T_CHANNEL] = {"channel %s", "kanal %s"},
    [T_OUTSIDE] = {"left out", "utelatt"},
    [T_OUTSIDE_TEXT] = {"%s (contacts outside the plausible time range %s .. %s)",
                        "%s (kontakter utenfor det plausible tidsrommet %s .. %s)"},
    [T_STRAY] = {"left out as strays", "utelatt som enkeltst\xc3\xa5"
                                       "ende"},
    [T_STRAY_TEXT] = {"%s (more than %d days before or after the rest of the contacts)",
                      "%s (mer enn %d dager f\xc3\xb8r eller etter resten av kontaktene)"},
    [T_CP_OVER_WORK] = {"change points not tested in %zu series: the search passed its step "
                        "limit (a long, steady period); expected a shorter period",
                        "endringspunkter ikke testet i %zu serier: s\xc3\xb8ket gikk over "
                        "grensen for antall steg (en lang, jevn periode); forventet en kortere "
                        "periode"},
    [T_CP_TOO_LONG] = {"change points not tested: the period has %zu days, more than %d",
                       "endringspunkter ikke testet: perioden har %zu dager, mer enn %d"},
};

static const char *ttr(const sn_report *r, tmsg m)
{
    return ttexts[m][r->lang == SN_LANG_NB ? 1 : 0];
}

/* "quarter" or "kvartal"; day and week spans as written ("30d", "2w"). */
static const char *span_name(const sn_report *r, const sn_span *s)
{
    if (r->lang != SN_LANG_NB || s->unit != SN_SPAN_MONTHS)
        return s->name;
    return s->count == 12 ? "\xc3\xa5r" : s->count == 3 ? "kvartal" : "m\xc3\xa5ned";
}

static void ratio_cell(char *buf, size_t len, double x)
{
    if (isfinite(x))
        snprintf(buf, len, "%.2f", x);
    else
        snprintf(buf, len, "-");
}

/* A rate per day: one decimal, two below 1. */
static const char *rate(double x, char *buf, size_t len)
{
    snprintf(buf, len, x < 1 ? "%.2f" : "%.1f", x);
    return buf;
}

static void shift_line(const sn_report *r, FILE *out, const char *series, const sn_change_point *cp)
{
    char d[40], a[32], b[32], line[640];
    day_or_time(cp->time, d, sizeof d);
    snprintf(line, sizeof line, ttr(r, cp->rate_after < cp->rate_before ? T_CP_FELL : T_CP_ROSE),
             series, rate(cp->rate_before, a, sizeof a), rate(cp->rate_after, b, sizeof b), d);
    sni_out_line(out, "  ", line);
}

/*
 * The largest shifts between group pairs (the --top largest), then the
 * largest one of all contacts and of each channel.
 */
static sn_status shifts_section(const sn_report *r, FILE *out, sn_err *err)
{
    const sn_temporal *T = tmp_of(r);
    /* the order is the analysis's (sn_analysis.shifts) */
    const sn_shift *v = r->an->shifts;
    size_t k = r->an->n_shifts;
    if (!v)
        return sn_err_set(err, SN_EANALYSIS,
                          "the report needs the change points ranked by shift, which the "
                          "analysis left out");
    char head[512], rule[64], series[300];
    if (T->cp_rule == SN_CP_FIXED)
        snprintf(rule, sizeof rule, "%.1f", T->cp_penalty);
    else
        snprintf(rule, sizeof rule, "%s",
                 ttr(r, T->cp_rule == SN_CP_BIC ? T_RULE_BIC : T_RULE_QUASI));
    snprintf(head, sizeof head, ttr(r, T_CP_HEAD), T->groups.attr ? T->groups.attr : "");
    sni_out_line(out, "\n", head);
    snprintf(head, sizeof head, ttr(r, T_CP_NOTE), rule, T->cp_min_days, T->cp_min_contacts);
    fprintf(out, "  %s\n", head);
    if (T->cp_too_long) {
        snprintf(head, sizeof head, ttr(r, T_CP_TOO_LONG), T->days, SN_CP_MAX_DAYS);
        fprintf(out, "  %s\n", head);
    } else if (k == 0 && !cp_over_work(T))
        fprintf(out, "  %s\n", ttr(r, T_CP_NONE));
    if (cp_over_work(T)) {
        snprintf(head, sizeof head, ttr(r, T_CP_OVER_WORK), cp_over_work(T));
        fprintf(out, "  %s\n", head);
    }
    int top = r->top > 0 ? r->top : 10;
    for (size_t i = 0; i < k && i < (size_t)top; i++) {
        const sn_group_pair *pair = &T->pairs[v[i].pair];
        snprintf(series, sizeof series, "%s -> %s", pair_label(T->groups.labels[pair->from]),
                 pair_label(T->groups.labels[pair->to]));
        shift_line(r, out, series, &pair->cps.cp[v[i].cp]);
    }
    int any = T->network_cps.n > 0;
    for (size_t c = 0; c < T->n_channels; c++)
        any |= T->channel_cps[c].n > 0;
    if (any)
        fprintf(out, "  %s\n", ttr(r, T_CP_SERIES));
    if (T->network_cps.n)
        shift_line(r, out, ttr(r, T_ALL_CONTACTS), &T->network_cps.cp[0]);
    for (size_t c = 0; c < T->n_channels; c++)
        if (T->channel_cps[c].n) {
            snprintf(series, sizeof series, ttr(r, T_CHANNEL),
                     sn_channel_name(r->store, T->channels[c]));
            shift_line(r, out, series, &T->channel_cps[c].cp[0]);
        }
    return SN_OK;
}

sn_status sni_temporal_text(const sn_report *r, FILE *out, sn_err *err)
{
    const sn_temporal *T = tmp_of(r);
    char a[64], b[64], line[512];
    fprintf(out, "\n%s\n", ttr(r, T_TITLE));
    sn_date_format(T->period_start, a, sizeof a);
    sn_date_format(T->period_end - 1, b, sizeof b);
    if (T->period_end > T->period_start)
        snprintf(line, sizeof line, "%s .. %s", a, b);
    else
        snprintf(line, sizeof line, ttr(r, T_EMPTY), a);
    sni_out_row(out, ttr(r, T_PERIOD), line);
    if (T->outside > T->strays) {
        char n[40];
        sn_date_format(T->range.from, a, sizeof a);
        sn_date_format(T->range.to - 1, b, sizeof b);
        snprintf(line, sizeof line, ttr(r, T_OUTSIDE_TEXT),
                 sni_out_count_text(r, (double)(T->outside - T->strays), n, sizeof n), a, b);
        sni_out_row(out, ttr(r, T_OUTSIDE), line);
    }
    if (T->strays > 0) {
        char n[40];
        snprintf(line, sizeof line, ttr(r, T_STRAY_TEXT),
                 sni_out_count_text(r, (double)T->strays, n, sizeof n), SN_BULK_GAP_DAYS);
        sni_out_row(out, ttr(r, T_STRAY), line);
    }
    long video = -1;
    for (size_t k = 0; k < T->n_channels; k++)
        if (T->channels[k] == SN_CH_VIDEO)
            video = (long)k;
    if (T->has_window) {
        if (T->sliding)
            snprintf(line, sizeof line, ttr(r, T_SLIDING_TEXT), T->n_windows,
                     span_name(r, &T->window), span_name(r, &T->step));
        else
            snprintf(line, sizeof line, ttr(r, T_WINDOWS_TEXT), T->n_windows,
                     span_name(r, &T->window));
        sni_out_row(out, ttr(r, T_WINDOWS), line);
    }
    if (T->n_windows) {
        snprintf(line, sizeof line, ttr(r, T->novelty_k > 1 ? T_TABLE_NOTE_K : T_TABLE_NOTE),
                 T->novelty_k);
        fprintf(out, "  %s\n  ", line);
        sni_out_cell(out, ttr(r, T_COL_WINDOW), 12);
        fprintf(out, " %12s %9s %12s %9s %7s\n", ttr(r, T_COL_CONTACTS), ttr(r, T_COL_TIES),
                ttr(r, T_COL_PERSIST), ttr(r, T_COL_NOVELTY), ttr(r, T_COL_VIDEO));
        size_t shown = T->n_windows > 120 ? 120 : T->n_windows;
        for (size_t w = 0; w < shown; w++) {
            const sn_window *win = &T->windows[w];
            char p[32], nv[32], vid[32];
            ratio_cell(p, sizeof p, win->persistence);
            ratio_cell(nv, sizeof nv, win->novelty);
            /*
             * table (6): the window's contacts per channel with its contacts as
             * the total; the video share is not shown when the video cell is hidden
             */
            int hidden = sn_privacy_suppressed(r->privacy, (double)win->contacts);
            if (video >= 0 && !hidden && sni_cells_on(r)) {
                unsigned char *fl = malloc(T->n_channels);
                if (!fl || sni_cells_window_channels(r, w, fl) != 0) {
                    free(fl);
                    return sn_err_set(err, SN_ENOMEM, "out of memory writing the windows");
                }
                hidden = fl[video] != 0;
                free(fl);
            }
            if (hidden)
                snprintf(vid, sizeof vid, "-");
            else if (win->contacts > 0)
                snprintf(vid, sizeof vid, "%.1f%%",
                         video >= 0
                             ? 100.0 * (double)win->channel_contacts[video] / (double)win->contacts
                             : 0.0);
            else
                snprintf(vid, sizeof vid, "-");
            fputs("  ", out);
            sni_out_cell(out, win->label, 12);
            fprintf(out, " %12s %9s %12s %9s %7s\n",
                    sni_out_count_text(r, (double)win->contacts, a, sizeof a),
                    sni_out_count_text(r, (double)win->ties, b, sizeof b), p, nv, vid);
        }
        if (shown < T->n_windows) {
            snprintf(line, sizeof line, ttr(r, T_MORE_WINDOWS), T->n_windows - shown);
            fprintf(out, "  %s\n", line);
        }
    }
    const sn_tstats *ns = &T->network;
    if (isfinite(ns->burstiness)) {
        snprintf(line, sizeof line, ttr(r, T_BURST_TEXT), ns->burstiness, ns->regularity);
        sni_out_row(out, ttr(r, T_BURST), line);
    }
    if (isfinite(ns->rate_ratio)) {
        sn_date_format(T->baseline_start, a, sizeof a);
        sn_date_format(T->baseline_end - 1, b, sizeof b);
        snprintf(line, sizeof line, ttr(r, T_RATE_TEXT), ns->rate_ratio, a, b);
        sni_out_row(out, ttr(r, T_RATE), line);
    }
    if (T->has_after) {
        char d[40], label[128];
        day_or_time(T->after, d, sizeof d);
        snprintf(label, sizeof label, ttr(r, T_HALF), d);
        if (isfinite(ns->half_life_days))
            snprintf(line, sizeof line, ttr(r, T_HALF_TEXT), ns->half_life_days,
                     sni_out_count_text(r, (double)ns->contacts_before, a, sizeof a),
                     sni_out_count_text(r, (double)ns->contacts_after, b, sizeof b));
        else
            snprintf(line, sizeof line, ttr(r, T_NO_DECAY),
                     sni_out_count_text(r, (double)ns->contacts_before, a, sizeof a),
                     sni_out_count_text(r, (double)ns->contacts_after, b, sizeof b));
        sni_out_row(out, label, line);
    }
    return shifts_section(r, out, err);
}

/* ------------------------------------------------------------------------ */
/* CSV                                                                      */

/* ",x": empty for NaN; whole numbers without a fraction. */
static void number(FILE *f, double x)
{
    fputc(',', f);
    sni_out_number(f, x);
}

static void time_field(FILE *f, int64_t t, int valid)
{
    char buf[40];
    fputc(',', f);
    if (!valid)
        return;
    sn_time_format(t, buf, sizeof buf);
    fputs(buf, f);
}

static const char *const stats_header =
    "contacts,first,last,burstiness,regularity,persistence,novelty,baseline_contacts,"
    "rate_ratio,contacts_before,contacts_after,decay_per_day,half_life_days\n";

static void stats_row(FILE *f, const sn_temporal *T, const sn_tstats *s)
{
    fprintf(f, ",%ld", s->contacts);
    time_field(f, s->first, s->contacts > 0);
    time_field(f, s->last, s->contacts > 0);
    number(f, s->burstiness);
    number(f, s->regularity);
    number(f, s->persistence);
    number(f, s->novelty);
    number(f, T->has_baseline ? (double)s->baseline_contacts : NAN);
    number(f, s->rate_ratio);
    number(f, T->has_after ? (double)s->contacts_before : NAN);
    number(f, T->has_after ? (double)s->contacts_after : NAN);
    number(f, s->decay_per_day);
    number(f, s->half_life_days);
    fputc('\n', f);
}

static void windows_table(const sn_report *r, FILE *f)
{
    const sn_temporal *T = tmp_of(r);
    fputs("label,start,end,days,contacts,nodes,ties,density,reciprocity,components,persistence,"
          "novelty,rate_ratio\n",
          f);
    for (size_t w = 0; w < T->n_windows; w++) {
        const sn_window *win = &T->windows[w];
        sni_out_field(f, win->label);
        time_field(f, win->start, 1);
        time_field(f, win->end, 1);
        number(f, (double)(win->end - win->start) / SN_DAY);
        fprintf(f, ",%ld,%u,%zu", win->contacts, win->nodes, win->ties);
        number(f, win->density);
        number(f, win->reciprocity);
        fprintf(f, ",%ld", win->components);
        number(f, win->persistence);
        number(f, win->novelty);
        number(f, win->rate_ratio);
        fputc('\n', f);
    }
}

/* The contacts of each window by channel: one row per window and channel, long. */
static void window_channels_table(const sn_report *r, FILE *f)
{
    const sn_temporal *T = tmp_of(r);
    fputs("label,channel,contacts\n", f);
    unsigned char *hide = calloc(T->n_channels + 1, 1); /* with the window's contacts as total */
    if (!hide) {
        sni_out_table_failed();
        return;
    }
    for (size_t w = 0; w < T->n_windows; w++) {
        const sn_window *win = &T->windows[w];
        if (sni_cells_on(r) && sni_cells_window_channels(r, w, hide) != 0) {
            sni_out_table_failed();
            break;
        }
        for (size_t k = 0; k < T->n_channels; k++) {
            sni_out_field(f, win->label);
            fputc(',', f);
            sni_out_field(f, sn_channel_name(r->store, T->channels[k]));
            fputc(',', f);
            sni_out_count_cell(f, (double)win->channel_contacts[k], hide[k]);
            fputc('\n', f);
        }
    }
    free(hide);
}

static void window_actors_table(const sn_report *r, FILE *f)
{
    const sn_temporal *T = tmp_of(r);
    fputs("label,start,end,id", f);
    for (int c = 0; c < T->n_metric_columns; c++)
        fprintf(f, ",%s", T->metric_columns[c]);
    fputc('\n', f);
    for (size_t w = 0; w < T->n_windows; w++) {
        const sn_window *win = &T->windows[w];
        for (uint32_t a = 0; a < win->n_active; a++) {
            sni_out_field(f, win->label);
            time_field(f, win->start, 1);
            time_field(f, win->end, 1);
            fputc(',', f);
            sni_out_field(f, sn_net_label(&r->an->net, win->active[a]));
            for (int c = 0; c < T->n_metric_columns; c++)
                number(f, win->values[(size_t)a * (size_t)T->n_metric_columns + (size_t)c]);
            fputc('\n', f);
        }
    }
}

static void ties_table(const sn_report *r, FILE *f)
{
    const sn_temporal *T = tmp_of(r);
    const sn_net *net = &r->an->net;
    fprintf(f, "from,to,%s", stats_header);
    for (size_t e = 0; e < T->n_ties; e++) {
        sni_out_field(f, sn_net_label(net, sn_tie_from(net, e)));
        fputc(',', f);
        sni_out_field(f, sn_net_label(net, sn_tie_to(net, e)));
        stats_row(f, T, &T->ties[e]);
    }
}

static void actors_table(const sn_report *r, FILE *f)
{
    const sn_temporal *T = tmp_of(r);
    fprintf(f, "id,%s", stats_header);
    for (uint32_t v = 0; v < T->n_nodes; v++) {
        sni_out_field(f, sn_net_label(&r->an->net, v));
        stats_row(f, T, &T->nodes[v]);
    }
}

static void pairs_table(const sn_report *r, FILE *f)
{
    const sn_temporal *T = tmp_of(r);
    fprintf(f, "from_group,to_group,%s", stats_header);
    for (size_t p = 0; p < T->n_pairs; p++) {
        sni_out_field(f, T->groups.labels[T->pairs[p].from]);
        fputc(',', f);
        sni_out_field(f, T->groups.labels[T->pairs[p].to]);
        stats_row(f, T, &T->pairs[p].stats);
    }
}

static void cps_rows(FILE *f, const char *series, const char *from, const char *to,
                     const char *channel, const sn_change_points *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const sn_change_point *p = &c->cp[i];
        char d[40];
        day_or_time(p->time, d, sizeof d);
        fprintf(f, "%s,", series);
        sni_out_field(f, from);
        fputc(',', f);
        sni_out_field(f, to);
        fputc(',', f);
        sni_out_field(f, channel);
        fprintf(f, ",%s", d);
        number(f, p->rate_before);
        number(f, p->rate_after);
        number(f, p->rate_after - p->rate_before);
        fprintf(f, ",%s\n", p->rate_after >= p->rate_before ? "up" : "down");
    }
}

static void cps_table(const sn_report *r, FILE *f)
{
    const sn_temporal *T = tmp_of(r);
    fputs("series,from_group,to_group,channel,date,rate_before,rate_after,change,direction\n", f);
    cps_rows(f, "network", "", "", "", &T->network_cps);
    for (size_t k = 0; k < T->n_channels; k++)
        cps_rows(f, "channel", "", "", sn_channel_name(r->store, T->channels[k]),
                 &T->channel_cps[k]);
    for (size_t p = 0; p < T->n_pairs; p++)
        cps_rows(f, "group_pair", T->groups.labels[T->pairs[p].from],
                 T->groups.labels[T->pairs[p].to], "", &T->pairs[p].cps);
}

sn_status sni_temporal_csv(const sn_report *r, const char *dir, sn_err *err)
{
    const sn_temporal *T = tmp_of(r);
    sn_out_table_spec tables[7];
    size_t n = 0;
    if (T->has_window) {
        tables[n++] = (sn_out_table_spec){"windows.csv", windows_table};
        tables[n++] = (sn_out_table_spec){"window_channels.csv", window_channels_table};
    }
    if (T->window_metrics)
        tables[n++] = (sn_out_table_spec){"window_actors.csv", window_actors_table};
    tables[n++] = (sn_out_table_spec){"temporal_ties.csv", ties_table};
    tables[n++] = (sn_out_table_spec){"temporal_actors.csv", actors_table};
    tables[n++] = (sn_out_table_spec){"temporal_pairs.csv", pairs_table};
    tables[n++] = (sn_out_table_spec){"change_points.csv", cps_table};
    return sni_out_tables(r, dir, tables, n, err);
}
