/*
 * test_plot.c — unit tests for the plot module: the escapers (gnuplot data
 * fields, gnuplot strings, HTML, file-name slugs), short money labels, the
 * generated .dat/.gp text of every chart for a fixed hand-made summary
 * (compared with tests/unit/fixtures/plot/), the "nothing to draw" charts,
 * hostile names, the report's HTML escaping and SVG check, template
 * overrides, and allocation failures.
 *
 * FIN_PLOT_UPDATE=1 rewrites the expected files instead of comparing (then
 * read the diff before committing it).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "finfig/plot.h"
#include "internal.h"

#define FIXDIR FIN_TEST_DIR "/unit/fixtures/plot"

static fin_decimal dec(const char *s)
{
	fin_decimal d = {0, 0};
	if (fin_decimal_parse(s, strlen(s), &d) != FIN_OK)
		fprintf(stderr, "bad decimal in test: %s\n", s);
	return d;
}

static fin_ymd ymd(int y, int m, int d)
{
	fin_ymd r = {(int16_t)y, (int8_t)m, (int8_t)d};
	return r;
}

/* ---------------------------------------------------------------------- */
/* Escapers                                                                */
/* ---------------------------------------------------------------------- */

static const char *dat_str(const char *s, size_t max)
{
	static fin_buf b;
	fin_buf_free(&b);
	fin_buf_init(&b, 0);
	fin_plot_dat_string(&b, s, strlen(s), max);
	return b.ptr ? b.ptr : "";
}

static const char *gp_str(const char *s)
{
	static fin_buf b;
	fin_buf_free(&b);
	fin_buf_init(&b, 0);
	fin_plot_gp_string(&b, s, strlen(s));
	return b.ptr ? b.ptr : "";
}

static const char *html(const char *s, size_t n)
{
	static fin_buf b;
	fin_buf_free(&b);
	fin_buf_init(&b, 0);
	fin_plot_html_escape(&b, s, n);
	return b.ptr ? b.ptr : "";
}

static const char *usd(const char *s)
{
	static char b[48];
	fin_plot_usd_short(dec(s), b, sizeof b);
	return b;
}

static const char *slug(const char *s)
{
	static char b[64];
	fin_plot_slug(s, b, sizeof b);
	return b;
}

static void test_escapers(void)
{
	/* Data fields: a quote cannot end the field, a backslash cannot
	 * escape, a tab or newline cannot start a column or a record. */
	CHECK_STR(dat_str("Acme", 0), "\"Acme\"");
	CHECK_STR(dat_str("\"; system(\"touch X\")", 0), "\"'; system('touch X')\"");
	CHECK_STR(dat_str("a\\b\\", 0), "\"a\\\\b\\\\\"");
	CHECK_STR(dat_str("a\tb\nc\r\x7f", 0), "\"a b c  \"");
	CHECK_STR(dat_str("`touch X` @m !ls # x", 0), "\"`touch X` @m !ls # x\"");
	/* Cut at a code point, with an ellipsis; not cut when it fits. */
	CHECK_STR(dat_str("Société Générale", 6), "\"Socié\xE2\x80\xA6\"");
	CHECK_STR(dat_str("Société", 7), "\"Société\"");

	/* Script strings: single quotes doubled, control bytes dropped. */
	CHECK_STR(gp_str("it's"), "'it''s'");
	CHECK_STR(gp_str("a\nset output 'x'"), "'aset output ''x'''");
	CHECK_STR(gp_str("`touch X` \\ \"q\""), "'`touch X` \\ \"q\"'");

	/* HTML. */
	CHECK_STR(html("<script>alert(\"x\")</script>", 28),
	          "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
	CHECK_STR(html("AT&T's", 6), "AT&amp;T&#39;s");
	CHECK_STR(html("a\x01"
	               "b\tc",
	               5),
	          "ab c");
	CHECK_STR(html("\xC3\xA9\xFF", 3), "\xC3\xA9\xEF\xBF\xBD");

	/* Slugs: nothing but [a-z0-9-]. */
	CHECK_STR(slug("Northwind Traders Inc."), "northwind-traders-inc");
	CHECK_STR(slug("../../etc/passwd"), "etc-passwd");
	CHECK_STR(slug("Société Générale"), "soci-t-g-n-rale");
	CHECK_STR(slug("\"; `rm`"), "rm");
	CHECK_STR(slug("???"), "x");
	CHECK_INT(strlen(slug("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")), 48);

	/* Short money labels. */
	CHECK_STR(usd("38000000000"), "$38bn");
	CHECK_STR(usd("1234567890"), "$1.23bn");
	CHECK_STR(usd("999960000"), "$1bn");
	CHECK_STR(usd("950000"), "$950k");
	CHECK_STR(usd("1250000"), "$1.25m");
	CHECK_STR(usd("12.5"), "$12.5");
	CHECK_STR(usd("0.125"), "$0.125");
	CHECK_STR(usd("0.001"), "$0.001");
	CHECK_STR(usd("0.45"), "$0.45");
	CHECK_STR(usd("5.125"), "$5.13");
	CHECK_STR(usd("1500000000000"), "$1.5tn");
	CHECK_STR(usd("0"), "$0");
}

/* ---------------------------------------------------------------------- */
/* A fixed summary                                                         */
/* ---------------------------------------------------------------------- */

static const char *const co_nw[] = {"Northwind Traders", "Contoso"};
static const char *const co_fab[] = {"Fabrikam"};
static const char *const co_lit[] = {"Litware"};
static const char *const co_nw1[] = {"Northwind Traders"};

static const fin_plot_month fx_months[] = {
    {{1987, 5, 1}, {45, 6}, 2}, {{1987, 2, 1}, {38, 8}, 3}, {{1987, 3, 1}, {1255, 5}, 1},
    /* April: no deal (the chart shows a zero bar). */
};

static const fin_plot_group fx_companies[] = {
    {"Contoso", {38, 8}, 1},
    {"Northwind Traders", {4180, 6}, 3},
    {"Fabrikam", {1255, 5}, 1},
    {"Litware", {0, 0}, 1},
};

static const fin_plot_group fx_currencies[] = {
    {"DEM", {0, 0}, 2},
    {"USD", {0, 0}, 5},
    {"GBP", {0, 0}, 1},
};

static const fin_plot_deal fx_deals[] = {
    {{1987, 2, 26}, 1, {38, 8}, "deal", "USD", "3.8 billion dlrs", co_nw, 2, "15", "reut2-000.sgm", 2},
    {{1987, 3, 2}, 1, {1255, 5}, "investment", "DEM", "250 mln marks", co_fab, 1, "410", "reut2-000.sgm", 1},
    {{1987, 5, 12}, 1, {45, 6}, "deal", "USD", "45 mln dlrs", co_nw1, 1, "9001", "reut2-014.sgm", 1},
    {{1987, 2, 3}, 0, {0, 0}, "fine", "GBP", "2 mln stg", co_lit, 1, "77", "reut2-000.sgm", 1},
    {{0, 0, 0}, 1, {5, 6}, NULL, "USD", "$5m", NULL, 0, "bbc-12", "bbc/012.txt", 1},
};

static fin_plot_data fixture(void)
{
	fin_plot_data d;
	memset(&d, 0, sizeof d);
	d.articles = 12;
	d.amounts = 40;
	d.amounts_published = 38;
	d.events = 7;
	d.events_usd = 5;
	d.events_dated = 6;
	d.total_usd = dec("3850550000");
	d.months = fx_months;
	d.n_months = sizeof fx_months / sizeof fx_months[0];
	d.companies = fx_companies;
	d.n_companies = sizeof fx_companies / sizeof fx_companies[0];
	d.currencies = fx_currencies;
	d.n_currencies = sizeof fx_currencies / sizeof fx_currencies[0];
	d.deals = fx_deals;
	d.n_deals = sizeof fx_deals / sizeof fx_deals[0];
	return d;
}

static char *slurp(const char *path, size_t *len)
{
	char *p = NULL;
	if (fin_read_file(path, 1u << 24, &p, len, NULL) != FIN_OK)
		return NULL;
	return p;
}

/* Compare text with the expected file (or write it under FIN_PLOT_UPDATE). */
static void expect_file(const char *name, const fin_buf *b)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", FIXDIR, name);
	const char *got = b->ptr ? b->ptr : "";
	if (getenv("FIN_PLOT_UPDATE")) {
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL);
		if (f) {
			fwrite(got, 1, b->len, f);
			fclose(f);
		}
		return;
	}
	size_t len;
	char *want = slurp(path, &len);
	CHECK(want != NULL);
	if (!want)
		return;
	if (len != b->len || memcmp(want, got, len) != 0) {
		fprintf(stderr, "%s differs from the generated text:\n%s\n", path, got);
		CHECK(!"generated text equals the expected file");
	} else {
		CHECK(1);
	}
	fin_free(want);
}

static int write_chart(const fin_plot_data *d, fin_plot_chart c, const char *company, const fin_plot_opts *o,
                       fin_buf *dat, fin_buf *gp)
{
	fin_error err;
	memset(&err, 0, sizeof err);
	int rc = fin_plot_write(d, c, company, o, dat, gp, &err);
	if (rc)
		fprintf(stderr, "fin_plot_write: %s (%s:%ld)\n", err.message, err.path, err.line);
	return rc;
}

static void test_charts(void)
{
	fin_plot_data d = fixture();
	fin_buf dat, gp;
	fin_buf_init(&dat, 0);
	fin_buf_init(&gp, 0);
	static const struct {
		fin_plot_chart c;
		const char *company;
		const char *name;
	} cases[] = {
	    {FIN_PLOT_MONTHS, NULL, "deals-by-month"},
	    {FIN_PLOT_COMPANIES, NULL, "top-companies"},
	    {FIN_PLOT_CURRENCIES, NULL, "currency-mix"},
	    {FIN_PLOT_SIZES, NULL, "deal-sizes"},
	    {FIN_PLOT_COMPANY, "northwind traders", "company-northwind-traders"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(write_chart(&d, cases[i].c, cases[i].company, NULL, &dat, &gp), FIN_OK);
		char stem[FIN_PLOT_STEM_MAX], name[128];
		fin_plot_stem(cases[i].c, cases[i].company, stem);
		CHECK_STR(stem, cases[i].name);
		snprintf(name, sizeof name, "%s.dat", cases[i].name);
		expect_file(name, &dat);
		snprintf(name, sizeof name, "%s.gp", cases[i].name);
		expect_file(name, &gp);
	}
	/* Spot checks that do not depend on the expected files. */
	CHECK_INT(write_chart(&d, FIN_PLOT_MONTHS, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(dat.ptr, "1987-04\t0\t0\t\"\"\n") || strstr(dat.ptr, "1987-04\t0\t0\t\"Apr 1987\"\n"));
	CHECK(strstr(dat.ptr, "1987-02\t3800000000\t3\t\"Feb 1987\"\n") != NULL);
	CHECK(strstr(gp.ptr, "scale = 1e9") != NULL);
	CHECK(strstr(gp.ptr, "set format y '$%gbn'") != NULL);
	CHECK(strstr(gp.ptr, "{{") == NULL);
	CHECK(strstr(gp.ptr, "1 deal without a date not shown") != NULL);
	CHECK_INT(write_chart(&d, FIN_PLOT_COMPANIES, NULL, NULL, &dat, &gp), FIN_OK);
	/* Litware has no USD value: not ranked. Northwind first. */
	CHECK(strstr(dat.ptr, "1\t4180000000\t3\t\"Northwind Traders\"\t\"$4.18bn, 3 deals\"\n") != NULL);
	CHECK(strstr(dat.ptr, "Litware") == NULL);
	CHECK_INT(write_chart(&d, FIN_PLOT_CURRENCIES, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(dat.ptr, "1\t\"USD\"\t5\t62.5\t\"62.5% (5)\"\n") != NULL);
	CHECK_INT(write_chart(&d, FIN_PLOT_SIZES, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "kinds = 'deal investment'") != NULL);
	CHECK(strstr(gp.ptr, "set yrange [1e7 * 0.999:1e10 * 1.001]") != NULL);
	/* Top-N is honoured. */
	fin_plot_opts o;
	memset(&o, 0, sizeof o);
	o.top_n = 2;
	CHECK_INT(write_chart(&d, FIN_PLOT_COMPANIES, NULL, &o, &dat, &gp), FIN_OK);
	CHECK(strstr(dat.ptr, "\n2\t") != NULL && strstr(dat.ptr, "\n3\t") == NULL);
	/* A company given by the start of its name. */
	CHECK_INT(write_chart(&d, FIN_PLOT_COMPANY, "northwind", NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "set title 'Deals of Northwind Traders over time (USD, log scale)'") != NULL);
	CHECK(strstr(dat.ptr,
	             "1987-05-12\t45000000\t\"deal\"\t\"45 mln dlrs\"\t\"9001\"\t\"45 mln dlrs\"\t0\n") !=
	      NULL);
	CHECK_INT(write_chart(&d, FIN_PLOT_COMPANY, "North", NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "'No deals found for North'") != NULL);
	/* Months scattered over decades: only the months with deals. */
	static const fin_plot_month sparse[] = {
	    {{2025, 10, 1}, {25, 8}, 2},
	    {{1986, 1, 1}, {5, 6}, 1},
	    {{1987, 3, 1}, {4, 8}, 3},
	    {{1987, 3, 1}, {1, 8}, 1},
	};
	fin_plot_data sd = d;
	sd.months = sparse;
	sd.n_months = 4;
	sd.events = 7;
	CHECK_INT(write_chart(&sd, FIN_PLOT_MONTHS, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(dat.ptr, "\n1986-01\t5000000\t1\t\"Jan 1986\"\n1987-03\t500000000\t4\t\"Mar 1987\"\n"
	                      "2025-10\t2500000000\t2\t\"Oct 2025\"\n") != NULL);
	CHECK(strstr(gp.ptr, "only the 3 months with deals are shown (1986 to 2025)") != NULL);
	CHECK(strstr(gp.ptr, "set xrange [-0.6:3 - 0.4]") != NULL);
	/* Deals dated decades away from the rest stay off the time axis. */
	static fin_plot_deal spread[41];
	for (int i = 0; i < 40; i++)
		spread[i] = (fin_plot_deal){
		    ymd(1987, i % 12 + 1, 3), 1, {i + 1, 6}, "deal", "USD", "x", co_nw1, 1, "d", "s", 1};
	spread[40] =
	    (fin_plot_deal){ymd(1971, 1, 1), 1, {7, 6}, "deal", "USD", "y", co_nw1, 1, "old", "s", 1};
	fin_plot_data td = d;
	td.deals = spread;
	td.n_deals = 41;
	CHECK_INT(write_chart(&td, FIN_PLOT_SIZES, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "set xrange ['1986-12-15':'1988-01-15']") != NULL);
	CHECK(strstr(gp.ptr, "40 of 41 deals shown (the others lack a date or a USD value, or are dated far "
	                     "from the rest)") != NULL);
	CHECK(strstr(dat.ptr, "1971-01-01") == NULL);
	/* A timeline labels its ten largest deals. */
	CHECK_INT(write_chart(&td, FIN_PLOT_COMPANY, "Northwind Traders", NULL, &dat, &gp), FIN_OK);
	int labelled = 0, rows = 0;
	for (const char *p = dat.ptr; (p = strchr(p, '\n')) != NULL; p++) {
		if (p[1] == '1' && p[2] == '9') {
			rows++;
			const char *e = strchr(p + 1, '\n');
			labelled += e && e[-3] == '"' && e[-4] != '"';
		}
	}
	CHECK_INT(rows, 40);
	CHECK_INT(labelled, 10);
	CHECK(strstr(dat.ptr, "\t40000000\t\"deal\"\t\"x\"\t\"d\"\t\"x\"\t") != NULL);
	CHECK(strstr(dat.ptr, "\t30000000\t\"deal\"\t\"x\"\t\"d\"\t\"\"\t0\n") != NULL);
	/* Neighbouring labels of the same size stand at alternate heights. */
	CHECK(strstr(dat.ptr, "1987-01-03\t37000000\t\"deal\"\t\"x\"\t\"d\"\t\"x\"\t0\n") != NULL);
	CHECK(strstr(dat.ptr, "1987-02-03\t38000000\t\"deal\"\t\"x\"\t\"d\"\t\"x\"\t1\n") != NULL);
	CHECK(strstr(dat.ptr, "1987-03-03\t39000000\t\"deal\"\t\"x\"\t\"d\"\t\"x\"\t0\n") != NULL);
	/* Bad calls. */
	CHECK_INT(fin_plot_write(&d, FIN_PLOT_COMPANY, NULL, NULL, &dat, &gp, NULL), FIN_EINVAL);
	CHECK_INT(fin_plot_write(&d, FIN_PLOT_N_CHARTS, NULL, NULL, &dat, &gp, NULL), FIN_EINVAL);
	fin_buf_free(&dat);
	fin_buf_free(&gp);
}

/* No data at all, and data without dates (the BBC set): every chart is a
 * message chart that says why, never an error. */
static void test_empty(void)
{
	fin_plot_data d;
	memset(&d, 0, sizeof d);
	d.articles = 3;
	fin_buf dat, gp;
	fin_buf_init(&dat, 0);
	fin_buf_init(&gp, 0);
	for (int c = 0; c < FIN_PLOT_N_CHARTS; c++) {
		CHECK_INT(write_chart(&d, (fin_plot_chart)c, "Acme", NULL, &dat, &gp), FIN_OK);
		CHECK(strstr(gp.ptr, "plot [0:1] [0:1] NaN notitle") != NULL);
		CHECK(strstr(dat.ptr, "# no rows: ") != NULL);
	}
	CHECK_INT(write_chart(&d, FIN_PLOT_MONTHS, NULL, NULL, &dat, &gp), FIN_OK);
	expect_file("empty-months.gp", &gp);
	CHECK_INT(write_chart(&d, FIN_PLOT_COMPANY, "Acme", NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "'No deals found for Acme'") != NULL);

	/* Undated deals with USD values. */
	static const fin_plot_deal undated[] = {
	    {{0, 0, 0}, 1, {5, 6}, "deal", "GBP", "£4m", co_lit, 1, "001", "bbc/001.txt", 1},
	    {{0, 0, 0}, 1, {7, 9}, "deal", "USD", "$7bn", co_fab, 1, "002", "bbc/002.txt", 1},
	};
	static const fin_plot_group undated_co[] = {{"Litware", {5, 6}, 1}, {"Fabrikam", {7, 9}, 1}};
	d.events = 2;
	d.events_usd = 2;
	d.events_dated = 0;
	d.deals = undated;
	d.n_deals = 2;
	d.companies = undated_co;
	d.n_companies = 2;
	CHECK_INT(write_chart(&d, FIN_PLOT_MONTHS, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "'No dates in these articles'") != NULL);
	CHECK(strstr(gp.ptr, "'2 deals found, none with a date: a monthly chart needs dated articles'") !=
	      NULL);
	CHECK_INT(write_chart(&d, FIN_PLOT_SIZES, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "'No dates in these articles'") != NULL);
	/* No publication dates and few dates from the text (the BBC set):
	 * no monthly chart, no scatter. */
	static const fin_plot_month text_dated[] = {{{2004, 1, 1}, {5, 6}, 1}};
	d.months = text_dated;
	d.n_months = 1;
	d.events = 3;
	static const fin_plot_deal some_dated[] = {
	    {{2004, 1, 1}, 1, {5, 6}, "deal", "GBP", "£4m", co_lit, 1, "001", "bbc/001.txt", 1},
	    {{0, 0, 0}, 1, {7, 9}, "deal", "USD", "$7bn", co_fab, 1, "002", "bbc/002.txt", 1},
	    {{0, 0, 0}, 1, {8, 9}, "deal", "USD", "$8bn", co_fab, 1, "003", "bbc/003.txt", 1},
	};
	d.deals = some_dated;
	d.n_deals = 3;
	CHECK_INT(write_chart(&d, FIN_PLOT_MONTHS, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "'No dates in these articles'") != NULL);
	CHECK(strstr(gp.ptr, "'The articles have no publication dates: only 1 of 3 deals carry a date, read "
	                     "from their text'") != NULL);
	CHECK_INT(write_chart(&d, FIN_PLOT_SIZES, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "'No dates in these articles'") != NULL);
	/* With publication dates the same months make a chart. */
	d.amounts_published = 5;
	CHECK_INT(write_chart(&d, FIN_PLOT_MONTHS, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "with boxes") != NULL);
	d.amounts_published = 0;
	d.events = 2;
	d.deals = undated;
	d.n_deals = 2;
	d.months = NULL;
	d.n_months = 0;
	/* The company ranking needs no dates. */
	CHECK_INT(write_chart(&d, FIN_PLOT_COMPANIES, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "boxxyerror") != NULL);
	CHECK(strstr(gp.ptr, "only 2 companies with a USD value") != NULL);
	fin_buf_free(&dat);
	fin_buf_free(&gp);
}

/* ---------------------------------------------------------------------- */
/* Hostile names                                                           */
/* ---------------------------------------------------------------------- */

static const char *const hostile[] = {
    "Evil\"; system(\"touch X\"); \"",
    "`touch X`",
    "Back\\slash\\",
    "<script>alert(1)</script>",
    "Line\nbreak\tand tab",
    "O'Brien & Co",
    "@x !touch X ; set output 'X' ; load 'X'",
};
#define N_HOSTILE (sizeof hostile / sizeof hostile[0])

/* Every field of every data line is a number or a well-formed quoted
 * string, and a line has the expected number of tab-separated columns. */
static void check_dat_wellformed(const char *s, int columns)
{
	const char *line = s;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n > 0 && line[0] != '#') {
			int cols = 1;
			bool inq = false;
			for (size_t i = 0; i < n; i++) {
				if (line[i] == '"')
					inq = !inq;
				else if (line[i] == '\t' && !inq)
					cols++;
				CHECK(line[i] != '\t' || !inq); /* no tab inside a field */
				CHECK(line[i] != '\\' || (inq && i + 1 < n && line[i + 1] == '\\') ||
				      (i > 0 && line[i - 1] == '\\'));
			}
			CHECK(!inq);
			CHECK_INT(cols, columns);
		}
		line += n + (end ? 1 : 0);
	}
}

/* A copy of a script without its "set title" line. */
static char *without_title(const char *gp)
{
	char *c = fin_strndup(gp, strlen(gp));
	if (!c)
		return NULL;
	char *t = strstr(c, "\nset title ");
	if (t) {
		char *e = strchr(t + 1, '\n');
		memmove(t, e ? e : t + strlen(t), strlen(e ? e : t + strlen(t)) + 1);
	}
	return c;
}

static void test_hostile(void)
{
	fin_plot_group groups[N_HOSTILE];
	fin_plot_deal deals[N_HOSTILE];
	const char *names[N_HOSTILE][1];
	for (size_t i = 0; i < N_HOSTILE; i++) {
		names[i][0] = hostile[i];
		groups[i] = (fin_plot_group){hostile[i], {(int64_t)(i + 1), 6}, 1};
		deals[i] = (fin_plot_deal){ymd(1987, (int)(i % 12) + 1, 5),
		                           1,
		                           {(int64_t)(i + 1), 6},
		                           hostile[i],
		                           hostile[i],
		                           hostile[i],
		                           names[i],
		                           1,
		                           hostile[i],
		                           hostile[i],
		                           1};
	}
	fin_plot_data d;
	memset(&d, 0, sizeof d);
	d.events = d.events_usd = d.events_dated = (long)N_HOSTILE;
	d.companies = groups;
	d.n_companies = N_HOSTILE;
	d.currencies = groups;
	d.n_currencies = N_HOSTILE;
	d.deals = deals;
	d.n_deals = N_HOSTILE;
	fin_buf dat, gp;
	fin_buf_init(&dat, 0);
	fin_buf_init(&gp, 0);
	static const int columns[FIN_PLOT_N_CHARTS] = {4, 5, 5, 5, 7};
	for (int c = 0; c < FIN_PLOT_N_CHARTS; c++) {
		for (size_t h = 0; h < N_HOSTILE; h++) {
			CHECK_INT(write_chart(&d, (fin_plot_chart)c, hostile[h], NULL, &dat, &gp), FIN_OK);
			check_dat_wellformed(dat.ptr, columns[c]);
			/* The script holds no article text except inside the
			 * single-quoted title of a company chart, where nothing
			 * is expanded (checked below). */
			char *rest = without_title(gp.ptr);
			CHECK(rest != NULL);
			if (rest) {
				CHECK(strstr(rest, "system(") == NULL);
				CHECK(strstr(rest, "<script>") == NULL);
				CHECK(strstr(rest, "`touch") == NULL);
				CHECK(strstr(rest, "Evil") == NULL);
				CHECK(strstr(rest, "load 'X'") == NULL);
				CHECK(strstr(rest, "set output 'X'") == NULL);
				fin_free(rest);
			}
			if (c == FIN_PLOT_COMPANY) {
				char stem[FIN_PLOT_STEM_MAX];
				fin_plot_stem(FIN_PLOT_COMPANY, hostile[h], stem);
				for (const char *p = stem; *p; p++)
					CHECK(fin_is_lower((unsigned char)*p) ||
					      fin_is_digit((unsigned char)*p) || *p == '-');
				/* The title line: one single-quoted string. */
				const char *t = strstr(gp.ptr, "\nset title '");
				CHECK(t != NULL);
				if (t) {
					t += strlen("\nset title '");
					while (*t && !(*t == '\'' && t[1] != '\''))
						t += (*t == '\'' && t[1] == '\'') ? 2 : 1;
					CHECK(strncmp(t, "' font ',14'", 12) == 0);
				}
			}
		}
	}
	/* Kinds outside the known list never reach a script. */
	CHECK_INT(write_chart(&d, FIN_PLOT_SIZES, NULL, NULL, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "kinds = 'other'") != NULL);

	/* The report escapes every string. */
	fin_buf h;
	fin_buf_init(&h, 0);
	fin_plot_report_opts ro;
	memset(&ro, 0, sizeof ro);
	ro.title = "<b>report</b>";
	ro.inputs = "dir/<script>";
	CHECK_INT(fin_plot_report(&h, &d, NULL, 0, &ro), FIN_OK);
	CHECK(strstr(h.ptr, "<script") == NULL);
	CHECK(strstr(h.ptr, "<b>report") == NULL);
	CHECK(strstr(h.ptr, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	CHECK(strstr(h.ptr, "Evil&quot;; system(&quot;touch X&quot;); &quot;") != NULL);
	CHECK(strstr(h.ptr, "O&#39;Brien &amp; Co") != NULL);
	CHECK(strstr(h.ptr, "Back\\slash\\") != NULL);
	fin_buf_free(&h);
	fin_buf_free(&dat);
	fin_buf_free(&gp);
}

/* ---------------------------------------------------------------------- */
/* Report and SVG                                                          */
/* ---------------------------------------------------------------------- */

static const char good_svg[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
    "<svg \n viewBox=\"0 0 600 300\"\n xmlns=\"http://www.w3.org/2000/svg\"\n"
    " xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n>\n\n<title>Gnuplot</title>\n"
    "<!-- a comment -->\n<g id=\"gnuplot_canvas\">\n<defs>\n"
    "\t<circle id='gpPt5' r='1'/>\n\t<use xlink:href='#gpPt5' id='gpPt6' fill='currentColor'/>\n"
    "\t<filter id='textbox' filterUnits='objectBoundingBox' x='0' y='0' height='1' width='1'>\n"
    "\t  <feFlood flood-color='#FFFFFF' flood-opacity='1' result='bgnd'/>\n"
    "\t  <feComposite in='SourceGraphic' in2='bgnd' operator='atop'/>\n\t</filter>\n"
    "</defs>\n<g clip-path=\"url(#gpclip1)\"><text>&lt;script> &amp; x</text></g>\n"
    "<polygon fill = 'rgb(  0, 114, 178)' points = '1,2 3,4 '/>\n"
    "\t<use xlink:href='#gpPt6' transform='translate(1,2) scale(3)'/>\n</g>\n</svg>\n\n";

static int report_with(const char *svg, fin_buf *h)
{
	fin_plot_data d = fixture();
	fin_plot_figure f[2];
	memset(f, 0, sizeof f);
	f[0].chart = FIN_PLOT_MONTHS;
	f[0].stem = "deals-by-month";
	f[0].svg = svg;
	f[0].svg_len = strlen(svg);
	f[1].chart = FIN_PLOT_SIZES;
	f[1].stem = "deal-sizes";
	f[1].missing = "gnuplot <not found>";
	return fin_plot_report(h, &d, f, 2, NULL);
}

static void test_report(void)
{
	fin_buf h;
	fin_buf_init(&h, 0);
	CHECK_INT(report_with(good_svg, &h), FIN_OK);
	CHECK(strstr(h.ptr, "<!DOCTYPE html>") == h.ptr);
	CHECK(strstr(h.ptr, "<?xml") == NULL);
	CHECK(strstr(h.ptr, "a comment") == NULL);
	CHECK(strstr(h.ptr, "<svg \n viewBox=\"0 0 600 300\"") != NULL);
	CHECK(strstr(h.ptr, "id='f1-gpPt6'") != NULL);
	CHECK(strstr(h.ptr, "xlink:href='#f1-gpPt5'") != NULL);
	CHECK(strstr(h.ptr, "url(#f1-gpclip1)") != NULL);
	CHECK(strstr(h.ptr, "<filter id='f1-textbox'") != NULL);
	CHECK(strstr(h.ptr, "<polygon fill = 'rgb(  0, 114, 178)' points = '1,2 3,4 '/>") != NULL);
	CHECK(strstr(h.ptr, "<text>&lt;script> &amp; x</text>") != NULL);
	CHECK(strstr(h.ptr, "gnuplot &lt;not found&gt;") != NULL);
	CHECK(strstr(h.ptr, "<script") == NULL);
	CHECK(strstr(h.ptr, "http-equiv=\"Content-Security-Policy\"") != NULL);
	/* Headline numbers and the top deals table, largest first. */
	CHECK(strstr(h.ptr, "<b>$3.85bn</b><span>total value of the deals (USD)") != NULL);
	CHECK(strstr(h.ptr, "<b>71%</b><span>of the deals have a USD value") != NULL);
	const char *a = strstr(h.ptr, "3.8 billion dlrs");
	const char *b = strstr(h.ptr, "250 mln marks");
	CHECK(a && b && a < b);
	CHECK(strstr(h.ptr, "<td>Northwind Traders, Contoso</td><td>3.8 billion dlrs <small>USD</small></td>"
	                    "<td class=\"n\">$3.8bn</td><td>1987-02-26</td><td>deal</td><td>15<br>"
	                    "<small>reut2-000.sgm</small></td>") != NULL);
	/* No external request: no src=, no href to another document, no link
	 * or script element. */
	CHECK(strstr(h.ptr, "src=") == NULL);
	CHECK(strstr(h.ptr, "<link") == NULL);
	CHECK(strstr(h.ptr, "href='http") == NULL && strstr(h.ptr, "href=\"http") == NULL);
	expect_file("report.html", &h);

	/* SVGs that must not be inlined. */
	static const char *const bad[] = {
	    "<svg><script>alert(1)</script></svg>",
	    "<svg onload=\"alert(1)\"><g/></svg>",
	    "<svg><use xlink:href='http://example.com/x.svg#a'/></svg>",
	    "<svg><foreignObject><div/></foreignObject></svg>",
	    "<svg><g style='fill:url(http://x/y)'/></svg>",
	    "<svg><image href='data:x'/></svg>",
	    "<svg><g><![CDATA[ x ]]></g></svg>",
	    "<svg><g",
	    "<html><svg/></html>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_INT(report_with(bad[i], &h), FIN_OK);
		CHECK(strstr(h.ptr, "This chart was left out") != NULL);
		CHECK(strstr(h.ptr, "alert") == NULL);
		CHECK(strstr(h.ptr, "example.com") == NULL);
	}
	fin_buf_free(&h);
}

/* ---------------------------------------------------------------------- */
/* Template overrides                                                      */
/* ---------------------------------------------------------------------- */

static void test_templates(void)
{
	char dir[] = "/tmp/finfig-plot-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256];
	snprintf(path, sizeof path, "%s/currency-mix.gp", dir);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("{{HEAD}}\nplot '{{STEM}}.dat' using 4:1 # {{N}} bars\n", f);
	fclose(f);
	fin_plot_data d = fixture();
	fin_plot_opts o;
	memset(&o, 0, sizeof o);
	o.template_dir = dir;
	fin_buf dat, gp;
	fin_buf_init(&dat, 0);
	fin_buf_init(&gp, 0);
	CHECK_INT(write_chart(&d, FIN_PLOT_CURRENCIES, NULL, &o, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "plot 'currency-mix.dat' using 4:1 # 3 bars\n") != NULL);
	CHECK(strstr(gp.ptr, "set output 'currency-mix.png'") != NULL);
	/* Other charts still use the built-in templates. */
	CHECK_INT(write_chart(&d, FIN_PLOT_MONTHS, NULL, &o, &dat, &gp), FIN_OK);
	CHECK(strstr(gp.ptr, "with boxes") != NULL);
	/* A misspelt placeholder fails loudly. */
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("{{HEAD}}\nplot {{NOPE}}\n", f);
		fclose(f);
	}
	fin_error err;
	memset(&err, 0, sizeof err);
	CHECK_INT(fin_plot_write(&d, FIN_PLOT_CURRENCIES, NULL, &o, &dat, &gp, &err), FIN_EPARSE);
	CHECK(strstr(err.message, "{{NOPE}}") != NULL);
	CHECK_INT(err.line, 2);
	remove(path);
	rmdir(dir);
	fin_buf_free(&dat);
	fin_buf_free(&gp);
}

/* ---------------------------------------------------------------------- */
/* Allocation failures: an error code, never a crash or a leak (ASan)     */
/* ---------------------------------------------------------------------- */

static void test_oom(void)
{
	fin_plot_data d = fixture();
	int ok_seen = 0, fail_seen = 0;
	for (long n = 1; n < 400; n++) {
		fin_buf dat, gp, h;
		fin_buf_init(&dat, 0);
		fin_buf_init(&gp, 0);
		fin_buf_init(&h, 0);
		fin_alloc_fail_after(n);
		int rc = FIN_OK;
		for (int c = 0; c < FIN_PLOT_N_CHARTS && rc == FIN_OK; c++)
			rc = fin_plot_write(&d, (fin_plot_chart)c, "Contoso", NULL, &dat, &gp, NULL);
		if (rc == FIN_OK)
			rc = report_with(good_svg, &h);
		fin_alloc_fail_after(0);
		CHECK(rc == FIN_OK || rc == FIN_ENOMEM);
		if (rc == FIN_OK)
			ok_seen++;
		else
			fail_seen++;
		fin_buf_free(&dat);
		fin_buf_free(&gp);
		fin_buf_free(&h);
		if (rc == FIN_OK)
			break;
	}
	CHECK(fail_seen > 0);
	CHECK(ok_seen == 1);
}

/* ---------------------------------------------------------------------- */
/* Records through the aggregate (fin_plot_input)                          */
/* ---------------------------------------------------------------------- */

/* Feed records (JSON Lines in text) to a new input and finish it. */
static int input_from_records(const char *text, fin_plot_input **in, fin_plot_data *d)
{
	int rc = fin_plot_input_new(in, NULL, NULL);
	long lineno = 0;
	for (const char *p = text; rc == FIN_OK && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		rc = fin_plot_input_line(*in, p, n, "records.jsonl", ++lineno, NULL);
		p += n + (e != NULL);
	}
	if (rc == FIN_OK)
		rc = fin_plot_input_finish(*in, d, NULL);
	return rc;
}

static void test_input(void)
{
	size_t len;
	char *text = slurp(FIN_TEST_DIR "/golden/plot/records.jsonl", &len);
	CHECK(text != NULL);
	if (!text)
		return;
	fin_plot_input *in = NULL;
	fin_plot_data d;
	CHECK_INT(input_from_records(text, &in, &d), FIN_OK);
	/* r1 and r2 are one event; r3's restatement folds in; r4 is revenue;
	 * the per-share price stays out. */
	CHECK_INT(d.amounts, 9);
	CHECK_INT(d.amounts_published, 8);
	CHECK_INT(d.events, 5);
	CHECK_INT(d.events_usd, 5);
	CHECK_INT(d.events_dated, 4);
	CHECK_INT(d.n_deals, 5);
	CHECK_INT(d.n_currencies, 3);
	bool found = false;
	for (size_t i = 0; i < d.n_deals; i++) {
		const fin_plot_deal *x = &d.deals[i];
		if (x->text && strcmp(x->text, "250 mln marks") == 0) {
			found = true;
			CHECK_STR(x->currency, "DEM");
			CHECK_STR(x->source, "news/r3.sgm");
			CHECK_STR(x->doc, "r3");
			CHECK_STR(x->kind, "investment");
			CHECK(fin_decimal_cmp(x->usd, (fin_decimal){1375, 5}) == 0);
		}
	}
	CHECK(found);
	long lines, records, invalid;
	fin_plot_input_stats(in, &lines, &records, &invalid);
	CHECK_INT(lines, 9);
	fin_plot_input_free(in);

	/* Bad kinds list; a summary after records. */
	fin_plot_input_opts io;
	memset(&io, 0, sizeof io);
	io.kinds = "deal,,x";
	CHECK_INT(fin_plot_input_new(&in, &io, NULL), FIN_EINVAL);
	CHECK_INT(fin_plot_input_new(&in, NULL, NULL), FIN_OK);
	const char rec[] =
	    "{\"type\":\"money\",\"id\":\"a#m1\",\"text\":\"$1\",\"value\":1,\"currency\":\"USD\"}";
	CHECK_INT(fin_plot_input_line(in, rec, strlen(rec), "x", 1, NULL), FIN_OK);
	CHECK_INT(fin_plot_input_summary(in, "{}", 2, "s", NULL), FIN_EINVAL);
	fin_plot_input_free(in);

	/* Allocation failures: an error, never a crash or a leak. */
	int ok = 0, failed = 0;
	for (long n = 1; n < 5000 && !ok; n++) {
		in = NULL;
		fin_alloc_fail_after(n);
		int rc = input_from_records(text, &in, &d);
		fin_alloc_fail_after(0);
		CHECK(rc == FIN_OK || rc == FIN_ENOMEM);
		if (rc != FIN_OK && rc != FIN_ENOMEM)
			fprintf(stderr, "allocation %ld: %s\n", n, fin_strerror(rc));
		if (rc == FIN_OK)
			ok++;
		else
			failed++;
		fin_plot_input_free(in);
	}
	CHECK(ok == 1);
	CHECK(failed > 10);
	fin_free(text);
}

int main(void)
{
	test_escapers();
	test_charts();
	test_empty();
	test_hostile();
	test_report();
	test_templates();
	test_oom();
	test_input();
	return check_done();
}
