/* apple-index.h
 * An index over all 65536 ports of each transport: one array read per
 * lookup, whatever the size of the table. Rows whose port ranges overlap
 * share a "match": the set of every row that covers a port, with the Info
 * column tag for that set made once, when the index is built.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_INDEX_H
#define APPLE_INDEX_H

#include "apple-table.h"

typedef struct {
    size_t              n_rows;
    const apple_row_t **rows;       /* in the order the rows were given */
    size_t              n_services;
    const char        **services;   /* the rows' services, each once, in row order */
    size_t              n_products;
    const char        **products;   /* the rows' products, each once, in the index's language */
    char               *tag;        /* " [Apple https: TLS websites, iTunes Store, Software Update, +12]" */
    /* Tree texts, made once so that a packet formats nothing: */
    char               *summary;    /* the tag without " [Apple " and "]" */
    char              **row_titles; /* per row: "https (TCP 443)", "x (UDP 7000-7010, user table)" */
    char              **row_ranges; /* per row: "16384-16403", or NULL for a single port */
} apple_match_t;

typedef struct {
    apple_lang_t lang;           /* language of the tag */
    bool         wide_ranges;    /* label rows of APPLE_WIDE_RANGE_PORTS or more */
} apple_index_options_t;

typedef struct apple_index apple_index_t;

/* Builds an index over rows (not copied: they must outlive the index).
 * A row from the user table replaces the built-in rows on the ports and
 * transport it covers. Returns NULL only when memory runs out. */
apple_index_t *apple_index_new(const apple_row_t *const *rows, size_t n_rows,
                               const apple_index_options_t *options);

void apple_index_free(apple_index_t *index);

/* The rows that cover port on transport t, or NULL if none. Each match
 * belongs to one transport. */
const apple_match_t *apple_index_lookup(const apple_index_t *index,
                                        apple_transport_t t, uint16_t port);

/* How many distinct matches the index holds (for tests and statistics). */
size_t apple_index_match_count(const apple_index_t *index);

/* The built-in table as a row list for apple_index_new(); NULL when memory
 * runs out. Free with free(). */
const apple_row_t **apple_builtin_row_list(void);

#endif /* APPLE_INDEX_H */
