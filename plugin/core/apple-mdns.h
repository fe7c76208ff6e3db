/* apple-mdns.h
 * What one multicast DNS (Bonjour, RFC 6762/6763) message announces: its
 * service instances (SRV: instance, type, target host, port; TXT: the
 * model an Apple device names), the addresses of its hosts (A, AAAA),
 * goodbyes (TTL 0), and the service types it asks for (PTR questions).
 * Read with the DNS parser (apple-dns.h), bounded like it; nothing is
 * allocated.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_MDNS_H
#define APPLE_MDNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apple-dns.h"
#include "apple-table.h"

#define APPLE_MDNS_SERVICES_MAX  24     /* SRV records kept a message */
#define APPLE_MDNS_ADDRESSES_MAX 16     /* A and AAAA records kept a message */
#define APPLE_MDNS_QUERIES_MAX   32     /* PTR questions kept a message (an iPhone asks for 17) */
#define APPLE_MDNS_GOODBYES_MAX  16     /* PTR goodbyes kept a message */
#define APPLE_MDNS_TYPE_MAX      64     /* "_companion-link._tcp" and its NUL, at most */
#define APPLE_MDNS_MODEL_MAX     64

/* One announced service instance: an SRV record, with what the message's
 * TXT record for the same instance says of the model. */
typedef struct {
    char              instance[APPLE_DNS_NAME_MAX];   /* "Luca’s iMac", presentation form (apple-dns.h) */
    char              type[APPLE_MDNS_TYPE_MAX];      /* "_companion-link._tcp" */
    apple_transport_t transport;                      /* from the type's "_tcp" / "_udp" */
    char              target[APPLE_DNS_NAME_MAX];     /* "Lucas-iMac.local", without the trailing dot */
    uint16_t          port;
    uint32_t          ttl;                            /* 0: a goodbye */
    char              model[APPLE_MDNS_MODEL_MAX];    /* TXT model=, am= or rpMd=, "" if none */
} apple_mdns_service_t;

/* One host address: an A or AAAA record. */
typedef struct {
    char     host[APPLE_DNS_NAME_MAX];                /* "Lucas-iMac.local" */
    unsigned ip_version;                              /* 4 or 6 */
    uint8_t  address[16];
    uint32_t ttl;
    bool     cache_flush;                             /* the record is the whole set of its host's (RFC 6762 10.2) */
} apple_mdns_address_t;

/* A PTR record with TTL 0 ("_airplay._tcp.local" -> "Kitchen._airplay._tcp.local"):
 * the instance withdraws its service, as an SRV record with TTL 0 does
 * (a goodbye often carries the PTR record alone). */
typedef struct {
    char instance[APPLE_DNS_NAME_MAX];
    char type[APPLE_MDNS_TYPE_MAX];
} apple_mdns_goodbye_t;

typedef struct {
    bool                 is_response;
    size_t               n_services;
    apple_mdns_service_t services[APPLE_MDNS_SERVICES_MAX];
    size_t               n_addresses;
    apple_mdns_address_t addresses[APPLE_MDNS_ADDRESSES_MAX];
    /* The service types the message asks for (PTR questions for
     * "_airplay._tcp.local"), as "_airplay._tcp". */
    size_t               n_queries;
    char                 queries[APPLE_MDNS_QUERIES_MAX][APPLE_MDNS_TYPE_MAX];
    size_t               n_goodbyes;
    apple_mdns_goodbye_t goodbyes[APPLE_MDNS_GOODBYES_MAX];
    /* A model named by a TXT record whose instance has no SRV in this
     * message (the "_device-info._tcp" record often stands alone), with
     * the instance's host part: "Luca’s iMac". */
    char                 device_info_instance[APPLE_DNS_NAME_MAX];
    char                 device_info_model[APPLE_MDNS_MODEL_MAX];
} apple_mdns_message_t;

/* Reads an mDNS message (a UDP payload): false if it is no DNS message at
 * all. Records are taken from the answer, authority and additional
 * sections alike; what does not fit the bounds above is left out. */
bool apple_mdns_read(const uint8_t *message, size_t len, apple_mdns_message_t *out);

/* True if model names an Apple product ("iMac11,3", "MacBookPro18,1",
 * "AppleTV11,1", "AudioAccessory5,1", "iPhone14,2", "J42dAP"...). */
bool apple_mdns_model_is_apple(const char *model);

#endif /* APPLE_MDNS_H */
