/* lib/shard.c: shares of the examples for data-parallel training. */
#include <stdlib.h>
#include <string.h>
#include "shard.h"
nn_status shard_init(Shard *s, int count, int groups, int ranks, int rank,
                     int chunk, uint64_t seed)
{
    if (groups < 1 || groups > SHARD_MAX_GROUPS || ranks < 1
        || groups % ranks != 0 || rank < 0 || rank >= ranks)
        return nn_fail(NN_ERR_ARG, "shard: %d ranks cannot share %d groups "
                       "(the ranks must divide the groups, at most %d)",
                       ranks, groups, SHARD_MAX_GROUPS);
    if (chunk < 1 || count / groups < chunk)
        return nn_fail(NN_ERR_ARG, "shard: %d examples make %d groups of "
                       "%d, too few for chunks of %d", count, groups,
                       count / groups, chunk);
    *s = (Shard){ .groups = groups, .ranks = ranks, .rank = rank,
                  .chunk = chunk,
                  .group_size = count / groups / chunk * chunk };
    for (int k = 0; k < shard_local_groups(s); k++)
        rng_seed(&s->rng[k], seed, (uint64_t)(rank * (groups / ranks) + k));
    return NN_OK;
}

int shard_local_groups(const Shard *s)
{
    return s->groups / s->ranks;
}
nn_status shard_dataset(const Shard *s, const Dataset *all, Dataset *local)
{
    int n = shard_local_groups(s) * s->group_size, f = all->features;
    *local = *all;
    local->count = n;
    local->x = all->x ? malloc((size_t)n * f * sizeof(scalar)) : NULL;
    local->bytes = all->bytes ? malloc((size_t)n * f) : NULL;
    local->labels = all->labels ? malloc((size_t)n * sizeof(int)) : NULL;
    local->y = all->y ? malloc((size_t)n * all->outputs * sizeof(scalar))
                      : NULL;
    if ((all->x && !local->x) || (all->bytes && !local->bytes)
        || (all->labels && !local->labels) || (all->y && !local->y)) {
        dataset_free(local);
        return nn_fail(NN_ERR_NOMEM, "shard: out of memory for %d "
                       "examples", n);
    }
    for (int i = 0; i < n; i++) {
        int g = s->rank * shard_local_groups(s) + i / s->group_size;
        int from = (i % s->group_size) * s->groups + g;
        if (all->x)
            memcpy(local->x + (size_t)i * f, all->x + (size_t)from * f,
                   (size_t)f * sizeof(scalar));
        if (all->bytes)
            memcpy(local->bytes + (size_t)i * f, all->bytes + (size_t)from * f,
                   (size_t)f);
        if (all->labels)
            local->labels[i] = all->labels[from];
        if (all->y)
            memcpy(local->y + (size_t)i * all->outputs,
                   all->y + (size_t)from * all->outputs,
                   (size_t)all->outputs * sizeof(scalar));
    }
    return NN_OK;
}
void shard_order(void *context, int *order, int count, Rng *rng)
{
    Shard *s = context;
    int S = s->group_size, L = shard_local_groups(s), b = s->chunk;
    int *perm = malloc((size_t)S * sizeof(int));
    (void)rng;
    for (int k = 0; k < L && perm != NULL && count == L * S; k++) {
        rng_permutation(perm, S, &s->rng[k]);
        for (int j = 0; j < S; j++)   /* batch j / b, group k, place j % b */
            order[(j / b) * L * b + k * b + j % b] = k * S + perm[j];
    }
    free(perm);   /* on failure the order stays 0..count-1 */
}
void shard_mean_in_order(const scalar *chunks, int groups, size_t n,
                         scalar *out)
{
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (int g = 0; g < groups; g++)
            sum += (double)chunks[(size_t)g * n + i];
        out[i] = (scalar)(sum / groups);
    }
}
