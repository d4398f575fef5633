/* lib/optimizer.h: update rules that move the parameters against their
   gradients. */
#ifndef NN_OPTIMIZER_H
#define NN_OPTIMIZER_H
#include <stddef.h>
#include "core.h"

typedef enum {
    OPT_SGD,                /* theta -= eta * gradient */
    
} OptimizerKind;

typedef struct {
    OptimizerKind kind;
    scalar learning_rate;   /* eta > 0 */
    
} OptimizerConfig;
typedef struct {
    OptimizerConfig config;
    size_t param_count;     /* how many parameters each step updates */
    scalar *state;          /* state_buffers * param_count numbers */
    int state_buffers;      /* buffers of state per parameter (SGD: 0) */
    long step;              /* updates done so far */
} Optimizer;

nn_status optimizer_init(Optimizer *opt, const OptimizerConfig *config,
                         size_t param_count);
void optimizer_free(Optimizer *opt);
void optimizer_step(Optimizer *opt, scalar *params, const scalar *grads);
const char *optimizer_name(OptimizerKind kind);
nn_status optimizer_from_name(const char *name, OptimizerKind *kind);
int optimizer_setting_count(void);
const char *optimizer_setting_name(int i);
scalar *optimizer_setting(OptimizerConfig *config, int i);
#endif
