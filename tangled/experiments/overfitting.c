/* experiments/overfitting.c: a small network on few Fashion-MNIST
   images, with and without regularization (DIR/plain.dat,
   DIR/regularized.dat). */
#include <stdio.h>
#include "experiment.h"

enum { OVERFIT_TRAIN = 500, OVERFIT_VALIDATION = 500, OVERFIT_BATCH = 8,
       OVERFIT_EPOCHS = 30 };
#define OVERFIT_DECAY 0.05f
#define OVERFIT_DROPOUT 0.3f

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    const SmallRun run = { OVERFIT_BATCH, OVERFIT_EPOCHS, true };
    Dataset train, validation;
    load_fashion(OVERFIT_TRAIN, OVERFIT_VALIDATION, &train, &validation);
    OptimizerConfig adam = optimizer_defaults(OPT_ADAM);
    OptimizerConfig adamw = optimizer_defaults(OPT_ADAMW);
    adamw.weight_decay = OVERFIT_DECAY;
    train_small(dir, "plain", "plain", &adam, 0, &run, &train,
                &validation);
    train_small(dir, "regularized", "regularized", &adamw,
                OVERFIT_DROPOUT, &run, &train, &validation);
    dataset_free(&train);
    dataset_free(&validation);
    return 0;
}
