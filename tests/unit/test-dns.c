/* test-dns.c
 * The DNS and mDNS parser (apple-dns.h). Real messages from the shared
 * captures, record by record as Wireshark reads them, each also cut at
 * every length and stopped after every record; hand-made ones for the
 * presentation form of names, the root, 255 and 256 octets, label types,
 * pointers to themselves, forwards and in loops, counts and rdata lengths
 * beyond the message, more than APPLE_DNS_MAX_RECORDS records, rdata that
 * does not parse, and TXT strings.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include "vectors.h"

#include "apple-dns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_STOP ((size_t)-1)

/* A question or record as Wireshark 4.0.17 shows it (tshark -T pdml),
 * except that Wireshark calls the root "<Root>" where the parser says "". */
typedef struct {
    apple_dns_section_t section;
    const char *name;
    uint16_t    type, rclass;
    bool        mdns_flag;
    uint32_t    ttl;
    size_t      rdata_len;
    const char *address;                    /* A, AAAA: as Wireshark prints it */
    struct { uint16_t priority, weight, port; } srv;
    const char *target;                     /* CNAME, NS, PTR, SRV */
    const char *txt[8];                     /* TXT: its strings */
} want_record_t;

/* A record as the callback saw it, copied. rdata and address are offsets
 * into the message, so that the records of a copy compare equal. */
typedef struct {
    apple_dns_section_t section;
    char     name[APPLE_DNS_NAME_MAX];
    uint16_t type, rclass;
    bool     mdns_flag;
    uint32_t ttl;
    bool     has_rdata, has_address, has_target;
    size_t   rdata_offset, rdata_len, address_offset, address_len;
    char     target[APPLE_DNS_NAME_MAX];
    uint16_t srv_priority, srv_weight, srv_port;
} got_record_t;

typedef struct {
    const uint8_t *message;
    size_t         len;
    size_t         stop_after;              /* the callback returns false on this one (1-based) */
    size_t         n;
    got_record_t   records[APPLE_DNS_MAX_RECORDS];
} collector_t;

/* Large: not on the stack. */
static collector_t full, part;

static void copy_name(char out[APPLE_DNS_NAME_MAX], const char *name)
{
    const char *nul = memchr(name, '\0', APPLE_DNS_NAME_MAX);

    assert_non_null(nul);
    memcpy(out, name, (size_t)(nul - name) + 1);
}

/* The callback: copies the record, and checks what holds for every record. */
static bool collect(const apple_dns_record_t *record, void *user)
{
    collector_t *c = user;
    got_record_t *got;

    assert_true(c->n < APPLE_DNS_MAX_RECORDS);
    if (c->n > 0)
        assert_true(record->section >= c->records[c->n - 1].section);
    got = &c->records[c->n++];
    memset(got, 0, sizeof *got);
    got->section = record->section;
    assert_non_null(record->name);
    copy_name(got->name, record->name);
    got->type = record->type;
    got->rclass = record->rclass;
    got->mdns_flag = record->mdns_flag;
    got->ttl = record->ttl;
    assert_true(record->rclass <= 0x7fff);

    if (record->section == APPLE_DNS_QUESTION) {
        assert_null(record->rdata);
        assert_int_equal(record->rdata_len, 0);
        assert_int_equal(record->ttl, 0);
    } else {
        assert_non_null(record->rdata);
        assert_true(record->rdata >= c->message);
        assert_true(record->rdata_len <= c->len);
        assert_true((size_t)(record->rdata - c->message) <= c->len - record->rdata_len);
        got->has_rdata = true;
        got->rdata_offset = (size_t)(record->rdata - c->message);
        got->rdata_len = record->rdata_len;
    }
    if (record->address) {
        /* the address is the whole rdata */
        assert_true(record->address == record->rdata);
        assert_int_equal(record->address_len, record->rdata_len);
        assert_true((record->type == APPLE_DNS_TYPE_A && record->address_len == 4)
                    || (record->type == APPLE_DNS_TYPE_AAAA && record->address_len == 16));
        got->has_address = true;
        got->address_offset = got->rdata_offset;
        got->address_len = record->address_len;
    } else {
        assert_int_equal(record->address_len, 0);
    }
    if (record->target) {
        assert_true(record->type == APPLE_DNS_TYPE_CNAME || record->type == APPLE_DNS_TYPE_NS
                    || record->type == APPLE_DNS_TYPE_PTR || record->type == APPLE_DNS_TYPE_SRV);
        got->has_target = true;
        copy_name(got->target, record->target);
    }
    if (record->type != APPLE_DNS_TYPE_SRV || !record->target) {
        assert_int_equal(record->srv_priority, 0);
        assert_int_equal(record->srv_weight, 0);
        assert_int_equal(record->srv_port, 0);
    }
    got->srv_priority = record->srv_priority;
    got->srv_weight = record->srv_weight;
    got->srv_port = record->srv_port;
    return c->n != c->stop_after;
}

static apple_dns_status_t parse_into(collector_t *c, const uint8_t *message, size_t len,
                                     apple_dns_header_t *header, size_t stop_after)
{
    c->message = message;
    c->len = len;
    c->stop_after = stop_after;
    c->n = 0;
    return apple_dns_parse(message, len, header, collect, c);
}

/* The bytes of an address as Wireshark prints it: dotted IPv4, or IPv6 with
 * at most one "::". Returns 4 or 16. */
static size_t address_bytes(const char *text, uint8_t out[16])
{
    unsigned long head[8], tail[8];
    size_t n_head = 0, n_tail = 0;
    bool gap = false;

    if (!strchr(text, ':')) {
        unsigned a, b, c, d;

        assert_int_equal(sscanf(text, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
        assert_true(a < 256 && b < 256 && c < 256 && d < 256);
        out[0] = (uint8_t)a;
        out[1] = (uint8_t)b;
        out[2] = (uint8_t)c;
        out[3] = (uint8_t)d;
        return 4;
    }
    for (const char *p = text; *p;) {
        char *end;
        unsigned long group;

        if (p[0] == ':' && p[1] == ':') {
            assert_false(gap);
            gap = true;
            p += 2;
            continue;
        }
        if (*p == ':') {
            p++;
            continue;
        }
        group = strtoul(p, &end, 16);
        assert_true(end > p && group <= 0xffff && n_head + n_tail < 8);
        if (gap)
            tail[n_tail++] = group;
        else
            head[n_head++] = group;
        p = end;
    }
    assert_true(gap ? n_head + n_tail < 8 : n_head == 8);
    memset(out, 0, 16);
    for (size_t i = 0; i < n_head; i++) {
        out[2 * i] = (uint8_t)(head[i] >> 8);
        out[2 * i + 1] = (uint8_t)head[i];
    }
    for (size_t i = 0; i < n_tail; i++) {
        out[2 * (8 - n_tail + i)] = (uint8_t)(tail[i] >> 8);
        out[2 * (8 - n_tail + i) + 1] = (uint8_t)tail[i];
    }
    return 16;
}

static void assert_record_is(const collector_t *c, const got_record_t *got,
                             const want_record_t *want)
{
    assert_int_equal(got->section, want->section);
    assert_string_equal(got->name, want->name);
    assert_int_equal(got->type, want->type);
    assert_int_equal(got->rclass, want->rclass);
    assert_int_equal(got->mdns_flag, want->mdns_flag);
    assert_int_equal(got->ttl, want->ttl);
    assert_int_equal(got->has_rdata, want->section != APPLE_DNS_QUESTION);
    assert_int_equal(got->rdata_len, want->rdata_len);

    assert_int_equal(got->has_address, want->address != NULL);
    if (want->address) {
        uint8_t bytes[16];
        size_t n = address_bytes(want->address, bytes);

        assert_int_equal(got->address_len, n);
        assert_memory_equal(c->message + got->address_offset, bytes, n);
    }
    assert_int_equal(got->has_target, want->target != NULL);
    if (want->target)
        assert_string_equal(got->target, want->target);
    assert_int_equal(got->srv_priority, want->srv.priority);
    assert_int_equal(got->srv_weight, want->srv.weight);
    assert_int_equal(got->srv_port, want->srv.port);

    if (want->type == APPLE_DNS_TYPE_TXT) {
        const uint8_t *string;
        size_t string_len, pos = 0, i = 0;

        while (apple_dns_txt_next(c->message + got->rdata_offset, got->rdata_len, &pos,
                                  &string, &string_len)) {
            assert_non_null(want->txt[i]);
            assert_int_equal(string_len, strlen(want->txt[i]));
            assert_memory_equal(string, want->txt[i], string_len);
            i++;
        }
        assert_null(want->txt[i]);
        assert_int_equal(pos, got->rdata_len);
    }
}

static void assert_same_record(const got_record_t *a, const got_record_t *b)
{
    assert_int_equal(a->section, b->section);
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->rclass, b->rclass);
    assert_int_equal(a->mdns_flag, b->mdns_flag);
    assert_int_equal(a->ttl, b->ttl);
    assert_int_equal(a->has_rdata, b->has_rdata);
    assert_int_equal(a->rdata_offset, b->rdata_offset);
    assert_int_equal(a->rdata_len, b->rdata_len);
    assert_int_equal(a->has_address, b->has_address);
    assert_int_equal(a->address_offset, b->address_offset);
    assert_int_equal(a->address_len, b->address_len);
    assert_int_equal(a->has_target, b->has_target);
    assert_string_equal(a->target, b->target);
    assert_int_equal(a->srv_priority, b->srv_priority);
    assert_int_equal(a->srv_weight, b->srv_weight);
    assert_int_equal(a->srv_port, b->srv_port);
}

static void assert_header_is(const apple_dns_header_t *got, const apple_dns_header_t *want)
{
    assert_int_equal(got->id, want->id);
    assert_int_equal(got->is_response, want->is_response);
    assert_int_equal(got->opcode, want->opcode);
    assert_int_equal(got->rcode, want->rcode);
    assert_int_equal(got->qdcount, want->qdcount);
    assert_int_equal(got->ancount, want->ancount);
    assert_int_equal(got->nscount, want->nscount);
    assert_int_equal(got->arcount, want->arcount);
}

/* The message cut at every length, in a buffer of exactly that size (so
 * that ASan or valgrind sees a read past it): TRUNCATED, since a real
 * message's pointers all point backwards into what is left; the records
 * delivered are the first ones of the full parse, and a record (not a
 * question: its end is not known) is delivered exactly when all of it is
 * in the cut. Then the callback stopping the parse after every record. */
static void assert_cuts_and_stops(const uint8_t *message, size_t len)
{
    static const apple_dns_header_t no_header;
    apple_dns_header_t header_full, header;

    assert_int_equal(parse_into(&full, message, len, &header_full, NO_STOP), APPLE_DNS_OK);
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1);

        assert_non_null(copy);
        memcpy(copy, message, cut);
        memset(&header, 0xa5, sizeof header);
        assert_int_equal(parse_into(&part, copy, cut, &header, NO_STOP), APPLE_DNS_TRUNCATED);
        assert_header_is(&header, cut >= 12 ? &header_full : &no_header);
        assert_true(part.n <= full.n);
        for (size_t i = 0; i < part.n; i++)
            assert_same_record(&part.records[i], &full.records[i]);
        for (size_t i = 0; i < full.n; i++) {
            const got_record_t *r = &full.records[i];

            if (r->section != APPLE_DNS_QUESTION)
                assert_int_equal(i < part.n, r->rdata_offset + r->rdata_len <= cut);
        }
        free(copy);
    }

    for (size_t stop = 1; stop <= full.n; stop++) {
        assert_int_equal(parse_into(&part, message, len, NULL, stop), APPLE_DNS_OK);
        assert_int_equal(part.n, stop);
    }
}

/* The whole message reads as Wireshark reads it; then cuts and stops. */
static void assert_message(const uint8_t *message, size_t len,
                           const apple_dns_header_t *header_want, const want_record_t *want,
                           size_t n_want)
{
    apple_dns_header_t header;

    assert_int_equal(parse_into(&full, message, len, &header, NO_STOP), APPLE_DNS_OK);
    assert_header_is(&header, header_want);
    assert_int_equal(full.n, n_want);
    for (size_t i = 0; i < n_want; i++)
        assert_record_is(&full, &full.records[i], &want[i]);
    assert_cuts_and_stops(message, len);
}

#define assert_captured(name) \
    assert_message(name, sizeof name, &name##_header, name##_want, \
                   sizeof name##_want / sizeof name##_want[0])

/* ---- Real messages, from tshark -T pdml: udp.payload, or tcp.payload
 * without its two-byte length. ---- */

/* tcpdump__dns_tcp.pcap frame 4 (DNS over TCP, without the length): A query: A
 * www.tcpdump.org, with an EDNS0 OPT record (a 4096-byte payload). */
static const uint8_t dns_tcp_4[] = {
    0x43, 0x19, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x03, 0x77, 0x77, 0x77, 0x07, 0x74, 0x63, 0x70, 0x64, 0x75, 0x6d, 0x70,
    0x03, 0x6f, 0x72, 0x67, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x29,
    0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x08,
    0x8f, 0x06, 0xbe, 0x7d, 0x69, 0x14, 0x42, 0xf0,
};
static const apple_dns_header_t dns_tcp_4_header = {
    .id = 0x4319, .is_response = false, .opcode = 0, .rcode = 0,
    .qdcount = 1, .ancount = 0, .nscount = 0, .arcount = 1
};
static const want_record_t dns_tcp_4_want[] = {
    { .section = APPLE_DNS_QUESTION, .name = "www.tcpdump.org", .type = 1, .rclass = 0x0001 },
    { .section = APPLE_DNS_ADDITIONAL, .name = "", .type = 41, .rclass = 0x1000, .ttl = 0,
      .rdata_len = 12 },
};

/* tcpdump__dns_tcp.pcap frame 6 (DNS over TCP, without the length): Its answer: two A records,
 * NS nic.sandelman.ca and sns.cooperix.net in the authority section, their A and AAAA records
 * and the OPT in the additional one. */
static const uint8_t dns_tcp_6[] = {
    0x43, 0x19, 0x85, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x05,
    0x03, 0x77, 0x77, 0x77, 0x07, 0x74, 0x63, 0x70, 0x64, 0x75, 0x6d, 0x70,
    0x03, 0x6f, 0x72, 0x67, 0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04, 0xc0, 0x8b, 0x2e,
    0x42, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00,
    0x04, 0xc6, 0xc7, 0x58, 0x68, 0xc0, 0x10, 0x00, 0x02, 0x00, 0x01, 0x00,
    0x01, 0x51, 0x80, 0x00, 0x12, 0x03, 0x6e, 0x69, 0x63, 0x09, 0x73, 0x61,
    0x6e, 0x64, 0x65, 0x6c, 0x6d, 0x61, 0x6e, 0x02, 0x63, 0x61, 0x00, 0xc0,
    0x10, 0x00, 0x02, 0x00, 0x01, 0x00, 0x01, 0x51, 0x80, 0x00, 0x12, 0x03,
    0x73, 0x6e, 0x73, 0x08, 0x63, 0x6f, 0x6f, 0x70, 0x65, 0x72, 0x69, 0x78,
    0x03, 0x6e, 0x65, 0x74, 0x00, 0xc0, 0x4d, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00, 0x01, 0x2c, 0x00, 0x04, 0xd1, 0x57, 0xf9, 0x12, 0xc0, 0x4d, 0x00,
    0x1c, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x10, 0x26, 0x07, 0xf0,
    0xb0, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xba, 0xbe, 0xf0,
    0x0d, 0xc0, 0x6b, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x1c, 0x20, 0x00,
    0x04, 0x61, 0x6b, 0x85, 0x0f, 0xc0, 0x6b, 0x00, 0x1c, 0x00, 0x01, 0x00,
    0x00, 0x1c, 0x20, 0x00, 0x10, 0x26, 0x00, 0x3c, 0x03, 0x00, 0x00, 0x00,
    0x00, 0xf0, 0x3c, 0x91, 0xff, 0xfe, 0x96, 0xe8, 0xef, 0x00, 0x00, 0x29,
    0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const apple_dns_header_t dns_tcp_6_header = {
    .id = 0x4319, .is_response = true, .opcode = 0, .rcode = 0,
    .qdcount = 1, .ancount = 2, .nscount = 2, .arcount = 5
};
static const want_record_t dns_tcp_6_want[] = {
    { .section = APPLE_DNS_QUESTION, .name = "www.tcpdump.org", .type = 1, .rclass = 0x0001 },
    { .section = APPLE_DNS_ANSWER, .name = "www.tcpdump.org", .type = 1, .rclass = 0x0001,
      .ttl = 60, .rdata_len = 4, .address = "192.139.46.66" },
    { .section = APPLE_DNS_ANSWER, .name = "www.tcpdump.org", .type = 1, .rclass = 0x0001,
      .ttl = 60, .rdata_len = 4, .address = "198.199.88.104" },
    { .section = APPLE_DNS_AUTHORITY, .name = "tcpdump.org", .type = 2, .rclass = 0x0001,
      .ttl = 86400, .rdata_len = 18, .target = "nic.sandelman.ca" },
    { .section = APPLE_DNS_AUTHORITY, .name = "tcpdump.org", .type = 2, .rclass = 0x0001,
      .ttl = 86400, .rdata_len = 18, .target = "sns.cooperix.net" },
    { .section = APPLE_DNS_ADDITIONAL, .name = "nic.sandelman.ca", .type = 1, .rclass = 0x0001,
      .ttl = 300, .rdata_len = 4, .address = "209.87.249.18" },
    { .section = APPLE_DNS_ADDITIONAL, .name = "nic.sandelman.ca", .type = 28, .rclass = 0x0001,
      .ttl = 300, .rdata_len = 16, .address = "2607:f0b0:f::babe:f00d" },
    { .section = APPLE_DNS_ADDITIONAL, .name = "sns.cooperix.net", .type = 1, .rclass = 0x0001,
      .ttl = 7200, .rdata_len = 4, .address = "97.107.133.15" },
    { .section = APPLE_DNS_ADDITIONAL, .name = "sns.cooperix.net", .type = 28, .rclass = 0x0001,
      .ttl = 7200, .rdata_len = 16, .address = "2600:3c03::f03c:91ff:fe96:e8ef" },
    { .section = APPLE_DNS_ADDITIONAL, .name = "", .type = 41, .rclass = 0x1000, .ttl = 0,
      .rdata_len = 0 },
};

/* nDPI__iphone.pcap frame 59: captive.apple.com: a CNAME chain through
 * *.origin-apple.com.akadns.net to captive.g.aaplimg.com, and two addresses in 17.0.0.0/8. */
static const uint8_t iphone_59[] = {
    0x60, 0x43, 0x81, 0x80, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00,
    0x07, 0x63, 0x61, 0x70, 0x74, 0x69, 0x76, 0x65, 0x05, 0x61, 0x70, 0x70,
    0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01, 0xc0,
    0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x11, 0x96, 0x00, 0x2a, 0x0c,
    0x63, 0x61, 0x70, 0x74, 0x69, 0x76, 0x65, 0x2d, 0x63, 0x69, 0x64, 0x72,
    0x0c, 0x6f, 0x72, 0x69, 0x67, 0x69, 0x6e, 0x2d, 0x61, 0x70, 0x70, 0x6c,
    0x65, 0x03, 0x63, 0x6f, 0x6d, 0x06, 0x61, 0x6b, 0x61, 0x64, 0x6e, 0x73,
    0x03, 0x6e, 0x65, 0x74, 0x00, 0xc0, 0x2f, 0x00, 0x05, 0x00, 0x01, 0x00,
    0x00, 0x00, 0xbc, 0x00, 0x0e, 0x0b, 0x63, 0x61, 0x70, 0x74, 0x69, 0x76,
    0x65, 0x2d, 0x63, 0x64, 0x6e, 0xc0, 0x3c, 0xc0, 0x65, 0x00, 0x05, 0x00,
    0x01, 0x00, 0x00, 0x00, 0xe6, 0x00, 0x14, 0x07, 0x63, 0x61, 0x70, 0x74,
    0x69, 0x76, 0x65, 0x01, 0x67, 0x07, 0x61, 0x61, 0x70, 0x6c, 0x69, 0x6d,
    0x67, 0xc0, 0x1a, 0xc0, 0x7f, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x11, 0x00, 0x04, 0x11, 0xfd, 0x69, 0xca, 0xc0, 0x7f, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x11, 0x00, 0x04, 0x11, 0xfd, 0x35, 0xca,
};
static const apple_dns_header_t iphone_59_header = {
    .id = 0x6043, .is_response = true, .opcode = 0, .rcode = 0,
    .qdcount = 1, .ancount = 5, .nscount = 0, .arcount = 0
};
static const want_record_t iphone_59_want[] = {
    { .section = APPLE_DNS_QUESTION, .name = "captive.apple.com", .type = 1, .rclass = 0x0001 },
    { .section = APPLE_DNS_ANSWER, .name = "captive.apple.com", .type = 5, .rclass = 0x0001,
      .ttl = 4502, .rdata_len = 42, .target = "captive-cidr.origin-apple.com.akadns.net" },
    { .section = APPLE_DNS_ANSWER, .name = "captive-cidr.origin-apple.com.akadns.net", .type = 5,
      .rclass = 0x0001, .ttl = 188, .rdata_len = 14,
      .target = "captive-cdn.origin-apple.com.akadns.net" },
    { .section = APPLE_DNS_ANSWER, .name = "captive-cdn.origin-apple.com.akadns.net", .type = 5,
      .rclass = 0x0001, .ttl = 230, .rdata_len = 20, .target = "captive.g.aaplimg.com" },
    { .section = APPLE_DNS_ANSWER, .name = "captive.g.aaplimg.com", .type = 1, .rclass = 0x0001,
      .ttl = 17, .rdata_len = 4, .address = "17.253.105.202" },
    { .section = APPLE_DNS_ANSWER, .name = "captive.g.aaplimg.com", .type = 1, .rclass = 0x0001,
      .ttl = 17, .rdata_len = 4, .address = "17.253.53.202" },
};

/* nDPI__iphone.pcap frame 56: gspe35-ssl.ls.apple.com: CNAMEs to ls-apple.com.akadns.net,
 * edgekey.net and an Akamai edge. */
static const uint8_t iphone_56[] = {
    0x8e, 0xf1, 0x81, 0x80, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
    0x0a, 0x67, 0x73, 0x70, 0x65, 0x33, 0x35, 0x2d, 0x73, 0x73, 0x6c, 0x02,
    0x6c, 0x73, 0x05, 0x61, 0x70, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d,
    0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00,
    0x00, 0x0b, 0x71, 0x00, 0x24, 0x0a, 0x67, 0x73, 0x70, 0x65, 0x33, 0x35,
    0x2d, 0x73, 0x73, 0x6c, 0x08, 0x6c, 0x73, 0x2d, 0x61, 0x70, 0x70, 0x6c,
    0x65, 0x03, 0x63, 0x6f, 0x6d, 0x06, 0x61, 0x6b, 0x61, 0x64, 0x6e, 0x73,
    0x03, 0x6e, 0x65, 0x74, 0x00, 0xc0, 0x35, 0x00, 0x05, 0x00, 0x01, 0x00,
    0x00, 0x01, 0x4d, 0x00, 0x22, 0x0a, 0x67, 0x73, 0x70, 0x65, 0x33, 0x35,
    0x2d, 0x73, 0x73, 0x6c, 0x02, 0x6c, 0x73, 0x05, 0x61, 0x70, 0x70, 0x6c,
    0x65, 0x03, 0x63, 0x6f, 0x6d, 0x07, 0x65, 0x64, 0x67, 0x65, 0x6b, 0x65,
    0x79, 0xc0, 0x54, 0xc0, 0x65, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x11,
    0x96, 0x00, 0x16, 0x05, 0x65, 0x36, 0x39, 0x38, 0x37, 0x02, 0x65, 0x39,
    0x0a, 0x61, 0x6b, 0x61, 0x6d, 0x61, 0x69, 0x65, 0x64, 0x67, 0x65, 0xc0,
    0x54, 0xc0, 0x93, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0f, 0x00,
    0x04, 0x5f, 0x65, 0x19, 0x35,
};
static const apple_dns_header_t iphone_56_header = {
    .id = 0x8ef1, .is_response = true, .opcode = 0, .rcode = 0,
    .qdcount = 1, .ancount = 4, .nscount = 0, .arcount = 0
};
static const want_record_t iphone_56_want[] = {
    { .section = APPLE_DNS_QUESTION, .name = "gspe35-ssl.ls.apple.com", .type = 1,
      .rclass = 0x0001 },
    { .section = APPLE_DNS_ANSWER, .name = "gspe35-ssl.ls.apple.com", .type = 5, .rclass = 0x0001,
      .ttl = 2929, .rdata_len = 36, .target = "gspe35-ssl.ls-apple.com.akadns.net" },
    { .section = APPLE_DNS_ANSWER, .name = "gspe35-ssl.ls-apple.com.akadns.net", .type = 5,
      .rclass = 0x0001, .ttl = 333, .rdata_len = 34,
      .target = "gspe35-ssl.ls.apple.com.edgekey.net" },
    { .section = APPLE_DNS_ANSWER, .name = "gspe35-ssl.ls.apple.com.edgekey.net", .type = 5,
      .rclass = 0x0001, .ttl = 4502, .rdata_len = 22, .target = "e6987.e9.akamaiedge.net" },
    { .section = APPLE_DNS_ANSWER, .name = "e6987.e9.akamaiedge.net", .type = 1, .rclass = 0x0001,
      .ttl = 15, .rdata_len = 4, .address = "95.101.25.53" },
};

/* nDPI__iphone.pcap frame 174: basejumper.apple.com has no A record: the SOA of apple.com in
 * the authority section (a type the parser leaves as raw rdata). */
static const uint8_t iphone_174[] = {
    0xbb, 0x63, 0x81, 0x80, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x0a, 0x62, 0x61, 0x73, 0x65, 0x6a, 0x75, 0x6d, 0x70, 0x65, 0x72, 0x05,
    0x61, 0x70, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01,
    0x00, 0x01, 0xc0, 0x17, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0xdf,
    0x00, 0x2b, 0x07, 0x6e, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72, 0xc0, 0x17,
    0x0a, 0x68, 0x6f, 0x73, 0x74, 0x6d, 0x61, 0x73, 0x74, 0x65, 0x72, 0xc0,
    0x17, 0x77, 0xcf, 0xea, 0x70, 0x00, 0x00, 0x03, 0x84, 0x00, 0x00, 0x03,
    0x84, 0x00, 0x1e, 0xc3, 0x00, 0x00, 0x00, 0x38, 0x40,
};
static const apple_dns_header_t iphone_174_header = {
    .id = 0xbb63, .is_response = true, .opcode = 0, .rcode = 0,
    .qdcount = 1, .ancount = 0, .nscount = 1, .arcount = 0
};
static const want_record_t iphone_174_want[] = {
    { .section = APPLE_DNS_QUESTION, .name = "basejumper.apple.com", .type = 1, .rclass = 0x0001 },
    { .section = APPLE_DNS_AUTHORITY, .name = "apple.com", .type = 6, .rclass = 0x0001,
      .ttl = 223, .rdata_len = 43 },
};

static const apple_dns_header_t iphone_3_header = {
    .id = 0x0000, .is_response = true, .opcode = 0, .rcode = 0,
    .qdcount = 0, .ancount = 30, .nscount = 0, .arcount = 11
};
static const want_record_t iphone_3_want[] = {
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._odisk._tcp.local", .type = 16,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 52,
      .txt = { "sys=waMA=C4:2C:03:06:49:FE,adVF=0x4,adDT=0x3,adCC=0" } },
    { .section = APPLE_DNS_ANSWER, .name = "_services._dns-sd._udp.local", .type = 12,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 2, .target = "_odisk._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "_odisk._tcp.local", .type = 12, .rclass = 0x0001,
      .ttl = 4500, .rdata_len = 2, .target = "Luca\342\200\231s iMac._odisk._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._device-info._tcp.local",
      .type = 16, .rclass = 0x0001, .ttl = 4500, .rdata_len = 26,
      .txt = { "model=iMac11,3", "osxvers=17" } },
    { .section = APPLE_DNS_ANSWER, .name = "_kerberos.Lucas-iMac.local", .type = 16,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 51,
      .txt = { "LKDC:SHA1.492480C3EA8282771A0D288F111EF9E751F95A63" } },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._smb._tcp.local", .type = 16,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 1, .txt = { "" } },
    { .section = APPLE_DNS_ANSWER, .name = "_services._dns-sd._udp.local", .type = 12,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 2, .target = "_smb._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "_smb._tcp.local", .type = 12, .rclass = 0x0001,
      .ttl = 4500, .rdata_len = 2, .target = "Luca\342\200\231s iMac._smb._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._afpovertcp._tcp.local",
      .type = 16, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 1, .txt = { "" } },
    { .section = APPLE_DNS_ANSWER, .name = "_services._dns-sd._udp.local", .type = 12,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 2, .target = "_afpovertcp._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "_afpovertcp._tcp.local", .type = 12, .rclass = 0x0001,
      .ttl = 4500, .rdata_len = 2, .target = "Luca\342\200\231s iMac._afpovertcp._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._ssh._tcp.local", .type = 16,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 1, .txt = { "" } },
    { .section = APPLE_DNS_ANSWER, .name = "_services._dns-sd._udp.local", .type = 12,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 2, .target = "_ssh._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "_ssh._tcp.local", .type = 12, .rclass = 0x0001,
      .ttl = 4500, .rdata_len = 2, .target = "Luca\342\200\231s iMac._ssh._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._sftp-ssh._tcp.local",
      .type = 16, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 1, .txt = { "" } },
    { .section = APPLE_DNS_ANSWER, .name = "_services._dns-sd._udp.local", .type = 12,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 2, .target = "_sftp-ssh._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "_sftp-ssh._tcp.local", .type = 12, .rclass = 0x0001,
      .ttl = 4500, .rdata_len = 2, .target = "Luca\342\200\231s iMac._sftp-ssh._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._odisk._tcp.local", .type = 33,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 120, .rdata_len = 8, .srv = { 0, 0, 49152 },
      .target = "Lucas-iMac.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._smb._tcp.local", .type = 33,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 120, .rdata_len = 8, .srv = { 0, 0, 445 },
      .target = "Lucas-iMac.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._afpovertcp._tcp.local",
      .type = 33, .rclass = 0x0001, .mdns_flag = true, .ttl = 120, .rdata_len = 8,
      .srv = { 0, 0, 548 }, .target = "Lucas-iMac.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._ssh._tcp.local", .type = 33,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 120, .rdata_len = 8, .srv = { 0, 0, 22 },
      .target = "Lucas-iMac.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._sftp-ssh._tcp.local",
      .type = 33, .rclass = 0x0001, .mdns_flag = true, .ttl = 120, .rdata_len = 8,
      .srv = { 0, 0, 22 }, .target = "Lucas-iMac.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._nfs._tcp.local", .type = 16,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 1, .txt = { "" } },
    { .section = APPLE_DNS_ANSWER, .name = "_services._dns-sd._udp.local", .type = 12,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 2, .target = "_nfs._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "_nfs._tcp.local", .type = 12, .rclass = 0x0001,
      .ttl = 4500, .rdata_len = 2, .target = "Luca\342\200\231s iMac._nfs._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._nfs._tcp.local", .type = 33,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 120, .rdata_len = 8, .srv = { 0, 0, 2049 },
      .target = "Lucas-iMac.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._companion-link._tcp.local",
      .type = 16, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 88,
      .txt = {
          "rpBA=59:51:02:2F:A4:FF",
          "rpVr=152.1",
          "rpHI=0716d05944af",
          "rpHN=8b5324359d7d",
          "rpHA=28d4bed51780" } },
    { .section = APPLE_DNS_ANSWER, .name = "_services._dns-sd._udp.local", .type = 12,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 2, .target = "_companion-link._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "_companion-link._tcp.local", .type = 12,
      .rclass = 0x0001, .ttl = 4500, .rdata_len = 2,
      .target = "Luca\342\200\231s iMac._companion-link._tcp.local" },
    { .section = APPLE_DNS_ANSWER, .name = "Luca\342\200\231s iMac._companion-link._tcp.local",
      .type = 33, .rclass = 0x0001, .mdns_flag = true, .ttl = 120, .rdata_len = 8,
      .srv = { 0, 0, 49155 }, .target = "Lucas-iMac.local" },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Lucas-iMac.local", .type = 1, .rclass = 0x0001,
      .mdns_flag = true, .ttl = 120, .rdata_len = 4, .address = "192.168.2.1" },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Lucas-iMac.local", .type = 28, .rclass = 0x0001,
      .mdns_flag = true, .ttl = 120, .rdata_len = 16, .address = "fe80::c42c:3ff:fe60:6a64" },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Luca\342\200\231s iMac._odisk._tcp.local",
      .type = 47, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 9 },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Luca\342\200\231s iMac._smb._tcp.local",
      .type = 47, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 9 },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Luca\342\200\231s iMac._afpovertcp._tcp.local",
      .type = 47, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 9 },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Luca\342\200\231s iMac._ssh._tcp.local",
      .type = 47, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 9 },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Luca\342\200\231s iMac._sftp-ssh._tcp.local",
      .type = 47, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 9 },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Luca\342\200\231s iMac._nfs._tcp.local",
      .type = 47, .rclass = 0x0001, .mdns_flag = true, .ttl = 4500, .rdata_len = 9 },
    { .section = APPLE_DNS_ADDITIONAL,
      .name = "Luca\342\200\231s iMac._companion-link._tcp.local", .type = 47, .rclass = 0x0001,
      .mdns_flag = true, .ttl = 4500, .rdata_len = 9 },
    { .section = APPLE_DNS_ADDITIONAL, .name = "Lucas-iMac.local", .type = 47, .rclass = 0x0001,
      .mdns_flag = true, .ttl = 120, .rdata_len = 8 },
    { .section = APPLE_DNS_ADDITIONAL, .name = "", .type = 41, .rclass = 0x05a0, .ttl = 4500,
      .rdata_len = 18 },
};

static const apple_dns_header_t iphone_33_header = {
    .id = 0x0000, .is_response = false, .opcode = 0, .rcode = 0,
    .qdcount = 1, .ancount = 0, .nscount = 0, .arcount = 1
};
static const want_record_t iphone_33_want[] = {
    { .section = APPLE_DNS_QUESTION, .name = "_homekit._tcp.local", .type = 12, .rclass = 0x0001,
      .mdns_flag = true },
    { .section = APPLE_DNS_ADDITIONAL, .name = "", .type = 41, .rclass = 0x05a0, .ttl = 4500,
      .rdata_len = 18 },
};

static const apple_dns_header_t zeek_4_header = {
    .id = 0x0000, .is_response = true, .opcode = 0, .rcode = 0,
    .qdcount = 0, .ancount = 6, .nscount = 0, .arcount = 0
};
static const want_record_t zeek_4_want[] = {
    { .section = APPLE_DNS_ANSWER, .name = "johanna-QEMU-Virtual-Machine.local", .type = 28,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 0, .rdata_len = 16,
      .address = "fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4" },
    { .section = APPLE_DNS_ANSWER,
      .name = "4.c.d.4.1.e.e.f.f.f.6.d.c.3.8.8.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa",
      .type = 12, .rclass = 0x0001, .mdns_flag = true, .ttl = 0, .rdata_len = 2,
      .target = "johanna-QEMU-Virtual-Machine.local" },
    { .section = APPLE_DNS_ANSWER, .name = "johanna-QEMU-Virtual-Machine.local", .type = 28,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 0, .rdata_len = 16,
      .address = "fd52:429e:c03c:8235:5968:5bc6:1563:f82f" },
    { .section = APPLE_DNS_ANSWER,
      .name = "f.2.8.f.3.6.5.1.6.c.b.5.8.6.9.5.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa",
      .type = 12, .rclass = 0x0001, .mdns_flag = true, .ttl = 0, .rdata_len = 2,
      .target = "johanna-QEMU-Virtual-Machine.local" },
    { .section = APPLE_DNS_ANSWER, .name = "johanna-QEMU-Virtual-Machine.local", .type = 1,
      .rclass = 0x0001, .mdns_flag = true, .ttl = 0, .rdata_len = 4, .address = "10.0.2.7" },
    { .section = APPLE_DNS_ANSWER, .name = "7.2.0.10.in-addr.arpa", .type = 12, .rclass = 0x0001,
      .mdns_flag = true, .ttl = 0, .rdata_len = 2, .target = "johanna-QEMU-Virtual-Machine.local" },
};

static const apple_dns_header_t zeek_12_header = {
    .id = 0x0000, .is_response = false, .opcode = 0, .rcode = 0,
    .qdcount = 4, .ancount = 0, .nscount = 6, .arcount = 0
};
static const want_record_t zeek_12_want[] = {
    { .section = APPLE_DNS_QUESTION,
      .name = "4.c.d.4.1.e.e.f.f.f.6.d.c.3.8.8.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa",
      .type = 255, .rclass = 0x0001 },
    { .section = APPLE_DNS_QUESTION, .name = "johanna-QEMU-Virtual-Machine.local", .type = 255,
      .rclass = 0x0001 },
    { .section = APPLE_DNS_QUESTION, .name = "7.2.0.10.in-addr.arpa", .type = 255,
      .rclass = 0x0001 },
    { .section = APPLE_DNS_QUESTION,
      .name = "f.2.8.f.3.6.5.1.6.c.b.5.8.6.9.5.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa",
      .type = 255, .rclass = 0x0001 },
    { .section = APPLE_DNS_AUTHORITY, .name = "johanna-QEMU-Virtual-Machine.local", .type = 1,
      .rclass = 0x0001, .ttl = 120, .rdata_len = 4, .address = "10.0.2.7" },
    { .section = APPLE_DNS_AUTHORITY, .name = "7.2.0.10.in-addr.arpa", .type = 12,
      .rclass = 0x0001, .ttl = 120, .rdata_len = 2,
      .target = "johanna-QEMU-Virtual-Machine.local" },
    { .section = APPLE_DNS_AUTHORITY, .name = "johanna-QEMU-Virtual-Machine.local", .type = 28,
      .rclass = 0x0001, .ttl = 120, .rdata_len = 16,
      .address = "fd52:429e:c03c:8235:5968:5bc6:1563:f82f" },
    { .section = APPLE_DNS_AUTHORITY,
      .name = "f.2.8.f.3.6.5.1.6.c.b.5.8.6.9.5.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa",
      .type = 12, .rclass = 0x0001, .ttl = 120, .rdata_len = 2,
      .target = "johanna-QEMU-Virtual-Machine.local" },
    { .section = APPLE_DNS_AUTHORITY, .name = "johanna-QEMU-Virtual-Machine.local", .type = 28,
      .rclass = 0x0001, .ttl = 120, .rdata_len = 16,
      .address = "fd52:429e:c03c:8235:883c:d6ff:fee1:4dc4" },
    { .section = APPLE_DNS_AUTHORITY,
      .name = "4.c.d.4.1.e.e.f.f.f.6.d.c.3.8.8.5.3.2.8.c.3.0.c.e.9.2.4.2.5.d.f.ip6.arpa",
      .type = 12, .rclass = 0x0001, .ttl = 120, .rdata_len = 2,
      .target = "johanna-QEMU-Virtual-Machine.local" },
};

static const apple_dns_header_t wa_voice_199_header = {
    .id = 0x0000, .is_response = false, .opcode = 0, .rcode = 0,
    .qdcount = 2, .ancount = 0, .nscount = 0, .arcount = 0
};
static const want_record_t wa_voice_199_want[] = {
    { .section = APPLE_DNS_QUESTION, .name = "_raop._tcp.local", .type = 12, .rclass = 0x0001,
      .mdns_flag = true },
    { .section = APPLE_DNS_QUESTION, .name = "_airplay._tcp.local", .type = 12, .rclass = 0x0001,
      .mdns_flag = true },
};

static const apple_dns_header_t wa_voice_632_header = {
    .id = 0x0000, .is_response = false, .opcode = 0, .rcode = 0,
    .qdcount = 5, .ancount = 1, .nscount = 0, .arcount = 0
};
static const want_record_t wa_voice_632_want[] = {
    { .section = APPLE_DNS_QUESTION, .name = "_homekit._tcp.local", .type = 12, .rclass = 0x0001 },
    { .section = APPLE_DNS_QUESTION, .name = "_companion-link._tcp.local", .type = 12,
      .rclass = 0x0001 },
    { .section = APPLE_DNS_QUESTION, .name = "_sleep-proxy._udp.local", .type = 12,
      .rclass = 0x0001 },
    { .section = APPLE_DNS_QUESTION, .name = "_raop._tcp.local", .type = 12, .rclass = 0x0001 },
    { .section = APPLE_DNS_QUESTION, .name = "_airplay._tcp.local", .type = 12, .rclass = 0x0001 },
    { .section = APPLE_DNS_ANSWER, .name = "_companion-link._tcp.local", .type = 12,
      .rclass = 0x0001, .ttl = 3477, .rdata_len = 16,
      .target = "Luca\342\200\231s iMac._companion-link._tcp.local" },
};

static void test_unicast_dns_over_tcp(void **state)
{
    (void)state;
    assert_captured(dns_tcp_4);
    assert_captured(dns_tcp_6);
}

static void test_cname_chains_to_apple_cdns(void **state)
{
    (void)state;
    assert_captured(iphone_59);
    assert_captured(iphone_56);
}

static void test_other_types_as_raw_rdata(void **state)
{
    (void)state;
    assert_captured(iphone_174);
}

static void test_bonjour_announcement(void **state)
{
    (void)state;
    assert_captured(iphone_3);
}

static void test_mdns_questions(void **state)
{
    (void)state;
    assert_captured(iphone_33);
    assert_captured(wa_voice_199);
    assert_captured(wa_voice_632);
}

static void test_mdns_reverse_names_and_probe(void **state)
{
    (void)state;
    assert_captured(zeek_4);
    assert_captured(zeek_12);
}

/* ---- Hand-made messages ---- */

typedef struct {
    uint8_t bytes[4096];
    size_t  len;
} wire_t;

static void put_bytes(wire_t *w, const void *bytes, size_t n)
{
    if (n == 0)
        return;
    assert_true(n <= sizeof w->bytes - w->len);
    memcpy(w->bytes + w->len, bytes, n);
    w->len += n;
}

static void put_u8(wire_t *w, unsigned value)
{
    uint8_t byte = (uint8_t)value;

    put_bytes(w, &byte, 1);
}

static void put_u16(wire_t *w, unsigned value)
{
    put_u8(w, value >> 8);
    put_u8(w, value);
}

static void put_header(wire_t *w, unsigned flags, unsigned qd, unsigned an, unsigned ns,
                       unsigned ar)
{
    w->len = 0;
    put_u16(w, 0x1234);
    put_u16(w, flags);
    put_u16(w, qd);
    put_u16(w, an);
    put_u16(w, ns);
    put_u16(w, ar);
}

/* A label of n octets, each fill (n need not be a valid length). */
static void put_label_of(wire_t *w, unsigned n, uint8_t fill)
{
    put_u8(w, n);
    for (unsigned i = 0; i < n; i++)
        put_u8(w, fill);
}

static void put_label(wire_t *w, const char *text)
{
    put_u8(w, (unsigned)strlen(text));
    put_bytes(w, text, strlen(text));
}

static void put_pointer(wire_t *w, size_t offset)
{
    put_u16(w, 0xc000u | (unsigned)offset);
}

static void put_question_tail(wire_t *w, unsigned type)
{
    put_u16(w, type);
    put_u16(w, 1);
}

static void put_record_tail(wire_t *w, unsigned type, const void *rdata, size_t rdata_len)
{
    put_u16(w, type);
    put_u16(w, 1);
    put_u16(w, 0);
    put_u16(w, 120);
    put_u16(w, (unsigned)rdata_len);
    put_bytes(w, rdata, rdata_len);
}

static apple_dns_status_t parse_wire(const wire_t *w)
{
    return parse_into(&full, w->bytes, w->len, NULL, NO_STOP);
}

static void test_header_fields(void **state)
{
    apple_dns_header_t header;
    wire_t w;

    (void)state;
    /* a response (QR), opcode 5 (UPDATE), AA, RCODE 3 (NXDOMAIN) */
    put_header(&w, 0xac03, 0, 0, 0, 0);
    assert_int_equal(parse_into(&full, w.bytes, w.len, &header, NO_STOP), APPLE_DNS_OK);
    assert_int_equal(full.n, 0);
    assert_int_equal(header.id, 0x1234);
    assert_true(header.is_response);
    assert_int_equal(header.opcode, 5);
    assert_int_equal(header.rcode, 3);

    put_header(&w, 0x7800, 0, 0, 0, 0);
    assert_int_equal(parse_into(&full, w.bytes, w.len, &header, NO_STOP), APPLE_DNS_OK);
    assert_false(header.is_response);
    assert_int_equal(header.opcode, 15);
    assert_int_equal(header.rcode, 0);

    /* no header, no callback: still parsed, and checked */
    assert_int_equal(apple_dns_parse(iphone_59, sizeof iphone_59, NULL, NULL, NULL), APPLE_DNS_OK);
    assert_int_equal(apple_dns_parse(iphone_59, sizeof iphone_59 - 1, NULL, NULL, NULL),
                     APPLE_DNS_TRUNCATED);
    assert_int_equal(apple_dns_parse(NULL, 20, &header, collect, &full), APPLE_DNS_TRUNCATED);
}

/* Every octet in a label: printable ASCII and 0x80 up as they are, '.' and
 * '\' escaped with '\', the rest below 0x20 and 0x7f as \DDD in decimal. */
static void test_names_in_presentation_form(void **state)
{
    static const uint8_t controls[] = { 0x00, 0x1f, 0x7f, ' ', 'A' };
    wire_t w;

    (void)state;
    put_header(&w, 0x8400, 1, 1, 0, 0);
    put_label(&w, "a.b");
    put_label(&w, "c\\d");
    put_u8(&w, sizeof controls);
    put_bytes(&w, controls, sizeof controls);
    put_label(&w, "Luca\xe2\x80\x99s iMac");
    put_label(&w, "Luca's iMac");
    put_u8(&w, 0);
    put_question_tail(&w, APPLE_DNS_TYPE_PTR);
    put_pointer(&w, 12);
    /* the target: the same name without its first label, through a pointer */
    put_record_tail(&w, APPLE_DNS_TYPE_PTR, (const uint8_t[]){ 0xc0, 12 + 4 }, 2);

    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 2);
    assert_string_equal(full.records[0].name,
                        "a\\.b.c\\\\d.\\000\\031\\127 A.Luca\342\200\231s iMac.Luca's iMac");
    assert_string_equal(full.records[1].name, full.records[0].name);
    assert_true(full.records[1].has_target);
    assert_string_equal(full.records[1].target,
                        "c\\\\d.\\000\\031\\127 A.Luca\342\200\231s iMac.Luca's iMac");
}

/* All 256 octets, four labels of 64 at most, two questions. */
static void test_every_octet_in_a_label(void **state)
{
    wire_t w;

    (void)state;
    put_header(&w, 0, 2, 0, 0, 0);
    for (unsigned q = 0; q < 2; q++) {
        for (unsigned l = 0; l < 4; l++) {
            put_u8(&w, 32);
            for (unsigned i = 0; i < 32; i++)
                put_u8(&w, q * 128 + l * 32 + i);
        }
        put_u8(&w, 0);
        put_question_tail(&w, APPLE_DNS_TYPE_A);
    }
    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 2);
    for (unsigned q = 0; q < 2; q++) {
        char want[APPLE_DNS_NAME_MAX];
        size_t n = 0;

        for (unsigned octet = q * 128; octet < q * 128 + 128; octet++) {
            if (octet % 32 == 0 && octet % 128 != 0)
                want[n++] = '.';
            if (octet == '.' || octet == '\\') {
                want[n++] = '\\';
                want[n++] = (char)octet;
            } else if (octet < 0x20 || octet == 0x7f) {
                n += (size_t)snprintf(want + n, sizeof want - n, "\\%03u", octet);
            } else {
                want[n++] = (char)octet;
            }
        }
        want[n] = '\0';
        assert_string_equal(full.records[q].name, want);
    }
}

static void test_root_name(void **state)
{
    wire_t w;

    (void)state;
    put_header(&w, 0x8000, 1, 1, 0, 0);
    put_u8(&w, 0);
    put_question_tail(&w, APPLE_DNS_TYPE_NS);
    put_u8(&w, 0);
    put_record_tail(&w, APPLE_DNS_TYPE_NS, (const uint8_t[]){ 0 }, 1);
    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 2);
    assert_string_equal(full.records[0].name, "");
    assert_string_equal(full.records[1].name, "");
    assert_true(full.records[1].has_target);
    assert_string_equal(full.records[1].target, "");
}

static void test_pointer_to_itself(void **state)
{
    wire_t w;

    (void)state;
    put_header(&w, 0, 1, 0, 0, 0);
    put_pointer(&w, 12);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    assert_int_equal(parse_wire(&w), APPLE_DNS_MALFORMED);
    assert_int_equal(full.n, 0);

    /* after a label, back to the start of its own name */
    put_header(&w, 0, 1, 0, 0, 0);
    put_label(&w, "a");
    put_pointer(&w, 12);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    assert_int_equal(parse_wire(&w), APPLE_DNS_MALFORMED);

    /* into its own name */
    put_header(&w, 0, 1, 0, 0, 0);
    put_label(&w, "a");
    put_label(&w, "b");
    put_pointer(&w, 14);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    assert_int_equal(parse_wire(&w), APPLE_DNS_MALFORMED);
}

static void test_forward_pointer(void **state)
{
    wire_t w;

    (void)state;
    /* to a good name after the question */
    put_header(&w, 0, 1, 0, 0, 0);
    put_pointer(&w, 18);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    put_label(&w, "a");
    put_u8(&w, 0);
    assert_int_equal(w.len, 21);
    assert_int_equal(parse_wire(&w), APPLE_DNS_MALFORMED);
    assert_int_equal(full.n, 0);

    /* the same name before it is fine */
    put_header(&w, 0, 2, 0, 0, 0);
    put_label(&w, "a");
    put_u8(&w, 0);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    put_pointer(&w, 12);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 2);
    assert_string_equal(full.records[1].name, "a");
}

/* Names in an earlier record's rdata, reached through a pointer that goes
 * backwards; there, each pointer must point before where the last one led:
 * a loop between two names, and a pointer forwards that is no loop, are
 * both malformed. Pointing backwards again is fine. */
static void assert_owner_through(const uint8_t rdata[8], size_t entry, apple_dns_status_t status)
{
    static const uint8_t address[] = { 192, 0, 2, 1 };
    wire_t w;

    put_header(&w, 0x8400, 0, 2, 0, 0);
    put_u8(&w, 0);
    put_record_tail(&w, 0xff00, rdata, 8);   /* a private type: raw rdata */
    assert_int_equal(w.len, 31);             /* the rdata is at 23 */
    put_pointer(&w, entry);
    put_record_tail(&w, APPLE_DNS_TYPE_A, address, sizeof address);
    assert_int_equal(parse_wire(&w), status);
    assert_int_equal(full.n, status == APPLE_DNS_OK ? 2 : 1);
    assert_int_equal(full.records[0].type, 0xff00);
}

static void test_pointer_loop(void **state)
{
    static const uint8_t loop[] = { 1, 'a', 0xc0, 27, 1, 'b', 0xc0, 23 };
    static const uint8_t forwards[] = { 1, 'a', 0xc0, 27, 1, 'b', 0, 0 };
    static const uint8_t backwards[] = { 1, 'b', 0, 0, 1, 'a', 0xc0, 23 };

    (void)state;
    assert_owner_through(loop, 23, APPLE_DNS_MALFORMED);
    assert_owner_through(loop, 27, APPLE_DNS_MALFORMED);
    assert_owner_through(forwards, 23, APPLE_DNS_MALFORMED);
    assert_owner_through(backwards, 27, APPLE_DNS_OK);
    assert_string_equal(full.records[1].name, "a.b");
}

/* 255 octets on the wire, labels of 63, 63, 63 and 61, is the longest name. */
static void put_longest_name(wire_t *w)
{
    put_label_of(w, 63, 'a');
    put_label_of(w, 63, 'b');
    put_label_of(w, 63, 'c');
    put_label_of(w, 61, 'd');
    put_u8(w, 0);
}

static void test_name_of_255_and_256_octets(void **state)
{
    wire_t w;

    (void)state;
    put_header(&w, 0, 1, 0, 0, 0);
    put_longest_name(&w);
    assert_int_equal(w.len, 12 + 255);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 1);
    assert_int_equal(strlen(full.records[0].name), 253);
    assert_int_equal(full.records[0].name[63], '.');
    assert_int_equal(full.records[0].name[252], 'd');

    put_header(&w, 0, 1, 0, 0, 0);
    put_label_of(&w, 63, 'a');
    put_label_of(&w, 63, 'b');
    put_label_of(&w, 63, 'c');
    put_label_of(&w, 62, 'd');
    put_u8(&w, 0);
    assert_int_equal(w.len, 12 + 256);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    assert_int_equal(parse_wire(&w), APPLE_DNS_MALFORMED);
    assert_int_equal(full.n, 0);

    /* counted as uncompressed: 2 + 62 octets and a pointer to 191 is 255 ... */
    put_header(&w, 0, 2, 0, 0, 0);
    put_longest_name(&w);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    put_label(&w, "x");
    put_label_of(&w, 61, 'y');
    put_pointer(&w, 12 + 64);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 2);
    assert_int_equal(strlen(full.records[1].name), 253);

    /* ... and one octet more is too long */
    put_header(&w, 0, 2, 0, 0, 0);
    put_longest_name(&w);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    put_label(&w, "x");
    put_label_of(&w, 62, 'y');
    put_pointer(&w, 12 + 64);
    put_question_tail(&w, APPLE_DNS_TYPE_A);
    assert_int_equal(parse_wire(&w), APPLE_DNS_MALFORMED);
    assert_int_equal(full.n, 1);
}

/* A length octet of 64 or more is label type 0x40 (extended) or 0x80
 * (undefined), even with the octets there. */
static void test_label_types(void **state)
{
    static const unsigned lengths[] = { 64, 0x7f, 0x80, 0xbf };

    (void)state;
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        wire_t w;

        put_header(&w, 0, 1, 0, 0, 0);
        put_label_of(&w, lengths[i], 'a');
        put_u8(&w, 0);
        put_question_tail(&w, APPLE_DNS_TYPE_A);
        assert_int_equal(parse_wire(&w), APPLE_DNS_MALFORMED);
        assert_int_equal(full.n, 0);
    }
}

/* Sets the 16-bit count at offset 4 + 2 * which in a copy of iphone_59. */
static void iphone_59_with_count(wire_t *w, unsigned which, unsigned count)
{
    w->len = 0;
    put_bytes(w, iphone_59, sizeof iphone_59);
    w->bytes[4 + 2 * which] = (uint8_t)(count >> 8);
    w->bytes[5 + 2 * which] = (uint8_t)count;
}

static void test_counts_larger_than_the_message(void **state)
{
    /* which count (1: answers, 2: authority, 3: additional), and its value */
    static const unsigned counts[][2] = {
        { 1, 6 }, { 1, 0xffff }, { 2, 1 }, { 3, 1 }, { 3, 0xffff },
    };
    apple_dns_header_t header;

    (void)state;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        unsigned header_counts[4];
        wire_t w;

        iphone_59_with_count(&w, counts[i][0], counts[i][1]);
        assert_int_equal(parse_into(&full, w.bytes, w.len, &header, NO_STOP), APPLE_DNS_TRUNCATED);
        assert_int_equal(full.n, 6);
        assert_string_equal(full.records[5].name, "captive.g.aaplimg.com");
        header_counts[0] = header.qdcount;
        header_counts[1] = header.ancount;
        header_counts[2] = header.nscount;
        header_counts[3] = header.arcount;
        assert_int_equal(header_counts[counts[i][0]], counts[i][1]);
    }
}

static void test_rdata_length_beyond_the_message(void **state)
{
    wire_t w;

    (void)state;
    /* the last A record's rdata length, 4, made 5 */
    w.len = 0;
    put_bytes(&w, iphone_59, sizeof iphone_59);
    assert_int_equal(w.bytes[w.len - 5], 4);
    w.bytes[w.len - 5] = 5;
    assert_int_equal(parse_wire(&w), APPLE_DNS_TRUNCATED);
    assert_int_equal(full.n, 5);

    /* the first CNAME's, 42, made 0xffff */
    w.len = 0;
    put_bytes(&w, iphone_59, sizeof iphone_59);
    assert_int_equal(w.bytes[45], 0);
    assert_int_equal(w.bytes[46], 42);
    w.bytes[45] = 0xff;
    w.bytes[46] = 0xff;
    assert_int_equal(parse_wire(&w), APPLE_DNS_TRUNCATED);
    assert_int_equal(full.n, 1);
}

/* n questions: "a", then n - 1 pointers to it. */
static void put_questions(wire_t *w, unsigned n)
{
    put_label(w, "a");
    put_u8(w, 0);
    put_question_tail(w, APPLE_DNS_TYPE_A);
    for (unsigned i = 1; i < n; i++) {
        put_pointer(w, 12);
        put_question_tail(w, APPLE_DNS_TYPE_A);
    }
}

static void test_more_than_max_records(void **state)
{
    static const uint8_t address[] = { 10, 0, 0, 1 };
    wire_t w;

    (void)state;
    put_header(&w, 0, APPLE_DNS_MAX_RECORDS, 0, 0, 0);
    put_questions(&w, APPLE_DNS_MAX_RECORDS);
    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, APPLE_DNS_MAX_RECORDS);

    put_header(&w, 0, APPLE_DNS_MAX_RECORDS + 1, 0, 0, 0);
    put_questions(&w, APPLE_DNS_MAX_RECORDS + 1);
    assert_int_equal(parse_wire(&w), APPLE_DNS_TOO_MANY);
    assert_int_equal(full.n, APPLE_DNS_MAX_RECORDS);
    /* a callback that stops at the last one allowed ends the parse first */
    assert_int_equal(parse_into(&full, w.bytes, w.len, NULL, APPLE_DNS_MAX_RECORDS),
                     APPLE_DNS_OK);

    /* the 129th is not read: too many, whatever it holds */
    put_header(&w, 0, APPLE_DNS_MAX_RECORDS + 1, 0, 0, 0);
    put_questions(&w, APPLE_DNS_MAX_RECORDS);
    assert_int_equal(parse_wire(&w), APPLE_DNS_TOO_MANY);
    assert_int_equal(full.n, APPLE_DNS_MAX_RECORDS);

    /* questions and records count together */
    put_header(&w, 0x8400, 1, 64, 0, 64);
    put_questions(&w, 1);
    for (unsigned i = 0; i < 128; i++) {
        put_pointer(&w, 12);
        put_record_tail(&w, APPLE_DNS_TYPE_A, address, sizeof address);
    }
    assert_int_equal(parse_wire(&w), APPLE_DNS_TOO_MANY);
    assert_int_equal(full.n, APPLE_DNS_MAX_RECORDS);
    assert_int_equal(full.records[64].section, APPLE_DNS_ANSWER);
    assert_int_equal(full.records[65].section, APPLE_DNS_ADDITIONAL);
    assert_int_equal(full.records[127].section, APPLE_DNS_ADDITIONAL);
}

/* An address of the wrong length: the record, without its address. */
static void test_address_lengths(void **state)
{
    static const uint8_t five[] = { 10, 0, 0, 1, 2 };
    static const uint8_t four[] = { 10, 0, 0, 1 };
    static const uint8_t sixteen[] = { 0xfe, 0x80, [15] = 1 };
    wire_t w;

    (void)state;
    put_header(&w, 0x8400, 0, 5, 0, 0);
    put_u8(&w, 0);
    put_record_tail(&w, APPLE_DNS_TYPE_A, five, sizeof five);
    put_u8(&w, 0);
    put_record_tail(&w, APPLE_DNS_TYPE_AAAA, four, sizeof four);
    put_u8(&w, 0);
    put_record_tail(&w, APPLE_DNS_TYPE_A, four, sizeof four);
    put_u8(&w, 0);
    put_record_tail(&w, APPLE_DNS_TYPE_AAAA, sixteen, sizeof sixteen);
    put_u8(&w, 0);
    put_record_tail(&w, APPLE_DNS_TYPE_A, NULL, 0);
    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 5);
    assert_false(full.records[0].has_address);
    assert_int_equal(full.records[0].rdata_len, 5);
    assert_false(full.records[1].has_address);
    assert_int_equal(full.records[1].rdata_len, 4);
    assert_true(full.records[2].has_address);
    assert_memory_equal(w.bytes + full.records[2].address_offset, four, 4);
    assert_true(full.records[3].has_address);
    assert_memory_equal(w.bytes + full.records[3].address_offset, sixteen, 16);
    assert_false(full.records[4].has_address);
}

/* A name in rdata must fill it exactly; if it does not parse, the record
 * comes without a target and the parse goes on. */
static void test_rdata_names(void **state)
{
    wire_t w;

    (void)state;
    put_header(&w, 0x8400, 1, 7, 0, 0);
    put_questions(&w, 1);
    put_pointer(&w, 12);
    put_record_tail(&w, APPLE_DNS_TYPE_CNAME, (const uint8_t[]){ 1, 'b' }, 2);
    put_pointer(&w, 12);
    put_record_tail(&w, APPLE_DNS_TYPE_CNAME, (const uint8_t[]){ 1, 'b', 0, 0 }, 4);
    put_pointer(&w, 12);
    put_record_tail(&w, APPLE_DNS_TYPE_PTR, (const uint8_t[]){ 0xc0, 0xff }, 2);
    put_pointer(&w, 12);
    put_record_tail(&w, APPLE_DNS_TYPE_NS, (const uint8_t[]){ 0x40, 0 }, 2);
    put_pointer(&w, 12);
    put_record_tail(&w, APPLE_DNS_TYPE_SRV, (const uint8_t[]){ 0, 1, 0, 2, 0, 3 }, 6);
    put_pointer(&w, 12);
    put_record_tail(&w, APPLE_DNS_TYPE_SRV,
                    (const uint8_t[]){ 0, 10, 0, 20, 0x14, 0xe9, 1, 'b', 0xc0, 12 }, 10);
    put_pointer(&w, 12);
    put_record_tail(&w, APPLE_DNS_TYPE_NS, (const uint8_t[]){ 0xc0, 12 }, 2);

    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 8);
    for (size_t i = 1; i <= 5; i++)
        assert_false(full.records[i].has_target);
    assert_int_equal(full.records[5].srv_port, 0);
    assert_true(full.records[6].has_target);
    assert_string_equal(full.records[6].target, "b.a");
    assert_int_equal(full.records[6].srv_priority, 10);
    assert_int_equal(full.records[6].srv_weight, 20);
    assert_int_equal(full.records[6].srv_port, 5353);
    assert_true(full.records[7].has_target);
    assert_string_equal(full.records[7].target, "a");
}

static size_t count_txt_strings(const uint8_t *rdata, size_t rdata_len, size_t *end)
{
    const uint8_t *string;
    size_t string_len, pos = 0, n = 0;

    while (apple_dns_txt_next(rdata, rdata_len, &pos, &string, &string_len)) {
        assert_true(string >= rdata + 1 && string + string_len <= rdata + rdata_len);
        n++;
    }
    assert_null(string);
    assert_int_equal(string_len, 0);
    *end = pos;
    return n;
}

static void test_txt_strings(void **state)
{
    /* the rdata of Luca’s iMac._device-info._tcp.local in nDPI__iphone.pcap frame 3 */
    static const uint8_t device_info[] = {
        0x0e, 'm', 'o', 'd', 'e', 'l', '=', 'i', 'M', 'a', 'c', '1', '1', ',', '3',
        0x0a, 'o', 's', 'x', 'v', 'e', 'r', 's', '=', '1', '7',
    };
    static const uint8_t overrun[] = { 5, 'm', 'o', 'd', 'e', 'l', 9, 'i', 'M', 'a', 'c' };
    static const uint8_t empty_string[] = { 0 };
    const uint8_t *string;
    size_t string_len, pos = 0, end;

    (void)state;
    assert_true(apple_dns_txt_next(device_info, sizeof device_info, &pos, &string, &string_len));
    assert_int_equal(string_len, 14);
    assert_memory_equal(string, "model=iMac11,3", 14);
    assert_true(apple_dns_txt_next(device_info, sizeof device_info, &pos, &string, &string_len));
    assert_int_equal(string_len, 10);
    assert_memory_equal(string, "osxvers=17", 10);
    assert_false(apple_dns_txt_next(device_info, sizeof device_info, &pos, &string, &string_len));
    assert_int_equal(pos, sizeof device_info);

    /* the second string says 9 octets where 4 are left */
    assert_int_equal(count_txt_strings(overrun, sizeof overrun, &end), 1);
    assert_int_equal(end, 6);
    /* cut inside the first string */
    assert_int_equal(count_txt_strings(device_info, 14, &end), 0);
    assert_int_equal(count_txt_strings(empty_string, 1, &end), 1);
    assert_int_equal(count_txt_strings(empty_string, 0, &end), 0);
    assert_int_equal(count_txt_strings(NULL, 0, &end), 0);

    pos = sizeof device_info + 1;
    assert_false(apple_dns_txt_next(device_info, sizeof device_info, &pos, &string, &string_len));
}

/* TXT strings overrunning a record's rdata stay in its rdata: the record
 * and the next one are read. */
static void test_txt_record_overrunning_its_strings(void **state)
{
    static const uint8_t overrun[] = { 5, 'm', 'o', 'd', 'e', 'l', 9, 'i', 'M', 'a', 'c' };
    static const uint8_t address[] = { 10, 0, 0, 1 };
    size_t end;
    wire_t w;

    (void)state;
    put_header(&w, 0x8400, 0, 2, 0, 0);
    put_label(&w, "x");
    put_u8(&w, 0);
    put_record_tail(&w, APPLE_DNS_TYPE_TXT, overrun, sizeof overrun);
    put_pointer(&w, 12);
    put_record_tail(&w, APPLE_DNS_TYPE_A, address, sizeof address);
    assert_int_equal(parse_wire(&w), APPLE_DNS_OK);
    assert_int_equal(full.n, 2);
    assert_int_equal(full.records[0].rdata_len, sizeof overrun);
    assert_int_equal(count_txt_strings(w.bytes + full.records[0].rdata_offset,
                                       full.records[0].rdata_len, &end), 1);
    assert_true(full.records[1].has_address);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unicast_dns_over_tcp),
        cmocka_unit_test(test_cname_chains_to_apple_cdns),
        cmocka_unit_test(test_other_types_as_raw_rdata),
        cmocka_unit_test(test_bonjour_announcement),
        cmocka_unit_test(test_mdns_questions),
        cmocka_unit_test(test_mdns_reverse_names_and_probe),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_names_in_presentation_form),
        cmocka_unit_test(test_every_octet_in_a_label),
        cmocka_unit_test(test_root_name),
        cmocka_unit_test(test_pointer_to_itself),
        cmocka_unit_test(test_forward_pointer),
        cmocka_unit_test(test_pointer_loop),
        cmocka_unit_test(test_name_of_255_and_256_octets),
        cmocka_unit_test(test_label_types),
        cmocka_unit_test(test_counts_larger_than_the_message),
        cmocka_unit_test(test_rdata_length_beyond_the_message),
        cmocka_unit_test(test_more_than_max_records),
        cmocka_unit_test(test_address_lengths),
        cmocka_unit_test(test_rdata_names),
        cmocka_unit_test(test_txt_strings),
        cmocka_unit_test(test_txt_record_overrunning_its_strings),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
