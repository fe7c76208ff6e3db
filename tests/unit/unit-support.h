/* unit-support.h
 * Helpers shared by the unit tests: indexes over the built-in table, user
 * rows, and assertions on the rows a lookup finds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef UNIT_SUPPORT_H
#define UNIT_SUPPORT_H

/* CMocka 1.x needs these before cmocka.h; CMocka 2.x includes them itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "apple-index.h"

/* The built-in row numbered number (1-based, seed order). */
const apple_row_t *builtin_row(unsigned number);

/* An index over the built-in rows followed by n_user user rows, which must
 * outlive it. Fails the test if memory runs out. */
apple_index_t *new_index(apple_lang_t lang, bool wide_ranges,
                         const apple_row_t *const *user_rows, size_t n_user);

/* Group fixtures: *state is an index over the built-in table, English,
 * wide ranges labelled (the plugin's defaults). */
int setup_default_index(void **state);
int teardown_index(void **state);

/* A row as the user table would give it: no products, no texts. */
apple_row_t user_row(uint16_t first, uint16_t last, unsigned transports, const char *service);

bool match_has_row(const apple_match_t *match, const apple_row_t *row);

/* Asserts that a lookup of port on t finds exactly the built-in rows
 * numbered ..., in this order: assert_rows_at(index, APPLE_UDP, 16385, 51, 52). */
#define assert_rows_at(index, t, port, ...)                                      \
    assert_rows_at_((index), (t), (port), (const unsigned[]){ __VA_ARGS__ },     \
                    sizeof((const unsigned[]){ __VA_ARGS__ }) / sizeof(unsigned), \
                    __FILE__, __LINE__)
void assert_rows_at_(const apple_index_t *index, apple_transport_t t, uint16_t port,
                     const unsigned *numbers, size_t n, const char *file, int line);

/* Asserts that a lookup of port on t finds no row at all. */
#define assert_no_rows_at(index, t, port) \
    assert_no_rows_at_((index), (t), (port), __FILE__, __LINE__)
void assert_no_rows_at_(const apple_index_t *index, apple_transport_t t, uint16_t port,
                        const char *file, int line);

/* Asserts that a lookup of port on t finds exactly these n rows (built-in
 * or user), in this order. */
#define assert_match_is(index, t, port, rows, n) \
    assert_match_is_((index), (t), (port), (rows), (n), __FILE__, __LINE__)
void assert_match_is_(const apple_index_t *index, apple_transport_t t, uint16_t port,
                      const apple_row_t *const *rows, size_t n, const char *file, int line);

#endif /* UNIT_SUPPORT_H */
