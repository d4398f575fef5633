#ifndef NN_RNG_H
#define NN_RNG_H
#include <stdint.h>

typedef struct {
    uint64_t state;   /* the LCG's state */
    uint64_t inc;     /* its increment: odd, and selects the stream */
} Rng;

/* Starts rng at seed on stream: the same pair, the same numbers. */
void rng_seed(Rng *rng, uint64_t seed, uint64_t stream);
/* The next 32 random bits. */
uint32_t rng_u32(Rng *rng);
/* A number uniform on [0, 1). */
double rng_uniform(Rng *rng);
/* A number from the standard normal distribution. */
double rng_normal(Rng *rng);
/* A number uniform on 0..n-1, without bias; n > 0. */
uint32_t rng_below(Rng *rng, uint32_t n);
/* Puts order[0..n-1] in a uniformly random order (Fisher-Yates). */
void rng_shuffle(int *order, int n, Rng *rng);
/* indices[0..n-1] = 0, ..., n-1 in a uniformly random order. */
void rng_permutation(int *indices, int n, Rng *rng);
#endif
