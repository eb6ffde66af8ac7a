/*
 * samnett/layout.h - a drawing of the network: x, y for every node, for the
 * map and the exports.
 *
 * Method: igraph's Fruchterman-Reingold (igraph_layout_fruchterman_reingold;
 * Fruchterman and Reingold 1991), the grid variant for large networks,
 * started from a seeded position for every node (use_seed):
 *   - fresh, each group of the partition (organisation) gets a disc of
 *     area proportional to its size, the largest group in the middle and
 *     each next one (by size) just outside the disc that holds the groups
 *     before it, turned by the golden angle from the last (a sunflower), and
 *     its nodes are spread uniformly over the disc; without a partition all
 *     nodes share one disc. The whole is shrunk, if need be, into the square
 *     of side sqrt(n) around the origin, the frame of igraph's grid.
 *   - from a previous layout (opts.previous, a layout of another window
 *     or level of the same store), a node starts where its actors were (the
 *     mean of their previous nodes' positions, scaled by
 *     sqrt(n / previous n) when the node counts differ); a node none of whose
 *     actors was placed starts next to a previously placed node of its group,
 *     or in its group's fresh disc when there is none. The run starts cooler
 *     (restart_temperature), so a window's drawing moves little from the
 *     last one.
 * Every tie pulls its two ends together (by its weight when `weighted`,
 * scaled so that the mean tie weight is 1), a tie inside a group group_pull
 * times harder (8 by default), so that each group keeps together and the
 * ties between groups show as the lines between clusters; every pair of nodes pushes apart
 * (only pairs in neighbouring cells of side 2 with the grid). The start
 * temperature, the largest move along an axis in the first step, is
 * temperature * sqrt(n) and falls linearly to 0 over the iterations.
 * The drawing is then scaled about the origin to the start's spread (the
 * root mean square distance from the origin), so that it fills the square
 * like the start whatever the ties' pull, and the next window starts from
 * positions spread over igraph's grid (a dense start would crowd its cells).
 * From a previous layout, a node moves at most about restart_temperature *
 * sqrt(n) * iterations / 2 along an axis before that scaling.
 *
 * Determinism: the start positions come from the engine's generator
 * (core/util/rng.h) seeded with opts.seed; igraph's FR also draws a
 * negligible noise (< 1e-9 per step) from igraph's default generator, so the
 * call runs igraph on a generator of its own seeded with opts.seed and puts
 * the default back afterwards: the result is the same for a seed, and the
 * state of igraph's default generator (which the analysis seeds) is left
 * as it was. Like all igraph calls, not to be run from two threads at once.
 *
 * Cost: O(iterations (n + m)) with the grid (igraph files the nodes into
 * its cells once, by their start positions: a few nodes a cell), O(iterations
 * n^2) without; memory O(n + actors). At actor level with the defaults, the
 * synth region (2 million contacts, 2,016 actors, 17,184 ties, 138
 * organisations) takes about 0.05 s, the national one (11 million contacts,
 * 10,844 actors, 96,671 ties, 449 organisations) about 0.3 s.
 */
#ifndef SAMNETT_LAYOUT_H
#define SAMNETT_LAYOUT_H

#include <stdint.h>

#include "samnett/error.h"
#include "samnett/net.h"
#include "samnett/option.h"
#include "samnett/partition.h"

typedef enum sn_layout_grid {
    SN_LAYOUT_GRID_AUTO, /* the grid above 1,000 nodes (igraph's rule) */
    SN_LAYOUT_GRID_ON,
    SN_LAYOUT_GRID_OFF
} sn_layout_grid;

typedef struct sn_layout sn_layout;

typedef struct sn_layout_opts {
    long iterations;            /* default 100 */
    uint64_t seed;              /* default 1 */
    sn_layout_grid grid;        /* default SN_LAYOUT_GRID_AUTO */
    int weighted;               /* ties pull by their weight; default 0 (all alike) */
    double temperature;         /* start temperature / sqrt(n); default 0.1 (igraph's) */
    double restart_temperature; /* the same from a previous layout; default 0.001 */
    double group_pull;          /* ties inside a group pull this many times harder; default 8 */
    /* Optional: start from this layout of the same store (read during the call only). */
    const sn_layout *previous;
} sn_layout_opts;

struct sn_layout {
    uint32_t n_nodes;
    double *x, *y; /* n_nodes */
    /* The net's actor -> node (a copy), so that positions can be found by actor. */
    uint32_t n_actors;
    uint32_t *node_of_actor;
};

void sn_layout_opts_init(sn_layout_opts *o);
/*
 * The layout's options (samnett/option.h): layout_iterations, layout_seed,
 * layout_grid (auto, on, off), layout_weighted, layout_temperature,
 * layout_restart_temperature, layout_group_pull. Messages name the key.
 */
extern const sn_opt sn_layout_options[];
extern const size_t sn_layout_n_options;
sn_status sn_layout_opts_set(sn_layout_opts *o, const char *key, const char *value, sn_err *err);
/* Parse "auto", "on" or "off". */
sn_status sn_layout_grid_parse(const char *s, sn_layout_grid *out);
const char *sn_layout_grid_name(sn_layout_grid grid);

/*
 * Lay out net's nodes. groups (may be NULL) is a partition of net's nodes
 * whose groups start together. SN_EINPUT when groups does not fit net or
 * the options are out of range, SN_EANALYSIS when igraph fails, SN_ENOMEM.
 */
sn_status sn_layout_compute(const sn_net *net, const sn_partition *groups,
                            const sn_layout_opts *opts, sn_layout *out, sn_err *err);
void sn_layout_free(sn_layout *l);
/* The position of actor's node: 0, or -1 when the layout does not know the actor. */
int sn_layout_actor_position(const sn_layout *l, uint32_t actor, double *x, double *y);

#endif
