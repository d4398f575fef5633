#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "matrix.h"

nn_status matrix_init(Matrix *m, int rows, int cols)
{
    *m = (Matrix){ 0, 0, NULL };
    if (rows < 0 || cols < 0)
        return nn_fail(NN_ERR_ARG, "matrix_init: %dx%d is not a shape",
                       rows, cols);
    size_t max_elements = PTRDIFF_MAX / sizeof(scalar);
    if (cols > 0 && (size_t)rows > max_elements / (size_t)cols)
        return nn_fail(NN_ERR_NOMEM, "matrix_init: a %dx%d matrix is too "
                       "large to allocate", rows, cols);
    size_t n = (size_t)rows * (size_t)cols;
    scalar *data = calloc(n > 0 ? n : 1, sizeof(scalar));
    if (data == NULL)
        return nn_fail(NN_ERR_NOMEM, "matrix_init: out of memory for a "
                       "%dx%d matrix", rows, cols);
    *m = (Matrix){ rows, cols, data };
    return NN_OK;
}
void matrix_free(Matrix *m)
{
    free(m->data);
    *m = (Matrix){ 0, 0, NULL };
}

Matrix matrix_view(int rows, int cols, scalar *data)
{
    return (Matrix){ rows, cols, data };
}

size_t matrix_size(const Matrix *m)
{
    return (size_t)m->rows * (size_t)m->cols;
}
static nn_status check_same_shape(const char *function, const Matrix *a,
                                  const Matrix *b)
{
    if (a->rows == b->rows && a->cols == b->cols)
        return NN_OK;
    return nn_fail(NN_ERR_SHAPE, "%s: shapes %dx%d and %dx%d differ",
                   function, a->rows, a->cols, b->rows, b->cols);
}
void matrix_fill(Matrix *m, scalar value)
{
    size_t n = matrix_size(m);
    for (size_t i = 0; i < n; i++)
        m->data[i] = value;
}

void matrix_scale(Matrix *m, scalar alpha)
{
    size_t n = matrix_size(m);
    for (size_t i = 0; i < n; i++)
        m->data[i] *= alpha;
}

nn_status matrix_copy(Matrix *dst, const Matrix *src)
{
    nn_status status = check_same_shape("matrix_copy", dst, src);
    if (status == NN_OK && dst->data != src->data)
        memcpy(dst->data, src->data, matrix_size(src) * sizeof(scalar));
    return status;
}
nn_status matrix_axpy(Matrix *y, scalar alpha, const Matrix *x)
{
    nn_status status = check_same_shape("matrix_axpy", y, x);
    if (status != NN_OK)
        return status;
    size_t n = matrix_size(y);
    for (size_t i = 0; i < n; i++)
        y->data[i] += alpha * x->data[i];
    return NN_OK;
}

nn_status matrix_hadamard(Matrix *y, const Matrix *x)
{
    nn_status status = check_same_shape("matrix_hadamard", y, x);
    if (status != NN_OK)
        return status;
    size_t n = matrix_size(y);
    for (size_t i = 0; i < n; i++)
        y->data[i] *= x->data[i];
    return NN_OK;
}
nn_status matrix_add_row(Matrix *m, const Matrix *row)
{
    if (row->rows != 1 || row->cols != m->cols)
        return nn_fail(NN_ERR_SHAPE, "matrix_add_row: the row is %dx%d but "
                       "must be 1x%d", row->rows, row->cols, m->cols);
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            MAT(m, i, j) += row->data[j];
    return NN_OK;
}

nn_status matrix_sum_rows(Matrix *out, const Matrix *m)
{
    if (out->rows != 1 || out->cols != m->cols)
        return nn_fail(NN_ERR_SHAPE, "matrix_sum_rows: the output is %dx%d "
                       "but must be 1x%d", out->rows, out->cols, m->cols);
    matrix_fill(out, 0);
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            out->data[j] += MAT(m, i, j);
    return NN_OK;
}
int matrix_argmax_row(const Matrix *m, int row)
{
    int best = 0;
    for (int j = 1; j < m->cols; j++)
        if (MAT(m, row, j) > MAT(m, row, best))
            best = j;
    return best;
}
typedef void gemm_kernel(bool trans_a, bool trans_b, int m, int n, int k,
                         scalar alpha, const scalar *a, const scalar *b,
                         scalar beta, scalar *c);
static void gemm_naive(bool trans_a, bool trans_b, int m, int n, int k,
                       scalar alpha, const scalar *a, const scalar *b,
                       scalar beta, scalar *c)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            scalar sum = 0;
            for (int p = 0; p < k; p++) {
                scalar aip = trans_a ? a[(size_t)p * m + i]
                                     : a[(size_t)i * k + p];
                scalar bpj = trans_b ? b[(size_t)j * k + p]
                                     : b[(size_t)p * n + j];
                sum += aip * bpj;
            }
            scalar *cij = &c[(size_t)i * n + j];
            *cij = alpha * sum + (beta == 0 ? 0 : beta * *cij);
        }
}


static const struct {
    const char *name;
    gemm_kernel *multiply;
} gemm_kernels[] = {
    { "naive", gemm_naive },
    
};
static const int gemm_kernel_count =
    (int)(sizeof gemm_kernels / sizeof gemm_kernels[0]);
nn_status matrix_gemm(bool trans_a, bool trans_b, scalar alpha,
                      const Matrix *a, const Matrix *b, scalar beta,
                      Matrix *c)
{
    int m = trans_a ? a->cols : a->rows, k = trans_a ? a->rows : a->cols;
    int kb = trans_b ? b->cols : b->rows, n = trans_b ? b->rows : b->cols;
    if (k != kb)
        return nn_fail(NN_ERR_SHAPE, "matrix_gemm: op(A) is %dx%d but "
                       "op(B) is %dx%d; the inner dimensions must agree",
                       m, k, kb, n);
    if (c->rows != m || c->cols != n)
        return nn_fail(NN_ERR_SHAPE, "matrix_gemm: C is %dx%d but "
                       "op(A) op(B) is %dx%d", c->rows, c->cols, m, n);
    gemm_kernels[gemm_kernel_count - 1].multiply(trans_a, trans_b, m, n, k,
                                                 alpha, a->data, b->data,
                                                 beta, c->data);
    return NN_OK;
}
