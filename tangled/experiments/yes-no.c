/* experiments/yes-no.c: was this car made in America? A yes-or-no
   network on the cars table, trained with the binary cross-entropy and,
   to compare, with the squared error of its probability. */
#include <stdio.h>
#include "dense.h"
#include "evaluate.h"
#include "experiment.h"

enum {
    YES_NO_HIDDEN = 16,
    YES_NO_EPOCHS = 100,
    YES_NO_BATCH = 16,
    YES_NO_SEED = 1,
    YES_NO_RUNS = 4         /* two losses, each from two starts */
};
#define YES_NO_LEARNING_RATE ((scalar)0.1)
#define YES_NO_SURE_OF_NO ((scalar)-6)  /* the bias of a confident no */
static const LayerSpec logit_net[] = {
    LAYER_SCALE(7), LAYER_DENSE(7, YES_NO_HIDDEN, ACT_RELU),
    LAYER_DENSE(YES_NO_HIDDEN, 1, ACT_IDENTITY),
};
static const LayerSpec probability_net[] = {
    LAYER_SCALE(7), LAYER_DENSE(7, YES_NO_HIDDEN, ACT_RELU),
    LAYER_DENSE(YES_NO_HIDDEN, 1, ACT_SIGMOID),
};
typedef struct {
    const Dataset *test;
    const Head *head;
    double *accuracy;       /* [e]: after epoch e; [0]: before training */
} AccuracyWatch;

static nn_status watch_accuracy(void *context, Network *net,
                                const EpochReport *report, bool *stop)
{
    AccuracyWatch *w = context;
    Confusion c;
    (void)stop;
    nn_status status = confusion_init(&c, 2);
    if (status == NN_OK)
        status = evaluate_dataset(net, w->test, &c, NULL, w->head);
    if (status == NN_OK)
        w->accuracy[report->epoch] = confusion_accuracy(&c);
    confusion_free(&c);
    return status;
}
/* Run r: the logit network with the binary cross-entropy (r even) or
   the probability network with the squared error (r odd), from the
   ordinary start (r < 2) or sure of no; accuracy has EPOCHS + 1 rooms. */
static void train_yes_no(int r, const Dataset *train, const Dataset *test,
                         Network *net, double *accuracy)
{
    const Head *head = r % 2 == 0 ? &head_binary_cross_entropy : &head_mse;
    Rng rng;
    rng_seed(&rng, YES_NO_SEED, 0);
    experiment_require(network_init(net, 3, r % 2 == 0 ? logit_net
                                    : probability_net, train->count));
    network_initialize(net, INIT_HE, 1, &rng);
    experiment_require(scale_standardize(&net->layers[0], train));
    if (r >= 2)
        dense_state(&net->layers[2])->bias.data[0] = YES_NO_SURE_OF_NO;
    AccuracyWatch watch = { test, head, accuracy };
    TrainHooks hooks = { .after_epoch = watch_accuracy, .context = &watch };
    EpochReport before = { .epoch = 0 };
    experiment_require(watch_accuracy(&watch, net, &before, NULL));
    OptimizerConfig sgd = { .kind = OPT_SGD,
                            .learning_rate = YES_NO_LEARNING_RATE };
    Optimizer opt;
    experiment_require(optimizer_init(&opt, &sgd, net->trained_count));
    TrainConfig config = { YES_NO_BATCH, YES_NO_EPOCHS, head };
    int done = 0;
    experiment_require(train_run(net, &opt, train, &config, &hooks, &rng,
                                 &done));
    optimizer_free(&opt);
}
static void load_yes_no(const char *name, Dataset *d)
{
    char path[256];
    CsvTable t;
    snprintf(path, sizeof path, "build/data/cars/%s", name);
    experiment_require(csv_read(path, &t));
    experiment_require(csv_dataset(&t, path, "usa", "binary", d));
    csv_free(&t);
}
static void write_probabilities(const char *dir, Network *net,
                                const Dataset *test)
{
    Matrix x = matrix_view(test->count, test->features, test->x);
    const Matrix *z;
    experiment_require(network_forward(net, &x, &z));
    Matrix p = *z;
    head_predict(&head_binary_cross_entropy, &p);
    FILE *f = open_output(dir, "probabilities.dat");
    fprintf(f, "# made_in_usa probability_of_yes: one line per test car\n");
    for (int i = 0; i < test->count; i++)
        fprintf(f, "%d %.4f\n", test->labels[i], (double)p.data[i]);
    close_output(f);
    static const char *const answers[] = { "elsewhere", "USA" };
    Confusion c;
    experiment_require(confusion_init(&c, 2));
    experiment_require(evaluate_dataset(net, test, &c, NULL,
                                        &head_binary_cross_entropy));
    f = open_output(dir, "report.txt");
    experiment_require(confusion_print(&c, answers, f));
    close_output(f);
    confusion_free(&c);
}

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Dataset train, test;
    load_yes_no("cars-train.csv", &train);
    load_yes_no("cars-test.csv", &test);
    static double accuracy[YES_NO_RUNS][YES_NO_EPOCHS + 1];
    Network net[YES_NO_RUNS];
    for (int r = 0; r < YES_NO_RUNS; r++)
        train_yes_no(r, &train, &test, &net[r], accuracy[r]);
    FILE *f = open_output(dir, "accuracy.dat");
    fprintf(f, "# epoch, then the test accuracy of: cross-entropy, squared "
            "error (ordinary start); the same two sure of no; always yes\n");
    double always_yes = 0;
    for (int i = 0; i < test.count; i++)
        always_yes += test.labels[i] == 1 ? 1.0 / test.count : 0;
    for (int e = 0; e <= YES_NO_EPOCHS; e++)
        fprintf(f, "%d %.4f %.4f %.4f %.4f %.4f\n", e, accuracy[0][e],
                accuracy[1][e], accuracy[2][e], accuracy[3][e], always_yes);
    close_output(f);
    write_probabilities(dir, &net[0], &test);
    for (int r = 0; r < YES_NO_RUNS; r++)
        network_free(&net[r]);
    dataset_free(&train), dataset_free(&test);
    return 0;
}
