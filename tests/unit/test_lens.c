/*
 * test_lens.c - the lens host: the sandbox's globals, the memory cap and the
 * time limit, metadata and parameter checks, findings validation, the stats
 * helpers, lens paths, and the scaffold with its own test file.
 *
 * Each test writes its lenses into a temporary folder and runs them on a
 * small hand-built store:
 *   a1, a2 (Alfa kommune), b1 (Beta sykehus);
 *   a1 -> b1 x3 (phone), b1 -> a1 x1 (discharge), a1 -> a2 x2 (meeting).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "samnett/time.h"

#include <ftw.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lens/lens_internal.h"

/* AddressSanitizer builds run the lenses without a thread (see host.c). */
#if defined(__SANITIZE_ADDRESS__)
#define SN_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SN_TEST_ASAN 1
#endif
#endif
#ifndef SN_TEST_ASAN
#define SN_TEST_ASAN 0
#endif
#include "samnett/analysis.h"
#include "samnett/lens.h"
#include "samnett/tools/lens_tools.h"

static sn_store st;
static sn_analysis an;
static sn_analysis_opts ao;
static char dir[256];

static uint32_t add_actor(const char *id, const char *org)
{
    uint32_t a, o;
    int added;
    assert_int_equal(sn_store_actor_add(&st, id, strlen(id), 0, 0, &a, &added), SN_OK);
    assert_int_equal(added, 1);
    assert_int_equal(sn_store_string(&st, org, strlen(org), &o), SN_OK);
    st.actors[a].attr[SN_ATTR_ORGANISATION] = o;
    return a;
}

static int setup(void **state)
{
    (void)state;
    sn_err err;
    if (sn_store_init(&st, &err) != SN_OK)
        return -1;
    uint32_t a1 = add_actor("a1", "Alfa kommune"), a2 = add_actor("a2", "Alfa kommune");
    uint32_t b1 = add_actor("b1", "Beta sykehus");
    for (int i = 0; i < 3; i++)
        sn_store_contact_add(&st, 1000 + i, a1, b1, SN_CH_PHONE, 0, 0, 1.0f);
    sn_store_contact_add(&st, 2000, b1, a1, SN_CH_DISCHARGE, 0, 0, 1.0f);
    sn_store_contact_add(&st, 3000, a1, a2, SN_CH_MEETING, 0, 0, 1.0f);
    sn_store_contact_add(&st, 3001, a1, a2, SN_CH_MEETING, 0, 0, 1.0f);
    sn_analysis_opts_init(&ao);
    ao.silo.permutations = 10;
    if (sn_analysis_run(&st, &ao, &an, &err) != SN_OK)
        return -1;
    snprintf(dir, sizeof dir, "%s/samnett-test-lens-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    (void)state;
    sn_analysis_free(&an);
    sn_store_free(&st);
    nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* Write DIR/name.lua: a lens with more fields `meta` ("key = value," ...) and run body `body`. */
static void write_lens_meta(const char *name, const char *meta, const char *body)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.lua", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "return {\n  name = \"%s\",\n  title = {en = \"T\", nb = \"T\"},\n"
            "  description = {en = \"D\", nb = \"D\"},\n  %s\n"
            "  run = function(net, params)\n%s\n  end,\n}\n",
            name, meta, body);
    fclose(f);
}

/* Write DIR/name.lua: a lens whose run body is `body` (params optional). */
static void write_lens(const char *name, const char *params, const char *body)
{
    char *meta = malloc(strlen(params ? params : "") + 16);
    assert_non_null(meta);
    sprintf(meta, "params = {%s},", params ? params : "");
    write_lens_meta(name, meta, body);
    free(meta);
}

/* Run one lens (memory cap in MB, time limit in seconds); returns the host (caller frees). */
/* A host over DIR only, printing to log (memory cap in MB and time limit when not 0). */
static sn_lens_host *host_in_dir(size_t mb, double timeout, FILE *log)
{
    sn_lens_opts o;
    sn_lens_opts_init(&o);
    o.no_bundled = 1;
    if (mb)
        o.memory_bytes = mb << 20;
    if (timeout > 0)
        o.timeout = timeout;
    const char *path[] = {dir};
    o.path = path;
    o.n_path = 1;
    o.log = log;
    sn_lens_host *h;
    sn_err err = {0};
    assert_int_equal(sn_lens_host_new(&o, &h, &err), SN_OK);
    return h;
}

static sn_lens_host *run_one(const char *name, size_t mb, double timeout, const char *param)
{
    FILE *log = fopen("/dev/null", "w");
    sn_lens_host *h = host_in_dir(mb, timeout, log);
    sn_err err = {0};
    if (sn_lens_host_add(h, name, &err) != SN_OK)
        fail_msg("add %s: %s", name, err.msg);
    if (param && sn_lens_host_param(h, param, &err) != SN_OK)
        fail_msg("param %s: %s", param, err.msg);
    assert_int_equal(sn_lens_host_run(h, &st, &an, &ao, &err), SN_OK);
    fclose(log);
    return h;
}

static const sn_lens_result *first(sn_lens_host *h)
{
    return &sn_lens_host_results(h)->items[0];
}

static void expect_error(const char *name, const char *body, const char *part)
{
    write_lens(name, NULL, body);
    /* the endless loops get half a second; the rest time enough under valgrind */
    sn_lens_host *h = run_one(name, 0, strstr(part, "time limit") ? 0.5 : 120, NULL);
    const sn_lens_result *r = first(h);
    if (!r->failed)
        fail_msg("lens %s ran; expected an error with '%s'", name, part);
    if (!strstr(r->error, part))
        fail_msg("lens %s: error '%s' lacks '%s'", name, r->error, part);
    char where[300];
    snprintf(where, sizeof where, "%s.lua:", name);
    if (!strstr(r->error, where))
        fail_msg("lens %s: error '%s' does not name the file", name, r->error);
    assert_int_equal(sn_lens_host_failed(h), 1);
    sn_lens_host_free(h);
}

/* One network finding whose scores are the expressions in `scores` (a Lua table body). */
static const char *finding_body(const char *scores, char *buf, size_t cap)
{
    snprintf(buf, cap,
             "    return {finding{level = \"network\", label = \"x\", scores = {%s},\n"
             "                    evidence = {en = \"e\", nb = \"n\"}}}",
             scores);
    return buf;
}

static double score(const sn_lens_result *r, const char *name)
{
    assert_false(r->failed);
    assert_true(r->n_findings >= 1);
    for (size_t i = 0; i < r->findings[0].n_scores; i++)
        if (strcmp(r->findings[0].scores[i].name, name) == 0)
            return r->findings[0].scores[i].value;
    fail_msg("no score %s", name);
    return NAN;
}

static void test_globals(void **state)
{
    (void)state;
    char body[1024];
    write_lens("globals", NULL,
               finding_body("io = io == nil and 1 or 0, debug = debug == nil and 1 or 0, "
                            "package = package == nil and 1 or 0, "
                            "dofile = dofile == nil and 1 or 0, "
                            "loadfile = loadfile == nil and 1 or 0, "
                            "execute = os.execute == nil and 1 or 0, "
                            "getenv = os.getenv == nil and 1 or 0, "
                            "dump = string.dump == nil and 1 or 0, "
                            "clock = type(os.clock()) == 'number' and 1 or 0, "
                            "date = os.date('!%Y', 0) == '1970' and 1 or 0, "
                            "count = collectgarbage('count') > 0 and 1 or 0, "
                            "text = load('return 41 + 1')(), "
                            "binary = load('\\27Lua') == nil and 1 or 0, "
                            "mt = type(getmetatable('')) == 'table' and 1 or 0",
                            body, sizeof body));
    sn_lens_host *h = run_one("globals", 0, 0, NULL);
    const sn_lens_result *r = first(h);
    if (r->failed)
        fail_msg("%s", r->error);
    static const char *const ones[] = {"io",      "debug",  "package", "dofile", "loadfile",
                                       "execute", "getenv", "dump",    "clock",  "date",
                                       "count",   "binary", "mt"};
    for (size_t i = 0; i < sizeof ones / sizeof *ones; i++)
        if (score(r, ones[i]) != 1)
            fail_msg("%s: %g, expected 1", ones[i], score(r, ones[i]));
    assert_true(score(r, "text") == 42);
    sn_lens_host_free(h);
}

static void test_sandbox_errors(void **state)
{
    (void)state;
    expect_error("ex", "    os.execute('true')", "attempt to call a nil value (field 'execute')");
    expect_error("newglobal", "    x = 1", "cannot create global 'x'");
    expect_error("strlib", "    string.rep = nil", "cannot change 'string.rep'");
    expect_error("netwrite", "    net.level = 'unit'", "net is read-only: cannot set net.level");
    expect_error("gc", "    collectgarbage('collect')", "only collectgarbage('count')");
    expect_error("req", "    require 'io'", "require 'io': not available in a lens");
    expect_error("loop", "    while true do end", "time limit of 0.5 s reached");
    expect_error("caught", "    while true do pcall(function() while true do end end) end",
                 "time limit of 0.5 s reached");
    expect_error("recurse", "    local function f() return 1 + f() end\n    f()", "stack overflow");
    expect_error("rep", "    return {string.rep('x', 1 << 40)}",
                 "would pass the memory limit of 256 MB");
    expect_error("nonstring", "    error({})", "error with a table value instead of a message");
}

static void test_memory_cap(void **state)
{
    (void)state;
    write_lens("hog", NULL, "    local t = {}\n    for i = 1, 1e9 do t[i] = {i} end");
    sn_lens_host *h = run_one("hog", 8, 0, NULL);
    const sn_lens_result *r = first(h);
    assert_true(r->failed);
    if (!strstr(r->error, "hog.lua:8: memory limit of 8 MB reached (lens_memory)"))
        fail_msg("%s", r->error);
    sn_lens_host_free(h);
}

static void test_metadata(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/meta.lua", dir);
    FILE *f = fopen(path, "w");
    fputs("return {name = 'meta', title = {en = 'T', nb = 'T'}, description = {en = 'D'},\n"
          "  run = function() return {} end}\n",
          f);
    fclose(f);
    sn_lens_host *h = run_one("meta", 0, 0, NULL);
    assert_true(first(h)->failed);
    if (!strstr(first(h)->error, "meta.lua: 'description.nb' must be a non-empty string"))
        fail_msg("%s", first(h)->error);
    sn_lens_host_free(h);
    /* concept, sources and detects, when given, have their shapes */
    static const struct {
        const char *fields, *part;
    } bad[] = {
        {"concept = 7", "meta.lua: 'concept' must be a table {en = \"...\", nb"},
        {"concept = ''", "meta.lua: 'concept' must be a table {en = \"...\", nb"},
        {"concept = {en = 'equality'}", "meta.lua: 'concept.nb' must be a non-empty string"},
        {"sources = 'Steinsland 2021'", "meta.lua: sources must be a list of works"},
        {"sources = {'Steinsland 2021', 7}", "meta.lua: sources[2] must be a non-empty string"},
        {"sources = {a = 'x'}", "meta.lua: sources must be a list of strings"},
        {"detects = {{pattern = 'silo', level = 'window', labels = {'silo'}}}",
         "meta.lua: detects[1].level must be \"network\", \"group\" or \"actor\""},
        {"detects = {{level = 'group', labels = {'silo'}}}",
         "meta.lua: detects[1].pattern must be a pattern name"},
        {"detects = {{pattern = 'silo', level = 'group'}}",
         "meta.lua: detects[1].labels must be a list of labels"},
        {"detects = {{pattern = 'silo', level = 'group', labels = {''}}}",
         "meta.lua: detects[1].labels[1] must be a non-empty string"},
        {"detects = 'silo'", "meta.lua: detects must be a list"},
        {"cases_and_meetings = 1", "meta.lua: cases_and_meetings must be true (the lens may "
                                   "read cases or meetings; the default) or false; got number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        f = fopen(path, "w");
        fprintf(f,
                "return {name = 'meta', title = {en = 'T', nb = 'T'}, description = {en = 'D', "
                "nb = 'D'},\n  %s,\n  run = function() return {} end}\n",
                bad[i].fields);
        fclose(f);
        h = run_one("meta", 0, 0, NULL);
        assert_true(first(h)->failed);
        if (!strstr(first(h)->error, bad[i].part))
            fail_msg("%s: '%s' lacks '%s'", bad[i].fields, first(h)->error, bad[i].part);
        sn_lens_host_free(h);
    }
}

static void test_params(void **state)
{
    (void)state;
    char body[512];
    write_lens("typed",
               "n = {type = 'integer', default = 3, min = 1, doc = 'how many'},\n"
               "    share = {type = 'number', default = 0.5, min = 0, max = 1, doc = 'a share'},\n"
               "    on = {type = 'boolean', default = true, doc = 'a switch'},\n"
               "    by = {type = 'string', default = 'organisation', values = {'organisation', "
               "'unit'}, doc = 'the groups'}",
               finding_body("n = params.n, share = params.share, on = params.on and 1 or 0, "
                            "unit = params.by == 'unit' and 1 or 0",
                            body, sizeof body));
    sn_lens_host *h = run_one("typed", 0, 0, "typed.n=7");
    assert_true(score(first(h), "n") == 7);
    assert_true(score(first(h), "share") == 0.5);
    assert_true(score(first(h), "on") == 1);
    sn_lens_host_free(h);

    sn_lens_opts o;
    sn_lens_opts_init(&o);
    o.no_bundled = 1;
    const char *path[] = {dir};
    o.path = path;
    o.n_path = 1;
    sn_err err = {0};
    assert_int_equal(sn_lens_host_new(&o, &h, &err), SN_OK);
    assert_int_equal(sn_lens_host_add(h, "typed", &err), SN_OK);
    static const struct {
        const char *assignment, *part;
    } bad[] = {
        {"typed.n=x", "expected a whole number >= 1"},
        {"typed.n=0", "expected a whole number >= 1"},
        {"typed.share=1.5", "expected a number from 0 to 1"},
        {"typed.on=perhaps", "expected true or false"},
        {"typed.by=rank", "expected one of organisation, unit"},
        /* beyond 2^53 a whole number does not survive the way to the lens */
        {"typed.n=9223372036854775807", "expected a whole number from -2^53 to 2^53"},
        {"typed.n=9007199254740993", "expected a whole number from -2^53 to 2^53"},
        {"typed.nope=1", "has no parameter 'nope'; expected one of: by, n, on, share"},
        {"other.n=1", "no lens 'other' is selected"},
        {"typed=1", "expected LENS.NAME=VALUE"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(sn_lens_host_param(h, bad[i].assignment, &err), SN_EUSAGE);
        if (!strstr(err.msg, bad[i].part))
            fail_msg("%s: '%s' lacks '%s'", bad[i].assignment, err.msg, bad[i].part);
    }
    assert_int_equal(sn_lens_host_param(h, "typed.on=nei", &err), SN_OK);
    assert_int_equal(sn_lens_host_param(h, "typed.by=unit", &err), SN_OK);
    assert_int_equal(sn_lens_host_run(h, &st, &an, &ao, &err), SN_OK);
    assert_true(score(first(h), "on") == 0);
    assert_true(score(first(h), "unit") == 1);
    sn_lens_host_free(h);

    /* an integer default beyond 2^53 is refused when the lens loads */
    write_lens("bigdef", "n = {type = 'integer', default = math.maxinteger, doc = 'how many'}",
               finding_body("n = 1", body, sizeof body));
    h = run_one("bigdef", 0, 0, NULL);
    assert_true(first(h)->failed);
    if (!strstr(first(h)->error, "params.n.default must be a whole number from -2^53 to 2^53"))
        fail_msg("%s", first(h)->error);
    sn_lens_host_free(h);
}

/*
 * The run in the background: a lens that sends far more than a pipe holds,
 * more lenses than processes at once and a failing lens all end with their
 * results complete after the wait; a second start is refused, a second wait
 * is harmless, and freeing the host waits for a run still going.
 */
static void test_background_run(void **state)
{
    (void)state;
    write_lens("bg_big", NULL,
               "    local out = {}\n"
               "    for i = 1, 3000 do\n"
               "      out[i] = finding{level = 'network', label = 'x',\n"
               "                       evidence = {en = string.rep('e', 200) .. i, nb = 'n'}}\n"
               "    end\n"
               "    return out");
    write_lens("bg_ok", NULL,
               "    return {finding{level = 'network', label = 'y', evidence = {en = 'e', nb = "
               "'n'}}}");
    write_lens("bg_bad", NULL, "    error('planned failure')");
    FILE *log = fopen("/dev/null", "w");
    sn_lens_host *h = host_in_dir(0, 0, log);
    sn_err err = {0};
    const char *names[] = {"bg_big", "bg_ok", "bg_bad", "bg_ok2"};
    write_lens("bg_ok2", NULL,
               "    return {finding{level = 'network', label = 'z', evidence = {en = 'e', nb = "
               "'n'}}}");
    for (size_t i = 0; i < 4; i++)
        if (sn_lens_host_add(h, names[i], &err) != SN_OK)
            fail_msg("add %s: %s", names[i], err.msg);
    assert_int_equal(sn_lens_host_start(h, &st, &an, &ao, &err), SN_OK);
    sn_err again = {0};
    assert_int_equal(sn_lens_host_start(h, &st, &an, &ao, &again), SN_EUSAGE);
    assert_non_null(strstr(again.msg, "already running"));
    sn_lens_host_wait(h);
    sn_lens_host_wait(h); /* a second wait is harmless */
    const sn_lens_results *r = sn_lens_host_results(h);
    assert_int_equal(r->n, 4);
    for (size_t i = 0; i < r->n; i++) {
        const sn_lens_result *x = &r->items[i];
        if (strcmp(x->name, "bg_bad") == 0) {
            assert_true(x->failed);
            assert_non_null(strstr(x->error, "planned failure"));
        } else {
            if (x->failed)
                fail_msg("%s failed: %s", x->name, x->error);
            assert_int_equal(x->n_findings, strcmp(x->name, "bg_big") == 0 ? 3000 : 1);
        }
    }
    assert_int_equal(sn_lens_host_failed(h), 1);
    /* the results of a run can be run again in the background; freeing waits for it */
    assert_int_equal(sn_lens_host_start(h, &st, &an, &ao, &err), SN_OK);
    sn_lens_host_free(h);
    fclose(log);
}

/* ---- lenses started before the case and meeting measures ---- */

typedef struct release_log {
    atomic_int released; /* set by the test right before sn_lens_host_release */
    atomic_int done_before[3], done_after[3];
} release_log;

static void release_done(void *ud, size_t i, const sn_lens_result *r)
{
    release_log *g = ud;
    (void)r;
    if (i < 3)
        atomic_fetch_add(atomic_load(&g->released) ? &g->done_after[i] : &g->done_before[i], 1);
}

static char *slurp(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    char *s = calloc((size_t)n + 1, 1);
    assert_non_null(s);
    rewind(f);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    return s;
}

/*
 * With the analysis's case and meeting measures deferred, a lens that
 * declares cases_and_meetings = false runs before sn_lens_host_release and
 * the others only after it. One that declares false but reads them builds
 * its own (with a note in the log) and finds what the one that waited finds,
 * which is what the store holds: 3 cases (one of two providers), 2 meetings.
 */
static void test_release(void **state)
{
    (void)state;
    sn_store s2;
    sn_err err = {0};
    assert_int_equal(sn_store_init(&s2, &err), SN_OK);
    uint32_t ids[4];
    const char *names[4] = {"a1", "a2", "b1", "b2"};
    for (int k = 0; k < 4; k++) {
        uint32_t a;
        assert_int_equal(sn_store_actor_add(&s2, names[k], 2, 0, 0, &a, NULL), SN_OK);
        const char *org = k < 2 ? "Alfa kommune" : "Beta sykehus";
        assert_int_equal(
            sn_store_string(&s2, org, strlen(org), &s2.actors[a].attr[SN_ATTR_ORGANISATION]),
            SN_OK);
        ids[k] = a;
    }
    uint32_t c[3], m[2];
    const char *cn[3] = {"c1", "c2", "c3"}, *mn[2] = {"m1", "m2"};
    for (int k = 0; k < 3; k++) {
        assert_int_equal(sn_intern_add(s2.cases, cn[k], 2, &c[k]), SN_OK);
        c[k]++;
    }
    for (int k = 0; k < 2; k++) {
        assert_int_equal(sn_intern_add(s2.meetings, mn[k], 2, &m[k]), SN_OK);
        m[k]++;
    }
    sn_store_contact_add(&s2, 86400 * 10, ids[0], ids[2], SN_CH_REFERRAL, c[0], 0, 1.0f);
    sn_store_contact_add(&s2, 86400 * 12, ids[2], ids[0], SN_CH_DISCHARGE, c[0], 0, 1.0f);
    sn_store_contact_add(&s2, 86400 * 20, ids[1], ids[3], SN_CH_REFERRAL, c[1], 0, 1.0f);
    sn_store_contact_add(&s2, 86400 * 30, ids[0], ids[0], SN_CH_PHONE, c[2], 0, 1.0f);
    sn_store_contact_add(&s2, 86400 * 40, ids[0], ids[1], SN_CH_MEETING, 0, m[0], 1.0f);
    sn_store_contact_add(&s2, 86400 * 41, ids[0], ids[3], SN_CH_MEETING, 0, m[1], 1.0f);
    sn_analysis_opts o2;
    sn_analysis_opts_init(&o2);
    o2.silo.permutations = 10;
    o2.defer_events = 1;
    sn_analysis a2;
    assert_int_equal(sn_analysis_run(&s2, &o2, &a2, &err), SN_OK);
    assert_true(a2.events_deferred && !a2.has_cases && !a2.has_meetings);

    static const char reads[] =
        "    local n = 0\n"
        "    for _ in net:meetings() do n = n + 1 end\n"
        "    local label = net:case_summary().cases .. ' cases, ' .. n .. ' meetings'\n"
        "    return {finding{level = 'network', label = label, evidence = {en = 'e', nb = 'n'}}}";
    write_lens_meta("rel_early", "cases_and_meetings = false,",
                    "    return {finding{level = 'network', label = 'early', evidence = {en = "
                    "'e', nb = 'n'}}}");
    write_lens_meta("rel_late", "", reads);
    write_lens_meta("rel_wrong", "cases_and_meetings = false,", reads);
    FILE *log = tmpfile();
    assert_non_null(log);
    sn_lens_host *h = host_in_dir(0, 0, log);
    const char *lens[3] = {"rel_early", "rel_late", "rel_wrong"};
    for (int k = 0; k < 3; k++)
        if (sn_lens_host_add(h, lens[k], &err) != SN_OK)
            fail_msg("add %s: %s", lens[k], err.msg);
    release_log g;
    memset(&g, 0, sizeof g);
    sn_lens_host_on_done(h, release_done, &g);
    assert_int_equal(sn_lens_host_start(h, &s2, &a2, &o2, &err), SN_OK);
#if !SN_TEST_ASAN
    /* the two that declare false end without the release (a minute at most, for valgrind) */
    for (int t = 0; t < 6000 && !(g.done_before[0] && g.done_before[2]); t++)
        usleep(10000);
    assert_int_equal(atomic_load(&g.done_before[0]), 1);
    assert_int_equal(atomic_load(&g.done_before[2]), 1);
#endif
    assert_int_equal(sn_analysis_events(&s2, &o2, &a2, &err), SN_OK);
    assert_true(a2.has_cases && a2.has_meetings);
    atomic_store(&g.released, 1);
    sn_lens_host_release(h);
    sn_lens_host_wait(h);
    assert_int_equal(atomic_load(&g.done_before[1]), 0); /* the default waits */
    assert_int_equal(atomic_load(&g.done_after[1]), 1);
    const sn_lens_results *r = sn_lens_host_results(h);
    for (int k = 0; k < 3; k++) {
        if (r->items[k].failed)
            fail_msg("%s: %s", r->items[k].name, r->items[k].error);
        assert_int_equal(r->items[k].n_findings, 1);
    }
    assert_string_equal(r->items[0].findings[0].label, "early");
    assert_string_equal(r->items[1].findings[0].label, "3 cases, 2 meetings");
    assert_string_equal(r->items[2].findings[0].label, "3 cases, 2 meetings");
    char *text = slurp(log);
    assert_null(strstr(text, "'rel_late'"));
    assert_null(strstr(text, "'rel_early'"));
#if !SN_TEST_ASAN
    /* under AddressSanitizer every lens starts at the release, so none builds its own */
    if (!strstr(text, "lens 'rel_wrong' declares cases_and_meetings = false but reads them"))
        fail_msg("no note in the log: %s", text);
#endif
    free(text);
    fclose(log);
    sn_lens_host_free(h);
    sn_analysis_free(&a2);
    sn_store_free(&s2);
}

static void test_findings(void **state)
{
    (void)state;
    write_lens("noev", NULL, "    return {{level = 'group', scope = 'g', label = 'x'}}");
    sn_lens_host *h = run_one("noev", 0, 0, NULL);
    assert_true(first(h)->failed);
    if (!strstr(first(h)->error, "noev.lua:6: finding 1 returned by run: evidence must be a table"))
        fail_msg("%s", first(h)->error);
    sn_lens_host_free(h);

    write_lens(
        "noscope", NULL,
        "    return {finding{level = 'actor', label = 'x', evidence = {en = 'e', nb = 'n'}}}");
    h = run_one("noscope", 0, 0, NULL);
    if (!strstr(first(h)->error, "noscope.lua:7: finding: scope must be the group name"))
        fail_msg("%s", first(h)->error);
    sn_lens_host_free(h);

    write_lens("good", NULL,
               "    return {finding{level = 'group', scope = 'Alfa kommune', label = 'uavklart',\n"
               "                    scores = {b = 2, a = 0.5}, evidence = {en = 'e', nb = 'n'}},\n"
               "            {level = 'network', label = 'y', evidence = {en = 'E', nb = 'N'}}}");
    h = run_one("good", 0, 0, NULL);
    const sn_lens_result *r = first(h);
    assert_false(r->failed);
    assert_int_equal(r->n_findings, 2);
    assert_int_equal(r->findings[0].level, SN_LENS_GROUP);
    assert_string_equal(r->findings[0].scope, "Alfa kommune");
    assert_string_equal(r->findings[0].label, "uavklart");
    assert_int_equal(r->findings[0].n_scores, 2);
    assert_string_equal(r->findings[0].scores[0].name, "a"); /* sorted by name */
    assert_true(r->findings[0].scores[0].value == 0.5 && !r->findings[0].scores[0].is_integer);
    assert_true(r->findings[0].scores[1].value == 2 && r->findings[0].scores[1].is_integer);
    assert_string_equal(r->findings[1].scope, "network");
    assert_string_equal(r->findings[1].evidence[1], "N");
    sn_lens_host_free(h);
}

static void test_stats_and_net(void **state)
{
    (void)state;
    char body[2048];
    write_lens("st", NULL,
               finding_body("mean = stats.mean{1, 2, 3, 6}, median = stats.median{5, 1, 3, 2}, "
                            "q = stats.quantile({10, 20, 30}, 0.75), gini = stats.gini{1, 1, 1}, "
                            "gini1 = stats.gini{0, 4}, sd = stats.sd{1, 3}, cv = stats.cv{1, 3}, "
                            "nomedian = stats.median{} == nil and 1 or 0, "
                            "ties = #(function() local v = {} for t in net:ties() do "
                            "v[#v + 1] = t end return v end)(), "
                            "a1b1 = net:tie('a1', 'b1').contacts, "
                            "phone = net:tie('a1', 'b1').channels.phone, "
                            "first = net:tie('a1', 'b1').first, last = net:tie('a1', 'b1').last, "
                            "orgties = net:subnet{level = 'organisation'}:network().ties, "
                            "meetings = (function() local n = 0 for _ in "
                            "net:events{channel = 'meeting'} do n = n + 1 end return n end)(), "
                            "groups = #net:partition().groups, "
                            "ei = net:silo().ei",
                            body, sizeof body));
    sn_lens_host *h = run_one("st", 0, 0, NULL);
    const sn_lens_result *r = first(h);
    if (r->failed)
        fail_msg("%s", r->error);
    assert_true(score(r, "mean") == 3);
    assert_true(score(r, "median") == 2.5);
    assert_true(score(r, "q") == 25);
    assert_true(score(r, "gini") == 0);
    assert_true(score(r, "gini1") == 0.5);
    assert_true(score(r, "sd") == 1);
    assert_true(score(r, "cv") == 0.5);
    assert_true(score(r, "nomedian") == 1);
    assert_true(score(r, "ties") == 3);
    assert_true(score(r, "a1b1") == 3);
    assert_true(score(r, "phone") == 3);
    assert_true(score(r, "first") == 1000 && score(r, "last") == 1002);
    assert_true(score(r, "orgties") == 2);
    assert_true(score(r, "meetings") == 2);
    assert_true(score(r, "groups") == 2);
    /* E-I over organisation: ties a1-b1, b1-a1 across, a1-a2 inside: (2 - 1) / 3 */
    assert_true(fabs(score(r, "ei") - 1.0 / 3.0) < 1e-12);
    sn_lens_host_free(h);
}

/*
 * The time and bulk bindings on the small store (times 1000..3001 s, one day):
 * one window; net:activity sees 6 contacts, 3 between organisations, the pair
 * Alfa <-> Beta with 3 from Alfa's side and 1 from Beta's; net:columns gives
 * the 3 ties; the light and the detailed activity agree; two lenses in one run
 * share the ties of the contacts (the second reads them from the first).
 */
static void test_time_and_columns(void **state)
{
    (void)state;
    char body[2048];
    write_lens("tm", NULL,
               finding_body("windows = #net:windows(), qwin = #net:windows{length = 'quarter'}, "
                            "qcontacts = net:windows{length = 'quarter'}[1].contacts, "
                            "tcontacts = net:temporal():network().contacts, "
                            "act = #net:activity{window = '1d'}.scopes, "
                            "net_contacts = net:activity{window = '1d'}.scopes[1].contacts, "
                            "cross = net:activity{window = '1d'}.scopes[1].windows[1].cross, "
                            "ab = net:activity{window = '1d'}.scopes[2].windows[1].ab, "
                            "ba = net:activity{window = '1d'}.scopes[2].windows[1].ba, "
                            "light = net:activity{window = '1d', detail = false}"
                            ".scopes[2].contacts[1], "
                            "cols = #select(2, net:columns()).from, "
                            "colnodes = #net:columns().id, "
                            "hl = stats.half_life({10, 20, 30}, 100), "
                            "nocases = net:case_summary() == nil and 1 or 0",
                            body, sizeof body));
    write_lens("tm2", NULL,
               finding_body("light = net:activity{window = '1d', detail = false}"
                            ".scopes[2].contacts[1]",
                            body, sizeof body));
    sn_lens_opts o;
    sn_lens_opts_init(&o);
    o.no_bundled = 1;
    const char *path[] = {dir};
    o.path = path;
    o.n_path = 1;
    sn_lens_host *h;
    sn_err err = {0};
    assert_int_equal(sn_lens_host_new(&o, &h, &err), SN_OK);
    assert_int_equal(sn_lens_host_add(h, "tm", &err), SN_OK);
    assert_int_equal(sn_lens_host_add(h, "tm2", &err), SN_OK);
    assert_int_equal(sn_lens_host_run(h, &st, &an, &ao, &err), SN_OK);
    const sn_lens_result *r = &sn_lens_host_results(h)->items[0];
    if (r->failed)
        fail_msg("%s", r->error);
    assert_true(score(r, "windows") == 0);
    assert_true(score(r, "qwin") == 1 && score(r, "qcontacts") == 6);
    assert_true(score(r, "tcontacts") == 6);
    assert_true(score(r, "act") == 2 && score(r, "net_contacts") == 6);
    assert_true(score(r, "cross") == 4);
    assert_true(score(r, "ab") == 3 && score(r, "ba") == 1 && score(r, "light") == 4);
    assert_true(score(r, "cols") == 3 && score(r, "colnodes") == 3);
    assert_true(fabs(score(r, "hl") - 14.437535733515) < 1e-6);
    assert_true(score(r, "nocases") == 1);
    const sn_lens_result *r2 = &sn_lens_host_results(h)->items[1];
    if (r2->failed)
        fail_msg("%s", r2->error);
    assert_true(score(r2, "light") == 4);
    sn_lens_host_free(h);
}

static void test_paths(void **state)
{
    (void)state;
    sn_err err = {0};
    assert_int_equal(sn_lens_path_check("plugins/lenses", &err), SN_OK);
    assert_int_equal(sn_lens_path_check("/opt/lenses/", &err), SN_OK);
    assert_int_equal(sn_lens_path_check("a..b", &err), SN_OK);
    assert_int_equal(sn_lens_path_check("../lenses", &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "climbs out with '..'"));
    assert_int_equal(sn_lens_path_check("a/../../etc", &err), SN_EUSAGE);
    assert_int_equal(sn_lens_path_check("a/..", &err), SN_EUSAGE);
    assert_int_equal(sn_lens_path_check("", &err), SN_EUSAGE);

    sn_lens_opts o;
    sn_lens_opts_init(&o);
    o.no_bundled = 1;
    const char *path[] = {dir};
    o.path = path;
    o.n_path = 1;
    sn_lens_host *h;
    assert_int_equal(sn_lens_host_new(&o, &h, &err), SN_OK);
    assert_int_equal(sn_lens_host_add(h, "absent", &err), SN_EUSAGE);
    assert_non_null(strstr(err.msg, "no lens named 'absent'"));
    assert_int_equal(sn_lens_host_add(h, "Bad Name", &err), SN_EUSAGE);
    sn_lens_host_free(h);
}

static void test_scaffold(void **state)
{
    (void)state;
    sn_err err = {0};
    assert_int_equal(sn_lens_scaffold("scaffolded", dir, &err), SN_OK);
    assert_int_equal(sn_lens_scaffold("scaffolded", dir, &err), SN_EIO);
    assert_non_null(strstr(err.msg, "not overwriting"));
    assert_int_equal(sn_lens_scaffold("Upper", dir, &err), SN_EUSAGE);
    assert_int_equal(sn_lens_scaffold("-lead", dir, &err), SN_EUSAGE);
    assert_int_equal(sn_lens_scaffold("with-dash", dir, &err), SN_OK); /* as learning-network */
    assert_int_equal(sn_lens_scaffold("x_test", dir, &err), SN_EUSAGE);
    sn_lens_opts o;
    sn_lens_opts_init(&o);
    o.no_bundled = 1;
    char lens[512];
    snprintf(lens, sizeof lens, "%s/scaffolded.lua", dir);
    FILE *out = fopen("/dev/null", "w");
    size_t passed, failed;
    if (sn_lens_test(&o, lens, out, &passed, &failed, &err) != SN_OK)
        fail_msg("%s", err.msg);
    fclose(out);
    assert_int_equal(passed, 3);
    assert_int_equal(failed, 0);
}

/* Write DIR/name: a Lua file of the given text. */
static void write_text(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Protected: the time at 1, as a lens gives it (a bare date as its day's end). */
static int time_of(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)sn_lens_sandbox_time(L, 1, "t", 1));
    return 1;
}

/* The lens host's sandbox for other Lua files, and its lens lookup (samnett/lens.h). */
static void test_author_sandbox(void **state)
{
    (void)state;
    sn_err err = {0};
    sn_lens_opts o;
    sn_lens_opts_init(&o);
    o.no_bundled = 1;
    o.timeout = 1;
    const char *path[] = {dir};
    o.path = path;
    o.n_path = 1;
    char file[512];

    /* lookup: a name in the path, a file, or none */
    write_lens("found", NULL, "return {}");
    char *got = NULL;
    assert_int_equal(sn_lens_find(&o, "found", &got, &err), SN_OK);
    snprintf(file, sizeof file, "%s/found.lua", dir);
    assert_string_equal(got, file);
    free(got);
    assert_int_equal(sn_lens_find(&o, file, &got, &err), SN_OK);
    free(got);
    assert_int_equal(sn_lens_find(&o, "nowhere", &got, &err), SN_EUSAGE);
    assert_null(got);
    assert_non_null(strstr(err.msg, "no lens named 'nowhere'"));

    /* a file run in the sandbox leaves its result; functions run with the clock */
    write_text("cases_test.lua", "return {cases = {{name = 'a'}}, n = #string.rep('x', 3)}\n");
    snprintf(file, sizeof file, "%s/cases_test.lua", dir);
    sn_lens_sandbox *sb;
    assert_int_equal(sn_lens_sandbox_new(&o, file, "test", &sb, &err), SN_OK);
    lua_State *L = sn_lens_sandbox_state(sb);
    assert_int_equal(lua_type(L, -1), LUA_TTABLE);
    assert_int_equal(lua_getfield(L, -1, "n"), LUA_TNUMBER);
    assert_int_equal(lua_tointeger(L, -1), 3);
    lua_pop(L, 1);
    assert_non_null(strstr(sn_lens_sandbox_file(sb), "cases_test.lua"));
    sn_err perr;
    const char *why = perr.msg;
    lua_pushcfunction(L, time_of);
    lua_pushliteral(L, "2024-01-10");
    assert_int_equal(sn_lens_sandbox_pcall(sb, 1, 1, &perr), SN_OK);
    assert_int_equal(lua_tointeger(L, -1), 1704844800 + 86400);
    lua_pop(L, 1);
    lua_pushcfunction(L, time_of);
    lua_pushliteral(L, "soon");
    assert_int_equal(sn_lens_sandbox_pcall(sb, 1, 1, &perr), SN_EANALYSIS);
    assert_non_null(strstr(why, "t: bad time 'soon'"));
    /* the time limit holds in each call */
    assert_int_equal(luaL_loadstring(L, "while true do end"), LUA_OK);
    assert_int_equal(sn_lens_sandbox_pcall(sb, 0, 0, &perr), SN_EANALYSIS);
    assert_non_null(strstr(why, "time limit"));
    sn_lens_sandbox_free(sb);

    /* the sandbox's allow-list, a syntax error, a missing file */
    write_text("io_test.lua", "return io.open('x')\n");
    snprintf(file, sizeof file, "%s/io_test.lua", dir);
    assert_int_equal(sn_lens_sandbox_new(&o, file, "test", &sb, &err), SN_EANALYSIS);
    assert_null(sb);
    assert_non_null(strstr(err.msg, "io_test.lua:1:"));
    write_text("syntax_test.lua", "return {\n");
    snprintf(file, sizeof file, "%s/syntax_test.lua", dir);
    assert_int_equal(sn_lens_sandbox_new(&o, file, "test", &sb, &err), SN_EANALYSIS);
    assert_non_null(strstr(err.msg, "syntax_test.lua:"));
    snprintf(file, sizeof file, "%s/none_test.lua", dir);
    assert_int_equal(sn_lens_sandbox_new(&o, file, "test", &sb, &err), SN_EIO);
    assert_non_null(strstr(err.msg, "cannot open"));

    char shown[512];
    sn_lens_display_path("relative/x.lua", shown, sizeof shown);
    assert_string_equal(shown, "relative/x.lua");
}

/* ---- the findings decoder (the bytes a lens's process sends back) ---- */

/* A byte builder for hand-made inputs. */
typedef struct bytes {
    unsigned char b[4096];
    size_t n;
} bytes;

static void b_raw(bytes *b, const void *p, size_t n)
{
    assert_true(b->n + n <= sizeof b->b);
    memcpy(b->b + b->n, p, n);
    b->n += n;
}

static void b_u8(bytes *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    b_raw(b, &c, 1);
}

static void b_u32(bytes *b, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        b_u8(b, (v >> (8 * k)) & 0xff);
}

static void b_str(bytes *b, const char *s)
{
    b_u32(b, (uint32_t)strlen(s));
    b_raw(b, s, strlen(s));
}

/* The header and one network finding up to its scores (count n_scores). */
static void b_head(bytes *b, const char *label, uint32_t n_scores)
{
    b->n = 0;
    b_raw(b, "SNLF", 4);
    b_u8(b, 2);
    b_u8(b, 0);
    b_u32(b, 1);
    b_u8(b, 0);
    b_str(b, "network");
    b_str(b, label);
    b_u32(b, n_scores);
}

/* The evidence, then the extras (flags 0, no uses) and the end mark. */
static void b_tail(bytes *b)
{
    b_str(b, "evidence");
    b_str(b, "bevis");
    b_u8(b, 0);
    b_u32(b, 0);
    b_raw(b, "END.", 4);
}

/* The evidence and the flags; the caller adds the extras, uses and end mark. */
static void b_evidence(bytes *b, unsigned flags)
{
    b_str(b, "evidence");
    b_str(b, "bevis");
    b_u8(b, flags);
}

static void b_score(bytes *b, const char *name, int integer, uint64_t bits)
{
    b_str(b, name);
    b_u8(b, integer ? 1 : 0);
    b_u32(b, (uint32_t)bits);
    b_u32(b, (uint32_t)(bits >> 32));
}

static uint64_t dbits(double x)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    return u;
}

static void expect_decode_error(const bytes *b, const char *part)
{
    sn_lens_wire w;
    sn_err werr = {0};
    if (sn_lens_findings_decode(b->b, b->n, &w, &werr) == 0) {
        sn_lens_wire_free(&w);
        fail_msg("decoded; expected an error with '%s'", part);
    }
    assert_null(w.findings);
    assert_null(w.error);
    if (!strstr(werr.msg, part))
        fail_msg("error '%s' lacks '%s'", werr.msg, part);
}

static void test_findings_wire(void **state)
{
    (void)state;
    /* a round trip keeps everything, integers exactly */
    sn_lens_score sc[2] = {{"a", 0.25, 0}, {"n", 9007199254740992.0, 1}};
    sn_lens_score tv[3] = {{"draws", 1000, 1}, {"p", 0.2, 0}, {"p_adjusted", 0.4, 0}};
    char *uses[2] = {"alpha", "min_contacts"};
    sn_lens_finding f[2] = {
        {.level = SN_LENS_GROUP,
         .scope = "Alfa kommune",
         .label = "p\xc3\xa5 tvers",
         .scores = sc,
         .n_scores = 2,
         .evidence = {"e", "n"}},
        {.level = SN_LENS_ACTOR,
         .scope = "a1",
         .label = "uavklart",
         .evidence = {"E", "N"},
         .concept = "likeverd",
         .source = "Steinsland 2021",
         .reason = "ikke signifikant",
         .has_test = 1,
         .test = {.method = "binomial", .correction = "holm", .values = tv, .n_values = 3},
         .uses = uses,
         .n_uses = 2},
    };
    sn_lens_wire in = {0, NULL, f, 2}, out;
    char *buf;
    size_t len;
    sn_err werr = {0};
    assert_int_equal(sn_lens_findings_encode(&in, &buf, &len, NULL), SN_OK);
    if (sn_lens_findings_decode(buf, len, &out, &werr) != SN_OK)
        fail_msg("%s", werr.msg);
    assert_int_equal(out.n_findings, 2);
    assert_int_equal(out.findings[0].level, SN_LENS_GROUP);
    assert_string_equal(out.findings[0].label, "p\xc3\xa5 tvers");
    assert_int_equal(out.findings[0].n_scores, 2);
    assert_true(out.findings[0].scores[1].value == 9007199254740992.0);
    assert_true(out.findings[0].scores[1].is_integer);
    assert_string_equal(out.findings[1].evidence[1], "N");
    /* the concept, source, reason, test and uses */
    assert_null(out.findings[0].concept);
    assert_false(out.findings[0].has_test);
    assert_int_equal(out.findings[0].n_uses, 0);
    const sn_lens_finding *g = &out.findings[1];
    assert_string_equal(g->concept, "likeverd");
    assert_string_equal(g->source, "Steinsland 2021");
    assert_string_equal(g->reason, "ikke signifikant");
    assert_true(g->has_test);
    assert_string_equal(g->test.method, "binomial");
    assert_string_equal(g->test.correction, "holm");
    assert_int_equal(g->test.n_values, 3);
    assert_string_equal(g->test.values[0].name, "draws");
    assert_true(g->test.values[0].is_integer && g->test.values[0].value == 1000);
    assert_true(g->test.values[2].value == 0.4);
    assert_int_equal(g->n_uses, 2);
    assert_string_equal(g->uses[1], "min_contacts");
    sn_lens_wire_free(&out);
    /* every shorter prefix is refused, as is one byte more */
    for (size_t n = 0; n < len; n++) {
        sn_lens_wire w;
        if (sn_lens_findings_decode(buf, n, &w, &werr) == 0)
            fail_msg("a prefix of %zu of %zu bytes decoded", n, len);
    }
    char *more = malloc(len + 1);
    memcpy(more, buf, len);
    more[len] = 'x';
    assert_int_equal(sn_lens_findings_decode(more, len + 1, &out, &werr), SN_EINPUT);
    assert_non_null(strstr(werr.msg, "1 bytes after the end mark"));
    free(more);
    free(buf);

    /* a failure and its message */
    sn_lens_wire failed = {1, "x.lua:3: boom", NULL, 0};
    assert_int_equal(sn_lens_findings_encode(&failed, &buf, &len, NULL), 0);
    assert_int_equal(sn_lens_findings_decode(buf, len, &out, &werr), 0);
    assert_true(out.failed);
    assert_string_equal(out.error, "x.lua:3: boom");
    sn_lens_wire_free(&out);
    free(buf);

    bytes b;
    b_head(&b, "ok", 0);
    b_tail(&b);
    sn_lens_wire w;
    assert_int_equal(sn_lens_findings_decode(b.b, b.n, &w, &werr), 0);
    sn_lens_wire_free(&w);
    /* the header */
    b.n = 0;
    expect_decode_error(&b, "no output");
    b_raw(&b, "SNLX", 4);
    expect_decode_error(&b, "no findings header");
    b.n = 0;
    b_raw(&b, "SNLF\x01\x00", 6);
    expect_decode_error(&b, "version 1; expected 2");
    b.n = 0;
    b_raw(&b, "SNLF\x02\x07", 6);
    expect_decode_error(&b, "status 7");
    /* wrong types: a level, a score kind */
    b_head(&b, "ok", 0);
    b.b[10] = 9;
    b_tail(&b);
    expect_decode_error(&b, "finding 1: level 9 is not network");
    b_head(&b, "ok", 1);
    b_str(&b, "s");
    b_u8(&b, 5);
    b_u32(&b, 0);
    b_u32(&b, 0);
    b_tail(&b);
    expect_decode_error(&b, "finding 1: scores.s: kind 5 is not real (0) or integer (1)");
    /* bad UTF-8: a lone continuation byte, an overlong form, a surrogate, a NUL, cut short */
    static const char *const bad_text[] = {"a\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                           "ab\xe2\x82"};
    for (size_t i = 0; i < sizeof bad_text / sizeof *bad_text; i++) {
        b_head(&b, bad_text[i], 0);
        b_tail(&b);
        expect_decode_error(&b, "finding 1: label is not valid UTF-8 (a bad sequence");
    }
    b_head(&b, "ok", 0);
    b.n -= 4 + 2 + 4; /* back to before the label */
    b_u32(&b, 3);
    b_raw(&b, "a\0b", 3);
    b_u32(&b, 0);
    b_tail(&b);
    expect_decode_error(&b, "finding 1: label is not valid UTF-8 (a NUL byte at byte 2)");
    b_head(&b, "", 0);
    b_tail(&b);
    expect_decode_error(&b, "finding 1: label is empty");
    /* numbers out of range */
    b_head(&b, "ok", 1);
    b_score(&b, "big", 1, (uint64_t)INT64_MAX);
    b_tail(&b);
    expect_decode_error(&b, "finding 1: scores.big is 9223372036854775807, outside +-2^53");
    b_head(&b, "ok", 1);
    b_score(&b, "low", 1, (uint64_t)(-9007199254740993LL));
    b_tail(&b);
    expect_decode_error(&b, "scores.low is -9007199254740993, outside +-2^53");
    b_head(&b, "ok", 1);
    b_score(&b, "r", 0, dbits(1e300));
    b_tail(&b);
    expect_decode_error(&b, "scores.r is 1e+300, outside +-2^53");
    b_head(&b, "ok", 1);
    b_score(&b, "inf", 0, dbits(-INFINITY));
    b_tail(&b);
    expect_decode_error(&b, "scores.inf is infinite; expected a finite number");
    b_head(&b, "ok", 1);
    b_score(&b, "nan", 0, dbits(NAN));
    b_tail(&b);
    expect_decode_error(&b, "scores.nan is nan; expected a finite number");
    b_head(&b, "ok", 2);
    b_score(&b, "d", 0, dbits(1));
    b_score(&b, "d", 0, dbits(2));
    b_tail(&b);
    expect_decode_error(&b, "score 'd' appears twice");
    /* huge lengths and counts: refused before any allocation of that size */
    b_head(&b, "ok", 0);
    b.n -= 4 + 2 + 4; /* back to before the label */
    b_u32(&b, 0xffffffffu);
    static const char zeros[40] = {0};
    b_raw(&b, zeros, sizeof zeros);
    expect_decode_error(&b, "finding 1: label: a length of 4294967295 bytes runs past the end");
    b_head(&b, "ok", 0xffffffffu);
    b_tail(&b);
    expect_decode_error(&b, "finding 1: 4294967295 scores cannot fit");
    b.n = 0;
    b_raw(&b, "SNLF\x02\x00", 6);
    b_u32(&b, 0x7fffffffu);
    b_raw(&b, "END.", 4);
    expect_decode_error(&b, "2147483647 findings cannot fit");
    /* truncated in the middle of a score */
    b_head(&b, "ok", 1);
    b_score(&b, "s", 0, dbits(1));
    b_raw(&b, "ab", 2);
    expect_decode_error(&b, "cut short at byte 48, in finding 1: evidence.en");
    /* no end mark */
    b_head(&b, "ok", 0);
    b_str(&b, "e");
    b_str(&b, "n");
    b_u8(&b, 0);
    b_u32(&b, 0);
    b_raw(&b, "STOP", 4);
    expect_decode_error(&b, "no end mark after the findings");
    /* the extras: flags, reasons, tests and uses that break the rules */
    b_head(&b, "ok", 0);
    b_evidence(&b, 16);
    b_u32(&b, 0);
    b_raw(&b, "END.", 4);
    expect_decode_error(&b, "finding 1: flags 16 name fields that do not exist");
    b_head(&b, "uavklart", 0);
    b_evidence(&b, 4);
    b_str(&b, "for fa data");
    b_u32(&b, 0);
    b_raw(&b, "END.", 4);
    expect_decode_error(&b, "finding 1: reason 'for fa data' is not 'for lite data'");
    b_head(&b, "silo", 0);
    b_evidence(&b, 4);
    b_str(&b, "for lite data");
    b_u32(&b, 0);
    b_raw(&b, "END.", 4);
    expect_decode_error(&b, "finding 1: a reason goes with the label 'uavklart' only");
    b_head(&b, "uavklart", 0);
    b_evidence(&b, 4);
    b_str(&b, "for lite data");
    b_u32(&b, 0);
    b_raw(&b, "END.", 4);
    sn_lens_wire ok;
    assert_int_equal(sn_lens_findings_decode(b.b, b.n, &ok, &werr), 0);
    assert_string_equal(ok.findings[0].reason, "for lite data");
    sn_lens_wire_free(&ok);
    b_head(&b, "ok", 0);
    b_evidence(&b, 1);
    b_str(&b, "");
    b_u32(&b, 0);
    b_raw(&b, "END.", 4);
    expect_decode_error(&b, "finding 1: concept is empty");
    b_head(&b, "ok", 0);
    b_evidence(&b, 8);
    b_str(&b, "binomial");
    b_str(&b, "bonferroni");
    b_u32(&b, 0);
    b_u32(&b, 0);
    b_raw(&b, "END.", 4);
    expect_decode_error(&b, "finding 1: test.correction 'bonferroni' is not holm, bh or none");
    static const struct {
        const char *name;
        int integer;
        double value;
        const char *part;
    } bad_tests[] = {
        {"p", 0, 1.5, "finding 1: test.p is 1.5; expected a p-value from 0 to 1"},
        {"p_adjusted", 0, -0.1, "test.p_adjusted is -0.1; expected a p-value"},
        {"draws", 0, 2.5, "test.draws is 2.5; expected a whole number >= 0"},
        {"missing", 1, -3, "test.missing is -3; expected a whole number >= 0"},
        {"method", 0, 1, "test.method is a number; expected a string"},
        {"effect", 0, INFINITY, "test.effect is infinite; expected a finite number"},
    };
    for (size_t i = 0; i < sizeof bad_tests / sizeof *bad_tests; i++) {
        b_head(&b, "ok", 0);
        b_evidence(&b, 8);
        b_str(&b, "permutation");
        b_str(&b, "");
        b_u32(&b, 1);
        double v = bad_tests[i].value;
        int64_t iv = (int64_t)v;
        uint64_t bits;
        if (bad_tests[i].integer)
            memcpy(&bits, &iv, 8);
        else
            bits = dbits(v);
        b_score(&b, bad_tests[i].name, bad_tests[i].integer, bits);
        b_u32(&b, 0);
        b_raw(&b, "END.", 4);
        expect_decode_error(&b, bad_tests[i].part);
    }
    b_head(&b, "ok", 0);
    b_evidence(&b, 0);
    b_u32(&b, 0xffffffffu);
    b_raw(&b, "END.", 4);
    expect_decode_error(&b, "finding 1: 4294967295 names in uses cannot fit");
    b_head(&b, "ok", 0);
    b_evidence(&b, 0);
    b_u32(&b, 1);
    b_str(&b, "");
    b_raw(&b, "END.", 4);
    expect_decode_error(&b, "finding 1: uses[1] is empty");
}

/* A lens's metadata, sent back by the process that loaded it. */
static void test_meta_wire(void **state)
{
    (void)state;
    char *values[] = {"organisation", "unit", NULL};
    sn_lens_param params[2] = {
        {.name = "by",
         .type = SN_PARAM_STRING,
         .doc = "the groups",
         .string = "unit",
         .values = values},
        {.name = "n",
         .type = SN_PARAM_INTEGER,
         .doc = "how many",
         .number = 3,
         .has_min = 1,
         .min = 1},
    };
    char *sources[] = {"Krackhardt and Stern 1988", "Steinsland 2021"};
    char *labels[] = {"silo", "uavklart"};
    sn_lens_detect detects[1] = {
        {.pattern = "silo", .level = SN_LENS_GROUP, .labels = labels, .n_labels = 2}};
    sn_lens_result in = {.name = "x",
                         .title = {"T", "T nb"},
                         .description = {"D", "D nb"},
                         .concept = {"equality (likeverd)", "likeverd"},
                         .sources = sources,
                         .n_sources = 2,
                         .detects = detects,
                         .n_detects = 1,
                         .cases_and_meetings = 1,
                         .params = params,
                         .n_params = 2};
    char *buf, *error = NULL, why[600];
    size_t len;
    assert_int_equal(sni_lens_meta_encode(&in, NULL, &buf, &len), 0);
    sn_lens_result out;
    memset(&out, 0, sizeof out);
    if (sni_lens_meta_decode(buf, len, &out, &error, why, sizeof why) != 0)
        fail_msg("%s", why);
    assert_null(error);
    assert_string_equal(out.title[1], "T nb");
    assert_string_equal(out.description[0], "D");
    assert_int_equal(out.n_params, 2);
    assert_string_equal(out.params[0].values[1], "unit");
    assert_null(out.params[0].values[2]);
    assert_string_equal(out.params[0].string, "unit");
    assert_true(out.params[1].has_min && out.params[1].min == 1 && !out.params[1].has_max);
    assert_string_equal(out.concept[0], "equality (likeverd)");
    assert_string_equal(out.concept[1], "likeverd");
    assert_int_equal(out.n_sources, 2);
    assert_string_equal(out.sources[1], "Steinsland 2021");
    assert_int_equal(out.n_detects, 1);
    assert_string_equal(out.detects[0].pattern, "silo");
    assert_int_equal(out.detects[0].level, SN_LENS_GROUP);
    assert_int_equal(out.detects[0].n_labels, 2);
    assert_string_equal(out.detects[0].labels[1], "uavklart");
    assert_int_equal(out.cases_and_meetings, 1);
    sni_lens_meta_clear(&out);
    assert_null(out.concept[0]);
    assert_null(out.sources);
    assert_null(out.detects);
    for (size_t n = 0; n < len; n++) {
        memset(&out, 0, sizeof out);
        assert_int_equal(sni_lens_meta_decode(buf, n, &out, &error, why, sizeof why), -1);
        assert_null(out.params);
        assert_null(out.title[0]);
        assert_null(error);
    }
    /* a type out of range */
    size_t at = 4 + 2 + (4 + 1) + (4 + 4) + (4 + 1) + (4 + 4) + 4 + (4 + 2);
    assert_int_equal(buf[at], SN_PARAM_STRING);
    buf[at] = 9;
    assert_int_equal(sni_lens_meta_decode(buf, len, &out, &error, why, sizeof why), -1);
    assert_non_null(strstr(why, "params.by: type 9 is unknown"));
    free(buf);
    /* a failure */
    assert_int_equal(sni_lens_meta_encode(NULL, "x.lua:1: boom", &buf, &len), 0);
    memset(&out, 0, sizeof out);
    assert_int_equal(sni_lens_meta_decode(buf, len, &out, &error, why, sizeof why), 0);
    assert_string_equal(error, "x.lua:1: boom");
    free(error);
    free(buf);
    /* a huge count of parameters */
    bytes b;
    b.n = 0;
    b_raw(&b, "SNLM\x02\x00", 6);
    for (int k = 0; k < 4; k++)
        b_str(&b, "t");
    b_u32(&b, 0xffffffffu);
    b_raw(&b, "END.", 4);
    assert_int_equal(sni_lens_meta_decode(b.b, b.n, &out, &error, why, sizeof why), -1);
    assert_non_null(strstr(why, "4294967295 parameters cannot fit"));
}

/*
 * The time limit cannot be dodged: a message handler that loops, a limit hit
 * in a coroutine or caught by pcall, and C functions that never return to Lua
 * (each lens runs in its own process, killed past the limit).
 */
static void test_time_limit_sticky(void **state)
{
    (void)state;
    expect_error("xploop",
                 "    xpcall(function() while true do end end, function() while true do end end)",
                 "time limit of 0.5 s reached");
    expect_error("msghloop", "    xpcall(error, function() while true do end end, 'x')",
                 "time limit of 0.5 s reached");
    expect_error(
        "coloop",
        "    local ok = coroutine.resume(coroutine.create(function() while true do end end))\n"
        "    return {finding{level = 'network', label = 'x', evidence = {en = 'e', nb = 'n'}}}",
        "time limit of 0.5 s reached");
    expect_error("pcallret",
                 "    pcall(function() while true do end end)\n"
                 "    return {}",
                 "time limit of 0.5 s reached");
    expect_error("crep", "    string.rep('', math.maxinteger)", "time limit of 0.5 s reached");
    expect_error(
        "cremove",
        "    table.remove(setmetatable({}, {__len = function() return math.maxinteger end}), 1)",
        "time limit of 0.5 s reached");
}

/* Findings are checked where they are made: UTF-8 and scores JSON can hold. */
static void test_findings_values(void **state)
{
    (void)state;
    char body[512];
    expect_error("maxint", finding_body("m = math.maxinteger", body, sizeof body),
                 "maxint.lua:7: finding: scores.m is 9223372036854775807, outside +-2^53");
    expect_error("minint", finding_body("m = math.mininteger", body, sizeof body),
                 "scores.m is -9223372036854775808, outside +-2^53");
    expect_error("bigreal", finding_body("m = 2^60", body, sizeof body),
                 "scores.m is 1.15292e+18, outside +-2^53");
    expect_error("huge", finding_body("m = -math.huge", body, sizeof body),
                 "scores.m is infinite; expected a finite number");
    expect_error("nan", finding_body("m = 0/0", body, sizeof body),
                 "scores.m is nan; expected a finite number");
    expect_error(
        "badlabel",
        "    return {{level = 'network', label = 'a\\xffb', evidence = {en = 'e', nb = 'n'}}}",
        "label is not valid UTF-8 (a bad sequence at byte 2)");
    expect_error("badscope",
                 "    return {{level = 'actor', scope = 'a1\\0', label = 'x', evidence = {en = "
                 "'e', nb = 'n'}}}",
                 "scope is not valid UTF-8 (a NUL byte at byte 3)");
    expect_error("badname", finding_body("['\\xc3'] = 1", body, sizeof body),
                 "a score name is not valid UTF-8");
    expect_error("badnb",
                 "    return {{level = 'network', label = 'x', evidence = {en = 'e', nb = "
                 "'\\xed\\xa0\\x80'}}}",
                 "evidence.nb is not valid UTF-8");
    /* the concept, source, reason, test and uses of a finding */
    static const struct {
        const char *fields, *part;
    } bad_extras[] = {
        {"label = 'x', test = {p = 2}", "finding: test.p is 2; expected a p-value from 0 to 1"},
        {"label = 'x', test = {p = '0.01'}", "finding: test.p must be a number; got string"},
        {"label = 'x', test = {draws = 10.5}", "test.draws is 10.5; expected a whole number >= 0"},
        {"label = 'x', test = {correction = 'bonferroni'}",
         "test.correction must be \"holm\", \"bh\" or \"none\"; got \"bonferroni\""},
        {"label = 'x', test = {method = 3}", "test.method must be a non-empty string; got number"},
        {"label = 'x', test = 0.05",
         "test must be a table {method = ..., p = ..., ...}; got number"},
        {"label = 'x', test = {[1] = 0.5}", "test must be keyed by names"},
        {"label = 'uavklart', reason = 'too little'",
         "reason must be \"for lite data\" or \"ikke signifikant\"; got \"too little\""},
        {"label = 'uavklart', reason = true", "reason must be \"for lite data\" or"},
        {"label = 'silo', reason = 'for lite data'",
         "reason \"for lite data\" goes with the label \"uavklart\" only"},
        {"label = 'x', concept = {}", "concept must be a non-empty string; got table"},
        {"label = 'x', source = ''", "source must be a non-empty string; got an empty string"},
        {"label = 'x', uses = 'alpha'", "uses must be a list of parameter names"},
        {"label = 'x', uses = {'alpha', 3}",
         "uses[2] must be a parameter name (a string); got number"},
        {"label = 'x', uses = {a = 'alpha'}", "uses must be a list of parameter names"},
    };
    for (size_t i = 0; i < sizeof bad_extras / sizeof *bad_extras; i++) {
        char name[32];
        snprintf(name, sizeof name, "extras%zu", i + 1);
        snprintf(body, sizeof body,
                 "    return {finding{level = 'network', %s, evidence = {en = 'e', nb = 'n'}}}",
                 bad_extras[i].fields);
        expect_error(name, body, bad_extras[i].part);
    }
    /* uses names a parameter the lens does not declare: checked by the host */
    write_lens("usesbad", "alpha = {type = 'number', default = 0.05, doc = 'a'}",
               "    return {finding{level = 'network', label = 'x', uses = {'alpha', 'beta'},\n"
               "                    evidence = {en = 'e', nb = 'n'}}}");
    sn_lens_host *hb = run_one("usesbad", 0, 0, NULL);
    assert_true(first(hb)->failed);
    if (!strstr(first(hb)->error, "usesbad.lua: finding 1: uses names 'beta', which is not a "
                                  "parameter of the lens; expected one of: alpha"))
        fail_msg("%s", first(hb)->error);
    sn_lens_host_free(hb);
    /* a finding with all of them; the lens's concept and only source are its defaults */
    const char *all_body =
        "    return {finding{level = 'group', scope = 'g', label = 'uavklart',\n"
        "      reason = 'ikke signifikant', source = 'Gould and Fernandez 1989',\n"
        "      test = {method = 'permutation', p = 0.2, p_adjusted = 0.6, correction = 'holm',\n"
        "              draws = 1000, effect = -0.25, null_mean = 0.1, null_sd = 0.05},\n"
        "      uses = {'alpha', 'min_contacts'}, evidence = {en = 'e', nb = 'n'}},\n"
        "      finding{level = 'network', label = 'x', evidence = {en = 'e', nb = 'n'}}}";
    char path[600];
    snprintf(path, sizeof path, "%s/allx.lua", dir);
    FILE *fl = fopen(path, "w");
    assert_non_null(fl);
    fprintf(fl,
            "return {\n  name = 'allx', title = {en = 'T', nb = 'T'},\n"
            "  description = {en = 'D', nb = 'D'},\n"
            "  concept = {en = 'brokerage (megling)', nb = 'megling'},\n"
            "  sources = {'Gould and Fernandez 1989'},\n"
            "  detects = {{pattern = 'bridge', level = 'actor', labels = {'koblingsboks'}}},\n"
            "  params = {alpha = {type = 'number', default = 0.05, doc = 'a'},\n"
            "            min_contacts = {type = 'integer', default = 5, doc = 'm'}},\n"
            "  run = function(net, params)\n%s\n  end,\n}\n",
            all_body);
    fclose(fl);
    sn_lens_host *ha = run_one("allx", 0, 0, "allx.min_contacts=9");
    const sn_lens_result *ra = first(ha);
    if (ra->failed)
        fail_msg("%s", ra->error);
    assert_string_equal(ra->concept[1], "megling");
    assert_int_equal(ra->n_sources, 1);
    assert_int_equal(ra->n_detects, 1);
    assert_string_equal(ra->detects[0].labels[0], "koblingsboks");
    assert_int_equal(ra->detects[0].level, SN_LENS_ACTOR);
    const sn_lens_finding *fa = &ra->findings[0];
    assert_string_equal(fa->reason, "ikke signifikant");
    assert_string_equal(fa->concept, "megling");
    assert_string_equal(fa->source, "Gould and Fernandez 1989");
    assert_true(fa->has_test);
    assert_string_equal(fa->test.method, "permutation");
    assert_string_equal(fa->test.correction, "holm");
    assert_int_equal(fa->test.n_values, 6);
    assert_string_equal(fa->test.values[0].name, "draws");
    assert_true(fa->test.values[0].is_integer);
    assert_string_equal(fa->test.values[1].name, "effect");
    assert_true(fa->test.values[1].value == -0.25);
    assert_int_equal(fa->n_uses, 2);
    const sn_lens_param *pa = sn_lens_result_param(ra, fa->uses[0]);
    assert_non_null(pa);
    assert_false(pa->given);
    pa = sn_lens_result_param(ra, fa->uses[1]);
    assert_true(pa->given && pa->number == 9);
    assert_null(sn_lens_result_param(ra, "beta"));
    /* the second finding names nothing: it gets the lens's concept and only source */
    assert_string_equal(ra->findings[1].concept, "megling");
    assert_string_equal(ra->findings[1].source, "Gould and Fernandez 1989");
    assert_false(ra->findings[1].has_test);
    sn_lens_host_free(ha);
    /* the edges themselves are fine */
    write_lens("edges", NULL,
               finding_body("hi = 2^53, lo = -(1 << 53), r = 0.5", body, sizeof body));
    sn_lens_host *h = run_one("edges", 0, 0, NULL);
    assert_true(score(first(h), "hi") == 9007199254740992.0);
    assert_true(score(first(h), "lo") == -9007199254740992.0);
    sn_lens_host_free(h);
}

int main(void)
{
    sn_init();
    /* these tests count the calendar in UTC; zone-aware ones load their zone */
    sn_tz_use("UTC", NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_globals),
        cmocka_unit_test(test_sandbox_errors),
        cmocka_unit_test(test_memory_cap),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_findings),
        cmocka_unit_test(test_background_run),
        cmocka_unit_test(test_release),
        cmocka_unit_test(test_stats_and_net),
        cmocka_unit_test(test_time_and_columns),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_scaffold),
        cmocka_unit_test(test_author_sandbox),
        cmocka_unit_test(test_findings_wire),
        cmocka_unit_test(test_time_limit_sticky),
        cmocka_unit_test(test_findings_values),
        cmocka_unit_test(test_meta_wire),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
