/* apple-devices-table.h
 * The devices table "Apple Services Devices" (tshark -z apple,devices[,filter],
 * and the GUI's Statistics menu): one row per Apple device that Bonjour
 * announcements in the capture name, with its addresses, MAC, names,
 * model, why it counts as Apple's, the services it announced, and the
 * flows to them. Devices that are not Apple's are left out and counted in
 * a closing line.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_DEVICES_TABLE_H
#define APPLE_DEVICES_TABLE_H

/* Registers it with Wireshark; called through the tap plugin (plugin.c). */
void apple_devices_table_register(void);

#endif /* APPLE_DEVICES_TABLE_H */
