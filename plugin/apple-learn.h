/* apple-learn.h
 * What the payload of a frame says, read without asking Wireshark for a
 * tree: the TCP or UDP segment's bytes, found in the frame (core/apple-frame.h);
 * the DNS answers, kept for the flows that follow (core/apple-facts.h); the
 * Apple host a DNS lookup names; the address blocks of an address.
 *
 * The store of facts lives as long as the capture file: made by
 * apple_learn_file_start() in the init routine, freed at its end.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_LEARN_H
#define APPLE_LEARN_H

#include <epan/packet.h>

#include "core/apple-bonjour.h"
#include "core/apple-dns-answers.h"
#include "core/apple-facts.h"
#include "core/apple-frame.h"
#include "core/apple-hosts.h"
#include "core/apple-networks.h"

/* DNS addresses kept per capture at most (about 100 bytes each). */
#define APPLE_LEARN_DNS_ADDRESSES_MAX 65536

void apple_learn_file_start(void);
void apple_learn_file_end(void);

/* The packet's segment (the innermost TCP or UDP header of pinfo's
 * addresses and ports) in the frame tvb: true, with its payload, if found. */
bool apple_learn_payload(packet_info *pinfo, tvbuff_t *tvb, apple_transport_t t,
                         apple_frame_segment_t *segment, const uint8_t **payload);

/* The DNS message in a segment's payload (TCP: one whole message after its
 * length), or NULL. */
const uint8_t *apple_learn_dns_message(apple_transport_t t, const uint8_t *payload, size_t len,
                                       size_t *message_len);

/* A DNS message, read once for what it teaches and what it asks. */
typedef struct {
    apple_dns_answers_t answers;          /* its question and answers (core/apple-dns-answers.h) */
    bool                apple_question;   /* the question names an Apple host (answers.question) */
    apple_host_match_t  question_match;   /* then: what Apple says that host is for */
} apple_learn_dns_t;

/* Reads a DNS message (apple_learn_dns_message) into scope, with its
 * question looked up in hosts; NULL if it is no DNS message. */
const apple_learn_dns_t *apple_learn_dns_read(const uint8_t *message, size_t len,
                                              const apple_host_table_t *hosts,
                                              wmem_allocator_t *scope);

/* Learns the addresses a DNS response gives for Apple names (frame: its
 * number), for the flows that follow. */
void apple_learn_dns_answers(const apple_learn_dns_t *dns, uint32_t frame);

/* The latest DNS answer that gave this address for an Apple name, or NULL. */
const apple_dns_fact_t *apple_learn_dns_fact(const address *addr);

/* The Apple block holding this address, or NULL. */
const apple_network_t *apple_learn_network(const address *addr);

/* The mDNS message in a segment's payload, read into scope; NULL if it is none. */
const apple_mdns_message_t *apple_learn_mdns_message(const uint8_t *payload, size_t len,
                                                     wmem_allocator_t *scope);

/* Learns what an mDNS message (of pinfo's frame, whose segment is seg)
 * announces, on the frame's first dissection. */
void apple_learn_bonjour_announcements(packet_info *pinfo, const apple_frame_segment_t *seg,
                                       const apple_mdns_message_t *message);

/* The device that sent an mDNS message, if the announcements name it. */
const apple_bonjour_device_t *apple_learn_bonjour_sender(packet_info *pinfo,
                                                         const apple_mdns_message_t *message);

/* What runs at the endpoint for a flow that began at frame flow_start (apple-bonjour.h). */
bool apple_learn_bonjour(apple_transport_t t, const address *addr, uint16_t port,
                         uint32_t flow_start, apple_bonjour_offer_info_t *info);

/* Changes whenever an announcement is learned; 0 while there is none. */
unsigned apple_learn_bonjour_version(void);

/* The store, for the device list; NULL outside a capture. */
const apple_bonjour_t *apple_learn_bonjour_store(void);

#endif /* APPLE_LEARN_H */
