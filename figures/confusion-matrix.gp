# figures/confusion-matrix.gp: the confusion matrix of chapter 10's small
# Fashion-MNIST network on the test set, as a heat map with the counts.
# data: evaluation
#   evaluation/confusion.dat  predicted true count row_fraction: one line
#                             per cell, a blank line after each true class
#   evaluation/classes.dat    class "name": one line per class
#   evaluation/accuracy.dat   the test accuracy

eval figure_size(5.0, 4.4)
set output output_file

# A browser smooths an image embedded in an SVG file; drawn as one
# rectangle per pixel it stays sharp. The PDF embeds the image as it is.
image_style = (output_format eq 'svg') ? "with image pixels" : "with image"

cells = data("evaluation/confusion.dat")
classes = data("evaluation/classes.dat")
stats data("evaluation/accuracy.dat") using 1 nooutput
accuracy = STATS_min
stats cells using 1 nooutput
last = STATS_max

# Class 0 at the top left, as the matrix is printed: the true class down
# the side, the predicted class along the top.
set xrange [-0.5 : last + 0.5]
set yrange [last + 0.5 : -0.5]
set link x2
set size ratio -1
unset xtics
set x2tics rotate by 40 left scale 0 nomirror
set ytics scale 0 nomirror
set label 2 "predicted class" at graph 0.5, graph 1.17 center
set tmargin 5.5
set bmargin 2
set ylabel "true class" offset 1.5, 0
unset grid
unset key
set border 0
set style fill solid 1 noborder   # an opaque colour box
set label 1 sprintf("test accuracy %.3f", accuracy) \
    at graph 0.5, graph -0.04 center

# The shade of a cell is its share of the row (for the diagonal, the
# recall); small shares are stretched, so that rare confusions show.
set cbrange [0 : 1]
set cblabel "fraction of the true class"
set cbtics 0, 0.2, 1 scale 0.4 out nomirror
set palette defined (0 "#ffffff", 0.05 "#deebf7", 0.2 "#9ecae1", \
                     0.5 "#4292c6", 1 "#08306b")

dark(f) = f > 0.45
plot cells using 1:2:4 @image_style, \
     classes using 1:(-100):x2tic(2) with dots, \
     classes using (-100):1:ytic(2) with dots, \
     cells using 1:(dark($4) ? 1/0 : $2):(sprintf("%d", $3)) \
         with labels tc rgb "#222222" font ",8", \
     cells using 1:(dark($4) ? $2 : 1/0):(sprintf("%d", $3)) \
         with labels tc rgb "#ffffff" font ",8"
