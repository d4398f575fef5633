/* lib/dropout.h: the dropout layer, a row of the layer table. In
   training Y = X * M, with each M[i][j] 0 (probability p) or 1/(1-p);
   in evaluation Y = X. */
#ifndef NN_DROPOUT_H
#define NN_DROPOUT_H
#include "network.h"

#define LAYER_DROPOUT(width, p) \
    { .inputs = (width), .outputs = (width), .kind = "dropout", \
      .rate = (p) }
typedef struct {
    Matrix mask;            /* n x outputs: each 0 or 1 / (1 - p) */
} DropoutLayer;

/* The row of the dropout layer in the layer table. */
extern const LayerKind dropout_kind;
#endif
