/* lib/gradcheck.h: backpropagation checked against finite differences. */
#ifndef NN_GRADCHECK_H
#define NN_GRADCHECK_H
#include "network.h"
#include "loss.h"

typedef struct {
    size_t index;           /* position in net->params */
    int layer;              /* the layer it belongs to */
    const char *what;       /* "weights" or "bias" */
    int row, col;           /* its place in that matrix */
    double analytic;        /* dL/dparam from network_backward */
    double numeric;         /* the central difference */
    double relative_error;  /* |a - n| / max(|a|, |n|, 1e-3) */
} GradCheckWorst;

/* Compares network_backward's gradient of the loss of batch (x, target)
   with central differences of step h, for every number in net->params;
   *worst describes the parameter with the largest relative error. The
   parameters are left as they were; net->grads holds the analytic
   gradient. */
nn_status gradient_check(Network *net, const Matrix *x,
                         const Matrix *target, LossKind loss, double h,
                         GradCheckWorst *worst);
#endif
