/* apple-bonjour.h
 * What a capture's Bonjour announcements teach: which devices are on the
 * network, which of them are Apple's and why, and which endpoints
 * (transport, address, port) run which announced service, from which
 * frame on, until which goodbye. Learned once, on the first dissection of
 * each mDNS frame (apple-mdns.h reads it), and only read after that.
 *
 * An announcement's endpoint is the SRV target's address (its A/AAAA
 * records, from the same or another message: not the packet's sender, as
 * a Sleep Proxy answers for other hosts), the SRV port and the type's
 * transport.
 *
 * A device is keyed by its host name (the SRV target, "Lucas-iMac.local"),
 * or by its address when an announcement of its own names none. It is
 * Apple's when it announces a type only Apple devices announce
 * (apple-bonjour-types.h), names an Apple model in TXT, or sends its own
 * announcement from a MAC address with Apple's OUI (the caller says so:
 * not locally administered, the packet not routed).
 *
 * Bounded: APPLE_BONJOUR_DEVICES_MAX devices, APPLE_BONJOUR_ENDPOINTS_MAX
 * endpoints, and per device APPLE_BONJOUR_DEVICE_LIST_MAX addresses, names
 * and services; past a bound, more is not learned but counted. A storm of
 * announcements costs one message parse each and no growth past the bounds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_BONJOUR_H
#define APPLE_BONJOUR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apple-bonjour-types.h"
#include "apple-mdns.h"

#define APPLE_BONJOUR_DEVICES_MAX      1024
#define APPLE_BONJOUR_ENDPOINTS_MAX    8192
#define APPLE_BONJOUR_DEVICE_LIST_MAX  16
#define APPLE_BONJOUR_PERIODS_MAX      4    /* announce/goodbye periods kept per endpoint */

/* Why a device counts as Apple's. */
enum {
    APPLE_DEVICE_BY_TYPE  = 1u << 0,   /* it announced a type only Apple devices announce */
    APPLE_DEVICE_BY_MODEL = 1u << 1,   /* its TXT record names an Apple model */
    APPLE_DEVICE_BY_OUI   = 1u << 2    /* its own announcement came from an Apple MAC */
};

typedef struct {
    unsigned ip_version;
    uint8_t  address[16];
} apple_bonjour_address_t;

typedef struct {
    const char *type;                  /* "_companion-link._tcp", kept by the store */
    apple_transport_t transport;
    uint16_t    port;
} apple_bonjour_offer_t;

typedef struct {
    const char              *host;         /* "Lucas-iMac.local", or NULL: known by address only */
    unsigned                 apple_by;     /* APPLE_DEVICE_BY_*; 0: not (or not known to be) Apple's */
    const char              *model;        /* "iMac11,3", or NULL */
    bool                     has_mac;
    uint8_t                  mac[6];       /* the MAC its own announcements came from */
    size_t                   n_addresses;
    apple_bonjour_address_t  addresses[APPLE_BONJOUR_DEVICE_LIST_MAX];
    size_t                   n_names;      /* instance names ("Luca’s iMac") */
    const char              *names[APPLE_BONJOUR_DEVICE_LIST_MAX];
    size_t                   n_offers;
    apple_bonjour_offer_t    offers[APPLE_BONJOUR_DEVICE_LIST_MAX];
    uint32_t                 first_frame;  /* the first announcement that named it */
} apple_bonjour_device_t;

/* What an endpoint runs. */
typedef struct {
    const char                 *type;       /* "_companion-link._tcp", kept by the store */
    const apple_bonjour_type_t *known;      /* the type in the data, or NULL */
    const char                 *service;    /* apple.service of its flows: the type's name, "companion-link" */
    const char                 *instance;   /* "Luca’s iMac" */
    const apple_bonjour_device_t *device;
    uint32_t                    frame;      /* the announcement */
} apple_bonjour_offer_info_t;

typedef struct apple_bonjour apple_bonjour_t;

apple_bonjour_t *apple_bonjour_new(void);
void apple_bonjour_free(apple_bonjour_t *store);

/* What the sender of an mDNS message is, for the OUI evidence. */
typedef struct {
    unsigned ip_version;
    uint8_t  address[16];
    bool     has_mac;                /* mac is the sender's own (an Ethernet source, the packet not routed) */
    bool     apple_mac;              /* and an Apple OUI, not locally administered */
    uint8_t  mac[6];
} apple_bonjour_sender_t;

/* Learns what the message (read by apple_mdns_read) of frame announces. */
void apple_bonjour_learn(apple_bonjour_t *store, const apple_mdns_message_t *message,
                         const apple_bonjour_sender_t *sender, uint32_t frame);

/* The announced service at the endpoint for a flow whose first packet is
 * frame flow_start, among the announcements learned so far: the latest one
 * under way at flow_start (announced at or before it, and not ended by a
 * goodbye before it), else the first one announced after flow_start (which
 * a later dissection, after the whole capture was read, sees). False if
 * none. When its type is not Apple's own, only an Apple device's
 * announcement counts. */
bool apple_bonjour_lookup(const apple_bonjour_t *store, apple_transport_t transport,
                          unsigned ip_version, const uint8_t *address, uint16_t port,
                          uint32_t flow_start, apple_bonjour_offer_info_t *info);

/* The device that sent an mDNS message from address (ip_version 4: 4
 * bytes, 6: 16): the first device in the list (apple_bonjour_device) that
 * has the address or is the host one of the message's services names
 * (the SRV target, in any case). NULL if none. */
const apple_bonjour_device_t *apple_bonjour_find_sender(const apple_bonjour_t *store,
                                                        const apple_mdns_message_t *message,
                                                        unsigned ip_version, const uint8_t *address);

/* The devices, in the order first seen; n is their count. */
const apple_bonjour_device_t *apple_bonjour_device(const apple_bonjour_t *store, size_t i);
size_t apple_bonjour_device_count(const apple_bonjour_t *store);

/* What past the bounds was not learned. */
size_t apple_bonjour_dropped(const apple_bonjour_t *store);

#endif /* APPLE_BONJOUR_H */
