# figures/loss-curves.gp: the mean training loss of each epoch for chapter
# 7's XOR and spiral networks.
# data: loss-curves
#
# xor.dat and spiral.dat: epoch, mean training loss of that epoch.

set logscale y
set format y "10^{%L}"
set xlabel "epoch"
set ylabel "mean training loss"
set key top right

plot data("loss-curves/xor.dat") using 1:2 with lines lt 1 title "XOR", \
     data("loss-curves/spiral.dat") using 1:2 with lines lt 2 title "spiral"
