# figures/regression.gp: miles per gallon of the test cars, predicted
# against true, by the least-squares line and by a network (chapter 8).
# data: regression
#   regression/predictions.dat  truth least_squares no_hidden_layer
#                               hidden_layer: one line per test car

cars = data("regression/predictions.dat")
eval figure_size(4.0, 3.6)
set xlabel "true miles per gallon"
set ylabel "predicted miles per gallon"
set key top left
set size ratio -1
set xrange [5:50]
set yrange [5:50]
plot x with lines dashtype 2 lc rgb "#888888" title "perfect", \
     cars using 1:2 with points pt 6 lt 1 title "least-squares line", \
     cars using 1:4 with points pt 7 lt 2 title "network, 16 hidden units"
