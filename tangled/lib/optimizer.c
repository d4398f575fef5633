/* lib/optimizer.c */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "optimizer.h"
#define TINY_STATE ((scalar)1e-30)  /* smaller optimizer state becomes 0 */

static const struct {
    const char *name;
    int state_buffers;
} optimizer_kinds[] = {
    [OPT_SGD] = { "sgd", 0 },
    [OPT_MOMENTUM] = { "momentum", 1 },
    [OPT_NESTEROV] = { "nesterov", 1 },
    [OPT_ADAM] = { "adam", 2 },
    [OPT_ADAMW] = { "adamw", 2 },
    [OPT_ADAGRAD] = { "adagrad", 1 },
    [OPT_RMSPROP] = { "rmsprop", 1 },
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

static const char *optimizer_at(int kind)
{
    return optimizer_name((OptimizerKind)kind);
}

nn_status optimizer_from_name(const char *name, OptimizerKind *kind)
{
    int k = 0;
    nn_status status = nn_lookup("optimizer", name, OPTIMIZER_KIND_COUNT,
                                 optimizer_at, &k);
    if (status == NN_OK)
        *kind = (OptimizerKind)k;
    return status;
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
    const OptimizerConfig *c = config;
    bool uses_momentum = c->kind == OPT_MOMENTUM || c->kind == OPT_NESTEROV;
    bool is_adam = c->kind == OPT_ADAM || c->kind == OPT_ADAMW;
    if (!(c->weight_decay >= 0) || !isfinite(c->weight_decay))
        return nn_fail(NN_ERR_ARG, "optimizer_init: the weight decay is %g; "
                       "it must be 0 or a positive number",
                       (double)c->weight_decay);
    if (!(c->l1 >= 0) || !isfinite(c->l1))
        return nn_fail(NN_ERR_ARG, "optimizer_init: the L1 strength is %g; "
                       "it must be 0 or a positive number", (double)c->l1);
    if (uses_momentum && !(c->momentum >= 0 && c->momentum < 1))
        return nn_fail(NN_ERR_ARG, "optimizer_init: the momentum is %g; it "
                       "must be at least 0 and below 1", (double)c->momentum);
    bool is_rmsprop = c->kind == OPT_RMSPROP;
    bool divides = is_adam || is_rmsprop || c->kind == OPT_ADAGRAD;
    if (is_adam && !(c->beta1 >= 0 && c->beta1 < 1 && c->beta2 >= 0
                     && c->beta2 < 1))
        return nn_fail(NN_ERR_ARG, "optimizer_init: Adam's decay rates are "
                       "%g and %g; each must be at least 0 and below 1",
                       (double)c->beta1, (double)c->beta2);
    if (is_rmsprop && !(c->beta2 >= 0 && c->beta2 < 1))
        return nn_fail(NN_ERR_ARG, "optimizer_init: RMSprop's decay rate "
                       "(beta2) is %g; it must be at least 0 and below 1",
                       (double)c->beta2);
    if (divides && (!(c->epsilon > 0) || !isfinite(c->epsilon)))
        return nn_fail(NN_ERR_ARG, "optimizer_init: %s's epsilon is %g; it "
                       "must be a positive number", optimizer_name(c->kind),
                       (double)c->epsilon);
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
#if defined(__x86_64__) && defined(__GNUC__) && defined(__GLIBC__) \
    && (!defined(__clang__) || __clang_major__ >= 18)
__attribute__((target_clones("avx2", "default")))
#endif
void optimizer_step(Optimizer *opt, scalar *params, const scalar *grads)
{
    const scalar eta = opt->config.learning_rate;
    const size_t n = opt->param_count;
    opt->step++;
    if (opt->config.kind == OPT_SGD && opt->config.weight_decay > 0)
        for (size_t i = 0; i < n; i++)
            params[i] -= eta * opt->config.weight_decay * params[i];
    switch (opt->config.kind) {
    case OPT_SGD:
        for (size_t i = 0; i < n; i++)
            params[i] -= eta * grads[i];
        break;
    case OPT_MOMENTUM:
    case OPT_NESTEROV: {
        const scalar mu = opt->config.momentum;
        const scalar lambda = opt->config.weight_decay;
        const bool nesterov = opt->config.kind == OPT_NESTEROV;
        const scalar a = nesterov ? 1 : 0, b = nesterov ? mu : 1;
        scalar *v = opt->state;
        for (size_t i = 0; i < n; i++) {
            scalar g = grads[i] + lambda * params[i];
            scalar velocity = mu * v[i] + g;
            v[i] = fabs(velocity) < TINY_STATE ? 0 : velocity;
            params[i] -= eta * (a * g + b * v[i]);
        }
        break;
    }
    case OPT_ADAGRAD: {
        const scalar eps = opt->config.epsilon;
        const scalar lambda = opt->config.weight_decay;
        scalar *sum = opt->state;
        for (size_t i = 0; i < n; i++) {
            scalar g = grads[i] + lambda * params[i];
            sum[i] += g * g;
            params[i] -= eta * g / ((scalar)sqrt(sum[i]) + eps);
        }
        break;
    }
    case OPT_RMSPROP: {
        const scalar rho = opt->config.beta2, eps = opt->config.epsilon;
        const scalar lambda = opt->config.weight_decay;
        scalar *v = opt->state;
        for (size_t i = 0; i < n; i++) {
            scalar g = grads[i] + lambda * params[i];
            scalar square = rho * v[i] + (1 - rho) * g * g;
            v[i] = square < TINY_STATE ? 0 : square;
            params[i] -= eta * g / ((scalar)sqrt(v[i]) + eps);
        }
        break;
    }
    case OPT_ADAM:
    case OPT_ADAMW: {
        const scalar b1 = opt->config.beta1, b2 = opt->config.beta2;
        const scalar eps = opt->config.epsilon;
        const scalar lambda = opt->config.weight_decay;
        const bool decoupled = opt->config.kind == OPT_ADAMW;
        const scalar in_gradient = decoupled ? 0 : lambda;   /* Adam */
        const scalar beside = decoupled ? eta * lambda : 0;  /* AdamW */
        const double t = (double)opt->step;
        const scalar step_size = (scalar)(eta / (1 - pow(b1, t)));
        const scalar unbias = (scalar)(1 / sqrt(1 - pow(b2, t)));
        scalar *m = opt->state, *v = opt->state + n;
        for (size_t i = 0; i < n; i++) {
            scalar g = grads[i] + in_gradient * params[i];
            scalar mean = b1 * m[i] + (1 - b1) * g;
            scalar square = b2 * v[i] + (1 - b2) * g * g;
            m[i] = fabs(mean) < TINY_STATE ? 0 : mean;
            v[i] = square < TINY_STATE ? 0 : square;
            params[i] -= step_size * m[i] / ((scalar)sqrt(v[i]) * unbias + eps)
                         + beside * params[i];
        }
        break;
    }
    }
    if (opt->config.l1 > 0) {
        const scalar threshold = eta * opt->config.l1;
        for (size_t i = 0; i < n; i++) {
            scalar shrunk = (scalar)fabs(params[i]) - threshold;
            params[i] = shrunk <= 0 ? 0 : params[i] > 0 ? shrunk : -shrunk;
        }
    }
}
static const struct {
    const char *name;
    size_t offset;      /* of the scalar within OptimizerConfig */
} optimizer_settings[] = {
    { "learning_rate", offsetof(OptimizerConfig, learning_rate) },
    { "momentum", offsetof(OptimizerConfig, momentum) },
    { "beta1", offsetof(OptimizerConfig, beta1) },
    { "beta2", offsetof(OptimizerConfig, beta2) },
    { "epsilon", offsetof(OptimizerConfig, epsilon) },
    { "weight_decay", offsetof(OptimizerConfig, weight_decay) },
    { "l1", offsetof(OptimizerConfig, l1) },
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
int optimizer_kind_count(void)
{
    return OPTIMIZER_KIND_COUNT;
}
OptimizerConfig optimizer_defaults(OptimizerKind kind)
{
    bool small_rate = kind == OPT_ADAM || kind == OPT_ADAMW
                      || kind == OPT_RMSPROP;
    bool uses_momentum = kind == OPT_MOMENTUM || kind == OPT_NESTEROV;
    bool medium_rate = uses_momentum || kind == OPT_ADAGRAD;
    return (OptimizerConfig){
        .kind = kind,
        .learning_rate = small_rate ? 0.001f : medium_rate ? 0.01f : 0.1f,
        .momentum = 0.9f, .beta1 = 0.9f,
        .beta2 = kind == OPT_RMSPROP ? 0.9f : 0.999f,
        .epsilon = 1e-8f, .weight_decay = 0, .l1 = 0,
    };
}
