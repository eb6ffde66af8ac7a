/* meetings_out.c - the `meetings` report section (JSON, text, CSV) and the hooks of events_out.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/option.h"
#include "events_out.h"
#include "samnett/time.h"

/* ------------------------------------------------------------------------ */
/* Text                                                                     */

typedef enum mmsg {
    M_HEAD,
    M_MEETINGS,
    M_MEETINGS_TEXT,
    M_VIDEO,
    M_VIDEO_TEXT,
    M_MODE,
    M_MODE_ROWS,
    M_MODE_PROJECT,
    M_MODE_OFF,
    M_SERIES,
    M_SERIES_TEXT,
    M_SERIES_HEAD,
    M_S_TITLE,
    M_S_WHEN,
    M_S_WHO,
    M_S_ATTEND,
    M_S_TIES,
    M_S_AFTER,
    M_S_HALF,
    M_S_NOHALF,
    M_MORE,
    M_COUNT
} mmsg;

static const char *const mtexts[M_COUNT][2] = {
    [M_HEAD] = {"Meetings", "M\xc3\xb8ter"},
    [M_MEETINGS] = {"meetings", "m\xc3\xb8ter"},
    [M_MEETINGS_TEXT] = {"%s (%s rows; %.1f participants on average, at most %u)",
                         "%s (%s rader; %.1f deltakere i snitt, h\xc3\xb8yst %u)"},
    [M_VIDEO] = {"on video", "p\xc3\xa5 video"},
    [M_VIDEO_TEXT] = {"%.1f%% of the meetings", "%.1f%% av m\xc3\xb8tene"},
    [M_MODE] = {"meetings in the network (%s)", "m\xc3\xb8ter i nettverket (%s)"},
    [M_MODE_ROWS] = {"rows: every meeting row is a contact",
                     "rows: hver m\xc3\xb8terad er en kontakt"},
    [M_MODE_PROJECT] = {"project: %s meetings as cliques, 1/(k-1) per pair and direction",
                        "project: %s m\xc3\xb8ter som klikker, 1/(k-1) per par og retning"},
    [M_MODE_OFF] = {"off: %s meeting rows left out", "off: %s m\xc3\xb8terader utelatt"},
    [M_SERIES] = {"recurring series", "gjentakende serier"},
    [M_SERIES_TEXT] = {"%s series of >= %ld meetings hold %s meetings",
                       "%s serier med >= %ld m\xc3\xb8ter samler %s m\xc3\xb8ter"},
    [M_SERIES_HEAD] = {"series with most organisations first (core: present at >= %.0f%% of the "
                       "meetings)",
                       "serier med flest organisasjoner f\xc3\xb8rst (kjerne: til stede p\xc3\xa5 "
                       ">= %.0f%% av m\xc3\xb8tene)"},
    [M_S_TITLE] = {"%s..%s \"%s\", organised by %s (%s)", "%s..%s \"%s\", arrangert av %s (%s)"},
    [M_S_WHEN] = {"%s meetings %s .. %s, every %.0f days (median; mean %.0f, regularity CV %.2f)",
                  "%s m\xc3\xb8ter %s .. %s, hver %.0f. dag (median; snitt %.0f, regularitet CV "
                  "%.2f)"},
    [M_S_WHO] = {"core %s of %s participants; organisations %s, units %s; %.0f%% outside the "
                 "organiser's organisation",
                 "kjerne %s av %s deltakere; organisasjoner %s, enheter %s; %.0f%% utenfor "
                 "arrang\xc3\xb8rens organisasjon"},
    [M_S_ATTEND] = {"attendance %.1f -> %.1f per meeting (first -> last third); %.0f%% on video",
                    "oppm\xc3\xb8te %.1f -> %.1f per m\xc3\xb8te (f\xc3\xb8rste -> siste "
                    "tredjedel); %.0f%% p\xc3\xa5 video"},
    [M_S_TIES] = {"ties formed: %s new cross-organisation pairs, %s with direct contact after; "
                  "%.1f direct contacts per quarter during",
                  "nye b\xc3\xa5nd: %s nye par p\xc3\xa5 tvers av organisasjoner, %s med direkte "
                  "kontakt etterp\xc3\xa5; %.1f direkte kontakter per kvartal underveis"},
    [M_S_AFTER] = {"direct contacts per quarter after the last meeting:",
                   "direkte kontakter per kvartal etter siste m\xc3\xb8te:"},
    [M_S_HALF] = {"; half-life %.0f days", "; halveringstid %.0f dager"},
    [M_S_NOHALF] = {"; no decay to estimate", "; ingen nedgang \xc3\xa5 ansl\xc3\xa5"},
    [M_MORE] = {"... and %zu more series (all in JSON and meeting_series.csv)",
                "... og %zu serier til (alle i JSON og meeting_series.csv)"},
};

static const char *mt(const sn_report *r, mmsg m)
{
    return mtexts[m][r->lang == SN_LANG_NB ? 1 : 0];
}

static const char *mid(const sn_meetings *m, uint32_t meeting)
{
    return sn_events_meeting_id(m->events, meeting);
}

static void series_block(const sn_report *r, const sn_series *S, FILE *out)
{
    const sn_meetings *m = &r->an->meetings;
    const sn_store *st = r->store;
    char a[40], b[40], c[40], d[40], line[1024];
    snprintf(line, sizeof line, mt(r, M_S_TITLE), mid(m, S->meetings[0]),
             mid(m, S->meetings[S->n_meetings - 1]), S->label, sn_store_actor_id(st, S->organiser),
             sn_store_attr(st, S->organiser, SN_ATTR_ORGANISATION));
    sni_out_line(out, "  ", line);
    sn_date_format(S->first, a, sizeof a);
    sn_date_format(S->last, b, sizeof b);
    snprintf(line, sizeof line, mt(r, M_S_WHEN), sni_out_count_plain(r, S->n_meetings, c, sizeof c),
             a, b, S->interval_median_days, S->interval_mean_days, S->regularity);
    fprintf(out, "    %s\n", line);
    snprintf(line, sizeof line, mt(r, M_S_WHO), sni_out_count_plain(r, S->core_size, a, sizeof a),
             sni_out_count_plain(r, S->participants, b, sizeof b),
             sni_out_count_plain(r, S->organisations, c, sizeof c),
             sni_out_count_plain(r, S->units, d, sizeof d), 100 * S->cross_org_share);
    fprintf(out, "    %s\n", line);
    snprintf(line, sizeof line, mt(r, M_S_ATTEND), S->size_first_third, S->size_last_third,
             100 * S->video_share);
    fprintf(out, "    %s\n", line);
    if (!S->has_pairs || S->n_pairs == 0)
        return;
    snprintf(line, sizeof line, mt(r, M_S_TIES),
             sni_out_count_text(r, (double)S->n_pairs, a, sizeof a),
             sni_out_count_text(r, (double)S->with_contact_after, b, sizeof b),
             isfinite(S->per_quarter_during) ? S->per_quarter_during : 0.0);
    fprintf(out, "    %s\n", line);
    if (S->n_quarters_after == 0)
        return;
    fprintf(out, "    %s", mt(r, M_S_AFTER));
    for (uint32_t q = 0; q < S->n_quarters_after && q < 12; q++)
        fprintf(out, " %s", sni_out_count_plain(r, (double)S->after[q], a, sizeof a));
    if (S->n_quarters_after > 12)
        fputs(" ...", out);
    if (isfinite(S->half_life_days))
        fprintf(out, mt(r, M_S_HALF), S->half_life_days);
    else
        fputs(mt(r, M_S_NOHALF), out);
    fputc('\n', out);
}

sn_status sni_out_meetings_text(const sn_report *r, FILE *out, sn_err *err)
{
    (void)err;
    const sn_meetings *m = &r->an->meetings;
    const sn_net *net = &r->an->net;
    char a[64], b[64], line[512];
    fprintf(out, "\n%s\n", mt(r, M_HEAD));
    snprintf(line, sizeof line, mt(r, M_MEETINGS_TEXT),
             sni_out_count_text(r, (double)m->n_meetings, a, sizeof a),
             sni_out_count_text(r, (double)m->rows, b, sizeof b),
             isfinite(m->mean_participants) ? m->mean_participants : 0.0, m->max_participants);
    sni_out_row(out, mt(r, M_MEETINGS), line);
    if (m->n_meetings) {
        snprintf(line, sizeof line, mt(r, M_VIDEO_TEXT), 100 * m->video_share);
        sni_out_row(out, mt(r, M_VIDEO), line);
    }
    if (m->mode == SN_MEETINGS_PROJECT)
        snprintf(line, sizeof line, mt(r, M_MODE_PROJECT),
                 sni_out_count_text(r, (double)net->meetings_projected, a, sizeof a));
    else if (m->mode == SN_MEETINGS_OFF)
        snprintf(line, sizeof line, mt(r, M_MODE_OFF),
                 sni_out_count_text(r, (double)net->meeting_rows, a, sizeof a));
    else
        snprintf(line, sizeof line, "%s", mt(r, M_MODE_ROWS));
    char head[96];
    snprintf(head, sizeof head, mt(r, M_MODE), sn_opt_shown("meetings"));
    sni_out_row(out, head, line);
    snprintf(line, sizeof line, mt(r, M_SERIES_TEXT),
             sni_out_count_text(r, (double)m->n_series, a, sizeof a), m->opts.min_meetings,
             sni_out_count_text(r, (double)m->in_series, b, sizeof b));
    sni_out_row(out, mt(r, M_SERIES), line);
    if (m->n_series == 0)
        return SN_OK;
    snprintf(line, sizeof line, mt(r, M_SERIES_HEAD), 100 * m->opts.core_share);
    fprintf(out, "  %s\n", line);
    size_t top = (size_t)(r->top > 0 ? r->top : 10);
    for (size_t s = 0; s < m->n_series && s < top; s++)
        series_block(r, &m->series[s], out);
    if (m->n_series > top) {
        snprintf(line, sizeof line, mt(r, M_MORE), m->n_series - top);
        fprintf(out, "  %s\n", line);
    }
    return SN_OK;
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                     */

static json_t *date_json(int64_t t)
{
    char buf[40];
    sn_time_format(t, buf, sizeof buf);
    return json_string(buf);
}

static json_t *series_json(const sn_report *r, const sn_series *S)
{
    const sn_meetings *m = &r->an->meetings;
    const sn_store *st = r->store;
    json_t *ties = json_null();
    if (S->has_pairs) {
        json_t *after = json_array();
        for (uint32_t q = 0; q < S->n_quarters_after; q++)
            sni_out_append(after, json_integer(S->after[q]));
        ties =
            json_pack("{s:I, s:I, s:I, s:o, s:o, s:o}", "new_pairs", (json_int_t)S->n_pairs,
                      "with_direct_contact_after", (json_int_t)S->with_contact_after,
                      "direct_contacts_during", (json_int_t)S->contacts_during,
                      "per_quarter_during", sni_out_num(S->per_quarter_during), "per_quarter_after",
                      after, "half_life_days", sni_out_num(S->half_life_days));
    }
    return json_pack(
        "{s:s, s:s, s:s, s:I, s:o, s:o, s:s, s:s, s:I, s:I, s:{s:o, s:o}, s:o, s:I, s:I, s:o, "
        "s:{s:o, s:o}, s:o, s:o}",
        "id", mid(m, S->meetings[0]), "last_id", mid(m, S->meetings[S->n_meetings - 1]), "label",
        S->label, "meetings", (json_int_t)S->n_meetings, "first", date_json(S->first), "last",
        date_json(S->last), "organiser", sn_store_actor_id(st, S->organiser),
        "organiser_organisation", sn_store_attr(st, S->organiser, SN_ATTR_ORGANISATION),
        "core_participants", (json_int_t)S->core_size, "participants", (json_int_t)S->participants,
        "interval_days", "median", sni_out_num(S->interval_median_days), "mean",
        sni_out_num(S->interval_mean_days), "regularity_cv", sni_out_num(S->regularity),
        "organisations", (json_int_t)S->organisations, "units", (json_int_t)S->units,
        "cross_organisation_share", sni_out_num(S->cross_org_share), "attendance",
        "first_third_mean_size", sni_out_num(S->size_first_third), "last_third_mean_size",
        sni_out_num(S->size_last_third), "video_share", sni_out_num(S->video_share), "ties_formed",
        ties);
}

/* The counts of `meetings` (the small-cell rule, sni_out_cells). */
static const char *const meeting_counts[] = {"count",
                                             "rows",
                                             "projected_meetings",
                                             "rows_replaced_or_left_out",
                                             "meetings_in_series",
                                             "meetings",
                                             "core_participants",
                                             "participants",
                                             "organisations",
                                             "units",
                                             "new_pairs",
                                             "with_direct_contact_after",
                                             "direct_contacts_during",
                                             "per_quarter_after",
                                             NULL};

json_t *sni_out_meetings_json(const sn_report *r)
{
    const sn_meetings *m = &r->an->meetings;
    const sn_net *net = &r->an->net;
    json_t *series = json_array();
    for (size_t s = 0; s < m->n_series; s++)
        sni_out_append(series, series_json(r, &m->series[s]));
    json_t *o = json_pack(
        "{s:I, s:I, s:o, s:I, s:o, s:s, s:I, s:I, s:{s:o, s:o, s:I, s:o}, s:I, s:o}", "count",
        (json_int_t)m->n_meetings, "rows", (json_int_t)m->rows, "mean_participants",
        sni_out_num(m->mean_participants), "max_participants", (json_int_t)m->max_participants,
        "video_share", sni_out_num(m->video_share), "projection", sn_meeting_mode_name(m->mode),
        "projected_meetings", (json_int_t)net->meetings_projected, "rows_replaced_or_left_out",
        (json_int_t)net->meeting_rows, "series_options", "jaccard", sni_out_num(m->opts.jaccard),
        "core_share", sni_out_num(m->opts.core_share), "min_meetings",
        (json_int_t)m->opts.min_meetings, "max_gap_days", sni_out_num(m->opts.max_gap_days),
        "meetings_in_series", (json_int_t)m->in_series, "series", series);
    sni_out_cells(r, o, meeting_counts);
    return o;
}

/* ------------------------------------------------------------------------ */
/* CSV                                                                      */

/* ',' and each of the n counts v after a ',', then a ',': fprintf's ",%zu,...,%zu," without printf.
 */
static void comma_counts(FILE *f, const size_t *v, int n)
{
    char line[24 * 4], *p = line;
    for (int i = 0; i < n && i < 4; i++) {
        char tmp[24];
        int k = 0;
        size_t x = v[i];
        do {
            tmp[k++] = (char)('0' + x % 10);
            x /= 10;
        } while (x);
        *p++ = ',';
        while (k)
            *p++ = tmp[--k];
    }
    *p++ = ',';
    fwrite(line, 1, (size_t)(p - line), f);
}

static void meetings_table(const sn_report *r, FILE *f)
{
    const sn_meetings *m = &r->an->meetings;
    const sn_events *ev = m->events;
    const sn_store *st = r->store;
    fputs("meeting,time,channel,organiser,rows,participants,organisations,series\n", f);
    char t[40];
    uint32_t *orgs = malloc(((size_t)m->max_participants + 1) * sizeof *orgs);
    for (uint32_t k = 0; k < ev->n_meetings; k++) {
        uint32_t mm = ev->meeting_order[k];
        int64_t time = ev->meeting_time[mm];
        const sn_view_opts *vo = &r->an->net.opts;
        if ((vo->has_since && time < vo->since) || (vo->has_until && time >= vo->until))
            continue;
        size_t nr, np;
        sn_events_meeting(ev, mm, &nr);
        const uint32_t *P = sn_events_participants(ev, mm, &np);
        size_t no = 0;
        for (size_t i = 0; orgs && i < np; i++) {
            uint32_t o = st->actors[P[i]].attr[SN_ATTR_ORGANISATION];
            size_t j = 0;
            while (j < no && orgs[j] != o)
                j++;
            if (j == no && o)
                orgs[no++] = o;
        }
        sni_out_field(f, mid(m, mm));
        sn_time_format(time, t, sizeof t);
        fputc(',', f);
        fputs(t, f);
        fputc(',', f);
        sni_out_field(f, sn_channel_name(st, ev->meeting_channel[mm]));
        fputc(',', f);
        sni_out_field(f, sn_store_actor_id(st, ev->meeting_organiser[mm]));
        const size_t counts[3] = {nr, np, no};
        comma_counts(f, counts, 3);
        if (m->series_of[mm] != UINT32_MAX)
            sni_out_field(f, mid(m, m->series[m->series_of[mm]].meetings[0]));
        fputc('\n', f);
    }
    free(orgs);
}

static void series_table(const sn_report *r, FILE *f)
{
    const sn_meetings *m = &r->an->meetings;
    const sn_store *st = r->store;
    fputs("id,last_id,label,meetings,first,last,organiser,core_participants,participants,"
          "interval_median_days,interval_mean_days,regularity_cv,organisations,units,"
          "cross_organisation_share,first_third_mean_size,last_third_mean_size,video_share,"
          "new_pairs,pairs_with_direct_contact_after,direct_contacts_per_quarter_during,"
          "half_life_days\n",
          f);
    char a[40], b[40];
    for (size_t s = 0; s < m->n_series; s++) {
        const sn_series *S = &m->series[s];
        sni_out_field(f, mid(m, S->meetings[0]));
        fputc(',', f);
        sni_out_field(f, mid(m, S->meetings[S->n_meetings - 1]));
        fputc(',', f);
        sni_out_field(f, S->label);
        sn_time_format(S->first, a, sizeof a);
        sn_time_format(S->last, b, sizeof b);
        fprintf(f, ",%u,%s,%s,", S->n_meetings, a, b);
        sni_out_field(f, sn_store_actor_id(st, S->organiser));
        fprintf(f, ",%u,%u", S->core_size, S->participants);
        const double v[] = {S->interval_median_days,
                            S->interval_mean_days,
                            S->regularity,
                            S->organisations,
                            S->units,
                            S->cross_org_share,
                            S->size_first_third,
                            S->size_last_third,
                            S->video_share};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            fputc(',', f);
            sni_out_number(f, v[k]);
        }
        if (S->has_pairs) {
            fprintf(f, ",%zu,%zu,", S->n_pairs, S->with_contact_after);
            sni_out_number(f, S->per_quarter_during);
            fputc(',', f);
            sni_out_number(f, S->half_life_days);
        } else {
            fputs(",,,,", f);
        }
        fputc('\n', f);
    }
}

/* The new pairs' direct contacts in each full quarter after a series: one row per quarter. */
static void series_quarters_table(const sn_report *r, FILE *f)
{
    const sn_meetings *m = &r->an->meetings;
    fputs("series,quarter_after,direct_contacts\n", f);
    for (size_t s = 0; s < m->n_series; s++) {
        const sn_series *S = &m->series[s];
        for (uint32_t q = 0; S->has_pairs && q < S->n_quarters_after; q++) {
            sni_out_field(f, mid(m, S->meetings[0]));
            fprintf(f, ",%u,%ld\n", q + 1, S->after[q]);
        }
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Who came to each series: one row per series and participant, with the meetings attended. */
static void series_members_table(const sn_report *r, FILE *f)
{
    const sn_meetings *m = &r->an->meetings;
    const sn_events *ev = m->events;
    fputs("series,member,meetings_attended,core\n", f);
    for (size_t s = 0; s < m->n_series; s++) {
        const sn_series *S = &m->series[s];
        size_t n = 0, np;
        for (uint32_t k = 0; k < S->n_meetings; k++) {
            sn_events_participants(ev, S->meetings[k], &np);
            n += np;
        }
        uint32_t *who = malloc((n ? n : 1) * sizeof *who);
        if (!who) {
            sni_out_table_failed(); /* never a silently short table */
            return;
        }
        n = 0;
        for (uint32_t k = 0; k < S->n_meetings; k++) {
            const uint32_t *P = sn_events_participants(ev, S->meetings[k], &np);
            memcpy(who + n, P, np * sizeof *who);
            n += np;
        }
        qsort(who, n, sizeof *who, cmp_u32);
        for (size_t i = 0, j; i < n; i = j) {
            for (j = i; j < n && who[j] == who[i]; j++)
                ;
            int core = (double)(j - i) >= m->opts.core_share * (double)S->n_meetings - 1e-9;
            sni_out_field(f, mid(m, S->meetings[0]));
            fputc(',', f);
            sni_out_field(f, sn_store_actor_id(r->store, who[i]));
            const size_t attended = j - i;
            comma_counts(f, &attended, 1);
            fputs(core ? "true\n" : "false\n", f);
        }
        free(who);
    }
}

sn_status sni_out_meetings_csv(const sn_report *r, const char *dir, sn_err *err)
{
    static const sn_out_table_spec tables[] = {
        {"meetings.csv", meetings_table},
        {"meeting_series.csv", series_table},
        {"meeting_series_members.csv", series_members_table},
        {"meeting_series_quarters.csv", series_quarters_table}};
    return sni_out_tables(r, dir, tables, sizeof tables / sizeof tables[0], err);
}

/* ------------------------------------------------------------------------ */
/* Hooks                                                                    */

void sni_events_json(const sn_report *r, sn_jw *w)
{
    if (r->an->has_meetings)
        sni_jw_add(w, "meetings", sni_out_meetings_json(r));
    if (r->an->has_cases)
        sni_jw_add(w, "cases", sni_out_cases_json(r));
}

sn_status sni_events_text(const sn_report *r, FILE *out, sn_err *err)
{
    sn_status rc = SN_OK;
    if (r->an->has_meetings)
        rc = sni_out_meetings_text(r, out, err);
    if (rc == SN_OK && r->an->has_cases)
        rc = sni_out_cases_text(r, out, err);
    return rc;
}

sn_status sni_events_csv(const sn_report *r, const char *dir, sn_err *err)
{
    sn_status rc = SN_OK;
    if (r->an->has_meetings)
        rc = sni_out_meetings_csv(r, dir, err);
    if (rc == SN_OK && r->an->has_cases)
        rc = sni_out_cases_csv(r, dir, err);
    return rc;
}
