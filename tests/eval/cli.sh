#!/bin/bash
# cli.sh — finfig eval on the hand-counted fixtures of tests/eval/ (see
# README.md there): JSON output, --explicit-only, stdin, bad gold files
# (one error line each, exit 1, the rest scored), usage errors.
# Usage: cli.sh FINFIG   (run from tests/eval)
set -u
finfig=$1
fail=0
check() { # check NAME EXPECTED_FILE ACTUAL_FILE
	if ! diff -u "$2" "$3"; then
		echo "FAIL: $1"
		fail=1
	fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$finfig" eval --gold gold records.jsonl --format json >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] || { echo "FAIL: exit status"; fail=1; }
check json expected.json "$tmp/out"
[ -s "$tmp/err" ] && { echo "FAIL: unexpected stderr"; cat "$tmp/err"; fail=1; }

"$finfig" eval --explicit-only --format=json --gold=gold - <records.jsonl >"$tmp/out"
check explicit-only expected-explicit.json "$tmp/out"

# Records as one JSON array on stdin give the same scores.
{ echo '['; sed '/^$/d; $!s/$/,/' records.jsonl; echo ']'; } | "$finfig" eval --gold gold --format json >"$tmp/out"
check array expected.json "$tmp/out"

"$finfig" eval --gold bad records.jsonl >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: bad gold: exit $rc, expected 1"; fail=1; }
check bad-gold expected-bad.txt "$tmp/out"
grep -q '^finfig: error: bad/broken.json:2: invalid JSON' "$tmp/err" || { echo "FAIL: broken.json message"; cat "$tmp/err"; fail=1; }
grep -q '^finfig: error: bad/novalue.json: bad gold file: money\[1\]' "$tmp/err" || { echo "FAIL: novalue.json message"; fail=1; }
[ "$(wc -l <"$tmp/err")" -eq 2 ] || { echo "FAIL: expected 2 error lines"; cat "$tmp/err"; fail=1; }

# A bad record line: reported with its line, the rest scored, exit 1.
{ head -n 3 records.jsonl; echo '{"type":"money","doc":"deal",'; tail -n +4 records.jsonl; } >"$tmp/rec"
"$finfig" eval --gold gold "$tmp/rec" --format json >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: bad record: exit $rc, expected 1"; fail=1; }
check bad-record expected.json <(sed 's/"bad_records":1/"bad_records":0/' "$tmp/out")
grep -q ":4: invalid JSON" "$tmp/err" || { echo "FAIL: bad record message"; cat "$tmp/err"; fail=1; }

# Usage errors exit 2; --help exits 0.
"$finfig" eval records.jsonl >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: no --gold should exit 2"; fail=1; }
"$finfig" eval --gold gold --format xml records.jsonl >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: bad --format should exit 2"; fail=1; }
"$finfig" eval --help | grep -q -- '--explicit-only' || { echo "FAIL: --help"; fail=1; }
"$finfig" eval --gold nonexistent records.jsonl >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || { echo "FAIL: missing gold dir should exit 1"; fail=1; }

[ $fail -eq 0 ] && echo "eval cli: all checks passed"
exit $fail
