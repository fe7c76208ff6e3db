/* apple-stats-tree.h
 * The stats tree "Apple Services" (tshark -z apple,tree, and the GUI's
 * Statistics > Apple Services > Tree): packets and bytes by transport and
 * server port, by service and by product.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_STATS_TREE_H
#define APPLE_STATS_TREE_H

/* Registers it with Wireshark; called through the tap plugin (plugin.c). */
void apple_stats_tree_register(void);

#endif /* APPLE_STATS_TREE_H */
