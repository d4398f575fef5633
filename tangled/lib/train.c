/* lib/train.c */
#include <math.h>
#include <stdlib.h>
#include "train.h"
typedef struct {
    scalar *memory;     /* one block for the three matrices */
    Matrix x;           /* rows x features: the inputs */
    Matrix target;      /* rows x outputs: what the outputs should be */
    Matrix grad;        /* rows x outputs: dL/d(output) */
} Batch;

static void batch_rows(Batch *b, int n)
{
    b->x.rows = b->target.rows = b->grad.rows = n;
}

static void batch_free(Batch *b)
{
    free(b->memory);
    *b = (Batch){ 0 };
}
static nn_status batch_init(Batch *b, const Dataset *d, int rows)
{
    size_t in = (size_t)rows * (size_t)d->features;
    size_t out = (size_t)rows * (size_t)d->outputs;
    *b = (Batch){ 0 };
    b->memory = malloc((in + 2 * out) * sizeof(scalar));
    if (b->memory == NULL)
        return nn_fail(NN_ERR_NOMEM, "training: out of memory for a "
                       "batch of %d examples", rows);
    b->x = matrix_view(rows, d->features, b->memory);
    b->target = matrix_view(rows, d->outputs, b->memory + in);
    b->grad = matrix_view(rows, d->outputs, b->memory + in + out);
    return NN_OK;
}
static nn_status check_fit(const char *function, const Network *net,
                           const Dataset *d)
{
    const Layer *first = &net->layers[0];
    const Layer *last = &net->layers[net->layer_count - 1];
    if (d->count < 1)
        return nn_fail(NN_ERR_ARG, "%s: the data set is empty", function);
    if (d->features != first->inputs)
        return nn_fail(NN_ERR_SHAPE, "%s: the examples have %d features "
                       "but the network takes %d inputs", function,
                       d->features, first->inputs);
    if (d->outputs != last->outputs)
        return nn_fail(NN_ERR_SHAPE, "%s: the targets have %d numbers but "
                       "the network has %d outputs", function, d->outputs,
                       last->outputs);
    return NN_OK;
}
static nn_status train_batch(Network *net, Optimizer *opt,
                             const Dataset *d, const int *order, int start,
                             Batch *b, LossKind loss, scalar *batch_loss)
{
    const Matrix *output;
    nn_status s;
    if ((s = dataset_batch(d, order, start, b->x.rows, &b->x,
                           &b->target)) != NN_OK
        || (s = network_forward(net, &b->x, &output)) != NN_OK
        || (s = loss_value(loss, output, &b->target, batch_loss)) != NN_OK
        || (s = loss_gradient(loss, output, &b->target, &b->grad)) != NN_OK
        || (s = network_backward(net, &b->grad)) != NN_OK)
        return s;
    optimizer_step(opt, net->params, net->grads);
    return NN_OK;
}
nn_status train_epoch(Network *net, Optimizer *opt, const Dataset *d,
                      int batch_size, LossKind loss, Rng *rng,
                      int *order_scratch, double *mean_loss)
{
    if (order_scratch == NULL || rng == NULL)
        return nn_fail(NN_ERR_ARG, "train_epoch: no order array or no "
                       "random number generator");
    if (batch_size < 1)
        return nn_fail(NN_ERR_ARG, "train_epoch: the batch size is %d; it "
                       "must be at least 1", batch_size);
    if (batch_size > net->batch_capacity)
        return nn_fail(NN_ERR_ARG, "train_epoch: a batch of %d examples does "
                       "not fit the network, whose batch capacity is %d",
                       batch_size, net->batch_capacity);
    if (opt->param_count != net->param_count)
        return nn_fail(NN_ERR_ARG, "train_epoch: the optimizer was made for "
                       "%zu parameters but the network has %zu",
                       opt->param_count, net->param_count);
    nn_status status = check_fit("train_epoch", net, d);
    if (status != NN_OK)
        return status;
    for (int i = 0; i < d->count; i++)
        order_scratch[i] = i;
    shuffle(order_scratch, d->count, rng);
    Batch b;
    int rows = batch_size < d->count ? batch_size : d->count;
    if ((status = batch_init(&b, d, rows)) != NN_OK)
        return status;
    double total = 0;
    for (int start = 0; start < d->count && status == NN_OK;
         start += batch_size) {
        int n = d->count - start < batch_size ? d->count - start : batch_size;
        scalar batch_loss = 0;
        batch_rows(&b, n);
        status = train_batch(net, opt, d, order_scratch, start, &b, loss,
                             &batch_loss);
        total += (double)batch_loss * n;
    }
    if (status == NN_OK && mean_loss != NULL)
        *mean_loss = total / d->count;
    batch_free(&b);
    return status;
}
nn_status evaluate(Network *net, const Dataset *d, LossKind loss,
                   double *mean_loss, double *accuracy_out)
{
    nn_status status = check_fit("evaluate", net, d);
    int rows = net->batch_capacity < d->count ? net->batch_capacity
                                              : d->count;
    Batch b;
    if (status != NN_OK || (status = batch_init(&b, d, rows)) != NN_OK)
        return status;
    double total = 0;
    long correct = 0;
    for (int start = 0; start < d->count && status == NN_OK; start += rows) {
        int n = d->count - start < rows ? d->count - start : rows;
        const Matrix *output;
        scalar batch_loss = 0;
        batch_rows(&b, n);
        if ((status = dataset_batch(d, NULL, start, n, &b.x, &b.target))
                == NN_OK
            && (status = network_forward(net, &b.x, &output)) == NN_OK
            && (status = loss_value(loss, output, &b.target, &batch_loss))
                == NN_OK) {
            total += (double)batch_loss * n;
            correct += lround(accuracy(output, &b.target) * n);
        }
    }
    batch_free(&b);
    if (status == NN_OK && mean_loss != NULL)
        *mean_loss = total / d->count;
    if (status == NN_OK && accuracy_out != NULL)
        *accuracy_out = (double)correct / d->count;
    return status;
}
nn_status train_network(Network *net, Optimizer *opt, const Dataset *d,
                        const TrainConfig *config, Rng *rng,
                        double *epoch_losses)
{
    if (config->epochs < 0 || d->count < 1)
        return nn_fail(NN_ERR_ARG, "train_network: cannot train %d epochs "
                       "on %d examples", config->epochs, d->count);
    int *order = malloc((size_t)d->count * sizeof(int));
    if (order == NULL)
        return nn_fail(NN_ERR_NOMEM, "train_network: out of memory");
    nn_status status = NN_OK;
    for (int e = 0; e < config->epochs && status == NN_OK; e++) {
        double loss = 0;
        status = train_epoch(net, opt, d, config->batch_size, config->loss,
                             rng, order, &loss);
        if (status == NN_OK && epoch_losses != NULL)
            epoch_losses[e] = loss;
    }
    free(order);
    return status;
}
nn_status train_epoch_with_progress(Network *net, Optimizer *opt,
                                    const Dataset *d, int batch_size,
                                    LossKind loss, Rng *rng,
                                    int *order_scratch, double *mean_loss,
                                    batch_report *report, void *context)
{
    if (order_scratch == NULL || rng == NULL)
        return nn_fail(NN_ERR_ARG, "train_epoch: no order array or no "
                       "random number generator");
    if (batch_size < 1)
        return nn_fail(NN_ERR_ARG, "train_epoch: the batch size is %d; it "
                       "must be at least 1", batch_size);
    if (batch_size > net->batch_capacity)
        return nn_fail(NN_ERR_ARG, "train_epoch: a batch of %d examples does "
                       "not fit the network, whose batch capacity is %d",
                       batch_size, net->batch_capacity);
    if (opt->param_count != net->param_count)
        return nn_fail(NN_ERR_ARG, "train_epoch: the optimizer was made for "
                       "%zu parameters but the network has %zu",
                       opt->param_count, net->param_count);
    nn_status status = check_fit("train_epoch", net, d);
    if (status != NN_OK)
        return status;
    for (int i = 0; i < d->count; i++)
        order_scratch[i] = i;
    shuffle(order_scratch, d->count, rng);
    Batch b;
    int rows = batch_size < d->count ? batch_size : d->count;
    if ((status = batch_init(&b, d, rows)) != NN_OK)
        return status;
    double total = 0;
    for (int start = 0; start < d->count && status == NN_OK;
         start += batch_size) {
        int n = d->count - start < batch_size ? d->count - start : batch_size;
        scalar batch_loss = 0;
        batch_rows(&b, n);
        status = train_batch(net, opt, d, order_scratch, start, &b, loss,
                             &batch_loss);
        total += (double)batch_loss * n;
        if (status == NN_OK && report != NULL)
            report(context, start + n, d->count, total / (start + n));
    }
    if (status == NN_OK && mean_loss != NULL)
        *mean_loss = total / d->count;
    batch_free(&b);
    return status;
}
