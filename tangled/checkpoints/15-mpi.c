/* checkpoints/15-mpi.c */
#include <stdlib.h>
#include <string.h>
#include "shard.h"
#include "tap.h"
#include "train.h"
enum { EXAMPLES = 103, GROUPS = 4, CHUNK = 3 };
/* seen[t * EXAMPLES + i]: example i is in global batch t. */
static bool global_batches(int ranks, char *seen, int *steps)
{
    Dataset all = { .count = EXAMPLES, .features = 1, .classes = 1 };
    int labels[EXAMPLES];
    for (int i = 0; i < EXAMPLES; i++)
        labels[i] = i;
    all.labels = labels;
    memset(seen, 0, (size_t)EXAMPLES * EXAMPLES);
    for (int r = 0; r < ranks; r++) {
        Shard s;
        Dataset mine;
        if (shard_init(&s, EXAMPLES, GROUPS, ranks, r, CHUNK, 7) != NN_OK
            || shard_dataset(&s, &all, &mine) != NN_OK)
            return false;
        int *order = malloc((size_t)mine.count * sizeof(int));
        shard_order(&s, order, mine.count, NULL);
        int rows = shard_local_groups(&s) * CHUNK;
        for (int j = 0; j < mine.count; j++)
            seen[(j / rows) * EXAMPLES + mine.labels[order[j]]]++;
        *steps = mine.count / rows;
        free(order);
        dataset_free(&mine);
    }
    return true;
}
static void test_batches_same_for_any_ranks(void)
{
    static char one[EXAMPLES * EXAMPLES], many[EXAMPLES * EXAMPLES];
    int steps = 0, total = 0, twice = 0;
    tap_ok(global_batches(1, one, &steps), "shares for 1 rank");
    for (int k = 0; k < EXAMPLES * EXAMPLES; k++) {
        total += one[k];
        twice += one[k] > 1;
    }
    tap_ok(steps == 8 && total == 96 && twice == 0, "an epoch of %d "
           "steps trains each of %d examples once (%d in the groups)",
           steps, total, GROUPS * (EXAMPLES / GROUPS / CHUNK * CHUNK));
    for (int p = 2; p <= GROUPS; p *= 2) {
        bool made = global_batches(p, many, &steps);
        tap_ok(made && memcmp(one, many, sizeof one) == 0, "%d ranks make "
               "the global batches of 1 rank", p);
    }
    Shard s;
    tap_ok(shard_init(&s, EXAMPLES, GROUPS, 3, 0, CHUNK, 7) == NN_ERR_ARG
           && strstr(nn_error(), "3 ranks cannot share 4 groups") != NULL,
           "3 ranks for 4 groups: %s", nn_error());
}
static void test_mean_in_order(void)
{
    const scalar chunks[4] = { 16777216, 1, -16777216, 3 };
    scalar mean;
    shard_mean_in_order(chunks, 4, 1, &mean);
    tap_ok(mean == 1, "the mean of 2^24, 1, -2^24, 3 is %g", (double)mean);
}
typedef struct { scalar held[64]; int count; } Holder;
static nn_status hold_every_other(void *context, Network *net, int rows,
                                  bool *step)
{
    Holder *h = context;
    (void)rows;
    for (size_t i = 0; i < net->param_count; i++) {
        if (h->count % 2 == 0)
            h->held[i] = net->grads[i];
        else
            net->grads[i] += h->held[i];
    }
    *step = h->count++ % 2 == 1;
    return NN_OK;
}
static void xor_run(int batch, scalar rate, TrainHooks *hooks, Network *net)
{
    const LayerSpec specs[] = { LAYER_DENSE(2, 4, ACT_TANH),
                                LAYER_DENSE(4, 2, ACT_IDENTITY) };
    OptimizerConfig sgd = { .kind = OPT_SGD, .learning_rate = rate };
    Dataset d;
    Optimizer opt;
    Rng rng;
    int done = 0;
    rng_seed(&rng, 3, 0);
    dataset_xor(&d);
    network_init(net, 2, specs, 4);
    network_initialize(net, INIT_XAVIER, 0, &rng);
    optimizer_init(&opt, &sgd, net->trained_count);
    TrainConfig config = { batch, 50, &head_cross_entropy };
    train_run(net, &opt, &d, &config, hooks, &rng, &done);
    optimizer_free(&opt);
    dataset_free(&d);
}
static void in_place(void *context, int *order, int count, Rng *rng)
{
    (void)context, (void)order, (void)count, (void)rng;
}

static void test_held_update(void)
{
    Holder h = { .count = 0 };
    TrainHooks held = { .order = in_place,
                        .after_backward = hold_every_other, .context = &h };
    TrainHooks whole = { .order = in_place };
    Network a, b;
    xor_run(2, (scalar)0.25, &held, &a);
    xor_run(4, (scalar)0.5, &whole, &b);
    double worst = 0;
    for (size_t i = 0; i < a.param_count; i++) {
        double d = (double)a.params[i] - (double)b.params[i];
        worst = d > worst ? d : -d > worst ? -d : worst;
    }
    tap_ok(h.count == 100 && worst < 1e-5, "held updates of batches of 2 "
           "= updates of batches of 4: %d hooks, largest difference %.2g",
           h.count, worst);
    bool moved = false;
    Network c;
    xor_run(4, (scalar)0.25, &whole, &c);
    for (size_t i = 0; i < a.param_count; i++)
        moved = moved || a.params[i] != c.params[i];
    tap_ok(moved, "and not the updates of a smaller rate");
    network_free(&a);
    network_free(&b);
    network_free(&c);
}
int main(void)
{
    test_batches_same_for_any_ranks();
    test_mean_in_order();
    test_held_update();
    return tap_done();
}
