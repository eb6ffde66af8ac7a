/*
 * samnett/temporal.h - time as a dimension of the network (README, "What is measured",
 * temporal measures).
 *
 * Three layers, each usable on its own:
 *
 * 1. A time index over the event store (sn_timeline): the contact indices in
 *    time order, found once, and the index range of any [since, until). It
 *    never copies the store's columns, so later code (a lens host) can walk
 *    any window of the contacts in time order:
 *
 *      sn_timeline tl;
 *      sn_timeline_build(store, &tl, &err);      (an analysis with windows
 *      size_t lo, hi;                             has one: an->temporal.timeline)
 *      sn_timeline_range(&tl, since, until, &lo, &hi);
 *      for (size_t p = lo; p < hi; p++) {
 *          size_t i = sn_timeline_contact(&tl, p);
 *          use(sn_store_time(store, i), store->from[i], store->to[i], store->channel[i]);
 *      }
 *      sn_timeline_free(&tl);
 *
 *    sn_windows_plan gives the windows' bounds for such ranges.
 *
 * 2. Windows (sn_span, sn_windows_plan): "30d", "1w", "month", "quarter",
 *    "year" or any "Nd" / "Nw". All times are UTC epoch seconds and a day is
 *    86,400 seconds; daylight saving time never applies. Calendar windows
 *    (month, quarter, year) start on the first of a month, quarter or year
 *    (UTC midnight); day and week windows start at the start of the analysed
 *    period. Fixed windows tile the analysed period; with a step they slide.
 *    Windows are clipped to the analysed period, and empty windows are kept.
 *
 * 3. The measures (sn_temporal_compute), for every window and for every tie,
 *    node, group pair and the whole network over the analysed period:
 *
 *    analysed period  [since, until) of the view; without --since the start
 *                     is UTC midnight of the first contact's day, without
 *                     --until the end is UTC midnight after the last
 *                     contact's day. With a plausible time range (opts
 *                     has_range; the command line's default is 1970-01-01
 *                     to ten years after today) the period is cut to it:
 *                     first and last count only contacts inside the range,
 *                     and since / until are clipped to it, and stray
 *                     contacts at its ends are cut off (SN_BULK_* below).
 *                     Contacts of the view outside the period are counted
 *                     (outside) and left out of windows, change points and
 *                     the measures below; they stay in the network.
 *    contacts         the network (and each window, each channel) counts
 *                     every contact that passes the view's time and channel
 *                     filters, as network.contacts does; a tie, node or
 *                     group pair counts the contacts on the network's ties
 *                     (a node: on its ties in either direction; a group pair
 *                     g -> h: on ties from a node of g to a node of h).
 *                     With meetings left out of the view, meeting rows are
 *                     not contacts on ties; with meetings projected, each
 *                     meeting row counts on its own node pair.
 *    per window       contacts; nodes = nodes with at least one tie in the
 *                     window; ties (a window tie needs min_contacts contacts
 *                     inside the window); density = ties / (nodes (nodes-1))
 *                     over those active nodes (NaN below two); reciprocity =
 *                     share of ties whose reverse tie is in the window (NaN
 *                     without ties); components = weak components among the
 *                     active nodes; contacts by channel.
 *    persistence      Jaccard |A & B| / |A | B| of the tie sets A, B of two
 *                     consecutive windows; NaN for the first window and when
 *                     both sets are empty. For a node (its ties in either
 *                     direction), a group pair (its ties) or a tie (the set
 *                     {tie}) the mean over the consecutive window pairs in
 *                     which the union is not empty.
 *    novelty          share of a window's ties not present in any of the
 *                     previous k windows (default k = 1); NaN for the first k
 *                     windows and for windows without ties. For a node, group
 *                     pair or tie the mean over the windows (from the k-th
 *                     on) in which it has ties.
 *    burstiness B     (sigma - mu) / (sigma + mu) of the inter-contact times
 *                     (Goh & Barabasi 2008), population sigma; from -1
 *                     (perfectly regular) over 0 (Poisson) to 1 (bursty).
 *                     NaN with fewer than two contacts, and when all contacts
 *                     fall on one instant (mu = sigma = 0: no time between
 *                     contacts, so neither regular nor bursty).
 *    regularity       coefficient of variation sigma / mu of the
 *                     inter-contact times (0 = clockwork); NaN with fewer
 *                     than two contacts or mu = 0.
 *    rate ratio       contacts per day in the analysed period (per window:
 *                     in the window) over contacts per day in the baseline:
 *                     --baseline SINCE..UNTIL, else the first window. The
 *                     baseline counts the same kind of contacts (for a tie,
 *                     the contacts on that node pair) and may lie outside
 *                     the analysed period. NaN without a baseline or when
 *                     the baseline has no contacts.
 *    half-life        after --after D: an exponential decay intensity
 *                     a e^(-lambda t) fitted by maximum likelihood to the
 *                     contacts in [D', end) with t = time - D', where D' is
 *                     D or the period start if later and T = end - D'. The
 *                     MLE solves mean(t) = 1/lambda - T / (e^(lambda T) - 1)
 *                     (bisection on x = lambda T). The half-life ln 2 / lambda
 *                     is in days. NaN ("no decay") with fewer than
 *                     SN_DECAY_MIN_CONTACTS contacts after D', when
 *                     mean(t) >= T/2 (lambda <= 0) or when mean(t) = 0.
 *                     Contacts before / after D are counted in the period.
 *    change points    in the daily contact counts (day d = [start + d 86400,
 *                     start + (d+1) 86400)) of the network, each channel and
 *                     each group pair with at least cp_min_contacts contacts:
 *                     PELT (Killick, Fearnhead & Eckley 2012) with the
 *                     Poisson segment cost C = 2 (S - S ln(S / L)) for S
 *                     contacts over L days (minus twice the maximised
 *                     log-likelihood, without the log y! terms) and penalty
 *                     beta per change, with every segment at least
 *                     cp_min_days long. The default penalty is a
 *                     quasi-Poisson BIC, beta = 2 phi ln(days): BIC's 2 ln n
 *                     (a new rate and a location per change) times the
 *                     series' overdispersion phi = max(1, sum (y_d -
 *                     y_(d-1))^2 / (2 sum y_d)), estimated from day-to-day
 *                     differences (1 for Poisson counts; robust to the level
 *                     shifts being sought). Daily contact counts are
 *                     overdispersed (weekdays and weekends, meetings written
 *                     as many rows at once), and plain BIC then finds a
 *                     change every few weeks. SN_CP_BIC uses 2 ln(days), and
 *                     SN_CP_FIXED a given beta. Pruning is deferred by the
 *                     minimum segment length, which keeps PELT exact: the
 *                     result equals optimal partitioning. Each change point
 *                     is the first day of the new segment with the mean
 *                     contacts per day of the segments before and after;
 *                     they are ordered by |after - before|, largest first.
 *                     Positions deep inside a run of days without contacts
 *                     are not tried (never needed for the optimum; see
 *                     measures.c), so long empty stretches cost linear time.
 *                     With whole counts most candidates' costs are bounded
 *                     from below rather than computed (the cost is concave;
 *                     see measures.c): the same steps and change points at
 *                     a few evaluations per day instead of about days / 2.
 *                     Periods longer than SN_CP_MAX_DAYS are not tested
 *                     (cp_too_long), nor is a series whose search passes
 *                     SN_CP_MAX_WORK steps (over_work): time and memory
 *                     stay bounded.
 */
#ifndef SAMNETT_TEMPORAL_H
#define SAMNETT_TEMPORAL_H

#include <stddef.h>
#include <stdint.h>

#include "samnett/error.h"
#include "samnett/metrics.h"
#include "samnett/net.h"
#include "samnett/partition.h"
#include "samnett/store.h"
#include "samnett/time.h"

#define SN_DAY 86400
/*
 * With a plausible range, the period is also cut to the bulk of the data: of
 * the first (last) 1/SN_BULK_SHARE of its contacts, those before (after) more
 * than SN_BULK_GAP_DAYS days without contacts are strays, left out like the
 * contacts outside the range (when it has SN_BULK_MIN_CONTACTS or more, and
 * not at an end fixed by since or until).
 */
#define SN_BULK_SHARE 1000
#define SN_BULK_GAP_DAYS 365
#define SN_BULK_MIN_CONTACTS 1000
/* Longest analysed period (days) tested for change points: 200 years. */
#define SN_CP_MAX_DAYS 73050
/*
 * Candidate evaluations one series may take (a steady series of about
 * 28,000 days; a few seconds); a series that needs more is not tested.
 */
#define SN_CP_MAX_WORK 400000000ull
/* Fewest contacts after --after for a decay fit. */
#define SN_DECAY_MIN_CONTACTS 3

/* ------------------------------------------------------------------------ */
/* The time index                                                           */

typedef struct sn_timeline {
    const sn_store *store;
    size_t n;        /* contacts indexed (store->n when built) */
    uint32_t *order; /* contact indices in time order, equal times in store order;
                        NULL when the store itself is in time order */
} sn_timeline;

/* Index the store's contacts by time: O(n) when already in order, else a stable radix sort. */
sn_status sn_timeline_build(const sn_store *s, sn_timeline *tl, sn_err *err);
void sn_timeline_free(sn_timeline *tl);

/* The store index of the contact at position pos (0 .. n-1) in time order. */
static inline size_t sn_timeline_contact(const sn_timeline *tl, size_t pos)
{
    return tl->order ? tl->order[pos] : pos;
}
static inline int64_t sn_timeline_time(const sn_timeline *tl, size_t pos)
{
    return sn_store_time(tl->store, sn_timeline_contact(tl, pos));
}

/* Positions [*lo, *hi) in time order of the contacts with since <= time < until. O(log n). */
void sn_timeline_range(const sn_timeline *tl, int64_t since, int64_t until, size_t *lo, size_t *hi);

/*
 * A read-only store whose contacts are positions [lo, hi) in time order,
 * sharing the store's columns and actors (no copy). Only when the store is in
 * time order (tl->order == NULL); SN_EUSAGE otherwise. Valid while the store
 * lives and is not changed; never pass it to sn_store_free.
 */
sn_status sn_timeline_slice(const sn_timeline *tl, size_t lo, size_t hi, sn_store *out,
                            sn_err *err);

/* ------------------------------------------------------------------------ */
/* Spans and windows                                                        */

typedef enum sn_span_unit { SN_SPAN_SECONDS, SN_SPAN_MONTHS } sn_span_unit;

typedef struct sn_span {
    sn_span_unit unit;
    int64_t count; /* seconds, or calendar months (1 month, 3 quarter, 12 year) */
    char name[24]; /* canonical: "30d", "7d", "month", "quarter", "year" */
} sn_span;

/*
 * Parse "Nd" (days), "Nw" (weeks), "day", "week", "month", "quarter", "year"
 * (also "måned", "kvartal", "år"). N is a whole number from 1 to 36,500 days.
 */
sn_status sn_span_parse(const char *s, sn_span *out);
/* The span as an ISO 8601 duration: "P30D", "P1M", "P3M", "P1Y". */
void sn_span_iso(const sn_span *s, char *buf, size_t len);
/* t plus k spans; calendar months keep the time of day and clamp the day to the month's end. */
int64_t sn_span_add(const sn_span *s, int64_t t, int64_t k);
/* The calendar boundary at or before t (1st of the month, quarter or year); t for day spans. */
int64_t sn_span_align(const sn_span *s, int64_t t);

typedef struct sn_window_bounds {
    int64_t start, end; /* clipped to the analysed period */
    char label[24];     /* "2020-03", "2020Q1", "2020"; else the start date */
} sn_window_bounds;

/*
 * Windows over [p0, p1): window k starts at A + k * step and lasts `length`,
 * where A is p0 aligned to the calendar for calendar lengths (else p0) and
 * step is the length when NULL (fixed windows). Windows are made until the
 * first one that reaches p1, and clipped to [p0, p1). None when p1 <= p0.
 * SN_EUSAGE when more than SN_WINDOWS_MAX would be needed.
 */
#define SN_WINDOWS_MAX 40000
sn_status sn_windows_plan(const sn_span *length, const sn_span *step, int64_t p0, int64_t p1,
                          sn_window_bounds **out, size_t *n, sn_err *err);

/* The analysed period [*p0, *p1) of a view over a store (see the top of this file). */
void sn_temporal_period(const sn_store *s, const sn_view_opts *v, int64_t *p0, int64_t *p1);
/*
 * The same, cut to a plausible time range r (NULL: none, as above): first and
 * last are of the contacts inside r, and since / until are clipped to r.
 * O(1) when every contact lies inside r, else O(contacts).
 */
void sn_temporal_period_in(const sn_store *s, const sn_view_opts *v, const sn_time_range *r,
                           int64_t *p0, int64_t *p1);

/* ------------------------------------------------------------------------ */
/* The measures on their own                                                */

/* Burstiness and regularity of sorted times (NaN as defined above). */
double sn_burstiness(const int64_t *times, size_t n);
double sn_regularity(const int64_t *times, size_t n);
/*
 * The decay rate lambda (per unit of t) of the MLE of a e^(-lambda t) on
 * [0, T] given the mean offset of the events; NaN when mean_t >= T/2 (no
 * decay), mean_t <= 0 or T <= 0.
 */
double sn_decay_rate(double mean_t, double T);
/* The overdispersion phi of daily counts (see change points above); 1 for n < 2 or no counts. */
double sn_dispersion(const double *counts, size_t n);
/*
 * PELT with the Poisson cost over counts[0 .. n-1]: the positions where a new
 * segment starts (ascending) into *cps (malloc'd; free it), their number in
 * *n_cps. penalty > 0; segments are at least min_len long (>= 1).
 */
sn_status sn_pelt_poisson(const double *counts, size_t n, double penalty, size_t min_len,
                          size_t **cps, size_t *n_cps, sn_err *err);
/*
 * The same, giving up after max_work candidate evaluations (0 = no limit):
 * then *over = 1 (over may be NULL) and no change points. PELT needs about
 * n^2 / 2 of them on a long series that is steady throughout (few changes
 * to prune at), about n with changes every few weeks or long empty runs.
 */
sn_status sn_pelt_poisson_limited(const double *counts, size_t n, double penalty, size_t min_len,
                                  uint64_t max_work, size_t **cps, size_t *n_cps, int *over,
                                  sn_err *err);

/* ------------------------------------------------------------------------ */
/* One analysis over time                                                   */

/* Node measures that can be asked for per window (--window-metrics). */
enum {
    SN_WM_DEGREE = 1u << 0, /* degree_in, degree_out */
    SN_WM_STRENGTH = 1u << 1,
    SN_WM_BETWEENNESS = 1u << 2,
    SN_WM_CLOSENESS = 1u << 3,
    SN_WM_HARMONIC = 1u << 4,
    SN_WM_REACHABLE = 1u << 5,
    SN_WM_PAGERANK = 1u << 6,
    SN_WM_EIGENVECTOR = 1u << 7,
    SN_WM_HUB = 1u << 8,
    SN_WM_AUTHORITY = 1u << 9,
    SN_WM_CONSTRAINT = 1u << 10,
    SN_WM_EFFECTIVE_SIZE = 1u << 11,
    SN_WM_EFFICIENCY = 1u << 12,
    SN_WM_ALL = (1u << 13) - 1
};
#define SN_WM_COLUMNS 15

/* Parse "degree,strength,pagerank" (or "all"); SN_EUSAGE names nothing valid. */
sn_status sn_window_metrics_parse(const char *list, unsigned *out);
/* The column names of a set, in a fixed order: returns their number. */
int sn_window_metric_columns(unsigned set, const char *names[SN_WM_COLUMNS]);

/* The change-point penalty: 2 phi ln(days), 2 ln(days), or a given number. */
typedef enum sn_cp_rule { SN_CP_QUASI_BIC, SN_CP_BIC, SN_CP_FIXED } sn_cp_rule;

typedef struct sn_temporal_opts {
    int has_window;
    sn_span window;
    int has_slide;
    sn_span slide;
    unsigned window_metrics; /* SN_WM_* bits; 0 = none (default) */
    int novelty_k;           /* >= 1; default 1 */
    int has_after;
    int64_t after;
    int has_baseline;
    int64_t baseline_since, baseline_until;
    const char *pairs_by; /* group attribute of the pairs; default "type" */
    sn_cp_rule cp_rule;   /* default SN_CP_QUASI_BIC */
    double cp_penalty;    /* beta for SN_CP_FIXED */
    long cp_min_days;     /* default 14 */
    long cp_min_contacts; /* group pairs tested for change points; default 100 */
    int has_range;        /* cut the period to a plausible time range */
    sn_time_range range;
    int series_only; /* only the network, its channels and the windows: no measures of each tie,
                        node or group pair (n_ties = n_nodes = n_pairs = 0), nor the network's
                        burstiness and regularity (NaN), in a fraction of the time */
    /*
     * Optional: the tie of each contact of the store in the network (-1: none, or outside the
     * network's view), as a caller may have it already; read instead of looking the ties up
     * when meetings are rows or left out.
     */
    const int32_t *contact_ties;
} sn_temporal_opts;

void sn_temporal_opts_init(sn_temporal_opts *o);
/*
 * The time options (samnett/option.h): window, slide, window_metrics,
 * novelty_k, after, baseline, pairs_by (kept by pointer), cp_penalty,
 * cp_min_days, cp_min_contacts, time_range (changes the range in place: set
 * has_range and a default range first). Messages name the key.
 */
extern const sn_opt sn_temporal_options[];
extern const size_t sn_temporal_n_options;
sn_status sn_temporal_opts_set(sn_temporal_opts *o, const char *key, const char *value,
                               sn_err *err);

typedef struct sn_change_point {
    int64_t time;                   /* UTC midnight (of the day grid) starting the new segment */
    double rate_before, rate_after; /* mean contacts per day of the two segments */
} sn_change_point;

typedef struct sn_change_points {
    int tested;     /* 0 when the series was not tested (too few contacts, over_work) */
    int over_work;  /* the search passed SN_CP_MAX_WORK and was given up */
    double penalty; /* beta used for this series */
    size_t n;
    sn_change_point *cp; /* largest |rate_after - rate_before| first */
} sn_change_points;

/* Temporal measures of a tie, node, group pair or the network (NaN = not defined). */
typedef struct sn_tstats {
    long contacts;       /* in the analysed period */
    int64_t first, last; /* valid when contacts > 0 */
    double burstiness, regularity;
    double persistence, novelty; /* means over windows; NaN without windows */
    long baseline_contacts;
    double rate_ratio;
    long contacts_before, contacts_after; /* around --after */
    double decay_per_day, half_life_days;
} sn_tstats;

typedef struct sn_window {
    int64_t start, end;
    char label[24];
    long contacts;
    uint32_t nodes;
    size_t ties;
    double density, reciprocity;
    long components;
    long *channel_contacts; /* one per sn_temporal.channels entry */
    double persistence, novelty, rate_ratio;
    uint32_t n_active; /* nodes with ties, ascending, when window metrics were asked */
    uint32_t *active;
    double *values; /* n_active x n_metric_columns, row-major */
} sn_window;

typedef struct sn_group_pair {
    uint32_t from, to; /* groups of sn_temporal.groups */
    sn_tstats stats;
    sn_change_points cps;
} sn_group_pair;

typedef struct sn_temporal {
    sn_timeline timeline; /* over the whole store */
    int64_t period_start, period_end;
    size_t days; /* days in the change-point grid: ceil((end - start) / 86400) */
    int has_range;
    sn_time_range range; /* the plausible time range the period was cut to */
    long outside;        /* contacts of the view outside the period, left out of it */
    long strays;         /* of them, inside the range: cut off as strays (SN_BULK_*) */
    int cp_too_long;     /* days > SN_CP_MAX_DAYS: no series was tested for change points */

    int has_window;
    sn_span window, step;
    int sliding;
    int novelty_k;
    size_t n_windows;
    sn_window *windows;
    unsigned window_metrics;
    int n_metric_columns;
    const char *metric_columns[SN_WM_COLUMNS];

    int has_baseline, baseline_from_option;
    int64_t baseline_start, baseline_end;

    int has_after;
    int64_t after;

    size_t n_channels;    /* channels with contacts in the period (or in a window) */
    uint8_t *channels;    /* their store channel indices, ascending */
    long *channel_totals; /* contacts per channel in the period */
    sn_change_points *channel_cps;

    sn_tstats network;
    sn_change_points network_cps;

    int series_only; /* as asked: then no ties, nodes or pairs below */
    size_t n_ties;   /* = the network's ties, same order */
    sn_tstats *ties;
    uint32_t n_nodes; /* = the network's nodes */
    sn_tstats *nodes;

    sn_partition groups; /* by pairs_by */
    size_t n_pairs;      /* group pairs with ties, most contacts first */
    sn_group_pair *pairs;

    sn_cp_rule cp_rule;
    double cp_penalty; /* SN_CP_FIXED: beta; else 2 ln(days), to be scaled by phi (quasi) */
    long cp_min_days, cp_min_contacts;
} sn_temporal;

/*
 * The temporal measures of a built network (its store, level, filters and
 * ties); mopts are used for per-window node measures.
 */
sn_status sn_temporal_compute(const sn_net *net, const sn_metrics_opts *mopts,
                              const sn_temporal_opts *opts, sn_temporal *out, sn_err *err);
void sn_temporal_free(sn_temporal *t);
/*
 * About the bytes t holds: its time order, the measures of each tie, node
 * and group pair, and each window's channels, active nodes and node
 * measures (what a caller charges against a memory cap).
 */
size_t sn_temporal_bytes(const sn_temporal *t);

#endif
