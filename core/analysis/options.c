/* options.c - the analysis's own options, by key (samnett/option.h). */
#include <stdio.h>
#include <string.h>

#include "samnett/analysis.h"

static sn_opt_answer set_partition(const sn_opt *o, void *opts, const char *v, char *why,
                                   size_t cap)
{
    (void)o;
    sn_analysis_opts *a = opts;
    if (a->n_partitions == SN_MAX_PARTITIONS) {
        snprintf(why, cap, "at most %d", SN_MAX_PARTITIONS);
        return SN_OPT_TOO_MANY;
    }
    if (!v[0])
        return SN_OPT_EMPTY;
    a->partitions[a->n_partitions++] = v;
    return SN_OPT_OK;
}

const sn_opt sn_analysis_options[] = {
    {"partition", NULL, SN_OPT_TEXT, SN_OPT_REPEAT, "organisation", 0, 0, "an attribute name",
     "group nodes by an attribute for silo measures (repeatable)", NULL, set_partition, 0},
};
const size_t sn_analysis_n_options = sizeof sn_analysis_options / sizeof *sn_analysis_options;

sn_status sn_analysis_opts_set(sn_analysis_opts *o, const char *key, const char *value, sn_err *err)
{
    return sn_opt_set(sn_analysis_options, sn_analysis_n_options, o, key, value, NULL, err);
}

/* Whether some actor from an actors file has a value for the attribute name. */
static int attr_has_values(const sn_store *s, const char *name)
{
    if (strcmp(name, "id") == 0)
        return 1;
    for (size_t i = 0; i < s->n_actors; i++) {
        if (s->actors[i].auto_created)
            continue;
        const char *v = sn_store_attr_named(s, (uint32_t)i, name);
        if (v && v[0])
            return 1;
    }
    return 0;
}

int sn_analysis_has_organisations(const sn_store *s)
{
    return attr_has_values(s, "organisation");
}

/* The attributes the actors have values for, comma-separated, into buf. */
static void attr_list(const sn_store *s, char *buf, size_t cap)
{
    static const char *const std_names[] = {"name", "type", "organisation",
                                            "unit", "rank", "profession"};
    size_t n = 0;
    buf[0] = '\0';
    for (size_t a = 0; a < sizeof std_names / sizeof *std_names; a++)
        if (attr_has_values(s, std_names[a]) && n < cap)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", std_names[a]);
    for (size_t i = 0; i < s->n_extra && n < cap; i++) {
        const char *key = sn_intern_str(s->strings, s->extra_key[i]);
        /* each extra column once: the first actor that has it names it */
        size_t j = 0;
        while (j < i && s->extra_key[j] != s->extra_key[i])
            j++;
        if (j == i && s->extra_val[i] && sn_intern_str(s->strings, s->extra_val[i])[0])
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", key);
    }
}

sn_status sn_analysis_check(const sn_store *s, const sn_analysis_opts *o, sn_err *err)
{
    for (size_t i = 0; i < o->n_partitions; i++) {
        if (attr_has_values(s, o->partitions[i]))
            continue;
        char list[900];
        attr_list(s, list, sizeof list);
        if (!list[0])
            return sn_err_set(err, SN_EINPUT,
                              "%s '%s': no actor has this attribute, and the actors have no "
                              "attributes at all (no actors file was read?); expected an actors "
                              "file with the column '%s'",
                              sn_opt_shown("partition"), o->partitions[i], o->partitions[i]);
        return sn_err_set(err, SN_EINPUT,
                          "%s '%s': no actor has this attribute; expected one the actors have: "
                          "%s (or id)",
                          sn_opt_shown("partition"), o->partitions[i], list);
    }
    return SN_OK;
}
