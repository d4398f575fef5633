#include <stdlib.h>
#include "neuron.h"

nn_status perceptron_init(Perceptron *p, int inputs, Rng *rng)
{
    if (p == NULL)
        return nn_fail(NN_ERR_ARG, "perceptron_init: no perceptron");
    *p = (Perceptron){ 0, NULL, 0 };
    if (rng == NULL)
        return nn_fail(NN_ERR_ARG, "perceptron_init: no random generator");
    if (inputs < 1)
        return nn_fail(NN_ERR_ARG, "perceptron_init: %d inputs; a "
                       "perceptron needs at least 1", inputs);
    scalar *weights = malloc((size_t)inputs * sizeof *weights);
    if (weights == NULL)
        return nn_fail(NN_ERR_NOMEM, "perceptron_init: out of memory for %d "
                       "weights", inputs);
    for (int i = 0; i < inputs; i++)
        weights[i] = (scalar)(rng_uniform(rng) - 0.5);
    *p = (Perceptron){ inputs, weights, (scalar)(rng_uniform(rng) - 0.5) };
    return NN_OK;
}
void perceptron_free(Perceptron *p)
{
    if (p == NULL)
        return;
    free(p->weights);
    *p = (Perceptron){ 0, NULL, 0 };
}
int perceptron_predict(const Perceptron *p, const scalar *x)
{
    scalar z = p->bias;
    for (int i = 0; i < p->inputs; i++)
        z += p->weights[i] * x[i];
    return z > 0;
}
nn_status perceptron_epoch(Perceptron *p, const Matrix *x,
                           const Matrix *t, scalar rate, Rng *rng,
                           int *mistakes)
{
    if (p == NULL || p->weights == NULL || x == NULL || t == NULL
        || rng == NULL || mistakes == NULL)
        return nn_fail(NN_ERR_ARG, "perceptron_epoch: missing argument");
    if (x->rows < 1 || x->cols != p->inputs || t->rows != x->rows
        || t->cols != 1)
        return nn_fail(NN_ERR_SHAPE, "perceptron_epoch: inputs are %dx%d "
                       "and targets %dx%d; this perceptron wants Nx%d and "
                       "Nx1, N >= 1", x->rows, x->cols, t->rows, t->cols,
                       p->inputs);
    if (!(rate > 0))
        return nn_fail(NN_ERR_ARG, "perceptron_epoch: the rate is %g; it "
                       "must be positive", (double)rate);
    for (int i = 0; i < t->rows; i++)
        if (MAT(t, i, 0) != 0 && MAT(t, i, 0) != 1)
            return nn_fail(NN_ERR_ARG, "perceptron_epoch: the target of "
                           "example %d is %g; targets must be 0 or 1", i,
                           (double)MAT(t, i, 0));
    int *order = malloc((size_t)x->rows * sizeof *order);
    if (order == NULL)
        return nn_fail(NN_ERR_NOMEM, "perceptron_epoch: out of memory "
                       "for the order of %d examples", x->rows);
    rng_permutation(order, x->rows, rng);
    *mistakes = 0;
    for (int k = 0; k < x->rows; k++)
        {
            int i = order[k];
            const scalar *xi = &MAT(x, i, 0);
            int error = (int)MAT(t, i, 0) - perceptron_predict(p, xi);
            if (error != 0) {
                ++*mistakes;
                for (int j = 0; j < p->inputs; j++)
                    p->weights[j] += rate * (scalar)error * xi[j];
                p->bias += rate * (scalar)error;
            }
        }
    free(order);
    return NN_OK;
}
