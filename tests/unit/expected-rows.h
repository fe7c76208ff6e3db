/* expected-rows.h
 * Apple's port table as the tests expect it: every row's ports, transports
 * and service, written out by hand from the seed table, so that the
 * generated table and the index are checked against an independent copy.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef EXPECTED_ROWS_H
#define EXPECTED_ROWS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    unsigned    number;       /* 1-based position in the seed table */
    uint16_t    port_first;
    uint16_t    port_last;
    unsigned    transports;   /* APPLE_TCP_BIT | APPLE_UDP_BIT */
    const char *service;
} expected_row_t;

extern const expected_row_t expected_rows[];
extern const size_t         expected_row_count;

#endif /* EXPECTED_ROWS_H */
