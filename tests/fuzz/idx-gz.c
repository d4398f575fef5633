/* tests/fuzz/idx-gz.c: idx_read on the gzip compression of any bytes,
   so that the fuzzer mutates what the gzip path of the reader sees
   after inflating (idx.c mutates the compressed bytes themselves).
   Checks no crash, out-of-bounds read or leak, and that a file the
   reader accepts compressed it also accepts plain, with the same data. */
#include <zlib.h>
#include "fuzz.h"
#include "idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_path("idx.gz");
    gzFile g = gzopen(path, "wb");
    if (g == NULL || (size > 0 && gzwrite(g, data, (unsigned)size) == 0)
        || gzclose(g) != Z_OK)
        abort();
    IdxArray a, plain;
    if (idx_read(path, &a) == NN_OK) {
        if (idx_read(fuzz_file("idx", data, size), &plain) != NN_OK
            || plain.length != a.length
            || memcmp(plain.data, a.data, a.length) != 0)
            abort();
        idx_free(&plain);
        idx_free(&a);
    }
    return 0;
}
