/*
 * run.c - the shared draw loop of the nulls (run.h).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "../util/toolbox.h"

typedef struct round_ctx {
    const sn_null_runner *r;
    long first_block, n_blocks;
    atomic_long next;
    sn_null_acc *block_acc; /* SN_NULL_ROUND * n_stats */
} round_ctx;

typedef struct worker {
    round_ctx *rc;
    void *scratch;
    double *stats;
} worker;

static void run_block(round_ctx *rc, worker *w, long b)
{
    const sn_null_runner *r = rc->r;
    sn_null_acc *acc = rc->block_acc + (size_t)(b - rc->first_block) * r->n_stats;
    memset(acc, 0, r->n_stats * sizeof *acc);
    long d0 = b * SN_NULL_BLOCK, d1 = d0 + SN_NULL_BLOCK;
    if (d1 > r->draws)
        d1 = r->draws;
    rng g;
    if (r->block_start) {
        rng_seed_from(&g, sn_null_stream_seed(r->seed, (uint64_t)d0));
        r->block_start(r->ud, w->scratch, &g);
    }
    for (long d = d0; d < d1; d++) {
        if (!r->block_start)
            rng_seed_from(&g, sn_null_stream_seed(r->seed, (uint64_t)d));
        r->draw(r->ud, w->scratch, &g, w->stats);
        for (size_t s = 0; s < r->n_stats; s++)
            sn_null_acc_add(&acc[s], r->observed[s], w->stats[s]);
    }
}

static void *work(void *arg)
{
    worker *w = arg;
    round_ctx *rc = w->rc;
    for (;;) {
        long b = atomic_fetch_add(&rc->next, 1);
        if (b >= rc->n_blocks)
            break;
        run_block(rc, w, rc->first_block + b);
    }
    return NULL;
}

static void work_part(void *ws, int part, int parts)
{
    (void)parts;
    work(&((worker *)ws)[part]);
}

sn_status sni_null_run(const sn_null_runner *r, sn_null_acc *acc, sn_err *err)
{
    long blocks = (r->draws + SN_NULL_BLOCK - 1) / SN_NULL_BLOCK;
    int t = r->threads < 1 ? 1 : r->threads;
    if (t > SN_NULL_ROUND)
        t = SN_NULL_ROUND;
    if (t > blocks)
        t = (int)(blocks > 0 ? blocks : 1);
    sn_status st = SN_OK;
    worker *ws = calloc((size_t)t, sizeof *ws);
    round_ctx rc = {.r = r};
    rc.block_acc =
        malloc((size_t)SN_NULL_ROUND * (r->n_stats ? r->n_stats : 1) * sizeof(sn_null_acc));
    if (!ws || !rc.block_acc) {
        st = sn_err_set(err, SN_ENOMEM, "null model: out of memory");
        goto out;
    }
    for (int i = 0; i < t; i++) {
        ws[i].rc = &rc;
        ws[i].scratch = r->scratch_new(r->ud);
        ws[i].stats = malloc((r->n_stats ? r->n_stats : 1) * sizeof(double));
        if (!ws[i].scratch || !ws[i].stats) {
            st = sn_err_set(err, SN_ENOMEM, "null model: out of memory");
            goto out;
        }
    }
    for (long b0 = 0; b0 < blocks; b0 += SN_NULL_ROUND) {
        rc.first_block = b0;
        rc.n_blocks = blocks - b0 < SN_NULL_ROUND ? blocks - b0 : SN_NULL_ROUND;
        atomic_store(&rc.next, 0);
        sni_parallel_for(t < rc.n_blocks ? t : (int)rc.n_blocks, work_part, ws);
        for (long b = 0; b < rc.n_blocks; b++)
            for (size_t s = 0; s < r->n_stats; s++)
                sn_null_acc_merge(&acc[s], &rc.block_acc[(size_t)b * r->n_stats + s]);
    }
out:
    if (ws)
        for (int i = 0; i < t; i++) {
            if (ws[i].scratch)
                r->scratch_free(r->ud, ws[i].scratch);
            free(ws[i].stats);
        }
    free(ws);
    free(rc.block_acc);
    return st;
}

sn_status sni_null_check_draws(long draws, sn_err *err)
{
    if (draws < 1 || draws > SN_NULL_MAX_DRAWS)
        return sn_err_set(err, SN_EUSAGE, "draws = %ld; expected 1 to %d", draws,
                          SN_NULL_MAX_DRAWS);
    return SN_OK;
}
