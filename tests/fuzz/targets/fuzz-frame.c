/* fuzz-frame.c
 * libFuzzer target for apple_frame_find_segment() (apple-frame.h). The
 * input's first KEY_BYTES choose the key, the rest is the frame:
 *   byte 0       bit 0: UDP (else TCP), bit 1: IPv6 (else IPv4)
 *   bytes 1-16   source address (IPv4: the first 4)
 *   bytes 17-32  destination address
 *   bytes 33-36  source and destination ports, network order
 * A segment found must lie within the frame; the frame cut right after
 * the payload gives the same segment (cut only if it was); one byte
 * shorter, the same segment, cut; and a refusal leaves the segment zeroed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "apple-frame.h"

#include <stdlib.h>
#include <string.h>

#define KEY_BYTES 37

/* Searches a copy of exactly len bytes, so that a sanitizer sees any read
 * past them. */
static bool find_in_copy(const uint8_t *frame, size_t len, const apple_frame_key_t *key,
                         apple_frame_segment_t *segment)
{
    uint8_t *copy = malloc(len ? len : 1);
    bool found;

    if (!copy)
        abort();
    memcpy(copy, frame, len);
    found = apple_frame_find_segment(copy, len, key, segment);
    free(copy);
    return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const apple_frame_segment_t zero;
    apple_frame_key_t key;
    apple_frame_segment_t segment, again;
    const uint8_t *frame = data + KEY_BYTES;
    size_t len, end;

    if (size < KEY_BYTES)
        return 0;
    len = size - KEY_BYTES;
    key.transport = (data[0] & 1) ? APPLE_UDP : APPLE_TCP;
    key.ip_version = (data[0] & 2) ? 6 : 4;
    key.src = data + 1;
    key.dst = data + 17;
    key.src_port = (uint16_t)(data[33] << 8 | data[34]);
    key.dst_port = (uint16_t)(data[35] << 8 | data[36]);

    if (!find_in_copy(frame, len, &key, &segment)) {
        if (memcmp(&segment, &zero, sizeof segment) != 0)
            abort();
        return 0;
    }
    if (segment.payload_offset > len || segment.payload_len > len - segment.payload_offset)
        abort();
    if (segment.payload_len > 65535)   /* IP lengths are 16 bits */
        abort();
    if (key.transport == APPLE_UDP && (segment.tcp_seq != 0 || segment.tcp_flags != 0))
        abort();

    /* Shorter captures: nothing in front of the segment's header can start
     * to match, and the header itself still does. */
    end = segment.payload_offset + segment.payload_len;
    if (!find_in_copy(frame, end, &key, &again) || again.payload_offset != segment.payload_offset
        || again.payload_len != segment.payload_len || again.payload_cut != segment.payload_cut
        || again.tcp_seq != segment.tcp_seq || again.tcp_flags != segment.tcp_flags
        || again.hop_limit != segment.hop_limit)
        abort();
    if (segment.payload_len > 0
        && (!find_in_copy(frame, end - 1, &key, &again)
            || again.payload_offset != segment.payload_offset
            || again.payload_len != segment.payload_len - 1 || !again.payload_cut))
        abort();
    return 0;
}
