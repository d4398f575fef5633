/* experiments/lr-sweep.c: the spiral trained with three learning rates;
   DIR/sweep.dat has the mean loss of every epoch of each. */
#include <stdio.h>
#include <stdlib.h>
#include "experiment.h"
#include "problems.h"

enum { RATES = 3 };

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    const scalar rates[RATES] = { SPIRAL_LEARNING_RATE / 30,
                                  SPIRAL_LEARNING_RATE,
                                  SPIRAL_LEARNING_RATE * 10 };
    double *losses[RATES];
    for (int r = 0; r < RATES; r++) {
        Problem p;
        experiment_require(problem_init(&p, SPIRAL_PROBLEM, SPIRAL_SEED, rates[r]));
        losses[r] = malloc((size_t)SPIRAL_EPOCHS * sizeof(double));
        if (losses[r] == NULL)
            experiment_require(nn_fail(NN_ERR_NOMEM, "lr-sweep: out of memory"));
        experiment_require(train_network(&p.net, &p.opt, &p.data, &p.training, &p.rng,
                              losses[r]));
        problem_free(&p);
    }
    FILE *f = open_output(dir, "sweep.dat");
    fprintf(f, "epoch");
    for (int r = 0; r < RATES; r++)
        fprintf(f, " %.2g", (double)rates[r]);
    fprintf(f, "\n");
    for (int e = 0; e < SPIRAL_EPOCHS; e++) {
        fprintf(f, "%d", e + 1);
        for (int r = 0; r < RATES; r++)
            fprintf(f, " %.6g", losses[r][e]);
        fprintf(f, "\n");
    }
    close_output(f);
    for (int r = 0; r < RATES; r++)
        free(losses[r]);
    return 0;
}
