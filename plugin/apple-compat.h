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

/* 4.4 renamed tvb_get_guint8() and friends to tvb_get_uint8()...; the old
 * names are deprecated there (an error with -Werror) and the new ones are
 * missing before. Write the new names; older versions get them here. */
#if !APPLE_WS_AT_LEAST(4, 4)
#include <epan/tvbuff.h>
#ifndef tvb_get_uint8
#define tvb_get_uint8(tvb, off)        tvb_get_guint8((tvb), (off))
#define tvb_get_int8(tvb, off)         tvb_get_gint8((tvb), (off))
#define tvb_get_uint16(tvb, off, enc)  tvb_get_guint16((tvb), (off), (enc))
#define tvb_get_int16(tvb, off, enc)   tvb_get_gint16((tvb), (off), (enc))
#define tvb_get_uint24(tvb, off, enc)  tvb_get_guint24((tvb), (off), (enc))
#define tvb_get_uint32(tvb, off, enc)  tvb_get_guint32((tvb), (off), (enc))
#define tvb_get_int32(tvb, off, enc)   tvb_get_gint32((tvb), (off), (enc))
#define tvb_get_uint64(tvb, off, enc)  tvb_get_guint64((tvb), (off), (enc))
#define tvb_find_uint8(tvb, off, max, n) tvb_find_guint8((tvb), (off), (max), (n))
#define tvb_skip_uint8(tvb, off, max, n) tvb_skip_guint8((tvb), (off), (max), (n))
#endif
#endif

/* Statistics menu paths nest with "/" up to 4.2 and with "//" from 4.4 (a
 * single "/" is then part of the name). Build paths as
 * "Apple Services" APPLE_STATS_MENU_SEP "Flows". */
#if APPLE_WS_AT_LEAST(4, 4)
#define APPLE_STATS_MENU_SEP "//"
#else
#define APPLE_STATS_MENU_SEP "/"
#endif

/* stats_tree_register_with_group() is gone in 4.4 (stats_tree_register*()
 * return the config instead, for stats_tree_set_group()). Ignoring the
 * return value of stats_tree_register*() compiles everywhere. Needs
 * <epan/stats_tree.h>. */
#if APPLE_WS_AT_LEAST(4, 4)
#define apple_stats_tree_register_with_group(tap, abbr, name, flags, packet, init, cleanup, \
                                             group)                                      \
    stats_tree_set_group(stats_tree_register_plugin((tap), (abbr), (name), (flags),      \
                                                    (packet), (init), (cleanup)),        \
                         (group))
#else
#define apple_stats_tree_register_with_group(tap, abbr, name, flags, packet, init, cleanup, \
                                             group)                                      \
    stats_tree_register_with_group((tap), (abbr), (name), (flags), (packet), (init),     \
                                   (cleanup), (group))
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

/* Unchanged from 4.0 to 4.6, no compat needed: proto_item_set_generated()
 * (PROTO_ITEM_SET_GENERATED() is the old macro form), find_conversation(),
 * proto_register_field_array(), the plugin_* symbols. find_conversation_pinfo()
 * takes a const packet_info * from 4.4: passing a non-const one works in all. */

#endif /* APPLE_COMPAT_H */
