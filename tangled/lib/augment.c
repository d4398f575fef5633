/* lib/augment.c: data augmentation, moving the images of a batch. */
#include <stdint.h>
#include "dataset.h"

static void shift_image(scalar *image, int width, int height, int dx,
                        int dy)
{
    for (int r = 0; r < height; r++) {
        int i = dy > 0 ? height - 1 - r : r;
        for (int c = 0; c < width; c++) {
            int j = dx > 0 ? width - 1 - c : c;
            int si = i - dy, sj = j - dx;
            image[i * width + j] = si < 0 || si >= height || sj < 0
                                   || sj >= width ? 0
                                   : image[si * width + sj];
        }
    }
}
nn_status dataset_shift_images(Matrix *x, int width, int shift, Rng *rng)
{
    if (width < 1 || x->cols % width != 0 || shift < 0 || shift >= width
        || shift >= x->cols / width)
        return nn_fail(NN_ERR_ARG, "dataset_shift_images: cannot move "
                       "images %d pixels wide, made of %d numbers, by up "
                       "to %d pixels", width, x->cols, shift);
    for (int r = 0; r < x->rows; r++) {
        int dx = (int)rng_below(rng, 2 * (uint32_t)shift + 1) - shift;
        int dy = (int)rng_below(rng, 2 * (uint32_t)shift + 1) - shift;
        shift_image(&MAT(x, r, 0), width, x->cols / width, dx, dy);
    }
    return NN_OK;
}
