/*
 * rows.c - one actor or contact row, its values already split out, checked
 * and added to the store: actor ids in normal form, type and rank aliases,
 * times, weights, channels, cases and meetings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ingest_internal.h"
#include "samnett/time.h"

/* Known actor types and their Norwegian spellings. */
static const struct {
    const char *alias;
    const char *type;
} type_aliases[] = {
    {"kommune", "municipality"},
    {"municipal", "municipality"},
    {"sykehus", "hospital_unit"},
    {"sjukehus", "hospital_unit"},
    {"hospital", "hospital_unit"},
    {"helseforetak", "hospital_unit"},
    {"fastlege", "gp"},
    {"lege", "gp"},
    {"koordinator", "coordinator"},
    {"bruker", "user"},
    {"brukar", "user"},
    {"p\xc3\xa5r\xc3\xb8rende", "relative"},
    {"p\xc3\xa5r\xc3\xb8rande", "relative"},
    {"annet", "other"},
    {"anna", "other"},
};

static const struct {
    const char *alias;
    const char *rank;
} rank_aliases[] = {
    {"topp", "top"},
    {"toppleder", "top"},
    {"toppleiar", "top"},
    {"leder", "middle"},
    {"mellomleder", "middle"},
    {"mellomleiar", "middle"},
    {"midt", "middle"},
    {"mellom", "middle"},
    {"f\xc3\xb8rstelinje", "frontline"},
    {"forstelinje", "frontline"},
    {"frontlinje", "frontline"},
    {"front", "frontline"},
};

static int space_cp(utf8proc_int32_t cp)
{
    if (cp == ' ' || (cp >= 9 && cp <= 13) || cp == 0x85)
        return 1;
    if (cp < 0x80)
        return 0;
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP;
}

/*
 * Put an actor id (valid UTF-8) in its normal form: without surrounding white
 * space, in Unicode normal form C. v then points into c->idbuf[slot]; the
 * spelling is counted in store->ids_merged when it changed. Plain ASCII ids
 * without surrounding space, and ids already known, are left as they are.
 * Returns 0, or -1 when out of memory.
 */
static int norm_id(ctx *c, val *v, int slot)
{
    const unsigned char *s = (const unsigned char *)v->s;
    size_t len = v->len;
    if (!s || len == 0)
        return 0;
    unsigned char high = 0;
    for (size_t i = 0; i < len; i++)
        high |= s[i];
    if (!(high & 0x80) && !space_cp(s[0]) && !space_cp(s[len - 1]))
        return 0;
    if ((high & 0x80) && sn_store_actor_find(c->actors, v->s, len) >= 0)
        return 0; /* stored ids are in normal form */
    size_t a = 0, b = len;
    utf8proc_int32_t cp;
    while (a < b) {
        utf8proc_ssize_t n = utf8proc_iterate(s + a, (utf8proc_ssize_t)(b - a), &cp);
        if (n <= 0 || !space_cp(cp))
            break;
        a += (size_t)n;
    }
    while (b > a) {
        size_t k = b - 1;
        while (k > a && (s[k] & 0xC0) == 0x80)
            k--;
        if (utf8proc_iterate(s + k, (utf8proc_ssize_t)(b - k), &cp) <= 0 || !space_cp(cp))
            break;
        b = k;
    }
    utf8proc_uint8_t *nfc = NULL;
    const unsigned char *out = s + a;
    size_t out_len = b - a;
    if (high & 0x80) {
        utf8proc_ssize_t n = utf8proc_map(s + a, (utf8proc_ssize_t)(b - a), &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n == UTF8PROC_ERROR_NOMEM)
            return -1;
        if (n >= 0) {
            out = nfc;
            out_len = (size_t)n;
        }
    }
    int changed = out_len != len || memcmp(out, s, len) != 0;
    int rc = 0;
    if (changed && out_len == 0) {
        v->len = 0; /* only white space: an empty id */
    } else if (changed) {
        if (c->idcap[slot] < out_len + 1) {
            char *nb = realloc(c->idbuf[slot], out_len + 64);
            if (!nb) {
                free(nfc);
                return -1;
            }
            c->idbuf[slot] = nb;
            c->idcap[slot] = out_len + 64;
        }
        memcpy(c->idbuf[slot], out, out_len);
        c->idbuf[slot][out_len] = '\0';
        sn_store *st = c->st;
        uint32_t variant;
        if (!st->id_variants && !(st->id_variants = sn_intern_new()))
            rc = -1;
        else if (sn_intern_add(st->id_variants, v->s, len, &variant) != SN_OK)
            rc = -1;
        else
            st->ids_merged = (long)sn_intern_count(st->id_variants);
        v->col += sni_utf8_chars(v->s, a);
        v->s = c->idbuf[slot];
        v->len = out_len;
    }
    free(nfc);
    return rc;
}

static int ieq_list(const char *s, const char *t)
{
    char low[128];
    sni_lower(low, s, strlen(s), sizeof low);
    return strcmp(low, t) == 0;
}

sn_status sni_actor_row(ctx *c, const char *file, val v[NCOLS], const val *extras,
                        const uint32_t *extra_keys, size_t n_extra, long line)
{
    if (norm_id(c, &v[COL_ID], 0) != 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory adding actors");
    if (!v[COL_ID].s || v[COL_ID].len == 0) {
        sni_reject(c, K_EMPTY, file, line, v[COL_ID].s ? v[COL_ID].col : 1,
                   "empty actor id; expected a non-empty id");
        return SN_OK;
    }
    uint32_t idx;
    int added;
    if (sn_store_actor_add(c->st, v[COL_ID].s, v[COL_ID].len, c->file_id, (uint32_t)line, &idx,
                           &added) != SN_OK)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory adding actors");
    if (!added) {
        char sb[96];
        const sn_actor *old = &c->st->actors[idx];
        if (old->auto_created)
            sni_reject(c, K_DUP_ACTOR, file, line, v[COL_ID].col,
                       "actor id '%s' was already created from a contact; expected actors files "
                       "to be read before contacts",
                       SHOW(v[COL_ID], sb));
        else
            sni_reject(c, K_DUP_ACTOR, file, line, v[COL_ID].col,
                       "duplicate actor id '%s'; first defined at %s:%u; expected each id once",
                       SHOW(v[COL_ID], sb), sn_intern_str(c->st->strings, old->src_file),
                       old->src_line);
        return SN_OK;
    }
    sn_actor *a = &c->st->actors[idx];
    for (int k = COL_NAME; k <= COL_PROF; k++) {
        if (!v[k].s)
            continue;
        const char *s = v[k].s;
        size_t len = v[k].len;
        if (k == COL_TYPE) {
            for (size_t i = 0; i < sizeof type_aliases / sizeof type_aliases[0]; i++)
                if (ieq_list(s, type_aliases[i].alias)) {
                    s = type_aliases[i].type;
                    len = strlen(s);
                    break;
                }
        } else if (k == COL_RANK) {
            for (size_t i = 0; i < sizeof rank_aliases / sizeof rank_aliases[0]; i++)
                if (ieq_list(s, rank_aliases[i].alias)) {
                    s = rank_aliases[i].rank;
                    len = strlen(s);
                    break;
                }
            if (len && strcmp(s, "top") && strcmp(s, "middle") && strcmp(s, "frontline")) {
                char sb[96];
                sni_say(c, K_RANK, SN_WARNING, file, line, v[k].col,
                        "rank '%s' kept as given; expected top, middle or frontline",
                        sn_escape(s, len, sb, sizeof sb));
            }
        }
        uint32_t id;
        if (sn_store_string(c->st, s, len, &id) != SN_OK)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory adding actors");
        a = &c->st->actors[idx];
        a->attr[k - COL_NAME] = id;
    }
    for (size_t i = 0; i < n_extra; i++) {
        uint32_t id;
        if (sn_store_string(c->st, extras[i].s, extras[i].len, &id) != SN_OK ||
            sn_store_actor_extra(c->st, extra_keys[i], id) != SN_OK)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory adding actors");
    }
    return SN_OK;
}

static int channel_lookup_slow(ctx *c, const char *file, const val *v);

/* The actor index for id, creating an 'unknown' actor with a warning if new; -1 = no memory. */
static int64_t contact_actor(ctx *c, const char *file, const val *v)
{
    int64_t idx = sn_store_actor_find(c->actors, v->s, v->len);
    if (idx >= 0)
        return idx;
    if (c->worker)
        return -3; /* creating an actor changes shared state: the serial pass does it */
    uint32_t made;
    if (sn_store_actor_add(c->st, v->s, v->len, c->file_id, 0, &made, NULL) != SN_OK)
        return -1;
    c->st->actors[made].auto_created = 1;
    c->st->actors[made].attr[SN_ATTR_TYPE] = c->unknown_type;
    c->st->auto_actors++;
    if (c->diag->strict) {
        char sb[96];
        sni_say(c, K_UNKNOWN_ACTOR, SN_ERROR, file, v->line, v->col,
                "unknown actor '%s'; expected an id from the actors file", SHOW(*v, sb));
        return made;
    }
    /* one summary at the end (sni_say_hidden), not a warning per actor */
    if (c->unk_actors++ == 0) {
        c->unk_file = file;
        c->unk_line = v->line;
        c->unk_col = v->col;
    }
    if (c->n_unk_first < (int)(sizeof c->unk_first / sizeof *c->unk_first))
        c->unk_first[c->n_unk_first++] = made;
    return made;
}

static int channel_index(ctx *c, const char *file, const val *v)
{
    /* Exports repeat a handful of channel names: try the last one first. */
    if (c->last_channel >= 0 && v->len == c->last_channel_len &&
        memcmp(v->s, c->last_channel_text, v->len) == 0)
        return c->last_channel;
    int ch = channel_lookup_slow(c, file, v);
    if (ch >= 0 && v->len < sizeof c->last_channel_text) {
        memcpy(c->last_channel_text, v->s, v->len);
        c->last_channel_len = v->len;
        c->last_channel = ch;
    }
    return ch;
}

static int channel_lookup_slow(ctx *c, const char *file, const val *v)
{
    uint32_t raw;
    if (sn_intern_add(c->channel_raw, v->s, v->len, &raw) != SN_OK)
        return -2;
    if (raw >= c->channel_map_cap) {
        size_t cap = c->channel_map_cap ? c->channel_map_cap * 2 : 64;
        int16_t *m = realloc(c->channel_map, cap * sizeof *m);
        if (!m)
            return -2;
        for (size_t i = c->channel_map_cap; i < cap; i++)
            m[i] = -1;
        c->channel_map = m;
        c->channel_map_cap = cap;
    }
    if (c->channel_map[raw] >= 0)
        return c->channel_map[raw];
    int ch = sni_local_channel(c, v->s, v->len);
    if (ch < 0)
        ch = sn_channel_lookup(v->s, v->len);
    if (ch < 0 && c->worker) {
        int64_t known = sn_intern_find(c->actors->channels, v->s, v->len);
        if (known < 0)
            return -3;
        ch = (int)known;
    }
    if (ch < 0) {
        uint32_t id;
        if (sn_intern_add(c->st->channels, v->s, v->len, &id) != SN_OK)
            return -2;
        if (id > SN_CHANNEL_MAX)
            return -1;
        ch = (int)id;
        char sb[96];
        sni_say(c, K_UNKNOWN_CHANNEL, SN_WARNING, file, v->line, v->col,
                "unknown channel '%s' kept as given; expected e-message, phone, meeting, "
                "video, referral, discharge, visit, job-shadowing or other",
                SHOW(*v, sb));
    }
    c->channel_map[raw] = (int16_t)ch;
    return ch;
}

static inline int two_digits(const char *s, int max)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    int v = (s[0] - '0') * 10 + (s[1] - '0');
    return v <= max ? v : -1;
}

/*
 * The common case of exports: "YYYY-MM-DDTHH:MM:SSZ" on the same date as the
 * previous row. The date was validated when it was first seen, so only the
 * time of day is checked here. Returns 1 when it applied.
 */
static int fast_time(ctx *c, const val *v, int64_t *t, sn_time_zone *zone)
{
    const char *s = v->s;
    if (v->len != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
        c->last_days == INT64_MIN || memcmp(s, c->last_date, 10) != 0)
        return 0;
    int h = two_digits(s + 11, 23), m = two_digits(s + 14, 59), sec = two_digits(s + 17, 60);
    if (h < 0 || m < 0 || sec < 0)
        return 0;
    *t = c->last_days * 86400 + h * 3600 + m * 60 + sec;
    *zone = SN_TIME_UTC;
    return 1;
}

/* The --date-format formats, in order: 1 when one read v. */
static int user_time(ctx *c, const val *v, int64_t *t, sn_time_zone *zone)
{
    if (!c->opts)
        return 0;
    for (int k = 0; k < c->opts->n_date_formats; k++)
        if (sn_time_strptime(c->opts->date_formats[k], v->s, t, zone) == 0)
            return 1;
    return 0;
}

/*
 * A date written a/b/yyyy (then perhaps a time): day first or month first,
 * as the file's rows settle it (a number above 12 can only be a day).
 * Returns 0 when v is not such a date, 1 when read into *t, -1 with why set.
 */
static int slash_time(ctx *c, const val *v, int64_t *t, sn_time_zone *zone, char *why, size_t cap)
{
    const char *s = v->s;
    size_t i = 0, len = v->len;
    int a = 0, b = 0, na = 0, nb = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && na < 3)
        a = a * 10 + (s[i++] - '0'), na++;
    if (na < 1 || na > 2 || i >= len || s[i] != '/')
        return 0;
    i++;
    while (i < len && s[i] >= '0' && s[i] <= '9' && nb < 3)
        b = b * 10 + (s[i++] - '0'), nb++;
    if (nb < 1 || nb > 2 || i + 4 > len || s[i] != '/')
        return 0;
    int order = a > 12 ? 1 : b > 12 ? 2 : 0;
    if (order && c->slash_order && order != c->slash_order) {
        snprintf(why, cap, "expected %s first, as line %ld of this file has it (or --date-format)",
                 c->slash_order == 1 ? "the day" : "the month", c->slash_line);
        return -1;
    }
    if (order && !c->slash_order) {
        c->slash_order = order;
        c->slash_line = v->line;
    }
    if (!order)
        order = c->slash_order;
    if (!order) {
        snprintf(why, cap,
                 "ambiguous date: %d/%d could be day/month or month/day, and no earlier row "
                 "of this file tells; expected --date-format '%%d/%%m/%%Y %%H:%%M' (day "
                 "first) or '%%m/%%d/%%Y %%H:%%M' (month first)",
                 a, b);
        return -1;
    }
    char buf[128];
    int n = snprintf(buf, sizeof buf, "%d.%d.%.*s", order == 1 ? a : b, order == 1 ? b : a,
                     (int)(len - i - 1), s + i + 1);
    sn_err e;
    if (n < 0 || (size_t)n >= sizeof buf ||
        sn_time_parse(buf, (size_t)n, t, zone, NULL, &e) != SN_OK) {
        snprintf(why, cap, "expected D/M/YYYY [HH:MM[:SS]] or M/D/YYYY [HH:MM[:SS]]");
        return -1;
    }
    return 1;
}

/* A worker keeps a row that needs shared state for the serial pass (not counted yet). */
static sn_status defer_row(ctx *c, long line)
{
    c->st->rows_read--;
    if (c->n_deferred == c->cap_deferred) {
        size_t cap = c->cap_deferred ? c->cap_deferred * 2 : 64;
        deferred_row *d = realloc(c->deferred, cap * sizeof *d);
        if (!d)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory");
        c->deferred = d;
        c->cap_deferred = cap;
    }
    deferred_row *d = &c->deferred[c->n_deferred];
    d->text = malloc(c->cur_len + 1);
    if (!d->text)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    memcpy(d->text, c->cur_line, c->cur_len);
    d->text[c->cur_len] = '\0';
    d->len = c->cur_len;
    d->line = line;
    d->at = c->st->n;
    c->n_deferred++;
    return SN_OK;
}

sn_status sni_contact_row(ctx *c, const char *file, val v[NCOLS], long line)
{
    sn_store *st = c->st;
    st->rows_read++;
    int64_t t;
    sn_time_zone zone;
    char why[400];
    if (!v[COL_TIME].s || v[COL_TIME].len == 0) {
        sni_reject(c, K_EMPTY, file, line, v[COL_TIME].s ? v[COL_TIME].col : 1,
                   "empty time; expected an ISO 8601 date-time or epoch seconds");
        return SN_OK;
    }
    size_t bad = 0;
    sn_err terr;
    if (!fast_time(c, &v[COL_TIME], &t, &zone) && !user_time(c, &v[COL_TIME], &t, &zone)) {
        int sl = slash_time(c, &v[COL_TIME], &t, &zone, why, sizeof why);
        if (sl < 0)
            bad = 1;
        else if (sl == 0 &&
                 sn_time_parse(v[COL_TIME].s, v[COL_TIME].len, &t, &zone, &bad, &terr) != SN_OK)
            snprintf(why, sizeof why, "%s%.200s",
                     c->opts && c->opts->n_date_formats ? "fits no --date-format; " : "", terr.msg);
    }
    if (!bad && zone == SN_TIME_UTC && v[COL_TIME].len == 20 && v[COL_TIME].s[19] == 'Z' &&
        v[COL_TIME].s[10] == 'T') {
        /* remember a validated date: its own day, also when 24:00:00 or a leap second
         * (23:59:60) made t fall on the next one */
        const char *ts = v[COL_TIME].s;
        int64_t clock =
            two_digits(ts + 11, 24) * 3600 + two_digits(ts + 14, 59) * 60 + two_digits(ts + 17, 60);
        memcpy(c->last_date, ts, 10);
        c->last_days = (t - clock) / 86400;
    }
    if (bad) {
        char sb[96];
        sni_reject(c, K_TIME, file, line, v[COL_TIME].col + bad - 1, "bad time '%s': %s",
                   SHOW(v[COL_TIME], sb), why);
        return SN_OK;
    }
    sn_tz_kind dst = SN_TZ_NORMAL;
    if (zone == SN_TIME_LOCAL)
        dst = sn_tz_to_utc(sn_tz_current(), t, &t, &c->tz_span);
    if (norm_id(c, &v[COL_FROM], 0) != 0 || norm_id(c, &v[COL_TO], 1) != 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    for (int k = COL_FROM; k <= COL_TO; k++)
        if (!v[k].s || v[k].len == 0) {
            sni_reject(c, K_EMPTY, file, line, v[k].s ? v[k].col : 1,
                       "empty '%s'; expected an actor id", sni_col_names[k]);
            return SN_OK;
        }
    char mapped[4][SN_ID_MAP_MAX]; /* from, to, case and meeting as opts->id_map spells them */
    if (c->opts && c->opts->id_map) {
        static const struct {
            colid col;
            const char *ns;
        } ids[4] = {
            {COL_FROM, "actor"}, {COL_TO, "actor"}, {COL_CASE, "case"}, {COL_MEETING, "meeting"}};
        for (int k = 0; k < 4; k++) {
            val *x = &v[ids[k].col];
            if (!x->s || !x->len)
                continue;
            if (!c->opts->id_map(c->opts->id_map_ud, ids[k].ns, x->s, x->len, mapped[k]))
                continue;
            x->s = mapped[k];
            x->len = strlen(mapped[k]);
        }
    }
    double w = 1.0;
    if (v[COL_WEIGHT].s && v[COL_WEIGHT].len) {
        char buf[64];
        const char *ws = v[COL_WEIGHT].s;
        if (v[COL_WEIGHT].len < sizeof buf && !strchr(ws, '.') && strchr(ws, ',')) {
            snprintf(buf, sizeof buf, "%s", ws); /* decimal comma */
            *strchr(buf, ',') = '.';
            ws = buf;
        }
        char *end;
        size_t nd = strspn(ws, "0123456789");
        if (nd && nd <= 9 && ws[nd] == '\0') {
            long iv = 0;
            for (size_t k = 0; k < nd; k++)
                iv = iv * 10 + (ws[k] - '0');
            w = (double)iv;
            goto weight_ok;
        }
        w = strtod(ws, &end);
        /* plain decimal numbers only: no hex, no leading space, no nan or inf */
        if (end == ws || *end != '\0' || strspn(ws, "0123456789.eE+-") != strlen(ws) || !(w >= 0) ||
            w > 3.0e38) {
            char sb[96];
            sni_reject(c, K_WEIGHT, file, line, v[COL_WEIGHT].col,
                       "bad weight '%s'; expected a non-negative number", SHOW(v[COL_WEIGHT], sb));
            return SN_OK;
        }
    }
weight_ok:;
    int ch = SN_CH_OTHER;
    if (v[COL_CHANNEL].s && v[COL_CHANNEL].len) {
        ch = channel_index(c, file, &v[COL_CHANNEL]);
        if (ch == -2)
            return sn_err_set(c->err, SN_ENOMEM, "out of memory");
        if (ch == -3)
            return defer_row(c, line);
        if (ch < 0) {
            sni_reject(c, K_CHANNELS, file, line, v[COL_CHANNEL].col,
                       "too many distinct channels; expected at most %d", SN_CHANNEL_MAX);
            return SN_OK;
        }
    }
    uint32_t ids[2] = {0, 0};
    for (int k = COL_CASE; k <= COL_MEETING; k++)
        if (v[k].s && v[k].len) {
            uint32_t id;
            if (sn_intern_add(k == COL_CASE ? st->cases : st->meetings, v[k].s, v[k].len, &id) !=
                SN_OK)
                return sn_err_set(c->err, SN_ENOMEM, "out of memory");
            ids[k - COL_CASE] = id + 1;
        }
    int64_t from = contact_actor(c, file, &v[COL_FROM]);
    if (from >= 0 && sni_stopped(c))
        return SN_OK;
    int64_t to = from < 0 ? -1 : contact_actor(c, file, &v[COL_TO]);
    if (from == -3 || to == -3)
        return defer_row(c, line);
    if (from < 0 || to < 0)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    if (sni_stopped(c))
        return SN_OK;
    if (zone == SN_TIME_LOCAL && c->local_times++ == 0) {
        c->local_line = line;
        c->local_col = v[COL_TIME].col;
    }
    if (dst == SN_TZ_AMBIGUOUS) {
        c->ambiguous_times++;
    } else if (dst == SN_TZ_NONEXISTENT) {
        c->nonexistent_times++;
        char sb[96], at[40];
        sn_time_format_zone(sn_tz_current(), t, at, sizeof at);
        sni_say(c, K_NONEXISTENT, SN_WARNING, file, line, v[COL_TIME].col,
                "time '%s' does not exist in %s (the clock moved forward over it); read as if "
                "it had not moved yet: %s; expected a time that exists on that day",
                SHOW(v[COL_TIME], sb), sn_tz_name(sn_tz_current()), at);
        if (sni_stopped(c))
            return SN_OK;
    }
    if (c->opts && c->opts->time_range && !sn_time_in_range(c->opts->time_range, t) &&
        c->odd_times++ == 0) {
        c->odd_line = line;
        c->odd_col = v[COL_TIME].col;
        c->odd_time = t;
    }
    if (from == to) {
        st->self_contacts++;
        char sb[96];
        sni_say(c, K_SELF, SN_WARNING, file, line, v[COL_TO].col,
                "self-contact: from and to are both '%s'; counted, but not a tie (expected "
                "two different actors)",
                SHOW(v[COL_FROM], sb));
        if (sni_stopped(c))
            return SN_OK;
    }
    if (sn_store_contact_add(st, t, (uint32_t)from, (uint32_t)to, (uint8_t)ch, ids[0], ids[1],
                             (float)w) != SN_OK)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory storing contacts");
    if (c->actors->actors[from].auto_created || c->actors->actors[to].auto_created)
        c->unk_contacts++;
    if (c->log_lines) {
        if (c->n_lines == c->cap_lines) {
            size_t cap = c->cap_lines ? c->cap_lines * 2 : 1024;
            long *l = realloc(c->lines, cap * sizeof *l);
            if (!l)
                return sn_err_set(c->err, SN_ENOMEM, "out of memory storing contacts");
            c->lines = l;
            c->cap_lines = cap;
        }
        c->lines[c->n_lines++] = line;
    }
    return SN_OK;
}

void sni_file_warnings(ctx *c, const char *file)
{
    if (c->local_times) {
        c->st->local_times += c->local_times;
        c->st->ambiguous_times += c->ambiguous_times;
        c->st->nonexistent_times += c->nonexistent_times;
        char amb[160] = "";
        if (c->ambiguous_times)
            snprintf(amb, sizeof amb,
                     "; %ld in the hour the clock went back, read as its first occurrence "
                     "(summer time)",
                     c->ambiguous_times);
        sn_diag_emit(c->diag, SN_NOTE, file, c->local_line, c->local_col,
                     "%ld time%s without a time zone read as local time in %s%s (a time with "
                     "'Z' or an offset such as +01:00, or --timezone, for another zone)",
                     c->local_times, c->local_times == 1 ? "" : "s", sn_tz_name(sn_tz_current()),
                     amb);
    }
    c->ambiguous_times = c->nonexistent_times = 0;
    /* one warning for the contact times outside the plausible range */
    if (!c->odd_times)
        return;
    char first[40], from[16], to[16];
    sn_time_format(c->odd_time, first, sizeof first);
    sn_date_format(c->opts->time_range->from, from, sizeof from);
    sn_date_format(c->opts->time_range->to - 1, to, sizeof to);
    sn_diag_emit(c->diag, SN_WARNING, file, c->odd_line, c->odd_col,
                 "%ld contact time%s outside the plausible range %s .. %s (here: %s); kept in "
                 "the network, left out of windows and change points; expected times in the "
                 "range (a mistyped year?)",
                 c->odd_times, c->odd_times == 1 ? "" : "s", from, to, first);
}
