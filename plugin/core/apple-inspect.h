/* apple-inspect.h
 * Reads the server name a flow's client sends first: the TLS ClientHello's
 * SNI or the HTTP Host over TCP, the QUIC Initial's SNI over UDP. It is fed
 * a flow's segments in capture order, each direction on its own, until it
 * has found a name or knows there is none to find; then it is freed. While
 * it looks it holds the bytes of each direction's start (bounded by
 * APPLE_TLS_HELLO_MAX), allocated through the caller's allocator, so that
 * a ClientHello split over several segments or Initial packets is read
 * whole.
 *
 * A direction stops being looked at when its first bytes cannot start a
 * ClientHello, a request or an Initial, when a segment is missing before
 * the name (out of order or lost: its bytes are not guessed), after
 * APPLE_INSPECT_SEGMENTS_MAX segments with payload, when its bytes would
 * take the shared budget past its limit, or at its FIN; the
 * whole flow at a RST, or after 4 * APPLE_INSPECT_SEGMENTS_MAX segments of
 * any kind (a flow of bare ACKs has nothing to show).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef APPLE_INSPECT_H
#define APPLE_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apple-hostname.h"
#include "apple-table.h"

/* Segments (TCP) or datagrams (UDP) with payload looked at per direction. */
#define APPLE_INSPECT_SEGMENTS_MAX 32

/* The bytes that all the inspectors sharing it may hold at once: a bound
 * on memory over a capture of many flows that never finish their
 * ClientHello. An inspector that would pass it gives that direction up. */
typedef struct {
    size_t limit;
    size_t used;
} apple_inspect_budget_t;

typedef struct {
    void *(*resize)(void *ctx, void *ptr, size_t size);   /* realloc-like */
    void  (*release)(void *ctx, void *ptr);
    void  *ctx;
    apple_inspect_budget_t *budget;                       /* NULL: no bound */
} apple_allocator_t;

typedef enum {
    APPLE_NAME_NONE = 0,
    APPLE_NAME_TLS_SNI,
    APPLE_NAME_QUIC_SNI,
    APPLE_NAME_HTTP_HOST
} apple_name_kind_t;

/* A direction of the flow: from the sender of its first packet (A), or the other way (B). */
typedef enum { APPLE_FROM_A = 0, APPLE_FROM_B = 1 } apple_direction_t;

typedef struct {
    apple_direction_t direction;
    bool              syn;            /* TCP: SYN set (seq is the SYN's) */
    bool              fin;            /* TCP: FIN set */
    bool              rst;            /* TCP: RST set */
    uint32_t          seq;            /* TCP: the segment's sequence number */
    const uint8_t    *payload;
    size_t            len;
} apple_segment_t;

typedef struct {
    apple_name_kind_t kind;           /* NONE: no name in this flow */
    apple_direction_t sent;           /* the direction that carried it: its receiver is the server */
    char              name[APPLE_HOSTNAME_MAX];
} apple_inspect_result_t;

typedef struct apple_inspector apple_inspector_t;

apple_inspector_t *apple_inspector_new(apple_transport_t transport, const apple_allocator_t *alloc);

/* Feeds one segment of the flow. True when the inspection is over: then
 * *result says what was found, and the caller frees the inspector. */
bool apple_inspector_feed(apple_inspector_t *inspector, const apple_segment_t *segment,
                          apple_inspect_result_t *result);

void apple_inspector_free(apple_inspector_t *inspector);

#endif /* APPLE_INSPECT_H */
