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

nn_status train_epoch(Network *net, Optimizer *opt, const Dataset *d,
                      int batch_size, const Head *loss, Rng *rng,
                      int *order_scratch, double *mean_loss);
typedef void batch_report(void *context, int done, int total,
                          double mean_loss);
nn_status train_epoch_with_progress(Network *net, Optimizer *opt,
                                    const Dataset *d, int batch_size,
                                    const Head *loss, Rng *rng,
                                    int *order_scratch, double *mean_loss,
                                    batch_report *report, void *context);
nn_status evaluate(Network *net, const Dataset *d, const Head *loss,
                   double *mean_loss, double *accuracy_out);
nn_status train_network(Network *net, Optimizer *opt, const Dataset *d,
                        const TrainConfig *config, Rng *rng,
                        double *epoch_losses);
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

scalar schedule_rate(const Schedule *s, scalar base_rate, int epoch);
const char *schedule_name(ScheduleKind kind);
nn_status schedule_from_name(const char *name, ScheduleKind *kind);
typedef struct {
    int patience;           /* epochs without progress before stopping */
    int best_epoch;         /* the best epoch so far (1, 2, ...), or 0 */
    double best_loss;       /* its validation loss */
    size_t param_count;
    scalar *best_params;    /* the parameters after the best epoch */
} EarlyStopping;

nn_status early_stopping_init(EarlyStopping *es, size_t param_count,
                              int patience);
bool early_stopping_update(EarlyStopping *es, const Network *net,
                           int epoch, double loss);
void early_stopping_restore(const EarlyStopping *es, Network *net);
void early_stopping_free(EarlyStopping *es);
typedef struct {
    int epochs;             /* at most this many */
    int batch_size;
    const Head *loss;
    Schedule schedule;      /* of the optimizer's learning rate */
    int patience;           /* early stopping; 0: never stop early */
} FitConfig;

typedef struct {
    double learning_rate;   /* the rate the schedule gave the epoch */
    double train_loss;      /* the epoch's mean training loss */
    double val_loss, val_accuracy;  /* on the validation set after it */
} EpochResult;

nn_status fit(Network *net, Optimizer *opt, const Dataset *train,
              const Dataset *validation, const FitConfig *config,
              Rng *rng, EpochResult *history, int *epochs_done,
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

Recipe recommended_recipe(void);
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
