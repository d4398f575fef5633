/* lib/loss.c: mean squared error, softmax cross-entropy, accuracy. */
#include <math.h>
#include <string.h>
#include "loss.h"

static nn_status check_loss_shapes(const char *function,
                                   const Matrix *output,
                                   const Matrix *target)
{
    if (output->rows != target->rows || output->cols != target->cols)
        return nn_fail(NN_ERR_SHAPE, "%s: the output is %dx%d but the "
                       "target is %dx%d", function, output->rows,
                       output->cols, target->rows, target->cols);
    if (output->rows < 1 || output->cols < 1)
        return nn_fail(NN_ERR_SHAPE, "%s: the batch is %dx%d; a loss needs "
                       "at least one number", function, output->rows,
                       output->cols);
    return NN_OK;
}
static double squared_error_sum(const Matrix *y, const Matrix *t)
{
    double sum = 0;
    for (size_t k = 0; k < matrix_size(y); k++) {
        double d = (double)y->data[k] - t->data[k];
        sum += 0.5 * d * d;
    }
    return sum;
}
static void squared_error_gradient(const Matrix *y, const Matrix *t,
                                   double scale, Matrix *grad)
{
    for (size_t k = 0; k < matrix_size(y); k++)
        grad->data[k] = (scalar)(scale * ((double)y->data[k] - t->data[k]));
}
/* log(sum over j of exp(z[j])), as m + log(sum of exp(z[j] - m)) with m
   the largest z[j], so that no exponential can overflow */
static double log_sum_exp(const scalar *z, int k)
{
    double max = z[0], sum = 0;
    for (int j = 1; j < k; j++)
        max = z[j] > max ? z[j] : max;
    for (int j = 0; j < k; j++)
        sum += exp(z[j] - max);
    return max + log(sum);
}
static double cross_entropy_sum(const Matrix *z, const Matrix *t)
{
    double sum = 0;
    for (int i = 0; i < z->rows; i++) {
        double lse = log_sum_exp(&MAT(z, i, 0), z->cols);
        for (int j = 0; j < z->cols; j++)
            if (MAT(t, i, j) != 0)
                sum += MAT(t, i, j) * (lse - MAT(z, i, j));
    }
    return sum;
}
nn_status loss_value(LossKind kind, const Matrix *output,
                     const Matrix *target, scalar *loss)
{
    nn_status status = check_loss_shapes("loss_value", output, target);
    if (status != NN_OK)
        return status;
    double sum;
    switch (kind) {
    case LOSS_MSE:
        sum = squared_error_sum(output, target);
        break;
    case LOSS_CROSS_ENTROPY:
        sum = cross_entropy_sum(output, target);
        break;
    default:
        return nn_fail(NN_ERR_ARG, "loss_value: unknown loss %d", (int)kind);
    }
    *loss = (scalar)(sum / output->rows);
    return NN_OK;
}
static void cross_entropy_gradient(const Matrix *z, const Matrix *t,
                                   double scale, Matrix *grad)
{
    for (int i = 0; i < z->rows; i++) {
        double lse = log_sum_exp(&MAT(z, i, 0), z->cols);
        for (int j = 0; j < z->cols; j++) {
            double p = exp(MAT(z, i, j) - lse);
            MAT(grad, i, j) = (scalar)(scale * (p - MAT(t, i, j)));
        }
    }
}
nn_status loss_gradient(LossKind kind, const Matrix *output,
                        const Matrix *target, Matrix *grad)
{
    nn_status status = check_loss_shapes("loss_gradient", output, target);
    if (status != NN_OK)
        return status;
    if (grad->rows != output->rows || grad->cols != output->cols)
        return nn_fail(NN_ERR_SHAPE, "loss_gradient: the gradient is %dx%d "
                       "but the output is %dx%d", grad->rows, grad->cols,
                       output->rows, output->cols);
    double scale = 1.0 / output->rows;
    switch (kind) {
    case LOSS_MSE:
        squared_error_gradient(output, target, scale, grad);
        return NN_OK;
    case LOSS_CROSS_ENTROPY:
        cross_entropy_gradient(output, target, scale, grad);
        return NN_OK;
    }
    return nn_fail(NN_ERR_ARG, "loss_gradient: unknown loss %d", (int)kind);
}
double accuracy(const Matrix *output, const Matrix *target)
{
    if (check_loss_shapes("accuracy", output, target) != NN_OK)
        return NAN;
    int correct = 0;
    for (int i = 0; i < output->rows; i++)
        correct += matrix_argmax_row(output, i)
                   == matrix_argmax_row(target, i);
    return (double)correct / output->rows;
}
static const char *const loss_names[] = {
    [LOSS_MSE] = "mse", [LOSS_CROSS_ENTROPY] = "cross-entropy",
};
enum { LOSS_COUNT = sizeof loss_names / sizeof *loss_names };

const char *loss_name(LossKind kind)
{
    if ((int)kind < 0 || (int)kind >= LOSS_COUNT)
        return "unknown";
    return loss_names[kind];
}
nn_status loss_from_name(const char *name, LossKind *kind)
{
    for (int k = 0; k < LOSS_COUNT; k++)
        if (name != NULL && strcmp(name, loss_names[k]) == 0) {
            *kind = (LossKind)k;
            return NN_OK;
        }
    return nn_fail(NN_ERR_ARG, "unknown loss \"%s\"; the losses are mse "
                   "and cross-entropy", name != NULL ? name : "(null)");
}
