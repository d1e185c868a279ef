#!/usr/bin/env python3
"""Build data/fx-monthly.tsv: one exchange rate against the US dollar per
currency per month, from the reference files in ../shared/reference/fx/.

Usage: scripts/build-fx.py [--ref DIR] [--out FILE] [--check-only]

Sources, in order of preference for a (month, currency):
  h10         Federal Reserve H.10 monthly averages (via FRED, datahub
              packaging), 1971-01 onwards. Copied as published.
  ecb         ECB euro reference rates (daily, 1999-01 onwards), for the
              currencies H.10 does not quote: the monthly average of the
              daily cross rate (units per EUR) / (USD per EUR), rounded to
              8 significant digits.
  euro_fixed  a euro predecessor after it joined the euro: its irrevocable
              rate (per_eur of data/currencies.tsv) times the month's EUR
              rate. An exact product, no rounding.
  par:BEF     the Luxembourg franc before 1999 (at par with the Belgian franc
              in the Belgium-Luxembourg monetary association).
  par:EUR     the ECU from 1999 (replaced by the euro one for one).
  ecu_basket  the ECU 1979-03 .. 1998-12: the sum of its basket amounts,
              each converted at its H.10 monthly average, rounded to 8
              significant digits (USD per ECU).

Direction. The datahub packaging documents five H.10 series (AUD, EUR, IEP,
NZD, GBP) as "USD per unit", but in the files as packaged every series is in
units per USD (GBP 0.4157 in 1971-01, EUR 0.8627 in 1999-01). The script
does not trust either statement: it compares every H.10 series that the ECB
also quotes (directly or through a fixed euro rate) with the ECB monthly
average and stops if a series is off by more than 3 % in its stated
direction. Series without ECB overlap get a range check.

Every number is handled as decimal text (Python's decimal module); no binary
floating point touches a rate. Output is sorted and deterministic: running
the script twice gives the same bytes.
"""
import argparse
import csv
import os
import sys
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_EVEN, getcontext

getcontext().prec = 40

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# H.10 country names (datahub) -> ISO 4217 code. Venezuela is handled apart.
H10_CODES = {
    "Australia": "AUD", "Austria": "ATS", "Belgium": "BEF", "Brazil": "BRL",
    "Canada": "CAD", "China": "CNY", "Denmark": "DKK", "Euro": "EUR",
    "Finland": "FIM", "France": "FRF", "Germany": "DEM", "Greece": "GRD",
    "Hong Kong": "HKD", "India": "INR", "Ireland": "IEP", "Italy": "ITL",
    "Japan": "JPY", "Malaysia": "MYR", "Mexico": "MXN", "Netherlands": "NLG",
    "New Zealand": "NZD", "Norway": "NOK", "Portugal": "PTE", "Singapore": "SGD",
    "South Africa": "ZAR", "South Korea": "KRW", "Spain": "ESP", "Sri Lanka": "LKR",
    "Sweden": "SEK", "Switzerland": "CHF", "Taiwan": "TWD", "Thailand": "THB",
    "United Kingdom": "GBP",
}

# The Fed's Venezuela series changes unit with each redenomination; the
# values are the official rate in the unit of the time, except 1995-2007,
# which FRED restated in bolivares fuertes (1 VEF = 1000 VEB). The month of
# the 2018 change (2018-08) mixes two units and is left out.
VENEZUELA = [
    # (first month, last month, code, multiplier to get units of code per USD)
    ("1995-01", "2007-12", "VEB", Decimal(1000)),
    ("2008-01", "2018-07", "VEF", Decimal(1)),
    ("2018-09", "2021-10", "VES", Decimal(1)),
    ("2021-11", "9999-12", "VED", Decimal(1)),
]

# Months a euro predecessor's fixed rate applies from (euro adoption).
EURO_ADOPTION = {
    "ATS": "1999-01", "BEF": "1999-01", "DEM": "1999-01", "ESP": "1999-01",
    "FIM": "1999-01", "FRF": "1999-01", "IEP": "1999-01", "ITL": "1999-01",
    "LUF": "1999-01", "NLG": "1999-01", "PTE": "1999-01", "GRD": "2001-01",
    "SIT": "2007-01", "CYP": "2008-01", "MTL": "2008-01", "SKK": "2009-01",
    "EEK": "2011-01", "LVL": "2014-01", "LTL": "2015-01", "HRK": "2023-01",
}

# ECU basket: amounts of each currency in one ECU (Council Regulations (EEC)
# 3180/78, 2626/84 and 1971/89), with the first month each composition is
# used for. The changes took effect on 1984-09-17 and 1989-09-21; a month
# uses the composition in force on its 15th day, so both September months
# still use the older basket.
ECU_BASKETS = [
    ("1979-03", {
        "DEM": "0.828", "FRF": "1.15", "GBP": "0.0885", "ITL": "109", "NLG": "0.286",
        "BEF": "3.66", "LUF": "0.14", "DKK": "0.217", "IEP": "0.00759"}),
    ("1984-10", {
        "DEM": "0.719", "FRF": "1.31", "GBP": "0.0878", "ITL": "140", "NLG": "0.256",
        "BEF": "3.71", "LUF": "0.14", "DKK": "0.219", "IEP": "0.00871", "GRD": "1.15"}),
    ("1989-10", {
        "DEM": "0.6242", "FRF": "1.332", "GBP": "0.08784", "ITL": "151.8", "NLG": "0.2198",
        "BEF": "3.301", "LUF": "0.130", "DKK": "0.1976", "IEP": "0.008552", "GRD": "1.440",
        "ESP": "6.885", "PTE": "1.393"}),
]
ECU_LAST = "1998-12"

# Plausible units per USD for series the ECB does not quote (direction check).
RANGE_CHECK = {"TWD": (Decimal(20), Decimal(50)), "LKR": (Decimal(5), Decimal(400)),
               "GRD": (Decimal(20), Decimal(500))}


def sig_round(d, digits):
    """Round a positive Decimal to `digits` significant digits, halves to even."""
    if d == 0:
        return d
    exp = d.adjusted() - digits + 1
    return d.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_EVEN)


def plain(d):
    """Decimal as plain text without exponent or trailing zeros."""
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def read_h10(path):
    """{code: {month: Decimal units per USD}} as published."""
    out = defaultdict(dict)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            val = row["Exchange rate"].strip()
            if not val:
                continue
            month = row["Date"][:7]
            country = row["Country"]
            rate = Decimal(val)
            if rate <= 0:
                sys.exit(f"build-fx: non-positive rate {val} for {country} {month}")
            if country == "Venezuela":
                for first, last, code, mult in VENEZUELA:
                    if first <= month <= last:
                        out[code][month] = (rate * mult, val)
                continue
            code = H10_CODES.get(country)
            if not code:
                sys.exit(f"build-fx: unknown H.10 country {country!r}")
            out[code][month] = (rate, val)
    return out


def read_ecb(path):
    """{code: {month: [Decimal units per USD, one per day]}} and the months of
    the EUR itself as {month: [EUR per USD]}."""
    cross = defaultdict(lambda: defaultdict(list))
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = [h.strip() for h in next(rows)]
        for row in rows:
            if not row or not row[0].strip():
                continue
            month = row[0][:7]
            vals = dict(zip(header, (c.strip() for c in row)))
            usd = vals.get("USD", "N/A")
            if usd in ("", "N/A"):
                continue
            usd_per_eur = Decimal(usd)
            cross["EUR"][month].append(1 / usd_per_eur)
            for code, v in vals.items():
                if code in ("Date", "USD", "") or v in ("", "N/A"):
                    continue
                cross[code][month].append(Decimal(v) / usd_per_eur)
    return cross


def read_per_eur():
    per_eur = {}
    with open(os.path.join(ROOT, "data", "currencies.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4 and parts[3]:
                per_eur[parts[0]] = Decimal(parts[3])
    return per_eur


def known_codes():
    codes = set()
    with open(os.path.join(ROOT, "data", "currencies.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                codes.add(line.split("\t")[0])
    return codes


def month_range(first, last):
    y, m = int(first[:4]), int(first[5:7])
    while True:
        s = f"{y:04d}-{m:02d}"
        if s > last:
            return
        yield s
        m += 1
        if m == 13:
            y, m = y + 1, 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref", default=os.path.join(ROOT, "..", "shared", "reference", "fx"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "fx-monthly.tsv"))
    ap.add_argument("--check-only", action="store_true", help="run the checks, write nothing")
    args = ap.parse_args()

    h10 = read_h10(os.path.join(args.ref, "fred-h10-monthly.csv"))
    ecb = read_ecb(os.path.join(args.ref, "ecb-eurofxref-hist.csv"))
    per_eur = read_per_eur()
    codes = known_codes()
    ecb_avg = {code: {m: sum(v) / len(v) for m, v in months.items()} for code, months in ecb.items()}

    # ---- direction check: H.10 against the ECB, month by month ----
    problems = []
    checked = defaultdict(int)
    for code, months in sorted(h10.items()):
        for month, (rate, _) in sorted(months.items()):
            ref = None
            if code in ecb_avg and month in ecb_avg[code]:
                ref = ecb_avg[code][month]
            elif code in per_eur and month in ecb_avg["EUR"] and month >= EURO_ADOPTION.get(code, "9999"):
                ref = per_eur[code] * ecb_avg["EUR"][month]
            if ref is None:
                continue
            checked[code] += 1
            if abs(rate - ref) / ref > Decimal("0.03"):
                problems.append(f"{code} {month}: H.10 {rate} vs ECB-implied {ref:.6f} units per USD")
    for code, (lo, hi) in RANGE_CHECK.items():
        for month, (rate, _) in h10.get(code, {}).items():
            if not lo <= rate <= hi and not checked.get(code):
                problems.append(f"{code} {month}: {rate} outside the plausible {lo}..{hi} per USD")
    if problems:
        sys.exit("build-fx: direction check failed:\n  " + "\n  ".join(problems[:20]))

    rows = {}  # (month, code) -> (rate text, quote, source)

    for code, months in h10.items():
        if code not in codes:
            sys.exit(f"build-fx: {code} is not in data/currencies.tsv")
        for month, (rate, _) in months.items():
            rows[(month, code)] = (plain(rate), "per_usd", "h10")

    for code, months in ecb_avg.items():
        if code == "EUR":
            continue
        if code not in codes:
            sys.exit(f"build-fx: ECB code {code} is not in data/currencies.tsv")
        for month, avg in months.items():
            if (month, code) not in rows:
                rows[(month, code)] = (plain(sig_round(avg, 8)), "per_usd", "ecb")

    eur = {m: r for m, (r, _) in h10["EUR"].items()}
    last_month = max(m for (m, _) in rows)
    for code, first in EURO_ADOPTION.items():
        for month in month_range(first, last_month):
            if (month, code) in rows or month not in eur:
                continue
            rows[(month, code)] = (plain(per_eur[code] * eur[month]), "per_usd", "euro_fixed")
        # The fixed rate must agree with the currency's own last quotes.
        own = [(m, r) for (m, c), r in rows.items() if c == code and r[2] != "euro_fixed" and m >= first]
        for m, r in own:
            implied = per_eur[code] * eur.get(m, Decimal(0))
            if implied and abs(Decimal(r[0]) - implied) / implied > Decimal("0.03"):
                sys.exit(f"build-fx: {code} {m}: own rate {r[0]} far from the fixed-rate {implied}")

    for month in month_range("1971-01", "1998-12"):
        if (month, "BEF") in rows and (month, "LUF") not in rows:
            rows[(month, "LUF")] = (rows[(month, "BEF")][0], "per_usd", "par:BEF")

    def basket_usd(month, basket):
        total = Decimal(0)
        for code, amount in basket.items():
            src = "BEF" if code == "LUF" else code
            if (month, src) not in rows:
                return None
            total += Decimal(amount) / Decimal(rows[(month, src)][0])
        return total

    for i, (first, basket) in enumerate(ECU_BASKETS):
        last = ECU_BASKETS[i + 1][0] if i + 1 < len(ECU_BASKETS) else None
        for month in month_range(first, ECU_LAST):
            if last and month >= last:
                break
            usd = basket_usd(month, basket)
            if usd is None:
                sys.exit(f"build-fx: ECU {month}: a basket currency has no rate")
            rows[(month, "XEU")] = (plain(sig_round(usd, 8)), "usd_per", "ecu_basket")
    # The basket changes were made so as not to move the ECU's value: the old
    # and the new basket must agree in the month of each change.
    for i in range(1, len(ECU_BASKETS)):
        first, basket = ECU_BASKETS[i]
        prev_basket = ECU_BASKETS[i - 1][1]
        for month in month_range(first, first):
            a, b = basket_usd(month, prev_basket), basket_usd(month, basket)
            if abs(a - b) / b > Decimal("0.005"):
                sys.exit(f"build-fx: ECU baskets disagree in {month}: {a} vs {b} USD")
    dec98 = Decimal(rows[("1998-12", "XEU")][0])
    jan99 = 1 / Decimal(rows[("1999-01", "EUR")][0])
    if abs(dec98 - jan99) / jan99 > Decimal("0.02"):
        sys.exit(f"build-fx: ECU 1998-12 {dec98} USD far from the euro's 1999-01 {jan99}")
    for month in month_range("1999-01", last_month):
        if (month, "EUR") in rows:
            rows[(month, "XEU")] = (rows[(month, "EUR")][0], "per_usd", "par:EUR")

    if args.check_only:
        print(f"build-fx: checks passed ({sum(checked.values())} H.10 months compared with the ECB)")
        return
    counts = defaultdict(int)
    for (_, _), (_, _, source) in rows.items():
        counts[source.split(":")[0]] += 1
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Monthly exchange rates against the US dollar. Generated by scripts/build-fx.py\n"
                "# from ../shared/reference/fx (Federal Reserve H.10 via FRED; ECB reference\n"
                "# rates, source: ECB). Do not edit: re-run the script. See PROVENANCE-fx.md.\n"
                "# quote: per_usd = units of code for 1 USD; usd_per = USD for 1 unit of code.\n"
                "# month\tcode\trate\tquote\tsource\n")
        for (month, code) in sorted(rows):
            rate, quote, source = rows[(month, code)]
            f.write(f"{month}\t{code}\t{rate}\t{quote}\t{source}\n")
    os.replace(tmp, args.out)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"build-fx: wrote {len(rows)} rates to {os.path.relpath(args.out)} ({summary}); "
          f"{sum(checked.values())} H.10 months checked against the ECB")


if __name__ == "__main__":
    main()
