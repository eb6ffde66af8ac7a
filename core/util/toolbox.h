/*
 * toolbox.h - the engine's shared helpers (internal; any module may use them):
 * clocks, the worker-thread count and a parallel for, quantiles, lower
 * bounds, the exponential-decay fit, and the bridge from igraph's error codes
 * to sn_status. One copy of each, so that two modules never compute the same
 * thing two ways. Internal names start with sni_.
 */
#ifndef SN_UTIL_TOOLBOX_H
#define SN_UTIL_TOOLBOX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samnett/error.h"

/* ---- clocks ---- */

/* Seconds on the monotonic clock (for durations). */
double sni_clock_mono(void);
/* Seconds since the epoch on the real-time clock. */
double sni_clock_real(void);

/* ---- threads ---- */

/* Worker threads to use: SAMNETT_THREADS, else the online processors (1..16). */
int sni_threads(void);

/*
 * Run fn(data, part, parts) for part = 0 .. parts - 1, part 0 on the calling
 * thread and the others on threads of their own, and wait for all. A part
 * whose thread cannot be started runs on the calling thread afterwards, so
 * every part always runs exactly once. parts < 1 counts as 1.
 */
typedef void (*sni_part_fn)(void *data, int part, int parts);
void sni_parallel_for(int parts, sni_part_fn fn, void *data);

/*
 * Make the igraph routines the calling thread runs next use one OpenMP
 * thread (omp_set_num_threads(1), looked up at run time: nothing when igraph
 * was built without OpenMP). igraph's PRPACK PageRank sums in parallel when
 * OpenMP is there, in an order that changes from run to run, so its last
 * digits did too; with one thread a run gives the same bytes every time.
 */
void sni_openmp_one_thread(void);

/* ---- qsort comparators: ascending ---- */

int sni_cmp_double(const void *a, const void *b); /* NaN compares equal to everything */
int sni_cmp_u32(const void *a, const void *b);
int sni_cmp_u64(const void *a, const void *b);
int sni_cmp_i64(const void *a, const void *b);
int sni_cmp_str(const void *a, const void *b); /* an array of char *, by strcmp */

/* ---- order statistics ---- */

/* Sort v ascending: the order qsort(v, n, sizeof *v, sni_cmp_double) gives, faster for large n. */
void sni_sort_doubles(double *v, size_t n);

/*
 * The q-quantile (0 <= q <= 1) of v[0 .. n-1], sorted ascending, n >= 1, by
 * linear interpolation between closest ranks (R's type 7, NumPy's default).
 */
double sni_quantile_sorted(const double *v, size_t n, double q);

/* The first index i in [0, n) with v[i] >= x (n when none): v sorted ascending. */
#define SNI_LOWER_BOUND(name, type)                                                                \
    static inline size_t name(const type *v, size_t n, type x)                                     \
    {                                                                                              \
        size_t lo = 0, hi = n;                                                                     \
        while (lo < hi) {                                                                          \
            size_t mid = lo + (hi - lo) / 2;                                                       \
            if (v[mid] < x)                                                                        \
                lo = mid + 1;                                                                      \
            else                                                                                   \
                hi = mid;                                                                          \
        }                                                                                          \
        return lo;                                                                                 \
    }
SNI_LOWER_BOUND(sni_lower_bound_u32, uint32_t)
SNI_LOWER_BOUND(sni_lower_bound_u64, uint64_t)

/*
 * The first index i in [0, n) whose key is >= x, where key(data, i) is
 * ascending in i (n when none): for keys read through an index or a column.
 */
static inline size_t sni_lower_bound_by(size_t n, int64_t (*key)(const void *data, size_t i),
                                        const void *data, int64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key(data, mid) < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- text ---- */

/* Does s end with suffix? */
static inline int sni_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* v with its digits in groups of three, sep between them ("1,234,567"), into buf. */
const char *sni_group_digits(long long v, char sep, char *buf, size_t cap);

/* ---- the exponential-decay fit ---- */

/*
 * The rate lambda of an exponential decay truncated to [0, T] whose mean
 * offset is mean_t (the maximum-likelihood fit); NaN when mean_t >= T/2 (no
 * decay), mean_t <= 0 or T <= 0.
 */
double sni_decay_rate(double mean_t, double T);

/* ---- igraph ---- */

/*
 * The sn_status of a failed igraph call (rc != IGRAPH_SUCCESS): SN_ENOMEM for
 * IGRAPH_ENOMEM, else SN_EANALYSIS, with "what failed: igraph's reason".
 * rc is an igraph_error_t.
 */
sn_status sni_igraph_status(sn_err *err, const char *what, int rc);

#endif
