/* Checkpoint 3: activations, forward and backward. */
/* checkpoint-cflags: -DNN_SCALAR_DOUBLE */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "activation.h"
#include "rng.h"
#include "tap.h"

static void bail_out_on_error(nn_status status)
{
    if (status != NN_OK) {
        printf("Bail out! %s\n", nn_error());
        exit(1);
    }
}
static double forward_one(Activation act, double z)
{
    scalar x = (scalar)z;
    Matrix m = matrix_view(1, 1, &x);
    bail_out_on_error(activation_forward(act, &m));
    return x;
}
/* The central difference of L(z) = sum of dy * f(z) in element k of z;
   zp and zm are scratch matrices of z's shape. */
static double central_difference(Activation act, const Matrix *z,
                                const Matrix *dy, size_t k,
                                Matrix *zp, Matrix *zm)
{
    const double h = 1e-4;
    bail_out_on_error(matrix_copy(zp, z));
    bail_out_on_error(matrix_copy(zm, z));
    zp->data[k] += h;
    zm->data[k] -= h;
    double step = zp->data[k] - zm->data[k];
    bail_out_on_error(activation_forward(act, zp));
    bail_out_on_error(activation_forward(act, zm));
    double diff = 0;
    for (size_t j = 0; j < matrix_size(z); j++)
        diff += dy->data[j] * (zp->data[j] - zm->data[j]);
    return diff / step;
}
static void fill_away_from_zero(Matrix *m, Rng *rng, double scale)
{
    for (size_t k = 0; k < matrix_size(m); k++) {
        double v;
        do
            v = scale * rng_normal(rng);
        while (fabs(v) < 0.01);
        m->data[k] = (scalar)v;
    }
}

/* |a - b| relative to the larger of the two; 0 when both are 0. */
static double relative_difference(double a, double b)
{
    double scale = fmax(fabs(a), fabs(b));
    return scale == 0 ? 0 : fabs(a - b) / scale;
}
static void check_softmax_row(const char *row, int n, scalar *x,
                              const double *want)
{
    Matrix m = matrix_view(1, n, x);
    bail_out_on_error(activation_forward(ACT_SOFTMAX, &m));
    double sum = 0;
    for (int i = 0; i < n; i++) {
        tap_ok(isfinite(x[i]), "softmax%s[%d] is finite", row, i);
        tap_near(x[i], want[i], 1e-12, "softmax%s[%d] = %.6g", row, i,
                 want[i]);
        sum += x[i];
    }
    tap_near(sum, 1, 1e-12, "softmax%s sums to 1", row);
}
static void test_known_activation_values(void)
{
    const double tol = 1e-12;
    tap_near(forward_one(ACT_IDENTITY, -2), -2, tol, "identity(-2) = -2");
    tap_near(forward_one(ACT_SIGMOID, 0), 0.5, tol, "sigmoid(0) = 1/2");
    tap_near(forward_one(ACT_SIGMOID, log(3)), 0.75, tol,
             "sigmoid(ln 3) = 3/4");
    tap_near(forward_one(ACT_TANH, log(2)), 0.6, tol, "tanh(ln 2) = 3/5");
    tap_near(forward_one(ACT_RELU, -2), 0, tol, "relu(-2) = 0");
    tap_near(forward_one(ACT_RELU, 3), 3, tol, "relu(3) = 3");
    tap_near(forward_one(ACT_LEAKY_RELU, -2), -2 * LEAKY_RELU_SLOPE, tol,
             "leaky_relu(-2) = -2 * slope");
    tap_near(forward_one(ACT_LEAKY_RELU, 3), 3, tol, "leaky_relu(3) = 3");
}
static void test_activation_gradient(Activation act, Rng *rng)
{
    enum { ROWS = 4, COLS = 5 };
    Matrix z, dy, y, grad, zp, zm;
    Matrix *all[] = { &z, &dy, &y, &grad, &zp, &zm };
    for (int i = 0; i < 6; i++)
        bail_out_on_error(matrix_init(all[i], ROWS, COLS));
    fill_away_from_zero(&z, rng, 3);
    fill_away_from_zero(&dy, rng, 1);
    bail_out_on_error(matrix_copy(&y, &z));
    bail_out_on_error(activation_forward(act, &y));
    bail_out_on_error(matrix_copy(&grad, &dy));
    bail_out_on_error(activation_backward(act, &y, &grad));
    double worst = 0;
    int bad = 0;
    for (size_t k = 0; k < matrix_size(&z); k++) {
        double fd = central_difference(act, &z, &dy, k, &zp, &zm);
        double err = relative_difference(grad.data[k], fd);
        worst = fmax(worst, err);
        if (!(err < 1e-6) && bad++ < 5)
            tap_diag("%s, element (%d, %d), z = %.6g: backward gives %.10g, "
                     "the finite difference %.10g", activation_name(act),
                     (int)k / COLS, (int)k % COLS, (double)z.data[k],
                     (double)grad.data[k], fd);
    }
    tap_ok(bad == 0, "%s: backward agrees with finite differences on a %dx%d "
           "input (worst relative error %.1e)", activation_name(act), ROWS,
           COLS, worst);
    for (int i = 0; i < 6; i++)
        matrix_free(all[i]);
}
static void test_softmax_extremes(void)
{
    scalar a[] = { 1000, -1000, 0 }, b[] = { -1000, -1000 };
    scalar c[] = { 1000, 999 };
    const double sigma1 = 1 / (1 + exp(-1.0));
    check_softmax_row("(1000, -1000, 0)", 3, a, (double[]){ 1, 0, 0 });
    check_softmax_row("(-1000, -1000)", 2, b, (double[]){ 0.5, 0.5 });
    check_softmax_row("(1000, 999)", 2, c,
                      (double[]){ sigma1, 1 - sigma1 });
}
static void test_softmax_shift(Rng *rng)
{
    enum { ROWS = 3, COLS = 5 };
    Matrix x, shifted;
    bail_out_on_error(matrix_init(&x, ROWS, COLS));
    bail_out_on_error(matrix_init(&shifted, ROWS, COLS));
    fill_away_from_zero(&x, rng, 3);
    for (int r = 0; r < ROWS; r++) {
        double c = 200 * rng_uniform(rng) - 100;
        for (int j = 0; j < COLS; j++)
            MAT(&shifted, r, j) = MAT(&x, r, j) + (scalar)c;
    }
    bail_out_on_error(activation_forward(ACT_SOFTMAX, &x));
    bail_out_on_error(activation_forward(ACT_SOFTMAX, &shifted));
    int bad = 0;
    for (int r = 0; r < ROWS; r++) {
        double sum = 0;
        for (int j = 0; j < COLS; j++) {
            double d = fabs(MAT(&x, r, j) - MAT(&shifted, r, j));
            if (!(d <= 1e-12) && bad++ < 5)
                tap_diag("row %d, column %d: softmax(x) = %.15g but "
                         "softmax(x + c) = %.15g", r, j, (double)MAT(&x, r, j),
                         (double)MAT(&shifted, r, j));
            sum += MAT(&x, r, j);
        }
        tap_near(sum, 1, 1e-12, "row %d of softmax(x) sums to 1", r);
    }
    tap_ok(bad == 0, "softmax(x + c) = softmax(x) with a different c per row");
    matrix_free(&x);
    matrix_free(&shifted);
}
static void test_activation_names(void)
{
    for (int a = ACT_IDENTITY; a <= ACT_SOFTMAX; a++) {
        const char *name = activation_name((Activation)a);
        Activation back = ACT_IDENTITY;
        nn_status s = activation_from_name(name, &back);
        tap_ok(s == NN_OK && back == (Activation)a,
               "activation_from_name(\"%s\") gives activation %d", name, a);
    }
    Activation act;
    nn_status s = activation_from_name("relu6", &act);
    tap_ok(s == NN_ERR_ARG && strstr(nn_error(), "\"relu6\"") != NULL
           && strstr(nn_error(), "leaky_relu") != NULL,
           "an unknown name is refused: %s", nn_error());
}
static void test_activation_errors(void)
{
    scalar out[6] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, g[6] = { 1 };
    Matrix y = matrix_view(2, 3, out), grad = matrix_view(3, 2, g);
    for (int a = ACT_IDENTITY; a <= ACT_SOFTMAX; a++) {
        nn_status s = activation_backward((Activation)a, &y, &grad);
        tap_ok(s == NN_ERR_SHAPE && strstr(nn_error(), "2x3") != NULL
               && strstr(nn_error(), "3x2") != NULL && g[0] == 1,
               "%s: backward refuses a 3x2 gradient for a 2x3 output: %s",
               activation_name((Activation)a), nn_error());
    }
    Matrix same = matrix_view(2, 3, g);
    tap_ok(activation_forward((Activation)99, &y) == NN_ERR_ARG
           && activation_backward((Activation)99, &y, &same) == NN_ERR_ARG,
           "an activation that does not exist is refused: %s", nn_error());
}

int main(void)
{
    Rng rng;
    rng_seed(&rng, 2024, 3);
    test_known_activation_values();
    for (int a = ACT_IDENTITY; a <= ACT_SOFTMAX; a++)
        test_activation_gradient((Activation)a, &rng);
    test_softmax_extremes();
    test_softmax_shift(&rng);
    test_activation_names();
    test_activation_errors();
    return tap_done();
}
