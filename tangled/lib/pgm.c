/* lib/pgm.c */
#define _POSIX_C_SOURCE 200809L   /* for fdopen */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "file.h"
#include "pgm.h"

enum { PGM_MAX_BYTES = 1 << 20, PGM_MAX_NUMBER = 65535 };

typedef struct {
    const char *path;
    const unsigned char *at, *end;   /* the next byte; the end */
} PgmReader;

static nn_status read_small_file(const char *path, unsigned char **data,
                                 size_t *size)
{
    int fd;
    nn_status status = file_open_regular(path, &fd);
    if (status != NN_OK)
        return status;
    FILE *f = fdopen(fd, "rb");
    if (f == NULL) {
        close(fd);
        return nn_fail(NN_ERR_IO, "%s: %s", path, strerror(errno));
    }
    unsigned char *buffer = malloc(PGM_MAX_BYTES + 1);
    size_t n = buffer != NULL ? fread(buffer, 1, PGM_MAX_BYTES + 1, f) : 0;
    int error = ferror(f) ? errno : 0;
    fclose(f);
    if (buffer == NULL || error != 0) {
        free(buffer);
        return nn_fail(buffer == NULL ? NN_ERR_NOMEM : NN_ERR_IO, "%s: %s",
                       path, buffer == NULL ? "out of memory"
                                            : strerror(error));
    }
    if (n > PGM_MAX_BYTES) {
        free(buffer);
        return nn_fail(NN_ERR_FORMAT, "%s: more than %d bytes, too large for "
                       "a small PGM image", path, PGM_MAX_BYTES);
    }
    *data = buffer;
    *size = n;
    return NN_OK;
}
static void skip_space(PgmReader *r)
{
    while (r->at < r->end) {
        if (*r->at == '#')
            while (r->at < r->end && *r->at != '\n' && *r->at != '\r')
                r->at++;
        else if (isspace(*r->at))
            r->at++;
        else
            break;
    }
}
static bool read_digits(PgmReader *r, long limit, long *value)
{
    long v = 0;
    while (r->at < r->end && isdigit(*r->at)) {
        v = 10 * v + (*r->at++ - '0');
        if (v > limit)
            return false;
    }
    *value = v;
    return true;
}
static nn_status header_number(PgmReader *r, const char *field,
                               long *value)
{
    skip_space(r);
    if (r->at == r->end)
        return nn_fail(NN_ERR_FORMAT, "%s: the file ends before the %s",
                       r->path, field);
    if (!isdigit(*r->at))
        return nn_fail(NN_ERR_FORMAT, "%s: the %s is not a number",
                       r->path, field);
    if (!read_digits(r, PGM_MAX_NUMBER, value))
        return nn_fail(NN_ERR_FORMAT, "%s: the %s is larger than %d",
                       r->path, field, PGM_MAX_NUMBER);
    return NN_OK;
}
static nn_status read_header(PgmReader *r, int width, int height,
                             bool *raw, long *maxval)
{
    const unsigned char *m = r->at;
    if (r->end - m < 3 || m[0] != 'P' || (m[1] != '2' && m[1] != '5')
        || !(isspace(m[2]) || m[2] == '#'))
        return nn_fail(NN_ERR_FORMAT, "%s: not a PGM image (it must "
                       "begin with P2 or P5)", r->path);
    *raw = m[1] == '5';
    r->at += 2;
    long w, h;
    nn_status s;
    if ((s = header_number(r, "width", &w)) != NN_OK
        || (s = header_number(r, "height", &h)) != NN_OK)
        return s;
    if (w != width || h != height)
        return nn_fail(NN_ERR_FORMAT, "%s: the image is %ldx%ld, not %dx%d",
                       r->path, w, h, width, height);
    if ((s = header_number(r, "maxval", maxval)) != NN_OK)
        return s;
    if (*maxval < 1 || *maxval > 255)
        return nn_fail(NN_ERR_FORMAT, "%s: the maxval is %ld; it must be from "
                       "1 to 255", r->path, *maxval);
    return NN_OK;
}
static unsigned char scale_pixel(long v, long maxval)
{
    return (unsigned char)((v * 255 + maxval / 2) / maxval);
}

static nn_status bad_pixel(const PgmReader *r, size_t i, int width,
                           const char *problem)
{
    return nn_fail(NN_ERR_FORMAT, "%s: the pixel at row %zu, column %zu "
                   "%s", r->path, i / (size_t)width, i % (size_t)width,
                   problem);
}
static nn_status read_raw_pixels(PgmReader *r, int width, size_t count,
                                 long maxval, unsigned char *pixels)
{
    if (r->at == r->end || !isspace(*r->at))
        return nn_fail(NN_ERR_FORMAT, "%s: %s after the maxval", r->path,
                       r->at == r->end ? "no pixels" : "junk");
    r->at++;
    size_t have = (size_t)(r->end - r->at);
    if (have != count)
        return nn_fail(NN_ERR_FORMAT, "%s: %zu bytes of pixels where "
                       "%zu were expected (%s)", r->path, have, count,
                       have < count ? "the file is truncated"
                                    : "junk after the pixels");
    for (size_t i = 0; i < count; i++) {
        if (r->at[i] > maxval)
            return bad_pixel(r, i, width, "is above the maxval");
        pixels[i] = scale_pixel(r->at[i], maxval);
    }
    return NN_OK;
}
static nn_status read_plain_pixels(PgmReader *r, int width, size_t count,
                                   long maxval, unsigned char *pixels)
{
    for (size_t i = 0; i < count; i++) {
        long v;
        skip_space(r);
        if (r->at == r->end)
            return nn_fail(NN_ERR_FORMAT, "%s: the file is truncated after "
                           "%zu of %zu pixels", r->path, i, count);
        if (!isdigit(*r->at))
            return bad_pixel(r, i, width, "is not a number");
        if (!read_digits(r, maxval, &v))
            return bad_pixel(r, i, width, "is above the maxval");
        pixels[i] = scale_pixel(v, maxval);
    }
    skip_space(r);
    if (r->at != r->end)
        return nn_fail(NN_ERR_FORMAT, "%s: junk after the last pixel",
                       r->path);
    return NN_OK;
}
nn_status pgm_read(const char *path, int width, int height,
                   unsigned char *pixels)
{
    if (width < 1 || height < 1 || width > PGM_MAX_BYTES / height)
        return nn_fail(NN_ERR_ARG, "pgm_read: %dx%d is not a size",
                       width, height);
    unsigned char *data = NULL, *image;
    size_t size = 0, count = (size_t)width * (size_t)height;
    nn_status s = read_small_file(path, &data, &size);
    if (s != NN_OK)
        return s;
    if ((image = malloc(count)) == NULL) {
        free(data);
        return nn_fail(NN_ERR_NOMEM, "pgm_read: out of memory");
    }
    PgmReader r = { path, data, data + size };
    bool raw = false;
    long maxval = 1;
    s = read_header(&r, width, height, &raw, &maxval);
    if (s == NN_OK)
        s = raw ? read_raw_pixels(&r, width, count, maxval, image)
                : read_plain_pixels(&r, width, count, maxval, image);
    if (s == NN_OK)
        memcpy(pixels, image, count);
    free(image);
    free(data);
    return s;
}
nn_status pgm_write(const char *path, int width, int height,
                    const unsigned char *pixels)
{
    char header[64];
    SafeFile f;
    nn_status status = file_begin(&f, path);
    if (status != NN_OK)
        return status;
    int n = snprintf(header, sizeof header, "P5\n%d %d\n255\n", width,
                     height);
    file_put(&f, header, (size_t)n);
    file_put(&f, pixels, (size_t)width * (size_t)height);
    return file_commit(&f);
}
