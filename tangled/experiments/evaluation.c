/* experiments/evaluation.c DIR: trains a small network on the first
   10 000 Fashion-MNIST training images, evaluates it on the test set,
   and writes the data of chapter 10's two figures into DIR. */
#include <math.h>
#include <stdio.h>
#include "evaluate.h"
#include "experiment.h"
#include "train.h"

enum {
    TRAIN_IMAGES = 10000,   /* the first images of the training set */
    HIDDEN_UNITS = 64,
    EVAL_EPOCHS = 3,
    EVAL_BATCH = 64,
    EVAL_SEED = 1,
    SHOWN_MISTAKES = 18     /* three rows of six */
};
#define EVAL_LEARNING_RATE ((scalar)0.1)
static void train_small_network(Network *net, const Dataset *train)
{
    const LayerSpec layers[] = {
        LAYER_DENSE(train->features, HIDDEN_UNITS, ACT_RELU),
        LAYER_DENSE(HIDDEN_UNITS, train->classes, ACT_IDENTITY)
    };
    const OptimizerConfig sgd = { .kind = OPT_SGD,
                                  .learning_rate = EVAL_LEARNING_RATE };
    const TrainConfig config = { EVAL_BATCH, EVAL_EPOCHS,
                                 &head_cross_entropy };
    Optimizer opt;
    Rng rng;
    rng_seed(&rng, EVAL_SEED, 10);
    experiment_require(network_init(net, 2, layers, EVAL_BATCH));
    network_initialize(net, INIT_HE, 0, &rng);
    experiment_require(optimizer_init(&opt, &sgd, net->param_count));
    experiment_require(train_network(net, &opt, train, &config, &rng, NULL));
    optimizer_free(&opt);
}
static void write_confusion(const char *dir, const Confusion *c)
{
    FILE *f = open_output(dir, "confusion.dat");
    fprintf(f, "# predicted true count row_fraction\n");
    for (int i = 0; i < c->classes; i++) {
        ClassMetrics m;
        class_metrics(c, i, &m);
        for (int j = 0; j < c->classes; j++)
            fprintf(f, "%d %d %ld %.6f\n", j, i, CONFUSION(c, i, j),
                    m.support > 0 ? (double)CONFUSION(c, i, j) / m.support
                                  : 0);
        fputc('\n', f);
    }
    close_output(f);
    f = open_output(dir, "classes.dat");
    fprintf(f, "# class name\n");
    for (int k = 0; k < c->classes; k++)
        fprintf(f, "%d \"%s\"\n", k, fashion_class_names[k]);
    close_output(f);
    f = open_output(dir, "accuracy.dat");
    fprintf(f, "%.4f\n", confusion_accuracy(c));
    close_output(f);
    f = open_output(dir, "report.txt");
    experiment_require(confusion_print(c, fashion_class_names, f));
    close_output(f);
}
enum { MISTAKE_COLUMNS = 6, TILE_GAP = 4, TILE_TEXT = 20 };

static int tile_pixel(const Dataset *d, const Mistake *shown, int found,
                      int side, int p, int q)
{
    int tile_h = side + TILE_TEXT, tile_w = side + TILE_GAP;
    int rows = (found + MISTAKE_COLUMNS - 1) / MISTAKE_COLUMNS;
    int row = rows - 1 - p / tile_h, col = q / tile_w;
    int i = side - 1 - (p % tile_h - TILE_TEXT), j = q % tile_w;
    int t = row * MISTAKE_COLUMNS + col;
    if (p % tile_h < TILE_TEXT || j >= side || t >= found)
        return 0;
    return d->bytes[(size_t)shown[t].index * d->features
                    + (size_t)(i * side + j)];
}
static void write_mistakes(const char *dir, const Dataset *test,
                           const Mistake *shown, int found)
{
    int side = (int)lround(sqrt(test->features));
    int rows = (found + MISTAKE_COLUMNS - 1) / MISTAKE_COLUMNS;
    int height = rows * (side + TILE_TEXT);
    int width = MISTAKE_COLUMNS * (side + TILE_GAP) - TILE_GAP;
    FILE *f = open_output(dir, "mistakes.dat");
    for (int p = 0; p < height; p++)
        for (int q = 0; q < width; q++)
            fprintf(f, "%d%c", tile_pixel(test, shown, found, side, p, q),
                    q == width - 1 ? '\n' : ' ');
    close_output(f);
    f = open_output(dir, "labels.dat");
    fprintf(f, "# x y text\n");
    for (int t = 0; t < found; t++) {
        int row = t / MISTAKE_COLUMNS, col = t % MISTAKE_COLUMNS;
        double x = col * (side + TILE_GAP) + (side - 1) / 2.0;
        double y = (rows - 1 - row) * (side + TILE_TEXT) + TILE_TEXT - 3.5;
        fprintf(f, "%g %g \"is %s\"\n", x, y,
                fashion_class_names[shown[t].truth]);
        fprintf(f, "%g %g \"said %s\"\n", x, y - 6,
                fashion_class_names[shown[t].predicted]);
        fprintf(f, "%g %g \"p = %.3f\"\n", x, y - 12, shown[t].confidence);
    }
    close_output(f);
}

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Dataset train, test;
    Network net;
    Confusion c;
    Mistake shown[SHOWN_MISTAKES];
    int found;
    load_fashion(TRAIN_IMAGES, 0, &train, NULL);
    load_fashion_test(&test);
    train_small_network(&net, &train);
    experiment_require(confusion_init(&c, test.classes));
    experiment_require(evaluate_dataset(&net, &test, &c, NULL, &head_cross_entropy));
    experiment_require(worst_mistakes(&net, &test, SHOWN_MISTAKES, shown, &found));
    write_confusion(dir, &c);
    write_mistakes(dir, &test, shown, found);
    confusion_free(&c);
    network_free(&net);
    dataset_free(&train);
    dataset_free(&test);
    return 0;
}
