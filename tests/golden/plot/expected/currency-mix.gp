# currency-mix.gp: share of amounts by the currency they were written in
# Written by finfig from the template plots/currency-mix.gp; edit it and re-run:
#   gnuplot currency-mix.gp                    -> currency-mix.png
#   gnuplot -e "fmt='svg'" currency-mix.gp     -> currency-mix.svg
# The data is in currency-mix.dat (tab-separated). Text from the articles appears
# only there, as quoted data fields: this script never runs anything from it.
if (!exists("fmt")) fmt = 'png'
if (fmt eq 'svg') {
    set terminal svg size 800,300 dynamic noenhanced font 'Sans,12' background rgb 'white'
    set output 'currency-mix.svg'
} else {
    set terminal pngcairo size 800,300 noenhanced font 'Sans,10' background rgb 'white'
    set output 'currency-mix.png'
}
set datafile separator "\t"
set datafile commentschars "#"
set decimalsign '.'
set border 3 lc rgb '#555555'
set tics nomirror textcolor rgb '#333333'
set grid back lc rgb '#dddddd' lw 1
set title 'Currency mix: share of amounts by original currency' font ',14' textcolor rgb '#111111'
# Columns of currency-mix.dat: rank, currency (ISO 4217 code, "other" for the
# rest), amounts (count), percent (of all amounts), label.
set xlabel 'Share of amounts (%)'
set xrange [0:92]
set yrange [3 + 0.5:0.5]
set ytics scale 0
set grid noytics xtics
unset key
set style fill solid 0.85 noborder

plot 'currency-mix.dat' using ($4/2):1:($4/2):(0.38):yticlabels(2) with boxxyerror lc rgb '#009E73' notitle, \
     '' using 4:1:(' '.stringcolumn(5)) with labels left font ',9' textcolor rgb '#333333' notitle
