/* apple-index.h
 * An index over all 65536 ports of each transport: one array read per
 * lookup, whatever the size of the table. Rows whose port ranges overlap
 * share a "match": the set of every row that covers a port, with its texts
 * (apple-texts.h) made once, when the index is built.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_INDEX_H
#define APPLE_INDEX_H

#include "apple-table.h"
#include "apple-texts.h"

typedef struct {
    size_t               n_rows;
    const apple_row_t  **rows;     /* in the order the rows were given */
    apple_transport_t    transport;
    const apple_texts_t *texts;    /* tag, names and tree texts of these rows */
} apple_match_t;

typedef struct {
    apple_lang_t lang;           /* language of the texts */
    bool         wide_ranges;    /* label rows of APPLE_WIDE_RANGE_PORTS or more */
} apple_index_options_t;

typedef struct apple_index apple_index_t;

/* Builds an index over rows (not copied: they must outlive the index).
 * A row from the user table replaces the built-in rows on the ports and
 * transport it covers. */
apple_index_t *apple_index_new(const apple_row_t *const *rows, size_t n_rows,
                               const apple_index_options_t *options);

void apple_index_free(apple_index_t *port_index);

/* The rows that cover port on transport t, or NULL if none. Each match
 * belongs to one transport. */
const apple_match_t *apple_index_lookup(const apple_index_t *port_index,
                                        apple_transport_t t, uint16_t port);

/* How many distinct matches the index holds. */
size_t apple_index_match_count(const apple_index_t *port_index);

#endif /* APPLE_INDEX_H */
