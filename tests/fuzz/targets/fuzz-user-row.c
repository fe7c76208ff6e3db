/* fuzz-user-row.c
 * libFuzzer target: one row of the user port table (apple_ports), as the
 * plugin reads it from a profile file or a -o uat: option. The input is
 * split at tab bytes into the five cells (missing cells are empty); the
 * row must be refused with a message or accepted with values that hold.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "apple-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz-user-row: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_strndup((const char *)data, size);   /* stops at a NUL byte */
    char **cells = g_strsplit(text, "\t", 5);
    const char *cell[5] = { "", "", "", "", "" };
    char err[256];
    apple_row_t row;

    for (int i = 0; i < 5 && cells[i]; i++)
        cell[i] = cells[i];
    memset(err, 'x', sizeof err);
    if (apple_parse_user_row(cell[0], cell[1], cell[2], cell[3], cell[4], &row, err, sizeof err)) {
        check(row.port_first <= row.port_last, "first port above last");
        check(row.transports != 0 && (row.transports & ~(APPLE_TCP_BIT | APPLE_UDP_BIT)) == 0,
              "transport mask");
        check(row.from_user_table && strcmp(row.service, cell[2]) == 0, "service copied");
        check(row.products[APPLE_LANG_EN] == row.products[APPLE_LANG_DA], "one product list");
        for (size_t p = 0; p < row.n_products; p++) {
            const apple_product_t *product = &row.products[APPLE_LANG_EN][p];

            check(product->name && *product->name, "empty product name");
            check(!strpbrk(product->name, "|,[]"), "separator in a product name");
            for (size_t q = 0; q < product->n_qualifiers; q++)
                check(product->qualifiers[q] && *product->qualifiers[q], "empty qualifier");
            check(product->qualifiers[product->n_qualifiers] == NULL, "qualifiers end");
        }
        check(row.products[APPLE_LANG_EN][row.n_products].name == NULL, "products end");
        apple_user_row_clear(&row);
    } else {
        check(memchr(err, '\0', sizeof err) != NULL && err[0] != '\0', "no message");
        check(row.service == NULL && row.products[APPLE_LANG_EN] == NULL, "refused row holds texts");
    }
    g_strfreev(cells);
    g_free(text);
    return 0;
}
