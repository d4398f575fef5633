# figures/lr-sweep.gp: chapter 7's spiral network trained with three
# learning rates.
# data: lr-sweep
#
# sweep.dat: a header line "epoch RATE RATE RATE", then per epoch the
# epoch and the mean training loss of the run with each rate.

set encoding utf8
set logscale y
set format y "10^{%L}"
set xlabel "epoch"
set ylabel "mean training loss"
set key bottom left

file = data("lr-sweep/sweep.dat")
plot for [i = 2:4] file using 1:i with lines lt (i - 1) \
     title "η = ".columnhead(i)
