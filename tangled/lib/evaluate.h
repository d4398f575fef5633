/* lib/evaluate.h: confusion matrices, per-class precision, recall and
   F1, and a network's most confident mistakes. */
#ifndef NN_EVALUATE_H
#define NN_EVALUATE_H
#include <stdio.h>
#include "dataset.h"
#include "loss.h"
#include "network.h"

typedef struct {
    int classes;    /* K */
    long *counts;   /* K x K, row = true class, column = predicted */
} Confusion;

#define CONFUSION(c, truth, predicted) \
    ((c)->counts[(size_t)(truth) * (size_t)(c)->classes \
                 + (size_t)(predicted)])

typedef struct {
    double precision, recall, f1;
    long support;      /* examples of the class: the sum of its row */
} ClassMetrics;

typedef struct {
    int index;            /* the example, in the data set's order */
    int truth, predicted;
    double confidence;    /* the predicted class's probability */
} Mistake;

/* A table of classes x classes counts, all 0. Free with confusion_free. */
nn_status confusion_init(Confusion *c, int classes);
/* Frees what confusion_init made; c is then empty. */
void confusion_free(Confusion *c);
/* Sets every count of c to 0. */
void confusion_clear(Confusion *c);
/* Counts one example of class truth predicted as predicted. */
nn_status confusion_add(Confusion *c, int truth, int predicted);
/* The fraction of the counted examples on the diagonal; 0 if none. */
double confusion_accuracy(const Confusion *c);
/* Class k's precision, recall, F1 and support (0 where undefined). */
void class_metrics(const Confusion *c, int k, ClassMetrics *m);
/* Counts net's predictions on d into c and, if mean_loss is not NULL,
   measures loss's mean over d. */
nn_status evaluate_dataset(Network *net, const Dataset *d, Confusion *c,
                           double *mean_loss, const Head *loss);
/* The (up to) wanted mistakes on d with the highest confidence, most
   confident first, into out; *found says how many. */
nn_status worst_mistakes(Network *net, const Dataset *d, int wanted,
                         Mistake *out, int *found);
/* Prints c and each class's metrics to out, with the classes' names. */
nn_status confusion_print(const Confusion *c,
                          const char *const *class_names, FILE *out);
#endif
