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
 *     str evidence (English), str evidence (bokmål)
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
#define WIRE_VERSION 1
#define WIRE_MAX_STRING (64u << 20) /* longest string in a finding */

/* ---- checks shared with the in-process validation ---- */

long sn_lens_utf8_bad(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
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

int sn_lens_score_bad(double value)
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
    if (b->oom)
        return;
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

int sn_lens_findings_encode(const sn_lens_wire *w, char **out, size_t *len)
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
            put_u32(&b, (uint32_t)f->n_scores);
            for (size_t k = 0; k < f->n_scores; k++) {
                const sn_lens_score *s = &f->scores[k];
                put_str(&b, s->name);
                put_u8(&b, s->is_integer ? 1 : 0);
                uint64_t bits;
                if (s->is_integer) {
                    int64_t v = s->value >= 9.2e18    ? INT64_MAX
                                : s->value <= -9.2e18 ? INT64_MIN
                                                      : (int64_t)s->value;
                    memcpy(&bits, &v, 8);
                } else {
                    memcpy(&bits, &s->value, 8);
                }
                put_u64(&b, bits);
            }
            put_str(&b, f->evidence[0]);
            put_str(&b, f->evidence[1]);
        }
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
    long bad = sn_lens_utf8_bad(s, n);
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
    uint32_t n;
    snprintf(what, sizeof what, "finding %zu: the number of scores", i + 1);
    if (get_u32(r, &n, what) != 0)
        return -1;
    /* a score takes at least 13 bytes: a name length, its kind and 8 bytes */
    if (n > (r->len - r->at) / 13)
        return fail(r, "finding %zu: %u scores cannot fit in the %zu bytes left", i + 1,
                    (unsigned)n, r->len - r->at);
    f->scores = calloc(n ? n : 1, sizeof *f->scores);
    if (!f->scores)
        return fail(r, "out of memory");
    for (uint32_t k = 0; k < n; k++) {
        sn_lens_score *s = &f->scores[k];
        snprintf(what, sizeof what, "finding %zu: the name of score %u", i + 1, (unsigned)k + 1);
        if (get_str(r, &s->name, what, 1) != 0)
            return -1;
        f->n_scores = k + 1;
        unsigned kind;
        uint64_t bits;
        snprintf(what, sizeof what, "finding %zu: scores.%.80s", i + 1, s->name);
        if (get_u8(r, &kind, what) != 0 || get_u64(r, &bits, what) != 0)
            return -1;
        if (kind > 1)
            return fail(r, "%s: kind %u is not real (0) or integer (1)", what, kind);
        if (kind == 1) {
            int64_t v;
            memcpy(&v, &bits, 8);
            if (v > (int64_t)SN_LENS_MAX_SCORE || v < -(int64_t)SN_LENS_MAX_SCORE)
                return fail(r, "%s is %lld, outside +-2^53 (9007199254740992)", what, (long long)v);
            s->value = (double)v;
            s->is_integer = 1;
        } else {
            memcpy(&s->value, &bits, 8);
            if (!isfinite(s->value))
                return fail(r, "%s is %s; expected a finite number", what,
                            isnan(s->value) ? "nan" : "infinite");
            if (sn_lens_score_bad(s->value))
                return fail(r, "%s is %g, outside +-2^53 (9007199254740992)", what, s->value);
        }
    }
    qsort(f->scores, f->n_scores, sizeof *f->scores, cmp_score);
    for (size_t k = 1; k < f->n_scores; k++)
        if (strcmp(f->scores[k - 1].name, f->scores[k].name) == 0)
            return fail(r, "finding %zu: score '%.80s' appears twice", i + 1, f->scores[k].name);
    static const char *const langs[] = {"en", "nb"};
    for (int k = 0; k < 2; k++) {
        snprintf(what, sizeof what, "finding %zu: evidence.%s", i + 1, langs[k]);
        if (get_str(r, &f->evidence[k], what, 0) != 0)
            return -1;
    }
    return 0;
}

int sn_lens_findings_decode(const void *data, size_t len, sn_lens_wire *w, char *why, size_t cap)
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
        /* a finding takes at least 25 bytes: a level, five lengths and a count */
        if (rc == 0 && n > (len - r.at) / 25)
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

void sn_lens_wire_free(sn_lens_wire *w)
{
    for (size_t i = 0; i < w->n_findings; i++)
        sn_lens_finding_free(&w->findings[i]);
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
 * and max (IEEE doubles), [str string], [u32 n, n str]; "END.".
 */
#define META_MAGIC "SNLM"

static void put_f64(wbuf *b, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, 8);
    put_u64(b, bits);
}

int sn_lens_meta_encode(const sn_lens_result *r, const char *error, char **out, size_t *len)
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

void sn_lens_meta_clear(sn_lens_result *m)
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

int sn_lens_meta_decode(const void *data, size_t len, sn_lens_result *m, char **error, char *why,
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
        sn_lens_meta_clear(m);
        free(*error);
        *error = NULL;
        return -1;
    }
    return 0;
}
