/* experiments/loss-curves.c: the training loss of every epoch, for XOR
   (DIR/xor.dat) and for the spiral (DIR/spiral.dat). */
#include <stdio.h>
#include <stdlib.h>
#include "experiment.h"
#include "problems.h"

static void write_loss_curve(const char *dir, const char *name,
                             ProblemKind kind, uint64_t seed, scalar rate)
{
    Problem p;
    experiment_require(problem_init(&p, kind, seed, rate));
    double *losses = malloc((size_t)p.training.epochs * sizeof(double));
    if (losses == NULL)
        experiment_require(nn_fail(NN_ERR_NOMEM, "loss-curves: out of memory"));
    experiment_require(train_network(&p.net, &p.opt, &p.data, &p.training, &p.rng,
                          losses));
    FILE *f = open_output(dir, name);
    fprintf(f, "# epoch mean_training_loss\n");
    for (int e = 0; e < p.training.epochs; e++)
        fprintf(f, "%d %.6g\n", e + 1, losses[e]);
    close_output(f);
    free(losses);
    problem_free(&p);
}

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    write_loss_curve(dir, "xor.dat", XOR_PROBLEM, XOR_SEED,
                     XOR_LEARNING_RATE);
    write_loss_curve(dir, "spiral.dat", SPIRAL_PROBLEM, SPIRAL_SEED,
                     SPIRAL_LEARNING_RATE);
    return 0;
}
