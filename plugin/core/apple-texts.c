/* apple-texts.c
 * Texts of a match (see apple-texts.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-texts.h"

#include <string.h>

#include <glib.h>

static bool
seen_before(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* The rows' distinct services and products: rows that overlap often share
 * them ("connected", "FaceTime"). */
static void
collect_names(apple_texts_t *texts, const apple_row_t *const *rows, size_t n_rows,
              apple_lang_t lang)
{
    size_t max_products = 0;

    for (size_t r = 0; r < n_rows; r++)
        max_products += rows[r]->n_products;
    texts->services = g_new(const char *, n_rows);
    texts->products = g_new(const char *, max_products ? max_products : 1);
    for (size_t r = 0; r < n_rows; r++) {
        const apple_row_t *row = rows[r];

        if (!seen_before(texts->services, texts->n_services, row->service))
            texts->services[texts->n_services++] = row->service;
        for (size_t p = 0; p < row->n_products; p++)
            if (!seen_before(texts->products, texts->n_products, row->products[lang][p].name))
                texts->products[texts->n_products++] = row->products[lang][p].name;
    }
}

char *
apple_texts_join(const char *const *names, size_t n, size_t shown)
{
    GString *text = g_string_new(NULL);

    for (size_t i = 0; i < n && i < shown; i++) {
        if (i)
            g_string_append(text, ", ");
        g_string_append(text, names[i]);
    }
    if (n > shown)
        g_string_append_printf(text, "%s+%zu", text->len ? ", " : "", n - shown);
    return g_string_free(text, FALSE);
}

/* "16384-16403", or "443" */
static char *
format_ports(const apple_row_t *row)
{
    if (apple_row_is_range(row))
        return g_strdup_printf("%u-%u", (unsigned)row->port_first, (unsigned)row->port_last);
    return g_strdup_printf("%u", (unsigned)row->port_first);
}

apple_texts_t *
apple_texts_new(const apple_row_t *const *rows, size_t n_rows, apple_transport_t t,
                apple_lang_t lang)
{
    apple_texts_t *texts = g_new0(apple_texts_t, 1);

    texts->n_rows = n_rows;
    collect_names(texts, rows, n_rows, lang);
    texts->service_list = apple_texts_join(texts->services, texts->n_services,
                                            texts->n_services);
    texts->product_list = apple_texts_join(texts->products, texts->n_products,
                                            APPLE_TAG_PRODUCTS_SHOWN);
    if (texts->n_products)
        texts->summary = g_strdup_printf("%s: %s", texts->service_list, texts->product_list);
    else
        texts->summary = g_strdup(texts->service_list);
    texts->tag = g_strdup_printf(" [Apple %s]", texts->summary);
    texts->tag_port_only = g_strdup_printf(" [Apple? %s]", texts->service_list);

    texts->row_titles = g_new0(char *, n_rows);
    texts->row_ranges = g_new0(char *, n_rows);
    for (size_t r = 0; r < n_rows; r++) {
        char *ports = format_ports(rows[r]);

        texts->row_titles[r] = g_strdup_printf("%s (%s %s%s)", rows[r]->service,
                                               t == APPLE_TCP ? "TCP" : "UDP", ports,
                                               rows[r]->from_user_table ? ", user table" : "");
        if (apple_row_is_range(rows[r]))
            texts->row_ranges[r] = ports;
        else
            g_free(ports);
    }
    return texts;
}

void
apple_texts_free(apple_texts_t *texts)
{
    if (!texts)
        return;
    for (size_t r = 0; r < texts->n_rows; r++) {
        g_free(texts->row_titles[r]);
        g_free(texts->row_ranges[r]);
    }
    g_free(texts->services);
    g_free(texts->products);
    g_free(texts->service_list);
    g_free(texts->product_list);
    g_free(texts->tag);
    g_free(texts->tag_port_only);
    g_free(texts->summary);
    g_free(texts->row_titles);
    g_free(texts->row_ranges);
    g_free(texts);
}
