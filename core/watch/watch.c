/*
 * watch.c - the libuv side of samnett watch: a few handles and their
 * callbacks (see samnett/watch.h). The loop thread never reads a file or
 * touches the event store; it schedules cycles, which run on the libuv
 * thread pool one at a time.
 *
 *   fs_event per folder --\
 *   fs_poll (--poll)     ---> schedule() -> debounce timer -> start_cycle()
 *   rescan timer         --/                                   |
 *   SIGHUP -> reload flag -> schedule()              uv_queue_work(cycle)
 *   SIGINT, SIGTERM -> stop flag (checked between slices)      |
 *                                       after_cycle(): again? stop? poll handles
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uv.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "samnett/option.h"
#include "samnett/privacy.h"
#include "engine.h"
#include "../util/toolbox.h"

void sn_watch_opts_init(sn_watch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->debounce = 0.05;
    o->poll_interval = 1.0;
    o->rescan = 5.0;
    o->ei_threshold = 0.05;
    o->top = 10;
}

/* ---- the engine: one cycle ---- */

/*
 * A state without a pseudonym key holds raw data, but for the case ids:
 * those are pseudonymised as read with a random key the state keeps (meta
 * case_salt, made with the state), so that no line or report of the watch
 * names a raw case id. A state from before the salt keeps its case ids.
 */
static sn_status case_salt(sn_engine *e, int fresh, sn_err *err)
{
    if (sodium_init() < 0)
        return sn_err_set(err, SN_EIO, "cannot start libsodium");
    char *hex = sn_state_meta_get(e->state, "case_salt");
    sn_status rc = SN_OK;
    sn_privacy *p = &e->case_salt;
    if (hex) {
        size_t got = 0;
        if (sodium_hex2bin(p->key, sizeof p->key, hex, strlen(hex), NULL, &got, NULL) == 0 &&
            got == sizeof p->key)
            p->has_key = 1;
        sodium_memzero(hex, strlen(hex));
        free(hex);
    } else if (fresh) {
        char text[2 * sizeof p->key + 1];
        randombytes_buf(p->key, sizeof p->key);
        sodium_bin2hex(text, sizeof text, p->key, sizeof p->key);
        rc = sn_state_meta_set(e->state, "case_salt", text, err);
        sodium_memzero(text, sizeof text);
        p->has_key = rc == SN_OK;
    }
    if (p->has_key) {
        e->iopts.id_map = sn_privacy_map_case;
        e->iopts.id_map_ud = p;
        if (e->o->privacy) /* the reports say so */
            e->o->privacy->case_ids_salted = 1;
    }
    return rc;
}

/*
 * Whether the state holds pseudonyms, and with which key (its fingerprint):
 * a new state takes this watch's mode; a state of raw ids is never mixed
 * with pseudonyms, nor pseudonyms of two keys.
 */
static sn_status check_pseudonyms(sn_engine *e, sn_err *err)
{
    const sn_privacy *p = e->o->privacy;
    int keyed = p && p->has_key;
    char fp[SN_PSEUDONYM_MAX] = "";
    if (keyed)
        sn_privacy_fingerprint(p, fp);
    char *mode = sn_state_meta_get(e->state, "pseudonyms");
    char *old_fp = sn_state_meta_get(e->state, "key_fingerprint");
    char *actors = sn_state_meta_get(e->state, "actors_path");
    /* a state from before the mode was recorded, with data in it, holds raw ids */
    int used = e->n_recs > 0 || actors != NULL;
    free(actors);
    int was_keyed = mode && strcmp(mode, "keyed") == 0;
    sn_status rc = SN_OK;
    if (!mode && !used) {
        rc = sn_state_meta_set(e->state, "pseudonyms", keyed ? "keyed" : "none", err);
        if (rc == SN_OK && keyed)
            rc = sn_state_meta_set(e->state, "key_fingerprint", fp, err);
    } else if (keyed && !was_keyed) {
        rc = sn_err_set(err, SN_EUSAGE,
                        "%s: the state holds raw ids (it was made without %s); expected a new "
                        "state for pseudonyms: give another %s, or run without %s",
                        e->o->state, sn_opt_shown("pseudonym_key"), sn_opt_shown("state"),
                        sn_opt_shown("pseudonym_key"));
    } else if (!keyed && was_keyed) {
        rc = sn_err_set(err, SN_EUSAGE,
                        "%s: the state holds pseudonyms made with a key (fingerprint %s); "
                        "expected the same %s",
                        e->o->state, old_fp ? old_fp : "unknown", sn_opt_shown("pseudonym_key"));
    } else if (keyed && (!old_fp || strcmp(old_fp, fp) != 0)) {
        rc =
            sn_err_set(err, SN_EUSAGE,
                       "%s: the state holds pseudonyms made with another key (fingerprint %s, "
                       "this key's is %s); expected the same %s",
                       e->o->state, old_fp ? old_fp : "unknown", fp, sn_opt_shown("pseudonym_key"));
    }
    free(mode);
    free(old_fp);
    if (rc == SN_OK && keyed) {
        e->iopts.id_map = sn_privacy_map_id;
        e->iopts.id_map_ud = e->o->privacy;
    } else if (rc == SN_OK) {
        rc = case_salt(e, !used, err); /* nothing stored yet: no raw case to keep apart */
    }
    return rc;
}

sn_status sni_engine_open(sn_engine *e, const sn_watch_opts *o, sn_diag *diag, sn_err *err)
{
    memset(e, 0, sizeof *e);
    e->o = o;
    e->diag = diag;
    e->iopts.max_field = o->max_field;
    if (o->analysis && o->analysis->temporal.has_range)
        e->iopts.time_range = &o->analysis->temporal.range;
    e->iopts.max_line = o->max_line;
    e->iopts.encoding = (sn_encoding)o->encoding;
    e->iopts.map = o->map;
    e->iopts.channel_map = o->channel_map;
    for (int k = 0; k < o->n_date_formats && k < SN_DATE_FORMATS_MAX; k++)
        e->iopts.date_formats[e->iopts.n_date_formats++] = o->date_formats[k];
    if (o->limits) {
        e->iopts.max_rejected = o->limits->max_rejected;
        e->iopts.max_rejected_share = o->limits->max_rejected_share;
        e->iopts.max_rejected_set = o->limits->max_rejected_set;
    }
    e->restored = -1;
    if (!o->state || !o->state[0])
        return sn_err_set(err, SN_EUSAGE, "no state file; expected %s", sn_opt_shown("state"));
    sn_status rc = sni_follow_init(e, err); /* the --logs first: no state for a typo */
    if (rc == SN_OK)
        rc = sn_state_open(o->state, 0, &e->state, err);
    if (rc == SN_OK)
        rc = sn_state_files(e->state, &e->recs, &e->n_recs, err);
    e->cap_recs = e->n_recs;
    if (rc == SN_OK)
        rc = check_pseudonyms(e, err);
    if (rc == SN_OK && o->privacy && o->privacy->has_key) {
        /* the records again, their first bytes and anchors unsealed with the key */
        unsigned char k[32];
        sn_privacy_derive_key(o->privacy, "state seal", k);
        rc = sn_state_seal_blobs(e->state, k, err);
        sodium_memzero(k, sizeof k);
        sn_state_files_free(e->recs, e->n_recs);
        e->recs = NULL;
        e->n_recs = e->cap_recs = 0;
        if (rc == SN_OK)
            rc = sn_state_files(e->state, &e->recs, &e->n_recs, err);
        e->cap_recs = e->n_recs;
    }
    return rc;
}

void sni_engine_close(sn_engine *e)
{
    sni_follow_free(e);
    sn_state_close(e->state);
    if (e->have_store)
        sn_store_free(&e->store);
    json_decref(e->prev);
    json_decref(e->last_changes);
    memset(e, 0, sizeof *e);
}

sn_status sni_engine_cycle(sn_engine *e, int reload, sn_err *err)
{
    double t0 = sni_clock_mono();
    int first = !e->started;
    e->added = e->rows_added = e->rejected_added = 0;
    e->actors_reloaded = 0;
    sn_status rc = SN_OK;
    if (reload && e->o->reload_hook)
        rc = e->o->reload_hook(e->o->hook_ud, err);
    if (rc == SN_OK)
        rc = sni_follow_actors(e, reload, err);
    if (rc != SN_OK)
        return rc;
    e->started = 1;
    if (e->stop && atomic_load(e->stop))
        return SN_OK;
    if (first) { /* the state as it was found: the baseline line */
        e->t_ingest = sni_clock_mono() - t0;
        rc = sni_rescore(e, 1, err);
        if (rc != SN_OK || (e->stop && atomic_load(e->stop)))
            return rc;
        t0 = sni_clock_mono();
    }
    rc = sni_follow_scan(e, err);
    if (rc == SN_OK)
        rc = sni_follow_read(e, err);
    e->t_ingest = sni_clock_mono() - t0;
    if (rc != SN_OK || (e->stop && atomic_load(e->stop)))
        return rc;
    /* the files: each contacts file once, however often it grew (as the state counts them) */
    long files = 0;
    for (size_t i = 0; i < e->n_recs; i++)
        files += e->recs[i].format == SN_STATE_CSV || e->recs[i].format == SN_STATE_JSONL;
    e->store.files = e->actor_files + files;
    /* the first load only: an empty folder may wait for its logs, a bad appended line never
       stops a watch */
    if (first && e->store.rows_read > 0 &&
        sn_ingest_check_rejected(&e->store, &e->iopts, err) != SN_OK)
        return err ? err->code : SN_EINPUT;
    if (first || e->rows_added || e->actors_reloaded || reload) {
        rc = sni_rescore(e, 0, err);
        e->restored = -1;
    } else if (e->report_due) {
        rc = sni_rescore_report(e, err);
    } else {
        return rc;
    }
#ifdef __GLIBC__
    malloc_trim(0); /* what an analysis freed goes back: memory stays level between re-scores */
#endif
    return rc;
}

/* ---- the loop ---- */

typedef struct poll_entry {
    uv_fs_poll_t h;
    char *path;
    int keep;
} poll_entry;

typedef struct watcher {
    uv_loop_t loop;
    const sn_watch_opts *o;
    sn_engine e;
    uv_timer_t debounce, rescan;
    uv_signal_t sig_int, sig_term, sig_hup;
    uv_fs_event_t *events;
    size_t n_events;
    poll_entry **polls;
    size_t n_polls;
    uv_work_t work;
    int busy, again, stopping, closed;
    atomic_int stop;
    atomic_int reload;
    atomic_int waiting; /* changes came in while a cycle runs */
    int cycle_reload;
    sn_status rc;
    sn_err err;
    const char *reason; /* why it stops: a signal name */
} watcher;

static void start_cycle(watcher *w);

static void on_debounce(uv_timer_t *t)
{
    start_cycle(t->data);
}

/* Something changed: re-score once the debounce time has passed since the first change. */
static void schedule(watcher *w)
{
    if (w->stopping)
        return;
    if (w->busy)
        atomic_store(&w->waiting, 1); /* the cycle may leave the report to the next one */
    if (!uv_is_active((uv_handle_t *)&w->debounce))
        uv_timer_start(&w->debounce, on_debounce, (uint64_t)(w->o->debounce * 1000 + 0.5), 0);
}

static void on_fs_event(uv_fs_event_t *h, const char *name, int events, int status)
{
    (void)name;
    (void)events;
    (void)status; /* an error on a folder: the rescan timer still covers it */
    schedule(h->data);
}

static void on_poll(uv_fs_poll_t *h, int status, const uv_stat_t *prev, const uv_stat_t *curr)
{
    (void)status;
    (void)prev;
    (void)curr;
    schedule(h->data);
}

static void on_rescan(uv_timer_t *t)
{
    schedule(t->data);
}

static void free_poll(uv_handle_t *h)
{
    poll_entry *p = (poll_entry *)h;
    free(p->path);
    free(p);
}

static void close_handle(uv_handle_t *h)
{
    if (h && h->loop && !uv_is_closing(h))
        uv_close(h, NULL);
}

/* Close every handle; the loop then ends. Only while no cycle runs. */
static void shutdown_loop(watcher *w)
{
    if (w->closed)
        return;
    w->closed = 1;
    w->stopping = 1;
    if (w->reason && w->rc == SN_OK)
        sni_rescore_stop_line(&w->e, w->reason);
    close_handle((uv_handle_t *)&w->debounce);
    close_handle((uv_handle_t *)&w->rescan);
    close_handle((uv_handle_t *)&w->sig_int);
    close_handle((uv_handle_t *)&w->sig_term);
    close_handle((uv_handle_t *)&w->sig_hup);
    for (size_t i = 0; i < w->n_events; i++)
        close_handle((uv_handle_t *)&w->events[i]);
    for (size_t i = 0; i < w->n_polls; i++)
        uv_close((uv_handle_t *)&w->polls[i]->h, free_poll);
    w->n_polls = 0;
}

static int add_poll(watcher *w, const char *path)
{
    for (size_t i = 0; i < w->n_polls; i++)
        if (strcmp(w->polls[i]->path, path) == 0) {
            w->polls[i]->keep = 1;
            return 0;
        }
    poll_entry **v = realloc(w->polls, (w->n_polls + 1) * sizeof *v);
    if (!v)
        return -1;
    w->polls = v;
    poll_entry *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        return -1;
    }
    p->keep = 1;
    uv_fs_poll_init(&w->loop, &p->h);
    p->h.data = w;
    uv_fs_poll_start(&p->h, on_poll, p->path, (unsigned)(w->o->poll_interval * 1000 + 0.5));
    v[w->n_polls++] = p;
    return 0;
}

/* --poll: one fs_poll handle per folder and per file the last scan found or could not open. */
static void sync_polls(watcher *w)
{
    for (size_t i = 0; i < w->n_polls; i++)
        w->polls[i]->keep = 0;
    for (size_t i = 0; i < w->e.n_folders; i++)
        add_poll(w, w->e.folders[i]);
    for (size_t i = 0; i < w->e.n_found; i++)
        add_poll(w, w->e.found[i].path);
    for (size_t i = 0; i < w->e.n_unopened; i++) /* a change of mode tries it again */
        add_poll(w, w->e.unopened[i].path);
    if (w->o->actors)
        add_poll(w, w->o->actors);
    size_t k = 0;
    for (size_t i = 0; i < w->n_polls; i++) {
        if (w->polls[i]->keep)
            w->polls[k++] = w->polls[i];
        else
            uv_close((uv_handle_t *)&w->polls[i]->h, free_poll);
    }
    w->n_polls = k;
}

static void run_cycle(uv_work_t *req)
{
    watcher *w = req->data;
    w->rc = sni_engine_cycle(&w->e, w->cycle_reload, &w->err);
}

static void after_cycle(uv_work_t *req, int status)
{
    watcher *w = req->data;
    (void)status;
    w->busy = 0;
    if (w->rc != SN_OK || w->o->once || w->stopping) {
        shutdown_loop(w);
        return;
    }
    if (w->o->poll)
        sync_polls(w);
    if (w->again || atomic_load(&w->reload)) {
        w->again = 0;
        start_cycle(w); /* changes came in while it ran */
    }
}

static void start_cycle(watcher *w)
{
    if (w->stopping)
        return;
    if (w->busy) {
        w->again = 1;
        return;
    }
    w->busy = 1;
    atomic_store(&w->waiting, 0);
    w->cycle_reload = atomic_exchange(&w->reload, 0);
    w->work.data = w;
    if (uv_queue_work(&w->loop, &w->work, run_cycle, after_cycle) != 0) {
        w->busy = 0;
        w->rc = sn_err_set(&w->err, SN_EANALYSIS, "cannot start a watch cycle");
        shutdown_loop(w);
    }
}

static void on_signal(uv_signal_t *h, int signum)
{
    watcher *w = h->data;
    if (signum == SIGHUP) {
        atomic_store(&w->reload, 1);
        schedule(w);
        return;
    }
    /* SIGINT, SIGTERM: let the batch being committed finish, then stop */
    w->reason = signum == SIGINT ? "SIGINT" : "SIGTERM";
    atomic_store(&w->stop, 1);
    w->stopping = 1;
    if (!w->busy)
        shutdown_loop(w);
}

/* Signals first, before the state is opened: a stop request is never lost. */
static sn_status start_signals(watcher *w, sn_err *err)
{
    uv_timer_init(&w->loop, &w->debounce);
    w->debounce.data = w;
    uv_signal_t *sigs[3] = {&w->sig_int, &w->sig_term, &w->sig_hup};
    const int nums[3] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++) {
        uv_signal_init(&w->loop, sigs[i]);
        sigs[i]->data = w;
        if (uv_signal_start(sigs[i], on_signal, nums[i]) != 0)
            return sn_err_set(err, SN_EIO, "cannot handle signal %d", nums[i]);
    }
    return SN_OK;
}

static sn_status start_handles(watcher *w, sn_err *err)
{
    if (w->o->once)
        return SN_OK;
    if (w->o->poll) {
        sync_polls(w);
        return SN_OK;
    }
    w->events = calloc(w->e.n_folders ? w->e.n_folders : 1, sizeof *w->events);
    if (!w->events)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    for (size_t i = 0; i < w->e.n_folders; i++) {
        uv_fs_event_init(&w->loop, &w->events[i]);
        w->events[i].data = w;
        w->n_events++;
        int r = uv_fs_event_start(&w->events[i], on_fs_event, w->e.folders[i], 0);
        if (r != 0)
            return sn_err_set(err, SN_EIO, "%s: cannot watch: %s (try %s)", w->e.folders[i],
                              uv_strerror(r), sn_opt_shown("poll"));
    }
    /* a safety net for events a file system does not deliver */
    uv_timer_init(&w->loop, &w->rescan);
    w->rescan.data = w;
    uint64_t every = (uint64_t)(w->o->rescan * 1000 + 0.5);
    if (every)
        uv_timer_start(&w->rescan, on_rescan, every, every);
    return SN_OK;
}

sn_status sn_watch_run(const sn_watch_opts *o, sn_diag *diag, sn_err *err)
{
    watcher *w = calloc(1, sizeof *w);
    if (!w)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    w->o = o;
    /* one cycle runs at a time: one pool thread, so one malloc arena, is enough */
    setenv("UV_THREADPOOL_SIZE", "1", 0);
    atomic_init(&w->stop, 0);
    atomic_init(&w->reload, 0);
    atomic_init(&w->waiting, 0);
    int loop_ok = uv_loop_init(&w->loop) == 0;
    sn_status rc =
        loop_ok ? start_signals(w, err) : sn_err_set(err, SN_ENOMEM, "cannot start the event loop");
    if (rc == SN_OK)
        rc = sni_engine_open(&w->e, o, diag, err);
    w->e.stop = &w->stop;
    w->e.waiting = &w->waiting;
    if (rc == SN_OK)
        rc = start_handles(w, err);
    if (rc == SN_OK) {
        start_cycle(w); /* restore, catch up and score what is there */
        uv_run(&w->loop, UV_RUN_DEFAULT);
        rc = w->rc;
        if (rc != SN_OK)
            *err = w->err;
        else if (o->once && w->e.n_unopened)
            rc = sn_err_set(err, SN_EIO, "%zu file%s could not be opened and %s not read",
                            w->e.n_unopened, w->e.n_unopened == 1 ? "" : "s",
                            w->e.n_unopened == 1 ? "was" : "were");
    } else if (loop_ok) {
        shutdown_loop(w);
        uv_run(&w->loop, UV_RUN_DEFAULT);
    }
    if (loop_ok)
        uv_loop_close(&w->loop);
    free(w->events);
    free(w->polls);
    sni_engine_close(&w->e);
    free(w);
    return rc;
}
