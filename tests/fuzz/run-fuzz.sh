#!/usr/bin/env bash
# run-fuzz.sh BUILD_DIR TARGET SECONDS — fuzz one target on one core.
#
# BUILD_DIR is a clang build with FINFIG_FUZZ=ON (see README.md). The work
# corpus lives in BUILD_DIR/fuzz-work/TARGET (seeded from the committed
# tests/fuzz/corpus/TARGET), crashers and the log (fuzz-0.log)
# in BUILD_DIR/fuzz-artifacts/TARGET/.
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
# -jobs=1 runs the fuzzer in a child whose log is fuzz-0.log in the current directory.
cd "$art"
exec "$bin" "${dict[@]}" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
	-jobs=1 -workers=1 -print_final_stats=1 -artifact_prefix="$art/" \
	"$work" "$here/corpus/$target"
