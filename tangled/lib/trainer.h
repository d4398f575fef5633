/* lib/trainer.h: a whole training run, as nn train does it: epochs
   with validation, timing, a log, and a save after every epoch. */
#ifndef NN_TRAINER_H
#define NN_TRAINER_H
#include <stdint.h>
#include <stdio.h>
#include "model.h"
#include "train.h"

typedef struct {
    int epoch, epochs;     /* this epoch (from 1) of how many in all */
    int done, total;       /* examples of this epoch done so far */
    double seconds;        /* since this epoch began */
    double loss;           /* mean loss of the examples done */
} TrainerProgress;
typedef struct {
    int epochs;              /* train until this many are done in all */
    int batch_size;
    const Head *loss;
    const char *save_path;   /* save after every epoch; NULL: do not */
    FILE *log;               /* a row per epoch; NULL: no log */
    double base_rate;        /* of the schedule; 0: leave the rate */
    Schedule schedule;       /* the learning rate, epoch by epoch */
    bool keep_best;          /* save only epochs of a new best */
    int patience;            /* keep_best: give up after this many */
    void (*on_batch)(void *context, const TrainerProgress *progress);
    void (*on_epoch)(void *context, const EpochReport *report);
    void *context;
} TrainerConfig;

/* Initializes net's parameters and makes the state of a run with no
   epoch done, everything random drawn from seed. */
nn_status trainer_start(Network *net, TrainingState *state,
                        const OptimizerConfig *optimizer, uint64_t seed);
/* Trains from state->epoch up to config->epochs, measuring on
   validation, saving, logging and reporting as config says. */
nn_status trainer_run(const TrainerConfig *config, Network *net,
                      TrainingState *state, const Dataset *train,
                      const Dataset *validation);
/* Writes the log's header line, its metric column named after head's
   metric (val_accuracy, val_rmse), and flushes it, or fails. */
nn_status trainer_log_header(FILE *log, const Head *head);
/* model_save of net without its training-only layers, with state. */
nn_status trainer_save(const char *path, const Network *net,
                       const TrainingState *state);
#endif
