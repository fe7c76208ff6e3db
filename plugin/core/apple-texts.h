/* apple-texts.h
 * The texts a labelled packet shows for a set of table rows (a match of
 * apple-index.h): the distinct services and products, the Info column tag,
 * the tree's summary and row titles. They are made once, when the index is
 * built, so that a packet formats nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_TEXTS_H
#define APPLE_TEXTS_H

#include "apple-table.h"

/* Products the tag names before it says ", +N" for the rest. */
#define APPLE_TAG_PRODUCTS_SHOWN 3

typedef struct {
    size_t        n_rows;
    size_t        n_services;
    const char  **services;      /* the rows' services, each once, in row order */
    size_t        n_products;
    const char  **products;      /* the rows' products, each once, in the texts' language */
    char         *service_list;  /* the services joined by ", ": "connected, facetime-rtp" */
    char         *product_list;  /* the first products and ", +N": "Messages, FaceTime, Game Center" */
    char         *tag;           /* " [Apple https: TLS websites, iTunes Store, Software Update, +12]" */
    char         *tag_port_only; /* " [Apple? https]": the port's service, nothing says the flow is Apple's */
    char         *summary;       /* the tag without " [Apple " and "]" */
    char        **row_titles;    /* per row: "https (TCP 443)", "x (UDP 7000-7010, user table)" */
    char        **row_ranges;    /* per row: "16384-16403", or NULL for a single port */
} apple_texts_t;

/* The texts of rows (n_rows >= 1, not copied) on transport t in lang. */
apple_texts_t *apple_texts_new(const apple_row_t *const *rows, size_t n_rows,
                               apple_transport_t t, apple_lang_t lang);

void apple_texts_free(apple_texts_t *texts);

/* names[0..n) joined by ", ", the first shown of them and then ", +N" for
 * the rest: "TLS websites, iTunes Store, Software Update, +12". g_free it. */
char *apple_texts_join(const char *const *names, size_t n, size_t shown);

#endif /* APPLE_TEXTS_H */
