/* lib/batchnorm.c: the batch-normalization layer. */
#include <math.h>
#include <stdlib.h>
#include "batchnorm.h"
#include "conv.h"

static void batchnorm_input_gradient(Layer *layer);
static nn_status batchnorm_check(const LayerSpec *s, int *outputs)
{
    if (s->channels < 1 || s->inputs % s->channels != 0)
        return nn_fail(NN_ERR_SHAPE, "its %d channels do not divide its "
                       "%d inputs", s->channels, s->inputs);
    if (!(s->momentum > 0 && s->momentum <= 1) || !(s->epsilon > 0))
        return nn_fail(NN_ERR_ARG, "its momentum is %g and its epsilon "
                       "%g; the momentum must be in (0, 1] and epsilon "
                       "above 0", (double)s->momentum, (double)s->epsilon);
    *outputs = s->inputs;
    return NN_OK;
}
static nn_status batchnorm_setup(Layer *layer, int capacity)
{
    nn_status status = layer_new_state(layer, sizeof(BatchNormLayer));
    BatchNormLayer *b = layer->state;
    int c = layer->spec.channels;
    if (status != NN_OK)
        return status;
    b->numbers = b->grads = matrix_view(4, c, NULL);
    b->mean = calloc(2 * (size_t)c, sizeof *b->mean);
    b->scale = b->mean != NULL ? b->mean + c : NULL;
    status = b->mean != NULL ? matrix_init(&b->normalized, capacity,
                                           layer->inputs)
           : nn_fail(NN_ERR_NOMEM, "out of memory for a batchnorm layer");
    if (status == NN_OK)
        status = matrix_init(&b->delta, capacity, layer->inputs);
    return status;
}
static size_t batchnorm_param_count(const LayerSpec *s)
{
    return 4 * (size_t)s->channels;
}

static int batchnorm_parameters(Layer *layer, LayerParameter *list)
{
    BatchNormLayer *b = layer->state;
    list[0] = (LayerParameter){ "scale, shift and statistics", &b->numbers,
                                &b->grads };
    return 1;
}
static void batchnorm_free(Layer *layer)
{
    BatchNormLayer *b = layer->state;
    matrix_free(&b->normalized);
    matrix_free(&b->delta);
    free(b->mean);
}

/* gamma = 1, beta = 0, running mean 0, running variance 1. */
static void batchnorm_initialize(Layer *layer, InitScheme scheme,
                                 scalar scale, Rng *rng)
{
    (void)scheme, (void)scale, (void)rng;
    BatchNormLayer *b = layer->state;
    for (int k = 0; k < b->numbers.cols; k++) {
        MAT(&b->numbers, 0, k) = 1;
        MAT(&b->numbers, 1, k) = 0;
        MAT(&b->numbers, 2, k) = 0;
        MAT(&b->numbers, 3, k) = 1;
    }
}
static void batch_statistics(Layer *layer, const Matrix *x)
{
    BatchNormLayer *b = layer->state;
    int c = layer->spec.channels;
    size_t count = matrix_size(x), m = count / (size_t)c;
    for (int k = 0; k < c; k++)
        b->mean[k] = b->scale[k] = 0;
    for (size_t i = 0; i < count; i++)
        b->mean[i % (size_t)c] += x->data[i];
    for (int k = 0; k < c; k++)
        b->mean[k] /= (double)m;
    for (size_t i = 0; i < count; i++) {
        double d = x->data[i] - b->mean[i % (size_t)c];
        b->scale[i % (size_t)c] += d * d;
    }
    double mo = layer->spec.momentum, eps = layer->spec.epsilon;
    for (int k = 0; k < c; k++) {
        double var = b->scale[k] / (double)m;
        double unbiased = m > 1 ? b->scale[k] / (double)(m - 1) : var;
        MAT(&b->numbers, 2, k) = (scalar)((1 - mo) * MAT(&b->numbers, 2, k)
                                          + mo * b->mean[k]);
        MAT(&b->numbers, 3, k) = (scalar)((1 - mo) * MAT(&b->numbers, 3, k)
                                          + mo * unbiased);
        b->scale[k] = 1 / sqrt(var + eps);
    }
}
static void running_statistics(Layer *layer)
{
    BatchNormLayer *b = layer->state;
    for (int k = 0; k < layer->spec.channels; k++) {
        b->mean[k] = MAT(&b->numbers, 2, k);
        b->scale[k] = 1 / sqrt((double)MAT(&b->numbers, 3, k)
                               + layer->spec.epsilon);
    }
}
/* X: n x inputs -> output: n x inputs = f(gamma Xhat + beta) */
static nn_status batchnorm_forward(Layer *layer, const Matrix *x,
                                   Rng *training)
{
    BatchNormLayer *b = layer->state;
    size_t c = (size_t)layer->spec.channels, count = matrix_size(x);
    b->trained = training != NULL;
    if (b->trained)
        batch_statistics(layer, x);
    else
        running_statistics(layer);
    b->normalized.rows = b->delta.rows = x->rows;
    for (size_t i = 0; i < count; i++) {
        size_t k = i % c;
        scalar h = (scalar)((x->data[i] - b->mean[k]) * b->scale[k]);
        b->normalized.data[i] = h;
        layer->output.data[i] = b->numbers.data[k] * h
                                + b->numbers.data[c + k];
    }
    return activation_forward(layer->spec.act, &layer->output);
}
/* grad_output: n x inputs. Writes delta (dL/dZ), grads (4 x C: dgamma,
   dbeta, 0, 0) and, if pass_down, grad_input (n x inputs). */
static nn_status batchnorm_backward(Layer *layer, const Matrix *grad_output,
                                    bool pass_down)
{
    BatchNormLayer *b = layer->state;
    size_t c = (size_t)layer->spec.channels, count;
    nn_status status = matrix_copy(&b->delta, grad_output);
    if (status == NN_OK)
        status = activation_backward(layer->spec.act, &layer->output,
                                     &b->delta);
    if (status != NN_OK)
        return status;
    count = matrix_size(&b->delta);
    matrix_fill(&b->grads, 0);
    for (size_t i = 0; i < count; i++) {
        b->grads.data[i % c] += b->delta.data[i] * b->normalized.data[i];
        b->grads.data[c + i % c] += b->delta.data[i];
    }
    if (pass_down)
        batchnorm_input_gradient(layer);
    return NN_OK;
}
static void batchnorm_input_gradient(Layer *layer)
{
    BatchNormLayer *b = layer->state;
    size_t c = (size_t)layer->spec.channels, count = matrix_size(&b->delta);
    double m = (double)(count / c);
    for (size_t i = 0; i < count; i++) {
        size_t k = i % c;
        double gs = b->numbers.data[k] * b->scale[k];
        double d = b->delta.data[i];
        if (b->trained)
            d = (m * d - b->grads.data[c + k]
                 - b->normalized.data[i] * b->grads.data[k]) / m;
        layer->grad_input.data[i] = (scalar)(gs * d);
    }
}
static void batchnorm_example(LayerSpec *spec, int inputs, Activation act)
{
    *spec = (LayerSpec)LAYER_BATCHNORM(inputs, inputs == 4 ? 2 : inputs,
                                       act);
    spec->epsilon = 0.1f;
    spec->outputs = inputs;
}
static bool batchnorm_clear_of_kinks(const Layer *layer, double margin)
{
    const BatchNormLayer *b = layer->state;
    Activation act = layer->spec.act;
    size_t c = (size_t)layer->spec.channels;
    if (act != ACT_RELU && act != ACT_LEAKY_RELU)
        return true;
    for (size_t i = 0; i < matrix_size(&b->normalized); i++) {
        double z = b->numbers.data[i % c] * b->normalized.data[i]
                   + b->numbers.data[c + i % c];
        if (fabs(z) <= margin)
            return false;
    }
    return true;
}
static int batchnorm_fields(const LayerSpec *s, double *fields)
{
    fields[0] = s->channels;
    fields[1] = (double)s->momentum;
    fields[2] = (double)s->epsilon;
    fields[3] = s->act;
    return 4;
}
static nn_status batchnorm_set_fields(LayerSpec *s, const double *fields,
                                      int count)
{
    int v[2];
    if (count != 4)
        return nn_fail(NN_ERR_FORMAT, "has %d fields; a batchnorm layer "
                       "has 4", count);
    const double whole[2] = { fields[0], fields[3] };
    nn_status status = conv_whole_fields("batchnorm", whole, 2, 2, v);
    if (status == NN_OK && (v[1] < ACT_IDENTITY || v[1] > ACT_SOFTMAX))
        status = nn_fail(NN_ERR_FORMAT, "has activation %d, not one of 0 "
                         "to %d", v[1], (int)ACT_SOFTMAX);
    if (status != NN_OK)
        return status;
    s->channels = v[0];
    s->momentum = (scalar)fields[1];
    s->epsilon = (scalar)fields[2];
    s->act = (Activation)v[1];
    return NN_OK;
}

const LayerKind batchnorm_kind = {
    .name = "batchnorm", .check = batchnorm_check,
    .setup = batchnorm_setup, .param_count = batchnorm_param_count,
    .parameters = batchnorm_parameters,
    .initialize = batchnorm_initialize, .forward = batchnorm_forward,
    .free = batchnorm_free, .backward = batchnorm_backward,
    .example = batchnorm_example,
    .clear_of_kinks = batchnorm_clear_of_kinks,
    .fields = batchnorm_fields, .set_fields = batchnorm_set_fields,
};
