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

nn_status idx_read(const char *path, IdxArray *out);
void idx_free(IdxArray *a);
nn_status dataset_load_idx(Dataset *d, const char *images_path,
                           const char *labels_path, int classes);
nn_status dataset_split(Dataset *d, int validation_count,
                        Dataset *validation);
typedef struct {
    char train_images[4096], train_labels[4096];
    char test_images[4096], test_labels[4096];
} DataPaths;
nn_status data_paths(const char *name_or_dir, DataPaths *paths);
extern const char *const fashion_class_names[10];
#endif
