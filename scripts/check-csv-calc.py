#!/usr/bin/env python3
"""Check that finfig's CSV files open in LibreOffice Calc as numbers, dates
and UTF-8 text, with no import options.

Usage: scripts/check-csv-calc.py [--utf8] FILE.csv...

Each file is converted with `libreoffice --headless --convert-to xlsx`,
with no import options (or, with --utf8, with only the character set set
to UTF-8: the headless import takes the "system" character set, which is
Windows-1252 here even in a UTF-8 locale, while the import dialog of a
desktop Calc offers UTF-8), and every cell of the result is compared with
the CSV text (read with Python's csv module):
  - a plain decimal ("38000000000", "0.15") must be a numeric cell of the
    same value (Calc holds IEEE doubles: values with more than 15
    significant digits are compared to 15 digits, and counted);
  - an ISO date ("2025-11-03") must be a numeric cell with a date format,
    the right day;
  - anything else must be a text cell with the same characters (so "£",
    "€" and accents survive, and ids like "business/001#m1" are not
    mangled);
  - "true"/"false" may become booleans;
  - an empty field must be an empty cell.
Prints one line per file and exits 1 when a cell is wrong. Needs the
`libreoffice-calc-nogui` package (or any LibreOffice).
"""
import csv
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from xml.etree import ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
NUM = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Built-in number formats that show dates (ECMA-376 18.8.30).
DATE_FMT_IDS = set(range(14, 23)) | {45, 46, 47}


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx(path):
    """Rows of (kind, value): kind 'n' number (value text), 'd' date-styled
    number, 's' string, None empty."""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    custom = {}
    nf = styles.find("m:numFmts", NS)
    if nf is not None:
        for f in nf.findall("m:numFmt", NS):
            custom[int(f.get("numFmtId"))] = f.get("formatCode")
    xfs = [int(x.get("numFmtId", "0")) for x in styles.find("m:cellXfs", NS).findall("m:xf", NS)]

    def is_date_style(s):
        fid = xfs[s] if s < len(xfs) else 0
        if fid in DATE_FMT_IDS:
            return True
        code = custom.get(fid, "")
        return bool(re.search(r"[yY].*[mM]|[mM].*[dD]", re.sub(r'"[^"]*"', "", code)))

    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for r in sheet.iter("{%s}row" % NS["m"]):
        row = {}
        for c in r.findall("m:c", NS):
            t = c.get("t", "n")
            v = c.find("m:v", NS)
            isv = c.find("m:is", NS)
            i = col_index(c.get("r"))
            if t == "s":
                row[i] = ("s", shared[int(v.text)])
            elif t == "inlineStr":
                row[i] = ("s", "".join(x.text or "" for x in isv.iter("{%s}t" % NS["m"])))
            elif t in ("str",):
                row[i] = ("s", v.text or "")
            elif v is not None:
                row[i] = ("d" if is_date_style(int(c.get("s", "0"))) else "n", v.text)
        rows.append([row.get(i, (None, None)) for i in range(max(row) + 1)] if row else [])
    return rows


def same_number(csv_text, cell_text):
    a, b = Decimal(csv_text), Decimal(cell_text)
    if a == b:
        return True, False
    digits = len(csv_text.replace("-", "").replace(".", "").lstrip("0"))
    if digits > 15 and b != 0 and abs(a - b) / abs(a) < Decimal("1e-14"):
        return True, True
    return False, False


def check(path, outdir, utf8):
    cmd = ["libreoffice", "--headless"]
    if utf8:
        cmd.append("--infilter=Text - txt - csv (StarCalc):44,34,76,1")
    subprocess.run(cmd + ["--convert-to", "xlsx", "--outdir", outdir, path], check=True,
                   capture_output=True)
    x = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".xlsx")
    got = read_xlsx(x)
    with open(path, newline="", encoding="utf-8") as f:
        want = list(csv.reader(f))
    problems, counts, rounded = [], {"number": 0, "date": 0, "text": 0, "empty": 0}, 0
    for ri, row in enumerate(want):
        grow = got[ri] if ri < len(got) else []
        for ci, text in enumerate(row):
            kind, val = grow[ci] if ci < len(grow) else (None, None)
            where = f"{os.path.basename(path)}:{ri + 1}:{want[0][ci] if ci < len(want[0]) else ci}"
            if text == "":
                counts["empty"] += 1
                if kind is not None and val not in ("", None):
                    problems.append(f"{where}: empty field became {val!r}")
            elif ri > 0 and NUM.match(text):
                counts["number"] += 1
                ok, approx = (kind == "n" and same_number(text, val)) or (False, False)
                rounded += approx
                if not ok:
                    problems.append(f"{where}: {text!r} is {kind} {val!r}, not the number")
            elif ri > 0 and DATE.match(text):
                counts["date"] += 1
                day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(float(val or "0")))
                # Calc counts days before 1582-10-15 in the Julian calendar:
                # there only the cell type is checked.
                julian = text < "1582-10-15"
                if kind != "d" or (day.isoformat() != text and not julian):
                    problems.append(f"{where}: {text!r} is {kind} {val!r}, not that date")
            elif ri > 0 and text in ("true", "false") and kind == "n":
                counts["text"] += 1  # Calc made it a boolean: fine
                if val != ("1" if text == "true" else "0"):
                    problems.append(f"{where}: {text!r} became {val!r}")
            else:
                counts["text"] += 1
                want_text = text[1:] if text[:1] == "'" and text[1:2] in "=+-@" else text
                if kind != "s" or val != want_text:
                    problems.append(f"{where}: {text!r} is {kind} {val!r}")
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    print(f"{path}: {len(want)} rows; {summary}; {rounded} numbers over 15 digits kept to "
          f"Calc's 15; {len(problems)} problems")
    for p in problems[:10]:
        print("  " + p)
    return not problems


def main():
    args = sys.argv[1:]
    utf8 = bool(args) and args[0] == "--utf8"
    if utf8:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    if not shutil.which("libreoffice"):
        sys.exit("check-csv-calc: libreoffice not found (apt-get install libreoffice-calc-nogui)")
    ok = True
    with tempfile.TemporaryDirectory() as d:
        os.environ.setdefault("HOME", d)
        for p in args:
            ok &= check(p, d, utf8)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
