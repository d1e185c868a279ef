/*
 * test_eval.c — the matching rules of finfig eval (include/finfig/eval.h),
 * one rule per test, on tiny gold articles and records whose true
 * positives, false positives and false negatives were counted by hand (the
 * comment above each expectation says how). Then the fixtures of
 * tests/eval/ (see tests/eval/README.md for their hand count).
 */
#include "finfig/eval.h"

#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Diagnostics seen: their number and the last one. */
typedef struct diag_log {
	int errors;
	char path[256];
	long line;
	char message[512];
} diag_log;

static void on_diag(void *ud, fin_severity sev, const char *path, long line, const char *message)
{
	diag_log *d = ud;
	if (sev == FIN_SEV_ERROR)
		d->errors++;
	snprintf(d->path, sizeof d->path, "%s", path);
	d->line = line;
	snprintf(d->message, sizeof d->message, "%s", message);
}

/* Score one gold article against records given as JSON Lines text. */
static fin_eval_scores score(const char *gold, const char *records, int explicit_only, diag_log *log)
{
	fin_eval_scores sc;
	memset(&sc, 0, sizeof sc);
	fin_eval_opts o = {explicit_only};
	fin_eval *ev = NULL;
	CHECK(fin_eval_new(&ev, &o) == FIN_OK);
	if (!ev)
		return sc;
	fin_eval_add_gold(ev, gold, strlen(gold), "t/doc.json", on_diag, log);
	const char *p = records;
	long line = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		line++;
		if (n)
			fin_eval_add_record(ev, p, n, "records", line, on_diag, log);
		p += n + (nl ? 1 : 0);
	}
	CHECK(fin_eval_score(ev, &sc, NULL, NULL) == FIN_OK);
	fin_eval_free(ev);
	return sc;
}

#define CHECK_COUNTS(c, TP, FP, FN)                                                                          \
	do {                                                                                                 \
		CHECK_INT((c).tp, (TP));                                                                     \
		CHECK_INT((c).fp, (FP));                                                                     \
		CHECK_INT((c).fn, (FN));                                                                     \
	} while (0)

/* A money record line of doc "d". */
#define MONEY(VALUE, CUR) "{\"type\":\"money\",\"doc\":\"d\",\"value\":" VALUE ",\"currency\":\"" CUR "\"}\n"
#define RANGE(MIN, MAX, CUR)                                                                                 \
	"{\"type\":\"money\",\"doc\":\"d\",\"value\":null,\"min\":" MIN ",\"max\":" MAX                      \
	",\"currency\":\"" CUR "\"}\n"
#define COMPANY(NAME, TEXT)                                                                                  \
	"{\"type\":\"company\",\"doc\":\"d\",\"name\":\"" NAME "\",\"text\":\"" TEXT "\"}\n"

static void test_normalise(void)
{
	char b[128];
	const char *in = "Computer Terminal Systems Inc.";
	CHECK_INT(fin_eval_normalise(in, strlen(in), b, sizeof b), 25);
	CHECK_STR(b, "computer terminal systems");
	in = "computer terminal systems";
	fin_eval_normalise(in, strlen(in), b, sizeof b);
	CHECK_STR(b, "computer terminal systems");
	in = "  Smith &\tCo. (U.K.)  Holdings Ltd ";
	fin_eval_normalise(in, strlen(in), b, sizeof b);
	CHECK_STR(b, "smith uk");
	in = "<DIG>";
	fin_eval_normalise(in, strlen(in), b, sizeof b);
	CHECK_STR(b, "dig");
	in = "N.V. Philips' Gloeilampenfabrieken";
	fin_eval_normalise(in, strlen(in), b, sizeof b);
	CHECK_STR(b, "philips gloeilampenfabrieken");
	in = "Societe Generale S.A.";
	fin_eval_normalise(in, strlen(in), b, sizeof b);
	CHECK_STR(b, "societe generale");
	in = "BMW AG, GmbH, LLC, PLC, Limited, Corporation, Incorporated, Company, Group, Holding";
	fin_eval_normalise(in, strlen(in), b, sizeof b);
	CHECK_STR(b, "bmw");
	/* Only whole words go: "Cooper" keeps its "co", "Agfa" its "ag". */
	in = "Cooper Agfa Incas";
	fin_eval_normalise(in, strlen(in), b, sizeof b);
	CHECK_STR(b, "cooper agfa incas");
	in = "Group Inc";
	CHECK_INT(fin_eval_normalise(in, strlen(in), b, sizeof b), 0);
	CHECK_STR(b, "");
	/* Cut to the buffer, always terminated. */
	in = "Northwind Traders";
	CHECK_INT(fin_eval_normalise(in, strlen(in), b, 6), 5);
	CHECK_STR(b, "north");
}

static void test_tolerance(void)
{
	diag_log log = {0};
	/* Gold: 1000000 USD, 2.5 EUR, 1000000 GBP, 0.15 USD.
	 * 999999 USD: |diff| = 1 = 1e-6 * 1000000, on the bound: match.
	 * 2.5000026 EUR: |diff| 2.6e-6 > 1e-6 * 2.5000026: no.
	 * 1000002 GBP: |diff| 2 > 1.000002: no.
	 * 1.5e-1 USD is 0.15: match. 0.15 GBP: wrong currency.
	 * -> TP 2, FP 3, FN 2 (the EUR and GBP gold). */
	const char *gold = "{\"doc\":\"d\",\"money\":["
	                   "{\"value\":1000000,\"currency\":\"USD\"},"
	                   "{\"value\":2.5,\"currency\":\"EUR\"},"
	                   "{\"value\":1000000,\"currency\":\"GBP\"},"
	                   "{\"value\":0.15,\"currency\":\"USD\"}]}";
	fin_eval_scores sc = score(gold,
	                           MONEY("999999", "USD") MONEY("2.5000026", "EUR") MONEY("1000002", "GBP")
	                               MONEY("1.5e-1", "USD") MONEY("0.15", "GBP"),
	                           0, &log);
	CHECK_COUNTS(sc.money, 2, 3, 2);
	CHECK_INT(log.errors, 0);

	/* The other side of the bound: 1000001 vs 1000000 (|diff| 1 <= 1.000001)
	 * matches; 999998.999 vs 1000000 (|diff| 1.001 > 1) does not.
	 * -> TP 1, FP 1, FN 1. */
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":1000000,\"currency\":\"USD\"},"
	       "{\"value\":1000000,\"currency\":\"EUR\"}]}";
	sc = score(gold, MONEY("1000001", "USD") MONEY("999998.999", "EUR"), 0, &log);
	CHECK_COUNTS(sc.money, 1, 1, 1);

	/* Exact on numbers no double holds: 30 significant digits apart by 1
	 * match; 2^53 + 1 and 2^53 match; 10^20 written three ways matches;
	 * 1e-7 against 0 does not (zero only matches zero), 0 against 0.0 does.
	 * -> TP 4, FP 1, FN 1. */
	gold = "{\"doc\":\"d\",\"money\":["
	       "{\"value\":123456789012345678901234567890,\"currency\":\"USD\"},"
	       "{\"value\":9007199254740993,\"currency\":\"USD\"},"
	       "{\"value\":100000000000000000000,\"currency\":\"JPY\"},"
	       "{\"value\":0,\"currency\":\"EUR\"},"
	       "{\"value\":0,\"currency\":\"GBP\"}]}";
	sc = score(gold,
	           MONEY("123456789012345678901234567891", "USD") MONEY("9007199254740992", "USD")
	               MONEY("1E+20", "JPY") MONEY("0.0", "EUR") MONEY("1e-7", "GBP"),
	           0, &log);
	CHECK_COUNTS(sc.money, 4, 1, 1);

	/* Far apart in size: 1 and 10 never match, nor 5 and 5000000.
	 * -> TP 0, FP 2, FN 2. */
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":1,\"currency\":\"USD\"},"
	       "{\"value\":5,\"currency\":\"USD\"}]}";
	sc = score(gold, MONEY("10", "USD") MONEY("5000000", "USD"), 0, &log);
	CHECK_COUNTS(sc.money, 0, 2, 2);
	CHECK_INT(log.errors, 0);
}

static void test_ranges(void)
{
	diag_log log = {0};
	/* Gold: range 10..12 EUR, value 10 EUR.
	 * range 10..12: matches the range. value 10: the value (a range never
	 * matches a single value). value 12: nothing left -> FP. range 10..13:
	 * upper end differs -> FP. -> TP 2, FP 2, FN 0. */
	const char *gold = "{\"doc\":\"d\",\"money\":["
	                   "{\"min\":10,\"max\":12,\"currency\":\"EUR\",\"qualifier\":\"range\"},"
	                   "{\"value\":10,\"currency\":\"EUR\"}]}";
	fin_eval_scores sc = score(
	    gold, RANGE("10", "12", "EUR") MONEY("10", "EUR") MONEY("12", "EUR") RANGE("10", "13", "EUR"), 0,
	    &log);
	CHECK_COUNTS(sc.money, 2, 2, 0);

	/* Only the range in the gold; the record has its two ends as values.
	 * -> TP 0, FP 2, FN 1. And the other way round: gold values 10 and 12,
	 * record range 10..12 -> TP 0, FP 1, FN 2. */
	gold = "{\"doc\":\"d\",\"money\":[{\"min\":10,\"max\":12,\"currency\":\"EUR\"}]}";
	sc = score(gold, MONEY("10", "EUR") MONEY("12", "EUR"), 0, &log);
	CHECK_COUNTS(sc.money, 0, 2, 1);
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":10,\"currency\":\"EUR\"},"
	       "{\"value\":12,\"currency\":\"EUR\"}]}";
	sc = score(gold, RANGE("10", "12", "EUR"), 0, &log);
	CHECK_COUNTS(sc.money, 0, 1, 2);

	/* Range ends within the tolerance: 1000000.5..2000001 vs 1000000..2000000
	 * -> TP 1. */
	gold = "{\"doc\":\"d\",\"money\":[{\"min\":1000000,\"max\":2000000,\"currency\":\"USD\"}]}";
	sc = score(gold, RANGE("1000000.5", "2000001", "USD"), 0, &log);
	CHECK_COUNTS(sc.money, 1, 0, 0);
	CHECK_INT(log.errors, 0);
}

static void test_multiset(void)
{
	diag_log log = {0};
	/* Gold 5 USD twice; records 5 USD three times -> TP 2, FP 1, FN 0. */
	const char *gold = "{\"doc\":\"d\",\"money\":[{\"value\":5,\"currency\":\"USD\"},"
	                   "{\"value\":5,\"currency\":\"USD\"}]}";
	fin_eval_scores sc = score(gold, MONEY("5", "USD") MONEY("5", "USD") MONEY("5", "USD"), 0, &log);
	CHECK_COUNTS(sc.money, 2, 1, 0);
	/* Records 5 USD once -> TP 1, FP 0, FN 1. */
	sc = score(gold, MONEY("5", "USD"), 0, &log);
	CHECK_COUNTS(sc.money, 1, 0, 1);
	/* The matching is maximal, not first-come. Gold [1000001, 1000000];
	 * record a = 1000000.5 fits both, record b = 1000001.9 fits only
	 * 1000001 (|1000001.9 - 1000000| = 1.9 > 1.0000019). A greedy pass
	 * gives a the first gold it fits (1000001) and leaves b nothing; the
	 * maximum matching pairs a with 1000000 and b with 1000001: TP 2. */
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":1000001,\"currency\":\"USD\"},"
	       "{\"value\":1000000,\"currency\":\"USD\"}]}";
	sc = score(gold, MONEY("1000000.5", "USD") MONEY("1000001.9", "USD"), 0, &log);
	CHECK_COUNTS(sc.money, 2, 0, 0);
	/* Equal amounts pair in text order: the second record of $1bn takes
	 * the second gold $1bn (a free one) and does not take the first from
	 * the record before it; its parties are the second gold's. */
	gold = "{\"doc\":\"d\",\"money\":["
	       "{\"value\":1000000000,\"currency\":\"USD\",\"parties\":[\"Hardo\"]},"
	       "{\"value\":1000000000,\"currency\":\"USD\",\"parties\":[\"Mondo\"]}],"
	       "\"orgs\":[{\"type\":\"company\",\"names\":[\"Hardo\"]},"
	       "{\"type\":\"company\",\"names\":[\"Mondo\"]}]}";
	sc = score(gold,
		   "{\"type\":\"money\",\"doc\":\"d\",\"value\":1000000000,\"currency\":\"USD\","
		   "\"companies\":[\"Hardo\"]}\n"
		   "{\"type\":\"money\",\"doc\":\"d\",\"value\":1000000000,\"currency\":\"USD\","
		   "\"companies\":[\"Mondo\"]}\n",
		   0, &log);
	CHECK_COUNTS(sc.money, 2, 0, 0);
	CHECK_COUNTS(sc.parties, 2, 0, 0);
	CHECK_INT(log.errors, 0);
}

static void test_explicit_only(void)
{
	diag_log log = {0};
	/* Gold: 2.4 mln implicit, 1.9 mln explicit, 3 implicit (all USD).
	 * Records: 2400000, 1900000, 7.
	 * Without the option: 2.4m and 1.9m match, 7 is extra, 3 missed
	 * -> TP 2, FP 1, FN 1.
	 * With it: the gold is just 1.9m -> TP 1; 2400000 matches a dropped
	 * mention: neither; 7 -> FP 1; 3 dropped -> FN 0. */
	const char *gold = "{\"doc\":\"d\",\"money\":["
	                   "{\"value\":2400000,\"currency\":\"USD\",\"explicit\":false},"
	                   "{\"value\":1900000,\"currency\":\"USD\",\"explicit\":true},"
	                   "{\"value\":3,\"currency\":\"USD\",\"explicit\":false}]}";
	const char *rec = MONEY("2400000", "USD") MONEY("1900000", "USD") MONEY("7", "USD");
	fin_eval_scores sc = score(gold, rec, 0, &log);
	CHECK_COUNTS(sc.money, 2, 1, 1);
	sc = score(gold, rec, 1, &log);
	CHECK_COUNTS(sc.money, 1, 1, 0);

	/* Implicit and explicit gold of the same amount, implicit first; one
	 * record. With the option it pairs with the explicit one (the gold that
	 * counts comes first): TP 1, FN 0. Without: TP 1, FN 1. */
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":5,\"currency\":\"USD\",\"explicit\":false},"
	       "{\"value\":5,\"currency\":\"USD\",\"explicit\":true}]}";
	sc = score(gold, MONEY("5", "USD"), 1, &log);
	CHECK_COUNTS(sc.money, 1, 0, 0);
	sc = score(gold, MONEY("5", "USD"), 0, &log);
	CHECK_COUNTS(sc.money, 1, 0, 1);

	/* Two records, one implicit gold: the first is neither, the second
	 * (nothing left to match) is extra -> TP 0, FP 1, FN 0. */
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":5,\"currency\":\"USD\",\"explicit\":false}]}";
	sc = score(gold, MONEY("5", "USD") MONEY("5", "USD"), 1, &log);
	CHECK_COUNTS(sc.money, 0, 1, 0);
	CHECK_INT(log.errors, 0);
}

static void test_companies(void)
{
	diag_log log = {0};
	/* Groups: g0 company "Computer Terminal Systems Inc." / "CTS";
	 * g1 company "Midlantic Corp" / "Midlantic"; g2 other "SEC";
	 * g3 company "Northwind Traders".
	 * Records:
	 *  computer terminal systems / Computer Terminal Systems -> g0
	 *  Computer Terminal / Computer Terminal                 -> extra "computer terminal"
	 *  SEC / SEC                                             -> other: neither
	 *  Midlantic / MIDLANTIC                                 -> g1
	 *  Midlantic / Midlantic Corp.                           -> g1 again (counted once)
	 *  Bancorp / BANCORP                                     -> extra "bancorp"
	 *  Bancorp / Bancorp                                     -> the same extra
	 *  Acme / CTS                                            -> g0 by its text
	 * -> TP 2 (g0, g1), FP 2, FN 1 (g3). */
	const char *gold = "{\"doc\":\"d\",\"orgs\":["
	                   "{\"type\":\"company\",\"names\":[\"Computer Terminal Systems Inc.\",\"CTS\"]},"
	                   "{\"type\":\"company\",\"names\":[\"Midlantic Corp\",\"Midlantic\"]},"
	                   "{\"type\":\"other\",\"names\":[\"Securities and Exchange Commission\",\"SEC\"]},"
	                   "{\"type\":\"company\",\"names\":[\"Northwind Traders\"]}]}";
	fin_eval_scores sc = score(
	    gold,
	    COMPANY("computer terminal systems", "Computer Terminal Systems")
	        COMPANY("Computer Terminal", "Computer Terminal") COMPANY("SEC", "SEC")
	            COMPANY("Midlantic", "MIDLANTIC") COMPANY("Midlantic", "Midlantic Corp.")
	                COMPANY("Bancorp", "BANCORP") COMPANY("Bancorp", "Bancorp") COMPANY("Acme", "CTS"),
	    0, &log);
	CHECK_COUNTS(sc.companies, 2, 2, 1);
	CHECK_COUNTS(sc.money, 0, 0, 0);

	/* A name that normalises to nothing matches nothing: gold "Holdings"
	 * is never found, a record "Group Inc" is an extra -> TP 0, FP 1, FN 1.
	 * An "other" group is never missed. */
	gold = "{\"doc\":\"d\",\"orgs\":[{\"type\":\"company\",\"names\":[\"Holdings\"]},"
	       "{\"type\":\"other\",\"names\":[\"OPEC\"]}]}";
	sc = score(gold, COMPANY("Group Inc", "Group Inc"), 0, &log);
	CHECK_COUNTS(sc.companies, 0, 1, 1);
	CHECK_INT(log.errors, 0);
}

static void test_parties(void)
{
	diag_log log = {0};
	/* Gold money (USD unless said):
	 *  m0 38e9, parties OpenAI, Amazon
	 *  m1 29e9 GBP, parties OpenAI, Amazon.com Inc (same group as Amazon)
	 *  m2 5, no parties
	 *  m3 7, parties Contoso (no record matches m3)
	 * Records:
	 *  38e9 companies OpenAI, AWS -> {g0, g1} vs {g0, g1}: true 2
	 *  29e9 GBP companies OpenAI, Microsoft, Microsoft Corp
	 *     -> {g0, "microsoft"} vs {g0, g1}: true 1, false 1, missed 1
	 *  5 companies Contoso -> gold lists no parties: not counted
	 * m3 is not matched: its parties are not counted.
	 * -> parties TP 3, FP 1, FN 1. */
	const char *gold =
	    "{\"doc\":\"d\",\"money\":["
	    "{\"value\":38000000000,\"currency\":\"USD\",\"parties\":[\"OpenAI\",\"Amazon\"]},"
	    "{\"value\":29000000000,\"currency\":\"GBP\",\"parties\":[\"OpenAI\",\"Amazon.com Inc\"]},"
	    "{\"value\":5,\"currency\":\"USD\",\"parties\":[]},"
	    "{\"value\":7,\"currency\":\"USD\",\"parties\":[\"Contoso\"]}],"
	    "\"orgs\":[{\"type\":\"company\",\"names\":[\"OpenAI\"]},"
	    "{\"type\":\"company\",\"names\":[\"Amazon.com Inc\",\"Amazon\",\"AWS\"]},"
	    "{\"type\":\"company\",\"names\":[\"Contoso Ltd\",\"Contoso\"]}]}";
	const char *rec = "{\"type\":\"money\",\"doc\":\"d\",\"value\":38000000000,\"currency\":\"USD\","
	                  "\"companies\":[\"OpenAI\",\"AWS\"]}\n"
	                  "{\"type\":\"money\",\"doc\":\"d\",\"value\":29000000000,\"currency\":\"GBP\","
	                  "\"companies\":[\"OpenAI\",\"Microsoft\",\"Microsoft Corp\"]}\n"
	                  "{\"type\":\"money\",\"doc\":\"d\",\"value\":5,\"currency\":\"USD\","
	                  "\"companies\":[\"Contoso\"]}\n";
	fin_eval_scores sc = score(gold, rec, 0, &log);
	CHECK_COUNTS(sc.money, 3, 0, 1);
	CHECK_COUNTS(sc.parties, 3, 1, 1);
	CHECK_INT(log.errors, 0);

	/* With --explicit-only a record that pairs with a dropped mention has
	 * no parties counted: gold 5 USD implicit with party Contoso, record
	 * with companies Acme -> parties 0/0/0 (without the option: false 1,
	 * missed 1). */
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":5,\"currency\":\"USD\",\"explicit\":false,"
	       "\"parties\":[\"Contoso\"]}],\"orgs\":[{\"type\":\"company\",\"names\":[\"Contoso\"]}]}";
	rec =
	    "{\"type\":\"money\",\"doc\":\"d\",\"value\":5,\"currency\":\"USD\",\"companies\":[\"Acme\"]}\n";
	sc = score(gold, rec, 1, &log);
	CHECK_COUNTS(sc.parties, 0, 0, 0);
	sc = score(gold, rec, 0, &log);
	CHECK_COUNTS(sc.parties, 0, 1, 1);

	/* Names outside the groups stay distinct but compare normalised:
	 * gold party "Acme Corp." (not in orgs) vs record "ACME" -> true 1. */
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":5,\"currency\":\"USD\",\"parties\":[\"Acme Corp.\"]}]}";
	rec =
	    "{\"type\":\"money\",\"doc\":\"d\",\"value\":5,\"currency\":\"USD\",\"companies\":[\"ACME\"]}\n";
	sc = score(gold, rec, 0, &log);
	CHECK_COUNTS(sc.parties, 1, 0, 0);
	CHECK_INT(log.errors, 0);

	/* A canonical party name maps to a group through the text of a company
	 * line that carries it, as company lines do ("Hannover Re" written
	 * "Hanover Re"): true 1. Without that company line it is a name of
	 * its own: false 1, missed 1. */
	gold = "{\"doc\":\"d\",\"money\":[{\"value\":5,\"currency\":\"USD\",\"parties\":[\"Hanover Re\"]}],"
	       "\"orgs\":[{\"type\":\"company\",\"names\":[\"Hanover Re\"]}]}";
	rec = "{\"type\":\"money\",\"doc\":\"d\",\"value\":5,\"currency\":\"USD\",\"companies\":[\"Hannover Re\"]}\n"
	      "{\"type\":\"company\",\"doc\":\"d\",\"text\":\"Hanover Re\",\"name\":\"Hannover Re\"}\n";
	sc = score(gold, rec, 0, &log);
	CHECK_COUNTS(sc.parties, 1, 0, 0);
	rec = "{\"type\":\"money\",\"doc\":\"d\",\"value\":5,\"currency\":\"USD\",\"companies\":[\"Hannover Re\"]}\n";
	sc = score(gold, rec, 0, &log);
	CHECK_COUNTS(sc.parties, 0, 1, 1);
	CHECK_INT(log.errors, 0);
}

static void test_ratios(void)
{
	fin_eval_counts c = {7, 4, 1};
	fin_eval_prf r = fin_eval_ratios(&c);
	CHECK_INT(r.p, 6364);  /* 7/11 = 0.63636... */
	CHECK_INT(r.r, 8750);  /* 7/8 */
	CHECK_INT(r.f1, 7368); /* 14/19 = 0.736842... */
	fin_eval_counts none = {0, 0, 3};
	r = fin_eval_ratios(&none);
	CHECK_INT(r.p, -1);
	CHECK_INT(r.r, 0);
	CHECK_INT(r.f1, 0);
	fin_eval_counts empty = {0, 0, 0};
	r = fin_eval_ratios(&empty);
	CHECK_INT(r.f1, -1);
	fin_eval_counts half = {1, 1, 1}; /* 0.5 exactly in each */
	r = fin_eval_ratios(&half);
	CHECK_INT(r.p, 5000);
	CHECK_INT(r.f1, 5000);
	fin_eval_counts third = {1, 2, 0}; /* 0.33333 -> 3333; 2/3 -> 6667 */
	r = fin_eval_ratios(&third);
	CHECK_INT(r.p, 3333);
	fin_eval_counts twothirds = {2, 1, 0};
	r = fin_eval_ratios(&twothirds);
	CHECK_INT(r.p, 6667);
}

static void test_bad_input(void)
{
	diag_log log = {0};
	fin_eval *ev = NULL;
	CHECK(fin_eval_new(&ev, NULL) == FIN_OK);
	if (!ev)
		return;
	const char *bad = "{\"doc\":\"x\",\"money\":[{\"value\":\"5\",\"currency\":\"USD\"}]}";
	CHECK(fin_eval_add_gold(ev, bad, strlen(bad), "g/x.json", on_diag, &log) == FIN_EPARSE);
	CHECK_INT(log.errors, 1);
	CHECK_STR(log.path, "g/x.json");
	CHECK(strstr(log.message, "money[0]") != NULL);
	CHECK(strstr(log.message, "\"value\" is not a number") != NULL);
	bad = "{\"doc\":\"y\",\"orgs\":[{\"type\":\"firm\",\"names\":[\"A\"]}]}";
	CHECK(fin_eval_add_gold(ev, bad, strlen(bad), "g/y.json", on_diag, &log) == FIN_EPARSE);
	CHECK(strstr(log.message, "orgs[0]") != NULL);
	bad = "{\"doc\":\"z\",\"money\":[{\"value\":5}]}"; /* no currency */
	CHECK(fin_eval_add_gold(ev, bad, strlen(bad), "g/z.json", on_diag, &log) == FIN_EPARSE);
	bad = "{\"doc\":\"w\",\n\"money\":[,]}";
	CHECK(fin_eval_add_gold(ev, bad, strlen(bad), "g/w.json", on_diag, &log) == FIN_EPARSE);
	CHECK_INT(log.line, 2);
	/* No "doc": the file stem is the id; the same id twice is refused. A
	 * byte-order mark is skipped. */
	const char *good = "\xEF\xBB\xBF{\"money\":[{\"value\":5,\"currency\":\"USD\"}]}";
	CHECK(fin_eval_add_gold(ev, good, strlen(good), "g/ok.json", on_diag, &log) == FIN_OK);
	good = "{\"doc\":\"ok\"}";
	CHECK(fin_eval_add_gold(ev, good, strlen(good), "g/ok2.json", on_diag, &log) == FIN_EPARSE);
	CHECK(strstr(log.message, "already loaded from g/ok.json") != NULL);
	CHECK_INT(log.errors, 5);

	/* Records: a broken line, a value that is a string, a 41-digit number,
	 * then a good one. */
	const char *r1 = "{\"type\":\"money\",\"doc\":\"ok\",\"value\":5,";
	CHECK(fin_eval_add_record(ev, r1, strlen(r1), "rec", 1, on_diag, &log) == FIN_EPARSE);
	CHECK_INT(log.line, 1);
	const char *r2 = "{\"type\":\"money\",\"doc\":\"ok\",\"value\":\"5\",\"currency\":\"USD\"}";
	CHECK(fin_eval_add_record(ev, r2, strlen(r2), "rec", 2, on_diag, &log) == FIN_EPARSE);
	const char *r3 =
	    "{\"type\":\"money\",\"doc\":\"ok\",\"value\":12345678901234567890123456789012345678901,"
	    "\"currency\":\"USD\"}";
	CHECK(fin_eval_add_record(ev, r3, strlen(r3), "rec", 3, on_diag, &log) == FIN_EPARSE);
	CHECK(strstr(log.message, "too many digits") != NULL);
	const char *r4 =
	    "\xEF\xBB\xBF{\"type\":\"money\",\"doc\":\"ok\",\"value\":5.00,\"currency\":\"USD\"}";
	CHECK(fin_eval_add_record(ev, r4, strlen(r4), "rec", 4, on_diag, &log) == FIN_OK);
	CHECK_INT(log.errors, 8);
	/* Gold after records is refused. */
	CHECK(fin_eval_add_gold(ev, good, strlen(good), "g/late.json", on_diag, &log) == FIN_EINVAL);
	fin_eval_scores sc;
	CHECK(fin_eval_score(ev, &sc, NULL, NULL) == FIN_OK);
	CHECK_INT(sc.gold_docs, 1);
	CHECK_INT(sc.bad_gold, 5);
	CHECK_INT(sc.bad_records, 3);
	CHECK_COUNTS(sc.money, 1, 0, 0);
	fin_eval_free(ev);
}

/* Collected misses and extras. */
typedef struct items {
	int n;
	char lines[32][160];
} items;

static int on_item(void *ud, const fin_eval_item *it)
{
	items *s = ud;
	static const char *const what[] = {"money", "company", "party"};
	if (s->n < 32)
		snprintf(s->lines[s->n++], sizeof s->lines[0], "%s %s %s %s", it->doc, what[it->what],
		         it->outcome == FIN_EVAL_MISS ? "miss" : "extra", it->desc);
	return 0;
}

/* The fixtures of tests/eval/ (hand count in tests/eval/README.md). */
static void test_fixtures(int explicit_only)
{
	diag_log log = {0};
	fin_eval_opts o = {explicit_only};
	fin_eval *ev = NULL;
	CHECK(fin_eval_new(&ev, &o) == FIN_OK);
	if (!ev)
		return;
	CHECK(fin_eval_load_gold(ev, FIN_TEST_DIR "/eval/gold", on_diag, &log) == FIN_OK);
	FILE *f = fopen(FIN_TEST_DIR "/eval/records.jsonl", "rb");
	CHECK(f != NULL);
	if (f) {
		CHECK(fin_eval_read_records(ev, f, "records.jsonl", on_diag, &log) == FIN_OK);
		fclose(f);
	}
	CHECK_INT(log.errors, 0);
	fin_eval_scores sc;
	items it;
	memset(&it, 0, sizeof it);
	CHECK(fin_eval_score(ev, &sc, on_item, &it) == FIN_OK);
	CHECK_INT(sc.gold_docs, 3);
	CHECK_INT(sc.docs_scored, 2);
	CHECK_INT(sc.gold_without_records, 1);
	CHECK_INT(sc.docs_without_gold, 1);
	CHECK_INT(sc.records, 20);
	if (!explicit_only) {
		CHECK_COUNTS(sc.money, 7, 4, 1);
	} else {
		CHECK_COUNTS(sc.money, 5, 4, 1);
	}
	CHECK_COUNTS(sc.companies, 3, 2, 1);
	CHECK_COUNTS(sc.parties, 3, 1, 2);
	/* The details, in doc order, money then parties then companies. */
	CHECK_INT(it.n, 11);
	CHECK_STR(it.lines[0], "deal money miss \"between 10 and 12 euros\" 10..12 EUR");
	CHECK_STR(it.lines[1], "deal money extra \"10\" 10 EUR");
	CHECK_STR(it.lines[4], "deal party miss Amazon of \"£29bn\"");
	CHECK_STR(it.lines[5], "deal party extra Contoso of \"42 dlrs a share\"");
	CHECK_STR(it.lines[6], "deal party miss Northwind Traders Inc of \"42 dlrs a share\"");
	CHECK_STR(it.lines[7], "deal company miss Northwind Traders Inc");
	CHECK_STR(it.lines[8], "deal company extra Contoso");
	CHECK_STR(it.lines[9], "table money extra \"3.1 mln\" 3100000 USD");
	CHECK_STR(it.lines[10], "table company extra Computer Terminal");
	fin_eval_free(ev);
}

/* Records as a JSON array, from a stream, and a last line with no newline. */
static void test_streams(void)
{
	diag_log log = {0};
	const char *gold = "{\"doc\":\"d\",\"money\":[{\"value\":5,\"currency\":\"USD\"},"
	                   "{\"value\":6,\"currency\":\"USD\"}]}";
	const char *inputs[] = {
	    "  [\n" MONEY("5", "USD") "," MONEY("6", "USD") "]",
	    MONEY("5", "USD") "\r\n\n   \n"
	                      "{\"type\":\"money\",\"doc\":\"d\",\"value\":6,\"currency\":\"USD\"}",
	};
	for (size_t k = 0; k < 2; k++) {
		fin_eval *ev = NULL;
		CHECK(fin_eval_new(&ev, NULL) == FIN_OK);
		if (!ev)
			return;
		CHECK(fin_eval_add_gold(ev, gold, strlen(gold), "d.json", on_diag, &log) == FIN_OK);
		FILE *f = tmpfile();
		CHECK(f != NULL);
		if (!f) {
			fin_eval_free(ev);
			return;
		}
		fputs(inputs[k], f);
		rewind(f);
		CHECK(fin_eval_read_records(ev, f, "s", on_diag, &log) == FIN_OK);
		fclose(f);
		fin_eval_scores sc;
		CHECK(fin_eval_score(ev, &sc, NULL, NULL) == FIN_OK);
		CHECK_COUNTS(sc.money, 2, 0, 0);
		CHECK_INT(sc.records, 2);
		fin_eval_free(ev);
	}
	CHECK_INT(log.errors, 0);
}

/* Every allocation failing in turn: never a crash, never a leak (ASan). */
static void test_oom(void)
{
	const char *gold =
	    "{\"doc\":\"d\",\"money\":[{\"value\":5,\"currency\":\"USD\",\"parties\":[\"A\"]}],"
	    "\"orgs\":[{\"type\":\"company\",\"names\":[\"A Inc\"]}]}";
	const char *rec =
	    "{\"type\":\"money\",\"doc\":\"d\",\"value\":5,\"currency\":\"USD\",\"companies\":[\"A\"]}";
	const char *comp = "{\"type\":\"company\",\"doc\":\"d\",\"name\":\"A\",\"text\":\"A\"}";
	int completed = 0;
	for (long n = 1; n < 200 && !completed; n++) {
		fin_eval *ev = NULL;
		fin_alloc_fail_after(n);
		int rc = fin_eval_new(&ev, NULL);
		if (rc == FIN_OK)
			rc = fin_eval_add_gold(ev, gold, strlen(gold), "d.json", NULL, NULL);
		if (rc == FIN_OK)
			rc = fin_eval_add_record(ev, rec, strlen(rec), "r", 1, NULL, NULL);
		if (rc == FIN_OK)
			rc = fin_eval_add_record(ev, comp, strlen(comp), "r", 2, NULL, NULL);
		fin_eval_scores sc;
		if (rc == FIN_OK)
			rc = fin_eval_score(ev, &sc, NULL, NULL);
		fin_alloc_fail_after(0);
		CHECK(rc == FIN_OK || rc == FIN_ENOMEM);
		if (rc == FIN_OK) {
			completed = 1;
			CHECK_COUNTS(sc.money, 1, 0, 0);
			CHECK_COUNTS(sc.parties, 1, 0, 0);
			CHECK_COUNTS(sc.companies, 1, 0, 0);
		}
		fin_eval_free(ev);
	}
	CHECK(completed);
}

int main(void)
{
	test_normalise();
	test_tolerance();
	test_ranges();
	test_multiset();
	test_explicit_only();
	test_companies();
	test_parties();
	test_ratios();
	test_bad_input();
	test_fixtures(0);
	test_fixtures(1);
	test_streams();
	test_oom();
	return check_done();
}
