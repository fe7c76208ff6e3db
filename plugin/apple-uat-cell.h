/* apple-uat-cell.h
 * The check of one cell of a user table (apple_ports, apple_hosts): the
 * cell's bytes as a string through one of the core's checks, whose message
 * becomes the UAT's error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_UAT_CELL_H
#define APPLE_UAT_CELL_H

#include "apple-compat.h"

/* A check of plugin/core: false, with a message naming the value in err. */
typedef bool (*apple_cell_check_t)(const char *text, char *err, size_t errlen);

/* The UAT field check of the len bytes at ptr: false, with *error set. */
apple_uat_bool_t apple_uat_check_cell(const char *ptr, unsigned len, apple_cell_check_t check,
                                      char **error);

#endif /* APPLE_UAT_CELL_H */
