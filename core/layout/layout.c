/*
 * layout.c - x, y for every node of a view (samnett/layout.h): start
 * positions by group (or from a previous layout), then igraph's
 * Fruchterman-Reingold.
 */
#include "../util/toolbox.h"
#include "samnett/layout.h"

#include "../util/rng.h"

#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GOLDEN_ANGLE 2.39996322972865332 /* pi (3 - sqrt 5) */
/* The groups' discs fill this share of the grid's square (a disc of radius side/2 is pi/4). */
#define FILL 0.7

typedef struct start {
    uint32_t n, n_groups;
    const uint32_t *group;    /* node -> group, or NULL: one group */
    double *cx, *cy, *radius; /* per group: the fresh disc */
} start;

static uint32_t group_of(const start *s, uint32_t v)
{
    return s->group ? s->group[v] : 0;
}

/* A uniform point of the disc (cx, cy, r). */
static void in_disc(rng *r, double cx, double cy, double radius, double *x, double *y)
{
    double rho = radius * sqrt(rng_unit(r)), theta = 2 * M_PI * rng_unit(r);
    *x = cx + rho * cos(theta);
    *y = cy + rho * sin(theta);
}

/* Keys (UINT32_MAX - size) << 32 | group sort the largest group first, then by number. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * Each group's disc: area FILL * side^2 * size / n. The largest group sits in
 * the middle; each next one (by size) just outside the disc that holds the
 * area of the groups before it, turned by the golden angle from the last (a
 * sunflower). The whole is then shrunk, if need be, into the square.
 */
static sn_status group_discs(start *s, sn_err *err)
{
    uint32_t k = s->n_groups;
    uint32_t *size = calloc(k, sizeof *size);
    uint64_t *order = malloc(k * sizeof *order);
    s->cx = malloc(k * sizeof *s->cx);
    s->cy = malloc(k * sizeof *s->cy);
    s->radius = malloc(k * sizeof *s->radius);
    if (!size || !order || !s->cx || !s->cy || !s->radius) {
        free(size), free(order);
        return sn_err_set(err, SN_ENOMEM, "out of memory laying out the network");
    }
    for (uint32_t v = 0; v < s->n; v++)
        size[group_of(s, v)]++;
    for (uint32_t g = 0; g < k; g++)
        order[g] = (uint64_t)(UINT32_MAX - size[g]) << 32 | g;
    qsort(order, k, sizeof *order, cmp_u64);
    double unit = FILL * (double)s->n / M_PI; /* radius^2 of the disc of every node */
    double before = 0, extent = 0;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t g = (uint32_t)order[i];
        double share = (double)size[g] / s->n;
        s->radius[g] = sqrt(unit * share);
        double r = i == 0 ? 0 : sqrt(unit * before) + s->radius[g];
        s->cx[g] = r * cos(i * GOLDEN_ANGLE);
        s->cy[g] = r * sin(i * GOLDEN_ANGLE);
        extent = fmax(extent, fmax(fabs(s->cx[g]), fabs(s->cy[g])) + s->radius[g]);
        before += share;
    }
    double half = sqrt((double)s->n) / 2;
    if (extent > half) {
        double shrink = half / extent;
        for (uint32_t g = 0; g < k; g++)
            s->cx[g] *= shrink, s->cy[g] *= shrink, s->radius[g] *= shrink;
    }
    free(size), free(order);
    return SN_OK;
}

/*
 * Start from the previous layout: a node at the mean of its actors' previous
 * positions (scaled to this node count); a node without one next to a placed
 * node of its group (within 1), else in its group's disc.
 */
static sn_status from_previous(const sn_net *net, const start *s, const sn_layout *prev, rng *r,
                               double *x, double *y, sn_err *err)
{
    uint32_t n = s->n, k = s->n_groups;
    uint32_t *count = calloc(n, sizeof *count);
    uint32_t *first = calloc((size_t)k + 1, sizeof *first); /* placed nodes by group */
    uint32_t *placed = malloc(n * sizeof *placed);
    if (!count || !first || !placed) {
        free(count), free(first), free(placed);
        return sn_err_set(err, SN_ENOMEM, "out of memory laying out the network");
    }
    memset(x, 0, n * sizeof *x);
    memset(y, 0, n * sizeof *y);
    double scale = prev->n_nodes ? sqrt((double)n / prev->n_nodes) : 1;
    size_t na = net->store->n_actors < prev->n_actors ? net->store->n_actors : prev->n_actors;
    for (size_t a = 0; a < na; a++) {
        uint32_t v = net->node_of_actor[a], pv = prev->node_of_actor[a];
        if (v >= n || pv >= prev->n_nodes)
            continue;
        x[v] += prev->x[pv];
        y[v] += prev->y[pv];
        count[v]++;
    }
    for (uint32_t v = 0; v < n; v++)
        if (count[v]) {
            x[v] = scale * x[v] / count[v];
            y[v] = scale * y[v] / count[v];
            first[group_of(s, v) + 1]++;
        }
    for (uint32_t g = 0; g < k; g++)
        first[g + 1] += first[g];
    uint32_t *fill = calloc(k ? k : 1, sizeof *fill);
    if (!fill) {
        free(count), free(first), free(placed);
        return sn_err_set(err, SN_ENOMEM, "out of memory laying out the network");
    }
    for (uint32_t v = 0; v < n; v++)
        if (count[v]) {
            uint32_t g = group_of(s, v);
            placed[first[g] + fill[g]++] = v;
        }
    for (uint32_t v = 0; v < n; v++) {
        if (count[v])
            continue;
        uint32_t g = group_of(s, v), have = first[g + 1] - first[g];
        if (have) {
            uint32_t u = placed[first[g] + rng_below(r, have)];
            in_disc(r, x[u], y[u], 1, &x[v], &y[v]);
        } else {
            in_disc(r, s->cx[g], s->cy[g], s->radius[g], &x[v], &y[v]);
        }
    }
    free(count), free(first), free(placed), free(fill);
    return SN_OK;
}

/*
 * The ties' pull: 1 each, or with `weighted` their weights over the mean
 * positive weight (0 for none); times group_pull for a tie inside a group.
 */
static sn_status pull_weights(const sn_net *net, const sn_partition *groups,
                              const sn_layout_opts *o, igraph_vector_t *w, sn_err *err)
{
    if (igraph_vector_init(w, (igraph_integer_t)net->n_ties) != IGRAPH_SUCCESS)
        return sn_err_set(err, SN_ENOMEM, "out of memory laying out the network");
    double sum = 0;
    size_t used = 0;
    for (size_t e = 0; e < net->n_ties; e++)
        if (net->tie_weight[e] > 0 && isfinite(net->tie_weight[e]))
            sum += net->tie_weight[e], used++;
    double mean = used ? sum / used : 1;
    for (size_t e = 0; e < net->n_ties; e++) {
        double t = net->tie_weight[e];
        double pull = !o->weighted ? 1 : t > 0 && isfinite(t) ? t / mean : 0;
        if (groups && groups->group[sn_tie_from(net, e)] == groups->group[sn_tie_to(net, e)])
            pull *= o->group_pull;
        VECTOR(*w)[e] = pull;
    }
    return SN_OK;
}

/* Fruchterman-Reingold from the positions in res, on a generator of its own. */
static sn_status run_fr(const sn_net *net, const sn_partition *groups, const sn_layout_opts *o,
                        double temp, igraph_matrix_t *res, sn_err *err)
{
    igraph_vector_t w;
    int weighted = (o->weighted || (groups && o->group_pull != 1)) && net->n_ties;
    if (weighted) {
        sn_status st = pull_weights(net, groups, o, &w, err);
        if (st != SN_OK)
            return st;
    }
    igraph_rng_t own;
    if (igraph_rng_init(&own, &igraph_rngtype_pcg32) != IGRAPH_SUCCESS) {
        if (weighted)
            igraph_vector_destroy(&w);
        return sn_err_set(err, SN_ENOMEM, "out of memory laying out the network");
    }
    igraph_rng_seed(&own, (igraph_uint_t)o->seed);
    /* igraph_rng_set_default copies the generator (its type and a pointer to its state): keep a
       copy of the default's to put back, its state untouched by the run */
    igraph_rng_t saved = *igraph_rng_default();
    igraph_rng_set_default(&own);
    igraph_layout_grid_t grid = o->grid == SN_LAYOUT_GRID_ON    ? IGRAPH_LAYOUT_GRID
                                : o->grid == SN_LAYOUT_GRID_OFF ? IGRAPH_LAYOUT_NOGRID
                                                                : IGRAPH_LAYOUT_AUTOGRID;
    igraph_error_t rc = igraph_layout_fruchterman_reingold(
        sn_net_graph(net), res, 1, (igraph_integer_t)o->iterations, temp, grid,
        weighted ? &w : NULL, NULL, NULL, NULL, NULL);
    igraph_rng_set_default(&saved);
    igraph_rng_destroy(&own);
    if (weighted)
        igraph_vector_destroy(&w);
    return rc == IGRAPH_SUCCESS ? SN_OK : sni_igraph_status(err, "the network's layout", rc);
}

static sn_status check_opts(const sn_net *net, const sn_partition *groups, const sn_layout_opts *o,
                            sn_err *err)
{
    if (o->iterations < 0)
        return sn_err_set(err, SN_EINPUT, "%s must be >= 0", sn_opt_shown("layout_iterations"));
    if (!(o->temperature > 0) || !isfinite(o->temperature))
        return sn_err_set(err, SN_EINPUT, "%s must be > 0", sn_opt_shown("layout_temperature"));
    if (!(o->restart_temperature > 0) || !isfinite(o->restart_temperature))
        return sn_err_set(err, SN_EINPUT, "%s must be > 0",
                          sn_opt_shown("layout_restart_temperature"));
    if (groups && groups->n_nodes != net->n_nodes)
        return sn_err_set(err, SN_EINPUT, "the partition has %u nodes, the network %u",
                          groups->n_nodes, net->n_nodes);
    if (groups)
        for (uint32_t v = 0; v < net->n_nodes; v++)
            if (groups->group[v] >= groups->n_groups)
                return sn_err_set(err, SN_EINPUT, "node %u is in group %u of %u", v,
                                  groups->group[v], groups->n_groups);
    const sn_layout *p = o->previous;
    if (p && ((p->n_nodes && (!p->x || !p->y)) || (p->n_actors && !p->node_of_actor)))
        return sn_err_set(err, SN_EINPUT, "the previous layout is incomplete");
    return SN_OK;
}

sn_status sn_layout_compute(const sn_net *net, const sn_partition *groups,
                            const sn_layout_opts *opts, sn_layout *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    sn_status st = check_opts(net, groups, opts, err);
    if (st != SN_OK)
        return st;
    uint32_t n = net->n_nodes;
    size_t na = net->store->n_actors;
    out->x = malloc((n ? n : 1) * sizeof *out->x);
    out->y = malloc((n ? n : 1) * sizeof *out->y);
    out->node_of_actor = malloc((na ? na : 1) * sizeof *out->node_of_actor);
    if (!out->x || !out->y || !out->node_of_actor) {
        sn_layout_free(out);
        return sn_err_set(err, SN_ENOMEM, "out of memory laying out the network");
    }
    out->n_nodes = n;
    out->n_actors = (uint32_t)na;
    if (na)
        memcpy(out->node_of_actor, net->node_of_actor, na * sizeof *out->node_of_actor);
    if (n == 0)
        return SN_OK;

    start s = {n, groups ? groups->n_groups : 1, groups ? groups->group : NULL, NULL, NULL, NULL};
    if (s.n_groups == 0)
        s.n_groups = 1, s.group = NULL;
    rng r;
    rng_seed_from(&r, opts->seed);
    igraph_matrix_t res;
    int have_res = 0;
    st = group_discs(&s, err);
    if (st != SN_OK)
        goto done;
    if (opts->previous) {
        st = from_previous(net, &s, opts->previous, &r, out->x, out->y, err);
        if (st != SN_OK)
            goto done;
    } else {
        for (uint32_t v = 0; v < n; v++) {
            uint32_t g = group_of(&s, v);
            in_disc(&r, s.cx[g], s.cy[g], s.radius[g], &out->x[v], &out->y[v]);
        }
    }
    if (igraph_matrix_init(&res, n, 2) != IGRAPH_SUCCESS) {
        st = sn_err_set(err, SN_ENOMEM, "out of memory laying out the network");
        goto done;
    }
    have_res = 1;
    for (uint32_t v = 0; v < n; v++) {
        MATRIX(res, v, 0) = out->x[v];
        MATRIX(res, v, 1) = out->y[v];
    }
    double temp =
        (opts->previous ? opts->restart_temperature : opts->temperature) * sqrt((double)n);
    st = run_fr(net, s.group ? groups : NULL, opts, temp, &res, err);
    if (st != SN_OK)
        goto done;
    /* to the start's spread: the root mean square distance from the origin */
    double before = 0, after = 0;
    for (uint32_t v = 0; v < n; v++) {
        before += out->x[v] * out->x[v] + out->y[v] * out->y[v];
        after += MATRIX(res, v, 0) * MATRIX(res, v, 0) + MATRIX(res, v, 1) * MATRIX(res, v, 1);
    }
    double scale = after > 0 && before > 0 ? sqrt(before / after) : 1;
    for (uint32_t v = 0; v < n; v++) {
        out->x[v] = scale * MATRIX(res, v, 0);
        out->y[v] = scale * MATRIX(res, v, 1);
    }
done:
    if (have_res)
        igraph_matrix_destroy(&res);
    free(s.cx), free(s.cy), free(s.radius);
    if (st != SN_OK)
        sn_layout_free(out);
    return st;
}

void sn_layout_free(sn_layout *l)
{
    if (!l)
        return;
    free(l->x);
    free(l->y);
    free(l->node_of_actor);
    memset(l, 0, sizeof *l);
}

int sn_layout_actor_position(const sn_layout *l, uint32_t actor, double *x, double *y)
{
    if (actor >= l->n_actors || l->node_of_actor[actor] >= l->n_nodes)
        return -1;
    *x = l->x[l->node_of_actor[actor]];
    *y = l->y[l->node_of_actor[actor]];
    return 0;
}
