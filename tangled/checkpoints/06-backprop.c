/* checkpoint-cflags: -DNN_SCALAR_DOUBLE */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "gradcheck.h"
#include "tap.h"

static void test_one_neuron(void)
{
    Network net = { 0 };
    LayerSpec spec = { 1, 1, ACT_SIGMOID };
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
        s = loss_value(LOSS_MSE, y, &t, &loss);
    if (s == NN_OK)
        s = loss_gradient(LOSS_MSE, y, &t, &g);
    if (s == NN_OK)
        s = network_backward(&net, &g);
    tap_ok(s == NN_OK, "one neuron: forward and backward run");
    if (s != NN_OK)
        tap_diag("error: %s", nn_error());
    else {
        const Layer *n0 = &net.layers[0];
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
        tap_near(n0->grad_input.data[0], 0.1150, 5e-5,
                 "one neuron: dL/dx = 0.1150");
    }
    network_free(&net);
}
typedef struct {
    int depth;                  /* layers: 1, 2 or 3 */
    Activation hidden, output;  /* hidden: every layer but the last */
    LossKind loss;
} Case;

static void describe(const Case *c, char *name, size_t size)
{
    if (c->depth == 1)
        snprintf(name, size, "1 layer, output %s, %s",
                 activation_name(c->output), loss_name(c->loss));
    else
        snprintf(name, size, "%d layers, hidden %s, output %s, %s",
                 c->depth, activation_name(c->hidden),
                 activation_name(c->output), loss_name(c->loss));
}
static void draw_numbers(const Case *c, Rng *rng, Network *net, Matrix *x,
                         Matrix *target)
{
    for (size_t i = 0; i < net->param_count; i++)
        net->params[i] = 0.5 * rng_normal(rng);
    for (size_t i = 0; i < matrix_size(x); i++)
        x->data[i] = rng_normal(rng);
    for (int r = 0; r < target->rows; r++) {
        int label = (int)rng_below(rng, (uint32_t)target->cols);
        for (int j = 0; j < target->cols; j++)
            MAT(target, r, j) = c->loss == LOSS_CROSS_ENTROPY
                                    ? (j == label) : rng_uniform(rng);
    }
}
#define KINK_MARGIN 1e-3

static bool layer_clear_of_kink(const Layer *layer)
{
    Matrix z;
    if (matrix_init(&z, layer->input.rows, layer->outputs) != NN_OK)
        return false;
    matrix_gemm(false, false, 1, &layer->input, &layer->weights, 0, &z);
    matrix_add_row(&z, &layer->bias);
    bool clear = true;
    for (int i = 0; i < z.rows; i++) {
        bool some_unit_on = false;
        for (int j = 0; j < z.cols; j++) {
            clear = clear && fabs(MAT(&z, i, j)) > KINK_MARGIN;
            some_unit_on = some_unit_on || MAT(&z, i, j) > 0;
        }
        clear = clear && (some_unit_on || layer->act != ACT_RELU);
    }
    matrix_free(&z);
    return clear;
}
static bool clear_of_kinks(Network *net, const Matrix *x)
{
    const Matrix *output;
    if (network_forward(net, x, &output) != NN_OK)
        return false;
    for (int l = 0; l < net->layer_count; l++) {
        const Layer *layer = &net->layers[l];
        bool kinked = layer->act == ACT_RELU
                      || layer->act == ACT_LEAKY_RELU;
        if (kinked && !layer_clear_of_kink(layer))
            return false;
    }
    return true;
}
static nn_status draw_case(const Case *c, Rng *rng, Network *net,
                           Matrix *x, Matrix *target)
{
    LayerSpec specs[3];
    int width = 2 + (int)rng_below(rng, 3);
    for (int l = 0; l < c->depth; l++) {
        bool last = l == c->depth - 1;
        specs[l] = (LayerSpec){ width, 2 + (int)rng_below(rng, last ? 3 : 4),
                                last ? c->output : c->hidden };
        width = specs[l].outputs;
    }
    int n = 2 + (int)rng_below(rng, 4);
    nn_status s = network_init(net, c->depth, specs, n);
    if (s == NN_OK)
        s = matrix_init(x, n, specs[0].inputs);
    if (s == NN_OK)
        s = matrix_init(target, n, width);
    for (int attempt = 0; s == NN_OK && attempt < 1000; attempt++) {
        draw_numbers(c, rng, net, x, target);
        if (clear_of_kinks(net, x))
            return NN_OK;
    }
    return s == NN_OK ? nn_fail(NN_ERR_ARG, "no draw in 1000 was clear of "
                                "the kinks") : s;
}
static bool all_zero(const Matrix *m)
{
    for (size_t i = 0; i < matrix_size(m); i++)
        if (m->data[i] != 0)
            return false;
    return true;
}

static bool every_layer_has_a_gradient(const Network *net)
{
    for (int l = 0; l < net->layer_count; l++)
        if (all_zero(&net->layers[l].grad_weights)
            || all_zero(&net->layers[l].grad_bias))
            return false;
    return true;
}
static void report_worst(nn_status s, const GradCheckWorst *w)
{
    if (s != NN_OK)
        tap_diag("error: %s", nn_error());
    else
        tap_diag("worst parameter: layer %d, %s, row %d, col %d: "
                 "analytic %.10g, numeric %.10g", w->layer, w->what,
                 w->row, w->col, w->analytic, w->numeric);
}
static void check_case(const Case *c, Rng *rng)
{
    char name[100];
    describe(c, name, sizeof name);
    Network net = { 0 };
    Matrix x = { 0, 0, NULL }, target = { 0, 0, NULL };
    GradCheckWorst worst = { .relative_error = -1 };
    nn_status s = draw_case(c, rng, &net, &x, &target);
    if (s == NN_OK)
        s = gradient_check(&net, &x, &target, c->loss, 1e-5, &worst);
    bool ok = s == NN_OK && worst.relative_error < 1e-6;
    tap_ok(ok, "%s: gradients match (worst relative error %.1e)", name,
           worst.relative_error);
    if (!ok)
        report_worst(s, &worst);
    tap_ok(s == NN_OK && every_layer_has_a_gradient(&net),
           "%s: no layer's gradient is all zeros", name);
    network_free(&net);
    matrix_free(&x);
    matrix_free(&target);
}
static void test_every_combination(void)
{
    Rng rng;
    rng_seed(&rng, 6, 1);
    for (int depth = 1; depth <= 3; depth++)
        for (int hid = ACT_IDENTITY; hid <= ACT_SOFTMAX; hid++)
            for (int loss = LOSS_MSE; loss <= LOSS_CROSS_ENTROPY; loss++)
                for (int out = ACT_IDENTITY; out <= ACT_SOFTMAX; out++) {
                    if ((depth == 1 && hid != ACT_IDENTITY)
                        || (loss == LOSS_CROSS_ENTROPY
                            && out != ACT_IDENTITY))
                        continue;
                    Case c = { depth, (Activation)hid, (Activation)out,
                               (LossKind)loss };
                    check_case(&c, &rng);
                }
}
static void test_choice_of_h(void)
{
    Rng rng;
    rng_seed(&rng, 6, 2);
    Case c = { 2, ACT_TANH, ACT_SIGMOID, LOSS_MSE };
    Network net = { 0 };
    Matrix x = { 0, 0, NULL }, target = { 0, 0, NULL };
    nn_status s = draw_case(&c, &rng, &net, &x, &target);
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
    LayerSpec specs[] = { { 3, 4, ACT_TANH }, { 4, 2, ACT_IDENTITY } };
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
    Case c = { 2, ACT_TANH, ACT_IDENTITY, LOSS_MSE };
    const Matrix *output = NULL;
    s = matrix_init(&x, 5, 3);
    if (s == NN_OK)
        s = matrix_init(&target, 5, 2);
    if (s == NN_OK)
        s = matrix_init(&grad, 5, 2);
    if (s == NN_OK)
        s = matrix_init(&copy, 1, (int)net.param_count);
    if (s == NN_OK) {
        draw_numbers(&c, &rng, &net, &x, &target);
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
        s = gradient_check(&net, &x, &target, LOSS_MSE, 1e-5, &worst);
    tap_ok(s == NN_OK && memcmp(copy.data, net.params, bytes) == 0,
           "gradient_check leaves every parameter as it was");
    s = gradient_check(&net, &x, &target, LOSS_MSE, 0, &worst);
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
