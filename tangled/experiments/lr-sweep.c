/* experiments/lr-sweep.c: the spiral trained with three learning rates;
   DIR/sweep.dat has the mean loss of every epoch of each. */
#include <stdio.h>
#include <stdlib.h>
#include "train.h"

#include "problems.h"
static void require(nn_status status)
{
    if (status != NN_OK) {
        fprintf(stderr, "%s\n", nn_error());
        exit(1);
    }
}

static FILE *open_output(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    return f;
}
enum { XOR_SEED = 1, SPIRAL_SEED = 2 };

enum { RATES = 3 };

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const scalar rates[RATES] = { SPIRAL_LEARNING_RATE / 30,
                                  SPIRAL_LEARNING_RATE,
                                  SPIRAL_LEARNING_RATE * 10 };
    double *losses[RATES];
    for (int r = 0; r < RATES; r++) {
        Problem p;
        require(problem_init(&p, SPIRAL_PROBLEM, SPIRAL_SEED, rates[r]));
        losses[r] = malloc((size_t)SPIRAL_EPOCHS * sizeof(double));
        if (losses[r] == NULL)
            require(nn_fail(NN_ERR_NOMEM, "lr-sweep: out of memory"));
        require(train_network(&p.net, &p.opt, &p.data, &p.training, &p.rng,
                              losses[r]));
        problem_free(&p);
    }
    FILE *f = open_output(argv[1], "sweep.dat");
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
    fclose(f);
    for (int r = 0; r < RATES; r++)
        free(losses[r]);
    return 0;
}
