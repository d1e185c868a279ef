#!/bin/bash
# gold.sh — the dev-set figures of finfig eval (CTest label "gold").
#
# Usage: gold.sh FINFIG GOLD_DIR PART RATES [OUT]
#   FINFIG   the finfig binary
#   GOLD_DIR tests/gold; PART is its sub-folder (reuters, bbc)
#   RATES    tests/conformance/RATES: lines "gold-PART-money-f1 96.0", ...
#   OUT      optional file that gets the measured lines (for the summary)
# GOLD_RATE_PREFIX (default "gold") names the RATES lines; the held-out set
# tests/gold-test uses "heldout".
#
# Builds the list of corpus files from the gold files' "source" keys
# (relative to $FINFIG_SHARED/corpora), runs `finfig extract --types all`
# over them, pipes the records into `finfig eval --format json`, prints the
# figures, and fails when a money/company/party F1 is below the recorded
# value, when a gold article got no records, or when eval reported a bad
# gold file or record. Skips (exit 0, "skipped: ...") without FINFIG_SHARED.
set -u
finfig=$1 gold=$2 part=$3 rates=$4 out=${5:-}
shared=${FINFIG_SHARED:-}
[ -n "$out" ] && rm -f "$out"
if [ -z "$shared" ] || [ ! -d "$shared/corpora" ]; then
	echo "skipped: FINFIG_SHARED/corpora is not a directory"
	exit 0
fi
dir=$gold/$part
files=()
while IFS= read -r src; do
	files+=("$shared/corpora/$src")
done < <(sed -n 's/^[[:space:]]*"source"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$dir"/*.json | sort -u)
if [ ${#files[@]} -eq 0 ]; then
	echo "FAIL: no \"source\" keys in $dir/*.json"
	exit 1
fi
for f in "${files[@]}"; do
	if [ ! -f "$f" ]; then
		echo "skipped: corpus file $f is missing"
		exit 0
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Corpus files may be Windows-1252 (a warning on stderr): only failures matter.
if ! "$finfig" extract --types all --jobs 2 -q "${files[@]}" >"$tmp/records.jsonl" 2>"$tmp/extract.err"; then
	cat "$tmp/extract.err"
	echo "FAIL: finfig extract failed"
	exit 1
fi
"$finfig" eval --gold "$dir" --format json "$tmp/records.jsonl" >"$tmp/eval.json" 2>"$tmp/eval.err"
rc=$?
cat "$tmp/eval.err"
json=$(cat "$tmp/eval.json")
echo "$json"
if [ $rc -ne 0 ]; then
	echo "FAIL: finfig eval exited with $rc"
	exit 1
fi

# The JSON is finfig's own compact output: pick fields with sed.
field() { # field SECTION KEY
	sed -n "s/.*\"$1\":{[^}]*\"$2\":\([-0-9.a-z]*\).*/\1/p" <<<"$json"
}
# A fraction with four decimals ("0.9604") as tenths of a percent; an
# undefined one ("null": nothing predicted, or no gold) counts as 0.
tenths() {
	case $1 in
	null | "") echo 0 ;;
	*) local i=${1%%.*} f=${1#*.}000
	   f=${f:0:4}
	   echo $(( (10#$i * 10000 + 10#$f + 5) / 10 )) ;;
	esac
}
status=0
scored=$(field docs scored) without=$(field docs gold_without_records)
printf '%s: %s gold docs scored\n' "$part" "$scored"
if [ "$without" != 0 ]; then
	echo "FAIL: $without gold doc(s) got no records"
	status=1
fi
: >"$tmp/measured"
for s in money companies parties; do
	prefix=${GOLD_RATE_PREFIX:-gold}
	name=$prefix-$part-${s%ies}
	[ $s = companies ] && name=$prefix-$part-company
	[ $s = parties ] && name=$prefix-$part-party
	printf '  %-9s tp %3s fp %3s fn %3s ' "$s" "$(field $s tp)" "$(field $s fp)" "$(field $s fn)"
	for k in p r f1; do
		v=$(field $s $k)
		t=$(tenths "$v")
		printf -v pct '%d.%d' $((t / 10)) $((t % 10))
		[ $k = f1 ] && echo "$name-f1 $pct" >>"$tmp/measured"
		if [ "$v" = null ]; then
			printf ' %s %6s' "$k" "-"
		else
			printf ' %s %5s%%' "$k" "$pct"
		fi
	done
	t=$(tenths "$(field $s f1)")
	want=$(sed -n "s/^$name-f1[[:space:]]\{1,\}\([0-9.]*\).*/\1/p" "$rates" | head -n 1)
	if [ -n "$want" ]; then
		w=$(( 10#${want%%.*} * 10 + 10#${want#*.} ))
		printf '  (recorded F1 %s%%)\n' "$want"
		if [ "$t" -lt "$w" ]; then
			echo "FAIL: $name-f1 dropped below the recorded $want"
			status=1
		fi
	else
		printf '  (no recorded F1)\n'
	fi
done
if [ -n "$out" ]; then
	mkdir -p "$(dirname "$out")" && cp "$tmp/measured" "$out"
fi
exit $status
