#include <math.h>
#include <stdio.h>
#include "experiment.h"
#include "neuron.h"

static scalar two_inputs[4 * 2] = { 0, 0, 0, 1, 1, 0, 1, 1 };
static scalar and_targets[4] = { 0, 0, 0, 1 };
static void write_decision_line(FILE *f, const Perceptron *p, int epoch)
{
    double w1 = p->weights[0], w2 = p->weights[1], b = p->bias;
    double norm = sqrt(w1 * w1 + w2 * w2), far = 100;
    if (norm == 0)
        return;   /* w = 0: every point is on the "line" */
    double x0 = -b * w1 / (norm * norm), y0 = -b * w2 / (norm * norm);
    for (int end = -1; end <= 1; end += 2)
        fprintf(f, "%g %g %d\n", x0 - end * far * w2 / norm,
                y0 + end * far * w1 / norm, epoch);
    fprintf(f, "\n");
}

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Matrix x = matrix_view(4, 2, two_inputs);
    Matrix t = matrix_view(4, 1, and_targets);
    Rng rng;
    rng_seed(&rng, 13, 0);
    Perceptron p;
    int mistakes = 1;
    FILE *lines = open_output(dir, "lines.dat");
    experiment_require(perceptron_init(&p, 2, &rng));
    write_decision_line(lines, &p, 0);
    for (int epoch = 1; mistakes > 0 && epoch <= 100; epoch++) {
        experiment_require(perceptron_epoch(&p, &x, &t, (scalar)0.1, &rng, &mistakes));
        write_decision_line(lines, &p, epoch);
    }
    close_output(lines);
    if (mistakes > 0) {
        fprintf(stderr, "and_line: no epoch without mistakes in 100 epochs\n");
        return 1;
    }
    FILE *points = open_output(dir, "points.dat");
    for (int i = 0; i < 4; i++)
        fprintf(points, "%g %g %g\n", (double)two_inputs[2 * i],
                (double)two_inputs[2 * i + 1], (double)and_targets[i]);
    close_output(points);
    FILE *final = open_output(dir, "final.dat");
    fprintf(final, "%.9g %.9g %.9g\n", (double)p.weights[0],
            (double)p.weights[1], (double)p.bias);
    close_output(final);
    perceptron_free(&p);
    return 0;
}
