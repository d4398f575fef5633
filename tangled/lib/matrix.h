#ifndef NN_MATRIX_H
#define NN_MATRIX_H
#include <stdbool.h>
#include <stddef.h>
#include "core.h"

typedef struct {
    int rows, cols;
    scalar *data;   /* rows * cols numbers, row after row */
} Matrix;

#define MAT(m, i, j) \
    ((m)->data[(size_t)(i) * (size_t)(m)->cols + (size_t)(j)])
nn_status matrix_init(Matrix *m, int rows, int cols);
void matrix_free(Matrix *m);
Matrix matrix_view(int rows, int cols, scalar *data);
size_t matrix_size(const Matrix *m);
void matrix_fill(Matrix *m, scalar value);
void matrix_scale(Matrix *m, scalar alpha);
nn_status matrix_copy(Matrix *dst, const Matrix *src);
nn_status matrix_axpy(Matrix *y, scalar alpha, const Matrix *x);
nn_status matrix_hadamard(Matrix *y, const Matrix *x);
nn_status matrix_add_row(Matrix *m, const Matrix *row);
nn_status matrix_sum_rows(Matrix *out, const Matrix *m);
int matrix_argmax_row(const Matrix *m, int row);
nn_status matrix_gemm(bool trans_a, bool trans_b, scalar alpha,
                      const Matrix *a, const Matrix *b, scalar beta,
                      Matrix *c);
nn_status matrix_gemm_use(const char *name);
const char *matrix_gemm_kernel_name(int index);
const char *matrix_gemm_kernel_in_use(void);
nn_status matrix_gemm_threads(int count);
int matrix_gemm_thread_count(void);
const char *matrix_gemm_micro_kernel(void);
void matrix_gemm_profile(bool on);   /* start counting from 0, or stop */
void matrix_gemm_profile_read(double *seconds, double *packing);
#endif
