/* apple-devices-table.c
 * The devices table (see apple-devices-table.h).
 *
 * The devices come from the store of Bonjour facts (apple-learn.h), which
 * the first dissection of each mDNS frame fills; the table follows it
 * whenever it changes, on the packets the tap hands over, and counts the
 * packets and bytes of the flows labelled by each device's announcements.
 * Cells that hold lists are joined with ", ". Inside a value, '\\' and '|'
 * (and in a list ',' too) get a backslash before them, as DNS-SD escapes
 * instance names, so that a script can split tshark's lines at " |" and a
 * list at every ", " that has no backslash before it. A model stays
 * "iMac20,1".
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <string.h>

#include <epan/address.h>
#include <epan/packet_info.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "apple-devices-table.h"
#include "apple-learn.h"
#include "apple-tap.h"

#define DEVICES_CLI   "apple,devices"
#define DEVICES_TITLE "Apple devices"
#define COUNT_WIDTH   15            /* digits of a byte count: up to 999 TB */
#define FLOWS_KEPT    4096          /* distinct flows a device counts, at most */

enum {
    COL_DEVICE, COL_ADDRESSES, COL_MAC, COL_NAMES, COL_MODEL, COL_APPLE_BY, COL_SERVICES,
    COL_FLOWS, COL_PACKETS, COL_BYTES, N_COLUMNS
};

static stat_tap_table_item devices_fields[N_COLUMNS] = {
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Device",         "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Addresses",      "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "MAC",            "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Names",          "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Model",          "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Apple's by",     "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Services",       "%s" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Flows",          "%u" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Packets",        "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Bytes",          "%s" },
};

static tap_param devices_params[] = {
    { PARAM_FILTER, "filter", "Filter", NULL, true },
};

/* One row's texts and counts, for one device of the store. */
typedef struct {
    const apple_bonjour_device_t *device;
    char       *texts[N_COLUMNS];     /* the text cells */
    GHashTable *flows;                /* "transport client port" keys of its flows */
    uint64_t    packets, bytes;
    char        bytes_text[COUNT_WIDTH + 1];
} device_row_t;

static GPtrArray *rows;               /* device_row_t*, in the order the devices became Apple's */
static unsigned   synced_version;     /* the store's version the rows follow */
static char      *closing_title;      /* "Devices that are not Apple's: N" */

static void
row_free(void *p)
{
    device_row_t *row = (device_row_t *)p;

    for (int c = 0; c < N_COLUMNS; c++)
        g_free(row->texts[c]);
    g_hash_table_destroy(row->flows);
    g_free(row);
}

/* value added to text, escaped (see the top of the file). */
static void
append_escaped(GString *text, const char *value, bool in_list)
{
    for (const char *c = value; *c; c++) {
        if (*c == '\\' || *c == '|' || (in_list && *c == ','))
            g_string_append_c(text, '\\');
        g_string_append_c(text, *c);
    }
}

static void
append_name(GString *text, const char *name)
{
    if (text->len)
        g_string_append(text, ", ");
    append_escaped(text, name, true);
}

/* A cell of one value. */
static char *
single_value(const char *value)
{
    GString *text = g_string_new(NULL);

    append_escaped(text, value, false);
    return g_string_free(text, FALSE);
}

static char *
address_text(const apple_bonjour_address_t *a)
{
    address addr;

    set_address(&addr, a->ip_version == 4 ? AT_IPv4 : AT_IPv6, a->ip_version == 4 ? 4 : 16,
                a->address);
    return address_to_str(NULL, &addr);
}

/* The row's text cells, from the device as the store has it now. */
static void
fill_texts(device_row_t *row)
{
    const apple_bonjour_device_t *d = row->device;
    GString *text;

    for (int c = 0; c < N_COLUMNS; c++) {
        g_free(row->texts[c]);
        row->texts[c] = NULL;
    }
    if (d->host)
        row->texts[COL_DEVICE] = single_value(d->host);
    text = g_string_new(NULL);
    for (size_t i = 0; i < d->n_addresses; i++) {
        char *a = address_text(&d->addresses[i]);

        append_name(text, a);
        wmem_free(NULL, a);
    }
    if (!row->texts[COL_DEVICE])                   /* known by its address only */
        row->texts[COL_DEVICE] = g_strdup(d->n_addresses ? text->str : "?");
    row->texts[COL_ADDRESSES] = g_string_free(text, FALSE);
    row->texts[COL_MAC] = d->has_mac
        ? g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", d->mac[0], d->mac[1], d->mac[2],
                          d->mac[3], d->mac[4], d->mac[5])
        : g_strdup("");
    text = g_string_new(NULL);
    for (size_t i = 0; i < d->n_names; i++)
        append_name(text, d->names[i]);
    row->texts[COL_NAMES] = g_string_free(text, FALSE);
    row->texts[COL_MODEL] = single_value(d->model ? d->model : "");
    text = g_string_new(NULL);
    if (d->apple_by & APPLE_DEVICE_BY_TYPE)
        append_name(text, "announces Apple's types");
    if (d->apple_by & APPLE_DEVICE_BY_MODEL)
        append_name(text, "Apple model");
    if (d->apple_by & APPLE_DEVICE_BY_OUI)
        append_name(text, "Apple MAC");
    row->texts[COL_APPLE_BY] = g_string_free(text, FALSE);
    text = g_string_new(NULL);
    for (size_t i = 0; i < d->n_offers; i++) {
        char *offer = g_strdup_printf("%s %u", d->offers[i].type, (unsigned)d->offers[i].port);

        append_name(text, offer);
        g_free(offer);
    }
    row->texts[COL_SERVICES] = g_string_free(text, FALSE);
}

static void
set_row(stat_tap_table *table, unsigned i, const device_row_t *row)
{
    stat_tap_table_item_type items[N_COLUMNS];

    memset(items, 0, sizeof items);
    for (int c = 0; c < N_COLUMNS; c++) {
        items[c].type = devices_fields[c].type;
        if (items[c].type == TABLE_ITEM_STRING)
            items[c].value.string_value = row->texts[c] ? row->texts[c] : "";
    }
    items[COL_BYTES].value.string_value = row->bytes_text;
    items[COL_FLOWS].value.uint_value = g_hash_table_size(row->flows);
    items[COL_PACKETS].value.uint_value = row->packets > UINT32_MAX ? UINT32_MAX : (uint32_t)row->packets;
    stat_tap_init_table_row(table, i, N_COLUMNS, items);
}

static void
clear_rows(void)
{
    if (rows)
        g_ptr_array_free(rows, TRUE);
    rows = g_ptr_array_new_with_free_func(row_free);
    synced_version = 0;
}

static device_row_t *
row_of(const apple_bonjour_device_t *device)
{
    for (unsigned i = 0; i < rows->len; i++) {
        device_row_t *row = (device_row_t *)g_ptr_array_index(rows, i);

        if (row->device == device)
            return row;
    }
    return NULL;
}

/* Brings the rows up to the store: new Apple devices get a row, and every
 * row's texts are made again (a device's lists grow as it announces). */
static void
sync(stat_tap_table_ui *ui)
{
    const apple_bonjour_t *store = apple_learn_bonjour_store();
    stat_tap_table *table = g_array_index(ui->tables, stat_tap_table *, 0);
    stat_tap_table *closing = g_array_index(ui->tables, stat_tap_table *, 1);
    size_t others = 0;

    if (!store || synced_version == apple_learn_bonjour_version())
        return;
    synced_version = apple_learn_bonjour_version();
    for (size_t i = 0; i < apple_bonjour_device_count(store); i++) {
        const apple_bonjour_device_t *device = apple_bonjour_device(store, i);
        device_row_t *row;

        if (!device->apple_by) {
            others++;
            continue;
        }
        row = row_of(device);
        if (!row) {
            row = g_new0(device_row_t, 1);
            row->device = device;
            row->flows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            snprintf(row->bytes_text, sizeof row->bytes_text, "%*u", COUNT_WIDTH, 0u);
            g_ptr_array_add(rows, row);
        }
        fill_texts(row);
    }
    for (unsigned i = 0; i < rows->len; i++)
        set_row(table, i, (device_row_t *)g_ptr_array_index(rows, i));
    g_free(closing_title);
    closing_title = g_strdup_printf("Devices that are not Apple's: %zu", others);
    closing->title = closing_title;
}

static void
devices_reset(stat_tap_table *table)
{
    for (unsigned i = 0; i < table->num_elements; i++)
        g_free(table->elements[i]);
    g_free(table->elements);
    table->elements = NULL;
    table->num_elements = 0;
    if (g_strcmp0(table->title, DEVICES_TITLE) != 0)
        return;               /* the rows go with the first table */
    clear_rows();
}

static void
devices_init(stat_tap_table_ui *ui)
{
    stat_tap_table *table = stat_tap_find_table(ui, DEVICES_TITLE);

    if (table) {
        devices_reset(table);
        return;
    }
    stat_tap_add_table(ui, stat_tap_init_table(DEVICES_TITLE, N_COLUMNS, 0, NULL));
    /* the closing line: a table of no rows whose title is the count */
    stat_tap_add_table(ui, stat_tap_init_table("Devices that are not Apple's: 0", N_COLUMNS, 0, NULL));
    clear_rows();
}

static tap_packet_status
devices_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data,
               tap_flags_t flags _U_)
{
    stat_data_t *stat_data = (stat_data_t *)tapdata;
    const apple_tap_info_t *info = (const apple_tap_info_t *)data;
    stat_tap_table *table;
    device_row_t *row;
    char *flow;

    if (!info || !rows)
        return TAP_PACKET_DONT_REDRAW;
    sync(stat_data->stat_tap_data);
    if (info->label.source != APPLE_LABEL_BONJOUR || !info->label.bonjour.device ||
        !(row = row_of(info->label.bonjour.device)))
        return TAP_PACKET_REDRAW;
    row->packets++;
    row->bytes += info->frame_len;
    snprintf(row->bytes_text, sizeof row->bytes_text, "%*" PRIu64, COUNT_WIDTH, row->bytes);
    if (g_hash_table_size(row->flows) < FLOWS_KEPT) {
        char *client = address_to_str(NULL, info->client);

        flow = g_strdup_printf("%d %s %u %u", (int)info->label.transport, client,
                               (unsigned)info->client_port, (unsigned)info->label.flow.server_port);
        wmem_free(NULL, client);
        g_hash_table_add(row->flows, flow);     /* a flow seen before replaces its old key */
    }
    table = g_array_index(stat_data->stat_tap_data->tables, stat_tap_table *, 0);
    for (unsigned i = 0; i < rows->len; i++)
        if (g_ptr_array_index(rows, i) == row) {
            stat_tap_get_field_data(table, i, COL_PACKETS)->value.uint_value =
                row->packets > UINT32_MAX ? UINT32_MAX : (uint32_t)row->packets;
            stat_tap_get_field_data(table, i, COL_FLOWS)->value.uint_value =
                g_hash_table_size(row->flows);
        }
    return TAP_PACKET_REDRAW;
}

void
apple_devices_table_register(void)
{
    static stat_tap_table_ui devices_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "Apple Services Devices",
        APPLE_TAP_NAME,
        DEVICES_CLI,
        devices_init,
        devices_packet,
        devices_reset,
        NULL,
        NULL,
        N_COLUMNS, devices_fields,
        G_N_ELEMENTS(devices_params), devices_params,
        NULL,
        0
    };

    register_stat_tap_table_ui(&devices_ui);
}
