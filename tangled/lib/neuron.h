#ifndef NN_NEURON_H
#define NN_NEURON_H
#include "matrix.h"
#include "rng.h"

typedef struct {
    int inputs;        /* n, the number of inputs */
    scalar *weights;   /* w[0..n-1], one per input */
    scalar bias;       /* b */
} Perceptron;

nn_status perceptron_init(Perceptron *p, int inputs, Rng *rng);
void perceptron_free(Perceptron *p);
int perceptron_predict(const Perceptron *p, const scalar *x);
nn_status perceptron_epoch(Perceptron *p, const Matrix *x,
                           const Matrix *t, scalar rate, Rng *rng,
                           int *mistakes);
void shuffle_indices(int *indices, int n, Rng *rng);
#endif
