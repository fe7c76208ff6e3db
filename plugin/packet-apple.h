/* packet-apple.h
 * Apple Services: what the plugin's parts share.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_APPLE_H
#define PACKET_APPLE_H

#include <epan/packet.h>

#include "core/apple-flow.h"

void proto_register_apple(void);
void proto_reg_handoff_apple(void);

/* Labels the packet's TCP/UDP flow from the current table and preferences:
 * true, with *t and *label, if its server port is in the table. */
bool apple_label_packet(packet_info *pinfo, apple_transport_t *t, apple_flow_label_t *label);

#endif /* PACKET_APPLE_H */
