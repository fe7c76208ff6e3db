/* apple-tls.h
 * The server name (SNI) of a TLS ClientHello, read from the bytes a client
 * sent first: over TCP as TLS records, over QUIC as the bare handshake
 * messages of its CRYPTO frames. Every length is checked against the bytes
 * given; nothing is allocated.
 *
 * A ClientHello is often split over several segments or packets (a
 * post-quantum key share makes it 1.5-2 KB), and the server_name extension
 * may come after the key share. So a parse of the bytes seen so far answers
 * "need more" until it reaches the extension or the end of the ClientHello.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_TLS_H
#define APPLE_TLS_H

#include <stddef.h>
#include <stdint.h>

#include "apple-hostname.h"

/* The most bytes of a client's stream worth buffering for its ClientHello:
 * a ClientHello whose server_name lies further in is given up on. */
#define APPLE_TLS_HELLO_MAX 32768

typedef enum {
    APPLE_TLS_NEED_MORE,    /* the start of a ClientHello, without its server_name yet */
    APPLE_TLS_NOT_HELLO,    /* not a TLS ClientHello (or malformed) */
    APPLE_TLS_NO_NAME,      /* a ClientHello without a usable host_name */
    APPLE_TLS_NAME          /* name holds the host name, normalized */
} apple_tls_result_t;

/* stream: the first len bytes a TCP client sent, starting with a TLS
 * handshake record; the ClientHello may span several records. */
apple_tls_result_t apple_tls_record_hello_name(const uint8_t *stream, size_t len,
                                               char name[APPLE_HOSTNAME_MAX]);

/* handshake: the first len bytes of a QUIC client's CRYPTO stream (Initial
 * packets): handshake messages without the record layer. */
apple_tls_result_t apple_tls_handshake_hello_name(const uint8_t *handshake, size_t len,
                                                  char name[APPLE_HOSTNAME_MAX]);

#endif /* APPLE_TLS_H */
