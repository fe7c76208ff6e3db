/* apple-frame.c
 * Finding a TCP or UDP segment in a whole frame (see apple-frame.h).
 *
 * The link layer is not parsed: every offset below APPLE_FRAME_SEARCH_MAX
 * is a candidate IP header, and the first one that passes every check of
 * the key wins. A candidate is first filtered on its version nibble and
 * the first byte of its source address, so the offsets in front of the
 * real header (a link-layer header) cost a couple of compares each; the
 * later checks (lengths, the whole addresses, protocol, ports) reject
 * tunnels' outer headers and bytes that only look like a header. A header
 * with the key's addresses and protocol that is a fragment, or an IPv6
 * jumbogram, ends the search: what follows it is not the whole segment.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-frame.h"

#include <string.h>

#define IPV4_HEADER_MIN   20
#define IPV6_HEADER_LEN   40
#define TCP_HEADER_MIN    20
#define UDP_HEADER_LEN    8

#define IP_PROTO_HOPOPTS  0
#define IP_PROTO_TCP      6
#define IP_PROTO_UDP      17
#define IP_PROTO_ROUTING  43
#define IP_PROTO_FRAGMENT 44
#define IP_PROTO_DSTOPTS  60

#define IPV4_MORE_FRAGMENTS_AND_OFFSET 0x3fff
#define IPV6_FRAGMENT_OFFSET_AND_MORE  0xfff9   /* the 2 reserved bits are not looked at */

/* RFC 8200 4.1 allows each extension header once (destination options
 * twice): a few more than that are accepted, a longer chain is refused. */
#define IPV6_EXTENSION_HEADERS_MAX 8

typedef enum {
    CANDIDATE_REJECTED,     /* not the segment's header: keep looking */
    CANDIDATE_MATCHED,
    CANDIDATE_UNUSABLE      /* the segment's header, but its payload is not in this
                               frame (a fragment) or has no length (a jumbogram) */
} candidate_t;

static uint16_t read_u16(const uint8_t *p)
{
    return (uint16_t)(((unsigned)p[0] << 8) | p[1]);
}

static uint32_t read_u32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static bool is_walked_extension(uint8_t next_header)
{
    return next_header == IP_PROTO_HOPOPTS || next_header == IP_PROTO_ROUTING
        || next_header == IP_PROTO_FRAGMENT || next_header == IP_PROTO_DSTOPTS;
}

/* Checks the TCP or UDP header at frame[at] of an IP payload that ends at
 * ip_end (which may lie beyond the len captured bytes) and fills the
 * segment's payload and TCP fields. */
static bool match_transport(const uint8_t *frame, size_t len, const apple_frame_key_t *key,
                            size_t at, size_t ip_end, apple_frame_segment_t *segment)
{
    const uint8_t *header = frame + at;
    size_t payload_end;

    if (key->transport == APPLE_TCP) {
        size_t header_len;

        if (at + TCP_HEADER_MIN > ip_end || at + TCP_HEADER_MIN > len)
            return false;
        if (read_u16(header) != key->src_port || read_u16(header + 2) != key->dst_port)
            return false;
        header_len = (size_t)(header[12] >> 4) * 4;
        if (header_len < TCP_HEADER_MIN || at + header_len > ip_end || at + header_len > len)
            return false;
        segment->tcp_seq = read_u32(header + 4);
        segment->tcp_flags = header[13];
        segment->payload_offset = at + header_len;
        payload_end = ip_end;
    } else {
        size_t udp_len;

        if (at + UDP_HEADER_LEN > ip_end || at + UDP_HEADER_LEN > len)
            return false;
        if (read_u16(header) != key->src_port || read_u16(header + 2) != key->dst_port)
            return false;
        udp_len = read_u16(header + 4);
        if (udp_len < UDP_HEADER_LEN)
            return false;
        segment->tcp_seq = 0;
        segment->tcp_flags = 0;
        segment->payload_offset = at + UDP_HEADER_LEN;
        /* Wireshark too takes the smaller of the UDP and IP lengths. */
        payload_end = at + udp_len < ip_end ? at + udp_len : ip_end;
    }
    segment->payload_len = payload_end - segment->payload_offset;
    segment->payload_cut = payload_end > len;
    if (segment->payload_cut)
        segment->payload_len = len - segment->payload_offset;
    return true;
}

/* frame[at] has version 4 and the source address's first byte; at least
 * an IPv4 header and a TCP/UDP header's minimum are captured from it. */
static candidate_t match_ipv4(const uint8_t *frame, size_t len, const apple_frame_key_t *key,
                              uint8_t protocol, size_t at, apple_frame_segment_t *segment)
{
    const uint8_t *ip = frame + at;
    size_t header_len = (size_t)(ip[0] & 0x0f) * 4;
    size_t total_len = read_u16(ip + 2);

    if (header_len < IPV4_HEADER_MIN || total_len < header_len || at + header_len > len)
        return CANDIDATE_REJECTED;
    if (memcmp(ip + 12, key->src, 4) != 0 || memcmp(ip + 16, key->dst, 4) != 0
        || ip[9] != protocol)
        return CANDIDATE_REJECTED;
    if ((read_u16(ip + 6) & IPV4_MORE_FRAGMENTS_AND_OFFSET) != 0)
        return CANDIDATE_UNUSABLE;
    segment->hop_limit = ip[8];
    if (!match_transport(frame, len, key, at + header_len, at + total_len, segment))
        return CANDIDATE_REJECTED;
    return CANDIDATE_MATCHED;
}

/* frame[at] has version 6 and the source address's first byte; at least
 * an IPv6 header and a TCP/UDP header's minimum are captured from it. */
static candidate_t match_ipv6(const uint8_t *frame, size_t len, const apple_frame_key_t *key,
                              uint8_t protocol, size_t at, apple_frame_segment_t *segment)
{
    const uint8_t *ip = frame + at;
    size_t payload_len = read_u16(ip + 4);
    uint8_t next_header = ip[6];
    size_t ip_end = at + IPV6_HEADER_LEN + payload_len;
    size_t header = at + IPV6_HEADER_LEN;      /* of the next header in the chain */

    if (memcmp(ip + 8, key->src, 16) != 0 || memcmp(ip + 24, key->dst, 16) != 0)
        return CANDIDATE_REJECTED;
    if (payload_len == 0)   /* RFC 2675: the length is in a hop-by-hop option */
        return next_header == IP_PROTO_HOPOPTS ? CANDIDATE_UNUSABLE : CANDIDATE_REJECTED;

    for (unsigned walked = 0; next_header != protocol; walked++) {
        size_t header_len;

        if (walked == IPV6_EXTENSION_HEADERS_MAX || !is_walked_extension(next_header))
            return CANDIDATE_REJECTED;
        if (header + 8 > ip_end || header + 8 > len)
            return CANDIDATE_REJECTED;
        if (next_header == IP_PROTO_FRAGMENT) {
            header_len = 8;
            /* Only an atomic fragment (RFC 6946) holds the whole datagram. */
            if ((read_u16(frame + header + 2) & IPV6_FRAGMENT_OFFSET_AND_MORE) != 0)
                return frame[header] == protocol || is_walked_extension(frame[header])
                     ? CANDIDATE_UNUSABLE : CANDIDATE_REJECTED;
        } else {
            header_len = ((size_t)frame[header + 1] + 1) * 8;
            if (header + header_len > ip_end || header + header_len > len)
                return CANDIDATE_REJECTED;
        }
        next_header = frame[header];
        header += header_len;
    }
    segment->hop_limit = ip[7];
    if (!match_transport(frame, len, key, header, ip_end, segment))
        return CANDIDATE_REJECTED;
    return CANDIDATE_MATCHED;
}

bool apple_frame_find_segment(const uint8_t *frame, size_t len, const apple_frame_key_t *key,
                              apple_frame_segment_t *segment)
{
    uint8_t protocol, version, src_first;
    size_t ip_header_min, transport_min, src_at, last, at;

    if (!frame || !key->src || !key->dst)
        goto not_found;
    if (key->transport == APPLE_TCP) {
        protocol = IP_PROTO_TCP;
        transport_min = TCP_HEADER_MIN;
    } else if (key->transport == APPLE_UDP) {
        protocol = IP_PROTO_UDP;
        transport_min = UDP_HEADER_LEN;
    } else {
        goto not_found;
    }
    if (key->ip_version == 4) {
        ip_header_min = IPV4_HEADER_MIN;
        src_at = 12;
    } else if (key->ip_version == 6) {
        ip_header_min = IPV6_HEADER_LEN;
        src_at = 8;
    } else {
        goto not_found;
    }
    if (len < ip_header_min + transport_min)
        goto not_found;
    /* The last offset with room for both headers' minimum, so the filter
     * below reads only captured bytes. */
    last = len - (ip_header_min + transport_min);
    if (last > APPLE_FRAME_SEARCH_MAX - 1)
        last = APPLE_FRAME_SEARCH_MAX - 1;
    version = (uint8_t)(key->ip_version << 4);
    src_first = key->src[0];

    for (at = 0; at <= last; at++) {
        candidate_t candidate;

        /* memchr finds the next offset whose source address could start
         * with the key's first byte, skipping a link-layer header in one
         * call; it is not called again while the bytes keep matching (a
         * key from 0.0.0.0 in a frame of zeros). */
        if (frame[at + src_at] != src_first) {
            const uint8_t *hit = memchr(frame + src_at + at + 1, src_first, last - at);

            if (!hit)
                break;
            at = (size_t)(hit - frame) - src_at;
        }
        if ((frame[at] & 0xf0) != version)
            continue;
        if (version == 0x40)
            candidate = match_ipv4(frame, len, key, protocol, at, segment);
        else
            candidate = match_ipv6(frame, len, key, protocol, at, segment);
        if (candidate == CANDIDATE_MATCHED)
            return true;
        if (candidate == CANDIDATE_UNUSABLE)
            break;
    }
not_found:
    /* a rejected candidate may have written some fields */
    memset(segment, 0, sizeof *segment);
    return false;
}
