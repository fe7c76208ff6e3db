/* test-flow.c
 * Which end of a flow is the server (apple-flow.h): the handshake's port
 * when TCP saw one, otherwise the lower port; and the label that follows.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "apple-flow.h"

#define NO_HANDSHAKE 0

/* Asserts the label of a packet from src to dst, and that the packet
 * going the other way gets the same one. row is 0 for "no label". */
static void assert_label(const apple_index_t *index, apple_transport_t t,
                         uint16_t src, uint16_t dst, uint16_t handshake,
                         uint16_t server_port, apple_server_by_t by, unsigned row)
{
    apple_flow_label_t forward, reverse;
    bool labelled = apple_flow_label(index, t, src, dst, handshake, &forward);

    assert_int_equal(forward.server_port, server_port);
    assert_int_equal(forward.server_by, by);
    if (row == 0) {
        assert_true(!labelled);
        assert_null(forward.match);
    } else {
        assert_true(labelled);
        assert_non_null(forward.match);
        assert_int_equal(forward.match->n_rows, 1);
        assert_true(forward.match->rows[0] == builtin_row(row));
    }

    assert_true(apple_flow_label(index, t, dst, src, handshake, &reverse) == labelled);
    assert_int_equal(reverse.server_port, forward.server_port);
    assert_int_equal(reverse.server_by, forward.server_by);
    assert_true(reverse.match == forward.match);
}

static void test_server_port(void **state)
{
    apple_server_by_t by = 0;

    (void)state;
    assert_int_equal(apple_flow_server_port(52000, 443, 443, &by), 443);
    assert_int_equal(by, APPLE_SERVER_BY_HANDSHAKE);
    assert_int_equal(apple_flow_server_port(443, 52000, 443, &by), 443);
    assert_int_equal(by, APPLE_SERVER_BY_HANDSHAKE);
    /* the handshake may name the higher port */
    assert_int_equal(apple_flow_server_port(50000, 63000, 63000, &by), 63000);
    assert_int_equal(by, APPLE_SERVER_BY_HANDSHAKE);
    assert_int_equal(apple_flow_server_port(63000, 50000, NO_HANDSHAKE, &by), 50000);
    assert_int_equal(by, APPLE_SERVER_BY_LOWER_PORT);
    assert_int_equal(apple_flow_server_port(50000, 63000, NO_HANDSHAKE, &by), 50000);
    assert_int_equal(by, APPLE_SERVER_BY_LOWER_PORT);
    assert_int_equal(apple_flow_server_port(5353, 5353, NO_HANDSHAKE, &by), 5353);
    assert_int_equal(by, APPLE_SERVER_BY_LOWER_PORT);
}

static void test_handshake_port_off_the_packet_is_ignored(void **state)
{
    const apple_index_t *index = *state;
    apple_server_by_t by = 0;

    assert_int_equal(apple_flow_server_port(52000, 443, 8080, &by), 443);
    assert_int_equal(by, APPLE_SERVER_BY_LOWER_PORT);
    assert_int_equal(apple_flow_server_port(3000, 5900, 22, &by), 3000);
    assert_int_equal(by, APPLE_SERVER_BY_LOWER_PORT);
    assert_label(index, APPLE_TCP, 3000, 5900, 22, 3000, APPLE_SERVER_BY_LOWER_PORT, 0);
    assert_label(index, APPLE_TCP, 52000, 443, 80, 443, APPLE_SERVER_BY_LOWER_PORT, 14);
}

static void test_https_client_on_xsan_port(void **state)
{
    const apple_index_t *index = *state;

    /* 52000 is in Xsan's range, but the handshake says 443 is the server */
    assert_label(index, APPLE_TCP, 52000, 443, 443, 443, APPLE_SERVER_BY_HANDSHAKE, 14);
    /* and so does the lower port */
    assert_label(index, APPLE_TCP, 52000, 443, NO_HANDSHAKE, 443, APPLE_SERVER_BY_LOWER_PORT, 14);
}

static void test_unlisted_server_gets_no_label(void **state)
{
    const apple_index_t *index = *state;

    /* client ports in Xsan's and iTunes Radio's ranges are not the server */
    assert_label(index, APPLE_TCP, 52000, 3306, 3306, 3306, APPLE_SERVER_BY_HANDSHAKE, 0);
    assert_label(index, APPLE_TCP, 42500, 3306, 3306, 3306, APPLE_SERVER_BY_HANDSHAKE, 0);
}

static void test_xsan(void **state)
{
    const apple_index_t *index = *state;

    assert_label(index, APPLE_TCP, 50000, 63000, 63000, 63000, APPLE_SERVER_BY_HANDSHAKE, 56);
    assert_label(index, APPLE_TCP, 50000, 63000, NO_HANDSHAKE, 50000, APPLE_SERVER_BY_LOWER_PORT, 56);
}

static void test_screen_sharing(void **state)
{
    const apple_index_t *index = *state;

    assert_label(index, APPLE_TCP, 3000, 5900, 5900, 5900, APPLE_SERVER_BY_HANDSHAKE, 47);
    /* joined mid-stream: the lower port 3000 is not in the table */
    assert_label(index, APPLE_TCP, 3000, 5900, NO_HANDSHAKE, 3000, APPLE_SERVER_BY_LOWER_PORT, 0);
}

static void test_udp_flows(void **state)
{
    const apple_index_t *index = *state;
    apple_flow_label_t label;

    assert_label(index, APPLE_UDP, 5353, 5353, NO_HANDSHAKE, 5353, APPLE_SERVER_BY_LOWER_PORT, 46);
    assert_label(index, APPLE_UDP, 61000, 123, NO_HANDSHAKE, 123, APPLE_SERVER_BY_LOWER_PORT, 7);
    assert_label(index, APPLE_UDP, 61000, 443, NO_HANDSHAKE, 443, APPLE_SERVER_BY_LOWER_PORT, 0);

    assert_true(apple_flow_label(index, APPLE_UDP, 16390, 16385, NO_HANDSHAKE, &label));
    assert_int_equal(label.server_port, 16385);
    assert_true(label.match == apple_index_lookup(index, APPLE_UDP, 16385));
    assert_int_equal(label.match->n_rows, 2);
}

static void test_may_match(void **state)
{
    const apple_index_t *index = *state;
    apple_index_t *narrow = new_index(APPLE_LANG_EN, false, NULL, 0);

    assert_true(apple_flow_may_match(index, APPLE_TCP, 52000, 443));
    assert_true(apple_flow_may_match(index, APPLE_TCP, 443, 52000));
    assert_true(apple_flow_may_match(index, APPLE_TCP, 3000, 5900));
    assert_true(apple_flow_may_match(index, APPLE_UDP, 40000, 5353));
    /* 52000 is in Xsan's range */
    assert_true(apple_flow_may_match(index, APPLE_TCP, 52000, 3306));
    assert_true(!apple_flow_may_match(narrow, APPLE_TCP, 52000, 3306));

    assert_true(!apple_flow_may_match(index, APPLE_TCP, 40000, 40001));
    assert_true(!apple_flow_may_match(index, APPLE_TCP, 3000, 3306));
    assert_true(!apple_flow_may_match(index, APPLE_UDP, 5223, 40000));
    assert_true(!apple_flow_may_match(index, APPLE_TCP, 5353, 5353));
    assert_true(!apple_flow_may_match(index, APPLE_UDP, 0, 65535));
    apple_index_free(narrow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_port),
        cmocka_unit_test(test_handshake_port_off_the_packet_is_ignored),
        cmocka_unit_test(test_https_client_on_xsan_port),
        cmocka_unit_test(test_unlisted_server_gets_no_label),
        cmocka_unit_test(test_xsan),
        cmocka_unit_test(test_screen_sharing),
        cmocka_unit_test(test_udp_flows),
        cmocka_unit_test(test_may_match),
    };
    return cmocka_run_group_tests(tests, setup_default_index, teardown_index);
}
