/* experiments/sample_images.c DIR: the first Fashion-MNIST test image
   of each class, as a grid gnuplot can draw (chapter 8). */
#include <math.h>
#include <stdio.h>
#include "experiment.h"

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
static void write_sample_grid(const char *dir, const Dataset *d,
                              const int *first)
{
    int side = (int)lround(sqrt(d->features));
    for (int c = 0; c < GRID_ROWS * GRID_COLUMNS; c++)
        if (first[c] < 0 || side * side != d->features)
            experiment_require(nn_fail(NN_ERR_FORMAT, "sample_images: no square "
                            "image of class %d", c));
    FILE *f = open_output(dir, "images.dat");
    int height = GRID_ROWS * (side + GRID_LABEL_SPACE);
    int width = GRID_COLUMNS * (side + GRID_GAP) - GRID_GAP;
    for (int p = 0; p < height; p++)
        for (int q = 0; q < width; q++)
            fprintf(f, "%d%c", grid_pixel(d, first, side, p, q),
                    q == width - 1 ? '\n' : ' ');
    close_output(f);
    f = open_output(dir, "tiles.dat");
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
    close_output(f);
}

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    Dataset test;
    load_fashion_test(&test);
    int first[10];
    for (int c = 0; c < 10; c++)
        first[c] = -1;
    for (int i = 0; i < test.count; i++)
        if (first[test.labels[i]] < 0)
            first[test.labels[i]] = i;
    write_sample_grid(dir, &test, first);
    dataset_free(&test);
    return 0;
}
