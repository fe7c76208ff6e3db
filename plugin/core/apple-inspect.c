/* apple-inspect.c
 * The server name a flow's client sends first (see apple-inspect.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-inspect.h"

#include <string.h>

#include "apple-http.h"
#include "apple-quic.h"
#include "apple-tls.h"

#define BUFFER_FIRST_SIZE 2048
#define QUIC_RANGES_MAX   8          /* CRYPTO data ranges a QUIC direction tracks */

typedef enum {
    LOOKING,
    DONE                             /* nothing more to learn from this direction */
} direction_state_t;

typedef struct {
    uint64_t start, end;             /* [start, end) of the CRYPTO stream */
} crypto_range_t;

typedef struct {
    direction_state_t state;
    unsigned          segments;      /* with payload, looked at */
    uint8_t          *bytes;         /* the direction's first bytes (TCP) or CRYPTO stream (QUIC) */
    size_t            size;          /* allocated */
    size_t            len;           /* TCP: bytes held, in order from the start */
    /* TCP */
    bool              have_seq;
    uint32_t          next_seq;      /* of the byte after bytes[len - 1] */
    /* QUIC */
    uint8_t           dcid[APPLE_QUIC_CID_MAX];
    size_t            dcid_len;
    bool              have_dcid;
    crypto_range_t    ranges[QUIC_RANGES_MAX];
    size_t            n_ranges;
    bool              crypto_overflow;
} direction_t;

struct apple_inspector {
    apple_transport_t  transport;
    apple_allocator_t  alloc;
    unsigned           segments;          /* fed, of any kind */
    direction_t        directions[2];
};

apple_inspector_t *
apple_inspector_new(apple_transport_t transport, const apple_allocator_t *alloc)
{
    apple_inspector_t *inspector = alloc->resize(alloc->ctx, NULL, sizeof *inspector);

    memset(inspector, 0, sizeof *inspector);
    inspector->transport = transport;
    inspector->alloc = *alloc;
    return inspector;
}

static void
stop(apple_inspector_t *inspector, direction_t *d)
{
    if (d->bytes)
        inspector->alloc.release(inspector->alloc.ctx, d->bytes);
    if (inspector->alloc.budget)
        inspector->alloc.budget->used -= d->size;
    d->bytes = NULL;
    d->size = d->len = 0;
    d->state = DONE;
}

void
apple_inspector_free(apple_inspector_t *inspector)
{
    if (!inspector)
        return;
    for (int i = 0; i < 2; i++)
        stop(inspector, &inspector->directions[i]);
    inspector->alloc.release(inspector->alloc.ctx, inspector);
}

/* Makes room for need bytes in d (need <= APPLE_TLS_HELLO_MAX). */
/* Room for need bytes: false if the budget cannot give it. */
static bool
reserve(apple_inspector_t *inspector, direction_t *d, size_t need)
{
    apple_inspect_budget_t *budget = inspector->alloc.budget;
    size_t size = d->size ? d->size : BUFFER_FIRST_SIZE;

    if (need <= d->size)
        return true;
    while (size < need)
        size *= 2;
    if (size > APPLE_TLS_HELLO_MAX)
        size = APPLE_TLS_HELLO_MAX;
    if (budget) {
        if (size - d->size > budget->limit - budget->used)
            return false;
        budget->used += size - d->size;
    }
    d->bytes = inspector->alloc.resize(inspector->alloc.ctx, d->bytes, size);
    d->size = size;
    return true;
}

/* What the bytes of a TCP direction say so far: the name, nothing (done),
 * or need more. */
static bool
read_tcp_start(direction_t *d, apple_inspect_result_t *result, bool *done)
{
    apple_tls_result_t tls = apple_tls_record_hello_name(d->bytes, d->len, result->name);
    apple_http_result_t http;

    *done = false;
    if (tls == APPLE_TLS_NAME) {
        result->kind = APPLE_NAME_TLS_SNI;
        return true;
    }
    if (tls == APPLE_TLS_NO_NAME) {
        *done = true;
        return false;
    }
    http = apple_http_request_host(d->bytes, d->len, result->name);
    if (http == APPLE_HTTP_HOST) {
        result->kind = APPLE_NAME_HTTP_HOST;
        return true;
    }
    /* neither can still start here, or one of them ended without a name */
    *done = (tls == APPLE_TLS_NOT_HELLO && http != APPLE_HTTP_NEED_MORE) ||
            http == APPLE_HTTP_NO_HOST || d->len >= APPLE_TLS_HELLO_MAX;
    return false;
}

/* Adds the new bytes of a TCP segment: true if they continue the direction. */
static bool
append_tcp(apple_inspector_t *inspector, direction_t *d, const apple_segment_t *s)
{
    const uint8_t *payload = s->payload;
    size_t len = s->len;
    uint32_t ahead, behind;

    if (!d->have_seq) {
        /* joined mid-stream: whatever comes first is the start we see */
        d->have_seq = true;
        d->next_seq = s->seq;
    }
    /* Sequence numbers wrap: a segment is ahead when it starts less than
     * half the number space after the next byte expected, else behind it.
     * Unsigned, so that no difference overflows. */
    ahead = s->seq - d->next_seq;
    if (ahead != 0 && ahead < UINT32_C(0x80000000))
        return false;                        /* a gap: those bytes are missing */
    behind = d->next_seq - s->seq;
    if (behind >= len)
        return true;                         /* all seen before: a retransmission */
    payload += behind;
    len -= behind;
    if (len > APPLE_TLS_HELLO_MAX - d->len)
        len = APPLE_TLS_HELLO_MAX - d->len;
    if (!reserve(inspector, d, d->len + len))
        return false;                        /* over budget: given up like a gap */
    memcpy(d->bytes + d->len, payload, len);
    d->len += len;
    d->next_seq += (uint32_t)len;
    return true;
}

static bool
feed_tcp(apple_inspector_t *inspector, direction_t *d, const apple_segment_t *s,
         apple_inspect_result_t *result)
{
    bool done;

    if (s->syn) {
        d->have_seq = true;
        d->next_seq = s->seq + 1;            /* the SYN takes one number */
    }
    if (s->len > 0) {
        if (++d->segments > APPLE_INSPECT_SEGMENTS_MAX || !append_tcp(inspector, d, s)) {
            stop(inspector, d);
            return false;
        }
        if (read_tcp_start(d, result, &done))
            return true;
        if (done)
            stop(inspector, d);
    }
    if (s->fin)
        stop(inspector, d);
    return false;
}

/* CRYPTO data of one Initial, into the direction's stream. */
typedef struct {
    apple_inspector_t *inspector;
    direction_t       *d;
} crypto_ctx_t;

static void
add_range(direction_t *d, uint64_t start, uint64_t end)
{
    size_t i = 0;

    while (i < d->n_ranges && d->ranges[i].end < start)
        i++;
    if (i < d->n_ranges && d->ranges[i].start <= end) {
        /* overlaps or touches range i, and maybe those after it */
        if (start < d->ranges[i].start)
            d->ranges[i].start = start;
        if (end > d->ranges[i].end)
            d->ranges[i].end = end;
        while (i + 1 < d->n_ranges && d->ranges[i + 1].start <= d->ranges[i].end) {
            if (d->ranges[i + 1].end > d->ranges[i].end)
                d->ranges[i].end = d->ranges[i + 1].end;
            memmove(&d->ranges[i + 1], &d->ranges[i + 2],
                    (d->n_ranges - i - 2) * sizeof d->ranges[0]);
            d->n_ranges--;
        }
        return;
    }
    if (d->n_ranges == QUIC_RANGES_MAX) {
        d->crypto_overflow = true;           /* too scattered to follow */
        return;
    }
    memmove(&d->ranges[i + 1], &d->ranges[i], (d->n_ranges - i) * sizeof d->ranges[0]);
    d->ranges[i].start = start;
    d->ranges[i].end = end;
    d->n_ranges++;
}

static void
on_crypto(uint64_t offset, const uint8_t *data, size_t len, void *user)
{
    crypto_ctx_t *ctx = (crypto_ctx_t *)user;
    direction_t *d = ctx->d;
    uint64_t end;

    if (offset >= APPLE_TLS_HELLO_MAX || len == 0)
        return;
    if (len > APPLE_TLS_HELLO_MAX - offset)
        len = (size_t)(APPLE_TLS_HELLO_MAX - offset);
    end = offset + len;
    if (!reserve(ctx->inspector, d, (size_t)end)) {
        d->crypto_overflow = true;           /* over budget: given up */
        return;
    }
    memcpy(d->bytes + offset, data, len);
    add_range(d, offset, end);
}

/* The CRYPTO stream's bytes from its start without a gap. */
static size_t
crypto_contiguous(const direction_t *d)
{
    return d->n_ranges && d->ranges[0].start == 0 ? (size_t)d->ranges[0].end : 0;
}

static bool
feed_udp(apple_inspector_t *inspector, direction_t *d, const apple_segment_t *s,
         apple_inspect_result_t *result)
{
    crypto_ctx_t ctx = { inspector, d };
    uint8_t dcid[APPLE_QUIC_CID_MAX];
    size_t dcid_len = 0;
    apple_quic_status_t status;
    apple_tls_result_t tls;

    if (s->len == 0)
        return false;
    if (++d->segments > APPLE_INSPECT_SEGMENTS_MAX ||
        !apple_quic_looks_like_initial(s->payload, s->len)) {
        stop(inspector, d);
        return false;
    }
    status = apple_quic_client_initial(s->payload, s->len, d->have_dcid ? d->dcid : NULL,
                                       d->dcid_len, on_crypto, &ctx, dcid, &dcid_len);
    if (status == APPLE_QUIC_UNREADABLE && d->have_dcid)
        /* after a Retry, the client's keys come from its new DCID */
        status = apple_quic_client_initial(s->payload, s->len, NULL, 0, on_crypto, &ctx,
                                           dcid, &dcid_len);
    if (status != APPLE_QUIC_OK) {
        /* the server's Initials do not open with the client's keys: not a client */
        if (!d->have_dcid)
            stop(inspector, d);
        return false;
    }
    if (!d->have_dcid) {
        memcpy(d->dcid, dcid, dcid_len);
        d->dcid_len = dcid_len;
        d->have_dcid = true;
    }
    if (d->crypto_overflow) {
        stop(inspector, d);
        return false;
    }
    tls = apple_tls_handshake_hello_name(d->bytes, crypto_contiguous(d), result->name);
    if (tls == APPLE_TLS_NAME) {
        result->kind = APPLE_NAME_QUIC_SNI;
        return true;
    }
    if (tls != APPLE_TLS_NEED_MORE)
        stop(inspector, d);
    return false;
}

bool
apple_inspector_feed(apple_inspector_t *inspector, const apple_segment_t *segment,
                     apple_inspect_result_t *result)
{
    direction_t *d = &inspector->directions[segment->direction];
    bool found;

    memset(result, 0, sizeof *result);
    if (segment->rst || ++inspector->segments > 4 * APPLE_INSPECT_SEGMENTS_MAX) {
        stop(inspector, &inspector->directions[0]);
        stop(inspector, &inspector->directions[1]);
    }
    if (d->state == LOOKING) {
        found = inspector->transport == APPLE_TCP ? feed_tcp(inspector, d, segment, result)
                                                  : feed_udp(inspector, d, segment, result);
        if (found) {
            result->sent = segment->direction;
            return true;
        }
    }
    memset(result, 0, sizeof *result);
    return inspector->directions[0].state == DONE && inspector->directions[1].state == DONE;
}
