/* checkpoints/09-training-well.c */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dense.h"
#include "dropout.h"
#include "tap.h"
#include "train.h"

#include "problems.h"
static void need(nn_status status)
{
    if (status != NN_OK) {
        tap_ok(false, "setup: %s", nn_error());
        exit(tap_done());
    }
}
static void steps(const OptimizerConfig *config, scalar theta,
                  const scalar *grads, int count, scalar *after)
{
    Optimizer opt;
    need(optimizer_init(&opt, config, 1));
    for (int t = 0; t < count; t++) {
        optimizer_step(&opt, &theta, &grads[t]);
        after[t] = theta;
    }
    optimizer_free(&opt);
}
static void check_steps(const OptimizerConfig *config, scalar theta,
                        const scalar *grads, const double *want, int count)
{
    scalar after[8];
    steps(config, theta, grads, count, after);
    for (int t = 0; t < count; t++)
        tap_near(after[t], want[t], 1e-6, "%s, step %d",
                 optimizer_name(config->kind), t + 1);
}
static void test_momentum_by_hand(void)
{
    const scalar grads[] = { 1, -2, 0.5f };
    const double momentum[] = { 0.9, 1.01, 1.059 };
    const double nesterov[] = { 0.81, 1.109, 1.1031 };
    OptimizerConfig c = optimizer_defaults(OPT_MOMENTUM);
    c.learning_rate = 0.1f;
    check_steps(&c, 1, grads, momentum, 3);
    c.kind = OPT_NESTEROV;
    check_steps(&c, 1, grads, nesterov, 3);
}
static void test_adam_by_hand(void)
{
    OptimizerConfig c = optimizer_defaults(OPT_ADAM);
    Optimizer opt;
    scalar theta[3] = { 0, 0, 0 };
    const scalar grads[3] = { 1e-3f, -1, 1e3f };
    optimizer_init(&opt, &c, 3);
    optimizer_step(&opt, theta, grads);
    tap_ok(fabs(theta[0] + 1e-3) < 1e-8 && fabs(theta[1] - 1e-3) < 1e-8
           && fabs(theta[2] + 1e-3) < 1e-8,
           "Adam's first step is eta against the gradient's sign");
    optimizer_free(&opt);
    const scalar more[] = { 1, -1, -1 };
    const double want[] = { 0.9, 0.9 + 0.1 / 3, 0.9 + 0.1 / 3 + 0.5 / 7 };
    c.learning_rate = 0.1f;
    c.beta1 = c.beta2 = 0.5f;
    check_steps(&c, 1, more, want, 3);
}
static void test_adagrad_rmsprop_by_hand(void)
{
    const scalar sums[] = { 3, 4, 12 }, averages[] = { 8, 1, -3.5f };
    const double adagrad[] = { 0.9, 0.82, 0.82 - 1.2 / 13 };
    const double rmsprop[] = { 0.8, 0.8 - 0.1 / 3.5, 0.9 - 0.1 / 3.5 };
    OptimizerConfig c = optimizer_defaults(OPT_ADAGRAD);
    c.learning_rate = 0.1f;
    check_steps(&c, 1, sums, adagrad, 3);
    c = optimizer_defaults(OPT_RMSPROP);
    const scalar big = -5;
    scalar first;
    steps(&c, 0, &big, 1, &first);
    tap_near(first, 0.001 * 3.162278, 1e-8, "rmsprop's first step is "
             "eta / sqrt(1 - rho)");
    c.learning_rate = 0.1f;
    c.beta2 = 0.75f;
    check_steps(&c, 1, averages, rmsprop, 3);
}
static void test_weight_decay_by_hand(void)
{
    const OptimizerKind kinds[] = { OPT_SGD, OPT_MOMENTUM, OPT_ADAMW,
                                    OPT_ADAM };
    const double want[] = { 1.8, 1.8, 1.8, 1.9 };
    const scalar g = 1;
    for (int k = 0; k < 4; k++) {
        OptimizerConfig c = optimizer_defaults(kinds[k]);
        scalar after;
        c.learning_rate = 0.1f;
        c.weight_decay = 0.5f;
        steps(&c, 2, &g, 1, &after);
        tap_near(after, want[k], 1e-6, "%s with weight decay",
                 optimizer_name(kinds[k]));
    }
    OptimizerConfig c = optimizer_defaults(OPT_ADAMW);
    const scalar against = -1;
    scalar after;
    c.learning_rate = 0.1f;
    c.weight_decay = 0.5f;
    steps(&c, 4, &against, 1, &after);
    tap_near(after, 3.9, 1e-6, "adamw's decay stays out of the "
             "normalization");
}
static void test_l1_by_hand(void)
{
    const scalar none[4] = { 0 }, small[3] = { 0.3f, 0.3f, 0.3f },
                 large[3] = { 0.7f, 0.7f, 0.7f };
    const double to_zero[] = { 0.03, 0.01, 0, 0 };
    scalar after[4];
    OptimizerConfig c = optimizer_defaults(OPT_SGD);
    c.l1 = 0.2f;
    steps(&c, 0.05f, none, 4, after);
    bool exact = after[2] == 0 && after[3] == 0;
    for (int t = 0; t < 2; t++)
        tap_near(after[t], to_zero[t], 1e-7, "l1, step %d", t + 1);
    tap_ok(exact, "l1 makes the weight exactly 0, and keeps it there");
    c.l1 = 0.5f;
    steps(&c, 0, small, 3, after);
    tap_ok(after[0] == 0 && after[1] == 0 && after[2] == 0,
           "a gradient of 0.3 <= lambda_1 = 0.5 leaves the weight at 0");
    steps(&c, 0, large, 3, after);
    tap_ok(fabs(after[0] + 0.02) < 1e-7 && fabs(after[1] + 0.04) < 1e-7
           && fabs(after[2] + 0.06) < 1e-7,
           "a gradient of 0.7 > lambda_1 moves it by eta (g - lambda_1)");
    c = optimizer_defaults(OPT_ADAM);
    const scalar one = 1;
    c.learning_rate = 0.1f;
    c.l1 = 0.5f;
    steps(&c, 1, &one, 1, after);
    tap_near(after[0], 0.85, 1e-6, "adam's step, then the l1 threshold");
}
static void test_optimizer_settings(void)
{
    const int buffers[] = { [OPT_SGD] = 0, [OPT_MOMENTUM] = 1,
                            [OPT_NESTEROV] = 1, [OPT_ADAM] = 2,
                            [OPT_ADAMW] = 2, [OPT_ADAGRAD] = 1,
                            [OPT_RMSPROP] = 1 };
    tap_ok(optimizer_kind_count() == 7, "seven kinds of optimizer");
    for (int k = 0; k < optimizer_kind_count(); k++) {
        OptimizerConfig c = optimizer_defaults((OptimizerKind)k);
        OptimizerKind back;
        Optimizer opt;
        bool made = optimizer_init(&opt, &c, 10) == NN_OK;
        tap_ok(made && opt.state_buffers == buffers[k]
               && optimizer_from_name(optimizer_name(c.kind), &back)
                      == NN_OK && back == c.kind,
               "%s: defaults accepted, %d state buffers, name round trip",
               optimizer_name(c.kind), buffers[k]);
        optimizer_free(&opt);
    }
    const struct { OptimizerKind kind; size_t field; scalar value; } bad[] = {
        { OPT_MOMENTUM, offsetof(OptimizerConfig, momentum), 1 },
        { OPT_NESTEROV, offsetof(OptimizerConfig, momentum), NAN },
        { OPT_ADAM, offsetof(OptimizerConfig, beta1), 1 },
        { OPT_ADAMW, offsetof(OptimizerConfig, beta2), -0.5f },
        { OPT_ADAM, offsetof(OptimizerConfig, epsilon), 0 },
        { OPT_SGD, offsetof(OptimizerConfig, weight_decay), -1 },
        { OPT_ADAMW, offsetof(OptimizerConfig, weight_decay), INFINITY },
        { OPT_RMSPROP, offsetof(OptimizerConfig, beta2), 1 },
        { OPT_ADAGRAD, offsetof(OptimizerConfig, epsilon), 0 },
        { OPT_RMSPROP, offsetof(OptimizerConfig, epsilon), NAN },
        { OPT_SGD, offsetof(OptimizerConfig, l1), -1e-3f },
        { OPT_ADAM, offsetof(OptimizerConfig, l1), NAN },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        OptimizerConfig c = optimizer_defaults(bad[i].kind);
        Optimizer opt;
        *(scalar *)((char *)&c + bad[i].field) = bad[i].value;
        tap_ok(optimizer_init(&opt, &c, 10) == NN_ERR_ARG,
               "%s refuses a setting of %g: %s", optimizer_name(bad[i].kind),
               (double)bad[i].value, nn_error());
    }
    OptimizerConfig c;
    const struct { const char *name; scalar *field; } rows[] = {
        { "momentum", &c.momentum }, { "beta1", &c.beta1 },
        { "beta2", &c.beta2 }, { "epsilon", &c.epsilon },
        { "weight_decay", &c.weight_decay }, { "l1", &c.l1 },
    };
    int found = 0;
    for (int i = 0; i < optimizer_setting_count(); i++)
        for (int r = 0; r < 6; r++)
            found += strcmp(optimizer_setting_name(i), rows[r].name) == 0
                     && optimizer_setting(&c, i) == rows[r].field;
    tap_ok(found == 6, "the settings table has the 6 new settings (%d)",
           found);
}
enum { DRAWS = 4000 };

static void dropout_network(Network *net, scalar rate)
{
    const LayerSpec specs[] = { LAYER_DROPOUT(5, rate),
                                LAYER_DENSE(5, 3, ACT_IDENTITY) };
    need(network_init(net, 2, specs, 4));
}
static void test_dropout_expectation(void)
{
    const double p = 0.25;
    scalar xs[20];
    double sums[20] = { 0 };
    long zeros = 0, others = 0;
    Network net;
    Rng rng;
    rng_seed(&rng, 9, 2);
    dropout_network(&net, (scalar)p);
    for (int k = 0; k < 20; k++)
        xs[k] = (scalar)(k - 9.5);
    Matrix x = matrix_view(4, 5, xs);
    const Layer *drop = &net.layers[0];
    const scalar kept = (scalar)(1 / (1 - p));
    network_set_training(&net, &rng);
    for (int d = 0; d < DRAWS; d++) {
        need(network_forward(&net, &x, NULL));
        for (int k = 0; k < 20; k++) {
            scalar y = drop->output.data[k];
            sums[k] += y;
            zeros += y == 0;
            others += y != 0 && y != xs[k] * kept;
        }
    }
    double worst = 0, se = sqrt(p / (1 - p) / DRAWS);
    for (int k = 0; k < 20; k++)
        worst = fmax(worst, fabs(sums[k] / DRAWS - xs[k])
                            / (fabs(xs[k]) * se));
    tap_ok(others == 0, "each output is 0 or x / (1 - p)");
    tap_near((double)zeros / (20.0 * DRAWS), p, 5 * sqrt(p * (1 - p)
             / (20.0 * DRAWS)), "a fraction p of the outputs is dropped");
    tap_ok(worst < 5, "the mean output is the input (within %.2f standard "
           "errors)", worst);
    network_set_training(&net, NULL);
    need(network_forward(&net, &x, NULL));
    tap_ok(memcmp(drop->output.data, xs, sizeof xs) == 0,
           "in evaluation, dropout passes its input on unchanged");
    network_free(&net);
}
static void test_dropout_layer(void)
{
    const LayerSpec specs[] = { LAYER_DENSE(3, 4, ACT_TANH),
                                LAYER_DENSE(4, 2, ACT_IDENTITY) };
    scalar xs[6] = { 1, -2, 0.5f, 3, 0.25f, -1 }, before[4], ones[4];
    scalar params[26];
    Network net;
    Rng rng;
    const Matrix *y;
    Matrix x = matrix_view(2, 3, xs), g = matrix_view(2, 2, ones);
    rng_seed(&rng, 9, 3);
    need(network_init(&net, 2, specs, 2));
    network_initialize(&net, INIT_XAVIER, 0, &rng);
    need(network_forward(&net, &x, &y));
    memcpy(before, y->data, sizeof before);
    memcpy(params, net.params, sizeof params);
    const LayerSpec half = LAYER_DROPOUT(4, 0.5f);
    need(network_insert(&net, 1, &half));
    const Layer *drop = &net.layers[1];
    const DropoutLayer *dropout = drop->state;
    tap_ok(net.layer_count == 3 && drop->kind == &dropout_kind
           && drop->inputs == 4 && drop->outputs == 4
           && drop->param_count == 0 && drop->param_offset == 16
           && net.param_count == 26
           && memcmp(net.params, params, sizeof params) == 0
           && dense_state(&net.layers[2])->weights.data == net.params + 16,
           "a dropout layer goes in and the parameters stay as they were");
    need(network_forward(&net, &x, &y));
    tap_ok(memcmp(before, y->data, sizeof before) == 0,
           "in evaluation the network computes what it did without dropout");
    network_set_training(&net, &rng);
    need(network_forward(&net, &x, &y));
    tap_ok(memcmp(before, y->data, sizeof before) != 0,
           "in training it does not");
    for (int k = 0; k < 4; k++)
        ones[k] = 1;
    need(network_backward(&net, &g));
    bool masked = true;
    for (int k = 0; k < 8; k++)
        masked = masked && drop->grad_input.data[k]
                           == net.layers[2].grad_input.data[k]
                              * dropout->mask.data[k];
    tap_ok(masked, "backward multiplies the gradient by the mask");
    const struct { int position, width; scalar rate; } bad[] = {
        { -1, 4, 0.5f }, { 4, 4, 0.5f }, { 1, 4, 1 }, { 1, 4, -0.1f },
        { 1, 4, NAN }, { 1, 3, 0.5f },
    };
    for (int i = 0; i < 6; i++) {
        const LayerSpec spec = LAYER_DROPOUT(bad[i].width, bad[i].rate);
        nn_status s = network_insert(&net, bad[i].position, &spec);
        tap_ok(s != NN_OK && net.layer_count == 3 && net.layers[1].state
               == dropout, "dropout of %d at %d with rate %g is refused: %s",
               bad[i].width, bad[i].position, (double)bad[i].rate, nn_error());
    }
    network_free(&net);
}
static bool moved_by(const scalar *image, const scalar *moved, int dx,
                     int dy)
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            int si = i - dy, sj = j - dx;
            scalar want = si < 0 || si > 3 || sj < 0 || sj > 3
                          ? 0 : image[4 * si + sj];
            if (moved[4 * i + j] != want)
                return false;
        }
    return true;
}

static int which_move(const scalar *image, const scalar *moved)
{
    for (int m = 0; m < 9; m++)
        if (moved_by(image, moved, m % 3 - 1, m / 3 - 1))
            return m;
    return -1;
}
static void test_moving_images(void)
{
    scalar image[16], xs[2 * 16];
    Rng rng;
    rng_seed(&rng, 9, 4);
    for (int k = 0; k < 16; k++)
        image[k] = (scalar)(k + 1);
    Matrix x = matrix_view(2, 16, xs);
    bool seen[9] = { false }, right = true;
    for (int draw = 0; draw < 100 && right; draw++) {
        for (int k = 0; k < 32; k++)
            xs[k] = image[k % 16];
        need(dataset_shift_images(&x, 4, 1, &rng));
        for (int r = 0; r < 2 && right; r++) {
            int m = which_move(image, xs + 16 * r);
            right = m >= 0;
            seen[m >= 0 ? m : 0] = true;
        }
    }
    int moves = 0;
    for (int m = 0; m < 9; m++)
        moves += seen[m];
    tap_ok(right && moves == 9, "each image is moved by one of the 9 moves, "
           "and all 9 occur (%d)", moves);
    tap_ok(dataset_shift_images(&x, 5, 1, &rng) == NN_ERR_ARG
           && dataset_shift_images(&x, 4, 4, &rng) == NN_ERR_ARG
           && dataset_shift_images(&x, 4, -1, &rng) == NN_ERR_ARG,
           "a move must fit the images: %s", nn_error());
}
static void test_moves_in_training(void)
{
    scalar inputs[4 * 16];
    int labels[4] = { 0, 1, 0, 1 };
    Dataset d = { .count = 4, .features = 16, .classes = 2, .x = inputs,
                  .labels = labels, .outputs = 2 };
    const LayerSpec spec = LAYER_DENSE(16, 2, ACT_IDENTITY);
    const OptimizerConfig sgd = { .kind = OPT_SGD, .learning_rate = 0.01f };
    for (int k = 0; k < 64; k++)
        inputs[k] = (scalar)(k % 7);
    uint64_t states[2];
    for (int shift = 0; shift <= 1; shift++) {
        Network net;
        Optimizer opt;
        Rng rng;
        int order[4];
        rng_seed(&rng, 9, 8);
        d.image_width = 4;
        d.shift = shift;
        need(network_init(&net, 1, &spec, 4));
        need(optimizer_init(&opt, &sgd, net.param_count));
        need(train_epoch(&net, &opt, &d, 4, &head_cross_entropy, &rng, order,
                         NULL));
        states[shift] = rng.state;
        optimizer_free(&opt);
        network_free(&net);
    }
    tap_ok(states[0] != states[1], "a training set with moves draws them");
}
static void test_evaluation_view(void)
{
    const LayerSpec specs[] = { LAYER_DENSE(16, 8, ACT_RELU),
                                LAYER_DROPOUT(8, 0.5f),
                                LAYER_DENSE(8, 4, ACT_RELU),
                                LAYER_DROPOUT(4, 0.5f),
                                LAYER_DENSE(4, 2, ACT_IDENTITY) };
    Layer room[8];
    scalar xs[16], whole[2];
    Network net;
    Rng rng;
    const Matrix *y;
    rng_seed(&rng, 9, 5);
    need(network_init(&net, 5, specs, 1));
    network_initialize(&net, INIT_HE, 0, &rng);
    for (int k = 0; k < 16; k++)
        xs[k] = (scalar)rng_normal(&rng);
    Matrix x = matrix_view(1, 16, xs);
    need(network_forward(&net, &x, &y));
    memcpy(whole, y->data, sizeof whole);
    Network view = network_evaluation_view(&net, room);
    need(network_forward(&view, &x, &y));
    tap_ok(net.layer_count == 5 && view.layer_count == 3
           && view.params == net.params && room[1].inputs == 8
           && !room[0].kind->training_only,
           "the view keeps the 3 dense layers of 5, and the parameters");
    tap_ok(memcmp(whole, y->data, sizeof whole) == 0,
           "and computes what the whole network computes in evaluation");
    network_free(&net);
}
static void test_schedules(void)
{
    const Schedule constant = { SCHEDULE_CONSTANT, 10, 3, 0.5f };
    const Schedule step = { SCHEDULE_STEP, 10, 3, 0.5f };
    const Schedule cosine = { SCHEDULE_COSINE, 10, 3, 0.5f };
    tap_ok(schedule_rate(&constant, 2, 7) == 2, "constant stays");
    tap_ok(schedule_rate(&step, 2, 2) == 2 && schedule_rate(&step, 2, 3) == 1
           && schedule_rate(&step, 2, 6) == 0.5f,
           "step halves every 3 epochs");
    bool falls = true;
    for (int e = 1; e < 10; e++)
        falls = falls && schedule_rate(&cosine, 2, e)
                         < schedule_rate(&cosine, 2, e - 1);
    tap_ok(schedule_rate(&cosine, 2, 0) == 2 && falls
           && fabs(schedule_rate(&cosine, 2, 5) - 1) < 1e-6
           && schedule_rate(&cosine, 2, 15) == schedule_rate(&cosine, 2, 9),
           "cosine falls from the base rate, is at half halfway, and ends");
    ScheduleKind kind;
    tap_ok(schedule_from_name(schedule_name(SCHEDULE_COSINE), &kind)
           == NN_OK && kind == SCHEDULE_COSINE
           && schedule_from_name("linear", &kind) == NN_ERR_ARG
           && strstr(nn_error(), "cosine") != NULL,
           "schedule names go both ways; an unknown one is refused: %s",
           nn_error());
    OptimizerKind opt;
    tap_ok(schedule_from_name(NULL, &kind) == NN_ERR_ARG
           && optimizer_from_name(NULL, &opt) == NN_ERR_ARG
           && optimizer_from_name("lbfgs", &opt) == NN_ERR_ARG
           && strstr(nn_error(), "adamw") != NULL,
           "no name, or an unknown optimizer, is refused: %s", nn_error());
}
static void test_early_stopping_by_hand(void)
{
    const double losses[] = { 0.5, 0.3, 0.4, 0.3, 0.35 };
    const LayerSpec spec = LAYER_DENSE(2, 1, ACT_IDENTITY);
    Network net;
    EarlyStopping es;
    int stopped = 0;
    need(network_init(&net, 1, &spec, 1));
    need(early_stopping_init(&es, net.param_count, 2));
    for (int e = 1; e <= 5 && stopped == 0; e++) {
        for (size_t k = 0; k < net.param_count; k++)
            net.params[k] = (scalar)e;
        if (early_stopping_update(&es, &net, e, losses[e - 1]))
            stopped = e;
    }
    early_stopping_restore(&es, &net);
    tap_ok(stopped == 4 && es.best_epoch == 2 && es.best_loss == 0.3,
           "early stopping stops at epoch %d, the best being %d",
           stopped, es.best_epoch);
    tap_ok(net.params[0] == 2 && net.params[1] == 2 && net.params[2] == 2,
           "and gives back the parameters of the best epoch");
    early_stopping_free(&es);
    network_free(&net);
}
enum { FIT_EPOCHS = 50 };

static void fit_spiral(Problem *p, Dataset *validation,
                       EpochReport *history, int *best)
{
    OptimizerConfig adam = optimizer_defaults(OPT_ADAM);
    FitConfig config = { FIT_EPOCHS, 10, &head_cross_entropy,
                         { SCHEDULE_CONSTANT, 0, 0, 1 }, 0 };
    adam.learning_rate = 0.02f;
    need(problem_init(p, SPIRAL_PROBLEM, SPIRAL_SEED, 1));
    optimizer_free(&p->opt);
    need(optimizer_init(&p->opt, &adam, p->net.param_count));
    const LayerSpec drop = LAYER_DROPOUT(p->net.layers[1].outputs, 0.1f);
    need(network_insert(&p->net, 2, &drop));
    need(dataset_spiral(validation, SPIRAL_PER_CLASS, SPIRAL_CLASSES,
                        2 * SPIRAL_NOISE, &p->rng));
    need(train_fit(&p->net, &p->opt, &p->data, validation, &config,
                   &p->rng, history, NULL, best));
}
static void test_fit_keeps_the_best(void)
{
    Problem a, b;
    Dataset va, vb;
    EpochReport history[FIT_EPOCHS], again[FIT_EPOCHS];
    int best, best_again;
    double loss, lowest = INFINITY;
    fit_spiral(&a, &va, history, &best);
    fit_spiral(&b, &vb, again, &best_again);
    for (int e = 0; e < FIT_EPOCHS; e++)
        lowest = fmin(lowest, history[e].val_loss);
    need(train_evaluate(&a.net, &va, &head_cross_entropy, &loss, NULL));
    tap_diag("best epoch %d of %d: validation loss %.4f, last %.4f",
             best, FIT_EPOCHS, history[best - 1].val_loss,
             history[FIT_EPOCHS - 1].val_loss);
    tap_ok(best < FIT_EPOCHS && history[FIT_EPOCHS - 1].val_loss > lowest,
           "the last epoch is not the best, so the test means something");
    tap_ok(loss == lowest && history[best - 1].val_loss == lowest,
           "fit returns the parameters of the best epoch (loss %.4f)", loss);
    tap_ok(a.opt.config.learning_rate == 0.02f,
           "fit gives the optimizer its base rate back");
    tap_ok(best == best_again && memcmp(a.net.params, b.net.params,
                                        a.net.param_count * sizeof(scalar))
                                 == 0,
           "the same seed gives the same run, dropout and all");
    problem_free(&a);
    problem_free(&b);
    dataset_free(&va);
    dataset_free(&vb);
}
static void test_optimizers_train(void)
{
    for (int k = 0; k < optimizer_kind_count(); k++) {
        Problem p;
        double right;
        OptimizerConfig c = optimizer_defaults((OptimizerKind)k);
        need(problem_init(&p, SPIRAL_PROBLEM, SPIRAL_SEED,
                                c.learning_rate));
        optimizer_free(&p.opt);
        need(optimizer_init(&p.opt, &c, p.net.param_count));
        need(train_network(&p.net, &p.opt, &p.data, &p.training,
                                 &p.rng, NULL));
        train_evaluate(&p.net, &p.data, p.training.loss, NULL, &right);
        tap_ok(right >= 0.97, "%s trains the spiral to %.4f",
               optimizer_name(c.kind), right);
        problem_free(&p);
    }
}

int main(void)
{
    test_momentum_by_hand();
    test_adam_by_hand();
    test_adagrad_rmsprop_by_hand();
    test_weight_decay_by_hand();
    test_l1_by_hand();
    test_optimizer_settings();
    test_dropout_expectation();
    test_dropout_layer();
    test_moving_images();
    test_moves_in_training();
    test_evaluation_view();
    test_schedules();
    test_early_stopping_by_hand();
    test_fit_keeps_the_best();
    test_optimizers_train();
    return tap_done();
}
