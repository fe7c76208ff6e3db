/* test-quic.c
 * Removal of the Initial packet protection of a QUIC client's Initial
 * (apple-quic.h): the RFC 9001 and RFC 9369 sample packets, the draft-29
 * one, a real capture whose ClientHello spans two Initials, and damaged,
 * truncated and hand-built packets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"
#include "vectors.h"

#include "apple-quic.h"

#include <gcrypt.h>
#include <stdio.h>
#include <string.h>

/* --- hex and the vectors ---------------------------------------------- */


static const char rfc_dcid_hex[] = "8394c8f03e515708";

/* RFC 9001 appendix A.2: the CRYPTO frame of the client Initial (padded
 * with zeros to 1162 bytes), its unprotected header and the protected
 * packet. RFC 9369 appendix A.2 uses the same frame. */
static const char rfc_crypto_frame_hex[] =
    "060040f1010000ed0303ebf8fa56f129 39b9584a3896472ec40bb863cfd3e868"
    "04fe3a47f06a2b69484c000004130113 02010000c000000010000e00000b6578"
    "616d706c652e636f6dff01000100000a 00080006001d00170018001000070005"
    "04616c706e0005000501000000000033 00260024001d00209370b2c9caa47fba"
    "baf4559fedba753de171fa71f50f1ce1 5d43e994ec74d748002b000302030400"
    "0d0010000e0403050306030203080408 050806002d00020101001c0002400100"
    "3900320408ffffffffffffffff050480 00ffff07048000ffff08011001048000"
    "75300901100f088394c8f03e51570806 048000ffff";
#define RFC_PAYLOAD_LEN 1162

static const char rfc9001_header_hex[] = "c300000001088394c8f03e5157080000449e00000002";


/* RFC 9001 appendix A.3: the server's Initial, protected with the server's
 * keys, which a parser of client Initials must not open. */
static const char rfc9001_server_packet_hex[] =
    "cf000000010008f067a5502a4262b500 4075c0d95a482cd0991cd25b0aac406a"
    "5816b6394100f37a1c69797554780bb3 8cc5a99f5ede4cf73c3ec2493a1839b3"
    "dbcba3f6ea46c5b7684df3548e7ddeb9 c3bf9c73cc3f3bded74b562bfb19fb84"
    "022f8ef4cdd93795d77d06edbb7aaf2f 58891850abbdca3d20398c276456cbc4"
    "2158407dd074ee";

/* RFC 9001 appendix A.5: a short-header packet. */
static const char rfc9001_short_packet_hex[] = "4cfe4189655e5cd55c41f69080575d7999c25a5bfb";

/* RFC 9369 appendix A.2: the client Initial of QUIC version 2. */
static const char rfc9369_header_hex[] = "d36b3343cf088394c8f03e5157080000449e00000002";

static const char rfc9369_packet_hex[] =
    "d76b3343cf088394c8f03e5157080000 449ea0c95e82ffe67b6abcdb4298b485"
    "dd04de806071bf03dceebfa162e75d6c 96058bdbfb127cdfcbf903388e99ad04"
    "9f9a3dd4425ae4d0992cfff18ecf0fdb 5a842d09747052f17ac2053d21f57c5d"
    "250f2c4f0e0202b70785b7946e992e58 a59ac52dea6774d4f03b55545243cf1a"
    "12834e3f249a78d395e0d18f4d766004 f1a2674802a747eaa901c3f10cda5500"
    "cb9122faa9f1df66c392079a1b40f0de 1c6054196a11cbea40afb6ef5253cd68"
    "18f6625efce3b6def6ba7e4b37a40f77 32e093daa7d52190935b8da58976ff33"
    "12ae50b187c1433c0f028edcc4c2838b 6a9bfc226ca4b4530e7a4ccee1bfa2a3"
    "d396ae5a3fb512384b2fdd851f784a65 e03f2c4fbe11a53c7777c023462239dd"
    "6f7521a3f6c7d5dd3ec9b3f233773d4b 46d23cc375eb198c63301c21801f6520"
    "bcfb7966fc49b393f0061d974a2706df 8c4a9449f11d7f3d2dcbb90c6b877045"
    "636e7c0c0fe4eb0f697545460c806910 d2c355f1d253bc9d2452aaa549e27a1f"
    "ac7cf4ed77f322e8fa894b6a83810a34 b361901751a6f5eb65a0326e07de7c12"
    "16ccce2d0193f958bb3850a833f7ae43 2b65bc5a53975c155aa4bcb4f7b2c4e5"
    "4df16efaf6ddea94e2c50b4cd1dfe060 17e0e9d02900cffe1935e0491d77ffb4"
    "fdf85290fdd893d577b1131a610ef6a5 c32b2ee0293617a37cbb08b847741c3b"
    "8017c25ca9052ca1079d8b78aebd4787 6d330a30f6a8c6d61dd1ab5589329de7"
    "14d19d61370f8149748c72f132f0fc99 f34d766c6938597040d8f9e2bb522ff9"
    "9c63a344d6a2ae8aa8e51b7b90a4a806 105fcbca31506c446151adfeceb51b91"
    "abfe43960977c87471cf9ad4074d30e1 0d6a7f03c63bd5d4317f68ff325ba3bd"
    "80bf4dc8b52a0ba031758022eb025cdd 770b44d6d6cf0670f4e990b22347a7db"
    "848265e3e5eb72dfe8299ad7481a4083 22cac55786e52f633b2fb6b614eaed18"
    "d703dd84045a274ae8bfa73379661388 d6991fe39b0d93debb41700b41f90a15"
    "c4d526250235ddcd6776fc77bc97e7a4 17ebcb31600d01e57f32162a8560cacc"
    "7e27a096d37a1a86952ec71bd89a3e9a 30a2a26162984d7740f81193e8238e61"
    "f6b5b984d4d3dfa033c1bb7e4f0037fe bf406d91c0dccf32acf423cfa1e70710"
    "10d3f270121b493ce85054ef58bada42 310138fe081adb04e2bd901f2f13458b"
    "3d6758158197107c14ebb193230cd115 7380aa79cae1374a7c1e5bbcb80ee23e"
    "06ebfde206bfb0fcbc0edc4ebec30966 1bdd908d532eb0c6adc38b7ca7331dce"
    "8dfce39ab71e7c32d318d136b6100671 a1ae6a6600e3899f31f0eed19e3417d1"
    "34b90c9058f8632c798d4490da498730 7cba922d61c39805d072b589bd52fdf1"
    "e86215c2d54e6670e07383a27bbffb5a ddf47d66aa85a0c6f9f32e59d85a44dd"
    "5d3b22dc2be80919b490437ae4f36a0a e55edf1d0b5cb4e9a3ecabee93dfc6e3"
    "8d209d0fa6536d27a5d6fbb17641cde2 7525d61093f1b28072d111b2b4ae5f89"
    "d5974ee12e5cf7d5da4d6a31123041f3 3e61407e76cffcdcfd7e19ba58cf4b53"
    "6f4c4938ae79324dc402894b44faf8af bab35282ab659d13c93f70412e85cb19"
    "9a37ddec600545473cfb5a05e08d0b20 9973b2172b4d21fb69745a262ccde96b"
    "a18b2faa745b6fe189cf772a9f84cbfc";

/* draft-ietf-quic-tls-29 appendix A.2 (version 0xff00001d, the draft-29
 * salt): its CRYPTO frame (padded with zeros to 1162 bytes), header and
 * protected packet. */
static const char draft29_crypto_frame_hex[] =
    "060040c4010000c003036660261ff947cea49cce6cfad687f457cf1b14531ba1"
    "4131a0e8f309a1d0b9c4000006130113031302010000910000000b0009000006"
    "736572766572ff01000100000a00140012001d00170018001901000101010201"
    "03010400230000003300260024001d00204cfdfcd178b784bf328cae793b136f"
    "2aedce005ff183d7bb1495207236647037002b0003020304000d0020001e0403"
    "05030603020308040805080604010501060102010402050206020202002d0002"
    "0101001c00024001";

static const char draft29_header_hex[] = "c3ff00001d088394c8f03e5157080000449e00000002";

static const char draft29_packet_hex[] =
    "c5ff00001d088394c8f03e5157080000449e4a95245bfb66bc5f93032b7ddd89"
    "fe0ff15d9c4f7050fccdb71c1cd80512d4431643a53aafa1b0b518b44968b18b"
    "8d3e7a4d04c30b3ed9410325b2abb2dafb1c12f8b70479eb8df98abcaf95dd8f"
    "3d1c78660fbc719f88b23c8aef6771f3d50e10fdfb4c9d92386d44481b6c52d5"
    "9e5538d3d3942de9f13a7f8b702dc31724180da9df22714d01003fc5e3d165c9"
    "50e630b8540fbd81c9df0ee63f94997026c4f2e1887a2def79050ac2d86ba318"
    "e0b3adc4c5aa18bcf63c7cf8e85f569249813a2236a7e72269447cd1c755e451"
    "f5e77470eb3de64c8849d292820698029cfa18e5d66176fe6e5ba4ed18026f90"
    "900a5b4980e2f58e39151d5cd685b10929636d4f02e7fad2a5a458249f5c0298"
    "a6d53acbe41a7fc83fa7cc01973f7a74d1237a51974e097636b6203997f921d0"
    "7bc1940a6f2d0de9f5a11432946159ed6cc21df65c4ddd1115f86427259a196c"
    "7148b25b6478b0dc7766e1c4d1b1f5159f90eabc61636226244642ee148b464c"
    "9e619ee50a5e3ddc836227cad938987c4ea3c1fa7c75bbf88d89e9ada642b2b8"
    "8fe8107b7ea375b1b64889a4e9e5c38a1c896ce275a5658d250e2d76e1ed3a34"
    "ce7e3a3f383d0c996d0bed106c2899ca6fc263ef0455e74bb6ac1640ea7bfedc"
    "59f03fee0e1725ea150ff4d69a7660c5542119c71de270ae7c3ecfd1af2c4ce5"
    "51986949cc34a66b3e216bfe18b347e6c05fd050f85912db303a8f054ec23e38"
    "f44d1c725ab641ae929fecc8e3cefa5619df4231f5b4c009fa0c0bbc60bc75f7"
    "6d06ef154fc8577077d9d6a1d2bd9bf081dc783ece60111bea7da9e5a9748069"
    "d078b2bef48de04cabe3755b197d52b32046949ecaa310274b4aac0d008b1948"
    "c1082cdfe2083e386d4fd84c0ed0666d3ee26c4515c4fee73433ac703b690a9f"
    "7bf278a77486ace44c489a0c7ac8dfe4d1a58fb3a730b993ff0f0d61b4d89557"
    "831eb4c752ffd39c10f6b9f46d8db278da624fd800e4af85548a294c1518893a"
    "8778c4f6d6d73c93df200960104e062b388ea97dcf4016bced7f62b4f062cb6c"
    "04c20693d9a0e3b74ba8fe74cc01237884f40d765ae56a51688d985cf0ceaef4"
    "3045ed8c3f0c33bced08537f6882613acd3b08d665fce9dd8aa73171e2d3771a"
    "61dba2790e491d413d93d987e2745af29418e428be34941485c93447520ffe23"
    "1da2304d6a0fd5d07d0837220236966159bef3cf904d722324dd852513df39ae"
    "030d8173908da6364786d3c1bfcb19ea77a63b25f1e7fc661def480c5d00d444"
    "56269ebd84efd8e3a8b2c257eec76060682848cbf5194bc99e49ee75e4d0d254"
    "bad4bfd74970c30e44b65511d4ad0e6ec7398e08e01307eeeea14e46ccd87cf3"
    "6b285221254d8fc6a6765c524ded0085dca5bd688ddf722e2c0faf9d0fb2ce7a"
    "0c3f2cee19ca0ffba461ca8dc5d2c8178b0762cf67135558494d2a96f1a139f0"
    "edb42d2af89a9c9122b07acbc29e5e722df8615c343702491098478a389c9872"
    "a10b0c9875125e257c7bfdf27eef4060bd3d00f4c14fd3e3496c38d3c5d1a566"
    "8c39350effbc2d16ca17be4ce29f02ed969504dda2a8c6b9ff919e693ee79e09"
    "089316e7d1d89ec099db3b2b268725d888536a4b8bf9aee8fb43e82a4d919d48"
    "43b1ca70a2d8d3f725ead1391377dcc0";



/* RFC 9001 appendix A.4: a Retry packet. */
static const char rfc9001_retry_packet_hex[] =
    "ff000000010008f067a5502a4262b574 6f6b656e04a265ba2eff4d829058fb3f"
    "0f2496ba";

/* The SHA-256 of the ClientHello that Wireshark reassembles from frames 1
 * and 2 of the capture ("Reassembled TLS Handshake (1578 bytes)" of
 * tshark -x -o quic.udp.port:4443, then sha256sum). */
static const char capture_client_hello_sha256_hex[] =
    "cdb65ea32b61ec1649c734b53ee0845bcecee7baaee1c97b7a0f730c7e38117f";
#define CAPTURE_CLIENT_HELLO_LEN 1578

/* --- the test's own packet protection ---------------------------------- */

/* Written apart from apple-quic.c, with libgcrypt's HMAC handles, and
 * checked against the RFC's keys and packets before it builds anything. */

static const uint8_t salt_v1[20] = {
    0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
    0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a
};
static const uint8_t salt_v2[20] = {
    0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
    0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9
};
static const uint8_t salt_draft29[20] = {
    0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
    0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99
};

typedef struct {
    uint8_t initial_secret[32];
    uint8_t client_secret[32];
    uint8_t key[16];
    uint8_t iv[12];
    uint8_t hp[16];
} keys_t;

static void hmac(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t msg_len,
                 uint8_t out[32])
{
    gcry_md_hd_t md;

    assert_int_equal(gcry_md_open(&md, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC), 0);
    assert_int_equal(gcry_md_setkey(md, key, key_len), 0);
    gcry_md_write(md, msg, msg_len);
    memcpy(out, gcry_md_read(md, GCRY_MD_SHA256), 32);
    gcry_md_close(md);
}

/* HKDF-Expand-Label(secret, label, "", len), len <= 32. */
static void expand_label(const uint8_t secret[32], const char *label, uint8_t *out, size_t len)
{
    uint8_t info[64], block[32];
    size_t n = 0, label_len = strlen(label);

    info[n++] = 0;
    info[n++] = (uint8_t)len;
    info[n++] = (uint8_t)(6 + label_len);
    memcpy(info + n, "tls13 ", 6);
    n += 6;
    memcpy(info + n, label, label_len);
    n += label_len;
    info[n++] = 0;
    info[n++] = 1;      /* HKDF-Expand's block counter */
    hmac(secret, 32, info, n, block);
    memcpy(out, block, len);
}

/* The client Initial keys; prefix is "quic" or "quicv2". */
static keys_t client_keys(const uint8_t salt[20], const char *prefix,
                          const uint8_t *cid, size_t cid_len)
{
    keys_t k;
    char label[32];

    hmac(salt, 20, cid, cid_len, k.initial_secret);
    expand_label(k.initial_secret, "client in", k.client_secret, 32);
    snprintf(label, sizeof label, "%s key", prefix);
    expand_label(k.client_secret, label, k.key, 16);
    snprintf(label, sizeof label, "%s iv", prefix);
    expand_label(k.client_secret, label, k.iv, 12);
    snprintf(label, sizeof label, "%s hp", prefix);
    expand_label(k.client_secret, label, k.hp, 16);
    return k;
}

static keys_t rfc_keys(const uint8_t salt[20], const char *prefix)
{
    uint8_t cid[8];

    vectors_from_hex(rfc_dcid_hex, cid, sizeof cid);
    return client_keys(salt, prefix, cid, sizeof cid);
}

/* Protects a packet: header is unprotected and ends with its pn_len-byte
 * packet number; out receives header, ciphertext and tag, with header
 * protection applied. Returns the packet's length. */
static size_t protect(const keys_t *k, const uint8_t *header, size_t header_len, size_t pn_len,
                      const uint8_t *payload, size_t payload_len, uint8_t *out)
{
    gcry_cipher_hd_t cipher;
    uint8_t nonce[12], mask[16];
    uint64_t pn = 0;
    size_t pn_offset = header_len - pn_len;

    for (size_t i = 0; i < pn_len; i++)
        pn = pn << 8 | header[pn_offset + i];
    memcpy(nonce, k->iv, 12);
    for (size_t i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(pn >> (8 * i));

    memcpy(out, header, header_len);
    assert_int_equal(gcry_cipher_open(&cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0), 0);
    assert_int_equal(gcry_cipher_setkey(cipher, k->key, 16), 0);
    assert_int_equal(gcry_cipher_setiv(cipher, nonce, 12), 0);
    assert_int_equal(gcry_cipher_authenticate(cipher, header, header_len), 0);
    if (payload_len)
        assert_int_equal(gcry_cipher_encrypt(cipher, out + header_len, payload_len,
                                             payload, payload_len), 0);
    assert_int_equal(gcry_cipher_gettag(cipher, out + header_len + payload_len, 16), 0);
    gcry_cipher_close(cipher);

    assert_int_equal(gcry_cipher_open(&cipher, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0), 0);
    assert_int_equal(gcry_cipher_setkey(cipher, k->hp, 16), 0);
    assert_int_equal(gcry_cipher_encrypt(cipher, mask, 16, out + pn_offset + 4, 16), 0);
    gcry_cipher_close(cipher);
    out[0] ^= mask[0] & ((out[0] & 0x80) ? 0x0f : 0x1f);
    for (size_t i = 0; i < pn_len; i++)
        out[pn_offset + i] ^= mask[1 + i];
    return header_len + payload_len + 16;
}

/* A varint of the given size (1, 2, 4 or 8 bytes) at out; returns size. */
static size_t put_varint(uint8_t *out, uint64_t value, size_t size)
{
    static const uint8_t prefix[9] = { 0, 0x00, 0x40, 0, 0x80, 0, 0, 0, 0xc0 };

    for (size_t i = 0; i < size; i++)
        out[i] = (uint8_t)(value >> (8 * (size - 1 - i)));
    out[0] |= prefix[size];
    return size;
}

/* A hand-built client Initial: its fields, before protection. */
typedef struct {
    uint32_t version;
    const uint8_t *dcid;
    size_t dcid_len;
    const uint8_t *scid;
    size_t scid_len;
    const uint8_t *token;
    size_t token_len;
    uint32_t packet_number;
    size_t pn_len;              /* 1-4 */
    size_t length_size;         /* bytes of the Length varint: 2 or 4 */
} initial_t;

static initial_t default_initial(void)
{
    static uint8_t dcid[8];
    initial_t p;

    vectors_from_hex(rfc_dcid_hex, dcid, sizeof dcid);
    memset(&p, 0, sizeof p);
    p.version = 1;
    p.dcid = dcid;
    p.dcid_len = sizeof dcid;
    p.pn_len = 4;
    p.packet_number = 2;
    p.length_size = 2;
    return p;
}

/* Builds and protects p around payload with k; returns the length. */
static size_t build_initial(const initial_t *p, const keys_t *k,
                            const uint8_t *payload, size_t payload_len, uint8_t *out)
{
    static uint8_t header[512];
    unsigned type = p->version == 0x6b3343cf ? 1 : 0;
    size_t n = 0;

    assert_true(p->dcid_len + p->scid_len + p->token_len + 32 < sizeof header);
    header[n++] = (uint8_t)(0xc0 | type << 4 | (p->pn_len - 1));
    for (int i = 3; i >= 0; i--)
        header[n++] = (uint8_t)(p->version >> (8 * i));
    header[n++] = (uint8_t)p->dcid_len;
    memcpy(header + n, p->dcid, p->dcid_len);
    n += p->dcid_len;
    header[n++] = (uint8_t)p->scid_len;
    if (p->scid_len)
        memcpy(header + n, p->scid, p->scid_len);
    n += p->scid_len;
    n += put_varint(header + n, p->token_len, p->token_len < 64 ? 1 : 2);
    if (p->token_len)
        memcpy(header + n, p->token, p->token_len);
    n += p->token_len;
    n += put_varint(header + n, p->pn_len + payload_len + 16, p->length_size);
    for (size_t i = 0; i < p->pn_len; i++)
        header[n++] = (uint8_t)(p->packet_number >> (8 * (p->pn_len - 1 - i)));
    return protect(k, header, n, p->pn_len, payload, payload_len, out);
}

/* --- what the callback saw -------------------------------------------- */

#define MAX_FRAMES 16

typedef struct {
    size_t count;               /* CRYPTO frames handed over */
    uint64_t offset[MAX_FRAMES];
    size_t len[MAX_FRAMES];
    uint8_t data[4096];         /* their data, one after another */
    size_t data_len;
    size_t total_len;
} seen_t;

static void record(uint64_t offset, const uint8_t *data, size_t len, void *user)
{
    seen_t *seen = user;

    if (seen->count < MAX_FRAMES) {
        seen->offset[seen->count] = offset;
        seen->len[seen->count] = len;
    }
    seen->count++;
    if (len <= sizeof seen->data - seen->data_len) {
        memcpy(seen->data + seen->data_len, data, len);
        seen->data_len += len;
    }
    seen->total_len += len;
}

/* Runs the parser with the keys of the packet's own DCID. */
static apple_quic_status_t parse(const uint8_t *datagram, size_t len, seen_t *seen)
{
    uint8_t dcid[APPLE_QUIC_CID_MAX];
    size_t dcid_len = 99;
    apple_quic_status_t status;

    memset(seen, 0, sizeof *seen);
    status = apple_quic_client_initial(datagram, len, NULL, 0, record, seen, dcid, &dcid_len);
    /* The cheap test and the full one agree on what is an Initial. */
    assert_int_equal(apple_quic_looks_like_initial(datagram, len),
                     status == APPLE_QUIC_OK || status == APPLE_QUIC_UNREADABLE);
    if (status != APPLE_QUIC_OK) {
        assert_int_equal(seen->count, 0);
        assert_int_equal(dcid_len, 0);
    }
    return status;
}

static uint8_t rfc_payload[RFC_PAYLOAD_LEN];

/* The RFC 9001/9369 A.2 payload: the CRYPTO frame, then zeros (PADDING). */
static size_t rfc_crypto_frame(uint8_t *frame, size_t cap)
{
    return vectors_from_hex(rfc_crypto_frame_hex, frame, cap);
}

static const uint8_t *padded_payload(const char *frame_hex)
{
    memset(rfc_payload, 0, sizeof rfc_payload);
    vectors_from_hex(frame_hex, rfc_payload, sizeof rfc_payload);
    return rfc_payload;
}

/* --- the RFC keys and packets ------------------------------------------ */

static void assert_hex(const uint8_t *got, size_t len, const char *hex)
{
    uint8_t want[64];

    assert_int_equal(vectors_from_hex(hex, want, sizeof want), len);
    assert_memory_equal(got, want, len);
}

/* RFC 9001 A.1 and RFC 9369 A.1: the test's key derivation is right, so
 * packets it builds below are built as the RFCs say. */
static void test_rfc_keys(void **state)
{
    keys_t k;

    (void)state;
    k = rfc_keys(salt_v1, "quic");
    assert_hex(k.initial_secret, 32, "7db5df06e7a69e432496adedb0085192 3595221596ae2ae9fb8115c1e9ed0a44");
    assert_hex(k.client_secret, 32, "c00cf151ca5be075ed0ebfb5c80323c4 2d6b7db67881289af4008f1f6c357aea");
    assert_hex(k.key, 16, "1f369613dd76d5467730efcbe3b1a22d");
    assert_hex(k.iv, 12, "fa044b2f42a3fd3b46fb255c");
    assert_hex(k.hp, 16, "9f50449e04a0e810283a1e9933adedd2");

    k = rfc_keys(salt_v2, "quicv2");
    assert_hex(k.initial_secret, 32, "2062e8b3cd8d52092614b8071d0aa1fb 7c2e3ac193f78b280e72d8f5751f6aba");
    assert_hex(k.client_secret, 32, "14ec9d6eb9fd7af83bf5a668bc17a7e2 83766aade7ecd0891f70f9ff7f4bf47b");
    assert_hex(k.key, 16, "8b1a0bc121284290a29e0971b5cd045d");
    assert_hex(k.iv, 12, "91f73e2351d8fa91660e909f");
    assert_hex(k.hp, 16, "45b95e15235d6f45a6b19cbcb0294ba9");
}

/* The test's protection gives the RFCs' protected packets byte for byte. */
static void assert_protects_to(const keys_t *k, const char *header_hex, const char *frame_hex,
                               const char *packet_hex)
{
    uint8_t header[64], want[1300], got[1300];
    size_t header_len = vectors_from_hex(header_hex, header, sizeof header);
    size_t want_len = vectors_from_hex(packet_hex, want, sizeof want);

    assert_int_equal(protect(k, header, header_len, 4, padded_payload(frame_hex), RFC_PAYLOAD_LEN, got),
                     want_len);
    assert_memory_equal(got, want, want_len);
}

static void test_rfc_protection(void **state)
{
    keys_t k;

    (void)state;
    k = rfc_keys(salt_v1, "quic");
    assert_protects_to(&k, rfc9001_header_hex, rfc_crypto_frame_hex, rfc9001_packet_hex);
    k = rfc_keys(salt_v2, "quicv2");
    assert_protects_to(&k, rfc9369_header_hex, rfc_crypto_frame_hex, rfc9369_packet_hex);
    k = rfc_keys(salt_draft29, "quic");
    assert_protects_to(&k, draft29_header_hex, draft29_crypto_frame_hex, draft29_packet_hex);
}

/* The RFC's protected packet decrypts to the one CRYPTO frame it carries. */
static void assert_rfc_packet_decrypts(const char *packet_hex, const char *frame_hex)
{
    uint8_t packet[1300], frame[300], dcid[APPLE_QUIC_CID_MAX], rfc_dcid[8];
    size_t len = vectors_from_hex(packet_hex, packet, sizeof packet);
    size_t frame_len = vectors_from_hex(frame_hex, frame, sizeof frame);
    size_t dcid_len = 0;
    seen_t seen;

    assert_int_equal(len, 1200);
    assert_true(apple_quic_looks_like_initial(packet, len));
    memset(&seen, 0, sizeof seen);
    assert_int_equal(apple_quic_client_initial(packet, len, NULL, 0, record, &seen, dcid, &dcid_len),
                     APPLE_QUIC_OK);
    /* The frame is 06, offset 00, length 40xx, then the ClientHello. */
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.offset[0], 0);
    assert_int_equal(seen.len[0], frame_len - 4);
    assert_int_equal(seen.len[0], ((size_t)(frame[2] & 0x3f) << 8) | frame[3]);
    assert_memory_equal(seen.data, frame + 4, frame_len - 4);
    assert_int_equal(seen.data[0], 0x01);       /* ClientHello */
    assert_int_equal(dcid_len, 8);
    vectors_from_hex(rfc_dcid_hex, rfc_dcid, sizeof rfc_dcid);
    assert_memory_equal(dcid, rfc_dcid, 8);

    /* The same with the DCID given as the original one. */
    memset(&seen, 0, sizeof seen);
    assert_int_equal(apple_quic_client_initial(packet, len, rfc_dcid, 8, record, &seen, dcid, &dcid_len),
                     APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    assert_memory_equal(seen.data, frame + 4, frame_len - 4);
}

static void test_rfc9001_client_initial(void **state)
{
    (void)state;
    assert_rfc_packet_decrypts(rfc9001_packet_hex, rfc_crypto_frame_hex);
}

static void test_rfc9369_client_initial(void **state)
{
    (void)state;
    assert_rfc_packet_decrypts(rfc9369_packet_hex, rfc_crypto_frame_hex);
}

static void test_draft29_client_initial(void **state)
{
    (void)state;
    assert_rfc_packet_decrypts(draft29_packet_hex, draft29_crypto_frame_hex);
}

/* Each version has its salt: drafts 29-32 the draft-29 one, drafts 33 and
 * 34 already version 1's. A packet protected with the other salt does not
 * decrypt. */
static void test_draft_salts(void **state)
{
    static const struct {
        uint32_t version;
        const uint8_t *salt, *other_salt;
    } cases[] = {
        { 0xff00001d, salt_draft29, salt_v1 },
        { 0xff00001e, salt_draft29, salt_v1 },
        { 0xff00001f, salt_draft29, salt_v1 },
        { 0xff000020, salt_draft29, salt_v1 },
        { 0xff000021, salt_v1, salt_draft29 },
        { 0xff000022, salt_v1, salt_draft29 },
        { 0x00000001, salt_v1, salt_draft29 },
    };
    uint8_t packet[1300], header[64];
    size_t header_len = vectors_from_hex(rfc9001_header_hex, header, sizeof header), len;
    seen_t seen;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        keys_t right = rfc_keys(cases[i].salt, "quic");
        keys_t wrong = rfc_keys(cases[i].other_salt, "quic");

        for (int b = 0; b < 4; b++)
            header[1 + b] = (uint8_t)(cases[i].version >> (8 * (3 - b)));
        len = protect(&right, header, header_len, 4, padded_payload(rfc_crypto_frame_hex),
                      RFC_PAYLOAD_LEN, packet);
        assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_OK);
        assert_int_equal(seen.count, 1);
        len = protect(&wrong, header, header_len, 4, padded_payload(rfc_crypto_frame_hex),
                      RFC_PAYLOAD_LEN, packet);
        assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    }
}

/* Version 2's labels are its own: a v2 packet protected with the version 1
 * labels (and v2's salt) does not decrypt. */
static void test_v2_labels(void **state)
{
    uint8_t packet[1300], header[64];
    size_t header_len = vectors_from_hex(rfc9369_header_hex, header, sizeof header), len;
    keys_t k = rfc_keys(salt_v2, "quic");
    seen_t seen;

    (void)state;
    len = protect(&k, header, header_len, 4, padded_payload(rfc_crypto_frame_hex),
                  RFC_PAYLOAD_LEN, packet);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
}

/* The server's Initial is protected with the server's keys. */
static void test_server_initial_unreadable(void **state)
{
    uint8_t packet[300], dcid[APPLE_QUIC_CID_MAX], rfc_dcid[8];
    size_t len = vectors_from_hex(rfc9001_server_packet_hex, packet, sizeof packet);
    size_t dcid_len = 5;
    seen_t seen;

    (void)state;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    vectors_from_hex(rfc_dcid_hex, rfc_dcid, sizeof rfc_dcid);
    memset(&seen, 0, sizeof seen);
    assert_int_equal(apple_quic_client_initial(packet, len, rfc_dcid, 8, record, &seen, dcid, &dcid_len),
                     APPLE_QUIC_UNREADABLE);
    assert_int_equal(seen.count, 0);
    assert_int_equal(dcid_len, 0);
}

/* --- the capture ------------------------------------------------------- */

/* Frames 1 and 2 of the capture: the client's first two Initials, whose
 * CRYPTO frames Wireshark shows as offset 0 length 1182 and offset 1182
 * length 396 (tshark -o quic.udp.port:4443 -T fields -e quic.crypto.offset
 * -e quic.crypto.length). Both carry DCID e0ea07d1045fdfdf. */
static void test_capture_client_hello(void **state)
{
    static uint8_t frame1[1300], frame2[1300];
    size_t len1 = vectors_from_hex(capture_frame1_hex, frame1, sizeof frame1);
    size_t len2 = vectors_from_hex(capture_frame2_hex, frame2, sizeof frame2);
    uint8_t first_dcid[APPLE_QUIC_CID_MAX], dcid[APPLE_QUIC_CID_MAX], want_dcid[8];
    uint8_t hello[CAPTURE_CLIENT_HELLO_LEN], digest[32];
    size_t first_dcid_len = 0, dcid_len = 0;
    seen_t seen;

    (void)state;
    assert_int_equal(len1, 1232);
    assert_int_equal(len2, 1232);
    vectors_from_hex("e0ea07d1045fdfdf", want_dcid, sizeof want_dcid);

    memset(&seen, 0, sizeof seen);
    assert_int_equal(apple_quic_client_initial(frame1, len1, NULL, 0, record, &seen,
                                               first_dcid, &first_dcid_len), APPLE_QUIC_OK);
    assert_int_equal(first_dcid_len, 8);
    assert_memory_equal(first_dcid, want_dcid, 8);
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.offset[0], 0);
    assert_int_equal(seen.len[0], 1182);
    memcpy(hello, seen.data, 1182);

    /* The second Initial, with the keys of the first one's DCID. */
    memset(&seen, 0, sizeof seen);
    assert_int_equal(apple_quic_client_initial(frame2, len2, first_dcid, first_dcid_len, record, &seen,
                                               dcid, &dcid_len), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.offset[0], 1182);
    assert_int_equal(seen.len[0], 396);
    assert_int_equal(dcid_len, 8);
    assert_memory_equal(dcid, want_dcid, 8);
    memcpy(hello + 1182, seen.data, 396);

    /* Together: the ClientHello Wireshark reassembles. */
    assert_int_equal(hello[0], 0x01);
    assert_int_equal(((size_t)hello[1] << 16 | (size_t)hello[2] << 8 | hello[3]) + 4,
                     CAPTURE_CLIENT_HELLO_LEN);
    gcry_md_hash_buffer(GCRY_MD_SHA256, digest, hello, sizeof hello);
    assert_hex(digest, 32, capture_client_hello_sha256_hex);

    /* Keys from another DCID do not open it: original_dcid is what counts. */
    memset(&seen, 0, sizeof seen);
    assert_int_equal(apple_quic_client_initial(frame2, len2, want_dcid, 7, record, &seen,
                                               dcid, &dcid_len), APPLE_QUIC_UNREADABLE);
    assert_int_equal(seen.count, 0);
}

/* --- damage ------------------------------------------------------------ */

/* Every truncation of a valid Initial: too short for a version, not an
 * Initial; after that, unreadable; and no callback before the end. */
static void assert_every_truncation(const uint8_t *packet, size_t len)
{
    seen_t seen;

    for (size_t n = 0; n < len; n++)
        assert_int_equal(parse(packet, n, &seen),
                         n < 5 ? APPLE_QUIC_NOT_INITIAL : APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_OK);
}

static void test_truncation(void **state)
{
    static uint8_t packet[1300];
    size_t len;

    (void)state;
    len = vectors_from_hex(rfc9001_packet_hex, packet, sizeof packet);
    assert_every_truncation(packet, len);
    len = vectors_from_hex(rfc9369_packet_hex, packet, sizeof packet);
    assert_every_truncation(packet, len);
    len = vectors_from_hex(capture_frame2_hex, packet, sizeof packet);
    assert_every_truncation(packet, len);
}

/* Any byte flipped after the Length field (packet number, payload, tag)
 * fails the tag; so does any flipped bit of the first byte's protected
 * bits, and a changed DCID gives other keys. */
static void test_flipped_bytes(void **state)
{
    static uint8_t packet[1300];
    size_t len = vectors_from_hex(rfc9001_packet_hex, packet, sizeof packet);
    seen_t seen;

    (void)state;
    for (size_t i = 18; i < len; i++) {
        packet[i] ^= 0x01;
        assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
        packet[i] ^= 0x01;
    }
    for (uint8_t bit = 0x01; bit <= 0x08; bit <<= 1) {
        packet[0] ^= bit;
        assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
        packet[0] ^= bit;
    }
    for (size_t i = 6; i < 14; i++) {
        packet[i] ^= 0x80;
        assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
        packet[i] ^= 0x80;
    }
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_OK);
}

static void test_unknown_version(void **state)
{
    static const uint32_t unknown[] = {
        0x00000002, 0xff00001c, 0xff000023, 0x709a50c4, 0x1a2a3a4a, 0x51303530
    };
    uint8_t packet[1300];
    size_t len = vectors_from_hex(rfc9001_packet_hex, packet, sizeof packet);
    seen_t seen;

    (void)state;
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        for (int b = 0; b < 4; b++)
            packet[1 + b] = (uint8_t)(unknown[i] >> (8 * (3 - b)));
        assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNKNOWN_VERSION);
        assert_int_equal(parse(packet, 5, &seen), APPLE_QUIC_UNKNOWN_VERSION);
    }
}

static void test_short_header(void **state)
{
    uint8_t packet[64];
    size_t len = vectors_from_hex(rfc9001_short_packet_hex, packet, sizeof packet);
    seen_t seen;

    (void)state;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_NOT_INITIAL);
    /* A short header whose next bytes read as version 1 is still short. */
    vectors_from_hex("4000000001088394c8f03e515708", packet, sizeof packet);
    assert_int_equal(parse(packet, 14, &seen), APPLE_QUIC_NOT_INITIAL);
    assert_int_equal(parse(packet, 0, &seen), APPLE_QUIC_NOT_INITIAL);
    assert_int_equal(apple_quic_client_initial(NULL, 0, NULL, 0, record, &seen, NULL, NULL),
                     APPLE_QUIC_NOT_INITIAL);
    assert_false(apple_quic_looks_like_initial(NULL, 10));
}

/* RFC 9000 section 17.2.1: version 0, then the CIDs and the versions the
 * server supports. */
static void test_version_negotiation(void **state)
{
    uint8_t packet[64];
    size_t len = vectors_from_hex("c5 00000000 08 5bb4b299cb9dcac4 08 e0ea07d1045fdfdf 00000001 6b3343cf",
                          packet, sizeof packet);
    seen_t seen;

    (void)state;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_NOT_INITIAL);
    packet[0] = 0x80;   /* its first byte's low bits are arbitrary */
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_NOT_INITIAL);
}

/* Long headers of other types, and a cleared fixed bit. */
static void test_other_long_headers(void **state)
{
    uint8_t packet[1300];
    size_t len = vectors_from_hex(rfc9001_packet_hex, packet, sizeof packet);
    seen_t seen;

    (void)state;
    for (unsigned type = 1; type <= 3; type++) {
        packet[0] = (uint8_t)(0xc0 | type << 4);
        assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_NOT_INITIAL);
    }
    packet[0] = 0x80;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_NOT_INITIAL);

    /* Version 2 numbers its types differently: 0b00 is a Retry there. */
    len = vectors_from_hex(rfc9369_packet_hex, packet, sizeof packet);
    packet[0] = (uint8_t)(packet[0] & 0xcf);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_NOT_INITIAL);

    len = vectors_from_hex(rfc9001_retry_packet_hex, packet, sizeof packet);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_NOT_INITIAL);
}

/* Packets coalesced after the first (RFC 9000 section 12.2) are ignored. */
static void test_coalesced(void **state)
{
    static uint8_t datagram[2600];
    size_t len = vectors_from_hex(rfc9001_packet_hex, datagram, sizeof datagram);
    seen_t seen;

    (void)state;
    memcpy(datagram + len, datagram, len);
    assert_int_equal(parse(datagram, 2 * len, &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    memset(datagram + len, 0xa5, len);
    assert_int_equal(parse(datagram, 2 * len, &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
}

/* Hand-built headers: connection IDs, tokens, packet number lengths. */
static void test_header_fields(void **state)
{
    static const uint8_t token[100] = { 1, 2, 3 };
    static const uint8_t scid[20] = { 9, 8, 7 };
    static const uint8_t long_cid[21] = { 0 };
    static uint8_t packet[1400];
    keys_t k;
    initial_t p;
    size_t len;
    uint8_t frame[300];
    size_t frame_len = rfc_crypto_frame(frame, sizeof frame);
    uint8_t dcid[APPLE_QUIC_CID_MAX];
    size_t dcid_len;
    seen_t seen;

    (void)state;
    k = rfc_keys(salt_v1, "quic");

    /* Every packet number length, with a token and a 20-byte SCID. */
    for (size_t pn_len = 1; pn_len <= 4; pn_len++) {
        p = default_initial();
        p.pn_len = pn_len;
        p.packet_number = (uint32_t)(0x01020304u >> (8 * (4 - pn_len)));
        p.scid = scid;
        p.scid_len = sizeof scid;
        p.token = token;
        p.token_len = sizeof token;
        len = build_initial(&p, &k, frame, frame_len, packet);
        assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_OK);
        assert_int_equal(seen.count, 1);
        assert_memory_equal(seen.data, frame + 4, frame_len - 4);
    }

    /* A 20-byte DCID, the longest; its keys come from it. */
    p = default_initial();
    p.dcid = scid;
    p.dcid_len = sizeof scid;
    k = client_keys(salt_v1, "quic", scid, sizeof scid);
    len = build_initial(&p, &k, frame, frame_len, packet);
    memset(&seen, 0, sizeof seen);
    assert_int_equal(apple_quic_client_initial(packet, len, NULL, 0, record, &seen, dcid, &dcid_len),
                     APPLE_QUIC_OK);
    assert_int_equal(dcid_len, 20);
    assert_memory_equal(dcid, scid, 20);
    /* An original DCID longer than a connection ID can be is refused. */
    assert_int_equal(apple_quic_client_initial(packet, len, long_cid, 21, record, &seen, dcid, &dcid_len),
                     APPLE_QUIC_UNREADABLE);

    /* Not even when the packet was protected with keys from those 21 bytes. */
    k = client_keys(salt_v1, "quic", long_cid, sizeof long_cid);
    p = default_initial();
    len = build_initial(&p, &k, frame, frame_len, packet);
    assert_int_equal(apple_quic_client_initial(packet, len, long_cid, 21, record, &seen, dcid, &dcid_len),
                     APPLE_QUIC_UNREADABLE);

    /* An empty DCID (no client sends one first, but it is well formed). */
    p = default_initial();
    p.dcid_len = 0;
    k = client_keys(salt_v1, "quic", (const uint8_t *)"", 0);
    len = build_initial(&p, &k, frame, frame_len, packet);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_OK);

    /* Connection ID lengths above 20. */
    k = rfc_keys(salt_v1, "quic");
    len = vectors_from_hex(rfc9001_packet_hex, packet, sizeof packet);
    packet[5] = 21;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    packet[5] = 0xff;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    p = default_initial();
    p.scid = long_cid;
    p.scid_len = 21;
    len = build_initial(&p, &k, frame, frame_len, packet);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);

    /* The NULL outputs are optional. */
    p = default_initial();
    len = build_initial(&p, &k, frame, frame_len, packet);
    assert_int_equal(apple_quic_client_initial(packet, len, NULL, 0, NULL, NULL, NULL, NULL),
                     APPLE_QUIC_OK);
}

/* Length fields: bigger than the datagram, too small for a sample, and
 * a token length past the end. */
static void test_bad_lengths(void **state)
{
    uint8_t packet[1300];
    size_t len = vectors_from_hex(rfc9001_packet_hex, packet, sizeof packet);
    seen_t seen;

    (void)state;
    /* Length 0x449e = 1182 sits at bytes 16-17. */
    packet[16] = 0x44;
    packet[17] = 0x9f;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    packet[16] = 0x40;
    packet[17] = 19;    /* one short of 4 + a 16-byte sample */
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    packet[17] = 0;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    packet[16] = 0xbf;  /* a 4-byte varint of about a billion */
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    packet[16] = 0xff;  /* an 8-byte varint beyond anything */
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);

    len = vectors_from_hex(rfc9001_packet_hex, packet, sizeof packet);
    packet[15] = 0x7f;  /* token length: a 2-byte varint 0x3f44 */
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
    packet[15] = 0xc0 | 0x3f;
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
}

/* The smallest packet: a 4-byte packet number and an empty payload make
 * exactly 20 bytes after the Length field, the sample's end. */
static void test_smallest_packet(void **state)
{
    static uint8_t packet[256];
    keys_t k = rfc_keys(salt_v1, "quic");
    initial_t p = default_initial();
    const uint8_t ping = 0x01;
    size_t len;
    seen_t seen;

    (void)state;
    len = build_initial(&p, &k, &ping, 0, packet);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 0);
    /* With a 3-byte packet number, a 1-byte payload is the least. */
    p.pn_len = 3;
    len = build_initial(&p, &k, &ping, 1, packet);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_OK);
    p.pn_len = 2;       /* now the sample runs past the packet */
    len = build_initial(&p, &k, &ping, 1, packet);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
}

/* Packets up to 65527 bytes are read; longer ones are refused. */
static void test_packet_size_bound(void **state)
{
    static uint8_t payload[70000], packet[70100];
    keys_t k = rfc_keys(salt_v1, "quic");
    initial_t p = default_initial();
    /* 1 + 4 + 1 + 8 + 1 + 1 + 4 (Length) + 4 (packet number) bytes of header */
    const size_t header_len = 24;
    size_t payload_len = 65527 - header_len - 16, len, pos = 0;
    seen_t seen;

    (void)state;
    p.length_size = 4;
    /* One CRYPTO frame filling the payload: 06, offset 0, 4-byte length. */
    memset(payload, 0x5a, sizeof payload);
    payload[pos++] = 0x06;
    payload[pos++] = 0x00;
    pos += put_varint(payload + pos, payload_len - 6, 4);
    len = build_initial(&p, &k, payload, payload_len, packet);
    assert_int_equal(len, 65527);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.total_len, payload_len - 6);

    payload_len++;
    put_varint(payload + 2, payload_len - 6, 4);
    len = build_initial(&p, &k, payload, payload_len, packet);
    assert_int_equal(len, 65528);
    assert_int_equal(parse(packet, len, &seen), APPLE_QUIC_UNREADABLE);
}

/* --- the frames -------------------------------------------------------- */

/* Protects payload (hex) as an Initial with the RFC 9001 keys and parses it. */
static apple_quic_status_t parse_payload(const char *payload_hex, seen_t *seen)
{
    static uint8_t payload[1300], packet[1400];
    keys_t k = rfc_keys(salt_v1, "quic");
    initial_t p = default_initial();
    size_t payload_len = vectors_from_hex(payload_hex, payload, sizeof payload);
    size_t len = build_initial(&p, &k, payload, payload_len, packet);

    return parse(packet, len, seen);
}

static void test_frames(void **state)
{
    seen_t seen;

    (void)state;
    /* PING, ACK with two more ranges, ACK_ECN, two CRYPTO frames (one with
     * a 2-byte offset and an 8-byte length), PADDING. */
    assert_int_equal(parse_payload("01"
                                   "02 10 00 02 01 03 04 05 06"
                                   "03 4010 4000 00 00 01 02 03"
                                   "06 00 03 aabbcc"
                                   "06 4003 c000000000000002 ddee"
                                   "00000000", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 2);
    assert_int_equal(seen.offset[0], 0);
    assert_int_equal(seen.len[0], 3);
    assert_int_equal(seen.offset[1], 3);
    assert_int_equal(seen.len[1], 2);
    assert_memory_equal(seen.data, "\xaa\xbb\xcc\xdd\xee", 5);

    /* CRYPTO frames out of order, as a client may resend them. */
    assert_int_equal(parse_payload("06 05 02 0506 06 00 05 0001020304", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 2);
    assert_int_equal(seen.offset[0], 5);
    assert_int_equal(seen.offset[1], 0);

    /* A frame type in a longer varint than needed is still CRYPTO. */
    assert_int_equal(parse_payload("4006 00 01 77", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.data[0], 0x77);

    /* An empty CRYPTO frame is handed over as it is. */
    assert_int_equal(parse_payload("06 00 00 00", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.len[0], 0);

    /* Only padding, or nothing at all. */
    assert_int_equal(parse_payload("000000", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 0);
    assert_int_equal(parse_payload("", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 0);
}

/* CONNECTION_CLOSE, and any frame an Initial cannot carry, end the walk
 * with what came before. */
static void test_walk_ends(void **state)
{
    seen_t seen;

    (void)state;
    assert_int_equal(parse_payload("06 00 01 aa 1c 0a 00 00 06 01 01 bb", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.data[0], 0xaa);
    /* A CONNECTION_CLOSE with nothing after its type. */
    assert_int_equal(parse_payload("06 00 01 aa 1c", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    /* STREAM (0x08), NEW_TOKEN (0x07), HANDSHAKE_DONE (0x1e), an unknown 0x21. */
    assert_int_equal(parse_payload("06 00 01 aa 08 ff ff", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
    assert_int_equal(parse_payload("07 06 00 01 bb", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 0);
    assert_int_equal(parse_payload("1e", &seen), APPLE_QUIC_OK);
    assert_int_equal(parse_payload("21 06 00 01 bb", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 0);
}

/* A frame that does not parse makes the packet unreadable, and then not
 * even the CRYPTO frames before it are handed over. */
static void test_bad_frames(void **state)
{
    seen_t seen;

    (void)state;
    /* CRYPTO data longer than the payload. */
    assert_int_equal(parse_payload("06 00 01 aa 06 01 05 bbcc", &seen), APPLE_QUIC_UNREADABLE);
    /* CRYPTO truncated in its offset or length, or in the type varint. */
    assert_int_equal(parse_payload("06 00 01 aa 06 40", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 00 01 aa 06 01", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 00 01 aa 06 01 80 00", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 00 01 aa 40", &seen), APPLE_QUIC_UNREADABLE);
    /* An offset + length past 2^62 - 1 (RFC 9000 section 19.6). */
    assert_int_equal(parse_payload("06 ffffffffffffffff 01 aa", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 fffffffffffffffe 01 aa", &seen), APPLE_QUIC_OK);
    /* ACK cut in each of its fields; an ACK range count with no ranges. */
    assert_int_equal(parse_payload("06 00 01 aa 02", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 00 01 aa 02 00 00 00", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 00 01 aa 02 00 00 01 00 00", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 00 01 aa 02 00 00 bfffffff 00", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 00 01 aa 03 00 00 00 00 01 02", &seen), APPLE_QUIC_UNREADABLE);
    assert_int_equal(parse_payload("06 00 01 aa 03 00 00 00 00 01 02 03", &seen), APPLE_QUIC_OK);
    assert_int_equal(seen.count, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc_keys),
        cmocka_unit_test(test_rfc_protection),
        cmocka_unit_test(test_rfc9001_client_initial),
        cmocka_unit_test(test_rfc9369_client_initial),
        cmocka_unit_test(test_draft29_client_initial),
        cmocka_unit_test(test_draft_salts),
        cmocka_unit_test(test_v2_labels),
        cmocka_unit_test(test_server_initial_unreadable),
        cmocka_unit_test(test_capture_client_hello),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_flipped_bytes),
        cmocka_unit_test(test_unknown_version),
        cmocka_unit_test(test_short_header),
        cmocka_unit_test(test_version_negotiation),
        cmocka_unit_test(test_other_long_headers),
        cmocka_unit_test(test_coalesced),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_smallest_packet),
        cmocka_unit_test(test_packet_size_bound),
        cmocka_unit_test(test_frames),
        cmocka_unit_test(test_walk_ends),
        cmocka_unit_test(test_bad_frames),
    };

    /* Wireshark initialises libgcrypt before any dissector runs; here the
     * test does. */
    if (!gcry_check_version(NULL))
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
