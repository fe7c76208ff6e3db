/* apple-user-table.h
 * The user port table "apple_ports" (a UAT): rows users add to Apple's
 * table, or that replace its rows on a port, without rebuilding the plugin.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_USER_TABLE_H
#define APPLE_USER_TABLE_H

#include <epan/prefs.h>

#include "core/apple-table.h"

/* Registers the table as a preference of module; changed() runs after every
 * load or edit of the table, once its rows are rebuilt. */
void apple_user_table_register(module_t *module, void (*changed)(void));

/* Rebuilds the rows from the table as it is now, warning about each row
 * that fails a check (it is left out). */
void apple_user_table_refresh(void);

/* The table's valid rows; a row that failed a check is left out. Each one's
 * number is its 1-based position in the user table. */
size_t apple_user_table_count(void);
const apple_row_t *apple_user_table_row(size_t i);

#endif /* APPLE_USER_TABLE_H */
