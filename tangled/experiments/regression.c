/* experiments/regression.c: miles per gallon from the cars table, by
   least squares and by two networks, measured on the test cars. */
#include <stdio.h>
#include "experiment.h"
#include "linear.h"

static const LayerSpec linear_net[] = {
    LAYER_SCALE(7), LAYER_DENSE(7, 1, ACT_IDENTITY), LAYER_SCALE(1),
};
static const LayerSpec hidden_net[] = {
    LAYER_SCALE(7), LAYER_DENSE(7, 16, ACT_RELU),
    LAYER_DENSE(16, 1, ACT_IDENTITY), LAYER_SCALE(1),
};

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Dataset train, test;
    load_cars("cars-train.csv", &train);
    load_cars("cars-test.csv", &test);
    double w[7], c = 0;
    experiment_require(linear_least_squares(&train, w, &c));
    Network linear, hidden;
    fit_cars(&linear, linear_net, 3, &train);
    fit_cars(&hidden, hidden_net, 4, &train);
    Matrix x = matrix_view(test.count, 7, test.x);
    const Matrix *by_line, *by_hidden;
    experiment_require(network_forward(&linear, &x, &by_line));
    experiment_require(network_forward(&hidden, &x, &by_hidden));
    FILE *f = open_output(dir, "predictions.dat");
    fprintf(f, "# truth least_squares no_hidden_layer hidden_layer\n");
    for (int i = 0; i < test.count; i++) {
        double line = c;
        for (int j = 0; j < 7; j++)
            line += w[j] * test.x[i * 7 + j];
        fprintf(f, "%g %.4f %.4f %.4f\n", (double)test.y[i], line,
                (double)by_line->data[i], (double)by_hidden->data[i]);
    }
    close_output(f);
    double rmse[2];
    for (int k = 0; k < 2; k++) {
        Network *net = k == 0 ? &linear : &hidden;
        experiment_require(train_evaluate(net, &test, &head_mse, NULL,
                                          &rmse[k]));
    }
    f = open_output(dir, "rmse.dat");
    fprintf(f, "# least_squares no_hidden_layer hidden_layer (test RMSE, mpg)\n"
            "%.3f %.3f %.3f\n", linear_rmse(&test, w, c), rmse[0], rmse[1]);
    close_output(f);
    network_free(&linear), network_free(&hidden);
    dataset_free(&train), dataset_free(&test);
    return 0;
}
