/* lib/optimizer.h: update rules that move the parameters against their
   gradients. */
#ifndef NN_OPTIMIZER_H
#define NN_OPTIMIZER_H
#include <stddef.h>
#include "core.h"

typedef enum {
    OPT_SGD,                /* theta -= eta * gradient */
    OPT_MOMENTUM,           /* v = mu v + g;  theta -= eta v */
    OPT_NESTEROV,           /* the same v;  theta -= eta (g + mu v) */
    OPT_ADAM,               /* steps scaled per parameter, two averages */
    OPT_ADAMW,              /* Adam with decoupled weight decay */
    OPT_ADAGRAD,            /* G += g^2;  theta -= eta g / sqrt(G) */
    OPT_RMSPROP,            /* v = rho v + (1 - rho) g^2;  the same step */
} OptimizerKind;

typedef struct {
    OptimizerKind kind;
    scalar learning_rate;   /* eta > 0 */
    scalar momentum;        /* mu, in [0, 1): momentum and nesterov */
    scalar beta1, beta2;    /* Adam's decay rates, in [0, 1); rmsprop: beta2 */
    scalar epsilon;         /* > 0: guard against dividing by 0 (adagrad,
                               rmsprop, adam, adamw) */
    scalar weight_decay;    /* lambda >= 0: pulls every parameter to 0 */
    scalar l1;              /* lambda_1 >= 0: L1 penalty, exact zeros */
} OptimizerConfig;
typedef struct {
    OptimizerConfig config;
    size_t param_count;     /* how many parameters each step updates */
    scalar *state;          /* state_buffers * param_count numbers */
    int state_buffers;      /* buffers of state per parameter (SGD: 0) */
    long step;              /* updates done so far */
} Optimizer;

/* Makes an optimizer for param_count parameters after checking config;
   its state starts at zero. Free with optimizer_free. */
nn_status optimizer_init(Optimizer *opt, const OptimizerConfig *config,
                         size_t param_count);
/* Frees what optimizer_init made; opt is then empty. */
void optimizer_free(Optimizer *opt);
/* One update of opt's param_count params from their grads. */
void optimizer_step(Optimizer *opt, scalar *params, const scalar *grads);
/* The name of kind ("sgd", ...); "unknown" for anything else. */
const char *optimizer_name(OptimizerKind kind);
/* Sets *kind to the optimizer called name, or fails naming the choices. */
nn_status optimizer_from_name(const char *name, OptimizerKind *kind);
/* The number of settings of an OptimizerConfig, in a fixed order. */
int optimizer_setting_count(void);
/* The name of setting i ("learning_rate", ...). */
const char *optimizer_setting_name(int i);
/* Where config keeps setting i. */
scalar *optimizer_setting(OptimizerConfig *config, int i);
/* The number of optimizer kinds; they are 0 to the count - 1. */
int optimizer_kind_count(void);
/* The usual settings of kind (its learning rate included). */
OptimizerConfig optimizer_defaults(OptimizerKind kind);
#endif
