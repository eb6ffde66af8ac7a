/*
 * test_network_files.c - the ties as the network files show them
 * (sn_analysis_ties: channels, times, the windows of each tie and node, with
 * min_contacts and summed weights) and the XML text of GraphML and GEXF
 * (markup, TAB and the C0 controls XML cannot hold).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samnett/analysis.h"
#include "samnett/output.h"
#include "fixture.h"

#define DAY 86400
#define T0 1704067200 /* 2024-01-01T00:00:00Z, a Monday */

/*
 * a->b: 2 contacts on day 0 (phone), 1 on day 8 (weight 3, e-message);
 * b->c: 1 on day 9. Weekly windows: [day 0, day 7) and [day 7, day 10).
 */
static void add_contacts(uint32_t a, uint32_t b, uint32_t c)
{
    sn_store_contact_add(&st, T0 + 3600, a, b, SN_CH_PHONE, 0, 0, 1.0f);
    sn_store_contact_add(&st, T0 + 7200, a, b, SN_CH_PHONE, 0, 0, 1.0f);
    sn_store_contact_add(&st, T0 + 8 * DAY, a, b, SN_CH_E_MESSAGE, 0, 0, 3.0f);
    sn_store_contact_add(&st, T0 + 9 * DAY, b, c, SN_CH_PHONE, 0, 0, 1.0f);
}

static void run(sn_analysis_opts *ao, sn_analysis *an, sn_network_ties *t)
{
    sn_err err = {0};
    assert_int_equal(sn_span_parse("week", &ao->temporal.window), SN_OK);
    ao->temporal.has_window = 1;
    assert_int_equal(sn_analysis_run(&st, ao, an, &err), SN_OK);
    assert_int_equal(sn_analysis_ties(an, t, &err), SN_OK);
}

static void test_ties_windows(void **state)
{
    (void)state;
    uint32_t a = add_actor("a", "A", ""), b = add_actor("b", "B", ""), c = add_actor("c", "C", "");
    add_contacts(a, b, c);
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    ao.silo.permutations = 10;
    sn_analysis an;
    sn_network_ties t;
    run(&ao, &an, &t);
    const sn_net *net = &an.net;
    assert_int_equal(net->n_ties, 2);
    assert_int_equal(t.n_windows, 2);
    int64_t ab = sn_net_tie(net, net->node_of_actor[a], net->node_of_actor[b]);
    int64_t bc = sn_net_tie(net, net->node_of_actor[b], net->node_of_actor[c]);
    assert_true(ab >= 0 && bc >= 0);
    uint32_t nch = t.details.n_channels;
    assert_int_equal(t.details.channels[ab * nch + SN_CH_PHONE], 2);
    assert_int_equal(t.details.channels[ab * nch + SN_CH_E_MESSAGE], 1);
    assert_int_equal(t.details.first[ab], T0 + 3600);
    assert_int_equal(t.details.last[ab], T0 + 8 * DAY);
    /* a->b in both windows (2, then 1 contact), b->c in the second */
    assert_int_equal(t.tie_start[ab + 1] - t.tie_start[ab], 2);
    assert_int_equal(t.tie_window[t.tie_start[ab]], 0);
    assert_int_equal(t.tie_window[t.tie_start[ab] + 1], 1);
    assert_near(t.tie_weight[t.tie_start[ab]], 2, 0);
    assert_near(t.tie_weight[t.tie_start[ab] + 1], 1, 0);
    assert_int_equal(t.tie_start[bc + 1] - t.tie_start[bc], 1);
    assert_int_equal(t.tie_window[t.tie_start[bc]], 1);
    /* a in both windows, c in the second */
    uint32_t vc = net->node_of_actor[c], va = net->node_of_actor[a];
    assert_int_equal(t.node_start[va + 1] - t.node_start[va], 2);
    assert_int_equal(t.node_start[vc + 1] - t.node_start[vc], 1);
    assert_int_equal(t.node_window[t.node_start[vc]], 1);
    sn_network_ties_free(&t);
    sn_analysis_free(&an);

    /* summed weights; a tie needs 2 contacts in a window as in the whole view */
    ao.view.weight = SN_WEIGHT_SUM;
    ao.view.min_contacts = 2;
    run(&ao, &an, &t);
    net = &an.net;
    assert_int_equal(net->n_ties, 1); /* b->c has one contact */
    assert_int_equal(t.tie_start[1] - t.tie_start[0], 1);
    assert_int_equal(t.tie_window[0], 0);
    assert_near(t.tie_weight[0], 2, 0);
    assert_near(t.tie_contacts[0], 2, 0);
    assert_int_equal(t.node_start[net->n_nodes], 2); /* a and b, in the first window */
    sn_network_ties_free(&t);
    sn_analysis_free(&an);
}

static void test_xml_text(void **state)
{
    (void)state;
    uint32_t a = add_actor("x<&\"'\x01\t\xc2\x85", "O&O", "");
    uint32_t b = add_actor("b", "B", "");
    add_contacts(a, b, b);
    sn_analysis_opts ao;
    sn_analysis_opts_init(&ao);
    ao.silo.permutations = 10;
    sn_analysis an;
    sn_network_ties t;
    run(&ao, &an, &t);
    sn_report r = {.store = &st, .an = &an, .ties = &t};
    for (int gexf = 0; gexf < 2; gexf++) {
        char *out = NULL;
        size_t len;
        sn_err err = {0};
        FILE *f = open_memstream(&out, &len);
        assert_non_null(f);
        assert_int_equal(gexf ? sn_report_gexf(&r, f, &err) : sn_report_graphml(&r, f, &err),
                         SN_OK);
        fclose(f);
        assert_non_null(strstr(out, "\"x&lt;&amp;&quot;&apos;\\x01&#9;\xc2\x85\""));
        assert_non_null(strstr(out, "O&amp;O"));
        assert_null(strchr(out, '\x01'));
        if (gexf) {
            assert_non_null(strstr(out, "mode=\"dynamic\" timeformat=\"date\" start=\"2024-01-01\" "
                                        "end=\"2024-01-10\""));
            assert_non_null(strstr(out, "<spell start=\"2024-01-08\" end=\"2024-01-10\"/>"));
            assert_non_null(
                strstr(out, "<attvalue for=\"window_weight\" value=\"2\" start=\"2024-01-01\" "
                            "end=\"2024-01-07\"/>"));
        } else {
            assert_non_null(strstr(out, "attr.name=\"contacts_phone\" attr.type=\"long\""));
        }
        free(out);
    }
    /* without the ties, the files are refused */
    sn_report bare = {.store = &st, .an = &an};
    sn_err err = {0};
    FILE *f = fopen("/dev/null", "w");
    assert_non_null(f);
    assert_int_equal(sn_report_graphml(&bare, f, &err), SN_EUSAGE);
    fclose(f);
    sn_network_ties_free(&t);
    sn_analysis_free(&an);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ties_windows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xml_text, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
