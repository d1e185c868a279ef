/*
 * test_fx.c — wide decimals (exact sums, one explicit rounding) and the
 * exchange-rate stage: the built-in table, user tables, conversion and the
 * reasons an amount has no USD value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "finfig/fx.h"
#include "internal.h"
#include "util/wide.h"

static const char *wfmt(const fin_wide *w)
{
	static char b[FIN_WIDE_MAXLEN];
	if (!fin_wide_format(w, b, sizeof b))
		return "(no)";
	return b;
}

static fin_wide W(const char *s)
{
	fin_wide w;
	if (fin_wide_parse(s, strlen(s), &w))
		fin_wide_zero(&w), w.ovf = 1;
	return w;
}

static const char *dfmt(fin_decimal d)
{
	static char b[FIN_DECIMAL_MAXLEN];
	if (!fin_decimal_format(d, b, sizeof b))
		return "(no)";
	return b;
}

static void test_wide(void)
{
	fin_wide a = W("38000000000"), b = W("0.125");
	fin_wide_add(&a, &b);
	CHECK_STR(wfmt(&a), "38000000000.125");
	/* Far apart exponents still add exactly. */
	a = W("1e30");
	b = W("0.000001");
	fin_wide_add(&a, &b);
	CHECK_STR(wfmt(&a), "1000000000000000000000000000000.000001");
	/* Signs. */
	a = W("5");
	b = W("-7.5");
	fin_wide_add(&a, &b);
	CHECK_STR(wfmt(&a), "-2.5");
	b = W("2.5");
	fin_wide_add(&a, &b);
	CHECK_STR(wfmt(&a), "0");
	CHECK(fin_wide_is_zero(&a));
	/* Sums do not depend on the order (exact). */
	const char *vals[] = {"0.1", "12345678901234567890", "0.000003", "-4", "99.99"};
	fin_wide s1, s2;
	fin_wide_zero(&s1);
	fin_wide_zero(&s2);
	for (int i = 0; i < 5; i++) {
		fin_wide x = W(vals[i]), y = W(vals[4 - i]);
		fin_wide_add(&s1, &x);
		fin_wide_add(&s2, &y);
	}
	CHECK(fin_wide_cmp(&s1, &s2) == 0);
	CHECK_STR(wfmt(&s1), "12345678901234567986.090003");
	/* Rounding: halves to even, both signs. */
	const char *rin[] = {"2.5", "3.5", "-2.5", "2.51", "0.0000005", "0.0000015", "1.2345674999"};
	const char *rout[] = {"2", "4", "-2", "3", "0", "0.000002", "1.234567"};
	int rexp[] = {0, 0, 0, 0, -6, -6, -6};
	for (int i = 0; i < 7; i++) {
		fin_wide x = W(rin[i]);
		fin_wide_round(&x, rexp[i]);
		CHECK_STR(wfmt(&x), rout[i]);
	}
	/* Division rounded once. */
	fin_wide x = W("2");
	fin_wide_div_round(&x, (fin_decimal){3, 0}, -6);
	CHECK_STR(wfmt(&x), "0.666667");
	x = W("1000000");
	fin_wide_div_round(&x, (fin_decimal){18355, -4}, -6);
	CHECK_STR(wfmt(&x), "544810.678289");
	/* A divisor over one limb takes the long path. */
	x = W("123456789012345678901234567890");
	fin_wide_div_round(&x, (fin_decimal){98765432109876LL, -3}, -6);
	CHECK_STR(wfmt(&x), "1249999988609381875.156382");
	x = W("1");
	fin_wide_div_round(&x, (fin_decimal){0, 0}, -6);
	CHECK(x.ovf);
	/* Multiplication, halving, comparison. */
	x = W("29000000000");
	fin_wide_mul_dec(&x, (fin_decimal){13103, -4});
	CHECK_STR(wfmt(&x), "37998700000");
	x = W("7");
	fin_wide_half(&x);
	CHECK_STR(wfmt(&x), "3.5");
	a = W("1e3");
	b = W("1000.000");
	CHECK(fin_wide_cmp(&a, &b) == 0);
	b = W("999.9999999");
	CHECK(fin_wide_cmp(&a, &b) > 0);
	b = W("-1e40");
	CHECK(fin_wide_cmp(&a, &b) > 0);
	CHECK(fin_wide_cmp(&b, &a) < 0);
	/* Overflow is sticky, never wrapped. */
	x = W("1e70");
	fin_wide y = W("0.00000001");
	fin_wide_add(&x, &y);
	CHECK(x.ovf);
	CHECK(fin_wide_format(&x, (char[8]){0}, 8) == 0);
	fin_decimal d;
	a = W("123.45");
	CHECK(fin_wide_to_dec(&a, &d) == FIN_OK);
	CHECK_STR(dfmt(d), "123.45");
	a = W("12345678901234567890123");
	CHECK(fin_wide_to_dec(&a, &d) == FIN_EOVERFLOW);
	CHECK(fin_wide_parse("1.2.3", 5, &a) == FIN_EPARSE);
	CHECK(fin_wide_parse("", 0, &a) == FIN_EPARSE);
	CHECK(fin_wide_parse("2.5E-3", 6, &a) == FIN_OK);
	CHECK_STR(wfmt(&a), "0.0025");
}

static fin_ymd ymd(int y, int m, int d)
{
	return (fin_ymd){(int16_t)y, (int8_t)m, (int8_t)d};
}

static void test_builtin(void)
{
	fin_fx *fx = NULL;
	fin_error err;
	CHECK(fin_fx_new(&fx, NULL, NULL, &err) == FIN_OK);
	if (!fx)
		return;
	CHECK(fin_fx_count(fx) > 20000);
	fin_decimal usd;
	/* H.10 quotes the mark as units per USD: 1.8355 in March 1987. */
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "DEM", ymd(1987, 3, 26), &usd), FIN_USD_OK);
	CHECK_STR(dfmt(usd), "544810.678289");
	/* The pound too (0.628 per USD): not USD per pound as documented. */
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 0}, "GBP", ymd(1987, 3, 1), &usd), FIN_USD_OK);
	CHECK_STR(dfmt(usd), "1.592357");
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){38, 9}, "JPY", ymd(1987, 3, 31), &usd), FIN_USD_OK);
	CHECK_STR(dfmt(usd), "250935726.115541");
	/* The ECU from its basket, quoted as USD per ECU: a product. */
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){100, 0}, "XEU", ymd(1987, 3, 2), &usd), FIN_USD_OK);
	CHECK_STR(dfmt(usd), "113.07684");
	/* A euro predecessor after 1999 goes through its fixed rate:
	 * 1.95583 DEM/EUR x 0.762 EUR/USD = 1.49034246 DEM/USD in 2005-01. */
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){149034246, -8}, "DEM", ymd(2005, 1, 10), &usd),
	          FIN_USD_OK);
	CHECK_STR(dfmt(usd), "1");
	/* The Luxembourg franc at par with the Belgian franc before 1999. */
	fin_decimal a, b;
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "LUF", ymd(1987, 6, 1), &a), FIN_USD_OK);
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "BEF", ymd(1987, 6, 1), &b), FIN_USD_OK);
	CHECK(fin_decimal_cmp(a, b) == 0);
	/* USD needs no rate and no date; the amount is kept exactly. */
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){125, -9}, "USD", ymd(0, 0, 0), &usd), FIN_USD_OK);
	CHECK_STR(dfmt(usd), "0.000000125");
	/* No rate, no date: reasons, never a guess. */
	usd = (fin_decimal){7, 0};
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "SAR", ymd(1987, 3, 1), &usd), FIN_USD_NO_RATE);
	CHECK_STR(dfmt(usd), "7");
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "DEM", ymd(1960, 3, 1), &usd), FIN_USD_NO_RATE);
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "XEU", ymd(1979, 2, 1), &usd), FIN_USD_NO_RATE);
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "GBP", ymd(0, 0, 0), &usd), FIN_USD_NO_DATE);
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "GBP", ymd(2199, 1, 1), &usd), FIN_USD_NO_RATE);
	CHECK_STR(fin_usd_status_name(FIN_USD_NO_RATE), "no_rate");
	CHECK_STR(fin_usd_status_name(FIN_USD_NO_DATE), "no_date");
	CHECK(fin_usd_status_name(FIN_USD_OK) == NULL);
	/* An amount too large for 1e-6 keeps fewer decimals, never wraps. */
	CHECK_INT(fin_fx_convert(fx, (fin_decimal){123456789012345678LL, 0}, "JPY", ymd(1987, 3, 1), &usd),
	          FIN_USD_OK);
	CHECK(usd.exp > FIN_USD_EXP);
	fin_fx_free(fx);
}

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void test_user_table(void)
{
	fin_fx *fx = NULL;
	fin_error err;
	fin_decimal usd;
	/* A user row replaces the built-in one for its month only. */
	const char *p = write_tmp("mine.tsv", "month\tcode\trate\tquote\n"
	                                      "1987-03\tDEM\t2\tper_usd\n"
	                                      "2030-01\tSAR\t0.25\tusd_per\tmy-bank\n");
	CHECK(fin_fx_new(&fx, NULL, p, &err) == FIN_OK);
	if (fx) {
		CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "DEM", ymd(1987, 3, 9), &usd), FIN_USD_OK);
		CHECK_STR(dfmt(usd), "500000");
		CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "DEM", ymd(1987, 4, 9), &usd), FIN_USD_OK);
		CHECK(strcmp(dfmt(usd), "500000") != 0);
		CHECK_INT(fin_fx_convert(fx, (fin_decimal){10, 0}, "SAR", ymd(2030, 1, 31), &usd),
		          FIN_USD_OK);
		CHECK_STR(dfmt(usd), "2.5");
		fin_fx_free(fx);
	}
	/* The same file through --data DIR (fx-monthly.tsv there). */
	write_tmp("fx-monthly.tsv", "1987-03\tDEM\t4\tper_usd\n");
	fx = NULL;
	CHECK(fin_fx_new(&fx, tmpdir, NULL, &err) == FIN_OK);
	if (fx) {
		CHECK_INT(fin_fx_convert(fx, (fin_decimal){1, 6}, "DEM", ymd(1987, 3, 9), &usd), FIN_USD_OK);
		CHECK_STR(dfmt(usd), "250000");
		fin_fx_free(fx);
	}
	/* A row without its quote direction is refused, with file and line. */
	p = write_tmp("bad.tsv", "# my rates\n1987-03\tDEM\t1.8\n");
	fx = NULL;
	memset(&err, 0, sizeof err);
	CHECK(fin_fx_new(&fx, NULL, p, &err) == FIN_EPARSE);
	CHECK(fx == NULL);
	CHECK_INT(err.line, 2);
	CHECK(strstr(err.path, "bad.tsv") != NULL);
	p = write_tmp("bad2.tsv", "1987-3\tDEM\t1.8\tper_usd\n");
	CHECK(fin_fx_new(&fx, NULL, p, &err) == FIN_EPARSE);
	p = write_tmp("bad3.tsv", "1987-03\tDEM\t-1.8\tper_usd\n");
	CHECK(fin_fx_new(&fx, NULL, p, &err) == FIN_EPARSE);
	CHECK(fin_fx_new(&fx, NULL, "/nonexistent/rates.tsv", &err) == FIN_ENOTFOUND);
}

static void test_fill(void)
{
	fin_fx *fx = NULL;
	fin_error err;
	CHECK(fin_fx_new(&fx, NULL, NULL, &err) == FIN_OK);
	fin_money m[3];
	memset(m, 0, sizeof m);
	fin_date dates[1];
	memset(dates, 0, sizeof dates);
	dates[0].start_date = ymd(1987, 3, 15);
	/* 0: marks, linked to a March date; 1: a sterling range with no linked
	 * date (publication date, April); 2: yen with no date at all but in
	 * an article without a publication date. */
	m[0].value = (fin_decimal){1, 6};
	memcpy(m[0].currency, "DEM", 4);
	m[0].date_index = 0;
	m[1].is_range = 1;
	m[1].min = (fin_decimal){10, 0};
	m[1].max = (fin_decimal){12, 0};
	memcpy(m[1].currency, "GBP", 4);
	m[1].date_index = -1;
	m[2].value = (fin_decimal){5, 0};
	memcpy(m[2].currency, "JPY", 4);
	m[2].date_index = -1;
	fin_result r;
	memset(&r, 0, sizeof r);
	r.money = m;
	r.n_money = 3;
	r.dates = dates;
	r.n_dates = 1;
	fin_article a;
	memset(&a, 0, sizeof a);
	a.published = ymd(1987, 4, 2);
	fin_fx_fill(fx, &a, &r);
	CHECK_INT(m[0].usd_status, FIN_USD_OK);
	CHECK_STR(dfmt(m[0].value_usd), "544810.678289");
	CHECK_INT(m[1].usd_status, FIN_USD_OK);
	CHECK(fin_decimal_cmp(m[1].min_usd, m[1].max_usd) < 0);
	CHECK(m[1].min_usd.sig != 0);
	a.published = ymd(0, 0, 0);
	r.n_money = 3;
	fin_fx_fill(fx, &a, &r);
	CHECK_INT(m[0].usd_status, FIN_USD_OK); /* its own date */
	CHECK_INT(m[1].usd_status, FIN_USD_NO_DATE);
	CHECK_INT(m[2].usd_status, FIN_USD_NO_DATE);
	fin_fx_free(fx);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/finfig-test-fx.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_wide();
	test_builtin();
	test_user_table();
	test_fill();
	const char *names[] = {"mine.tsv", "fx-monthly.tsv", "bad.tsv", "bad2.tsv", "bad3.tsv"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char p[256];
		snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
		remove(p);
	}
	rmdir(tmpdir);
	return check_done();
}
