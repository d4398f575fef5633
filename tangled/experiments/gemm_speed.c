#include <stdio.h>
#include "experiment.h"
#include "matrix.h"
#include "speed.h"

static bool measure(FILE *kernels, FILE *peak)
{
    static const int sizes[] = { 784, 256, 128, 10 };
    GemmShape shapes[3 * 3];
    int count = gemm_shapes_of_step(3, sizes, 64, shapes);
    double flop = 0;
    for (int i = 0; i < count; i++)
        flop += gemm_flop(&shapes[i]);
    CorePeak core = speed_core_peak();
    double one = core.peak * 1e-9;
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
    const char *dir = output_directory(argc, argv);
    FILE *kernels = open_output(dir, "kernels.dat");
    FILE *peak = open_output(dir, "peak.dat");
    bool measured = measure(kernels, peak);
    close_output(kernels);
    close_output(peak);
    return measured ? 0 : 1;
}
