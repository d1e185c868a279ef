{{HEAD}}
# Columns of {{STEM}}.dat: date (YYYY-MM-DD), usd, kind, amount as written
# (quoted), doc (quoted). One block per kind, in the order of `kinds`.
kinds = {{KINDS}}
colors = {{COLORS}}
set xdata time
set timefmt '%Y-%m-%d'
set xtics {{XTICS}} nomirror
set xrange [{{XMIN}}:{{XMAX}}]
set logscale y 10
set yrange [{{YMIN}} * 0.999:{{YMAX}} * 1.001]
set ylabel 'Value (USD, log scale)'
set ytics ('$1' 1, '$10' 10, '$100' 100, '$1k' 1e3, '$10k' 1e4, '$100k' 1e5, '$1m' 1e6, '$10m' 1e7, '$100m' 1e8, '$1bn' 1e9, '$10bn' 1e10, '$100bn' 1e11, '$1tn' 1e12, '$10tn' 1e13, '$100tn' 1e14)
{{KEY}}
{{NOTE}}
plot for [i=1:words(kinds)] '{{STEM}}.dat' index (i-1) using (timecolumn(1, '%Y-%m-%d')):2 with points pt 7 ps 0.7 lc rgb word(colors, i) title word(kinds, i)
