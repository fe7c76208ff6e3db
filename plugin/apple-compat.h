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

#endif /* APPLE_COMPAT_H */
