/* apple-label.h
 * The per-packet decision: is this packet part of a TCP or UDP flow whose
 * server port is in Apple's table (or, on another port, whose server name
 * is Apple's), which end is the server, which rows or names label it, and
 * whether the evidence in the capture says the flow is Apple's own. The
 * only place that decides which side is the server; the output
 * (packet-apple.c), the heuristic handlers and the statistics all take it
 * from here.
 *
 * What a frame teaches (a server name, a DNS answer) is learned on its
 * first dissection and only read after that (apple-learn.h keeps it), so
 * that dissecting again, in any order, gives the same answer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_LABEL_H
#define APPLE_LABEL_H

#include <epan/packet.h>

#include "core/apple-bonjour.h"
#include "core/apple-evidence.h"
#include "core/apple-flow.h"

/* Where a label comes from. */
typedef enum {
    APPLE_LABEL_TABLE,      /* the rows of Apple's port table (or the user's) at the server port */
    APPLE_LABEL_NAME,       /* no row: the flow's own server name is Apple's */
    APPLE_LABEL_BONJOUR     /* the server endpoint was announced over Bonjour */
} apple_label_source_t;

/* How the server was chosen, beyond apple_server_by_t (apple-flow.h). */
#define APPLE_SERVER_BY_NAME    3  /* the receiver of the ClientHello or HTTP request */
#define APPLE_SERVER_BY_BONJOUR 4  /* the endpoint a Bonjour announcement named */

typedef struct {
    apple_label_source_t source;
    apple_transport_t    transport;
    apple_flow_label_t   flow;           /* server port and how it was chosen; the rows (TABLE) */
    bool                 server_is_src;  /* the packet was sent by the flow's server */
    const char          *service;        /* NAME: "https", "port-8443"; BONJOUR: "companion-link" */
    const char          *product;        /* BONJOUR: the type's product ("Continuity"), or NULL */
    apple_bonjour_offer_info_t bonjour;  /* BONJOUR: what was announced, by whom, in which frame */
    const apple_mdns_message_t *mdns;    /* an mDNS packet: what it announces */
    /* Evidence (when apple.check_evidence is on): */
    apple_verdict_t      verdict;
    const char          *server_name;    /* the name the flow itself sent, Apple's or not */
    apple_name_kind_t    name_kind;
    uint32_t             name_frame;     /* the frame that completed it */
    const apple_network_t *network;      /* the server's Apple block */
    uint32_t             dns_frame;      /* the DNS answer that named the server */
} apple_label_t;

typedef struct {
    const apple_index_t      *index;           /* the port rows; NULL: no labels */
    const apple_host_table_t *hosts;           /* Apple's hosts and the user's */
    unsigned                  hosts_generation; /* changes whenever hosts is rebuilt */
    bool                      check_evidence;  /* read the evidence at all */
} apple_label_config_t;

/* From proto_register: the protocol the flow state is kept under. */
void apple_label_register(int proto_apple);

/* From proto_reg_handoff: the protocols the decision looks up. */
void apple_label_handoff(void);

/* What labels come from, whenever the preferences or tables change. */
void apple_label_configure(const apple_label_config_t *config);

/* At the start of every dissection, when the file scope is new. */
void apple_label_file_start(void);

/* Labels the packet (tvb is the frame's, as postdissectors get it): true,
 * with *label, if it belongs to a labelled flow. Reads the flow's state
 * and, on a frame's first dissection, adds to it what the frame shows. */
bool apple_label_packet(packet_info *pinfo, tvbuff_t *tvb, apple_label_t *label);

/* The port label alone, for the heuristic handlers, which see only a
 * payload: true, with *label (no evidence), if the server port is in the
 * table. Records nothing. */
bool apple_label_by_port(packet_info *pinfo, apple_label_t *label);

/* The flow's server and client addresses and the client's port, for a
 * packet labelled by apple_label_packet(). */
const address *apple_label_server(const packet_info *pinfo, const apple_label_t *label);
const address *apple_label_client(const packet_info *pinfo, const apple_label_t *label);
uint16_t       apple_label_client_port(const packet_info *pinfo, const apple_label_t *label);

#endif /* APPLE_LABEL_H */
