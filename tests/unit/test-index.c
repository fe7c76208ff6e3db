/* test-index.c
 * The 65536-port index (apple-index.h): every row found at both ends of
 * its range on its transports only, range ends, overlapping rows, the
 * wide-range option and user rows.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "expected-rows.h"

#include <stdio.h>
#include <stdlib.h>

static const apple_transport_t transports[] = { APPLE_TCP, APPLE_UDP };

/* For every row: a lookup at its first and last port finds it on each
 * transport it lists, and never on the other one. */
static void test_every_row_at_both_ends(void **state)
{
    const apple_index_t *index = *state;

    for (size_t i = 0; i < expected_row_count; i++) {
        const expected_row_t *want = &expected_rows[i];
        const apple_row_t *row = builtin_row(want->number);
        const uint16_t ends[] = { want->port_first, want->port_last };

        for (size_t t = 0; t < 2; t++) {
            bool listed = (want->transports & APPLE_TRANSPORT_BIT(transports[t])) != 0;
            for (size_t e = 0; e < 2; e++) {
                const apple_match_t *match = apple_index_lookup(index, transports[t], ends[e]);
                if (match_has_row(match, row) != listed)
                    fprintf(stderr, "row %u: %s %u\n", want->number,
                            transports[t] == APPLE_TCP ? "TCP" : "UDP", (unsigned)ends[e]);
                assert_true(match_has_row(match, row) == listed);
            }
        }
    }
}

static void test_transport_not_listed(void **state)
{
    const apple_index_t *index = *state;

    assert_no_rows_at(index, APPLE_TCP, 5353);
    assert_rows_at(index, APPLE_UDP, 5353, 46);
    assert_no_rows_at(index, APPLE_UDP, 5223);
    assert_rows_at(index, APPLE_TCP, 5223, 41);
    assert_no_rows_at(index, APPLE_UDP, 22);
    assert_no_rows_at(index, APPLE_TCP, 123);
    assert_no_rows_at(index, APPLE_TCP, 16385);
    assert_no_rows_at(index, APPLE_UDP, 8500);
    assert_no_rows_at(index, APPLE_UDP, 50000);
}

static void test_rows_on_both_transports(void **state)
{
    static const struct { uint16_t port; unsigned row; } both[] = {
        { 53, 3 }, { 554, 20 }, { 749, 24 }, { 995, 26 }, { 3031, 31 },
        { 3283, 32 }, { 3690, 37 }, { 5900, 47 }, { 9418, 50 },
    };
    const apple_index_t *index = *state;

    for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
        assert_rows_at(index, APPLE_TCP, both[i].port, both[i].row);
        assert_rows_at(index, APPLE_UDP, both[i].port, both[i].row);
    }
}

static void test_range_ends(void **state)
{
    const apple_index_t *index = *state;

    assert_no_rows_at(index, APPLE_UDP, 3477);
    assert_rows_at(index, APPLE_UDP, 3478, 35);
    assert_rows_at(index, APPLE_UDP, 3497, 35);
    assert_no_rows_at(index, APPLE_UDP, 3498);

    assert_no_rows_at(index, APPLE_TCP, 7999);
    assert_rows_at(index, APPLE_TCP, 8000, 48);
    assert_rows_at(index, APPLE_TCP, 8999, 48);
    assert_no_rows_at(index, APPLE_TCP, 9000);

    assert_no_rows_at(index, APPLE_TCP, 41999);
    assert_rows_at(index, APPLE_TCP, 42000, 55);
    assert_rows_at(index, APPLE_TCP, 42999, 55);
    assert_no_rows_at(index, APPLE_TCP, 43000);

    assert_no_rows_at(index, APPLE_TCP, 49151);
    assert_rows_at(index, APPLE_TCP, 49152, 56);

    assert_no_rows_at(index, APPLE_UDP, 16383);
    assert_no_rows_at(index, APPLE_TCP, 2194);
    assert_rows_at(index, APPLE_TCP, 2195, 28);
    assert_rows_at(index, APPLE_TCP, 2196, 29);
    assert_rows_at(index, APPLE_TCP, 2197, 30);
    assert_no_rows_at(index, APPLE_TCP, 2198);
}

/* Rows 51 (16384-16403), 52 (16384-16387), 53 (16393-16402) and
 * 54 (16403-16472) overlap on UDP. */
static void test_overlapping_rows(void **state)
{
    const apple_index_t *index = *state;
    const apple_match_t *match;

    assert_rows_at(index, APPLE_UDP, 16384, 51, 52);
    assert_rows_at(index, APPLE_UDP, 16385, 51, 52);
    assert_rows_at(index, APPLE_UDP, 16387, 51, 52);
    assert_rows_at(index, APPLE_UDP, 16388, 51);
    assert_rows_at(index, APPLE_UDP, 16392, 51);
    assert_rows_at(index, APPLE_UDP, 16393, 51, 53);
    assert_rows_at(index, APPLE_UDP, 16402, 51, 53);
    assert_rows_at(index, APPLE_UDP, 16403, 51, 54);
    assert_rows_at(index, APPLE_UDP, 16404, 54);
    assert_rows_at(index, APPLE_UDP, 16472, 54);
    assert_no_rows_at(index, APPLE_UDP, 16473);

    match = apple_index_lookup(index, APPLE_UDP, 16385);
    assert_non_null(match);
    assert_string_equal(match->rows[0]->service, "connected");
    assert_string_equal(match->rows[1]->service, "connected");
    assert_string_equal(match->rows[0]->products[APPLE_LANG_EN][0].name, "Messages");
    assert_string_equal(match->rows[1]->products[APPLE_LANG_EN][0].name, "FaceTime");

    /* ports with the same rows share one match */
    assert_true(apple_index_lookup(index, APPLE_UDP, 16384) == match);
    assert_true(apple_index_lookup(index, APPLE_UDP, 16393) !=
                apple_index_lookup(index, APPLE_UDP, 16403));
}

static void test_port_zero_and_top(void **state)
{
    const apple_index_t *index = *state;

    assert_no_rows_at(index, APPLE_TCP, 0);
    assert_no_rows_at(index, APPLE_UDP, 0);
    assert_rows_at(index, APPLE_TCP, 65535, 56);
    assert_no_rows_at(index, APPLE_UDP, 65535);
}

/* One match per distinct set of rows on each transport: 40 rows list TCP
 * and 21 rows outside 16384-16472 list UDP, plus UDP's 5 sets {51,52} {51}
 * {51,53} {51,54} {54}: 40 + 21 + 5 = 66. Without the 3 wide rows (all
 * TCP): 63. */
static void test_match_count(void **state)
{
    apple_index_t *narrow = new_index(APPLE_LANG_EN, false, NULL, 0);

    assert_int_equal(apple_index_match_count(*state), 66);
    assert_int_equal(apple_index_match_count(narrow), 63);
    apple_index_free(narrow);
}

/* wide_ranges = false drops rows 48 (8000-8999), 55 (42000-42999) and
 * 56 (49152-65535), and nothing else. */
static void test_narrow_index_drops_only_wide_rows(void **state)
{
    apple_index_t *index = new_index(APPLE_LANG_EN, false, NULL, 0);

    (void)state;
    for (size_t i = 0; i < expected_row_count; i++) {
        const expected_row_t *want = &expected_rows[i];
        bool dropped = want->number == 48 || want->number == 55 || want->number == 56;

        for (size_t t = 0; t < 2; t++) {
            if (!(want->transports & APPLE_TRANSPORT_BIT(transports[t])))
                continue;
            assert_true(match_has_row(apple_index_lookup(index, transports[t], want->port_first),
                                      builtin_row(want->number)) == !dropped);
            assert_true(match_has_row(apple_index_lookup(index, transports[t], want->port_last),
                                      builtin_row(want->number)) == !dropped);
        }
    }
    assert_no_rows_at(index, APPLE_TCP, 8000);
    assert_no_rows_at(index, APPLE_TCP, 42500);
    assert_no_rows_at(index, APPLE_TCP, 60000);
    assert_no_rows_at(index, APPLE_TCP, 65535);
    assert_rows_at(index, APPLE_UDP, 3478, 35);
    assert_rows_at(index, APPLE_UDP, 16385, 51, 52);
    assert_rows_at(index, APPLE_UDP, 16472, 54);
    apple_index_free(index);
}

static void test_user_row_replaces_builtin_on_its_port(void **state)
{
    const apple_row_t push = user_row(5223, 5223, APPLE_TCP_BIT, "my-push");
    const apple_row_t *user[] = { &push };
    apple_index_t *index = new_index(APPLE_LANG_EN, true, user, 1);

    (void)state;
    assert_match_is(index, APPLE_TCP, 5223, user, 1);
    assert_rows_at(index, APPLE_TCP, 2195, 28);
    assert_rows_at(index, APPLE_TCP, 2197, 30);
    assert_no_rows_at(index, APPLE_TCP, 5222);
    assert_no_rows_at(index, APPLE_TCP, 5224);
    assert_no_rows_at(index, APPLE_UDP, 5223);
    apple_index_free(index);
}

static void test_user_row_on_a_free_port(void **state)
{
    const apple_row_t airplay = user_row(7000, 7000, APPLE_TCP_BIT, "airplay-control");
    const apple_row_t *user[] = { &airplay };
    apple_index_t *plain = new_index(APPLE_LANG_EN, true, NULL, 0);
    apple_index_t *index = new_index(APPLE_LANG_EN, true, user, 1);

    (void)state;
    assert_no_rows_at(plain, APPLE_TCP, 7000);
    assert_match_is(index, APPLE_TCP, 7000, user, 1);
    assert_no_rows_at(index, APPLE_TCP, 6999);
    assert_no_rows_at(index, APPLE_TCP, 7001);
    assert_no_rows_at(index, APPLE_UDP, 7000);
    apple_index_free(plain);
    apple_index_free(index);
}

static void test_user_row_keeps_other_transport(void **state)
{
    const apple_row_t dns = user_row(53, 53, APPLE_TCP_BIT, "my-dns");
    const apple_row_t *user[] = { &dns };
    apple_index_t *index = new_index(APPLE_LANG_EN, true, user, 1);

    (void)state;
    assert_match_is(index, APPLE_TCP, 53, user, 1);
    assert_rows_at(index, APPLE_UDP, 53, 3);
    apple_index_free(index);
}

static void test_user_rows_on_port_ranges(void **state)
{
    const apple_row_t lab = user_row(8500, 8510, APPLE_TCP_BIT, "lab-web");
    const apple_row_t rtp = user_row(16380, 16390, APPLE_UDP_BIT, "my-rtp");
    const apple_row_t *user[] = { &lab, &rtp };
    apple_index_t *index = new_index(APPLE_LANG_EN, true, user, 2);

    (void)state;
    assert_rows_at(index, APPLE_TCP, 8499, 48);
    assert_match_is(index, APPLE_TCP, 8500, &user[0], 1);
    assert_match_is(index, APPLE_TCP, 8505, &user[0], 1);
    assert_match_is(index, APPLE_TCP, 8510, &user[0], 1);
    assert_rows_at(index, APPLE_TCP, 8511, 48);
    assert_no_rows_at(index, APPLE_UDP, 8505);

    assert_no_rows_at(index, APPLE_UDP, 16379);
    assert_match_is(index, APPLE_UDP, 16380, &user[1], 1);
    assert_match_is(index, APPLE_UDP, 16385, &user[1], 1);
    assert_match_is(index, APPLE_UDP, 16390, &user[1], 1);
    assert_rows_at(index, APPLE_UDP, 16391, 51);
    apple_index_free(index);
}

/* A user row on a range is labelled without the wide rows around it. */
static void test_user_row_in_narrow_index(void **state)
{
    const apple_row_t lab = user_row(8500, 8510, APPLE_TCP_BIT, "lab-web");
    const apple_row_t *user[] = { &lab };
    apple_index_t *index = new_index(APPLE_LANG_EN, false, user, 1);

    (void)state;
    assert_no_rows_at(index, APPLE_TCP, 8499);
    assert_match_is(index, APPLE_TCP, 8500, user, 1);
    assert_no_rows_at(index, APPLE_TCP, 8511);
    apple_index_free(index);
}

static void test_user_rows_sharing_a_port(void **state)
{
    const apple_row_t first = user_row(7000, 7010, APPLE_TCP_BIT, "first");
    const apple_row_t second = user_row(7005, 7005, APPLE_TCP_BIT | APPLE_UDP_BIT, "second");
    const apple_row_t *user[] = { &first, &second };
    apple_index_t *index = new_index(APPLE_LANG_EN, true, user, 2);

    (void)state;
    assert_match_is(index, APPLE_TCP, 7004, &user[0], 1);
    assert_match_is(index, APPLE_TCP, 7005, user, 2);
    assert_match_is(index, APPLE_UDP, 7005, &user[1], 1);
    assert_match_is(index, APPLE_TCP, 7006, &user[0], 1);
    apple_index_free(index);
}

static void test_empty_index(void **state)
{
    const apple_index_options_t options = { .lang = APPLE_LANG_EN, .wide_ranges = true };
    apple_index_t *index = apple_index_new(NULL, 0, &options);

    (void)state;
    assert_non_null(index);
    assert_int_equal(apple_index_match_count(index), 0);
    assert_no_rows_at(index, APPLE_TCP, 0);
    assert_no_rows_at(index, APPLE_TCP, 443);
    assert_no_rows_at(index, APPLE_UDP, 65535);
    apple_index_free(index);
    apple_index_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_row_at_both_ends),
        cmocka_unit_test(test_transport_not_listed),
        cmocka_unit_test(test_rows_on_both_transports),
        cmocka_unit_test(test_range_ends),
        cmocka_unit_test(test_overlapping_rows),
        cmocka_unit_test(test_port_zero_and_top),
        cmocka_unit_test(test_match_count),
        cmocka_unit_test(test_narrow_index_drops_only_wide_rows),
        cmocka_unit_test(test_user_row_replaces_builtin_on_its_port),
        cmocka_unit_test(test_user_row_on_a_free_port),
        cmocka_unit_test(test_user_row_keeps_other_transport),
        cmocka_unit_test(test_user_rows_on_port_ranges),
        cmocka_unit_test(test_user_row_in_narrow_index),
        cmocka_unit_test(test_user_rows_sharing_a_port),
        cmocka_unit_test(test_empty_index),
    };
    return cmocka_run_group_tests(tests, setup_default_index, teardown_index);
}
