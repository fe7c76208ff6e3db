/* apple-frame.h
 * Finds a TCP or UDP segment inside the bytes of a whole frame: the
 * innermost IPv4 or IPv6 header whose addresses, followed by a TCP or UDP
 * header whose ports, are the ones Wireshark's dissection ended with. This
 * lets the postdissector read a segment's payload without asking Wireshark
 * for a tree. Every length is checked against the frame and the IP
 * header's own lengths (so link-layer padding is never payload).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_FRAME_H
#define APPLE_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apple-table.h"

/* Bytes from the start of the frame in which an IP header is looked for:
 * link layers and tunnels beyond this are not searched. */
#define APPLE_FRAME_SEARCH_MAX 512

typedef struct {
    apple_transport_t transport;
    unsigned          ip_version;   /* 4 or 6 */
    const uint8_t    *src;          /* 4 or 16 bytes, network order */
    const uint8_t    *dst;
    uint16_t          src_port;
    uint16_t          dst_port;
} apple_frame_key_t;

typedef struct {
    size_t   payload_offset;        /* of the TCP/UDP payload, from the frame's start */
    size_t   payload_len;           /* as the IP/UDP lengths say, cut to the captured bytes */
    bool     payload_cut;           /* the capture holds less than payload_len said */
    uint32_t tcp_seq;               /* TCP only */
    uint8_t  tcp_flags;             /* TCP only: FIN 0x01, SYN 0x02, RST 0x04, ... */
    uint8_t  hop_limit;             /* IPv4 TTL or IPv6 hop limit */
} apple_frame_segment_t;

/* Finds the segment of key in frame (len captured bytes). False when no
 * header matches, or the matching one is an IP fragment other than the
 * whole datagram. */
bool apple_frame_find_segment(const uint8_t *frame, size_t len, const apple_frame_key_t *key,
                              apple_frame_segment_t *segment);

#endif /* APPLE_FRAME_H */
