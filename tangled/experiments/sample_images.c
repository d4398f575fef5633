/* experiments/sample_images.c OUTDIR: the first Fashion-MNIST test image
   of each class, as a grid gnuplot can draw (chapter 8). */
#include <math.h>
#include <stdio.h>
#include "idx.h"

enum { GRID_COLUMNS = 5, GRID_ROWS = 2, GRID_GAP = 4,
       GRID_LABEL_SPACE = 9 };
static int grid_pixel(const Dataset *d, const int *first, int side,
                      int p, int q)
{
    int cell_h = side + GRID_LABEL_SPACE, cell_w = side + GRID_GAP;
    int row = GRID_ROWS - 1 - p / cell_h, col = q / cell_w;
    int i = side - 1 - (p % cell_h - GRID_LABEL_SPACE), j = q % cell_w;
    if (p % cell_h < GRID_LABEL_SPACE || j >= side)
        return 0;
    int example = first[row * GRID_COLUMNS + col];
    return d->bytes[(size_t)example * d->features + i * side + j];
}
static int write_sample_grid(const char *dir, const Dataset *d,
                             const int *first)
{
    int side = (int)lround(sqrt(d->features));
    for (int c = 0; c < GRID_ROWS * GRID_COLUMNS; c++)
        if (first[c] < 0 || side * side != d->features) {
            fprintf(stderr, "sample_images: no square image of class %d\n",
                    c);
            return 1;
        }
    char path[4096];
    snprintf(path, sizeof path, "%s/images.dat", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    int height = GRID_ROWS * (side + GRID_LABEL_SPACE);
    int width = GRID_COLUMNS * (side + GRID_GAP) - GRID_GAP;
    for (int p = 0; p < height; p++)
        for (int q = 0; q < width; q++)
            fprintf(f, "%d%c", grid_pixel(d, first, side, p, q),
                    q == width - 1 ? '\n' : ' ');
    fclose(f);
    snprintf(path, sizeof path, "%s/tiles.dat", dir);
    if ((f = fopen(path, "w")) == NULL) {
        perror(path);
        return 1;
    }
    fprintf(f, "# x y half label_y index class\n");
    for (int c = 0; c < GRID_ROWS * GRID_COLUMNS; c++) {
        int row = c / GRID_COLUMNS, col = c % GRID_COLUMNS;
        double x = col * (side + GRID_GAP) + (side - 1) / 2.0;
        double p0 = (GRID_ROWS - 1 - row) * (side + GRID_LABEL_SPACE)
                  + GRID_LABEL_SPACE;   /* the tile's bottom row */
        fprintf(f, "%g %g %g %g %d \"%s\"\n", x, p0 + (side - 1) / 2.0,
                side / 2.0, p0 - GRID_LABEL_SPACE / 2.0 - 0.5, first[c],
                fashion_class_names[c]);
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sample_images OUTDIR\n");
        return 2;
    }
    DataPaths paths;
    Dataset test = { 0 };
    nn_status status = data_paths("fashion", &paths);
    if (status == NN_OK)
        status = dataset_load_idx(&test, paths.test_images, paths.test_labels,
                                  10);
    if (status != NN_OK) {
        fprintf(stderr, "sample_images: %s\n", nn_error());
        return 1;
    }
    int first[10];
    for (int c = 0; c < 10; c++)
        first[c] = -1;
    for (int i = 0; i < test.count; i++)
        if (first[test.labels[i]] < 0)
            first[test.labels[i]] = i;
    int result = write_sample_grid(argv[1], &test, first);
    dataset_free(&test);
    return result;
}
