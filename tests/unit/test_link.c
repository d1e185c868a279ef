/*
 * test_link.c — linking amounts to their companies, date and kind.
 *
 * The examples are data: tests/unit/fixtures/link-cases.txt (its header
 * says how to read it). Each article goes through fin_extract() with money,
 * companies and dates computed, as the CLI does. Then: the seed post's
 * links spelled out, --no-link and partial types, a user kind-cues.tsv, a
 * malformed one, allocation failures, and a long one-sentence article.
 */
#include "check.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static fin_extractor *ex;
static fin_doc *doc;

/* ---------------------------------------------------------------------- */
/* Running one article                                                    */
/* ---------------------------------------------------------------------- */

/* Extract title/body (published "YYYY-MM-DD" or "") with extractor x. */
static int run_with(fin_extractor *x, const char *title, const char *body, const char *published,
		    fin_article *a, fin_result *r)
{
	memset(a, 0, sizeof *a);
	a->id = "t";
	a->source = "test";
	a->title = title;
	a->title_len = strlen(title);
	a->body = body;
	a->body_len = strlen(body);
	if (published && *published && fin_ymd_parse(published, strlen(published), &a->published))
		return -1;
	fin_error err;
	return fin_extract(x, doc, a, r, &err);
}

/* The text of amount m, white space runs folded to one space, into buf. */
static const char *money_text(const fin_article *a, const fin_money *m, char *buf, size_t cap)
{
	const char *src = m->field == FIN_FIELD_TITLE ? a->title : a->body;
	size_t n = 0;
	bool space = false;
	for (uint32_t i = m->start; i < m->end && n + 1 < cap; i++) {
		unsigned char c = (unsigned char)src[i];
		if (fin_is_space(c)) {
			space = true;
			continue;
		}
		if (space && n)
			buf[n++] = ' ';
		space = false;
		if (n + 1 < cap)
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

/* The companies of m joined by "; " into buf. */
static const char *joined(const fin_money *m, char *buf, size_t cap)
{
	buf[0] = '\0';
	size_t n = 0;
	for (size_t k = 0; k < m->n_companies; k++) {
		int w = snprintf(buf + n, cap - n, "%s%s", k ? "; " : "", m->companies[k]);
		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
	}
	return buf;
}

/* The date of m as the records print it: the linked date's start, or
 * "pub" for the publication date. */
static const char *date_of(const fin_result *r, const fin_money *m, char *buf)
{
	if (m->date_index < 0)
		return "pub";
	if ((size_t)m->date_index >= r->n_dates)
		return "bad-index";
	fin_ymd_format(r->dates[m->date_index].start_date, buf);
	return buf;
}

/* ---------------------------------------------------------------------- */
/* The cases file                                                         */
/* ---------------------------------------------------------------------- */

typedef struct lcase {
	char name[256];
	char title[512];
	char published[16];
	char body[8192];
	char expect[32][512];
	int n_expect;
	long line; /* of the "===" line */
} lcase;

/* Trim white space at both ends of s in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Copy src into dst[cap], cut to fit. */
static void copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Check one case; failures name the case and its line. */
static void check_case(const lcase *c, const char *path)
{
	fin_article a;
	fin_result r;
	int rc = run_with(ex, c->title, c->body, c->published, &a, &r);
	CHECK_INT(rc, 0);
	if (rc)
		return;
	CHECK(r.linked);
	bool used[512] = {false};
	for (int e = 0; e < c->n_expect; e++) {
		char line[512];
		copy(line, sizeof line, c->expect[e]);
		char *f[4] = {NULL, NULL, NULL, NULL};
		char *p = line;
		for (int k = 0; k < 4; k++) {
			f[k] = p;
			char *bar = strchr(p, '|');
			if (bar) {
				*bar = '\0';
				p = bar + 1;
			} else {
				p += strlen(p);
			}
		}
		for (int k = 0; k < 4; k++)
			f[k] = trim(f[k]);
		char tb[256], cb[512], db[11];
		size_t found = SIZE_MAX;
		for (size_t i = 0; i < r.n_money && i < 512; i++)
			if (!used[i] && strcmp(money_text(&a, &r.money[i], tb, sizeof tb), f[0]) == 0) {
				found = i;
				break;
			}
		if (found == SIZE_MAX) {
			check_failed++;
			fprintf(stderr, "%s:%ld: %s: no amount '%s'\n", path, c->line, c->name, f[0]);
			continue;
		}
		used[found] = true;
		const fin_money *m = &r.money[found];
		const char *got_c = joined(m, cb, sizeof cb);
		const char *got_k = m->kind ? m->kind : "(null)";
		const char *got_d = date_of(&r, m, db);
		if (strcmp(got_c, f[1]) == 0 && strcmp(got_k, f[2]) == 0 && strcmp(got_d, f[3]) == 0) {
			check_passed++;
		} else {
			check_failed++;
			fprintf(stderr, "%s:%ld: %s: '%s': got %s | %s | %s, expected %s | %s | %s\n", path,
				c->line, c->name, f[0], got_c, got_k, got_d, f[1], f[2], f[3]);
		}
	}
}

/* Append s to the body of c (with a newline before all but the first). */
static void body_add(lcase *c, const char *s)
{
	size_t n = strlen(c->body);
	snprintf(c->body + n, sizeof c->body - n, "%s%s", n ? "\n" : "", s);
}

/* Read and check every case of path; returns how many were run. */
static int run_cases(const char *path)
{
	FILE *fp = fopen(path, "r");
	CHECK(fp != NULL);
	if (!fp)
		return 0;
	static lcase c;
	bool have = false;
	enum { HEAD, BODY, EXPECT } mode = HEAD;
	char buf[8192];
	long lineno = 0;
	int n = 0;
	while (fgets(buf, sizeof buf, fp)) {
		lineno++;
		size_t len = strlen(buf);
		if (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (strncmp(buf, "=== ", 4) == 0) {
			if (have) {
				check_case(&c, path);
				n++;
			}
			memset(&c, 0, sizeof c);
			copy(c.name, sizeof c.name, buf + 4);
			c.line = lineno;
			have = true;
			mode = HEAD;
			continue;
		}
		if (!have)
			continue;
		if (mode == BODY) {
			if (strcmp(buf, "expect:") == 0)
				mode = EXPECT;
			else
				body_add(&c, buf);
			continue;
		}
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		if (strncmp(buf, "title: ", 7) == 0)
			copy(c.title, sizeof c.title, buf + 7);
		else if (strncmp(buf, "published: ", 11) == 0)
			copy(c.published, sizeof c.published, buf + 11);
		else if (strcmp(buf, "body:") == 0)
			mode = BODY;
		else if (strcmp(buf, "expect:") == 0)
			mode = EXPECT;
		else if (mode == EXPECT && c.n_expect < 32)
			copy(c.expect[c.n_expect++], sizeof c.expect[0], buf);
	}
	if (have) {
		check_case(&c, path);
		n++;
	}
	fclose(fp);
	return n;
}

/* ---------------------------------------------------------------------- */
/* The seed post, spelled out                                             */
/* ---------------------------------------------------------------------- */

static const char seed_title[] = "Breaking: ChatGPT owner OpenAI signs $38bn cloud computing deal with Amazon";
static const char seed_body[] =
	"Experts revealed that OpenAI has signed a $38bn (\xC2\xA3" "29bn) contract with Amazon to access "
	"its cloud computing infrastructure, as the start-up continues its run of major partnerships "
	"to secure computing power.\n\n"
	"In 2025, the ChatGPT maker has signed deals worth more than $1tn with Oracle, Broadcom, AMD "
	"and chip-making giant Nvidia. Its latest deal reduces its reliance on Microsoft.\n\n"
	"But OpenAI has been unprofitable, as spends big to get ahead in the development of AI "
	"technology. Quarterly results from Microsoft last week indicated that OpenAI lost $12bn in "
	"just the last quarter.\n\n"
	"Following the announcement of the deal on Monday, Amazon shares hit an all-time high, adding "
	"$140bn (\xC2\xA3" "106bn) to its valuation.\n";

/* The amount whose text is `text`, the nth (0-based) of that text. */
static const fin_money *nth_amount(const fin_article *a, const fin_result *r, const char *text, int nth)
{
	char tb[128];
	for (size_t i = 0; i < r->n_money; i++)
		if (strcmp(money_text(a, &r->money[i], tb, sizeof tb), text) == 0 && nth-- == 0)
			return &r->money[i];
	return NULL;
}

static void test_seed(void)
{
	fin_article a;
	fin_result r;
	CHECK_INT(run_with(ex, seed_title, seed_body, "2025-11-03", &a, &r), 0);
	char cb[512], db[11];
	const fin_money *m;
	for (int k = 0; k < 2; k++) {
		m = nth_amount(&a, &r, "$38bn", k);
		CHECK(m != NULL);
		if (m) {
			CHECK_STR(joined(m, cb, sizeof cb), "OpenAI; Amazon");
			CHECK_STR(m->kind, "deal");
		}
	}
	m = nth_amount(&a, &r, "\xC2\xA3" "29bn", 0);
	CHECK(m && m->equivalent_of >= 0);
	if (m) {
		CHECK_STR(joined(m, cb, sizeof cb), "OpenAI; Amazon");
		CHECK_STR(m->kind, "deal");
	}
	m = nth_amount(&a, &r, "$1tn", 0);
	CHECK(m != NULL);
	if (m) {
		CHECK_STR(joined(m, cb, sizeof cb), "OpenAI; Oracle; Broadcom; AMD; Nvidia");
		CHECK_STR(m->kind, "deal");
	}
	m = nth_amount(&a, &r, "$12bn", 0);
	CHECK(m != NULL);
	if (m) {
		CHECK_STR(joined(m, cb, sizeof cb), "OpenAI");
		CHECK_STR(m->kind, "loss");
		/* the last quarter before 2025-11-03 */
		CHECK_STR(date_of(&r, m, db), "2025-07-01");
		CHECK(m->date_index >= 0 && r.dates[m->date_index].grain == FIN_GRAIN_QUARTER);
	}
	const char *val[2] = {"$140bn", "\xC2\xA3" "106bn"};
	for (int k = 0; k < 2; k++) {
		m = nth_amount(&a, &r, val[k], 0);
		CHECK(m != NULL);
		if (m) {
			CHECK_STR(joined(m, cb, sizeof cb), "Amazon");
			CHECK_STR(m->kind, "valuation");
		}
	}
	/* Every amount of a linked article has a kind; durations are never
	 * the date ("the seven-year agreement"). */
	for (size_t i = 0; i < r.n_money; i++) {
		CHECK(r.money[i].kind != NULL);
		if (r.money[i].date_index >= 0)
			CHECK(r.dates[r.money[i].date_index].grain != FIN_GRAIN_DURATION);
	}
	/* The same article again gives the same links (no state kept). */
	fin_result r2;
	CHECK_INT(run_with(ex, seed_title, seed_body, "2025-11-03", &a, &r2), 0);
	CHECK_INT(r2.n_money, 7);
	m = nth_amount(&a, &r2, "$1tn", 0);
	CHECK(m && m->n_companies == 5);
}

/* ---------------------------------------------------------------------- */
/* Options                                                                */
/* ---------------------------------------------------------------------- */

/* no_link, or companies/dates not computed: nothing is linked. */
static void test_no_link(void)
{
	fin_extractor_opts o;
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_ALL;
	o.no_link = 1;
	fin_extractor *x = NULL;
	fin_error err;
	CHECK_INT(fin_extractor_new(&x, &o, &err), 0);
	fin_article a;
	fin_result r;
	CHECK_INT(run_with(x, seed_title, seed_body, "2025-11-03", &a, &r), 0);
	CHECK(!r.linked);
	CHECK(r.n_companies > 0 && r.n_dates > 0);
	for (size_t i = 0; i < r.n_money; i++) {
		CHECK(r.money[i].kind == NULL);
		CHECK_INT(r.money[i].n_companies, 0);
		CHECK_INT(r.money[i].date_index, -1);
	}
	fin_extractor_free(x);

	o.no_link = 0;
	o.types = FIN_TYPE_MONEY | FIN_TYPE_COMPANY;
	CHECK_INT(fin_extractor_new(&x, &o, &err), 0);
	CHECK_INT(run_with(x, seed_title, seed_body, "2025-11-03", &a, &r), 0);
	CHECK(!r.linked);
	CHECK(r.n_money > 0 && r.money[0].kind == NULL);
	fin_extractor_free(x);
}

/* Write text to dir/name. */
static int write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	if (!fp)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* A kind-cues.tsv in --data DIR adds cues and overrides built-in ones; a
 * malformed one is refused with its line number. */
static void test_user_cues(void)
{
	char dir[] = "/tmp/finfig-link-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(write_file(dir, "kind-cues.tsv",
			     "# user cues\n"
			     "royalty\tother\t0\n"
			     "royalties\trevenue\t0\n"
			     "valuation\tprice\t0\n"),
		  0);
	fin_extractor_opts o;
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_ALL;
	o.data_dir = dir;
	fin_extractor *x = NULL;
	fin_error err;
	CHECK_INT(fin_extractor_new(&x, &o, &err), 0);
	fin_article a;
	fin_result r;
	CHECK_INT(run_with(x, "", "Apple received royalties of $2bn.", "2020-01-01", &a, &r), 0);
	CHECK(r.n_money == 1 && r.money[0].kind && strcmp(r.money[0].kind, "revenue") == 0);
	CHECK_INT(run_with(x, "", "Amazon shares rose, adding $140bn to its valuation.", "2020-01-01", &a, &r), 0);
	CHECK(r.n_money == 1 && r.money[0].kind && strcmp(r.money[0].kind, "price") == 0);
	fin_extractor_free(x);

	CHECK_INT(write_file(dir, "kind-cues.tsv", "# bad\nroyalty\tother\t0\nfee\tnot-a-kind\t0\n"), 0);
	memset(&err, 0, sizeof err);
	x = NULL;
	CHECK_INT(fin_extractor_new(&x, &o, &err), FIN_EPARSE);
	CHECK(x == NULL);
	CHECK_INT(err.line, 3);
	CHECK(strstr(err.message, "not-a-kind") != NULL);
	CHECK_INT(write_file(dir, "kind-cues.tsv", "fee\tfine\t12\n"), 0);
	CHECK_INT(fin_extractor_new(&x, &o, &err), FIN_EPARSE);
	CHECK_INT(write_file(dir, "kind-cues.tsv", "fee\tfine\t1\tsideways\n"), 0);
	CHECK_INT(fin_extractor_new(&x, &o, &err), FIN_EPARSE);
	char path[512];
	snprintf(path, sizeof path, "%s/kind-cues.tsv", dir);
	unlink(path);
	rmdir(dir);
}

/* ---------------------------------------------------------------------- */
/* Failures and limits                                                    */
/* ---------------------------------------------------------------------- */

/* Allocation failures in building the linker and in linking one article
 * are reported as FIN_ENOMEM, never a crash; the next try works. */
static void test_oom(void)
{
	int failures = 0;
	for (long n = 1; n < 100000; n++) {
		fin_linker *l = NULL;
		fin_error err;
		fin_alloc_fail_after(n);
		int rc = fin_linker_new(&l, NULL, &err);
		fin_alloc_fail_after(0);
		if (rc == 0) {
			fin_linker_free(l);
			break;
		}
		CHECK_INT(rc, FIN_ENOMEM);
		CHECK(l == NULL);
		failures++;
	}
	CHECK(failures > 0);
	failures = 0;
	for (long n = 1; n < 100000; n++) {
		fin_doc *d = NULL;
		if (fin_doc_new(&d))
			break;
		fin_article a;
		memset(&a, 0, sizeof a);
		a.id = "t";
		a.source = "test";
		a.title = seed_title;
		a.title_len = strlen(seed_title);
		a.body = seed_body;
		a.body_len = strlen(seed_body);
		fin_ymd_parse("2025-11-03", 10, &a.published);
		fin_result r;
		fin_error err;
		fin_alloc_fail_after(n);
		int rc = fin_extract(ex, d, &a, &r, &err);
		fin_alloc_fail_after(0);
		fin_doc_free(d);
		if (rc == 0)
			break;
		CHECK_INT(rc, FIN_ENOMEM);
		failures++;
	}
	CHECK(failures > 0);
}

/* One sentence of 40,000 words with thousands of amounts and companies:
 * linking stays within bounded windows (seconds would mean quadratic). */
static void test_long_sentence(void)
{
	static const char unit[] = "Exxon Corp paid 5 mln dlrs to Mobil Corp and it said its profit of 2 mln dlrs and ";
	size_t reps = 4000, ul = sizeof unit - 1;
	char *body = malloc(reps * ul + 1);
	CHECK(body != NULL);
	if (!body)
		return;
	for (size_t i = 0; i < reps; i++)
		memcpy(body + i * ul, unit, ul);
	body[reps * ul] = '\0';
	fin_article a;
	fin_result r;
	clock_t t0 = clock();
	CHECK_INT(run_with(ex, "", body, "1987-03-02", &a, &r), 0);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(r.n_money >= 2 * reps);
	CHECK(secs < 10.0);
	size_t linked = 0;
	for (size_t i = 0; i < r.n_money; i++)
		linked += r.money[i].n_companies > 0 && r.money[i].n_companies <= 6;
	CHECK(linked > reps);
	fprintf(stderr, "long sentence: %zu amounts linked in %.2f s\n", r.n_money, secs);
	free(body);
}

int main(void)
{
	fin_extractor_opts o;
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_ALL;
	fin_error err;
	if (fin_extractor_new(&ex, &o, &err) || fin_doc_new(&doc)) {
		fprintf(stderr, "cannot build the extractor: %s\n", err.message);
		return 1;
	}
	int n = run_cases(FIN_TEST_DIR "/unit/fixtures/link-cases.txt");
	CHECK(n >= 30);
	test_seed();
	test_no_link();
	test_user_cues();
	test_oom();
	test_long_sentence();
	fin_doc_free(doc);
	fin_extractor_free(ex);
	return check_done();
}
