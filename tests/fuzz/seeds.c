/* tests/fuzz/seeds.c: writes the fuzzers' seed corpora from real files:
   the first examples of the build's MNIST digits and of Debian's
   Fashion-MNIST (IDX, plain and gzip), tests/data/model-v1.nn and the
   version 2 file it becomes when saved, the cars tables, PGM images of
   the digits (P5 as pgm_write writes them, and P2), and nn command
   lines. Usage: seeds OUTDIR MNIST_DIR FASHION_DIR CARS_DIR MODEL_V1 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include "idx.h"
#include "model.h"
#include "pgm.h"

enum { KEEP = 8 };   /* examples in a seed data set */
static const char *out;

static void put(const char *target, const char *name, const void *a,
                size_t na, const void *b, size_t nb)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", out, target);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/%s/%s", out, target, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(a, 1, na, f) != na
        || (nb > 0 && fwrite(b, 1, nb, f) != nb) || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}
static void put_gz(const char *target, const char *name, const void *a,
                   size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/%s", out, target, name);
    gzFile g = gzopen(path, "wb");
    if (g == NULL || gzwrite(g, a, (unsigned)n) == 0 || gzclose(g) != Z_OK)
        exit(1);
}
static void check(nn_status s)
{
    if (s != NN_OK) {
        fprintf(stderr, "seeds: %s\n", nn_error());
        exit(1);
    }
}
/* The first KEEP examples of an IDX file, as an IDX file; *n its size. */
static unsigned char *first(const char *dir, const char *file, size_t *n)
{
    char path[4096];
    IdxArray a;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    check(idx_read(path, &a));
    size_t each = a.length / (size_t)a.size[0];
    size_t header = 4 + 4 * (size_t)a.dims;
    *n = header + KEEP * each;
    unsigned char *b = malloc(*n);
    b[0] = b[1] = 0, b[2] = 8, b[3] = (unsigned char)a.dims;
    for (int d = 0; d < a.dims; d++) {
        unsigned v = d == 0 ? KEEP : (unsigned)a.size[d];
        for (int k = 0; k < 4; k++)
            b[4 + 4 * d + k] = (unsigned char)(v >> (24 - 8 * k));
    }
    memcpy(b + header, a.data, KEEP * each);
    idx_free(&a);
    return b;
}
static void data_set(const char *set, const char *dir, const char *images,
                     const char *labels)
{
    size_t ni, nl;
    unsigned char *i = first(dir, images, &ni), *l = first(dir, labels, &nl);
    char name[256];
    snprintf(name, sizeof name, "%s-images", set);
    put("idx", name, i, ni, NULL, 0);
    put("idx-gz", name, i, ni, NULL, 0);
    put_gz("idx", strcat(name, ".gz"), i, ni);
    snprintf(name, sizeof name, "%s-labels", set);
    put("idx", name, l, nl, NULL, 0);
    put("idx-gz", name, l, nl, NULL, 0);
    put_gz("idx", strcat(name, ".gz"), l, nl);
    unsigned char length[2] = { (unsigned char)nl, (unsigned char)(nl >> 8) };
    unsigned char *pair = malloc(2 + nl);
    memcpy(pair, length, 2);
    memcpy(pair + 2, l, nl);
    put("dataset", set, pair, 2 + nl, i, ni);
    /* PGM: the first image, P5 by pgm_write and P2 by hand. */
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.pgm", out, set);
    check(pgm_write(path, 28, 28, i + 16));
    FILE *f = fopen(path, "rb");
    unsigned char pgm[1 + 4096];
    pgm[0] = 0;   /* 28x28 */
    size_t n = fread(pgm + 1, 1, sizeof pgm - 1, f);
    fclose(f);
    remove(path);
    snprintf(name, sizeof name, "%s-p5", set);
    put("pgm", name, pgm, n + 1, NULL, 0);
    char p2[8192] = "\0P2\n# a comment\n28 28\n255\n";
    size_t used = 1 + strlen(p2 + 1);
    for (int k = 0; k < 784; k++)
        used += (size_t)snprintf(p2 + used, sizeof p2 - used, "%d%c",
                                 i[16 + k], k % 28 == 27 ? '\n' : ' ');
    snprintf(name, sizeof name, "%s-p2", set);
    put("pgm", name, p2, used, NULL, 0);
    free(pair);
    free(i);
    free(l);
}
static void copy(const char *target, const char *name, const char *path,
                 size_t limit)
{
    FILE *f = fopen(path, "rb");
    static unsigned char b[1 << 20];
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    size_t n = fread(b, 1, limit < sizeof b ? limit : sizeof b, f);
    fclose(f);
    put(target, name, b, n, NULL, 0);
}
int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: seeds OUTDIR MNIST FASHION CARS MODEL_V1\n");
        return 2;
    }
    out = argv[1];
    mkdir(out, 0777);
    data_set("mnist", argv[2], "t10k-images-idx3-ubyte",
             "t10k-labels-idx1-ubyte");
    data_set("fashion", argv[3], "t10k-images-idx3-ubyte.gz",
             "t10k-labels-idx1-ubyte.gz");
    char path[4096];
    snprintf(path, sizeof path, "%s/cars-test.csv", argv[4]);
    copy("csv", "cars-test.csv", path, SIZE_MAX);
    snprintf(path, sizeof path, "%s/cars-train.csv", argv[4]);
    copy("csv", "cars-train-head.csv", path, 600);
    copy("model", "model-v1.nn", argv[5], SIZE_MAX);
    Network net;
    TrainingState state;
    bool has_state;
    check(model_load(argv[5], &net, 1, &state, &has_state));
    snprintf(path, sizeof path, "%s/model/model-v2.nn", out);
    check(model_save(path, &net, has_state ? &state : NULL));
    snprintf(path, sizeof path, "%s/model/model-v2-no-state.nn", out);
    check(model_save(path, &net, NULL));
    network_free(&net);
    training_state_free(&state);
#define LINE(name, text) { name, text, sizeof text - 1 }
    static const struct { const char *name, *text; size_t n; } lines[] = {
        LINE("train", "\0--data\0fashion\0--out\0m.nn\0--layers\0"
             "784,64,10\0--lr\0" "0.01\0--epochs\0" "3\0--dropout\0"
             "0.2\0--opt\0adam"),
        LINE("train-table", "\0--data\0cars.csv\0--target\0mpg\0--task\0"
             "binary\0--batch\0" "16\0--seed\0" "42\0--schedule\0cosine"
             "\0--weight-decay\0" "1e-4"),
        LINE("eval", "\1m.nn\0--data\0mnist"),
        LINE("predict", "\2m.nn\0image.pgm\0--data\0fashion"),
        LINE("show", "\3--data\0mnist\0--index\0" "7"),
    };
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++)
        put("options", lines[k].name, lines[k].text, lines[k].n, NULL, 0);
    return 0;
}
