/* lib/train.c: the training loop, and evaluation. */
#define _POSIX_C_SOURCE 200809L   /* for clock_gettime */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include "train.h"
typedef struct {
    scalar *memory;     /* one block for the three matrices */
    Matrix x;           /* rows x features: the inputs */
    Matrix target;      /* rows x outputs: what the outputs should be */
    Matrix grad;        /* rows x outputs: dL/d(output) */
} Batch;

static void batch_rows(Batch *b, int n)
{
    b->x.rows = b->target.rows = b->grad.rows = n;
}

static void batch_free(Batch *b)
{
    free(b->memory);
    *b = (Batch){ 0 };
}
static nn_status batch_init(Batch *b, const Dataset *d, int rows)
{
    size_t in = (size_t)rows * (size_t)d->features;
    size_t out = (size_t)rows * (size_t)d->outputs;
    *b = (Batch){ 0 };
    b->memory = malloc((in + 2 * out) * sizeof(scalar));
    if (b->memory == NULL)
        return nn_fail(NN_ERR_NOMEM, "training: out of memory for a "
                       "batch of %d examples", rows);
    b->x = matrix_view(rows, d->features, b->memory);
    b->target = matrix_view(rows, d->outputs, b->memory + in);
    b->grad = matrix_view(rows, d->outputs, b->memory + in + out);
    return NN_OK;
}
static nn_status check_fit(const char *function, const Network *net,
                           const Dataset *d)
{
    const Layer *first = &net->layers[0];
    const Layer *last = &net->layers[net->layer_count - 1];
    if (d->count < 1)
        return nn_fail(NN_ERR_ARG, "%s: the data set is empty", function);
    if (d->features != first->inputs)
        return nn_fail(NN_ERR_SHAPE, "%s: the examples have %d features "
                       "but the network takes %d inputs", function,
                       d->features, first->inputs);
    if (d->outputs != last->outputs)
        return nn_fail(NN_ERR_SHAPE, "%s: the targets have %d numbers but "
                       "the network has %d outputs", function, d->outputs,
                       last->outputs);
    return NN_OK;
}
static nn_status train_batch(Network *net, Optimizer *opt,
                             const Dataset *d, const int *order, int start,
                             Batch *b, const Head *loss, Rng *rng,
                             const TrainHooks *h, scalar *batch_loss)
{
    const Matrix *output;
    nn_status s = dataset_batch(d, order, start, b->x.rows, &b->x,
                                &b->target);
    if (s == NN_OK && d->shift > 0)
        s = dataset_shift_images(&b->x, d->image_width, d->shift, rng);
    (void)rng;   /* unused until a chapter augments the batch */
    if (s != NN_OK
        || (s = network_forward(net, &b->x, &output)) != NN_OK
        || (s = head_loss(loss, output, &b->target, batch_loss)) != NN_OK)
        return s;
    if (!isfinite(*batch_loss))
        return nn_fail(NN_ERR_ARG, "the loss is %s: training has diverged "
                       "(a smaller learning rate usually helps)",
                       isnan(*batch_loss) ? "NaN" : "infinite");
    if ((s = head_gradient(loss, output, &b->target, &b->grad)) != NN_OK
        || (s = network_backward(net, &b->grad)) != NN_OK)
        return s;
    bool step = true;
    if (h->after_backward != NULL
        && (s = h->after_backward(h->context, net, b->x.rows, &step))
            != NN_OK)
        return s;
    if (step)
        optimizer_step(opt, net->params, net->grads);
    return NN_OK;
}
static nn_status train_epoch_hooked(Network *net, Optimizer *opt,
                                    const Dataset *d, int batch_size,
                                    const Head *loss, Rng *rng,
                                    int *order_scratch, double *mean_loss,
                                    const TrainHooks *h)
{
    if (order_scratch == NULL || rng == NULL)
        return nn_fail(NN_ERR_ARG, "train_epoch: no order array or no "
                       "random number generator");
    if (batch_size < 1)
        return nn_fail(NN_ERR_ARG, "train_epoch: the batch size is %d; it "
                       "must be at least 1", batch_size);
    if (batch_size > net->batch_capacity)
        return nn_fail(NN_ERR_ARG, "train_epoch: a batch of %d examples does "
                       "not fit the network, whose batch capacity is %d",
                       batch_size, net->batch_capacity);
    if (opt->param_count != net->trained_count)
        return nn_fail(NN_ERR_ARG, "train_epoch: the optimizer was made for "
                       "%zu parameters but the network trains %zu",
                       opt->param_count, net->trained_count);
    nn_status status = check_fit("train_epoch", net, d);
    if (status != NN_OK)
        return status;
    for (int i = 0; i < d->count; i++)
        order_scratch[i] = i;
    if (h->order != NULL)
        h->order(h->context, order_scratch, d->count, rng);
    else
        rng_shuffle(order_scratch, d->count, rng);
    Batch b;
    int rows = batch_size < d->count ? batch_size : d->count;
    if ((status = batch_init(&b, d, rows)) != NN_OK)
        return status;
    double total = 0;
    for (int start = 0; start < d->count && status == NN_OK;
         start += batch_size) {
        int n = d->count - start < batch_size ? d->count - start : batch_size;
        scalar batch_loss = 0;
        batch_rows(&b, n);
        status = train_batch(net, opt, d, order_scratch, start, &b, loss, rng,
                             h, &batch_loss);
        if (status != NN_OK)
            status = nn_fail(status, "step %d of %d: %s", start / batch_size + 1,
                             (d->count + batch_size - 1) / batch_size,
                             nn_error());
        total += (double)batch_loss * n;
        if (status == NN_OK && h->after_batch != NULL)
            h->after_batch(h->context, start + n, d->count, total / (start + n));
    }
    if (status == NN_OK && mean_loss != NULL)
        *mean_loss = total / d->count;
    batch_free(&b);
    return status;
}
nn_status train_epoch_with_progress(Network *net, Optimizer *opt,
                                    const Dataset *d, int batch_size,
                                    const Head *loss, Rng *rng,
                                    int *order_scratch, double *mean_loss,
                                    batch_report *report, void *context)
{
    const TrainHooks h = { .after_batch = report, .context = context };
    return train_epoch_hooked(net, opt, d, batch_size, loss, rng,
                              order_scratch, mean_loss, &h);
}
nn_status train_epoch(Network *net, Optimizer *opt, const Dataset *d,
                      int batch_size, const Head *loss, Rng *rng,
                      int *order_scratch, double *mean_loss)
{
    return train_epoch_with_progress(net, opt, d, batch_size, loss, rng,
                                     order_scratch, mean_loss, NULL, NULL);
}
nn_status train_evaluate(Network *net, const Dataset *d, const Head *loss,
                   double *mean_loss, double *accuracy_out)
{
    nn_status status = check_fit("evaluate", net, d);
    int rows = net->batch_capacity < d->count ? net->batch_capacity
                                              : d->count;
    Batch b;
    if (status != NN_OK || (status = batch_init(&b, d, rows)) != NN_OK)
        return status;
    double total = 0;
    HeadTally tally = { 0 };
    for (int start = 0; start < d->count && status == NN_OK; start += rows) {
        int n = d->count - start < rows ? d->count - start : rows;
        const Matrix *output;
        scalar batch_loss = 0;
        batch_rows(&b, n);
        if ((status = dataset_batch(d, NULL, start, n, &b.x, &b.target))
                == NN_OK
            && (status = network_forward(net, &b.x, &output)) == NN_OK
            && (status = head_loss(loss, output, &b.target, &batch_loss))
                == NN_OK
            && (status = head_tally(loss, output, &b.target, &tally)) == NN_OK)
            total += (double)batch_loss * n;
    }
    batch_free(&b);
    if (status == NN_OK && mean_loss != NULL)
        *mean_loss = total / d->count;
    if (status == NN_OK && accuracy_out != NULL)
        *accuracy_out = head_score(loss, &tally);
    return status;
}
nn_status train_run(Network *net, Optimizer *opt, const Dataset *train,
                    const TrainConfig *config, const TrainHooks *hooks,
                    Rng *rng, int *epochs_done)
{
    const TrainHooks none = { 0 }, *h = hooks != NULL ? hooks : &none;
    if (config->epochs < *epochs_done || train->count < 1)
        return nn_fail(NN_ERR_ARG, "train_run: cannot train up to %d "
                       "epochs from epoch %d on %d examples",
                       config->epochs, *epochs_done, train->count);
    int *order = malloc((size_t)train->count * sizeof(int));
    if (order == NULL)
        return nn_fail(NN_ERR_NOMEM, "train_run: out of memory");
    nn_status status = NN_OK;
    for (bool stop = false; status == NN_OK && !stop
                            && *epochs_done < config->epochs; ) {
        EpochReport r = { .epoch = *epochs_done + 1 };
        double start = train_clock();
        if (h->before_epoch != NULL)
            h->before_epoch(h->context, *epochs_done, opt);
        r.learning_rate = opt->config.learning_rate;
        net->training = rng;
        status = train_epoch_hooked(net, opt, train, config->batch_size,
                                    config->loss, rng, order, &r.train_loss, h);
        net->training = NULL;
        if (status == NN_OK && h->validation != NULL)
            status = train_evaluate(net, h->validation, config->loss, &r.val_loss,
                              &r.val_metric);
        r.seconds = train_clock() - start;
        if (status != NN_OK)
            status = nn_fail(status, "epoch %d, %s", r.epoch, nn_error());
        if (status == NN_OK)
            *epochs_done = r.epoch;
        if (status == NN_OK && h->after_epoch != NULL)
            status = h->after_epoch(h->context, net, &r, &stop);
    }
    free(order);
    return status;
}
double train_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}
static nn_status record_loss(void *context, Network *net,
                             const EpochReport *report, bool *stop)
{
    double *epoch_losses = context;
    (void)net;
    (void)stop;
    if (epoch_losses != NULL)
        epoch_losses[report->epoch - 1] = report->train_loss;
    return NN_OK;
}

nn_status train_network(Network *net, Optimizer *opt, const Dataset *d,
                        const TrainConfig *config, Rng *rng,
                        double *epoch_losses)
{
    const TrainHooks hooks = { .after_epoch = record_loss,
                               .context = epoch_losses };
    int done = 0;
    return train_run(net, opt, d, config, &hooks, rng, &done);
}
#include <string.h>
#include "dense.h"
#include "dropout.h"

scalar schedule_rate(const Schedule *s, scalar base_rate, int epoch)
{
    const double pi = 3.14159265358979323846;
    if (s->kind == SCHEDULE_STEP && s->step_epochs > 0)
        return base_rate * (scalar)pow(s->step_factor,
                                       epoch / s->step_epochs);
    if (s->kind == SCHEDULE_COSINE && s->epochs > 0) {
        int e = epoch < s->epochs ? epoch : s->epochs - 1;
        return base_rate * (scalar)((1 + cos(pi * e / s->epochs)) / 2);
    }
    return base_rate;
}
static const char *const schedule_names[] = {
    [SCHEDULE_CONSTANT] = "constant", [SCHEDULE_STEP] = "step",
    [SCHEDULE_COSINE] = "cosine",
};
enum { SCHEDULE_COUNT = sizeof schedule_names / sizeof *schedule_names };

const char *schedule_name(ScheduleKind kind)
{
    return (int)kind >= 0 && (int)kind < SCHEDULE_COUNT
           ? schedule_names[kind] : "unknown";
}

int schedule_count(void)
{
    return SCHEDULE_COUNT;
}
static const char *schedule_at(int kind)
{
    return schedule_names[kind];
}

nn_status schedule_from_name(const char *name, ScheduleKind *kind)
{
    int k = 0;
    nn_status status = nn_lookup("schedule", name, SCHEDULE_COUNT,
                                 schedule_at, &k);
    if (status == NN_OK)
        *kind = (ScheduleKind)k;
    return status;
}
nn_status early_stopping_init(EarlyStopping *es, size_t param_count,
                              int patience)
{
    *es = (EarlyStopping){ .patience = patience,
                           .param_count = param_count };
    if (patience < 0)
        return nn_fail(NN_ERR_ARG, "early_stopping_init: the patience is "
                       "%d; it must be 0 (never stop) or more", patience);
    es->best_params = malloc(param_count * sizeof(scalar));
    if (es->best_params == NULL)
        return nn_fail(NN_ERR_NOMEM, "early_stopping_init: out of memory "
                       "for %zu parameters", param_count);
    return NN_OK;
}

void early_stopping_free(EarlyStopping *es)
{
    free(es->best_params);
    *es = (EarlyStopping){ 0 };
}
bool early_stopping_update(EarlyStopping *es, const Network *net,
                           int epoch, double loss)
{
    if (es->best_epoch == 0 || loss < es->best_loss) {
        es->best_epoch = epoch;
        es->best_loss = loss;
        memcpy(es->best_params, net->params,
               es->param_count * sizeof(scalar));
    }
    return es->patience > 0 && epoch - es->best_epoch >= es->patience;
}
void early_stopping_restore(const EarlyStopping *es, Network *net)
{
    if (es->best_epoch > 0)
        memcpy(net->params, es->best_params,
               es->param_count * sizeof(scalar));
}
typedef struct {
    const FitConfig *config;
    scalar base_rate;       /* the optimizer's rate before the run */
    EarlyStopping stopping;
    EpochReport *history;   /* or NULL */
} FitRun;

static void fit_schedule(void *context, int e, Optimizer *opt)
{
    FitRun *run = context;
    opt->config.learning_rate = schedule_rate(&run->config->schedule,
                                              run->base_rate, e);
}

static nn_status fit_keep(void *context, Network *net,
                          const EpochReport *report, bool *stop)
{
    FitRun *run = context;
    if (run->history != NULL)
        run->history[report->epoch - 1] = *report;
    *stop = early_stopping_update(&run->stopping, net, report->epoch,
                                  report->val_loss);
    return NN_OK;
}
nn_status train_fit(Network *net, Optimizer *opt, const Dataset *train,
              const Dataset *validation, const FitConfig *config,
              Rng *rng, EpochReport *history, int *epochs_done,
              int *best_epoch)
{
    FitRun run = { config, opt->config.learning_rate, { 0 }, history };
    const TrainConfig training = { config->batch_size, config->epochs,
                                   config->loss };
    const TrainHooks hooks = { .validation = validation,
                               .before_epoch = fit_schedule,
                               .after_epoch = fit_keep, .context = &run };
    int e = 0;
    nn_status status = early_stopping_init(&run.stopping, net->param_count,
                                           config->patience);
    if (status == NN_OK)
        status = train_run(net, opt, train, &training, &hooks, rng, &e);
    opt->config.learning_rate = run.base_rate;
    if (status == NN_OK) {
        early_stopping_restore(&run.stopping, net);
        if (epochs_done != NULL)
            *epochs_done = e;
        if (best_epoch != NULL)
            *best_epoch = run.stopping.best_epoch;
    }
    early_stopping_free(&run.stopping);
    return status;
}
Recipe recommended_recipe(void)
{
    Recipe r = {
        .hidden_count = 2, .hidden = { 512, 256 },
        .activation = ACT_RELU, .init = INIT_HE,
        .dropout = 0.3f,
        .optimizer = optimizer_defaults(OPT_ADAMW),
        .fit = { .epochs = 25, .batch_size = 128,
                 .loss = &head_cross_entropy,
                 .schedule = { SCHEDULE_COSINE, 25, 0, 1 },
                 .patience = 0 },
        .small_set = 20000, .small_shift = 2, .small_epochs = 80,
        .validation_share = 12,
    };
    r.optimizer.weight_decay = 0.01f;
    return r;
}
FitConfig recipe_fit(const Recipe *recipe, const Dataset *train)
{
    FitConfig config = recipe->fit;
    if (train->count < recipe->small_set) {
        config.epochs = recipe->small_epochs;
        config.schedule.epochs = recipe->small_epochs;
    }
    return config;
}
nn_status recipe_network(const Recipe *recipe, const Dataset *train,
                         Rng *rng, Network *net)
{
    LayerSpec specs[2 * RECIPE_MAX_HIDDEN + 1];
    int n = recipe->hidden_count, count = 0;
    if (n < 0 || n > RECIPE_MAX_HIDDEN)
        return nn_fail(NN_ERR_ARG, "recipe_network: %d hidden layers; at "
                       "most %d", n, RECIPE_MAX_HIDDEN);
    for (int l = 0; l <= n; l++) {
        int width = l == n ? train->classes : recipe->hidden[l];
        specs[count++] = (LayerSpec)LAYER_DENSE(
            l == 0 ? train->features : recipe->hidden[l - 1], width,
            l == n ? ACT_IDENTITY : recipe->activation);
        if (l < n && recipe->dropout > 0)
            specs[count++] = (LayerSpec)LAYER_DROPOUT(width,
                                                      recipe->dropout);
    }
    nn_status status = network_init(net, count, specs,
                                    recipe->fit.batch_size);
    if (status == NN_OK)
        network_initialize(net, recipe->init, 0, rng);
    return status;
}
nn_status recipe_training_layers(const Recipe *recipe, Network *net)
{
    nn_status status = NN_OK;
    for (int l = net->layer_count - 1; l >= 1 && recipe->dropout > 0
                                       && status == NN_OK; l--) {
        if (net->layers[l].kind != &dense_kind
            || net->layers[l - 1].kind != &dense_kind)
            continue;
        const LayerSpec drop = LAYER_DROPOUT(net->layers[l].inputs,
                                             recipe->dropout);
        status = network_insert(net, l, &drop);
    }
    return status;
}
void recipe_augment(const Recipe *recipe, int image_width, Dataset *train)
{
    bool small = train->count < recipe->small_set;
    train->image_width = image_width;
    train->shift = small && image_width > 0 ? recipe->small_shift : 0;
}
