/*
 * test_nullmodel.c - the exact tests, p-value adjustment and null summaries
 * of samnett/nullmodel.h against values worked out by hand from the
 * definitions (the random cross-check against R is tests/e2e/check_nullmodel.py);
 * the samplers of the rewiring and the time shuffle against recounts of their
 * state, exact enumeration of small cases and the plain algorithms they
 * replace (rewired graphs made one by one, a shuffle of every contact).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "samnett/nullmodel.h"
/* the samplers' static parts */
#include "nullmodel/rewire.c"
#include "nullmodel/timeshuffle.c"

#define CLOSE(got, want) assert_true(fabs((got) - (want)) <= 1e-12 + 1e-10 * fabs(want))

static void test_binom_one_sided(void **state)
{
    (void)state;
    /* 5 of 5 at p0 = 1/2: 1/32 */
    CLOSE(sn_binom_test(5, 5, 0.5, SN_ALT_GREATER), 1.0 / 32);
    CLOSE(sn_binom_test(0, 5, 0.5, SN_ALT_LESS), 1.0 / 32);
    CLOSE(sn_binom_test(5, 5, 0.5, SN_ALT_LESS), 1.0);
    /* P[X >= 2], n = 3, p0 = 0.2: 3 * 0.04 * 0.8 + 0.008 = 0.104 */
    CLOSE(sn_binom_test(2, 3, 0.2, SN_ALT_GREATER), 0.104);
    /* P[X <= 1], n = 3, p0 = 0.2: 0.512 + 0.384 = 0.896 */
    CLOSE(sn_binom_test(1, 3, 0.2, SN_ALT_LESS), 0.896);
}

static void test_binom_two_sided(void **state)
{
    (void)state;
    /* 3 of 10 at 1/2: 2 * (1 + 10 + 45 + 120) / 1024 = 352 / 1024 */
    CLOSE(sn_binom_test(3, 10, 0.5, SN_ALT_TWO_SIDED), 352.0 / 1024);
    CLOSE(sn_binom_test(5, 10, 0.5, SN_ALT_TWO_SIDED), 1.0);
    /* 5 of 5: 2 / 32 */
    CLOSE(sn_binom_test(5, 5, 0.5, SN_ALT_TWO_SIDED), 2.0 / 32);
    /* n = 3, p0 = 0.2: pmf 0.512 0.384 0.096 0.008; x = 2: 0.096 + 0.008 */
    CLOSE(sn_binom_test(2, 3, 0.2, SN_ALT_TWO_SIDED), 0.104);
    /* x = 0: every outcome is at most as likely as 0.512 */
    CLOSE(sn_binom_test(0, 3, 0.2, SN_ALT_TWO_SIDED), 1.0);
    /* degenerate p0 */
    CLOSE(sn_binom_test(0, 4, 0.0, SN_ALT_TWO_SIDED), 1.0);
    CLOSE(sn_binom_test(1, 4, 0.0, SN_ALT_TWO_SIDED), 0.0);
    CLOSE(sn_binom_test(0, 0, 0.3, SN_ALT_TWO_SIDED), 1.0);
    assert_true(isnan(sn_binom_test(4, 3, 0.5, SN_ALT_TWO_SIDED)));
    assert_true(isnan(sn_binom_test(1, 3, 1.5, SN_ALT_TWO_SIDED)));
}

/*
 * Far tails: p is exactly 0 where R's is (no mass at double precision),
 * and tiny values stay. R> binom.test(1000, 1000, 0.1, "greater")$p.value
 * 0; binom.test(0, 2000, 0.5) 0; binom.test(300, 1000, 0.2, "greater")
 * 3.8110446874886038e-14; binom.test(700, 2000, 0.5) 1.6293497027603955e-41;
 * fisher.test(matrix(c(2000, 0, 0, 2000), 2), alternative = "greater") 0.
 */
static void test_far_tails(void **state)
{
    (void)state;
    assert_true(sn_binom_test(1000, 1000, 0.1, SN_ALT_GREATER) == 0);
    assert_true(sn_binom_test(0, 2000, 0.5, SN_ALT_TWO_SIDED) == 0);
    assert_true(sn_binom_test(2000, 2000, 0.5, SN_ALT_TWO_SIDED) == 0);
    assert_true(sn_binom_test(0, 1000, 0.9, SN_ALT_LESS) == 0);
    CLOSE(sn_binom_test(300, 1000, 0.2, SN_ALT_GREATER), 3.8110446874886038e-14);
    CLOSE(sn_binom_test(700, 2000, 0.5, SN_ALT_TWO_SIDED), 1.6293497027603955e-41);
    CLOSE(sn_binom_test(1300, 2000, 0.5, SN_ALT_TWO_SIDED), 1.6293497027603955e-41);
    /* the near side of the mode needs the total: P[X >= 0] = 1 */
    CLOSE(sn_binom_test(0, 1000, 0.9, SN_ALT_GREATER), 1.0);
    assert_true(sn_fisher_test(2000, 0, 0, 2000, SN_ALT_GREATER) == 0);
    CLOSE(sn_fisher_test(2000, 0, 0, 2000, SN_ALT_LESS), 1.0);
}

static void test_fisher(void **state)
{
    (void)state;
    /* Fisher's tea tasting {{3, 1}, {1, 3}}: pmf over a = 0..4 is 1 16 36 16 1 / 70 */
    CLOSE(sn_fisher_test(3, 1, 1, 3, SN_ALT_GREATER), 17.0 / 70);
    CLOSE(sn_fisher_test(3, 1, 1, 3, SN_ALT_LESS), 69.0 / 70);
    CLOSE(sn_fisher_test(3, 1, 1, 3, SN_ALT_TWO_SIDED), 34.0 / 70);
    CLOSE(sn_fisher_test(4, 0, 0, 4, SN_ALT_TWO_SIDED), 2.0 / 70);
    CLOSE(sn_fisher_test(2, 2, 2, 2, SN_ALT_TWO_SIDED), 1.0);
    /* {{1, 0}, {0, 0}}: one table */
    CLOSE(sn_fisher_test(1, 0, 0, 0, SN_ALT_TWO_SIDED), 1.0);
    CLOSE(sn_fisher_test(0, 0, 0, 0, SN_ALT_GREATER), 1.0);
    assert_true(isnan(sn_fisher_test(-1, 0, 0, 0, SN_ALT_LESS)));
}

static void test_p_adjust(void **state)
{
    (void)state;
    double p[5] = {0.04, 0.01, 0.05, 0.02, 0.03}, q[5];
    assert_int_equal(sn_p_adjust(p, 5, SN_P_HOLM, q, NULL), SN_OK);
    /* sorted 0.01..0.05 times 5,4,3,2,1 = .05 .08 .09 .08 .05, running max */
    double holm[5] = {0.09, 0.05, 0.09, 0.08, 0.09};
    for (int i = 0; i < 5; i++)
        CLOSE(q[i], holm[i]);
    assert_int_equal(sn_p_adjust(p, 5, SN_P_BH, q, NULL), SN_OK);
    for (int i = 0; i < 5; i++)
        CLOSE(q[i], 0.05);
    double r[3] = {0.5, 0.001, 0.9}, s[3];
    /* BH: sorted .001 .5 .9 -> 3 * .001, min(1.5 * .5, .9) = .75, .9 */
    assert_int_equal(sn_p_adjust(r, 3, SN_P_BH, s, NULL), SN_OK);
    CLOSE(s[0], 0.75);
    CLOSE(s[1], 0.003);
    CLOSE(s[2], 0.9);
    /* Holm: .003, min(1, 2 * .5) = 1, 1 */
    assert_int_equal(sn_p_adjust(r, 3, SN_P_HOLM, s, NULL), SN_OK);
    CLOSE(s[0], 1.0);
    CLOSE(s[1], 0.003);
    CLOSE(s[2], 1.0);
    assert_int_equal(sn_p_adjust(r, 3, SN_P_NONE, s, NULL), SN_OK);
    CLOSE(s[1], 0.001);
    double bad[2] = {0.5, 1.5};
    sn_err err = {0};
    assert_int_equal(sn_p_adjust(bad, 2, SN_P_HOLM, s, &err), SN_EINPUT);
    sn_p_method m;
    assert_int_equal(sn_p_method_parse("bonferroni", &m), SN_EUSAGE);
}

static void test_summary(void **state)
{
    (void)state;
    double x[4] = {1, 2, 3, NAN};
    sn_null_summary s;
    sn_null_summarise(3, x, 4, &s);
    assert_int_equal(s.draws, 3);
    assert_int_equal(s.missing, 1);
    CLOSE(s.mean, 2.0);
    CLOSE(s.sd, sqrt(2.0 / 3));
    CLOSE(s.z, 1.0 / sqrt(2.0 / 3));
    CLOSE(s.p_greater, 2.0 / 4); /* 1 + #{x >= 3} = 2 */
    CLOSE(s.p_less, 4.0 / 4);
    CLOSE(s.p, 1.0);
    double y[3] = {5, 5, 5};
    sn_null_summarise(5, y, 3, &s);
    assert_true(isnan(s.z));
    CLOSE(s.p_greater, 1.0);
    assert_true(sn_null_stream_seed(1, 0) != sn_null_stream_seed(1, 1));
    assert_true(sn_null_stream_seed(1, 0) != sn_null_stream_seed(2, 0));
}

/* ---- helpers for the samplers' tests ---- */

/* Mean and (population) sd of x[0 .. n). */
static void mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    double m = 0, v = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        v += (x[i] - m) * (x[i] - m);
    *mean = m;
    *sd = sqrt(v / (double)n);
}

/* Two samples have the same mean (within k standard errors) and sd (within rel). */
static void assert_same_spread(double m1, double sd1, double n1, double m2, double sd2, double n2,
                               double k, double rel)
{
    double se = sqrt(sd1 * sd1 / n1 + sd2 * sd2 / n2);
    if (!(fabs(m1 - m2) <= k * se + 1e-12))
        fail_msg("means %.6g and %.6g differ by more than %.1f standard errors (%.3g)", m1, m2, k,
                 se);
    if (!(fabs(sd1 - sd2) <= rel * (sd1 > sd2 ? sd1 : sd2) + 1e-12))
        fail_msg("sds %.6g and %.6g differ by more than %.0f%%", sd1, sd2, 100 * rel);
}

/* Pearson's chi-square of counts against probabilities (cells with expected < 5 pooled),
   below a bound a correct sampler exceeds with probability about 1e-6. */
static void assert_fits(const double *count, const double *prob, size_t k, double n)
{
    double chi = 0, pool_o = 0, pool_e = 0;
    int df = -1;
    for (size_t i = 0; i < k; i++) {
        double e = n * prob[i];
        if (e < 5) {
            pool_o += count[i];
            pool_e += e;
            continue;
        }
        chi += (count[i] - e) * (count[i] - e) / e;
        df++;
    }
    if (pool_e > 0) {
        chi += (pool_o - pool_e) * (pool_o - pool_e) / (pool_e > 1 ? pool_e : 1);
        df++;
    }
    if (df < 1)
        df = 1;
    double bound = df + 7 * sqrt(2.0 * df) + 10;
    if (!(chi <= bound))
        fail_msg("chi-square %.1f on %d degrees of freedom (bound %.1f)", chi, df, bound);
}

/* ---- rewiring ---- */

/* A random directed simple graph: hubs 0-4, some mutual ties. */
static size_t random_graph(uint32_t N, int dense, int sparse, uint64_t seed, uint32_t *from,
                           uint32_t *to)
{
    rng g;
    rng_seed_from(&g, seed);
    size_t m = 0;
    for (uint32_t a = 0; a < N; a++)
        for (uint32_t b = 0; b < N; b++)
            if (a != b && rng_below_fast(&g, 100) < (uint32_t)(a < 5 || b < 3 ? dense : sparse)) {
                from[m] = a;
                to[m++] = b;
            }
    return m;
}

/* Transitivity and reciprocity of an adjacency matrix, from the definitions. */
static void naive_stats(uint32_t N, const unsigned char *adj, double *rec, double *clu,
                        uint64_t *tri_out, uint64_t *triples_out)
{
    size_t ties = 0, back = 0;
    uint64_t tri = 0, triples = 0;
    for (uint32_t a = 0; a < N; a++)
        for (uint32_t b = 0; b < N; b++)
            if (adj[a * N + b]) {
                ties++;
                back += adj[b * N + a];
            }
#define U(x, y) (adj[(x)*N + (y)] || adj[(y)*N + (x)])
    for (uint32_t a = 0; a < N; a++) {
        uint64_t d = 0;
        for (uint32_t b = 0; b < N; b++)
            d += b != a && U(a, b);
        triples += d * (d ? d - 1 : 0) / 2;
        for (uint32_t b = a + 1; b < N; b++)
            for (uint32_t c = b + 1; c < N; c++)
                tri += U(a, b) && U(b, c) && U(a, c);
    }
#undef U
    *rec = ties ? (double)back / (double)ties : NAN;
    *clu = triples ? 3.0 * (double)tri / (double)triples : NAN;
    if (tri_out)
        *tri_out = tri;
    if (triples_out)
        *triples_out = triples;
}

/* A chain keeps every degree and makes no self-loop or multi-edge; what it keeps through
   the swaps (the pair table, reciprocity, degrees, triples) and the triangles it counts
   equal a recount of its graph; with the pair matrix and with the hash. */
static void test_rewire_chain_state(void **state)
{
    (void)state;
    enum { N = 60 };
    static uint32_t from[N * N], to[N * N];
    size_t m = random_graph(N, 60, 6, 42, from, to);
    for (int backend = 0; backend < 2; backend++) {
        rw_bits_nodes = backend ? 0 : RW_BITS_NODES;
        sn_null_rewire_in in;
        memset(&in, 0, sizeof in);
        in.n_nodes = N;
        in.n_ties = m;
        in.from = from;
        in.to = to;
        in.draws = 1;
        in.want[SN_NR_RECIPROCITY] = in.want[SN_NR_CLUSTERING] = 1;
        rewire_ctx c;
        assert_int_equal(rw_ctx_init(&c, &in, NULL), SN_OK);
        assert_true(backend ? c.words == 0 : c.words > 0);
        rewire_scratch *s = rw_scratch_new(&c);
        assert_non_null(s);
        rng g;
        for (int d = 0; d < 6; d++) {
            rng_seed_from(&g, sn_null_stream_seed(7, (uint64_t)d));
            chain_copy(&c, &s->g, &c.obs);
            for (int burst = 0; burst < 4; burst++) {
                rewire_steps(&c, &s->g, &g, burst ? (long)m / 3 : 10 * (long)m);
                int in_before[N] = {0}, in_after[N] = {0};
                static unsigned char adj[N * N];
                memset(adj, 0, sizeof adj);
                size_t moved = 0;
                for (size_t k = 0; k < m; k++) {
                    in_before[to[k]]++;
                    in_after[s->g.to[k]]++;
                    assert_true(s->g.to[k] != from[k]);                   /* no self-loop */
                    assert_int_equal(adj[from[k] * N + s->g.to[k]]++, 0); /* no multi-edge */
                    moved += s->g.to[k] != to[k];
                }
                for (int v = 0; v < N; v++)
                    assert_int_equal(in_before[v], in_after[v]); /* out-degrees: the slots stay */
                if (burst == 0)
                    assert_true(moved > m / 2);
                for (uint32_t a = 0; a < N; a++)
                    for (uint32_t b = 0; b < N; b++)
                        if (a != b)
                            assert_int_equal(pair_get(&c, &s->g, a, b),
                                             adj[a * N + b] | adj[b * N + a] << 1);
                double rec, clu;
                uint64_t tri, triples;
                naive_stats(N, adj, &rec, &clu, &tri, &triples);
                assert_int_equal(s->g.rec, (uint64_t)llround(rec * (double)m));
                assert_int_equal(s->g.triples, triples);
                assert_int_equal(triangles(&c, &s->g, s->up_start, s->up), tri);
                double out[SN_NR_GLOBAL];
                measure(&c, s, out);
                CLOSE(out[SN_NR_RECIPROCITY], rec);
                CLOSE(out[SN_NR_CLUSTERING], clu);
            }
        }
        rw_scratch_free(&c, s);
        rw_ctx_free(&c);
    }
    rw_bits_nodes = RW_BITS_NODES;
}

/* Every graph the swaps reach from a small graph (ties as bits of a 32-bit mask over
   the ordered pairs of 6 nodes), and the mean and sd of reciprocity and transitivity
   over them: the swap chain's stationary distribution is uniform over these. */
enum { XN = 6 };
static int pair_bit(uint32_t a, uint32_t b)
{
    return (int)(a * (XN - 1) + (b < a ? b : b - 1));
}

static void exact_rewire(uint32_t start, double *mean, double *sd)
{
    enum { CAP = 1 << 16 };
    static uint32_t seen[CAP];
    size_t n_seen = 0, head = 0;
    seen[n_seen++] = start;
    double s[2] = {0, 0}, ss[2] = {0, 0};
    while (head < n_seen) {
        uint32_t g = seen[head++];
        unsigned char adj[XN * XN] = {0};
        uint32_t arc_a[32], arc_b[32];
        int m = 0;
        for (uint32_t a = 0; a < XN; a++)
            for (uint32_t b = 0; b < XN; b++)
                if (a != b && (g >> pair_bit(a, b) & 1)) {
                    adj[a * XN + b] = 1;
                    arc_a[m] = a;
                    arc_b[m++] = b;
                }
        double x[2];
        naive_stats(XN, adj, &x[0], &x[1], NULL, NULL);
        for (int k = 0; k < 2; k++) {
            s[k] += x[k];
            ss[k] += x[k] * x[k];
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) {
                uint32_t a = arc_a[i], b = arc_b[i], cc = arc_a[j], d = arc_b[j];
                if (a == cc || b == d || a == d || cc == b || adj[a * XN + d] || adj[cc * XN + b])
                    continue;
                uint32_t h = g & ~(1u << pair_bit(a, b)) & ~(1u << pair_bit(cc, d));
                h |= 1u << pair_bit(a, d) | 1u << pair_bit(cc, b);
                int known = 0;
                for (size_t k = 0; k < n_seen && !known; k++)
                    known = seen[k] == h;
                if (!known) {
                    assert_true(n_seen < CAP);
                    seen[n_seen++] = h;
                }
            }
    }
    for (int k = 0; k < 2; k++) {
        mean[k] = s[k] / (double)n_seen;
        sd[k] = sqrt(ss[k] / (double)n_seen - mean[k] * mean[k]);
    }
}

static void test_rewire_exact(void **state)
{
    (void)state;
    /* 6 nodes, 10 ties, three of them in mutual pairs */
    static const uint32_t from[] = {0, 0, 0, 1, 1, 2, 3, 3, 4, 5};
    static const uint32_t to[] = {1, 2, 3, 0, 2, 3, 4, 5, 3, 0};
    uint32_t start = 0;
    for (int k = 0; k < 10; k++)
        start |= 1u << pair_bit(from[k], to[k]);
    double mean[2], sd[2];
    exact_rewire(start, mean, sd);
    for (int backend = 0; backend < 2; backend++) {
        rw_bits_nodes = backend ? 0 : RW_BITS_NODES;
        sn_null_rewire_in in;
        memset(&in, 0, sizeof in);
        in.n_nodes = XN;
        in.n_ties = 10;
        in.from = from;
        in.to = to;
        in.want[SN_NR_RECIPROCITY] = in.want[SN_NR_CLUSTERING] = 1;
        in.draws = 40000;
        in.seed = 3;
        in.threads = 2;
        sn_null_rewire_out out;
        assert_int_equal(sn_null_rewire(&in, &out, NULL), SN_OK);
        for (int k = 0; k < 2; k++) {
            const sn_null_summary *x = &out.global[k];
            /* successive draws of a chain are correlated: a quarter of the draws' worth */
            assert_same_spread(x->mean, x->sd, (double)x->draws / 4, mean[k], sd[k], 1e12, 5, 0.05);
        }
        sn_null_rewire_free(&out);
    }
    rw_bits_nodes = RW_BITS_NODES;
}

/* Within a chain: the first draw is made after the burn-in (the first draws alone have
   the uniform distribution of the small graph's class), and successive draws are
   nearly uncorrelated (the thinning). */
static void test_rewire_chain_draws(void **state)
{
    (void)state;
    static const uint32_t xfrom[] = {0, 0, 0, 1, 1, 2, 3, 3, 4, 5};
    static const uint32_t xto[] = {1, 2, 3, 0, 2, 3, 4, 5, 3, 0};
    uint32_t start = 0;
    for (int k = 0; k < 10; k++)
        start |= 1u << pair_bit(xfrom[k], xto[k]);
    double mean[2], sd[2];
    exact_rewire(start, mean, sd);
    enum { N = 40, CHAINS = 300, LEN = 32 };
    static uint32_t from[N * N], to[N * N];
    size_t m = random_graph(N, 35, 8, 9, from, to);
    for (int graph = 0; graph < 2; graph++) {
        sn_null_rewire_in in;
        memset(&in, 0, sizeof in);
        in.n_nodes = graph ? N : XN;
        in.n_ties = graph ? m : 10;
        in.from = graph ? from : xfrom;
        in.to = graph ? to : xto;
        in.want[SN_NR_RECIPROCITY] = in.want[SN_NR_CLUSTERING] = 1;
        in.draws = 1;
        rewire_ctx c;
        assert_int_equal(rw_ctx_init(&c, &in, NULL), SN_OK);
        rewire_scratch *s = rw_scratch_new(&c);
        assert_non_null(s);
        static double first[2][4000], x[CHAINS][LEN];
        int chains = graph ? CHAINS : 4000, len = graph ? LEN : 1;
        for (int ch = 0; ch < chains; ch++) {
            rng g;
            rng_seed_from(&g, sn_null_stream_seed(31, (uint64_t)ch));
            rw_block_start(&c, s, &g);
            for (int d = 0; d < len; d++) {
                double out[SN_NR_GLOBAL];
                rw_draw(&c, s, &g, out);
                if (graph)
                    x[ch][d] = out[SN_NR_CLUSTERING];
                else
                    for (int k = 0; k < 2; k++)
                        first[k][ch] = out[k];
            }
        }
        if (!graph) {
            for (int k = 0; k < 2; k++) {
                double mu, sigma;
                mean_sd(first[k], (size_t)chains, &mu, &sigma);
                assert_same_spread(mu, sigma, chains, mean[k], sd[k], 1e12, 5, 0.1);
            }
        } else {
            double mu = 0, var = 0, cov = 0;
            for (int ch = 0; ch < chains; ch++)
                for (int d = 0; d < len; d++)
                    mu += x[ch][d];
            mu /= chains * len;
            for (int ch = 0; ch < chains; ch++)
                for (int d = 0; d < len; d++) {
                    var += (x[ch][d] - mu) * (x[ch][d] - mu);
                    if (d)
                        cov += (x[ch][d] - mu) * (x[ch][d - 1] - mu);
                }
            double rho = cov / (chains * (len - 1)) / (var / (chains * len));
            print_message("lag-one correlation of clustering within chains: %.3f\n", rho);
            assert_true(rho < 0.3);
        }
        rw_scratch_free(&c, s);
        rw_ctx_free(&c);
    }
}

/* The chains give the distribution of independent rewired graphs, each made by
   10 x ties swap attempts from the observed graph (the algorithm they replace). */
static void test_rewire_as_independent(void **state)
{
    (void)state;
    enum { N = 40, D = 1200 };
    static uint32_t from[N * N], to[N * N], cur[N * N];
    size_t m = random_graph(N, 35, 8, 9, from, to);
    static double x[2][D];
    rng g;
    static unsigned char adj[N * N];
    for (int d = 0; d < D; d++) {
        rng_seed_from(&g, sn_null_stream_seed(77, (uint64_t)d));
        memset(adj, 0, sizeof adj);
        for (size_t k = 0; k < m; k++) {
            cur[k] = to[k];
            adj[from[k] * N + to[k]] = 1;
        }
        for (size_t t = 0; t < 10 * m; t++) {
            size_t i = rng_below_fast(&g, (uint32_t)m), j = rng_below_fast(&g, (uint32_t)m);
            uint32_t a = from[i], b = cur[i], cc = from[j], dd = cur[j];
            if (a == cc || b == dd || a == dd || cc == b || adj[a * N + dd] || adj[cc * N + b])
                continue;
            adj[a * N + b] = adj[cc * N + dd] = 0;
            adj[a * N + dd] = adj[cc * N + b] = 1;
            cur[i] = dd;
            cur[j] = b;
        }
        naive_stats(N, adj, &x[0][d], &x[1][d], NULL, NULL);
    }
    sn_null_rewire_in in;
    memset(&in, 0, sizeof in);
    in.n_nodes = N;
    in.n_ties = m;
    in.from = from;
    in.to = to;
    in.want[SN_NR_RECIPROCITY] = in.want[SN_NR_CLUSTERING] = 1;
    in.draws = 4000;
    in.seed = 5;
    in.threads = 2;
    sn_null_rewire_out out;
    assert_int_equal(sn_null_rewire(&in, &out, NULL), SN_OK);
    for (int k = 0; k < 2; k++) {
        double mean, sd;
        mean_sd(x[k], D, &mean, &sd);
        const sn_null_summary *s = &out.global[k];
        assert_same_spread(s->mean, s->sd, (double)s->draws / 2, mean, sd, D, 5, 0.12);
    }
    sn_null_rewire_free(&out);
}

/* The same seed gives the same summaries with 1 and 3 threads, chains and all. */
static void test_rewire_threads(void **state)
{
    (void)state;
    enum { N = 50 };
    static uint32_t from[N * N], to[N * N];
    size_t m = random_graph(N, 30, 5, 11, from, to);
    uint32_t focus[2] = {0, 7};
    sn_null_rewire_out out[2];
    for (int t = 0; t < 2; t++) {
        sn_null_rewire_in in;
        memset(&in, 0, sizeof in);
        in.n_nodes = N;
        in.n_ties = m;
        in.from = from;
        in.to = to;
        in.want[SN_NR_RECIPROCITY] = in.want[SN_NR_CLUSTERING] = in.want[SN_NR_TOP_SHARE] = 1;
        in.top_k = 3;
        in.n_focus = 2;
        in.focus = focus;
        in.want_betweenness = 1;
        in.draws = 101;
        in.seed = 8;
        in.threads = t ? 3 : 1;
        assert_int_equal(sn_null_rewire(&in, &out[t], NULL), SN_OK);
    }
    assert_memory_equal(out[0].global, out[1].global, sizeof out[0].global);
    assert_memory_equal(out[0].node, out[1].node, 2 * SN_NR_PER_NODE * sizeof *out[0].node);
    assert_int_equal(out[0].global[SN_NR_RECIPROCITY].draws, 101);
    sn_null_rewire_free(&out[0]);
    sn_null_rewire_free(&out[1]);
}

/* ---- time shuffle ---- */

static double log_choose(double n, double k)
{
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/* The hypergeometric draws against its probabilities, item by item and by inversion,
   on both sides of every symmetry. */
static void test_hyper(void **state)
{
    (void)state;
    static const uint32_t cases[][3] = {
        /* n, K, N */
        {5, 3, 10},       {7, 20, 30},      {12, 500, 1000},       {60, 90, 150},
        {100, 400, 1000}, {900, 300, 1000}, {300, 900, 1000},      {2000, 70000, 2000000},
        {45, 45, 90},     {1, 1, 2},        {30000, 60000, 100000}};
    time_ctx c;
    memset(&c, 0, sizeof c);
    for (int k = 0; k < TS_STIRLING_TABLE; k++)
        c.stirling[k] = k ? lgamma(k + 1.0) - (k + 0.5) * log((double)k) + k - 0.5 * TS_LN_2PI : 0;
    rng g;
    rng_seed_from(&g, 99);
    enum { D = 60000 };
    static double count[70001], prob[70001];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint32_t n = cases[i][0], K = cases[i][1], N = cases[i][2];
        uint32_t lo = n > N - K ? n - (N - K) : 0, hi = n < K ? n : K;
        memset(count, 0, sizeof count);
        for (uint32_t x = lo; x <= hi; x++)
            prob[x - lo] = exp(log_choose(K, x) + log_choose(N - K, n - x) - log_choose(N, n));
        double mean = 0;
        for (int d = 0; d < D; d++) {
            uint32_t x = hyper(&c, &g, n, K, N);
            assert_true(x >= lo && x <= hi);
            count[x - lo]++;
            mean += x;
        }
        assert_fits(count, prob, hi - lo + 1, D);
        /* and the pmf used by the inversion is the definition's */
        uint32_t mode = (uint32_t)(((double)n + 1) * ((double)K + 1) / ((double)N + 2));
        if (mode >= lo && mode <= hi)
            assert_true(fabs(hyper_pmf(&c, mode, n, K, N) / prob[mode - lo] - 1) < 1e-9);
        double sd = sqrt((double)n * K / N * (N - K) / N * (N - n) / (N > 1 ? N - 1 : 1));
        assert_true(fabs(mean / D - (double)n * K / N) <= 5 * sd / sqrt(D) + 1e-9);
    }
}

/* The statistics of one (tie, window) table per window, as a key: ties, and persistence
   and novelty to 1e-9 (the temporal module's definitions, from the counts). */
static void table_stats(uint32_t T, uint32_t W, const uint32_t *cnt, double mc, double *out)
{
    for (uint32_t w = 0; w < W; w++) {
        double ties = 0, both = 0, either = 0;
        for (uint32_t t = 0; t < T; t++) {
            int here = cnt[t * W + w] >= mc, prev = w > 0 && cnt[t * W + w - 1] >= mc;
            ties += here;
            both += here && prev;
            either += here || prev;
        }
        out[3 * w] = ties;
        out[3 * w + 1] = w > 0 && either > 0 ? both / either : -1;
        out[3 * w + 2] = w > 0 && ties > 0 ? 1 - both / ties : -1;
    }
}

/* Set the sampler's paths: 0 window by window, 1 contact by contact, 2 both (ties with
   more than half a contact per window window by window), 3 as shipped. */
static void time_paths(int mode)
{
    ts_few_windows = mode == 3 ? 4 : mode == 0 ? UINT32_MAX : 0;
    ts_heavy_per_window = mode == 3 ? 64 : mode == 0 ? 0 : mode == 1 ? 1e12 : 0.5;
}

/* Every arrangement of a small table's windows among its contacts (each equally likely
   under the permutation): the exact distribution of the statistics, against the draws. */
static void test_time_exact(void **state)
{
    (void)state;
    /* 3 ties with 3, 1 and 2 contacts; windows 0 0 1 1 1 2 */
    enum { K = 6, T = 3, W = 3 };
    static const uint32_t tie[K] = {0, 0, 0, 1, 2, 2};
    static const uint32_t window[K] = {0, 0, 1, 1, 1, 2};
    for (int mcase = 0; mcase < 2; mcase++) {
        double mc = mcase ? 2 : 1;
        /* the distinct arrangements of the window labels: a permutation each, in order */
        enum { MAXKEYS = 64 };
        double keys[MAXKEYS][3 * W], prob[MAXKEYS], count[MAXKEYS];
        int n_keys = 0;
        uint32_t perm[K] = {0, 1, 2, 3, 4, 5};
        int total = 0;
        for (;;) {
            uint32_t cnt[T * W] = {0};
            for (int k = 0; k < K; k++)
                cnt[tie[k] * W + window[perm[k]]]++;
            double st[3 * W];
            table_stats(T, W, cnt, mc, st);
            int i = 0;
            while (i < n_keys && memcmp(keys[i], st, sizeof st) != 0)
                i++;
            if (i == n_keys) {
                assert_true(n_keys < MAXKEYS);
                memcpy(keys[n_keys], st, sizeof st);
                prob[n_keys++] = 0;
            }
            prob[i]++;
            total++;
            /* the next permutation in lexicographic order */
            int a = K - 2;
            while (a >= 0 && perm[a] > perm[a + 1])
                a--;
            if (a < 0)
                break;
            int b = K - 1;
            while (perm[b] < perm[a])
                b--;
            uint32_t tmp = perm[a];
            perm[a] = perm[b];
            perm[b] = tmp;
            for (int x = a + 1, y = K - 1; x < y; x++, y--) {
                tmp = perm[x];
                perm[x] = perm[y];
                perm[y] = tmp;
            }
        }
        assert_int_equal(total, 720);
        for (int i = 0; i < n_keys; i++)
            prob[i] /= total;
        assert_true(n_keys >= 4);
        for (int mode = 0; mode < 3; mode++) {
            time_paths(mode);
            sn_null_time_in in = {.n_contacts = K,
                                  .tie = tie,
                                  .window = window,
                                  .n_ties = T,
                                  .n_windows = W,
                                  .min_contacts = mc,
                                  .draws = 1};
            time_ctx c;
            assert_int_equal(ts_ctx_init(&c, &in, NULL), SN_OK);
            assert_int_equal(c.n_heavy, mode == 0 ? 3 : mode == 1 ? 0 : 2);
            time_scratch *s = ts_scratch_new(&c);
            assert_non_null(s);
            memset(count, 0, sizeof count);
            enum { D = 60000 };
            rng g;
            for (int d = 0; d < D; d++) {
                rng_seed_from(&g, sn_null_stream_seed(21 + (uint64_t)mode, (uint64_t)d));
                double out[W * SN_NT_PER_WINDOW], st[3 * W];
                ts_draw(&c, s, &g, out);
                for (uint32_t w = 0; w < W; w++) {
                    const double *o = out + w * SN_NT_PER_WINDOW;
                    st[3 * w] = o[SN_NT_TIES];
                    st[3 * w + 1] = isnan(o[SN_NT_PERSISTENCE]) ? -1 : o[SN_NT_PERSISTENCE];
                    st[3 * w + 2] = isnan(o[SN_NT_NOVELTY]) ? -1 : o[SN_NT_NOVELTY];
                    assert_true(o[SN_NT_CONTACTS] == (w == 0 ? 2 : w == 1 ? 3 : 1));
                }
                int i = 0;
                while (i < n_keys && memcmp(keys[i], st, sizeof st) != 0)
                    i++;
                assert_true(i < n_keys); /* an outcome the permutation can give */
                count[i]++;
            }
            assert_fits(count, prob, (size_t)n_keys, D);
            ts_scratch_free(&c, s);
            ts_ctx_free(&c);
        }
    }
    time_paths(3);
}

/* A random instance: the samplers (each path, and the default mix) against a shuffle of
   every contact's window, by the mean and sd of each window's statistics. */
static void test_time_as_shuffle(void **state)
{
    (void)state;
    enum { T = 150, W = 7, MAXK = 20000, D = 1500 };
    static uint32_t tie[MAXK], window[MAXK], win[MAXK];
    rng g;
    rng_seed_from(&g, 5150);
    size_t K = 0;
    for (uint32_t t = 0; t < T; t++) {
        /* a few heavy ties, most light; each with its favourite windows */
        uint32_t r = t < 6 ? 600 + 80 * t : 1 + rng_below_fast(&g, t % 3 ? 12 : 60);
        uint32_t fav = rng_below_fast(&g, W);
        for (uint32_t k = 0; k < r; k++) {
            tie[K] = t;
            window[K++] = rng_below_fast(&g, 3) ? fav : rng_below_fast(&g, W);
        }
    }
    /* the reference: shuffle every contact's window */
    static double ref[3 * W][D];
    static uint32_t cnt[T * W];
    for (int d = 0; d < D; d++) {
        rng_seed_from(&g, sn_null_stream_seed(600, (uint64_t)d));
        memcpy(win, window, K * sizeof *win);
        for (size_t i = K; i > 1; i--) {
            size_t j = rng_below(&g, (uint32_t)i);
            uint32_t tmp = win[i - 1];
            win[i - 1] = win[j];
            win[j] = tmp;
        }
        memset(cnt, 0, sizeof cnt);
        for (size_t k = 0; k < K; k++)
            cnt[tie[k] * W + win[k]]++;
        double st[3 * W];
        table_stats(T, W, cnt, 1, st);
        for (int i = 0; i < 3 * W; i++)
            ref[i][d] = st[i];
    }
    for (int mode = 0; mode < 4; mode++) {
        time_paths(mode);
        sn_null_time_in in = {.n_contacts = K,
                              .tie = tie,
                              .window = window,
                              .n_ties = T,
                              .n_windows = W,
                              .min_contacts = 1,
                              .draws = 3000,
                              .seed = 17,
                              .threads = 2};
        sn_null_time_out out;
        assert_int_equal(sn_null_time(&in, &out, NULL), SN_OK);
        for (uint32_t w = 0; w < W; w++) {
            static const int stat[3] = {SN_NT_TIES, SN_NT_PERSISTENCE, SN_NT_NOVELTY};
            for (int k = 0; k < (w ? 3 : 1); k++) {
                double mean, sd;
                mean_sd(ref[3 * w + k], D, &mean, &sd);
                const sn_null_summary *s = &out.window[w * SN_NT_PER_WINDOW + stat[k]];
                assert_int_equal(s->missing, 0);
                assert_same_spread(s->mean, s->sd, (double)s->draws, mean, sd, D, 5, 0.12);
            }
        }
        sn_null_time_free(&out);
    }
    time_paths(3);
}

/* The same seed gives the same summaries with 1 and 4 threads; bad input is refused. */
static void test_time_threads(void **state)
{
    (void)state;
    enum { K = 3000 };
    static uint32_t tie[K], window[K];
    rng g;
    rng_seed_from(&g, 1);
    for (int k = 0; k < K; k++) {
        tie[k] = rng_below_fast(&g, 200) % (1 + rng_below_fast(&g, 200));
        window[k] = rng_below_fast(&g, 9);
    }
    sn_null_time_out out[2];
    for (int t = 0; t < 2; t++) {
        sn_null_time_in in = {.n_contacts = K,
                              .tie = tie,
                              .window = window,
                              .n_ties = 200,
                              .n_windows = 9,
                              .min_contacts = 2,
                              .draws = 77,
                              .seed = 4,
                              .threads = t ? 4 : 1};
        assert_int_equal(sn_null_time(&in, &out[t], NULL), SN_OK);
    }
    assert_memory_equal(out[0].window, out[1].window, 9 * SN_NT_PER_WINDOW * sizeof *out[0].window);
    sn_null_time_free(&out[0]);
    sn_null_time_free(&out[1]);
    sn_err err = {0};
    window[5] = 9;
    sn_null_time_in bad = {
        .n_contacts = K, .tie = tie, .window = window, .n_ties = 200, .n_windows = 9, .draws = 10};
    assert_int_equal(sn_null_time(&bad, &out[0], &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "contact 5"));
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binom_one_sided),    cmocka_unit_test(test_binom_two_sided),
        cmocka_unit_test(test_far_tails),          cmocka_unit_test(test_fisher),
        cmocka_unit_test(test_p_adjust),           cmocka_unit_test(test_summary),
        cmocka_unit_test(test_rewire_chain_state), cmocka_unit_test(test_rewire_exact),
        cmocka_unit_test(test_rewire_chain_draws), cmocka_unit_test(test_rewire_as_independent),
        cmocka_unit_test(test_rewire_threads),     cmocka_unit_test(test_hyper),
        cmocka_unit_test(test_time_exact),         cmocka_unit_test(test_time_as_shuffle),
        cmocka_unit_test(test_time_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
