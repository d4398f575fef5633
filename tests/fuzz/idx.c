/* tests/fuzz/idx.c: idx_read on any bytes, plain or gzip (the reader
   tells them apart by the gzip magic; the seeds hold both). Checks that
   it never crashes, reads out of bounds or leaks (ASan, UBSan), and
   that what it accepts is consistent: the data holds exactly the
   product of the sizes, within IDX_MAX_BYTES. */
#include "fuzz.h"
#include "idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    IdxArray a;
    if (idx_read(fuzz_file("idx", data, size), &a) == NN_OK) {
        size_t n = 1;
        for (int d = 0; d < a.dims; d++)
            n *= (size_t)a.size[d];
        if ((a.dims != 1 && a.dims != 3) || n != a.length
            || a.length > IDX_MAX_BYTES)
            abort();
        unsigned sum = 0;   /* every byte is readable (ASan checks) */
        for (size_t i = 0; i < a.length; i++)
            sum += a.data[i];
        if (sum > 255u * a.length)
            abort();
        idx_free(&a);
    }
    return 0;
}
