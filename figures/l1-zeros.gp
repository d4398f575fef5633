# figures/l1-zeros.gp: how many parameters the L1 penalty sets exactly to
# zero, and what it costs in accuracy (chapter 9).
# data: l1-zeros
#
# zeros.dat: a header line, then per L1 strength: l1, first_zeros,
# first_weights, all_zeros, all_params, val_accuracy.

eval figure_size(6.2, 2.8)
set encoding utf8
set multiplot layout 1, 2
zeros = data("l1-zeros/zeros.dat")
set xlabel "L1 strength λ₁"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "parameters exactly 0 (%)"
set yrange [0:100]
key_small = key_font(8)
set key top left font key_small width key_narrow
plot zeros skip 1 using (100.0 * $2 / $3):xtic(1) lt 1 \
         title "first layer's weights", \
     zeros skip 1 using (100.0 * $4 / $5) lt 2 title "all parameters"
set ylabel "validation accuracy"
set yrange [0:1]
unset key
plot zeros skip 1 using 6:xtic(1) lt 3 notitle
unset multiplot
