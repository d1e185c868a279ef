{{HEAD}}
# Columns of {{STEM}}.dat: date (YYYY-MM-DD), usd, kind, amount as written
# (quoted), doc (quoted). One stem per deal, labelled with the amount as written.
set xdata time
set timefmt '%Y-%m-%d'
set xtics {{XTICS}} nomirror
set xrange [{{XMIN}}:{{XMAX}}]
set logscale y 10
set yrange [{{YMIN}} * 0.999:{{YMAX}} * 1.001]
set ylabel 'Value (USD, log scale)'
set ytics ('$1' 1, '$10' 10, '$100' 100, '$1k' 1e3, '$10k' 1e4, '$100k' 1e5, '$1m' 1e6, '$10m' 1e7, '$100m' 1e8, '$1bn' 1e9, '$10bn' 1e10, '$100bn' 1e11, '$1tn' 1e12, '$10tn' 1e13, '$100tn' 1e14)
unset key
{{NOTE}}
plot '{{STEM}}.dat' using (timecolumn(1, '%Y-%m-%d')):2 with impulses lw 2 lc rgb '#0072B2' notitle, \
     '' using (timecolumn(1, '%Y-%m-%d')):2 with points pt 7 ps 1 lc rgb '#0072B2' notitle, \
     '' using (timecolumn(1, '%Y-%m-%d')):2:4 with labels offset 0, 1 font ',9' textcolor rgb '#333333' notitle
