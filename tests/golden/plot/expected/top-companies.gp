# top-companies.gp: top companies by the total USD value of their deals
# Written by finfig from the template plots/top-companies.gp; edit it and re-run:
#   gnuplot top-companies.gp                    -> top-companies.png
#   gnuplot -e "fmt='svg'" top-companies.gp     -> top-companies.svg
# The data is in top-companies.dat (tab-separated). Text from the articles appears
# only there, as quoted data fields: this script never runs anything from it.
if (!exists("fmt")) fmt = 'png'
if (fmt eq 'svg') {
    set terminal svg size 900,318 dynamic noenhanced font 'Sans,12' background rgb 'white'
    set output 'top-companies.svg'
} else {
    set terminal pngcairo size 900,318 noenhanced font 'Sans,10' background rgb 'white'
    set output 'top-companies.png'
}
set datafile separator "\t"
set datafile commentschars "#"
set decimalsign '.'
set border 3 lc rgb '#555555'
set tics nomirror textcolor rgb '#333333'
set grid back lc rgb '#dddddd' lw 1
set title 'Top 5 companies by total deal value (USD)' font ',14' textcolor rgb '#111111'
# Columns of top-companies.dat: rank, usd (total of the company's events), events,
# name (quoted), label (the total, short). One horizontal bar per company.
scale = 1e9
set xlabel 'Total value of deals (USD billions)'
set format x '$%gbn'
set xrange [0:1.25 * 3845000000 / scale]
set yrange [5 + 0.5:0.5]
set ytics scale 0 font ',10'
set grid noytics xtics
unset key
set style fill solid 0.85 noborder
set offsets 0, 0, 0, 0

plot 'top-companies.dat' using ($2/scale/2):1:($2/scale/2):(0.38):yticlabels(4) with boxxyerror lc rgb '#0072B2' notitle, \
     '' using ($2/scale):1:(' '.stringcolumn(5)) with labels left font ',9' textcolor rgb '#333333' notitle
