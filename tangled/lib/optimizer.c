/* lib/optimizer.c */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "optimizer.h"

static const struct {
    const char *name;
    int state_buffers;
} optimizer_kinds[] = {
    [OPT_SGD] = { "sgd", 0 },
    
};
enum { OPTIMIZER_KIND_COUNT =
           sizeof optimizer_kinds / sizeof optimizer_kinds[0] };
static bool known_kind(int kind)
{
    return kind >= 0 && kind < OPTIMIZER_KIND_COUNT
           && optimizer_kinds[kind].name != NULL;
}

const char *optimizer_name(OptimizerKind kind)
{
    return known_kind((int)kind) ? optimizer_kinds[kind].name : "unknown";
}

nn_status optimizer_from_name(const char *name, OptimizerKind *kind)
{
    for (int k = 0; k < OPTIMIZER_KIND_COUNT; k++)
        if (known_kind(k) && strcmp(optimizer_kinds[k].name, name) == 0) {
            *kind = (OptimizerKind)k;
            return NN_OK;
        }
    return nn_fail(NN_ERR_ARG, "optimizer_from_name: there is no optimizer "
                   "called \"%s\"", name);
}
nn_status optimizer_init(Optimizer *opt, const OptimizerConfig *config,
                         size_t param_count)
{
    *opt = (Optimizer){ 0 };
    scalar rate = config->learning_rate;
    if (!known_kind((int)config->kind))
        return nn_fail(NN_ERR_ARG, "optimizer_init: unknown optimizer "
                       "kind %d", (int)config->kind);
    if (!(rate > 0) || !isfinite(rate))
        return nn_fail(NN_ERR_ARG, "optimizer_init: the learning rate is "
                       "%g; it must be a positive number", (double)rate);
    if (param_count == 0)
        return nn_fail(NN_ERR_ARG, "optimizer_init: there are no "
                       "parameters to optimize");
    
    int buffers = optimizer_kinds[config->kind].state_buffers;
    if (buffers > 0) {
        opt->state = calloc(param_count * (size_t)buffers, sizeof(scalar));
        if (opt->state == NULL)
            return nn_fail(NN_ERR_NOMEM, "optimizer_init: out of memory for "
                           "%d buffers of %zu numbers", buffers, param_count);
    }
    opt->config = *config;
    opt->param_count = param_count;
    opt->state_buffers = buffers;
    return NN_OK;
}
void optimizer_free(Optimizer *opt)
{
    free(opt->state);
    *opt = (Optimizer){ 0 };
}
void optimizer_step(Optimizer *opt, scalar *params, const scalar *grads)
{
    const scalar eta = opt->config.learning_rate;
    const size_t n = opt->param_count;
    opt->step++;
    
    switch (opt->config.kind) {
    case OPT_SGD:
        for (size_t i = 0; i < n; i++)
            params[i] -= eta * grads[i];
        break;
    
    }
}
static const struct {
    const char *name;
    size_t offset;      /* of the scalar within OptimizerConfig */
} optimizer_settings[] = {
    { "learning_rate", offsetof(OptimizerConfig, learning_rate) },
    
};
enum { OPTIMIZER_SETTING_COUNT =
           sizeof optimizer_settings / sizeof optimizer_settings[0] };

int optimizer_setting_count(void)
{
    return OPTIMIZER_SETTING_COUNT;
}

const char *optimizer_setting_name(int i)
{
    return i >= 0 && i < OPTIMIZER_SETTING_COUNT ? optimizer_settings[i].name
                                                  : NULL;
}

scalar *optimizer_setting(OptimizerConfig *config, int i)
{
    if (i < 0 || i >= OPTIMIZER_SETTING_COUNT)
        return NULL;
    return (scalar *)((char *)config + optimizer_settings[i].offset);
}
