/* Checkpoint 12: numbers from text, PGM images, and the trainer. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "parse.h"
#include "pgm.h"
#include "tap.h"
#include "trainer.h"

static const char *const test_files[] = {
    "image.pgm", "bad.pgm", "straight.nn", "half.nn", "resumed.nn",
    "reseeded.nn", "run.tsv",
};

static const char *in_dir(const char *dir, const char *name)
{
    static char path[2][512];
    static int which;
    which = !which;
    snprintf(path[which], sizeof path[which], "%s/%s", dir, name);
    return path[which];
}
static bool says(const char *text)
{
    return strstr(nn_error(), text) != NULL;
}

static void write_bytes(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(bytes, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}
static bool same_files(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa != NULL && fb != NULL;
    while (same) {
        int ca = getc(fa), cb = getc(fb);
        same = ca == cb;
        if (ca == EOF || cb == EOF)
            break;
    }
    if (fa != NULL)
        fclose(fa);
    if (fb != NULL)
        fclose(fb);
    return same;
}

static void remove_files(const char *dir)
{
    for (size_t i = 0; i < sizeof test_files / sizeof *test_files; i++)
        remove(in_dir(dir, test_files[i]));
    rmdir(dir);
}
static void test_parse_long(void)
{
    long n = 0;
    tap_ok(parse_long("42", 1, 100, &n) == NN_OK && n == 42,
           "parse_long reads 42");
    tap_ok(parse_long("-7", -10, 10, &n) == NN_OK && n == -7,
           "parse_long reads -7");
    const char *junk[] = { "", "abc", "12x", "1.5", " 5", "0x10", "5 " };
    for (int i = 0; i < 7; i++) {
        n = 99;
        tap_ok(parse_long(junk[i], 0, 100, &n) == NN_ERR_ARG
               && says("not a whole number") && n == 99,
               "parse_long refuses '%s': %s", junk[i], nn_error());
    }
    const char *out[] = { "-1", "101", "99999999999999999999999" };
    for (int i = 0; i < 3; i++)
        tap_ok(parse_long(out[i], 0, 100, &n) == NN_ERR_ARG
               && says("out of range (0 to 100)"),
               "parse_long refuses %s: %s", out[i], nn_error());
}
static void test_parse_double(void)
{
    double x = 0;
    tap_ok(parse_double("0.1", 0, 1, &x) == NN_OK && x == 0.1,
           "parse_double reads 0.1");
    tap_ok(parse_double("1e-3", 0, 1, &x) == NN_OK && x == 1e-3,
           "parse_double reads 1e-3");
    const char *junk[] = { "", "abc", "0.1x", "0,1", " 0.1" };
    for (int i = 0; i < 5; i++)
        tap_ok(parse_double(junk[i], 0, 1, &x) == NN_ERR_ARG
               && says("not a number"),
               "parse_double refuses '%s': %s", junk[i], nn_error());
    const char *out[] = { "nan", "inf", "-inf", "1e999", "1e-400", "-0.5",
                          "1.5" };
    for (int i = 0; i < 7; i++)
        tap_ok(parse_double(out[i], 0, 1, &x) == NN_ERR_ARG
               && says("out of range"),
               "parse_double refuses %s: %s", out[i], nn_error());
}
static void test_parse_sizes(void)
{
    int sizes[4], count = 0;
    tap_ok(parse_sizes("784,16,10", 4, sizes, &count) == NN_OK
           && count == 3 && sizes[0] == 784 && sizes[1] == 16
           && sizes[2] == 10, "parse_sizes reads 784,16,10");
    const char *bad[][2] = {
        { "784,,10", "size 2 is missing" }, { "784,16,", "size 3 is missing" },
        { "", "size 1 is missing" }, { "784,-16,10", "size 2 is not" },
        { "784,16x,10", "size 2 is not" }, { "784, 16", "size 2 is not" },
        { "784,0,10", "size 2 must be" }, { "9999999999999", "size 1 must" },
        { "1,2,3,4,5", "more than 4 sizes" },
    };
    for (int i = 0; i < 9; i++)
        tap_ok(parse_sizes(bad[i][0], 4, sizes, &count) == NN_ERR_ARG
               && says(bad[i][1]), "parse_sizes refuses '%s': %s",
               bad[i][0], nn_error());
}
static void test_good_pgm(const char *dir)
{
    const char *path = in_dir(dir, "image.pgm");
    const char plain[] = "P2\n# made by hand\n3 2 # size\n15\n"
                         "0 5 10\n15 0 1\n";
    const unsigned char want[6] = { 0, 85, 170, 255, 0, 17 };
    unsigned char got[6] = { 0 };
    write_bytes(path, plain, sizeof plain - 1);
    tap_ok(pgm_read(path, 3, 2, got) == NN_OK
           && memcmp(got, want, 6) == 0, "P2 with comments and maxval 15");
    const unsigned char raw[6] = { 0, 1, 2, 253, 254, 255 };
    memset(got, 0, sizeof got);
    tap_ok(pgm_write(path, 3, 2, raw) == NN_OK
           && pgm_read(path, 3, 2, got) == NN_OK
           && memcmp(got, raw, 6) == 0, "P5 written and read back");
}
#define BAD(text, message) { text, sizeof text - 1, message }

static const struct {
    const char *bytes;
    size_t size;
    const char *message;
} bad_pgms[] = {
    BAD("", "not a PGM image"), BAD("P6\n3 2\n255\n", "not a PGM image"),
    BAD("P23 2\n15\n", "not a PGM image"),
    BAD("P2\n4 2\n15\n", "the image is 4x2, not 3x2"),
    BAD("P2\n3", "ends before the height"),
    BAD("P2\n3 x\n", "the height is not a number"),
    BAD("P2\n3 2\n0\n", "the maxval is 0"),
    BAD("P2\n3 2\n256\n", "the maxval is 256"),
    BAD("P2\n3 2\n999999999999\n", "the maxval is larger than"),
    BAD("P2\n3 2\n15\n0 5 10\n15 0\n", "truncated after 5 of 6 pixels"),
    BAD("P2\n3 2\n15\n0 5 10\n15 0 16\n", "row 1, column 2 is above"),
    BAD("P2\n3 2\n15\n0 5 x\n15 0 1\n", "row 0, column 2 is not a number"),
    BAD("P2\n3 2\n15\n0 5 10\n15 0 1 7\n", "junk after the last pixel"),
    BAD("P2\n3 2\n15\n0 5 10\n15 0 1x\n", "junk after the last pixel"),
    BAD("P5\n3 2\n255\n\1\2\3\4\5", "5 bytes of pixels where 6"),
    BAD("P5\n3 2\n255\n\1\2\3\4\5\6\7", "7 bytes of pixels where 6"),
    BAD("P5\n3 2\n9\n\1\2\3\4\5\12", "row 1, column 2 is above"),
    BAD("P5\n3 2\n255", "no pixels after the maxval"),
};
static void test_pgm(const char *dir)
{
    test_good_pgm(dir);
    const char *path = in_dir(dir, "bad.pgm");
    for (size_t i = 0; i < sizeof bad_pgms / sizeof *bad_pgms; i++) {
        unsigned char pixels[6] = { 7, 7, 7, 7, 7, 7 };
        write_bytes(path, bad_pgms[i].bytes, bad_pgms[i].size);
        nn_status s = pgm_read(path, 3, 2, pixels);
        tap_ok(s == NN_ERR_FORMAT && says(bad_pgms[i].message)
               && strncmp(nn_error(), path, strlen(path)) == 0
               && pixels[0] == 7, "bad PGM %zu refused: %s", i,
               nn_error());
    }
    tap_ok(pgm_read(in_dir(dir, "missing.pgm"), 3, 2,
                    (unsigned char[6]){ 0 }) == NN_ERR_IO
           && says("missing.pgm"), "a missing file: %s", nn_error());
}
static void check_log(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[256];
    bool header = f != NULL && fgets(line, sizeof line, f) != NULL
                  && strcmp(line, "epoch\ttrain_loss\tval_loss\t"
                                  "val_accuracy\tseconds\n") == 0;
    int rows = 0, epoch;
    double loss[5], val_loss, accuracy, seconds;
    bool good = true;
    while (f != NULL && rows < 5 && fgets(line, sizeof line, f) != NULL) {
        good = good && sscanf(line, "%d\t%lf\t%lf\t%lf\t%lf", &epoch,
                              &loss[rows], &val_loss, &accuracy, &seconds)
                           == 5 && epoch == rows + 1;
        rows++;
    }
    if (f != NULL)
        fclose(f);
    tap_ok(header && good && rows == 4 && loss[3] < loss[0],
           "the log has a header and epochs 1 to 4, loss falling");
}
static const LayerSpec spiral_net[] = { LAYER_DENSE(2, 16, ACT_RELU),
                                        LAYER_DENSE(16, 3, ACT_IDENTITY) };
static const OptimizerConfig spiral_sgd = { .kind = OPT_SGD,
                                            .learning_rate = 0.1f };

static void spiral_data(Dataset *train, Dataset *validation)
{
    Rng rng;
    rng_seed(&rng, 12, 1);
    if (dataset_spiral(train, 100, 3, 0.2f, &rng) != NN_OK
        || dataset_spiral(validation, 20, 3, 0.2f, &rng) != NN_OK) {
        printf("Bail out! %s\n", nn_error());
        exit(1);
    }
}

static void new_run(Network *net, TrainingState *state)
{
    if (network_init(net, 2, spiral_net, 10) != NN_OK
        || trainer_start(net, state, &spiral_sgd, 7) != NN_OK) {
        printf("Bail out! %s\n", nn_error());
        exit(1);
    }
}
typedef struct { int calls, last_done, total; bool rising; } Reports;

static void count_report(void *context, int done, int total, double loss)
{
    Reports *r = context;   /* 30 batches of 10 per epoch */
    r->rising = r->rising && done == 10 * (r->calls % 30 + 1) && loss > 0;
    r->calls++;
    r->last_done = done;
    r->total = total;
}
static void test_progress_epoch(void)
{
    Dataset train, validation;
    Network a, b;
    TrainingState sa, sb;
    spiral_data(&train, &validation);
    new_run(&a, &sa);
    new_run(&b, &sb);
    int order[300];
    double la = 0, lb = 0;
    Reports r = { 0, 0, 0, true };
    for (int e = 0; e < 2; e++) {
        train_epoch(&a, &sa.optimizer, &train, 10, &head_cross_entropy,
                    &sa.rng, order, &la);
        train_epoch_with_progress(&b, &sb.optimizer, &train, 10,
                                  &head_cross_entropy, &sb.rng, order, &lb,
                                  count_report, &r);
    }
    tap_ok(memcmp(a.params, b.params, a.param_count * sizeof(scalar)) == 0
           && la == lb, "with progress, an epoch is the same, bit for bit");
    tap_ok(r.calls == 60 && r.rising && r.last_done == 300 && r.total == 300,
           "a report after every batch (%d reports)", r.calls);
    training_state_free(&sa);
    training_state_free(&sb);
    network_free(&a);
    network_free(&b);
    dataset_free(&train);
    dataset_free(&validation);
}
static void count_epoch(void *context, const EpochReport *report)
{
    int *epochs = context;
    if (report->epoch == *epochs + 1 && report->val_metric >= 0
        && report->seconds >= 0)
        *epochs = report->epoch;
}
static nn_status run_to(int epochs, const char *resume, const Rng *reseed,
                        const char *out, FILE *log, int *reported)
{
    Dataset train, validation;
    Network net = { 0 };
    TrainingState state = { 0 };
    bool has_state = false;
    spiral_data(&train, &validation);
    nn_status s = NN_OK;
    if (resume == NULL)
        new_run(&net, &state);
    else if ((s = model_load(resume, &net, 10, &state, &has_state)) == NN_OK
             && reseed != NULL)
        state.rng = *reseed;
    int start = state.epoch;
    *reported = start;
    TrainerConfig config = { .epochs = epochs, .batch_size = 10,
                             .loss = &head_cross_entropy, .save_path = out,
                             .log = log, .on_epoch = count_epoch,
                             .context = reported };
    if (s == NN_OK && resume != NULL && !has_state)
        s = nn_fail(NN_ERR_FORMAT, "%s has no training state", resume);
    if (s == NN_OK)
        s = trainer_run(&config, &net, &state, &train, &validation);
    training_state_free(&state);
    network_free(&net);
    dataset_free(&train);
    dataset_free(&validation);
    return s;
}
static void test_resume(const char *dir)
{
    int reported = 0;
    Rng fresh;
    rng_seed(&fresh, 7, 12);
    FILE *log = fopen(in_dir(dir, "run.tsv"), "w");
    nn_status s = log != NULL ? trainer_log_header(log, &head_cross_entropy)
                              : NN_ERR_IO;
    if (s == NN_OK)
        s = run_to(4, NULL, NULL, in_dir(dir, "straight.nn"), NULL,
                   &reported);
    tap_ok(s == NN_OK && reported == 4, "four epochs straight: %s",
           s == NN_OK ? "done" : nn_error());
    s = run_to(2, NULL, NULL, in_dir(dir, "half.nn"), log, &reported);
    tap_ok(s == NN_OK && reported == 2, "two epochs");
    s = run_to(4, in_dir(dir, "half.nn"), NULL, in_dir(dir, "resumed.nn"),
               log, &reported);
    tap_ok(s == NN_OK && reported == 4, "resumed for epochs 3 and 4: %s",
           s == NN_OK ? "done" : nn_error());
    tap_ok(same_files(in_dir(dir, "straight.nn"), in_dir(dir, "resumed.nn")),
           "the resumed model is the straight one, byte for byte");
    s = run_to(4, in_dir(dir, "half.nn"), &fresh, in_dir(dir, "reseeded.nn"),
               NULL, &reported);
    tap_ok(s == NN_OK && !same_files(in_dir(dir, "straight.nn"),
                                     in_dir(dir, "reseeded.nn")),
           "a resume with a reseeded generator gives another model");
    if (log != NULL)
        fclose(log);
    check_log(in_dir(dir, "run.tsv"));
}

int main(void)
{
    char dir[] = "/tmp/nn-checkpoint-12-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    test_parse_long();
    test_parse_double();
    test_parse_sizes();
    test_pgm(dir);
    test_progress_epoch();
    test_resume(dir);
    remove_files(dir);
    return tap_done();
}
