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

nn_status confusion_init(Confusion *c, int classes);
void confusion_free(Confusion *c);
void confusion_clear(Confusion *c);
nn_status confusion_add(Confusion *c, int truth, int predicted);
double confusion_accuracy(const Confusion *c);
void class_metrics(const Confusion *c, int k, ClassMetrics *m);
nn_status evaluate_dataset(Network *net, const Dataset *d, Confusion *c,
                           double *mean_loss, const Head *loss);
nn_status worst_mistakes(Network *net, const Dataset *d, int wanted,
                         Mistake *out, int *found);
nn_status confusion_print(const Confusion *c,
                          const char *const *class_names, FILE *out);
#endif
