/* gen-bonjour.c
 * data/bonjour-services.tsv -> the DNS-SD service types as C
 * (apple_builtin_bonjour_types, see plugin/core/apple-bonjour-types.h).
 *
 * A type is "_name._tcp" or "_name._udp", in lower case, where name is a
 * service name as RFC 6335 section 5.1 defines it: 1-15 characters of
 * a-z, 0-9 and '-', at least one letter, no hyphen at either end nor two
 * in a row. Each type is listed once. A port is 1-65535, "dynamic" or '-'
 * (no service to connect to); apple_own is yes, protocol or no; a product
 * is named. The table is written sorted by type, for a binary search.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "generators.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apple-bonjour-types.h"
#include "tsv.h"

static const char *const columns[] = { "type", "port", "product", "description", "apple_own",
                                       "source" };
enum { C_TYPE, C_PORT, C_PRODUCT, C_DESCRIPTION, C_APPLE_OWN, C_SOURCE, N_COLUMNS };

#define SERVICE_NAME_MAX 15     /* RFC 6335 section 5.1 */

typedef struct {
    char    *type;
    char    *entry;     /* the C initializer */
    unsigned line;
} row_t;

static bool G_GNUC_PRINTF(3, 4)
fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return false;
}

/* Checks type; its service name goes to service[], its transport to *t. */
static bool
check_type(const char *type, char service[SERVICE_NAME_MAX + 1], apple_transport_t *t,
           char *err, size_t errlen)
{
    size_t len = strlen(type), name_len;
    const char *name = type + 1;
    bool letter = false;

    if (len < 6 || type[0] != '_' ||
        (strcmp(type + len - 5, "._tcp") != 0 && strcmp(type + len - 5, "._udp") != 0))
        return fail(err, errlen, "type '%s' must be _name._tcp or _name._udp", type);
    *t = type[len - 3] == 't' ? APPLE_TCP : APPLE_UDP;
    name_len = len - 6;
    if (name_len == 0 || name_len > SERVICE_NAME_MAX)
        return fail(err, errlen, "type '%s': the service name must be 1 to %d characters (RFC 6335)",
                    type, SERVICE_NAME_MAX);
    for (size_t i = 0; i < name_len; i++) {
        char c = name[i];

        if (g_ascii_isupper(c))
            return fail(err, errlen, "type '%s' is not in lower case", type);
        if (!g_ascii_islower(c) && !g_ascii_isdigit(c) && c != '-')
            return fail(err, errlen, "type '%s': service name '%.*s' may hold only a-z, 0-9 and '-' "
                        "(RFC 6335)", type, (int)name_len, name);
        if (c == '-' && i > 0 && name[i - 1] == '-')
            return fail(err, errlen, "type '%s': service name '%.*s' has two hyphens in a row "
                        "(RFC 6335)", type, (int)name_len, name);
        letter = letter || g_ascii_islower(c);
    }
    if (name[0] == '-' || name[name_len - 1] == '-')
        return fail(err, errlen, "type '%s': service name '%.*s' starts or ends with '-' (RFC 6335)",
                    type, (int)name_len, name);
    if (!letter)
        return fail(err, errlen, "type '%s': service name '%.*s' has no letter (RFC 6335)", type,
                    (int)name_len, name);
    memcpy(service, name, name_len);
    service[name_len] = '\0';
    return true;
}

/* 1-65535 without leading zeros, "dynamic" or '-'. */
static bool
check_port(const char *text, unsigned *port, bool *dynamic, bool *connectable,
           char *err, size_t errlen)
{
    unsigned long value = 0;
    size_t i;

    *port = 0;
    *dynamic = strcmp(text, "dynamic") == 0;
    *connectable = strcmp(text, "-") != 0;
    if (*dynamic || !*connectable)
        return true;
    for (i = 0; g_ascii_isdigit(text[i]) && value <= 65535; i++)
        value = value * 10 + (unsigned long)(text[i] - '0');
    if (i == 0 || text[i] != '\0' || text[0] == '0' || value > 65535)
        return fail(err, errlen, "port '%s' must be a port from 1 to 65535, 'dynamic' or '-'", text);
    *port = (unsigned)value;
    return true;
}

static int
compare_rows(const void *a, const void *b)
{
    return strcmp(((const row_t *)a)->type, ((const row_t *)b)->type);
}

void
gen_bonjour(const char *input, const char *output)
{
    static const struct { const char *value, *kind; } kinds[] = {
        { "yes",      "APPLE_BONJOUR_APPLE_ONLY" },
        { "protocol", "APPLE_BONJOUR_APPLE_PROTOCOL" },
        { "no",       "APPLE_BONJOUR_GENERIC" },
    };
    tsv_t tsv;
    char *cell[N_COLUMNS];
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(row_t));
    GHashTable *line_of = g_hash_table_new(g_str_hash, g_str_equal);
    GString *out = g_string_new(NULL);

    tsv_open(&tsv, input, columns, N_COLUMNS);
    while (tsv_next(&tsv, cell)) {
        char err[512], service[SERVICE_NAME_MAX + 1];
        apple_transport_t transport = APPLE_TCP;
        unsigned port;
        bool dynamic, connectable;
        const char *kind = NULL;
        gpointer first;
        GString *entry;
        row_t row;

        if (!check_type(cell[C_TYPE], service, &transport, err, sizeof err))
            tsv_fail(&tsv, "column 'type': %s", err);
        first = g_hash_table_lookup(line_of, cell[C_TYPE]);
        if (first)
            tsv_fail(&tsv, "column 'type': type '%s' repeats line %u", cell[C_TYPE],
                     GPOINTER_TO_UINT(first));
        if (!check_port(cell[C_PORT], &port, &dynamic, &connectable, err, sizeof err))
            tsv_fail(&tsv, "column 'port': %s", err);
        if (strcmp(cell[C_PRODUCT], "-") == 0)
            tsv_fail(&tsv, "column 'product': a type needs a product, not '-'");
        for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++)
            if (strcmp(cell[C_APPLE_OWN], kinds[k].value) == 0)
                kind = kinds[k].kind;
        if (!kind)
            tsv_fail(&tsv, "column 'apple_own': '%s' must be yes, protocol or no",
                     cell[C_APPLE_OWN]);

        row.type = g_strdup(cell[C_TYPE]);
        row.line = tsv.line;
        g_hash_table_insert(line_of, row.type, GUINT_TO_POINTER(row.line));
        entry = g_string_new("    { ");
        tsv_put_string(entry, cell[C_TYPE]);
        g_string_append(entry, ", ");
        tsv_put_string(entry, service);
        g_string_append_printf(entry, ", %s, %u, %s, %s, ",
                               transport == APPLE_TCP ? "APPLE_TCP" : "APPLE_UDP", port,
                               dynamic ? "true" : "false", connectable ? "true" : "false");
        tsv_put_string(entry, cell[C_PRODUCT]);
        g_string_append(entry, ",\n      ");
        tsv_put_string(entry, tsv_optional(cell[C_DESCRIPTION]));
        g_string_append_printf(entry, ", %s },\n", kind);
        row.entry = g_string_free(entry, FALSE);
        g_array_append_val(rows, row);
    }
    if (rows->len == 0)
        tsv_fail(&tsv, "no rows");
    tsv_close(&tsv);

    qsort(rows->data, rows->len, sizeof(row_t), compare_rows);
    g_string_append_printf(out, "/* Generated from %s by tools/gen: edit the data file, not this. */\n"
                                "#include \"apple-bonjour-types.h\"\n\n"
                                "/* sorted by type, for apple_bonjour_type_lookup */\n"
                                "const apple_bonjour_type_t apple_builtin_bonjour_types[] = {\n",
                           input);
    g_hash_table_destroy(line_of);     /* its keys are the rows' types */
    for (guint i = 0; i < rows->len; i++) {
        row_t *row = &g_array_index(rows, row_t, i);

        g_string_append(out, row->entry);
        g_free(row->entry);
        g_free(row->type);
    }
    g_string_append_printf(out, "};\n\nconst size_t apple_builtin_bonjour_type_count = %u;\n",
                           rows->len);
    tsv_write_output(output, out);
    g_array_free(rows, TRUE);
    g_string_free(out, TRUE);
}
