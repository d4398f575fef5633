/* lib/conv.h: the 2-D convolution layer, a row of the layer table.
   Images are rows of h x w x c numbers, channels last. */
#ifndef NN_CONV_H
#define NN_CONV_H
#include "network.h"

#define LAYER_CONV(h, w, c, f, k, s, p, activation) \
    { .inputs = (h) * (w) * (c), .act = (activation), .kind = "conv", \
      .height = (h), .width = (w), .channels = (c), .filters = (f), \
      .kernel_h = (k), .kernel_w = (k), .stride = (s), .padding = (p) }
typedef struct {
    Matrix weights, bias;            /* kh kw C x F, 1 x F */
    Matrix grad_weights, grad_bias;  /* the same shapes, in net->grads */
    Matrix delta;                    /* n x outputs: dL/dZ */
    Matrix columns;                  /* chunk H'W' x kh kw C: patches */
    int out_h, out_w;                /* H', W' */
    int chunk;                       /* images per patch matrix */
    bool columns_fresh;              /* columns = the last forward's */
} ConvLayer;

/* The row of the convolution layer in the layer table. */
extern const LayerKind conv_kind;
/* The state of a convolution layer; NULL for any other kind. */
ConvLayer *conv_state(const Layer *layer);
enum { CONV_COLUMN_BUDGET = 1 << 22 };   /* numbers in a patch matrix */
enum { CONV_MAX_NUMBERS = 1 << 24 };   /* per example, in or out */
/* Writes the patches of images first .. first + count - 1 of x (n x
   inputs, each h x w x c) into columns ((count H'W') x (kh kw c)), one
   row per output pixel, for the convolution spec s. */
void conv_im2col(const LayerSpec *s, const Matrix *x, int first, int count,
                 Matrix *columns);
/* The reverse: adds each number of columns to the pixel of rows first ..
   first + count - 1 of grad (n x inputs) it came from. */
void conv_col2im(const LayerSpec *s, const Matrix *columns, int first,
                 int count, Matrix *grad);
/* For the model file: values[k] = fields[k], for count == want whole
   numbers between -2^24 and 2^24, or fails naming the kind (what). */
nn_status conv_whole_fields(const char *what, const double *fields, int count,
                       int want, int *values);
/* Checks that s describes an image of s->inputs numbers, or fails
   saying how it does not. */
nn_status conv_check_image(const LayerSpec *s);
#endif
