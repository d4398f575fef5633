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

/* Writes net (and state, if not NULL) to path in the format of chapter
   11, atomically: path then holds the old file or the whole new one. */
nn_status model_save(const char *path, const Network *net,
                     const TrainingState *state);
/* Reads the model file at path, checking every field, into a new net with
   room for batches of batch_capacity; its training state into *state if
   state is not NULL; *has_state, if not NULL, says whether it had one.
   On failure net and state are empty and safe to free. */
nn_status model_load(const char *path, Network *net, int batch_capacity,
                     TrainingState *state, bool *has_state);
/* Frees the optimizer of state; state is then empty. */
void training_state_free(TrainingState *state);
#endif
