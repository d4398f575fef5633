/* lib/activation.c */
#include <stdio.h>
#include <string.h>
#include <tgmath.h>
#include "activation.h"

static const char *const activation_names[] = {
    [ACT_IDENTITY] = "identity",     [ACT_SIGMOID] = "sigmoid",
    [ACT_TANH] = "tanh",             [ACT_RELU] = "relu",
    [ACT_LEAKY_RELU] = "leaky_relu", [ACT_SOFTMAX] = "softmax",
};
enum { ACTIVATION_COUNT = sizeof activation_names / sizeof *activation_names };
/* x[0..n-1] = softmax(x), computed as softmax(x - max x). */
static void softmax_row(scalar *x, int n)
{
    scalar max = -INFINITY, sum = 0;
    for (int i = 0; i < n; i++)
        max = x[i] > max ? x[i] : max;
    for (int i = 0; i < n; i++) {
        x[i] = exp(x[i] - max);
        sum += x[i];
    }
    for (int i = 0; i < n; i++)
        x[i] /= sum;
}
/* g[i] = y[i] (g[i] - sum over j of g[j] y[j]): the incoming gradient g
   times the Jacobian of softmax at its output y, in place. */
static void softmax_row_backward(const scalar *y, scalar *g, int n)
{
    scalar dot = 0;
    for (int j = 0; j < n; j++)
        dot += g[j] * y[j];
    for (int i = 0; i < n; i++)
        g[i] = y[i] * (g[i] - dot);
}
nn_status activation_forward(Activation act, Matrix *m)
{
    scalar *x = m->data;
    size_t n = matrix_size(m);
    switch (act) {
    case ACT_IDENTITY:
        return NN_OK;
    case ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            x[i] = 1 / (1 + exp(-x[i]));
        return NN_OK;
    case ACT_TANH:
        for (size_t i = 0; i < n; i++)
            x[i] = tanh(x[i]);
        return NN_OK;
    case ACT_RELU:
        for (size_t i = 0; i < n; i++)
            x[i] = x[i] < 0 ? 0 : x[i];
        return NN_OK;
    case ACT_LEAKY_RELU:
        for (size_t i = 0; i < n; i++)
            x[i] = x[i] < 0 ? LEAKY_RELU_SLOPE * x[i] : x[i];
        return NN_OK;
    case ACT_SOFTMAX:
        for (int r = 0; r < m->rows; r++)
            softmax_row(&MAT(m, r, 0), m->cols);
        return NN_OK;
    }
    return nn_fail(NN_ERR_ARG, "activation_forward: unknown activation %d",
                   (int)act);
}
nn_status activation_backward(Activation act, const Matrix *y,
                              Matrix *grad)
{
    if (y->rows != grad->rows || y->cols != grad->cols)
        return nn_fail(NN_ERR_SHAPE, "activation_backward (%s): the output is "
                       "%dx%d but its gradient is %dx%d", activation_name(act),
                       y->rows, y->cols, grad->rows, grad->cols);
    const scalar *out = y->data;
    scalar *g = grad->data;
    size_t n = matrix_size(y);
    switch (act) {
    case ACT_IDENTITY:
        return NN_OK;
    case ACT_SIGMOID:
        for (size_t i = 0; i < n; i++)
            g[i] *= out[i] * (1 - out[i]);
        return NN_OK;
    case ACT_TANH:
        for (size_t i = 0; i < n; i++)
            g[i] *= 1 - out[i] * out[i];
        return NN_OK;
    case ACT_RELU:
        for (size_t i = 0; i < n; i++)
            g[i] = out[i] > 0 ? g[i] : 0;
        return NN_OK;
    case ACT_LEAKY_RELU:
        for (size_t i = 0; i < n; i++)
            g[i] = out[i] > 0 ? g[i] : LEAKY_RELU_SLOPE * g[i];
        return NN_OK;
    case ACT_SOFTMAX:
        for (int r = 0; r < y->rows; r++)
            softmax_row_backward(&MAT(y, r, 0), &MAT(grad, r, 0), y->cols);
        return NN_OK;
    }
    return nn_fail(NN_ERR_ARG, "activation_backward: unknown activation %d",
                   (int)act);
}
const char *activation_name(Activation act)
{
    if ((int)act < 0 || (int)act >= ACTIVATION_COUNT)
        return "unknown";
    return activation_names[act];
}

int activation_count(void)
{
    return ACTIVATION_COUNT;
}
static const char *activation_at(int i)
{
    return activation_names[i];
}

nn_status activation_from_name(const char *name, Activation *act)
{
    int i = 0;
    nn_status status = nn_lookup("activation", name, ACTIVATION_COUNT,
                                 activation_at, &i);
    if (status == NN_OK)
        *act = (Activation)i;
    return status;
}
