/* lib/experiment.h: what the book's experiments share (the programs that
   write the data of its figures). When something fails, these helpers
   print a message and exit (status 1; 2 for a wrong command line) instead
   of returning a status as the library does: they are for experiment
   programs only, never for the library itself. */
#ifndef NN_EXPERIMENT_H
#define NN_EXPERIMENT_H
#include <stdio.h>
#include "core.h"

const char *output_directory(int argc, char **argv);
void require(nn_status status);
FILE *open_output(const char *dir, const char *name);
void close_output(FILE *f);
#include "idx.h"
void load_fashion_test(Dataset *test);
void load_fashion(int train_count, int validation_count, Dataset *train,
                  Dataset *validation);
#include "dropout.h"
#include "train.h"
typedef struct {
    int batch, epochs;
    bool measure_training;  /* also the accuracy on the training set */
} SmallRun;

void train_small(const char *dir, const char *name, const char *label,
                 const OptimizerConfig *config, scalar dropout,
                 const SmallRun *run, const Dataset *train,
                 const Dataset *validation);
#endif
