# figures/activations.gp: the element-wise activations (left) and their
# derivatives (right), as computed by the library (chapter 3).
# data: activations
#
# Columns of activations.dat: x, then f and f' for sigmoid, tanh, relu and
# leaky_relu in turn.

# Two panels side by side need a wider, lower figure than style.gp's
# default. style.gp has already chosen the terminal by the time this script
# runs, so set it again at the new size, with the same fonts and line width.
figure_width  = 6.0
figure_height = 2.6
if (output_format eq 'pdf') {
    set terminal pdfcairo enhanced color font font_name.",9" \
        size figure_width, figure_height linewidth 1.2
} else {
    set terminal svg enhanced font font_name.",12" \
        size figure_width*110, figure_height*110 linewidth 1.4 background rgb "white"
}
set output output_file

file = data("activations/activations.dat")

set multiplot layout 1, 2
set xrange [-5:5]
set xtics 1
set xlabel "z"
# One key, in the left panel's empty upper left corner; the right panel
# uses the same colours and has no corner that no curve passes through.
# The y range reaches well above the flat curves, so that the key (larger
# in the SVG, whose font is bigger) stays clear of them.
set key top left

set title "f(z)"
set yrange [-1.2:3.2]
set ytics 1
plot file using 1:2 with lines lt 1 title "sigmoid", \
     ''   using 1:4 with lines lt 2 title "tanh", \
     ''   using 1:6 with lines lt 3 title "ReLU", \
     ''   using 1:8 with lines lt 4 dt 2 title "leaky ReLU"

set title "f'(z)"
unset key
set yrange [-0.1:1.1]
set ytics 0.25
plot file using 1:3 with lines lt 1 title "sigmoid", \
     ''   using 1:5 with lines lt 2 title "tanh", \
     ''   using 1:7 with lines lt 3 title "ReLU", \
     ''   using 1:9 with lines lt 4 dt 2 title "leaky ReLU"

unset multiplot
