/* lib/model.c: the model file of chapter 11. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "dense.h"
#include "file.h"
#include "loss.h"
#include "model.h"

static void encode_u32(unsigned char *bytes, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        bytes[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t decode_u32(const unsigned char *bytes)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)bytes[i] << (8 * i);
    return v;
}
static void encode_u64(unsigned char *bytes, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        bytes[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t decode_u64(const unsigned char *bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)bytes[i] << (8 * i);
    return v;
}
_Static_assert(sizeof(float) == 4 && FLT_MANT_DIG == 24,
               "the model format needs IEEE 754 single precision");
_Static_assert(sizeof(double) == 8 && DBL_MANT_DIG == 53,
               "the model format needs IEEE 754 double precision");

static uint32_t float_bits(float x)
{
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}
static float bits_float(uint32_t bits)
{
    float x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

static uint64_t double_bits(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}

static double bits_double(uint64_t bits)
{
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}
static const char *const model_kinds[] = {
    "dense", "dropout", "scale",
    "conv", "pool", "batchnorm",
};
enum { MODEL_KIND_COUNT = sizeof model_kinds / sizeof *model_kinds };

static const Head *const model_heads[] = {
    NULL, &head_mse, &head_cross_entropy, &head_binary_cross_entropy,
};
enum { MODEL_HEAD_COUNT = sizeof model_heads / sizeof *model_heads };
static int kind_code(const LayerKind *kind)
{
    for (int k = 0; k < MODEL_KIND_COUNT; k++)
        if (strcmp(model_kinds[k], kind->name) == 0)
            return k;
    return -1;
}

static int head_code(const Head *head)
{
    for (int h = 0; h < MODEL_HEAD_COUNT; h++)
        if (model_heads[h] == head)
            return h;
    return -1;
}
typedef struct {
    SafeFile *f;
    uLong crc;          /* CRC-32 of everything written so far */
} Writer;

static void put_bytes(Writer *w, const unsigned char *bytes, size_t n)
{
    file_put(w->f, bytes, n);
    w->crc = crc32(w->crc, bytes, (uInt)n);
}
static void put_u32(Writer *w, uint32_t v)
{
    unsigned char bytes[4];
    encode_u32(bytes, v);
    put_bytes(w, bytes, 4);
}

static void put_u64(Writer *w, uint64_t v)
{
    unsigned char bytes[8];
    encode_u64(bytes, v);
    put_bytes(w, bytes, 8);
}
enum { F32_CHUNK = 1024 };   /* numbers encoded per write */

static void put_f32_array(Writer *w, const scalar *values, size_t n)
{
    unsigned char bytes[4 * F32_CHUNK];
    for (size_t done = 0; done < n; ) {
        size_t m = n - done < F32_CHUNK ? n - done : F32_CHUNK;
        for (size_t i = 0; i < m; i++)
            encode_u32(&bytes[4 * i], float_bits((float)values[done + i]));
        put_bytes(w, bytes, 4 * m);
        done += m;
    }
}
static void write_layer(Writer *w, const Layer *layer);

static void write_network(Writer *w, const Network *net)
{
    put_bytes(w, (const unsigned char *)MODEL_MAGIC, MODEL_MAGIC_SIZE);
    put_u32(w, MODEL_VERSION);
    put_u32(w, (uint32_t)head_code(net->head));
    put_u32(w, (uint32_t)net->layer_count);
    for (int l = 0; l < net->layer_count; l++)
        write_layer(w, &net->layers[l]);
    put_u64(w, (uint64_t)net->param_count);
    put_f32_array(w, net->params, net->param_count);
}
static void write_layer(Writer *w, const Layer *layer)
{
    double fields[MODEL_MAX_FIELDS];
    int count = layer->kind->fields(&layer->spec, fields);
    put_u32(w, (uint32_t)kind_code(layer->kind));
    put_u32(w, (uint32_t)layer->inputs);
    put_u32(w, (uint32_t)layer->outputs);
    put_u32(w, (uint32_t)count);
    for (int i = 0; i < count; i++)
        put_u64(w, double_bits(fields[i]));
}
static void write_training_state(Writer *w, const TrainingState *s)
{
    const Optimizer *opt = &s->optimizer;
    OptimizerConfig config = opt->config;
    int settings = optimizer_setting_count();
    put_u32(w, (uint32_t)s->epoch);
    put_u64(w, s->rng.state);
    put_u64(w, s->rng.inc);
    put_u32(w, (uint32_t)config.kind);
    put_u32(w, (uint32_t)settings);
    for (int i = 0; i < settings; i++)
        put_u64(w, double_bits(*optimizer_setting(&config, i)));
    put_u64(w, (uint64_t)opt->step);
    put_u32(w, (uint32_t)opt->state_buffers);
    put_f32_array(w, opt->state,
                  (size_t)opt->state_buffers * opt->param_count);
}
static void write_model(Writer *w, const Network *net,
                        const TrainingState *state)
{
    write_network(w, net);
    put_u32(w, state != NULL);
    if (state != NULL)
        write_training_state(w, state);
    put_u32(w, (uint32_t)w->crc);
}
static bool fits_f32(const scalar *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(fabs((double)values[i]) <= FLT_MAX))
            return false;
    return true;
}
static nn_status check_network(const char *path, const Network *net)
{
    if (net == NULL || net->layers == NULL || net->params == NULL
        || net->layer_count < 1 || net->layer_count > MODEL_MAX_LAYERS)
        return nn_fail(NN_ERR_ARG, "%s: no network to save, or one with "
                       "more than %d layers", path, MODEL_MAX_LAYERS);
    for (int l = 0; l < net->layer_count; l++) {
        const Layer *layer = &net->layers[l];
        if (kind_code(layer->kind) < 0 || layer->kind->fields == NULL
            || layer->inputs > MODEL_MAX_UNITS
            || layer->outputs > MODEL_MAX_UNITS)
            return nn_fail(NN_ERR_ARG, "%s: layer %d (%s) cannot be saved "
                           "in format %d", path, l, layer->kind->name,
                           MODEL_VERSION);
    }
    if (head_code(net->head) < 0)
        return nn_fail(NN_ERR_ARG, "%s: the network's head, %s, has no "
                       "number in format %d", path, net->head->name,
                       MODEL_VERSION);
    if (!fits_f32(net->params, net->param_count))
        return nn_fail(NN_ERR_ARG, "%s: a parameter is NaN, infinite or "
                       "too large for single precision", path);
    return NN_OK;
}
static nn_status check_state(const char *path, const Network *net,
                             const TrainingState *s)
{
    const Optimizer *opt = &s->optimizer;
    if (opt->param_count != net->trained_count)
        return nn_fail(NN_ERR_ARG, "%s: the optimizer is for %zu "
                       "parameters but the network trains %zu", path,
                       opt->param_count, net->trained_count);
    if (s->epoch < 0 || opt->step < 0 || opt->state_buffers < 0
        || opt->state_buffers > MODEL_MAX_STATE_BUFFERS
        || (opt->state_buffers > 0 && opt->state == NULL)
        || (s->rng.inc & 1) == 0)
        return nn_fail(NN_ERR_ARG, "%s: the training state is not one "
                       "that can be resumed", path);
    if (!fits_f32(opt->state, (size_t)opt->state_buffers * opt->param_count))
        return nn_fail(NN_ERR_ARG, "%s: an optimizer state number is NaN, "
                       "infinite or too large for single precision", path);
    return NN_OK;
}
nn_status model_save(const char *path, const Network *net,
                     const TrainingState *state)
{
    if (path == NULL)
        return nn_fail(NN_ERR_ARG, "model_save: no path");
    nn_status status = check_network(path, net);
    if (status == NN_OK && state != NULL)
        status = check_state(path, net, state);
    SafeFile f;
    if (status != NN_OK || (status = file_begin(&f, path)) != NN_OK)
        return status;
    Writer w = { &f, crc32(0L, Z_NULL, 0) };
    write_model(&w, net, state);
    return file_commit(&f);
}
typedef struct {
    FILE *f;
    const char *path;
    uint64_t size;       /* of the file, from the file system */
    uint64_t offset;     /* of the next byte to read */
    uLong crc;           /* of the bytes read so far */
} Reader;
static nn_status open_reader(Reader *r, const char *path)
{
    struct stat info;
    int fd;
    *r = (Reader){ NULL, path, 0, 0, crc32(0L, Z_NULL, 0) };
    nn_status status = file_open_regular(path, &fd);
    if (status != NN_OK)
        return status;
    if (fstat(fd, &info) != 0 || (r->f = fdopen(fd, "rb")) == NULL) {
        close(fd);
        return nn_fail(NN_ERR_IO, "%s: %s", path, strerror(errno));
    }
    r->size = (uint64_t)info.st_size;
    return NN_OK;
}
static nn_status bad_field(const Reader *r, uint64_t at, const char *field,
                           const char *problem_format, ...)
{
    char problem[256];
    va_list args;
    va_start(args, problem_format);
    vsnprintf(problem, sizeof problem, problem_format, args);
    va_end(args);
    return nn_fail(NN_ERR_FORMAT, "%s: %s at byte %llu %s", r->path, field,
                   (unsigned long long)at, problem);
}
static nn_status get_bytes(Reader *r, unsigned char *bytes, size_t n,
                           const char *field)
{
    if (n > r->size - r->offset)
        return bad_field(r, r->offset, field, "is cut off: the file ends "
                         "at byte %llu", (unsigned long long)r->size);
    if (fread(bytes, 1, n, r->f) != n)
        return nn_fail(NN_ERR_IO, "%s: reading the %s at byte %llu "
                       "failed", r->path, field,
                       (unsigned long long)r->offset);
    r->crc = crc32(r->crc, bytes, (uInt)n);
    r->offset += n;
    return NN_OK;
}
static nn_status get_u64(Reader *r, uint64_t *v, const char *field)
{
    unsigned char bytes[8];
    nn_status status = get_bytes(r, bytes, 8, field);
    if (status == NN_OK)
        *v = decode_u64(bytes);
    return status;
}
static nn_status get_count(Reader *r, uint32_t *v, uint32_t low,
                           uint32_t high, const char *field)
{
    unsigned char bytes[4];
    uint64_t at = r->offset;
    nn_status status = get_bytes(r, bytes, 4, field);
    if (status != NN_OK)
        return status;
    *v = decode_u32(bytes);
    if (*v < low || *v > high)
        return bad_field(r, at, field, "is %lu, not in %lu..%lu",
                         (unsigned long)*v, (unsigned long)low,
                         (unsigned long)high);
    return NN_OK;
}
static nn_status get_f32_array(Reader *r, scalar *values, uint64_t n,
                               const char *field)
{
    unsigned char bytes[4 * F32_CHUNK];
    nn_status status = NN_OK;
    for (uint64_t done = 0; status == NN_OK && done < n; ) {
        size_t m = n - done < F32_CHUNK ? (size_t)(n - done) : F32_CHUNK;
        uint64_t at = r->offset;
        status = get_bytes(r, bytes, 4 * m, field);
        for (size_t i = 0; status == NN_OK && i < m; i++) {
            float value = bits_float(decode_u32(&bytes[4 * i]));
            if (!isfinite(value))
                return bad_field(r, at, field, "holds %s as its number %llu (at byte "
                                 "%llu): the file is corrupt", isnan(value) ? "NaN"
                                 : "an infinity", (unsigned long long)(done + i),
                                 (unsigned long long)(at + 4 * i));
            if (values != NULL)
                values[done + i] = value;
        }
        done += m;
    }
    return status;
}
static nn_status read_header(Reader *r, uint32_t *version)
{
    unsigned char magic[MODEL_MAGIC_SIZE];
    nn_status status = get_bytes(r, magic, sizeof magic, "magic number");
    if (status != NN_OK)
        return status;
    if (memcmp(magic, MODEL_MAGIC, MODEL_MAGIC_SIZE) != 0)
        return bad_field(r, 0, "magic number", "%s",
                         memcmp(magic, "NNBOOK", 6) == 0
                         ? "has a changed line ending: was the file "
                           "copied as text?"
                         : "is wrong: this is not a model file");
    status = get_count(r, version, 0, UINT32_MAX, "format version");
    if (status == NN_OK && (*version < 1 || *version > MODEL_VERSION))
        return bad_field(r, 8, "format version", "is %lu; this program "
                         "reads versions 1 to %d", (unsigned long)*version,
                         MODEL_VERSION);
    return status;
}
static nn_status read_head(Reader *r, uint32_t version, const Head **head)
{
    uint32_t code = 2;   /* version 1: the cross-entropy head */
    nn_status status = NN_OK;
    if (version >= 2)
        status = get_count(r, &code, 0, MODEL_HEAD_COUNT - 1, "head");
    if (status == NN_OK)
        *head = model_heads[code];
    return status;
}
static nn_status read_layer(Reader *r, uint32_t version, int l,
                            LayerSpec *specs);
static nn_status read_record(Reader *r, int l, LayerSpec *spec);
static nn_status read_record_v1(Reader *r, int l, LayerSpec *spec);
static nn_status read_kind_and_sizes(Reader *r, int l, uint32_t last_kind,
                                     uint32_t *kind, uint32_t *inputs,
                                     uint32_t *outputs);

static nn_status read_layers(Reader *r, uint32_t version, int *layer_count,
                             LayerSpec specs[MODEL_MAX_LAYERS])
{
    uint32_t count;
    nn_status status = get_count(r, &count, 1, MODEL_MAX_LAYERS,
                                 "layer count");
    for (uint32_t l = 0; status == NN_OK && l < count; l++)
        status = read_layer(r, version, (int)l, specs);
    *layer_count = (int)count;
    return status;
}
static nn_status read_layer(Reader *r, uint32_t version, int l,
                            LayerSpec *specs)
{
    char field[64];
    uint64_t at = r->offset;
    nn_status status = version == 1 ? read_record_v1(r, l, &specs[l])
                                    : read_record(r, l, &specs[l]);
    if (status != NN_OK)
        return status;
    const LayerKind *kind = NULL;
    int outputs = 0;
    snprintf(field, sizeof field, "layer %d (%s)", l, specs[l].kind);
    if (layer_kind_find(specs[l].kind, &kind) != NN_OK
        || kind->check(&specs[l], &outputs) != NN_OK)
        return bad_field(r, at, field, "is not a layer of its kind: %s",
                         nn_error());
    if (outputs != specs[l].outputs)
        return bad_field(r, at, field, "has %d outputs, but its kind gives %d",
                         specs[l].outputs, outputs);
    if (l > 0 && specs[l].inputs != specs[l - 1].outputs)
        return bad_field(r, at + 4, field, "has %d inputs, but layer %d has "
                         "%d outputs", specs[l].inputs, l - 1,
                         specs[l - 1].outputs);
    return NN_OK;
}
static nn_status read_record(Reader *r, int l, LayerSpec *spec)
{
    char field[64];
    uint32_t kind, inputs, outputs, count;
    uint64_t at = r->offset;
    nn_status status;
    if ((status = read_kind_and_sizes(r, l, MODEL_KIND_COUNT - 1, &kind,
                                      &inputs, &outputs)))
        return status;
    snprintf(field, sizeof field, "layer %d's field count", l);
    if ((status = get_count(r, &count, 0, MODEL_MAX_FIELDS, field)))
        return status;
    double fields[MODEL_MAX_FIELDS];
    for (uint32_t i = 0; i < count; i++) {
        uint64_t bits = 0;
        snprintf(field, sizeof field, "layer %d's field %lu", l,
                 (unsigned long)i);
        if ((status = get_u64(r, &bits, field)))
            return status;
        fields[i] = bits_double(bits);
    }
    *spec = (LayerSpec){ .inputs = (int)inputs, .outputs = (int)outputs,
                         .kind = model_kinds[kind] };
    const LayerKind *row = NULL;
    snprintf(field, sizeof field, "layer %d (%s)", l, spec->kind);
    if (layer_kind_find(spec->kind, &row) != NN_OK || row->set_fields == NULL)
        return bad_field(r, at, field, "is of a kind this program cannot "
                         "build");
    if (row->set_fields(spec, fields, (int)count) != NN_OK)
        return bad_field(r, at, field, "%s", nn_error());
    return NN_OK;
}
static nn_status read_kind_and_sizes(Reader *r, int l, uint32_t last_kind,
                                     uint32_t *kind, uint32_t *inputs,
                                     uint32_t *outputs)
{
    char field[64];
    nn_status status;
    snprintf(field, sizeof field, "layer %d's kind", l);
    if ((status = get_count(r, kind, 0, last_kind, field)))
        return status;
    snprintf(field, sizeof field, "layer %d's inputs", l);
    if ((status = get_count(r, inputs, 1, MODEL_MAX_UNITS, field)))
        return status;
    snprintf(field, sizeof field, "layer %d's outputs", l);
    return get_count(r, outputs, 1, MODEL_MAX_UNITS, field);
}
static nn_status read_record_v1(Reader *r, int l, LayerSpec *spec)
{
    char field[64];
    uint32_t kind, inputs, outputs, act;
    nn_status status;
    if ((status = read_kind_and_sizes(r, l, MODEL_KIND_DENSE, &kind, &inputs,
                                      &outputs)))
        return status;
    snprintf(field, sizeof field, "layer %d's activation", l);
    if ((status = get_count(r, &act, ACT_IDENTITY, ACT_SOFTMAX, field)))
        return status;
    *spec = (LayerSpec)LAYER_DENSE((int)inputs, (int)outputs,
                                   (Activation)act);
    return NN_OK;
}
static nn_status read_parameter_count(Reader *r, int layer_count,
                                      const LayerSpec *specs, uint64_t *p)
{
    uint64_t implied = 0, at = r->offset;
    for (int l = 0; l < layer_count; l++) {
        const LayerKind *kind = NULL;
        layer_kind_find(specs[l].kind, &kind);
        implied += kind->param_count != NULL ? kind->param_count(&specs[l])
                                             : 0;
    }
    nn_status status = get_u64(r, p, "parameter count");
    if (status != NN_OK)
        return status;
    if (*p != implied)
        return bad_field(r, at, "parameter count", "is %llu, but the "
                         "layers have %llu", (unsigned long long)*p,
                         (unsigned long long)implied);
    if (4 * *p + 8 > r->size - r->offset)
        return bad_field(r, at, "parameter count", "is %llu, but the file "
                         "is only %llu bytes", (unsigned long long)*p,
                         (unsigned long long)r->size);
    return NN_OK;
}
static nn_status read_generator(Reader *r, TrainingState *s)
{
    uint32_t epoch;
    uint64_t at;
    nn_status status = get_count(r, &epoch, 0, INT_MAX, "epoch count");
    if (status == NN_OK)
        status = get_u64(r, &s->rng.state, "generator's state");
    at = r->offset;
    if (status == NN_OK)
        status = get_u64(r, &s->rng.inc, "generator's increment");
    if (status == NN_OK && (s->rng.inc & 1) == 0)
        return bad_field(r, at, "generator's increment", "is even");
    s->epoch = (int)epoch;
    return status;
}
static nn_status read_setting(Reader *r, OptimizerConfig *config, int i);

static nn_status read_settings(Reader *r, OptimizerConfig *config)
{
    uint32_t kind, count;
    nn_status status = get_count(r, &kind, 0, INT_MAX, "optimizer kind");
    if (status == NN_OK)
        status = get_count(r, &count, 0,
                           (uint32_t)optimizer_setting_count(),
                           "number of optimizer settings");
    *config = (OptimizerConfig){ .kind = (OptimizerKind)kind };
    for (uint32_t i = 0; status == NN_OK && i < count; i++)
        status = read_setting(r, config, (int)i);
    return status;
}
static nn_status read_setting(Reader *r, OptimizerConfig *config, int i)
{
    char field[96];
    uint64_t bits = 0, at = r->offset;
    snprintf(field, sizeof field, "optimizer setting %d (%s)", i,
             optimizer_setting_name(i));
    nn_status status = get_u64(r, &bits, field);
    double value = bits_double(bits);
    if (status == NN_OK && !(fabs(value) <= SCALAR_MAX))
        return bad_field(r, at, field, "is %g, not a number that fits",
                         value);
    if (status == NN_OK)
        *optimizer_setting(config, i) = (scalar)value;
    return status;
}
static nn_status make_optimizer(Reader *r, uint64_t at,
                                const OptimizerConfig *config, uint64_t p,
                                Optimizer *opt)
{
    if (optimizer_init(opt, config, (size_t)p) != NN_OK)
        return bad_field(r, at, "optimizer kind", "and settings are "
                         "refused: %s", nn_error());
    return NN_OK;
}
static nn_status read_training_state(Reader *r, uint64_t p,
                                     TrainingState *s)
{
    OptimizerConfig config;
    uint64_t kind_at, step = 0;
    uint32_t buffers = 0;
    nn_status status = read_generator(r, s);
    kind_at = r->offset;
    if (status == NN_OK)
        status = read_settings(r, &config);
    uint64_t step_at = r->offset, buffers_at = step_at + 8;
    if (status == NN_OK)
        status = get_u64(r, &step, "optimizer step");
    if (status == NN_OK && step > LONG_MAX)
        return bad_field(r, step_at, "optimizer step", "is %llu, too large",
                         (unsigned long long)step);
    if (status == NN_OK)
        status = get_count(r, &buffers, 0, MODEL_MAX_STATE_BUFFERS,
                           "number of state buffers");
    if (status == NN_OK && 4 * buffers * p + 4 != r->size - r->offset)
        return bad_field(r, buffers_at, "number of state buffers", "is %lu, "
                         "but %llu bytes follow", (unsigned long)buffers,
                         (unsigned long long)(r->size - r->offset));
    if (status == NN_OK)
        status = make_optimizer(r, kind_at, &config, p, &s->optimizer);
    if (status == NN_OK && s->optimizer.state_buffers != (int)buffers)
        return bad_field(r, buffers_at, "number of state buffers", "is %lu, "
                         "but a %s optimizer has %d", (unsigned long)buffers,
                         optimizer_name(config.kind),
                         s->optimizer.state_buffers);
    if (status == NN_OK)
        status = get_f32_array(r, s->optimizer.state, buffers * p,
                               "state buffers");
    if (status == NN_OK)
        s->optimizer.step = (long)step;
    return status;
}
static nn_status check_checksum(Reader *r)
{
    uLong computed = r->crc;
    uint64_t at = r->offset;
    unsigned char bytes[4];
    if (r->size - r->offset != 4)
        return bad_field(r, at, "checksum", "should be the last 4 bytes, "
                         "but %llu bytes remain",
                         (unsigned long long)(r->size - r->offset));
    nn_status status = get_bytes(r, bytes, 4, "checksum");
    if (status == NN_OK && decode_u32(bytes) != (uint32_t)computed)
        return bad_field(r, at, "checksum", "is %08lx, but the contents "
                         "give %08lx: the file is damaged",
                         (unsigned long)decode_u32(bytes),
                         (unsigned long)computed);
    return status;
}
static nn_status read_model(Reader *r, Network *net, int batch_capacity,
                            TrainingState *state, bool *with_state)
{
    LayerSpec specs[MODEL_MAX_LAYERS];
    int layer_count = 0;
    uint64_t p = 0;
    uint32_t flag = 0, version = 0;
    const Head *head = NULL;
    nn_status status = read_header(r, &version);
    if (status == NN_OK)
        status = read_head(r, version, &head);
    if (status == NN_OK)
        status = read_layers(r, version, &layer_count, specs);
    if (status == NN_OK)
        status = read_parameter_count(r, layer_count, specs, &p);
    if (status == NN_OK
        && network_init(net, layer_count, specs, batch_capacity) != NN_OK)
        return nn_fail(NN_ERR_NOMEM, "%s: %s", r->path, nn_error());
    net->head = head;
    if (status == NN_OK)
        status = get_f32_array(r, net->params, p, "parameters");
    if (status == NN_OK)
        status = get_count(r, &flag, 0, 1, "training-state flag");
    *with_state = flag == 1;
    if (status == NN_OK && flag == 1)
        status = read_training_state(r, net->trained_count, state);
    return status == NN_OK ? check_checksum(r) : status;
}
nn_status model_load(const char *path, Network *net, int batch_capacity,
                     TrainingState *state, bool *has_state)
{
    TrainingState own = { 0 }, *s = state != NULL ? state : &own;
    Reader r;
    bool with_state = false;
    *net = (Network){ 0 };
    *s = (TrainingState){ 0 };
    if (has_state != NULL)
        *has_state = false;
    if (path == NULL || batch_capacity < 1)
        return nn_fail(NN_ERR_ARG, "model_load: no path, or a batch "
                       "capacity of %d", batch_capacity);
    nn_status status = open_reader(&r, path);
    if (status != NN_OK)
        return status;
    status = read_model(&r, net, batch_capacity, s, &with_state);
    fclose(r.f);
    if (status != NN_OK || s == &own)
        training_state_free(s);
    if (status != NN_OK) {
        network_free(net);
        return status;
    }
    if (has_state != NULL)
        *has_state = with_state;
    return NN_OK;
}
void training_state_free(TrainingState *state)
{
    optimizer_free(&state->optimizer);
    *state = (TrainingState){ 0 };
}
