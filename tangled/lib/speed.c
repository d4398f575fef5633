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

static unsigned long add_one(unsigned long x)
{
    x += 1;
    __asm__ volatile("" : "+r"(x));
    return x;
}

double speed_clock_hz(void)
{
    const long adds = 20000000;
    unsigned long x = 0;
    double start = speed_seconds();
    for (long i = 0; i < adds; i += 4)
        x = add_one(add_one(add_one(add_one(x))));
    return (double)x / (speed_seconds() - start);
}
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <immintrin.h>
#define NN_SPEED_AVX2 1

__attribute__((target("avx2,fma")))
static double fma_flop_per_second(long rounds)
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
    __m256 sum = s[0];
    #pragma GCC unroll 11
    for (int i = 1; i < 12; i++)
        sum = _mm256_add_ps(sum, s[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    sink = lanes[0];
    return rounds * 12.0 * 8 * 2 / seconds;
}
#endif
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
    sink = s[rounds % 32];
    return rounds * 32.0 * 2 / seconds;
}

static double flop_per_second(void)
{
#ifdef NN_SPEED_AVX2
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return fma_flop_per_second(2000000);
#endif
    return portable_flop_per_second(2000000);
}
CorePeak speed_core_peak(void)
{
    double clock = 0, rate = 0;
    for (int round = 0; round < 10; round++) {
        double hz = speed_clock_hz(), flops = flop_per_second();
        clock = hz > clock ? hz : clock;
        rate = flops > rate ? flops : rate;
    }
    return (CorePeak){ clock, rate / clock };
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
