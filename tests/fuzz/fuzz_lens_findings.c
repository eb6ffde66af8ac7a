/*
 * fuzz_lens_findings.c - the decoder of the findings a lens's process sends
 * back to the host (sn_lens_findings_decode), which treats them as untrusted.
 *
 * Input: the bytes read from the pipe. Checked: a refusal gives a reason and
 * leaves nothing allocated; what decodes holds only valid UTF-8 without NUL
 * bytes, known levels, and scores that are finite within +-2^53, sorted by
 * name without repeats; a reason only with the label "uavklart" and only one
 * of the two; a test's correction holm, bh or none, its p-values in [0, 1]
 * and counts whole and >= 0; names in uses not empty; and encoding it gives
 * bytes that decode to the same encoding again.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/lens.h"

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_lens_findings: check failed: %s: ", #cond);                      \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc2 ? 2 : 0;
        if (n == 0)
            return 0;
        for (int k = 1; k < n; k++)
            if ((p[k] & 0xc0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static void check_wire(const sn_lens_wire *w)
{
    if (w->failed) {
        CHECK(w->error && text_ok(w->error), "the error message");
        CHECK(w->n_findings == 0, "%zu findings with a failure", w->n_findings);
        return;
    }
    for (size_t i = 0; i < w->n_findings; i++) {
        const sn_lens_finding *f = &w->findings[i];
        CHECK(f->level <= SN_LENS_ACTOR, "level %d", (int)f->level);
        CHECK(f->scope[0] && text_ok(f->scope), "finding %zu scope", i);
        CHECK(f->label[0] && text_ok(f->label), "finding %zu label", i);
        CHECK(text_ok(f->evidence[0]) && text_ok(f->evidence[1]), "finding %zu evidence", i);
        for (size_t k = 0; k < f->n_scores; k++) {
            const sn_lens_score *s = &f->scores[k];
            CHECK(text_ok(s->name), "score name");
            CHECK(isfinite(s->value) && fabs(s->value) <= SN_LENS_MAX_SCORE, "score %g", s->value);
            CHECK(!s->is_integer || s->value == floor(s->value), "integer score %g", s->value);
            CHECK(k == 0 || strcmp(f->scores[k - 1].name, s->name) < 0, "score order");
        }
        CHECK(!f->concept || (f->concept[0] && text_ok(f->concept)), "finding %zu concept", i);
        CHECK(!f->source || (f->source[0] && text_ok(f->source)), "finding %zu source", i);
        if (f->reason) {
            CHECK(strcmp(f->reason, SN_LENS_REASON_DATA) == 0 ||
                      strcmp(f->reason, SN_LENS_REASON_NS) == 0,
                  "finding %zu reason", i);
            CHECK(strcmp(f->label, "uavklart") == 0, "finding %zu: a reason with %s", i, f->label);
        }
        CHECK(f->has_test || (!f->test.method && !f->test.correction && !f->test.n_values),
              "finding %zu: a test without has_test", i);
        CHECK(!f->test.method || (f->test.method[0] && text_ok(f->test.method)), "test.method");
        if (f->test.correction)
            CHECK(strcmp(f->test.correction, "holm") == 0 ||
                      strcmp(f->test.correction, "bh") == 0 ||
                      strcmp(f->test.correction, "none") == 0,
                  "test.correction");
        for (size_t k = 0; k < f->test.n_values; k++) {
            const sn_lens_score *v = &f->test.values[k];
            CHECK(text_ok(v->name), "test field name");
            CHECK(isfinite(v->value) && fabs(v->value) <= SN_LENS_MAX_SCORE, "test %g", v->value);
            CHECK(k == 0 || strcmp(f->test.values[k - 1].name, v->name) < 0, "test order");
            CHECK(strcmp(v->name, "method") != 0 && strcmp(v->name, "correction") != 0,
                  "test.%s a number", v->name);
            if (strcmp(v->name, "p") == 0 || strcmp(v->name, "p_adjusted") == 0)
                CHECK(v->value >= 0 && v->value <= 1, "test.%s %g", v->name, v->value);
            if (strcmp(v->name, "draws") == 0 || strcmp(v->name, "missing") == 0 ||
                strcmp(v->name, "tests") == 0)
                CHECK(v->value >= 0 && v->value == floor(v->value), "test.%s %g", v->name,
                      v->value);
        }
        for (size_t k = 0; k < f->n_uses; k++)
            CHECK(f->uses[k][0] && text_ok(f->uses[k]), "uses[%zu]", k);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sn_init();
    if (size > (1u << 20))
        return 0;
    /* an exact-size copy, so a read past the input is caught */
    uint8_t *in = malloc(size ? size : 1);
    if (!in)
        abort();
    memcpy(in, data, size);
    sn_lens_wire w;
    sn_err werr = {0};
    if (sn_lens_findings_decode(in, size, &w, &werr) != SN_OK) {
        CHECK(werr.msg[0], "a refusal without a reason");
        CHECK(w.findings == NULL && w.error == NULL && w.n_findings == 0, "left allocated");
        free(in);
        return 0;
    }
    check_wire(&w);
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    CHECK(sn_lens_findings_encode(&w, &a, &na, NULL) == 0, "encode");
    sn_lens_wire w2;
    CHECK(sn_lens_findings_decode(a, na, &w2, &werr) == 0, "re-decode: %s", werr.msg);
    CHECK(sn_lens_findings_encode(&w2, &b, &nb, NULL) == 0, "encode again");
    CHECK(na == nb && memcmp(a, b, na) == 0, "the encoding changed (%zu, %zu bytes)", na, nb);
    sn_lens_wire_free(&w2);
    sn_lens_wire_free(&w);
    free(a);
    free(b);
    free(in);
    return 0;
}
