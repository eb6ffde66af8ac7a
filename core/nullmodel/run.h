/*
 * run.h - the draw loop every null shares (internal to core/nullmodel):
 * draws in fixed blocks of SN_NULL_BLOCK, rounds of SN_NULL_ROUND blocks
 * run over pthreads, each block summed on its own and the blocks merged in
 * order, so a seed gives the same sums whatever the thread count. Draw d
 * gets the generator seeded with sn_null_stream_seed(seed, d); a chained
 * null (block_start set) instead runs each block as one Markov chain: the
 * block's generator is seeded with sn_null_stream_seed(seed, first draw of
 * the block), block_start starts the chain and the block's draws follow it
 * in order.
 */
#ifndef SN_NULLMODEL_RUN_H
#define SN_NULLMODEL_RUN_H

#include "samnett/nullmodel.h"
#include "../util/rng.h"

#define SN_NULL_BLOCK 32
#define SN_NULL_ROUND 8

typedef struct sn_null_runner {
    long draws;
    uint64_t seed;
    int threads;
    size_t n_stats;
    const double *observed; /* n_stats */
    void *ud;
    /* per-thread scratch: NULL on failure */
    void *(*scratch_new)(void *ud);
    void (*scratch_free)(void *ud, void *scratch);
    /* one draw: fill stats[0 .. n_stats) (NaN: undefined in this draw) */
    void (*draw)(void *ud, void *scratch, rng *r, double *stats);
    /* chained nulls: start the block's chain in scratch (NULL: independent draws) */
    void (*block_start)(void *ud, void *scratch, rng *r);
} sn_null_runner;

/* acc: n_stats accumulators, zeroed by the caller. */
sn_status sni_null_run(const sn_null_runner *r, sn_null_acc *acc, sn_err *err);

/* SN_OK when 1 <= draws <= SN_NULL_MAX_DRAWS, else SN_EUSAGE naming the range. */
sn_status sni_null_check_draws(long draws, sn_err *err);

#endif
