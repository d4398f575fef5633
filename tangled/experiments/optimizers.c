/* experiments/optimizers.c: SGD, momentum and Adam training the same
   network on part of Fashion-MNIST; DIR/NAME.dat per optimizer. */
#include <stdio.h>
#include <stdlib.h>
#include "idx.h"
#include "train.h"

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
static void load_fashion(int train_count, int validation_count,
                         Dataset *train, Dataset *validation)
{
    DataPaths paths;
    require(data_paths("fashion", &paths));
    require(dataset_load_idx(train, paths.train_images,
                             paths.train_labels, 10));
    require(dataset_split(train, validation_count, validation));
    if (train_count < train->count)
        train->count = train_count;
}
enum { SMALL_HIDDEN = 32, SMALL_SEED = 9 };

typedef struct {
    int batch, epochs;
    bool measure_training;  /* also the accuracy on the training set */
} Small;

static void small_network(Network *net, int batch, scalar dropout,
                          Rng *rng)
{
    const LayerSpec specs[] = { { 784, SMALL_HIDDEN, ACT_RELU },
                                { SMALL_HIDDEN, 10, ACT_IDENTITY } };
    rng_seed(rng, SMALL_SEED, 9);
    require(network_init(net, 2, specs, batch));
    network_initialize(net, INIT_HE, 0, rng);
    if (dropout > 0)
        require(network_insert_dropout(net, 1, dropout));
}
static void train_small(const char *dir, const char *name,
                        const char *label, const OptimizerConfig *config,
                        scalar dropout,
                        const Small *run, const Dataset *train,
                        const Dataset *validation)
{
    Network net;
    Optimizer opt;
    Rng rng;
    small_network(&net, run->batch, dropout, &rng);
    require(optimizer_init(&opt, config, net.param_count));
    const FitConfig one = { 1, run->batch, LOSS_CROSS_ENTROPY,
                            { SCHEDULE_CONSTANT, 0, 0, 1 }, 0 };
    char file[256];
    snprintf(file, sizeof file, "%s.dat", name);
    FILE *f = open_output(dir, file);
    fprintf(f, "epoch \"%s\" val_loss val_accuracy train_accuracy\n",
            label);
    for (int e = 1; e <= run->epochs; e++) {
        EpochResult r;
        double train_accuracy = 0;
        require(fit(&net, &opt, train, validation, &one, &rng, &r, NULL,
                    NULL));
        if (run->measure_training)
            require(evaluate(&net, train, LOSS_CROSS_ENTROPY, NULL,
                             &train_accuracy));
        fprintf(f, "%d %.6f %.6f %.6f %.6f\n", e, r.train_loss, r.val_loss,
                r.val_accuracy, train_accuracy);
    }
    fclose(f);
    optimizer_free(&opt);
    network_free(&net);
}

enum { COMPARE_TRAIN = 2000, COMPARE_VALIDATION = 1000, COMPARE_BATCH = 64,
       COMPARE_EPOCHS = 8 };

static const struct {
    const char *file, *title;
    OptimizerKind kind;
    OptimizerKind rate_of;   /* the kind whose default rate it uses */
} compared[] = {
    { "sgd", "SGD", OPT_SGD, OPT_SGD },
    { "sgd-slow", "SGD", OPT_SGD, OPT_MOMENTUM },
    { "momentum", "momentum", OPT_MOMENTUM, OPT_MOMENTUM },
    { "adam", "Adam", OPT_ADAM, OPT_ADAM },
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const Small run = { COMPARE_BATCH, COMPARE_EPOCHS, false };
    Dataset train, validation;
    load_fashion(COMPARE_TRAIN, COMPARE_VALIDATION, &train, &validation);
    for (int k = 0; k < 4; k++) {
        OptimizerConfig config = optimizer_defaults(compared[k].kind);
        char label[64];
        config.learning_rate =
            optimizer_defaults(compared[k].rate_of).learning_rate;
        snprintf(label, sizeof label, "%s, \u03b7 = %g", compared[k].title,
                 (double)config.learning_rate);
        train_small(argv[1], compared[k].file, label, &config, 0, &run,
                    &train, &validation);
    }
    dataset_free(&train);
    dataset_free(&validation);
    return 0;
}
