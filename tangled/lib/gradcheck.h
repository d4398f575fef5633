/* lib/gradcheck.h: backpropagation checked against finite differences. */
#ifndef NN_GRADCHECK_H
#define NN_GRADCHECK_H
#include "network.h"
#include "loss.h"

typedef struct {
    size_t index;           /* position in net->params */
    int layer;              /* the layer it belongs to */
    const char *what;       /* its matrix: "weights", "bias", ... */
    int row, col;           /* its place in that matrix */
    double analytic;        /* dL/dparam from network_backward */
    double numeric;         /* the central difference */
    double relative_error;  /* |a - n| / max(|a|, |n|, 1e-3) */
} GradCheckWorst;

/* Compares network_backward's gradient of the loss of batch (x, target)
   with central differences of step h, for every number in net->params;
   *worst describes the parameter with the largest relative error. The
   parameters are left as they were; net->grads holds the analytic
   gradient. In training mode every pass starts net->training from where
   it was when the check began. */
nn_status gradient_check(Network *net, const Matrix *x,
                         const Matrix *target, const Head *loss, double h,
                         GradCheckWorst *worst);
typedef struct {
    const LayerKind *kind;      /* after the first layer; dense: none */
    int depth;                  /* dense layers: 1, 2 or 3 */
    Activation hidden, output;  /* hidden: every layer but the last */
    const Head *loss;
} GradCheckCase;

/* Writes a one-line description of c into name. */
void gradcheck_describe(const GradCheckCase *c, char *name, size_t size);
/* Builds the network and the batch (x, target) of case c, with sizes
   and numbers drawn from rng and clear of every kink; the network is in
   training mode with the generator training, unless that is NULL. */
nn_status gradcheck_draw(const GradCheckCase *c, Rng *rng, Rng *training,
                         Network *net, Matrix *x, Matrix *target);
/* True if no parameter matrix of any layer has a gradient of all
   zeros. */
bool gradcheck_every_layer_has_a_gradient(Network *net);
typedef void GradCheckReport(void *context, const char *name,
                             nn_status status, const GradCheckWorst *worst,
                             bool every_layer_has_a_gradient);

/* Checks every combination of a kind of the layer table, depth,
   hidden and output activation and loss, in training mode, with steps
   h, drawing sizes and numbers from rng; reports each to report. */
void gradient_sweep(Rng *rng, double h, GradCheckReport *report,
                    void *context);
#endif
