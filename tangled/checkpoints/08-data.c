/* Checkpoint 8: the IDX loader on the real files and on broken ones. */
#define _POSIX_C_SOURCE 200809L   /* for mkdtemp and rmdir */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "experiment.h"
#include "idx.h"
#include "linear.h"
#include "network.h"
#include "tap.h"

/* Setup that the tests after it depend on: a failure ends the run. */
static void need(nn_status status)
{
    if (status != NN_OK) {
        tap_ok(false, "setup: %s", nn_error());
        exit(tap_done());
    }
}
static bool mentions(const char *text)
{
    return strstr(nn_error(), text) != NULL;
}

static void count_classes(const Dataset *d, int from, int *counts)
{
    for (int c = 0; c < d->classes; c++)
        counts[c] = 0;
    for (int i = from; i < d->count; i++)
        if (d->labels[i] >= 0 && d->labels[i] < d->classes)
            counts[d->labels[i]]++;
}
static bool load_set(const char *name, bool train, Dataset *d)
{
    DataPaths p;
    nn_status s = data_paths(name, &p);
    if (s == NN_OK)
        s = dataset_load_idx(d, train ? p.train_images : p.test_images,
                             train ? p.train_labels : p.test_labels, 10);
    tap_ok(s == NN_OK, "load the %s %s set", name, train ? "training"
           : "test");
    if (s != NN_OK)
        tap_diag("%s", nn_error());
    return s == NN_OK;
}
enum { MAX_FILES = 64 };
static char temp_dir[4096];
static char made_files[MAX_FILES][4200];
static int made_file_count;

static bool make_temp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(temp_dir, sizeof temp_dir, "%s/nn-data-XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    bool ok = mkdtemp(temp_dir) != NULL;
    tap_ok(ok, "make a temporary directory %s", temp_dir);
    return ok;
}
/* The path of NAME in the temporary directory, remembered for removal. */
static const char *temp_path(const char *name)
{
    char *path = made_files[made_file_count];
    if (made_file_count < MAX_FILES - 1)
        made_file_count++;
    snprintf(path, sizeof made_files[0], "%s/%s", temp_dir, name);
    return path;
}

static void remove_temp_dir(void)
{
    for (int k = 0; k < made_file_count; k++)
        remove(made_files[k]);
    tap_ok(rmdir(temp_dir) == 0, "remove the temporary directory");
}
static const char *write_file(const char *name, const void *bytes,
                              size_t n)
{
    const char *path = temp_path(name);
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL && fwrite(bytes, 1, n, f) == n;
    if (f != NULL && fclose(f) != 0)
        ok = false;
    if (!ok)
        tap_ok(false, "write %s", path);
    return path;
}
static const char *write_idx(const char *name, const unsigned char *magic,
                             const uint32_t *sizes,
                             const unsigned char *data, size_t n,
                             size_t cut)
{
    unsigned char file[256];
    size_t dims = magic[3] <= 4 ? magic[3] : 4;
    memcpy(file, magic, 4);
    for (size_t i = 0; i < dims; i++)
        for (int k = 0; k < 4; k++)
            file[4 + 4 * i + k] = (unsigned char)(sizes[i] >> (24 - 8 * k));
    size_t at = 4 + 4 * dims;
    if (n > sizeof file - at)
        n = sizeof file - at;
    memcpy(file + at, data, n);
    at += n;
    return write_file(name, file, cut > 0 && cut < at ? cut : at);
}
static const unsigned char ok_magic3[4] = { 0, 0, 8, 3 };
static const unsigned char ok_magic1[4] = { 0, 0, 8, 1 };
static const uint32_t five_images[3] = { 5, 2, 2 };

static const char *write_five_images(const char *name)
{
    unsigned char pixels[20];
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++)
            pixels[4 * i + j] = (unsigned char)(50 * i + j);
    return write_idx(name, ok_magic3, five_images, pixels, 20, 0);
}
static size_t read_whole(const char *path, unsigned char *buf, size_t size)
{
    FILE *f = fopen(path, "rb");
    size_t n = f != NULL ? fread(buf, 1, size, f) : 0;
    if (f != NULL)
        fclose(f);
    return n;
}

static bool same_array(const IdxArray *a, const IdxArray *b)
{
    return a->dims == b->dims && a->length == b->length
        && memcmp(a->size, b->size, sizeof a->size) == 0
        && memcmp(a->data, b->data, a->length) == 0;
}
static const LayerSpec linear_net[] = {
    LAYER_SCALE(7), LAYER_DENSE(7, 1, ACT_IDENTITY), LAYER_SCALE(1),
};
static const LayerSpec hidden_net[] = {
    LAYER_SCALE(7), LAYER_DENSE(7, 16, ACT_RELU),
    LAYER_DENSE(16, 1, ACT_IDENTITY), LAYER_SCALE(1),
};
static void test_csv_good(void)
{
    const char text[] = "a,b, target\r\n1,2.5,0\n-3, 4e1 ,1\n0.5,6,1";
    const char *path = write_file("good.csv", text, sizeof text - 1);
    CsvTable t;
    nn_status s = csv_read(path, &t);
    tap_ok(s == NN_OK && t.rows == 3 && t.columns == 3
           && strcmp(t.names[2], "target") == 0 && t.cells[4] == 40
           && t.cells[6] == 0.5 && t.cells[8] == 1,
           "a good table: 3 rows of 3 numbers, spaces around them cut");
    if (s != NN_OK)
        tap_diag("%s", nn_error());
    Dataset d;
    s = csv_dataset(&t, path, "target", "regression", &d);
    tap_ok(s == NN_OK && d.count == 3 && d.features == 2 && d.outputs == 1
           && d.classes == 0 && d.labels == NULL && d.x[2] == -3
           && d.y[1] == 1, "regression: 2 features, the target in y");
    dataset_free(&d);
    s = csv_dataset(&t, path, "target", "binary", &d);
    tap_ok(s == NN_OK && d.outputs == 1 && d.classes == 2 && d.labels[1] == 1
           && d.y[0] == 0, "binary: one output, labels of two classes");
    dataset_free(&d);
    s = csv_dataset(&t, path, "target", "classes", &d);
    tap_ok(s == NN_OK && d.outputs == 2 && d.classes == 2 && d.y == NULL,
           "classes: as many outputs as classes, labels only");
    dataset_free(&d);
    s = csv_dataset(&t, path, "b", "binary", &d);
    tap_ok(s == NN_ERR_FORMAT && mentions("good.csv:2: column 2 (b): 2.5 is "
           "not 0 or 1"), "a binary target of 2.5: %s", nn_error());
    s = csv_dataset(&t, path, "c", "regression", &d);
    tap_ok(s == NN_ERR_ARG && mentions("no column is called \"c\"; the "
           "columns are a, b, target"), "an unknown target: %s", nn_error());
    s = csv_dataset(&t, path, "a", "ranking", &d);
    tap_ok(s == NN_ERR_ARG && mentions("regression"), "an unknown task: %s",
           nn_error());
    csv_free(&t);
}
static const struct { const char *name, *text, *message; } bad_tables[] = {
    { "empty.csv", "", "empty.csv:1: the file is empty" },
    { "header.csv", "a,b\n", "header.csv:1: the file has a header and no "
      "rows" },
    { "text.csv", "a,b\n1,2\n3,x7\n", "text.csv:3: column 2 (b): \"x7\" "
      "is not a number" },
    { "missing.csv", "a,b\n1,\n", "missing.csv:2: column 2 (b): the value "
      "is missing" },
    { "short.csv", "a,b,c\n1,2,3\n4,5\n", "short.csv:3: column 3 (c): the "
      "row ends after 2 cells; the header has 3" },
    { "long.csv", "a,b\n1,2,3\n", "long.csv:2: column 3: the row has 3 "
      "cells" },
    { "blank.csv", "a,b\n1,2\n\n3,4\n", "blank.csv:3: the line is empty" },
    { "nan.csv", "a,b\n1,nan\n", "nan.csv:2: column 2 (b): \"nan\" is not" },
    { "huge.csv", "a,b\n1,1e39\n", "huge.csv:2: column 2 (b): \"1e39\"" },
    { "noname.csv", "a,,c\n1,2,3\n", "noname.csv:1: column 2: the name "
      "\"\" is empty" },
    { "twice.csv", "a,b,a\n1,2,3\n", "twice.csv:1: column 3: the name "
      "\"a\" is also column 1's" },
    { "quoted.csv", "\"a\",b\n1,2\n", "quoted.csv:1: column 1: the name "
      "\"\"a\"\" is quoted" },
};
static void test_csv_bad(void)
{
    enum { BAD = sizeof bad_tables / sizeof *bad_tables };
    for (int k = 0; k < BAD; k++) {
        const char *path = write_file(bad_tables[k].name, bad_tables[k].text,
                                      strlen(bad_tables[k].text));
        CsvTable t;
        nn_status s = csv_read(path, &t);
        tap_ok(s == NN_ERR_FORMAT && mentions(bad_tables[k].message)
               && t.names == NULL && t.cells == NULL, "%s: %s",
               bad_tables[k].name, nn_error());
    }
    const char zero[] = "a,b\n1,\0\n";
    CsvTable t;
    nn_status s = csv_read(write_file("zero.csv", zero, sizeof zero - 1), &t);
    tap_ok(s == NN_ERR_FORMAT && mentions("zero.csv:2: the line has a zero "
           "byte"), "zero.csv: %s", nn_error());
    s = csv_read(temp_path("absent.csv"), &t);
    tap_ok(s == NN_ERR_IO && mentions("absent.csv: cannot open"),
           "a missing file: %s", nn_error());
}
static void test_scale_layer(void)
{
    const LayerSpec specs[] = { LAYER_SCALE(2),
                                LAYER_DENSE(2, 1, ACT_IDENTITY) };
    Network net;
    Rng rng;
    rng_seed(&rng, 3, 0);
    need(network_init(&net, 2, specs, 4));
    network_initialize(&net, INIT_HE, 1, &rng);
    const Layer *scale = &net.layers[0], *dense = &net.layers[1];
    tap_ok(net.param_count == 7 && net.trained_count == 3
           && dense->param_offset == 0 && scale->param_offset == 3,
           "the scale layer's 4 parameters come after the dense layer's 3");
    scalar numbers[] = { 2, 0.5f, 1, -1 };
    memcpy(net.params + 3, numbers, sizeof numbers);
    scalar rows[] = { 3, 4, -1, 0 };
    Matrix x = matrix_view(2, 2, rows);
    nn_status s = scale_kind.forward(&net.layers[0], &x, NULL);
    const scalar *y = net.layers[0].output.data;
    tap_ok(s == NN_OK && y[0] == 7 && y[1] == 1 && y[2] == -1 && y[3] == -1,
           "(3, 4) -> (%g, %g) and (-1, 0) -> (%g, %g), want (7, 1), (-1, -1)",
           (double)y[0], (double)y[1], (double)y[2], (double)y[3]);
    scalar xs[] = { 1, 2, 3, 4, 5, 6, 7, 8 }, ys[] = { 1, 2, 3, 4 };
    Dataset d = { .count = 4, .features = 2, .outputs = 1, .x = xs, .y = ys };
    Optimizer opt;
    OptimizerConfig sgd = { .kind = OPT_SGD, .learning_rate = 0.1f };
    need(optimizer_init(&opt, &sgd, net.trained_count));
    scalar before = net.params[0];
    TrainConfig config = { 2, 3, &head_mse };
    need(train_network(&net, &opt, &d, &config, &rng, NULL));
    tap_ok(memcmp(net.params + 3, numbers, sizeof numbers) == 0
           && net.params[0] != before, "training moves the dense layer and "
           "leaves the scale layer as it was");
    optimizer_free(&opt);
    network_free(&net);
}
static void test_cars(void)
{
    Dataset train, test;
    load_cars("cars-train.csv", &train);
    load_cars("cars-test.csv", &test);
    tap_ok(train.count == 314 && test.count == 78 && train.features == 7,
           "the cars: 314 to train and 78 to test, 7 features");
    const LayerSpec one[] = { LAYER_SCALE(7) };
    Network scaler;
    need(network_init(&scaler, 1, one, 314));
    need(scale_standardize(&scaler.layers[0], &train));
    Matrix all = matrix_view(314, 7, train.x);
    const Matrix *z;
    need(network_forward(&scaler, &all, &z));
    bool standard = true;
    for (int j = 0; j < 7; j++) {
        double sum = 0, squares = 0;
        for (int i = 0; i < 314; i++)
            sum += MAT(z, i, j), squares += MAT(z, i, j) * MAT(z, i, j);
        standard = standard && fabs(sum / 314) < 1e-5
                   && fabs(squares / 314 - 1) < 1e-4;
    }
    tap_ok(standard, "standardized, every column has mean 0 and variance 1");
    network_free(&scaler);
    double w[7], c = 0, rmse[2];
    need(linear_least_squares(&train, w, &c));
    double line = linear_rmse(&test, w, c);
    for (int k = 0; k < 2; k++) {
        Network net;
        fit_cars(&net, k == 0 ? linear_net : hidden_net, k == 0 ? 3 : 4,
                 &train);
        need(train_evaluate(&net, &test, &head_mse, NULL, &rmse[k]));
        network_free(&net);
    }
    tap_ok(fabs(rmse[0] - line) < 0.05, "no hidden layer: test RMSE %.3f, "
           "the least-squares line's %.3f", rmse[0], line);
    tap_ok(rmse[1] < line && rmse[1] < rmse[0], "one hidden layer: test RMSE "
           "%.3f, below both", rmse[1]);
    dataset_free(&train), dataset_free(&test);
}
static void check_real_set(const char *name, const Dataset *d, int count,
                           int per_class, int first_label)
{
    int counts[10];
    count_classes(d, 0, counts);
    bool balanced = true;
    for (int c = 0; c < 10; c++)
        balanced = balanced && counts[c] == per_class;
    tap_ok(d->count == count && d->features == 784 && d->classes == 10
           && d->outputs == 10 && d->bytes != NULL && d->x == NULL
           && d->y == NULL, "%s: %d images of 784 pixels, as bytes", name,
           count);
    tap_ok(balanced, "%s: every class has %d examples", name, per_class);
    tap_ok(d->labels[0] == first_label, "%s: the first label is %d", name,
           first_label);
}
static double mean_square_of(const Matrix *m)
{
    double sum = 0;
    for (size_t k = 0; k < matrix_size(m); k++)
        sum += (double)m->data[k] * m->data[k];
    return sum / (double)matrix_size(m);
}
static void test_input_scale(const Dataset *train)
{
    const LayerSpec specs[3] = { LAYER_DENSE(784, 256, ACT_RELU),
        LAYER_DENSE(256, 128, ACT_RELU), LAYER_DENSE(128, 10, ACT_IDENTITY) };
    Network net;
    Matrix x = { 0 }, t = { 0 };
    Rng rng;
    rng_seed(&rng, 2024, 8);
    nn_status s = network_init(&net, 3, specs, 64);
    if (s == NN_OK && (s = matrix_init(&x, 64, 784)) == NN_OK)
        s = matrix_init(&t, 64, 10);
    network_initialize(&net, INIT_HE, 0, &rng);
    Dataset raw = *train;   /* the same arrays, not to be freed through raw */
    raw.byte_scale = 1;
    const Dataset *sets[2] = { train, &raw };
    double input[2] = { 0, 0 }, logits[2] = { 0, 0 };
    for (int k = 0; s == NN_OK && k < 2; k++) {
        const Matrix *y;
        if ((s = dataset_batch(sets[k], NULL, 0, 64, &x, &t)) == NN_OK
                && (s = network_forward(&net, &x, &y)) == NN_OK) {
            input[k] = mean_square_of(&x);
            logits[k] = sqrt(mean_square_of(y));
        }
    }
    tap_diag("E[x^2] %.4g scaled, %.4g raw; root mean square of the logits "
             "%.4g scaled, %.4g raw", input[0], input[1], logits[0],
             logits[1]);
    tap_near(s == NN_OK ? logits[1] / logits[0] : 0, 255, 0.03,
             "raw bytes make the logits 255 times larger");
    matrix_free(&x);
    matrix_free(&t);
    network_free(&net);
}
static void test_fashion(void)
{
    Dataset train, test;
    if (load_set("fashion", true, &train)) {
        check_real_set("fashion training", &train, 60000, 6000, 9);
        tap_diag("the training images take %zu bytes as bytes, %zu as "
                 "floats", (size_t)train.count * train.features,
                 (size_t)train.count * train.features * sizeof(float));
        test_input_scale(&train);
        Dataset validation;
        int counts[10];
        nn_status s = dataset_split(&train, 5000, &validation);
        tap_ok(s == NN_OK && train.count == 55000 && validation.count == 5000,
               "fashion: 5000 of the training images split off for validation");
        count_classes(&validation, 0, counts);
        tap_diag("classes of the last 5000 training images: %d %d %d %d %d %d %d "
                 "%d %d %d", counts[0], counts[1], counts[2], counts[3],
                 counts[4], counts[5], counts[6], counts[7], counts[8], counts[9]);
        dataset_free(&validation);
        dataset_free(&train);
    }
    if (load_set("fashion", false, &test)) {
        check_real_set("fashion test", &test, 10000, 1000, 9);
        dataset_free(&test);
    }
    DataPaths p;
    IdxArray a = { 0 };
    nn_status status = data_paths("fashion", &p);
    if (status == NN_OK)
        status = idx_read(p.test_images, &a);
    tap_ok(status == NN_OK && a.dims == 3 && a.size[0] == 10000
           && a.size[1] == 28 && a.size[2] == 28 && a.length == 7840000,
           "fashion: the test images file is 10000 x 28 x 28");
    idx_free(&a);
}
static void test_mnist(void)
{
    DataPaths p;
    if (data_paths("mnist", &p) != NN_OK) {
        tap_diag("no MNIST digits in build/data/mnist: skipped");
        return;
    }
    Dataset sets[2];
    const int want[2] = { 8000, 2000 };
    for (int k = 0; k < 2; k++) {
        if (!load_set("mnist", k == 0, &sets[k]))
            continue;
        bool seen[10] = { false }, distinct = sets[k].count >= 10;
        for (int i = 0; distinct && i < 10; i++) {
            distinct = !seen[sets[k].labels[i]];
            seen[sets[k].labels[i]] = true;
        }
        tap_ok(sets[k].count == want[k] && sets[k].features == 784 && distinct,
               "mnist: %d digits of 784 pixels, the first ten all different",
               want[k]);
        for (int last = 500; k == 0 && last <= 2000 && last <= sets[k].count;
             last += 1500) {
            int counts[10];
            count_classes(&sets[k], sets[k].count - last, counts);
            tap_diag("digits among the last %d training images: %d %d %d %d %d "
                     "%d %d %d %d %d", last, counts[0], counts[1], counts[2],
                     counts[3], counts[4], counts[5], counts[6], counts[7],
                     counts[8], counts[9]);
        }
        dataset_free(&sets[k]);
    }
}
typedef struct {
    const char *name;
    unsigned char magic[4];
    uint32_t sizes[4];
    size_t data_bytes, cut;
    const char *words[2];
} BrokenFile;
static const BrokenFile broken_files[] = {
    { "bad-magic", { 1, 0, 8, 3 }, { 5, 2, 2 }, 20, 0,
      { "bytes 0-1", "two zero bytes" } },
    { "float-type", { 0, 0, 0x0D, 3 }, { 5, 2, 2 }, 80, 0,
      { "type code 0x0d", "32-bit floats" } },
    { "no-dimensions", { 0, 0, 8, 0 }, { 0 }, 0, 0,
      { "byte 3", "0 dimensions" } },
    { "four-dimensions", { 0, 0, 8, 4 }, { 5, 2, 2, 1 }, 20, 0,
      { "byte 3", "4 dimensions" } },
    { "zero-size", { 0, 0, 8, 3 }, { 5, 0, 2 }, 0, 0,
      { "bytes 8-11", "dimension 1 has size 0" } },
    { "size-above-int", { 0, 0, 8, 1 }, { 0x80000000u }, 0, 0,
      { "bytes 4-7", "size 2147483648" } },
    { "overflow", { 0, 0, 8, 3 }, { 0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF }, 0,
      0, { "dimension 2", "product of the sizes exceeds" } },
    { "cut-in-magic", { 0, 0, 8, 3 }, { 5, 2, 2 }, 20, 2,
      { "ends after 2 bytes", "magic number" } },
    { "cut-in-size", { 0, 0, 8, 3 }, { 5, 2, 2 }, 20, 10,
      { "ends after 10 bytes", "size of dimension 1" } },
    { "short-data", { 0, 0, 8, 3 }, { 5, 2, 2 }, 19, 0,
      { "ends after 35 bytes", "shorter than its header" } },
    { "trailing-byte", { 0, 0, 8, 3 }, { 5, 2, 2 }, 21, 0,
      { "longer than its header", "byte 36 follows" } },
};
static void test_broken_files(void)
{
    static const unsigned char zeros[128];
    int n = (int)(sizeof broken_files / sizeof broken_files[0]);
    for (int k = 0; k < n; k++) {
        const BrokenFile *b = &broken_files[k];
        const char *path = write_idx(b->name, b->magic, b->sizes, zeros,
                                     b->data_bytes, b->cut);
        IdxArray a;
        nn_status s = idx_read(path, &a);
        tap_ok(s == NN_ERR_FORMAT && mentions(path) && mentions(b->words[0])
               && mentions(b->words[1]) && a.data == NULL && a.length == 0,
               "%s is refused: %s", b->name, nn_error());
    }
    IdxArray a;
    const char *missing = temp_path("missing");
    tap_ok(idx_read(missing, &a) == NN_ERR_IO && mentions(missing)
           && mentions("cannot open"), "a missing file: %s", nn_error());
    tap_ok(idx_read(temp_dir, &a) == NN_ERR_IO && mentions(temp_dir)
           && a.data == NULL, "a directory: %s", nn_error());
}
static void test_broken_pairs(void)
{
    const char *images = write_five_images("images");
    const unsigned char bad_label[5] = { 0, 1, 2, 10, 4 };
    const char *bad = write_idx("label-10", ok_magic1, (uint32_t[]){ 5 },
                                bad_label, 5, 0);
    const unsigned char good_label[4] = { 0, 1, 2, 3 };
    const char *four = write_idx("four-labels", ok_magic1,
                                 (uint32_t[]){ 4 }, good_label, 4, 0);
    Dataset d;
    nn_status s = dataset_load_idx(&d, images, bad, 10);
    tap_ok(s == NN_ERR_FORMAT && mentions(bad)
           && mentions("label 3 (byte 11) is 10") && mentions("0 to 9")
           && d.bytes == NULL && d.labels == NULL,
           "label 10 of 10 classes is refused: %s", nn_error());
    s = dataset_load_idx(&d, images, four, 10);
    tap_ok(s == NN_ERR_FORMAT && mentions("5 images") && mentions("4 labels")
           && mentions(images) && mentions(four) && d.bytes == NULL,
           "5 images with 4 labels are refused: %s", nn_error());
    s = dataset_load_idx(&d, four, four, 10);
    tap_ok(s == NN_ERR_FORMAT && mentions("images need 3 dimensions"),
           "labels as images are refused: %s", nn_error());
}
static void test_gzip(void)
{
    const char *plain = write_five_images("plain"), *gz = temp_path("z.gz");
    unsigned char bytes[4096];
    size_t n = read_whole(plain, bytes, sizeof bytes);
    gzFile out = gzopen(gz, "wb");
    bool written = out != NULL && gzwrite(out, bytes, (unsigned)n) == (int)n;
    written = out != NULL && gzclose(out) == Z_OK && written;
    IdxArray a, b;
    nn_status s1 = idx_read(plain, &a), s2 = idx_read(gz, &b);
    tap_ok(written && s1 == NN_OK && s2 == NN_OK && same_array(&a, &b)
           && a.data[4 * 3 + 1] == 151, "a gzip copy reads the same");
    idx_free(&a);
    idx_free(&b);
    n = read_whole(gz, bytes, sizeof bytes);
    const char *cut = write_file("cut.gz", bytes, n / 2);
    tap_ok(n > 20 && idx_read(cut, &a) == NN_ERR_FORMAT && mentions(cut)
           && mentions("gzip") && a.data == NULL, "a gzip file cut short is "
           "refused: %s", nn_error());
    bytes[n - 8] ^= 0x01;
    const char *sum = write_file("checksum.gz", bytes, n);
    tap_ok(idx_read(sum, &a) == NN_ERR_FORMAT && mentions("gzip")
           && a.data == NULL, "a gzip file with a wrong checksum is refused: "
           "%s", nn_error());
}
static void test_split(void)
{
    const char *images = write_five_images("split-images");
    const char *labels = write_idx("split-labels", ok_magic1,
                                   (uint32_t[]){ 5 },
                                   (const unsigned char[]){ 4, 3, 2, 1, 0 },
                                   5, 0);
    Dataset d, v;
    nn_status s = dataset_load_idx(&d, images, labels, 5);
    tap_ok(s == NN_OK && d.count == 5 && d.features == 4 && d.classes == 5
           && d.outputs == 5 && d.x == NULL && d.bytes[5] == 51
           && d.labels[1] == 3, "five small images load");
    tap_near(d.byte_scale * 255, 1, 1e-6, "the byte scale is 1/255");
    s = dataset_split(&d, 2, &v);
    tap_ok(s == NN_OK && d.count == 3 && v.count == 2 && v.features == 4
           && v.classes == 5 && v.outputs == 5 && v.byte_scale == d.byte_scale
           && v.x == NULL && v.y == NULL, "a split leaves 3 and 2 examples");
    bool same = v.bytes != NULL && v.labels != NULL;
    for (int k = 0; same && k < 8; k++)
        same = v.bytes[k] == 50 * (3 + k / 4) + k % 4;
    tap_ok(same && v.labels[0] == 1 && v.labels[1] == 0 && d.bytes[8] == 100
           && d.labels[2] == 2, "validation holds the last two examples");
    scalar xs[2 * 4], ts[2 * 5];
    Matrix x = matrix_view(2, 4, xs), t = matrix_view(2, 5, ts);
    s = dataset_batch(&v, (const int[]){ 1, 0 }, 0, 2, &x, &t);
    tap_ok(s == NN_OK && fabs(MAT(&x, 0, 2) - 202 / 255.0) < 1e-6
           && fabs(MAT(&x, 1, 3) - 153 / 255.0) < 1e-6 && MAT(&t, 0, 0) == 1
           && MAT(&t, 1, 1) == 1 && MAT(&t, 1, 0) == 0,
           "a batch of bytes is scaled by 1/255, with one-hot targets");
    dataset_free(&v);
    tap_ok(dataset_split(&d, 3, &v) == NN_ERR_ARG && mentions("3 of 3")
           && dataset_split(&d, -1, &v) == NN_ERR_ARG && d.count == 3,
           "a split that leaves nothing to train on is refused: %s",
           nn_error());
    dataset_free(&d);
    Dataset s4 = { .count = 4, .features = 2, .outputs = 1,
                   .x = malloc(8 * sizeof(scalar)),
                   .y = malloc(4 * sizeof(scalar)) };
    for (int k = 0; s4.x != NULL && s4.y != NULL && k < 8; k++)
        s4.x[k] = (scalar)k, s4.y[k / 2] = (scalar)(10 * (k / 2));
    s = dataset_split(&s4, 1, &v);
    tap_ok(s == NN_OK && v.count == 1 && v.x != NULL && v.x[0] == 6
           && v.x[1] == 7 && v.y != NULL && v.y[0] == 30 && v.bytes == NULL
           && v.labels == NULL && s4.count == 3, "a split copies x and y");
    dataset_free(&v);
    dataset_free(&s4);
}
static void test_paths(void)
{
    DataPaths p;
    nn_status s = data_paths("fashion", &p);
    tap_ok(s == NN_OK && strstr(p.train_images, "fashion-mnist/train-"
           "images-idx3-ubyte") != NULL, "fashion: %s", p.train_images);
    write_five_images("train-images-idx3-ubyte");
    write_five_images("train-labels-idx1-ubyte.gz");
    write_five_images("t10k-images-idx3-ubyte");
    s = data_paths(temp_dir, &p);
    tap_ok(s == NN_ERR_IO && mentions(temp_dir) && mentions("neither "
           "t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz"),
           "a directory without test labels: %s", nn_error());
    write_five_images("t10k-labels-idx1-ubyte.gz");
    s = data_paths(temp_dir, &p);
    size_t n = strlen(p.test_labels);
    tap_ok(s == NN_OK && n > 3 && strcmp(p.test_labels + n - 3, ".gz") == 0
           && strstr(p.train_images, ".gz") == NULL,
           "plain and .gz files are found: %s", p.test_labels);
}

int main(void)
{
    test_fashion();
    test_mnist();
    if (!make_temp_dir())
        return tap_done();
    test_broken_files();
    test_broken_pairs();
    test_gzip();
    test_split();
    test_paths();
    test_csv_good();
    test_csv_bad();
    remove_temp_dir();
    test_scale_layer();
    test_cars();
    return tap_done();
}
