/*
 * test_cells.c - the small-cell rule on tables (sn_privacy_cells) and the
 * report's helper for brokerage raw counts (sni_cells_brokerage), against
 * tables worked by hand; the rule on JSON members (sni_out_cells,
 * sni_out_hide: null, and the flag right after the count) and in a CSV
 * table (the C_suppressed columns of the CSV stream), against the text
 * expected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/format.h"
#include "samnett/privacy.h"

enum { S = SN_CELL_SHOWN, P = SN_CELL_PRIMARY, Z = SN_CELL_SECONDARY };

static sn_privacy with_k(int k)
{
    sn_privacy p;
    memset(&p, 0, sizeof p);
    p.profile = SN_PRIVACY_SHARED;
    p.min_cell = k;
    return p;
}

/* A list with its total shown: the 2 is primary, then the smallest other cell (5) must go too. */
static void test_row(void **state)
{
    (void)state;
    sn_privacy p = with_k(3);
    const double x[] = {2, 5, 9};
    unsigned char f[3];
    assert_int_equal(sn_privacy_cells(&p, x, 1, 3, 1, 0, f), 2);
    assert_int_equal(f[0], P);
    assert_int_equal(f[1], Z);
    assert_int_equal(f[2], S);
    /* without the total shown the 2 alone is hidden */
    assert_int_equal(sn_privacy_cells(&p, x, 1, 3, 0, 0, f), 1);
    assert_int_equal(f[1], S);
    /* two primary cells protect each other; zeros are never picked */
    const double y[] = {1, 0, 2, 8};
    unsigned char g[4];
    assert_int_equal(sn_privacy_cells(&p, y, 1, 4, 1, 0, g), 2);
    assert_int_equal(g[0], P);
    assert_int_equal(g[1], S);
    assert_int_equal(g[2], P);
    assert_int_equal(g[3], S);
    /* a primary cell alone in its row: its total is below K and hidden too; nothing more */
    const double z[] = {0, 2, 0};
    assert_int_equal(sn_privacy_cells(&p, z, 1, 3, 1, 0, f), 1);
    assert_int_equal(f[0], S);
    assert_int_equal(f[1], P);
    assert_int_equal(f[2], S);
    /* {2 0 / 19 8 / 0 4} with row and column totals: the 2 takes the 19 (column 0), the
       19 the 8 (row 1), the 8 the 4 (column 1); the 4 is then a secondary cell alone in
       row 2 beside a zero, and that row's total would give it away: the zero goes too */
    const double m[] = {2, 0, 19, 8, 0, 4};
    unsigned char h[6];
    assert_int_equal(sn_privacy_cells(&p, m, 3, 2, 1, 1, h), 5);
    assert_int_equal(h[0], P);
    assert_int_equal(h[1], S);
    assert_int_equal(h[2], Z);
    assert_int_equal(h[3], Z);
    assert_int_equal(h[4], Z);
    assert_int_equal(h[5], Z);
    /* K = 5: 3 is primary too */
    sn_privacy q = with_k(5);
    const double w[] = {3, 0, 0, 7};
    assert_int_equal(sn_privacy_cells(&q, w, 1, 4, 1, 0, g), 2);
    assert_int_equal(g[0], P);
    assert_int_equal(g[3], Z);
}

/*
 * A matrix with row and column totals. Row 0 loses its 5 to protect the 2;
 * column 0 then has one hidden cell and loses its 4, and column 1 (where
 * the 5 went) loses the 6; row 1 then has two hidden cells and is safe.
 *   2 5 9      P Z .
 *   4 6 8  ->  Z Z .
 *   7 7 7      . . .
 */
static void test_matrix(void **state)
{
    (void)state;
    sn_privacy p = with_k(3);
    const double x[] = {2, 5, 9, 4, 6, 8, 7, 7, 7};
    const unsigned char want[] = {P, Z, S, Z, Z, S, S, S, S};
    unsigned char f[9];
    assert_int_equal(sn_privacy_cells(&p, x, 3, 3, 1, 1, f), 4);
    assert_memory_equal(f, want, 9);
    /* only column totals: column 0 loses the 4, nothing else */
    const unsigned char cols[] = {P, S, S, Z, S, S, S, S, S};
    assert_int_equal(sn_privacy_cells(&p, x, 3, 3, 0, 1, f), 2);
    assert_memory_equal(f, cols, 9);
}

/* No rule: NULL privacy or K 0 hide nothing. */
static void test_off(void **state)
{
    (void)state;
    sn_privacy p = with_k(0);
    const double x[] = {1, 2, 9};
    unsigned char f[3] = {9, 9, 9};
    assert_int_equal(sn_privacy_cells(&p, x, 1, 3, 1, 1, f), 0);
    assert_int_equal(f[0] | f[1] | f[2], 0);
    assert_int_equal(sn_privacy_cells(NULL, x, 1, 3, 1, 1, f), 0);
    assert_int_equal(f[0] | f[1] | f[2], 0);
}

/*
 * Brokerage raw counts per role with their total: the coordinator 1 is
 * primary, the representative 4 (smallest other above zero) secondary, the
 * total 11 shown. A total below K is itself primary.
 */
static void test_brokerage(void **state)
{
    (void)state;
    sn_privacy p = with_k(3);
    sn_report r;
    memset(&r, 0, sizeof r);
    r.privacy = &p;
    const double raw[SN_ROLES] = {1, 0, 4, 6, 0, 11};
    const unsigned char want[SN_ROLES] = {P, S, Z, S, S, S};
    unsigned char f[SN_ROLES];
    sni_cells_brokerage(&r, raw, f);
    assert_memory_equal(f, want, SN_ROLES);
    const double few[SN_ROLES] = {0, 0, 2, 0, 0, 2};
    const unsigned char want_few[SN_ROLES] = {S, S, P, S, S, P};
    sni_cells_brokerage(&r, few, f);
    assert_memory_equal(f, want_few, SN_ROLES);
    r.privacy = NULL;
    const unsigned char none[SN_ROLES] = {S, S, S, S, S, S};
    sni_cells_brokerage(&r, raw, f);
    assert_memory_equal(f, none, SN_ROLES);
    assert_int_equal(sni_cells_on(&r), 0);
    r.privacy = &p;
    assert_int_equal(sni_cells_on(&r), 1);
    assert_int_equal(sni_cells_count(&r, 2), 1);
    assert_int_equal(sni_cells_count(&r, 0), 0);
    assert_int_equal(sni_cells_count(&r, 3), 0);
}

/* The rule on JSON: the counts named, in place, each flag right after its count. */
static void test_json(void **state)
{
    (void)state;
    sn_privacy p = with_k(3);
    sn_report r;
    memset(&r, 0, sizeof r);
    r.privacy = &p;
    json_t *o =
        json_pack("{s:i, s:i, s:f, s:[i, i, i], s:{s:i}, s:i, s:s}", "contacts", 2, "ties", 7,
                  "density", 0.5, "weights", 1, 4, 0, "inner", "contacts", 1, "days", 2, "id", "x");
    assert_non_null(o);
    static const char *const keys[] = {"contacts", "ties", "weights", NULL};
    sni_out_cells(&r, o, keys);
    char *got = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(got, "{\"contacts\":null,\"contacts_suppressed\":true,\"ties\":7,"
                             "\"density\":0.5,\"weights\":[null,4,0],\"weights_suppressed\":true,"
                             "\"inner\":{\"contacts\":null,\"contacts_suppressed\":true},"
                             "\"days\":2,\"id\":\"x\"}");
    free(got);
    sni_out_hide(o, "ties"); /* a secondary suppression */
    got = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_non_null(strstr(got, "\"ties\":null,\"ties_suppressed\":true,\"density\""));
    free(got);
    json_decref(o);
    /* the rule off: nothing changes */
    r.privacy = NULL;
    o = json_pack("{s:i}", "contacts", 2);
    sni_out_cells(&r, o, keys);
    got = json_dumps(o, JSON_COMPACT);
    assert_string_equal(got, "{\"contacts\":2}");
    free(got);
    json_decref(o);
}

static void small_table(const sn_report *r, FILE *f)
{
    (void)r;
    fputs("label,contacts,nodes,density\n", f);
    fputs("a,2,5,0.5\n", f);
    fputs("b,", f);
    sni_out_count_cell(f, 7, 1); /* hidden by secondary suppression */
    fputs(",1,0.25\n", f);
}

/* What the table writer above gives in windows.csv (whose counts are contacts and nodes). */
static char *csv_of(const sn_report *r)
{
    char dir[] = "/tmp/samnett-cells.XXXXXX";
    assert_non_null(mkdtemp(dir));
    const sn_out_table_spec t[] = {{"windows.csv", small_table}};
    sn_err e = {0};
    assert_int_equal(sni_out_tables(r, dir, t, 1, &e), SN_OK);
    char path[256];
    snprintf(path, sizeof path, "%s/windows.csv", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 4096);
    assert_non_null(buf);
    assert_true(fread(buf, 1, 4095, f) > 0);
    fclose(f);
    unlink(path);
    rmdir(dir);
    return buf;
}

static void test_csv(void **state)
{
    (void)state;
    sn_privacy p = with_k(3);
    sn_report r;
    memset(&r, 0, sizeof r);
    r.privacy = &p;
    char *got = csv_of(&r);
    assert_string_equal(got, "label,contacts,contacts_suppressed,nodes,nodes_suppressed,density\n"
                             "a,,true,5,,0.5\n"
                             "b,,true,,true,0.25\n");
    free(got);
    r.csv = SN_CSV_EXCEL; /* the same cells in the excel dialect */
    got = csv_of(&r);
    assert_string_equal(got,
                        "\xef\xbb\xbflabel;contacts;contacts_suppressed;nodes;nodes_suppressed;"
                        "density\r\na;;true;5;;0.5\r\nb;;true;;true;0.25\r\n");
    free(got);
    r.csv = SN_CSV_PLAIN;
    r.privacy = NULL; /* no rule: the table as written, no flag columns */
    got = csv_of(&r);
    assert_string_equal(got, "label,contacts,nodes,density\na,2,5,0.5\nb,#S,1,0.25\n");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row),       cmocka_unit_test(test_matrix), cmocka_unit_test(test_off),
        cmocka_unit_test(test_brokerage), cmocka_unit_test(test_json),   cmocka_unit_test(test_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
