/* tsv.c
 * Reading data files for the generators (see tsv.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tsv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tsv_fail(const tsv_t *tsv, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s:%u: ", tsv->path, tsv->line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static char *trim(char *s)
{
    char *end;

    while (*s == ' ')
        s++;
    end = s + strlen(s);
    while (end > s && end[-1] == ' ')
        *--end = '\0';
    return s;
}

/* Splits line at tabs into n cells, or refuses it. */
static void split(tsv_t *tsv, char *line, char **cells)
{
    size_t n = 1;
    char *p = line;

    for (const char *c = line; *c; c++)
        n += *c == '\t';
    if (n != tsv->n_columns)
        tsv_fail(tsv, "expected %zu tab-separated columns, found %zu", tsv->n_columns, n);
    for (size_t c = 0; c < n; c++) {
        char *tab = strchr(p, '\t');

        if (tab)
            *tab = '\0';
        cells[c] = trim(p);
        if (*cells[c] == '\0')
            tsv_fail(tsv, "column '%s' is empty (write '-' for none)", tsv->columns[c]);
        p = tab ? tab + 1 : p + strlen(p);
    }
}

/* The next line that is not empty or a comment, or NULL. */
static char *next_line(tsv_t *tsv)
{
    while (tsv->lines[tsv->next]) {
        char *line = tsv->lines[tsv->next++];
        size_t len = strlen(line);

        tsv->line++;
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (!g_utf8_validate(line, -1, NULL))
            tsv_fail(tsv, "line is not valid UTF-8");
        return line;
    }
    return NULL;
}

void tsv_open(tsv_t *tsv, const char *path, const char *const *columns, size_t n_columns)
{
    char *text;
    gsize len;
    GError *error = NULL;
    char **cells = g_new(char *, n_columns);
    char *header;

    memset(tsv, 0, sizeof *tsv);
    tsv->path = path;
    tsv->columns = columns;
    tsv->n_columns = n_columns;
    if (!g_file_get_contents(path, &text, &len, &error)) {
        fprintf(stderr, "%s: %s\n", path, error->message);
        exit(1);
    }
    if (memchr(text, '\0', len))
        tsv_fail(tsv, "the file holds a NUL byte");
    tsv->lines = g_strsplit(text, "\n", -1);
    g_free(text);
    {   /* the text after the last newline is not a line when it is empty */
        guint n = g_strv_length(tsv->lines);
        if (n && tsv->lines[n - 1][0] == '\0') {
            g_free(tsv->lines[n - 1]);
            tsv->lines[n - 1] = NULL;
        }
    }

    header = next_line(tsv);
    if (!header)
        tsv_fail(tsv, "no header line (%s ...)", columns[0]);
    split(tsv, header, cells);
    for (size_t c = 0; c < n_columns; c++)
        if (strcmp(cells[c], columns[c]) != 0)
            tsv_fail(tsv, "header column %zu is '%s', expected '%s'", c + 1, cells[c], columns[c]);
    g_free(cells);
}

bool tsv_next(tsv_t *tsv, char **cells)
{
    char *line = next_line(tsv);

    if (!line)
        return false;
    split(tsv, line, cells);
    return true;
}

void tsv_close(tsv_t *tsv)
{
    g_strfreev(tsv->lines);
    tsv->lines = NULL;
}

const char *tsv_column(const tsv_t *tsv, size_t column)
{
    return tsv->columns[column];
}

const char *tsv_optional(const char *cell)
{
    return strcmp(cell, "-") == 0 ? NULL : cell;
}

void tsv_put_string(GString *out, const char *s)
{
    if (!s) {
        g_string_append(out, "NULL");
        return;
    }
    g_string_append_c(out, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            g_string_append_c(out, '\\');
        g_string_append_c(out, *s);
    }
    g_string_append_c(out, '"');
}

void tsv_write_output(const char *path, const GString *text)
{
    GError *error = NULL;

    if (!g_file_set_contents(path, text->str, (gssize)text->len, &error)) {
        fprintf(stderr, "%s: %s\n", path, error->message);
        exit(1);
    }
}
