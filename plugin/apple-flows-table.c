/* apple-flows-table.c
 * The flows table (see apple-flows-table.h).
 *
 * The rows are kept in a flow_rows_t: an endpoint's counters in 64 bits,
 * its texts copied (a change of preferences rebuilds the index whose texts
 * a packet points to). The table UI mirrors each row into its
 * stat_tap_table; the CSV listener prints the rows when the capture is read.
 *
 * A stat_tap_table holds 32-bit integers, so a byte count goes into a text
 * cell instead, right-aligned to a fixed width: then it never wraps at
 * 4 GiB, and the GUI, which sorts text cells as text, still sorts it by size.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-compat.h"

#include <stdio.h>
#include <string.h>

#include <epan/address.h>
#include <epan/packet_info.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>
#include <wsutil/report_message.h>

#include "apple-flows-table.h"
#include "apple-tap.h"
#include "core/apple-texts.h"

#define FLOWS_CLI   "apple,flows"
#define CSV_CLI     "apple,csv"
#define COUNT_WIDTH 15       /* digits of a count cell: up to 999 TB */
#define NAMES_SHOWN 3        /* hosts and host services a cell names before "+N" */
#define NAMES_KEPT  32       /* distinct ones a row remembers */

/* A row's distinct names (hosts, host services), in the order seen. */
typedef struct {
    char  *names[NAMES_KEPT];
    size_t n;
    bool   overflow;        /* more than NAMES_KEPT were seen: the rest is "..." */
    char  *text;            /* the first NAMES_SHOWN and "+N", for the table */
    char  *all;             /* every one kept, for the CSV */
} name_set_t;

typedef struct {
    apple_transport_t transport;
    uint16_t          port;
    address           server;               /* owned */
    char             *server_text;
    char             *services;             /* "connected, facetime-rtp" */
    char             *products;             /* the first products and "+N", as the Info tag */
    char             *all_products;         /* every product, for the CSV */
    name_set_t        hosts;                /* apple.host of its verified packets */
    name_set_t        host_services;        /* apple.host_service */
    unsigned          position;             /* in the order the rows were first seen */
    uint64_t          packets;
    uint64_t          verified;             /* packets */
    uint64_t          bytes;
    char              bytes_text[COUNT_WIDTH + 1];
} flow_row_t;

typedef struct {
    GHashTable *index;                      /* flow_row_t* (its key fields) -> itself */
    GPtrArray  *rows;                       /* in the order they were first seen */
} flow_rows_t;

/* A row is an endpoint and its services: in a single pass, an endpoint
 * that a Bonjour announcement names halfway through a flow shows its
 * table label and its announced one on two rows. */
static unsigned
row_hash(const void *p)
{
    const flow_row_t *row = (const flow_row_t *)p;
    return add_address_to_hash(((unsigned)row->transport << 16) | row->port, &row->server) ^
           g_str_hash(row->services);
}

static gboolean
row_equal(const void *a, const void *b)
{
    const flow_row_t *ra = (const flow_row_t *)a, *rb = (const flow_row_t *)b;
    return ra->transport == rb->transport && ra->port == rb->port &&
           addresses_equal(&ra->server, &rb->server) && strcmp(ra->services, rb->services) == 0;
}

static void
name_set_clear(name_set_t *set)
{
    for (size_t i = 0; i < set->n; i++)
        g_free(set->names[i]);
    g_free(set->text);
    g_free(set->all);
}

/* The first shown names, then "+N" for the rest, and "..." past what was kept. */
static char *
join_names(char *const *names, size_t n, size_t shown, bool overflow)
{
    char *text = apple_texts_join((const char *const *)names, n, shown);
    char *more;

    if (!overflow)
        return text;
    more = g_strconcat(text, ", ...", NULL);
    g_free(text);
    return more;
}

/* Adds name if new: true if the texts changed. */
static bool
name_set_add(name_set_t *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->names[i], name) == 0)
            return false;
    if (set->n == NAMES_KEPT) {
        if (set->overflow)
            return false;
        set->overflow = true;
    } else {
        set->names[set->n++] = g_strdup(name);
    }
    g_free(set->text);
    g_free(set->all);
    set->text = join_names(set->names, set->n, NAMES_SHOWN, set->overflow);
    set->all = join_names(set->names, set->n, NAMES_KEPT, set->overflow);
    return true;
}

static void
row_free(void *p)
{
    flow_row_t *row = (flow_row_t *)p;

    name_set_clear(&row->hosts);
    name_set_clear(&row->host_services);
    free_address(&row->server);
    g_free(row->server_text);
    g_free(row->services);
    g_free(row->products);
    g_free(row->all_products);
    g_free(row);
}

static void
flow_rows_init(flow_rows_t *rows)
{
    rows->index = g_hash_table_new(row_hash, row_equal);
    rows->rows = g_ptr_array_new_with_free_func(row_free);
}

static void
flow_rows_clear(flow_rows_t *rows)
{
    if (!rows->rows)
        return;
    g_hash_table_destroy(rows->index);
    g_ptr_array_free(rows->rows, TRUE);
    rows->index = NULL;
    rows->rows = NULL;
}

static char *
join_all(const char *const *names, size_t n)
{
    GString *text = g_string_new(NULL);

    for (size_t i = 0; i < n; i++) {
        if (i)
            g_string_append(text, ", ");
        g_string_append(text, names[i]);
    }
    return g_string_free(text, FALSE);
}

static const char *
host_service_name(const apple_host_service_t *service, apple_lang_t lang)
{
    return service->name[lang] ? service->name[lang] : service->name[APPLE_LANG_EN];
}

/* Counts the packet in its endpoint's row; *is_new says it was just made,
 * *names_changed that its hosts or host services did. */
static flow_row_t *
flow_rows_count(flow_rows_t *rows, const apple_tap_info_t *info, bool *is_new, bool *names_changed)
{
    const apple_label_t *label = &info->label;
    const apple_verdict_t *verdict = &label->verdict;
    flow_row_t key, *row;

    key.transport = info->label.transport;
    key.port = info->label.flow.server_port;
    copy_address_shallow(&key.server, info->server);
    key.services = (char *)(label->source == APPLE_LABEL_TABLE ? label->flow.match->texts->service_list
                                                               : label->service);
    row = (flow_row_t *)g_hash_table_lookup(rows->index, &key);
    *is_new = row == NULL;
    if (!row) {
        row = g_new0(flow_row_t, 1);
        row->transport = key.transport;
        row->port = key.port;
        copy_address(&row->server, info->server);
        row->server_text = address_to_str(NULL, info->server);
        /* wmem's NULL scope is g_malloc: g_free frees it too */
        if (label->source == APPLE_LABEL_TABLE) {
            const apple_texts_t *texts = label->flow.match->texts;

            row->services = g_strdup(texts->service_list);
            row->products = g_strdup(texts->product_list);
            row->all_products = join_all(texts->products, texts->n_products);
        } else if (label->source == APPLE_LABEL_NAME) {
            const char *names[APPLE_HOST_SERVICES_MAX];

            for (size_t i = 0; i < verdict->n_services; i++)
                names[i] = host_service_name(verdict->services[i], info->lang);
            row->services = g_strdup(label->service);
            row->all_products = join_all(names, verdict->n_services);
            row->products = g_strdup(row->all_products);
        } else {
            row->services = g_strdup(label->service);
            row->all_products = g_strdup(label->product ? label->product : "");
            row->products = g_strdup(row->all_products);
        }
        row->position = rows->rows->len;
        g_hash_table_insert(rows->index, row, row);
        g_ptr_array_add(rows->rows, row);
    }
    row->packets++;
    row->bytes += info->frame_len;
    *names_changed = false;
    if (verdict->verified) {
        row->verified++;
        if (verdict->host)
            *names_changed |= name_set_add(&row->hosts, verdict->host);
        for (size_t i = 0; i < verdict->n_services; i++)
            *names_changed |= name_set_add(&row->host_services,
                                           host_service_name(verdict->services[i], info->lang));
    }
    snprintf(row->bytes_text, sizeof row->bytes_text, "%*" PRIu64, COUNT_WIDTH, row->bytes);
    return row;
}

static const char *
transport_name(apple_transport_t t)
{
    return t == APPLE_TCP ? "TCP" : "UDP";
}

/* --- The table: tshark -z apple,flows and Statistics in the GUI ----------- */

enum {
    COL_TRANSPORT, COL_SERVER, COL_PORT, COL_SERVICES, COL_PRODUCTS, COL_HOSTS,
    COL_HOST_SERVICES, COL_PACKETS, COL_VERIFIED, COL_BYTES,
    N_COLUMNS
};

static stat_tap_table_item flows_fields[N_COLUMNS] = {
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Transport",        "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Server address",   "%s" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Server port",      "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Services",         "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Products",         "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Apple hosts",      "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Host services",    "%s" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Packets",          "%u" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Verified packets", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Bytes",            "%s" },
};

static uint32_t
saturated(uint64_t n)
{
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

static const char *
or_empty(const char *text)
{
    return text ? text : "";
}

static tap_param flows_params[] = {
    { PARAM_FILTER, "filter", "Filter", NULL, true },
};

#define FLOWS_TABLE_TITLE "Server endpoints"

/* The table's rows: one set, as Wireshark keeps one set of tables per table UI. */
static flow_rows_t table_rows;

static void
flows_table_reset(stat_tap_table *table)
{
    /* the rows' texts go with them: drop the table's rows first */
    for (unsigned i = 0; i < table->num_elements; i++)
        g_free(table->elements[i]);
    g_free(table->elements);
    table->elements = NULL;
    table->num_elements = 0;
    flow_rows_clear(&table_rows);
    flow_rows_init(&table_rows);
}

static void
flows_table_init(stat_tap_table_ui *ui)
{
    stat_tap_table *table = stat_tap_find_table(ui, FLOWS_TABLE_TITLE);

    if (table) {
        flows_table_reset(table);
        return;
    }
    table = stat_tap_init_table(FLOWS_TABLE_TITLE, N_COLUMNS, 0, NULL);
    stat_tap_add_table(ui, table);
    flow_rows_clear(&table_rows);
    flow_rows_init(&table_rows);
}

static tap_packet_status
flows_table_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                   const void *data, tap_flags_t flags _U_)
{
    stat_data_t *stat_data = (stat_data_t *)tapdata;
    const apple_tap_info_t *info = (const apple_tap_info_t *)data;
    stat_tap_table *table;
    flow_row_t *row;
    bool is_new, names_changed;

    if (!info || !table_rows.rows)
        return TAP_PACKET_DONT_REDRAW;
    table = g_array_index(stat_data->stat_tap_data->tables, stat_tap_table *, 0);
    row = flow_rows_count(&table_rows, info, &is_new, &names_changed);
    if (is_new) {
        stat_tap_table_item_type items[N_COLUMNS];

        memset(items, 0, sizeof items);
        for (int c = 0; c < N_COLUMNS; c++)
            items[c].type = flows_fields[c].type;
        items[COL_TRANSPORT].value.string_value = transport_name(row->transport);
        items[COL_SERVER].value.string_value    = row->server_text;
        items[COL_PORT].value.uint_value        = row->port;
        items[COL_SERVICES].value.string_value  = row->services;
        items[COL_PRODUCTS].value.string_value  = row->products;
        items[COL_BYTES].value.string_value     = row->bytes_text;
        stat_tap_init_table_row(table, row->position, N_COLUMNS, items);
    }
    if (is_new || names_changed) {
        stat_tap_get_field_data(table, row->position, COL_HOSTS)->value.string_value =
            or_empty(row->hosts.text);
        stat_tap_get_field_data(table, row->position, COL_HOST_SERVICES)->value.string_value =
            or_empty(row->host_services.text);
    }
    /* the bytes cell points at the row's text, which was just updated; the
     * packet cells are 32 bits and stop at their top rather than wrap */
    stat_tap_get_field_data(table, row->position, COL_PACKETS)->value.uint_value =
        saturated(row->packets);
    stat_tap_get_field_data(table, row->position, COL_VERIFIED)->value.uint_value =
        saturated(row->verified);
    return TAP_PACKET_REDRAW;
}

/* --- The CSV: tshark -z apple,csv ----------------------------------------- */

typedef struct {
    char       *filter;
    flow_rows_t rows;
} csv_listener_t;

/* A CSV field, quoted only when it has to be (RFC 4180). */
static void
append_csv_field(GString *line, const char *value)
{
    if (!strpbrk(value, ",\"\r\n")) {
        g_string_append(line, value);
        return;
    }
    g_string_append_c(line, '"');
    for (const char *c = value; *c; c++) {
        if (*c == '"')
            g_string_append_c(line, '"');
        g_string_append_c(line, *c);
    }
    g_string_append_c(line, '"');
}

static void
csv_reset(void *tapdata)
{
    csv_listener_t *csv = (csv_listener_t *)tapdata;

    flow_rows_clear(&csv->rows);
    flow_rows_init(&csv->rows);
}

static tap_packet_status
csv_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data,
           tap_flags_t flags _U_)
{
    csv_listener_t *csv = (csv_listener_t *)tapdata;
    bool is_new, names_changed;

    if (data)
        flow_rows_count(&csv->rows, (const apple_tap_info_t *)data, &is_new, &names_changed);
    return TAP_PACKET_DONT_REDRAW;   /* written once, at the end */
}

/* The rows with a header line, to stdout: the one job of this listener, for
 * tshark, which draws every listener once when it has read the capture. */
static void
csv_draw(void *tapdata)
{
    csv_listener_t *csv = (csv_listener_t *)tapdata;
    GString *text = g_string_new("transport,server_address,server_port,services,products,"
                                 "hosts,host_services,packets,verified_packets,bytes\n");

    for (unsigned i = 0; i < csv->rows.rows->len; i++) {
        const flow_row_t *row = (const flow_row_t *)g_ptr_array_index(csv->rows.rows, i);

        g_string_append_printf(text, "%s,", transport_name(row->transport));
        append_csv_field(text, row->server_text);
        g_string_append_printf(text, ",%u,", (unsigned)row->port);
        append_csv_field(text, row->services);
        g_string_append_c(text, ',');
        append_csv_field(text, row->all_products);
        g_string_append_c(text, ',');
        append_csv_field(text, or_empty(row->hosts.all));
        g_string_append_c(text, ',');
        append_csv_field(text, or_empty(row->host_services.all));
        g_string_append_printf(text, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", row->packets,
                               row->verified, row->bytes);
    }
    fwrite(text->str, 1, text->len, stdout);
    g_string_free(text, TRUE);
}

static void
csv_free(csv_listener_t *csv)
{
    flow_rows_clear(&csv->rows);
    g_free(csv->filter);
    g_free(csv);
}

static void
csv_finish(void *tapdata)
{
    csv_free((csv_listener_t *)tapdata);
}

/* "apple,csv" or "apple,csv,<display filter>" */
static apple_stat_tap_init_ret_t
csv_init(const char *opt_arg, void *userdata _U_)
{
    size_t len = strlen(CSV_CLI);
    csv_listener_t *csv;
    GString *error;

    if (strncmp(opt_arg, CSV_CLI, len) != 0 || (opt_arg[len] != '\0' && opt_arg[len] != ',')) {
        report_failure("invalid \"-z " CSV_CLI "[,<filter>]\" argument \"%s\"", opt_arg);
        APPLE_STAT_TAP_INIT_RETURN(false);
    }
    csv = g_new0(csv_listener_t, 1);
    if (opt_arg[len] == ',' && opt_arg[len + 1] != '\0')
        csv->filter = g_strdup(opt_arg + len + 1);
    flow_rows_init(&csv->rows);
    error = register_tap_listener(APPLE_TAP_NAME, csv, csv->filter, TL_REQUIRES_NOTHING,
                                  csv_reset, csv_packet, csv_draw, csv_finish);
    if (error) {
        /* the finish callback is not called when registering fails */
        report_failure("Apple Services CSV: couldn't attach to the \"" APPLE_TAP_NAME
                       "\" tap: %s", error->str);
        g_string_free(error, TRUE);
        csv_free(csv);
        APPLE_STAT_TAP_INIT_RETURN(false);
    }
    APPLE_STAT_TAP_INIT_RETURN(true);
}

void
apple_flows_table_register(void)
{
    static stat_tap_table_ui flows_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "Apple Services Flows",
        APPLE_TAP_NAME,
        FLOWS_CLI,
        flows_table_init,
        flows_table_packet,
        flows_table_reset,
        NULL,
        NULL,
        N_COLUMNS, flows_fields,
        G_N_ELEMENTS(flows_params), flows_params,
        NULL,
        0
    };
    static tap_param csv_params[] = {
        { PARAM_FILTER, "filter", "Filter", NULL, true },
    };
    static stat_tap_ui csv_ui = {
        REGISTER_STAT_GROUP_GENERIC,   /* no menu: a command-line output */
        "Apple Services Flows (CSV)",
        CSV_CLI,
        csv_init,
        G_N_ELEMENTS(csv_params),
        csv_params
    };

    register_stat_tap_table_ui(&flows_ui);
    register_stat_tap_ui(&csv_ui, NULL);
}
