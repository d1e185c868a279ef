/*
 * date.c — absolute and relative dates, resolved against the publication
 * date.
 *
 * The scanner walks the tokens of one field once. A token can start a date
 * only if it is a number or a word of the small vocabulary below (months,
 * weekdays, "last", "fiscal", "quarter", ...); that vocabulary lives in an
 * open-addressing hash table built once per scanner, so the cost for an
 * ordinary word is one case-insensitive hash and one probe. At a candidate a
 * bounded hand-written grammar looks ahead a few tokens; no regex is used.
 *
 * Conventions (see DESIGN.md "Date conventions"):
 *  - Numeric dates are US month/day ("11/3/25" is 2025-11-03) because the
 *    corpora are US/UK newswire; a first number above 12 makes it day/month
 *    ("21/04/2016"); a four-digit first number makes it year/month/day.
 *    Two-digit years pivot at 50: "25" is 2025, "71" is 1971.
 *  - A day or month without a year takes the year that puts it nearest to
 *    the publication date (ties go to the past); when the sentence narrates
 *    the past (a past-tense cue and no future cue) and that date would lie
 *    after the publication date, the previous year is used.
 *  - A bare weekday is the most recent such day strictly before the
 *    publication date, or the next one strictly after it when the sentence
 *    speaks of the future ("will", "'ll", "is to", "next", "expected to"...).
 *    "this Friday" is the Friday of the ISO week of the publication date,
 *    "next Friday" the Friday of the following ISO week, "last Friday" the
 *    most recent Friday before the publication date.
 *  - Weeks are ISO (Monday–Sunday); weekends are Saturday–Sunday.
 *  - Quarters and halves are calendar ones. One without a year is the most
 *    recent one that has started by the publication date ("fourth quarter"
 *    in a February 1987 story is 1986 Q4).
 *  - Fiscal years span the calendar year of their number: finfig does not
 *    guess a company's fiscal calendar.
 *  - Modifiers ("late March", "mid-1986", "the end of 1986", "earlier this
 *    year") keep the whole unit's span and grain.
 *  - "N days ago" is a day, "N weeks ago" the ISO week containing that day,
 *    "N months ago" a month, "N years ago" a year.
 *  - Durations ("seven-year", "two years", "the past nine months") are
 *    reported with grain FIN_GRAIN_DURATION and no dates.
 *  - Relative expressions with an unknown publication date (year 0) are
 *    reported with year-0 dates.
 * A leading "the" is part of relative, quarter, decade and duration
 * expressions ("the last quarter", "the 1980s"), not of calendar dates.
 */
#include "internal.h"

#include <string.h>

/* ---------------------------------------------------------------------- */
/* Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)        */
/* ---------------------------------------------------------------------- */

static bool is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(long y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return (m == 2 && is_leap(y)) ? 29 : dm[m - 1];
}

/* Days since 1970-01-01 of y-m-d (the era-based civil algorithm). */
static long days_from_ymd(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Inverse of days_from_ymd. */
static fin_ymd ymd_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	fin_ymd r;
	if (y < 1 || y > 9999) {
		memset(&r, 0, sizeof r);
		return r;
	}
	r.year = (int16_t)y;
	r.month = (int8_t)m;
	r.day = (int8_t)d;
	return r;
}

/* ISO weekday of a day number: 1 = Monday ... 7 = Sunday. */
static int weekday_of(long z)
{
	long w = (z + 3) % 7; /* 1970-01-01 was a Thursday */
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

static long ymd_days(fin_ymd d) { return days_from_ymd(d.year, d.month, d.day); }

static fin_ymd mk_ymd(long y, int m, int d)
{
	fin_ymd r;
	memset(&r, 0, sizeof r);
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return r;
	r.year = (int16_t)y;
	r.month = (int8_t)m;
	r.day = (int8_t)d;
	return r;
}

/* ---------------------------------------------------------------------- */
/* Vocabulary                                                             */
/* ---------------------------------------------------------------------- */

/* Primary role of a word. */
enum {
	W_NONE = 0,
	W_MONTH,   /* val 1..12 */
	W_MONABBR, /* "Feb", "Sept": val 1..12 */
	W_WDAY,    /* val 1..7 (Monday = 1) */
	W_WDABBR,  /* "Wed", "Thurs" */
	W_CARD,    /* "two": val */
	W_ORD,     /* "third": val */
	W_UNIT,    /* "week", "years": val U_*, FL_PLURAL */
	W_REL,     /* "last", "this", "next", "past": val R_* */
	W_MOD,     /* "early", "late", "mid", "end", ... */
	W_DAYREL,  /* "today" 0, "yesterday" 1, "tomorrow" 2 */
	W_THE,
	W_OF,
	W_AGO,
	W_FISCAL,
	W_FY,
	W_Q,       /* "Q" of "Q3" */
	W_H,       /* "H" of "H1" */
	W_ART,     /* "a", "an" */
	W_FEW,     /* "few", "several" */
	W_FROM,
	W_NOW,
	W_ON,
	W_HENCE,
	W_CONJ,    /* "and", "or", "to", "through" between two years */
	W_OTHER    /* only flags matter */
};

/* Secondary roles. */
#define FL_PLURAL 0x01u
#define FL_FUT 0x02u      /* a future-tense cue */
#define FL_PAST 0x04u     /* a past-tense cue */
#define FL_YEARPREP 0x08u /* a four-digit number after it is a year: "in 1986" */
#define FL_YEARNOUN 0x10u /* a four-digit number before it is a year: "1986 results" */
#define FL_AMOUNT 0x20u   /* a number before it is an amount: "1986 dlrs" */
#define FL_MONPREP 0x40u  /* a bare "May" after it is the month: "in May" */

enum { U_DAY = 1, U_WEEK, U_MONTH, U_QUARTER, U_HALF, U_YEAR, U_WEEKEND, U_DECADE, U_FORTNIGHT };
enum { R_LAST = 1, R_THIS, R_NEXT, R_PAST };
enum { M_EARLY = 1, M_LATE, M_MID, M_END, M_START, M_EARLIER, M_LATER };

typedef struct word_def {
	const char *key;
	uint8_t cls;
	uint8_t val;
	uint8_t flags;
} word_def;

/* What the grammar reads of a word: a word_def without its key. */
typedef struct word_info {
	uint8_t cls;   /* W_* */
	uint8_t val;   /* month, weekday, number, U_*, R_*, M_* */
	uint8_t flags; /* FL_* */
} word_info;

static const word_def vocab[] = {
	{"january", W_MONTH, 1, 0}, {"february", W_MONTH, 2, 0}, {"march", W_MONTH, 3, 0},
	{"april", W_MONTH, 4, 0}, {"may", W_MONTH, 5, 0}, {"june", W_MONTH, 6, 0},
	{"july", W_MONTH, 7, 0}, {"august", W_MONTH, 8, 0}, {"september", W_MONTH, 9, 0},
	{"october", W_MONTH, 10, 0}, {"november", W_MONTH, 11, 0}, {"december", W_MONTH, 12, 0},
	{"jan", W_MONABBR, 1, 0}, {"feb", W_MONABBR, 2, 0}, {"mar", W_MONABBR, 3, 0},
	{"apr", W_MONABBR, 4, 0}, {"jun", W_MONABBR, 6, 0}, {"jul", W_MONABBR, 7, 0},
	{"aug", W_MONABBR, 8, 0}, {"sep", W_MONABBR, 9, 0}, {"sept", W_MONABBR, 9, 0},
	{"oct", W_MONABBR, 10, 0}, {"nov", W_MONABBR, 11, 0}, {"dec", W_MONABBR, 12, 0},
	{"monday", W_WDAY, 1, 0}, {"tuesday", W_WDAY, 2, 0}, {"wednesday", W_WDAY, 3, 0},
	{"thursday", W_WDAY, 4, 0}, {"friday", W_WDAY, 5, 0}, {"saturday", W_WDAY, 6, 0},
	{"sunday", W_WDAY, 7, 0},
	{"mon", W_WDABBR, 1, 0}, {"tue", W_WDABBR, 2, 0}, {"tues", W_WDABBR, 2, 0},
	{"wed", W_WDABBR, 3, 0}, {"thu", W_WDABBR, 4, 0}, {"thur", W_WDABBR, 4, 0},
	{"thurs", W_WDABBR, 4, 0}, {"fri", W_WDABBR, 5, 0}, {"sat", W_WDABBR, 6, 0},
	{"sun", W_WDABBR, 7, 0},
	{"one", W_CARD, 1, 0}, {"two", W_CARD, 2, 0}, {"three", W_CARD, 3, 0},
	{"four", W_CARD, 4, 0}, {"five", W_CARD, 5, 0}, {"six", W_CARD, 6, 0},
	{"seven", W_CARD, 7, 0}, {"eight", W_CARD, 8, 0}, {"nine", W_CARD, 9, 0},
	{"ten", W_CARD, 10, 0}, {"eleven", W_CARD, 11, 0}, {"twelve", W_CARD, 12, 0},
	{"thirteen", W_CARD, 13, 0}, {"fourteen", W_CARD, 14, 0}, {"fifteen", W_CARD, 15, 0},
	{"sixteen", W_CARD, 16, 0}, {"seventeen", W_CARD, 17, 0}, {"eighteen", W_CARD, 18, 0},
	{"nineteen", W_CARD, 19, 0}, {"twenty", W_CARD, 20, 0}, {"thirty", W_CARD, 30, 0},
	{"forty", W_CARD, 40, 0}, {"fifty", W_CARD, 50, 0}, {"hundred", W_CARD, 100, 0},
	{"first", W_ORD, 1, 0}, {"second", W_ORD, 2, 0}, {"third", W_ORD, 3, 0},
	{"fourth", W_ORD, 4, 0}, {"fifth", W_ORD, 5, 0}, {"sixth", W_ORD, 6, 0},
	{"seventh", W_ORD, 7, 0}, {"eighth", W_ORD, 8, 0}, {"ninth", W_ORD, 9, 0},
	{"tenth", W_ORD, 10, 0}, {"eleventh", W_ORD, 11, 0}, {"twelfth", W_ORD, 12, 0},
	{"thirteenth", W_ORD, 13, 0}, {"fourteenth", W_ORD, 14, 0}, {"fifteenth", W_ORD, 15, 0},
	{"sixteenth", W_ORD, 16, 0}, {"seventeenth", W_ORD, 17, 0}, {"eighteenth", W_ORD, 18, 0},
	{"nineteenth", W_ORD, 19, 0}, {"twentieth", W_ORD, 20, 0}, {"thirtieth", W_ORD, 30, 0},
	{"day", W_UNIT, U_DAY, 0}, {"days", W_UNIT, U_DAY, FL_PLURAL},
	{"week", W_UNIT, U_WEEK, 0}, {"weeks", W_UNIT, U_WEEK, FL_PLURAL},
	{"month", W_UNIT, U_MONTH, 0}, {"months", W_UNIT, U_MONTH, FL_PLURAL},
	{"quarter", W_UNIT, U_QUARTER, 0}, {"quarters", W_UNIT, U_QUARTER, FL_PLURAL},
	{"half", W_UNIT, U_HALF, 0},
	{"year", W_UNIT, U_YEAR, FL_YEARPREP}, {"years", W_UNIT, U_YEAR, FL_PLURAL},
	{"weekend", W_UNIT, U_WEEKEND, 0}, {"weekends", W_UNIT, U_WEEKEND, FL_PLURAL},
	{"decade", W_UNIT, U_DECADE, 0}, {"decades", W_UNIT, U_DECADE, FL_PLURAL},
	{"fortnight", W_UNIT, U_FORTNIGHT, 0},
	{"last", W_REL, R_LAST, FL_MONPREP}, {"previous", W_REL, R_LAST, 0},
	{"prior", W_REL, R_LAST, 0}, {"this", W_REL, R_THIS, FL_MONPREP},
	{"current", W_REL, R_THIS, 0}, {"next", W_REL, R_NEXT, FL_FUT | FL_MONPREP},
	{"coming", W_REL, R_NEXT, FL_FUT}, {"past", W_REL, R_PAST, 0},
	{"early", W_MOD, M_EARLY, FL_YEARPREP | FL_MONPREP},
	{"late", W_MOD, M_LATE, FL_YEARPREP | FL_MONPREP},
	{"mid", W_MOD, M_MID, FL_YEARPREP | FL_MONPREP},
	{"end", W_MOD, M_END, FL_YEARPREP | FL_MONPREP},
	{"beginning", W_MOD, M_START, 0}, {"start", W_MOD, M_START, 0},
	{"middle", W_MOD, M_MID, 0}, {"earlier", W_MOD, M_EARLIER, 0},
	{"later", W_MOD, M_LATER, 0},
	{"today", W_DAYREL, 0, 0}, {"yesterday", W_DAYREL, 1, FL_PAST},
	{"tomorrow", W_DAYREL, 2, FL_FUT}, {"tmrw", W_DAYREL, 2, FL_FUT},
	{"the", W_THE, 0, 0}, {"of", W_OF, 0, FL_YEARPREP | FL_MONPREP},
	{"ago", W_AGO, 0, FL_PAST}, {"fiscal", W_FISCAL, 0, 0}, {"fy", W_FY, 0, 0},
	{"q", W_Q, 0, 0}, {"h", W_H, 0, 0}, {"a", W_ART, 1, 0}, {"an", W_ART, 1, 0},
	{"few", W_FEW, 3, 0}, {"several", W_FEW, 3, 0}, {"from", W_FROM, 0, FL_YEARPREP | FL_MONPREP},
	{"now", W_NOW, 0, 0}, {"on", W_ON, 0, 0}, {"hence", W_HENCE, 0, 0},
	{"and", W_CONJ, 0, 0}, {"or", W_CONJ, 0, 0}, {"to", W_CONJ, 0, 0},
	{"through", W_CONJ, 0, FL_YEARPREP | FL_MONPREP}, {"thru", W_CONJ, 0, 0},
	/* prepositions and nouns that make a four-digit number a year */
	{"in", W_OTHER, 0, FL_YEARPREP | FL_MONPREP}, {"since", W_OTHER, 0, FL_YEARPREP | FL_MONPREP},
	{"by", W_OTHER, 0, FL_YEARPREP | FL_MONPREP}, {"until", W_OTHER, 0, FL_YEARPREP | FL_MONPREP},
	{"till", W_OTHER, 0, FL_YEARPREP | FL_MONPREP}, {"during", W_OTHER, 0, FL_YEARPREP | FL_MONPREP},
	{"for", W_OTHER, 0, FL_YEARPREP | FL_MONPREP}, {"before", W_OTHER, 0, FL_YEARPREP | FL_MONPREP},
	{"after", W_OTHER, 0, FL_YEARPREP | FL_MONPREP}, {"throughout", W_OTHER, 0, FL_YEARPREP | FL_MONPREP},
	{"between", W_OTHER, 0, FL_YEARPREP}, {"calendar", W_OTHER, 0, FL_YEARPREP},
	{"results", W_OTHER, 0, FL_YEARNOUN}, {"earnings", W_OTHER, 0, FL_YEARNOUN},
	{"net", W_OTHER, 0, FL_YEARNOUN}, {"profit", W_OTHER, 0, FL_YEARNOUN},
	{"profits", W_OTHER, 0, FL_YEARNOUN}, {"loss", W_OTHER, 0, FL_YEARNOUN},
	{"sales", W_OTHER, 0, FL_YEARNOUN}, {"revenue", W_OTHER, 0, FL_YEARNOUN},
	{"revenues", W_OTHER, 0, FL_YEARNOUN}, {"budget", W_OTHER, 0, FL_YEARNOUN},
	{"figures", W_OTHER, 0, FL_YEARNOUN}, {"forecast", W_OTHER, 0, FL_YEARNOUN},
	{"crop", W_OTHER, 0, FL_YEARNOUN}, {"output", W_OTHER, 0, FL_YEARNOUN},
	{"production", W_OTHER, 0, FL_YEARNOUN}, {"season", W_OTHER, 0, FL_YEARNOUN},
	{"level", W_OTHER, 0, FL_YEARNOUN}, {"levels", W_OTHER, 0, FL_YEARNOUN},
	{"period", W_OTHER, 0, FL_YEARNOUN}, {"target", W_OTHER, 0, FL_YEARNOUN},
	{"dividend", W_OTHER, 0, FL_YEARNOUN}, {"income", W_OTHER, 0, FL_YEARNOUN},
	/* units that make the number before them an amount */
	{"dlrs", W_OTHER, 0, FL_AMOUNT}, {"dlr", W_OTHER, 0, FL_AMOUNT},
	{"dollars", W_OTHER, 0, FL_AMOUNT}, {"pct", W_OTHER, 0, FL_AMOUNT},
	{"percent", W_OTHER, 0, FL_AMOUNT}, {"mln", W_OTHER, 0, FL_AMOUNT},
	{"million", W_OTHER, 0, FL_AMOUNT}, {"billion", W_OTHER, 0, FL_AMOUNT},
	{"bln", W_OTHER, 0, FL_AMOUNT}, {"tonnes", W_OTHER, 0, FL_AMOUNT},
	{"tons", W_OTHER, 0, FL_AMOUNT}, {"shares", W_OTHER, 0, FL_AMOUNT},
	{"barrels", W_OTHER, 0, FL_AMOUNT}, {"marks", W_OTHER, 0, FL_AMOUNT},
	{"yen", W_OTHER, 0, FL_AMOUNT}, {"francs", W_OTHER, 0, FL_AMOUNT},
	{"pounds", W_OTHER, 0, FL_AMOUNT}, {"stg", W_OTHER, 0, FL_AMOUNT},
	{"cts", W_OTHER, 0, FL_AMOUNT}, {"cents", W_OTHER, 0, FL_AMOUNT},
	{"points", W_OTHER, 0, FL_AMOUNT}, {"units", W_OTHER, 0, FL_AMOUNT},
	{"employees", W_OTHER, 0, FL_AMOUNT}, {"people", W_OTHER, 0, FL_AMOUNT},
	{"feet", W_OTHER, 0, FL_AMOUNT}, {"acres", W_OTHER, 0, FL_AMOUNT},
	{"euros", W_OTHER, 0, FL_AMOUNT}, {"usd", W_OTHER, 0, FL_AMOUNT},
	/* tense cues */
	{"will", W_OTHER, 0, FL_FUT}, {"ll", W_OTHER, 0, FL_FUT}, {"shall", W_OTHER, 0, FL_FUT},
	{"expected", W_OTHER, 0, FL_FUT}, {"scheduled", W_OTHER, 0, FL_FUT},
	{"upcoming", W_OTHER, 0, FL_FUT}, {"plans", W_OTHER, 0, FL_FUT},
	{"planned", W_OTHER, 0, FL_FUT}, {"due", W_OTHER, 0, FL_FUT},
	{"was", W_OTHER, 0, FL_PAST}, {"were", W_OTHER, 0, FL_PAST},
	{"had", W_OTHER, 0, FL_PAST}, {"did", W_OTHER, 0, FL_PAST},
	{"rose", W_OTHER, 0, FL_PAST}, {"fell", W_OTHER, 0, FL_PAST},
	{"ended", W_OTHER, 0, FL_PAST}, {"reported", W_OTHER, 0, FL_PAST},
	{"posted", W_OTHER, 0, FL_PAST}, {"earned", W_OTHER, 0, FL_PAST},
	{"bought", W_OTHER, 0, FL_PAST}, {"sold", W_OTHER, 0, FL_PAST},
	{"signed", W_OTHER, 0, FL_PAST}, {"agreed", W_OTHER, 0, FL_PAST},
	{"announced", W_OTHER, 0, FL_PAST}, {"completed", W_OTHER, 0, FL_PAST},
	{"acquired", W_OTHER, 0, FL_PAST}, {"went", W_OTHER, 0, FL_PAST},
	{"came", W_OTHER, 0, FL_PAST}, {"closed", W_OTHER, 0, FL_PAST},
	{"gained", W_OTHER, 0, FL_PAST}, {"lost", W_OTHER, 0, FL_PAST},
	{"declined", W_OTHER, 0, FL_PAST}, {"dropped", W_OTHER, 0, FL_PAST},
	{"jumped", W_OTHER, 0, FL_PAST}, {"climbed", W_OTHER, 0, FL_PAST},
	{"increased", W_OTHER, 0, FL_PAST}, {"decreased", W_OTHER, 0, FL_PAST},
	{"totalled", W_OTHER, 0, FL_PAST}, {"totaled", W_OTHER, 0, FL_PAST},
	{"left", W_OTHER, 0, FL_PAST}, {"met", W_OTHER, 0, FL_PAST},
	{"opened", W_OTHER, 0, FL_PAST}, {"began", W_OTHER, 0, FL_PAST},
	{"paid", W_OTHER, 0, FL_PAST}, {"took", W_OTHER, 0, FL_PAST},
};

#define VOCAB_SLOTS 512u /* power of two, > 2 * the vocabulary */
#define VOCAB_MAXLEN 11u /* longest key ("thirteenth", "september") */

/* A word of at most VOCAB_MAXLEN bytes packed for comparison: byte k of
 * the word, ORed with 0x20, in byte k of lo (k < 8) or of hi (k >= 8),
 * zero past its end. Every key of vocab is lower-case ASCII letters, and
 * (x | 0x20) is a lower-case letter exactly when x is that letter in
 * either case, so two packed words are equal exactly when fin_eq_ci says
 * the word is the key (lengths included: no byte ORed with 0x20 is 0). */
typedef struct vkey {
	uint64_t lo;
	uint32_t hi;
} vkey;

static vkey pack_word(const char *p, size_t n)
{
	vkey k = {0, 0};
	size_t i = 0;
	for (; i < n && i < 8; i++)
		k.lo |= (uint64_t)((unsigned char)p[i] | 0x20u) << (8 * i);
	for (; i < n; i++)
		k.hi |= (uint32_t)((unsigned char)p[i] | 0x20u) << (8 * (i - 8));
	return k;
}

static uint32_t vkey_slot(vkey k)
{
	uint64_t h = k.lo * 0x9E3779B97F4A7C15u ^ (uint64_t)k.hi * 0xC2B2AE3D27D4EB4Fu;
	return (uint32_t)(h >> 40) & (VOCAB_SLOTS - 1);
}

/* One slot of the vocabulary table: a packed key and its entry, 16 bytes,
 * so a probe reads one cache line. */
typedef struct vslot {
	uint64_t lo;
	uint32_t hi;
	word_info w;
	uint8_t used;
} vslot;

struct fin_date_scanner {
	/* Open addressing over packed keys. Small (8 KB) so that it stays
	 * cached between the other stages' work on the same article. */
	vslot slot[VOCAB_SLOTS];
	/* fin_word_bloom_bit filters (512 bytes each): of every key, and of the keys
	 * that can start an expression. Most words of a text are rejected
	 * with one read, without hashing or probing. */
	uint64_t any_bloom[FIN_WORD_BLOOM_BITS / 64];
	uint64_t trig_bloom[FIN_WORD_BLOOM_BITS / 64];
};

static bool bloom_has(const uint64_t *bloom, uint32_t bit)
{
	return (bloom[bit >> 6] >> (bit & 63)) & 1u;
}

static bool trigger_word(int cls);

int fin_date_scanner_new(fin_date_scanner **out, fin_error *err)
{
	fin_date_scanner *s = fin_calloc(1, sizeof *s);
	if (!s) {
		*out = NULL;
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory building the date scanner");
	}
	for (size_t k = 0; k < sizeof vocab / sizeof vocab[0]; k++) {
		size_t n = strlen(vocab[k].key);
		/* pack_word compares exactly only keys of lower-case letters. */
		bool letters = n >= 1 && n <= VOCAB_MAXLEN;
		for (size_t i = 0; i < n; i++)
			letters &= fin_is_lower((unsigned char)vocab[k].key[i]);
		if (!letters) {
			fin_free(s);
			*out = NULL;
			return fin_error_set(err, FIN_EINVAL, "", 0,
					     "date vocabulary key '%s' is not 1..%u lower-case letters",
					     vocab[k].key, VOCAB_MAXLEN);
		}
		vkey key = pack_word(vocab[k].key, n);
		uint32_t h = vkey_slot(key);
		bool dup = false;
		while (s->slot[h].used && !dup) {
			dup = s->slot[h].lo == key.lo && s->slot[h].hi == key.hi;
			h = (h + 1) & (VOCAB_SLOTS - 1);
		}
		if (dup)
			continue; /* the first entry of a key wins */
		vslot *v = &s->slot[h];
		v->used = 1;
		v->lo = key.lo;
		v->hi = key.hi;
		v->w.cls = vocab[k].cls;
		v->w.val = vocab[k].val;
		v->w.flags = vocab[k].flags;
		uint32_t bit = fin_word_bloom_bit(vocab[k].key, n);
		s->any_bloom[bit >> 6] |= (uint64_t)1 << (bit & 63);
		/* "the", "a", "an" are tried as leads of the word after them. */
		if (trigger_word(vocab[k].cls) && vocab[k].cls != W_THE && vocab[k].cls != W_ART)
			s->trig_bloom[bit >> 6] |= (uint64_t)1 << (bit & 63);
	}
	*out = s;
	return FIN_OK;
}

void fin_date_scanner_free(fin_date_scanner *s) { fin_free(s); }

static const word_info no_word = {W_NONE, 0, 0};

/* The vocabulary entry of p[0..n) (case-insensitive), or no_word. */
static const word_info *lookup(const fin_date_scanner *s, const char *p, size_t n)
{
	if (n == 0 || n > VOCAB_MAXLEN || !bloom_has(s->any_bloom, fin_word_bloom_bit(p, n)))
		return &no_word;
	vkey key = pack_word(p, n);
	for (uint32_t h = vkey_slot(key); s->slot[h].used; h = (h + 1) & (VOCAB_SLOTS - 1))
		if (s->slot[h].lo == key.lo && s->slot[h].hi == key.hi)
			return &s->slot[h].w;
	return &no_word;
}

/* ---------------------------------------------------------------------- */
/* Token helpers                                                          */
/* ---------------------------------------------------------------------- */

typedef struct scan_ctx {
	const fin_date_scanner *s;
	const char *text;
	const fin_token *t;
	size_t n;
	fin_ymd ref;
	bool ref_ok;
	long ref_z;     /* day number of ref when ref_ok */
	size_t year_end; /* token after the last year-grain hit, or SIZE_MAX */
	bool force_year; /* a modifier stands before: "mid-1986" is a year */
	/* The last sentence_tense answer: the sentence start it was computed
	 * from (SIZE_MAX: none yet) and the tense. The answer depends on that
	 * start only, and a sentence's dates ask in turn. */
	size_t *tense_at;
	int *tense_val;
	size_t taken; /* try_at: the last token of the expression found */
	size_t safe_end; /* text[0..safe_end) may be read: the end of the last token */
	/* Lookups of recent tokens (direct-mapped by index): the grammar looks
	 * at the same few tokens ahead many times. */
	size_t *cache_i;
	const word_info **cache_w;
} scan_ctx;

#define WCACHE 32u /* power of two; more than the longest look-ahead */

/* One recognised expression: tokens [first, last] inclusive. */
typedef struct hit {
	size_t first, last;
	fin_grain grain;
	fin_ymd a, b;
} hit;

/* pack_word(p, n) for 1 <= n <= 8 when 8 bytes are readable at p: one
 * load and a mask (the byte loop's exit was a mispredicted branch). */
static vkey pack_word8(const char *p, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x, mask = ~(uint64_t)0 >> (64 - 8 * n);
	memcpy(&x, p, 8);
	vkey k = {(x | 0x2020202020202020u) & mask, 0};
	return k;
#else
	return pack_word(p, n);
#endif
}

/* lookup() of token i, a word. */
static const word_info *lookup_tok(const scan_ctx *c, size_t i)
{
	const fin_date_scanner *s = c->s;
	const char *p = c->text + c->t[i].start;
	size_t n = c->t[i].end - c->t[i].start;
	if (n > 8 || c->t[i].start + 8 > c->safe_end)
		return lookup(s, p, n);
	if (!bloom_has(s->any_bloom, fin_word_bloom_bit(p, n)))
		return &no_word;
	vkey key = pack_word8(p, n);
	for (uint32_t h = vkey_slot(key); s->slot[h].used; h = (h + 1) & (VOCAB_SLOTS - 1))
		if (s->slot[h].lo == key.lo && s->slot[h].hi == key.hi)
			return &s->slot[h].w;
	return &no_word;
}

static const word_info *W(const scan_ctx *c, size_t i)
{
	if (i >= c->n || c->t[i].kind != FIN_TOK_WORD)
		return &no_word;
	size_t slot = i & (WCACHE - 1);
	if (c->cache_i[slot] == i)
		return c->cache_w[slot];
	const word_info *w = lookup_tok(c, i);
	c->cache_i[slot] = i;
	c->cache_w[slot] = w;
	return w;
}

static int wcls(const scan_ctx *c, size_t i) { return W(c, i)->cls; }

static size_t tlen(const scan_ctx *c, size_t i) { return c->t[i].end - c->t[i].start; }

/* Token i is glued to token i-1 (no white space between). */
static bool glued(const scan_ctx *c, size_t i)
{
	return i > 0 && i < c->n && !(c->t[i].flags & FIN_TF_SPACE_BEFORE);
}

static bool is_punct(const scan_ctx *c, size_t i, char ch)
{
	return i < c->n && c->t[i].kind == FIN_TOK_PUNCT && tlen(c, i) == 1 && c->text[c->t[i].start] == ch;
}

/* true when token i is the word lit in any case (the length is compared
 * first: strlen of a literal costs nothing once inlined). */
static bool is_word(const scan_ctx *c, size_t i, const char *lit)
{
	size_t n = strlen(lit);
	return i < c->n && c->t[i].kind == FIN_TOK_WORD && tlen(c, i) == n &&
	       fin_eq_ci(c->text + c->t[i].start, n, lit);
}

/* Value of a plain-digit number token (no separators, at most 9 digits);
 * *nd gets the digit count. */
static bool num_val(const scan_ctx *c, size_t i, long *v, int *nd)
{
	if (i >= c->n || c->t[i].kind != FIN_TOK_NUM)
		return false;
	const char *p = c->text + c->t[i].start;
	size_t n = tlen(c, i);
	if (n == 0 || n > 9)
		return false;
	long x = 0;
	for (size_t k = 0; k < n; k++) {
		if (!fin_is_digit((unsigned char)p[k]))
			return false;
		x = x * 10 + (p[k] - '0');
	}
	*v = x;
	*nd = (int)n;
	return true;
}

/* A number immediately followed (glued) by a letter that makes it not a
 * plain number ("10am", "3Q") is not a day or year unless a suffix rule
 * says so; this tells whether token i+1 glues a word onto number i. */
static bool glued_word_after(const scan_ctx *c, size_t i)
{
	return i + 1 < c->n && c->t[i + 1].kind == FIN_TOK_WORD && glued(c, i + 1);
}

/* Day of month at token i: "26", "26th", "1st". *last gets the last token.
 * Rejects numbers glued to other words or followed by a number part
 * ("26,000" is one token and never matches). */
static bool day_at(const scan_ctx *c, size_t i, int *day, size_t *last)
{
	long v;
	int nd;
	if (!num_val(c, i, &v, &nd) || nd > 2 || v < 1 || v > 31)
		return false;
	if (i > 0 && glued(c, i) && (c->t[i - 1].kind == FIN_TOK_NUM || c->t[i - 1].kind == FIN_TOK_SYM))
		return false;
	*last = i;
	if (glued_word_after(c, i)) {
		const char *p = c->text + c->t[i + 1].start;
		size_t n = tlen(c, i + 1);
		if (n == 2 && (fin_eq_ci(p, n, "st") || fin_eq_ci(p, n, "nd") || fin_eq_ci(p, n, "rd") ||
			       fin_eq_ci(p, n, "th")))
			*last = i + 1;
		else if (wcls(c, i + 1) != W_MONTH && wcls(c, i + 1) != W_MONABBR)
			return false;
	}
	if (*last + 1 < c->n && glued(c, *last + 1) && c->t[*last + 1].kind == FIN_TOK_SYM)
		return false;
	if (is_punct(c, *last + 1, '%'))
		return false;
	*day = (int)v;
	return true;
}

/* Four-digit year at token i (1000..2999, plain digits, no glued word).
 * Does not judge context. */
static bool year4_at(const scan_ctx *c, size_t i, int *year)
{
	long v;
	int nd;
	if (!num_val(c, i, &v, &nd) || nd != 4 || v < 1000 || v > 2999)
		return false;
	if (glued_word_after(c, i))
		return false;
	if (i > 0 && glued(c, i) && c->t[i - 1].kind == FIN_TOK_SYM)
		return false;
	*year = (int)v;
	return true;
}

/* Two-digit year pivot: 00..49 -> 2000s, 50..99 -> 1900s. */
static int pivot_year(long yy) { return yy < 50 ? (int)(2000 + yy) : (int)(1900 + yy); }

/* Optional year after a month or a day at token j: "[,] [of] 1987" or
 * "'87". Returns the last token of the year or SIZE_MAX. */
static size_t year_after(const scan_ctx *c, size_t j, int *year)
{
	size_t k = j;
	if (is_punct(c, k, ','))
		k++;
	if (wcls(c, k) == W_OF)
		k++;
	if (year4_at(c, k, year))
		return k;
	if (k == j && is_punct(c, k, '\'')) {
		long v;
		int nd;
		if (num_val(c, k + 1, &v, &nd) && nd == 2 && glued(c, k + 1) && !glued_word_after(c, k + 1)) {
			*year = pivot_year(v);
			return k + 1;
		}
	}
	return SIZE_MAX;
}

/* Month word at token i: full names in any case except "may" and "march",
 * which must be capitalised (lower case they are a verb); abbreviations
 * ("Feb", "Sept") in any case. *abbr tells which. */
static int month_at(const scan_ctx *c, size_t i, bool *abbr)
{
	const word_info *w = W(c, i);
	if (w->cls == W_MONTH) {
		if ((w->val == 5 || w->val == 3) && !(c->t[i].flags & FIN_TF_CAP))
			return 0;
		*abbr = false;
		return w->val;
	}
	if (w->cls == W_MONABBR) {
		*abbr = true;
		return w->val;
	}
	return 0;
}

/* Skip an optional '.' glued after an abbreviation at token i. */
static size_t skip_dot(const scan_ctx *c, size_t i)
{
	return (is_punct(c, i + 1, '.') && glued(c, i + 1)) ? i + 1 : i;
}

/* ---------------------------------------------------------------------- */
/* Sentence tense                                                         */
/* ---------------------------------------------------------------------- */

enum { TENSE_NONE = 0, TENSE_PAST, TENSE_FUT };

/* Tense of the sentence around token i, from its cue words: any future cue
 * ("will", "'ll", "next", "is to", "expected") makes it future; else a past
 * cue makes it past. Bounded to 60 tokens each side. */
static int tense_from(const scan_ctx *c, size_t a);

static int sentence_tense(const scan_ctx *c, size_t i)
{
	size_t a = i, lim = 0;
	while (a > 0 && !(c->t[a].flags & FIN_TF_SENT_START) && lim++ < 60)
		a--;
	if (*c->tense_at != a) {
		*c->tense_val = tense_from(c, a);
		*c->tense_at = a;
	}
	return *c->tense_val;
}

/* The tense of the (at most 120) tokens from a to the next sentence
 * start. */
static int tense_from(const scan_ctx *c, size_t a)
{
	bool past = false;
	size_t lim = 0;
	for (size_t k = a; k < c->n && lim < 120; k++, lim++) {
		if (k > a && (c->t[k].flags & FIN_TF_SENT_START))
			break;
		if (c->t[k].kind != FIN_TOK_WORD)
			continue;
		const word_info *w = W(c, k);
		if (w->flags & FL_FUT)
			return TENSE_FUT;
		if (w->flags & FL_PAST)
			past = true;
		/* "is to", "are to": a scheduled future */
		if ((is_word(c, k, "is") || is_word(c, k, "are")) && is_word(c, k + 1, "to"))
			return TENSE_FUT;
		if (is_word(c, k, "going") && is_word(c, k + 1, "to"))
			return TENSE_FUT;
	}
	return past ? TENSE_PAST : TENSE_NONE;
}

/* ---------------------------------------------------------------------- */
/* Resolution helpers                                                     */
/* ---------------------------------------------------------------------- */

static void set_unresolved(hit *h, fin_grain g)
{
	h->grain = g;
	memset(&h->a, 0, sizeof h->a);
	memset(&h->b, 0, sizeof h->b);
}

static void set_days(hit *h, fin_grain g, long za, long zb)
{
	h->grain = g;
	h->a = ymd_from_days(za);
	h->b = ymd_from_days(zb);
}

static void set_day(hit *h, fin_ymd d)
{
	h->grain = FIN_GRAIN_DAY;
	h->a = h->b = d;
}

static void set_month(hit *h, long y, int m)
{
	h->grain = FIN_GRAIN_MONTH;
	h->a = mk_ymd(y, m, 1);
	h->b = mk_ymd(y, m, month_days(y, m));
}

static void set_year(hit *h, fin_grain g, long y)
{
	h->grain = g;
	h->a = mk_ymd(y, 1, 1);
	h->b = mk_ymd(y, 12, 31);
}

static void set_quarter(hit *h, long y, int q)
{
	h->grain = FIN_GRAIN_QUARTER;
	h->a = mk_ymd(y, q * 3 - 2, 1);
	h->b = mk_ymd(y, q * 3, month_days(y, q * 3));
}

static void set_half(hit *h, long y, int hf)
{
	h->grain = FIN_GRAIN_HALF;
	h->a = mk_ymd(y, hf == 1 ? 1 : 7, 1);
	h->b = mk_ymd(y, hf == 1 ? 6 : 12, hf == 1 ? 30 : 31);
}

/* ISO week (Monday..Sunday) containing day z, shifted by dw weeks. */
static void set_week(hit *h, long z, int dw)
{
	long mon = z - (weekday_of(z) - 1) + 7L * dw;
	set_days(h, FIN_GRAIN_WEEK, mon, mon + 6);
}

static void set_weekend(hit *h, long z, int dw)
{
	long mon = z - (weekday_of(z) - 1) + 7L * dw;
	set_days(h, FIN_GRAIN_WEEKEND, mon + 5, mon + 6);
}

/* Year for month m (day d, 0 for a whole month) without a year: the one
 * nearest the reference date, ties to the past; a past-narrated sentence
 * never looks after the reference date. */
static long infer_year(const scan_ctx *c, size_t i, int m, int d)
{
	long y = c->ref.year;
	long best = y;
	if (d) {
		long bestdist = -1;
		for (long yy = y - 1; yy <= y + 1; yy++) {
			if (d > month_days(yy, m))
				continue;
			long dist = days_from_ymd(yy, m, d) - c->ref_z;
			long ad = dist < 0 ? -dist : dist;
			if (bestdist < 0 || ad < bestdist) {
				bestdist = ad;
				best = yy;
			}
		}
		if (days_from_ymd(best, m, d <= month_days(best, m) ? d : 1) > c->ref_z &&
		    sentence_tense(c, i) == TENSE_PAST)
			best--;
	} else {
		int diff = m - c->ref.month;
		if (diff > 5)
			best = y - 1;
		else if (diff < -6)
			best = y + 1;
		if ((best > y || (best == y && diff > 0)) && sentence_tense(c, i) == TENSE_PAST)
			best--;
	}
	return best;
}

/* The most recent quarter (or half) q that has started by the reference
 * date. */
static long infer_period_year(const scan_ctx *c, int first_month)
{
	long y = c->ref.year;
	if (days_from_ymd(y, first_month, 1) > c->ref_z)
		y--;
	return y;
}

/* ---------------------------------------------------------------------- */
/* Grammar                                                                */
/* ---------------------------------------------------------------------- */

static bool parse_core(scan_ctx *c, size_t i, hit *h);

/* Fill h with day y-m-d (year 0: infer), spanning [first, last]. */
static bool finish_day(scan_ctx *c, hit *h, size_t first, size_t last, int y, int m, int d)
{
	h->first = first;
	h->last = last;
	if (d < 1 || d > 31 || m < 1 || m > 12)
		return false;
	if (y == 0) {
		if (d > month_days(2000, m)) /* Feb 29 exists in a leap year */
			return false;
		if (!c->ref_ok) {
			set_unresolved(h, FIN_GRAIN_DAY);
			return true;
		}
		y = (int)infer_year(c, first, m, d);
		if (d > month_days(y, m)) { /* Feb 29 off a leap year: try the nearest leap year */
			int yy = y;
			while (yy > y - 4 && !is_leap(yy))
				yy--;
			y = yy;
		}
	}
	fin_ymd v = mk_ymd(y, m, d);
	if (v.year == 0)
		return false;
	set_day(h, v);
	return true;
}

/* A day of the month in words at token i: "second", "twenty-first",
 * "twenty second"; with allow_card also cardinals ("the fifteen", "the
 * twenty one"), which only follow "the". */
static bool day_word_at(const scan_ctx *c, size_t i, bool allow_card, int *d, size_t *last)
{
	const word_info *w = W(c, i);
	if (w->cls == W_ORD && w->val >= 1 && w->val <= 31) {
		*d = w->val;
		*last = i;
		return true;
	}
	if (w->cls != W_CARD)
		return false;
	if (w->val == 20 || w->val == 30) {
		size_t k = i + 1;
		if (is_punct(c, k, '-') && glued(c, k) && glued(c, k + 1))
			k++;
		const word_info *u = W(c, k);
		if ((u->cls == W_ORD || (allow_card && u->cls == W_CARD)) && u->val >= 1 && u->val <= 9 &&
		    w->val + u->val <= 31) {
			*d = w->val + u->val;
			*last = k;
			return true;
		}
	}
	if (allow_card && w->val >= 1 && w->val <= 31) {
		*d = w->val;
		*last = i;
		return true;
	}
	return false;
}

/* Month-led: "Feb 26", "February 26th, 1987", "Oct. 2", "Oct-2", "March
 * 1987", "March", "Jan 12 of 2016". */
static bool parse_month(scan_ctx *c, size_t i, hit *h)
{
	bool abbr;
	int m = month_at(c, i, &abbr);
	if (!m)
		return false;
	size_t j = abbr ? skip_dot(c, i) : i;
	if (!abbr && is_punct(c, j + 1, '.') && glued(c, j + 1))
		j++; /* "October. 2" */
	size_t k = j + 1;
	bool sep = false;
	if ((is_punct(c, k, '-') || is_punct(c, k, '/')) && glued(c, k) && glued(c, k + 1)) {
		k++; /* "Oct-2", "jan/1" */
		sep = true;
	}
	if (is_punct(c, k, ',') && !sep && c->t[k + 1 < c->n ? k + 1 : k].kind == FIN_TOK_NUM) {
		int y;
		size_t ly = year_after(c, k, &y);
		if (ly != SIZE_MAX) { /* "March, 1987" */
			h->first = i;
			h->last = ly;
			set_month(h, y, m);
			return true;
		}
	}
	int d;
	size_t ld;
	long yv;
	int nd;
	/* "October, 1st": a comma before a day only with an ordinal suffix */
	if (is_punct(c, k, ',') && !sep && day_at(c, k + 1, &d, &ld) && ld > k + 1)
		k++;
	bool the = false;
	if (wcls(c, k) == W_THE && !sep) {
		k++; /* "September the 21st" */
		the = true;
	}
	if (day_at(c, k, &d, &ld) && !(num_val(c, k, &yv, &nd) && is_punct(c, k + 1, ':'))) {
		/* "March 3:30" is a time, not a day */
		int y = 0;
		size_t ly = year_after(c, ld + 1, &y);
		size_t last = ly != SIZE_MAX ? ly : ld;
		if (ly == SIZE_MAX)
			y = 0;
		return finish_day(c, h, i, last, y, m, d);
	}
	if (!sep && day_word_at(c, k, the, &d, &ld)) {
		int y = 0;
		size_t ly = year_after(c, ld + 1, &y);
		if (ly == SIZE_MAX)
			y = 0;
		return finish_day(c, h, i, ly != SIZE_MAX ? ly : ld, y, m, d);
	}
	if (sep)
		return false;
	/* month + year */
	int y;
	size_t ly = year_after(c, j + 1, &y);
	if (ly != SIZE_MAX) {
		h->first = i;
		h->last = ly;
		set_month(h, y, m);
		return true;
	}
	/* "January of this year", "January this year", "January last year" */
	size_t r = j + 1;
	if (wcls(c, r) == W_OF)
		r++;
	if (wcls(c, r) == W_REL && W(c, r)->val != R_PAST && W(c, r + 1)->cls == W_UNIT &&
	    W(c, r + 1)->val == U_YEAR && !(W(c, r + 1)->flags & FL_PLURAL)) {
		h->first = i;
		h->last = r + 1;
		if (!c->ref_ok) {
			set_unresolved(h, FIN_GRAIN_MONTH);
			return true;
		}
		int rv = W(c, r)->val;
		set_month(h, c->ref.year + (rv == R_LAST ? -1 : rv == R_NEXT ? 1 : 0), m);
		return true;
	}
	/* A bare month: abbreviations and "May" need a preposition before. */
	bool prep = i > 0 && (W(c, i - 1)->flags & FL_MONPREP);
	if (abbr || m == 5) {
		if (!prep)
			return false;
	} else if (!(c->t[i].flags & FIN_TF_CAP)) {
		if (!prep)
			return false;
	}
	h->first = i;
	h->last = i;
	if (!c->ref_ok) {
		set_unresolved(h, FIN_GRAIN_MONTH);
		return true;
	}
	set_month(h, infer_year(c, i, m, 0), m);
	return true;
}

/* Day-led: "26 February 2025", "1st jan", "4th of march", "16. Nov. 2016",
 * "28-nov", "22april". */
static bool parse_day_month(scan_ctx *c, size_t i, hit *h)
{
	int d;
	size_t ld;
	if (!day_at(c, i, &d, &ld)) {
		if (!day_word_at(c, i, false, &d, &ld) || wcls(c, ld + 1) != W_OF)
			return false; /* "second of Aug", "twenty-second of June" */
	}
	size_t k = ld + 1;
	bool dash = false;
	if (is_punct(c, k, '.') && glued(c, k))
		k++;
	else if (is_punct(c, k, '-') && glued(c, k) && glued(c, k + 1)) {
		k++;
		dash = true;
	}
	if (wcls(c, k) == W_OF && !dash)
		k++;
	bool abbr;
	int m;
	const word_info *w = W(c, k);
	if (w->cls == W_MONTH && (w->val == 5 || w->val == 3) && k > ld + 1)
		m = w->val; /* "4th of march": "of" makes lower-case "march" a month */
	else
		m = month_at(c, k, &abbr);
	if (!m)
		return false;
	size_t lm = (W(c, k)->cls == W_MONABBR) ? skip_dot(c, k) : k;
	int y = 0;
	size_t ly = year_after(c, lm + 1, &y);
	if (ly == SIZE_MAX && dash && is_punct(c, lm + 1, '-') && glued(c, lm + 1) && glued(c, lm + 2) &&
	    year4_at(c, lm + 2, &y))
		ly = lm + 2; /* "26-FEB-1987" */
	if (ly == SIZE_MAX) {
		y = 0;
		lm = k; /* "26 Feb." : the dot may end the sentence; leave it out */
	}
	return finish_day(c, h, i, ly != SIZE_MAX ? ly : lm, y, m, d);
}

/* Numeric dates: "2025-11-03", "2015/08/12", "11/3/25", "21/04/2016",
 * "9-18-15", "13.5.2015", "2019-sep-1"; "4/22" only after "on" or a
 * weekday. */
static bool parse_numeric(scan_ctx *c, size_t i, hit *h)
{
	if (i >= c->n || c->t[i].kind != FIN_TOK_NUM)
		return false;
	const fin_token *t = &c->t[i];
	if (i > 0 && glued(c, i) &&
	    (c->t[i - 1].kind == FIN_TOK_NUM || c->t[i - 1].kind == FIN_TOK_SYM ||
	     is_punct(c, i - 1, '-') || is_punct(c, i - 1, '/') || is_punct(c, i - 1, '.')))
		return false;
	bool ctx_on = i > 0 && (wcls(c, i - 1) == W_ON || wcls(c, i - 1) == W_WDAY);
	/* One token with dots: "13.5.2015", "2015.5.13", "4.22" */
	const char *p = c->text + t->start;
	size_t n = tlen(c, i);
	long part[3] = {0, 0, 0};
	int nd[3] = {0, 0, 0};
	int np = 0;
	size_t last = i;
	bool dotted = false;
	for (size_t k = 0; k < n; k++)
		if (p[k] == '.')
			dotted = true;
	if (dotted) {
		for (size_t k = 0; k < n; k++) {
			if (p[k] == '.') {
				if (++np >= 3)
					return false;
			} else if (fin_is_digit((unsigned char)p[k])) {
				if (nd[np] >= 4)
					return false;
				part[np] = part[np] * 10 + (p[k] - '0');
				nd[np]++;
			} else {
				return false;
			}
		}
		np++;
		if (np == 2 && !ctx_on)
			return false;
	} else {
		long v;
		int ndv;
		if (!num_val(c, i, &v, &ndv) || ndv > 4)
			return false;
		part[0] = v;
		nd[0] = ndv;
		np = 1;
		char sepc = 0;
		size_t k = i + 1;
		while (np < 3 && k + 1 < c->n && glued(c, k) && glued(c, k + 1) &&
		       (is_punct(c, k, '/') || is_punct(c, k, '-'))) {
			char sc = c->text[c->t[k].start];
			if (sepc && sc != sepc)
				return false;
			sepc = sc;
			bool abbr;
			int mw;
			if (np == 1 && nd[0] == 4 && (mw = month_at(c, k + 1, &abbr)) != 0) {
				part[np] = mw; /* "2019-sep-1" */
				nd[np] = 2;
			} else if (!num_val(c, k + 1, &v, &ndv) || ndv > 4) {
				return false;
			} else {
				part[np] = v;
				nd[np] = ndv;
			}
			np++;
			last = k + 1;
			k += 2;
		}
		if (np == 1)
			return false;
		/* "11-5/8", "1/2-3": more separators or a number glued after */
		if (last + 1 < c->n && glued(c, last + 1) &&
		    (is_punct(c, last + 1, '/') || is_punct(c, last + 1, '-') ||
		     c->t[last + 1].kind == FIN_TOK_NUM || c->t[last + 1].kind == FIN_TOK_WORD))
			return false;
		if (np == 2 && !ctx_on)
			return false;
	}
	if (np == 2 && (W(c, last + 1)->flags & FL_AMOUNT))
		return false; /* "on 4.22 mln shares" */
	int y = 0, m, d;
	if (np == 3) {
		if (nd[0] == 4) {
			y = (int)part[0];
			m = (int)part[1];
			d = (int)part[2];
		} else {
			if (nd[2] != 2 && nd[2] != 4)
				return false;
			y = nd[2] == 4 ? (int)part[2] : pivot_year(part[2]);
			if (part[0] > 12) {
				d = (int)part[0];
				m = (int)part[1];
			} else {
				m = (int)part[0];
				d = (int)part[1];
			}
		}
		if (nd[1] > 2 || y < 1000)
			return false;
	} else {
		if (nd[0] > 2 || nd[1] > 2)
			return false;
		if (part[0] > 12) {
			d = (int)part[0];
			m = (int)part[1];
		} else {
			m = (int)part[0];
			d = (int)part[1];
		}
	}
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	if (y && d > month_days(y, m))
		return false;
	return finish_day(c, h, i, last, y, m, d);
}

/* Ordinal at token i: "third" or "3rd"; value and last token. */
static bool ordinal_at(const scan_ctx *c, size_t i, int *v, size_t *last)
{
	const word_info *w = W(c, i);
	if (w->cls == W_ORD) {
		*v = w->val;
		*last = i;
		return true;
	}
	long x;
	int nd;
	if (num_val(c, i, &x, &nd) && nd <= 2 && glued_word_after(c, i)) {
		const char *p = c->text + c->t[i + 1].start;
		size_t n = tlen(c, i + 1);
		if (n == 2 && (fin_eq_ci(p, n, "st") || fin_eq_ci(p, n, "nd") || fin_eq_ci(p, n, "rd") ||
			       fin_eq_ci(p, n, "th"))) {
			*v = (int)x;
			*last = i + 1;
			return true;
		}
	}
	return false;
}

/* "the third Friday of March", "first Monday of next month", "second
 * Sunday" (of the month of the reference date). */
static bool parse_nth_weekday(scan_ctx *c, size_t i, hit *h)
{
	const word_info *o = W(c, i);
	if (o->cls != W_ORD || o->val < 1 || o->val > 5 || W(c, i + 1)->cls != W_WDAY)
		return false;
	int nth = o->val, wd = W(c, i + 1)->val;
	size_t k = i + 2;
	long y = 0;
	int m = 0;
	size_t last = i + 1;
	if (wcls(c, k) == W_OF || is_word(c, k, "in")) {
		bool abbr;
		int mm = month_at(c, k + 1, &abbr);
		int yy;
		if (mm) {
			m = mm;
			last = k + 1;
			size_t ly = year_after(c, last + 1, &yy);
			if (ly != SIZE_MAX) {
				y = yy;
				last = ly;
			}
		} else if (wcls(c, k + 1) == W_REL && W(c, k + 1)->val != R_PAST &&
			   W(c, k + 2)->cls == W_UNIT && W(c, k + 2)->val == U_MONTH &&
			   !(W(c, k + 2)->flags & FL_PLURAL)) {
			int rv = W(c, k + 1)->val;
			last = k + 2;
			if (c->ref_ok) {
				long mi = (long)c->ref.year * 12 + c->ref.month - 1 +
					  (rv == R_LAST ? -1 : rv == R_NEXT ? 1 : 0);
				y = mi / 12;
				m = (int)(mi % 12) + 1;
			}
		} else {
			return false;
		}
	}
	h->first = i;
	h->last = last;
	if (!c->ref_ok && y == 0) {
		set_unresolved(h, FIN_GRAIN_DAY);
		return true;
	}
	if (m == 0)
		m = c->ref.month;
	if (y == 0)
		y = (m == c->ref.month) ? c->ref.year : infer_year(c, i, m, 0);
	long z1 = days_from_ymd(y, m, 1);
	long z = z1 + (wd - weekday_of(z1) + 7) % 7 + 7L * (nth - 1);
	if (ymd_from_days(z).month != m)
		return false; /* no fifth Sunday that month */
	set_days(h, FIN_GRAIN_DAY, z, z);
	return true;
}

/* Year given right after a quarter or half: "of 1986", "1986", ", 1986",
 * "2025" after "Q3". SIZE_MAX when none. */
static size_t period_year_after(const scan_ctx *c, size_t j, int *y)
{
	size_t k = j;
	if (is_punct(c, k, ','))
		k++;
	if (wcls(c, k) == W_OF || is_word(c, k, "in"))
		k++;
	if (year4_at(c, k, y))
		return k;
	return SIZE_MAX;
}

static void finish_period(scan_ctx *c, hit *h, int unit, int q, int y)
{
	if (y == 0) {
		if (!c->ref_ok) {
			set_unresolved(h, unit == U_HALF ? FIN_GRAIN_HALF : FIN_GRAIN_QUARTER);
			return;
		}
		y = (int)infer_period_year(c, unit == U_HALF ? (q - 1) * 6 + 1 : (q - 1) * 3 + 1);
	}
	if (unit == U_HALF)
		set_half(h, y, q);
	else
		set_quarter(h, y, q);
}

/* "third quarter", "third-quarter", "fourth quarter of 1986", "first half",
 * "3rd qtr", optionally with a year before ("1986 fourth quarter"). */
static bool parse_ordinal_period(scan_ctx *c, size_t i, hit *h, int yb)
{
	int q;
	size_t lo;
	if (!ordinal_at(c, i, &q, &lo))
		return false;
	size_t k = lo + 1;
	if (is_punct(c, k, '-') && glued(c, k))
		k++;
	const word_info *w = W(c, k);
	int unit;
	if (w->cls == W_UNIT && w->val == U_QUARTER && !(w->flags & FL_PLURAL))
		unit = U_QUARTER;
	else if (is_word(c, k, "qtr"))
		unit = U_QUARTER;
	else if (w->cls == W_UNIT && w->val == U_HALF)
		unit = U_HALF;
	else
		return false;
	if (q < 1 || q > (unit == U_HALF ? 2 : 4))
		return false;
	int y = yb;
	size_t ly = yb ? SIZE_MAX : period_year_after(c, k + 1, &y);
	if (ly == SIZE_MAX && !yb)
		y = 0;
	h->first = i;
	h->last = ly != SIZE_MAX ? ly : k;
	finish_period(c, h, unit, q, y);
	return true;
}

/* "Q3 2025", "Q3", "H1 2025", "3Q25", "1H 2025", "Q3/2025". */
static bool parse_qh(scan_ctx *c, size_t i, hit *h)
{
	long v, yv;
	int nd, ynd;
	int unit;
	size_t ln;
	int q;
	const word_info *w = W(c, i);
	if ((w->cls == W_Q || w->cls == W_H) && (c->t[i].flags & FIN_TF_ALLCAPS) &&
	    num_val(c, i + 1, &v, &nd) && glued(c, i + 1) && nd == 1) {
		unit = w->cls == W_Q ? U_QUARTER : U_HALF;
		q = (int)v;
		ln = i + 1;
		if (glued_word_after(c, ln))
			return false;
	} else if (num_val(c, i, &v, &nd) && nd == 1 && glued_word_after(c, i) &&
		   (W(c, i + 1)->cls == W_Q || W(c, i + 1)->cls == W_H) &&
		   (c->t[i + 1].flags & FIN_TF_ALLCAPS)) {
		unit = W(c, i + 1)->cls == W_Q ? U_QUARTER : U_HALF;
		q = (int)v;
		ln = i + 1;
	} else {
		return false;
	}
	if (i > 0 && glued(c, i) && (c->t[i - 1].kind == FIN_TOK_WORD || c->t[i - 1].kind == FIN_TOK_NUM))
		return false;
	if (q < 1 || q > (unit == U_HALF ? 2 : 4))
		return false;
	int y = 0;
	size_t last = ln;
	if (num_val(c, ln + 1, &yv, &ynd) && glued(c, ln + 1) && (ynd == 2 || ynd == 4)) {
		y = ynd == 2 ? pivot_year(yv) : (int)yv;
		last = ln + 1;
	} else if ((is_punct(c, ln + 1, '/') || is_punct(c, ln + 1, '-') || is_punct(c, ln + 1, '\'')) &&
		   glued(c, ln + 1) && num_val(c, ln + 2, &yv, &ynd) && glued(c, ln + 2) &&
		   (ynd == 2 || ynd == 4)) {
		y = ynd == 2 ? pivot_year(yv) : (int)yv;
		last = ln + 2;
	} else if (year4_at(c, ln + 1, &y)) {
		last = ln + 1;
	} else {
		y = 0;
	}
	if (last != ln && glued_word_after(c, last))
		return false;
	h->first = i;
	h->last = last;
	finish_period(c, h, unit, q, y);
	return true;
}

/* "fiscal 1986", "fiscal year 1987", "fiscal 1986/87" (the first year),
 * "FY2025", "FY 2025", "FY25", "fiscal '87". */
static bool parse_fiscal(scan_ctx *c, size_t i, hit *h)
{
	int y;
	long v;
	int nd;
	size_t k = i + 1;
	if (wcls(c, i) == W_FISCAL) {
		if (W(c, k)->cls == W_UNIT && W(c, k)->val == U_YEAR && !(W(c, k)->flags & FL_PLURAL))
			k++;
		if (year4_at(c, k, &y)) {
			/* "fiscal 1986/87" keeps the first year's span */
		} else if (is_punct(c, k, '\'') && num_val(c, k + 1, &v, &nd) && nd == 2 && glued(c, k + 1)) {
			y = pivot_year(v);
			k++;
		} else {
			return false;
		}
	} else if (wcls(c, i) == W_FY && (c->t[i].flags & FIN_TF_ALLCAPS)) {
		if (!num_val(c, k, &v, &nd) || (nd != 2 && nd != 4))
			return false;
		if (glued_word_after(c, k))
			return false;
		y = nd == 2 ? pivot_year(v) : (int)v;
		if (nd == 4 && (v < 1000 || v > 2999))
			return false;
	} else {
		return false;
	}
	h->first = i;
	h->last = k;
	set_year(h, FIN_GRAIN_FISCAL_YEAR, y);
	return true;
}

/* A four-digit year in a date context: "in 1986", "1986 results", "fiscal"
 * is parse_fiscal's; "1986 fourth quarter"; "the 1980s"; "1985 and 1986". */
static bool parse_year(scan_ctx *c, size_t i, hit *h)
{
	int y;
	long v;
	int nd;
	if (!num_val(c, i, &v, &nd) || nd != 4 || v < 1000 || v > 2999)
		return false;
	if (i > 0 && glued(c, i) &&
	    (c->t[i - 1].kind == FIN_TOK_SYM || c->t[i - 1].kind == FIN_TOK_NUM || is_punct(c, i - 1, '.')))
		return false;
	if (i > 0 && c->t[i - 1].kind == FIN_TOK_SYM)
		return false;
	/* Decade: "1980s", "1980's" */
	if (v % 10 == 0 && v >= 1900 && v <= 2090 && glued_word_after(c, i) &&
	    (is_word(c, i + 1, "s"))) {
		h->first = i;
		h->last = i + 1;
		h->grain = FIN_GRAIN_DECADE;
		h->a = mk_ymd(v, 1, 1);
		h->b = mk_ymd(v + 9, 12, 31);
		return true;
	}
	if (v % 10 == 0 && v >= 1900 && v <= 2090 && is_punct(c, i + 1, '\'') && glued(c, i + 1) &&
	    is_word(c, i + 2, "s") && glued(c, i + 2)) {
		h->first = i;
		h->last = i + 2;
		h->grain = FIN_GRAIN_DECADE;
		h->a = mk_ymd(v, 1, 1);
		h->b = mk_ymd(v + 9, 12, 31);
		return true;
	}
	if (!year4_at(c, i, &y) || y < 1900 || y > 2100)
		return false;
	if (is_punct(c, i + 1, '%'))
		return false;
	const word_info *nw = W(c, i + 1);
	if (nw->flags & FL_AMOUNT)
		return false;
	/* "1986 fourth quarter", "1986 first-half", "1986 fiscal year" */
	if (parse_ordinal_period(c, i + 1, h, y)) {
		h->first = i;
		return true;
	}
	if (nw->cls == W_FISCAL && W(c, i + 2)->cls == W_UNIT && W(c, i + 2)->val == U_YEAR) {
		h->first = i;
		h->last = i + 2;
		set_year(h, FIN_GRAIN_FISCAL_YEAR, y);
		return true;
	}
	bool ok = false;
	if (i > 0 && (W(c, i - 1)->flags & FL_YEARPREP))
		ok = true;
	if (nw->flags & FL_YEARNOUN)
		ok = true;
	if (!ok && c->year_end != SIZE_MAX && i > 0 && i - 1 == c->year_end &&
	    (wcls(c, i - 1) == W_CONJ || is_punct(c, i - 1, '-') || is_punct(c, i - 1, ',')))
		ok = true;
	if (c->force_year)
		ok = true;
	if (!ok)
		return false;
	h->first = i;
	h->last = i;
	set_year(h, FIN_GRAIN_YEAR, y);
	return true;
}

/* Number at token i as a count: "two", "10", "a", "few"; *last the last
 * token ("twenty one"). */
static bool count_at(const scan_ctx *c, size_t i, long *v, size_t *last, bool *article)
{
	int nd;
	*article = false;
	const word_info *w = W(c, i);
	if (w->cls == W_CARD) {
		*v = w->val;
		*last = i;
		if (w->val >= 20 && w->val < 100) {
			size_t k = i + 1;
			if (is_punct(c, k, '-') && glued(c, k))
				k++;
			if (W(c, k)->cls == W_CARD && W(c, k)->val < 10) {
				*v += W(c, k)->val;
				*last = k;
			}
		}
		return true;
	}
	if (w->cls == W_ART || w->cls == W_FEW) {
		*v = w->val;
		*last = i;
		*article = true;
		if (w->cls == W_ART && W(c, i + 1)->cls == W_FEW) {
			*v = 3;
			*last = i + 1;
		}
		return true;
	}
	if (num_val(c, i, v, &nd) && nd <= 3) {
		if (i > 0 && glued(c, i) && (c->t[i - 1].kind == FIN_TOK_SYM || c->t[i - 1].kind == FIN_TOK_NUM))
			return false;
		*last = i;
		return true;
	}
	/* "1.5 years": a decimal count, durations only */
	if (i < c->n && c->t[i].kind == FIN_TOK_NUM && tlen(c, i) <= 6) {
		const char *p = c->text + c->t[i].start;
		size_t n = tlen(c, i);
		int dots = 0;
		for (size_t k = 0; k < n; k++)
			if (p[k] == '.')
				dots++;
			else if (p[k] == ',')
				return false;
		if (dots == 1 && p[0] != '.') {
			*v = -1; /* not a whole count */
			*last = i;
			return true;
		}
	}
	return false;
}

/* Counted units: "two weeks ago", "three days ago", "two weeks from now",
 * durations "seven-year", "two years", "10-year". */
static bool parse_count(scan_ctx *c, size_t i, hit *h)
{
	long v;
	size_t lc;
	bool article;
	if (!count_at(c, i, &v, &lc, &article))
		return false;
	size_t k = lc + 1;
	bool hyph = false;
	if (is_punct(c, k, '-') && glued(c, k) && glued(c, k + 1)) {
		k++;
		hyph = true;
	}
	const word_info *w = W(c, k);
	if (w->cls != W_UNIT || w->val == U_HALF)
		return false;
	int unit = w->val;
	h->first = i;
	h->last = k;
	/* relative: "... ago", "... from now", "... hence" */
	if (!hyph && v >= 0) {
		size_t a = k + 1;
		int dir = 0;
		long base = 0; /* days from ref of the anchor: "from tomorrow" */
		bool anchored = false;
		size_t la = a;
		if (wcls(c, a) == W_AGO) {
			dir = -1;
		} else if (wcls(c, a) == W_HENCE) {
			dir = 1;
		} else if ((wcls(c, a) == W_FROM || is_word(c, a, "after") || is_word(c, a, "before")) &&
			   (wcls(c, a + 1) == W_NOW || wcls(c, a + 1) == W_DAYREL)) {
			/* "two weeks from now", "two days before yesterday" */
			dir = is_word(c, a, "before") ? -1 : 1;
			const word_info *an = W(c, a + 1);
			if (an->cls == W_DAYREL)
				base = an->val == 0 ? 0 : an->val == 1 ? -1 : 1;
			anchored = true;
			la = a + 1;
		}
		if (dir && unit != U_DECADE && unit != U_QUARTER) {
			h->last = la;
			if (!c->ref_ok) {
				set_unresolved(h, unit == U_DAY ? FIN_GRAIN_DAY : unit == U_WEEK || unit == U_FORTNIGHT ? FIN_GRAIN_WEEK
						  : unit == U_MONTH ? FIN_GRAIN_MONTH : unit == U_YEAR ? FIN_GRAIN_YEAR
						  : FIN_GRAIN_WEEKEND);
				return true;
			}
			long z = c->ref_z + base;
			if (unit == U_DAY) {
				z += dir * v;
				set_days(h, FIN_GRAIN_DAY, z, z);
			} else if (unit == U_WEEK || unit == U_FORTNIGHT) {
				long days = 7 * v * (unit == U_FORTNIGHT ? 2 : 1);
				if (anchored) {
					set_days(h, FIN_GRAIN_DAY, z + days, z + days);
				} else {
					set_week(h, z + dir * days, 0);
				}
			} else if (unit == U_WEEKEND) {
				set_weekend(h, z, (int)(dir * v));
			} else if (unit == U_MONTH) {
				long mi = (long)c->ref.year * 12 + (c->ref.month - 1) + dir * v;
				set_month(h, mi / 12, (int)(mi % 12) + 1);
			} else {
				set_year(h, FIN_GRAIN_YEAR, c->ref.year + dir * v);
			}
			return true;
		}
	}
	if (article)
		return false; /* "a year", "a week" alone: "$5 a year" */
	if (!hyph && !(w->flags & FL_PLURAL) && v != 1)
		return false; /* "1986 year" */
	if (unit == U_WEEKEND)
		return false;
	h->grain = FIN_GRAIN_DURATION;
	memset(&h->a, 0, sizeof h->a);
	memset(&h->b, 0, sizeof h->b);
	return true;
}

/* Weekday at token i, with an optional date that pins it ("Monday, Jan 12,
 * 2016", "Friday the 22nd", "Thursday, Feb 26") or a week ("Friday next
 * week", "Friday of this week"). A bare weekday resolves by tense. */
static bool parse_weekday(scan_ctx *c, size_t i, hit *h)
{
	const word_info *w = W(c, i);
	bool abbr = w->cls == W_WDABBR;
	if (w->cls != W_WDAY && !abbr)
		return false;
	int wd = w->val;
	size_t k = abbr ? skip_dot(c, i) + 1 : i + 1;
	if (is_punct(c, k, ','))
		k++;
	/* a pinned calendar date */
	if (parse_month(c, k, h) || parse_day_month(c, k, h) || parse_numeric(c, k, h)) {
		if (h->grain == FIN_GRAIN_DAY) {
			h->first = i;
			return true;
		}
	}
	/* "Friday the 22nd" */
	if (wcls(c, i + 1) == W_THE) {
		int d;
		size_t ld;
		if (day_at(c, i + 2, &d, &ld) || day_word_at(c, i + 2, true, &d, &ld)) {
			if (d < 1 || d > 31)
				return false;
			h->first = i;
			h->last = ld;
			if (!c->ref_ok) {
				set_unresolved(h, FIN_GRAIN_DAY);
				return true;
			}
			/* nearest month around ref where day d falls on weekday wd */
			long base = (long)c->ref.year * 12 + c->ref.month - 1;
			for (int off = 0; off <= 24; off++) {
				for (int sgn = -1; sgn <= 1; sgn += 2) {
					long mi = base + (off == 0 ? 0 : sgn * off);
					long y = mi / 12;
					int m = (int)(mi % 12) + 1;
					if (d <= month_days(y, m) && weekday_of(days_from_ymd(y, m, d)) == wd) {
						set_day(h, mk_ymd(y, m, d));
						return true;
					}
					if (off == 0)
						break;
				}
			}
			set_unresolved(h, FIN_GRAIN_DAY);
			return true;
		}
	}
	if (abbr) {
		/* abbreviations ("Wed", "Sat", "Sun") only with a day number, save
		 * the unambiguous "Tues"/"Thurs" after "on" */
		if (!(i > 0 && wcls(c, i - 1) == W_ON && (wd == 2 || wd == 4) && tlen(c, i) >= 4))
			return false;
	}
	/* "Friday next week", "Friday of this week" */
	size_t r = i + 1;
	if (wcls(c, r) == W_OF)
		r++;
	int weekrel = 0;
	size_t last = i;
	if (wcls(c, r) == W_REL && W(c, r)->val != R_PAST && W(c, r + 1)->cls == W_UNIT &&
	    W(c, r + 1)->val == U_WEEK && !(W(c, r + 1)->flags & FL_PLURAL)) {
		int rv = W(c, r)->val;
		weekrel = rv == R_LAST ? -1 : rv == R_NEXT ? 1 : 0;
		last = r + 1;
		h->first = i;
		h->last = last;
		if (!c->ref_ok) {
			set_unresolved(h, FIN_GRAIN_DAY);
			return true;
		}
		long mon = c->ref_z - (weekday_of(c->ref_z) - 1) + 7L * weekrel;
		set_days(h, FIN_GRAIN_DAY, mon + wd - 1, mon + wd - 1);
		return true;
	}
	h->first = i;
	h->last = last;
	if (!c->ref_ok) {
		set_unresolved(h, FIN_GRAIN_DAY);
		return true;
	}
	int rw = weekday_of(c->ref_z);
	long z;
	if (sentence_tense(c, i) == TENSE_FUT) {
		int delta = (wd - rw + 7) % 7;
		z = c->ref_z + (delta == 0 ? 7 : delta);
	} else {
		int delta = (rw - wd + 7) % 7;
		z = c->ref_z - (delta == 0 ? 7 : delta);
	}
	set_days(h, FIN_GRAIN_DAY, z, z);
	return true;
}

/* "last week", "this month", "next year", "last quarter", "this weekend",
 * "last January", "past Monday", "the past nine months" (duration),
 * "next week Friday", "last week on Sunday". */
static bool parse_rel(scan_ctx *c, size_t i, hit *h)
{
	const word_info *w = W(c, i);
	if (w->cls != W_REL)
		return false;
	int rv = w->val;
	int dir = rv == R_LAST || rv == R_PAST ? -1 : rv == R_NEXT ? 1 : 0;
	size_t k = i + 1;
	const word_info *u = W(c, k);
	h->first = i;
	/* "the past nine months", "the last two years": durations */
	if (rv == R_PAST || rv == R_LAST) {
		long v;
		size_t lc;
		bool article;
		if (count_at(c, k, &v, &lc, &article) && !article && W(c, lc + 1)->cls == W_UNIT &&
		    (W(c, lc + 1)->flags & FL_PLURAL)) {
			h->last = lc + 1;
			set_unresolved(h, FIN_GRAIN_DURATION);
			return true;
		}
		if (W(c, k)->cls == W_FEW && W(c, k + 1)->cls == W_UNIT && (W(c, k + 1)->flags & FL_PLURAL)) {
			h->last = k + 1;
			set_unresolved(h, FIN_GRAIN_DURATION);
			return true;
		}
	}
	if (u->cls == W_WDAY) {
		h->last = k;
		if (!c->ref_ok) {
			set_unresolved(h, FIN_GRAIN_DAY);
			return true;
		}
		int wd = u->val, rw = weekday_of(c->ref_z);
		long z;
		if (dir < 0) {
			int delta = (rw - wd + 7) % 7;
			z = c->ref_z - (delta == 0 ? 7 : delta);
		} else {
			long mon = c->ref_z - (rw - 1) + 7L * dir;
			z = mon + wd - 1;
		}
		set_days(h, FIN_GRAIN_DAY, z, z);
		return true;
	}
	bool mabbr;
	int m = month_at(c, k, &mabbr);
	if (m && rv != R_PAST) {
		h->last = k;
		if (!c->ref_ok) {
			set_unresolved(h, FIN_GRAIN_MONTH);
			return true;
		}
		long y = c->ref.year;
		if (dir < 0 && m >= c->ref.month)
			y--;
		else if (dir > 0 && m <= c->ref.month)
			y++;
		set_month(h, y, m);
		return true;
	}
	if (u->cls != W_UNIT || (u->flags & FL_PLURAL))
		return false;
	int unit = u->val;
	h->last = k;
	if (rv == R_PAST && unit != U_DAY) {
		set_unresolved(h, FIN_GRAIN_DURATION); /* "the past year": up to now */
		return true;
	}
	fin_grain g;
	switch (unit) {
	case U_DAY: g = FIN_GRAIN_DAY; break;
	case U_WEEK: g = FIN_GRAIN_WEEK; break;
	case U_WEEKEND: g = FIN_GRAIN_WEEKEND; break;
	case U_MONTH: g = FIN_GRAIN_MONTH; break;
	case U_QUARTER: g = FIN_GRAIN_QUARTER; break;
	case U_HALF: g = FIN_GRAIN_HALF; break;
	case U_YEAR: g = FIN_GRAIN_YEAR; break;
	case U_DECADE: g = FIN_GRAIN_DECADE; break;
	default: return false;
	}
	/* "next week Friday", "last week on Sunday" */
	if (unit == U_WEEK) {
		size_t r = k + 1;
		if (wcls(c, r) == W_ON)
			r++;
		if (wcls(c, r) == W_WDAY) {
			h->last = r;
			if (!c->ref_ok) {
				set_unresolved(h, FIN_GRAIN_DAY);
				return true;
			}
			long mon = c->ref_z - (weekday_of(c->ref_z) - 1) + 7L * dir;
			long z = mon + W(c, r)->val - 1;
			set_days(h, FIN_GRAIN_DAY, z, z);
			return true;
		}
	}
	if (!c->ref_ok) {
		set_unresolved(h, g);
		return true;
	}
	long z = c->ref_z, y = c->ref.year;
	switch (unit) {
	case U_DAY:
		set_days(h, g, z + dir, z + dir);
		break;
	case U_WEEK:
		set_week(h, z, dir);
		break;
	case U_WEEKEND:
		set_weekend(h, z, dir);
		break;
	case U_MONTH: {
		long mi = y * 12 + (c->ref.month - 1) + dir;
		set_month(h, mi / 12, (int)(mi % 12) + 1);
		break;
	}
	case U_QUARTER: {
		long qi = y * 4 + (c->ref.month - 1) / 3 + dir;
		set_quarter(h, qi / 4, (int)(qi % 4) + 1);
		break;
	}
	case U_HALF: {
		long hi = y * 2 + (c->ref.month - 1) / 6 + dir;
		set_half(h, hi / 2, (int)(hi % 2) + 1);
		break;
	}
	case U_YEAR:
		set_year(h, g, y + dir);
		break;
	default: { /* decade */
		long d0 = (y / 10) * 10 + 10L * dir;
		h->grain = g;
		h->a = mk_ymd(d0, 1, 1);
		h->b = mk_ymd(d0 + 9, 12, 31);
		break;
	}
	}
	return true;
}

/* "today", "yesterday", "tomorrow", "the day before yesterday" is handled
 * by parse_dayword through "day". */
static bool parse_dayrel(scan_ctx *c, size_t i, hit *h)
{
	const word_info *w = W(c, i);
	long off;
	size_t last = i;
	if (w->cls == W_DAYREL) {
		off = w->val == 0 ? 0 : w->val == 1 ? -1 : 1;
	} else if (w->cls == W_UNIT && w->val == U_DAY && !(w->flags & FL_PLURAL) &&
		   (is_word(c, i + 1, "before") || is_word(c, i + 1, "after")) &&
		   wcls(c, i + 2) == W_DAYREL && W(c, i + 2)->val != 0) {
		off = (W(c, i + 2)->val == 1 ? -1 : 1) + (is_word(c, i + 1, "before") ? -1 : 1);
		last = i + 2;
	} else {
		return false;
	}
	h->first = i;
	h->last = last;
	if (!c->ref_ok) {
		set_unresolved(h, FIN_GRAIN_DAY);
		return true;
	}
	set_days(h, FIN_GRAIN_DAY, c->ref_z + off, c->ref_z + off);
	return true;
}

/* "this weekend" is parse_rel's; "the weekend" / "over the weekend": the
 * most recent weekend in past narration, the coming one in the future. */
static bool parse_the_weekend(scan_ctx *c, size_t i, hit *h)
{
	const word_info *w = W(c, i + 1);
	if (wcls(c, i) != W_THE || w->cls != W_UNIT || w->val != U_WEEKEND || (w->flags & FL_PLURAL))
		return false;
	h->first = i;
	h->last = i + 1;
	if (!c->ref_ok) {
		set_unresolved(h, FIN_GRAIN_WEEKEND);
		return true;
	}
	int rw = weekday_of(c->ref_z);
	bool fut = sentence_tense(c, i) == TENSE_FUT;
	int dw = fut ? (rw >= 6 ? 1 : 0) : (rw >= 6 ? 0 : -1);
	set_weekend(h, c->ref_z, dw);
	return true;
}

/* Everything but a leading "the" and modifiers. */
static bool parse_core(scan_ctx *c, size_t i, hit *h)
{
	if (i >= c->n)
		return false;
	const fin_token *t = &c->t[i];
	if (t->kind == FIN_TOK_NUM) {
		return parse_numeric(c, i, h) || parse_qh(c, i, h) || parse_ordinal_period(c, i, h, 0) ||
		       parse_day_month(c, i, h) || parse_year(c, i, h) || parse_count(c, i, h);
	}
	if (t->kind != FIN_TOK_WORD)
		return false;
	const word_info *w = W(c, i);
	switch (w->cls) {
	case W_MONTH:
	case W_MONABBR:
		return parse_month(c, i, h);
	case W_WDAY:
	case W_WDABBR:
		return parse_weekday(c, i, h);
	case W_DAYREL:
		return parse_dayrel(c, i, h);
	case W_REL:
		return parse_rel(c, i, h);
	case W_ORD:
		return parse_ordinal_period(c, i, h, 0) || parse_nth_weekday(c, i, h) ||
		       parse_day_month(c, i, h);
	case W_CARD:
		return parse_count(c, i, h) || parse_day_month(c, i, h);
	case W_ART:
	case W_FEW:
		return parse_count(c, i, h);
	case W_FISCAL: {
		if (parse_fiscal(c, i, h))
			return true;
		/* "fiscal first quarter": calendar quarter, "fiscal" in the span */
		if (parse_ordinal_period(c, i + 1, h, 0)) {
			h->first = i;
			return true;
		}
		return false;
	}
	case W_FY:
		return parse_fiscal(c, i, h);
	case W_Q:
	case W_H:
		return parse_qh(c, i, h);
	case W_UNIT:
		return parse_dayrel(c, i, h);
	default:
		return false;
	}
}

/* Modifiers and a leading "the": "late March", "mid-1986", "the end of
 * 1986", "earlier this year", "the third quarter", "the 1980s". The unit
 * inside keeps its span and grain; the match grows to the left. */
static bool parse_at(scan_ctx *c, size_t i, hit *h)
{
	const word_info *w = W(c, i);
	size_t k = i;
	bool the = false;
	if (w->cls == W_THE) {
		the = true;
		k++;
		w = W(c, k);
		if (parse_the_weekend(c, i, h))
			return true;
	}
	if (w->cls == W_MOD) {
		size_t m = k + 1;
		if (is_punct(c, m, '-') && glued(c, m))
			m++;
		if (wcls(c, m) == W_OF || (is_word(c, m, "in") && w->val >= M_EARLIER))
			m++;
		if (wcls(c, m) == W_THE) {
			/* "the end of the year" / "the end of the quarter": the current one */
			const word_info *u = W(c, m + 1);
			if (u->cls == W_UNIT && !(u->flags & FL_PLURAL) &&
			    (u->val == U_YEAR || u->val == U_QUARTER || u->val == U_MONTH || u->val == U_WEEK)) {
				/* reuse parse_rel's resolution as "this <unit>" */
				h->first = i;
				h->last = m + 1;
				if (!c->ref_ok) {
					set_unresolved(h, u->val == U_YEAR ? FIN_GRAIN_YEAR : u->val == U_QUARTER
							  ? FIN_GRAIN_QUARTER : u->val == U_MONTH ? FIN_GRAIN_MONTH
							  : FIN_GRAIN_WEEK);
					return true;
				}
				long y = c->ref.year;
				if (u->val == U_YEAR)
					set_year(h, FIN_GRAIN_YEAR, y);
				else if (u->val == U_QUARTER)
					set_quarter(h, y, (c->ref.month - 1) / 3 + 1);
				else if (u->val == U_MONTH)
					set_month(h, y, c->ref.month);
				else
					set_week(h, c->ref_z, 0);
				return true;
			}
		}
		c->force_year = true;
		bool ok = parse_core(c, m, h);
		c->force_year = false;
		if (ok && h->grain != FIN_GRAIN_DURATION) {
			/* a day keeps its own span: "end March 31" is about March 31 */
			if (h->grain != FIN_GRAIN_DAY)
				h->first = the ? i : k;
			return true;
		}
	}
	if (the) {
		if (!parse_core(c, k, h))
			return false;
		/* "the" belongs to relative, period, decade and duration
		 * expressions, not to a calendar date or year. */
		const word_info *fw = W(c, k);
		bool calendar = fw->cls == W_MONTH || fw->cls == W_MONABBR ||
				(c->t[k].kind == FIN_TOK_NUM && h->grain != FIN_GRAIN_DECADE &&
				 h->grain != FIN_GRAIN_QUARTER && h->grain != FIN_GRAIN_HALF &&
				 h->grain != FIN_GRAIN_DURATION);
		if (!calendar)
			h->first = i;
		return true;
	}
	return parse_core(c, i, h);
}

/* ---------------------------------------------------------------------- */
/* Scan                                                                   */
/* ---------------------------------------------------------------------- */

/* Word classes that can start an expression. */
static bool trigger_word(int cls)
{
	switch (cls) {
	case W_MONTH: case W_MONABBR: case W_WDAY: case W_WDABBR: case W_CARD: case W_ORD:
	case W_UNIT: case W_REL: case W_MOD: case W_DAYREL: case W_THE: case W_FISCAL:
	case W_FY: case W_Q: case W_H: case W_ART: case W_FEW:
		return true;
	default:
		return false;
	}
}

/* false when parse_at surely fails at trigger word i of entry w: "the"
 * before a word that starts nothing, "a" before anything but a unit,
 * "few" or '-', a unit other than "day" (only "day before yesterday"
 * starts with one). Keeps the grammar's code off the commonest words. */
static bool may_start(const scan_ctx *c, size_t i, const word_info *w)
{
	switch (w->cls) {
	case W_THE:
		if (i + 1 < c->n && c->t[i + 1].kind == FIN_TOK_NUM)
			return true;
		return trigger_word(W(c, i + 1)->cls);
	case W_ART: {
		const word_info *u = W(c, i + 1);
		return u->cls == W_UNIT || u->cls == W_FEW || is_punct(c, i + 1, '-');
	}
	case W_UNIT:
		return w->val == U_DAY && !(w->flags & FL_PLURAL);
	default:
		return true;
	}
}

/* false when parse_at surely fails at number token i. No rule takes a
 * number with a thousands comma ("1,750") or of five digits or more. A
 * number with one dot is a date only after "on" or a weekday ("on 4.22")
 * or a count before a unit ("1.5 years"); with two, a numeric date
 * ("13.5.2015"). A plain number 1000..2999 is a year only in a year's
 * company: a glued '/', '-', "'s" or word ("1980s"), an ordinal or
 * "fiscal" after it, a word that makes it a year before ("in 1986") or
 * after ("1986 results"), or a year just before ("1985 and 1986"). Other
 * plain digits start something only before a glued '/' or '-' (a numeric
 * date; '.' too for a day: "16. Nov."), a glued word ("3Q", "1st",
 * "22april") or, with at most three digits, a unit, a month or "of" ("two
 * years", "26 February", "4th of March"). Most numbers of a text ("15
 * kilos", "2.03 dlrs") stop here instead of going through every rule. */
static bool num_may_start(const scan_ctx *c, size_t i)
{
	const char *p = c->text + c->t[i].start;
	size_t n = tlen(c, i);
	unsigned dots = 0;
	for (size_t k = 0; k < n; k++) {
		if (p[k] == ',')
			return false;
		dots += p[k] == '.';
	}
	if (dots == 2)
		return true;
	if (dots > 2)
		return false;
	if (dots == 1) {
		if (i > 0 && (wcls(c, i - 1) == W_ON || wcls(c, i - 1) == W_WDAY))
			return true;
		if (n > 6 || p[0] == '.')
			return false;
		return wcls(c, i + 1) == W_UNIT || is_punct(c, i + 1, '-');
	}
	if (n > 4)
		return false;
	long v = 0;
	for (size_t k = 0; k < n; k++)
		v = v * 10 + (p[k] - '0');
	size_t j = i + 1;
	if (n == 4 && v >= 1000 && v <= 2999) {
		if (j < c->n && (glued(c, j) || c->t[j].kind == FIN_TOK_NUM))
			return true;
		const word_info *nw = W(c, j);
		if (nw->cls == W_ORD || nw->cls == W_FISCAL || (nw->flags & FL_YEARNOUN))
			return true;
		if (i > 0 && (W(c, i - 1)->flags & FL_YEARPREP))
			return true;
		return c->year_end != SIZE_MAX && i > 0 && i - 1 == c->year_end;
	}
	if (j >= c->n)
		return false;
	bool g = glued(c, j);
	if (c->t[j].kind == FIN_TOK_PUNCT)
		return g && (is_punct(c, j, '/') || is_punct(c, j, '-') || (n <= 2 && is_punct(c, j, '.')));
	if (n == 4 || c->t[j].kind != FIN_TOK_WORD)
		return false;
	if (g)
		return true;
	int cls = wcls(c, j);
	return cls == W_UNIT || cls == W_MONTH || cls == W_MONABBR || cls == W_OF;
}

/* Parse an expression at token i and append it to *out: 1 when one was
 * found (c->taken gets its last token), 0 when none, FIN_ENOMEM. */
static int try_at(scan_ctx *c, size_t i, fin_arena *arena, fin_field field, fin_date **out,
		  size_t *n, size_t *cap)
{
	hit h;
	memset(&h, 0, sizeof h);
	if (!parse_at(c, i, &h))
		return 0;
	if (h.last < h.first || h.last >= c->n)
		return 0;
	/* no date runs into a new line's sentence ("for M-3.\n February
	 * levels" is not 3 February) or one that "The" opens ("in January.
	 * The first ..."); "16. Nov. 2016" is one date */
	for (size_t k = h.first + 1; k <= h.last; k++)
		if ((c->t[k].flags & FIN_TF_SENT_START) &&
		    ((c->t[k].flags & FIN_TF_NL_BEFORE) || wcls(c, k) == W_THE || wcls(c, k) == W_ART))
			return 0;
	if (*n >= *cap && fin_arena_grow(arena, (void **)out, cap, *n, sizeof(fin_date)))
		return FIN_ENOMEM;
	fin_date *d = &(*out)[(*n)++];
	d->field = field;
	d->start = c->t[h.first].start;
	d->end = c->t[h.last].end;
	d->grain = h.grain;
	d->start_date = h.a;
	d->end_date = h.b;
	if (h.a.year == 0 || h.b.year == 0) {
		memset(&d->start_date, 0, sizeof d->start_date);
		memset(&d->end_date, 0, sizeof d->end_date);
	}
	c->year_end = h.grain == FIN_GRAIN_YEAR ? h.last + 1 : SIZE_MAX;
	c->taken = h.last;
	return 1;
}

/* The class of token j when it is "the", "a" or "an" (W_THE, W_ART) at or
 * after from, else W_NONE. */
static int lead_cls(const scan_ctx *c, size_t j, size_t from)
{
	if (j < from || c->t[j].kind != FIN_TOK_WORD || tlen(c, j) > 3)
		return W_NONE;
	int cls = wcls(c, j);
	return cls == W_THE || cls == W_ART ? cls : W_NONE;
}

/* The leads of token i that the scan has not passed yet (>= from), in
 * text order, into lead[]; returns how many (0..2). A lead is a "the" or
 * "a" just before i, or an "a" two before it with a '-' between ("a-
 * year"), and a "the" just before an "a" lead ("the a year ago"). */
static size_t leads_before(const scan_ctx *c, size_t i, size_t from, size_t lead[2])
{
	size_t j = i;
	if (j > from && is_punct(c, j - 1, '-'))
		j--;
	if (j <= from)
		return 0;
	j--;
	int cls = lead_cls(c, j, from);
	if (cls == W_NONE || (cls == W_THE && j + 1 != i))
		return 0;
	if (cls == W_ART && j > from && lead_cls(c, j - 1, from) == W_THE) {
		lead[0] = j - 1;
		lead[1] = j;
		return 2;
	}
	lead[0] = j;
	return 1;
}

/* true when token t may start an expression: a number, or a word that may
 * be a trigger word (trig_bloom). Without branches on the text: the main
 * loop runs it for every token, and mispredicted branches, not work, were
 * its cost. Tokens are never empty. */
static bool scan_candidate(const fin_date_scanner *s, const char *text, const fin_token *t)
{
	size_t n = t->end - t->start;
	unsigned word = bloom_has(s->trig_bloom, fin_word_bloom_bit(text + t->start, n));
	return (word & (unsigned)(t->kind == FIN_TOK_WORD)) | (unsigned)(t->kind == FIN_TOK_NUM);
}

/* Scan tokens [t0, t1) of c's field for dates; t0 starts a sentence (or
 * the field). */
static int scan_span(scan_ctx *cp, size_t t0, size_t t1, fin_arena *arena, fin_field field,
		     fin_date **out, size_t *n, size_t *cap)
{
	scan_ctx c = *cp;
	const fin_date_scanner *s = c.s;
	const char *text = c.text;
	/* No slot holds a token yet (all bits set: SIZE_MAX); cache_w is read
	 * only for a slot that does. */
	size_t cache_i[WCACHE];
	const word_info *cache_w[WCACHE];
	memset(cache_i, 0xFF, sizeof cache_i);
	c.cache_i = cache_i;
	c.cache_w = cache_w;
	size_t tense_at = SIZE_MAX;
	int tense_val = TENSE_NONE;
	c.tense_at = &tense_at;
	c.tense_val = &tense_val;
	/* Every token from `from` on is tried as a start, in text order, as if
	 * each were; an expression found at i takes its tokens (the next try
	 * is after it). "the", "a" and "an" are no candidates of the filter:
	 * one starts something only before a word that does (may_start), so
	 * it is tried when that word is reached, just before the word. */
	size_t from = t0;
	/* The candidates of a block of tokens are listed first, without a
	 * branch per token (a compaction: most tokens are not candidates, and
	 * which are is what no predictor knows), then tried in order. */
	size_t cand[256];
	for (size_t base = t0; base < t1; base += 256) {
		size_t end = t1 - base > 256 ? base + 256 : t1;
		size_t nc = 0;
		for (size_t i = base; i < end; i++) {
			cand[nc] = i;
			nc += scan_candidate(s, text, &c.t[i]);
		}
		for (size_t q = 0; q < nc; q++) {
			size_t i = cand[q];
			if (i < from)
				continue; /* inside the expression found last */
			bool num = c.t[i].kind == FIN_TOK_NUM;
			if (!num && !trigger_word(W(&c, i)->cls))
				continue;
			/* Its leads ("the", "a") first, as the scan would have met them. */
			size_t lead[2];
			size_t nl = leads_before(&c, i, from, lead);
			int found = 0;
			for (size_t k = 0; k < nl && !found; k++) {
				if (!may_start(&c, lead[k], W(&c, lead[k])))
					continue;
				found = try_at(&c, lead[k], arena, field, out, n, cap);
				if (found < 0)
					return found;
			}
			if (found) {
				from = c.taken + 1;
				continue;
			}
			if (num ? !num_may_start(&c, i) : !may_start(&c, i, W(&c, i)))
				continue;
			int cls = num ? W_NONE : W(&c, i)->cls;
			if (cls == W_THE || cls == W_ART)
				continue; /* a filter false positive: tried as a lead */
			int rc = try_at(&c, i, arena, field, out, n, cap);
			if (rc < 0)
				return rc;
			if (rc)
				from = c.taken + 1;
		}
	}
	return FIN_OK;
}

/* The scan state of one field (the spans' scans start from it). */
static void scan_init(scan_ctx *c, const fin_date_scanner *s, const char *text, const fin_tokens *toks,
		      fin_ymd ref)
{
	c->s = s;
	c->text = text;
	c->t = toks->v;
	c->n = toks->n;
	c->ref = ref;
	c->ref_ok = ref.year > 0 && ref.month >= 1 && ref.month <= 12 && ref.day >= 1 &&
		    ref.day <= month_days(ref.year, ref.month);
	c->ref_z = c->ref_ok ? ymd_days(ref) : 0;
	c->year_end = SIZE_MAX;
	c->force_year = false;
	c->safe_end = c->n ? c->t[c->n - 1].end : 0;
}

int fin_date_scan(const fin_date_scanner *s, fin_arena *arena, const char *text,
		  const fin_tokens *toks, fin_field field, fin_ymd ref,
		  fin_date **out, size_t *n, size_t *cap)
{
	scan_ctx c;
	scan_init(&c, s, text, toks, ref);
	return scan_span(&c, 0, c.n, arena, field, out, n, cap);
}

int fin_date_scan_spans(const fin_date_scanner *s, fin_arena *arena, const char *text,
			const fin_tokens *toks, fin_field field, fin_ymd ref, const fin_span *sp,
			size_t nsp, fin_date **out, size_t *n, size_t *cap)
{
	scan_ctx c;
	scan_init(&c, s, text, toks, ref);
	for (size_t k = 0; k < nsp; k++) {
		size_t t1 = sp[k].t1 < c.n ? sp[k].t1 : c.n;
		if (sp[k].t0 >= t1)
			continue;
		int rc = scan_span(&c, sp[k].t0, t1, arena, field, out, n, cap);
		if (rc)
			return rc;
	}
	return FIN_OK;
}
