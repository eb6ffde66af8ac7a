/*
 * groups.c - label permutation (samnett/nullmodel.h, sn_null_groups): the
 * graph stays, the group labels are shuffled among the labelled nodes
 * (within strata), and the group statistics are recomputed per draw.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

/* Draws x (ties + labelled nodes + statistics) below which one thread does all draws. */
#define SMALL_WORK 2e6

typedef struct groups_ctx {
    const sn_null_groups_in *in;
    uint32_t G;
    size_t n_ties; /* ties with both ends labelled */
    uint32_t *from, *to;
    double *w;
    double total;
    /* the labelled nodes, ordered by stratum, and the segments of equal stratum */
    uint32_t n_lab, *lab_node, *lab_group;
    uint32_t n_seg, *seg; /* n_seg + 1 offsets into lab_node */
    int dense;            /* pairs tracked through a G x G matrix */
    size_t n_pairs;
    uint32_t *pair_a, *pair_b;
    size_t n_stats;
    /* network_only: the ties' ends as positions in lab_node, and the weights as integers
       when all are whole (see inside_weight; else NULL) */
    int network_only;
    size_t n_pos; /* entries of pfrom, pto (and iw) */
    uint32_t *pfrom, *pto;
    int64_t *iw;
} groups_ctx;

typedef struct groups_scratch {
    uint32_t *label; /* node -> group in this draw */
    uint32_t *vals;
    double *row, *col, *diag, *M;
} groups_scratch;

static void *scratch_new(void *ud)
{
    groups_ctx *c = ud;
    groups_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    size_t G = c->G ? c->G : 1;
    s->label = malloc((c->in->n_nodes ? c->in->n_nodes : 1) * sizeof *s->label);
    s->vals = malloc((c->n_lab ? c->n_lab : 1) * sizeof *s->vals);
    s->row = malloc(3 * G * sizeof *s->row);
    s->M = c->dense ? malloc(G * G * sizeof *s->M) : malloc(sizeof *s->M);
    if (!s->label || !s->vals || !s->row || !s->M) {
        free(s->label);
        free(s->vals);
        free(s->row);
        free(s->M);
        free(s);
        return NULL;
    }
    s->col = s->row + G;
    s->diag = s->col + G;
    memcpy(s->label, c->in->group, c->in->n_nodes * sizeof *s->label);
    return s;
}

static void scratch_free(void *ud, void *p)
{
    (void)ud;
    groups_scratch *s = p;
    free(s->label);
    free(s->vals);
    free(s->row);
    free(s->M);
    free(s);
}

/* The statistics of the labelling in s->label. */
static void compute(groups_ctx *c, groups_scratch *s, double *out)
{
    uint32_t G = c->G;
    memset(s->row, 0, 3 * (size_t)G * sizeof *s->row);
    if (c->dense)
        memset(s->M, 0, (size_t)G * G * sizeof *s->M);
    double internal = 0;
    for (size_t t = 0; t < c->n_ties; t++) {
        uint32_t g = s->label[c->from[t]], h = s->label[c->to[t]];
        double w = c->w[t];
        s->row[g] += w;
        s->col[h] += w;
        if (g == h) {
            s->diag[g] += w;
            internal += w;
        }
        if (c->dense)
            s->M[(size_t)g * G + h] += w;
    }
    double T = c->total;
    out[0] = T > 0 ? (T - 2 * internal) / T : NAN;
    for (uint32_t g = 0; g < G; g++) {
        double *o = out + 1 + (size_t)g * SN_NG_PER_GROUP;
        double I = s->diag[g], E = s->row[g] + s->col[g] - 2 * I;
        o[SN_NG_EI] = E + I > 0 ? (E - I) / (E + I) : NAN;
        o[SN_NG_TOUCH] = T > 0 ? (s->row[g] + s->col[g] - I) / T : NAN;
        o[SN_NG_START] = T > 0 ? s->row[g] / T : NAN;
        o[SN_NG_INTERNAL] = T > 0 ? I / T : NAN;
    }
    double *po = out + 1 + (size_t)G * SN_NG_PER_GROUP;
    for (size_t p = 0; p < c->n_pairs; p++) {
        double ab = s->M[(size_t)c->pair_a[p] * G + c->pair_b[p]];
        double ba = s->M[(size_t)c->pair_b[p] * G + c->pair_a[p]];
        po[p * SN_NP_PER_PAIR + SN_NP_SHARE] = T > 0 ? (ab + ba) / T : NAN;
        po[p * SN_NP_PER_PAIR + SN_NP_DIRECTION] = ab + ba > 0 ? ab / (ab + ba) : NAN;
    }
}

/*
 * The weight inside groups when the labelled nodes, in lab_node order,
 * have the groups in vals: the sum compute() makes of it. With whole
 * weights whose absolute values add up to at most 2^53 every partial sum is
 * an exact integer, so the integer sum over the pairs of nodes (a tie and
 * its reverse summed, see sn_null_groups) is the same number; other
 * weights are added tie by tie in compute()'s order.
 */
static double inside_weight(const groups_ctx *c, const uint32_t *vals)
{
    if (c->iw) {
        int64_t in = 0;
        for (size_t t = 0; t < c->n_pos; t++) /* without a branch: labels match at random */
            in += c->iw[t] & -(int64_t)(vals[c->pfrom[t]] == vals[c->pto[t]]);
        return (double)in;
    }
    double in = 0;
    for (size_t t = 0; t < c->n_pos; t++)
        if (vals[c->pfrom[t]] == vals[c->pto[t]])
            in += c->w[t];
    return in;
}

typedef struct pos_pair {
    uint64_t key; /* lower position << 32 | higher */
    int64_t w;
} pos_pair;

static int cmp_pos_pair(const void *a, const void *b)
{
    uint64_t x = ((const pos_pair *)a)->key, y = ((const pos_pair *)b)->key;
    return (x > y) - (x < y);
}

static void draw(void *ud, void *scratch, rng *r, double *stats)
{
    groups_ctx *c = ud;
    groups_scratch *s = scratch;
    memcpy(s->vals, c->lab_group, c->n_lab * sizeof *s->vals);
    for (uint32_t k = 0; k < c->n_seg; k++) {
        uint32_t lo = c->seg[k], n = c->seg[k + 1] - lo;
        for (uint32_t i = n; i > 1; i--) {
            uint32_t j = rng_below_fast(r, i);
            uint32_t tmp = s->vals[lo + i - 1];
            s->vals[lo + i - 1] = s->vals[lo + j];
            s->vals[lo + j] = tmp;
        }
    }
    if (c->network_only) {
        double T = c->total, internal = inside_weight(c, s->vals);
        stats[0] = T > 0 ? (T - 2 * internal) / T : NAN;
        return;
    }
    for (uint32_t i = 0; i < c->n_lab; i++)
        s->label[c->lab_node[i]] = s->vals[i];
    compute(c, s, stats);
}

static int cmp_by_key(const void *a, const void *b, void *key)
{
    const uint32_t *sort_key = key;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (sort_key[x] != sort_key[y])
        return sort_key[x] < sort_key[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void ctx_free(groups_ctx *c)
{
    free(c->from);
    free(c->w);
    free(c->iw);
    free(c->pfrom);
    free(c->lab_node);
    free(c->lab_group);
    free(c->seg);
}

sn_status sn_null_groups(const sn_null_groups_in *in, sn_null_groups_out *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    if (sni_null_check_draws(in->draws, err) != SN_OK)
        return SN_EUSAGE;
    groups_ctx c;
    memset(&c, 0, sizeof c);
    c.in = in;
    c.G = in->n_groups;
    c.network_only = in->network_only != 0;
    sn_status st = SN_OK;
    double *observed = NULL, *obs_M = NULL;
    sn_null_acc *acc = NULL;
    groups_scratch *s0 = NULL;
    c.from = malloc((in->n_ties ? in->n_ties : 1) * 2 * sizeof *c.from);
    c.w = malloc((in->n_ties ? in->n_ties : 1) * sizeof *c.w);
    c.lab_node = malloc((in->n_nodes ? in->n_nodes : 1) * sizeof *c.lab_node);
    c.lab_group = malloc((in->n_nodes ? in->n_nodes : 1) * sizeof *c.lab_group);
    c.seg = malloc(((size_t)in->n_nodes + 1) * sizeof *c.seg);
    if (!c.from || !c.w || !c.lab_node || !c.lab_group || !c.seg)
        goto nomem;
    c.to = c.from + (in->n_ties ? in->n_ties : 1);
    for (size_t t = 0; t < in->n_ties; t++) {
        uint32_t a = in->from[t], b = in->to[t];
        if (a >= in->n_nodes || b >= in->n_nodes || in->group[a] == SN_NULL_NO_GROUP ||
            in->group[b] == SN_NULL_NO_GROUP)
            continue;
        c.from[c.n_ties] = a;
        c.to[c.n_ties] = b;
        c.w[c.n_ties++] = in->weight ? in->weight[t] : 1;
        c.total += c.w[c.n_ties - 1];
    }
    for (uint32_t v = 0; v < in->n_nodes; v++)
        if (in->group[v] != SN_NULL_NO_GROUP) {
            if (in->group[v] >= c.G) {
                ctx_free(&c);
                return sn_err_set(err, SN_EUSAGE, "node %u has group %u of %u", v, in->group[v],
                                  c.G);
            }
            c.lab_node[c.n_lab++] = v;
        }
    if (in->stratum)
        qsort_r(c.lab_node, c.n_lab, sizeof *c.lab_node, cmp_by_key, (void *)in->stratum);
    for (uint32_t i = 0; i < c.n_lab; i++) {
        c.lab_group[i] = in->group[c.lab_node[i]];
        if (i == 0 || (in->stratum && in->stratum[c.lab_node[i]] != in->stratum[c.lab_node[i - 1]]))
            c.seg[c.n_seg++] = i;
    }
    c.seg[c.n_seg] = c.n_lab;
    c.dense = !c.network_only && c.G > 0 && c.G <= SN_NULL_PAIR_GROUPS;
    out->pairs_omitted = !c.network_only && !c.dense && c.G > 0;
    if (c.network_only) {
        /* the ties' ends as positions in lab_node */
        c.pfrom = malloc((c.n_ties ? c.n_ties : 1) * 2 * sizeof *c.pfrom);
        uint32_t *pos = malloc((in->n_nodes ? in->n_nodes : 1) * sizeof *pos);
        if (!c.pfrom || !pos) {
            free(pos);
            goto nomem;
        }
        c.pto = c.pfrom + (c.n_ties ? c.n_ties : 1);
        for (uint32_t i = 0; i < c.n_lab; i++)
            pos[c.lab_node[i]] = i;
        for (size_t t = 0; t < c.n_ties; t++) {
            c.pfrom[t] = pos[c.from[t]];
            c.pto[t] = pos[c.to[t]];
        }
        free(pos);
        int whole = 1;
        double abs_sum = 0;
        for (size_t t = 0; t < c.n_ties && whole; t++) {
            whole = c.w[t] == floor(c.w[t]);
            abs_sum += fabs(c.w[t]);
        }
        c.n_pos = c.n_ties;
        if (whole && abs_sum <= 9007199254740992.0) {
            /* a tie and its reverse match in the same draws: one pair, their weights summed */
            pos_pair *pp = malloc((c.n_ties ? c.n_ties : 1) * sizeof *pp);
            c.iw = malloc((c.n_ties ? c.n_ties : 1) * sizeof *c.iw);
            if (!pp || !c.iw) {
                free(pp);
                goto nomem;
            }
            for (size_t t = 0; t < c.n_ties; t++) {
                uint32_t a = c.pfrom[t], b = c.pto[t];
                pp[t].key = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
                pp[t].w = (int64_t)c.w[t];
            }
            qsort(pp, c.n_ties, sizeof *pp, cmp_pos_pair);
            c.n_pos = 0;
            for (size_t t = 0; t < c.n_ties; t++) {
                if (c.n_pos && pp[t].key == pp[t - 1].key) {
                    c.iw[c.n_pos - 1] += pp[t].w;
                    continue;
                }
                c.pfrom[c.n_pos] = (uint32_t)(pp[t].key >> 32);
                c.pto[c.n_pos] = (uint32_t)pp[t].key;
                c.iw[c.n_pos++] = pp[t].w;
            }
            free(pp);
        }
    }

    /* the observed labelling, and the pairs it has weight between */
    s0 = scratch_new(&c);
    size_t base = 1 + (size_t)c.G * SN_NG_PER_GROUP;
    observed = malloc(base * sizeof *observed);
    if (!s0 || !observed)
        goto nomem;
    compute(&c, s0, observed);
    if (c.dense) {
        size_t np = 0;
        for (uint32_t a = 0; a < c.G; a++)
            for (uint32_t b = a + 1; b < c.G; b++)
                np += s0->M[(size_t)a * c.G + b] + s0->M[(size_t)b * c.G + a] > 0;
        out->pair_a = malloc((np ? np : 1) * 2 * sizeof *out->pair_a);
        if (!out->pair_a)
            goto nomem;
        out->pair_b = out->pair_a + (np ? np : 1);
        for (uint32_t a = 0; a < c.G; a++)
            for (uint32_t b = a + 1; b < c.G; b++)
                if (s0->M[(size_t)a * c.G + b] + s0->M[(size_t)b * c.G + a] > 0) {
                    out->pair_a[out->n_pairs] = a;
                    out->pair_b[out->n_pairs++] = b;
                }
        c.n_pairs = out->n_pairs;
        c.pair_a = out->pair_a;
        c.pair_b = out->pair_b;
        double *o2 = realloc(observed, (base + c.n_pairs * SN_NP_PER_PAIR) * sizeof *o2);
        if (!o2)
            goto nomem;
        observed = o2;
        compute(&c, s0, observed);
    }
    c.n_stats = c.network_only ? 1 : base + c.n_pairs * SN_NP_PER_PAIR;
    acc = calloc(c.n_stats, sizeof *acc);
    if (!acc)
        goto nomem;
    if (!c.network_only) {
        out->group = malloc(((size_t)c.G * SN_NG_PER_GROUP + 1) * sizeof *out->group);
        out->pair = malloc((c.n_pairs * SN_NP_PER_PAIR + 1) * sizeof *out->pair);
        if (!out->group || !out->pair)
            goto nomem;
    }
    /*
     * Threads only for a null with work enough to pay for starting them (a
     * few milliseconds): the draws and their sums are the same with any
     * number of threads.
     */
    double work = (double)in->draws * ((double)c.n_ties + c.n_lab + (double)c.n_stats);
    sn_null_runner r = {.draws = in->draws,
                        .seed = in->seed,
                        .threads = work < SMALL_WORK ? 1 : in->threads,
                        .n_stats = c.n_stats,
                        .observed = observed,
                        .ud = &c,
                        .scratch_new = scratch_new,
                        .scratch_free = scratch_free,
                        .draw = draw};
    st = sni_null_run(&r, acc, err);
    if (st != SN_OK)
        goto out;
    out->total = c.total;
    sn_null_acc_finish(&acc[0], observed[0], &out->ei);
    for (size_t i = 0; !c.network_only && i < (size_t)c.G * SN_NG_PER_GROUP; i++)
        sn_null_acc_finish(&acc[1 + i], observed[1 + i], &out->group[i]);
    for (size_t i = 0; i < c.n_pairs * SN_NP_PER_PAIR; i++)
        sn_null_acc_finish(&acc[base + i], observed[base + i], &out->pair[i]);
    goto out;
nomem:
    st = sn_err_set(err, SN_ENOMEM, "null model: out of memory");
out:
    if (s0)
        scratch_free(&c, s0);
    free(observed);
    free(obs_M);
    free(acc);
    ctx_free(&c);
    if (st != SN_OK)
        sn_null_groups_free(out);
    return st;
}

void sn_null_groups_free(sn_null_groups_out *out)
{
    free(out->group);
    free(out->pair_a);
    free(out->pair);
    memset(out, 0, sizeof *out);
}
