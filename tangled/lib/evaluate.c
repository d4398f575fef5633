/* lib/evaluate.c: confusion matrices, metrics, mistakes, reports. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "evaluate.h"

nn_status confusion_init(Confusion *c, int classes)
{
    *c = (Confusion){ 0, NULL };
    if (classes < 1)
        return nn_fail(NN_ERR_ARG, "confusion_init: %d classes; there must "
                       "be at least one", classes);
    if ((size_t)classes > SIZE_MAX / sizeof(long) / (size_t)classes)
        return nn_fail(NN_ERR_NOMEM, "confusion_init: a table for %d "
                       "classes is too large", classes);
    c->counts = calloc((size_t)classes * (size_t)classes, sizeof(long));
    if (c->counts == NULL)
        return nn_fail(NN_ERR_NOMEM, "confusion_init: out of memory for "
                       "%d classes", classes);
    c->classes = classes;
    return NN_OK;
}
void confusion_free(Confusion *c)
{
    free(c->counts);
    *c = (Confusion){ 0, NULL };
}

void confusion_clear(Confusion *c)
{
    if (c->counts != NULL)
        memset(c->counts, 0, (size_t)c->classes * (size_t)c->classes
                                 * sizeof(long));
}
static bool confusion_ok(const Confusion *c)
{
    return c != NULL && c->counts != NULL && c->classes > 0;
}

nn_status confusion_add(Confusion *c, int truth, int predicted)
{
    if (!confusion_ok(c))
        return nn_fail(NN_ERR_ARG, "confusion_add: the table is not made");
    if (truth < 0 || truth >= c->classes || predicted < 0
        || predicted >= c->classes)
        return nn_fail(NN_ERR_ARG, "confusion_add: classes %d and %d are "
                       "not both in 0..%d", truth, predicted,
                       c->classes - 1);
    CONFUSION(c, truth, predicted)++;
    return NN_OK;
}
/* a / b, with 0 / 0 (and anything / 0) defined as 0 */
static double safe_ratio(long a, long b)
{
    return b == 0 ? 0 : (double)a / (double)b;
}
double confusion_accuracy(const Confusion *c)
{
    if (!confusion_ok(c))
        return 0;
    long right = 0, total = 0;
    for (int i = 0; i < c->classes; i++)
        for (int j = 0; j < c->classes; j++) {
            total += CONFUSION(c, i, j);
            if (i == j)
                right += CONFUSION(c, i, j);
        }
    return safe_ratio(right, total);
}
void class_metrics(const Confusion *c, int k, ClassMetrics *m)
{
    *m = (ClassMetrics){ 0, 0, 0, 0 };
    if (!confusion_ok(c) || k < 0 || k >= c->classes)
        return;
    long said_k = 0, is_k = 0, right = CONFUSION(c, k, k);
    for (int i = 0; i < c->classes; i++) {
        said_k += CONFUSION(c, i, k);
        is_k += CONFUSION(c, k, i);
    }
    m->precision = safe_ratio(right, said_k);
    m->recall = safe_ratio(right, is_k);
    m->f1 = safe_ratio(2 * right, said_k + is_k);
    m->support = is_k;
}
static int predicted_class(const Matrix *output, int row,
                           bool probabilities)
{
    if (output->cols > 1)
        return matrix_argmax_row(output, row);
    return MAT(output, row, 0) >= (probabilities ? 0.5 : 0) ? 1 : 0;
}

static bool outputs_probabilities(const Network *net)
{
    Activation act = net->layers[net->layer_count - 1].spec.act;
    return act == ACT_SOFTMAX || act == ACT_SIGMOID;
}
typedef nn_status (*BatchVisitor)(const Matrix *output,
                                  const Matrix *target, int start,
                                  void *context);
static nn_status for_each_batch(Network *net, const Dataset *d,
                                BatchVisitor visit, void *context)
{
    int rows = net->batch_capacity < d->count ? net->batch_capacity
                                              : d->count;
    Matrix x = { 0, 0, NULL }, target = { 0, 0, NULL };
    nn_status status = matrix_init(&x, rows, d->features);
    if (status == NN_OK)
        status = matrix_init(&target, rows, d->outputs);
    for (int start = 0; status == NN_OK && start < d->count;
         start += rows) {
        int n = d->count - start < rows ? d->count - start : rows;
        const Matrix *output;
        x.rows = target.rows = n;
        if ((status = dataset_batch(d, NULL, start, n, &x, &target)) == NN_OK
            && (status = network_forward(net, &x, &output)) == NN_OK)
            status = visit(output, &target, start, context);
    }
    matrix_free(&x);
    matrix_free(&target);
    return status;
}
static nn_status check_classifier(const char *function,
                                  const Network *net, const Dataset *d)
{
    if (net == NULL || net->layers == NULL || d == NULL)
        return nn_fail(NN_ERR_ARG, "%s: no network or no data set",
                       function);
    const Layer *first = &net->layers[0];
    const Layer *last = &net->layers[net->layer_count - 1];
    if (d->count < 1 || d->classes < 1 || d->labels == NULL)
        return nn_fail(NN_ERR_ARG, "%s: the data set has no labelled "
                       "examples", function);
    if (d->features != first->inputs)
        return nn_fail(NN_ERR_SHAPE, "%s: the examples have %d features but "
                       "the network takes %d inputs", function, d->features,
                       first->inputs);
    bool yes_or_no = d->classes == 2 && last->outputs == 1 && d->outputs == 1;
    if (!yes_or_no && (d->classes != last->outputs
                       || d->outputs != last->outputs))
        return nn_fail(NN_ERR_SHAPE, "%s: the data set has %d classes but the "
                       "network has %d outputs", function, d->classes,
                       last->outputs);
    return NN_OK;
}
typedef struct {
    Confusion *table;
    const int *labels;
    bool probabilities;     /* the network's outputs are */
    bool want_loss;
    const Head *loss;
    double loss_sum;    /* sum over the examples so far */
} Tally;
static nn_status tally_batch(const Matrix *output, const Matrix *target,
                             int start, void *context)
{
    Tally *t = context;
    nn_status status = NN_OK;
    for (int r = 0; r < output->rows && status == NN_OK; r++)
        status = confusion_add(t->table, t->labels[start + r],
                               predicted_class(output, r,
                                               t->probabilities));
    scalar loss;
    if (status == NN_OK && t->want_loss
        && (status = head_loss(t->loss, output, target, &loss)) == NN_OK)
        t->loss_sum += (double)loss * output->rows;
    return status;
}
nn_status evaluate_dataset(Network *net, const Dataset *d, Confusion *c,
                           double *mean_loss, const Head *loss)
{
    nn_status status = check_classifier("evaluate_dataset", net, d);
    if (status != NN_OK)
        return status;
    if (!confusion_ok(c) || c->classes != d->classes)
        return nn_fail(NN_ERR_ARG, "evaluate_dataset: the table must be "
                       "made for the data set's %d classes", d->classes);
    confusion_clear(c);
    Tally t = { c, d->labels, outputs_probabilities(net), mean_loss != NULL,
                loss, 0 };
    status = for_each_batch(net, d, tally_batch, &t);
    if (status == NN_OK && mean_loss != NULL)
        *mean_loss = t.loss_sum / d->count;
    return status;
}
static double prediction_confidence(const Matrix *output, int row,
                                    int predicted, bool probabilities)
{
    if (output->cols == 1) {
        double z = MAT(output, row, 0);
        double p = probabilities ? z : 1 / (1 + exp(-z));
        return predicted == 1 ? p : 1 - p;
    }
    if (probabilities)
        return MAT(output, row, predicted);
    double top = MAT(output, row, predicted), sum = 0;
    for (int j = 0; j < output->cols; j++)
        sum += exp(MAT(output, row, j) - top);
    return 1 / sum;
}
static bool ranks_before(const Mistake *a, const Mistake *b)
{
    return a->confidence > b->confidence
           || (a->confidence == b->confidence && a->index < b->index);
}
static void keep_if_worse(Mistake *out, int wanted, int *found, Mistake m)
{
    if (*found < wanted)
        (*found)++;
    else if (wanted == 0 || !ranks_before(&m, &out[wanted - 1]))
        return;
    int at = *found - 1;     /* the free slot, or the entry dropped */
    while (at > 0 && ranks_before(&m, &out[at - 1])) {
        out[at] = out[at - 1];
        at--;
    }
    out[at] = m;
}
typedef struct {
    const int *labels;
    bool probabilities;   /* the outputs are (softmax or sigmoid) */
    Mistake *out;
    int wanted, found;
} MistakeSearch;

static nn_status search_batch(const Matrix *output, const Matrix *target,
                              int start, void *context)
{
    MistakeSearch *s = context;
    (void)target;
    for (int r = 0; r < output->rows; r++) {
        int truth = s->labels[start + r];
        int predicted = predicted_class(output, r, s->probabilities);
        if (predicted == truth)
            continue;
        double p = prediction_confidence(output, r, predicted,
                                         s->probabilities);
        keep_if_worse(s->out, s->wanted, &s->found,
                      (Mistake){ start + r, truth, predicted, p });
    }
    return NN_OK;
}
nn_status worst_mistakes(Network *net, const Dataset *d, int wanted,
                         Mistake *out, int *found)
{
    nn_status status = check_classifier("worst_mistakes", net, d);
    if (status != NN_OK)
        return status;
    if (wanted < 0 || (wanted > 0 && out == NULL) || found == NULL)
        return nn_fail(NN_ERR_ARG, "worst_mistakes: wanted %d mistakes "
                       "into %s", wanted, out == NULL ? "nothing" : "out");
    MistakeSearch s = { d->labels, outputs_probabilities(net), out, wanted,
                        0 };
    status = for_each_batch(net, d, search_batch, &s);
    *found = s.found;
    return status;
}
enum { LABEL_MAX = 32 };   /* characters of a class label, at most */

static void class_label(char label[LABEL_MAX + 1],
                        const char *const *names, int k)
{
    if (names != NULL && names[k] != NULL)
        snprintf(label, LABEL_MAX + 1, "%d %s", k, names[k]);
    else
        snprintf(label, LABEL_MAX + 1, "%d", k);
}
static int decimal_digits(long v)
{
    int n = 1;
    for (; v >= 10; v /= 10)
        n++;
    return n;
}
nn_status confusion_print(const Confusion *c,
                          const char *const *class_names, FILE *out)
{
    if (!confusion_ok(c) || out == NULL)
        return nn_fail(NN_ERR_ARG, "confusion_print: no table or no "
                       "stream");
    char label[LABEL_MAX + 1];
    int label_width = (int)strlen("macro average");
    long largest = c->classes - 1, total = 0;
    for (int i = 0; i < c->classes; i++) {
        class_label(label, class_names, i);
        if ((int)strlen(label) > label_width)
            label_width = (int)strlen(label);
        for (int j = 0; j < c->classes; j++) {
            largest = CONFUSION(c, i, j) > largest ? CONFUSION(c, i, j)
                                                   : largest;
            total += CONFUSION(c, i, j);
        }
    }
    int cell = decimal_digits(largest) + 2;
    int support_width = decimal_digits(total) > 7 ? decimal_digits(total) : 7;
    fprintf(out, "confusion matrix (rows: true class, columns: predicted "
            "class)\n%-*s", label_width, "");
    for (int j = 0; j < c->classes; j++)
        fprintf(out, "%*d", cell, j);
    fputc('\n', out);
    for (int i = 0; i < c->classes; i++) {
        class_label(label, class_names, i);
        fprintf(out, "%-*s", label_width, label);
        for (int j = 0; j < c->classes; j++)
            fprintf(out, "%*ld", cell, CONFUSION(c, i, j));
        fputc('\n', out);
    }
    fprintf(out, "\n%-*s  %9s  %6s  %6s  %*s\n", label_width, "class",
            "precision", "recall", "F1", support_width, "support");
    double sum_p = 0, sum_r = 0, sum_f1 = 0;
    for (int k = 0; k < c->classes; k++) {
        ClassMetrics m;
        class_metrics(c, k, &m);
        class_label(label, class_names, k);
        fprintf(out, "%-*s  %9.3f  %6.3f  %6.3f  %*ld\n", label_width, label,
                m.precision, m.recall, m.f1, support_width, m.support);
        sum_p += m.precision;
        sum_r += m.recall;
        sum_f1 += m.f1;
    }
    fprintf(out, "%-*s  %9.3f  %6.3f  %6.3f  %*ld\n", label_width,
            "macro average", sum_p / c->classes, sum_r / c->classes,
            sum_f1 / c->classes, support_width, total);
    if (fflush(out) != 0 || ferror(out))
        return nn_fail(NN_ERR_IO, "confusion_print: writing the report "
                       "failed: %s", strerror(errno));
    return NN_OK;
}
