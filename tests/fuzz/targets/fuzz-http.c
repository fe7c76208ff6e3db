/* fuzz-http.c
 * libFuzzer target for apple-http.c: the input as the first bytes a TCP
 * client sent. Aborts if a Host answer is not a normalized host name, or if
 * a prefix of a short input answers other than "need more" or the whole
 * input's answer.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-http.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* Inputs up to this long have every prefix checked (the checks cost the
 * square of the length). libFuzzer hands the input in a buffer of its exact
 * size, so ASan sees a read past its end. */
#define PREFIX_CHECK_MAX 2048

/* Runs the parser on the len bytes and checks the host it gives. */
static apple_http_result_t run(const uint8_t *bytes, size_t len, char host[APPLE_HOSTNAME_MAX])
{
    apple_http_result_t result;
    char again[APPLE_HOSTNAME_MAX];

    memset(host, 'x', APPLE_HOSTNAME_MAX);
    result = apple_http_request_host(bytes, len, host);
    if (result == APPLE_HTTP_HOST) {
        /* A normalized name normalizes to itself. */
        const char *end = memchr(host, '\0', APPLE_HOSTNAME_MAX);
        if (!end || !apple_hostname_normalize(host, (size_t)(end - host), again) ||
            strcmp(again, host) != 0)
            abort();
    } else if (host[0] != '\0') {
        abort();
    }
    return result;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char host[APPLE_HOSTNAME_MAX];
    apple_http_result_t whole = run(data, size, host);
    uint8_t *buffer;

    if (size > PREFIX_CHECK_MAX)
        return 0;
    /* Each prefix at the end of a heap buffer of the input's size, so that
     * ASan sees a read past the prefix's length too. */
    buffer = g_malloc(size ? size : 1);
    for (size_t len = 0; len < size; len++) {
        char prefix_host[APPLE_HOSTNAME_MAX];
        uint8_t *prefix = buffer + (size - len);
        apple_http_result_t result;

        memcpy(prefix, data, len);
        result = run(prefix, len, prefix_host);
        if (result != APPLE_HTTP_NEED_MORE &&
            (result != whole || (whole == APPLE_HTTP_HOST && strcmp(prefix_host, host) != 0)))
            abort();
    }
    g_free(buffer);
    return 0;
}
