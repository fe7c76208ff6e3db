/* apple-parse.h
 * Parsing and checking of table cells, shared by the table generator
 * (data/apple-ports.tsv) and the user port table in the plugin, so both
 * accept and refuse the same values with the same messages.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_PARSE_H
#define APPLE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each function returns true on success. On failure it writes a message
 * that names the bad value into err (errlen bytes, always terminated). */

/* "5223" or "16384-16403" (a hyphen or an en dash), ends inclusive. */
bool apple_parse_ports(const char *text, uint16_t *first, uint16_t *last,
                       char *err, size_t errlen);

/* "TCP", "UDP", "TCP/UDP" or "tcp+udp", any case: a mask of APPLE_*_BIT. */
bool apple_parse_transport(const char *text, unsigned *transports,
                           char *err, size_t errlen);

/* A service name: 1-32 characters of a-z, 0-9 and '-', starting with a letter. */
bool apple_check_service(const char *text, char *err, size_t errlen);

/* An RFC number, or "-" for none (0). */
bool apple_parse_rfc(const char *text, unsigned *rfc, char *err, size_t errlen);

#endif /* APPLE_PARSE_H */
