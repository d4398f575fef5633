/* lib/loss.h: how wrong a network's outputs are, and the gradient of
   that with respect to the outputs. */
#ifndef NN_LOSS_H
#define NN_LOSS_H
#include "matrix.h"

typedef enum {
    LOSS_MSE,            /* mean squared error, on the output itself */
    LOSS_CROSS_ENTROPY   /* softmax and cross-entropy, on logits */
} LossKind;

nn_status loss_value(LossKind kind, const Matrix *output,
                     const Matrix *target, scalar *loss);
nn_status loss_gradient(LossKind kind, const Matrix *output,
                        const Matrix *target, Matrix *grad);
double accuracy(const Matrix *output, const Matrix *target);
const char *loss_name(LossKind kind);
nn_status loss_from_name(const char *name, LossKind *kind);
#endif
