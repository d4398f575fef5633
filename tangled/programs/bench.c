/* build/bench: chapter 13's measurements. Run it with make bench. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "dropout.h"
#include "idx.h"
#include "speed.h"
#include "train.h"

#ifdef NN_OPENBLAS
#include <cblas.h>

static void gemm_call_openblas(const GemmShape *s, const scalar *a,
                               const scalar *b, scalar *c)
{
#ifdef NN_SCALAR_DOUBLE
    cblas_dgemm(
#else
    cblas_sgemm(
#endif
        CblasRowMajor, s->trans_a ? CblasTrans : CblasNoTrans,
        s->trans_b ? CblasTrans : CblasNoTrans, s->m, s->n, s->k, 1, a,
        s->trans_a ? s->m : s->k, b, s->trans_b ? s->k : s->n, 0, c, s->n);
}
#endif
static void cpuinfo(const char *field, char *value, size_t size)
{
    char line[512];
    snprintf(value, size, "(unknown)");
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        char *colon = strchr(line, ':');
        if (colon != NULL && strncmp(line, field, strlen(field)) == 0) {
            snprintf(value, size, "%s", colon + 2);
            value[strcspn(value, "\n")] = '\0';
            break;
        }
    }
    if (f != NULL)
        fclose(f);
}
static CorePeak describe_machine(int threads)
{
    char model[256], mhz[64];
    cpuinfo("model name", model, sizeof model);
    cpuinfo("cpu MHz", mhz, sizeof mhz);
    CorePeak core = speed_core_peak();
    double one = core.peak * 1e-9;
    printf("processor: %s; /proc/cpuinfo says %s MHz\n", model, mhz);
    printf("peak of one core, independent multiply-adds of each width:\n");
    for (int w = 0; w < SPEED_WIDTHS && core.name[w] != NULL; w++)
        if (core.rate[w] > 0)
            printf("  %-10s %7.1f GFLOP/s\n", core.name[w],
                   core.rate[w] * 1e-9);
        else
            printf("  %-10s (not on this processor)\n", core.name[w]);
    printf("micro-kernel: %s; threads: %d\n", matrix_gemm_micro_kernel(),
           threads);
    printf("peak: %.1f GFLOP/s per core (%s), %.1f GFLOP/s on %d cores\n",
           one, core.name[core.best], one * threads, threads);
    return core;
}
enum { STEP_SHAPES = 8, SHAPES = STEP_SHAPES + 1 };

static double step_flop(const GemmShape *shapes)
{
    double flop = 0;
    for (int i = 0; i < STEP_SHAPES; i++)
        flop += gemm_flop(&shapes[i]);
    return flop;
}
static nn_status bench_row(const char *name, gemm_call *call,
                           const GemmShape *shapes, double peak)
{
    double seconds, gflops[SHAPES + 1];
    nn_status s = time_gemm(shapes, STEP_SHAPES, call, 0.3, &seconds);
    gflops[0] = step_flop(shapes) / seconds * 1e-9;
    for (int i = 0; i < SHAPES && s == NN_OK; i++) {
        s = time_gemm(&shapes[i], 1, call, 0.2, &seconds);
        gflops[i + 1] = gemm_flop(&shapes[i]) / seconds * 1e-9;
    }
    printf("%-12s", name);
    for (int i = 0; i <= SHAPES && s == NN_OK; i++)
        printf(" %7.1f", gflops[i]);
    printf("\n%-12s", "");
    for (int i = 0; i <= SHAPES && s == NN_OK; i++)
        printf(" %6.0f%%", 100 * gflops[i] / peak);
    printf("\n");
    fflush(stdout);
    return s;
}
static nn_status bench_kernels(CorePeak core, int threads)
{
    static const int sizes[] = { 784, 256, 128, 10 };
    GemmShape shapes[SHAPES];
    gemm_shapes_of_step(3, sizes, 64, shapes);
    shapes[STEP_SHAPES] = (GemmShape){ "square", false, false,
                                       1024, 1024, 1024 };
    double one = core.peak * 1e-9;
    printf("\nGFLOP/s (and %% of the peak) of each kernel, at the shapes of "
           "a training step\nof 784-256-128-10 at batch 64, and a square "
           "1024^3 multiply:\n\n%-12s %7s", "", "step");
    for (int i = 0; i < SHAPES; i++)
        printf(" %7.7s", shapes[i].what);
    printf("\n%-12s %7s", "m x n x k", "");
    for (int i = 0; i < SHAPES; i++)
        printf(" %7d", shapes[i].m);
    printf("\n%-12s %7s", "", "");
    for (int i = 0; i < SHAPES; i++)
        printf(" %3dx%-3d", shapes[i].n, shapes[i].k);
    printf("\n");
    nn_status s = NN_OK;
    const char *name;
    for (int k = 0; s == NN_OK
                    && (name = matrix_gemm_kernel_name(k)) != NULL; k++) {
        s = matrix_gemm_use(name);
        if (s == NN_OK)
            s = bench_row(name, gemm_call_book, shapes,
                          strcmp(name, "threads") == 0 ? one * threads : one);
    }
    #ifdef NN_OPENBLAS
    printf("\nOpenBLAS: kernels for %s; %s\n", openblas_get_corename(),
           openblas_get_config());
    for (int t = 1; s == NN_OK && t <= threads; t += threads > 1 ? threads - 1
                                                                    : 1) {
        char name[32];
        snprintf(name, sizeof name, "openblas-%d", t);
        openblas_set_num_threads(t);
        s = bench_row(name, gemm_call_openblas, shapes, one * t);
    }
    openblas_set_num_threads(1);
    #endif
    return s;
}
static nn_status load_fashion(Dataset *train, Dataset *test)
{
    DataPaths paths;
    Dataset validation = { 0 };
    nn_status s = data_paths("fashion", &paths);
    if (s == NN_OK)
        s = dataset_load_idx(train, paths.train_images,
                             paths.train_labels, 10);
    if (s == NN_OK)
        s = dataset_split(train, 5000, &validation);
    if (s == NN_OK)
        s = dataset_load_idx(test, paths.test_images, paths.test_labels,
                             10);
    dataset_free(&validation);
    return s;
}
static nn_status reference_network(Network *net, Optimizer *opt, Rng *rng,
                                   scalar dropout)
{
    static const LayerSpec layers[] = {
        LAYER_DENSE(784, 256, ACT_RELU), LAYER_DENSE(256, 128, ACT_RELU),
        LAYER_DENSE(128, 10, ACT_IDENTITY),
    };
    rng_seed(rng, 1, 0);
    nn_status s = network_init(net, 3, layers, 64);
    if (s == NN_OK) {
        network_initialize(net, INIT_HE, 0, rng);
        OptimizerConfig adam = optimizer_defaults(OPT_ADAM);  /* 0.001 */
        s = optimizer_init(opt, &adam, net->param_count);
    }
    for (int l = 2; l >= 1 && dropout > 0 && s == NN_OK; l--) {
        const LayerSpec drop = LAYER_DROPOUT(net->layers[l].inputs, dropout);
        s = network_insert(net, l, &drop);
    }
    network_set_training(net, rng);
    return s;
}
static nn_status train_epochs(const Dataset *train, const Dataset *test,
                              int request, int *order, double *best)
{
    Network net;
    Optimizer opt = { 0 };
    Rng rng;
    nn_status s = reference_network(&net, &opt, &rng, 0);
    matrix_gemm_threads(request);
    int threads = matrix_gemm_thread_count();
    *best = 0;
    for (int epoch = 1; epoch <= 3 && s == NN_OK; epoch++) {
        double loss, start = speed_seconds();
        s = train_epoch(&net, &opt, train, 64, &head_cross_entropy, &rng,
                        order, &loss);
        double seconds = speed_seconds() - start;
        *best = *best == 0 || seconds < *best ? seconds : *best;
        printf("  %d thread%s, epoch %d: %.2f s, loss %.4f\n", threads,
               threads == 1 ? "" : "s", epoch, seconds, loss);
    }
    double loss, correct;
    network_set_training(&net, NULL);
    if (s == NN_OK && (s = train_evaluate(&net, test, &head_cross_entropy, &loss,
                                    &correct)) == NN_OK)
        printf("  test accuracy after 3 epochs: %.4f\n", correct);
    matrix_gemm_threads(0);
    optimizer_free(&opt);
    network_free(&net);
    return s;
}
static nn_status report_multiplies(int request, int steps, double epoch)
{
    static const int sizes[] = { 784, 256, 128, 10 };
    GemmShape shapes[STEP_SHAPES];
    gemm_shapes_of_step(3, sizes, 64, shapes);
    double seconds;
    matrix_gemm_threads(request);
    nn_status s = time_gemm(shapes, STEP_SHAPES, gemm_call_book, 0.3,
                            &seconds);
    matrix_gemm_threads(0);
    if (s == NN_OK)
        printf("  fastest epoch %.2f s; its %d steps' multiplies take about "
               "%.2f s (%.0f%%), the rest %.2f s\n", epoch, steps,
               steps * seconds, 100 * steps * seconds / epoch,
               epoch - steps * seconds);
    return s;
}
typedef struct { double epoch, gemm, packing; } EpochProfile;

static nn_status profiled_epoch(Network *net, Optimizer *opt,
                                const Dataset *train, Rng *rng,
                                int *order, EpochProfile *p)
{
    matrix_gemm_profile(true);
    double start = speed_seconds();
    nn_status s = train_epoch(net, opt, train, 64, &head_cross_entropy,
                              rng, order, NULL);
    p->epoch = speed_seconds() - start;
    matrix_gemm_profile_read(&p->gemm, &p->packing);
    matrix_gemm_profile(false);
    return s;
}
static double time_update(Network *net, Optimizer *opt, int steps)
{
    double start = speed_seconds();
    for (int i = 0; i < steps; i++)
        optimizer_step(opt, net->params, net->grads);
    return speed_seconds() - start;
}
static double time_activations(int steps)
{
    Matrix y[2], g[2];
    bool ok = true;
    for (int l = 0; l < 2; l++) {
        y[l] = g[l] = (Matrix){ 0 };
        if (matrix_init(&y[l], 64, 256 >> l) != NN_OK
            || matrix_init(&g[l], 64, 256 >> l) != NN_OK)
            ok = false;
    }
    for (int l = 0; l < 2 && ok; l++)
        for (int i = 0; i < 64 * (256 >> l); i++)
            y[l].data[i] = g[l].data[i] = (scalar)((i % 7) - 3);
    double start = speed_seconds();
    for (int i = 0; i < steps && ok; i++)
        for (int l = 0; l < 2; l++) {
            activation_forward(ACT_RELU, &y[l]);
            activation_backward(ACT_RELU, &y[l], &g[l]);
        }
    double seconds = speed_seconds() - start;
    for (int l = 0; l < 2; l++) {
        matrix_free(&y[l]);
        matrix_free(&g[l]);
    }
    return ok ? seconds : 0;
}
static void profile_line(const char *what, double seconds, double epoch)
{
    printf("  %-40s %6.3f s %5.1f%%\n", what, seconds,
           100 * seconds / epoch);
}
static nn_status profile_step(const Dataset *train, int *order,
                              int request, double peak)
{
    Network net[2];
    Optimizer opt[2];
    Rng rng[2];
    EpochProfile best[2] = { { 0, 0, 0 }, { 0, 0, 0 } }, e;
    double outside[2] = { 0, 0 };   /* the best epoch less its multiplies */
    nn_status s = NN_OK;
    memset(opt, 0, sizeof opt);
    for (int d = 0; d < 2; d++)     /* 0: without dropout, 1: with */
        if (s == NN_OK)
            s = reference_network(&net[d], &opt[d], &rng[d], d ? 0.3f : 0);
    matrix_gemm_threads(request);
    for (int round = 0; round < 2; round++)
        for (int d = 0; d < 2 && s == NN_OK; d++) {
            s = profiled_epoch(&net[d], &opt[d], train, &rng[d], order, &e);
            if (best[d].epoch == 0 || e.epoch < best[d].epoch)
                best[d] = e;
            if (outside[d] == 0 || e.epoch - e.gemm < outside[d])
                outside[d] = e.epoch - e.gemm;
        }
    if (s == NN_OK)
        {
            static const int sizes[] = { 784, 256, 128, 10 };
            GemmShape shapes[STEP_SHAPES];
            gemm_shapes_of_step(3, sizes, 64, shapes);
            double flop = step_flop(shapes) * train->count / 64;
            int steps = (train->count + 63) / 64;
            double update = time_update(&net[1], &opt[1], steps);
            double act = time_activations(steps);
            const EpochProfile *p = &best[1];
            double epoch = p->gemm + outside[1];
            int threads = matrix_gemm_thread_count();
            printf("  profile of an epoch with dropout 0.3 (as nn train), %d "
                   "thread%s:\n", threads, threads == 1 ? "" : "s");
            profile_line("the whole epoch", epoch, epoch);
            profile_line("multiplies, without their packing",
                         p->gemm - p->packing, epoch);
            profile_line("packing the multiplies' panels", p->packing, epoch);
            profile_line("dropout (rest with, less rest without)",
                         outside[1] - outside[0], epoch);
            profile_line("Adam's update (timed alone)", update, epoch);
            profile_line("ReLU forward and backward (timed alone)", act, epoch);
            profile_line("the rest: batches, biases, loss",
                         outside[0] - update - act, epoch);
            printf("  the multiplies: %.1f GFLOP/s over the epoch, %.0f%% of the "
                   "peak of %d core%s\n", flop / p->gemm * 1e-9,
                   100 * flop / p->gemm / peak, threads, threads == 1 ? "" : "s");
        }
    matrix_gemm_threads(0);
    for (int d = 0; d < 2; d++) {
        optimizer_free(&opt[d]);
        network_free(&net[d]);
    }
    return s;
}
static nn_status bench_training(CorePeak core, int threads)
{
    Dataset train = { 0 }, test = { 0 };
    printf("\ntraining 784-256-128-10 (ReLU, Adam, learning rate 0.001, "
           "batch 64) on Fashion-MNIST\n");
    nn_status s = load_fashion(&train, &test);
    int *order = s == NN_OK ? malloc((size_t)train.count * sizeof *order)
                            : NULL;
    if (s == NN_OK && order == NULL)
        s = nn_fail(NN_ERR_NOMEM, "bench: out of memory");
    for (int t = threads; s == NN_OK && t >= 1; t = t > 1 ? 1 : 0) {
        double best;
        int request = t == threads ? 0 : t;
        s = train_epochs(&train, &test, request, order, &best);
        if (s == NN_OK)
            s = report_multiplies(request, (train.count + 63) / 64, best);
        if (s == NN_OK)
            s = profile_step(&train, order, request, core.peak * t);
    }
    free(order);
    dataset_free(&train);
    dataset_free(&test);
    return s;
}

int main(void)
{
    int threads = matrix_gemm_thread_count();
    CorePeak core = describe_machine(threads);
    if (bench_kernels(core, threads) != NN_OK
        || bench_training(core, threads) != NN_OK) {
        fprintf(stderr, "bench: %s\n", nn_error());
        return 1;
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("\npeak memory of this process (ru_maxrss): %.1f MB\n",
           usage.ru_maxrss / 1024.0);
    return 0;
}
