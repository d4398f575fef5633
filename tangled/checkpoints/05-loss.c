/* Checkpoint 5: the heads: losses, their gradients, predictions and
   metrics. */
/* checkpoint-cflags: -DNN_SCALAR_DOUBLE */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "activation.h"
#include "loss.h"
#include "rng.h"
#include "tap.h"

static void setup(nn_status status)
{
    if (status != NN_OK) {
        printf("Bail out! %s\n", nn_error());
        exit(1);
    }
}

static bool same_as(const Matrix *m, const scalar *want, double tolerance)
{
    for (size_t k = 0; k < matrix_size(m); k++)
        if (!(fabs(m->data[k] - want[k]) <= tolerance))
            return false;
    return true;
}
static void numeric_gradient(const Head *kind, Matrix *y,
                             const Matrix *t, double h, Matrix *g)
{
    for (size_t k = 0; k < matrix_size(y); k++) {
        scalar saved = y->data[k], plus, minus;
        y->data[k] = saved + h;
        setup(head_loss(kind, y, t, &plus));
        y->data[k] = saved - h;
        setup(head_loss(kind, y, t, &minus));
        y->data[k] = saved;
        g->data[k] = (plus - minus) / (2 * h);
    }
}
static void chain_rule_gradient(const Matrix *z, const Matrix *t, Matrix *p,
                                Matrix *g)
{
    setup(matrix_copy(p, z));
    setup(activation_forward(ACT_SOFTMAX, p));
    for (size_t k = 0; k < matrix_size(p); k++)
        g->data[k] = -t->data[k] / (z->rows * p->data[k]);
    setup(activation_backward(ACT_SOFTMAX, p, g));
}
static void test_mse_by_hand(void)
{
    scalar y[] = { 0.5, 1, 2, 0 }, t[] = { 0, 1, 1, 1 }, g[4];
    Matrix Y = matrix_view(2, 2, y), T = matrix_view(2, 2, t);
    Matrix G = matrix_view(2, 2, g);
    scalar loss = -1;
    setup(head_loss(&head_mse, &Y, &T, &loss));
    tap_near(loss, 0.5625, 1e-15, "mse of the 2x2 example is 0.5625");
    setup(head_gradient(&head_mse, &Y, &T, &G));
    tap_ok(same_as(&G, (scalar[]){ 0.25, 0, 0.5, -0.5 }, 1e-15),
           "mse gradient is (Y - T) / 2");
}
static void test_cross_entropy_by_hand(void)
{
    scalar z[] = { 0, 0, log(2.0), 1, 1, 1 }, t[] = { 0, 0, 1, 1, 0, 0 };
    scalar g[6], loss = -1;
    Matrix Z = matrix_view(2, 3, z), T = matrix_view(2, 3, t);
    Matrix G = matrix_view(2, 3, g);
    setup(head_loss(&head_cross_entropy, &Z, &T, &loss));
    tap_near(loss, 0.5 * log(6.0), 1e-14, "cross-entropy is (ln 2 + ln 3)/2");
    setup(head_gradient(&head_cross_entropy, &Z, &T, &G));
    tap_ok(same_as(&G, (scalar[]){ 1.0 / 8, 1.0 / 8, -1.0 / 4, -1.0 / 3,
                                   1.0 / 6, 1.0 / 6 }, 1e-15),
           "cross-entropy gradient is (P - T) / 2");
    Matrix z0 = matrix_view(1, 3, z), g0 = matrix_view(1, 3, g);
    Matrix soft = matrix_view(1, 3, (scalar[]){ 0.25, 0.25, 0.5 });
    setup(head_loss(&head_cross_entropy, &z0, &soft, &loss));
    tap_near(loss, 1.5 * log(2.0), 1e-15, "a soft target: the loss is its "
             "entropy, 1.5 ln 2");
    setup(head_gradient(&head_cross_entropy, &z0, &soft, &g0));
    tap_ok(same_as(&g0, (scalar[]){ 0, 0, 0 }, 1e-15),
           "a soft target equal to the prediction: the gradient is zero");
    scalar zeros[10] = { 0 }, one_hot[10] = { [7] = 1 };
    Matrix even = matrix_view(1, 10, zeros);
    Matrix seven = matrix_view(1, 10, one_hot);
    setup(head_loss(&head_cross_entropy, &even, &seven, &loss));
    tap_near(loss, log(10.0), 1e-15,
             "a uniform guess over 10 classes costs ln 10");
}
static void test_extreme_logits(void)
{
    scalar z[] = { 1000, -1000, -1000, 1000, 1000, 1000, -1000, -1000 };
    scalar t[] = { 1, 0, 1, 0, 0, 1, 1, 0 };
    const double want_loss[] = { 0, 2000, log(2.0), log(2.0) };
    const scalar want_grad[] = { 0, 0, -1, 1, 0.5, -0.5, -0.5, 0.5 };
    for (int i = 0; i < 4; i++) {
        Matrix zi = matrix_view(1, 2, &z[2 * i]);
        Matrix ti = matrix_view(1, 2, &t[2 * i]);
        scalar g[2], loss = NAN;
        Matrix gi = matrix_view(1, 2, g);
        setup(head_loss(&head_cross_entropy, &zi, &ti, &loss));
        setup(head_gradient(&head_cross_entropy, &zi, &ti, &gi));
        tap_ok(isfinite(loss) && isfinite(g[0]) && isfinite(g[1])
               && fabs(loss - want_loss[i]) <= 1e-12
               && same_as(&gi, &want_grad[2 * i], 1e-12),
               "logits (%g, %g): loss %g and gradient (%g, %g)", z[2 * i],
               z[2 * i + 1], loss, g[0], g[1]);
    }
    Matrix Z = matrix_view(4, 2, z), T = matrix_view(4, 2, t);
    scalar loss;
    setup(head_loss(&head_cross_entropy, &Z, &T, &loss));
    tap_near(loss, (2000 + 2 * log(2.0)) / 4, 1e-12,
             "the batch of extreme logits has the mean loss");
}
static void test_against_finite_differences(Rng *rng)
{
    const char *cases[] = { "mse", "cross-entropy, one-hot targets",
                            "cross-entropy, soft targets",
                            "binary cross-entropy" };
    const Head *heads[] = { &head_mse, &head_cross_entropy,
                            &head_cross_entropy, &head_binary_cross_entropy };
    for (int c = 0; c < 4; c++) {
        scalar y[20], t[20], analytic[20], numeric[20];
        Matrix Y = matrix_view(4, 5, y), T = matrix_view(4, 5, t);
        Matrix A = matrix_view(4, 5, analytic), N = matrix_view(4, 5, numeric);
        const Head *kind = heads[c];
        for (int i = 0; i < 4; i++) {
            int label = (int)rng_below(rng, 5);
            double row_sum = 0;
            for (int j = 0; j < 5; j++) {
                MAT(&Y, i, j) = 3 * rng_normal(rng);
                if (c == 0)
                    MAT(&T, i, j) = rng_normal(rng);
                else if (c == 1)
                    MAT(&T, i, j) = j == label;
                else if (c == 2)
                    MAT(&T, i, j) = rng_uniform(rng) + 0.01;
                else
                    MAT(&T, i, j) = rng_below(rng, 2);
                row_sum += MAT(&T, i, j);
            }
            for (int j = 0; c == 2 && j < 5; j++)
                MAT(&T, i, j) /= row_sum;
        }
        setup(head_gradient(kind, &Y, &T, &A));
        numeric_gradient(kind, &Y, &T, 1e-5, &N);
        double worst = 0;
        for (int k = 0; k < 20; k++)
            worst = fmax(worst, fabs(analytic[k] - numeric[k]));
        tap_ok(worst < 1e-8, "%s: the gradient matches central "
               "differences (largest difference %.2g)", cases[c], worst);
    }
}
static void test_fused_against_chain_rule(Rng *rng)
{
    scalar z[12], t[12] = { 0 }, p[12], long_way[12], fused[12];
    Matrix Z = matrix_view(3, 4, z), T = matrix_view(3, 4, t);
    Matrix P = matrix_view(3, 4, p), L = matrix_view(3, 4, long_way);
    Matrix F = matrix_view(3, 4, fused);
    for (int k = 0; k < 12; k++)
        z[k] = 2 * rng_normal(rng);
    for (int i = 0; i < 3; i++)
        MAT(&T, i, rng_below(rng, 4)) = 1;
    chain_rule_gradient(&Z, &T, &P, &L);
    setup(head_gradient(&head_cross_entropy, &Z, &T, &F));
    tap_ok(same_as(&F, long_way, 1e-12), "on ordinary logits the fused "
           "gradient equals the chain rule through softmax");
    Matrix z1 = matrix_view(1, 2, (scalar[]){ -1000, 1000 });
    Matrix t1 = matrix_view(1, 2, (scalar[]){ 1, 0 });
    Matrix p1 = matrix_view(1, 2, p), l1 = matrix_view(1, 2, long_way);
    Matrix f1 = matrix_view(1, 2, fused);
    chain_rule_gradient(&z1, &t1, &p1, &l1);
    setup(head_gradient(&head_cross_entropy, &z1, &t1, &f1));
    tap_ok(!isfinite(long_way[0]) && fused[0] == -1 && fused[1] == 1,
           "logits (-1000, 1000): the chain rule gives %g, the fused "
           "gradient (%g, %g)", long_way[0], fused[0], fused[1]);
}
static void test_binary_by_hand(void)
{
    scalar z[] = { 0, log(3.0), -log(3.0) }, t[] = { 1, 1, 0 }, g[3];
    scalar loss = -1;
    Matrix Z = matrix_view(1, 3, z), T = matrix_view(1, 3, t);
    Matrix G = matrix_view(1, 3, g);
    setup(head_loss(&head_binary_cross_entropy, &Z, &T, &loss));
    tap_near(loss, log(2.0) + 2 * log(4.0 / 3), 1e-14,
             "binary cross-entropy is ln 2 + 2 ln 4/3");
    setup(head_gradient(&head_binary_cross_entropy, &Z, &T, &G));
    tap_ok(same_as(&G, (scalar[]){ -0.5, -0.25, 0.25 }, 1e-15),
           "its gradient is p - t");
    scalar zs[] = { 1000, -1000, 1000 }, ts[] = { 1, 0, 0 };
    Matrix Zs = matrix_view(1, 3, zs), Ts = matrix_view(1, 3, ts);
    setup(head_loss(&head_binary_cross_entropy, &Zs, &Ts, &loss));
    setup(head_gradient(&head_binary_cross_entropy, &Zs, &Ts, &G));
    tap_ok(loss == 1000 && same_as(&G, (scalar[]){ 0, 0, 1 }, 0),
           "logits of 1000: loss %g, gradient (%g, %g, %g)", loss, g[0],
           g[1], g[2]);
}
static double score_of(const Head *head, const Matrix *y, const Matrix *t)
{
    HeadTally tally = { 0 };
    setup(head_tally(head, y, t, &tally));
    return head_score(head, &tally);
}

static void test_class_accuracy(void)
{
    scalar y[] = { 0.1, 0.2, 3,   5, 1, 1,   0, 2, 1,   1, 1, 0 };
    scalar t[] = { 0, 0, 1,   1, 0, 0,   0, 1, 0,   0, 1, 0 };
    Matrix Y = matrix_view(4, 3, y), T = matrix_view(4, 3, t);
    const Head *h = &head_cross_entropy;
    tap_near(score_of(h, &Y, &T), 0.75, 0, "accuracy: 3 of 4 are right");
    head_predict(h, &Y);
    tap_near(score_of(h, &Y, &T), 0.75, 0,
             "accuracy is the same after the prediction");
    tap_near(y[0] + y[1] + y[2], 1, 1e-15, "a predicted row sums to 1");
    HeadTally tally = { 0 };
    Matrix narrow = matrix_view(4, 2, t);
    tap_ok(head_tally(h, &Y, &narrow, &tally) == NN_ERR_SHAPE
           && strstr(nn_error(), "4x2") && tally.examples == 0,
           "a tally of mismatched shapes is refused: %s", nn_error());
}
static void test_other_metrics(void)
{
    scalar z[] = { 2, -1,   0, 3,   -0.5, 1 }, t[] = { 1, 0,   1, 0,   0, 1 };
    Matrix Z = matrix_view(3, 2, z), T = matrix_view(3, 2, t);
    const Head *b = &head_binary_cross_entropy, *m = &head_mse;
    tap_near(score_of(b, &Z, &T), 5.0 / 6, 1e-15,
             "yes or no: 5 of 6 answers are right");
    head_predict(b, &Z);
    tap_near(z[2], 0.5, 0, "the prediction of a logit of 0 is 1/2");
    scalar y[] = { 1, 10 }, v[] = { 4, 6 };
    Matrix Y = matrix_view(2, 1, y), V = matrix_view(2, 1, v);
    HeadTally tally = { 0 };
    setup(head_tally(m, &Y, &V, &tally));
    tap_near(head_score(m, &tally), sqrt(12.5), 1e-15,
             "numbers: the RMSE of errors 3 and 4 is sqrt(12.5)");
    tap_near(tally.absolute / tally.numbers, 3.5, 0,
             "and their mean absolute error is 3.5");
    tap_near(score_of(&head_cross_entropy, &Y, &V), 1, 0,
             "the accuracy of classes on one column is always 1");
}
static void test_shape_errors(void)
{
    scalar a[6] = { 0 }, b[6] = { 0 }, g[6] = { 0 }, loss = 42;
    Matrix A = matrix_view(2, 3, a), B = matrix_view(3, 2, b);
    Matrix G = matrix_view(3, 2, g), E = matrix_view(0, 3, a);
    for (int h = 0; h < head_count(); h++) {
        const Head *head = head_at(h);
        nn_status s = head_loss(head, &A, &B, &loss);
        tap_ok(s == NN_ERR_SHAPE && strstr(nn_error(), "2x3")
               && strstr(nn_error(), "3x2") && loss == 42,
               "%s: value refuses 2x3 against 3x2: %s", head->name,
               nn_error());
        s = head_gradient(head, &A, &A, &G);
        tap_ok(s == NN_ERR_SHAPE && strstr(nn_error(), "3x2"),
               "%s: gradient refuses a 3x2 gradient: %s", head->name,
               nn_error());
        s = head_loss(head, &E, &E, &loss);
        tap_ok(s == NN_ERR_SHAPE, "%s: an empty batch is refused: %s",
               head->name, nn_error());
    }
    tap_ok(head_loss(NULL, &A, &A, &loss) == NN_ERR_ARG
           && head_gradient(NULL, &A, &A, &A) == NN_ERR_ARG,
           "no head is refused: %s", nn_error());
}
static void test_names(void)
{
    bool found = head_count() == 3 && head_at(3) == NULL;
    for (int h = 0; h < head_count(); h++) {
        const Head *head = NULL;
        found = found && head_find(head_at(h)->name, &head) == NN_OK
                && head == head_at(h);
    }
    tap_ok(found, "every head is found by its name");
    const Head *kind = &head_cross_entropy;
    tap_ok(head_find("hinge", &kind) == NN_ERR_ARG
           && strstr(nn_error(), "hinge") && strstr(nn_error(), "mse")
           && kind == &head_cross_entropy,
           "an unknown name is refused: %s", nn_error());
    tap_ok(head_find(NULL, &kind) == NN_ERR_ARG, "no name is refused");
}

int main(void)
{
    Rng rng;
    rng_seed(&rng, 2024, 5);
    test_mse_by_hand();
    test_cross_entropy_by_hand();
    test_extreme_logits();
    test_against_finite_differences(&rng);
    test_fused_against_chain_rule(&rng);
    test_binary_by_hand();
    test_class_accuracy();
    test_other_metrics();
    test_shape_errors();
    test_names();
    return tap_done();
}
