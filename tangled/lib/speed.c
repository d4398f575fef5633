#define _POSIX_C_SOURCE 200809L   /* for clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "rng.h"
#include "speed.h"

static volatile float sink;   /* results that must not be optimized away */

static GemmShape shape(const char *what, int layer, bool trans_a,
                       bool trans_b, int m, int n, int k)
{
    GemmShape s = { .trans_a = trans_a, .trans_b = trans_b,
                    .m = m, .n = n, .k = k };
    snprintf(s.what, sizeof s.what, "%s %d", what, layer);
    return s;
}

int gemm_shapes_of_step(int layer_count, const int *sizes, int batch,
                        GemmShape *shapes)
{
    int count = 0;
    for (int l = 1; l <= layer_count; l++)
        shapes[count++] = shape("forward", l, false, false,
                                batch, sizes[l], sizes[l - 1]);
    for (int l = layer_count; l >= 1; l--) {
        shapes[count++] = shape("dW", l, true, false,
                                sizes[l - 1], sizes[l], batch);
        if (l > 1)   /* the first layer's dX is never computed */
            shapes[count++] = shape("dX", l, false, true,
                                    batch, sizes[l - 1], sizes[l]);
    }
    return count;
}

double gemm_flop(const GemmShape *s)
{
    return 2.0 * s->m * s->n * s->k;
}
double speed_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
static void keep_alive(const float *x, int count)
{
    float sum = 0;
    for (int i = 0; i < count; i++)
        sum += x[i];
    sink = sum;
}
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define NN_SPEED_X86 1
static double sse_flop_per_second(long rounds)
{
    __m128 s[12], x = _mm_set1_ps(0.999f), y = _mm_set1_ps(1e-3f);
    #pragma GCC unroll 12
    for (int i = 0; i < 12; i++)
        s[i] = _mm_set1_ps((float)i);
    double start = speed_seconds();
    for (long r = 0; r < rounds; r++) {
        #pragma GCC unroll 12
        for (int i = 0; i < 12; i++)
            s[i] = _mm_add_ps(_mm_mul_ps(s[i], x), y);
    }
    double seconds = speed_seconds() - start;
    float lanes[12 * 4];
    for (int i = 0; i < 12; i++)
        _mm_storeu_ps(lanes + 4 * i, s[i]);
    keep_alive(lanes, 12 * 4);
    return rounds * 12.0 * 4 * 2 / seconds;
}
__attribute__((target("avx2,fma")))
static double avx2_flop_per_second(long rounds)
{
    __m256 s[12], x = _mm256_set1_ps(0.999f), y = _mm256_set1_ps(1e-3f);
    #pragma GCC unroll 12
    for (int i = 0; i < 12; i++)
        s[i] = _mm256_set1_ps((float)i);
    double start = speed_seconds();
    for (long r = 0; r < rounds; r++) {
        #pragma GCC unroll 12
        for (int i = 0; i < 12; i++)
            s[i] = _mm256_fmadd_ps(s[i], x, y);
    }
    double seconds = speed_seconds() - start;
    float lanes[12 * 8];
    for (int i = 0; i < 12; i++)
        _mm256_storeu_ps(lanes + 8 * i, s[i]);
    keep_alive(lanes, 12 * 8);
    return rounds * 12.0 * 8 * 2 / seconds;
}
__attribute__((target("avx512f")))
static double avx512_flop_per_second(long rounds)
{
    __m512 s[24], x = _mm512_set1_ps(0.999f), y = _mm512_set1_ps(1e-3f);
    #pragma GCC unroll 24
    for (int i = 0; i < 24; i++)
        s[i] = _mm512_set1_ps((float)i);
    double start = speed_seconds();
    for (long r = 0; r < rounds; r++) {
        #pragma GCC unroll 24
        for (int i = 0; i < 24; i++)
            s[i] = _mm512_fmadd_ps(s[i], x, y);
    }
    double seconds = speed_seconds() - start;
    float lanes[24 * 16];
    for (int i = 0; i < 24; i++)
        _mm512_storeu_ps(lanes + 16 * i, s[i]);
    keep_alive(lanes, 24 * 16);
    return rounds * 24.0 * 16 * 2 / seconds;
}
#endif
#ifndef NN_SPEED_X86
static double portable_flop_per_second(long rounds)
{
    float s[32];
    for (int i = 0; i < 32; i++)
        s[i] = (float)i;
    double start = speed_seconds();
    for (long r = 0; r < rounds; r++) {
        #pragma omp simd
        for (int i = 0; i < 32; i++)
            s[i] = s[i] * 0.999f + 1e-3f;
    }
    double seconds = speed_seconds() - start;
    keep_alive(s, 32);
    return rounds * 32.0 * 2 / seconds;
}
#endif
static bool always(void)
{
    return true;
}

#ifdef NN_SPEED_X86
static bool has_avx2(void)
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

static bool has_avx512(void)
{
    return __builtin_cpu_supports("avx512f");
}
#endif
typedef struct {
    const char *name;
    bool (*present)(void);          /* does this processor have it? */
    double (*measure)(long rounds); /* FLOP per second of one core */
} PeakMeter;

static const PeakMeter meters[SPEED_WIDTHS] = {
#ifdef NN_SPEED_X86
    { "SSE", always, sse_flop_per_second },
    { "AVX2", has_avx2, avx2_flop_per_second },
    { "AVX-512", has_avx512, avx512_flop_per_second },
#else
    { "portable C", always, portable_flop_per_second },
#endif
};
CorePeak speed_core_peak(void)
{
    CorePeak core = { .best = 0 };
    for (int round = 0; round < 10; round++)
        for (int w = 0; w < SPEED_WIDTHS; w++) {
            core.name[w] = meters[w].name;
            if (meters[w].name == NULL || !meters[w].present())
                continue;
            double rate = meters[w].measure(2000000);
            core.rate[w] = rate > core.rate[w] ? rate : core.rate[w];
        }
    for (int w = 0; w < SPEED_WIDTHS; w++)
        if (core.rate[w] > core.rate[core.best])
            core.best = w;
    core.peak = core.rate[core.best];
    return core;
}
void gemm_call_book(const GemmShape *s, const scalar *a, const scalar *b,
                    scalar *c)
{
    Matrix A = s->trans_a ? matrix_view(s->k, s->m, (scalar *)a)
                          : matrix_view(s->m, s->k, (scalar *)a);
    Matrix B = s->trans_b ? matrix_view(s->n, s->k, (scalar *)b)
                          : matrix_view(s->k, s->n, (scalar *)b);
    Matrix C = matrix_view(s->m, s->n, c);
    matrix_gemm(s->trans_a, s->trans_b, 1, &A, &B, 0, &C);
}
static nn_status random_array(size_t count, Rng *rng, scalar **array)
{
    *array = malloc((count > 0 ? count : 1) * sizeof(scalar));
    if (*array == NULL)
        return nn_fail(NN_ERR_NOMEM, "time_gemm: out of memory for %zu "
                       "numbers", count);
    for (size_t i = 0; i < count; i++)
        (*array)[i] = (scalar)(2 * rng_uniform(rng) - 1);
    return NN_OK;
}
nn_status time_gemm(const GemmShape *shapes, int count, gemm_call *call,
                    double min_seconds, double *seconds)
{
    size_t sa = 0, sb = 0, sc = 0;
    for (int i = 0; i < count; i++) {
        const GemmShape *s = &shapes[i];
        size_t m = (size_t)s->m, n = (size_t)s->n, k = (size_t)s->k;
        sa = m * k > sa ? m * k : sa;
        sb = k * n > sb ? k * n : sb;
        sc = m * n > sc ? m * n : sc;
    }
    Rng rng;
    rng_seed(&rng, 13, 1);
    scalar *a = NULL, *b = NULL, *c = NULL;
    nn_status status = random_array(sa, &rng, &a);
    if (status == NN_OK)
        status = random_array(sb, &rng, &b);
    if (status == NN_OK)
        status = random_array(sc, &rng, &c);
    if (status == NN_OK)
        {
            for (int i = 0; i < count; i++)
                call(&shapes[i], a, b, c);
            double best = -1, start = speed_seconds();
            int passes = 0;
            while (speed_seconds() - start < min_seconds
                   || (passes < 2 && best < min_seconds)) {
                double t = speed_seconds();
                for (int i = 0; i < count; i++)
                    call(&shapes[i], a, b, c);
                t = speed_seconds() - t;
                best = best < 0 || t < best ? t : best;
                passes++;
            }
            *seconds = best;
        }
    free(a);
    free(b);
    free(c);
    return status;
}
