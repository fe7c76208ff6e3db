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

bool apple_flow_server_is_src(uint16_t src_port, uint16_t dst_port, uint16_t server_port,
                              const apple_flow_ends_t *ends)
{
    if (src_port != dst_port)
        return src_port == server_port;
    if (ends->dst_is_group != ends->src_is_group)
        return ends->src_is_group;
    return !ends->src_sent_first;
}

int apple_flow_announced_side(uint16_t src_port, uint16_t dst_port, uint16_t handshake_port,
                              bool src_announced, bool dst_announced,
                              bool src_in_table, bool dst_in_table)
{
    if (handshake_port != 0 && (handshake_port == src_port || handshake_port == dst_port)) {
        if (handshake_port == dst_port)
            return dst_announced ? -1 : 0;
        return src_announced ? 1 : 0;
    }
    if (src_announced && dst_announced)
        return src_port < dst_port ? 1 : -1;
    if (dst_announced)
        return dst_in_table || !src_in_table ? -1 : 0;
    if (src_announced)
        return src_in_table || !dst_in_table ? 1 : 0;
    return 0;
}
