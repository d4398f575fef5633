/* lib/activation.h: the nonlinearities between layers, forward and
   backward. */
#ifndef NN_ACTIVATION_H
#define NN_ACTIVATION_H
#include "matrix.h"

typedef enum {
    ACT_IDENTITY,    /* f(z) = z: no activation */
    ACT_SIGMOID,     /* f(z) = 1 / (1 + e^-z) */
    ACT_TANH,        /* f(z) = tanh z */
    ACT_RELU,        /* f(z) = max(0, z) */
    ACT_LEAKY_RELU,  /* f(z) = z for z > 0, else LEAKY_RELU_SLOPE * z */
    ACT_SOFTMAX      /* each row: f(z)_i = e^z_i / sum over j of e^z_j */
} Activation;
#define LEAKY_RELU_SLOPE ((scalar)0.01)
/* m = f(m), in place. m holds one example per row (batch x units);
   softmax normalizes each row, the others act on each element alone. */
nn_status activation_forward(Activation act, Matrix *m);
/* Given y = f(z), the output of activation_forward, and grad = dL/dy,
   makes grad = dL/dz, in place. y and grad must have the same shape. */
nn_status activation_backward(Activation act, const Matrix *y,
                              Matrix *grad);
/* "identity", "sigmoid", "tanh", "relu", "leaky_relu" or "softmax". */
const char *activation_name(Activation act);
/* *act = the activation called name; NN_ERR_ARG if there is none. */
nn_status activation_from_name(const char *name, Activation *act);
/* The number of activations; they are 0 to the count - 1. */
int activation_count(void);
#endif
