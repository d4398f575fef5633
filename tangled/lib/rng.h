#ifndef NN_RNG_H
#define NN_RNG_H
#include <stdint.h>

typedef struct {
    uint64_t state;   /* the LCG's state */
    uint64_t inc;     /* its increment: odd, and selects the stream */
} Rng;

void rng_seed(Rng *rng, uint64_t seed, uint64_t stream);
uint32_t rng_u32(Rng *rng);
double rng_uniform(Rng *rng);
double rng_normal(Rng *rng);
uint32_t rng_below(Rng *rng, uint32_t n);
void shuffle(int *order, int n, Rng *rng);
#endif
