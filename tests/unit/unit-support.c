/* unit-support.c
 * Helpers shared by the unit tests (see unit-support.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "unit-support.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_ROWS_IN_TEST 8

const apple_row_t *builtin_row(unsigned number)
{
    assert_true(number >= 1 && number <= apple_builtin_row_count);
    return &apple_builtin_rows[number - 1];
}

apple_index_t *new_index(apple_lang_t lang, bool wide_ranges,
                         const apple_row_t *const *user_rows, size_t n_user)
{
    const apple_index_options_t options = { .lang = lang, .wide_ranges = wide_ranges };
    size_t n_rows = apple_builtin_row_count + n_user;
    const apple_row_t **rows = malloc(n_rows * sizeof *rows);
    apple_index_t *index;

    assert_non_null(rows);
    for (size_t i = 0; i < apple_builtin_row_count; i++)
        rows[i] = &apple_builtin_rows[i];
    for (size_t i = 0; i < n_user; i++)
        rows[apple_builtin_row_count + i] = user_rows[i];
    index = apple_index_new(rows, n_rows, &options);
    free(rows);
    assert_non_null(index);
    return index;
}

int setup_default_index(void **state)
{
    *state = new_index(APPLE_LANG_EN, true, NULL, 0);
    return 0;
}

int teardown_index(void **state)
{
    apple_index_free(*state);
    return 0;
}

apple_row_t user_row(uint16_t first, uint16_t last, unsigned transports, const char *service)
{
    apple_row_t row = {
        .port_first = first,
        .port_last = last,
        .transports = transports,
        .service = service,
        .from_user_table = true,
    };
    return row;
}

bool match_has_row(const apple_match_t *match, const apple_row_t *row)
{
    if (!match)
        return false;
    for (size_t i = 0; i < match->n_rows; i++)
        if (match->rows[i] == row)
            return true;
    return false;
}

static bool match_equals(const apple_match_t *match, const apple_row_t *const *rows, size_t n)
{
    if (!match)
        return n == 0;
    if (match->n_rows != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (match->rows[i] != rows[i])
            return false;
    return true;
}

static void print_row(const apple_row_t *row)
{
    if (row->from_user_table)
        fprintf(stderr, " user:%s", row->service);
    else
        fprintf(stderr, " %u", row->number);
}

/* Says where and what went wrong before CMocka's own message, which can
 * only name a line in this file. */
static void report_mismatch(const apple_match_t *match, apple_transport_t t, uint16_t port,
                            const apple_row_t *const *rows, size_t n,
                            const char *file, int line)
{
    fprintf(stderr, "%s:%d: %s %u: expected rows", file, line,
            t == APPLE_TCP ? "TCP" : "UDP", (unsigned)port);
    for (size_t i = 0; i < n; i++)
        print_row(rows[i]);
    fprintf(stderr, "%s, found", n ? "" : " none");
    for (size_t i = 0; match && i < match->n_rows; i++)
        print_row(match->rows[i]);
    fprintf(stderr, "%s\n", match ? "" : " none");
}

void assert_match_is_(const apple_index_t *index, apple_transport_t t, uint16_t port,
                      const apple_row_t *const *rows, size_t n, const char *file, int line)
{
    const apple_match_t *match = apple_index_lookup(index, t, port);
    bool equal = match_equals(match, rows, n);

    if (!equal)
        report_mismatch(match, t, port, rows, n, file, line);
    assert_true(equal);
}

void assert_rows_at_(const apple_index_t *index, apple_transport_t t, uint16_t port,
                     const unsigned *numbers, size_t n, const char *file, int line)
{
    const apple_row_t *rows[MAX_ROWS_IN_TEST];

    assert_true(n <= MAX_ROWS_IN_TEST);
    for (size_t i = 0; i < n; i++)
        rows[i] = builtin_row(numbers[i]);
    assert_match_is_(index, t, port, rows, n, file, line);
}

void assert_no_rows_at_(const apple_index_t *index, apple_transport_t t, uint16_t port,
                        const char *file, int line)
{
    assert_match_is_(index, t, port, NULL, 0, file, line);
}
