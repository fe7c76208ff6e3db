/* apple-stats.c
 * Statistics over the "apple" tap (see apple-stats.h).
 *
 * Both count exactly what the labels say: a packet counts once for each
 * distinct service (apple.service) and each distinct product (apple.product)
 * of the rows at its flow's server port, and once under that transport and
 * server port. So "-Y apple.service==X" selects as many frames as the tree
 * counts under X.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <stdio.h>
#include <string.h>

#include <epan/packet_info.h>
#include <epan/address.h>
#include <epan/to_str.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <wsutil/report_message.h>

#include "apple-stats.h"
#include "apple-tap.h"

/* ---------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------- */

static const char *
transport_name(apple_transport_t t)
{
    return t == APPLE_TCP ? "TCP" : "UDP";
}

/* names[0] SEP names[1] SEP ... */
static char *
join_names(wmem_allocator_t *scope, const char *const *names, size_t n, const char *separator)
{
    wmem_strbuf_t *buf = wmem_strbuf_new(scope, "");

    for (size_t i = 0; i < n; i++) {
        if (i)
            wmem_strbuf_append(buf, separator);
        wmem_strbuf_append(buf, names[i]);
    }
    return wmem_strbuf_finalize(buf);
}

/* ---------------------------------------------------------------------------
 * The stats tree "Apple Services" (-z apple,tree).
 *
 *   Packets                                  labelled packets; Average, Min
 *     Packets by transport and server port   and Max are frame lengths
 *       TCP 443 (https)
 *     Packets by service
 *       https
 *     Packets by product
 *       iCloud
 *   Bytes                                    bytes of labelled frames
 *     Bytes by transport and server port
 *     Bytes by service
 *     Bytes by product
 *
 * Every node name is unique among the parents: the stats tree looks up
 * children of the root by name across the whole tree.
 * ------------------------------------------------------------------------- */

static const char st_str_packets[]         = "Packets";
static const char st_str_packets_by_port[] = "Packets by transport and server port";
static const char st_str_packets_by_svc[]  = "Packets by service";
static const char st_str_packets_by_prod[] = "Packets by product";
static const char st_str_bytes[]           = "Bytes";
static const char st_str_bytes_by_port[]   = "Bytes by transport and server port";
static const char st_str_bytes_by_svc[]    = "Bytes by service";
static const char st_str_bytes_by_prod[]   = "Bytes by product";

static int st_node_packets         = -1;
static int st_node_packets_by_port = -1;
static int st_node_packets_by_svc  = -1;
static int st_node_packets_by_prod = -1;
static int st_node_bytes           = -1;
static int st_node_bytes_by_port   = -1;
static int st_node_bytes_by_svc    = -1;
static int st_node_bytes_by_prod   = -1;

static void
apple_stats_tree_init(stats_tree *st)
{
    st_node_packets = stats_tree_create_node(st, st_str_packets, 0, STAT_DT_INT, TRUE);
    /* above "Bytes" whatever the counts, when sorted by count */
    stat_node_set_flags(st, st_str_packets, 0, FALSE, ST_FLG_SORT_TOP);
    st_node_packets_by_port = stats_tree_create_node(st, st_str_packets_by_port,
                                                     st_node_packets, STAT_DT_INT, TRUE);
    st_node_packets_by_svc  = stats_tree_create_node(st, st_str_packets_by_svc,
                                                     st_node_packets, STAT_DT_INT, TRUE);
    st_node_packets_by_prod = stats_tree_create_node(st, st_str_packets_by_prod,
                                                     st_node_packets, STAT_DT_INT, TRUE);

    st_node_bytes = stats_tree_create_node(st, st_str_bytes, 0, STAT_DT_INT, TRUE);
    st_node_bytes_by_port = stats_tree_create_node(st, st_str_bytes_by_port,
                                                   st_node_bytes, STAT_DT_INT, TRUE);
    st_node_bytes_by_svc  = stats_tree_create_node(st, st_str_bytes_by_svc,
                                                   st_node_bytes, STAT_DT_INT, TRUE);
    st_node_bytes_by_prod = stats_tree_create_node(st, st_str_bytes_by_prod,
                                                   st_node_bytes, STAT_DT_INT, TRUE);
}

typedef struct {
    stats_tree *st;
    int         packets_parent;
    int         bytes_parent;
    int         frame_len;
} tree_tick_ctx_t;

/* One packet under a leaf of both halves of the tree. */
static void
tick_leaf(const char *name, void *user_data)
{
    tree_tick_ctx_t *ctx = (tree_tick_ctx_t *)user_data;

    avg_stat_node_add_value_int(ctx->st, name, ctx->packets_parent, FALSE, ctx->frame_len);
    increase_stat_node(ctx->st, name, ctx->bytes_parent, FALSE, ctx->frame_len);
}

static tap_packet_status
apple_stats_tree_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                        const void *data, tap_flags_t flags _U_)
{
    const apple_tap_info_t *info = (const apple_tap_info_t *)data;
    const apple_match_t    *match;
    tree_tick_ctx_t         ctx;
    const char             *port_name;

    if (!info || !info->label.match)
        return TAP_PACKET_DONT_REDRAW;
    match = info->label.match;

    ctx.st        = st;
    ctx.frame_len = (int)info->frame_len;

    avg_stat_node_add_value_int(st, st_str_packets, 0, TRUE, ctx.frame_len);
    avg_stat_node_add_value_int(st, st_str_packets_by_port, st_node_packets, TRUE, ctx.frame_len);
    avg_stat_node_add_value_int(st, st_str_packets_by_svc, st_node_packets, TRUE, ctx.frame_len);
    avg_stat_node_add_value_int(st, st_str_packets_by_prod, st_node_packets, TRUE, ctx.frame_len);
    increase_stat_node(st, st_str_bytes, 0, TRUE, ctx.frame_len);
    increase_stat_node(st, st_str_bytes_by_port, st_node_bytes, TRUE, ctx.frame_len);
    increase_stat_node(st, st_str_bytes_by_svc, st_node_bytes, TRUE, ctx.frame_len);
    increase_stat_node(st, st_str_bytes_by_prod, st_node_bytes, TRUE, ctx.frame_len);

    /* "TCP 443 (https)", "UDP 16393 (connected/facetime-rtp)" */
    port_name = wmem_strdup_printf(pinfo->pool, "%s %u (%s)", transport_name(info->transport),
                                   (unsigned)info->label.server_port,
                                   join_names(pinfo->pool, match->services, match->n_services, "/"));
    ctx.packets_parent = st_node_packets_by_port;
    ctx.bytes_parent   = st_node_bytes_by_port;
    tick_leaf(port_name, &ctx);

    ctx.packets_parent = st_node_packets_by_svc;
    ctx.bytes_parent   = st_node_bytes_by_svc;
    for (size_t i = 0; i < match->n_services; i++)
        tick_leaf(match->services[i], &ctx);

    ctx.packets_parent = st_node_packets_by_prod;
    ctx.bytes_parent   = st_node_bytes_by_prod;
    for (size_t i = 0; i < match->n_products; i++)
        tick_leaf(match->products[i], &ctx);

    return TAP_PACKET_REDRAW;
}

/* ---------------------------------------------------------------------------
 * The flow summary (-z apple,flows[,filter]): one row per server endpoint
 * (transport, server address, server port), all clients together, for
 * writing firewall rules. Printed once, when tshark has read everything.
 * ------------------------------------------------------------------------- */

#define APPLE_FLOWS_CLI "apple,flows"

typedef struct {
    apple_transport_t transport;
    guint16           port;
    address           addr;       /* copied into the summary's pool */
} apple_endpoint_key_t;

typedef struct {
    apple_endpoint_key_t key;
    const char          *services;   /* "https", "connected;facetime-rtp" */
    const char          *products;   /* "TLS websites; iTunes Store; ..." */
    guint64              packets;
    guint64              bytes;
} apple_endpoint_t;

typedef struct {
    char             *filter;     /* NULL if none */
    wmem_allocator_t *pool;       /* the endpoints; emptied on reset */
    wmem_map_t       *endpoints;  /* apple_endpoint_key_t* -> apple_endpoint_t* */
} apple_flows_t;

static guint
endpoint_hash(gconstpointer k)
{
    const apple_endpoint_key_t *key = (const apple_endpoint_key_t *)k;

    return add_address_to_hash(((guint)key->transport << 16) | key->port, &key->addr);
}

static gboolean
endpoint_equal(gconstpointer a, gconstpointer b)
{
    const apple_endpoint_key_t *ka = (const apple_endpoint_key_t *)a;
    const apple_endpoint_key_t *kb = (const apple_endpoint_key_t *)b;

    return ka->transport == kb->transport && ka->port == kb->port &&
           addresses_equal(&ka->addr, &kb->addr);
}

/* TCP before UDP, then by port, then by address. */
static int
endpoint_compare(const void *a, const void *b)
{
    const apple_endpoint_t *ea = *(const apple_endpoint_t *const *)a;
    const apple_endpoint_t *eb = *(const apple_endpoint_t *const *)b;

    if (ea->key.transport != eb->key.transport)
        return ea->key.transport < eb->key.transport ? -1 : 1;
    if (ea->key.port != eb->key.port)
        return ea->key.port < eb->key.port ? -1 : 1;
    return cmp_address(&ea->key.addr, &eb->key.addr);
}

/* IPv4 multicast or limited broadcast, IPv6 multicast. */
static gboolean
address_is_group(const address *addr)
{
    const guint8 *d = (const guint8 *)addr->data;

    if (addr->type == AT_IPv4 && addr->len == 4)
        return (d[0] & 0xf0) == 0xe0 || (d[0] == 0xff && d[1] == 0xff && d[2] == 0xff && d[3] == 0xff);
    if (addr->type == AT_IPv6 && addr->len == 16)
        return d[0] == 0xff;
    return FALSE;
}

/* The address at the flow's server port. When both ports are the server
 * port (mDNS 5353 -> 5353), the destination if it is a multicast or
 * broadcast group, else the lower address, so both directions agree. */
static const address *
server_address(const packet_info *pinfo, guint16 server_port)
{
    gboolean src_is_server = pinfo->srcport == server_port;
    gboolean dst_is_server = pinfo->destport == server_port;

    if (src_is_server && !dst_is_server)
        return &pinfo->src;
    if (dst_is_server && !src_is_server)
        return &pinfo->dst;
    if (address_is_group(&pinfo->dst))
        return &pinfo->dst;
    return cmp_address(&pinfo->src, &pinfo->dst) <= 0 ? &pinfo->src : &pinfo->dst;
}

static void
apple_flows_reset(void *tapdata)
{
    apple_flows_t *flows = (apple_flows_t *)tapdata;

    wmem_free_all(flows->pool);
    flows->endpoints = wmem_map_new(flows->pool, endpoint_hash, endpoint_equal);
}

static tap_packet_status
apple_flows_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                   const void *data, tap_flags_t flags _U_)
{
    apple_flows_t          *flows = (apple_flows_t *)tapdata;
    const apple_tap_info_t *info  = (const apple_tap_info_t *)data;
    apple_endpoint_key_t    key;
    apple_endpoint_t       *endpoint;

    if (!info || !info->label.match)
        return TAP_PACKET_DONT_REDRAW;

    key.transport = info->transport;
    key.port      = info->label.server_port;
    /* a shallow copy is enough for the lookup */
    copy_address_shallow(&key.addr, server_address(pinfo, key.port));

    endpoint = (apple_endpoint_t *)wmem_map_lookup(flows->endpoints, &key);
    if (!endpoint) {
        endpoint = wmem_new0(flows->pool, apple_endpoint_t);
        endpoint->key.transport = key.transport;
        endpoint->key.port      = key.port;
        copy_address_wmem(flows->pool, &endpoint->key.addr, &key.addr);
        endpoint->services = join_names(flows->pool, info->label.match->services,
                                        info->label.match->n_services, ";");
        endpoint->products = join_names(flows->pool, info->label.match->products,
                                        info->label.match->n_products, "; ");
        wmem_map_insert(flows->endpoints, &endpoint->key, endpoint);
    }
    endpoint->packets++;
    endpoint->bytes += info->frame_len;

    /* Nothing to show until the end: the GUI never redraws it, tshark
     * draws every listener once when it has read the capture. */
    return TAP_PACKET_DONT_REDRAW;
}

/* A CSV field, quoted only when it has to be (RFC 4180). */
static void
append_csv_field(wmem_strbuf_t *line, const char *value)
{
    if (!strpbrk(value, ",\"\r\n")) {
        wmem_strbuf_append(line, value);
        return;
    }
    wmem_strbuf_append_c(line, '"');
    for (const char *c = value; *c; c++) {
        if (*c == '"')
            wmem_strbuf_append_c(line, '"');
        wmem_strbuf_append_c(line, *c);
    }
    wmem_strbuf_append_c(line, '"');
}

static void
collect_endpoint(gpointer key _U_, gpointer value, gpointer user_data)
{
    apple_endpoint_t *endpoint = (apple_endpoint_t *)value;

    wmem_array_append_one((wmem_array_t *)user_data, endpoint);
}

static void
apple_flows_draw(void *tapdata)
{
    apple_flows_t    *flows = (apple_flows_t *)tapdata;
    wmem_allocator_t *scope = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    wmem_array_t     *endpoints = wmem_array_new(scope, sizeof(apple_endpoint_t *));
    guint             n_endpoints;
    guint64           packets = 0, bytes = 0;

    wmem_map_foreach(flows->endpoints, collect_endpoint, endpoints);
    wmem_array_sort(endpoints, endpoint_compare);
    n_endpoints = wmem_array_get_count(endpoints);

    printf("=================================================================\n");
    printf("Apple Services flows: one row per server endpoint\n");
    printf("Filter: %s\n", flows->filter ? flows->filter : "<none>");
    printf("transport,server_address,server_port,services,products,packets,bytes\n");
    for (guint i = 0; i < n_endpoints; i++) {
        const apple_endpoint_t *e    = *(apple_endpoint_t **)wmem_array_index(endpoints, i);
        wmem_strbuf_t          *line = wmem_strbuf_new(scope, "");

        wmem_strbuf_append_printf(line, "%s,", transport_name(e->key.transport));
        append_csv_field(line, address_to_str(scope, &e->key.addr));
        wmem_strbuf_append_printf(line, ",%u,", (unsigned)e->key.port);
        append_csv_field(line, e->services);
        wmem_strbuf_append_c(line, ',');
        append_csv_field(line, e->products);
        wmem_strbuf_append_printf(line, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                                  e->packets, e->bytes);
        printf("%s\n", wmem_strbuf_get_str(line));
        packets += e->packets;
        bytes   += e->bytes;
    }
    printf("Total: %u server endpoints, %" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
           " bytes\n", n_endpoints, packets, bytes);
    printf("=================================================================\n");

    wmem_destroy_allocator(scope);
}

static void
apple_flows_free(apple_flows_t *flows)
{
    wmem_destroy_allocator(flows->pool);
    wmem_free(NULL, flows->filter);
    wmem_free(NULL, flows);
}

/* Called when the listener is removed (tshark's cleanup). */
static void
apple_flows_finish(void *tapdata)
{
    apple_flows_free((apple_flows_t *)tapdata);
}

/* "apple,flows" or "apple,flows,<display filter>" */
static apple_stat_tap_init_ret_t
apple_flows_init(const char *opt_arg, void *userdata _U_)
{
    size_t         len = strlen(APPLE_FLOWS_CLI);
    const char    *filter = NULL;
    apple_flows_t *flows;
    GString       *error_string;

    if (strncmp(opt_arg, APPLE_FLOWS_CLI, len) != 0 ||
        (opt_arg[len] != '\0' && opt_arg[len] != ',')) {
        report_failure("invalid \"-z " APPLE_FLOWS_CLI "[,<filter>]\" argument \"%s\"", opt_arg);
        APPLE_STAT_TAP_INIT_RETURN(false);
    }
    if (opt_arg[len] == ',' && opt_arg[len + 1] != '\0')
        filter = opt_arg + len + 1;

    flows = wmem_new0(NULL, apple_flows_t);
    flows->filter    = filter ? wmem_strdup(NULL, filter) : NULL;
    flows->pool      = wmem_allocator_new(WMEM_ALLOCATOR_BLOCK);
    flows->endpoints = wmem_map_new(flows->pool, endpoint_hash, endpoint_equal);

    error_string = register_tap_listener(APPLE_TAP_NAME, flows, filter, TL_REQUIRES_NOTHING,
                                         apple_flows_reset, apple_flows_packet,
                                         apple_flows_draw, apple_flows_finish);
    if (error_string) {
        /* the finish callback is not called when registering fails */
        report_failure("Apple Services flows: couldn't attach to the \"" APPLE_TAP_NAME
                       "\" tap: %s", error_string->str);
        g_string_free(error_string, TRUE);
        apple_flows_free(flows);
        APPLE_STAT_TAP_INIT_RETURN(false);
    }
    APPLE_STAT_TAP_INIT_RETURN(true);
}

/* ---------------------------------------------------------------------------
 * Registration
 * ------------------------------------------------------------------------- */

void
register_tap_listener_apple(void)
{
    static stat_tap_ui flows_ui = {
        REGISTER_STAT_GROUP_GENERIC,
        "Apple Services flows",
        APPLE_FLOWS_CLI,
        apple_flows_init,
        0,
        NULL
    };

    /* tshark -z apple,tree; Statistics > Apple Services in the GUI */
    stats_tree_register_plugin(APPLE_TAP_NAME, "apple", "Apple Services", 0,
                               apple_stats_tree_packet, apple_stats_tree_init, NULL);

    /* The flow summary prints text when the capture has been read, which
     * only tshark does (like Wireshark's own ui/cli statistics, which only
     * tshark links): the GUI would list a "-z apple,flows" that never shows. */
    if (g_strcmp0(get_friendly_program_name(), "TShark") == 0)
        register_stat_tap_ui(&flows_ui, NULL);
}
