/* test_intern.c - the string interner: dense ids, lookup, NUL bytes, growth, stable pointers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "samnett/error.h"
#include "samnett/intern.h"

static int setup(void **state)
{
    sn_intern *in = sn_intern_new();
    if (!in)
        return -1;
    *state = in;
    return 0;
}

static int teardown(void **state)
{
    sn_intern_free(*state);
    return 0;
}

/* The id sn_intern_add gives s[0..len) (which must succeed). */
static int64_t addn(sn_intern *in, const char *s, size_t len)
{
    uint32_t id = UINT32_MAX;
    assert_int_equal(sn_intern_add(in, s, len, &id), SN_OK);
    assert_true(id < sn_intern_count(in));
    return id;
}

static int64_t add(sn_intern *in, const char *s)
{
    return addn(in, s, strlen(s));
}

static int64_t find(sn_intern *in, const char *s)
{
    return sn_intern_find(in, s, strlen(s));
}

static void test_new_is_empty(void **state)
{
    sn_intern *in = *state;
    assert_int_equal(sn_intern_count(in), 0);
    assert_int_equal(find(in, "a"), -1);
    assert_int_equal(sn_intern_find(in, "", 0), -1);
    assert_true(sn_intern_bytes(in) > 0);
}

static void test_dense_stable_ids(void **state)
{
    sn_intern *in = *state;
    assert_int_equal(add(in, "alpha"), 0);
    assert_int_equal(add(in, "beta"), 1);
    assert_int_equal(add(in, "gamma"), 2);
    /* adding again returns the first id and adds nothing */
    assert_int_equal(add(in, "beta"), 1);
    assert_int_equal(add(in, "alpha"), 0);
    assert_int_equal(sn_intern_count(in), 3);
    assert_int_equal(add(in, "delta"), 3);
    assert_int_equal(sn_intern_count(in), 4);

    assert_int_equal(find(in, "alpha"), 0);
    assert_int_equal(find(in, "gamma"), 2);
    assert_int_equal(find(in, "delta"), 3);
    assert_string_equal(sn_intern_str(in, 0), "alpha");
    assert_string_equal(sn_intern_str(in, 1), "beta");
    assert_string_equal(sn_intern_str(in, 3), "delta");
    assert_int_equal(sn_intern_len(in, 0), 5);
    assert_int_equal(sn_intern_len(in, 1), 4);
}

static void test_find_missing(void **state)
{
    sn_intern *in = *state;
    add(in, "alpha");
    add(in, "beta");
    assert_int_equal(find(in, "alph"), -1);   /* a prefix */
    assert_int_equal(find(in, "alphaa"), -1); /* an extension */
    assert_int_equal(find(in, "Alpha"), -1);  /* case matters */
    assert_int_equal(find(in, "gamma"), -1);
    assert_int_equal(sn_intern_find(in, "", 0), -1);
    /* find never adds */
    assert_int_equal(sn_intern_count(in), 2);
    /* length-limited lookup: "alphabet"[0..5) is "alpha" */
    assert_int_equal(sn_intern_find(in, "alphabet", 5), 0);
    assert_int_equal(addn(in, "betamax", 4), 1);
    assert_int_equal(sn_intern_count(in), 2);
}

static void test_embedded_nul(void **state)
{
    sn_intern *in = *state;
    int64_t a = addn(in, "a\0b", 3);
    int64_t c = addn(in, "a\0c", 3);
    int64_t plain = addn(in, "a", 1);
    int64_t nul1 = addn(in, "\0", 1);
    int64_t nul2 = addn(in, "\0\0", 2);
    assert_int_equal(a, 0);
    assert_int_equal(c, 1);
    assert_int_equal(plain, 2);
    assert_int_equal(nul1, 3);
    assert_int_equal(nul2, 4);
    assert_int_equal(sn_intern_count(in), 5);
    assert_int_equal(sn_intern_len(in, 0), 3);
    assert_memory_equal(sn_intern_str(in, 0), "a\0b", 4); /* incl. the terminating NUL */
    assert_memory_equal(sn_intern_str(in, 1), "a\0c", 4);
    assert_int_equal(sn_intern_len(in, 4), 2);
    assert_int_equal(sn_intern_find(in, "a\0b", 3), 0);
    assert_int_equal(sn_intern_find(in, "a\0c", 3), 1);
    assert_int_equal(sn_intern_find(in, "a\0d", 3), -1);
    assert_int_equal(sn_intern_find(in, "a\0", 2), -1);
    assert_int_equal(sn_intern_find(in, "\0\0", 2), 4);
}

static void test_empty_string(void **state)
{
    sn_intern *in = *state;
    assert_int_equal(add(in, "x"), 0);
    assert_int_equal(addn(in, "", 0), 1);
    assert_int_equal(addn(in, "ignored", 0), 1); /* len 0 is "" whatever the pointer */
    assert_int_equal(sn_intern_find(in, "", 0), 1);
    assert_string_equal(sn_intern_str(in, 1), "");
    assert_int_equal(sn_intern_len(in, 1), 0);
    assert_int_equal(sn_intern_count(in), 2);
}

/* xorshift64*: a fixed sequence, so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

enum { N_RANDOM = 100000, MAX_LEN = 48 };

/*
 * String i: 4 bytes of i (little-endian, so all strings differ) then 0..43 random
 * bytes, NUL included. Some are long enough to need more than one arena chunk.
 */
static size_t make_string(uint32_t i, unsigned char *buf)
{
    buf[0] = (unsigned char)i;
    buf[1] = (unsigned char)(i >> 8);
    buf[2] = (unsigned char)(i >> 16);
    buf[3] = (unsigned char)(i >> 24);
    size_t len = 4 + (size_t)(rnd() % (MAX_LEN - 4));
    for (size_t k = 4; k < len; k++)
        buf[k] = (unsigned char)rnd();
    return len;
}

static void test_random_round_trip(void **state)
{
    sn_intern *in = *state;
    unsigned char(*strs)[MAX_LEN] = malloc((size_t)N_RANDOM * MAX_LEN);
    size_t *lens = malloc(N_RANDOM * sizeof *lens);
    const char **early = malloc(100 * sizeof *early);
    assert_non_null(strs);
    assert_non_null(lens);
    assert_non_null(early);
    size_t bytes0 = sn_intern_bytes(in);

    for (uint32_t i = 0; i < N_RANDOM; i++) {
        lens[i] = make_string(i, strs[i]);
        int64_t id = addn(in, (const char *)strs[i], lens[i]);
        assert_int_equal(id, i);
        if (i < 100)
            early[i] = sn_intern_str(in, i);
    }
    assert_int_equal(sn_intern_count(in), N_RANDOM);
    /* the table, arena and id arrays grew */
    assert_true(sn_intern_bytes(in) > bytes0 + (size_t)N_RANDOM * 4);

    for (uint32_t i = 0; i < N_RANDOM; i++) {
        assert_int_equal(sn_intern_find(in, (const char *)strs[i], lens[i]), i);
        assert_int_equal(sn_intern_len(in, i), lens[i]);
        const char *s = sn_intern_str(in, i);
        assert_memory_equal(s, strs[i], lens[i]);
        assert_int_equal(s[lens[i]], '\0');
        /* re-adding changes nothing */
        assert_int_equal(addn(in, (const char *)strs[i], lens[i]), i);
    }
    assert_int_equal(sn_intern_count(in), N_RANDOM);

    /* pointers handed out before the growth still point at the same bytes */
    for (uint32_t i = 0; i < 100; i++) {
        assert_ptr_equal(early[i], sn_intern_str(in, i));
        assert_memory_equal(early[i], strs[i], lens[i]);
    }

    /* strings that were never added are still missing: a changed first byte */
    for (uint32_t i = 0; i < 1000; i++) {
        unsigned char tmp[MAX_LEN + 1];
        memcpy(tmp, strs[i], lens[i]);
        tmp[3] = 0xFF; /* ids stay below 2^24, so byte 3 is 0 in every added string */
        assert_int_equal(sn_intern_find(in, (const char *)tmp, lens[i]), -1);
    }
    free(strs);
    free(lens);
    free(early);
}

/*
 * 300000 five-byte strings "\0" + 4 index bytes. With a 32-bit hash, some pairs collide
 * (about n^2 / 2^33 = 10), so this checks that equal hashes are told apart by length and
 * every byte, NULs included, not by a C-string compare that stops at the first NUL.
 */
static void test_collisions_resolved_by_content(void **state)
{
    sn_intern *in = *state;
    enum { N = 300000 };
    for (uint32_t i = 0; i < N; i++) {
        char s[5] = {0, (char)i, (char)(i >> 8), (char)(i >> 16), (char)(i >> 24)};
        assert_int_equal(addn(in, s, 5), i);
    }
    /* the same bytes, shorter: never added */
    assert_int_equal(sn_intern_find(in, "\0\0\0\0", 4), -1);
    for (uint32_t i = 0; i < N; i++) {
        char s[5] = {0, (char)i, (char)(i >> 8), (char)(i >> 16), (char)(i >> 24)};
        if (sn_intern_find(in, s, 5) != i)
            fail_msg("string %u found as %lld", i, (long long)sn_intern_find(in, s, 5));
    }
    assert_int_equal(sn_intern_count(in), N);
}

static void test_long_strings(void **state)
{
    sn_intern *in = *state;
    /* longer than an arena chunk (64 KiB) */
    size_t big = 200000;
    char *s = malloc(big);
    assert_non_null(s);
    for (size_t i = 0; i < big; i++)
        s[i] = (char)('a' + i % 26);
    assert_int_equal(add(in, "small"), 0);
    const char *small = sn_intern_str(in, 0);
    assert_int_equal(addn(in, s, big), 1);
    assert_int_equal(addn(in, s, big - 1), 2);
    assert_int_equal(sn_intern_len(in, 1), big);
    assert_memory_equal(sn_intern_str(in, 1), s, big);
    assert_int_equal(sn_intern_str(in, 1)[big], '\0');
    assert_int_equal(sn_intern_find(in, s, big), 1);
    assert_int_equal(sn_intern_find(in, s, big - 1), 2);
    assert_int_equal(add(in, "after"), 3);
    assert_ptr_equal(sn_intern_str(in, 0), small);
    assert_string_equal(small, "small");
    assert_string_equal(sn_intern_str(in, 3), "after");
    free(s);
}

/* The status and the out parameter: SN_OK with the id, new or existing; SN_ENOMEM leaves it. */
static void test_add_status(void **state)
{
    sn_intern *in = *state;
    uint32_t id = 99;
    assert_int_equal(sn_intern_add(in, "one", 3, &id), SN_OK);
    assert_int_equal(id, 0);
    assert_int_equal(sn_intern_add(in, "two", 3, &id), SN_OK);
    assert_int_equal(id, 1);
    id = 99;
    assert_int_equal(sn_intern_add(in, "one", 3, &id), SN_OK); /* existing: its id */
    assert_int_equal(id, 0);
    assert_int_equal(sn_intern_count(in), 2);
#if SIZE_MAX > UINT32_MAX
    /* a string longer than an id's length can hold is refused before it is read */
    id = 99;
    assert_int_equal(sn_intern_add(in, "x", (size_t)UINT32_MAX + 1, &id), SN_ENOMEM);
    assert_int_equal(id, 99);
    assert_int_equal(sn_intern_count(in), 2);
#endif
}

int main(void)
{
    sn_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_is_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dense_stable_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_embedded_nul, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_collisions_resolved_by_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_status, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
