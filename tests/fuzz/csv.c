/* tests/fuzz/csv.c: csv_read on any bytes, then csv_dataset with the
   first column as target for each of the three tasks. Checks no crash,
   out-of-bounds read or leak, and that an accepted table is consistent:
   rows x columns finite cells, every name found again by csv_column. */
#include <math.h>
#include "csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CsvTable t;
    if (csv_read(fuzz_file("table.csv", data, size), &t) != NN_OK)
        return 0;
    if (t.rows < 0 || t.columns < 1)
        abort();
    for (long i = 0; i < (long)t.rows * t.columns; i++)
        if (!isfinite(t.cells[i]))
            abort();
    for (int c = 0; c < t.columns; c++)
        if (csv_column(&t, t.names[c]) < 0)
            abort();
    static const char *const tasks[] = { "regression", "binary", "classes" };
    for (int k = 0; k < 3; k++) {
        Dataset d = { 0 };
        if (csv_dataset(&t, "table.csv", t.names[0], tasks[k], &d) == NN_OK)
            dataset_free(&d);
    }
    csv_free(&t);
    return 0;
}
