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
#   config  ./finfig.yaml is read when no --config is given, --config FILE
#         reads FILE, --no-config neither; a bad config stops the run before
#         any input with exit 2 and "FILE:LINE: message"
set -eu
export LC_ALL=C TZ=UTC

if [ $# -ne 2 ]; then
	echo "usage: cli.sh BINARY run|pipe|jobs|config" >&2
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
config)
	# a made-up firm: the context patterns name it "Zorblax" at best
	printf 'Zorblax to buy Quuxworks\n\nZorblax said it agreed to buy Quuxworks for 45 mln dlrs.\n' >"$tmp/deal.txt"
	mkdir "$tmp/cwd"
	printf 'companies:\n  - name: Zorblax Dynamics Inc\n    aliases: [Zorblax]\n    ticker: ZRBX\n' \
		>"$tmp/cwd/finfig.yaml"
	cp "$tmp/cwd/finfig.yaml" "$tmp/mine.yaml"
	companies() { # the companies of the first money record of stdin
		python3 -c 'import json,sys; print(";".join(next(json.loads(l) for l in sys.stdin if "\"money\"" in l)["companies"]))'
	}
	got=$(cd "$tmp/cwd" && "$bin" extract -q "$tmp/deal.txt" | companies) || fail "extract in a dir with finfig.yaml exited $?"
	[ "$got" = "Zorblax Dynamics Inc;Quuxworks" ] || fail "./finfig.yaml not read: companies '$got'"
	got=$(cd "$tmp/cwd" && "$bin" extract -q --no-config "$tmp/deal.txt" | companies) || fail "--no-config exited $?"
	case $got in *"Zorblax Dynamics Inc"*) fail "--no-config still read ./finfig.yaml: '$got'" ;; esac
	got=$("$bin" extract -q --config "$tmp/mine.yaml" "$tmp/deal.txt" | companies) || fail "--config exited $?"
	[ "$got" = "Zorblax Dynamics Inc;Quuxworks" ] || fail "--config FILE not read: companies '$got'"
	# run reads it too
	(cd "$tmp/cwd" && "$bin" run -q "$tmp/deal.txt" -o "$tmp/out" >/dev/null 2>&1) || fail "run exited $?"
	grep -q '"Zorblax Dynamics Inc"' "$tmp/out/records.jsonl" || fail "run did not read ./finfig.yaml"
	# a bad config: exit 2, its line, no record written
	printf 'companies:\n  - name: X\n    aliase: [Y]\n' >"$tmp/bad.yaml"
	st=0
	"$bin" extract -q --config "$tmp/bad.yaml" "$tmp/deal.txt" >"$tmp/bad.out" 2>"$tmp/bad.err" || st=$?
	[ "$st" = 2 ] || fail "a bad config exited $st, not 2"
	grep -q -F "finfig: error: $tmp/bad.yaml:3: unknown key 'aliase'" "$tmp/bad.err" ||
		fail "no 'FILE:LINE: message' for a bad config: $(cat "$tmp/bad.err")"
	[ ! -s "$tmp/bad.out" ] || fail "records written despite a bad config"
	st=0
	"$bin" extract -q --config "$tmp/none.yaml" "$tmp/deal.txt" >/dev/null 2>"$tmp/none.err" || st=$?
	[ "$st" = 2 ] || fail "a missing --config exited $st, not 2"
	;;
*)
	echo "cli.sh: unknown check '$check'" >&2
	exit 2
	;;
esac
echo "cli $check: ok"
