/*
 * test_date.c — dates resolved against the publication date (src/date.c).
 *
 * Each case lexes a sentence, scans it with a fixed reference date and
 * checks one expression: its exact text span, grain and resolved period.
 */
#include "internal.h"

#include "check.h"

#include <string.h>

static fin_date_scanner *scanner;

/* Scan text with reference date ref ("" for unknown); results in *out. */
static size_t scan(fin_arena *arena, const char *text, const char *ref, fin_date **out)
{
	fin_tokens toks;
	fin_ymd r;
	memset(&r, 0, sizeof r);
	if (ref[0])
		CHECK(fin_ymd_parse(ref, strlen(ref), &r) == 0);
	CHECK(fin_lex(arena, text, strlen(text), &toks) == 0);
	fin_date *v = NULL;
	size_t n = 0, cap = 0;
	CHECK(fin_date_scan(scanner, arena, text, &toks, FIN_FIELD_BODY, r, &v, &n, &cap) == 0);
	*out = v;
	return n;
}

/* The date in v whose text is exactly span, or NULL. */
static const fin_date *find(const char *text, const fin_date *v, size_t n, const char *span)
{
	size_t len = strlen(span);
	for (size_t k = 0; k < n; k++)
		if (v[k].end - v[k].start == len && memcmp(text + v[k].start, span, len) == 0)
			return &v[k];
	return NULL;
}

static void dump(const char *text, const fin_date *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		char a[11], b[11];
		fin_ymd_format(v[k].start_date, a);
		fin_ymd_format(v[k].end_date, b);
		fprintf(stderr, "    found \"%.*s\" grain=%d %s..%s\n", (int)(v[k].end - v[k].start),
			text + v[k].start, (int)v[k].grain, a, b);
	}
}

/* Expect span in text (with ref) to be found with grain g and period
 * [a, b] ("" for null dates). */
static void expect_at(int line, const char *text, const char *ref, const char *span, fin_grain g,
		      const char *a, const char *b)
{
	fin_arena arena;
	fin_arena_init(&arena, 0);
	fin_date *v;
	size_t n = scan(&arena, text, ref, &v);
	const fin_date *d = find(text, v, n, span);
	if (!d) {
		check_failed++;
		fprintf(stderr, "test_date.c:%d: \"%s\" not found in \"%s\"\n", line, span, text);
		dump(text, v, n);
		fin_arena_free(&arena);
		return;
	}
	char sa[11], sb[11];
	fin_ymd_format(d->start_date, sa);
	fin_ymd_format(d->end_date, sb);
	if ((int)d->grain == (int)g && strcmp(sa, a) == 0 && strcmp(sb, b) == 0) {
		check_passed++;
	} else {
		check_failed++;
		fprintf(stderr, "test_date.c:%d: \"%s\": grain %d %s..%s, expected grain %d %s..%s\n", line,
			span, (int)d->grain, sa, sb, (int)g, a, b);
	}
	/* offsets index the text and cover exactly the expression */
	CHECK(d->start < d->end && d->end <= strlen(text));
	CHECK(d->field == FIN_FIELD_BODY);
	fin_arena_free(&arena);
}

/* Expect that no date overlaps the first occurrence of word in text. */
static void expect_none_at(int line, const char *text, const char *ref, const char *word)
{
	fin_arena arena;
	fin_arena_init(&arena, 0);
	fin_date *v;
	size_t n = scan(&arena, text, ref, &v);
	const char *p = strstr(text, word);
	if (!p) {
		check_failed++;
		fprintf(stderr, "test_date.c:%d: bad test, \"%s\" not in text\n", line, word);
		fin_arena_free(&arena);
		return;
	}
	size_t s = (size_t)(p - text), e = s + strlen(word);
	bool hit = false;
	for (size_t k = 0; k < n; k++)
		if (v[k].start < e && v[k].end > s)
			hit = true;
	if (hit) {
		check_failed++;
		fprintf(stderr, "test_date.c:%d: unexpected date over \"%s\" in \"%s\"\n", line, word, text);
		dump(text, v, n);
	} else {
		check_passed++;
	}
	fin_arena_free(&arena);
}

#define D(text, ref, span, g, a, b) expect_at(__LINE__, text, ref, span, FIN_GRAIN_##g, a, b)
#define NONE(text, ref, word) expect_none_at(__LINE__, text, ref, word)

#define SEED "2025-11-03" /* a Monday */
#define REUT "1987-02-26" /* a Thursday */

static void test_absolute(void)
{
	/* past narration ("closed") never looks after the publication date */
	D("The deal closed on Feb 26.", SEED, "Feb 26", DAY, "2025-02-26", "2025-02-26");
	/* otherwise the nearest Feb 26 */
	D("The deal is set to close Feb 26.", SEED, "Feb 26", DAY, "2026-02-26", "2026-02-26");
	D("The deal closed on Feb 26.", REUT, "Feb 26", DAY, "1987-02-26", "1987-02-26");
	D("Shareholders met February 26.", REUT, "February 26", DAY, "1987-02-26", "1987-02-26");
	D("It was signed 26 February 2025 in London.", SEED, "26 February 2025", DAY, "2025-02-26",
	  "2025-02-26");
	D("It said on Feb. 26, 1987, that", SEED, "Feb. 26, 1987", DAY, "1987-02-26", "1987-02-26");
	D("Payment is due February 26th.", REUT, "February 26th", DAY, "1987-02-26", "1987-02-26");
	D("Published 2025-11-03 by staff.", "", "2025-11-03", DAY, "2025-11-03", "2025-11-03");
	D("Filed 11/3/25 with the SEC.", "", "11/3/25", DAY, "2025-11-03", "2025-11-03");
	D("Filed 11/3/2025 with the SEC.", "", "11/3/2025", DAY, "2025-11-03", "2025-11-03");
	/* day above 12 first: day/month */
	D("Filed 21/04/2016 in Paris.", "", "21/04/2016", DAY, "2016-04-21", "2016-04-21");
	D("Dated 16. Nov. 2016 in Berlin", "", "16. Nov. 2016", DAY, "2016-11-16", "2016-11-16");
	D("Dated 13.5.2015 in Berlin", "", "13.5.2015", DAY, "2015-05-13", "2015-05-13");
	D("<DATE>26-FEB-1987 15:01:79.79</DATE>", SEED, "26-FEB-1987", DAY, "1987-02-26",
	  "1987-02-26");
	D("I'll go back 2019-sep-1.", "", "2019-sep-1", DAY, "2019-09-01", "2019-09-01");
	D("It happened Monday, January 12th, 2016 at noon", "", "Monday, January 12th, 2016", DAY,
	  "2016-01-12", "2016-01-12");
	/* no year: the nearest such date; past narration never after ref */
	D("The dividend is payable March 2.", REUT, "March 2", DAY, "1987-03-02", "1987-03-02");
	D("Profits rose sharply on March 2.", REUT, "March 2", DAY, "1986-03-02", "1986-03-02");
	D("The company reported on Dec 31 a loss.", REUT, "Dec 31", DAY, "1986-12-31", "1986-12-31");
	D("It was on 4th of march", "2016-11-07", "4th of march", DAY, "2016-03-04",
	  "2016-03-04");
	/* unknown reference: still reported, unresolved */
	D("The deal closed on Feb 26.", "", "Feb 26", DAY, "", "");
	D("Options expire the third Friday of March 1987.", SEED, "the third Friday of March 1987",
	  DAY, "1987-03-20", "1987-03-20");
	D("It was due on the twenty-second of June 2017.", SEED, "the twenty-second of June 2017", DAY,
	  "2017-06-22", "2017-06-22");
	D("The vote is set for Friday the 7th.", SEED, "Friday the 7th", DAY, "2025-11-07",
	  "2025-11-07");
}

static void test_months_years(void)
{
	D("Sales rose in March 1987 by 4 pct.", SEED, "March 1987", MONTH, "1987-03-01", "1987-03-31");
	D("Sales rose in March, it said.", REUT, "March", MONTH, "1986-03-01", "1986-03-31");
	D("Deliveries are due in March.", REUT, "March", MONTH, "1987-03-01", "1987-03-31");
	D("The plant opened in May.", REUT, "May", MONTH, "1986-05-01", "1986-05-31");
	D("The plant opened in 1986.", SEED, "1986", YEAR, "1986-01-01", "1986-12-31");
	D("Growth in 2025 will be slower.", SEED, "2025", YEAR, "2025-01-01", "2025-12-31");
	D("The 1986 results were poor.", REUT, "1986", YEAR, "1986-01-01", "1986-12-31");
	D("Output grew in 1985 and 1986 too.", REUT, "1986", YEAR, "1986-01-01", "1986-12-31");
	D("Inflation was high in the 1980s.", SEED, "the 1980s", DECADE, "1980-01-01", "1989-12-31");
	D("It rose in January of this year.", SEED, "January of this year", MONTH, "2025-01-01",
	  "2025-01-31");
	D("It rose in January this year.", SEED, "January this year", MONTH, "2025-01-01",
	  "2025-01-31");
	D("It was founded last January.", SEED, "last January", MONTH, "2025-01-01", "2025-01-31");
	D("The merger closes next January.", SEED, "next January", MONTH, "2026-01-01", "2026-01-31");
	/* modifiers keep the unit's span */
	D("It is due in late March 1987.", SEED, "late March 1987", MONTH, "1987-03-01", "1987-03-31");
	D("A plant opened in early 1986.", SEED, "early 1986", YEAR, "1986-01-01", "1986-12-31");
	D("Production starts mid-1986.", SEED, "mid-1986", YEAR, "1986-01-01", "1986-12-31");
	D("It will close by the end of 1986.", SEED, "the end of 1986", YEAR, "1986-01-01",
	  "1986-12-31");
	D("Sales fell earlier this year.", SEED, "earlier this year", YEAR, "2025-01-01", "2025-12-31");
}

static void test_quarters(void)
{
	D("Revenue in Q3 2025 rose.", SEED, "Q3 2025", QUARTER, "2025-07-01", "2025-09-30");
	D("Revenue in 3Q25 rose.", SEED, "3Q25", QUARTER, "2025-07-01", "2025-09-30");
	D("Net income in the third quarter rose.", SEED, "the third quarter", QUARTER, "2025-07-01",
	  "2025-09-30");
	D("Third-quarter net rose.", SEED, "Third-quarter", QUARTER, "2025-07-01", "2025-09-30");
	D("It lost money in the fourth quarter of 1986.", SEED, "the fourth quarter of 1986", QUARTER,
	  "1986-10-01", "1986-12-31");
	/* a results story's unqualified fourth quarter early in a year */
	D("Net in the fourth quarter rose 5 pct.", REUT, "the fourth quarter", QUARTER, "1986-10-01",
	  "1986-12-31");
	D("Fourth quarter net was 5 mln dlrs.", REUT, "Fourth quarter", QUARTER, "1986-10-01",
	  "1986-12-31");
	D("Sales in the first half were flat.", SEED, "the first half", HALF, "2025-01-01",
	  "2025-06-30");
	D("Sales in H1 2025 were flat.", SEED, "H1 2025", HALF, "2025-01-01", "2025-06-30");
	D("First-half sales were flat.", SEED, "First-half", HALF, "2025-01-01", "2025-06-30");
	D("Its 1986 fourth quarter was weak.", SEED, "1986 fourth quarter", QUARTER, "1986-10-01",
	  "1986-12-31");
	D("Revenue in the last quarter rose.", SEED, "the last quarter", QUARTER, "2025-07-01",
	  "2025-09-30");
	D("Revenue this quarter rose.", SEED, "this quarter", QUARTER, "2025-10-01", "2025-12-31");
	D("Revenue next quarter will rise.", SEED, "next quarter", QUARTER, "2026-01-01",
	  "2026-03-31");
	D("Revenue last quarter rose.", "2025-01-15", "last quarter", QUARTER, "2024-10-01",
	  "2024-12-31");
}

static void test_fiscal(void)
{
	D("Earnings for fiscal 1986 fell.", REUT, "fiscal 1986", FISCAL_YEAR, "1986-01-01",
	  "1986-12-31");
	D("Earnings for fiscal year 1987 fell.", REUT, "fiscal year 1987", FISCAL_YEAR, "1987-01-01",
	  "1987-12-31");
	D("Guidance for FY2025 was cut.", SEED, "FY2025", FISCAL_YEAR, "2025-01-01", "2025-12-31");
}

static void test_relative(void)
{
	D("Shares rose today.", SEED, "today", DAY, "2025-11-03", "2025-11-03");
	D("Shares rose yesterday.", SEED, "yesterday", DAY, "2025-11-02", "2025-11-02");
	D("Shares may rise tomorrow.", SEED, "tomorrow", DAY, "2025-11-04", "2025-11-04");
	/* past narration: the most recent Monday strictly before publication */
	D("Following the announcement of the deal on Monday, shares rose.", SEED, "Monday", DAY,
	  "2025-10-27", "2025-10-27");
	D("The board will meet on Friday.", SEED, "Friday", DAY, "2025-11-07", "2025-11-07");
	D("The board met on Friday.", SEED, "Friday", DAY, "2025-10-31", "2025-10-31");
	D("The company said on Wednesday it agreed.", REUT, "Wednesday", DAY, "1987-02-25",
	  "1987-02-25");
	D("Shares fell last week.", SEED, "last week", WEEK, "2025-10-27", "2025-11-02");
	D("Shares fell this week.", SEED, "this week", WEEK, "2025-11-03", "2025-11-09");
	D("Talks resume next week.", SEED, "next week", WEEK, "2025-11-10", "2025-11-16");
	D("Sales fell last month.", SEED, "last month", MONTH, "2025-10-01", "2025-10-31");
	D("Sales fell this month.", SEED, "this month", MONTH, "2025-11-01", "2025-11-30");
	D("Sales rise next month.", SEED, "next month", MONTH, "2025-12-01", "2025-12-31");
	D("Sales fell last year.", SEED, "last year", YEAR, "2024-01-01", "2024-12-31");
	D("Sales fell this year.", SEED, "this year", YEAR, "2025-01-01", "2025-12-31");
	D("Sales rise next year.", SEED, "next year", YEAR, "2026-01-01", "2026-12-31");
	D("Sales fell last year.", "1987-01-05", "last year", YEAR, "1986-01-01", "1986-12-31");
	D("Talks were held this weekend.", SEED, "this weekend", WEEKEND, "2025-11-08", "2025-11-09");
	D("Talks were held last weekend.", SEED, "last weekend", WEEKEND, "2025-11-01", "2025-11-02");
	D("Talks were held over the weekend.", SEED, "the weekend", WEEKEND, "2025-11-01",
	  "2025-11-02");
	D("It bought the unit two weeks ago.", SEED, "two weeks ago", WEEK, "2025-10-20",
	  "2025-10-26");
	D("It bought the unit three days ago.", SEED, "three days ago", DAY, "2025-10-31",
	  "2025-10-31");
	D("The day before yesterday it fell.", SEED, "The day before yesterday", DAY, "2025-11-01",
	  "2025-11-01");
	/* unresolvable without a reference date, but reported */
	D("Shares fell last week.", "", "last week", WEEK, "", "");
	D("The board met on Friday.", "", "Friday", DAY, "", "");
}

static void test_durations(void)
{
	D("It signed a seven-year agreement.", SEED, "seven-year", DURATION, "", "");
	D("It sold a 10-year bond.", SEED, "10-year", DURATION, "", "");
	D("The talks took two years.", SEED, "two years", DURATION, "", "");
	D("Sales rose in the past nine months.", SEED, "the past nine months", DURATION, "", "");
	D("The strike lasted for three months.", SEED, "three months", DURATION, "", "");
}

static void test_negatives(void)
{
	NONE("Prices may rise again.", SEED, "may");
	NONE("It sold 1,987 dlrs of stock.", SEED, "1,987");
	NONE("It paid $1986 for it.", SEED, "1986");
	NONE("They march on Washington.", SEED, "march");
	NONE("The Sun newspaper said.", SEED, "Sun");
	NONE("He came second in the race.", SEED, "second");
	NONE("It earned 1987 dlrs.", SEED, "1987");
	NONE("Shares rose 11-5/8 to 40.", SEED, "11-5/8");
	NONE("Prices were 15-18 dlrs a barrel.", SEED, "15-18");
	NONE("It costs $5 a year.", SEED, "a year");
	NONE("Theresa May said the talks went well.", SEED, "May");
	NONE("The Sat exam was hard.", SEED, "Sat");
	NONE("It sold 2,000 shares in the quarter.", SEED, "2,000");
	/* no date runs across a sentence start */
	NONE("It grew 1.0 pct for M-3.\n    February levels of M-2 fell.", SEED, "3.");
	NONE("NY COFFEE 10:30\n\n MAY7  10225 UP  21", SEED, "10:30");
	NONE("It fell in January. The first rise came later.", SEED, "The first");
}

/* Scanning only some sentences (fin_date_scan_spans) finds in them what
 * the whole-field scan finds there. */
static void test_spans(void)
{
	const char *text = "Acme Inc said on Feb 26 it sold the unit for 5 mln dlrs. It had bought it in "
			   "1985 and 1986. Net profit rose in the fourth quarter of 1986, it said on Monday. "
			   "Sales will grow next year, from 1987 to 1988. The deal closes in March.";
	fin_arena arena;
	fin_arena_init(&arena, 0);
	fin_tokens toks;
	fin_ymd r;
	CHECK(fin_ymd_parse("1987-03-02", 10, &r) == 0);
	CHECK(fin_lex(&arena, text, strlen(text), &toks) == 0);
	fin_date *all = NULL;
	size_t na = 0, cap = 0;
	CHECK(fin_date_scan(scanner, &arena, text, &toks, FIN_FIELD_BODY, r, &all, &na, &cap) == 0);
	CHECK(na >= 7);
	/* the sentences, from the lexer's sentence starts */
	fin_span sent[8];
	size_t ns = 0;
	for (size_t i = 0; i < toks.n && ns < 8; i++)
		if (i == 0 || (toks.v[i].flags & FIN_TF_SENT_START)) {
			if (ns)
				sent[ns - 1].t1 = i;
			sent[ns].t0 = i;
			sent[ns].t1 = toks.n;
			ns++;
		}
	CHECK_INT(ns, 5);
	/* every subset of the sentences */
	for (unsigned mask = 0; mask < (1u << ns); mask++) {
		fin_span sp[8];
		size_t k = 0;
		for (size_t q = 0; q < ns; q++)
			if (mask & (1u << q))
				sp[k++] = sent[q];
		fin_date *v = NULL;
		size_t n = 0;
		cap = 0;
		CHECK(fin_date_scan_spans(scanner, &arena, text, &toks, FIN_FIELD_BODY, r, sp, k, &v, &n, &cap) == 0);
		size_t want = 0;
		for (size_t d = 0; d < na; d++) {
			bool in = false;
			for (size_t q = 0; q < k; q++)
				in |= all[d].start >= toks.v[sp[q].t0].start &&
				      (sp[q].t1 >= toks.n || all[d].start < toks.v[sp[q].t1].start);
			if (!in)
				continue;
			if (want < n) {
				CHECK_INT(v[want].start, all[d].start);
				CHECK_INT(v[want].end, all[d].end);
				CHECK_INT(v[want].grain, all[d].grain);
				CHECK_INT(v[want].start_date.year, all[d].start_date.year);
				CHECK_INT(v[want].start_date.month, all[d].start_date.month);
				CHECK_INT(v[want].start_date.day, all[d].start_date.day);
			}
			want++;
		}
		CHECK_INT(n, want);
	}
	fin_arena_free(&arena);
}

/* A whole Reuters-like paragraph: offsets must index the text exactly. */
static void test_offsets(void)
{
	const char *text = "NEW YORK, Feb 26 - Acme Inc said its fourth quarter net rose "
			   "and that it expects fiscal 1987 sales to grow.";
	fin_arena arena;
	fin_arena_init(&arena, 0);
	fin_date *v;
	size_t n = scan(&arena, text, REUT, &v);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(v[0].start, 10);
		CHECK_INT(v[0].end, 16);
		CHECK_INT(v[1].start, (long)(strstr(text, "fourth") - text));
		CHECK_INT(v[1].end, (long)(strstr(text, " net") - text));
		CHECK_INT(v[2].grain, FIN_GRAIN_FISCAL_YEAR);
		CHECK_INT(v[2].end, (long)(strstr(text, " sales") - text));
	}
	fin_arena_free(&arena);
}

/* Out of memory is reported up, never a crash. */
static void test_oom(void)
{
	fin_date_scanner *s2 = NULL;
	fin_alloc_fail_after(1);
	int rc = fin_date_scanner_new(&s2, NULL);
	fin_alloc_fail_after(0);
	CHECK_INT(rc, FIN_ENOMEM);
	CHECK(s2 == NULL);

	const char *text = "Shares fell last week and on Monday, in March 1987 and in 1986.";
	fin_arena arena;
	fin_arena_init(&arena, 0);
	fin_tokens toks;
	CHECK(fin_lex(&arena, text, strlen(text), &toks) == 0);
	fin_ymd ref = {2025, 11, 3};
	fin_date *v = NULL;
	size_t n = 0, cap = 0;
	fin_arena small;
	fin_arena_init(&small, 16);
	fin_alloc_fail_after(1);
	rc = fin_date_scan(scanner, &small, text, &toks, FIN_FIELD_BODY, ref, &v, &n, &cap);
	fin_alloc_fail_after(0);
	CHECK_INT(rc, FIN_ENOMEM);
	fin_arena_free(&small);
	fin_arena_free(&arena);
}

int main(void)
{
	CHECK(fin_date_scanner_new(&scanner, NULL) == 0);
	if (!scanner)
		return check_done();
	test_absolute();
	test_months_years();
	test_quarters();
	test_fiscal();
	test_relative();
	test_durations();
	test_negatives();
	test_offsets();
	test_spans();
	test_oom();
	fin_date_scanner_free(scanner);
	return check_done();
}
