#!/usr/bin/env python3
"""ledger.py LEDGER.tsv — fuzzing time per target from run-fuzz.sh's ledger.

Prints a Markdown table: runs, seconds fuzzed (wall clock, as libFuzzer
counts -max_total_time), executions and the statuses of the runs. A run
whose status is not "ok" ended early (a crash or timeout, see its log);
its seconds still count, since they were fuzzed. Seconds listed in
PAUSED (target=seconds, comma-separated, from the environment) are taken
off: time when the fuzzer was stopped by hand is no fuzzing.
"""
import csv
import os
import sys


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    paused = {}
    for item in filter(None, os.environ.get("PAUSED", "").split(",")):
        t, s = item.split("=")
        paused[t] = paused.get(t, 0) + int(s)
    rows = {}
    with open(sys.argv[1], newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            t = rows.setdefault(r["target"], {"runs": 0, "secs": 0, "execs": 0, "notes": []})
            t["runs"] += 1
            t["secs"] += int(r["ran_s"])
            t["execs"] += int(r["execs"] or 0)
            if not r["status"].startswith("ok"):
                t["notes"].append(r["start_utc"] + ": " + r["status"].split(" (")[0])
    print("| target | runs | minutes fuzzed | executions | runs that ended early |")
    print("|---|---|---|---|---|")
    total = 0
    for name in sorted(rows):
        t = rows[name]
        secs = t["secs"] - paused.get(name, 0)
        total += secs
        print(f"| {name} | {t['runs']} | {secs / 60:.1f} | {t['execs']:,} | {'; '.join(t['notes']) or '-'} |")
    print(f"| all | | {total / 60:.1f} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
