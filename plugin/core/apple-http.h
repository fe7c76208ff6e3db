/* apple-http.h
 * The Host of an HTTP/1.x request, read from the bytes a client sent first.
 * Every length is checked; nothing is allocated.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_HTTP_H
#define APPLE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "apple-hostname.h"

/* Header bytes read at most: a Host header further in is given up on. */
#define APPLE_HTTP_HEADERS_MAX 8192

typedef enum {
    APPLE_HTTP_NEED_MORE,   /* the start of a request, its headers not complete yet */
    APPLE_HTTP_NOT_REQUEST, /* not an HTTP/1.x request line */
    APPLE_HTTP_NO_HOST,     /* a request whose headers have no usable Host */
    APPLE_HTTP_HOST         /* host holds it, normalized, without the port */
} apple_http_result_t;

/* stream: the first len bytes a client sent on a TCP connection. */
apple_http_result_t apple_http_request_host(const uint8_t *stream, size_t len,
                                            char host[APPLE_HOSTNAME_MAX]);

#endif /* APPLE_HTTP_H */
