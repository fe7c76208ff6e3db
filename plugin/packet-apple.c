/* packet-apple.c
 * Apple Services: a postdissector that labels every TCP and UDP flow whose
 * server port is in Apple's "TCP and UDP ports used by Apple software
 * products" with the service and the products that use it.
 *
 * The table, the port index and the server-side choice are plain C in
 * core/; this file only connects them to Wireshark.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-tcp.h>

#include "packet-apple.h"
#include "apple-tap.h"

static int proto_apple = -1;
static int proto_tcp   = -1;
static int apple_tap   = -1;

static int hf_apple_port      = -1;
static int hf_apple_server_by = -1;
static int hf_apple_service   = -1;
static int hf_apple_protocol  = -1;
static int hf_apple_rfc       = -1;
static int hf_apple_range     = -1;
static int hf_apple_row       = -1;
static int hf_apple_product   = -1;
static int hf_apple_qualifier = -1;

static gint ett_apple         = -1;
static gint ett_apple_row     = -1;
static gint ett_apple_product = -1;

static const value_string server_by_vals[] = {
    { APPLE_SERVER_BY_HANDSHAKE,  "TCP handshake (port the SYN was sent to)" },
    { APPLE_SERVER_BY_LOWER_PORT, "Lower port (no handshake seen)" },
    { 0, NULL }
};

/* Built from the table when the plugin starts; read-only while dissecting. */
static apple_index_t      *apple_index;
static const apple_row_t **apple_rows;
static apple_lang_t        apple_lang = APPLE_LANG_EN;

/* The server port TCP's own analysis learned from SYN / SYN-ACK, 0 if the
 * capture has no handshake. TCP's conversations are looked up exactly as TCP
 * does it, which never creates or alters one (unlike get_tcp_conversation_data). */
static guint16
tcp_handshake_server_port(packet_info *pinfo)
{
    conversation_t      *conv;
    struct tcp_analysis *tcpd;

    conv = find_conversation(pinfo->num, &pinfo->src, &pinfo->dst, CONVERSATION_TCP,
                             pinfo->srcport, pinfo->destport, 0);
    if (!conv)
        return 0;
    tcpd = (struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp);
    return tcpd ? tcpd->server_port : 0;
}

/* "443" or "16384-16403" */
static const char *
row_ports(wmem_allocator_t *scope, const apple_row_t *row)
{
    if (apple_row_is_range(row))
        return wmem_strdup_printf(scope, "%u-%u", (unsigned)row->port_first,
                                  (unsigned)row->port_last);
    return wmem_strdup_printf(scope, "%u", (unsigned)row->port_first);
}

static void
add_row(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const apple_row_t *row,
        apple_transport_t t)
{
    proto_item *ti;
    proto_tree *row_tree;
    const apple_product_t *products = row->products[apple_lang];
    const char *protocol = row->protocol[apple_lang];
    const char *ports = row_ports(pinfo->pool, row);

    ti = proto_tree_add_string_format_value(tree, hf_apple_service, tvb, 0, 0, row->service,
            "%s (%s %s)", row->service, t == APPLE_TCP ? "TCP" : "UDP", ports);
    proto_item_set_generated(ti);
    row_tree = proto_item_add_subtree(ti, ett_apple_row);

    if (protocol) {
        ti = proto_tree_add_string(row_tree, hf_apple_protocol, tvb, 0, 0, protocol);
        proto_item_set_generated(ti);
    }
    if (row->rfc) {
        ti = proto_tree_add_uint(row_tree, hf_apple_rfc, tvb, 0, 0, row->rfc);
        proto_item_set_generated(ti);
    }
    if (apple_row_is_range(row)) {
        ti = proto_tree_add_string(row_tree, hf_apple_range, tvb, 0, 0, ports);
        proto_item_set_generated(ti);
    }
    if (row->number) {
        ti = proto_tree_add_uint(row_tree, hf_apple_row, tvb, 0, 0, row->number);
        proto_item_set_generated(ti);
    }
    for (size_t p = 0; p < row->n_products; p++) {
        proto_tree *product_tree;

        ti = proto_tree_add_string(row_tree, hf_apple_product, tvb, 0, 0, products[p].name);
        proto_item_set_generated(ti);
        if (products[p].n_qualifiers == 0)
            continue;
        product_tree = proto_item_add_subtree(ti, ett_apple_product);
        for (size_t q = 0; q < products[p].n_qualifiers; q++) {
            ti = proto_tree_add_string(product_tree, hf_apple_qualifier, tvb, 0, 0,
                                       products[p].qualifiers[q]);
            proto_item_set_generated(ti);
        }
    }
}

static int
dissect_apple(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    apple_transport_t  t;
    apple_flow_label_t label;
    guint16            handshake_port = 0;
    proto_item        *ti;
    proto_tree        *apple_tree;

    if (pinfo->ptype == PT_TCP)
        t = APPLE_TCP;
    else if (pinfo->ptype == PT_UDP)
        t = APPLE_UDP;
    else
        return 0;

    /* Most packets stop here: neither port is in the table. */
    if (!apple_index || !apple_flow_may_match(apple_index, t, (guint16)pinfo->srcport,
                                              (guint16)pinfo->destport))
        return 0;

    /* An ICMP error quotes a TCP/UDP header and leaves its ports in pinfo,
     * but the packet itself belongs to no TCP or UDP flow. */
    if (proto_is_frame_protocol(pinfo->layers, "icmp") ||
        proto_is_frame_protocol(pinfo->layers, "icmpv6"))
        return 0;

    if (t == APPLE_TCP)
        handshake_port = tcp_handshake_server_port(pinfo);
    if (!apple_flow_label(apple_index, t, (guint16)pinfo->srcport, (guint16)pinfo->destport,
                          handshake_port, &label))
        return 0;

    col_append_str(pinfo->cinfo, COL_INFO, label.match->tag);

    if (have_tap_listener(apple_tap)) {
        apple_tap_info_t *info = wmem_new(pinfo->pool, apple_tap_info_t);
        info->transport = t;
        info->label     = label;
        info->lang      = apple_lang;
        info->frame_len = pinfo->fd->pkt_len;
        tap_queue_packet(apple_tap, pinfo, info);
    }

    if (!tree)
        return tvb_captured_length(tvb);

    ti = proto_tree_add_item(tree, proto_apple, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    apple_tree = proto_item_add_subtree(ti, ett_apple);
    /* the tag without its " [Apple " and "]": "https: TLS websites, ..." */
    proto_item_append_text(ti, ": %.*s", (int)strlen(label.match->tag) - 9,
                           label.match->tag + 8);

    ti = proto_tree_add_uint(apple_tree, hf_apple_port, tvb, 0, 0, label.server_port);
    proto_item_set_generated(ti);
    ti = proto_tree_add_uint(apple_tree, hf_apple_server_by, tvb, 0, 0, label.server_by);
    proto_item_set_generated(ti);
    for (size_t r = 0; r < label.match->n_rows; r++)
        add_row(apple_tree, tvb, pinfo, label.match->rows[r], t);

    return tvb_captured_length(tvb);
}

static void
apple_build_index(void)
{
    apple_index_options_t options = { apple_lang, TRUE };

    apple_index_free(apple_index);
    apple_index = NULL;
    if (!apple_rows)
        apple_rows = apple_builtin_row_list();
    if (apple_rows)
        apple_index = apple_index_new(apple_rows, apple_builtin_row_count, &options);
    if (!apple_index)
        ws_warning("Apple Services: out of memory building the port index; no labels");
}

static void
apple_shutdown(void)
{
    apple_index_free(apple_index);
    apple_index = NULL;
    free((void *)apple_rows);
    apple_rows = NULL;
}

void
proto_register_apple(void)
{
    static hf_register_info hf[] = {
        { &hf_apple_port,
          { "Server port", "apple.port", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The flow's server port, whose row(s) of Apple's port table label the flow", HFILL }},
        { &hf_apple_server_by,
          { "Server side decided by", "apple.server_by", FT_UINT8, BASE_DEC,
            VALS(server_by_vals), 0x0,
            "How the server end of the flow was chosen: 1 = TCP handshake, 2 = lower port", HFILL }},
        { &hf_apple_service,
          { "Service", "apple.service", FT_STRING, BASE_NONE, NULL, 0x0,
            "Short language-neutral name of a matching table row (IANA's service name where "
            "the row has one); one per matching row", HFILL }},
        { &hf_apple_protocol,
          { "Service or protocol", "apple.protocol", FT_STRING, BASE_NONE, NULL, 0x0,
            "The row's service or protocol name as Apple's table gives it", HFILL }},
        { &hf_apple_rfc,
          { "RFC", "apple.rfc", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The RFC that defines the row's service or protocol", HFILL }},
        { &hf_apple_range,
          { "Port range", "apple.range", FT_STRING, BASE_NONE, NULL, 0x0,
            "The row's port range, for rows that cover more than one port", HFILL }},
        { &hf_apple_row,
          { "Table row", "apple.row", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Position of the row in Apple's table, counted from 1 in the table's order", HFILL }},
        { &hf_apple_product,
          { "Product", "apple.product", FT_STRING, BASE_NONE, NULL, 0x0,
            "An Apple product or feature that uses the row's port, once per product", HFILL }},
        { &hf_apple_qualifier,
          { "Used for", "apple.qualifier", FT_STRING, BASE_NONE, NULL, 0x0,
            "What the product uses the port for, where the table says "
            "(\"sending email\", \"hosted and remote Git+SSH\")", HFILL }},
    };
    static gint *ett[] = {
        &ett_apple,
        &ett_apple_row,
        &ett_apple_product,
    };
    dissector_handle_t apple_handle;

    proto_apple = proto_register_protocol("Apple Services", "Apple", "apple");
    proto_register_field_array(proto_apple, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    apple_handle = create_dissector_handle(dissect_apple, proto_apple);
    register_postdissector(apple_handle);
    apple_tap = register_tap(APPLE_TAP_NAME);
    register_shutdown_routine(apple_shutdown);
}

void
proto_reg_handoff_apple(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    apple_build_index();
}
