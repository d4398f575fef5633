/* lib/model.h: saving a network, and the state of its training, in a
   documented little-endian binary file with a checksum; saving
   atomically; loading with every field checked. */
#ifndef NN_MODEL_H
#define NN_MODEL_H
#include <stdbool.h>
#include "network.h"
#include "optimizer.h"
#include "rng.h"

#define MODEL_MAGIC "NNBOOK\r\n"
enum {
    MODEL_MAGIC_SIZE = 8,
    MODEL_VERSION = 2,              /* written; 1 is read too */
    MODEL_MAX_LAYERS = 1000,
    MODEL_MAX_UNITS = 1 << 24,      /* inputs or outputs of a layer */
    MODEL_MAX_STATE_BUFFERS = 16,
    MODEL_MAX_FIELDS = 8,           /* of a layer record */
    MODEL_KIND_DENSE = 0            /* the code of a dense layer */
};

typedef struct {
    int epoch;               /* epochs completed */
    Rng rng;                 /* the generator as it stood after them */
    Optimizer optimizer;     /* settings, step and state buffers */
} TrainingState;

nn_status model_save(const char *path, const Network *net,
                     const TrainingState *state);
nn_status model_load(const char *path, Network *net, int batch_capacity,
                     TrainingState *state, bool *has_state);
void training_state_free(TrainingState *state);
#endif
