/* lib/scale.h: the scale layer: per column, y = gain * x + offset, with
   numbers set from the data (standardization), never trained. */
#ifndef NN_SCALE_H
#define NN_SCALE_H
#include "dataset.h"
#include "network.h"

/* A scale layer of width columns: y = gain * x + offset, per column. */
#define LAYER_SCALE(width) \
    { .inputs = (width), .outputs = (width), .kind = "scale" }

typedef struct {
    Matrix gain, offset;            /* 1 x width, views into params */
    Matrix grad_gain, grad_offset;  /* the same, into grads */
} ScaleLayer;

/* The row of the scale layer in the layer table. */
extern const LayerKind scale_kind;
/* Sets the scale layer (width = d's features) to standardize d's
   features: gain 1 / sd, offset -mean / sd per column. */
nn_status scale_standardize(Layer *layer, const Dataset *d);
/* Sets the scale layer (width = d's outputs) to map standardized
   targets to d's: gain sd, offset mean of each column of d->y. */
nn_status scale_unstandardize(Layer *layer, const Dataset *d);
#endif
