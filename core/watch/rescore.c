/*
 * rescore.c - one re-score: the analysis of the whole event store, the
 * line that reports it (JSON or text) with what changed since the last
 * one, and the report file, replaced atomically.
 *
 * The line needs the summary only (sn_analysis_opts.summary_only: the
 * network, its whole-network measures and the silo measures), which costs a
 * small part of the full analysis, so it goes out first. The full analysis
 * (node measures, brokerage, cases, meetings, windows) runs for the report
 * file after it; with a report hook (lenses) it runs before the line, whose
 * change list then holds the lens labels.
 *
 * Changes are found by comparing small snapshots of two re-scores: the
 * E-I index of each partition and group, the articulation points, and the
 * label of every lens finding (when the report has a "lenses" array). The
 * first line of a run is the baseline: the state as it was found, with no
 * change list; the first re-score's changes are measured from it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "samnett/privacy.h"
#include "engine.h"
#include "../util/toolbox.h"

static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

/* The wall-clock time as 2024-05-01T10:00:00.123Z. */
static void wall_time(char *buf, size_t cap)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, cap - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

/*
 * The line's `silo`: per partition, the whole-network silo measures in the
 * summary form of the report's (samnett/output.h). NULL on failure, err set.
 */
static json_t *silo_summary(const sn_report *r, sn_err *err)
{
    json_t *o = json_object();
    if (!o) {
        sn_err_set(err, SN_ENOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < r->an->n_partitions; i++) {
        json_t *s = NULL;
        sn_report_silo_json(r, i, SN_SECTION_SUMMARY, &s, err);
        if (!s || json_object_set_new(o, r->an->partitions[i].attr, s) != 0) {
            if (s) /* stolen, and freed, by the failed set */
                sn_err_set(err, SN_ENOMEM, "cannot build `silo` of the summary: out of memory");
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/*
 * The sections the lines repeat from the report, in their summary form:
 * `totals` (the report's `input`), `network` and `silo`; an is NULL for the
 * totals only. SN_OK, or a failure with nothing to free.
 */
static sn_status summary_sections(const sn_engine *e, const sn_analysis *an, json_t **totals,
                                  json_t **network, json_t **silo, sn_err *err)
{
    sn_report r = {.store = &e->store, .an = an, .privacy = e->o->privacy};
    sn_status rc = sn_report_input_json(&r, SN_SECTION_SUMMARY, totals, err);
    if (rc != SN_OK || !an)
        return rc;
    *network = *silo = NULL;
    rc = sn_report_network_json(&r, SN_SECTION_SUMMARY, network, err);
    if (rc == SN_OK && !(*silo = silo_summary(&r, err)))
        rc = err && err->code ? err->code : SN_ENOMEM;
    if (rc == SN_OK)
        return SN_OK;
    json_decref(*totals);
    json_decref(*network);
    *totals = *network = NULL;
    return rc;
}

/*
 * The baseline line's `privacy` under shared or --min-cell (as the JSON
 * report's): the profile, K, how ids are pseudonymised and what the store
 * transform merged and left out. NULL when there is nothing to say (or out
 * of memory: then *bad is set).
 */
static json_t *privacy_json(const sn_privacy *p, int *bad)
{
    if (!p || (p->profile != SN_PRIVACY_SHARED && p->min_cell <= 0))
        return NULL;
    json_t *o = json_pack(
        "{s:s, s:i, s:s, s:s, s:I, s:I}", "profile", sn_privacy_profile_name(p->profile),
        "min_cell", p->min_cell, "pseudonyms", sn_privacy_pseudonyms_name(p), "case_ids",
        sn_privacy_case_ids_name(p), "organisations_merged", (json_int_t)p->organisations_merged,
        "attributes_dropped", (json_int_t)p->attributes_dropped);
    *bad |= !o;
    return o;
}

/*
 * The small-cell rule on the line's own counts (keys, NULL-ended): each one
 * from 1 to K-1 becomes null with a sibling KEY_suppressed true right after
 * it, as in the report (the sections from the report follow the rule
 * there); with all, every one of them. Returns o, or a new object in its place (o is then
 * released); NULL when out of memory.
 */
static int line_hides(const sn_privacy *p, json_t *v, int all)
{
    return json_is_integer(v) && (all || sn_privacy_suppressed(p, (double)json_integer_value(v)));
}

static json_t *line_rule(json_t *o, const sn_privacy *p, const char *const *keys, int all)
{
    int any = 0;
    for (size_t i = 0; o && keys[i]; i++) {
        json_t *v = json_object_get(o, keys[i]);
        any |= line_hides(p, v, all);
    }
    if (!any)
        return o;
    json_t *n = json_object();
    const char *k;
    json_t *v;
    int bad = !n;
    json_object_foreach(o, k, v)
    {
        int hide = 0;
        for (size_t i = 0; keys[i] && !hide; i++)
            hide = strcmp(k, keys[i]) == 0 && line_hides(p, v, all);
        if (bad)
            break;
        if (!hide) {
            bad |= json_object_set(n, k, v) != 0;
            continue;
        }
        char key[256];
        snprintf(key, sizeof key, "%s_suppressed", k);
        bad |= json_object_set_new(n, k, json_null()) != 0;
        bad |= json_object_set_new(n, key, json_true()) != 0;
    }
    json_decref(o);
    if (bad) {
        json_decref(n);
        return NULL;
    }
    return n;
}

/* A count of the text line: grouped, or "<K" (from the JSON's null and KEY_suppressed). */
static const char *count_text(const sn_engine *e, json_t *o, const char *key, char *buf, size_t cap)
{
    char flag[256];
    snprintf(flag, sizeof flag, "%s_suppressed", key);
    json_t *v = json_object_get(o, key);
    if (json_is_true(json_object_get(o, flag)) && e->o->privacy)
        snprintf(buf, cap, "<%d", e->o->privacy->min_cell);
    else
        sni_group_digits(json_integer_value(v), ',', buf, cap);
    return buf;
}

/* The same for a count held by the engine. */
static const char *engine_count(const sn_engine *e, long long v, char *buf, size_t cap)
{
    if (sn_privacy_suppressed(e->o->privacy, (double)v))
        snprintf(buf, cap, "<%d", e->o->privacy->min_cell);
    else
        sni_group_digits(v, ',', buf, cap);
    return buf;
}

/* The same, not grouped (the rejected rows). */
static const char *engine_plain(const sn_engine *e, long v, char *buf, size_t cap)
{
    if (sn_privacy_suppressed(e->o->privacy, (double)v))
        snprintf(buf, cap, "<%d", e->o->privacy->min_cell);
    else
        snprintf(buf, cap, "%ld", v);
    return buf;
}

static const char *const line_counts[] = {"contacts_added", "rows_added", "rejected_added",
                                          "restored", NULL};

/* ---- the change list ---- */

static void key2(char *buf, size_t cap, const char *a, const char *b)
{
    snprintf(buf, cap, "%s\x1f%s", a, b ? b : "");
}

/* Collect "lens\x1flevel\x1fscope" -> label from every object with a "label" under v. */
static void lens_labels(json_t *out, const char *lens, json_t *v, const char *path)
{
    if (json_is_object(v)) {
        json_t *label = json_object_get(v, "label");
        if (json_is_string(label)) {
            json_t *level = json_object_get(v, "level"), *scope = json_object_get(v, "scope");
            char key[1024];
            snprintf(key, sizeof key, "%s\x1f%s\x1f%s", lens,
                     json_is_string(level) ? json_string_value(level) : "",
                     json_is_string(scope) ? json_string_value(scope) : path);
            json_object_set(out, key, label);
        }
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            if (json_is_object(x) || json_is_array(x)) {
                char sub[512];
                snprintf(sub, sizeof sub, "%s/%s", path, k);
                lens_labels(out, lens, x, sub);
            }
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%zu", path, i);
            lens_labels(out, lens, x, sub);
        }
    }
}

/* What the change list compares: E-I values, articulation points, lens labels. */
static json_t *snapshot(const sn_analysis *an, json_t *report)
{
    json_t *ei = json_object(), *ap = json_object(), *lens = json_object();
    char key[1024];
    for (size_t i = 0; i < an->n_partitions; i++) {
        const sn_partition *p = &an->partitions[i];
        const sn_silo *s = &an->silos[i];
        key2(key, sizeof key, p->attr, NULL);
        json_object_set_new(ei, key, num(s->ei));
        for (uint32_t g = 0; g < s->n_groups; g++) {
            key2(key, sizeof key, p->attr, p->labels[g]);
            json_object_set_new(ei, key, num(s->groups[g].ei));
        }
    }
    const sn_net_metrics *nm = &an->metrics.net;
    for (size_t i = 0; i < nm->n_articulation; i++)
        json_object_set_new(ap, sn_net_label(&an->net, nm->articulation[i]), json_true());
    json_t *lenses = report ? json_object_get(report, "lenses") : NULL;
    size_t i;
    json_t *l;
    json_array_foreach(lenses, i, l)
    {
        json_t *name = json_object_get(l, "name");
        if (json_is_string(name))
            lens_labels(lens, json_string_value(name), l, "");
    }
    return json_pack("{s:I, s:o, s:o, s:o}", "ties", (json_int_t)an->net.n_ties, "ei", ei, "ap", ap,
                     "lens", lens);
}

/* Each lens's name, status and error (when it failed), for the line. */
static json_t *lens_status_json(json_t *report)
{
    json_t *lenses = report ? json_object_get(report, "lenses") : NULL, *out = NULL, *l;
    size_t i;
    json_array_foreach(lenses, i, l)
    {
        if (!out)
            out = json_array();
        json_array_append_new(
            out, json_pack("{s:O?, s:O?, s:O?}", "name", json_object_get(l, "name"), "status",
                           json_object_get(l, "status"), "error", json_object_get(l, "error")));
    }
    return out;
}

static json_t *split_key(const char *key, int parts, const char *const *names)
{
    json_t *o = json_object();
    const char *p = key;
    for (int k = 0; k < parts; k++) {
        const char *sep = strchr(p, '\x1f');
        size_t len = sep && k < parts - 1 ? (size_t)(sep - p) : strlen(p);
        json_object_set_new(o, names[k], len ? json_stringn(p, len) : json_null());
        p += len + (sep && k < parts - 1 ? 1 : 0);
    }
    return o;
}

static void changes_json(json_t *changes, json_t *prev, json_t *cur, double threshold)
{
    static const char *const ei_names[] = {"partition", "group"};
    static const char *const lens_names[] = {"lens", "level", "scope"};
    const char *k;
    json_t *v;
    /*
     * From a network without ties, every E-I index and articulation point
     * would be a change: the line after an empty one lists none of them.
     */
    int empty = json_integer_value(json_object_get(prev, "ties")) == 0;
    json_t *old_ei = json_object_get(prev, "ei"),
           *new_ei = empty ? NULL : json_object_get(cur, "ei");
    json_object_foreach(new_ei, k, v)
    {
        json_t *o = json_object_get(old_ei, k);
        double a = json_is_number(o) ? json_number_value(o) : NAN;
        double b = json_is_number(v) ? json_number_value(v) : NAN;
        int moved =
            o ? (isfinite(a) && isfinite(b) ? fabs(b - a) > threshold : isfinite(a) != isfinite(b))
              : isfinite(b);
        if (!moved)
            continue;
        json_t *c = split_key(k, 2, ei_names);
        json_object_set_new(c, "kind", json_string("ei"));
        json_object_set_new(c, "from", num(a));
        json_object_set_new(c, "to", num(b));
        json_array_append_new(changes, c);
    }
    json_t *old_ap = empty ? NULL : json_object_get(prev, "ap"),
           *new_ap = empty ? NULL : json_object_get(cur, "ap");
    json_object_foreach(new_ap, k, v)
    {
        if (!json_object_get(old_ap, k))
            json_array_append_new(changes,
                                  json_pack("{s:s, s:s, s:s}", "kind", "articulation_point", "node",
                                            k, "change", "new"));
    }
    json_object_foreach(old_ap, k, v)
    {
        if (!json_object_get(new_ap, k))
            json_array_append_new(changes,
                                  json_pack("{s:s, s:s, s:s}", "kind", "articulation_point", "node",
                                            k, "change", "lost"));
    }
    json_t *old_l = json_object_get(prev, "lens"), *new_l = json_object_get(cur, "lens");
    json_object_foreach(new_l, k, v)
    {
        json_t *o = json_object_get(old_l, k);
        if (o && json_equal(o, v))
            continue;
        json_t *c = split_key(k, 3, lens_names);
        json_object_set_new(c, "kind", json_string("lens_label"));
        json_object_set(c, "from", o ? o : json_null());
        json_object_set(c, "to", v);
        json_array_append_new(changes, c);
    }
    json_object_foreach(old_l, k, v)
    {
        if (json_object_get(new_l, k))
            continue;
        json_t *c = split_key(k, 3, lens_names);
        json_object_set_new(c, "kind", json_string("lens_label"));
        json_object_set(c, "from", v);
        json_object_set_new(c, "to", json_null());
        json_array_append_new(changes, c);
    }
}

/*
 * The number of the last re-score of an earlier run, kept in the state so
 * that the lines go on counting across restarts. (What changed while the
 * watch was down is the difference between the baseline, the state as it
 * was left, and the first re-score.)
 */
static void load_last(sn_engine *e)
{
    char *text = sn_state_meta_get(e->state, "last_rescore");
    json_t *last = text ? json_loads(text, 0, NULL) : NULL;
    e->seq = (long)json_integer_value(json_object_get(last, "seq"));
    json_decref(last);
    free(text);
}

static sn_status save_last(sn_engine *e, sn_err *err)
{
    json_t *last = json_pack("{s:I}", "seq", (json_int_t)e->seq);
    char *text = last ? json_dumps(last, JSON_COMPACT) : NULL;
    sn_status rc = text ? sn_state_meta_set(e->state, "last_rescore", text, err)
                        : sn_err_set(err, SN_ENOMEM, "out of memory");
    free(text);
    json_decref(last);
    return rc;
}

/* ---- output ---- */

/* A string of the line as shown on a terminal (ids, groups and labels are data). */
static const char *shown(json_t *v, const char *none, char *buf, size_t cap)
{
    return json_is_string(v) ? sn_escape(json_string_value(v), json_string_length(v), buf, cap)
                             : none;
}

static void text_line(const sn_engine *e, json_t *line, FILE *out)
{
    char e1[256], e2[256], e3[256], e4[256];
    char a[32], b[32], c[32], d[32], rj[32];
    json_t *net = json_object_get(line, "network");
    engine_count(e, (long long)e->added, a, sizeof a);
    engine_count(e, (long long)e->store.n, b, sizeof b);
    engine_plain(e, e->store.rejected, rj, sizeof rj);
    count_text(e, net, "nodes", c, sizeof c);
    count_text(e, net, "ties", d, sizeof d);
    char st[4200];
    if (!json_object_get(line, "changes")) /* the baseline */
        fprintf(out,
                "%s  baseline: %s contacts (%s rejected) in the state %s  %s nodes, %s ties, "
                "density %.4f",
                json_string_value(json_object_get(line, "time")), b, rj,
                sn_escape(e->o->state, strlen(e->o->state), st, sizeof st), c, d,
                json_number_value(json_object_get(net, "density")));
    else
        fprintf(out, "%s  +%s contacts (%s in all, %s rejected)  %s nodes, %s ties, density %.4f",
                json_string_value(json_object_get(line, "time")), a, b, rj, c, d,
                json_number_value(json_object_get(net, "density")));
    const char *attr;
    json_t *s;
    json_object_foreach(json_object_get(line, "silo"), attr, s)
    {
        json_t *ei = json_object_get(s, "ei");
        if (json_is_number(ei))
            fprintf(out, ", E-I %s %+.3f", sn_escape(attr, strlen(attr), e1, sizeof e1),
                    json_number_value(ei));
        break;
    }
    size_t i;
    json_t *ch;
    json_array_foreach(json_object_get(line, "changes"), i, ch)
    {
        const char *kind = json_string_value(json_object_get(ch, "kind"));
        fputs(i ? "; " : "  changes: ", out);
        if (strcmp(kind, "ei") == 0) {
            json_t *g = json_object_get(ch, "group"), *f = json_object_get(ch, "from"),
                   *t = json_object_get(ch, "to");
            fprintf(out, "E-I %s%s%s ", shown(json_object_get(ch, "partition"), "", e1, sizeof e1),
                    json_is_string(g) ? " / " : "", shown(g, "", e2, sizeof e2));
            if (json_is_number(f))
                fprintf(out, "%+.3f", json_number_value(f));
            else
                fputs("(none)", out);
            fputs(" -> ", out);
            if (json_is_number(t))
                fprintf(out, "%+.3f", json_number_value(t));
            else
                fputs("(none)", out);
        } else if (strcmp(kind, "articulation_point") == 0) {
            fprintf(out, "%s articulation point %s",
                    json_string_value(json_object_get(ch, "change")),
                    shown(json_object_get(ch, "node"), "", e1, sizeof e1));
        } else {
            json_t *f = json_object_get(ch, "from"), *t = json_object_get(ch, "to");
            fprintf(out, "lens %s %s: %s -> %s",
                    shown(json_object_get(ch, "lens"), "", e1, sizeof e1),
                    shown(json_object_get(ch, "scope"), "", e2, sizeof e2),
                    shown(f, "(none)", e3, sizeof e3), shown(t, "(none)", e4, sizeof e4));
        }
    }
    fputc('\n', out);
}

/* Write the report beside its target, then rename: a reader never sees half of it. */
static sn_status write_report(const char *path, json_t *report, sn_err *err)
{
    sn_file w;
    sn_status rc = sn_file_open(&w, path, SN_FILE_DEVICE_IN_PLACE, err);
    if (rc != SN_OK)
        return rc;
    int bad =
        json_dumpf(report, w.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    bad |= fputc('\n', w.f) == EOF;
    if (bad)
        rc = sn_err_set(err, SN_EIO, "%s: cannot write: %s", path, strerror(errno));
    return sn_file_close(&w, rc, err);
}

#define REPORT_MAX_AGE 10.0 /* seconds a report may lag while changes keep coming */

/* The report file: the JSON report plus what the watch adds, replaced atomically. */
static sn_status write_out(sn_engine *e, json_t *report, const char *now, sn_err *err)
{
    json_t *changes = e->last_changes ? json_incref(e->last_changes) : json_array();
    json_object_set_new(report, "watch",
                        json_pack("{s:s, s:I, s:s, s:o}", "time", now, "seq", (json_int_t)e->seq,
                                  "state", e->o->state, "changes", changes));
    sn_status rc = write_report(e->o->out, report, err);
    if (rc == SN_OK) {
        e->report_due = 0;
        e->last_report = sni_clock_mono();
    }
    return rc;
}

static void emit(const sn_engine *e, json_t *line)
{
    FILE *out = e->o->lines ? e->o->lines : stdout;
    if (e->o->emit == SN_WATCH_TEXT) {
        text_line(e, line, out);
    } else {
        json_dumpf(line, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
        fputc('\n', out);
    }
    fflush(out);
}

/* The full analysis and its JSON report (with what the hook adds). */
static sn_status full_report(sn_engine *e, sn_analysis *an, json_t **report, sn_err *err)
{
    const sn_watch_opts *o = e->o;
    *report = NULL;
    sn_status rc = sn_analysis_run(&e->store, o->analysis, an, err);
    if (rc == SN_OK && (rc = sn_analysis_privacy(an, &e->store, o->privacy, err)) != SN_OK)
        sn_analysis_free(an);
    if (rc != SN_OK)
        return rc;
    const char *inputs[2] = {o->state, o->actors};
    sn_report r = {
        .store = &e->store,
        .an = an,
        .diag = e->diag,
        .inputs = inputs,
        .n_inputs = o->actors ? 2 : 1,
        .top = o->top,
        .lang = o->lang,
        .privacy = o->privacy,
    };
    /* the report's ties, as analyze --format json lists them */
    sn_network_ties ties;
    rc = sn_analysis_ties(an, &ties, err);
    if (rc == SN_OK)
        r.ties = &ties;
    if (rc == SN_OK && o->report_hook)
        rc = o->report_hook(o->hook_ud, &e->store, an, &r, err);
    if (rc == SN_OK)
        rc = sn_report_json_build(&r, report, err);
    if (r.ties)
        sn_network_ties_free(&ties);
    if (rc != SN_OK)
        sn_analysis_free(an);
    return rc;
}

sn_status sni_rescore(sn_engine *e, int baseline, sn_err *err)
{
    const sn_watch_opts *o = e->o;
    double t0 = sni_clock_mono();
    sn_analysis an;
    json_t *report = NULL;
    sn_status rc;
    int full = o->report_hook != NULL; /* lens labels go into the line: all of it first */
    if (full) {
        rc = full_report(e, &an, &report, err);
    } else {
        sn_analysis_opts summary = *o->analysis;
        summary.summary_only = 1;
        rc = sn_analysis_run(&e->store, &summary, &an, err);
        if (rc == SN_OK && (rc = sn_analysis_privacy(&an, &e->store, o->privacy, err)) != SN_OK)
            sn_analysis_free(&an);
    }
    if (rc != SN_OK)
        return rc;
    double t_analysis = sni_clock_mono() - t0;
    json_t *totals, *network, *silo;
    rc = summary_sections(e, &an, &totals, &network, &silo, err);
    if (rc != SN_OK) {
        json_decref(report);
        sn_analysis_free(&an);
        return rc;
    }

    char now[40];
    wall_time(now, sizeof now);
    if (baseline)
        load_last(e);
    long seq = e->seq + 1;
    json_t *snap = snapshot(&an, report);
    json_t *changes = json_array();
    if (e->prev && snap && changes)
        changes_json(changes, e->prev, snap, o->ei_threshold);
    /*
     * The baseline: the state as this run found it, before anything new is
     * read; what the next lines list as changes is measured from it.
     */
    json_t *line =
        baseline
            ? json_pack("{s:s, s:s, s:s}", "event", "baseline", "time", now, "state", o->state)
            : json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "event", "rescore", "time", now, "seq",
                        (json_int_t)seq, "contacts_added", (json_int_t)e->added, "rows_added",
                        (json_int_t)e->rows_added, "rejected_added", (json_int_t)e->rejected_added);
    int bad = !line || !snap || !changes;
    if (e->restored >= 0)
        bad |= json_object_set_new(line, "restored", json_integer(e->restored)) != 0;
    if (e->actors_reloaded)
        bad |= json_object_set_new(line, "actors_reloaded", json_true()) != 0;
    if (line && !bad && !(line = line_rule(line, o->privacy, line_counts, 0)))
        bad = 1;
    if (line && (json_is_true(json_object_get(line, "contacts_added_suppressed")) ||
                 json_is_true(json_object_get(line, "rejected_added_suppressed")))) {
        /* rows_added is their sum: shown, it would give the hidden one away */
        static const char *const rows_key[] = {"rows_added", NULL};
        if (!(line = line_rule(line, o->privacy, rows_key, 1)))
            bad = 1;
    }
    json_t *privacy = baseline ? privacy_json(o->privacy, &bad) : NULL;
    if (privacy) /* the rule the counts below follow, said first */
        bad |= json_object_set_new(line, "privacy", privacy) != 0;
    bad |= json_object_set_new(line, "totals", totals) != 0;
    bad |= json_object_set_new(line, "network", network) != 0;
    bad |= json_object_set_new(line, "silo", silo) != 0;
    if (!baseline)
        bad |= json_object_set(line, "changes", changes) != 0;
    json_t *lens_status = lens_status_json(report);
    if (lens_status)
        bad |= json_object_set_new(line, "lenses", lens_status) != 0;
    bad |= json_object_set_new(
               line, "seconds",
               json_pack("{s:f, s:f}", "ingest", e->t_ingest, "analysis", t_analysis)) != 0;
    if (bad) { /* no line, and the state stays as after the last one */
        json_decref(snap);
        json_decref(changes);
        json_decref(line);
        json_decref(report);
        sn_analysis_free(&an);
        return sn_err_set(err, SN_ENOMEM, "cannot build the re-score line: out of memory");
    }
    json_decref(e->prev);
    e->prev = snap;
    emit(e, line);
    if (baseline) { /* no number, no report file: nothing was read yet */
        json_decref(changes);
        json_decref(line);
        json_decref(report);
        sn_analysis_free(&an);
        return SN_OK;
    }
    e->seq = seq;
    /* after the line: a line lost to a crash is reported again, never skipped */
    rc = save_last(e, err);
    json_decref(e->last_changes);
    e->last_changes = json_incref(changes);
    int have_an = 1;
    if (rc == SN_OK && o->out) {
        /*
         * Under a stream of changes the full analysis is left to a later cycle
         * (at most REPORT_MAX_AGE seconds), so lines do not wait for reports.
         */
        int defer = !full && e->waiting && atomic_load(e->waiting) && e->last_report > 0 &&
                    sni_clock_mono() - e->last_report < REPORT_MAX_AGE;
        e->report_due = 1;
        if (!defer && !full) {
            sn_analysis_free(&an);
            rc = full_report(e, &an, &report, err);
            have_an = rc == SN_OK;
        }
        if (!defer && rc == SN_OK)
            rc = write_out(e, report, now, err);
    }
    json_decref(changes);
    json_decref(line);
    json_decref(report);
    if (have_an)
        sn_analysis_free(&an);
    return rc;
}

sn_status sni_rescore_report(sn_engine *e, sn_err *err)
{
    sn_analysis an;
    json_t *report;
    sn_status rc = full_report(e, &an, &report, err);
    if (rc != SN_OK)
        return rc;
    char now[40];
    wall_time(now, sizeof now);
    rc = write_out(e, report, now, err);
    json_decref(report);
    sn_analysis_free(&an);
    return rc;
}

void sni_rescore_stop_line(sn_engine *e, const char *reason)
{
    if (!e->have_store)
        return;
    char now[40];
    wall_time(now, sizeof now);
    FILE *out = e->o->lines ? e->o->lines : stdout;
    json_t *line = NULL, *totals = NULL;
    if (e->o->emit != SN_WATCH_TEXT) {
        sn_err err = {0};
        line = json_pack("{s:s, s:s, s:s, s:I}", "event", "stop", "time", now, "reason", reason,
                         "contacts_added", (json_int_t)e->added);
        line = line ? line_rule(line, e->o->privacy, line_counts, 0) : NULL;
        if (!line || summary_sections(e, NULL, &totals, NULL, NULL, &err) != SN_OK ||
            json_object_set_new(line, "totals", totals) != 0) {
            /* no line without its totals */
            fprintf(stderr, "samnett watch: cannot write the stop line: %s\n",
                    err.msg[0] ? err.msg : "out of memory");
            json_decref(line);
            return;
        }
    }
    if (e->o->emit == SN_WATCH_TEXT) {
        char b[32], rj[32];
        engine_count(e, (long long)e->store.n, b, sizeof b);
        engine_plain(e, e->store.rejected, rj, sizeof rj);
        fprintf(out, "%s  stopped (%s): %s contacts in all, %s rejected\n", now, reason, b, rj);
    } else {
        json_dumpf(line, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
        fputc('\n', out);
    }
    fflush(out);
    json_decref(line);
}
