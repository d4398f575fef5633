/* lib/idx.h: IDX files (MNIST, Fashion-MNIST) and the data sets made
   from them. */
#ifndef NN_IDX_H
#define NN_IDX_H
#include <stddef.h>
#include "dataset.h"

typedef struct {
    int dims;              /* 1 for labels, 3 for images */
    int size[3];           /* size[0] = count; images: rows, cols */
    size_t length;         /* product of the sizes = bytes of data */
    unsigned char *data;   /* owned; free with idx_free */
} IdxArray;

/* Reads the IDX file (plain or gzip) at path, checking its header
   against its size. Free with idx_free. */
nn_status idx_read(const char *path, IdxArray *out);
/* Frees what idx_read made; a is then empty. */
void idx_free(IdxArray *a);
/* The most data that idx_read accepts in one file: 1 GiB. */
#define IDX_MAX_BYTES (1 << 30)
/* A data set of the images and labels of two IDX files, which must
   agree in count; pixels scaled to [0, 1]. */
nn_status dataset_load_idx(Dataset *d, const char *images_path,
                           const char *labels_path, int classes);
/* Moves d's last validation_count examples into *validation. */
nn_status dataset_split(Dataset *d, int validation_count,
                        Dataset *validation);
typedef struct {
    char train_images[4096], train_labels[4096];
    char test_images[4096], test_labels[4096];
} DataPaths;
/* The four IDX files of "fashion", "mnist" or a directory holding them. */
nn_status data_paths(const char *name_or_dir, DataPaths *paths);
extern const char *const fashion_class_names[10];
#endif
