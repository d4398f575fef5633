/* lib/experiment.c */
#include <stdlib.h>
#include "experiment.h"

const char *output_directory(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        exit(2);
    }
    return argv[1];
}

void experiment_require(nn_status status)
{
    if (status != NN_OK) {
        fprintf(stderr, "%s\n", nn_error());
        exit(1);
    }
}
FILE *open_output(const char *dir, const char *name)
{
    char path[4096];
    int length = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (length >= (int)sizeof path) {
        fprintf(stderr, "%s/%s: the path is too long\n", dir, name);
        exit(1);
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    return f;
}

void close_output(FILE *f)
{
    int write_failed = ferror(f);
    if (fclose(f) != 0 || write_failed) {
        fprintf(stderr, "an output file could not be written in full\n");
        exit(1);
    }
}
void load_fashion_test(Dataset *test)
{
    DataPaths paths;
    experiment_require(data_paths("fashion", &paths));
    experiment_require(dataset_load_idx(test, paths.test_images, paths.test_labels,
                             10));
}
void fit_cars(Network *net, const LayerSpec *specs, int count,
              const Dataset *train)
{
    Rng rng;
    rng_seed(&rng, 8, 0);
    experiment_require(network_init(net, count, specs, 400));
    network_initialize(net, INIT_HE, 1, &rng);
    experiment_require(scale_standardize(&net->layers[0], train));
    experiment_require(scale_unstandardize(&net->layers[count - 1], train));
    OptimizerConfig sgd = { .kind = OPT_SGD, .learning_rate = 0.001f };
    Optimizer opt;
    experiment_require(optimizer_init(&opt, &sgd, net->trained_count));
    TrainConfig config = { 16, 400, &head_mse };
    experiment_require(train_network(net, &opt, train, &config, &rng, NULL));
    optimizer_free(&opt);
}
void load_cars(const char *name, Dataset *d)
{
    char path[256];
    CsvTable t;
    snprintf(path, sizeof path, "build/data/cars/%s", name);
    experiment_require(csv_read(path, &t));
    experiment_require(csv_dataset(&t, path, "miles_per_gallon",
                                   "regression", d));
    csv_free(&t);
}
void load_fashion(int train_count, int validation_count, Dataset *train,
                  Dataset *validation)
{
    DataPaths paths;
    experiment_require(data_paths("fashion", &paths));
    experiment_require(dataset_load_idx(train, paths.train_images,
                             paths.train_labels, 10));
    if (validation != NULL)
        experiment_require(dataset_split(train, validation_count, validation));
    if (train_count < train->count)
        train->count = train_count;
}
enum { SMALL_HIDDEN = 32, SMALL_SEED = 9 };

static void small_network(Network *net, int batch, scalar dropout,
                          Rng *rng)
{
    const LayerSpec specs[] = { LAYER_DENSE(784, SMALL_HIDDEN, ACT_RELU),
                                LAYER_DENSE(SMALL_HIDDEN, 10, ACT_IDENTITY) };
    rng_seed(rng, SMALL_SEED, 9);
    experiment_require(network_init(net, 2, specs, batch));
    network_initialize(net, INIT_HE, 0, rng);
    const LayerSpec drop = LAYER_DROPOUT(SMALL_HIDDEN, dropout);
    if (dropout > 0)
        experiment_require(network_insert(net, 1, &drop));
}
typedef struct {
    FILE *f;
    const SmallRun *run;
    const Dataset *train;
} SmallLog;

static nn_status write_epoch(void *context, Network *net,
                             const EpochReport *r, bool *stop)
{
    const SmallLog *log = context;
    double train_accuracy = 0;
    nn_status status = NN_OK;
    (void)stop;
    if (log->run->measure_training)
        status = train_evaluate(net, log->train, &head_cross_entropy, NULL,
                          &train_accuracy);
    fprintf(log->f, "%d %.6f %.6f %.6f %.6f\n", r->epoch, r->train_loss,
            r->val_loss, r->val_metric, train_accuracy);
    return status;
}
void train_small(const char *dir, const char *name, const char *label,
                 const OptimizerConfig *config, scalar dropout,
                 const SmallRun *run, const Dataset *train,
                 const Dataset *validation)
{
    Network net;
    train_small_kept(dir, name, label, config, dropout, run, train,
                     validation, &net);
    network_free(&net);
}
void train_small_kept(const char *dir, const char *name,
                      const char *label, const OptimizerConfig *config,
                      scalar dropout, const SmallRun *run,
                      const Dataset *train, const Dataset *validation,
                      Network *net_out)
{
    Network net;
    Optimizer opt;
    Rng rng;
    small_network(&net, run->batch, dropout, &rng);
    experiment_require(optimizer_init(&opt, config, net.param_count));
    char file[256];
    snprintf(file, sizeof file, "%s.dat", name);
    FILE *f = open_output(dir, file);
    fprintf(f, "epoch \"%s\" val_loss val_accuracy train_accuracy\n",
            label);
    const TrainConfig training = { run->batch, run->epochs,
                                   &head_cross_entropy };
    SmallLog log = { f, run, train };
    const TrainHooks hooks = { .validation = validation,
                               .after_epoch = write_epoch, .context = &log };
    int done = 0;
    experiment_require(train_run(&net, &opt, train, &training, &hooks, &rng, &done));
    close_output(f);
    optimizer_free(&opt);
    *net_out = net;
}
