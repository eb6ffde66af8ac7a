/* analysis.c - run the measures of one analysis in order, with one owner for every result. */
#include "samnett/analysis.h"
#include "samnett/option.h"
#include "../util/toolbox.h"
#include "ranking.h"

#include <igraph/igraph.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void sn_analysis_opts_init(sn_analysis_opts *o)
{
    memset(o, 0, sizeof *o);
    sn_view_opts_init(&o->view);
    sn_silo_opts_init(&o->silo);
    sn_cases_opts_init(&o->cases);
    sn_series_opts_init(&o->series);
    sn_temporal_opts_init(&o->temporal);
    o->metrics.betweenness_delta = 0.1; /* used with --betweenness-sample only */
}

/* Node indices for the ids to remove; SN_EUSAGE names the first unknown one. */
static sn_status removal_nodes(const sn_net *net, const sn_analysis_opts *o, uint32_t **out,
                               sn_err *err)
{
    *out = malloc((o->n_remove ? o->n_remove : 1) * sizeof **out);
    if (!*out)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    for (size_t i = 0; i < o->n_remove; i++) {
        int64_t node = sn_intern_find(net->labels, o->remove[i], strlen(o->remove[i]));
        if (node < 0) {
            free(*out);
            *out = NULL;
            return sn_err_set(err, SN_EUSAGE,
                              "%s: no node '%s' in the network at level %s; expected %s",
                              sn_opt_shown("remove"), o->remove[i], sn_level_name(net->opts.level),
                              net->opts.level == SN_LEVEL_ACTOR  ? "an actor id"
                              : net->opts.level == SN_LEVEL_UNIT ? "'Organisation / Unit'"
                                                                 : "an organisation name");
        }
        (*out)[i] = (uint32_t)node;
    }
    return SN_OK;
}

/*
 * Free the measures of a (metrics, partitions and silos, brokerage, contacts by
 * type, removal); zeroes them.
 */
static void measures_free(sn_analysis *a)
{
    for (size_t i = 0; i < a->n_partitions; i++) {
        sn_silo_free(&a->silos[i]);
        sn_partition_free(&a->partitions[i]);
    }
    a->n_partitions = 0;
    sn_brokerage_free(&a->brokerage);
    if (a->has_type_mix)
        sn_mix_free(&a->type_mix);
    a->has_type_mix = 0;
    sni_rankings_free(&a->ranks);
    if (a->has_removal)
        sn_removal_free(&a->removal);
    a->has_removal = 0;
    sn_metrics_free(&a->metrics);
}

/* Why partition p means nothing (every node's value is empty), or NULL. */
static const char *why_not_meaningful(const sn_net *net, const sn_partition *p)
{
    if (p->n_groups == 0)
        return NULL;
    for (uint32_t g = 0; g < p->n_groups; g++)
        if (p->labels[g] && p->labels[g][0])
            return NULL;
    if (strcmp(p->attr, "organisation") != 0)
        return "no actor has a value for this attribute";
    const sn_store *s = net->store;
    for (size_t i = 0; i < s->n_actors; i++)
        if (!s->actors[i].auto_created)
            return "the actors file has no organisations";
    return "no actors file (organisations unknown)";
}

/*
 * The measures of the built network: metrics, the partitions and their silo
 * measures, then (unless summary_only) brokerage, the contacts between actor
 * types, the orders of the report's tables and the removal.
 */
static sn_status measures(const sn_analysis_opts *o, sn_analysis *a, sn_err *err)
{
    double t = sni_clock_mono(), t0;
    sn_metrics_opts mo = o->metrics;
    mo.network_only |= o->summary_only;
    mo.seed = o->silo.seed; /* sampled betweenness: the analysis's one seed */
    sn_status rc = sn_metrics_compute(&a->net, &mo, &a->metrics, err);
    a->seconds.metrics = sni_clock_mono() - t;
    static const char *const default_partition[] = {"organisation"};
    const char *const *names = o->n_partitions ? o->partitions : default_partition;
    size_t n = o->n_partitions ? o->n_partitions : 1;
    t = sni_clock_mono();
    for (size_t i = 0; rc == SN_OK && i < n; i++) {
        rc = sn_partition_build(&a->net, names[i], &a->partitions[i], err);
        if (rc == SN_OK) {
            a->n_partitions = i + 1;
            rc = sn_silo_compute(&a->net, &a->partitions[i], &o->silo, &a->silos[i], err);
            a->not_meaningful[i] = why_not_meaningful(&a->net, &a->partitions[i]);
        }
    }
    a->seconds.silo = sni_clock_mono() - t;
    if (rc != SN_OK || o->summary_only)
        return rc;
    t0 = sni_clock_mono();
    rc = sn_brokerage_compute(&a->net, &a->partitions[0], &a->brokerage, err);
    a->seconds.brokerage = sni_clock_mono() - t0;
    t0 = sni_clock_mono();
    if (rc == SN_OK) {
        rc = sn_mix_compute(&a->net, "type", &a->type_mix, err);
        a->has_type_mix = rc == SN_OK;
    }
    a->seconds.mixing = sni_clock_mono() - t0;
    t0 = sni_clock_mono();
    if (rc == SN_OK)
        rc = sni_rankings_compute(a, err);
    a->seconds.ranking = sni_clock_mono() - t0;
    t0 = sni_clock_mono();
    if (rc == SN_OK && o->n_remove) {
        uint32_t *nodes = NULL;
        rc = removal_nodes(&a->net, o, &nodes, err);
        if (rc == SN_OK)
            rc = sn_removal_compute(&a->net, &a->partitions[0], nodes, (uint32_t)o->n_remove,
                                    &a->removal, err);
        a->has_removal = rc == SN_OK;
        free(nodes);
    }
    a->seconds.removal = sni_clock_mono() - t0;
    return rc;
}

sn_status sn_analysis_run(const sn_store *store, const sn_analysis_opts *o, sn_analysis *a,
                          sn_err *err)
{
    memset(a, 0, sizeof *a);
    /*
     * The same igraph random state for every run (ARPACK starts from it), so
     * a result does not depend on what ran before in the process: samnett
     * watch runs one analysis after another.
     */
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->silo.seed);
    double t = sni_clock_mono(), t0;
    sn_view_opts view = o->view;
    sn_status rc;
    if (sn_intern_count(store->cases) || sn_intern_count(store->meetings)) {
        if (o->events) {
            a->events = *o->events;
            a->events_borrowed = 1;
        } else {
            rc = sn_events_build(store, &a->events, err);
            if (rc != SN_OK)
                return rc;
        }
        a->has_events = 1;
        view.events = &a->events;
    }
    sn_store_release(store); /* after each pass over the contacts: see sn_store_release */
    a->seconds.events = sni_clock_mono() - t;
    t = sni_clock_mono();
    rc = sn_net_build(store, &view, &a->net, err);
    sn_store_release(store);
    if (rc != SN_OK) {
        if (a->has_events && !a->events_borrowed)
            sn_events_free(&a->events);
        return rc;
    }
    a->seconds.network = sni_clock_mono() - t;
    if (o->defer_measures && !o->summary_only && !o->temporal.has_window &&
        !o->temporal.has_after) {
        a->measures_deferred = 1;
        a->events_deferred = 1;
        rc = o->defer_events ? SN_OK : sn_analysis_events(store, o, a, err);
        if (rc != SN_OK)
            sn_analysis_free(a);
        return rc;
    }
    rc = measures(o, a, err);
    if (rc == SN_OK && o->summary_only)
        return SN_OK; /* see sn_analysis_opts */
    if (rc == SN_OK) {
        a->events_deferred = 1;
        if (!o->defer_events)
            rc = sn_analysis_events(store, o, a, err);
    }
    t0 = sni_clock_mono();
    if (rc == SN_OK && (o->temporal.has_window || o->temporal.has_after)) {
        sn_metrics_opts mo = o->metrics;
        mo.seed = o->silo.seed;
        rc = sn_temporal_compute(&a->net, &mo, &o->temporal, &a->temporal, err);
        sn_store_release(store);
        a->has_temporal = rc == SN_OK;
        if (rc == SN_OK)
            rc = sni_shifts_compute(a, err);
    }
    a->seconds.temporal = sni_clock_mono() - t0;
    if (rc != SN_OK)
        sn_analysis_free(a);
    return rc;
}

sn_status sn_analysis_measures(const sn_analysis_opts *o, sn_analysis *a, sn_err *err)
{
    if (!a->measures_deferred)
        return SN_OK;
    /* the random state of sn_analysis_run's start, where the measures would have begun */
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->silo.seed);
    sn_status rc = measures(o, a, err);
    if (rc != SN_OK) {
        measures_free(a);
        return rc;
    }
    a->measures_deferred = 0;
    return SN_OK;
}

sn_status sn_analysis_events(const sn_store *store, const sn_analysis_opts *o, sn_analysis *a,
                             sn_err *err)
{
    if (!a->events_deferred)
        return SN_OK;
    a->events_deferred = 0;
    sn_status rc = SN_OK;
    double t0 = sni_clock_mono();
    if (a->has_events && sn_intern_count(store->cases)) {
        rc = sn_cases_compute(&a->net, &a->events, &o->cases, &a->cases, err);
        a->has_cases = rc == SN_OK;
        sn_store_release(store);
    }
    a->seconds.cases = sni_clock_mono() - t0;
    t0 = sni_clock_mono();
    if (rc == SN_OK && a->has_events && sn_intern_count(store->meetings)) {
        sn_series_opts so = o->series; /* series end at the last plausible contact */
        so.has_range = o->temporal.has_range;
        so.range = o->temporal.range;
        rc = sn_meetings_compute(&a->events, &o->view, &so, &a->meetings, err);
        a->has_meetings = rc == SN_OK;
        sn_store_release(store);
    }
    a->seconds.meetings = sni_clock_mono() - t0;
    return rc;
}

void sn_analysis_free(sn_analysis *a)
{
    measures_free(a);
    if (a->has_cases)
        sn_cases_free(&a->cases);
    if (a->has_meetings)
        sn_meetings_free(&a->meetings);
    if (a->has_events && !a->events_borrowed)
        sn_events_free(&a->events);
    if (a->has_temporal)
        sn_temporal_free(&a->temporal);
    free(a->shifts);
    sn_net_free(&a->net);
    memset(a, 0, sizeof *a);
}
