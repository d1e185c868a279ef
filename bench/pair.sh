#!/bin/bash
# Paired timing of two finfig binaries on Reuters-21578 (one thread):
# alternating whole runs pinned to one core, the order swapped every pair;
# prints both means and the mean difference B - A with its standard error.
# A change of under 1 % is lost in the drift between batches of best-of-N
# runs (bench/run.sh); pairing cancels the drift.
# Usage: bench/pair.sh BIN_A BIN_B [PAIRS [SHARED_DIR [extract options...]]]
#   e.g. bench/pair.sh /tmp/finfig-old build-bench/finfig 30 ../shared --no-link
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,9p "$0" >&2; exit 2; }
a=$1 b=$2 pairs=${3:-30} shared=${4:-../shared}
shift $(($# < 4 ? $# : 4))
reuters=("$shared"/corpora/reuters21578/reut2-*.sgm)
[ -e "${reuters[0]}" ] || { echo "pair: no corpora under $shared" >&2; exit 1; }
run() { # binary [options] -> milliseconds
	local bin=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	taskset -c 1 "$bin" extract --jobs 1 -q "$@" "${reuters[@]}" >/dev/null 2>&1 || true
	t1=$EPOCHREALTIME
	python3 -c "print(($t1 - $t0) * 1000)"
}
ta=() tb=()
for ((r = 0; r < pairs; r++)); do
	if ((r % 2)); then
		ta+=("$(run "$a" "$@")") tb+=("$(run "$b" "$@")")
	else
		tb+=("$(run "$b" "$@")") ta+=("$(run "$a" "$@")")
	fi
done
python3 - "${ta[*]}" "${tb[*]}" <<'PY'
import math, statistics as st, sys
a = [float(x) for x in sys.argv[1].split()]
b = [float(x) for x in sys.argv[2].split()]
d = [y - x for x, y in zip(a, b)]
se = st.stdev(d) / math.sqrt(len(d)) if len(d) > 1 else float("nan")
print(f"A {st.mean(a):.1f} ms, B {st.mean(b):.1f} ms (means of {len(a)}); "
      f"B - A {st.mean(d):+.2f} +- {se:.2f} ms (standard error), median {st.median(d):+.2f}")
PY
