/* fuzz-inspect.c
 * libFuzzer target: the server-name inspector (apple-inspect.h) fed a flow
 * of segments. The first byte picks TCP or UDP; then each segment is a
 * 4-byte header (direction and flags, a signed sequence step, a length)
 * and its payload. Checks that a name handed out is a normalized host name
 * and that everything allocated is freed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>
#include <glib.h>

#include "apple-inspect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long live;

static void *counting_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    live += ptr == NULL;
    return g_realloc(ptr, size);
}

static void counting_free(void *ctx, void *ptr)
{
    (void)ctx;
    live -= ptr != NULL;
    g_free(ptr);
}

static void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz-inspect: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool initialised;
    const apple_allocator_t alloc = { counting_realloc, counting_free, NULL };
    apple_inspector_t *inspector;
    uint32_t seq[2] = { 1000, 900000 };
    size_t pos = 1;

    if (!initialised) {
        gcry_check_version(NULL);
        initialised = true;
    }
    if (size < 1)
        return 0;
    live = 0;
    inspector = apple_inspector_new((data[0] & 1) ? APPLE_UDP : APPLE_TCP, &alloc);
    while (pos + 4 <= size) {
        uint8_t flags = data[pos];
        int8_t step = (int8_t)data[pos + 1];
        size_t len = (size_t)data[pos + 2] << 8 | data[pos + 3];
        apple_segment_t segment;
        apple_inspect_result_t result;
        char normalized[APPLE_HOSTNAME_MAX];

        pos += 4;
        if (len > size - pos)
            len = size - pos;
        segment.direction = (flags & 1) ? APPLE_FROM_B : APPLE_FROM_A;
        segment.syn = flags & 2;
        segment.fin = flags & 4;
        segment.rst = flags & 8;
        seq[segment.direction] += (uint32_t)(int32_t)step;
        segment.seq = seq[segment.direction];
        segment.payload = data + pos;
        segment.len = len;
        pos += len;
        seq[segment.direction] += (uint32_t)len;
        if (apple_inspector_feed(inspector, &segment, &result)) {
            if (result.kind != APPLE_NAME_NONE)
                check(apple_hostname_normalize(result.name, strlen(result.name), normalized) &&
                      strcmp(normalized, result.name) == 0, "a name that is not normalized");
            else
                check(result.name[0] == '\0', "a name without a kind");
            break;
        }
    }
    apple_inspector_free(inspector);
    check(live == 0, "a block left allocated");
    return 0;
}
