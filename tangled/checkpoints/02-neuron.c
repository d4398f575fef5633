#include <stdio.h>
#include <string.h>
#include "neuron.h"
#include "tap.h"

static scalar two_inputs[4 * 2] = { 0, 0, 0, 1, 1, 0, 1, 1 };
static scalar and_targets[4] = { 0, 0, 0, 1 };
static scalar or_targets[4] = { 0, 1, 1, 1 };
static scalar xor_targets[4] = { 0, 1, 1, 0 };
static scalar one_input[2] = { 0, 1 };
static scalar not_targets[2] = { 1, 0 };
static int count_correct(const Perceptron *p, const Matrix *x,
                         const Matrix *t)
{
    int correct = 0;
    for (int i = 0; i < x->rows; i++)
        correct += perceptron_predict(p, &MAT(x, i, 0)) == MAT(t, i, 0);
    return correct;
}
static int train_until_perfect(Perceptron *p, const Matrix *x,
                               const Matrix *t, Rng *rng, int max_epochs)
{
    for (int epoch = 1; epoch <= max_epochs; epoch++) {
        int mistakes;
        if (perceptron_epoch(p, x, t, (scalar)0.1, rng, &mistakes)
            != NN_OK) {
            tap_diag("%s", nn_error());
            return -1;
        }
        if (mistakes == 0)
            return epoch;
    }
    return 0;
}
static void learns(const char *name, Matrix x, Matrix t, Rng *rng)
{
    Perceptron p;
    int epochs = -1;
    if (perceptron_init(&p, x.cols, rng) == NN_OK)
        epochs = train_until_perfect(&p, &x, &t, rng, 100);
    tap_ok(epochs > 0, "learns %s: an epoch without mistakes", name);
    tap_ok(count_correct(&p, &x, &t) == x.rows,
           "the learned %s is right on all %d inputs", name, x.rows);
    printf("# %s after %d epochs: b = %.3f, w =", name, epochs,
           (double)p.bias);
    for (int i = 0; i < p.inputs; i++)
        printf(" %.3f", (double)p.weights[i]);
    printf("\n");
    perceptron_free(&p);
}

int main(void)
{
    Matrix x2 = matrix_view(4, 2, two_inputs);
    Matrix and_t = matrix_view(4, 1, and_targets);
    scalar and_w[2] = { 1, 1 };
    Perceptron by_hand = { 2, and_w, (scalar)-1.5 };
    tap_ok(count_correct(&by_hand, &x2, &and_t) == 4,
           "w = (1, 1), b = -1.5 computes AND");
    by_hand.bias = -1;
    tap_ok(perceptron_predict(&by_hand, &two_inputs[2]) == 0,
           "a point on the line (z = 0) gets 0");
    Matrix one_x = matrix_view(1, 2, &two_inputs[6]);
    scalar target[1] = { 1 }, w[2] = { 0, 0 };
    Matrix one_t = matrix_view(1, 1, target);
    Perceptron step = { 2, w, 0 };
    Rng rng;
    rng_seed(&rng, 1958, 2);
    int mistakes = -1;
    perceptron_epoch(&step, &one_x, &one_t, (scalar)0.25, &rng, &mistakes);
    tap_ok(mistakes == 1 && w[0] == 0.25 && w[1] == 0.25 && step.bias == 0.25,
           "a mistake on target 1 adds rate * x and rate");
    perceptron_epoch(&step, &one_x, &one_t, (scalar)0.25, &rng, &mistakes);
    tap_ok(mistakes == 0 && w[0] == 0.25 && w[1] == 0.25 && step.bias == 0.25,
           "a right answer changes nothing");
    target[0] = 0;
    w[0] = w[1] = 1;
    step.bias = 0;
    perceptron_epoch(&step, &one_x, &one_t, (scalar)0.25, &rng, &mistakes);
    tap_ok(mistakes == 1 && w[0] == 0.75 && w[1] == 0.75 && step.bias == -0.25,
           "a mistake on target 0 subtracts rate * x and rate");
    tap_ok(perceptron_predict(&step, &two_inputs[6]) == 1,
           "one step does not always fix the mistake");
    rng_seed(&rng, 1958, 2);
    learns("AND", x2, and_t, &rng);
    learns("OR", x2, matrix_view(4, 1, or_targets), &rng);
    learns("NOT", matrix_view(2, 1, one_input), matrix_view(2, 1, not_targets),
           &rng);
    Matrix xor_t = matrix_view(4, 1, xor_targets);
    Perceptron p;
    int epochs = -1;
    if (perceptron_init(&p, 2, &rng) == NN_OK)
        epochs = train_until_perfect(&p, &x2, &xor_t, &rng, 1000);
    tap_ok(epochs == 0, "XOR: every one of 1000 epochs makes a mistake");
    int correct = count_correct(&p, &x2, &xor_t);
    tap_ok(correct < 4, "XOR: right on %d of 4 inputs at the end", correct);
    perceptron_free(&p);
    rng_seed(&rng, 1958, 2);
    int counts[6] = { 0 }, valid = 0;
    const int shuffles = 60000;
    for (int s = 0; s < shuffles; s++) {
        int order[3];
        rng_permutation(order, 3, &rng);
        unsigned seen = 0;
        for (int k = 0; k < 3; k++)
            seen |= order[k] >= 0 && order[k] < 3 ? 1u << order[k] : 8u;
        if (seen == 7) {
            valid++;
            counts[2 * order[0] + (order[1] > order[2])]++;
        }
    }
    tap_ok(valid == shuffles, "every shuffle of 3 is an order of 0, 1, 2");
    double chi2 = 0, expected = shuffles / 6.0;
    for (int v = 0; v < 6; v++)
        chi2 += (counts[v] - expected) * (counts[v] - expected) / expected;
    tap_ok(chi2 < 20.52, "all 6 orders are equally likely (chi-square %.2f)",
           chi2);
    nn_status status = perceptron_init(&p, 0, &rng);
    tap_ok(status == NN_ERR_ARG && p.weights == NULL
           && strstr(nn_error(), "perceptron_init") != NULL,
           "init refuses 0 inputs: %s", nn_error());
    perceptron_init(&p, 1, &rng);
    status = perceptron_epoch(&p, &x2, &xor_t, 1, &rng, &mistakes);
    tap_ok(status == NN_ERR_SHAPE, "epoch refuses 2 inputs for 1: %s",
           nn_error());
    Matrix x1 = matrix_view(2, 1, one_input);
    status = perceptron_epoch(&p, &x1, &x1, 0, &rng, &mistakes);
    tap_ok(status == NN_ERR_ARG, "epoch refuses a rate of 0: %s", nn_error());
    scalar two[2] = { 0, 2 };
    Matrix bad_t = matrix_view(2, 1, two);
    status = perceptron_epoch(&p, &x1, &bad_t, 1, &rng, &mistakes);
    tap_ok(status == NN_ERR_ARG, "epoch refuses a target of 2: %s",
           nn_error());
    perceptron_free(&p);
    perceptron_free(&p);
    tap_ok(p.weights == NULL, "freeing twice is harmless");
    return tap_done();
}
