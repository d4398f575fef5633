#include <stdio.h>
#include "matrix.h"
#include "speed.h"

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        perror(path);
    return f;
}

static bool measure(FILE *kernels, FILE *peak)
{
    static const int sizes[] = { 784, 256, 128, 10 };
    GemmShape shapes[3 * 3];
    int count = gemm_shapes_of_step(3, sizes, 64, shapes);
    double flop = 0;
    for (int i = 0; i < count; i++)
        flop += gemm_flop(&shapes[i]);
    CorePeak core = speed_core_peak();
    double one = core.clock_hz * core.flop_per_cycle * 1e-9;
    int threads = matrix_gemm_thread_count();
    fprintf(peak, "# cores GFLOP/s\n1 %.2f\n%d %.2f\n", one, threads,
            threads * one);
    fprintf(kernels, "# kernel GFLOP/s\n");
    const char *name;
    for (int k = 0; (name = matrix_gemm_kernel_name(k)) != NULL; k++) {
        double seconds;
        if (matrix_gemm_use(name) != NN_OK
            || time_gemm(shapes, count, gemm_call_book, 0.2, &seconds)
               != NN_OK) {
            fprintf(stderr, "gemm_speed: %s\n", nn_error());
            return false;
        }
        fprintf(kernels, "%s %.3f\n", name, flop / seconds * 1e-9);
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gemm_speed DIR\n");
        return 2;
    }
    FILE *kernels = open_in(argv[1], "kernels.dat");
    FILE *peak = open_in(argv[1], "peak.dat");
    int status = kernels != NULL && peak != NULL
                 && measure(kernels, peak) ? 0 : 1;
    if (kernels != NULL)
        fclose(kernels);
    if (peak != NULL)
        fclose(peak);
    return status;
}
