/* checkpoint-cflags: -DNN_SCALAR_DOUBLE */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "dense.h"
#include "gradcheck.h"
#include "tap.h"

static void test_one_neuron(void)
{
    Network net = { 0 };
    LayerSpec spec = LAYER_DENSE(1, 1, ACT_SIGMOID);
    scalar xs[] = { 1.5 }, ts[] = { 0 }, gs[1], loss = 0;
    Matrix x = matrix_view(1, 1, xs), t = matrix_view(1, 1, ts);
    Matrix g = matrix_view(1, 1, gs);
    const Matrix *y = NULL;
    nn_status s = network_init(&net, 1, &spec, 1);
    if (s == NN_OK) {
        net.params[0] = 0.8;    /* w */
        net.params[1] = -0.2;   /* b */
        net.input_gradient = true;   /* the table has dL/dx */
        s = network_forward(&net, &x, &y);
    }
    if (s == NN_OK)
        s = head_loss(&head_mse, y, &t, &loss);
    if (s == NN_OK)
        s = head_gradient(&head_mse, y, &t, &g);
    if (s == NN_OK)
        s = network_backward(&net, &g);
    tap_ok(s == NN_OK, "one neuron: forward and backward run");
    if (s != NN_OK)
        tap_diag("error: %s", nn_error());
    else {
        const DenseLayer *n0 = dense_state(&net.layers[0]);
        tap_near(y->data[0], 0.7311, 5e-5, "one neuron: y = 0.7311");
        tap_near(loss, 0.2672, 5e-5, "one neuron: L = 0.2672");
        tap_near(gs[0], 0.7311, 5e-5, "one neuron: dL/dy = 0.7311");
        tap_near(n0->delta.data[0] / gs[0], 0.1966, 5e-5,
                 "one neuron: dy/dz = 0.1966");
        tap_near(n0->delta.data[0], 0.1437, 5e-5,
                 "one neuron: dL/dz = 0.1437");
        tap_near(n0->grad_weights.data[0], 0.2156, 5e-5,
                 "one neuron: dL/dw = 0.2156");
        tap_near(n0->grad_bias.data[0], 0.1437, 5e-5,
                 "one neuron: dL/db = 0.1437");
        tap_near(net.layers[0].grad_input.data[0], 0.1150, 5e-5,
                 "one neuron: dL/dx = 0.1150");
    }
    network_free(&net);
}
static void report_case(void *context, const char *name, nn_status s,
                        const GradCheckWorst *w, bool has_gradient)
{
    (void)context;
    bool ok = s == NN_OK && w->relative_error < 1e-6;
    tap_ok(ok, "%s: gradients match (worst relative error %.1e)", name,
           w->relative_error);
    if (s != NN_OK)
        tap_diag("error: %s", nn_error());
    else if (!ok)
        tap_diag("worst parameter: layer %d, %s, row %d, col %d: "
                 "analytic %.10g, numeric %.10g", w->layer, w->what,
                 w->row, w->col, w->analytic, w->numeric);
    tap_ok(s == NN_OK && has_gradient,
           "%s: no layer's gradient is all zeros", name);
}

static void test_every_combination(void)
{
    Rng rng;
    rng_seed(&rng, 6, 1);
    gradient_sweep(&rng, 1e-5, report_case, NULL);
}
static void test_choice_of_h(void)
{
    Rng rng;
    rng_seed(&rng, 6, 2);
    GradCheckCase c = { &dense_kind, 2, ACT_TANH, ACT_SIGMOID, &head_mse };
    Network net = { 0 };
    Matrix x = { 0, 0, NULL }, target = { 0, 0, NULL };
    nn_status s = gradcheck_draw(&c, &rng, NULL, &net, &x, &target);
    double error[12] = { 0 };   /* error[e]: the error for h = 10^-e */
    for (int e = 1; e <= 11 && s == NN_OK; e += 2) {
        GradCheckWorst worst;
        s = gradient_check(&net, &x, &target, c.loss, pow(10, -e), &worst);
        error[e] = worst.relative_error;
        tap_diag("h = 1e-%02d: worst relative error %.2e", e, error[e]);
    }
    bool smallest = s == NN_OK;
    for (int e = 1; e <= 11; e += 2)
        smallest = smallest && error[5] <= error[e];
    tap_ok(smallest, "h = 1e-5 gives the smallest error");
    network_free(&net);
    matrix_free(&x);
    matrix_free(&target);
}
static void test_backward_contract(void)
{
    LayerSpec specs[] = { LAYER_DENSE(3, 4, ACT_TANH),
                          LAYER_DENSE(4, 2, ACT_IDENTITY) };
    Network net = { 0 };
    Matrix x = { 0, 0, NULL }, target = { 0, 0, NULL };
    Matrix grad = { 0, 0, NULL }, copy = { 0, 0, NULL };
    nn_status s = network_init(&net, 2, specs, 5);
    if (s == NN_OK)
        s = network_backward(&net, &grad);
    tap_ok(s == NN_ERR_ARG, "backward before forward is refused: %s",
           nn_error());
    Rng rng;
    rng_seed(&rng, 6, 3);
    const Matrix *output = NULL;
    s = matrix_init(&x, 5, 3);
    if (s == NN_OK)
        s = matrix_init(&target, 5, 2);
    if (s == NN_OK)
        s = matrix_init(&grad, 5, 2);
    if (s == NN_OK)
        s = matrix_init(&copy, 1, (int)net.param_count);
    if (s == NN_OK) {
        for (size_t i = 0; i < net.param_count; i++)
            net.params[i] = 0.5 * rng_normal(&rng);
        for (size_t i = 0; i < matrix_size(&x); i++)
            x.data[i] = rng_normal(&rng);
        for (size_t i = 0; i < matrix_size(&target); i++)
            target.data[i] = rng_uniform(&rng);
        for (size_t i = 0; i < matrix_size(&grad); i++)
            grad.data[i] = rng_normal(&rng);
        s = network_forward(&net, &x, &output);
    }
    tap_ok(s == NN_OK, "forward on a batch of five");
    s = network_backward(&net, &x);
    tap_ok(s == NN_ERR_SHAPE && strstr(nn_error(), "5x3") != NULL
           && strstr(nn_error(), "5x2") != NULL,
           "backward refuses a 5x3 gradient for a 5x2 output: %s", nn_error());
    Matrix four_rows = matrix_view(4, 2, grad.data);
    s = network_backward(&net, &four_rows);
    tap_ok(s == NN_ERR_SHAPE, "backward refuses a gradient of 4 rows for a "
           "batch of 5: %s", nn_error());
    Matrix grads = matrix_view(1, (int)net.param_count, net.grads);
    Matrix params = matrix_view(1, (int)net.param_count, net.params);
    size_t bytes = net.param_count * sizeof(scalar);
    s = network_backward(&net, &grad);
    if (s == NN_OK && matrix_copy(&copy, &grads) == NN_OK)
        s = network_backward(&net, &grad);
    tap_ok(s == NN_OK && memcmp(copy.data, net.grads, bytes) == 0,
           "backward twice gives the same gradients, not twice them");
    GradCheckWorst worst;
    if (matrix_copy(&copy, &params) == NN_OK)
        s = gradient_check(&net, &x, &target, &head_mse, 1e-5, &worst);
    tap_ok(s == NN_OK && memcmp(copy.data, net.params, bytes) == 0,
           "gradient_check leaves every parameter as it was");
    s = gradient_check(&net, &x, &target, &head_mse, 0, &worst);
    tap_ok(s == NN_ERR_ARG, "gradient_check refuses h = 0: %s", nn_error());
    Matrix *dx = &net.layers[0].grad_input;
    net.input_gradient = true;
    s = network_backward(&net, &grad);
    bool computed = s == NN_OK && !isnan(dx->data[0]);
    if (s == NN_OK)
        s = matrix_copy(&copy, &grads);
    matrix_fill(dx, NAN);
    net.input_gradient = false;
    if (s == NN_OK)
        s = network_backward(&net, &grad);
    tap_ok(s == NN_OK && computed && isnan(dx->data[0])
           && isnan(dx->data[matrix_size(dx) - 1])
           && memcmp(copy.data, net.grads, bytes) == 0,
           "the first layer's dL/dX is computed only on request, and the "
           "parameter gradients are the same either way");
    network_free(&net);
    matrix_free(&x);
    matrix_free(&target);
    matrix_free(&grad);
    matrix_free(&copy);
}

int main(void)
{
    tap_ok(sizeof(scalar) == sizeof(double),
           "the checkpoint is built with double scalars");
    test_one_neuron();
    test_every_combination();
    test_choice_of_h();
    test_backward_contract();
    return tap_done();
}
