/* experiments/mpi_scaling.c: chapter 15's measurements, by running
   build/nn-mpi under mpirun: steps.dat (the time of a step on 1, 2 and 4
   ranks, fast and deterministic) and allreduce.dat (the time of one
   MPI_Allreduce against the buffer's bytes, on 2 ranks). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "experiment.h"
/* Runs mpirun -np ranks build/nn-mpi options; exits unless it worked.
   Returns its output, which the caller frees. */
static char *mpi_run(int ranks, const char *options)
{
    char command[512];
    snprintf(command, sizeof command, "mpirun --oversubscribe -np %d "
             "build/nn-mpi %s", ranks, options);
    FILE *p = popen(command, "r");
    char *text = calloc(1, 1 << 16);
    size_t got = p && text ? fread(text, 1, (1 << 16) - 1, p) : 0;
    if (p == NULL || text == NULL || pclose(p) != 0 || got == 0) {
        fprintf(stderr, "mpi_scaling: %s failed\n", command);
        exit(1);
    }
    return text;
}
int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    const char *run = "--epochs 4 --per-class 1000 --hidden 1024 "
                      "--groups 4 --chunk 64";
    char options[256];
    setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    setenv("OMP_NUM_THREADS", "1", 1);
    if (access("build/nn-mpi", X_OK) != 0) {
        fprintf(stderr, "mpi_scaling: build/nn-mpi is not built (it needs "
                "Open MPI: make deps)\n");
        return 1;
    }
    FILE *steps = open_output(dir, "steps.dat");
    fprintf(steps, "# ranks fast_ms fast_reduce_ms exact_ms "
            "exact_reduce_ms\n");
    for (int p = 1; p <= 4; p *= 2) {
        double ms[2][2];
        for (int exact = 0; exact < 2; exact++) {
            snprintf(options, sizeof options, "%s%s", run,
                     exact ? " --deterministic-reduce" : "");
            char *text = mpi_run(p, options), *line = strstr(text, "step_ms");
            if (line == NULL
                || sscanf(line, "step_ms %lf reduce_ms %lf", &ms[exact][0],
                          &ms[exact][1]) != 2) {
                fprintf(stderr, "mpi_scaling: no step time in: %s\n", text);
                return 1;
            }
            free(text);
        }
        fprintf(steps, "%d %.4f %.4f %.4f %.4f\n", p, ms[0][0], ms[0][1],
                ms[1][0], ms[1][1]);
    }
    close_output(steps);
    char *text = mpi_run(2, "--measure-allreduce");
    FILE *sizes = open_output(dir, "allreduce.dat");
    fprintf(sizes, "# bytes seconds\n");
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        size_t bytes;
        double seconds;
        if (sscanf(line, "bytes %zu seconds %lf", &bytes, &seconds) == 2)
            fprintf(sizes, "%zu %.9f\n", bytes, seconds);
    }
    close_output(sizes);
    free(text);
    return 0;
}
