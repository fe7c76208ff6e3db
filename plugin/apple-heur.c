/* apple-heur.c
 * Heuristic dissectors "apple_tcp" and "apple_udp" (see apple-heur.h).
 *
 * Payload on an Apple port that nothing else decodes (APNs on 5223, Game
 * Center on UDP 4398, the RTP ranges without an RTP dissector...) is shown as
 * "<service> data", with the Protocol column naming the service, instead of
 * bare TCP/Data. They never take a port that has a dissector of its own
 * (TLS on 443, DNS, NTP, RTSP...), even with "try heuristic sub-dissectors
 * first" on, and they are disabled by default: a port says which service a
 * flow is meant for, not what its payload is, and the postdissector already
 * labels every packet of the flow.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/packet.h>

#include "apple-heur.h"
#include "apple-label.h"

static int proto_apple = -1;
static int hf_apple_payload = -1;
static int ett_apple_payload = -1;

static dissector_table_t tcp_port_table;
static dissector_table_t udp_port_table;

static bool
port_has_dissector(apple_transport_t t, uint16_t port)
{
    return dissector_get_uint_handle(t == APPLE_TCP ? tcp_port_table : udp_port_table,
                                     port) != NULL;
}

static apple_ws_bool_t
dissect_apple_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    apple_label_t label;
    const char   *service;
    proto_item   *ti;
    proto_tree   *payload_tree;

    if (tvb_reported_length(tvb) == 0 || !apple_label_by_port(pinfo, &label) ||
        port_has_dissector(label.transport, label.flow.server_port))
        return false;

    /* The index, and so this string, may be rebuilt before the packet list
     * shows the column: col_add_str copies it (col_set_str would not). */
    service = label.flow.match->rows[0]->service;
    col_add_str(pinfo->cinfo, COL_PROTOCOL, service);
    col_add_fstr(pinfo->cinfo, COL_INFO, "%s data, %u bytes", service,
                 tvb_reported_length(tvb));

    ti = proto_tree_add_protocol_format(tree, proto_apple, tvb, 0, -1,
                                        "Apple Services payload: %s data", service);
    payload_tree = proto_item_add_subtree(ti, ett_apple_payload);
    proto_tree_add_item(payload_tree, hf_apple_payload, tvb, 0, -1, ENC_NA);
    return true;
}

void
apple_heur_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_apple_payload,
          { "Payload", "apple.payload", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Payload on an Apple port that no other dissector decodes", HFILL }},
    };
    static int *ett[] = { &ett_apple_payload };

    proto_apple = proto;
    proto_register_field_array(proto_apple, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    /* Added now, before the built-in dissectors' handoffs add theirs: each
     * list is searched newest first, so every other heuristic (STUN over
     * TCP, RTP when enabled...) gets the payload before this one does. */
    heur_dissector_add("tcp", dissect_apple_heur, "Apple Services payload over TCP",
                       "apple_tcp", proto_apple, HEURISTIC_DISABLE);
    heur_dissector_add("udp", dissect_apple_heur, "Apple Services payload over UDP",
                       "apple_udp", proto_apple, HEURISTIC_DISABLE);
}

void
apple_heur_handoff(void)
{
    tcp_port_table = find_dissector_table("tcp.port");
    udp_port_table = find_dissector_table("udp.port");
}
