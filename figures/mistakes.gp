# figures/mistakes.gp: the test images that chapter 10's small
# Fashion-MNIST network gets wrong most confidently.
# data: evaluation
#   evaluation/mistakes.dat  the grid of tiles as one matrix of pixel
#                            values 0..255, its first row at the bottom
#   evaluation/labels.dat    x y "text": three lines of text per tile

eval figure_size(5.0, 3.85)
set output output_file

unset border
unset tics
unset grid
unset key
unset colorbox
set margins 0, 0, 0, 0
set size ratio -1
set offsets 0.5, 0.5, 0.5, 0.5
set autoscale noextend

# 0 (background) white and 255 black, as in chapter 8's sample images.
set palette gray negative

plot data("evaluation/mistakes.dat") matrix with image, \
     data("evaluation/labels.dat") using 1:2:3 with labels \
         font ",8" tc rgb "#222222"
