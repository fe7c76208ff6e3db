/* test-frame.c
 * Finding a TCP/UDP segment in a whole frame (apple-frame.h): frames built
 * byte by byte behind every link layer the plugin meets, IP options and
 * IPv6 extension headers, tunnels, padding, short captures, fragments and
 * bad lengths; and real frames from ../shared/captures, where tshark's
 * tcp.payload / udp.payload position is the expected answer. Every frame
 * is searched at every captured length, with the byte after the frame
 * unreadable, so a read past the end crashes the test.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _DEFAULT_SOURCE     /* mmap's MAP_ANONYMOUS and inet_pton under -std=c11 */

#include "unit-support.h"

#include "apple-frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__unix__) || defined(__APPLE__)
#include <arpa/inet.h>
#include <sys/mman.h>
#include <unistd.h>
#define HAVE_GUARD_PAGE 1
#endif

#define FRAME_MAX 4096

/* --- the frame under test, behind an unreadable page ------------------- */

static uint8_t *guard_page;     /* the first byte no frame may read */

static int setup_guard_page(void **state)
{
    (void)state;
#ifdef HAVE_GUARD_PAGE
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t area = (FRAME_MAX + page - 1) / page * page;
    uint8_t *base = mmap(NULL, area + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                         -1, 0);

    if (base == MAP_FAILED || mprotect(base + area, page, PROT_NONE) != 0)
        return -1;
    guard_page = base + area;
#else
    /* Without mmap an over-read is only caught by a sanitizer or valgrind. */
    static uint8_t area[FRAME_MAX];
    guard_page = area + FRAME_MAX;
#endif
    return 0;
}

/* Runs the search on the first len bytes of bytes, copied so that they end
 * where the guard page starts. */
static bool find_guarded(const uint8_t *bytes, size_t len, const apple_frame_key_t *key,
                         apple_frame_segment_t *segment)
{
    uint8_t *copy = guard_page - len;

    assert_true(len <= FRAME_MAX);
    memcpy(copy, bytes, len);
    return apple_frame_find_segment(copy, len, key, segment);
}

/* --- building frames --------------------------------------------------- */

typedef struct {
    uint8_t bytes[FRAME_MAX];
    size_t  len;
} frame_t;

static void put_bytes(frame_t *f, const void *bytes, size_t n)
{
    assert_true(f->len + n <= sizeof f->bytes);
    memcpy(f->bytes + f->len, bytes, n);
    f->len += n;
}

static void put_fill(frame_t *f, uint8_t value, size_t n)
{
    assert_true(f->len + n <= sizeof f->bytes);
    memset(f->bytes + f->len, value, n);
    f->len += n;
}

static void put_u8(frame_t *f, unsigned value)
{
    uint8_t byte = (uint8_t)value;
    put_bytes(f, &byte, 1);
}

static void put_u16(frame_t *f, unsigned value)
{
    put_u8(f, value >> 8);
    put_u8(f, value);
}

static void put_u32(frame_t *f, uint32_t value)
{
    put_u16(f, value >> 16);
    put_u16(f, value & 0xffff);
}

static void set_u16(frame_t *f, size_t at, unsigned value)
{
    f->bytes[at] = (uint8_t)(value >> 8);
    f->bytes[at + 1] = (uint8_t)value;
}

/* n payload bytes of a pattern that contains no 0x4X/0x6X version byte
 * followed by the test addresses; returns where they start. */
static size_t put_payload(frame_t *f, size_t n)
{
    size_t at = f->len;
    for (size_t i = 0; i < n; i++)
        put_u8(f, 0xa0 + (i % 16));
    return at;
}

/* link layers */

#define ETHERTYPE_IPV4  0x0800
#define ETHERTYPE_IPV6  0x86dd
#define ETHERTYPE_VLAN  0x8100
#define ETHERTYPE_QINQ  0x88a8

static void put_ethernet(frame_t *f, unsigned ethertype)
{
    static const uint8_t macs[12] = { 0x90, 0xb9, 0x31, 0x28, 0xfa, 0xca,    /* Apple OUI */
                                      0xc6, 0x2c, 0x03, 0x60, 0x6a, 0x64 };
    put_bytes(f, macs, sizeof macs);
    put_u16(f, ethertype);
}

static void put_vlan_tag(frame_t *f, unsigned vlan_id, unsigned ethertype)
{
    put_u16(f, vlan_id);
    put_u16(f, ethertype);
}

/* Linux cooked capture v1 (16 bytes) and v2 (20 bytes). */
static void put_sll(frame_t *f, unsigned ethertype)
{
    static const uint8_t mac[8] = { 0x00, 0x0c, 0x29, 0xf3, 0x1e, 0x72, 0x00, 0x00 };
    put_u16(f, 0);      /* sent to us */
    put_u16(f, 1);      /* ARPHRD_ETHER */
    put_u16(f, 6);
    put_bytes(f, mac, sizeof mac);
    put_u16(f, ethertype);
}

static void put_sll2(frame_t *f, unsigned ethertype)
{
    static const uint8_t mac[8] = { 0x00, 0x0c, 0x29, 0xf3, 0x1e, 0x72, 0x00, 0x00 };
    put_u16(f, ethertype);
    put_u16(f, 0);      /* reserved */
    put_u32(f, 2);      /* interface index */
    put_u16(f, 1);      /* ARPHRD_ETHER */
    put_u8(f, 4);       /* outgoing */
    put_u8(f, 6);
    put_bytes(f, mac, sizeof mac);
}

/* DLT_NULL: the address family in the capturing host's order (little-endian
 * here); macOS's AF_INET6 is 30. */
static void put_bsd_loopback(frame_t *f, unsigned family)
{
    put_u8(f, family);
    put_u8(f, 0);
    put_u16(f, 0);
}

/* IP */

#define PROTO_HOPOPTS  0
#define PROTO_IPIP     4
#define PROTO_TCP      6
#define PROTO_UDP      17
#define PROTO_IPV6     41
#define PROTO_ROUTING  43
#define PROTO_FRAGMENT 44
#define PROTO_GRE      47
#define PROTO_AH       51
#define PROTO_DSTOPTS  60

#define IPV4_DF 0x4000
#define IPV4_MF 0x2000

/* An IPv4 header with options_len bytes of options (NOPs and an end), its
 * total length left for end_ip(); returns where it starts. */
static size_t begin_ipv4(frame_t *f, const uint8_t src[4], const uint8_t dst[4], unsigned protocol,
                         size_t options_len, unsigned flags_and_offset)
{
    size_t at = f->len;

    assert_true(options_len % 4 == 0 && options_len <= 40);
    put_u8(f, 0x40 | (unsigned)(5 + options_len / 4));
    put_u8(f, 0);
    put_u16(f, 0);                  /* total length: end_ip() */
    put_u16(f, 0x4f1b);
    put_u16(f, flags_and_offset);
    put_u8(f, 49);                  /* TTL */
    put_u8(f, protocol);
    put_u16(f, 0);                  /* checksum: end_ip() */
    put_bytes(f, src, 4);
    put_bytes(f, dst, 4);
    if (options_len > 0) {
        put_fill(f, 0x01, options_len - 1);
        put_u8(f, 0x00);
    }
    return at;
}

static size_t begin_ipv6(frame_t *f, const uint8_t src[16], const uint8_t dst[16],
                         unsigned next_header)
{
    size_t at = f->len;

    put_u32(f, 0x60012345);         /* version, class, flow label */
    put_u16(f, 0);                  /* payload length: end_ip() */
    put_u8(f, next_header);
    put_u8(f, 63);                  /* hop limit */
    put_bytes(f, src, 16);
    put_bytes(f, dst, 16);
    return at;
}

/* Sets the length of the IP header at at to end where the frame now ends. */
static void end_ip(frame_t *f, size_t at)
{
    if ((f->bytes[at] >> 4) == 4) {
        size_t header_len = (size_t)(f->bytes[at] & 0x0f) * 4;
        uint32_t sum = 0;

        set_u16(f, at + 2, (unsigned)(f->len - at));
        for (size_t i = 0; i < header_len; i += 2)
            sum += ((unsigned)f->bytes[at + i] << 8) | f->bytes[at + i + 1];
        while (sum > 0xffff)
            sum = (sum & 0xffff) + (sum >> 16);
        set_u16(f, at + 10, ~sum & 0xffff);
    } else {
        set_u16(f, at + 4, (unsigned)(f->len - at - 40));
    }
}

/* An IPv6 hop-by-hop, routing or destination options header of
 * 8 * (1 + len_units) bytes. */
static void put_ipv6_extension(frame_t *f, unsigned next_header, unsigned len_units)
{
    put_u8(f, next_header);
    put_u8(f, len_units);
    put_u8(f, 1);                   /* PadN over the rest */
    put_u8(f, 8 * (1 + len_units) - 4);
    put_fill(f, 0, 8 * (1 + len_units) - 4);
}

static void put_ipv6_fragment(frame_t *f, unsigned next_header, unsigned offset_units, bool more)
{
    put_u8(f, next_header);
    put_u8(f, 0);
    put_u16(f, offset_units << 3 | (more ? 1 : 0));
    put_u32(f, 0x1234abcd);
}

/* transport */

#define TCP_SEQ   4002553392u
#define TCP_FLAGS 0x18              /* PSH, ACK */

static size_t put_tcp(frame_t *f, unsigned src_port, unsigned dst_port, size_t options_len)
{
    size_t at = f->len;

    assert_true(options_len % 4 == 0 && options_len <= 40);
    put_u16(f, src_port);
    put_u16(f, dst_port);
    put_u32(f, TCP_SEQ);
    put_u32(f, 0x1e30480f);         /* ack */
    put_u8(f, (unsigned)(5 + options_len / 4) << 4);
    put_u8(f, TCP_FLAGS);
    put_u16(f, 0x0199);
    put_u32(f, 0);                  /* checksum, urgent pointer */
    put_fill(f, 0x01, options_len);
    return at;
}

/* A UDP header whose length end_udp() sets. */
static size_t begin_udp(frame_t *f, unsigned src_port, unsigned dst_port)
{
    size_t at = f->len;

    put_u16(f, src_port);
    put_u16(f, dst_port);
    put_u32(f, 0);
    return at;
}

static void end_udp(frame_t *f, size_t at)
{
    set_u16(f, at + 4, (unsigned)(f->len - at));
}

/* GRE (RFC 2784) with the key bit (RFC 2890): 8 bytes. */
static void put_gre(frame_t *f, unsigned ethertype)
{
    put_u16(f, 0x2000);
    put_u16(f, ethertype);
    put_u32(f, 42);
}

static void put_vxlan(frame_t *f, uint32_t vni)
{
    put_u32(f, 0x08000000);
    put_u32(f, vni << 8);
}

/* --- flows ------------------------------------------------------------- */

/* What Wireshark's dissection ended with: the innermost addresses and ports. */
typedef struct {
    unsigned          ip_version;
    apple_transport_t transport;
    uint8_t           src[16], dst[16];
    uint16_t          src_port, dst_port;
} flow_t;

static const flow_t tcp4 = { 4, APPLE_TCP, { 192, 168, 2, 12 }, { 17, 253, 144, 10 }, 49354, 443 };
static const flow_t udp4 = { 4, APPLE_UDP, { 192, 168, 2, 12 }, { 17, 253, 144, 10 }, 61862, 53 };
static const flow_t tcp6 = {
    6, APPLE_TCP,
    { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x12 },
    { 0x26, 0x20, 0x01, 0x49, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x10 },
    49354, 5223
};
static const flow_t udp6 = {
    6, APPLE_UDP,
    { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x12 },
    { 0x26, 0x20, 0x01, 0x49, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x10 },
    56880, 443
};
static const flow_t *const all_flows[] = { &tcp4, &udp4, &tcp6, &udp6 };

/* A tunnel's outer endpoints, other than the flows' own. */
static const uint8_t outer4_src[4] = { 203, 0, 113, 1 }, outer4_dst[4] = { 198, 51, 100, 2 };
static const uint8_t outer6_src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t outer6_dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };

static apple_frame_key_t key_of(const flow_t *flow)
{
    return (apple_frame_key_t){ flow->transport, flow->ip_version, flow->src, flow->dst,
                                flow->src_port, flow->dst_port };
}

static unsigned protocol_of(const flow_t *flow)
{
    return flow->transport == APPLE_TCP ? PROTO_TCP : PROTO_UDP;
}

static unsigned ethertype_of(const flow_t *flow)
{
    return flow->ip_version == 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
}

static size_t begin_ip_of(frame_t *f, const flow_t *flow, unsigned protocol)
{
    if (flow->ip_version == 4)
        return begin_ipv4(f, flow->src, flow->dst, protocol, 0, IPV4_DF);
    return begin_ipv6(f, flow->src, flow->dst, protocol);
}

/* The flow's TCP or UDP header and payload_len bytes, the UDP length set;
 * returns where the payload starts. */
static size_t put_transport(frame_t *f, const flow_t *flow, size_t payload_len)
{
    size_t payload;

    if (flow->transport == APPLE_TCP) {
        put_tcp(f, flow->src_port, flow->dst_port, 12);
        return put_payload(f, payload_len);
    }
    size_t udp = begin_udp(f, flow->src_port, flow->dst_port);
    payload = put_payload(f, payload_len);
    end_udp(f, udp);
    return payload;
}

/* The flow's IP header (no options or extension headers), TCP or UDP
 * header and payload, at the frame's end; returns where the payload starts. */
static size_t put_segment(frame_t *f, const flow_t *flow, size_t payload_len)
{
    size_t ip = begin_ip_of(f, flow, protocol_of(flow));
    size_t payload = put_transport(f, flow, payload_len);

    end_ip(f, ip);
    return payload;
}

/* --- assertions -------------------------------------------------------- */

static const char *context = "";    /* which case of a loop, for failure messages */

typedef struct {
    size_t   payload_offset;
    size_t   payload_len;
    uint32_t tcp_seq;       /* checked when the key is TCP */
    uint8_t  tcp_flags;
    uint8_t  hop_limit;
} expected_t;

static void assert_not_found_at(const uint8_t *bytes, size_t len, const apple_frame_key_t *key,
                                const char *file, int line)
{
    apple_frame_segment_t segment;
    static const apple_frame_segment_t zero;

    memset(&segment, 0x5a, sizeof segment);
    if (find_guarded(bytes, len, key, &segment)) {
        fprintf(stderr, "%s:%d: %s: found a segment at %zu (%zu bytes) in %zu bytes\n", file,
                line, context, segment.payload_offset, segment.payload_len, len);
        fail();
    }
    /* a refusal leaves nothing of a rejected candidate behind */
    assert_int_equal(segment.payload_offset, zero.payload_offset);
    assert_int_equal(segment.payload_len, zero.payload_len);
    assert_false(segment.payload_cut);
    assert_int_equal(segment.tcp_seq, 0);
    assert_int_equal(segment.hop_limit, 0);
}

/* Searches the first len bytes: the payload is found where want says, cut
 * to what len holds. */
static void assert_found_at(const uint8_t *bytes, size_t len, const apple_frame_key_t *key,
                            const expected_t *want, const char *file, int line)
{
    apple_frame_segment_t segment;
    size_t captured = len - want->payload_offset;
    bool cut = captured < want->payload_len;

    if (!find_guarded(bytes, len, key, &segment)) {
        fprintf(stderr, "%s:%d: %s: no segment in %zu bytes (expected at %zu)\n", file, line,
                context, len, want->payload_offset);
        fail();
    }
    if (segment.payload_offset != want->payload_offset
        || segment.payload_len != (cut ? captured : want->payload_len)
        || segment.payload_cut != cut)
        fprintf(stderr, "%s:%d: %s: in %zu bytes: payload at %zu, %zu bytes%s; expected %zu, %zu\n",
                file, line, context, len, segment.payload_offset, segment.payload_len,
                segment.payload_cut ? " (cut)" : "", want->payload_offset, want->payload_len);
    assert_int_equal(segment.payload_offset, want->payload_offset);
    assert_int_equal(segment.payload_len, cut ? captured : want->payload_len);
    assert_int_equal(segment.payload_cut, cut);
    assert_int_equal(segment.hop_limit, want->hop_limit);
    if (key->transport == APPLE_TCP) {
        assert_int_equal(segment.tcp_seq, want->tcp_seq);
        assert_int_equal(segment.tcp_flags, want->tcp_flags);
    } else {
        assert_int_equal(segment.tcp_seq, 0);
        assert_int_equal(segment.tcp_flags, 0);
    }
}

/* The whole frame gives want; every shorter capture that still holds the
 * headers gives the same payload start, cut; a shorter one gives nothing. */
static void assert_found_(const uint8_t *bytes, size_t len, const apple_frame_key_t *key,
                          const expected_t *want, const char *file, int line)
{
    for (size_t n = 0; n <= len; n++) {
        if (n < want->payload_offset)
            assert_not_found_at(bytes, n, key, file, line);
        else
            assert_found_at(bytes, n, key, want, file, line);
    }
}

/* The frame never gives a segment, at any captured length. */
static void assert_not_found_(const uint8_t *bytes, size_t len, const apple_frame_key_t *key,
                              const char *file, int line)
{
    for (size_t n = 0; n <= len; n++)
        assert_not_found_at(bytes, n, key, file, line);
}

#define assert_found(f, key, want) \
    assert_found_((f)->bytes, (f)->len, (key), (want), __FILE__, __LINE__)
#define assert_not_found(f, key) \
    assert_not_found_((f)->bytes, (f)->len, (key), __FILE__, __LINE__)

/* What a frame built with put_segment()/put_transport() for flow holds. */
static expected_t built(const flow_t *flow, size_t payload_offset, size_t payload_len)
{
    return (expected_t){ payload_offset, payload_len, TCP_SEQ, TCP_FLAGS,
                         flow->ip_version == 4 ? 49 : 63 };
}

/* --- link layers ------------------------------------------------------- */

typedef enum {
    LINK_ETHERNET, LINK_VLAN, LINK_QINQ, LINK_SLL, LINK_SLL2, LINK_RAW, LINK_LOOPBACK,
    N_LINKS
} link_t;

static const char *const link_names[N_LINKS] = {
    "Ethernet", "802.1Q", "QinQ", "SLL", "SLL2", "raw IP", "BSD loopback"
};

static void put_link(frame_t *f, link_t link, unsigned ethertype)
{
    switch (link) {
    case LINK_ETHERNET:
        put_ethernet(f, ethertype);
        break;
    case LINK_VLAN:
        put_ethernet(f, ETHERTYPE_VLAN);
        put_vlan_tag(f, 100, ethertype);
        break;
    case LINK_QINQ:
        put_ethernet(f, ETHERTYPE_QINQ);
        put_vlan_tag(f, 200, ETHERTYPE_VLAN);
        put_vlan_tag(f, 100, ethertype);
        break;
    case LINK_SLL:
        put_sll(f, ethertype);
        break;
    case LINK_SLL2:
        put_sll2(f, ethertype);
        break;
    case LINK_RAW:
        break;
    case LINK_LOOPBACK:
        put_bsd_loopback(f, ethertype == ETHERTYPE_IPV4 ? 2 : 30);
        break;
    default:
        fail();
    }
}

static const size_t link_header_len[N_LINKS] = { 14, 18, 22, 16, 20, 0, 4 };

static void test_link_layers(void **state)
{
    (void)state;
    for (link_t link = 0; link < N_LINKS; link++) {
        for (size_t i = 0; i < sizeof all_flows / sizeof *all_flows; i++) {
            const flow_t *flow = all_flows[i];
            apple_frame_key_t key = key_of(flow);
            frame_t f = { .len = 0 };
            size_t payload;
            expected_t want;

            context = link_names[link];
            put_link(&f, link, ethertype_of(flow));
            assert_int_equal(f.len, link_header_len[link]);
            payload = put_segment(&f, flow, 37);
            want = built(flow, payload, 37);
            assert_found(&f, &key, &want);
        }
    }
    context = "";
}

/* A segment without payload (a SYN, a bare ACK) is found, empty. */
static void test_empty_payload(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof all_flows / sizeof *all_flows; i++) {
        apple_frame_key_t key = key_of(all_flows[i]);
        frame_t f = { .len = 0 };
        size_t payload;
        expected_t want;

        put_ethernet(&f, ethertype_of(all_flows[i]));
        payload = put_segment(&f, all_flows[i], 0);
        want = built(all_flows[i], payload, 0);
        assert_int_equal(payload, f.len);
        assert_found(&f, &key, &want);
    }
}

static void test_tcp_fields(void **state)
{
    apple_frame_key_t key = key_of(&tcp4);
    apple_frame_segment_t segment;
    frame_t f = { .len = 0 };
    size_t ip, tcp, payload;

    (void)state;
    put_ethernet(&f, ETHERTYPE_IPV4);
    ip = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, 0, 0);
    f.bytes[ip + 8] = 1;                    /* TTL */
    tcp = put_tcp(&f, tcp4.src_port, tcp4.dst_port, 0);
    set_u16(&f, tcp + 4, 0xdead);
    set_u16(&f, tcp + 6, 0xbeef);
    f.bytes[tcp + 13] = 0x12;               /* SYN, ACK */
    payload = put_payload(&f, 3);
    end_ip(&f, ip);

    assert_true(find_guarded(f.bytes, f.len, &key, &segment));
    assert_int_equal(segment.payload_offset, payload);
    assert_int_equal(segment.payload_len, 3);
    assert_int_equal(segment.tcp_seq, 0xdeadbeef);
    assert_int_equal(segment.tcp_flags, 0x12);
    assert_int_equal(segment.hop_limit, 1);
}

/* --- IP options and IPv6 extension headers ------------------------------ */

static void test_ipv4_and_tcp_options(void **state)
{
    (void)state;
    for (size_t ip_options = 0; ip_options <= 40; ip_options += 4) {
        for (size_t tcp_options = 0; tcp_options <= 40; tcp_options += 8) {
            apple_frame_key_t key = key_of(&tcp4);
            frame_t f = { .len = 0 };
            size_t ip, payload;
            expected_t want;

            put_ethernet(&f, ETHERTYPE_IPV4);
            ip = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, ip_options, IPV4_DF);
            put_tcp(&f, tcp4.src_port, tcp4.dst_port, tcp_options);
            payload = put_payload(&f, 10);
            end_ip(&f, ip);
            assert_int_equal(payload, 14 + 20 + ip_options + 20 + tcp_options);
            want = built(&tcp4, payload, 10);
            assert_found(&f, &key, &want);
        }
    }
    for (size_t ip_options = 0; ip_options <= 40; ip_options += 4) {
        apple_frame_key_t key = key_of(&udp4);
        frame_t f = { .len = 0 };
        size_t ip, payload;
        expected_t want;

        put_vlan_tag(&f, 5, ETHERTYPE_IPV4);    /* not a link layer the search knows */
        ip = begin_ipv4(&f, udp4.src, udp4.dst, PROTO_UDP, ip_options, 0);
        payload = put_transport(&f, &udp4, 25);
        end_ip(&f, ip);
        want = built(&udp4, payload, 25);
        assert_found(&f, &key, &want);
    }
}

static void test_ipv6_extension_headers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof all_flows / sizeof *all_flows; i++) {
        const flow_t *flow = all_flows[i];
        apple_frame_key_t key = key_of(flow);
        frame_t f = { .len = 0 };
        size_t ip, payload;
        expected_t want;

        if (flow->ip_version != 6)
            continue;
        /* RFC 8200's order, with an atomic fragment (RFC 6946) */
        put_ethernet(&f, ETHERTYPE_IPV6);
        ip = begin_ipv6(&f, flow->src, flow->dst, PROTO_HOPOPTS);
        put_ipv6_extension(&f, PROTO_DSTOPTS, 0);
        put_ipv6_extension(&f, PROTO_ROUTING, 2);
        put_ipv6_extension(&f, PROTO_FRAGMENT, 1);
        put_ipv6_fragment(&f, PROTO_DSTOPTS, 0, false);
        put_ipv6_extension(&f, protocol_of(flow), 0);
        payload = put_transport(&f, flow, 30);
        end_ip(&f, ip);
        assert_int_equal(payload, 14 + 40 + 8 + 24 + 16 + 8 + 8 + (flow->transport == APPLE_TCP ? 32 : 8));
        want = built(flow, payload, 30);
        assert_found(&f, &key, &want);
    }
}

/* Eight extension headers are walked; a ninth is one too many. */
static void test_ipv6_extension_chain_bound(void **state)
{
    apple_frame_key_t key = key_of(&udp6);

    (void)state;
    for (unsigned n = 7; n <= 9; n++) {
        frame_t f = { .len = 0 };
        size_t ip, payload;
        expected_t want;

        put_ethernet(&f, ETHERTYPE_IPV6);
        ip = begin_ipv6(&f, udp6.src, udp6.dst, PROTO_DSTOPTS);
        for (unsigned h = 1; h <= n; h++)
            put_ipv6_extension(&f, h < n ? PROTO_DSTOPTS : PROTO_UDP, 0);
        payload = put_transport(&f, &udp6, 12);
        end_ip(&f, ip);
        want = built(&udp6, payload, 12);
        if (n <= 8)
            assert_found(&f, &key, &want);
        else
            assert_not_found(&f, &key);
    }
}

static void test_ipv6_bad_extension_headers(void **state)
{
    apple_frame_key_t key = key_of(&tcp6);
    frame_t f;
    size_t ip, payload;
    expected_t want;

    (void)state;
    /* a header the search does not walk (AH) */
    f.len = 0;
    put_ethernet(&f, ETHERTYPE_IPV6);
    ip = begin_ipv6(&f, tcp6.src, tcp6.dst, PROTO_AH);
    put_ipv6_extension(&f, PROTO_TCP, 1);
    put_transport(&f, &tcp6, 10);
    end_ip(&f, ip);
    assert_not_found(&f, &key);

    /* an extension header whose length runs past the IPv6 payload length */
    f.len = 0;
    put_ethernet(&f, ETHERTYPE_IPV6);
    ip = begin_ipv6(&f, tcp6.src, tcp6.dst, PROTO_HOPOPTS);
    put_ipv6_extension(&f, PROTO_TCP, 0);
    payload = put_transport(&f, &tcp6, 10);
    end_ip(&f, ip);
    want = built(&tcp6, payload, 10);
    assert_found(&f, &key, &want);
    f.bytes[ip + 41] = 9;           /* 80 bytes, in a payload of 50 */
    assert_not_found(&f, &key);

    /* the payload length ends inside the TCP header */
    f.bytes[ip + 41] = 0;
    set_u16(&f, ip + 4, 8 + 19);
    assert_not_found(&f, &key);
    set_u16(&f, ip + 4, 8 + 32);    /* right after it: found, empty */
    want.payload_len = 0;
    assert_found_at(f.bytes, f.len, &key, &want, __FILE__, __LINE__);
}

/* --- fragments and jumbograms ------------------------------------------- */

static void test_ipv4_fragments(void **state)
{
    static const struct { unsigned flags_and_offset; bool whole; } cases[] = {
        { 0, true }, { IPV4_DF, true }, { 0x8000, true },      /* the reserved bit is not looked at */
        { IPV4_MF, false }, { 185, false }, { IPV4_MF | 185, false }, { 0x1fff, false },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (size_t t = 0; t < 2; t++) {
            const flow_t *flow = t == 0 ? &tcp4 : &udp4;
            apple_frame_key_t key = key_of(flow);
            frame_t f = { .len = 0 };
            size_t ip, payload;
            expected_t want;

            /* Even a non-first fragment whose data looks like the segment's
             * header is refused: its ports came from the reassembly. */
            put_ethernet(&f, ETHERTYPE_IPV4);
            ip = begin_ipv4(&f, flow->src, flow->dst, protocol_of(flow), 0,
                            cases[i].flags_and_offset);
            payload = put_transport(&f, flow, 16);
            end_ip(&f, ip);
            want = built(flow, payload, 16);
            if (cases[i].whole)
                assert_found(&f, &key, &want);
            else
                assert_not_found(&f, &key);

            /* The fragment's data holds the key's IP header and segment (as
             * a tunnelled copy would): still no, the search stops at the
             * fragment, whose addresses and protocol are the key's. */
            f.len = 0;
            put_ethernet(&f, ETHERTYPE_IPV4);
            ip = begin_ipv4(&f, flow->src, flow->dst, protocol_of(flow), 0,
                            cases[i].flags_and_offset);
            payload = put_segment(&f, flow, 16);
            end_ip(&f, ip);
            want = built(flow, payload, 16);
            if (cases[i].whole)     /* the outer header's "ports" are not the key's */
                assert_found(&f, &key, &want);
            else
                assert_not_found(&f, &key);
        }
    }
}

static void test_ipv6_fragments(void **state)
{
    static const struct { unsigned offset_units; bool more; bool whole; } cases[] = {
        { 0, false, true }, { 0, true, false }, { 185, false, false }, { 185, true, false },
        { 0x1fff, false, false },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (size_t t = 0; t < 2; t++) {
            const flow_t *flow = t == 0 ? &tcp6 : &udp6;
            apple_frame_key_t key = key_of(flow);
            frame_t f = { .len = 0 };
            size_t ip, payload;
            expected_t want;

            put_ethernet(&f, ETHERTYPE_IPV6);
            ip = begin_ipv6(&f, flow->src, flow->dst, PROTO_FRAGMENT);
            put_ipv6_fragment(&f, protocol_of(flow), cases[i].offset_units, cases[i].more);
            payload = put_transport(&f, flow, 16);
            end_ip(&f, ip);
            want = built(flow, payload, 16);
            if (cases[i].whole)
                assert_found(&f, &key, &want);
            else
                assert_not_found(&f, &key);
            /* the reserved bits beside the M flag are not looked at */
            f.bytes[ip + 40 + 3] |= 0x06;
            if (cases[i].whole)
                assert_found(&f, &key, &want);
            else
                assert_not_found(&f, &key);

            /* a copy of the segment in the fragment's data is not looked at */
            if (!cases[i].whole) {
                f.len = 0;
                put_ethernet(&f, ETHERTYPE_IPV6);
                ip = begin_ipv6(&f, flow->src, flow->dst, PROTO_FRAGMENT);
                put_ipv6_fragment(&f, protocol_of(flow), cases[i].offset_units, cases[i].more);
                put_segment(&f, flow, 16);
                end_ip(&f, ip);
                assert_not_found(&f, &key);
            }
        }
    }
}

/* RFC 2675: payload length 0 and the real length in a hop-by-hop option. */
static void test_ipv6_jumbogram(void **state)
{
    apple_frame_key_t key = key_of(&udp6);
    frame_t f = { .len = 0 };
    size_t ip, udp;

    (void)state;
    put_ethernet(&f, ETHERTYPE_IPV6);
    ip = begin_ipv6(&f, udp6.src, udp6.dst, PROTO_HOPOPTS);
    put_u8(&f, PROTO_UDP);
    put_u8(&f, 0);
    put_u8(&f, 0xc2);                       /* Jumbo Payload option */
    put_u8(&f, 4);
    put_u32(&f, 70000);
    udp = begin_udp(&f, udp6.src_port, udp6.dst_port);     /* length 0: a jumbogram */
    /* even a copy of the key's headers in its payload is not looked at */
    put_segment(&f, &udp6, 40);
    assert_int_equal(f.bytes[ip + 4] | f.bytes[ip + 5] | f.bytes[udp + 4] | f.bytes[udp + 5], 0);
    assert_not_found(&f, &key);
}

/* --- tunnels ----------------------------------------------------------- */

/* The outer header's addresses or protocol are not the key's: it is
 * skipped and the inner segment found. With the outer flow's key, the
 * outer segment is found (for VXLAN: the VXLAN header is its payload). */
static void test_tunnels(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof all_flows / sizeof *all_flows; i++) {
        const flow_t *flow = all_flows[i];
        apple_frame_key_t key = key_of(flow);
        unsigned tunnel_protocol = flow->ip_version == 4 ? PROTO_IPIP : PROTO_IPV6;
        frame_t f;
        size_t outer, udp, payload, vxlan;
        expected_t want;

        /* IP in IPv4 (4 or 41) and IP in IPv6 */
        for (unsigned outer_version = 4; outer_version <= 6; outer_version += 2) {
            f.len = 0;
            put_ethernet(&f, outer_version == 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6);
            outer = outer_version == 4
                  ? begin_ipv4(&f, outer4_src, outer4_dst, tunnel_protocol, 0, 0)
                  : begin_ipv6(&f, outer6_src, outer6_dst, tunnel_protocol);
            payload = put_segment(&f, flow, 20);
            end_ip(&f, outer);
            want = built(flow, payload, 20);
            assert_found(&f, &key, &want);
        }

        /* GRE over IPv4 */
        f.len = 0;
        put_ethernet(&f, ETHERTYPE_IPV4);
        outer = begin_ipv4(&f, outer4_src, outer4_dst, PROTO_GRE, 0, 0);
        put_gre(&f, ethertype_of(flow));
        payload = put_segment(&f, flow, 20);
        end_ip(&f, outer);
        want = built(flow, payload, 20);
        assert_found(&f, &key, &want);

        /* VXLAN over UDP over IPv4, an Ethernet frame inside */
        static const flow_t vxlan_flow = { 4, APPLE_UDP, { 203, 0, 113, 1 }, { 198, 51, 100, 2 },
                                           54321, 4789 };
        apple_frame_key_t vxlan_key = key_of(&vxlan_flow);
        expected_t vxlan_want;

        f.len = 0;
        put_ethernet(&f, ETHERTYPE_IPV4);
        outer = begin_ipv4(&f, vxlan_flow.src, vxlan_flow.dst, PROTO_UDP, 0, 0);
        udp = begin_udp(&f, vxlan_flow.src_port, vxlan_flow.dst_port);
        vxlan = f.len;
        put_vxlan(&f, 5000);
        put_ethernet(&f, ethertype_of(flow));
        payload = put_segment(&f, flow, 20);
        end_udp(&f, udp);
        end_ip(&f, outer);
        want = built(flow, payload, 20);
        assert_found(&f, &key, &want);
        vxlan_want = built(&vxlan_flow, vxlan, f.len - vxlan);
        assert_found(&f, &vxlan_key, &vxlan_want);
    }
}

/* The outer header has the inner one's very addresses (a host tunnelling
 * to itself): its protocol (IP-in-IP, GRE) is not the key's, so it is
 * skipped. */
static void test_tunnel_with_the_same_addresses(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof all_flows / sizeof *all_flows; i++) {
        const flow_t *flow = all_flows[i];
        apple_frame_key_t key = key_of(flow);
        unsigned tunnel_protocol = flow->ip_version == 4 ? PROTO_IPIP : PROTO_IPV6;
        frame_t f;
        size_t outer, payload;
        expected_t want;

        f.len = 0;
        put_ethernet(&f, ethertype_of(flow));
        outer = begin_ip_of(&f, flow, tunnel_protocol);
        payload = put_segment(&f, flow, 20);
        end_ip(&f, outer);
        want = built(flow, payload, 20);
        assert_found(&f, &key, &want);

        f.len = 0;
        put_ethernet(&f, ethertype_of(flow));
        outer = begin_ip_of(&f, flow, PROTO_GRE);
        put_gre(&f, ethertype_of(flow));
        payload = put_segment(&f, flow, 20);
        end_ip(&f, outer);
        want = built(flow, payload, 20);
        assert_found(&f, &key, &want);
    }
}

/* --- lengths ----------------------------------------------------------- */

/* A short segment padded to Ethernet's 60 bytes: the padding is not payload. */
static void test_ethernet_padding(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof all_flows / sizeof *all_flows; i++) {
        const flow_t *flow = all_flows[i];
        apple_frame_key_t key = key_of(flow);
        frame_t f = { .len = 0 };
        size_t payload;
        expected_t want;

        put_ethernet(&f, ethertype_of(flow));
        payload = put_segment(&f, flow, 2);
        /* up to 60 bytes, or 4 trailing bytes (an FCS) */
        put_fill(&f, 0xee, f.len < 60 ? 60 - f.len : 4);
        want = built(flow, payload, 2);
        assert_found(&f, &key, &want);
    }
}

/* The IP length ends before the frame does, and the UDP length before the
 * IP length: each bounds the payload. */
static void test_udp_and_ip_lengths(void **state)
{
    apple_frame_key_t key = key_of(&udp4);
    frame_t f = { .len = 0 };
    size_t ip, udp, payload;
    expected_t want;

    (void)state;
    put_ethernet(&f, ETHERTYPE_IPV4);
    ip = begin_ipv4(&f, udp4.src, udp4.dst, PROTO_UDP, 0, 0);
    udp = begin_udp(&f, udp4.src_port, udp4.dst_port);
    payload = put_payload(&f, 40);
    end_udp(&f, udp);
    end_ip(&f, ip);
    want = built(&udp4, payload, 40);
    assert_found(&f, &key, &want);

    /* UDP length smaller than the IP payload */
    set_u16(&f, udp + 4, 8 + 30);
    want.payload_len = 30;
    assert_found(&f, &key, &want);

    /* UDP length larger than the IP payload (Wireshark's "bad length"):
     * the IP length counts; what lies past it is padding */
    end_udp(&f, udp);
    set_u16(&f, ip + 2, 20 + 8 + 25);
    want.payload_len = 25;
    assert_found(&f, &key, &want);
    set_u16(&f, udp + 4, 0xffff);
    assert_found(&f, &key, &want);

    /* UDP length below its own header */
    for (unsigned bad = 0; bad < 8; bad++) {
        set_u16(&f, udp + 4, bad);
        assert_not_found(&f, &key);
    }

    /* the IP payload ends inside the UDP header */
    set_u16(&f, udp + 4, 8 + 40);
    set_u16(&f, ip + 2, 20 + 7);
    assert_not_found(&f, &key);
    set_u16(&f, ip + 2, 20 + 8);
    want.payload_len = 0;
    assert_found(&f, &key, &want);
}

/* The IPv6 payload length, not the frame, bounds the payload. */
static void test_ipv6_payload_length(void **state)
{
    apple_frame_key_t key = key_of(&udp6);
    frame_t f = { .len = 0 };
    size_t ip, payload;
    expected_t want;

    (void)state;
    put_ethernet(&f, ETHERTYPE_IPV6);
    payload = put_segment(&f, &udp6, 40);
    ip = 14;
    set_u16(&f, ip + 4, 8 + 33);
    want = built(&udp6, payload, 33);
    assert_found(&f, &key, &want);
    set_u16(&f, ip + 4, 7);
    assert_not_found(&f, &key);
}

static void test_bad_ipv4_lengths(void **state)
{
    apple_frame_key_t key = key_of(&tcp4);
    frame_t f = { .len = 0 };
    size_t ip, tcp, payload;
    expected_t want;

    (void)state;
    put_ethernet(&f, ETHERTYPE_IPV4);
    ip = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, 0, 0);
    tcp = put_tcp(&f, tcp4.src_port, tcp4.dst_port, 0);
    payload = put_payload(&f, 50);
    end_ip(&f, ip);
    want = built(&tcp4, payload, 50);
    assert_found(&f, &key, &want);

    /* header length below 20 bytes */
    for (unsigned ihl = 0; ihl < 5; ihl++) {
        f.bytes[ip] = (uint8_t)(0x40 | ihl);
        assert_not_found(&f, &key);
    }
    f.bytes[ip] = 0x45;

    /* total length below the header length, or 0 (TSO) */
    for (unsigned total = 0; total < 20; total++) {
        set_u16(&f, ip + 2, total);
        assert_not_found(&f, &key);
    }
    /* total length ending inside the TCP header */
    for (unsigned total = 20; total < 40; total++) {
        set_u16(&f, ip + 2, total);
        assert_not_found(&f, &key);
    }
    /* larger than the frame: a short capture */
    set_u16(&f, ip + 2, 20 + 20 + 1000);
    want.payload_len = 1000;
    assert_found_at(f.bytes, f.len, &key, &want, __FILE__, __LINE__);
    end_ip(&f, ip);

    /* TCP data offset below 5, or beyond the IP payload */
    for (unsigned offset = 0; offset < 5; offset++) {
        f.bytes[tcp + 12] = (uint8_t)(offset << 4);
        assert_not_found(&f, &key);
    }
    f.bytes[tcp + 12] = 0xf0;       /* 60 bytes, 59 in the IP payload */
    set_u16(&f, ip + 2, 20 + 59);
    assert_not_found(&f, &key);
    set_u16(&f, ip + 2, 20 + 60);   /* all of it options: found, empty */
    want.payload_offset = tcp + 60;
    want.payload_len = 0;
    assert_found_at(f.bytes, f.len, &key, &want, __FILE__, __LINE__);
}

/* A capture cut short by the snaplen: the payload is cut to what is there
 * and says so (assert_found checks every shorter length too). */
static void test_snaplen(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof all_flows / sizeof *all_flows; i++) {
        const flow_t *flow = all_flows[i];
        apple_frame_key_t key = key_of(flow);
        frame_t f = { .len = 0 };
        size_t payload;
        expected_t want;
        apple_frame_segment_t segment;

        put_ethernet(&f, ethertype_of(flow));
        payload = put_segment(&f, flow, 1400);
        want = built(flow, payload, 1400);
        assert_true(find_guarded(f.bytes, 96, &key, &segment));
        assert_int_equal(segment.payload_offset, payload);
        assert_int_equal(segment.payload_len, 96 - payload);
        assert_true(segment.payload_cut);
        assert_found(&f, &key, &want);
    }
}

/* --- what is not the key's --------------------------------------------- */

static void test_other_addresses_ports_protocol(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof all_flows / sizeof *all_flows; i++) {
        const flow_t *flow = all_flows[i];
        size_t addr_len = flow->ip_version == 4 ? 4 : 16;
        frame_t f = { .len = 0 };
        flow_t other;
        apple_frame_key_t key;

        put_ethernet(&f, ethertype_of(flow));
        put_segment(&f, flow, 20);

        /* ports match, one address byte does not: first, last, source, destination */
        for (size_t byte = 0; byte < addr_len; byte += addr_len - 1) {
            other = *flow;
            other.src[byte] ^= 0x01;
            key = key_of(&other);
            assert_not_found(&f, &key);
            other = *flow;
            other.dst[byte] ^= 0x80;
            key = key_of(&other);
            assert_not_found(&f, &key);
        }
        /* the reply's key: addresses and ports swapped */
        other = *flow;
        memcpy(other.src, flow->dst, sizeof other.src);
        memcpy(other.dst, flow->src, sizeof other.dst);
        other.src_port = flow->dst_port;
        other.dst_port = flow->src_port;
        key = key_of(&other);
        assert_not_found(&f, &key);
        /* addresses match, a port does not */
        other = *flow;
        other.src_port++;
        key = key_of(&other);
        assert_not_found(&f, &key);
        other = *flow;
        other.dst_port = (uint16_t)(other.dst_port << 8 | other.dst_port >> 8);
        key = key_of(&other);
        assert_not_found(&f, &key);
        /* the other transport */
        other = *flow;
        other.transport = flow->transport == APPLE_TCP ? APPLE_UDP : APPLE_TCP;
        key = key_of(&other);
        assert_not_found(&f, &key);
        /* the other IP version (an IPv4 key reads the IPv6 addresses' first bytes) */
        other = *flow;
        other.ip_version = flow->ip_version == 4 ? 6 : 4;
        key = key_of(&other);
        assert_not_found(&f, &key);
    }
}

/* Bytes in front of the real header that pass the first filter (version
 * nibble and first address byte), or even the addresses, are rejected by
 * the later checks. */
static void test_decoys_before_the_header(void **state)
{
    apple_frame_key_t key = key_of(&tcp4);
    frame_t f = { .len = 0 };
    size_t decoy, payload;
    expected_t want;

    (void)state;
    /* an IPv4 header with the key's addresses and protocol but no room:
     * total length 20 */
    decoy = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, 0, 0);
    end_ip(&f, decoy);
    /* the key's addresses, UDP */
    decoy = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_UDP, 0, 0);
    put_tcp(&f, tcp4.src_port, tcp4.dst_port, 0);
    end_ip(&f, decoy);
    /* the key's addresses and protocol, other ports */
    decoy = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, 0, 0);
    put_tcp(&f, tcp4.dst_port, tcp4.src_port, 0);
    end_ip(&f, decoy);
    /* header length 4 */
    decoy = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, 0, 0);
    put_tcp(&f, tcp4.src_port, tcp4.dst_port, 0);
    end_ip(&f, decoy);
    f.bytes[decoy] = 0x44;
    /* the key's ports, TCP data offset 4 */
    decoy = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, 0, 0);
    put_tcp(&f, tcp4.src_port, tcp4.dst_port, 0);
    end_ip(&f, decoy);
    f.bytes[decoy + 20 + 12] = 0x40;
    /* only the first source byte and a version nibble */
    put_u8(&f, 0x45);
    put_fill(&f, 0, 11);
    put_u8(&f, tcp4.src[0]);
    put_fill(&f, 0, 27);

    payload = put_segment(&f, &tcp4, 20);
    want = built(&tcp4, payload, 20);
    assert_true(payload < APPLE_FRAME_SEARCH_MAX);
    assert_found(&f, &key, &want);
}

/* A segment of another flow whose payload holds the key's addresses (DNS
 * answers naming them, a copy of a header) is not the key's. */
static void test_addresses_in_another_payload(void **state)
{
    apple_frame_key_t key = key_of(&tcp4);
    static const uint8_t resolver[4] = { 192, 168, 2, 1 };
    frame_t f = { .len = 0 };
    size_t ip, udp, fake;

    (void)state;
    put_ethernet(&f, ETHERTYPE_IPV4);
    ip = begin_ipv4(&f, resolver, tcp4.src, PROTO_UDP, 0, 0);
    udp = begin_udp(&f, 53, 61862);
    /* A records: 4-byte addresses after 0x00 0x04 */
    for (size_t i = 0; i < 4; i++) {
        put_u16(&f, 4);
        put_bytes(&f, i % 2 ? tcp4.dst : tcp4.src, 4);
    }
    /* a copy of the key's IPv4 and TCP headers with a TCP data offset of 15
     * beyond its total length */
    fake = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, 0, 0);
    put_tcp(&f, tcp4.src_port, tcp4.dst_port, 0);
    end_ip(&f, fake);
    f.bytes[fake + 20 + 12] = 0xf0;
    /* and one with the source port wrong */
    fake = begin_ipv4(&f, tcp4.src, tcp4.dst, PROTO_TCP, 0, 0);
    put_tcp(&f, tcp4.src_port + 1, tcp4.dst_port, 0);
    end_ip(&f, fake);
    end_udp(&f, udp);
    end_ip(&f, ip);
    assert_not_found(&f, &key);
}

/* An IP header is looked for at offsets below APPLE_FRAME_SEARCH_MAX. */
static void test_search_limit(void **state)
{
    (void)state;
    for (size_t t = 0; t < sizeof all_flows / sizeof *all_flows; t++) {
        const flow_t *flow = all_flows[t];
        apple_frame_key_t key = key_of(flow);

        for (size_t at = APPLE_FRAME_SEARCH_MAX - 2; at <= APPLE_FRAME_SEARCH_MAX; at++) {
          /* with a payload, and with the frame ending at the headers */
          for (size_t payload_len = 0; payload_len <= 10; payload_len += 10) {
            frame_t f = { .len = 0 };
            size_t payload;
            expected_t want;
            apple_frame_segment_t segment;

            put_fill(&f, 0x00, at);
            payload = put_segment(&f, flow, payload_len);
            want = built(flow, payload, payload_len);
            if (at < APPLE_FRAME_SEARCH_MAX) {
                assert_found_at(f.bytes, f.len, &key, &want, __FILE__, __LINE__);
            } else {
                assert_false(find_guarded(f.bytes, f.len, &key, &segment));
            }
          }
        }
    }
}

static void test_bad_keys(void **state)
{
    frame_t f = { .len = 0 };
    apple_frame_key_t key = key_of(&tcp4);
    apple_frame_segment_t segment;
    size_t payload;
    expected_t want;

    (void)state;
    put_ethernet(&f, ETHERTYPE_IPV4);
    payload = put_segment(&f, &tcp4, 10);
    want = built(&tcp4, payload, 10);
    assert_found(&f, &key, &want);

    key.ip_version = 5;
    assert_not_found(&f, &key);
    key.ip_version = 0;
    assert_not_found(&f, &key);
    key = key_of(&tcp4);
    key.transport = APPLE_N_TRANSPORTS;
    assert_not_found(&f, &key);
    key = key_of(&tcp4);
    key.src = NULL;
    assert_not_found(&f, &key);
    key = key_of(&tcp4);
    assert_false(apple_frame_find_segment(NULL, 0, &key, &segment));
}

/* --- real frames --------------------------------------------------------- */

typedef struct {
    const char       *source;       /* capture in ../shared/captures, frame number */
    const char       *hex;          /* tshark -T json -x: frame_raw */
    apple_transport_t transport;
    unsigned          ip_version;
    const char       *src, *dst;    /* tshark's ip.src / ipv6.src (the innermost) */
    uint16_t          src_port, dst_port;
    expected_t        want;         /* tshark's tcp.payload / udp.payload offset and
                                       length, tcp.seq_raw, tcp.flags, ip.ttl / ipv6.hlim */
} real_frame_t;

static const real_frame_t real_frames[] = {
    { "nDPI__wa_voice.pcap frame 9: APNs (5223) TLS record, TCP timestamps",
      "90b93128facac62c03606a640800450200694f1b00003106297811f23c54c0a8020c1467c0caee921e30480f"
      "33fe80180199250000000101080a3cb34d7e34cdf0a617030300304131e620b60b7d228a95c86d7d370b24aa"
      "bee908297943eb9a73a29a305539ae7a828425df43e839e6510f8552f154dc",
      APPLE_TCP, 4, "17.242.60.84", "192.168.2.12", 5223, 49354,
      { 66, 53, 4002553392u, 0x18, 49 } },
    { "nDPI__iphone.pcap frame 51: DNS query for gspe35-ssl.ls.apple.com",
      "c62c03606a64c4618b3582a908004500004521110000ff111534c0a80211c0a80201f1a6003500313d328ef1"
      "010000010000000000000a6773706533352d73736c026c73056170706c6503636f6d0000010001",
      APPLE_UDP, 4, "192.168.2.17", "192.168.2.1", 61862, 53,
      { 42, 41, 0, 0, 255 } },
    { "nDPI__netbios.pcap frame 28: 1-byte TCP segment, 5 bytes of Ethernet padding",
      "0018fe6cbcf7001cc410790f08004500002941ab400080069c890a0004180a000483008b0576ad5d193af117"
      "ba285010f7a923b60000000000000000",
      APPLE_TCP, 4, "10.0.4.24", "10.0.4.131", 139, 1398,
      { 54, 1, 2908559674u, 0x10, 128 } },
    { "nDPI__natpmp.pcap frame 2: NAT-PMP answer, 6 bytes of Ethernet padding",
      "3ca9f4a81feca491b1823439080045000028a7d6000040114e20c0a801fec0a8018014e78ff40014ba1b0080"
      "0000002b3add0ac9d5ae000000000000",
      APPLE_UDP, 4, "192.168.1.254", "192.168.1.128", 5351, 36852,
      { 42, 12, 0, 0, 64 } },
    { "nDPI__netbios.pcap frame 261: 802.1Q, NetBIOS session request",
      "000000000000000f00000008810009040800450000700f7640007b0622b50a1347b80a117181d8c1008b2462"
      "8468c1f11af7501801002c4a00008100004420454a4543454a45474549464244424442464846444441444344"
      "444341434143410020464345504644454745494642444144484648464444414441444543414341414100",
      APPLE_TCP, 4, "10.19.71.184", "10.17.113.129", 55489, 139,
      { 58, 72, 610436200u, 0x18, 123 } },
    { "nDPI__rtp.pcapng frame 83: 802.1Q, UDP",
      "000000000000000700000008810005e408004500002c676f40003f119c240a8c43a794995561d86a17780018"
      "d5910100000000000000000000000000011c",
      APPLE_UDP, 4, "10.140.67.167", "148.153.85.97", 55402, 6008,
      { 46, 16, 0, 0, 63 } },
    { "nDPI__rtsp.pcap frame 1: Linux cooked capture, RTSP GET_PARAMETER",
      "000300010006000c29f31e7200000800450000bd56de400080068c4e0a01010a0a020202ccf6216a3be26f82"
      "61076fc250180401cc5e00004745545f504152414d4554455220727473703a2f2f31302e322e322e323a3835"
      "35342f20525453502f312e300d0a435365713a20370d0a557365722d4167656e743a204c6962564c432f332e"
      "302e313620284c4956453535352053747265616d696e67204d656469612076323031362e31312e3238290d0a"
      "53657373696f6e3a20363630666334633063366164343361310d0a0d0a",
      APPLE_TCP, 4, "10.1.1.10", "10.2.2.2", 52470, 8554,
      { 56, 149, 1004695426u, 0x18, 128 } },
    { "nDPI__stun.pcap frame 25: IPv6 STUN binding request",
      "0000000000000004000eb3b386dd60000000001c113f3516bf0bfc5375e770aff67f8e49f6032a38e1568167"
      "a333faceb00c000024d9de300d96001c237f000100002112a44242717143766336792f6b4965",
      APPLE_UDP, 6, "3516:bf0b:fc53:75e7:70af:f67f:8e49:f603", "2a38:e156:8167:a333:face:b00c:0:24d9",
      56880, 3478,
      { 62, 20, 0, 0, 63 } },
    { "zeek__dns__mdns.pcap frame 1: IPv6 mDNS query for _ipp._tcp.local",
      "3333000000fb8a3cd6e14dc486dd60089071003511fffd52429ec03c8235883cd6fffee14dc4ff0200000000"
      "000000000000000000fb14e914e90035c1d8000000000002000000000000045f697070045f746370056c6f63"
      "616c00000c0001055f69707073c011000c0001",
      APPLE_UDP, 6, "fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4", "ff02::fb", 5353, 5353,
      { 62, 45, 0, 0, 255 } },
    { "nDPI__stun_signal.pcapng frame 7: ICMP port unreachable quoting a UDP datagram "
      "(Wireshark's addresses and ports are the quoted ones)",
      "9adf58faebdc08beac0b176e08004500004c6ead0000e001c36c239eb7a7c0a80ca90303a5c1000000004500"
      "00309d4d4000201114d9c0a80ca9239eb7a7b86401bb001cf3f1000100002112a442304d413367684c35782b"
      "466e",
      APPLE_UDP, 4, "192.168.12.169", "35.158.183.167", 47204, 443,
      { 70, 20, 0, 0, 32 } },
};

static size_t hex_to_bytes(const char *hex, uint8_t *out, size_t max)
{
    size_t n = strlen(hex) / 2;

    assert_true(strlen(hex) % 2 == 0 && n <= max);
    for (size_t i = 0; i < n; i++) {
        unsigned byte;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
        out[i] = (uint8_t)byte;
    }
    return n;
}

static void parse_address(unsigned version, const char *text, uint8_t *out)
{
#ifdef HAVE_GUARD_PAGE
    assert_int_equal(inet_pton(version == 4 ? AF_INET : AF_INET6, text, out), 1);
#else
    (void)version, (void)text, (void)out;
    skip();
#endif
}

static void test_real_frames(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof real_frames / sizeof *real_frames; i++) {
        const real_frame_t *real = &real_frames[i];
        uint8_t bytes[FRAME_MAX], src[16], dst[16];
        size_t len = hex_to_bytes(real->hex, bytes, sizeof bytes);
        apple_frame_key_t key = { real->transport, real->ip_version, src, dst,
                                  real->src_port, real->dst_port };

        context = real->source;
        parse_address(real->ip_version, real->src, src);
        parse_address(real->ip_version, real->dst, dst);
        assert_found_(bytes, len, &key, &real->want, __FILE__, __LINE__);

        /* the reply's key, and the other transport */
        key = (apple_frame_key_t){ real->transport, real->ip_version, dst, src,
                                   real->dst_port, real->src_port };
        assert_not_found_(bytes, len, &key, __FILE__, __LINE__);
        key = (apple_frame_key_t){ real->transport == APPLE_TCP ? APPLE_UDP : APPLE_TCP,
                                   real->ip_version, src, dst, real->src_port, real->dst_port };
        assert_not_found_(bytes, len, &key, __FILE__, __LINE__);
    }
    context = "";
}

/* The ICMP error's outer header is not a UDP header's: with the outer
 * addresses and the quoted ports, nothing is found. */
static void test_real_icmp_outer_header(void **state)
{
    const real_frame_t *real = &real_frames[sizeof real_frames / sizeof *real_frames - 1];
    uint8_t bytes[FRAME_MAX], src[4], dst[4];
    size_t len = hex_to_bytes(real->hex, bytes, sizeof bytes);
    apple_frame_key_t key = { APPLE_UDP, 4, src, dst, 47204, 443 };

    (void)state;
    parse_address(4, "35.158.183.167", src);
    parse_address(4, "192.168.12.169", dst);
    assert_not_found_(bytes, len, &key, __FILE__, __LINE__);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_layers),
        cmocka_unit_test(test_empty_payload),
        cmocka_unit_test(test_tcp_fields),
        cmocka_unit_test(test_ipv4_and_tcp_options),
        cmocka_unit_test(test_ipv6_extension_headers),
        cmocka_unit_test(test_ipv6_extension_chain_bound),
        cmocka_unit_test(test_ipv6_bad_extension_headers),
        cmocka_unit_test(test_ipv4_fragments),
        cmocka_unit_test(test_ipv6_fragments),
        cmocka_unit_test(test_ipv6_jumbogram),
        cmocka_unit_test(test_tunnels),
        cmocka_unit_test(test_tunnel_with_the_same_addresses),
        cmocka_unit_test(test_ethernet_padding),
        cmocka_unit_test(test_udp_and_ip_lengths),
        cmocka_unit_test(test_ipv6_payload_length),
        cmocka_unit_test(test_bad_ipv4_lengths),
        cmocka_unit_test(test_snaplen),
        cmocka_unit_test(test_other_addresses_ports_protocol),
        cmocka_unit_test(test_decoys_before_the_header),
        cmocka_unit_test(test_addresses_in_another_payload),
        cmocka_unit_test(test_search_limit),
        cmocka_unit_test(test_bad_keys),
        cmocka_unit_test(test_real_frames),
        cmocka_unit_test(test_real_icmp_outer_header),
    };
    return cmocka_run_group_tests(tests, setup_guard_page, NULL);
}
