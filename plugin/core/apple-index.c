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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG_PRODUCTS_SHOWN 3

struct apple_index {
    /* 0: no row; otherwise 1 + position in matches */
    uint16_t       match_of_port[APPLE_N_TRANSPORTS][65536];
    apple_match_t *matches;
    size_t         n_matches;
};

typedef struct {            /* a growable string, for building tags */
    char  *text;
    size_t len, cap;
    bool   failed;
} strbuf_t;

static void sb_add(strbuf_t *sb, const char *s)
{
    size_t n = strlen(s);
    if (sb->failed)
        return;
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = (sb->len + n + 1) * 2;
        char *grown = realloc(sb->text, cap);
        if (!grown) {
            sb->failed = true;
            return;
        }
        sb->text = grown;
        sb->cap = cap;
    }
    memcpy(sb->text + sb->len, s, n + 1);
    sb->len += n;
}

static bool seen_before(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* The rows' distinct services and products, for the tag and for statistics
 * (rows that overlap often share them: "connected", "FaceTime"). */
static bool collect_names(apple_match_t *m, apple_lang_t lang)
{
    size_t max_products = 0;

    for (size_t r = 0; r < m->n_rows; r++)
        max_products += m->rows[r]->n_products;
    m->services = malloc(m->n_rows * sizeof *m->services);
    m->products = malloc((max_products ? max_products : 1) * sizeof *m->products);
    if (!m->services || !m->products)
        return false;
    for (size_t r = 0; r < m->n_rows; r++) {
        const apple_row_t *row = m->rows[r];

        if (!seen_before(m->services, m->n_services, row->service))
            m->services[m->n_services++] = row->service;
        for (size_t p = 0; p < row->n_products; p++)
            if (!seen_before(m->products, m->n_products, row->products[lang][p].name))
                m->products[m->n_products++] = row->products[lang][p].name;
    }
    return true;
}

/* " [Apple svc1, svc2: product, product, product, +N]" */
static char *make_tag(const apple_match_t *m)
{
    strbuf_t sb = { 0 };
    char more[32];

    sb_add(&sb, " [Apple ");
    for (size_t i = 0; i < m->n_services; i++) {
        if (i)
            sb_add(&sb, ", ");
        sb_add(&sb, m->services[i]);
    }
    for (size_t i = 0; i < m->n_products && i < TAG_PRODUCTS_SHOWN; i++) {
        sb_add(&sb, i == 0 ? ": " : ", ");
        sb_add(&sb, m->products[i]);
    }
    if (m->n_products > TAG_PRODUCTS_SHOWN) {
        snprintf(more, sizeof more, ", +%zu", m->n_products - TAG_PRODUCTS_SHOWN);
        sb_add(&sb, more);
    }
    sb_add(&sb, "]");
    if (sb.failed) {
        free(sb.text);
        return NULL;
    }
    return sb.text;
}

static char *copy_text(const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

/* "16384-16403", or "443" */
static void format_ports(char *out, size_t size, const apple_row_t *row)
{
    if (apple_row_is_range(row))
        snprintf(out, size, "%u-%u", (unsigned)row->port_first, (unsigned)row->port_last);
    else
        snprintf(out, size, "%u", (unsigned)row->port_first);
}

/* The tree's texts for each row, on transport t. */
static bool make_row_texts(apple_match_t *m, apple_transport_t t)
{
    char ports[16];

    m->row_titles = calloc(m->n_rows, sizeof *m->row_titles);
    m->row_ranges = calloc(m->n_rows, sizeof *m->row_ranges);
    if (!m->row_titles || !m->row_ranges)
        return false;
    for (size_t r = 0; r < m->n_rows; r++) {
        const apple_row_t *row = m->rows[r];
        strbuf_t sb = { 0 };

        format_ports(ports, sizeof ports, row);
        sb_add(&sb, row->service);
        sb_add(&sb, t == APPLE_TCP ? " (TCP " : " (UDP ");
        sb_add(&sb, ports);
        sb_add(&sb, row->from_user_table ? ", user table)" : ")");
        if (sb.failed)
            return false;
        m->row_titles[r] = sb.text;
        if (apple_row_is_range(row) && !(m->row_ranges[r] = copy_text(ports, strlen(ports))))
            return false;
    }
    return true;
}

static void free_match(apple_match_t *m)
{
    for (size_t r = 0; r < m->n_rows; r++) {
        if (m->row_titles)
            free(m->row_titles[r]);
        if (m->row_ranges)
            free(m->row_ranges[r]);
    }
    free(m->row_titles);
    free(m->row_ranges);
    free(m->rows);
    free(m->services);
    free(m->products);
    free(m->tag);
    free(m->summary);
}

static bool row_applies(const apple_row_t *row, const apple_index_options_t *options)
{
    return options->wide_ranges || !apple_row_is_wide(row);
}

/* The rows covering [first, last] on t, where one range end list made sure
 * no row starts or ends inside. User rows replace built-in ones. */
static size_t segment_rows(const apple_row_t *const *rows, size_t n_rows,
                           const apple_index_options_t *options, apple_transport_t t,
                           uint16_t first, const apple_row_t **out)
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

static bool same_rows(const apple_match_t *m, const apple_row_t **rows, size_t n)
{
    return m->n_rows == n && memcmp(m->rows, rows, n * sizeof *rows) == 0;
}

static bool fill_match(apple_match_t *m, const apple_row_t **rows, size_t n,
                       apple_transport_t t, apple_lang_t lang)
{
    m->n_rows = n;
    m->rows = malloc(n * sizeof *rows);
    if (!m->rows)
        return false;
    memcpy(m->rows, rows, n * sizeof *rows);
    if (!collect_names(m, lang) || !(m->tag = make_tag(m)))
        return false;
    /* " [Apple " ... "]" */
    m->summary = copy_text(m->tag + 8, strlen(m->tag) - 9);
    return m->summary && make_row_texts(m, t);
}

/* Returns the 1-based number of the match holding exactly these rows on t,
 * adding it if new; 0 when memory runs out. A match is shared only by ports
 * of one transport (its tree texts name it), so the search starts at
 * first_of_t, the transport's first match. */
static size_t intern_match(apple_index_t *index, size_t first_of_t, const apple_row_t **rows,
                           size_t n, apple_transport_t t, apple_lang_t lang,
                           size_t max_matches)
{
    apple_match_t *m;

    for (size_t i = first_of_t; i < index->n_matches; i++)
        if (same_rows(&index->matches[i], rows, n))
            return i + 1;
    if (index->n_matches == max_matches || index->n_matches == UINT16_MAX)
        return 0;
    m = &index->matches[index->n_matches];
    if (!fill_match(m, rows, n, t, lang)) {
        free_match(m);
        memset(m, 0, sizeof *m);
        return 0;
    }
    return ++index->n_matches;
}

static int compare_ports(const void *a, const void *b)
{
    return (int)*(const uint32_t *)a - (int)*(const uint32_t *)b;
}

/* Fills one transport's array. Segment starts are every range's first port
 * and the port after every range's last one. */
static bool index_transport(apple_index_t *index, const apple_row_t *const *rows,
                            size_t n_rows, const apple_index_options_t *options,
                            apple_transport_t t, uint32_t *starts,
                            const apple_row_t **scratch, size_t max_matches)
{
    size_t n_starts = 0, first_of_t = index->n_matches;

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
        if (n) {
            number = intern_match(index, first_of_t, scratch, n, t, options->lang,
                                  max_matches);
            if (!number)
                return false;
        }
        for (uint32_t port = first; port < end; port++)
            index->match_of_port[t][port] = (uint16_t)number;
    }
    return true;
}

apple_index_t *apple_index_new(const apple_row_t *const *rows, size_t n_rows,
                               const apple_index_options_t *options)
{
    /* each transport has at most 2 * n_rows + 1 segments */
    size_t max_matches = APPLE_N_TRANSPORTS * (2 * n_rows + 1);
    apple_index_t *index = calloc(1, sizeof *index);
    uint32_t *starts = malloc((2 * n_rows + 2) * sizeof *starts);
    const apple_row_t **scratch = malloc((n_rows ? n_rows : 1) * sizeof *scratch);
    bool ok = index && starts && scratch;

    if (ok) {
        index->matches = calloc(max_matches, sizeof *index->matches);
        ok = index->matches != NULL;
    }
    for (int t = 0; ok && t < APPLE_N_TRANSPORTS; t++)
        ok = index_transport(index, rows, n_rows, options, (apple_transport_t)t,
                             starts, scratch, max_matches);
    free(starts);
    free(scratch);
    if (!ok) {
        apple_index_free(index);
        return NULL;
    }
    return index;
}

void apple_index_free(apple_index_t *index)
{
    if (!index)
        return;
    for (size_t i = 0; i < index->n_matches; i++)
        free_match(&index->matches[i]);
    free(index->matches);
    free(index);
}

const apple_match_t *apple_index_lookup(const apple_index_t *index,
                                        apple_transport_t t, uint16_t port)
{
    uint16_t number = index->match_of_port[t][port];
    return number ? &index->matches[number - 1] : NULL;
}

size_t apple_index_match_count(const apple_index_t *index)
{
    return index->n_matches;
}

const apple_row_t **apple_builtin_row_list(void)
{
    const apple_row_t **list = malloc((apple_builtin_row_count ? apple_builtin_row_count : 1) *
                                      sizeof *list);
    if (!list)
        return NULL;
    for (size_t i = 0; i < apple_builtin_row_count; i++)
        list[i] = &apple_builtin_rows[i];
    return list;
}
