/* lib/network.h: layers of every kind, the table of the kinds, networks
   as lists of layers, and the one buffer that holds all of a network's
   parameters. */
#ifndef NN_NETWORK_H
#define NN_NETWORK_H
#include "activation.h"
#include "matrix.h"
#include "rng.h"

typedef struct Layer Layer;
typedef struct LayerKind LayerKind;

typedef enum {
    INIT_UNIFORM,  /* U(-scale, scale) */
    INIT_NORMAL,   /* N(0, scale^2) */
    INIT_XAVIER,   /* U(-a, a), a = sqrt(6 / (fan_in + fan_out)) */
    INIT_HE        /* N(0, 2 / fan_in) */
} InitScheme;

typedef struct {
    int inputs, outputs;    /* numbers per example, in and out */
    Activation act;         /* dense: applied to X W + b */
    const char *kind;       /* a row of the layer table; NULL: "dense" */
    scalar rate;            /* dropout: p, the fraction it drops */
    int height, width, channels;  /* conv, pool: the image; batchnorm: C */
    int filters;            /* conv: F, the channels it gives */
    int kernel_h, kernel_w; /* conv: a filter's size; pool: the window's */
    int stride, padding;    /* conv: step of the windows, zeros around */
    scalar momentum, epsilon;   /* batchnorm: running averages, variance */
} LayerSpec;
#define LAYER_DENSE(in, out, activation) \
    { .inputs = (in), .outputs = (out), .act = (activation), \
      .kind = "dense" }

enum { LAYER_MAX_PARAMETERS = 4 };

typedef struct {
    const char *name;       /* "weights", "bias", ... */
    Matrix *value;          /* a view into net->params */
    Matrix *grad;           /* the same shape, in net->grads */
} LayerParameter;

struct LayerKind {
    const char *name;       /* as LayerSpec.kind names it */
    /* Checks what spec asks of this kind, given inputs >= 1, and sets
       *outputs to the layer's numbers out per example. */
    nn_status (*check)(const LayerSpec *spec, int *outputs);
    /* Makes layer->state, for batches of up to capacity rows, with the
       shapes (not yet the numbers) of the parameter matrices. */
    nn_status (*setup)(Layer *layer, int capacity);
    /* The number of parameters a layer of spec has (NULL: none). */
    size_t (*param_count)(const LayerSpec *spec);
    /* Lists the parameter matrices in their order in the buffer (NULL
       for a kind without parameters). */
    int (*parameters)(Layer *layer, LayerParameter *list);
    /* Draws the parameters' starting values from rng. */
    void (*initialize)(Layer *layer, InitScheme scheme, scalar scale,
                       Rng *rng);
    /* X: n x inputs -> layer->output: n x outputs. training: where a
       training pass draws its random numbers; NULL when evaluating. */
    nn_status (*forward)(Layer *layer, const Matrix *x, Rng *training);
    /* Frees what layer->state owns, not the state itself; called only
       when setup made the state (NULL: the state owns nothing). */
    void (*free)(Layer *layer);
    /* Its parameters are set from the data, not trained: they sit after
       every trained parameter in the buffer, beyond the optimizer. */
    bool fixed_parameters;
    /* After forward on a batch of n rows, given grad_output = dL/dY
       (n x outputs): writes the gradients of the layer's parameters
       (overwriting them) and, if pass_down, grad_input = dL/dX. */
    nn_status (*backward)(Layer *layer, const Matrix *grad_output,
                          bool pass_down);
    /* For the gradient sweep: a spec of this kind taking inputs numbers. */
    void (*example)(LayerSpec *spec, int inputs, Activation act);
    /* For the gradient sweep: true if, for the batch of the last forward
       pass, nothing the layer computed is within margin of a kink. */
    bool (*clear_of_kinks)(const Layer *layer, double margin);
    bool training_only;     /* at evaluation, Y = X: a model can omit it */
    /* For the model file: the kind's own fields of spec, as at most
       MODEL_MAX_FIELDS numbers; returns how many. */
    int (*fields)(const LayerSpec *spec, double *fields);
    /* For the model file: sets the kind's fields of *spec from count
       numbers, or fails saying what is wrong with them. */
    nn_status (*set_fields)(LayerSpec *spec, const double *fields, int count);
};

struct Layer {
    const LayerKind *kind;  /* its row of the layer table */
    LayerSpec spec;         /* what it was built from */
    int inputs, outputs;    /* numbers per example, in and out */
    size_t param_offset, param_count;  /* its share of net->params */
    Matrix input;           /* n x inputs: the batch last given (a view) */
    Matrix output;          /* n x outputs: what it computed from input */
    Matrix grad_input;      /* n x inputs: dL/dX, for chapter 6 */
    void *state;            /* what only its kind has, or NULL */
};

typedef struct {
    int layer_count;
    Layer *layers;
    size_t param_count;  /* numbers in params, and in grads */
    size_t trained_count;   /* the first ones, which training moves */
    scalar *params;      /* every layer's parameters, layer by layer */
    scalar *grads;       /* their gradients, in the same layout */
    int batch_capacity;  /* rows the per-layer buffers can hold */
    Rng *training;       /* random draws of training passes; NULL: none */
    const struct Head *head;    /* what its outputs feed; NULL: not chosen */
    bool input_gradient;  /* backward also computes the first layer's dL/dX */
} Network;

/* The number of rows of the layer table, and row i of them. */
int layer_kind_count(void);
const LayerKind *layer_kind_at(int i);
/* Sets *kind to the row called name (NULL: "dense"), or fails. */
nn_status layer_kind_find(const char *name, const LayerKind **kind);
/* Fills list with the layer's parameter matrices; returns how many. */
int layer_parameters(Layer *layer, LayerParameter *list);
/* For a kind's setup: layer->state = size bytes of zeros, or fails. */
nn_status layer_new_state(Layer *layer, size_t size);
/* For a kind's check: *outputs = spec->inputs, or fails if the spec asks
   for another nonzero number of outputs; what names the kind in it. */
nn_status layer_check_same_width(const LayerSpec *spec, const char *what,
                                 int *outputs);
/* Builds the layers that specs describe, checking that each fits the
   one before it, with buffers for batches of 1 to batch_capacity rows
   and every parameter 0. On failure *net is empty, and safe to free. */
nn_status network_init(Network *net, int layer_count,
                       const LayerSpec *specs, int batch_capacity);
/* Frees what network_init made; leaves *net empty. */
void network_free(Network *net);
/* Runs x (n x inputs, 1 <= n <= batch_capacity) through every layer and
   sets *output to the last layer's output (n x outputs), which the
   network owns until its next pass. A training pass when net->training
   is set. x must stay unchanged until a backward pass has used it. */
nn_status network_forward(Network *net, const Matrix *x,
                          const Matrix **output);
/* Gives every layer's parameters their starting values, drawn from rng
   layer by layer: for a dense layer, weights from scheme (scale is used
   by INIT_UNIFORM and INIT_NORMAL only) and biases 0. */
void network_initialize(Network *net, InitScheme scheme, scalar scale,
                        Rng *rng);
/* One weight of a layer with fan_in inputs and fan_out outputs per
   unit, drawn from scheme. */
double init_scheme_draw(InitScheme scheme, double scale, double fan_in,
                        double fan_out, Rng *rng);
/* "uniform", "normal", "xavier" or "he"; "unknown" for anything else. */
const char *init_scheme_name(InitScheme scheme);
/* Sets *scheme to the scheme called name, or fails naming the choices. */
nn_status init_scheme_from_name(const char *name, InitScheme *scheme);
/* After network_forward on a batch of n rows, and given grad_output =
   dL/d(last layer's output), n x outputs: writes the gradient of L with
   respect to every parameter into net->grads (overwriting it, not adding
   to it) and each layer's dL/d(its input) into its grad_input, except
   that the lowest layer with parameters, and any layer below it, write
   theirs only if net->input_gradient is set. */
nn_status network_backward(Network *net, const Matrix *grad_output);
/* Puts net in training mode, drawing from rng, or with NULL in
   evaluation mode. */
void network_set_training(Network *net, Rng *rng);
/* Puts a layer of spec before layer position (0..layer_count), keeping
   every other layer's parameters and the network's settings. */
nn_status network_insert(Network *net, int position, const LayerSpec *spec);
/* The network of net's layers that are not training_only, sharing its
   parameters and buffers; layers has room for net->layer_count. */
Network network_evaluation_view(const Network *net, Layer *layers);
#endif
