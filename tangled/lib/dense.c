/* lib/dense.c: the dense layer. */
#include <math.h>
#include <stdlib.h>
#include "dense.h"

static nn_status dense_check(const LayerSpec *spec, int *outputs)
{
    if (spec->outputs < 1)
        return nn_fail(NN_ERR_ARG, "a dense layer needs at least one "
                       "output, not %d", spec->outputs);
    *outputs = spec->outputs;
    return NN_OK;
}
static nn_status dense_setup(Layer *layer, int capacity)
{
    nn_status status = layer_new_state(layer, sizeof(DenseLayer));
    DenseLayer *d = layer->state;
    if (status != NN_OK)
        return status;
    d->weights = d->grad_weights = matrix_view(layer->inputs,
                                               layer->outputs, NULL);
    d->bias = d->grad_bias = matrix_view(1, layer->outputs, NULL);
    return matrix_init(&d->delta, capacity, layer->outputs);
}

static size_t dense_param_count(const LayerSpec *spec)
{
    return ((size_t)spec->inputs + 1) * (size_t)spec->outputs;
}

static int dense_parameters(Layer *layer, LayerParameter *list)
{
    DenseLayer *d = layer->state;
    list[0] = (LayerParameter){ "weights", &d->weights, &d->grad_weights };
    list[1] = (LayerParameter){ "bias", &d->bias, &d->grad_bias };
    return 2;
}
static void dense_free(Layer *layer)
{
    matrix_free(&dense_state(layer)->delta);
}
/* X: n x inputs  ->  output: n x outputs = f(X W + b) */
static nn_status dense_forward(Layer *layer, const Matrix *x,
                               Rng *training)
{
    (void)training;
    DenseLayer *d = layer->state;
    Matrix *y = &layer->output;
    d->delta.rows = x->rows;
    nn_status status = matrix_gemm(false, false, 1, x, &d->weights, 0, y);
    if (status == NN_OK)
        status = matrix_add_row(y, &d->bias);
    if (status == NN_OK)
        status = activation_forward(layer->spec.act, y);
    return status;
}
static void dense_initialize(Layer *layer, InitScheme scheme,
                             scalar scale, Rng *rng)
{
    DenseLayer *d = layer->state;
    double fan_in = d->weights.rows, fan_out = d->weights.cols;
    size_t count = matrix_size(&d->weights);
    for (size_t k = 0; k < count; k++)
        d->weights.data[k] = (scalar)init_scheme_draw(scheme, scale, fan_in,
                                                      fan_out, rng);
    matrix_fill(&d->bias, 0);
}
/* grad_output: n x outputs, dL/dY for the batch of the last forward pass.
   Writes delta (n x outputs, dL/dZ), grad_weights (inputs x outputs),
   grad_bias (1 x outputs) and, if pass_down, grad_input (n x inputs,
   dL/dX). */
static nn_status dense_backward(Layer *layer, const Matrix *grad_output,
                                bool pass_down)
{
    DenseLayer *d = layer->state;
    nn_status status = matrix_copy(&d->delta, grad_output);
    if (status == NN_OK)
        status = activation_backward(layer->spec.act, &layer->output,
                                     &d->delta);
    if (status == NN_OK)
        status = matrix_gemm(true, false, 1, &layer->input, &d->delta, 0,
                             &d->grad_weights);
    if (status == NN_OK)
        status = matrix_sum_rows(&d->grad_bias, &d->delta);
    if (status == NN_OK && pass_down)
        status = matrix_gemm(false, true, 1, &d->delta, &d->weights, 0,
                             &layer->grad_input);
    return status;
}
static bool dense_clear_of_kinks(const Layer *layer, double margin)
{
    const DenseLayer *d = layer->state;
    Activation act = layer->spec.act;
    if (act != ACT_RELU && act != ACT_LEAKY_RELU)
        return true;
    Matrix z;
    if (matrix_init(&z, layer->input.rows, layer->outputs) != NN_OK)
        return false;
    matrix_gemm(false, false, 1, &layer->input, &d->weights, 0, &z);
    matrix_add_row(&z, &d->bias);
    bool clear = true;
    for (int i = 0; i < z.rows; i++) {
        bool some_unit_on = false;
        for (int j = 0; j < z.cols; j++) {
            clear = clear && fabs(MAT(&z, i, j)) > margin;
            some_unit_on = some_unit_on || MAT(&z, i, j) > 0;
        }
        clear = clear && (some_unit_on || act != ACT_RELU);
    }
    matrix_free(&z);
    return clear;
}
static int dense_fields(const LayerSpec *spec, double *fields)
{
    fields[0] = (double)spec->act;
    return 1;
}

static nn_status dense_set_fields(LayerSpec *spec, const double *fields,
                                  int count)
{
    if (count != 1)
        return nn_fail(NN_ERR_FORMAT, "has %d fields; a dense layer has 1",
                       count);
    if (!(fields[0] >= ACT_IDENTITY && fields[0] <= ACT_SOFTMAX)
        || fields[0] != (int)fields[0])
        return nn_fail(NN_ERR_FORMAT, "has activation %g, not one of 0 to "
                       "%d", fields[0], (int)ACT_SOFTMAX);
    spec->act = (Activation)(int)fields[0];
    return NN_OK;
}
const LayerKind dense_kind = {
    .name = "dense",
    .check = dense_check,
    .setup = dense_setup,
    .param_count = dense_param_count,
    .parameters = dense_parameters,
    .initialize = dense_initialize,
    .forward = dense_forward,
    .free = dense_free,
    .backward = dense_backward,
    .clear_of_kinks = dense_clear_of_kinks,
    .fields = dense_fields,
    .set_fields = dense_set_fields,
};

DenseLayer *dense_state(const Layer *layer)
{
    return layer != NULL && layer->kind == &dense_kind ? layer->state
                                                       : NULL;
}
