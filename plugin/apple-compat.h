/* apple-compat.h
 * Every difference between the Wireshark versions the plugin builds
 * against (4.0 to 4.6) lives here, so the dissector code has no #if.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_COMPAT_H
#define APPLE_COMPAT_H

#ifndef WS_BUILD_DLL
#define WS_BUILD_DLL          /* master's plugin_exports.h insists */
#endif
#include <wireshark.h>        /* WIRESHARK_VERSION_MAJOR / _MINOR */

#define APPLE_WS_AT_LEAST(major, minor)                                       \
    (WIRESHARK_VERSION_MAJOR > (major) ||                                     \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* Heuristic dissectors and bool preferences take C bool from 4.4 on. */
#if APPLE_WS_AT_LEAST(4, 4)
typedef bool     apple_ws_bool_t;
#else
typedef gboolean apple_ws_bool_t;
#endif

/* UAT update and field-check callbacks return bool from 4.2 on. */
#if APPLE_WS_AT_LEAST(4, 2)
typedef bool     apple_uat_bool_t;
#else
typedef gboolean apple_uat_bool_t;
#endif

/* 4.4 added plugin_describe() so that "tshark -G plugins" can name the type. */
#if APPLE_WS_AT_LEAST(4, 4)
#include <wsutil/plugins.h>
#define APPLE_HAVE_PLUGIN_DESCRIBE 1
#else
#define APPLE_HAVE_PLUGIN_DESCRIBE 0
#endif

/* stat_tap_ui init callbacks ("tshark -z NAME[,...]") return bool from 4.6
 * (true: started; false: bad argument or no tap, start_requested_stats()
 * then fails); void before.
 *   static apple_stat_tap_init_ret_t my_init(const char *opt_arg, void *userdata)
 *   { ...; APPLE_STAT_TAP_INIT_RETURN(false); ...; APPLE_STAT_TAP_INIT_RETURN(true); } */
#if APPLE_WS_AT_LEAST(4, 6)
typedef bool apple_stat_tap_init_ret_t;
#define APPLE_STAT_TAP_INIT_RETURN(started) return (started)
#else
typedef void apple_stat_tap_init_ret_t;
#define APPLE_STAT_TAP_INIT_RETURN(started) do { (void)(started); return; } while (0)
#endif

/* get_manuf_name_if_known() takes the address's length from 4.4 on. */
#if APPLE_WS_AT_LEAST(4, 4)
#define apple_manuf_name_if_known(mac) get_manuf_name_if_known((mac), 6)
#else
#define apple_manuf_name_if_known(mac) get_manuf_name_if_known(mac)
#endif

/* Unchanged from 4.0 to 4.6, no compat needed: proto_item_set_generated()
 * (PROTO_ITEM_SET_GENERATED() is the old macro form), find_conversation(),
 * proto_register_field_array(), the plugin_* symbols. find_conversation_pinfo()
 * takes a const packet_info * from 4.4: passing a non-const one works in all. */

#endif /* APPLE_COMPAT_H */
