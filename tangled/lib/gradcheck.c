/* lib/gradcheck.c: the gradient check, and the sweep that runs it on
   every combination of layer kind, activation and loss. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include "dense.h"
#include "gradcheck.h"

#define GRADCHECK_FLOOR 1e-3

static double relative_error(double analytic, double numeric)
{
    double scale = fmax(fmax(fabs(analytic), fabs(numeric)),
                        GRADCHECK_FLOOR);
    double error = fabs(analytic - numeric) / scale;
    return isnan(error) ? INFINITY : error;
}
static nn_status forward_from(Network *net, const Matrix *x,
                              const Rng *start, const Matrix **output)
{
    if (net->training != NULL)
        *net->training = *start;
    return network_forward(net, x, output);
}
static nn_status analytic_gradient(Network *net, const Matrix *x,
                                   const Matrix *target, const Head *loss,
                                   const Rng *start)
{
    const Matrix *output;
    Matrix grad = { 0, 0, NULL };
    nn_status status = forward_from(net, x, start, &output);
    if (status == NN_OK)
        status = matrix_init(&grad, output->rows, output->cols);
    if (status == NN_OK)
        status = head_gradient(loss, output, target, &grad);
    if (status == NN_OK)
        status = network_backward(net, &grad);
    matrix_free(&grad);
    return status;
}
static nn_status loss_at(Network *net, const Matrix *x, const Matrix *target,
                         const Head *loss, const Rng *start, double *value)
{
    const Matrix *output;
    scalar l = 0;
    nn_status status = forward_from(net, x, start, &output);
    if (status == NN_OK)
        status = head_loss(loss, output, target, &l);
    *value = l;
    return status;
}
static nn_status central_difference(Network *net, const Matrix *x,
                                    const Matrix *target, const Head *loss,
                                    const Rng *start, double h, size_t i,
                                    double *slope)
{
    scalar *p = &net->params[i];
    const scalar saved = *p;
    const scalar plus = (scalar)(saved + h), minus = (scalar)(saved - h);
    if (plus == minus)
        return nn_fail(NN_ERR_ARG, "gradient_check: h = %g does not move "
                       "parameter %zu (%g)", h, i, (double)saved);
    double loss_plus = 0, loss_minus = 0;
    *p = plus;
    nn_status status = loss_at(net, x, target, loss, start, &loss_plus);
    *p = minus;
    if (status == NN_OK)
        status = loss_at(net, x, target, loss, start, &loss_minus);
    *p = saved;
    *slope = (loss_plus - loss_minus) / ((double)plus - (double)minus);
    return status;
}
static void locate_parameter(Network *net, GradCheckWorst *worst)
{
    for (int l = 0; l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        if (worst->index < layer->param_offset
            || worst->index - layer->param_offset >= layer->param_count)
            continue;
        size_t k = worst->index - layer->param_offset;
        LayerParameter list[LAYER_MAX_PARAMETERS];
        int count = layer_parameters(layer, list), i = 0;
        while (i < count - 1 && k >= matrix_size(list[i].value))
            k -= matrix_size(list[i++].value);
        worst->layer = l;
        worst->what = list[i].name;
        worst->row = (int)(k / (size_t)list[i].value->cols);
        worst->col = (int)(k % (size_t)list[i].value->cols);
        return;
    }
}
nn_status gradient_check(Network *net, const Matrix *x,
                         const Matrix *target, const Head *loss, double h,
                         GradCheckWorst *worst)
{
    *worst = (GradCheckWorst){ .layer = -1, .what = "none",
                               .relative_error = -1 };
    if (!(h > 0))
        return nn_fail(NN_ERR_ARG, "gradient_check: the step h must be "
                       "positive, not %g", h);
    const Rng start = net->training != NULL ? *net->training : (Rng){ 0 };
    nn_status status = analytic_gradient(net, x, target, loss, &start);
    for (size_t i = 0; i < net->param_count && status == NN_OK; i++) {
        double numeric = 0;
        status = central_difference(net, x, target, loss, &start, h, i,
                                    &numeric);
        double analytic = net->grads[i];
        double error = relative_error(analytic, numeric);
        if (status == NN_OK && error > worst->relative_error) {
            worst->index = i;
            worst->analytic = analytic;
            worst->numeric = numeric;
            worst->relative_error = error;
        }
    }
    if (status == NN_OK)
        locate_parameter(net, worst);
    return status;
}
void gradcheck_describe(const GradCheckCase *c, char *name, size_t size)
{
    const char *extra = c->kind == &dense_kind ? "" : c->kind->name;
    if (c->depth == 1)
        snprintf(name, size, "1 layer, output %s, %s",
                 activation_name(c->output), (c->loss)->name);
    else
        snprintf(name, size, "%d layers%s%s, hidden %s, output %s, %s",
                 c->depth, *extra ? " and " : "", extra,
                 activation_name(c->hidden), activation_name(c->output),
                 (c->loss)->name);
}
static void draw_numbers(const GradCheckCase *c, Rng *rng, Network *net,
                         Matrix *x, Matrix *target)
{
    for (size_t i = 0; i < net->param_count; i++)
        net->params[i] = (scalar)(0.5 * rng_normal(rng));
    for (size_t i = 0; i < matrix_size(x); i++)
        x->data[i] = (scalar)rng_normal(rng);
    for (int r = 0; r < target->rows; r++) {
        int label = (int)rng_below(rng, (uint32_t)target->cols);
        for (int j = 0; j < target->cols; j++)
            MAT(target, r, j) = c->loss == &head_cross_entropy
                                    ? (j == label)
                                    : (scalar)rng_uniform(rng);
    }
}
#define KINK_MARGIN 1e-3

static bool reaches_every_layer(const GradCheckCase *c, Network *net,
                                const Matrix *x, const Matrix *target);

static bool clear_of_kinks(Network *net, const Matrix *x)
{
    const Matrix *output;
    Rng saved = net->training != NULL ? *net->training : (Rng){ 0 };
    bool clear = network_forward(net, x, &output) == NN_OK;
    for (int l = 0; clear && l < net->layer_count; l++) {
        const Layer *layer = &net->layers[l];
        if (layer->kind->clear_of_kinks != NULL)
            clear = layer->kind->clear_of_kinks(layer, KINK_MARGIN);
    }
    if (net->training != NULL)
        *net->training = saved;
    return clear;
}
nn_status gradcheck_draw(const GradCheckCase *c, Rng *rng, Rng *training,
                         Network *net, Matrix *x, Matrix *target)
{
    LayerSpec specs[4];
    int width = 2 + (int)rng_below(rng, 3), count = 0;
    for (int l = 0; l < c->depth; l++) {
        bool last = l == c->depth - 1;
        int outputs = 2 + (int)rng_below(rng, last ? 3 : 4);
        specs[count] = (LayerSpec)LAYER_DENSE(width, outputs,
                                              last ? c->output : c->hidden);
        width = specs[count++].outputs;
        if (l == 0 && c->kind != &dense_kind) {
            if (c->kind->example == NULL)
                return nn_fail(NN_ERR_ARG, "the %s layer has no example for the "
                               "gradient sweep", c->kind->name);
            c->kind->example(&specs[count], width, c->hidden);
            width = specs[count++].outputs;
        }
    }
    int n = 2 + (int)rng_below(rng, 4);
    nn_status s = network_init(net, count, specs, n);
    net->training = training;
    if (s == NN_OK)
        s = matrix_init(x, n, specs[0].inputs);
    if (s == NN_OK)
        s = matrix_init(target, n, width);
    for (int attempt = 0; s == NN_OK && attempt < 1000; attempt++) {
        draw_numbers(c, rng, net, x, target);
        if (training != NULL)
            rng_uniform(training);   /* each attempt, other training draws */
        if (clear_of_kinks(net, x) && reaches_every_layer(c, net, x, target))
            return NN_OK;
    }
    return s == NN_OK ? nn_fail(NN_ERR_ARG, "no draw in 1000 was clear of "
                                "the kinks and reached every layer") : s;
}
static bool reaches_every_layer(const GradCheckCase *c, Network *net,
                                const Matrix *x, const Matrix *target)
{
    const Matrix *output;
    Matrix grad = { 0, 0, NULL };
    Rng saved = net->training != NULL ? *net->training : (Rng){ 0 };
    nn_status s = network_forward(net, x, &output);
    if (s == NN_OK)
        s = matrix_init(&grad, output->rows, output->cols);
    if (s == NN_OK)
        s = head_gradient(c->loss, output, target, &grad);
    if (s == NN_OK)
        s = network_backward(net, &grad);
    matrix_free(&grad);
    if (net->training != NULL)
        *net->training = saved;
    return s == NN_OK && gradcheck_every_layer_has_a_gradient(net);
}
static bool all_zero(const Matrix *m)
{
    for (size_t i = 0; i < matrix_size(m); i++)
        if (m->data[i] != 0)
            return false;
    return true;
}

bool gradcheck_every_layer_has_a_gradient(Network *net)
{
    for (int l = 0; l < net->layer_count; l++) {
        Layer *layer = &net->layers[l];
        LayerParameter list[LAYER_MAX_PARAMETERS];
        int count = layer_parameters(layer, list);
        for (int i = 0; i < count; i++)
            if (all_zero(list[i].grad))
                return false;
    }
    return true;
}
static void check_case(const GradCheckCase *c, Rng *rng, double h,
                       GradCheckReport *report, void *context)
{
    char name[120];
    gradcheck_describe(c, name, sizeof name);
    Network net = { 0 };
    Matrix x = { 0, 0, NULL }, target = { 0, 0, NULL };
    GradCheckWorst worst = { .layer = -1, .what = "none",
                             .relative_error = -1 };
    Rng training;
    rng_seed(&training, rng_below(rng, 1u << 30), 6);
    nn_status s = gradcheck_draw(c, rng, &training, &net, &x, &target);
    if (s == NN_OK)
        s = gradient_check(&net, &x, &target, c->loss, h, &worst);
    report(context, name, s, &worst,
           s == NN_OK && gradcheck_every_layer_has_a_gradient(&net));
    network_free(&net);
    matrix_free(&x);
    matrix_free(&target);
}
void gradient_sweep(Rng *rng, double h, GradCheckReport *report,
                    void *context)
{
    for (int k = 0; k < layer_kind_count(); k++)
        for (int depth = 1; depth <= 3; depth++)
            for (int hid = ACT_IDENTITY; hid <= ACT_SOFTMAX; hid++)
                for (int i = 0; i < head_count(); i++)
                    for (int out = ACT_IDENTITY; out <= ACT_SOFTMAX; out++) {
                        GradCheckCase c = { layer_kind_at(k), depth,
                                            (Activation)hid, (Activation)out,
                                            head_at(i) };
                        if ((depth == 1 && (hid != ACT_IDENTITY || c.kind != &dense_kind))
                            || (c.loss->own_activation && out != ACT_IDENTITY))
                            continue;
                        check_case(&c, rng, h, report, context);
                    }
}
