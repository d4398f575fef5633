/* experiments/recipe.c: the recommended recipe on all of Fashion-MNIST;
   DIR/epochs.dat (one line per epoch) and DIR/result.dat. */
#include <stdio.h>
#include <stdlib.h>
#include "experiment.h"
#include "train.h"

#define BENCHMARK_MLP 0.8833
int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    const Recipe recipe = recommended_recipe();
    double start = train_clock(), accuracy;
    Dataset train, validation, test;
    DataPaths paths;
    experiment_require(data_paths("fashion", &paths));
    experiment_require(dataset_load_idx(&train, paths.train_images,
                             paths.train_labels, 10));
    experiment_require(dataset_split(&train, train.count / recipe.validation_share,
                          &validation));
    Network net;
    Optimizer opt;
    Rng rng;
    int epochs_done, best;
    const FitConfig training = recipe_fit(&recipe, &train);
    EpochReport *history = malloc((size_t)training.epochs * sizeof *history);
    if (history == NULL)
        experiment_require(nn_fail(NN_ERR_NOMEM, "recipe: out of memory"));
    rng_seed(&rng, 1, 9);
    recipe_augment(&recipe, 28, &train);
    experiment_require(recipe_network(&recipe, &train, &rng, &net));
    experiment_require(optimizer_init(&opt, &recipe.optimizer, net.param_count));
    experiment_require(train_fit(&net, &opt, &train, &validation, &training, &rng, history,
                &epochs_done, &best));
    load_fashion_test(&test);
    experiment_require(train_evaluate(&net, &test, &head_cross_entropy, NULL, &accuracy));
    double seconds = train_clock() - start;
    FILE *f = open_output(dir, "epochs.dat");
    fprintf(f, "# epoch learning_rate train_loss val_loss val_accuracy\n");
    for (int e = 0; e < epochs_done; e++)
        fprintf(f, "%d %.6g %.6f %.6f %.6f\n", e + 1, history[e].learning_rate,
                history[e].train_loss, history[e].val_loss,
                history[e].val_metric);
    close_output(f);
    f = open_output(dir, "result.dat");
    fprintf(f, "# test_accuracy seconds best_epoch epochs benchmark_mlp\n");
    fprintf(f, "%.4f %.1f %d %d %.4f\n", accuracy, seconds, best,
            epochs_done, BENCHMARK_MLP);
    close_output(f);
    return 0;
}
