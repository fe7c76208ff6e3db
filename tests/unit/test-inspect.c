/* test-inspect.c
 * The server-name inspector (apple-inspect.h): a flow's segments fed in
 * capture order, the name read when the bytes that complete it arrive,
 * whatever the segmentation, and each direction given up on when its bytes
 * cannot lead to a name. Every buffer it allocates is freed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"
#include "vectors.h"

#include "apple-inspect.h"

#include <string.h>

#include <gcrypt.h>
#include <glib.h>

/* --- an allocator that counts ------------------------------------------- */

static int live_blocks;

static void *count_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (!ptr)
        live_blocks++;
    return g_realloc(ptr, size);
}

static void count_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (ptr)
        live_blocks--;
    g_free(ptr);
}

static const apple_allocator_t counting = { count_realloc, count_free, NULL, NULL };

static apple_inspector_t *new_inspector(apple_transport_t t)
{
    live_blocks = 0;
    return apple_inspector_new(t, &counting);
}

static void free_inspector(apple_inspector_t *inspector)
{
    apple_inspector_free(inspector);
    assert_int_equal(live_blocks, 0);
}

/* --- feeding ------------------------------------------------------------- */

static bool feed(apple_inspector_t *inspector, apple_direction_t direction, bool syn, bool fin,
                 uint32_t seq, const void *payload, size_t len, apple_inspect_result_t *result)
{
    apple_segment_t segment = { direction, syn, fin, false, seq, (const uint8_t *)payload, len };
    return apple_inspector_feed(inspector, &segment, result);
}

/* A TCP handshake from A (client, ISN a) to B (server, ISN b). */
static void handshake(apple_inspector_t *inspector, uint32_t a, uint32_t b)
{
    apple_inspect_result_t result;

    assert_false(feed(inspector, APPLE_FROM_A, true, false, a, NULL, 0, &result));
    assert_false(feed(inspector, APPLE_FROM_B, true, false, b, NULL, 0, &result));
    assert_false(feed(inspector, APPLE_FROM_A, false, false, a + 1, NULL, 0, &result));
}

static void assert_found(const apple_inspect_result_t *result, apple_name_kind_t kind,
                         apple_direction_t sent, const char *name)
{
    assert_int_equal(result->kind, kind);
    assert_int_equal(result->sent, sent);
    assert_string_equal(result->name, name);
}

/* --- TLS ------------------------------------------------------------------- */

static void test_hello_in_one_segment(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;

    (void)state;
    handshake(inspector, 1000, 5000);
    assert_true(feed(inspector, APPLE_FROM_A, false, false, 1001, iphone_68, sizeof iphone_68,
                     &result));
    assert_found(&result, APPLE_NAME_TLS_SNI, APPLE_FROM_A, "p26-fmfmobile.icloud.com");
    free_inspector(inspector);
}

/* Cut in three at every pair of points up to the name's end: found at the
 * segment that completes the name, never before. */
static void test_hello_in_three_segments(void **state)
{
    static const char name[] = "p26-fmfmobile.icloud.com";
    size_t name_end = 0;

    (void)state;
    for (size_t at = 0; at + sizeof name - 1 <= sizeof iphone_68 && !name_end; at++)
        if (memcmp(iphone_68 + at, name, sizeof name - 1) == 0)
            name_end = at + sizeof name - 1;   /* the byte after the name */
    assert_true(name_end > 0);
    for (size_t cut1 = 1; cut1 < name_end; cut1 += 7) {
        for (size_t cut2 = cut1 + 1; cut2 < sizeof iphone_68; cut2 += 61) {
            apple_inspector_t *inspector = new_inspector(APPLE_TCP);
            apple_inspect_result_t result;
            bool done;

            handshake(inspector, 0xfffffff0u, 77);   /* the sequence numbers wrap */
            done = feed(inspector, APPLE_FROM_A, false, false, 0xfffffff1u, iphone_68, cut1, &result);
            assert_false(done);
            done = feed(inspector, APPLE_FROM_A, false, false, 0xfffffff1u + (uint32_t)cut1,
                        iphone_68 + cut1, cut2 - cut1, &result);
            assert_int_equal(done, cut2 >= name_end);
            if (!done) {
                assert_true(feed(inspector, APPLE_FROM_A, false, false,
                                 0xfffffff1u + (uint32_t)cut2, iphone_68 + cut2,
                                 sizeof iphone_68 - cut2, &result));
            }
            assert_found(&result, APPLE_NAME_TLS_SNI, APPLE_FROM_A, "p26-fmfmobile.icloud.com");
            free_inspector(inspector);
        }
    }
}

/* A retransmission, and a segment that repeats old bytes and adds new ones. */
static void test_retransmissions(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;

    (void)state;
    handshake(inspector, 100, 900);
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 101, iphone_68, 100, &result));
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 101, iphone_68, 100, &result));
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 151, iphone_68 + 50, 100, &result));
    assert_true(feed(inspector, APPLE_FROM_A, false, false, 201, iphone_68 + 100,
                     sizeof iphone_68 - 100, &result));
    assert_found(&result, APPLE_NAME_TLS_SNI, APPLE_FROM_A, "p26-fmfmobile.icloud.com");
    free_inspector(inspector);
}

/* Sequence numbers far apart and across the wrap: a segment exactly half
 * the number space behind the next byte expected is old (no overflow in the
 * difference: found by fuzzing a damaged nDPI__iphone), and a ClientHello
 * that crosses 2^32 is read whole. */
static void test_sequence_numbers_wrap(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;
    const uint32_t isn = UINT32_MAX - 50;            /* the first byte is UINT32_MAX - 49 */

    (void)state;
    handshake(inspector, isn, 900);
    assert_false(feed(inspector, APPLE_FROM_A, false, false, isn + 1, iphone_68, 100, &result));
    /* half the space behind: taken as a retransmission of old bytes */
    assert_false(feed(inspector, APPLE_FROM_A, false, false, isn + 101 - UINT32_C(0x80000000),
                      iphone_68 + 100, 10, &result));
    /* the rest, across the wrap */
    assert_true(feed(inspector, APPLE_FROM_A, false, false, isn + 101, iphone_68 + 100,
                     sizeof iphone_68 - 100, &result));
    assert_found(&result, APPLE_NAME_TLS_SNI, APPLE_FROM_A, "p26-fmfmobile.icloud.com");
    free_inspector(inspector);
}

/* The shared budget: a flow whose bytes would pass it gives its direction
 * up (no name), another flow still has what is left, and freeing gives the
 * bytes back. */
static void test_budget(void **state)
{
    apple_inspect_budget_t budget = { 3000, 0 };
    apple_allocator_t alloc = { count_realloc, count_free, NULL, &budget };
    apple_inspector_t *first, *second;
    apple_inspect_result_t result;

    (void)state;
    live_blocks = 0;
    first = apple_inspector_new(APPLE_TCP, &alloc);
    second = apple_inspector_new(APPLE_TCP, &alloc);
    handshake(first, 100, 900);
    handshake(second, 100, 900);
    /* the first 100 bytes take a 2048-byte buffer */
    assert_false(feed(first, APPLE_FROM_A, false, false, 101, iphone_68, 100, &result));
    assert_int_equal(budget.used, 2048);
    /* the second flow's buffer would pass 3000: given up, nothing taken */
    assert_false(feed(second, APPLE_FROM_A, false, false, 101, iphone_68, 100, &result));
    assert_int_equal(budget.used, 2048);
    /* the first goes on (its hello fits the buffer it has) and finds its name */
    assert_true(feed(first, APPLE_FROM_A, false, false, 201, iphone_68 + 100,
                     sizeof iphone_68 - 100, &result));
    assert_found(&result, APPLE_NAME_TLS_SNI, APPLE_FROM_A, "p26-fmfmobile.icloud.com");
    apple_inspector_free(first);
    assert_int_equal(budget.used, 0);
    apple_inspector_free(second);
    assert_int_equal(live_blocks, 0);
    assert_int_equal(budget.used, 0);
}

/* A missing segment: its bytes are not guessed, the direction is given up. */
static void test_gap_gives_up(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;

    (void)state;
    handshake(inspector, 100, 900);
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 101, iphone_68, 100, &result));
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 301, iphone_68 + 200,
                      sizeof iphone_68 - 200, &result));
    /* the server's ServerHello is not a ClientHello: both directions are done */
    static const uint8_t server_hello[] = { 0x16, 0x03, 0x03, 0x00, 0x31, 0x02, 0x00, 0x00, 0x2d };
    assert_true(feed(inspector, APPLE_FROM_B, false, false, 901, server_hello, sizeof server_hello,
                     &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

/* Joined mid-stream: the first bytes seen are the middle of a ClientHello. */
static void test_midstream(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;
    static const uint8_t data[] = { 0x17, 0x03, 0x03, 0x00, 0x10 };   /* application data */

    (void)state;
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 4242, iphone_68 + 100, 50, &result));
    assert_true(feed(inspector, APPLE_FROM_B, false, false, 777, data, sizeof data, &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

/* The server speaks first (SMTP); the client's answer is no ClientHello. */
static void test_server_first(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;
    static const char banner[] = "220 mail.example.com ESMTP\r\n";
    static const char ehlo[] = "EHLO client\r\n";

    (void)state;
    handshake(inspector, 1, 2);
    assert_false(feed(inspector, APPLE_FROM_B, false, false, 3, banner, sizeof banner - 1, &result));
    assert_true(feed(inspector, APPLE_FROM_A, false, false, 2, ehlo, sizeof ehlo - 1, &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

/* A FIN before the name ends that direction. */
static void test_fin(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;

    (void)state;
    handshake(inspector, 10, 20);
    assert_false(feed(inspector, APPLE_FROM_A, false, true, 11, iphone_68, 60, &result));
    assert_true(feed(inspector, APPLE_FROM_B, false, true, 21, NULL, 0, &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

/* A RST ends the whole inspection, whatever each direction was doing. */
static void test_rst(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;
    apple_segment_t rst = { APPLE_FROM_B, false, false, true, 21, NULL, 0 };

    (void)state;
    handshake(inspector, 10, 20);
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 11, iphone_68, 60, &result));
    assert_true(apple_inspector_feed(inspector, &rst, &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

/* A flow of bare ACKs is given up after 4 * APPLE_INSPECT_SEGMENTS_MAX of them. */
static void test_bare_acks(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;
    size_t fed = 3;

    (void)state;
    handshake(inspector, 10, 20);
    while (!feed(inspector, fed % 2 ? APPLE_FROM_A : APPLE_FROM_B, false, false, 11, NULL, 0, &result))
        fed++;
    assert_int_equal(fed, 4 * APPLE_INSPECT_SEGMENTS_MAX);   /* the last call was segment number fed + 1 */
    free_inspector(inspector);
}

/* One byte a segment: given up after APPLE_INSPECT_SEGMENTS_MAX segments. */
static void test_segment_cap(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_TCP);
    apple_inspect_result_t result;
    uint32_t seq = 11;

    (void)state;
    handshake(inspector, 10, 20);
    for (size_t i = 0; i < APPLE_INSPECT_SEGMENTS_MAX + 1; i++, seq++)
        assert_false(feed(inspector, APPLE_FROM_A, false, false, seq, iphone_68 + i, 1, &result));
    /* the rest in one segment would complete the name, but A is given up */
    assert_false(feed(inspector, APPLE_FROM_A, false, false, seq, iphone_68 + APPLE_INSPECT_SEGMENTS_MAX + 1,
                      sizeof iphone_68 - APPLE_INSPECT_SEGMENTS_MAX - 1, &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

/* --- HTTP ------------------------------------------------------------------ */

static void test_http_host_in_two_segments(void **state)
{
    size_t len = strlen(iphone_87);

    (void)state;
    for (size_t cut = 1; cut < len; cut++) {
        apple_inspector_t *inspector = new_inspector(APPLE_TCP);
        apple_inspect_result_t result;

        handshake(inspector, 500, 600);
        assert_false(feed(inspector, APPLE_FROM_A, false, false, 501, iphone_87, cut, &result));
        assert_true(feed(inspector, APPLE_FROM_A, false, false, 501 + (uint32_t)cut, iphone_87 + cut,
                         len - cut, &result));
        assert_found(&result, APPLE_NAME_HTTP_HOST, APPLE_FROM_A, "captive.apple.com");
        free_inspector(inspector);
    }
}

/* --- QUIC ------------------------------------------------------------------ */

static size_t datagram(const char *hex, uint8_t *out, size_t cap)
{
    return vectors_from_hex(hex, out, cap);
}

static void test_quic_initial(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_UDP);
    apple_inspect_result_t result;
    uint8_t packet[1500];
    size_t len = datagram(rfc9001_packet_hex, packet, sizeof packet);

    (void)state;
    assert_true(feed(inspector, APPLE_FROM_A, false, false, 0, packet, len, &result));
    assert_found(&result, APPLE_NAME_QUIC_SNI, APPLE_FROM_A, "example.com");
    free_inspector(inspector);
}

/* A ClientHello over two Initials (the capture's has no server_name: the
 * second Initial completes it, and the inspection ends without a name); the
 * server's datagrams never open with the client's keys. */
static void test_quic_hello_over_two_initials(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_UDP);
    apple_inspect_result_t result;
    uint8_t one[1500], two[1500];
    size_t len1 = datagram(capture_frame1_hex, one, sizeof one);
    size_t len2 = datagram(capture_frame2_hex, two, sizeof two);
    static const uint8_t server_short[] = { 0x40, 0x5b, 0xb4, 0xb2, 0x99, 0xcb, 0x9d, 0xca, 0xc4 };

    (void)state;
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 0, one, len1, &result));
    assert_false(feed(inspector, APPLE_FROM_B, false, false, 0, server_short, sizeof server_short,
                      &result));
    assert_true(feed(inspector, APPLE_FROM_A, false, false, 0, two, len2, &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

/* UDP that is not QUIC: one datagram each way ends the inspection. */
static void test_not_quic(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_UDP);
    apple_inspect_result_t result;
    static const uint8_t dns[] = { 0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 };

    (void)state;
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 0, dns, sizeof dns, &result));
    assert_true(feed(inspector, APPLE_FROM_B, false, false, 0, dns, sizeof dns, &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

/* A truncated Initial and a damaged one do not stop the client's later,
 * whole Initial from being read. */
static void test_quic_damaged_then_whole(void **state)
{
    apple_inspector_t *inspector = new_inspector(APPLE_UDP);
    apple_inspect_result_t result;
    uint8_t packet[1500], damaged[1500];
    size_t len = datagram(rfc9001_packet_hex, packet, sizeof packet);

    (void)state;
    memcpy(damaged, packet, len);
    damaged[len - 1] ^= 0x01;                   /* the tag no longer verifies */
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 0, damaged, len, &result));
    /* a first Initial that does not open ends the direction */
    assert_false(feed(inspector, APPLE_FROM_A, false, false, 0, packet, len, &result));
    assert_int_equal(result.kind, APPLE_NAME_NONE);
    free_inspector(inspector);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello_in_one_segment),
        cmocka_unit_test(test_hello_in_three_segments),
        cmocka_unit_test(test_retransmissions),
        cmocka_unit_test(test_sequence_numbers_wrap),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_gap_gives_up),
        cmocka_unit_test(test_midstream),
        cmocka_unit_test(test_server_first),
        cmocka_unit_test(test_fin),
        cmocka_unit_test(test_rst),
        cmocka_unit_test(test_bare_acks),
        cmocka_unit_test(test_segment_cap),
        cmocka_unit_test(test_http_host_in_two_segments),
        cmocka_unit_test(test_quic_initial),
        cmocka_unit_test(test_quic_hello_over_two_initials),
        cmocka_unit_test(test_not_quic),
        cmocka_unit_test(test_quic_damaged_then_whole),
    };
    gcry_check_version(NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
