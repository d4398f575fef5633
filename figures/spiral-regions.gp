# figures/spiral-regions.gp: the decision regions of chapter 7's spiral
# network before and after training, with the training points on top.
# data: spiral-regions
#
# regions.dat: x y class_before class_after, one line per grid point;
# points.dat: x y class, one line per training point.

eval figure_size(6.0, 3.0)
set output output_file

regions = data("spiral-regions/regions.dat")
points = data("spiral-regions/points.dat")

# The regions are drawn in light versions of the first three line colours
# of style.gp, the points in the colours themselves (lc variable picks
# linetype class + 1).
light = 0.72
mix(c) = int(255 * light + c * (1 - light))
red(k) = mix(k == 0 ? 0x00 : k == 1 ? 0xD5 : 0x00)
green(k) = mix(k == 0 ? 0x72 : k == 1 ? 0x5E : 0x9E)
blue(k) = mix(k == 0 ? 0xB2 : k == 1 ? 0x00 : 0x73)

set size ratio -1
set autoscale fix
set border 15
set xtics mirror in
set ytics mirror in
unset grid
unset key
set format x "%.1f"
set format y "%.1f"
set xtics 1
set ytics 1

set multiplot layout 1, 2
do for [panel = 1:2] {
    set title (panel == 1 ? "before training" : "after training")
    column_of_class = 2 + panel
    plot regions using 1:2:(red(column(column_of_class))):(green(column(column_of_class))):(blue(column(column_of_class))) with rgbimage, \
         points using 1:2:($3 + 1) with points pt 7 ps 0.35 lc variable
}
unset multiplot
