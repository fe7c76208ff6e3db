/* apple-quic.h
 * The CRYPTO data of a client's QUIC Initial packets (RFC 9000, 9001; QUIC
 * version 2, RFC 9369; drafts 29-34): the packet protection of an Initial
 * comes from its Destination Connection ID, so anyone on the path can
 * remove it and read the ClientHello inside (apple-tls.h). Every length is
 * checked; nothing is allocated. Uses libgcrypt, as Wireshark does.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_QUIC_H
#define APPLE_QUIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define APPLE_QUIC_CID_MAX 20

typedef enum {
    APPLE_QUIC_NOT_INITIAL,      /* no QUIC long-header Initial packet at the start */
    APPLE_QUIC_UNKNOWN_VERSION,  /* a long header of a version without known Initial keys */
    APPLE_QUIC_UNREADABLE,       /* an Initial that does not decrypt or parse */
    APPLE_QUIC_OK                /* decrypted: its CRYPTO frames went to the callback */
} apple_quic_status_t;

/* One CRYPTO frame: data belongs at offset of the client's Initial CRYPTO
 * stream. Valid only during the callback. */
typedef void (*apple_quic_crypto_cb)(uint64_t offset, const uint8_t *data, size_t len, void *user);

/* Looks at the first QUIC packet of a UDP datagram sent by a client. If it
 * is an Initial, removes its protection with keys derived from
 * original_dcid (the Destination Connection ID of the client's first
 * Initial; pass NULL for that first one, whose own DCID counts) and hands
 * each CRYPTO frame to cb. *dcid and *dcid_len receive the packet's
 * Destination Connection ID (dcid: APPLE_QUIC_CID_MAX bytes), for the
 * caller to keep for the client's later Initials. Coalesced packets after
 * the first are ignored. */
apple_quic_status_t apple_quic_client_initial(const uint8_t *datagram, size_t len,
                                              const uint8_t *original_dcid, size_t original_dcid_len,
                                              apple_quic_crypto_cb cb, void *user,
                                              uint8_t dcid[APPLE_QUIC_CID_MAX], size_t *dcid_len);

/* Cheap test before any decryption: a long-header packet with a version
 * this parser knows, of type Initial. */
bool apple_quic_looks_like_initial(const uint8_t *datagram, size_t len);

#endif /* APPLE_QUIC_H */
