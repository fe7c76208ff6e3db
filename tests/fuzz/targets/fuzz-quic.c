/* fuzz-quic.c
 * libFuzzer target for apple-quic.h. The first byte chooses the mode:
 * even, the rest is a UDP datagram (bit 1 set: with the RFC 9001 DCID as
 * the original one); odd, the second byte's low bits give the packet
 * number length and the rest becomes the plaintext of a client Initial
 * that this target protects itself with the RFC 9001 A.1 keys, so that
 * the frame walk behind the decryption gets fuzzed too.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-quic.h"

#include <gcrypt.h>
#include <stdlib.h>
#include <string.h>

/* RFC 9001 appendix A.1: the client keys of DCID 0x8394c8f03e515708. */
static const uint8_t rfc_dcid[8] = { 0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08 };
static const uint8_t rfc_key[16] = {
    0x1f, 0x36, 0x96, 0x13, 0xdd, 0x76, 0xd5, 0x46, 0x77, 0x30, 0xef, 0xcb, 0xe3, 0xb1, 0xa2, 0x2d
};
static const uint8_t rfc_iv[12] = {
    0xfa, 0x04, 0x4b, 0x2f, 0x42, 0xa3, 0xfd, 0x3b, 0x46, 0xfb, 0x25, 0x5c
};
static const uint8_t rfc_hp[16] = {
    0x9f, 0x50, 0x44, 0x9e, 0x04, 0xa0, 0xe8, 0x10, 0x28, 0x3a, 0x1e, 0x99, 0x33, 0xad, 0xed, 0xd2
};

#define HEADER_MAX 32
#define PAYLOAD_MAX 65000

typedef struct {
    size_t frames;
    size_t bytes;
    unsigned checksum;
} seen_t;

/* Reads every byte handed over, so that the sanitizer checks the range. */
static void record(uint64_t offset, const uint8_t *data, size_t len, void *user)
{
    seen_t *seen = user;

    (void)offset;
    seen->frames++;
    seen->bytes += len;
    for (size_t i = 0; i < len; i++)
        seen->checksum += data[i];
}

static void check(bool condition)
{
    if (!condition)
        abort();
}

/* Parses a datagram and checks what must hold whatever it is. */
static apple_quic_status_t parse(const uint8_t *datagram, size_t len,
                                 const uint8_t *original_dcid, size_t original_dcid_len,
                                 seen_t *seen)
{
    uint8_t dcid[APPLE_QUIC_CID_MAX];
    size_t dcid_len = 99;
    apple_quic_status_t status;

    memset(seen, 0, sizeof *seen);
    status = apple_quic_client_initial(datagram, len, original_dcid, original_dcid_len,
                                       record, seen, dcid, &dcid_len);
    check(apple_quic_looks_like_initial(datagram, len)
          == (status == APPLE_QUIC_OK || status == APPLE_QUIC_UNREADABLE));
    check(dcid_len <= APPLE_QUIC_CID_MAX);
    if (status != APPLE_QUIC_OK)
        check(seen->frames == 0 && dcid_len == 0);
    check(seen->bytes <= len);
    return status;
}

/* Protects plaintext as a version 1 client Initial to the RFC DCID;
 * returns the packet's length, or 0 if libgcrypt fails. */
static size_t protect(const uint8_t *plaintext, size_t plaintext_len, size_t pn_len, uint8_t *out)
{
    const uint32_t packet_number = 0x01020304u >> (8 * (4 - pn_len));
    uint64_t length = pn_len + plaintext_len + 16;
    gcry_cipher_hd_t cipher;
    uint8_t nonce[12], mask[16];
    size_t n = 0, pn_offset;
    bool ok;

    out[n++] = (uint8_t)(0xc0 | (pn_len - 1));
    out[n++] = 0;
    out[n++] = 0;
    out[n++] = 0;
    out[n++] = 1;
    out[n++] = sizeof rfc_dcid;
    memcpy(out + n, rfc_dcid, sizeof rfc_dcid);
    n += sizeof rfc_dcid;
    out[n++] = 0;       /* SCID length */
    out[n++] = 0;       /* token length */
    out[n++] = (uint8_t)(0x80 | (length >> 24));
    out[n++] = (uint8_t)(length >> 16);
    out[n++] = (uint8_t)(length >> 8);
    out[n++] = (uint8_t)length;
    pn_offset = n;
    for (size_t i = 0; i < pn_len; i++)
        out[n++] = (uint8_t)(packet_number >> (8 * (pn_len - 1 - i)));

    memcpy(nonce, rfc_iv, sizeof nonce);
    for (size_t i = 0; i < 4; i++)
        nonce[11 - i] ^= (uint8_t)(packet_number >> (8 * i));
    if (gcry_cipher_open(&cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0) != 0)
        return 0;
    ok = gcry_cipher_setkey(cipher, rfc_key, sizeof rfc_key) == 0
        && gcry_cipher_setiv(cipher, nonce, sizeof nonce) == 0
        && gcry_cipher_authenticate(cipher, out, n) == 0
        && (plaintext_len == 0
            || gcry_cipher_encrypt(cipher, out + n, plaintext_len, plaintext, plaintext_len) == 0)
        && gcry_cipher_gettag(cipher, out + n + plaintext_len, 16) == 0;
    gcry_cipher_close(cipher);
    if (!ok)
        return 0;

    if (gcry_cipher_open(&cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0) != 0)
        return 0;
    ok = gcry_cipher_setkey(cipher, rfc_hp, sizeof rfc_hp) == 0
        && gcry_cipher_encrypt(cipher, mask, sizeof mask, out + pn_offset + 4, 16) == 0;
    gcry_cipher_close(cipher);
    if (!ok)
        return 0;
    out[0] ^= mask[0] & 0x0f;
    for (size_t i = 0; i < pn_len; i++)
        out[pn_offset + i] ^= mask[1 + i];
    return n + plaintext_len + 16;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t plaintext[PAYLOAD_MAX], packet[HEADER_MAX + PAYLOAD_MAX + 16];
    static bool initialised;
    seen_t seen;

    if (!initialised) {
        gcry_check_version(NULL);
        initialised = true;
    }
    if (size < 1)
        return 0;

    if ((data[0] & 1) == 0) {
        if (data[0] & 2)
            parse(data + 1, size - 1, rfc_dcid, sizeof rfc_dcid, &seen);
        else
            parse(data + 1, size - 1, NULL, 0, &seen);
        return 0;
    }

    if (size < 2)
        return 0;
    {
        size_t pn_len = (size_t)(data[1] & 3) + 1;
        size_t plaintext_len = size - 2;
        size_t len;
        apple_quic_status_t status;

        if (plaintext_len > PAYLOAD_MAX)
            plaintext_len = PAYLOAD_MAX;
        memcpy(plaintext, data + 2, plaintext_len);
        /* The header protection sample needs 4 bytes after the packet
         * number's offset besides the tag: pad with PADDING frames. */
        while (pn_len + plaintext_len < 4)
            plaintext[plaintext_len++] = 0;
        len = protect(plaintext, plaintext_len, pn_len, packet);
        if (len == 0)
            return 0;
        status = parse(packet, len, NULL, 0, &seen);
        /* The protection is right, so only the frames can make it unreadable. */
        check(status == APPLE_QUIC_OK || status == APPLE_QUIC_UNREADABLE);
        check(seen.bytes <= plaintext_len);
        /* A plaintext of PADDING and PING alone always reads. */
        {
            bool only_padding = true;
            for (size_t i = 0; i < plaintext_len && only_padding; i++)
                only_padding = plaintext[i] <= 0x01;
            if (only_padding)
                check(status == APPLE_QUIC_OK && seen.frames == 0);
        }
    }
    return 0;
}
