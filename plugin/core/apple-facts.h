/* apple-facts.h
 * The facts a capture teaches that later flows use: which addresses DNS
 * answers gave for Apple names. A fact is learned once, on the first
 * dissection of the frame that carries it, and only read after that.
 *
 * Bounded: per address, only the latest Apple name is kept (an address that
 * never had one takes no room), and at most max_addresses addresses; past
 * that, new addresses are not learned (and counted).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_FACTS_H
#define APPLE_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The latest DNS answer for an address: the Apple name it gave, or NULL if
 * a later answer gave the address for a name that is not Apple's. */
typedef struct {
    const char *name;        /* kept by the store, valid while it lives */
    uint32_t    frame;       /* the answer's frame */
} apple_dns_fact_t;

typedef struct apple_facts apple_facts_t;

apple_facts_t *apple_facts_new(size_t max_addresses);
void apple_facts_free(apple_facts_t *facts);

/* An answer in frame says address (ip_version 4: 4 bytes, 6: 16) belongs to
 * name: an Apple name, or NULL for a name that is not Apple's. Returns
 * false when the fact was not kept because the store is full. */
bool apple_facts_learn_dns(apple_facts_t *facts, unsigned ip_version, const uint8_t *address,
                           const char *apple_name, uint32_t frame);

/* The latest answer learned for the address, or NULL if none gave it for
 * an Apple name. */
const apple_dns_fact_t *apple_facts_dns(const apple_facts_t *facts, unsigned ip_version,
                                        const uint8_t *address);

size_t apple_facts_address_count(const apple_facts_t *facts);
size_t apple_facts_dropped(const apple_facts_t *facts);

#endif /* APPLE_FACTS_H */
