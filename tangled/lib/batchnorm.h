/* lib/batchnorm.h: batch normalization per channel, with running
   statistics for evaluation, a row of the layer table. */
#ifndef NN_BATCHNORM_H
#define NN_BATCHNORM_H
#include "network.h"

#define LAYER_BATCHNORM(width, c, activation) \
    { .inputs = (width), .act = (activation), .kind = "batchnorm", \
      .channels = (c), .momentum = 0.1f, .epsilon = 1e-5f }
typedef struct {
    Matrix numbers, grads;  /* 4 x C: gamma, beta, running mean, var */
    Matrix normalized;      /* n x inputs: X hat of the last pass */
    Matrix delta;           /* n x inputs: dL/dZ */
    double *mean, *scale;   /* C each: mu and 1/sqrt(var + eps) used */
    bool trained;           /* the last pass used the batch's statistics */
} BatchNormLayer;

/* The row of the batch-normalization layer in the layer table. */
extern const LayerKind batchnorm_kind;
#endif
