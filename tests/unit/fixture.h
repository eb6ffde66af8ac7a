/*
 * fixture.h - a small hand-built event store for the unit tests: one store
 * per test (setup/teardown), actors with an organisation and a unit, and a
 * tolerance assertion. Include it once, after <cmocka.h>.
 */
#ifndef SAMNETT_TEST_FIXTURE_H
#define SAMNETT_TEST_FIXTURE_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "samnett/store.h"

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.12g, expected %.12g", #a, a_, b_);                                    \
    } while (0)

static sn_store st;

static int setup(void **state)
{
    (void)state;
    sn_err err;
    return sn_store_init(&st, &err) == SN_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sn_store_free(&st);
    return 0;
}

/* An actor with an organisation and a unit ("" for none); returns its index. */
static uint32_t add_actor(const char *id, const char *org, const char *unit)
{
    uint32_t a, o, u;
    int added;
    assert_int_equal(sn_store_actor_add(&st, id, strlen(id), 0, 0, &a, &added), SN_OK);
    assert_int_equal(added, 1);
    assert_int_equal(sn_store_string(&st, org, strlen(org), &o), SN_OK);
    assert_int_equal(sn_store_string(&st, unit, strlen(unit), &u), SN_OK);
    st.actors[a].attr[SN_ATTR_ORGANISATION] = o;
    st.actors[a].attr[SN_ATTR_UNIT] = u;
    return a;
}

#endif
