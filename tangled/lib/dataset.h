/* lib/dataset.h: training examples, and batches made from them. */
#ifndef NN_DATASET_H
#define NN_DATASET_H
#include "matrix.h"
#include "rng.h"

typedef struct {
    int count;              /* examples */
    int features;           /* numbers per input */
    int classes;            /* > 0: classification, labels hold classes */
    scalar *x;              /* count x features inputs, or NULL */
    unsigned char *bytes;   /* count x features bytes (chapter 8), or NULL */
    scalar byte_scale;      /* a feature is bytes[k] * byte_scale */
    int *labels;            /* count class indices, for classification */
    scalar *y;              /* count x outputs real targets, or NULL */
    int outputs;            /* numbers per target row */
    int image_width;        /* training batches: images this wide, moved */
    int shift;              /* by up to this many pixels (0: not moved) */
} Dataset;
/* Copies examples order[start..start+n-1] (or start.. if order is
   NULL) into x (n x features) and their targets into target. */
nn_status dataset_batch(const Dataset *d, const int *order, int start,
                        int n, Matrix *x, Matrix *target);
/* Frees what a loader allocated in d; d is then empty. */
void dataset_free(Dataset *d);
/* The four examples of XOR, with one-hot targets of two classes. */
nn_status dataset_xor(Dataset *d);
/* classes spiral arms of per_class points each, with noise, from rng. */
nn_status dataset_spiral(Dataset *d, int per_class, int classes,
                         scalar noise, Rng *rng);
/* Moves each row of x, an image width pixels wide, by up to shift
   pixels in each direction, drawn from rng; fills with 0. */
nn_status dataset_shift_images(Matrix *x, int width, int shift, Rng *rng);
#endif
