/* apple-evidence.h
 * Whether a flow, or one packet, is Apple's own traffic, from the evidence
 * found beyond its port, and what Apple says it is for. The rules:
 *  - the server's address in one of Apple's blocks verifies, whatever the
 *    name;
 *  - the flow's own server name (TLS or QUIC SNI, HTTP Host) verifies when
 *    it is Apple's; when it is not, it also overrides what DNS said (a CDN
 *    address serves many names);
 *  - otherwise the latest DNS answer before the flow's first packet that
 *    gave the server's address for an Apple name verifies;
 *  - a DNS lookup or answer for an Apple name verifies that packet;
 *  - an announcement by an Apple device (Bonjour) verifies its flows.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_EVIDENCE_H
#define APPLE_EVIDENCE_H

#include "apple-hosts.h"
#include "apple-inspect.h"
#include "apple-networks.h"

/* The kinds of evidence, in the order apple.evidence lists them. */
typedef enum {
    APPLE_EVIDENCE_ADDRESS   = 1u << 0,   /* "address": the server is in Apple's blocks */
    APPLE_EVIDENCE_TLS_SNI   = 1u << 1,   /* "tls-sni" */
    APPLE_EVIDENCE_QUIC_SNI  = 1u << 2,   /* "quic-sni" */
    APPLE_EVIDENCE_HTTP_HOST = 1u << 3,   /* "http-host" */
    APPLE_EVIDENCE_DNS       = 1u << 4,   /* "dns": an earlier answer named the server */
    APPLE_EVIDENCE_DNS_NAME  = 1u << 5,   /* "dns-name": the lookup names an Apple host */
    APPLE_EVIDENCE_BONJOUR   = 1u << 6    /* "bonjour": an Apple device announced it */
} apple_evidence_kind_t;

#define APPLE_EVIDENCE_KINDS 7

/* "address", "tls-sni"... for the kind at position i (0-based) of the list. */
const char *apple_evidence_name(unsigned i);

typedef struct {
    const apple_network_t    *network;        /* the server's Apple block, or NULL */
    apple_name_kind_t         name_kind;      /* the flow's own server name, or NONE */
    const char               *name;
    const apple_host_match_t *name_match;     /* NULL: the name is not Apple's */
    const char               *dns_name;       /* Apple's name for the server from DNS, or NULL */
    const apple_host_match_t *dns_match;
    const char               *packet_name;    /* this DNS packet looks up an Apple host, or NULL */
    const apple_host_match_t *packet_match;
    bool                      bonjour;        /* an Apple device announced the service, or sent this announcement */
    bool                      apple_query;    /* this mDNS packet asks for an Apple type ("_airplay._tcp") */
    const apple_host_service_t *push_service; /* the service an APNs address block means */
} apple_evidence_input_t;

typedef struct {
    bool                        verified;
    unsigned                    kinds;        /* APPLE_EVIDENCE_* */
    const char                 *host;         /* the Apple host name, or NULL */
    size_t                      n_services;
    const apple_host_service_t *services[APPLE_HOST_SERVICES_MAX];
} apple_verdict_t;

void apple_evidence_decide(const apple_evidence_input_t *in, apple_verdict_t *verdict);

#endif /* APPLE_EVIDENCE_H */
