/* lib/idx.c: IDX files, plain or gzip-compressed, read with every field
   checked; data sets loaded from them, split, and found on disk. */
#define _POSIX_C_SOURCE 200809L   /* for fstat and pread */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "file.h"
#include "idx.h"

/* The 32-bit unsigned integer stored big-endian in b[0..3]. */
static uint32_t big_endian_u32(const unsigned char b[4])
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16
         | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}
typedef struct {
    gzFile file;
    const char *path;
    size_t offset;     /* bytes read so far: the offset of the next one */
    uLong crc;              /* CRC-32 of the contents read so far */
    bool gzip;              /* the file starts with gzip's 1F 8B */
    uint32_t gzip_crc, gzip_size;   /* its last eight bytes */
} IdxReader;
static nn_status stream_error(IdxReader *r)
{
    int code = Z_OK;
    const char *message = gzerror(r->file, &code);
    if (code == Z_OK || code == Z_STREAM_END)
        return NN_OK;   /* just the end of the file */
    if (code == Z_ERRNO)
        return nn_fail(NN_ERR_IO, "%s", message);
    return nn_fail(NN_ERR_FORMAT, "%s, after %zu bytes of contents (the "
                   "gzip data is damaged or cut short)", message,
                   r->offset);
}
enum { READ_PIECE = 1 << 20 };

static nn_status read_some(IdxReader *r, unsigned char *buf, size_t n,
                           size_t *got)
{
    *got = 0;
    while (*got < n) {
        size_t piece = n - *got < READ_PIECE ? n - *got : READ_PIECE;
        int k = gzread(r->file, buf + *got, (unsigned)piece);
        if (k <= 0)
            break;
        r->crc = crc32(r->crc, buf + *got, (unsigned)k);
        *got += (size_t)k;
    }
    r->offset += *got;
    return *got < n ? stream_error(r) : NN_OK;
}
static nn_status read_field(IdxReader *r, unsigned char *field, size_t n,
                            const char *what)
{
    size_t got;
    nn_status status = read_some(r, field, n, &got);
    if (status == NN_OK && got < n)
        return nn_fail(NN_ERR_FORMAT, "%s: the file ends after %zu bytes, "
                       "inside the header (in %s)", r->path, r->offset,
                       what);
    return status;
}
static const char *idx_type_name(int code)
{
    switch (code) {
    case 0x08: return "unsigned bytes";
    case 0x09: return "signed bytes";
    case 0x0B: return "16-bit integers";
    case 0x0C: return "32-bit integers";
    case 0x0D: return "32-bit floats";
    case 0x0E: return "64-bit floats";
    default:   return "not an IDX type";
    }
}
static nn_status check_magic(const char *path, const unsigned char m[4])
{
    if (m[0] != 0 || m[1] != 0)
        return nn_fail(NN_ERR_FORMAT, "%s: bytes 0-1 are 0x%02x 0x%02x, "
                       "not the two zero bytes that begin an IDX file",
                       path, m[0], m[1]);
    if (m[2] != 0x08)
        return nn_fail(NN_ERR_FORMAT, "%s: byte 2: type code 0x%02x (%s); "
                       "only 0x08, unsigned bytes, can be read", path, m[2],
                       idx_type_name(m[2]));
    if (m[3] < 1 || m[3] > 3)
        return nn_fail(NN_ERR_FORMAT, "%s: byte 3: %d dimensions; only 1 "
                       "to 3 can be read", path, m[3]);
    return NN_OK;
}
static nn_status read_size(IdxReader *r, IdxArray *a, int i)
{
    unsigned char field[4];
    size_t at = r->offset;
    char what[40];
    snprintf(what, sizeof what, "the size of dimension %d", i);
    nn_status status = read_field(r, field, 4, what);
    if (status != NN_OK)
        return status;
    uint32_t size = big_endian_u32(field);
    if (size == 0 || size > INT_MAX)
        return nn_fail(NN_ERR_FORMAT, "%s: bytes %zu-%zu: dimension %d has "
                       "size %lu; a size must be 1 to %d", r->path, at,
                       at + 3, i, (unsigned long)size, INT_MAX);
    if (size > (size_t)PTRDIFF_MAX / a->length)
        return nn_fail(NN_ERR_FORMAT, "%s: bytes %zu-%zu: with dimension %d of "
                       "size %lu, the product of the sizes exceeds %td bytes, "
                       "the largest array there can be", r->path, at, at + 3,
                       i, (unsigned long)size, (ptrdiff_t)PTRDIFF_MAX);
    a->size[i] = (int)size;
    a->length *= size;
    return NN_OK;
}
static nn_status read_idx_header(IdxReader *r, IdxArray *a)
{
    unsigned char magic[4];
    nn_status status = read_field(r, magic, 4, "the magic number");
    if (status == NN_OK)
        status = check_magic(r->path, magic);
    if (status != NN_OK)
        return status;
    a->dims = magic[3];
    a->length = 1;
    for (int i = 0; i < a->dims && status == NN_OK; i++)
        status = read_size(r, a, i);
    if (status == NN_OK && a->length > IDX_MAX_BYTES)
        return nn_fail(NN_ERR_FORMAT, "%s: the header promises %zu bytes "
                       "of data, more than the limit of %d MiB", r->path,
                       a->length, IDX_MAX_BYTES >> 20);
    return status;
}
enum { FIRST_CAPACITY = 1 << 16 };

static nn_status read_data(IdxReader *r, IdxArray *a)
{
    size_t have = 0, capacity = 0;
    while (have < a->length) {
        size_t next = capacity == 0 ? FIRST_CAPACITY : 2 * capacity;
        if (next > a->length)
            next = a->length;
        unsigned char *bigger = realloc(a->data, next);
        if (bigger == NULL)
            return nn_fail(NN_ERR_NOMEM, "%s: out of memory for %zu bytes of "
                           "data", r->path, next);
        a->data = bigger;
        capacity = next;
        size_t got;
        nn_status status = read_some(r, a->data + have, capacity - have,
                                     &got);
        have += got;
        if (status != NN_OK)
            return status;
        if (have < capacity)
            return nn_fail(NN_ERR_FORMAT, "%s: the file ends after %zu bytes, "
                           "shorter than its header says: with %zu bytes of data it "
                           "should have %zu", r->path, r->offset, a->length,
                           r->offset - have + a->length);
    }
    return NN_OK;
}
static nn_status check_end(IdxReader *r, const IdxArray *a)
{
    unsigned char extra;
    size_t got;
    nn_status status = read_some(r, &extra, 1, &got);
    if (status == NN_OK && got > 0)
        return nn_fail(NN_ERR_FORMAT, "%s: the file is longer than its "
                       "header says: with %zu bytes of data it should "
                       "have %zu, but byte %zu follows", r->path,
                       a->length, r->offset - 1, r->offset - 1);
    return status;
}
static nn_status read_gzip_trailer(IdxReader *r, int fd)
{
    unsigned char start[2] = { 0, 0 }, end[8];
    struct stat info;
    if (fstat(fd, &info) != 0 || pread(fd, start, 2, 0) < 0)
        return nn_fail(NN_ERR_IO, "%s: %s", r->path, strerror(errno));
    r->gzip = start[0] == 0x1f && start[1] == 0x8b;
    if (!r->gzip)
        return NN_OK;
    if (info.st_size < 20 || pread(fd, end, 8, info.st_size - 8) != 8)
        return nn_fail(NN_ERR_FORMAT, "%s: %lld bytes are too few for a "
                       "gzip file", r->path, (long long)info.st_size);
    r->gzip_crc = (uint32_t)end[0] | (uint32_t)end[1] << 8
                  | (uint32_t)end[2] << 16 | (uint32_t)end[3] << 24;
    r->gzip_size = (uint32_t)end[4] | (uint32_t)end[5] << 8
                   | (uint32_t)end[6] << 16 | (uint32_t)end[7] << 24;
    return NN_OK;
}
static nn_status check_gzip_size(const IdxReader *r, const IdxArray *a)
{
    size_t contents = 4 + 4 * (size_t)a->dims + a->length;
    if (r->gzip && (uint32_t)contents != r->gzip_size)
        return nn_fail(NN_ERR_FORMAT, "%s: the last 4 bytes of the file "
                       "give %lu bytes of contents, but the header makes "
                       "%zu: bytes follow the gzip stream, or the header "
                       "is wrong", r->path, (unsigned long)r->gzip_size,
                       contents);
    return NN_OK;
}

static nn_status check_gzip_crc(const IdxReader *r)
{
    if (r->gzip && (uint32_t)r->crc != r->gzip_crc)
        return nn_fail(NN_ERR_FORMAT, "%s: the file's last 8 bytes are "
                       "not the end of its gzip stream: bytes follow the "
                       "stream (an IDX file must be one gzip stream)",
                       r->path);
    return NN_OK;
}
static nn_status open_idx(IdxReader *r)
{
    int fd;
    nn_status status = file_open_regular(r->path, &fd);
    if (status == NN_OK && (status = read_gzip_trailer(r, fd)) == NN_OK
        && (r->file = gzdopen(fd, "rb")) == NULL)
        status = nn_fail(NN_ERR_NOMEM, "%s: out of memory", r->path);
    if (status != NN_OK && fd >= 0)
        close(fd);
    return status;
}
typedef nn_status idx_check(const IdxArray *header, void *context);

static nn_status read_idx_file(const char *path, IdxArray *out,
                               idx_check *check, void *context)
{
    *out = (IdxArray){ 0 };
    IdxReader r = { .path = path, .crc = crc32(0L, Z_NULL, 0) };
    nn_status status = open_idx(&r);
    if (status != NN_OK)
        return status;
    status = read_idx_header(&r, out);
    if (status == NN_OK && check != NULL)
        status = check(out, context);
    if (status == NN_OK)
        status = check_gzip_size(&r, out);
    if (status == NN_OK)
        status = read_data(&r, out);
    if (status == NN_OK)
        status = check_end(&r, out);
    if (status == NN_OK)
        status = check_gzip_crc(&r);
    gzclose(r.file);
    if (status != NN_OK)
        idx_free(out);
    return status;
}
static nn_status check_pair(const char *images_path, const IdxArray *im,
                            const char *labels_path, const IdxArray *lb)
{
    if (im->dims != 3)
        return nn_fail(NN_ERR_FORMAT, "%s: images need 3 dimensions "
                       "(count, rows, columns), not %d", images_path,
                       im->dims);
    if (lb->dims != 1)
        return nn_fail(NN_ERR_FORMAT, "%s: labels need 1 dimension, not %d",
                       labels_path, lb->dims);
    if (im->size[0] != lb->size[0])
        return nn_fail(NN_ERR_FORMAT, "%s has %d images but %s has %d "
                       "labels", images_path, im->size[0], labels_path,
                       lb->size[0]);
    if (im->size[1] > INT_MAX / im->size[2])
        return nn_fail(NN_ERR_FORMAT, "%s: images of %d x %d pixels are "
                       "too large", images_path, im->size[1], im->size[2]);
    return NN_OK;
}
static nn_status check_labels(const char *path, const IdxArray *labels,
                              int classes)
{
    for (size_t i = 0; i < labels->length; i++)
        if (labels->data[i] >= classes)
            return nn_fail(NN_ERR_FORMAT, "%s: label %zu (byte %zu) is %d, "
                           "but there are only %d classes, 0 to %d", path,
                           i, 8 + i, labels->data[i], classes, classes - 1);
    return NN_OK;
}
static nn_status make_dataset(Dataset *d, IdxArray *images,
                              const IdxArray *labels, int classes)
{
    int count = images->size[0];
    int *ints = malloc((size_t)count * sizeof *ints);
    if (ints == NULL)
        return nn_fail(NN_ERR_NOMEM, "dataset_load_idx: out of memory for "
                       "%d labels", count);
    for (int i = 0; i < count; i++)
        ints[i] = labels->data[i];
    *d = (Dataset){ .count = count, .classes = classes,
                    .features = images->size[1] * images->size[2],
                    .bytes = images->data,
                    .byte_scale = (scalar)(1.0 / 255),
                    .labels = ints, .outputs = classes };
    images->data = NULL;   /* the data set owns the pixels now */
    return NN_OK;
}
typedef struct {
    const char *images_path, *labels_path;
    const IdxArray *labels;
} LabelsRead;

static nn_status check_images_header(const IdxArray *header, void *context)
{
    const LabelsRead *l = context;
    return check_pair(l->images_path, header, l->labels_path, l->labels);
}
static void *copy_rows(const void *array, size_t row_bytes, int first,
                       int n)
{
    if (array == NULL)
        return NULL;
    size_t bytes = row_bytes * (size_t)n;
    void *copy = malloc(bytes > 0 ? bytes : 1);
    if (copy != NULL)
        memcpy(copy, (const char *)array + row_bytes * (size_t)first,
               bytes);
    return copy;
}
static const char *const idx_file_names[4] = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
};
static bool exists(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0;
}
static nn_status find_idx_file(const char *dir, const char *name,
                               char *path, size_t size)
{
    const char *suffixes[2] = { "", ".gz" };
    for (int k = 0; k < 2; k++) {
        int n = snprintf(path, size, "%s/%s%s", dir, name, suffixes[k]);
        if (n < 0 || (size_t)n >= size)
            return nn_fail(NN_ERR_ARG, "data_paths: the directory name "
                           "%s is too long", dir);
        if (exists(path))
            return NN_OK;
    }
    path[0] = '\0';
    return nn_fail(NN_ERR_IO, "data_paths: %s has neither %s nor %s.gz",
                   dir, name, name);
}
nn_status idx_read(const char *path, IdxArray *out)
{
    return read_idx_file(path, out, NULL, NULL);
}
void idx_free(IdxArray *a)
{
    free(a->data);
    *a = (IdxArray){ 0 };
}
nn_status dataset_load_idx(Dataset *d, const char *images_path,
                           const char *labels_path, int classes)
{
    *d = (Dataset){ 0 };
    if (classes < 1 || classes > 256)
        return nn_fail(NN_ERR_ARG, "dataset_load_idx: %d classes; byte "
                       "labels allow 1 to 256", classes);
    IdxArray images = { 0 }, labels = { 0 };
    LabelsRead read = { images_path, labels_path, &labels };
    nn_status status = idx_read(labels_path, &labels);
    if (status == NN_OK)
        status = check_labels(labels_path, &labels, classes);
    if (status == NN_OK)
        status = read_idx_file(images_path, &images, check_images_header,
                               &read);
    if (status == NN_OK)
        status = make_dataset(d, &images, &labels, classes);
    idx_free(&images);
    idx_free(&labels);
    return status;
}
nn_status dataset_split(Dataset *d, int validation_count,
                        Dataset *validation)
{
    *validation = (Dataset){ 0 };
    if (validation_count < 0 || validation_count >= d->count)
        return nn_fail(NN_ERR_ARG, "dataset_split: cannot take %d of %d "
                       "examples for validation; at least one must stay "
                       "for training", validation_count, d->count);
    int first = d->count - validation_count, n = validation_count;
    size_t features = (size_t)d->features, outputs = (size_t)d->outputs;
    Dataset v = { .count = n, .features = d->features,
                  .classes = d->classes, .byte_scale = d->byte_scale,
                  .outputs = d->outputs };
    v.x = copy_rows(d->x, features * sizeof(scalar), first, n);
    v.bytes = copy_rows(d->bytes, features, first, n);
    v.labels = copy_rows(d->labels, sizeof(int), first, n);
    v.y = copy_rows(d->y, outputs * sizeof(scalar), first, n);
    if ((d->x && !v.x) || (d->bytes && !v.bytes) || (d->labels && !v.labels)
            || (d->y && !v.y)) {
        dataset_free(&v);
        return nn_fail(NN_ERR_NOMEM, "dataset_split: out of memory for %d "
                       "examples", n);
    }
    d->count = first;
    *validation = v;
    return NN_OK;
}
nn_status data_paths(const char *name_or_dir, DataPaths *paths)
{
    memset(paths, 0, sizeof *paths);
    const char *dir = name_or_dir;
    if (strcmp(name_or_dir, "fashion") == 0)
        dir = "/usr/share/datasets/fashion-mnist";
    else if (strcmp(name_or_dir, "mnist") == 0)
        dir = "build/data/mnist";
    char *slots[4] = { paths->train_images, paths->train_labels,
                       paths->test_images, paths->test_labels };
    for (int k = 0; k < 4; k++) {
        nn_status status = find_idx_file(dir, idx_file_names[k], slots[k],
                                         sizeof paths->train_images);
        if (status != NN_OK)
            return status;
    }
    return NN_OK;
}
const char *const fashion_class_names[10] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
};
