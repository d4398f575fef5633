/* lib/network.h: dense layers, networks as lists of layers, and the one
   buffer that holds all of a network's parameters. */
#ifndef NN_NETWORK_H
#define NN_NETWORK_H
#include "activation.h"
#include "matrix.h"
#include "rng.h"

typedef enum {
    LAYER_DENSE,     /* Y = f(X W + b): every input feeds every output */
    LAYER_DROPOUT,   /* training: Y = X * M, M[i][j] 0 or 1/(1-p); else X */
    LAYER_SHIFT,     /* training: each image moved by up to shift pixels */
} LayerKind;

typedef struct {
    LayerKind kind;
    int inputs, outputs;    /* numbers per example, in and out */
    Activation act;
    size_t param_offset, param_count;  /* where in the network's buffers */
    Matrix weights, bias;              /* inputs x outputs, 1 x outputs */
    Matrix grad_weights, grad_bias;    /* the same shapes, in net->grads */
    Matrix input;        /* n x inputs: the batch last given (a view) */
    Matrix output;       /* n x outputs: f(X W + b) */
    Matrix delta;        /* n x outputs: dL/dZ, for chapter 6 */
    Matrix grad_input;   /* n x inputs: dL/dX, for chapter 6 */
    scalar dropout_rate;   /* p: the fraction of its inputs dropout drops */
    Rng *training_rng;      /* draws the masks in training; NULL: evaluation */
    Matrix mask;           /* n x outputs: each 0 or 1 / (1 - p) */
    int shift;             /* s: a shift layer's largest move, in pixels */
    int image_width;       /* its images are inputs / image_width rows high */
    int *moves;            /* d_x and d_y of each example of the batch */
} Layer;

typedef struct {
    int layer_count;
    Layer *layers;
    size_t param_count;  /* numbers in params, and in grads */
    scalar *params;      /* every layer's weights, then bias, in order */
    scalar *grads;       /* their gradients, in the same layout */
    int batch_capacity;  /* rows the per-layer buffers can hold */
    bool input_gradient;  /* backward also computes the first layer's dL/dX */
} Network;

typedef struct {
    int inputs, outputs;
    Activation act;
} LayerSpec;

nn_status network_init(Network *net, int layer_count,
                       const LayerSpec *specs, int batch_capacity);
void network_free(Network *net);
nn_status network_forward(Network *net, const Matrix *x,
                          const Matrix **output);
typedef enum {
    INIT_UNIFORM,  /* U(-scale, scale) */
    INIT_NORMAL,   /* N(0, scale^2) */
    INIT_XAVIER,   /* U(-a, a), a = sqrt(6 / (fan_in + fan_out)) */
    INIT_HE        /* N(0, 2 / fan_in) */
} InitScheme;

void network_initialize(Network *net, InitScheme scheme, scalar scale,
                        Rng *rng);
const char *init_scheme_name(InitScheme scheme);
nn_status init_scheme_from_name(const char *name, InitScheme *scheme);
/* After network_forward on a batch of n rows, and given grad_output =
   dL/d(last layer's output), n x outputs: writes the gradient of L with
   respect to every parameter into net->grads (overwriting it, not adding
   to it) and each layer's dL/d(its input) into its grad_input, except
   that the lowest layer with parameters, and any layer below it, write
   theirs only if net->input_gradient is set. */
nn_status network_backward(Network *net, const Matrix *grad_output);
nn_status network_insert_dropout(Network *net, int position, scalar rate);
void network_set_training(Network *net, Rng *rng);
nn_status network_insert_shift(Network *net, int image_width, int shift);
bool layer_is_training_only(const Layer *layer);
Network network_evaluation_view(const Network *net, Layer *layers);
#endif
