#!/usr/bin/env bash
# cli.sh BINARY CHECK — whole-CLI behaviours that are not one command with
# one expected stdout. Run from tests/golden/. CHECK is one of:
#   run   finfig run into a temp dir writes records.jsonl and records.csv
#         identical to what finfig extract writes for the same inputs
#   pipe  finfig extract BIG | head -1 exits 0 and says nothing on stderr
#         about the closed pipe (SIGPIPE/EPIPE handled)
#   jobs  --jobs 1 and --jobs 3 give byte-identical output
set -eu
export LC_ALL=C TZ=UTC

if [ $# -ne 2 ]; then
	echo "usage: cli.sh BINARY run|pipe|jobs" >&2
	exit 2
fi
bin=$1
check=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/finfig-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "cli $check: FAIL: $*" >&2
	exit 1
}

# A batch of many small articles (about 2 MB), generated so nothing large is
# committed. Deterministic: same bytes on every run.
make_big() {
	local i
	for ((i = 1; i <= 20000; i++)); do
		printf '{"id":"b%d","title":"Item %d","date":"2024-01-%02d","body":"Firm %d paid $%d.%02dm (about \\u00a3%dm) for %d shares, up %d pct."}\n' \
			"$i" "$i" $((i % 28 + 1)) "$i" $((i % 900 + 1)) $((i % 100)) $((i % 700 + 1)) $((i * 7)) $((i % 50))
	done >"$1"
}

inputs=(inputs/deal.md inputs/brief.txt inputs/latin1.txt inputs/array.json inputs/reuters.sgm)

case $check in
run)
	"$bin" run "${inputs[@]}" -o "$tmp/out" --jobs 2 -q 2>"$tmp/run.err" ||
		fail "finfig run exited $? ($(cat "$tmp/run.err"))"
	[ -f "$tmp/out/records.jsonl" ] || fail "no records.jsonl"
	[ -f "$tmp/out/records.csv" ] || fail "no records.csv"
	ls -A "$tmp/out" | grep -v '^records\.\(jsonl\|csv\)$' | grep -q . &&
		fail "stray files left in OUTDIR: $(ls -A "$tmp/out")"
	# run finds money, companies and dates: compare with extract --types all.
	"$bin" extract "${inputs[@]}" --types all --jobs 1 -q >"$tmp/extract.jsonl" 2>/dev/null ||
		fail "extract (jsonl) exited $?"
	"$bin" extract "${inputs[@]}" --types all --format csv --jobs 1 -q >"$tmp/extract.csv" 2>/dev/null ||
		fail "extract (csv) exited $?"
	cmp -s "$tmp/extract.jsonl" "$tmp/out/records.jsonl" ||
		fail "records.jsonl differs from extract: $(diff "$tmp/extract.jsonl" "$tmp/out/records.jsonl" | head -5)"
	cmp -s "$tmp/extract.csv" "$tmp/out/records.csv" ||
		fail "records.csv differs from extract --format csv: $(diff "$tmp/extract.csv" "$tmp/out/records.csv" | head -5)"
	# The money rows of the CSV are the golden money-only CSVs, concatenated.
	{ cat cases/md-csv.out; for c in txt latin1 json-array sgm; do tail -n +2 "cases/$c-csv.out"; done; } >"$tmp/golden.csv"
	cmp -s "$tmp/golden.csv" "$tmp/out/records.csv" ||
		fail "records.csv differs from the golden CSVs: $(diff "$tmp/golden.csv" "$tmp/out/records.csv" | head -5)"
	;;
pipe)
	make_big "$tmp/big.jsonl"
	set +e
	"$bin" extract "$tmp/big.jsonl" --jobs 2 -q 2>"$tmp/err" | head -1 >"$tmp/first"
	status=${PIPESTATUS[0]}
	set -e
	[ "$status" -eq 0 ] || fail "exit status $status with a closed pipe, expected 0 (stderr: $(head -3 "$tmp/err"))"
	[ -s "$tmp/err" ] && fail "stderr not empty: $(head -3 "$tmp/err")"
	grep -q '"doc":"b1"' "$tmp/first" || fail "first line is not the first record: $(cut -c1-200 "$tmp/first")"
	;;
jobs)
	make_big "$tmp/big.jsonl"
	for fmt in jsonl csv; do
		"$bin" extract "${inputs[@]}" "$tmp/big.jsonl" --format "$fmt" --jobs 1 -q >"$tmp/j1.$fmt" ||
			fail "--jobs 1 exited $?"
		"$bin" extract "${inputs[@]}" "$tmp/big.jsonl" --format "$fmt" --jobs 3 -q >"$tmp/j3.$fmt" ||
			fail "--jobs 3 exited $?"
		cmp -s "$tmp/j1.$fmt" "$tmp/j3.$fmt" ||
			fail "--format $fmt: --jobs 3 differs from --jobs 1: $(diff "$tmp/j1.$fmt" "$tmp/j3.$fmt" | head -4)"
		[ "$(wc -l <"$tmp/j1.$fmt")" -gt 40000 ] || fail "--format $fmt: too few records: $(wc -l <"$tmp/j1.$fmt")"
	done
	;;
*)
	echo "cli.sh: unknown check '$check'" >&2
	exit 2
	;;
esac
echo "cli $check: ok"
