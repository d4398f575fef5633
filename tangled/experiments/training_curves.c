/* experiments/training_curves.c: the data of the training-curves figure,
   a run of nn train's trainer on part of Fashion-MNIST. */
#include <stdio.h>
#include "idx.h"
#include "trainer.h"

enum { CURVE_TRAIN = 10000, CURVE_VALIDATION = 5000, CURVE_EPOCHS = 10,
       CURVE_BATCH = 64, CURVE_SEED = 1 };

static nn_status load_curve_data(Dataset *train, Dataset *validation)
{
    DataPaths paths;
    nn_status s;
    *validation = (Dataset){ 0 };
    if ((s = data_paths("fashion", &paths)) != NN_OK
        || (s = dataset_load_idx(train, paths.train_images,
                                 paths.train_labels, 10)) != NN_OK)
        return s;
    if ((s = dataset_split(train, CURVE_VALIDATION, validation)) != NN_OK) {
        dataset_free(train);
        return s;
    }
    if (train->count > CURVE_TRAIN)
        train->count = CURVE_TRAIN;
    return NN_OK;
}
static nn_status write_curves(const char *dir, Network *net,
                              TrainingState *state, const Dataset *train,
                              const Dataset *validation);
static nn_status training_curves(const char *dir)
{
    const LayerSpec layers[] = { { 784, 64, ACT_RELU },
                                 { 64, 10, ACT_IDENTITY } };
    const OptimizerConfig sgd = { .kind = OPT_SGD, .learning_rate = 0.1f };
    Dataset train, validation;
    Network net = { 0 };
    TrainingState state = { 0 };
    nn_status s = load_curve_data(&train, &validation);
    if (s != NN_OK)
        return s;
    if ((s = network_init(&net, 2, layers, CURVE_BATCH)) == NN_OK
        && (s = trainer_start(&net, &state, &sgd, CURVE_SEED)) == NN_OK)
        s = write_curves(dir, &net, &state, &train, &validation);
    training_state_free(&state);
    network_free(&net);
    dataset_free(&train);
    dataset_free(&validation);
    return s;
}
static nn_status write_curves(const char *dir, Network *net,
                              TrainingState *state, const Dataset *train,
                              const Dataset *validation)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/log.tsv", dir);
    FILE *log = fopen(path, "w");
    if (log == NULL)
        return nn_fail(NN_ERR_IO, "cannot create %s", path);
    TrainerConfig config = { .epochs = CURVE_EPOCHS,
                             .batch_size = CURVE_BATCH,
                             .loss = LOSS_CROSS_ENTROPY, .log = log };
    nn_status s = trainer_log_header(log);
    if (s == NN_OK)
        s = trainer_run(&config, net, state, train, validation);
    if (fclose(log) != 0 && s == NN_OK)
        s = nn_fail(NN_ERR_IO, "cannot write %s", path);
    return s;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: training_curves DIR\n", stderr);
        return 2;
    }
    nn_status status = training_curves(argv[1]);
    if (status != NN_OK)
        fprintf(stderr, "training_curves: %s\n", nn_error());
    return status == NN_OK ? 0 : 1;
}
