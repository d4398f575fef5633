/* lib/scale.c: the scale layer, which standardizes columns. */
#include <math.h>
#include "scale.h"

static nn_status scale_check(const LayerSpec *spec, int *outputs)
{
    return layer_check_same_width(spec, "a scale layer", outputs);
}

static nn_status scale_setup(Layer *layer, int capacity)
{
    (void)capacity;
    nn_status status = layer_new_state(layer, sizeof(ScaleLayer));
    ScaleLayer *s = layer->state;
    if (status == NN_OK) {
        s->gain = s->grad_gain = matrix_view(1, layer->inputs, NULL);
        s->offset = s->grad_offset = matrix_view(1, layer->inputs, NULL);
    }
    return status;
}
static size_t scale_param_count(const LayerSpec *spec)
{
    return 2 * (size_t)spec->inputs;
}

static int scale_parameters(Layer *layer, LayerParameter *list)
{
    ScaleLayer *s = layer->state;
    list[0] = (LayerParameter){ "gain", &s->gain, &s->grad_gain };
    list[1] = (LayerParameter){ "offset", &s->offset, &s->grad_offset };
    return 2;
}

/* Until the data sets it: the identity, with no draw from rng. */
static void scale_initialize(Layer *layer, InitScheme scheme,
                             scalar scale, Rng *rng)
{
    (void)scheme, (void)scale, (void)rng;
    ScaleLayer *s = layer->state;
    matrix_fill(&s->gain, 1);
    matrix_fill(&s->offset, 0);
}
/* X: n x width  ->  output: n x width, X times gain plus offset */
static nn_status scale_forward(Layer *layer, const Matrix *x,
                               Rng *training)
{
    (void)training;
    const ScaleLayer *s = layer->state;
    for (int i = 0; i < x->rows; i++)
        for (int j = 0; j < x->cols; j++)
            MAT(&layer->output, i, j) = s->gain.data[j] * MAT(x, i, j)
                                        + s->offset.data[j];
    return NN_OK;
}
/* grad_output: n x width  ->  grad_gain, grad_offset (1 x width) and,
   if pass_down, grad_input (n x width) */
static nn_status scale_backward(Layer *layer, const Matrix *g,
                                bool pass_down)
{
    ScaleLayer *s = layer->state;
    const Matrix *x = &layer->input;
    matrix_fill(&s->grad_gain, 0);
    matrix_fill(&s->grad_offset, 0);
    for (int i = 0; i < g->rows; i++)
        for (int j = 0; j < g->cols; j++) {
            s->grad_gain.data[j] += MAT(g, i, j) * MAT(x, i, j);
            s->grad_offset.data[j] += MAT(g, i, j);
            if (pass_down)
                MAT(&layer->grad_input, i, j) = s->gain.data[j]
                                                * MAT(g, i, j);
        }
    return NN_OK;
}
static void scale_example(LayerSpec *spec, int inputs, Activation act)
{
    (void)act;
    *spec = (LayerSpec)LAYER_SCALE(inputs);
}
static void column_moments(const scalar *v, int rows, int cols, int j,
                           double *mean, double *sd)
{
    double sum = 0, squares = 0;
    for (int i = 0; i < rows; i++)
        sum += v[(size_t)i * (size_t)cols + (size_t)j];
    *mean = sum / rows;
    for (int i = 0; i < rows; i++) {
        double e = v[(size_t)i * (size_t)cols + (size_t)j] - *mean;
        squares += e * e;
    }
    *sd = sqrt(squares / rows);
}
static nn_status set_scale(Layer *layer, const scalar *v, int rows,
                           int cols, bool inverse)
{
    ScaleLayer *s = layer->kind == &scale_kind ? layer->state : NULL;
    if (s == NULL || layer->inputs != cols || v == NULL || rows < 1)
        return nn_fail(NN_ERR_ARG, "scale: the layer is not a scale layer "
                       "of %d columns, or there is no data to measure", cols);
    for (int j = 0; j < cols; j++) {
        double mean, sd;
        column_moments(v, rows, cols, j, &mean, &sd);
        double spread = sd > 0 ? sd : 1;
        s->gain.data[j] = (scalar)(inverse ? spread : 1 / spread);
        s->offset.data[j] = (scalar)(inverse ? mean : -mean / spread);
    }
    return NN_OK;
}

nn_status scale_standardize(Layer *layer, const Dataset *d)
{
    return set_scale(layer, d->x, d->count, d->features, false);
}

nn_status scale_unstandardize(Layer *layer, const Dataset *d)
{
    return set_scale(layer, d->y, d->count, d->outputs, true);
}
static int scale_fields(const LayerSpec *spec, double *fields)
{
    (void)spec, (void)fields;
    return 0;
}

static nn_status scale_set_fields(LayerSpec *spec, const double *fields,
                                  int count)
{
    (void)spec, (void)fields;
    return count == 0 ? NN_OK : nn_fail(NN_ERR_FORMAT, "has %d fields; a "
                                        "scale layer has none", count);
}

const LayerKind scale_kind = {
    .name = "scale",
    .check = scale_check,
    .setup = scale_setup,
    .param_count = scale_param_count,
    .parameters = scale_parameters,
    .initialize = scale_initialize,
    .forward = scale_forward,
    .backward = scale_backward,
    .example = scale_example,
    .fixed_parameters = true,
    .fields = scale_fields,
    .set_fields = scale_set_fields,
};
