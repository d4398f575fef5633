/* programs/nn.c: the command-line program of the book. */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csv.h"
#include "dense.h"
#include "evaluate.h"
#include "file.h"
#include "idx.h"
#include "parse.h"
#include "pgm.h"
#include "scale.h"
#include "trainer.h"

enum { IMAGE_SIDE = 28, IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE,
       CLASS_COUNT = 10, MAX_LAYERS = 16 };
#define PIXEL_SCALE ((scalar)(1.0 / 255))   /* as chapter 8's loader */
enum { EVAL_BATCH = 256 };
enum { EXIT_USAGE = 2 };   /* EXIT_SUCCESS is 0, EXIT_FAILURE is 1 */

static void complain(const char *format, va_list args)
{
    fputs("nn: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
}

_Noreturn static void usage_error(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    complain(format, args);
    va_end(args);
    exit(EXIT_USAGE);
}
_Noreturn static void failure(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    complain(format, args);
    va_end(args);
    exit(EXIT_FAILURE);
}

static void check(nn_status status)
{
    if (status != NN_OK)
        failure("%s", nn_error());
}
typedef struct {
    const char *name;      /* "--lr" */
    const char *fallback;  /* the default, as typed; NULL: none */
    const char *help;      /* one line for --help */
} OptionSpec;
enum { MAX_OPTIONS = 20, MAX_ARGS = 2 };

typedef struct Command Command;

typedef struct {
    const Command *command;
    const char *values[MAX_OPTIONS];  /* given, else the fallback */
    bool given[MAX_OPTIONS];
    const char *args[MAX_ARGS];       /* the positional arguments */
    int arg_count;
} Options;

struct Command {
    const char *name, *synopsis, *summary;
    const OptionSpec *options;
    int option_count;
    int min_args, max_args;           /* positional arguments it takes */
    void (*run)(const Options *);
};
static int find_option(const Command *c, const char *name);
static void print_help(const Command *c, FILE *out);

static void parse_command_line(const Command *c, int argc, char **argv,
                               Options *o)
{
    *o = (Options){ .command = c };
    for (int k = 0; k < c->option_count; k++)
        o->values[k] = c->options[k].fallback;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help(c, stdout);
            exit(EXIT_SUCCESS);
        }
        if (arg[0] == '-' && arg[1] != '\0') {
            int k = find_option(c, arg);
            if (k < 0)
                usage_error("%s: unknown option %s; see nn %s --help", c->name,
                            arg, c->name);
            if (i + 1 == argc || strncmp(argv[i + 1], "--", 2) == 0)
                usage_error("%s: %s needs a value", c->name, arg);
            o->values[k] = argv[++i];
            o->given[k] = true;
        } else if (o->arg_count < c->max_args) {
            o->args[o->arg_count++] = arg;
        } else {
            usage_error("%s: unexpected argument '%s'; see nn %s --help",
                        c->name, arg, c->name);
        }
    }
    if (o->arg_count < c->min_args)
        usage_error("%s: missing arguments; usage: nn %s %s", c->name,
                    c->name, c->synopsis);
}
static int find_option(const Command *c, const char *name)
{
    for (int k = 0; k < c->option_count; k++)
        if (strcmp(c->options[k].name, name) == 0)
            return k;
    return -1;
}
static void print_help(const Command *c, FILE *out)
{
    fprintf(out, "usage: nn %s %s\n%s\n", c->name, c->synopsis,
            c->summary);
    if (c->option_count > 0)
        fputs("\noptions:\n", out);
    for (int k = 0; k < c->option_count; k++) {
        const OptionSpec *s = &c->options[k];
        fprintf(out, "  %-14s %s", s->name, s->help);
        if (s->fallback != NULL)
            fprintf(out, " (default %s)", s->fallback);
        fputc('\n', out);
    }
}
static int option_index(const Options *o, const char *name)
{
    int k = find_option(o->command, name);
    assert(k >= 0);   /* the command's table lacks the option */
    return k;
}

static const char *text_option(const Options *o, const char *name)
{
    return o->values[option_index(o, name)];
}

static bool given(const Options *o, const char *name)
{
    return o->given[option_index(o, name)];
}
static const char *required_option(const Options *o, const char *name)
{
    const char *text = text_option(o, name);
    if (text == NULL)
        usage_error("%s: %s is required; see nn %s --help",
                    o->command->name, name, o->command->name);
    return text;
}
static long int_option(const Options *o, const char *name, long min,
                       long max)
{
    long value;
    if (parse_long(required_option(o, name), min, max, &value) != NN_OK)
        usage_error("%s: %s", name, nn_error());
    return value;
}

static double real_option(const Options *o, const char *name, double min,
                          double max)
{
    double value;
    if (parse_double(required_option(o, name), min, max, &value) != NN_OK)
        usage_error("%s: %s", name, nn_error());
    return value;
}
static void load_set(const char *data, bool test, Dataset *d)
{
    DataPaths paths;
    check(data_paths(data, &paths));
    const char *images = test ? paths.test_images : paths.train_images;
    const char *labels = test ? paths.test_labels : paths.train_labels;
    check(dataset_load_idx(d, images, labels, CLASS_COUNT));
    if (d->features != IMAGE_PIXELS)
        failure("%s: the images have %d pixels, not %dx%d", images,
                d->features, IMAGE_SIDE, IMAGE_SIDE);
}
static void check_model_shape(const char *path, const Network *net)
{
    int in = net->layers[0].inputs;
    int out = net->layers[net->layer_count - 1].outputs;
    if (in != IMAGE_PIXELS || out != CLASS_COUNT)
        failure("%s: the network maps %d inputs to %d outputs, not %d "
                "pixels to %d classes", path, in, out, IMAGE_PIXELS,
                CLASS_COUNT);
    if (net->head != &head_cross_entropy)
        failure("%s: the network's head is %s, not cross-entropy: it is "
                "not a classifier of images", path,
                net->head != NULL ? net->head->name : "none");
}

static void load_model(const char *path, Network *net, int batch_capacity)
{
    bool has_state = false;
    check(model_load(path, net, batch_capacity, NULL, &has_state));
    check_model_shape(path, net);
}
static const char *const *class_names(const char *data)
{
    if (data != NULL && strcmp(data, "fashion") == 0)
        return fashion_class_names;
    return NULL;
}
enum { TABLE_HIDDEN = 32, TABLE_BATCH = 16, TABLE_EPOCHS = 200 };

static bool is_table(const char *data)
{
    size_t n = strlen(data);
    return n > 4 && strcmp(data + n - 4, ".csv") == 0;
}
static void reorder_rows(void *rows, size_t size, const int *order,
                         int count)
{
    if (rows == NULL)
        return;
    char *copy = malloc((size_t)count * size);
    if (copy == NULL)
        failure("out of memory for a table of %d rows", count);
    for (int i = 0; i < count; i++)
        memcpy(copy + (size_t)i * size,
               (const char *)rows + (size_t)order[i] * size, size);
    memcpy(rows, copy, (size_t)count * size);
    free(copy);
}

static void spread_validation(Dataset *d, int wanted)
{
    int k = d->count / wanted, front = 0, back = d->count - wanted;
    int *order = malloc((size_t)d->count * sizeof *order);
    if (order == NULL)
        failure("out of memory for a table of %d rows", d->count);
    for (int i = 0; i < d->count; i++)
        if (i % k == k - 1 && back < d->count)
            order[back++] = i;
        else
            order[front++] = i;
    reorder_rows(d->x, (size_t)d->features * sizeof *d->x, order, d->count);
    reorder_rows(d->y, (size_t)d->outputs * sizeof *d->y, order, d->count);
    reorder_rows(d->labels, sizeof *d->labels, order, d->count);
    free(order);
}
static void load_table(const char *path, const char *target,
                       const char *task, const Network *net,
                       const char *model, Dataset *d)
{
    CsvTable t;
    check(csv_read(path, &t));
    if (net != NULL && t.columns - 1 != net->layers[0].inputs) {
        int columns = t.columns;
        csv_free(&t);
        failure("%s: the network takes %d inputs, but %s has %d columns "
                "besides its target", model, net->layers[0].inputs, path,
                columns - 1);
    }
    nn_status status = csv_dataset(&t, path, target, task, d);
    csv_free(&t);
    check(status);
}
static void check_table_model(const char *path, const Network *net,
                              const char *table, Dataset *d)
{
    int out = net->layers[net->layer_count - 1].outputs;
    if (net->layers[0].inputs != d->features)
        failure("%s: the network takes %d inputs, but %s has %d columns "
                "besides its target", path, net->layers[0].inputs, table,
                d->features);
    if (d->y == NULL && d->classes <= out) {
        d->classes = d->outputs = out;
        return;
    }
    if (d->outputs != out)
        failure("%s: the network has %d outputs, but %s needs %d for its "
                "task, %s", path, out, table, d->outputs, net->head->task);
}

static void load_table_model(const char *path, Network *net)
{
    check(model_load(path, net, EVAL_BATCH, NULL, NULL));
    if (net->head == NULL)
        failure("%s: the model has no head, so no task", path);
}
static void eval_table(const Options *o, const char *data)
{
    const char *target = required_option(o, "--target");
    Network net;
    Dataset test;
    double metric = 0;
    load_table_model(o->args[0], &net);
    load_table(data, target, net.head->task, &net, o->args[0], &test);
    check_table_model(o->args[0], &net, data, &test);
    check(train_evaluate(&net, &test, net.head, NULL, &metric));
    printf("%s %.4f\n", net.head->metric, metric);
    if (test.labels != NULL) {
        Confusion confusion;
        check(confusion_init(&confusion, test.classes));
        check(evaluate_dataset(&net, &test, &confusion, NULL, net.head));
        check(confusion_print(&confusion, NULL, stdout));
        confusion_free(&confusion);
    }
    dataset_free(&test);
    network_free(&net);
}
static void print_prediction(const Head *head, const Matrix *p, int r)
{
    const scalar *row = p->data + (size_t)r * (size_t)p->cols;
    if (head == &head_mse) {
        for (int j = 0; j < p->cols; j++)
            printf("%s%.4f", j > 0 ? " " : "", (double)row[j]);
        putchar('\n');
    } else if (p->cols == 1) {
        printf("%d %.4f\n", row[0] >= (scalar)0.5, (double)row[0]);
    } else {
        int k = matrix_argmax_row(p, r);
        printf("%d %.4f\n", k, (double)row[k]);
    }
}
static void predict_table(const Options *o, const char *csv)
{
    const char *target = text_option(o, "--target");
    Network net;
    CsvTable t;
    load_table_model(o->args[0], &net);
    check(csv_read(csv, &t));
    int skip = target != NULL ? csv_column(&t, target) : -1;
    if (target != NULL && skip < 0)
        failure("%s:1: no column is called %s", csv, target);
    int in = net.layers[0].inputs, features = t.columns - (skip >= 0);
    if (features != in)
        failure("%s: the network takes %d inputs, but %s has %d columns "
                "that are not --target", o->args[0], in, csv, features);
    scalar *x = malloc((size_t)EVAL_BATCH * (size_t)in * sizeof *x);
    if (x == NULL)
        failure("out of memory for a batch of %d rows", EVAL_BATCH);
    for (int start = 0; start < t.rows; start += EVAL_BATCH) {
        int n = t.rows - start < EVAL_BATCH ? t.rows - start : EVAL_BATCH;
        for (int i = 0; i < n; i++) {
            const double *cells =
                t.cells + (size_t)(start + i) * (size_t)t.columns;
            scalar *row = x + (size_t)i * (size_t)in;
            for (int j = 0, k = 0; j < t.columns; j++)
                if (j != skip)
                    row[k++] = (scalar)cells[j];
        }
        Matrix batch = matrix_view(n, in, x);
        const Matrix *output;
        check(network_forward(&net, &batch, &output));
        Matrix p = *output;
        head_predict(net.head, &p);
        for (int i = 0; i < n; i++)
            print_prediction(net.head, &p, i);
    }
    free(x);
    csv_free(&t);
    network_free(&net);
}
static int classify(Network *net, const unsigned char *pixels,
                    scalar *probabilities)
{
    int label = 0;
    Dataset one = { .count = 1, .features = IMAGE_PIXELS,
                    .classes = CLASS_COUNT, .outputs = CLASS_COUNT,
                    .bytes = (unsigned char *)pixels,
                    .byte_scale = PIXEL_SCALE, .labels = &label };
    scalar inputs[IMAGE_PIXELS], targets[CLASS_COUNT];
    Matrix x = matrix_view(1, IMAGE_PIXELS, inputs);
    Matrix t = matrix_view(1, CLASS_COUNT, targets);
    Matrix p = matrix_view(1, CLASS_COUNT, probabilities);
    const Matrix *logits;
    check(dataset_batch(&one, NULL, 0, 1, &x, &t));
    check(network_forward(net, &x, &logits));
    check(matrix_copy(&p, logits));
    head_predict(net->head, &p);
    return matrix_argmax_row(&p, 0);
}
static void print_class(int k, const char *const *names)
{
    printf("%d", k);
    if (names != NULL)
        printf(" %s", names[k]);
}
typedef struct {
    bool terminal;      /* standard error is a terminal: draw a bar */
    int epochs;         /* of the whole run */
    double drawn_at;    /* seconds into the epoch of the last drawing */
    const char *unit;   /* what an example is: "img", "rows" */
    const char *metric; /* the head's: "accuracy", "rmse" */
} Progress;

static void format_duration(double seconds, char *out, size_t size)
{
    long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
    snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}
static void draw_bar(const TrainerProgress *p, const char *unit)
{
    enum { WIDTH = 20 };
    static const char full[] = "####################",
                      empty[] = "--------------------";
    int filled = (int)((long)WIDTH * p->done / p->total);
    double rate = p->seconds > 0 ? p->done / p->seconds : 0;
    double left = (p->total - p->done)
                  + (double)(p->epochs - p->epoch) * p->total;
    char eta[32];
    format_duration(rate > 0 ? left / rate : 0, eta, sizeof eta);
    fprintf(stderr, "\repoch %d/%d [%.*s%.*s] %3d%% %6.0f %s/s  "
            "ETA %s  loss %.4f\033[K", p->epoch, p->epochs, filled, full,
            WIDTH - filled, empty, (int)(100L * p->done / p->total), rate,
            unit, eta, p->loss);
}
static void show_batch(void *context, const TrainerProgress *p)
{
    Progress *progress = context;
    if (!progress->terminal)
        return;
    bool last = p->done == p->total;
    if (!last && p->seconds >= progress->drawn_at
        && p->seconds < progress->drawn_at + 0.1)
        return;
    progress->drawn_at = p->seconds;
    draw_bar(p, progress->unit);
}
static void show_epoch(void *context, const EpochReport *r)
{
    const Progress *progress = context;
    if (progress->terminal)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "epoch %d/%d: loss %.4f, validation loss %.4f, "
            "%s %.4f, %.1f s\n", r->epoch, progress->epochs,
            r->train_loss, r->val_loss, progress->metric, r->val_metric,
            r->seconds);
}
static const char *activation_at(int i)
{
    return activation_name((Activation)i);
}
static const char *optimizer_at(int i)
{
    return optimizer_name((OptimizerKind)i);
}
static const char *schedule_at(int i)
{
    return schedule_name((ScheduleKind)i);
}
static const char *task_of_head(int i)
{
    return head_at(i)->task;
}
static OptionSpec train_options[] = {
    { "--data", NULL, "fashion, mnist, a directory of IDX files, or a "
                      "table FILE.csv" },
    { "--target", NULL, "a table's column to predict" },
    { "--task", NULL, NULL },
    { "--out", NULL, "the model file: the run's best epoch" },
    { "--layers", NULL, NULL },
    { "--act", NULL, NULL },
    { "--opt", NULL, NULL },
    { "--lr", NULL, "base learning rate (default: the optimizer's)" },
    { "--weight-decay", NULL, NULL },
    { "--l1", "0", "L1 strength: weights below it become 0 (chapter 9)" },
    { "--dropout", NULL, NULL },
    { "--shift", NULL, NULL },
    { "--schedule", NULL, NULL },
    { "--patience", NULL, "epochs without a better one; 0: never stop" },
    { "--epochs", NULL, NULL },
    { "--batch", NULL, NULL },
    { "--seed", "1", "seed of the random number generator" },
    { "--validation", NULL, NULL },
    { "--log", NULL, "a TSV file that gets a row per epoch" },
    { "--resume", NULL, "a model file whose training to continue" },
};
_Static_assert(sizeof train_options / sizeof train_options[0]
               <= MAX_OPTIONS, "too many options for Options");
static void set_option(const char *name, const char *fallback,
                       const char *help)
{
    for (size_t k = 0; k < sizeof train_options / sizeof *train_options;
         k++)
        if (strcmp(train_options[k].name, name) == 0) {
            train_options[k].fallback = fallback;
            if (help != NULL)
                train_options[k].help = help;
        }
}
static void set_train_defaults(void)
{
    static char layers[64], dropout[16], batch[16], patience[16],
        decay[96], shift[96], epochs[128], validation[96],
        layers_help[96], dropout_help[96], batch_help[96], optimizers[160],
        activations[160], schedules[96], tasks[96];
    Recipe r = recommended_recipe();
    int used = snprintf(layers, sizeof layers, "%d", IMAGE_PIXELS);
    for (int i = 0; i < r.hidden_count; i++)
        used += snprintf(layers + used, sizeof layers - (size_t)used, ",%d",
                         r.hidden[i]);
    snprintf(layers + used, sizeof layers - (size_t)used, ",%d", CLASS_COUNT);
    snprintf(dropout, sizeof dropout, "%g", (double)r.dropout);
    snprintf(batch, sizeof batch, "%d", r.fit.batch_size);
    snprintf(patience, sizeof patience, "%d", r.fit.patience);
    snprintf(decay, sizeof decay, "weight decay (default %g with %s, else "
             "the optimizer's)", (double)r.optimizer.weight_decay,
             optimizer_name(r.optimizer.kind));
    snprintf(shift, sizeof shift, "largest random move of a training image, "
             "pixels (default %d below %d images, else 0)", r.small_shift,
             r.small_set);
    snprintf(epochs, sizeof epochs, "epochs in all, counting resumed ones "
             "(default %d; %d below %d images; a table: %d)", r.fit.epochs,
             r.small_epochs, r.small_set, TABLE_EPOCHS);
    snprintf(layers_help, sizeof layers_help, "layer sizes, inputs to "
             "outputs; a table's default: features,%d,outputs", TABLE_HIDDEN);
    snprintf(dropout_help, sizeof dropout_help, "dropout rate after each "
             "hidden layer; a table's default: 0");
    snprintf(batch_help, sizeof batch_help, "examples per mini-batch; a "
             "table's default: %d", TABLE_BATCH);
    snprintf(validation, sizeof validation, "training images kept for "
             "validation (default: 1 in %d)", r.validation_share);
    set_option("--layers", layers, layers_help);
    int n = snprintf(activations, sizeof activations,
                     "activation of the hidden layers: ");
    nn_name_list(activations + n, sizeof activations - (size_t)n, " or ",
                 activation_count(), activation_at);
    nn_name_list(optimizers, sizeof optimizers, " or ", optimizer_kind_count(),
                 optimizer_at);
    n = snprintf(schedules, sizeof schedules, "learning rate: ");
    nn_name_list(schedules + n, sizeof schedules - (size_t)n, " or ",
                 schedule_count(), schedule_at);
    n = snprintf(tasks, sizeof tasks, "a table's task: ");
    nn_name_list(tasks + n, sizeof tasks - (size_t)n, " or ", head_count(),
                 task_of_head);
    set_option("--act", activation_name(r.activation), activations);
    set_option("--opt", optimizer_name(r.optimizer.kind), optimizers);
    set_option("--task", "regression", tasks);
    set_option("--dropout", dropout, dropout_help);
    set_option("--schedule", schedule_name(r.fit.schedule.kind), schedules);
    set_option("--patience", patience, NULL);
    set_option("--batch", batch, batch_help);
    set_option("--weight-decay", NULL, decay);
    set_option("--shift", NULL, shift);
    set_option("--epochs", NULL, epochs);
    set_option("--validation", NULL, validation);
}
typedef struct {
    const char *data, *out, *log, *resume;
    bool table;                  /* --data is a table of numbers */
    const char *target, *task;   /* a table's: NULL for images */
    const Head *head;            /* the task's head */
    int sizes[MAX_LAYERS + 1], size_count;   /* 0: the table decides */
    Activation act;
    OptimizerConfig optimizer;   /* its learning rate: the base rate */
    Recipe recipe;               /* dropout and shifts; default epochs */
    ScheduleKind schedule;
    int epochs, batch, validation, patience;   /* 0: from the data */
    int shift;                   /* --shift; -1: the recipe decides */
    uint64_t seed;
} TrainSettings;

static void read_task(const Options *o, TrainSettings *s)
{
    int k = 0;
    s->table = is_table(s->data);
    s->head = &head_cross_entropy;
    if (!s->table) {
        if (given(o, "--target") || given(o, "--task"))
            usage_error("--target and --task are for a table of numbers, "
                        "a .csv --data; %s holds images", s->data);
        return;
    }
    s->target = required_option(o, "--target");
    s->task = text_option(o, "--task");
    if (nn_lookup("task", s->task, head_count(), task_of_head, &k)
        != NN_OK)
        usage_error("--task: %s", nn_error());
    s->head = head_at(k);
}
static void read_layers(const Options *o, TrainSettings *s)
{
    const char *text = text_option(o, "--layers");
    s->size_count = 0;
    if (s->table && !given(o, "--layers"))
        return;
    if (parse_sizes(text, MAX_LAYERS + 1, s->sizes, &s->size_count)
        != NN_OK)
        usage_error("--layers: %s", nn_error());
    if (s->size_count < 2)
        usage_error("--layers %s: give at least two sizes, the inputs "
                    "and the outputs", text);
    if (s->table)
        return;
    if (s->sizes[0] != IMAGE_PIXELS)
        usage_error("--layers %s: the first size must be %d, the pixels "
                    "of a %dx%d image", text, IMAGE_PIXELS, IMAGE_SIDE,
                    IMAGE_SIDE);
    if (s->sizes[s->size_count - 1] != CLASS_COUNT)
        usage_error("--layers %s: the last size must be %d, the number "
                    "of classes", text, CLASS_COUNT);
}
static void read_optimizer(const Options *o, TrainSettings *s)
{
    OptimizerKind kind;
    if (optimizer_from_name(text_option(o, "--opt"), &kind) != NN_OK)
        usage_error("--opt: %s", nn_error());
    s->optimizer = kind == s->recipe.optimizer.kind ? s->recipe.optimizer
                                                    : optimizer_defaults(kind);
    if (given(o, "--lr"))
        s->optimizer.learning_rate =
            (scalar)real_option(o, "--lr", 1e-6, 10);
    if (given(o, "--weight-decay"))
        s->optimizer.weight_decay =
            (scalar)real_option(o, "--weight-decay", 0, 1);
    s->optimizer.l1 = (scalar)real_option(o, "--l1", 0, 1);
}
static void read_training_layers(const Options *o, TrainSettings *s)
{
    s->recipe.dropout = s->table && !given(o, "--dropout")
        ? 0 : (scalar)real_option(o, "--dropout", 0, 0.95);
    if (s->table && given(o, "--shift"))
        usage_error("--shift moves images; %s is a table", s->data);
    s->shift = given(o, "--shift") ? (int)int_option(o, "--shift", 0, 4)
                                   : -1;
}
static void add_training_layers(const TrainSettings *s, Dataset *train,
                                Network *net)
{
    Recipe r = s->recipe;
    if (s->shift >= 0) {
        r.small_shift = s->shift;
        r.small_set = s->shift > 0 ? INT_MAX : 0;
    }
    check(recipe_training_layers(&r, net));
    recipe_augment(&r, s->table ? 0 : IMAGE_SIDE, train);
}
static Schedule train_schedule(const TrainSettings *s)
{
    int third = s->epochs / 3 > 0 ? s->epochs / 3 : 1;
    return (Schedule){ s->schedule, s->epochs, third, (scalar)0.1 };
}
static void read_train_settings(const Options *o, TrainSettings *s)
{
    *s = (TrainSettings){ 0 };
    s->data = required_option(o, "--data");
    s->out = required_option(o, "--out");
    s->log = text_option(o, "--log");
    s->resume = text_option(o, "--resume");
    s->recipe = recommended_recipe();
    read_task(o, s);
    if (given(o, "--epochs"))
        s->epochs = (int)int_option(o, "--epochs", 1, 1000000);
    if (given(o, "--validation"))
        s->validation = (int)int_option(o, "--validation", 1, INT_MAX);
    s->batch = s->table && !given(o, "--batch")
               ? TABLE_BATCH : (int)int_option(o, "--batch", 1, 65536);
    s->patience = (int)int_option(o, "--patience", 0, 1000000);
    s->seed = (uint64_t)int_option(o, "--seed", 0, LONG_MAX);
    read_layers(o, s);
    if (activation_from_name(text_option(o, "--act"), &s->act) != NN_OK)
        usage_error("--act: %s", nn_error());
    read_optimizer(o, s);
    read_training_layers(o, s);
    if (schedule_from_name(text_option(o, "--schedule"), &s->schedule)
        != NN_OK)
        usage_error("--schedule: %s", nn_error());
}
static void settle_table_layers(TrainSettings *s, const Dataset *train)
{
    int in = train->features, out = train->outputs;
    if (s->size_count == 0) {
        s->sizes[0] = in;
        s->sizes[1] = TABLE_HIDDEN;
        s->sizes[2] = out;
        s->size_count = 3;
    } else if (s->sizes[0] != in || s->sizes[s->size_count - 1] != out) {
        usage_error("--layers: %s has %d features and, for --task %s, %d "
                    "output%s: the sizes must go from %d to %d", s->data,
                    in, s->task, out, out == 1 ? "" : "s", in, out);
    }
}
static void table_network(const TrainSettings *s, const Dataset *train,
                          Network *net, TrainingState *state)
{
    LayerSpec specs[MAX_LAYERS + 2];
    int dense = s->size_count - 1, count = 0;
    bool regression = s->head == &head_mse;
    specs[count++] = (LayerSpec)LAYER_SCALE(s->sizes[0]);
    for (int l = 0; l < dense; l++)
        specs[count++] = (LayerSpec)LAYER_DENSE(
            s->sizes[l], s->sizes[l + 1],
            l < dense - 1 ? s->act : ACT_IDENTITY);
    if (regression)
        specs[count++] = (LayerSpec)LAYER_SCALE(s->sizes[dense]);
    check(network_init(net, count, specs, s->batch));
    net->head = s->head;
    check(trainer_start(net, state, &s->optimizer, s->seed));
    check(scale_standardize(&net->layers[0], train));
    if (regression)
        check(scale_unstandardize(&net->layers[count - 1], train));
}
static void start_run(const TrainSettings *s, const Dataset *train,
                      Network *net, TrainingState *state)
{
    if (s->table) {
        table_network(s, train, net, state);
        return;
    }
    LayerSpec specs[MAX_LAYERS];
    int layers = s->size_count - 1;
    for (int l = 0; l < layers; l++)
        specs[l] = (LayerSpec)LAYER_DENSE(
            s->sizes[l], s->sizes[l + 1],
            l < layers - 1 ? s->act : ACT_IDENTITY);
    check(network_init(net, layers, specs, s->batch));
    net->head = &head_cross_entropy;
    check(trainer_start(net, state, &s->optimizer, s->seed));
}
static bool same_layers(const int *sizes, int count,
                        const TrainSettings *s);
static int dense_sizes(const Network *net, int *sizes);
static const Layer *first_dense(const Network *net);

static void refuse_contradictions(const Options *o, const TrainSettings *s,
                                  const Network *net,
                                  const TrainingState *state)
{
    const OptimizerConfig *saved = &state->optimizer.config;
    int sizes[MAX_LAYERS + 1];
    int count = dense_sizes(net, sizes);
    const Layer *first = first_dense(net);
    if (given(o, "--layers") && !same_layers(sizes, count, s))
        usage_error("--layers %s: %s has other layer sizes",
                    text_option(o, "--layers"), s->resume);
    if (given(o, "--act") && count > 2 && first->spec.act != s->act)
        usage_error("--act %s: %s has %s hidden layers",
                    text_option(o, "--act"), s->resume,
                    activation_name(first->spec.act));
    if (given(o, "--opt") && saved->kind != s->optimizer.kind)
        usage_error("--opt %s: %s was trained with %s",
                    text_option(o, "--opt"), s->resume,
                    optimizer_name(saved->kind));
    if (given(o, "--weight-decay")
        && saved->weight_decay != s->optimizer.weight_decay)
        usage_error("--weight-decay %s: %s was trained with %g",
                    text_option(o, "--weight-decay"), s->resume,
                    (double)saved->weight_decay);
    if (given(o, "--l1") && saved->l1 != s->optimizer.l1)
        usage_error("--l1 %s: %s was trained with %g",
                    text_option(o, "--l1"), s->resume, (double)saved->l1);
    Schedule schedule = train_schedule(s);
    scalar base = s->optimizer.learning_rate;
    scalar rate = state->epoch == 0 ? base
                  : schedule_rate(&schedule, base, state->epoch - 1);
    if (given(o, "--lr") && saved->learning_rate != rate)
        usage_error("--lr %s: %s was trained with %g in its epoch %d",
                    text_option(o, "--lr"), s->resume,
                    (double)saved->learning_rate, state->epoch);
}
static bool same_layers(const int *sizes, int count,
                        const TrainSettings *s)
{
    if (count != s->size_count)
        return false;
    for (int l = 0; l < count; l++)
        if (sizes[l] != s->sizes[l])
            return false;
    return true;
}
static int dense_sizes(const Network *net, int *sizes)
{
    int count = 0;
    for (int l = 0; l < net->layer_count && count < MAX_LAYERS; l++)
        if (net->layers[l].kind == &dense_kind) {
            if (count == 0)
                sizes[count++] = net->layers[l].inputs;
            sizes[count++] = net->layers[l].outputs;
        }
    return count;
}

static const Layer *first_dense(const Network *net)
{
    for (int l = 0; l < net->layer_count; l++)
        if (net->layers[l].kind == &dense_kind)
            return &net->layers[l];
    return &net->layers[0];
}
static void resume_run(const Options *o, const TrainSettings *s,
                       Dataset *train, Network *net, TrainingState *state)
{
    bool has_state = false;
    check(model_load(s->resume, net, s->batch, state, &has_state));
    if (!has_state)
        failure("%s: the model has no training state to resume",
                s->resume);
    if (s->table && net->head != s->head)
        usage_error("--task %s: %s was trained for %s", s->task,
                    s->resume, net->head->task);
    if (s->table)
        check_table_model(s->resume, net, s->data, train);
    else
        check_model_shape(s->resume, net);
    refuse_contradictions(o, s, net, state);
    if (state->epoch >= s->epochs)
        usage_error("--epochs %d: %s has already done %d epochs",
                    s->epochs, s->resume, state->epoch);
}
static void load_training_data(TrainSettings *s, Dataset *train,
                               Dataset *validation)
{
    if (s->table)
        load_table(s->data, s->target, s->task, NULL, NULL, train);
    else
        load_set(s->data, false, train);
    if (s->validation == 0)
        s->validation = train->count / s->recipe.validation_share > 0
                        ? train->count / s->recipe.validation_share : 1;
    if (s->validation >= train->count)
        usage_error("--validation %d: %s has only %d training examples",
                    s->validation, s->data, train->count);
    if (s->table) {
        settle_table_layers(s, train);
        spread_validation(train, s->validation);
    }
    check(dataset_split(train, s->validation, validation));
    if (s->epochs == 0)
        s->epochs = s->table ? TABLE_EPOCHS
                             : recipe_fit(&s->recipe, train).epochs;
}
static FILE *open_log(const TrainSettings *s)
{
    if (s->log == NULL)
        return NULL;
    FILE *log = fopen(s->log, s->resume != NULL ? "a" : "w");
    if (log == NULL)
        failure("%s: %s", s->log, strerror(errno));
    if (fseek(log, 0, SEEK_END) != 0)
        failure("%s: %s", s->log, strerror(errno));
    if (ftell(log) == 0)
        check(trainer_log_header(log, s->head));
    return log;
}
static nn_status check_out(const char *out, const Network *net,
                           const TrainingState *state)
{
    struct stat info;
    SafeFile probe;
    if (lstat(out, &info) != 0 && errno == ENOENT)
        return trainer_save(out, net, state);
    nn_status status = file_begin(&probe, out);
    if (status == NN_OK)
        file_abandon(&probe);
    return status;
}

static void first_save(const TrainSettings *s, const Network *net,
                       const TrainingState *state, FILE *log)
{
    if (check_out(s->out, net, state) == NN_OK)
        return;
    if (log != NULL && s->resume == NULL) {
        fclose(log);
        remove(s->log);
    }
    failure("%s", nn_error());
}

static void run_train(const Options *o)
{
    TrainSettings s;
    Network net;
    TrainingState state;
    Dataset train, validation;
    read_train_settings(o, &s);
    load_training_data(&s, &train, &validation);
    if (s.resume != NULL)
        resume_run(o, &s, &train, &net, &state);
    else
        start_run(&s, &train, &net, &state);
    add_training_layers(&s, &train, &net);
    Progress progress = { isatty(STDERR_FILENO) != 0, s.epochs, 0,
                          s.table ? "rows" : "img", s.head->metric };
    TrainerConfig config = {
        .epochs = s.epochs, .batch_size = s.batch, .loss = s.head,
        .save_path = s.out, .log = open_log(&s),
        .base_rate = s.optimizer.learning_rate, .schedule = train_schedule(&s),
        .keep_best = true, .patience = s.patience,
        .on_batch = show_batch, .on_epoch = show_epoch, .context = &progress
    };
    first_save(&s, &net, &state, config.log);
    check(trainer_run(&config, &net, &state, &train, &validation));
    if (config.log != NULL && fclose(config.log) != 0)
        failure("%s: %s", s.log, strerror(errno));
    training_state_free(&state);
    network_free(&net);
    dataset_free(&train);
    dataset_free(&validation);
}
static const OptionSpec eval_options[] = {
    { "--data", NULL, "fashion, mnist, a directory of IDX files, or a "
                      "table FILE.csv" },
    { "--target", NULL, "a table's column that the model predicts" },
};

static void run_eval(const Options *o)
{
    const char *data = required_option(o, "--data");
    if (is_table(data)) {
        eval_table(o, data);
        return;
    }
    if (given(o, "--target"))
        usage_error("--target is for a table of numbers, a .csv --data");
    Network net;
    Dataset test;
    Confusion confusion;
    load_model(o->args[0], &net, EVAL_BATCH);
    load_set(data, true, &test);
    check(confusion_init(&confusion, CLASS_COUNT));
    check(evaluate_dataset(&net, &test, &confusion, NULL,
                           &head_cross_entropy));
    printf("accuracy %.4f\n", confusion_accuracy(&confusion));
    check(confusion_print(&confusion, class_names(data), stdout));
    confusion_free(&confusion);
    dataset_free(&test);
    network_free(&net);
}
static const OptionSpec predict_options[] = {
    { "--data", NULL, "the data set, for the names of its classes" },
    { "--csv", NULL, "a table: predict each of its rows" },
    { "--target", NULL, "a column of the table to leave out" },
};

static void run_predict(const Options *o)
{
    const char *csv = text_option(o, "--csv");
    if ((csv != NULL) == (o->arg_count == 2))
        usage_error("predict: give an IMAGE.pgm or --csv TABLE.csv, %s; "
                    "see nn predict --help",
                    csv != NULL ? "not both" : "one of them");
    if (csv != NULL) {
        predict_table(o, csv);
        return;
    }
    if (given(o, "--target"))
        usage_error("--target is for a table, with --csv");
    Network net;
    unsigned char pixels[IMAGE_PIXELS];
    scalar probabilities[CLASS_COUNT];
    const char *const *names = class_names(text_option(o, "--data"));
    load_model(o->args[0], &net, 1);
    check(pgm_read(o->args[1], IMAGE_SIDE, IMAGE_SIDE, pixels));
    int best = classify(&net, pixels, probabilities);
    printf("class ");
    print_class(best, names);
    putchar('\n');
    for (int k = 0; k < CLASS_COUNT; k++) {
        printf("%d %.4f", k, (double)probabilities[k]);
        if (names != NULL)
            printf(" %s", names[k]);
        putchar('\n');
    }
    network_free(&net);
}
static void draw_shades(const unsigned char *pixels)
{
    static const char shades[] = " .:-=+*#%@";
    for (int row = 0; row < IMAGE_SIDE; row++) {
        for (int col = 0; col < IMAGE_SIDE; col++) {
            char c = shades[pixels[row * IMAGE_SIDE + col] * 9 / 255];
            putchar(c);
            putchar(c);
        }
        putchar('\n');
    }
}
static int grey(unsigned char v)
{
    return 232 + v * 23 / 255;
}

static void draw_blocks(const unsigned char *pixels)
{
    for (int row = 0; row < IMAGE_SIDE; row += 2) {
        for (int col = 0; col < IMAGE_SIDE; col++)
            printf("\033[38;5;%dm\033[48;5;%dm\xe2\x96\x80",
                   grey(pixels[row * IMAGE_SIDE + col]),
                   grey(pixels[(row + 1) * IMAGE_SIDE + col]));
        printf("\033[0m\n");
    }
}
static void draw_image(const unsigned char *pixels)
{
    const char *term = getenv("TERM");
    if (isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL
        && term != NULL && strcmp(term, "dumb") != 0)
        draw_blocks(pixels);
    else
        draw_shades(pixels);
}
static const OptionSpec show_options[] = {
    { "--data", NULL, "fashion, mnist or a directory of IDX files" },
    { "--set", "test", "train or test" },
    { "--index", NULL, "which image, counting from 0" },
    { "--model", NULL, "a model file: show its prediction too" },
    { "--pgm", NULL, "write the image to this PGM file too" },
};

static void show_image(const Options *o, const Dataset *d, int index,
                       Network *net)
{
    const char *const *names = class_names(text_option(o, "--data"));
    const unsigned char *pixels = d->bytes + (size_t)index * IMAGE_PIXELS;
    const char *pgm = text_option(o, "--pgm");
    if (pgm != NULL)
        check(pgm_write(pgm, IMAGE_SIDE, IMAGE_SIDE, pixels));
    printf("%s image %d, label ", text_option(o, "--set"), index);
    print_class(d->labels[index], names);
    putchar('\n');
    draw_image(pixels);
    if (net != NULL) {
        scalar probabilities[CLASS_COUNT];
        int best = classify(net, pixels, probabilities);
        printf("model: ");
        print_class(best, names);
        printf(" (probability %.4f)\n", (double)probabilities[best]);
    }
}

static void run_show(const Options *o)
{
    const char *set = text_option(o, "--set");
    bool test = strcmp(set, "test") == 0;
    if (!test && strcmp(set, "train") != 0)
        usage_error("--set: '%s' is neither train nor test", set);
    const char *data = required_option(o, "--data");
    long index = int_option(o, "--index", 0, INT_MAX);
    const char *model = text_option(o, "--model");
    Network net = { 0 };
    Dataset d;
    if (model != NULL)
        load_model(model, &net, 1);
    load_set(data, test, &d);
    if (index >= d.count)
        usage_error("--index %ld: the %s set of %s has %d images", index,
                    set, data, d.count);
    show_image(o, &d, (int)index, model != NULL ? &net : NULL);
    network_free(&net);
    dataset_free(&d);
}
#define COUNT(array) ((int)(sizeof(array) / sizeof((array)[0])))

static const Command commands[] = {
    { "train", "--data fashion|mnist|DIR|FILE.csv --out FILE [options]",
      "Trains a network, saving its best epoch.",
      train_options, COUNT(train_options), 0, 0, run_train },
    { "eval", "FILE --data fashion|mnist|DIR|FILE.csv [--target COLUMN]",
      "Measures a model on the test set of a data set, or on a table.",
      eval_options, COUNT(eval_options), 1, 1, run_eval },
    { "predict", "FILE IMAGE.pgm [--data fashion] | FILE --csv TABLE.csv",
      "Classifies a 28x28 grey PGM image, or predicts each row of a "
      "table.",
      predict_options, COUNT(predict_options), 1, 2, run_predict },
    { "show", "--data fashion|mnist|DIR --index I [options]",
      "Draws an image of a data set in the terminal.",
      show_options, COUNT(show_options), 0, 0, run_show },
};
static void print_usage(FILE *out)
{
    fputs("usage: nn COMMAND [options]; nn COMMAND --help for more\n\n",
          out);
    for (int i = 0; i < COUNT(commands); i++)
        fprintf(out, "  nn %-8s %s\n", commands[i].name,
                commands[i].synopsis);
}
int main(int argc, char **argv)
{
    if (argc < 2)
        usage_error("no command; see nn --help");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_usage(stdout);
        return EXIT_SUCCESS;
    }
    set_train_defaults();
    const Command *c = NULL;
    for (int i = 0; i < COUNT(commands); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            c = &commands[i];
    if (c == NULL)
        usage_error("unknown command '%s'; see nn --help", argv[1]);
    Options o;
    parse_command_line(c, argc - 2, argv + 2, &o);
    c->run(&o);
    if (fflush(stdout) != 0 || ferror(stdout))
        failure("cannot write the output: %s", strerror(errno));
    return EXIT_SUCCESS;
}
