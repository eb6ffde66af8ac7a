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
    int64_t a = sn_store_actor_add(&st, id, strlen(id), 0, 0);
    assert_true(a >= 0);
    int64_t o = sn_store_string(&st, org, strlen(org));
    int64_t u = sn_store_string(&st, unit, strlen(unit));
    assert_true(o >= 0 && u >= 0);
    st.actors[a].attr[SN_ATTR_ORGANISATION] = (uint32_t)o;
    st.actors[a].attr[SN_ATTR_UNIT] = (uint32_t)u;
    return (uint32_t)a;
}

#endif
