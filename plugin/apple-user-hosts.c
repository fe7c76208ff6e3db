/* apple-user-hosts.c
 * The user host table "apple_hosts" (see apple-user-hosts.h).
 *
 * Columns: host (a pattern, as in data/apple-hosts.tsv: "mdm.example.com",
 * "*.cache.example.com") and service (what it is for, shown as
 * apple.host_service: "Device management"). As for the user port table, a
 * field that fails its check keeps the row out, the rows after it still
 * load, and the valid rows are rebuilt at the start of every dissection.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/packet.h>
#include <epan/uat.h>

#include "apple-user-hosts.h"
#include "apple-uat-cell.h"
#include "core/apple-parse.h"

#define SERVICE_MAX 64          /* characters of a user's service text */

typedef struct {
    char *host;
    char *service;
} apple_user_host_rec_t;

static apple_user_host_rec_t *host_recs;
static unsigned               n_host_recs;

/* The valid rows and their services, rebuilt after every change. */
static apple_host_row_t     *rows;
static apple_host_service_t *services;      /* one per row: a user writes each freely */
static size_t                n_rows;
static void                (*table_changed)(void);

UAT_CSTRING_CB_DEF(apple_user_host, host,    apple_user_host_rec_t)
UAT_CSTRING_CB_DEF(apple_user_host, service, apple_user_host_rec_t)

static bool
service_ok(const char *text, char *err, size_t errlen)
{
    if (!text || !*text) {
        snprintf(err, errlen, "service is empty");
        return false;
    }
    if (g_utf8_strlen(text, -1) > SERVICE_MAX) {
        snprintf(err, errlen, "service '%s' is longer than %d characters", text, SERVICE_MAX);
        return false;
    }
    return true;
}

static apple_uat_bool_t
check_host(void *rec _U_, const char *ptr, unsigned len, const void *u1 _U_, const void *u2 _U_,
           char **error)
{
    return apple_uat_check_cell(ptr, len, apple_check_host_pattern, error);
}

static apple_uat_bool_t
check_service(void *rec _U_, const char *ptr, unsigned len, const void *u1 _U_, const void *u2 _U_,
              char **error)
{
    return apple_uat_check_cell(ptr, len, service_ok, error);
}

static void *
copy_rec(void *dest, const void *source, size_t len _U_)
{
    apple_user_host_rec_t       *d = (apple_user_host_rec_t *)dest;
    const apple_user_host_rec_t *s = (const apple_user_host_rec_t *)source;

    d->host    = g_strdup(s->host);
    d->service = g_strdup(s->service);
    return dest;
}

static void
free_rec(void *r)
{
    apple_user_host_rec_t *rec = (apple_user_host_rec_t *)r;

    g_free(rec->host);
    g_free(rec->service);
}

static void
free_rows(void)
{
    for (size_t i = 0; i < n_rows; i++) {
        g_free((char *)rows[i].pattern);
        g_free((char *)services[i].name[APPLE_LANG_EN]);
    }
    g_free(rows);
    g_free(services);
    rows = NULL;
    services = NULL;
    n_rows = 0;
}

void
apple_user_hosts_refresh(void)
{
    free_rows();
    rows = g_new0(apple_host_row_t, n_host_recs ? n_host_recs : 1);
    services = g_new0(apple_host_service_t, n_host_recs ? n_host_recs : 1);
    for (unsigned i = 0; i < n_host_recs; i++) {
        char err[256];

        if (!apple_check_host_pattern(host_recs[i].host, err, sizeof err) ||
            !service_ok(host_recs[i].service, err, sizeof err)) {
            ws_warning("Apple hosts table: row %u skipped: %s", i + 1, err);
            continue;
        }
        services[n_rows].name[APPLE_LANG_EN] = g_strdup(host_recs[i].service);
        services[n_rows].name[APPLE_LANG_DA] = NULL;      /* the user's text, in any language */
        services[n_rows].description = "from the user host table (apple_hosts)";
        rows[n_rows].pattern = g_strdup(host_recs[i].host);
        rows[n_rows].service = &services[n_rows];
        rows[n_rows].from_user_table = true;
        n_rows++;
    }
}

apple_host_table_t *
apple_user_hosts_table(void)
{
    const apple_host_row_t **all = g_new(const apple_host_row_t *,
                                         n_rows + apple_builtin_host_row_count + 1);
    apple_host_table_t *table;
    size_t n = 0;

    for (size_t i = 0; i < n_rows; i++)
        all[n++] = &rows[i];
    for (size_t i = 0; i < apple_builtin_host_row_count; i++)
        all[n++] = &apple_builtin_host_rows[i];
    table = apple_host_table_new(all, n);
    g_free(all);
    return table;
}

static void
table_edited(void)
{
    apple_user_hosts_refresh();
    if (table_changed)
        table_changed();
}

void
apple_user_hosts_register(module_t *module, void (*changed)(void))
{
    static uat_field_t fields[] = {
        UAT_FLD_CSTRING_OTHER(apple_user_host, host, "Host", check_host,
                              "A host name (mdm.example.com), *.NAME for any name below NAME, or "
                              "*-SUFFIX.NAME for one label ending in -SUFFIX below NAME"),
        UAT_FLD_CSTRING_OTHER(apple_user_host, service, "Service", check_service,
                              "What the host is for, shown as apple.host_service "
                              "(Device management, Content caching...)"),
        UAT_END_FIELDS
    };
    uat_t *uat;

    table_changed = changed;
    uat = uat_new("Apple hosts", sizeof(apple_user_host_rec_t), "apple_hosts", true,
                  &host_recs, &n_host_recs, UAT_AFFECTS_DISSECTION, NULL,
                  copy_rec, NULL, free_rec, table_edited, NULL, fields);
    register_shutdown_routine(free_rows);
    prefs_register_uat_preference(module, "hosts", "Apple host table",
        "A site's own Apple hosts (its MDM server, content cache, Xcode Server) and what they "
        "are for: flows to them are verified like those to Apple's hosts", uat);
}
