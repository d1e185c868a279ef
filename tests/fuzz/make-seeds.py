#!/usr/bin/env python3
"""make-seeds.py OUTDIR — write the seed inputs of every fuzz target.

Seeds come from the project's own examples: the article texts of
tests/spec/*.spec, the dates of tests/unit/test_date.c, the golden inputs of
tests/golden/inputs/, the reader fixtures of tests/unit/fixtures/source/ and
the sample articles of data/samples/.
Each target gets OUTDIR/<target>/ with the input layout its fuzz_<target>.c
describes (leading bytes that choose a format or a date, then the file).

The committed corpora (tests/fuzz/corpus/<target>/) were made by fuzzing
from these seeds and minimising (see README.md); this script is how to start
over. Deterministic: the same files on every run.
"""
import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)


def spec_texts():
    """The article text of every case of tests/spec/*.spec."""
    out = []
    spec_dir = os.path.join(TESTS, "spec")
    for name in sorted(os.listdir(spec_dir)):
        if not name.endswith(".spec"):
            continue
        with open(os.path.join(spec_dir, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            if lines[i].startswith("### "):
                i += 1
                if i < len(lines) and lines[i].startswith("published:"):
                    i += 1
                body = []
                while i < len(lines) and lines[i] != ".":
                    body.append(lines[i])
                    i += 1
                out.append("\n".join(body).encode("utf-8"))
            i += 1
    return out


def date_texts():
    """The first string argument of every D(...) case in test_date.c."""
    path = os.path.join(TESTS, "unit", "test_date.c")
    with open(path, encoding="utf-8") as f:
        src = f.read()
    return [m.group(1).encode("utf-8") for m in re.finditer(r'\bD\("((?:[^"\\]|\\.)*)"', src)]


def files_in(*parts):
    """(name, bytes) of the regular files of a directory, recursively."""
    top = os.path.join(TESTS, *parts)
    out = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            with open(os.path.join(root, name), "rb") as f:
                out.append((name, f.read()))
    return out


def write(outdir, target, data):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-seeds.py OUTDIR")
    out = sys.argv[1]
    specs = spec_texts()
    golden = files_in("golden", "inputs")
    fixtures = files_in("unit", "fixtures", "source")
    samples = files_in("..", "data", "samples")
    files = golden + fixtures + samples
    by_ext = lambda *exts: [b for n, b in files if n.endswith(exts)]
    for t in specs:
        write(out, "money", t)
        # published 1987-03-xx, then 2025-11-xx
        write(out, "extract", b"\x03\x07" + t)
    for t in date_texts() + specs[:40]:
        write(out, "date", b"\x03\x57\x02" + t)   # 1987-03-04
        write(out, "date", b"\x00\x00\x00" + t)   # publication date unknown
    for b in by_ext(".txt"):
        write(out, "extract", b"\x0b\x2d" + b)
    for b in by_ext(".md"):
        write(out, "frontmatter", b)
    for b in by_ext(".jsonl"):
        write(out, "json", b"\x00" + b)
    for b in by_ext(".json"):
        write(out, "json", b"\x01" + b)
    for b in by_ext(".sgm"):
        write(out, "sgml", b)
    formats = {".txt": 1, ".md": 2, ".jsonl": 3, ".json": 4, ".sgm": 5, ".html": 6}
    for n, b in files:
        ext = os.path.splitext(n)[1]
        if ext in formats:
            write(out, "stream", bytes([formats[ext], 0]) + b)
            write(out, "stream", bytes([0, 4]) + b)   # sniffed, 64-byte limit


if __name__ == "__main__":
    main()
