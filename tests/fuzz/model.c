/* tests/fuzz/model.c: model_load on any bytes (version 1 and version 2
   files are both among the seeds), with a round trip: a model it
   accepts, with or without training state, is saved with model_save
   and loaded again, and must give the same parameters, the same state
   and, saved once more, the same bytes as the first save. Checks no
   crash, out-of-bounds read or leak on the way. */
#include "fuzz.h"
#include "model.h"

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0)
        abort();
    long size = ftell(f);
    unsigned char *bytes = malloc((size_t)size + 1);
    rewind(f);
    if (bytes == NULL || fread(bytes, 1, (size_t)size, f) != (size_t)size)
        abort();
    fclose(f);
    *n = (size_t)size;
    return bytes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Network net, again;
    TrainingState state, state2;
    bool has_state, has_state2;
    if (model_load(fuzz_file("model.nn", data, size), &net, 4, &state,
                   &has_state) != NN_OK) {
        network_free(&net);
        training_state_free(&state);
        return 0;
    }
    const char *first = fuzz_path("first.nn"), *second = fuzz_path("second.nn");
    if (model_save(first, &net, has_state ? &state : NULL) != NN_OK
        || model_load(first, &again, 4, &state2, &has_state2) != NN_OK
        || has_state2 != has_state || again.param_count != net.param_count
        || again.layer_count != net.layer_count
        || memcmp(again.params, net.params,
                  net.param_count * sizeof *net.params) != 0
        || (has_state && state2.epoch != state.epoch)
        || model_save(second, &again, has_state2 ? &state2 : NULL) != NN_OK)
        abort();
    size_t n1, n2;
    unsigned char *b1 = slurp(first, &n1), *b2 = slurp(second, &n2);
    if (n1 != n2 || memcmp(b1, b2, n1) != 0)
        abort();
    free(b1);
    free(b2);
    network_free(&again);
    training_state_free(&state2);
    network_free(&net);
    training_state_free(&state);
    return 0;
}
