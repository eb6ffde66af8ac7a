/* view.c - aggregate contacts (and projected meetings) into ties and hand them to igraph. */
#include "samnett/net.h"

#include <igraph/igraph.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/events.h"

_Static_assert(sizeof(igraph_integer_t) == sizeof(int64_t),
               "sn_net.edges is handed to igraph as its integers");

void sn_view_opts_init(sn_view_opts *o)
{
    memset(o, 0, sizeof *o);
    o->level = SN_LEVEL_ACTOR;
    o->min_contacts = 1;
    o->weight = SN_WEIGHT_COUNT;
}

sn_status sn_level_parse(const char *s, sn_level *out)
{
    if (strcmp(s, "actor") == 0 || strcmp(s, "akt\xc3\xb8r") == 0)
        *out = SN_LEVEL_ACTOR;
    else if (strcmp(s, "unit") == 0 || strcmp(s, "enhet") == 0 || strcmp(s, "eining") == 0)
        *out = SN_LEVEL_UNIT;
    else if (strcmp(s, "organisation") == 0 || strcmp(s, "organization") == 0 ||
             strcmp(s, "org") == 0 || strcmp(s, "organisasjon") == 0)
        *out = SN_LEVEL_ORGANISATION;
    else
        return SN_EUSAGE;
    return SN_OK;
}

const char *sn_level_name(sn_level level)
{
    switch (level) {
    case SN_LEVEL_UNIT:
        return "unit";
    case SN_LEVEL_ORGANISATION:
        return "organisation";
    default:
        return "actor";
    }
}

size_t sn_net_group_label(const sn_store *s, uint32_t a, sn_level level, char *buf, size_t cap)
{
    const char *org = sn_store_attr(s, a, SN_ATTR_ORGANISATION);
    if (!org[0])
        org = "(no organisation)";
    if (level == SN_LEVEL_ORGANISATION)
        return (size_t)snprintf(buf, cap, "%s", org);
    const char *unit = sn_store_attr(s, a, SN_ATTR_UNIT);
    return (size_t)snprintf(buf, cap, "%s / %s", org, unit[0] ? unit : "(no unit)");
}

static sn_status assign_nodes(const sn_store *s, sn_net *net, sn_err *err)
{
    size_t na = s->n_actors;
    net->labels = sn_intern_new();
    net->node_of_actor = malloc((na ? na : 1) * sizeof *net->node_of_actor);
    if (!net->labels || !net->node_of_actor)
        return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
    char buf[1024];
    for (uint32_t a = 0; a < na; a++) {
        const char *label = buf;
        size_t len;
        if (net->opts.level == SN_LEVEL_ACTOR) {
            label = sn_store_actor_id(s, a);
            len = strlen(label);
        } else {
            len = sn_net_group_label(s, a, net->opts.level, buf, sizeof buf);
            if (len >= sizeof buf)
                len = sizeof buf - 1;
        }
        if (sn_intern_add(net->labels, label, len, &net->node_of_actor[a]) != SN_OK)
            return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
    }
    net->n_nodes = sn_intern_count(net->labels);
    net->node_size = calloc(net->n_nodes ? net->n_nodes : 1, sizeof *net->node_size);
    net->node_actor = calloc(net->n_nodes ? net->n_nodes : 1, sizeof *net->node_actor);
    if (!net->node_size || !net->node_actor)
        return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
    for (uint32_t a = na; a-- > 0;) {
        net->node_size[net->node_of_actor[a]]++;
        net->node_actor[net->node_of_actor[a]] = a; /* the first actor of each node */
    }
    return SN_OK;
}

typedef struct pair_acc {
    uint64_t key; /* from << 32 | to; UINT64_MAX = empty */
    double contacts, weight;
} pair_acc;

static int cmp_pair(const void *a, const void *b)
{
    uint64_t x = ((const pair_acc *)a)->key, y = ((const pair_acc *)b)->key;
    return x < y ? -1 : x > y;
}

static inline uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

/* Node pairs and their contacts: open addressing, at most half full. */
typedef struct pair_tab {
    pair_acc *tab;
    size_t cap, used;
} pair_tab;

static int tab_init(pair_tab *t)
{
    t->cap = 1024;
    t->used = 0;
    t->tab = malloc(t->cap * sizeof *t->tab);
    if (!t->tab)
        return -1;
    for (size_t i = 0; i < t->cap; i++)
        t->tab[i].key = UINT64_MAX;
    return 0;
}

static int tab_add(pair_tab *t, uint32_t u, uint32_t v, double contacts, double weight)
{
    uint64_t key = (uint64_t)u << 32 | v;
    size_t slot = mix(key) & (t->cap - 1);
    while (t->tab[slot].key != key && t->tab[slot].key != UINT64_MAX)
        slot = (slot + 1) & (t->cap - 1);
    if (t->tab[slot].key == UINT64_MAX) {
        if ((t->used + 1) * 2 > t->cap) {
            size_t ncap = t->cap * 2;
            pair_acc *nt = malloc(ncap * sizeof *nt);
            if (!nt)
                return -1;
            for (size_t k = 0; k < ncap; k++)
                nt[k].key = UINT64_MAX;
            for (size_t k = 0; k < t->cap; k++) {
                if (t->tab[k].key == UINT64_MAX)
                    continue;
                size_t sl = mix(t->tab[k].key) & (ncap - 1);
                while (nt[sl].key != UINT64_MAX)
                    sl = (sl + 1) & (ncap - 1);
                nt[sl] = t->tab[k];
            }
            free(t->tab);
            t->tab = nt;
            t->cap = ncap;
            slot = mix(key) & (t->cap - 1);
            while (t->tab[slot].key != UINT64_MAX)
                slot = (slot + 1) & (t->cap - 1);
        }
        t->used++;
        t->tab[slot].key = key;
        t->tab[slot].contacts = 0;
        t->tab[slot].weight = 0;
    }
    t->tab[slot].contacts += contacts;
    t->tab[slot].weight += weight;
    return 0;
}

/*
 * With few nodes (n^2 cells at most DENSE_CELLS, as at the unit or
 * organisation level) the pairs are summed in an n x n matrix instead of
 * the hash: the same additions in the same order for each pair.
 */
#define DENSE_CELLS ((size_t)1 << 18)

/* The pairs of the matrix with contacts, in (from, to) order, as a table of cap entries. */
static int dense_pairs(const double *contacts, const double *weight, uint32_t n, pair_tab *t)
{
    size_t cells = (size_t)n * n, m = 0;
    for (size_t c = 0; c < cells; c++)
        m += contacts[c] > 0;
    t->tab = malloc((m ? m : 1) * sizeof *t->tab);
    if (!t->tab)
        return -1;
    t->cap = t->used = m;
    m = 0;
    for (size_t c = 0; c < cells; c++)
        if (contacts[c] > 0)
            t->tab[m++] =
                (pair_acc){(uint64_t)(c / n) << 32 | (uint64_t)(c % n), contacts[c], weight[c]};
    return 0;
}

/* Add contacts and their weight to the pair (u, v): in the matrix when there is one. */
static int add_pair(pair_tab *t, double *dense, uint32_t nn, uint32_t u, uint32_t v,
                    double contacts, double weight)
{
    if (!dense)
        return tab_add(t, u, v, contacts, weight);
    size_t c = (size_t)u * nn + v;
    dense[c] += contacts;
    dense[(size_t)nn * nn + c] += weight;
    return 0;
}

/*
 * Whether opts->base can stand in for the contacts: an actor-level view of
 * the same store with the same time, channel and meeting filters, every
 * pair with a contact a tie, and ties weighted by their contacts. Its ties'
 * contacts (whole numbers) then add up to the contacts of each node pair.
 */
static int from_base(const sn_store *s, const sn_view_opts *o)
{
    const sn_net *b = o->base;
    if (!b || b->store != s || b->opts.level != SN_LEVEL_ACTOR || o->level == SN_LEVEL_ACTOR)
        return 0;
    const sn_view_opts *p = &b->opts;
    if (o->meetings == SN_MEETINGS_PROJECT || p->meetings != o->meetings ||
        o->weight != SN_WEIGHT_COUNT || o->min_contacts > 1 || p->min_contacts > 1 ||
        p->has_since != o->has_since || p->has_until != o->has_until ||
        p->has_channels != o->has_channels)
        return 0;
    if ((o->has_since && p->since != o->since) || (o->has_until && p->until != o->until))
        return 0;
    return !o->has_channels || memcmp(p->channels, o->channels, sizeof o->channels) == 0;
}

/* Out- and in-adjacency offsets over the sorted tie list. O(n + m). */
static sn_status build_adjacency(sn_net *net)
{
    uint32_t n = net->n_nodes;
    size_t m = net->n_ties;
    net->out_start = calloc((size_t)n + 1, sizeof *net->out_start);
    net->in_start = calloc((size_t)n + 1, sizeof *net->in_start);
    net->in_tie = malloc((m ? m : 1) * sizeof *net->in_tie);
    if (!net->out_start || !net->in_start || !net->in_tie)
        return SN_ENOMEM;
    for (size_t k = 0; k < m; k++) {
        net->out_start[sn_tie_from(net, k) + 1]++;
        net->in_start[sn_tie_to(net, k) + 1]++;
    }
    for (uint32_t v = 0; v < n; v++) {
        net->out_start[v + 1] += net->out_start[v];
        net->in_start[v + 1] += net->in_start[v];
    }
    /* Ties are sorted by (from, to), so filling in order keeps each in-list sorted by from. */
    size_t *fill = malloc(((size_t)n + 1) * sizeof *fill);
    if (!fill)
        return SN_ENOMEM;
    memcpy(fill, net->in_start, ((size_t)n + 1) * sizeof *fill);
    for (size_t k = 0; k < m; k++)
        net->in_tie[fill[sn_tie_to(net, k)]++] = (uint32_t)k;
    free(fill);
    return SN_OK;
}

int64_t sn_net_tie(const sn_net *net, uint32_t a, uint32_t b)
{
    size_t lo = net->out_start[a], hi = net->out_start[a + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t t = sn_tie_to(net, mid);
        if (t == b)
            return (int64_t)mid;
        if (t < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

sn_status sn_meeting_mode_parse(const char *s, sn_meeting_mode *out)
{
    if (strcmp(s, "rows") == 0)
        *out = SN_MEETINGS_ROWS;
    else if (strcmp(s, "project") == 0 || strcmp(s, "projection") == 0)
        *out = SN_MEETINGS_PROJECT;
    else if (strcmp(s, "off") == 0)
        *out = SN_MEETINGS_OFF;
    else
        return SN_EUSAGE;
    return SN_OK;
}

const char *sn_meeting_mode_name(sn_meeting_mode mode)
{
    switch (mode) {
    case SN_MEETINGS_PROJECT:
        return "project";
    case SN_MEETINGS_OFF:
        return "off";
    default:
        return "rows";
    }
}

/*
 * The clique projection of each meeting (see SN_MEETINGS_PROJECT in net.h).
 * O(meeting rows + sum of k^2 over meetings).
 */
static int project_meetings(const sn_store *s, const sn_events *ev, sn_net *net, pair_tab *t)
{
    const sn_view_opts *o = &net->opts;
    uint32_t *stamp = calloc(net->n_nodes ? net->n_nodes : 1, sizeof *stamp);
    size_t longest = 0;
    for (uint32_t m = 0; m < ev->n_meetings; m++)
        if (ev->meeting_start[m + 1] - ev->meeting_start[m] > longest)
            longest = ev->meeting_start[m + 1] - ev->meeting_start[m];
    uint32_t *nodes = malloc((2 * longest + 1) * sizeof *nodes);
    if (!stamp || !nodes) {
        free(stamp);
        free(nodes);
        return -1;
    }
    const uint32_t *node = net->node_of_actor;
    for (uint32_t m = 0; m < ev->n_meetings; m++) {
        size_t nr, k = 0;
        long rows = 0;
        double wsum = 0;
        const uint32_t *r = sn_events_meeting(ev, m, &nr);
        for (size_t j = 0; j < nr; j++) {
            uint32_t i = r[j];
            if (!sn_view_keeps(o, s, i))
                continue;
            rows++;
            wsum += sn_store_weight(s, i);
            uint32_t ends[2] = {node[s->from[i]], node[s->to[i]]};
            for (int e = 0; e < 2; e++)
                if (stamp[ends[e]] != m + 1) {
                    stamp[ends[e]] = m + 1;
                    nodes[k++] = ends[e];
                }
        }
        net->contacts_in_window += rows;
        if (k < 2) {
            /* one node: the rows are self-contacts or contacts inside a group */
            for (size_t j = 0; j < nr; j++)
                if (sn_view_keeps(o, s, r[j])) {
                    if (s->from[r[j]] == s->to[r[j]])
                        net->self_contacts++;
                    else
                        net->within_group++;
                }
            continue;
        }
        net->meeting_rows += rows;
        net->meetings_projected++;
        double share = 1.0 / (double)(k - 1), w = wsum / (double)rows * share;
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < k; b++)
                if (a != b && tab_add(t, nodes[a], nodes[b], share, w) != 0) {
                    free(stamp);
                    free(nodes);
                    return -1;
                }
    }
    free(stamp);
    free(nodes);
    return 0;
}

sn_status sn_net_build(const sn_store *s, const sn_view_opts *opts, sn_net *net, sn_err *err)
{
    memset(net, 0, sizeof *net);
    net->store = s;
    net->opts = *opts;
    net->opts.events = NULL; /* read during the build only */
    net->opts.base = NULL;
    sn_status rc = assign_nodes(s, net, err);
    if (rc != SN_OK) {
        sn_net_free(net);
        return rc;
    }
    pair_tab t;
    const uint32_t *node = net->node_of_actor;
    sn_meeting_mode mode = opts->meetings;
    uint32_t nn = net->n_nodes;
    /* projected shares are fractions: their sums below the threshold stay in the hash's order */
    double *dense = NULL;
    if (mode != SN_MEETINGS_PROJECT && nn > 0 && (size_t)nn * nn <= DENSE_CELLS) {
        dense = calloc(2 * (size_t)nn * nn, sizeof *dense);
        t.tab = NULL;
    }
    if (!dense && tab_init(&t) != 0) {
        sn_net_free(net);
        return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
    }
    const sn_net *base = from_base(s, opts) ? opts->base : NULL;
    if (base) {
        /* the actor-level view's ties summed by node pair, and its counts */
        net->contacts_in_window = base->contacts_in_window;
        net->meeting_rows = base->meeting_rows;
        net->self_contacts = base->self_contacts;
        net->within_group = base->within_group;
    }
    for (size_t k = 0; base && k < base->n_ties; k++) {
        uint32_t u = node[base->node_actor[sn_tie_from(base, k)]];
        uint32_t v = node[base->node_actor[sn_tie_to(base, k)]];
        double c = base->tie_contacts[k];
        if (u == v) {
            net->within_group += (long)c;
        } else if (add_pair(&t, dense, nn, u, v, c, c) != 0) {
            free(t.tab);
            sn_net_free(net);
            return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
        }
    }
    for (size_t i = 0; !base && i < s->n; i++) {
        if ((i & 0xfffff) == 0xfffff) /* spilled columns: see sn_store_release */
            sn_store_release_rows(s, i - 0xfffff, i);
        if (mode == SN_MEETINGS_PROJECT && sn_store_meeting(s, i))
            continue; /* below, meeting by meeting */
        if (!sn_view_keeps(opts, s, i))
            continue;
        long cnt = s->count ? (long)s->count[i] : 1; /* a tie-table row: its contacts */
        net->contacts_in_window += cnt;
        if (mode == SN_MEETINGS_OFF && sn_store_meeting(s, i)) {
            net->meeting_rows += cnt;
            continue;
        }
        if (s->from[i] == s->to[i]) {
            net->self_contacts += cnt;
            continue;
        }
        uint32_t u = node[s->from[i]], v = node[s->to[i]];
        if (u == v) {
            net->within_group += cnt;
            continue;
        }
        if (add_pair(&t, dense, nn, u, v, (double)cnt, sn_store_wsum(s, i)) != 0) {
            free(t.tab);
            sn_net_free(net);
            return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
        }
    }
    if (dense) {
        int bad = dense_pairs(dense, dense + (size_t)nn * nn, nn, &t);
        free(dense);
        if (bad) {
            sn_net_free(net);
            return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
        }
    }
    if (mode == SN_MEETINGS_PROJECT && sn_intern_count(s->meetings) > 0) {
        sn_events own;
        const sn_events *ev = opts->events;
        if (!ev) {
            rc = sn_events_build(s, &own, err);
            if (rc != SN_OK) {
                free(t.tab);
                sn_net_free(net);
                return rc;
            }
            ev = &own;
        }
        int bad = project_meetings(s, ev, net, &t);
        if (ev == &own)
            sn_events_free(&own);
        if (bad) {
            free(t.tab);
            sn_net_free(net);
            return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
        }
    }
    /* Compact, drop pairs under the threshold, sort by (from, to). A threshold
       of 0 or 1 keeps every pair with a contact (projected shares may be < 1). */
    pair_acc *tab = t.tab;
    size_t m = 0;
    double below = 0, in_ties = 0;
    double min = opts->min_contacts > 1 ? (double)opts->min_contacts - 1e-9 : 0;
    for (size_t k = 0; k < t.cap; k++) {
        if (tab[k].key == UINT64_MAX)
            continue;
        if (tab[k].contacts < min) {
            below += tab[k].contacts;
            continue;
        }
        tab[m++] = tab[k];
    }
    net->below_threshold = (long)(below + 0.5);
    qsort(tab, m, sizeof *tab, cmp_pair);
    net->n_ties = m;
    net->edges = malloc((2 * m + 1) * sizeof *net->edges);
    net->tie_contacts = malloc((m + 1) * sizeof *net->tie_contacts);
    net->tie_weight = malloc((m + 1) * sizeof *net->tie_weight);
    if (!net->edges || !net->tie_contacts || !net->tie_weight) {
        free(tab);
        sn_net_free(net);
        return sn_err_set(err, SN_ENOMEM, "out of memory building the network");
    }
    for (size_t k = 0; k < m; k++) {
        net->edges[2 * k] = (int64_t)(tab[k].key >> 32);
        net->edges[2 * k + 1] = (igraph_integer_t)(tab[k].key & 0xffffffffu);
        net->tie_contacts[k] = tab[k].contacts;
        net->tie_weight[k] = opts->weight == SN_WEIGHT_SUM ? tab[k].weight : tab[k].contacts;
        in_ties += tab[k].contacts;
    }
    net->contacts_in_ties = (long)(in_ties + 0.5);
    free(tab);
    rc = build_adjacency(net);
    if (rc != SN_OK) {
        sn_net_free(net);
        return sn_err_set(err, rc, "out of memory building the network");
    }

    igraph_vector_int_t ev;
    igraph_vector_int_view(&ev, net->edges, (igraph_integer_t)(2 * m));
    net->graph = malloc(sizeof *net->graph);
    if (!net->graph ||
        igraph_create(net->graph, &ev, net->n_nodes, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        free(net->graph);
        net->graph = NULL;
        sn_net_free(net);
        return sn_err_set(err, SN_ENOMEM, "igraph could not create the network");
    }
    return SN_OK;
}

void sn_net_free(sn_net *net)
{
    if (net->graph) {
        igraph_destroy(net->graph);
        free(net->graph);
    }
    sn_intern_free(net->labels);
    free(net->node_of_actor);
    free(net->node_size);
    free(net->node_actor);
    free(net->edges);
    free(net->tie_contacts);
    free(net->tie_weight);
    free(net->out_start);
    free(net->in_start);
    free(net->in_tie);
    memset(net, 0, sizeof *net);
}

const char *sn_net_label(const sn_net *net, uint32_t node)
{
    return sn_intern_str(net->labels, node);
}

const igraph_t *sn_net_graph(const sn_net *net)
{
    return net->graph;
}

void sn_net_weights(const sn_net *net, igraph_vector_t *w)
{
    igraph_vector_view(w, net->tie_weight, (igraph_integer_t)net->n_ties);
}
