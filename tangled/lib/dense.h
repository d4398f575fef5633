/* lib/dense.h: the dense layer, Y = f(X W + b), a row of the layer
   table. */
#ifndef NN_DENSE_H
#define NN_DENSE_H
#include "network.h"

typedef struct {
    Matrix weights, bias;            /* inputs x outputs, 1 x outputs */
    Matrix grad_weights, grad_bias;  /* the same shapes, in net->grads */
    Matrix delta;                    /* n x outputs: dL/dZ, chapter 6 */
} DenseLayer;

/* The row of the dense layer in the layer table. */
extern const LayerKind dense_kind;
/* The state of a dense layer; NULL for a layer of any other kind. */
DenseLayer *dense_state(const Layer *layer);
#endif
