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
enum { SPEED_WIDTHS = 3 };

typedef struct {
    const char *name[SPEED_WIDTHS];   /* "SSE", "AVX2", "AVX-512" */
    double rate[SPEED_WIDTHS];        /* FLOP/s of one core; 0: absent */
    int best;                         /* the width with the highest rate */
    double peak;                      /* its rate: one core's peak */
} CorePeak;

CorePeak speed_core_peak(void);
typedef void gemm_call(const GemmShape *shape, const scalar *a,
                       const scalar *b, scalar *c);
void gemm_call_book(const GemmShape *shape, const scalar *a,
                    const scalar *b, scalar *c);
nn_status time_gemm(const GemmShape *shapes, int count, gemm_call *call,
                    double min_seconds, double *seconds);
#endif
