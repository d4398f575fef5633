/* lib/csv.c: the CSV reader. */
#define _POSIX_C_SOURCE 200809L   /* for fdopen */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csv.h"
#include "file.h"
#include "loss.h"

enum { CSV_MAX_LINE = 1 << 20, CSV_MAX_COLUMNS = 1 << 16 };

typedef struct {
    FILE *file;
    const char *path;
    long line;              /* the number of the line in text, from 1 */
    char *text;             /* that line, without its end */
    size_t size;            /* bytes text can hold */
    nn_status status;       /* of the first failure, once there is one */
} CsvReader;
static int reader_fail(CsvReader *r, nn_status status, const char *format,
                       ...);
static int next_line(CsvReader *r)
{
    size_t n = 0;
    int c = getc(r->file);
    if (c == EOF)
        return ferror(r->file) ? reader_fail(r, NN_ERR_IO, "reading after "
                                             "this line failed") : 0;
    r->line++;
    for (;; c = getc(r->file)) {
        if (n + 2 > r->size) {
            size_t size = r->size == 0 ? 256 : 2 * r->size;
            char *grown = size <= CSV_MAX_LINE ? realloc(r->text, size) : NULL;
            if (grown == NULL)
                return reader_fail(r, NN_ERR_FORMAT, "the line is longer than %d "
                                   "bytes", CSV_MAX_LINE);
            r->text = grown;
            r->size = size;
        }
        if (c == EOF || c == '\n')
            break;
        if (c == '\0')
            return reader_fail(r, NN_ERR_FORMAT, "the line has a zero byte; this "
                               "is not a text file");
        r->text[n++] = (char)c;
    }
    if (ferror(r->file))
        return reader_fail(r, NN_ERR_IO, "reading the line failed");
    if (n > 0 && r->text[n - 1] == '\r')
        n--;
    r->text[n] = '\0';
    return 1;
}
static int reader_fail(CsvReader *r, nn_status status, const char *format,
                       ...)
{
    char what[512];
    va_list args;
    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    if (r->line > 0)
        nn_fail(status, "%s:%ld: %s", r->path, r->line, what);
    else
        nn_fail(status, "%s: %s", r->path, what);
    r->status = status;
    return -1;
}
static int split_cells(char *text, char **cells, int most)
{
    int n = 0;
    for (char *p = text;; p++) {
        if (n == most)
            return -1;
        cells[n++] = p;
        p += strcspn(p, ",");
        if (*p == '\0')
            return n;
        *p = '\0';
    }
}
static bool read_number(const char *cell, double *value)
{
    char *end = NULL;
    while (*cell == ' ' || *cell == '\t')
        cell++;
    errno = 0;
    *value = strtod(cell, &end);
    if (end == cell || errno == ERANGE || !(fabs(*value) <= SCALAR_MAX))
        return false;
    while (*end == ' ' || *end == '\t')
        end++;
    return *end == '\0';
}
static int cell_error(CsvReader *r, const CsvTable *t, int column,
                      const char *cell)
{
    while (*cell == ' ' || *cell == '\t')
        cell++;
    if (*cell == '\0')
        return reader_fail(r, NN_ERR_FORMAT, "column %d (%.40s): the value "
                           "is missing", column + 1, t->names[column]);
    return reader_fail(r, NN_ERR_FORMAT, "column %d (%.40s): \"%.40s\" is "
                       "not a number", column + 1, t->names[column], cell);
}
static char *trim_spaces(char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        text[--n] = '\0';
    return text;
}
static int read_header(CsvReader *r, CsvTable *t, char **cells)
{
    int status = next_line(r);
    if (status == 0) {
        r->line = 1;    /* the line that should have been the header */
        return reader_fail(r, NN_ERR_FORMAT, "the file is empty; a CSV file "
                           "starts with a header line of column names");
    }
    if (status < 0)
        return -1;
    int n = split_cells(r->text, cells, CSV_MAX_COLUMNS);
    if (n < 0)
        return reader_fail(r, NN_ERR_FORMAT, "the header has more than %d "
                           "columns", CSV_MAX_COLUMNS);
    t->names = calloc((size_t)n, sizeof *t->names);
    if (t->names == NULL)
        return reader_fail(r, NN_ERR_NOMEM, "out of memory for %d columns",
                           n);
    t->columns = n;
    for (int j = 0; j < n; j++)
        {
            const char *name = trim_spaces(cells[j]);
            if (name[0] == '\0' || strchr(name, '"') != NULL)
                return reader_fail(r, NN_ERR_FORMAT, "column %d: the name \"%.40s\" "
                                   "is %s", j + 1, name, name[0] == '\0' ? "empty"
                                   : "quoted; this reader takes plain names only");
            for (int i = 0; i < j; i++)
                if (strcmp(t->names[i], name) == 0)
                    return reader_fail(r, NN_ERR_FORMAT, "column %d: the name "
                                       "\"%.40s\" is also column %d's", j + 1, name,
                                       i + 1);
            t->names[j] = malloc(strlen(name) + 1);
            if (t->names[j] == NULL)
                return reader_fail(r, NN_ERR_NOMEM, "out of memory for the name of "
                                   "column %d", j + 1);
            strcpy(t->names[j], name);
        }
    return 1;
}
static int read_row(CsvReader *r, CsvTable *t, char **cells,
                    size_t *room)
{
    if (r->text[0] == '\0')
        return reader_fail(r, NN_ERR_FORMAT, "the line is empty; every row "
                           "has %d cells", t->columns);
    int n = split_cells(r->text, cells, t->columns + 1);
    if (n >= 0 && n < t->columns)
        return reader_fail(r, NN_ERR_FORMAT, "column %d (%.40s): the row "
                           "ends after %d cells; the header has %d", n + 1,
                           t->names[n], n, t->columns);
    if (n != t->columns)
        return reader_fail(r, NN_ERR_FORMAT, "column %d: the row has %s%d "
                           "cells; the header has %d", t->columns + 1,
                           n < 0 ? "more than " : "",
                           n < 0 ? t->columns + 1 : n, t->columns);
    if ((size_t)t->rows == *room) {
        size_t more = *room == 0 ? 64 : 2 * *room;
        double *grown = t->rows < INT_MAX / 2 && more <= SIZE_MAX
                        / sizeof(double) / (size_t)t->columns
                        ? realloc(t->cells, more * (size_t)t->columns
                                            * sizeof(double)) : NULL;
        if (grown == NULL)
            return reader_fail(r, NN_ERR_NOMEM, "out of memory for the rows");
        t->cells = grown;
        *room = more;
    }
    double *row = t->cells + (size_t)t->rows * (size_t)t->columns;
    for (int j = 0; j < n; j++)
        if (!read_number(cells[j], &row[j]))
            return cell_error(r, t, j, cells[j]);
    t->rows++;
    return 1;
}
static const char *task_of_head(int i)
{
    return head_at(i)->task;
}
static nn_status unknown_column(const CsvTable *t, const char *path,
                                const char *name)
{
    char list[400] = "";
    size_t used = 0;
    int j = 0;
    for (; j < t->columns && used < sizeof list - 50; j++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%.40s",
                                 j == 0 ? "" : ", ", t->names[j]);
    if (j < t->columns)
        snprintf(list + used, sizeof list - used, ", ...");
    return nn_fail(NN_ERR_ARG, "%s:1: no column is called \"%.40s\"; the "
                   "columns are %s", path, name, list);
}
enum { CSV_MAX_CLASSES = 1000 };

static nn_status check_targets(const CsvTable *t, const char *path,
                               int target, const char *task, int *classes)
{
    *classes = 0;
    bool binary = strcmp(task, "binary") == 0;
    int most = binary ? 1 : CSV_MAX_CLASSES - 1;
    for (int i = 0; strcmp(task, "regression") != 0 && i < t->rows; i++) {
        double v = t->cells[(size_t)i * (size_t)t->columns + (size_t)target];
        if (!(v >= 0 && v <= most && v == floor(v)))
            return nn_fail(NN_ERR_FORMAT, "%s:%d: column %d (%.40s): %g is "
                           "not %s", path, i + 2, target + 1,
                           t->names[target], v, binary ? "0 or 1"
                           : "a class from 0 to 999");
        if ((int)v + 1 > *classes)
            *classes = (int)v + 1;
    }
    *classes = binary ? 2 : *classes;
    return NN_OK;
}
static nn_status fill_dataset(const CsvTable *t, int target, int classes,
                              bool numbers, Dataset *d)
{
    int n = t->rows, f = t->columns - 1;
    *d = (Dataset){ .count = n, .features = f, .classes = classes,
                    .outputs = numbers ? 1 : classes };
    d->x = malloc((size_t)n * (size_t)f * sizeof *d->x);
    d->y = numbers ? malloc((size_t)n * sizeof *d->y) : NULL;
    d->labels = classes > 0 ? malloc((size_t)n * sizeof *d->labels) : NULL;
    if (d->x == NULL || (numbers && d->y == NULL)
        || (classes > 0 && d->labels == NULL)) {
        dataset_free(d);
        return nn_fail(NN_ERR_NOMEM, "out of memory for %d rows", n);
    }
    for (int i = 0; i < n; i++)
        {
            const double *row = t->cells + (size_t)i * (size_t)t->columns;
            scalar *x = d->x + (size_t)i * (size_t)f;
            for (int j = 0, k = 0; j < t->columns; j++)
                if (j != target)
                    x[k++] = (scalar)row[j];
            if (numbers)
                d->y[i] = (scalar)row[target];
            if (classes > 0)
                d->labels[i] = (int)row[target];
        }
    return NN_OK;
}
nn_status csv_read(const char *path, CsvTable *t)
{
    *t = (CsvTable){ 0 };
    int fd = -1;
    nn_status opened = file_open_regular(path, &fd);
    if (opened != NN_OK)
        return opened;
    CsvReader r = { fdopen(fd, "rb"), path, 0, NULL, 0, NN_OK };
    if (r.file == NULL) {
        close(fd);
        return nn_fail(NN_ERR_IO, "%s: %s", path, strerror(errno));
    }
    char **cells = malloc((CSV_MAX_COLUMNS + 1) * sizeof *cells);
    size_t room = 0;
    int status = cells == NULL ? reader_fail(&r, NN_ERR_NOMEM, "out of "
                                             "memory") : read_header(&r, t, cells);
    while (status > 0 && (status = next_line(&r)) > 0)
        status = read_row(&r, t, cells, &room);
    if (status == 0 && t->rows == 0)
        status = reader_fail(&r, NN_ERR_FORMAT, "the file has a header and "
                             "no rows");
    free(cells);
    free(r.text);
    fclose(r.file);
    if (status < 0)
        csv_free(t);
    return status < 0 ? r.status : NN_OK;
}
void csv_free(CsvTable *t)
{
    for (int j = 0; t->names != NULL && j < t->columns; j++)
        free(t->names[j]);
    free(t->names);
    free(t->cells);
    *t = (CsvTable){ 0 };
}
int csv_column(const CsvTable *t, const char *name)
{
    for (int j = 0; j < t->columns; j++)
        if (strcmp(t->names[j], name) == 0)
            return j;
    return -1;
}
nn_status csv_dataset(const CsvTable *t, const char *path,
                      const char *target, const char *task, Dataset *d)
{
    *d = (Dataset){ 0 };
    int at = csv_column(t, target), classes = 0, k = 0;
    nn_status status = nn_lookup("task", task, head_count(), task_of_head,
                                 &k);
    if (status != NN_OK)
        return status;
    if (at < 0)
        return unknown_column(t, path, target);
    if (t->columns < 2)
        return nn_fail(NN_ERR_FORMAT, "%s: the target is the only column; "
                       "there is nothing to predict it from", path);
    status = check_targets(t, path, at, task, &classes);
    if (status == NN_OK)
        status = fill_dataset(t, at, classes, strcmp(task, "classes") != 0,
                              d);
    return status;
}
