#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "matrix.h"
#include "rng.h"
#include "optimizer.h"
#include "tap.h"
#include "train.h"

static int kernel_count(void)
{
    int count = 0;
    while (matrix_gemm_kernel_name(count) != NULL)
        count++;
    return count;
}

static void test_choosing_kernels(void)
{
    int count = kernel_count();
    tap_ok(count == 7 && strcmp(matrix_gemm_kernel_name(0), "naive") == 0
           && strcmp(matrix_gemm_kernel_name(count - 1), "threads") == 0,
           "the kernels run from naive to threads (%d kernels)", count);
    tap_ok(strcmp(matrix_gemm_kernel_in_use(), "threads") == 0,
           "the threaded kernel is the default");
    tap_ok(matrix_gemm_use("blocked") == NN_OK
           && strcmp(matrix_gemm_kernel_in_use(), "blocked") == 0,
           "a kernel can be chosen by name");
    nn_status s = matrix_gemm_use("chosen");
    tap_ok(s == NN_ERR_ARG && strstr(nn_error(), "naive, reordered") != NULL,
           "an unknown kernel is refused: %s", nn_error());
    tap_ok(matrix_gemm_threads(-1) == NN_ERR_ARG,
           "a negative thread count is refused");
    tap_diag("micro-kernel: %s; threads: %d", matrix_gemm_micro_kernel(),
             matrix_gemm_thread_count());
}
static double gamma_n(double n)
{
    double u = sizeof(scalar) == sizeof(float) ? FLT_EPSILON / 2
                                               : DBL_EPSILON / 2;
    return n * u / (1 - n * u);
}
typedef struct { int m, n, k; } Size;
enum { GUARD = 16 };

typedef struct {
    scalar *a, *b, *abs_a, *abs_b;   /* op(A), op(B) as stored, |A|, |B| */
    scalar *c0, *want, *bound, *got; /* C before, naive, sum |a b|, tested */
} Case;
static bool case_alloc(Case *t, Size s)
{
    size_t na = (size_t)s.m * s.k, nb = (size_t)s.k * s.n;
    size_t nc = (size_t)s.m * s.n;
    scalar *p = malloc((2 * na + 2 * nb + 4 * nc + GUARD) * sizeof *p);
    if (p == NULL)
        return false;
    *t = (Case){ p, p + na, p + na + nb, p + 2 * na + nb,
                 p + 2 * na + 2 * nb, p + 2 * na + 2 * nb + nc,
                 p + 2 * na + 2 * nb + 2 * nc,
                 p + 2 * na + 2 * nb + 3 * nc };
    return true;
}
static void fill_random(scalar *x, size_t n, Rng *rng)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (scalar)(2 * rng_uniform(rng) - 1);
}

static void multiply(const char *kernel, bool ta, bool tb, Size s,
                     scalar alpha, const scalar *a, const scalar *b,
                     scalar beta, scalar *c)
{
    Matrix A = ta ? matrix_view(s.k, s.m, (scalar *)a)
                  : matrix_view(s.m, s.k, (scalar *)a);
    Matrix B = tb ? matrix_view(s.n, s.k, (scalar *)b)
                  : matrix_view(s.k, s.n, (scalar *)b);
    Matrix C = matrix_view(s.m, s.n, c);
    matrix_gemm_use(kernel);
    matrix_gemm(ta, tb, alpha, &A, &B, beta, &C);
}
static void case_fill(Case t, bool ta, bool tb, Size s, scalar alpha,
                      scalar beta, Rng *rng)
{
    size_t na = (size_t)s.m * s.k, nb = (size_t)s.k * s.n;
    size_t nc = (size_t)s.m * s.n;
    fill_random(t.a, na, rng);
    fill_random(t.b, nb, rng);
    fill_random(t.c0, nc, rng);
    for (size_t i = 0; i < nc && beta == 0; i++)
        t.c0[i] = NAN;
    for (size_t i = 0; i < na; i++)
        t.abs_a[i] = fabs(t.a[i]);
    for (size_t i = 0; i < nb; i++)
        t.abs_b[i] = fabs(t.b[i]);
    memcpy(t.want, t.c0, nc * sizeof *t.want);
    multiply("naive", ta, tb, s, alpha, t.a, t.b, beta, t.want);
    multiply("naive", ta, tb, s, 1, t.abs_a, t.abs_b, 0, t.bound);
}

static bool case_check(Case t, const char *kernel, bool ta, bool tb,
                       Size s, scalar alpha, scalar beta, char *why,
                       size_t why_size)
{
    size_t nc = (size_t)s.m * s.n;
    memcpy(t.got, t.c0, nc * sizeof *t.got);
    for (int g = 0; g < GUARD; g++)
        t.got[nc + g] = (scalar)g;
    multiply(kernel, ta, tb, s, alpha, t.a, t.b, beta, t.got);
    bool ok = true;
    for (size_t i = 0; i < nc && ok; i++) {
        double old = beta == 0 ? 0 : fabs(beta * t.c0[i]);
        double tol = 2 * gamma_n(2.0 * s.k + 2)
                     * (fabs(alpha) * t.bound[i] + old);
        ok = fabs((double)t.got[i] - t.want[i]) <= tol;
        if (!ok)
            snprintf(why, why_size, "element %zu is %.9g, naive %.9g, "
                     "tolerance %.3g", i, t.got[i], t.want[i], tol);
    }
    for (int g = 0; g < GUARD && ok; g++)
        if (t.got[nc + g] != (scalar)g) {
            ok = false;
            snprintf(why, why_size, "wrote past the end of C");
        }
    return ok;
}
static const Size sizes[] = {
    { 1, 1, 1 }, { 1, 7, 63 }, { 7, 1, 64 }, { 63, 64, 65 },
    { 64, 65, 63 }, { 65, 63, 257 }, { 257, 7, 65 }, { 7, 257, 1 },
    { 100, 33, 300 }, { 5, 1030, 7 }, { 130, 70, 600 }, { 64, 784, 256 },
};
static const scalar alphas[] = { 1, 0.5, -2 }, betas[] = { 0, 1, 0.25 };
enum { SMALL_MULTIPLY_ADDS = 1 << 21, MAX_KERNELS = 16 };
static void test_kernels_against_naive(bool small)
{
    Rng rng;
    rng_seed(&rng, 13, 2);
    matrix_gemm_threads(2);
    int kernels = kernel_count();
    if (kernels > MAX_KERNELS) {
        tap_ok(false, "%d kernels, room for %d", kernels, MAX_KERNELS);
        kernels = MAX_KERNELS;
    }
    if (small)
        tap_diag("--small: multiplies of more than %d multiply-adds "
                 "left out", SMALL_MULTIPLY_ADDS);
    for (int ta = 0; ta <= 1; ta++)
        for (int tb = 0; tb <= 1; tb++) {
            char why[MAX_KERNELS][300] = { "" };
            int cases = 0, failed[MAX_KERNELS] = { 0 };
            for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
                Size s = sizes[i];
                if (small && (double)s.m * s.n * s.k > SMALL_MULTIPLY_ADDS)
                    continue;
                Case t;
                if (!case_alloc(&t, s)) {
                    tap_ok(false, "%dx%dx%d: out of memory", s.m, s.n, s.k);
                    continue;
                }
                for (int ab = 0; ab < 3; ab++) {
                    cases++;
                    case_fill(t, ta, tb, s, alphas[ab], betas[ab], &rng);
                    for (int kernel = 1; kernel < kernels; kernel++) {
                        char this_why[160];
                        if (!case_check(t, matrix_gemm_kernel_name(kernel), ta, tb, s,
                                        alphas[ab], betas[ab], this_why,
                                        sizeof this_why)
                            && failed[kernel]++ == 0)
                            snprintf(why[kernel], sizeof why[kernel],
                                     "%dx%dx%d, alpha %g, beta %g: %s", s.m, s.n, s.k,
                                     alphas[ab], betas[ab], this_why);
                    }
                }
                free(t.a);
            }
            for (int kernel = 1; kernel < kernels; kernel++)
                tap_ok(failed[kernel] == 0, "%s, trans_a=%d trans_b=%d: "
                       "%d of %d cases equal naive%s%s",
                       matrix_gemm_kernel_name(kernel), ta, tb,
                       cases - failed[kernel], cases,
                       failed[kernel] ? ": " : "", why[kernel]);
        }
    matrix_gemm_threads(0);
}
static bool same_bits_wide(bool ta, bool tb, Size s, Rng *rng)
{
    size_t na = (size_t)s.m * s.k, nb = (size_t)s.k * s.n;
    size_t nc = (size_t)s.m * s.n;
    scalar *p = malloc((na + nb + 3 * nc) * sizeof *p);
    if (p == NULL)
        return false;
    scalar *a = p, *b = a + na, *c = b + nb, *c2 = c + nc, *c5 = c2 + nc;
    fill_random(p, na + nb + nc, rng);
    memcpy(c2, c, nc * sizeof *c);
    memcpy(c5, c, nc * sizeof *c);
    multiply("avx2", ta, tb, s, 0.5f, a, b, 1, c2);
    multiply("avx512", ta, tb, s, 0.5f, a, b, 1, c5);
    bool same = memcmp(c2, c5, nc * sizeof *c) == 0;
    free(p);
    return same;
}
static void test_wide_kernel_bits(void)
{
    Rng rng;
    rng_seed(&rng, 13, 6);
    int cases = 0, same = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (int ta = 0; ta <= 1; ta++)
            for (int tb = 0; tb <= 1; tb++) {
                cases++;
                same += same_bits_wide(ta, tb, sizes[i], &rng);
            }
    tap_ok(same == cases, "avx2 and avx512 give the same bits in %d of "
           "%d cases", same, cases);
}
static void test_thread_count_independence(void)
{
    Rng rng;
    rng_seed(&rng, 13, 3);
    const Size s = { 130, 70, 600 };
    size_t na = (size_t)s.m * s.k, nb = na, nc = (size_t)s.m * s.n;
    scalar *a = malloc(na * sizeof *a), *b = malloc(nb * sizeof *b);
    scalar *c[3] = { malloc(nc * sizeof(scalar)),
                     malloc(nc * sizeof(scalar)),
                     malloc(nc * sizeof(scalar)) };
    fill_random(a, na, &rng);
    fill_random(b, nb, &rng);
    for (int ta = 0; ta <= 1; ta++)
        for (int tb = 0; tb <= 1; tb++) {
            Size sz = ta ? (Size){ s.n, s.m, s.k } : s;
            for (int t = 0; t < 3; t++) {
                matrix_gemm_threads(t + 1);
                multiply("threads", ta, tb, sz, 1, a, b, 0, c[t]);
            }
            matrix_gemm_threads(0);
            tap_ok(memcmp(c[0], c[1], nc * sizeof(scalar)) == 0
                   && memcmp(c[0], c[2], nc * sizeof(scalar)) == 0,
                   "trans_a=%d trans_b=%d: 1, 2 and 3 threads give the same "
                   "bits (%dx%d)", ta, tb, sz.m, sz.n);
        }
    free(a);
    free(b);
    for (int t = 0; t < 3; t++)
        free(c[t]);
}
static nn_status random_dataset(Dataset *d, int count, int features,
                                int classes, Rng *rng)
{
    *d = (Dataset){ .count = count, .features = features,
                    .classes = classes, .outputs = classes };
    d->x = malloc((size_t)count * features * sizeof *d->x);
    d->labels = malloc((size_t)count * sizeof *d->labels);
    if (d->x == NULL || d->labels == NULL)
        return nn_fail(NN_ERR_NOMEM, "out of memory for a data set");
    fill_random(d->x, (size_t)count * features, rng);
    for (int i = 0; i < count; i++)
        d->labels[i] = (int)rng_below(rng, (uint32_t)classes);
    return NN_OK;
}
static nn_status train_twice(int threads, Network *net)
{
    static const LayerSpec layers[] = {
        LAYER_DENSE(100, 128, ACT_RELU), LAYER_DENSE(128, 64, ACT_RELU),
        LAYER_DENSE(64, 10, ACT_IDENTITY),
    };
    Rng rng;
    rng_seed(&rng, 13, 4);
    Dataset d;
    Optimizer opt = { 0 };
    int *order = malloc(640 * sizeof *order);
    nn_status s = random_dataset(&d, 640, 100, 10, &rng);
    if (s == NN_OK)
        s = network_init(net, 3, layers, 64);
    if (s == NN_OK) {
        network_initialize(net, INIT_HE, 0, &rng);
        OptimizerConfig adam = optimizer_defaults(OPT_ADAM);
        s = optimizer_init(&opt, &adam, net->param_count);
    }
    matrix_gemm_use("threads");
    matrix_gemm_threads(threads);
    for (int epoch = 0; epoch < 2 && s == NN_OK && order != NULL; epoch++)
        s = train_epoch(net, &opt, &d, 64, &head_cross_entropy, &rng, order,
                        NULL);
    matrix_gemm_threads(0);
    optimizer_free(&opt);
    dataset_free(&d);
    free(order);
    return s;
}
static void test_training_is_reproducible(void)
{
    Network runs[3];
    nn_status s = NN_OK;
    for (int r = 0; r < 3; r++)
        if (s == NN_OK)
            s = train_twice(r == 2 ? 2 : 1, &runs[r]);
    tap_ok(s == NN_OK, "train three times: %s",
           s == NN_OK ? "ok" : nn_error());
    size_t bytes = runs[0].param_count * sizeof(scalar);
    tap_ok(s == NN_OK && memcmp(runs[0].params, runs[1].params, bytes) == 0,
           "the same seed gives the same parameters");
    tap_ok(s == NN_OK && memcmp(runs[0].params, runs[2].params, bytes) == 0,
           "one thread and two threads give the same parameters");
    for (int r = 0; r < 3; r++)
        network_free(&runs[r]);
}
typedef struct { double theta, m, v; } Reference;

static void reference_update(const OptimizerConfig *c, int t, double g,
                             Reference *r)
{
    const double eta = c->learning_rate, lambda = c->weight_decay;
    bool decoupled = c->kind == OPT_ADAMW;
    if (!decoupled)
        g += lambda * r->theta;
    switch (c->kind) {
    case OPT_MOMENTUM:
    case OPT_NESTEROV:
        r->m = c->momentum * r->m + g;
        r->theta -= eta * (c->kind == OPT_NESTEROV ? g + c->momentum * r->m
                                                   : r->m);
        break;
    case OPT_ADAGRAD:
        r->v += g * g;
        r->theta -= eta * g / (sqrt(r->v) + c->epsilon);
        break;
    case OPT_RMSPROP:
        r->v = c->beta2 * r->v + (1 - c->beta2) * g * g;
        r->theta -= eta * g / (sqrt(r->v) + c->epsilon);
        break;
    default: {                                   /* Adam and AdamW */
        r->m = c->beta1 * r->m + (1 - c->beta1) * g;
        r->v = c->beta2 * r->v + (1 - c->beta2) * g * g;
        double m_hat = r->m / (1 - pow(c->beta1, t));
        double v_hat = r->v / (1 - pow(c->beta2, t));
        r->theta -= eta * (m_hat / (sqrt(v_hat) + c->epsilon)
                           + (decoupled ? lambda * r->theta : 0));
    }
    }
    double shrunk = fabs(r->theta) - eta * c->l1;        /* L1, if any */
    if (c->l1 > 0)
        r->theta = shrunk <= 0 ? 0 : copysign(shrunk, r->theta);
}
static void test_updates_against_formulas(void)
{
    enum { N = 1003, STEPS = 5 };
    static const struct { OptimizerKind kind; float l1; } runs[] = {
        { OPT_MOMENTUM, 0 }, { OPT_NESTEROV, 0 }, { OPT_ADAGRAD, 0 },
        { OPT_RMSPROP, 0 }, { OPT_ADAM, 0 }, { OPT_ADAMW, 0 },
        { OPT_MOMENTUM, 2 },
    };
    static scalar theta[N], grads[N];
    static Reference ref[N];
    Rng rng;
    rng_seed(&rng, 13, 5);
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        OptimizerConfig c = optimizer_defaults(runs[k].kind);
        Optimizer opt;
        c.weight_decay = 0.01f;
        c.l1 = runs[k].l1;
        fill_random(theta, N, &rng);
        for (int i = 0; i < N; i++)
            ref[i] = (Reference){ theta[i], 0, 0 };
        nn_status s = optimizer_init(&opt, &c, N);
        double worst = 0;
        for (int t = 1; t <= STEPS && s == NN_OK; t++) {
            fill_random(grads, N, &rng);
            optimizer_step(&opt, theta, grads);
            for (int i = 0; i < N; i++) {
                reference_update(&c, t, grads[i], &ref[i]);
                worst = fmax(worst, fabs(theta[i] - ref[i].theta));
            }
        }
        int zeros = 0;
        for (int i = 0; i < N; i++)
            zeros += theta[i] == 0;
        char with_l1[40] = "";
        if (c.l1 > 0)
            snprintf(with_l1, sizeof with_l1, " with L1 (%d become 0)", zeros);
        tap_ok(s == NN_OK && worst < 1e-6 && (c.l1 == 0 || zeros > 0),
               "%s%s: %d parameters follow the formulas for %d steps "
               "(largest difference %.1e)", optimizer_name(runs[k].kind),
               with_l1, N, STEPS, worst);
        optimizer_free(&opt);
    }
}
static void test_no_subnormal_state(void)
{
    enum { N = 64 };
    static const OptimizerKind kinds[] = { OPT_MOMENTUM, OPT_ADAM };
    for (int k = 0; k < 2; k++) {
        OptimizerConfig c = optimizer_defaults(kinds[k]);
        Optimizer opt;
        scalar theta[N] = { 0 }, grads[N];
        for (int i = 0; i < N; i++)
            grads[i] = 0.5f;
        nn_status s = optimizer_init(&opt, &c, N);
        int subnormal = 0;
        for (int t = 0; t <= 1000 && s == NN_OK; t++) {
            optimizer_step(&opt, theta, grads);
            memset(grads, 0, sizeof grads);
            for (size_t i = 0; i < opt.state_buffers * (size_t)N; i++)
                subnormal += fpclassify(opt.state[i]) == FP_SUBNORMAL;
        }
        tap_ok(s == NN_OK && subnormal == 0 && opt.state[0] == 0,
               "%s: the state decays to 0, never to a subnormal number "
               "(%d seen)", optimizer_name(kinds[k]), subnormal);
        optimizer_free(&opt);
    }
}

int main(int argc, char **argv)
{
    bool small = argc == 2 && strcmp(argv[1], "--small") == 0;
    if (argc > 2 || (argc == 2 && !small)) {
        fprintf(stderr, "usage: %s [--small]\n", argv[0]);
        return 2;
    }
    test_choosing_kernels();
    test_kernels_against_naive(small);
    test_wide_kernel_bits();
    test_thread_count_independence();
    test_training_is_reproducible();
    test_updates_against_formulas();
    test_no_subnormal_state();
    return tap_done();
}
