/* apple-user-hosts.h
 * The user host table "apple_hosts" (a UAT): a site's own Apple hosts (its
 * MDM server, content cache or Xcode Server), each with what it is for.
 * Added to Apple's host list; a user row comes before Apple's rows for the
 * same name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_USER_HOSTS_H
#define APPLE_USER_HOSTS_H

#include <epan/prefs.h>

#include "core/apple-hosts.h"

/* Registers the table as a preference of module; changed() runs after every
 * load or edit of the table, once its rows are rebuilt. */
void apple_user_hosts_register(module_t *module, void (*changed)(void));

/* Rebuilds the rows from the table as it is now, warning about each row
 * that fails a check (it is left out). */
void apple_user_hosts_refresh(void);

/* A host table of Apple's rows and the valid user rows, to free with
 * apple_host_table_free(); it points at the user rows, which live until
 * the next refresh. */
apple_host_table_t *apple_user_hosts_table(void);

#endif /* APPLE_USER_HOSTS_H */
