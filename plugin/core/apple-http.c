/* apple-http.c
 * The Host of an HTTP/1.x request (see apple-http.h).
 *
 * The request line is checked byte by byte as the bytes come, so that a
 * stream of another protocol (TLS, SSH, ...) is refused after its first
 * bytes; the header lines are read once each is complete, and the answer
 * waits for the empty line that ends them. A request the server would have
 * to refuse (RFC 9112 3.2, 5.1, 5.2: a second Host, a malformed header
 * line, a folded line) has no usable Host. Every answer other than "need
 * more" depends only on bytes read, so a longer prefix of the same stream
 * never answers differently.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-http.h"

#include <stdbool.h>
#include <string.h>

#include <glib.h>

/* The longest registered method is 17 letters (UPDATEREDIRECTREF): a
 * longer run of capitals is some other protocol. */
#define HTTP_METHOD_MAX 32

typedef struct {
    const uint8_t *bytes;
    size_t         available;   /* min(len, APPLE_HTTP_HEADERS_MAX) */
    bool           capped;      /* len reached the cap: running out means giving up */
} http_stream_t;

typedef enum {
    LINE_SHORT,     /* the bytes end before the request line does */
    LINE_BAD,       /* not a request line */
    LINE_OK
} line_step_t;

/* RFC 9110 5.6.2: the characters of a token (a header name). */
static bool is_token_char(uint8_t c)
{
    if (g_ascii_isalnum(c))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

static bool is_space_or_tab(uint8_t c)
{
    return c == ' ' || c == '\t';
}

/* The request line: METHOD SP target SP HTTP/1.x CRLF (or a bare LF). Each
 * byte is judged as soon as it is there; *end is set past the line. */
static line_step_t read_request_line(const http_stream_t *s, size_t *end)
{
    static const char version[] = "HTTP/1.";
    const uint8_t *b = s->bytes;
    size_t n = s->available;
    size_t i = 0;

    while (i < n && g_ascii_isupper(b[i])) {
        if (++i > HTTP_METHOD_MAX)
            return LINE_BAD;
    }
    if (i == n)
        return LINE_SHORT;
    if (i == 0 || b[i] != ' ')
        return LINE_BAD;
    i++;

    /* The target: visible characters (and raw UTF-8, seen in practice). */
    size_t target = i;
    while (i < n && b[i] > ' ' && b[i] != 0x7f)
        i++;
    if (i == n)
        return LINE_SHORT;
    if (i == target || b[i] != ' ')
        return LINE_BAD;
    i++;

    for (size_t v = 0; v < sizeof version - 1; v++, i++) {
        if (i == n)
            return LINE_SHORT;
        if (b[i] != (uint8_t)version[v])
            return LINE_BAD;
    }
    if (i == n)
        return LINE_SHORT;
    if (b[i] != '0' && b[i] != '1')
        return LINE_BAD;
    i++;

    if (i == n)
        return LINE_SHORT;
    if (b[i] == '\r') {
        i++;
        if (i == n)
            return LINE_SHORT;
    }
    if (b[i] != '\n')
        return LINE_BAD;
    *end = i + 1;
    return LINE_OK;
}

/* A Host value (RFC 9110 7.2: uri-host [":" port]), spaces around it
 * already removed: the name without its port, normalized. An IPv6 or IPv4
 * literal is an address, not a name. */
static bool read_host_value(const uint8_t *value, size_t len, char host[APPLE_HOSTNAME_MAX])
{
    const uint8_t *colon = memchr(value, ':', len);
    size_t name_len = colon ? (size_t)(colon - value) : len;

    if (len > 0 && value[0] == '[')
        return false;
    if (colon) {
        /* port = *DIGIT: empty or leading zeros are fine, above 65535 not. */
        uint32_t port = 0;

        for (size_t i = name_len + 1; i < len; i++) {
            if (!g_ascii_isdigit(value[i]))
                return false;
            port = port * 10 + (uint32_t)(value[i] - '0');
            if (port > 65535)
                return false;
        }
    }
    return apple_hostname_server_name((const char *)value, name_len, host);
}

/* True if the header line whose name is name_len bytes is Host. */
static bool is_host_header(const uint8_t *line, size_t name_len)
{
    return name_len == 4 && g_ascii_strncasecmp((const char *)line, "host", 4) == 0;
}

apple_http_result_t
apple_http_request_host(const uint8_t *stream, size_t len, char host[APPLE_HOSTNAME_MAX])
{
    http_stream_t s = {
        .bytes = stream,
        .capped = len >= APPLE_HTTP_HEADERS_MAX,
        .available = len >= APPLE_HTTP_HEADERS_MAX ? APPLE_HTTP_HEADERS_MAX : len,
    };
    char found[APPLE_HOSTNAME_MAX];
    bool host_seen = false;     /* a valid Host header is in found */
    bool in_host = false;       /* the last header line was Host */
    bool first_header = true;
    size_t pos = 0;

    host[0] = '\0';
    switch (read_request_line(&s, &pos)) {
    case LINE_BAD:
        return APPLE_HTTP_NOT_REQUEST;
    case LINE_SHORT:
        return s.capped ? APPLE_HTTP_NO_HOST : APPLE_HTTP_NEED_MORE;
    case LINE_OK:
        break;
    }

    for (;;) {
        const uint8_t *line = s.bytes + pos;
        const uint8_t *lf = memchr(line, '\n', s.available - pos);

        if (!lf) {
            /* Up to the cap, the Host read so far is the answer. */
            if (!s.capped)
                return APPLE_HTTP_NEED_MORE;
            break;
        }
        size_t line_len = (size_t)(lf - line);
        pos += line_len + 1;
        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;

        if (line_len == 0)
            break;                  /* the end of the headers */
        if (is_space_or_tab(line[0])) {
            /* obs-fold: it would change the Host it continues, and cannot
             * continue the request line. */
            if (in_host || first_header)
                goto no_host;
            continue;
        }
        first_header = false;

        size_t name_len = 0;
        while (name_len < line_len && is_token_char(line[name_len]))
            name_len++;
        if (name_len == 0 || name_len == line_len || line[name_len] != ':')
            goto no_host;           /* not "name:" (a space before ':' included) */

        in_host = is_host_header(line, name_len);
        if (!in_host)
            continue;
        if (host_seen)
            goto no_host;           /* two Hosts: which one counts is ambiguous */

        size_t start = name_len + 1, stop = line_len;
        while (start < stop && is_space_or_tab(line[start]))
            start++;
        while (stop > start && is_space_or_tab(line[stop - 1]))
            stop--;
        if (!read_host_value(line + start, stop - start, found))
            goto no_host;
        host_seen = true;
    }
    if (host_seen) {
        memcpy(host, found, sizeof found);
        return APPLE_HTTP_HOST;
    }
no_host:
    return APPLE_HTTP_NO_HOST;
}
