#include <math.h>
#include "rng.h"

uint32_t rng_u32(Rng *rng)
{
    uint64_t old = rng->state;
    rng->state = old * 6364136223846793005u + rng->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    uint32_t rotation = (uint32_t)(old >> 59);
    return (xorshifted >> rotation) | (xorshifted << ((-rotation) & 31));
}
void rng_seed(Rng *rng, uint64_t seed, uint64_t stream)
{
    rng->state = 0;
    rng->inc = (stream << 1) | 1;
    rng_u32(rng);
    rng->state += seed;
    rng_u32(rng);
}
double rng_uniform(Rng *rng)
{
    return rng_u32(rng) * 0x1p-32;
}
double rng_normal(Rng *rng)
{
    const double two_pi = 6.283185307179586476925286766559;
    double u1 = 1.0 - rng_uniform(rng);
    double u2 = rng_uniform(rng);
    return sqrt(-2.0 * log(u1)) * cos(two_pi * u2);
}
uint32_t rng_below(Rng *rng, uint32_t n)
{
    if (n == 0)
        return 0;   /* no valid answer; 0 keeps callers' indices in range */
    uint32_t threshold = -n % n;
    for (;;) {
        uint32_t r = rng_u32(rng);
        if (r >= threshold)
            return r % n;
    }
}
void rng_shuffle(int *order, int n, Rng *rng)
{
    for (int k = n - 1; k > 0; k--) {
        int j = (int)rng_below(rng, (uint32_t)k + 1);
        int swap = order[j];
        order[j] = order[k];
        order[k] = swap;
    }
}
void rng_permutation(int *indices, int n, Rng *rng)
{
    for (int k = 0; k < n; k++)
        indices[k] = k;
    rng_shuffle(indices, n, rng);
}
