/* test-parse.c
 * Cell parsing shared by the table generator and the user table
 * (apple-parse.h): what is accepted, and that a refusal names the value.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "apple-parse.h"

#include <stdio.h>
#include <string.h>

#define EN_DASH "\xe2\x80\x93"

/* Asserts that message contains part. */
static void assert_says(const char *message, const char *part)
{
    if (!strstr(message, part))
        fprintf(stderr, "message \"%s\" does not contain \"%s\"\n", message, part);
    assert_non_null(strstr(message, part));
}

/* --- ports ------------------------------------------------------------- */

static void assert_ports(const char *text, unsigned first, unsigned last)
{
    uint16_t got_first = 1234, got_last = 1234;
    char err[256] = "";

    assert_true(apple_parse_ports(text, &got_first, &got_last, err, sizeof err));
    assert_int_equal(got_first, first);
    assert_int_equal(got_last, last);
}

/* Asserts that text is refused with a message containing part. */
static void assert_ports_refused(const char *text, const char *part)
{
    uint16_t first, last;
    char err[256] = "";

    assert_true(!apple_parse_ports(text, &first, &last, err, sizeof err));
    assert_says(err, part);
}

static void test_ports_accepted(void **state)
{
    (void)state;
    assert_ports("7000", 7000, 7000);
    assert_ports("7000-7010", 7000, 7010);
    assert_ports("8000" EN_DASH "8999", 8000, 8999);
    assert_ports("0", 0, 0);
    assert_ports("65535", 65535, 65535);
    assert_ports("0-65535", 0, 65535);
    assert_ports("5223-5223", 5223, 5223);
}

static void test_ports_refused(void **state)
{
    (void)state;
    assert_ports_refused("70000", "'70000'");
    assert_ports_refused("70000", "65535");
    assert_ports_refused("7000-70000", "'70000'");
    assert_ports_refused("99999999999999999999", "65535");
    assert_ports_refused("10-5", "'10-5'");
    assert_ports_refused("10-5", "reversed");
    assert_ports_refused("", "empty");
    assert_ports_refused("abc", "'abc'");
    assert_ports_refused("7000-", "'7000-'");
    assert_ports_refused("-5", "'-5'");
    assert_ports_refused("8000" EN_DASH, "'8000" EN_DASH "'");
    assert_ports_refused(" 7000", "' 7000'");
    assert_ports_refused("7000-7010-7020", "'7000-7010-7020'");
}

static void test_ports_message_fits_buffer(void **state)
{
    uint16_t first, last;
    char err[8];

    (void)state;
    memset(err, 'x', sizeof err);
    assert_true(!apple_parse_ports("abc", &first, &last, err, sizeof err));
    assert_true(memchr(err, '\0', sizeof err) != NULL);
    assert_true(!apple_parse_ports("abc", &first, &last, NULL, 0));
}

/* --- transport --------------------------------------------------------- */

static void assert_transport(const char *text, unsigned expected)
{
    unsigned transports = 0;
    char err[256] = "";

    assert_true(apple_parse_transport(text, &transports, err, sizeof err));
    assert_int_equal(transports, expected);
}

static void assert_transport_refused(const char *text, const char *part)
{
    unsigned transports = 0;
    char err[256] = "";

    assert_true(!apple_parse_transport(text, &transports, err, sizeof err));
    assert_says(err, part);
}

static void test_transports_accepted(void **state)
{
    (void)state;
    assert_transport("tcp", APPLE_TCP_BIT);
    assert_transport("UDP", APPLE_UDP_BIT);
    assert_transport("TCP/UDP", APPLE_TCP_BIT | APPLE_UDP_BIT);
    assert_transport("tcp+udp", APPLE_TCP_BIT | APPLE_UDP_BIT);
    assert_transport("Tcp+Udp", APPLE_TCP_BIT | APPLE_UDP_BIT);
}

static void test_transports_refused(void **state)
{
    (void)state;
    assert_transport_refused("tcpz", "'tcpz'");
    assert_transport_refused("sctp", "'sctp'");
    assert_transport_refused("tcp/", "'tcp/'");
    assert_transport_refused("udp/tcp", "'udp/tcp'");
    assert_transport_refused("", "''");
}

/* --- service ----------------------------------------------------------- */

static void assert_service_refused(const char *text, const char *part)
{
    char err[256] = "";

    assert_true(!apple_check_service(text, err, sizeof err));
    assert_says(err, part);
}

static void test_services_accepted(void **state)
{
    char err[256];

    (void)state;
    assert_true(apple_check_service("ssh", err, sizeof err));
    assert_true(apple_check_service("game-center-rtp", err, sizeof err));
    assert_true(apple_check_service("pop3s", err, sizeof err));
    assert_true(apple_check_service("x", err, sizeof err));
    /* 32 characters, the longest allowed */
    assert_true(apple_check_service("abcdefghijklmnopqrstuvwxyz-01234", err, sizeof err));
}

static void test_services_refused(void **state)
{
    (void)state;
    assert_service_refused("", "empty");
    assert_service_refused("Ssh", "'Ssh'");
    assert_service_refused("sSH", "'sSH'");
    /* 33 characters */
    assert_service_refused("abcdefghijklmnopqrstuvwxyz-012345", "32");
    assert_service_refused("my_service", "'my_service'");
    assert_service_refused("ssh dns", "'ssh dns'");
    assert_service_refused("dom\xc3\xa6ne", "'dom\xc3\xa6ne'");
    assert_service_refused("3com", "'3com'");
    assert_service_refused("-ssh", "'-ssh'");
}

/* --- RFC --------------------------------------------------------------- */

static void assert_rfc(const char *text, unsigned expected)
{
    unsigned rfc = 1234;
    char err[256] = "";

    assert_true(apple_parse_rfc(text, &rfc, err, sizeof err));
    assert_int_equal(rfc, expected);
}

static void assert_rfc_refused(const char *text, const char *part)
{
    unsigned rfc = 0;
    char err[256] = "";

    assert_true(!apple_parse_rfc(text, &rfc, err, sizeof err));
    assert_says(err, part);
}

static void test_rfcs(void **state)
{
    (void)state;
    assert_rfc("-", 0);
    assert_rfc("2818", 2818);
    assert_rfc("768", 768);
    assert_rfc_refused("x", "'x'");
    assert_rfc_refused("", "''");
    assert_rfc_refused("0", "'0'");
    assert_rfc_refused("RFC2818", "'RFC2818'");
    assert_rfc_refused("2818a", "'2818a'");
    assert_rfc_refused("123456", "'123456'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ports_accepted),
        cmocka_unit_test(test_ports_refused),
        cmocka_unit_test(test_ports_message_fits_buffer),
        cmocka_unit_test(test_transports_accepted),
        cmocka_unit_test(test_transports_refused),
        cmocka_unit_test(test_services_accepted),
        cmocka_unit_test(test_services_refused),
        cmocka_unit_test(test_rfcs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
