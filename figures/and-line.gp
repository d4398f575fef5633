# figures/and-line.gp: the perceptron's line for AND (chapter 2).
# data: and_line
#   and_line/points.dat  x1 x2 target         (the four inputs of AND)
#   and_line/lines.dat   x1 x2 epoch          (two points per line, one line
#                                             per epoch, blank-line separated)
#   and_line/final.dat   w1 w2 b              (the learned perceptron)

# The learned weights and bias, and the number of epochs, from the data.
stats data("and_line/final.dat") using 1 nooutput
w1 = STATS_min
stats data("and_line/final.dat") using 2 nooutput
w2 = STATS_min
stats data("and_line/final.dat") using 3 nooutput
b = STATS_min
stats data("and_line/lines.dat") using 3 nooutput
last_epoch = STATS_max

# The window: the unit square with a margin, drawn square so that the
# normal w looks perpendicular to its line.
lo = -0.4; hi = 1.4
set xrange [lo:hi]
set yrange [lo:hi]
set size ratio -1
set clip two
set xtics 0, 0.5, 1
set ytics 0, 0.5, 1
set xlabel "{/:Italic x}_1"
set ylabel "{/:Italic x}_2"

# The learned line x2 = -(w1 x1 + b) / w2 (w2 > 0 for any perceptron that
# computes AND), and its normal w as an arrow from the line's point nearest
# the centre of the square.
boundary(x) = -(w1 * x + b) / w2
norm = sqrt(w1**2 + w2**2)
z_centre = (w1 * 0.5 + w2 * 0.5 + b) / norm
foot_x = 0.5 - z_centre * w1 / norm
foot_y = 0.5 - z_centre * w2 / norm
arrow_length = 0.2
set arrow 1 from foot_x, foot_y \
    to foot_x + arrow_length * w1 / norm, foot_y + arrow_length * w2 / norm \
    lc rgb "#0072B2" lw 1.5 head filled size screen 0.02, 20 front
set label 1 "{/:Bold w}" at foot_x + arrow_length * w1 / norm, \
    foot_y + arrow_length * w2 / norm right offset -0.3, 0.4 \
    tc rgb "#0072B2" front

# The lines after each epoch, coloured by epoch: light early, dark late.
set style fill solid 1 noborder   # an opaque colour box
set palette defined (0 "#f0a860", 0.5 "#a86a9a", 1 "#2e1f3e")
set cbrange [0:last_epoch]
set cblabel "epoch" offset 0.5, 0
set cbtics 0, 1, last_epoch scale 0.4 out nomirror
set colorbox vertical user origin screen 0.66, 0.22 size screen 0.025, 0.6
set key at screen 0.98, screen 0.93 right top
set rmargin at screen 0.62

plot '+' using 1:(boundary($1)):(hi) with filledcurves \
         lc rgb "#0072B2" fs transparent solid 0.12 title "answers 1", \
     data("and_line/lines.dat") using 1:2:3 \
         with lines lw 1.5 lc palette notitle, \
     boundary(x) with lines lt 1 lw 2.5 title "learned line", \
     data("and_line/points.dat") using 1:($3 == 0 ? $2 : 1/0) \
         with points pt 6 ps 1.6 lw 2 lc rgb "#D55E00" title "target 0", \
     data("and_line/points.dat") using 1:($3 == 1 ? $2 : 1/0) \
         with points pt 7 ps 1.6 lc rgb "#0072B2" title "target 1"
