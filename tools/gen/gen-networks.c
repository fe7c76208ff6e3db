/* gen-networks.c
 * data/apple-networks.tsv -> Apple's address blocks as C
 * (apple_builtin_networks, see plugin/core/apple-networks.h).
 *
 * Each prefix is read with apple_network_parse, the parser the plugin
 * uses, and must be written in canonical form (RFC 5952 for IPv6: lower
 * case, no leading zeros, the longest run of two or more zero groups as
 * "::"), so that the text shown in the tree is the one in the data and a
 * prefix cannot hide twice under two spellings. A scope is apple or apns,
 * and every apns prefix lies inside an apple one. The table is written
 * sorted by IP version, then from the longest prefix, so the lookup's
 * first hit is the longest prefix.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "generators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apple-networks.h"
#include "tsv.h"

static const char *const columns[] = { "prefix", "scope", "source" };
enum { C_PREFIX, C_SCOPE, C_SOURCE, N_COLUMNS };

typedef struct {
    apple_network_t network;
    char           *text;
    unsigned        line;
} row_t;

/* The canonical text of network, as RFC 5952 writes IPv6. */
static void
canonical_text(const apple_network_t *network, char *out, size_t outlen)
{
    const uint8_t *p = network->prefix;
    unsigned groups[8];
    int best = -1, best_len = 0;
    GString *text;

    if (network->ip_version == 4) {
        snprintf(out, outlen, "%u.%u.%u.%u/%u", p[0], p[1], p[2], p[3], network->length);
        return;
    }
    for (int g = 0; g < 8; g++)
        groups[g] = (unsigned)p[2 * g] << 8 | p[2 * g + 1];
    /* the first longest run of zero groups, if two or more long */
    for (int g = 0; g < 8;) {
        int run = 0;
        while (g + run < 8 && groups[g + run] == 0)
            run++;
        if (run > best_len && run >= 2) {
            best = g;
            best_len = run;
        }
        g += run ? run : 1;
    }
    text = g_string_new(NULL);
    for (int g = 0; g < 8; g++) {
        if (g == best) {
            g_string_append(text, "::");
            g += best_len - 1;
            continue;
        }
        if (text->len && text->str[text->len - 1] != ':')
            g_string_append_c(text, ':');
        g_string_append_printf(text, "%x", groups[g]);
    }
    g_string_append_printf(text, "/%u", network->length);
    snprintf(out, outlen, "%s", text->str);
    g_string_free(text, TRUE);
}

static bool
same_network(const apple_network_t *a, const apple_network_t *b)
{
    return a->ip_version == b->ip_version && a->length == b->length &&
           memcmp(a->prefix, b->prefix, sizeof a->prefix) == 0;
}

/* Whether inner lies inside outer. */
static bool
network_holds(const apple_network_t *outer, const apple_network_t *inner)
{
    unsigned whole = outer->length / 8, rest = outer->length % 8;

    if (outer->ip_version != inner->ip_version || outer->length > inner->length)
        return false;
    if (memcmp(outer->prefix, inner->prefix, whole) != 0)
        return false;
    return rest == 0 ||
           ((outer->prefix[whole] ^ inner->prefix[whole]) & (uint8_t)(0xffu << (8 - rest))) == 0;
}

/* IP version, then the longest prefix first, then by address. */
static int
compare_rows(const void *pa, const void *pb)
{
    const apple_network_t *a = &((const row_t *)pa)->network, *b = &((const row_t *)pb)->network;

    if (a->ip_version != b->ip_version)
        return a->ip_version < b->ip_version ? -1 : 1;
    if (a->length != b->length)
        return a->length > b->length ? -1 : 1;
    return memcmp(a->prefix, b->prefix, sizeof a->prefix);
}

void
gen_networks(const char *input, const char *output)
{
    tsv_t tsv;
    char *cell[N_COLUMNS];
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(row_t));
    GString *out = g_string_new(NULL);

    tsv_open(&tsv, input, columns, N_COLUMNS);
    while (tsv_next(&tsv, cell)) {
        char err[512], canonical[64];
        row_t row = { .line = tsv.line };

        if (!apple_network_parse(cell[C_PREFIX], &row.network, err, sizeof err))
            tsv_fail(&tsv, "column 'prefix': %s", err);
        canonical_text(&row.network, canonical, sizeof canonical);
        if (strcmp(canonical, cell[C_PREFIX]) != 0)
            tsv_fail(&tsv, "column 'prefix': prefix '%s' is not in canonical form: write '%s'",
                     cell[C_PREFIX], canonical);
        if (strcmp(cell[C_SCOPE], "apple") == 0)
            row.network.scope = APPLE_NETWORK_APPLE;
        else if (strcmp(cell[C_SCOPE], "apns") == 0)
            row.network.scope = APPLE_NETWORK_APNS;
        else
            tsv_fail(&tsv, "column 'scope': scope '%s' must be apple or apns", cell[C_SCOPE]);
        for (guint i = 0; i < rows->len; i++) {
            const row_t *earlier = &g_array_index(rows, row_t, i);
            if (same_network(&earlier->network, &row.network))
                tsv_fail(&tsv, "column 'prefix': prefix '%s' repeats line %u", cell[C_PREFIX],
                         earlier->line);
        }
        row.text = g_strdup(cell[C_PREFIX]);
        g_array_append_val(rows, row);
    }
    if (rows->len == 0)
        tsv_fail(&tsv, "no rows");
    tsv_close(&tsv);

    /* an APNs range is a part of Apple's network that also says "Push
     * notifications"; one outside every apple prefix is a mistake */
    for (guint i = 0; i < rows->len; i++) {
        const row_t *row = &g_array_index(rows, row_t, i);
        bool inside = false;

        if (row->network.scope != APPLE_NETWORK_APNS)
            continue;
        for (guint j = 0; j < rows->len && !inside; j++) {
            const row_t *outer = &g_array_index(rows, row_t, j);
            inside = outer->network.scope == APPLE_NETWORK_APPLE &&
                     network_holds(&outer->network, &row->network);
        }
        if (!inside) {
            tsv.line = row->line;
            tsv_fail(&tsv, "column 'prefix': apns prefix '%s' is inside no apple prefix",
                     row->text);
        }
    }

    qsort(rows->data, rows->len, sizeof(row_t), compare_rows);
    g_string_append_printf(out, "/* Generated from %s by tools/gen: edit the data file, not this. */\n"
                                "#include \"apple-networks.h\"\n\n"
                                "/* by IP version, then from the longest prefix */\n"
                                "const apple_network_t apple_builtin_networks[] = {\n", input);
    for (guint i = 0; i < rows->len; i++) {
        row_t *row = &g_array_index(rows, row_t, i);
        unsigned bytes = row->network.ip_version == 4 ? 4 : 16;

        g_string_append_printf(out, "    { %u, {", row->network.ip_version);
        for (unsigned b = 0; b < bytes; b++)
            g_string_append_printf(out, "%s0x%02x", b ? ", " : " ", row->network.prefix[b]);
        g_string_append_printf(out, " }, %u, %s, ", row->network.length,
                               row->network.scope == APPLE_NETWORK_APNS ? "APPLE_NETWORK_APNS"
                                                                        : "APPLE_NETWORK_APPLE");
        tsv_put_string(out, row->text);
        g_string_append(out, " },\n");
        g_free(row->text);
    }
    g_string_append_printf(out, "};\n\nconst size_t apple_builtin_network_count = %u;\n", rows->len);
    tsv_write_output(output, out);
    g_array_free(rows, TRUE);
    g_string_free(out, TRUE);
}
