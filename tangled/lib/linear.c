/* lib/linear.c: the least-squares line of a data set. */
#include <math.h>
#include <stdlib.h>
#include "linear.h"

static double cell(const Dataset *d, int i, int j)
{
    return j < d->features ? d->x[(size_t)i * (size_t)d->features + j]
                           : d->y[i];
}

static void column_stats(const Dataset *d, int j, double *mean, double *sd)
{
    double sum = 0, squares = 0;
    for (int i = 0; i < d->count; i++)
        sum += cell(d, i, j);
    *mean = sum / d->count;
    for (int i = 0; sd != NULL && i < d->count; i++)
        squares += (cell(d, i, j) - *mean) * (cell(d, i, j) - *mean);
    if (sd != NULL)
        *sd = sqrt(squares / d->count);
}

static double standard(const Dataset *d, int i, int j, const double *mean,
                       const double *sd)
{
    return (cell(d, i, j) - mean[j]) / sd[j];
}
static nn_status solve_by_cholesky(double *a, double *b, int m)
{
    for (int j = 0; j < m; j++) {
        for (int k = 0; k < j; k++)
            for (int i = j; i < m; i++)
                a[i * m + j] -= a[i * m + k] * a[j * m + k];
        if (!(a[j * m + j] > 1e-12))
            return nn_fail(NN_ERR_ARG, "linear_least_squares: column %d is "
                           "constant or a combination of the others", j + 1);
        double pivot = sqrt(a[j * m + j]);
        for (int i = j; i < m; i++)
            a[i * m + j] /= pivot;
    }
    for (int i = 0; i < m; i++) {           /* L u = b */
        for (int k = 0; k < i; k++)
            b[i] -= a[i * m + k] * b[k];
        b[i] /= a[i * m + i];
    }
    for (int i = m - 1; i >= 0; i--) {      /* L^T beta = u */
        for (int k = i + 1; k < m; k++)
            b[i] -= a[k * m + i] * b[k];
        b[i] /= a[i * m + i];
    }
    return NN_OK;
}
nn_status linear_least_squares(const Dataset *d, double *w, double *c)
{
    int m = d->features, n = d->count;
    if (d->x == NULL || d->y == NULL || d->outputs != 1 || n <= m)
        return nn_fail(NN_ERR_ARG, "linear_least_squares: needs more rows "
                       "(%d) than features (%d), and one target", n, m);
    double *mean = calloc((size_t)m + 1, sizeof *mean);
    double *sd = calloc((size_t)m, sizeof *sd);
    double *a = calloc((size_t)m * (size_t)m, sizeof *a);
    nn_status status = mean == NULL || sd == NULL || a == NULL
        ? nn_fail(NN_ERR_NOMEM, "linear_least_squares: out of memory")
        : NN_OK;
    if (status == NN_OK) {
        for (int j = 0; j <= m; j++)
            column_stats(d, j, &mean[j], j < m ? &sd[j] : NULL);
        for (int p = 0; p < m; p++) {
            w[p] = 0;
            for (int q = 0; q < m; q++)
                a[p * m + q] = 0;
        }
        for (int i = 0; i < n; i++)
            for (int p = 0; p < m; p++) {
                double zp = standard(d, i, p, mean, sd);
                w[p] += zp * (d->y[i] - mean[m]);
                for (int q = 0; q < m; q++)
                    a[p * m + q] += zp * standard(d, i, q, mean, sd);
            }
        status = solve_by_cholesky(a, w, m);
        *c = mean[m];
        for (int j = 0; status == NN_OK && j < m; j++) {
            w[j] /= sd[j];
            *c -= w[j] * mean[j];
        }
    }
    free(mean), free(sd), free(a);
    return status;
}
double linear_rmse(const Dataset *d, const double *w, double c)
{
    double squares = 0;
    for (int i = 0; i < d->count; i++) {
        double y = c;
        for (int j = 0; j < d->features; j++)
            y += w[j] * cell(d, i, j);
        squares += (y - d->y[i]) * (y - d->y[i]);
    }
    return sqrt(squares / d->count);
}
