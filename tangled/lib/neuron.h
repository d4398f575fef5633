#ifndef NN_NEURON_H
#define NN_NEURON_H
#include "matrix.h"
#include "rng.h"

typedef struct {
    int inputs;        /* n, the number of inputs */
    scalar *weights;   /* w[0..n-1], one per input */
    scalar bias;       /* b */
} Perceptron;

/* A perceptron of inputs weights and a bias, each uniform on
   [-0.5, 0.5) from rng. */
nn_status perceptron_init(Perceptron *p, int inputs, Rng *rng);
/* Frees what perceptron_init made; p is then empty. Safe twice. */
void perceptron_free(Perceptron *p);
/* 1 if the weighted sum of x plus the bias is positive, else 0. */
int perceptron_predict(const Perceptron *p, const scalar *x);
/* One pass of the perceptron rule over the rows of x and their targets. */
nn_status perceptron_epoch(Perceptron *p, const Matrix *x,
                           const Matrix *t, scalar rate, Rng *rng,
                           int *mistakes);
#endif
