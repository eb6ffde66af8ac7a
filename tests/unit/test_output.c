/*
 * test_output.c - what keeps the reports inert and the JSON stream faithful:
 * the escaping of data text (sn_escape*), text cells counted as shown
 * (sni_out_cell), CSV text cells against formula injection while numbers stay
 * as they are (sni_out_field, sni_out_number), the streamed JSON report
 * equal, byte for byte, to the dump of the same report built as one tree, a
 * report or section that jansson fails to allocate a part of is an error and
 * never a report without that part, and files replaced atomically (sn_file).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/format.h"
#include "samnett/analysis.h"
#include "samnett/lens.h"
#include "samnett/output.h"
#include "fixture.h"

/* What fn writes to a FILE, as a string (caller frees). */
#define CAPTURE(var, call)                                                                         \
    do {                                                                                           \
        size_t len_;                                                                               \
        FILE *f = open_memstream(&(var), &len_);                                                   \
        assert_non_null(f);                                                                        \
        call;                                                                                      \
        assert_int_equal(fclose(f), 0);                                                            \
    } while (0)

static void check_escape(const char *in, const char *want)
{
    char buf[256];
    assert_string_equal(sn_escape(in, strlen(in), buf, sizeof buf), want);
    char *out = NULL;
    CAPTURE(out, sn_escape_fputs(in, f));
    assert_string_equal(out, want);
    free(out);
    /* escaping what is shown changes nothing */
    assert_string_equal(sn_escape(want, strlen(want), buf, sizeof buf), want);
}

static void test_escape(void **state)
{
    (void)state;
    check_escape("plain id-1", "plain id-1");
    check_escape("Bj\xc3\xb8rn \xc3\x86rlig \xc3\x85se", "Bj\xc3\xb8rn \xc3\x86rlig \xc3\x85se");
    check_escape("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07");
    check_escape("\x1b[2J", "\\x1b[2J");
    check_escape("a\rb\nc\td", "a\\rb\\nc\\td");
    check_escape("del\x7f", "del\\x7f");
    /* C1 controls: U+0085 (NEL) and U+009B (CSI) */
    check_escape("x\xc2\x85y\xc2\x9b", "x\\u0085y\\u009b");
    /* U+00A0 and other two-byte letters are kept */
    check_escape("\xc2\xa0\xc3\xa5", "\xc2\xa0\xc3\xa5");
    /* invalid UTF-8: a lone continuation, a truncated sequence, an overlong form, a surrogate */
    check_escape("\x80", "\\x80");
    check_escape("\xc3", "\\xc3");
    check_escape("\xe2\x82", "\\xe2\\x82");
    check_escape("\xc0\xaf", "\\xc0\\xaf");
    check_escape("\xed\xa0\x80", "\\xed\\xa0\\x80");
    check_escape("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
    /* four-byte characters are kept */
    check_escape("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
}

static void test_escape_cut(void **state)
{
    (void)state;
    char buf[16], big[100];
    memset(big, '\x1b', sizeof big);
    sn_escape(big, sizeof big, buf, sizeof buf);
    assert_true(strlen(buf) < sizeof buf);
    assert_non_null(strstr(buf, "..."));
    assert_null(strchr(buf, '\x1b'));
    /* a cut never splits an escape or a character */
    assert_int_equal(strncmp(buf, "\\x1b", 4), 0);
}

static void test_cell(void **state)
{
    (void)state;
    char *out = NULL;
    CAPTURE(out, sni_out_cell(f, "\x1b[2JAB", 10));
    assert_string_equal(out, "\\x1b[2JAB "); /* 9 columns shown, padded to 10 */
    free(out);
    CAPTURE(out, sni_out_cell(f, "\xc3\xa6\xc3\xb8\xc3\xa5", 5));
    assert_string_equal(out, "\xc3\xa6\xc3\xb8\xc3\xa5  ");
    free(out);
    CAPTURE(out, sni_out_cell(f, "ab\x1b[2Jcdefgh", 8));
    assert_string_equal(out, "ab...   "); /* the escape does not fit in 5 columns: padded */
    free(out);
    CAPTURE(out, sni_out_row(f, "label\r", "value\x1b[2J"));
    assert_null(strchr(out, '\r'));
    assert_null(strchr(out, '\x1b'));
    assert_non_null(strstr(out, "value\\x1b[2J\n"));
    free(out);
}

static void test_csv_cells(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"plain", "plain"},
        {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
        {"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
        {"@SUM(1)", "'@SUM(1)"},
        {"-2+3", "'-2+3"},
        {"\tTab", "'\tTab"},
        {"\rCR", "\"'\rCR\""},
        {"a=b", "a=b"},
        {"Bj\xc3\xb8rn, AS", "\"Bj\xc3\xb8rn, AS\""},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        CAPTURE(out, sni_out_field(f, cases[i][0]));
        assert_string_equal(out, cases[i][1]);
        free(out);
    }
    char *out = NULL;
    CAPTURE(out, (sni_out_number(f, -0.5), fputc(',', f), sni_out_number(f, -3)));
    assert_string_equal(out, "-0.5,-3");
    free(out);
}

static void check_report_stream(const sn_report *rp);

/* Two lens results by hand: one with findings (a test, scores, bokmål text), one failed. */
static sn_lens_score score_a[] = {{"a", 0.125, 0}, {"n", 42, 1}};
static sn_lens_score test_v[] = {{"draws", 999, 1}, {"p", 0.0123456789012345, 0}};
static char *uses[] = {"alpha"};
static sn_lens_finding findings[] = {
    {SN_LENS_GROUP,
     "Alfa kommune",
     "silo",
     score_a,
     2,
     {"Closed.", "Lukket, 75 % internt."},
     "silo",
     "Krackhardt and Stern 1988",
     NULL,
     1,
     {"permutation", "holm", test_v, 2},
     uses,
     1},
    {SN_LENS_NETWORK,
     "network",
     "uavklart",
     NULL,
     0,
     {"Too little.", "For lite data: 3 av 20."},
     NULL,
     NULL,
     "for lite data",
     0,
     {NULL, NULL, NULL, 0},
     NULL,
     0},
};
static sn_lens_param params[] = {
    {"alpha", SN_PARAM_NUMBER, "level", 0.05, NULL, 1, 0, 0, 0, 0, NULL},
};
static char *sources[] = {"Krackhardt and Stern 1988"};
static sn_lens_result lens_items[] = {
    {.name = "silo",
     .file = "plugins/lenses/silo.lua",
     .title = {"Silos", "Siloer"},
     .description = {"d", "d"},
     .concept = {"silo", "silo"},
     .sources = sources,
     .n_sources = 1,
     .params = params,
     .n_params = 1,
     .findings = findings,
     .n_findings = 2,
     .seconds = 0.5},
    {.name = "broken",
     .file = "x/broken.lua",
     .title = {"Broken", "Knekt"},
     .failed = 1,
     .error = "x/broken.lua:3: failed",
     .seconds = 0.25},
};
static const sn_lens_results lens_results = {lens_items, 2};

/*
 * The streamed report equals the dump of the tree, with and without time
 * windows, and with lens results: built when written, or dumped before
 * (sn_report_lens_dump, as analyze does while the lenses run), some or all.
 */
static void check_stream_equals_tree(const sn_analysis_opts *ao)
{
    sn_err err = {0};
    sn_analysis an;
    assert_int_equal(sn_analysis_run(&st, ao, &an, &err), SN_OK);
    const char *inputs[] = {"test"};
    char *dumped_lens[2] = {NULL, NULL};
    size_t dumped_len[2] = {0, 0};
    for (int mode = 0; mode < 4; mode++) {
        sn_report r = {.store = &st, .an = &an, .inputs = inputs, .n_inputs = 1, .top = 5};
        if (mode > 0)
            r.lenses = &lens_results;
        if (mode == 2) /* the first lens dumped before, the second built when written */
            dumped_lens[0] = sn_report_lens_dump(&lens_items[0], &dumped_len[0]);
        if (mode == 3)
            dumped_lens[1] = sn_report_lens_dump(&lens_items[1], &dumped_len[1]);
        if (mode >= 2) {
            r.lens_dumped = dumped_lens;
            r.lens_dumped_len = dumped_len;
        }
        check_report_stream(&r);
    }
    free(dumped_lens[0]);
    free(dumped_lens[1]);
    sn_analysis_free(&an);
}

/* The report's tree, or NULL when building it failed (the status says so too). */
static json_t *report_tree(const sn_report *r, sn_err *e)
{
    json_t *t = (json_t *)1;
    sn_status rc = sn_report_json_build(r, &t, e);
    assert_true((rc == SN_OK) == (t != NULL));
    return t;
}

/* Section 0 (input), 1 (network) or 2 (silo partition i) of r, or NULL on failure. */
static json_t *section_of(int which, const sn_report *r, size_t i, sn_section_form form, sn_err *e)
{
    json_t *v = (json_t *)1;
    sn_status rc = which == 0   ? sn_report_input_json(r, form, &v, e)
                   : which == 1 ? sn_report_network_json(r, form, &v, e)
                                : sn_report_silo_json(r, i, form, &v, e);
    assert_true((rc == SN_OK) == (v != NULL));
    if (rc != SN_OK)
        assert_int_equal(e->code, rc);
    return v;
}

/* One report: streamed equals the tree's dump. */
static void check_report_stream(const sn_report *rp)
{
    sn_err err = {0};
    sn_report r = *rp;
    char *streamed = NULL;
    CAPTURE(streamed, assert_int_equal(sn_report_json(&r, f, &err), SN_OK));
    json_t *tree = report_tree(&r, &err);
    assert_non_null(tree);
    char *dumped = json_dumps(tree, SN_JSON_FLAGS);
    assert_non_null(dumped);
    size_t n = strlen(dumped);
    assert_true(strlen(streamed) == n + 1 && streamed[n] == '\n');
    assert_memory_equal(streamed, dumped, n);
    if (r.lenses) /* the lenses are there, the second one failed */
        assert_non_null(strstr(streamed, "\"error\": \"x/broken.lua:3: failed\""));
    free(dumped);
    json_decref(tree);
    free(streamed);
}

static void test_json_stream(void **state)
{
    (void)state;
    uint32_t a1 = add_actor("a1", "Alfa kommune", "Heim"), a2 = add_actor("a2", "Alfa kommune", "");
    uint32_t b1 = add_actor("=b1\x1b", "Beta \"sykehus\"", "Akutt");
    uint32_t c1 = add_actor("c1", "Gamma", "");
    (void)c1; /* an isolate */
    for (int i = 0; i < 30; i++) {
        sn_store_contact_add(&st, 1700000000 + 86400 * i, a1, b1, SN_CH_PHONE, 0, 0, 1.0f);
        sn_store_contact_add(&st, 1700003600 + 86400 * i, b1, a2, SN_CH_DISCHARGE, 0, 0, 2.0f);
    }
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    ao.silo.permutations = 10;
    check_stream_equals_tree(&ao);
    assert_int_equal(sn_span_parse("week", &ao.temporal.window), SN_OK);
    ao.temporal.has_window = 1;
    ao.temporal.window_metrics = ~0u;
    check_stream_equals_tree(&ao);
}

/* A write that fails is an error, not a short report with status 0. */
static void test_json_write_error(void **state)
{
    (void)state;
    uint32_t a1 = add_actor("a1", "A", ""), b1 = add_actor("b1", "B", "");
    sn_store_contact_add(&st, 1700000000, a1, b1, SN_CH_PHONE, 0, 0, 1.0f);
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    sn_err err = {0};
    sn_analysis an;
    assert_int_equal(sn_analysis_run(&st, &ao, &an, &err), SN_OK);
    sn_report r = {.store = &st, .an = &an};
    FILE *f = fopen("/dev/full", "w");
    if (f) {
        assert_int_not_equal(sn_report_json(&r, f, &err), SN_OK);
        fclose(f);
    }
    sn_analysis_free(&an);
}

/* A NULL value (what jansson returns out of memory) fails the writer, naming where. */
static void test_jw_null_value(void **state)
{
    (void)state;
    char *out = NULL;
    sn_status rc = SN_OK;
    sn_err err = {0};
    CAPTURE(out, {
        sn_jw w;
        sni_jw_init(&w, f);
        sni_jw_open(&w, NULL, 0);
        sni_jw_add(&w, "ok", json_integer(1));
        sni_jw_open(&w, "actors", 1);
        sni_jw_add(&w, NULL, json_integer(2));
        sni_jw_add(&w, NULL, NULL);
        sni_jw_add(&w, NULL, json_integer(3));
        sni_jw_close(&w);
        sni_jw_close(&w);
        rc = sni_jw_finish(&w, NULL, &err);
    });
    assert_int_equal(rc, SN_ENOMEM);
    assert_non_null(strstr(err.msg, "actors"));
    free(out);
    /* and the same in a tree */
    sn_jw w;
    json_t *root = (json_t *)1;
    sni_jw_init(&w, NULL);
    sni_jw_open(&w, NULL, 0);
    sni_jw_add(&w, "temporal", NULL);
    sni_jw_close(&w);
    assert_int_equal(sni_jw_finish(&w, &root, &err), SN_ENOMEM);
    assert_null(root);
    assert_non_null(strstr(err.msg, "temporal"));
    /* a part lost inside a value (sni_out_set of NULL) fails the value that holds it */
    sni_jw_init(&w, NULL);
    sni_jw_open(&w, NULL, 0);
    json_t *o = json_object();
    assert_int_not_equal(sni_out_set(o, "inner", NULL), 0);
    sni_jw_add(&w, "cases", o);
    sni_jw_close(&w);
    assert_int_equal(sni_jw_finish(&w, &root, &err), SN_ENOMEM);
    assert_non_null(strstr(err.msg, "cases"));
}

/* Empty containers and nesting come out as json_dumpf writes them. */
static void test_jw_layout(void **state)
{
    (void)state;
    char *out = NULL;
    CAPTURE(out, {
        sn_jw w;
        sni_jw_init(&w, f);
        sni_jw_open(&w, NULL, 0);
        sni_jw_open(&w, "empty", 1);
        sni_jw_close(&w);
        sni_jw_open(&w, "obj", 0);
        sni_jw_close(&w);
        sni_jw_open(&w, "list", 1);
        sni_jw_add(&w, NULL, json_pack("{s:[i,i], s:{}}", "a", 1, 2, "b"));
        sni_jw_open(&w, NULL, 0);
        sni_jw_add(&w, "k\"\x1b", json_string("v\n"));
        sni_jw_close(&w);
        sni_jw_close(&w);
        sni_jw_close(&w);
        assert_int_equal(sni_jw_finish(&w, NULL, NULL), SN_OK);
    });
    json_t *tree = json_pack("{s:[], s:{}, s:[{s:[i,i], s:{}}, {s:s}]}", "empty", "obj", "list",
                             "a", 1, 2, "b", "k\"\x1b", "v\n");
    char *want = json_dumps(tree, SN_JSON_FLAGS);
    assert_string_equal(out, want);
    free(want);
    json_decref(tree);
    free(out);
}

/*
 * jansson's allocations, counted; the one numbered fail_at (from 0) fails, as
 * when memory runs out there, and the others succeed.
 */
static long alloc_calls, fail_at = -1;

static void *failing_malloc(size_t n)
{
    return alloc_calls++ == fail_at ? NULL : malloc(n);
}

/* Allocation fail_at fails while built runs; 1 when it was reached. */
#define WITH_FAILING_ALLOC(n, built)                                                               \
    (alloc_calls = 0, fail_at = (n), json_set_alloc_funcs(failing_malloc, free), (built),          \
     json_set_alloc_funcs(malloc, free), fail_at = -1, alloc_calls > (n))

/* The store of test_json_stream: two organisations, an isolate, a UTF-8 id with an escape. */
static void small_region(void)
{
    uint32_t a1 = add_actor("a1", "Alfa kommune", "Heim"), a2 = add_actor("a2", "Alfa kommune", "");
    uint32_t b1 = add_actor("=b1\x1b", "Beta \"sykehus\"", "Akutt");
    (void)add_actor("c1", "Gamma", "");
    for (int i = 0; i < 30; i++) {
        sn_store_contact_add(&st, 1700000000 + 86400 * i, a1, b1, SN_CH_PHONE, 0, 0, 1.0f);
        sn_store_contact_add(&st, 1700003600 + 86400 * i, b1, a2, SN_CH_DISCHARGE, 0, 0, 2.0f);
    }
}

static char *dump(json_t *v)
{
    char *s = json_dumps(v, SN_JSON_FLAGS | JSON_ENCODE_ANY);
    assert_non_null(s);
    return s;
}

/*
 * Every allocation of the JSON report made to fail in turn: the report is
 * then an error (status and message), or, where the failure cost nothing, the
 * whole report; never a report without a key or an element.
 */
static void test_json_out_of_memory(void **state)
{
    (void)state;
    small_region();
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    ao.silo.permutations = 10;
    assert_int_equal(sn_span_parse("week", &ao.temporal.window), SN_OK);
    ao.temporal.has_window = 1;
    sn_err err = {0};
    sn_analysis an;
    assert_int_equal(sn_analysis_run(&st, &ao, &an, &err), SN_OK);
    const char *inputs[] = {"test"};
    sn_report r = {
        .store = &st, .an = &an, .inputs = inputs, .n_inputs = 1, .lenses = &lens_results};
    json_t *whole = report_tree(&r, &err);
    assert_non_null(whole);
    char *want = dump(whole);
    json_decref(whole);
    long errors = 0, n;
    for (n = 0;; n++) {
        sn_err e = {0};
        json_t *tree = NULL;
        int failed = WITH_FAILING_ALLOC(n, tree = report_tree(&r, &e));
        if (tree) {
            char *got = dump(tree);
            assert_string_equal(got, want);
            free(got);
            json_decref(tree);
        } else {
            assert_true(failed);
            assert_int_not_equal(e.code, SN_OK);
            assert_true(e.msg[0] != '\0');
            errors++;
        }
        /* the streamed report: an error, or all of it */
        char *streamed = NULL;
        sn_status rc = SN_OK;
        memset(&e, 0, sizeof e);
        CAPTURE(streamed, (void)WITH_FAILING_ALLOC(n, rc = sn_report_json(&r, f, &e)));
        if (rc == SN_OK) {
            assert_int_equal(strlen(streamed), strlen(want) + 1);
            assert_memory_equal(streamed, want, strlen(want));
        } else {
            assert_true(e.msg[0] != '\0');
        }
        free(streamed);
        if (!failed)
            break; /* the report needs fewer allocations: every one has failed once */
    }
    assert_true(n > 100);
    assert_true(errors > 0);
    free(want);
    sn_analysis_free(&an);
}

/*
 * The sections the watch lines repeat, in both forms, with every allocation
 * made to fail in turn: NULL and an error, or the whole section.
 */
static void test_sections_out_of_memory(void **state)
{
    (void)state;
    small_region();
    sn_err err = {0};
    for (int form = SN_SECTION_REPORT; form <= SN_SECTION_SUMMARY; form++) {
        sn_analysis_opts ao;
        sn_analysis_opts_init(&ao);
        ao.summary_only = form == SN_SECTION_SUMMARY;
        ao.n_partitions = 2;
        ao.partitions[0] = "organisation";
        ao.partitions[1] = "unit";
        sn_analysis an;
        assert_int_equal(sn_analysis_run(&st, &ao, &an, &err), SN_OK);
        const char *inputs[] = {"test"};
        sn_report r = {.store = &st, .an = &an, .inputs = inputs, .n_inputs = 1};
        for (int section = 0; section < 3; section++) {
#define BUILD(e) section_of(section, &r, 1, (sn_section_form)form, (e))
            json_t *whole = BUILD(&err);
            assert_non_null(whole);
            char *want = dump(whole);
            json_decref(whole);
            for (long n = 0;; n++) {
                sn_err e = {0};
                json_t *v = NULL;
                int failed = WITH_FAILING_ALLOC(n, v = BUILD(&e));
                if (v) {
                    char *got = dump(v);
                    assert_string_equal(got, want);
                    free(got);
                    json_decref(v);
                } else {
                    assert_true(failed);
                    assert_int_equal(e.code, SN_ENOMEM);
                    assert_non_null(strstr(e.msg, "cannot build"));
                }
                if (!failed)
                    break;
            }
            free(want);
#undef BUILD
        }
        sn_analysis_free(&an);
    }
}

/* The summary form: the report's keys, in the report's order, less the documented ones. */
static void test_sections_summary(void **state)
{
    (void)state;
    small_region();
    sn_err err = {0};
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    sn_analysis an;
    assert_int_equal(sn_analysis_run(&st, &ao, &an, &err), SN_OK);
    assert_true(an.has_type_mix); /* computed by the analysis, read by the reports */
    sn_report r = {.store = &st, .an = &an};
    static const char *const left_out[] = {"sources",
                                           "encodings",
                                           "warnings",
                                           "ids_merged",
                                           "messages",
                                           "filters",
                                           "within_group_contacts",
                                           "below_min_contacts",
                                           "contacts_by_type",
                                           "permutations",
                                           "ties",
                                           "matrix"};
    for (int section = 0; section < 3; section++) {
        json_t *full = section_of(section, &r, 0, SN_SECTION_REPORT, &err);
        json_t *sum = section_of(section, &r, 0, SN_SECTION_SUMMARY, &err);
        assert_non_null(full);
        assert_non_null(sum);
        void *it = json_object_iter(full);
        const char *k;
        json_t *v;
        json_object_foreach(sum, k, v)
        {
            while (it && strcmp(json_object_iter_key(it), k) != 0) {
                int documented = 0;
                for (size_t i = 0; i < sizeof left_out / sizeof left_out[0]; i++)
                    documented |= strcmp(json_object_iter_key(it), left_out[i]) == 0;
                if (!documented)
                    fail_msg("`%s` is left out of the summary", json_object_iter_key(it));
                it = json_object_iter_next(full, it);
            }
            if (!it)
                fail_msg("`%s` of the summary is not in the report's order", k);
            it = json_object_iter_next(full, it);
        }
        json_decref(full);
        json_decref(sum);
    }
    sn_analysis_free(&an);
}

/* The orders of the text report's tables come with the analysis, largest first, ties in index
 * order. */
static void test_rankings(void **state)
{
    (void)state;
    small_region();
    sn_err err = {0};
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    sn_analysis an;
    assert_int_equal(sn_analysis_run(&st, &ao, &an, &err), SN_OK);
    const sn_rankings *rk = &an.ranks;
    const double *bw = an.metrics.node.betweenness;
    assert_non_null(rk->betweenness);
    for (uint32_t i = 1; i < an.net.n_nodes; i++) {
        uint32_t a = rk->betweenness[i - 1], b = rk->betweenness[i];
        assert_true(bw[a] > bw[b] || (bw[a] == bw[b] && a < b));
    }
    assert_true(rk->n_type_pairs > 0);
    for (size_t i = 0; i < rk->n_type_pairs; i++) {
        assert_true(an.type_mix.contacts[rk->type_pairs[i]] > 0);
        if (i)
            assert_true(an.type_mix.contacts[rk->type_pairs[i - 1]] >=
                        an.type_mix.contacts[rk->type_pairs[i]]);
    }
    const sn_silo *s = &an.silos[0];
    assert_int_equal(rk->n_silo_groups[0], 2); /* Gamma, the isolate's, has no ties */
    for (uint32_t i = 1; i < rk->n_silo_groups[0]; i++)
        assert_true(s->groups[rk->silo_groups[0][i - 1]].ei <= s->groups[rk->silo_groups[0][i]].ei);
    sn_analysis_free(&an);
    /* a summary has none of them */
    ao.summary_only = 1;
    assert_int_equal(sn_analysis_run(&st, &ao, &an, &err), SN_OK);
    assert_null(an.ranks.betweenness);
    assert_false(an.has_type_mix);
    sn_analysis_free(&an);
}

static int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* A file appears whole under its name or not at all; a failed writer leaves nothing behind. */
static void test_file_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/sn_test_file_XXXXXX", path[256], tmp[300];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/report.json", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    sn_err err = {0};
    sn_file w;
    assert_int_equal(sn_file_open(&w, path, SN_FILE_DEVICE_IN_PLACE, &err), SN_OK);
    fputs("old\n", w.f);
    assert_true(file_exists(tmp) && !file_exists(path));
    assert_int_equal(sn_file_close(&w, SN_OK, &err), SN_OK);
    assert_true(file_exists(path) && !file_exists(tmp));
    /* the writer failed: the old file stays, the temporary one goes, the status is kept */
    assert_int_equal(sn_file_open(&w, path, 0, &err), SN_OK);
    fputs("half", w.f);
    assert_int_equal(sn_file_close(&w, SN_EANALYSIS, &err), SN_EANALYSIS);
    assert_false(file_exists(tmp));
    char buf[16] = "";
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "old\n");
    /* a device is written in place, never renamed over */
    assert_int_equal(sn_file_open(&w, "/dev/null", SN_FILE_DEVICE_IN_PLACE, &err), SN_OK);
    assert_string_equal(w.tmp, "");
    fputs("x", w.f);
    assert_int_equal(sn_file_close(&w, SN_OK, &err), SN_OK);
    /* a folder that is not there: the message names the file */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/no/such.csv", dir);
    assert_int_equal(sn_file_open(&w, missing, 0, &err), SN_EIO);
    assert_non_null(strstr(err.msg, "no/such.csv: cannot write: "));
    remove(path);
    rmdir(dir);
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_escape_cut),
        cmocka_unit_test(test_cell),
        cmocka_unit_test(test_csv_cells),
        cmocka_unit_test_setup_teardown(test_json_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_write_error, setup, teardown),
        cmocka_unit_test(test_jw_null_value),
        cmocka_unit_test(test_jw_layout),
        cmocka_unit_test_setup_teardown(test_json_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rankings, setup, teardown),
        cmocka_unit_test(test_file_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
