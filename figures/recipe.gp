# figures/recipe.gp: the recommended recipe trained on all of
# Fashion-MNIST, with the test accuracy and the time of the run.
# data: recipe
#
# epochs.dat: epoch, learning_rate, train_loss, val_loss, val_accuracy.
# result.dat: test_accuracy, seconds, best_epoch, epochs, and the test
# accuracy of the best multilayer perceptron of Fashion-MNIST's benchmark.

eval figure_size(6.2, 2.9)
result = data("recipe/result.dat")
stats result using 1 nooutput
test_accuracy = STATS_max
stats result using 2 nooutput
seconds = STATS_max
stats result using 3 nooutput
best_epoch = STATS_max
stats result using 5 nooutput
benchmark = STATS_max
epochs = data("recipe/epochs.dat")

set multiplot layout 1, 2 title \
    sprintf("test accuracy %.4f; the whole run took %.1f minutes", \
            test_accuracy, seconds / 60)
set xlabel "epoch"
set ylabel "mean loss"
key_small = key_font(8)
set key top right font key_small width key_narrow
plot epochs using 1:3 with linespoints lt 1 title "training", \
     epochs using 1:4 with linespoints lt 2 title "validation"
set ylabel "accuracy"
set offsets 0, 0, graph 0.06, graph 0.02
set key bottom right font key_small width key_narrow
set arrow from best_epoch, graph 0 to best_epoch, graph 1 nohead dt 3 lc rgb "#888888"
plot epochs using 1:5 with linespoints lt 2 title "validation", \
     test_accuracy with lines lt 3 title "test, kept epoch", \
     benchmark with lines lt 7 dt 2 title "best MLP of the benchmark"
unset multiplot
