#include <math.h>
#include <stdio.h>
#include "neuron.h"

static scalar two_inputs[4 * 2] = { 0, 0, 0, 1, 1, 0, 1, 1 };
static scalar and_targets[4] = { 0, 0, 0, 1 };
static FILE *open_output_file(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        perror(path);
    return f;
}
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
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUTPUT-DIRECTORY\n", argv[0]);
        return 2;
    }
    FILE *points = open_output_file(argv[1], "points.dat");
    FILE *lines = open_output_file(argv[1], "lines.dat");
    FILE *final = open_output_file(argv[1], "final.dat");
    if (points == NULL || lines == NULL || final == NULL)
        return 1;
    Matrix x = matrix_view(4, 2, two_inputs);
    Matrix t = matrix_view(4, 1, and_targets);
    Rng rng;
    rng_seed(&rng, 13, 0);
    Perceptron p;
    int mistakes = 1;
    nn_status status = perceptron_init(&p, 2, &rng);
    if (status == NN_OK)
        write_decision_line(lines, &p, 0);
    for (int epoch = 1; status == NN_OK && mistakes > 0 && epoch <= 100;
         epoch++) {
        status = perceptron_epoch(&p, &x, &t, (scalar)0.1, &rng, &mistakes);
        if (status == NN_OK)
            write_decision_line(lines, &p, epoch);
    }
    if (status != NN_OK || mistakes > 0) {
        fprintf(stderr, "and_line: %s\n", status != NN_OK ? nn_error()
                : "no epoch without mistakes in 100 epochs");
        return 1;
    }
    for (int i = 0; i < 4; i++)
        fprintf(points, "%g %g %g\n", (double)two_inputs[2 * i],
                (double)two_inputs[2 * i + 1], (double)and_targets[i]);
    fprintf(final, "%.9g %.9g %.9g\n", (double)p.weights[0],
            (double)p.weights[1], (double)p.bias);
    perceptron_free(&p);
    return fclose(points) | fclose(lines) | fclose(final) ? 1 : 0;
}
