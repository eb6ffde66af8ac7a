/*
 * provenance.c - what a report was made from: the input files with their
 * sizes and SHA-256 checksums, the level, the time zone, the filters, the
 * options that differ from their defaults and the samnett version. Built
 * once as JSON (the report's `provenance`); the text header block and
 * provenance.csv are written from that same object, so they cannot differ.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/output.h"
#include "samnett/privacy.h"
#include "samnett/time.h"
#include "format.h"

#define SET(o, k, v) (bad |= sni_out_set((o), (k), (v)) != 0)
#define APPEND(a, v) (bad |= sni_out_append((a), (v)) != 0)

const char *sn_report_time_zone(const sn_report *r)
{
    return r && r->time_zone && r->time_zone[0] ? r->time_zone : "UTC";
}

/* The value of the setting flag (e.g. "--window") as given last, or NULL. */
static const char *setting(const sn_report *r, const char *flag)
{
    const char *v = NULL;
    for (size_t i = 0; i + 1 < 2 * r->n_settings; i += 2)
        if (strcmp(r->settings[i], flag) == 0)
            v = r->settings[i + 1];
    return v;
}

int sni_privacy_shown(const sn_report *r)
{
    const sn_privacy *p = r->privacy;
    return p && (p->profile == SN_PRIVACY_SHARED || p->min_cell > 0);
}

/* The profile and its parameters, for every report's provenance; NULL without a profile. */
static json_t *privacy_params(const sn_report *r)
{
    const sn_privacy *p = r->privacy;
    if (!p)
        return NULL;
    return json_pack("{s:s, s:i, s:s, s:s, s:i}", "profile", sn_privacy_profile_name(p->profile),
                     "min_cell", p->min_cell, "pseudonyms", sn_privacy_pseudonyms_name(p),
                     "case_ids", sn_privacy_case_ids_name(p), "merge_small_orgs",
                     p->merge_small_orgs);
}

json_t *sni_privacy_json(const sn_report *r)
{
    const sn_privacy *p = r->privacy;
    json_t *reid = json_null();
    if (p->reid_checked)
        reid = json_pack("{s:I, s:I, s:o, s:b}", "actors", (json_int_t)p->reid_actors, "unique",
                         (json_int_t)p->reid_unique, "threshold", sni_out_num(p->reid_threshold),
                         "degrees_coarsened", p->reid_coarsened);
    return json_pack("{s:s, s:i, s:s, s:s, s:I, s:I, s:I, s:o}", "profile",
                     sn_privacy_profile_name(p->profile), "min_cell", p->min_cell, "pseudonyms",
                     sn_privacy_pseudonyms_name(p), "case_ids", sn_privacy_case_ids_name(p),
                     "organisations_merged", (json_int_t)p->organisations_merged,
                     "attributes_dropped", (json_int_t)p->attributes_dropped, "ties_left_out",
                     (json_int_t)sni_cells_ties_left_out(r), "reidentification", reid);
}

json_t *sni_provenance_json(const sn_report *r)
{
    int bad = 0;
    json_t *o = json_object();
    SET(o, "samnett_version", json_string(SAMNETT_VERSION));
    json_t *files = json_array();
    const sn_store *s = r->store;
    for (size_t i = 0; s && i < s->n_input_files; i++) {
        const sn_input_file *f = &s->input_files[i];
        json_t *e = json_object();
        SET(e, "file", json_string(f->name));
        SET(e, "bytes", f->bytes >= 0 ? json_integer((json_int_t)f->bytes) : json_null());
        SET(e, "sha256", f->sha256[0] ? json_string(f->sha256) : json_null());
        SET(e, "compressed", json_boolean(f->compressed));
        APPEND(files, e);
    }
    SET(o, "inputs", files);
    SET(o, "checksums",
        json_string("SHA-256 of each file's bytes as stored (the compressed bytes of a gzip "
                    "file); null for standard input and pipes"));
    const sn_net *net = &r->an->net;
    SET(o, "level", json_string(sn_level_name(net->opts.level)));
    SET(o, "time_zone", json_string(sn_report_time_zone(r)));
    const sn_view_opts *vo = &net->opts;
    json_t *flt = json_object();
    SET(flt, "since", sni_out_time(vo->since, vo->has_since));
    SET(flt, "until", sni_out_time(vo->until, vo->has_until));
    json_t *channels = json_array();
    if (vo->has_channels)
        for (int c = 0; c <= SN_CHANNEL_MAX; c++)
            if (vo->channels[c] && (uint32_t)c < sn_intern_count(net->store->channels))
                APPEND(channels, json_string(sn_channel_name(net->store, (uint8_t)c)));
    SET(flt, "channels", channels);
    const char *window = setting(r, "--window");
    SET(flt, "window", window ? json_string(window) : json_null());
    json_t *removed = json_array();
    for (uint32_t i = 0; r->an->has_removal && i < r->an->removal.n_removed; i++)
        APPEND(removed, json_string(sn_net_label(net, r->an->removal.removed[i])));
    SET(flt, "removed", removed);
    SET(o, "filters", flt);
    json_t *opts = json_object();
    for (size_t i = 0; i < r->n_settings; i++) {
        const char *flag = r->settings[2 * i], *value = r->settings[2 * i + 1];
        json_t *old = json_object_get(opts, flag);
        if (old && json_is_string(old) && value) { /* a repeated option: all its values */
            char buf[1024];
            snprintf(buf, sizeof buf, "%s,%s", json_string_value(old), value);
            SET(opts, flag, json_string(buf));
        } else {
            SET(opts, flag, value ? json_string(value) : json_true());
        }
    }
    SET(o, "options", opts);
    json_t *priv = privacy_params(r);
    if (priv)
        SET(o, "privacy", priv);
    const sn_betweenness_method *bm = &r->an->metrics.betweenness;
    if (bm->sampled) { /* only then: an exact run's provenance is as it was */
        json_t *b = json_object();
        SET(b, "method", json_string("sampled"));
        SET(b, "algorithm", json_string("Riondato-Kornaropoulos 2016"));
        SET(b, "eps", sni_out_num(bm->eps));
        SET(b, "delta", sni_out_num(bm->delta));
        SET(b, "samples", json_integer((json_int_t)bm->samples));
        SET(b, "vertex_diameter_bound", json_integer((json_int_t)bm->vertex_diameter));
        SET(b, "seed", json_integer((json_int_t)bm->seed));
        SET(b, "scale", json_string("raw"));
        SET(b, "guarantee",
            json_string("with probability >= 1 - delta, every node's betweenness "
                        "/ (n (n - 1)) is within eps of its exact value"));
        SET(o, "betweenness", b);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A JSON scalar as text: strings as they are, null as none ("-" or ""), others dumped. */
static void scalar_none(const json_t *v, char *buf, size_t cap, const char *none);
static void scalar_text(const json_t *v, char *buf, size_t cap)
{
    scalar_none(v, buf, cap, "-");
}

static void scalar_none(const json_t *v, char *buf, size_t cap, const char *none)
{
    if (json_is_string(v))
        snprintf(buf, cap, "%s", json_string_value(v));
    else if (!v || json_is_null(v))
        snprintf(buf, cap, "%s", none);
    else if (json_is_array(v)) {
        size_t n = 0, i;
        json_t *e;
        buf[0] = '\0';
        json_array_foreach(v, i, e)
        {
            char one[512];
            scalar_none(e, one, sizeof one, none);
            if (n < cap)
                n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ";" : "", one);
        }
    } else {
        char *d = json_dumps(v, JSON_ENCODE_ANY);
        snprintf(buf, cap, "%s", d ? d : "");
        free(d);
    }
}

void sni_provenance_text(const sn_report *r, const json_t *p, FILE *out)
{
    int nb = r->lang == SN_LANG_NB;
    char line[1400], a[40];
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(p, "inputs"), i, f)
    {
        const json_t *sha = json_object_get(f, "sha256"), *bytes = json_object_get(f, "bytes");
        if (json_is_integer(bytes))
            snprintf(line, sizeof line, "%s  %s %s%s  sha256 %s",
                     json_string_value(json_object_get(f, "file")),
                     sni_out_grouped(r, (long long)json_integer_value(bytes), a, sizeof a),
                     nb ? "byte" : "bytes",
                     json_is_true(json_object_get(f, "compressed")) ? (nb ? " (gzip)" : " (gzip)")
                                                                    : "",
                     json_string_value(sha));
        else
            snprintf(line, sizeof line, "%s  (%s)", json_string_value(json_object_get(f, "file")),
                     nb ? "standard inn eller rør: ingen sjekksum"
                        : "standard input or a pipe: no checksum");
        sni_out_row(out, i ? "" : (nb ? "filer" : "files"), line);
    }
    sni_out_row(out, nb ? "nivå" : "level", json_string_value(json_object_get(p, "level")));
    /* the time zone is the Input section's row, beside the time span it reads */
    const json_t *flt = json_object_get(p, "filters");
    char since[64], until[64], ch[512], win[64], rm[512];
    scalar_text(json_object_get(flt, "since"), since, sizeof since);
    scalar_text(json_object_get(flt, "until"), until, sizeof until);
    scalar_text(json_object_get(flt, "channels"), ch, sizeof ch);
    scalar_text(json_object_get(flt, "window"), win, sizeof win);
    scalar_text(json_object_get(flt, "removed"), rm, sizeof rm);
    snprintf(line, sizeof line, "since %s, until %s (UTC), channels %s, window %s, removed %s",
             since, until, ch[0] ? ch : (nb ? "alle" : "all"), win, rm[0] ? rm : "-");
    sni_out_row(out, nb ? "utvalg" : "filters", line);
    size_t n = 0;
    const char *k;
    json_t *v;
    line[0] = '\0';
    json_object_foreach(json_object_get(p, "options"), k, v)
    {
        char val[512];
        scalar_text(v, val, sizeof val);
        if (n < sizeof line)
            n += (size_t)snprintf(line + n, sizeof line - n, "%s%s%s%s", n ? ", " : "", k,
                                  json_is_true(v) ? "" : " ", json_is_true(v) ? "" : val);
    }
    sni_out_row(out, nb ? "valg (ikke standard)" : "options (not default)",
                n ? line : (nb ? "ingen" : "none"));
    const json_t *priv = json_object_get(p, "privacy");
    if (priv) {
        const char *ps = json_string_value(json_object_get(priv, "pseudonyms"));
        const char *cs = json_string_value(json_object_get(priv, "case_ids"));
        if (nb) { /* the JSON's values, in bokmål */
            ps = !ps                              ? ""
                 : strcmp(ps, "keyed") == 0       ? "med n\xc3\xb8kkel"
                 : strcmp(ps, "one-off key") == 0 ? "med engangsn\xc3\xb8kkel"
                                                  : "ingen";
            cs = cs && strcmp(cs, "numbered") == 0 ? "nummerert" : "pseudonymisert";
        }
        snprintf(line, sizeof line, "%s, min-cell %lld, %s %s, %s %s",
                 json_string_value(json_object_get(priv, "profile")),
                 (long long)json_integer_value(json_object_get(priv, "min_cell")),
                 nb ? "pseudonymer" : "pseudonyms", ps ? ps : "", nb ? "saks-id" : "case ids",
                 cs ? cs : "");
        sni_out_row(out, nb ? "personvern" : "privacy", line);
    }
    sni_out_row(out, "samnett", json_string_value(json_object_get(p, "samnett_version")));
}

/* One row of provenance.csv. */
static void csv_row(FILE *f, const char *section, const char *name, const char *key,
                    const char *value)
{
    sni_out_field(f, section);
    fputc(',', f);
    sni_out_field(f, name);
    fputc(',', f);
    sni_out_field(f, key);
    fputc(',', f);
    sni_out_field(f, value);
    fputc('\n', f);
}

void sni_provenance_table(const sn_report *r, FILE *f)
{
    json_t *p = sni_provenance_json(r);
    fputs("section,name,key,value\n", f);
    if (!p)
        return;
    char val[1200];
    csv_row(f, "samnett", "", "version", json_string_value(json_object_get(p, "samnett_version")));
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(p, "inputs"), i, e)
    {
        const char *name = json_string_value(json_object_get(e, "file"));
        scalar_none(json_object_get(e, "bytes"), val, sizeof val, "");
        csv_row(f, "input", name, "bytes", val);
        scalar_none(json_object_get(e, "sha256"), val, sizeof val, "");
        csv_row(f, "input", name, "sha256", val);
        csv_row(f, "input", name, "compressed",
                json_is_true(json_object_get(e, "compressed")) ? "true" : "false");
    }
    if (r->store->tie_bucket >= 0) { /* a tie table: its buckets and what it cannot give */
        csv_row(f, "input", "", "kind", "ties");
        csv_row(f, "input", "", "bucket", sn_bucket_name((sn_bucket)r->store->tie_bucket));
        for (const char *const *u = sn_report_ties_unavailable; *u; u++)
            csv_row(f, "input", "", "unavailable", *u);
    }
    csv_row(f, "network", "", "level", json_string_value(json_object_get(p, "level")));
    csv_row(f, "network", "", "time_zone", json_string_value(json_object_get(p, "time_zone")));
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(p, "filters"), k, v)
    {
        if (json_is_array(v)) { /* a list: a row per element (tidy), none when empty */
            json_t *x;
            json_array_foreach(v, i, x)
            {
                scalar_none(x, val, sizeof val, "");
                csv_row(f, "filter", "", k, val);
            }
            continue;
        }
        scalar_none(v, val, sizeof val, "");
        csv_row(f, "filter", "", k, val);
    }
    json_object_foreach(json_object_get(p, "options"), k, v)
    {
        scalar_none(v, val, sizeof val, "");
        /* the option without its dashes: a cell that begins with '-' would be guarded
           against spreadsheet formulas (a leading ') */
        const char *key = k;
        while (*key == '-')
            key++;
        csv_row(f, "option", "", key, json_is_true(v) ? "true" : val);
    }
    json_object_foreach(json_object_get(p, "privacy"), k, v)
    {
        scalar_none(v, val, sizeof val, "");
        csv_row(f, "privacy", "", k, val);
    }
    json_object_foreach(json_object_get(p, "betweenness"), k, v)
    {
        if (json_is_real(v)) /* eps and delta as given: 0.05, not 0.050000000000000003 */
            snprintf(val, sizeof val, "%.15g", json_real_value(v));
        else
            scalar_none(v, val, sizeof val, "");
        csv_row(f, "betweenness", "", k, val);
    }
    if (sni_privacy_shown(r)) { /* the notice, as the JSON report's `privacy` */
        json_t *n = sni_privacy_json(r);
        json_object_foreach(n, k, v)
        {
            if (json_is_object(v)) {
                const char *k2;
                json_t *v2;
                json_object_foreach(v, k2, v2)
                {
                    scalar_none(v2, val, sizeof val, "");
                    csv_row(f, "privacy", k, k2, val);
                }
                continue;
            }
            if (json_object_get(json_object_get(p, "privacy"), k))
                continue; /* a parameter, in its row above */
            scalar_none(v, val, sizeof val, "");
            csv_row(f, "privacy", "", k, json_is_null(v) ? "" : val);
        }
        json_decref(n);
    }
    for (size_t pi = 0; pi < r->an->n_partitions; pi++)
        if (r->an->not_meaningful[pi])
            csv_row(f, "not_meaningful", r->an->partitions[pi].attr, "reason",
                    r->an->not_meaningful[pi]);
    json_decref(p);
}
