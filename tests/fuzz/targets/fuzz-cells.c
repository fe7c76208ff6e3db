/* fuzz-cells.c
 * libFuzzer target for the table-cell parsers of apple-parse.h, which read
 * data/apple-ports.tsv at build time and the user port table at run time,
 * and for the prefix parser of apple-networks.h (data/apple-networks.tsv)
 * with the longest-prefix lookup.
 *
 * The input is split at NUL and tab bytes into cells. Every cell goes to
 * every parser, once with a roomy error buffer, once with a small one whose
 * size follows the cell's position (messages cut short), and once with no
 * buffer at all. Each cell is copied into a heap block of exactly its size,
 * and each error buffer is a heap block of exactly errlen bytes, so that
 * AddressSanitizer sees any read or write past them.
 *
 * A parser must either refuse the cell with a terminated message shorter
 * than the buffer, or accept it with values the cell really says (checked
 * here independently of apple-parse.c). Documented forms ("5223",
 * "16384-16403", "TCP", "tcp+udp", a valid service name, an RFC number or
 * "-") must be accepted. A prefix ("17.0.0.0/8", "2620:149::/32") is read
 * here too, differently (split at "::", ':' and '.'), and the parser must
 * accept exactly what that reading accepts, with the same bits, and leave
 * the network untouched when it refuses. The lookup is checked against a
 * bit-by-bit search, at the prefix read, at its last address, and at the
 * cell's own bytes taken as an address. Anything else aborts, so libFuzzer
 * keeps the input.
 *
 * The lookup searches a table of this target's own (fuzz_networks), not
 * the built-in one: nested prefixes of both versions, from /0 to full
 * length, in the generator's order, so that every depth of the search is
 * reached whatever data/apple-networks.tsv holds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-networks.h"
#include "apple-parse.h"
#include "apple-table.h"

#include <glib.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH     "\xe2\x80\x93"
#define ROOMY_ERR 256         /* what the plugin and the generator pass */

/* Reports why the cell broke a rule and aborts, so libFuzzer saves it. */
G_GNUC_NORETURN G_GNUC_PRINTF(2, 3)
static void broken(const char *cell, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "fuzz-cells: cell \"");
    for (const char *c = cell; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (u >= 0x20 && u < 0x7f && u != '"' && u != '\\')
            fputc(u, stderr);
        else
            fprintf(stderr, "\\x%02x", u);
    }
    fprintf(stderr, "\": ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* ---- An independent reading of what a cell says -------------------------- */

/* A decimal number of n > 0 digits, saturated above 99999999 so that any
 * number of leading zeros or digits stays defined. */
static bool read_decimal(const char *s, size_t n, unsigned long *value)
{
    unsigned long v = 0;

    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!g_ascii_isdigit(s[i]))
            return false;
        v = v * 10 + (unsigned long)(s[i] - '0');
        if (v > 99999999ul)
            v = 99999999ul;
    }
    *value = v;
    return true;
}

/* A number as the header documents it: digits, no leading zero. */
static bool is_canonical_decimal(const char *s, size_t n)
{
    unsigned long ignored;
    return read_decimal(s, n, &ignored) && (s[0] != '0' || n == 1);
}

/* Where the cell splits into the two ends of a range: the first hyphen, or
 * else the first en dash (apple-parse.h: "a hyphen or an en dash"). */
static const char *range_dash(const char *cell, size_t *dash_len)
{
    const char *dash = strchr(cell, '-');

    *dash_len = 1;
    if (!dash) {
        dash = strstr(cell, EN_DASH);
        *dash_len = strlen(EN_DASH);
    }
    return dash;
}

/* ---- The error-buffer rule ------------------------------------------------ */

/* A heap block of exactly errlen bytes, filled with non-zero bytes so that
 * a missing terminator shows. */
static char *new_err(size_t errlen)
{
    char *err = g_malloc(errlen);
    memset(err, 0x5a, errlen);
    return err;
}

/* A refusal must leave a terminated, non-empty message within errlen. */
static void check_refusal(const char *cell, const char *parser, const char *err, size_t errlen)
{
    const char *end;

    if (err == NULL || errlen == 0)
        return;
    end = memchr(err, '\0', errlen);
    if (!end)
        broken(cell, "%s refused it with an unterminated message (errlen %zu)", parser, errlen);
    if (errlen > 1 && end == err)
        broken(cell, "%s refused it with an empty message (errlen %zu)", parser, errlen);
}

/* ---- One parser each ------------------------------------------------------ */

static void check_ports(const char *cell, char *err, size_t errlen)
{
    uint16_t first = 0, last = 0;
    unsigned long want_first, want_last;
    size_t dash_len;
    const char *dash = range_dash(cell, &dash_len);
    size_t first_len = dash ? (size_t)(dash - cell) : strlen(cell);
    const char *second = dash ? dash + dash_len : NULL;
    bool documented;

    /* "5223" or "16384-16403", ends inclusive, at most 65535, not reversed */
    documented = is_canonical_decimal(cell, first_len) &&
                 read_decimal(cell, first_len, &want_first) && want_first <= 65535;
    if (documented && second) {
        documented = is_canonical_decimal(second, strlen(second)) &&
                     read_decimal(second, strlen(second), &want_last) &&
                     want_last <= 65535 && want_last >= want_first;
    }

    if (!apple_parse_ports(cell, &first, &last, err, errlen)) {
        if (documented)
            broken(cell, "apple_parse_ports refused a documented port or range");
        check_refusal(cell, "apple_parse_ports", err, errlen);
        return;
    }
    if (first > last)
        broken(cell, "apple_parse_ports accepted it as %u-%u, a reversed range",
               (unsigned)first, (unsigned)last);
    /* the values must be the ones written, whatever leading zeros it has */
    if (!read_decimal(cell, first_len, &want_first) || want_first != first)
        broken(cell, "apple_parse_ports accepted it with first port %u", (unsigned)first);
    if (second) {
        if (!read_decimal(second, strlen(second), &want_last) || want_last != last)
            broken(cell, "apple_parse_ports accepted it with last port %u", (unsigned)last);
    } else if (last != first) {
        broken(cell, "apple_parse_ports read one port as %u-%u", (unsigned)first, (unsigned)last);
    }
}

static void check_transport(const char *cell, char *err, size_t errlen)
{
    const unsigned both = APPLE_TCP_BIT | APPLE_UDP_BIT;
    unsigned transports = 0, want = 0;

    if (g_ascii_strcasecmp(cell, "tcp") == 0)
        want = APPLE_TCP_BIT;
    else if (g_ascii_strcasecmp(cell, "udp") == 0)
        want = APPLE_UDP_BIT;
    else if (g_ascii_strcasecmp(cell, "tcp/udp") == 0 || g_ascii_strcasecmp(cell, "tcp+udp") == 0)
        want = both;

    if (!apple_parse_transport(cell, &transports, err, errlen)) {
        if (want)
            broken(cell, "apple_parse_transport refused a documented transport");
        check_refusal(cell, "apple_parse_transport", err, errlen);
        return;
    }
    if (transports == 0 || (transports & ~both) != 0)
        broken(cell, "apple_parse_transport accepted it as mask 0x%x", transports);
    if (transports != want)
        broken(cell, "apple_parse_transport accepted it as mask 0x%x, not 0x%x", transports, want);
}

static void check_service(const char *cell, char *err, size_t errlen)
{
    size_t n = strlen(cell);
    /* 1-32 characters of a-z, 0-9 and '-', starting with a letter */
    bool valid = n >= 1 && n <= 32 && g_ascii_islower(cell[0]);

    for (size_t i = 0; valid && i < n; i++)
        valid = g_ascii_islower(cell[i]) || g_ascii_isdigit(cell[i]) || cell[i] == '-';

    if (!apple_check_service(cell, err, errlen)) {
        if (valid)
            broken(cell, "apple_check_service refused a valid service name");
        check_refusal(cell, "apple_check_service", err, errlen);
        return;
    }
    if (!valid)
        broken(cell, "apple_check_service accepted an invalid service name");
}

static void check_rfc(const char *cell, char *err, size_t errlen)
{
    unsigned rfc = 12345;
    unsigned long want;
    size_t n = strlen(cell);
    /* "-", or an RFC number as written in the table (up to 5 digits) */
    bool documented = strcmp(cell, "-") == 0 ||
                      (n <= 5 && is_canonical_decimal(cell, n) && cell[0] != '0');

    if (!apple_parse_rfc(cell, &rfc, err, errlen)) {
        if (documented)
            broken(cell, "apple_parse_rfc refused a documented RFC cell");
        check_refusal(cell, "apple_parse_rfc", err, errlen);
        return;
    }
    if (strcmp(cell, "-") == 0) {
        if (rfc != 0)
            broken(cell, "apple_parse_rfc read '-' as %u, not 0", rfc);
        return;
    }
    if (!read_decimal(cell, n, &want) || want == 0 || want != rfc)
        broken(cell, "apple_parse_rfc accepted it as RFC %u", rfc);
}

/* ---- Prefixes and the lookup ---------------------------------------------- */

/* In the generator's order: IP version, then the longest prefix first. */
static const apple_network_t fuzz_networks[] = {
    { 4, { 192, 0, 2, 1 }, 32, APPLE_NETWORK_APPLE, "192.0.2.1/32" },
    { 4, { 17, 57, 144, 0 }, 22, APPLE_NETWORK_APNS, "17.57.144.0/22" },
    { 4, { 17, 249, 0, 0 }, 16, APPLE_NETWORK_APNS, "17.249.0.0/16" },
    { 4, { 17, 0, 0, 0 }, 8, APPLE_NETWORK_APPLE, "17.0.0.0/8" },
    { 4, { 128, 0, 0, 0 }, 1, APPLE_NETWORK_APPLE, "128.0.0.0/1" },
    { 6, { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 128, APPLE_NETWORK_APPLE, "::1/128" },
    { 6, { 0x26, 0x20, 0x01, 0x49, 0x0a, 0x44 }, 48, APPLE_NETWORK_APNS, "2620:149:a44::/48" },
    { 6, { 0x26, 0x20, 0x01, 0x49 }, 32, APPLE_NETWORK_APPLE, "2620:149::/32" },
    { 6, { 0x26, 0x20, 0x01, 0x48 }, 31, APPLE_NETWORK_APPLE, "2620:148::/31" },
    { 6, { 0 }, 0, APPLE_NETWORK_APPLE, "::/0" },
};
static const size_t fuzz_network_count = G_N_ELEMENTS(fuzz_networks);

static unsigned bit_at(const uint8_t *bytes, unsigned i)
{
    return (bytes[i / 8] >> (7 - i % 8)) & 1u;
}

/* The longest prefix of the table holding address, bit by bit. */
static const apple_network_t *slow_lookup(unsigned ip_version, const uint8_t *address)
{
    const apple_network_t *best = NULL;

    for (size_t i = 0; i < fuzz_network_count; i++) {
        const apple_network_t *network = &fuzz_networks[i];
        bool holds = network->ip_version == ip_version;

        for (unsigned b = 0; holds && b < network->length; b++)
            holds = bit_at(network->prefix, b) == bit_at(address, b);
        if (holds && (!best || network->length > best->length))
            best = network;
    }
    return best;
}

/* Looks up an exact-size heap copy of the address's bytes. */
static void check_lookup(const char *cell, unsigned ip_version, const uint8_t *address)
{
    size_t n = ip_version == 4 ? 4 : 16;
    uint8_t *copy = g_malloc(n);
    const apple_network_t *found, *want;

    memcpy(copy, address, n);
    found = apple_networks_lookup_in(fuzz_networks, fuzz_network_count, ip_version, copy);
    want = slow_lookup(ip_version, copy);
    g_free(copy);
    if (found != want)
        broken(cell, "apple_networks_lookup_in found %s, not %s, for IPv%u",
               found ? found->text : "nothing", want ? want->text : "nothing", ip_version);
}

/* s[0..n) as canonical decimal of at most max_digits digits, at most max. */
static bool read_number(const char *s, size_t n, size_t max_digits, unsigned long max,
                        unsigned long *value)
{
    return n <= max_digits && is_canonical_decimal(s, n) && read_decimal(s, n, value) &&
           *value <= max;
}

/* "a.b.c.d" into out[4], split at dots. */
static bool read_ipv4(const char *text, uint8_t out[4])
{
    char **parts = g_strsplit(text, ".", -1);
    bool ok = g_strv_length(parts) == 4;

    for (size_t i = 0; ok && i < 4; i++) {
        unsigned long value;
        ok = read_number(parts[i], strlen(parts[i]), 3, 255, &value);
        if (ok)
            out[i] = (uint8_t)value;
    }
    g_strfreev(parts);
    return ok;
}

/* The ':'-separated groups of text (none if it is empty) as 16-bit values
 * into groups[*n...]; the last one may be an IPv4 address (two groups) if
 * may_end_in_ipv4. */
static bool read_groups(const char *text, bool may_end_in_ipv4, unsigned groups[10], size_t *n)
{
    char **parts;
    guint n_parts;
    bool ok = true;

    if (*text == '\0')
        return true;
    parts = g_strsplit(text, ":", -1);
    n_parts = g_strv_length(parts);
    for (guint i = 0; ok && i < n_parts; i++) {
        const char *part = parts[i];
        size_t len = strlen(part);

        if (*n >= 8) {
            ok = false;
        } else if (i == n_parts - 1 && may_end_in_ipv4 && strchr(part, '.')) {
            uint8_t v4[4];
            ok = *n <= 6 && read_ipv4(part, v4);
            if (ok) {
                groups[(*n)++] = (unsigned)v4[0] << 8 | v4[1];
                groups[(*n)++] = (unsigned)v4[2] << 8 | v4[3];
            }
        } else {
            unsigned value = 0;
            ok = len >= 1 && len <= 4;
            for (size_t c = 0; ok && c < len; c++) {
                ok = g_ascii_isxdigit(part[c]);
                value = value << 4 | (unsigned)g_ascii_xdigit_value(part[c]);
            }
            if (ok)
                groups[(*n)++] = value;
        }
    }
    g_strfreev(parts);
    return ok;
}

/* RFC 4291 text into out[16]: split at the one "::", then at ':'. */
static bool read_ipv6(const char *text, uint8_t out[16])
{
    const char *gap = strstr(text, "::");
    unsigned head[10], tail[10];
    size_t n_head = 0, n_tail = 0;
    bool ok;

    if (gap && strstr(gap + 1, "::"))
        return false;
    if (gap) {
        char *left = g_strndup(text, (size_t)(gap - text));
        /* an IPv4 address can only end the text */
        ok = read_groups(left, false, head, &n_head) &&
             read_groups(gap + 2, true, tail, &n_tail) && n_head + n_tail <= 7;
        g_free(left);
    } else {
        ok = read_groups(text, true, head, &n_head) && n_head == 8;
    }
    if (!ok)
        return false;
    memset(out, 0, 16);
    for (size_t i = 0; i < n_head; i++) {
        out[2 * i] = (uint8_t)(head[i] >> 8);
        out[2 * i + 1] = (uint8_t)head[i];
    }
    for (size_t i = 0; i < n_tail; i++) {
        size_t at = 8 - n_tail + i;
        out[2 * at] = (uint8_t)(tail[i] >> 8);
        out[2 * at + 1] = (uint8_t)tail[i];
    }
    return true;
}

/* What the cell says as a prefix, if it is one the header documents. */
static bool read_prefix(const char *cell, apple_network_t *want)
{
    const char *slash = strchr(cell, '/');
    char *address;
    unsigned long length;
    bool ok;

    memset(want, 0, sizeof *want);
    if (!slash)
        return false;
    address = g_strndup(cell, (size_t)(slash - cell));
    want->ip_version = strchr(address, ':') ? 6 : 4;
    ok = want->ip_version == 6 ? read_ipv6(address, want->prefix)
                               : read_ipv4(address, want->prefix);
    g_free(address);
    ok = ok && read_number(slash + 1, strlen(slash + 1), 3, want->ip_version == 6 ? 128 : 32,
                           &length);
    if (!ok)
        return false;
    want->length = (unsigned)length;
    for (unsigned b = want->length; b < 128; b++)
        if (bit_at(want->prefix, b))
            return false;               /* host bits set */
    return true;
}

static void check_network(const char *cell, char *err, size_t errlen)
{
    apple_network_t network, before, want;
    bool documented = read_prefix(cell, &want);

    memset(&network, 0xa5, sizeof network);
    network.scope = APPLE_NETWORK_APNS;
    network.text = "the caller's";
    before = network;
    if (!apple_network_parse(cell, &network, err, errlen)) {
        if (documented)
            broken(cell, "apple_network_parse refused a prefix (IPv%u /%u)", want.ip_version,
                   want.length);
        check_refusal(cell, "apple_network_parse", err, errlen);
        if (memcmp(&network, &before, sizeof network) != 0)
            broken(cell, "apple_network_parse refused it but changed the network");
        return;
    }
    if (!documented)
        broken(cell, "apple_network_parse accepted it as IPv%u /%u", network.ip_version,
               network.length);
    if (network.ip_version != want.ip_version || network.length != want.length ||
        memcmp(network.prefix, want.prefix, sizeof want.prefix) != 0)
        broken(cell, "apple_network_parse accepted it as other bits (IPv%u /%u)",
               network.ip_version, network.length);
    if (network.scope != before.scope || network.text != before.text)
        broken(cell, "apple_network_parse set the scope or the text");

    /* the lookup at the prefix's first and last address */
    {
        uint8_t last[16];
        unsigned n_bits = network.ip_version == 4 ? 32 : 128;

        memcpy(last, network.prefix, sizeof last);
        for (unsigned b = network.length; b < n_bits; b++)
            last[b / 8] |= (uint8_t)(0x80u >> (b % 8));
        check_lookup(cell, network.ip_version, network.prefix);
        check_lookup(cell, network.ip_version, last);
    }
}

/* The cell's first bytes as an address of each version. */
static void check_cell_as_address(const char *cell, size_t len)
{
    uint8_t address[16] = { 0 };

    memcpy(address, cell, MIN(len, sizeof address));
    check_lookup(cell, 4, address);
    check_lookup(cell, 6, address);
}

/* ---- The cells ------------------------------------------------------------ */

typedef void (*cell_check_t)(const char *cell, char *err, size_t errlen);

static const cell_check_t checks[] = { check_ports, check_transport, check_service, check_rfc,
                                       check_network };

static void check_cell(const uint8_t *bytes, size_t len, size_t position)
{
    /* exactly len + 1 bytes, so ASan sees a read past the terminator */
    char *cell = g_malloc(len + 1);
    size_t small = 1 + position % 24;   /* cuts most messages short */
    char *roomy_err = new_err(ROOMY_ERR);
    char *small_err = new_err(small);

    memcpy(cell, bytes, len);
    cell[len] = '\0';
    for (size_t i = 0; i < G_N_ELEMENTS(checks); i++) {
        checks[i](cell, roomy_err, ROOMY_ERR);
        checks[i](cell, small_err, small);
        checks[i](cell, NULL, 0);
        if (memcmp(cell, bytes, len) != 0 || cell[len] != '\0')
            broken(cell, "a parser changed its text");
    }
    check_cell_as_address(cell, len);
    g_free(small_err);
    g_free(roomy_err);
    g_free(cell);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t start = 0, position = 0;

    for (size_t i = 0; i <= size; i++) {
        if (i == size || data[i] == '\0' || data[i] == '\t') {
            check_cell(data + start, i - start, position++);
            start = i + 1;
        }
    }
    return 0;
}
