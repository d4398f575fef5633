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
/* y[0..n) += s * x[0..n) */
static void add_scaled(int n, scalar s, const scalar *restrict x,
                       scalar *restrict y)
{
    #pragma omp simd
    for (int j = 0; j < n; j++)
        y[j] += s * x[j];
}
static void scale_rows(int m, int n, scalar beta, scalar *c, int ldc)
{
    if (beta == 1)
        return;
    for (int i = 0; i < m; i++) {
        scalar *row = c + (size_t)i * (size_t)ldc;
        for (int j = 0; j < n; j++)
            row[j] = beta == 0 ? 0 : beta * row[j];
    }
}
/* C[i][j0..j0+width) += s * op(B)[p][j0..j0+width) */
static void add_row_of_b(bool trans_b, int n, int k, int p, int j0,
                         int width, scalar s, const scalar *b, scalar *ci)
{
    if (!trans_b)
        add_scaled(width, s, b + (size_t)p * n + j0, ci);
    else
        for (int j = 0; j < width; j++)
            ci[j] += s * b[(size_t)(j0 + j) * k + p];
}

static void gemm_reordered(bool trans_a, bool trans_b, int m, int n, int k,
                           scalar alpha, const scalar *a, const scalar *b,
                           scalar beta, scalar *c)
{
    scale_rows(m, n, beta, c, n);
    for (int i = 0; i < m; i++)
        for (int p = 0; p < k; p++) {
            scalar aip = trans_a ? a[(size_t)p * m + i]
                                 : a[(size_t)i * k + p];
            add_row_of_b(trans_b, n, k, p, 0, n, alpha * aip, b,
                         c + (size_t)i * n);
        }
}
enum { BLOCK_K = 128, BLOCK_N = 512 };

static int min_int(int a, int b)
{
    return a < b ? a : b;
}
static void gemm_blocked(bool trans_a, bool trans_b, int m, int n, int k,
                         scalar alpha, const scalar *a, const scalar *b,
                         scalar beta, scalar *c)
{
    scale_rows(m, n, beta, c, n);
    for (int j0 = 0; j0 < n; j0 += BLOCK_N)
        for (int p0 = 0; p0 < k; p0 += BLOCK_K) {
            int width = min_int(BLOCK_N, n - j0);
            int depth = min_int(BLOCK_K, k - p0);
            for (int i = 0; i < m; i++)
                for (int p = p0; p < p0 + depth; p++) {
                    scalar aip = trans_a ? a[(size_t)p * m + i]
                                         : a[(size_t)i * k + p];
                    add_row_of_b(trans_b, n, k, p, j0, width, alpha * aip,
                                 b, c + (size_t)i * n + j0);
                }
        }
}
enum {
    MR = 6, NR = 16,   /* the micro-tile of C kept in registers */
    KC = 256,          /* most terms a packed panel holds */
    MC = 72,           /* rows of op(A) packed at a time */
    NC = 1024          /* columns of op(B) packed at a time */
};
typedef struct {
    bool trans_a, trans_b;
    int m, n, k;              /* op(A) is m x k, op(B) k x n, C m x n */
    scalar alpha, beta;
    const scalar *a, *b;
    scalar *c;
    int lda, ldb, ldc;        /* numbers from one stored row to the next */
} GemmJob;

static GemmJob whole_job(bool trans_a, bool trans_b, int m, int n, int k,
                         scalar alpha, const scalar *a, const scalar *b,
                         scalar beta, scalar *c)
{
    return (GemmJob){ trans_a, trans_b, m, n, k, alpha, beta, a, b, c,
                      trans_a ? m : k, trans_b ? k : n, n };
}
static void pack_panel(const scalar *src, size_t rs, size_t ps, int rows,
                       int depth, int width, scalar *dst)
{
    if (rs == 1)
        for (int p = 0; p < depth; p++) {
            const scalar *from = src + p * ps;
            scalar *to = dst + (size_t)p * width;
            #pragma omp simd
            for (int r = 0; r < rows; r++)
                to[r] = from[r];
        }
    else
        for (int p0 = 0; p0 < depth; p0 += 8) {
            int p1 = min_int(p0 + 8, depth);
            for (int r = 0; r < rows; r++)
                for (int p = p0; p < p1; p++)
                    dst[(size_t)p * width + r] = src[r * rs + p];
        }
    for (int p = 0; p < depth && rows < width; p++)
        for (int r = rows; r < width; r++)
            dst[(size_t)p * width + r] = 0;
}
#include <omp.h>

static bool gemm_profiling = false;
static _Thread_local double profiled_seconds = 0, profiled_packing = 0;

static double profile_start(void)
{
    return gemm_profiling ? omp_get_wtime() : 0;
}

static void profile_packing(double start)
{
    if (gemm_profiling)
        profiled_packing += omp_get_wtime() - start;
}

static void profile_multiply(double start)
{
    if (gemm_profiling)
        profiled_seconds += omp_get_wtime() - start;
}

static void pack_a(const GemmJob *job, int mr, int i0, int mc, int p0,
                   int kc, scalar *dst)
{
    double start = profile_start();
    size_t rs = job->trans_a ? 1 : (size_t)job->lda;
    size_t ps = job->trans_a ? (size_t)job->lda : 1;
    for (int i = 0; i < mc; i += mr)
        pack_panel(job->a + (i0 + i) * rs + p0 * ps, rs, ps,
                   min_int(mr, mc - i), kc, mr, dst + (size_t)i * kc);
    profile_packing(start);
}

static void pack_b(const GemmJob *job, int nr, int p0, int kc, int j0,
                   int nc, scalar *dst)
{
    double start = profile_start();
    size_t rs = job->trans_b ? (size_t)job->ldb : 1;
    size_t ps = job->trans_b ? 1 : (size_t)job->ldb;
    for (int j = 0; j < nc; j += nr)
        pack_panel(job->b + (j0 + j) * rs + p0 * ps, rs, ps,
                   min_int(nr, nc - j), kc, nr, dst + (size_t)j * kc);
    profile_packing(start);
}
typedef void micro_kernel(int kc, const scalar *a, const scalar *b,
                          scalar alpha, scalar beta, scalar *c, int ldc,
                          int rows, int cols);

static void micro_portable(int kc, const scalar *a, const scalar *b,
                           scalar alpha, scalar beta, scalar *c, int ldc,
                           int rows, int cols)
{
    scalar sum[MR][NR] = { { 0 } };
    for (int p = 0; p < kc; p++, a += MR, b += NR)
        for (int i = 0; i < MR; i++) {
            #pragma omp simd
            for (int j = 0; j < NR; j++)
                sum[i][j] += a[i] * b[j];
        }
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            scalar *cij = &c[(size_t)i * ldc + j];
            *cij = alpha * sum[i][j] + (beta == 0 ? 0 : beta * *cij);
        }
}
typedef struct {
    const char *name;
    micro_kernel *run;
    int mr, nr;       /* it computes tiles of mr rows by nr columns */
} Micro;

static const Micro portable_micro = { "portable C", micro_portable, MR, NR };
static int panel_depth(int k)
{
    if (k <= KC)
        return k;
    int panels = (k + KC - 1) / KC;
    return (k + panels - 1) / panels;
}
static size_t round_up(size_t x, size_t to)
{
    return (x + to - 1) / to * to;
}

static int block_rows(const Micro *micro)
{
    return (int)round_up(MC, (size_t)micro->mr);
}

static size_t packed_b_size(const GemmJob *job, const Micro *micro)
{
    return (size_t)panel_depth(job->k)
           * round_up((size_t)min_int(job->n, NC), (size_t)micro->nr);
}

static size_t packing_space(const GemmJob *job, const Micro *micro)
{
    size_t packed_a_size = (size_t)panel_depth(job->k)
        * round_up((size_t)min_int(job->m, block_rows(micro)),
                   (size_t)micro->mr);
    return round_up(packed_b_size(job, micro) + packed_a_size + 1, 16);
}
static void multiply_packed(const GemmJob *job, const Micro *micro,
                            scalar *space)
{
    if (job->k == 0)
        scale_rows(job->m, job->n, job->beta, job->c, job->ldc);
    int depth = panel_depth(job->k), mc_most = block_rows(micro);
    scalar *packed_b = space;
    scalar *packed_a = space + packed_b_size(job, micro);
    for (int j0 = 0; j0 < job->n; j0 += NC)
        for (int p0 = 0; p0 < job->k; p0 += depth) {
            int nc = min_int(NC, job->n - j0);
            int kc = min_int(depth, job->k - p0);
            pack_b(job, micro->nr, p0, kc, j0, nc, packed_b);
            for (int i0 = 0; i0 < job->m; i0 += mc_most) {
                int mc = min_int(mc_most, job->m - i0);
                pack_a(job, micro->mr, i0, mc, p0, kc, packed_a);
                scalar beta = p0 == 0 ? job->beta : 1;
                int mr = micro->mr, nr = micro->nr;
                for (int j = 0; j < nc; j += nr)
                    for (int i = 0; i < mc; i += mr)
                        micro->run(kc, packed_a + (size_t)i * kc,
                                   packed_b + (size_t)j * kc, job->alpha, beta,
                                   job->c + (size_t)(i0 + i) * job->ldc + j0 + j,
                                   job->ldc, min_int(mr, mc - i), min_int(nr, nc - j));
            }
        }
}
static _Thread_local scalar *kept_space = NULL;
static _Thread_local size_t kept_count = 0;

static scalar *packing_memory(size_t count)
{
    if (count > kept_count) {
        free(kept_space);
        kept_space = aligned_alloc(64, count * sizeof *kept_space);
        kept_count = kept_space != NULL ? count : 0;
    }
    return kept_space;
}
static void gemm_packed_with(const Micro *micro, bool trans_a,
                             bool trans_b, int m, int n, int k,
                             scalar alpha, const scalar *a,
                             const scalar *b, scalar beta, scalar *c)
{
    GemmJob job = whole_job(trans_a, trans_b, m, n, k, alpha, a, b,
                            beta, c);
    scalar *space = packing_memory(packing_space(&job, micro));
    if (space == NULL) {
        gemm_blocked(trans_a, trans_b, m, n, k, alpha, a, b, beta, c);
        return;
    }
    multiply_packed(&job, micro, space);
}
static void gemm_packed(bool trans_a, bool trans_b, int m, int n, int k,
                        scalar alpha, const scalar *a, const scalar *b,
                        scalar beta, scalar *c)
{
    gemm_packed_with(&portable_micro, trans_a, trans_b, m, n, k, alpha, a,
                     b, beta, c);
}
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) \
    && !defined(NN_SCALAR_DOUBLE)
#include <immintrin.h>
#define NN_GEMM_AVX2 1
static void copy_tile(const float *src, int lds, float *dst, int ldd,
                      int rows, int cols)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            dst[(size_t)i * ldd + j] = src[(size_t)i * lds + j];
}
__attribute__((target("avx2,fma")))
static void micro_avx2(int kc, const float *a, const float *b, float alpha,
                       float beta, float *c, int ldc, int rows, int cols)
{
    __m256 sum[MR][2];
    #pragma GCC unroll 6
    for (int i = 0; i < MR; i++)
        sum[i][0] = sum[i][1] = _mm256_setzero_ps();
    for (int p = 0; p < kc; p++, a += MR, b += NR) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        #pragma GCC unroll 6
        for (int i = 0; i < MR; i++) {
            __m256 ai = _mm256_broadcast_ss(a + i);
            sum[i][0] = _mm256_fmadd_ps(ai, b0, sum[i][0]);
            sum[i][1] = _mm256_fmadd_ps(ai, b1, sum[i][1]);
        }
    }
    float edge[MR * NR], *dst = c;
    int ld = ldc;
    if (rows < MR || cols < NR) {
        memset(edge, 0, sizeof edge);
        if (beta != 0)
            copy_tile(c, ldc, edge, NR, rows, cols);
        dst = edge;
        ld = NR;
    }
    __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
    #pragma GCC unroll 6
    for (int i = 0; i < MR; i++)
        #pragma GCC unroll 2
        for (int h = 0; h < 2; h++) {
            float *x = dst + (size_t)i * ld + 8 * h;
            __m256 old = beta == 0 ? _mm256_setzero_ps()
                                   : _mm256_mul_ps(vb, _mm256_loadu_ps(x));
            _mm256_storeu_ps(x, _mm256_fmadd_ps(va, sum[i][h], old));
        }
    if (dst == edge)
        copy_tile(edge, NR, c, ldc, rows, cols);
}
#endif
static const Micro *avx2_or_portable(void)
{
#ifdef NN_GEMM_AVX2
    static const Micro avx2 = { "AVX2 and FMA", micro_avx2, MR, NR };
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return &avx2;
#endif
    return &portable_micro;
}

static void gemm_avx2(bool trans_a, bool trans_b, int m, int n, int k,
                      scalar alpha, const scalar *a, const scalar *b,
                      scalar beta, scalar *c)
{
    gemm_packed_with(avx2_or_portable(), trans_a, trans_b, m, n, k,
                     alpha, a, b, beta, c);
}
enum { MR_WIDE = 14, NR_WIDE = 32 };
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) \
    && !defined(NN_SCALAR_DOUBLE)
#include <immintrin.h>
#define NN_GEMM_AVX512 1
__attribute__((target("avx512f")))
static void micro_avx512(int kc, const float *a, const float *b,
                         float alpha, float beta, float *c, int ldc,
                         int rows, int cols)
{
    __m512 sum[MR_WIDE][2];
    #pragma GCC unroll 14
    for (int i = 0; i < MR_WIDE; i++)
        sum[i][0] = sum[i][1] = _mm512_setzero_ps();
    for (int p = 0; p < kc; p++, a += MR_WIDE, b += NR_WIDE) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
        #pragma GCC unroll 14
        for (int i = 0; i < MR_WIDE; i++) {
            __m512 ai = _mm512_set1_ps(a[i]);
            sum[i][0] = _mm512_fmadd_ps(ai, b0, sum[i][0]);
            sum[i][1] = _mm512_fmadd_ps(ai, b1, sum[i][1]);
        }
    }
    __mmask16 mask[2];
    for (int h = 0; h < 2; h++) {
        int lanes = min_int(16, cols - 16 * h);
        mask[h] = lanes <= 0 ? 0 : (__mmask16)(0xFFFFu >> (16 - lanes));
    }
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    #pragma GCC unroll 14
    for (int i = 0; i < MR_WIDE; i++)
        #pragma GCC unroll 2
        for (int h = 0; h < 2; h++) {
            if (i >= rows || mask[h] == 0)
                continue;
            float *x = c + (size_t)i * ldc + 16 * h;
            __m512 old = beta == 0 ? _mm512_setzero_ps()
                : _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(mask[h], x));
            _mm512_mask_storeu_ps(x, mask[h],
                                  _mm512_fmadd_ps(va, sum[i][h], old));
        }
}
#endif
static const Micro *fastest_micro_kernel(void)
{
#ifdef NN_GEMM_AVX512
    static const Micro avx512 = { "AVX-512", micro_avx512, MR_WIDE,
                                  NR_WIDE };
    if (__builtin_cpu_supports("avx512f"))
        return &avx512;
#endif
    return avx2_or_portable();
}

static const Micro *micro_for(int n)
{
    const Micro *widest = fastest_micro_kernel();
    return n <= NR && widest->nr > NR ? avx2_or_portable() : widest;
}

static void gemm_avx512(bool trans_a, bool trans_b, int m, int n, int k,
                        scalar alpha, const scalar *a, const scalar *b,
                        scalar beta, scalar *c)
{
    gemm_packed_with(micro_for(n), trans_a, trans_b, m, n, k, alpha, a, b,
                     beta, c);
}
const char *matrix_gemm_micro_kernel(void)
{
    return fastest_micro_kernel()->name;
}
static GemmJob rows_of(const GemmJob *job, int first, int last)
{
    GemmJob part = *job;
    first = min_int(first, job->m);
    part.m = min_int(last, job->m) - first;
    part.a += job->trans_a ? (size_t)first
                           : (size_t)first * (size_t)job->lda;
    part.c += (size_t)first * (size_t)job->ldc;
    return part;
}

static GemmJob columns_of(const GemmJob *job, int first, int last)
{
    GemmJob part = *job;
    first = min_int(first, job->n);
    part.n = min_int(last, job->n) - first;
    part.b += job->trans_b ? (size_t)first * (size_t)job->ldb
                           : (size_t)first;
    part.c += first;
    return part;
}
#include <omp.h>

static int gemm_thread_request = 0;   /* 0: one per core */

nn_status matrix_gemm_threads(int count)
{
    if (count < 0)
        return nn_fail(NN_ERR_ARG, "matrix_gemm_threads: %d threads; the "
                       "count must be 0 (one per core) or more", count);
    gemm_thread_request = count;
    return NN_OK;
}

int matrix_gemm_thread_count(void)
{
    return gemm_thread_request > 0 ? gemm_thread_request
                                   : omp_get_max_threads();
}
enum { FLOP_PER_THREAD = 1 << 20, BACKOFF_MIN = 16, BACKOFF_MAX = 4096 };
static _Atomic int gemm_backoff = 0;   /* calls left to run on one thread */
static _Atomic int gemm_backoff_length = BACKOFF_MIN;
static _Atomic double gemm_best_rate = 0;   /* FLOP/s of one thread */

static int threads_for(const GemmJob *job, int tiles)
{
    if (gemm_thread_request == 0 && gemm_backoff > 0) {
        gemm_backoff--;
        return 1;
    }
    double flop = 2.0 * job->m * job->n * job->k;
    int worth = (int)(flop / FLOP_PER_THREAD);
    int threads = min_int(matrix_gemm_thread_count(), min_int(tiles, worth));
    return threads > 0 ? threads : 1;
}
static void gemm_threads(bool trans_a, bool trans_b, int m, int n, int k,
                         scalar alpha, const scalar *a, const scalar *b,
                         scalar beta, scalar *c)
{
    GemmJob whole = whole_job(trans_a, trans_b, m, n, k, alpha, a, b,
                              beta, c);
    const Micro *micro = micro_for(n);
    bool by_rows = m > n;
    int tile = by_rows ? micro->mr : micro->nr;
    int tiles = ((by_rows ? m : n) + tile - 1) / tile;
    int threads = threads_for(&whole, tiles);
    size_t each = packing_space(&whole, micro);
    scalar *space = packing_memory(threads * each);
    if (space == NULL) {
        gemm_blocked(trans_a, trans_b, m, n, k, alpha, a, b, beta, c);
        return;
    }
    if (threads == 1)
        multiply_packed(&whole, micro, space);
    else
        {
            double start = omp_get_wtime(), worked = 0, share = 0;
            #pragma omp parallel num_threads(threads)
            {
                int t = omp_get_thread_num(), team = omp_get_num_threads();
                int first = (int)((long)tiles * t / team) * tile;
                int last = (int)((long)tiles * (t + 1) / team) * tile;
                GemmJob part = by_rows ? rows_of(&whole, first, last)
                                       : columns_of(&whole, first, last);
                multiply_packed(&part, micro, space + (size_t)t * each);
                if (t == 0) {
                    worked = omp_get_wtime() - start;
                    share = 2.0 * part.m * part.n * part.k;
                }
            }
            double took = omp_get_wtime() - start, rate = share / worked;
            if (rate > gemm_best_rate)
                gemm_best_rate = rate;
            if (took <= 2.0 * m * n * k / gemm_best_rate + 1e-4) {
                gemm_backoff_length = BACKOFF_MIN;
            } else if (gemm_thread_request == 0) {
                gemm_backoff = gemm_backoff_length;
                if (gemm_backoff_length < BACKOFF_MAX)
                    gemm_backoff_length *= 2;
            }
        }
}
static gemm_kernel *chosen_kernel = gemm_threads;

static void gemm_chosen(bool trans_a, bool trans_b, int m, int n, int k,
                        scalar alpha, const scalar *a, const scalar *b,
                        scalar beta, scalar *c)
{
    double start = profile_start();
    chosen_kernel(trans_a, trans_b, m, n, k, alpha, a, b, beta, c);
    profile_multiply(start);
}
void matrix_gemm_profile(bool on)
{
    gemm_profiling = on;
    if (on)
        profiled_seconds = profiled_packing = 0;
}

void matrix_gemm_profile_read(double *seconds, double *packing)
{
    *seconds = profiled_seconds;
    *packing = profiled_packing;
}

static const struct {
    const char *name;
    gemm_kernel *multiply;
} gemm_kernels[] = {
    { "naive", gemm_naive },
    { "reordered", gemm_reordered },
    { "blocked", gemm_blocked },
    { "packed", gemm_packed },
    { "avx2", gemm_avx2 },
    { "avx512", gemm_avx512 },
    { "threads", gemm_threads },
    { "chosen", gemm_chosen },
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
nn_status matrix_gemm_use(const char *name)
{
    char names[256] = "";
    for (int i = 0; i < gemm_kernel_count - 1; i++) {
        if (name != NULL && strcmp(name, gemm_kernels[i].name) == 0) {
            chosen_kernel = gemm_kernels[i].multiply;
            return NN_OK;
        }
        strncat(names, i > 0 ? ", " : "", sizeof names - strlen(names) - 1);
        strncat(names, gemm_kernels[i].name,
                sizeof names - strlen(names) - 1);
    }
    return nn_fail(NN_ERR_ARG, "matrix_gemm_use: there is no kernel \"%s\";"
                   " the kernels are %s", name != NULL ? name : "(null)",
                   names);
}
const char *matrix_gemm_kernel_name(int index)
{
    if (index < 0 || index >= gemm_kernel_count - 1)
        return NULL;
    return gemm_kernels[index].name;
}

const char *matrix_gemm_kernel_in_use(void)
{
    for (int i = 0; i < gemm_kernel_count - 1; i++)
        if (gemm_kernels[i].multiply == chosen_kernel)
            return gemm_kernels[i].name;
    return NULL;
}
