/* lib/train.h: the training loop. */
#ifndef NN_TRAIN_H
#define NN_TRAIN_H
#include "dataset.h"
#include "loss.h"
#include "network.h"
#include "optimizer.h"

typedef struct {
    int batch_size;         /* examples per step */
    int epochs;             /* passes over the training set */
    const Head *loss;
} TrainConfig;

/* One pass over d in an order shuffled with rng, a step of opt per batch
   of batch_size (the last may be smaller); *mean_loss, if not NULL, is
   the mean loss over the pass. order_scratch has room for d->count. */
nn_status train_epoch(Network *net, Optimizer *opt, const Dataset *d,
                      int batch_size, const Head *loss, Rng *rng,
                      int *order_scratch, double *mean_loss);
typedef void batch_report(void *context, int done, int total,
                          double mean_loss);
/* train_epoch, calling report (if not NULL) with context after every
   batch; the same steps and the same draws as train_epoch. */
nn_status train_epoch_with_progress(Network *net, Optimizer *opt,
                                    const Dataset *d, int batch_size,
                                    const Head *loss, Rng *rng,
                                    int *order_scratch, double *mean_loss,
                                    batch_report *report, void *context);
/* The mean loss of net on d and the head's metric (for classes, the
   accuracy), in d's order, without changing net; either may be NULL. */
nn_status train_evaluate(Network *net, const Dataset *d, const Head *loss,
                   double *mean_loss, double *accuracy_out);
/* config->epochs epochs of train_run without validation or hooks;
   epoch_losses (room for config->epochs, or NULL) gets each mean loss. */
nn_status train_network(Network *net, Optimizer *opt, const Dataset *d,
                        const TrainConfig *config, Rng *rng,
                        double *epoch_losses);
typedef struct {
    int epoch;              /* the epoch just finished, from 1 */
    double learning_rate;   /* the optimizer's rate during it */
    double train_loss;      /* its mean training loss */
    double val_loss, val_metric;  /* on the validation set after it */
    double seconds;         /* its training and validation */
} EpochReport;

typedef struct {
    const Dataset *validation;  /* measured after each epoch; NULL: not */
    /* Before epoch e (from 0): may change the optimizer's settings. */
    void (*before_epoch)(void *context, int e, Optimizer *opt);
    batch_report *after_batch;  /* after each batch of an epoch */
    /* After each epoch: may save or keep it; sets *stop to end the run. */
    nn_status (*after_epoch)(void *context, Network *net,
                             const EpochReport *report, bool *stop);
    /* Instead of the shuffle: writes the order of an epoch's count
       examples (a permutation of 0..count-1) into order. */
    void (*order)(void *context, int *order, int count, Rng *rng);
    /* After each batch's backward pass, before its update: may change
       net->grads, or set *step to false to leave the update out. */
    nn_status (*after_backward)(void *context, Network *net, int rows,
                                bool *step);
    void *context;              /* given to every hook */
} TrainHooks;
/* Trains net from epoch *epochs_done + 1 to config->epochs with opt,
   drawing the order of the examples and every training draw from rng;
   measures each epoch on hooks->validation and calls the hooks (hooks
   may be NULL). *epochs_done counts the epochs finished. */
nn_status train_run(Network *net, Optimizer *opt, const Dataset *train,
                    const TrainConfig *config, const TrainHooks *hooks,
                    Rng *rng, int *epochs_done);
/* Seconds on a monotonic clock, for measuring how long things take. */
double train_clock(void);
typedef enum {
    SCHEDULE_CONSTANT,  /* the base rate throughout */
    SCHEDULE_STEP,      /* times step_factor every step_epochs epochs */
    SCHEDULE_COSINE     /* from the base rate to near 0 over epochs */
} ScheduleKind;

typedef struct {
    ScheduleKind kind;
    int epochs;         /* cosine: E, the length of the run */
    int step_epochs;    /* step: k, epochs between two drops */
    scalar step_factor; /* step: gamma, what each drop multiplies by */
} Schedule;

/* The learning rate of epoch (from 0) under s, from base_rate. */
scalar schedule_rate(const Schedule *s, scalar base_rate, int epoch);
/* "constant", "step" or "cosine"; "unknown" for anything else. */
const char *schedule_name(ScheduleKind kind);
/* Sets *kind to the schedule called name, or fails naming the choices. */
nn_status schedule_from_name(const char *name, ScheduleKind *kind);
/* The number of schedules; they are 0 to the count - 1. */
int schedule_count(void);
typedef struct {
    int patience;           /* epochs without progress before stopping */
    int best_epoch;         /* the best epoch so far (1, 2, ...), or 0 */
    double best_loss;       /* its validation loss */
    size_t param_count;
    scalar *best_params;    /* the parameters after the best epoch */
} EarlyStopping;

/* Starts es for networks of param_count parameters; patience 0 never
   stops. Free with early_stopping_free. */
nn_status early_stopping_init(EarlyStopping *es, size_t param_count,
                              int patience);
/* Records epoch's validation loss, keeping net's parameters if it is the
   best so far; true when patience epochs have passed without a best. */
bool early_stopping_update(EarlyStopping *es, const Network *net,
                           int epoch, double loss);
/* Puts the best epoch's parameters back into net (if there was one). */
void early_stopping_restore(const EarlyStopping *es, Network *net);
/* Frees what early_stopping_init made; es is then empty. */
void early_stopping_free(EarlyStopping *es);
typedef struct {
    int epochs;             /* at most this many */
    int batch_size;
    const Head *loss;
    Schedule schedule;      /* of the optimizer's learning rate */
    int patience;           /* early stopping; 0: never stop early */
} FitConfig;

/* Trains with the schedule and early stopping of config, measuring on
   validation; history (room for config->epochs reports, or NULL) gets
   every epoch. The network ends with the best epoch's parameters. */
nn_status train_fit(Network *net, Optimizer *opt, const Dataset *train,
              const Dataset *validation, const FitConfig *config,
              Rng *rng, EpochReport *history, int *epochs_done,
              int *best_epoch);
enum { RECIPE_MAX_HIDDEN = 4 };

typedef struct {
    int hidden_count;
    int hidden[RECIPE_MAX_HIDDEN];  /* the widths of the hidden layers */
    Activation activation;          /* of the hidden layers */
    InitScheme init;
    scalar dropout;                 /* after each hidden layer; 0: none */
    OptimizerConfig optimizer;
    FitConfig fit;                  /* how to train on a large set */
    int small_set;                  /* fewer training images: small */
    int small_shift;                /* small sets: largest move, pixels */
    int small_epochs;               /* small sets: epochs instead */
    int validation_share;           /* 1 in this many images validates */
} Recipe;

/* Chapter 9's recommended recipe for images of 28 x 28 pixels. */
Recipe recommended_recipe(void);
/* The recipe's training settings for a training set the size of train. */
FitConfig recipe_fit(const Recipe *recipe, const Dataset *train);
/* Builds the recipe's network for train, with dropout, initialized
   from rng. */
nn_status recipe_network(const Recipe *recipe, const Dataset *train,
                         Rng *rng, Network *net);
/* Puts the recipe's dropout layers into a network saved without them. */
nn_status recipe_training_layers(const Recipe *recipe, Network *net);
/* Tells train to move its images, image_width pixels wide, if the
   recipe moves the images of a training set of its size. */
void recipe_augment(const Recipe *recipe, int image_width, Dataset *train);
#endif
