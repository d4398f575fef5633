/* tests/fuzz/fuzz.h: what the libFuzzer harnesses share. The loaders
   read files by path, so each input is written to a file of the
   harness's own (one per process, in $TMPDIR) before it is loaded. */
#ifndef NN_FUZZ_H
#define NN_FUZZ_H
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The path of the harness's file called name, made once. */
static inline const char *fuzz_path(const char *name)
{
    static char paths[4][4096];
    static int used;
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char want[4096];
    snprintf(want, sizeof want, "%s/nn-fuzz-%ld-%s", dir, (long)getpid(),
             name);
    for (int i = 0; i < used; i++)
        if (strcmp(paths[i], want) == 0)
            return paths[i];
    if (used == 4)
        abort();
    strcpy(paths[used], want);
    return paths[used++];
}

/* Writes n bytes to the harness's file called name; returns its path. */
static inline const char *fuzz_file(const char *name, const uint8_t *data,
                                    size_t n)
{
    const char *path = fuzz_path(name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || (n > 0 && fwrite(data, 1, n, f) != n) || fclose(f) != 0)
        abort();
    return path;
}
#endif
