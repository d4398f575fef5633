/* lib/trainer.c */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "trainer.h"

enum { TRAINER_STREAM = 12 };

static nn_status flush_log(FILE *log)
{
    if (fflush(log) != 0 || ferror(log))
        return nn_fail(NN_ERR_IO, "trainer: cannot write the log: %s",
                       strerror(errno));
    return NN_OK;
}

nn_status trainer_log_header(FILE *log, const Head *head)
{
    fprintf(log, "epoch\ttrain_loss\tval_loss\tval_%s\tseconds\n",
            head->metric);
    return flush_log(log);
}
static nn_status log_row(FILE *log, const EpochReport *r)
{
    fprintf(log, "%d\t%.6f\t%.6f\t%.6f\t%.3f\n", r->epoch, r->train_loss,
            r->val_loss, r->val_metric, r->seconds);
    return flush_log(log);
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
typedef struct {
    const TrainerConfig *config;
    TrainingState *state;
    Best best;             /* the best epoch so far */
    int epoch;             /* the epoch under way, from 1 */
    double start;          /* train_clock() when it began */
} TrainerRun;

static void trainer_before_epoch(void *context, int e, Optimizer *opt)
{
    TrainerRun *run = context;
    run->epoch = e + 1;
    run->start = train_clock();
    if (run->config->base_rate > 0)
        opt->config.learning_rate = schedule_rate(
            &run->config->schedule, (scalar)run->config->base_rate, e);
}
static void pass_progress(void *context, int done, int total, double loss)
{
    const TrainerRun *run = context;
    if (run->config->on_batch == NULL)
        return;
    TrainerProgress p = { run->epoch, run->config->epochs, done, total,
                          train_clock() - run->start, loss };
    run->config->on_batch(run->config->context, &p);
}
static nn_status trainer_after_epoch(void *context, Network *net,
                                     const EpochReport *report, bool *stop)
{
    TrainerRun *run = context;
    const TrainerConfig *config = run->config;
    Best *best = &run->best;
    nn_status status;
    bool better = report->val_loss < best->loss;
    if (better)
        *best = (Best){ report->epoch, report->val_loss };
    if (config->save_path != NULL && (better || !config->keep_best)
        && (status = trainer_save(config->save_path, net, run->state))
               != NN_OK)
        return status;
    if (config->log != NULL
        && (status = log_row(config->log, report)) != NN_OK)
        return status;
    if (config->on_epoch != NULL)
        config->on_epoch(config->context, report);
    *stop = out_of_patience(config, best, report->epoch);
    return NN_OK;
}
static const Layer *first_trained(const Network *net)
{
    for (int l = 0; l < net->layer_count; l++)
        if (net->layers[l].param_count > 0
            && !net->layers[l].kind->fixed_parameters)
            return &net->layers[l];
    return &net->layers[0];
}

nn_status trainer_start(Network *net, TrainingState *state,
                        const OptimizerConfig *optimizer, uint64_t seed)
{
    *state = (TrainingState){ 0 };
    if (net->layer_count < 1)
        return nn_fail(NN_ERR_ARG, "trainer_start: the network is empty");
    rng_seed(&state->rng, seed, TRAINER_STREAM);
    Activation hidden = first_trained(net)->spec.act;
    InitScheme scheme = hidden == ACT_RELU || hidden == ACT_LEAKY_RELU
                            ? INIT_HE : INIT_XAVIER;
    network_initialize(net, scheme, 0, &state->rng);
    return optimizer_init(&state->optimizer, optimizer, net->trained_count);
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
    TrainerRun run = { config, state, { state->epoch, INFINITY }, 0, 0 };
    const TrainConfig training = { config->batch_size, config->epochs,
                                   config->loss };
    const TrainHooks hooks = { .validation = validation,
                               .before_epoch = trainer_before_epoch,
                               .after_batch = pass_progress,
                               .after_epoch = trainer_after_epoch,
                               .context = &run };
    nn_status status = NN_OK;
    network_set_training(net, NULL);
    if (config->keep_best && state->epoch > 0)
        status = train_evaluate(net, validation, config->loss, &run.best.loss,
                          NULL);
    if (status == NN_OK && !out_of_patience(config, &run.best, state->epoch))
        status = train_run(net, &state->optimizer, train, &training, &hooks,
                           &state->rng, &state->epoch);
    return status;
}
