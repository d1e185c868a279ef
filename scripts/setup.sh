#!/bin/bash
# The main job from a fresh Debian machine: install what is missing, build,
# and run finfig on the sample articles in data/samples into ./finfig-out.
# Usage: scripts/setup.sh   (as root, or with sudo available)
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(build-essential cmake pkg-config libpcre2-dev libjansson-dev libyaml-dev
      gnuplot-nox iso-codes python3 parallel)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
./build/finfig run data/samples -o finfig-out
echo "records: finfig-out/records.jsonl, finfig-out/records.csv"
