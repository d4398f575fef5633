# figures/style.gp: loaded before every figure script.
# The Makefile passes three variables on the command line:
#   output_format  'pdf' (for the PDF book) or 'svg' (for the HTML book)
#   output_file    where to write the figure
#   data_dir       build/data, where the experiments wrote their files
# The default size suits one figure across the text; a figure that needs
# another size says so with `eval figure_size(width, height)` (inches).

font_name = "Latin Modern Sans,DejaVu Sans,Sans"
figure_size(w, h) = (output_format eq 'pdf') ? \
    sprintf("set terminal pdfcairo enhanced color font '%s,9' size %g,%g linewidth 1.2", font_name, w, h) : \
    sprintf("set terminal svg enhanced font '%s,12' size %d,%d linewidth 1.4 background rgb 'white'", font_name, int(w*110), int(h*110))
eval figure_size(5.0, 3.2)
set output output_file

# One palette for the whole book: colour-blind safe (Okabe and Ito).
set linetype 1 lc rgb "#0072B2" lw 2 pt 7 ps 0.6   # blue
set linetype 2 lc rgb "#D55E00" lw 2 pt 5 ps 0.6   # vermillion
set linetype 3 lc rgb "#009E73" lw 2 pt 9 ps 0.7   # green
set linetype 4 lc rgb "#CC79A7" lw 2 pt 11 ps 0.7  # purple
set linetype 5 lc rgb "#E69F00" lw 2 pt 13 ps 0.7  # orange
set linetype 6 lc rgb "#56B4E9" lw 2 pt 3 ps 0.7   # sky blue
set linetype 7 lc rgb "#000000" lw 2 pt 1 ps 0.7   # black
set linetype cycle 7

set border 3 lc rgb "#444444"
set tics nomirror out scale 0.6 textcolor rgb "#222222"
set grid back lc rgb "#dddddd" lw 0.6 dt 1
set key noautotitle box lc rgb "#cccccc" opaque samplen 2 spacing 1.1
set style fill transparent solid 0.25 noborder

# key_font(points): the font of a key smaller than the text, given in the
# PDF's points; the SVG's base font is 12 against the PDF's 9, so it scales
# up in the same proportion (an 8 would be unreadably small there).
# `set key font` takes a string constant or variable, not a call, so:
#   key_small = key_font(8); set key font key_small width key_narrow
# gnuplot's SVG terminal cannot measure text and overestimates it, so a key
# comes out wider than its words; key_narrow takes the excess back.
key_narrow = (output_format eq 'pdf') ? 0 : -5
key_font(points) = sprintf(",%g", (output_format eq 'pdf') ? points : points * 12.0 / 9)

# data(name): the path of a file that an experiment wrote.
data(name) = data_dir."/".name
