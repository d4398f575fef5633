/* lib/loss.c: the three heads (mean squared error; softmax and
   cross-entropy; sigmoid and binary cross-entropy) and their table. */
#include <math.h>
#include <string.h>
#include "activation.h"
#include "core.h"
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
nn_status head_loss(const Head *head, const Matrix *output,
                    const Matrix *target, scalar *loss)
{
    nn_status status = check_loss_shapes("head_loss", output, target);
    if (status != NN_OK)
        return status;
    if (head == NULL)
        return nn_fail(NN_ERR_ARG, "head_loss: there is no head");
    *loss = (scalar)(head->loss_sum(output, target) / output->rows);
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
nn_status head_gradient(const Head *head, const Matrix *output,
                        const Matrix *target, Matrix *grad)
{
    nn_status status = check_loss_shapes("head_gradient", output, target);
    if (status != NN_OK)
        return status;
    if (grad->rows != output->rows || grad->cols != output->cols)
        return nn_fail(NN_ERR_SHAPE, "head_gradient: the gradient is %dx%d "
                       "but the output is %dx%d", grad->rows, grad->cols,
                       output->rows, output->cols);
    if (head == NULL)
        return nn_fail(NN_ERR_ARG, "head_gradient: there is no head");
    head->gradient(output, target, 1.0 / output->rows, grad);
    return NN_OK;
}
static double binary_cross_entropy_sum(const Matrix *z, const Matrix *t)
{
    double sum = 0;
    for (size_t k = 0; k < matrix_size(z); k++) {
        double x = z->data[k];
        sum += fmax(x, 0) - t->data[k] * x + log1p(exp(-fabs(x)));
    }
    return sum;
}
/* sigma(x), from exp(-|x|) alone, so that nothing overflows */
static double stable_sigmoid(double x)
{
    double e = exp(-fabs(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

static void binary_cross_entropy_gradient(const Matrix *z, const Matrix *t,
                                          double scale, Matrix *grad)
{
    for (size_t k = 0; k < matrix_size(z); k++)
        grad->data[k] = (scalar)(scale * (stable_sigmoid(z->data[k])
                                          - t->data[k]));
}
void head_predict(const Head *head, Matrix *output)
{
    head->predict(output);
}

static void softmax_rows(Matrix *z)
{
    activation_forward(ACT_SOFTMAX, z);
}

static void sigmoid_each(Matrix *z)
{
    for (size_t k = 0; k < matrix_size(z); k++)
        z->data[k] = (scalar)stable_sigmoid(z->data[k]);
}

static void as_it_is(Matrix *y)
{
    (void)y;
}
nn_status head_tally(const Head *head, const Matrix *output,
                     const Matrix *target, HeadTally *tally)
{
    nn_status status = check_loss_shapes("head_tally", output, target);
    if (status != NN_OK)
        return status;
    head->tally(output, target, tally);
    tally->examples += output->rows;
    tally->numbers += (long)matrix_size(output);
    return NN_OK;
}

double head_score(const Head *head, const HeadTally *tally)
{
    return head->score(tally);
}
static void tally_classes(const Matrix *z, const Matrix *t, HeadTally *c)
{
    for (int i = 0; i < z->rows; i++)
        c->right += matrix_argmax_row(z, i) == matrix_argmax_row(t, i);
}

static void tally_answers(const Matrix *z, const Matrix *t, HeadTally *c)
{
    for (size_t k = 0; k < matrix_size(z); k++)
        c->right += (z->data[k] >= 0) == (t->data[k] >= 0.5f);
}

static void tally_errors(const Matrix *y, const Matrix *t, HeadTally *c)
{
    for (size_t k = 0; k < matrix_size(y); k++) {
        double d = (double)y->data[k] - t->data[k];
        c->squared += d * d;
        c->absolute += fabs(d);
    }
}
static double class_accuracy(const HeadTally *c)
{
    return c->examples > 0 ? (double)c->right / (double)c->examples : 0;
}

static double answer_accuracy(const HeadTally *c)
{
    return c->numbers > 0 ? (double)c->right / (double)c->numbers : 0;
}

static double root_mean_squared_error(const HeadTally *c)
{
    return c->numbers > 0 ? sqrt(c->squared / (double)c->numbers) : 0;
}
const Head head_mse = {
    "mse", "regression", "rmse", false, squared_error_sum,
    squared_error_gradient, as_it_is, tally_errors, root_mean_squared_error,
};
const Head head_cross_entropy = {
    "cross-entropy", "classes", "accuracy", true, cross_entropy_sum,
    cross_entropy_gradient, softmax_rows, tally_classes, class_accuracy,
};
const Head head_binary_cross_entropy = {
    "binary-cross-entropy", "binary", "accuracy", true,
    binary_cross_entropy_sum, binary_cross_entropy_gradient, sigmoid_each,
    tally_answers, answer_accuracy,
};
static const Head *const head_table[] = {
    &head_mse, &head_cross_entropy, &head_binary_cross_entropy,
    
};
enum { HEAD_COUNT = sizeof head_table / sizeof *head_table };

int head_count(void)
{
    return HEAD_COUNT;
}

const Head *head_at(int i)
{
    return i >= 0 && i < HEAD_COUNT ? head_table[i] : NULL;
}
static const char *head_name_at(int i)
{
    return head_table[i]->name;
}

nn_status head_find(const char *name, const Head **head)
{
    int i = 0;
    nn_status status = nn_lookup("head", name, HEAD_COUNT, head_name_at, &i);
    if (status == NN_OK)
        *head = head_table[i];
    return status;
}
