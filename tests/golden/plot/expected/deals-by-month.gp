# deals-by-month.gp: deal value per month in USD (events, each deal counted once) and the number of deals
# Written by finfig from the template plots/deals-by-month.gp; edit it and re-run:
#   gnuplot deals-by-month.gp                    -> deals-by-month.png
#   gnuplot -e "fmt='svg'" deals-by-month.gp     -> deals-by-month.svg
# The data is in deals-by-month.dat (tab-separated). Text from the articles appears
# only there, as quoted data fields: this script never runs anything from it.
if (!exists("fmt")) fmt = 'png'
if (fmt eq 'svg') {
    set terminal svg size 900,500 dynamic noenhanced font 'Sans,12' background rgb 'white'
    set output 'deals-by-month.svg'
} else {
    set terminal pngcairo size 900,500 noenhanced font 'Sans,10' background rgb 'white'
    set output 'deals-by-month.png'
}
set datafile separator "\t"
set datafile commentschars "#"
set decimalsign '.'
set border 3 lc rgb '#555555'
set tics nomirror textcolor rgb '#333333'
set grid back lc rgb '#dddddd' lw 1
set title 'Deal value per month (USD)' font ',14' textcolor rgb '#111111'
# Columns of deals-by-month.dat: month (YYYY-MM), usd (sum of the events' USD
# values), events (count), label (the month's tick label, quoted; empty for
# months left unlabelled when there are many). Bars: USD on the left axis;
# line and points: the number of deals on the right axis.
scale = 1e9
set xrange [-0.6:4 - 0.4]
set xtics scale 0  nomirror
set ylabel 'Value of deals (USD billions)'
set format y '$%gbn'
set yrange [0:1.2 * 3800000000 / scale]
set ytics nomirror
set y2label 'Number of deals'
set y2range [0:3]
set y2tics 1 nomirror
set border 11 lc rgb '#555555'
set boxwidth 0.7 relative
set style fill solid 0.85 noborder
set grid noxtics ytics
set key top left samplen 2
set label 9 '1 deal without a date not shown' at graph 1, 1.025 right font ',9' textcolor rgb '#777777'
plot 'deals-by-month.dat' using 0:($2/scale):xticlabels(4) with boxes lc rgb '#0072B2' title 'value (USD)', \
     '' using 0:3 axes x1y2 with linespoints lw 2 pt 7 ps 0.8 lc rgb '#E69F00' title 'number of deals'
