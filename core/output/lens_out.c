/* lens_out.c - lens findings in the JSON report and the text summary. */
#include "samnett/option.h"
#include "lens_out.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

static json_t *score_json(const sn_lens_score *s)
{
    if (!isfinite(s->value))
        return json_null();
    if (s->is_integer)
        return json_integer((json_int_t)s->value);
    return json_real(s->value);
}

/*
 * The small-cell rule on lens output (K = sn_lens_result.min_cell): a score
 * that is a whole number (a Lua integer) from 1 to K-1 is a count and is not
 * shown, and so is the test value "missing" (the count that was short); p
 * and p_* (p-values, 1 at most) are never counts.
 */
static int hidden(const sn_lens_result *l, const sn_lens_score *s)
{
    if (strcmp(s->name, "p") == 0 || strncmp(s->name, "p_", 2) == 0)
        return 0; /* a p-value of exactly 1 is no count */
    return l->min_cell > 0 && s->is_integer && s->value > 0 && s->value < (double)l->min_cell;
}

/* Could the byte c be part of a number or word that a digit run stands in? */
static int joins(unsigned char c)
{
    return isalnum(c) || c >= 0x80 || strchr("_:/-.,%", c);
}

/* Does a comparison ("< ", ">= ", "\u2265 ") come right before s[i]? What follows one is a
 * threshold. */
static int compared(const char *s, size_t i)
{
    size_t j = i;
    if (j > 0 && s[j - 1] == ' ')
        j--;
    if (j > 0 && (s[j - 1] == '<' || s[j - 1] == '>' || s[j - 1] == '='))
        return 1;
    /* U+2264 and U+2265 (less-than or equal to, greater-than or equal to) */
    return j >= 3 && (unsigned char)s[j - 3] == 0xe2 && (unsigned char)s[j - 2] == 0x89 &&
           ((unsigned char)s[j - 1] == 0xa4 || (unsigned char)s[j - 1] == 0xa5);
}

/*
 * The evidence text s as it may be shown: with K > 0, every standalone whole
 * number from 1 to K-1 (not part of a decimal, date, time, id or percentage,
 * nor a threshold right after a comparison: "(< 20)", ">= 3") becomes "<K",
 * a backstop behind the lenses' own samnett.count. NULL when
 * out of memory; the caller frees it.
 */
char *sni_lens_evidence(const sn_lens_result *l, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    char *out = malloc(2 * n + 1); /* "1" -> "<9": at most twice as long; K <= 100 */
    if (!out)
        return NULL;
    if (l->min_cell <= 0) {
        memcpy(out, s, n + 1);
        return out;
    }
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (!isdigit((unsigned char)s[i])) {
            out[o++] = s[i++];
            continue;
        }
        size_t j = i;
        while (j < n && isdigit((unsigned char)s[j]))
            j++;
        int alone = !(i > 0 && joins((unsigned char)s[i - 1])) && !compared(s, i);
        if (j < n) {
            unsigned char c = (unsigned char)s[j];
            if ((c == '.' || c == ',') && !(j + 1 < n && isdigit((unsigned char)s[j + 1])))
                ; /* the end of a sentence or a list, not a decimal */
            else if (joins(c))
                alone = 0;
            else if (c == ' ' && j + 1 < n && s[j + 1] == '%')
                alone = 0; /* "2 %" is a share in bokmål */
        }
        long v = j - i <= 3 ? strtol(s + i, NULL, 10) : 0;
        if (alone && v > 0 && v < l->min_cell && j - i <= 3) {
            o += (size_t)sprintf(out + o, "<%d", l->min_cell);
        } else {
            memcpy(out + o, s + i, j - i);
            o += j - i;
        }
        i = j;
    }
    out[o] = '\0';
    return out;
}

/* The evidence of f in language lang as a JSON string (rewritten under the rule). */
static json_t *evidence_json(const sn_lens_result *l, const char *s)
{
    char *e = sni_lens_evidence(l, s);
    json_t *v = e ? json_string(e) : NULL;
    free(e);
    return v;
}

/* Add the score s to o: null and NAME_suppressed when the rule hides it. */
static void score_set(json_t *o, const sn_lens_result *l, const sn_lens_score *s, int count)
{
    if (count && hidden(l, s)) {
        sni_out_set(o, s->name, json_null());
        char key[512];
        snprintf(key, sizeof key, "%s_suppressed", s->name);
        sni_out_set(o, key, json_true());
        return;
    }
    sni_out_set(o, s->name, score_json(s));
}

static json_t *param_json(const sn_lens_param *p)
{
    switch (p->type) {
    case SN_PARAM_STRING:
        return json_string(p->string ? p->string : "");
    case SN_PARAM_BOOLEAN:
        return json_boolean(p->number != 0);
    case SN_PARAM_INTEGER:
        return json_integer((json_int_t)p->number);
    default:
        return isfinite(p->number) ? json_real(p->number) : json_null();
    }
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* {"method": ..., "correction": ..., "p": ..., ...} or null. */
static json_t *test_json(const sn_lens_result *l, const sn_lens_finding *f)
{
    if (!f->has_test)
        return json_null();
    json_t *t = json_object();
    sni_out_set(t, "method", str_or_null(f->test.method));
    sni_out_set(t, "correction", str_or_null(f->test.correction));
    for (size_t i = 0; i < f->test.n_values; i++)
        score_set(t, l, &f->test.values[i], strcmp(f->test.values[i].name, "missing") == 0);
    return t;
}

/* "default" or "param" (given with --param LENS.NAME=). */
static const char *origin(const sn_lens_param *p)
{
    return p->given ? "param" : "default";
}

/* {name: {"value": ..., "origin": "default" | "param"}} of the parameters f uses. */
static json_t *thresholds_json(const sn_lens_result *l, const sn_lens_finding *f)
{
    json_t *t = json_object();
    for (size_t i = 0; i < f->n_uses; i++) {
        const sn_lens_param *p = sn_lens_result_param(l, f->uses[i]);
        if (p)
            sni_out_set(t, p->name,
                        json_pack("{s:o, s:s}", "value", param_json(p), "origin", origin(p)));
    }
    return t;
}

static json_t *finding_json(const sn_lens_result *l, const sn_lens_finding *f)
{
    json_t *scores = json_object();
    for (size_t i = 0; i < f->n_scores; i++)
        score_set(scores, l, &f->scores[i], 1);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:o, s:{s:o, s:o}}", "level", sn_lens_level_name(f->level),
                  "scope", f->scope, "label", f->label, "scores", scores, "evidence", "en",
                  evidence_json(l, f->evidence[0]), "nb", evidence_json(l, f->evidence[1]));
    sni_out_set(o, "concept", str_or_null(f->concept));
    sni_out_set(o, "source", str_or_null(f->source));
    sni_out_set(o, "reason", str_or_null(f->reason));
    sni_out_set(o, "test", test_json(l, f));
    sni_out_set(o, "thresholds", thresholds_json(l, f));
    return o;
}

/* The lens's concept, sources, detects and parameters with their origin. */
static void lens_meta_json(json_t *o, const sn_lens_result *l)
{
    sni_out_set(o, "concept",
                l->concept[0] ? json_pack("{s:s, s:s}", "en", l->concept[0], "nb", l->concept[1])
                              : json_null());
    json_t *sources = json_array();
    for (size_t i = 0; i < l->n_sources; i++)
        sni_out_append(sources, json_string(l->sources[i]));
    sni_out_set(o, "sources", sources);
    json_t *detects = json_array();
    for (size_t i = 0; i < l->n_detects; i++) {
        const sn_lens_detect *d = &l->detects[i];
        json_t *labels = json_array();
        for (size_t k = 0; k < d->n_labels; k++)
            sni_out_append(labels, json_string(d->labels[k]));
        sni_out_append(detects, json_pack("{s:s, s:s, s:o}", "pattern", d->pattern, "level",
                                          sn_lens_level_name(d->level), "labels", labels));
    }
    sni_out_set(o, "detects", detects);
    json_t *parameters = json_array();
    for (size_t i = 0; i < l->n_params; i++) {
        const sn_lens_param *p = &l->params[i];
        sni_out_append(parameters, json_pack("{s:s, s:o, s:s}", "name", p->name, "value",
                                             param_json(p), "origin", origin(p)));
    }
    sni_out_set(o, "parameters", parameters);
}

static json_t *lens_json(const sn_lens_result *l)
{
    json_t *params = json_object(), *findings = json_array();
    for (size_t k = 0; k < l->n_params; k++)
        sni_out_set(params, l->params[k].name, param_json(&l->params[k]));
    for (size_t k = 0; k < l->n_findings; k++)
        sni_out_append(findings, finding_json(l, &l->findings[k]));
    json_t *title =
        json_pack("{s:o, s:o}", "en", str_or_null(l->title[0]), "nb", str_or_null(l->title[1]));
    json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:f}", "name", l->name, "file",
                          l->file, "title", title, "status",
                          l->failed    ? "error"
                          : l->skipped ? "skipped"
                                       : "ok",
                          "error", str_or_null(l->failed ? l->error : NULL), "params", params,
                          "findings", findings, "seconds", l->seconds);
    if (o && l->skipped && !l->failed) /* not run on a tie table: why */
        sni_out_set(o, "skipped", json_string(l->skipped));
    if (o)
        lens_meta_json(o, l);
    return o;
}

char *sn_report_lens_dump(const sn_lens_result *l, size_t *len)
{
    unsigned long lost = sni_out_lost();
    return sni_out_dump(lens_json(l), lost, len);
}

void sni_lens_results_write(sn_jw *w, const sn_lens_results *r, char *const *dumped,
                            const size_t *dumped_len)
{
    sni_jw_open(w, "lenses", 1);
    for (size_t i = 0; i < r->n && w->status == SN_OK; i++) {
        if (dumped && dumped[i])
            sni_jw_add_dumped(w, NULL, dumped[i], dumped_len[i]);
        else
            sni_jw_add(w, NULL, lens_json(&r->items[i]));
    }
    sni_jw_close(w);
}

typedef struct label_count {
    const char *label;
    size_t n;
} label_count;

/* "3 gjensidig, 1 ensidig" for the findings of one level, in order of first appearance. */
static void labels_line(const sn_lens_result *l, sn_lens_level level, char *out, size_t cap)
{
    label_count seen[16];
    size_t n_seen = 0, more = 0;
    for (size_t i = 0; i < l->n_findings; i++) {
        const sn_lens_finding *f = &l->findings[i];
        if (f->level != level)
            continue;
        size_t k = 0;
        while (k < n_seen && strcmp(seen[k].label, f->label) != 0)
            k++;
        if (k == n_seen) {
            if (n_seen == 16) {
                more++;
                continue;
            }
            seen[n_seen++] = (label_count){f->label, 0};
        }
        seen[k].n++;
    }
    size_t used = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n_seen && used + 4 < cap; k++) {
        char num[32];
        if (l->min_cell > 0 && seen[k].n < (size_t)l->min_cell) /* findings: actors or pairs */
            snprintf(num, sizeof num, "<%d", l->min_cell);
        else
            snprintf(num, sizeof num, "%zu", seen[k].n);
        used +=
            (size_t)snprintf(out + used, cap - used, "%s%s %s", k ? ", " : "", num, seen[k].label);
    }
    if (more && used + 4 < cap)
        snprintf(out + used, cap - used, ", ...");
}

/* p as "p = 0.003", "p = 0.04", "p < 0.001" (bokmål with a decimal comma). */
static void p_text(double p, int nb, char *out, size_t cap)
{
    if (p < 0.001)
        snprintf(out, cap, "p < 0%c001", nb ? ',' : '.');
    else
        snprintf(out, cap, p < 0.01 ? "p = %.3f" : "p = %.2f", p);
    if (nb)
        for (char *c = out; *c; c++)
            if (*c == '.' && c > out && c[-1] >= '0' && c[-1] <= '9')
                *c = ',';
}

static const sn_lens_score *test_value(const sn_lens_finding *f, const char *name)
{
    for (size_t i = 0; i < f->test.n_values; i++)
        if (strcmp(f->test.values[i].name, name) == 0)
            return &f->test.values[i];
    return NULL;
}

/*
 * The test and source of a finding in short: "p = 0.003, Holm; Steinsland
 * 2021", "for lite data: 12 short; ...". Empty when it has none of them.
 */
static void finding_tail(const sn_lens_result *l, const sn_lens_finding *f, int nb, char *out,
                         size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    if (f->reason) {
        int data = strcmp(f->reason, SN_LENS_REASON_DATA) == 0;
        used += (size_t)snprintf(out + used, cap - used, "%s",
                                 nb     ? f->reason
                                 : data ? "too little data"
                                        : "not significant");
        const sn_lens_score *m = f->has_test ? test_value(f, "missing") : NULL;
        if (data && m && used + 4 < cap && hidden(l, m))
            used += (size_t)snprintf(out + used, cap - used, nb ? ": mangler <%d" : ": <%d short",
                                     l->min_cell);
        else if (data && m && used + 4 < cap)
            used += (size_t)snprintf(out + used, cap - used, nb ? ": mangler %.0f" : ": %.0f short",
                                     m->value);
    }
    if (f->has_test) {
        const sn_lens_score *p = test_value(f, "p_adjusted");
        if (!p)
            p = test_value(f, "p");
        if (p && used + 4 < cap) {
            char pt[48];
            p_text(p->value, nb, pt, sizeof pt);
            used += (size_t)snprintf(out + used, cap - used, "%s%s", used ? ", " : "", pt);
        }
        const char *c = f->test.correction;
        if (c && strcmp(c, "none") != 0 && used + 4 < cap)
            used += (size_t)snprintf(out + used, cap - used, "%s%s", used ? ", " : "",
                                     strcmp(c, "holm") == 0 ? "Holm" : "BH");
    }
    if (f->source && used + 4 < cap)
        snprintf(out + used, cap - used, "%s%s", used ? "; " : "", f->source);
}

/* "sources: A 2001; B 2019" and the parameters set with --param, under a lens's title. */
static void lens_header(const sn_lens_result *l, int nb, FILE *out)
{
    char line[1024];
    size_t used = 0;
    line[0] = '\0';
    for (size_t i = 0; i < l->n_sources && used + 4 < sizeof line; i++)
        used += (size_t)snprintf(line + used, sizeof line - used, "%s%s",
                                 i ? "; " : (nb ? "kilder: " : "sources: "), l->sources[i]);
    if (used)
        sni_out_line(out, "    ", line);
    used = 0;
    line[0] = '\0';
    for (size_t i = 0; i < l->n_params && used + 4 < sizeof line; i++) {
        const sn_lens_param *p = &l->params[i];
        if (!p->given)
            continue;
        char value[256];
        if (p->type == SN_PARAM_STRING)
            snprintf(value, sizeof value, "%s", p->string ? p->string : "");
        else if (p->type == SN_PARAM_BOOLEAN)
            snprintf(value, sizeof value, "%s", p->number ? "true" : "false");
        else
            snprintf(value, sizeof value, "%.10g", p->number);
        if (!used)
            used = (size_t)snprintf(line, sizeof line,
                                    "%s (%s): ", nb ? "parametre satt" : "parameters set",
                                    sn_opt_shown("param"));
        else
            used += (size_t)snprintf(line + used, sizeof line - used, ", ");
        if (used < sizeof line)
            used += (size_t)snprintf(line + used, sizeof line - used, "%s = %s", p->name, value);
    }
    if (used)
        sni_out_line(out, "    ", line);
}

void sni_lens_results_text(const sn_lens_results *r, sn_lang lang, FILE *out)
{
    int nb = lang == SN_LANG_NB;
    static const char *const level_names[3][2] = {
        {"network", "nettverk"}, {"groups", "grupper"}, {"actors", "akt\xc3\xb8rer"}};
    fprintf(out, "\n%s\n", nb ? "Linser" : "Lenses");
    for (size_t i = 0; i < r->n; i++) {
        const sn_lens_result *l = &r->items[i];
        const char *title = l->title[nb] ? l->title[nb] : l->name;
        fputs("  ", out);
        sni_out_text(out, title);
        fputs(" (", out);
        sni_out_text(out, l->name);
        fputs(")\n", out);
        if (l->failed) {
            fprintf(out, "    %s: ", nb ? "feilet" : "failed");
            sni_out_line(out, "", l->error ? l->error : "?");
            continue;
        }
        if (l->skipped) {
            fprintf(out, "    %s: ", nb ? "ikke kj\xc3\xb8rt" : "skipped");
            sni_out_line(out, "", l->skipped);
            continue;
        }
        lens_header(l, nb, out);
        if (l->n_findings == 0) {
            fprintf(out, "    %s\n", nb ? "(ingen funn)" : "(no findings)");
            continue;
        }
        char line[1024];
        size_t used = 0;
        line[0] = '\0';
        for (int lv = 0; lv < 3; lv++) {
            char labels[700];
            labels_line(l, (sn_lens_level)lv, labels, sizeof labels);
            if (labels[0] && used + 4 < sizeof line)
                used += (size_t)snprintf(line + used, sizeof line - used, "%s%s: %s",
                                         used ? "; " : "", level_names[lv][nb], labels);
        }
        sni_out_line(out, "    ", line);
        /* up to three evidence lines: the network first, then groups and actors as given */
        int shown = 0;
        for (int lv = 0; lv < 3 && shown < 3; lv++)
            for (size_t k = 0; k < l->n_findings && shown < 3; k++) {
                const sn_lens_finding *f = &l->findings[k];
                if ((int)f->level != lv)
                    continue;
                fputs("    - ", out);
                if (f->level != SN_LENS_NETWORK) {
                    sni_out_text(out, f->scope);
                    fputs(" (", out);
                }
                sni_out_text(out, f->label);
                fputs(f->level != SN_LENS_NETWORK ? "): " : ": ", out);
                char tail[600];
                finding_tail(l, f, nb, tail, sizeof tail);
                char *ev = sni_lens_evidence(l, f->evidence[nb]);
                if (tail[0]) {
                    sni_out_text(out, ev ? ev : "?");
                    fputs(" (", out);
                    sni_out_text(out, tail);
                    fputs(")\n", out);
                } else {
                    sni_out_line(out, "", ev ? ev : "?");
                }
                free(ev);
                shown++;
            }
        if (l->n_findings > (size_t)shown)
            fprintf(out, "    %s: %s json)\n",
                    nb ? "(alle funn og tall i JSON-rapporten"
                       : "(every finding and score is in the JSON report",
                    sn_opt_shown("format"));
    }
}

/* ---- CSV ---- */

static void csv_text(FILE *f, const char *s)
{
    fputc(',', f);
    if (s)
        sni_out_field(f, s);
}

/* lens and finding number (from 1), the key of a finding in the CSV tables */
static void finding_key(FILE *f, const sn_lens_result *l, size_t k)
{
    sni_out_field(f, l->name);
    fprintf(f, ",%zu", k + 1);
}

static void lenses_table(const sn_report *r, FILE *f)
{
    fputs("lens,title_en,title_nb,status,error,findings\n", f);
    for (size_t i = 0; i < r->lenses->n; i++) {
        const sn_lens_result *l = &r->lenses->items[i];
        sni_out_field(f, l->name);
        csv_text(f, l->title[0]);
        csv_text(f, l->title[1]);
        csv_text(f, l->failed ? "error" : l->skipped ? "skipped" : "ok");
        csv_text(f, l->failed ? l->error : l->skipped);
        fprintf(f, ",%zu\n", l->n_findings);
    }
}

static void findings_table(const sn_report *r, FILE *f)
{
    fputs("lens,finding,level,scope,label,evidence_en,evidence_nb,concept,source,reason,"
          "test_method,test_correction\n",
          f);
    for (size_t i = 0; i < r->lenses->n; i++) {
        const sn_lens_result *l = &r->lenses->items[i];
        for (size_t k = 0; k < l->n_findings; k++) {
            const sn_lens_finding *x = &l->findings[k];
            finding_key(f, l, k);
            csv_text(f, sn_lens_level_name(x->level));
            csv_text(f, x->scope);
            csv_text(f, x->label);
            for (int lang = 0; lang < 2; lang++) {
                char *ev = sni_lens_evidence(l, x->evidence[lang]);
                if (!ev)
                    sni_out_table_failed();
                csv_text(f, ev ? ev : "");
                free(ev);
            }
            csv_text(f, x->concept);
            csv_text(f, x->source);
            csv_text(f, x->reason);
            csv_text(f, x->has_test ? x->test.method : NULL);
            csv_text(f, x->has_test ? x->test.correction : NULL);
            fputc('\n', f);
        }
    }
}

/* value empty and value_suppressed true when the rule hides a count (the column with K > 0 only).
 */
static void value_row(FILE *f, const sn_lens_result *l, size_t k, const char *kind,
                      const sn_lens_score *v, int count, int flag_column)
{
    finding_key(f, l, k);
    fprintf(f, ",%s", kind);
    csv_text(f, v->name);
    fputc(',', f);
    int off = count && hidden(l, v);
    if (!off)
        sni_out_number(f, v->value);
    if (flag_column)
        fputs(off ? ",true" : ",", f);
    fputc('\n', f);
}

/* Whether any lens ran under the small-cell rule (the tables then get the flag columns). */
static int any_min_cell(const sn_lens_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].min_cell > 0)
            return 1;
    return 0;
}

static void values_table(const sn_report *r, FILE *f)
{
    int flag = any_min_cell(r->lenses);
    fputs(flag ? "lens,finding,kind,name,value,value_suppressed\n"
               : "lens,finding,kind,name,value\n",
          f);
    for (size_t i = 0; i < r->lenses->n; i++) {
        const sn_lens_result *l = &r->lenses->items[i];
        for (size_t k = 0; k < l->n_findings; k++) {
            const sn_lens_finding *x = &l->findings[k];
            for (size_t j = 0; j < x->n_scores; j++)
                value_row(f, l, k, "score", &x->scores[j], 1, flag);
            for (size_t j = 0; x->has_test && j < x->test.n_values; j++)
                value_row(f, l, k, "test", &x->test.values[j],
                          strcmp(x->test.values[j].name, "missing") == 0, flag);
        }
    }
}

static void thresholds_table(const sn_report *r, FILE *f)
{
    fputs("lens,finding,parameter,value,origin\n", f);
    for (size_t i = 0; i < r->lenses->n; i++) {
        const sn_lens_result *l = &r->lenses->items[i];
        for (size_t k = 0; k < l->n_findings; k++) {
            const sn_lens_finding *x = &l->findings[k];
            for (size_t j = 0; j < x->n_uses; j++) {
                const sn_lens_param *p = sn_lens_result_param(l, x->uses[j]);
                if (!p)
                    continue;
                finding_key(f, l, k);
                csv_text(f, p->name);
                fputc(',', f);
                if (p->type == SN_PARAM_STRING)
                    sni_out_field(f, p->string ? p->string : "");
                else if (p->type == SN_PARAM_BOOLEAN)
                    fputs(p->number != 0 ? "true" : "false", f);
                else
                    sni_out_number(f, p->number);
                fprintf(f, ",%s\n", origin(p));
            }
        }
    }
}

sn_status sni_lens_csv(const sn_report *r, const char *dir, sn_err *err)
{
    static const sn_out_table_spec tables[] = {
        {"lenses.csv", lenses_table},
        {"findings.csv", findings_table},
        {"finding_values.csv", values_table},
        {"finding_thresholds.csv", thresholds_table},
    };
    return sni_out_tables(r, dir, tables, sizeof tables / sizeof tables[0], err);
}
