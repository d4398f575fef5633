/* programs/nn-mpi.c: data-parallel training of chapter 7's spiral over
   MPI: mpirun -np P build/nn-mpi [options]. */
#define _POSIX_C_SOURCE 200809L
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "shard.h"
#include "train.h"
#ifdef NN_SCALAR_DOUBLE
#define MPI_SCALAR MPI_DOUBLE
#else
#define MPI_SCALAR MPI_FLOAT
#endif
typedef struct {
    int epochs, chunk, groups, hidden, per_class;
    double learning_rate;
    long seed;
    const char *out;        /* the model file, after every epoch */
    const char *params;     /* the parameters as text, at the end */
    int deterministic;      /* --deterministic-reduce */
    int measure_allreduce;  /* --measure-allreduce: only that */
    int fail_rank, fail_epoch, fail_exit;   /* tests: a rank that fails */
} Settings;

typedef struct {
    Settings set;
    int rank, ranks;
    Shard shard;
    scalar *chunks;         /* deterministic: G gradients of all ranks */
    int chunks_held;        /* of this rank's L, so far in this batch */
    double reduce_seconds;  /* in MPI calls */
    long reduces;
} Run;
static _Noreturn void stop_all(const Run *run, const char *message)
{
    fprintf(stderr, "nn-mpi: rank %d of %d: %s; stopping every rank\n",
            run->rank, run->ranks, message);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1);   /* MPI_Abort does not return */
}
static void measure_allreduce(const Run *run)
{
    enum { LARGEST = 1 << 22 };   /* floats: 16 MB */
    float *buffer = calloc(LARGEST, sizeof(float));
    if (buffer == NULL)
        stop_all(run, "out of memory for the allreduce's buffer");
    for (int n = 1; n <= LARGEST; n *= 4) {
        int times = n < 4096 ? 1000 : n < 262144 ? 100 : 10;
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        for (int k = 0; k < times; k++)
            MPI_Allreduce(MPI_IN_PLACE, buffer, n, MPI_FLOAT, MPI_SUM,
                          MPI_COMM_WORLD);
        double seconds = (MPI_Wtime() - start) / times;
        if (run->rank == 0)
            printf("bytes %zu seconds %.9f\n", 4 * (size_t)n, seconds);
    }
    free(buffer);
}
static nn_status sum_gradients(void *context, Network *net, int rows,
                               bool *step)
{
    Run *run = context;
    int n = (int)net->param_count, L = shard_local_groups(&run->shard);
    double start = MPI_Wtime();
    (void)rows;
    if (!run->set.deterministic) {
        MPI_Allreduce(MPI_IN_PLACE, net->grads, n, MPI_SCALAR, MPI_SUM,
                      MPI_COMM_WORLD);
        for (int i = 0; i < n; i++)
            net->grads[i] /= (scalar)run->ranks;
    } else {
        int k = run->chunks_held++;
        scalar *mine = run->chunks + (size_t)(run->rank * L) * n;
        memcpy(mine + (size_t)k * n, net->grads, (size_t)n * sizeof(scalar));
        *step = run->chunks_held == L;
        if (*step) {
            MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, run->chunks,
                          L * n, MPI_SCALAR, MPI_COMM_WORLD);
            shard_mean_in_order(run->chunks, run->shard.groups,
                                (size_t)n, net->grads);
            run->chunks_held = 0;
        }
    }
    run->reduce_seconds += MPI_Wtime() - start;
    run->reduces += *step;
    return NN_OK;
}
static nn_status after_epoch(void *context, Network *net,
                             const EpochReport *report, bool *stop)
{
    Run *run = context;
    double loss = report->train_loss;
    (void)stop;
    if (run->rank == run->set.fail_rank
        && report->epoch == run->set.fail_epoch) {
        if (run->set.fail_exit)
            _Exit(3);
        return nn_fail(NN_ERR_ARG, "failing at epoch %d as --fail-rank "
                       "asked", report->epoch);
    }
    MPI_Allreduce(MPI_IN_PLACE, &loss, 1, MPI_DOUBLE, MPI_SUM,
                  MPI_COMM_WORLD);
    if (run->rank != 0)
        return NN_OK;
    printf("epoch %d loss %.6f seconds %.4f\n", report->epoch,
           loss / run->ranks, report->seconds);
    fflush(stdout);
    return run->set.out ? model_save(run->set.out, net, NULL) : NN_OK;
}
static Settings read_settings(int argc, char **argv)
{
    Settings s = { .epochs = 3, .chunk = 8, .groups = 4, .hidden = 32,
                   .per_class = 200, .learning_rate = 0.1, .seed = 1,
                   .fail_rank = -1 };
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int *n = !strcmp(o, "--epochs") ? &s.epochs
               : !strcmp(o, "--chunk") ? &s.chunk
               : !strcmp(o, "--groups") ? &s.groups
               : !strcmp(o, "--hidden") ? &s.hidden
               : !strcmp(o, "--per-class") ? &s.per_class
               : !strcmp(o, "--fail-rank") ? &s.fail_rank
               : !strcmp(o, "--fail-epoch") ? &s.fail_epoch : NULL;
        if (!strcmp(o, "--deterministic-reduce"))
            s.deterministic = 1;
        else if (!strcmp(o, "--fail-exit"))
            s.fail_exit = 1;
        else if (!strcmp(o, "--measure-allreduce"))
            s.measure_allreduce = 1;
        else if (v != NULL && n != NULL && (i++, 1))
            *n = atoi(v);
        else if (v != NULL && !strcmp(o, "--learning-rate") && (i++, 1))
            s.learning_rate = atof(v);
        else if (v != NULL && !strcmp(o, "--seed") && (i++, 1))
            s.seed = atol(v);
        else if (v != NULL && !strcmp(o, "--out") && (i++, 1))
            s.out = v;
        else if (v != NULL && !strcmp(o, "--params") && (i++, 1))
            s.params = v;
        else {
            fprintf(stderr, "nn-mpi: %s: unknown option or no value; the "
                    "options are --epochs --chunk --groups --hidden "
                    "--per-class --learning-rate --seed --out FILE --params FILE "
                    "--deterministic-reduce --fail-rank R --fail-epoch E "
                    "--fail-exit --measure-allreduce\n", o);
            exit(2);
        }
    }
    return s;
}
static void order_of_run(void *context, int *order, int count, Rng *rng)
{
    shard_order(&((Run *)context)->shard, order, count, rng);
}
int main(int argc, char **argv)
{
    Run run = { .set = read_settings(argc, argv) };
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &run.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &run.ranks);
    if (run.set.measure_allreduce) {
        measure_allreduce(&run);
        MPI_Finalize();
        return 0;
    }
    Dataset all = { 0 }, mine = { 0 };
    Network net = { 0 };
    Optimizer opt = { 0 };
    Rng rng;
    rng_seed(&rng, (uint64_t)run.set.seed, 0);
    int L = 0;
    const LayerSpec specs[] = {
        LAYER_DENSE(2, run.set.hidden, ACT_RELU),
        LAYER_DENSE(run.set.hidden, 3, ACT_IDENTITY)
    };
    OptimizerConfig sgd = optimizer_defaults(OPT_SGD);
    sgd.learning_rate = (scalar)run.set.learning_rate;
    if (dataset_spiral(&all, run.set.per_class, 3, (scalar)0.2, &rng) != NN_OK
        || shard_init(&run.shard, all.count, run.set.groups, run.ranks,
                      run.rank, run.set.chunk, (uint64_t)run.set.seed) != NN_OK
        || shard_dataset(&run.shard, &all, &mine) != NN_OK
        || network_init(&net, 2, specs,
                        (L = shard_local_groups(&run.shard)) * run.set.chunk)
               != NN_OK
        || optimizer_init(&opt, &sgd, net.trained_count) != NN_OK)
        stop_all(&run, nn_error());
    dataset_free(&all);
    network_initialize(&net, INIT_HE, 0, &rng);
    net.head = &head_cross_entropy;   /* saved with the model (chapter 11) */
    run.chunks = malloc((size_t)run.set.groups * net.param_count
                        * sizeof(scalar));
    if (run.chunks == NULL)
        stop_all(&run, "out of memory for the gradients of the chunks");
    TrainConfig config = {
        .batch_size = run.set.deterministic ? run.set.chunk : L * run.set.chunk,
        .epochs = run.set.epochs, .loss = &head_cross_entropy };
    TrainHooks hooks = { .order = order_of_run, .after_backward = sum_gradients,
                         .after_epoch = after_epoch, .context = &run };
    int done = 0;
    double start = MPI_Wtime();
    if (train_run(&net, &opt, &mine, &config, &hooks, &rng, &done) != NN_OK)
        stop_all(&run, nn_error());
    double seconds = MPI_Wtime() - start;
    if (run.rank == 0)
        printf("ranks %d steps %ld step_ms %.4f reduce_ms %.4f\n", run.ranks,
               run.reduces, 1e3 * seconds / (double)run.reduces,
               1e3 * run.reduce_seconds / (double)run.reduces);
    FILE *f = run.rank == 0 && run.set.params ? fopen(run.set.params, "w")
                                              : NULL;
    for (size_t i = 0; f != NULL && i < net.param_count; i++)
        fprintf(f, "%.9g\n", (double)net.params[i]);
    if (f != NULL && fclose(f) != 0)
        stop_all(&run, "cannot write the parameters");
    if (run.rank == 0 && run.set.params && f == NULL)
        stop_all(&run, "cannot open the file for the parameters");
    free(run.chunks);
    optimizer_free(&opt);
    network_free(&net);
    dataset_free(&mine);
    MPI_Finalize();
    return 0;
}
