/* gen-apple-table.c
 * Build tool: reads data/apple-ports.tsv, checks every row, and writes the
 * C table the plugin is built with. A malformed row fails the build with
 * "file:line: reason".
 *
 * Usage: gen-apple-table INPUT.tsv OUTPUT.c
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-parse.h"
#include "apple-table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const columns[] = {
    "ports", "transport", "service", "iana_printed", "rfc",
    "protocol_da", "protocol_en", "used_by_printed", "products_da", "products_en",
};
enum { C_PORTS, C_TRANSPORT, C_SERVICE, C_IANA, C_RFC, C_PROTO_DA, C_PROTO_EN,
       C_USED_BY, C_PRODUCTS_DA, C_PRODUCTS_EN, N_COLUMNS };

#define MAX_ENTRIES 64          /* product entries in one cell */
#define MAX_LINE    8192

typedef struct {                /* "Name [qualifier]" */
    char *name;
    char *qualifier;            /* NULL if none */
} entry_t;

static const char *input_path;
static unsigned    line_number;

static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%u: ", input_path, line_number);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static char *trim(char *s)
{
    char *end;
    while (*s == ' ')
        s++;
    end = s + strlen(s);
    while (end > s && end[-1] == ' ')
        *--end = '\0';
    return s;
}

static bool valid_utf8(const unsigned char *s)
{
    while (*s) {
        int extra = *s < 0x80 ? 0 : (*s >> 5) == 6 ? 1 : (*s >> 4) == 14 ? 2 : (*s >> 3) == 30 ? 3 : -1;
        if (extra < 0)
            return false;
        s++;
        for (int i = 0; i < extra; i++, s++)
            if ((*s & 0xC0) != 0x80)
                return false;
    }
    return true;
}

/* Splits a products cell ("-" or "A | B [q] | C") into entries. */
static size_t parse_entries(char *cell, const char *column, entry_t *out)
{
    size_t n = 0;
    char *next;

    if (strcmp(cell, "-") == 0)
        return 0;
    for (char *item = cell; item; item = next) {
        char *open, *close;
        next = strchr(item, '|');
        if (next)
            *next++ = '\0';
        item = trim(item);
        if (n == MAX_ENTRIES)
            die("column '%s': more than %d products", column, MAX_ENTRIES);
        open = strchr(item, '[');
        close = strrchr(item, ']');
        if ((open == NULL) != (close == NULL) || (close && (close < open || close[1] != '\0')))
            die("column '%s': product '%s' must be 'Name' or 'Name [qualifier]'", column, item);
        if (open) {
            *open = '\0';
            *close = '\0';
            out[n].qualifier = trim(open + 1);
            if (*out[n].qualifier == '\0')
                die("column '%s': product '%s' has an empty qualifier", column, trim(item));
        } else {
            out[n].qualifier = NULL;
        }
        out[n].name = trim(item);
        if (*out[n].name == '\0')
            die("column '%s': a product name is empty (stray '|'?)", column);
        n++;
    }
    return n;
}

/* The Danish and English lists must name the same products in the same
 * order, so that entry i in one language is entry i in the other. */
static void check_aligned(const entry_t *da, size_t n_da, const entry_t *en, size_t n_en)
{
    if (n_da != n_en)
        die("columns 'products_da' and 'products_en' list %zu and %zu products", n_da, n_en);
    for (size_t i = 0; i < n_en; i++) {
        if ((da[i].qualifier == NULL) != (en[i].qualifier == NULL))
            die("product %zu ('%s' / '%s') has a qualifier in one language only",
                i + 1, da[i].name, en[i].name);
        for (size_t j = 0; j < i; j++)
            if ((strcmp(da[i].name, da[j].name) == 0) != (strcmp(en[i].name, en[j].name) == 0))
                die("products %zu and %zu are the same product in one language only ('%s', '%s')",
                    j + 1, i + 1, en[j].name, en[i].name);
    }
}

static void put_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("NULL", out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static const char *optional(const char *cell)
{
    return strcmp(cell, "-") == 0 ? NULL : cell;
}

/* Writes the products of one row in one language, grouping the entries of
 * one product ("iCloud [a] | iCloud [b]") into a product with two qualifiers. */
static size_t put_products(FILE *out, unsigned row, const char *lang,
                           const entry_t *e, size_t n)
{
    size_t n_products = 0;
    bool done[MAX_ENTRIES] = { false };

    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        fprintf(out, "static const char *const q_%u_%s_%zu[] = { ", row, lang, i);
        for (size_t j = i; j < n; j++) {
            if (strcmp(e[j].name, e[i].name) != 0)
                continue;
            done[j] = true;
            if (e[j].qualifier) {
                put_string(out, e[j].qualifier);
                fputs(", ", out);
            }
        }
        fputs("NULL };\n", out);
    }
    fprintf(out, "static const apple_product_t p_%u_%s[] = {\n", row, lang);
    memset(done, 0, sizeof done);
    for (size_t i = 0; i < n; i++) {
        size_t nq = 0;
        if (done[i])
            continue;
        for (size_t j = i; j < n; j++)
            if (strcmp(e[j].name, e[i].name) == 0) {
                done[j] = true;
                nq += e[j].qualifier != NULL;
            }
        fputs("    { ", out);
        put_string(out, e[i].name);
        fprintf(out, ", %zu, q_%u_%s_%zu },\n", nq, row, lang, i);
        n_products++;
    }
    fputs("    { NULL, 0, NULL }\n};\n", out);
    return n_products;
}

int main(int argc, char **argv)
{
    char line[MAX_LINE];
    char *rows_text = NULL, *out_text = NULL;
    size_t rows_len = 0, out_len = 0;
    FILE *in, *out, *rows, *file;
    unsigned n_rows = 0;
    bool header_seen = false;

    if (argc != 3) {
        fprintf(stderr, "usage: %s INPUT.tsv OUTPUT.c\n", argv[0]);
        return 2;
    }
    input_path = argv[1];
    in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    /* Written to memory first, so a bad row leaves no half-written file
     * that a later build would take as up to date. */
    out = open_memstream(&out_text, &out_len);
    rows = open_memstream(&rows_text, &rows_len);
    if (!out || !rows) {
        perror("open_memstream");
        return 1;
    }
    fprintf(out, "/* Generated from %s by tools/gen-apple-table.c: edit the data file, not this. */\n"
                 "#include \"apple-table.h\"\n\n", input_path);

    while (fgets(line, sizeof line, in)) {
        char *cell[N_COLUMNS];
        char *p = line;
        size_t len = strlen(line);
        int n = 0;
        char err[256];
        uint16_t first, last;
        unsigned transports, rfc;
        entry_t da[MAX_ENTRIES], en[MAX_ENTRIES];
        size_t n_da, n_en, n_products;

        line_number++;
        if (len == sizeof line - 1 && line[len - 1] != '\n')
            die("line is longer than %d bytes", MAX_LINE - 2);
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (!valid_utf8((const unsigned char *)line))
            die("line is not valid UTF-8");

        n = 1;
        for (const char *c = line; *c; c++)
            n += *c == '\t';
        if (n != N_COLUMNS)
            die("expected %d tab-separated columns, found %d", N_COLUMNS, n);
        for (int c = 0; c < N_COLUMNS; c++) {
            char *tab = strchr(p, '\t');
            cell[c] = p;
            if (tab) {
                *tab = '\0';
                p = tab + 1;
            }
        }
        for (int c = 0; c < N_COLUMNS; c++)
            if (*trim(cell[c]) == '\0')
                die("column '%s' is empty (write '-' for none)", columns[c]);

        if (!header_seen) {
            for (int c = 0; c < N_COLUMNS; c++)
                if (strcmp(trim(cell[c]), columns[c]) != 0)
                    die("header column %d is '%s', expected '%s'", c + 1, cell[c], columns[c]);
            header_seen = true;
            continue;
        }
        for (int c = 0; c < N_COLUMNS; c++)
            cell[c] = trim(cell[c]);

        if (!apple_parse_ports(cell[C_PORTS], &first, &last, err, sizeof err))
            die("column 'ports': %s", err);
        if (!apple_parse_transport(cell[C_TRANSPORT], &transports, err, sizeof err))
            die("column 'transport': %s", err);
        if (!apple_check_service(cell[C_SERVICE], err, sizeof err))
            die("column 'service': %s", err);
        if (!apple_parse_rfc(cell[C_RFC], &rfc, err, sizeof err))
            die("column 'rfc': %s", err);
        if ((strcmp(cell[C_PROTO_DA], "-") == 0) != (strcmp(cell[C_PROTO_EN], "-") == 0))
            die("columns 'protocol_da' and 'protocol_en': one is '-' and the other is not");
        n_da = parse_entries(cell[C_PRODUCTS_DA], columns[C_PRODUCTS_DA], da);
        n_en = parse_entries(cell[C_PRODUCTS_EN], columns[C_PRODUCTS_EN], en);
        check_aligned(da, n_da, en, n_en);

        n_rows++;
        n_products = put_products(out, n_rows, "en", en, n_en);
        put_products(out, n_rows, "da", da, n_da);
        fputc('\n', out);

        fprintf(rows, "    { %u, %u, %u, %s, ", n_rows, (unsigned)first, (unsigned)last,
                transports == (APPLE_TCP_BIT | APPLE_UDP_BIT) ? "APPLE_TCP_BIT | APPLE_UDP_BIT"
                : transports == APPLE_TCP_BIT ? "APPLE_TCP_BIT" : "APPLE_UDP_BIT");
        put_string(rows, cell[C_SERVICE]);
        fputs(", ", rows);
        put_string(rows, optional(cell[C_IANA]));
        fprintf(rows, ", %u,\n      { ", rfc);
        put_string(rows, optional(cell[C_PROTO_EN]));
        fputs(", ", rows);
        put_string(rows, optional(cell[C_PROTO_DA]));
        fputs(" },\n      ", rows);
        put_string(rows, optional(cell[C_USED_BY]));
        fprintf(rows, ",\n      %zu, { p_%u_en, p_%u_da }, false },\n", n_products, n_rows, n_rows);
    }
    if (ferror(in))
        die("read error");
    if (!header_seen)
        die("no header line (%s ...)", columns[0]);
    if (n_rows == 0)
        die("no table rows");
    fclose(rows);

    fprintf(out, "const apple_row_t apple_builtin_rows[] = {\n%s};\n\n", rows_text);
    fprintf(out, "const size_t apple_builtin_row_count = %u;\n", n_rows);
    free(rows_text);
    fclose(in);
    fclose(out);

    file = fopen(argv[2], "w");
    if (!file || fwrite(out_text, 1, out_len, file) != out_len || fclose(file) != 0) {
        perror(argv[2]);
        return 1;
    }
    free(out_text);
    return 0;
}
