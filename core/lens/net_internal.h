/*
 * net_internal.h - the `net` object's internals, shared by the files that
 * bind it: api.c (actors, nodes, ties, network, partitions, subnets,
 * events), api_time.c (windows and the temporal measures), api_events.c
 * (cases, meetings, series, removal) and activity.c (activity per window
 * and scope).
 *
 * What passes over the store find about the ties of a view is kept in a
 * lens_ties: the tie of every contact (sn_net_contact_ties, needed by
 * net:activity), then, when net:ties() needs them, each tie's channels and
 * first and last time (sn_net_tie_details; both in samnett/net.h). For the
 * analysis' own view it lives in the host's lens_shared and is computed
 * once for all the lenses of a run, as are the per-window counts of
 * net:activity{detail = false}; a sub-network has its own. Each lens that
 * reads them is charged their size.
 */
#ifndef SAMNETT_LENS_NET_INTERNAL_H
#define SAMNETT_LENS_NET_INTERNAL_H

#include "lens_internal.h"
#include "samnett/temporal.h"

#define NET_MT "samnett.net"

typedef struct lens_ties {
    int contact_ready;    /* contact_tie is computed */
    int32_t *contact_tie; /* store->n: the tie a contact counts on, -1 for none */
    size_t contact_bytes;
    int ready; /* channels, first and last are computed */
    uint32_t n_channels;
    uint32_t *channels;    /* n_ties * n_channels contacts */
    int64_t *first, *last; /* n_ties */
    size_t bytes;
} lens_ties;

/*
 * Contacts per window, tie and channel for one set of windows (net:activity{detail = false},
 * counted by sn_activity_tie_channels).
 */
typedef struct lens_twc {
    uint32_t W;
    int64_t *wstart, *wend;
    uint32_t nch;
    uint32_t *counts; /* W x ties x nch */
    size_t bytes;
} lens_twc;

/*
 * What the lenses of one run share: the analysis' tie details, its contacts
 * per window, tie and channel, and the store's time order.
 */
struct lens_shared {
    const sn_store *store;
    const sn_analysis *an;
    lens_ties ties;
    lens_twc **twc; /* for the analysis' own view */
    size_t n_twc;
    int order_known, sorted; /* sorted: the store is in time order */
    int has_timeline;
    sn_timeline timeline; /* when it is not, and the analysis has none */
};

typedef struct extra_part {
    char *attr;
    sn_partition part;
    sn_silo silo;
    int has_part, has_silo;
    size_t charged;
} extra_part;

/* Temporal measures computed for a lens (net:windows{...}, net:temporal{...}). */
typedef struct lens_temporal {
    char key[256]; /* the options, to reuse a result */
    sn_temporal t;
    size_t charged;
} lens_temporal;

typedef struct lens_net {
    const sn_store *store;
    const sn_analysis *an;
    sn_analysis owned;
    int is_owned;
    /*
     * The run's net while the analysis's case and meeting measures were
     * still being built (sni_lens_net_defer_events): owned is a copy of the
     * analysis without them, built here if the lens reads them; only they
     * are freed with the net.
     */
    int shadow;
    const sn_analysis *origin; /* the analysis a shadow copies */
    sn_analysis_opts opts;
    size_t charged;
    lens_shared *shared; /* NULL for a sub-network's own details */
    lens_ties own_ties;
    size_t contact_charged, details_charged, twc_charged;
    /* partitions (and their silo measures) the analysis did not compute */
    extra_part **extra;
    size_t n_extra;
    lens_temporal **temporal;
    size_t n_temporal;
} lens_net;

/* ---- helpers of api.c ---- */

void sni_lens_set_str(lua_State *L, const char *key, const char *value);
void sni_lens_set_num(lua_State *L, const char *key, double x); /* NaN and inf: not set */
void sni_lens_set_int(lua_State *L, const char *key, long long x);
void sni_lens_set_time(lua_State *L, const char *key, int64_t t);

/* The net at stack index 1, or an error naming the method. */
lens_net *sni_lens_self(lua_State *L, const char *method);
/*
 * Compute the case and meeting measures a sub-network left for later (see
 * net:subnet), or that the run's net did not have yet (sni_lens_net_defer_events).
 */
void sni_lens_need_events(lua_State *L, lens_net *n);
/* Compute the measures (metrics, partitions, brokerage) a sub-network left for later. */
void sni_lens_need_measures(lua_State *L, lens_net *n);
/* What the run's lenses share, when n is the run's net (a shadow included); else NULL. */
static inline lens_shared *sn_lens_shared_of(const lens_net *n)
{
    const sn_analysis *a = n->shadow ? n->origin : n->an;
    return n->shared && n->shared->an == a ? n->shared : NULL;
}
static inline const sn_net *sn_lens_view(const lens_net *n)
{
    return &n->an->net;
}
/* The tie of every contact of the net's view, -1 for none (one pass on first use). */
const int32_t *sni_lens_contact_ties(lua_State *L, lens_net *n);
/* The tie details of the net's view: channels, first and last (and the contacts' ties). */
const lens_ties *sni_lens_ties(lua_State *L, lens_net *n);
/* The partition of attr (the analysis' or one computed now); silo too when want_silo. */
void sni_lens_partition(lua_State *L, lens_net *n, const char *attr, int want_silo,
                        const sn_partition **part, const sn_silo **silo);
/* Whether the store is in time order (checked once per run). */
int sni_lens_store_sorted(lua_State *L, lens_net *n);
/* Contact positions in time order: *order is NULL when the store is in time order. */
const uint32_t *sni_lens_time_order(lua_State *L, lens_net *n);
/* A channel name or alias at idx (error naming what), as a channel index. */
int sni_lens_check_channel(lua_State *L, int idx, const char *what);

/* ---- the methods of the other files ---- */

int sni_lens_net_windows(lua_State *L);  /* api_time.c */
int sni_lens_net_temporal(lua_State *L); /* api_time.c */
int sni_lens_net_cases(lua_State *L);    /* api_events.c */
int sni_lens_net_case(lua_State *L);
int sni_lens_net_case_events(lua_State *L);
int sni_lens_net_case_summary(lua_State *L);
int sni_lens_net_co_serving(lua_State *L);
int sni_lens_net_meetings(lua_State *L);
int sni_lens_net_series(lua_State *L);
int sni_lens_net_series_pairs(lua_State *L);
int sni_lens_net_removal(lua_State *L);
int sni_lens_net_activity(lua_State *L);    /* activity.c */
int sni_lens_net_null_groups(lua_State *L); /* api_null.c */
int sni_lens_net_null_rewire(lua_State *L);
int sni_lens_net_null_time(lua_State *L);

/* Free what api_time.c computed for n (called from the net's __gc). */
void sni_lens_temporal_free(lens_ctx *c, lens_net *n);

#endif
