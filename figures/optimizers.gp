# figures/optimizers.gp: SGD, momentum, AdaGrad, RMSprop and Adam on the
# same network (chapter 9).
# data: optimizers
#
# sgd.dat, sgd-slow.dat, momentum.dat, adagrad.dat, rmsprop.dat, adam.dat:
# a header line whose second column is the run's label, then per epoch:
# epoch, train_loss, val_loss, val_accuracy, train_accuracy (unused here).

eval figure_size(6.2, 2.8)
set encoding utf8
set multiplot layout 1, 2
set xlabel "epoch"
names = "sgd sgd-slow momentum adagrad rmsprop adam"
set ylabel "mean training loss"
key_small = key_font(8)
set key top right font key_small width key_narrow
plot for [i = 1:words(names)] data("optimizers/".word(names, i).".dat") \
     using 1:2 with linespoints lt i title columnhead(2)
set ylabel "validation accuracy"
set key bottom right font key_small width key_narrow
plot for [i = 1:words(names)] data("optimizers/".word(names, i).".dat") \
     using 1:4 with linespoints lt i title columnhead(2)
unset multiplot
