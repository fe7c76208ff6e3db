/* gen-hosts.c
 * data/apple-host-services.tsv, data/apple-hosts.tsv and
 * data/apple-domains.tsv -> Apple's host list as C (apple_builtin_host_services,
 * apple_builtin_host_rows and apple_builtin_domains, see
 * plugin/core/apple-hosts.h).
 *
 * A service is one row of the vocabulary, named once. A host is a pattern
 * the user host table accepts (apple_check_host_pattern), and more
 * strictly a lower-case name of LDH labels (letters, digits and inner
 * hyphens, 1-63 characters each, 253 in all) with at least two labels, the
 * last not all digits (an address is not a name), or "*.name" or
 * "*-suffix.name" over such a name. Its ports are a comma-separated list or '-', its transport
 * tcp, udp, tcp+udp or '-' (with ports '-' only), its service one of the
 * vocabulary. A pattern is listed once per service, with at most
 * APPLE_HOST_SERVICES_MAX services. A domain is such a name, listed once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "generators.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "apple-hosts.h"
#include "apple-parse.h"
#include "tsv.h"

static const char *const service_columns[] = { "service", "service_da", "description" };
enum { S_SERVICE, S_SERVICE_DA, S_DESCRIPTION, N_SERVICE_COLUMNS };

static const char *const host_columns[] = { "host", "ports", "transport", "service", "source" };
enum { H_HOST, H_PORTS, H_TRANSPORT, H_SERVICE, H_SOURCE, N_HOST_COLUMNS };

static const char *const domain_columns[] = { "domain", "service", "source" };
enum { D_DOMAIN, D_SERVICE, D_SOURCE, N_DOMAIN_COLUMNS };

#define NAME_MAX_CHARS  253
#define LABEL_MAX_CHARS 63

typedef struct {
    const char *path;
    GHashTable *index_of;    /* service name -> 1 + its position */
    GHashTable *line_of;     /* service name -> the line that names it */
    size_t      count;
} vocabulary_t;

static bool G_GNUC_PRINTF(3, 4)
fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return false;
}

/* name: lower-case LDH labels, at least two, the last not all digits. */
static bool
check_name(const char *name, char *err, size_t errlen)
{
    size_t n = strlen(name), labels = 0;
    bool all_digits = true;             /* the last label's */

    if (n > NAME_MAX_CHARS)
        return fail(err, errlen, "name '%s' is longer than %d characters", name, NAME_MAX_CHARS);
    for (const char *label = name;;) {
        const char *end = strchr(label, '.');
        size_t len = end ? (size_t)(end - label) : strlen(label);

        labels++;
        if (len == 0)
            return fail(err, errlen, "name '%s' has an empty label", name);
        if (len > LABEL_MAX_CHARS)
            return fail(err, errlen, "name '%s': label '%.*s' is longer than %d characters",
                        name, (int)len, label, LABEL_MAX_CHARS);
        all_digits = true;
        for (size_t i = 0; i < len; i++) {
            if (g_ascii_isupper(label[i]))
                return fail(err, errlen, "name '%s' is not in lower case", name);
            if (!g_ascii_islower(label[i]) && !g_ascii_isdigit(label[i]) && label[i] != '-')
                return fail(err, errlen, "name '%s': label '%.*s' may hold only a-z, 0-9 and '-'",
                            name, (int)len, label);
            all_digits = all_digits && g_ascii_isdigit(label[i]);
        }
        if (label[0] == '-' || label[len - 1] == '-')
            return fail(err, errlen, "name '%s': label '%.*s' starts or ends with '-'",
                        name, (int)len, label);
        if (!end)
            break;
        label = end + 1;
    }
    if (labels < 2)
        return fail(err, errlen, "name '%s' is one label, not a name in a domain", name);
    if (all_digits)
        return fail(err, errlen, "name '%s' ends in a number, as an address does", name);
    return true;
}

/* An exact name, "*.name" or "*-suffix.name": what the user host table
 * accepts (apple_check_host_pattern, whose words a refusal then uses), and
 * beyond it LDH labels only. */
static bool
check_pattern(const char *pattern, char *err, size_t errlen)
{
    char inner[512];
    const char *name = pattern;

    if (!apple_check_host_pattern(pattern, err, errlen))
        return false;
    if (pattern[0] == '*' && pattern[1] == '.') {
        name = pattern + 2;
    } else if (pattern[0] == '*' && pattern[1] == '-') {
        const char *dot = strchr(pattern, '.');
        size_t suffix_len = dot ? (size_t)(dot - pattern - 2) : 0;

        if (!dot || suffix_len == 0)
            return fail(err, errlen, "pattern '%s' must be a name, '*.name' or '*-suffix.name'",
                        pattern);
        /* the suffix is the end of one label: LDH, not ending in '-', and
         * with room for one character before the hyphen */
        for (size_t i = 0; i < suffix_len; i++) {
            char c = pattern[2 + i];
            if (!g_ascii_islower(c) && !g_ascii_isdigit(c) && c != '-')
                return fail(err, errlen, "pattern '%s': suffix '-%.*s' may hold only a-z, 0-9 and '-'",
                            pattern, (int)suffix_len, pattern + 2);
        }
        if (pattern[1 + suffix_len] == '-')
            return fail(err, errlen, "pattern '%s': suffix '-%.*s' ends with '-'", pattern,
                        (int)suffix_len, pattern + 2);
        if (suffix_len + 2 > LABEL_MAX_CHARS)
            return fail(err, errlen, "pattern '%s': suffix '-%.*s' leaves no room in a label of %d characters",
                        pattern, (int)suffix_len, pattern + 2, LABEL_MAX_CHARS);
        name = dot + 1;
    } else if (strchr(pattern, '*')) {
        return fail(err, errlen, "pattern '%s' must be a name, '*.name' or '*-suffix.name'", pattern);
    }
    if (!check_name(name, inner, sizeof inner)) {
        if (name == pattern)
            return fail(err, errlen, "%s", inner);
        return fail(err, errlen, "pattern '%s': %s", pattern, inner);
    }
    return true;
}

/* "443,80" (ports from 1 to 65535, each once) or '-'. */
static bool
check_ports(const char *text, char *err, size_t errlen)
{
    GHashTable *seen;
    const char *item = text;
    bool ok = true;

    if (strcmp(text, "-") == 0)
        return true;
    seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (;;) {
        const char *end = strchr(item, ',');
        size_t len = end ? (size_t)(end - item) : strlen(item);
        unsigned long port = 0;
        size_t i;

        for (i = 0; i < len && g_ascii_isdigit(item[i]) && port <= 65535; i++)
            port = port * 10 + (unsigned long)(item[i] - '0');
        if (len == 0 || (i < len && !g_ascii_isdigit(item[i]))) {
            ok = fail(err, errlen, "'%s' is not a list of ports such as 443,80, or '-'", text);
            break;
        }
        if (port > 65535) {
            ok = fail(err, errlen, "port '%.*s' in '%s' is above 65535", (int)len, item, text);
            break;
        }
        if (port == 0 || item[0] == '0') {
            ok = fail(err, errlen, "port '%.*s' in '%s' is not written as a port from 1 to 65535",
                      (int)len, item, text);
            break;
        }
        if (!g_hash_table_add(seen, GUINT_TO_POINTER((unsigned)port))) {
            ok = fail(err, errlen, "port %lu is listed twice in '%s'", port, text);
            break;
        }
        if (!end)
            break;
        item = end + 1;
    }
    g_hash_table_destroy(seen);
    return ok;
}

static bool
check_transport(const char *text, char *err, size_t errlen)
{
    static const char *const transports[] = { "tcp", "udp", "tcp+udp", "-" };

    for (size_t i = 0; i < G_N_ELEMENTS(transports); i++)
        if (strcmp(text, transports[i]) == 0)
            return true;
    return fail(err, errlen, "transport '%s' must be tcp, udp, tcp+udp or '-'", text);
}

/* The position of a service of the vocabulary named in column of the row
 * last read, or the refusal. */
static size_t
service_of(const tsv_t *tsv, const vocabulary_t *vocabulary, const char *name, size_t column)
{
    gpointer found = g_hash_table_lookup(vocabulary->index_of, name);

    if (!found)
        tsv_fail(tsv, "column '%s': service '%s' is not in %s", tsv_column(tsv, column), name,
                 vocabulary->path);
    return GPOINTER_TO_SIZE(found) - 1;
}

static void
read_services(const char *path, vocabulary_t *vocabulary, GString *out)
{
    tsv_t tsv;
    char *cell[N_SERVICE_COLUMNS];

    vocabulary->path = path;
    vocabulary->index_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    vocabulary->line_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    vocabulary->count = 0;
    tsv_open(&tsv, path, service_columns, N_SERVICE_COLUMNS);
    g_string_append(out, "const apple_host_service_t apple_builtin_host_services[] = {\n");
    while (tsv_next(&tsv, cell)) {
        const char *name = cell[S_SERVICE], *danish = tsv_optional(cell[S_SERVICE_DA]);
        gpointer first = g_hash_table_lookup(vocabulary->line_of, name);

        if (strcmp(name, "-") == 0)
            tsv_fail(&tsv, "column 'service': a service needs a name, not '-'");
        if (first)
            tsv_fail(&tsv, "column 'service': service '%s' is named twice (first on line %u)", name,
                     GPOINTER_TO_UINT(first));
        g_hash_table_insert(vocabulary->index_of, g_strdup(name),
                            GSIZE_TO_POINTER(vocabulary->count + 1));
        g_hash_table_insert(vocabulary->line_of, g_strdup(name), GUINT_TO_POINTER(tsv.line));
        /* Danish falls back to English where the data has no Danish name */
        g_string_append(out, "    { { ");
        tsv_put_string(out, name);
        g_string_append(out, ", ");
        tsv_put_string(out, danish ? danish : name);
        g_string_append(out, " }, ");
        tsv_put_string(out, tsv_optional(cell[S_DESCRIPTION]));
        g_string_append(out, " },\n");
        vocabulary->count++;
    }
    if (vocabulary->count == 0)
        tsv_fail(&tsv, "no rows");
    tsv_close(&tsv);
    g_string_append_printf(out, "};\nconst size_t apple_builtin_host_service_count = %zu;\n\n",
                           vocabulary->count);
}

/* A row as written out, and where it goes. */
typedef struct {
    size_t service;          /* its position in the vocabulary */
    size_t line;             /* its position in the file, to keep ties in file order */
    char  *text;
} host_row_text_t;

/* The rows in the vocabulary's order: the lookup lists a host's services
 * in row order, so the vocabulary's order is the order of a host's
 * services, the most telling first (the Info tag names the first). */
static int
compare_rows(const void *a, const void *b)
{
    const host_row_text_t *ra = *(host_row_text_t *const *)a;
    const host_row_text_t *rb = *(host_row_text_t *const *)b;

    if (ra->service != rb->service)
        return ra->service < rb->service ? -1 : 1;
    return ra->line < rb->line ? -1 : ra->line > rb->line;
}

static void
read_hosts(const char *path, const vocabulary_t *vocabulary, GString *out)
{
    tsv_t tsv;
    char *cell[N_HOST_COLUMNS];
    GHashTable *row_line = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *services_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GPtrArray *texts = g_ptr_array_new();
    size_t n_rows = 0;

    tsv_open(&tsv, path, host_columns, N_HOST_COLUMNS);
    g_string_append(out, "const apple_host_row_t apple_builtin_host_rows[] = {\n");
    while (tsv_next(&tsv, cell)) {
        char err[512];
        const char *pattern = cell[H_HOST];
        size_t service;
        char *key;
        unsigned n_services;
        gpointer first;

        if (!check_pattern(pattern, err, sizeof err))
            tsv_fail(&tsv, "column 'host': %s", err);
        if (!check_ports(cell[H_PORTS], err, sizeof err))
            tsv_fail(&tsv, "column 'ports': %s", err);
        if (!check_transport(cell[H_TRANSPORT], err, sizeof err))
            tsv_fail(&tsv, "column 'transport': %s", err);
        if ((strcmp(cell[H_PORTS], "-") == 0) != (strcmp(cell[H_TRANSPORT], "-") == 0))
            tsv_fail(&tsv, "columns 'ports' and 'transport': one is '-' and the other is not");
        service = service_of(&tsv, vocabulary, cell[H_SERVICE], H_SERVICE);

        key = g_strdup_printf("%s\t%s", pattern, cell[H_SERVICE]);
        first = g_hash_table_lookup(row_line, key);
        if (first)
            tsv_fail(&tsv, "columns 'host' and 'service': '%s' with '%s' repeats line %u", pattern,
                     cell[H_SERVICE], GPOINTER_TO_UINT(first));
        g_hash_table_insert(row_line, key, GUINT_TO_POINTER(tsv.line));
        n_services = GPOINTER_TO_UINT(g_hash_table_lookup(services_of, pattern)) + 1;
        if (n_services > APPLE_HOST_SERVICES_MAX)
            tsv_fail(&tsv, "column 'host': '%s' has more than %d services (APPLE_HOST_SERVICES_MAX)",
                     pattern, APPLE_HOST_SERVICES_MAX);
        g_hash_table_insert(services_of, g_strdup(pattern), GUINT_TO_POINTER(n_services));

        {
            host_row_text_t *row = g_new(host_row_text_t, 1);
            GString *text = g_string_new("    { ");

            tsv_put_string(text, pattern);
            g_string_append_printf(text, ", &apple_builtin_host_services[%zu], false },\n", service);
            row->service = service;
            row->line = n_rows;
            row->text = g_string_free(text, FALSE);
            g_ptr_array_add(texts, row);
        }
        n_rows++;
    }
    if (n_rows == 0)
        tsv_fail(&tsv, "no rows");
    tsv_close(&tsv);
    g_ptr_array_sort(texts, compare_rows);
    for (unsigned i = 0; i < texts->len; i++) {
        host_row_text_t *row = g_ptr_array_index(texts, i);

        g_string_append(out, row->text);
        g_free(row->text);
        g_free(row);
    }
    g_ptr_array_free(texts, TRUE);
    g_string_append_printf(out, "};\nconst size_t apple_builtin_host_row_count = %zu;\n\n", n_rows);
    g_hash_table_destroy(row_line);
    g_hash_table_destroy(services_of);
}

static void
read_domains(const char *path, const vocabulary_t *vocabulary, GString *out)
{
    tsv_t tsv;
    char *cell[N_DOMAIN_COLUMNS];
    GHashTable *line_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    size_t n_domains = 0;

    tsv_open(&tsv, path, domain_columns, N_DOMAIN_COLUMNS);
    g_string_append(out, "const apple_domain_t apple_builtin_domains[] = {\n");
    while (tsv_next(&tsv, cell)) {
        char err[512];
        const char *domain = cell[D_DOMAIN];
        size_t service;
        gpointer first;

        if (!check_name(domain, err, sizeof err))
            tsv_fail(&tsv, "column 'domain': %s", err);
        first = g_hash_table_lookup(line_of, domain);
        if (first)
            tsv_fail(&tsv, "column 'domain': domain '%s' repeats line %u", domain,
                     GPOINTER_TO_UINT(first));
        g_hash_table_insert(line_of, g_strdup(domain), GUINT_TO_POINTER(tsv.line));
        service = service_of(&tsv, vocabulary, cell[D_SERVICE], D_SERVICE);

        g_string_append(out, "    { ");
        tsv_put_string(out, domain);
        g_string_append_printf(out, ", &apple_builtin_host_services[%zu] },\n", service);
        n_domains++;
    }
    if (n_domains == 0)
        tsv_fail(&tsv, "no rows");
    tsv_close(&tsv);
    g_string_append_printf(out, "};\nconst size_t apple_builtin_domain_count = %zu;\n", n_domains);
    g_hash_table_destroy(line_of);
}

void
gen_hosts(const char *services, const char *hosts, const char *domains, const char *output)
{
    GString *out = g_string_new(NULL);
    vocabulary_t vocabulary;

    g_string_append_printf(out, "/* Generated from %s, %s and %s by tools/gen: edit the data "
                                "files, not this. */\n#include \"apple-hosts.h\"\n\n",
                           services, hosts, domains);
    read_services(services, &vocabulary, out);
    read_hosts(hosts, &vocabulary, out);
    read_domains(domains, &vocabulary, out);
    tsv_write_output(output, out);
    g_hash_table_destroy(vocabulary.index_of);
    g_hash_table_destroy(vocabulary.line_of);
    g_string_free(out, TRUE);
}
