/* experiments/activations.c: writes DIR/activations.dat, the element-wise
   activations and their derivatives on a grid from -5 to 5. */
#include <stdio.h>
#include "activation.h"
#include "experiment.h"

static const Activation plotted_activations[] = {
    ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU
};
enum { N_PLOTTED = sizeof plotted_activations / sizeof *plotted_activations };
enum { GRID_STEPS_PER_UNIT = 100, GRID_POINTS = 10 * GRID_STEPS_PER_UNIT + 1 };

/* f = f(x) and df = f'(x) at every point of x, through the library. */
static void evaluate_activation(Activation act, const Matrix *x,
                                Matrix *f, Matrix *df)
{
    experiment_require(matrix_copy(f, x));
    experiment_require(activation_forward(act, f));
    matrix_fill(df, 1);
    experiment_require(activation_backward(act, f, df));
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
int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Matrix x, f[N_PLOTTED], df[N_PLOTTED];
    experiment_require(matrix_init(&x, GRID_POINTS, 1));
    for (int i = 0; i < GRID_POINTS; i++)
        MAT(&x, i, 0) = (scalar)(i - GRID_POINTS / 2) / GRID_STEPS_PER_UNIT;
    for (int a = 0; a < N_PLOTTED; a++) {
        experiment_require(matrix_init(&f[a], GRID_POINTS, 1));
        experiment_require(matrix_init(&df[a], GRID_POINTS, 1));
        evaluate_activation(plotted_activations[a], &x, &f[a], &df[a]);
    }
    FILE *out = open_output(dir, "activations.dat");
    write_activation_table(out, &x, f, df);
    close_output(out);
    return 0;
}
