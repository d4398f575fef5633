# figures/vanishing-gradients.gp: chapter 9's deep networks: the size of
# each layer's weight gradient at the start, and the training loss.
# data: vanishing-gradients
#
# norms.dat: a header "layer LABEL...", then per layer the mean Frobenius
# norm of its weight gradient in each version of the network.
# training.dat: a header "epoch LABEL...", then per epoch the mean
# training loss of each version.

eval figure_size(6.2, 3.0)
set multiplot layout 1, 2
set key noautotitle
versions = 4

set logscale y
set format y "10^{%L}"
set xlabel "layer (1 = next to the input)"
set ylabel "gradient norm"
set xtics 1
key_small = key_font(7)
set key bottom right font key_small width key_narrow spacing 0.9
file = data("vanishing-gradients/norms.dat")
plot for [i = 2:versions + 1] file using 1:i with linespoints lt (i - 1) \
     title columnhead(i)

unset logscale y
set format y "%g"
set xlabel "epoch"
set ylabel "mean training loss"
set key off
file = data("vanishing-gradients/training.dat")
plot for [i = 2:versions + 1] file using 1:i with linespoints lt (i - 1)
unset multiplot
