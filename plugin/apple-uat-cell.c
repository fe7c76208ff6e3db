/* apple-uat-cell.c
 * The check of one cell of a user table (see apple-uat-cell.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-uat-cell.h"

#include <glib.h>

apple_uat_bool_t
apple_uat_check_cell(const char *ptr, unsigned len, apple_cell_check_t check, char **error)
{
    char *text = g_strndup(ptr, len);
    char  err[256];
    bool  ok = check(text, err, sizeof err);

    if (!ok)
        *error = g_strdup(err);
    g_free(text);
    return ok;
}
