#!/usr/bin/env bash
# plot.sh BINARY CHECK — whole-CLI tests of the charts (finfig plot, and the
# chart step of finfig run). Run from tests/golden/. CHECK is one of:
#   golden     the .dat and .gp files for plot/records.jsonl equal
#              plot/expected/ (no gnuplot needed: --no-render)
#   hostile    records whose names, texts, docs and kinds are hostile
#              (quotes, backslashes, "; system("touch X"), backticks,
#              <script>, line breaks): no file X appears, every script is
#              free of them, the images are real PNGs of the expected size,
#              the report escapes them and carries no script
#   nognuplot  no gnuplot: scripts and data written, one message on how to
#              render them, exit status 0
#   fail       a template gnuplot rejects: exit status 1 and gnuplot's
#              message; a template that hangs: killed after --timeout
#   summary    a summary of finfig aggregate gives the same month and
#              company charts as the records; summary + records is refused
#   run        finfig run writes plots/ and a self-contained report.html
# Image checks are skipped (said so) when gnuplot is not installed.
set -eu
export LC_ALL=C TZ=UTC

if [ $# -ne 2 ]; then
	echo "usage: plot.sh BINARY golden|hostile|nognuplot|fail|summary|run" >&2
	exit 2
fi
bin=$1
check=$2
here=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/finfig-plot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "plot $check: FAIL: $*" >&2
	exit 1
}

have_gnuplot() { command -v gnuplot >/dev/null 2>&1; }

# png_size FILE: "WIDTHxHEIGHT" from the PNG signature and IHDR chunk, or
# "not-a-png".
png_size() {
	local sig
	sig=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
	if [ "$sig" != "89504e470d0a1a0a" ]; then
		echo not-a-png
		return
	fi
	local b
	read -r -a b <<<"$(od -An -tu1 -j16 -N8 "$1")"
	echo "$(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]))x$(((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]))"
}

charts=(deals-by-month top-companies deal-sizes currency-mix)

case $check in
golden)
	"$bin" plot plot/records.jsonl -o "$tmp/p" --no-render --company northwind -q 2>"$tmp/err" ||
		fail "exit status $? ($(cat "$tmp/err"))"
	[ -s "$tmp/err" ] && fail "stderr not empty: $(cat "$tmp/err")"
	(cd "$tmp/p" && ls) >"$tmp/list"
	(cd plot/expected && ls) >"$tmp/want"
	cmp -s "$tmp/list" "$tmp/want" || fail "files differ: $(diff "$tmp/want" "$tmp/list" | head -5)"
	for f in plot/expected/*; do
		cmp -s "$f" "$tmp/p/$(basename "$f")" ||
			fail "$(basename "$f") differs from $f: $(diff "$f" "$tmp/p/$(basename "$f")" | head -8)"
	done
	;;
hostile)
	mkdir "$tmp/cwd"
	names=('Evil"; system("touch X"); "' '`touch X`' '<script>alert(1)</script>' "O'Brien & Co"
		"@x !touch X ; set output 'X' ; load 'X'" 'Back\slash\')
	args=()
	for n in "${names[@]}"; do args+=(--company "$n"); done
	(cd "$tmp/cwd" && "$bin" plot "$here/plot/hostile.jsonl" --kinds all -o "$tmp/out/plots" \
		--terminal both --report "$tmp/out/report.html" "${args[@]}") 2>"$tmp/err" ||
		fail "exit status $? ($(cat "$tmp/err"))"
	found=$(find "$tmp" -name X | head -1)
	[ -z "$found" ] || fail "a file X was created: $found"
	[ -e "$here/X" ] && fail "a file X was created in $here"
	# Scripts: no article text outside a single-quoted title or message.
	for gp in "$tmp"/out/plots/*.gp; do
		grep -v -e '^set title ' -e '^set label 1 ' "$gp" >"$tmp/body"
		for bad in 'system(' '`touch' '<script' 'Evil' 'Brien' 'load '"'"'X' 'Back'; do
			grep -qF -- "$bad" "$tmp/body" && fail "$(basename "$gp") holds '$bad' outside a quoted title"
		done
		# Every line of a title is one single-quoted string.
		grep '^set title ' "$gp" | grep -qv "^set title '\([^']\|''\)*' font ',14' textcolor rgb '#111111'$" &&
			fail "$(basename "$gp"): a title is not one quoted string: $(grep '^set title ' "$gp")"
	done
	# Data: every string field quoted, no tab or newline inside one.
	for dat in "$tmp"/out/plots/*.dat; do
		awk -F'\t' '!/^#/ && NF { for (i = 1; i <= NF; i++) if ($i ~ /"/ && $i !~ /^"[^"]*"$/) { print FILENAME ": " $0; exit 1 } }' "$dat" ||
			fail "a data field is not one quoted string"
	done
	grep -qF '"Evil'"'"'; system('"'"'touch X'"'"'); '"'"'"' "$tmp/out/plots/top-companies.dat" ||
		fail "the hostile name is not in the data as a sanitised string"
	grep -qF '"Back\\slash\\"' "$tmp/out/plots/top-companies.dat" ||
		fail "backslashes are not doubled in the data"
	# Report: escaped, no script, nothing fetched.
	r="$tmp/out/report.html"
	[ -s "$r" ] || fail "no report"
	grep -qi '<script' "$r" && fail "the report holds a script element"
	grep -qi 'src=' "$r" && fail "the report loads something (src=)"
	grep -qiE 'href="(http|//)|href='"'"'(http|//)|<link' "$r" && fail "the report links out"
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$r" || fail "the <script> name is not escaped in the report"
	grep -qF 'O&#39;Brien &amp; Co' "$r" || fail "O'Brien & Co is not escaped in the report"
	grep -qF 'Evil&quot;; system(&quot;touch X&quot;); &quot;' "$r" || fail "quotes not escaped in the report"
	if have_gnuplot; then
		grep -q 'gnuplot said\|gnuplot failed' "$tmp/err" && fail "gnuplot complained: $(cat "$tmp/err")"
		for c in "${charts[@]}" company-evil-system-touch-x company-touch-x company-script-alert-1-script \
			company-o-brien-co company-x-touch-x-set-output-x-load-x company-back-slash; do
			[ -s "$tmp/out/plots/$c.svg" ] || fail "no $c.svg"
			size=$(png_size "$tmp/out/plots/$c.png")
			case $c in
			deals-by-month | deal-sizes) want=900x500 ;;
			company-*) want=900x450 ;;
			*) want="" ;;
			esac
			[ "$size" != not-a-png ] || fail "$c.png is not a PNG"
			if [ -n "$want" ]; then
				[ "$size" = "$want" ] || fail "$c.png is $size, expected $want"
			else
				case $size in 900x* | 800x*) ;; *) fail "$c.png is $size" ;; esac
			fi
		done
		n=$(grep -c '<svg' "$r")
		[ "$n" -ge 10 ] || fail "the report inlines $n SVG charts, expected 10"
		grep -q 'This chart was left out' "$r" && fail "an SVG failed the report's check"
		# The inline SVG is gnuplot's, ids prefixed, prolog and comments dropped.
		python3 - "$r" "$tmp/out/plots" "${charts[@]}" <<'PY' || fail "an inline SVG is not the rendered one"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
inline = re.findall(r"<svg.*?</svg>", html, re.S)
for k, name in enumerate(sys.argv[3:]):
    svg = open(f"{sys.argv[2]}/{name}.svg", encoding="utf-8").read()
    svg = re.sub(r"<!--.*?-->", "", svg[svg.index("<svg"):svg.rindex("</svg>") + 6], flags=re.S)
    got = re.sub(r"(id=['\"]|#)f%d-" % (k + 1), r"\1", inline[k])
    if got != svg:
        print(f"{name}: inline SVG differs from {name}.svg", file=sys.stderr)
        sys.exit(1)
PY
	else
		echo "plot hostile: gnuplot not installed: image checks skipped"
	fi
	;;
nognuplot)
	"$bin" plot plot/records.jsonl -o "$tmp/p" --gnuplot /nonexistent/gnuplot --terminal both \
		--report "$tmp/report.html" 2>"$tmp/err" || fail "exit status $?, expected 0 ($(cat "$tmp/err"))"
	[ "$(grep -c 'gnuplot not found' "$tmp/err")" = 1 ] || fail "not one 'gnuplot not found' message: $(cat "$tmp/err")"
	grep -qF 'for f in *.gp; do gnuplot' "$tmp/err" || fail "the message does not say how to render"
	for c in "${charts[@]}"; do
		[ -s "$tmp/p/$c.gp" ] && [ -s "$tmp/p/$c.dat" ] || fail "no $c.gp/.dat"
	done
	ls "$tmp/p" | grep -q '\.png$\|\.svg$' && fail "images without gnuplot?"
	grep -q 'gnuplot was not found' "$tmp/report.html" || fail "the report does not say why there are no charts"
	# The same through finfig run (FINFIG_GNUPLOT names the executable).
	FINFIG_GNUPLOT=/nonexistent/gnuplot "$bin" run inputs/reuters.sgm -o "$tmp/run" -q 2>"$tmp/err2" ||
		fail "run: exit status $? ($(cat "$tmp/err2"))"
	[ -s "$tmp/run/plots/deals-by-month.gp" ] || fail "run: no scripts"
	grep -q 'gnuplot not found' "$tmp/err2" || fail "run: no message"
	;;
fail)
	have_gnuplot || { echo "plot fail: gnuplot not installed: skipped"; exit 0; }
	mkdir "$tmp/t"
	printf '{{HEAD}}\nplot %s\n' "'no-such-file.dat' using 1:2" >"$tmp/t/deals-by-month.gp"
	set +e
	"$bin" plot plot/records.jsonl -o "$tmp/p" --templates "$tmp/t" -q 2>"$tmp/err"
	status=$?
	set -e
	[ "$status" = 1 ] || fail "exit status $status with a broken template, expected 1"
	grep -q 'deals-by-month.gp: gnuplot failed: exit status' "$tmp/err" || fail "no failure message: $(cat "$tmp/err")"
	grep -q 'no-such-file' "$tmp/err" || fail "gnuplot's own message is not reported: $(cat "$tmp/err")"
	[ -e "$tmp/p/deals-by-month.png" ] && fail "a half-drawn image was left"
	[ -s "$tmp/p/top-companies.png" ] || fail "the other charts were not drawn"
	printf '{{HEAD}}\npause 30\nplot x\n' >"$tmp/t/deals-by-month.gp"
	start=$(date +%s)
	set +e
	"$bin" plot plot/records.jsonl -o "$tmp/p2" --templates "$tmp/t" --timeout 1 -q 2>"$tmp/err"
	status=$?
	set -e
	took=$(($(date +%s) - start))
	[ "$status" = 1 ] || fail "exit status $status with a hanging template, expected 1"
	grep -q 'killed after 1 s' "$tmp/err" || fail "no time-limit message: $(cat "$tmp/err")"
	[ "$took" -lt 15 ] || fail "the time limit did not stop gnuplot ($took s)"
	;;
summary)
	# A summary cannot tell prices per share from deal sizes: leave the
	# one per-share record out, as plot does with records.
	grep -v '"unit":"share"' plot/records.jsonl |
		"$bin" aggregate - --by month,kind --by company,kind --by kind -q -o "$tmp/summary.json" ||
		fail "aggregate exited $?"
	"$bin" plot "$tmp/summary.json" -o "$tmp/p" --no-render -q 2>"$tmp/err" || fail "exit status $? ($(cat "$tmp/err"))"
	for c in deals-by-month top-companies; do
		cmp -s "plot/expected/$c.dat" "$tmp/p/$c.dat" ||
			fail "$c.dat from the summary differs: $(diff "plot/expected/$c.dat" "$tmp/p/$c.dat" | head -6)"
	done
	grep -q '"3.8 bln\|"\$3.8bn' "$tmp/p/deal-sizes.dat" || fail "the summary's top deals are not on the scatter"
	set +e
	"$bin" plot "$tmp/summary.json" plot/records.jsonl -o "$tmp/p2" --no-render -q 2>"$tmp/err"
	status=$?
	set -e
	[ "$status" = 1 ] || fail "summary + records: exit status $status, expected 1"
	grep -q 'cannot be mixed' "$tmp/err" || fail "no message for summary + records: $(cat "$tmp/err")"
	;;
run)
	"$bin" run inputs/deal.md inputs/reuters.sgm -o "$tmp/out" -q 2>"$tmp/err" || fail "exit status $? ($(cat "$tmp/err"))"
	for c in "${charts[@]}"; do
		[ -s "$tmp/out/plots/$c.gp" ] && [ -s "$tmp/out/plots/$c.dat" ] || fail "no plots/$c.gp/.dat"
	done
	r="$tmp/out/report.html"
	[ -s "$r" ] || fail "no report.html"
	grep -qi '<script' "$r" && fail "the report holds a script element"
	grep -q '<h2>Top deals</h2>' "$r" || fail "no top deals table"
	if have_gnuplot; then
		for c in "${charts[@]}"; do
			[ "$(png_size "$tmp/out/plots/$c.png")" != not-a-png ] || fail "plots/$c.png is not a PNG"
		done
		[ "$(grep -c '<svg' "$r")" -ge 4 ] || fail "the report does not inline the 4 charts"
	else
		echo "plot run: gnuplot not installed: image checks skipped"
	fi
	;;
*)
	echo "plot.sh: unknown check '$check'" >&2
	exit 2
	;;
esac
echo "plot $check: ok"
