#!/usr/bin/env bash
# cli.sh BINARY CHECK — whole-CLI behaviours that are not one command with
# one expected stdout. Run from tests/golden/. CHECK is one of:
#   run   finfig run into a temp dir writes records.jsonl and records.csv
#         identical to what finfig extract writes for the same inputs
#         (but for the event ids that run fills in), and the summary,
#         by_*.csv and events.csv of finfig aggregate
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
	for f in records.jsonl records.csv summary.json by_company.csv by_month.csv by_currency.csv \
		by_kind.csv events.csv; do
		[ -s "$tmp/out/$f" ] || fail "no $f"
	done
	ls -A "$tmp/out" | grep -v -x -e 'records\.\(jsonl\|csv\)' -e 'summary\.json' -e 'by_[a-z]*\.csv' \
		-e 'events\.csv' -e 'plots' -e 'report\.html' | grep -q . && fail "stray files left in OUTDIR: $(ls -A "$tmp/out")"
	# Every money record carries its event; the events are those of
	# finfig aggregate over the same records.
	grep '"type":"money"' "$tmp/out/records.jsonl" | grep -q '"event":null' &&
		fail "a money record without its event id"
	"$bin" aggregate "$tmp/out/records.jsonl" --by company --by month --by currency --by kind -q \
		>"$tmp/summary.json" || fail "aggregate exited $?"
	cmp -s "$tmp/summary.json" "$tmp/out/summary.json" || fail "summary.json differs from finfig aggregate"
	# With the event ids taken out, the records are extract's.
	sed -E 's/,"event":"([^"\\]|\\.)*"/,"event":null/' "$tmp/out/records.jsonl" >"$tmp/run.jsonl"
	python3 - "$tmp/out/records.csv" "$tmp/run.csv" <<'PY' || fail "cannot read records.csv"
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w", newline="", encoding="utf-8") as o:
    rows = list(csv.reader(f))
    col = rows[0].index("event")
    for r in rows[1:]:
        assert r[col], "a CSV row without its event id"
        r[col] = ""
    csv.writer(o, lineterminator="\r\n").writerows(rows)
PY
	# run finds money, companies and dates: compare with extract --types all.
	"$bin" extract "${inputs[@]}" --types all --jobs 1 -q >"$tmp/extract.jsonl" 2>/dev/null ||
		fail "extract (jsonl) exited $?"
	"$bin" extract "${inputs[@]}" --types all --format csv --jobs 1 -q >"$tmp/extract.csv" 2>/dev/null ||
		fail "extract (csv) exited $?"
	cmp -s "$tmp/extract.jsonl" "$tmp/run.jsonl" ||
		fail "records.jsonl differs from extract: $(diff "$tmp/extract.jsonl" "$tmp/run.jsonl" | head -5)"
	# (the CSV through the same writer, so quoting compares equal)
	python3 -c 'import csv,sys; csv.writer(open(sys.argv[2],"w",newline=""),lineterminator="\r\n").writerows(csv.reader(open(sys.argv[1],newline="")))' \
		"$tmp/extract.csv" "$tmp/extract.norm.csv"
	cmp -s "$tmp/extract.norm.csv" "$tmp/run.csv" ||
		fail "records.csv differs from extract --format csv: $(diff "$tmp/extract.norm.csv" "$tmp/run.csv" | head -5)"
	# The money rows of the CSV are the golden money-only CSVs, concatenated.
	{ cat cases/md-csv.out; for c in txt latin1 json-array sgm; do tail -n +2 "cases/$c-csv.out"; done; } >"$tmp/golden.csv"
	python3 -c 'import csv,sys; csv.writer(open(sys.argv[2],"w",newline=""),lineterminator="\r\n").writerows(csv.reader(open(sys.argv[1],newline="")))' \
		"$tmp/golden.csv" "$tmp/golden.norm.csv"
	cmp -s "$tmp/golden.norm.csv" "$tmp/run.csv" ||
		fail "records.csv differs from the golden CSVs: $(diff "$tmp/golden.norm.csv" "$tmp/run.csv" | head -5)"
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
