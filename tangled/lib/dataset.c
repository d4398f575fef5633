/* lib/dataset.c */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dataset.h"

nn_status dataset_batch(const Dataset *d, const int *order, int start,
                        int n, Matrix *x, Matrix *target)
{
    if ((d->x == NULL) == (d->bytes == NULL)
        || (d->y == NULL && d->labels == NULL))
        return nn_fail(NN_ERR_ARG, "dataset_batch: a data set needs its "
                       "inputs in x or in bytes, and targets in y or labels");
    if (n < 1 || start < 0 || n > d->count - start)
        return nn_fail(NN_ERR_ARG, "dataset_batch: examples %d to %d are not "
                       "in a data set of %d", start, start + n - 1, d->count);
    if (x->rows != n || x->cols != d->features)
        return nn_fail(NN_ERR_SHAPE, "dataset_batch: x is %dx%d but the batch "
                       "is %dx%d", x->rows, x->cols, n, d->features);
    if (target->rows != n || target->cols != d->outputs)
        return nn_fail(NN_ERR_SHAPE, "dataset_batch: target is %dx%d but the "
                       "batch's targets are %dx%d", target->rows, target->cols,
                       n, d->outputs);
    for (int r = 0; r < n; r++) {
        int e = order != NULL ? order[start + r] : start + r;
        if (e < 0 || e >= d->count)
            return nn_fail(NN_ERR_ARG, "dataset_batch: example %d does "
                           "not exist (there are %d)", e, d->count);
        size_t in = (size_t)e * (size_t)d->features;
        scalar *row = &MAT(x, r, 0);
        if (d->x != NULL)
            memcpy(row, d->x + in, (size_t)d->features * sizeof(scalar));
        else
            for (int j = 0; j < d->features; j++)
                row[j] = d->bytes[in + j] * d->byte_scale;
        scalar *goal = &MAT(target, r, 0);
        if (d->y != NULL) {
            memcpy(goal, d->y + (size_t)e * (size_t)d->outputs,
                   (size_t)d->outputs * sizeof(scalar));
        } else {
            int label = d->labels[e];
            if (label < 0 || label >= d->outputs)
                return nn_fail(NN_ERR_ARG, "dataset_batch: example %d has "
                               "label %d, not one of 0..%d", e, label,
                               d->outputs - 1);
            for (int j = 0; j < d->outputs; j++)
                goal[j] = j == label ? 1 : 0;
        }
    }
    return NN_OK;
}
void dataset_free(Dataset *d)
{
    free(d->x);
    free(d->bytes);
    free(d->labels);
    free(d->y);
    *d = (Dataset){ 0 };
}
static nn_status dataset_alloc(Dataset *d, int count, int features,
                               int classes)
{
    *d = (Dataset){ .count = count, .features = features,
                    .classes = classes, .outputs = classes };
    d->x = calloc((size_t)count * (size_t)features, sizeof(scalar));
    d->labels = calloc((size_t)count, sizeof(int));
    if (d->x == NULL || d->labels == NULL) {
        dataset_free(d);
        return nn_fail(NN_ERR_NOMEM, "dataset: out of memory for %d "
                       "examples", count);
    }
    return NN_OK;
}
nn_status dataset_xor(Dataset *d)
{
    nn_status status = dataset_alloc(d, 4, 2, 2);
    if (status != NN_OK)
        return status;
    for (int i = 0; i < 4; i++) {
        int a = i >> 1, b = i & 1;     /* the corners 00, 01, 10, 11 */
        d->x[2 * i] = (scalar)a;
        d->x[2 * i + 1] = (scalar)b;
        d->labels[i] = a ^ b;
    }
    return NN_OK;
}
#define SPIRAL_TURN 4.0   /* radians an arm turns from r = 0 to r = 1 */

nn_status dataset_spiral(Dataset *d, int per_class, int classes,
                         scalar noise, Rng *rng)
{
    *d = (Dataset){ 0 };
    if (per_class < 1 || classes < 2 || per_class > INT_MAX / classes)
        return nn_fail(NN_ERR_ARG, "dataset_spiral: cannot make %d "
                       "classes of %d points", classes, per_class);
    if (!(noise >= 0))
        return nn_fail(NN_ERR_ARG, "dataset_spiral: the noise is %g; it "
                       "must be 0 or more", (double)noise);
    nn_status status = dataset_alloc(d, per_class * classes, 2, classes);
    if (status != NN_OK)
        return status;
    const double two_pi = 6.283185307179586476925286766559;
    for (int c = 0; c < classes; c++)
        for (int i = 0; i < per_class; i++) {
            int e = c * per_class + i;
            double t = (i + 0.5) / per_class;
            double angle = c * two_pi / classes + SPIRAL_TURN * t
                           + noise * rng_normal(rng);
            d->x[2 * e] = (scalar)(t * cos(angle));
            d->x[2 * e + 1] = (scalar)(t * sin(angle));
            d->labels[e] = c;
        }
    return NN_OK;
}
