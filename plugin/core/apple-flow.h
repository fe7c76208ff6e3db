/* apple-flow.h
 * Which end of a flow is the server, and so which port names its service.
 *
 * A label names the service at the flow's server port, the same for every
 * packet in both directions:
 *  - TCP with a handshake in the capture: the port the SYN was sent to
 *    (Wireshark's TCP analysis learns it from SYN and SYN-ACK);
 *  - otherwise (UDP, TCP joined mid-stream): the lower of the two ports,
 *    which is the same for both directions.
 * A client's ephemeral port is never the server port of a flow with a
 * handshake, so it is never labelled there.
 *
 * When both ends use the server port (NTP 123 -> 123, mDNS 5353 -> 5353),
 * the server is the multicast or broadcast side if there is one, and
 * otherwise the side that did not send the flow's first packet.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_FLOW_H
#define APPLE_FLOW_H

#include "apple-index.h"

typedef enum {
    APPLE_SERVER_BY_HANDSHAKE  = 1,   /* TCP SYN / SYN-ACK seen */
    APPLE_SERVER_BY_LOWER_PORT = 2    /* no handshake: the lower port */
} apple_server_by_t;

typedef struct {
    const apple_match_t *match;        /* the rows at the server port */
    uint16_t             server_port;
    apple_server_by_t    server_by;
} apple_flow_label_t;

/* The server port of a packet's flow. handshake_port is the server port
 * TCP learned from the handshake, 0 if none; it counts only if it is one of
 * the packet's two ports. */
uint16_t apple_flow_server_port(uint16_t src_port, uint16_t dst_port,
                                uint16_t handshake_port, apple_server_by_t *by);

/* Cheap test before any flow state is read: false when neither port can
 * carry a label, so the packet needs no further work. */
bool apple_flow_may_match(const apple_index_t *index, apple_transport_t t,
                          uint16_t src_port, uint16_t dst_port);

/* Labels a packet: true and *label filled if its server port is in the table. */
bool apple_flow_label(const apple_index_t *index, apple_transport_t t,
                      uint16_t src_port, uint16_t dst_port, uint16_t handshake_port,
                      apple_flow_label_t *label);

/* What decides the server's address when both ends use the server port. */
typedef struct {
    bool src_is_group;       /* the source is a multicast or broadcast address */
    bool dst_is_group;
    bool src_sent_first;     /* the source sent the flow's first packet */
} apple_flow_ends_t;

/* True if the packet's source is the flow's server, by the rules above. */
bool apple_flow_server_is_src(uint16_t src_port, uint16_t dst_port, uint16_t server_port,
                              const apple_flow_ends_t *ends);

/* Which end of a flow runs a service that an announcement (Bonjour) names
 * for its address and port: 1 the packet's source, -1 its destination, 0
 * neither. Only a server end counts, so that a device that announces a
 * port in the ephemeral range does not turn its own client connections
 * into that service:
 *  - with a TCP handshake, the end the SYN went to;
 *  - otherwise the announced end, unless the other end's port is one of
 *    the table's and the announced one is not (then the announcing device
 *    is the client); both announced: the one the lower-port rule picks. */
int apple_flow_announced_side(uint16_t src_port, uint16_t dst_port, uint16_t handshake_port,
                              bool src_announced, bool dst_announced,
                              bool src_in_table, bool dst_in_table);

/* True if a packet's two ports alone cannot say which end is the server. */
static inline bool apple_flow_needs_ends(uint16_t src_port, uint16_t dst_port)
{
    return src_port == dst_port;
}

#endif /* APPLE_FLOW_H */
