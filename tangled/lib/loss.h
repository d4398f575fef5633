/* lib/loss.h: the heads of a network, each a row of one table: how
   wrong a network's outputs are, the gradient of that with respect to
   the outputs, what they predict, and the metric to report. */
#ifndef NN_LOSS_H
#define NN_LOSS_H
#include <stdbool.h>
#include "matrix.h"

typedef struct {
    long examples;          /* rows tallied */
    long numbers, right;    /* outputs tallied, and those predicted right */
    double squared, absolute;   /* sums of squared and absolute errors */
} HeadTally;

typedef struct Head {
    const char *name;       /* "cross-entropy", "binary-cross-entropy",
                               "mse" */
    const char *task;       /* "classes", "binary", "regression" */
    const char *metric;     /* what head_score reports */
    bool own_activation;    /* applies softmax or sigmoid itself: the
                               last layer must have ACT_IDENTITY */
    double (*loss_sum)(const Matrix *output, const Matrix *target);
    void (*gradient)(const Matrix *output, const Matrix *target,
                     double scale, Matrix *grad);
    void (*predict)(Matrix *output);    /* in place */
    void (*tally)(const Matrix *output, const Matrix *target,
                  HeadTally *tally);
    double (*score)(const HeadTally *tally);
} Head;

/* *loss = the head's mean loss over the n rows of output (n x K)
   against target (n x K); *loss is left alone on failure. */
nn_status head_loss(const Head *head, const Matrix *output,
                    const Matrix *target, scalar *loss);
/* grad (n x K) = dL/d(output) of head_loss, through the head's own
   activation; grad may be output itself. */
nn_status head_gradient(const Head *head, const Matrix *output,
                        const Matrix *target, Matrix *grad);
/* Turns output (n x K), in place, into what the head predicts: class
   probabilities, probabilities of yes, or the numbers themselves. */
void head_predict(const Head *head, Matrix *output);
/* Adds the batch (output against target, both n x K) to *tally. */
nn_status head_tally(const Head *head, const Matrix *output,
                     const Matrix *target, HeadTally *tally);
/* The head's metric over what *tally holds: accuracy, or RMSE. */
double head_score(const Head *head, const HeadTally *tally);
/* The three heads. */
extern const Head head_mse, head_cross_entropy, head_binary_cross_entropy;
/* The number of rows of the head table, and row i of them. */
int head_count(void);
const Head *head_at(int i);
/* Sets *head to the head called name, or fails naming the choices. */
nn_status head_find(const char *name, const Head **head);
#endif
