#ifndef NN_SPEED_H
#define NN_SPEED_H
#include "matrix.h"

typedef struct {
    char what[24];          /* e.g. "forward 1", "dW 3", "dX 2" */
    bool trans_a, trans_b;  /* as passed to matrix_gemm */
    int m, n, k;            /* op(A) is m x k, op(B) is k x n */
} GemmShape;

int gemm_shapes_of_step(int layer_count, const int *sizes, int batch,
                        GemmShape *shapes);
double gemm_flop(const GemmShape *shape);
double speed_seconds(void);
double speed_clock_hz(void);
typedef struct {
    double clock_hz;         /* cycles per second */
    double flop_per_cycle;   /* floating-point operations per cycle */
} CorePeak;

CorePeak speed_core_peak(void);
typedef void gemm_call(const GemmShape *shape, const scalar *a,
                       const scalar *b, scalar *c);
void gemm_call_book(const GemmShape *shape, const scalar *a,
                    const scalar *b, scalar *c);
nn_status time_gemm(const GemmShape *shapes, int count, gemm_call *call,
                    double min_seconds, double *seconds);
#endif
