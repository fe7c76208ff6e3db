/* apple-label.c
 * The per-packet decision (see apple-label.h).
 *
 * The flow state lives in the TCP or UDP conversation's data under the
 * Apple protocol, is written only on a frame's first dissection, and is
 * only read after that. So a single pass sees a flow's evidence from the
 * packet that carries it on, and every later dissection (tshark -2, the GUI
 * after loading) sees all of it, on every packet of the flow.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/addr_resolv.h>
#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>

#include "apple-label.h"
#include "apple-learn.h"
#include "core/apple-inspect.h"

static int proto_apple  = -1;
static int proto_tcp    = -1;
static int proto_icmp   = -1;
static int proto_icmpv6 = -1;

static apple_label_config_t config;
static const apple_host_service_t *push_service;  /* what an APNs address block means */

/* What the evidence says of a flow, beyond its first packet: made when
 * there is any (most flows have none). Index 0 is the end that sent the
 * flow's first packet (apple-inspect.h's A), 1 the other. */
typedef struct {
    const apple_network_t *network[2];      /* that end's Apple block */
    apple_dns_fact_t       dns[2];          /* the latest DNS answer for that end before the flow */
    apple_name_kind_t      name_kind;       /* the server name the flow sent */
    apple_direction_t      name_sent;
    uint32_t               name_frame;
    char                  *name;
    char                  *service;         /* the port's name, for a label by name */
    /* host lookups of the names, redone if the host tables change */
    unsigned               generation;
    bool                   name_apple, dns_apple[2];
    apple_host_match_t     name_match, dns_match[2];
} flow_evidence_t;

/* What the plugin remembers of a flow. */
typedef struct {
    address            first_src;           /* the sender of the flow's first packet */
    uint16_t           first_src_port;
    uint32_t           first_frame;
    apple_inspector_t *inspector;           /* while its server name is looked for */
    flow_evidence_t   *evidence;
    /* the Bonjour lookup, redone when the announcements change */
    unsigned           bonjour_version;
    int8_t             bonjour_end;          /* -1: none; 0 or 1: the announced (server) end */
    apple_bonjour_offer_info_t bonjour;
} flow_state_t;

void
apple_label_register(int proto)
{
    proto_apple = proto;
}

void
apple_label_handoff(void)
{
    proto_tcp    = proto_get_id_by_filter_name("tcp");
    proto_icmp   = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    for (size_t i = 0; i < apple_builtin_host_service_count; i++)
        if (g_strcmp0(apple_builtin_host_services[i].name[APPLE_LANG_EN], "Push notifications") == 0)
            push_service = &apple_builtin_host_services[i];
}

void
apple_label_configure(const apple_label_config_t *new_config)
{
    config = *new_config;
}

/* --- the flow ------------------------------------------------------------ */

static void *
file_realloc(void *ctx _U_, void *ptr, size_t size)
{
    return wmem_realloc(wmem_file_scope(), ptr, size);
}

static void
file_free(void *ctx _U_, void *ptr)
{
    wmem_free(wmem_file_scope(), ptr);
}

/* The bytes all flows' unfinished ClientHellos and Initials may hold at
 * once (apple-inspect.h), so that a capture of many flows that never finish
 * one cannot grow without bound; reset with the file scope. */
#define INSPECT_BUDGET ((size_t)32 * 1024 * 1024)
static apple_inspect_budget_t inspect_budget;

static const apple_allocator_t file_allocator = { file_realloc, file_free, NULL, &inspect_budget };

void
apple_label_file_start(void)
{
    inspect_budget.limit = INSPECT_BUDGET;
    inspect_budget.used = 0;
}

/* The packet's TCP or UDP conversation, looked up exactly as TCP and UDP
 * do it, which never creates or alters one (unlike get_tcp_conversation_data
 * or find_or_create_conversation). */
static conversation_t *
find_flow(packet_info *pinfo, apple_transport_t t)
{
    return find_conversation(pinfo->num, &pinfo->src, &pinfo->dst,
                             t == APPLE_TCP ? CONVERSATION_TCP : CONVERSATION_UDP,
                             pinfo->srcport, pinfo->destport, 0);
}

/* The server port TCP's own analysis learned from SYN / SYN-ACK, 0 if the
 * capture has no handshake. */
static uint16_t
tcp_handshake_server_port(conversation_t *conv)
{
    struct tcp_analysis *tcpd;

    if (!conv)
        return 0;
    tcpd = (struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp);
    return tcpd ? tcpd->server_port : 0;
}

static bool
from_first_sender(const packet_info *pinfo, const flow_state_t *state)
{
    return addresses_equal(&state->first_src, &pinfo->src) &&
           state->first_src_port == pinfo->srcport;
}

static flow_evidence_t *
evidence_of(flow_state_t *state)
{
    if (!state->evidence)
        state->evidence = wmem_new0(wmem_file_scope(), flow_evidence_t);
    return state->evidence;
}

static bool
is_dns(uint32_t src_port, uint32_t dst_port)
{
    return src_port == 53 || dst_port == 53;
}

static bool
is_mdns(apple_transport_t t, uint32_t src_port, uint32_t dst_port)
{
    return t == APPLE_UDP && (src_port == 5353 || dst_port == 5353);
}

/* What both ends' addresses say, as the flow starts: an Apple block, and
 * the latest DNS answer before it. */
static void
note_ends(flow_state_t *state, packet_info *pinfo)
{
    const address *end[2] = { &pinfo->src, &pinfo->dst };

    for (int i = 0; i < 2; i++) {
        const apple_network_t *network = apple_learn_network(end[i]);
        const apple_dns_fact_t *dns = apple_learn_dns_fact(end[i]);

        if (network)
            evidence_of(state)->network[i] = network;
        if (dns)
            evidence_of(state)->dns[i] = *dns;
    }
}

/* The flow's state, made on the first dissection of its first packet. */
static flow_state_t *
flow_state(packet_info *pinfo, conversation_t *conv, apple_transport_t t)
{
    flow_state_t *state;

    if (!conv)
        return NULL;
    state = (flow_state_t *)conversation_get_proto_data(conv, proto_apple);
    if (!state && !PINFO_FD_VISITED(pinfo)) {
        state = wmem_new0(wmem_file_scope(), flow_state_t);
        copy_address_wmem(wmem_file_scope(), &state->first_src, &pinfo->src);
        state->first_src_port = (uint16_t)pinfo->srcport;
        state->first_frame = pinfo->num;
        state->bonjour_end = -1;
        if (config.check_evidence) {
            note_ends(state, pinfo);
            /* DNS and mDNS send no server name, and an mDNS flow is one-way,
             * so an inspector there would wait, and be kept, for ever */
            if (!is_dns(pinfo->srcport, pinfo->destport) &&
                !is_mdns(t, pinfo->srcport, pinfo->destport))
                state->inspector = apple_inspector_new(t, &file_allocator);
        }
        conversation_add_proto_data(conv, proto_apple, state);
    }
    return state;
}

/* Wireshark's name for the port ("https" for UDP 443), or "port-11443"
 * where it has none. The other transport's name counts too: IANA names a
 * port's service for both, and the table of Wireshark 4.4 and later lacks
 * some UDP names that 4.0's has (UDP 443 among them). */
static char *
port_service(apple_transport_t t, uint16_t port)
{
    const char *name = try_serv_name_lookup(t == APPLE_TCP ? PT_TCP : PT_UDP, port);

    if (!name)
        name = try_serv_name_lookup(t == APPLE_TCP ? PT_UDP : PT_TCP, port);

    return name ? wmem_strdup(wmem_file_scope(), name)
                : wmem_strdup_printf(wmem_file_scope(), "port-%u", (unsigned)port);
}

/* Feeds this frame's segment to the flow's inspector, on its first
 * dissection; keeps the name it finds. */
static void
inspect(flow_state_t *state, packet_info *pinfo, apple_transport_t t, const apple_frame_segment_t *seg,
        const uint8_t *payload)
{
    apple_segment_t segment;
    apple_inspect_result_t result;

    segment.direction = from_first_sender(pinfo, state) ? APPLE_FROM_A : APPLE_FROM_B;
    segment.syn = t == APPLE_TCP && (seg->tcp_flags & 0x02);
    segment.fin = t == APPLE_TCP && (seg->tcp_flags & 0x01);
    segment.rst = t == APPLE_TCP && (seg->tcp_flags & 0x04);
    segment.seq = seg->tcp_seq;
    segment.payload = payload;
    segment.len = seg->payload_len;
    if (!apple_inspector_feed(state->inspector, &segment, &result))
        return;
    apple_inspector_free(state->inspector);
    state->inspector = NULL;
    if (result.kind != APPLE_NAME_NONE) {
        flow_evidence_t *evidence = evidence_of(state);
        bool server_is_b = result.sent == APPLE_FROM_A;
        bool server_is_src = server_is_b != (segment.direction == APPLE_FROM_A);

        evidence->name_kind = result.kind;
        evidence->name_sent = result.sent;
        evidence->name_frame = pinfo->num;
        evidence->name = wmem_strdup(wmem_file_scope(), result.name);
        evidence->service = port_service(t, (uint16_t)(server_is_src ? pinfo->srcport
                                                                      : pinfo->destport));
        evidence->generation = 0;                               /* not looked up yet */
    }
}

/* The host lookups of the flow's names, against the host tables as they
 * are (hosts_generation starts at 1: 0 means never looked up). */
static void
look_up_names(flow_evidence_t *e)
{
    if (e->generation == config.hosts_generation)
        return;
    e->name_apple = e->name && apple_hosts_lookup(config.hosts, e->name, &e->name_match);
    for (int i = 0; i < 2; i++)
        e->dns_apple[i] = e->dns[i].name && apple_hosts_lookup(config.hosts, e->dns[i].name,
                                                               &e->dns_match[i]);
    e->generation = config.hosts_generation;
}

/* --- the decision ------------------------------------------------------- */

/* IPv4 multicast or limited broadcast, IPv6 multicast. */
static bool
address_is_group(const address *addr)
{
    const uint8_t *d = (const uint8_t *)addr->data;

    if (addr->type == AT_IPv4 && addr->len == 4)
        return (d[0] & 0xf0) == 0xe0 || (d[0] == 0xff && d[1] == 0xff && d[2] == 0xff && d[3] == 0xff);
    if (addr->type == AT_IPv6 && addr->len == 16)
        return d[0] == 0xff;
    return false;
}

static bool
in_icmp_error(const packet_info *pinfo)
{
    for (wmem_list_frame_t *layer = wmem_list_head(pinfo->layers); layer;
         layer = wmem_list_frame_next(layer)) {
        int proto = GPOINTER_TO_INT(wmem_list_frame_data(layer));
        if (proto == proto_icmp || proto == proto_icmpv6)
            return true;
    }
    return false;
}

/* Which end is the server when both ends use the server port. */
static bool
server_is_src_of_equal_ports(packet_info *pinfo, const flow_state_t *state)
{
    apple_flow_ends_t ends;

    ends.src_is_group = address_is_group(&pinfo->src);
    ends.dst_is_group = address_is_group(&pinfo->dst);
    /* without a conversation (none should be missing), the packet is the first */
    ends.src_sent_first = !state || from_first_sender(pinfo, state);
    return apple_flow_server_is_src((uint16_t)pinfo->srcport, (uint16_t)pinfo->destport,
                                    (uint16_t)pinfo->srcport, &ends);
}

/* A label by the flow's Apple server name, where no row labels it. */
static bool
label_by_name(packet_info *pinfo, const flow_state_t *state, apple_label_t *label)
{
    const flow_evidence_t *e = state ? state->evidence : NULL;
    bool server_is_b;

    if (!e || !e->name || !e->name_apple)
        return false;
    server_is_b = e->name_sent == APPLE_FROM_A;
    label->source = APPLE_LABEL_NAME;
    label->server_is_src = server_is_b != from_first_sender(pinfo, state);
    label->flow.match = NULL;
    label->flow.server_port = (uint16_t)(label->server_is_src ? pinfo->srcport : pinfo->destport);
    label->flow.server_by = (apple_server_by_t)APPLE_SERVER_BY_NAME;
    label->service = e->service;
    return true;
}

/* A port that names a service of the table's (a row narrower than the wide
 * ranges, which ephemeral ports fall in). */
static bool
table_port(apple_transport_t t, uint16_t port)
{
    const apple_match_t *match = apple_index_lookup(config.index, t, port);

    for (size_t r = 0; match && r < match->n_rows; r++)
        if (!apple_row_is_wide(match->rows[r]))
            return true;
    return false;
}

static bool
user_row_labels(const apple_label_t *label)
{
    const apple_match_t *match = label->flow.match;

    for (size_t r = 0; match && r < match->n_rows; r++)
        if (match->rows[r]->from_user_table)
            return true;
    return false;
}

/* Which end of the flow, if any, runs an announced service: looked up
 * again only when the announcements have changed. */
static void
look_up_bonjour(packet_info *pinfo, flow_state_t *state, apple_transport_t t, uint16_t handshake_port)
{
    apple_bonjour_offer_info_t at_src, at_dst;
    uint16_t src_port = (uint16_t)pinfo->srcport, dst_port = (uint16_t)pinfo->destport;
    bool src, dst;
    int side;

    if (state->bonjour_version == apple_learn_bonjour_version())
        return;
    state->bonjour_version = apple_learn_bonjour_version();
    src = apple_learn_bonjour(t, &pinfo->src, src_port, state->first_frame, &at_src);
    dst = apple_learn_bonjour(t, &pinfo->dst, dst_port, state->first_frame, &at_dst);
    side = apple_flow_announced_side(src_port, dst_port, handshake_port, src, dst,
                                     table_port(t, src_port), table_port(t, dst_port));
    if (side == 0) {
        state->bonjour_end = -1;
        return;
    }
    state->bonjour = side > 0 ? at_src : at_dst;
    state->bonjour_end = (side > 0) == from_first_sender(pinfo, state) ? 0 : 1;
}

/* A label by the service announced at the flow's server end. */
static bool
label_by_bonjour(packet_info *pinfo, const flow_state_t *state, apple_label_t *label)
{
    if (!state || state->bonjour_end < 0)
        return false;
    label->source = APPLE_LABEL_BONJOUR;
    label->server_is_src = (state->bonjour_end == 0) == from_first_sender(pinfo, state);
    label->flow.match = NULL;
    label->flow.server_port = (uint16_t)(label->server_is_src ? pinfo->srcport : pinfo->destport);
    label->flow.server_by = (apple_server_by_t)APPLE_SERVER_BY_BONJOUR;
    label->bonjour = state->bonjour;
    label->service = state->bonjour.service;
    label->product = state->bonjour.known ? state->bonjour.known->product : NULL;
    return true;
}

/* An mDNS packet's own evidence: an Apple device's announcement (a
 * response), or a query for a type of Apple's own. An Apple device's query
 * for a generic type ("_spotify-connect._tcp") is not verified: the
 * question says nothing of Apple. */
static void
judge_mdns(packet_info *pinfo, const apple_mdns_message_t *message, apple_evidence_input_t *in)
{
    const apple_bonjour_device_t *sender =
        message->is_response ? apple_learn_bonjour_sender(pinfo, message) : NULL;

    in->bonjour = sender && sender->apple_by;
    for (size_t i = 0; i < message->n_queries && !in->apple_query; i++) {
        const apple_bonjour_type_t *type =
            apple_bonjour_type_lookup(message->queries[i], strlen(message->queries[i]));

        in->apple_query = type && type->kind != APPLE_BONJOUR_GENERIC;
    }
}

/* The evidence of the flow, and of the packet itself if it is a DNS lookup. */
static void
judge(packet_info *pinfo, flow_state_t *state, apple_label_t *label, const apple_learn_dns_t *dns)
{
    apple_evidence_input_t in;
    flow_evidence_t *e = state ? state->evidence : NULL;
    int server = 0;

    memset(&in, 0, sizeof in);
    in.push_service = push_service;
    if (e) {
        server = label->server_is_src == from_first_sender(pinfo, state) ? 0 : 1;
        in.network = e->network[server];
        if (e->name) {
            in.name_kind = e->name_kind;
            in.name = e->name;
            in.name_match = e->name_apple ? &e->name_match : NULL;
        }
        if (e->dns_apple[server]) {
            in.dns_name = e->dns[server].name;
            in.dns_match = &e->dns_match[server];
        }
        label->server_name = e->name;
        label->name_kind = e->name_kind;
        label->name_frame = e->name_frame;
        label->network = in.network;
        label->dns_frame = in.dns_name ? e->dns[server].frame : 0;
    }
    if (dns && dns->apple_question) {
        in.packet_name = dns->answers.question;
        in.packet_match = &dns->question_match;
    }
    if (label->mdns)
        judge_mdns(pinfo, label->mdns, &in);
    if (label->source == APPLE_LABEL_BONJOUR)
        in.bonjour = label->bonjour.device && label->bonjour.device->apple_by;
    apple_evidence_decide(&in, &label->verdict);
}

bool
apple_label_packet(packet_info *pinfo, tvbuff_t *tvb, apple_label_t *label)
{
    uint16_t src_port = (uint16_t)pinfo->srcport, dst_port = (uint16_t)pinfo->destport;
    uint16_t handshake_port = 0;
    conversation_t *conv = NULL;
    flow_state_t *state = NULL;
    apple_frame_segment_t segment;
    const uint8_t *payload = NULL;
    const apple_learn_dns_t *dns = NULL;
    bool by_table, dns_port = is_dns(src_port, dst_port);

    memset(label, 0, sizeof *label);
    if (pinfo->ptype == PT_TCP)
        label->transport = APPLE_TCP;
    else if (pinfo->ptype == PT_UDP)
        label->transport = APPLE_UDP;
    else
        return false;
    if (!config.index)
        return false;

    if (config.check_evidence) {
        bool mdns = is_mdns(label->transport, src_port, dst_port);

        /* An ICMP error quotes a TCP/UDP header and leaves its ports in
         * pinfo, but the packet itself belongs to no TCP or UDP flow. */
        if (in_icmp_error(pinfo))
            return false;
        conv = find_flow(pinfo, label->transport);
        state = flow_state(pinfo, conv, label->transport);
        if (state && (state->inspector || dns_port || mdns) &&
            apple_learn_payload(pinfo, tvb, label->transport, &segment, &payload)) {
            if (state->inspector && !PINFO_FD_VISITED(pinfo))
                inspect(state, pinfo, label->transport, &segment, payload);
            if (dns_port) {
                /* read once, for the answers (first pass) and the question (judge) */
                size_t len = 0;
                const uint8_t *message = apple_learn_dns_message(label->transport, payload,
                                                                 segment.payload_len, &len);

                if (message)
                    dns = apple_learn_dns_read(message, len, config.hosts, pinfo->pool);
            }
            if (dns && !PINFO_FD_VISITED(pinfo))
                apple_learn_dns_answers(dns, pinfo->num);
            if (mdns) {
                label->mdns = apple_learn_mdns_message(payload, segment.payload_len, pinfo->pool);
                if (label->mdns)
                    apple_learn_bonjour_announcements(pinfo, &segment, label->mdns);
            }
        }
        if (state && state->evidence)
            look_up_names(state->evidence);
    } else if (!apple_flow_may_match(config.index, label->transport, src_port, dst_port)) {
        /* Most packets stop here: neither port is in the table. */
        return false;
    } else if (label->transport == APPLE_TCP || apple_flow_needs_ends(src_port, dst_port)) {
        conv = find_flow(pinfo, label->transport);
        if (apple_flow_needs_ends(src_port, dst_port))
            state = flow_state(pinfo, conv, label->transport);
    }

    if (label->transport == APPLE_TCP)
        handshake_port = tcp_handshake_server_port(conv);
    by_table = apple_flow_label(config.index, label->transport, src_port, dst_port, handshake_port,
                                &label->flow);
    if (by_table) {
        /* Checked after the port lookups when evidence is off: it walks the layers. */
        if (!config.check_evidence && in_icmp_error(pinfo))
            return false;
        label->source = APPLE_LABEL_TABLE;
        if (apple_flow_needs_ends(src_port, dst_port))
            label->server_is_src = server_is_src_of_equal_ports(pinfo, state);
        else
            label->server_is_src = src_port == label->flow.server_port;
    }
    if (config.check_evidence && state && !user_row_labels(label)) {
        /* a user row comes first, then what Bonjour announced, then the table */
        look_up_bonjour(pinfo, state, label->transport, handshake_port);
        if (label_by_bonjour(pinfo, state, label))
            by_table = true;
    }
    if (!by_table && (!config.check_evidence || !label_by_name(pinfo, state, label)))
        return false;
    if (config.check_evidence)
        judge(pinfo, state, label, dns);
    return true;
}

bool
apple_label_by_port(packet_info *pinfo, apple_label_t *label)
{
    uint16_t src_port = (uint16_t)pinfo->srcport, dst_port = (uint16_t)pinfo->destport;
    conversation_t *conv = NULL;

    memset(label, 0, sizeof *label);
    if (pinfo->ptype == PT_TCP)
        label->transport = APPLE_TCP;
    else if (pinfo->ptype == PT_UDP)
        label->transport = APPLE_UDP;
    else
        return false;
    if (!config.index || !apple_flow_may_match(config.index, label->transport, src_port, dst_port))
        return false;
    if (label->transport == APPLE_TCP || apple_flow_needs_ends(src_port, dst_port))
        conv = find_flow(pinfo, label->transport);
    if (!apple_flow_label(config.index, label->transport, src_port, dst_port,
                          label->transport == APPLE_TCP ? tcp_handshake_server_port(conv) : 0,
                          &label->flow) || in_icmp_error(pinfo))
        return false;
    label->source = APPLE_LABEL_TABLE;
    if (apple_flow_needs_ends(src_port, dst_port))
        label->server_is_src = server_is_src_of_equal_ports(
            pinfo, conv ? (const flow_state_t *)conversation_get_proto_data(conv, proto_apple) : NULL);
    else
        label->server_is_src = src_port == label->flow.server_port;
    return true;
}

const address *
apple_label_server(const packet_info *pinfo, const apple_label_t *label)
{
    return label->server_is_src ? &pinfo->src : &pinfo->dst;
}

const address *
apple_label_client(const packet_info *pinfo, const apple_label_t *label)
{
    return label->server_is_src ? &pinfo->dst : &pinfo->src;
}

uint16_t
apple_label_client_port(const packet_info *pinfo, const apple_label_t *label)
{
    return (uint16_t)(label->server_is_src ? pinfo->destport : pinfo->srcport);
}
