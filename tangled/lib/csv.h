/* lib/csv.h: tables of numbers in CSV files, and data sets made of them. */
#ifndef NN_CSV_H
#define NN_CSV_H
#include "dataset.h"

typedef struct {
    int rows, columns;
    char **names;           /* columns names, as the header gives them */
    double *cells;          /* rows x columns numbers, row by row */
} CsvTable;
/* Reads the CSV file at path into *t (free with csv_free), or fails
   naming the file, the line and the column of the first problem. */
nn_status csv_read(const char *path, CsvTable *t);
/* Frees what csv_read made; t is then empty. */
void csv_free(CsvTable *t);
/* d = the rows of t: every column but target as features, and target as
   a task ("regression", "binary" or "classes") wants it. path names t
   in messages. */
nn_status csv_dataset(const CsvTable *t, const char *path,
                      const char *target, const char *task, Dataset *d);
/* The index of t's column called name, or -1. */
int csv_column(const CsvTable *t, const char *name);
#endif
