/* apple-tls.c
 * The server name of a TLS ClientHello (see apple-tls.h).
 *
 * The ClientHello is read from a cursor over the bytes given: over TCP the
 * cursor steps over the record headers, so that a handshake message split
 * over several records reads as one run of bytes, and nothing is copied
 * but the host name itself. Each field is checked against the length that
 * encloses it (handshake, extensions, extension, name list) before it is
 * read, and a length that the enclosing one cannot hold makes the bytes
 * "not a ClientHello". Every answer other than "need more" depends only on
 * bytes read, never on how many more were given, so a longer prefix of the
 * same stream never answers differently.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-tls.h"

#include <stdbool.h>

#define TLS_CONTENT_HANDSHAKE      22
#define TLS_HANDSHAKE_CLIENT_HELLO 1
#define TLS_RECORD_HEADER_LEN      5
/* RFC 5246 6.2.3: TLSCiphertext.length is at most 2^14 + 2048; no record a
 * client sends first is longer. */
#define TLS_RECORD_MAX             (16384 + 2048)
#define TLS_RANDOM_LEN             32
#define TLS_SESSION_ID_MAX         32
#define TLS_EXT_SERVER_NAME        0
#define TLS_NAME_TYPE_HOST_NAME    0
/* A host name with its trailing dot: anything longer cannot normalize. */
#define TLS_NAME_READ_MAX          APPLE_HOSTNAME_MAX

typedef enum {
    STEP_OK,
    STEP_SHORT,     /* the bytes given end first */
    STEP_BAD        /* the bytes cannot be a ClientHello */
} step_t;

typedef struct {
    const uint8_t *bytes;
    size_t         available;   /* min(len, APPLE_TLS_HELLO_MAX) */
    bool           capped;      /* len reached the cap: running out means giving up */
    size_t         pos;
    bool           records;     /* TCP: bytes come in TLS records */
    size_t         record_left; /* handshake bytes left in the current record */
} hello_cursor_t;

static void cursor_init(hello_cursor_t *c, const uint8_t *bytes, size_t len, bool records)
{
    c->bytes = bytes;
    c->capped = len >= APPLE_TLS_HELLO_MAX;
    c->available = c->capped ? APPLE_TLS_HELLO_MAX : len;
    c->pos = 0;
    c->records = records;
    c->record_left = 0;
}

/* Checks the record header at the cursor byte by byte, so that a stream
 * that is not TLS is refused as soon as its first byte is seen, and steps
 * over it. A handshake message may continue only in another handshake
 * record (RFC 8446 5.1: no interleaving), of a non-zero length. */
static step_t open_record(hello_cursor_t *c)
{
    size_t have = c->available - c->pos;

    if (have < 1)
        return STEP_SHORT;
    if (c->bytes[c->pos] != TLS_CONTENT_HANDSHAKE)
        return STEP_BAD;
    if (have < 2)
        return STEP_SHORT;
    if (c->bytes[c->pos + 1] != 3)          /* SSL 3.0 to TLS 1.3: 0x0300-0x0304 */
        return STEP_BAD;
    if (have < 3)
        return STEP_SHORT;
    if (c->bytes[c->pos + 2] > 4)
        return STEP_BAD;
    if (have < TLS_RECORD_HEADER_LEN)
        return STEP_SHORT;

    size_t length = ((size_t)c->bytes[c->pos + 3] << 8) | c->bytes[c->pos + 4];

    if (length == 0 || length > TLS_RECORD_MAX)
        return STEP_BAD;
    c->pos += TLS_RECORD_HEADER_LEN;
    c->record_left = length;
    return STEP_OK;
}

/* Steps over n handshake bytes (through as many records as they span). */
static step_t skip(hello_cursor_t *c, size_t n)
{
    while (n > 0) {
        size_t chunk = n;

        if (c->records) {
            if (c->record_left == 0) {
                step_t step = open_record(c);
                if (step != STEP_OK)
                    return step;
            }
            if (chunk > c->record_left)
                chunk = c->record_left;
        }
        if (chunk > c->available - c->pos)
            chunk = c->available - c->pos;
        if (chunk == 0)
            return STEP_SHORT;
        c->pos += chunk;
        if (c->records)
            c->record_left -= chunk;
        n -= chunk;
    }
    return STEP_OK;
}

/* Copies the next n handshake bytes to out. */
static step_t read_bytes(hello_cursor_t *c, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (c->records && c->record_left == 0) {
            step_t step = open_record(c);
            if (step != STEP_OK)
                return step;
        }
        if (c->pos >= c->available)
            return STEP_SHORT;
        out[i] = c->bytes[c->pos++];
        if (c->records)
            c->record_left--;
    }
    return STEP_OK;
}

/* Reads an n-byte (1 to 3) big-endian number that must fit in the *limit
 * bytes left of the enclosing structure, and counts it against them. */
static step_t read_number(hello_cursor_t *c, size_t n, size_t *limit, size_t *value)
{
    uint8_t b[3];

    if (n > *limit)
        return STEP_BAD;
    step_t step = read_bytes(c, b, n);
    if (step != STEP_OK)
        return step;
    *limit -= n;
    *value = 0;
    for (size_t i = 0; i < n; i++)
        *value = (*value << 8) | b[i];
    return STEP_OK;
}

/* Steps over n bytes that must fit in the *limit left. */
static step_t skip_within(hello_cursor_t *c, size_t n, size_t *limit)
{
    if (n > *limit)
        return STEP_BAD;
    step_t step = skip(c, n);
    if (step != STEP_OK)
        return step;
    *limit -= n;
    return STEP_OK;
}

static apple_tls_result_t answer_of(const hello_cursor_t *c, step_t step)
{
    if (step == STEP_BAD)
        return APPLE_TLS_NOT_HELLO;
    /* Bytes ran out: wait for more, unless the cap stops the waiting. */
    return c->capped ? APPLE_TLS_NO_NAME : APPLE_TLS_NEED_MORE;
}

/* Returns the answer for a step that did not succeed. */
#define STEP_OR_ANSWER(c, expr)                   \
    do {                                          \
        step_t step_ = (expr);                    \
        if (step_ != STEP_OK)                     \
            return answer_of((c), step_);         \
    } while (0)

/* The server_name extension's data, ext_len bytes (RFC 6066 3): a list of
 * (name type, name) entries; the first host_name is the answer. */
static apple_tls_result_t read_server_name(hello_cursor_t *c, size_t ext_len,
                                           char name[APPLE_HOSTNAME_MAX])
{
    size_t list_len, entry_type, entry_len;

    STEP_OR_ANSWER(c, read_number(c, 2, &ext_len, &list_len));
    if (list_len != ext_len)
        return APPLE_TLS_NOT_HELLO;
    while (list_len > 0) {
        STEP_OR_ANSWER(c, read_number(c, 1, &list_len, &entry_type));
        STEP_OR_ANSWER(c, read_number(c, 2, &list_len, &entry_len));
        if (entry_len > list_len)
            return APPLE_TLS_NOT_HELLO;
        if (entry_type == TLS_NAME_TYPE_HOST_NAME) {
            uint8_t raw[TLS_NAME_READ_MAX];

            if (entry_len > sizeof raw)
                return APPLE_TLS_NO_NAME;
            STEP_OR_ANSWER(c, read_bytes(c, raw, entry_len));
            return apple_hostname_server_name((const char *)raw, entry_len, name)
                   ? APPLE_TLS_NAME : APPLE_TLS_NO_NAME;
        }
        STEP_OR_ANSWER(c, skip_within(c, entry_len, &list_len));
    }
    return APPLE_TLS_NO_NAME;
}

/* The ClientHello handshake message at the cursor (RFC 8446 4.1.2). */
static apple_tls_result_t read_client_hello(hello_cursor_t *c, char name[APPLE_HOSTNAME_MAX])
{
    size_t header_left = 4;     /* handshake type and 24-bit length */
    size_t type, body_left, version, length, ext_type, ext_len;

    name[0] = '\0';
    STEP_OR_ANSWER(c, read_number(c, 1, &header_left, &type));
    if (type != TLS_HANDSHAKE_CLIENT_HELLO)
        return APPLE_TLS_NOT_HELLO;
    STEP_OR_ANSWER(c, read_number(c, 3, &header_left, &body_left));

    /* legacy_version: 0x0300-0x0304, as for records (TLS 1.3 sends 0x0303). */
    STEP_OR_ANSWER(c, read_number(c, 2, &body_left, &version));
    if (version < 0x0300 || version > 0x0304)
        return APPLE_TLS_NOT_HELLO;
    STEP_OR_ANSWER(c, skip_within(c, TLS_RANDOM_LEN, &body_left));

    STEP_OR_ANSWER(c, read_number(c, 1, &body_left, &length));
    if (length > TLS_SESSION_ID_MAX)
        return APPLE_TLS_NOT_HELLO;
    STEP_OR_ANSWER(c, skip_within(c, length, &body_left));

    /* cipher_suites<2..2^16-2>: 2-byte suites, at least one. */
    STEP_OR_ANSWER(c, read_number(c, 2, &body_left, &length));
    if (length == 0 || length % 2 != 0)
        return APPLE_TLS_NOT_HELLO;
    STEP_OR_ANSWER(c, skip_within(c, length, &body_left));

    /* compression_methods<1..2^8-1> */
    STEP_OR_ANSWER(c, read_number(c, 1, &body_left, &length));
    if (length == 0)
        return APPLE_TLS_NOT_HELLO;
    STEP_OR_ANSWER(c, skip_within(c, length, &body_left));

    /* A ClientHello may end here (no extensions at all, as SSL 3.0's). */
    if (body_left == 0)
        return APPLE_TLS_NO_NAME;
    STEP_OR_ANSWER(c, read_number(c, 2, &body_left, &length));
    if (length != body_left)
        return APPLE_TLS_NOT_HELLO;

    while (body_left > 0) {
        STEP_OR_ANSWER(c, read_number(c, 2, &body_left, &ext_type));
        STEP_OR_ANSWER(c, read_number(c, 2, &body_left, &ext_len));
        if (ext_len > body_left)
            return APPLE_TLS_NOT_HELLO;
        /* An extension appears at most once (RFC 8446 4.2): the first
         * server_name decides. */
        if (ext_type == TLS_EXT_SERVER_NAME)
            return read_server_name(c, ext_len, name);
        STEP_OR_ANSWER(c, skip_within(c, ext_len, &body_left));
    }
    return APPLE_TLS_NO_NAME;
}

apple_tls_result_t
apple_tls_record_hello_name(const uint8_t *stream, size_t len, char name[APPLE_HOSTNAME_MAX])
{
    hello_cursor_t c;

    cursor_init(&c, stream, len, true);
    return read_client_hello(&c, name);
}

apple_tls_result_t
apple_tls_handshake_hello_name(const uint8_t *handshake, size_t len, char name[APPLE_HOSTNAME_MAX])
{
    hello_cursor_t c;

    cursor_init(&c, handshake, len, false);
    return read_client_hello(&c, name);
}
