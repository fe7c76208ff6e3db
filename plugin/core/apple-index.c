/* apple-index.c
 * The port index (see apple-index.h).
 *
 * The table is a list of port ranges. Between two consecutive range ends
 * the set of covering rows cannot change, so the index is built segment by
 * segment: each segment's rows are found once, identical sets share one
 * match, and the 65536-entry array maps each port to its match.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-index.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

struct apple_index {
    /* 0: no row; otherwise 1 + position in matches */
    uint16_t       match_of_port[APPLE_N_TRANSPORTS][65536];
    apple_match_t *matches;
    size_t         n_matches;
};

static bool
row_applies(const apple_row_t *row, const apple_index_options_t *options)
{
    return options->wide_ranges || !apple_row_is_wide(row);
}

/* The rows covering [first, last] on t, where one range end list made sure
 * no row starts or ends inside. User rows replace built-in ones. */
static size_t
segment_rows(const apple_row_t *const *rows, size_t n_rows, const apple_index_options_t *options,
             apple_transport_t t, uint16_t first, const apple_row_t **out)
{
    size_t n = 0;
    bool user_row_here = false;

    for (size_t i = 0; i < n_rows; i++)
        if (rows[i]->from_user_table && row_applies(rows[i], options) &&
            apple_row_covers(rows[i], t, first))
            user_row_here = true;
    for (size_t i = 0; i < n_rows; i++) {
        if (!row_applies(rows[i], options) || !apple_row_covers(rows[i], t, first))
            continue;
        if (user_row_here && !rows[i]->from_user_table)
            continue;
        out[n++] = rows[i];
    }
    return n;
}

static bool
same_rows(const apple_match_t *m, const apple_row_t **rows, size_t n)
{
    return m->n_rows == n && memcmp(m->rows, rows, n * sizeof *rows) == 0;
}

/* Returns the 1-based number of the match holding exactly these rows on t,
 * adding it if new; 0 (no label) if the index already numbers as many
 * matches as its 16-bit entries can, which only a user table of more than
 * 16000 rows could reach. A match is shared only by ports of one transport
 * (its tree texts name it), so the search starts at first_of_t, the
 * transport's first match. */
static size_t
intern_match(apple_index_t *port_index, size_t first_of_t, const apple_row_t **rows, size_t n,
             apple_transport_t t, apple_lang_t lang)
{
    apple_match_t *m;

    for (size_t i = first_of_t; i < port_index->n_matches; i++)
        if (same_rows(&port_index->matches[i], rows, n))
            return i + 1;
    if (port_index->n_matches == UINT16_MAX)
        return 0;
    m = &port_index->matches[port_index->n_matches];
    m->n_rows = n;
    m->rows = g_new(const apple_row_t *, n);
    memcpy(m->rows, rows, n * sizeof *rows);
    m->transport = t;
    m->texts = apple_texts_new(rows, n, t, lang);
    return ++port_index->n_matches;
}

static int
compare_ports(const void *a, const void *b)
{
    return (int)*(const uint32_t *)a - (int)*(const uint32_t *)b;
}

/* Fills one transport's array. Segment starts are every range's first port
 * and the port after every range's last one. */
static void
index_transport(apple_index_t *port_index, const apple_row_t *const *rows, size_t n_rows,
                const apple_index_options_t *options, apple_transport_t t, uint32_t *starts,
                const apple_row_t **scratch)
{
    size_t n_starts = 0, first_of_t = port_index->n_matches;

    starts[n_starts++] = 0;
    for (size_t i = 0; i < n_rows; i++) {
        starts[n_starts++] = rows[i]->port_first;
        starts[n_starts++] = (uint32_t)rows[i]->port_last + 1;
    }
    starts[n_starts++] = 65536;
    qsort(starts, n_starts, sizeof *starts, compare_ports);

    for (size_t s = 0; s + 1 < n_starts; s++) {
        uint32_t first = starts[s], end = starts[s + 1];
        size_t n, number = 0;

        if (first == end)
            continue;
        n = segment_rows(rows, n_rows, options, t, (uint16_t)first, scratch);
        if (n)
            number = intern_match(port_index, first_of_t, scratch, n, t, options->lang);
        for (uint32_t port = first; port < end; port++)
            port_index->match_of_port[t][port] = (uint16_t)number;
    }
}

apple_index_t *
apple_index_new(const apple_row_t *const *rows, size_t n_rows, const apple_index_options_t *options)
{
    /* each transport has at most 2 * n_rows + 1 segments, so as many matches */
    size_t max_matches = MIN(APPLE_N_TRANSPORTS * (2 * n_rows + 1), UINT16_MAX);
    apple_index_t *port_index = g_new0(apple_index_t, 1);
    uint32_t *starts = g_new(uint32_t, 2 * n_rows + 2);
    const apple_row_t **scratch = g_new(const apple_row_t *, n_rows ? n_rows : 1);

    port_index->matches = g_new0(apple_match_t, max_matches);
    for (int t = 0; t < APPLE_N_TRANSPORTS; t++)
        index_transport(port_index, rows, n_rows, options, (apple_transport_t)t, starts, scratch);
    g_free(starts);
    g_free(scratch);
    return port_index;
}

void
apple_index_free(apple_index_t *port_index)
{
    if (!port_index)
        return;
    for (size_t i = 0; i < port_index->n_matches; i++) {
        g_free(port_index->matches[i].rows);
        apple_texts_free((apple_texts_t *)port_index->matches[i].texts);
    }
    g_free(port_index->matches);
    g_free(port_index);
}

const apple_match_t *
apple_index_lookup(const apple_index_t *port_index, apple_transport_t t, uint16_t port)
{
    uint16_t number = port_index->match_of_port[t][port];
    return number ? &port_index->matches[number - 1] : NULL;
}

size_t
apple_index_match_count(const apple_index_t *port_index)
{
    return port_index->n_matches;
}
