/* removal.c - reachability lost when nodes are removed (see samnett/removal.h). */
#include "samnett/removal.h"

#include <stdlib.h>
#include <string.h>

/* Strong components of the nodes not removed (iterative Tarjan). comp[v] = UINT32_MAX if removed.
 */
typedef struct scc {
    uint32_t n_comp;
    uint32_t *comp; /* node -> component, numbered in reverse topological order */
    uint32_t *size; /* component -> nodes */
} scc;

static int tarjan(const sn_net *net, const uint8_t *removed, scc *out)
{
    uint32_t n = net->n_nodes;
    uint32_t *index = malloc((n ? n : 1) * sizeof *index);
    uint32_t *low = malloc((n ? n : 1) * sizeof *low);
    uint32_t *stack = malloc((n ? n : 1) * sizeof *stack);
    uint32_t *call = malloc((n ? n : 1) * sizeof *call);
    size_t *next = malloc((n ? n : 1) * sizeof *next);
    uint8_t *on = calloc(n ? n : 1, 1);
    out->comp = malloc((n ? n : 1) * sizeof *out->comp);
    out->size = calloc(n ? n : 1, sizeof *out->size);
    int ok = index && low && stack && call && next && on && out->comp && out->size;
    if (ok) {
        uint32_t counter = 0, sp = 0, c = 0;
        for (uint32_t v = 0; v < n; v++) {
            index[v] = UINT32_MAX;
            out->comp[v] = UINT32_MAX;
        }
        for (uint32_t root = 0; root < n; root++) {
            if (index[root] != UINT32_MAX || (removed && removed[root]))
                continue;
            uint32_t depth = 0;
            call[depth++] = root;
            index[root] = low[root] = counter++;
            next[root] = net->out_start[root];
            stack[sp++] = root;
            on[root] = 1;
            while (depth) {
                uint32_t v = call[depth - 1];
                if (next[v] < net->out_start[v + 1]) {
                    uint32_t w = sn_tie_to(net, next[v]++);
                    if (removed && removed[w])
                        continue;
                    if (index[w] == UINT32_MAX) {
                        index[w] = low[w] = counter++;
                        next[w] = net->out_start[w];
                        stack[sp++] = w;
                        on[w] = 1;
                        call[depth++] = w;
                    } else if (on[w] && index[w] < low[v]) {
                        low[v] = index[w];
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    uint32_t w;
                    do {
                        w = stack[--sp];
                        on[w] = 0;
                        out->comp[w] = c;
                        out->size[c]++;
                    } while (w != v);
                    c++;
                }
                depth--;
                if (depth) {
                    uint32_t u = call[depth - 1];
                    if (low[v] < low[u])
                        low[u] = low[v];
                }
            }
        }
        out->n_comp = c;
    }
    free(index);
    free(low);
    free(stack);
    free(call);
    free(next);
    free(on);
    return ok ? 0 : -1;
}

/*
 * Reachable ordered pairs, and optionally which groups reach which
 * (greach: n_groups * n_groups bytes). Nodes in `removed` are left out of the
 * graph; nodes in `uncounted` stay in the graph but are not counted as ends. Tarjan numbers
 * components so that every tie goes from a higher or equal number to a lower or equal one, so
 * walking components upwards sees every successor first.
 */
static int reach(const sn_net *net, const uint8_t *removed, const uint8_t *uncounted,
                 const sn_partition *part, double *pairs, uint8_t *greach)
{
    scc s = {0};
    if (tarjan(net, removed, &s) != 0) {
        free(s.comp);
        free(s.size);
        return -1;
    }
    uint32_t n = net->n_nodes, c = s.n_comp;
    /* Condensed successor lists. */
    size_t *cstart = calloc((size_t)c + 1, sizeof *cstart);
    uint32_t *csucc = malloc((net->n_ties + 1) * sizeof *csucc);
    uint32_t *members = malloc((n ? n : 1) * sizeof *members);
    size_t *mstart = calloc((size_t)c + 1, sizeof *mstart);
    int ok = cstart && csucc && members && mstart;
    if (ok) {
        /* Count, then fill, ties between different components. */
        for (size_t t = 0; t < net->n_ties; t++) {
            uint32_t x = s.comp[sn_tie_from(net, t)], y = s.comp[sn_tie_to(net, t)];
            if (x != UINT32_MAX && y != UINT32_MAX && x != y)
                cstart[x + 1]++;
        }
        for (uint32_t a = 0; a < c; a++)
            cstart[a + 1] += cstart[a];
        size_t *fill = malloc(((size_t)c + 1) * sizeof *fill);
        ok = fill != NULL;
        if (ok) {
            memcpy(fill, cstart, ((size_t)c + 1) * sizeof *fill);
            for (size_t t = 0; t < net->n_ties; t++) {
                uint32_t x = s.comp[sn_tie_from(net, t)], y = s.comp[sn_tie_to(net, t)];
                if (x != UINT32_MAX && y != UINT32_MAX && x != y)
                    csucc[fill[x]++] = y;
            }
            for (uint32_t v = 0; v < n; v++)
                if (s.comp[v] != UINT32_MAX)
                    mstart[s.comp[v] + 1]++;
            for (uint32_t a = 0; a < c; a++)
                mstart[a + 1] += mstart[a];
            memcpy(fill, mstart, ((size_t)c + 1) * sizeof *fill);
            for (uint32_t v = 0; v < n; v++)
                if (s.comp[v] != UINT32_MAX)
                    members[fill[s.comp[v]]++] = v;
            free(fill);
        }
    }
    /* Pair counts: component bitsets in blocks of 4,096 target components. */
    uint32_t *counted = ok ? calloc((size_t)c + 1, sizeof *counted) : NULL;
    ok = ok && counted;
    for (uint32_t v = 0; ok && v < n; v++)
        if (s.comp[v] != UINT32_MAX && !(uncounted && uncounted[v]))
            counted[s.comp[v]]++;
    enum { BLOCK = 4096, WORDS = BLOCK / 64 };
    uint64_t *bits = ok ? malloc(((size_t)c + 1) * WORDS * sizeof *bits) : NULL;
    ok = ok && bits;
    double total = 0;
    for (uint32_t b0 = 0; ok && b0 < c; b0 += BLOCK) {
        uint32_t b1 = b0 + BLOCK < c ? b0 + BLOCK : c;
        for (uint32_t a = 0; a < c; a++) {
            uint64_t *row = bits + (size_t)a * WORDS;
            memset(row, 0, WORDS * sizeof *row);
            if (a >= b0 && a < b1)
                row[(a - b0) / 64] |= 1ull << ((a - b0) % 64);
            for (size_t i = cstart[a]; i < cstart[a + 1]; i++) {
                const uint64_t *srow = bits + (size_t)csucc[i] * WORDS;
                for (int w = 0; w < WORDS; w++)
                    row[w] |= srow[w];
            }
            double reached = 0;
            for (int w = 0; w < WORDS; w++)
                for (uint64_t x = row[w]; x; x &= x - 1)
                    reached += counted[b0 + (uint32_t)w * 64 + (uint32_t)__builtin_ctzll(x)];
            total += (double)counted[a] * reached;
        }
    }
    /* Each node was counted as reaching itself. */
    for (uint32_t a = 0; ok && a < c; a++)
        total -= counted[a];
    if (ok)
        *pairs = total;
    /* Group reachability: groups reached by each component, as bytes per group. */
    if (ok && greach && part) {
        uint32_t g = part->n_groups;
        uint8_t *cg = calloc((size_t)c * g + 1, 1);
        ok = cg != NULL;
        for (uint32_t a = 0; ok && a < c; a++) {
            uint8_t *row = cg + (size_t)a * g;
            for (size_t i = mstart[a]; i < mstart[a + 1]; i++)
                row[part->group[members[i]]] = 1;
            for (size_t i = cstart[a]; i < cstart[a + 1]; i++) {
                const uint8_t *srow = cg + (size_t)csucc[i] * g;
                for (uint32_t h = 0; h < g; h++)
                    row[h] |= srow[h];
            }
            for (size_t i = mstart[a]; i < mstart[a + 1]; i++) {
                uint8_t *grow = greach + (size_t)part->group[members[i]] * g;
                for (uint32_t h = 0; h < g; h++)
                    grow[h] |= row[h];
            }
        }
        free(cg);
    }
    free(bits);
    free(counted);
    free(cstart);
    free(csucc);
    free(members);
    free(mstart);
    free(s.comp);
    free(s.size);
    return ok ? 0 : -1;
}

sn_status sn_reachable_pairs(const sn_net *net, const uint8_t *removed, double *pairs, sn_err *err)
{
    if (reach(net, removed, NULL, NULL, pairs, NULL) != 0)
        return sn_err_set(err, SN_ENOMEM, "out of memory counting reachable pairs");
    return SN_OK;
}

sn_status sn_removal_compute(const sn_net *net, const sn_partition *part, const uint32_t *nodes,
                             uint32_t n_nodes, sn_removal *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    uint32_t n = net->n_nodes, g = part ? part->n_groups : 0;
    uint8_t *mask = calloc(n ? n : 1, 1);
    uint8_t *before = calloc((size_t)g * g + 1, 1), *after = calloc((size_t)g * g + 1, 1);
    out->removed = malloc((n_nodes ? n_nodes : 1) * sizeof *out->removed);
    if (!mask || !before || !after || !out->removed)
        goto nomem;
    for (uint32_t i = 0; i < n_nodes; i++) {
        if (nodes[i] >= n) {
            free(mask);
            free(before);
            free(after);
            sn_removal_free(out);
            return sn_err_set(err, SN_EUSAGE, "node %u is not in the network", nodes[i]);
        }
        if (!mask[nodes[i]])
            out->removed[out->n_removed++] = nodes[i];
        mask[nodes[i]] = 1;
    }
    if (reach(net, NULL, NULL, part, &out->pairs_before, before) != 0 ||
        reach(net, mask, NULL, part, &out->pairs_after, after) != 0)
        goto nomem;
    out->pairs_lost = out->pairs_before - out->pairs_after;
    /* Remaining pairs that could reach each other before: count on the full graph, ends kept. */
    double kept_before;
    if (reach(net, NULL, mask, NULL, &kept_before, NULL) != 0)
        goto nomem;
    out->pairs_lost_between_remaining = kept_before - out->pairs_after;
    for (size_t t = 0; t < net->n_ties; t++) {
        uint32_t a = sn_tie_from(net, t), b = sn_tie_to(net, t);
        int cross = part && part->group[a] != part->group[b];
        out->cross_ties_before += cross;
        if (mask[a] || mask[b]) {
            out->ties_lost++;
            out->cross_ties_lost += cross;
        }
    }
    for (uint32_t x = 0; x < g; x++)
        for (uint32_t y = 0; y < g; y++)
            if (x != y && before[(size_t)x * g + y] && !after[(size_t)x * g + y])
                out->n_cut++;
    if (out->n_cut) {
        out->cut_from = malloc(out->n_cut * sizeof *out->cut_from);
        out->cut_to = malloc(out->n_cut * sizeof *out->cut_to);
        if (!out->cut_from || !out->cut_to)
            goto nomem;
        uint32_t k = 0;
        for (uint32_t x = 0; x < g; x++)
            for (uint32_t y = 0; y < g; y++)
                if (x != y && before[(size_t)x * g + y] && !after[(size_t)x * g + y]) {
                    out->cut_from[k] = x;
                    out->cut_to[k++] = y;
                }
    }
    free(mask);
    free(before);
    free(after);
    return SN_OK;
nomem:
    free(mask);
    free(before);
    free(after);
    sn_removal_free(out);
    return sn_err_set(err, SN_ENOMEM, "out of memory computing the removal impact");
}

void sn_removal_free(sn_removal *r)
{
    free(r->removed);
    free(r->cut_from);
    free(r->cut_to);
    memset(r, 0, sizeof *r);
}
