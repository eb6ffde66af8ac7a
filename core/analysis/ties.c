/* ties.c - the ties of an analysis as written out: channels, times and windows (sn_analysis_ties),
 * and the drawing of its network (sn_analysis_layout).
 */
#include "samnett/analysis.h"
#include "../util/toolbox.h"

#include <stdlib.h>
#include <string.h>

void sn_network_ties_free(sn_network_ties *t)
{
    if (!t)
        return;
    sn_tie_details_free(&t->details);
    free(t->tie_start);
    free(t->tie_window);
    free(t->tie_weight);
    free(t->tie_contacts);
    free(t->node_start);
    free(t->node_window);
    memset(t, 0, sizeof *t);
}

/* One tie in one window: collected window by window, then grouped by tie. */
typedef struct entry {
    uint32_t tie, window;
    double weight, contacts;
} entry;

static sn_status oom(sn_network_ties *t, sn_err *err)
{
    sn_network_ties_free(t);
    return sn_err_set(err, SN_ENOMEM, "out of memory listing the ties");
}

/* The ties of every window, and the windows of every tie and node, as CSR lists. */
static sn_status windows(const sn_analysis *an, const int32_t *contact_tie, sn_network_ties *t,
                         sn_err *err)
{
    const sn_net *net = &an->net;
    const sn_store *s = net->store;
    const sn_temporal *tp = &an->temporal;
    size_t m = net->n_ties, n = net->n_nodes;
    double need = net->opts.min_contacts > 1 ? (double)net->opts.min_contacts : 1;
    int sum = net->opts.weight == SN_WEIGHT_SUM;
    double *w = calloc(m + 1, sizeof *w), *c = calloc(m + 1, sizeof *c);
    uint32_t *touched = malloc((m + 1) * sizeof *touched);
    uint32_t *node_seen = malloc((n + 1) * sizeof *node_seen);
    size_t n_entries = 0, cap = 0, n_node_entries = 0, node_cap = 0;
    entry *e = NULL;
    uint32_t(*ne)[2] = NULL; /* node, window */
    sn_status rc = SN_OK;
    t->tie_start = calloc(m + 1, sizeof *t->tie_start);
    t->node_start = calloc(n + 1, sizeof *t->node_start);
    if (!w || !c || !touched || !node_seen || !t->tie_start || !t->node_start) {
        rc = SN_ENOMEM;
        goto done;
    }
    for (uint32_t v = 0; v < n; v++)
        node_seen[v] = UINT32_MAX;
    for (size_t wi = 0; wi < tp->n_windows; wi++) {
        size_t lo, hi, n_touched = 0;
        sn_timeline_range(&tp->timeline, tp->windows[wi].start, tp->windows[wi].end, &lo, &hi);
        for (size_t p = lo; p < hi; p++) {
            size_t i = sn_timeline_contact(&tp->timeline, p);
            int32_t k = contact_tie[i];
            if (k < 0)
                continue;
            if (c[k] == 0)
                touched[n_touched++] = (uint32_t)k;
            c[k] += 1;
            w[k] += sum ? (double)sn_store_weight(s, i) : 1;
        }
        for (size_t j = 0; j < n_touched; j++) {
            uint32_t k = touched[j];
            if (c[k] >= need) {
                if (n_entries == cap) {
                    size_t nc = cap ? 2 * cap : 1024;
                    entry *ee = realloc(e, nc * sizeof *ee);
                    if (!ee) {
                        rc = SN_ENOMEM;
                        goto done;
                    }
                    e = ee, cap = nc;
                }
                e[n_entries++] = (entry){k, (uint32_t)wi, w[k], c[k]};
                t->tie_start[k + 1]++;
                uint32_t ends[2] = {sn_tie_from(net, k), sn_tie_to(net, k)};
                for (int x = 0; x < 2; x++) {
                    if (node_seen[ends[x]] == (uint32_t)wi)
                        continue;
                    node_seen[ends[x]] = (uint32_t)wi;
                    if (n_node_entries == node_cap) {
                        size_t nc = node_cap ? 2 * node_cap : 1024;
                        uint32_t(*nn)[2] = realloc(ne, nc * sizeof *nn);
                        if (!nn) {
                            rc = SN_ENOMEM;
                            goto done;
                        }
                        ne = nn, node_cap = nc;
                    }
                    ne[n_node_entries][0] = ends[x];
                    ne[n_node_entries++][1] = (uint32_t)wi;
                    t->node_start[ends[x] + 1]++;
                }
            }
            c[k] = w[k] = 0;
        }
    }
    /* group by tie and by node, windows in order (entries are in window order) */
    for (size_t k = 0; k < m; k++)
        t->tie_start[k + 1] += t->tie_start[k];
    for (size_t v = 0; v < n; v++)
        t->node_start[v + 1] += t->node_start[v];
    t->tie_window = malloc((n_entries + 1) * sizeof *t->tie_window);
    t->tie_weight = malloc((n_entries + 1) * sizeof *t->tie_weight);
    t->tie_contacts = malloc((n_entries + 1) * sizeof *t->tie_contacts);
    t->node_window = malloc((n_node_entries + 1) * sizeof *t->node_window);
    if (!t->tie_window || !t->tie_weight || !t->tie_contacts || !t->node_window) {
        rc = SN_ENOMEM;
        goto done;
    }
    /* touched and node_seen are reused as the next free slot of each tie and node */
    memset(touched, 0, (m + 1) * sizeof *touched);
    memset(node_seen, 0, (n + 1) * sizeof *node_seen);
    for (size_t j = 0; j < n_entries; j++) {
        size_t at = t->tie_start[e[j].tie] + touched[e[j].tie]++;
        t->tie_window[at] = e[j].window;
        t->tie_weight[at] = e[j].weight;
        t->tie_contacts[at] = e[j].contacts;
    }
    for (size_t j = 0; j < n_node_entries; j++)
        t->node_window[t->node_start[ne[j][0]] + node_seen[ne[j][0]]++] = ne[j][1];
    t->n_windows = tp->n_windows;
done:
    free(w);
    free(c);
    free(touched);
    free(node_seen);
    free(e);
    free(ne);
    return rc == SN_OK ? SN_OK : oom(t, err);
}

sn_status sn_analysis_ties(const sn_analysis *an, sn_network_ties *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    int32_t *contact_tie = NULL;
    sn_status rc = sn_net_contact_ties(&an->net, sni_threads(), &contact_tie, err);
    if (rc != SN_OK)
        return rc;
    rc = sn_net_tie_details(&an->net, contact_tie, &out->details, err);
    if (rc == SN_OK && an->has_temporal && an->temporal.has_window)
        rc = windows(an, contact_tie, out, err);
    free(contact_tie);
    if (rc != SN_OK)
        sn_network_ties_free(out);
    return rc;
}

sn_status sn_analysis_layout(const sn_analysis *an, const sn_layout_opts *opts, sn_layout *out,
                             sn_err *err)
{
    const sn_partition *groups = NULL;
    for (size_t i = 0; i < an->n_partitions && !groups; i++)
        if (strcmp(an->partitions[i].attr, "organisation") == 0)
            groups = &an->partitions[i];
    return sn_layout_compute(&an->net, groups, opts, out, err);
}
