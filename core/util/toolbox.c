/* toolbox.c - the engine's shared helpers (see toolbox.h). */
#include "toolbox.h"
#include <dlfcn.h>

#include <igraph/igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double sni_clock_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double sni_clock_real(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sni_openmp_one_thread(void)
{
    /* per thread: OpenMP's thread count is a setting of the calling thread */
    static _Thread_local int done;
    if (done)
        return;
    done = 1;
    void *sym = dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (sym) {
        void (*set)(int);
        memcpy(&set, &sym, sizeof set); /* an object pointer to a function pointer */
        set(1);
    }
}

int sni_threads(void)
{
    const char *env = getenv("SAMNETT_THREADS");
    long t = env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
    if (t < 1)
        t = 1;
    if (t > 16)
        t = 16;
    return (int)t;
}

typedef struct part_job {
    sni_part_fn fn;
    void *data;
    int part, parts;
} part_job;

static void *part_main(void *arg)
{
    part_job *j = arg;
    j->fn(j->data, j->part, j->parts);
    return NULL;
}

void sni_parallel_for(int parts, sni_part_fn fn, void *data)
{
    if (parts <= 1) {
        fn(data, 0, 1);
        return;
    }
    part_job stack_jobs[16];
    pthread_t stack_tids[16];
    part_job *jobs = parts <= 16 ? stack_jobs : malloc((size_t)parts * sizeof *jobs);
    pthread_t *tids = parts <= 16 ? stack_tids : malloc((size_t)parts * sizeof *tids);
    char started[16] = {0};
    char *on = parts <= 16 ? started : calloc((size_t)parts, 1);
    if (!jobs || !tids || !on) {
        /* no memory for the bookkeeping: every part on this thread */
        for (int p = 0; p < parts; p++)
            fn(data, p, parts);
        goto out;
    }
    for (int p = 1; p < parts; p++) {
        jobs[p] = (part_job){fn, data, p, parts};
        on[p] = pthread_create(&tids[p], NULL, part_main, &jobs[p]) == 0;
    }
    fn(data, 0, parts);
    for (int p = 1; p < parts; p++) {
        if (on[p])
            pthread_join(tids[p], NULL);
        else
            fn(data, p, parts);
    }
out:
    if (jobs != stack_jobs)
        free(jobs);
    if (tids != stack_tids)
        free(tids);
    if (on != started)
        free(on);
}

double sni_quantile_sorted(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/*
 * h(x) = 1/x - 1/(e^x - 1), the mean offset over T of events with intensity
 * e^(-x t / T) on [0, T]: it falls from 1/2 (x -> 0) to 0 (x -> infinity).
 */
static double decay_mean(double x)
{
    if (x < 1e-3) /* series: cancellation in the closed form */
        return 0.5 - x / 12 + x * x * x / 720 - x * x * x * x * x / 30240;
    if (x > 700)
        return 1 / x;
    double em1 = expm1(x);
    return (em1 - x) / (x * em1);
}

double sni_decay_rate(double mean_t, double T)
{
    if (!(T > 0) || !(mean_t > 0) || !isfinite(mean_t))
        return NAN;
    double m = mean_t / T;
    if (m >= 0.5)
        return NAN; /* lambda <= 0: no decay */
    double lo = 0, hi = 1;
    while (decay_mean(hi) > m && hi < 1e300)
        hi *= 2;
    for (int i = 0; i < 2000 && hi - lo > 1e-15 * hi; i++) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi)
            break;
        if (decay_mean(mid) > m)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + (hi - lo) / 2) / T;
}

sn_status sni_igraph_status(sn_err *err, const char *what, int rc)
{
    if (rc == IGRAPH_ENOMEM)
        return sn_err_set(err, SN_ENOMEM, "out of memory in %s", what);
    return sn_err_set(err, SN_EANALYSIS, "%s failed: %s", what, igraph_strerror(rc));
}

void sn_init(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
}

#define SNI_CMP(name, type)                                                                        \
    int name(const void *a, const void *b)                                                         \
    {                                                                                              \
        type x = *(const type *)a, y = *(const type *)b;                                           \
        return x < y ? -1 : x > y;                                                                 \
    }
SNI_CMP(sni_cmp_double, double)
SNI_CMP(sni_cmp_u32, uint32_t)
SNI_CMP(sni_cmp_u64, uint64_t)
SNI_CMP(sni_cmp_i64, int64_t)

void sni_sort_doubles(double *v, size_t n)
{
    /*
     * LSD radix sort, 11 bits a pass, on the bits made monotone (negatives
     * flipped, positives with the sign bit set). With a NaN or a -0.0 (which
     * qsort leaves among the equal +0.0 in its own order) or few values, qsort.
     */
    uint64_t *key = n >= 1024 ? malloc(2 * n * sizeof *key) : NULL;
    if (!key) {
        qsort(v, n, sizeof *v, sni_cmp_double);
        return;
    }
    uint64_t *tmp = key + n, *base = key;
    for (size_t i = 0; i < n; i++) {
        uint64_t b;
        memcpy(&b, &v[i], sizeof b);
        if (isnan(v[i]) || b == UINT64_C(0x8000000000000000)) {
            free(base);
            qsort(v, n, sizeof *v, sni_cmp_double);
            return;
        }
        key[i] = b >> 63 ? ~b : b | UINT64_C(0x8000000000000000);
    }
    for (int shift = 0; shift < 64; shift += 11) {
        size_t count[2049] = {0};
        for (size_t i = 0; i < n; i++)
            count[((key[i] >> shift) & 0x7ff) + 1]++;
        if (count[((key[0] >> shift) & 0x7ff) + 1] == n)
            continue; /* every key has the same digit here */
        for (size_t d = 1; d <= 2048; d++)
            count[d] += count[d - 1];
        for (size_t i = 0; i < n; i++)
            tmp[count[(key[i] >> shift) & 0x7ff]++] = key[i];
        uint64_t *t = key;
        key = tmp;
        tmp = t;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t b = key[i] >> 63 ? key[i] & ~UINT64_C(0x8000000000000000) : ~key[i];
        memcpy(&v[i], &b, sizeof b);
    }
    free(base);
}

int sni_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *sni_group_digits(long long v, char sep, char *buf, size_t cap)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
    size_t j = 0;
    if (v < 0 && j + 1 < cap)
        buf[j++] = '-';
    for (int i = 0; i < n && j + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[j++] = sep;
        buf[j++] = digits[i];
    }
    buf[j] = '\0';
    return buf;
}
