/* lib/conv.c: the convolution layer, through im2col and matrix_gemm. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "conv.h"

static nn_status conv_forward_chunk(Layer *layer, const Matrix *x,
                                    int first, int count);
static nn_status conv_backward_chunk(Layer *layer, int first, int count,
                                     bool pass_down);
nn_status conv_check_image(const LayerSpec *s)
{
    if (s->height < 1 || s->width < 1 || s->channels < 1)
        return nn_fail(NN_ERR_ARG, "its image is %dx%dx%d; each size "
                       "must be at least 1", s->height, s->width,
                       s->channels);
    long long numbers = (long long)s->height * s->width * s->channels;
    if (numbers != s->inputs)
        return nn_fail(NN_ERR_SHAPE, "an image of %dx%dx%d has %lld "
                       "numbers, but the layer takes %d inputs", s->height,
                       s->width, s->channels, numbers, s->inputs);
    return NN_OK;
}
static nn_status conv_check(const LayerSpec *s, int *outputs)
{
    nn_status status = conv_check_image(s);
    if (status != NN_OK)
        return status;
    if (s->filters < 1 || s->kernel_h < 1 || s->kernel_w < 1
        || s->stride < 1 || s->padding < 0)
        return nn_fail(NN_ERR_ARG, "it has %d filters of %dx%d, stride %d "
                       "and padding %d; all but the padding must be at "
                       "least 1", s->filters, s->kernel_h, s->kernel_w,
                       s->stride, s->padding);
    if (s->kernel_h > s->height + 2 * s->padding
        || s->kernel_w > s->width + 2 * s->padding)
        return nn_fail(NN_ERR_SHAPE, "its %dx%d kernel is larger than its "
                       "%dx%d input with padding %d", s->kernel_h,
                       s->kernel_w, s->height, s->width, s->padding);
    long long h = (s->height + 2LL * s->padding - s->kernel_h) / s->stride
                  + 1, w = (s->width + 2LL * s->padding - s->kernel_w)
                           / s->stride + 1;
    if (h * w * s->filters > CONV_MAX_NUMBERS)
        return nn_fail(NN_ERR_ARG, "it gives %lld numbers per example, "
                       "more than %d", h * w * s->filters,
                       CONV_MAX_NUMBERS);
    *outputs = (int)(h * w * s->filters);
    return NN_OK;
}
static nn_status conv_setup(Layer *layer, int capacity)
{
    const LayerSpec *s = &layer->spec;
    nn_status status = layer_new_state(layer, sizeof(ConvLayer));
    ConvLayer *c = layer->state;
    if (status != NN_OK)
        return status;
    int patch = s->kernel_h * s->kernel_w * s->channels;
    c->out_h = (s->height + 2 * s->padding - s->kernel_h) / s->stride + 1;
    c->out_w = (s->width + 2 * s->padding - s->kernel_w) / s->stride + 1;
    long long per_image = (long long)c->out_h * c->out_w * patch;
    long long fit = CONV_COLUMN_BUDGET / per_image;
    c->chunk = fit < 1 ? 1 : fit > capacity ? capacity : (int)fit;
    c->weights = c->grad_weights = matrix_view(patch, s->filters, NULL);
    c->bias = c->grad_bias = matrix_view(1, s->filters, NULL);
    status = matrix_init(&c->delta, capacity, layer->outputs);
    if (status == NN_OK)
        status = matrix_init(&c->columns, c->chunk * c->out_h * c->out_w,
                             patch);
    return status;
}
static size_t conv_param_count(const LayerSpec *s)
{
    return ((size_t)s->kernel_h * (size_t)s->kernel_w * (size_t)s->channels
            + 1) * (size_t)s->filters;
}

static int conv_parameters(Layer *layer, LayerParameter *list)
{
    ConvLayer *c = layer->state;
    list[0] = (LayerParameter){ "filters", &c->weights, &c->grad_weights };
    list[1] = (LayerParameter){ "bias", &c->bias, &c->grad_bias };
    return 2;
}
static void conv_free(Layer *layer)
{
    ConvLayer *c = layer->state;
    matrix_free(&c->delta);
    matrix_free(&c->columns);
}
static void conv_initialize(Layer *layer, InitScheme scheme, scalar scale,
                            Rng *rng)
{
    ConvLayer *c = layer->state;
    const LayerSpec *s = &layer->spec;
    double fan_in = c->weights.rows,
           fan_out = (double)s->kernel_h * s->kernel_w * s->filters;
    for (size_t k = 0; k < matrix_size(&c->weights); k++)
        c->weights.data[k] = (scalar)init_scheme_draw(scheme, scale, fan_in,
                                                      fan_out, rng);
    matrix_fill(&c->bias, 0);
}
static void walk_patches(const LayerSpec *s, scalar *images, int first,
                         int count, scalar *columns, bool back)
{
    int out_h = (s->height + 2 * s->padding - s->kernel_h) / s->stride + 1;
    int out_w = (s->width + 2 * s->padding - s->kernel_w) / s->stride + 1;
    size_t c = (size_t)s->channels, row = (size_t)s->kernel_w * c;
    scalar *patch = columns;
    for (int i = first; i < first + count; i++) {
        scalar *image = images + (size_t)i * (size_t)s->inputs;
        for (int y = 0; y < out_h; y++)
            for (int x = 0; x < out_w; x++)
                for (int a = 0; a < s->kernel_h; a++, patch += row) {
                    int iy = y * s->stride + a - s->padding, x0 = x * s->stride - s->padding;
                    int lo = x0 < 0 ? -x0 : 0;
                    int hi = s->width - x0 < s->kernel_w ? s->width - x0 : s->kernel_w;
                    if (iy < 0 || iy >= s->height || lo >= hi) {
                        if (!back)
                            memset(patch, 0, row * sizeof *patch);
                        continue;
                    }
                    scalar *pixels = image + ((size_t)iy * s->width + (size_t)(x0 + lo)) * c;
                    size_t start = (size_t)lo * c, run = (size_t)(hi - lo) * c;
                    if (back)
                        for (size_t k = 0; k < run; k++)
                            pixels[k] += patch[start + k];
                    else {
                        memset(patch, 0, start * sizeof *patch);
                        memcpy(patch + start, pixels, run * sizeof *patch);
                        memset(patch + start + run, 0, (row - start - run) * sizeof *patch);
                    }
                }
    }
}
void conv_im2col(const LayerSpec *s, const Matrix *x, int first, int count,
                 Matrix *columns)
{
    walk_patches(s, x->data, first, count, columns->data, false);
}

void conv_col2im(const LayerSpec *s, const Matrix *columns, int first,
                 int count, Matrix *grad)
{
    walk_patches(s, grad->data, first, count, columns->data, true);
}
/* X: n x HWC  ->  output: n x H'W'F = f(cols(X) K + 1 b) */
static nn_status conv_forward(Layer *layer, const Matrix *x, Rng *training)
{
    (void)training;
    ConvLayer *c = layer->state;
    int n = x->rows, positions = c->out_h * c->out_w;
    nn_status status = NN_OK;
    c->delta.rows = n;
    for (int first = 0; status == NN_OK && first < n; first += c->chunk)
        status = conv_forward_chunk(layer, x, first,
                                    n - first < c->chunk ? n - first
                                                         : c->chunk);
    c->columns_fresh = n <= c->chunk;
    Matrix z = matrix_view(n * positions, layer->spec.filters,
                           layer->output.data);
    if (status == NN_OK)
        status = matrix_add_row(&z, &c->bias);
    return status == NN_OK ? activation_forward(layer->spec.act,
                                                &layer->output) : status;
}
static nn_status conv_forward_chunk(Layer *layer, const Matrix *x,
                                    int first, int count)
{
    ConvLayer *c = layer->state;
    int rows = count * c->out_h * c->out_w;
    Matrix cols = matrix_view(rows, c->columns.cols, c->columns.data);
    Matrix y = matrix_view(rows, layer->spec.filters, layer->output.data
                           + (size_t)first * (size_t)layer->outputs);
    conv_im2col(&layer->spec, x, first, count, &cols);
    return matrix_gemm(false, false, 1, &cols, &c->weights, 0, &y);
}
/* grad_output: n x H'W'F. Writes delta (dL/dZ), grad_weights (kh kw C x
   F), grad_bias (1 x F) and, if pass_down, grad_input (n x HWC). */
static nn_status conv_backward(Layer *layer, const Matrix *grad_output,
                               bool pass_down)
{
    ConvLayer *c = layer->state;
    int n = grad_output->rows;
    nn_status status = matrix_copy(&c->delta, grad_output);
    if (status == NN_OK)
        status = activation_backward(layer->spec.act, &layer->output,
                                     &c->delta);
    Matrix dz = matrix_view(n * c->out_h * c->out_w, layer->spec.filters,
                            c->delta.data);
    if (status == NN_OK)
        status = matrix_sum_rows(&c->grad_bias, &dz);
    if (pass_down)
        matrix_fill(&layer->grad_input, 0);
    for (int first = 0; status == NN_OK && first < n; first += c->chunk)
        status = conv_backward_chunk(layer, first, n - first < c->chunk
                                     ? n - first : c->chunk, pass_down);
    return status;
}
static nn_status conv_backward_chunk(Layer *layer, int first, int count,
                                     bool pass_down)
{
    ConvLayer *c = layer->state;
    int rows = count * c->out_h * c->out_w;
    Matrix cols = matrix_view(rows, c->columns.cols, c->columns.data);
    Matrix dz = matrix_view(rows, layer->spec.filters, c->delta.data
                            + (size_t)first * (size_t)layer->outputs);
    if (!c->columns_fresh)
        conv_im2col(&layer->spec, &layer->input, first, count, &cols);
    nn_status status = matrix_gemm(true, false, 1, &cols, &dz,
                                   first == 0 ? 0 : 1, &c->grad_weights);
    if (status == NN_OK && pass_down) {
        c->columns_fresh = false;
        status = matrix_gemm(false, true, 1, &dz, &c->weights, 0, &cols);
        conv_col2im(&layer->spec, &cols, first, count, &layer->grad_input);
    }
    return status;
}
static void conv_example(LayerSpec *spec, int inputs, Activation act)
{
    int h = inputs == 4 ? 2 : 1, w = inputs / h;
    *spec = (LayerSpec)LAYER_CONV(h, w, 1, 2, inputs == 3 ? 3 : h,
                                  inputs == 3 ? 2 : 1, inputs == 2 ? 0 : 1,
                                  act);
    spec->kernel_w = 2;
    conv_check(spec, &spec->outputs);
}
static bool conv_clear_of_kinks(const Layer *layer, double margin)
{
    const ConvLayer *c = layer->state;
    Activation act = layer->spec.act;
    int n = layer->input.rows, rows = n * c->out_h * c->out_w;
    Matrix cols, z;
    if (act != ACT_RELU && act != ACT_LEAKY_RELU)
        return true;
    if (matrix_init(&cols, rows, c->columns.cols) != NN_OK)
        return false;
    if (matrix_init(&z, rows, layer->spec.filters) != NN_OK) {
        matrix_free(&cols);
        return false;
    }
    conv_im2col(&layer->spec, &layer->input, 0, n, &cols);
    matrix_gemm(false, false, 1, &cols, &c->weights, 0, &z);
    matrix_add_row(&z, &c->bias);
    bool clear = true;
    size_t per_example = (size_t)layer->outputs;
    for (int i = 0; i < n; i++) {
        bool some_on = false;
        for (size_t k = 0; k < per_example; k++) {
            scalar v = z.data[(size_t)i * per_example + k];
            clear = clear && fabs(v) > margin;
            some_on = some_on || v > 0;
        }
        clear = clear && (some_on || act != ACT_RELU);
    }
    matrix_free(&cols);
    matrix_free(&z);
    return clear;
}
static int conv_fields(const LayerSpec *s, double *fields)
{
    const int values[] = { s->height, s->width, s->filters, s->kernel_h,
                           s->kernel_w, s->stride, s->padding, s->act };
    for (int k = 0; k < 8; k++)
        fields[k] = values[k];
    return 8;
}
static nn_status conv_set_fields(LayerSpec *s, const double *fields,
                                 int count)
{
    int v[8];
    nn_status status = conv_whole_fields("convolution", fields, count, 8, v);
    if (status != NN_OK)
        return status;
    if (v[7] < ACT_IDENTITY || v[7] > ACT_SOFTMAX)
        return nn_fail(NN_ERR_FORMAT, "has activation %d, not one of 0 "
                       "to %d", v[7], (int)ACT_SOFTMAX);
    long long pixels = (long long)(v[0] > 0 ? v[0] : 1)
                       * (v[1] > 0 ? v[1] : 1);
    *s = (LayerSpec){ .inputs = s->inputs, .outputs = s->outputs,
                      .kind = s->kind, .height = v[0], .width = v[1],
                      .channels = (int)(s->inputs / pixels),
                      .filters = v[2], .kernel_h = v[3], .kernel_w = v[4],
                      .stride = v[5], .padding = v[6],
                      .act = (Activation)v[7] };
    return NN_OK;
}
nn_status conv_whole_fields(const char *what, const double *fields, int count,
                       int want, int *values)
{
    if (count != want)
        return nn_fail(NN_ERR_FORMAT, "has %d fields; a %s layer has %d",
                       count, what, want);
    for (int k = 0; k < want; k++) {
        if (!(fabs(fields[k]) <= CONV_MAX_NUMBERS)
            || fields[k] != (int)fields[k])
            return nn_fail(NN_ERR_FORMAT, "has field %d = %g, not a whole "
                           "number of at most 2^24", k, fields[k]);
        values[k] = (int)fields[k];
    }
    return NN_OK;
}

const LayerKind conv_kind = {
    .name = "conv", .check = conv_check, .setup = conv_setup,
    .param_count = conv_param_count, .parameters = conv_parameters,
    .initialize = conv_initialize, .forward = conv_forward,
    .free = conv_free, .backward = conv_backward,
    .example = conv_example, .clear_of_kinks = conv_clear_of_kinks,
    .fields = conv_fields, .set_fields = conv_set_fields,
};

ConvLayer *conv_state(const Layer *layer)
{
    return layer != NULL && layer->kind == &conv_kind ? layer->state : NULL;
}
