# figures/sample-images.gp: the first test image of each Fashion-MNIST
# class, with its class name (chapter 8).
# data: sample_images
#   sample_images/images.dat  the grid of tiles as one matrix of pixel
#                             values 0..255, its first row at the bottom
#   sample_images/tiles.dat   x y half label_y index "class": one line per
#                             tile (centre, half-width, where its name goes)

eval figure_size(5.0, 2.5)
unset border
unset tics
unset grid
unset key
unset colorbox
set margins 0, 0, 0, 0
set size ratio -1
set offsets 0.5, 0.5, 0.5, 0.5
set autoscale noextend

# Grey scale with 0 (background) white and the largest value black, as
# MNIST's authors meant the values.
set palette gray negative

plot data("sample_images/images.dat") matrix with image, \
     data("sample_images/tiles.dat") using 1:2:3:3 with boxxyerror \
         fs empty lc rgb "#999999" lw 0.6, \
     data("sample_images/tiles.dat") using 1:4:6 with labels \
         tc rgb "#222222"
