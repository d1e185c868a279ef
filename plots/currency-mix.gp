{{HEAD}}
# Columns of {{STEM}}.dat: rank, currency (ISO 4217 code, "other" for the
# rest), amounts (count), percent (of all amounts), label.
set xlabel 'Share of amounts (%)'
set xrange [0:{{XMAX}}]
set yrange [{{N}} + 0.5:0.5]
set ytics scale 0
set grid noytics xtics
unset key
set style fill solid 0.85 noborder
{{NOTE}}
plot '{{STEM}}.dat' using ($4/2):1:($4/2):(0.38):yticlabels(2) with boxxyerror lc rgb '#009E73' notitle, \
     '' using 4:1:(' '.stringcolumn(5)) with labels left font ',9' textcolor rgb '#333333' notitle
