#!/usr/bin/env python3
"""Build data/companies.tsv and data/not-companies.tsv for finfig.

Inputs (read-only, never copied into the repository):
  ../shared/reference/companies/sp500-constituents.csv
  ../shared/reference/companies/sec-company-tickers-exchange.json
  ../shared/reference/companies/ticker-sniffer-company-symbol-list.csv
  ../shared/corpora (BBC 2004-05 JSON Lines, Reuters-21578 SGML): only word
      counts are taken from them, to tell common English words and person
      names from company names.
  /usr/share/iso-codes/json/iso_3166-1.json (Debian iso-codes): country names.
  data/companies-extra.tsv: hand-curated companies merged in.

Usage: scripts/build-companies.py [--shared DIR] [--data DIR]
Standard library only. Output is deterministic (sorted).
"""
import argparse
import collections
import csv
import glob
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Legal suffixes stripped from the end of a legal name to get the name a
# journalist writes ("Apple Inc." -> "Apple").
LEGAL = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd",
    "limited", "plc", "p.l.c", "llc", "l.l.c", "lp", "l.p", "llp", "ag", "sa",
    "s.a", "nv", "n.v", "bv", "b.v", "se", "gmbh", "spa", "s.p.a", "ab", "oy",
    "asa", "holdings", "holding", "group", "the", "cos", "companies", "trust",
    "bancorp", "bancorporation", "(the)", "/de", "/de/", "/md", "/md/", "/ny",
    "/pa", "/nv", "/mn", "/oh", "/va", "/ca", "/tx", "/wa", "/nj", "/il", "/ma",
    "/fl", "/ga", "/co", "/az", "/in", "/mi", "/wi", "/ct", "/ut", "/new",
    "/can", "/adr", "ltd/ny", "intl", "international",
}
# Words stripped only when something non-generic remains before them.
SOFT = {"holdings", "holding", "group", "trust", "bancorp", "international", "intl"}
FUNDISH = re.compile(
    r"\b(ETF|ETN|Fund|Funds|Index|Portfolio|Acquisition|Acquisitions|SPAC|"
    r"Municipal|Income Trust|Closed|Warrant|Warrants|Units?|Notes|Preferred|"
    r"Depositary|Bond|Bonds|iShares|ProShares|Direxion|Invesco|Vanguard)\b",
    re.I)

# Aliases naming a security rather than the company.
BADALIAS = re.compile(r"\b(Pref|Preferred|Notes?|ETN|ETF|Depositary|Warrants?|Units?|Class [A-Z]|"
                      r"Series [A-Z0-9]+)\b|%|\d+\.\d+")

US_STATES = """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts
Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania
Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming""".split()
US_STATES += ["New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina",
              "North Dakota", "Rhode Island", "South Carolina", "South Dakota", "West Virginia"]
CITIES = """London Paris Berlin Frankfurt Tokyo Osaka Beijing Shanghai Moscow Madrid Rome Milan
Brussels Amsterdam Zurich Geneva Vienna Stockholm Oslo Copenhagen Helsinki Dublin Edinburgh Glasgow
Manchester Birmingham Liverpool Leeds Chicago Boston Houston Dallas Detroit Cleveland Atlanta Miami
Seattle Denver Pittsburgh Philadelphia Toronto Montreal Vancouver Sydney Melbourne Mumbai Bombay
Delhi Bangalore Seoul Taipei Manila Jakarta Bangkok Cairo Lagos Johannesburg Nairobi Riyadh Dubai
Tehran Baghdad Kuwait Caracas Lima Bogota Santiago Buenos Aires Brasilia Washington Ottawa Canberra
Wellington Athens Lisbon Warsaw Prague Budapest Bucharest Istanbul Ankara Karachi Dhaka Hanoi""".split()
CITIES += ["New York", "Los Angeles", "San Francisco", "Hong Kong", "Sao Paulo", "Rio de Janeiro",
           "Mexico City", "Buenos Aires", "New Delhi", "Kuala Lumpur", "Wall Street",
           "Silicon Valley", "City of London", "Tel Aviv", "Abu Dhabi", "St Louis", "Las Vegas",
           "Soviet Union", "United States", "United Kingdom", "Great Britain", "West Germany",
           "East Germany", "Middle East", "Far East", "Latin America", "North America",
           "South America", "Western Europe", "Eastern Europe", "Gulf", "Europe", "Asia",
           "Africa", "America", "Britain", "England", "Scotland", "Wales", "Ulster",
           "Persian Gulf", "North Sea", "Taiwan", "Russia", "Korea", "Holland", "U.S.", "U.K.",
           "US", "UK", "USA", "EU", "EC", "USSR", "UAE", "West German", "East German",
           "West Europe", "West Berlin", "East Bloc", "Eastern Bloc", "South Africa", "South Korea",
           "North Korea", "Gulf of Mexico", "Midwest", "Middle West"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun",
          "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            "Christmas", "Easter"]
DEMONYMS = """American British English Scottish Welsh Irish French German Italian Spanish Dutch
Belgian Swiss Austrian Swedish Norwegian Danish Finnish Russian Soviet Polish Greek Turkish
Japanese Chinese Korean Indian Pakistani Australian Canadian Mexican Brazilian Argentine Chilean
Saudi Iranian Iraqi Kuwaiti Israeli Egyptian Nigerian European Asian African Arab Portuguese
Venezuelan Indonesian Malaysian Thai Philippine Filipino Taiwanese Lebanese Libyan Syrian
Jordanian Palestinian Yemeni Omani Qatari Emirati Bahraini Algerian Moroccan Tunisian Sudanese
Ethiopian Kenyan Ugandan Tanzanian Ghanaian Zimbabwean Zambian Angolan Congolese Senegalese
Ukrainian Belarusian Georgian Armenian Azerbaijani Kazakh Uzbek Czech Slovak Hungarian Romanian
Bulgarian Serbian Croatian Slovenian Bosnian Albanian Macedonian Estonian Latvian Lithuanian
Icelandic Luxembourg Luxembourgish Maltese Cypriot Afghan Bangladeshi Nepalese Burmese
Vietnamese Cambodian Singaporean Mongolian Colombian Peruvian Ecuadorian Bolivian Paraguayan
Uruguayan Cuban Jamaican Haitian Dominican Guatemalan Honduran Nicaraguan Panamanian Salvadoran
Californian Texan Scandinavian Nordic Baltic Balkan Caribbean Latin Anglo Sino Franco
Islamic Muslim Christian Catholic Jewish Hindu Buddhist Sunni Shia Orthodox Kurdish""".split()
DEMONYMS += ["Sri Lankan", "South Korean", "North Korean", "South African", "New Zealand",
             "Hong Kong", "Puerto Rican", "Costa Rican", "Saudi Arabian", "West German",
             "East German", "Latin American", "North American", "South American",
             "Middle Eastern", "Soviet bloc"]
# Adjectives of direction and party names: common words, not demonyms.
ADJ_WORDS = """Western Eastern Northern Southern Democrat Democrats Republican Republicans Labour
Tory Tories Conservative Liberal""".split()
# Acronyms of common things, not firms ("the PC division").
COMMON_ACRONYMS = """PC PCs TV TVs CEO CFO COO GDP GNP IPO CD CDs DVD DVDs ATM SUV VAT HIV AIDS SARS GMT
HQ MBA PR IT""".split()
# Country names in everyday English that iso-codes spells otherwise.
COUNTRY_EXTRA = ["Turkey", "Ivory Coast", "Burma", "Czech Republic", "Czechoslovakia",
                 "Yugoslavia", "Zaire", "Rhodesia", "Macedonia", "Swaziland", "East Timor",
                 "Vatican", "Palestine", "Russia", "Iran", "Syria", "Vietnam", "Laos"]
# US state abbreviations of the newswires ("Englewood, Colo.,").
STATE_ABBREVS = """Ala Ariz Ark Calif Colo Conn Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich
Minn Miss Mo Mont Neb Nebr Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wisc Wyo""".split()
CITIES += """Beirut Damascus Amman Jerusalem Baku Tashkent Almaty Havana Quito Montevideo Basle
Basel Bristol Cardiff Belfast Sheffield Newcastle Nottingham Southampton Marseille Lyon Munich
Hamburg Cologne Stuttgart Dusseldorf Duesseldorf Bonn Turin Naples Genoa Barcelona Seville Bilbao
Rotterdam Antwerp Kiev Kyiv Singapore Shenzhen Guangzhou Canton Chongqing Wuhan Tianjin Nanjing
Calcutta Kolkata Madras Chennai Hyderabad Lahore Islamabad Colombo Kabul Baghdad Basra Minneapolis
Milwaukee Cincinnati Baltimore Nashville Memphis Sacramento Calgary Edmonton Winnipeg Auckland
Perth Brisbane Adelaide Yokohama Kobe Nagoya Kyoto Busan Pusan Abuja Accra Dakar Casablanca
Algiers Tunis Tripoli Khartoum Kinshasa Luanda Harare Lusaka Durban Pretoria Doha Muscat Manama
Jeddah Gaza Davos Hollywood Luxembourg Monaco Gibraltar Bermuda Panama""".split()
CITIES += ["St Petersburg", "San Diego", "San Jose", "Cape Town", "Addis Ababa", "Hong Kong",
           "New Orleans", "Salt Lake City", "Kansas City", "Rio", "South Yorkshire",
           "West Midlands", "East Anglia", "Northern Ireland", "Home Counties"]
# Capitalised words that start sentences or head clauses and are never the
# first word of a company name in running text.
STARTERS = """The A An In On At By For From With Without Of To As But And Or Nor So Yet If When
While Although Though Because Since After Before During Under Over About Against Between Into
Through Despite Following Including According Unlike Like Also However Meanwhile Earlier Later
Last Next This That These Those There Here It Its He She His Her They Their Them We Our Us I You
Your Who What Which Where Why How Shares Analysts Officials Sources Traders Dealers Investors
Experts Chairman President Chief Executive Spokesman Spokeswoman Director Minister Secretary
Mr Mrs Ms Dr Sir Lord Lady Dame Prof Professor Gov Governor Sen Senator Rep Judge Justice
Some Many Most Several Both Each Every All Any No Not One Two Three Four Five Six Seven Eight Nine
Ten First Second Third Such Other Another Only Even Still Now Then Thus Instead Yesterday Today
Tomorrow Tonight Net Revs Revenues Sales Profit Profits Loss Losses Qtr Oper Avg Shr Shrs Year
Under Until Upon Within Whether Should Would Could Can Will May Might Must Do Does Did Is Are Was
Were Be Been Being Has Have Had Said Says Say Reuter Reuters""".split()
# Words that start many company names and mean nothing alone.
GENERIC = """United National General First American International Federal Royal Standard Southern
Northern Western Eastern Central Pacific Atlantic Continental Universal Global Capital Community
Citizens Peoples Home Union Great New Old Security Republic Liberty Heritage Pioneer Summit Premier
Merchants Farmers Allied Consolidated Associated Amalgamated Independent Mutual Guaranty Fidelity
Provident Commonwealth Colonial Empire Imperial Metropolitan Midland Mid Trans Inter Delta Alpha
Omega Star Sun Golden Silver Diamond Crown Eagle Phoenix Apex Vanguard North South East West""".split()
FIRST_NAMES = """James John Robert Michael William David Richard Joseph Thomas Charles Christopher
Daniel Matthew Matt Anthony Mark Donald Steven Steve Paul Andrew Andy Joshua Kenneth Kevin Brian
Brad George Timothy Tim Ronald Edward Jason Jeffrey Jeff Ryan Jacob Gary Nicholas Eric Jonathan
Stephen Larry Justin Scott Brandon Benjamin Ben Samuel Sam Gregory Frank Alexander Raymond Patrick
Jack Dennis Jerry Tyler Aaron Jose Henry Adam Douglas Nathan Peter Zachary Kyle Walter Harold
Jeremy Ethan Carl Keith Roger Gerald Christian Terry Sean Arthur Austin Noah Lawrence Jesse Joe
Bryan Billy Bill Jordan Albert Dylan Bruce Willie Gabriel Alan Juan Logan Wayne Ralph Roy Eugene
Randy Vincent Russell Louis Philip Phil Bobby Johnny Bradley Mary Patricia Jennifer Linda Elizabeth
Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret Sandra Ashley Kimberly Kim Emily Donna
Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy
Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine Christine Debra Rachel
Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie Joyce Victoria Olivia Kelly
Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha Jacqueline Frances Gloria
Ann Teresa Kathryn Sara Janice Jean Alice Madison Doris Abigail Julia Judy Grace Denise Amber
Marilyn Beverly Danielle Theresa Sophia Marie Diana Brittany Natalie Isabella Charlotte Rose
Alexis Kayla Gordon Tony Jamie Nigel Ian Colin Neil Graham Alistair Gordon Tessa Margaret Ken
Ron Jim Tom Bob Dick Mike Dave Chris Nick Alex Greg Fred Ted Hugh Rupert Simon Oliver Harry
Lakshmi Mukesh Ratan Vladimir Mikhail Boris Silvio Gerhard Jacques Nicolas Angela Junichiro
Martin Roman Antonio Ivan Sergei Sergey Dmitry Dmitri Alexei Alexey Yuri Igor Oleg Viktor Leonid
Nikolai Anatoly Hans Klaus Jurgen Helmut Wolfgang Dieter Horst Manfred Werner Friedrich
Ulrich Rolf Pierre Francois Jean-Claude Jean-Marie Jean-Francois Jean-Pierre Philippe Alain
Bernard Claude Michel Thierry Didier Dominique Gilles Giovanni Giuseppe Luigi Marco Luca Paolo
Francesco Carlo Massimo Roberto Sergio Fabio Carlos Luis Miguel Pedro Jorge Manuel Javier
Fernando Rafael Alejandro Ricardo Eduardo Francisco Joaquin Emilio Hiroshi Takeshi Kenji Yoshiro
Masahiro Akira Toshio Hiroyuki Kazuo Shinzo Wei Ming Jian Yang Hui Xiaoping Zhu Jiang Rahul Sanjay
Rajiv Amit Anil Sunil Vijay Ashok Narayana Azim Nandan Kumar Lars Anders Nils Sven Jan Pieter
Willem Hendrik Johan Erik Henrik Mats Jens Derek Malcolm Alastair Angus Duncan Stuart Hamish
Glenn Marvin Saul Asher Irwin Sheldon Seymour Milton Herbert Bernie Norman Harvey
Leonard Lester Leslie Lionel Maurice Neville Percy Reginald Rodney Trevor Vernon Wilfred
Darren Gareth Rhys Owen Dylan Kelvin Clive Barry Terence Dennis Craig Shaun Wayne Lindsay
Nadia Natasha Olga Svetlana Irina Tatiana Yulia Ingrid Astrid Heidi Ursula Brigitte Monique Sylvie
Isabelle Francoise Giulia Francesca Paola Lucia Carmen Pilar Isabel Yoko Keiko Mei Ling Priya
Sonia Anita Meera Indra Sheikh Khalid Mohammed Mohamed Ahmed Ali Hassan Hussein Omar Yusuf Ibrahim
Mustafa Abdullah Tariq Kofi Thabo""".split()


def load_common_words(shared):
    """Word counts from the corpora: lower-case uses, capitalised uses in the
    middle of a sentence, and names seen after a title (Mr, Mrs, Ms, Dr) or
    right before such a surname (first names)."""
    lower = collections.Counter()
    capmid = collections.Counter()
    titled = collections.Counter()
    texts = []
    path = os.path.join(shared, "corpora", "bbc-all.jsonl")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                o = json.loads(line)
                texts.append(o.get("title", "") + ".\n" + o.get("body", ""))
    for sgm in sorted(glob.glob(os.path.join(shared, "corpora", "reuters21578", "*.sgm"))):
        with open(sgm, encoding="latin-1") as f:
            data = f.read()
        for m in re.finditer(r"<BODY>(.*?)</BODY>", data, re.S):
            texts.append(html.unescape(m.group(1)))
    word = re.compile(r"[A-Za-z][A-Za-z']*|[.!?]")
    for t in texts:
        prev = "."
        prev2 = "."
        for m in word.finditer(t):
            w = m.group(0)
            if w in ".!?":
                prev2, prev = prev, w
                continue
            if w[0].islower():
                lower[w] += 1
            elif prev not in ".!?":
                capmid[w] += 1
            if prev in ("Mr", "Mrs", "Ms", "Dr"):
                titled[w] += 1
            prev2, prev = prev, w
        for m in re.finditer(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b", t):
            if re.search(r"\b(Mr|Mrs|Ms|Dr)\.? " + m.group(2) + r"\b", t):
                titled[m.group(1)] += 1
    return lower, capmid, titled


def is_common(w, lower, capmid):
    lw = w.lower()
    return w in GENERIC or (lower[lw] >= 3 and lower[lw] >= capmid[w])


def clean_legal(name):
    """EDGAR and index names -> the text of the legal name, tidy."""
    name = re.sub(r"\s*\((Class [A-Z]|The)\)\s*$", "", name)
    name = re.sub(r"\s+Class [A-Z]\b.*$", "", name)
    name = name.replace("\u2019", "'").strip()
    return re.sub(r"\s+", " ", name)


def titlecase_caps(name):
    """'NVIDIA CORP' -> 'Nvidia Corp' (only used for ALL-CAPS EDGAR names)."""
    if any(c.islower() for c in name):
        return name
    out = []
    for w in name.split(" "):
        if len(w) <= 3 and w.isalpha() and w not in ("THE", "AND", "COM", "OF"):
            out.append(w)  # keep acronyms: IBM, AMD, ING
        else:
            out.append(w[:1] + w[1:].lower())
    return " ".join(out)


def short_name(legal):
    """Strip legal suffixes and a leading 'The' to get the news name."""
    name = legal.strip().rstrip(".")
    name = re.sub(r"^The\s+", "", name, flags=re.I)
    name = re.sub(r"\.com\b", "", name, flags=re.I)
    while True:
        words = name.replace(",", " , ").split()
        if len(words) <= 1:
            break
        last = words[-1].lower().rstrip(".")
        if last == ",":
            name = " ".join(words[:-1]).replace(" , ", ", ")
            continue
        if last in LEGAL or (last == "&" and len(words) > 2):
            rest = [w for w in words[:-1] if w != ","]
            if last in SOFT and len(rest) == 1 and len(rest[0]) <= 3:
                break
            if words[-2] == "&" and last in ("co", "company", "cos"):
                words = words[:-1]
            name = " ".join(words[:-1]).replace(" , ", ", ")
            name = name.rstrip(" ,&")
            continue
        break
    return name.strip(" ,")


def norm_key(s):
    return re.sub(r"\s+", " ", s.strip()).lower()


def read_extra(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t") + ["", ""]
            rows.append((parts[0].strip(),
                         [a for a in parts[1].split("|") if a.strip()],
                         [t for t in parts[2].split("|") if t.strip()]))
    return rows


def not_companies():
    """(phrase, category) rows: countries, states, cities, months, ..."""
    rows = set()
    iso = "/usr/share/iso-codes/json/iso_3166-1.json"
    if os.path.exists(iso):
        with open(iso, encoding="utf-8") as f:
            for c in json.load(f)["3166-1"]:
                for key in ("name", "common_name", "official_name"):
                    n = c.get(key)
                    if not n:
                        continue
                    if ", " in n:  # "Korea, Republic of" -> skip; "Virgin Islands, British" -> flip
                        a, b = n.split(", ", 1)
                        if b.endswith(" of"):
                            continue
                        n = b + " " + a
                    rows.add((n, "country"))
    for s in US_STATES:
        rows.add((s, "state"))
    for c in CITIES:
        rows.add((c, "place"))
    for m in MONTHS:
        rows.add((m, "month"))
    for d in WEEKDAYS:
        rows.add((d, "day"))
    for d in DEMONYMS:
        rows.add((d, "demonym"))
    for d in ADJ_WORDS + COMMON_ACRONYMS:
        rows.add((d, "word"))
    for c in COUNTRY_EXTRA:
        rows.add((c, "country"))
    for s in STATE_ABBREVS:
        rows.add((s, "state"))
    for s in STARTERS:
        rows.add((s, "starter"))
    for n in FIRST_NAMES:
        rows.add((n, "person"))
    for n in GENERIC:
        rows.add((n, "word"))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--data", default=os.path.join(ROOT, "data"))
    args = ap.parse_args()
    ref = os.path.join(args.shared, "reference", "companies")

    lower, capmid, titled = load_common_words(args.shared)
    notco = not_companies()
    notco_keys = {norm_key(n) for n, _ in notco}
    person_like = {n for n, c in notco if c == "person"}
    person_like |= {w for w, k in titled.items() if k >= 2}

    # SEC: companies listed on NYSE or Nasdaq, by CIK.
    with open(os.path.join(ref, "sec-company-tickers-exchange.json"), encoding="utf-8") as f:
        sec = json.load(f)["data"]
    by_cik = collections.OrderedDict()
    for cik, name, ticker, exch in sec:
        if exch not in ("NYSE", "Nasdaq") or not ticker:
            continue
        e = by_cik.setdefault(cik, {"legal": name, "tickers": []})
        if ticker not in e["tickers"]:
            e["tickers"].append(ticker)
    ticker_cik = {t: cik for cik, e in by_cik.items() for t in e["tickers"]}

    # S&P 500: the news-style names, joined by CIK.
    sp_name = {}
    with open(os.path.join(ref, "sp500-constituents.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cik = int(row["CIK"])
            sp_name[cik] = clean_legal(row["Security"])
            e = by_cik.setdefault(cik, {"legal": row["Security"], "tickers": []})
            if row["Symbol"] not in e["tickers"]:
                e["tickers"].append(row["Symbol"])
            ticker_cik.setdefault(row["Symbol"], cik)

    # ticker-sniffer: proper-case legal names and candidate aliases.
    sniff = {}
    with open(os.path.join(ref, "ticker-sniffer-company-symbol-list.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sym = row["Symbol"].strip()
            if sym in ticker_cik:
                cik = ticker_cik[sym]
                alts = [a.strip() for a in row["Alternate Names"].split(",")]
                s = sniff.setdefault(cik, {"legal": row["Company Name"].strip(), "alts": []})
                s["alts"] += [a for a in alts if a]

    companies = collections.OrderedDict()  # canonical -> {aliases, tickers, curated}

    def add(canon, aliases, tickers, curated=False):
        e = companies.setdefault(canon, {"aliases": [], "tickers": [], "curated": set()})
        for a in aliases:
            if a and a != canon and a not in e["aliases"]:
                e["aliases"].append(a)
            if curated:
                e["curated"].add(a)
        for t in tickers:
            if t not in e["tickers"]:
                e["tickers"].append(t)
        return e

    canon_of_cik = {}
    for cik, e in by_cik.items():
        legal_raw = e["legal"]
        if FUNDISH.search(legal_raw) and cik not in sp_name:
            continue
        s = sniff.get(cik)
        if cik in sp_name:
            legal = sp_name[cik]
        elif s and s["legal"]:
            legal = clean_legal(s["legal"])
        else:
            legal = titlecase_caps(clean_legal(legal_raw))
        if FUNDISH.search(legal) and cik not in sp_name:
            continue
        canon = short_name(legal)
        if not canon or len(canon) < 2:
            continue
        aliases = [legal]
        if s:
            aliases.append(clean_legal(s["legal"]))
            aliases += s["alts"]
        if any(c.islower() for c in legal_raw):
            aliases.append(clean_legal(legal_raw))
        canon_of_cik[cik] = canon
        add(canon, aliases, e["tickers"])

    # Hand-curated rows: merge by ticker or by canonical name; their names win.
    for canon, aliases, tickers in read_extra(os.path.join(args.data, "companies-extra.tsv")):
        old = None
        for t in tickers:
            if t in ticker_cik and ticker_cik[t] in canon_of_cik:
                old = canon_of_cik[ticker_cik[t]]
                break
        if old and old != canon and old in companies:
            prev = companies.pop(old)
            add(canon, [old] + prev["aliases"], prev["tickers"])
        add(canon, aliases, tickers, curated=True)
        companies[canon]["curated"].add(canon)

    # Filter aliases: keep what is unambiguous in running text.
    alias_owner = collections.Counter()
    for canon, e in companies.items():
        for a in set([canon] + e["aliases"]):
            alias_owner[norm_key(a)] += 1

    def keep(a, e, is_canon):
        if a in e["curated"]:
            return True
        k = norm_key(a)
        if BADALIAS.search(a):
            return False
        if k in notco_keys or len(a) <= 2:
            return False
        if a == a.lower():
            return False  # all lower case: a phrase, not a name
        if alias_owner[k] > 1 and not is_canon:
            return False  # two companies claim it
        words = a.split()
        if len(words) == 1:
            w = words[0]
            if a.isupper() and len(a) <= 3 and not is_canon:
                return False  # short acronyms only when curated
            if is_common(w, lower, capmid) or w in person_like:
                return False
        return True

    rows = []
    for canon, e in companies.items():
        if not keep(canon, e, True):
            # the canonical form itself is ambiguous: keep the row only for
            # its longer aliases and tickers ("Target Corp").
            pass
        aliases = [a for a in e["aliases"] if keep(a, e, False)]
        if not keep(canon, e, True):
            aliases = [a for a in aliases if len(a.split()) > 1 or a in e["curated"]]
            if not aliases and not e["tickers"]:
                continue
            # match the canonical name only through its aliases
            aliases = ["!"] + aliases
        # one alias per spelling that the matcher tells apart (it ignores
        # case of mixed-case names, '.' and ',')
        seen = {re.sub(r"[.,]", "", canon).lower()}
        uniq = []
        for a in sorted(set(aliases), key=lambda x: (x != "!", len(x), x)):
            k = re.sub(r"[.,]", "", a).lower()
            k = re.sub(r"\s+", " ", k).strip()
            if a != "!" and (k in seen):
                continue
            seen.add(k)
            uniq.append(a)
        aliases = sorted(uniq, key=lambda x: (x != "!", x))
        tickers = [t for t in e["tickers"]
                   if re.fullmatch(r"[A-Z0-9.\-]{1,6}", t) and not re.search(r"-P|-W|-U", t)]
        rows.append((canon, aliases, tickers))

    rows.sort(key=lambda r: r[0].lower())
    out = os.path.join(args.data, "companies.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Generated by scripts/build-companies.py; see PROVENANCE-companies.md.\n")
        f.write("# canonical name<TAB>aliases (|)<TAB>tickers (|). An alias \"!\" means the\n")
        f.write("# canonical name alone is too ambiguous to match in running text.\n")
        for canon, aliases, tickers in rows:
            f.write("%s\t%s\t%s\n" % (canon, "|".join(aliases), "|".join(tickers)))

    # Common words seen capitalised at sentence starts: used at run time to
    # refuse one-word in-article aliases ("Standard" of "Standard Oil").
    common = sorted(w for w in lower if lower[w] >= 25 and len(w) >= 3 and w.isalpha())
    out2 = os.path.join(args.data, "not-companies.tsv")
    with open(out2, "w", encoding="utf-8") as f:
        f.write("# Generated by scripts/build-companies.py; see PROVENANCE-companies.md.\n")
        f.write("# phrase<TAB>category: country, state, place, month, day, starter,\n")
        f.write("# person (first names), demonym, word (common English words; matched lower-cased).\n")
        for n, c in sorted(notco):
            f.write("%s\t%s\n" % (n, c))
        for w in common:
            f.write("%s\tword\n" % w)
    print("companies.tsv: %d rows; not-companies.tsv: %d rows" % (len(rows), len(notco) + len(common)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
