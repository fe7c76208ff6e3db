/* apple-flow.c
 * Server-side choice and flow labelling (see apple-flow.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-flow.h"

uint16_t apple_flow_server_port(uint16_t src_port, uint16_t dst_port,
                                uint16_t handshake_port, apple_server_by_t *by)
{
    if (handshake_port != 0 && (handshake_port == src_port || handshake_port == dst_port)) {
        *by = APPLE_SERVER_BY_HANDSHAKE;
        return handshake_port;
    }
    *by = APPLE_SERVER_BY_LOWER_PORT;
    return src_port < dst_port ? src_port : dst_port;
}

bool apple_flow_may_match(const apple_index_t *index, apple_transport_t t,
                          uint16_t src_port, uint16_t dst_port)
{
    return apple_index_lookup(index, t, src_port) || apple_index_lookup(index, t, dst_port);
}

bool apple_flow_label(const apple_index_t *index, apple_transport_t t,
                      uint16_t src_port, uint16_t dst_port, uint16_t handshake_port,
                      apple_flow_label_t *label)
{
    label->server_port = apple_flow_server_port(src_port, dst_port, handshake_port,
                                                &label->server_by);
    label->match = apple_index_lookup(index, t, label->server_port);
    return label->match != NULL;
}
