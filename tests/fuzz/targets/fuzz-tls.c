/* fuzz-tls.c
 * libFuzzer target for apple-tls.c: the input as a TCP client's stream
 * (TLS records) and as a QUIC CRYPTO stream (bare handshake messages).
 * Aborts if an answer's name is not a normalized host name, if a prefix of
 * a short input answers other than "need more" or the whole input's
 * answer, or if the input as handshake bytes and the same bytes wrapped in
 * records answer differently.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-tls.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* Inputs up to this long have every prefix checked (the checks cost the
 * square of the length). libFuzzer hands the input in a buffer of its exact
 * size, so ASan sees a read past its end. */
#define PREFIX_CHECK_MAX 768

typedef apple_tls_result_t (*hello_fn)(const uint8_t *bytes, size_t len,
                                       char name[APPLE_HOSTNAME_MAX]);

/* Runs fn on the len bytes and checks the name it gives. */
static apple_tls_result_t run(hello_fn fn, const uint8_t *bytes, size_t len,
                              char name[APPLE_HOSTNAME_MAX])
{
    apple_tls_result_t result;
    char again[APPLE_HOSTNAME_MAX];

    memset(name, 'x', APPLE_HOSTNAME_MAX);
    result = fn(bytes, len, name);
    if (result == APPLE_TLS_NAME) {
        /* A normalized name normalizes to itself. */
        const char *end = memchr(name, '\0', APPLE_HOSTNAME_MAX);
        if (!end || !apple_hostname_normalize(name, (size_t)(end - name), again) ||
            strcmp(again, name) != 0)
            abort();
    } else if (name[0] != '\0') {
        abort();
    }
    return result;
}

static bool same_answer(apple_tls_result_t a, const char *a_name,
                        apple_tls_result_t b, const char *b_name)
{
    return a == b && (a != APPLE_TLS_NAME || strcmp(a_name, b_name) == 0);
}

/* Each prefix is copied to the end of a heap buffer of the input's size,
 * so that ASan sees a read past the prefix's length too. */
static apple_tls_result_t run_checking_prefixes(hello_fn fn, const uint8_t *data, size_t size,
                                                char name[APPLE_HOSTNAME_MAX])
{
    apple_tls_result_t whole = run(fn, data, size, name);
    uint8_t *buffer;

    if (size > PREFIX_CHECK_MAX)
        return whole;
    buffer = g_malloc(size ? size : 1);
    for (size_t len = 0; len < size; len++) {
        char prefix_name[APPLE_HOSTNAME_MAX];
        uint8_t *prefix = buffer + (size - len);
        apple_tls_result_t result;

        memcpy(prefix, data, len);
        result = run(fn, prefix, len, prefix_name);
        if (result != APPLE_TLS_NEED_MORE && !same_answer(result, prefix_name, whole, name))
            abort();
    }
    g_free(buffer);
    return whole;
}

/* The bytes in handshake records of fragment bytes each; NULL if they
 * would reach APPLE_TLS_HELLO_MAX (where the two forms part ways). */
static uint8_t *wrap_records(const uint8_t *handshake, size_t len, size_t fragment, size_t *out_len)
{
    size_t records = (len + fragment - 1) / fragment;
    size_t total = len + 5 * records;
    uint8_t *out;
    size_t n = 0;

    if (total >= APPLE_TLS_HELLO_MAX)
        return NULL;
    out = g_malloc(total ? total : 1);
    for (size_t at = 0; at < len; at += fragment) {
        size_t chunk = len - at < fragment ? len - at : fragment;

        out[n++] = 22;
        out[n++] = 3;
        out[n++] = 1;
        out[n++] = (uint8_t)(chunk >> 8);
        out[n++] = (uint8_t)chunk;
        memcpy(out + n, handshake + at, chunk);
        n += chunk;
    }
    *out_len = n;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[APPLE_HOSTNAME_MAX], wrapped_name[APPLE_HOSTNAME_MAX];
    apple_tls_result_t as_handshake;
    /* One record, and small records whose size follows the input's. */
    const size_t fragments[] = { 16384, 1 + size % 61 };

    run_checking_prefixes(apple_tls_record_hello_name, data, size, name);
    as_handshake = run_checking_prefixes(apple_tls_handshake_hello_name, data, size, name);

    for (size_t i = 0; i < sizeof fragments / sizeof fragments[0]; i++) {
        size_t wrapped_len;
        uint8_t *wrapped = wrap_records(data, size, fragments[i], &wrapped_len);

        if (!wrapped)
            continue;
        if (!same_answer(run(apple_tls_record_hello_name, wrapped, wrapped_len, wrapped_name),
                         wrapped_name, as_handshake, name))
            abort();
        g_free(wrapped);
    }
    return 0;
}
