/* cases.c - case-level measures: BTI, ping-pong, hand-offs, care density (samnett/cases.h). */
#include "samnett/cases.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/pairmap.h"
#include "../util/toolbox.h"

const char *sn_handoff_name(int h)
{
    static const char *const names[SN_HANDOFF_COUNT] = {"none", "single", "pooled", "sequential",
                                                        "reciprocal"};
    return h >= 0 && h < SN_HANDOFF_COUNT ? names[h] : "none";
}

void sn_cases_opts_init(sn_cases_opts *o)
{
    memset(o, 0, sizeof *o);
    o->pingpong_window = 30 * 86400;
    o->co_serving_min = 2;
    o->max_providers = 100;
}

void sn_summarize(double *v, size_t n, sn_summary *out)
{
    if (n == 0) {
        out->mean = out->min = out->p10 = out->p25 = out->median = out->p75 = out->p90 = out->max =
            NAN;
        return;
    }
    sni_sort_doubles(v, n);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    out->mean = sum / (double)n;
    out->min = v[0];
    out->max = v[n - 1];
    out->p10 = sni_quantile_sorted(v, n, 0.10);
    out->p25 = sni_quantile_sorted(v, n, 0.25);
    out->median = sni_quantile_sorted(v, n, 0.5);
    out->p75 = sni_quantile_sorted(v, n, 0.75);
    out->p90 = sni_quantile_sorted(v, n, 0.90);
}

/* Dense service and organisation ids of every actor (see samnett/cases.h). */
static int actor_groups(const sn_store *s, uint32_t *service, uint32_t *org, uint32_t *n_service,
                        uint32_t *n_org)
{
    sn_pairmap ms, mo;
    if (sn_pairmap_init(&ms, 256) != 0)
        return -1;
    if (sn_pairmap_init(&mo, 64) != 0) {
        sn_pairmap_free(&ms);
        return -1;
    }
    for (size_t a = 0; a < s->n_actors; a++) {
        uint32_t o = s->actors[a].attr[SN_ATTR_ORGANISATION], u = s->actors[a].attr[SN_ATTR_UNIT];
        uint64_t own = 1ull << 62 | a;
        uint64_t ks = o ? (uint64_t)o << 32 | u : own, ko = o ? o : own;
        int added;
        uint32_t *v = sn_pairmap_put(&ms, ks, (uint32_t)ms.used, &added);
        uint32_t *w = v ? sn_pairmap_put(&mo, ko, (uint32_t)mo.used, &added) : NULL;
        if (!v || !w) {
            sn_pairmap_free(&ms);
            sn_pairmap_free(&mo);
            return -1;
        }
        service[a] = *v;
        org[a] = *w;
    }
    *n_service = (uint32_t)ms.used;
    *n_org = (uint32_t)mo.used;
    sn_pairmap_free(&ms);
    sn_pairmap_free(&mo);
    return 0;
}

/* The hand-off pattern from the directed service pairs (local ids) of a case's contacts. */
static uint8_t handoff_pattern(uint64_t *pairs, size_t n, uint32_t services)
{
    if (services < 2)
        return SN_HANDOFF_SINGLE;
    if (n == 0)
        return SN_HANDOFF_POOLED;
    if (n > 24) {
        qsort(pairs, n, sizeof *pairs, sni_cmp_u64);
    } else { /* most cases have few pairs: insertion sort, without qsort's overhead */
        for (size_t i = 1; i < n; i++) {
            uint64_t x = pairs[i];
            size_t j = i;
            for (; j > 0 && pairs[j - 1] > x; j--)
                pairs[j] = pairs[j - 1];
            pairs[j] = x;
        }
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t rev = (pairs[i] & 0xffffffffu) << 32 | pairs[i] >> 32;
        if (bsearch(&rev, pairs, n, sizeof *pairs, sni_cmp_u64))
            return SN_HANDOFF_RECIPROCAL;
    }
    return SN_HANDOFF_SEQUENTIAL;
}

typedef struct work {
    uint32_t *service, *org;     /* per actor */
    uint32_t *st_node, *st_serv; /* stamps: case + 1 */
    uint32_t *st_org;
    uint32_t *loc_serv;          /* service -> local id in the current case */
    uint32_t *prov_start, *prov; /* providers of each case (CSR) */
    uint64_t *pairs;             /* scratch: directed service pairs of a case */
    uint32_t *tr_from, *tr_to;   /* scratch: transfers of a case */
    int64_t *tr_time;
    double *vals;
} work;

static void work_free(work *w)
{
    free(w->service);
    free(w->org);
    free(w->st_node);
    free(w->st_serv);
    free(w->st_org);
    free(w->loc_serv);
    free(w->prov_start);
    free(w->prov);
    free(w->pairs);
    free(w->tr_from);
    free(w->tr_to);
    free(w->tr_time);
    free(w->vals);
}

static int cmp_co(const void *x, const void *y)
{
    const sn_co_pair *a = x, *b = y;
    if (a->cases != b->cases)
        return a->cases > b->cases ? -1 : 1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

sn_status sn_cases_compute(const sn_net *net, const sn_events *ev, const sn_cases_opts *opts,
                           sn_cases *out, sn_err *err)
{
    memset(out, 0, sizeof *out);
    if (opts)
        out->opts = *opts;
    else
        sn_cases_opts_init(&out->opts);
    const sn_cases_opts *o = &out->opts;
    const sn_store *s = ev->store;
    const sn_view_opts *vo = &net->opts;
    out->events = ev;
    out->level = vo->level;
    out->n_cases = ev->n_cases;
    uint8_t transfer[SN_CHANNEL_MAX + 1];
    if (o->has_transfer_channels) {
        memcpy(transfer, o->transfer_channels, sizeof transfer);
    } else {
        memset(transfer, 0, sizeof transfer);
        transfer[SN_CH_REFERRAL] = transfer[SN_CH_DISCHARGE] = 1;
    }
    work w;
    memset(&w, 0, sizeof w);
    sn_pairmap share = {0};
    size_t na = s->n_actors ? s->n_actors : 1, nn = net->n_nodes ? net->n_nodes : 1;
    size_t longest = 1;
    for (uint32_t c = 0; c < ev->n_cases; c++)
        if (ev->case_start[c + 1] - ev->case_start[c] > longest)
            longest = ev->case_start[c + 1] - ev->case_start[c];
    size_t case_rows = ev->case_start[ev->n_cases];
    uint32_t n_service = 0, n_org = 0;
    w.service = malloc(na * sizeof *w.service);
    w.org = malloc(na * sizeof *w.org);
    out->cases = calloc((size_t)ev->n_cases + 1, sizeof *out->cases);
    w.st_node = calloc(nn, sizeof *w.st_node);
    w.prov_start = calloc((size_t)ev->n_cases + 1, sizeof *w.prov_start);
    w.prov = malloc((2 * case_rows + 1) * sizeof *w.prov);
    w.pairs = malloc(longest * sizeof *w.pairs);
    w.tr_from = malloc(longest * sizeof *w.tr_from);
    w.tr_to = malloc(longest * sizeof *w.tr_to);
    w.tr_time = malloc(longest * sizeof *w.tr_time);
    w.vals = malloc(((size_t)ev->n_cases + 1) * sizeof *w.vals);
    if (!w.service || !w.org || !out->cases || !w.st_node || !w.prov_start || !w.prov || !w.pairs ||
        !w.tr_from || !w.tr_to || !w.tr_time || !w.vals ||
        actor_groups(s, w.service, w.org, &n_service, &n_org) != 0)
        goto oom;
    w.st_serv = calloc(n_service ? n_service : 1, sizeof *w.st_serv);
    w.loc_serv = calloc(n_service ? n_service : 1, sizeof *w.loc_serv);
    w.st_org = calloc(n_org ? n_org : 1, sizeof *w.st_org);
    if (!w.st_serv || !w.loc_serv || !w.st_org || sn_pairmap_init(&share, 1024) != 0)
        goto oom;

    /* Pass 1: per case counts, patterns, transfers; the patient-sharing weights. */
    const uint32_t *node = net->node_of_actor;
    size_t np_all = 0;
    for (uint32_t c = 0; c < ev->n_cases; c++) {
        sn_case_stats *cs = &out->cases[c];
        cs->care_density = NAN;
        size_t n;
        const uint32_t *rows = sn_events_case(ev, c, &n);
        uint32_t stamp = c + 1, ns = 0, npairs = 0, nt = 0;
        if ((c & 0x3fff) == 0x3fff)
            sn_store_release(s); /* spilled columns: see sn_store_release */
        size_t p0 = np_all;
        for (size_t k = 0; k < n; k++) {
            uint32_t i = rows[k];
            if (!sn_view_keeps(vo, s, i))
                continue;
            if (cs->contacts++ == 0)
                cs->first = sn_store_time(s, i);
            cs->last = sn_store_time(s, i);
            uint32_t ends[2] = {s->from[i], s->to[i]};
            for (int e = 0; e < 2; e++) {
                uint32_t a = ends[e], v = node[a], sv = w.service[a], og = w.org[a];
                if (w.st_node[v] != stamp) {
                    w.st_node[v] = stamp;
                    w.prov[np_all++] = v;
                }
                if (w.st_serv[sv] != stamp) {
                    w.st_serv[sv] = stamp;
                    w.loc_serv[sv] = ns++;
                }
                if (w.st_org[og] != stamp) {
                    w.st_org[og] = stamp;
                    cs->organisations++;
                }
            }
            uint32_t sf = w.service[ends[0]], stt = w.service[ends[1]];
            if (sf != stt)
                w.pairs[npairs++] = (uint64_t)w.loc_serv[sf] << 32 | w.loc_serv[stt];
            uint32_t of = w.org[ends[0]], ot = w.org[ends[1]];
            if (transfer[s->channel[i]] && of != ot) {
                w.tr_from[nt] = of;
                w.tr_to[nt] = ot;
                w.tr_time[nt++] = sn_store_time(s, i);
            }
        }
        w.prov_start[c + 1] = (uint32_t)np_all;
        if (!cs->contacts)
            continue;
        out->active++;
        cs->providers = (uint32_t)(np_all - p0);
        cs->services = ns;
        cs->bti = (uint8_t)(ns >= 3 ? 3 : ns);
        out->bti[cs->bti]++;
        cs->handoff = handoff_pattern(w.pairs, npairs, ns);
        out->handoff[cs->handoff]++;
        cs->transfers = nt;
        for (uint32_t j = o->pingpong_first ? 0 : 1; j + 1 < nt; j++)
            if (w.tr_to[j + 1] == w.tr_from[j] &&
                w.tr_time[j + 1] - w.tr_time[j] <= o->pingpong_window)
                cs->pingpongs++;
        out->transfers += nt;
        out->pingpongs += cs->pingpongs;
        out->cases_with_transfers += nt > 0;
        out->cases_with_pingpong += cs->pingpongs > 0;
        uint32_t k = cs->providers;
        if (k > o->max_providers) {
            out->large_cases++;
            continue;
        }
        for (size_t x = p0; x < np_all; x++)
            for (size_t y = x + 1; y < np_all; y++) {
                uint32_t a = w.prov[x] < w.prov[y] ? w.prov[x] : w.prov[y];
                uint32_t b = w.prov[x] < w.prov[y] ? w.prov[y] : w.prov[x];
                int added;
                uint32_t *v = sn_pairmap_put(&share, sn_pair_key(a, b), 0, &added);
                if (!v)
                    goto oom;
                (*v)++;
            }
    }
    out->shared_pairs = share.used;
    out->pingpong_share = out->active ? (double)out->cases_with_pingpong / out->active : NAN;

    /* Pass 2: care density. */
    size_t nv = 0;
    for (uint32_t c = 0; c < ev->n_cases; c++) {
        sn_case_stats *cs = &out->cases[c];
        uint32_t k = cs->providers;
        if (k < 2 || k > o->max_providers)
            continue;
        const uint32_t *pv = w.prov + w.prov_start[c];
        double sum = 0;
        for (uint32_t x = 0; x < k; x++)
            for (uint32_t y = x + 1; y < k; y++) {
                uint32_t a = pv[x] < pv[y] ? pv[x] : pv[y], b = pv[x] < pv[y] ? pv[y] : pv[x];
                sum += *sn_pairmap_get(&share, sn_pair_key(a, b));
            }
        cs->care_density = sum / ((double)k * (k - 1) / 2);
        w.vals[nv++] = cs->care_density;
    }
    out->density_cases = (long)nv;
    sn_summarize(w.vals, nv, &out->density);
    for (int kind = 0; kind < 3; kind++) {
        nv = 0;
        for (uint32_t c = 0; c < ev->n_cases; c++) {
            const sn_case_stats *cs = &out->cases[c];
            if (cs->contacts)
                w.vals[nv++] = kind == 0   ? cs->providers
                               : kind == 1 ? cs->services
                                           : cs->organisations;
        }
        sn_summarize(w.vals, nv,
                     kind == 0   ? &out->providers
                     : kind == 1 ? &out->services
                                 : &out->organisations);
    }

    /* Co-serving without contact. */
    size_t n_co = 0, cap_co = 0;
    uint32_t cmin = o->co_serving_min > 1 ? (uint32_t)o->co_serving_min : 1;
    for (size_t i = 0; i < share.cap; i++) {
        if (share.keys[i] == UINT64_MAX || share.vals[i] < cmin)
            continue;
        uint32_t a = (uint32_t)(share.keys[i] >> 32), b = (uint32_t)share.keys[i];
        if (sn_net_tie(net, a, b) >= 0 || sn_net_tie(net, b, a) >= 0)
            continue;
        if (n_co == cap_co) {
            size_t nc = cap_co ? 2 * cap_co : 256;
            sn_co_pair *q = realloc(out->co, nc * sizeof *q);
            if (!q)
                goto oom;
            out->co = q;
            cap_co = nc;
        }
        out->co[n_co++] = (sn_co_pair){a, b, share.vals[i]};
        out->n_co_cross += s->actors[net->node_actor[a]].attr[SN_ATTR_ORGANISATION] !=
                           s->actors[net->node_actor[b]].attr[SN_ATTR_ORGANISATION];
    }
    out->n_co = n_co;
    if (n_co)
        qsort(out->co, n_co, sizeof *out->co, cmp_co);
    sn_pairmap_free(&share);
    work_free(&w);
    return SN_OK;
oom:
    sn_pairmap_free(&share);
    work_free(&w);
    sn_cases_free(out);
    return sn_err_set(err, SN_ENOMEM, "out of memory computing the case measures");
}

void sn_cases_free(sn_cases *c)
{
    free(c->cases);
    free(c->co);
    memset(c, 0, sizeof *c);
}
