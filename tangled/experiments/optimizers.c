/* experiments/optimizers.c: SGD, momentum, AdaGrad, RMSprop and Adam
   training the same network on part of Fashion-MNIST; DIR/NAME.dat per
   optimizer. */
#include <stdio.h>
#include "experiment.h"

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
    { "adagrad", "AdaGrad", OPT_ADAGRAD, OPT_ADAGRAD },
    { "rmsprop", "RMSprop", OPT_RMSPROP, OPT_RMSPROP },
    { "adam", "Adam", OPT_ADAM, OPT_ADAM },
};
enum { COMPARED = sizeof compared / sizeof compared[0] };

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    const SmallRun run = { COMPARE_BATCH, COMPARE_EPOCHS, false };
    Dataset train, validation;
    load_fashion(COMPARE_TRAIN, COMPARE_VALIDATION, &train, &validation);
    for (int k = 0; k < COMPARED; k++) {
        OptimizerConfig config = optimizer_defaults(compared[k].kind);
        char label[64];
        config.learning_rate =
            optimizer_defaults(compared[k].rate_of).learning_rate;
        snprintf(label, sizeof label, "%s, \u03b7 = %g", compared[k].title,
                 (double)config.learning_rate);
        train_small(dir, compared[k].file, label, &config, 0, &run,
                    &train, &validation);
    }
    dataset_free(&train);
    dataset_free(&validation);
    return 0;
}
