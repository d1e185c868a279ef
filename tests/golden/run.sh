#!/usr/bin/env bash
# run.sh BINARY CASE — run one golden CLI case of tests/golden/cases.
#
# Run from tests/golden/ (the args use relative paths so the "source" field
# of the records is stable). Files of a case, all but .args optional:
#   cases/CASE.args    arguments of finfig, one per line ("extract" first)
#   cases/CASE.out     expected stdout, compared byte for byte
#   cases/CASE.status  expected exit status (default 0)
#   cases/CASE.err     lines that must each appear (as fixed strings) in stderr
#   cases/CASE.xfail   the case shows a known bug (the file says which): the
#                      run must FAIL; if it passes, this script fails so the
#                      marker is removed.
set -eu
export LC_ALL=C TZ=UTC

if [ $# -ne 2 ]; then
	echo "usage: run.sh BINARY CASE" >&2
	exit 2
fi
bin=$1
case_name=$2
dir=cases
[ -f "$dir/$case_name.args" ] || { echo "run.sh: no $dir/$case_name.args" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/finfig-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

args=()
while IFS= read -r line || [ -n "$line" ]; do
	args+=("$line")
done <"$dir/$case_name.args"

status=0
"$bin" "${args[@]}" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?

want_status=0
[ -f "$dir/$case_name.status" ] && want_status=$(tr -d ' \n' <"$dir/$case_name.status")

problems=()
if [ "$status" != "$want_status" ]; then
	problems+=("exit status $status, expected $want_status")
fi
if [ -f "$dir/$case_name.out" ] && ! cmp -s "$dir/$case_name.out" "$tmp/stdout"; then
	problems+=("stdout differs from $dir/$case_name.out:")
	problems+=("$(diff -u "$dir/$case_name.out" "$tmp/stdout" | head -40 || true)")
fi
if [ -f "$dir/$case_name.err" ]; then
	while IFS= read -r want || [ -n "$want" ]; do
		[ -z "$want" ] && continue
		if ! grep -qF -- "$want" "$tmp/stderr"; then
			problems+=("stderr lacks: $want")
		fi
	done <"$dir/$case_name.err"
fi

if [ -f "$dir/$case_name.xfail" ]; then
	if [ ${#problems[@]} -eq 0 ]; then
		echo "golden $case_name: PASSED but is marked xfail ($(head -1 "$dir/$case_name.xfail")); remove the .xfail file" >&2
		exit 1
	fi
	echo "golden $case_name: expected failure: $(head -1 "$dir/$case_name.xfail")"
	printf '%s\n' "${problems[@]}"
	exit 0
fi

if [ ${#problems[@]} -ne 0 ]; then
	echo "golden $case_name: FAIL ($bin ${args[*]})" >&2
	printf '%s\n' "${problems[@]}" >&2
	echo "--- stderr:" >&2
	cat "$tmp/stderr" >&2
	exit 1
fi
echo "golden $case_name: ok"
