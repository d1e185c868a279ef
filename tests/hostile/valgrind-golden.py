#!/usr/bin/env python3
"""valgrind-golden.py BUILD_DIR — the golden tests under valgrind memcheck.

Asks CTest for every test labelled "golden" in BUILD_DIR (their commands
and working directories) and runs each with a wrapper in place of the
finfig binary that runs finfig under valgrind: a memory error or a
definite/indirect leak makes finfig exit 97, so the golden check fails
(its outputs are compared as usual), and every valgrind report is printed
even when the check tolerated the exit status. Exit 0 when all pass.

    .ci/run:  tests/hostile/valgrind-golden.py build-ci
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build = os.path.abspath(sys.argv[1])
    if not shutil.which("valgrind"):
        sys.exit("valgrind-golden.py: valgrind is not installed")
    info = json.loads(subprocess.run(
        ["ctest", "--test-dir", build, "--show-only=json-v1", "-L", "golden"],
        check=True, capture_output=True, text=True).stdout)
    finfig = os.path.join(build, "finfig")
    tmp = tempfile.mkdtemp(prefix="finfig-vg-")
    try:
        logs = os.path.join(tmp, "logs")
        os.mkdir(logs)
        wrapper = os.path.join(tmp, "finfig")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nexec valgrind -q --error-exitcode=97 --leak-check=full "
                    "--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect "
                    "--log-file=%s/vg.%%p.log %s \"$@\"\n" % (logs, finfig))
        os.chmod(wrapper, 0o755)
        env = dict(os.environ, LC_ALL="C", TZ="UTC")
        failed, t0 = [], time.monotonic()
        for t in info["tests"]:
            cmd = [wrapper if os.path.realpath(a) == os.path.realpath(finfig) else a
                   for a in t["command"]]
            if wrapper not in cmd:
                continue  # a golden test that does not run finfig
            cwd = next((p["value"] for p in t.get("properties", [])
                        if p["name"] == "WORKING_DIRECTORY"), build)
            try:
                r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)
                ok, out = r.returncode == 0, r.stdout + r.stderr
            except subprocess.TimeoutExpired:
                ok, out = False, "timed out"
            print("valgrind-golden %s: %s" % (t["name"], "ok" if ok else "FAIL"), flush=True)
            if not ok:
                failed.append(t["name"])
                print("\n".join("  " + l for l in out.splitlines()[-30:]))
        reports = [p for p in sorted(glob.glob(os.path.join(logs, "vg.*.log"))) if os.path.getsize(p)]
        for p in reports:
            print("valgrind report %s:" % os.path.basename(p))
            with open(p) as f:
                print("".join("  " + l for l in f.readlines()[:60]))
        print("valgrind-golden: %d tests, %d finfig runs under valgrind, %d failed, %d reports, %.0f s"
              % (len(info["tests"]), len(os.listdir(logs)), len(failed), len(reports),
                 time.monotonic() - t0))
        return 1 if failed or reports else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
