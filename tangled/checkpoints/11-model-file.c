/* checkpoints/11-model-file.c */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "dense.h"
#include "dropout.h"
#include "loss.h"
#include "model.h"
#include "tap.h"
#include "train.h"

static char scratch[] = "/tmp/nn-checkpoint-11-XXXXXX";

static void setup(nn_status status)
{
    if (status != NN_OK) {
        printf("Bail out! %s\n", nn_error());
        exit(1);
    }
}

static const char *scratch_path(const char *name)
{
    static char path[2][sizeof scratch + 512];
    static int which;
    which = 1 - which;
    snprintf(path[which], sizeof path[which], "%s/%s", scratch, name);
    return path[which];
}
enum { MAX_FILE = 1 << 16 };

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *bytes = malloc(MAX_FILE);
    if (f == NULL || bytes == NULL)
        setup(nn_fail(NN_ERR_IO, "cannot read %s back", path));
    *size = fread(bytes, 1, MAX_FILE, f);
    fclose(f);
    return bytes;
}

static void write_file(const char *path, const unsigned char *bytes,
                       size_t size)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(bytes, 1, size, f) != size || fclose(f) != 0)
        setup(nn_fail(NN_ERR_IO, "cannot write %s", path));
}
static int count_temporaries(void)
{
    DIR *dir = opendir(scratch);
    int count = 0;
    for (struct dirent *e; dir != NULL && (e = readdir(dir)) != NULL; )
        count += strstr(e->d_name, ".tmp-") != NULL;
    if (dir != NULL)
        closedir(dir);
    return count;
}

static void make_scratch_directory(void)
{
    if (mkdtemp(scratch) == NULL)
        setup(nn_fail(NN_ERR_IO, "cannot make a scratch directory"));
}
static void remove_scratch_directory(void)
{
    DIR *dir = opendir(scratch);
    for (struct dirent *e; dir != NULL && (e = readdir(dir)) != NULL; )
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0
            && unlink(scratch_path(e->d_name)) != 0)
            rmdir(scratch_path(e->d_name));
    if (dir != NULL)
        closedir(dir);
    tap_ok(rmdir(scratch) == 0, "the scratch directory is removed");
}
static const LayerSpec test_layers[] = {
    LAYER_DENSE(3, 4, ACT_TANH), LAYER_DENSE(4, 2, ACT_IDENTITY)
};

static void test_network(Network *net, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 11);
    setup(network_init(net, 2, test_layers, 5));
    network_initialize(net, INIT_HE, 0, &rng);
    net->head = &head_cross_entropy;
    for (int l = 0; l < 2; l++)
        for (int j = 0; j < net->layers[l].outputs; j++)
            dense_state(&net->layers[l])->bias.data[j]
                = (scalar)(0.01 * (j + 1));
}
static void test_state(TrainingState *s, const Network *net)
{
    const OptimizerConfig sgd = { .kind = OPT_SGD,
                                  .learning_rate = (scalar)0.05 };
    *s = (TrainingState){ .epoch = 3 };
    rng_seed(&s->rng, 99, 5);
    for (int i = 0; i < 7; i++)
        rng_u32(&s->rng);
    setup(optimizer_init(&s->optimizer, &sgd, net->param_count));
    s->optimizer.step = 17;
}
static bool same_network(const Network *a, const Network *b)
{
    if (a->layer_count != b->layer_count || a->head != b->head
        || a->param_count != b->param_count)
        return false;
    for (int l = 0; l < a->layer_count; l++) {
        const Layer *x = &a->layers[l], *y = &b->layers[l];
        if (x->kind != y->kind || x->inputs != y->inputs
            || x->outputs != y->outputs || x->spec.act != y->spec.act
            || x->spec.rate != y->spec.rate)
            return false;
    }
    return memcmp(a->params, b->params,
                  a->param_count * sizeof(scalar)) == 0;
}
static bool same_state(TrainingState *a, TrainingState *b)
{
    const Optimizer *x = &a->optimizer, *y = &b->optimizer;
    bool same = a->epoch == b->epoch && a->rng.state == b->rng.state
                && a->rng.inc == b->rng.inc && x->config.kind == y->config.kind
                && x->step == y->step && x->param_count == y->param_count
                && x->state_buffers == y->state_buffers;
    for (int i = 0; same && i < optimizer_setting_count(); i++)
        same = memcmp(optimizer_setting(&a->optimizer.config, i),
                      optimizer_setting(&b->optimizer.config, i),
                      sizeof(scalar)) == 0;
    size_t n = (size_t)x->state_buffers * x->param_count;
    return same && (n == 0 || memcmp(x->state, y->state,
                                     n * sizeof(scalar)) == 0);
}
enum { PARAMS_AT = 76, FLAG_AT = 180, EPOCH_AT = 184, INC_AT = 196,
       KIND_AT = 204, SETTINGS_AT = 208 };

#define SETTINGS ((size_t)optimizer_setting_count())
#define STEP_AT (SETTINGS_AT + 4 + 8 * SETTINGS)
#define BUFFERS_AT (STEP_AT + 8)
#define CHECKSUM_AT (BUFFERS_AT + 4)
#define FILE_SIZE (CHECKSUM_AT + 4)

static uint32_t le32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16
           | (uint32_t)b[3] << 24;
}

static void set_le32(unsigned char *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(v >> 8 * i);
}
static bool load_fails(const char *path, nn_status want)
{
    Network net;
    TrainingState state;
    bool has_state = true;
    nn_status s = model_load(path, &net, 4, &state, &has_state);
    bool empty = net.layers == NULL && net.params == NULL
                 && state.optimizer.state == NULL && !has_state;
    if (s == NN_OK)
        network_free(&net);
    if (s == NN_OK)
        training_state_free(&state);
    return s != NN_OK && (want == NN_OK || s == want) && empty;
}
static void seal(unsigned char *b, size_t n)
{
    set_le32(b + n - 4, (uint32_t)crc32(0L, b, (uInt)(n - 4)));
}

static void check_crafted(const unsigned char *b, size_t n,
                          const char *field, const char *what)
{
    const char *path = scratch_path("crafted.nn");
    write_file(path, b, n);
    bool ok = load_fails(path, NN_ERR_FORMAT);
    tap_ok(ok && strstr(nn_error(), path) != NULL
           && strstr(nn_error(), field) != NULL, "%s: %s", what,
           nn_error());
}
static unsigned char *copy_of(const unsigned char *good, size_t n)
{
    unsigned char *b = malloc(MAX_FILE);
    if (b == NULL || n > MAX_FILE)
        setup(nn_fail(NN_ERR_NOMEM, "no room to craft a file"));
    memcpy(b, good, n);
    return b;
}

static void craft_field(const unsigned char *good, size_t n, size_t at,
                        uint32_t value, const char *field,
                        const char *what)
{
    unsigned char *b = copy_of(good, n);
    set_le32(b + at, value);
    seal(b, n);
    check_crafted(b, n, field, what);
    free(b);
}
enum { RESUME_EPOCHS = 4, RESUME_BATCH = 10 };

static void start_run(Network *net, Optimizer *opt, Rng *rng,
                      const Dataset *d)
{
    const LayerSpec layers[] = { LAYER_DENSE(2, 16, ACT_RELU),
                                 LAYER_DENSE(16, 3, ACT_IDENTITY) };
    const OptimizerConfig sgd = { .kind = OPT_SGD,
                                  .learning_rate = (scalar)0.1 };
    rng_seed(rng, 2024, 11);
    setup(network_init(net, 2, layers, RESUME_BATCH));
    network_initialize(net, INIT_HE, 0, rng);
    setup(optimizer_init(opt, &sgd, net->param_count));
    (void)d;
}
static void train_epochs(Network *net, Optimizer *opt, Rng *rng,
                         const Dataset *d, int epochs)
{
    int order[150];
    double loss;
    for (int e = 0; e < epochs; e++)
        setup(train_epoch(net, opt, d, RESUME_BATCH, &head_cross_entropy,
                          rng, order, &loss));
}
static void test_round_trip(void)
{
    Network net, back;
    TrainingState state, state_back;
    bool has_state = true;
    test_network(&net, 1);
    test_state(&state, &net);
    setup(model_save(scratch_path("plain.nn"), &net, NULL));
    setup(model_load(scratch_path("plain.nn"), &back, 5, &state_back,
                     &has_state));
    tap_ok(same_network(&net, &back) && !has_state
           && state_back.optimizer.state == NULL
           && state_back.optimizer.param_count == 0,
           "a network without a state comes back bit for bit");
    network_free(&back);
    setup(model_save(scratch_path("state.nn"), &net, &state));
    setup(model_load(scratch_path("state.nn"), &back, 9, &state_back,
                     &has_state));
    tap_ok(same_network(&net, &back) && has_state
           && same_state(&state, &state_back) && back.batch_capacity == 9,
           "a network with its training state comes back bit for bit");
    setup(model_save(scratch_path("again.nn"), &back, &state_back));
    size_t n1, n2;
    unsigned char *first = read_file(scratch_path("state.nn"), &n1);
    unsigned char *second = read_file(scratch_path("again.nn"), &n2);
    tap_ok(n1 == n2 && memcmp(first, second, n1) == 0,
           "saving what was loaded gives the same %zu bytes", n1);
    free(first);
    free(second);
    network_free(&back);
    training_state_free(&state_back);
    setup(model_load(scratch_path("state.nn"), &back, 1, NULL, &has_state));
    tap_ok(same_network(&net, &back) && has_state,
           "the state can be skipped, and its presence is still reported");
    network_free(&back);
    training_state_free(&state);
    network_free(&net);
}
static bool kind_exists(int k)
{
    OptimizerKind back;
    return optimizer_from_name(optimizer_name((OptimizerKind)k), &back)
           == NN_OK && (int)back == k;
}
static void test_every_optimizer(void)
{
    Network net, back;
    Rng rng;
    rng_seed(&rng, 11, 9);
    test_network(&net, 2);
    for (int k = 0; kind_exists(k); k++) {
        TrainingState state = { .epoch = k }, state_back;
        OptimizerConfig config = { .kind = (OptimizerKind)k };
        for (int i = 0; i < optimizer_setting_count(); i++)
            *optimizer_setting(&config, i) = (scalar)(1.0 / (i + 2));
        state.rng = rng;
        setup(optimizer_init(&state.optimizer, &config, net.param_count));
        state.optimizer.step = 1000 + k;
        size_t numbers = (size_t)state.optimizer.state_buffers * net.param_count;
        for (size_t i = 0; i < numbers; i++)
            state.optimizer.state[i] = (scalar)rng_normal(&rng);
        setup(model_save(scratch_path("kind.nn"), &net, &state));
        setup(model_load(scratch_path("kind.nn"), &back, 5, &state_back,
                         NULL));
        tap_ok(same_state(&state, &state_back), "%s: %d settings, step "
               "and %d state buffers come back bit for bit",
               optimizer_name(config.kind), optimizer_setting_count(),
               state.optimizer.state_buffers);
        network_free(&back);
        training_state_free(&state_back);
        training_state_free(&state);
    }
    network_free(&net);
}
static void test_layout(void)
{
    Network net;
    TrainingState state;
    size_t n;
    test_network(&net, 1);
    net.params[0] = 1;
    test_state(&state, &net);
    setup(model_save(scratch_path("layout.nn"), &net, &state));
    unsigned char *b = read_file(scratch_path("layout.nn"), &n);
    tap_ok(n == FILE_SIZE && memcmp(b, "NNBOOK\r\n", 8) == 0
           && memcmp(b + 8, "\x02\0\0\0", 4) == 0 && le32(b + 12) == 2
           && le32(b + 16) == 2, "%zu bytes: magic, version 2, the "
           "cross-entropy head and 2 layers, little-endian", n);
    tap_ok(le32(b + 20) == MODEL_KIND_DENSE && le32(b + 24) == 3
           && le32(b + 28) == 4 && le32(b + 32) == 1 && le32(b + 36) == 0
           && le32(b + 40) == 0x40000000u && le32(b + 44) == MODEL_KIND_DENSE
           && le32(b + 48) == 4 && le32(b + 52) == 2 && le32(b + 56) == 1
           && le32(b + 60) == 0 && le32(b + 64) == 0,
           "the layer records: dense 3 to 4 tanh (2.0), dense 4 to 2 "
           "identity (0.0)");
    tap_ok(le32(b + 68) == 26 && le32(b + 72) == 0
           && memcmp(b + PARAMS_AT, "\0\0\x80\x3f", 4) == 0,
           "26 parameters, the first of them 1.0 as 00 00 80 3f");
    tap_ok(le32(b + FLAG_AT) == 1 && le32(b + EPOCH_AT) == 3
           && le32(b + KIND_AT) == OPT_SGD && le32(b + SETTINGS_AT) == SETTINGS
           && le32(b + STEP_AT) == 17 && le32(b + BUFFERS_AT) == 0,
           "the training state: epoch 3, SGD, %zu settings, step 17, "
           "no buffers", SETTINGS);
    tap_ok(le32(b + CHECKSUM_AT) == (uint32_t)crc32(0L, b, CHECKSUM_AT),
           "the last 4 bytes are the CRC-32 of the rest");
    free(b);
    training_state_free(&state);
    network_free(&net);
}
static void test_truncation(void)
{
    size_t n, not_refused = 0;
    unsigned char *b = read_file(scratch_path("layout.nn"), &n);
    const char *cut = scratch_path("cut.nn");
    for (size_t length = 0; length < n; length++) {
        write_file(cut, b, length);
        not_refused += !load_fails(cut, NN_ERR_FORMAT);
    }
    tap_ok(not_refused == 0, "all %zu shorter files are refused (%zu "
           "were not)", n, not_refused);
    write_file(cut, b, 100);
    load_fails(cut, NN_ERR_FORMAT);
    tap_ok(strstr(nn_error(), cut) != NULL
           && strstr(nn_error(), "parameter count") != NULL,
           "a cut file is refused at the field that needs more: %s",
           nn_error());
    free(b);
}
static void test_bit_flips(void)
{
    size_t n, not_refused = 0;
    unsigned char *b = read_file(scratch_path("layout.nn"), &n);
    const char *flipped = scratch_path("flipped.nn");
    for (size_t bit = 0; bit < 8 * n; bit++) {
        b[bit / 8] ^= (unsigned char)(1u << bit % 8);
        write_file(flipped, b, n);
        not_refused += !load_fails(flipped, NN_OK);
        b[bit / 8] ^= (unsigned char)(1u << bit % 8);
    }
    tap_ok(not_refused == 0, "all %zu files with one bit flipped are "
           "refused (%zu were not)", 8 * n, not_refused);
    b[PARAMS_AT + 9] ^= 0x10;
    write_file(flipped, b, n);
    tap_ok(load_fails(flipped, NN_ERR_FORMAT)
           && strstr(nn_error(), "checksum") != NULL,
           "a changed weight is caught by the checksum: %s", nn_error());
    free(b);
}
static void test_crafted_files(void)
{
    size_t n;
    unsigned char *good = read_file(scratch_path("layout.nn"), &n);
    craft_field(good, n, 8, 3, "format version", "version 3");
    craft_field(good, n, 12, 4, "head", "head 4");
    craft_field(good, n, 16, 0, "layer count", "no layers");
    craft_field(good, n, 16, 1000000000, "layer count", "a billion layers");
    craft_field(good, n, 20, 7, "layer 0's kind", "an unknown layer kind");
    craft_field(good, n, 40, 0x4058c000u, "activation 99", "activation 99");
    craft_field(good, n, 32, 9, "layer 0's field count", "9 fields");
    craft_field(good, n, 32, 0, "a dense layer has 1", "no fields");
    craft_field(good, n, 24, 0, "layer 0's inputs", "a layer without inputs");
    craft_field(good, n, 28, (1u << 24) + 1, "layer 0's outputs",
          "a layer of 2^24 + 1 units");
    craft_field(good, n, 48, 5, "layer 1 (dense)", "layers that do not fit");
    craft_field(good, n, 44, 1, "layer 1 (dropout)", "dropout of 4 to 2");
    craft_field(good, n, 68, 25, "parameter count", "25 parameters for 26");
    unsigned char *big = copy_of(good, n);
    set_le32(big + 24, 1u << 24);
    set_le32(big + 28, 1u << 24);
    set_le32(big + 48, 1u << 24);
    set_le32(big + 52, 1u << 24);
    seal(big, n);
    check_crafted(big, n, "but the layers have", "two layers of 2^24 x 2^24");
    uint64_t huge = (1ull << 49) + (1ull << 25);
    set_le32(big + 68, (uint32_t)huge);
    set_le32(big + 72, (uint32_t)(huge >> 32));
    seal(big, n);
    char only[64];
    snprintf(only, sizeof only, "the file is only %zu bytes", n);
    check_crafted(big, n, only, "2^49 + 2^25 parameters in a small file");
    free(big);
    craft_field(good, n, FLAG_AT, 2, "training-state flag", "flag 2");
    craft_field(good, n, EPOCH_AT, 0x80000000u, "epoch count", "epoch 2^31");
    craft_field(good, n, INC_AT, 42, "generator's increment", "an even increment");
    craft_field(good, n, KIND_AT, 1000, "optimizer kind", "optimizer kind 1000");
    craft_field(good, n, SETTINGS_AT, 0xffffffffu, "number of optimizer settings",
          "4 billion settings");
    unsigned char *b = copy_of(good, SETTINGS_AT);
    set_le32(b + SETTINGS_AT, 0);
    memcpy(b + SETTINGS_AT + 4, good + STEP_AT, n - STEP_AT);
    seal(b, n - 8 * SETTINGS);
    check_crafted(b, n - 8 * SETTINGS, "optimizer kind",
                  "no settings, so no learning rate");
    craft_field(good, n, SETTINGS_AT + 8, 0x7ff80000u, "optimizer setting 0",
          "a learning rate of NaN");
    craft_field(good, n, STEP_AT + 4, 0x80000000u, "optimizer step",
          "a step beyond 2^63 - 1");
    memcpy(b, good, n - 4);
    set_le32(b + BUFFERS_AT, 1);
    memset(b + n - 4, 0, 4 * 26);
    seal(b, n + 4 * 26);
    check_crafted(b, n + 4 * 26, "number of state buffers", "a buffer for SGD");
    craft_field(good, n, BUFFERS_AT, 1u << 31, "number of state buffers",
          "2^31 buffers");
    memcpy(b, good, n);
    memcpy(b, "GIF89a\0\0", 8);
    check_crafted(b, n, "magic number", "a file that is not a model");
    memcpy(b, good, 6);
    memcpy(b + 6, good + 7, n - 7);
    check_crafted(b, n - 1, "line ending", "\\r\\n turned into \\n");
    memcpy(b, good, n - 4);
    memcpy(b + n - 4, "abc", 3);
    seal(b, n + 3);
    check_crafted(b, n + 3, "number of state buffers", "three bytes too many");
    size_t m;
    unsigned char *plain = read_file(scratch_path("plain.nn"), &m);
    memcpy(b, plain, m - 4);
    memcpy(b + m - 4, "abc", 3);
    seal(b, m + 3);
    check_crafted(b, m + 3, "checksum", "three bytes too many, without a state");
    free(plain);
    free(b);
    free(good);
}
static void test_dropout_round_trip(void)
{
    const LayerSpec specs[] = { LAYER_DENSE(3, 4, ACT_RELU),
                                LAYER_DROPOUT(4, 0.25f),
                                LAYER_DENSE(4, 2, ACT_IDENTITY) };
    Network net, back;
    setup(network_init(&net, 3, specs, 2));
    net.head = &head_binary_cross_entropy;
    for (size_t k = 0; k < net.param_count; k++)
        net.params[k] = (scalar)k / 8;
    setup(model_save(scratch_path("dropout.nn"), &net, NULL));
    setup(model_load(scratch_path("dropout.nn"), &back, 2, NULL, NULL));
    tap_ok(same_network(&net, &back) && back.layers[1].kind == &dropout_kind
           && back.layers[1].spec.rate == 0.25f,
           "a dropout layer and its rate, and the head, come back");
    network_free(&back);
    network_free(&net);
}
static void test_version_1(void)
{
    size_t n;
    unsigned char *v2 = read_file(scratch_path("layout.nn"), &n);
    unsigned char *v1 = copy_of(v2, n);
    size_t rest = n - 68;            /* from the parameter count on */
    set_le32(v1 + 8, 1);
    set_le32(v1 + 12, 2);
    const uint32_t records[8] = { 0, 3, 4, ACT_TANH, 0, 4, 2, ACT_IDENTITY };
    for (int k = 0; k < 8; k++)
        set_le32(v1 + 16 + 4 * k, records[k]);
    memmove(v1 + 48, v2 + 68, rest);
    seal(v1, 48 + rest);
    write_file(scratch_path("v1.nn"), v1, 48 + rest);
    Network net, back;
    TrainingState state, state_back;
    test_network(&net, 1);
    net.params[0] = 1;
    test_state(&state, &net);
    setup(model_load(scratch_path("v1.nn"), &back, 5, &state_back, NULL));
    tap_ok(same_network(&net, &back) && same_state(&state, &state_back)
           && back.head == &head_cross_entropy,
           "a file of version 1 loads, with the cross-entropy head");
    network_free(&back);
    training_state_free(&state_back);
    training_state_free(&state);
    network_free(&net);
    free(v1);
    free(v2);
}
static void test_failed_saves(void)
{
    Network old_net, new_net;
    size_t n_before, n_after;
    char path[600];
    snprintf(path, sizeof path, "%s", scratch_path("model.nn"));
    test_network(&old_net, 3);
    test_network(&new_net, 4);
    setup(model_save(path, &old_net, NULL));
    unsigned char *before = read_file(path, &n_before);
    struct rlimit old_limit, low;
    if (getrlimit(RLIMIT_FSIZE, &old_limit) != 0)
        setup(nn_fail(NN_ERR_IO, "getrlimit failed"));
    low = old_limit;
    low.rlim_cur = 100;
    signal(SIGXFSZ, SIG_IGN);
    fflush(stdout);
    setrlimit(RLIMIT_FSIZE, &low);
    nn_status s = model_save(path, &new_net, NULL);
    setrlimit(RLIMIT_FSIZE, &old_limit);
    tap_ok(s == NN_ERR_IO && strstr(nn_error(), path) != NULL,
           "a save that cannot write fails: %s", nn_error());
    unsigned char *after = read_file(path, &n_after);
    tap_ok(n_after == n_before && memcmp(before, after, n_before) == 0
           && count_temporaries() == 0, "the old file is untouched and "
           "no temporary file is left");
    const char *missing = scratch_path("missing/model.nn");
    tap_ok(model_save(missing, &new_net, NULL) == NN_ERR_IO
           && strstr(nn_error(), missing) != NULL && count_temporaries() == 0,
           "a save into a missing directory fails: %s", nn_error());
    const char *dir = scratch_path("directory.nn");
    if (mkdir(dir, 0700) != 0)
        setup(nn_fail(NN_ERR_IO, "cannot make %s", dir));
    tap_ok(model_save(dir, &new_net, NULL) == NN_ERR_IO
           && count_temporaries() == 0,
           "a save over a directory is refused: %s", nn_error());
    Network none;
    tap_ok(model_load(dir, &none, 1, NULL, NULL) == NN_ERR_IO
           && model_load(missing, &none, 1, NULL, NULL) == NN_ERR_IO
           && none.layers == NULL,
           "loading a directory or a missing file fails: %s", nn_error());
    setup(model_save(path, &new_net, NULL));
    free(after);
    after = read_file(path, &n_after);
    tap_ok(memcmp(before, after, n_after) != 0 && count_temporaries() == 0,
           "a save that succeeds replaces the old file");
    free(before);
    free(after);
    network_free(&old_net);
    network_free(&new_net);
}
static void resumed_run(const Dataset *d, bool keep_generator,
                        Network *out)
{
    TrainingState state = { .epoch = 2 };
    Network net;
    start_run(&net, &state.optimizer, &state.rng, d);
    train_epochs(&net, &state.optimizer, &state.rng, d, 2);
    setup(model_save(scratch_path("resume.nn"), &net, &state));
    network_free(&net);
    training_state_free(&state);
    setup(model_load(scratch_path("resume.nn"), out, RESUME_BATCH, &state,
                     NULL));
    if (!keep_generator)
        rng_seed(&state.rng, 2024, 11);
    train_epochs(out, &state.optimizer, &state.rng, d,
                 RESUME_EPOCHS - state.epoch);
    training_state_free(&state);
}
static void test_exact_resume(void)
{
    Dataset d;
    Rng data_rng;
    Network straight, resumed, reseeded;
    Optimizer opt;
    Rng rng;
    rng_seed(&data_rng, 7, 3);
    setup(dataset_spiral(&d, 50, 3, (scalar)0.2, &data_rng));
    start_run(&straight, &opt, &rng, &d);
    train_epochs(&straight, &opt, &rng, &d, RESUME_EPOCHS);
    optimizer_free(&opt);
    resumed_run(&d, true, &resumed);
    resumed_run(&d, false, &reseeded);
    tap_ok(same_network(&straight, &resumed), "two epochs, save, load, "
           "two epochs: the same bits as four epochs straight");
    tap_ok(!same_network(&straight, &reseeded), "without the saved "
           "generator, the resumed run ends elsewhere");
    network_free(&straight);
    network_free(&resumed);
    network_free(&reseeded);
    dataset_free(&d);
}

int main(void)
{
    make_scratch_directory();
    test_round_trip();
    test_every_optimizer();
    test_layout();
    test_truncation();
    test_bit_flips();
    test_crafted_files();
    test_dropout_round_trip();
    test_version_1();
    test_failed_saves();
    test_exact_resume();
    remove_scratch_directory();
    return tap_done();
}
