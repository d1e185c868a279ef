{{HEAD}}
# Columns of {{STEM}}.dat: month (YYYY-MM), usd (sum of the events' USD
# values), events (count), label (the month's tick label, quoted; empty for
# months left unlabelled when there are many). Bars: USD on the left axis;
# line and points: the number of deals on the right axis.
scale = {{SCALE}}
set xrange [-0.6:{{N}} - 0.4]
set xtics scale 0 {{XROTATE}} nomirror
set ylabel {{YLABEL}}
set format y {{YFORMAT}}
set yrange [0:{{YMAX}}]
set ytics nomirror
set y2label 'Number of deals'
set y2range [0:{{Y2MAX}}]
set y2tics {{Y2STEP}} nomirror
set border 11 lc rgb '#555555'
set boxwidth 0.7 relative
set style fill solid 0.85 noborder
set grid noxtics ytics
set key top left samplen 2
{{NOTE}}
plot '{{STEM}}.dat' using 0:($2/scale):xticlabels(4) with boxes lc rgb '#0072B2' title 'value (USD)', \
     '' using 0:3 axes x1y2 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#E69F00' title 'number of deals'
