/*
 * test_config.c — finfig.yaml: the schema (companies: name, aliases,
 * ticker, kind), its errors with their lines, and the companies it adds
 * to the gazetteer (over the built-in names of the same spelling).
 */
#include "check.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parse yaml; the status, err filled. */
static int parse(const char *yaml, fin_config **c, fin_error *err)
{
	memset(err, 0, sizeof *err);
	return fin_config_parse(yaml, strlen(yaml), "f.yaml", c, err);
}

/* The status and line of the error yaml makes; the message into msg. */
static long err_line(const char *yaml, int *code, char *msg, size_t cap)
{
	fin_config *c = NULL;
	fin_error err;
	*code = parse(yaml, &c, &err);
	fin_config_free(c);
	snprintf(msg, cap, "%s", err.message);
	return err.line;
}

static void test_schema(void)
{
	fin_config *c;
	fin_error err;
	const char *y = "# mine\n"
			"companies:\n"
			"  - name: Zorblax Dynamics Inc\n"
			"    aliases: [Zorblax, \"Zorblax Dynamics\"]\n"
			"    ticker: ZRBX\n"
			"  - name: '  Quuxworks Ltd  '\n"
			"    alias: Quuxworks\n"
			"    tickers: [QXW, QXW.B]\n"
			"    kind: other\n"
			"  - {name: Plain Co}\n";
	CHECK_INT(parse(y, &c, &err), FIN_OK);
	if (!c)
		return;
	CHECK_INT(c->n_companies, 3);
	const fin_company_def *d = c->companies;
	CHECK_STR(d[0].name, "Zorblax Dynamics Inc");
	CHECK_INT(d[0].n_aliases, 2);
	CHECK_STR(d[0].aliases[1], "Zorblax Dynamics");
	CHECK_INT(d[0].n_tickers, 1);
	CHECK_STR(d[0].tickers[0], "ZRBX");
	CHECK_INT(d[0].kind, FIN_ORG_COMPANY);
	CHECK_INT(d[0].line, 3);
	CHECK_STR(d[1].name, "Quuxworks Ltd"); /* trimmed */
	CHECK_INT(d[1].n_aliases, 1);
	CHECK_STR(d[1].aliases[0], "Quuxworks");
	CHECK_INT(d[1].n_tickers, 2);
	CHECK_STR(d[1].tickers[1], "QXW.B");
	CHECK_INT(d[1].kind, FIN_ORG_OTHER);
	CHECK_INT(d[2].n_aliases, 0);
	CHECK_INT(d[2].n_tickers, 0);
	fin_config_free(c);

	/* nothing to add: an empty file, a comment, a null or empty list */
	const char *empty[] = {"", "# nothing\n", "companies:\n", "companies: ~\n", "companies: []\n"};
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
		c = NULL;
		CHECK_INT(parse(empty[i], &c, &err), FIN_OK);
		CHECK(c && c->n_companies == 0);
		fin_config_free(c);
	}
}

static void test_errors(void)
{
	static const struct {
		const char *yaml;
		long line;
		const char *msg; /* part of the message */
	} cases[] = {
		{"companies:\n  - name: X\n    aliase: [Y]\n", 3, "unknown key 'aliase'"},
		{"company:\n  - name: X\n", 1, "unknown key 'company'"},
		{"companies:\n  - aliases: [Y]\n", 2, "without a 'name'"},
		{"companies:\n  - name: ''\n", 2, "name: empty"},
		{"companies:\n  - name: [A, B]\n", 2, "name: a string was expected"},
		{"companies:\n  - name: X\n    aliases: [A, {b: c}]\n", 3, "alias: a string was expected"},
		{"companies:\n  - name: X\n    ticker: 'Z Z'\n", 3, "ticker 'Z Z'"},
		{"companies:\n  - name: X\n    kind: bank\n", 3, "kind 'bank'"},
		{"companies:\n  - name: X\n    name: Y\n", 3, "'name' given twice"},
		{"companies:\n  - &a {name: X}\n  - *a\n", 3, "aliases (*name) are not supported"},
		{"companies: []\n---\ncompanies: []\n", 2, "one YAML document only"},
		{"companies: [\n", 2, "bad YAML"},
		{"companies: {name: X}\n", 1, "a list was expected"},
		{"companies:\n  - just a name\n", 2, "a company is a mapping"},
		{"- a\n- b\n", 1, "a mapping of keys"},
		{"companies:\n  - name: \"A\\0B\"\n", 2, "NUL byte"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int code;
		char msg[512];
		long line = err_line(cases[i].yaml, &code, msg, sizeof msg);
		CHECK_INT(code, FIN_ECONFIG);
		CHECK_INT(line, cases[i].line);
		if (!strstr(msg, cases[i].msg)) {
			check_failed++;
			fprintf(stderr, "case %zu: message '%s' lacks '%s'\n", i, msg, cases[i].msg);
		} else {
			check_passed++;
		}
	}
}

/* Write text to a fresh temporary file; its path into path (cap 64). */
static void temp_file(char *path, const char *text)
{
	snprintf(path, 64, "/tmp/fin-config-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return;
	size_t n = strlen(text);
	if (write(fd, text, n) != (ssize_t)n)
		path[0] = '\0';
	close(fd);
}

static fin_extractor *ex;
static fin_doc *doc;

/* fin_extract of an article with this body and no title into *r. */
static int extract_body(const char *body, fin_result *r)
{
	fin_article a;
	memset(&a, 0, sizeof a);
	a.id = "t";
	a.title = "";
	a.body = body;
	a.body_len = strlen(body);
	fin_error err;
	return fin_extract(ex, doc, &a, r, &err);
}

/* The companies of the body's first amount (";"-joined into buf). */
static const char *linked(const char *body, char *buf, size_t cap)
{
	fin_result r;
	buf[0] = '\0';
	if (extract_body(body, &r) || !r.n_money)
		return buf;
	for (size_t k = 0; k < r.money[0].n_companies; k++)
		snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", k ? ";" : "", r.money[0].companies[k]);
	return buf;
}

/* Kind of the first company mention named name, or -1. */
static int kind_of(const char *body, const char *name)
{
	fin_result r;
	if (extract_body(body, &r))
		return -1;
	for (size_t i = 0; i < r.n_companies; i++)
		if (strcmp(r.companies[i].name, name) == 0)
			return (int)r.companies[i].kind;
	return -1;
}

static void test_gazetteer(void)
{
	char path[64], buf[256];
	temp_file(path, "companies:\n"
			"  - name: Zorblax Dynamics Inc\n"
			"    aliases: [Zorblax]\n"
			"    ticker: ZRBX\n"
			"  - name: Apple Records Ltd\n"
			"    aliases: [Apple]\n"
			"  - name: Frobnitz Authority\n"
			"    kind: other\n"
			"  - name: Second Apple Claimant\n"
			"    aliases: [Apple]\n");
	fin_extractor_opts o;
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_ALL;
	o.config = path;
	fin_error err;
	memset(&err, 0, sizeof err);
	CHECK_INT(fin_extractor_new(&ex, &o, &err), FIN_OK);
	CHECK(fin_doc_new(&doc) == FIN_OK);
	if (ex && doc) {
		/* a name no list has, by its alias and its canonical name */
		CHECK_STR(linked("Zorblax said its profit was 12 mln dlrs.", buf, sizeof buf),
			  "Zorblax Dynamics Inc");
		CHECK_STR(linked("Zorblax Dynamics Inc posted a loss of 3 mln dlrs.", buf, sizeof buf),
			  "Zorblax Dynamics Inc");
		/* its ticker in Reuters markup */
		CHECK_STR(linked("Shares of <ZRBX> fell after a loss of 3 mln dlrs.", buf, sizeof buf),
			  "Zorblax Dynamics Inc");
		CHECK_STR(linked("Zorblax Dynamics Inc (NYSE: ZRBX) said its loss was 3 mln dlrs.", buf,
				 sizeof buf),
			  "Zorblax Dynamics Inc");
		CHECK_STR(linked("Analysts said (NYSE: ZRBX) lost 3 mln dlrs.", buf, sizeof buf),
			  "Zorblax Dynamics Inc");
		/* the config wins over the built-in "Apple", and its first
		 * entry over a later one */
		CHECK_STR(linked("Apple said its revenue rose to 5 mln dlrs.", buf, sizeof buf),
			  "Apple Records Ltd");
		CHECK_INT(kind_of("The Frobnitz Authority fined the bank.", "Frobnitz Authority"), FIN_ORG_OTHER);
	}
	fin_doc_free(doc);
	fin_extractor_free(ex);
	doc = NULL;
	ex = NULL;
	unlink(path);

	/* without the config the built-in name stands */
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_ALL;
	CHECK_INT(fin_extractor_new(&ex, &o, &err), FIN_OK);
	CHECK(fin_doc_new(&doc) == FIN_OK);
	if (ex && doc) {
		const char *n = linked("Apple said its revenue rose to 5 mln dlrs.", buf, sizeof buf);
		CHECK(strcmp(n, "Apple Records Ltd") != 0 && strstr(n, "Apple") != NULL);
	}
	fin_doc_free(doc);
	fin_extractor_free(ex);
	doc = NULL;
	ex = NULL;

	/* a name the gazetteer cannot hold: an error at its line */
	temp_file(path, "companies:\n"
			"  - name: Fine Co\n"
			"  - name: A B C D E F G H I J K L M N O P Q R S\n");
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_ALL;
	o.config = path;
	memset(&err, 0, sizeof err);
	CHECK_INT(fin_extractor_new(&ex, &o, &err), FIN_ECONFIG);
	CHECK_INT(err.line, 3);
	CHECK(strstr(err.message, "makes no name to match") != NULL);
	CHECK_STR(err.path, path);
	fin_extractor_free(ex);
	ex = NULL;

	/* a bad config fails even a money-only extractor; a missing one too */
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_MONEY;
	o.config = "/nonexistent/finfig.yaml";
	CHECK_INT(fin_extractor_new(&ex, &o, &err), FIN_ECONFIG);
	CHECK(ex == NULL);
	unlink(path);
}

int main(void)
{
	test_schema();
	test_errors();
	test_gazetteer();
	return check_done();
}
