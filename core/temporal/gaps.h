/*
 * gaps.h - running statistics of inter-contact times (internal to the
 * temporal measures): one pass, in time order, Welford's update of the mean
 * and the sum of squared deviations of the gaps between consecutive times.
 */
#ifndef SAMNETT_TEMPORAL_GAPS_H
#define SAMNETT_TEMPORAL_GAPS_H

#include <math.h>
#include <stdint.h>

typedef struct sn_gaps {
    long n;              /* times seen */
    int64_t first, last; /* valid when n > 0 */
    double mean, m2;     /* of the n - 1 gaps, in seconds */
} sn_gaps;

static inline void sn_gaps_add(sn_gaps *g, int64_t t)
{
    if (g->n == 0) {
        g->first = t;
    } else {
        double dt = (double)(t - g->last);
        double delta = dt - g->mean;
        g->mean += delta / (double)g->n; /* g->n gaps after this one */
        g->m2 += delta * (dt - g->mean);
    }
    g->last = t;
    g->n++;
}

/* Population standard deviation of the gaps. */
static inline double sn_gaps_sigma(const sn_gaps *g)
{
    double v = g->m2 / (double)(g->n - 1);
    return v > 0 ? sqrt(v) : 0.0;
}

static inline double sn_gaps_burstiness(const sn_gaps *g)
{
    if (g->n < 2)
        return NAN;
    double s = sn_gaps_sigma(g), mu = g->mean;
    if (s + mu <= 0)
        return NAN; /* all contacts at one instant */
    return (s - mu) / (s + mu);
}

static inline double sn_gaps_regularity(const sn_gaps *g)
{
    if (g->n < 2 || !(g->mean > 0))
        return NAN;
    return sn_gaps_sigma(g) / g->mean;
}

#endif
