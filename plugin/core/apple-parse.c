/* apple-parse.c
 * Parsing and checking of table cells (see apple-parse.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-parse.h"
#include "apple-table.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

    if (!isdigit((unsigned char)*s))
        return false;
    while (isdigit((unsigned char)*s)) {
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
        if (!isdigit((unsigned char)s[i]))
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
        for (k = 0; k < n && tolower((unsigned char)t[k]) == names[i].name[k]; k++)
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
    if (!islower((unsigned char)s[0]))
        return fail(err, errlen, "service name '%s' must start with a lower-case letter", s);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || c == '-'))
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
