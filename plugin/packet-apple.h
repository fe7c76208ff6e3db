/* packet-apple.h
 * Apple Services: the protocol's registration, called by the plugin loader
 * (plugin.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_APPLE_H
#define PACKET_APPLE_H

void proto_register_apple(void);
void proto_reg_handoff_apple(void);

#endif /* PACKET_APPLE_H */
