/* fuzz-inspect.c
 * libFuzzer target: the server-name inspector (apple-inspect.h) fed a flow
 * of segments. The first byte picks TCP or UDP (bit 0) and a byte budget
 * (bit 1: a budget of (byte >> 2) KiB); then each segment is a 4-byte
 * header (direction and flags, a signed sequence step, times 2^24 with flag
 * 16, a length) and its payload. Checks that a name handed out is a
 * normalized host name, that the budget is kept and given back, and that
 * everything allocated is freed.
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
    apple_inspect_budget_t budget = { 0, 0 };
    apple_allocator_t alloc = { counting_realloc, counting_free, NULL, NULL };
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
    if (data[0] & 2) {
        budget.limit = (size_t)(data[0] >> 2) * 1024;
        alloc.budget = &budget;
    }
    inspector = apple_inspector_new((data[0] & 1) ? APPLE_UDP : APPLE_TCP, &alloc);
    while (pos + 4 <= size) {
        uint8_t flags = data[pos];
        int8_t step = (int8_t)data[pos + 1];
        size_t len = (size_t)data[pos + 2] << 8 | data[pos + 3];
        apple_segment_t segment;
        apple_inspect_result_t result;
        char normalized[APPLE_HOSTNAME_MAX];
        bool found;

        pos += 4;
        if (len > size - pos)
            len = size - pos;
        segment.direction = (flags & 1) ? APPLE_FROM_B : APPLE_FROM_A;
        segment.syn = flags & 2;
        segment.fin = flags & 4;
        segment.rst = flags & 8;
        /* far jumps too: sequence numbers half the space apart */
        seq[segment.direction] += (flags & 16) ? (uint32_t)(int32_t)step << 24
                                               : (uint32_t)(int32_t)step;
        segment.seq = seq[segment.direction];
        segment.payload = data + pos;
        segment.len = len;
        pos += len;
        seq[segment.direction] += (uint32_t)len;
        found = apple_inspector_feed(inspector, &segment, &result);
        check(budget.used <= budget.limit, "the budget overdrawn");
        if (found) {
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
    check(budget.used == 0, "the budget not given back");
    return 0;
}
