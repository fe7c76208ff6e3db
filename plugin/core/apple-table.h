/* apple-table.h
 * The Apple port table as plain C data: what one row of Apple's
 * "TCP and UDP ports used by Apple software products" says.
 * No libwireshark here, so the table and its lookups are unit-tested alone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_TABLE_H
#define APPLE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    APPLE_TCP = 0,
    APPLE_UDP = 1,
    APPLE_N_TRANSPORTS
} apple_transport_t;

#define APPLE_TRANSPORT_BIT(t) (1u << (t))
#define APPLE_TCP_BIT          APPLE_TRANSPORT_BIT(APPLE_TCP)
#define APPLE_UDP_BIT          APPLE_TRANSPORT_BIT(APPLE_UDP)

/* Label language. The service name (apple.service) is the same in both. */
typedef enum {
    APPLE_LANG_EN = 0,
    APPLE_LANG_DA = 1,
    APPLE_N_LANGS
} apple_lang_t;

/* A product that uses a row's port, with the table's qualifiers for it
 * ("Mail" used for "sending email"). */
typedef struct {
    const char        *name;
    size_t             n_qualifiers;
    const char *const *qualifiers;
} apple_product_t;

typedef struct {
    unsigned               number;         /* position in the seed table, 1-based; 0 for user rows */
    uint16_t               port_first;
    uint16_t               port_last;      /* == port_first for a single port */
    unsigned               transports;     /* APPLE_TCP_BIT | APPLE_UDP_BIT */
    const char            *service;        /* short language-neutral name: apple.service */
    const char            *iana_printed;   /* the table's IANA column as printed, NULL if none */
    unsigned               rfc;            /* 0 if none */
    const char            *protocol[APPLE_N_LANGS]; /* service or protocol text, NULL if none */
    const char            *used_by_printed;         /* the "Anvendes af" cell as printed, NULL if none */
    size_t                 n_products;
    const apple_product_t *products[APPLE_N_LANGS]; /* n_products each, same order */
    bool                   from_user_table;
} apple_row_t;

/* The built-in table, generated at build time from data/apple-ports.tsv. */
extern const apple_row_t apple_builtin_rows[];
extern const size_t      apple_builtin_row_count;

/* Rows covering this many ports or more are "wide": a client's ephemeral
 * port often falls in them (Xsan's 49152-65535, 8000-8999, 42000-42999). */
#define APPLE_WIDE_RANGE_PORTS 1000u

static inline bool apple_row_is_range(const apple_row_t *row)
{
    return row->port_last != row->port_first;
}

static inline bool apple_row_is_wide(const apple_row_t *row)
{
    return (unsigned)row->port_last - row->port_first + 1u >= APPLE_WIDE_RANGE_PORTS;
}

static inline bool apple_row_covers(const apple_row_t *row, apple_transport_t t, uint16_t port)
{
    return (row->transports & APPLE_TRANSPORT_BIT(t)) &&
           port >= row->port_first && port <= row->port_last;
}

#endif /* APPLE_TABLE_H */
