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

#endif /* APPLE_FLOW_H */
