/* fuzz-dns.c
 * libFuzzer target for the DNS and mDNS parser (apple-dns.h): parses the
 * input as a message and walks the TXT strings of every TXT record, and
 * checks what every record handed out promises: names NUL-terminated,
 * shorter than APPLE_DNS_NAME_MAX and in presentation form, rdata and
 * addresses inside the message, the parse stopping when told to.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-dns.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t         size;
    size_t         n;
    size_t         stop_after;     /* return false on this record (1-based); 0: never */
} fuzz_state_t;

static void check(bool ok)
{
    if (!ok)
        abort();
}

/* NUL-terminated within APPLE_DNS_NAME_MAX, and escaped: no octet below
 * 0x20 or 0x7f, and every '\' followed by '.', '\' or three digits. */
static void check_name(const char *name)
{
    const char *nul;

    check(name != NULL);
    nul = memchr(name, '\0', APPLE_DNS_NAME_MAX);
    check(nul != NULL);
    for (const char *p = name; p < nul; p++) {
        unsigned char c = (unsigned char)*p;

        check(c >= 0x20 && c != 0x7f);
        if (c == '\\') {
            if (p[1] == '.' || p[1] == '\\') {
                p++;
            } else {
                check(p[1] >= '0' && p[1] <= '2' && p[2] >= '0' && p[2] <= '9'
                      && p[3] >= '0' && p[3] <= '9');
                p += 3;
            }
        }
    }
}

static bool within(const fuzz_state_t *state, const uint8_t *p, size_t len)
{
    return p >= state->data && len <= state->size && (size_t)(p - state->data) <= state->size - len;
}

static bool visit(const apple_dns_record_t *record, void *user)
{
    fuzz_state_t *state = user;

    state->n++;
    check(state->n <= APPLE_DNS_MAX_RECORDS);
    check_name(record->name);
    if (record->target)
        check_name(record->target);
    check(record->rclass <= 0x7fff);

    if (record->section == APPLE_DNS_QUESTION) {
        check(record->rdata == NULL && record->rdata_len == 0);
    } else {
        check(record->rdata != NULL && within(state, record->rdata, record->rdata_len));
    }
    if (record->address) {
        check(record->address == record->rdata && record->address_len == record->rdata_len);
        check((record->type == APPLE_DNS_TYPE_A && record->address_len == 4)
              || (record->type == APPLE_DNS_TYPE_AAAA && record->address_len == 16));
    }

    if (record->type == APPLE_DNS_TYPE_TXT && record->rdata) {
        const uint8_t *string;
        size_t string_len, pos = 0, last = 0, strings = 0;

        while (apple_dns_txt_next(record->rdata, record->rdata_len, &pos, &string, &string_len)) {
            check(pos > last && pos <= record->rdata_len);
            check(string == record->rdata + last + 1 && string_len == pos - last - 1);
            last = pos;
            strings++;
        }
        check(strings <= record->rdata_len && pos == last);
    }
    return state->n != state->stop_after;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_state_t state = { data, size, 0, 0 };
    apple_dns_header_t header;
    apple_dns_status_t status;
    size_t delivered;

    status = apple_dns_parse(data, size, &header, visit, &state);
    check(status <= APPLE_DNS_TOO_MANY);
    check(status != APPLE_DNS_TOO_MANY || state.n == APPLE_DNS_MAX_RECORDS);
    check(size >= 12 || (status == APPLE_DNS_TRUNCATED && state.n == 0 && header.qdcount == 0));
    delivered = state.n;

    /* Stopped by the callback halfway, the parse says OK and reads no further. */
    if (delivered > 0) {
        state.n = 0;
        state.stop_after = (delivered + 1) / 2;
        check(apple_dns_parse(data, size, NULL, visit, &state) == APPLE_DNS_OK);
        check(state.n == state.stop_after);
    }
    return 0;
}
