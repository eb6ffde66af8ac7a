/*
 * test_ingest.c - sn_ingest on temporary files: detection, header aliases, row
 * validation, diagnostics (file:line:col), strict mode, JSONL, gzip and folders.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* open_memstream, nftw, mkdtemp */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "samnett/time.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "samnett/ingest.h"
#include "samnett/store.h"

/* One test's world: a temp folder, a store and a diagnostics sink writing to memory. */
typedef struct fixture {
    char dir[64];
    sn_store st;
    sn_diag diag;
    FILE *out;
    char *text;
    size_t text_len;
    sn_err err;
    sn_ingest_opts opts;
} fixture;

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/sn_test_ingest_XXXXXX");
    if (!mkdtemp(f->dir) || sn_store_init(&f->st, &f->err) != SN_OK)
        return -1;
    f->out = open_memstream(&f->text, &f->text_len);
    if (!f->out)
        return -1;
    sn_diag_init(&f->diag, f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sn_store_free(&f->st);
    fclose(f->out);
    free(f->text);
    int rc = nftw(f->dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    free(f);
    return rc;
}

/* The full path of name in the fixture's folder (one of 8 rotating buffers). */
static const char *path_of(fixture *f, const char *name)
{
    static char bufs[8][256];
    static int next;
    char *p = bufs[next++ % 8];
    snprintf(p, 256, "%s/%s", f->dir, name);
    return p;
}

static const char *write_bytes(fixture *f, const char *name, const char *data, size_t len, int gz)
{
    const char *p = path_of(f, name);
    if (gz) {
        gzFile g = gzopen(p, "wb");
        assert_non_null(g);
        if (len)
            assert_int_equal(gzwrite(g, data, (unsigned)len), (int)len);
        assert_int_equal(gzclose(g), Z_OK);
    } else {
        FILE *o = fopen(p, "wb");
        assert_non_null(o);
        assert_int_equal(fwrite(data, 1, len, o), len);
        assert_int_equal(fclose(o), 0);
    }
    return p;
}

static const char *write_file(fixture *f, const char *name, const char *text)
{
    return write_bytes(f, name, text, strlen(text), 0);
}

/* Ingest the given paths (all SN_INPUT_AUTO). */
static sn_status ingest(fixture *f, int n, ...)
{
    sn_source src[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        src[i].path = va_arg(ap, const char *);
        src[i].kind = SN_INPUT_AUTO;
    }
    va_end(ap);
    return sn_ingest(&f->st, src, (size_t)n, &f->opts, &f->diag, &f->err);
}

/* Everything the sink printed so far. */
static const char *diag_text(fixture *f)
{
    fflush(f->out);
    return f->text ? f->text : "";
}

/* The sink printed a line starting "<path>:<rest>". */
static void expect_msg(fixture *f, const char *path, const char *rest)
{
    char want[1024];
    snprintf(want, sizeof want, "%s:%s", path, rest);
    const char *text = diag_text(f);
    if (!strstr(text, want))
        fail_msg("expected a message\n  %s\nin\n%s", want, text);
}

static uint32_t idx(fixture *f, const char *id)
{
    int64_t i = sn_store_actor_find(&f->st, id, strlen(id));
    if (i < 0)
        fail_msg("actor '%s' not found", id);
    return (uint32_t)i;
}

static const char *attr(fixture *f, const char *id, sn_attr a)
{
    return sn_store_attr(&f->st, idx(f, id), a);
}

#define D2020 INT64_C(1577836800) /* 2020-01-01T00:00:00Z */

static const char *ACTORS = "id,name,type,organisation,unit,rank,profession\n"
                            "a1,Anne,sjukehus,Helse Vest,Med,topp,lege\n"
                            "a2,Bj\xc3\xb8rn,kommune,Bergen,Heim,mellomleder,sykepleier\n"
                            "a3,Cato,gp,Bergen,,frontline,lege\n";

static void test_actors_then_contacts(void **state)
{
    fixture *f = *state;
    const char *actors = write_file(f, "actors.csv", ACTORS);
    const char *contacts = write_file(f, "contacts.csv",
                                      "time,from,to,channel,case,meeting,weight\n"
                                      "2020-01-01T10:00:00Z,a1,a2,PLO,c1,,1.5\n"
                                      "2020-01-02T10:00:00+01:00,a2,a1,telefon,c1,,2\n"
                                      "2020-01-03,a2,a3,m\xc3\xb8te,,m1,\n");
    /* contacts listed first: actors files are still read first */
    assert_int_equal(ingest(f, 2, contacts, actors), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->files, 2);
    assert_int_equal(s->n_actors, 3);
    assert_int_equal(s->auto_actors, 0);
    assert_int_equal(s->rejected, 0);
    assert_int_equal(s->rows_read, 3);
    assert_int_equal(s->self_contacts, 0);
    assert_int_equal(s->local_times, 1);
    assert_int_equal(f->diag.errors, 0);
    assert_int_equal(f->diag.warnings, 0); /* a note, not a warning */

    /* actors in file order, with type and rank aliases resolved */
    assert_int_equal(idx(f, "a1"), 0);
    assert_int_equal(idx(f, "a2"), 1);
    assert_int_equal(idx(f, "a3"), 2);
    assert_string_equal(attr(f, "a1", SN_ATTR_NAME), "Anne");
    assert_string_equal(attr(f, "a1", SN_ATTR_TYPE), "hospital_unit");
    assert_string_equal(attr(f, "a1", SN_ATTR_ORGANISATION), "Helse Vest");
    assert_string_equal(attr(f, "a1", SN_ATTR_UNIT), "Med");
    assert_string_equal(attr(f, "a1", SN_ATTR_RANK), "top");
    assert_string_equal(attr(f, "a1", SN_ATTR_PROFESSION), "lege");
    assert_string_equal(attr(f, "a2", SN_ATTR_NAME), "Bj\xc3\xb8rn");
    assert_string_equal(attr(f, "a2", SN_ATTR_TYPE), "municipality");
    assert_string_equal(attr(f, "a2", SN_ATTR_RANK), "middle");
    assert_string_equal(attr(f, "a3", SN_ATTR_TYPE), "gp");
    assert_string_equal(attr(f, "a3", SN_ATTR_UNIT), "");
    assert_string_equal(attr(f, "a3", SN_ATTR_RANK), "frontline");
    assert_int_equal(s->actors[0].src_line, 2);
    assert_int_equal(s->actors[2].src_line, 4);
    assert_string_equal(sn_intern_str(s->strings, s->actors[2].src_file), actors);
    assert_int_equal(s->actors[0].auto_created, 0);

    /* contacts */
    assert_int_equal(s->n, 3);
    const int64_t t[] = {D2020 + 10 * 3600, D2020 + 86400 + 9 * 3600, D2020 + 2 * 86400};
    const uint32_t from[] = {0, 1, 1}, to[] = {1, 0, 2};
    const uint8_t ch[] = {SN_CH_E_MESSAGE, SN_CH_PHONE, SN_CH_MEETING};
    const uint32_t cs[] = {1, 1, 0}, mt[] = {0, 0, 1};
    const float w[] = {1.5f, 2.0f, 1.0f};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sn_store_time(s, i), t[i]);
        assert_int_equal(s->from[i], from[i]);
        assert_int_equal(s->to[i], to[i]);
        assert_int_equal(s->channel[i], ch[i]);
        assert_int_equal(sn_store_case(s, i), cs[i]);
        assert_int_equal(sn_store_meeting(s, i), mt[i]);
        assert_float_equal(sn_store_weight(s, i), w[i], 0.0);
    }
    assert_string_equal(sn_intern_str(s->cases, 0), "c1");
    assert_string_equal(sn_intern_str(s->meetings, 0), "m1");
    assert_int_equal(s->first_time, t[0]);
    assert_int_equal(s->last_time, t[2]);
    /* the one zone-less time is reported once, where it first occurs */
    expect_msg(f, contacts,
               "4:1: note: 1 time without a time zone read as local time in UTC (a time "
               "with 'Z' or an offset such as +01:00, or --timezone, for another zone)\n");
}

static void test_norwegian_headers(void **state)
{
    fixture *f = *state;
    const char *actors = write_file(
        f, "akt\xc3\xb8rar.csv",
        "Akt\xc3\xb8r;Navn;Type;Organisasjon;Enhet;Niv\xc3\xa5;Yrke;Region\n"
        "k1;Kari;Sjukehus;Helse Bergen;Akutt;Toppleder;Lege;Vest\n"
        "k2;Ola;KOMMUNE;Ask\xc3\xb8y;Heimeteneste;f\xc3\xb8rstelinje;Sjukepleiar;Nord\n");
    const char *contacts = write_file(f, "kontaktar.csv",
                                      "Tidspunkt;Fr\xc3\xa5;TIL;Kanal;Sak;M\xc3\x98TE;Vekt\n"
                                      "2021-06-01T08:00:00Z;k1;k2;henvisning;s1;;0,5\n"
                                      "2021-06-02T08:00:00+02:00;k2;k1;Tilvising;;mote1;3\n");
    assert_int_equal(ingest(f, 2, actors, contacts), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(f->diag.errors, 0);
    assert_int_equal(f->diag.warnings, 0);
    assert_int_equal(s->n_actors, 2);
    assert_string_equal(attr(f, "k1", SN_ATTR_NAME), "Kari");
    assert_string_equal(attr(f, "k1", SN_ATTR_TYPE), "hospital_unit");
    assert_string_equal(attr(f, "k1", SN_ATTR_ORGANISATION), "Helse Bergen");
    assert_string_equal(attr(f, "k1", SN_ATTR_UNIT), "Akutt");
    assert_string_equal(attr(f, "k1", SN_ATTR_RANK), "top");
    assert_string_equal(attr(f, "k1", SN_ATTR_PROFESSION), "Lege");
    assert_string_equal(attr(f, "k2", SN_ATTR_TYPE), "municipality");
    assert_string_equal(attr(f, "k2", SN_ATTR_ORGANISATION), "Ask\xc3\xb8y");
    assert_string_equal(attr(f, "k2", SN_ATTR_RANK), "frontline");
    /* an unknown column is an extra attribute under its header as written */
    assert_string_equal(sn_store_attr_named(s, idx(f, "k1"), "Region"), "Vest");
    assert_string_equal(sn_store_attr_named(s, idx(f, "k2"), "Region"), "Nord");

    assert_int_equal(s->n, 2);
    /* 2021-06-01 is day 18262 + 366 + 151 = 18779 */
    assert_int_equal(sn_store_time(s, 0), INT64_C(18779) * 86400 + 8 * 3600);
    assert_int_equal(sn_store_time(s, 1), INT64_C(18780) * 86400 + 6 * 3600);
    assert_int_equal(s->from[0], idx(f, "k1"));
    assert_int_equal(s->to[0], idx(f, "k2"));
    assert_int_equal(s->channel[0], SN_CH_REFERRAL);
    assert_int_equal(s->channel[1], SN_CH_REFERRAL);
    assert_int_equal(sn_store_case(s, 0), 1);
    assert_int_equal(sn_store_case(s, 1), 0);
    assert_int_equal(sn_store_meeting(s, 0), 0);
    assert_int_equal(sn_store_meeting(s, 1), 1);
    assert_float_equal(sn_store_weight(s, 0), 0.5f, 0.0); /* decimal comma */
    assert_float_equal(sn_store_weight(s, 1), 3.0f, 0.0);
}

static void test_english_header_aliases(void **state)
{
    fixture *f = *state;
    const char *actors = write_file(f, "people.tsv",
                                    "actor_id\torganization\tlevel\trole\tactor_type\n"
                                    "p1\tOrgA\tmellom\tnurse\tfastlege\n");
    const char *contacts = write_file(f, "events.csv",
                                      "timestamp,sender,recipient,minutes,meeting_id,case_id\n"
                                      "0,p1,p2,45,M,C\n");
    assert_int_equal(ingest(f, 2, contacts, actors), SN_OK);
    assert_string_equal(attr(f, "p1", SN_ATTR_ORGANISATION), "OrgA");
    assert_string_equal(attr(f, "p1", SN_ATTR_RANK), "middle");
    assert_string_equal(attr(f, "p1", SN_ATTR_PROFESSION), "nurse");
    assert_string_equal(attr(f, "p1", SN_ATTR_TYPE), "gp");
    assert_int_equal(f->st.n, 1);
    assert_int_equal(sn_store_time(&f->st, 0), 0);
    assert_float_equal(sn_store_weight(&f->st, 0), 45.0f, 0.0);
    assert_int_equal(sn_store_meeting(&f->st, 0), 1);
    assert_int_equal(sn_store_case(&f->st, 0), 1);
    /* p2 was not in the actors file */
    assert_int_equal(f->st.auto_actors, 1);
}

static void test_unknown_actor_and_self_contact(void **state)
{
    fixture *f = *state;
    const char *actors = write_file(f, "actors.csv", "id,name\na1,A\n");
    const char *contacts = write_file(f, "contacts.csv",
                                      "time,from,to\n"
                                      "2020-01-01T00:00:00Z,a1,zz\n"
                                      "2020-01-01T01:00:00Z,a1,a1\n"
                                      "2020-01-01T02:00:00Z,zz,a1\n");
    assert_int_equal(ingest(f, 2, actors, contacts), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->n, 3);
    assert_int_equal(s->rows_read, 3);
    assert_int_equal(s->rejected, 0);
    assert_int_equal(s->auto_actors, 1); /* zz created once, then found */
    assert_int_equal(s->n_actors, 2);
    uint32_t zz = idx(f, "zz");
    assert_int_equal(zz, 1);
    assert_int_equal(s->actors[zz].auto_created, 1);
    assert_string_equal(attr(f, "zz", SN_ATTR_TYPE), "unknown");
    assert_string_equal(attr(f, "zz", SN_ATTR_NAME), "");
    /* the self-contact is counted and stored */
    assert_int_equal(s->self_contacts, 1);
    assert_int_equal(s->from[1], 0);
    assert_int_equal(s->to[1], 0);
    assert_int_equal(s->from[2], zz);
    assert_int_equal(s->to[2], 0);
    assert_int_equal(f->diag.errors, 0);
    assert_int_equal(f->diag.warnings, 2);
    expect_msg(f, contacts,
               "2:25: warning: unknown actor 'zz'; created it with type 'unknown' (expected an id "
               "from the actors file); named by 2 contacts, the first here\n");
    expect_msg(f, contacts,
               "3:25: warning: self-contact: from and to are both 'a1'; counted, but not a tie "
               "(expected two different actors)\n");
}

static void test_rejected_rows(void **state)
{
    fixture *f = *state;
    const char *actors = write_file(f, "actors.csv", "id\na1\na2\n");
    const char *c = write_file(f, "contacts.csv",
                               "time,from,to,weight\n"                 /* 1 */
                               "2020-13-01,a1,a2,1\n"                  /* 2 bad month */
                               ",a1,a2,1\n"                            /* 3 empty time */
                               "2020-01-01,,a2,1\n"                    /* 4 empty from */
                               "2020-01-01,a1,a2,-1\n"                 /* 5 negative weight */
                               "2020-01-01,a1\n"                       /* 6 too few fields */
                               "2020-01-01,a1,a2,1,extra\n"            /* 7 too many fields */
                               "2020-01-01T00:00:00Z,a1,a2,2.5\n"      /* 8 good */
                               "2020-01-01T00:00:00Z,a\"1,a2,1\n"      /* 9 stray quote */
                               "2020-01-01T00:00:00Z,a1,a2,abc\n"      /* 10 bad weight */
                               "2020-01-01T00:00:00Z,a\xff,a2,1\n"     /* 11 bad UTF-8 */
                               "1577836800,a2,a1,\"1,5\"\n"            /* 12 good */
                               "2020-01-01T00:00:00Z,a1,,1\n"          /* 13 empty to */
                               "2020-01-01T00:00:00+01:0x,a1,a2,1\n"); /* 14 bad offset */
    f->opts.encoding = SN_ENC_UTF8; /* else the 0xff byte makes the file Windows-1252 */
    assert_int_equal(ingest(f, 2, actors, c), SN_OK); /* bad rows do not stop ingest */
    sn_store *s = &f->st;
    assert_int_equal(s->rows_read, 13);
    assert_int_equal(s->rejected, 11);
    assert_int_equal(s->n, 2);
    assert_int_equal(f->diag.errors, 11);
    assert_int_equal(s->auto_actors, 0);
    assert_int_equal(sn_store_time(s, 0), D2020);
    assert_float_equal(sn_store_weight(s, 0), 2.5f, 0.0);
    assert_int_equal(s->from[1], 1);
    assert_float_equal(sn_store_weight(s, 1), 1.5f, 0.0);
    expect_msg(f, c, "2:6: error: bad time '2020-13-01': expected a month 01-12\n");
    expect_msg(f, c, "3:1: error: empty time; expected an ISO 8601 date-time or epoch seconds\n");
    expect_msg(f, c, "4:12: error: empty 'from'; expected an actor id\n");
    expect_msg(f, c, "5:18: error: bad weight '-1'; expected a non-negative number\n");
    expect_msg(f, c, "6:14: error: 2 fields; expected 4 as in the header\n");
    expect_msg(f, c,
               "7:20: error: 5 fields; expected 4 as in the header (an unquoted ',' in a "
               "value?)\n");
    expect_msg(f, c, "9:23: error: quote inside an unquoted field");
    expect_msg(f, c, "10:28: error: bad weight 'abc'; expected a non-negative number\n");
    expect_msg(f, c,
               "11:23: error: invalid UTF-8 (byte 0xFF); expected UTF-8 text (try --encoding "
               "windows-1252)\n");
    expect_msg(f, c, "13:25: error: empty 'to'; expected an actor id\n");
    expect_msg(f, c,
               "14:25: error: bad time '2020-01-01T00:00:00+01:0x': expected offset "
               "minutes 00-59\n");
}

static void test_rejected_actor_rows(void **state)
{
    fixture *f = *state;
    const char *a1 = write_file(f, "a1.csv", "id,name,rank\nx,X,top\n,Nobody,top\ny,Y,boss\n");
    const char *a2 = write_file(f, "a2.csv", "name,id\nX again,x\n");
    assert_int_equal(ingest(f, 2, a1, a2), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->n_actors, 2);
    assert_int_equal(s->rejected, 2);
    assert_int_equal(s->rows_read, 0);                    /* counts contact rows only */
    assert_string_equal(attr(f, "x", SN_ATTR_NAME), "X"); /* the first definition stays */
    assert_string_equal(attr(f, "y", SN_ATTR_RANK), "boss");
    expect_msg(f, a1, "3:1: error: empty actor id; expected a non-empty id\n");
    expect_msg(f, a1,
               "4:5: warning: rank 'boss' kept as given; expected top, middle or "
               "frontline\n");
    char want[512];
    snprintf(want, sizeof want,
             "2:9: error: duplicate actor id 'x'; first defined at %s:2; expected each id once\n",
             a1);
    expect_msg(f, a2, want);
    assert_int_equal(f->diag.errors, 2);
    assert_int_equal(f->diag.warnings, 1);
}

static void test_unknown_channel_kept(void **state)
{
    fixture *f = *state;
    const char *c = write_file(f, "c.csv",
                               "time,from,to,channel\n"
                               "0,a,b,fax\n"
                               "1,a,b,FAX\n"
                               "2,a,b,fax\n"
                               "3,a,b,Video\n");
    assert_int_equal(ingest(f, 1, c), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->n, 4);
    assert_int_equal(s->channel[0], SN_CHANNEL_KNOWN);
    assert_string_equal(sn_channel_name(s, SN_CHANNEL_KNOWN), "fax");
    assert_int_equal(s->channel[1], SN_CHANNEL_KNOWN + 1); /* kept as given, case and all */
    assert_string_equal(sn_channel_name(s, SN_CHANNEL_KNOWN + 1), "FAX");
    assert_int_equal(s->channel[2], SN_CHANNEL_KNOWN);
    assert_int_equal(s->channel[3], SN_CH_VIDEO);
    expect_msg(f, c, "2:7: warning: unknown channel 'fax' kept as given");
    expect_msg(f, c, "3:7: warning: unknown channel 'FAX' kept as given");
    /* one warning per distinct spelling, plus one summary of the unknown actors */
    assert_int_equal(f->diag.warnings, 3);
}

/* 24:00:00 and a leap second end on the next day; the next row of the same date does not. */
static void test_time_of_day_after_midnight_row(void **state)
{
    fixture *f = *state;
    const char *c = write_file(f, "c.csv",
                               "time,from,to\n"
                               "2024-03-01T24:00:00Z,a,b\n"
                               "2024-03-01T10:00:00Z,a,b\n"
                               "2024-03-03T23:59:60Z,a,b\n"
                               "2024-03-03T10:00:00Z,a,b\n");
    assert_int_equal(ingest(f, 1, c), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->n, 4);
    assert_int_equal(sn_store_time(s, 0), 1709337600); /* 2024-03-02T00:00:00Z */
    assert_int_equal(sn_store_time(s, 1), 1709287200); /* 2024-03-01T10:00:00Z */
    assert_int_equal(sn_store_time(s, 2), 1709510400); /* 2024-03-04T00:00:00Z */
    assert_int_equal(sn_store_time(s, 3), 1709460000); /* 2024-03-03T10:00:00Z */
}

static void test_strict_stops_at_first_problem(void **state)
{
    fixture *f = *state;
    f->diag.strict = 1;
    const char *actors = write_file(f, "actors.csv", "id\na1\na2\n");
    const char *c = write_file(f, "contacts.csv",
                               "time,from,to\n"
                               "2020-01-01T00:00:00Z,a1,a2\n"
                               "2020-13-01,a1,a2\n"
                               "2020-01-02T00:00:00Z,a1,a2\n"
                               "bad,a1,a2\n");
    assert_int_equal(ingest(f, 2, actors, c), SN_EINPUT);
    assert_int_equal(f->err.code, SN_EINPUT);
    assert_int_equal(f->diag.stop, 1);
    assert_int_equal(f->st.n, 1); /* the row before the problem, nothing after */
    assert_int_equal(f->st.rejected, 1);
    assert_int_equal(f->diag.errors, 1);
    char want[512];
    snprintf(want, sizeof want, "%s:3:6: error: bad time '2020-13-01': expected a month 01-12", c);
    assert_string_equal(f->err.msg, want);
    assert_string_equal(f->diag.first, want);
}

static void test_strict_unknown_actor(void **state)
{
    fixture *f = *state;
    f->diag.strict = 1;
    const char *c = write_file(f, "c.csv", "time,from,to\n0,a1,a2\n1,a1,a2\n");
    assert_int_equal(ingest(f, 1, c), SN_EINPUT);
    assert_int_equal(f->st.n, 0);
    char want[512];
    snprintf(want, sizeof want, "%s:2:3: error: unknown actor 'a1'", c);
    assert_non_null(strstr(f->err.msg, want));
}

static void test_strict_self_contact(void **state)
{
    fixture *f = *state;
    f->diag.strict = 1;
    const char *a = write_file(f, "a.csv", "id\nx\n");
    const char *c = write_file(f, "c.csv", "time,from,to\n0,x,x\n1,x,x\n");
    assert_int_equal(ingest(f, 2, a, c), SN_EINPUT);
    assert_int_equal(f->st.n, 0);
    char want[512];
    snprintf(want, sizeof want, "%s:2:5: warning: self-contact", c);
    assert_non_null(strstr(f->err.msg, want));
}

static void test_jsonl(void **state)
{
    fixture *f = *state;
    const char *a =
        write_file(f, "actors.jsonl",
                   "{\"id\":\"j1\",\"name\":\"Jo\",\"type\":\"kommune\",\"region\":\"Nord\"}\n"
                   "{\"id\":\"j2\",\"navn\":\"Kim\",\"org\":\"Helse Vest\",\"level\":\"leder\"}\n"
                   "{\"id\":3,\"name\":\"Num\"}\n");
    const char *c = write_file(
        f, "contacts.ndjson",
        "{\"time\":\"2020-01-01T00:00:00Z\",\"from\":\"j1\",\"to\":\"j2\",\"channel\":\"phone\","
        "\"weight\":2}\n"                                                       /* 1 */
        "{\"time\":1577836800,\"from\":\"j2\",\"to\":\"j1\",\"case\":\"c9\"}\n" /* 2 */
        "   \n"                                                                 /* 3 */
        "{\"time\":\"2020-01-01T00:00:00Z\",\"from\":\"j1\",\n"                 /* 4 */
        "[1,2]\n"                                                               /* 5 */
        "{\"time\":1.5,\"from\":\"j1\",\"to\":\"j2\"}\n"                        /* 6 */
        "{\"time\":\"2020-01-01T00:00:00Z\",\"from\":\"j1\"}\n"                 /* 7 */
        "{\"time\":\"2020-01-01T00:00:00Z\",\"from\":\"3\",\"to\":\"j1\",\"meeting\":\"m\","
        "\"weight\":\"0.25\",\"x\":null}\n"                                   /* 8 */
        "{\"time\":\"2020-01-01T00:00:00Z\",\"from\":true,\"to\":\"j1\"}\n"); /* 9 */
    assert_int_equal(ingest(f, 2, c, a), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->n_actors, 3);
    assert_int_equal(s->auto_actors, 0);
    assert_string_equal(attr(f, "j1", SN_ATTR_TYPE), "municipality");
    assert_string_equal(sn_store_attr_named(s, idx(f, "j1"), "region"), "Nord");
    assert_string_equal(attr(f, "j2", SN_ATTR_NAME), "Kim");
    assert_string_equal(attr(f, "j2", SN_ATTR_ORGANISATION), "Helse Vest");
    assert_string_equal(attr(f, "j2", SN_ATTR_RANK), "middle");
    assert_string_equal(attr(f, "3", SN_ATTR_NAME), "Num"); /* a numeric id becomes text */

    assert_int_equal(s->rows_read, 8);
    assert_int_equal(s->rejected, 5);
    assert_int_equal(s->n, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(sn_store_time(s, i), D2020);
    assert_int_equal(s->from[0], idx(f, "j1"));
    assert_int_equal(s->to[0], idx(f, "j2"));
    assert_int_equal(s->channel[0], SN_CH_PHONE);
    assert_float_equal(sn_store_weight(s, 0), 2.0f, 0.0);
    assert_int_equal(s->channel[1], SN_CH_OTHER); /* no channel given */
    assert_int_equal(sn_store_case(s, 1), 1);
    assert_float_equal(sn_store_weight(s, 1), 1.0f, 0.0);
    assert_int_equal(s->from[2], idx(f, "3"));
    assert_int_equal(sn_store_meeting(s, 2), 1);
    assert_float_equal(sn_store_weight(s, 2), 0.25f, 0.0);

    /* the object is cut short: the error is at the end of the line */
    expect_msg(f, c, "4:44: error: invalid JSON");
    expect_msg(f, c, "5:1: error: expected a JSON object, one per line\n");
    expect_msg(f, c,
               "6:2: error: \"time\" is a fraction; expected epoch seconds or an ISO 8601 "
               "string\n");
    expect_msg(f, c, "7:1: error: missing \"to\"; expected \"time\", \"from\" and \"to\"\n");
    expect_msg(f, c, "9:32: error: \"from\" is a boolean; expected a string or a number\n");
}

static void test_gzip_input(void **state)
{
    fixture *f = *state;
    const char *actors_text = "id,type\ng1,kommune\ng2,sjukehus\n";
    const char *contacts_text = "time,from,to,channel\n"
                                "2020-01-01T00:00:00Z,g1,g2,epikrise\n"
                                "2020-01-01T00:00:01Z,g2,g1,hospitering\n";
    const char *a = write_bytes(f, "actors.csv.gz", actors_text, strlen(actors_text), 1);
    /* gzip content under a plain name is read too */
    const char *c = write_bytes(f, "contacts.csv", contacts_text, strlen(contacts_text), 1);
    assert_int_equal(ingest(f, 2, c, a), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->n_actors, 2);
    assert_string_equal(attr(f, "g1", SN_ATTR_TYPE), "municipality");
    assert_string_equal(attr(f, "g2", SN_ATTR_TYPE), "hospital_unit");
    assert_int_equal(s->n, 2);
    assert_int_equal(sn_store_time(s, 1), D2020 + 1);
    assert_int_equal(s->channel[0], SN_CH_DISCHARGE);
    assert_int_equal(s->channel[1], SN_CH_JOB_SHADOWING);
    assert_int_equal(f->diag.errors + f->diag.warnings, 0);
}

static void test_truncated_gzip(void **state)
{
    fixture *f = *state;
    /* a gzip file cut in half: the rows before the cut are kept, the cut is an error */
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "time,from,to\n");
    for (int i = 0; i < 40000; i++)
        len += (size_t)snprintf(text + len, cap - len, "%d,a%d,b%d\n", i, (i * 31) % 97,
                                (i * 17) % 89);
    const char *full = write_bytes(f, "full.csv.gz", text, len, 1);
    FILE *in = fopen(full, "rb");
    assert_non_null(in);
    size_t gzlen = fread(text, 1, cap, in);
    fclose(in);
    const char *cut = write_bytes(f, "cut.csv.gz", text, gzlen / 2, 0);
    assert_int_equal(ingest(f, 1, cut), SN_OK);
    assert_true(f->st.n > 0 && f->st.n < 40000);
    assert_true(f->st.rejected >= 1);
    expect_msg(f, cut, "");
    assert_non_null(strstr(diag_text(f), "input ends early"));
    assert_non_null(strstr(diag_text(f), "expected a complete gzip file"));
    free(text);
}

static void test_folder_sorted(void **state)
{
    fixture *f = *state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s", path_of(f, "in"));
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkdir(path_of(f, "in/sub.csv"), 0700), 0);
    write_file(f, "in/b_contacts.csv", "time,from,to\n200,x,y\n201,y,x\n");
    write_file(f, "in/a_contacts.csv", "time,from,to\n100,y,x\n");
    write_file(f, "in/z_actors.csv", "id,name\nx,X\ny,Y\n");
    write_file(f, "in/c_more.jsonl", "{\"time\":300,\"from\":\"x\",\"to\":\"y\"}\n");
    write_file(f, "in/notes.md", "not data\n");
    write_file(f, "in/.hidden.csv", "garbage without a header we know\n");
    assert_int_equal(ingest(f, 1, dir), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->files, 4);
    assert_int_equal(s->auto_actors, 0); /* z_actors.csv was read before the contacts */
    assert_int_equal(idx(f, "x"), 0);
    assert_int_equal(s->n, 4);
    /* contacts files in name order: a_, b_, c_ */
    assert_int_equal(sn_store_time(s, 0), 100);
    assert_int_equal(sn_store_time(s, 1), 200);
    assert_int_equal(sn_store_time(s, 2), 201);
    assert_int_equal(sn_store_time(s, 3), 300);
    assert_int_equal(f->diag.errors, 0);
    char p[300];
    snprintf(p, sizeof p, "%s/notes.md: note: skipped: expected a .csv", dir);
    assert_non_null(strstr(diag_text(f), p));
    snprintf(p, sizeof p, "%s/sub.csv: note: skipped: not a regular file", dir);
    assert_non_null(strstr(diag_text(f), p));
    assert_null(strstr(diag_text(f), "hidden"));
}

static void test_folder_without_inputs(void **state)
{
    fixture *f = *state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s", path_of(f, "nothing"));
    assert_int_equal(mkdir(dir, 0700), 0);
    write_file(f, "nothing/readme.md", "x\n");
    assert_int_equal(ingest(f, 1, dir), SN_EINPUT);
    assert_non_null(strstr(f->err.msg, "no input files in this folder"));
}

static void test_missing_file(void **state)
{
    fixture *f = *state;
    const char *p = path_of(f, "missing.csv");
    assert_int_equal(ingest(f, 1, p), SN_EIO);
    assert_int_equal(f->err.code, SN_EIO);
    char want[512];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", p);
    assert_string_equal(f->err.msg, want);
    assert_int_equal(f->st.files, 0);
    /* a missing file among good ones still fails, before anything is read */
    const char *ok = write_file(f, "ok.csv", "id\nq\n");
    assert_int_equal(ingest(f, 2, ok, p), SN_EIO);
    assert_int_equal(f->st.n_actors, 0);
}

static void test_empty_file(void **state)
{
    fixture *f = *state;
    const char *e = write_file(f, "empty.csv", "");
    assert_int_equal(ingest(f, 1, e), SN_EINPUT);
    char want[512];
    snprintf(want, sizeof want, "%s:1:1: error: empty file; expected a header line", e);
    assert_string_equal(f->err.msg, want);
    expect_msg(f, e, "1:1: error: empty file; expected a header line\n");
    /* blank space only is empty too */
    const char *b = write_file(f, "blank.csv", "\n  \r\n\n");
    assert_int_equal(ingest(f, 1, b), SN_EINPUT);
    expect_msg(f, b, "1:1: error: empty file");
    /* and an empty gzip file */
    const char *g = write_bytes(f, "empty.csv.gz", "", 0, 1);
    assert_int_equal(ingest(f, 1, g), SN_EINPUT);
    expect_msg(f, g, "1:1: error: empty file");
}

static void test_header_problems(void **state)
{
    fixture *f = *state;
    const char *no_to = write_file(f, "noto.csv", "time,from,channel\n0,a,phone\n");
    assert_int_equal(ingest(f, 1, no_to), SN_EINPUT);
    expect_msg(f, no_to,
               "1:1: error: missing required column 'to'; expected a contacts header with "
               "time, from and to. A header names it to, til, receiver, recipient, mottaker, "
               "mottakar (or --map to=COLUMN); the header has 'time', 'from', 'channel'\n");
    const char *unknown = write_file(f, "unknown.csv", "foo,bar\n1,2\n");
    assert_int_equal(ingest(f, 1, unknown), SN_EINPUT);
    expect_msg(f, unknown, "1:1: error: missing header; expected a first line naming the columns");
    const char *twice = write_file(f, "twice.csv", "time,from,to,fra\n0,a,b,c\n");
    assert_int_equal(ingest(f, 1, twice), SN_EINPUT);
    expect_msg(f, twice,
               "1:14: error: column 'from' appears twice in the header; expected each column "
               "once\n");
    const char *empty_col = write_file(f, "emptycol.csv", "id,,name\nx,y,z\n");
    assert_int_equal(ingest(f, 1, empty_col), SN_EINPUT);
    expect_msg(f, empty_col, "1:4: error: empty column name in the header");
    assert_int_equal(f->st.n, 0);
    assert_int_equal(f->st.n_actors, 0);
}

static void test_max_field_option(void **state)
{
    fixture *f = *state;
    f->opts.max_field = 8;
    const char *c = write_file(f, "c.csv", "time,from,to\n0,abcdefghij,b\n1,abcdefgh,b\n");
    assert_int_equal(ingest(f, 1, c), SN_OK);
    assert_int_equal(f->st.rejected, 1);
    assert_int_equal(f->st.n, 1);
    assert_int_equal(sn_store_time(&f->st, 0), 1);
    expect_msg(f, c, "2:3: error: field is longer than 8 bytes; expected a shorter value\n");
}

static void test_max_field_option_jsonl(void **state)
{
    fixture *f = *state;
    f->opts.max_field = 8;
    /* JSONL values too: "from" is the key at column 11 */
    const char *j = write_file(f, "c.jsonl",
                               "{\"time\":2,\"from\":\"abcdefghi\",\"to\":\"b\"}\n"
                               "{\"time\":3,\"from\":\"abcdefgh\",\"to\":\"b\"}\n");
    assert_int_equal(ingest(f, 1, j), SN_OK);
    assert_int_equal(f->st.rejected, 1);
    assert_int_equal(f->st.n, 1);
    assert_int_equal(sn_store_time(&f->st, 0), 3);
    expect_msg(f, j, "1:11: error: \"from\" is longer than 8 bytes; expected a shorter value\n");
}

static void test_quiet_keeps_errors(void **state)
{
    fixture *f = *state;
    f->diag.quiet = 1;
    const char *c = write_file(f, "c.csv", "time,from,to\nxx,a,b\n0,a,b\n");
    assert_int_equal(ingest(f, 1, c), SN_OK);
    assert_int_equal(f->diag.warnings, 1); /* unknown actors a and b: one summary, not printed */
    assert_int_equal(f->diag.errors, 1);
    assert_null(strstr(diag_text(f), "warning"));
    expect_msg(f, c, "2:1: error: bad time 'xx': expected a 4-digit year");
}

static void test_short_row_column_counts_characters(void **state)
{
    fixture *f = *state;
    /* the short row ends after "\xc3\xa6\xc3\xb8" (2 characters, 4 bytes) at column 22 + 2 */
    const char *c = write_file(f, "c.csv",
                               "time,from,to\n2020-01-01T00:00:00Z,\xc3\xa6\xc3\xb8\n"
                               "0\n");
    assert_int_equal(ingest(f, 1, c), SN_OK);
    expect_msg(f, c, "2:24: error: 2 fields; expected 3 as in the header\n");
    expect_msg(f, c, "3:2: error: 1 field; expected 3 as in the header\n");
    assert_int_equal(f->st.rejected, 2);
}

static void test_weight_forms(void **state)
{
    fixture *f = *state;
    const char *c = write_file(f, "w.csv",
                               "time,from,to,weight\n"
                               "0,a,b,1e3\n"     /* 2 good: 1000 */
                               "1,a,b,\"2,5\"\n" /* 3 good: decimal comma */
                               "2,a,b,0\n"       /* 4 good: zero */
                               "3,a,b,0x10\n"    /* 5 hex */
                               "4,a,b, 5\n"      /* 6 leading space */
                               "5,a,b,inf\n"     /* 7 */
                               "6,a,b,nan\n"     /* 8 */
                               "7,a,b,1e39\n"    /* 9 too large for a float */
                               "8,a,b,5 \n");    /* 10 trailing space */
    assert_int_equal(ingest(f, 1, c), SN_OK);
    sn_store *s = &f->st;
    assert_int_equal(s->n, 3);
    assert_float_equal(sn_store_weight(s, 0), 1000.0f, 0.0);
    assert_float_equal(sn_store_weight(s, 1), 2.5f, 0.0);
    assert_float_equal(sn_store_weight(s, 2), 0.0f, 0.0);
    assert_int_equal(s->rejected, 6);
    expect_msg(f, c, "5:7: error: bad weight '0x10'; expected a non-negative number\n");
    expect_msg(f, c, "6:7: error: bad weight ' 5'");
    expect_msg(f, c, "7:7: error: bad weight 'inf'");
    expect_msg(f, c, "8:7: error: bad weight 'nan'");
    expect_msg(f, c, "9:7: error: bad weight '1e39'");
    expect_msg(f, c, "10:7: error: bad weight '5 '");
}

static void test_stdin(void **state)
{
    fixture *f = *state;
    /* "-" reads standard input (here: a file put on fd 0); names show as <stdin> */
    const char *c = write_file(f, "stdin.csv", "time,from,to\n0,x,y\nbad,x,y\n1,y,x\n");
    const char *a = write_file(f, "a.csv", "id\nx\ny\n");
    int saved = dup(0);
    assert_true(saved >= 0);
    int fd = open(c, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(dup2(fd, 0), 0);
    close(fd);
    sn_status rc = ingest(f, 2, "-", a);
    assert_int_equal(dup2(saved, 0), 0);
    close(saved);
    assert_int_equal(rc, SN_OK);
    assert_int_equal(f->st.n, 2);
    assert_int_equal(f->st.auto_actors, 0);
    assert_int_equal(sn_store_time(&f->st, 1), 1);
    assert_int_equal(f->st.from[1], 1);
    assert_non_null(strstr(diag_text(f), "<stdin>:3:1: error: bad time 'bad'"));
    /* stdin at most once */
    assert_int_equal(ingest(f, 2, "-", "-"), SN_EUSAGE);
    assert_non_null(strstr(f->err.msg, "more than once"));
}

/* Regression tests for bugs found and fixed in review. */
static void test_regression_jsonl_many_numbers(void **state)
{
    fixture *f = *state;
    /* 100 number-valued keys overflow the 78 scratch buffers of read_jsonl */
    char line[4096];
    size_t n = (size_t)snprintf(line, sizeof line, "{\"time\":0,\"from\":\"a\",\"to\":\"b\"");
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, ",\"k%d\":%d", i, i);
    snprintf(line + n, sizeof line - n, "}\n");
    const char *c = write_file(f, "many.jsonl", line);
    assert_int_equal(ingest(f, 1, c), SN_OK);
    assert_int_equal(f->st.n, 1);
}

static void test_regression_auto_actor_src_line(void **state)
{
    fixture *f = *state;
    const char *c = write_file(f, "c.csv", "time,from,to\n0,a,b\n");
    assert_int_equal(ingest(f, 1, c), SN_OK);
    /* store.h: src_line is "0 when auto-created" */
    assert_int_equal(f->st.actors[0].src_line, 0);
}

static void test_regression_actors_file_with_date_column(void **state)
{
    fixture *f = *state;
    /* ingest.h: an actors file has `id` and no `from`/`to`; "date" is an alias of time */
    const char *a = write_file(f, "a.csv", "id,name,date\nx,X,2020-01-01\n");
    assert_int_equal(ingest(f, 1, a), SN_OK);
    assert_int_equal(f->st.n_actors, 1);
}

static void test_regression_jsonl_time_column(void **state)
{
    fixture *f = *state;
    /* the month "13" starts at column 15, inside the value, not in the key */
    const char *c = write_file(f, "c.jsonl",
                               "{\"time\":\"2020-13-01\",\"from\":\"a\",\"to\":\"b\"}\n"
                               "{\"x\":\"time\",\"time\":\"2020-13-01\","
                               "\"from\":\"a\",\"to\":\"b\"}\n");
    assert_int_equal(ingest(f, 1, c), SN_OK);
    expect_msg(f, c, "1:15: error: bad time");
    expect_msg(f, c, "2:26: error: bad time");
}

/* ---- the three readers agree: serial, parallel and the incremental feed ---- */

/* One reader's result: its store, what it printed and its status. */
typedef struct outcome {
    sn_store st;
    char *msgs;
    size_t msgs_len;
    sn_status rc;
    int ready; /* the feed: the header was read */
} outcome;

static void outcome_free(outcome *o)
{
    sn_store_free(&o->st);
    free(o->msgs);
}

/* sn_ingest of one file, with the parallel reader forced (2 threads) or kept off. */
static void read_serial(const char *path, int parallel, const sn_ingest_opts *opts, outcome *o)
{
    memset(o, 0, sizeof *o);
    setenv("SAMNETT_PARALLEL_MIN_BYTES", parallel ? "0" : "1000000000000", 1);
    setenv("SAMNETT_THREADS", parallel ? "2" : "1", 1);
    sn_err err;
    assert_int_equal(sn_store_init(&o->st, &err), SN_OK);
    FILE *out = open_memstream(&o->msgs, &o->msgs_len);
    assert_non_null(out);
    sn_diag d;
    sn_diag_init(&d, out);
    sn_source src = {path, SN_INPUT_AUTO};
    o->rc = sn_ingest(&o->st, &src, 1, opts, &d, &err);
    fclose(out);
    unsetenv("SAMNETT_PARALLEL_MIN_BYTES");
    unsetenv("SAMNETT_THREADS");
}

/*
 * The feed over data[0..len) as watch reads it: the header, then complete
 * records (in one call, or in slices of random length when seed != 0), then
 * what is left as the end of the file.
 */
static void read_feed(const char *name, const char *data, size_t len, unsigned seed,
                      const sn_ingest_opts *opts, outcome *o)
{
    memset(o, 0, sizeof *o);
    sn_err err;
    assert_int_equal(sn_store_init(&o->st, &err), SN_OK);
    FILE *out = open_memstream(&o->msgs, &o->msgs_len);
    assert_non_null(out);
    sn_diag d;
    sn_diag_init(&d, out);
    sn_feed *f;
    assert_int_equal(sn_feed_new(&o->st, name, opts, &d, &f, &err), SN_OK);
    size_t used = 0;
    o->rc = sn_feed_start(f, data, len, &used, &err);
    o->ready = sn_feed_ready(f);
    if (o->rc == SN_OK && o->ready && sn_feed_kind(f) == SN_INPUT_CONTACTS) {
        const char *p = data + used;
        size_t left = len - used, start = 0, avail = 0;
        if (!seed) /* the whole file at once */
            start = avail = left;
        if (!seed && left)
            o->rc = sn_feed_rows(f, p, left, &err);
        while (o->rc == SN_OK && avail < left) {
            seed = seed * 1103515245u + 12345u;
            avail += 1 + (seed >> 16) % 61;
            if (avail > left)
                avail = left;
            size_t end = sn_feed_complete(f, p + start, avail - start);
            if (end) {
                o->rc = sn_feed_rows(f, p + start, end, &err);
                start += end;
            }
        }
        if (o->rc == SN_OK && start < left)
            o->rc = sn_feed_rows(f, p + start, left - start, &err);
    }
    sn_feed_free(f);
    fclose(out);
}

static void same_intern(const sn_intern *a, const sn_intern *b, const char *what, const char *file)
{
    if (sn_intern_count(a) != sn_intern_count(b))
        fail_msg("%s: %u vs %u %s", file, sn_intern_count(a), sn_intern_count(b), what);
    for (uint32_t i = 0; i < sn_intern_count(a); i++)
        if (strcmp(sn_intern_str(a, i), sn_intern_str(b, i)) != 0)
            fail_msg("%s: %s %u is '%s' vs '%s'", file, what, i, sn_intern_str(a, i),
                     sn_intern_str(b, i));
}

/* Same contacts in the same order, same actors, same counts. */
static void same_store(const sn_store *a, const sn_store *b, const char *file, const char *how)
{
    if (a->n != b->n)
        fail_msg("%s (%s): %zu vs %zu contacts", file, how, a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        if (sn_store_time(a, i) != sn_store_time(b, i) || a->from[i] != b->from[i] ||
            a->to[i] != b->to[i] || a->channel[i] != b->channel[i] ||
            sn_store_case(a, i) != sn_store_case(b, i) ||
            sn_store_meeting(a, i) != sn_store_meeting(b, i) ||
            sn_store_weight(a, i) != sn_store_weight(b, i))
            fail_msg("%s (%s): contact %zu differs", file, how, i);
#define SAME(x)                                                                                    \
    if ((long)a->x != (long)b->x)                                                                  \
    fail_msg("%s (%s): " #x " %ld vs %ld", file, how, (long)a->x, (long)b->x)
    SAME(n_actors);
    SAME(rows_read);
    SAME(rejected);
    SAME(self_contacts);
    SAME(local_times);
    SAME(auto_actors);
    SAME(ids_merged);
#undef SAME
    for (size_t i = 0; i < a->n_actors; i++)
        if (a->actors[i].auto_created != b->actors[i].auto_created)
            fail_msg("%s (%s): actor %zu auto_created differs", file, how, i);
    same_intern(a->actor_ids, b->actor_ids, "actor", file);
    same_intern(a->cases, b->cases, "case", file);
    same_intern(a->meetings, b->meetings, "meeting", file);
    same_intern(a->channels, b->channels, "channel", file);
}

static void same_text(const char *a, const char *b, const char *file, const char *how)
{
    if (strcmp(a ? a : "", b ? b : "") != 0)
        fail_msg("%s (%s): messages differ\n--- serial:\n%s--- other:\n%s", file, how, a ? a : "",
                 b ? b : "");
}

/* The messages without the per-slice lines of the feed (local times, the closing line). */
static char *without_slice_lines(const char *text)
{
    char *out = strdup(text ? text : "");
    assert_non_null(out);
    char *w = out;
    for (const char *p = text ? text : ""; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
        /* the summary of unknown actors closes each slice too */
        if (!memmem(p, n, "without a time zone", 19) && !memmem(p, n, ", the first here", 16) &&
            strncmp(p, "samnett: ", 9) != 0) {
            memmove(w, p, n);
            w += n;
        }
        p += n;
    }
    *w = '\0';
    return out;
}

/* Read one CSV file all three ways (and the feed twice) and compare. */
static void differential(const char *path, const sn_ingest_opts *opts, unsigned seed)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    char *data = NULL;
    size_t len = 0;
    FILE *buf = open_memstream(&data, &len);
    assert_non_null(buf);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
        fwrite(chunk, 1, got, buf);
    fclose(in);
    fclose(buf);
    outcome serial, par, feed, sliced;
    read_serial(path, 0, opts, &serial);
    read_serial(path, 1, opts, &par);
    read_feed(path, data, len, 0, opts, &feed);
    read_feed(path, data, len, seed | 1, opts, &sliced);
    if (serial.rc == SN_OK && serial.st.n_actors == (size_t)serial.st.auto_actors && feed.ready) {
        /* a contacts file: every reader reads it the same */
        same_store(&serial.st, &par.st, path, "parallel");
        same_text(serial.msgs, par.msgs, path, "parallel");
        same_store(&serial.st, &feed.st, path, "feed");
        same_store(&serial.st, &sliced.st, path, "feed in slices");
        char *a = without_slice_lines(serial.msgs), *b = without_slice_lines(feed.msgs),
             *c = without_slice_lines(sliced.msgs);
        same_text(a, b, path, "feed");
        if (!strstr(serial.msgs, "more of the same kind")) /* caps count per slice */
            same_text(a, c, path, "feed in slices");
        free(a);
        free(b);
        free(c);
    } else if (serial.rc != SN_OK) {
        /* a file-level problem: the same message, or (the feed) still waiting for a header */
        assert_int_equal(par.rc, serial.rc);
        same_text(serial.msgs, par.msgs, path, "parallel");
        if (feed.ready || feed.rc != SN_OK) {
            assert_int_equal(feed.rc, serial.rc);
            same_text(serial.msgs, feed.msgs, path, "feed");
        } else if (!strstr(serial.msgs, "empty file") && !strstr(serial.msgs, "in the header")) {
            /* the feed cannot know the end of the file: an empty or unfinished header waits */
            fail_msg("%s: the serial reader failed but the feed waits:\n%s", path, serial.msgs);
        }
    }
    outcome_free(&serial);
    outcome_free(&par);
    outcome_free(&feed);
    outcome_free(&sliced);
    free(data);
}

static int is_csv_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && (strcmp(name + n - 4, ".csv") == 0 || strcmp(name + n - 4, ".tsv") == 0 ||
                     strcmp(name + n - 4, ".txt") == 0);
}

static int diff_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_F && S_ISREG(sb->st_mode) && is_csv_name(path)) {
        sn_ingest_opts opts = {0};
        differential(path, &opts, (unsigned)sb->st_size);
    }
    return 0;
}

/* Every CSV file of the bad-input corpus reads the same in all three readers. */
static void test_differential_bad_corpus(void **state)
{
    (void)state;
    const char *root = getenv("SN_TEST_DATA");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/bad", root ? root : "tests");
    assert_int_equal(nftw(dir, diff_one, 16, FTW_PHYS), 0);
}

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/*
 * A contacts file with random line ends (seeded). With `rows_plain`, the rows
 * end in LF or CRLF and have no quotes, so the parallel reader reads them
 * itself; else any line end and a quote now and then (it hands the file to
 * the serial reader). The header ends in LF, CRLF or a lone CR.
 */
static void gen_file(const char *path, unsigned seed, int rows_plain)
{
    static const char *const ends[3] = {"\n", "\r\n", "\r"};
    static const char *const ids[] = {"a", " a ", "b", "c\t", "\xc3\xa5",  "a\xcc\x8a", "d",
                                      "e", "f",   "",  " ",   "\xc2\xa0g", "h",         "i"};
    static const char *const chans[] = {"phone", "PLO", "m\xc3\xb8te", "", "fax", "telefon"};
    static const char *const times[] = {"2024-01-02T10:00:00Z",
                                        "2024-01-02T11:30:00Z",
                                        "2024-01-03",
                                        "2024-13-01",
                                        "1700000000",
                                        "2024-01-02 10:00",
                                        ""};
    unsigned s = seed;
    FILE *o = fopen(path, "wb");
    assert_non_null(o);
    fputs(rnd(&s) % 4 == 0 ? "\xEF\xBB\xBFtime,from,to,channel,case,weight"
                           : "time,from,to,channel,case,weight",
          o);
    fputs(ends[rnd(&s) % 3], o);
    int rows = 50 + (int)(rnd(&s) % 300);
    for (int i = 0; i < rows; i++) {
        unsigned k = rnd(&s) % 100;
        if (k < 3) {
            fputs("", o); /* a blank line */
        } else if (k < 6) {
            fprintf(o, "%s,%s", times[0], ids[rnd(&s) % 14]); /* too few fields */
        } else if (k < 9) {
            fprintf(o, "%s,a,b,phone,k,1,extra,more", times[1]); /* too many */
        } else if (k < 11 && !rows_plain) {
            fprintf(o, "%s,\"a\",b,\"pho\"\"ne\",\"k\nl\",2", times[0]);
        } else {
            fprintf(o, "%s,%s,%s,%s,k%u,%s", times[rnd(&s) % 7], ids[rnd(&s) % 14],
                    ids[rnd(&s) % 14], chans[rnd(&s) % 6], rnd(&s) % 20, rnd(&s) % 5 ? "1" : "x");
        }
        fputs(ends[rnd(&s) % (rows_plain ? 2 : 3)], o);
    }
    assert_int_equal(fclose(o), 0);
}

static void test_differential_random_line_ends(void **state)
{
    fixture *f = *state;
    for (unsigned seed = 1; seed <= 60; seed++) {
        char name[32];
        snprintf(name, sizeof name, "gen%u.csv", seed);
        const char *p = path_of(f, name);
        gen_file(p, seed, seed % 2);
        sn_ingest_opts opts = {0};
        differential(p, &opts, seed);
        /* small caps and limits: the same again */
        opts.max_messages = 3;
        opts.max_line = 40;
        opts.max_field = 16;
        differential(p, &opts, seed * 7);
    }
}

/* A complete record longer than the longest line ends at the first LF past it, in every reader. */
static void test_differential_long_records(void **state)
{
    fixture *f = *state;
    static const char text[] = "time,from,to,case\n"
                               "2024-01-01,\"case\nem,0\xff\xff\xff\xff"
                               "1-01T00:0e,from,to,case\n"
                               "2024-01-01,\"case\nem,01-01T00:00:em\",\"b\n";
    const char *p = write_bytes(f, "long.csv", text, sizeof text - 1, 0);
    sn_ingest_opts opts = {0};
    opts.max_field = 16;
    opts.max_line = 48;
    for (unsigned seed = 1; seed < 40; seed++)
        differential(p, &opts, seed);
}

/* A header ending in a lone CR: no reader loses the first row, and lines count from it. */
static void test_header_lone_cr_all_readers(void **state)
{
    fixture *f = *state;
    static const char *const ends[3] = {"\n", "\r\n", "\r"};
    for (int h = 0; h < 3; h++)
        for (int r = 0; r < 3; r++) {
            char text[512], name[32];
            snprintf(text, sizeof text,
                     "time,from,to%s2024-01-01T00:00:00Z,a,b%s2024-01-01T00:00:01Z,b,c%s"
                     "bad,a,b%s2024-01-01T00:00:02Z,c,a%s",
                     ends[h], ends[r], ends[r], ends[r], ends[r]);
            snprintf(name, sizeof name, "h%d%d.csv", h, r);
            const char *p = write_file(f, name, text);
            outcome o[3];
            read_serial(p, 0, NULL, &o[0]);
            read_serial(p, 1, NULL, &o[1]);
            read_feed(p, text, strlen(text), 0, NULL, &o[2]);
            char want[300];
            snprintf(want, sizeof want, "%s:4:1: error: bad time 'bad'", p);
            for (int k = 0; k < 3; k++) {
                if (o[k].st.n != 3 || o[k].st.rejected != 1)
                    fail_msg("%s reader %d: %zu contacts, %ld rejected", name, k, o[k].st.n,
                             o[k].st.rejected);
                if (!strstr(o[k].msgs ? o[k].msgs : "", want))
                    fail_msg("%s reader %d: no '%s' in\n%s", name, k, want, o[k].msgs);
                outcome_free(&o[k]);
            }
        }
}

/*
 * Of each kind of message, the first max_messages are printed; all are
 * counted. One closing line per kind says how many more there are and where
 * the first of them are; the sink keeps the exact count of each kind.
 */
static void test_message_cap(void **state)
{
    fixture *f = *state;
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    fputs("time,from,to,weight\n", o);
    for (int i = 0; i < 500; i++)
        fprintf(o, "bad%d,a,b,1\n2024-01-01T00:00:00Z,a,b,w%d\n", i, i);
    fputs("2024-01-01T00:00:00Z,a,b,1\n", o);
    fclose(o);
    const char *p = write_bytes(f, "many.csv", text, len, 0);
    free(text);
    f->opts.max_messages = 10;
    assert_int_equal(ingest(f, 1, p), SN_OK);
    assert_int_equal(f->st.rejected, 1000);
    assert_int_equal(f->diag.errors, 1000);
    assert_int_equal(f->diag.warnings, 1); /* one summary of the unknown actors a and b */
    const char *msgs = diag_text(f);
    long lines = 0;
    for (const char *q = msgs; (q = strchr(q, '\n')); q++)
        lines++;
    assert_int_equal(lines, 10 + 10 + 2 + 1);
    char want[600];
    snprintf(want, sizeof want,
             "samnett: \xe2\x80\xa6 and 490 more of the same kind ('bad time') in %s at lines 22, "
             "24, 26, 28, 30, \xe2\x80\xa6 (at most 10 of each kind are shown)\n",
             p);
    assert_non_null(strstr(msgs, want));
    snprintf(want, sizeof want,
             "samnett: \xe2\x80\xa6 and 490 more of the same kind ('bad weight') in %s at lines "
             "23, 25, 27, 29, 31, \xe2\x80\xa6 (at most 10 of each kind are shown)\n",
             p);
    assert_non_null(strstr(msgs, want));
    expect_msg(f, p, "2:1: error: bad time 'bad0'");
    expect_msg(f, p, "20:1: error: bad time 'bad9'");
    assert_null(strstr(msgs, "22:1: error"));
    expect_msg(f, p,
               "1002:22: warning: no actors file: 2 actors ('a', 'b') named by 1 contact, the "
               "first here, are known only by their id");
    /* the exact count of each kind */
    long times = -1, weights = -1;
    for (int k = 0; k < f->diag.n_kinds; k++) {
        if (strcmp(f->diag.kinds[k].kind, "bad time") == 0)
            times = f->diag.kinds[k].count;
        if (strcmp(f->diag.kinds[k].kind, "bad weight") == 0)
            weights = f->diag.kinds[k].count;
    }
    assert_int_equal(times, 500);
    assert_int_equal(weights, 500);
}

/* The parallel reader keeps the cap too, and prints the same. */
static void test_message_cap_parallel(void **state)
{
    fixture *f = *state;
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    fputs("time,from,to\n", o);
    for (int i = 0; i < 3000; i++)
        fprintf(o, "bad%d,a,b\n", i);
    fclose(o);
    const char *p = write_bytes(f, "many.csv", text, len, 0);
    free(text);
    sn_ingest_opts opts = {0};
    opts.max_messages = 5;
    outcome a, b;
    read_serial(p, 0, &opts, &a);
    read_serial(p, 1, &opts, &b);
    same_store(&a.st, &b.st, p, "parallel");
    same_text(a.msgs, b.msgs, p, "parallel");
    assert_non_null(strstr(b.msgs, "2,995 more of the same kind ('bad time')"));
    assert_non_null(strstr(b.msgs, "at lines 7, 8, 9, 10, 11, \xe2\x80\xa6"));
    outcome_free(&a);
    outcome_free(&b);
}

/* An over-long or over-wide line is rejected where it goes too far; the next line is read. */
static void test_max_line_and_fields(void **state)
{
    fixture *f = *state;
    f->opts.max_line = 64;
    char row[400];
    memset(row, 'x', sizeof row);
    row[sizeof row - 1] = '\0';
    char text[1024];
    snprintf(text, sizeof text, "time,from,to\n0,a,%s\n1,a,b\n", row);
    const char *p = write_file(f, "long.csv", text);
    assert_int_equal(ingest(f, 1, p), SN_OK);
    assert_int_equal(f->st.n, 1);
    assert_int_equal(f->st.rejected, 1);
    expect_msg(f, p, "2:65: error: line is longer than 64 bytes; expected a shorter line");
    /* a row with far more fields than its header keeps only one more, and counts them all */
    char *wide = malloc(200000);
    assert_non_null(wide);
    size_t n = (size_t)snprintf(wide, 200000, "time,from,to\n0,a,b");
    for (int i = 0; i < 60000; i++)
        wide[n++] = ',';
    memcpy(wide + n, "\n1,a,b\n", 8);
    f->opts.max_line = 0;
    const char *w = write_file(f, "wide.csv", wide);
    free(wide);
    assert_int_equal(ingest(f, 1, w), SN_OK);
    expect_msg(f, w, "2:7: error: 60003 fields; expected 3 as in the header");
    /* JSONL lines too */
    f->opts.max_line = 32;
    const char *j = write_file(f, "c.jsonl",
                               "{\"time\":1,\"from\":\"a\",\"to\":\"b\"}\n"
                               "{\"time\":2,\"from\":\"a\",\"to\":\"b\",\"case\":\"long\"}\n");
    assert_int_equal(ingest(f, 1, j), SN_OK);
    expect_msg(f, j, "2:1: error: line is 44 bytes; expected at most 32");
}

/* Ids that differ only in surrounding white space or Unicode normal form are one actor. */
static void test_ids_trimmed_and_nfc(void **state)
{
    fixture *f = *state;
    const char *a = write_file(f, "actors.csv",
                               "id,name\n"
                               " a ,Anne\n"
                               "\xc3\xa5se,\xc3\x85se\n"); /* NFC å */
    const char *c = write_file(f, "contacts.csv",
                               "time,from,to\n"
                               "2024-01-01,a,\xc3\xa5se\n"
                               "2024-01-02,\ta,a\xcc\x8ase\n" /* NFD å */
                               "2024-01-03,\xc2\xa0"
                               "a\xc2\xa0, \xc3\xa5se \n"
                               "2024-01-04, ,a\n");
    assert_int_equal(ingest(f, 2, a, c), SN_OK);
    assert_int_equal(f->st.n_actors, 2);
    assert_int_equal(f->st.auto_actors, 0);
    assert_int_equal(f->st.n, 3);
    assert_int_equal(f->st.rejected, 1);
    idx(f, "a");
    idx(f, "\xc3\xa5se");
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(f->st.from[i], idx(f, "a"));
        assert_int_equal(f->st.to[i], idx(f, "\xc3\xa5se"));
    }
    /* " a ", "\ta", NBSP a NBSP, "a\u030ase", " åse " */
    assert_int_equal(f->st.ids_merged, 5);
    expect_msg(f, c, "5:12: error: empty 'from'; expected an actor id");
}

/* The kind of a JSONL file as the feed finds it: SN_OK and its kind, or the status. */
static sn_status feed_jsonl_kind(fixture *f, const char *name, const char *text,
                                 sn_input_kind *kind)
{
    sn_store st;
    sn_err err = {0};
    assert_int_equal(sn_store_init(&st, &err), SN_OK);
    sn_feed *fd;
    assert_int_equal(sn_feed_new(&st, name, NULL, &f->diag, &fd, &err), SN_OK);
    size_t used;
    sn_status rc = sn_feed_start(fd, text, strlen(text), &used, &err);
    if (rc == SN_OK) {
        assert_true(sn_feed_ready(fd));
        assert_int_equal(sn_feed_format_of(fd), SN_FEED_JSONL);
        *kind = sn_feed_kind(fd);
    }
    sn_feed_free(fd);
    sn_store_free(&st);
    return rc;
}

/* sn_ingest and the feed tell a JSONL file's kind from its first object alike. */
static void test_jsonl_kind_all_readers(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text;
        sn_input_kind kind; /* SN_INPUT_AUTO: neither */
    } cases[] = {
        {"{\"time\":1,\"from\":\"a\",\"to\":\"b\"}\n", SN_INPUT_CONTACTS},
        {"\xEF\xBB\xBF\n  \n{\"akt\xc3\xb8r\":\"c\",\"navn\":\"C\"}\n", SN_INPUT_ACTORS},
        {"{\"fra\":\"a\",\"til\":\"b\",\"tid\":2}\n", SN_INPUT_CONTACTS},
        {"\n\n{\"who\":\"a\",\"when\":1}\n", SN_INPUT_AUTO},
        {"{not json\n", SN_INPUT_AUTO},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "kind%zu.jsonl", i);
        const char *p = write_file(f, name, cases[i].text);
        sn_input_kind kind = SN_INPUT_AUTO;
        sn_status fed = feed_jsonl_kind(f, p, cases[i].text, &kind);
        if (cases[i].kind == SN_INPUT_AUTO) {
            long line = i == 3 ? 3 : 1;
            char want[128];
            snprintf(want, sizeof want, "%ld:1: error: cannot tell actors from contacts", line);
            assert_int_equal(fed, SN_EINPUT);
            expect_msg(f, p, want);
            assert_int_equal(ingest(f, 1, p), SN_EINPUT);
            /* the same message twice: once from the feed, once from sn_ingest */
            char full[512];
            snprintf(full, sizeof full, "%s:%s", p, want);
            const char *t = diag_text(f), *at = strstr(t, full);
            assert_non_null(at);
            assert_non_null(strstr(at + 1, full));
        } else {
            assert_int_equal(fed, SN_OK);
            assert_int_equal(kind, cases[i].kind);
            size_t actors = f->st.n_actors, contacts = f->st.n;
            if (ingest(f, 1, p) != SN_OK)
                fail_msg("%s: %s", p, diag_text(f));
            if (cases[i].kind == SN_INPUT_ACTORS) {
                assert_int_equal(f->st.n_actors, actors + 1);
                assert_int_equal(f->st.n, contacts);
            } else {
                assert_int_equal(f->st.n, contacts + 1);
            }
        }
    }
}

/* ---- encodings, --map, --channel-map ---- */

/* A file that is ASCII for more than the reader's buffer, then Windows-1252: read as such. */
static void test_windows_1252_late(void **state)
{
    fixture *f = *state;
    const char *actors = write_file(f, "actors.csv", "id;name\na1;x\na2;y\n");
    size_t n = 300000, len = 0;
    char *text = malloc(n + 200);
    assert_non_null(text);
    len += (size_t)sprintf(text, "time;from;to;channel\n");
    long rows = 0;
    while (len < n) {
        len += (size_t)sprintf(text + len, "2020-01-01T00:00:00Z;a1;a2;phone\n");
        rows++;
    }
    len += (size_t)sprintf(text + len, "2020-01-02T00:00:00Z;a2;a1;m\xf8te\n"); /* Windows-1252 */
    const char *c = write_bytes(f, "contacts.csv", text, len, 0);
    free(text);
    /* serially, and with the parallel reader, which leaves such a file to the serial one */
    for (int parallel = 0; parallel < 2; parallel++) {
        if (parallel) {
            setenv("SAMNETT_PARALLEL_MIN_BYTES", "1", 1);
            setenv("SAMNETT_THREADS", "4", 1);
            sn_store_free(&f->st);
            assert_int_equal(sn_store_init(&f->st, &f->err), SN_OK);
        }
        assert_int_equal(ingest(f, 2, actors, c), SN_OK);
        assert_int_equal(f->st.rejected, 0);
        assert_int_equal(f->st.n, (size_t)rows + 1);
        assert_int_equal(f->st.channel[f->st.n - 1], SN_CH_MEETING);
        assert_non_null(strstr(diag_text(f), "contacts.csv: note: read as Windows-1252"));
    }
    unsetenv("SAMNETT_PARALLEL_MIN_BYTES");
    unsetenv("SAMNETT_THREADS");
}

/* --encoding iso-8859-1 (compressed): every byte is a character; 0xD8 is Ø. */
static void test_latin1_forced(void **state)
{
    fixture *f = *state;
    const char *a = "id,name\na1,\xd8ystein\na2,\xc5se\n";
    const char *actors = write_bytes(f, "actors.csv.gz", a, strlen(a), 1);
    f->opts.encoding = SN_ENC_LATIN1;
    assert_int_equal(ingest(f, 1, actors), SN_OK);
    assert_string_equal(sn_store_attr(&f->st, 0, SN_ATTR_NAME), "\xc3\x98ystein");
    assert_string_equal(sn_store_attr(&f->st, 1, SN_ATTR_NAME), "\xc3\x85se");
    assert_null(strstr(diag_text(f), "note: read as"));
}

static void test_map_unknown_field(void **state)
{
    fixture *f = *state;
    const char *c = write_file(f, "contacts.csv", "Tid,from,to\n");
    f->opts.map = "tiem=Tid";
    assert_int_equal(ingest(f, 1, c), SN_EINPUT);
    assert_non_null(strstr(diag_text(f),
                           "--map: error: unknown field 'tiem'; expected one of id, name, type, "
                           "organisation, unit, rank, profession, time, from, to, channel, case, "
                           "meeting or weight\n"));
}

static void test_map_file_bad_line(void **state)
{
    fixture *f = *state;
    const char *c = write_file(f, "contacts.csv", "Tid,from,to\n");
    const char *map = write_file(f, "map.txt", "# columns\ntime=Tid\n  from Avsender\n");
    char opt[300];
    snprintf(opt, sizeof opt, "@%s", map);
    f->opts.map = opt;
    assert_int_equal(ingest(f, 1, c), SN_EINPUT);
    char want[400];
    snprintf(want, sizeof want,
             "%s:3:3: error: 'from Avsender' has no '='; expected field=Header\n", map);
    assert_non_null(strstr(diag_text(f), want));
}

/* A mapped field takes its column; the column its usual name names becomes an extra. */
static void test_map_takes_column(void **state)
{
    fixture *f = *state;
    const char *actors = write_file(f, "actors.csv", "Nr,id,Navn\nk1,x,Kari\nk2,y,Ola\n");
    const char *c = write_file(f, "contacts.csv", "Dato,Fra,Til\n2020-01-01,k1,k2\n");
    f->opts.map = "id=nr, time = DATO";
    assert_int_equal(ingest(f, 2, actors, c), SN_OK);
    assert_int_equal(f->st.rejected, 0);
    assert_int_equal(f->st.n, 1);
    assert_string_equal(sn_store_actor_id(&f->st, 0), "k1");
    assert_string_equal(sn_store_attr(&f->st, 0, SN_ATTR_NAME), "Kari");
}

/* --map names JSONL keys too. */
static void test_map_jsonl(void **state)
{
    fixture *f = *state;
    const char *actors = write_file(f, "actors.jsonl", "{\"Nr\":\"a1\"}\n{\"Nr\":\"a2\"}\n");
    const char *c =
        write_file(f, "contacts.jsonl",
                   "{\"N\xc3\xa5r\":\"2023-01-01T00:00:00Z\",\"from\":\"a1\",\"to\":\"a2\"}\n");
    f->opts.map = "id=Nr,time=N\xc3\x85R";
    assert_int_equal(ingest(f, 2, actors, c), SN_OK);
    assert_int_equal(f->st.rejected, 0);
    assert_int_equal(f->st.n, 1);
    assert_int_equal(f->st.auto_actors, 0);
}

static void test_channel_names(void **state)
{
    (void)state;
    assert_int_equal(sn_channel_lookup("PLO-melding", 11), SN_CH_E_MESSAGE);
    assert_int_equal(sn_channel_lookup("epost", 5), SN_CH_E_MESSAGE);
    assert_int_equal(sn_channel_lookup("E-post", 6), SN_CH_E_MESSAGE);
    assert_int_equal(sn_channel_lookup("Elektronisk melding", 19), SN_CH_E_MESSAGE);
    assert_int_equal(sn_channel_lookup("VIDEOM\xc3\x98TE", 12), SN_CH_VIDEO);
    assert_int_equal(sn_channel_lookup("Henvisning", 10), SN_CH_REFERRAL);
    assert_int_equal(sn_channel_lookup("Hjemmebes\xc3\xb8k", 13), SN_CH_VISIT);
    assert_int_equal(sn_channel_lookup("m\xc3\xb8te", 6), SN_CH_MEETING);
    assert_int_equal(sn_channel_lookup("Fysisk M\xc3\x98TE", 14), SN_CH_MEETING);
    assert_int_equal(sn_channel_lookup("kaffe", 5), -1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    sn_init();
    /* these tests count the calendar in UTC; zone-aware ones load their zone */
    sn_tz_use("UTC", NULL);
    const struct CMUnitTest tests[] = {
        T(test_actors_then_contacts),
        T(test_norwegian_headers),
        T(test_english_header_aliases),
        T(test_unknown_actor_and_self_contact),
        T(test_rejected_rows),
        T(test_rejected_actor_rows),
        T(test_unknown_channel_kept),
        T(test_time_of_day_after_midnight_row),
        T(test_strict_stops_at_first_problem),
        T(test_strict_unknown_actor),
        T(test_strict_self_contact),
        T(test_jsonl),
        T(test_jsonl_kind_all_readers),
        T(test_gzip_input),
        T(test_truncated_gzip),
        T(test_folder_sorted),
        T(test_folder_without_inputs),
        T(test_missing_file),
        T(test_empty_file),
        T(test_header_problems),
        T(test_max_field_option),
        T(test_max_field_option_jsonl),
        T(test_quiet_keeps_errors),
        T(test_short_row_column_counts_characters),
        T(test_weight_forms),
        T(test_stdin),
        T(test_regression_auto_actor_src_line),
        T(test_regression_actors_file_with_date_column),
        T(test_regression_jsonl_time_column),
        T(test_regression_jsonl_many_numbers),
        T(test_header_lone_cr_all_readers),
        T(test_differential_bad_corpus),
        T(test_differential_random_line_ends),
        T(test_differential_long_records),
        T(test_message_cap),
        T(test_message_cap_parallel),
        T(test_max_line_and_fields),
        T(test_ids_trimmed_and_nfc),
        T(test_windows_1252_late),
        T(test_latin1_forced),
        T(test_map_unknown_field),
        T(test_map_file_bad_line),
        T(test_map_takes_column),
        T(test_map_jsonl),
        T(test_channel_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
