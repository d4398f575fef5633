/* experiments/activations.c: writes DIR/activations.dat, the element-wise
   activations and their derivatives on a grid from -5 to 5. */
#include <stdio.h>
#include <stdlib.h>
#include "activation.h"

static const Activation plotted_activations[] = {
    ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU
};
enum { N_PLOTTED = sizeof plotted_activations / sizeof *plotted_activations };
enum { GRID_STEPS_PER_UNIT = 100, GRID_POINTS = 10 * GRID_STEPS_PER_UNIT + 1 };

static void exit_on_error(nn_status status)
{
    if (status != NN_OK) {
        fprintf(stderr, "activations: %s\n", nn_error());
        exit(1);
    }
}
/* f = f(x) and df = f'(x) at every point of x, through the library. */
static void evaluate_activation(Activation act, const Matrix *x,
                                Matrix *f, Matrix *df)
{
    exit_on_error(matrix_copy(f, x));
    exit_on_error(activation_forward(act, f));
    matrix_fill(df, 1);
    exit_on_error(activation_backward(act, f, df));
}
static void write_activation_table(FILE *out, const Matrix *x,
                                   const Matrix *f, const Matrix *df)
{
    fprintf(out, "# x");
    for (int a = 0; a < N_PLOTTED; a++) {
        const char *name = activation_name(plotted_activations[a]);
        fprintf(out, " %s d_%s", name, name);
    }
    for (int i = 0; i < x->rows; i++) {
        fprintf(out, "\n%g", (double)MAT(x, i, 0));
        for (int a = 0; a < N_PLOTTED; a++)
            fprintf(out, " %.7g %.7g", (double)MAT(&f[a], i, 0),
                    (double)MAT(&df[a], i, 0));
    }
    fprintf(out, "\n");
}
static int save_activation_table(const char *dir, const Matrix *x,
                                 const Matrix *f, const Matrix *df)
{
    char path[4096];
    int length = snprintf(path, sizeof path, "%s/activations.dat", dir);
    FILE *out = length < (int)sizeof path ? fopen(path, "w") : NULL;
    if (out == NULL) {
        perror(dir);
        return 1;
    }
    write_activation_table(out, x, f, df);
    int write_failed = ferror(out);
    if (fclose(out) != 0 || write_failed) {
        perror(path);
        return 1;
    }
    return 0;
}
int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT-DIRECTORY\n", argv[0]);
        return 2;
    }
    Matrix x, f[N_PLOTTED], df[N_PLOTTED];
    exit_on_error(matrix_init(&x, GRID_POINTS, 1));
    for (int i = 0; i < GRID_POINTS; i++)
        MAT(&x, i, 0) = (scalar)(i - GRID_POINTS / 2) / GRID_STEPS_PER_UNIT;
    for (int a = 0; a < N_PLOTTED; a++) {
        exit_on_error(matrix_init(&f[a], GRID_POINTS, 1));
        exit_on_error(matrix_init(&df[a], GRID_POINTS, 1));
        evaluate_activation(plotted_activations[a], &x, &f[a], &df[a]);
    }
    return save_activation_table(argv[1], &x, f, df);
}
