# The speed of each matrix-multiply kernel of chapter 13 at the shapes of a
# training step, against the measured peak of one core and of all cores.
# data: gemm_speed
kernels = data("gemm_speed/kernels.dat")
peaks = data("gemm_speed/peak.dat")

stats peaks using 2 nooutput
one_core = STATS_min
all_cores = STATS_max
stats peaks using 1 nooutput
cores = int(STATS_max)
stats kernels using 2 nooutput
count = STATS_records

set logscale y
set format y "%g"
# Room above the highest peak for the key, which would hide the lines.
set yrange [0.5:all_cores * 5]
set xrange [-0.6:count - 0.4]
set ylabel "GFLOP/s (log scale)"
set xlabel "kernel"
set xtics scale 0
set grid noxtics ytics mytics
set boxwidth 0.6
set style fill solid 0.85 noborder
set key top left

# Each bar is labelled with its value, just inside its top. The peak lines
# are drawn first, so that a bar taller than a peak hides the line (and its
# label stays clear of it).
plot one_core with lines lt 2 dt 2 title "peak of one core", \
     all_cores with lines lt 3 dt 2 title sprintf("peak of %d cores", cores), \
     kernels using 0:2:xtic(1) with boxes lt 1 notitle, \
     kernels using 0:($2 / 1.4):(sprintf("%.3g", $2)) with labels \
        textcolor rgb "white" notitle
