/* apple-stats-tree.h
 * The stats tree "Apple Services/Labelled Packets" (tshark -z apple,tree,
 * and the GUI's Statistics > Apple Services > Labelled Packets): packets and
 * bytes by transport and server port, service, product, host service and
 * evidence.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_STATS_TREE_H
#define APPLE_STATS_TREE_H

/* Registers it with Wireshark; called through the tap plugin (plugin.c). */
void apple_stats_tree_register(void);

#endif /* APPLE_STATS_TREE_H */
