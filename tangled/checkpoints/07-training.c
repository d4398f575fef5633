/* checkpoints/07-training.c */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "train.h"

#include "problems.h"
static void test_sgd_step(void)
{
    Optimizer opt;
    OptimizerConfig sgd = { .kind = OPT_SGD, .learning_rate = 0.25 };
    scalar params[] = { 1, -2, 3 };
    const scalar grads[] = { 4, 0.5, -8 };
    tap_ok(optimizer_init(&opt, &sgd, 3) == NN_OK && opt.state == NULL,
           "SGD for three parameters needs no state");
    optimizer_step(&opt, params, grads);
    tap_ok(params[0] == 0 && params[1] == -2.125 && params[2] == 5,
           "one SGD step computes theta - eta g");
    tap_ok(opt.step == 1, "the optimizer counts its steps");
    OptimizerKind kind;
    tap_ok(optimizer_from_name(optimizer_name(OPT_SGD), &kind) == NN_OK
           && kind == OPT_SGD, "optimizer names go both ways");
    tap_ok(optimizer_setting(&sgd, 0) == &sgd.learning_rate
           && strcmp(optimizer_setting_name(0), "learning_rate") == 0
           && optimizer_setting(&sgd, optimizer_setting_count()) == NULL,
           "the settings table finds the learning rate, and ends");
    optimizer_free(&opt);
}
static void test_quadratic(void)
{
    const double a = 4, rates[] = { 0.01, 0.4, 0.6 };
    for (int k = 0; k < 3; k++) {
        Optimizer opt;
        OptimizerConfig sgd = { .kind = OPT_SGD,
                                .learning_rate = (scalar)rates[k] };
        scalar w = 1, gradient;
        optimizer_init(&opt, &sgd, 1);
        for (int t = 0; t < 20; t++) {
            gradient = (scalar)(a * w);
            optimizer_step(&opt, &w, &gradient);
        }
        double want = pow(1 - (double)sgd.learning_rate * a, 20);
        tap_near(w, want, 1e-4 * fabs(want) + 1e-6,
                 "gradient descent on a parabola, eta = %g", rates[k]);
        optimizer_free(&opt);
    }
}
static void test_shuffle(void)
{
    int counts[27] = { 0 }, order[1000];
    const int draws = 60000;
    Rng rng;
    rng_seed(&rng, 3, 0);
    for (int i = 0; i < draws; i++) {
        int three[3] = { 0, 1, 2 };
        rng_shuffle(three, 3, &rng);
        counts[9 * three[0] + 3 * three[1] + three[2]]++;
    }
    double chi2 = 0, expected = draws / 6.0;
    for (int c = 0; c < 27; c++) {
        int o0 = c / 9, o1 = c / 3 % 3, o2 = c % 3;
        if (o0 != o1 && o1 != o2 && o0 != o2)
            chi2 += (counts[c] - expected) * (counts[c] - expected)
                    / expected;
    }
    tap_ok(chi2 < 20.5, "the shuffle is uniform (chi-square %.2f)", chi2);
    bool seen[1000] = { false }, permutation = true;
    for (int i = 0; i < 1000; i++)
        order[i] = i;
    rng_shuffle(order, 1000, &rng);
    for (int i = 0; i < 1000; i++) {
        permutation = permutation && !seen[order[i]];
        seen[order[i]] = true;
    }
    tap_ok(permutation, "a shuffle of 1000 elements is a permutation");
}
static void test_batches(void)
{
    scalar inputs[] = { 1, 2, 3, 4, 5, 6 }, xs[4], ts[6];
    unsigned char pixels[] = { 2, 4, 6, 8, 10, 12 };
    int labels[] = { 1, 0, 2 }, order[] = { 2, 0 };
    Dataset d = { .count = 3, .features = 2, .classes = 3, .x = inputs,
                  .labels = labels, .outputs = 3 };
    Matrix x = matrix_view(2, 2, xs), t = matrix_view(2, 3, ts);
    nn_status s = dataset_batch(&d, order, 0, 2, &x, &t);
    tap_ok(s == NN_OK && xs[0] == 5 && xs[1] == 6 && xs[2] == 1
           && xs[3] == 2, "a batch holds the inputs in the given order");
    tap_ok(ts[0] == 0 && ts[1] == 0 && ts[2] == 1 && ts[3] == 0
           && ts[4] == 1 && ts[5] == 0, "targets are one-hot labels");
    d.x = NULL;
    d.bytes = pixels;
    d.byte_scale = 0.5;
    s = dataset_batch(&d, order, 0, 2, &x, &t);
    tap_ok(s == NN_OK && xs[0] == 5 && xs[1] == 6 && xs[2] == 1
           && xs[3] == 2, "bytes are scaled into inputs");
    s = dataset_batch(&d, NULL, 2, 2, &x, &t);
    tap_ok(s == NN_ERR_ARG, "a batch past the end is refused: %s",
           nn_error());
}
static void test_spiral_geometry(void)
{
    const double two_pi = 6.283185307179586476925286766559;
    Dataset d;
    Rng rng;
    rng_seed(&rng, 5, 0);
    nn_status s = dataset_spiral(&d, 50, 3, 0, &rng);
    tap_ok(s == NN_OK && d.count == 150 && d.features == 2
           && d.outputs == 3, "a spiral of three arms of 50 points");
    double worst = s == NN_OK ? 0 : INFINITY;
    for (int e = 0; e < d.count; e++) {
        int c = e / 50, i = e % 50;
        double t = (i + 0.5) / 50, angle = c * two_pi / 3 + 4 * t;
        worst = fmax(worst, hypot(d.x[2 * e] - t * cos(angle),
                                  d.x[2 * e + 1] - t * sin(angle)));
        worst = d.labels[e] == c ? worst : INFINITY;
    }
    tap_ok(worst < 1e-6, "every point lies on its arm (off by %.2g)",
           worst);
    dataset_free(&d);
    s = dataset_spiral(&d, 50, 3, -1, &rng);
    tap_ok(s == NN_ERR_ARG, "negative noise is refused: %s", nn_error());
}
static void test_bad_arguments(void)
{
    Problem p;
    int order[4];
    nn_status s = problem_init(&p, XOR_PROBLEM, XOR_SEED,
                               XOR_LEARNING_RATE);
    tap_ok(s == NN_OK, "set up the XOR problem");
    if (s != NN_OK)
        return;
    size_t bytes = p.net.param_count * sizeof(scalar);
    scalar *saved = malloc(bytes);
    memcpy(saved, p.net.params, bytes);
    s = train_epoch(&p.net, &p.opt, &p.data, 0, &head_cross_entropy, &p.rng,
                    order, NULL);
    tap_ok(s == NN_ERR_ARG && strstr(nn_error(), "batch size is 0"),
           "a batch size of 0 is refused: %s", nn_error());
    s = train_epoch(&p.net, &p.opt, &p.data, 5, &head_cross_entropy, &p.rng,
                    order, NULL);
    tap_ok(s == NN_ERR_ARG && strstr(nn_error(), "capacity is 4"),
           "a batch beyond the capacity is refused: %s", nn_error());
    Dataset three = p.data;
    three.features = 3;
    s = train_epoch(&p.net, &p.opt, &three, 4, &head_cross_entropy, &p.rng,
                    order, NULL);
    tap_ok(s == NN_ERR_SHAPE, "inputs of the wrong width are refused: %s",
           nn_error());
    Optimizer small;
    OptimizerConfig config = { .kind = OPT_SGD, .learning_rate = 0.1 };
    optimizer_init(&small, &config, 3);
    s = train_epoch(&p.net, &small, &p.data, 4, &head_cross_entropy, &p.rng,
                    order, NULL);
    tap_ok(s == NN_ERR_ARG && strstr(nn_error(), "3 parameters"),
           "an optimizer for another network is refused: %s", nn_error());
    optimizer_free(&small);
    const scalar bad_rates[] = { 0, -1, NAN, INFINITY };
    for (int i = 0; i < 4; i++) {
        config.learning_rate = bad_rates[i];
        s = optimizer_init(&small, &config, 3);
        tap_ok(s == NN_ERR_ARG, "learning rate %g is refused: %s",
               (double)bad_rates[i], nn_error());
    }
    tap_ok(memcmp(saved, p.net.params, bytes) == 0,
           "refused calls leave the parameters alone");
    free(saved);
    problem_free(&p);
}
static void require_ok(nn_status status)
{
    if (status != NN_OK) {
        tap_ok(false, "setup: %s", nn_error());
        exit(tap_done());
    }
}
enum { SPIRAL_EXAMPLES = SPIRAL_CLASSES * SPIRAL_PER_CLASS };

static int fixed_points(const int *order, int n)
{
    int count = 0;
    for (int i = 0; i < n; i++)
        count += order[i] == i;
    return count;
}

static void test_epoch_order(void)
{
    Problem p;
    int first[SPIRAL_EXAMPLES], second[SPIRAL_EXAMPLES];
    require_ok(problem_init(&p, SPIRAL_PROBLEM, SPIRAL_SEED,
                            SPIRAL_LEARNING_RATE));
    int n = p.data.count;
    nn_status s = train_epoch(&p.net, &p.opt, &p.data, 10, p.training.loss,
                              &p.rng, first, NULL);
    bool seen[SPIRAL_EXAMPLES] = { false }, permutation = s == NN_OK;
    for (int i = 0; i < n && permutation; i++) {
        permutation = first[i] >= 0 && first[i] < n && !seen[first[i]];
        if (permutation)
            seen[first[i]] = true;
    }
    tap_ok(permutation, "an epoch visits every example once");
    tap_ok(fixed_points(first, n) < 10, "the epoch's order is shuffled "
           "(%d of %d examples in place)", fixed_points(first, n), n);
    train_epoch(&p.net, &p.opt, &p.data, 10, p.training.loss, &p.rng,
                second, NULL);
    tap_ok(memcmp(first, second, sizeof first) != 0,
           "the next epoch has another order");
    problem_free(&p);
}
static void test_xor(void)
{
    Problem p;
    double loss, right, losses[XOR_EPOCHS];
    require_ok(problem_init(&p, XOR_PROBLEM, XOR_SEED, XOR_LEARNING_RATE));
    train_evaluate(&p.net, &p.data, p.training.loss, &loss, &right);
    tap_diag("XOR before training: loss %.4f, accuracy %.2f", loss, right);
    nn_status s = train_network(&p.net, &p.opt, &p.data, &p.training,
                                &p.rng, losses);
    tap_ok(s == NN_OK, "train XOR for %d epochs", p.training.epochs);
    tap_near(losses[0], loss, 1e-6, "the first epoch reports the loss "
             "of the initial network");
    train_evaluate(&p.net, &p.data, p.training.loss, &loss, &right);
    tap_ok(right == 1, "XOR: all 4 points right (accuracy %.2f)", right);
    tap_ok(loss < 0.05, "XOR: the loss fell below 0.05 (%.4f)", loss);
    problem_free(&p);
}
static void test_spiral(void)
{
    Problem p;
    double loss, right;
    require_ok(problem_init(&p, SPIRAL_PROBLEM, SPIRAL_SEED,
                            SPIRAL_LEARNING_RATE));
    train_evaluate(&p.net, &p.data, p.training.loss, &loss, &right);
    tap_diag("spiral before training: loss %.4f, accuracy %.4f", loss,
             right);
    nn_status s = train_network(&p.net, &p.opt, &p.data, &p.training,
                                &p.rng, NULL);
    tap_ok(s == NN_OK, "train the spiral for %d epochs", p.training.epochs);
    train_evaluate(&p.net, &p.data, p.training.loss, &loss, &right);
    tap_diag("spiral after training: loss %.4f", loss);
    tap_ok(right >= 0.97, "spiral: training accuracy %.4f >= 0.97", right);
    problem_free(&p);
}
static void train_briefly(Problem *p, uint64_t seed)
{
    require_ok(problem_init(p, SPIRAL_PROBLEM, seed, SPIRAL_LEARNING_RATE));
    p->training.epochs = 30;
    require_ok(train_network(&p->net, &p->opt, &p->data, &p->training,
                             &p->rng, NULL));
}

static void test_reproducible(void)
{
    Problem a, b, c;
    train_briefly(&a, SPIRAL_SEED);
    train_briefly(&b, SPIRAL_SEED);
    train_briefly(&c, SPIRAL_SEED + 1);
    size_t bytes = a.net.param_count * sizeof(scalar);
    tap_ok(memcmp(a.net.params, b.net.params, bytes) == 0,
           "the same seed trains to the same bits");
    tap_ok(memcmp(a.net.params, c.net.params, bytes) != 0,
           "another seed trains to other parameters");
    problem_free(&a);
    problem_free(&b);
    problem_free(&c);
}

int main(void)
{
    test_sgd_step();
    test_quadratic();
    test_shuffle();
    test_batches();
    test_spiral_geometry();
    test_bad_arguments();
    test_epoch_order();
    test_xor();
    test_spiral();
    test_reproducible();
    return tap_done();
}
