/* experiments/training_curves.c: the data of the training-curves figure,
   a run of nn train's trainer on part of Fashion-MNIST. */
#include <stdio.h>
#include "experiment.h"
#include "trainer.h"

enum { CURVE_TRAIN = 10000, CURVE_VALIDATION = 5000, CURVE_EPOCHS = 10,
       CURVE_BATCH = 64, CURVE_SEED = 1 };

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Dataset train, validation;
    Network net;
    TrainingState state;
    load_fashion(CURVE_TRAIN, CURVE_VALIDATION, &train, &validation);
    const LayerSpec layers[] = { LAYER_DENSE(784, 64, ACT_RELU),
                                 LAYER_DENSE(64, 10, ACT_IDENTITY) };
    const OptimizerConfig sgd = { .kind = OPT_SGD, .learning_rate = 0.1f };
    experiment_require(network_init(&net, 2, layers, CURVE_BATCH));
    experiment_require(trainer_start(&net, &state, &sgd, CURVE_SEED));
    FILE *log = open_output(dir, "log.tsv");
    TrainerConfig config = { .epochs = CURVE_EPOCHS,
                             .batch_size = CURVE_BATCH,
                             .loss = &head_cross_entropy, .log = log };
    experiment_require(trainer_log_header(log, &head_cross_entropy));
    experiment_require(trainer_run(&config, &net, &state, &train, &validation));
    close_output(log);
    training_state_free(&state);
    network_free(&net);
    dataset_free(&train);
    dataset_free(&validation);
    return 0;
}
