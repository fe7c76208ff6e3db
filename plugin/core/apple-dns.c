/* apple-dns.c
 * The DNS and mDNS message parser (see apple-dns.h).
 *
 * Names come out in presentation form: labels joined by '.', no trailing
 * dot, "" for the root. Printable ASCII and octets from 0x80 up (mDNS
 * instance names are UTF-8: "Luca’s iMac") are kept as they are; a '.' or
 * '\' inside a label becomes "\." or "\\", and other octets below 0x20 and
 * 0x7f become "\DDD" (decimal, as in zone files).
 *
 * The names of CNAME, NS, PTR and SRV rdata must fill the rdata exactly;
 * when they do not parse, the record comes without its target (as an A or
 * AAAA record with an rdata of the wrong length comes without its address)
 * and the parse goes on, since the rdata length says where the next starts.
 *
 * Where this differs from what Wireshark 4.0 prints for dns.qry.name,
 * dns.resp.name, dns.ptr.domain_name, dns.srv.target (the 141 DNS and mDNS
 * messages of the shared captures gave the same names, types, classes,
 * flags, TTLs, addresses, targets, ports and TXT strings; the rest was
 * checked on hand-made packets):
 * - the root is "" here, "<Root>" there;
 * - Wireshark does not escape '.' or '\' inside a label, so "a.b" as one
 *   label looks like two labels there; it shows control octets as C octal
 *   escapes ("\001", and "\177" for 0x7f, which is "\127" here);
 * - Wireshark follows pointers that point forwards and stops loops by
 *   counting pointers; here a pointer must point before the start of the
 *   name, and each further one before where the last one led, or the name
 *   is APPLE_DNS_MALFORMED;
 * - a name of more than 255 octets is MALFORMED here; Wireshark shows it
 *   as "<Name too long>" and reads on. A label of type 0x41 (RFC 2673 bit
 *   strings) is MALFORMED here; Wireshark prints it as "\[x...".
 * - the class's top bit is taken as the mDNS bit in every message (the
 *   parser does not know the port), where Wireshark does so on port 5353
 *   only; rclass | 0x8000 gives the unicast class back when mdns_flag is set.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-dns.h"

#include <string.h>

#define DNS_HEADER_LEN    12
#define DNS_NAME_WIRE_MAX 255      /* RFC 1035 3.1: length octets, labels and the root's 0 */
#define DNS_MDNS_CLASS_BIT 0x8000u
#define DNS_QUESTION_FIXED 4       /* type, class */
#define DNS_RECORD_FIXED   10      /* type, class, TTL, rdata length */
#define DNS_SRV_FIXED      6       /* priority, weight, port */

/* Every wire octet but the root's gives at most four characters ("\DDD",
 * or a length octet's '.'), so a name always fits with its NUL. */
_Static_assert(4 * (DNS_NAME_WIRE_MAX - 1) + 1 <= APPLE_DNS_NAME_MAX,
               "APPLE_DNS_NAME_MAX too small for the longest escaped name");

static uint16_t read_u16(const uint8_t *p)
{
    return (uint16_t)(((unsigned)p[0] << 8) | p[1]);
}

static uint32_t read_u32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* Appends one label octet to out at *out_len, escaped as described above. */
static void append_label_octet(char *out, size_t *out_len, uint8_t octet)
{
    size_t n = *out_len;

    if (octet == '.' || octet == '\\') {
        out[n++] = '\\';
        out[n++] = (char)octet;
    } else if (octet < 0x20 || octet == 0x7f) {
        out[n++] = '\\';
        out[n++] = (char)('0' + octet / 100);
        out[n++] = (char)('0' + octet / 10 % 10);
        out[n++] = (char)('0' + octet % 10);
    } else {
        out[n++] = (char)octet;
    }
    *out_len = n;
}

/* Reads the name at *offset into out and moves *offset past it (past its
 * labels up to its first pointer, and that pointer). Every octet read, here
 * or where its pointers lead, must lie before end: the message's end, or
 * for a name in rdata the rdata's (pointers lead backwards, so a real name
 * reached from rdata lies before it anyway). */
static apple_dns_status_t read_name(const uint8_t *message, size_t *offset, size_t end,
                                    char out[APPLE_DNS_NAME_MAX])
{
    size_t pos = *offset;
    size_t pointer_limit = *offset;  /* the next pointer must point before this */
    size_t wire_len = 0;             /* the name's octets, uncompressed, without the root */
    size_t out_len = 0;
    bool followed_pointer = false;

    out[0] = '\0';
    for (;;) {
        uint8_t octet;

        if (pos >= end)
            return APPLE_DNS_TRUNCATED;
        octet = message[pos];
        if (octet == 0) {
            out[out_len] = '\0';
            if (!followed_pointer)
                *offset = pos + 1;
            return APPLE_DNS_OK;
        }
        switch (octet & 0xC0) {
        case 0x00:
            wire_len += 1u + octet;
            if (wire_len + 1 > DNS_NAME_WIRE_MAX)
                return APPLE_DNS_MALFORMED;
            if (octet > end - pos - 1)
                return APPLE_DNS_TRUNCATED;
            if (out_len > 0)
                out[out_len++] = '.';
            for (size_t i = 1; i <= octet; i++)
                append_label_octet(out, &out_len, message[pos + i]);
            pos += 1u + octet;
            break;
        case 0xC0: {
            size_t target;

            if (end - pos < 2)
                return APPLE_DNS_TRUNCATED;
            target = ((size_t)(octet & 0x3F) << 8) | message[pos + 1];
            /* Before the name's start, then before where the last jump
             * landed: each jump lands earlier than the one before, so
             * there is no loop (and real compressors only point back to
             * names written earlier, so they never break this). */
            if (target >= pointer_limit)
                return APPLE_DNS_MALFORMED;
            if (!followed_pointer)
                *offset = pos + 2;
            followed_pointer = true;
            pointer_limit = target;
            pos = target;
            break;
        }
        default:   /* 0x40 extended (RFC 6891 deprecates them) and 0x80: undefined */
            return APPLE_DNS_MALFORMED;
        }
    }
}

/* A name that fills the rdata from start to its end exactly. */
static bool read_rdata_name(const uint8_t *message, size_t start, size_t rdata_end,
                            char out[APPLE_DNS_NAME_MAX])
{
    size_t pos = start;

    if (read_name(message, &pos, rdata_end, out) != APPLE_DNS_OK || pos != rdata_end) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* The type's fields of record, from the rdata of rdata_len bytes at offset;
 * left zero/NULL when the rdata does not parse. */
static void parse_rdata(const uint8_t *message, size_t offset, size_t rdata_len,
                        apple_dns_record_t *record, char target[APPLE_DNS_NAME_MAX])
{
    const uint8_t *rdata = message + offset;
    size_t rdata_end = offset + rdata_len;

    switch (record->type) {
    case APPLE_DNS_TYPE_A:
    case APPLE_DNS_TYPE_AAAA:
        if (rdata_len == (record->type == APPLE_DNS_TYPE_A ? 4u : 16u)) {
            record->address = rdata;
            record->address_len = rdata_len;
        }
        break;
    case APPLE_DNS_TYPE_CNAME:
    case APPLE_DNS_TYPE_NS:
    case APPLE_DNS_TYPE_PTR:
        if (read_rdata_name(message, offset, rdata_end, target))
            record->target = target;
        break;
    case APPLE_DNS_TYPE_SRV:
        if (rdata_len > DNS_SRV_FIXED
            && read_rdata_name(message, offset + DNS_SRV_FIXED, rdata_end, target)) {
            record->srv_priority = read_u16(rdata);
            record->srv_weight = read_u16(rdata + 2);
            record->srv_port = read_u16(rdata + 4);
            record->target = target;
        }
        break;
    default:       /* TXT, NSEC, OPT, SOA, ...: the raw rdata only */
        break;
    }
}

apple_dns_status_t apple_dns_parse(const uint8_t *message, size_t len, apple_dns_header_t *header,
                                   apple_dns_record_cb cb, void *user)
{
    char name[APPLE_DNS_NAME_MAX];
    char target[APPLE_DNS_NAME_MAX];
    uint16_t counts[4];
    unsigned delivered = 0;
    size_t offset = DNS_HEADER_LEN;
    uint16_t flags;

    if (header)
        memset(header, 0, sizeof *header);
    if (!message || len < DNS_HEADER_LEN)
        return APPLE_DNS_TRUNCATED;

    flags = read_u16(message + 2);
    for (size_t s = 0; s < 4; s++)
        counts[s] = read_u16(message + 4 + 2 * s);
    if (header) {
        header->id = read_u16(message);
        header->is_response = (flags & 0x8000u) != 0;
        header->opcode = (uint8_t)((flags >> 11) & 0x0F);
        header->rcode = (uint8_t)(flags & 0x0F);
        header->qdcount = counts[0];
        header->ancount = counts[1];
        header->nscount = counts[2];
        header->arcount = counts[3];
    }

    for (unsigned s = 0; s < 4; s++) {
        for (unsigned i = 0; i < counts[s]; i++) {
            apple_dns_record_t record;
            apple_dns_status_t status;
            uint16_t rclass;

            /* Checked here, not against the counts, so that counts larger
             * than the message give TRUNCATED. */
            if (delivered == APPLE_DNS_MAX_RECORDS)
                return APPLE_DNS_TOO_MANY;

            memset(&record, 0, sizeof record);
            record.section = (apple_dns_section_t)s;
            status = read_name(message, &offset, len, name);
            if (status != APPLE_DNS_OK)
                return status;
            record.name = name;

            if (len - offset < (s == APPLE_DNS_QUESTION ? DNS_QUESTION_FIXED : DNS_RECORD_FIXED))
                return APPLE_DNS_TRUNCATED;
            record.type = read_u16(message + offset);
            rclass = read_u16(message + offset + 2);
            record.rclass = (uint16_t)(rclass & ~DNS_MDNS_CLASS_BIT);
            record.mdns_flag = (rclass & DNS_MDNS_CLASS_BIT) != 0;

            if (s == APPLE_DNS_QUESTION) {
                offset += DNS_QUESTION_FIXED;
            } else {
                size_t rdata_len = read_u16(message + offset + 8);

                record.ttl = read_u32(message + offset + 4);
                offset += DNS_RECORD_FIXED;
                if (rdata_len > len - offset)
                    return APPLE_DNS_TRUNCATED;
                record.rdata = message + offset;
                record.rdata_len = rdata_len;
                parse_rdata(message, offset, rdata_len, &record, target);
                offset += rdata_len;
            }

            delivered++;
            if (cb && !cb(&record, user))
                return APPLE_DNS_OK;
        }
    }
    return APPLE_DNS_OK;
}

bool apple_dns_txt_next(const uint8_t *rdata, size_t rdata_len, size_t *pos,
                        const uint8_t **string, size_t *string_len)
{
    size_t n;

    if (string)
        *string = NULL;
    if (string_len)
        *string_len = 0;
    if (!rdata || !pos || !string || !string_len || *pos >= rdata_len)
        return false;
    n = rdata[*pos];
    if (n > rdata_len - *pos - 1)
        return false;
    *string = rdata + *pos + 1;
    *string_len = n;
    *pos += 1 + n;
    return true;
}
