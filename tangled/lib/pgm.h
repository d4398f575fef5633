/* lib/pgm.h: grey images in the PGM format (Netpbm), P2 and P5. */
#ifndef NN_PGM_H
#define NN_PGM_H
#include "core.h"

/* The pixels of a P2 or P5 PGM file of exactly width x height. */
nn_status pgm_read(const char *path, int width, int height,
                   unsigned char *pixels);
/* Writes the pixels as a P5 PGM file. */
nn_status pgm_write(const char *path, int width, int height,
                    const unsigned char *pixels);
#endif
