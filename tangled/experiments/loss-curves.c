/* experiments/loss-curves.c: the training loss of every epoch, for XOR
   (DIR/xor.dat) and for the spiral (DIR/spiral.dat). */
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
static void write_loss_curve(const char *dir, const char *name,
                             ProblemKind kind, uint64_t seed, scalar rate)
{
    Problem p;
    require(problem_init(&p, kind, seed, rate));
    double *losses = malloc((size_t)p.training.epochs * sizeof(double));
    if (losses == NULL)
        require(nn_fail(NN_ERR_NOMEM, "loss-curves: out of memory"));
    require(train_network(&p.net, &p.opt, &p.data, &p.training, &p.rng,
                          losses));
    FILE *f = open_output(dir, name);
    fprintf(f, "# epoch mean_training_loss\n");
    for (int e = 0; e < p.training.epochs; e++)
        fprintf(f, "%d %.6g\n", e + 1, losses[e]);
    fclose(f);
    free(losses);
    problem_free(&p);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    write_loss_curve(argv[1], "xor.dat", XOR_PROBLEM, XOR_SEED,
                     XOR_LEARNING_RATE);
    write_loss_curve(argv[1], "spiral.dat", SPIRAL_PROBLEM, SPIRAL_SEED,
                     SPIRAL_LEARNING_RATE);
    return 0;
}
