/* lib/pool.c: the max-pooling layer. */
#include <stdlib.h>
#include "conv.h"
#include "pool.h"

static nn_status pool_check(const LayerSpec *s, int *outputs)
{
    nn_status status = conv_check_image(s);
    if (status == NN_OK && (s->kernel_h < 1 || s->kernel_w < 1))
        status = nn_fail(NN_ERR_ARG, "its window is %dx%d; it must be at "
                         "least 1x1", s->kernel_h, s->kernel_w);
    if (status == NN_OK && (s->height % s->kernel_h != 0
                            || s->width % s->kernel_w != 0))
        status = nn_fail(NN_ERR_SHAPE, "a %dx%d pool does not divide its "
                         "%dx%d input", s->kernel_h, s->kernel_w,
                         s->height, s->width);
    if (status == NN_OK)
        *outputs = s->inputs / (s->kernel_h * s->kernel_w);
    return status;
}
static nn_status pool_setup(Layer *layer, int capacity)
{
    nn_status status = layer_new_state(layer, sizeof(PoolLayer));
    PoolLayer *p = layer->state;
    if (status != NN_OK)
        return status;
    p->winners = malloc((size_t)capacity * (size_t)layer->outputs
                        * sizeof *p->winners);
    return p->winners != NULL ? NN_OK
           : nn_fail(NN_ERR_NOMEM, "out of memory for a pool layer");
}

static void pool_free(Layer *layer)
{
    PoolLayer *p = layer->state;
    free(p->winners);
}
/* X: n x HWC  ->  output: n x (H/kh)(W/kw)C, each window's largest */
static nn_status pool_forward(Layer *layer, const Matrix *x, Rng *training)
{
    (void)training;
    const LayerSpec *s = &layer->spec;
    PoolLayer *p = layer->state;
    int out_h = s->height / s->kernel_h, out_w = s->width / s->kernel_w;
    int c = s->channels;
    for (int i = 0; i < x->rows; i++) {
        const scalar *image = x->data + (size_t)i * (size_t)s->inputs;
        scalar *out = layer->output.data + (size_t)i * layer->outputs;
        int *won = p->winners + (size_t)i * layer->outputs;
        for (int y = 0; y < out_h; y++)
            for (int xo = 0; xo < out_w; xo++, out += c, won += c) {
                int at = (y * s->kernel_h * s->width + xo * s->kernel_w) * c;
                for (int ch = 0; ch < c; ch++) {
                    out[ch] = image[at + ch];
                    won[ch] = at + ch;
                }
                for (int a = 0; a < s->kernel_h; a++)
                    for (int b = a == 0 ? 1 : 0; b < s->kernel_w; b++) {
                        int next = at + (a * s->width + b) * c;
                        for (int ch = 0; ch < c; ch++) {
                            scalar v = image[next + ch];
                            bool larger = v > out[ch];
                            out[ch] = larger ? v : out[ch];
                            won[ch] = larger ? next + ch : won[ch];
                        }
                    }
            }
    }
    return NN_OK;
}
/* grad_output: n x outputs  ->  grad_input: n x inputs, at the winners */
static nn_status pool_backward(Layer *layer, const Matrix *grad_output,
                               bool pass_down)
{
    PoolLayer *p = layer->state;
    if (!pass_down)
        return NN_OK;
    matrix_fill(&layer->grad_input, 0);
    for (int i = 0; i < grad_output->rows; i++) {
        scalar *in = layer->grad_input.data + (size_t)i * layer->inputs;
        const scalar *g = grad_output->data + (size_t)i * layer->outputs;
        const int *won = p->winners + (size_t)i * layer->outputs;
        for (int o = 0; o < layer->outputs; o++)
            in[won[o]] += g[o];
    }
    return NN_OK;
}
static bool pool_clear_of_kinks(const Layer *layer, double margin)
{
    const LayerSpec *s = &layer->spec;
    const PoolLayer *p = layer->state;
    int c = s->channels, out_w = s->width / s->kernel_w;
    for (int i = 0; i < layer->input.rows; i++) {
        const scalar *image = layer->input.data + (size_t)i * s->inputs;
        for (int o = 0; o < layer->outputs; o++) {
            int y = o / c / out_w, xo = o / c % out_w, ch = o % c;
            int won = p->winners[(size_t)i * layer->outputs + o];
            for (int a = 0; a < s->kernel_h; a++)
                for (int b = 0; b < s->kernel_w; b++) {
                    int row = y * s->kernel_h + a, col = xo * s->kernel_w + b;
                    int at = (row * s->width + col) * c + ch;
                    if (at != won && image[won] - image[at] <= margin)
                        return false;
                }
        }
    }
    return true;
}
static void pool_example(LayerSpec *spec, int inputs, Activation act)
{
    (void)act;
    int c = inputs == 4 ? 2 : 1, w = inputs / c;
    *spec = (LayerSpec)LAYER_POOL(1, w, c, 1);
    spec->kernel_w = w;
    pool_check(spec, &spec->outputs);
}
static int pool_fields(const LayerSpec *s, double *fields)
{
    fields[0] = s->height;
    fields[1] = s->width;
    fields[2] = s->kernel_h;
    fields[3] = s->kernel_w;
    return 4;
}

static nn_status pool_set_fields(LayerSpec *s, const double *fields,
                                 int count)
{
    int v[4];
    nn_status status = conv_whole_fields("pool", fields, count, 4, v);
    if (status != NN_OK)
        return status;
    long long pixels = (long long)(v[0] > 0 ? v[0] : 1)
                       * (v[1] > 0 ? v[1] : 1);
    *s = (LayerSpec){ .inputs = s->inputs, .outputs = s->outputs,
                      .kind = s->kind, .height = v[0], .width = v[1],
                      .channels = (int)(s->inputs / pixels),
                      .kernel_h = v[2], .kernel_w = v[3] };
    return NN_OK;
}

const LayerKind pool_kind = {
    .name = "pool", .check = pool_check, .setup = pool_setup,
    .forward = pool_forward, .free = pool_free,
    .backward = pool_backward, .example = pool_example,
    .clear_of_kinks = pool_clear_of_kinks,
    .fields = pool_fields, .set_fields = pool_set_fields,
};
