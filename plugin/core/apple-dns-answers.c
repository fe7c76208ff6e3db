/* apple-dns-answers.c
 * Names and addresses of a DNS message (see apple-dns-answers.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-dns-answers.h"

#include <string.h>

#include "apple-dns.h"

static bool
on_record(const apple_dns_record_t *record, void *user)
{
    apple_dns_answers_t *answers = (apple_dns_answers_t *)user;
    char owner[APPLE_HOSTNAME_MAX];

    if (record->section == APPLE_DNS_QUESTION) {
        if (!answers->has_question && !answers->question_type) {
            answers->question_type = record->type ? record->type : 0xffff;
            answers->has_question = apple_hostname_normalize(record->name, strlen(record->name),
                                                             answers->question);
        }
        return true;
    }
    if (record->section != APPLE_DNS_ANSWER || record->rclass != 1 ||
        !apple_hostname_normalize(record->name, strlen(record->name), owner))
        return true;
    if (record->type == APPLE_DNS_TYPE_CNAME && record->target &&
        answers->n_cnames < APPLE_DNS_CNAMES_MAX) {
        apple_dns_cname_t *c = &answers->cnames[answers->n_cnames];

        if (apple_hostname_normalize(record->target, strlen(record->target), c->target)) {
            memcpy(c->owner, owner, sizeof owner);
            answers->n_cnames++;
        }
    } else if ((record->type == APPLE_DNS_TYPE_A || record->type == APPLE_DNS_TYPE_AAAA) &&
               record->address && answers->n_addresses < APPLE_DNS_ADDRESSES_MAX) {
        apple_dns_address_t *a = &answers->addresses[answers->n_addresses++];

        a->ip_version = record->type == APPLE_DNS_TYPE_A ? 4 : 6;
        memcpy(a->address, record->address, record->address_len);
        memcpy(a->owner, owner, sizeof owner);
    }
    return true;
}

bool
apple_dns_answers_read(const uint8_t *message, size_t len, apple_dns_answers_t *answers)
{
    apple_dns_header_t header;
    apple_dns_status_t status;

    memset(answers, 0, sizeof *answers);
    if (len < 12)
        return false;
    status = apple_dns_parse(message, len, &header, on_record, answers);
    answers->is_response = header.is_response;
    /* a message that breaks before its question is not DNS at all */
    return status == APPLE_DNS_OK || answers->question_type != 0;
}

size_t
apple_dns_answers_chain(const apple_dns_answers_t *answers, size_t i, const char **names, size_t max)
{
    const char *name;
    size_t n = 0;

    if (!answers->has_question || i >= answers->n_addresses || max == 0)
        return 0;
    name = answers->question;
    names[n++] = name;
    /* each step follows a CNAME; more steps than CNAMEs means a loop */
    for (size_t step = 0; step <= answers->n_cnames; step++) {
        size_t c;

        if (strcmp(name, answers->addresses[i].owner) == 0)
            return n;
        for (c = 0; c < answers->n_cnames && strcmp(answers->cnames[c].owner, name) != 0; c++)
            ;
        if (c == answers->n_cnames || n == max)
            return 0;
        name = answers->cnames[c].target;
        names[n++] = name;
    }
    return 0;
}
