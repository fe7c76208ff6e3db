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

/* Both ends on the server port: the group address, else the answerer. */
static void test_equal_ports(void **state)
{
    const apple_flow_ends_t unicast_query = { false, false, true };
    const apple_flow_ends_t unicast_answer = { false, false, false };
    const apple_flow_ends_t to_group = { false, true, true };
    const apple_flow_ends_t from_group = { true, false, false };
    const apple_flow_ends_t group_to_group = { true, true, true };

    (void)state;
    /* NTP 123 -> 123: the query's sender is the client, both ways round */
    assert_false(apple_flow_server_is_src(123, 123, 123, &unicast_query));
    assert_true(apple_flow_server_is_src(123, 123, 123, &unicast_answer));
    /* mDNS 5353 -> 224.0.0.251: the group is the server, whoever spoke first */
    assert_false(apple_flow_server_is_src(5353, 5353, 5353, &to_group));
    assert_true(apple_flow_server_is_src(5353, 5353, 5353, &from_group));
    /* both groups: the first packet's sender is the client */
    assert_false(apple_flow_server_is_src(5353, 5353, 5353, &group_to_group));
    /* different ports: the ends do not matter, only the server port */
    assert_true(apple_flow_server_is_src(548, 52000, 548, &to_group));
    assert_false(apple_flow_server_is_src(52000, 548, 548, &from_group));
}

/* Only a server end turns into the announced service. */
static void test_announced_side(void **state)
{
    (void)state;
    /* the SYN went to the announced port: that end, seen from either packet */
    assert_int_equal(apple_flow_announced_side(52000, 49155, 49155, false, true, false, true), -1);
    assert_int_equal(apple_flow_announced_side(49155, 52000, 49155, true, false, true, false), 1);
    /* the announcing device's own connection out from an announced ephemeral
     * port (the iMac's _odisk 49152 in nDPI__iphone): the SYN went elsewhere */
    assert_int_equal(apple_flow_announced_side(49152, 443, 443, true, false, true, true), 0);
    assert_int_equal(apple_flow_announced_side(443, 49152, 443, false, true, true, true), 0);
    /* no handshake: the announced end, unless only the other port is a table
     * service (then the announcer is the client); "in the table" leaves out
     * the wide ranges that ephemeral ports fall in (the caller's rule) */
    assert_int_equal(apple_flow_announced_side(60000, 7000, 0, false, true, false, false), -1);
    assert_int_equal(apple_flow_announced_side(548, 52000, 0, true, false, true, false), 1);
    assert_int_equal(apple_flow_announced_side(548, 631, 0, true, false, true, true), 1);
    assert_int_equal(apple_flow_announced_side(52721, 53, 0, true, false, false, true), 0);
    assert_int_equal(apple_flow_announced_side(53, 52721, 0, false, true, true, false), 0);
    /* both ends announced: the lower port, as without announcements */
    assert_int_equal(apple_flow_announced_side(7000, 49155, 0, true, true, true, true), 1);
    assert_int_equal(apple_flow_announced_side(49155, 7000, 0, true, true, true, true), -1);
    /* a handshake port that is not one of the packet's is ignored */
    assert_int_equal(apple_flow_announced_side(60000, 7000, 8080, false, true, false, false), -1);
    /* nothing announced */
    assert_int_equal(apple_flow_announced_side(60000, 7000, 0, false, false, false, false), 0);
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
        cmocka_unit_test(test_equal_ports),
        cmocka_unit_test(test_announced_side),
    };
    return cmocka_run_group_tests(tests, setup_default_index, teardown_index);
}
