/*
 * spec_runner.c — runs the money grammar examples of tests/spec/ (*.spec files).
 *
 * Usage: spec_runner [--filter WORD] [--verbose] FILE.spec...
 *
 * A .spec file is prose followed by cases (see tests/spec/README.md):
 *
 *     ### description of the case
 *     published: 1987-02-26              (optional; the publication date)
 *     article text, one or more lines
 *     .
 *     TEXT | VALUE or MIN..MAX | CUR | explicit=yes|no | QUALIFIER | UNIT | equiv=N
 *     .
 *
 * Lines before the first "###" are commentary. Each article (title empty,
 * body = the text lines joined by "\n") goes through fin_extract() and its
 * money mentions are compared exactly, in order, with the expected lines.
 * "-" means null; equiv=N names the Nth mention (1-based) of the same case.
 *
 * Cases in a file named known-failures.spec describe grammar bugs: they are
 * counted apart and do not fail the run, but one that passes does (so the
 * list stays honest: move it back to its topic file).
 *
 * Prints "N passed, N failed" (and known failures); exit 0 or 1, 2 on usage
 * or I/O errors.
 */
#include "finfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* Small helpers                                                          */
/* ====================================================================== */

/* Grow-only string with checked allocation; on failure the runner exits. */
typedef struct sbuf {
	char *p;
	size_t len, cap;
} sbuf;

static void die_oom(void)
{
	fputs("spec_runner: out of memory\n", stderr);
	exit(2);
}

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 256;
		while (nc < b->len + n + 1)
			nc *= 2;
		char *np = realloc(b->p, nc);
		if (!np)
			die_oom();
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_adds(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_clear(sbuf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* ASCII-only lower case, so no <ctype.h> on plain char. */
static char lower_ascii(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive (ASCII) substring test. */
static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *h = hay; *h; h++) {
		size_t i = 0;
		while (i < n && h[i] && lower_ascii(h[i]) == lower_ascii(needle[i]))
			i++;
		if (i == n)
			return 1;
	}
	return n == 0;
}

/* Trim ASCII spaces and tabs at both ends, in place; returns s. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Whole file into a NUL-terminated buffer, or NULL. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	sbuf b = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_add(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(b.p);
		return NULL;
	}
	if (!b.p)
		sb_add(&b, "", 0);
	*len = b.len;
	return b.p;
}

/* ====================================================================== */
/* Rendering a mention in the expected-line syntax                        */
/* ====================================================================== */

static void add_decimal(sbuf *b, fin_decimal d)
{
	char tmp[FIN_DECIMAL_MAXLEN];
	size_t n = fin_decimal_format(d, tmp, sizeof tmp);
	if (n == 0)
		sb_adds(b, "(unprintable)");
	else
		sb_add(b, tmp, n);
}

/* One mention as "TEXT | VALUE | CUR | explicit=.. | QUAL | UNIT | equiv=..". */
static void render(sbuf *b, const fin_article *a, const fin_money *m)
{
	const char *txt = m->field == FIN_FIELD_BODY ? a->body : a->title;
	size_t tl = m->field == FIN_FIELD_BODY ? a->body_len : a->title_len;
	if (m->start <= m->end && m->end <= tl)
		sb_add(b, txt + m->start, m->end - m->start);
	else
		sb_adds(b, "(bad offsets)");
	sb_adds(b, " | ");
	if (m->is_range) {
		add_decimal(b, m->min);
		sb_adds(b, "..");
		add_decimal(b, m->max);
	} else {
		add_decimal(b, m->value);
	}
	sb_adds(b, " | ");
	sb_adds(b, m->currency[0] ? m->currency : "-");
	sb_adds(b, m->explicit_currency ? " | explicit=yes | " : " | explicit=no | ");
	const char *q = fin_qualifier_name(m->qualifier);
	sb_adds(b, q ? q : "-");
	sb_adds(b, " | ");
	sb_adds(b, m->unit ? m->unit : "-");
	sb_adds(b, " | equiv=");
	if (m->equivalent_of >= 0) {
		char num[24];
		snprintf(num, sizeof num, "%ld", (long)m->equivalent_of + 1);
		sb_adds(b, num);
	} else {
		sb_adds(b, "-");
	}
}

/* Normalise an expected line: fields trimmed (the text field kept as is),
 * joined by " | ". Returns 0 on a malformed line (not 7 fields). Values are
 * compared as text, in the form fin_decimal_format() prints (as a person
 * writes them: "38000000000", "0.125"). */
static int normalise_expected(const char *line, sbuf *out)
{
	char *copy = malloc(strlen(line) + 1);
	if (!copy)
		die_oom();
	memcpy(copy, line, strlen(line) + 1);
	char *fields[8];
	int nf = 0;
	char *p = copy;
	for (;;) {
		char *bar = strstr(p, " | ");
		if (nf == 7) {
			nf = 8;
			break;
		}
		fields[nf++] = p;
		if (!bar)
			break;
		*bar = '\0';
		p = bar + 3;
	}
	if (nf != 7) {
		free(copy);
		return 0;
	}
	sb_clear(out);
	for (int i = 0; i < 7; i++) {
		if (i)
			sb_adds(out, " | ");
		sb_adds(out, i == 0 ? fields[i] : trim(fields[i]));
	}
	free(copy);
	return 1;
}

/* ====================================================================== */
/* Cases                                                                  */
/* ====================================================================== */

typedef struct spec_case {
	const char *file;
	long line;        /* line of the "###" */
	char *desc;
	char *published;  /* "" when absent */
	sbuf text;
	char **expected;  /* normalised expected lines */
	size_t n_expected;
	long *expected_line;
} spec_case;

typedef struct totals {
	long passed, failed, known, unexpected, skipped;
} totals;

/* Run one case; 1 when the mentions are exactly as expected. */
static int run_case(const fin_extractor *x, fin_doc *doc, const spec_case *c, int verbose,
		    int known)
{
	fin_article a;
	memset(&a, 0, sizeof a);
	a.id = "spec";
	a.source = c->file;
	a.line = c->line;
	a.title = "";
	a.title_len = 0;
	a.body = c->text.p ? c->text.p : "";
	a.body_len = c->text.len;
	if (c->published[0] && fin_ymd_parse(c->published, strlen(c->published), &a.published) != 0) {
		fprintf(stderr, "%s:%ld: bad published date '%s'\n", c->file, c->line, c->published);
		return 0;
	}
	fin_result r;
	fin_error err;
	memset(&err, 0, sizeof err);
	if (fin_extract(x, doc, &a, &r, &err) != FIN_OK) {
		fprintf(stderr, "%s:%ld: %s\n  fin_extract failed: %s\n", c->file, c->line, c->desc,
			err.message);
		return 0;
	}
	int ok = r.n_money == c->n_expected;
	sbuf got = {0};
	for (size_t i = 0; ok && i < r.n_money; i++) {
		sb_clear(&got);
		render(&got, &a, &r.money[i]);
		if (strcmp(got.p, c->expected[i]) != 0)
			ok = 0;
	}
	if (!ok || verbose) {
		fprintf(stderr, "%s:%ld: %s %s\n", c->file, c->line, ok ? "ok" : known ? "known failure:" : "FAIL", c->desc);
		fprintf(stderr, "  text:     %s\n", a.body);
		if (c->n_expected == 0)
			fprintf(stderr, "  expected: (no money)\n");
		for (size_t i = 0; i < c->n_expected; i++)
			fprintf(stderr, "  expected: %s   (line %ld)\n", c->expected[i], c->expected_line[i]);
		if (r.n_money == 0)
			fprintf(stderr, "  got:      (no money)\n");
		for (size_t i = 0; i < r.n_money; i++) {
			sb_clear(&got);
			render(&got, &a, &r.money[i]);
			fprintf(stderr, "  got:      %s\n", got.p);
		}
	}
	free(got.p);
	return ok;
}

static void free_case(spec_case *c)
{
	free(c->desc);
	free(c->published);
	free(c->text.p);
	for (size_t i = 0; i < c->n_expected; i++)
		free(c->expected[i]);
	free(c->expected);
	free(c->expected_line);
	memset(c, 0, sizeof *c);
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (!d)
		die_oom();
	memcpy(d, s, n + 1);
	return d;
}

/* Parse and run every case of one file. Returns 0, or 2 on a format error. */
static int run_file(const fin_extractor *x, fin_doc *doc, const char *path, const char *filter,
		    int verbose, totals *t)
{
	size_t len;
	char *data = read_file(path, &len);
	if (!data) {
		fprintf(stderr, "spec_runner: cannot read %s\n", path);
		return 2;
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	int known = strcmp(base, "known-failures.spec") == 0;

	/* state: 0 prose, 1 article text, 2 expected block */
	int state = 0, rc = 0;
	long lineno = 0;
	spec_case c;
	memset(&c, 0, sizeof c);
	sbuf norm = {0};
	char *p = data;
	while (*p) {
		char *nl = strchr(p, '\n');
		char *next = nl ? nl + 1 : p + strlen(p);
		if (nl)
			*nl = '\0';
		lineno++;
		char *line = p;
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		p = next;

		if (state == 0) {
			if (strncmp(line, "###", 3) == 0) {
				c.file = path;
				c.line = lineno;
				c.desc = dup_str(trim(line + 3));
				c.published = dup_str("");
				state = 1;
			}
			continue;
		}
		if (state == 1) {
			if (strcmp(line, ".") == 0) {
				state = 2;
				continue;
			}
			if (c.text.len == 0 && !c.published[0] && strncmp(line, "published:", 10) == 0) {
				free(c.published);
				c.published = dup_str(trim(line + 10));
				continue;
			}
			if (strncmp(line, "###", 3) == 0) {
				fprintf(stderr, "%s:%ld: case at line %ld has no '.' line\n", path, lineno, c.line);
				rc = 2;
				break;
			}
			if (c.text.len || c.text.p)
				sb_add(&c.text, "\n", 1);
			sb_add(&c.text, line, ll);
			continue;
		}
		/* state 2: expected lines until "." */
		if (strcmp(line, ".") != 0) {
			if (strncmp(line, "###", 3) == 0) {
				fprintf(stderr, "%s:%ld: case at line %ld has no closing '.'\n", path, lineno, c.line);
				rc = 2;
				break;
			}
			if (trim(line)[0] == '\0')
				continue;
			if (!normalise_expected(line, &norm)) {
				fprintf(stderr, "%s:%ld: expected line needs 7 fields separated by ' | '\n", path,
					lineno);
				rc = 2;
				break;
			}
			char **ne = realloc(c.expected, (c.n_expected + 1) * sizeof *ne);
			if (!ne)
				die_oom();
			c.expected = ne;
			long *nlines = realloc(c.expected_line, (c.n_expected + 1) * sizeof *nlines);
			if (!nlines)
				die_oom();
			c.expected_line = nlines;
			c.expected[c.n_expected] = dup_str(norm.p);
			c.expected_line[c.n_expected] = lineno;
			c.n_expected++;
			continue;
		}
		/* end of case */
		state = 0;
		if (filter && !contains_ci(c.desc, filter) && !contains_ci(c.text.p ? c.text.p : "", filter)) {
			t->skipped++;
			free_case(&c);
			continue;
		}
		int ok = run_case(x, doc, &c, verbose, known);
		if (known) {
			if (ok) {
				fprintf(stderr, "%s:%ld: known failure now PASSES, move it to its topic file: %s\n",
					path, c.line, c.desc);
				t->unexpected++;
			} else {
				t->known++;
			}
		} else if (ok) {
			t->passed++;
		} else {
			t->failed++;
		}
		free_case(&c);
	}
	if (rc == 0 && state != 0) {
		fprintf(stderr, "%s:%ld: unterminated case\n", path, c.line);
		rc = 2;
	}
	free_case(&c);
	free(norm.p);
	free(data);
	return rc;
}

int main(int argc, char **argv)
{
	const char *filter = NULL;
	int verbose = 0, nfiles = 0, rc = 0;
	fin_extractor *x = NULL;
	fin_doc *doc = NULL;
	fin_error err;
	memset(&err, 0, sizeof err);
	fin_extractor_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.types = FIN_TYPE_MONEY;
	if (fin_extractor_new(&x, &opts, &err) != FIN_OK || fin_doc_new(&doc) != FIN_OK) {
		fprintf(stderr, "spec_runner: cannot build the extractor: %s\n", err.message);
		return 2;
	}
	totals t = {0, 0, 0, 0, 0};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc) {
			filter = argv[++i];
		} else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
			verbose = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "usage: spec_runner [--filter WORD] [--verbose] FILE.spec...\n");
			rc = 2;
			break;
		} else {
			nfiles++;
			int r = run_file(x, doc, argv[i], filter, verbose, &t);
			if (r)
				rc = r;
		}
	}
	if (rc == 0 && nfiles == 0) {
		fprintf(stderr, "usage: spec_runner [--filter WORD] [--verbose] FILE.spec...\n");
		rc = 2;
	}
	fin_doc_free(doc);
	fin_extractor_free(x);
	printf("%ld passed, %ld failed", t.passed, t.failed + t.unexpected);
	if (t.known || t.unexpected)
		printf("; known failures: %ld (%ld unexpectedly passed)", t.known, t.unexpected);
	if (t.skipped)
		printf("; %ld filtered out", t.skipped);
	printf("\n");
	if (rc)
		return rc;
	return (t.failed || t.unexpected) ? 1 : 0;
}
