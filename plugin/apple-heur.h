/* apple-heur.h
 * Heuristic dissectors on "tcp" and "udp" for payload on an Apple port
 * that no other dissector decodes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_HEUR_H
#define APPLE_HEUR_H

void apple_heur_register(int proto);
void apple_heur_handoff(void);

#endif /* APPLE_HEUR_H */
