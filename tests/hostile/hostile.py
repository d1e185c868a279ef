#!/usr/bin/env python3
"""hostile.py — run the hostile-input table (cases.md) against the finfig binary.

    hostile.py --bin PATH/finfig CASE...     run cases (each in a fresh temp dir)
    hostile.py --bin PATH/finfig --all       run every case
    hostile.py --list                        "NAME TIMEOUT" per case (for CMake)

Each row of the table in cases.md names a generator (a function below that
writes the hostile input into an empty directory at test time: nothing large
is committed, and the directory is deleted afterwards), the finfig
arguments (run from that directory), how to run it, and what must happen:
the exit status, the summary counts, a regular expression stderr must match,
and a time limit (a run that exceeds it is a hang, and fails).

Checked for every case besides the row's own expectations:
  - no sanitizer report or crash on stderr;
  - nothing lost: every skipped article and failed file is named in an
    error line ("finfig: error: ..."), so errors >= skipped + files failed;
  - read == processed + skipped (the summary adds up);
  - JSON Lines on stdout: every line parses as a JSON object.

Modes: run (plain), pipe (stdout closed after the first line: must end
quietly), sigterm / sigint (the signal arrives while the output is being
written: the process dies of it, no temporary file is left and an older
output file is untouched), unprivileged (run as "nobody" when root, so that
chmod 000 means something; skipped with status 77 when that is impossible).

Exit status: 0 pass, 1 fail, 77 skipped, 2 usage.
"""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77

# ---------------------------------------------------------------------------
# Generators: each writes its input into directory d. A generator may return
# a list of paths (relative to d) that must be left untouched by the run.
# ---------------------------------------------------------------------------


def w(d, name, data, mode="wb"):
    path = os.path.join(d, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


def jl(**kw):
    return (json.dumps(kw) + "\n").encode()


def gen_latin1(d):
    w(d, "latin1.txt", "Brent\n\nThe fund paid \xa3500m (\u20ac400m) for the stake.\n".encode("cp1252"))


def gen_utf16(d):
    w(d, "utf16.txt", b"\xff\xfe" + "Acme\n\nAcme paid $5m for the plant.\n".encode("utf-16-le"))


def gen_utf16_jsonl(d):
    text = '{"id":"w1","body":"Paid $5m."}\n{"id":"w2","body":"Paid \\u20ac7m."}\n'
    w(d, "wide.jsonl", b"\xfe\xff" + text.encode("utf-16-be"))


def gen_nul_bytes(d):
    w(d, "nul.txt", b"Title\n\nThe firm paid $5m\x00\x00 for the plant and \x00$3m for the land.\n")
    w(d, "nul.jsonl", jl(id="n1", body="Paid $4m.").replace(b"Paid", b"Pa\x00id"))


def gen_truncated_json(d):
    w(d, "dump.json", b'[{"id":"a","body":"Paid $5m."},{"id":"b","body":"Paid $')


def gen_truncated_jsonl(d):
    w(d, "feed.jsonl", jl(id="a", body="Paid $1m.") + b'{"id":"b","body":"Pai\n'
      + jl(id="c", body="Paid $3m.") + b'{"id":"d","bo')


def gen_broken_frontmatter(d):
    w(d, "post.md", b"---\ntitle: [unclosed\ndate: 2025-11-03\n---\nAcme paid $5m.\n")
    w(d, "ok.md", b"---\ntitle: Fine\n---\nAcme paid $6m.\n")


def gen_unclosed_frontmatter(d):
    w(d, "post.md", b"---\ntitle: No end\ndate: 2025-11-03\nAcme paid $5m.\n")


def gen_binary_txt(d):
    rnd = random.Random(7)
    w(d, "photo.txt", bytes(rnd.getrandbits(8) for _ in range(200000)))
    w(d, "ok.txt", b"Acme paid $5m.\n")


def big_line(d, name, head, size, tail):
    """head + size bytes of 'a'..'z' words + tail, written in chunks."""
    chunk = (b"abcdefgh $1 " * 8192)[:65536]
    with open(os.path.join(d, name), "wb") as f:
        f.write(head)
        left = size
        while left > 0:
            n = min(left, len(chunk))
            f.write(chunk[:n])
            left -= n
        f.write(tail)


def gen_huge_line_txt(d):
    big_line(d, "huge.txt", b"", 100 * 1024 * 1024, b"\n")
    w(d, "ok.txt", b"Acme paid $5m.\n")


def gen_huge_line_jsonl(d):
    with open(os.path.join(d, "feed.jsonl"), "wb") as f:
        f.write(jl(id="a", body="Paid $1m."))
    big_line(d, "big.tmp", b'{"id":"huge","body":"', 100 * 1024 * 1024, b'"}\n')
    with open(os.path.join(d, "feed.jsonl"), "ab") as f, open(os.path.join(d, "big.tmp"), "rb") as g:
        shutil.copyfileobj(g, f)
        f.write(jl(id="c", body="Paid $3m."))
    os.remove(os.path.join(d, "big.tmp"))


def gen_small_limit(d):
    w(d, "a.txt", b"Acme paid $5m. " * 100)
    w(d, "b.jsonl", jl(id="b1", body="Paid $1m.") + jl(id="b2", body="Paid $2m. " * 200))
    w(d, "c.sgm", b'<REUTERS NEWID="1"><TEXT><BODY>Paid 5 mln dlrs.</BODY></TEXT></REUTERS>\n'
      b'<REUTERS NEWID="2"><TEXT><BODY>' + b"Paid 6 mln dlrs. " * 100 + b"</BODY></TEXT></REUTERS>\n")


def gen_deep_json(d):
    w(d, "deep.json", b"[" * 1000000 + b"]" * 1000000)


def gen_deep_jsonl(d):
    w(d, "deep.jsonl", jl(id="a", body="Paid $1m.") + b'{"id":"x","body":' + b"[" * 500000
      + b"]" * 500000 + b"}\n" + jl(id="c", body="Paid $3m."))


def gen_yaml_alias_bomb(d):
    y = '---\nlol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 12):
        y += "lol%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 9))
    w(d, "bomb.md", (y + "title: Bomb\n---\nAcme paid $5m.\n").encode())
    w(d, "ok.md", b"---\ntitle: Fine\n---\nAcme paid $6m.\n")


def gen_yaml_anchor_only(d):
    w(d, "anchor.md", b"---\ntitle: &t Anchored\n---\nAcme paid $5m.\n")


def gen_symlink_loop(d):
    w(d, "news/a.txt", b"Acme paid $5m.\n")
    os.symlink("..", os.path.join(d, "news", "up"))
    os.symlink(".", os.path.join(d, "news", "self"))


def gen_symlink_self(d):
    w(d, "news/a.txt", b"Acme paid $5m.\n")
    os.symlink("b.txt", os.path.join(d, "news", "b.txt"))
    os.symlink("c.txt", os.path.join(d, "news", "d.txt"))
    os.symlink("d.txt", os.path.join(d, "news", "c.txt"))


def gen_unreadable(d):
    w(d, "news/a.txt", b"Acme paid $5m.\n")
    w(d, "news/secret.txt", b"Acme paid $6m.\n")
    os.chmod(os.path.join(d, "news", "secret.txt"), 0)
    os.makedirs(os.path.join(d, "news", "locked"))
    w(d, "news/locked/c.txt", b"Acme paid $7m.\n")
    os.chmod(os.path.join(d, "news", "locked"), 0)


def gen_fifo(d):
    w(d, "news/a.txt", b"Acme paid $5m.\n")
    os.mkfifo(os.path.join(d, "news", "pipe.txt"))
    os.mkfifo(os.path.join(d, "news", "pipe.bin"))


def gen_empty_files(d):
    for ext in ("txt", "md", "html", "jsonl", "json", "sgm"):
        w(d, "news/empty." + ext, b"")
    w(d, "news/blank.txt", b"\n\n  \n")
    w(d, "news/blank.jsonl", b"\n\n")


def gen_dir_named_txt(d):
    w(d, "x.txt/a.txt", b"Acme paid $5m.\n")
    os.makedirs(os.path.join(d, "y.jsonl"))


def gen_missing(d):
    w(d, "ok.txt", b"Acme paid $5m.\n")


def gen_digits(d):
    w(d, "digits.txt", ("The bill was $" + "9" * 5000 + ". Another was " + "1" * 5000
                        + " dollars. A third was $0." + "0" * 5000 + "1, the last \u00a3"
                        + "1," * 2500 + "5. Then $5m.\n").encode())


def gen_tiny(d):
    # Exact in 64 bits (1 * 10^-72) but with no plain form that fits a record.
    w(d, "tiny.txt", ("It cost $0." + "0" * 71 + "1 per unit. Then $5m.\n").encode())


def gen_digits_1m(d):
    w(d, "digits.txt", b"Paid $" + b"7" * 1000000 + b" bn and " + b"3." * 300000 + b"5 dollars.\n")


def gen_amounts_10000(d):
    w(d, "many.txt", " ".join("Item %d cost $%d.%02dm." % (i, i, i % 100) for i in range(1, 10001)).encode())


def gen_dollars(d):
    w(d, "dollars.txt", b"$" * 2000000)
    w(d, "signs.txt", "\u00a3\u20ac\u00a5$ ".encode() * 200000)


def gen_hyphens(d):
    w(d, "hyphens.txt", b"1-" * 500000 + b"1 dollars\n")
    w(d, "ranges.txt", b"$1 to " * 150000 + b"$2\n")


def gen_between(d):
    w(d, "between.txt", b"between " * 150000 + b"$5 and $6\n")
    w(d, "and.txt", b"$5 and " * 150000 + b"$6 dollars\n")


def gen_commas(d):
    w(d, "commas.txt", b"$1, " * 150000 + b"1 dollars\n")
    w(d, "numbers.txt", b"1,000 " * 300000 + b"dollars\n")


def gen_words(d):
    w(d, "word.txt", b"a" * 20000000 + b" $5m\n")
    w(d, "scales.txt", b"5 million " * 300000 + b"dollars\n")
    w(d, "dates.txt", b"last week on Monday in Q3 2025 " * 100000 + b"\n")


def gen_sgml_unclosed(d):
    w(d, "reut.sgm", b'<REUTERS NEWID="1">' * 200000 + b'<REUTERS NEWID="9"><BODY>Paid 5 mln dlrs.</BODY></REUTERS>\n')


def gen_html_flood(d):
    w(d, "page.html", b"<html><title>T</title>" + b"<div>" * 500000 + b"&#" * 500000
      + b"&amp" * 300000 + b"<p>Paid $5m.</p>\n")


def gen_many_files(d):
    for i in range(3000):
        w(d, "news/%04d/a%d.txt" % (i // 100, i), b"Acme paid $%dm.\n" % (i + 1))


def gen_strict(d):
    w(d, "1.jsonl", jl(id="a", body="Paid $1m.") + b'{"id":"b",\n' + jl(id="c", body="Paid $3m."))
    w(d, "2.txt", b"Acme paid $5m.\n")


def big_feed(d, name, n):
    with open(os.path.join(d, name), "wb") as f:
        for i in range(n):
            f.write(b'{"id":"b%d","title":"Item %d","body":"Firm %d paid $%d.%02dm (about \\u00a3%dm) for %d shares."}\n'
                    % (i, i, i, i % 900 + 1, i % 100, i % 700 + 1, i * 7))


def gen_pipe(d):
    big_feed(d, "big.jsonl", 40000)


def gen_signal_extract(d):
    big_feed(d, "big.jsonl", 400000)
    w(d, "out.csv", b"OLD\n")
    return ["out.csv"]


def gen_signal_run(d):
    big_feed(d, "big.jsonl", 400000)
    w(d, "out/records.csv", b"OLD\n")
    w(d, "out/records.jsonl", b"OLD\n")
    return ["out/records.csv", "out/records.jsonl"]


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------


def split_row(line):
    """Cells of a Markdown table row; '\\|' is a literal bar."""
    cells, cur, i = [], "", 0
    body = line.strip()[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] == "|":
            cur += "|"
            i += 2
            continue
        if body[i] == "|":
            cells.append(cur.strip())
            cur = ""
        else:
            cur += body[i]
        i += 1
    cells.append(cur.strip())
    return cells


def load_table():
    rows = []
    with open(os.path.join(HERE, "cases.md"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("| ") or line.startswith("| case") or line.startswith("| ---"):
                continue
            c = split_row(line)
            if len(c) != 9:
                sys.exit("hostile.py: bad row (%d cells): %s" % (len(c), line))
            name, gen, args, mode, status, counts, err, timeout, _why = c
            rows.append({
                "name": name, "gen": gen.strip("`"), "args": args.strip("`").split(),
                "mode": mode, "status": int(status), "counts": counts.strip("`"),
                "stderr": err.strip("`"), "timeout": float(timeout),
            })
    return rows


SUMMARY = re.compile(r"finfig: (\d+) articles read, (\d+) processed, (\d+) skipped[^;]*; .*?"
                     r"(\d+) of (\d+) files failed")


def check_stdout_jsonl(out, problems):
    for k, line in enumerate(out.splitlines()):
        try:
            if not isinstance(json.loads(line), dict):
                raise ValueError("not an object")
        except ValueError as e:
            problems.append("stdout line %d is not a JSON object (%s): %.120r" % (k + 1, e, line))
            return


def unprivileged_prefix(d):
    """The command prefix that runs as nobody when we are root, else []."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    os.chmod(d, 0o755)
    for root, dirs, files in os.walk(d):
        for x in dirs:
            p = os.path.join(root, x)
            if os.stat(p).st_mode & 0o777:
                os.chmod(p, 0o755)
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


def run_case(binary, row):
    problems = []
    d = tempfile.mkdtemp(prefix="finfig-hostile-")
    try:
        keep = globals()["gen_" + row["gen"].replace("-", "_")](d) or []
        before = {p: open(os.path.join(d, p), "rb").read() for p in keep}
        cmd = [binary] + [a.replace("{d}", d) for a in row["args"]]
        mode = row["mode"]
        if mode == "unprivileged":
            pre = unprivileged_prefix(d)
            if pre is None:
                print("hostile %s: SKIPPED (root, and no setpriv to drop privileges)" % row["name"])
                return SKIP
            cmd = pre + cmd
        env = dict(os.environ, LC_ALL="C", TZ="UTC")
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, cwd=d, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = err = b""
        try:
            if mode == "pipe":
                p.stdout.readline()
                p.stdout.close()
                err = p.stderr.read()
                p.wait(timeout=row["timeout"])
            elif mode in ("sigterm", "sigint"):
                # Wait for a temporary output file, then interrupt the run.
                deadline = t0 + row["timeout"]
                while time.monotonic() < deadline and p.poll() is None:
                    if any(".tmp." in f for _, _, fs in os.walk(d) for f in fs):
                        break
                    time.sleep(0.01)
                time.sleep(0.05)
                p.send_signal(signal.SIGTERM if mode == "sigterm" else signal.SIGINT)
                out, err = p.communicate(timeout=row["timeout"])
            else:
                out, err = p.communicate(timeout=row["timeout"])
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            problems.append("no result after %.0f s: a hang" % row["timeout"])
            return report(row, cmd, problems, b"")
        secs = time.monotonic() - t0
        err_s = err.decode("utf-8", "replace")
        out_s = out.decode("utf-8", "replace")
        want = row["status"]
        if mode in ("sigterm", "sigint"):
            want = -(signal.SIGTERM if mode == "sigterm" else signal.SIGINT)
        if p.returncode != want:
            problems.append("exit status %s, expected %s" % (p.returncode, want))
        if re.search(r"Sanitizer|runtime error:|Segmentation fault|core dumped|Aborted", err_s):
            problems.append("a crash or sanitizer report on stderr")
        if row["stderr"] != "-" and not re.search(row["stderr"], err_s, re.M):
            problems.append("stderr does not match /%s/" % row["stderr"])
        if row["counts"] != "-":
            m = SUMMARY.search(err_s)
            if not m:
                problems.append("no summary line")
            else:
                got = "%s/%s/%s/%s/%s" % m.groups()
                if got != row["counts"]:
                    problems.append("counts read/processed/skipped/failed/files %s, expected %s"
                                    % (got, row["counts"]))
                read, proc, skipped, failed = (int(x) for x in m.groups()[:4])
                if read != proc + skipped:
                    problems.append("read %d != processed %d + skipped %d" % (read, proc, skipped))
                errors = len(re.findall(r"^finfig: error: ", err_s, re.M))
                if errors < skipped + failed:
                    problems.append("%d skipped and %d failed files but only %d error lines: "
                                    "something was lost silently" % (skipped, failed, errors))
        if mode in ("run", "unprivileged") and "--format" not in row["args"] and "-o" not in row["args"]:
            check_stdout_jsonl(out_s, problems)
        if mode in ("sigterm", "sigint"):
            left = [f for _, _, fs in os.walk(d) for f in fs if ".tmp." in f]
            if left:
                problems.append("temporary files left behind: %s" % left)
            for path, data in before.items():
                full = os.path.join(d, path)
                if not os.path.exists(full) or open(full, "rb").read() != data:
                    problems.append("%s was changed by the interrupted run" % path)
        return report(row, cmd, problems, err, secs)
    finally:
        for root, dirs, files in os.walk(d):
            for x in dirs:
                try:
                    os.chmod(os.path.join(root, x), 0o755)
                except OSError:
                    pass
        shutil.rmtree(d, ignore_errors=True)


def report(row, cmd, problems, err, secs=0.0):
    if problems:
        print("hostile %s: FAIL (%s)" % (row["name"], " ".join(os.path.basename(c) if i == 0 else c
                                                               for i, c in enumerate(cmd))))
        for pr in problems:
            print("  " + pr)
        tail = err.decode("utf-8", "replace").splitlines()[-12:]
        print("  --- stderr (last lines):")
        for line in tail:
            print("  " + line[:300])
        return 1
    print("hostile %s: ok (%.2f s)" % (row["name"], secs))
    return 0


def main(argv):
    rows = load_table()
    if argv[1:2] == ["--list"]:
        for r in rows:
            print(r["name"], int(r["timeout"]))
        return 0
    if len(argv) < 4 or argv[1] != "--bin":
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(argv[2])
    names = argv[3:]
    by_name = {r["name"]: r for r in rows}
    todo = rows if names == ["--all"] else []
    for n in names if names != ["--all"] else []:
        if n not in by_name:
            print("hostile.py: no case %s" % n, file=sys.stderr)
            return 2
        todo.append(by_name[n])
    worst = 0
    for r in todo:
        rc = run_case(binary, r)
        if rc == 1 or (rc == SKIP and worst == 0):
            worst = rc
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv))
