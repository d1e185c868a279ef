#!/bin/bash
# Build and run every test (unit, spec, golden, conformance when ../shared
# is present). Usage: scripts/test.sh [BUILD_DIR] [extra cmake options...]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DFINFIG_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
# ctest hides the output of passing tests: show the conformance rate table (tests/eval/rates.sh).
trap 'cat "$dir/conformance-rates.txt" 2>/dev/null || true' EXIT
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)" -LE bench
