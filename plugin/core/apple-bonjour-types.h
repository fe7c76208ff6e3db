/* apple-bonjour-types.h
 * The DNS-SD service types Apple products announce or use
 * (data/bonjour-services.tsv): their transport, usual port, product, and
 * how far an announcement of the type speaks for Apple.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_BONJOUR_TYPES_H
#define APPLE_BONJOUR_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apple-table.h"

typedef enum {
    /* Apple's own type, announced by Apple devices only: the announcing
     * device is Apple's, and flows to the service are labelled by it. */
    APPLE_BONJOUR_APPLE_ONLY,
    /* Apple's own protocol, which other makers' devices announce too
     * (AirPlay on a TV): flows to it are labelled by the service; the
     * device is Apple's only by other evidence. */
    APPLE_BONJOUR_APPLE_PROTOCOL,
    /* A generic type Apple products also use (_ipp, _ssh): it labels
     * flows only when the device is Apple's by other evidence. */
    APPLE_BONJOUR_GENERIC
} apple_bonjour_kind_t;

typedef struct {
    const char          *type;          /* "_companion-link._tcp", as on the wire */
    const char          *service;       /* "companion-link": apple.service of its flows */
    apple_transport_t    transport;
    uint16_t             port;          /* the usual port, 0 for dynamic or none */
    bool                 dynamic_port;  /* chosen at run time */
    bool                 connectable;   /* false for TXT-only types (_device-info) */
    const char          *product;       /* "Continuity" */
    const char          *description;
    apple_bonjour_kind_t kind;
} apple_bonjour_type_t;

/* Generated from data/bonjour-services.tsv at build time. */
extern const apple_bonjour_type_t apple_builtin_bonjour_types[];
extern const size_t               apple_builtin_bonjour_type_count;

/* The type named by the len bytes at type ("_airplay._tcp", any case, with
 * or without ".local"), or NULL if the data does not list it. */
const apple_bonjour_type_t *apple_bonjour_type_lookup(const char *type, size_t len);

#endif /* APPLE_BONJOUR_TYPES_H */
