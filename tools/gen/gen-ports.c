/* gen-ports.c
 * data/apple-ports.tsv -> the C port table (apple_builtin_rows, see
 * plugin/core/apple-table.h). Every cell is checked with the parsers the
 * user port table uses (plugin/core/apple-parse.h), so both refuse a bad
 * value in the same words.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "generators.h"

#include <string.h>

#include "apple-parse.h"
#include "tsv.h"

static const char *const columns[] = {
    "ports", "transport", "service", "iana_printed", "rfc",
    "protocol_da", "protocol_en", "used_by_printed", "products_da", "products_en",
};
enum { C_PORTS, C_TRANSPORT, C_SERVICE, C_IANA, C_RFC, C_PROTO_DA, C_PROTO_EN,
       C_USED_BY, C_PRODUCTS_DA, C_PRODUCTS_EN, N_COLUMNS };

static apple_product_t *products_of(const tsv_t *tsv, const char *cell, size_t column, size_t *n)
{
    char err[256];
    apple_product_t *products = apple_parse_products(cell, n, err, sizeof err);

    if (!products)
        tsv_fail(tsv, "column '%s': %s", tsv_column(tsv, column), err);
    return products;
}

/* The Danish and English lists must name the same products in the same
 * order, so that product i in one language is product i in the other. */
static void check_aligned(const tsv_t *tsv, const apple_product_t *da, size_t n_da,
                          const apple_product_t *en, size_t n_en)
{
    if (n_da != n_en)
        tsv_fail(tsv, "columns 'products_da' and 'products_en' list %zu and %zu products",
                 n_da, n_en);
    for (size_t i = 0; i < n_en; i++)
        if (da[i].n_qualifiers != en[i].n_qualifiers)
            tsv_fail(tsv, "product %zu ('%s' / '%s') has %s", i + 1, da[i].name, en[i].name,
                     (da[i].n_qualifiers == 0) != (en[i].n_qualifiers == 0)
                         ? "a qualifier in one language only"
                         : "a different number of qualifiers in each language");
}

/* static arrays for one row's products in one language */
static void put_products(GString *out, unsigned row, const char *lang,
                         const apple_product_t *products, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(out, "static const char *const q_%u_%s_%zu[] = { ", row, lang, i);
        for (size_t q = 0; q < products[i].n_qualifiers; q++) {
            tsv_put_string(out, products[i].qualifiers[q]);
            g_string_append(out, ", ");
        }
        g_string_append(out, "NULL };\n");
    }
    g_string_append_printf(out, "static const apple_product_t p_%u_%s[] = {\n", row, lang);
    for (size_t i = 0; i < n; i++) {
        g_string_append(out, "    { ");
        tsv_put_string(out, products[i].name);
        g_string_append_printf(out, ", %zu, q_%u_%s_%zu },\n", products[i].n_qualifiers,
                               row, lang, i);
    }
    g_string_append(out, "    { NULL, 0, NULL }\n};\n");
}

void gen_ports(const char *input, const char *output)
{
    tsv_t tsv;
    char *cell[N_COLUMNS];
    GString *out = g_string_new(NULL), *rows = g_string_new(NULL);
    unsigned n_rows = 0;

    tsv_open(&tsv, input, columns, N_COLUMNS);
    g_string_append_printf(out, "/* Generated from %s by tools/gen: edit the data file, not this. */\n"
                                "#include \"apple-table.h\"\n\n", input);
    while (tsv_next(&tsv, cell)) {
        char err[256];
        uint16_t first, last;
        unsigned transports, rfc;
        size_t n_da, n_en;
        apple_product_t *da, *en;

        if (!apple_parse_ports(cell[C_PORTS], &first, &last, err, sizeof err))
            tsv_fail(&tsv, "column 'ports': %s", err);
        if (!apple_parse_transport(cell[C_TRANSPORT], &transports, err, sizeof err))
            tsv_fail(&tsv, "column 'transport': %s", err);
        if (!apple_check_service(cell[C_SERVICE], err, sizeof err))
            tsv_fail(&tsv, "column 'service': %s", err);
        if (!apple_parse_rfc(cell[C_RFC], &rfc, err, sizeof err))
            tsv_fail(&tsv, "column 'rfc': %s", err);
        if ((strcmp(cell[C_PROTO_DA], "-") == 0) != (strcmp(cell[C_PROTO_EN], "-") == 0))
            tsv_fail(&tsv, "columns 'protocol_da' and 'protocol_en': one is '-' and the other is not");
        da = products_of(&tsv, cell[C_PRODUCTS_DA], C_PRODUCTS_DA, &n_da);
        en = products_of(&tsv, cell[C_PRODUCTS_EN], C_PRODUCTS_EN, &n_en);
        check_aligned(&tsv, da, n_da, en, n_en);

        n_rows++;
        put_products(out, n_rows, "en", en, n_en);
        put_products(out, n_rows, "da", da, n_da);
        g_string_append_c(out, '\n');
        apple_products_free(da);
        apple_products_free(en);

        g_string_append_printf(rows, "    { %u, %u, %u, %s, ", n_rows, (unsigned)first, (unsigned)last,
                               transports == (APPLE_TCP_BIT | APPLE_UDP_BIT) ? "APPLE_TCP_BIT | APPLE_UDP_BIT"
                               : transports == APPLE_TCP_BIT ? "APPLE_TCP_BIT" : "APPLE_UDP_BIT");
        tsv_put_string(rows, cell[C_SERVICE]);
        g_string_append(rows, ", ");
        tsv_put_string(rows, tsv_optional(cell[C_IANA]));
        g_string_append_printf(rows, ", %u,\n      { ", rfc);
        tsv_put_string(rows, tsv_optional(cell[C_PROTO_EN]));
        g_string_append(rows, ", ");
        tsv_put_string(rows, tsv_optional(cell[C_PROTO_DA]));
        g_string_append(rows, " },\n      ");
        tsv_put_string(rows, tsv_optional(cell[C_USED_BY]));
        g_string_append_printf(rows, ",\n      %zu, { p_%u_en, p_%u_da }, false },\n", n_en,
                               n_rows, n_rows);
    }
    if (n_rows == 0)
        tsv_fail(&tsv, "no table rows");
    tsv_close(&tsv);

    g_string_append_printf(out, "const apple_row_t apple_builtin_rows[] = {\n%s};\n\n", rows->str);
    g_string_append_printf(out, "const size_t apple_builtin_row_count = %u;\n", n_rows);
    tsv_write_output(output, out);
    g_string_free(rows, TRUE);
    g_string_free(out, TRUE);
}
