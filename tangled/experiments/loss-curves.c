/* experiments/loss-curves.c: the training loss of every epoch, for XOR
   (DIR/xor.dat) and for the spiral (DIR/spiral.dat). */
#include <stdio.h>
#include <stdlib.h>
#include "train.h"

typedef enum { XOR_PROBLEM, SPIRAL_PROBLEM } ProblemKind;

typedef struct {
    Dataset data;
    Network net;
    Optimizer opt;
    TrainConfig training;
    Rng rng;            /* draws the data, the weights, the orders */
} Problem;
#define XOR_LEARNING_RATE ((scalar)0.5)
enum { XOR_EPOCHS = 500 };
static const LayerSpec xor_layers[] = {
    { 2, 4, ACT_TANH }, { 4, 2, ACT_IDENTITY }
};
static const TrainConfig xor_training = {
    4, XOR_EPOCHS, LOSS_CROSS_ENTROPY
};
#define SPIRAL_LEARNING_RATE ((scalar)0.1)
#define SPIRAL_NOISE ((scalar)0.2)
enum { SPIRAL_PER_CLASS = 100, SPIRAL_CLASSES = 3, SPIRAL_EPOCHS = 300 };
static const LayerSpec spiral_layers[] = {
    { 2, 32, ACT_RELU }, { 32, 32, ACT_RELU },
    { 32, SPIRAL_CLASSES, ACT_IDENTITY }
};
static const TrainConfig spiral_training = {
    10, SPIRAL_EPOCHS, LOSS_CROSS_ENTROPY
};
static void problem_free(Problem *p)
{
    optimizer_free(&p->opt);
    network_free(&p->net);
    dataset_free(&p->data);
}
static nn_status problem_init(Problem *p, ProblemKind kind, uint64_t seed,
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
static void require(nn_status status)
{
    if (status != NN_OK) {
        fprintf(stderr, "%s\n", nn_error());
        exit(1);
    }
}

static FILE *open_output(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    return f;
}
enum { XOR_SEED = 1, SPIRAL_SEED = 2 };
static void write_loss_curve(const char *dir, const char *name,
                             ProblemKind kind, uint64_t seed, scalar rate)
{
    Problem p;
    require(problem_init(&p, kind, seed, rate));
    double *losses = malloc((size_t)p.training.epochs * sizeof(double));
    if (losses == NULL)
        require(nn_fail(NN_ERR_NOMEM, "loss-curves: out of memory"));
    require(train_network(&p.net, &p.opt, &p.data, &p.training, &p.rng,
                          losses));
    FILE *f = open_output(dir, name);
    fprintf(f, "# epoch mean_training_loss\n");
    for (int e = 0; e < p.training.epochs; e++)
        fprintf(f, "%d %.6g\n", e + 1, losses[e]);
    fclose(f);
    free(losses);
    problem_free(&p);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    write_loss_curve(argv[1], "xor.dat", XOR_PROBLEM, XOR_SEED,
                     XOR_LEARNING_RATE);
    write_loss_curve(argv[1], "spiral.dat", SPIRAL_PROBLEM, SPIRAL_SEED,
                     SPIRAL_LEARNING_RATE);
    return 0;
}
