# figures/yes-no.gp: chapter 10's yes-or-no network on the cars: the test
# accuracy per epoch of four runs, and the probability of yes per test car.
# data: yes-no
#   yes-no/accuracy.dat       epoch cross_entropy squared_error
#                             cross_entropy_sure squared_error_sure
#                             always_yes: one line per epoch, from 0
#   yes-no/probabilities.dat  made_in_usa probability: one line per car

curves = data("yes-no/accuracy.dat")
cars = data("yes-no/probabilities.dat")
eval figure_size(6.4, 3.0)
set output output_file
set multiplot layout 1, 2

set xlabel "epoch"
set ylabel "test accuracy"
set yrange [0.3:0.9]
key_small = key_font(8)
set key bottom right font key_small width key_narrow
plot curves using 1:6 with lines lc rgb "#888888" lw 1 dashtype 3 title "always yes", \
     curves using 1:2 with lines lt 1 lw 1.2 title "cross-entropy", \
     curves using 1:3 with lines lt 2 lw 1.2 title "squared error", \
     curves using 1:4 with lines lt 1 lw 1.2 dashtype 2 title "the same, sure of no", \
     curves using 1:5 with lines lt 2 lw 1.2 dashtype 2 title "the same, sure of no"

# One row of points for each answer, spread a little up and down by the
# car's line number so that cars with the same probability do not hide
# one another.
set xlabel "probability of yes"
set ylabel ""
set xrange [0:1]
set yrange [-0.6:1.6]
set ytics ("elsewhere" 0, "USA" 1)
set arrow from 0.5, -0.6 to 0.5, 1.6 nohead dashtype 2 lc rgb "#888888"
unset key
plot cars using 2:($1 + 0.06 * (int($0) % 11 - 5)) with points pt 7 ps 0.5 lt 1
unset multiplot
