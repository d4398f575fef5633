/* lib/problems.c */
#include <stdbool.h>
#include "problems.h"

static const LayerSpec xor_layers[] = {
    LAYER_DENSE(2, 4, ACT_TANH), LAYER_DENSE(4, 2, ACT_IDENTITY)
};
static const TrainConfig xor_training = {
    4, XOR_EPOCHS, &head_cross_entropy
};
static const LayerSpec spiral_layers[] = {
    LAYER_DENSE(2, 32, ACT_RELU), LAYER_DENSE(32, 32, ACT_RELU),
    LAYER_DENSE(32, SPIRAL_CLASSES, ACT_IDENTITY)
};
static const TrainConfig spiral_training = {
    10, SPIRAL_EPOCHS, &head_cross_entropy
};
void problem_free(Problem *p)
{
    optimizer_free(&p->opt);
    network_free(&p->net);
    dataset_free(&p->data);
}
nn_status problem_init(Problem *p, ProblemKind kind, uint64_t seed,
                       scalar learning_rate)
{
    bool is_xor = kind == XOR_PROBLEM;
    OptimizerConfig sgd = { .kind = OPT_SGD,
                            .learning_rate = learning_rate };
    *p = (Problem){ .training = is_xor ? xor_training : spiral_training };
    rng_seed(&p->rng, seed, 7);
    nn_status s = is_xor ? dataset_xor(&p->data)
                         : dataset_spiral(&p->data, SPIRAL_PER_CLASS,
                                          SPIRAL_CLASSES, SPIRAL_NOISE,
                                          &p->rng);
    if (s == NN_OK)
        s = network_init(&p->net, is_xor ? 2 : 3,
                         is_xor ? xor_layers : spiral_layers,
                         p->training.batch_size);
    if (s == NN_OK) {
        network_initialize(&p->net, is_xor ? INIT_XAVIER : INIT_HE, 0,
                           &p->rng);
        s = optimizer_init(&p->opt, &sgd, p->net.param_count);
    }
    if (s != NN_OK)
        problem_free(p);
    return s;
}
