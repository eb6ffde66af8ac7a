/*
 * wire.c - the findings of one lens run as bytes: what the lens's child
 * process writes into its pipe and the parent reads back. The parent treats
 * the bytes as untrusted input: the decoder checks every length against
 * what is left, every count against the smallest size its items can have
 * (so a huge count cannot make it allocate more than the input is worth),
 * every string for valid UTF-8 without NUL bytes, every level, and every
 * score for a finite number within +-2^53.
 *
 * Layout (integers little-endian):
 *   "SNLF" u8 version (1)
 *   u8 status: 0 = findings follow, 1 = the lens failed
 *   status 1: str error
 *   status 0: u32 n, then n findings:
 *     u8 level (0 network, 1 group, 2 actor), str scope, str label,
 *     u32 n_scores, then n_scores times: str name, u8 kind (0 real,
 *     1 integer), 8 bytes (an IEEE double, or a two's-complement int64),
 *     str evidence (English), str evidence (bokmål),
 *     u8 flags (1 concept, 2 source, 4 reason, 8 test), [str concept],
 *     [str source], [str reason: "for lite data" or "ikke signifikant",
 *     with the label "uavklart" only], [test: str method, str correction
 *     (each empty when not given; a correction is holm, bh or none),
 *     u32 n_values, then n_values numbers as the scores are (p and
 *     p_adjusted in [0, 1]; draws, missing and tests whole and >= 0)],
 *     u32 n_uses, then n_uses str (parameter names, not empty)
 *   "END." and nothing after.
 * A str is a u32 byte count and the bytes (no terminating NUL).
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lens_internal.h"

#define WIRE_MAGIC "SNLF"
#define WIRE_END "END."
#define WIRE_VERSION 2
#define WIRE_MAX_STRING (64u << 20) /* longest string in a finding */

/* ---- checks shared with the in-process validation ---- */

long sni_lens_utf8_bad(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* eight ASCII bytes without a NUL at a time */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080ull) ||
                ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned c = p[i];
        if (c == 0)
            return (long)i;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned min;
        if (c >= 0xc2 && c <= 0xdf)
            len = 2, min = 0x80;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3, min = 0x800;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4, min = 0x10000;
        else
            return (long)i;
        if (n - i < len)
            return (long)i;
        unsigned cp = c & (0xff >> (len + 1));
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return (long)i;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return (long)i;
        i += len;
    }
    return -1;
}

int sni_lens_score_bad(double value)
{
    return !isfinite(value) || fabs(value) > SN_LENS_MAX_SCORE;
}

/* ---- encoding ---- */

typedef struct wbuf {
    char *p;
    size_t len, cap;
    int oom;
} wbuf;

static void put(wbuf *b, const void *data, size_t n)
{
    if (b->oom || n == 0)
        return; /* n == 0: data may be NULL (an absent string) */
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void put_u8(wbuf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

static void put_u32(wbuf *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    put(b, c, 4);
}

static void put_u64(wbuf *b, uint64_t v)
{
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_str(wbuf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > WIRE_MAX_STRING) {
        b->oom = 1;
        return;
    }
    put_u32(b, (uint32_t)n);
    put(b, s, n);
}

/* u32 n, then each: str name, u8 kind (0 real, 1 integer), 8 bytes. */
static void put_numbers(wbuf *b, const sn_lens_score *v, size_t n)
{
    put_u32(b, (uint32_t)n);
    for (size_t k = 0; k < n; k++) {
        const sn_lens_score *s = &v[k];
        put_str(b, s->name);
        put_u8(b, s->is_integer ? 1 : 0);
        uint64_t bits;
        if (s->is_integer) {
            int64_t x = s->value >= 9.2e18    ? INT64_MAX
                        : s->value <= -9.2e18 ? INT64_MIN
                                              : (int64_t)s->value;
            memcpy(&bits, &x, 8);
        } else {
            memcpy(&bits, &s->value, 8);
        }
        put_u64(b, bits);
    }
}

sn_status sn_lens_findings_encode(const sn_lens_wire *w, char **out, size_t *len, sn_err *err)
{
    wbuf b = {0};
    put(&b, WIRE_MAGIC, 4);
    put_u8(&b, WIRE_VERSION);
    put_u8(&b, w->failed ? 1 : 0);
    if (w->failed) {
        put_str(&b, w->error);
    } else {
        put_u32(&b, (uint32_t)w->n_findings);
        for (size_t i = 0; i < w->n_findings; i++) {
            const sn_lens_finding *f = &w->findings[i];
            put_u8(&b, (unsigned)f->level);
            put_str(&b, f->scope);
            put_str(&b, f->label);
            put_numbers(&b, f->scores, f->n_scores);
            put_str(&b, f->evidence[0]);
            put_str(&b, f->evidence[1]);
            put_u8(&b, (f->concept ? 1u : 0u) | (f->source ? 2u : 0u) | (f->reason ? 4u : 0u) |
                           (f->has_test ? 8u : 0u));
            if (f->concept)
                put_str(&b, f->concept);
            if (f->source)
                put_str(&b, f->source);
            if (f->reason)
                put_str(&b, f->reason);
            if (f->has_test) {
                put_str(&b, f->test.method);
                put_str(&b, f->test.correction);
                put_numbers(&b, f->test.values, f->test.n_values);
            }
            put_u32(&b, (uint32_t)f->n_uses);
            for (size_t k = 0; k < f->n_uses; k++)
                put_str(&b, f->uses[k]);
        }
    }
    put(&b, WIRE_END, 4);
    if (b.oom) {
        free(b.p);
        return sn_err_set(err, SN_ENOMEM, "out of memory encoding the findings");
    }
    *out = b.p;
    *len = b.len;
    return SN_OK;
}

/* ---- decoding ---- */

typedef struct rbuf {
    const unsigned char *p;
    size_t len, at;
    char *why;
    size_t cap;
} rbuf;

static int fail(rbuf *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(rbuf *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, r->cap, fmt, ap);
    va_end(ap);
    return -1;
}

static int get(rbuf *r, void *out, size_t n, const char *what)
{
    if (r->len - r->at < n)
        return fail(r, "cut short at byte %zu, in %s", r->len, what);
    memcpy(out, r->p + r->at, n);
    r->at += n;
    return 0;
}

static int get_u8(rbuf *r, unsigned *v, const char *what)
{
    unsigned char c = 0;
    if (get(r, &c, 1, what) != 0)
        return -1;
    *v = c;
    return 0;
}

static int get_u32(rbuf *r, uint32_t *v, const char *what)
{
    unsigned char c[4] = {0};
    if (get(r, c, 4, what) != 0)
        return -1;
    *v = (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
    return 0;
}

static int get_u64(rbuf *r, uint64_t *v, const char *what)
{
    uint32_t lo, hi;
    if (get_u32(r, &lo, what) != 0 || get_u32(r, &hi, what) != 0)
        return -1;
    *v = (uint64_t)hi << 32 | lo;
    return 0;
}

/* A string (malloc'd) that is valid UTF-8 without NUL bytes; empty allowed when may_be_empty. */
static int get_str(rbuf *r, char **out, const char *what, int may_be_empty)
{
    uint32_t n;
    if (get_u32(r, &n, what) != 0)
        return -1;
    if (n > r->len - r->at)
        return fail(r, "%s: a length of %u bytes runs past the end (%zu left)", what, (unsigned)n,
                    r->len - r->at);
    if (n == 0 && !may_be_empty)
        return fail(r, "%s is empty", what);
    const char *s = (const char *)r->p + r->at;
    long bad = sni_lens_utf8_bad(s, n);
    if (bad >= 0)
        return fail(r, "%s is not valid UTF-8 (%s at byte %ld)", what,
                    s[bad] ? "a bad sequence" : "a NUL byte", bad + 1);
    char *c = malloc((size_t)n + 1);
    if (!c)
        return fail(r, "out of memory");
    memcpy(c, s, n);
    c[n] = '\0';
    r->at += n;
    *out = c;
    return 0;
}

static int cmp_score(const void *a, const void *b)
{
    return strcmp(((const sn_lens_score *)a)->name, ((const sn_lens_score *)b)->name);
}

/*
 * The numbers of finding i's part (scores or test): u32 n, then n of name,
 * kind and 8 bytes; finite and within +-2^53, sorted by name, no name twice.
 */
static int get_numbers(rbuf *r, size_t i, const char *part, sn_lens_score **out, size_t *n_out)
{
    char what[160];
    uint32_t n;
    snprintf(what, sizeof what, "finding %zu: the number of %s", i + 1, part);
    if (get_u32(r, &n, what) != 0)
        return -1;
    /* a number takes at least 13 bytes: a name length, its kind and 8 bytes */
    if (n > (r->len - r->at) / 13)
        return fail(r, "finding %zu: %u %s cannot fit in the %zu bytes left", i + 1, (unsigned)n,
                    part, r->len - r->at);
    sn_lens_score *v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return fail(r, "out of memory");
    *out = v;
    for (uint32_t k = 0; k < n; k++) {
        sn_lens_score *s = &v[k];
        snprintf(what, sizeof what, "finding %zu: the name of %s %u", i + 1, part, (unsigned)k + 1);
        if (get_str(r, &s->name, what, 1) != 0)
            return -1;
        *n_out = k + 1;
        unsigned kind;
        uint64_t bits;
        snprintf(what, sizeof what, "finding %zu: %s.%.80s", i + 1, part, s->name);
        if (get_u8(r, &kind, what) != 0 || get_u64(r, &bits, what) != 0)
            return -1;
        if (kind > 1)
            return fail(r, "%s: kind %u is not real (0) or integer (1)", what, kind);
        if (kind == 1) {
            int64_t x;
            memcpy(&x, &bits, 8);
            if (x > (int64_t)SN_LENS_MAX_SCORE || x < -(int64_t)SN_LENS_MAX_SCORE)
                return fail(r, "%s is %lld, outside +-2^53 (9007199254740992)", what, (long long)x);
            s->value = (double)x;
            s->is_integer = 1;
        } else {
            memcpy(&s->value, &bits, 8);
            if (!isfinite(s->value))
                return fail(r, "%s is %s; expected a finite number", what,
                            isnan(s->value) ? "nan" : "infinite");
            if (sni_lens_score_bad(s->value))
                return fail(r, "%s is %g, outside +-2^53 (9007199254740992)", what, s->value);
        }
    }
    qsort(v, *n_out, sizeof *v, cmp_score);
    for (size_t k = 1; k < *n_out; k++)
        if (strcmp(v[k - 1].name, v[k].name) == 0)
            return fail(r, "finding %zu: %s '%.80s' appears twice", i + 1,
                        strcmp(part, "scores") == 0 ? "score" : "test field", v[k].name);
    return 0;
}

/* concept, source, reason, test and uses of finding i (after its evidence). */
static int get_extras(rbuf *r, size_t i, sn_lens_finding *f)
{
    char what[160];
    unsigned flags;
    snprintf(what, sizeof what, "finding %zu: the flags", i + 1);
    if (get_u8(r, &flags, what) != 0)
        return -1;
    if (flags > 15)
        return fail(r, "finding %zu: flags %u name fields that do not exist", i + 1, flags);
    snprintf(what, sizeof what, "finding %zu: concept", i + 1);
    if ((flags & 1) && get_str(r, &f->concept, what, 0) != 0)
        return -1;
    snprintf(what, sizeof what, "finding %zu: source", i + 1);
    if ((flags & 2) && get_str(r, &f->source, what, 0) != 0)
        return -1;
    snprintf(what, sizeof what, "finding %zu: reason", i + 1);
    if ((flags & 4) && get_str(r, &f->reason, what, 0) != 0)
        return -1;
    if (f->reason && strcmp(f->reason, SN_LENS_REASON_DATA) != 0 &&
        strcmp(f->reason, SN_LENS_REASON_NS) != 0)
        return fail(r, "finding %zu: reason '%.80s' is not '%s' or '%s'", i + 1, f->reason,
                    SN_LENS_REASON_DATA, SN_LENS_REASON_NS);
    if (f->reason && strcmp(f->label, "uavklart") != 0)
        return fail(r, "finding %zu: a reason goes with the label 'uavklart' only", i + 1);
    if (flags & 8) {
        f->has_test = 1;
        snprintf(what, sizeof what, "finding %zu: test.method", i + 1);
        if (get_str(r, &f->test.method, what, 1) != 0)
            return -1;
        snprintf(what, sizeof what, "finding %zu: test.correction", i + 1);
        if (get_str(r, &f->test.correction, what, 1) != 0)
            return -1;
        if (!f->test.method[0]) {
            free(f->test.method);
            f->test.method = NULL;
        }
        if (!f->test.correction[0]) {
            free(f->test.correction);
            f->test.correction = NULL;
        }
        if (f->test.correction && !sni_lens_correction_ok(f->test.correction))
            return fail(r, "finding %zu: test.correction '%.80s' is not holm, bh or none", i + 1,
                        f->test.correction);
        if (get_numbers(r, i, "test", &f->test.values, &f->test.n_values) != 0)
            return -1;
        for (size_t k = 0; k < f->test.n_values; k++) {
            const sn_lens_score *v = &f->test.values[k];
            int kind = sni_lens_test_key_kind(v->name);
            if (kind == 0)
                return fail(r, "finding %zu: test.%s is a number; expected a string", i + 1,
                            v->name);
            if (kind == 1 && !(v->value >= 0 && v->value <= 1))
                return fail(r, "finding %zu: test.%s is %g; expected a p-value from 0 to 1", i + 1,
                            v->name, v->value);
            if (kind == 2 && !(v->value >= 0 && v->value == floor(v->value)))
                return fail(r, "finding %zu: test.%s is %g; expected a whole number >= 0", i + 1,
                            v->name, v->value);
        }
    }
    uint32_t n;
    snprintf(what, sizeof what, "finding %zu: the number of uses", i + 1);
    if (get_u32(r, &n, what) != 0)
        return -1;
    /* a name takes at least 5 bytes: its length and a byte */
    if (n > (r->len - r->at) / 5)
        return fail(r, "finding %zu: %u names in uses cannot fit in the %zu bytes left", i + 1,
                    (unsigned)n, r->len - r->at);
    if (!(f->uses = calloc(n ? n : 1, sizeof *f->uses)))
        return fail(r, "out of memory");
    for (uint32_t k = 0; k < n; k++) {
        snprintf(what, sizeof what, "finding %zu: uses[%u]", i + 1, (unsigned)k + 1);
        if (get_str(r, &f->uses[k], what, 0) != 0)
            return -1;
        f->n_uses = k + 1;
    }
    return 0;
}

static int get_finding(rbuf *r, size_t i, sn_lens_finding *f)
{
    char what[160];
    unsigned level;
    snprintf(what, sizeof what, "finding %zu: level", i + 1);
    if (get_u8(r, &level, what) != 0)
        return -1;
    if (level > SN_LENS_ACTOR)
        return fail(r, "finding %zu: level %u is not network (0), group (1) or actor (2)", i + 1,
                    level);
    f->level = (sn_lens_level)level;
    snprintf(what, sizeof what, "finding %zu: scope", i + 1);
    if (get_str(r, &f->scope, what, 0) != 0)
        return -1;
    snprintf(what, sizeof what, "finding %zu: label", i + 1);
    if (get_str(r, &f->label, what, 0) != 0)
        return -1;
    if (get_numbers(r, i, "scores", &f->scores, &f->n_scores) != 0)
        return -1;
    static const char *const langs[] = {"en", "nb"};
    for (int k = 0; k < 2; k++) {
        snprintf(what, sizeof what, "finding %zu: evidence.%s", i + 1, langs[k]);
        if (get_str(r, &f->evidence[k], what, 0) != 0)
            return -1;
    }
    return get_extras(r, i, f);
}

static int decode(const void *data, size_t len, sn_lens_wire *w, char *why, size_t cap)
{
    memset(w, 0, sizeof *w);
    rbuf r = {data, len, 0, why, cap};
    char magic[4] = {0};
    unsigned version = 0, status = 0;
    if (len == 0)
        return fail(&r, "no output");
    if (get(&r, magic, 4, "the header") != 0)
        return -1;
    if (memcmp(magic, WIRE_MAGIC, 4) != 0)
        return fail(&r, "no findings header at the start");
    if (get_u8(&r, &version, "the header") != 0 || get_u8(&r, &status, "the header") != 0)
        return -1;
    if (version != WIRE_VERSION)
        return fail(&r, "version %u; expected %d", version, WIRE_VERSION);
    int rc = 0;
    if (status == 1) {
        w->failed = 1;
        rc = get_str(&r, &w->error, "the error message", 0);
    } else if (status == 0) {
        uint32_t n;
        rc = get_u32(&r, &n, "the number of findings");
        /* a finding takes at least 30 bytes: a level, five lengths, flags and two counts */
        if (rc == 0 && n > (len - r.at) / 30)
            rc = fail(&r, "%u findings cannot fit in the %zu bytes left", (unsigned)n, len - r.at);
        if (rc == 0 && !(w->findings = calloc(n ? n : 1, sizeof *w->findings)))
            rc = fail(&r, "out of memory");
        for (uint32_t i = 0; rc == 0 && i < n; i++) {
            w->n_findings = i + 1;
            rc = get_finding(&r, i, &w->findings[i]);
        }
    } else {
        rc = fail(&r, "status %u; expected 0 (findings) or 1 (failed)", status);
    }
    if (rc == 0) {
        if (get(&r, magic, 4, "the end mark") != 0)
            rc = -1;
        else if (memcmp(magic, WIRE_END, 4) != 0)
            rc = fail(&r, "no end mark after the findings");
    }
    if (rc == 0 && r.at != len)
        rc = fail(&r, "%zu bytes after the end mark", len - r.at);
    if (rc != 0) {
        sn_lens_wire_free(w);
        return -1;
    }
    return 0;
}

sn_status sn_lens_findings_decode(const void *data, size_t len, sn_lens_wire *w, sn_err *err)
{
    char why[sizeof err->msg] = "";
    if (decode(data, len, w, why, sizeof why) != 0)
        return sn_err_set(err, SN_EINPUT, "%s", why[0] ? why : "malformed findings");
    return SN_OK;
}

void sn_lens_wire_free(sn_lens_wire *w)
{
    for (size_t i = 0; i < w->n_findings; i++)
        sni_lens_finding_free(&w->findings[i]);
    free(w->findings);
    free(w->error);
    memset(w, 0, sizeof *w);
}

/* ---- a lens's metadata (title, description, parameters), after loading it ---- */

/*
 * "SNLM" u8 version, u8 status (0 loaded, 1 failed); failed: str error;
 * loaded: str title en, nb, description en, nb; u32 n_params, then each:
 * str name, u8 type, str doc, u8 flags (1 has_min, 2 has_max, 4 string
 * value follows, 8 allowed values follow), 8 bytes each of number, min
 * and max (IEEE doubles), [str string], [u32 n, n str]; then str concept
 * en, nb (both empty when the lens names none), u32 n_sources and each str,
 * u32 n_detects and each: str pattern, u8 level, u32 n_labels, n str; "END.".
 */
#define META_MAGIC "SNLM"

static void put_f64(wbuf *b, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, 8);
    put_u64(b, bits);
}

int sni_lens_meta_encode(const sn_lens_result *r, const char *error, char **out, size_t *len)
{
    wbuf b = {0};
    put(&b, META_MAGIC, 4);
    put_u8(&b, WIRE_VERSION);
    put_u8(&b, r ? 0 : 1);
    if (!r) {
        put_str(&b, error);
    } else {
        for (int k = 0; k < 2; k++)
            put_str(&b, r->title[k]);
        for (int k = 0; k < 2; k++)
            put_str(&b, r->description[k]);
        put_u32(&b, (uint32_t)r->n_params);
        for (size_t i = 0; i < r->n_params; i++) {
            const sn_lens_param *p = &r->params[i];
            size_t n_values = 0;
            while (p->values && p->values[n_values])
                n_values++;
            put_str(&b, p->name);
            put_u8(&b, (unsigned)p->type);
            put_str(&b, p->doc);
            put_u8(&b, (p->has_min ? 1u : 0u) | (p->has_max ? 2u : 0u) | (p->string ? 4u : 0u) |
                           (p->values ? 8u : 0u));
            put_f64(&b, p->number);
            put_f64(&b, p->min);
            put_f64(&b, p->max);
            if (p->string)
                put_str(&b, p->string);
            if (p->values) {
                put_u32(&b, (uint32_t)n_values);
                for (size_t k = 0; k < n_values; k++)
                    put_str(&b, p->values[k]);
            }
        }
        for (int k = 0; k < 2; k++)
            put_str(&b, r->concept[k]);
        put_u32(&b, (uint32_t)r->n_sources);
        for (size_t i = 0; i < r->n_sources; i++)
            put_str(&b, r->sources[i]);
        put_u32(&b, (uint32_t)r->n_detects);
        for (size_t i = 0; i < r->n_detects; i++) {
            const sn_lens_detect *d = &r->detects[i];
            put_str(&b, d->pattern);
            put_u8(&b, (unsigned)d->level);
            put_u32(&b, (uint32_t)d->n_labels);
            for (size_t k = 0; k < d->n_labels; k++)
                put_str(&b, d->labels[k]);
        }
        put_u8(&b, r->cases_and_meetings ? 1u : 0u);
        put_u8(&b, r->single_contacts ? 1u : 0u);
    }
    put(&b, WIRE_END, 4);
    if (b.oom) {
        free(b.p);
        return -1;
    }
    *out = b.p;
    *len = b.len;
    return 0;
}

static int get_f64(rbuf *r, double *x, const char *what)
{
    uint64_t bits;
    if (get_u64(r, &bits, what) != 0)
        return -1;
    memcpy(x, &bits, 8);
    return 0;
}

void sni_lens_meta_clear(sn_lens_result *m)
{
    for (int k = 0; k < 2; k++) {
        free(m->title[k]);
        free(m->description[k]);
        m->title[k] = m->description[k] = NULL;
    }
    for (size_t i = 0; i < m->n_params; i++) {
        sn_lens_param *p = &m->params[i];
        free(p->name);
        free(p->doc);
        free(p->string);
        for (size_t k = 0; p->values && p->values[k]; k++)
            free(p->values[k]);
        free(p->values);
    }
    free(m->params);
    m->params = NULL;
    m->n_params = 0;
    for (int k = 0; k < 2; k++) {
        free(m->concept[k]);
        m->concept[k] = NULL;
    }
    for (size_t i = 0; i < m->n_sources; i++)
        free(m->sources[i]);
    free(m->sources);
    m->sources = NULL;
    m->n_sources = 0;
    for (size_t i = 0; i < m->n_detects; i++) {
        free(m->detects[i].pattern);
        for (size_t k = 0; k < m->detects[i].n_labels; k++)
            free(m->detects[i].labels[k]);
        free(m->detects[i].labels);
    }
    free(m->detects);
    m->detects = NULL;
    m->n_detects = 0;
}

/* u32 n, then n non-empty str, into *out (malloc'd); what names the list. */
static int get_strs(rbuf *r, char ***out, size_t *n_out, const char *what)
{
    uint32_t n;
    if (get_u32(r, &n, what) != 0)
        return -1;
    if (n > (r->len - r->at) / 5)
        return fail(r, "%s: %u names cannot fit in the %zu bytes left", what, (unsigned)n,
                    r->len - r->at);
    if (!(*out = calloc(n ? n : 1, sizeof **out)))
        return fail(r, "out of memory");
    for (uint32_t k = 0; k < n; k++) {
        if (get_str(r, &(*out)[k], what, 0) != 0)
            return -1;
        *n_out = k + 1;
    }
    return 0;
}

/* The concept, sources, detects and cases_and_meetings after the parameters. */
static int get_meta_extras(rbuf *r, sn_lens_result *m)
{
    static const char *const parts[] = {"concept.en", "concept.nb"};
    for (int k = 0; k < 2; k++) {
        if (get_str(r, &m->concept[k], parts[k], 1) != 0)
            return -1;
    }
    if (!m->concept[0][0] != !m->concept[1][0])
        return fail(r, "concept: one of en and nb is empty");
    if (!m->concept[0][0]) {
        for (int k = 0; k < 2; k++) {
            free(m->concept[k]);
            m->concept[k] = NULL;
        }
    }
    if (get_strs(r, &m->sources, &m->n_sources, "sources") != 0)
        return -1;
    uint32_t n;
    if (get_u32(r, &n, "the number of detects") != 0)
        return -1;
    /* a detect takes at least 10 bytes: a length, a byte, the level and a count */
    if (n > (r->len - r->at) / 10)
        return fail(r, "%u detects cannot fit in the %zu bytes left", (unsigned)n, r->len - r->at);
    if (!(m->detects = calloc(n ? n : 1, sizeof *m->detects)))
        return fail(r, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        sn_lens_detect *d = &m->detects[i];
        m->n_detects = i + 1;
        char what[64];
        unsigned level;
        snprintf(what, sizeof what, "detects[%u]", (unsigned)i + 1);
        if (get_str(r, &d->pattern, what, 0) != 0 || get_u8(r, &level, what) != 0)
            return -1;
        if (level > SN_LENS_ACTOR)
            return fail(r, "%s: level %u is not network (0), group (1) or actor (2)", what, level);
        d->level = (sn_lens_level)level;
        if (get_strs(r, &d->labels, &d->n_labels, what) != 0)
            return -1;
    }
    unsigned cm;
    if (get_u8(r, &cm, "cases_and_meetings") != 0)
        return -1;
    if (cm > 1)
        return fail(r, "cases_and_meetings: %u; expected 0 or 1", cm);
    m->cases_and_meetings = (int)cm;
    if (get_u8(r, &cm, "single_contacts") != 0)
        return -1;
    if (cm > 1)
        return fail(r, "single_contacts: %u; expected 0 or 1", cm);
    m->single_contacts = (int)cm;
    return 0;
}

static int get_param(rbuf *r, size_t i, sn_lens_param *p)
{
    char what[160];
    unsigned type, flags;
    snprintf(what, sizeof what, "parameter %zu: its name", i + 1);
    if (get_str(r, &p->name, what, 0) != 0)
        return -1;
    snprintf(what, sizeof what, "params.%.80s", p->name);
    if (get_u8(r, &type, what) != 0)
        return -1;
    if (type > SN_PARAM_BOOLEAN)
        return fail(r, "%s: type %u is unknown", what, type);
    p->type = (sn_lens_param_type)type;
    if (get_str(r, &p->doc, what, 0) != 0 || get_u8(r, &flags, what) != 0 ||
        get_f64(r, &p->number, what) != 0 || get_f64(r, &p->min, what) != 0 ||
        get_f64(r, &p->max, what) != 0)
        return -1;
    p->has_min = (flags & 1) != 0;
    p->has_max = (flags & 2) != 0;
    if ((flags & 4) && get_str(r, &p->string, what, 1) != 0)
        return -1;
    if ((p->type == SN_PARAM_STRING) != ((flags & 4) != 0))
        return fail(r, "%s: a string value goes with type string only", what);
    if (flags & 8) {
        uint32_t n;
        if (get_u32(r, &n, what) != 0)
            return -1;
        if (n > (r->len - r->at) / 4)
            return fail(r, "%s: %u values cannot fit", what, (unsigned)n);
        if (!(p->values = calloc((size_t)n + 1, sizeof *p->values)))
            return fail(r, "out of memory");
        for (uint32_t k = 0; k < n; k++)
            if (get_str(r, &p->values[k], what, 1) != 0)
                return -1;
    }
    return 0;
}

int sni_lens_meta_decode(const void *data, size_t len, sn_lens_result *m, char **error, char *why,
                         size_t cap)
{
    rbuf r = {data, len, 0, why, cap};
    char magic[4] = {0};
    unsigned version = 0, status = 0;
    *error = NULL;
    int rc = 0;
    if (len == 0)
        return fail(&r, "no output");
    if (get(&r, magic, 4, "the header") != 0 || get_u8(&r, &version, "the header") != 0 ||
        get_u8(&r, &status, "the header") != 0)
        return -1;
    if (memcmp(magic, META_MAGIC, 4) != 0 || version != WIRE_VERSION)
        return fail(&r, "no metadata header at the start");
    static const char *const parts[] = {"title.en", "title.nb", "description.en", "description.nb"};
    if (status == 1) {
        rc = get_str(&r, error, "the error message", 0);
    } else if (status == 0) {
        for (int k = 0; rc == 0 && k < 4; k++)
            rc = get_str(&r, k < 2 ? &m->title[k] : &m->description[k - 2], parts[k], 0);
        uint32_t n = 0;
        if (rc == 0)
            rc = get_u32(&r, &n, "the number of parameters");
        /* a parameter takes at least 34 bytes: two lengths, type, flags and three numbers */
        if (rc == 0 && n > (len - r.at) / 34)
            rc =
                fail(&r, "%u parameters cannot fit in the %zu bytes left", (unsigned)n, len - r.at);
        if (rc == 0 && !(m->params = calloc(n ? n : 1, sizeof *m->params)))
            rc = fail(&r, "out of memory");
        for (uint32_t i = 0; rc == 0 && i < n; i++) {
            m->n_params = i + 1;
            rc = get_param(&r, i, &m->params[i]);
        }
        if (rc == 0)
            rc = get_meta_extras(&r, m);
    } else {
        rc = fail(&r, "status %u; expected 0 (loaded) or 1 (failed)", status);
    }
    if (rc == 0) {
        if (get(&r, magic, 4, "the end mark") != 0)
            rc = -1;
        else if (memcmp(magic, WIRE_END, 4) != 0)
            rc = fail(&r, "no end mark after the metadata");
        else if (r.at != len)
            rc = fail(&r, "%zu bytes after the end mark", len - r.at);
    }
    if (rc != 0) {
        sni_lens_meta_clear(m);
        free(*error);
        *error = NULL;
        return -1;
    }
    return 0;
}
