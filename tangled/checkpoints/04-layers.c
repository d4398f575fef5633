/* Checkpoint 4: layers, networks and initialization. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dense.h"
#include "network.h"
#include "tap.h"

static void setup(nn_status status)
{
    if (status != NN_OK) {
        printf("Bail out! %s\n", nn_error());
        exit(1);
    }
}
static scalar xor_inputs[] = { 0, 0, 0, 1, 1, 0, 1, 1 };
static const scalar xor_truth[] = { 0, 1, 1, 0 };

/* a network of the given specs with the parameters set by hand */
static void build(Network *net, int layers, const LayerSpec *specs,
                  const scalar *params, int capacity)
{
    setup(network_init(net, layers, specs, capacity));
    memcpy(net->params, params, net->param_count * sizeof(scalar));
}
static bool says(const char *text)
{
    return strstr(nn_error(), text) != NULL;
}
static void weight_moments(const Matrix *w, double *mean, double *variance)
{
    double sum = 0, sum_squares = 0;
    size_t n = matrix_size(w);
    for (size_t k = 0; k < n; k++) {
        sum += w->data[k];
        sum_squares += (double)w->data[k] * w->data[k];
    }
    *mean = sum / n;
    *variance = sum_squares / n - *mean * *mean;
}
static void check_scheme(Network *net, InitScheme scheme, double scale,
                         double want_variance, double bound, Rng *rng)
{
    const DenseLayer *layer = dense_state(&net->layers[0]);
    for (size_t k = 0; k < net->param_count; k++)
        net->params[k] = 1;
    network_initialize(net, scheme, (scalar)scale, rng);
    double mean, variance, n = (double)matrix_size(&layer->weights);
    weight_moments(&layer->weights, &mean, &variance);
    const char *name = init_scheme_name(scheme);
    double sd = sqrt(want_variance), mu4 = bound > 0 ? pow(bound, 4) / 5
                                                     : 3 * pow(sd, 4);
    tap_near(mean, 0, 5 * sd / sqrt(n), "%s: the weights have mean 0", name);
    tap_near(variance, want_variance, 5 * sqrt((mu4 - pow(sd, 4)) / n),
             "%s: the weights have variance %.6g", name, want_variance);
    bool inside = true, zero_bias = true;
    for (size_t k = 0; bound > 0 && k < matrix_size(&layer->weights); k++)
        inside = inside && fabs(layer->weights.data[k]) <= bound;
    for (int j = 0; j < layer->bias.cols; j++)
        zero_bias = zero_bias && layer->bias.data[j] == 0;
    tap_ok(inside && zero_bias, "%s: weights in range, biases zero", name);
}
static double mean_square(const Matrix *m)
{
    double sum = 0;
    for (size_t k = 0; k < matrix_size(m); k++)
        sum += (double)m->data[k] * m->data[k];
    return sum / matrix_size(m);
}
static void test_xor_by_hand(void)
{
    const LayerSpec specs[] = { LAYER_DENSE(2, 2, ACT_SIGMOID),
                                LAYER_DENSE(2, 1, ACT_SIGMOID) };
    const scalar params[] = { 20, 20, 20, 20, -10, -30,   20, -20, -10 };
    Network net;
    build(&net, 2, specs, params, 4);
    Matrix x = matrix_view(4, 2, xor_inputs);
    const Matrix *y;
    setup(network_forward(&net, &x, &y));
    for (int i = 0; i < 4; i++) {
        tap_diag("XOR(%g, %g): network gives %.6f", (double)xor_inputs[2 * i],
                 (double)xor_inputs[2 * i + 1], (double)MAT(y, i, 0));
        tap_ok((MAT(y, i, 0) > 0.5) == (xor_truth[i] == 1)
               && fabs(MAT(y, i, 0) - xor_truth[i]) < 1e-4,
               "the sigmoid network computes XOR of example %d", i);
    }
    network_free(&net);
}
static void test_xor_with_relu(void)
{
    const LayerSpec specs[] = { LAYER_DENSE(2, 2, ACT_RELU),
                                LAYER_DENSE(2, 1, ACT_IDENTITY) };
    const scalar params[] = { 1, 1, 1, 1, 0, -1,   1, -2, 0 };
    Network net;
    build(&net, 2, specs, params, 4);
    Matrix x = matrix_view(4, 2, xor_inputs);
    const Matrix *y;
    setup(network_forward(&net, &x, &y));
    bool exact = y->rows == 4 && y->cols == 1;
    for (int i = 0; i < 4; i++)
        exact = exact && MAT(y, i, 0) == xor_truth[i];
    tap_ok(exact, "the ReLU network computes XOR exactly");
    network_free(&net);
}
static void test_refusals(void)
{
    Network net;
    const LayerSpec bad[] = { LAYER_DENSE(2, 3, ACT_RELU),
                              LAYER_DENSE(4, 1, ACT_IDENTITY) };
    nn_status s = network_init(&net, 2, bad, 8);
    tap_ok(s == NN_ERR_SHAPE && says("layer 0 gives 3") && says("layer 1")
           && net.layers == NULL && net.params == NULL,
           "init refuses layers that do not fit: %s", nn_error());
    network_free(&net);
    const LayerSpec empty[] = { LAYER_DENSE(2, 0, ACT_RELU) };
    s = network_init(&net, 1, empty, 8);
    tap_ok(s == NN_ERR_ARG && says("layer 0"),
           "init refuses a layer without outputs: %s", nn_error());
    s = network_init(&net, 1, bad, 0);
    tap_ok(s == NN_ERR_ARG, "init refuses capacity 0: %s", nn_error());
    s = network_init(&net, 0, bad, 8);
    tap_ok(s == NN_ERR_ARG, "init refuses zero layers: %s", nn_error());
    const LayerSpec good[] = { LAYER_DENSE(2, 3, ACT_RELU),
                               LAYER_DENSE(3, 1, ACT_IDENTITY) };
    setup(network_init(&net, 2, good, 4));
    scalar data[5 * 3] = { 0 };
    const Matrix *y = NULL;
    Matrix five = matrix_view(5, 2, data), four = matrix_view(4, 2, data);
    s = network_forward(&net, &five, &y);
    tap_ok(s == NN_ERR_SHAPE && says("5x2") && says("4") && y == NULL,
           "forward refuses a batch above the capacity: %s", nn_error());
    Matrix none = matrix_view(0, 2, data), wide = matrix_view(4, 3, data);
    tap_ok(network_forward(&net, &none, &y) == NN_ERR_SHAPE,
           "forward refuses an empty batch: %s", nn_error());
    tap_ok(network_forward(&net, &wide, &y) == NN_ERR_SHAPE && says("4x3"),
           "forward refuses 3 columns for 2 inputs: %s", nn_error());
    tap_ok(network_forward(&net, &four, &y) == NN_OK && y->rows == 4,
           "forward takes a batch of exactly the capacity");
    network_free(&net);
    network_free(&net);
    tap_ok(net.layers == NULL, "freeing a network twice is harmless");
}
static void test_batch_equals_single(void)
{
    const LayerSpec specs[] = { LAYER_DENSE(3, 5, ACT_TANH),
                                LAYER_DENSE(5, 4, ACT_RELU),
                                LAYER_DENSE(4, 3, ACT_SOFTMAX) };
    Network net;
    Rng rng;
    rng_seed(&rng, 2024, 4);
    setup(network_init(&net, 3, specs, 7));
    network_initialize(&net, INIT_HE, 0, &rng);
    scalar xs[7 * 3], batch_out[7 * 3];
    for (int k = 0; k < 7 * 3; k++)
        xs[k] = (scalar)rng_normal(&rng);
    Matrix x = matrix_view(7, 3, xs);
    const Matrix *y;
    setup(network_forward(&net, &x, &y));
    memcpy(batch_out, y->data, sizeof batch_out);
    double worst = 0;
    for (int i = 0; i < 7; i++) {
        Matrix one = matrix_view(1, 3, &MAT(&x, i, 0));
        setup(network_forward(&net, &one, &y));
        for (int j = 0; j < 3; j++)
            worst = fmax(worst, fabs(MAT(y, 0, j) - batch_out[3 * i + j]));
    }
    tap_ok(worst <= 1e-6, "a batch of 7 gives what its examples give one at "
           "a time (largest difference %g)", worst);
    network_free(&net);
}
static void test_one_buffer(void)
{
    const LayerSpec specs[] = { LAYER_DENSE(3, 4, ACT_TANH),
                                LAYER_DENSE(4, 2, ACT_IDENTITY) };
    Network net;
    setup(network_init(&net, 2, specs, 2));
    Layer *n0 = &net.layers[0], *n1 = &net.layers[1];
    DenseLayer *l0 = dense_state(n0), *l1 = dense_state(n1);
    tap_ok(net.param_count == 26 && n0->param_offset == 0
           && n0->param_count == 16 && n1->param_offset == 16
           && n1->param_count == 10, "the network has 16 + 10 parameters");
    tap_ok(l0->weights.data == net.params && l0->bias.data == net.params + 12
           && l1->weights.data == net.params + 16
           && l1->bias.data == net.params + 24,
           "weights and biases are views into params, in order");
    tap_ok(l0->grad_weights.data == net.grads
           && l1->grad_bias.data == net.grads + 24
           && l1->grad_weights.rows == 4 && l1->grad_weights.cols == 2,
           "gradients are views into grads, in the same layout");
    net.params[19] = 7;
    tap_ok(MAT(&l1->weights, 1, 1) == 7, "params[19] is layer 1's W[1][1]");
    for (size_t k = 0; k < net.param_count; k++)
        net.params[k] = 0;
    net.params[24] = 3;
    net.params[25] = -5;
    scalar xs[2 * 3] = { 1, 2, 3, 4, 5, 6 };
    Matrix x = matrix_view(2, 3, xs);
    const Matrix *y;
    setup(network_forward(&net, &x, &y));
    tap_ok(MAT(y, 0, 0) == 3 && MAT(y, 0, 1) == -5 && MAT(y, 1, 0) == 3
           && MAT(y, 1, 1) == -5, "forward uses what was written into params");
    network_free(&net);
}
static void test_initialization_statistics(void)
{
    const LayerSpec specs[] = { LAYER_DENSE(400, 300, ACT_RELU) };
    Network net;
    Rng rng;
    rng_seed(&rng, 2024, 40);
    setup(network_init(&net, 1, specs, 1));
    check_scheme(&net, INIT_HE, 0, 2.0 / 400, 0, &rng);
    check_scheme(&net, INIT_XAVIER, 0, 2.0 / 700, sqrt(6.0 / 700), &rng);
    check_scheme(&net, INIT_UNIFORM, 0.1, 0.01 / 3, 0.1, &rng);
    check_scheme(&net, INIT_NORMAL, 0.1, 0.01, 0, &rng);
    Network twin;
    setup(network_init(&twin, 1, specs, 1));
    rng_seed(&rng, 7, 4);
    network_initialize(&net, INIT_HE, 0, &rng);
    rng_seed(&rng, 7, 4);
    network_initialize(&twin, INIT_HE, 0, &rng);
    tap_ok(memcmp(net.params, twin.params,
                  net.param_count * sizeof(scalar)) == 0,
           "the same seed gives the same weights");
    network_free(&twin);
    network_free(&net);
}
static void test_depth(void)
{
    enum { DEPTH = 10, WIDTH = 256, BATCH = 64 };
    LayerSpec specs[DEPTH];
    for (int l = 0; l < DEPTH; l++)
        specs[l] = (LayerSpec)LAYER_DENSE(WIDTH, WIDTH, ACT_RELU);
    Network net;
    Matrix x;
    Rng rng;
    rng_seed(&rng, 2024, 41);
    setup(network_init(&net, DEPTH, specs, BATCH));
    setup(matrix_init(&x, BATCH, WIDTH));
    for (size_t k = 0; k < matrix_size(&x); k++)
        x.data[k] = (scalar)rng_normal(&rng);
    const Matrix *y;
    double in = mean_square(&x), out[3];
    const InitScheme schemes[3] = { INIT_HE, INIT_NORMAL, INIT_NORMAL };
    const double scales[3] = { 0, 0.01, 1 };
    const char *labels[3] = { "he", "normal 0.01", "normal 1" };
    for (int s = 0; s < 3; s++) {
        network_initialize(&net, schemes[s], (scalar)scales[s], &rng);
        setup(network_forward(&net, &x, &y));
        out[s] = mean_square(y);
        tap_diag("%s: mean square %.3g in, %.3g after %d layers", labels[s],
                 in, out[s], DEPTH);
    }
    tap_ok(out[0] > in / 4 && out[0] < in * 4, "he keeps the scale");
    tap_ok(out[1] < in * 1e-10, "normal 0.01 makes the signal vanish");
    tap_ok(out[2] > in * 1e10, "normal 1 makes the signal explode");
    matrix_free(&x);
    network_free(&net);
}
static void test_scheme_names(void)
{
    bool round_trip = true;
    for (int s = INIT_UNIFORM; s <= INIT_HE; s++) {
        InitScheme back = INIT_UNIFORM;
        round_trip = round_trip && init_scheme_from_name(
                         init_scheme_name((InitScheme)s), &back) == NN_OK
                     && back == (InitScheme)s;
    }
    tap_ok(round_trip, "every scheme's name gives the scheme back");
    InitScheme scheme;
    tap_ok(init_scheme_from_name("glorot", &scheme) == NN_ERR_ARG
           && says("glorot") && says("xavier"),
           "an unknown scheme is refused, naming the choices: %s",
           nn_error());
    tap_ok(init_scheme_from_name(NULL, &scheme) == NN_ERR_ARG,
           "no name at all is refused too: %s", nn_error());
}
static void test_layer_table(void)
{
    bool found = layer_kind_count() >= 1;
    for (int i = 0; i < layer_kind_count(); i++) {
        const LayerKind *kind = NULL;
        found = found && layer_kind_find(layer_kind_at(i)->name, &kind)
                             == NN_OK && kind == layer_kind_at(i);
    }
    tap_ok(found, "every row of the layer table is found by its name");
    const LayerKind *kind = NULL;
    tap_ok(layer_kind_find(NULL, &kind) == NN_OK && kind == &dense_kind
           && layer_kind_at(layer_kind_count()) == NULL,
           "no name is the dense layer; past the last row there is none");
    const LayerSpec specs[] = {
        LAYER_DENSE(2, 3, ACT_RELU),
        { .inputs = 3, .outputs = 3, .act = ACT_RELU, .kind = "convolution" }
    };
    Network net;
    tap_ok(network_init(&net, 2, specs, 4) == NN_ERR_ARG && says("layer 1")
           && says("convolution") && says("dense") && net.layers == NULL,
           "an unknown kind is refused, naming the kinds: %s", nn_error());
}

int main(void)
{
    test_xor_by_hand();
    test_xor_with_relu();
    test_refusals();
    test_batch_equals_single();
    test_one_buffer();
    test_initialization_statistics();
    test_depth();
    test_scheme_names();
    test_layer_table();
    return tap_done();
}
