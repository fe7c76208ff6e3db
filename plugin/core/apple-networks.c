/* apple-networks.c
 * Apple's address blocks (see apple-networks.h): the prefix parser, shared
 * with the generator that checks data/apple-networks.tsv, and the lookup
 * over the generated table.
 *
 * The parser reads the text itself rather than through inet_pton, which
 * needs the sockets headers (Winsock on Windows) and whose accepted forms
 * differ between C libraries. It accepts:
 *   IPv4: four decimal numbers of 0-255 between dots, no leading zeros;
 *   IPv6: RFC 4291 section 2.2: eight groups of 1-4 hex digits, any case,
 *         "::" once for one or more groups of zeros, and the last 32 bits
 *         optionally as an IPv4 address ("::ffff:17.0.0.0"); no zone;
 *   then "/" and the prefix length in decimal without leading zeros, at
 *   most 32 or 128, and no bit set after the prefix.
 * A refused text leaves *network as it was.
 *
 * The generator sorts the table by IP version, then by prefix length from
 * the longest, so the first block that holds an address is its longest
 * prefix.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-networks.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

static bool
fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Reads s[0..n) as a dotted IPv4 address into out[4]. */
static bool
parse_ipv4(const char *s, size_t n, uint8_t out[4])
{
    size_t i = 0;

    for (int part = 0; part < 4; part++) {
        size_t digits = 0;
        unsigned value = 0;

        while (i < n && g_ascii_isdigit(s[i])) {
            if (++digits > 3)
                return false;
            value = value * 10 + (unsigned)(s[i] - '0');
            i++;
        }
        if (digits == 0 || value > 255 || (digits > 1 && s[i - digits] == '0'))
            return false;
        out[part] = (uint8_t)value;
        if (part < 3) {
            if (i >= n || s[i] != '.')
                return false;
            i++;
        }
    }
    return i == n;
}

/* Reads s[0..n) as RFC 4291 IPv6 text into out[16]. The groups before the
 * "::" fill the address from the front, those after it from the back. */
static bool
parse_ipv6(const char *s, size_t n, uint8_t out[16])
{
    uint8_t head[16], tail[16];
    size_t n_head = 0, n_tail = 0, i = 0;   /* bytes */
    bool gap = false;

    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        gap = true;
        i = 2;
    }
    while (i < n) {
        uint8_t *bytes = gap ? tail : head;
        size_t *n_bytes = gap ? &n_tail : &n_head;
        size_t j = i;
        unsigned value = 0;

        while (j < n && g_ascii_isxdigit(s[j]) && j - i < 5)
            value = (value << 4) | (unsigned)g_ascii_xdigit_value(s[j++]);
        if (j < n && s[j] == '.') {
            /* the last 32 bits as an IPv4 address: the rest of the text */
            if (n_head + n_tail + 4 > 16 || !parse_ipv4(s + i, n - i, bytes + *n_bytes))
                return false;
            *n_bytes += 4;
            break;
        }
        if (j == i || j - i > 4 || n_head + n_tail + 2 > 16)
            return false;
        bytes[(*n_bytes)++] = (uint8_t)(value >> 8);
        bytes[(*n_bytes)++] = (uint8_t)(value & 0xff);
        i = j;
        if (i == n)
            break;
        if (s[i] != ':' || ++i == n)
            return false;               /* not a separator, or a trailing ':' */
        if (s[i] == ':') {
            if (gap)
                return false;           /* a second "::" */
            gap = true;
            i++;
        }
    }
    /* "::" stands for at least one group */
    if (gap ? n_head + n_tail > 14 : n_head != 16)
        return false;
    memset(out, 0, 16);
    memcpy(out, head, n_head);
    memcpy(out + 16 - n_tail, tail, n_tail);
    return true;
}

/* A prefix length: decimal, no leading zero, at most max. */
static bool
parse_length(const char *text, unsigned max, unsigned *length)
{
    unsigned value = 0;
    size_t digits = 0;

    for (const char *s = text; *s; s++) {
        if (!g_ascii_isdigit(*s) || ++digits > 3)
            return false;
        value = value * 10 + (unsigned)(*s - '0');
    }
    if (digits == 0 || (digits > 1 && text[0] == '0') || value > max)
        return false;
    *length = value;
    return true;
}

bool
apple_network_parse(const char *text, apple_network_t *network, char *err, size_t errlen)
{
    uint8_t address[16] = { 0 };
    const char *slash;
    unsigned ip_version, max_length, length, address_bytes;
    size_t address_len;
    int shown;                          /* of the address, in messages */

    if (!text)
        return fail(err, errlen, "prefix is missing");
    slash = strchr(text, '/');
    if (!slash)
        return fail(err, errlen, "prefix '%s' has no '/length'", text);
    address_len = (size_t)(slash - text);
    shown = (int)MIN(address_len, (size_t)INT_MAX);
    if (memchr(text, ':', address_len)) {
        ip_version = 6;
        max_length = 128;
        address_bytes = 16;
        if (!parse_ipv6(text, address_len, address))
            return fail(err, errlen, "prefix '%s': '%.*s' is not an IPv6 address", text,
                        shown, text);
    } else {
        ip_version = 4;
        max_length = 32;
        address_bytes = 4;
        if (!parse_ipv4(text, address_len, address))
            return fail(err, errlen, "prefix '%s': '%.*s' is not an IPv4 address", text,
                        shown, text);
    }
    if (!parse_length(slash + 1, max_length, &length))
        return fail(err, errlen, "prefix '%s': length '%s' is not a number from 0 to %u", text,
                    slash + 1, max_length);
    /* the bits after the prefix must be zero: compare the address with
     * itself cut at length */
    {
        uint8_t cut[16] = { 0 };
        unsigned whole = length / 8, rest = length % 8;

        memcpy(cut, address, whole);
        if (rest)
            cut[whole] = (uint8_t)(address[whole] & (0xffu << (8 - rest)));
        if (memcmp(cut, address, address_bytes) != 0)
            return fail(err, errlen,
                        "prefix '%s' has host bits set: those after the first %u must be zero",
                        text, length);
    }
    network->ip_version = ip_version;
    memcpy(network->prefix, address, sizeof network->prefix);
    network->length = length;
    return true;
}

#ifndef APPLE_NETWORKS_PARSER_ONLY
/* The generator (tools/gen) builds this file with APPLE_NETWORKS_PARSER_ONLY
 * to check the data before the table it writes exists. */

/* Whether the first bit_count bits of a and b are equal. */
static bool
same_bits(const uint8_t *a, const uint8_t *b, unsigned bit_count)
{
    unsigned whole = bit_count / 8, rest = bit_count % 8;

    if (memcmp(a, b, whole) != 0)
        return false;
    if (rest == 0)
        return true;
    return ((a[whole] ^ b[whole]) & (uint8_t)(0xffu << (8 - rest))) == 0;
}

const apple_network_t *
apple_networks_lookup_in(const apple_network_t *networks, size_t count,
                         unsigned ip_version, const uint8_t *address)
{
    if (!address || (ip_version != 4 && ip_version != 6))
        return NULL;
    for (size_t i = 0; i < count; i++) {
        const apple_network_t *network = &networks[i];

        /* the first byte rules out nearly every block without a call:
         * this runs for both ends of every new flow */
        if (network->ip_version != ip_version ||
            (network->length >= 8 && network->prefix[0] != address[0]))
            continue;
        if (same_bits(network->prefix, address, network->length))
            return network;
    }
    return NULL;
}

const apple_network_t *
apple_networks_lookup(unsigned ip_version, const uint8_t *address)
{
    return apple_networks_lookup_in(apple_builtin_networks, apple_builtin_network_count,
                                    ip_version, address);
}
#endif
