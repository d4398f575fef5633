/* lib/experiment.h: what the book's experiments share (the programs that
   write the data of its figures). When something fails, these helpers
   print a message and exit (status 1; 2 for a wrong command line) instead
   of returning a status as the library does: they are for experiment
   programs only, never for the library itself. */
#ifndef NN_EXPERIMENT_H
#define NN_EXPERIMENT_H
#include <stdio.h>
#include "core.h"

/* argv[1], the directory an experiment writes into; exits with a usage
   message unless there is exactly one argument. */
const char *output_directory(int argc, char **argv);
/* For experiments: exits with nn_error()'s message unless status is OK. */
void experiment_require(nn_status status);
/* Opens dir/name for writing, or exits with a message. */
FILE *open_output(const char *dir, const char *name);
/* Closes f, exiting with a message if anything written to it failed. */
void close_output(FILE *f);
#include "idx.h"
/* Fashion-MNIST's 10 000 test images, or exits with a message. */
void load_fashion_test(Dataset *test);
#include "csv.h"
#include "scale.h"
#include "train.h"
/* The cars table at build/data/cars/NAME, predicting miles per gallon. */
void load_cars(const char *name, Dataset *d);
/* Builds net from count specs (scale first and last), sets the scale
   layers from train, and trains it with SGD; exits on failure. */
void fit_cars(Network *net, const LayerSpec *specs, int count,
              const Dataset *train);
/* The first train_count training images of Fashion-MNIST and, after
   them, validation_count more for validation; exits on failure. */
void load_fashion(int train_count, int validation_count, Dataset *train,
                  Dataset *validation);
#include "dropout.h"
#include "train.h"
typedef struct {
    int batch, epochs;
    bool measure_training;  /* also the accuracy on the training set */
} SmallRun;

/* Trains chapter 9's small network as run says and writes one line per
   epoch to dir/name.dat, labelled label; exits on failure. */
void train_small(const char *dir, const char *name, const char *label,
                 const OptimizerConfig *config, scalar dropout,
                 const SmallRun *run, const Dataset *train,
                 const Dataset *validation);
/* train_small, leaving the trained network in *net for the caller to
   look at and free with network_free. */
void train_small_kept(const char *dir, const char *name,
                      const char *label, const OptimizerConfig *config,
                      scalar dropout, const SmallRun *run,
                      const Dataset *train, const Dataset *validation,
                      Network *net);
#endif
