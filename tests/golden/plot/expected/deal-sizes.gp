# deal-sizes.gp: every deal with a date and a USD value, by kind, on a log scale
# Written by finfig from the template plots/deal-sizes.gp; edit it and re-run:
#   gnuplot deal-sizes.gp                    -> deal-sizes.png
#   gnuplot -e "fmt='svg'" deal-sizes.gp     -> deal-sizes.svg
# The data is in deal-sizes.dat (tab-separated). Text from the articles appears
# only there, as quoted data fields: this script never runs anything from it.
if (!exists("fmt")) fmt = 'png'
if (fmt eq 'svg') {
    set terminal svg size 900,500 dynamic noenhanced font 'Sans,12' background rgb 'white'
    set output 'deal-sizes.svg'
} else {
    set terminal pngcairo size 900,500 noenhanced font 'Sans,10' background rgb 'white'
    set output 'deal-sizes.png'
}
set datafile separator "\t"
set datafile commentschars "#"
set decimalsign '.'
set border 3 lc rgb '#555555'
set tics nomirror textcolor rgb '#333333'
set grid back lc rgb '#dddddd' lw 1
set title 'Deal sizes over time (USD, log scale)' font ',14' textcolor rgb '#111111'
# Columns of deal-sizes.dat: date (YYYY-MM-DD), usd, kind, amount as written
# (quoted), doc (quoted). One block per kind, in the order of `kinds`.
kinds = 'deal acquisition investment'
colors = '#0072B2 #D55E00 #009E73'
set xdata time
set timefmt '%Y-%m-%d'
set xtics ('Feb 1987' '1987-02-01', 'Mar 1987' '1987-03-01', 'Apr 1987' '1987-04-01', 'May 1987' '1987-05-01', 'Jun 1987' '1987-06-01') nomirror
set xrange ['1987-01-15':'1987-06-15']
set logscale y 10
set yrange [1e7 * 0.999:1e10 * 1.001]
set ylabel 'Value (USD, log scale)'
set ytics ('$10m' 1e7, '$100m' 1e8, '$1bn' 1e9, '$10bn' 1e10)
set key outside right top Left reverse title 'kind' box lc rgb '#cccccc'
set label 9 '4 of 5 deals shown (the others lack a date or a USD value)' at graph 1, 1.025 right font ',9' textcolor rgb '#777777'
plot for [i=1:words(kinds)] 'deal-sizes.dat' index (i-1) using (timecolumn(1, '%Y-%m-%d')):2 with points pt 7 ps 0.7 lc rgb word(colors, i) title word(kinds, i)
