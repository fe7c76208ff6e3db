/* apple-hosts.c
 * The host table (see apple-hosts.h).
 *
 * The rows are indexed once, when the table is made, into four sorted
 * arrays: exact names, "*-SUFFIX.NAME" patterns by NAME, "*.NAME" patterns
 * by NAME, and Apple's domains. Every entry holds the answer a lookup gives
 * (the pattern and its services), so a lookup is a few binary searches of
 * the name and of its label suffixes ("push.apple.com", "apple.com",
 * "com" for "1-courier.push.apple.com"), longest first, and copies that
 * answer: nothing is allocated.
 *
 * Rows with the same pattern make one entry. Its services are those of the
 * user rows with that pattern, then those of the built-in rows, each in
 * row order and each service once: a user row adds to what Apple's list
 * says rather than hiding it. Beyond APPLE_HOST_SERVICES_MAX services
 * (which only a user table can reach) the rest are left out.
 *
 * Names are compared in ASCII lower case, so a pattern written with
 * capitals still matches the normalized (lower-case) names looked up.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-hosts.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

typedef enum {
    KIND_EXACT,        /* "gdmf.apple.com": key is the whole name */
    KIND_SUFFIX,       /* "*-courier.push.apple.com": key "push.apple.com", suffix "-courier" */
    KIND_BELOW,        /* "*.push.apple.com": key "push.apple.com" */
    KIND_DOMAIN,       /* "apple.com" and every name below it */
    N_KINDS
} kind_t;

typedef struct {
    const char        *key;
    size_t             key_len;
    const char        *suffix;       /* KIND_SUFFIX: "-SUFFIX", with its hyphen */
    size_t             suffix_len;
    apple_host_match_t match;        /* what a lookup that ends here gives */
} entry_t;

struct apple_host_table {
    entry_t *entries[N_KINDS];
    size_t   n_entries[N_KINDS];
};

/* One row or domain while the table is built. */
typedef struct {
    kind_t                      kind;
    const char                 *key;
    size_t                      key_len;
    const char                 *suffix;
    size_t                      suffix_len;
    const char                 *pattern;
    const apple_host_service_t *service;
    bool                        from_user_table;
    size_t                      position;     /* in the rows given: keeps row order */
} source_t;

/* Like strcmp on a[0..a_len) and b[0..b_len), in ASCII lower case. */
static int
compare_folded(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t n = MIN(a_len, b_len);

    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)g_ascii_tolower(a[i]);
        unsigned char y = (unsigned char)g_ascii_tolower(b[i]);

        if (x != y)
            return x < y ? -1 : 1;
    }
    return a_len == b_len ? 0 : a_len < b_len ? -1 : 1;
}

/* Sorts what becomes one entry together, in the order of its services:
 * by kind and key; suffixes longest first (the more specific one wins);
 * then user rows first, in row order. */
static int
compare_sources(const void *pa, const void *pb)
{
    const source_t *a = pa, *b = pb;
    int order;

    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    order = compare_folded(a->key, a->key_len, b->key, b->key_len);
    if (order)
        return order;
    if (a->suffix_len != b->suffix_len)
        return a->suffix_len > b->suffix_len ? -1 : 1;
    order = compare_folded(a->suffix, a->suffix_len, b->suffix, b->suffix_len);
    if (order)
        return order;
    if (a->from_user_table != b->from_user_table)
        return a->from_user_table ? -1 : 1;
    return a->position < b->position ? -1 : a->position > b->position;
}

static bool
same_entry(const source_t *a, const source_t *b)
{
    return a->kind == b->kind &&
           compare_folded(a->key, a->key_len, b->key, b->key_len) == 0 &&
           compare_folded(a->suffix, a->suffix_len, b->suffix, b->suffix_len) == 0;
}

/* Reads a row's pattern into source (kind, key, suffix). A pattern of
 * neither wildcard form is an exact name; if it is not a host name, it
 * simply matches nothing. */
static void
classify(const char *pattern, source_t *source)
{
    const char *dot;

    source->suffix = "";
    source->suffix_len = 0;
    if (pattern[0] == '*' && pattern[1] == '.' && pattern[2] != '\0') {
        source->kind = KIND_BELOW;
        source->key = pattern + 2;
    } else if (pattern[0] == '*' && pattern[1] == '-' && (dot = strchr(pattern, '.')) != NULL &&
               dot[1] != '\0') {
        source->kind = KIND_SUFFIX;
        source->suffix = pattern + 1;
        source->suffix_len = (size_t)(dot - source->suffix);
        source->key = dot + 1;
    } else {
        source->kind = KIND_EXACT;
        source->key = pattern;
    }
    source->key_len = strlen(source->key);
}

static bool
has_service(const apple_host_match_t *match, const apple_host_service_t *service)
{
    for (size_t i = 0; i < match->n_services; i++) {
        const apple_host_service_t *known = match->services[i];

        if (known == service ||
            (known->name[APPLE_LANG_EN] && service->name[APPLE_LANG_EN] &&
             strcmp(known->name[APPLE_LANG_EN], service->name[APPLE_LANG_EN]) == 0))
            return true;
    }
    return false;
}

/* Makes the entries of each kind from sources sorted by compare_sources. */
static void
make_entries(apple_host_table_t *table, const source_t *sources, size_t n_sources)
{
    for (size_t i = 0; i < n_sources;) {
        entry_t *entry = &table->entries[sources[i].kind][table->n_entries[sources[i].kind]++];
        size_t j;

        memset(entry, 0, sizeof *entry);
        entry->key = sources[i].key;
        entry->key_len = sources[i].key_len;
        entry->suffix = sources[i].suffix;
        entry->suffix_len = sources[i].suffix_len;
        entry->match.pattern = sources[i].pattern;       /* a user row's, if any */
        entry->match.by_domain = sources[i].kind == KIND_DOMAIN;
        entry->match.from_user_table = sources[i].from_user_table;
        for (j = i; j < n_sources && same_entry(&sources[i], &sources[j]); j++) {
            apple_host_match_t *match = &entry->match;

            /* a domain is one entry: the first one given */
            if (sources[j].kind == KIND_DOMAIN && j > i)
                continue;
            if (match->n_services < APPLE_HOST_SERVICES_MAX && !has_service(match, sources[j].service))
                match->services[match->n_services++] = sources[j].service;
        }
        i = j;
    }
}

apple_host_table_t *
apple_host_table_new(const apple_host_row_t *const *rows, size_t n_rows)
{
    apple_host_table_t *table = g_new0(apple_host_table_t, 1);
    source_t *sources = g_new(source_t, n_rows + apple_builtin_domain_count + 1);
    size_t n_sources = 0, per_kind[N_KINDS] = { 0 };

    for (size_t i = 0; i < n_rows; i++) {
        const apple_host_row_t *row = rows[i];
        source_t *source = &sources[n_sources];

        if (!row || !row->pattern || !row->service)
            continue;
        classify(row->pattern, source);
        source->pattern = row->pattern;
        source->service = row->service;
        source->from_user_table = row->from_user_table;
        source->position = n_sources++;
    }
    for (size_t i = 0; i < apple_builtin_domain_count; i++) {
        const apple_domain_t *domain = &apple_builtin_domains[i];
        source_t *source = &sources[n_sources];

        source->kind = KIND_DOMAIN;
        source->key = source->pattern = domain->domain;
        source->key_len = strlen(domain->domain);
        source->suffix = "";
        source->suffix_len = 0;
        source->service = domain->service;
        source->from_user_table = false;
        source->position = n_sources++;
    }
    if (n_sources)
        qsort(sources, n_sources, sizeof *sources, compare_sources);

    for (size_t i = 0; i < n_sources; i++)
        per_kind[sources[i].kind]++;
    for (int k = 0; k < N_KINDS; k++)
        table->entries[k] = g_new(entry_t, per_kind[k] ? per_kind[k] : 1);
    make_entries(table, sources, n_sources);
    g_free(sources);
    return table;
}

void
apple_host_table_free(apple_host_table_t *table)
{
    if (!table)
        return;
    for (int k = 0; k < N_KINDS; k++)
        g_free(table->entries[k]);
    g_free(table);
}

/* The first entry of kind whose key is key[0..key_len), or NULL. Entries
 * with the same key (suffix patterns) follow it. */
static const entry_t *
find_key(const apple_host_table_t *table, kind_t kind, const char *key, size_t key_len)
{
    const entry_t *entries = table->entries[kind];
    size_t low = 0, high = table->n_entries[kind];

    while (low < high) {
        size_t middle = low + (high - low) / 2;

        if (compare_folded(entries[middle].key, entries[middle].key_len, key, key_len) < 0)
            low = middle + 1;
        else
            high = middle;
    }
    if (low < table->n_entries[kind] &&
        compare_folded(entries[low].key, entries[low].key_len, key, key_len) == 0)
        return &entries[low];
    return NULL;
}

/* "*-SUFFIX.NAME": the first label of name ends in -SUFFIX, with something
 * before it, and the rest is NAME. */
static const entry_t *
find_suffix(const apple_host_table_t *table, const char *name, size_t len)
{
    const char *dot = memchr(name, '.', len);
    const entry_t *entry, *end;
    size_t label_len;

    if (!dot)
        return NULL;
    label_len = (size_t)(dot - name);
    entry = find_key(table, KIND_SUFFIX, dot + 1, len - label_len - 1);
    if (!entry)
        return NULL;
    end = table->entries[KIND_SUFFIX] + table->n_entries[KIND_SUFFIX];
    for (const entry_t *first = entry; entry < end; entry++) {
        if (compare_folded(entry->key, entry->key_len, first->key, first->key_len) != 0)
            break;
        if (label_len > entry->suffix_len &&
            compare_folded(dot - entry->suffix_len, entry->suffix_len, entry->suffix,
                           entry->suffix_len) == 0)
            return entry;
    }
    return NULL;
}

/* The entry of kind whose key is the longest label suffix of name (from
 * after its first dot if below_only, else from name itself), or NULL. */
static const entry_t *
find_longest_suffix(const apple_host_table_t *table, kind_t kind, const char *name, size_t len,
                    bool below_only)
{
    const char *start = name, *end = name + len;

    if (below_only) {
        start = memchr(name, '.', len);
        if (!start)
            return NULL;
        start++;
    }
    while (start < end) {
        const entry_t *entry = find_key(table, kind, start, (size_t)(end - start));
        const char *dot;

        if (entry)
            return entry;
        dot = memchr(start, '.', (size_t)(end - start));
        if (!dot)
            break;
        start = dot + 1;
    }
    return NULL;
}

bool
apple_hosts_lookup(const apple_host_table_t *table, const char *name, apple_host_match_t *match)
{
    const entry_t *entry = NULL;
    size_t len = 0;

    if (match)
        memset(match, 0, sizeof *match);
    if (!table || !name)
        return false;
    while (len < APPLE_HOSTNAME_MAX && name[len] != '\0')
        len++;
    if (len == 0 || len == APPLE_HOSTNAME_MAX)
        return false;                   /* not a normalized host name */

    entry = find_key(table, KIND_EXACT, name, len);
    if (!entry)
        entry = find_suffix(table, name, len);
    if (!entry)
        entry = find_longest_suffix(table, KIND_BELOW, name, len, true);
    if (!entry)
        entry = find_longest_suffix(table, KIND_DOMAIN, name, len, false);
    if (!entry)
        return false;
    if (match)
        *match = entry->match;
    return true;
}
