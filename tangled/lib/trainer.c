/* lib/trainer.c */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
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
static nn_status run_epoch(const TrainerConfig *config, Network *net,
                           TrainingState *state, const Dataset *train,
                           const Dataset *validation, int *order)
{
    EpochReport report = { .epoch = state->epoch + 1 };
    Watch watch = { config, report.epoch, seconds_now() };
    nn_status status = train_epoch_with_progress(
        net, &state->optimizer, train, config->batch_size, config->loss,
        &state->rng, order, &report.train_loss, pass_progress, &watch);
    if (status == NN_OK)
        status = evaluate(net, validation, config->loss, &report.val_loss,
                          &report.val_accuracy);
    if (status != NN_OK)
        return status;
    report.seconds = seconds_now() - watch.start;
    state->epoch = report.epoch;
    if (config->save_path != NULL
        && (status = model_save(config->save_path, net, state)) != NN_OK)
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
    Activation hidden = net->layers[0].act;
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
    nn_status status = NN_OK;
    while (status == NN_OK && state->epoch < config->epochs)
        status = run_epoch(config, net, state, train, validation, order);
    free(order);
    return status;
}
