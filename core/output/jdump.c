/*
 * jdump.c - a JSON value as json_dumpb writes it with SN_JSON_FLAGS, without
 * printf: the same bytes (jansson 2.14's layout, string escapes and numbers),
 * several times faster on the report's many numbers.
 *
 * A real is "%.17g" (JSON_REAL_PRECISION(17)) with jansson's touches: ".0"
 * after a whole number, no '+' and no leading zeros in the exponent. The 17
 * digits are computed exactly, rounded half to even as glibc does, with
 * 128-bit integers where they suffice (about 1e-6 <= |x| < 2^128); other
 * values go through snprintf as jansson does.
 */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

typedef unsigned __int128 u128;

typedef sni_jbuf jbuf;

static int grow(jbuf *b, size_t n)
{
    if (b->bad)
        return -1;
    if (n <= b->cap - b->len)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (n > cap - b->len)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->bad = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

static void put(jbuf *b, const char *s, size_t n)
{
    if (grow(b, n) == 0) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
    }
}

/* A newline and pad + 2 * depth spaces (JSON_INDENT(2), re-indented by pad). */
static void newline(jbuf *b, size_t pad, size_t depth)
{
    size_t n = pad + 2 * depth;
    if (grow(b, n + 1) == 0) {
        b->p[b->len] = '\n';
        memset(b->p + b->len + 1, ' ', n);
        b->len += n + 1;
    }
}

/* The decimal digits of v into end's left; returns their start. */
static char *digits_u64(uint64_t v, char *end)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

static void put_integer(jbuf *b, json_int_t v)
{
    char tmp[24], *end = tmp + sizeof tmp;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char *s = digits_u64(u, end);
    if (v < 0)
        *--s = '-';
    put(b, s, (size_t)(end - s));
}

static const uint64_t pow10_u64[20] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull,
                                       1000000000000000000ull,
                                       10000000000000000000ull};

static u128 pow10_u128(int s)
{
    return s < 20 ? (u128)pow10_u64[s] : (u128)pow10_u64[19] * pow10_u64[s - 19];
}

/*
 * round(m * 2^e * 10^s), halves to even, into *d; 0 when it does not fit the
 * 128-bit arithmetic (then the caller uses snprintf).
 */
static int scaled(uint64_t m, int e, int s, uint64_t *d)
{
    if (s >= 0) {
        if (s > 22) /* m * 10^s < 2^53 * 2^74 */
            return 0;
        u128 n = (u128)m * pow10_u128(s);
        if (e >= 0) {
            if (e > 10 || (n >> (127 - e)) != 0)
                return 0;
            n <<= e;
            if (n >> 64)
                return 0;
            *d = (uint64_t)n;
            return 1;
        }
        int sh = -e;
        if (sh >= 127)
            return 0;
        u128 q = n >> sh, r = n - (q << sh), half = (u128)1 << (sh - 1);
        if (r > half || (r == half && (q & 1)))
            q++;
        if (q >> 64)
            return 0;
        *d = (uint64_t)q;
        return 1;
    }
    int t = -s;
    if (e < 0 || e > 74 || t > 38)
        return 0;
    u128 v = (u128)m << e, p = pow10_u128(t), q = v / p, r = v - q * p;
    if (2 * r > p || (2 * r == p && (q & 1)))
        q++;
    if (q >> 64)
        return 0;
    *d = (uint64_t)q;
    return 1;
}

/*
 * x (finite) as "%.17g" writes it, with jansson's jsonp_dtostr touches when
 * json is set, into out (at least 32 bytes); returns the length, or 0 when x
 * is outside the exact range.
 */
static size_t real_fast(double x, char *out, int json)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int neg = (int)(bits >> 63), be = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & ((1ull << 52) - 1);
    char *o = out;
    if (neg)
        *o++ = '-';
    if (be == 0 && m == 0) {
        memcpy(o, "0.0", 3);
        return (size_t)(o - out) + (json ? 3 : 1);
    }
    if (be == 0 || be == 0x7ff)
        return 0; /* subnormal, or not finite */
    m |= 1ull << 52;
    int e = be - 1075;
    int X = (int)floor(log10(fabs(x))); /* the decimal exponent, checked below */
    uint64_t d = 0;
    int ok = 0;
    for (int tries = 0; tries < 4; tries++) {
        if (!scaled(m, e, 16 - X, &d))
            return 0;
        if (d >= pow10_u64[17]) {
            X++;
        } else if (d < pow10_u64[16]) {
            X--;
        } else {
            ok = 1;
            break;
        }
    }
    if (!ok)
        return 0;
    if (d == pow10_u64[16]) {
        /*
         * 1 and 16 zeros: x is 10^X, or just below it and rounded up at 17
         * digits, or below 10^X with 17 digits of its own (then X is one less)
         */
        uint64_t below;
        if (!scaled(m, e, 17 - X, &below))
            return 0;
        if (below < pow10_u64[17]) {
            X--;
            d = below;
        }
    }
    char dig[17];
    for (int i = 16; i >= 0; i--) {
        dig[i] = (char)('0' + d % 10);
        d /= 10;
    }
    int nd = 17; /* the digits left once the trailing zeros go (%g) */
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    if (X < -4 || X >= 17) {
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)(nd - 1));
            o += nd - 1;
        }
        *o++ = 'e'; /* jansson drops the '+' and the exponent's leading zeros */
        int xe = X;
        if (xe < 0) {
            *o++ = '-';
            xe = -xe;
        } else if (!json) {
            *o++ = '+';
        }
        if (!json && xe < 10)
            *o++ = '0';
        char tmp[8], *end = tmp + sizeof tmp, *s = digits_u64((uint64_t)xe, end);
        memcpy(o, s, (size_t)(end - s));
        o += end - s;
        return (size_t)(o - out);
    }
    if (X >= 0) {
        memcpy(o, dig, (size_t)X + 1);
        o += X + 1;
        if (nd > X + 1) {
            *o++ = '.';
            memcpy(o, dig + X + 1, (size_t)(nd - X - 1));
            o += nd - X - 1;
        } else if (json) {
            *o++ = '.'; /* a whole number: jansson's ".0" */
            *o++ = '0';
        }
        return (size_t)(o - out);
    }
    *o++ = '0';
    *o++ = '.';
    for (int i = 0; i < -X - 1; i++)
        *o++ = '0';
    memcpy(o, dig, (size_t)nd);
    o += nd;
    return (size_t)(o - out);
}

/* jansson's jsonp_dtostr with precision 17: snprintf, then its touches; 0 on failure. */
static size_t real_slow(double x, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%.17g", x);
    if (n < 0 || (size_t)n >= cap)
        return 0;
    size_t len = (size_t)n;
    const struct lconv *lc = localeconv();
    if (lc && lc->decimal_point && lc->decimal_point[0] != '.') {
        char *p = strchr(out, lc->decimal_point[0]);
        if (p)
            *p = '.';
    }
    if (!strchr(out, '.') && !strchr(out, 'e')) {
        if (len + 3 >= cap)
            return 0;
        memcpy(out + len, ".0", 3);
        len += 2;
    }
    char *start = strchr(out, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - out) + 1);
            len -= (size_t)(end - start);
        }
    }
    return len;
}

size_t sni_json_real(double x, char *out, size_t cap)
{
    size_t n = cap >= 40 ? real_fast(x, out, 1) : 0;
    return n ? n : real_slow(x, out, cap);
}

size_t sni_g17(double x, char *out, size_t cap)
{
    size_t n = cap >= 40 ? real_fast(x, out, 0) : 0;
    if (n) {
        out[n] = '\0';
        return n;
    }
    int k = snprintf(out, cap, "%.17g", x);
    return k < 0 || (size_t)k >= cap ? 0 : (size_t)k;
}

/* The length of the UTF-8 sequence at s (n bytes left) as jansson accepts it, or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c < 0xc2)
        return 0;
    if (c < 0xe0) {
        len = 2;
        cp = c & 0x1f;
    } else if (c < 0xf0) {
        len = 3;
        cp = c & 0x0f;
    } else if (c < 0xf5) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) ||
        cp > 0x10ffff)
        return 0;
    return len;
}

/* A string as jansson's dump_string writes it (no ASCII or slash escaping). */
static void put_string(jbuf *b, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    if (grow(b, len + 2) != 0)
        return;
    b->p[b->len++] = '"';
    size_t run = 0, i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t l = utf8_len(s + i, len - i);
            if (!l) {
                b->bad = 1; /* jansson fails on it too */
                return;
            }
            i += l;
            continue;
        }
        put(b, str + run, i - run);
        char esc[8];
        size_t n = 2;
        esc[0] = '\\';
        switch (c) {
        case '\\':
            esc[1] = '\\';
            break;
        case '"':
            esc[1] = '"';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = "0123456789ABCDEF"[c >> 4];
            esc[5] = "0123456789ABCDEF"[c & 15];
            n = 6;
        }
        put(b, esc, n);
        i++;
        run = i;
    }
    put(b, str + run, len - run);
    put(b, "\"", 1);
}

static void dump(jbuf *b, const json_t *v, size_t pad, size_t depth)
{
    char num[64];
    size_t n;
    if (b->bad)
        return;
    switch (json_typeof(v)) {
    case JSON_NULL:
        put(b, "null", 4);
        return;
    case JSON_TRUE:
        put(b, "true", 4);
        return;
    case JSON_FALSE:
        put(b, "false", 5);
        return;
    case JSON_INTEGER:
        put_integer(b, json_integer_value(v));
        return;
    case JSON_REAL:
        n = sni_json_real(json_real_value(v), num, sizeof num);
        if (!n)
            b->bad = 1;
        else
            put(b, num, n);
        return;
    case JSON_STRING:
        put_string(b, json_string_value(v), json_string_length(v));
        return;
    case JSON_ARRAY: {
        size_t count = json_array_size(v);
        if (count == 0) {
            put(b, "[]", 2);
            return;
        }
        put(b, "[", 1);
        for (size_t i = 0; i < count && !b->bad; i++) {
            newline(b, pad, depth + 1);
            dump(b, json_array_get(v, i), pad, depth + 1);
            if (i + 1 < count)
                put(b, ",", 1);
        }
        newline(b, pad, depth);
        put(b, "]", 1);
        return;
    }
    case JSON_OBJECT: {
        void *it = json_object_iter((json_t *)v);
        if (!it) {
            put(b, "{}", 2);
            return;
        }
        put(b, "{", 1);
        while (it && !b->bad) { /* insertion order: JSON_PRESERVE_ORDER */
            newline(b, pad, depth + 1);
            put_string(b, json_object_iter_key(it), json_object_iter_key_len(it));
            put(b, ": ", 2);
            dump(b, json_object_iter_value(it), pad, depth + 1);
            it = json_object_iter_next((json_t *)v, it);
            if (it)
                put(b, ",", 1);
        }
        newline(b, pad, depth);
        put(b, "}", 1);
        return;
    }
    }
    b->bad = 1;
}

int sni_json_dump(const json_t *v, size_t pad, char **buf, size_t *cap, size_t *len)
{
    jbuf b = {*buf, 0, *cap, 0};
    if (v)
        dump(&b, v, pad, 0);
    *buf = b.p;
    *cap = b.cap;
    *len = b.len;
    return v && !b.bad ? 0 : -1;
}

/* ---- JSON text by hand (sni_jtext) ---- */

static jbuf *jt_buf(sni_jtext *t)
{
    return &t->b;
}

void sni_jt_reset(sni_jtext *t)
{
    jbuf *b = jt_buf(t);
    b->len = 0;
    b->bad = 0;
    t->depth = 0;
    t->members[0] = 0;
}

void sni_jt_free(sni_jtext *t)
{
    free(jt_buf(t)->p);
    memset(t, 0, sizeof *t);
}

/* Before a value: the separator, the newline and indent, and the key. */
static void jt_member(sni_jtext *t, const char *key)
{
    jbuf *b = jt_buf(t);
    if (t->depth == 0)
        return;
    if (t->members[t->depth - 1])
        put(b, ",", 1);
    t->members[t->depth - 1] = 1;
    newline(b, 0, (size_t)t->depth);
    if (key) {
        put_string(b, key, strlen(key));
        put(b, ": ", 2);
    }
}

void sni_jt_open(sni_jtext *t, const char *key, int array)
{
    jt_member(t, key);
    if (t->depth >= (int)sizeof t->members) {
        jt_buf(t)->bad = 1;
        return;
    }
    put(jt_buf(t), array ? "[" : "{", 1);
    t->members[t->depth++] = 0;
}

void sni_jt_close(sni_jtext *t, int array)
{
    jbuf *b = jt_buf(t);
    if (t->depth == 0) {
        b->bad = 1;
        return;
    }
    if (t->members[--t->depth])
        newline(b, 0, (size_t)t->depth);
    put(b, array ? "]" : "}", 1);
}

void sni_jt_string(sni_jtext *t, const char *key, const char *s)
{
    jt_member(t, key);
    if (!s)
        jt_buf(t)->bad = 1; /* as json_string(NULL) */
    else
        put_string(jt_buf(t), s, strlen(s));
}

void sni_jt_int(sni_jtext *t, const char *key, long long v)
{
    jt_member(t, key);
    put_integer(jt_buf(t), (json_int_t)v);
}

void sni_jt_num(sni_jtext *t, const char *key, double x)
{
    char num[64];
    jt_member(t, key);
    if (!isfinite(x)) {
        put(jt_buf(t), "null", 4);
        return;
    }
    size_t n = sni_json_real(x, num, sizeof num);
    if (!n)
        jt_buf(t)->bad = 1;
    else
        put(jt_buf(t), num, n);
}

void sni_jt_null(sni_jtext *t, const char *key)
{
    jt_member(t, key);
    put(jt_buf(t), "null", 4);
}

const char *sni_jt_text(sni_jtext *t, size_t *len)
{
    jbuf *b = jt_buf(t);
    *len = b->len;
    return b->bad || t->depth ? NULL : b->p;
}
