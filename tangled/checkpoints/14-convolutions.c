/* checkpoints/14-convolutions.c */
/* checkpoint-cflags: -DNN_SCALAR_DOUBLE */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "batchnorm.h"
#include "conv.h"
#include "dense.h"
#include "gradcheck.h"
#include "model.h"
#include "pool.h"
#include "tap.h"
#include "train.h"

static void need(nn_status status)
{
    if (status != NN_OK) {
        tap_ok(false, "setup: %s", nn_error());
        exit(tap_done());
    }
}

static bool near_all(const scalar *got, const double *want, int count,
                     double tolerance)
{
    for (int k = 0; k < count; k++)
        if (!(fabs(got[k] - want[k]) <= tolerance))
            return false;
    return true;
}
static double direct_conv(const LayerSpec *s, const scalar *image,
                          const Matrix *k, const Matrix *bias, int y,
                          int x, int f)
{
    double sum = bias->data[f];
    for (int a = 0; a < s->kernel_h; a++)
        for (int b = 0; b < s->kernel_w; b++)
            for (int c = 0; c < s->channels; c++) {
                int iy = y * s->stride + a - s->padding,
                    ix = x * s->stride + b - s->padding;
                if (iy >= 0 && iy < s->height && ix >= 0 && ix < s->width)
                    sum += image[(iy * s->width + ix) * s->channels + c]
                           * MAT(k, (a * s->kernel_w + b) * s->channels
                                 + c, f);
            }
    return sum;
}
static double worst_against_direct(Network *net, const Matrix *x)
{
    const Layer *layer = &net->layers[0];
    const LayerSpec *s = &layer->spec;
    const ConvLayer *c = layer->state;
    double worst = 0;
    for (int i = 0; i < x->rows; i++)
        for (int y = 0; y < c->out_h; y++)
            for (int xo = 0; xo < c->out_w; xo++)
                for (int f = 0; f < s->filters; f++) {
                    double want = direct_conv(s, x->data + i * x->cols,
                                              &c->weights, &c->bias, y, xo,
                                              f);
                    double got = MAT(&layer->output, i,
                                     (y * c->out_w + xo) * s->filters + f);
                    worst = fmax(worst, fabs(got - want));
                }
    return worst;
}
static void draw_bars(Dataset *d, int count, Rng *rng)
{
    *d = (Dataset){ .count = count, .features = 64, .classes = 2,
                .outputs = 2 };
    d->x = calloc((size_t)count * 64, sizeof *d->x);
    d->labels = calloc((size_t)count, sizeof *d->labels);
    if (d->x == NULL || d->labels == NULL)
        need(nn_fail(NN_ERR_NOMEM, "out of memory for the bars"));
    for (int i = 0; i < count; i++) {
        int vertical = (int)rng_below(rng, 2), at = (int)rng_below(rng, 8);
        scalar *image = d->x + (size_t)i * 64;
        d->labels[i] = vertical;
        for (int k = 0; k < 64; k++)
            image[k] = (scalar)(0.3 * rng_uniform(rng));
        for (int k = 0; k < 8; k++)
            image[vertical ? k * 8 + at : at * 8 + k] = 1;
    }
}
typedef struct {
    const char *what;
    int stride, padding;
    double z[4], dk[4], db, dx[9];
} HandExample;

static void test_conv_by_hand(const HandExample *e)
{
    LayerSpec spec = LAYER_CONV(3, 3, 1, 1, 2, e->stride, e->padding,
                                ACT_IDENTITY);
    Network net;
    need(network_init(&net, 1, &spec, 1));
    net.input_gradient = true;
    ConvLayer *c = conv_state(&net.layers[0]);
    const scalar image[9] = { 1, 2, 0, 0, 1, 3, 2, 1, 1 };
    const scalar filter[4] = { 1, 0, -1, 2 };
    memcpy(c->weights.data, filter, sizeof filter);
    Matrix x = matrix_view(1, 9, (scalar *)image), ones;
    const Matrix *y;
    need(network_forward(&net, &x, &y));
    tap_ok(y->cols == 4 && near_all(y->data, e->z, 4, 1e-12),
           "%s: the output is right", e->what);
    need(matrix_init(&ones, 1, 4));
    matrix_fill(&ones, 1);
    need(network_backward(&net, &ones));
    tap_ok(near_all(c->grad_weights.data, e->dk, 4, 1e-12)
           && fabs(c->grad_bias.data[0] - e->db) < 1e-12,
           "%s: the filter's and the bias's gradients are right", e->what);
    tap_ok(near_all(net.layers[0].grad_input.data, e->dx, 9, 1e-12),
           "%s: the input gradient is right", e->what);
    matrix_free(&ones);
    network_free(&net);
}
static void compare_with_direct(LayerSpec spec, int n, const char *what)
{
    Network net;
    Matrix x;
    Rng rng;
    const Matrix *y;
    rng_seed(&rng, 14, 1);
    need(network_init(&net, 1, &spec, n));
    need(matrix_init(&x, n, spec.inputs));
    for (size_t k = 0; k < net.param_count; k++)
        net.params[k] = (scalar)rng_normal(&rng);
    for (size_t k = 0; k < matrix_size(&x); k++)
        x.data[k] = (scalar)rng_normal(&rng);
    need(network_forward(&net, &x, &y));
    tap_ok(worst_against_direct(&net, &x) < 1e-9, "im2col and six loops "
           "agree: %s (%d images per patch matrix)", what,
           conv_state(&net.layers[0])->chunk);
    matrix_free(&x);
    network_free(&net);
}
static void test_chunks_add_up(void)
{
    LayerSpec spec = LAYER_CONV(64, 64, 8, 4, 3, 1, 1, ACT_IDENTITY);
    Network net;
    Matrix x, g, sum;
    Rng rng;
    const Matrix *y;
    rng_seed(&rng, 14, 2);
    need(network_init(&net, 1, &spec, 20));
    net.input_gradient = true;
    ConvLayer *c = conv_state(&net.layers[0]);
    need(matrix_init(&x, 20, spec.inputs));
    need(matrix_init(&g, 20, net.layers[0].outputs));
    need(matrix_init(&sum, c->weights.rows, c->weights.cols));
    for (size_t k = 0; k < net.param_count; k++)
        net.params[k] = (scalar)rng_normal(&rng);
    for (size_t k = 0; k < matrix_size(&x); k++)
        x.data[k] = (scalar)rng_normal(&rng);
    for (size_t k = 0; k < matrix_size(&g); k++)
        g.data[k] = (scalar)rng_normal(&rng);
    for (int i = 0; i < 20; i++) {
        Matrix xi = matrix_view(1, x.cols, x.data + (size_t)i * x.cols);
        Matrix gi = matrix_view(1, g.cols, g.data + (size_t)i * g.cols);
        need(network_forward(&net, &xi, &y));
        need(network_backward(&net, &gi));
        need(matrix_axpy(&sum, 1, &c->grad_weights));
    }
    need(network_forward(&net, &x, &y));
    need(network_backward(&net, &g));
    need(matrix_axpy(&sum, -1, &c->grad_weights));
    double worst = 0;
    for (size_t k = 0; k < matrix_size(&sum); k++)
        worst = fmax(worst, fabs(sum.data[k]));
    tap_ok(c->chunk < 20 && worst < 1e-8, "a batch in chunks of %d has the "
           "filter gradient of its images one by one (%.1e)", c->chunk, worst);
    matrix_free(&x), matrix_free(&g), matrix_free(&sum);
    network_free(&net);
}
static void test_pool_by_hand(void)
{
    LayerSpec spec = LAYER_POOL(2, 4, 1, 2);
    Network net;
    need(network_init(&net, 1, &spec, 1));
    net.input_gradient = true;
    scalar image[8] = { 1, 3, 4, 0, 2, 0, 5, -1 }, grad[2] = { 10, 20 };
    Matrix x = matrix_view(1, 8, image), g = matrix_view(1, 2, grad);
    const Matrix *y;
    need(network_forward(&net, &x, &y));
    const double want[2] = { 3, 5 }, down[8] = { 0, 10, 0, 0, 0, 0, 20, 0 };
    tap_ok(y->cols == 2 && near_all(y->data, want, 2, 0),
           "a 2x2 pool keeps each window's largest number");
    need(network_backward(&net, &g));
    tap_ok(near_all(net.layers[0].grad_input.data, down, 8, 0),
           "and routes each gradient to that number alone");
    network_free(&net);
}
static void test_batchnorm_modes(void)
{
    LayerSpec spec = LAYER_BATCHNORM(4, 2, ACT_IDENTITY);
    Network net;
    Rng rng, training;
    rng_seed(&rng, 14, 3);
    need(network_init(&net, 1, &spec, 3));
    network_initialize(&net, INIT_HE, 0, &rng);
    /* three images of two pixels with two channels: 10 + k, 100 k */
    scalar image[12] = { 10, 0, 11, 100, 12, 200, 13, 300, 14, 400,
                         15, 500 };
    Matrix x = matrix_view(3, 4, image);
    const Matrix *y;
    network_set_training(&net, &training);
    need(network_forward(&net, &x, &y));
    double mean[2] = { 0, 0 }, square[2] = { 0, 0 };
    for (int k = 0; k < 12; k++) {
        mean[k % 2] += y->data[k] / 6;
        square[k % 2] += y->data[k] * y->data[k] / 6;
    }
    tap_ok(fabs(mean[0]) < 1e-12 && fabs(mean[1]) < 1e-12
           && fabs(square[0] - 1) < 1e-5 && fabs(square[1] - 1) < 1e-5,
           "in training each channel comes out with mean 0 and variance 1");
    const BatchNormLayer *b = net.layers[0].state;
    const double m = spec.momentum;   /* 0.1, as a scalar */
    tap_ok(fabs(MAT(&b->numbers, 2, 0) - m * 12.5) < 1e-12
           && fabs(MAT(&b->numbers, 3, 0) - (1 - m + m * 3.5)) < 1e-12,
           "the running mean and variance move a tenth of the way");
    network_set_training(&net, NULL);
    need(network_forward(&net, &x, &y));
    const double eps = spec.epsilon;
    tap_near(y->data[0], (10 - m * 12.5) / sqrt(1 - m + m * 3.5 + eps),
             1e-9,
             "at evaluation it uses the running averages");
    network_free(&net);
}
static void test_small_cnn_gradients(void)
{
    LayerSpec specs[5] = {
        LAYER_CONV(6, 6, 2, 3, 3, 1, 1, ACT_TANH),
        LAYER_BATCHNORM(6 * 6 * 3, 3, ACT_LEAKY_RELU),
        LAYER_POOL(6, 6, 3, 2),
        LAYER_CONV(3, 3, 3, 2, 2, 2, 1, ACT_TANH),
        LAYER_DENSE(8, 3, ACT_IDENTITY),
    };
    Network net;
    Matrix x, target;
    Rng rng, training;
    rng_seed(&rng, 14, 4);
    rng_seed(&training, 14, 5);
    need(network_init(&net, 5, specs, 4));
    network_set_training(&net, &training);
    need(matrix_init(&x, 4, specs[0].inputs));
    need(matrix_init(&target, 4, 3));
    bool clear = false;
    for (int attempt = 0; !clear && attempt < 200; attempt++) {
        const Matrix *y;
        for (size_t k = 0; k < net.param_count; k++)
            net.params[k] = (scalar)(0.5 * rng_normal(&rng));
        for (size_t k = 0; k < matrix_size(&x); k++)
            x.data[k] = (scalar)rng_normal(&rng);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
                MAT(&target, i, j) = j == i % 3;
        Rng saved = training;
        need(network_forward(&net, &x, &y));
        training = saved;
        clear = true;
        for (int l = 0; l < net.layer_count; l++)
            clear = clear && net.layers[l].kind->clear_of_kinks(
                                 &net.layers[l], 1e-3);
    }
    GradCheckWorst worst;
    need(gradient_check(&net, &x, &target, &head_cross_entropy, 1e-5,
                        &worst));
    tap_ok(worst.relative_error < 1e-6 && gradcheck_every_layer_has_a_gradient(
               &net), "conv, batchnorm, pool, conv, dense: gradients agree "
           "with differences (worst %.1e, layer %d's %s)",
           worst.relative_error, worst.layer, worst.what);
    matrix_free(&x), matrix_free(&target);
    network_free(&net);
}
static void test_cnn_learns(void)
{
    LayerSpec specs[4] = {
        LAYER_CONV(8, 8, 1, 4, 3, 1, 1, ACT_IDENTITY),
        LAYER_BATCHNORM(8 * 8 * 4, 4, ACT_RELU),
        LAYER_POOL(8, 8, 4, 2),
        LAYER_DENSE(4 * 4 * 4, 2, ACT_IDENTITY),
    };
    Dataset train, test;
    Network net;
    Optimizer opt;
    Rng rng;
    rng_seed(&rng, 14, 6);
    draw_bars(&train, 1000, &rng);
    draw_bars(&test, 200, &rng);
    need(network_init(&net, 4, specs, 32));
    network_initialize(&net, INIT_HE, 0, &rng);
    OptimizerConfig config = optimizer_defaults(OPT_ADAM);
    config.learning_rate = 0.01f;
    need(optimizer_init(&opt, &config, net.param_count));
    TrainConfig tc = { .batch_size = 32, .epochs = 3,
                       .loss = &head_cross_entropy };
    double accuracy = 0;
    need(train_network(&net, &opt, &train, &tc, &rng, NULL));
    need(train_evaluate(&net, &test, &head_cross_entropy, NULL, &accuracy));
    tap_ok(accuracy >= 0.98, "a small CNN tells horizontal from vertical bars "
           "(accuracy %.3f on 200 new images)", accuracy);
    Network back;
    const Matrix *y1, *y2;
    Matrix x = matrix_view(32, 64, test.x);
    const char *path = "build/checkpoint-14-bars.nn";
    for (size_t k = 0; k < net.param_count; k++)
        net.params[k] = (scalar)(float)net.params[k];
    need(model_save(path, &net, NULL));
    need(model_load(path, &back, 32, NULL, NULL));
    need(network_forward(&net, &x, &y1));
    need(network_forward(&back, &x, &y2));
    tap_ok(back.layer_count == 4 && memcmp(y1->data, y2->data,
           matrix_size(y1) * sizeof(scalar)) == 0,
           "a CNN saved and loaded gives the same outputs");
    network_free(&back);
    remove(path);
    optimizer_free(&opt);
    network_free(&net);
    dataset_free(&train), dataset_free(&test);
}

int main(void)
{
    const HandExample by_hand[2] = {
        { "the hand example", 1, 0, { 3, 7, 0, 2 }, { 4, 6, 4, 6 }, 4,
          { 1, 1, 0, 0, 2, 2, -1, 1, 2 } },
        { "stride 2, padding 1", 2, 1, { 2, -2, 4, 2 }, { 1, 3, 3, 4 }, 4,
          { 2, -1, 2, 0, 1, 0, 2, -1, 2 } },
    };
    test_conv_by_hand(&by_hand[0]);
    test_conv_by_hand(&by_hand[1]);
    LayerSpec odd = LAYER_CONV(7, 6, 2, 3, 3, 2, 1, ACT_IDENTITY);
    odd.kernel_w = 2;
    compare_with_direct(odd, 5, "7x6x2, 3 filters of 3x2, stride 2, pad 1");
    compare_with_direct((LayerSpec)LAYER_CONV(64, 64, 8, 4, 3, 1, 1,
                                              ACT_IDENTITY), 20,
                        "64x64x8, 4 filters of 3x3, in chunks");
    test_chunks_add_up();
    test_pool_by_hand();
    test_batchnorm_modes();
    test_small_cnn_gradients();
    test_cnn_learns();
    return tap_done();
}
