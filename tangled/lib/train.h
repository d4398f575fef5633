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
    LossKind loss;
} TrainConfig;

nn_status train_epoch(Network *net, Optimizer *opt, const Dataset *d,
                      int batch_size, LossKind loss, Rng *rng,
                      int *order_scratch, double *mean_loss);
nn_status evaluate(Network *net, const Dataset *d, LossKind loss,
                   double *mean_loss, double *accuracy_out);
nn_status train_network(Network *net, Optimizer *opt, const Dataset *d,
                        const TrainConfig *config, Rng *rng,
                        double *epoch_losses);
typedef void batch_report(void *context, int done, int total,
                          double mean_loss);
nn_status train_epoch_with_progress(Network *net, Optimizer *opt,
                                    const Dataset *d, int batch_size,
                                    LossKind loss, Rng *rng,
                                    int *order_scratch, double *mean_loss,
                                    batch_report *report, void *context);
#endif
