# figures/overfitting.gp: a small network on few images, with and without
# regularization (chapter 9).
# data: overfitting
#
# plain.dat, regularized.dat: epoch, train_loss, val_loss, val_accuracy,
# train_accuracy.

eval figure_size(6.2, 2.8)
set multiplot layout 1, 2
set xlabel "epoch"
set ylabel "accuracy"
key_small = key_font(8)
set key bottom right font key_small width key_narrow
plain = data("overfitting/plain.dat")
reg = data("overfitting/regularized.dat")
plot plain using 1:5 with lines lt 2 title "plain, training", \
     plain using 1:4 with lines lt 2 dt 2 title "plain, validation", \
     reg using 1:5 with lines lt 1 title "regularized, training", \
     reg using 1:4 with lines lt 1 dt 2 title "regularized, validation"
set ylabel "loss"
set key top right font key_small width key_narrow
plot plain using 1:2 with lines lt 2 title "plain, training", \
     plain using 1:3 with lines lt 2 dt 2 title "plain, validation", \
     reg using 1:2 with lines lt 1 title "regularized, training", \
     reg using 1:3 with lines lt 1 dt 2 title "regularized, validation"
unset multiplot
