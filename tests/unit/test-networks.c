/* test-networks.c
 * Apple's address blocks (apple-networks.h): the generated table's order
 * and contents, the longest-prefix lookup at the edges of every block
 * (first and last address, the addresses just outside), IPv4-mapped IPv6
 * kept apart from IPv4, the APNs ranges inside 17.0.0.0/8, server
 * addresses of the shared captures, and the prefix parser.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "apple-networks.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

static unsigned address_bytes(unsigned ip_version)
{
    return ip_version == 4 ? 4 : 16;
}

/* Bit i (0 = the highest bit of the first byte) of an address. */
static unsigned bit_at(const uint8_t *address, unsigned i)
{
    return (address[i / 8] >> (7 - i % 8)) & 1u;
}

/* The longest prefix of the table that holds address, found the slow way:
 * every entry, bit by bit. */
static const apple_network_t *slow_lookup(unsigned ip_version, const uint8_t *address)
{
    const apple_network_t *best = NULL;

    for (size_t i = 0; i < apple_builtin_network_count; i++) {
        const apple_network_t *network = &apple_builtin_networks[i];
        bool holds = network->ip_version == ip_version;

        for (unsigned b = 0; holds && b < network->length; b++)
            holds = bit_at(network->prefix, b) == bit_at(address, b);
        if (holds && (!best || network->length > best->length))
            best = network;
    }
    return best;
}

/* Adds delta (+1 or -1) to the address as one big number; false if it
 * wraps around. */
static bool step(uint8_t *address, unsigned n_bytes, int delta)
{
    for (unsigned i = n_bytes; i-- > 0;) {
        if (delta > 0) {
            if (address[i]++ != 0xff)
                return true;
        } else {
            if (address[i]-- != 0x00)
                return true;
        }
    }
    return false;
}

/* Looks up an exact-size heap copy of the address, so that a read past
 * its bytes shows under ASan or valgrind. */
static const apple_network_t *lookup(unsigned ip_version, const uint8_t *address)
{
    unsigned n = address_bytes(ip_version);
    uint8_t *copy = g_malloc(n);
    const apple_network_t *found;

    memcpy(copy, address, n);
    found = apple_networks_lookup(ip_version, copy);
    g_free(copy);
    return found;
}

static const apple_network_t *lookup_text(const char *address_text)
{
    char prefix[80];
    apple_network_t parsed;
    char err[256];

    /* the parser reads the address: a full-length prefix is one address */
    snprintf(prefix, sizeof prefix, "%s/%u", address_text, strchr(address_text, ':') ? 128u : 32u);
    if (!apple_network_parse(prefix, &parsed, err, sizeof err))
        fail_msg("%s", err);
    return lookup(parsed.ip_version, parsed.prefix);
}

static void assert_in(const char *address, const char *block, apple_network_scope_t scope)
{
    const apple_network_t *found = lookup_text(address);

    if (!found)
        fail_msg("%s: no block, expected %s", address, block);
    if (strcmp(found->text, block) != 0)
        fail_msg("%s: in %s, expected %s", address, found->text, block);
    assert_int_equal(found->scope, scope);
}

static void assert_outside(const char *address)
{
    const apple_network_t *found = lookup_text(address);

    if (found)
        fail_msg("%s: in %s, expected none", address, found->text);
}

/* The table is in the lookup's order (IP version, then the longest prefix
 * first), each entry is canonical and reads back from its own text, and
 * each APNs range lies in an apple block. */
static void test_table(void **state)
{
    (void)state;
    assert_true(apple_builtin_network_count > 0);
    for (size_t i = 0; i < apple_builtin_network_count; i++) {
        const apple_network_t *network = &apple_builtin_networks[i];
        apple_network_t parsed;
        char err[256];

        assert_true(network->ip_version == 4 || network->ip_version == 6);
        assert_true(network->length <= 8 * address_bytes(network->ip_version));
        for (unsigned b = network->length; b < 128; b++)
            assert_int_equal(bit_at(network->prefix, b), 0);
        assert_true(apple_network_parse(network->text, &parsed, err, sizeof err));
        assert_int_equal(parsed.ip_version, network->ip_version);
        assert_int_equal(parsed.length, network->length);
        assert_memory_equal(parsed.prefix, network->prefix, 16);
        if (i > 0) {
            const apple_network_t *before = &apple_builtin_networks[i - 1];
            assert_true(before->ip_version < network->ip_version ||
                        (before->ip_version == network->ip_version &&
                         before->length >= network->length));
        }
        if (network->scope == APPLE_NETWORK_APNS) {
            const apple_network_t *outer;
            uint8_t first[16];

            memcpy(first, network->prefix, 16);
            outer = NULL;
            for (size_t j = 0; j < apple_builtin_network_count; j++) {
                const apple_network_t *candidate = &apple_builtin_networks[j];
                bool holds = candidate->scope == APPLE_NETWORK_APPLE &&
                             candidate->ip_version == network->ip_version &&
                             candidate->length <= network->length;
                for (unsigned b = 0; holds && b < candidate->length; b++)
                    holds = bit_at(candidate->prefix, b) == bit_at(first, b);
                if (holds)
                    outer = candidate;
            }
            if (!outer)
                fail_msg("%s is in no apple block", network->text);
        }
    }
}

/* For every block: its first and last address are in it (or in a longer
 * prefix inside it), the addresses just before and after are not, and
 * the lookup agrees with the slow one everywhere there. */
static void test_edges_of_every_block(void **state)
{
    (void)state;
    for (size_t i = 0; i < apple_builtin_network_count; i++) {
        const apple_network_t *network = &apple_builtin_networks[i];
        unsigned n = address_bytes(network->ip_version);
        uint8_t first[16], last[16], outside[16];

        memcpy(first, network->prefix, 16);
        memcpy(last, network->prefix, 16);
        for (unsigned b = network->length; b < 8 * n; b++)
            last[b / 8] |= (uint8_t)(0x80u >> (b % 8));

        assert_ptr_equal(lookup(network->ip_version, first), slow_lookup(network->ip_version, first));
        assert_ptr_equal(lookup(network->ip_version, last), slow_lookup(network->ip_version, last));
        assert_true(lookup(network->ip_version, first)->length >= network->length);
        assert_true(lookup(network->ip_version, last)->length >= network->length);

        memcpy(outside, first, 16);
        if (step(outside, n, -1)) {
            const apple_network_t *found = lookup(network->ip_version, outside);
            assert_ptr_equal(found, slow_lookup(network->ip_version, outside));
            assert_ptr_not_equal(found, network);
        }
        memcpy(outside, last, 16);
        if (step(outside, n, +1)) {
            const apple_network_t *found = lookup(network->ip_version, outside);
            assert_ptr_equal(found, slow_lookup(network->ip_version, outside));
            assert_ptr_not_equal(found, network);
        }
    }
}

static void test_ipv4_blocks(void **state)
{
    (void)state;
    assert_in("17.0.0.0", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    assert_in("17.255.255.255", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    assert_outside("16.255.255.255");
    assert_outside("18.0.0.0");
    assert_outside("0.0.0.0");
    assert_outside("255.255.255.255");
    assert_outside("127.0.0.1");
    assert_in("57.112.0.0", "57.112.0.0/12", APPLE_NETWORK_APPLE);
    assert_in("57.127.255.255", "57.112.0.0/12", APPLE_NETWORK_APPLE);
    assert_outside("57.128.0.0");
    assert_outside("57.111.255.255");
    assert_in("65.199.23.255", "65.199.22.0/23", APPLE_NETWORK_APPLE);
    assert_outside("65.199.24.0");
    assert_outside("65.199.21.255");
}

/* The APNs ranges win over 17.0.0.0/8, at their edges. */
static void test_apns_ranges_win(void **state)
{
    (void)state;
    assert_in("17.57.144.0", "17.57.144.0/22", APPLE_NETWORK_APNS);
    assert_in("17.57.147.255", "17.57.144.0/22", APPLE_NETWORK_APNS);
    assert_in("17.57.143.255", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    assert_in("17.57.148.0", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    assert_in("17.188.20.0", "17.188.20.0/23", APPLE_NETWORK_APNS);
    assert_in("17.188.21.255", "17.188.20.0/23", APPLE_NETWORK_APNS);
    assert_in("17.188.22.0", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    assert_in("17.188.128.0", "17.188.128.0/18", APPLE_NETWORK_APNS);
    assert_in("17.188.191.255", "17.188.128.0/18", APPLE_NETWORK_APNS);
    assert_in("17.188.192.0", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    assert_in("17.249.0.0", "17.249.0.0/16", APPLE_NETWORK_APNS);
    assert_in("17.249.255.255", "17.249.0.0/16", APPLE_NETWORK_APNS);
    assert_in("17.248.255.255", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    assert_in("17.252.12.7", "17.252.0.0/16", APPLE_NETWORK_APNS);
    assert_in("2620:149:a44::", "2620:149:a44::/48", APPLE_NETWORK_APNS);
    assert_in("2620:149:a44:ffff:ffff:ffff:ffff:ffff", "2620:149:a44::/48", APPLE_NETWORK_APNS);
    assert_in("2620:149:a43:ffff:ffff:ffff:ffff:ffff", "2620:149::/32", APPLE_NETWORK_APPLE);
    assert_in("2620:149:a45::", "2620:149::/32", APPLE_NETWORK_APPLE);
    assert_in("2403:300:a51::1", "2403:300:a51::/48", APPLE_NETWORK_APNS);
    assert_in("2a01:b740:a42:1::", "2a01:b740:a42::/48", APPLE_NETWORK_APNS);
}

static void test_ipv6_blocks(void **state)
{
    (void)state;
    assert_in("2620:149::", "2620:149::/32", APPLE_NETWORK_APPLE);
    assert_in("2620:149:ffff:ffff:ffff:ffff:ffff:ffff", "2620:149::/32", APPLE_NETWORK_APPLE);
    assert_outside("2620:148:ffff:ffff:ffff:ffff:ffff:ffff");
    assert_outside("2620:14a::");
    assert_in("2a01:b747::1", "2a01:b747::/32", APPLE_NETWORK_APPLE);
    assert_outside("2a01:b748::");
    assert_outside("2a01:b741::");
    assert_outside("::");
    assert_outside("::1");
    assert_outside("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

/* An IPv4 address in IPv6 form is an IPv6 address: it is not in an IPv4
 * block (the dissector hands IPv4 over as 4 bytes, version 4). */
static void test_ipv4_mapped_is_not_ipv4(void **state)
{
    static const uint8_t mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 17, 0, 0, 1 };
    static const uint8_t compatible[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 1 };
    static const uint8_t ipv4[4] = { 17, 0, 0, 1 };

    (void)state;
    assert_null(lookup(6, mapped));
    assert_null(lookup(6, compatible));
    assert_outside("::ffff:17.0.0.1");
    assert_outside("::ffff:17.249.0.1");
    assert_non_null(lookup(4, ipv4));
    /* the first four bytes of an IPv6 address are not an IPv4 one */
    {
        static const uint8_t starts_like_17[16] = { 17, 0, 0, 1 };
        assert_null(lookup(6, starts_like_17));
    }
}

static void test_bad_arguments(void **state)
{
    static const uint8_t address[16] = { 17, 0, 0, 1 };

    (void)state;
    assert_null(apple_networks_lookup(4, NULL));
    assert_null(apple_networks_lookup(6, NULL));
    assert_null(apple_networks_lookup(0, address));
    assert_null(apple_networks_lookup(5, address));
    assert_null(apple_networks_lookup(46, address));
}

/* Server addresses of the shared captures. */
static void test_capture_addresses(void **state)
{
    (void)state;
    /* nDPI__iphone.pcap frame 54: p26-fmfmobile.icloud.com (CNAME
     * fmfmobile.fe.apple-dns.net) is 17.248.185.140, which frame 58 reaches
     * on TCP 443 */
    assert_in("17.248.185.140", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    /* frame 59: captive.apple.com -> captive.g.aaplimg.com 17.253.105.202 */
    assert_in("17.253.105.202", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    /* frame 57: gsp85-ssl.ls.apple.com 17.130.2.46; frame 260: gsa.apple.com 17.137.166.35 */
    assert_in("17.130.2.46", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    assert_in("17.137.166.35", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    /* nDPI__wa_voice.pcap frame 5: a Mac's APNs connection on TCP 5223 to
     * 17.242.60.84, outside the published APNs ranges */
    assert_in("17.242.60.84", "17.0.0.0/8", APPLE_NETWORK_APPLE);
    /* Apple names served by Akamai: frame 56 gspe35-ssl.ls.apple.com
     * 95.101.25.53, frame 172 www.icloud.com 23.45.74.46, frame 173
     * iphone-ld.apple.com 92.122.252.82, frame 183 cl4.apple.com 104.73.61.30 */
    assert_outside("95.101.25.53");
    assert_outside("23.45.74.46");
    assert_outside("92.122.252.82");
    assert_outside("104.73.61.30");
    /* the local network and the resolvers */
    assert_outside("192.168.2.12");
    assert_outside("8.8.8.8");
}

/* ---- The parser ---------------------------------------------------------- */

static bool parse(const char *text, apple_network_t *network, char *err, size_t errlen)
{
    size_t len = strlen(text);
    char *copy = g_malloc(len + 1);     /* exact size: a read past the NUL shows */
    bool ok;

    memcpy(copy, text, len + 1);
    ok = apple_network_parse(copy, network, err, errlen);
    assert_string_equal(copy, text);
    g_free(copy);
    return ok;
}

/* text is accepted as version/length/bytes (the first n_bytes given). */
static void assert_parses(const char *text, unsigned ip_version, unsigned length,
                          const uint8_t *bytes, size_t n_bytes)
{
    apple_network_t network;
    uint8_t want[16] = { 0 };
    char err[256] = "";

    memset(&network, 0x5a, sizeof network);
    network.scope = APPLE_NETWORK_APNS;
    network.text = "kept";
    if (!parse(text, &network, err, sizeof err))
        fail_msg("'%s' refused: %s", text, err);
    memcpy(want, bytes, n_bytes);
    assert_int_equal(network.ip_version, ip_version);
    assert_int_equal(network.length, length);
    assert_memory_equal(network.prefix, want, 16);
    /* scope and text are the caller's */
    assert_int_equal(network.scope, APPLE_NETWORK_APNS);
    assert_string_equal(network.text, "kept");
}

#define BYTES(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

/* text is refused with a message that names it, and *network untouched. */
static void assert_refused(const char *text, const char *why)
{
    apple_network_t network, before;
    char err[512];
    char quoted[300];

    memset(&network, 0x5a, sizeof network);
    before = network;
    memset(err, 'x', sizeof err);
    if (parse(text, &network, err, sizeof err))
        fail_msg("'%s' accepted", text);
    assert_memory_equal(&network, &before, sizeof network);
    assert_non_null(memchr(err, '\0', sizeof err));
    snprintf(quoted, sizeof quoted, "'%s'", text);
    if (!strstr(err, quoted))
        fail_msg("'%s': message does not name it: %s", text, err);
    if (why && !strstr(err, why))
        fail_msg("'%s': message does not say '%s': %s", text, why, err);
}

/* The block of table (count entries) that holds an address given as text. */
static const apple_network_t *lookup_text_in(const apple_network_t *table, size_t count,
                                             const char *text)
{
    apple_network_t host;
    char prefix[64], err[200];

    snprintf(prefix, sizeof prefix, "%s/%s", text, strchr(text, ':') ? "128" : "32");
    assert_true(apple_network_parse(prefix, &host, err, sizeof err));
    return apple_networks_lookup_in(table, count, host.ip_version, host.prefix);
}

/* A table of one's own (apple_networks_lookup_in): blocks shorter than a
 * byte, the whole space, and the first match in table order. */
static void test_lookup_in_short_prefixes(void **state)
{
    static const char *texts[] = { "2001:db8::/32", "10.0.0.0/7", "192.168.0.0/16", "0.0.0.0/0" };
    apple_network_t table[4];
    char err[200];

    (void)state;
    for (size_t i = 0; i < 4; i++)
        assert_true(apple_network_parse(texts[i], &table[i], err, sizeof err));
    assert_ptr_equal(lookup_text_in(table, 4, "11.1.2.3"), &table[1]);   /* /7 holds 11.x */
    assert_ptr_equal(lookup_text_in(table, 4, "10.9.9.9"), &table[1]);
    assert_ptr_equal(lookup_text_in(table, 4, "192.168.5.5"), &table[2]);
    assert_ptr_equal(lookup_text_in(table, 4, "192.169.0.1"), &table[3]); /* the whole space */
    assert_ptr_equal(lookup_text_in(table, 4, "12.0.0.1"), &table[3]);
    assert_ptr_equal(lookup_text_in(table, 4, "2001:db8::1"), &table[0]);
    assert_null(lookup_text_in(table, 4, "2001:db9::1"));
    assert_null(lookup_text_in(table + 1, 2, "12.0.0.1"));
    assert_null(lookup_text_in(table + 1, 3, "2001:db8::1"));              /* no IPv6 block */
}

static void test_parse_ipv4(void **state)
{
    (void)state;
    assert_parses("17.0.0.0/8", 4, 8, BYTES(17, 0, 0, 0));
    assert_parses("17.57.144.0/22", 4, 22, BYTES(17, 57, 144, 0));
    assert_parses("0.0.0.0/0", 4, 0, BYTES(0));
    assert_parses("255.255.255.255/32", 4, 32, BYTES(255, 255, 255, 255));
    assert_parses("65.199.22.0/23", 4, 23, BYTES(65, 199, 22, 0));
    assert_parses("10.0.0.0/7", 4, 7, BYTES(10, 0, 0, 0));

    assert_refused("17.0.0.0", "/length");
    assert_refused("17.0.0/8", "not an IPv4 address");
    assert_refused("17.0.0.0.0/8", "not an IPv4 address");
    assert_refused("17..0.0/8", "not an IPv4 address");
    assert_refused(".17.0.0/8", "not an IPv4 address");
    assert_refused("17.0.0./8", "not an IPv4 address");
    assert_refused("017.0.0.0/8", "not an IPv4 address");
    assert_refused("17.00.0.0/8", "not an IPv4 address");
    assert_refused("256.0.0.0/8", "not an IPv4 address");
    assert_refused("1700.0.0.0/8", "not an IPv4 address");
    assert_refused("17.0.0.0x/8", "not an IPv4 address");
    assert_refused("17.0.0.-1/8", "not an IPv4 address");
    assert_refused(" 17.0.0.0/8", "not an IPv4 address");
    assert_refused("/8", "not an IPv4 address");
    assert_refused("", "/length");
    assert_refused("17.0.0.0/", "length");
    assert_refused("17.0.0.0/33", "from 0 to 32");
    assert_refused("17.0.0.0/08", "from 0 to 32");
    assert_refused("17.0.0.0/8 ", "from 0 to 32");
    assert_refused("17.0.0.0//8", "from 0 to 32");
    assert_refused("17.0.0.0/8/8", "from 0 to 32");
    assert_refused("17.0.0.0/-8", "from 0 to 32");
    assert_refused("17.0.0.0/4294967304", "from 0 to 32");   /* 2^32 + 8 */
    assert_refused("17.0.0.1/8", "host bits");
    assert_refused("17.128.0.0/8", "host bits");
    assert_refused("10.0.0.0/6", "host bits");
    assert_refused("0.0.0.1/0", "host bits");
    assert_refused("255.255.255.254/30", "host bits");
}

static void test_parse_ipv6(void **state)
{
    (void)state;
    assert_parses("2620:149::/32", 6, 32, BYTES(0x26, 0x20, 0x01, 0x49));
    assert_parses("2620:149:a44::/48", 6, 48, BYTES(0x26, 0x20, 0x01, 0x49, 0x0a, 0x44));
    assert_parses("2620:149:A44::/48", 6, 48, BYTES(0x26, 0x20, 0x01, 0x49, 0x0a, 0x44));
    assert_parses("2620:0149:0a44:0000::/48", 6, 48, BYTES(0x26, 0x20, 0x01, 0x49, 0x0a, 0x44));
    assert_parses("::/0", 6, 0, BYTES(0));
    assert_parses("::1/128", 6, 128, BYTES(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    assert_parses("1:2:3:4:5:6:7:8/128", 6, 128,
                  BYTES(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8));
    assert_parses("1::8/128", 6, 128, BYTES(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8));
    /* "::" for one group of zeros (RFC 4291 allows it; RFC 5952 prefers not) */
    assert_parses("1:2:3:4:5:6:7::/128", 6, 128,
                  BYTES(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0));
    assert_parses("::2:3:4:5:6:7:8/128", 6, 128,
                  BYTES(0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8));
    assert_parses("1:2:3::6:7:8/128", 6, 128,
                  BYTES(0, 1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 6, 0, 7, 0, 8));
    assert_parses("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 6, 128,
                  BYTES(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
    assert_parses("2620:149:a44::/47", 6, 47, BYTES(0x26, 0x20, 0x01, 0x49, 0x0a, 0x44));
    /* the last 32 bits as IPv4 (RFC 4291 section 2.2, form 3) */
    assert_parses("::ffff:17.0.0.0/104", 6, 104,
                  BYTES(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 17));
    assert_parses("::17.0.0.1/128", 6, 128,
                  BYTES(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 1));
    assert_parses("1:2:3:4:5:6:17.0.0.1/128", 6, 128,
                  BYTES(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 17, 0, 0, 1));

    assert_refused("2620:149::", "/length");
    assert_refused("2620:149::a44::/48", "not an IPv6 address");
    assert_refused("2620:149:::/48", "not an IPv6 address");
    assert_refused(":::/0", "not an IPv6 address");
    assert_refused(":/0", "not an IPv6 address");
    assert_refused(":1::/16", "not an IPv6 address");
    assert_refused("1::2:/128", "not an IPv6 address");
    assert_refused("1:/16", "not an IPv6 address");
    assert_refused("02620:149::/32", "not an IPv6 address");
    assert_refused("2620:149::g/32", "not an IPv6 address");
    assert_refused("1:2:3:4:5:6:7/112", "not an IPv6 address");
    assert_refused("1:2:3:4:5:6:7:8:9/128", "not an IPv6 address");
    assert_refused("1:2:3:4:5:6:7:8::/128", "not an IPv6 address");
    assert_refused("::1:2:3:4:5:6:7:8/128", "not an IPv6 address");
    assert_refused("1:2:3:4::5:6:7:8/128", "not an IPv6 address");
    assert_refused("fe80::1%eth0/128", "not an IPv6 address");
    assert_refused("::ffff:17.0.0/104", "not an IPv6 address");
    assert_refused("::ffff:017.0.0.0/104", "not an IPv6 address");
    assert_refused("::17.0.0.1:0/128", "not an IPv6 address");
    assert_refused("::ffff:a7.0.0.1/128", "not an IPv6 address");
    assert_refused("1:2:3:4:5:6:7:17.0.0.1/128", "not an IPv6 address");
    assert_refused("1:2:3:4:5:6::17.0.0.1/128", "not an IPv6 address");
    assert_refused("[2620:149::]/32", "not an IPv6 address");
    assert_refused("2620:149::/129", "from 0 to 128");
    assert_refused("2620:149::/032", "from 0 to 128");
    assert_refused("2620:149::/1000", "from 0 to 128");
    assert_refused("2620:149::1/32", "host bits");
    assert_refused("2620:149:a45::/47", "host bits");
    assert_refused("::1/127", "host bits");
}

/* A message is cut short in a small buffer, still terminated; no buffer
 * at all is allowed. */
static void test_parse_messages(void **state)
{
    apple_network_t network;
    char small[8];

    (void)state;
    memset(small, 'x', sizeof small);
    assert_false(apple_network_parse("17.0.0.1/8", &network, small, sizeof small));
    assert_int_equal(small[sizeof small - 1], '\0');
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_false(apple_network_parse("17.0.0.1/8", &network, NULL, 0));
    assert_false(apple_network_parse(NULL, &network, small, sizeof small));
    assert_true(apple_network_parse("17.0.0.0/8", &network, NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_edges_of_every_block),
        cmocka_unit_test(test_ipv4_blocks),
        cmocka_unit_test(test_apns_ranges_win),
        cmocka_unit_test(test_ipv6_blocks),
        cmocka_unit_test(test_ipv4_mapped_is_not_ipv4),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_capture_addresses),
        cmocka_unit_test(test_parse_ipv4),
        cmocka_unit_test(test_parse_ipv6),
        cmocka_unit_test(test_parse_messages),
        cmocka_unit_test(test_lookup_in_short_prefixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
