# figures/training-curves.gp: the loss and the validation accuracy of a
# training run, epoch by epoch, from its log (chapter 12).
# data: training_curves
#   training_curves/log.tsv   the log that nn train --log writes: a header
#                             line, then one tab-separated row per epoch:
#                             epoch train_loss val_loss val_accuracy seconds

log = data("training_curves/log.tsv")
set datafile separator "\t"
stats log using 1 skip 1 nooutput
epochs = STATS_max

set multiplot layout 1, 2 spacing 0.12
set xlabel "epoch"
set xrange [0.5:epochs + 0.5]
set xtics 1, 1, epochs

# Left: the two losses.
set ylabel "cross-entropy loss"
set yrange [0:*]
set key top right
plot log using 1:2 skip 1 with linespoints lt 1 title "training", \
     log using 1:3 skip 1 with linespoints lt 2 title "validation"

# Right: the validation accuracy.
set ylabel "validation accuracy"
set yrange [*:*]
set format y "%.2f"
unset key
plot log using 1:4 skip 1 with linespoints lt 3
unset multiplot
