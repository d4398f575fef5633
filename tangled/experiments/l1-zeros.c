/* experiments/l1-zeros.c: SGD with L1 strengths from 0 to 1e-2 on the
   network of the optimizer comparison; the parameters it sets exactly
   to 0 (DIR/zeros.dat) and each run's epochs (DIR/l1-K.dat). */
#include <stdio.h>
#include "dense.h"
#include "experiment.h"

static const double l1_strengths[] = { 0, 1e-5, 1e-4, 1e-3, 1e-2 };
enum { L1_RUNS = sizeof l1_strengths / sizeof l1_strengths[0],
       L1_TRAIN = 2000, L1_VALIDATION = 1000, L1_BATCH = 64,
       L1_EPOCHS = 8 };

static size_t zeros(const scalar *x, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += x[i] == 0;
    return count;
}
int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    const SmallRun run = { L1_BATCH, L1_EPOCHS, false };
    Dataset train, validation;
    load_fashion(L1_TRAIN, L1_VALIDATION, &train, &validation);
    FILE *f = open_output(dir, "zeros.dat");
    fprintf(f, "l1 first_zeros first_weights all_zeros all_params "
            "val_accuracy\n");
    for (int k = 0; k < L1_RUNS; k++) {
        OptimizerConfig sgd = optimizer_defaults(OPT_SGD);
        Network net;
        char name[32], label[64];
        double accuracy = 0;
        sgd.l1 = (scalar)l1_strengths[k];
        snprintf(name, sizeof name, "l1-%d", k);
        snprintf(label, sizeof label, "\u03bb\u2081 = %g", l1_strengths[k]);
        train_small_kept(dir, name, label, &sgd, 0, &run, &train,
                         &validation, &net);
        experiment_require(train_evaluate(&net, &validation, &head_cross_entropy,
                                          NULL, &accuracy));
        const Matrix *w = &dense_state(&net.layers[0])->weights;
        fprintf(f, "%g %zu %zu %zu %zu %.4f\n", l1_strengths[k],
                zeros(w->data, matrix_size(w)), matrix_size(w),
                zeros(net.params, net.param_count), net.param_count, accuracy);
        network_free(&net);
    }
    close_output(f);
    dataset_free(&train);
    dataset_free(&validation);
    return 0;
}
