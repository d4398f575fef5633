/* experiments/vanishing-gradients.c: the size of each layer's weight
   gradient in a deep network at its initial weights (DIR/norms.dat),
   and the training loss per epoch (DIR/training.dat), for four choices
   of activation and initialization. */
#include <math.h>
#include <stdio.h>
#include "dense.h"
#include "experiment.h"
#include "train.h"

enum { VANISH_DEPTH = 8, VANISH_WIDTH = 32, VANISH_BATCH = 64,
       VANISH_TRAIN = 2500, VANISH_BATCHES = 20, VANISH_EPOCHS = 4 };

static const struct {
    const char *label;
    Activation act;
    InitScheme init;
    double scale;
} vanish_versions[] = {
    { "sigmoid, N(0, 0.01^2)", ACT_SIGMOID, INIT_NORMAL, 0.01 },
    { "sigmoid, Xavier", ACT_SIGMOID, INIT_XAVIER, 0 },
    { "tanh, Xavier", ACT_TANH, INIT_XAVIER, 0 },
    { "ReLU, He", ACT_RELU, INIT_HE, 0 },
};
enum { VANISH_VERSIONS = sizeof vanish_versions / sizeof *vanish_versions };
static void deep_network(Network *net, int version, Rng *rng)
{
    LayerSpec specs[VANISH_DEPTH + 1];
    Activation act = vanish_versions[version].act;
    for (int l = 0; l <= VANISH_DEPTH; l++)
        specs[l] = (LayerSpec)LAYER_DENSE(
            l == 0 ? 784 : VANISH_WIDTH, l == VANISH_DEPTH ? 10 : VANISH_WIDTH,
            l == VANISH_DEPTH ? ACT_IDENTITY : act);
    experiment_require(network_init(net, VANISH_DEPTH + 1, specs, VANISH_BATCH));
    network_initialize(net, vanish_versions[version].init,
                       (scalar)vanish_versions[version].scale, rng);
}
static void write_header(FILE *f, const char *first)
{
    fprintf(f, "%s", first);
    for (int v = 0; v < VANISH_VERSIONS; v++)
        fprintf(f, " \"%s\"", vanish_versions[v].label);
    fprintf(f, "\n");
}
static void gradient_norms(Network *net, const Dataset *d, double *norms)
{
    Matrix x, t, grad;
    const Matrix *out;
    experiment_require(matrix_init(&x, VANISH_BATCH, d->features));
    experiment_require(matrix_init(&t, VANISH_BATCH, d->outputs));
    experiment_require(matrix_init(&grad, VANISH_BATCH, d->outputs));
    for (int l = 0; l < net->layer_count; l++)
        norms[l] = 0;
    for (int b = 0; b < VANISH_BATCHES; b++) {
        experiment_require(dataset_batch(d, NULL, b * VANISH_BATCH, VANISH_BATCH, &x,
                              &t));
        experiment_require(network_forward(net, &x, &out));
        experiment_require(head_gradient(&head_cross_entropy, out, &t, &grad));
        experiment_require(network_backward(net, &grad));
        for (int l = 0; l < net->layer_count; l++) {
            const Matrix *g = &dense_state(&net->layers[l])->grad_weights;
            double sum = 0;
            for (size_t k = 0; k < matrix_size(g); k++)
                sum += (double)g->data[k] * g->data[k];
            norms[l] += sqrt(sum) / VANISH_BATCHES;
        }
    }
    matrix_free(&x);
    matrix_free(&t);
    matrix_free(&grad);
}
int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Dataset train;
    double norms[VANISH_VERSIONS][VANISH_DEPTH + 1];
    double losses[VANISH_VERSIONS][VANISH_EPOCHS];
    load_fashion(VANISH_TRAIN, 0, &train, NULL);
    for (int v = 0; v < VANISH_VERSIONS; v++) {
        Network net;
        Optimizer opt;
        Rng rng;
        OptimizerConfig sgd = optimizer_defaults(OPT_SGD);
        rng_seed(&rng, 9, 1);
        deep_network(&net, v, &rng);
        gradient_norms(&net, &train, norms[v]);
        experiment_require(optimizer_init(&opt, &sgd, net.param_count));
        TrainConfig training = { VANISH_BATCH, VANISH_EPOCHS,
                                 &head_cross_entropy };
        experiment_require(train_network(&net, &opt, &train, &training, &rng, losses[v]));
        optimizer_free(&opt);
        network_free(&net);
    }
    FILE *f = open_output(dir, "norms.dat");
    write_header(f, "layer");
    for (int l = 0; l <= VANISH_DEPTH; l++) {
        fprintf(f, "%d", l + 1);
        for (int v = 0; v < VANISH_VERSIONS; v++)
            fprintf(f, " %.6g", norms[v][l]);
        fprintf(f, "\n");
    }
    close_output(f);
    f = open_output(dir, "training.dat");
    write_header(f, "epoch");
    for (int e = 0; e < VANISH_EPOCHS; e++) {
        fprintf(f, "%d", e + 1);
        for (int v = 0; v < VANISH_VERSIONS; v++)
            fprintf(f, " %.6g", losses[v][e]);
        fprintf(f, "\n");
    }
    close_output(f);
    dataset_free(&train);
    return 0;
}
