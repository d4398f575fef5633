#include <limits.h>
#include <math.h>
#include <string.h>
#include "matrix.h"
#include "rng.h"
#include "tap.h"

static bool same_as(const Matrix *m, const scalar *want, double tolerance)
{
    for (size_t i = 0; i < matrix_size(m); i++)
        if (!(fabs(m->data[i] - want[i]) <= tolerance))
            return false;
    return true;
}

static void test_gemm(void)
{
    scalar a[] = { 1, 2, 3, 4, 5, 6 }, at[] = { 1, 4, 2, 5, 3, 6 };
    scalar b[] = { 7, 8, 9, 10, 11, 12 }, bt[] = { 7, 9, 11, 8, 10, 12 };
    const scalar ab[] = { 58, 64, 139, 154 };
    for (int ta = 0; ta <= 1; ta++)
        for (int tb = 0; tb <= 1; tb++) {
            Matrix A = ta ? matrix_view(3, 2, at) : matrix_view(2, 3, a);
            Matrix B = tb ? matrix_view(2, 3, bt) : matrix_view(3, 2, b);
            scalar c[4] = { 0 };
            Matrix C = matrix_view(2, 2, c);
            nn_status s = matrix_gemm(ta, tb, 1, &A, &B, 0, &C);
            tap_ok(s == NN_OK && same_as(&C, ab, 0),
                   "gemm with trans_a=%d trans_b=%d gives AB", ta, tb);
        }
    Matrix A = matrix_view(2, 3, a), B = matrix_view(3, 2, b);
    scalar c[4] = { 1, 1, 1, 1 };
    Matrix C = matrix_view(2, 2, c);
    const scalar twice_plus_one[] = { 117, 129, 279, 309 };
    matrix_gemm(false, false, 2, &A, &B, 1, &C);
    tap_ok(same_as(&C, twice_plus_one, 0), "gemm computes 2AB + C");
    matrix_fill(&C, NAN);
    matrix_gemm(false, false, 1, &A, &B, 0, &C);
    tap_ok(same_as(&C, ab, 0), "gemm with beta = 0 ignores NaN in C");
}
static void test_shape_errors(void)
{
    scalar x[6] = { 0 }, y[4] = { 0 };
    Matrix A = matrix_view(2, 3, x), C = matrix_view(2, 2, y);
    nn_status s = matrix_gemm(false, false, 1, &A, &A, 0, &C);
    tap_ok(s == NN_ERR_SHAPE && strstr(nn_error(), "2x3") != NULL,
           "gemm refuses 2x3 times 2x3: %s", nn_error());
    s = matrix_gemm(false, true, 1, &A, &A, 0, &A);
    tap_ok(s == NN_ERR_SHAPE, "gemm refuses a C of the wrong shape: %s",
           nn_error());
    s = matrix_add_row(&A, &C);
    tap_ok(s == NN_ERR_SHAPE, "add_row refuses a 2x2 bias: %s", nn_error());
    Matrix big;
    s = matrix_init(&big, INT_MAX, INT_MAX);
    tap_ok(s == NN_ERR_NOMEM && big.data == NULL,
           "init refuses an impossible size: %s", nn_error());
    s = matrix_init(&big, -1, 3);
    tap_ok(s == NN_ERR_ARG, "init refuses a negative size: %s", nn_error());
    matrix_free(&big);
}
static void test_elementwise(void)
{
    Matrix m;
    tap_ok(matrix_init(&m, 2, 3) == NN_OK, "init a 2x3 matrix");
    const scalar zeros[6] = { 0 };
    tap_ok(same_as(&m, zeros, 0), "a new matrix is all zeros");
    scalar one_to_six[] = { 1, 2, 3, 4, 5, 6 }, bias[] = { 10, 20, 30 };
    Matrix x = matrix_view(2, 3, one_to_six), b = matrix_view(1, 3, bias);
    matrix_copy(&m, &x);
    matrix_add_row(&m, &b);
    tap_ok(same_as(&m, (scalar[]){ 11, 22, 33, 14, 25, 36 }, 0),
           "add_row adds the bias to every row");
    scalar sums[3];
    Matrix s = matrix_view(1, 3, sums);
    matrix_sum_rows(&s, &x);
    tap_ok(same_as(&s, (scalar[]){ 5, 7, 9 }, 0), "sum_rows sums columns");
    matrix_copy(&m, &x);
    matrix_axpy(&m, -2, &x);
    tap_ok(same_as(&m, (scalar[]){ -1, -2, -3, -4, -5, -6 }, 0),
           "axpy computes x - 2x");
    matrix_hadamard(&m, &x);
    matrix_scale(&m, 0.5);
    tap_ok(same_as(&m, (scalar[]){ -0.5, -2, -4.5, -8, -12.5, -18 }, 0),
           "hadamard and scale");
    scalar row[] = { 3, 9, 1, 9 };
    Matrix r = matrix_view(1, 4, row);
    tap_ok(matrix_argmax_row(&r, 0) == 1, "argmax takes the first maximum");
    matrix_free(&m);
    matrix_free(&m);
    tap_ok(m.data == NULL, "freeing twice is harmless");
}
static const char *const fruit[] = { "apple", "pear", "plum" };

static const char *fruit_at(int i)
{
    return fruit[i];
}

static void test_names(void)
{
    nn_fail(NN_ERR_ARG, "inner %d", 7);
    nn_fail(NN_ERR_ARG, "outer: %s", nn_error());
    tap_ok(strcmp(nn_error(), "outer: inner 7") == 0,
           "a message can wrap the one before it: %s", nn_error());
    int at = -1;
    bool all = true;
    for (int i = 0; i < 3; i++)
        all = all && nn_lookup("fruit", fruit[i], 3, fruit_at, &at) == NN_OK
              && at == i;
    tap_ok(all, "nn_lookup finds every name of a table");
    nn_status s = nn_lookup("fruit", "kiwi", 3, fruit_at, &at);
    tap_ok(s == NN_ERR_ARG && strcmp(nn_error(), "unknown fruit \"kiwi\"; "
           "the known ones are apple, pear and plum") == 0,
           "an unknown name is refused, listing the names: %s", nn_error());
    tap_ok(nn_lookup("fruit", NULL, 3, fruit_at, &at) == NN_ERR_ARG,
           "no name is refused too: %s", nn_error());
}
static void test_rng_reference(void)
{
    const uint32_t want[] = { 0xa15c02b7, 0x7b47f409, 0xba1d3330,
                              0x83d2f293, 0xbfa4784b, 0xcbed606e };
    Rng rng, again, other;
    rng_seed(&rng, 42, 54);
    bool same = true;
    for (int i = 0; i < 6; i++)
        same = same && rng_u32(&rng) == want[i];
    tap_ok(same, "PCG32(42, 54) matches the reference sequence");
    rng_seed(&rng, 7, 1);
    rng_seed(&again, 7, 1);
    rng_seed(&other, 7, 2);
    int equal = 0, equal_other = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t r = rng_u32(&rng);
        equal += r == rng_u32(&again);
        equal_other += r == rng_u32(&other);
    }
    tap_ok(equal == 1000, "the same seed gives the same numbers");
    tap_ok(equal_other < 5, "another stream gives other numbers");
}
static void moments(Rng *rng, double (*draw)(Rng *), int n,
                    double *mean, double *variance)
{
    double sum = 0, sum_squares = 0;
    for (int i = 0; i < n; i++) {
        double x = draw(rng);
        sum += x;
        sum_squares += x * x;
    }
    *mean = sum / n;
    *variance = sum_squares / n - *mean * *mean;
}
static void test_rng_statistics(void)
{
    const int n = 1000000;
    double mean, variance;
    Rng rng;
    rng_seed(&rng, 2024, 0);
    moments(&rng, rng_uniform, n, &mean, &variance);
    tap_near(mean, 0.5, 5 * sqrt(1.0 / 12 / n), "uniform mean is 1/2");
    tap_near(variance, 1.0 / 12, 5 * sqrt((1.0 / 80 - 1.0 / 144) / n),
             "uniform variance is 1/12");
    moments(&rng, rng_normal, n, &mean, &variance);
    tap_near(mean, 0, 5 * sqrt(1.0 / n), "normal mean is 0");
    tap_near(variance, 1, 5 * sqrt(2.0 / n), "normal variance is 1");
    int counts[10] = { 0 };
    const int draws = 100000;
    for (int i = 0; i < draws; i++)
        counts[rng_below(&rng, 10)]++;
    double chi2 = 0, expected = draws / 10.0;
    for (int v = 0; v < 10; v++)
        chi2 += (counts[v] - expected) * (counts[v] - expected) / expected;
    tap_ok(chi2 < 27.88, "rng_below(10) is uniform (chi-square %.2f)", chi2);
}

int main(void)
{
    test_gemm();
    test_shape_errors();
    test_elementwise();
    test_rng_reference();
    test_rng_statistics();
    test_names();
    return tap_done();
}
