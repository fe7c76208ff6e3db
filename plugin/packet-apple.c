/* packet-apple.c
 * Apple Services: a postdissector that labels every TCP and UDP flow whose
 * server port is in Apple's "TCP and UDP ports used by Apple software
 * products" with the service and the products that use it, and says, from
 * the evidence the capture holds (server names, DNS answers, Apple's
 * address blocks), which flows are Apple's own.
 *
 * This file registers the protocol, its fields and preferences, and writes
 * what a labelled packet shows: the Info column tag, the tree and the tap.
 * The decision itself is apple-label.c's; the tables, lookups and parsers
 * are plain C in core/.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/tap.h>

#include "packet-apple.h"
#include "apple-heur.h"
#include "apple-label.h"
#include "apple-learn.h"
#include "apple-tap.h"
#include "apple-user-hosts.h"
#include "apple-user-table.h"

static int proto_apple = -1;
static int apple_tap   = -1;

static int hf_apple_port             = -1;
static int hf_apple_server_by        = -1;
static int hf_apple_to_server        = -1;
static int hf_apple_service          = -1;
static int hf_apple_row              = -1;
static int hf_apple_user_row         = -1;
static int hf_apple_protocol         = -1;
static int hf_apple_rfc              = -1;
static int hf_apple_range            = -1;
static int hf_apple_product          = -1;
static int hf_apple_qualifier        = -1;
static int hf_apple_verified         = -1;
static int hf_apple_evidence         = -1;
static int hf_apple_evidence_frame   = -1;
static int hf_apple_evidence_block   = -1;
static int hf_apple_host             = -1;
static int hf_apple_host_service     = -1;
static int hf_apple_server_name      = -1;
static int hf_apple_bonjour_type     = -1;
static int hf_apple_bonjour_instance = -1;
static int hf_apple_bonjour_frame    = -1;
static int hf_apple_bonjour_target   = -1;
static int hf_apple_bonjour_port     = -1;
static int hf_apple_bonjour_model    = -1;
static int hf_apple_bonjour_query    = -1;

static int ett_apple          = -1;
static int ett_apple_row      = -1;
static int ett_apple_product  = -1;
static int ett_apple_evidence = -1;
static int ett_apple_bonjour  = -1;

static const value_string server_by_vals[] = {
    { APPLE_SERVER_BY_HANDSHAKE,  "TCP handshake (port the SYN was sent to)" },
    { APPLE_SERVER_BY_LOWER_PORT, "Lower port (no handshake seen)" },
    { APPLE_SERVER_BY_NAME,       "Receiver of the server name (ClientHello or HTTP request)" },
    { APPLE_SERVER_BY_BONJOUR,    "The endpoint a Bonjour announcement named" },
    { 0, NULL }
};

/* Preferences */
static int             pref_language       = APPLE_LANG_EN;
static apple_ws_bool_t pref_info_tag       = true;
static apple_ws_bool_t pref_port_only_tag  = true;
static apple_ws_bool_t pref_wide_ranges    = true;
static apple_ws_bool_t pref_check_evidence = true;

static const enum_val_t language_vals[] = {
    { "en", "English", APPLE_LANG_EN },
    { "da", "Danish", APPLE_LANG_DA },
    { NULL, NULL, -1 }
};

/* Rebuilt when the preferences or the user tables change; read-only while
 * dissecting. Their language is the one the preferences had then. */
static apple_index_t      *apple_index;
static apple_host_table_t *apple_hosts;
static unsigned            hosts_generation;
static apple_lang_t        index_lang = APPLE_LANG_EN;

/* --- the Info column ------------------------------------------------------ */

static const char *
host_service_name(const apple_host_service_t *service)
{
    const char *name = service->name[index_lang];
    return name ? name : service->name[APPLE_LANG_EN];
}

/* " [Apple https ✓ iCloud]": the services, then what Apple says the host
 * is for. Pieces appended, not formatted, and in one call: it runs on
 * every packet, and each append walks the whole column. */
static void
append_verified_tag(packet_info *pinfo, const apple_label_t *label)
{
    const apple_verdict_t *v = &label->verdict;
    const char *what = "", *space = "";
    char more[16] = "";

    if (v->n_services) {
        space = " ";
        what = host_service_name(v->services[0]);
        if (v->n_services > 1)
            snprintf(more, sizeof more, ", +%u", (unsigned)(v->n_services - 1));
    } else if (label->product) {
        space = " ";
        what = label->product;
    }
    col_append_lstr(pinfo->cinfo, COL_INFO, " [Apple ",
                    label->source == APPLE_LABEL_TABLE ? label->flow.match->texts->service_list
                                                       : label->service,
                    " \xe2\x9c\x93", space, what, more, "]",      /* ✓ */
                    COL_ADD_LSTR_TERMINATOR);
}

static void
append_tag(packet_info *pinfo, const apple_label_t *label)
{
    if (!pref_info_tag)
        return;
    if (!pref_check_evidence)
        col_append_str(pinfo->cinfo, COL_INFO, label->flow.match->texts->tag);
    else if (label->verdict.verified)
        append_verified_tag(pinfo, label);
    else if (pref_port_only_tag && label->source == APPLE_LABEL_TABLE)
        col_append_str(pinfo->cinfo, COL_INFO, label->flow.match->texts->tag_port_only);
    else if (pref_port_only_tag && label->source == APPLE_LABEL_BONJOUR)
        col_append_fstr(pinfo->cinfo, COL_INFO, " [Apple? %s]", label->service);
}

/* --- the tree ----------------------------------------------------------- */

static void
add_generated_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *value)
{
    proto_item_set_generated(proto_tree_add_string(tree, hf, tvb, 0, 0, value));
}

static void
add_generated_uint(proto_tree *tree, int hf, tvbuff_t *tvb, uint32_t value)
{
    proto_item_set_generated(proto_tree_add_uint(tree, hf, tvb, 0, 0, value));
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
        for (size_t q = 0; q < products[p].n_qualifiers; q++)
            add_generated_string(product_tree, hf_apple_qualifier, tvb, products[p].qualifiers[q]);
    }
}

/* A matching row, with what it says, under its number. Every text comes
 * ready-made from the index: a -T fields or -V run adds these items to
 * every labelled packet. */
static void
add_row(proto_tree *tree, tvbuff_t *tvb, const apple_match_t *match, size_t r)
{
    const apple_row_t *row = match->rows[r];
    const char *protocol = row->protocol[index_lang];
    proto_item *ti;
    proto_tree *row_tree;

    ti = proto_tree_add_uint_format_value(tree, row->from_user_table ? hf_apple_user_row
                                                                     : hf_apple_row,
                                          tvb, 0, 0, row->number, "%u: %s", row->number,
                                          match->texts->row_titles[r]);
    proto_item_set_generated(ti);
    row_tree = proto_item_add_subtree(ti, ett_apple_row);
    if (protocol)
        add_generated_string(row_tree, hf_apple_protocol, tvb, protocol);
    if (row->rfc)
        add_generated_uint(row_tree, hf_apple_rfc, tvb, row->rfc);
    if (match->texts->row_ranges[r])
        add_generated_string(row_tree, hf_apple_range, tvb, match->texts->row_ranges[r]);
    add_products(row_tree, tvb, row);
}

static void
add_evidence(proto_tree *tree, tvbuff_t *tvb, const apple_label_t *label)
{
    const apple_verdict_t *v = &label->verdict;

    if (v->verified)
        proto_item_set_generated(proto_tree_add_boolean(tree, hf_apple_verified, tvb, 0, 0, true));
    for (unsigned i = 0; i < APPLE_EVIDENCE_KINDS; i++) {
        unsigned kind = 1u << i;
        proto_item *ti;
        proto_tree *detail;

        if (!(v->kinds & kind))
            continue;
        ti = proto_tree_add_string(tree, hf_apple_evidence, tvb, 0, 0, apple_evidence_name(i));
        proto_item_set_generated(ti);
        detail = proto_item_add_subtree(ti, ett_apple_evidence);
        if (kind == APPLE_EVIDENCE_ADDRESS && label->network) {
            add_generated_string(detail, hf_apple_evidence_block, tvb, label->network->text);
        } else if (kind == APPLE_EVIDENCE_DNS && label->dns_frame) {
            proto_item_set_generated(proto_tree_add_uint(detail, hf_apple_evidence_frame, tvb, 0, 0,
                                                         label->dns_frame));
        } else if ((kind & (APPLE_EVIDENCE_TLS_SNI | APPLE_EVIDENCE_QUIC_SNI |
                            APPLE_EVIDENCE_HTTP_HOST)) && label->name_frame) {
            proto_item_set_generated(proto_tree_add_uint(detail, hf_apple_evidence_frame, tvb, 0, 0,
                                                         label->name_frame));
        }
    }
    if (v->host)
        add_generated_string(tree, hf_apple_host, tvb, v->host);
    for (size_t i = 0; i < v->n_services; i++)
        add_generated_string(tree, hf_apple_host_service, tvb, host_service_name(v->services[i]));
    if (label->server_name)
        add_generated_string(tree, hf_apple_server_name, tvb, label->server_name);
}

/* What a flow's announcement said, with a link to its frame. */
static void
add_announced(proto_tree *tree, tvbuff_t *tvb, const apple_label_t *label)
{
    const apple_bonjour_offer_info_t *b = &label->bonjour;
    proto_item *ti = proto_tree_add_string(tree, hf_apple_bonjour_type, tvb, 0, 0, b->type);
    proto_tree *detail = proto_item_add_subtree(ti, ett_apple_bonjour);

    proto_item_set_generated(ti);
    if (b->instance)
        add_generated_string(detail, hf_apple_bonjour_instance, tvb, b->instance);
    if (b->device && b->device->model)
        add_generated_string(detail, hf_apple_bonjour_model, tvb, b->device->model);
    proto_item_set_generated(proto_tree_add_uint(detail, hf_apple_bonjour_frame, tvb, 0, 0, b->frame));
}

/* What an mDNS packet announces and asks for. */
static void
add_mdns(proto_tree *tree, tvbuff_t *tvb, const apple_mdns_message_t *m)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const apple_mdns_service_t *svc = &m->services[i];
        proto_item *ti = proto_tree_add_string_format_value(tree, hf_apple_bonjour_instance, tvb, 0, 0,
                                                            svc->instance, "%s (%s%s)", svc->instance,
                                                            svc->type, svc->ttl ? "" : ", goodbye");
        proto_tree *detail = proto_item_add_subtree(ti, ett_apple_bonjour);

        proto_item_set_generated(ti);
        add_generated_string(detail, hf_apple_bonjour_type, tvb, svc->type);
        add_generated_string(detail, hf_apple_bonjour_target, tvb, svc->target);
        add_generated_uint(detail, hf_apple_bonjour_port, tvb, svc->port);
        if (svc->model[0])
            add_generated_string(detail, hf_apple_bonjour_model, tvb, svc->model);
    }
    if (m->device_info_model[0])
        add_generated_string(tree, hf_apple_bonjour_model, tvb, m->device_info_model);
    for (size_t i = 0; i < m->n_queries; i++)
        add_generated_string(tree, hf_apple_bonjour_query, tvb, m->queries[i]);
}

static void
add_tree(proto_tree *tree, tvbuff_t *tvb, const apple_label_t *label)
{
    const apple_match_t *match = label->flow.match;
    proto_item *ti;
    proto_tree *apple_tree;

    if (label->source == APPLE_LABEL_TABLE)
        ti = proto_tree_add_protocol_format(tree, proto_apple, tvb, 0, 0, "Apple Services: %s%s",
                                            match->texts->summary,
                                            label->verdict.verified ? " (verified)" : "");
    else if (label->source == APPLE_LABEL_NAME)
        ti = proto_tree_add_protocol_format(tree, proto_apple, tvb, 0, 0,
                                            "Apple Services: %s, by its server name %s",
                                            label->service, label->verdict.host);
    else
        ti = proto_tree_add_protocol_format(tree, proto_apple, tvb, 0, 0,
                                            "Apple Services: %s, announced by %s%s", label->service,
                                            label->bonjour.instance ? label->bonjour.instance : "?",
                                            label->verdict.verified ? " (verified)" : "");
    proto_item_set_generated(ti);
    apple_tree = proto_item_add_subtree(ti, ett_apple);

    add_generated_uint(apple_tree, hf_apple_port, tvb, label->flow.server_port);
    add_generated_uint(apple_tree, hf_apple_server_by, tvb, label->flow.server_by);
    proto_item_set_generated(proto_tree_add_boolean(apple_tree, hf_apple_to_server, tvb, 0, 0,
                                                    !label->server_is_src));
    if (label->source == APPLE_LABEL_TABLE) {
        for (size_t s = 0; s < match->texts->n_services; s++)
            add_generated_string(apple_tree, hf_apple_service, tvb, match->texts->services[s]);
        for (size_t r = 0; r < match->n_rows; r++)
            add_row(apple_tree, tvb, match, r);
    } else if (label->source == APPLE_LABEL_NAME) {
        add_generated_string(apple_tree, hf_apple_service, tvb, label->service);
        for (size_t i = 0; i < label->verdict.n_services; i++)
            add_generated_string(apple_tree, hf_apple_product, tvb,
                                 host_service_name(label->verdict.services[i]));
    } else {
        add_generated_string(apple_tree, hf_apple_service, tvb, label->service);
        if (label->product)
            add_generated_string(apple_tree, hf_apple_product, tvb, label->product);
        add_announced(apple_tree, tvb, label);
    }
    add_evidence(apple_tree, tvb, label);
    if (label->mdns)
        add_mdns(apple_tree, tvb, label->mdns);
}

static void
queue_tap(packet_info *pinfo, const apple_label_t *label)
{
    apple_tap_info_t *info = wmem_new(pinfo->pool, apple_tap_info_t);

    info->label       = *label;
    info->server      = apple_label_server(pinfo, label);
    info->client      = apple_label_client(pinfo, label);
    info->client_port = apple_label_client_port(pinfo, label);
    info->frame_len   = pinfo->fd->pkt_len;
    info->lang        = index_lang;
    tap_queue_packet(apple_tap, pinfo, info);
}

static int
dissect_apple(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    apple_label_t label;

    if (!apple_label_packet(pinfo, tvb, &label))
        return 0;

    /* The cheap part runs on every pass, with or without a tree. */
    append_tag(pinfo, &label);
    if (have_tap_listener(apple_tap))
        queue_tap(pinfo, &label);
    /* False for no tree, and for a faked one that wants no apple field
     * (-Y frame, colouring rules): then the items would be thrown away. */
    if (proto_field_is_referenced(tree, proto_apple))
        add_tree(tree, tvb, &label);
    return tvb_captured_length(tvb);
}

/* --- tables and preferences ---------------------------------------------- */

/* Built-in rows, then the user table's: the index lets a user row replace
 * built-in ones on its ports. The host table likewise. */
static void
rebuild_tables(void)
{
    size_t n_builtin = apple_builtin_row_count;
    size_t n_user = apple_user_table_count();
    const apple_row_t **rows = g_new(const apple_row_t *, n_builtin + n_user);
    apple_index_options_t options;
    apple_label_config_t config;

    for (size_t i = 0; i < n_builtin; i++)
        rows[i] = &apple_builtin_rows[i];
    for (size_t i = 0; i < n_user; i++)
        rows[n_builtin + i] = apple_user_table_row(i);
    options.lang = (apple_lang_t)pref_language;
    options.wide_ranges = pref_wide_ranges;

    memset(&config, 0, sizeof config);
    apple_label_configure(&config);          /* nothing points at the old tables while rebuilding */
    apple_index_free(apple_index);
    apple_index = apple_index_new(rows, n_builtin + n_user, &options);
    index_lang = options.lang;
    g_free(rows);
    apple_host_table_free(apple_hosts);
    apple_hosts = apple_user_hosts_table();
    hosts_generation++;

    config.index = apple_index;
    config.hosts = apple_hosts;
    config.hosts_generation = hosts_generation;
    config.check_evidence = pref_check_evidence;
    apple_label_configure(&config);
}

/* At the start of every dissection: the user tables and the preferences
 * are all loaded by then, whatever path they came in by. */
static void
apple_init(void)
{
    apple_user_table_refresh();
    apple_user_hosts_refresh();
    rebuild_tables();
    apple_label_file_start();
    apple_learn_file_start();
}

static void
apple_cleanup(void)
{
    apple_learn_file_end();
}

static void
apple_shutdown(void)
{
    apple_label_config_t none;

    memset(&none, 0, sizeof none);
    apple_label_configure(&none);
    apple_index_free(apple_index);
    apple_index = NULL;
    apple_host_table_free(apple_hosts);
    apple_hosts = NULL;
}

static void
register_preferences(void)
{
    module_t *module = prefs_register_protocol(proto_apple, rebuild_tables);

    prefs_register_enum_preference(module, "language", "Label language",
        "Language of the service text, products and qualifiers: English, or Danish as "
        "printed in Apple's Danish table (apple.service is the same in both)",
        &pref_language, language_vals, false);
    prefs_register_bool_preference(module, "info_tag", "Tag the Info column",
        "Append \"[Apple service ...]\" to the Info column of labelled packets",
        &pref_info_tag);
    prefs_register_bool_preference(module, "port_only_tag", "Tag port-only labels too",
        "Also tag the Info column of packets that only their port labels, with \"[Apple? service]\" "
        "(verified ones get \"[Apple service \xe2\x9c\x93 ...]\")",
        &pref_port_only_tag);
    prefs_register_bool_preference(module, "wide_ranges", "Label the wide port ranges",
        "Label flows on the table's rows of 1000 ports or more (Xsan 49152-65535, "
        "8000-8999, 42000-42999). Turn off if clients on your network take ephemeral "
        "ports there and you see flows without a handshake labelled by their client port",
        &pref_wide_ranges);
    prefs_register_bool_preference(module, "check_evidence", "Check the evidence",
        "Read the server names (TLS, QUIC, HTTP), the DNS answers and the addresses in the "
        "capture to say which flows are Apple's own (apple.verified). Off: port labels only, "
        "at their lower cost",
        &pref_check_evidence);
    apple_user_table_register(module, rebuild_tables);
    apple_user_hosts_register(module, rebuild_tables);
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
            "How the server end of the flow was chosen: 1 = TCP handshake, 2 = lower port, "
            "3 = the receiver of the server name, 4 = the endpoint a Bonjour announcement named",
            HFILL }},
        { &hf_apple_to_server,
          { "To the server", "apple.to_server", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The packet goes from the flow's client to its server (false: from the server), "
            "by the same rule that chose the server port", HFILL }},
        { &hf_apple_service,
          { "Service", "apple.service", FT_STRING, BASE_NONE, NULL, 0x0,
            "Short language-neutral name of the service at the server port (IANA's service "
            "name where the row has one); each service once", HFILL }},
        { &hf_apple_row,
          { "Table row", "apple.row", FT_UINT32, BASE_DEC, NULL, 0x0,
            "A matching row of Apple's table, by its position counted from 1 in the table's "
            "order; what the row says hangs under it", HFILL }},
        { &hf_apple_user_row,
          { "User table row", "apple.user_row", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The label comes from the user port table (apple_ports), not Apple's table: "
            "the row's position among the table's valid rows", HFILL }},
        { &hf_apple_protocol,
          { "Service or protocol", "apple.protocol", FT_STRING, BASE_NONE, NULL, 0x0,
            "The row's service or protocol name as Apple's table gives it", HFILL }},
        { &hf_apple_rfc,
          { "RFC", "apple.rfc", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The RFC that defines the row's service or protocol", HFILL }},
        { &hf_apple_range,
          { "Port range", "apple.range", FT_STRING, BASE_NONE, NULL, 0x0,
            "The row's port range, for rows that cover more than one port", HFILL }},
        { &hf_apple_product,
          { "Product", "apple.product", FT_STRING, BASE_NONE, NULL, 0x0,
            "An Apple product or feature that uses the row's port, once per product and row "
            "(for a flow labelled by its server name: what Apple says the host is for)", HFILL }},
        { &hf_apple_qualifier,
          { "Used for", "apple.qualifier", FT_STRING, BASE_NONE, NULL, 0x0,
            "What the product uses the port for, where the table says "
            "(\"sending email\", \"hosted and remote Git+SSH\")", HFILL }},
        { &hf_apple_verified,
          { "Verified", "apple.verified", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Evidence beyond the port says this is Apple's own traffic: the server's address "
            "or name is Apple's, or the packet looks up an Apple host. Present only when true",
            HFILL }},
        { &hf_apple_evidence,
          { "Evidence", "apple.evidence", FT_STRING, BASE_NONE, NULL, 0x0,
            "A kind of evidence found: address, tls-sni, quic-sni, http-host, dns (an earlier "
            "DNS answer), dns-name (this lookup names an Apple host), bonjour", HFILL }},
        { &hf_apple_evidence_frame,
          { "Seen in frame", "apple.evidence.frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The frame that holds the evidence: the DNS answer, or the packet that completed "
            "the server name", HFILL }},
        { &hf_apple_evidence_block,
          { "Apple address block", "apple.evidence.block", FT_STRING, BASE_NONE, NULL, 0x0,
            "The block of Apple's addresses that holds the server's address", HFILL }},
        { &hf_apple_host,
          { "Apple host", "apple.host", FT_STRING, BASE_NONE, NULL, 0x0,
            "The Apple host name the evidence gives (server name or DNS)", HFILL }},
        { &hf_apple_host_service,
          { "Host service", "apple.host_service", FT_STRING, BASE_NONE, NULL, 0x0,
            "What Apple says the host is for (a section of its host list for enterprise "
            "networks, or the general service of its domain); once per section", HFILL }},
        { &hf_apple_server_name,
          { "Server name", "apple.server_name", FT_STRING, BASE_NONE, NULL, 0x0,
            "The server name the flow itself sent (TLS or QUIC SNI, HTTP Host), Apple's or not",
            HFILL }},
        { &hf_apple_bonjour_type,
          { "Bonjour type", "apple.bonjour.type", FT_STRING, BASE_NONE, NULL, 0x0,
            "The DNS-SD service type announced for the flow's server (\"_companion-link._tcp\"), "
            "or announced by this mDNS packet", HFILL }},
        { &hf_apple_bonjour_instance,
          { "Bonjour instance", "apple.bonjour.instance", FT_STRING, BASE_NONE, NULL, 0x0,
            "The announced service instance's name (\"Luca's iMac\")", HFILL }},
        { &hf_apple_bonjour_frame,
          { "Announced in frame", "apple.bonjour.frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The mDNS frame whose announcement names the flow's server", HFILL }},
        { &hf_apple_bonjour_target,
          { "Bonjour target", "apple.bonjour.target", FT_STRING, BASE_NONE, NULL, 0x0,
            "The host an mDNS packet announces the service on (the SRV target)", HFILL }},
        { &hf_apple_bonjour_port,
          { "Bonjour port", "apple.bonjour.port", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The port an mDNS packet announces the service on (the SRV port)", HFILL }},
        { &hf_apple_bonjour_model,
          { "Model", "apple.bonjour.model", FT_STRING, BASE_NONE, NULL, 0x0,
            "The device model a TXT record names (model=, am=, rpMd=)", HFILL }},
        { &hf_apple_bonjour_query,
          { "Bonjour query", "apple.bonjour.query", FT_STRING, BASE_NONE, NULL, 0x0,
            "A service type this mDNS packet looks for (\"_airplay._tcp\")", HFILL }},
    };
    static int *ett[] = {
        &ett_apple,
        &ett_apple_row,
        &ett_apple_product,
        &ett_apple_evidence,
        &ett_apple_bonjour,
    };
    dissector_handle_t apple_handle;

    proto_apple = proto_register_protocol("Apple Services", "Apple Services", "apple");
    proto_register_field_array(proto_apple, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    register_preferences();
    apple_label_register(proto_apple);
    apple_heur_register(proto_apple);

    apple_handle = create_dissector_handle(dissect_apple, proto_apple);
    register_postdissector(apple_handle);
    apple_tap = register_tap(APPLE_TAP_NAME);
    register_init_routine(apple_init);
    register_cleanup_routine(apple_cleanup);
    register_shutdown_routine(apple_shutdown);
}

void
proto_reg_handoff_apple(void)
{
    apple_label_handoff();
    apple_heur_handoff();
    rebuild_tables();
}
