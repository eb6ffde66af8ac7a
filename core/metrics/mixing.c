/* mixing.c - contact counts between groups of actors. */
#include "samnett/mixing.h"

#include <stdlib.h>
#include <string.h>

sn_status sn_mix_compute(const sn_net *net, const char *attr, sn_mix *out, sn_err *err)
{
    const sn_store *s = net->store;
    memset(out, 0, sizeof *out);
    uint32_t *group = malloc((s->n_actors ? s->n_actors : 1) * sizeof *group);
    sn_intern *names = sn_intern_new();
    if (!group || !names) {
        free(group);
        sn_intern_free(names);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    for (uint32_t a = 0; a < s->n_actors; a++) {
        const char *v = sn_store_attr_named(s, a, attr);
        if (!v)
            v = "";
        if (sn_intern_add(names, v, strlen(v), &group[a]) != SN_OK) {
            free(group);
            sn_intern_free(names);
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        }
    }
    uint32_t k = sn_intern_count(names);
    out->n_groups = k;
    out->labels = calloc(k ? k : 1, sizeof *out->labels);
    out->contacts = calloc((size_t)k * k + 1, sizeof *out->contacts);
    if (!out->labels || !out->contacts) {
        free(group);
        sn_intern_free(names);
        sn_mix_free(out);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    /* Labels must outlive the local interner: point at the store's copy of each value. */
    for (uint32_t a = 0; a < s->n_actors; a++) {
        if (!out->labels[group[a]]) {
            const char *v = sn_store_attr_named(s, a, attr);
            out->labels[group[a]] = v ? v : "";
        }
    }
    const sn_view_opts *o = &net->opts;
    for (size_t i = 0; i < s->n; i++) {
        if (!sn_view_keeps(o, s, i) || s->from[i] == s->to[i] ||
            (o->meetings == SN_MEETINGS_OFF && sn_store_meeting(s, i)))
            continue;
        double c = sn_store_count(s, i); /* a tie-table row: its contacts */
        out->contacts[(size_t)group[s->from[i]] * k + group[s->to[i]]] += c;
        out->total += c;
    }
    sn_store_release(s); /* spilled columns: see sn_store_release */
    free(group);
    sn_intern_free(names);
    return SN_OK;
}

void sn_mix_free(sn_mix *m)
{
    free(m->labels);
    free(m->contacts);
    memset(m, 0, sizeof *m);
}
