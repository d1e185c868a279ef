#!/usr/bin/env bash
# run-fuzz.sh BUILD_DIR TARGET SECONDS — fuzz one target on one core.
#
# BUILD_DIR is a clang build with FINFIG_FUZZ=ON (see README.md). The work
# corpus lives in BUILD_DIR/fuzz-work/TARGET (seeded from the committed
# tests/fuzz/corpus/TARGET), crashers and the log of each run
# (run-YYYYmmddTHHMMSS.log) in BUILD_DIR/fuzz-artifacts/TARGET/; each run
# also appends one line to BUILD_DIR/fuzz-ledger.tsv (target, start,
# seconds asked, seconds run, executions, exec/s, new units, status), the
# record from which tests/fuzz/FINDINGS.md counts the fuzzing time.
# The limits are the ones of the hostile-input issue: 5 s per input,
# 2 GB of memory, inputs up to 64 KiB.
set -eu
if [ $# -ne 3 ]; then
	echo "usage: run-fuzz.sh BUILD_DIR TARGET SECONDS" >&2
	exit 2
fi
build=$(cd "$1" && pwd) target=$2 secs=$3
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/tests/fuzz_$target
[ -x "$bin" ] || { echo "run-fuzz.sh: no $bin (build with -DFINFIG_FUZZ=ON)" >&2; exit 2; }
work=$build/fuzz-work/$target
art=$build/fuzz-artifacts/$target
mkdir -p "$work" "$art"
dict=()
[ -f "$here/dict/$target.dict" ] && dict=(-dict="$here/dict/$target.dict")
export LC_ALL=C TZ=UTC
stamp=$(date -u +%Y%m%dT%H%M%S)
log=$art/run-$stamp.log
t0=$(date +%s)
status=0
"$bin" "${dict[@]}" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
	-print_final_stats=1 -artifact_prefix="$art/" \
	"$work" "$here/corpus/$target" 2>"$log" || status=$?
t1=$(date +%s)
stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
ledger=$build/fuzz-ledger.tsv
[ -f "$ledger" ] || printf 'target\tstart_utc\tasked_s\tran_s\texecs\texec_per_s\tnew_units\tstatus\n' >"$ledger"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$stamp" "$secs" "$((t1 - t0))" \
	"$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" "$(stat new_units_added)" \
	"$([ $status -eq 0 ] && echo ok || echo "exit $status (see $log)")" >>"$ledger"
tail -3 "$log"
exit $status
