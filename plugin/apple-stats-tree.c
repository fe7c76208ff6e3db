/* apple-stats-tree.c
 * The stats tree "Apple Services" over the "apple" tap (see apple-stats-tree.h).
 *
 * It counts exactly what the labels say: a packet counts once under its
 * transport and server port, once for each distinct service (apple.service)
 * and product (apple.product) of its label, once as verified or port-only,
 * and once for each host service (apple.host_service) of a verified packet.
 * So "-Y apple.service==X" selects as many frames as the tree counts under X.
 *
 *   Packets                                 labelled packets
 *     Packets by transport and server port  TCP 443 (https)
 *     Packets by service (...)              https
 *     Packets by product (...)              iCloud
 *     Packets by evidence                   Verified, Port only
 *     Packets by host service (...)         Software updates
 *   Bytes                                   the same, in bytes of labelled frames
 *
 * A packet can have several services, products and host services: the
 * section names say what their percentages are of. Every section name is
 * unique: the stats tree looks up children of the root by name across the
 * whole tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/packet_info.h>
#include <epan/stats_tree.h>

#include "apple-stats-tree.h"
#include "apple-tap.h"

enum { BY_PORT, BY_SERVICE, BY_PRODUCT, BY_EVIDENCE, BY_HOST_SERVICE, N_SECTIONS };

typedef struct {
    const char *name;
    const char *sections[N_SECTIONS];
} half_t;

static const half_t halves[2] = {
    { "Packets", {
        "Packets by transport and server port",
        "Packets by service (% of labelled packets; one packet may have several)",
        "Packets by product (% of labelled packets; one packet may have several)",
        "Packets by evidence",
        "Packets by host service (% of labelled packets; verified ones only)" } },
    { "Bytes", {
        "Bytes by transport and server port",
        "Bytes by service (% of labelled bytes; one packet may have several)",
        "Bytes by product (% of labelled bytes; one packet may have several)",
        "Bytes by evidence",
        "Bytes by host service (% of labelled bytes; verified ones only)" } },
};

static int half_nodes[2];
static int section_nodes[2][N_SECTIONS];

static void
apple_stats_tree_init(stats_tree *st)
{
    for (int h = 0; h < 2; h++) {
        half_nodes[h] = stats_tree_create_node(st, halves[h].name, 0, STAT_DT_INT, true);
        for (int s = 0; s < N_SECTIONS; s++)
            section_nodes[h][s] = stats_tree_create_node(st, halves[h].sections[s], half_nodes[h],
                                                         STAT_DT_INT, true);
    }
    /* "Packets" above "Bytes" whatever the counts, when sorted by count */
    stat_node_set_flags(st, halves[0].name, 0, false, ST_FLG_SORT_TOP);
}

/* One packet (h = 0) or its bytes (h = 1) under a leaf of a section. */
static void
count(stats_tree *st, int h, int section, const char *leaf, int value)
{
    increase_stat_node(st, leaf, section_nodes[h][section], false, value);
}

static const char *
host_service_name(const apple_host_service_t *service, apple_lang_t lang)
{
    return service->name[lang] ? service->name[lang] : service->name[APPLE_LANG_EN];
}

static tap_packet_status
apple_stats_tree_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                        const void *data, tap_flags_t flags _U_)
{
    const apple_tap_info_t *info = (const apple_tap_info_t *)data;
    const apple_label_t *label;
    const apple_verdict_t *verdict;
    const char *services, *port_name;

    if (!info)
        return TAP_PACKET_DONT_REDRAW;
    label = &info->label;
    verdict = &label->verdict;
    services = label->source == APPLE_LABEL_TABLE ? label->flow.match->texts->service_list
                                                  : label->service;
    /* "TCP 443 (https)", "UDP 16393 (connected, facetime-rtp)" */
    port_name = wmem_strdup_printf(pinfo->pool, "%s %u (%s)",
                                   label->transport == APPLE_TCP ? "TCP" : "UDP",
                                   (unsigned)label->flow.server_port, services);

    for (int h = 0; h < 2; h++) {
        int value = h == 0 ? 1 : (int)info->frame_len;

        increase_stat_node(st, halves[h].name, 0, true, value);
        for (int s = 0; s < N_SECTIONS; s++)
            increase_stat_node(st, halves[h].sections[s], half_nodes[h], true, value);
        count(st, h, BY_PORT, port_name, value);
        if (label->source == APPLE_LABEL_TABLE) {
            const apple_texts_t *texts = label->flow.match->texts;

            for (size_t i = 0; i < texts->n_services; i++)
                count(st, h, BY_SERVICE, texts->services[i], value);
            for (size_t i = 0; i < texts->n_products; i++)
                count(st, h, BY_PRODUCT, texts->products[i], value);
        } else if (label->source == APPLE_LABEL_NAME) {
            /* a label by name: the port's service; the host services are its products */
            count(st, h, BY_SERVICE, label->service, value);
            for (size_t i = 0; i < verdict->n_services; i++)
                count(st, h, BY_PRODUCT, host_service_name(verdict->services[i], info->lang), value);
        } else {
            /* announced over Bonjour: the type's service and product */
            count(st, h, BY_SERVICE, label->service, value);
            if (label->product)
                count(st, h, BY_PRODUCT, label->product, value);
        }
        count(st, h, BY_EVIDENCE, verdict->verified ? "Verified" : "Port only", value);
        for (size_t i = 0; i < verdict->n_services; i++)
            count(st, h, BY_HOST_SERVICE, host_service_name(verdict->services[i], info->lang), value);
    }
    return TAP_PACKET_REDRAW;
}

void
apple_stats_tree_register(void)
{
    /* tshark -z apple,tree; Statistics > Apple Services > Labelled Packets in the GUI */
    stats_tree_register_plugin(APPLE_TAP_NAME, "apple", "Apple Services/Labelled Packets", 0,
                               apple_stats_tree_packet, apple_stats_tree_init, NULL);
}
