/* test-texts.c
 * The Info column tag each match carries: its services once each, then up
 * to three products, then ", +N" for the rest, in English or Danish; and
 * the tree texts made with it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"
#include <glib.h>

static void assert_tag(const apple_index_t *index, apple_transport_t t, uint16_t port,
                       const char *expected)
{
    const apple_match_t *match = apple_index_lookup(index, t, port);

    assert_non_null(match);
    assert_non_null(match->texts->tag);
    assert_string_equal(match->texts->tag, expected);
}

static void test_english_tags(void **state)
{
    const apple_index_t *index = *state;

    /* 15 products: iCloud's three entries are one product */
    assert_tag(index, APPLE_TCP, 443,
               " [Apple https: TLS websites, iTunes Store, Software Update, +12]");
    assert_tag(index, APPLE_TCP, 80, " [Apple http: World Wide Web, FaceTime, iMessage, +12]");
    assert_tag(index, APPLE_TCP, 5223, " [Apple apns: iCloud, Push notifications, FaceTime, +3]");
    assert_tag(index, APPLE_UDP, 5353, " [Apple mdns: Bonjour, AirPlay, Home Sharing, +1]");
    assert_tag(index, APPLE_UDP, 123,
               " [Apple ntp: Date & Time preferences, Network time server synchronization, Apple TV]");
    assert_tag(index, APPLE_TCP, 25, " [Apple smtp: Mail, iCloud Mail]");
    assert_tag(index, APPLE_TCP, 22, " [Apple ssh: Xcode Server]");
    assert_tag(index, APPLE_TCP, 65535, " [Apple xsan: Xsan]");
}

static void test_tags_without_products(void **state)
{
    const apple_index_t *index = *state;

    assert_tag(index, APPLE_TCP, 53, " [Apple domain]");
    assert_tag(index, APPLE_UDP, 53, " [Apple domain]");
    assert_tag(index, APPLE_UDP, 137, " [Apple netbios-ns]");
}

/* Overlapping rows: a service named by two rows is shown once, and a
 * product named by two rows is counted once. */
static void test_tags_of_overlapping_rows(void **state)
{
    const apple_index_t *index = *state;

    assert_tag(index, APPLE_UDP, 16385, " [Apple connected: Messages, FaceTime, Game Center]");
    assert_tag(index, APPLE_UDP, 16388, " [Apple connected: Messages]");
    assert_tag(index, APPLE_UDP, 16393,
               " [Apple connected, facetime-rtp: Messages, FaceTime, Game Center]");
    assert_tag(index, APPLE_UDP, 16403, " [Apple connected, game-center-rtp: Messages, Game Center]");
    assert_tag(index, APPLE_UDP, 16404, " [Apple game-center-rtp: Game Center]");
}

/* The same distinct names, as lists, for the statistics. */
static void test_distinct_names_of_overlapping_rows(void **state)
{
    const apple_index_t *index = *state;
    const apple_match_t *match = apple_index_lookup(index, APPLE_UDP, 16393);

    assert_non_null(match);
    assert_int_equal(match->n_rows, 2);
    assert_int_equal(match->texts->n_services, 2);
    assert_string_equal(match->texts->services[0], "connected");
    assert_string_equal(match->texts->services[1], "facetime-rtp");
    assert_int_equal(match->texts->n_products, 3);
    assert_string_equal(match->texts->products[0], "Messages");
    assert_string_equal(match->texts->products[1], "FaceTime");
    assert_string_equal(match->texts->products[2], "Game Center");
    assert_string_equal(match->texts->service_list, "connected, facetime-rtp");
    assert_string_equal(match->texts->tag_port_only, " [Apple? connected, facetime-rtp]");
    assert_string_equal(match->texts->product_list, "Messages, FaceTime, Game Center");

    match = apple_index_lookup(index, APPLE_UDP, 16385);   /* connected twice */
    assert_non_null(match);
    assert_int_equal(match->texts->n_services, 1);
    assert_int_equal(match->texts->n_products, 3);

    match = apple_index_lookup(index, APPLE_TCP, 443);     /* iCloud once */
    assert_non_null(match);
    assert_int_equal(match->texts->n_products, 15);
    assert_string_equal(match->texts->product_list,
                        "TLS websites, iTunes Store, Software Update, +12");
}

static void test_danish_tags(void **state)
{
    apple_index_t *index = new_index(APPLE_LANG_DA, true, NULL, 0);

    (void)state;
    assert_tag(index, APPLE_TCP, 443,
               " [Apple https: TLS-websteder, iTunes Store, Softwareopdatering, +12]");
    assert_tag(index, APPLE_TCP, 5223,
               " [Apple apns: iCloud, Push-notifikationer, FaceTime, +3]");
    assert_tag(index, APPLE_UDP, 16385, " [Apple connected: Beskeder, FaceTime, Game Center]");
    assert_tag(index, APPLE_UDP, 123,
               " [Apple ntp: Pr\xc3\xa6" "ferencer for dato og tid, Serversynkronisering af netv\xc3\xa6rkstid, Apple TV]");
    assert_tag(index, APPLE_TCP, 53, " [Apple domain]");
    apple_index_free(index);
}

static void test_user_row_tags(void **state)
{
    static const char *const no_qualifiers[] = { NULL };
    static const apple_product_t products[] = {
        { "Lab Console", 0, no_qualifiers },
        { NULL, 0, NULL },
    };
    apple_row_t airplay = user_row(7000, 7000, APPLE_TCP_BIT, "airplay-control");
    apple_row_t lab = user_row(7100, 7100, APPLE_TCP_BIT, "lab");
    const apple_row_t *user[] = { &airplay, &lab };
    apple_index_t *index;

    (void)state;
    lab.n_products = 1;
    lab.products[APPLE_LANG_EN] = products;
    lab.products[APPLE_LANG_DA] = products;
    index = new_index(APPLE_LANG_EN, true, user, 2);
    assert_tag(index, APPLE_TCP, 7000, " [Apple airplay-control]");
    assert_tag(index, APPLE_TCP, 7100, " [Apple lab: Lab Console]");
    apple_index_free(index);
}

/* The tree's ready-made texts: one title per row naming the match's
 * transport, the range of range rows only, and the tag's inside. */
static void test_tree_texts(void **state)
{
    const apple_index_t *index = *state;
    const apple_match_t *match = apple_index_lookup(index, APPLE_UDP, 16393);
    apple_row_t lab = user_row(7000, 7010, APPLE_TCP_BIT | APPLE_UDP_BIT, "lab");
    const apple_row_t *user[] = { &lab };
    apple_index_t *with_user;

    assert_non_null(match);
    assert_string_equal(match->texts->row_titles[0], "connected (UDP 16384-16403)");
    assert_string_equal(match->texts->row_titles[1], "facetime-rtp (UDP 16393-16402)");
    assert_string_equal(match->texts->row_ranges[0], "16384-16403");
    assert_string_equal(match->texts->summary, "connected, facetime-rtp: Messages, FaceTime, Game Center");

    match = apple_index_lookup(index, APPLE_TCP, 5900);
    assert_non_null(match);
    assert_string_equal(match->texts->row_titles[0], "rfb (TCP 5900)");
    assert_null(match->texts->row_ranges[0]);
    assert_ptr_not_equal(match, apple_index_lookup(index, APPLE_UDP, 5900));
    assert_string_equal(apple_index_lookup(index, APPLE_UDP, 5900)->texts->row_titles[0],
                        "rfb (UDP 5900)");

    with_user = new_index(APPLE_LANG_EN, true, user, 1);
    match = apple_index_lookup(with_user, APPLE_UDP, 7010);
    assert_non_null(match);
    assert_string_equal(match->texts->row_titles[0], "lab (UDP 7000-7010, user table)");
    assert_string_equal(match->texts->row_ranges[0], "7000-7010");
    assert_string_equal(match->texts->summary, "lab");
    apple_index_free(with_user);
}

/* The joiner the tag and the flows table share. */
static void test_join(void **state)
{
    static const char *const names[] = { "a", "b", "c", "d", "e" };
    char *text;

    (void)state;
    text = apple_texts_join(names, 5, 3);
    assert_string_equal(text, "a, b, c, +2");
    g_free(text);
    text = apple_texts_join(names, 3, 3);
    assert_string_equal(text, "a, b, c");
    g_free(text);
    text = apple_texts_join(names, 1, 0);
    assert_string_equal(text, "+1");
    g_free(text);
    text = apple_texts_join(names, 0, 3);
    assert_string_equal(text, "");
    g_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_tags),
        cmocka_unit_test(test_tags_without_products),
        cmocka_unit_test(test_tags_of_overlapping_rows),
        cmocka_unit_test(test_distinct_names_of_overlapping_rows),
        cmocka_unit_test(test_danish_tags),
        cmocka_unit_test(test_user_row_tags),
        cmocka_unit_test(test_tree_texts),
        cmocka_unit_test(test_join),
    };
    return cmocka_run_group_tests(tests, setup_default_index, teardown_index);
}
