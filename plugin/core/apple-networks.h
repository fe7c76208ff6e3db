/* apple-networks.h
 * Apple's own address blocks (data/apple-networks.tsv), IPv4 and IPv6,
 * looked up by longest prefix without allocating.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_NETWORKS_H
#define APPLE_NETWORKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    APPLE_NETWORK_APPLE,     /* announced by Apple's own AS */
    APPLE_NETWORK_APNS       /* Apple's published ranges of its push notification service */
} apple_network_scope_t;

typedef struct {
    unsigned              ip_version;   /* 4 or 6 */
    uint8_t               prefix[16];   /* network order; 4 bytes used for IPv4; host bits zero */
    unsigned              length;       /* prefix length in bits */
    apple_network_scope_t scope;
    const char           *text;         /* "17.0.0.0/8", as in the data */
} apple_network_t;

/* Generated from data/apple-networks.tsv at build time. */
extern const apple_network_t apple_builtin_networks[];
extern const size_t          apple_builtin_network_count;

/* The longest prefix of networks[0..count) holding the address (ip_version
 * 4: 4 bytes, 6: 16 bytes), or NULL. The networks are in the generator's
 * order: by IP version, then the longest prefix first. */
const apple_network_t *apple_networks_lookup_in(const apple_network_t *networks, size_t count,
                                                unsigned ip_version, const uint8_t *address);

/* The same over the built-in networks. */
const apple_network_t *apple_networks_lookup(unsigned ip_version, const uint8_t *address);

/* Parses "17.0.0.0/8" or "2620:149::/32" (canonical: host bits zero) into
 * *network (scope and text are left to the caller): false, with a message
 * naming the text in err, if it is not such a prefix. */
bool apple_network_parse(const char *text, apple_network_t *network, char *err, size_t errlen);

#endif /* APPLE_NETWORKS_H */
