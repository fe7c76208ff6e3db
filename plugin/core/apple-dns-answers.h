/* apple-dns-answers.h
 * What a unicast DNS message says about names and addresses: its question,
 * and for each address its answers give, the chain of names from the
 * question to the address through CNAME records (www.apple.com ->
 * www.apple.com.edgekey.net -> e6858.dscx.akamaiedge.net -> 23.x). Names are
 * normalized host names (apple-hostname.h); records with other names, and
 * addresses the question does not lead to, are left out. Bounded: at most
 * APPLE_DNS_CNAMES_MAX CNAME records and APPLE_DNS_ADDRESSES_MAX addresses a
 * message; no allocation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_DNS_ANSWERS_H
#define APPLE_DNS_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apple-hostname.h"

#define APPLE_DNS_CNAMES_MAX    16
#define APPLE_DNS_ADDRESSES_MAX 32

typedef struct {
    char owner[APPLE_HOSTNAME_MAX];
    char target[APPLE_HOSTNAME_MAX];
} apple_dns_cname_t;

typedef struct {
    unsigned ip_version;                   /* 4 (A) or 6 (AAAA) */
    uint8_t  address[16];
    char     owner[APPLE_HOSTNAME_MAX];
} apple_dns_address_t;

typedef struct {
    bool                is_response;
    bool                has_question;      /* the first question's name is a host name */
    char                question[APPLE_HOSTNAME_MAX];
    uint16_t            question_type;
    size_t              n_cnames;
    apple_dns_cname_t   cnames[APPLE_DNS_CNAMES_MAX];
    size_t              n_addresses;
    apple_dns_address_t addresses[APPLE_DNS_ADDRESSES_MAX];
} apple_dns_answers_t;

/* Reads message (a UDP payload, or a TCP one without its length prefix):
 * false if it is no DNS message at all (too short, malformed before its
 * question). A message cut short keeps what came before the cut. */
bool apple_dns_answers_read(const uint8_t *message, size_t len, apple_dns_answers_t *answers);

/* The names from the question to address i's owner through the CNAMEs, in
 * order, at most max of them: their count, 0 if the question does not lead
 * there (a loop or an unrelated record). */
size_t apple_dns_answers_chain(const apple_dns_answers_t *answers, size_t i,
                               const char **names, size_t max);

#endif /* APPLE_DNS_ANSWERS_H */
