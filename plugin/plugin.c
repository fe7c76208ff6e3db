/* plugin.c
 * The symbols Wireshark's plugin loader looks up (the same from 4.0 to 4.6).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/proto.h>
#include <epan/tap.h>

#include "packet-apple.h"
#include "apple-devices-table.h"
#include "apple-flows-table.h"
#include "apple-stats-tree.h"

#ifndef APPLE_PLUGIN_VERSION
#define APPLE_PLUGIN_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[]  = APPLE_PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int  plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int  plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

/* The statistics, registered before tshark and the GUI list their
 * "-z" arguments and menus. */
static void register_statistics(void)
{
    apple_stats_tree_register();
    apple_flows_table_register();
    apple_devices_table_register();
}

void plugin_register(void)
{
    static proto_plugin apple_plugin;
    static tap_plugin   apple_tap_plugin;

    apple_plugin.register_protoinfo = proto_register_apple;
    apple_plugin.register_handoff   = proto_reg_handoff_apple;
    proto_register_plugin(&apple_plugin);

    apple_tap_plugin.register_tap_listener = register_statistics;
    tap_register_plugin(&apple_tap_plugin);
}

#if APPLE_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif
