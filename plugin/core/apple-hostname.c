/* apple-hostname.c
 * Host name checks (see apple-hostname.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-hostname.h"

#include <glib.h>

bool
apple_hostname_normalize(const char *name, size_t len, char out[APPLE_HOSTNAME_MAX])
{
    size_t label = 0;

    out[0] = '\0';
    if (len > 0 && name[len - 1] == '.')
        len--;
    if (len == 0 || len > APPLE_HOSTNAME_MAX - 1)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];

        if (c == '.') {
            if (label == 0)
                goto bad;
            label = 0;
        } else if (g_ascii_isalnum(c) || c == '-' || c == '_') {
            if (++label > 63)
                goto bad;
        } else {
            goto bad;
        }
        out[i] = g_ascii_tolower(c);
    }
    if (label == 0)
        goto bad;
    out[len] = '\0';
    return true;
bad:
    out[0] = '\0';
    return false;
}

/* Four labels of one to three digits each. */
static bool
is_ipv4_literal(const char *name)
{
    unsigned labels = 1, digits = 0;

    for (const char *c = name; *c; c++) {
        if (*c == '.') {
            if (digits == 0)
                return false;
            labels++;
            digits = 0;
        } else if (!g_ascii_isdigit(*c) || ++digits > 3) {
            return false;
        }
    }
    return labels == 4 && digits > 0;
}

bool
apple_hostname_server_name(const char *name, size_t len, char out[APPLE_HOSTNAME_MAX])
{
    if (!apple_hostname_normalize(name, len, out))
        return false;
    if (is_ipv4_literal(out)) {
        out[0] = '\0';
        return false;
    }
    return true;
}
