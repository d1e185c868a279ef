{{HEAD}}
# Columns of {{STEM}}.dat: date (YYYY-MM-DD), usd, kind, amount as written
# (quoted), doc (quoted), label (the amount as written for the ten largest
# deals, else empty: more labels would collide), label level (0, 1, 2: a
# label that would cover a neighbour's stands five times higher per level).
# One stem per deal.
set xdata time
set timefmt '%Y-%m-%d'
set xtics {{XTICS}} nomirror
set xrange [{{XMIN}}:{{XMAX}}]
set logscale y 10
set yrange [{{YMIN}} * 0.999:{{YMAX}} * 1.001]
set ylabel 'Value (USD, log scale)'
set ytics {{YTICS}}
unset key
{{NOTE}}
plot '{{STEM}}.dat' using (timecolumn(1, '%Y-%m-%d')):2 with impulses lw 2 lc rgb '#0072B2' notitle, \
     '' using (timecolumn(1, '%Y-%m-%d')):2 with points pt 7 ps 1 lc rgb '#0072B2' notitle, \
     '' using (timecolumn(1, '%Y-%m-%d')):($2 * 5**$7):6 with labels offset 0, 1 font ',9' textcolor rgb '#333333' notitle
