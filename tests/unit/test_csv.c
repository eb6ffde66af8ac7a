/*
 * test_csv.c - the buffered source and CSV tokenizer (core/ingest/source.h), plain and gzip,
 * and sni_utf8_check. Files are written to a mkdtemp folder under /tmp.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nftw, mkdtemp */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "ingest/source.h"

#define SRC_BUF (256u * 1024u) /* source.c's buffer size */

static char tmpdir[64];

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sn_test_csv_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    return nftw(tmpdir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Write data[0..len) to tmpdir/name (gzip-compressed when gz); returns the path (static). */
static const char *write_file(const char *name, const char *data, size_t len, int gz)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    if (gz) {
        gzFile f = gzopen(path, "wb");
        assert_non_null(f);
        size_t done = 0;
        while (done < len) {
            unsigned chunk = len - done > (1u << 20) ? (1u << 20) : (unsigned)(len - done);
            assert_int_equal(gzwrite(f, data + done, chunk), (int)chunk);
            done += chunk;
        }
        assert_int_equal(gzclose(f), Z_OK);
    } else {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(data, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
    }
    return path;
}

/* A tokenizer over a file; delim 0 = sniff. */
typedef struct reader {
    sni_src src;
    sni_csv csv;
} reader;

static void open_csv(reader *r, const char *name, const char *data, size_t len, int gz, char delim,
                     size_t max_field)
{
    const char *path = write_file(name, data, len, gz);
    assert_int_equal(sni_src_open(&r->src, path, name), 0);
    sni_src_skip_bom(&r->src);
    if (!delim)
        delim = sni_csv_sniff(&r->src);
    sni_csv_init(&r->csv, &r->src, delim, max_field);
}

static void close_csv(reader *r)
{
    sni_csv_free(&r->csv);
    sni_src_close(&r->src);
}

/* The next record must have exactly the given fields, start on `line` and be problem-free. */
static void expect_record(reader *r, long line, size_t n, const char *const *want)
{
    assert_int_equal(sni_csv_next(&r->csv), 1);
    assert_int_equal(r->csv.line, line);
    assert_int_equal(r->csv.problem, 0);
    assert_int_equal(r->csv.n_fields, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(sni_csv_str(&r->csv, i), want[i]);
        assert_int_equal(r->csv.fields[i].len, strlen(want[i]));
    }
}

static void expect_end(reader *r)
{
    assert_int_equal(sni_csv_next(&r->csv), 0);
    assert_int_equal(sni_csv_next(&r->csv), 0); /* and stays at the end */
    assert_int_equal(r->src.io_error, 0);
}

#define FIELDS(...)                                                                                \
    (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)),                           \
        ((const char *const[]){__VA_ARGS__})
#define S(lit) lit, sizeof(lit) - 1

static void test_simple_records(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        reader r;
        open_csv(&r, gz ? "simple.csv.gz" : "simple.csv", S("id,name,type\na1,Anne,gp\na2,Bo,x\n"),
                 gz, 0, 65536);
        assert_int_equal(r.csv.delim, ',');
        expect_record(&r, 1, FIELDS("id", "name", "type"));
        /* field positions: columns are 1-based */
        assert_int_equal(r.csv.fields[0].line, 1);
        assert_int_equal(r.csv.fields[0].col, 1);
        assert_int_equal(r.csv.fields[1].col, 4);
        assert_int_equal(r.csv.fields[2].col, 9);
        expect_record(&r, 2, FIELDS("a1", "Anne", "gp"));
        assert_int_equal(r.csv.fields[2].line, 2);
        assert_int_equal(r.csv.fields[2].col, 9);
        expect_record(&r, 3, FIELDS("a2", "Bo", "x"));
        expect_end(&r);
        close_csv(&r);
    }
}

static void test_quoted_fields(void **state)
{
    (void)state;
    reader r;
    open_csv(&r, "quoted.csv", S("\"x,y\",z\n\"he said \"\"hi\"\"\",2\n\"\",\"\"\"\"\n"), 0, ',',
             65536);
    expect_record(&r, 1, FIELDS("x,y", "z"));
    assert_int_equal(r.csv.fields[0].col, 1);
    assert_int_equal(r.csv.fields[1].col, 7);
    expect_record(&r, 2, FIELDS("he said \"hi\"", "2"));
    assert_int_equal(r.csv.fields[1].col, 18);
    /* an empty quoted field and a field holding one quote */
    expect_record(&r, 3, FIELDS("", "\""));
    expect_end(&r);
    close_csv(&r);
}

static void test_quoted_newline(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        reader r;
        open_csv(&r, gz ? "qnl.csv.gz" : "qnl.csv", S("a,\"x\ny\",c\nd,e,f\n"), gz, ',', 65536);
        expect_record(&r, 1, FIELDS("a", "x\ny", "c"));
        assert_int_equal(r.csv.fields[1].line, 1);
        assert_int_equal(r.csv.fields[1].col, 3);
        /* "c" is on line 2 after `y",` */
        assert_int_equal(r.csv.fields[2].line, 2);
        assert_int_equal(r.csv.fields[2].col, 4);
        /* the next record starts on line 3, not 2 */
        expect_record(&r, 3, FIELDS("d", "e", "f"));
        assert_int_equal(r.csv.fields[2].line, 3);
        assert_int_equal(r.csv.fields[2].col, 5);
        expect_end(&r);
        close_csv(&r);
    }
}

static void test_crlf(void **state)
{
    (void)state;
    reader r;
    open_csv(&r, "crlf.csv", S("a,b\r\n\"c\",\"d\"\r\n\r\n\"e\r\nf\",g\r\nh,\r\n"), 0, 0, 65536);
    assert_int_equal(r.csv.delim, ',');
    expect_record(&r, 1, FIELDS("a", "b"));
    expect_record(&r, 2, FIELDS("c", "d"));
    /* a blank CRLF line is skipped; inside quotes CRLF is kept as data */
    expect_record(&r, 4, FIELDS("e\r\nf", "g"));
    expect_record(&r, 6, FIELDS("h", ""));
    expect_end(&r);
    close_csv(&r);
}

static void test_bom_skipped(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        reader r;
        open_csv(&r, gz ? "bom.csv.gz" : "bom.csv", S("\xEF\xBB\xBFid;name\nx;y\n"), gz, 0, 65536);
        assert_int_equal(r.csv.delim, ';');
        expect_record(&r, 1, FIELDS("id", "name"));
        assert_int_equal(r.csv.fields[0].col, 1);
        assert_int_equal(r.csv.fields[1].col, 4);
        expect_record(&r, 2, FIELDS("x", "y"));
        expect_end(&r);
        close_csv(&r);
    }
    /* without a BOM nothing is skipped: the bytes are not UTF-8, so they are
       Windows-1252 (U+00EF U+00BB) */
    reader r;
    open_csv(&r, "nobom.csv",
             S("\xEF\xBB"
               "a,b\n"),
             0, ',', 65536);
    expect_record(&r, 1,
                  FIELDS("\xC3\xAF\xC2\xBB"
                         "a",
                         "b"));
    close_csv(&r);
}

static void test_blank_lines_skipped(void **state)
{
    (void)state;
    reader r;
    open_csv(&r, "blank.csv", S("\n\na\n\n\nb,c\n\n"), 0, ',', 65536);
    expect_record(&r, 3, FIELDS("a"));
    expect_record(&r, 6, FIELDS("b", "c"));
    expect_end(&r);
    close_csv(&r);
    /* a line with only "" is a record with one empty field, not a blank line */
    open_csv(&r, "blank2.csv", S("a\n\"\"\nb\n"), 0, ',', 65536);
    expect_record(&r, 1, FIELDS("a"));
    expect_record(&r, 2, FIELDS(""));
    expect_record(&r, 3, FIELDS("b"));
    expect_end(&r);
    close_csv(&r);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    reader r;
    open_csv(&r, "unterm.csv", S("a,b\nc,\"xyz\nmore\n"), 0, ',', 65536);
    expect_record(&r, 1, FIELDS("a", "b"));
    assert_int_equal(sni_csv_next(&r.csv), 1);
    assert_int_equal(r.csv.line, 2);
    assert_int_equal(r.csv.problem, 1);
    /* the problem is placed at the opening quote: line 2, column 3 */
    assert_int_equal(r.csv.prob_line, 2);
    assert_int_equal(r.csv.prob_col, 3);
    assert_non_null(strstr(r.csv.prob_msg, "unterminated quoted field"));
    assert_int_equal(r.csv.n_fields, 2);
    assert_string_equal(sni_csv_str(&r.csv, 1), "xyz\nmore\n");
    expect_end(&r);
    close_csv(&r);
}

static void test_text_after_closing_quote(void **state)
{
    (void)state;
    reader r;
    open_csv(&r, "after.csv", S("ok,1\n\"ab\"c,d\nnext,2\n"), 0, ',', 65536);
    expect_record(&r, 1, FIELDS("ok", "1"));
    assert_int_equal(sni_csv_next(&r.csv), 1);
    assert_int_equal(r.csv.problem, 1);
    assert_int_equal(r.csv.prob_line, 2);
    assert_int_equal(r.csv.prob_col, 5); /* the 'c' */
    assert_non_null(strstr(r.csv.prob_msg, "text after a closing quote"));
    assert_int_equal(r.csv.n_fields, 2);
    assert_string_equal(sni_csv_str(&r.csv, 1), "d");
    /* the problem does not leak into the next record */
    expect_record(&r, 3, FIELDS("next", "2"));
    expect_end(&r);
    close_csv(&r);
}

static void test_quote_in_unquoted_field(void **state)
{
    (void)state;
    reader r;
    open_csv(&r, "inner.csv", S("x,ab\"c,d\n"), 0, ',', 65536);
    assert_int_equal(sni_csv_next(&r.csv), 1);
    assert_int_equal(r.csv.problem, 1);
    assert_int_equal(r.csv.prob_line, 1);
    assert_int_equal(r.csv.prob_col, 5);
    assert_non_null(strstr(r.csv.prob_msg, "quote inside an unquoted field"));
    assert_int_equal(r.csv.n_fields, 3);
    expect_end(&r);
    close_csv(&r);
}

static void test_nul_byte(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        reader r;
        open_csv(&r, gz ? "nul.csv.gz" : "nul.csv", S("a,b\nxy,a\0c\n\"q\0\",z\n"), gz, ',', 65536);
        expect_record(&r, 1, FIELDS("a", "b"));
        assert_int_equal(sni_csv_next(&r.csv), 1);
        assert_int_equal(r.csv.problem, 1);
        assert_int_equal(r.csv.prob_line, 2);
        assert_int_equal(r.csv.prob_col, 5); /* x y , a NUL */
        assert_non_null(strstr(r.csv.prob_msg, "NUL byte"));
        /* inside quotes too */
        assert_int_equal(sni_csv_next(&r.csv), 1);
        assert_int_equal(r.csv.problem, 1);
        assert_int_equal(r.csv.prob_line, 3);
        assert_int_equal(r.csv.prob_col, 3);
        expect_end(&r);
        close_csv(&r);
    }
}

static void test_max_field(void **state)
{
    (void)state;
    reader r;
    open_csv(&r, "long.csv", S("h1,h2,h3\na,123456789,b\nc,1234,d\n"), 0, ',', 4);
    expect_record(&r, 1, FIELDS("h1", "h2", "h3"));
    assert_int_equal(sni_csv_next(&r.csv), 1);
    assert_int_equal(r.csv.problem, 1);
    /* placed at the start of the long field */
    assert_int_equal(r.csv.prob_line, 2);
    assert_int_equal(r.csv.prob_col, 3);
    assert_non_null(strstr(r.csv.prob_msg, "longer than 4 bytes"));
    /* the record still has its three fields, the long one cut to the limit */
    assert_int_equal(r.csv.n_fields, 3);
    assert_string_equal(sni_csv_str(&r.csv, 1), "1234");
    assert_string_equal(sni_csv_str(&r.csv, 2), "b");
    /* exactly max_field bytes is fine */
    expect_record(&r, 3, FIELDS("c", "1234", "d"));
    expect_end(&r);
    close_csv(&r);

    /* a quoted long field spanning lines: the position is the field's start */
    open_csv(&r, "long2.csv", S("x,\"ab\ncdef\"\n"), 0, ',', 4);
    assert_int_equal(sni_csv_next(&r.csv), 1);
    assert_int_equal(r.csv.problem, 1);
    assert_int_equal(r.csv.prob_line, 1);
    assert_int_equal(r.csv.prob_col, 3);
    close_csv(&r);
}

static void test_sniff(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        char want;
    } cases[] = {
        {"a,b,c\n1,2,3\n", ','},        {"a;b;c\n1;2;3\n", ';'},
        {"a\tb\tc\n1\t2\t3\n", '\t'},   {"a;b,c;d\n", ';'}, /* more semicolons than commas */
        {"\"x,y,z\";b;c\n", ';'},                           /* commas inside quotes do not count */
        {"\"p\tq\",r\n", ','},          {"single\n", ','},  /* no delimiter: comma */
        {"a,b\nc;d;e;f;g\n", ','},                          /* only the first line counts */
        {"\"multi\nline\";x;y\n", ';'}, /* a quoted newline does not end the line */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reader r;
        open_csv(&r, "sniff.csv", cases[i].data, strlen(cases[i].data), 0, 0, 65536);
        if (r.csv.delim != cases[i].want)
            print_error("case %zu: got '%c'\n", i, r.csv.delim);
        assert_int_equal(r.csv.delim, cases[i].want);
        /* sniffing consumed nothing */
        assert_int_equal(sni_csv_next(&r.csv), 1);
        assert_int_equal(r.csv.line, 1);
        assert_int_equal(r.csv.fields[0].col, 1);
        close_csv(&r);
    }
    /* tab-separated records split on tabs, commas kept */
    reader r;
    open_csv(&r, "tabs.tsv", S("a\tb,c\td\n"), 0, 0, 65536);
    expect_record(&r, 1, FIELDS("a", "b,c", "d"));
    close_csv(&r);
    /* an empty file sniffs as comma and has no records */
    open_csv(&r, "empty.csv", "", 0, 0, 0, 65536);
    assert_int_equal(r.csv.delim, ',');
    expect_end(&r);
    close_csv(&r);
}

static void test_trailing_empty_field_and_no_newline(void **state)
{
    (void)state;
    reader r;
    open_csv(&r, "trail.csv", S("a,b,\n,,\nc,d"), 0, ',', 65536);
    expect_record(&r, 1, FIELDS("a", "b", ""));
    assert_int_equal(r.csv.fields[2].col, 5);
    expect_record(&r, 2, FIELDS("", "", ""));
    /* the last line has no newline */
    expect_record(&r, 3, FIELDS("c", "d"));
    expect_end(&r);
    close_csv(&r);
    /* "a,b," at the very end of the file: still 3 fields */
    open_csv(&r, "trail2.csv", S("a,b,"), 0, ',', 65536);
    expect_record(&r, 1, FIELDS("a", "b", ""));
    expect_end(&r);
    close_csv(&r);
    /* a quoted last field without newline */
    open_csv(&r, "trail3.csv", S("a,\"b\""), 0, ',', 65536);
    expect_record(&r, 1, FIELDS("a", "b"));
    expect_end(&r);
    close_csv(&r);
}

static void test_utf8_columns(void **state)
{
    (void)state;
    reader r;
    /* columns count characters: æ, ø and € are one column each */
    open_csv(&r, "utf8.csv", S("\xC3\xA6\xC3\xB8,x,\xE2\x82\xAC\xE2\x82\xAC,\"y\"\n"), 0, ',',
             65536);
    expect_record(&r, 1, FIELDS("\xC3\xA6\xC3\xB8", "x", "\xE2\x82\xAC\xE2\x82\xAC", "y"));
    assert_int_equal(r.csv.fields[1].col, 4);
    assert_int_equal(r.csv.fields[2].col, 6);
    assert_int_equal(r.csv.fields[3].col, 9);
    close_csv(&r);
}

/*
 * Records whose fields cross the 256 KiB read-buffer boundary: the first record is one
 * field of `pad` bytes so that the second record's field starts 5 bytes before the boundary.
 */
static void test_buffer_boundary(void **state)
{
    (void)state;
    const char *tail[] = {"hello_boundary,2\nlast,3\n",
                          "\"quoted,\"\"across\"\"\nline\",2\nlast,3\n"};
    const char *want[] = {"hello_boundary", "quoted,\"across\"\nline"};
    for (int q = 0; q < 2; q++) {
        for (int gz = 0; gz < 2; gz++) {
            size_t pad = SRC_BUF - 5 - 1; /* + '\n' */
            size_t tlen = strlen(tail[q]);
            char *data = malloc(pad + 1 + tlen);
            assert_non_null(data);
            memset(data, 'q', pad);
            data[pad] = '\n';
            memcpy(data + pad + 1, tail[q], tlen);
            reader r;
            open_csv(&r, gz ? "boundary.csv.gz" : "boundary.csv", data, pad + 1 + tlen, gz, ',',
                     1u << 20);
            assert_int_equal(sni_csv_next(&r.csv), 1);
            assert_int_equal(r.csv.n_fields, 1);
            assert_int_equal(r.csv.fields[0].len, pad);
            assert_int_equal(sni_csv_str(&r.csv, 0)[pad - 1], 'q');
            expect_record(&r, 2, FIELDS(want[q], "2"));
            assert_int_equal(r.csv.fields[0].col, 1);
            expect_record(&r, q ? 4 : 3, FIELDS("last", "3"));
            expect_end(&r);
            close_csv(&r);
            free(data);
        }
    }
    /* one field much longer than the buffer */
    size_t big = 3 * SRC_BUF + 17;
    char *data = malloc(big + 16);
    assert_non_null(data);
    memcpy(data, "a,", 2);
    for (size_t i = 0; i < big; i++)
        data[2 + i] = (char)('a' + i % 26);
    memcpy(data + 2 + big, ",z\n", 3);
    reader r;
    open_csv(&r, "big.csv.gz", data, big + 5, 1, ',', big);
    assert_int_equal(sni_csv_next(&r.csv), 1);
    assert_int_equal(r.csv.problem, 0);
    assert_int_equal(r.csv.n_fields, 3);
    assert_int_equal(r.csv.fields[1].len, big);
    assert_memory_equal(sni_csv_str(&r.csv, 1), data + 2, big);
    assert_string_equal(sni_csv_str(&r.csv, 2), "z");
    assert_int_equal(r.csv.fields[2].col, (long)big + 4);
    expect_end(&r);
    close_csv(&r);
    free(data);
}

static void test_gz_equals_plain(void **state)
{
    (void)state;
    /* 20000 records (several buffers when decompressed) read the same both ways */
    size_t cap = 1 << 20, len = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    for (int i = 0; i < 20000; i++)
        len += (size_t)snprintf(data + len, cap - len, "%d,\"v%d\"\"x\",%s\n", i, i * 7,
                                i % 3 ? "p" : "");
    reader a, b;
    open_csv(&a, "many.csv", data, len, 0, 0, 65536);
    open_csv(&b, "many.csv.gz", data, len, 1, 0, 65536);
    for (int i = 0; i < 20000; i++) {
        char f0[16], f1[32];
        snprintf(f0, sizeof f0, "%d", i);
        snprintf(f1, sizeof f1, "v%d\"x", i * 7);
        expect_record(&a, i + 1, FIELDS(f0, f1, i % 3 ? "p" : ""));
        expect_record(&b, i + 1, FIELDS(f0, f1, i % 3 ? "p" : ""));
    }
    expect_end(&a);
    expect_end(&b);
    assert_true(sni_src_offset(&b.src) > 0);
    assert_true(sni_src_offset(&b.src) < (long long)len); /* it was compressed */
    close_csv(&a);
    close_csv(&b);
    free(data);
}

static void test_truncated_gz(void **state)
{
    (void)state;
    /* a gzip stream cut short sets io_error */
    size_t len = 0, cap = 1 << 20;
    char *data = malloc(cap);
    assert_non_null(data);
    for (int i = 0; i < 50000; i++)
        len += (size_t)snprintf(data + len, cap - len, "%d,%d\n", i, (i * 7919) % 10007);
    const char *path = write_file("cut.csv.gz", data, len, 1);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *gz = malloc(cap);
    assert_non_null(gz);
    size_t gzlen = fread(gz, 1, cap, f);
    fclose(f);
    assert_true(gzlen > 100);
    reader r;
    open_csv(&r, "cut2.csv.gz", gz, gzlen / 2, 0, ',', 65536);
    int got;
    long records = 0;
    while ((got = sni_csv_next(&r.csv)) == 1)
        records++;
    assert_int_equal(got, 0);
    assert_true(records < 50000);
    assert_int_equal(r.src.io_error, 1);
    assert_true(r.src.io_msg[0] != '\0');
    close_csv(&r);
    free(gz);
    free(data);
}

static void test_open_missing(void **state)
{
    (void)state;
    sni_src s;
    char path[128];
    snprintf(path, sizeof path, "%s/does-not-exist.csv", tmpdir);
    assert_int_equal(sni_src_open(&s, path, "x"), -1);
    /* a folder is not a source */
    assert_int_equal(sni_src_open(&s, tmpdir, "x"), -1);
}

static void test_src_line(void **state)
{
    (void)state;
    const char *path = write_file("lines.jsonl", S("{\"a\":1}\r\n\n{\"b\":2}\nlast"), 0);
    sni_src s;
    assert_int_equal(sni_src_open(&s, path, "lines.jsonl"), 0);
    assert_int_equal(sni_src_peek_nonspace(&s), '{');
    char *buf = NULL;
    size_t cap = 0, len = 0;
    long line = 0;
    assert_int_equal(sni_src_line(&s, &buf, &cap, &len, &line), 1);
    assert_int_equal(line, 1);
    assert_string_equal(buf, "{\"a\":1}"); /* CR removed */
    assert_int_equal(len, 7);
    assert_int_equal(sni_src_line(&s, &buf, &cap, &len, &line), 1);
    assert_int_equal(line, 2);
    assert_int_equal(len, 0);
    assert_int_equal(sni_src_line(&s, &buf, &cap, &len, &line), 1);
    assert_int_equal(line, 3);
    assert_string_equal(buf, "{\"b\":2}");
    assert_int_equal(sni_src_line(&s, &buf, &cap, &len, &line), 1);
    assert_int_equal(line, 4);
    assert_string_equal(buf, "last");
    assert_int_equal(sni_src_line(&s, &buf, &cap, &len, &line), 0);
    free(buf);
    sni_src_close(&s);

    /* peek_nonspace skips blank space and counts the lines it passes */
    path = write_file("space.jsonl", S(" \n\t\r\n  {}"), 0);
    assert_int_equal(sni_src_open(&s, path, "space.jsonl"), 0);
    assert_int_equal(sni_src_peek_nonspace(&s), '{');
    assert_int_equal(s.line, 3);
    sni_src_close(&s);
    path = write_file("allspace.jsonl", S(" \n \n"), 0);
    assert_int_equal(sni_src_open(&s, path, "allspace.jsonl"), 0);
    assert_int_equal(sni_src_peek_nonspace(&s), -1);
    sni_src_close(&s);
}

/* sni_utf8_check on s[0..len): want offset (-1 = valid) and characters before it. */
static void utf8(const char *s, size_t len, long want_off, long want_chars)
{
    long chars = -99;
    long off = sni_utf8_check(s, len, &chars);
    if (off != want_off || chars != want_chars)
        print_error("utf8 case of %zu bytes: offset %ld chars %ld\n", len, off, chars);
    assert_int_equal(off, want_off);
    assert_int_equal(chars, want_chars);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    utf8(S(""), -1, 0);
    utf8(S("abc"), -1, 3);
    utf8(S("\xC3\xA6\xC3\xB8\xC3\xA5"), -1, 3); /* æøå */
    utf8(S("a\xE2\x82\xAC"
           "b"),
         -1, 3);                        /* a€b */
    utf8(S("\xF0\x9F\x98\x80"), -1, 1); /* U+1F600 */
    utf8(S("\xC2\x80"), -1, 1);         /* U+0080, smallest 2-byte */
    utf8(S("\xDF\xBF"), -1, 1);         /* U+07FF */
    utf8(S("\xE0\xA0\x80"), -1, 1);     /* U+0800, smallest 3-byte */
    utf8(S("\xED\x9F\xBF"), -1, 1);     /* U+D7FF, below the surrogates */
    utf8(S("\xEE\x80\x80"), -1, 1);     /* U+E000, above the surrogates */
    utf8(S("\xEF\xBF\xBF"), -1, 1);     /* U+FFFF */
    utf8(S("\xF0\x90\x80\x80"), -1, 1); /* U+10000 */
    utf8(S("\xF4\x8F\xBF\xBF"), -1, 1); /* U+10FFFF, the largest */
    utf8(S("x\xC3\xA6y\xF0\x9F\x98\x80z"), -1, 5);
}

static void test_utf8_invalid(void **state)
{
    (void)state;
    /* overlong encodings */
    utf8(S("\xC0\xAF"), 0, 0);
    utf8(S("ab\xC1\xBF"), 2, 2);
    utf8(S("\xE0\x80\xAF"), 0, 0);
    utf8(S("\xE0\x9F\xBF"), 0, 0);     /* U+07FF in 3 bytes */
    utf8(S("\xF0\x8F\xBF\xBF"), 0, 0); /* U+FFFF in 4 bytes */
    /* surrogates */
    utf8(S("ab\xED\xA0\x80"), 2, 2);
    utf8(S("\xC3\xA6\xED\xBF\xBF"), 2, 1);
    /* above U+10FFFF, and lead bytes that never occur */
    utf8(S("\xF4\x90\x80\x80"), 0, 0);
    utf8(S("\xF5\x80\x80\x80"), 0, 0);
    utf8(S("a\xFF"), 1, 1);
    utf8(S("a\xFE"), 1, 1);
    /* a lone continuation byte */
    utf8(S("\x80"), 0, 0);
    utf8(S("\xC3\xA6\xBF"), 2, 1);
    /* truncated sequences */
    utf8(S("x\xC3"), 1, 1);
    utf8(S("xy\xE2\x82"), 2, 2);
    utf8(S("\xF0\x9F\x98"), 0, 0);
    /* a continuation byte missing in the middle */
    utf8(S("\xC3\x28"), 0, 0);
    utf8(S("\xE2\x28\xA1"), 0, 0);
    /* a NUL byte */
    utf8(S("ab\0c"), 2, 2);
    utf8(S("\xC3\xA6\0"), 2, 1);
    /* the check stops at len: the bad byte after it is not seen */
    utf8("ab\xFF", 2, -1, 2);
}

/* A lone CR ends a line and counts as one, outside quotes; CRLF is one line end. */
static void test_lone_cr_lines(void **state)
{
    (void)state;
    const char *text = "a,b\rc,d\r\ne,\"x\ry\"\rg,h";
    sni_src s;
    sni_src_open_mem(&s, text, strlen(text), "t", 1);
    sni_csv c;
    sni_csv_init(&c, &s, ',', 100);
    long lines[4];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(sni_csv_next(&c), 1);
        lines[i] = c.line;
    }
    assert_int_equal(sni_csv_next(&c), 0);
    assert_int_equal(lines[0], 1);
    assert_int_equal(lines[1], 2);
    assert_int_equal(lines[2], 3);
    assert_int_equal(lines[3], 4); /* the CR inside quotes is part of the value */
    sni_csv_free(&c);
    sni_src_close(&s);
}

/* Fields past max_fields are counted, not kept; a record past max_line is a problem. */
static void test_record_limits(void **state)
{
    (void)state;
    const char *text = "a,b,c,d,e,f\n1,2\n\"long,,,,,,,,,,,,,,,,,,,,,\n,,,\",x\nz\n";
    sni_src s;
    sni_src_open_mem(&s, text, strlen(text), "t", 1);
    sni_csv c;
    sni_csv_init(&c, &s, ',', 100);
    c.max_fields = 3;
    c.max_line = 12;
    assert_int_equal(sni_csv_next(&c), 1);
    assert_int_equal(c.n_fields, 3);
    assert_int_equal(c.n_total, 6);
    assert_int_equal(c.problem, 0);
    assert_int_equal(sni_csv_next(&c), 1);
    assert_int_equal(c.n_total, 2);
    /* too long: it ends at the first LF after 12 bytes, even inside the quotes */
    assert_int_equal(sni_csv_next(&c), 1);
    assert_int_equal(c.problem, 1);
    assert_int_equal(c.prob_line, 3);
    assert_int_equal(c.prob_col, 13);
    assert_string_equal(c.prob_msg, "line is longer than 12 bytes; expected a shorter line");
    /* the tokenizer goes on from the next line */
    assert_int_equal(sni_csv_next(&c), 1);
    assert_int_equal(c.line, 4);
    sni_csv_free(&c);
    sni_src_close(&s);
}

/* sni_src_line keeps at most max_line bytes and tells how many it cut. */
static void test_src_line_max(void **state)
{
    (void)state;
    const char *text = "0123456789abcdef\nxy\n";
    sni_src s;
    sni_src_open_mem(&s, text, strlen(text), "t", 1);
    s.max_line = 10;
    char *buf = NULL;
    size_t cap = 0, len = 0;
    long line = 0;
    assert_int_equal(sni_src_line(&s, &buf, &cap, &len, &line), 1);
    assert_int_equal(len, 10);
    assert_int_equal(s.line_cut, 6);
    assert_int_equal(sni_src_line(&s, &buf, &cap, &len, &line), 1);
    assert_int_equal(len, 2);
    assert_int_equal(s.line_cut, 0);
    assert_int_equal(line, 2);
    free(buf);
    sni_src_close(&s);
}

/* The line end does not count in the line's length: max_line bytes and a CRLF are fine. */
static void test_line_end_not_counted(void **state)
{
    (void)state;
    const char *text = "\"abcdefghij\"\r\n\"abcdefghijk\"\n";
    sni_src s;
    sni_src_open_mem(&s, text, strlen(text), "t", 1);
    sni_csv c;
    sni_csv_init(&c, &s, ',', 100);
    c.max_line = 12;
    assert_int_equal(sni_csv_next(&c), 1);
    assert_int_equal(c.problem, 0);
    assert_string_equal(sni_csv_str(&c, 0), "abcdefghij");
    assert_int_equal(sni_csv_next(&c), 1);
    assert_int_equal(c.problem, 1);
    assert_int_equal(c.prob_col, 13);
    sni_csv_free(&c);
    sni_src_close(&s);
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_records),
        cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_quoted_newline),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom_skipped),
        cmocka_unit_test(test_blank_lines_skipped),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_text_after_closing_quote),
        cmocka_unit_test(test_quote_in_unquoted_field),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_max_field),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_trailing_empty_field_and_no_newline),
        cmocka_unit_test(test_utf8_columns),
        cmocka_unit_test(test_buffer_boundary),
        cmocka_unit_test(test_gz_equals_plain),
        cmocka_unit_test(test_truncated_gz),
        cmocka_unit_test(test_open_missing),
        cmocka_unit_test(test_src_line),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_lone_cr_lines),
        cmocka_unit_test(test_record_limits),
        cmocka_unit_test(test_src_line_max),
        cmocka_unit_test(test_line_end_not_counted),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
