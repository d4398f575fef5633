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
/* A rows x cols matrix of zeros that owns its numbers. */
nn_status matrix_init(Matrix *m, int rows, int cols);
/* Frees what matrix_init made; m is then empty. Safe twice. */
void matrix_free(Matrix *m);
/* A rows x cols matrix over data, which it does not own. */
Matrix matrix_view(int rows, int cols, scalar *data);
/* rows * cols. */
size_t matrix_size(const Matrix *m);
/* Every number of m = value. */
void matrix_fill(Matrix *m, scalar value);
/* m = alpha m. */
void matrix_scale(Matrix *m, scalar alpha);
/* dst = src; the shapes must be equal. */
nn_status matrix_copy(Matrix *dst, const Matrix *src);
/* y = y + alpha x; the shapes must be equal. */
nn_status matrix_axpy(Matrix *y, scalar alpha, const Matrix *x);
/* y = y * x, number by number; the shapes must be equal. */
nn_status matrix_hadamard(Matrix *y, const Matrix *x);
/* Adds the 1 x cols row to every row of m. */
nn_status matrix_add_row(Matrix *m, const Matrix *row);
/* out (1 x cols) = the sum of m's rows. */
nn_status matrix_sum_rows(Matrix *out, const Matrix *m);
/* The column of the largest number of row row; the first of ties. */
int matrix_argmax_row(const Matrix *m, int row);
/* C = alpha op(A) op(B) + beta C, op transposing when asked; the shapes
   must agree, and beta = 0 ignores what C held (NaN included). */
nn_status matrix_gemm(bool trans_a, bool trans_b, scalar alpha,
                      const Matrix *a, const Matrix *b, scalar beta,
                      Matrix *c);
/* matrix_gemm calls the kernel called name from now on, or fails
   listing the names. */
nn_status matrix_gemm_use(const char *name);
/* The name of kernel index, slowest first; NULL past the last. */
const char *matrix_gemm_kernel_name(int index);
/* The name of the kernel matrix_gemm calls. */
const char *matrix_gemm_kernel_in_use(void);
/* The threaded kernel uses count threads from now on; 0: one per
   core. */
nn_status matrix_gemm_threads(int count);
/* The threads the threaded kernel uses now. */
int matrix_gemm_thread_count(void);
/* The micro-kernel the fastest kernels use on this processor. */
const char *matrix_gemm_micro_kernel(void);
void matrix_gemm_profile(bool on);   /* start counting from 0, or stop */
void matrix_gemm_profile_read(double *seconds, double *packing);
#endif
