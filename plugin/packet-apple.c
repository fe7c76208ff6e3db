/* packet-apple.c
 * Apple Services: a postdissector that labels every TCP and UDP flow whose
 * server port is in Apple's "TCP and UDP ports used by Apple software
 * products" with the service and the products that use it.
 *
 * The table, the port index and the server-side choice are plain C in
 * core/; this file connects them to Wireshark: fields, preferences, the
 * Info column, the tree and the tap.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/prefs.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-tcp.h>

#include "packet-apple.h"
#include "apple-heur.h"
#include "apple-tap.h"
#include "apple-user-table.h"

static int proto_apple = -1;
static int proto_tcp   = -1;
static int apple_tap   = -1;

static int hf_apple_port       = -1;
static int hf_apple_server_by  = -1;
static int hf_apple_service    = -1;
static int hf_apple_protocol   = -1;
static int hf_apple_rfc        = -1;
static int hf_apple_range      = -1;
static int hf_apple_row        = -1;
static int hf_apple_user_row   = -1;
static int hf_apple_product    = -1;
static int hf_apple_qualifier  = -1;

static gint ett_apple         = -1;
static gint ett_apple_row     = -1;
static gint ett_apple_product = -1;

static const value_string server_by_vals[] = {
    { APPLE_SERVER_BY_HANDSHAKE,  "TCP handshake (port the SYN was sent to)" },
    { APPLE_SERVER_BY_LOWER_PORT, "Lower port (no handshake seen)" },
    { 0, NULL }
};

/* Preferences */
static gint            pref_language    = APPLE_LANG_EN;
static apple_ws_bool_t pref_info_tag    = TRUE;
static apple_ws_bool_t pref_wide_ranges = TRUE;

static const enum_val_t language_vals[] = {
    { "en", "English", APPLE_LANG_EN },
    { "da", "Danish", APPLE_LANG_DA },
    { NULL, NULL, -1 }
};

/* Rebuilt when the preferences or the user table change; read-only while
 * dissecting. Its language is the one the preferences had then. */
static apple_index_t *apple_index;
static apple_lang_t   index_lang = APPLE_LANG_EN;

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

static int proto_icmp   = -1;
static int proto_icmpv6 = -1;

static gboolean
in_icmp_error(packet_info *pinfo)
{
    for (wmem_list_frame_t *layer = wmem_list_head(pinfo->layers); layer;
         layer = wmem_list_frame_next(layer)) {
        int proto = GPOINTER_TO_INT(wmem_list_frame_data(layer));
        if (proto == proto_icmp || proto == proto_icmpv6)
            return TRUE;
    }
    return FALSE;
}

bool
apple_label_packet(packet_info *pinfo, apple_transport_t *t, apple_flow_label_t *label)
{
    guint16 handshake_port = 0;

    if (pinfo->ptype == PT_TCP)
        *t = APPLE_TCP;
    else if (pinfo->ptype == PT_UDP)
        *t = APPLE_UDP;
    else
        return false;

    /* Most packets stop here: neither port is in the table. */
    if (!apple_index || !apple_flow_may_match(apple_index, *t, (guint16)pinfo->srcport,
                                              (guint16)pinfo->destport))
        return false;

    if (*t == APPLE_TCP)
        handshake_port = tcp_handshake_server_port(pinfo);
    if (!apple_flow_label(apple_index, *t, (guint16)pinfo->srcport, (guint16)pinfo->destport,
                          handshake_port, label))
        return false;

    /* An ICMP error quotes a TCP/UDP header and leaves its ports in pinfo,
     * but the packet itself belongs to no TCP or UDP flow. Checked last: it
     * walks the packet's layers. */
    return !in_icmp_error(pinfo);
}

static void
add_products(proto_tree *tree, tvbuff_t *tvb, const apple_row_t *row)
{
    const apple_product_t *products = row->products[index_lang];

    for (size_t p = 0; p < row->n_products; p++) {
        proto_item *ti = proto_tree_add_string(tree, hf_apple_product, tvb, 0, 0,
                                               products[p].name);
        proto_tree *product_tree;

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

/* Every text comes ready-made from the index: a -T fields or -V run adds
 * these items to every labelled packet. */
static void
add_row(proto_tree *tree, tvbuff_t *tvb, const apple_match_t *match, size_t r)
{
    const apple_row_t *row = match->rows[r];
    const char *protocol = row->protocol[index_lang];
    proto_item *ti;
    proto_tree *row_tree;

    ti = proto_tree_add_string_format_value(tree, hf_apple_service, tvb, 0, 0, row->service,
                                            "%s", match->row_titles[r]);
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
    if (match->row_ranges[r]) {
        ti = proto_tree_add_string(row_tree, hf_apple_range, tvb, 0, 0, match->row_ranges[r]);
        proto_item_set_generated(ti);
    }
    ti = proto_tree_add_uint(row_tree, row->from_user_table ? hf_apple_user_row : hf_apple_row,
                             tvb, 0, 0, row->number);
    proto_item_set_generated(ti);
    add_products(row_tree, tvb, row);
}

static void
add_tree(proto_tree *tree, tvbuff_t *tvb, const apple_flow_label_t *label)
{
    const apple_match_t *match = label->match;
    proto_item *ti;
    proto_tree *apple_tree;

    ti = proto_tree_add_protocol_format(tree, proto_apple, tvb, 0, 0, "Apple Services: %s",
                                        match->summary);
    proto_item_set_generated(ti);
    apple_tree = proto_item_add_subtree(ti, ett_apple);

    ti = proto_tree_add_uint(apple_tree, hf_apple_port, tvb, 0, 0, label->server_port);
    proto_item_set_generated(ti);
    ti = proto_tree_add_uint(apple_tree, hf_apple_server_by, tvb, 0, 0, label->server_by);
    proto_item_set_generated(ti);
    for (size_t r = 0; r < match->n_rows; r++)
        add_row(apple_tree, tvb, match, r);
}

static int
dissect_apple(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    apple_transport_t  t;
    apple_flow_label_t label;

    if (!apple_label_packet(pinfo, &t, &label))
        return 0;

    /* The cheap part runs on every pass, with or without a tree. */
    if (pref_info_tag)
        col_append_str(pinfo->cinfo, COL_INFO, label.match->tag);
    if (have_tap_listener(apple_tap)) {
        apple_tap_info_t *info = wmem_new(pinfo->pool, apple_tap_info_t);
        info->transport = t;
        info->label     = label;
        info->frame_len = pinfo->fd->pkt_len;
        tap_queue_packet(apple_tap, pinfo, info);
    }
    /* False for no tree, and for a faked one that wants no apple field
     * (-Y frame, colouring rules): then the items would be thrown away. */
    if (proto_field_is_referenced(tree, proto_apple))
        add_tree(tree, tvb, &label);
    return tvb_captured_length(tvb);
}

/* Built-in rows, then the user table's: the index lets a user row replace
 * built-in ones on its ports. */
static void
rebuild_index(void)
{
    size_t n_builtin = apple_builtin_row_count;
    size_t n_user = apple_user_table_count();
    const apple_row_t **rows = g_new(const apple_row_t *, n_builtin + n_user);
    apple_index_options_t options;

    for (size_t i = 0; i < n_builtin; i++)
        rows[i] = &apple_builtin_rows[i];
    for (size_t i = 0; i < n_user; i++)
        rows[n_builtin + i] = apple_user_table_row(i);

    options.lang = (apple_lang_t)pref_language;
    options.wide_ranges = pref_wide_ranges;
    apple_index_free(apple_index);
    apple_index = apple_index_new(rows, n_builtin + n_user, &options);
    index_lang = options.lang;
    g_free(rows);
    if (!apple_index)
        ws_warning("Apple Services: out of memory building the port index; no labels");
}

/* At the start of every dissection: the user table and the preferences are
 * all loaded by then, whatever path they came in by. */
static void
apple_init(void)
{
    apple_user_table_refresh();
    rebuild_index();
}

static void
apple_shutdown(void)
{
    apple_index_free(apple_index);
    apple_index = NULL;
}

static void
register_preferences(void)
{
    module_t *module = prefs_register_protocol(proto_apple, rebuild_index);

    prefs_register_enum_preference(module, "language", "Label language",
        "Language of the service text, products and qualifiers: English, or Danish as "
        "printed in Apple's Danish table (apple.service is the same in both)",
        &pref_language, language_vals, FALSE);
    prefs_register_bool_preference(module, "info_tag", "Tag the Info column",
        "Append \"[Apple service: products]\" to the Info column of labelled packets",
        &pref_info_tag);
    prefs_register_bool_preference(module, "wide_ranges", "Label the wide port ranges",
        "Label flows on the table's rows of 1000 ports or more (Xsan 49152-65535, "
        "8000-8999, 42000-42999). Turn off if clients on your network take ephemeral "
        "ports there and you see flows without a handshake labelled by their client port",
        &pref_wide_ranges);
    apple_user_table_register(module, rebuild_index);
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
        { &hf_apple_user_row,
          { "User table row", "apple.user_row", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The label comes from the user port table (apple_ports), not Apple's table: "
            "the row's position among the table's valid rows", HFILL }},
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
    register_preferences();
    apple_heur_register(proto_apple);

    apple_handle = create_dissector_handle(dissect_apple, proto_apple);
    register_postdissector(apple_handle);
    apple_tap = register_tap(APPLE_TAP_NAME);
    register_init_routine(apple_init);
    register_shutdown_routine(apple_shutdown);
}

void
proto_reg_handoff_apple(void)
{
    proto_tcp    = proto_get_id_by_filter_name("tcp");
    proto_icmp   = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    apple_heur_handoff();
    rebuild_index();
}
