/* apple-dns.h
 * A DNS message parser for unicast DNS and multicast DNS (Bonjour): the
 * header, then every question and resource record, handed to a callback one
 * at a time with its names decompressed. Bounded: names of 255 octets at
 * most, compression pointers that only point backwards (so no loops),
 * APPLE_DNS_MAX_RECORDS records a message. Every length is checked against
 * the message; nothing is allocated.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_DNS_H
#define APPLE_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A name in presentation form and its NUL: 255 octets on the wire give at
 * most 253 characters, but a label's '.' or a non-printable octet is
 * escaped ("\." and "\DDD", as in zone files), which can make it longer. */
#define APPLE_DNS_NAME_MAX 1024

/* Questions and records read per message at most. */
#define APPLE_DNS_MAX_RECORDS 128

enum {
    APPLE_DNS_TYPE_A     = 1,
    APPLE_DNS_TYPE_NS    = 2,
    APPLE_DNS_TYPE_CNAME = 5,
    APPLE_DNS_TYPE_PTR   = 12,
    APPLE_DNS_TYPE_TXT   = 16,
    APPLE_DNS_TYPE_AAAA  = 28,
    APPLE_DNS_TYPE_SRV   = 33,
    APPLE_DNS_TYPE_NSEC  = 47,
    APPLE_DNS_TYPE_ANY   = 255
};

typedef struct {
    uint16_t id;
    bool     is_response;        /* QR */
    uint8_t  opcode;
    uint8_t  rcode;
    uint16_t qdcount, ancount, nscount, arcount;
} apple_dns_header_t;

typedef enum {
    APPLE_DNS_QUESTION,
    APPLE_DNS_ANSWER,
    APPLE_DNS_AUTHORITY,
    APPLE_DNS_ADDITIONAL
} apple_dns_section_t;

/* One question or resource record, valid only during the callback. */
typedef struct {
    apple_dns_section_t section;
    const char    *name;         /* owner name, presentation form, case kept, no trailing dot ("" for the root) */
    uint16_t       type;
    uint16_t       rclass;       /* without mDNS's top bit */
    bool           mdns_flag;    /* that top bit: cache-flush (records), unicast-response (questions) */
    uint32_t       ttl;          /* records only */
    /* By type, for records whose rdata parsed (zero/NULL otherwise): */
    const uint8_t *address;      /* A: 4 bytes, AAAA: 16 bytes */
    size_t         address_len;
    const char    *target;       /* CNAME, PTR, NS, SRV: the name the record points to */
    uint16_t       srv_priority, srv_weight, srv_port;
    const uint8_t *rdata;        /* the raw rdata (TXT: iterate with apple_dns_txt_next) */
    size_t         rdata_len;
} apple_dns_record_t;

/* Return false to stop the parse (apple_dns_parse then returns APPLE_DNS_OK). */
typedef bool (*apple_dns_record_cb)(const apple_dns_record_t *record, void *user);

typedef enum {
    APPLE_DNS_OK,                /* every question and record was read */
    APPLE_DNS_TRUNCATED,         /* the message ends before its counts say */
    APPLE_DNS_MALFORMED,         /* a bad name, pointer or length */
    APPLE_DNS_TOO_MANY           /* more than APPLE_DNS_MAX_RECORDS */
} apple_dns_status_t;

/* Parses the message of len bytes (a UDP payload; over TCP, without its
 * two-byte length). The header is filled when len >= 12; records before a
 * problem have been handed to cb when the status is not APPLE_DNS_OK. */
apple_dns_status_t apple_dns_parse(const uint8_t *message, size_t len, apple_dns_header_t *header,
                                   apple_dns_record_cb cb, void *user);

/* The TXT strings of rdata, one per call from *pos (start at 0): false at the end
 * or on a string that overruns the rdata. */
bool apple_dns_txt_next(const uint8_t *rdata, size_t rdata_len, size_t *pos,
                        const uint8_t **string, size_t *string_len);

#endif /* APPLE_DNS_H */
