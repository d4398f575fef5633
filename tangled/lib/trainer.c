/* lib/trainer.c */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "trainer.h"

enum { TRAINER_STREAM = 12 };

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static nn_status flush_log(FILE *log)
{
    if (fflush(log) != 0 || ferror(log))
        return nn_fail(NN_ERR_IO, "trainer: cannot write the log: %s",
                       strerror(errno));
    return NN_OK;
}

nn_status trainer_log_header(FILE *log)
{
    fputs("epoch\ttrain_loss\tval_loss\tval_accuracy\tseconds\n", log);
    return flush_log(log);
}
static nn_status log_row(FILE *log, const EpochReport *r)
{
    fprintf(log, "%d\t%.6f\t%.6f\t%.6f\t%.3f\n", r->epoch, r->train_loss,
            r->val_loss, r->val_accuracy, r->seconds);
    return flush_log(log);
}
typedef struct {
    const TrainerConfig *config;
    int epoch;
    double start;          /* seconds_now() when the epoch began */
} Watch;

static void pass_progress(void *context, int done, int total, double loss)
{
    const Watch *w = context;
    if (w->config->on_batch == NULL)
        return;
    TrainerProgress p = { w->epoch, w->config->epochs, done, total,
                          seconds_now() - w->start, loss };
    w->config->on_batch(w->config->context, &p);
}
typedef struct {
    int epoch;             /* the best epoch so far, from 1; 0: none */
    double loss;           /* its validation loss */
} Best;

static bool out_of_patience(const TrainerConfig *config, const Best *best,
                            int epoch)
{
    return config->keep_best && config->patience > 0
           && epoch - best->epoch >= config->patience;
}
nn_status trainer_save(const char *path, const Network *net,
                       const TrainingState *state)
{
    Layer *room = malloc((size_t)net->layer_count * sizeof *room);
    if (room == NULL)
        return nn_fail(NN_ERR_NOMEM, "trainer_save: out of memory");
    Network view = network_evaluation_view(net, room);
    nn_status status = model_save(path, &view, state);
    free(room);
    return status;
}
static nn_status run_epoch(const TrainerConfig *config, Network *net,
                           TrainingState *state, const Dataset *train,
                           const Dataset *validation, int *order,
                           Best *best)
{
    EpochReport report = { .epoch = state->epoch + 1 };
    Watch watch = { config, report.epoch, seconds_now() };
    if (config->base_rate > 0)
        state->optimizer.config.learning_rate = schedule_rate(
            &config->schedule, (scalar)config->base_rate, state->epoch);
    network_set_training(net, &state->rng);
    nn_status status = train_epoch_with_progress(
        net, &state->optimizer, train, config->batch_size, config->loss,
        &state->rng, order, &report.train_loss, pass_progress, &watch);
    network_set_training(net, NULL);
    if (status == NN_OK)
        status = evaluate(net, validation, config->loss, &report.val_loss,
                          &report.val_accuracy);
    if (status != NN_OK)
        return status;
    report.seconds = seconds_now() - watch.start;
    state->epoch = report.epoch;
    bool better = report.val_loss < best->loss;
    if (better)
        *best = (Best){ report.epoch, report.val_loss };
    if (config->save_path != NULL && (better || !config->keep_best)
        && (status = trainer_save(config->save_path, net, state)) != NN_OK)
        return status;
    if (config->log != NULL
        && (status = log_row(config->log, &report)) != NN_OK)
        return status;
    if (config->on_epoch != NULL)
        config->on_epoch(config->context, &report);
    return NN_OK;
}
nn_status trainer_start(Network *net, TrainingState *state,
                        const OptimizerConfig *optimizer, uint64_t seed)
{
    *state = (TrainingState){ 0 };
    if (net->layer_count < 1)
        return nn_fail(NN_ERR_ARG, "trainer_start: the network is empty");
    rng_seed(&state->rng, seed, TRAINER_STREAM);
    Activation hidden = net->layers[0].spec.act;
    InitScheme scheme = hidden == ACT_RELU || hidden == ACT_LEAKY_RELU
                            ? INIT_HE : INIT_XAVIER;
    network_initialize(net, scheme, 0, &state->rng);
    return optimizer_init(&state->optimizer, optimizer, net->param_count);
}
nn_status trainer_run(const TrainerConfig *config, Network *net,
                      TrainingState *state, const Dataset *train,
                      const Dataset *validation)
{
    if (config->epochs < state->epoch || train->count < 1
        || validation == NULL || validation->count < 1)
        return nn_fail(NN_ERR_ARG, "trainer_run: cannot train up to %d "
                       "epochs from epoch %d on %d examples and a "
                       "validation set of %d", config->epochs, state->epoch,
                       train->count, validation ? validation->count : 0);
    int *order = malloc((size_t)train->count * sizeof(int));
    if (order == NULL)
        return nn_fail(NN_ERR_NOMEM, "trainer_run: out of memory");
    Best best = { state->epoch, INFINITY };
    nn_status status = NN_OK;
    network_set_training(net, NULL);
    if (config->keep_best && state->epoch > 0)
        status = evaluate(net, validation, config->loss, &best.loss, NULL);
    while (status == NN_OK && state->epoch < config->epochs
           && !out_of_patience(config, &best, state->epoch))
        status = run_epoch(config, net, state, train, validation, order,
                           &best);
    free(order);
    return status;
}
