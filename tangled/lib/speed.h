#ifndef NN_SPEED_H
#define NN_SPEED_H
#include "matrix.h"

typedef struct {
    char what[24];          /* e.g. "forward 1", "dW 3", "dX 2" */
    bool trans_a, trans_b;  /* as passed to matrix_gemm */
    int m, n, k;            /* op(A) is m x k, op(B) is k x n */
} GemmShape;

/* Writes into shapes the products of one training step of a dense
   network of sizes[0..layer_count] on batches of batch; returns how
   many (at most 3 * layer_count). */
int gemm_shapes_of_step(int layer_count, const int *sizes, int batch,
                        GemmShape *shapes);
/* The floating-point operations of one product: 2 m n k. */
double gemm_flop(const GemmShape *shape);
/* Seconds on a monotonic clock. */
double speed_seconds(void);
enum { SPEED_WIDTHS = 3 };

typedef struct {
    const char *name[SPEED_WIDTHS];   /* "SSE", "AVX2", "AVX-512" */
    double rate[SPEED_WIDTHS];        /* FLOP/s of one core; 0: absent */
    int best;                         /* the width with the highest rate */
    double peak;                      /* its rate: one core's peak */
} CorePeak;

/* Measures the multiply-add rate of every vector width this core has,
   best of ten rounds each (about 0.1 s in all). */
CorePeak speed_core_peak(void);
typedef void gemm_call(const GemmShape *shape, const scalar *a,
                       const scalar *b, scalar *c);
/* C = op(A) op(B) with the book's matrix_gemm. */
void gemm_call_book(const GemmShape *shape, const scalar *a,
                    const scalar *b, scalar *c);
/* Times the count products with call, on random numbers, in passes
   until min_seconds and two passes are done; *seconds is the fastest
   pass. */
nn_status time_gemm(const GemmShape *shapes, int count, gemm_call *call,
                    double min_seconds, double *seconds);
#endif
