/* lib/dropout.c: the dropout layer. */
#include <stdlib.h>
#include "dropout.h"

static nn_status dropout_check(const LayerSpec *spec, int *outputs)
{
    if (!(spec->rate >= 0 && spec->rate < 1))
        return nn_fail(NN_ERR_ARG, "dropout's rate is %g; it must be at "
                       "least 0 and below 1", (double)spec->rate);
    return layer_check_same_width(spec, "a dropout layer", outputs);
}
static nn_status dropout_setup(Layer *layer, int capacity)
{
    nn_status status = layer_new_state(layer, sizeof(DropoutLayer));
    DropoutLayer *d = layer->state;
    return status != NN_OK ? status
                           : matrix_init(&d->mask, capacity, layer->outputs);
}

static void dropout_free(Layer *layer)
{
    DropoutLayer *d = layer->state;
    matrix_free(&d->mask);
}
/* X: n x inputs  ->  output: n x outputs (= inputs), X times the mask */
static nn_status dropout_forward(Layer *layer, const Matrix *x,
                                 Rng *training)
{
    DropoutLayer *d = layer->state;
    const scalar p = layer->spec.rate, kept = 1 / (1 - p);
    size_t count = matrix_size(x);
    d->mask.rows = x->rows;
    for (size_t k = 0; k < count; k++) {
        scalar m = training == NULL ? 1
                   : rng_uniform(training) < p ? 0 : kept;
        d->mask.data[k] = m;
        layer->output.data[k] = x->data[k] * m;
    }
    return NN_OK;
}
/* grad_output: n x outputs  ->  grad_input: n x inputs, times the mask */
static nn_status dropout_backward(Layer *layer, const Matrix *grad_output,
                                  bool pass_down)
{
    DropoutLayer *d = layer->state;
    nn_status status = NN_OK;
    if (pass_down)
        status = matrix_copy(&layer->grad_input, grad_output);
    if (status == NN_OK && pass_down)
        status = matrix_hadamard(&layer->grad_input, &d->mask);
    return status;
}
static void dropout_example(LayerSpec *spec, int inputs, Activation act)
{
    (void)act;
    *spec = (LayerSpec)LAYER_DROPOUT(inputs, 0.5f);
}
static int dropout_fields(const LayerSpec *spec, double *fields)
{
    fields[0] = (double)spec->rate;
    return 1;
}

static nn_status dropout_set_fields(LayerSpec *spec, const double *fields,
                                    int count)
{
    if (count != 1)
        return nn_fail(NN_ERR_FORMAT, "has %d fields; a dropout layer has "
                       "1", count);
    spec->rate = (scalar)fields[0];
    return NN_OK;
}

const LayerKind dropout_kind = {
    .name = "dropout",
    .check = dropout_check,
    .setup = dropout_setup,
    .forward = dropout_forward,
    .backward = dropout_backward,
    .free = dropout_free,
    .example = dropout_example,
    .training_only = true,
    .fields = dropout_fields,
    .set_fields = dropout_set_fields,
};
