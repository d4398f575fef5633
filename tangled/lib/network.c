/* lib/network.c: the layer table, building a network, running it
   forward, initializing it. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "network.h"
#include "dense.h"
#include "scale.h"
#include "dropout.h"
#include "conv.h"
#include "pool.h"
#include "batchnorm.h"

int layer_parameters(Layer *layer, LayerParameter *list)
{
    return layer->kind->parameters != NULL
           ? layer->kind->parameters(layer, list) : 0;
}

nn_status layer_new_state(Layer *layer, size_t size)
{
    layer->state = calloc(1, size);
    if (layer->state == NULL)
        return nn_fail(NN_ERR_NOMEM, "out of memory for a %s layer",
                       layer->kind->name);
    return NN_OK;
}

nn_status layer_check_same_width(const LayerSpec *spec, const char *what,
                                 int *outputs)
{
    if (spec->outputs != 0 && spec->outputs != spec->inputs)
        return nn_fail(NN_ERR_ARG, "%s gives as many outputs as it takes "
                       "inputs, %d, not %d", what, spec->inputs,
                       spec->outputs);
    *outputs = spec->inputs;
    return NN_OK;
}
static const LayerKind *const layer_table[] = {
    &dense_kind,
    &scale_kind,
    &dropout_kind,
    &conv_kind,
    &pool_kind,
    &batchnorm_kind,
};
enum { LAYER_KIND_COUNT = sizeof layer_table / sizeof *layer_table };

int layer_kind_count(void)
{
    return LAYER_KIND_COUNT;
}

const LayerKind *layer_kind_at(int i)
{
    return i >= 0 && i < LAYER_KIND_COUNT ? layer_table[i] : NULL;
}
static const char *layer_kind_name(int i)
{
    return layer_table[i]->name;
}

nn_status layer_kind_find(const char *name, const LayerKind **kind)
{
    int i = 0;
    nn_status status = nn_lookup("layer kind", name != NULL ? name : "dense",
                                 LAYER_KIND_COUNT, layer_kind_name, &i);
    if (status == NN_OK)
        *kind = layer_table[i];
    return status;
}
static nn_status check_specs(int layer_count, const LayerSpec *specs,
                             int batch_capacity)
{
    if (layer_count < 1 || specs == NULL)
        return nn_fail(NN_ERR_ARG, "network_init: a network needs at least "
                       "one layer, not %d", layer_count);
    if (batch_capacity < 1)
        return nn_fail(NN_ERR_ARG, "network_init: the batch capacity must "
                       "be positive, not %d", batch_capacity);
    int before = 0;    /* the outputs of layer l - 1 */
    for (int l = 0; l < layer_count; l++) {
        const LayerKind *kind;
        int outputs = 0;
        nn_status status = layer_kind_find(specs[l].kind, &kind);
        if (status == NN_OK && specs[l].inputs < 1)
            status = nn_fail(NN_ERR_ARG, "it has %d inputs; it needs at least 1",
                             specs[l].inputs);
        if (status == NN_OK)
            status = kind->check(&specs[l], &outputs);
        if (status != NN_OK)
            return nn_fail(status, "network_init: layer %d: %s", l, nn_error());
        if (l > 0 && specs[l].inputs != before)
            return nn_fail(NN_ERR_SHAPE, "network_init: layer %d gives %d "
                           "outputs but layer %d takes %d inputs", l - 1, before, l,
                           specs[l].inputs);
        before = outputs;
    }
    return NN_OK;
}
static nn_status setup_layer(Layer *layer, const LayerSpec *spec,
                             int batch_capacity)
{
    const LayerKind *kind = NULL;
    int outputs = 0;
    nn_status status = layer_kind_find(spec->kind, &kind);
    if (status != NN_OK || (status = kind->check(spec, &outputs)) != NN_OK)
        return status;
    *layer = (Layer){ .kind = kind, .spec = *spec, .inputs = spec->inputs,
                      .outputs = outputs };
    status = matrix_init(&layer->output, batch_capacity, outputs);
    if (status == NN_OK)
        status = matrix_init(&layer->grad_input, batch_capacity,
                             layer->inputs);
    if (status == NN_OK)
        status = kind->setup(layer, batch_capacity);
    LayerParameter list[LAYER_MAX_PARAMETERS];
    int count = status == NN_OK ? layer_parameters(layer, list) : 0;
    for (int i = 0; i < count; i++)
        layer->param_count += matrix_size(list[i].value);
    size_t counted = kind->param_count != NULL ? kind->param_count(spec) : 0;
    if (status == NN_OK && counted != layer->param_count)
        status = nn_fail(NN_ERR_ARG, "the %s layer counts %zu parameters but "
                         "lists %zu", kind->name, counted, layer->param_count);
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
    for (int fixed = 0; fixed < 2; fixed++) {
        for (int l = 0; l < net->layer_count; l++) {
            Layer *layer = &net->layers[l];
            if (layer->kind->fixed_parameters != (fixed == 1))
                continue;
            if (layer->param_count > max_count - total)
                return nn_fail(NN_ERR_NOMEM, "network_init: too many "
                               "parameters to allocate");
            layer->param_offset = total;
            total += layer->param_count;
        }
        if (fixed == 0)
            net->trained_count = total;
    }
    net->params = calloc(total > 0 ? total : 1, sizeof(scalar));
    net->grads = calloc(total > 0 ? total : 1, sizeof(scalar));
    if (net->params == NULL || net->grads == NULL)
        return nn_fail(NN_ERR_NOMEM, "network_init: out of memory for %zu "
                       "parameters", total);
    net->param_count = total;
    return NN_OK;
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
        LayerParameter list[LAYER_MAX_PARAMETERS];
        int count = layer_parameters(layer, list);
        size_t offset = layer->param_offset;
        for (int i = 0; i < count; i++) {
            list[i].value->data = net->params + offset;
            list[i].grad->data = net->grads + offset;
            offset += matrix_size(list[i].value);
        }
    }
    return NN_OK;
}
void network_free(Network *net)
{
    for (int l = 0; net->layers != NULL && l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        matrix_free(&layer->output);
        matrix_free(&layer->grad_input);
        if (layer->state != NULL && layer->kind->free != NULL)
            layer->kind->free(layer);
        free(layer->state);
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
        layer->grad_input.rows = in->rows;
        status = layer->kind->forward(layer, in, net->training);
        in = &layer->output;
    }
    if (status == NN_OK && output != NULL)
        *output = in;
    return status;
}
double init_scheme_draw(InitScheme scheme, double scale, double fan_in,
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
void network_initialize(Network *net, InitScheme scheme, scalar scale,
                        Rng *rng)
{
    for (int l = 0; l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        if (layer->kind->initialize != NULL)
            layer->kind->initialize(layer, scheme, scale, rng);
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
static const char *init_scheme_at(int i)
{
    return init_scheme_names[i];
}

nn_status init_scheme_from_name(const char *name, InitScheme *scheme)
{
    int i = 0;
    nn_status status = nn_lookup("initialization", name, INIT_SCHEME_COUNT,
                                 init_scheme_at, &i);
    if (status == NN_OK)
        *scheme = (InitScheme)i;
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
        bool pass_down = l > lowest || net->input_gradient;
        nn_status status = layer->kind->backward(layer, incoming,
                                                 pass_down);
        if (status != NN_OK)
            return nn_fail(status, "network_backward: layer %d (%s): %s", l,
                           layer->kind->name, nn_error());
        incoming = &layer->grad_input;
    }
    return NN_OK;
}
void network_set_training(Network *net, Rng *rng)
{
    net->training = rng;
}
nn_status network_insert(Network *net, int position, const LayerSpec *spec)
{
    if (position < 0 || position > net->layer_count)
        return nn_fail(NN_ERR_ARG, "network_insert: position %d is not one "
                       "of 0 to %d", position, net->layer_count);
    LayerSpec *specs = malloc(((size_t)net->layer_count + 1) * sizeof *specs);
    if (specs == NULL)
        return nn_fail(NN_ERR_NOMEM, "network_insert: out of memory");
    for (int l = 0, k = 0; l <= net->layer_count; l++)
        specs[l] = l == position ? *spec : net->layers[k++].spec;
    Network grown;
    nn_status status = network_init(&grown, net->layer_count + 1, specs,
                                    net->batch_capacity);
    free(specs);
    if (status != NN_OK)
        return status;
    for (int l = 0; l < net->layer_count; l++) {
        const Layer *old = &net->layers[l];
        const Layer *now = &grown.layers[l < position ? l : l + 1];
        memcpy(grown.params + now->param_offset, net->params + old->param_offset,
               old->param_count * sizeof(scalar));
    }
    Network kept = *net;    /* its settings, whichever chapter added them */
    kept.layer_count = grown.layer_count;
    kept.layers = grown.layers;
    kept.param_count = grown.param_count;
    kept.params = grown.params;
    kept.grads = grown.grads;
    grown = kept;
    network_free(net);
    *net = grown;
    return NN_OK;
}
Network network_evaluation_view(const Network *net, Layer *layers)
{
    Network view = *net;
    view.layers = layers;
    view.layer_count = 0;
    for (int l = 0; l < net->layer_count; l++)
        if (!net->layers[l].kind->training_only)
            layers[view.layer_count++] = net->layers[l];
    return view;
}
