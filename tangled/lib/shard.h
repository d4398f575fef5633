/* lib/shard.h: a rank's share of the training examples in data-parallel
   training, and the orders and sums that do not depend on the ranks. */
#ifndef NN_SHARD_H
#define NN_SHARD_H
#include <stdint.h>
#include "dataset.h"

enum { SHARD_MAX_GROUPS = 64 };

typedef struct {
    int groups;             /* G: fixed, whatever the number of ranks */
    int ranks, rank;        /* p, which divides G, and this rank r */
    int chunk;              /* b: examples of each group per global batch */
    int group_size;         /* S: examples of each group, a multiple of b */
    Rng rng[SHARD_MAX_GROUPS];  /* one per group that this rank owns */
} Shard;

/* Plans rank of ranks's share of count examples in groups groups, chunk
   of each per global batch, seeding each group's generator from seed
   and the group's number; fails naming what does not fit. */
nn_status shard_init(Shard *s, int count, int groups, int ranks, int rank,
                     int chunk, uint64_t seed);
/* The groups that one rank owns: G / p. */
int shard_local_groups(const Shard *s);
/* local = the examples of all that s's rank owns, group after group
   (free with dataset_free). */
nn_status shard_dataset(const Shard *s, const Dataset *all, Dataset *local);
/* A TrainHooks order hook (context: a Shard): shuffles each local group
   with its own generator and lays out batch t as chunk t of each. */
void shard_order(void *context, int *order, int count, Rng *rng);
/* out[i] = (sum over g = 0..G-1 of chunks[g * n + i]) / G, added in
   double in the order of g: the same bits for the same chunks. */
void shard_mean_in_order(const scalar *chunks, int groups, size_t n,
                         scalar *out);
#endif
