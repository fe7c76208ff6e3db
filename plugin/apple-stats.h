/* apple-stats.h
 * Statistics over the "apple" tap:
 *  - the stats tree "Apple Services" (tshark -z apple,tree, and the GUI's
 *    Statistics menu): packets and bytes by transport and server port, by
 *    service and by product;
 *  - the flow summary (tshark -z apple,flows[,filter]): one CSV row per
 *    server endpoint for firewall rules.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_STATS_H
#define APPLE_STATS_H

/* Registers both with Wireshark; called through a tap plugin (plugin.c). */
void register_tap_listener_apple(void);

#endif /* APPLE_STATS_H */
