/*
 * test_privacy_apply.c - keyed pseudonyms against an independent reference,
 * and the store transform of the privacy profiles (sn_privacy_apply).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "samnett/error.h"
#include "samnett/privacy.h"
#include "samnett/store.h"

/* The key 00 01 02 ... 1f. */
static void fixed_key(sn_privacy *p)
{
    for (int i = 0; i < SN_PRIVACY_KEY_BYTES; i++)
        p->key[i] = (unsigned char)i;
    p->has_key = 1;
}

/*
 * The expected pseudonyms were computed with Python's hmac and hashlib, not
 * with samnett:
 *
 *   mac = hmac.new(bytes(range(32)), b"actor:" + id.encode(), hashlib.sha256).digest()[:16]
 *   n = int.from_bytes(mac, "big") << 2          # 128 bits padded to 26 x 5
 *   "a-" + "".join("0123456789abcdefghjkmnpqrstvwxyz"[(n >> (5 * (25 - k))) & 31]
 *                  for k in range(26))
 *
 * (namespace "case" and prefix "c-", "meeting" and "m-" alike).
 */
static const struct {
    const char *ns, *id, *expected;
} reference[] = {
    {"actor", "gp-k03-05", "a-j7q2jg1kyvgdyavpdf3988nyvg"},
    {"actor", "Kari Nordmann", "a-mga5gsce9x7e6kve0swr71996w"},
    {"actor", "\xc3\xa6\xc3\xb8\xc3\xa5-1", "a-ey85ts0d5nsq9340cff2gpmk1c"}, /* "æøå-1" */
    {"case", "K-2024-0001", "c-v2kr5s030gmbfz80jwqm12kaxr"},
    {"meeting", "M1", "m-yk9hwnfsnkgsv74wn2y7vbrg40"},
};

static void test_pseudonym_reference(void **state)
{
    (void)state;
    sn_privacy p = {0};
    fixed_key(&p);
    for (size_t i = 0; i < sizeof reference / sizeof *reference; i++) {
        char out[SN_PSEUDONYM_MAX];
        sn_privacy_pseudonym(&p, reference[i].ns, reference[i].id, strlen(reference[i].id), out);
        assert_string_equal(out, reference[i].expected);
    }
    /* another key: every one differs */
    p.key[0] ^= 1;
    for (size_t i = 0; i < sizeof reference / sizeof *reference; i++) {
        char out[SN_PSEUDONYM_MAX];
        sn_privacy_pseudonym(&p, reference[i].ns, reference[i].id, strlen(reference[i].id), out);
        assert_string_not_equal(out, reference[i].expected);
    }
}

/*
 * A small store: five actors in three organisations (Sykehuset 3, Legekontor
 * 1, Kommunen 1), a sixth made from a contact (no organisation), an extra
 * column "kommune" and one "notat", two cases and a meeting.
 */
static void small_store(sn_store *s)
{
    sn_err err;
    assert_int_equal(sn_store_init(s, &err), SN_OK);
    static const char *const rows[][5] = {
        {"A1", "Kari Nordmann", "Sykehuset", "Akutten", "lege"},
        {"A2", "Ola Hansen", "Sykehuset", "Akutten", "sykepleier"},
        {"A3", "Per Olsen", "Sykehuset", "Medisin", "lege"},
        {"B1", "Eva Berg", "Legekontor Berg", "Fastlege", "lege"},
        {"C1", "Nils Dahl", "Kommunen", "Heimetenesta", "sykepleier"},
    };
    uint32_t kommune, notat;
    assert_int_equal(sn_store_string(s, "kommune", 7, &kommune), SN_OK);
    assert_int_equal(sn_store_string(s, "notat", 5, &notat), SN_OK);
    for (size_t i = 0; i < 5; i++) {
        uint32_t idx;
        int added;
        assert_int_equal(
            sn_store_actor_add(s, rows[i][0], strlen(rows[i][0]), 0, 2 + (uint32_t)i, &idx, &added),
            SN_OK);
        assert_int_equal(idx, i);
        const sn_attr at[4] = {SN_ATTR_NAME, SN_ATTR_ORGANISATION, SN_ATTR_UNIT,
                               SN_ATTR_PROFESSION};
        for (int k = 0; k < 4; k++) {
            uint32_t v;
            assert_int_equal(sn_store_string(s, rows[i][k + 1], strlen(rows[i][k + 1]), &v), SN_OK);
            s->actors[idx].attr[at[k]] = v;
        }
        uint32_t v;
        assert_int_equal(sn_store_string(s, "Vestby", 6, &v), SN_OK);
        assert_int_equal(sn_store_actor_extra(s, kommune, v), SN_OK);
        if (i == 1) {
            assert_int_equal(sn_store_string(s, "ring etter kl 14", 16, &v), SN_OK);
            assert_int_equal(sn_store_actor_extra(s, notat, v), SN_OK);
        }
    }
    uint32_t x;
    assert_int_equal(sn_store_actor_add(s, "X9", 2, 0, 0, &x, NULL), SN_OK);
    s->actors[x].auto_created = 1;
    uint32_t c1, c2, m1;
    assert_int_equal(sn_intern_add(s->cases, "K-2024-0001", 11, &c1), SN_OK);
    assert_int_equal(sn_intern_add(s->cases, "K-2024-0002", 11, &c2), SN_OK);
    assert_int_equal(sn_intern_add(s->meetings, "M1", 2, &m1), SN_OK);
    assert_int_equal(sn_store_contact_add(s, 100, 0, 3, SN_CH_PHONE, c1 + 1, 0, 1), SN_OK);
    assert_int_equal(sn_store_contact_add(s, 200, 3, 4, SN_CH_PHONE, c2 + 1, 0, 1), SN_OK);
    assert_int_equal(sn_store_contact_add(s, 300, 0, 1, SN_CH_MEETING, 0, m1 + 1, 1), SN_OK);
    assert_int_equal(sn_store_contact_add(s, 400, 1, 5, SN_CH_PHONE, c1 + 1, 0, 1), SN_OK);
}

/* Internal without a key: only the case ids change, to c-1, c-2 in the order met. */
static void test_internal_numbers_cases(void **state)
{
    (void)state;
    sn_store s;
    small_store(&s);
    sn_privacy p = {0};
    sn_err err;
    assert_int_equal(sn_privacy_apply(&s, &p, &err), SN_OK);
    assert_int_equal(sn_intern_count(s.cases), 2);
    assert_string_equal(sn_intern_str(s.cases, 0), "c-1");
    assert_string_equal(sn_intern_str(s.cases, 1), "c-2");
    assert_int_equal(sn_intern_find(s.cases, "K-2024-0001", 11), -1);
    assert_int_equal(sn_store_case(&s, 0), 1);
    assert_int_equal(sn_store_case(&s, 3), 1);
    assert_int_equal(sn_store_case(&s, 1), 2);
    assert_int_equal(p.cases_pseudonymised, 2);
    assert_string_equal(sn_store_actor_id(&s, 0), "A1"); /* actors as they were */
    assert_string_equal(sn_store_attr(&s, 0, SN_ATTR_NAME), "Kari Nordmann");
    assert_string_equal(sn_intern_str(s.meetings, 0), "M1");
    assert_false(p.key_one_off);
    sn_store_free(&s);
}

/* Internal with a key: the cases get their keyed pseudonyms. */
static void test_internal_keyed_cases(void **state)
{
    (void)state;
    sn_store s;
    small_store(&s);
    sn_privacy p = {0};
    fixed_key(&p);
    sn_err err;
    assert_int_equal(sn_privacy_apply(&s, &p, &err), SN_OK);
    assert_string_equal(sn_intern_str(s.cases, 0), reference[3].expected);
    assert_string_equal(sn_store_actor_id(&s, 0), "A1");
    sn_store_free(&s);
}

static void test_shared(void **state)
{
    (void)state;
    sn_store s;
    small_store(&s);
    sn_privacy p = {.profile = SN_PRIVACY_SHARED, .min_cell = 3};
    fixed_key(&p);
    const char *keep[] = {"kommune"};
    p.keep_columns = keep;
    p.n_keep_columns = 1;
    sn_err err;
    assert_int_equal(sn_privacy_apply(&s, &p, &err), SN_OK);
    /* ids: pseudonyms at the same indices, found by their pseudonyms only */
    char want[SN_PSEUDONYM_MAX];
    static const char *const ids[] = {"A1", "A2", "A3", "B1", "C1", "X9"};
    for (uint32_t a = 0; a < 6; a++) {
        sn_privacy_pseudonym(&p, "actor", ids[a], strlen(ids[a]), want);
        assert_string_equal(sn_store_actor_id(&s, a), want);
        assert_int_equal(sn_store_actor_find(&s, want, strlen(want)), a);
        assert_int_equal(sn_store_actor_find(&s, ids[a], strlen(ids[a])), -1);
        /* names and professions gone; the type, organisation and unit stay */
        assert_string_equal(sn_store_attr(&s, a, SN_ATTR_NAME), "");
        assert_string_equal(sn_store_attr(&s, a, SN_ATTR_PROFESSION), "");
    }
    assert_string_equal(sn_store_attr(&s, 0, SN_ATTR_ORGANISATION), "Sykehuset");
    assert_string_equal(sn_store_attr(&s, 0, SN_ATTR_UNIT), "Akutten");
    assert_int_equal(p.actors_pseudonymised, 6);
    assert_int_equal(p.cases_pseudonymised, 2);
    assert_int_equal(p.meetings_pseudonymised, 1);
    /* 5 names and 5 professions and the note; the kept column stays */
    assert_int_equal(p.attributes_dropped, 11);
    for (uint32_t a = 0; a < 5; a++) {
        assert_int_equal(s.actors[a].extra_count, 1);
        assert_string_equal(sn_store_attr_named(&s, a, "kommune"), "Vestby");
        assert_null(sn_store_attr_named(&s, a, "notat"));
    }
    assert_int_equal(s.n_extra, 5);
    assert_string_equal(sn_intern_str(s.cases, 0), reference[3].expected);
    assert_string_equal(sn_intern_str(s.meetings, 0), reference[4].expected);
    /* the contacts still point at the same actors, cases and meetings */
    assert_int_equal(s.from[1], 3);
    assert_int_equal(sn_store_case(&s, 1), 2);
    assert_int_equal(sn_store_meeting(&s, 2), 1);
    /* a raw id given on the command line finds its pseudonym; a pseudonym is kept */
    char out[SN_PSEUDONYM_MAX];
    sn_privacy_pseudonym(&p, "actor", "B1", 2, want);
    assert_string_equal(sn_privacy_actor_ref(&p, &s, "B1", out), want);
    assert_string_equal(sn_privacy_actor_ref(&p, &s, want, out), want);
    assert_string_equal(sn_privacy_actor_ref(&p, &s, "Sykehuset", out), "Sykehuset");
    assert_false(p.key_one_off);
    sn_store_free(&s);
}

/* Shared without a key: a one-off key, said in p. */
static void test_shared_one_off_key(void **state)
{
    (void)state;
    sn_store s1, s2;
    small_store(&s1);
    small_store(&s2);
    sn_privacy p1 = {.profile = SN_PRIVACY_SHARED}, p2 = {.profile = SN_PRIVACY_SHARED};
    sn_err err;
    assert_int_equal(sn_privacy_apply(&s1, &p1, &err), SN_OK);
    assert_int_equal(sn_privacy_apply(&s2, &p2, &err), SN_OK);
    assert_true(p1.key_one_off && p1.has_key);
    assert_int_equal(strncmp(sn_store_actor_id(&s1, 0), "a-", 2), 0);
    assert_string_not_equal(sn_store_actor_id(&s1, 0), sn_store_actor_id(&s2, 0));
    sn_store_free(&s1);
    sn_store_free(&s2);
}

/* --merge-small-orgs 2: Legekontor Berg and Kommunen (1 actor each) become andre. */
static void test_merge_small_orgs(void **state)
{
    (void)state;
    sn_store s;
    small_store(&s);
    sn_privacy p = {.merge_small_orgs = 2};
    sn_err err;
    assert_int_equal(sn_privacy_apply(&s, &p, &err), SN_OK);
    assert_int_equal(p.organisations_merged, 2);
    assert_string_equal(sn_store_attr(&s, 3, SN_ATTR_ORGANISATION), SN_PRIVACY_OTHER_ORG);
    assert_string_equal(sn_store_attr(&s, 3, SN_ATTR_UNIT), "");
    assert_string_equal(sn_store_attr(&s, 4, SN_ATTR_ORGANISATION), SN_PRIVACY_OTHER_ORG);
    assert_string_equal(sn_store_attr(&s, 0, SN_ATTR_ORGANISATION), "Sykehuset");
    assert_string_equal(sn_store_attr(&s, 0, SN_ATTR_UNIT), "Akutten");
    assert_string_equal(sn_store_attr(&s, 5, SN_ATTR_ORGANISATION), ""); /* none: left alone */
    sn_store_free(&s);

    /* 4: Sykehuset (3 actors) too */
    small_store(&s);
    p = (sn_privacy){.merge_small_orgs = 4};
    assert_int_equal(sn_privacy_apply(&s, &p, &err), SN_OK);
    assert_int_equal(p.organisations_merged, 3);
    for (uint32_t a = 0; a < 5; a++)
        assert_string_equal(sn_store_attr(&s, a, SN_ATTR_ORGANISATION), SN_PRIVACY_OTHER_ORG);
    sn_store_free(&s);
}

/* A store read from a keyed watch state: the ids stay as they are. */
static void test_ids_done(void **state)
{
    (void)state;
    sn_store s;
    small_store(&s);
    sn_privacy p = {.profile = SN_PRIVACY_SHARED, .ids_done = 1};
    fixed_key(&p);
    sn_err err;
    assert_int_equal(sn_privacy_apply(&s, &p, &err), SN_OK);
    assert_string_equal(sn_store_actor_id(&s, 0), "A1");
    assert_string_equal(sn_intern_str(s.cases, 0), "K-2024-0001");
    assert_string_equal(sn_store_attr(&s, 0, SN_ATTR_NAME), "");
    sn_store_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pseudonym_reference),
        cmocka_unit_test(test_internal_numbers_cases),
        cmocka_unit_test(test_internal_keyed_cases),
        cmocka_unit_test(test_shared),
        cmocka_unit_test(test_shared_one_off_key),
        cmocka_unit_test(test_merge_small_orgs),
        cmocka_unit_test(test_ids_done),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
