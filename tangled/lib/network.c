/* lib/network.c: building a network and running it forward. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "network.h"

static nn_status check_specs(int layer_count, const LayerSpec *specs,
                             int batch_capacity)
{
    if (layer_count < 1 || specs == NULL)
        return nn_fail(NN_ERR_ARG, "network_init: a network needs at least "
                       "one layer, not %d", layer_count);
    if (batch_capacity < 1)
        return nn_fail(NN_ERR_ARG, "network_init: the batch capacity must "
                       "be positive, not %d", batch_capacity);
    for (int l = 0; l < layer_count; l++) {
        if (specs[l].inputs < 1 || specs[l].outputs < 1)
            return nn_fail(NN_ERR_ARG, "network_init: layer %d has %d inputs "
                           "and %d outputs; both must be positive", l,
                           specs[l].inputs, specs[l].outputs);
        if (l > 0 && specs[l].inputs != specs[l - 1].outputs)
            return nn_fail(NN_ERR_SHAPE, "network_init: layer %d gives %d "
                           "outputs but layer %d takes %d inputs", l - 1,
                           specs[l - 1].outputs, l, specs[l].inputs);
    }
    return NN_OK;
}
static nn_status setup_layer(Layer *layer, const LayerSpec *spec,
                             int batch_capacity)
{
    *layer = (Layer){ .kind = LAYER_DENSE, .inputs = spec->inputs,
                      .outputs = spec->outputs, .act = spec->act };
    layer->weights = matrix_view(spec->inputs, spec->outputs, NULL);
    layer->bias = matrix_view(1, spec->outputs, NULL);
    layer->param_count = matrix_size(&layer->weights)
                       + matrix_size(&layer->bias);
    nn_status status = matrix_init(&layer->output, batch_capacity,
                                   layer->outputs);
    if (status == NN_OK)
        status = matrix_init(&layer->delta, batch_capacity, layer->outputs);
    if (status == NN_OK)
        status = matrix_init(&layer->grad_input, batch_capacity,
                             layer->inputs);
    return status;
}
static nn_status setup_layers(Network *net, int layer_count,
                              const LayerSpec *specs, int batch_capacity)
{
    net->layers = calloc((size_t)layer_count, sizeof *net->layers);
    if (net->layers == NULL)
        return nn_fail(NN_ERR_NOMEM, "network_init: out of memory for %d "
                       "layers", layer_count);
    net->layer_count = layer_count;
    net->batch_capacity = batch_capacity;
    for (int l = 0; l < layer_count; l++) {
        nn_status status = setup_layer(&net->layers[l], &specs[l],
                                       batch_capacity);
        if (status != NN_OK)
            return status;
    }
    return NN_OK;
}
static nn_status allocate_parameters(Network *net)
{
    const size_t max_count = PTRDIFF_MAX / sizeof(scalar);
    size_t total = 0;
    for (int l = 0; l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        if (layer->param_count > max_count - total)
            return nn_fail(NN_ERR_NOMEM, "network_init: too many "
                           "parameters to allocate");
        layer->param_offset = total;
        total += layer->param_count;
    }
    net->params = calloc(total, sizeof(scalar));
    net->grads = calloc(total, sizeof(scalar));
    if (net->params == NULL || net->grads == NULL)
        return nn_fail(NN_ERR_NOMEM, "network_init: out of memory for %zu "
                       "parameters", total);
    net->param_count = total;
    return NN_OK;
}
/* X: n x inputs  ->  output: n x outputs = f(X W + b) */
static nn_status dense_forward(Layer *layer, const Matrix *x)
{
    Matrix *y = &layer->output;
    nn_status status = matrix_gemm(false, false, 1, x, &layer->weights,
                                   0, y);
    if (status == NN_OK)
        status = matrix_add_row(y, &layer->bias);
    if (status == NN_OK)
        status = activation_forward(layer->act, y);
    return status;
}
static nn_status check_batch(const Network *net, const Matrix *x)
{
    if (net->layer_count < 1)
        return nn_fail(NN_ERR_ARG, "network_forward: the network has no "
                       "layers");
    if (x->cols != net->layers[0].inputs || x->rows < 1
            || x->rows > net->batch_capacity)
        return nn_fail(NN_ERR_SHAPE, "network_forward: the batch is %dx%d "
                       "but the network takes n x %d with 1 <= n <= %d",
                       x->rows, x->cols, net->layers[0].inputs,
                       net->batch_capacity);
    return NN_OK;
}
static double draw_weight(InitScheme scheme, double scale, double fan_in,
                          double fan_out, Rng *rng)
{
    switch (scheme) {
    case INIT_UNIFORM:
        return scale * (2 * rng_uniform(rng) - 1);
    case INIT_NORMAL:
        return scale * rng_normal(rng);
    case INIT_XAVIER:
        return sqrt(6 / (fan_in + fan_out)) * (2 * rng_uniform(rng) - 1);
    case INIT_HE:
        return sqrt(2 / fan_in) * rng_normal(rng);
    }
    return 0;   /* not a scheme: a caller's bug, see init_scheme_from_name */
}
/* X: n x inputs  ->  output: n x outputs (= inputs), X times the mask */
static nn_status dropout_forward(Layer *layer, const Matrix *x)
{
    Rng *rng = layer->training_rng;
    const scalar p = layer->dropout_rate, kept = 1 / (1 - p);
    size_t count = matrix_size(x);
    layer->mask.rows = x->rows;
    for (size_t k = 0; k < count; k++) {
        scalar m = rng == NULL ? 1 : rng_uniform(rng) < p ? 0 : kept;
        layer->mask.data[k] = m;
        layer->output.data[k] = x->data[k] * m;
    }
    return NN_OK;
}
/* grad_output: n x outputs  ->  grad_input: n x inputs, times the mask */
static nn_status dropout_backward(Layer *layer, const Matrix *grad_output)
{
    nn_status status = matrix_copy(&layer->grad_input, grad_output);
    if (status == NN_OK)
        status = matrix_hadamard(&layer->grad_input, &layer->mask);
    return status;
}
static nn_status setup_passive(Layer *layer, LayerKind kind, int width,
                               size_t offset, int batch_capacity)
{
    *layer = (Layer){ .kind = kind, .inputs = width, .outputs = width,
                      .act = ACT_IDENTITY, .param_offset = offset };
    nn_status status = matrix_init(&layer->output, batch_capacity, width);
    if (status == NN_OK)
        status = matrix_init(&layer->grad_input, batch_capacity, width);
    return status;
}

static void free_passive(Layer *layer)
{
    matrix_free(&layer->output);
    matrix_free(&layer->grad_input);
    matrix_free(&layer->mask);
    free(layer->moves);
}
static nn_status insert_layer(Network *net, int position, Layer *layer)
{
    Layer *grown = realloc(net->layers, ((size_t)net->layer_count + 1)
                                        * sizeof *grown);
    if (grown == NULL) {
        free_passive(layer);
        return nn_fail(NN_ERR_NOMEM, "network: out of memory for %d "
                       "layers", net->layer_count + 1);
    }
    memmove(grown + position + 1, grown + position,
            (size_t)(net->layer_count - position) * sizeof *grown);
    grown[position] = *layer;
    net->layers = grown;
    net->layer_count++;
    return NN_OK;
}
static int moved_from(const Layer *layer, int pixel, int dx, int dy)
{
    int width = layer->image_width, height = layer->inputs / width;
    int i = pixel / width - dy, j = pixel % width - dx;
    return i >= 0 && i < height && j >= 0 && j < width ? i * width + j
                                                       : -1;
}
/* X: n x inputs  ->  output: n x outputs (= inputs), each image moved */
static nn_status shift_forward(Layer *layer, const Matrix *x)
{
    Rng *rng = layer->training_rng;
    const int s = layer->shift;
    for (int r = 0; r < x->rows; r++) {
        int dx = rng == NULL ? 0 : (int)rng_below(rng, 2 * s + 1) - s;
        int dy = rng == NULL ? 0 : (int)rng_below(rng, 2 * s + 1) - s;
        layer->moves[2 * r] = dx;
        layer->moves[2 * r + 1] = dy;
        for (int k = 0; k < layer->inputs; k++) {
            int from = moved_from(layer, k, dx, dy);
            MAT(&layer->output, r, k) = from < 0 ? 0 : MAT(x, r, from);
        }
    }
    return NN_OK;
}
/* grad_output: n x outputs  ->  grad_input: n x inputs, moved back */
static nn_status shift_backward(Layer *layer, const Matrix *grad_output)
{
    matrix_fill(&layer->grad_input, 0);
    for (int r = 0; r < grad_output->rows; r++)
        for (int k = 0; k < layer->inputs; k++) {
            int from = moved_from(layer, k, layer->moves[2 * r],
                                  layer->moves[2 * r + 1]);
            if (from >= 0)
                MAT(&layer->grad_input, r, from) = MAT(grad_output, r, k);
        }
    return NN_OK;
}

nn_status network_init(Network *net, int layer_count,
                       const LayerSpec *specs, int batch_capacity)
{
    *net = (Network){ 0 };
    nn_status status = check_specs(layer_count, specs, batch_capacity);
    if (status == NN_OK)
        status = setup_layers(net, layer_count, specs, batch_capacity);
    if (status == NN_OK)
        status = allocate_parameters(net);
    if (status != NN_OK) {
        network_free(net);
        return status;
    }
    for (int l = 0; l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        size_t weight_count = matrix_size(&layer->weights);
        scalar *p = net->params + layer->param_offset;
        scalar *g = net->grads + layer->param_offset;
        layer->weights.data = p;
        layer->bias.data = p + weight_count;
        layer->grad_weights = matrix_view(layer->inputs, layer->outputs, g);
        layer->grad_bias = matrix_view(1, layer->outputs, g + weight_count);
    }
    return NN_OK;
}
void network_free(Network *net)
{
    for (int l = 0; net->layers != NULL && l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        matrix_free(&layer->output);
        matrix_free(&layer->delta);
        matrix_free(&layer->grad_input);
        matrix_free(&layer->mask);
        free(layer->moves);
    }
    free(net->layers);
    free(net->params);
    free(net->grads);
    *net = (Network){ 0 };
}
nn_status network_forward(Network *net, const Matrix *x,
                          const Matrix **output)
{
    nn_status status = check_batch(net, x);
    const Matrix *in = x;
    for (int l = 0; status == NN_OK && l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        layer->input = matrix_view(in->rows, in->cols, in->data);
        layer->output.rows = in->rows;
        layer->delta.rows = in->rows;
        layer->grad_input.rows = in->rows;
        switch (layer->kind) {
        case LAYER_DENSE:
            status = dense_forward(layer, in);
            break;
        case LAYER_DROPOUT:
            status = dropout_forward(layer, in);
            break;
        case LAYER_SHIFT:
            status = shift_forward(layer, in);
            break;
        default:
            status = nn_fail(NN_ERR_ARG, "network_forward: layer %d has "
                             "unknown kind %d", l, (int)layer->kind);
        }
        in = &layer->output;
    }
    if (status == NN_OK && output != NULL)
        *output = in;
    return status;
}
void network_initialize(Network *net, InitScheme scheme, scalar scale,
                        Rng *rng)
{
    for (int l = 0; l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        double fan_in = layer->weights.rows, fan_out = layer->weights.cols;
        size_t count = matrix_size(&layer->weights);
        for (size_t k = 0; k < count; k++)
            layer->weights.data[k] = (scalar)draw_weight(scheme, scale,
                                                         fan_in, fan_out,
                                                         rng);
        matrix_fill(&layer->bias, 0);
    }
}
static const char *const init_scheme_names[] = {
    [INIT_UNIFORM] = "uniform", [INIT_NORMAL] = "normal",
    [INIT_XAVIER] = "xavier",   [INIT_HE] = "he",
};
enum { INIT_SCHEME_COUNT = sizeof init_scheme_names
                           / sizeof *init_scheme_names };

const char *init_scheme_name(InitScheme scheme)
{
    if ((int)scheme < 0 || (int)scheme >= INIT_SCHEME_COUNT)
        return "unknown";
    return init_scheme_names[scheme];
}
nn_status init_scheme_from_name(const char *name, InitScheme *scheme)
{
    for (int s = 0; s < INIT_SCHEME_COUNT; s++)
        if (name != NULL && strcmp(name, init_scheme_names[s]) == 0) {
            *scheme = (InitScheme)s;
            return NN_OK;
        }
    return nn_fail(NN_ERR_ARG, "unknown initialization \"%s\"; the "
                   "initializations are uniform, normal, xavier and he",
                   name != NULL ? name : "(null)");
}

/* grad_output: n x outputs, dL/dY for the batch of the last forward pass.
   Writes delta (n x outputs, dL/dZ), grad_weights (inputs x outputs),
   grad_bias (1 x outputs) and, if pass_down, grad_input (n x inputs,
   dL/dX). */
static nn_status dense_backward(Layer *layer, const Matrix *grad_output,
                                bool pass_down)
{
    nn_status status = matrix_copy(&layer->delta, grad_output);
    if (status == NN_OK)
        status = activation_backward(layer->act, &layer->output,
                                     &layer->delta);
    if (status == NN_OK)
        status = matrix_gemm(true, false, 1, &layer->input, &layer->delta, 0,
                             &layer->grad_weights);
    if (status == NN_OK)
        status = matrix_sum_rows(&layer->grad_bias, &layer->delta);
    if (status == NN_OK && pass_down)
        status = matrix_gemm(false, true, 1, &layer->delta, &layer->weights, 0,
                             &layer->grad_input);
    return status;
}

nn_status network_backward(Network *net, const Matrix *grad_output)
{
    if (net->layer_count < 1 || net->layers[0].input.data == NULL)
        return nn_fail(NN_ERR_ARG, "network_backward: there is no forward "
                       "pass to go back through; call network_forward first");
    const Layer *last = &net->layers[net->layer_count - 1];
    if (grad_output->rows != last->output.rows
        || grad_output->cols != last->outputs)
        return nn_fail(NN_ERR_SHAPE, "network_backward: the gradient is %dx%d "
                       "but the last forward pass's output is %dx%d",
                       grad_output->rows, grad_output->cols,
                       last->output.rows, last->outputs);
    int lowest = 0;
    while (!net->input_gradient && lowest < net->layer_count - 1
           && net->layers[lowest].param_count == 0)
        lowest++;
    const Matrix *incoming = grad_output;
    for (int l = net->layer_count - 1; l >= lowest; l--) {
        Layer *layer = &net->layers[l];
        nn_status status;
        bool pass_down = l > lowest || net->input_gradient;
        switch (layer->kind) {
        case LAYER_DENSE:
            status = dense_backward(layer, incoming, pass_down);
            break;
        case LAYER_DROPOUT:
            status = dropout_backward(layer, incoming);
            break;
        case LAYER_SHIFT:
            status = shift_backward(layer, incoming);
            break;
        default:
            return nn_fail(NN_ERR_ARG, "network_backward: layer %d has "
                           "unknown kind %d", l, (int)layer->kind);
        }
        if (status != NN_OK) {
            char cause[256];
            snprintf(cause, sizeof cause, "%s", nn_error());
            return nn_fail(status, "network_backward: layer %d: %s", l, cause);
        }
        incoming = &layer->grad_input;
    }
    return NN_OK;
}
void network_set_training(Network *net, Rng *rng)
{
    for (int l = 0; l < net->layer_count; l++)
        net->layers[l].training_rng = rng;
}
nn_status network_insert_dropout(Network *net, int position, scalar rate)
{
    if (position < 0 || position >= net->layer_count)
        return nn_fail(NN_ERR_ARG, "network_insert_dropout: position %d is "
                       "not before one of the %d layers", position,
                       net->layer_count);
    if (!(rate >= 0 && rate < 1))
        return nn_fail(NN_ERR_ARG, "network_insert_dropout: the rate is %g; "
                       "it must be at least 0 and below 1", (double)rate);
    Layer drop;
    const Layer *next = &net->layers[position];
    nn_status status = setup_passive(&drop, LAYER_DROPOUT, next->inputs,
                                     next->param_offset,
                                     net->batch_capacity);
    drop.dropout_rate = rate;
    if (status == NN_OK)
        status = matrix_init(&drop.mask, net->batch_capacity, drop.inputs);
    if (status != NN_OK) {
        free_passive(&drop);
        return status;
    }
    return insert_layer(net, position, &drop);
}
nn_status network_insert_shift(Network *net, int image_width, int shift)
{
    int inputs = net->layers[0].inputs;
    if (image_width < 1 || inputs % image_width != 0 || shift < 0
        || shift >= image_width || shift >= inputs / image_width)
        return nn_fail(NN_ERR_ARG, "network_insert_shift: cannot move "
                       "images %d pixels wide, made of %d inputs, by up to "
                       "%d pixels", image_width, inputs, shift);
    Layer layer;
    nn_status status = setup_passive(&layer, LAYER_SHIFT, inputs, 0,
                                     net->batch_capacity);
    layer.shift = shift;
    layer.image_width = image_width;
    layer.moves = malloc(2 * (size_t)net->batch_capacity * sizeof(int));
    if (status == NN_OK && layer.moves == NULL)
        status = nn_fail(NN_ERR_NOMEM, "network_insert_shift: out of "
                         "memory");
    if (status != NN_OK) {
        free_passive(&layer);
        return status;
    }
    return insert_layer(net, 0, &layer);
}
bool layer_is_training_only(const Layer *layer)
{
    return layer->kind == LAYER_DROPOUT || layer->kind == LAYER_SHIFT;
}

Network network_evaluation_view(const Network *net, Layer *layers)
{
    Network view = *net;
    view.layers = layers;
    view.layer_count = 0;
    for (int l = 0; l < net->layer_count; l++)
        if (!layer_is_training_only(&net->layers[l]))
            layers[view.layer_count++] = net->layers[l];
    return view;
}
