#!/usr/bin/env python3
"""Validate the held-out Reuters-21578 gold files in tests/gold-test/reuters/.

For every <NEWID>.json:
  * valid JSON with the GOLD-FORMAT keys (+ "source"), doc == file stem,
    published == the story's <DATE> day;
  * every money `text` occurs in the story (TITLE + BODY, SGML entities decoded,
    whitespace normalised), in the listed order, not inside a longer number/word;
  * every org name occurs in the story (case-sensitive, whitespace normalised);
  * every party is one of the names listed in `orgs`;
  * ranges have min/max and qualifier "range" (and no value); others have value;
  * field domains (currency code, explicit bool, unit, qualifier, org type);
  * sanity: the number parsed from `text` matches value (when text has a scale
    word or none is elided) and explicit agrees with a currency token in text.
Exit status 1 on any error; warnings are printed but do not fail.
"""
import glob
import html
import json
import os
import re
import sys

CORPUS = os.path.join(os.environ.get('FINFIG_SHARED', '/work/shared'), 'corpora', 'reuters21578') + '/'
GOLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'reuters')

QUALS = {None, 'approx', 'over', 'under', 'up_to', 'at_least', 'nearly', 'range'}
UNITS = {None, 'share', 'barrel', 'ton', 'ounce', 'year', 'month', 'hour', 'unit',
         'pound', 'litre', 'flask', 'head'}
MONTHS = {m: i for i, m in enumerate(
    'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC'.split(), 1)}
WORDNUM = {'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6,
           'seven': 7, 'eight': 8, 'nine': 9, 'ten': 10, 'eleven': 11,
           'twelve': 12, 'twenty': 20}
SCALE = {'mln': 1e6, 'million': 1e6, 'billion': 1e9, 'bln': 1e9, 'bn': 1e9}
CUR_TOKEN = re.compile(r'\b(dlrs?|cts?|cents?|yen|stg|marks|francs|lire|guilders|pence)\b|\$|p\b',
                       re.I)


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


_cache = {}


def story(fn, newid):
    if fn not in _cache:
        _cache[fn] = open(CORPUS + fn, encoding='latin-1').read()
    m = re.search(r'<REUTERS[^>]*NEWID="%s"[^>]*>(.*?)</REUTERS>' % newid, _cache[fn], re.S)
    if not m:
        return None
    s = m.group(1)
    date = re.search(r'<DATE>\s*(\d+)-([A-Z]{3})-(\d{4})', s)
    title = re.search(r'<TITLE>(.*?)</TITLE>', s, re.S)
    body = re.search(r'<BODY>(.*?)</BODY>', s, re.S)
    text = (html.unescape(title.group(1)) if title else '') + '\n' + \
        (html.unescape(body.group(1)) if body else '')
    pub = '%s-%02d-%02d' % (date.group(3), MONTHS[date.group(2)], int(date.group(1)))
    return norm(text), pub


def bounded(needle):
    """regex for needle not glued to a longer number or word"""
    return re.compile(r'(?<![\w.,$-])' + re.escape(needle) + r'(?![\w-]|[.,]\d)')


def parse_value(t):
    """number in a money text -> value in currency units, or None if unsure"""
    tl = t.lower()
    fr = re.search(r'(?:(\d+)-)?(\d+)/(\d+)', tl)  # Reuters fractions: 45-1/2, 1/8
    m = re.search(r'(\d[\d,]*(?:\.\d+)?)', tl)
    if fr:
        num = (int(fr.group(1)) if fr.group(1) else 0) + int(fr.group(2)) / int(fr.group(3))
    elif m:
        num = float(m.group(1).replace(',', ''))
    else:
        w = re.search(r'\b(' + '|'.join(WORDNUM) + r')\b', tl)
        if not w:
            return None
        num = WORDNUM[w.group(1)]
    for k, v in SCALE.items():
        if re.search(r'\b' + k + r'\b', tl):
            num *= v
    if re.search(r'\b(cts?|cents?)\b|\d-?cent\b|-cent\b', tl):
        num /= 100
    return num


def main():
    errors = 0
    warnings = 0
    files = sorted(glob.glob(os.path.join(GOLD, '*.json')), key=lambda p: int(os.path.basename(p)[:-5]))
    tot_money = tot_impl = tot_orgs = tot_other = 0

    def err(f, msg):
        nonlocal errors
        errors += 1
        print('ERROR %s: %s' % (os.path.basename(f), msg))

    def warn(f, msg):
        nonlocal warnings
        warnings += 1
        print('warn  %s: %s' % (os.path.basename(f), msg))

    for f in files:
        try:
            d = json.load(open(f, encoding='utf-8'))
        except Exception as e:  # noqa
            err(f, 'invalid JSON: %s' % e)
            continue
        stem = os.path.basename(f)[:-5]
        for k in ('doc', 'published', 'source', 'money', 'orgs'):
            if k not in d:
                err(f, 'missing key %s' % k)
        if d.get('doc') != stem:
            err(f, 'doc %r != file stem %r' % (d.get('doc'), stem))
        src = d.get('source', '')
        m = re.fullmatch(r'reuters21578/(reut2-\d{3}\.sgm)', src)
        if not m:
            err(f, 'bad source %r' % src)
            continue
        st = story(m.group(1), stem)
        if st is None:
            err(f, 'NEWID %s not found in %s' % (stem, src))
            continue
        text, pub = st
        if d.get('published') != pub:
            err(f, 'published %r != <DATE> %r' % (d.get('published'), pub))

        names = set()
        for o in d['orgs']:
            tot_orgs += 1
            if o.get('type') not in ('company', 'other'):
                err(f, 'bad org type %r' % o.get('type'))
            if o.get('type') == 'other':
                tot_other += 1
            if not o.get('names'):
                err(f, 'org without names')
            for n in o.get('names', []):
                if n in names:
                    err(f, 'org name listed twice: %r' % n)
                names.add(n)
                if not bounded(norm(n)).search(text):
                    err(f, 'org name not in story: %r' % n)

        pos = 0
        for i, mo in enumerate(d['money']):
            tot_money += 1
            t = mo.get('text', '')
            if norm(t) != t:
                err(f, 'money text not whitespace-normalised: %r' % t)
            hit = bounded(norm(t)).search(text, pos)
            if not hit:
                if bounded(norm(t)).search(text):
                    err(f, 'money #%d %r found only out of order' % (i, t))
                else:
                    err(f, 'money #%d %r not in story' % (i, t))
            else:
                pos = hit.end()
            cur = mo.get('currency')
            if not (isinstance(cur, str) and re.fullmatch(r'[A-Z]{3}', cur)):
                err(f, 'bad currency %r' % cur)
            if not isinstance(mo.get('explicit'), bool):
                err(f, '%r: explicit not bool' % t)
            if mo.get('explicit') is False:
                tot_impl += 1
            if mo.get('unit') not in UNITS:
                err(f, '%r: unit %r not in known set' % (t, mo.get('unit')))
            q = mo.get('qualifier', 'MISSING')
            if q not in QUALS:
                err(f, '%r: bad qualifier %r' % (t, q))
            if q == 'range':
                if not all(isinstance(mo.get(k), (int, float)) for k in ('min', 'max')) or 'value' in mo:
                    err(f, '%r: range needs numeric min/max and no value' % t)
                elif mo['min'] > mo['max']:
                    err(f, '%r: min > max' % t)
            else:
                if not isinstance(mo.get('value'), (int, float)) or 'min' in mo or 'max' in mo:
                    err(f, '%r: non-range needs numeric value and no min/max' % t)
                else:
                    pv = parse_value(t)
                    if pv is None:
                        warn(f, '%r: cannot parse value to compare' % t)
                    elif abs(pv - mo['value']) > 1e-9 * max(1, abs(pv)):
                        # elided scale word ("10.52" for 10.52 mln) is legitimate
                        if abs(pv * 1e6 - mo['value']) < 1e-6 * mo['value'] or \
                           abs(pv * 1e9 - mo['value']) < 1e-6 * mo['value']:
                            warn(f, '%r: value %r assumes an elided scale word' % (t, mo['value']))
                        else:
                            err(f, '%r: value %r but text parses as %r' % (t, mo['value'], pv))
            has_cur = bool(CUR_TOKEN.search(t))
            if mo.get('explicit') is False and has_cur:
                err(f, '%r: explicit false but currency token in text' % t)
            if mo.get('explicit') is True and not has_cur:
                warn(f, '%r: explicit true without own currency token (shared via vs/to?)' % t)
            if not isinstance(mo.get('parties'), list):
                err(f, '%r: parties not a list' % t)
            for p in mo.get('parties', []):
                if p not in names:
                    err(f, '%r: party %r not among org names' % (t, p))
            if len(set(mo.get('parties', []))) != len(mo.get('parties', [])):
                err(f, '%r: duplicate party' % t)

    print('%d files, %d money mentions (%d implicit), %d org entries (%d other); %d errors, %d warnings'
          % (len(files), tot_money, tot_impl, tot_orgs, tot_other, errors, warnings))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
