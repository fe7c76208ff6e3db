/* apple-parse.c
 * Parsing and checking of table cells (see apple-parse.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-parse.h"
#include "apple-hostname.h"
#include "apple-table.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#define EN_DASH "\xe2\x80\x93"   /* the seed prints some ranges as 8000–8999 */

static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Reads a decimal number of at most 65535 at *p; advances *p past it. */
static bool read_port(const char **p, uint16_t *port)
{
    unsigned long value = 0;
    const char *s = *p;

    if (!g_ascii_isdigit(*s))
        return false;
    while (g_ascii_isdigit(*s)) {
        value = value * 10 + (unsigned long)(*s - '0');
        if (value > 65535)
            return false;
        s++;
    }
    *port = (uint16_t)value;
    *p = s;
    return true;
}

static bool is_decimal(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isdigit(s[i]))
            return false;
    return true;
}

/* Reads one port of text at *p (n characters); names text in the message. */
static bool read_range_end(const char **p, size_t n, const char *text, uint16_t *port,
                           char *err, size_t errlen)
{
    const char *start = *p;

    if (!is_decimal(start, n))
        return fail(err, errlen,
                    "'%s' is not a port or a range of ports such as 7000-7010", text);
    if (!read_port(p, port) || (size_t)(*p - start) != n) {
        if (strlen(text) == n)
            return fail(err, errlen, "port '%s' is above 65535", text);
        return fail(err, errlen, "port '%.*s' in '%s' is above 65535", (int)n, start, text);
    }
    return true;
}

bool apple_parse_ports(const char *text, uint16_t *first, uint16_t *last,
                       char *err, size_t errlen)
{
    const char *p = text ? text : "";
    const char *dash;
    size_t dash_len = 1;

    if (*p == '\0')
        return fail(err, errlen, "port is empty");

    dash = strchr(p, '-');
    if (!dash) {
        dash = strstr(p, EN_DASH);
        dash_len = strlen(EN_DASH);
    }
    if (!read_range_end(&p, dash ? (size_t)(dash - p) : strlen(p), text, first, err, errlen))
        return false;
    if (!dash) {
        *last = *first;
        return true;
    }
    p = dash + dash_len;
    if (!read_range_end(&p, strlen(p), text, last, err, errlen))
        return false;
    if (*last < *first)
        return fail(err, errlen, "range '%s' is reversed: %u is above %u", text,
                    (unsigned)*first, (unsigned)*last);
    return true;
}

bool apple_parse_transport(const char *text, unsigned *transports,
                           char *err, size_t errlen)
{
    static const struct { const char *name; unsigned mask; } names[] = {
        { "tcp",     APPLE_TCP_BIT },
        { "udp",     APPLE_UDP_BIT },
        { "tcp/udp", APPLE_TCP_BIT | APPLE_UDP_BIT },
        { "tcp+udp", APPLE_TCP_BIT | APPLE_UDP_BIT },
    };
    const char *t = text ? text : "";

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i].name);
        size_t k;
        if (strlen(t) != n)
            continue;
        for (k = 0; k < n && g_ascii_tolower(t[k]) == names[i].name[k]; k++)
            ;
        if (k == n) {
            *transports = names[i].mask;
            return true;
        }
    }
    return fail(err, errlen, "transport '%s' must be tcp, udp or tcp+udp", t);
}

bool apple_check_service(const char *text, char *err, size_t errlen)
{
    const char *s = text ? text : "";
    size_t n = strlen(s);

    if (n == 0)
        return fail(err, errlen, "service name is empty");
    if (n > 32)
        return fail(err, errlen, "service name '%s' is longer than 32 characters", s);
    if (!g_ascii_islower(s[0]))
        return fail(err, errlen, "service name '%s' must start with a lower-case letter", s);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(g_ascii_islower(c) || g_ascii_isdigit(c) || c == '-'))
            return fail(err, errlen,
                        "service name '%s' may hold only a-z, 0-9 and '-'", s);
    }
    return true;
}

bool apple_parse_rfc(const char *text, unsigned *rfc, char *err, size_t errlen)
{
    const char *s = text ? text : "";
    unsigned long value = 0;

    if (strcmp(s, "-") == 0) {
        *rfc = 0;
        return true;
    }
    if (!is_decimal(s, strlen(s)) || strlen(s) > 5)
        return fail(err, errlen, "RFC '%s' is not an RFC number or '-'", s);
    for (; *s; s++)
        value = value * 10 + (unsigned long)(*s - '0');
    if (value == 0)
        return fail(err, errlen, "RFC '%s' is not an RFC number or '-'", text);
    *rfc = (unsigned)value;
    return true;
}

/* One entry of a product list, trimmed: text[0..len). */
typedef struct {
    const char *name;
    size_t      name_len;
    const char *qualifier;      /* NULL if none */
    size_t      qualifier_len;
} entry_t;

static void trim(const char **s, size_t *len)
{
    while (*len && **s == ' ') {
        (*s)++;
        (*len)--;
    }
    while (*len && (*s)[*len - 1] == ' ')
        (*len)--;
}

/* Reads "Name" or "Name [qualifier]" from item[0..len). */
static bool read_entry(const char *item, size_t len, entry_t *e, char *err, size_t errlen)
{
    const char *opening, *closing;

    trim(&item, &len);
    opening = memchr(item, '[', len);
    closing = len ? memchr(item, ']', len) : NULL;
    if (len == 0)
        return fail(err, errlen, "a product name is empty (stray separator?)");
    if ((opening == NULL) != (closing == NULL) || (closing && (closing < opening || closing != item + len - 1)))
        return fail(err, errlen, "product '%.*s' must be 'Name' or 'Name [qualifier]'",
                    (int)len, item);
    e->name = item;
    e->name_len = opening ? (size_t)(opening - item) : len;
    trim(&e->name, &e->name_len);
    e->qualifier = NULL;
    e->qualifier_len = 0;
    if (opening) {
        e->qualifier = opening + 1;
        e->qualifier_len = (size_t)(closing - opening - 1);
        trim(&e->qualifier, &e->qualifier_len);
        if (e->qualifier_len == 0)
            return fail(err, errlen, "product '%.*s' has an empty qualifier",
                        (int)e->name_len, e->name);
    }
    if (e->name_len == 0)
        return fail(err, errlen, "product '%.*s' has no name", (int)len, item);
    return true;
}

/* Splits text into entries at '|' and ',' outside brackets. */
static bool split_entries(const char *text, entry_t *entries, size_t *n, char *err, size_t errlen)
{
    const char *item = text;
    int depth = 0;

    *n = 0;
    for (const char *c = text;; c++) {
        if (*c == '[')
            depth++;
        else if (*c == ']' && depth > 0)
            depth--;
        if (*c != '\0' && !((*c == '|' || *c == ',') && depth == 0))
            continue;
        if (*n == APPLE_MAX_PRODUCTS)
            return fail(err, errlen, "more than %d products", APPLE_MAX_PRODUCTS);
        if (!read_entry(item, (size_t)(c - item), &entries[*n], err, errlen))
            return false;
        (*n)++;
        if (*c == '\0')
            return true;
        item = c + 1;
    }
}

static bool same_name(const entry_t *a, const entry_t *b)
{
    return a->name_len == b->name_len && memcmp(a->name, b->name, a->name_len) == 0;
}

apple_product_t *apple_parse_products(const char *text, size_t *n_products,
                                      char *err, size_t errlen)
{
    entry_t entries[APPLE_MAX_PRODUCTS];
    bool done[APPLE_MAX_PRODUCTS] = { false };
    size_t n_entries = 0, n = 0;
    apple_product_t *products;
    const char *t = text ? text : "";

    *n_products = 0;
    while (*t == ' ')
        t++;
    if (*t != '\0' && strcmp(t, "-") != 0 && !split_entries(t, entries, &n_entries, err, errlen))
        return NULL;
    products = g_new0(apple_product_t, n_entries + 1);
    for (size_t i = 0; i < n_entries; i++) {
        const char **qualifiers;
        size_t n_qualifiers = 0;

        if (done[i])
            continue;
        qualifiers = g_new0(const char *, n_entries + 1);
        for (size_t j = i; j < n_entries; j++) {
            if (!same_name(&entries[i], &entries[j]))
                continue;
            done[j] = true;
            if (entries[j].qualifier)
                qualifiers[n_qualifiers++] = g_strndup(entries[j].qualifier,
                                                       entries[j].qualifier_len);
        }
        products[n].name = g_strndup(entries[i].name, entries[i].name_len);
        products[n].n_qualifiers = n_qualifiers;
        products[n].qualifiers = qualifiers;
        n++;
    }
    *n_products = n;
    return products;
}

void apple_products_free(apple_product_t *products)
{
    if (!products)
        return;
    for (apple_product_t *p = products; p->name; p++) {
        for (size_t q = 0; q < p->n_qualifiers; q++)
            g_free((char *)p->qualifiers[q]);
        g_free((char **)p->qualifiers);
        g_free((char *)p->name);
    }
    g_free(products);
}

bool apple_parse_user_row(const char *ports, const char *transport, const char *service,
                          const char *protocol, const char *products, apple_row_t *row,
                          char *err, size_t errlen)
{
    apple_product_t *parsed;

    memset(row, 0, sizeof *row);
    if (!apple_parse_ports(ports, &row->port_first, &row->port_last, err, errlen) ||
        !apple_parse_transport(transport, &row->transports, err, errlen) ||
        !apple_check_service(service, err, errlen) ||
        !(parsed = apple_parse_products(products, &row->n_products, err, errlen))) {
        memset(row, 0, sizeof *row);
        return false;
    }
    row->service = g_strdup(service);
    row->protocol[APPLE_LANG_EN] = row->protocol[APPLE_LANG_DA] =
        (protocol && *protocol) ? g_strdup(protocol) : NULL;
    row->products[APPLE_LANG_EN] = row->products[APPLE_LANG_DA] = parsed;
    row->from_user_table = true;
    return true;
}

void apple_user_row_clear(apple_row_t *row)
{
    g_free((char *)row->service);
    g_free((char *)row->protocol[APPLE_LANG_EN]);
    apple_products_free((apple_product_t *)row->products[APPLE_LANG_EN]);
    memset(row, 0, sizeof *row);
}

bool apple_check_host_pattern(const char *text, char *err, size_t errlen)
{
    const char *t = text ? text : "";
    const char *name = t;
    char normal[APPLE_HOSTNAME_MAX];

    if (*t == '\0')
        return fail(err, errlen, "host is empty");
    if (t[0] == '*') {
        const char *dot = strchr(t, '.');

        if (!dot)
            return fail(err, errlen, "host '%s': a wildcard must be '*.NAME' or '*-SUFFIX.NAME'", t);
        if (dot != t + 1) {
            /* "*-SUFFIX." */
            if (t[1] != '-' || dot == t + 2)
                return fail(err, errlen, "host '%s': a wildcard must be '*.NAME' or '*-SUFFIX.NAME'", t);
            for (const char *c = t + 2; c < dot; c++)
                if (!(g_ascii_islower(*c) || g_ascii_isdigit(*c) || *c == '-'))
                    return fail(err, errlen, "host '%s': '%.*s' may hold only a-z, 0-9 and '-'",
                                t, (int)(dot - t - 1), t + 1);
        }
        name = dot + 1;
        if (!strchr(name, '.'))
            return fail(err, errlen, "host '%s': a wildcard needs a name of two labels at least "
                        "after it", t);
    }
    if (!apple_hostname_normalize(name, strlen(name), normal) || name[strlen(name) - 1] == '.')
        return fail(err, errlen, "host '%s' is not a host name (labels of a-z, 0-9, '-' and '_')", t);
    if (strcmp(normal, name) != 0)
        return fail(err, errlen, "host '%s' must be in lower case", t);
    return true;
}
