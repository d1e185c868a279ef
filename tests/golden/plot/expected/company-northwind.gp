# company-northwind.gp: one company's deals over time, on a log scale
# Written by finfig from the template plots/company.gp; edit it and re-run:
#   gnuplot company-northwind.gp                    -> company-northwind.png
#   gnuplot -e "fmt='svg'" company-northwind.gp     -> company-northwind.svg
# The data is in company-northwind.dat (tab-separated). Text from the articles appears
# only there, as quoted data fields: this script never runs anything from it.
if (!exists("fmt")) fmt = 'png'
if (fmt eq 'svg') {
    set terminal svg size 900,450 dynamic noenhanced font 'Sans,12' background rgb 'white'
    set output 'company-northwind.svg'
} else {
    set terminal pngcairo size 900,450 noenhanced font 'Sans,10' background rgb 'white'
    set output 'company-northwind.png'
}
set datafile separator "\t"
set datafile commentschars "#"
set decimalsign '.'
set border 3 lc rgb '#555555'
set tics nomirror textcolor rgb '#333333'
set grid back lc rgb '#dddddd' lw 1
set title 'Deals of Northwind Traders over time (USD, log scale)' font ',14' textcolor rgb '#111111'
# Columns of company-northwind.dat: date (YYYY-MM-DD), usd, kind, amount as written
# (quoted), doc (quoted), label (the amount as written for the ten largest
# deals, else empty: more labels would collide), label level (0, 1, 2: a
# label that would cover a neighbour's stands five times higher per level).
# One stem per deal.
set xdata time
set timefmt '%Y-%m-%d'
set xtics ('Feb 1987' '1987-02-01', 'Mar 1987' '1987-03-01', 'Apr 1987' '1987-04-01', 'May 1987' '1987-05-01', 'Jun 1987' '1987-06-01') nomirror
set xrange ['1987-01-15':'1987-06-15']
set logscale y 10
set yrange [1e7 * 0.999:1e11 * 1.001]
set ylabel 'Value (USD, log scale)'
set ytics ('$10m' 1e7, '$100m' 1e8, '$1bn' 1e9, '$10bn' 1e10, '$100bn' 1e11)
unset key

plot 'company-northwind.dat' using (timecolumn(1, '%Y-%m-%d')):2 with impulses lw 2 lc rgb '#0072B2' notitle, \
     '' using (timecolumn(1, '%Y-%m-%d')):2 with points pt 7 ps 1 lc rgb '#0072B2' notitle, \
     '' using (timecolumn(1, '%Y-%m-%d')):($2 * 5**$7):6 with labels offset 0, 1 font ',9' textcolor rgb '#333333' notitle
