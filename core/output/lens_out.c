/* lens_out.c - lens findings in the JSON report and the text summary. */
#include "lens_out.h"

#include <math.h>
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

static json_t *finding_json(const sn_lens_finding *f)
{
    json_t *scores = json_object();
    for (size_t i = 0; i < f->n_scores; i++)
        sn_out_set(scores, f->scores[i].name, score_json(&f->scores[i]));
    return json_pack("{s:s, s:s, s:s, s:o, s:{s:s, s:s}}", "level", sn_lens_level_name(f->level),
                     "scope", f->scope, "label", f->label, "scores", scores, "evidence", "en",
                     f->evidence[0], "nb", f->evidence[1]);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *sn_lens_results_json(const sn_lens_results *r)
{
    json_t *lenses = json_array();
    for (size_t i = 0; i < r->n; i++) {
        const sn_lens_result *l = &r->items[i];
        json_t *params = json_object(), *findings = json_array();
        for (size_t k = 0; k < l->n_params; k++)
            sn_out_set(params, l->params[k].name, param_json(&l->params[k]));
        for (size_t k = 0; k < l->n_findings; k++)
            sn_out_append(findings, finding_json(&l->findings[k]));
        json_t *title =
            json_pack("{s:o, s:o}", "en", str_or_null(l->title[0]), "nb", str_or_null(l->title[1]));
        sn_out_append(lenses,
                      json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:f}", "name", l->name, "file",
                                l->file, "title", title, "status", l->failed ? "error" : "ok",
                                "error", str_or_null(l->failed ? l->error : NULL), "params", params,
                                "findings", findings, "seconds", l->seconds));
    }
    return lenses;
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
    for (size_t k = 0; k < n_seen && used + 4 < cap; k++)
        used += (size_t)snprintf(out + used, cap - used, "%s%zu %s", k ? ", " : "", seen[k].n,
                                 seen[k].label);
    if (more && used + 4 < cap)
        snprintf(out + used, cap - used, ", ...");
}

void sn_lens_results_text(const sn_lens_results *r, sn_lang lang, FILE *out)
{
    int nb = lang == SN_LANG_NB;
    static const char *const level_names[3][2] = {
        {"network", "nettverk"}, {"groups", "grupper"}, {"actors", "akt\xc3\xb8rer"}};
    fprintf(out, "\n%s\n", nb ? "Linser" : "Lenses");
    for (size_t i = 0; i < r->n; i++) {
        const sn_lens_result *l = &r->items[i];
        const char *title = l->title[nb] ? l->title[nb] : l->name;
        fputs("  ", out);
        sn_out_text(out, title);
        fputs(" (", out);
        sn_out_text(out, l->name);
        fputs(")\n", out);
        if (l->failed) {
            fprintf(out, "    %s: ", nb ? "feilet" : "failed");
            sn_out_line(out, "", l->error ? l->error : "?");
            continue;
        }
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
        sn_out_line(out, "    ", line);
        /* up to three evidence lines: the network first, then groups and actors as given */
        int shown = 0;
        for (int lv = 0; lv < 3 && shown < 3; lv++)
            for (size_t k = 0; k < l->n_findings && shown < 3; k++) {
                const sn_lens_finding *f = &l->findings[k];
                if ((int)f->level != lv)
                    continue;
                fputs("    - ", out);
                if (f->level != SN_LENS_NETWORK) {
                    sn_out_text(out, f->scope);
                    fputs(" (", out);
                }
                sn_out_text(out, f->label);
                fputs(f->level != SN_LENS_NETWORK ? "): " : ": ", out);
                sn_out_line(out, "", f->evidence[nb]);
                shown++;
            }
        if (l->n_findings > (size_t)shown)
            fprintf(out, "    %s\n",
                    nb ? "(alle funn og tall i JSON-rapporten: --format json)"
                       : "(every finding and score is in the JSON report: --format json)");
    }
}
