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
set ytics {{YTICS}}
{{KEY}}
{{NOTE}}
plot for [i=1:words(kinds)] '{{STEM}}.dat' index (i-1) using (timecolumn(1, '%Y-%m-%d')):2 with points pt 7 ps 0.7 lc rgb word(colors, i) title word(kinds, i)
