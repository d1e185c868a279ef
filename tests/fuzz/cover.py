#!/usr/bin/env python3
"""cover.py CONTROL_FILE OUTDIR CAP — pick a small corpus by greedy edge cover.

A libFuzzer merge keeps one input per new feature, which for the targets
that reach the whole library (extract, money) is more than a thousand files.
This picks at most CAP of them: each step the input that covers the most
edges not yet covered (ties: the smaller file), until CAP inputs or no
input adds an edge. CONTROL_FILE is the file a merge wrote with
-merge_control_file (its "COV" lines list each input's edges):

    fuzz_extract -merge=1 -use_counters=0 -use_cmp=0 \\
        -merge_control_file=/tmp/extract.ctl /tmp/empty WORK_CORPUS...
    tests/fuzz/cover.py /tmp/extract.ctl /tmp/extract-min 400
"""
import os
import shutil
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ctl, outdir, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(ctl) as f:
        lines = f.read().split("\n")
    n = int(lines[0])
    files = lines[2:2 + n]
    cov = {}
    for line in lines[2 + n:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "COV":
            cov[int(parts[1])] = set(int(x) for x in parts[2:])
    covered, chosen = set(), []
    while len(chosen) < cap:
        best, gain = None, 0
        for i, edges in cov.items():
            g = len(edges - covered)
            if g > gain or (g == gain and g > 0 and
                            os.path.getsize(files[i]) < os.path.getsize(files[best])):
                best, gain = i, g
        if best is None:
            break
        chosen.append(best)
        covered |= cov[best]
    total = set().union(*cov.values()) if cov else set()
    os.makedirs(outdir, exist_ok=True)
    for i in chosen:
        shutil.copy(files[i], os.path.join(outdir, os.path.basename(files[i])))
    print("cover.py: %d of %d inputs, %d of %d edges" % (len(chosen), len(cov), len(covered), len(total)))


if __name__ == "__main__":
    main()
