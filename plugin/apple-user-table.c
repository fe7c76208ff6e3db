/* apple-user-table.c
 * The user port table "apple_ports" (see apple-user-table.h).
 *
 * Columns: ports ("7000" or "7000-7010"), transport (tcp, udp, tcp+udp),
 * service (short name), protocol text, products ("AirPlay, macOS", or with
 * qualifiers as in data/apple-ports.tsv: "AirPlay [screen mirroring]").
 * Each field is checked as it is loaded or edited, with the same parsers the
 * table generator uses, so a bad value is named in the same words.
 *
 * Wireshark keeps a record whose field check failed, marked invalid, and
 * goes on loading the rows after it; a failing update callback would instead
 * stop the load there. So there is no update callback: the rows are checked
 * again by apple_user_table_refresh(), and only the valid ones are used.
 * Wireshark 4.0 skips the post-update callback of a table that had an error,
 * so the plugin refreshes at the start of every dissection, not only then.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <epan/packet.h>
#include <epan/uat.h>

#include "apple-user-table.h"
#include "apple-uat-cell.h"
#include "core/apple-parse.h"

typedef struct {
    char *ports;
    char *transport;
    char *service;
    char *protocol;
    char *products;
} apple_user_rec_t;

static apple_user_rec_t *user_recs;
static unsigned          n_user_recs;

/* The valid rows, rebuilt after every change; their texts are copies. */
static apple_row_t *rows;
static size_t       n_rows;
static void       (*table_changed)(void);

UAT_CSTRING_CB_DEF(apple_user, ports,     apple_user_rec_t)
UAT_CSTRING_CB_DEF(apple_user, transport, apple_user_rec_t)
UAT_CSTRING_CB_DEF(apple_user, service,   apple_user_rec_t)
UAT_CSTRING_CB_DEF(apple_user, protocol,  apple_user_rec_t)
UAT_CSTRING_CB_DEF(apple_user, products,  apple_user_rec_t)

static bool
ports_ok(const char *text, char *err, size_t errlen)
{
    uint16_t first, last;
    return apple_parse_ports(text, &first, &last, err, errlen);
}

static bool
transport_ok(const char *text, char *err, size_t errlen)
{
    unsigned transports;
    return apple_parse_transport(text, &transports, err, errlen);
}

static bool
products_ok(const char *text, char *err, size_t errlen)
{
    size_t n;
    apple_product_t *products = apple_parse_products(text, &n, err, errlen);

    apple_products_free(products);
    return products != NULL;
}

static apple_uat_bool_t
check_ports(void *rec _U_, const char *ptr, unsigned len, const void *u1 _U_,
            const void *u2 _U_, char **error)
{
    return apple_uat_check_cell(ptr, len, ports_ok, error);
}

static apple_uat_bool_t
check_transport(void *rec _U_, const char *ptr, unsigned len, const void *u1 _U_,
                const void *u2 _U_, char **error)
{
    return apple_uat_check_cell(ptr, len, transport_ok, error);
}

static apple_uat_bool_t
check_service(void *rec _U_, const char *ptr, unsigned len, const void *u1 _U_,
              const void *u2 _U_, char **error)
{
    return apple_uat_check_cell(ptr, len, apple_check_service, error);
}

static apple_uat_bool_t
check_products(void *rec _U_, const char *ptr, unsigned len, const void *u1 _U_,
               const void *u2 _U_, char **error)
{
    return apple_uat_check_cell(ptr, len, products_ok, error);
}

static void *
copy_rec(void *dest, const void *source, size_t len _U_)
{
    apple_user_rec_t       *d = (apple_user_rec_t *)dest;
    const apple_user_rec_t *s = (const apple_user_rec_t *)source;

    d->ports     = g_strdup(s->ports);
    d->transport = g_strdup(s->transport);
    d->service   = g_strdup(s->service);
    d->protocol  = g_strdup(s->protocol);
    d->products  = g_strdup(s->products);
    return dest;
}

static void
free_rec(void *r)
{
    apple_user_rec_t *rec = (apple_user_rec_t *)r;

    g_free(rec->ports);
    g_free(rec->transport);
    g_free(rec->service);
    g_free(rec->protocol);
    g_free(rec->products);
}

static void
free_rows(void)
{
    for (size_t i = 0; i < n_rows; i++)
        apple_user_row_clear(&rows[i]);
    g_free(rows);
    rows = NULL;
    n_rows = 0;
}

void
apple_user_table_refresh(void)
{
    free_rows();
    rows = g_new0(apple_row_t, n_user_recs ? n_user_recs : 1);

    for (unsigned i = 0; i < n_user_recs; i++) {
        char err[256];
        const apple_user_rec_t *rec = &user_recs[i];
        apple_row_t *row = &rows[n_rows];

        if (!apple_parse_user_row(rec->ports, rec->transport, rec->service, rec->protocol,
                                  rec->products, row, err, sizeof err)) {
            ws_warning("Apple ports table: row %u skipped: %s", i + 1, err);
            continue;
        }
        row->number = i + 1;
        n_rows++;
    }
}

static void
table_edited(void)
{
    apple_user_table_refresh();
    if (table_changed)
        table_changed();
}

void
apple_user_table_register(module_t *module, void (*changed)(void))
{
    static uat_field_t fields[] = {
        UAT_FLD_CSTRING_OTHER(apple_user, ports, "Ports", check_ports,
                              "A port (7000) or an inclusive range of ports (7000-7010)"),
        UAT_FLD_CSTRING_OTHER(apple_user, transport, "Transport", check_transport,
                              "tcp, udp or tcp+udp"),
        UAT_FLD_CSTRING_OTHER(apple_user, service, "Service", check_service,
                              "Short service name shown in apple.service: a-z, 0-9 and '-'"),
        UAT_FLD_CSTRING(apple_user, protocol, "Protocol",
                        "The service or protocol, in words (may be empty)"),
        UAT_FLD_CSTRING_OTHER(apple_user, products, "Products", check_products,
                              "Products that use the port, separated by commas (may be empty); "
                              "\"Name [what for]\" adds what the product uses it for"),
        UAT_END_FIELDS
    };
    uat_t *uat;

    table_changed = changed;
    uat = uat_new("Apple ports", sizeof(apple_user_rec_t), "apple_ports", TRUE,
                  &user_recs, &n_user_recs, UAT_AFFECTS_DISSECTION, NULL,
                  copy_rec, NULL, free_rec, table_edited, NULL, fields);
    register_shutdown_routine(free_rows);
    prefs_register_uat_preference(module, "ports", "Apple port table",
        "Rows that add to Apple's table; a row on a port and transport the table "
        "already has replaces the table's rows there", uat);
}

size_t
apple_user_table_count(void)
{
    return n_rows;
}

const apple_row_t *
apple_user_table_row(size_t i)
{
    return &rows[i];
}
