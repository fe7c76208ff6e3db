/* tsv.h
 * Reading the project's data files (data/ *.tsv files) for the generators: UTF-8,
 * tab-separated, '#' comment lines, one header line naming the columns,
 * then one row a line in which every cell holds something ('-' for none).
 * Every refusal names the file, the line and the reason, and ends the
 * program with status 1, so a malformed row fails the build.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TSV_H
#define TSV_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

typedef struct {
    const char         *path;
    const char *const  *columns;    /* the header's names, in order */
    size_t              n_columns;
    char              **lines;      /* the whole file, split */
    size_t              next;       /* index of the next line to read */
    unsigned            line;       /* 1-based number of the line last read */
} tsv_t;

/* Reads path and checks its header against columns. */
void tsv_open(tsv_t *tsv, const char *path, const char *const *columns, size_t n_columns);

/* The next row's cells, trimmed, in cells[0..n_columns); false at the end. */
bool tsv_next(tsv_t *tsv, char **cells);

void tsv_close(tsv_t *tsv);

/* Refuses the row last read: "path:line: reason", then exit(1). */
G_GNUC_NORETURN G_GNUC_PRINTF(2, 3) void tsv_fail(const tsv_t *tsv, const char *fmt, ...);

/* Index of name among the columns (for messages). */
const char *tsv_column(const tsv_t *tsv, size_t column);

/* NULL for a '-' cell, the cell otherwise. */
const char *tsv_optional(const char *cell);

/* Appends s to out as a C string literal, or NULL. */
void tsv_put_string(GString *out, const char *s);

/* Writes text to path, or fails naming it; a refused input never leaves a
 * half-written output that a later build would take as up to date. */
void tsv_write_output(const char *path, const GString *text);

#endif /* TSV_H */
