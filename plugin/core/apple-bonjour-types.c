/* apple-bonjour-types.c
 * Lookup of DNS-SD service types (see apple-bonjour-types.h). The
 * generator writes the table sorted by type, in lower case, so a binary
 * search that folds the asked name to lower case finds it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-bonjour-types.h"

#include <string.h>

#include <glib.h>

#define LOCAL_SUFFIX ".local"

/* "_" + 15 characters (RFC 6335) + "._tcp": no listed type is longer. */
#define TYPE_MAX 21

/* Compares the len bytes at name, folded to lower case, with the
 * NUL-terminated lower-case type, as strcmp does. */
static int
compare_folded(const char *name, size_t len, const char *type)
{
    size_t i;

    for (i = 0; i < len && type[i] != '\0'; i++) {
        unsigned char a = (unsigned char)g_ascii_tolower(name[i]);
        unsigned char b = (unsigned char)type[i];

        if (a != b)
            return a < b ? -1 : 1;
    }
    if (i < len)
        return 1;                       /* name is longer */
    return type[i] == '\0' ? 0 : -1;
}

const apple_bonjour_type_t *
apple_bonjour_type_lookup(const char *type, size_t len)
{
    const size_t suffix_len = sizeof LOCAL_SUFFIX - 1;
    size_t low = 0, high = apple_builtin_bonjour_type_count;

    if (!type)
        return NULL;
    if (len > suffix_len && g_ascii_strncasecmp(type + len - suffix_len, LOCAL_SUFFIX,
                                                suffix_len) == 0)
        len -= suffix_len;
    if (len == 0 || len > TYPE_MAX)
        return NULL;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        int order = compare_folded(type, len, apple_builtin_bonjour_types[middle].type);

        if (order == 0)
            return &apple_builtin_bonjour_types[middle];
        if (order < 0)
            high = middle;
        else
            low = middle + 1;
    }
    return NULL;
}
