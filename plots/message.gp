{{HEAD}}
# Nothing to draw: the chart says why instead of failing or staying blank.
unset border
unset tics
unset grid
unset key
set label 1 {{MESSAGE}} at graph 0.5, 0.56 center font ',13' textcolor rgb '#333333'
set label 2 {{DETAIL}} at graph 0.5, 0.44 center textcolor rgb '#777777'
plot [0:1] [0:1] NaN notitle
