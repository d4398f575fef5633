/* lib/gradcheck.c */
#include <math.h>
#include "gradcheck.h"

#define GRADCHECK_FLOOR 1e-3

static double relative_error(double analytic, double numeric)
{
    double scale = fmax(fmax(fabs(analytic), fabs(numeric)),
                        GRADCHECK_FLOOR);
    double error = fabs(analytic - numeric) / scale;
    return isnan(error) ? INFINITY : error;
}
static nn_status analytic_gradient(Network *net, const Matrix *x,
                                   const Matrix *target, LossKind loss)
{
    const Matrix *output;
    Matrix grad = { 0, 0, NULL };
    nn_status status = network_forward(net, x, &output);
    if (status == NN_OK)
        status = matrix_init(&grad, output->rows, output->cols);
    if (status == NN_OK)
        status = loss_gradient(loss, output, target, &grad);
    if (status == NN_OK)
        status = network_backward(net, &grad);
    matrix_free(&grad);
    return status;
}
static nn_status loss_at(Network *net, const Matrix *x, const Matrix *target,
                         LossKind loss, double *value)
{
    const Matrix *output;
    scalar l = 0;
    nn_status status = network_forward(net, x, &output);
    if (status == NN_OK)
        status = loss_value(loss, output, target, &l);
    *value = l;
    return status;
}
static nn_status central_difference(Network *net, const Matrix *x,
                                    const Matrix *target, LossKind loss,
                                    double h, size_t i, double *slope)
{
    scalar *p = &net->params[i];
    const scalar saved = *p;
    const scalar plus = (scalar)(saved + h), minus = (scalar)(saved - h);
    if (plus == minus)
        return nn_fail(NN_ERR_ARG, "gradient_check: h = %g does not move "
                       "parameter %zu (%g)", h, i, (double)saved);
    double loss_plus = 0, loss_minus = 0;
    *p = plus;
    nn_status status = loss_at(net, x, target, loss, &loss_plus);
    *p = minus;
    if (status == NN_OK)
        status = loss_at(net, x, target, loss, &loss_minus);
    *p = saved;
    *slope = (loss_plus - loss_minus) / ((double)plus - (double)minus);
    return status;
}
static void locate_parameter(const Network *net, GradCheckWorst *worst)
{
    for (int l = 0; l < net->layer_count; l++) {
        const Layer *layer = &net->layers[l];
        if (worst->index < layer->param_offset
            || worst->index - layer->param_offset >= layer->param_count)
            continue;
        size_t k = worst->index - layer->param_offset;
        size_t weights = matrix_size(&layer->weights);
        const Matrix *m = k < weights ? &layer->weights : &layer->bias;
        worst->what = k < weights ? "weights" : "bias";
        k = k < weights ? k : k - weights;
        worst->layer = l;
        worst->row = (int)(k / (size_t)m->cols);
        worst->col = (int)(k % (size_t)m->cols);
        return;
    }
}
nn_status gradient_check(Network *net, const Matrix *x,
                         const Matrix *target, LossKind loss, double h,
                         GradCheckWorst *worst)
{
    *worst = (GradCheckWorst){ .layer = -1, .what = "none",
                               .relative_error = -1 };
    if (!(h > 0))
        return nn_fail(NN_ERR_ARG, "gradient_check: the step h must be "
                       "positive, not %g", h);
    nn_status status = analytic_gradient(net, x, target, loss);
    for (size_t i = 0; i < net->param_count && status == NN_OK; i++) {
        double numeric = 0;
        status = central_difference(net, x, target, loss, h, i, &numeric);
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
