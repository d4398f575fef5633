/* checkpoints/10-evaluation.c */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dense.h"
#include "evaluate.h"
#include "tap.h"
#include "train.h"

static void setup(nn_status status)
{
    if (status != NN_OK) {
        printf("Bail out! %s\n", nn_error());
        exit(1);
    }
}

static void make_table(Confusion *c, int classes, const long *counts)
{
    setup(confusion_init(c, classes));
    memcpy(c->counts, counts, sizeof(long) * classes * classes);
}
static void expect_metrics(const Confusion *c, int k, double precision,
                           double recall, double f1, long support,
                           const char *name)
{
    ClassMetrics m;
    class_metrics(c, k, &m);
    double p = m.precision, r = m.recall;
    double harmonic = p + r > 0 ? 2 * p * r / (p + r) : 0;
    tap_ok(fabs(p - precision) < 1e-12 && fabs(r - recall) < 1e-12
           && fabs(m.f1 - f1) < 1e-12 && fabs(m.f1 - harmonic) < 1e-12
           && m.support == support, "%s: precision %.6f, recall %.6f, "
           "F1 %.6f, support %ld", name, p, r, m.f1, m.support);
}
static scalar known_inputs[7 * 2] = {
    3, 1,   1, 2,   -1, -1,   2, 0,   0, 3,   -2, -1,   0, 3
};
static int known_labels[7] = { 0, 1, 2, 1, 0, 1, 0 };
static const double known_logits[7][3] = {
    { 3, 1, -4 }, { 1, 2, -3 }, { -1, -1, 2 }, { 2, 0, -2 },
    { 0, 3, -3 }, { -2, -1, 3 }, { 0, 3, -3 }
};
static const long known_table[9] = { 1, 2, 0,   1, 1, 1,   0, 0, 1 };

static Dataset known_data(int count)
{
    return (Dataset){ .count = count, .features = 2, .classes = 3,
                      .x = known_inputs, .labels = known_labels,
                      .outputs = 3 };
}
static void hand_wired(Network *net, int capacity, Activation act)
{
    const LayerSpec spec[] = { LAYER_DENSE(2, 3, act) };
    const scalar w[] = { 1, 0, -1,   0, 1, -1 };
    setup(network_init(net, 1, spec, capacity));
    memcpy(dense_state(&net->layers[0])->weights.data, w, sizeof w);
}
static double known_confidence(int i, int predicted)
{
    const double *z = known_logits[i];
    return exp(z[predicted]) / (exp(z[0]) + exp(z[1]) + exp(z[2]));
}

static bool same_mistakes(const Mistake *got, const int *want, int n)
{
    for (int m = 0; m < n; m++) {
        int i = want[m], p = i == 3 ? 0 : i == 5 ? 2 : 1;
        if (got[m].index != i || got[m].truth != known_labels[i]
            || got[m].predicted != p
            || fabs(got[m].confidence - known_confidence(i, p)) > 1e-6)
            return false;
    }
    return true;
}
static char *report_of(const Confusion *c, const char *const *names)
{
    FILE *f = tmpfile();
    if (f == NULL || confusion_print(c, names, f) != NN_OK) {
        printf("Bail out! cannot print a report: %s\n", nn_error());
        exit(1);
    }
    long length = ftell(f);
    char *text = calloc((size_t)length + 1, 1);
    rewind(f);
    if (text == NULL || fread(text, 1, (size_t)length, f) != (size_t)length)
        setup(nn_fail(NN_ERR_IO, "cannot read the report back"));
    fclose(f);
    return text;
}
static const long cat_dog_fox[9] = { 5, 1, 0,   2, 3, 1,   0, 2, 4 };
static const char *const cat_dog_fox_names[3] = { "cat", "dog", "fox" };

static void test_cat_dog_fox(void)
{
    Confusion c;
    make_table(&c, 3, cat_dog_fox);
    tap_near(confusion_accuracy(&c), 2.0 / 3, 1e-15,
             "cat-dog-fox: the accuracy is 12/18");
    expect_metrics(&c, 0, 5.0 / 7, 5.0 / 6, 10.0 / 13, 6, "cat");
    expect_metrics(&c, 1, 3.0 / 6, 3.0 / 6, 6.0 / 12, 6, "dog");
    expect_metrics(&c, 2, 4.0 / 5, 4.0 / 6, 8.0 / 11, 6, "fox");
    confusion_free(&c);
}
static void test_healthy_and_ill(void)
{
    Confusion c;
    make_table(&c, 2, (const long[]){ 990, 0, 10, 0 });
    tap_near(confusion_accuracy(&c), 0.99, 1e-15,
             "always healthy: 99 %% accurate");
    expect_metrics(&c, 0, 0.99, 1, 1980.0 / 1990, 990, "always healthy, "
                   "class healthy");
    expect_metrics(&c, 1, 0, 0, 0, 10, "always healthy, class ill (0/0)");
    confusion_free(&c);
    make_table(&c, 2, (const long[]){ 0, 990, 0, 10 });
    tap_near(confusion_accuracy(&c), 0.01, 1e-15,
             "always ill: 1 %% accurate");
    expect_metrics(&c, 0, 0, 0, 0, 990, "always ill, class healthy (0/0)");
    expect_metrics(&c, 1, 0.01, 1, 20.0 / 1010, 10, "always ill, class "
                   "ill");
    confusion_free(&c);
}
static void test_empty_class(void)
{
    Confusion c;
    make_table(&c, 3, (const long[]){ 4, 1, 0,   2, 3, 0,   0, 0, 0 });
    expect_metrics(&c, 2, 0, 0, 0, 0, "a class that never occurs");
    expect_metrics(&c, 0, 4.0 / 6, 4.0 / 5, 8.0 / 11, 5, "class 0 beside "
                   "it");
    expect_metrics(&c, 3, 0, 0, 0, 0, "class 3 of 3 classes");
    expect_metrics(&c, -1, 0, 0, 0, 0, "class -1");
    confusion_clear(&c);
    tap_ok(confusion_accuracy(&c) == 0, "an empty table has accuracy 0");
    confusion_free(&c);
    confusion_free(&c);
    tap_ok(c.counts == NULL && confusion_accuracy(&c) == 0,
           "a freed table has no counts; freeing twice is harmless");
}
static void test_table_errors(void)
{
    Confusion c;
    tap_ok(confusion_init(&c, 0) == NN_ERR_ARG && c.counts == NULL,
           "a table for 0 classes is refused: %s", nn_error());
    tap_ok(confusion_init(&c, 2000000000) == NN_ERR_NOMEM
           && c.counts == NULL, "a table for 2e9 classes is refused: %s",
           nn_error());
    setup(confusion_init(&c, 3));
    tap_ok(confusion_add(&c, 3, 0) == NN_ERR_ARG
           && confusion_add(&c, 0, -1) == NN_ERR_ARG
           && strstr(nn_error(), "0..2") != NULL,
           "counting a class that is not there is refused: %s", nn_error());
    tap_ok(confusion_add(&c, 2, 1) == NN_OK && CONFUSION(&c, 2, 1) == 1
           && confusion_accuracy(&c) == 0, "one count lands in row 2, "
           "column 1, and nowhere else");
    confusion_free(&c);
    tap_ok(confusion_add(&c, 0, 0) == NN_ERR_ARG,
           "counting into a freed table is refused: %s", nn_error());
}
static void test_evaluate_by_hand(void)
{
    double want_loss = 0;
    for (int i = 0; i < 7; i++) {
        const double *z = known_logits[i];
        want_loss += log(exp(z[0]) + exp(z[1]) + exp(z[2]))
                     - z[known_labels[i]];
    }
    want_loss /= 7;
    const int capacities[] = { 1, 4, 7, 10 };
    for (int k = 0; k < 4; k++) {
        Network net;
        Confusion c;
        Dataset d = known_data(7);
        double loss = NAN;
        hand_wired(&net, capacities[k], ACT_IDENTITY);
        setup(confusion_init(&c, 3));
        nn_status s = evaluate_dataset(&net, &d, &c, &loss, &head_cross_entropy);
        tap_ok(s == NN_OK && memcmp(c.counts, known_table, sizeof known_table) == 0
               && fabs(loss - want_loss) < 1e-6
               && fabs(confusion_accuracy(&c) - 3.0 / 7) < 1e-15,
               "capacity %d: the known table, 3 of 7 right, mean loss %.6f (want "
               "%.6f)", capacities[k], loss, want_loss);
        confusion_free(&c);
        network_free(&net);
    }
}
static void test_mistakes_by_hand(void)
{
    const int order[4] = { 5, 4, 6, 3 };
    const Activation acts[2] = { ACT_IDENTITY, ACT_SOFTMAX };
    for (int a = 0; a < 2; a++) {
        Network net;
        Dataset d = known_data(7);
        Mistake out[10];
        int found = -1;
        hand_wired(&net, 4, acts[a]);
        const char *act = activation_name(acts[a]);
        nn_status s = worst_mistakes(&net, &d, 10, out, &found);
        tap_ok(s == NN_OK && found == 4 && same_mistakes(out, order, 4),
               "%s: four mistakes, in the order 5, 4, 6, 3 (got %d: %d, %d, %d, "
               "%d)", act, found, out[0].index, out[1].index, out[2].index,
               out[3].index);
        s = worst_mistakes(&net, &d, 3, out, &found);
        tap_ok(s == NN_OK && found == 3 && same_mistakes(out, order, 3),
               "%s: the best three keep the tie in index order", act);
        s = worst_mistakes(&net, &d, 0, NULL, &found);
        tap_ok(s == NN_OK && found == 0, "%s: asking for none finds none", act);
        d.count = 3;
        s = worst_mistakes(&net, &d, 10, out, &found);
        tap_ok(s == NN_OK && found == 0, "%s: no mistakes, none found", act);
        network_free(&net);
    }
}
static void test_yes_or_no(void)
{
    static scalar x[] = { -2, -0.5f, 0.5f, 3 }, y[] = { 0, 1, 1, 0 };
    static int labels[] = { 0, 1, 1, 0 };
    Dataset d = { .count = 4, .features = 1, .classes = 2, .outputs = 1,
                  .x = x, .y = y, .labels = labels };
    double want_loss = 0;
    for (int i = 0; i < 4; i++)
        want_loss += (log(1 + exp(x[i])) - y[i] * x[i]) / 4;
    const Activation acts[2] = { ACT_IDENTITY, ACT_SIGMOID };
    for (int a = 0; a < 2; a++) {
        const LayerSpec spec[] = { LAYER_DENSE(1, 1, acts[a]) };
        Network net;
        Confusion c;
        Mistake out[4];
        int found = 0;
        double loss = 0;
        setup(network_init(&net, 1, spec, 4));
        dense_state(&net.layers[0])->weights.data[0] = 1;
        setup(confusion_init(&c, 2));
        nn_status s = evaluate_dataset(&net, &d, &c, a == 0 ? &loss : NULL,
                                       &head_binary_cross_entropy);
        tap_ok(s == NN_OK && c.counts[0] == 1 && c.counts[1] == 1
               && c.counts[2] == 1 && c.counts[3] == 1 && (a == 1
               || fabs(loss - want_loss) < 1e-6), "%s: one right and one wrong in "
               "each class, mean loss %.6f", activation_name(acts[a]), loss);
        s = worst_mistakes(&net, &d, 4, out, &found);
        tap_ok(s == NN_OK && found == 2 && out[0].index == 3 && out[1].index == 1
               && fabs(out[0].confidence - 1 / (1 + exp(-3.0))) < 1e-6
               && fabs(out[1].confidence - 1 / (1 + exp(-0.5))) < 1e-6,
               "%s: the yes for 3, then the no for -0.5", activation_name(acts[a]));
        confusion_free(&c);
        network_free(&net);
    }
}
static void test_against_evaluate(void)
{
    Rng rng;
    Dataset d;
    Network net;
    Confusion c;
    const LayerSpec specs[] = { LAYER_DENSE(2, 16, ACT_RELU),
                                LAYER_DENSE(16, 3, ACT_IDENTITY) };
    rng_seed(&rng, 10, 1);
    setup(dataset_spiral(&d, 50, 3, 0.2, &rng));
    setup(network_init(&net, 2, specs, 32));
    network_initialize(&net, INIT_HE, 0, &rng);
    setup(confusion_init(&c, 3));
    double loss, accuracy, our_loss;
    setup(train_evaluate(&net, &d, &head_cross_entropy, &loss, &accuracy));
    setup(evaluate_dataset(&net, &d, &c, &our_loss, &head_cross_entropy));
    tap_ok(fabs(confusion_accuracy(&c) - accuracy) < 1e-12
           && fabs(our_loss - loss) < 1e-9, "the accuracy (%.4f) and the mean "
           "loss (%.4f) agree with chapter 7's evaluate (%.4f, %.4f)",
           confusion_accuracy(&c), our_loss, accuracy, loss);
    bool rows_right = true;
    for (int k = 0; k < 3; k++) {
        ClassMetrics m;
        long count = 0;
        for (int i = 0; i < d.count; i++)
            count += d.labels[i] == k;
        class_metrics(&c, k, &m);
        rows_right = rows_right && m.support == count;
    }
    tap_ok(rows_right, "each row adds up to the examples of its class");
    confusion_free(&c);
    network_free(&net);
    dataset_free(&d);
}
static const char cat_dog_fox_report[] =
    "confusion matrix (rows: true class, columns: predicted class)\n"
    "               0  1  2\n"
    "0 cat          5  1  0\n"
    "1 dog          2  3  1\n"
    "2 fox          0  2  4\n"
    "\n"
    "class          precision  recall      F1  support\n"
    "0 cat              0.714   0.833   0.769        6\n"
    "1 dog              0.500   0.500   0.500        6\n"
    "2 fox              0.800   0.667   0.727        6\n"
    "macro average      0.671   0.667   0.666       18\n";
static void test_report(void)
{
    Confusion c;
    make_table(&c, 3, cat_dog_fox);
    char *named = report_of(&c, cat_dog_fox_names);
    tap_ok(strcmp(named, cat_dog_fox_report) == 0,
           "the report is the one in the text");
    if (strcmp(named, cat_dog_fox_report) != 0)
        tap_diag("got:\n%s", named);
    char *plain = report_of(&c, NULL);
    tap_ok(strstr(plain, "\n0              5  1  0\n") != NULL
           && strstr(plain, "\n2                  0.800") != NULL
           && strstr(plain, "cat") == NULL,
           "without names the classes are numbered");
    free(named);
    free(plain);
    confusion_free(&c);
}
static void test_bad_arguments(void)
{
    Network net;
    Confusion two;
    Dataset d = known_data(7), unlabelled = known_data(7);
    Mistake out[2];
    int found;
    unlabelled.labels = NULL;
    hand_wired(&net, 4, ACT_IDENTITY);
    setup(confusion_init(&two, 2));
    tap_ok(evaluate_dataset(&net, &d, &two, NULL, &head_cross_entropy)
           == NN_ERR_ARG, "a table for 2 classes is refused for 3: %s",
           nn_error());
    tap_ok(evaluate_dataset(&net, &unlabelled, &two, NULL,
                            &head_cross_entropy) == NN_ERR_ARG,
           "a data set without labels is refused: %s", nn_error());
    d.features = 1;
    tap_ok(worst_mistakes(&net, &d, 2, out, &found) == NN_ERR_SHAPE
           && strstr(nn_error(), "1 features") != NULL,
           "examples of 1 feature are refused for 2 inputs: %s", nn_error());
    d.features = 2;
    tap_ok(worst_mistakes(&net, &d, -1, out, &found) == NN_ERR_ARG
           && worst_mistakes(&net, &d, 2, NULL, &found) == NN_ERR_ARG
           && worst_mistakes(&net, &d, 2, out, NULL) == NN_ERR_ARG,
           "a negative count, or nowhere to write, is refused: %s",
           nn_error());
    Confusion none = { 0, NULL };
    tap_ok(confusion_print(&none, NULL, stdout) == NN_ERR_ARG
           && confusion_print(&two, NULL, NULL) == NN_ERR_ARG,
           "no table or no stream is refused: %s", nn_error());
    FILE *read_only = fopen("/dev/null", "r");
    tap_ok(read_only != NULL && confusion_print(&two, NULL, read_only)
           == NN_ERR_IO, "a stream that cannot be written fails: %s",
           nn_error());
    if (read_only != NULL)
        fclose(read_only);
    confusion_free(&two);
    network_free(&net);
}

int main(void)
{
    test_cat_dog_fox();
    test_healthy_and_ill();
    test_empty_class();
    test_table_errors();
    test_evaluate_by_hand();
    test_mistakes_by_hand();
    test_yes_or_no();
    test_against_evaluate();
    test_report();
    test_bad_arguments();
    return tap_done();
}
