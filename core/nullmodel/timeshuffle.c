/*
 * timeshuffle.c - the time-shuffle null (samnett/nullmodel.h, sn_null_time):
 * contact windows permuted among the contacts, window tie sets recounted.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

typedef struct time_ctx {
    const sn_null_time_in *in;
    size_t n_stats;
} time_ctx;

typedef struct time_scratch {
    uint32_t *win;
    uint32_t *count; /* ties * windows */
} time_scratch;

static void scratch_free(void *ud, void *p)
{
    (void)ud;
    time_scratch *s = p;
    free(s->win);
    free(s->count);
    free(s);
}

static void *scratch_new(void *ud)
{
    time_ctx *c = ud;
    time_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    size_t cells = c->in->n_ties * c->in->n_windows;
    s->win = malloc((c->in->n_contacts ? c->in->n_contacts : 1) * sizeof *s->win);
    s->count = malloc((cells ? cells : 1) * sizeof *s->count);
    if (!s->win || !s->count) {
        scratch_free(ud, s);
        return NULL;
    }
    return s;
}

static void measure(const time_ctx *c, time_scratch *s, double *out)
{
    const sn_null_time_in *in = c->in;
    uint32_t W = in->n_windows;
    memset(s->count, 0, in->n_ties * W * sizeof *s->count);
    for (size_t k = 0; k < in->n_contacts; k++)
        s->count[(size_t)in->tie[k] * W + s->win[k]]++;
    for (uint32_t w = 0; w < W; w++) {
        double *o = out + (size_t)w * SN_NT_PER_WINDOW;
        o[SN_NT_TIES] = o[SN_NT_PERSISTENCE] = o[SN_NT_NOVELTY] = o[SN_NT_CONTACTS] = 0;
    }
    /* per window: ties, contacts; with the previous window: both, either */
    double *both = malloc((W ? W : 1) * 2 * sizeof *both);
    if (!both) {
        for (size_t i = 0; i < c->n_stats; i++)
            out[i] = NAN;
        return;
    }
    double *either = both + (W ? W : 1);
    memset(both, 0, (W ? W : 1) * 2 * sizeof *both);
    double mc = in->min_contacts < 1 ? 1 : in->min_contacts;
    for (size_t t = 0; t < in->n_ties; t++) {
        const uint32_t *row = s->count + t * W;
        int prev = 0;
        for (uint32_t w = 0; w < W; w++) {
            int here = row[w] > 0 && (double)row[w] >= mc;
            out[(size_t)w * SN_NT_PER_WINDOW + SN_NT_CONTACTS] += row[w];
            out[(size_t)w * SN_NT_PER_WINDOW + SN_NT_TIES] += here;
            both[w] += here && prev;
            either[w] += here || prev;
            prev = here;
        }
    }
    for (uint32_t w = 0; w < W; w++) {
        double *o = out + (size_t)w * SN_NT_PER_WINDOW;
        o[SN_NT_PERSISTENCE] = w > 0 && either[w] > 0 ? both[w] / either[w] : NAN;
        o[SN_NT_NOVELTY] = w > 0 && o[SN_NT_TIES] > 0 ? 1 - both[w] / o[SN_NT_TIES] : NAN;
    }
    free(both);
}

static void draw(void *ud, void *scratch, rng *r, double *stats)
{
    time_ctx *c = ud;
    time_scratch *s = scratch;
    size_t n = c->in->n_contacts;
    memcpy(s->win, c->in->window, n * sizeof *s->win);
    for (size_t i = n; i > 1; i--) {
        size_t j = i <= UINT32_MAX ? sn_null_below(r, (uint32_t)i) : rng_next(r) % i;
        uint32_t tmp = s->win[i - 1];
        s->win[i - 1] = s->win[j];
        s->win[j] = tmp;
    }
    measure(c, s, stats);
}

sn_status sn_null_time(const sn_null_time_in *in, sn_null_time_out *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    if (in->draws < 1 || in->draws > SN_NULL_MAX_DRAWS)
        return sn_err_set(err, SN_EUSAGE, "draws = %ld; expected 1 to %d", in->draws,
                          SN_NULL_MAX_DRAWS);
    for (size_t k = 0; k < in->n_contacts; k++)
        if (in->tie[k] >= in->n_ties || in->window[k] >= in->n_windows)
            return sn_err_set(err, SN_EUSAGE, "time shuffle: contact %zu has no tie or window", k);
    time_ctx c = {.in = in, .n_stats = (size_t)in->n_windows * SN_NT_PER_WINDOW};
    sn_status st = SN_OK;
    double *observed = malloc((c.n_stats ? c.n_stats : 1) * sizeof *observed);
    sn_null_acc *acc = calloc(c.n_stats ? c.n_stats : 1, sizeof *acc);
    out->window = calloc(c.n_stats ? c.n_stats : 1, sizeof *out->window);
    time_scratch *s0 = scratch_new(&c);
    if (!observed || !acc || !out->window || !s0) {
        st = sn_err_set(err, SN_ENOMEM, "null model: out of memory");
        goto out;
    }
    memcpy(s0->win, in->window, in->n_contacts * sizeof *s0->win);
    measure(&c, s0, observed);
    sn_null_runner r = {.draws = in->draws,
                        .seed = in->seed,
                        .threads = in->threads,
                        .n_stats = c.n_stats,
                        .observed = observed,
                        .ud = &c,
                        .scratch_new = scratch_new,
                        .scratch_free = scratch_free,
                        .draw = draw};
    st = sn_null_run(&r, acc, err);
    if (st != SN_OK)
        goto out;
    for (size_t i = 0; i < c.n_stats; i++)
        sn_null_acc_finish(&acc[i], observed[i], &out->window[i]);
out:
    if (s0)
        scratch_free(&c, s0);
    free(observed);
    free(acc);
    if (st != SN_OK)
        sn_null_time_free(out);
    return st;
}

void sn_null_time_free(sn_null_time_out *out)
{
    free(out->window);
    memset(out, 0, sizeof *out);
}
