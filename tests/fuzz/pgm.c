/* tests/fuzz/pgm.c: pgm_read on any bytes. The first input byte chooses
   the size the caller asks for (28x28, as nn predict does, or a small
   one from the byte); the rest is the file. Checks no crash,
   out-of-bounds access (the pixel buffer is exactly width x height, so
   ASan sees any write past it) or leak; an accepted image written with
   pgm_write reads back as the same pixels. */
#include "fuzz.h"
#include "pgm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int w = data[0] < 128 ? 28 : 1 + (data[0] & 7);
    int h = data[0] < 128 ? 28 : 1 + (data[0] >> 3 & 7);
    unsigned char *p = malloc((size_t)(w * h)), *q = malloc((size_t)(w * h));
    if (p == NULL || q == NULL)
        abort();
    if (pgm_read(fuzz_file("image.pgm", data + 1, size - 1), w, h, p)
        == NN_OK) {
        const char *again = fuzz_path("again.pgm");
        if (pgm_write(again, w, h, p) != NN_OK
            || pgm_read(again, w, h, q) != NN_OK
            || memcmp(p, q, (size_t)(w * h)) != 0)
            abort();
    }
    free(p);
    free(q);
    return 0;
}
