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

#include "apple-table.h"

/* Entries a product list may hold. */
#define APPLE_MAX_PRODUCTS 64

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

/* A product list, as data/apple-ports.tsv and the user port table write
 * it: products separated by '|' or ',' (outside brackets), each "Name" or
 * "Name [what it uses the port for]"; "" and "-" are the empty list. A
 * product named twice is one product with the qualifiers of both, in order
 * ("iCloud [mail] | iCloud [backup]"). Returns the products (*n_products of
 * them, then one with a NULL name), to free with apple_products_free(). */
apple_product_t *apple_parse_products(const char *text, size_t *n_products,
                                      char *err, size_t errlen);

void apple_products_free(apple_product_t *products);

/* The cells of one row of the user port table (apple_ports): ports,
 * transport, service, protocol text (may be empty) and products. Fills row
 * (number 0, from_user_table set) with copies of the texts, to free with
 * apple_user_row_clear(); on a bad cell, returns false with err and leaves
 * row holding nothing to free. */
bool apple_parse_user_row(const char *ports, const char *transport, const char *service,
                          const char *protocol, const char *products, apple_row_t *row,
                          char *err, size_t errlen);

void apple_user_row_clear(apple_row_t *row);

/* A host pattern of the host list or the user host table (apple-hosts.h):
 * an exact name ("gdmf.apple.com"), "*.NAME" ("*.push.apple.com") or
 * "*-SUFFIX.NAME" ("*-courier.push.apple.com"), in lower case, NAME of two
 * labels at least (so that "*.com" is refused). */
bool apple_check_host_pattern(const char *text, char *err, size_t errlen);

#endif /* APPLE_PARSE_H */
