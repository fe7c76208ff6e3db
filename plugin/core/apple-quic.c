/* apple-quic.c
 * Removes the Initial packet protection of a QUIC client's Initial packet
 * (RFC 9001 section 5; RFC 9369 for QUIC version 2) and hands its CRYPTO
 * frames to a callback (see apple-quic.h).
 *
 * libgcrypt must have been initialised (gcry_check_version) by the program:
 * Wireshark does it in epan_init(). This file does not call it, as the
 * libgcrypt manual asks of library code; if nobody did, libgcrypt
 * initialises itself on the first cipher or digest call and logs a warning.
 *
 * gcrypt.h comes through Wireshark's wrapper, as Wireshark asks of all its
 * code (tools/checkAPIs.pl): the one Wireshark header the core includes, and
 * only a header (no Wireshark library is linked for it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-quic.h"

#include <string.h>

#include <wsutil/wsgcrypt.h>

/* The largest packet looked at: the largest UDP payload over IPv4
 * (65535 - 8). The whole packet, unprotected, is copied to a stack buffer
 * of this size; a 1200-1500 byte Initial uses a small part of it. */
#define QUIC_PACKET_MAX 65527

#define QUIC_HASH_LEN 32        /* SHA-256, the hash of the Initial cipher suite */
#define QUIC_KEY_LEN 16         /* AES-128 */
#define QUIC_IV_LEN 12
#define QUIC_TAG_LEN 16
#define QUIC_SAMPLE_LEN 16
#define QUIC_SALT_LEN 20
#define QUIC_MAX_STREAM_OFFSET ((UINT64_C(1) << 62) - 1)    /* RFC 9000 section 19.6 */

enum {
    FRAME_PADDING = 0x00,
    FRAME_PING = 0x01,
    FRAME_ACK = 0x02,
    FRAME_ACK_ECN = 0x03,
    FRAME_CRYPTO = 0x06,
    FRAME_CONNECTION_CLOSE = 0x1c
};

/* RFC 9001 section 5.2. */
static const uint8_t salt_v1[QUIC_SALT_LEN] = {
    0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
    0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a
};
/* draft-ietf-quic-tls-29 section 5.2, used up to draft 32. */
static const uint8_t salt_draft29[QUIC_SALT_LEN] = {
    0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
    0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99
};
/* RFC 9369 section 3.3.1. */
static const uint8_t salt_v2[QUIC_SALT_LEN] = {
    0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
    0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9
};

typedef struct {
    const uint8_t *salt;
    const char *key_label;
    const char *iv_label;
    const char *hp_label;
    unsigned initial_type;      /* the long-header Type bits of an Initial */
} quic_version_t;

static const quic_version_t version_1 = { salt_v1, "quic key", "quic iv", "quic hp", 0 };
static const quic_version_t version_draft29 = { salt_draft29, "quic key", "quic iv", "quic hp", 0 };
static const quic_version_t version_2 = { salt_v2, "quicv2 key", "quicv2 iv", "quicv2 hp", 1 };

typedef struct {
    uint8_t key[QUIC_KEY_LEN];
    uint8_t iv[QUIC_IV_LEN];
    uint8_t hp[QUIC_KEY_LEN];
} quic_keys_t;

static const quic_version_t *find_version(uint32_t version)
{
    if (version == 0x00000001)
        return &version_1;
    if (version == 0x6b3343cf)
        return &version_2;
    /* Drafts 29-32 share the draft-29 salt; drafts 33 and 34 already use
     * the salt of version 1 (as Wireshark's packet-quic.c has it). */
    if (version >= 0xff00001d && version <= 0xff000020)
        return &version_draft29;
    if (version >= 0xff000021 && version <= 0xff000022)
        return &version_1;
    return NULL;
}

/* Reads a variable-length integer (RFC 9000 section 16) at *pos. */
static bool read_varint(const uint8_t *buf, size_t len, size_t *pos, uint64_t *value)
{
    size_t size;
    uint64_t v;

    if (*pos >= len)
        return false;
    size = (size_t)1 << (buf[*pos] >> 6);
    if (len - *pos < size)
        return false;
    v = buf[*pos] & 0x3f;
    for (size_t i = 1; i < size; i++)
        v = (v << 8) | buf[*pos + i];
    *pos += size;
    *value = v;
    return true;
}

/* out = HMAC-SHA256(key, part1 || part2). */
static bool hmac_sha256(const uint8_t *key, size_t key_len,
                        const uint8_t *part1, size_t part1_len,
                        const uint8_t *part2, size_t part2_len,
                        uint8_t out[QUIC_HASH_LEN])
{
    /* With GCRY_MD_FLAG_HMAC the first buffer is the key. */
    gcry_buffer_t iov[3];

    memset(iov, 0, sizeof iov);
    iov[0].data = (void *)key;
    iov[0].size = iov[0].len = key_len;
    iov[1].data = (void *)part1;
    iov[1].size = iov[1].len = part1_len;
    iov[2].data = (void *)part2;
    iov[2].size = iov[2].len = part2_len;
    return gcry_md_hash_buffers(GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC, out, iov, 3) == 0;
}

/* HKDF-Expand-Label(secret, label, "", out_len) of TLS 1.3 (RFC 8446
 * section 7.1); out_len <= 32, so one HMAC block is enough. */
static bool expand_label(const uint8_t secret[QUIC_HASH_LEN], const char *label,
                         uint8_t *out, size_t out_len)
{
    static const char prefix[] = "tls13 ";
    static const uint8_t counter = 0x01;
    uint8_t info[2 + 1 + 32 + 1];
    uint8_t block[QUIC_HASH_LEN];
    size_t label_len = strlen(label);
    size_t n = 0;

    info[n++] = (uint8_t)(out_len >> 8);
    info[n++] = (uint8_t)out_len;
    info[n++] = (uint8_t)(sizeof prefix - 1 + label_len);
    memcpy(info + n, prefix, sizeof prefix - 1);
    n += sizeof prefix - 1;
    memcpy(info + n, label, label_len);
    n += label_len;
    info[n++] = 0;              /* empty context */

    if (!hmac_sha256(secret, QUIC_HASH_LEN, info, n, &counter, 1, block))
        return false;
    memcpy(out, block, out_len);
    return true;
}

/* The client's Initial keys from the Destination Connection ID of its
 * first Initial (RFC 9001 section 5.2). */
static bool derive_client_keys(const quic_version_t *version, const uint8_t *cid, size_t cid_len,
                               quic_keys_t *keys)
{
    static const uint8_t nothing = 0;
    uint8_t initial_secret[QUIC_HASH_LEN];
    uint8_t client_secret[QUIC_HASH_LEN];

    /* HKDF-Extract(salt, cid) is HMAC(salt, cid). */
    if (!hmac_sha256(version->salt, QUIC_SALT_LEN, cid_len ? cid : &nothing, cid_len,
                     &nothing, 0, initial_secret))
        return false;
    return expand_label(initial_secret, "client in", client_secret, sizeof client_secret)
        && expand_label(client_secret, version->key_label, keys->key, sizeof keys->key)
        && expand_label(client_secret, version->iv_label, keys->iv, sizeof keys->iv)
        && expand_label(client_secret, version->hp_label, keys->hp, sizeof keys->hp);
}

/* The header protection mask: AES-128-ECB of the sample (RFC 9001 section 5.4.3). */
static bool header_mask(const uint8_t hp[QUIC_KEY_LEN], const uint8_t sample[QUIC_SAMPLE_LEN],
                        uint8_t mask[QUIC_SAMPLE_LEN])
{
    gcry_cipher_hd_t cipher;
    bool ok;

    if (gcry_cipher_open(&cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0) != 0)
        return false;
    ok = gcry_cipher_setkey(cipher, hp, QUIC_KEY_LEN) == 0
        && gcry_cipher_encrypt(cipher, mask, QUIC_SAMPLE_LEN, sample, QUIC_SAMPLE_LEN) == 0;
    gcry_cipher_close(cipher);
    return ok;
}

/* AES-128-GCM decryption of ciphertext into plaintext, true only if the
 * tag verifies (RFC 9001 section 5.3). */
static bool open_payload(const quic_keys_t *keys, uint64_t packet_number,
                         const uint8_t *header, size_t header_len,
                         const uint8_t *ciphertext, size_t ciphertext_len,
                         const uint8_t tag[QUIC_TAG_LEN], uint8_t *plaintext)
{
    gcry_cipher_hd_t cipher;
    uint8_t nonce[QUIC_IV_LEN];
    bool ok;

    /* The nonce is the IV XOR the packet number, right-aligned. */
    memcpy(nonce, keys->iv, QUIC_IV_LEN);
    for (size_t i = 0; i < 8; i++)
        nonce[QUIC_IV_LEN - 1 - i] ^= (uint8_t)(packet_number >> (8 * i));

    if (gcry_cipher_open(&cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0) != 0)
        return false;
    ok = gcry_cipher_setkey(cipher, keys->key, QUIC_KEY_LEN) == 0
        && gcry_cipher_setiv(cipher, nonce, QUIC_IV_LEN) == 0
        && gcry_cipher_authenticate(cipher, header, header_len) == 0
        && (ciphertext_len == 0
            || gcry_cipher_decrypt(cipher, plaintext, ciphertext_len,
                                   ciphertext, ciphertext_len) == 0)
        && gcry_cipher_checktag(cipher, tag, QUIC_TAG_LEN) == 0;
    gcry_cipher_close(cipher);
    return ok;
}

/* Skips the rest of an ACK frame (RFC 9000 section 19.3) after its type. */
static bool skip_ack(const uint8_t *buf, size_t len, size_t *pos, bool with_ecn)
{
    uint64_t largest, delay, range_count, first_range, value;

    if (!read_varint(buf, len, pos, &largest) || !read_varint(buf, len, pos, &delay)
        || !read_varint(buf, len, pos, &range_count) || !read_varint(buf, len, pos, &first_range))
        return false;
    /* Each range takes at least two bytes, so this ends with the data. */
    for (uint64_t i = 0; i < range_count; i++)
        if (!read_varint(buf, len, pos, &value) || !read_varint(buf, len, pos, &value))
            return false;
    if (with_ecn)
        for (int i = 0; i < 3; i++)
            if (!read_varint(buf, len, pos, &value))
                return false;
    return true;
}

/* Walks the frames of a decrypted Initial payload, handing CRYPTO frames
 * to cb; with cb NULL it only checks that they parse. An Initial carries
 * only PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE: the walk stops
 * at a CONNECTION_CLOSE or any other type, with what it has. */
static bool walk_frames(const uint8_t *buf, size_t len, apple_quic_crypto_cb cb, void *user)
{
    size_t pos = 0;

    while (pos < len) {
        uint64_t type, offset, length;

        if (!read_varint(buf, len, &pos, &type))
            return false;
        switch (type) {
        case FRAME_PADDING:
        case FRAME_PING:
            break;
        case FRAME_ACK:
        case FRAME_ACK_ECN:
            if (!skip_ack(buf, len, &pos, type == FRAME_ACK_ECN))
                return false;
            break;
        case FRAME_CRYPTO:
            if (!read_varint(buf, len, &pos, &offset) || !read_varint(buf, len, &pos, &length))
                return false;
            if (length > len - pos || offset > QUIC_MAX_STREAM_OFFSET - length)
                return false;
            if (cb)
                cb(offset, buf + pos, (size_t)length, user);
            pos += (size_t)length;
            break;
        case FRAME_CONNECTION_CLOSE:
        default:
            return true;
        }
    }
    return true;
}

/* Whether the datagram starts with a long header of a known version whose
 * type is Initial; *version_out is that version. */
static apple_quic_status_t classify(const uint8_t *datagram, size_t len,
                                    const quic_version_t **version_out)
{
    uint32_t version_number;
    const quic_version_t *version;

    if (!datagram || len < 5 || !(datagram[0] & 0x80))
        return APPLE_QUIC_NOT_INITIAL;
    version_number = (uint32_t)datagram[1] << 24 | (uint32_t)datagram[2] << 16
        | (uint32_t)datagram[3] << 8 | (uint32_t)datagram[4];
    if (version_number == 0)    /* Version Negotiation */
        return APPLE_QUIC_NOT_INITIAL;
    version = find_version(version_number);
    if (!version)
        return APPLE_QUIC_UNKNOWN_VERSION;
    /* The fixed bit and the type bits are version-specific: only now do
     * they mean anything. */
    if (!(datagram[0] & 0x40) || ((datagram[0] >> 4) & 0x03) != version->initial_type)
        return APPLE_QUIC_NOT_INITIAL;
    *version_out = version;
    return APPLE_QUIC_OK;
}

bool apple_quic_looks_like_initial(const uint8_t *datagram, size_t len)
{
    const quic_version_t *version;

    return classify(datagram, len, &version) == APPLE_QUIC_OK;
}

/* Reads a connection ID (a length byte and at most 20 bytes) at *pos. */
static bool read_cid(const uint8_t *buf, size_t len, size_t *pos,
                     const uint8_t **cid, size_t *cid_len)
{
    size_t n;

    if (*pos >= len)
        return false;
    n = buf[(*pos)++];
    if (n > APPLE_QUIC_CID_MAX || n > len - *pos)
        return false;
    *cid = buf + *pos;
    *cid_len = n;
    *pos += n;
    return true;
}

apple_quic_status_t apple_quic_client_initial(const uint8_t *datagram, size_t len,
                                              const uint8_t *original_dcid, size_t original_dcid_len,
                                              apple_quic_crypto_cb cb, void *user,
                                              uint8_t dcid[APPLE_QUIC_CID_MAX], size_t *dcid_len)
{
    /* The unprotected packet: header, then plaintext. */
    uint8_t packet[QUIC_PACKET_MAX];
    const quic_version_t *version;
    const uint8_t *packet_dcid, *scid, *key_cid;
    size_t packet_dcid_len, scid_len, key_cid_len;
    size_t pos = 5, pn_offset, packet_end, pn_len, header_len, payload_len;
    uint64_t token_len, length, packet_number = 0;
    uint8_t mask[QUIC_SAMPLE_LEN];
    quic_keys_t keys;
    apple_quic_status_t status;

    if (dcid_len)
        *dcid_len = 0;
    status = classify(datagram, len, &version);
    if (status != APPLE_QUIC_OK)
        return status;

    /* RFC 9000 section 17.2.2. */
    if (!read_cid(datagram, len, &pos, &packet_dcid, &packet_dcid_len)
        || !read_cid(datagram, len, &pos, &scid, &scid_len)
        || !read_varint(datagram, len, &pos, &token_len) || token_len > len - pos)
        return APPLE_QUIC_UNREADABLE;
    pos += (size_t)token_len;
    if (!read_varint(datagram, len, &pos, &length) || length > len - pos)
        return APPLE_QUIC_UNREADABLE;
    pn_offset = pos;
    packet_end = pn_offset + (size_t)length;    /* packets coalesced after it are not ours */
    /* The header protection sample starts 4 bytes after the packet number
     * offset, whatever the packet number's length (RFC 9001 section 5.4.2). */
    if (packet_end > sizeof packet || length < 4 + QUIC_SAMPLE_LEN)
        return APPLE_QUIC_UNREADABLE;

    if (original_dcid) {
        if (original_dcid_len > APPLE_QUIC_CID_MAX)
            return APPLE_QUIC_UNREADABLE;
        key_cid = original_dcid;
        key_cid_len = original_dcid_len;
    } else {
        key_cid = packet_dcid;
        key_cid_len = packet_dcid_len;
    }
    if (!derive_client_keys(version, key_cid, key_cid_len, &keys)
        || !header_mask(keys.hp, datagram + pn_offset + 4, mask))
        return APPLE_QUIC_UNREADABLE;

    /* A long header protects the low 4 bits of the first byte; the
     * reserved bits among them are authenticated by the AEAD below. */
    memcpy(packet, datagram, pn_offset);
    packet[0] = (uint8_t)(datagram[0] ^ (mask[0] & 0x0f));
    pn_len = (size_t)(packet[0] & 0x03) + 1;
    for (size_t i = 0; i < pn_len; i++) {
        packet[pn_offset + i] = (uint8_t)(datagram[pn_offset + i] ^ mask[1 + i]);
        /* The truncated number is the full one for a client's first
         * Initials, which count from 0 (RFC 9000 section 17.1). */
        packet_number = (packet_number << 8) | packet[pn_offset + i];
    }
    header_len = pn_offset + pn_len;
    payload_len = packet_end - header_len - QUIC_TAG_LEN;   /* >= 0: length >= 20 */
    if (!open_payload(&keys, packet_number, packet, header_len,
                      datagram + header_len, payload_len,
                      datagram + header_len + payload_len, packet + header_len))
        return APPLE_QUIC_UNREADABLE;

    /* Hand over the CRYPTO frames only if all the frames parse, so that a
     * caller never gets part of an UNREADABLE packet. */
    if (!walk_frames(packet + header_len, payload_len, NULL, NULL))
        return APPLE_QUIC_UNREADABLE;
    if (dcid && dcid_len) {
        memcpy(dcid, packet_dcid, packet_dcid_len);
        *dcid_len = packet_dcid_len;
    }
    if (cb)
        walk_frames(packet + header_len, payload_len, cb, user);
    return APPLE_QUIC_OK;
}
