/* experiments/im2col.c: the patch matrix of a 4x4 image, for the
   figure of chapter 14. */
#include "conv.h"
#include "experiment.h"

int main(int argc, char **argv)
{
    const char *dir = output_directory(argc, argv);
    LayerSpec spec = LAYER_CONV(4, 4, 1, 1, 3, 1, 1, ACT_IDENTITY);
    scalar pixels[16], patches[16 * 9];
    for (int k = 0; k < 16; k++)
        pixels[k] = (scalar)(k + 1);
    Matrix x = matrix_view(1, 16, pixels), cols = matrix_view(16, 9,
                                                              patches);
    conv_im2col(&spec, &x, 0, 1, &cols);
    FILE *image = open_output(dir, "image.dat");
    for (int k = 0; k < 16; k++)
        fprintf(image, "%d %d %d\n", k % 4, k / 4, (int)pixels[k]);
    close_output(image);
    FILE *rows = open_output(dir, "patches.dat");
    for (int r = 0; r < 16; r++)
        for (int c = 0; c < 9; c++)
            fprintf(rows, "%d %d %d\n", c, r, (int)MAT(&cols, r, c));
    close_output(rows);
    return 0;
}
