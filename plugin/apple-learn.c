/* apple-learn.c
 * Reading a frame's payload and keeping what it teaches (see apple-learn.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/addr_resolv.h>
#include <epan/address.h>

#include "apple-learn.h"

static apple_facts_t   *facts;
static apple_bonjour_t *bonjour;
static unsigned         bonjour_version;

void
apple_learn_file_start(void)
{
    apple_learn_file_end();
    facts = apple_facts_new(APPLE_LEARN_DNS_ADDRESSES_MAX);
    bonjour = apple_bonjour_new();
}

void
apple_learn_file_end(void)
{
    apple_facts_free(facts);
    facts = NULL;
    apple_bonjour_free(bonjour);
    bonjour = NULL;
    bonjour_version = 0;
}

/* The IP version and bytes of an IPv4 or IPv6 address; 0 for another kind. */
static unsigned
ip_version_of(const address *addr)
{
    if (addr->type == AT_IPv4 && addr->len == 4)
        return 4;
    if (addr->type == AT_IPv6 && addr->len == 16)
        return 6;
    return 0;
}

bool
apple_learn_payload(packet_info *pinfo, tvbuff_t *tvb, apple_transport_t t,
                    apple_frame_segment_t *segment, const uint8_t **payload)
{
    apple_frame_key_t key;
    unsigned length = tvb_captured_length(tvb);
    const uint8_t *frame;

    key.ip_version = ip_version_of(&pinfo->src);
    if (key.ip_version == 0 || key.ip_version != ip_version_of(&pinfo->dst) || length == 0)
        return false;
    key.transport = t;
    key.src = (const uint8_t *)pinfo->src.data;
    key.dst = (const uint8_t *)pinfo->dst.data;
    key.src_port = (uint16_t)pinfo->srcport;
    key.dst_port = (uint16_t)pinfo->destport;
    frame = tvb_get_ptr(tvb, 0, length);
    if (!apple_frame_find_segment(frame, length, &key, segment))
        return false;
    *payload = frame + segment->payload_offset;
    return true;
}

const uint8_t *
apple_learn_dns_message(apple_transport_t t, const uint8_t *payload, size_t len, size_t *message_len)
{
    if (t == APPLE_UDP) {
        *message_len = len;
        return payload;
    }
    /* DNS over TCP: a two-byte length, then the message; only a message
     * whole in one segment is read */
    if (len < 2 || (size_t)(payload[0] << 8 | payload[1]) != len - 2)
        return NULL;
    *message_len = len - 2;
    return payload + 2;
}

const apple_learn_dns_t *
apple_learn_dns_read(const uint8_t *message, size_t len, const apple_host_table_t *hosts,
                     wmem_allocator_t *scope)
{
    /* about 17 KB: not on the stack, which can be small while dissecting */
    apple_learn_dns_t *dns = wmem_new(scope, apple_learn_dns_t);

    if (!apple_dns_answers_read(message, len, &dns->answers)) {
        wmem_free(scope, dns);
        return NULL;
    }
    dns->apple_question = dns->answers.has_question &&
                          apple_hosts_lookup(hosts, dns->answers.question, &dns->question_match);
    return dns;
}

void
apple_learn_dns_answers(const apple_learn_dns_t *dns, uint32_t frame)
{
    const apple_dns_answers_t *answers = &dns->answers;
    /* The name the client asked for is the one judged: an Apple name whose
     * CNAMEs lead to a CDN's address counts for that address, but another
     * name that leads into Apple's CDN is not Apple's own. */
    const char *apple_name = dns->apple_question ? answers->question : NULL;

    if (!facts || !answers->is_response)
        return;
    for (size_t i = 0; i < answers->n_addresses; i++) {
        const char *chain[APPLE_DNS_CNAMES_MAX + 1];

        if (apple_dns_answers_chain(answers, i, chain, G_N_ELEMENTS(chain)) > 0)
            apple_facts_learn_dns(facts, answers->addresses[i].ip_version,
                                  answers->addresses[i].address, apple_name, frame);
    }
}

const apple_dns_fact_t *
apple_learn_dns_fact(const address *addr)
{
    unsigned v = ip_version_of(addr);
    return facts && v ? apple_facts_dns(facts, v, (const uint8_t *)addr->data) : NULL;
}

const apple_network_t *
apple_learn_network(const address *addr)
{
    unsigned v = ip_version_of(addr);
    return v ? apple_networks_lookup(v, (const uint8_t *)addr->data) : NULL;
}

const apple_mdns_message_t *
apple_learn_mdns_message(const uint8_t *payload, size_t len, wmem_allocator_t *scope)
{
    apple_mdns_message_t *message = wmem_new(scope, apple_mdns_message_t);

    if (apple_mdns_read(payload, len, message))
        return message;
    wmem_free(scope, message);
    return NULL;
}

/* An Apple MAC by Wireshark's own manufacturer table, globally
 * administered (macOS and iOS randomise theirs, with the local bit set). */
static bool
apple_mac(const uint8_t mac[6])
{
    const char *maker;

    if (mac[0] & 0x02)
        return false;
    maker = apple_manuf_name_if_known(mac);
    return maker && g_str_has_prefix(maker, "Apple");
}

static void
sender_of(packet_info *pinfo, const apple_frame_segment_t *seg, apple_bonjour_sender_t *sender)
{
    memset(sender, 0, sizeof *sender);
    sender->ip_version = ip_version_of(&pinfo->src);
    if (sender->ip_version)
        memcpy(sender->address, pinfo->src.data, sender->ip_version == 4 ? 4 : 16);
    /* RFC 6762: mDNS is sent with TTL 255; a routed packet's MAC is the router's */
    if (pinfo->dl_src.type == AT_ETHER && pinfo->dl_src.len == 6 && seg && seg->hop_limit == 255) {
        memcpy(sender->mac, pinfo->dl_src.data, 6);
        sender->has_mac = true;
        sender->apple_mac = apple_mac(sender->mac);
    }
}

void
apple_learn_bonjour_announcements(packet_info *pinfo, const apple_frame_segment_t *seg,
                                  const apple_mdns_message_t *message)
{
    apple_bonjour_sender_t sender;

    if (!bonjour || PINFO_FD_VISITED(pinfo))
        return;
    sender_of(pinfo, seg, &sender);
    apple_bonjour_learn(bonjour, message, &sender, pinfo->num);
    if (message->n_services || message->n_addresses || message->n_goodbyes ||
        message->device_info_model[0])
        bonjour_version++;
}

const apple_bonjour_device_t *
apple_learn_bonjour_sender(packet_info *pinfo, const apple_mdns_message_t *message)
{
    unsigned v = ip_version_of(&pinfo->src);

    if (!bonjour || !v)
        return NULL;
    /* through the store's indexes: a walk of all devices cost some 200,000
     * instructions an mDNS packet with a thousand devices known */
    return apple_bonjour_find_sender(bonjour, message, v, (const uint8_t *)pinfo->src.data);
}

bool
apple_learn_bonjour(apple_transport_t t, const address *addr, uint16_t port, uint32_t flow_start,
                    apple_bonjour_offer_info_t *info)
{
    unsigned v = ip_version_of(addr);

    return bonjour && v && bonjour_version &&
           apple_bonjour_lookup(bonjour, t, v, (const uint8_t *)addr->data, port, flow_start, info);
}

unsigned
apple_learn_bonjour_version(void)
{
    return bonjour_version;
}

const apple_bonjour_t *
apple_learn_bonjour_store(void)
{
    return bonjour;
}
