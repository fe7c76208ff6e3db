/* apple-flows-table.h
 * The flows table "Apple Services Flows": one row per labelled server
 * endpoint (transport, server address, server port), all its clients
 * together, for firewall rules. One implementation for both programs:
 *  - tshark -z apple,flows[,filter] prints it in Wireshark's table format,
 *    and the GUI shows it under Statistics (sortable, copyable);
 *  - tshark -z apple,csv[,filter] prints the same rows as CSV, for scripts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_FLOWS_TABLE_H
#define APPLE_FLOWS_TABLE_H

/* Registers both with Wireshark; called through the tap plugin (plugin.c). */
void apple_flows_table_register(void);

#endif /* APPLE_FLOWS_TABLE_H */
