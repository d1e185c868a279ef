#!/usr/bin/env python3
"""Validate held-out BBC gold files against their source articles (text only, no finfig).

Usage: python3 check.py [file.json ...]   (default: all bbc/*.json next to this script)
Checks: valid JSON; required keys; doc == file stem; source path exists; each money `text`
occurs in the article in order (whitespace-normalised, searched after the previous mention);
each org name occurs in the article (case-sensitive); each party is a name listed in some org;
ranges have min/max (min <= max) and qualifier "range", others have value and no min/max;
currency is a 3-letter code; qualifier in the allowed set; explicit is a bool; no duplicate names.
"""
import glob, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.join(os.environ.get("FINFIG_SHARED", "/work/shared"), "corpora")
QUALS = {None, "approx", "over", "under", "up_to", "at_least", "nearly", "range"}
norm = lambda s: re.sub(r"\s+", " ", s)

def check(path):
    errs = []
    try:
        d = json.load(open(path, encoding="utf-8"))
    except Exception as e:
        return [f"invalid JSON: {e}"]
    stem = os.path.splitext(os.path.basename(path))[0]
    for k in ("doc", "published", "source", "money", "orgs"):
        if k not in d:
            errs.append(f"missing key {k}")
    if errs:
        return errs
    if d["doc"] != stem:
        errs.append(f"doc {d['doc']!r} != file stem {stem!r}")
    if d["published"] is not None:
        errs.append("published should be null")
    src = os.path.join(CORPORA, d["source"])
    if not os.path.exists(src):
        return errs + [f"source not found: {src}"]
    text = norm(open(src, encoding="utf-8").read())
    names = set()
    for i, o in enumerate(d["orgs"]):
        if o.get("type") not in ("company", "other"):
            errs.append(f"org {i}: bad type {o.get('type')!r}")
        if not o.get("names"):
            errs.append(f"org {i}: no names")
        for n in o.get("names", []):
            if n in names:
                errs.append(f"org name listed twice: {n!r}")
            names.add(n)
            if norm(n) not in text:
                errs.append(f"org name not in article: {n!r}")
    pos = 0
    for i, m in enumerate(d["money"]):
        t = norm(m.get("text", ""))
        j = text.find(t, pos)
        if not t or j < 0:
            where = "anywhere" if text.find(t) < 0 else "in order"
            errs.append(f"money {i}: text {m.get('text')!r} not found {where}")
        else:
            pos = j + len(t)
        cur = m.get("currency")
        if not (isinstance(cur, str) and re.fullmatch(r"[A-Z]{3}", cur)):
            errs.append(f"money {i}: bad currency {cur!r}")
        if not isinstance(m.get("explicit"), bool):
            errs.append(f"money {i}: explicit not bool")
        if "unit" not in m:
            errs.append(f"money {i}: missing unit")
        q = m.get("qualifier", "MISSING")
        if q not in QUALS:
            errs.append(f"money {i}: bad qualifier {q!r}")
        if q == "range":
            if not all(isinstance(m.get(k), (int, float)) for k in ("min", "max")):
                errs.append(f"money {i}: range without numeric min/max")
            elif m["min"] > m["max"]:
                errs.append(f"money {i}: min > max")
            if "value" in m:
                errs.append(f"money {i}: range has value")
        else:
            if not isinstance(m.get("value"), (int, float)) or isinstance(m.get("value"), bool):
                errs.append(f"money {i}: no numeric value")
            if "min" in m or "max" in m:
                errs.append(f"money {i}: min/max without qualifier range")
        if not isinstance(m.get("parties"), list):
            errs.append(f"money {i}: parties not a list")
        else:
            for p in m["parties"]:
                if p not in names:
                    errs.append(f"money {i}: party {p!r} not an org name")
    return errs

files = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "..", "bbc", "*.json")))
bad = 0
for f in files:
    e = check(f)
    bad += bool(e)
    print(f"{os.path.basename(f)}: {'OK' if not e else 'FAIL'}")
    for x in e:
        print("   ", x)
print(f"{len(files)} files, {bad} with errors")
sys.exit(1 if bad else 0)
