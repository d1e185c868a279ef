{{HEAD}}
# Columns of {{STEM}}.dat: rank, usd (total of the company's events), events,
# name (quoted), label (the total, short). One horizontal bar per company.
scale = {{SCALE}}
set xlabel {{XLABEL}}
set format x {{XFORMAT}}
set xrange [0:{{XMAX}}]
set yrange [{{N}} + 0.5:0.5]
set ytics scale 0 font ',10'
set grid noytics xtics
unset key
set style fill solid 0.85 noborder
set offsets 0, 0, 0, 0
{{NOTE}}
plot '{{STEM}}.dat' using ($2/scale/2):1:($2/scale/2):(0.38):yticlabels(4) with boxxyerror lc rgb '#0072B2' notitle, \
     '' using ($2/scale):1:(' '.stringcolumn(5)) with labels left font ',9' textcolor rgb '#333333' notitle
