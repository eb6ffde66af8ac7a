/*
 * test_options.c - the modules' option tables (samnett/option.h): keys,
 * defaults, ranges, messages, the command-line spelling of every row, and
 * the names of the options' enums.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "samnett/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/analysis.h"
#include "samnett/lens.h"
#include "samnett/ingest.h"
#include "samnett/layout.h"
#include "samnett/option.h"
#include "samnett/watch.h"

/* Every table, and a fresh options struct of the kind it sets. */
typedef struct table {
    const char *name;
    const sn_opt *rows;
    const size_t *n;
} table;

static const table tables[] = {
    {"view", sn_view_options, &sn_view_n_options},
    {"metrics", sn_metrics_options, &sn_metrics_n_options},
    {"silo", sn_silo_options, &sn_silo_n_options},
    {"analysis", sn_analysis_options, &sn_analysis_n_options},
    {"temporal", sn_temporal_options, &sn_temporal_n_options},
    {"series", sn_series_options, &sn_series_n_options},
    {"cases", sn_cases_options, &sn_cases_n_options},
    {"lens", sn_lens_options, &sn_lens_n_options},
    {"ingest", sn_ingest_options, &sn_ingest_n_options},
    {"watch", sn_watch_options, &sn_watch_n_options},
    {"layout", sn_layout_options, &sn_layout_n_options},
};
enum { N_TABLES = sizeof tables / sizeof *tables };

typedef struct all_opts {
    sn_analysis_opts an;
    sn_lens_opts lens;
    sn_ingest_opts ingest;
    sn_watch_opts watch;
    sn_layout_opts layout;
} all_opts;

static void all_init(all_opts *o)
{
    sn_analysis_opts_init(&o->an);
    o->an.temporal.has_range = 1;
    sn_time_range_default(1700000000, &o->an.temporal.range);
    sn_lens_opts_init(&o->lens);
    memset(&o->ingest, 0, sizeof o->ingest);
    sn_watch_opts_init(&o->watch);
    sn_layout_opts_init(&o->layout);
}

static void *opts_of(all_opts *o, size_t t)
{
    void *p[N_TABLES] = {&o->an.view,     &o->an.metrics, &o->an.silo,  &o->an,
                         &o->an.temporal, &o->an.series,  &o->an.cases, &o->lens,
                         &o->ingest,      &o->watch,      &o->layout};
    return p[t];
}

static int snake_case(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return 0;
    for (const char *p = s; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
        if (!ok || (*p == '_' && (p[1] == '_' || p[1] == '\0')))
            return 0;
    }
    return 1;
}

static void test_keys_unique_and_snake_case(void **state)
{
    (void)state;
    size_t total = 0;
    for (size_t t = 0; t < N_TABLES; t++) {
        assert_true(*tables[t].n > 0);
        for (size_t i = 0; i < *tables[t].n; i++) {
            const sn_opt *o = &tables[t].rows[i];
            if (!snake_case(o->key))
                fail_msg("%s: key '%s' is not snake_case", tables[t].name, o->key);
            assert_non_null(o->set);
            assert_true(o->expected && o->expected[0]);
            assert_true(o->help && o->help[0]);
            assert_null(strchr(o->help, '\n'));
            assert_ptr_equal(sn_opt_find(tables[t].rows, *tables[t].n, o->key), o);
            /* unique across all tables too: the command line reads them as one list */
            for (size_t u = 0; u <= t; u++)
                for (size_t j = 0; j < *tables[u].n; j++) {
                    if (u == t && j == i)
                        continue;
                    if (strcmp(tables[u].rows[j].key, o->key) == 0)
                        fail_msg("key '%s' twice (%s, %s)", o->key, tables[u].name, tables[t].name);
                }
            total++;
        }
    }
    assert_true(total >= 36);
}

static void test_defaults_parse(void **state)
{
    (void)state;
    for (size_t t = 0; t < N_TABLES; t++)
        for (size_t i = 0; i < *tables[t].n; i++) {
            const sn_opt *o = &tables[t].rows[i];
            if (!o->def)
                continue;
            all_opts a;
            all_init(&a);
            sn_err err = {0};
            if (sn_opt_set(tables[t].rows, *tables[t].n, opts_of(&a, t), o->key, o->def, NULL,
                           &err) != SN_OK)
                fail_msg("%s: default '%s' does not parse: %s", o->key, o->def, err.msg);
        }
}

/* The defaults, set on fresh options, leave them as sn_X_opts_init made them. */
static void test_defaults_are_the_inits(void **state)
{
    (void)state;
    all_opts a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    all_init(&a);
    all_init(&b);
    size_t tabs[] = {0, 1, 2, 5, 10};
    for (size_t k = 0; k < sizeof tabs / sizeof *tabs; k++) {
        size_t t = tabs[k];
        for (size_t i = 0; i < *tables[t].n; i++)
            if (tables[t].rows[i].def)
                assert_int_equal(sn_opt_set(tables[t].rows, *tables[t].n, opts_of(&b, t),
                                            tables[t].rows[i].key, tables[t].rows[i].def, NULL,
                                            NULL),
                                 SN_OK);
    }
    assert_memory_equal(&a.an.view, &b.an.view, sizeof a.an.view);
    assert_memory_equal(&a.an.metrics, &b.an.metrics, sizeof a.an.metrics);
    assert_memory_equal(&a.an.silo, &b.an.silo, sizeof a.an.silo);
    assert_memory_equal(&a.an.series, &b.an.series, sizeof a.an.series);
    assert_memory_equal(&a.layout, &b.layout, sizeof a.layout);
    /* and one by one where a default is a pointer or sets a has_ flag */
    const sn_cases_opts *c = &b.an.cases;
    assert_int_equal(sn_cases_opts_set(&b.an.cases, "pingpong_window", "30d", NULL), SN_OK);
    assert_int_equal(c->pingpong_window, a.an.cases.pingpong_window);
    assert_int_equal(sn_cases_opts_set(&b.an.cases, "co_serving_min", "2", NULL), SN_OK);
    assert_int_equal(c->co_serving_min, a.an.cases.co_serving_min);
    assert_int_equal(sn_cases_opts_set(&b.an.cases, "case_max_providers", "100", NULL), SN_OK);
    assert_int_equal(c->max_providers, a.an.cases.max_providers);
    assert_int_equal(sn_cases_opts_set(&b.an.cases, "pingpong_first", "false", NULL), SN_OK);
    assert_int_equal(c->pingpong_first, 0);
    const sn_temporal_opts *to = &b.an.temporal;
    assert_int_equal(sn_temporal_opts_set(&b.an.temporal, "novelty_k", "1", NULL), SN_OK);
    assert_int_equal(to->novelty_k, a.an.temporal.novelty_k);
    assert_int_equal(sn_temporal_opts_set(&b.an.temporal, "cp_min_days", "14", NULL), SN_OK);
    assert_int_equal(to->cp_min_days, a.an.temporal.cp_min_days);
    assert_int_equal(sn_temporal_opts_set(&b.an.temporal, "cp_min_contacts", "100", NULL), SN_OK);
    assert_int_equal(to->cp_min_contacts, a.an.temporal.cp_min_contacts);
    assert_int_equal(sn_temporal_opts_set(&b.an.temporal, "cp_penalty", "quasi", NULL), SN_OK);
    assert_int_equal(to->cp_rule, a.an.temporal.cp_rule);
    assert_string_equal(to->pairs_by, a.an.temporal.pairs_by);
    sn_lens_opts l;
    sn_lens_opts_init(&l);
    assert_int_equal(sn_lens_opts_set(&l, "lens_memory", "256", NULL), SN_OK);
    assert_int_equal(sn_lens_opts_set(&l, "lens_timeout", "60", NULL), SN_OK);
    assert_int_equal(l.memory_bytes, a.lens.memory_bytes);
    assert_true(l.timeout == a.lens.timeout);
}

/* Set key to value on fresh options: the message, or NULL when it was accepted. */
static const char *try_set(size_t t, const char *key, const char *value, sn_err *err)
{
    all_opts a;
    all_init(&a);
    memset(err, 0, sizeof *err);
    if (sn_opt_set(tables[t].rows, *tables[t].n, opts_of(&a, t), key, value, NULL, err) == SN_OK)
        return NULL;
    assert_int_equal(err->code, SN_EUSAGE);
    return err->msg;
}

/* A refused value names the key (and no flag: the engine does not know "--"). */
static void expect_refused(size_t t, const sn_opt *o, const char *value)
{
    sn_err err;
    const char *msg = try_set(t, o->key, value, &err);
    if (!msg)
        fail_msg("%s: '%s' was accepted", o->key, value);
    const char *name = o->noun ? o->noun : o->key;
    if (!strstr(msg, name) || strstr(msg, "--"))
        fail_msg("%s: '%s': the message does not name the key: %s", o->key, value, msg);
}

static void test_bad_values_name_the_key(void **state)
{
    (void)state;
    for (size_t t = 0; t < N_TABLES; t++)
        for (size_t i = 0; i < *tables[t].n; i++) {
            const sn_opt *o = &tables[t].rows[i];
            char v[64];
            switch (o->type) {
            case SN_OPT_WHOLE:
                if (o->lo > -SN_OPT_UNBOUNDED) {
                    snprintf(v, sizeof v, "%.0f", o->lo - 1);
                    expect_refused(t, o, v);
                }
                if (o->hi < SN_OPT_UNBOUNDED) {
                    snprintf(v, sizeof v, "%.0f", o->hi + 1);
                    expect_refused(t, o, v);
                }
                expect_refused(t, o, "12x");
                expect_refused(t, o, "");
                expect_refused(t, o, "1.5");
                break;
            case SN_OPT_NUMBER:
                snprintf(v, sizeof v, "%.17g", o->hi * 2 + 1);
                expect_refused(t, o, v);
                snprintf(v, sizeof v, "%.17g", o->lo - 1);
                expect_refused(t, o, v);
                if (o->flags & SN_OPT_LO_OPEN) {
                    snprintf(v, sizeof v, "%.17g", o->lo);
                    expect_refused(t, o, v);
                }
                expect_refused(t, o, "nan");
                expect_refused(t, o, "0.5x");
                break;
            case SN_OPT_TEXT:
                if (strcmp(o->key, "param") != 0)
                    expect_refused(t, o, "");
                break;
            default:
                expect_refused(t, o, "no such value");
                expect_refused(t, o, "");
                break;
            }
        }
}

static void test_messages(void **state)
{
    (void)state;
    sn_temporal_opts t;
    sn_temporal_opts_init(&t);
    sn_err err = {0};
    assert_int_equal(sn_temporal_opts_set(&t, "window", "x", &err), SN_EUSAGE);
    assert_string_equal(err.msg, "bad window 'x'; expected month, quarter, year, Nd or Nw (N from "
                                 "1, e.g. 30d or 1w)");
    assert_int_equal(
        sn_opt_set(sn_temporal_options, sn_temporal_n_options, &t, "window", "x", "--window", &err),
        SN_EUSAGE);
    assert_string_equal(err.msg, "bad --window 'x'; expected month, quarter, year, Nd or Nw (N "
                                 "from 1, e.g. 30d or 1w)");
    assert_int_equal(sn_temporal_opts_set(&t, "baseline", "2020-02-01..2020-01-01", &err),
                     SN_EUSAGE);
    assert_string_equal(err.msg, "bad baseline '2020-02-01..2020-01-01'; expected UNTIL later "
                                 "than SINCE");
    assert_int_equal(sn_temporal_opts_set(&t, "pairs_by", "", &err), SN_EUSAGE);
    assert_string_equal(err.msg, "empty pairs_by; expected an attribute name");
    assert_int_equal(sn_temporal_opts_set(&t, "nope", "1", &err), SN_EUSAGE);
    assert_string_equal(err.msg, "unknown option 'nope'");
    assert_int_equal(sn_temporal_opts_set(&t, "window", "month", &err), SN_OK);
    assert_true(t.has_window);

    sn_view_opts v;
    sn_view_opts_init(&v);
    assert_int_equal(sn_view_opts_set(&v, "level", "team", &err), SN_EUSAGE);
    assert_string_equal(err.msg, "unknown level 'team'; expected actor, unit or organisation");
    assert_int_equal(sn_view_opts_set(&v, "since", "soon", &err), SN_EUSAGE);
    assert_string_equal(err.msg,
                        "bad time 'soon'; expected a year (2020), a month (2020-03), a quarter "
                        "(2020Q1), a date (2020-03-15), a date-time, or epoch seconds written "
                        "@1583020800");
    assert_int_equal(sn_view_opts_set(&v, "until", "2020-03-01", &err), SN_OK);
    assert_int_equal(v.has_until, 1);
    assert_int_equal(v.until, 1583020800 + 86400); /* a bare date as the end includes the day */

    sn_analysis_opts an;
    sn_analysis_opts_init(&an);
    for (int i = 0; i < SN_MAX_PARTITIONS; i++)
        assert_int_equal(sn_analysis_opts_set(&an, "partition", "type", &err), SN_OK);
    assert_int_equal(sn_analysis_opts_set(&an, "partition", "type", &err), SN_EUSAGE);
    assert_string_equal(err.msg, "too many partition options; expected at most 16");

    sn_lens_opts l;
    sn_lens_opts_init(&l);
    assert_int_equal(sn_lens_opts_set(&l, "lens_path", "a/../b", &err), SN_EUSAGE);
    assert_true(strncmp(err.msg, "lens_path: ", 11) == 0);

    sn_cases_opts c;
    sn_cases_opts_init(&c);
    assert_int_equal(
        sn_opt_apply(sn_opt_find(sn_cases_options, sn_cases_n_options, "pingpong_first"), &c, NULL,
                     err.msg, sizeof err.msg),
        SN_OPT_OK);
    assert_int_equal(c.pingpong_first, 1); /* a flag given alone */

    /* a long value is worded whole: sn_opt_message tells the length it needs */
    char longv[3000];
    memset(longv, 'x', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    const sn_opt *o = sn_opt_find(sn_view_options, sn_view_n_options, "min_contacts");
    int len = sn_opt_message(NULL, 0, o, SN_OPT_BAD, longv, "--min-contacts", "");
    char *buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(
        sn_opt_message(buf, (size_t)len + 1, o, SN_OPT_BAD, longv, "--min-contacts", ""), len);
    assert_true(strncmp(buf, "bad --min-contacts 'xxx", 23) == 0);
    const char *tail = "'; expected a whole number >= 1";
    assert_string_equal(buf + len - (int)strlen(tail), tail);
    free(buf);
}

/* The flags `samnett analyze` has always taken for the modules' options. */
static const char *const cli_flags[] = {
    "--level",
    "--since",
    "--until",
    "--channel",
    "--min-contacts",
    "--tie-weight",
    "--meetings",
    "--path-weights",
    "--betweenness-sample",
    "--betweenness-delta",
    "--permutations",
    "--seed",
    "--partition",
    "--window",
    "--slide",
    "--window-metrics",
    "--novelty-k",
    "--after",
    "--baseline",
    "--pairs-by",
    "--cp-penalty",
    "--cp-min-days",
    "--cp-min-contacts",
    "--time-range",
    "--series-jaccard",
    "--series-core",
    "--series-min",
    "--series-gap",
    "--transfer-channels",
    "--pingpong-window",
    "--co-serving-min",
    "--case-max-providers",
    "--pingpong-first",
    "--lens",
    "--lens-path",
    "--param",
    "--lens-memory",
    "--lens-timeout",
    "--max-field",
    "--max-line",
    "--encoding",
    "--map",
    "--channel-map",
    "--date-format",
    "--timezone",
    "--max-rejected",
    "--state",
    "--emit",
    "--out",
    "--debounce",
    "--poll-interval",
    "--ei-threshold",
    "--poll",
    "--once",
};

static void test_cli_spelling(void **state)
{
    (void)state;
    size_t n_flags = sizeof cli_flags / sizeof *cli_flags, seen = 0;
    char buf[64], want[64];
    for (size_t t = 0; t < N_TABLES; t++)
        for (size_t i = 0; i < *tables[t].n; i++) {
            if (strcmp(tables[t].name, "layout") == 0)
                continue; /* the layout's options are not on the command line */
            const sn_opt *o = &tables[t].rows[i];
            sn_opt_flag(o, buf, sizeof buf);
            if (!o->flag) {
                snprintf(want, sizeof want, "--%s", o->key);
                for (char *p = want; *p; p++)
                    if (*p == '_')
                        *p = '-';
                assert_string_equal(buf, want);
            }
            size_t k = 0;
            while (k < n_flags && strcmp(cli_flags[k], buf) != 0)
                k++;
            if (k == n_flags)
                fail_msg("%s: the command line has no %s", o->key, buf);
            seen++;
        }
    assert_int_equal(seen, n_flags); /* and every flag is a row */
    assert_string_equal(sn_opt_flag_of("cp_min_contacts", buf, sizeof buf), "--cp-min-contacts");
    assert_string_equal(sn_opt_flag_of("lens_memory", buf, 8), "--lens-");

    /* how the engine names an option */
    assert_string_equal(sn_opt_shown("lens_memory"), "lens_memory");
    sn_opt_style(SN_OPT_FLAGS);
    const char *a = sn_opt_shown("lens_memory"), *b = sn_opt_shown("remove");
    assert_string_equal(a, "--lens-memory");
    assert_string_equal(b, "--remove");
    sn_opt_style(SN_OPT_KEYS);
    assert_string_equal(sn_opt_shown("remove"), "remove");
}

static void test_enum_names_round_trip(void **state)
{
    (void)state;
    sn_weight_mode w;
    for (int m = SN_WEIGHT_COUNT; m <= SN_WEIGHT_SUM; m++) {
        assert_int_equal(sn_weight_mode_parse(sn_weight_mode_name((sn_weight_mode)m), &w), SN_OK);
        assert_int_equal(w, m);
    }
    assert_string_equal(sn_weight_mode_name(SN_WEIGHT_COUNT), "contacts");
    assert_string_equal(sn_weight_mode_name(SN_WEIGHT_SUM), "sum");
    assert_int_equal(sn_weight_mode_parse("weight_sum", &w), SN_OK); /* the JSON report's word */
    assert_int_equal(w, SN_WEIGHT_SUM);
    assert_int_equal(sn_weight_mode_parse("count", &w), SN_EUSAGE);
    assert_int_equal(sn_weight_mode_parse("", &w), SN_EUSAGE);

    sn_level l;
    for (int m = SN_LEVEL_ACTOR; m <= SN_LEVEL_ORGANISATION; m++) {
        assert_int_equal(sn_level_parse(sn_level_name((sn_level)m), &l), SN_OK);
        assert_int_equal(l, m);
    }
    sn_meeting_mode mm;
    for (int m = SN_MEETINGS_ROWS; m <= SN_MEETINGS_OFF; m++) {
        assert_int_equal(sn_meeting_mode_parse(sn_meeting_mode_name((sn_meeting_mode)m), &mm),
                         SN_OK);
        assert_int_equal(mm, m);
    }
    sn_path_weights pw;
    for (int m = SN_PATHS_UNWEIGHTED; m <= SN_PATHS_INVERSE; m++) {
        assert_int_equal(sn_path_weights_parse(sn_path_weights_name((sn_path_weights)m), &pw),
                         SN_OK);
        assert_int_equal(pw, m);
    }
}

/* The readers' and the watch's tables: their defaults are the inits, their errors name the key. */
static void test_ingest_and_watch(void **state)
{
    (void)state;
    sn_watch_opts a, b;
    sn_watch_opts_init(&a);
    sn_watch_opts_init(&b);
    for (size_t i = 0; i < sn_watch_n_options; i++)
        if (sn_watch_options[i].def)
            assert_int_equal(
                sn_watch_opts_set(&b, sn_watch_options[i].key, sn_watch_options[i].def, NULL),
                SN_OK);
    assert_null(a.state); /* no default in the engine: the CLI picks the user's state folder */
    assert_null(b.state);
    assert_true(a.emit == b.emit && a.poll == b.poll && a.once == b.once);
    assert_true(a.debounce == b.debounce && a.poll_interval == b.poll_interval);
    assert_true(a.ei_threshold == b.ei_threshold);
    sn_err err = {0};
    assert_int_equal(sn_watch_opts_set(&b, "debounce", "0.5s", &err), SN_OK);
    assert_true(b.debounce == 0.5);
    assert_int_equal(sn_watch_opts_set(&b, "debounce", "7", &err), SN_OK); /* milliseconds */
    assert_true(b.debounce == 0.007);
    assert_int_not_equal(sn_watch_opts_set(&b, "poll_interval", "0", &err), SN_OK);
    assert_string_equal(err.msg, "bad poll_interval '0'; expected a time such as 1s");
    assert_int_not_equal(sn_watch_opts_set(&b, "emit", "xml", &err), SN_OK);
    assert_string_equal(err.msg, "unknown emit 'xml'; expected json-lines or text");
    assert_int_not_equal(sn_watch_opts_set(&b, "state", "", &err), SN_OK);
    assert_string_equal(err.msg, "empty state; expected a file name such as watch.db");
    assert_int_equal(sn_watch_opts_set(&b, "poll", NULL, &err), SN_OK);
    assert_int_equal(b.poll, 1);
    sn_ingest_opts io;
    memset(&io, 0, sizeof io);
    assert_int_equal(sn_ingest_opts_set(&io, "max_line", "4096", &err), SN_OK);
    assert_int_equal(io.max_line, 4096);
    assert_int_not_equal(sn_ingest_opts_set(&io, "max_field", "15", &err), SN_OK);
    assert_string_equal(err.msg, "bad max_field '15'; expected bytes >= 16");
    assert_int_equal(io.max_field, 0);
}

int main(void)
{
    sn_init();
    /* these tests count the calendar in UTC; zone-aware ones load their zone */
    sn_tz_use("UTC", NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ingest_and_watch),
        cmocka_unit_test(test_keys_unique_and_snake_case),
        cmocka_unit_test(test_defaults_parse),
        cmocka_unit_test(test_defaults_are_the_inits),
        cmocka_unit_test(test_bad_values_name_the_key),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_cli_spelling),
        cmocka_unit_test(test_enum_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
