/* lib/pool.h: max pooling over windows that tile the image, a row of
   the layer table. */
#ifndef NN_POOL_H
#define NN_POOL_H
#include "network.h"

#define LAYER_POOL(h, w, c, k) \
    { .inputs = (h) * (w) * (c), .kind = "pool", .height = (h), \
      .width = (w), .channels = (c), .kernel_h = (k), .kernel_w = (k) }
typedef struct {
    int *winners;     /* capacity x outputs: the input each output took */
} PoolLayer;

/* The row of the max-pooling layer in the layer table. */
extern const LayerKind pool_kind;
#endif
