# {{STEM}}.gp: {{ABOUT}}
# Written by finfig from the template plots/{{TEMPLATE}}.gp; edit it and re-run:
#   gnuplot {{STEM}}.gp                    -> {{STEM}}.png
#   gnuplot -e "fmt='svg'" {{STEM}}.gp     -> {{STEM}}.svg
# The data is in {{STEM}}.dat (tab-separated). Text from the articles appears
# only there, as quoted data fields: this script never runs anything from it.
if (!exists("fmt")) fmt = 'png'
if (fmt eq 'svg') {
    set terminal svg size {{WIDTH}},{{HEIGHT}} dynamic noenhanced font 'Sans,12' background rgb 'white'
    set output '{{STEM}}.svg'
} else {
    set terminal pngcairo size {{WIDTH}},{{HEIGHT}} noenhanced font 'Sans,10' background rgb 'white'
    set output '{{STEM}}.png'
}
set datafile separator "\t"
set datafile commentschars "#"
set decimalsign '.'
set border 3 lc rgb '#555555'
set tics nomirror textcolor rgb '#333333'
set grid back lc rgb '#dddddd' lw 1
set title {{TITLE}} font ',14' textcolor rgb '#111111'
