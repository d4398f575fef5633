# Chapter 15's measurements on this machine: the time of a training step
# on 1, 2 and 4 ranks in both modes, and the time of one MPI_Allreduce
# against the bytes it sums, on 2 ranks.
# data: mpi_scaling
steps = data("mpi_scaling/steps.dat")
sizes = data("mpi_scaling/allreduce.dat")

eval figure_size(6.2, 3.4)
set multiplot layout 1,2
set title "a step against ranks"
set xlabel "ranks"
set ylabel "milliseconds per step"
set xtics (1, 2, 4)
set xrange [0.7:4.3]
set yrange [0:*]
set key below maxrows 2 samplen 2
plot steps using 1:2 with linespoints title "fast: step", \
     steps using 1:3 with linespoints title "fast: in MPI", \
     steps using 1:4 with linespoints title "deterministic: step", \
     steps using 1:5 with linespoints title "deterministic: in MPI"

set title "one allreduce on 2 ranks"
set xlabel "bytes (log scale)"
set ylabel "microseconds (log scale)"
set logscale xy
set xtics auto
set format x "10^{%L}"
set xrange [*:*]
set yrange [*:*]
set key off
plot sizes using 1:($2 * 1e6) with linespoints title "allreduce"
unset multiplot
