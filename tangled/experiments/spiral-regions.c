/* experiments/spiral-regions.c: the spiral network's predicted class on a
   grid, before and after training (DIR/regions.dat), and the training
   points (DIR/points.dat). */
#include <stdio.h>
#include <stdlib.h>
#include "experiment.h"
#include "problems.h"

enum { GRID = 200 };
#define GRID_LIMIT 1.2

static double grid_coordinate(int i)
{
    return -GRID_LIMIT + 2 * GRID_LIMIT * (i + 0.5) / GRID;
}
static void classify_grid(Network *net, int *predicted)
{
    Matrix batch;
    experiment_require(matrix_init(&batch, net->batch_capacity, 2));
    for (int start = 0; start < GRID * GRID; start += batch.rows) {
        int n = GRID * GRID - start;
        Matrix x = matrix_view(n < batch.rows ? n : batch.rows, 2,
                               batch.data);
        const Matrix *out;
        for (int r = 0; r < x.rows; r++) {
            MAT(&x, r, 0) = (scalar)grid_coordinate((start + r) % GRID);
            MAT(&x, r, 1) = (scalar)grid_coordinate((start + r) / GRID);
        }
        experiment_require(network_forward(net, &x, &out));
        for (int r = 0; r < x.rows; r++)
            predicted[start + r] = matrix_argmax_row(out, r);
    }
    matrix_free(&batch);
}
int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Problem p;
    experiment_require(problem_init(&p, SPIRAL_PROBLEM, SPIRAL_SEED,
                         SPIRAL_LEARNING_RATE));
    int *before = malloc(GRID * GRID * sizeof(int));
    int *after = malloc(GRID * GRID * sizeof(int));
    if (before == NULL || after == NULL)
        experiment_require(nn_fail(NN_ERR_NOMEM, "spiral-regions: out of memory"));
    classify_grid(&p.net, before);
    experiment_require(train_network(&p.net, &p.opt, &p.data, &p.training, &p.rng,
                          NULL));
    classify_grid(&p.net, after);
    FILE *f = open_output(dir, "regions.dat");
    fprintf(f, "# x y class_before class_after\n");
    for (int k = 0; k < GRID * GRID; k++)
        fprintf(f, "%.5f %.5f %d %d\n", grid_coordinate(k % GRID),
                grid_coordinate(k / GRID), before[k], after[k]);
    close_output(f);
    f = open_output(dir, "points.dat");
    fprintf(f, "# x y class\n");
    for (int e = 0; e < p.data.count; e++)
        fprintf(f, "%.5f %.5f %d\n", p.data.x[2 * e], p.data.x[2 * e + 1],
                p.data.labels[e]);
    close_output(f);
    free(before);
    free(after);
    problem_free(&p);
    return 0;
}
