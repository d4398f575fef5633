# figures/im2col.gp: im2col of a 4x4 image with a 3x3 filter, stride 1
# and padding 1 (chapter 14): the image (left) and its patch matrix
# (right), one row per output pixel.
# data: im2col
#   im2col/image.dat    x y pixel: the image's cells, pixels 1..16
#   im2col/patches.dat  column row pixel: the patch matrix, 0 = padding

eval figure_size(5.0, 3.6)
unset border
unset tics
unset grid
unset key
set margins 0, 0, 0, 0
set size ratio -1
set xrange [-0.6:15.1]
set yrange [16.1:-1.4]
left_x = 0
right_x = 5.5
set label 1 "image" at left_x + 1.5, -0.9 center
set label 2 "patch matrix: one row per output pixel" at right_x + 4, -0.9 center
cell(v) = v == 0 ? "." : sprintf("%d", v)
shade(v) = v == 0 ? 0xf2f2f2 : 0xc8d7e8
set style fill solid 1.0 border lc rgb "#ffffff"
plot data("im2col/image.dat") using ($1 + left_x):2:(0.5):(0.5):(shade($3)) \
         with boxxyerror lc rgb variable, \
     data("im2col/image.dat") using ($1 + left_x):2:(cell($3)) \
         with labels font ",7", \
     data("im2col/patches.dat") using ($1 + right_x):2:(0.5):(0.5):(shade($3)) \
         with boxxyerror lc rgb variable, \
     data("im2col/patches.dat") using ($1 + right_x):2:(cell($3)) \
         with labels font ",7"
