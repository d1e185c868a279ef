#!/bin/bash
# rates.sh — one table of every conformance rate (CTest conformance.summary).
#
# Usage: rates.sh RATES GOLD_OUT_DIR CURRENCY_TEST DATE_TEST SPEC_RUNNER SPEC_DIR [SUMMARY]
#
# Re-runs the CurrencyModel and date conformance tests (they take
# milliseconds) to read their rates, counts the Duckling phrase families
# (tests/spec/duckling.spec passes against the "duckling:" cases of
# known-failures.spec), reads the dev-set F1 figures that gold.sh left in
# GOLD_OUT_DIR, and prints each beside its floor in RATES. A copy goes to
# SUMMARY (scripts/test.sh prints it after ctest). Fails only when the
# Duckling rate is below its floor: every other rate has its own test.
set -u
rates=$1 golddir=$2 currency=$3 date=$4 runner=$5 specdir=$6 summary=${7:-}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
floor() { sed -n "s/^$1[[:space:]]\{1,\}\([0-9.]*\).*/\1/p" "$rates" | head -n 1; }
tenths() { local v=$1; echo $(( 10#${v%%.*} * 10 + 10#${v#*.} )); }
row() { # row NAME MEASURED [NOTE]
	local want
	want=$(floor "$1")
	local mark=""
	if [ -n "$want" ] && [ "$2" != "-" ] && [ "$(tenths "$2")" -lt "$(tenths "$want")" ]; then
		mark="  BELOW THE FLOOR"
	fi
	printf '%-26s %8s %8s  %s%s\n' "$1" "$2" "${want:--}" "${3:-}" "$mark" >>"$out"
}
printf '%-26s %8s %8s\n' "rate (%)" measured floor >>"$out"

# CurrencyModel and the date specs print "NAME...: PASS/TOTAL (R%)".
for bin in "$currency" "$date"; do
	res=$("$bin" 2>/dev/null)
	if grep -q '^skipped' <<<"$res"; then
		row "$(basename "$bin")" - "skipped: no ../shared"
		continue
	fi
	while read -r name counts pct; do
		row "$name" "$pct" "$counts"
	done < <(sed -n 's/^\([A-Za-z]*\)[^:]*: \([0-9]*\/[0-9]*\) (\([0-9.]*\)%).*/\1 \2 \3/p' <<<"$res")
done

# Duckling phrase families.
pass=$("$runner" "$specdir/duckling.spec" 2>/dev/null | sed -n 's/^\([0-9]*\) passed.*/\1/p')
known=$("$runner" --filter duckling: "$specdir/known-failures.spec" 2>/dev/null |
	sed -n 's/.*known failures: \([0-9]*\).*/\1/p')
pass=${pass:-0} known=${known:-0}
total=$((pass + known))
if [ $total -gt 0 ]; then
	t=$(( (pass * 2000 + total) / (2 * total) ))
	d="$((t / 10)).$((t % 10))"
	row Duckling "$d" "$pass/$total phrase cases"
	want=$(floor Duckling)
	if [ -n "$want" ] && [ "$(tenths "$d")" -lt "$(tenths "$want")" ]; then
		status=1
	fi
fi

# Dev-set F1 (tests/gold), as measured by gold.sh in this run.
for part in reuters bbc; do
	f=$golddir/gold-$part.txt
	if [ -s "$f" ]; then
		while read -r name v; do row "$name" "$v" "tests/gold/$part"; done <"$f"
	else
		row "gold-$part" - "not measured (no ../shared, or gold.$part did not run)"
	fi
done

echo "== conformance rates (floors: tests/conformance/RATES)"
cat "$out"
if [ -n "$summary" ]; then
	{ echo "== conformance rates (floors: tests/conformance/RATES)"; cat "$out"; } >"$summary"
fi
exit $status
