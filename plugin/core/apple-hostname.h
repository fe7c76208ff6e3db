/* apple-hostname.h
 * Server names as the evidence parsers hand them on: a host name in lower
 * case without a trailing dot, checked, in a fixed-size buffer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_HOSTNAME_H
#define APPLE_HOSTNAME_H

#include <stdbool.h>
#include <stddef.h>

/* 253 characters and the terminating NUL. */
#define APPLE_HOSTNAME_MAX 254

/* Copies the len bytes at name into out, in lower case and without one
 * trailing dot, if they are a host name: labels of 1 to 63 letters, digits,
 * '-' or '_' (seen in real service names), 253 characters at most. Returns
 * false, with out empty, for anything else (an IP literal is a host name
 * here only if it is one by these rules, which "17.1.2.3" is). */
bool apple_hostname_normalize(const char *name, size_t len, char out[APPLE_HOSTNAME_MAX]);

/* Copies a server name the way apple_hostname_normalize() does, but
 * refuses an IPv4 literal ("17.253.144.10"): an address names no server,
 * so a Host header or SNI that holds one is no server name. */
bool apple_hostname_server_name(const char *name, size_t len, char out[APPLE_HOSTNAME_MAX]);

#endif /* APPLE_HOSTNAME_H */
